/*
 * api_bulk.c - POST /api/dataValueSets (api_bulk.h): reads a JSON or CSV
 * body into the rows of core/import.h, checks per row who may write them
 * (auth_can_enter) and whether the period is still open (lock_check), and
 * answers a DHIS2-like import summary. Numbers are read as DHIS2 writes
 * them ("1234.5", num_parse_dot), not in Vietnamese form.
 *
 * JSON is read one element of "dataValues" at a time: a small scanner finds
 * the bounds of each element (strings and nesting respected); an element of
 * the common flat shape (string, boolean and null values, no escapes) is
 * read by util/jflat.c, any other is parsed by jansson from just that slice,
 * so a 64 MiB body never becomes one 500 MB tree.
 * The outer document may hold only "dataValues".
 *
 * Not for: the import's own checks, ordering and the all-or-nothing write
 * (core/import.c), or anything about one value (api_values.c).
 */
#include "api/api_bulk.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/import.h"
#include "core/adx.h"
#include "core/dhis2_csv.h"
#include "core/dxf2.h"
#include "core/approval.h"
#include "core/lock.h"
#include "core/xmap.h"
#include "util/strset.h"
#include "util/jflat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the JSON reader ----------------------------------------------------- */

typedef struct bulk_json {
	const char *p, *end;  /* the unread part of the body */
	long index;           /* the next element's index */
	json_t *cur;          /* the element handed over last by jansson (freed on the next call) */
	jflat flat;           /* or by the flat scanner (util/jflat.h) */
	char num[64];         /* a numeric value as text, for messages */
	import_bad bad;       /* a bad row's conflict */
	/* the set-level defaults of the rows ("" = none) */
	char set_period[XMAP_ID_MAX], set_ou[XMAP_ID_MAX], set_aoc[XMAP_ID_MAX];
} bulk_json;

