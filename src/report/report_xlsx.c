/*
 * report_xlsx.c - the evaluation table of a unit and period as an .xlsx
 * workbook (report_xlsx.h), written with libxlsxwriter.
 *
 * Layout of a sector sheet (rows 1-based as Excel shows them):
 *   1-3  title, unit and period, "as of" line
 *   5    column headers, 6 column numbers with the formulas' legend
 *        (both repeated on every printed page; the panes freeze below them)
 *   7..  one row per indicator, as `chitieu eval` shows it by default
 *        (auxiliary numerators/denominators without a target left out):
 *        A STT, B chỉ tiêu, C đơn vị tính, D kế hoạch năm, E thực hiện kỳ,
 *        F lũy kế, G lũy kế cùng kỳ năm trước, H % kế hoạch (=F/D),
 *        I so cùng kỳ (=(F-G)/ABS(G), or =F-G in points for a percentage),
 *        J đánh giá, K đơn vị chậm tiến độ
 *   then the sector's count of targets met.
 * The summary sheet counts, per sector, the targets met, behind, without
 * data..., with SUM formulas in the total row.
 *
 * Every figure comes from the evaluation engine (eval_run). H and I are
 * formulas over the cells, with the engine's figure as the cached result; a
 * formula is written only when it gives exactly the engine's figure, so a
 * recalculating spreadsheet never disagrees with `chitieu eval`. Where it
 * would not (a "reduce to" target judged from last year's figure, a percent
 * nudged to 99,99 so it does not contradict "not met"), the engine's figure
 * is written as a number.
 *
 * Not for: the report's prose (report.h), entry templates (sheet_template.c).
 */
#include "report/report_xlsx.h"
#include "report/report_xlsx_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval.h"
#include "core/completeness.h"
#include "core/eval.h"
#include "core/model.h"
#include "util/text.h"
#include "report/report.h"
#include "util/buf.h"

enum { RX_HEAD_ROW = 4, RX_FIRST_ROW = 6, RX_NCOLS = 11 };

static bool rx_percent_uom(const indicator *ind)
{
	return ind->uom[0] == '%';
}

/* a and b agree to 1e-9 relative (the formula gives the engine's figure). */
static bool rx_same(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

/* A num_t as a formula constant ("1.78", "-12"). */
static void rx_const(char *out, size_t n, num_t v)
{
	num_t a = v < 0 ? -v : v;
	long long ip = (long long)(a / NUM_SCALE), fp = (long long)(a % NUM_SCALE);
	if (fp)
		snprintf(out, n, "%s%lld.%04lld", v < 0 ? "-" : "", ip, fp);
	else
		snprintf(out, n, "%s%lld", v < 0 ? "-" : "", ip);
}

typedef struct rx_ctx {
	lxw_workbook *wb;
	rx_formats f;
	const eval_report *r;
	char unit_line[1024];
	char period_line[128];
	char asof_line[256];
	int year;
	bool year_end;
} rx_ctx;

/* The widths of the wrapped columns of a sector's sheet: name (1), status (9), lagging units (10). */
static const double RX_WRAP_W[3] = {42, 18, 28};

static void rx_titles(rx_ctx *c, lxw_worksheet *ws, const char *title, int last_col)
{
	worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)last_col, title, c->f.title);
	worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)last_col, c->unit_line, c->f.subtitle);
	worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)last_col, c->asof_line, c->f.note);
	worksheet_set_row(ws, 0, 22, NULL);
}

/* The summary line under a table ("5/8 chỉ tiêu đạt tiến độ; ..."). */
static void rx_summary_text(const rx_ctx *c, const eval_result *sum, buf *b)
{
	if (sum->n_with_target == 0) {
		buf_printf(b, "Chưa có chỉ tiêu kế hoạch năm %d.", c->year);
		return;
	}
	if (c->year_end)
		buf_printf(b, "%d/%d chỉ tiêu đạt và vượt kế hoạch; %d chỉ tiêu không đạt", sum->n_met,
			   sum->n_with_target, sum->n_not_met);
	else
		buf_printf(b, "%d/%d chỉ tiêu đạt tiến độ; %d chỉ tiêu chậm tiến độ", sum->n_met, sum->n_with_target,
			   sum->n_not_met);
	if (sum->n_no_data)
		buf_printf(b, "; %d chỉ tiêu chưa có số liệu", sum->n_no_data);
	if (sum->n_incomplete)
		buf_printf(b, "; %d chỉ tiêu chưa đủ số liệu để đánh giá", sum->n_incomplete);
	if (sum->n_not_due)
		buf_printf(b, "; %d chỉ tiêu chưa đến kỳ báo cáo", sum->n_not_due);
	buf_putc(b, '.');
}

