/*
 * sheet_catalog.c - the catalogue workbook (sheet.h): the rules between
 * indicators (core/vrule.h) as a sheet an administrator edits in Excel and
 * sends back, with the indicators' codes on a reference sheet beside it.
 *
 * Writing: the sheet "Quy tắc kiểm tra" (title, how to write a rule, the
 * header on row 4, one rule per row from row 5, drop-down lists for the
 * operator and the importance) and the protected sheet "Chỉ tiêu" (code,
 * name, unit of measure, frequency, other names). CSV: the rules alone, header on row 1.
 *
 * Reading back: the header row found by its names (sheet_int_norm), every
 * row checked before anything is written (a bad row is named by its cell
 * and the rule's code; all bad rows are listed), then the changes made in
 * one transaction: new codes added, changed rules updated, and, only when
 * asked (replace), the stored rules the sheet leaves out removed. A dry run
 * rolls back and still tells what would change.
 *
 * Not for: what a rule means or when it holds (core/vrule.c), storing one
 * (store_vrules.c), or who may import (the API lets administrators only).
 */
#include "report/report.h"
#include "report/sheet.h"
#include "report/sheet_int.h"
#include "report/report_xlsx_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model.h"
#include "core/vrule.h"

enum { RC_HEAD_ROW = 3 };     /* 0-based: Excel row 4 */
enum { RC_IND_HEAD_ROW = 2 }; /* the reference sheet's header: Excel row 3 */
#define RC_HEADER_SCAN 30
#define RC_TEXT_MAX 512
#define RC_REF_MAX 48 /* a cell's name or a column's header, as import_conflict.field holds */

enum rc_field { RF_CODE, RF_NAME, RF_LEFT, RF_OP, RF_RIGHT, RF_IMP, RF__N };

static const struct {
	const char *head;      /* the header the workbook writes */
	const char *names[8];  /* normalised names accepted */
	bool required;
	double width;
} rc_cols[RF__N] = {
	[RF_CODE] = {"Mã quy tắc", {"ma_quy_tac", "ma", "code", "rule", "rule_code", NULL}, true, 18},
	[RF_NAME] = {"Tên", {"ten", "ten_quy_tac", "name", NULL}, true, 50},
	[RF_LEFT] = {"Vế trái", {"ve_trai", "left", "left_side", "leftside", NULL}, true, 28},
	[RF_OP] = {"Phép so sánh", {"phep_so_sanh", "op", "operator", NULL}, true, 13},
	[RF_RIGHT] = {"Vế phải", {"ve_phai", "right", "right_side", "rightside", NULL}, true, 28},
	[RF_IMP] = {"Mức độ", {"muc_do", "importance", NULL}, false, 12},
};

/* ---- writing --------------------------------------------------------------------------- */

static int rc_csv(const vrule *rs, size_t n, buf *b, err *e)
{
	buf_puts(b, "\xEF\xBB\xBF"); /* a BOM, so Excel reads the file as UTF-8 */
	for (int f = 0; f < RF__N; f++) {
		if (f)
			buf_putc(b, ',');
		buf_csv_field(b, rc_cols[f].head, ',');
	}
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const vrule *r = &rs[i];
		buf_csv_field(b, r->code, ',');
		buf_putc(b, ',');
		buf_csv_field(b, r->name, ',');
		buf_putc(b, ',');
		buf_csv_field(b, r->left, ',');
		buf_putc(b, ',');
		buf_csv_field(b, vrule_op_code(r->op), ',');
		buf_putc(b, ',');
		buf_csv_field(b, r->right, ',');
		buf_putc(b, ',');
		buf_csv_field(b, vrule_importance_label(r->importance), ',');
		if (buf_puts(b, "\r\n"))
			return err_set(e, ERR_TOOBIG, "biểu danh mục lớn quá giới hạn");
	}
	return 0;
}

