/*
 * sheet_import.c - reading filled templates (or any sheet with a header row
 * naming its columns) back as values or targets (sheet.h).
 *
 * Steps:
 *  1. the grid: an .xlsx sheet through office/xlsx_read.h, or a CSV file
 *     put into the same grid (every field a string), so one reader serves both;
 *  2. the header row: the first of the top 30 rows whose cells name the
 *     required columns (names compared accent-free, case-insensitive, blanks
 *     and punctuation as '_'); unknown columns are ignored;
 *  3. the data rows: those whose input cell ("Số liệu" / "Kế hoạch") is not
 *     empty; counted against max_rows, and a key given twice with a different
 *     figure is refused naming both cells;
 *  4. values: the rows are handed to import_values_rows (core/import.h) one
 *     at a time, with each field named by its cell ("E7"), so its conflicts
 *     name cells; a cell the core cannot judge (a formula, TRUE, #DIV/0!, text
 *     that is not a number) is handed over as a bad row with our message.
 *     Targets: every row is checked here (codes, year, kind, source, numbers,
 *     target_check), then all are written in one transaction and compared
 *     with what is stored (inserted / updated / unchanged).
 *
 * Formulas are refused in input cells: a cached result may be stale or
 * missing (LibreOffice and libxlsxwriter may store none or 0), and the figure
 * entered must be the one a person typed. In key cells (codes, period) the
 * cached text is used, since those are looked up, not entered.
 *
 * Not for: writing templates (sheet_template.c) or deciding who may write
 * (the caller's allow callback; targets are for administrators, checked by
 * the API).
 */
#include "report/sheet.h"
#include "report/sheet_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model.h"
#include "core/vnfmt.h"
#include "util/csv.h"
#include "util/text.h"

/* A cell name ("E7") or a column's label ("Số liệu / Kế hoạch"), as errors name them. */
#define SI_REF_MAX 48 /* = import_conflict.field */

#define SI_HEADER_SCAN 30 /* rows searched for the header */
#define SI_TEXT_MAX 256

/* ---- kinds and formats -------------------------------------------------------- */

int sheet_kind_from_code(const char *s, sheet_kind *out, err *e)
{
	if (s && (!strcmp(s, "values") || !strcmp(s, "so_lieu") || !strcmp(s, "value"))) {
		*out = SHEET_VALUES;
		return 0;
	}
	if (s && (!strcmp(s, "targets") || !strcmp(s, "ke_hoach") || !strcmp(s, "target"))) {
		*out = SHEET_TARGETS;
		return 0;
	}
	return err_set(e, ERR_INVALID, "\"%.60s\": loại biểu không hợp lệ; chấp nhận: values (số liệu), targets (kế hoạch)",
		       s ? s : "");
}

const char *sheet_kind_code(sheet_kind k)
{
	return k == SHEET_TARGETS ? "targets" : "values";
}

int sheet_format_from_code(const char *s, sheet_format *out, err *e)
{
	if (s && !strcasecmp(s, "xlsx")) {
		*out = SHEET_XLSX;
		return 0;
	}
	if (s && !strcasecmp(s, "csv")) {
		*out = SHEET_CSV;
		return 0;
	}
	return err_set(e, ERR_INVALID, "\"%.60s\": định dạng không hợp lệ; chấp nhận: xlsx, csv", s ? s : "");
}

/* ---- columns ------------------------------------------------------------------------ */

enum si_field {
	SF_IND, SF_UNIT, SF_PERIOD, SF_VALUE, SF_EST,
	SF_YEAR, SF_YEAR_TO, SF_KIND, SF_SOURCE, SF_BASE, SF_TOTAL, SF_NOTE,
	SF__N
};

typedef struct si_col {
	const char *label;       /* for messages: the template's header */
	const char *names[8];    /* normalised names accepted */
	unsigned kinds;          /* 1: values, 2: targets */
	unsigned required;       /* same bits: required for that kind */
} si_col;

static const si_col si_cols[SF__N] = {
	[SF_IND] = {"Mã chỉ tiêu", {"ma_chi_tieu", "indicator", "indicator_code", "chi_tieu", "dataelement",
				    "data_element", NULL}, 3, 3},
	[SF_UNIT] = {"Mã đơn vị", {"ma_don_vi", "unit", "unit_code", "don_vi", "orgunit", "org_unit", NULL}, 3, 3},
	[SF_PERIOD] = {"Kỳ", {"ky", "period", "ky_bao_cao", "ma_ky", NULL}, 1, 1},
	[SF_VALUE] = {"Số liệu / Kế hoạch", {"so_lieu", "value", "gia_tri", "thuc_hien", "ke_hoach", "target",
					     "chi_tieu_ke_hoach", NULL}, 3, 3},
	[SF_EST] = {"Ước tính", {"uoc_tinh", "estimate", "uoc", NULL}, 1, 0},
	[SF_YEAR] = {"Năm", {"nam", "year", "year_from", "tu_nam", NULL}, 2, 2},
	[SF_YEAR_TO] = {"Đến năm", {"den_nam", "year_to", NULL}, 2, 0},
	[SF_KIND] = {"Loại", {"loai", "kind", "target_kind", NULL}, 2, 0},
	[SF_SOURCE] = {"Nguồn", {"nguon", "source", NULL}, 2, 0},
	[SF_BASE] = {"Mức gốc", {"muc_goc", "baseline", "gia_tri_goc", NULL}, 2, 0},
	[SF_TOTAL] = {"Tổng (X/Y)", {"tong_x_y", "total", "tong", "tong_so", NULL}, 2, 0},
	[SF_NOTE] = {"Ghi chú", {"ghi_chu", "note", NULL}, 2, 0},
};