static void rx_num(rx_ctx *c, lxw_worksheet *ws, int row, int col, bool has, num_t v, int decimals)
{
	if (has)
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, num_to_double(v), c->f.num[rx_dec(decimals)]);
	else
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, "-", c->f.center);
}

/* H: % of plan, a formula when it gives the engine's figure. */
static void rx_percent(rx_ctx *c, lxw_worksheet *ws, int row, const eval_row *er, size_t ind_index)
{
	lxw_row_t r = (lxw_row_t)row;
	double pct = er->percent_of_target;
	if (isnan(pct)) {
		worksheet_write_string(ws, r, 7, "-", c->f.center);
		return;
	}
	int x = row + 1; /* the row as Excel names it */
	char f[160];
	double F = num_to_double(er->cumulative), D = num_to_double(er->target);
	if (er->has_cum && er->has_target && D != 0 && rx_same(F / D * 100.0, pct)) {
		snprintf(f, sizeof f, "=F%d/D%d", x, x);
		worksheet_write_formula_num(ws, r, 7, f, c->f.pct, pct / 100.0);
		return;
	}
	/* a "reduce to" target with its baseline: progress from the baseline */
	const eval_target *et = &c->r->targets[ind_index];
	const target *t = er->target_source == TGT_SRC_OWN && et->has_own ? &et->own
			  : et->has_assigned ? &et->assigned : NULL;
	if (t && t->kind == TGT_REDUCE_TO && t->has_baseline && er->has_cum) {
		double B = num_to_double(t->baseline);
		if (B != D && rx_same((B - F) / (B - D) * 100.0, pct)) {
			char k[48];
			rx_const(k, sizeof k, t->baseline);
			snprintf(f, sizeof f, "=(%s-F%d)/(%s-D%d)", k, x, k, x);
			worksheet_write_formula_num(ws, r, 7, f, c->f.pct, pct / 100.0);
			return;
		}
	}
	worksheet_write_number(ws, r, 7, pct / 100.0, c->f.pct);
}

/* I: change on the same period, a formula when it gives the engine's figure. */
static void rx_change(rx_ctx *c, lxw_worksheet *ws, int row, const eval_row *er, const indicator *ind)
{
	lxw_row_t r = (lxw_row_t)row;
	int x = row + 1;
	char f[96];
	double F = num_to_double(er->cumulative), G = num_to_double(er->prev_cumulative);
	if (rx_percent_uom(ind)) {
		if (isnan(er->change_absolute)) {
			worksheet_write_string(ws, r, 8, "-", c->f.center);
			return;
		}
		if (er->has_cum && er->has_prev_cum && rx_same(F - G, er->change_absolute)) {
			snprintf(f, sizeof f, "=F%d-G%d", x, x);
			worksheet_write_formula_num(ws, r, 8, f, c->f.points, er->change_absolute);
		} else {
			worksheet_write_number(ws, r, 8, er->change_absolute, c->f.points);
		}
		return;
	}
	double ch = er->change_on_last_year;
	if (isnan(ch)) {
		worksheet_write_string(ws, r, 8, "-", c->f.center);
		return;
	}
	if (er->has_cum && er->has_prev_cum && G != 0 && rx_same((F - G) / fabs(G) * 100.0, ch)) {
		snprintf(f, sizeof f, "=(F%d-G%d)/ABS(G%d)", x, x, x);
		worksheet_write_formula_num(ws, r, 8, f, c->f.pct, ch / 100.0);
	} else {
		worksheet_write_number(ws, r, 8, ch / 100.0, c->f.pct);
	}
}