static int rc_xlsx(const vrule *rs, size_t n, const indicator *inds, size_t n_inds, const char *path, buf *out,
		   err *e)
{
	char tmp[4096];
	lxw_workbook *wb;
	int rc = rx_book_open(path, tmp, sizeof tmp, &wb, e);
	if (rc)
		return rc;
	rx_formats f;
	rx_formats_init(wb, &f);
	lxw_worksheet *ws = workbook_add_worksheet(wb, SHEET_RULES_NAME);
	lxw_worksheet *wi = workbook_add_worksheet(wb, SHEET_INDICATORS_NAME);
	if (!ws || !wi) {
		workbook_close(wb);
		remove(tmp);
		return err_set(e, ERR_IO, "không tạo được sheet");
	}
	lxw_doc_properties props = {.title = "Biểu danh mục: quy tắc kiểm tra giữa các chỉ tiêu",
				    .author = "chitieu",
				    .comments = "Tạo bởi chitieu sheet catalog; đọc lại bằng chitieu sheet catalog-import"};
	workbook_set_properties(wb, &props);

	/* the rules */
	for (int k = 0; k < RF__N; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, rc_cols[k].width, NULL);
	worksheet_merge_range(ws, 0, 0, 0, RF__N - 1, "DANH MỤC QUY TẮC KIỂM TRA GIỮA CÁC CHỈ TIÊU", f.title);
	worksheet_merge_range(ws, 1, 0, 1, RF__N - 1,
			      "Mỗi dòng một quy tắc, so sánh số liệu của cùng một đơn vị, cùng một kỳ. Vế trái, vế phải: "
			      "mã chỉ tiêu (xem sheet 'Chỉ tiêu'), số (dấu phẩy thập phân, không dấu chấm: 0,5), + - * / "
			      "và ngoặc; các chỉ tiêu của một quy tắc phải cùng kỳ báo cáo. Phép so sánh: == != < <= > >=. "
			      "Mức độ: lỗi (từ chối số liệu) hoặc cảnh báo (nhận số liệu có ghi chú giải thích). Thêm "
			      "dòng để thêm quy tắc, sửa dòng để sửa; quy tắc bỏ khỏi sheet chỉ bị xóa khi nhập với "
			      "--replace. Đọc lại bằng chitieu sheet catalog-import.",
			      f.note);
	worksheet_set_row(ws, 1, 62, NULL);
	for (int k = 0; k < RF__N; k++)
		worksheet_write_string(ws, RC_HEAD_ROW, (lxw_col_t)k, rc_cols[k].head, f.head);
	worksheet_set_row(ws, RC_HEAD_ROW, 24, NULL);
	lxw_row_t row = RC_HEAD_ROW + 1;
	for (size_t i = 0; i < n; i++, row++) {
		const vrule *r = &rs[i];
		worksheet_write_string(ws, row, RF_CODE, r->code, f.input_text);
		worksheet_write_string(ws, row, RF_NAME, r->name, f.input_text);
		worksheet_write_string(ws, row, RF_LEFT, r->left, f.input_text);
		worksheet_write_string(ws, row, RF_OP, vrule_op_code(r->op), f.input_text);
		worksheet_write_string(ws, row, RF_RIGHT, r->right, f.input_text);
		worksheet_write_string(ws, row, RF_IMP, vrule_importance_label(r->importance), f.input_text);
	}
	/* drop-down lists over the rules and room for new ones */
	static const char *const op_list[] = {"==", "!=", "<", "<=", ">", ">=", NULL};
	static const char *const imp_list[] = {"lỗi", "cảnh báo", NULL};
	lxw_row_t last = row + 200;
	for (int k = 0; k < 2; k++) {
		lxw_data_validation dv;
		memset(&dv, 0, sizeof dv);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.ignore_blank = LXW_VALIDATION_ON;
		dv.value_list = (char **)(uintptr_t)(k ? imp_list : op_list);
		lxw_col_t x = k ? RF_IMP : RF_OP;
		worksheet_data_validation_range(ws, RC_HEAD_ROW + 1, x, last, x, &dv);
	}
	worksheet_freeze_panes(ws, RC_HEAD_ROW + 1, 1);
	rx_print_setup(ws, RC_HEAD_ROW, RC_HEAD_ROW);
	worksheet_activate(ws);

	/* the indicators, for reference: protected (read-only) */
	static const char *const ihead[] = {"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo",
					    "Tên gọi khác"};
	static const double iwidth[] = {13, 64, 18, 12, 40};
	for (int k = 0; k < 5; k++)
		worksheet_set_column(wi, (lxw_col_t)k, (lxw_col_t)k, iwidth[k], NULL);
	worksheet_merge_range(wi, 0, 0, 0, 4, "CHỈ TIÊU (để tra mã khi viết quy tắc; sheet chỉ đọc)", f.title);
	for (int k = 0; k < 5; k++)
		worksheet_write_string(wi, RC_IND_HEAD_ROW, (lxw_col_t)k, ihead[k], f.head);
	for (size_t i = 0; i < n_inds; i++) {
		lxw_row_t y = (lxw_row_t)(RC_IND_HEAD_ROW + 1 + i);
		worksheet_write_string(wi, y, 0, inds[i].code, f.text_ref);
		worksheet_write_string(wi, y, 1, inds[i].name_vi, f.text);
		worksheet_write_string(wi, y, 2, inds[i].uom, f.center);
		worksheet_write_string(wi, y, 3, period_type_name_vi(freq_period_type(inds[i].freq)), f.center);
		worksheet_write_string(wi, y, 4, inds[i].synonyms, f.text);
	}
	worksheet_freeze_panes(wi, RC_IND_HEAD_ROW + 1, 1);
	rx_print_setup(wi, RC_IND_HEAD_ROW, RC_IND_HEAD_ROW);
	worksheet_protect(wi, NULL, NULL);
	return rx_book_finish(wb, tmp, path, out, e);
}