/* values-only names of the value column, targets-only ones */
static bool si_value_name_ok(sheet_kind k, const char *name)
{
	static const char *const values_only[] = {"so_lieu", "thuc_hien"};
	static const char *const targets_only[] = {"ke_hoach", "target", "chi_tieu_ke_hoach"};
	const char *const *no = k == SHEET_VALUES ? targets_only : values_only;
	size_t n = k == SHEET_VALUES ? 3 : 2;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(no[i], name))
			return false;
	return true;
}

/* The normalised header: accent-free, lower case, runs of other characters as one '_'. */
static void si_norm(const char *raw, char *out, size_t n)
{
	buf b;
	buf_init(&b, 4096);
	const char *k = raw;
	if (text_key(&b, raw) == 0)
		k = buf_cstr(&b);
	size_t j = 0;
	bool sep = false;
	for (size_t i = 0; k[i] && j + 1 < n; i++) {
		unsigned char c = (unsigned char)k[i];
		if (isalnum(c) && c < 0x80) {
			if (sep && j)
				out[j++] = '_';
			sep = false;
			if (j + 1 < n)
				out[j++] = (char)tolower(c);
		} else {
			sep = true;
		}
	}
	out[j] = '\0';
	buf_free(&b);
}

/* ---- the context ---------------------------------------------------------------------- */

typedef struct si_ctx {
	store *s;
	const sheet_import_opts *o;
	sheet_kind kind;
	const char *file;
	bool csv;
	xlsx_sheet *sh;
	int col[SF__N];              /* column of each field, -1 when absent */
	uint32_t header;             /* 0-based */
	uint32_t *rows;              /* data rows (0-based sheet rows) */
	size_t n_rows;
	uint32_t *dup_of;            /* per data row: 1-based row of an earlier differing twin, 0 */
	uint32_t *stray;             /* CSV, per data row: 1 + the column of a cell without a header, 0 */
	import_conflict *cf;         /* conflicts (the caller's or one of ours) */
	size_t cf_max;
	import_conflict cf_one;
	/* the reader's current row (values) */
	size_t next;
	char txt[IMPORT_F__N][SI_TEXT_MAX];
	char ref[IMPORT_F__N][SI_REF_MAX];
	char bad_msg[ERR_MSG_MAX];
	char bad_obj[128];
	char bad_field[SI_REF_MAX];
} si_ctx;

static uint32_t si_col_of(const si_ctx *c, int f)
{
	return (uint32_t)c->col[f];
}

static const xlsx_cell *si_cell(si_ctx *c, uint32_t row, int f)
{
	return c->col[f] < 0 ? NULL : xlsx_cell_at(c->sh, row, si_col_of(c, f));
}

/* The cell's name ("E7"), or the column's header when the field is absent. */
static void si_ref(const si_ctx *c, uint32_t row, int f, char *out, size_t n)
{
	if (c->col[f] < 0)
		snprintf(out, n, "%s", si_cols[f].label);
	else
		xlsx_ref_format(out, n, row, si_col_of(c, f));
}

void sheet_where(bool csv, const char *name, long row1, const char *ref, buf *b)
{
	size_t n = ref ? strlen(ref) : 0;
	bool cell = n && isalpha((unsigned char)ref[0]) && isdigit((unsigned char)ref[n - 1]);
	if (csv) {
		char letters[16];
		size_t k = 0;
		for (; cell && isalpha((unsigned char)ref[k]) && k + 1 < sizeof letters; k++)
			letters[k] = ref[k];
		letters[k] = '\0';
		if (letters[0])
			buf_printf(b, "Tệp %s, dòng %ld, cột %s: ", name, row1, letters);
		else
			buf_printf(b, "Tệp %s, dòng %ld: ", name, row1);
	} else if (cell) {
		buf_printf(b, "Sheet '%s', ô %s: ", name, ref);
	} else {
		buf_printf(b, "Sheet '%s', dòng %ld: ", name, row1);
	}
}

static void si_where(const si_ctx *c, uint32_t row1, const char *ref, buf *b)
{
	sheet_where(c->csv, c->csv ? c->file : c->sh->name, (long)row1, ref, b);
}

/* Sets e from the first conflict: where, then why; "(và N lỗi khác)" when more. */
static int si_error_from_conflicts(si_ctx *c, long n, int code, err *e)
{
	const import_conflict *k = &c->cf[0];
	buf b;
	buf_init(&b, ERR_MSG_MAX * 2);
	si_where(c, (uint32_t)k->row, k->field, &b);
	buf_puts(&b, k->msg);
	if (n > 1)
		buf_printf(&b, " (và %ld lỗi khác)", n - 1);
	err_set(e, code ? code : ERR_INVALID, "%s", buf_cstr(&b));
	buf_free(&b);
	return e->code;
}

/* Records a bad row (targets): row1 1-based, ref the cell. */
static void si_conflict(si_ctx *c, long *n, uint32_t row1, const char *ref, const char *object, int code,
			const char *msg)
{
	if ((size_t)*n < c->cf_max) {
		import_conflict *k = &c->cf[*n];
		memset(k, 0, sizeof *k);
		k->row = row1;
		snprintf(k->field, sizeof k->field, "%s", ref);
		snprintf(k->object, sizeof k->object, "%s", object ? object : "");
		snprintf(k->msg, sizeof k->msg, "%s", msg);
		k->code = code;
	}
	(*n)++;
}

/* ---- cells ------------------------------------------------------------------------------ */

/* Copies s trimmed of blanks (also U+00A0, which pasting from the web leaves) into out. */
static void si_trim_copy(const char *s, char *out, size_t n)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2;
		else
			break;
	}
	size_t len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
			len--;
		else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
			len -= 2;
		else
			break;
	}
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

