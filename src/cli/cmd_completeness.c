/*
 * cmd_completeness.c - `chitieu completeness --unit U --year Y [--json]`:
 * which of a unit's children sent the figures they owe, month by month, on
 * time or late, and each month's reporting rate (core/completeness.h).
 *
 * "Today" is the Vietnam date now, or $CHITIEU_TODAY (yyyy-mm-dd, tests and
 * demos), or --on. Not for: the rules of what is owed or late (core).
 */
#include "cli/cli.h"
#include "core/completeness.h"
#include "core/lock.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --on, else $CHITIEU_TODAY, else today in Vietnam. */
static int judge_day(const cli_args *a, cdate *out, err *e)
{
	const char *on = cli_get(a, "on"), *env = getenv("CHITIEU_TODAY");
	if (on)
		return vn_parse_date(on, out, e) ? err_prefix(e, "--on: ") : 0;
	if (env && *env)
		return vn_parse_date(env, out, e) ? err_prefix(e, "biến môi trường CHITIEU_TODAY: ") : 0;
	*out = lock_day_of((int64_t)time(NULL));
	return 0;
}

/* The mark of one cell (the legend below the table says what each means). */
static const char *mark(const compl_cell *c)
{
	switch (c->state) {
	case COMPL_ALL:
		return c->late ? "!" : "✓";
	case COMPL_PARTLY:
		return "½";
	case COMPL_NOTHING:
		return c->due ? "✗" : "…";
	default:
		return "·";
	}
}

#define W(x)                    \
	do {                    \
		if ((x) != 0)   \
			bad = 1; \
	} while (0)

/* The table as text; ERR_NOMEM when an append failed (nothing is printed then). */
static int text_table(buf *b, const char *unit_code, const compl_table *t, cdate today)
{
	int bad = 0;
	W(buf_printf(b, "Gửi số liệu năm %d: các đơn vị trực thuộc %s, xét ngày ", t->year, unit_code));
	W(vn_format_date(b, today));
	W(buf_puts(b, "\n"));
	W(text_pad(b, "Đơn vị", 30, false));
	for (int m = 1; m <= 12; m++) {
		char h[8];
		snprintf(h, sizeof h, "T%d", m);
		W(text_pad(b, h, 6, false));
	}
	W(buf_puts(b, "\n"));
	for (size_t u = 0; u < t->n_units; u++) {
		char name[CODE_MAX + NAME_MAX_ + 2];
		snprintf(name, sizeof name, "%s %s", t->units[u].code, t->units[u].name);
		W(text_pad(b, name, 30, false)); /* cut to the column, with an ellipsis */
		for (int m = 0; m < 12; m++)
			W(text_pad(b, mark(&t->cells[u * 12 + (size_t)m]), 6, false));
		W(buf_puts(b, "\n"));
	}
	W(text_pad(b, "Đủ, đúng hạn", 30, false));
	for (int m = 0; m < 12; m++) {
		char r[24] = "";
		if (t->owing[m])
			snprintf(r, sizeof r, "%d/%d", t->on_time[m], t->owing[m]);
		W(text_pad(b, r, 6, false));
	}
	W(buf_puts(b, "\nKý hiệu: ✓ đủ, đúng hạn; ! đủ nhưng muộn; ½ mới nhập một phần; ✗ chưa nhập, đã quá hạn;\n"
		      "… chưa nhập, chưa đến hạn; · không phải gửi.\n"));
	int last = 0; /* the last month already due for someone owing figures */
	for (int m = 1; m <= 12; m++)
		for (size_t u = 0; u < t->n_units; u++) {
			const compl_cell *c = &t->cells[u * 12 + (size_t)m - 1];
			if (c->state != COMPL_NOT_OWED && c->due)
				last = m;
		}
	if (last >= 1) { /* the sentence of the report, for the last month already due */
		W(compl_sentence(b, t, last));
		W(buf_puts(b, "\n"));
	}
	return bad ? ERR_NOMEM : 0;
}

static int cmd_completeness(const cli_args *a, err *e)
{
	const char *unit_code, *ys;
	cdate today;
	int rc;
	if ((rc = cli_need(a, "unit", &unit_code, e)) || (rc = cli_need(a, "year", &ys, e)) ||
	    (rc = judge_day(a, &today, e)))
		return rc;
	char *end = NULL;
	long year = strtol(ys, &end, 10);
	if (!*ys || *end || year < 1900 || year > 9999)
		return err_set(e, ERR_INVALID, "--year: \"%s\" không phải là một năm (1900..9999)", ys);
	store *s = NULL;
	compl_table t;
	memset(&t, 0, sizeof t);
	if ((rc = cli_open(a, &s, e)) == 0 && (rc = store_read_begin(s, e)) == 0) {
		rc = compl_build(s, unit_code, (int)year, today, &t, e);
		store_read_end(s);
	}
	store_close(s);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 0); /* the default limit: a nation's 3,356 units × 12 months fit many times */
	if (cli_flag(a, "json"))
		rc = compl_json(&b, unit_code, &t);
	else
		rc = text_table(&b, unit_code, &t, today);
	compl_free(&t);
	if (rc)
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi in bảng gửi số liệu");
	else
		rc = cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static const cli_opt completeness_opts[] = {
	{"unit", "MÃ", "đơn vị cấp trên: xem các đơn vị trực thuộc (đơn vị không có cấp dưới: chính nó)"},
	{"year", "NĂM", "năm báo cáo"},
	{"on", "NGÀY", "xét vào ngày này (mặc định hôm nay)"},
	{"json", NULL, "in ra JSON"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_completeness_cmds[] = {
	{"completeness", NULL, 0, 0, NULL, completeness_opts, cmd_completeness,
	 "Đơn vị nào đã gửi đủ số liệu, đúng hạn hay muộn, từng tháng; tỷ lệ gửi đúng hạn",
	 "Một đơn vị phải gửi các chỉ tiêu nó đã báo cáo trong năm hoặc năm trước, hoặc có kế hoạch\n"
	 "năm; mỗi chỉ tiêu vào tháng cuối kỳ của nó (quý: tháng 3, 6, 9, 12). Muộn: nhập sau hạn\n"
	 "báo cáo của kỳ (lịch báo cáo và số ngày gia hạn của chitieu lock config).\n"
	 "Ví dụ: chitieu completeness --unit 058 --year 2022"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