int sheet_catalog_write(store *s, sheet_format fmt, const char *path, buf *out, err *e)
{
	vrule *rs = NULL;
	indicator *inds = NULL;
	size_t n = 0, n_inds = 0;
	int rc = store_vrule_list(s, &rs, &n, e);
	if (!rc)
		rc = store_indicator_list(s, &inds, &n_inds, e);
	if (!rc && fmt == SHEET_CSV) {
		buf csv;
		buf_init(&csv, 0);
		rc = rc_csv(rs, n, path ? &csv : out, e);
		if (!rc && path) /* temporary file, fsync, rename */
			rc = report_write_file(path, csv.data ? csv.data : "", csv.len, e);
		buf_free(&csv);
	} else if (!rc) {
		rc = rc_xlsx(rs, n, inds, n_inds, path, out, e);
	}
	free(rs);
	free(inds);
	return rc;
}

/* ---- reading back ------------------------------------------------------------------------ */

typedef struct rc_ctx {
	const char *file;
	bool csv;
	xlsx_sheet *sh;
	int col[RF__N];
	uint32_t header;
	import_conflict *cf;
	size_t cf_max;
	import_conflict cf_one;
	long bad;
} rc_ctx;

/* One rule as the sheet gives it. */
typedef struct rc_row {
	vrule r;
	uint32_t row;   /* 0-based */
	bool imp_given; /* the importance cell was filled */
} rc_row;

static const char *rc_name(const rc_ctx *c)
{
	return c->csv ? c->file : c->sh->name;
}

/* The cell's name ("D7"), or the column's header when the column is absent. */
static void rc_ref(const rc_ctx *c, uint32_t row, int f, char *out, size_t n)
{
	if (c->col[f] < 0)
		snprintf(out, n, "%s", rc_cols[f].head);
	else
		xlsx_ref_format(out, n, row, (uint32_t)c->col[f]);
}

/* Copies src into dst (size n), cut at a character boundary when it does not fit. */
static void rc_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Records a bad row at the cell ref: the rule's code first, unless the reason already names it. */
static void rc_conflict_at(rc_ctx *c, uint32_t row, const char *ref, const char *code, const char *msg)
{
	if ((size_t)c->bad < c->cf_max) {
		import_conflict *k = &c->cf[c->bad];
		memset(k, 0, sizeof *k);
		k->row = (long)row + 1;
		rc_copy(k->field, sizeof k->field, ref);
		rc_copy(k->object, sizeof k->object, code ? code : "");
		buf b;
		buf_init(&b, ERR_MSG_MAX * 2);
		if (code && *code && strncmp(msg, "quy tắc ", strlen("quy tắc ")))
			buf_printf(&b, "quy tắc %s: ", code);
		buf_puts(&b, msg);
		rc_copy(k->msg, sizeof k->msg, buf_cstr(&b));
		buf_free(&b);
		k->code = ERR_INVALID;
	}
	c->bad++;
}