/* Empty: no cell, a blank, or only blanks; a formula is never empty. */
static bool si_empty(const xlsx_cell *x)
{
	if (!x)
		return true;
	if (x->formula)
		return false;
	if (x->type == XLSX_BLANK)
		return true;
	if (x->type != XLSX_STRING)
		return false;
	char t[8];
	si_trim_copy(x->text, t, sizeof t);
	return !t[0];
}

/* The text of a key cell (a formula's cached text), trimmed; "" for none. */
static void si_text(const xlsx_cell *x, char *out, size_t n)
{
	if (!x) {
		out[0] = '\0';
		return;
	}
	si_trim_copy(x->text, out, n);
}

/*
 * The amount of an input cell: 0, or -1 with a message in msg (object gets
 * the cell as shown). Numbers as numbers, or Vietnamese text "1.739,5".
 */
static int si_amount(const xlsx_cell *x, num_t *out, char *msg, size_t n, char *obj, size_t on)
{
	char t[SI_TEXT_MAX];
	si_text(x, t, sizeof t);
	snprintf(obj, on, "%s", t);
	if (x->formula) {
		snprintf(obj, on, "=%s", x->formula);
		snprintf(msg, n, "ô chứa công thức =%.80s; hãy nhập số trực tiếp (hoặc dán đặc biệt dạng giá trị), "
			 "không nhập công thức", x->formula);
		return -1;
	}
	switch (x->type) {
	case XLSX_NUMBER:
		if (num_from_double(x->num, out)) {
			snprintf(msg, n, "số '%s' quá lớn (tối đa 90.000.000.000.000)", t);
			return -1;
		}
		return 0;
	case XLSX_BOOL:
		snprintf(msg, n, "'%s' là giá trị đúng/sai, không phải là số", t);
		return -1;
	case XLSX_ERROR:
		snprintf(msg, n, "ô có lỗi %s, không phải là số", t);
		return -1;
	default:
		break;
	}
	bool digit = false;
	for (const char *p = t; *p && !digit; p++)
		digit = isdigit((unsigned char)*p);
	err e2;
	if (!digit) {
		snprintf(msg, n, "'%s' không phải là số", t);
		return -1;
	}
	if (vn_parse_num(t, out, &e2)) {
		snprintf(msg, n, "%s", e2.msg);
		return -1;
	}
	return 0;
}

/* ---- the grid ----------------------------------------------------------------------------- */

/* A CSV file as a grid: row = the record's line - 1, every field a string. */
static int si_csv_grid(const void *data, size_t len, const char *name, size_t max_cells, xlsx_sheet **out,
		       err *e)
{
	*out = NULL;
	FILE *f = fmemopen((void *)(uintptr_t)data, len ? len : 1, "r");
	if (!f)
		return err_set(e, ERR_NOMEM, "không đọc được tệp %s", name);
	if (!len) {
		fclose(f);
		return err_set(e, ERR_INVALID, "tệp %s trống", name);
	}
	csv_reader *r = NULL;
	xlsx_sheet *sh = NULL;
	int rc = xlsx_sheet_new(name, max_cells, &sh, e);
	if (!rc)
		rc = csv_open(f, name, 0, &r, e);
	while (!rc) {
		char **fields;
		size_t n;
		int k = csv_next(r, &fields, &n, e);
		if (k <= 0) {
			rc = k;
			break;
		}
		long line = csv_line(r);
		if (line < 1 || (unsigned long)line > XLSX_MAX_ROWS) {
			rc = err_set(e, ERR_TOOBIG, "tệp %s có quá nhiều dòng", name);
			break;
		}
		for (size_t i = 0; i < n && !rc; i++)
			if (fields[i][0])
				rc = xlsx_sheet_add(sh, (uint32_t)(line - 1), (uint32_t)i, XLSX_STRING, 0, fields[i], NULL, e);
	}
	csv_close(r);
	fclose(f);
	if (rc) {
		xlsx_sheet_free(sh);
		return rc;
	}
	*out = sh;
	return 0;
}

/* Picks and reads the sheet of an .xlsx workbook. */
static int si_xlsx_grid(si_ctx *c, xlsx_book *b, xlsx_sheet **out, err *e)
{
	const char *want = c->o->sheet && *c->o->sheet ? c->o->sheet
			   : c->kind == SHEET_TARGETS ? SHEET_TARGETS_NAME : SHEET_VALUES_NAME;
	long i = xlsx_sheet_find(b, want);
	if (i < 0 && !(c->o->sheet && *c->o->sheet) && xlsx_sheet_count(b) == 1) {
		const char *other = c->kind == SHEET_TARGETS ? SHEET_VALUES_NAME : SHEET_TARGETS_NAME;
		if (!strcmp(xlsx_sheet_name(b, 0), other))
			return err_set(e, ERR_INVALID, "tệp %s là biểu %s (sheet '%s'), không phải biểu %s; dùng --kind %s",
				       c->file, c->kind == SHEET_TARGETS ? "số liệu" : "kế hoạch", other,
				       c->kind == SHEET_TARGETS ? "kế hoạch" : "số liệu",
				       c->kind == SHEET_TARGETS ? "values" : "targets");
		i = 0;
	}
	if (i < 0 && !(c->o->sheet && *c->o->sheet) && xlsx_sheet_find(b, SHEET_RULES_NAME) >= 0)
		return err_set(e, ERR_INVALID, "tệp %s là biểu danh mục (sheet '%s'); nhập bằng `chitieu sheet "
			       "catalog-import` (API: POST /api/sheet/catalog)", c->file, SHEET_RULES_NAME);
	if (i < 0) {
		buf l;
		buf_init(&l, 2048);
		for (size_t k = 0; k < xlsx_sheet_count(b) && k < 20; k++)
			buf_printf(&l, "%s'%s'", k ? ", " : "", xlsx_sheet_name(b, k));
		err_set(e, ERR_INVALID, "tệp %s không có sheet '%s' (các sheet: %s); chọn sheet bằng --sheet TÊN", c->file,
			want, buf_cstr(&l));
		buf_free(&l);
		return ERR_INVALID;
	}
	return xlsx_sheet_read(b, (size_t)i, out, e);
}

