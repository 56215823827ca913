/*
 * import.c - values in and out as CSV (import.h).
 *
 * An import runs in two passes. Pass 1 reads the whole file with csv.h and
 * checks every row in memory: the header maps columns (English or Vietnamese
 * names), indicator and unit codes resolve through hash maps loaded once
 * from the store, the period parses and matches the indicator's frequency,
 * the unit existed during the period and the number is unambiguous. Good
 * rows become a compact array (32 bytes a row). The rows are then sorted into
 * the key order of the value table (unit, year, indicator, month), which
 * keeps SQLite's inserts at the end of its B-tree and puts a key seen twice
 * next to itself: an identical repeat is dropped, a different value is
 * refused naming both lines. Pass 2 writes them in one transaction through
 * the store's bulk writer; any error rolls everything back, and a dry run
 * always rolls back (so its counts are exactly those a real run would give).
 *
 * The "by" column: the bulk writer takes "by" once, so pass 2 opens a new
 * bulk writer (same transaction) whenever the next row's "by" differs. An
 * empty "by" cell, or no such column, means opts->by.
 * docs/internals/import.md says more.
 *
 * Not for: XLSX, targets, or the terminal (the CLI draws progress).
 */
#include "core/import.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/model.h"
#include "core/period.h"
#include "core/vnfmt.h"
#include "core/vrule.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/text.h"

#define IMP_PROGRESS_EVERY 65536
#define IMP_MAX_ROWS 0x7FFFFFFFL

/* ---- columns --------------------------------------------------------- */

enum imp_col { COL_IND, COL_UNIT, COL_PERIOD, COL_VALUE, COL_EST, COL_BY, COL__N };

static const struct {
	const char *names[5]; /* normalised: accent-free, lower case, '_' for spaces */
	bool required;
} imp_cols[COL__N] = {
	[COL_IND] = {{"indicator", "chi_tieu", "ma_chi_tieu", "indicator_code", NULL}, true},
	[COL_UNIT] = {{"unit", "don_vi", "ma_don_vi", "unit_code", NULL}, true},
	[COL_PERIOD] = {{"period", "ky", "ky_bao_cao", NULL, NULL}, true},
	[COL_VALUE] = {{"value", "gia_tri", "so_lieu", NULL, NULL}, true},
	[COL_EST] = {{"estimate", "uoc_tinh", NULL, NULL, NULL}, false},
	[COL_BY] = {{"by", "nguoi_nhap", NULL, NULL, NULL}, false},
};

/* Trims ASCII blanks in place; returns the start. */
static char *imp_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
	return s;
}

/* The normalised header name: accent-free key, ASCII lower case, blanks/'-' -> '_'. */
static int imp_norm_header(const char *raw, char *out, size_t n)
{
	bool ascii = true;
	for (const char *q = raw; *q && ascii; q++)
		ascii = (unsigned char)*q < 0x80;
	buf b;
	buf_init(&b, 4096);
	const char *k = raw;
	if (!ascii && text_key(&b, raw) == 0)
		k = buf_cstr(&b);
	size_t j = 0;
	for (size_t i = 0; k[i] && j + 1 < n; i++) {
		unsigned char c = (unsigned char)k[i];
		if (c == ' ' || c == '-' || c == '\t')
			c = '_';
		out[j++] = (char)tolower(c);
	}
	out[j] = '\0';
	buf_free(&b);
	return 0;
}

/* ---- code maps (open addressing, case-insensitive ASCII keys) ---------- */

typedef struct imp_map {
	uint32_t *slot; /* index + 1, 0 = empty */
	size_t mask;
	const char *base; /* code of item i is at base + i * stride */
	size_t stride;
} imp_map;

static uint64_t imp_hash_ci(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211ULL;
	}
	return h;
}

static int imp_map_build(imp_map *m, const char *base, size_t stride, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	m->slot = calloc(cap, sizeof *m->slot);
	if (!m->slot)
		return ERR_NOMEM;
	m->mask = cap - 1;
	m->base = base;
	m->stride = stride;
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)imp_hash_ci(base + i * stride) & m->mask;
		while (m->slot[h])
			h = (h + 1) & m->mask;
		m->slot[h] = (uint32_t)(i + 1);
	}
	return 0;
}

/* Finds code: an exact match first, else one equal ignoring ASCII case. -1 if none. */
static long imp_map_find(const imp_map *m, const char *code)
{
	long ci = -1;
	size_t h = (size_t)imp_hash_ci(code) & m->mask;
	for (; m->slot[h]; h = (h + 1) & m->mask) {
		const char *k = m->base + (m->slot[h] - 1) * m->stride;
		if (strcmp(k, code) == 0)
			return (long)m->slot[h] - 1;
		if (ci < 0 && strcasecmp(k, code) == 0)
			ci = (long)m->slot[h] - 1;
	}
	return ci;
}

static void imp_map_free(imp_map *m)
{
	free(m->slot);
	m->slot = NULL;
}

/* ---- rows ------------------------------------------------------------ */

typedef struct imp_row {
	num_t amount;
	uint32_t ind;   /* index into the indicator list */
	uint32_t unit;  /* index into the unit list */
	uint32_t line;  /* line in the file, for messages */
	uint32_t by;    /* index into the "by" names */
	uint16_t year;
	uint8_t month;  /* last month of the period */
	uint8_t estimate;
} imp_row;

typedef struct imp_ctx {
	store *s;
	const char *name;
	indicator *inds;
	size_t n_inds;
	unit *units;
	size_t n_units;
	imp_map ind_map, unit_map;
	imp_row *rows;
	size_t n_rows, cap_rows;
	char **bys;     /* distinct "by" names, malloc'd */
	size_t n_bys, cap_bys;
	int col[COL__N];             /* field index of each column, -1 if absent */
	bool known[CSV_MAX_FIELDS];  /* field i belongs to a column */
	long last_ind, last_unit;    /* lookup caches: consecutive rows repeat codes */
	char last_period[16];
	period last_p;
	char colname[COL__N][64];    /* the header as the file writes it */
	/* checked imports (import_checks) */
	const import_checks *chk;    /* NULL = none */
	import_summary *sum;
	err first;                   /* the first bad row's error */
	bool rows_mode;              /* import_values_rows: "name[row].field: " in messages */
	bool dot_numbers;            /* import_opts.dot_numbers: values as DHIS2 writes them */
	const char *const *cur;      /* the current row's cells by column, for conflicts */
	/* rows with their own comment (import_in.comment; rare), by line, ascending */
	struct imp_cmt {
		uint32_t line;
		char *text;  /* the row's own comment, NULL for none */
		char *audit; /* the row's storedBy/created for the audit trail, NULL for none */
		int followup; /* DHIS2's followup: 1 set, 0 cleared, -1 not given */
	} *cmts;
	size_t n_cmts, cap_cmts;
} imp_ctx;