static void rx_status(rx_ctx *c, lxw_worksheet *ws, int row, const eval_row *er)
{
	buf b;
	buf_init(&b, 4096);
	buf_puts(&b, eval_status_label(er->status));
	if (er->n_parts_expected && er->n_parts_reporting < er->n_parts_expected)
		buf_printf(&b, " (%d/%d đơn vị)", er->n_parts_reporting, er->n_parts_expected);
	if (er->estimate)
		buf_puts(&b, " (ước)");
	worksheet_write_string(ws, (lxw_row_t)row, 9, buf_cstr(&b), c->f.text);
	buf st;
	buf_init(&st, 4096);
	buf_puts(&st, buf_cstr(&b));
	buf_reset(&b);
	for (size_t k = 0; k < er->n_lagging; k++) {
		const unit *u = &c->r->units[er->lagging[k].unit_index];
		buf_printf(&b, "%s%s %s", k ? "; " : "", unit_type_label(u->type), u->name);
		if (er->lagging[k].status == EVAL_NO_DATA)
			buf_puts(&b, " (chưa báo cáo)");
		else if (!isnan(er->lagging[k].percent_of_target)) {
			buf_puts(&b, " (");
			vn_format_double(&b, er->lagging[k].percent_of_target, 2);
			buf_puts(&b, "%)");
		}
	}
	worksheet_write_string(ws, (lxw_row_t)row, 10, buf_cstr(&b), c->f.text);
	/* the row as tall as its longest wrapped text: name, status, lagging units */
	const char *texts[3] = {c->r->inds[er->ind_index].name_vi, buf_cstr(&st), buf_cstr(&b)};
	rx_fit_row(ws, row, texts, RX_WRAP_W, 3);
	buf_free(&st);
	buf_free(&b);
}

static const double RX_COL_W[RX_NCOLS] = {5, 42, 12, 14, 14, 14, 14, 11, 12, 18, 28};

static void rx_columns(lxw_worksheet *ws)
{
	for (int i = 0; i < RX_NCOLS; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, RX_COL_W[i], NULL);
}

static void rx_headers(rx_ctx *c, lxw_worksheet *ws)
{
	char plan[64], cur[sizeof c->period_line + 32], prev[64];
	snprintf(plan, sizeof plan, "Kế hoạch năm %d", c->year);
	snprintf(cur, sizeof cur, "Thực hiện %s", c->period_line);
	snprintf(prev, sizeof prev, "Lũy kế cùng kỳ năm %d", c->year - 1);
	const char *h[RX_NCOLS] = {"STT", "Chỉ tiêu", "Đơn vị tính", plan, cur, "Lũy kế từ đầu năm", prev,
				   "% kế hoạch năm", "So cùng kỳ", "Đánh giá", "Đơn vị chậm tiến độ"};
	static const char *const legend[RX_NCOLS] = {"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)",
						     "(8)=(6)/(4)", "(9)=(6)/(7)-1", "(10)", "(11)"};
	for (int i = 0; i < RX_NCOLS; i++) {
		worksheet_write_string(ws, RX_HEAD_ROW, (lxw_col_t)i, h[i], c->f.head);
		worksheet_write_string(ws, RX_HEAD_ROW + 1, (lxw_col_t)i, legend[i], c->f.head_small);
	}
	worksheet_set_row(ws, RX_HEAD_ROW, 48, NULL);
}

