/*
 * api_targets_bulk.c - POST /api/targets/bulk (api_targets_bulk.h): many
 * targets in one request, all or nothing. The body is a JSON array of the
 * objects PUT /api/targets takes, or a CSV file (Content-Type text/csv) whose
 * header names the same fields in English or Vietnamese; CSV rows are turned
 * into the same JSON objects so one checker judges both.
 *
 * Pass 1 checks every row (fields, codes, kinds, years, target_check,
 * duplicate keys) without writing. Pass 2 writes the good rows inside one
 * transaction (so the store's own refusals, e.g. a unit that did not exist in
 * those years, are found too) and commits only when no row at all was bad and
 * this is not a dry run. The answer lists what changes (old and new figures)
 * for the dry-run preview of the plans page.
 *
 * Not for: one target (api_admin.c), values (api_bulk.c), or who may call it
 * (administrators only: the route table says so and src/http checks it).
 */
#include "api/api_targets_bulk.h"
#include "api/api_bulk.h"
#include "api/api_int.h"
#include "util/csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TB_CONFLICTS_MAX 100 /* bad rows reported; all are counted */

typedef struct tb_row {
	long row;            /* JSON: 0-based index; CSV: the file's line */
	bool bad;
	target t;
	const char *result;  /* "inserted", "updated", "unchanged" after pass 2 */
	bool had_old;
	target old;
} tb_row;

typedef struct tb_ctx {
	http_req *r;
	tb_row *rows;
	size_t n, cap;
	indicator *inds;  /* the catalogue, sorted by code (read once, not per row) */
	size_t n_inds;
	unit *units;
	size_t n_units;
	import_conflict cf[TB_CONFLICTS_MAX]; /* code unused: 0 */
	size_t n_cf;   /* recorded */
	long bad;      /* bad rows, recorded or not */
} tb_ctx;