static int imp_err_at(imp_ctx *c, err *e, long line, int col)
{
	if (c->rows_mode)
		return col >= 0 ? err_prefix(e, "%s[%ld].%s: ", c->name, line, c->colname[col])
				: err_prefix(e, "%s[%ld]: ", c->name, line);
	if (col >= 0)
		return err_prefix(e, "%s, dòng %ld, cột %s: ", c->name, line, c->colname[col]);
	return err_prefix(e, "%s, dòng %ld: ", c->name, line);
}

/* Copies s into out (n bytes), cut on a UTF-8 boundary. */
static void imp_copy_cut(char *out, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(out, s, len);
	out[len] = '\0';
}

/*
 * A bad row: records it as a conflict (when the caller gave room) with the
 * field's name and the offending cell (object: NULL = the current row's
 * cell of col), then prefixes e with the row. Returns e->code.
 */
static int imp_fail(imp_ctx *c, err *e, long line, int col, const char *object)
{
	if (c->sum)
		c->sum->bad_rows++;
	if (c->chk && c->chk->conflicts && c->sum && (size_t)c->sum->conflicts < c->chk->conflicts_max) {
		import_conflict *k = &c->chk->conflicts[c->sum->conflicts++];
		memset(k, 0, sizeof *k);
		k->row = line;
		/* rows: the row is its index; CSV: the data rows before this one (counted after each) */
		k->index = c->rows_mode ? line : c->sum->rows;
		if (col >= 0)
			imp_copy_cut(k->field, sizeof k->field, c->colname[col]);
		if (!object && col >= 0 && c->cur)
			object = c->cur[col];
		imp_copy_cut(k->object, sizeof k->object, object);
		imp_copy_cut(k->msg, sizeof k->msg, e->msg);
		k->code = e->code;
	}
	return imp_err_at(c, e, line, col);
}

/*
 * Whether rc is a fault of the machine (memory, the database, a file) and
 * not of a row: it stops the import and is its error, never a row's
 * conflict (so atomicMode NONE cannot write the rows read before it, and
 * the caller answers a fault, not bad data).
 */
static bool imp_fault(int rc)
{
	return rc == ERR_NOMEM || rc == ERR_DB || rc == ERR_IO || rc == ERR_UNAVAILABLE;
}

/*
 * After a bad row: keeps its error as the first one if it is, and says
 * whether pass 1 reads on (only when recording conflicts and there is room).
 */
static bool imp_read_on(imp_ctx *c, int rc, const err *e)
{
	if (!c->first.code)
		c->first = *e;
	/* past the room for conflicts too: bad_rows counts them all, and
	 * atomicMode NONE writes every good row */
	return rc != ERR_NOMEM && c->chk && c->chk->conflicts && c->sum;
}

/* The "by" index of name, interning it. */
static int imp_by_index(imp_ctx *c, const char *name, uint32_t *out)
{
	for (size_t i = c->n_bys; i-- > 0;) {
		if (strcmp(c->bys[i], name) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	}
	if (c->n_bys == c->cap_bys) {
		size_t cap = c->cap_bys ? c->cap_bys * 2 : 8;
		char **p = realloc(c->bys, cap * sizeof *p);
		if (!p)
			return ERR_NOMEM;
		c->bys = p;
		c->cap_bys = cap;
	}
	size_t n = strlen(name) + 1;
	char *copy = malloc(n);
	if (!copy)
		return ERR_NOMEM;
	memcpy(copy, name, n);
	c->bys[c->n_bys] = copy;
	*out = (uint32_t)c->n_bys++;
	return 0;
}

static void imp_ctx_free(imp_ctx *c)
{
	free(c->inds);
	free(c->units);
	imp_map_free(&c->ind_map);
	imp_map_free(&c->unit_map);
	free(c->rows);
	for (size_t i = 0; i < c->n_bys; i++)
		free(c->bys[i]);
	free(c->bys);
	for (size_t i = 0; i < c->n_cmts; i++) {
		free(c->cmts[i].text);
		free(c->cmts[i].audit);
	}
	free(c->cmts);
}

/* Notes row `line`'s own comment, audit note (either may be NULL) and followup; 0 or
 * ERR_NOMEM. Lines come in order. */
static int imp_cmt_add(imp_ctx *c, uint32_t line, const char *text, const char *audit, int followup, err *e)
{
	if (c->n_cmts == c->cap_cmts) {
		size_t cap = c->cap_cmts ? c->cap_cmts * 2 : 16;
		struct imp_cmt *p = realloc(c->cmts, cap * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
		c->cmts = p;
		c->cap_cmts = cap;
	}
	char *t = text ? strdup(text) : NULL, *a = audit ? strdup(audit) : NULL;
	if ((text && !t) || (audit && !a)) {
		free(t);
		free(a);
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
	}
	c->cmts[c->n_cmts].line = line;
	c->cmts[c->n_cmts].audit = a;
	c->cmts[c->n_cmts].followup = followup;
	c->cmts[c->n_cmts++].text = t;
	return 0;
}

static int imp_cmt_cmp(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key, l = ((const struct imp_cmt *)elem)->line;
	return (k > l) - (k < l);
}

/* Row line's own comment and audit note, or NULL. */
static const struct imp_cmt *imp_cmt_of(const imp_ctx *c, uint32_t line)
{
	if (!c->n_cmts)
		return NULL;
	return bsearch(&line, c->cmts, c->n_cmts, sizeof *c->cmts, imp_cmt_cmp);
}

/* ---- pass 1: header and rows ------------------------------------------ */

static int imp_header(imp_ctx *c, char **f, size_t n, long line, err *e)
{
	for (int k = 0; k < COL__N; k++)
		c->col[k] = -1;
	for (size_t i = 0; i < n; i++) {
		char *raw = imp_trim(f[i]);
		if (!*raw)
			continue; /* an empty trailing header cell */
		char key[64];
		imp_norm_header(raw, key, sizeof key);
		int found = -1;
		for (int k = 0; k < COL__N && found < 0; k++)
			for (int j = 0; j < 5 && imp_cols[k].names[j]; j++)
				if (strcmp(key, imp_cols[k].names[j]) == 0)
					found = k;
		if (found < 0)
			return err_set(e, ERR_INVALID,
				       "%s, dòng %ld: cột '%s' không rõ; các cột nhận được: indicator|chi_tieu, "
				       "unit|don_vi, period|ky, value|gia_tri, estimate|uoc_tinh, by|nguoi_nhap",
				       c->name, line, raw);
		if (found == COL_BY && c->chk && c->chk->by_fixed)
			return err_set(e, ERR_INVALID,
				       "%s, dòng %ld: cột '%s' không dùng được ở đây: người nhập là người đang đăng nhập",
				       c->name, line, raw);
		if (c->col[found] >= 0)
			return err_set(e, ERR_INVALID, "%s, dòng %ld: cột '%s' xuất hiện hai lần (cột %d và %zu)",
				       c->name, line, raw, c->col[found] + 1, i + 1);
		c->col[found] = (int)i;
		c->known[i] = true;
		snprintf(c->colname[found], sizeof c->colname[found], "%s", raw);
	}
	for (int k = 0; k < COL__N; k++)
		if (imp_cols[k].required && c->col[k] < 0)
			return err_set(e, ERR_INVALID, "%s, dòng %ld: thiếu cột bắt buộc '%s' (hoặc '%s')",
				       c->name, line, imp_cols[k].names[0], imp_cols[k].names[1]);
	return 0;
}

/*
 * The fast path for the number forms nearly every file uses: "285",
 * "-0,25", "1739,5", "1.739,5" (dot groups of three only before a decimal
 * comma), at most 13 integer digits and 4 decimals. Returns false for
 * anything else, which then goes to vn_parse_num (the one authority on
 * numbers, with its messages); for the forms accepted here both give the
 * same value (test_import checks this). vn_parse_num formats the input for a
 * possible message on every call, which costs more than the parse itself.
 */
static bool imp_fast_num(const char *s, num_t *out)
{
	bool neg = *s == '-';
	if (neg)
		s++;
	if (*s < '0' || *s > '9')
		return false;
	const char lead = *s; /* "0.123,5" has no valid thousands groups */
	uint64_t iv = 0;
	int ndig = 0, group = 0;
	bool dots = false;
	for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
		if (*s == '.') {
			if ((dots ? group != 3 : group > 3) || group == 0 || lead == '0')
				return false;
			dots = true;
			group = 0;
			continue;
		}
		iv = iv * 10 + (uint64_t)(*s - '0');
		ndig++;
		group++;
	}
	if (ndig > 13 || (dots && group != 3))
		return false;
	uint64_t fv = 0;
	int nf = 0;
	if (*s == ',') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++nf > NUM_DECIMALS)
				return false;
			fv = fv * 10 + (uint64_t)(*s - '0');
		}
		if (nf == 0)
			return false;
	} else if (dots) {
		return false; /* "315.000" or "1.234": vn_parse_num decides */
	}
	if (*s)
		return false;
	for (int i = nf; i < NUM_DECIMALS; i++)
		fv *= 10;
	num_t v = (num_t)(iv * NUM_SCALE + fv);
	*out = neg ? -v : v;
	return true;
}

