/*
 * cmd_eval.c - `chitieu eval --unit CODE --period P`: the table the chairman
 * reads at the monthly briefing (grouped by sector, aligned, coloured on a
 * terminal) or, with --json, the same evaluation for machines (schema in
 * docs/eval-json.md). Every figure comes from eval_run(); this file only
 * lays it out.
 */
#include "cli/cli.h"
#include "core/eval.h"
#include "core/eval_json.h"
#include "report/report.h"
#include "util/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static const char *status_color(eval_status s)
{
	switch (s) {
	case EVAL_EXCEEDED:
	case EVAL_MET:
	case EVAL_ON_TRACK: return "\033[32m";
	case EVAL_BEHIND:
	case EVAL_NOT_MET: return "\033[31m";
	case EVAL_NO_TARGET:
	case EVAL_INCOMPLETE: return "\033[33m";
	default: return "\033[90m";
	}
}

static bool is_percent_uom(const indicator *ind)
{
	return !strcmp(ind->uom, "%") || !strncmp(ind->uom, "%", 1);
}

static void cell_num(buf *b, bool has, num_t v, int decimals, size_t w)
{
	buf t;
	buf_init(&t, 128);
	buf_putc(b, ' ');
	if (has)
		vn_format_num(&t, v, decimals);
	else
		buf_puts(&t, "-");
	text_pad(b, buf_cstr(&t), w, true);
	buf_free(&t);
}

static void cell_pct(buf *b, double x, bool sign, const char *suffix, size_t w)
{
	buf t;
	buf_init(&t, 128);
	buf_putc(b, ' ');
	if (isnan(x)) {
		buf_puts(&t, "-");
	} else {
		if (sign && x > 0 && fabs(x) >= 0.005)
			buf_putc(&t, '+');
		vn_format_double(&t, x, 2);
		buf_puts(&t, suffix);
	}
	text_pad(b, buf_cstr(&t), w, true);
	buf_free(&t);
}

static size_t term_cols(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 150;
}

static const char *roman_sector(ind_sector s)
{
	static const char *r[] = {"", "I", "II", "III", "IV", "V"};
	return (s >= 1 && s <= 5) ? r[s] : "";
}

/* Whether a row is part of what the user asked to see: the --sector filter,
 * and auxiliary indicators without a target only with --all. */
static bool row_shown(const cli_args *a, const eval_report *r, const eval_row *row, ind_sector only)
{
	if (only && r->inds[row->ind_index].sector != only)
		return false;
	return cli_flag(a, "all") || report_row_shown(r, row);
}