/* ---- header and data rows ---------------------------------------------------------------- */

static int si_header(si_ctx *c, err *e)
{
	unsigned bit = c->kind == SHEET_TARGETS ? 2 : 1;
	uint32_t last = c->sh->n_rows < SI_HEADER_SCAN ? c->sh->n_rows : SI_HEADER_SCAN;
	int best_known = 0;
	uint32_t best_row = 0;
	for (uint32_t row = 0; row < last; row++) {
		int col[SF__N];
		for (int f = 0; f < SF__N; f++)
			col[f] = -1;
		int known = 0;
		for (uint32_t x = 0; x < c->sh->n_cols && x < 200; x++) {
			const xlsx_cell *cell = xlsx_cell_at(c->sh, row, x);
			if (!cell || cell->type != XLSX_STRING)
				continue;
			char norm[96];
			si_norm(cell->text, norm, sizeof norm);
			if (!norm[0])
				continue;
			for (int f = 0; f < SF__N; f++) {
				if (!(si_cols[f].kinds & bit))
					continue;
				bool hit = false;
				for (int k = 0; si_cols[f].names[k] && !hit; k++)
					hit = !strcmp(si_cols[f].names[k], norm);
				if (hit && f == SF_VALUE && !si_value_name_ok(c->kind, norm))
					hit = false;
				if (!hit)
					continue;
				if (col[f] >= 0) {
					char r1[16], r2[16];
					xlsx_ref_format(r1, sizeof r1, row, (uint32_t)col[f]);
					xlsx_ref_format(r2, sizeof r2, row, x);
					buf b;
					buf_init(&b, 1024);
					si_where(c, row + 1, r2, &b);
					err_set(e, ERR_INVALID, "%shai cột cùng là cột '%s' (%s và %s); chỉ giữ một", buf_cstr(&b),
						si_cols[f].label, r1, r2);
					buf_free(&b);
					return ERR_INVALID;
				}
				col[f] = (int)x;
				known++;
			}
		}
		bool all = true;
		for (int f = 0; f < SF__N; f++)
			if ((si_cols[f].required & bit) && col[f] < 0)
				all = false;
		if (all) {
			memcpy(c->col, col, sizeof col);
			c->header = row;
			return 0;
		}
		if (known > best_known) {
			best_known = known;
			best_row = row;
			memcpy(c->col, col, sizeof col);
		}
	}
	buf need;
	buf_init(&need, 1024);
	for (int f = 0; f < SF__N; f++)
		if ((si_cols[f].required & bit) && (best_known == 0 || c->col[f] < 0))
			buf_printf(&need, "%s'%s'", need.len ? ", " : "",
				   f == SF_VALUE ? (c->kind == SHEET_TARGETS ? "Kế hoạch" : "Số liệu") : si_cols[f].label);
	const char *english = c->kind == SHEET_TARGETS ? "indicator, unit, year, value" : "indicator, unit, period, value";
	if (best_known)
		err_set(e, ERR_INVALID, "%s %s: dòng tiêu đề (dòng %u) thiếu cột %s (tên cột tiếng Anh: %s)",
			c->csv ? "Tệp" : "Sheet", c->csv ? c->file : c->sh->name, best_row + 1, buf_cstr(&need), english);
	else
		err_set(e, ERR_INVALID, "%s '%s': không tìm thấy dòng tiêu đề trong %d dòng đầu; cần các cột %s (hoặc %s)",
			c->csv ? "Tệp" : "Sheet", c->csv ? c->file : c->sh->name, SI_HEADER_SCAN, buf_cstr(&need), english);
	buf_free(&need);
	for (int f = 0; f < SF__N; f++)
		c->col[f] = -1;
	return ERR_INVALID;
}

/* FNV-1a over the key cells of a row. */
static uint64_t si_key_hash(si_ctx *c, uint32_t row, const int *keys, int n_keys)
{
	uint64_t h = 1469598103934665603ULL;
	for (int k = 0; k < n_keys; k++) {
		char t[SI_TEXT_MAX];
		si_text(si_cell(c, row, keys[k]), t, sizeof t);
		for (const char *p = t; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1F) * 1099511628211ULL;
	}
	return h;
}

static bool si_same_keys(si_ctx *c, uint32_t a, uint32_t b, const int *keys, int n_keys)
{
	for (int k = 0; k < n_keys; k++) {
		char ta[SI_TEXT_MAX], tb[SI_TEXT_MAX];
		si_text(si_cell(c, a, keys[k]), ta, sizeof ta);
		si_text(si_cell(c, b, keys[k]), tb, sizeof tb);
		if (strcmp(ta, tb))
			return false;
	}
	return true;
}

/* Whether two rows give the same figure (and the same estimate flag). */
static bool si_same_figure(si_ctx *c, uint32_t a, uint32_t b)
{
	num_t va, vb;
	char m[8], o[8];
	const xlsx_cell *ca = si_cell(c, a, SF_VALUE), *cb = si_cell(c, b, SF_VALUE);
	if (si_amount(ca, &va, m, sizeof m, o, sizeof o) || si_amount(cb, &vb, m, sizeof m, o, sizeof o))
		return true; /* a bad cell is reported as such, not as a twin */
	if (va != vb)
		return false;
	int rest[] = {SF_EST, SF_KIND, SF_BASE, SF_TOTAL, SF_NOTE};
	return si_same_keys(c, a, b, rest, 5);
}