/* Parses the estimate flag: empty/0/no/không -> false; 1/yes/có/ước -> true. */
static int imp_estimate(const char *s, bool *out, err *e)
{
	if (!*s || (s[0] == '0' && !s[1])) {
		*out = false;
		return 0;
	}
	if (s[0] == '1' && !s[1]) {
		*out = true;
		return 0;
	}
	static const char *yes[] = {"yes", "y", "true", "x", "co", "uoc", "uoc_tinh", "e", "estimate"};
	static const char *no[] = {"no", "n", "false", "khong", "chinh_thuc", "final"};
	char key[32];
	imp_norm_header(s, key, sizeof key);
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(key, yes[i]) == 0) {
			*out = true;
			return 0;
		}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(key, no[i]) == 0) {
			*out = false;
			return 0;
		}
	return err_set(e, ERR_INVALID, "'%s' không phải cờ ước tính; dùng 1/0, có/không hoặc yes/no", s);
}

/*
 * True when unit u existed on some day of period p. Same rule as
 * store_value_put: a ward merged on 01/07/2025 still takes its 2025 figure.
 */
static bool imp_unit_valid(const unit *u, const period *p)
{
	if (!cdate_is_none(u->valid_from) && cdate_cmp(period_end_date(p), u->valid_from) < 0)
		return false;
	if (!cdate_is_none(u->valid_to) && cdate_cmp(period_start_date(p), u->valid_to) > 0)
		return false;
	return true;
}

static int imp_unit_invalid(const unit *u, const char *pcode, err *e)
{
	buf b;
	buf_init(&b, 256);
	if (!cdate_is_none(u->valid_from)) {
		buf_puts(&b, " từ ");
		vn_format_date(&b, u->valid_from);
	}
	if (!cdate_is_none(u->valid_to)) {
		buf_puts(&b, " đến ");
		vn_format_date(&b, u->valid_to);
	}
	err_set(e, ERR_CONFLICT, "đơn vị %s (%s) chỉ tồn tại%s, không nhận số liệu kỳ %s",
		u->code, u->name, buf_cstr(&b), pcode);
	buf_free(&b);
	return ERR_CONFLICT;
}

static int imp_unknown_unit(imp_ctx *c, const char *code, err *e)
{
	/* Excel drops leading zeros of codes: "058" becomes "58". Suggest the code. */
	size_t n = strlen(code);
	bool digits = n > 0 && n < 8;
	for (size_t i = 0; i < n && digits; i++)
		digits = isdigit((unsigned char)code[i]);
	if (digits) {
		for (size_t w = n + 1; w <= 8; w++) {
			char padded[16];
			snprintf(padded, sizeof padded, "%0*ld", (int)w, strtol(code, NULL, 10));
			if (imp_map_find(&c->unit_map, padded) >= 0)
				return err_set(e, ERR_NOTFOUND,
					       "không có đơn vị mã '%s'; có phải '%s' (Excel bỏ số 0 ở đầu)?",
					       code, padded);
		}
	}
	return err_set(e, ERR_NOTFOUND, "không có đơn vị mã '%s'", code);
}

/*
 * Checks one row given as cells by column (v[k] never NULL; "" = empty) and
 * appends it to c->rows. amount, when not NULL, is the value already parsed
 * (v[COL_VALUE] is then only for messages). Returns 0 or an error (recorded
 * as a conflict).
 */
