/*
 * store_vrules.c - rules between indicators (schema v12, table
 * validation_rule) and the comments kept with values (table value_comment),
 * and the check every write of values runs in its transaction
 * (store_vrules_check_cells): the rules that name a written indicator are
 * evaluated over the unit's values of the period, with core/vrule.h.
 *
 * Rows and facts only: what a rule means, when it holds and how a refusal
 * is worded are core/vrule.c's.
 */
#include "store/store_int.h"

#include "core/vrule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rules -------------------------------------------------------------- */

#define RULE_COLS "SELECT id, code, name, left_expr, op, right_expr, importance FROM validation_rule"

static int read_rule(db_stmt *st, void *elem, void *ctx, err *e)
{
	vrule *r = elem;
	char op[16], imp[32];
	(void)ctx;
	r->id = db_col_int(st, 0);
	store_int_col_text(st, 1, r->code, sizeof r->code);
	store_int_col_text(st, 2, r->name, sizeof r->name);
	store_int_col_text(st, 3, r->left, sizeof r->left);
	store_int_col_text(st, 4, op, sizeof op);
	store_int_col_text(st, 5, r->right, sizeof r->right);
	store_int_col_text(st, 6, imp, sizeof imp);
	if (vrule_op_from_code(op, &r->op, NULL) || vrule_importance_from_code(imp, &r->importance, NULL))
		return err_set(e, ERR_DB, "quy tắc %s trong CSDL có phép so sánh hoặc mức độ không hợp lệ", r->code);
	return 0;
}

/* Every rule (code NULL), or the one of that code; a cached statement: every
 * write of a value reads the rules. */
static int load_rules(store *s, const char *code, vrule **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s, code ? RULE_COLS " WHERE code = ?1" : RULE_COLS " ORDER BY code", &st, e);
	if (rc)
		return rc;
	if (code)
		db_bind_text(st, 1, code);
	rc = store_int_collect(s, st, sizeof(vrule), read_rule, NULL, "quy tắc kiểm tra", (void **)out, n, e);
	store_int_release(st);
	return rc;
}

int store_vrule_list(store *s, vrule **out, size_t *n, err *e)
{
	return load_rules(s, NULL, out, n, e);
}

int store_vrule_get(store *s, const char *code, vrule *out, err *e)
{
	vrule *all = NULL;
	size_t n = 0;
	int rc = load_rules(s, code, &all, &n, e);
	if (rc)
		return rc;
	if (!store_int_take_first(all, n, sizeof *all, out))
		return err_set(e, ERR_NOTFOUND, "không có quy tắc kiểm tra mã '%s'", code);
	return 0;
}

/* The indicators c names, read in the caller's transaction, checked by core. */
static int check_refs(store *s, const vrule_compiled *c, err *e)
{
	indicator inds[VRULE_REFS_MAX];
	const indicator *ptr[VRULE_REFS_MAX];
	for (int k = 0; k < c->n_refs; k++) {
		err ig;
		err_clear(&ig);
		int rc = store_indicator_get(s, c->refs[k], &inds[k], &ig);
		if (rc && rc != ERR_NOTFOUND) {
			if (e)
				*e = ig;
			return rc;
		}
		ptr[k] = rc ? NULL : &inds[k];
	}
	return vrule_check_refs(c, ptr, e);
}

int store_vrule_put(store *s, vrule *r, err *e)
{
	vrule_compiled *c = malloc(sizeof *c);
	db_stmt *st = NULL;
	int rc;
	if (!c)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi ghi quy tắc");
	if ((rc = vrule_compile(r, c, e)) != 0) {
		free(c);
		return rc;
	}
	if ((rc = store_int_begin(s, e)) != 0) {
		free(c);
		return rc;
	}
	if ((rc = check_refs(s, c, e)) != 0 ||
	    (rc = store_int_prepare(s,
				    "INSERT INTO validation_rule (code, name, left_expr, op, right_expr, importance)"
				    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO UPDATE SET"
				    " name = excluded.name, left_expr = excluded.left_expr, op = excluded.op,"
				    " right_expr = excluded.right_expr, importance = excluded.importance RETURNING id",
				    &st, e)) != 0)
		goto fail;
	db_bind_text(st, 1, r->code);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, r->left);
	db_bind_text(st, 4, vrule_op_code(r->op));
	db_bind_text(st, 5, r->right);
	db_bind_text(st, 6, vrule_importance_code(r->importance));
	if (db_step(st) == DB_ROW) {
		r->id = db_col_int(st, 0);
		db_step(st);
	} else {
		rc = store_int_dberr(s, e, "không ghi được quy tắc kiểm tra");
		err_prefix(e, "quy tắc %s: ", r->code);
	}
	db_finalize(st);
	if (rc)
		goto fail;
	free(c);
	return store_int_commit(s, e);