/* Finds the data rows, counts them, and marks keys given twice with different figures. */
static int si_rows(si_ctx *c, err *e)
{
	long max = c->o->max_rows > 0 ? c->o->max_rows : SHEET_MAX_ROWS;
	size_t cap = 0;
	for (uint32_t row = c->header + 1; row < c->sh->n_rows; row++) {
		if (si_empty(si_cell(c, row, SF_VALUE)))
			continue;
		if ((long)c->n_rows >= max)
			return err_set(e, ERR_TOOBIG, "%s '%s': quá nhiều dòng số liệu (tối đa %ld dòng mỗi lần nhập)",
				       c->csv ? "Tệp" : "Sheet", c->csv ? c->file : c->sh->name, max);
		if (c->n_rows == cap) {
			cap = cap ? cap * 2 : 256;
			uint32_t *p = realloc(c->rows, cap * sizeof *p);
			if (!p)
				return err_set(e, ERR_NOMEM, "hết bộ nhớ");
			c->rows = p;
		}
		c->rows[c->n_rows++] = row;
	}
	/* CSV: a cell under no header is most likely a number split at its ',' ("1,739.5"):
	 * refused, as `chitieu import` does */
	c->stray = calloc(c->n_rows ? c->n_rows : 1, sizeof *c->stray);
	if (!c->stray)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	for (size_t i = 0; c->csv && i < c->n_rows; i++)
		for (uint32_t x = 0; x < c->sh->n_cols && !c->stray[i]; x++)
			if (!si_empty(xlsx_cell_at(c->sh, c->rows[i], x)) && si_empty(xlsx_cell_at(c->sh, c->header, x)))
				c->stray[i] = x + 1;
	c->dup_of = calloc(c->n_rows ? c->n_rows : 1, sizeof *c->dup_of);
	size_t hcap = 16;
	while (hcap < c->n_rows * 2)
		hcap *= 2;
	uint32_t *slot = calloc(hcap, sizeof *slot); /* data row index + 1 */
	if (!c->dup_of || !slot) {
		free(slot);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	int keys_v[] = {SF_IND, SF_UNIT, SF_PERIOD};
	int keys_t[] = {SF_IND, SF_UNIT, SF_YEAR, SF_YEAR_TO, SF_SOURCE};
	const int *keys = c->kind == SHEET_TARGETS ? keys_t : keys_v;
	int n_keys = c->kind == SHEET_TARGETS ? 5 : 3;
	for (size_t i = 0; i < c->n_rows; i++) {
		size_t h = (size_t)si_key_hash(c, c->rows[i], keys, n_keys) & (hcap - 1);
		for (; slot[h]; h = (h + 1) & (hcap - 1)) {
			uint32_t j = slot[h] - 1;
			if (si_same_keys(c, c->rows[j], c->rows[i], keys, n_keys)) {
				if (!si_same_figure(c, c->rows[j], c->rows[i]))
					c->dup_of[i] = c->rows[j] + 1;
				break;
			}
		}
		if (!slot[h])
			slot[h] = (uint32_t)(i + 1);
	}
	free(slot);
	return 0;
}

/* ---- values ---------------------------------------------------------------------------------- */

static const int si_field_of[IMPORT_F__N] = {
	[IMPORT_F_INDICATOR] = SF_IND, [IMPORT_F_UNIT] = SF_UNIT, [IMPORT_F_PERIOD] = SF_PERIOD,
	[IMPORT_F_VALUE] = SF_VALUE, [IMPORT_F_ESTIMATE] = SF_EST,
};

/* import_next_fn over the data rows. */
static int si_next(void *ctx, import_in *in, err *e)
{
	(void)e;
	si_ctx *c = ctx;
	if (c->next >= c->n_rows)
		return 0;
	size_t i = c->next++;
	uint32_t row = c->rows[i];
	for (int k = 0; k < IMPORT_F__N; k++) {
		int f = si_field_of[k];
		si_ref(c, row, f, c->ref[k], sizeof c->ref[k]);
		in->name[k] = c->ref[k];
		const xlsx_cell *x = si_cell(c, row, f);
		if (k == IMPORT_F_VALUE)
			continue;
		if (k == IMPORT_F_ESTIMATE && x && x->type == XLSX_BOOL)
			snprintf(c->txt[k], sizeof c->txt[k], "%s", x->num != 0 ? "1" : "0");
		else
			si_text(x, c->txt[k], sizeof c->txt[k]);
		in->text[k] = c->txt[k];
	}
	if (c->stray[i]) {
		xlsx_ref_format(c->bad_field, sizeof c->bad_field, row, c->stray[i] - 1);
		si_text(xlsx_cell_at(c->sh, row, c->stray[i] - 1), c->bad_obj, sizeof c->bad_obj);
		snprintf(c->bad_msg, sizeof c->bad_msg,
			 "'%.60s' không thuộc cột nào của dòng tiêu đề (số có dấu phẩy phải đặt trong ngoặc kép, "
			 "ví dụ \"1.739,5\")", c->bad_obj);
		in->bad_field = c->bad_field;
		in->bad_object = c->bad_obj;
		in->bad_msg = c->bad_msg;
		return 1;
	}
	const xlsx_cell *v = si_cell(c, row, SF_VALUE);
	num_t amount = 0;
	if (si_amount(v, &amount, c->bad_msg, sizeof c->bad_msg, c->bad_obj, sizeof c->bad_obj)) {
		snprintf(c->bad_field, sizeof c->bad_field, "%s", c->ref[IMPORT_F_VALUE]);
		in->bad_field = c->bad_field;
		in->bad_object = c->bad_obj;
		in->bad_msg = c->bad_msg;
		return 1;
	}
	snprintf(c->txt[IMPORT_F_VALUE], sizeof c->txt[IMPORT_F_VALUE], "%s", c->bad_obj);
	in->text[IMPORT_F_VALUE] = c->txt[IMPORT_F_VALUE];
	in->has_amount = true;
	in->amount = amount;
	if (c->dup_of[i]) {
		char first[16];
		xlsx_ref_format(first, sizeof first, c->dup_of[i] - 1, si_col_of(c, SF_VALUE));
		snprintf(c->bad_msg, sizeof c->bad_msg,
			 "chỉ tiêu %.40s, đơn vị %.40s, kỳ %.20s đã có ở ô %s với số liệu khác; mỗi chỉ tiêu chỉ nhập "
			 "một lần",
			 c->txt[IMPORT_F_INDICATOR], c->txt[IMPORT_F_UNIT], c->txt[IMPORT_F_PERIOD], first);
		snprintf(c->bad_field, sizeof c->bad_field, "%s", c->ref[IMPORT_F_VALUE]);
		in->bad_field = c->bad_field;
		in->bad_object = c->txt[IMPORT_F_VALUE];
		in->bad_msg = c->bad_msg;
	}
	return 1;
}

static int si_import_values(si_ctx *c, sheet_import_result *res, err *e)
{
	import_opts io = {.dry_run = c->o->dry_run, .by = c->o->by ? c->o->by : "", .reason = c->o->reason,
			  .comment = c->o->comment};
	import_checks chk = {
		.allow = c->o->allow,
		.allow_ctx = c->o->allow_ctx,
		.conflicts = c->cf,
		.conflicts_max = c->cf_max,
		.max_rows = 0,
		.by_fixed = true,
	};
	int rc = import_values_rows(c->s, si_next, c, c->csv ? c->file : c->sh->name, &io, &chk, &res->sum, e);
	if (!rc)
		return 0;
	if (res->sum.conflicts > 0) {
		/* row: our data row index -> the sheet's row number */
		size_t n = (size_t)res->sum.conflicts < c->cf_max ? (size_t)res->sum.conflicts : c->cf_max;
		for (size_t k = 0; k < n; k++)
			if (c->cf[k].row >= 0 && (size_t)c->cf[k].row < c->n_rows)
				c->cf[k].row = (long)c->rows[c->cf[k].row] + 1;
		return si_error_from_conflicts(c, res->sum.conflicts, rc, e);
	}
	return err_prefix(e, "%s '%s': ", c->csv ? "Tệp" : "Sheet", c->csv ? c->file : c->sh->name);
}

/* ---- targets --------------------------------------------------------------------------------- */

typedef struct si_target {
	target t;
	uint32_t row;       /* 0-based sheet row */
	bool has_note;      /* the sheet has a note column: its text replaces the stored note */
} si_target;

/* An integer year cell: 0, or -1 with msg. */
static int si_year(const xlsx_cell *x, int *out, char *msg, size_t n)
{
	char t[64];
	si_text(x, t, sizeof t);
	if (x && x->formula && !t[0]) {
		snprintf(msg, n, "ô chứa công thức không có giá trị");
		return -1;
	}
	char *end;
	errno = 0;
	long y = strtol(t, &end, 10);
	if (!t[0] || errno || *end || y < 1900 || y > 9999) {
		snprintf(msg, n, "'%s' không phải là năm (viết 4 chữ số, ví dụ 2022)", t);
		return -1;
	}
	*out = (int)y;
	return 0;
}

static const indicator *si_find_ind(const indicator *inds, size_t n, const char *code, const indicator **ci)
{
	*ci = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(inds[i].code, code))
			return &inds[i];
		if (!*ci && !strcasecmp(inds[i].code, code))
			*ci = &inds[i];
	}
	return NULL;
}