static int imp_row_check(imp_ctx *c, const char *const v[COL__N], const num_t *amount, long line,
			 const char *default_by, err *e)
{
	c->cur = v;
	for (int k = 0; k < COL__N; k++)
		if (imp_cols[k].required && !*v[k] && !(k == COL_VALUE && amount)) {
			err_set(e, ERR_INVALID, "trống (cần có giá trị)");
			return imp_fail(c, e, line, k, NULL);
		}

	imp_row r = {0};
	r.line = (uint32_t)line;
	long ii = c->last_ind;
	if (ii < 0 || strcmp(c->inds[ii].code, v[COL_IND]) != 0)
		ii = c->last_ind = imp_map_find(&c->ind_map, v[COL_IND]);
	if (ii < 0) {
		err_set(e, ERR_NOTFOUND, "không có chỉ tiêu mã '%s'", v[COL_IND]);
		return imp_fail(c, e, line, COL_IND, NULL);
	}
	const indicator *ind = &c->inds[ii];
	/* A ratio indicator's value may be entered directly (a ward reporting its
	 * coverage %); entered values win over the computed ratio (eval.md). */
	long ui = c->last_unit;
	if (ui < 0 || strcmp(c->units[ui].code, v[COL_UNIT]) != 0)
		ui = c->last_unit = imp_map_find(&c->unit_map, v[COL_UNIT]);
	if (ui < 0) {
		imp_unknown_unit(c, v[COL_UNIT], e);
		return imp_fail(c, e, line, COL_UNIT, NULL);
	}
	const unit *u = &c->units[ui];
	period p;
	if (c->last_period[0] && strcmp(c->last_period, v[COL_PERIOD]) == 0) {
		p = c->last_p;
	} else {
		if (period_parse(v[COL_PERIOD], &p, e)) {
			const char *kind = period_unheld(v[COL_PERIOD]);
			if (kind)
				err_set(e, ERR_INVALID, "kỳ '%s' là %s: chitieu không lưu được kỳ này (chỉ tháng, quý, "
					"6 tháng, 9 tháng, năm)", v[COL_PERIOD], kind);
			return imp_fail(c, e, line, COL_PERIOD, NULL);
		}
		c->last_period[0] = '\0';
		if (strlen(v[COL_PERIOD]) < sizeof c->last_period) {
			snprintf(c->last_period, sizeof c->last_period, "%s", v[COL_PERIOD]);
			c->last_p = p;
		}
	}
	period_type want = freq_period_type(ind->freq);
	if (p.type != want) {
		err_set(e, ERR_CONFLICT, "chỉ tiêu %s nhập theo %s (%s), kỳ '%s' là %s", ind->code,
			period_type_name_vi(want), freq_code(ind->freq), v[COL_PERIOD],
			period_type_name_vi(p.type));
		return imp_fail(c, e, line, COL_PERIOD, NULL);
	}
	if (!imp_unit_valid(u, &p)) {
		imp_unit_invalid(u, v[COL_PERIOD], e);
		return imp_fail(c, e, line, COL_UNIT, NULL);
	}
	if (amount)
		r.amount = *amount;
	else if (c->dot_numbers ? num_parse_dot(v[COL_VALUE], &r.amount, e) != 0
				: !imp_fast_num(v[COL_VALUE], &r.amount) && vn_parse_num(v[COL_VALUE], &r.amount, e))
		return imp_fail(c, e, line, COL_VALUE, NULL);
	if (value_check(ind, r.amount, e))
		return imp_fail(c, e, line, COL_VALUE, NULL);
	bool est = false;
	if (imp_estimate(v[COL_EST], &est, e))
		return imp_fail(c, e, line, COL_EST, NULL);
	const char *by = *v[COL_BY] ? v[COL_BY] : default_by;
	if (strlen(by) >= WHO_MAX) {
		err_set(e, ERR_INVALID, "tên người nhập dài quá %d byte", WHO_MAX - 1);
		return imp_fail(c, e, line, COL_BY, NULL);
	}
	if (c->chk && c->chk->allow) {
		int field = -1;
		int rc = c->chk->allow(c->chk->allow_ctx, ind, u->code, &p, &field, e);
		if (imp_fault(rc))
			return imp_err_at(c, e, line, -1);
		if (rc) {
			if (!e->msg[0])
				err_set(e, rc, "không được phép nhập dòng này");
			e->code = rc;
			if (field < 0 || field >= IMPORT_F__N)
				field = rc == ERR_CONFLICT ? COL_PERIOD : COL_UNIT;
			return imp_fail(c, e, line, field, NULL);
		}
	}
	r.ind = (uint32_t)ii;
	r.unit = (uint32_t)ui;
	r.year = (uint16_t)p.year;
	r.month = (uint8_t)period_last_month(&p);
	r.estimate = est;
	if (c->n_bys && strcmp(c->bys[c->n_bys - 1], by) == 0)
		r.by = (uint32_t)(c->n_bys - 1);
	else if (imp_by_index(c, by, &r.by))
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);

	if (c->n_rows == c->cap_rows) {
		size_t cap = c->cap_rows ? c->cap_rows * 2 : 65536;
		imp_row *p2 = realloc(c->rows, cap * sizeof *p2);
		if (!p2)
			return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
		c->rows = p2;
		c->cap_rows = cap;
	}
	c->rows[c->n_rows++] = r;
	return 0;
}

/* Checks one CSV data row and appends it. Returns 0, 1 (an empty row, skipped) or an error. */
static int imp_row_add(imp_ctx *c, char **f, size_t n, long line, const char *default_by, err *e)
{
	/* Cells outside the header's columns must be empty; a wholly empty row is skipped. */
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		f[i] = imp_trim(f[i]);
		if (!f[i][0])
			continue;
		any = true;
		if (!c->known[i]) {
			err_set(e, ERR_INVALID, "trường %zu ('%s') không thuộc cột nào của tiêu đề", i + 1, f[i]);
			return imp_fail(c, e, line, -1, f[i]);
		}
	}
	if (!any)
		return 1; /* skipped */
	const char *v[COL__N];
	for (int k = 0; k < COL__N; k++)
		v[k] = (c->col[k] >= 0 && (size_t)c->col[k] < n) ? f[c->col[k]] : "";
	int rc = imp_row_check(c, v, NULL, line, default_by, e);
	c->cur = NULL;
	return rc;
}

/* ---- between the passes: order and duplicates --------------------------- */

static unsigned imp_bits(size_t n)
{
	unsigned b = 0;
	while (((size_t)1 << b) < n)
		b++;
	return b;
}

/* Ranks of items by store id (rank[i] = position of item i in id order). */
static uint32_t *imp_id_ranks(const char *base, size_t stride, size_t n)
{
	uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
	uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
	if (!rank || !idx) {
		free(rank);
		free(idx);
		return NULL;
	}
	/* n is small (codes of the catalogue): insertion sort by id. */
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		memcpy(&id, base + i * stride, sizeof id);
		size_t j = i;
		while (j > 0) {
			int64_t prev;
			memcpy(&prev, base + idx[j - 1] * stride, sizeof prev);
			if (prev <= id)
				break;
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = (uint32_t)i;
	}
	for (size_t i = 0; i < n; i++)
		rank[idx[i]] = (uint32_t)i;
	free(idx);
	return rank;
}

/* Stable LSD radix sort of idx[] by key[idx] (11-bit digits, constant digits skipped). */
static int imp_radix(uint32_t *idx, const uint64_t *key, size_t n, unsigned bits)
{
	uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!tmp)
		return ERR_NOMEM;
	static const unsigned D = 11;
	size_t count[1u << 11];
	for (unsigned shift = 0; shift < bits; shift += D) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(key[idx[i]] >> shift) & ((1u << D) - 1)]++;
		bool constant = false;
		for (size_t d = 0; d < (1u << D); d++)
			if (count[d] == n)
				constant = true;
		if (constant)
			continue;
		size_t sum = 0;
		for (size_t d = 0; d < (1u << D); d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(key[idx[i]] >> shift) & ((1u << D) - 1)]++] = idx[i];
		memcpy(idx, tmp, n * sizeof *idx);
	}
	free(tmp);
	return 0;
}

/* The full sort key of a row, for the rare fallback when ranks do not fit 64 bits. */
typedef struct imp_fullkey {
	int64_t unit_id, ind_id;
	uint32_t year, month, line, idx;
} imp_fullkey;

