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
#include "store/vrow.h"

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

int store_value_comment_each(store *s, store_comment_cb cb, void *ctx, err *e)
{
	db_stmt *st = NULL;
	int rc, step;
	if ((rc = store_int_cached(s,
				   "SELECT i.code, u.code, c.year, c.month, c.comment FROM value_comment c"
				   " JOIN indicator i ON i.id = c.indicator_id JOIN unit u ON u.id = c.unit_id",
				   &st, e)))
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		char ind[CODE_MAX], un[CODE_MAX], text[NOTE_MAX];
		store_int_col_text(st, 0, ind, sizeof ind);
		store_int_col_text(st, 1, un, sizeof un);
		store_int_col_text(st, 4, text, sizeof text);
		if ((rc = cb(ctx, ind, un, (int)db_col_int(st, 2), (int)db_col_int(st, 3), text)))
			break;
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc ghi chú của số liệu");
	store_int_release(st);
	return rc;
}

int store_value_comment_drop(store *s, const store_cell *c, err *e)
{
	int rc = store_int_write_guard(s, e);
	return rc ? rc : store_int_comment_delete(s, c->unit_id, c->year, c->indicator_id, c->month, e);
}

int store_value_comment_put(store *s, const store_cell *c, const char *text, const char *by, err *e)
{
	int rc = store_int_write_guard(s, e);
	return rc ? rc : store_int_comment_put(s, c->unit_id, c->year, c->indicator_id, c->month, text, by,
						 store_int_now(s), e);
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

/*
 * How it goes (the import's cost, docs/PERFORMANCE.md): the written cells
 * are taken by unit and year (in the import's order they already are; any
 * other order is sorted); a month written is stored as written, so only the
 * months a rule needs that were not written are read, once per unit and
 * year (one range scan of value_year, or a few point reads when little is
 * needed) into slots; then each month written is checked against every
 * rule naming a written indicator, from the slots.
 */

/* A stored rule, compiled, with the ids and slots of the indicators it names. */
typedef struct lrule {
	vrule_compiled c;
	int64_t ids[VRULE_REFS_MAX];
	int slot[VRULE_REFS_MAX]; /* index into the named indicators */
	ind_freq freq;
} lrule;

/* One indicator some rule names, for the unit and year being checked. */
typedef struct nslot {
	uint16_t has;         /* months stored (bit m-1 for month m) */
	uint16_t written;     /* months written by the write being checked */
	uint16_t need;        /* months some rule to check reads that were not written */
	uint16_t twice;       /* months written twice with different amounts: read them back */
	num_t amount[12];     /* stored amounts of the months in has */
	num_t wamount[12];    /* the amounts written, of the months in written */
	size_t cell[12];      /* the first written cell of each month in written */
} nslot;

/* Everything the check keeps between units and years. */
typedef struct vcheck {
	lrule *rules;
	size_t n_rules;
	int64_t *named; /* ids of the indicators rules name, ascending, each once */
	nslot *slots;   /* one per named */
	size_t n_named;
	uint16_t *touched; /* per rule: the months written that it names, for the unit and year */
} vcheck;

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The slot of indicator id, -1 when no rule names it. */
static int slot_of(const vcheck *v, int64_t id)
{
	size_t lo = 0, hi = v->n_named;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->named[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n_named && v->named[lo] == id ? (int)lo : -1;
}

static void vcheck_free(vcheck *v)
{
	free(v->rules);
	free(v->named);
	free(v->slots);
	free(v->touched);
}

/* Every rule, compiled, and the indicators they name; v->n_rules 0 when there are none. */
static int rules_ready(store *s, const char *only_code, vcheck *v, err *e)
{
	vrule *rs = NULL;
	size_t nr = 0, nn = 0;
	memset(v, 0, sizeof *v);
	int rc = load_rules(s, NULL, &rs, &nr, e);
	if (rc || nr == 0) {
		free(rs);
		return rc;
	}
	v->rules = calloc(nr, sizeof *v->rules);
	v->named = malloc(nr * VRULE_REFS_MAX * sizeof *v->named);
	if (!v->rules || !v->named) {
		free(rs);
		vcheck_free(v);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc quy tắc kiểm tra");
	}
	size_t kept = 0;
	for (size_t i = 0; i < nr && rc == 0; i++) {
		lrule *l = &v->rules[kept];
		err ce;
		err_clear(&ce);
		if (vrule_compile(&rs[i], &l->c, &ce)) {
			rc = err_set(e, ERR_DB, "quy tắc %s trong CSDL không hợp lệ (%s)", rs[i].code, ce.msg);
			break;
		}
		/* a single write resolves only the rules that name its indicator */
		if (only_code && vrule_ref_index(&l->c, only_code) < 0)
			continue;
		bool one_freq = true;
		for (int k = 0; k < l->c.n_refs && rc == 0; k++) {
			ind_freq f;
			rc = store_int_indicator_key(s, l->c.refs[k], &l->ids[k], &f, e);
			if (k == 0)
				l->freq = f;
			else if (f != l->freq)
				one_freq = false;
		}
		/* an indicator without values may change its frequency after the rule was made:
		 * a rule over two frequencies compares nothing (the validation skips it too) */
		if (rc == 0 && one_freq) {
			for (int k = 0; k < l->c.n_refs; k++)
				v->named[nn++] = l->ids[k];
			kept++;
		}
	}
	free(rs);
	nr = kept;
	if (rc == 0 && nr == 0) { /* none concerns this write, or all compare nothing */
		vcheck_free(v);
		memset(v, 0, sizeof *v);
		return 0;
	}
	if (rc == 0) {
		qsort(v->named, nn, sizeof *v->named, id_cmp);
		size_t m = 0;
		for (size_t i = 0; i < nn; i++)
			if (m == 0 || v->named[m - 1] != v->named[i])
				v->named[m++] = v->named[i];
		v->n_named = m;
		v->n_rules = nr;
		v->slots = calloc(m ? m : 1, sizeof *v->slots);
		v->touched = calloc(nr, sizeof *v->touched);
		if (!v->slots || !v->touched)
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc quy tắc kiểm tra");
		for (size_t i = 0; i < nr; i++)
			for (int k = 0; k < v->rules[i].c.n_refs; k++)
				v->rules[i].slot[k] = slot_of(v, v->rules[i].ids[k]);
	}
	if (rc)
		vcheck_free(v);
	return rc;
}

/* The sort of written cells when they are not taken by unit and year: by unit, year, indicator, month. */
typedef struct cref {
	const store_cell *c;
	size_t ix;
} cref;

static int cref_cmp(const void *a, const void *b)
{
	const cref *p = a, *q = b;
	const store_cell *x = p->c, *y = q->c;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->indicator_id != y->indicator_id)
		return x->indicator_id < y->indicator_id ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	return p->ix < q->ix ? -1 : p->ix > q->ix;
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

/* Puts one stored row's months into its slot (a row no rule names is left). */
static int slot_fill(const vcheck *v, int64_t unit_id, int year, int64_t ind_id, const void *blob, size_t len,
		     err *e)
{
	int j = slot_of(v, ind_id);
	uint16_t est;
	if (j < 0)
		return 0;
	if (vrow_decode_amounts(blob, len, &v->slots[j].has, &est, v->slots[j].amount))
		return store_int_bad_row(unit_id, year, ind_id, e);
	return 0;
}

/* Few slots to read: a point read each; more: the unit's rows of the year, one range scan. */
#define POINT_READS_MAX 8

/* Reads the stored months of the slots some rule to check needs, for one unit and year. */
static int slots_read(store *s, const vcheck *v, int64_t unit_id, int year, err *e)
{
	db_stmt *st = NULL;
	size_t need = 0;
	int rc, step = DB_DONE;
	for (size_t j = 0; j < v->n_named; j++)
		need += v->slots[j].need != 0;
	if (need == 0)
		return 0;
	if ((rc = store_int_values_sync(s, e)) != 0)
		return rc;
	if (need <= POINT_READS_MAX) {
		if ((rc = store_int_cached(s,
					   "SELECT months FROM value_year WHERE unit_id = ?1 AND year = ?2"
					   " AND indicator_id = ?3",
					   &st, e)) != 0)
			return rc;
		for (size_t j = 0; j < v->n_named && rc == 0; j++) {
			if (!v->slots[j].need)
				continue;
			store_int_bind_row_key(st, unit_id, year, v->named[j]);
			if ((step = db_step(st)) == DB_ROW)
				rc = slot_fill(v, unit_id, year, v->named[j], db_col_blob(st, 0),
					       (size_t)db_col_bytes(st, 0), e);
			else if (step != DB_DONE)
				rc = store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu");
			store_int_release(st);
		}
		return rc;
	}
	if ((rc = store_int_cached(s, "SELECT indicator_id, months FROM value_year WHERE unit_id = ?1 AND year = ?2",
				   &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	while (rc == 0 && (step = db_step(st)) == DB_ROW)
		rc = slot_fill(v, unit_id, year, db_col_int(st, 0), db_col_blob(st, 1), (size_t)db_col_bytes(st, 1), e);
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu");
	store_int_release(st);
	return rc;
}

/* One rule over one unit's month, written to (the slots hold its stored values). */
static int check_rule(store *s, const vcheck *v, const lrule *r, int64_t unit_id, int year, int month,
		      const char *comment, const char *by, int64_t at, size_t *bad, err *e)
{
	uint16_t bit = (uint16_t)(1u << (month - 1));
	bool has[VRULE_REFS_MAX];
	num_t vals[VRULE_REFS_MAX], l = 0, rv = 0;
	int rc;
	for (int k = 0; k < r->c.n_refs; k++) {
		const nslot *sl = &v->slots[r->slot[k]];
		has[k] = (sl->has & bit) != 0;
		vals[k] = has[k] ? sl->amount[month - 1] : 0;
	}
	if (vrule_eval(&r->c, has, vals, &l, &rv) != VR_BROKEN)
		return 0;
	if (r->c.rule.importance == VR_WARNING) {
		char text[NOTE_MAX];
		bool found = false;
		for (int k = 0; k < r->c.n_refs && !found; k++)
			if ((rc = store_int_comment_get(s, unit_id, year, r->ids[k], month, text, sizeof text, &found,
							e)))
				return rc;
		if (found)
			return 0; /* explained */
		if (comment && *comment) {
			for (int k = 0; k < r->c.n_refs; k++)
				if ((v->slots[r->slot[k]].written & bit) &&
				    (rc = store_int_comment_put(s, unit_id, year, r->ids[k], month, comment, by, at, e)))
					return rc;
			return 0;
		}
	}
	char unit_code[CODE_MAX];
	period p;
	unit_code_of(s, unit_id, unit_code, sizeof unit_code);
	if (!period_ending_in(freq_period_type(r->freq), year, month, &p))
		return err_set(e, ERR_DB, "quy tắc %s: tháng %d không kết thúc kỳ nào", r->c.rule.code, month);
	int64_t low = 0; /* the written cell named with the lowest indicator id */
	bool any = false;
	for (int k = 0; k < r->c.n_refs; k++) {
		const nslot *sl = &v->slots[r->slot[k]];
		if ((sl->written & bit) && (!any || r->ids[k] < low)) {
			any = true;
			low = r->ids[k];
			*bad = sl->cell[month - 1];
		}
	}
	return vrule_refuse(e, &r->c, unit_code, &p, l, rv);
}

/* Where the written cells come from: an array, or the caller's function
 * (store_vrules_check_fn), which fills tmp. */
typedef struct csrc {
	const store_cell *cells;
	store_cell_at_fn at;
	void *ctx;
	store_cell tmp;
} csrc;

static inline const store_cell *csrc_get(csrc *src, size_t i)
{
	if (src->cells)
		return &src->cells[i];
	src->at(src->ctx, i, &src->tmp);
	return &src->tmp;
}

/*
 * Checks the written cells of one unit and year: those from g0 on in the
 * order (ix, or the cells' own when ix is NULL) of the same unit and year as
 * the one at g0; *g1 is set to the first of another.
 */
static int check_group(store *s, vcheck *v, csrc *src, size_t n, const cref *ix, size_t g0, size_t *g1,
		       const char *comment, const char *by, int64_t now, size_t *bad, err *e)
{
	const store_cell first = ix ? *ix[g0].c : *csrc_get(src, g0), *c0 = &first;
	uint16_t months = 0;
	int64_t last_id = 0;
	int rc = 0, last_j = -1;
	for (size_t j = 0; j < v->n_named; j++)
		v->slots[j].has = v->slots[j].written = v->slots[j].need = v->slots[j].twice = 0;
	size_t i;
	for (i = g0; i < n; i++) {
		const store_cell *c = ix ? ix[i].c : csrc_get(src, i);
		if (c->unit_id != c0->unit_id || c->year != c0->year)
			break;
		if (i == g0 || c->indicator_id != last_id) { /* a row's months come one after the other */
			last_id = c->indicator_id;
			last_j = slot_of(v, last_id);
		}
		int j = c->month >= 1 && c->month <= 12 ? last_j : -1;
		uint16_t bit = j < 0 ? 0 : (uint16_t)(1u << (c->month - 1));
		if (j < 0)
			continue;
		nslot *sl = &v->slots[j];
		if (sl->written & bit) {
			if (sl->wamount[c->month - 1] != c->amount)
				sl->twice |= bit;
			continue;
		}
		sl->written |= bit;
		sl->wamount[c->month - 1] = c->amount;
		sl->cell[c->month - 1] = ix ? ix[i].ix : i;
		months |= bit;
	}
	*g1 = i;
	if (months == 0)
		return 0;
	for (size_t k = 0; k < v->n_rules; k++) { /* the months each rule checks, the slots they read */
		const lrule *r = &v->rules[k];
		uint16_t t = 0;
		for (int q = 0; q < r->c.n_refs; q++)
			t |= v->slots[r->slot[q]].written;
		v->touched[k] = t;
		for (int q = 0; q < r->c.n_refs && t; q++) {
			nslot *sl = &v->slots[r->slot[q]];
			sl->need |= t & (~sl->written | sl->twice);
		}
	}
	if ((rc = slots_read(s, v, c0->unit_id, c0->year, e)) != 0)
		return rc;
	for (size_t j = 0; j < v->n_named; j++) { /* the months written are stored as written */
		nslot *sl = &v->slots[j];
		uint16_t w = sl->written & ~sl->twice;
		sl->has |= w;
		for (int m = 0; m < 12 && w; m++)
			if (w & (1u << m))
				sl->amount[m] = sl->wamount[m];
	}
	for (int m = 1; m <= 12 && rc == 0; m++)
		if (months & (1u << (m - 1)))
			for (size_t k = 0; k < v->n_rules && rc == 0; k++)
				if (v->touched[k] & (1u << (m - 1)))
					rc = check_rule(s, v, &v->rules[k], c0->unit_id, c0->year, m, comment, by, now,
							bad, e);
	return rc;
}

/* The check over cells from src (n of them); only_code as store_int_vrules_check. */
static int vrules_check_src(store *s, csrc *src, size_t n, const char *only_code, const char *comment,
			    const char *by, size_t *bad, err *e)
{
	vcheck v;
	cref *ix = NULL;
	store_cell *copy = NULL; /* a source's cells not by unit and year: taken into an array to sort */
	int rc;
	*bad = 0;
	if (comment && strlen(comment) >= NOTE_MAX)
		return err_set(e, ERR_INVALID, "ghi chú (comment) dài %zu byte, tối đa %d byte", strlen(comment),
			       NOTE_MAX - 1);
	if (n == 0)
		return 0;
	if ((rc = rules_ready(s, only_code, &v, e)) != 0 || v.n_rules == 0)
		return rc;
	bool grouped = true; /* by unit and year already (the import's key order) */
	store_cell prev = *csrc_get(src, 0);
	for (size_t i = 1; i < n && grouped; i++) {
		const store_cell *c = csrc_get(src, i);
		grouped = c->unit_id > prev.unit_id || (c->unit_id == prev.unit_id && c->year >= prev.year);
		prev = *c;
	}
	if (!grouped && !src->cells) {
		if (!(copy = malloc(n * sizeof *copy))) {
			vcheck_free(&v);
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra quy tắc");
		}
		for (size_t i = 0; i < n; i++)
			copy[i] = *csrc_get(src, i);
		src->cells = copy;
	}
	if (!grouped) {
		if (!(ix = malloc(n * sizeof *ix))) {
			free(copy);
			vcheck_free(&v);
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra quy tắc");
		}
		for (size_t i = 0; i < n; i++)
			ix[i] = (cref){&src->cells[i], i};
		qsort(ix, n, sizeof *ix, cref_cmp);
	}
	int64_t now = store_int_now(s);
	for (size_t g0 = 0, g1 = 0; g0 < n && rc == 0; g0 = g1)
		rc = check_group(s, &v, src, n, ix, g0, &g1, comment, by, now, bad, e);
	free(ix);
	free(copy);
	vcheck_free(&v);
	return rc;
}

int store_vrules_check_cells(store *s, const store_cell *cells, size_t n, const char *comment, const char *by,
			     size_t *bad, err *e)
{
	return store_int_vrules_check(s, cells, n, NULL, comment, by, bad, e);
}

int store_vrules_check_fn(store *s, store_cell_at_fn at, void *ctx, size_t n, const char *comment, const char *by,
			  size_t *bad, err *e)
{
	csrc src = {NULL, at, ctx, {0}};
	return vrules_check_src(s, &src, n, NULL, comment, by, bad, e);
}

int store_int_vrules_check(store *s, const store_cell *cells, size_t n, const char *only_code, const char *comment,
			   const char *by, size_t *bad, err *e)
{
	csrc src = {cells, NULL, NULL, {0}};
	return vrules_check_src(s, &src, n, only_code, comment, by, bad, e);
}