/* One sector's sheet; *sum gets its counts. */
static int rx_sector_sheet(rx_ctx *c, ind_sector sec, eval_result *sum, err *e)
{
	const eval_report *r = c->r;
	const eval_result *res = &r->result;
	lxw_worksheet *ws = workbook_add_worksheet(c->wb, sector_label(sec));
	if (!ws)
		return err_set(e, ERR_IO, "không tạo được sheet %s", sector_label(sec));
	rx_columns(ws);
	/* the title in capitals throughout, the sector's name too ("LĨNH VỰC KINH TẾ") */
	buf title;
	buf_init(&title, 4096);
	buf_puts(&title, "ĐÁNH GIÁ THỰC HIỆN CHỈ TIÊU - LĨNH VỰC ");
	text_upper(&title, sector_label(sec));
	rx_titles(c, ws, buf_cstr(&title), RX_NCOLS - 1);
	buf_free(&title);
	rx_headers(c, ws);
	int row = RX_FIRST_ROW, n = 0;
	for (size_t i = 0; i < res->n_rows; i++) {
		const eval_row *er = &res->rows[i];
		const indicator *ind = &r->inds[er->ind_index];
		if (ind->sector != sec || !report_row_shown(r, er))
			continue;
		eval_count_row(er, sum);
		lxw_row_t rr = (lxw_row_t)row;
		worksheet_write_number(ws, rr, 0, ++n, c->f.center);
		worksheet_write_string(ws, rr, 1, ind->name_vi, c->f.text);
		worksheet_write_string(ws, rr, 2, ind->uom, c->f.center);
		rx_num(c, ws, row, 3, er->has_target, er->target, ind->decimals);
		rx_num(c, ws, row, 4, er->has_value, er->value, ind->decimals);
		rx_num(c, ws, row, 5, er->has_cum, er->cumulative, ind->decimals);
		rx_num(c, ws, row, 6, er->has_prev_cum, er->prev_cumulative, ind->decimals);
		rx_percent(c, ws, row, er, (size_t)er->ind_index);
		rx_change(c, ws, row, er, ind);
		rx_status(c, ws, row, er);
		row++;
	}
	buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "Tổng hợp lĩnh vực %s: ", sector_label(sec));
	rx_summary_text(c, sum, &b);
	worksheet_merge_range(ws, (lxw_row_t)(row + 1), 0, (lxw_row_t)(row + 1), RX_NCOLS - 1, buf_cstr(&b),
			      c->f.note);
	double all_w = 0;
	for (int i = 0; i < RX_NCOLS; i++)
		all_w += RX_COL_W[i];
	const char *note[1] = {buf_cstr(&b)};
	rx_fit_row(ws, row + 1, note, &all_w, 1);
	buf_free(&b);
	worksheet_freeze_panes(ws, RX_FIRST_ROW, 2);
	rx_print_setup(ws, RX_HEAD_ROW, RX_HEAD_ROW + 1);
	return 0;
}