static int imp_fullkey_cmp(const void *a, const void *b)
{
	const imp_fullkey *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->ind_id != y->ind_id)
		return x->ind_id < y->ind_id ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static bool imp_same_key(const imp_row *a, const imp_row *b)
{
	return a->ind == b->ind && a->unit == b->unit && a->year == b->year && a->month == b->month;
}

/*
 * Sorts the rows into the order they are written in: the key order of the
 * SQLite value table (unit, year, indicator, month), so inserts append to its
 * B-tree instead of landing on random pages (several times faster on big
 * files; any order would be correct). Equal keys end up next to each other,
 * in file order: an identical repeat is dropped (counted unchanged), a
 * different one is refused naming both lines (the earliest such pair in the
 * file). On success *order (malloc'd) holds *n_order row indices.
 */
static int imp_order(imp_ctx *c, uint32_t **order, size_t *n_order, long *repeats, err *e)
{
	size_t n = c->n_rows;
	uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
	int rc = 0;
	*order = NULL;
	*n_order = 0;
	*repeats = 0;
	if (!idx)
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	unsigned ub = imp_bits(c->n_units), ib = imp_bits(c->n_inds);
	bool sorted = false;
	if (ub + ib + 14 + 4 <= 64) {
		uint32_t *urank = imp_id_ranks((const char *)&c->units[0].id, sizeof(unit), c->n_units);
		uint32_t *irank = imp_id_ranks((const char *)&c->inds[0].id, sizeof(indicator), c->n_inds);
		uint64_t *key = calloc(n ? n : 1, sizeof *key);
		if (urank && irank && key) {
			for (size_t i = 0; i < n; i++) {
				const imp_row *r = &c->rows[i];
				uint64_t k = urank[r->unit];
				k = (k << 14) | r->year;
				k = (k << ib) | irank[r->ind];
				key[i] = (k << 4) | r->month;
			}
			sorted = imp_radix(idx, key, n, ub + ib + 14 + 4) == 0;
		}
		free(urank);
		free(irank);
		free(key);
	}
	if (!sorted) {
		imp_fullkey *fk = malloc((n ? n : 1) * sizeof *fk);
		if (!fk) {
			free(idx);
			return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
		}
		for (size_t i = 0; i < n; i++) {
			const imp_row *r = &c->rows[i];
			fk[i] = (imp_fullkey){c->units[r->unit].id, c->inds[r->ind].id, r->year, r->month,
					      r->line, (uint32_t)i};
		}
		qsort(fk, n, sizeof *fk, imp_fullkey_cmp);
		for (size_t i = 0; i < n; i++)
			idx[i] = fk[i].idx;
		free(fk);
	}
	/* Drop identical repeats; find the first conflicting pair in file order. */
	size_t m = 0, first = 0;
	const imp_row *bad = NULL, *bad_first = NULL;
	for (size_t i = 0; i < n; i++) {
		const imp_row *r = &c->rows[idx[i]];
		if (i > 0 && imp_same_key(&c->rows[idx[first]], r)) {
			const imp_row *o = &c->rows[idx[first]];
			if (o->amount == r->amount && o->estimate == r->estimate) {
				(*repeats)++;
				continue;
			}
			if (!bad || r->line < bad->line) {
				bad = r;
				bad_first = o;
			}
			continue;
		}
		first = i;
		idx[m++] = idx[i];
	}
	if (bad) {
		buf a, b2;
		buf_init(&a, 128);
		buf_init(&b2, 128);
		vn_format_num(&a, bad_first->amount, -1);
		vn_format_num(&b2, bad->amount, -1);
		bool est_only = bad_first->amount == bad->amount;
		buf pc;
		buf_init(&pc, 64);
		period p;
		if (period_ending_in(freq_period_type(c->inds[bad->ind].freq), bad->year, bad->month, &p))
			period_format_code(&pc, &p);
		err_set(e, ERR_CONFLICT,
			"chỉ tiêu %s, đơn vị %s, kỳ %s đã có ở dòng %lu với %s khác "
			"(dòng %lu: %s%s, dòng %lu: %s%s)",
			c->inds[bad->ind].code, c->units[bad->unit].code, buf_cstr(&pc),
			(unsigned long)bad_first->line, est_only ? "cờ ước tính" : "giá trị",
			(unsigned long)bad_first->line, buf_cstr(&a), bad_first->estimate ? " ước" : "",
			(unsigned long)bad->line, buf_cstr(&b2), bad->estimate ? " ước" : "");
		buf_free(&a);
		buf_free(&b2);
		buf_free(&pc);
		buf obj;
		buf_init(&obj, 128);
		vn_format_num(&obj, bad->amount, -1);
		c->cur = NULL;
		rc = imp_fail(c, e, (long)bad->line, est_only && c->col[COL_EST] >= 0 ? COL_EST : COL_VALUE,
			      est_only ? (bad->estimate ? "1" : "0") : buf_cstr(&obj));
		buf_free(&obj);
		free(idx);
		return rc;
	}
	*order = idx;
	*n_order = m;
	return 0;
}

/* ---- pass 2: write ----------------------------------------------------- */

/*
 * The indicators the rules between indicators name (named[i] for c->inds[i]),
 * NULL when there is no rule: only their written cells are checked.
 */
static int imp_rule_inds(imp_ctx *c, bool **named, err *e)
{
	vrule *rs = NULL;
	size_t nr = 0;
	*named = NULL;
	int rc = store_vrule_list(c->s, &rs, &nr, e);
	if (rc || nr == 0) {
		free(rs);
		return rc;
	}
	bool *m = calloc(c->n_inds ? c->n_inds : 1, sizeof *m);
	vrule_compiled *vc = malloc(sizeof *vc);
	if (!m || !vc) {
		free(m);
		free(vc);
		free(rs);
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
	}
	for (size_t i = 0; i < nr; i++) {
		if (vrule_compile(&rs[i], vc, NULL))
			continue; /* a broken stored rule is the check's to report */
		for (int k = 0; k < vc->n_refs; k++) {
			long ii = imp_map_find(&c->ind_map, vc->refs[k]);
			if (ii >= 0)
				m[ii] = true;
		}
	}
	free(vc);
	free(rs);
	*named = m;
	return 0;
}

/* The written cells that rules name, as store_vrules_check_fn reads them:
 * cell k is row order[ix[k]] (no array of every cell is kept). */
typedef struct imp_cells {
	const imp_ctx *c;
	const uint32_t *order;
	const uint32_t *ix;
} imp_cells;

static void imp_cell_at(void *ctx, size_t k, store_cell *out)
{
	const imp_cells *x = ctx;
	const imp_row *r = &x->c->rows[x->order[x->ix[k]]];
	out->indicator_id = x->c->inds[r->ind].id;
	out->unit_id = x->c->units[r->unit].id;
	out->year = r->year;
	out->month = r->month;
	out->amount = r->amount;
	out->estimate = r->estimate;
}