/* Checks one targets row into *out; 0, or -1 with the field and message. */
static int si_target_row(si_ctx *c, uint32_t row, const indicator *inds, size_t n_inds, si_target *out, int *field,
			 char *msg, size_t n, char *obj, size_t on)
{
	target *t = &out->t;
	memset(out, 0, sizeof *out);
	out->row = row;
	char txt[SI_TEXT_MAX];
	err e2;
	obj[0] = '\0';
	/* indicator */
	*field = SF_IND;
	si_text(si_cell(c, row, SF_IND), txt, sizeof txt);
	snprintf(obj, on, "%s", txt);
	const indicator *ci;
	const indicator *ind = si_find_ind(inds, n_inds, txt, &ci);
	if (!txt[0]) {
		snprintf(msg, n, "thiếu mã chỉ tiêu");
		return -1;
	}
	if (!ind) {
		if (ci)
			snprintf(msg, n, "không có chỉ tiêu mã '%s'; có phải '%s' (mã phân biệt chữ hoa, chữ thường)?", txt,
				 ci->code);
		else
			snprintf(msg, n, "không có chỉ tiêu mã '%s'", txt);
		return -1;
	}
	snprintf(t->indicator_code, sizeof t->indicator_code, "%s", ind->code);
	/* unit */
	*field = SF_UNIT;
	si_text(si_cell(c, row, SF_UNIT), txt, sizeof txt);
	snprintf(obj, on, "%s", txt);
	unit u;
	if (!txt[0]) {
		snprintf(msg, n, "thiếu mã đơn vị");
		return -1;
	}
	if (strlen(txt) >= CODE_MAX || store_unit_get(c->s, txt, &u, &e2)) {
		bool digits = txt[0] && strlen(txt) < 8;
		for (const char *p = txt; *p && digits; p++)
			digits = isdigit((unsigned char)*p);
		for (size_t w = strlen(txt) + 1; digits && w <= 8; w++) {
			char padded[16];
			snprintf(padded, sizeof padded, "%0*ld", (int)w, strtol(txt, NULL, 10));
			if (!store_unit_get(c->s, padded, &u, &e2)) {
				snprintf(msg, n, "không có đơn vị mã '%s'; có phải '%s' (Excel bỏ số 0 ở đầu)?", txt, padded);
				return -1;
			}
		}
		snprintf(msg, n, "không có đơn vị mã '%s'", txt);
		return -1;
	}
	snprintf(t->unit_code, sizeof t->unit_code, "%s", u.code);
	/* years */
	*field = SF_YEAR;
	si_text(si_cell(c, row, SF_YEAR), obj, on);
	if (si_year(si_cell(c, row, SF_YEAR), &t->year_from, msg, n))
		return -1;
	t->year_to = t->year_from;
	if (!si_empty(si_cell(c, row, SF_YEAR_TO))) {
		*field = SF_YEAR_TO;
		si_text(si_cell(c, row, SF_YEAR_TO), obj, on);
		if (si_year(si_cell(c, row, SF_YEAR_TO), &t->year_to, msg, n))
			return -1;
	}
	/* source */
	t->source = TGT_SRC_OWN;
	if (!si_empty(si_cell(c, row, SF_SOURCE))) {
		*field = SF_SOURCE;
		si_text(si_cell(c, row, SF_SOURCE), txt, sizeof txt);
		snprintf(obj, on, "%s", txt);
		target_source src;
		if (target_source_from_code(txt, &src, &e2)) {
			snprintf(msg, n, "%s", e2.msg);
			return -1;
		}
		t->source = src;
	}
	/* kind: given, else the stored target's, else by the indicator's direction */
	t->kind = ind->direction == DIR_LOWER ? TGT_AT_MOST : TGT_AT_LEAST;
	if (!si_empty(si_cell(c, row, SF_KIND))) {
		*field = SF_KIND;
		si_text(si_cell(c, row, SF_KIND), txt, sizeof txt);
		snprintf(obj, on, "%s", txt);
		target_kind k;
		if (target_kind_from_code(txt, &k, &e2)) {
			snprintf(msg, n, "%s", e2.msg);
			return -1;
		}
		t->kind = k;
	} else {
		target *old = NULL;
		size_t n_old = 0;
		if (!store_target_list(c->s, t->indicator_code, t->unit_code, t->year_from, &old, &n_old, &e2))
			for (size_t i = 0; i < n_old; i++)
				if (old[i].year_from == t->year_from && old[i].year_to == t->year_to &&
				    old[i].source == t->source)
					t->kind = old[i].kind;
		free(old);
	}
	/* numbers */
	*field = SF_VALUE;
	if (si_amount(si_cell(c, row, SF_VALUE), &t->value, msg, n, obj, on))
		return -1;
	if (!si_empty(si_cell(c, row, SF_BASE))) {
		*field = SF_BASE;
		if (si_amount(si_cell(c, row, SF_BASE), &t->baseline, msg, n, obj, on))
			return -1;
		t->has_baseline = true;
	}
	if (!si_empty(si_cell(c, row, SF_TOTAL))) {
		*field = SF_TOTAL;
		if (si_amount(si_cell(c, row, SF_TOTAL), &t->total, msg, n, obj, on))
			return -1;
	}
	if (c->col[SF_NOTE] >= 0) {
		*field = SF_NOTE;
		out->has_note = true;
		si_text(si_cell(c, row, SF_NOTE), txt, sizeof txt);
		snprintf(obj, on, "%s", txt);
		if (model_set_text(t->note, sizeof t->note, txt, "note", &e2)) {
			snprintf(msg, n, "ghi chú dài quá %d byte", NOTE_MAX - 1);
			return -1;
		}
	}
	*field = SF_VALUE;
	si_text(si_cell(c, row, SF_VALUE), obj, on);
	if (target_check(t, &e2)) {
		snprintf(msg, n, "%s", e2.msg);
		return -1;
	}
	return 0;
}