/* Records a bad row at the cell of field f. */
static void rc_conflict(rc_ctx *c, uint32_t row, int f, const char *code, const char *msg)
{
	char ref[RC_REF_MAX];
	rc_ref(c, row, f, ref, sizeof ref);
	rc_conflict_at(c, row, ref, code, msg);
}

/*
 * The text of a cell, trimmed, into out: a number as the rules write it (a
 * comma for the decimal point: Excel turns a typed "0,5" into a number).
 * -1 with msg for a formula: its cached result may be stale or missing.
 */
static int rc_text(rc_ctx *c, uint32_t row, int f, char *out, size_t n, char *msg, size_t mn)
{
	out[0] = '\0';
	if (c->col[f] < 0)
		return 0;
	const xlsx_cell *x = xlsx_cell_at(c->sh, row, (uint32_t)c->col[f]);
	if (!x)
		return 0;
	if (x->formula) {
		snprintf(msg, mn, "ô chứa công thức =%.80s; hãy gõ chữ (phép so sánh chọn trong danh sách, không gõ "
			 "dấu = ở đầu ô)", x->formula);
		return -1;
	}
	if (x->type == XLSX_NUMBER) {
		snprintf(out, n, "%.15g", x->num);
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
		return 0;
	}
	sheet_int_trim(x->text, out, n);
	return 0;
}

static bool rc_row_empty(rc_ctx *c, uint32_t row)
{
	for (int f = 0; f < RF__N; f++) {
		char t[8], m[8];
		if (c->col[f] < 0)
			continue;
		const xlsx_cell *x = xlsx_cell_at(c->sh, row, (uint32_t)c->col[f]);
		if (!x)
			continue;
		if (x->formula || rc_text(c, row, f, t, sizeof t, m, sizeof m) || t[0])
			return false;
	}
	return true;
}

static int rc_header(rc_ctx *c, err *e)
{
	uint32_t last = c->sh->n_rows < RC_HEADER_SCAN ? c->sh->n_rows : RC_HEADER_SCAN;
	int best_known = 0;
	uint32_t best_row = 0;
	int best[RF__N];
	for (uint32_t row = 0; row < last; row++) {
		int col[RF__N], known = 0;
		for (int f = 0; f < RF__N; f++)
			col[f] = -1;
		for (uint32_t x = 0; x < c->sh->n_cols && x < 200; x++) {
			const xlsx_cell *cell = xlsx_cell_at(c->sh, row, x);
			if (!cell || cell->type != XLSX_STRING)
				continue;
			char norm[96];
			sheet_int_norm(cell->text, norm, sizeof norm);
			for (int f = 0; f < RF__N && norm[0]; f++) {
				bool hit = false;
				for (int k = 0; rc_cols[f].names[k] && !hit; k++)
					hit = !strcmp(rc_cols[f].names[k], norm);
				if (!hit)
					continue;
				if (col[f] >= 0) {
					char r1[16], r2[16];
					xlsx_ref_format(r1, sizeof r1, row, (uint32_t)col[f]);
					xlsx_ref_format(r2, sizeof r2, row, x);
					buf b;
					buf_init(&b, 1024);
					sheet_where(c->csv, rc_name(c), (long)row + 1, r2, &b);
					err_set(e, ERR_INVALID, "%shai cột cùng là cột '%s' (%s và %s); chỉ giữ một", buf_cstr(&b),
						rc_cols[f].head, r1, r2);
					buf_free(&b);
					return ERR_INVALID;
				}
				col[f] = (int)x;
				known++;
			}
		}
		bool all = true;
		for (int f = 0; f < RF__N; f++)
			all = all && (!rc_cols[f].required || col[f] >= 0);
		if (all) {
			memcpy(c->col, col, sizeof col);
			c->header = row;
			return 0;
		}
		if (known > best_known) {
			best_known = known;
			best_row = row;
			memcpy(best, col, sizeof col);
		}
	}
	buf need;
	buf_init(&need, 1024);
	for (int f = 0; f < RF__N; f++)
		if (rc_cols[f].required && (best_known == 0 || best[f] < 0))
			buf_printf(&need, "%s'%s'", need.len ? ", " : "", rc_cols[f].head);
	if (best_known)
		err_set(e, ERR_INVALID, "%s '%s': dòng tiêu đề (dòng %u) thiếu cột %s (tên cột tiếng Anh: code, name, "
			"left, op, right, importance)", c->csv ? "Tệp" : "Sheet", rc_name(c), best_row + 1, buf_cstr(&need));
	else
		err_set(e, ERR_INVALID, "%s '%s': không tìm thấy dòng tiêu đề trong %d dòng đầu; cần các cột %s (hoặc "
			"code, name, left, op, right, importance)", c->csv ? "Tệp" : "Sheet", rc_name(c), RC_HEADER_SCAN,
			buf_cstr(&need));
	buf_free(&need);
	return ERR_INVALID;
}

