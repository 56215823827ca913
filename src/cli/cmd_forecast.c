/*
 * cmd_forecast.c - `chitieu forecast backtest --unit CODE --from-year Y
 * [--json] [--as-of DATE]`: how good the year-end forecast has been on the
 * unit's past years (core/backtest.h), by month and indicator kind: MAPE,
 * coverage of the 80% interval, Brier score. Only layout here; the figures
 * come from backtest_run().
 */
#include "cli/cli.h"
#include "core/backtest.h"
#include "core/jsonw.h"
#include "util/text.h"

#include <math.h>
#include <string.h>

static const ind_kind bt_kinds[BT_KINDS] = {IND_FLOW, IND_LEVEL, IND_RATIO, IND_COUNT};
static const char *const bt_kind_labels[BT_KINDS] = {
	"Chỉ tiêu cộng dồn (flow)", "Chỉ tiêu mức (level)", "Chỉ tiêu tỷ lệ (ratio)", "Chỉ tiêu đếm (count)",
};

static void cell_text(buf *b, double x, int dec, const char *suffix, size_t w)
{
	buf t;
	buf_init(&t, 64);
	buf_putc(b, ' ');
	if (isnan(x))
		buf_puts(&t, "-");
	else {
		vn_format_double(&t, x, dec);
		buf_puts(&t, suffix);
	}
	text_pad(b, buf_cstr(&t), w, true);
	buf_free(&t);
}

static void write_cell_row(buf *b, const char *label, const backtest_cell *c)
{
	text_pad(b, label, 12, false);
	char n[48];
	snprintf(n, sizeof n, "%d", c->n);
	buf_putc(b, ' ');
	text_pad(b, n, 6, true);
	cell_text(b, c->mape, 2, "%", 10);
	cell_text(b, c->coverage, 1, "%", 10);
	cell_text(b, c->brier, 3, "", 8);
	snprintf(n, sizeof n, "%d", c->n_too_little);
	buf_putc(b, ' ');
	text_pad(b, n, 10, true);
	buf_putc(b, '\n');
}

static void write_table(const backtest_result *r, const char *unit_code, buf *b)
{
	buf_printf(b, "KIỂM TRA LẠI DỰ BÁO CUỐI NĂM - đơn vị %s - các năm %d-%d\n", unit_code, r->year_from,
		   r->year_to);
	buf_puts(b, "(Mỗi năm dự báo từ từng tháng 1-11 chỉ với số liệu đã có đến hết tháng đó, so với số cả năm.\n"
		    " MAPE: sai số phần trăm tuyệt đối bình quân; Phủ 80%: tỷ lệ số thực tế nằm trong khoảng 80%;\n"
		    " Brier: (xác suất đạt - kết quả đạt 1/không đạt 0)² bình quân, 0 là hoàn hảo.)\n");
	for (int k = 0; k < BT_KINDS; k++) {
		if (!r->total[k].n && !r->total[k].n_too_little)
			continue;
		buf_printf(b, "\n%s\n", bt_kind_labels[k]);
		text_pad(b, "Tháng", 12, false);
		text_pad(b, " Số DB", 7, true);
		text_pad(b, " MAPE", 11, true);
		text_pad(b, " Phủ 80%", 11, true);
		text_pad(b, " Brier", 9, true);
		text_pad(b, " Thiếu SL", 11, true);
		buf_putc(b, '\n');
		for (int m = 0; m < 11; m++) {
			char lab[16];
			snprintf(lab, sizeof lab, "%d", m + 1);
			write_cell_row(b, lab, &r->cell[m][k]);
		}
		write_cell_row(b, "Cả năm", &r->total[k]);
	}
	buf_printf(b, "\nTổng số dự báo đã kiểm tra: %d.\n", r->n_forecasts);
}

static void json_cell(buf *b, const backtest_cell *c)
{
	buf_printf(b, "\"forecasts\":%d,\"too_little_data\":%d,\"mape\":", c->n, c->n_too_little);
	jsonw_double(b, c->mape, 2);
	buf_puts(b, ",\"coverage80\":");
	jsonw_double(b, c->coverage, 2);
	buf_puts(b, ",\"brier\":");
	jsonw_double(b, c->brier, 4);
}

static void write_json(const backtest_result *r, const char *unit_code, buf *b)
{
	buf_puts(b, "{");
	jsonw_kv_str(b, "unit", unit_code, true);
	buf_printf(b, "\"year_from\":%d,\"year_to\":%d,\"forecasts\":%d,\"kinds\":[", r->year_from, r->year_to,
		   r->n_forecasts);
	bool first = true;
	for (int k = 0; k < BT_KINDS; k++) {
		if (!r->total[k].n && !r->total[k].n_too_little)
			continue;
		buf_puts(b, first ? "{" : ",{");
		first = false;
		jsonw_kv_str(b, "kind", ind_kind_code(bt_kinds[k]), true);
		json_cell(b, &r->total[k]);
		buf_puts(b, ",\"months\":[");
		for (int m = 0; m < 11; m++) {
			buf_printf(b, "%s{\"month\":%d,", m ? "," : "", m + 1);
			json_cell(b, &r->cell[m][k]);
			buf_putc(b, '}');
		}
		buf_puts(b, "]}");
	}
	buf_puts(b, "]}\n");
}

static int cmd_backtest(const cli_args *a, err *e)
{
	const char *unit_code;
	int rc, from = 0;
	if ((rc = cli_need(a, "unit", &unit_code, e)))
		return rc;
	if (!cli_get(a, "from-year"))
		return err_set(e, ERR_INVALID, "thiếu --from-year (năm đầu tiên kiểm tra, ví dụ 2020)");
	if ((rc = cli_int(a, "from-year", 1901, 9999, &from, e)))
		return rc;
	cdate today;
	if ((rc = cli_as_of(a, &today, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	backtest_result r;
	rc = backtest_run(s, unit_code, from, today, &r, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		if (cli_flag(a, "json"))
			write_json(&r, unit_code, &b);
		else
			write_table(&r, unit_code, &b);
		rc = b.len ? cli_print(b.data, b.len, e) : err_set(e, ERR_NOMEM, "hết bộ nhớ");
		buf_free(&b);
	}
	store_close(s);
	return rc;
}

static const cli_opt backtest_opts[] = {
	{"unit", "MÃ", "đơn vị (ví dụ 058 - thành phố Bắc Kạn)"},
	{"from-year", "NĂM", "năm đầu tiên được dự báo lại (đến năm cuối cùng đã kết thúc)"},
	{"json", NULL, "in JSON cho máy đọc (docs/eval-json.md, \"Backtest\")"},
	{"as-of", "NGÀY", "coi như hôm nay là NGÀY (các năm đã kết thúc trước ngày đó)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_forecast_cmds[] = {
	{"forecast", "backtest", 0, 0, NULL, backtest_opts, cmd_backtest,
	 "Kiểm tra lại dự báo cuối năm trên các năm đã qua: sai số, độ phủ khoảng 80%, điểm Brier",
	 "Mỗi năm từ --from-year được dự báo lại từ từng tháng 1-11, chỉ với số liệu đến hết tháng đó\n"
	 "(như eval --json, đối tượng forecast), rồi so với số cả năm và kết quả đạt/không đạt.\n"
	 "Ví dụ: chitieu forecast backtest --unit 058 --from-year 2020"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
