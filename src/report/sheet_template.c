/*
 * sheet_template.c - the entry templates (sheet.h): for a unit and period,
 * an .xlsx (libxlsxwriter) or CSV sheet a department fills in and sends
 * back for `chitieu sheet import`.
 *
 * Both formats come from the same list of rows and the same column list, so
 * their headers are the names sheet_import.c looks for. The xlsx adds title
 * rows (unit, period, how to fill it in), grey reference columns, pale
 * yellow input cells, drop-down lists (estimate, kind, source), sector
 * headings, frozen header and print setup; its key columns (unit, period or
 * year) are hidden. The header is on row 6; the input column is E; a sector
 * heading row comes before each sector's indicators (an import skips it: its
 * input cell is empty).
 *
 * Not for: reading them back (sheet_import.c) or the evaluation workbook
 * (report_xlsx.c).
 */
#include "report/report.h"
#include "report/sheet.h"
#include "report/report_xlsx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/eval.h"
#include "core/model.h"

enum { ST_HEAD_ROW = 5 }; /* 0-based: Excel row 6 */

typedef enum st_col {
	TC_STT, TC_IND, TC_NAME, TC_UOM, TC_VALUE, TC_EST, TC_REF, TC_UNIT, TC_PERIOD,
	TC_KIND, TC_SOURCE, TC_BASE, TC_TOTAL, TC_NOTE, TC_YEAR,
} st_col;

static const st_col st_values_cols[] = {TC_STT, TC_IND, TC_NAME, TC_UOM, TC_VALUE,
					TC_EST, TC_REF, TC_UNIT, TC_PERIOD};
static const st_col st_targets_cols[] = {TC_STT, TC_IND, TC_NAME, TC_UOM, TC_VALUE, TC_KIND, TC_SOURCE,
					 TC_BASE, TC_TOTAL, TC_NOTE, TC_REF, TC_UNIT, TC_YEAR};

/* One row of the template: an indicator (and, for targets, a stored target), or a sector heading. */
typedef struct st_row {
	const indicator *ind;  /* NULL: the heading of `sector` */
	ind_sector sector;
	int stt;
	bool has_ref;
	num_t ref;             /* last year's figure / target */
	bool has_target;       /* targets: this year's stored target */
	target t;              /* targets: stored or defaults (kind, source) */
} st_row;

typedef struct st_ctx {
	store *s;
	const unit *u;
	period p;
	sheet_kind kind;
	char period_code[16], period_label[64];
	char ref_head[64];
	st_row *rows;
	size_t n_rows, cap;
	indicator *inds;
	size_t n_inds;
} st_ctx;

static int st_push(st_ctx *c, const st_row *r, err *e)
{
	if (c->n_rows == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		st_row *p = realloc(c->rows, cap * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		c->rows = p;
		c->cap = cap;
	}
	c->rows[c->n_rows++] = *r;
	return 0;
}

/* A sector heading before the first row of a new sector. */
static int st_heading(st_ctx *c, const indicator *ind, ind_sector *cur, int *stt, err *e)
{
	if (ind->sector == *cur)
		return 0;
	*cur = ind->sector;
	*stt = 0;
	st_row h = {.ind = NULL, .sector = ind->sector};
	return st_push(c, &h, e);
}

/* Values: the indicators reported at the period's frequency, with last year's figure. */
static int st_values_rows(st_ctx *c, err *e)
{
	eval_report last;
	memset(&last, 0, sizeof last);
	period lp = period_same_last_year(&c->p);
	eval_opts o;
	memset(&o, 0, sizeof o);
	err e2;
	bool has_last = eval_run(c->s, c->u->code, &lp, &o, &last, &e2) == 0;
	ind_sector cur = 0;
	int stt = 0, rc = 0;
	for (size_t i = 0; i < c->n_inds && !rc; i++) {
		const indicator *ind = &c->inds[i];
		if (freq_period_type(ind->freq) != c->p.type)
			continue;
		if ((rc = st_heading(c, ind, &cur, &stt, e)))
			break;
		st_row r = {.ind = ind, .sector = ind->sector, .stt = ++stt};
		for (size_t k = 0; has_last && k < last.result.n_rows; k++) {
			const eval_row *er = &last.result.rows[k];
			if (!strcmp(last.inds[er->ind_index].code, ind->code)) {
				r.has_ref = er->has_value;
				r.ref = er->value;
				break;
			}
		}
		rc = st_push(c, &r, e);
	}
	if (has_last)
		eval_report_free(&last);
	if (!rc && c->n_rows == 0)
		rc = err_set(e, ERR_INVALID, "kỳ %s (%s): không có chỉ tiêu nào nhập số liệu theo loại kỳ này; chỉ tiêu "
			     "nhập theo tháng (202207), quý (2022Q3), 6 tháng (2022S1) hoặc năm (2022)",
			     c->period_code, c->period_label);
	return rc;
}

/* The effective target among ts (own before assigned) of an indicator for exactly year y. */
static const target *st_target_of(const target *ts, size_t n, const char *ind, int y)
{
	const target *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ts[i].indicator_code, ind) || ts[i].year_from != y || ts[i].year_to != y)
			continue;
		if (!best || ts[i].source == TGT_SRC_OWN)
			best = &ts[i];
	}
	return best;
}