fail:
	free(c);
	store_int_rollback(s);
	return rc;
}

int store_vrule_delete(store *s, const char *code, err *e)
{
	db_stmt *st = NULL;
	int rc;
	if ((rc = store_int_write_guard(s, e)) != 0 ||
	    (rc = store_int_prepare(s, "DELETE FROM validation_rule WHERE code = ?1", &st, e)) != 0)
		return rc;
	db_bind_text(st, 1, code);
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không xóa được quy tắc kiểm tra");
	else if (db_changes(s->db) == 0)
		rc = err_set(e, ERR_NOTFOUND, "không có quy tắc kiểm tra mã '%s'", code);
	db_finalize(st);
	return rc;
}

/* ---- comments of values ------------------------------------------------------ */

int store_int_comment_put(store *s, int64_t unit_id, int year, int64_t ind_id, int month, const char *text,
			  const char *by, int64_t at, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s,
				  "INSERT INTO value_comment (unit_id, year, indicator_id, month, comment, by_user, at)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (unit_id, year, indicator_id, month)"
				  " DO UPDATE SET comment = excluded.comment, by_user = excluded.by_user, at = excluded.at",
				  &st, e);
	if (rc)
		return rc;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	db_bind_int(st, 4, month);
	db_bind_text(st, 5, text);
	db_bind_text(st, 6, by ? by : "");
	db_bind_int(st, 7, at);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được ghi chú của số liệu");
	store_int_release(st);
	return rc;
}

int store_int_comment_delete(store *s, int64_t unit_id, int year, int64_t ind_id, int month, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s,
				  "DELETE FROM value_comment WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3"
				  " AND month = ?4",
				  &st, e);
	if (rc)
		return rc;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	db_bind_int(st, 4, month);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không xóa được ghi chú của số liệu");
	store_int_release(st);
	return rc;
}

int store_int_comment_get(store *s, int64_t unit_id, int year, int64_t ind_id, int month, char *out, size_t n,
			  bool *found, err *e)
{
	db_stmt *st = NULL;
	*found = false;
	if (n)
		out[0] = '\0';
	int rc = store_int_cached(s,
				  "SELECT comment FROM value_comment WHERE unit_id = ?1 AND year = ?2"
				  " AND indicator_id = ?3 AND month = ?4",
				  &st, e);
	if (rc)
		return rc;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	db_bind_int(st, 4, month);
	int step = db_step(st);
	if (step == DB_ROW) {
		*found = true;
		store_int_col_text(st, 0, out, n);
	} else if (step != DB_DONE) {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc ghi chú của số liệu");
	}
	store_int_release(st);
	return rc;
}