/* The field of the sheet a vrule_compile message is about. */
static int rc_field_of_msg(const char *msg)
{
	if (strstr(msg, "(left"))
		return RF_LEFT;
	if (strstr(msg, "(right)"))
		return RF_RIGHT;
	if (strstr(msg, "(operator)"))
		return RF_OP;
	if (strstr(msg, "(importance)"))
		return RF_IMP;
	if (strstr(msg, "(name)"))
		return RF_NAME;
	return RF_CODE;
}

/* Whether the compiled rule's ref k appears on its right side (else the left). */
static bool rc_ref_on_right(const vrule_compiled *vc, int k)
{
	for (int i = 0; i < vc->side[1].n; i++)
		if (vc->side[1].item[i].kind == 'c' && vc->side[1].item[i].ref == k)
			return true;
	return false;
}

static const vrule *rc_find_rule(const vrule *rs, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rs[i].code, code))
			return &rs[i];
	return NULL;
}

static const indicator *rc_find_ind(const indicator *inds, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(inds[i].code, code))
			return &inds[i];
	return NULL;
}

/* Checks one row into *out; records its problems (the first of the row). */
static void rc_check_row(rc_ctx *c, uint32_t row, const rc_row *rows, size_t n_rows, const vrule *stored,
			 size_t n_stored, const indicator *inds, size_t n_inds, vrule_compiled *vc, rc_row *out)
{
	char txt[RF__N][RC_TEXT_MAX], msg[ERR_MSG_MAX];
	vrule *r = &out->r;
	memset(out, 0, sizeof *out);
	out->row = row;
	err e2;
	for (int f = 0; f < RF__N; f++)
		if (rc_text(c, row, f, txt[f], sizeof txt[f], msg, sizeof msg)) {
			char code[CODE_MAX] = "", scratch[8];
			if (f != RF_CODE)
				rc_text(c, row, RF_CODE, code, sizeof code, scratch, sizeof scratch);
			rc_conflict(c, row, f, code, msg);
			return;
		}
	const char *code = txt[RF_CODE];
	/* CSV: a cell under no header is most likely a field split at an unquoted comma ("10,5") */
	for (uint32_t x = 0; c->csv && x < c->sh->n_cols; x++) {
		const xlsx_cell *v = xlsx_cell_at(c->sh, row, x);
		const xlsx_cell *h = xlsx_cell_at(c->sh, c->header, x);
		if (!v || !v->text[0] || (h && h->text[0]))
			continue;
		char ref[16];
		xlsx_ref_format(ref, sizeof ref, row, x);
		snprintf(msg, sizeof msg, "'%.60s' không thuộc cột nào của dòng tiêu đề (chữ hoặc số có dấu phẩy phải "
			 "đặt trong ngoặc kép, ví dụ \"10,5\")", v->text);
		rc_conflict_at(c, row, ref, code, msg);
		return;
	}
	if (!code[0]) {
		rc_conflict(c, row, RF_CODE, "", "thiếu mã quy tắc (dòng có nội dung nhưng cột Mã quy tắc trống)");
		return;
	}
	if (model_set_text(r->code, sizeof r->code, code, "code", &e2)) {
		snprintf(msg, sizeof msg, "mã quy tắc dài quá %d byte", CODE_MAX - 1);
		rc_conflict(c, row, RF_CODE, "", msg);
		return;
	}
	for (size_t i = 0; i < n_rows; i++)
		if (!strcmp(rows[i].r.code, r->code)) {
			char first[16];
			rc_ref(c, rows[i].row, RF_CODE, first, sizeof first);
			snprintf(msg, sizeof msg, "mã đã có ở ô %s; mỗi quy tắc chỉ một dòng", first);
			rc_conflict(c, row, RF_CODE, r->code, msg);
			return;
		}
	static const struct {
		int f;
		size_t off, size;
		const char *what;
	} texts[] = {
		{RF_NAME, offsetof(vrule, name), sizeof r->name, "tên"},
		{RF_LEFT, offsetof(vrule, left), sizeof r->left, "vế trái"},
		{RF_RIGHT, offsetof(vrule, right), sizeof r->right, "vế phải"},
	};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		if (!txt[texts[k].f][0]) {
			snprintf(msg, sizeof msg, "thiếu %s", texts[k].what);
			rc_conflict(c, row, texts[k].f, r->code, msg);
			return;
		}
		if (model_set_text((char *)r + texts[k].off, texts[k].size, txt[texts[k].f], texts[k].what, &e2)) {
			snprintf(msg, sizeof msg, "%s dài quá %zu byte", texts[k].what, texts[k].size - 1);
			rc_conflict(c, row, texts[k].f, r->code, msg);
			return;
		}
	}
	if (vrule_op_from_code(txt[RF_OP], &r->op, &e2)) {
		rc_conflict(c, row, RF_OP, r->code, e2.msg);
		return;
	}
	const vrule *old = rc_find_rule(stored, n_stored, r->code);
	r->importance = old ? old->importance : VR_ERROR;
	if (txt[RF_IMP][0]) {
		out->imp_given = true;
		if (vrule_importance_from_code(txt[RF_IMP], &r->importance, &e2)) {
			snprintf(msg, sizeof msg, "mức độ '%.60s' không hợp lệ; chấp nhận: lỗi (error), cảnh báo (warning)",
				 txt[RF_IMP]);
			rc_conflict(c, row, RF_IMP, r->code, msg);
			return;
		}
	}
	if (vrule_compile(r, vc, &e2)) {
		rc_conflict(c, row, rc_field_of_msg(e2.msg), r->code, e2.msg);
		return;
	}
	const indicator *ptr[VRULE_REFS_MAX];
	for (int k = 0; k < vc->n_refs; k++)
		ptr[k] = rc_find_ind(inds, n_inds, vc->refs[k]);
	if (vrule_check_refs(vc, ptr, &e2)) {
		int f = RF_LEFT;
		for (int k = 0; k < vc->n_refs; k++)
			if (!ptr[k] || (ptr[0] && ptr[k]->freq != ptr[0]->freq)) {
				f = rc_ref_on_right(vc, k) ? RF_RIGHT : RF_LEFT;
				if (!ptr[k]) { /* the same code in other letters: say so */
					for (size_t i = 0; i < n_inds; i++)
						if (!strcasecmp(inds[i].code, vc->refs[k])) {
							size_t len = strlen(e2.msg);
							snprintf(e2.msg + len, sizeof e2.msg - len,
								 "; có phải '%s' (mã phân biệt chữ hoa, chữ thường)?", inds[i].code);
							break;
						}
				}
				break;
			}
		rc_conflict(c, row, f, r->code, e2.msg);
		return;
	}
}