/* Targets: every indicator; one row per stored annual target of the year, else an empty row. */
static int st_targets_rows(st_ctx *c, err *e)
{
	int y = c->p.year;
	target *now = NULL, *prev = NULL;
	size_t n_now = 0, n_prev = 0;
	int rc = store_target_list(c->s, NULL, c->u->code, y, &now, &n_now, e);
	if (!rc)
		rc = store_target_list(c->s, NULL, c->u->code, y - 1, &prev, &n_prev, e);
	ind_sector cur = 0;
	int stt = 0;
	for (size_t i = 0; i < c->n_inds && !rc; i++) {
		const indicator *ind = &c->inds[i];
		if ((rc = st_heading(c, ind, &cur, &stt, e)))
			break;
		const target *last = st_target_of(prev, n_prev, ind->code, y - 1);
		st_row r = {.ind = ind, .sector = ind->sector, .stt = ++stt};
		if (last) {
			r.has_ref = true;
			r.ref = last->value;
		}
		bool any = false;
		for (int src = TGT_SRC_ASSIGNED; src <= TGT_SRC_OWN && !rc; src++)
			for (size_t k = 0; k < n_now && !rc; k++) {
				const target *t = &now[k];
				if (strcmp(t->indicator_code, ind->code) || t->year_from != y || t->year_to != y ||
				    (int)t->source != src)
					continue;
				r.has_target = true;
				r.t = *t;
				rc = st_push(c, &r, e);
				any = true;
				r.stt = ++stt;
			}
		if (any) {
			stt--;
			continue;
		}
		memset(&r.t, 0, sizeof r.t);
		r.t.kind = last ? last->kind : ind->direction == DIR_LOWER ? TGT_AT_MOST : TGT_AT_LEAST;
		r.t.source = last ? last->source : TGT_SRC_OWN;
		if (!rc)
			rc = st_push(c, &r, e);
	}
	free(now);
	free(prev);
	return rc;
}

static const char *st_head(const st_ctx *c, st_col k)
{
	switch (k) {
	case TC_STT: return "STT";
	case TC_IND: return "Mã chỉ tiêu";
	case TC_NAME: return "Tên chỉ tiêu";
	case TC_UOM: return "Đơn vị tính";
	case TC_VALUE: return c->kind == SHEET_TARGETS ? "Kế hoạch" : "Số liệu";
	case TC_EST: return "Ước tính";
	case TC_REF: return c->ref_head;
	case TC_UNIT: return "Mã đơn vị";
	case TC_PERIOD: return "Kỳ";
	case TC_KIND: return "Loại";
	case TC_SOURCE: return "Nguồn";
	case TC_BASE: return "Mức gốc";
	case TC_TOTAL: return "Tổng (X/Y)";
	case TC_NOTE: return "Ghi chú";
	case TC_YEAR: return "Năm";
	}
	return "";
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void st_csv_num(buf *b, bool has, num_t v, int decimals)
{
	if (!has)
		return;
	buf t;
	buf_init(&t, 128);
	vn_format_num(&t, v, decimals);
	buf_csv_number(b, buf_cstr(&t), ',');
	buf_free(&t);
}

static int st_csv(const st_ctx *c, const st_col *cols, size_t nc, buf *b, err *e)
{
	buf_puts(b, "\xEF\xBB\xBF"); /* a BOM, so Excel reads the file as UTF-8 */
	for (size_t k = 0; k < nc; k++) {
		if (k)
			buf_putc(b, ',');
		buf_csv_field(b, st_head(c, cols[k]), ',');
	}
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < c->n_rows; i++) {
		const st_row *r = &c->rows[i];
		if (!r->ind)
			continue;
		for (size_t k = 0; k < nc; k++) {
			if (k)
				buf_putc(b, ',');
			char year[16];
			switch (cols[k]) {
			case TC_STT: buf_printf(b, "%d", r->stt); break;
			case TC_IND: buf_csv_field(b, r->ind->code, ','); break;
			case TC_NAME: buf_csv_field(b, r->ind->name_vi, ','); break;
			case TC_UOM: buf_csv_field(b, r->ind->uom, ','); break;
			case TC_VALUE: st_csv_num(b, r->has_target, r->t.value, -1); break;
			case TC_EST: break;
			case TC_REF: st_csv_num(b, r->has_ref, r->ref, r->ind->decimals); break;
			case TC_UNIT: buf_csv_field(b, c->u->code, ','); break;
			case TC_PERIOD: buf_csv_field(b, c->period_code, ','); break;
			case TC_KIND: buf_csv_field(b, target_kind_code(r->t.kind), ','); break;
			case TC_SOURCE: buf_csv_field(b, target_source_label(r->t.source), ','); break;
			case TC_BASE: st_csv_num(b, r->has_target && r->t.has_baseline, r->t.baseline, -1); break;
			case TC_TOTAL: st_csv_num(b, r->has_target && r->t.total != 0, r->t.total, -1); break;
			case TC_NOTE: buf_csv_field(b, r->has_target ? r->t.note : "", ','); break;
			case TC_YEAR:
				snprintf(year, sizeof year, "%d", c->p.year);
				buf_puts(b, year);
				break;
			}
		}
		if (buf_puts(b, "\r\n"))
			return err_set(e, ERR_TOOBIG, "biểu mẫu lớn quá giới hạn");
	}
	return 0;
}