/* The summary sheet: counts per sector and in all. */
static void rx_summary_sheet(rx_ctx *c, lxw_worksheet *ws, const ind_sector *secs, const eval_result *sums,
			     int n_secs)
{
	static const double w[] = {5, 30, 11, 11, 13, 13, 12, 12, 12, 12};
	for (int i = 0; i < 10; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w[i], NULL);
	rx_titles(c, ws, "TỔNG HỢP ĐÁNH GIÁ THỰC HIỆN CHỈ TIÊU KINH TẾ - XÃ HỘI", 9);
	const char *met = c->year_end ? "Đạt và vượt" : "Đúng tiến độ";
	const char *not = c->year_end ? "Không đạt" : "Chậm tiến độ";
	const char *h[10] = {"STT", "Lĩnh vực", "Số chỉ tiêu", "Có kế hoạch năm", met, not, "Chưa có số liệu",
			     "Chưa đủ số liệu", "Chưa đến kỳ báo cáo", "Tỷ lệ đạt"};
	static const char *const legend[10] = {"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)",
					       "(10)=(5)/(4)"};
	for (int i = 0; i < 10; i++) {
		worksheet_write_string(ws, RX_HEAD_ROW, (lxw_col_t)i, h[i], c->f.head);
		worksheet_write_string(ws, RX_HEAD_ROW + 1, (lxw_col_t)i, legend[i], c->f.head_small);
	}
	worksheet_set_row(ws, RX_HEAD_ROW, 36, NULL);
	eval_result all;
	memset(&all, 0, sizeof all);
	int row = RX_FIRST_ROW;
	const eval_report *r = c->r;
	for (int s = 0; s < n_secs; s++, row++) {
		lxw_row_t rr = (lxw_row_t)row;
		int shown = 0;
		for (size_t i = 0; i < r->result.n_rows; i++)
			shown += r->inds[r->result.rows[i].ind_index].sector == secs[s] &&
				 report_row_shown(r, &r->result.rows[i]);
		const eval_result *x = &sums[s];
		int v[7] = {shown, x->n_with_target, x->n_met, x->n_not_met, x->n_no_data, x->n_incomplete, x->n_not_due};
		worksheet_write_number(ws, rr, 0, s + 1, c->f.center);
		worksheet_write_string(ws, rr, 1, sector_label(secs[s]), c->f.text);
		for (int k = 0; k < 7; k++)
			worksheet_write_number(ws, rr, (lxw_col_t)(2 + k), v[k], c->f.integer);
		char f[64];
		snprintf(f, sizeof f, "=IF(D%d=0,\"-\",E%d/D%d)", row + 1, row + 1, row + 1);
		if (x->n_with_target)
			worksheet_write_formula_num(ws, rr, 9, f, c->f.pct, (double)x->n_met / x->n_with_target);
		else
			worksheet_write_formula_str(ws, rr, 9, f, c->f.pct, "-");
		all.n_with_target += x->n_with_target;
		all.n_met += x->n_met;
		all.n_not_met += x->n_not_met;
		all.n_no_data += x->n_no_data;
		all.n_incomplete += x->n_incomplete;
		all.n_not_due += x->n_not_due;
	}
	/* the total row: SUM formulas with the totals as cached results */
	lxw_row_t tr = (lxw_row_t)row;
	worksheet_write_string(ws, tr, 0, "", c->f.center_bold);
	worksheet_write_string(ws, tr, 1, "Tổng cộng", c->f.text_bold);
	int total_shown = 0;
	for (size_t i = 0; i < r->result.n_rows; i++) {
		const eval_row *er = &r->result.rows[i];
		bool in = false;
		for (int s = 0; s < n_secs; s++)
			in = in || r->inds[er->ind_index].sector == secs[s];
		total_shown += in && report_row_shown(r, er);
	}
	int tv[7] = {total_shown, all.n_with_target, all.n_met, all.n_not_met, all.n_no_data, all.n_incomplete,
		     all.n_not_due};
	for (int k = 0; k < 7; k++) {
		char col[4] = {(char)('C' + k), 0};
		char f[64];
		snprintf(f, sizeof f, "=SUM(%s%d:%s%d)", col, RX_FIRST_ROW + 1, col, row);
		worksheet_write_formula_num(ws, tr, (lxw_col_t)(2 + k), f, c->f.integer_bold, tv[k]);
	}
	char f[64];
	snprintf(f, sizeof f, "=IF(D%d=0,\"-\",E%d/D%d)", row + 1, row + 1, row + 1);
	if (all.n_with_target)
		worksheet_write_formula_num(ws, tr, 9, f, c->f.pct_bold, (double)all.n_met / all.n_with_target);
	else
		worksheet_write_formula_str(ws, tr, 9, f, c->f.pct_bold, "-");

	/* the engine's own summary line, and what is behind */
	buf b;
	buf_init(&b, 8192);
	buf_puts(&b, "Tổng hợp: ");
	rx_summary_text(c, &r->result, &b);
	int line = row + 2;
	worksheet_merge_range(ws, (lxw_row_t)line, 0, (lxw_row_t)line, 9, buf_cstr(&b), c->f.note);
	line++;
	bool header = false;
	for (size_t i = 0; i < r->result.n_rows; i++) {
		const eval_row *er = &r->result.rows[i];
		if ((er->status != EVAL_NOT_MET && er->status != EVAL_BEHIND) || !report_row_shown(r, er))
			continue;
		if (!header) {
			worksheet_write_string(ws, (lxw_row_t)line++, 1,
					       c->year_end ? "Các chỉ tiêu không đạt:" : "Các chỉ tiêu chậm tiến độ:", NULL);
			header = true;
		}
		buf_reset(&b);
		buf_printf(&b, "- %s (", r->inds[er->ind_index].name_vi);
		if (isnan(er->percent_of_target))
			buf_puts(&b, "-");
		else
			vn_format_double(&b, er->percent_of_target, 2);
		buf_puts(&b, "% KH)");
		worksheet_write_string(ws, (lxw_row_t)line++, 1, buf_cstr(&b), NULL);
	}
	buf_free(&b);
	worksheet_freeze_panes(ws, RX_FIRST_ROW, 0);
	rx_print_setup(ws, RX_HEAD_ROW, RX_HEAD_ROW + 1);
}

/*
 * The sheet of who has reported (core/completeness.h), for a monthly
 * workbook of a unit with units under it: one row per unit, one column per
 * month with the cell's state in words, the month's "all on time" count
 * under it. Judged on as_of, else the month's last day.
 */