static bool rc_same(const vrule *a, const vrule *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->left, b->left) && a->op == b->op &&
	       !strcmp(a->right, b->right) && a->importance == b->importance;
}

static int rc_add_change(sheet_catalog_result *res, sheet_change_kind k, const char *code, long row, err *e)
{
	sheet_rule_change *p = realloc(res->changes, (res->n_changes + 1) * sizeof *p);
	if (!p)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	res->changes = p;
	p[res->n_changes].kind = k;
	snprintf(p[res->n_changes].code, sizeof p[res->n_changes].code, "%s", code);
	p[res->n_changes].row = row;
	res->n_changes++;
	return 0;
}

/* Sets e from the first conflict: where, then why; "(và N lỗi khác)" when more. */
static int rc_error(rc_ctx *c, err *e)
{
	const import_conflict *k = &c->cf[0];
	buf b;
	buf_init(&b, ERR_MSG_MAX * 2);
	sheet_where(c->csv, rc_name(c), k->row, k->field, &b);
	buf_puts(&b, k->msg);
	if (c->bad > 1)
		buf_printf(&b, " (và %ld lỗi khác)", c->bad - 1);
	err_set(e, ERR_INVALID, "%s", buf_cstr(&b));
	buf_free(&b);
	return ERR_INVALID;
}