/* ---- xlsx ------------------------------------------------------------------------------ */

static double st_width(st_col k)
{
	switch (k) {
	case TC_STT: return 5;
	case TC_IND: return 11;
	case TC_NAME: return 48;
	case TC_UOM: return 13;
	case TC_VALUE: return 16;
	case TC_EST: return 9;
	case TC_REF: return 16;
	case TC_KIND: return 12;
	case TC_SOURCE: return 11;
	case TC_BASE: return 11;
	case TC_TOTAL: return 11;
	case TC_NOTE: return 24;
	default: return 10;
	}
}

static int st_xlsx(const st_ctx *c, const st_col *cols, size_t nc, const char *path, buf *out, err *e)
{
	char tmp[4096];
	lxw_workbook *wb;
	int rc = rx_book_open(path, tmp, sizeof tmp, &wb, e);
	if (rc)
		return rc;
	rx_formats f;
	rx_formats_init(wb, &f);
	bool targets = c->kind == SHEET_TARGETS;
	lxw_worksheet *ws = workbook_add_worksheet(wb, targets ? SHEET_TARGETS_NAME : SHEET_VALUES_NAME);
	if (!ws) {
		workbook_close(wb);
		remove(tmp);
		return err_set(e, ERR_IO, "không tạo được sheet");
	}
	lxw_doc_properties props = {.title = targets ? "Biểu nhập kế hoạch" : "Biểu nhập số liệu",
				    .author = "chitieu",
				    .comments = "Tạo bởi chitieu sheet template; đọc lại bằng chitieu sheet import"};
	workbook_set_properties(wb, &props);
	int last_visible = 0, col_value = -1;
	for (size_t k = 0; k < nc; k++) {
		bool hidden = cols[k] == TC_UNIT || cols[k] == TC_PERIOD || cols[k] == TC_YEAR;
		lxw_row_col_options opt = {.hidden = hidden};
		worksheet_set_column_opt(ws, (lxw_col_t)k, (lxw_col_t)k, st_width(cols[k]), NULL, &opt);
		if (!hidden)
			last_visible = (int)k;
		if (cols[k] == TC_VALUE)
			col_value = (int)k;
	}
	char line[1024];
	worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)last_visible,
			      targets ? "BIỂU NHẬP CHỈ TIÊU KẾ HOẠCH" : "BIỂU NHẬP SỐ LIỆU THỰC HIỆN CHỈ TIÊU", f.title);
	if (targets)
		snprintf(line, sizeof line, "Đơn vị: %s %s (%s) - Năm %d", unit_type_label(c->u->type), c->u->name,
			 c->u->code, c->p.year);
	else
		snprintf(line, sizeof line, "Đơn vị: %s %s (%s) - Kỳ: %s (%s)", unit_type_label(c->u->type),
			 c->u->name, c->u->code, c->period_label, c->period_code);
	worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)last_visible, line, f.subtitle);
	char letter[8];
	xlsx_col_name(letter, sizeof letter, (uint32_t)col_value);
	if (targets)
		snprintf(line, sizeof line,
			 "Nhập kế hoạch năm vào cột %s (số của Excel, hoặc viết kiểu Việt Nam: 1.739,5). Loại: at_least "
			 "(ít nhất), at_most (nhiều nhất), reduce_to (giảm xuống, cần Mức gốc), change_pct (tăng/giảm %% "
			 "so năm trước), x_of_y (đạt X trên Y, cần Tổng). Nguồn: tỉnh giao hoặc phấn đấu. Dòng để trống "
			 "cột %s thì không đổi. Không sửa cột Mã chỉ tiêu và các cột ẩn.", letter, letter);
	else
		snprintf(line, sizeof line,
			 "Nhập số vào cột %s (số của Excel, hoặc viết kiểu Việt Nam: 1.739,5); cột Ước tính ghi x nếu "
			 "là số ước tính. Để trống chỉ tiêu chưa có số liệu. Không nhập công thức vào cột %s; không sửa "
			 "cột Mã chỉ tiêu và các cột ẩn (mã đơn vị, kỳ).", letter, letter);
	worksheet_merge_range(ws, 2, 0, 3, (lxw_col_t)last_visible, line, f.note);
	worksheet_set_row(ws, 2, 30, NULL);
	for (size_t k = 0; k < nc; k++)
		worksheet_write_string(ws, ST_HEAD_ROW, (lxw_col_t)k, st_head(c, cols[k]), f.head);
	worksheet_set_row(ws, ST_HEAD_ROW, 32, NULL);

	static const char *const est_list[] = {"x", NULL};
	static const char *const kind_list[] = {"at_least", "at_most", "reduce_to", "change_pct", "x_of_y", NULL};
	static const char *const source_list[] = {"tỉnh giao", "phấn đấu", NULL};
	lxw_row_t row = ST_HEAD_ROW + 1, first = row;
	static const char *const roman[] = {"", "I", "II", "III", "IV", "V"};
	for (size_t i = 0; i < c->n_rows; i++, row++) {
		const st_row *r = &c->rows[i];
		if (!r->ind) {
			char h[128];
			snprintf(h, sizeof h, "%s. %s", r->sector >= 1 && r->sector <= 5 ? roman[r->sector] : "",
				 sector_label(r->sector));
			worksheet_merge_range(ws, row, 0, row, (lxw_col_t)last_visible, h, f.text_bold);
			continue;
		}
		int d = rx_dec(r->ind->decimals);
		for (size_t k = 0; k < nc; k++) {
			lxw_col_t x = (lxw_col_t)k;
			switch (cols[k]) {
			case TC_STT: worksheet_write_number(ws, row, x, r->stt, f.center); break;
			case TC_IND: worksheet_write_string(ws, row, x, r->ind->code, f.text_ref); break;
			case TC_NAME: worksheet_write_string(ws, row, x, r->ind->name_vi, f.text); break;
			case TC_UOM: worksheet_write_string(ws, row, x, r->ind->uom, f.center); break;
			case TC_VALUE:
				if (r->has_target)
					worksheet_write_number(ws, row, x, num_to_double(r->t.value), f.input);
				else
					worksheet_write_blank(ws, row, x, f.input);
				break;
			case TC_EST: worksheet_write_blank(ws, row, x, f.input_text); break;
			case TC_REF:
				if (r->has_ref)
					worksheet_write_number(ws, row, x, num_to_double(r->ref), f.num_ref[d]);
				else
					worksheet_write_string(ws, row, x, "", f.text_ref);
				break;
			case TC_UNIT: worksheet_write_string(ws, row, x, c->u->code, f.text_ref); break;
			case TC_PERIOD: worksheet_write_string(ws, row, x, c->period_code, f.text_ref); break;
			case TC_YEAR: worksheet_write_number(ws, row, x, c->p.year, f.text_ref); break;
			case TC_KIND: worksheet_write_string(ws, row, x, target_kind_code(r->t.kind), f.input_text); break;
			case TC_SOURCE:
				worksheet_write_string(ws, row, x, target_source_label(r->t.source), f.input_text);
				break;
			case TC_BASE:
				if (r->has_target && r->t.has_baseline)
					worksheet_write_number(ws, row, x, num_to_double(r->t.baseline), f.input);
				else
					worksheet_write_blank(ws, row, x, f.input);
				break;
			case TC_TOTAL:
				if (r->has_target && r->t.total)
					worksheet_write_number(ws, row, x, num_to_double(r->t.total), f.input);
				else
					worksheet_write_blank(ws, row, x, f.input);
				break;
			case TC_NOTE:
				if (r->has_target && r->t.note[0])
					worksheet_write_string(ws, row, x, r->t.note, f.input_text);
				else
					worksheet_write_blank(ws, row, x, f.input_text);
				break;
			}
		}
	}
	/* drop-down lists over the data rows */
	for (size_t k = 0; k < nc && row > first; k++) {
		lxw_data_validation dv;
		memset(&dv, 0, sizeof dv);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.ignore_blank = LXW_VALIDATION_ON;
		if (cols[k] == TC_EST)
			dv.value_list = (char **)(uintptr_t)est_list;
		else if (cols[k] == TC_KIND)
			dv.value_list = (char **)(uintptr_t)kind_list;
		else if (cols[k] == TC_SOURCE)
			dv.value_list = (char **)(uintptr_t)source_list;
		else
			continue;
		worksheet_data_validation_range(ws, first, (lxw_col_t)k, row - 1, (lxw_col_t)k, &dv);
	}
	worksheet_freeze_panes(ws, ST_HEAD_ROW + 1, 3);
	rx_print_setup(ws, ST_HEAD_ROW, ST_HEAD_ROW);
	if (col_value >= 0 && row > first)
		worksheet_set_selection(ws, first, (lxw_col_t)col_value, first, (lxw_col_t)col_value);
	return rx_book_finish(wb, tmp, path, out, e);
}