int store_value_comment_keys(store *s, store_cell **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	size_t cap = 0;
	int rc, step;
	*out = NULL;
	*n = 0;
	if ((rc = store_int_cached(s,
				   "SELECT unit_id, indicator_id, year, month FROM value_comment"
				   " ORDER BY unit_id, indicator_id, year, month",
				   &st, e)))
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			store_cell *p = realloc(*out, nc * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc ghi chú của số liệu");
				break;
			}
			*out = p;
			cap = nc;
		}
		store_cell c = {.unit_id = db_col_int(st, 0), .indicator_id = db_col_int(st, 1),
				.year = (int)db_col_int(st, 2), .month = (int)db_col_int(st, 3)};
		(*out)[(*n)++] = c;
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc ghi chú của số liệu");
	store_int_release(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_value_comment_drop(store *s, const store_cell *c, err *e)
{
	int rc = store_int_write_guard(s, e);
	return rc ? rc : store_int_comment_delete(s, c->unit_id, c->year, c->indicator_id, c->month, e);
}

int store_value_comment_get(store *s, const char *indicator_code, const char *unit_code, const period *p,
			    char *out, size_t n, bool *found, err *e)
{
	int64_t ind_id, unit_id;
	ind_freq freq;
	int rc;
	*found = false;
	if (n)
		out[0] = '\0';
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "kỳ không hợp lệ");
	if ((rc = store_int_indicator_key(s, indicator_code, &ind_id, &freq, e)) != 0 ||
	    (rc = store_int_unit_id(s, unit_code, &unit_id, e)) != 0)
		return rc;
	return store_int_comment_get(s, unit_id, p->year, ind_id, period_last_month(p), out, n, found, e);
}

/* ---- the check of written values -------------------------------------------------- */

/* A stored rule, compiled, with the ids of the indicators it names. */
typedef struct lrule {
	vrule_compiled c;
	int64_t ids[VRULE_REFS_MAX];
	ind_freq freq;
} lrule;

/* Every rule, compiled (only those naming only_code, when not NULL: a single
 * write resolves no indicator of a rule that cannot concern it); *out NULL
 * and *n 0 when there are none. */
static int rules_ready(store *s, const char *only_code, lrule **out, size_t *n, err *e)
{
	vrule *rs = NULL;
	size_t nr = 0;
	*out = NULL;
	*n = 0;
	int rc = load_rules(s, NULL, &rs, &nr, e);
	if (rc || nr == 0) {
		free(rs);
		return rc;
	}
	lrule *l = calloc(nr, sizeof *l);
	if (!l) {
		free(rs);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc quy tắc kiểm tra");
	}
	size_t kept = 0;
	for (size_t i = 0; i < nr && rc == 0; i++) {
		err ce;
		err_clear(&ce);
		lrule *r = &l[kept];
		if (vrule_compile(&rs[i], &r->c, &ce)) {
			rc = err_set(e, ERR_DB, "quy tắc %s trong CSDL không hợp lệ (%s)", rs[i].code, ce.msg);
			break;
		}
		if (only_code && vrule_ref_index(&r->c, only_code) < 0)
			continue;
		bool one_freq = true;
		for (int k = 0; k < r->c.n_refs && rc == 0; k++) {
			ind_freq f;
			rc = store_int_indicator_key(s, r->c.refs[k], &r->ids[k], &f, e);
			if (k == 0)
				r->freq = f;
			else if (f != r->freq)
				one_freq = false;
		}
		/* an indicator without values may change its frequency after the rule was made:
		 * a rule over two frequencies compares nothing (the validation skips it too) */
		if (one_freq)
			kept++;
	}
	free(rs);
	if (rc || kept == 0) {
		free(l);
		return rc;
	}
	*out = l;
	*n = kept;
	return 0;
}

/* The sort of written cells: by unit, year, month, indicator. */
typedef struct cref {
	const store_cell *c;
	size_t ix;
} cref;

static int cref_cmp(const void *a, const void *b)
{
	const store_cell *x = ((const cref *)a)->c, *y = ((const cref *)b)->c;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (x->indicator_id != y->indicator_id)
		return x->indicator_id < y->indicator_id ? -1 : 1;
	return 0;
}

static bool rule_names(const lrule *r, int64_t ind_id)
{
	for (int k = 0; k < r->c.n_refs; k++)
		if (r->ids[k] == ind_id)
			return true;
	return false;
}

static void unit_code_of(store *s, int64_t id, char *out, size_t n)
{
	db_stmt *st = NULL;
	snprintf(out, n, "id %lld", (long long)id);
	if (store_int_cached(s, "SELECT code FROM unit WHERE id = ?1", &st, NULL))
		return;
	db_bind_int(st, 1, id);
	if (db_step(st) == DB_ROW)
		store_int_col_text(st, 0, out, n);
	store_int_release(st);
}