/*
 * The rules between indicators over the written cells that rules name
 * (cell k is row order[ix[k]]), once every value is in place: a refusal
 * names the row (recorded as its conflict) and the rule.
 */
static int imp_rules_check(imp_ctx *c, const uint32_t *order, const uint32_t *ix, size_t n, const import_opts *o,
			   err *e)
{
	size_t bad = 0;
	imp_cells x = {c, order, ix};
	int rc = store_vrules_check_fn(c->s, imp_cell_at, &x, n, o ? o->comment : NULL, o && o->by ? o->by : "",
				       &bad, e);
	if (rc == 0 || bad >= n || !vrule_refusal_field(e))
		return rc;
	bool wants_comment = !strcmp(vrule_refusal_field(e), "comment");
	store_cell cell;
	imp_cell_at(&x, bad, &cell);
	long line = (long)c->rows[order[ix[bad]]].line;
	buf obj;
	buf_init(&obj, 128);
	if (c->dot_numbers) { /* written back the way the input writes numbers (DHIS2: 1234.5) */
		char t[48];
		snprintf(t, sizeof t, "%.4f", num_to_double(cell.amount));
		size_t k = strlen(t);
		while (k > 0 && t[k - 1] == '0')
			t[--k] = '\0';
		if (k > 0 && t[k - 1] == '.')
			t[--k] = '\0';
		buf_puts(&obj, t);
	} else {
		vn_format_num(&obj, cell.amount, -1);
	}
	c->cur = NULL;
	rc = imp_fail(c, e, line, COL_VALUE, buf_cstr(&obj));
	buf_free(&obj);
	/* a warning rule: the conflict names what is missing, the comment (a page asks for it) */
	if (wants_comment && c->chk && c->chk->conflicts && c->sum && c->sum->conflicts > 0)
		snprintf(c->chk->conflicts[c->sum->conflicts - 1].field, sizeof c->chk->conflicts[0].field, "comment");
	return rc;
}

/* Orders comment keys as store_value_comment_keys lists them. */
static int imp_key_cmp(const void *a, const void *b)
{
	const store_cell *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->indicator_id != y->indicator_id)
		return x->indicator_id < y->indicator_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return (x->month > y->month) - (x->month < y->month);
}

/*
 * Writes rows in the given order in one transaction (rolled back on error or
 * for a dry run), through one bulk writer whose "by" follows the rows; a
 * changed value loses its old comment; then the rules between indicators over
 * the changed values they name (imp_rules_check).
 */
static int imp_write(imp_ctx *c, const uint32_t *order, size_t n, const import_opts *o,
		     import_summary *sum, err *e)
{
	store_cell *kept = NULL; /* the values with a comment: a changed one loses it (it explained another figure) */
	size_t n_kept = 0;
	bool *named = NULL;
	uint32_t *ck = NULL; /* written cells that rules name: their places in order */
	size_t n_ck = 0, cap_ck = 0;
	int rc = store_begin(c->s, e);
	if (rc)
		return rc;
	if ((rc = imp_rule_inds(c, &named, e)) || (rc = store_value_comment_keys(c->s, &kept, &n_kept, e))) {
		free(named);
		store_rollback(c->s);
		return rc;
	}
	store_bulk *bw = NULL;
	uint32_t cur_by = 0;
	const import_strategy strategy = o ? o->strategy : IMPORT_CREATE_AND_UPDATE;
	for (size_t i = 0; i < n; i++) {
		const imp_row *r = &c->rows[order[i]];
		if (!bw) {
			cur_by = r->by;
			rc = store_bulk_begin(c->s, c->bys[cur_by], o && o->reason ? o->reason : "", &bw, e);
			if (rc)
				break;
			store_bulk_set_strategy(bw, strategy == IMPORT_CREATE	  ? STORE_BULK_CREATE
						    : strategy == IMPORT_UPDATE ? STORE_BULK_UPDATE
										: STORE_BULK_ANY);
		} else if (r->by != cur_by) {
			cur_by = r->by;
			if ((rc = store_bulk_set_by(bw, c->bys[cur_by], e)))
				break;
		}
		store_cell cell = {
			.indicator_id = c->inds[r->ind].id,
			.unit_id = c->units[r->unit].id,
			.year = r->year,
			.month = r->month,
			.amount = r->amount,
			.estimate = r->estimate,
		};
		store_change ch = STORE_UNCHANGED;
		const struct imp_cmt *own = imp_cmt_of(c, r->line);
		if (own && own->audit) { /* the row's storedBy/created, with the import's reason */
			char why[NOTE_MAX];
			snprintf(why, sizeof why, "%s%s%s", o && o->reason ? o->reason : "", o && o->reason ? "; " : "",
				 own->audit);
			store_bulk_set_reason(bw, why);
		}
		rc = strategy == IMPORT_DELETE ? store_bulk_delete(bw, &cell, &ch, e) : store_bulk_put(bw, &cell, &ch, e);
		if (own && own->audit)
			store_bulk_set_reason(bw, o && o->reason ? o->reason : "");
		if (rc) {
			imp_err_at(c, e, (long)r->line, -1);
			break;
		}
		bool changed = ch == STORE_INSERTED || ch == STORE_UPDATED;
		if (ch == STORE_INSERTED)
			sum->inserted++;
		else if (ch == STORE_UPDATED)
			sum->updated++;
		else if (ch == STORE_DELETED)
			sum->deleted++;
		else if (ch == STORE_SKIPPED)
			sum->skipped++;
		else
			sum->unchanged++;
		if (n_kept && changed && bsearch(&cell, kept, n_kept, sizeof *kept, imp_key_cmp) &&
		    (rc = store_value_comment_drop(c->s, &cell, e))) {
			imp_err_at(c, e, (long)r->line, -1);
			break;
		}
		if (own && own->text && ch != STORE_SKIPPED && ch != STORE_DELETED &&
		    (rc = store_value_comment_put(c->s, &cell, own->text, c->bys[cur_by], e))) {
			imp_err_at(c, e, (long)r->line, -1);
			break;
		}
		if (own && own->followup >= 0 && ch != STORE_SKIPPED && ch != STORE_DELETED &&
		    (rc = store_value_followup_set(c->s, &cell, own->followup == 1, c->bys[cur_by], e))) {
			imp_err_at(c, e, (long)r->line, -1);
			break;
		}
		if (named && named[r->ind] && changed) {
			if (n_ck == cap_ck) {
				size_t nc = cap_ck ? cap_ck * 2 : 256;
				uint32_t *p1 = realloc(ck, nc * sizeof *p1);
				if (!p1) {
					rc = err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
					break;
				}
				ck = p1;
				cap_ck = nc;
			}
			ck[n_ck++] = (uint32_t)i;
		}
	}
	/* the last row and the roll-ups are written here: their error is the import's */
	if (rc == 0 && bw)
		rc = store_bulk_finish(bw, e);
	store_bulk_end(bw);
	if (rc == 0 && n_ck)
		rc = imp_rules_check(c, order, ck, n_ck, o, e);
	free(named);
	free(kept);
	free(ck);
	if (rc || (o && o->dry_run)) {
		store_rollback(c->s);
	} else {
		rc = store_commit(c->s, e); /* a failed commit has rolled back its level */
	}
	return rc;
}