int sheet_template_write(store *s, const char *unit_code, const period *p, sheet_kind kind, sheet_format fmt,
			 const char *path, buf *out, err *e)
{
	st_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.p = *p;
	c.kind = kind;
	unit u;
	int rc = store_unit_get(s, unit_code, &u, e);
	if (rc)
		return rc;
	c.u = &u;
	/* the unit must exist during the period (the year, for targets) */
	period span = *p;
	if (kind == SHEET_TARGETS)
		span = (period){PERIOD_YEAR, p->year, 1};
	if ((!cdate_is_none(u.valid_from) && cdate_cmp(period_end_date(&span), u.valid_from) < 0) ||
	    (!cdate_is_none(u.valid_to) && cdate_cmp(period_start_date(&span), u.valid_to) > 0)) {
		buf d, l;
		buf_init(&d, 256);
		buf_init(&l, 256);
		if (!cdate_is_none(u.valid_from)) {
			buf_puts(&d, " từ ");
			vn_format_date(&d, u.valid_from);
		}
		if (!cdate_is_none(u.valid_to)) {
			buf_puts(&d, " đến ");
			vn_format_date(&d, u.valid_to);
		}
		period_format_label(&l, &span);
		rc = err_set(e, ERR_CONFLICT, "đơn vị %s (%s) chỉ tồn tại%s, không có biểu cho %s", u.code, u.name,
			     buf_cstr(&d), buf_cstr(&l));
		buf_free(&d);
		buf_free(&l);
		return rc;
	}
	buf b;
	buf_init(&b, 256);
	period_format_code(&b, p);
	snprintf(c.period_code, sizeof c.period_code, "%s", buf_cstr(&b));
	buf_reset(&b);
	period_format_label(&b, p);
	snprintf(c.period_label, sizeof c.period_label, "%s", buf_cstr(&b));
	buf_reset(&b);
	if (kind == SHEET_TARGETS) {
		snprintf(c.ref_head, sizeof c.ref_head, "Kế hoạch năm %d", p->year - 1);
	} else {
		period lp = period_same_last_year(p);
		period_format_label(&b, &lp);
		snprintf(c.ref_head, sizeof c.ref_head, "Cùng kỳ: %s", buf_cstr(&b));
	}
	buf_free(&b);
	if ((rc = store_indicator_list(s, &c.inds, &c.n_inds, e)))
		return rc;
	rc = kind == SHEET_TARGETS ? st_targets_rows(&c, e) : st_values_rows(&c, e);
	if (!rc) {
		const st_col *cols = kind == SHEET_TARGETS ? st_targets_cols : st_values_cols;
		size_t nc = kind == SHEET_TARGETS ? sizeof st_targets_cols / sizeof *cols
						  : sizeof st_values_cols / sizeof *cols;
		if (fmt == SHEET_CSV) {
			buf csv;
			buf_init(&csv, 0);
			rc = st_csv(&c, cols, nc, path ? &csv : out, e);
			if (!rc && path) /* temporary file, fsync, rename */
				rc = report_write_file(path, csv.data ? csv.data : "", csv.len, e);
			buf_free(&csv);
		} else {
			rc = st_xlsx(&c, cols, nc, path, out, e);
		}
	}
	free(c.rows);
	free(c.inds);
	return rc;
}