static int write_table(const cli_args *a, const eval_report *r, buf *b)
{
	const eval_result *res = &r->result;
	const unit *u = &r->units[0];
	buf lab;
	buf_init(&lab, 256);
	period_format_label(&lab, &res->period);
	const char *bold = a->color ? "\033[1m" : "", *reset = a->color ? "\033[0m" : "";

	buf_printf(b, "%sĐÁNH GIÁ THỰC HIỆN CHỈ TIÊU - %s %s - %s%s\n", bold, unit_type_label(u->type), u->name,
		   buf_cstr(&lab), reset);
	bool provisional = false;
	for (size_t i = 0; i < res->n_rows; i++)
		provisional = provisional || res->rows[i].provisional;
	if (provisional)
		buf_puts(b, "(Kỳ chưa kết thúc: số liệu tạm tính, đánh giá theo tiến độ)\n");

	size_t fixed = 4 + 13 + 13 + 13 + 13 + 10 + 12 + 16;
	size_t cols = term_cols();
	size_t namew = cols > fixed + 24 ? cols - fixed : 24;
	if (namew > 60)
		namew = 60;
	char colval[64];
	snprintf(colval, sizeof colval, "%s", res->period.type == PERIOD_MONTH ? "Tháng" : "Kỳ");
	buf_puts(b, bold);
	text_pad(b, "TT", 4, false);
	text_pad(b, "Chỉ tiêu", namew, false);
	text_pad(b, "ĐVT", 13, false);
	text_pad(b, colval, 13, true);
	text_pad(b, "Lũy kế", 13, true);
	text_pad(b, "KH năm", 13, true);
	text_pad(b, "% KH", 10, true);
	text_pad(b, "So CK", 12, true);
	buf_puts(b, "  Tình trạng");
	buf_puts(b, reset);
	buf_putc(b, '\n');

	const char *sector_f = cli_get(a, "sector");
	ind_sector only = 0;
	if (sector_f)
		sector_from_code(sector_f, &only, NULL);
	ind_sector cur = 0;
	int nr = 0;
	for (size_t i = 0; i < res->n_rows; i++) {
		const eval_row *row = &res->rows[i];
		const indicator *ind = &r->inds[row->ind_index];
		if (!row_shown(a, r, row, only))
			continue;
		if (ind->sector != cur) {
			cur = ind->sector;
			buf_printf(b, "%s%s. %s%s\n", bold, roman_sector(cur), sector_label(cur), reset);
			nr = 0;
		}
		char num[16];
		snprintf(num, sizeof num, "%d", ++nr);
		text_pad(b, num, 4, false);
		text_pad(b, ind->name_vi, namew - 1, false);
		buf_putc(b, ' ');
		text_pad(b, ind->uom, 11, false);
		buf_putc(b, ' ');
		cell_num(b, row->has_value, row->value, ind->decimals, 12);
		cell_num(b, row->has_cum, row->cumulative, ind->decimals, 12);
		cell_num(b, row->has_target, row->target, ind->decimals, 12);
		cell_pct(b, row->percent_of_target, false, "", 9);
		if (is_percent_uom(ind))
			cell_pct(b, row->change_absolute, true, " điểm", 11);
		else
			cell_pct(b, row->change_on_last_year, true, "%", 11);
		buf_puts(b, "  ");
		if (a->color)
			buf_puts(b, status_color(row->status));
		buf_puts(b, eval_status_label(row->status));
		if (row->n_parts_expected && row->n_parts_reporting < row->n_parts_expected)
			buf_printf(b, " (%d/%d đơn vị)", row->n_parts_reporting, row->n_parts_expected);
		if (row->estimate)
			buf_puts(b, " (ước)");
		buf_puts(b, reset);
		buf_putc(b, '\n');
	}

	/* summary: the engine's counts, or, under --sector, the same counts over
	 * the rows shown */
	eval_result shown = *res;
	if (only) {
		shown.n_with_target = shown.n_met = shown.n_not_met = 0;
		shown.n_no_data = shown.n_incomplete = shown.n_not_due = 0;
		for (size_t i = 0; i < res->n_rows; i++)
			if (row_shown(a, r, &res->rows[i], only))
				eval_count_row(&res->rows[i], &shown);
	}
	int n_with = shown.n_with_target, n_met = shown.n_met, n_not = shown.n_not_met;
	int n_nodata = shown.n_no_data, n_incomplete = shown.n_incomplete, n_notdue = shown.n_not_due;
	buf_printf(b, "\n%sTổng hợp%s%s:%s ", bold, only ? " lĩnh vực " : "", only ? sector_label(only) : "", reset);
	if (n_with == 0)
		buf_printf(b, "%s %s chưa có chỉ tiêu kế hoạch năm %d", unit_type_label(u->type), u->name,
			   res->period.year);
	else if (res->year_end)
		buf_printf(b, "%d/%d chỉ tiêu đạt và vượt kế hoạch; %d chỉ tiêu không đạt", n_met, n_with, n_not);
	else
		buf_printf(b, "%d/%d chỉ tiêu đạt tiến độ; %d chỉ tiêu chậm tiến độ", n_met, n_with, n_not);
	if (n_nodata)
		buf_printf(b, "; %d chỉ tiêu chưa có số liệu", n_nodata);
	if (n_incomplete)
		buf_printf(b, "; %d chỉ tiêu chưa đủ số liệu để đánh giá", n_incomplete);
	if (n_notdue)
		buf_printf(b, "; %d chỉ tiêu chưa đến kỳ báo cáo", n_notdue);
	buf_puts(b, ".\n");
	bool header = false;
	for (size_t i = 0; i < res->n_rows; i++) {
		const eval_row *row = &res->rows[i];
		if ((row->status != EVAL_NOT_MET && row->status != EVAL_BEHIND) || !row_shown(a, r, row, only))
			continue;
		if (!header) {
			buf_printf(b, "%s:\n", res->year_end ? "Các chỉ tiêu không đạt" : "Các chỉ tiêu chậm tiến độ");
			header = true;
		}
		buf_printf(b, "  - %s (", r->inds[row->ind_index].name_vi);
		if (isnan(row->percent_of_target))
			buf_puts(b, "-");
		else
			vn_format_double(b, row->percent_of_target, 2);
		buf_puts(b, "% KH)\n");
	}
	/* the year-end forecast (core/forecast.h): the targets at risk */
	header = false;
	for (size_t i = 0; i < res->n_rows; i++) {
		const eval_row *row = &res->rows[i];
		const forecast_result *f = &row->forecast;
		const indicator *ind = &r->inds[row->ind_index];
		if (f->status != FC_OK || !(f->p_meet < 0.5) || !row_shown(a, r, row, only))
			continue;
		if (!header) {
			buf_puts(b, "Có nguy cơ không đạt kế hoạch năm (dự báo):\n");
			header = true;
		}
		buf_printf(b, "  - %s: dự báo cả năm đạt khoảng ", ind->name_vi);
		vn_format_double(b, f->value, ind->decimals);
		buf_puts(b, " (khoảng 80%: ");
		vn_format_double(b, f->lo80, ind->decimals);
		buf_puts(b, " - ");
		vn_format_double(b, f->hi80, ind->decimals);
		buf_printf(b, " %s), khả năng hoàn thành kế hoạch ", ind->uom);
		if (f->p_meet < 0.005 && f->p_meet > 0)
			buf_puts(b, "dưới 1");
		else
			vn_format_double(b, f->p_meet * 100.0, 0);
		buf_puts(b, "%\n");
	}
	header = false;
	for (size_t i = 0; i < res->n_rows; i++) {
		const eval_row *row = &res->rows[i];
		if (!row->n_lagging || !row_shown(a, r, row, only))
			continue;
		if (!header) {
			buf_puts(b, "Đơn vị chậm so với kế hoạch của mình:\n");
			header = true;
		}
		buf_printf(b, "  - %s: ", r->inds[row->ind_index].name_vi);
		for (size_t k = 0; k < row->n_lagging; k++) {
			const unit *c = &r->units[row->lagging[k].unit_index];
			buf_printf(b, "%s%s %s (", k ? ", " : "", unit_type_label(c->type), c->name);
			if (row->lagging[k].status == EVAL_NO_DATA)
				buf_puts(b, "chưa báo cáo)");
			else if (isnan(row->lagging[k].percent_of_target))
				buf_puts(b, "-)");
			else {
				vn_format_double(b, row->lagging[k].percent_of_target, 2);
				buf_puts(b, "%)");
			}
		}
		buf_putc(b, '\n');
	}
	buf_free(&lab);
	return b->len ? 0 : ERR_NOMEM;
}