static bool si_target_same(const target *a, const target *b)
{
	return a->kind == b->kind && a->value == b->value && a->has_baseline == b->has_baseline &&
	       (!a->has_baseline || a->baseline == b->baseline) && a->total == b->total && !strcmp(a->note, b->note);
}

static int si_import_targets(si_ctx *c, sheet_import_result *res, err *e)
{
	indicator *inds = NULL;
	size_t n_inds = 0;
	si_target *rows = calloc(c->n_rows ? c->n_rows : 1, sizeof *rows);
	long bad = 0;
	int rc = rows ? store_indicator_list(c->s, &inds, &n_inds, e) : err_set(e, ERR_NOMEM, "hết bộ nhớ");
	if (rc)
		goto done;
	int first_code = 0;
	/* pass 1: check every row */
	for (size_t i = 0; i < c->n_rows; i++) {
		uint32_t row = c->rows[i];
		int field = SF_VALUE;
		char msg[ERR_MSG_MAX], obj[128], ref[SI_REF_MAX];
		res->sum.rows++;
		int k = si_target_row(c, row, inds, n_inds, &rows[i], &field, msg, sizeof msg, obj, sizeof obj);
		if (c->stray[i]) {
			xlsx_ref_format(ref, sizeof ref, row, c->stray[i] - 1);
			si_text(xlsx_cell_at(c->sh, row, c->stray[i] - 1), obj, sizeof obj);
			snprintf(msg, sizeof msg, "'%.60s' không thuộc cột nào của dòng tiêu đề (số có dấu phẩy phải đặt "
				 "trong ngoặc kép, ví dụ \"1.739,5\")", obj);
			si_conflict(c, &bad, row + 1, ref, obj, ERR_INVALID, msg);
			first_code = ERR_INVALID;
			if ((size_t)bad >= c->cf_max)
				break;
			continue;
		}
		if (!k && c->dup_of[i]) {
			char first[16];
			xlsx_ref_format(first, sizeof first, c->dup_of[i] - 1, si_col_of(c, SF_VALUE));
			snprintf(msg, sizeof msg, "chỉ tiêu %s, đơn vị %s, năm %d (%s) đã có ở ô %s với kế hoạch khác",
				 rows[i].t.indicator_code, rows[i].t.unit_code, rows[i].t.year_from,
				 target_source_label(rows[i].t.source), first);
			field = SF_VALUE;
			k = -1;
		}
		if (k) {
			si_ref(c, row, field, ref, sizeof ref);
			si_conflict(c, &bad, row + 1, ref, obj, ERR_INVALID, msg);
			if (!first_code)
				first_code = ERR_INVALID;
			if ((size_t)bad >= c->cf_max)
				break; /* no room to report more: stop reading */
		}
	}
	if (bad) {
		res->sum.conflicts = bad < (long)c->cf_max ? bad : (long)c->cf_max;
		rc = si_error_from_conflicts(c, bad, first_code, e);
		goto done;
	}
	/* pass 2: compare and write in one transaction */
	if ((rc = store_begin(c->s, e)))
		goto done;
	if (c->o->by && *c->o->by)
		store_set_actor(c->s, c->o->by);
	for (size_t i = 0; i < c->n_rows && !rc; i++) {
		si_target *r = &rows[i];
		target *old = NULL;
		size_t n_old = 0;
		err e2;
		rc = store_target_list(c->s, r->t.indicator_code, r->t.unit_code, r->t.year_from, &old, &n_old, e);
		if (rc)
			break;
		const target *same = NULL;
		for (size_t k = 0; k < n_old && !same; k++)
			if (old[k].year_from == r->t.year_from && old[k].year_to == r->t.year_to &&
			    old[k].source == r->t.source)
				same = &old[k];
		if (same && !r->has_note)
			snprintf(r->t.note, sizeof r->t.note, "%s", same->note);
		if (same && si_target_same(same, &r->t)) {
			res->sum.unchanged++;
		} else {
			int k = store_target_put(c->s, &r->t, &e2);
			if (k) {
				char ref[SI_REF_MAX];
				si_ref(c, r->row, SF_VALUE, ref, sizeof ref);
				si_conflict(c, &bad, r->row + 1, ref, "", k, e2.msg);
				res->sum.conflicts = 1;
				rc = si_error_from_conflicts(c, 1, k, e);
			} else if (same) {
				res->sum.updated++;
			} else {
				res->sum.inserted++;
			}
		}
		free(old);
	}
	if (c->o->by && *c->o->by)
		store_set_actor(c->s, NULL);
	if (rc || c->o->dry_run)
		store_rollback(c->s);
	else
		rc = store_commit(c->s, e);
done:
	if (rc)
		res->sum.inserted = res->sum.updated = res->sum.unchanged = 0;
	free(rows);
	free(inds);
	return rc;
}