/* Records a bad row (the first TB_CONFLICTS_MAX are kept). */
__attribute__((format(printf, 5, 6))) static void tb_conflict_add(tb_ctx *c, long row, const char *field,
								   const char *object, const char *fmt, ...)
{
	c->bad++;
	if (c->n_cf >= TB_CONFLICTS_MAX)
		return;
	import_conflict *k = &c->cf[c->n_cf++];
	k->row = row;
	k->index = row;
	snprintf(k->field, sizeof k->field, "%s", field ? field : "");
	/* cut on a UTF-8 boundary so the JSON writer never sees half a character */
	size_t n = object ? strlen(object) : 0;
	if (n >= sizeof k->object) {
		n = sizeof k->object - 1;
		while (n > 0 && ((unsigned char)object[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(k->object, object ? object : "", n);
	k->object[n] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(k->msg, sizeof k->msg, fmt, ap);
	va_end(ap);
}

/* The text of obj[field] (of obj itself when field is NULL) for a conflict: a
 * string as is, anything else as compact JSON. */
static void tb_object_of(json_t *obj, const char *field, char *out, size_t n)
{
	json_t *v = !field ? obj : json_is_object(obj) && *field ? json_object_get(obj, field) : NULL;
	out[0] = '\0';
	if (!v)
		return;
	if (json_is_string(v)) {
		snprintf(out, n, "%s", json_string_value(v));
		return;
	}
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(out, n, "%s", s ? s : "");
	free(s);
}

static tb_row *tb_push(tb_ctx *c, long row)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		tb_row *p = realloc(c->rows, cap * sizeof *p);
		if (!p)
			return NULL;
		c->rows = p;
		c->cap = cap;
	}
	tb_row *x = &c->rows[c->n++];
	memset(x, 0, sizeof *x);
	x->row = row;
	return x;
}

/* ---- pass 1: one row ------------------------------------------------------ */

static int tb_ind_cmp(const void *x, const void *y)
{
	return strcmp(((const indicator *)x)->code, ((const indicator *)y)->code);
}

static int tb_unit_cmp(const void *x, const void *y)
{
	return strcmp(((const unit *)x)->code, ((const unit *)y)->code);
}

/* Reads the indicator and unit catalogues once, sorted by code. */
static int tb_load_catalogue(tb_ctx *c)
{
	err e;
	err_clear(&e);
	int rc = store_indicator_list(c->r->store, &c->inds, &c->n_inds, &e);
	if (!rc)
		rc = store_unit_list(c->r->store, NULL, NULL, &c->units, &c->n_units, &e);
	if (rc)
		return http_fail(c->r, rc, NULL, "%s", e.msg);
	qsort(c->inds, c->n_inds, sizeof *c->inds, tb_ind_cmp);
	qsort(c->units, c->n_units, sizeof *c->units, tb_unit_cmp);
	return 0;
}

static bool tb_has_indicator(const tb_ctx *c, const char *code)
{
	indicator k;
	snprintf(k.code, sizeof k.code, "%s", code);
	return c->n_inds && bsearch(&k, c->inds, c->n_inds, sizeof k, tb_ind_cmp);
}

static bool tb_has_unit(const tb_ctx *c, const char *code)
{
	unit k;
	snprintf(k.code, sizeof k.code, "%s", code);
	return c->n_units && bsearch(&k, c->units, c->n_units, sizeof k, tb_unit_cmp);
}

/* Checks one row object; a good one is appended to c->rows, a bad one recorded. ERR_NOMEM only. */
static int tb_check_row(tb_ctx *c, json_t *obj, long rowno)
{
	http_req *r = c->r;
	char object[128];
	tb_row *x = tb_push(c, rowno);
	if (!x)
		return ERR_NOMEM;
	x->bad = true; /* until every check passed */
	if (!json_is_object(obj)) {
		tb_object_of(obj, NULL, object, sizeof object);
		tb_conflict_add(c, rowno, "", object, "mỗi dòng phải là một đối tượng {\"indicator\":...,\"unit\":...}");
		return 0;
	}
	api_val v[API_TGT_N];
	if (api_json_fields(r, obj, api_target_fields, API_TGT_N, v)) {
		tb_object_of(obj, r->field, object, sizeof object);
		tb_conflict_add(c, rowno, r->field, object, "%s", r->e.msg);
		err_clear(&r->e);
		r->field[0] = '\0';
		return 0;
	}
	target *t = &x->t;
	err e;
	err_clear(&e);
	if (v[API_TGT_YEAR].present && (v[API_TGT_FROM].present || v[API_TGT_TO].present)) {
		tb_conflict_add(c, rowno, "year", "", "chỉ dùng một trong \"year\" và \"year_from\"/\"year_to\"");
		return 0;
	}
	if (v[API_TGT_YEAR].present) {
		t->year_from = t->year_to = (int)v[API_TGT_YEAR].i;
	} else if (v[API_TGT_FROM].present && v[API_TGT_TO].present) {
		t->year_from = (int)v[API_TGT_FROM].i;
		t->year_to = (int)v[API_TGT_TO].i;
		if (t->year_from > t->year_to) {
			tb_conflict_add(c, rowno, "year_to", "", "năm cuối %d trước năm đầu %d", t->year_to, t->year_from);
			return 0;
		}
	} else {
		tb_conflict_add(c, rowno, v[API_TGT_FROM].present ? "year_to" : "year", "",
				"thiếu \"year\" (hoặc \"year_from\" và \"year_to\" của một nhiệm kỳ)");
		return 0;
	}
	if (model_set_text(t->indicator_code, sizeof t->indicator_code, v[API_TGT_IND].s, "indicator", &e) ||
	    (!tb_has_indicator(c, v[API_TGT_IND].s) &&
	     err_set(&e, ERR_NOTFOUND, "không có chỉ tiêu mã '%s'", v[API_TGT_IND].s))) {
		tb_conflict_add(c, rowno, "indicator", v[API_TGT_IND].s, "%s", e.msg);
		return 0;
	}
	if (model_set_text(t->unit_code, sizeof t->unit_code, v[API_TGT_UNIT].s, "unit", &e) ||
	    (!tb_has_unit(c, v[API_TGT_UNIT].s) &&
	     err_set(&e, ERR_NOTFOUND, "không có đơn vị mã '%s'", v[API_TGT_UNIT].s))) {
		tb_conflict_add(c, rowno, "unit", v[API_TGT_UNIT].s, "%s", e.msg);
		return 0;
	}
	t->kind = TGT_AT_LEAST;
	t->source = TGT_SRC_OWN;
	if (v[API_TGT_KIND].present && target_kind_from_code(v[API_TGT_KIND].s, &t->kind, &e)) {
		tb_conflict_add(c, rowno, "kind", v[API_TGT_KIND].s, "%s", e.msg);
		return 0;
	}
	if (v[API_TGT_SRC].present && target_source_from_code(v[API_TGT_SRC].s, &t->source, &e)) {
		tb_conflict_add(c, rowno, "source", v[API_TGT_SRC].s, "%s", e.msg);
		return 0;
	}
	if (v[API_TGT_NOTE].present && model_set_text(t->note, sizeof t->note, v[API_TGT_NOTE].s, "note", &e)) {
		tb_conflict_add(c, rowno, "note", "", "%s", e.msg);
		return 0;
	}
	t->value = v[API_TGT_VALUE].n;
	t->has_baseline = v[API_TGT_BASE].present;
	t->baseline = v[API_TGT_BASE].n;
	t->total = v[API_TGT_TOTAL].present ? v[API_TGT_TOTAL].n : 0;
	if (t->kind == TGT_REDUCE_TO && !t->has_baseline) {
		tb_conflict_add(c, rowno, "baseline", "",
				"chỉ tiêu \"giảm còn\" (reduce_to) cần mức xuất phát (baseline)");
		return 0;
	}
	if (target_check(t, &e)) {
		const char *f = t->kind == TGT_X_OF_Y ? "total" : t->kind == TGT_REDUCE_TO ? "baseline" : "value";
		tb_object_of(obj, f, object, sizeof object);
		tb_conflict_add(c, rowno, f, object, "%s", e.msg);
		return 0;
	}
	x->bad = false;
	return 0;
}

/* ---- reading the body ------------------------------------------------------ */

static int tb_read_json(tb_ctx *c)
{
	http_req *r = c->r;
	json_error_t je;
	json_t *j = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
	if (!j)
		return http_fail(r, ERR_INVALID, "body", "JSON không hợp lệ (dòng %d, cột %d): %s", je.line, je.column,
				 je.text);
	int rc = 0;
	if (!json_is_array(j)) {
		rc = http_fail(r, ERR_INVALID, "body", "cần một mảng JSON [{\"indicator\":...,\"unit\":...,"
				"\"year\":...,\"value\":...}, ...]");
	} else if (json_array_size(j) > API_TARGETS_BULK_MAX_ROWS) {
		rc = http_fail(r, ERR_TOOBIG, "body", "quá nhiều dòng: %zu (tối đa %d)", json_array_size(j),
			       API_TARGETS_BULK_MAX_ROWS);
	} else {
		size_t i;
		json_t *o;
		json_array_foreach(j, i, o) {
			/* rows are flat objects; anything nested is refused by the field types */
			if ((rc = tb_check_row(c, o, (long)i)))
				break;
		}
		if (rc)
			http_fail(r, rc, NULL, "hết bộ nhớ (out of memory)");
	}
	json_decref(j);
	return rc;
}

/* A CSV column name (English or Vietnamese, any case) to its JSON field; NULL if unknown. */
static const char *tb_column(const char *name)
{
	static const char *const names[][2] = {
		{"indicator", "indicator"}, {"chi_tieu", "indicator"},   {"unit", "unit"},
		{"don_vi", "unit"},         {"year", "year"},             {"nam", "year"},
		{"year_from", "year_from"}, {"tu_nam", "year_from"},      {"year_to", "year_to"},
		{"den_nam", "year_to"},     {"kind", "kind"},             {"loai", "kind"},
		{"value", "value"},         {"gia_tri", "value"},         {"baseline", "baseline"},
		{"muc_xuat_phat", "baseline"}, {"total", "total"},        {"tong", "total"},
		{"source", "source"},       {"nguon", "source"},          {"note", "note"},
		{"ghi_chu", "note"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcasecmp(names[i][0], name))
			return names[i][1];
	return NULL;
}

/* A CSV cell as the JSON value the checker expects: years as numbers when they are digits. */
static json_t *tb_cell(const char *field, const char *s)
{
	if (!strncmp(field, "year", 4)) {
		size_t n = strlen(s);
		bool digits = n > 0 && n <= 4;
		for (size_t i = 0; i < n && digits; i++)
			digits = s[i] >= '0' && s[i] <= '9';
		if (digits)
			return json_integer(atoi(s));
	}
	return json_string(s);
}

static int tb_read_csv(tb_ctx *c)
{
	http_req *r = c->r;
	err e;
	err_clear(&e);
	FILE *f = fmemopen(r->body.data, r->body.len, "r");
	if (!f)
		return http_fail(r, ERR_NOMEM, NULL, "không đọc được nội dung yêu cầu");
	csv_reader *cr = NULL;
	const char *col[CSV_MAX_FIELDS];
	size_t ncol = 0;
	char **fields;
	size_t n;
	long rows = 0;
	int rc = csv_open(f, "targets.csv", 0, &cr, &e);
	if (rc) {
		http_fail(r, rc, "body", "%s", e.msg);
		goto done;
	}
	if ((rc = csv_next(cr, &fields, &n, &e)) <= 0) {
		if (rc == 0)
			rc = http_fail(r, ERR_INVALID, "body", "tệp CSV trống, thiếu dòng tiêu đề (header)");
		else
			http_fail(r, rc, "body", "%s", e.msg);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = fields[i];
		if (!(col[i] = tb_column(name))) {
			rc = http_fail(r, ERR_INVALID, "body",
				       "tiêu đề CSV: cột %zu \"%.60s\" không được biết; dùng indicator|chi_tieu, "
				       "unit|don_vi, year|nam (hoặc year_from|tu_nam, year_to|den_nam), value|gia_tri, "
				       "kind|loai, baseline|muc_xuat_phat, total|tong, source|nguon, note|ghi_chu",
				       i + 1, name);
			goto done;
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(col[k], col[i])) {
				rc = http_fail(r, ERR_INVALID, "body", "tiêu đề CSV: cột \"%s\" xuất hiện hai lần (cột %zu "
						"và %zu)", col[i], k + 1, i + 1);
				goto done;
			}
	}
	ncol = n;
	while ((rc = csv_next(cr, &fields, &n, &e)) > 0) {
		long line = csv_line(cr);
		bool blank = true;
		for (size_t i = 0; i < n && blank; i++)
			blank = !fields[i][0];
		if (blank)
			continue;
		if (++rows > API_TARGETS_BULK_MAX_ROWS) {
			rc = http_fail(r, ERR_TOOBIG, "body", "quá nhiều dòng (tối đa %d)", API_TARGETS_BULK_MAX_ROWS);
			goto done;
		}
		if (n > ncol) {
			tb_conflict_add(c, line, "", "", "dòng có %zu trường, tiêu đề chỉ có %zu cột", n, ncol);
			continue;
		}
		json_t *o = json_object();
		for (size_t i = 0; o && i < n; i++)
			if (fields[i][0] && json_object_set_new(o, col[i], tb_cell(col[i], fields[i])))
				break;
		if (!o) {
			rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
			goto done;
		}
		rc = tb_check_row(c, o, line);
		json_decref(o);
		if (rc) {
			http_fail(r, rc, NULL, "hết bộ nhớ (out of memory)");
			goto done;
		}
	}
	if (rc < 0)
		http_fail(r, rc, "body", "%s", e.msg);
done:
	csv_close(cr);
	fclose(f);
	return rc < 0 ? rc : 0;
}

/* ---- duplicates, pass 2 and the answer ------------------------------------ */

/* Orders targets by key (indicator, unit, years, source): rows for tb_duplicates, stored ones for tb_find_old. */
static int tb_target_cmp(const void *x, const void *y)
{
	const target *a = x, *b = y;
	int d = strcmp(a->indicator_code, b->indicator_code);
	if (!d)
		d = strcmp(a->unit_code, b->unit_code);
	if (!d)
		d = a->year_from - b->year_from;
	if (!d)
		d = a->year_to - b->year_to;
	if (!d)
		d = (int)a->source - (int)b->source;
	return d;
}

static int tb_key_cmp(const tb_row *a, const tb_row *b)
{
	return tb_target_cmp(&a->t, &b->t);
}

static int tb_ptr_cmp(const void *x, const void *y)
{
	const tb_row *a = *(tb_row *const *)x, *b = *(tb_row *const *)y;
	int d = tb_key_cmp(a, b);
	return d ? d : (a->row > b->row) - (a->row < b->row);
}

/* A key given twice is refused on its later rows, naming the first. */
static int tb_duplicates(tb_ctx *c)
{
	if (c->n < 2)
		return 0;
	tb_row **p = malloc(c->n * sizeof *p);
	if (!p)
		return ERR_NOMEM;
	size_t m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (!c->rows[i].bad)
			p[m++] = &c->rows[i];
	qsort(p, m, sizeof *p, tb_ptr_cmp);
	for (size_t i = 1; i < m; i++) {
		size_t first = i - 1;
		while (i < m && !tb_key_cmp(p[first], p[i])) {
			p[i]->bad = true;
			tb_conflict_add(c, p[i]->row, "indicator", p[i]->t.indicator_code,
					"chỉ tiêu %s của đơn vị %s, năm %d-%d (%s) đã có ở dòng %ld", p[i]->t.indicator_code,
					p[i]->t.unit_code, p[i]->t.year_from, p[i]->t.year_to,
					target_source_label(p[i]->t.source), p[first]->row);
			i++;
		}
	}
	free(p);
	return 0;
}

/* The stored target with x's key, if any, into x->old; stored is sorted by tb_target_cmp. */
static void tb_find_old(const target *stored, size_t n, tb_row *x)
{
	const target *hit = n ? bsearch(&x->t, stored, n, sizeof *stored, tb_target_cmp) : NULL;
	x->had_old = hit != NULL;
	if (hit)
		x->old = *hit;
}

static bool tb_same(const target *a, const target *b)
{
	return a->kind == b->kind && a->value == b->value && a->has_baseline == b->has_baseline &&
	       (!a->has_baseline || a->baseline == b->baseline) && a->total == b->total && !strcmp(a->note, b->note);
}

/* Writes the good rows in one transaction; commits when commit is true and nothing went wrong. */
static int tb_write(tb_ctx *c, bool commit)
{
	http_req *r = c->r;
	err e;
	err_clear(&e);
	int rc = store_begin(r->store, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	/* every stored target once, sorted: one lookup per row instead of one query (keys are unique in c) */
	target *stored = NULL;
	size_t n_stored = 0;
	if ((rc = store_target_list(r->store, NULL, NULL, 0, &stored, &n_stored, &e))) {
		store_rollback(r->store);
		return http_fail(r, rc, NULL, "%s", e.msg);
	}
	qsort(stored, n_stored, sizeof *stored, tb_target_cmp);
	store_set_actor(r->store, r->who->user.login);
	for (size_t i = 0; i < c->n; i++) {
		tb_row *x = &c->rows[i];
		if (x->bad)
			continue;
		tb_find_old(stored, n_stored, x);
		x->result = !x->had_old ? "inserted" : tb_same(&x->old, &x->t) ? "unchanged" : "updated";
		if (x->had_old && tb_same(&x->old, &x->t))
			continue;
		err_clear(&e);
		int wrc = store_target_put(r->store, &x->t, &e);
		if (wrc == ERR_CONFLICT || wrc == ERR_INVALID) {
			/* a unit that did not exist in those years: the row's years are at fault */
			x->bad = true;
			char years[16];
			snprintf(years, sizeof years, "%d", x->t.year_from);
			tb_conflict_add(c, x->row, "year", years, "%s", e.msg);
		} else if (wrc) {
			rc = wrc;
			break;
		}
	}
	store_set_actor(r->store, NULL);
	free(stored);
	if (rc || c->bad || !commit) {
		store_rollback(r->store);
		return rc ? http_fail(r, rc, NULL, "%s", e.msg) : 0;
	}
	if ((rc = store_commit(r->store, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	return 0;
}

static void tb_write_fields(buf *b, const target *t)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "kind", target_kind_code(t->kind), true);
	jsonw_kv_num(b, "value", true, t->value);
	jsonw_kv_num(b, "baseline", t->has_baseline, t->baseline);
	jsonw_kv_num(b, "total", t->total != 0, t->total);
	jsonw_kv_str(b, "note", t->note, false);
	buf_putc(b, '}');
}

static int tb_answer(tb_ctx *c, bool dry)
{
	buf *b = &c->r->out;
	long ins = 0, upd = 0, same = 0;
	bool ok = c->bad == 0;
	for (size_t i = 0; ok && i < c->n; i++) {
		const char *res = c->rows[i].result;
		ins += res && !strcmp(res, "inserted");
		upd += res && !strcmp(res, "updated");
		same += res && !strcmp(res, "unchanged");
	}
	if (!ok)
		c->r->status = 409;
	buf_printf(b, "{\"status\":\"%s\",\"dryRun\":%s,\"rows\":%zu,\"bad\":%ld,", ok ? "SUCCESS" : "ERROR",
		   dry ? "true" : "false", c->n, c->bad);
	buf_printf(b, "\"importCount\":{\"imported\":%ld,\"updated\":%ld,\"ignored\":%ld,\"deleted\":0},", ins, upd,
		   same);
	buf_puts(b, "\"changes\":[");
	bool first = true;
	for (size_t i = 0; ok && i < c->n; i++) {
		const tb_row *x = &c->rows[i];
		if (!x->result || !strcmp(x->result, "unchanged"))
			continue;
		buf_printf(b, "%s{\"row\":%ld,\"result\":\"%s\",", first ? "" : ",", x->row, x->result);
		first = false;
		jsonw_kv_str(b, "indicator", x->t.indicator_code, true);
		jsonw_kv_str(b, "unit", x->t.unit_code, true);
		buf_printf(b, "\"year_from\":%d,\"year_to\":%d,", x->t.year_from, x->t.year_to);
		jsonw_kv_str(b, "source", target_source_code(x->t.source), true);
		buf_puts(b, "\"old\":");
		if (x->had_old)
			tb_write_fields(b, &x->old);
		else
			buf_puts(b, "null");
		buf_puts(b, ",\"new\":");
		tb_write_fields(b, &x->t);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"conflicts\":[");
	api_bulk_conflicts_json(b, c->cf, (long)c->n_cf);
	return buf_puts(b, "]}\n");
}

int api_targets_bulk(http_req *r)
{
	bool dry, csv;
	int rc = api_dry_run(r, &dry);
	if (!rc)
		rc = api_bulk_content_type(r, &csv);
	if (rc)
		return rc;
	if (!r->body.len)
		return http_fail(r, ERR_INVALID, "body", "thiếu nội dung yêu cầu (các chỉ tiêu kế hoạch)");
	tb_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
	c->r = r;
	rc = tb_load_catalogue(c);
	if (!rc)
		rc = csv ? tb_read_csv(c) : tb_read_json(c);
	if (!rc && !c->n && !c->bad)
		rc = http_fail(r, ERR_INVALID, "body", "không có dòng nào");
	if (!rc && (rc = tb_duplicates(c)))
		http_fail(r, rc, NULL, "hết bộ nhớ (out of memory)");
	if (!rc)
		rc = tb_write(c, !dry);
	if (!rc) {
		rc = tb_answer(c, dry);
	}
	free(c->rows);
	free(c->inds);
	free(c->units);
	free(c);
	return rc;
}