/* `eval --term`: the term targets (cmd_eval_term.c); the year's options do not apply. */
static int cmd_eval_term(const cli_args *a, err *e)
{
	static const char *const year_only[] = {"period", "sector", "lag-threshold", "all", "approved-only"};
	for (size_t i = 0; i < sizeof year_only / sizeof year_only[0]; i++)
		if (cli_get(a, year_only[i]) || cli_flag(a, year_only[i]))
			return err_set(e, ERR_INVALID, "--term không dùng cùng --%s (chỉ cho đánh giá một kỳ)",
				       year_only[i]);
	const char *unit_code;
	int rc;
	if ((rc = cli_need(a, "unit", &unit_code, e)))
		return rc;
	cdate today;
	if ((rc = cli_as_of(a, &today, e)))
		return rc;
	return cli_eval_term(a, unit_code, cli_get(a, "term"), today, e);
}

static int cmd_eval(const cli_args *a, err *e)
{
	if (cli_get(a, "term"))
		return cmd_eval_term(a, e);
	const char *unit_code;
	period p;
	int rc;
	if ((rc = cli_unit_period(a, &unit_code, &p, e)))
		return rc;
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.approved_only = cli_flag(a, "approved-only");
	o.forecast = true;
	const char *th = cli_get(a, "lag-threshold");
	if (th) {
		num_t v;
		if ((rc = vn_parse_num(th, &v, e)))
			return err_prefix(e, "--lag-threshold: ");
		o.lag_threshold = num_to_double(v);
	}
	const char *asof = cli_get(a, "as-of");
	if (asof) {
		if ((rc = vn_parse_date(asof, &o.today, e)))
			return err_prefix(e, "--as-of: ");
	} else {
		o.today = cdate_from_unix_vn((int64_t)time(NULL));
	}
	const char *sv = cli_get(a, "sector");
	ind_sector sec;
	if (sv && (rc = sector_from_code(sv, &sec, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	eval_report r;
	memset(&r, 0, sizeof r);
	rc = eval_run(s, unit_code, &p, &o, &r, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		rc = cli_flag(a, "json") ? eval_json_write(&b, &r) : write_table(a, &r, &b);
		if (!rc)
			rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	eval_report_free(&r);
	store_close(s);
	return rc;
}

static const cli_opt eval_opts_[] = {
	{"unit", "MÃ", "đơn vị (ví dụ 058 - thành phố Bắc Kạn)"},
	{"period", "KỲ", "202206 (tháng), 2022Q2 (quý), 2022S1 (6 tháng), 2022N9 (9 tháng), 2022 (năm)"},
	{"term", "NĂM-NĂM", "đánh giá các chỉ tiêu nhiệm kỳ (ví dụ 2021-2025) theo lộ trình, thay cho --period"},
	{"json", NULL, "in JSON cho máy đọc (lược đồ: docs/eval-json.md)"},
	{"sector", "LĨNH_VỰC", "chỉ một lĩnh vực: economy|social|environment|defence|government"},
	{"lag-threshold", "%", "đơn vị con dưới mức % kế hoạch này cũng bị coi là chậm"},
	{"all", NULL, "hiện cả các chỉ tiêu phụ (tử số, mẫu số) không có kế hoạch"},
	{"as-of", "NGÀY", "đánh giá như vào NGÀY (mặc định: hôm nay); kỳ chưa kết thúc thì chỉ đánh giá tiến độ"},
	{"approved-only", NULL, "chỉ số liệu các tháng đã duyệt hoặc đã chấp nhận (tháng khác coi như chưa báo cáo)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_eval_cmds[] = {
	{"eval", NULL, 0, 0, NULL, eval_opts_, cmd_eval,
	 "Bảng đánh giá thực hiện chỉ tiêu của một đơn vị trong một kỳ",
	 "Mỗi chỉ tiêu: số của kỳ, lũy kế từ đầu năm, kế hoạch năm, % kế hoạch, so cùng kỳ năm trước,\n"
	 "tình trạng (vượt / đạt / không đạt ở cuối năm; đúng / chậm tiến độ trong năm), tổng hợp từ\n"
	 "đơn vị con, và các đơn vị con chậm so với kế hoạch của mình; dự báo cả năm của mỗi chỉ tiêu có\n"
	 "kế hoạch năm (khoảng 80%, khả năng hoàn thành; --json: đối tượng forecast), các chỉ tiêu có nguy cơ\n"
	 "không đạt.\n"
	 "Với --term: các chỉ tiêu Nghị quyết nhiệm kỳ so với lộ trình (năm gốc, thực hiện mới nhất,\n"
	 "tiến độ, đúng hay chậm lộ trình, mỗi năm còn lại cần đạt bao nhiêu).\n"
	 "Ví dụ: chitieu eval --unit 058 --period 202206\n"
	 "       chitieu eval --unit 058 --term 2021-2025 --as-of 31/12/2024"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