/* ---- shared with sheet_catalog.c (sheet_int.h) ----------------------------------------------- */

int sheet_int_csv_grid(const void *data, size_t len, const char *name, size_t max_cells, xlsx_sheet **out,
		       err *e)
{
	return si_csv_grid(data, len, name, max_cells, out, e);
}

void sheet_int_norm(const char *raw, char *out, size_t n)
{
	si_norm(raw, out, n);
}

void sheet_int_trim(const char *s, char *out, size_t n)
{
	si_trim_copy(s, out, n);
}

/* ---- entry points ------------------------------------------------------------------------- */

int sheet_import_mem(store *s, const void *data, size_t len, const char *name, sheet_format fmt,
		     const sheet_import_opts *o, sheet_import_result *res, err *e)
{
	memset(res, 0, sizeof *res);
	err_clear(e);
	si_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.o = o;
	c.kind = o->kind ? o->kind : SHEET_VALUES;
	c.file = name ? name : "tệp";
	for (int f = 0; f < SF__N; f++)
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
		if (!rc)
			rc = si_xlsx_grid(&c, book, &c.sh, e);
	} else {
		c.csv = true;
		rc = si_csv_grid(data, len, c.file, lim.max_cells, &c.sh, e);
	}
	if (rc)
		goto done;
	snprintf(res->sheet, sizeof res->sheet, "%s", c.csv ? c.file : c.sh->name);
	res->csv = c.csv;
	if ((rc = si_header(&c, e)) || (rc = si_rows(&c, e)))
		goto done;
	res->header_row = (int)c.header + 1;
	rc = c.kind == SHEET_TARGETS ? si_import_targets(&c, res, e) : si_import_values(&c, res, e);
done:
	if (rc && c.cf == &c.cf_one)
		res->sum.conflicts = 0; /* the caller gave no room: nothing to show */
	xlsx_sheet_free(c.sh);
	xlsx_close(book);
	free(c.rows);
	free(c.dup_of);
	free(c.stray);
	return rc;
}

int sheet_import_file(store *s, const char *path, const sheet_import_opts *o, sheet_import_result *res, err *e)
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
		/* the name says what the user means: a ".xlsx" that is no zip is a broken workbook, not a CSV */
		sheet_format fmt = n > 5 && !strcasecmp(path + n - 5, ".xlsx")  ? SHEET_XLSX
				   : n > 4 && !strcasecmp(path + n - 4, ".csv") ? SHEET_CSV
										 : 0;
		rc = sheet_import_mem(s, b.data ? b.data : "", b.len, base ? base + 1 : path, fmt, o, res, e);
	}
	buf_free(&b);
	return rc;
}