/* One rule over one group of written cells (g[0..ng), one unit, year and month). */
static int check_rule(store *s, const lrule *r, const cref *g, size_t ng, const char *comment, const char *by,
		      int64_t at, size_t *bad, err *e)
{
	const store_cell *c0 = g[0].c;
	bool has[VRULE_REFS_MAX], touched = false;
	num_t vals[VRULE_REFS_MAX], l = 0, rv = 0;
	int rc;
	for (size_t i = 0; i < ng && !touched; i++)
		touched = rule_names(r, g[i].c->indicator_id);
	if (!touched)
		return 0;
	for (int k = 0; k < r->c.n_refs; k++)
		if ((rc = store_int_value_month(s, c0->unit_id, c0->year, r->ids[k], c0->month, &has[k], &vals[k], e)))
			return rc;
	if (vrule_eval(&r->c, has, vals, &l, &rv) != VR_BROKEN)
		return 0;
	if (r->c.rule.importance == VR_WARNING) {
		char text[NOTE_MAX];
		bool found = false;
		for (int k = 0; k < r->c.n_refs && !found; k++)
			if ((rc = store_int_comment_get(s, c0->unit_id, c0->year, r->ids[k], c0->month, text, sizeof text,
							&found, e)))
				return rc;
		if (found)
			return 0; /* explained */
		if (comment && *comment) {
			for (size_t i = 0; i < ng; i++)
				if (rule_names(r, g[i].c->indicator_id) &&
				    (rc = store_int_comment_put(s, c0->unit_id, c0->year, g[i].c->indicator_id, c0->month,
								comment, by, at, e)))
					return rc;
			return 0;
		}
	}
	char unit_code[CODE_MAX];
	period p;
	unit_code_of(s, c0->unit_id, unit_code, sizeof unit_code);
	if (!period_ending_in(freq_period_type(r->freq), c0->year, c0->month, &p))
		return err_set(e, ERR_DB, "quy tắc %s: tháng %d không kết thúc kỳ nào", r->c.rule.code, c0->month);
	for (size_t i = 0; i < ng; i++)
		if (rule_names(r, g[i].c->indicator_id)) {
			*bad = g[i].ix;
			break;
		}
	return vrule_refuse(e, &r->c, unit_code, &p, l, rv);
}

int store_vrules_check_cells(store *s, const store_cell *cells, size_t n, const char *comment, const char *by,
			     size_t *bad, err *e)
{
	return store_int_vrules_check(s, cells, n, NULL, comment, by, bad, e);
}

int store_int_vrules_check(store *s, const store_cell *cells, size_t n, const char *only_code, const char *comment,
			   const char *by, size_t *bad, err *e)
{
	lrule *rules = NULL;
	size_t nr = 0;
	cref *ix = NULL;
	int rc;
	*bad = 0;
	if (comment && strlen(comment) >= NOTE_MAX)
		return err_set(e, ERR_INVALID, "ghi chú (comment) dài %zu byte, tối đa %d byte", strlen(comment),
			       NOTE_MAX - 1);
	if (n == 0)
		return 0;
	if ((rc = rules_ready(s, only_code, &rules, &nr, e)) != 0 || nr == 0)
		return rc;
	ix = malloc(n * sizeof *ix);
	if (!ix) {
		free(rules);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra quy tắc");
	}
	for (size_t i = 0; i < n; i++)
		ix[i] = (cref){&cells[i], i};
	qsort(ix, n, sizeof *ix, cref_cmp);
	int64_t at = store_int_now(s);
	for (size_t g0 = 0; g0 < n && rc == 0;) {
		size_t g1 = g0 + 1;
		while (g1 < n && ix[g1].c->unit_id == ix[g0].c->unit_id && ix[g1].c->year == ix[g0].c->year &&
		       ix[g1].c->month == ix[g0].c->month)
			g1++;
		for (size_t k = 0; k < nr && rc == 0; k++)
			rc = check_rule(s, &rules[k], &ix[g0], g1 - g0, comment, by, at, bad, e);
		g0 = g1;
	}
	free(ix);
	free(rules);
	return rc;
}