static int rx_reporting_sheet(rx_ctx *c, store *s, const char *unit_code, const period *p, cdate as_of, err *e)
{
	compl_table t;
	cdate judge = cdate_is_none(as_of) ? period_end_date(p) : as_of;
	int rc = compl_build(s, unit_code, p->year, judge, &t, e);
	if (rc)
		return rc;
	if (!t.n_units || !strcmp(t.units[0].code, unit_code)) {
		compl_free(&t); /* no units under it: nobody to list */
		return 0;
	}
	lxw_worksheet *ws = workbook_add_worksheet(c->wb, REPORT_XLSX_REPORTING_SHEET);
	if (!ws) {
		compl_free(&t);
		return err_set(e, ERR_IO, "không tạo được sheet %s", REPORT_XLSX_REPORTING_SHEET);
	}
	rx_titles(c, ws, "TÌNH HÌNH GỬI SỐ LIỆU CỦA CÁC ĐƠN VỊ TRỰC THUỘC", 13);
	worksheet_set_column(ws, 0, 0, 10, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	worksheet_set_column(ws, 2, 13, 13, NULL);
	lxw_row_t hr = RX_HEAD_ROW;
	worksheet_write_string(ws, hr, 0, "Mã", c->f.head);
	worksheet_write_string(ws, hr, 1, "Đơn vị", c->f.head);
	for (int m = 1; m <= 12; m++) {
		char h[16];
		snprintf(h, sizeof h, "Tháng %d", m);
		worksheet_write_string(ws, hr, (lxw_col_t)(1 + m), h, c->f.head);
	}
	lxw_row_t row = hr + 1;
	for (size_t u = 0; u < t.n_units; u++, row++) {
		char name[CODE_MAX + NAME_MAX_ + 2];
		snprintf(name, sizeof name, "%s %s", unit_type_label(t.units[u].type), t.units[u].name);
		worksheet_write_string(ws, row, 0, t.units[u].code, c->f.text);
		worksheet_write_string(ws, row, 1, name, c->f.text);
		for (int m = 0; m < 12; m++) {
			const compl_cell *k = &t.cells[u * 12 + (size_t)m];
			char w[96];
			switch (k->state) {
			case COMPL_ALL:
				snprintf(w, sizeof w, "%s", k->late ? "đủ, muộn" : "đủ, đúng hạn");
				break;
			case COMPL_PARTLY:
				snprintf(w, sizeof w, "thiếu %d/%d", k->owed - k->entered, k->owed);
				break;
			case COMPL_NOTHING:
				snprintf(w, sizeof w, "%s", k->due ? "chưa gửi, quá hạn" : "chưa đến hạn");
				break;
			default:
				snprintf(w, sizeof w, "-");
			}
			appr_state as;
			if (appr_state_from_code(k->approval, &as, NULL) == 0 && as != APPR_DRAFT) {
				size_t used = strlen(w);
				snprintf(w + used, sizeof w - used, "; %s", appr_state_label(as));
			}
			worksheet_write_string(ws, row, (lxw_col_t)(2 + m), w, c->f.center);
		}
	}
	worksheet_write_string(ws, row, 1, "Đủ, đúng hạn", c->f.text_bold);
	for (int m = 0; m < 12; m++) {
		char v[24] = "-";
		if (t.owing[m])
			snprintf(v, sizeof v, "%d/%d", t.on_time[m], t.owing[m]);
		worksheet_write_string(ws, row, (lxw_col_t)(2 + m), v, c->f.center_bold);
	}
	buf b;
	buf_init(&b, 0);
	if (compl_sentence(&b, &t, p->index) == 0 && b.len)
		worksheet_merge_range(ws, row + 2, 0, row + 2, 13, buf_cstr(&b), c->f.note);
	buf_free(&b);
	worksheet_freeze_panes(ws, RX_HEAD_ROW + 1, 2);
	rx_print_setup(ws, RX_HEAD_ROW, RX_HEAD_ROW);
	compl_free(&t);
	return 0;
}

/* Writes the workbook to path, or into out when path is NULL. */
static int rx_write(store *s, const char *unit_code, const period *p, cdate as_of, const char *path, buf *out,
		    err *e)
{
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.today = as_of;
	eval_report rep;
	memset(&rep, 0, sizeof rep);
	int rc = eval_run(s, unit_code, p, &o, &rep, e);
	if (rc)
		return rc;
	rx_ctx c;
	memset(&c, 0, sizeof c);
	c.r = &rep;
	c.year = p->year;
	c.year_end = rep.result.year_end;
	const unit *u = &rep.units[0];
	buf b;
	buf_init(&b, 1024);
	period_format_label(&b, p);
	snprintf(c.period_line, sizeof c.period_line, "%s", buf_cstr(&b));
	snprintf(c.unit_line, sizeof c.unit_line, "Đơn vị: %s %s (%s) - Kỳ: %s", unit_type_label(u->type), u->name,
		 u->code, c.period_line);
	buf_reset(&b);
	bool provisional = false;
	for (size_t i = 0; i < rep.result.n_rows; i++)
		provisional = provisional || rep.result.rows[i].provisional;
	if (!cdate_is_none(as_of)) {
		buf_puts(&b, "Số liệu đến ngày ");
		vn_format_date(&b, as_of);
	} else {
		buf_puts(&b, "Số liệu hiện có");
	}
	if (provisional)
		buf_puts(&b, "; kỳ chưa kết thúc: số liệu tạm tính, đánh giá theo tiến độ");
	buf_puts(&b, ". Số liệu do chitieu tính từ cơ sở dữ liệu; cột (8), (9) là công thức.");
	snprintf(c.asof_line, sizeof c.asof_line, "%s", buf_cstr(&b));
	buf_free(&b);

	char tmp[4096];
	rc = rx_book_open(path, tmp, sizeof tmp, &c.wb, e);
	if (rc)
		goto done;
	rx_formats_init(c.wb, &c.f);
	char company[NAME_MAX_];
	snprintf(company, sizeof company, "%s", u->name);
	lxw_doc_properties props = {
		.title = "Đánh giá thực hiện chỉ tiêu",
		.subject = c.unit_line,
		.author = "chitieu",
		.company = company,
	};
	workbook_set_properties(c.wb, &props);
	lxw_worksheet *summary = workbook_add_worksheet(c.wb, REPORT_XLSX_SUMMARY_SHEET);
	ind_sector secs[8];
	eval_result sums[8];
	int n_secs = 0;
	memset(sums, 0, sizeof sums);
	for (int sec = SECTOR_ECONOMY; sec <= SECTOR_GOVERNMENT && !rc; sec++) {
		bool any = false;
		for (size_t i = 0; i < rep.result.n_rows && !any; i++)
			any = rep.inds[rep.result.rows[i].ind_index].sector == (ind_sector)sec &&
			      report_row_shown(&rep, &rep.result.rows[i]);
		if (!any)
			continue;
		secs[n_secs] = (ind_sector)sec;
		rc = rx_sector_sheet(&c, (ind_sector)sec, &sums[n_secs], e);
		n_secs++;
	}
	if (!summary && !rc)
		rc = err_set(e, ERR_IO, "không tạo được sheet %s", REPORT_XLSX_SUMMARY_SHEET);
	if (!rc)
		rx_summary_sheet(&c, summary, secs, sums, n_secs);
	if (!rc && p->type == PERIOD_MONTH)
		rc = rx_reporting_sheet(&c, s, unit_code, p, as_of, e);
	if (summary)
		worksheet_activate(summary);
	if (rc) {
		workbook_close(c.wb);
		remove(tmp);
	} else {
		rc = rx_book_finish(c.wb, tmp, path, out, e);
	}
done:
	eval_report_free(&rep);
	return rc;
}

int report_xlsx_write(store *s, const char *unit_code, const period *p, cdate as_of, const char *path, err *e)
{
	if (!path || !*path)
		return err_set(e, ERR_INVALID, "thiếu tên tệp .xlsx để ghi");
	return rx_write(s, unit_code, p, as_of, path, NULL, e);
}

int report_xlsx_to_buf(store *s, const char *unit_code, const period *p, cdate as_of, buf *out, err *e)
{
	return rx_write(s, unit_code, p, as_of, NULL, out, e);
}