static const char *bj_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at '"': just past the closing quote, or NULL when the string never closes. */
static const char *bj_skip_str(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* The end of the JSON value starting at p (its syntax is jansson's to judge); NULL if unterminated. */
static const char *bj_skip_value(const char *p, const char *end)
{
	int depth = 0;
	while (p < end) {
		char ch = *p;
		if (ch == '"') {
			if (!(p = bj_skip_str(p, end)))
				return NULL;
			if (depth == 0)
				return p;
			continue;
		}
		if (ch == '{' || ch == '[') {
			if (++depth > API_JSON_DEPTH)
				return NULL;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				return p; /* a scalar ended by the array's close */
			if (--depth == 0)
				return p + 1;
		} else if (depth == 0 && (ch == ',' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
			return p; /* the end of a scalar */
		}
		p++;
	}
	return depth == 0 ? p : NULL;
}

/* Decodes the JSON string at [p, q) into out (for a key's name); "" when it is not one. */
static void bj_key(const char *p, const char *q, char *out, size_t n)
{
	json_t *k = json_loadb(p, (size_t)(q - p), JSON_DECODE_ANY, NULL);
	snprintf(out, n, "%s", json_is_string(k) ? json_string_value(k) : "");
	json_decref(k);
}

/* Fails r for a malformed document. */
static int bj_bad(http_req *r, const char *field, const char *what)
{
	return http_fail(r, ERR_INVALID, field, "JSON không hợp lệ: %s", what);
}

/* A set-level field of a dataValueSet (DHIS2): dataSet and completeDate are
 * taken and not kept (chitieu has no data sets, and completeness is its
 * own); period, orgUnit and attributeOptionCombo are the rows' defaults. */
static int bj_set_field(http_req *r, bulk_json *bj, const char *key, const char *p, const char *q)
{
	static const char *const known[] = {"dataSet", "completeDate", "period", "orgUnit", "attributeOptionCombo"};
	size_t k = 0;
	while (k < sizeof known / sizeof known[0] && strcmp(known[k], key))
		k++;
	if (k == sizeof known / sizeof known[0])
		return http_fail(r, ERR_INVALID, key[0] ? key : "body",
				 "trường \"%.60s\" không được biết (unknown field); nhận: dataValues, dataSet, "
				 "completeDate, period, orgUnit, attributeOptionCombo", key);
	json_t *v = json_loadb(p, (size_t)(q - p), JSON_DECODE_ANY, NULL);
	bool ok = v && (json_is_null(v) || (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)));
	const char *s = ok && json_is_string(v) ? json_string_value(v) : "";
	char *dst = k == 2 ? bj->set_period : k == 3 ? bj->set_ou : k == 4 ? bj->set_aoc : NULL;
	if (ok && dst && strlen(s) >= sizeof bj->set_ou)
		ok = false;
	else if (ok && dst)
		snprintf(dst, sizeof bj->set_ou, "%s", s);
	json_decref(v);
	return ok ? 0 : http_fail(r, ERR_INVALID, key, "\"%s\" phải là một chuỗi (string) ngắn hơn %zu byte", key,
				  sizeof bj->set_ou);
}

/* Reads the outer object of a dataValueSet: its set-level fields (in any
 * order, before or after the rows) and the bounds of "dataValues", leaving
 * bj->p just inside that array. Only the top level is scanned here; the
 * rows are parsed one at a time by bj_next. */
static int bj_open(http_req *r, bulk_json *bj)
{
	const char *end = r->body.data + r->body.len, *p = bj_ws(r->body.data, end);
	const char *arr = NULL, *arr_end = NULL;
	if (p == end || *p != '{')
		return bj_bad(r, "body", "cần một đối tượng {\"dataValues\":[...]}");
	p = bj_ws(p + 1, end);
	for (bool first = true; p < end && *p != '}'; first = false) {
		if (!first) {
			if (*p != ',')
				return bj_bad(r, "body", "thiếu ',' giữa hai trường của tài liệu");
			p = bj_ws(p + 1, end);
		}
		if (p == end || *p != '"')
			return bj_bad(r, "body", "cần tên trường trong ngoặc kép");
		const char *q = bj_skip_str(p, end);
		if (!q)
			return bj_bad(r, "body", "chuỗi không đóng");
		char key[64];
		bj_key(p, q, key, sizeof key);
		p = bj_ws(q, end);
		if (p == end || *p != ':')
			return bj_bad(r, "body", "thiếu dấu ':' sau tên trường");
		p = bj_ws(p + 1, end);
		q = p < end ? bj_skip_value(p, end) : NULL;
		if (!q || q == p)
			return bj_bad(r, "body", "tài liệu kết thúc giữa chừng hoặc lồng nhau quá sâu");
		if (!strcmp(key, "dataValues")) {
			if (arr)
				return bj_bad(r, "body", "\"dataValues\" xuất hiện hai lần");
			if (*p != '[')
				return http_fail(r, ERR_INVALID, "dataValues", "\"dataValues\" phải là một mảng [...]");
			arr = p + 1;
			arr_end = q;
		} else {
			int rc = bj_set_field(r, bj, key, p, q);
			if (rc)
				return rc;
		}
		p = bj_ws(q, end);
	}
	if (p == end)
		return bj_bad(r, "body", "thiếu '}' cuối tài liệu");
	if (bj_ws(p + 1, end) != end)
		return bj_bad(r, "body", "còn nội dung sau '}' cuối tài liệu");
	if (!arr)
		return http_fail(r, ERR_INVALID, "dataValues", "thiếu trường \"dataValues\"");
	bj->p = arr;
	bj->end = arr_end; /* just past the array's ']' */
	return 0;
}

/* After the array's ']' (the outer object was read by bj_open): nothing may follow within it. */
static int bj_close(bulk_json *bj, err *e)
{
	return bj->p == bj->end ? 0 : err_set(e, ERR_INVALID, "JSON không hợp lệ: còn nội dung sau ']' của dataValues");
}

/* One value of a row's object, from jansson (j) or from the flat scanner (j NULL). */
typedef enum bj_kind { BJ_NULL, BJ_TRUE, BJ_FALSE, BJ_STR, BJ_NUM, BJ_OTHER } bj_kind;

typedef struct bj_val {
	bj_kind kind;
	const char *s;  /* BJ_STR: the text */
	size_t len;     /* BJ_STR: its length (a NUL within: len > strlen) */
	json_t *j;      /* jansson's value, NULL from the flat scanner */
} bj_val;

static bj_val bj_val_of(json_t *j)
{
	bj_val v = {.kind = json_is_null(j) ? BJ_NULL : json_is_true(j) ? BJ_TRUE : json_is_false(j) ? BJ_FALSE
			   : json_is_string(j) ? BJ_STR : json_is_number(j) ? BJ_NUM : BJ_OTHER,
		    .j = j};
	if (v.kind == BJ_STR) {
		v.s = json_string_value(j);
		v.len = json_string_length(j);
	}
	return v;
}

/* Marks the row bad: field, the offending JSON value (NULL: none) and why. */
static void bj_row_bad(bulk_json *bj, import_in *in, const char *field, const bj_val *v, const char *why)
{
	static const char *const literal[] = {"null", "true", "false"};
	char *s = v && v->kind != BJ_STR && v->j ? json_dumps(v->j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	const char *obj = s                          ? s
			  : !v                       ? ""
			  : v->kind == BJ_STR        ? v->s
			  : v->kind <= BJ_FALSE      ? literal[v->kind]
						     : "";
	import_in_bad(in, &bj->bad, field, obj, why);
	free(s);
}

/* A string field that may be null: its text into *dst (left alone for null). For
 * anything else, or a string holding a NUL, marks the row bad and says false. */
static bool bj_opt_str(bulk_json *bj, import_in *in, const char *key, const bj_val *v, const char **dst)
{
	if (v->kind == BJ_NULL)
		return true;
	if (v->kind != BJ_STR || strlen(v->s) != v->len) {
		bj_row_bad(bj, in, key, v->kind == BJ_STR ? NULL : v, "phải là một chuỗi (string) không có ký tự NUL");
		return false;
	}
	*dst = v->s;
	return true;
}

/* The keys a row may hold. */
typedef enum bj_keyid {
	BJ_K_FIELD,       /* one of import_field's (bj_key_of's *f) */
	BJ_K_FOLLOWUP,
	BJ_K_STOREDBY,
	BJ_K_CREATED,
	BJ_K_LASTUPDATED,
	BJ_K_COC,
	BJ_K_AOC,
	BJ_K_COMMENT,
	BJ_K_UNKNOWN,
} bj_keyid;

/* Which key this is (DHIS2's names and chitieu's); for BJ_K_FIELD the row field into *f. */
static bj_keyid bj_key_of(const char *key, int *f)
{
	static const struct {
		const char *name;
		bj_keyid id;
		int f;
	} names[] = {
		{"dataElement", BJ_K_FIELD, IMPORT_F_INDICATOR},
		{"indicator", BJ_K_FIELD, IMPORT_F_INDICATOR},
		{"orgUnit", BJ_K_FIELD, IMPORT_F_UNIT},
		{"unit", BJ_K_FIELD, IMPORT_F_UNIT},
		{"period", BJ_K_FIELD, IMPORT_F_PERIOD},
		{"value", BJ_K_FIELD, IMPORT_F_VALUE},
		{"estimate", BJ_K_FIELD, IMPORT_F_ESTIMATE},
		{"followup", BJ_K_FOLLOWUP, -1},
		{"storedBy", BJ_K_STOREDBY, -1},
		{"created", BJ_K_CREATED, -1},
		{"lastUpdated", BJ_K_LASTUPDATED, -1},
		{"categoryOptionCombo", BJ_K_COC, -1},
		{"attributeOptionCombo", BJ_K_AOC, -1},
		{"comment", BJ_K_COMMENT, -1},
	};
	*f = -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].name[0] == key[0] && !strcmp(names[i].name, key)) { /* (the first byte: a cheap sieve) */
			*f = names[i].f;
			return names[i].id;
		}
	return BJ_K_UNKNOWN;
}

/* Before a row's fields: the names for messages and the set's defaults. */
static void bj_row_start(bulk_json *bj, import_in *in)
{
	static const char *const dhis2[IMPORT_F__N] = {"dataElement", "orgUnit", "period", "value", "estimate"};
	for (int k = 0; k < IMPORT_F__N; k++)
		in->name[k] = dhis2[k];
	/* the set's period, orgUnit and attributeOptionCombo, unless the row says otherwise */
	if (bj->set_period[0])
		in->text[IMPORT_F_PERIOD] = bj->set_period;
	if (bj->set_ou[0])
		in->text[IMPORT_F_UNIT] = bj->set_ou;
	if (bj->set_aoc[0])
		in->aoc = bj->set_aoc;
}

/* One key and value of a row's object into *in (key and v's text live until
 * the next row); false when the row is bad (marked) and its other fields are
 * not to be read. seen: the fields given so far. */
static bool bj_field(bulk_json *bj, import_in *in, bool *seen, const char *key, const bj_val *v)
{
	int f;
	bj_keyid id = bj_key_of(key, &f);
	char why[320];
	const char *ignored = NULL;
	switch (id) {
	case BJ_K_FOLLOWUP: /* DHIS2's flag: kept with the value */
		if (v->kind == BJ_NULL)
			return true;
		if (v->kind != BJ_TRUE && v->kind != BJ_FALSE) {
			bj_row_bad(bj, in, key, v, "phải là true hoặc false");
			return false;
		}
		in->followup_given = true;
		in->followup = v->kind == BJ_TRUE;
		return true;
	/* storedBy and created go to the audit trail; lastUpdated is the server's own */
	case BJ_K_STOREDBY: return bj_opt_str(bj, in, key, v, &in->stored_by);
	case BJ_K_CREATED: return bj_opt_str(bj, in, key, v, &in->created);
	case BJ_K_LASTUPDATED: return bj_opt_str(bj, in, key, v, &ignored);
	/* the combos: the mapping (core/xmap.c) places the row by them */
	case BJ_K_COC: return bj_opt_str(bj, in, key, v, &in->coc);
	case BJ_K_AOC: return bj_opt_str(bj, in, key, v, &in->aoc);
	case BJ_K_COMMENT: return bj_opt_str(bj, in, key, v, &in->comment); /* DHIS2's per-value comment */
	case BJ_K_UNKNOWN:
		snprintf(why, sizeof why,
			 "trường \"%.60s\" không được biết (unknown field); nhận: dataElement|indicator, "
			 "period, orgUnit|unit, categoryOptionCombo, attributeOptionCombo, value, estimate, "
			 "comment, followup, storedBy, created, lastUpdated", key);
		bj_row_bad(bj, in, key, NULL, why);
		return false;
	case BJ_K_FIELD: break;
	}
	if (seen[f]) {
		snprintf(why, sizeof why, "\"%s\" và \"%.60s\" là cùng một trường; chỉ dùng một", in->name[f], key);
		bj_row_bad(bj, in, key, v, why);
		return false;
	}
	seen[f] = true;
	in->name[f] = key;
	if (v->kind == BJ_NULL)
		return true;
	if (f == IMPORT_F_ESTIMATE) {
		if (v->kind != BJ_TRUE && v->kind != BJ_FALSE) {
			bj_row_bad(bj, in, key, v, "phải là true hoặc false");
			return false;
		}
		in->text[f] = v->kind == BJ_TRUE ? "1" : "0";
	} else if (f == IMPORT_F_VALUE && v->kind == BJ_NUM) {
		snprintf(bj->num, sizeof bj->num, "%.17g", json_number_value(v->j));
		in->text[f] = bj->num;
		if (num_from_double(json_number_value(v->j), &in->amount)) {
			bj_row_bad(bj, in, key, v, "số quá lớn hoặc không hợp lệ");
			return false;
		}
		in->has_amount = true;
	} else if (v->kind == BJ_STR) {
		in->text[f] = v->s;
		if (strlen(v->s) != v->len) {
			bj_row_bad(bj, in, key, NULL, "có ký tự NUL");
			return false;
		}
	} else {
		bj_row_bad(bj, in, key, v,
			   f == IMPORT_F_VALUE ? "phải là một số hoặc một chuỗi số kiểu DHIS2 (\"1739.5\")"
					       : "phải là một chuỗi (string)");
		return false;
	}
	return true;
}

/* One object of dataValues parsed by jansson into *in (strings point into bj->cur). */
static void bj_row(bulk_json *bj, import_in *in)
{
	bj_row_start(bj, in);
	if (!json_is_object(bj->cur)) {
		bj_val v = bj_val_of(bj->cur);
		bj_row_bad(bj, in, "", &v, "mỗi phần tử của dataValues phải là một đối tượng {...}");
		return;
	}
	const char *key;
	json_t *j;
	bool seen[IMPORT_F__N] = {false};
	json_object_foreach(bj->cur, key, j) {
		bj_val v = bj_val_of(j);
		if (!bj_field(bj, in, seen, key, &v))
			return;
	}
}

/* The same from the flat scanner's pairs (strings point into bj->flat). */
static void bj_row_flat(bulk_json *bj, import_in *in)
{
	static const bj_kind kind[] = {[JFLAT_NULL] = BJ_NULL, [JFLAT_TRUE] = BJ_TRUE, [JFLAT_FALSE] = BJ_FALSE,
				       [JFLAT_STR] = BJ_STR};
	bj_row_start(bj, in);
	bool seen[IMPORT_F__N] = {false};
	for (size_t i = 0; i < bj->flat.n; i++) {
		const jflat_pair *pr = &bj->flat.pair[i];
		bj_val v = {.kind = kind[pr->kind], .s = pr->str, .len = pr->str ? strlen(pr->str) : 0};
		if (!bj_field(bj, in, seen, pr->key, &v))
			return;
	}
}

/* import_next_fn over the elements of dataValues. Each element of the common
 * flat shape is read by jflat_scan (util/jflat.h); any other goes to jansson,
 * which judges and reports it as it always has. */
static int bj_next(void *ctx, import_in *in, err *e)
{
	bulk_json *bj = ctx;
	json_decref(bj->cur);
	bj->cur = NULL;
	const char *p = bj_ws(bj->p, bj->end);
	if (p < bj->end && *p == ']') {
		bj->p = p + 1;
		int rc = bj_close(bj, e);
		return rc ? rc : 0;
	}
	if (bj->index > 0) {
		if (p == bj->end || *p != ',')
			return err_set(e, ERR_INVALID, "JSON không hợp lệ: thiếu ',' hoặc ']' sau dataValues[%ld]",
				       bj->index - 1);
		p = bj_ws(p + 1, bj->end);
	}
	const char *q = jflat_scan(p, bj->end, &bj->flat); /* the common flat shape */
	if (q) {
		bj->p = q;
		bj->index++;
		bj_row_flat(bj, in);
		return 1;
	}
	q = p < bj->end ? bj_skip_value(p, bj->end) : NULL;
	if (!q || q == p)
		return err_set(e, ERR_INVALID, "JSON không hợp lệ: dataValues[%ld] kết thúc giữa chừng "
			       "hoặc lồng nhau quá %d mức", bj->index, API_JSON_DEPTH);
	json_error_t je;
	bj->cur = json_loadb(p, (size_t)(q - p), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL,
			     &je);
	if (!bj->cur) {
		const char *why = json_error_code(&je) == json_error_invalid_utf8     ? "không phải UTF-8 hợp lệ"
				  : json_error_code(&je) == json_error_duplicate_key   ? "một khóa xuất hiện hai lần"
				  : json_error_code(&je) == json_error_numeric_overflow ? "số quá lớn"
										       : "sai cú pháp";
		return err_set(e, ERR_INVALID, "JSON không hợp lệ ở dataValues[%ld]: %s (%s)", bj->index, why,
			       je.text);
	}
	bj->p = q;
	bj->index++;
	bj_row(bj, in);
	return 1;
}

/* ---- per-row permission and locks ------------------------------------------ */

/*
 * The checks already passed in this request, as exact keys ("a" indicator
 * TAB unit, "l" unit TAB period TAB agency), and what may close a unit's
 * periods, read once per unit ("u" unit, "c" unit TAB period closed by hand,
 * "p" unit TAB month TAB agency with an approval row): an open-addressing set that
 * grows, so every distinct key is asked of the store once however the rows
 * are ordered (util/strset; a fixed table of 1024 slots let a file of 100.000 values,
 * cycling through its units and periods for each indicator, evict its keys
 * and ask the locks and approvals again for most rows). Refusals are not
 * kept: a refused row stops or is reported, and its message is the store's.
 */
struct api_bulk_allow_ctx {
	http_req *r;
	cdate today;
	lock_config locks;
	strset ok; /* the keys checked (see above) */
};

/* Remembers key (copied) among the checked ones; ERR_NOMEM. */
static int bulk_memo_add(strset *m, const char *key, err *e)
{
	return strset_add(m, key, NULL) ? err_set(e, ERR_NOMEM, "hết bộ nhớ (out of memory)") : 0;
}

int api_bulk_allow_new(http_req *r, api_bulk_allow_ctx **out)
{
	*out = NULL;
	api_bulk_allow_ctx *a = calloc(1, sizeof *a);
	if (!a)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
	a->r = r;
	err e;
	err_clear(&e);
	int rc = api_lock_today(r, &a->today);
	if (!rc && (rc = lock_config_load(r->store, &a->locks, &e)))
		http_fail(r, rc, NULL, "%s", e.msg);
	if (rc) {
		free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void api_bulk_allow_free(api_bulk_allow_ctx *a)
{
	if (!a)
		return;
	strset_free(&a->ok);
	free(a);
}

/* Key building without printf (it was a sixth of a JSON import's time): each
 * part copied up to the key's end, truncated as snprintf would. */
static char *key_str(char *d, const char *end, const char *s)
{
	while (*s && d < end)
		*d++ = *s++;
	return d;
}

static char *key_int(char *d, const char *end, int v)
{
	char t[12];
	int n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		t[n++] = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0 && d < end)
		*d++ = '-';
	while (n && d < end)
		*d++ = t[--n];
	return d;
}

/* A hint key: TAG, then each part followed by a tab (the last without). */
static void hint_key(char *key, size_t n, char tag, const char *a, const char *b, const char *c)
{
	const char *end = key + n - 1;
	char *k = key;
	*k++ = tag;
	k = key_str(k, end, a);
	k = key_str(k, end, "\t");
	k = key_str(k, end, b);
	if (c) {
		k = key_str(k, end, "\t");
		k = key_str(k, end, c);
	}
	*k = '\0';
}

typedef struct bulk_hint_ctx {
	api_bulk_allow_ctx *a;
	const char *unit_code;
	char tag;
} bulk_hint_ctx;

static int bulk_hint_add(void *ctx, const char *period_code, const char *agency_code, err *e)
{
	bulk_hint_ctx *h = ctx;
	char key[2 * CODE_MAX + 48];
	hint_key(key, sizeof key, h->tag, h->unit_code, period_code, h->tag == 'p' ? agency_code : NULL);
	return bulk_memo_add(&h->a->ok, key, e);
}

/*
 * Once per unit, what may close its periods: the periods closed by hand for
 * it or an ancestor ("c" keys) and the months and agencies with an approval
 * row ("p" keys). Two queries per unit instead of four or five per unit,
 * period and agency; where neither has a key, the lock and approval checks
 * would find the period open and draft, and are not asked.
 */
static int bulk_unit_hints(api_bulk_allow_ctx *a, const char *unit_code, err *e)
{
	char key[CODE_MAX + 2];
	hint_key(key, sizeof key, 'u', unit_code, "", NULL);
	if (strset_has(&a->ok, key))
		return 0;
	bulk_hint_ctx h = {.a = a, .unit_code = unit_code, .tag = 'c'};
	int rc = store_closing_periods(a->r->store, unit_code, bulk_hint_add, &h, e);
	if (!rc) {
		h.tag = 'p';
		rc = store_approval_keys(a->r->store, unit_code, bulk_hint_add, &h, e);
	}
	return rc ? rc : bulk_memo_add(&a->ok, key, e);
}

/* The locks and approvals of unit_code's period p for ind: asked of the
 * store only where the unit's hints say a closing or an approval row may
 * answer otherwise than "open" and "draft". */
static int bulk_lock_approval(api_bulk_allow_ctx *a, const indicator *ind, const char *unit_code, const period *p,
			      err *e)
{
	char pc[32], mc[32], key[2 * CODE_MAX + 48];
	int rc = bulk_unit_hints(a, unit_code, e);
	if (rc || (rc = period_code_str(p, pc, sizeof pc, e)))
		return rc;
	hint_key(key, sizeof key, 'c', unit_code, pc, NULL);
	if (!lock_open_unless_closed(&a->locks, p, a->today) || strset_has(&a->ok, key))
		if ((rc = lock_check_with(a->r->store, &a->locks, unit_code, p, a->today, e)))
			return rc;
	period m = appr_month_of(p);
	if ((rc = period_code_str(&m, mc, sizeof mc, e)))
		return rc;
	hint_key(key, sizeof key, 'p', unit_code, mc, "");
	bool row = strset_has(&a->ok, key);
	if (!row && ind->agency_code[0]) {
		hint_key(key, sizeof key, 'p', unit_code, mc, ind->agency_code);
		row = strset_has(&a->ok, key);
	}
	return row ? approval_write_check(a->r->store, unit_code, p, ind, e) : 0; /* submitted or approved: read-only */
}

int api_bulk_allow(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field, err *e)
{
	api_bulk_allow_ctx *a = ctx;
	char key[2 * CODE_MAX + 48];
	const char *end = key + sizeof key - 1;
	char *k = key;
	*k++ = 'a';
	k = key_str(k, end, ind->code);
	k = key_str(k, end, "\t");
	k = key_str(k, end, unit_code);
	*k = '\0';
	if (!strset_has(&a->ok, key)) {
		int rc = auth_can_enter(a->r->store, a->r->who, unit_code, ind, e);
		if (rc) {
			const user_account *w = &a->r->who->user;
			if (w->role == ROLE_DEPARTMENT && strcmp(ind->agency_code, w->agency_code))
				*field = IMPORT_F_INDICATOR; /* another agency's indicator */
			return rc;
		}
		if ((rc = bulk_memo_add(&a->ok, key, e)))
			return rc;
	}
	/* (before its deadline a period may still be closed by hand: always checked, once per unit, period and
	 * agency, whose part of the month may be submitted apart from the whole unit's; the store is asked
	 * only where the unit's hints hold a closing or an approval row, bulk_lock_approval) */
	k = key;
	*k++ = 'l';
	k = key_str(k, end, unit_code);
	k = key_str(k, end, "\t");
	k = key_int(k, end, (int)p->type);
	k = key_str(k, end, "-");
	k = key_int(k, end, p->year);
	k = key_str(k, end, "-");
	k = key_int(k, end, p->index);
	k = key_str(k, end, "\t");
	k = key_str(k, end, ind->agency_code);
	*k = '\0';
	if (strset_has(&a->ok, key))
		return 0;
	int rc = bulk_lock_approval(a, ind, unit_code, p, e);
	return rc ? rc : bulk_memo_add(&a->ok, key, e);
}

/* ---- the handler -------------------------------------------------------------- */

/* The import's options as DHIS2 names them. */
typedef struct bulk_opts {
	import_strategy strategy;
	bool atomic_none;
	bool dry;
} bulk_opts;

static const char *const STRATEGY_NAME[] = {"CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE"};

/* What DHIS2 calls the outcome of a conflict: the API's own error codes. */
static const char *conflict_code(int code)
{
	return code == ERR_NOTFOUND ? "not_found" : code == ERR_FORBIDDEN ? "forbidden" : code == ERR_CONFLICT ? "conflict"
										: "invalid";
}

static void counts_json(buf *b, const import_summary *s, const bulk_opts *bo)
{
	long ignored = s->unchanged + s->skipped + (bo->atomic_none ? s->bad_rows : 0);
	buf_printf(b, "\"importCount\":{\"imported\":%ld,\"updated\":%ld,\"ignored\":%ld,\"deleted\":%ld}", s->inserted,
		   s->updated, ignored, s->deleted);
}

/*
 * The import summary: chitieu's first fields (status, dryRun, description,
 * importCount, rows, badRows, conflicts) and DHIS2's importSummary shape
 * (httpStatus, httpStatusCode, response {responseType, status,
 * importOptions, description, importCount, conflicts}); each conflict has
 * both chitieu's row/field and DHIS2's object, value, errorCode, property
 * and indexes (0-based for JSON, ADX and CSV alike).
 */
static void write_summary(http_req *r, const char *status, const bulk_opts *bo, const import_summary *s,
			  const import_conflict *cf, const char *description)
{
	buf *b = &r->out;
	int code = r->status ? r->status : 200;
	const char *http = code == 200 ? "OK" : code == 403 ? "Forbidden" : "Conflict";
	buf_printf(b, "{\"httpStatus\":\"%s\",\"httpStatusCode\":%d,\"status\":\"%s\",\"dryRun\":%s,", http, code, status,
		   bo->dry ? "true" : "false");
	if (description)
		jsonw_kv_str(b, "description", description, true);
	counts_json(b, s, bo);
	buf_printf(b, ",\"rows\":%ld,\"badRows\":%ld,\"conflicts\":[", s->rows, s->bad_rows);
	api_bulk_conflicts_json(b, cf, s->conflicts);
	buf_printf(b, "],\"response\":{\"responseType\":\"ImportSummary\",\"status\":\"%s\","
		      "\"importOptions\":{\"importStrategy\":\"%s\",\"atomicMode\":\"%s\",\"dryRun\":%s},",
		   status, STRATEGY_NAME[bo->strategy], bo->atomic_none ? "NONE" : "ALL", bo->dry ? "true" : "false");
	if (description)
		jsonw_kv_str(b, "description", description, true);
	counts_json(b, s, bo);
	buf_puts(b, ",\"conflicts\":[");
	api_bulk_conflicts_json(b, cf, s->conflicts);
	buf_puts(b, "]}}\n");
}

/* importStrategy (DHIS2's names and its older synonyms) and atomicMode. */
static int bulk_opts_read(http_req *r, bulk_opts *bo)
{
	static const struct {
		const char *name;
		import_strategy st;
	} names[] = {
		{"CREATE_AND_UPDATE", IMPORT_CREATE_AND_UPDATE}, {"NEW_AND_UPDATES", IMPORT_CREATE_AND_UPDATE},
		{"CREATE", IMPORT_CREATE}, {"NEW", IMPORT_CREATE}, {"UPDATE", IMPORT_UPDATE}, {"UPDATES", IMPORT_UPDATE},
		{"DELETE", IMPORT_DELETE}, {"DELETES", IMPORT_DELETE},
	};
	const char *st = http_query(r, "importStrategy"), *am = http_query(r, "atomicMode");
	bo->strategy = IMPORT_CREATE_AND_UPDATE;
	if (st && *st) {
		size_t k = 0;
		while (k < sizeof names / sizeof names[0] && strcasecmp(names[k].name, st))
			k++;
		if (k == sizeof names / sizeof names[0])
			return http_fail(r, ERR_INVALID, "importStrategy",
					 "importStrategy phải là CREATE, UPDATE, CREATE_AND_UPDATE hoặc DELETE (nhận: %.40s)", st);
		bo->strategy = names[k].st;
	}
	bo->atomic_none = false;
	if (am && *am) {
		if (!strcasecmp(am, "NONE"))
			bo->atomic_none = true;
		else if (strcasecmp(am, "ALL"))
			return http_fail(r, ERR_INVALID, "atomicMode", "atomicMode phải là ALL hoặc NONE (nhận: %.40s)", am);
	}
	return 0;
}

int api_xmap_schemes(http_req *r, xmap_scheme *de, xmap_scheme *ou)
{
	static const char *const names[] = {"idScheme", "dataElementIdScheme", "orgUnitIdScheme"};
	int k[3];
	for (int i = 0; i < 3; i++) {
		const char *v = http_query(r, names[i]);
		if ((k[i] = xmap_scheme_parse(v)) < 0)
			return http_fail(r, ERR_INVALID, names[i], "%s phải là UID, CODE hoặc NAME (nhận: %.40s)", names[i],
					 v);
	}
	*de = (xmap_scheme)(http_query(r, names[1]) && *http_query(r, names[1]) ? k[1] : k[0]);
	*ou = (xmap_scheme)(http_query(r, names[2]) && *http_query(r, names[2]) ? k[2] : k[0]);
	return 0;
}

int api_dry_run(http_req *r, bool *dry)
{
	*dry = false;
	const char *d = http_query(r, "dryRun");
	if (!d)
		return 0;
	if (!strcmp(d, "true") || !strcmp(d, "1"))
		*dry = true;
	else if (strcmp(d, "false") && strcmp(d, "0"))
		return http_fail(r, ERR_INVALID, "dryRun", "dryRun phải là true hoặc false");
	return 0;
}

int api_bulk_content_type(http_req *r, bool *csv)
{
	const char *ct = http_header(r, "Content-Type");
	*csv = ct && (!strncasecmp(ct, "text/csv", 8) || !strncasecmp(ct, "application/csv", 15));
	if (ct && !*csv && strncasecmp(ct, "application/json", 16))
		return http_fail(r, ERR_INVALID, "Content-Type",
				 "Content-Type phải là application/json, application/csv, text/csv, application/xml "
				 "hoặc application/adx+xml (nhận: %.60s)", ct);
	return 0;
}

void api_bulk_conflicts_json(buf *b, const import_conflict *cf, long n)
{
	for (long i = 0; i < n; i++) {
		buf_printf(b, "%s{\"row\":%ld,", i ? "," : "", cf[i].row);
		jsonw_kv_str(b, "field", cf[i].field, true);
		jsonw_kv_str(b, "object", cf[i].object, true);
		jsonw_kv_str(b, "value", cf[i].msg, true);
		jsonw_kv_str(b, "errorCode", conflict_code(cf[i].code), true);
		jsonw_kv_str(b, "property", cf[i].field, true);
		buf_printf(b, "\"indexes\":[%ld]}", cf[i].index);
	}
}

int api_bulk_datavalues(http_req *r)
{
	bool dry, csv = false;
	bulk_opts bo;
	const char *ct = http_header(r, "Content-Type");
	bool adx = ct && !strncasecmp(ct, "application/adx+xml", 19);
	bool dxf2 = ct && (!strncasecmp(ct, "application/xml", 15) || !strncasecmp(ct, "text/xml", 8));
	int rc = api_dry_run(r, &dry);
	if (!rc)
		rc = bulk_opts_read(r, &bo);
	bo.dry = dry;
	if (!rc && !adx && !dxf2)
		rc = api_bulk_content_type(r, &csv);
	if (rc)
		return rc;
	if (!r->body.len)
		return http_fail(r, ERR_INVALID, "body", "thiếu nội dung yêu cầu (dataValues)");

	api_bulk_allow_ctx *ac = NULL;
	adx_reader *ar = NULL;
	d2csv_reader *dc = NULL;
	dxf2_reader *dx = NULL;
	xmap *map = NULL;
	import_conflict *cf = calloc(IMPORT_CONFLICTS_MAX, sizeof *cf);
	bulk_json bj;
	memset(&bj, 0, sizeof bj);
	err e;
	err_clear(&e);
	if (!cf) {
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
		goto done;
	}
	const char *comment = http_query(r, "comment");
	if (comment && strlen(comment) >= NOTE_MAX) {
		rc = http_fail(r, ERR_INVALID, "comment", "ghi chú (comment) dài quá %d byte", NOTE_MAX - 1);
		goto done;
	}
	if ((rc = api_bulk_allow_new(r, &ac)))
		goto done;
	/* DHIS2's numbers: the dot is the decimal point, no thousands separators; the
	 * comment is kept with the values that break a warning rule between indicators */
	import_opts o = {.dry_run = dry,
			 .by = r->who->user.login,
			 .reason = "nhập hàng loạt (dataValueSets)",
			 .dot_numbers = true,
			 .comment = comment && *comment ? comment : NULL,
			 .strategy = bo.strategy,
			 .atomic_none = bo.atomic_none};
	import_checks chk = {
		.allow = api_bulk_allow,
		.allow_ctx = ac,
		.conflicts = cf,
		.conflicts_max = IMPORT_CONFLICTS_MAX,
		.max_rows = API_BULK_MAX_ROWS,
		.by_fixed = true,
	};
	import_summary sum = {0};
	xmap_reader xr = {.next = adx ? adx_next : bj_next};
	if ((rc = api_xmap_schemes(r, &xr.de_scheme, &xr.ou_scheme)))
		goto done;
	if ((rc = xmap_load(r->store, &map, &e))) {
		rc = http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	xr.map = map;
	if (csv && d2csv_is_dhis2(r->body.data, r->body.len)) { /* DHIS2's columns, with or without a header */
		if ((rc = d2csv_reader_new(r->body.data, r->body.len, &dc, &e))) {
			http_fail(r, rc, "body", "%s", e.msg);
			goto done;
		}
		xr.next = d2csv_next;
		xr.next_ctx = dc;
		rc = import_values_rows(r->store, xmap_next, &xr, "dataValues.csv", &o, &chk, &sum, &e);
	} else if (csv) {
		FILE *f = fmemopen(r->body.data, r->body.len, "r");
		if (!f) {
			rc = http_fail(r, ERR_NOMEM, NULL, "không đọc được nội dung yêu cầu");
			goto done;
		}
		rc = import_values_csv_checked(r->store, f, "dataValues.csv", (long)r->body.len, &o, &chk, &sum, &e);
		fclose(f);
	} else if (dxf2) {
		if ((rc = dxf2_reader_new(r->body.data, r->body.len, &dx, &e))) {
			http_fail(r, rc, "body", "%s", e.msg);
			goto done;
		}
		xr.next = dxf2_next;
		xr.next_ctx = dx;
		rc = import_values_rows(r->store, xmap_next, &xr, "dataValue", &o, &chk, &sum, &e);
	} else if (adx) {
		if ((rc = adx_reader_new(r->body.data, r->body.len, &ar, &e))) {
			http_fail(r, rc, "body", "%s", e.msg);
			goto done;
		}
		xr.next_ctx = ar;
		rc = import_values_rows(r->store, xmap_next, &xr, "adx", &o, &chk, &sum, &e);
	} else {
		if ((rc = bj_open(r, &bj)))
			goto done;
		xr.next_ctx = &bj;
		rc = import_values_rows(r->store, xmap_next, &xr, "dataValues", &o, &chk, &sum, &e);
	}
	if (rc && sum.conflicts == 0) {
		/* the document itself: malformed (400), too many rows (413), or a fault (500) */
		http_fail(r, rc == ERR_CONFLICT || rc == ERR_NOTFOUND ? ERR_INVALID : rc, "body", "%s", e.msg);
		goto done;
	}
	if (rc) {
		/* refused only for who is asking (scope, role): 403; any bad data: 409 */
		bool forbidden = true;
		for (long i = 0; i < sum.conflicts && i < IMPORT_CONFLICTS_MAX; i++)
			forbidden = forbidden && cf[i].code == ERR_FORBIDDEN;
		r->status = forbidden ? 403 : 409;
	}
	/* atomicMode NONE with bad rows: the good ones are written, 200 WARNING */
	bool warn = rc == 0 && sum.bad_rows > 0;
	write_summary(r, rc ? "ERROR" : warn ? "WARNING" : "SUCCESS", &bo, &sum, cf, rc || warn ? e.msg : NULL);
	rc = 0;
done:
	xmap_free(map);
	d2csv_reader_free(dc);
	dxf2_reader_free(dx);
	adx_reader_free(ar);
	json_decref(bj.cur);
	api_bulk_allow_free(ac);
	free(cf);
	return rc;
}