/*
 * Reserves the row array from the file size (a row takes at least ~20 bytes
 * of CSV), so a big import does not copy it while doubling. Best effort:
 * growth in imp_row_add still covers a wrong guess.
 */
static void imp_reserve(imp_ctx *c, FILE *f, long bytes_total)
{
	long size = bytes_total;
	struct stat st;
	int fd = fileno(f);
	if (size <= 0 && fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		size = (long)st.st_size;
	size_t want = size > 0 ? (size_t)size / 20 + 16 : 0;
	if (want <= 65536 || want > (size_t)IMP_MAX_ROWS)
		return;
	imp_row *p = malloc(want * sizeof *p);
	if (p) {
		c->rows = p;
		c->cap_rows = want;
	}
}

static int imp_load(imp_ctx *c, err *e)
{
	int rc = store_indicator_list(c->s, &c->inds, &c->n_inds, e);
	if (!rc)
		rc = store_unit_list(c->s, NULL, NULL, &c->units, &c->n_units, e);
	if (rc)
		return rc;
	if (imp_map_build(&c->ind_map, c->inds ? c->inds[0].code : NULL, sizeof(indicator), c->n_inds) ||
	    imp_map_build(&c->unit_map, c->units ? c->units[0].code : NULL, sizeof(unit), c->n_units))
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", c->name);
	return 0;
}

int import_values_csv(struct store *s, FILE *f, const char *name, long bytes_total,
		      const import_opts *o, import_summary *sum, err *e)
{
	return import_values_csv_checked(s, f, name, bytes_total, o, NULL, sum, e);
}

int import_values_csv_checked(struct store *s, FILE *f, const char *name, long bytes_total,
			      const import_opts *o, const import_checks *chk, import_summary *sum, err *e)
{
	import_summary zero = {0};
	*sum = zero;
	err_clear(e);
	if (!name)
		name = "(csv)";
	imp_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.name = name;
	c.last_ind = c.last_unit = -1;
	c.chk = chk;
	c.dot_numbers = o && o->dot_numbers;
	c.sum = sum;
	const long max_rows = chk && chk->max_rows > 0 ? chk->max_rows : IMP_MAX_ROWS;
	const char *default_by = o && o->by ? o->by : "";
	long repeats = 0;
	uint32_t *order = NULL;
	size_t n_order = 0;
	csv_reader *r = NULL;
	int rc = imp_load(&c, e);
	if (rc)
		goto done;
	rc = csv_open(f, name, 0, &r, e);
	if (rc)
		goto done;
	imp_reserve(&c, f, bytes_total);
	char **fields;
	size_t n;
	bool stopped = false; /* pass 1 stopped at a bad row */
	rc = csv_next(r, &fields, &n, e);
	if (rc < 0)
		goto done;
	if (rc == 0) {
		rc = err_set(e, ERR_INVALID, "%s: tệp trống, thiếu dòng tiêu đề (header)", name);
		goto done;
	}
	rc = imp_header(&c, fields, n, csv_line(r), e);
	if (rc)
		goto done;
	if (strlen(default_by) >= WHO_MAX) {
		rc = err_set(e, ERR_INVALID, "tên người nhập '%s' dài quá %d byte", default_by, WHO_MAX - 1);
		goto done;
	}
	while ((rc = csv_next(r, &fields, &n, e)) == 1) {
		long line = csv_line(r);
		if (sum->rows >= max_rows) {
			rc = err_set(e, ERR_TOOBIG, "%s: quá nhiều dòng (tối đa %ld dòng số liệu)", name, max_rows);
			sum->conflicts = 0;
			goto done;
		}
		rc = imp_row_add(&c, fields, n, line, default_by, e);
		if (rc == 1)
			continue; /* an empty row */
		sum->rows++;
		if (rc < 0 && imp_fault(rc)) {
			sum->conflicts = 0;
			goto done;
		}
		if (rc < 0) {
			if (imp_read_on(&c, rc, e))
				continue;
			stopped = true;
			break;
		}
		if (o && o->progress && sum->rows % IMP_PROGRESS_EVERY == 0) {
			long pos = ftell(f);
			if (pos < 0 || (bytes_total > 0 && pos > bytes_total))
				pos = bytes_total > 0 ? bytes_total : 0;
			o->progress(o->progress_ctx, sum->rows, pos, bytes_total);
		}
	}
	if (rc < 0 && !stopped) {
		sum->conflicts = 0; /* the file itself is unreadable */
		goto done;
	}
	if (c.first.code && !(o && o->atomic_none)) {
		*e = c.first;
		rc = c.first.code;
		goto done;
	}
	rc = imp_order(&c, &order, &n_order, &repeats, e);
	if (rc)
		goto done;
	rc = imp_write(&c, order, n_order, o, sum, e);
	if (rc)
		goto done;
	sum->unchanged += repeats;
	if (c.first.code)
		*e = c.first; /* atomicMode NONE: written without the bad rows, which e and the conflicts name */
	if (o && o->progress)
		o->progress(o->progress_ctx, sum->rows, bytes_total > 0 ? bytes_total : 0, bytes_total);
done:
	if (rc) {
		sum->inserted = sum->updated = sum->unchanged = 0;
	}
	free(order);
	csv_close(r);
	imp_ctx_free(&c);
	return rc < 0 ? rc : 0;
}

/* ---- rows from a reader (JSON) ---------------------------------------- */

void import_in_bad(import_in *row, import_bad *keep, const char *field, const char *object, const char *msg)
{
	snprintf(keep->field, sizeof keep->field, "%s", field ? field : "");
	snprintf(keep->object, sizeof keep->object, "%s", object ? object : "");
	snprintf(keep->msg, sizeof keep->msg, "%s", msg ? msg : "");
	row->bad_field = keep->field;
	row->bad_object = keep->object;
	row->bad_msg = keep->msg;
}

int import_values_rows(struct store *s, import_next_fn next, void *next_ctx, const char *name,
		       const import_opts *o, const import_checks *chk, import_summary *sum, err *e)
{
	static const char *const english[IMPORT_F__N] = {"indicator", "unit", "period", "value", "estimate"};
	import_summary zero = {0};
	*sum = zero;
	err_clear(e);
	imp_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.name = name ? name : "rows";
	c.last_ind = c.last_unit = -1;
	c.chk = chk;
	c.dot_numbers = o && o->dot_numbers;
	c.sum = sum;
	c.rows_mode = true;
	for (int k = 0; k < COL__N; k++)
		c.col[k] = k; /* every column "present": messages name the field */
	snprintf(c.colname[COL_BY], sizeof c.colname[COL_BY], "by");
	const long max_rows = chk && chk->max_rows > 0 ? chk->max_rows : IMP_MAX_ROWS;
	const char *default_by = o && o->by ? o->by : "";
	long repeats = 0;
	uint32_t *order = NULL;
	size_t n_order = 0;
	bool stopped = false;
	int rc = imp_load(&c, e);
	if (rc)
		goto done;
	if (strlen(default_by) >= WHO_MAX) {
		rc = err_set(e, ERR_INVALID, "tên người nhập '%s' dài quá %d byte", default_by, WHO_MAX - 1);
		goto done;
	}
	for (long row = 0;; row++) {
		import_in in;
		memset(&in, 0, sizeof in);
		rc = next(next_ctx, &in, e);
		if (rc <= 0)
			break;
		if (sum->rows >= max_rows) {
			rc = err_set(e, ERR_TOOBIG, "%s: quá nhiều dòng (tối đa %ld dòng số liệu)", c.name, max_rows);
			break;
		}
		sum->rows++;
		const char *v[COL__N];
		for (int k = 0; k < IMPORT_F__N; k++) {
			v[k] = in.text[k] ? in.text[k] : "";
			imp_copy_cut(c.colname[k], sizeof c.colname[k], in.name[k] ? in.name[k] : english[k]);
		}
		v[COL_BY] = "";
		if (o && o->strategy == IMPORT_DELETE && !*v[IMPORT_F_VALUE] && !in.has_amount)
			v[IMPORT_F_VALUE] = "0"; /* a delete needs no value */
		if (in.bad_msg) {
			err_set(e, ERR_INVALID, "%s", in.bad_msg);
			c.cur = NULL;
			/* name the reader's field, whatever column it is */
			imp_copy_cut(c.colname[COL_BY], sizeof c.colname[COL_BY], in.bad_field ? in.bad_field : "");
			rc = imp_fail(&c, e, row, in.bad_field ? COL_BY : -1, in.bad_object ? in.bad_object : "");
			snprintf(c.colname[COL_BY], sizeof c.colname[COL_BY], "by");
		} else if (in.comment && strlen(in.comment) >= NOTE_MAX) {
			err_set(e, ERR_INVALID, "ghi chú (comment) dài quá %d byte", NOTE_MAX - 1);
			c.cur = NULL;
			imp_copy_cut(c.colname[COL_BY], sizeof c.colname[COL_BY], "comment");
			rc = imp_fail(&c, e, row, COL_BY, "");
			snprintf(c.colname[COL_BY], sizeof c.colname[COL_BY], "by");
		} else {
			size_t before = c.n_rows;
			rc = imp_row_check(&c, v, in.has_amount ? &in.amount : NULL, row, default_by, e);
			c.cur = NULL;
			char audit[NOTE_MAX] = "";
			if ((in.stored_by && in.stored_by[0]) || (in.created && in.created[0]))
				snprintf(audit, sizeof audit, "%s%.80s%s%s%.40s", in.stored_by && in.stored_by[0] ? "storedBy " : "",
					 in.stored_by ? in.stored_by : "",
					 in.stored_by && in.stored_by[0] && in.created && in.created[0] ? ", " : "",
					 in.created && in.created[0] ? "created " : "", in.created ? in.created : "");
			bool has_cmt = in.comment && in.comment[0];
			if (rc == 0 && c.n_rows > before && (has_cmt || audit[0] || in.followup_given))
				rc = imp_cmt_add(&c, c.rows[c.n_rows - 1].line, has_cmt ? in.comment : NULL,
						 audit[0] ? audit : NULL, in.followup_given ? in.followup : -1, e);
		}
		if (rc < 0 && imp_fault(rc)) {
			sum->conflicts = 0;
			goto done;
		}
		if (rc < 0 && !imp_read_on(&c, rc, e)) {
			stopped = true;
			break;
		}
	}
	if (rc < 0 && !stopped) {
		sum->conflicts = 0; /* the input itself is unreadable, or too long */
		goto done;
	}
	if (c.first.code && !(o && o->atomic_none)) {
		*e = c.first;
		rc = c.first.code;
		goto done;
	}
	rc = imp_order(&c, &order, &n_order, &repeats, e);
	if (rc)
		goto done;
	rc = imp_write(&c, order, n_order, o, sum, e);
	if (rc)
		goto done;
	sum->unchanged += repeats;
	if (c.first.code)
		*e = c.first; /* atomicMode NONE: written without the bad rows, which e and the conflicts name */
done:
	if (rc)
		sum->inserted = sum->updated = sum->unchanged = sum->deleted = sum->skipped = 0;
	free(order);
	imp_ctx_free(&c);
	return rc < 0 ? rc : 0;
}

/* ---- export ------------------------------------------------------------ */

typedef struct exp_ctx {
	FILE *out;
	buf b;
	long rows;
	int year_from, year_to;
	err *e;
} exp_ctx;

static int exp_flush(exp_ctx *x)
{
	if (x->b.len && fwrite(x->b.data, 1, x->b.len, x->out) != x->b.len)
		return err_set(x->e, ERR_IO, "không ghi được tệp CSV (write error)");
	buf_reset(&x->b);
	return 0;
}

static int exp_row(void *ctx, const value *v)
{
	exp_ctx *x = ctx;
	buf *b = &x->b;
	int rc = buf_csv_field(b, v->indicator_code, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, v->unit_code, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : period_format_code(b, &v->period);
	rc = rc ? rc : buf_puts(b, ",\"");
	rc = rc ? rc : vn_format_num(b, v->amount, -1);
	rc = rc ? rc : buf_puts(b, v->estimate ? "\",1," : "\",0,");
	rc = rc ? rc : buf_csv_field(b, v->by, ',');
	rc = rc ? rc : buf_putc(b, '\n');
	if (rc)
		return err_set(x->e, rc, "không tạo được dòng CSV cho %s/%s", v->indicator_code, v->unit_code);
	x->rows++;
	if (b->len >= 256 * 1024)
		return exp_flush(x);
	return 0;
}

int export_values_csv(struct store *s, FILE *out, const export_filter *f, long *rows, err *e)
{
	exp_ctx x = {.out = out, .e = e};
	buf_init(&x.b, 0);
	if (rows)
		*rows = 0;
	store_value_filter vf = {0};
	if (f) {
		vf.indicator_code = f->indicator_code && *f->indicator_code ? f->indicator_code : NULL;
		vf.unit_code = f->unit_code && *f->unit_code ? f->unit_code : NULL;
		vf.year_from = f->year_from;
		vf.year_to = f->year_to;
	}
	int rc = buf_puts(&x.b, "indicator,unit,period,value,estimate,by\n");
	if (rc) {
		rc = err_set(e, rc, "hết bộ nhớ (out of memory)");
		goto done;
	}
	rc = store_value_each(s, &vf, exp_row, &x, e);
	if (!rc)
		rc = exp_flush(&x);
	if (!rc && fflush(out) != 0)
		rc = err_set(e, ERR_IO, "không ghi được tệp CSV (write error)");
	if (rows)
		*rows = x.rows;
done:
	buf_free(&x.b);
	return rc;
}