/* Checks every row, then writes the changes in one transaction. */
static int rc_apply(rc_ctx *c, store *s, const sheet_catalog_opts *o, sheet_catalog_result *res, err *e)
{
	vrule *stored = NULL;
	indicator *inds = NULL;
	size_t n_stored = 0, n_inds = 0, n_rows = 0, cap = 0;
	rc_row *rows = NULL;
	vrule_compiled *vc = malloc(sizeof *vc);
	int rc = vc ? 0 : err_set(e, ERR_NOMEM, "hết bộ nhớ");
	if (!rc)
		rc = store_vrule_list(s, &stored, &n_stored, e);
	if (!rc)
		rc = store_indicator_list(s, &inds, &n_inds, e);
	/* pass 1: every row checked, nothing written */
	for (uint32_t row = c->header + 1; !rc && row < c->sh->n_rows; row++) {
		if (rc_row_empty(c, row))
			continue;
		if (res->rows >= SHEET_RULES_MAX) {
			rc = err_set(e, ERR_TOOBIG, "%s '%s': quá nhiều quy tắc (tối đa %ld dòng)", c->csv ? "Tệp" : "Sheet",
				     rc_name(c), SHEET_RULES_MAX);
			break;
		}
		res->rows++;
		if (n_rows == cap) {
			cap = cap ? cap * 2 : 64;
			rc_row *p = realloc(rows, cap * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
				break;
			}
			rows = p;
		}
		long before = c->bad;
		rc_check_row(c, row, rows, n_rows, stored, n_stored, inds, n_inds, vc, &rows[n_rows]);
		if (c->bad == before)
			n_rows++;
		else if ((size_t)c->bad >= c->cf_max && c->cf_max > 1)
			break; /* no room to report more */
	}
	if (!rc && c->bad) {
		res->conflicts = c->bad;
		rc = rc_error(c, e);
	}
	if (rc)
		goto done;
	/* pass 2: one transaction */
	if ((rc = store_begin(s, e)))
		goto done;
	for (size_t i = 0; i < n_rows && !rc; i++) {
		rc_row *w = &rows[i];
		const vrule *old = rc_find_rule(stored, n_stored, w->r.code);
		if (old && rc_same(old, &w->r)) {
			res->unchanged++;
			continue;
		}
		err e2;
		int k = store_vrule_put(s, &w->r, &e2);
		if (k) {
			rc_conflict(c, w->row, RF_CODE, w->r.code, e2.msg);
			res->conflicts = c->bad;
			rc = rc_error(c, e);
			break;
		}
		if (old)
			res->updated++;
		else
			res->inserted++;
		rc = rc_add_change(res, old ? SHEET_RULE_UPDATED : SHEET_RULE_ADDED, w->r.code, (long)w->row + 1, e);
	}
	for (size_t i = 0; o->replace && !rc && i < n_stored; i++) {
		bool listed = false;
		for (size_t k = 0; k < n_rows && !listed; k++)
			listed = !strcmp(rows[k].r.code, stored[i].code);
		if (listed)
			continue;
		if (!(rc = store_vrule_delete(s, stored[i].code, e))) {
			res->deleted++;
			rc = rc_add_change(res, SHEET_RULE_REMOVED, stored[i].code, 0, e);
		}
	}
	if (rc || o->dry_run)
		store_rollback(s);
	else
		rc = store_commit(s, e);
done:
	if (rc) {
		res->inserted = res->updated = res->unchanged = res->deleted = 0;
		free(res->changes);
		res->changes = NULL;
		res->n_changes = 0;
	}
	free(rows);
	free(stored);
	free(inds);
	free(vc);
	return rc;
}

int sheet_catalog_import_mem(store *s, const void *data, size_t len, const char *name, sheet_format fmt,
			     const sheet_catalog_opts *o, sheet_catalog_result *res, err *e)
{
	memset(res, 0, sizeof *res);
	err_clear(e);
	rc_ctx c;
	memset(&c, 0, sizeof c);
	c.file = name ? name : "tệp";
	for (int f = 0; f < RF__N; f++)
		c.col[f] = -1;
	if (o->conflicts && o->conflicts_max) {
		c.cf = o->conflicts;
		c.cf_max = o->conflicts_max;
	} else {
		c.cf = &c.cf_one;
		c.cf_max = 1;
	}
	const unsigned char *u = data;
	if (!fmt)
		fmt = (len >= 2 && u[0] == 'P' && u[1] == 'K') || (len >= 4 && !memcmp(u, "\xD0\xCF\x11\xE0", 4))
			      ? SHEET_XLSX
			      : SHEET_CSV;
	xlsx_limits lim;
	memset(&lim, 0, sizeof lim);
	if (o->limits)
		lim = *o->limits;
	xlsx_book *book = NULL;
	int rc;
	if (fmt == SHEET_XLSX) {
		rc = xlsx_open_mem(data, len, c.file, &lim, &book, e);
		long i = rc ? -1 : xlsx_sheet_find(book, SHEET_RULES_NAME);
		if (!rc && i < 0 && xlsx_sheet_count(book) == 1)
			i = 0;
		if (!rc && i < 0) {
			buf l;
			buf_init(&l, 2048);
			for (size_t k = 0; k < xlsx_sheet_count(book) && k < 20; k++)
				buf_printf(&l, "%s'%s'", k ? ", " : "", xlsx_sheet_name(book, k));
			rc = err_set(e, ERR_INVALID, "tệp %s không có sheet '%s' (các sheet: %s)", c.file, SHEET_RULES_NAME,
				     buf_cstr(&l));
			buf_free(&l);
		}
		if (!rc)
			rc = xlsx_sheet_read(book, (size_t)i, &c.sh, e);
	} else {
		c.csv = true;
		rc = sheet_int_csv_grid(data, len, c.file, lim.max_cells, &c.sh, e);
	}
	if (!rc) {
		snprintf(res->sheet, sizeof res->sheet, "%s", rc_name(&c));
		res->csv = c.csv;
		rc = rc_header(&c, e);
	}
	if (!rc)
		rc = rc_apply(&c, s, o, res, e);
	if (rc && c.cf == &c.cf_one)
		res->conflicts = 0; /* the caller gave no room: nothing to show */
	else if (res->conflicts > (long)c.cf_max)
		res->conflicts = (long)c.cf_max;
	xlsx_sheet_free(c.sh);
	xlsx_close(book);
	return rc;
}

int sheet_catalog_import_file(store *s, const char *path, const sheet_catalog_opts *o, sheet_catalog_result *res,
			      err *e)
{
	memset(res, 0, sizeof *res);
	xlsx_limits lim;
	memset(&lim, 0, sizeof lim);
	if (o->limits)
		lim = *o->limits;
	size_t max = lim.max_file_bytes ? lim.max_file_bytes : (size_t)32 << 20;
	buf b;
	int rc = xlsx_file_bytes(path, max, &b, e);
	if (!rc) {
		const char *base = strrchr(path, '/');
		size_t n = strlen(path);
		sheet_format fmt = n > 5 && !strcasecmp(path + n - 5, ".xlsx")  ? SHEET_XLSX
				   : n > 4 && !strcasecmp(path + n - 4, ".csv") ? SHEET_CSV
										 : 0;
		rc = sheet_catalog_import_mem(s, b.data ? b.data : "", b.len, base ? base + 1 : path, fmt, o, res, e);
	}
	buf_free(&b);
	return rc;
}

void sheet_catalog_result_free(sheet_catalog_result *res)
{
	if (!res)
		return;
	free(res->changes);
	res->changes = NULL;
	res->n_changes = 0;
}
