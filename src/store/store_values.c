/*
 * store_values.c - values (the monthly/quarterly/... actuals), their
 * audit trail, and the two fast paths: store_cells_for_units for the
 * evaluation and the bulk writer for imports.
 *
 * Values live in value_year (schema v8): one row per (unit_id, year,
 * indicator_id) whose BLOB holds the twelve monthly slots (vrow.h). A
 * value's slot is the last month of its period, whose type is implied by the
 * indicator's frequency; the period is rebuilt with period_ending_in when
 * reading. A single write reads the row, changes its month and writes it
 * back; the bulk writer keeps the row of its last put in memory and writes
 * it when a put goes to another row, before any read of value_year on the
 * connection (store_int_values_sync), before a savepoint or a commit, and at
 * finish. The audit rule: a first entry writes no audit row (the row holds
 * who and when); every change and every delete writes one row (old -> new).
 * Every write keeps the roll-ups (store_rollup.c) in the same
 * transaction: single writes compare the unit's effective months before
 * and after, the bulk writer defers leaf units' changes to one flush.
 * Not for: deciding what a value means (eval.c) or parsing input (import.c).
 */
#include "store/store_int.h"

#include "core/value_rules.h"
#include "store/store_rollup.h"
#include "store/vrow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The resolved key of one value. */
typedef struct vkey {
	int64_t ind_id, unit_id;
	ind_freq freq;
	int year, month;
} vkey;

/* Resolves codes and checks the period's type against the indicator's
 * frequency (the rule is core's: value_rules_period). */
static int resolve_key(store *s, const char *ind_code, const char *unit_code, const period *p,
		       vkey *k, err *e)
{
	int rc;

	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "chỉ tiêu %s, đơn vị %s: kỳ báo cáo không hợp lệ",
			       ind_code, unit_code);
	if ((rc = store_int_indicator_key(s, ind_code, &k->ind_id, &k->freq, e)) != 0 ||
	    (rc = store_int_unit_id(s, unit_code, &k->unit_id, e)) != 0)
		return rc;
	if ((rc = value_rules_period(ind_code, k->freq, p, e)) != 0)
		return rc;
	k->year = p->year;
	k->month = period_last_month(p);
	return 0;
}

/* Reads the unit and applies core's rule: it existed during the period. */
static int check_unit_valid(store *s, const char *unit_code, const period *p, err *e)
{
	unit u;
	int rc = store_unit_get(s, unit_code, &u, e);
	return rc ? rc : value_rules_unit_at(&u, p, e);
}

void store_int_bind_row_key(db_stmt *st, int64_t unit_id, int year, int64_t ind_id)
{
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, ind_id);
}

int store_int_bad_row(int64_t unit_id, int year, int64_t ind_id, err *e)
{
	return err_set(e, ERR_DB,
		       "số liệu năm %d của đơn vị id %lld, chỉ tiêu id %lld bị hỏng (value_year)",
		       year, (long long)unit_id, (long long)ind_id);
}

/* Reads the row of (unit, year, indicator); *found false (r empty) when there is none. */
static int row_read(store *s, int64_t unit_id, int year, int64_t ind_id, vrow *r, bool *found,
		    err *e)
{
	db_stmt *st;
	int rc;
	vrow_init(r);
	*found = false;
	if ((rc = store_int_values_sync(s, e)) != 0)
		return rc;
	if (!(st = store_int_stmt(s, ST_VROW_GET, e)))
		return e ? e->code : ERR_DB;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*found = true;
		rc = vrow_decode(db_col_blob(st, 0), (size_t)db_col_bytes(st, 0), r)
			     ? store_int_bad_row(unit_id, year, ind_id, e)
			     : 0;
	} else {
		rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu");
	}
	db_reset(st);
	return rc;
}

/* Writes the row of (unit, year, indicator): deleted when no month is left. */
static int row_write(store *s, int64_t unit_id, int year, int64_t ind_id, const vrow *r, err *e)
{
	unsigned char blob[VROW_MAX];
	db_stmt *st = store_int_stmt(s, r->has ? ST_VROW_PUT : ST_VROW_DELETE, e);
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	if (r->has)
		db_bind_blob(st, 4, blob, (size_t)((int)vrow_encode(r, blob)));
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được số liệu");
	db_reset(st);
	return rc;
}

/* Reads one month: *found false when it has no value. */
static int read_raw(store *s, int64_t unit_id, int year, int64_t ind_id, int month, bool *found,
		    num_t *amount, bool *estimate, char *by, size_t by_n, int64_t *at, err *e)
{
	vrow r;
	bool row = false;
	int rc = row_read(s, unit_id, year, ind_id, &r, &row, e);
	*found = rc == 0 && vrow_has(&r, month);
	if (*found) {
		*amount = r.amount[month - 1];
		*estimate = (r.est >> (month - 1)) & 1u;
		if (by)
			snprintf(by, by_n, "%s", r.by[month - 1]);
		if (at)
			*at = r.at[month - 1];
	}
	return rc;
}

int store_int_value_month(store *s, int64_t unit_id, int year, int64_t ind_id, int month, bool *found,
			  num_t *amount, err *e)
{
	bool est = false;
	*amount = 0;
	return read_raw(s, unit_id, year, ind_id, month, found, amount, &est, NULL, 0, NULL, e);
}

/* Appends one audit row; has_new false records a delete. */
static int audit(store *s, int64_t ind_id, int64_t unit_id, int year, int month, num_t old_amount,
		 bool old_estimate, bool has_new, num_t new_amount, bool new_estimate,
		 const char *by, int64_t at, const char *reason, err *e)
{
	db_stmt *st = store_int_stmt(s, ST_AUDIT_INSERT, e);
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	db_bind_int(st, 1, ind_id);
	db_bind_int(st, 2, unit_id);
	db_bind_int(st, 3, year);
	db_bind_int(st, 4, month);
	db_bind_int(st, 5, old_amount);
	db_bind_int(st, 6, old_estimate ? 1 : 0);
	if (has_new) {
		db_bind_int(st, 7, new_amount);
		db_bind_int(st, 8, new_estimate ? 1 : 0);
	} /* else left NULL by clear_bindings */
	db_bind_text(st, 9, by ? by : "");
	db_bind_int(st, 10, at);
	db_bind_text(st, 11, reason ? reason : "");
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được nhật ký sửa");
	db_reset(st);
	return rc;
}

/*
 * Puts one month into the row of its key (read, change, write), with an
 * audit row when it changes a value: the write of store_value_put and of the
 * bulk writer's units that have children. Always inside a transaction (the
 * caller's), which is the unit of work: no savepoint per value. On an error
 * the caller rolls back.
 */
static int month_put(store *s, int64_t unit_id, int year, int64_t ind_id, int month, num_t amount,
		     bool estimate, const char *by, int64_t at, const char *reason,
		     store_change *changed, err *e)
{
	vrow r;
	bool row = false;
	int rc = row_read(s, unit_id, year, ind_id, &r, &row, e);
	*changed = STORE_UNCHANGED;
	if (rc)
		return rc;
	if (!vrow_has(&r, month)) {
		vrow_set(&r, month, amount, estimate, by, at);
		if ((rc = row_write(s, unit_id, year, ind_id, &r, e)) == 0)
			*changed = STORE_INSERTED;
		return rc;
	}
	num_t old = r.amount[month - 1];
	bool old_est = (r.est >> (month - 1)) & 1u;
	if (old == amount && old_est == estimate)
		return 0;
	vrow_set(&r, month, amount, estimate, by, at);
	if ((rc = row_write(s, unit_id, year, ind_id, &r, e)) == 0 &&
	    (rc = audit(s, ind_id, unit_id, year, month, old, old_est, true, amount, estimate, by, at,
			reason, e)) == 0)
		*changed = STORE_UPDATED;
	return rc;
}

/* The effective months of the key's (unit, year, indicator) before a write,
 * when the roll-ups are kept (*keep false when they are stale). */
static int rollup_before(store *s, int64_t unit_id, int year, int64_t ind_id, bool *keep,
			 rl_eff *old, err *e)
{
	bool stale = true;
	int rc = store_rollup_int_stale(s, &stale, e);
	*keep = rc == 0 && !stale;
	if (rc || !*keep)
		return rc;
	return store_rollup_int_eff(s, unit_id, year, ind_id, old, e);
}

/* After the write: the difference goes up the tree. */
static int rollup_after(store *s, int64_t unit_id, int year, int64_t ind_id, const rl_eff *old,
			err *e)
{
	rl_eff now;
	int rc = store_rollup_int_eff(s, unit_id, year, ind_id, &now, e);
	return rc ? rc : store_rollup_int_change(s, unit_id, year, ind_id, old, &now, e);
}

static int value_put_write(store *s, const vkey *k, value *v, const char *reason,
			   store_change *changed, err *e);

/* store_value_put after the checks, inside its transaction: the write and its roll-ups. */
static int value_put_locked(store *s, const vkey *k, value *v, const char *reason,
			    store_change *changed, err *e)
{
	rl_eff old;
	bool keep = false;
	store_change ch = STORE_UNCHANGED;
	int rc = rollup_before(s, k->unit_id, k->year, k->ind_id, &keep, &old, e);
	if (rc == 0)
		rc = value_put_write(s, k, v, reason, &ch, e);
	if (rc == 0 && keep && ch != STORE_UNCHANGED)
		rc = rollup_after(s, k->unit_id, k->year, k->ind_id, &old, e);
	if (rc == 0 && changed)
		*changed = ch;
	return rc;
}

/* The write itself: insert, or compare and update with an audit row. */
static int value_put_write(store *s, const vkey *k, value *v, const char *reason,
			   store_change *changed, err *e)
{
	store_change ch = STORE_UNCHANGED;
	int rc = month_put(s, k->unit_id, k->year, k->ind_id, k->month, v->amount, v->estimate,
			   v->by, v->at, reason, &ch, e);
	if (rc == 0 && changed)
		*changed = ch;
	return rc;
}


/* Refuses a reason that the audit table could not give back whole. */
static int check_reason(const char *reason, err *e)
{
	if (reason && strlen(reason) >= NOTE_MAX)
		return err_set(e, ERR_INVALID, "lý do sửa (reason) dài %zu byte, tối đa %d byte",
			       strlen(reason), NOTE_MAX - 1);
	return 0;
}

/*
 * The optimistic check of store_value_put_expect, inside the write's
 * transaction: the stored value against what the writer saw. A write of the
 * figure already stored is no conflict.
 */
static int expect_check(store *s, const vkey *k, const value *v, const store_value_expect *x,
			bool *stale, err *e)
{
	bool found = false, est = false;
	num_t amount = 0;
	int64_t at = 0;
	char by[WHO_MAX] = "";
	int rc = read_raw(s, k->unit_id, k->year, k->ind_id, k->month, &found, &amount, &est, by,
			  sizeof by, &at, e);
	if (rc)
		return rc;
	if (found && amount == v->amount && est == v->estimate)
		return 0;
	bool same = found == x->had &&
		    (!found || (amount == x->amount && est == x->estimate && (!x->at || at == x->at)));
	if (same)
		return 0;
	*stale = true;
	char label[64];
	period_label_text(&v->period, label, sizeof label);
	if (!found)
		return err_set(e, ERR_CONFLICT,
			       "số liệu chỉ tiêu %s của đơn vị %s cho %s đã bị xóa sau khi bạn đọc nó", v->indicator_code,
			       v->unit_code, label);
	return err_set(e, ERR_CONFLICT, "số liệu chỉ tiêu %s của đơn vị %s cho %s đã được %s sửa sau khi bạn đọc nó",
		       v->indicator_code, v->unit_code, label, by[0] ? by : "người khác");
}

/* store_value_put inside its transaction: resolve, check, then write. */
static int value_put_tx(store *s, value *v, const char *reason, const store_value_expect *x, bool *stale,
			store_change *changed, err *e)
{
	vkey k;
	int rc;
	indicator ind;
	if ((rc = resolve_key(s, v->indicator_code, v->unit_code, &v->period, &k, e)) != 0 ||
	    (rc = check_unit_valid(s, v->unit_code, &v->period, e)) != 0 ||
	    (rc = store_indicator_get(s, v->indicator_code, &ind, e)) != 0 ||
	    (rc = value_check(&ind, v->amount, e)) != 0)
		return rc;
	if (x && (rc = expect_check(s, &k, v, x, stale, e)) != 0)
		return rc;
	store_change ch = STORE_UNCHANGED;
	if ((rc = value_put_locked(s, &k, v, reason, &ch, e)) != 0)
		return rc;
	if (changed)
		*changed = ch;
	/* the comment goes with the value: a given one is kept, a changed value
	 * without one loses the old (it explained another figure) */
	if (v->comment[0])
		rc = store_int_comment_put(s, k.unit_id, k.year, k.ind_id, k.month, v->comment, v->by, v->at, e);
	else if (ch != STORE_UNCHANGED)
		rc = store_int_comment_delete(s, k.unit_id, k.year, k.ind_id, k.month, e);
	if (rc)
		return rc;
	/* the rules between indicators that name it, over the unit's values of the period */
	store_cell cell = {.indicator_id = k.ind_id, .unit_id = k.unit_id, .year = k.year, .month = k.month,
			   .amount = v->amount, .estimate = v->estimate};
	size_t bad = 0;
	return store_int_vrules_check(s, &cell, 1, v->indicator_code, v->comment, v->by, &bad, e);
}

int store_value_put(store *s, value *v, const char *reason, store_change *changed, err *e)
{
	return store_value_put_expect(s, v, reason, NULL, NULL, changed, e);
}

int store_value_put_expect(store *s, value *v, const char *reason, const store_value_expect *x,
			   bool *stale, store_change *changed, err *e)
{
	char label[64];
	int rc;
	bool stale_ = false;

	if (!stale)
		stale = &stale_;
	*stale = false;
	if (changed)
		*changed = STORE_UNCHANGED;
	if (period_valid(&v->period))
		period_label_text(&v->period, label, sizeof label);
	else
		snprintf(label, sizeof label, "kỳ không hợp lệ");
	if ((rc = value_rules_amount(v->amount, v->indicator_code, v->unit_code, label, e)) != 0 ||
	    (rc = check_reason(reason, e)) != 0)
		return rc;
	if (v->at == 0)
		v->at = (int64_t)time(NULL);
	/* Resolve, check, read, compare and write as one: another connection
	 * cannot change the unit, the indicator or the value in between. */
	if ((rc = store_int_begin(s, e)) == 0) {
		if ((rc = value_put_tx(s, v, reason, x, stale, changed, e)) != 0)
			store_int_rollback(s);
		else
			rc = store_int_commit(s, e);
	}
	if (rc != 0) {
		if (changed)
			*changed = STORE_UNCHANGED;
		if (rc == ERR_DB)
			err_prefix(e, "chỉ tiêu %s, đơn vị %s, %s: ", v->indicator_code, v->unit_code,
				   label);
	}
	return rc;
}

/* The "not set" message shared by get and delete. */
static int not_set(const char *ind_code, const char *unit_code, const period *p, err *e)
{
	char label[64];
	period_label_text(p, label, sizeof label);
	return err_set(e, ERR_NOTFOUND, "chưa có số liệu chỉ tiêu %s của đơn vị %s cho %s", ind_code,
		       unit_code, label);
}

int store_value_get(store *s, const char *indicator_code, const char *unit_code, const period *p,
		    value *out, err *e)
{
	vkey k;
	bool found = false;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = resolve_key(s, indicator_code, unit_code, p, &k, e)) != 0)
		return rc;
	if ((rc = read_raw(s, k.unit_id, k.year, k.ind_id, k.month, &found, &out->amount,
			   &out->estimate, out->by, sizeof out->by, &out->at, e)) != 0)
		return rc;
	if (!found)
		return not_set(indicator_code, unit_code, p, e);
	if ((rc = store_int_comment_get(s, k.unit_id, k.year, k.ind_id, k.month, out->comment, sizeof out->comment,
					&found, e)) != 0)
		return rc;
	snprintf(out->indicator_code, sizeof out->indicator_code, "%s", indicator_code);
	snprintf(out->unit_code, sizeof out->unit_code, "%s", unit_code);
	out->period = *p;
	return 0;
}

/* Deletes the month of key k (resolved) inside a transaction the caller
 * opened with store_int_begin: audited, its comment dropped, the roll-ups
 * after it. *found false (nothing done) when there is no value. */
static int key_delete(store *s, const vkey *kp, const char *by, int64_t at, const char *reason, bool *found,
		      err *e)
{
	vkey k = *kp;
	vrow r;
	rl_eff old;
	bool row = false, keep = false;
	int rc;
	*found = false;
	if ((rc = row_read(s, k.unit_id, k.year, k.ind_id, &r, &row, e)) != 0 || !vrow_has(&r, k.month))
		return rc;
	*found = true;
	num_t amount = r.amount[k.month - 1];
	bool est = (r.est >> (k.month - 1)) & 1u;
	if ((rc = rollup_before(s, k.unit_id, k.year, k.ind_id, &keep, &old, e)) != 0)
		return rc;
	vrow_unset(&r, k.month);
	if ((rc = row_write(s, k.unit_id, k.year, k.ind_id, &r, e)) != 0 ||
	    (rc = audit(s, k.ind_id, k.unit_id, k.year, k.month, amount, est, false, 0, false, by, at, reason, e)) != 0 ||
	    (rc = store_int_comment_delete(s, k.unit_id, k.year, k.ind_id, k.month, e)) != 0 ||
	    (rc = store_int_followup_delete(s, k.unit_id, k.year, k.ind_id, k.month, e)) != 0)
		return rc;
	return keep ? rollup_after(s, k.unit_id, k.year, k.ind_id, &old, e) : 0;
}

int store_value_delete(store *s, const char *indicator_code, const char *unit_code,
		       const period *p, const char *by, const char *reason, err *e)
{
	vkey k;
	bool found = false;
	int rc;

	if ((rc = check_reason(reason, e)) != 0)
		return rc;
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	if ((rc = resolve_key(s, indicator_code, unit_code, p, &k, e)) != 0 ||
	    (rc = key_delete(s, &k, by, (int64_t)time(NULL), reason, &found, e)) != 0)
		goto fail;
	if (!found) {
		rc = not_set(indicator_code, unit_code, p, e);
		goto fail;
	}
	return store_int_commit(s, e);
fail:
	store_int_rollback(s);
	return rc;
}

int store_value_each(store *s, const store_value_filter *f, store_value_cb cb, void *ctx, err *e)
{
	/* The WHERE clause is assembled from fixed fragments; values are bound. */
	char sql[1024];
	db_stmt *st = NULL;
	int rc;

	/* Placeholders are numbered in order of use with no gaps (?1, ?2, ...), so
	 * the same text maps to PostgreSQL's $1, $2, ... */
	char f_ind[32] = "", f_unit[32] = "", f_y0[32] = "", f_y1[32] = "";
	int n_ind = 0, n_unit = 0, n_y0 = 0, n_y1 = 0, k = 0;
	if (f && f->indicator_code)
		snprintf(f_ind, sizeof f_ind, " AND i.code = ?%d", n_ind = ++k);
	if (f && f->unit_code)
		snprintf(f_unit, sizeof f_unit, " AND u.code = ?%d", n_unit = ++k);
	if (f && f->year_from)
		snprintf(f_y0, sizeof f_y0, " AND v.year >= ?%d", n_y0 = ++k);
	if (f && f->year_to)
		snprintf(f_y1, sizeof f_y1, " AND v.year <= ?%d", n_y1 = ++k);
	snprintf(sql, sizeof sql,
		 "SELECT i.code, u.code, i.freq, v.year, v.months, v.unit_id, v.indicator_id"
		 " FROM value_year v"
		 " JOIN indicator i ON i.id = v.indicator_id JOIN unit u ON u.id = v.unit_id"
		 " WHERE 1 = 1%s%s%s%s ORDER BY i.code, u.code, v.year",
		 f_ind, f_unit, f_y0, f_y1);
	if ((rc = store_int_values_sync(s, e)) != 0)
		return rc;
	bool mine = store_int_read_start(s); /* one snapshot, and a streamed scan on PostgreSQL */
	if ((rc = store_int_prepare_scan(s, sql, &st, e)) != 0) {
		store_int_read_stop(s, mine);
		return rc;
	}
	if (n_ind)
		db_bind_text(st, n_ind, f->indicator_code);
	if (n_unit)
		db_bind_text(st, n_unit, f->unit_code);
	if (n_y0)
		db_bind_int(st, n_y0, f->year_from);
	if (n_y1)
		db_bind_int(st, n_y1, f->year_to);
	while ((rc = db_step(st)) == DB_ROW) {
		value v;
		vrow r;
		char fc[32];
		ind_freq freq;
		int year = (int)db_col_int(st, 3);
		memset(&v, 0, sizeof v);
		store_int_col_text(st, 0, v.indicator_code, sizeof v.indicator_code);
		store_int_col_text(st, 1, v.unit_code, sizeof v.unit_code);
		store_int_col_text(st, 2, fc, sizeof fc);
		if (vrow_decode(db_col_blob(st, 4), (size_t)db_col_bytes(st, 4), &r)) {
			rc = store_int_bad_row(db_col_int(st, 5), year,
					       db_col_int(st, 6), e);
			goto done;
		}
		if ((rc = freq_from_code(fc, &freq, e)) != 0)
			goto done;
		for (int m = 1; m <= 12; m++) {
			if (!vrow_has(&r, m))
				continue;
			if (!period_ending_in(freq_period_type(freq), year, m, &v.period)) {
				rc = err_set(e, ERR_DB, "số liệu %s/%s năm %d tháng %d không ứng với kỳ nào",
					     v.indicator_code, v.unit_code, year, m);
				goto done;
			}
			v.amount = r.amount[m - 1];
			v.estimate = (r.est >> (m - 1)) & 1u;
			size_t bl = strnlen(r.by[m - 1], sizeof v.by - 1); /* (no printf: a row per value) */
			memcpy(v.by, r.by[m - 1], bl);
			v.by[bl] = '\0';
			v.at = r.at[m - 1];
			if ((rc = cb(ctx, &v)) != 0)
				goto done;
		}
	}
	rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu");
done:
	db_finalize(st);
	store_int_read_stop(s, mine);
	return rc;
}

/* Reads one value_audit row into elem; ctx is a value_audit holding the
 * codes and period every row shares. */
static int read_value_audit(db_stmt *st, void *elem, void *ctx, err *e)
{
	value_audit *a = elem;
	(void)e;
	*a = *(const value_audit *)ctx;
	a->had_old = !db_col_null(st, 0);
	a->old_amount = db_col_int(st, 0);
	a->old_estimate = (int)db_col_int(st, 1) != 0;
	a->has_new = !db_col_null(st, 2);
	a->new_amount = db_col_int(st, 2);
	a->new_estimate = (int)db_col_int(st, 3) != 0;
	store_int_col_text(st, 4, a->by, sizeof a->by);
	a->at = db_col_int(st, 5);
	store_int_col_text(st, 6, a->reason, sizeof a->reason);
	return 0;
}

int store_value_history(store *s, const char *indicator_code, const char *unit_code,
			const period *p, value_audit **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	value_audit tmpl;
	vkey k;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = resolve_key(s, indicator_code, unit_code, p, &k, e)) != 0)
		return rc;
	rc = store_int_prepare(s,
			       "SELECT old_amount, old_estimate, new_amount, new_estimate, changed_by,"
			       " changed_at, reason FROM value_audit WHERE indicator_id = ?1"
			       " AND unit_id = ?2 AND year = ?3 AND month = ?4 ORDER BY id",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, k.ind_id);
	db_bind_int(st, 2, k.unit_id);
	db_bind_int(st, 3, k.year);
	db_bind_int(st, 4, k.month);
	memset(&tmpl, 0, sizeof tmpl);
	snprintf(tmpl.indicator_code, sizeof tmpl.indicator_code, "%s", indicator_code);
	snprintf(tmpl.unit_code, sizeof tmpl.unit_code, "%s", unit_code);
	tmpl.period = *p;
	rc = store_int_collect(s, st, sizeof **out, read_value_audit, &tmpl, "nhật ký sửa số liệu",
			       &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

/* ---- fast paths -------------------------------------------------------- */

int store_cells_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year_from,
			  int year_to, store_cell_cb cb, void *ctx, err *e)
{
	db_stmt *st;
	int rc = 0, step = DB_DONE;

	if (s->in_cells)
		return err_set(e, ERR_CONFLICT,
			       "store_cells_for_units không được gọi lồng trong hàm gọi lại của nó");
	if ((rc = store_int_values_sync(s, e)) != 0)
		return rc;
	if (n_units == 0)
		return 0;
	/* the first STORE_IN_N units: maybe started ahead (store_prefetch_units) */
	st = store_int_units_first(s, STORE_READ_CELLS, unit_ids, n_units, year_from, year_to, e);
	if (!st)
		return e ? e->code : ERR_DB;
	s->in_cells = true;
	s->walking++;
	/* STORE_IN_N units per statement: a nation's dashboard is one round trip */
	for (size_t i = 0; i < n_units && rc == 0; i += STORE_IN_N) {
		size_t k = n_units - i < STORE_IN_N ? n_units - i : STORE_IN_N;
		store_cell c;
		if (i > 0) {
			db_reset(st);
			store_int_bind_units(st, unit_ids + i, k, year_from, year_to);
		}
		while (rc == 0 && (step = db_step(st)) == DB_ROW) {
			num_t amount[12];
			uint16_t has, est;
			c.unit_id = db_col_int(st, 0);
			c.indicator_id = db_col_int(st, 1);
			c.year = (int)db_col_int(st, 2);
			if (vrow_decode_amounts(db_col_blob(st, 3),
						(size_t)db_col_bytes(st, 3), &has, &est, amount)) {
				rc = store_int_bad_row(c.unit_id, c.year, c.indicator_id, e);
				break;
			}
			for (int m = 0; m < 12 && rc == 0; m++) {
				if (!((has >> m) & 1))
					continue;
				c.month = m + 1;
				c.amount = amount[m];
				c.estimate = (est >> m) & 1;
				rc = cb(ctx, &c);
			}
		}
		if (rc)
			break;
		if (step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu của đơn vị");
	}
	db_reset(st);
	s->in_cells = false;
	s->walking--;
	return rc;
}

int store_entries_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year_from, int year_to,
			    store_entry_cb cb, void *ctx, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_values_sync(s, e);
	if (rc || n_units == 0)
		return rc;
	if ((rc = store_int_cached(s,
				   "SELECT unit_id, indicator_id, year, months FROM value_year WHERE "
				   STORE_IN_UNITS_YEARS,
				   &st, e)) != 0)
		return rc;
	s->walking++;
	vrow r;
	for (size_t i = 0; i < n_units && rc == 0; i += STORE_IN_N) {
		size_t k = n_units - i < STORE_IN_N ? n_units - i : STORE_IN_N;
		int step = DB_DONE;
		db_reset(st);
		store_int_bind_units(st, unit_ids + i, k, year_from, year_to);
		while (rc == 0 && (step = db_step(st)) == DB_ROW) {
			store_entry x = {.unit_id = db_col_int(st, 0), .indicator_id = db_col_int(st, 1),
					 .year = (int)db_col_int(st, 2)};
			if (vrow_decode(db_col_blob(st, 3), (size_t)db_col_bytes(st, 3), &r)) {
				rc = store_int_bad_row(x.unit_id, x.year, x.indicator_id, e);
				break;
			}
			for (int m = 0; m < 12 && rc == 0; m++) {
				if (!((r.has >> m) & 1))
					continue;
				x.month = m + 1;
				x.at = r.at[m];
				rc = cb(ctx, &x);
			}
		}
		if (rc == 0 && step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu của đơn vị");
	}
	store_int_release(st);
	s->walking--;
	return rc;
}

/* The ids of one table as a bitmap (ids are small positive integers). */
#define IDSET_MAX_ID ((int64_t)1 << 31)

typedef struct idset {
	uint8_t *bits;
	int64_t max;
} idset;

static bool idset_has(const idset *set, int64_t id)
{
	return id > 0 && id <= set->max && (set->bits[id >> 3] & (1u << (id & 7)));
}

/* Loads the ids of `what` ("đơn vị", "chỉ tiêu"); ids above IDSET_MAX_ID
 * (a corrupt or hand-edited file) are refused rather than overflowing. */
static int idset_load(store *s, const char *sql, const char *what, idset *set, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	set->max = 0;
	set->bits = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		if (id <= 0)
			continue;
		if (id > IDSET_MAX_ID) {
			db_finalize(st);
			return err_set(e, ERR_DB,
				       "bảng %s có id %lld vượt quá 2^31 (CSDL hỏng hoặc bị sửa tay); "
				       "không ghi hàng loạt được",
				       what, (long long)id);
		}
		if (id > set->max) {
			size_t old = set->bits ? (size_t)(set->max >> 3) + 1 : 0;
			int64_t cap = set->max ? set->max : 1024;
			while (cap < id)
				cap *= 2;
			uint8_t *nb = realloc(set->bits, (size_t)(cap >> 3) + 1);
			if (!nb) {
				db_finalize(st);
				return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị ghi hàng loạt");
			}
			memset(nb + old, 0, (size_t)(cap >> 3) + 1 - old);
			set->bits = nb;
			set->max = cap;
		}
		set->bits[id >> 3] |= (uint8_t)(1u << (id & 7));
	}
	rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi chuẩn bị ghi hàng loạt");
	db_finalize(st);
	return rc;
}

struct store_bulk {
	store *s;
	int64_t at;
	char by[WHO_MAX];
	char reason[NOTE_MAX];
	idset units, indicators; /* the value table's references, checked here */
	rl_acc *acc;   /* deferred roll-up changes of leaf units (NULL when stale) */
	bool stale;    /* the roll-ups were stale at begin: rebuild at finish if anything changed */
	bool dirty;    /* some put changed a value */
	bool finished; /* store_bulk_finish ran */
	store_bulk_strategy strategy; /* store_bulk_set_strategy */
	/* The row of the last put, changed in memory and written when a put
	 * goes to another row (imports come in key order: one read and one
	 * write per twelve months) or when anything reads value_year. */
	bool cur_valid, cur_dirty;
	bool cur_exists; /* the current row is in value_year; else it is new (inserted through copy) */
	int64_t cur_unit, cur_ind;
	int cur_year;
	vrow cur;
	/* The rows of one (unit, year), all read by one query when the writer
	 * comes to it (a load goes unit by unit, year by year), sorted by
	 * indicator, kept up to date with what the writer writes: one round
	 * trip per group instead of one per row (PostgreSQL). Forgotten when
	 * anyone else reads or writes value_year (store_int_values_sync). */
	bool pf_valid;
	int64_t pf_unit;
	int pf_year;
	/* gen: the inserter's generation while the row waits in its buffer, 0 once in the table */
	struct pf_row { int64_t ind; uint64_t gen; size_t len; unsigned char data[VROW_MAX]; } *pf;
	size_t pf_n, pf_cap;
	/* new rows go through a buffered inserter (COPY on PostgreSQL); the
	 * groups with rows still in its buffer, so that reading one flushes first */
	db_copy *copy;
	uint64_t copy_gen; /* moves on at each flush of the inserter */
	struct { int64_t unit; int year; } pend[64];
	int n_pend;
};

static void name_by_id(store *s, const char *sql, int64_t id, char *dst, size_t n, char *freq,
		       size_t freq_n);

/* The prefetched row of indicator ind: its index, or where it would go (*found false). */
static size_t pf_find(const store_bulk *b, int64_t ind, bool *found)
{
	size_t lo = 0, hi = b->pf_n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->pf[mid].ind < ind)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < b->pf_n && b->pf[lo].ind == ind;
	return lo;
}

/* Records row (ind, bytes) in the prefetched group (a new row is inserted in
 * order); gen is the inserter's generation when the row waits in its buffer, else 0. */
static int pf_set(store_bulk *b, int64_t ind, const unsigned char *data, size_t len, uint64_t gen,
		  err *e)
{
	bool found;
	size_t k = pf_find(b, ind, &found);
	if (!found) {
		if (b->pf_n == b->pf_cap) {
			size_t nc = b->pf_cap ? b->pf_cap * 2 : 64;
			struct pf_row *np = realloc(b->pf, nc * sizeof *np);
			if (!np)
				return err_set(e, ERR_NOMEM, "hết bộ nhớ khi ghi hàng loạt");
			b->pf = np;
			b->pf_cap = nc;
		}
		memmove(&b->pf[k + 1], &b->pf[k], (b->pf_n - k) * sizeof *b->pf);
		b->pf_n++;
		b->pf[k].ind = ind;
	}
	b->pf[k].len = len;
	b->pf[k].gen = gen;
	memcpy(b->pf[k].data, data, len);
	return 0;
}

/* Sends the inserter's buffered rows; the groups waiting on it are free again. */
static int bulk_flush_copy(store_bulk *b, err *e)
{
	int rc = db_copy_flush(b->copy, e);
	b->n_pend = 0;
	b->copy_gen++; /* every row that waited is in the table now (or the transaction failed) */
	if (rc)
		err_prefix(e, "ghi hàng loạt: không ghi được các dòng số liệu mới: ");
	return rc;
}

/* Writes the current row, new, through the inserter; notes its group as waiting. */
static int bulk_insert_row(store_bulk *b, const unsigned char *blob, size_t len, err *e)
{
	int rc;
	if ((rc = db_copy_int(b->copy, b->cur_unit)) != 0 || (rc = db_copy_int(b->copy, b->cur_year)) != 0 ||
	    (rc = db_copy_int(b->copy, b->cur_ind)) != 0 || (rc = db_copy_blob(b->copy, blob, len)) != 0 ||
	    (rc = db_copy_row(b->copy, e)) != 0) {
		db_copy_discard(b->copy);
		return rc == ERR_NOMEM ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi ghi hàng loạt") : rc;
	}
	if (db_copy_pending(b->copy) == 0) {
		b->n_pend = 0; /* sent at once (SQLite), or the buffer was full and went */
		b->copy_gen++;
	}
	else if (!b->n_pend || b->pend[b->n_pend - 1].unit != b->cur_unit ||
		 b->pend[b->n_pend - 1].year != b->cur_year) {
		if (b->n_pend == (int)(sizeof b->pend / sizeof b->pend[0]) &&
		    (rc = bulk_flush_copy(b, e)) != 0)
			return rc;
		b->pend[b->n_pend].unit = b->cur_unit;
		b->pend[b->n_pend].year = b->cur_year;
		b->n_pend++;
	}
	return 0;
}

/* Writes the pending row (if changed); keeps it as the current row. An
 * error names the row by its codes (the put that failed came later). */
static int bulk_write_row(store_bulk *b, err *e)
{
	char ind[CODE_MAX], unit_code[CODE_MAX];
	unsigned char blob[VROW_MAX];
	size_t len = 0;
	int rc;
	if (!b->cur_valid || !b->cur_dirty)
		return 0;
	if (b->cur.has)
		len = vrow_encode(&b->cur, blob);
	if ((rc = store_int_write_guard(b->s, e)) == 0) {
		if (b->cur_exists)
			rc = row_write(b->s, b->cur_unit, b->cur_year, b->cur_ind, &b->cur, e);
		else if (b->cur.has)
			rc = bulk_insert_row(b, blob, len, e);
	}
	if (rc == 0 && b->pf_valid && b->pf_unit == b->cur_unit && b->pf_year == b->cur_year) {
		if (b->cur.has) {
			bool waits = !b->cur_exists && db_copy_pending(b->copy) > 0;
			rc = pf_set(b, b->cur_ind, blob, len, waits ? b->copy_gen : 0, e);
		} else { /* the row went: so does its copy */
			bool found;
			size_t k = pf_find(b, b->cur_ind, &found);
			if (found)
				memmove(&b->pf[k], &b->pf[k + 1], (--b->pf_n - k) * sizeof *b->pf);
		}
	}
	if (rc == 0 && b->cur.has)
		b->cur_exists = true;
	if (rc) {
		name_by_id(b->s, "SELECT code FROM indicator WHERE id = ?1", b->cur_ind, ind,
			   sizeof ind, NULL, 0);
		name_by_id(b->s, "SELECT code FROM unit WHERE id = ?1", b->cur_unit, unit_code,
			   sizeof unit_code, NULL, 0);
		return err_prefix(e, "ghi hàng loạt: chỉ tiêu %s, đơn vị %s, năm %d: ", ind, unit_code,
				  b->cur_year);
	}
	b->cur_dirty = false;
	return 0;
}

int store_int_values_sync(store *s, err *e)
{
	store_bulk *b = s->bulk;
	int rc = 0;
	if (!b)
		return 0;
	if (b->cur_valid && (rc = bulk_write_row(b, e)) == 0) /* writes only: nothing here reads value_year */
		b->cur_valid = false;
	if (rc == 0 && b->n_pend)
		rc = bulk_flush_copy(b, e);
	b->pf_valid = false; /* whoever reads or writes value_year next may change it */
	return rc;
}

int store_int_values_checkpoint(store *s, err *e)
{
	store_bulk *b = s->bulk;
	int rc = store_int_values_sync(s, e);
	if (rc == 0 && b && b->acc)
		rc = store_rollup_int_acc_flush(s, b->acc, e);
	return rc;
}

void store_int_values_discard(store *s)
{
	if (!s->bulk)
		return;
	s->bulk->cur_valid = false;
	s->bulk->pf_valid = false;
	s->bulk->n_pend = 0;
	db_copy_discard(s->bulk->copy);
	store_rollup_int_acc_clear(s->bulk->acc);
}

/* Reads the rows of (unit, year) into the prefetched group; flushes the
 * inserter first when some of that group's new rows still wait in it. */
static int bulk_prefetch(store_bulk *b, int64_t unit_id, int year, err *e)
{
	db_stmt *st;
	int rc = 0, step;
	for (int k = 0; k < b->n_pend && rc == 0; k++)
		if (b->pend[k].unit == unit_id && b->pend[k].year == year)
			rc = bulk_flush_copy(b, e);
	if (rc || (rc = store_int_cached(b->s,
					 "SELECT indicator_id, months FROM value_year"
					 " WHERE unit_id = ?1 AND year = ?2 ORDER BY indicator_id",
					 &st, e)) != 0)
		return rc;
	b->pf_valid = false;
	b->pf_n = 0;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		size_t len = db_col_bytes(st, 1);
		int64_t ind = db_col_int(st, 0);
		if (len > VROW_MAX)
			rc = store_int_bad_row(unit_id, year, ind, e);
		else
			rc = pf_set(b, ind, db_col_blob(st, 1), len, 0, e);
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(b->s, e, "lỗi CSDL khi đọc số liệu");
	store_int_release(st);
	if (rc == 0) {
		b->pf_valid = true;
		b->pf_unit = unit_id;
		b->pf_year = year;
	}
	return rc;
}

/* Makes the row of c the current one: writes the previous, reads this one
 * (from the prefetched group of its unit and year). */
static int bulk_row(store_bulk *b, const store_cell *c, err *e)
{
	bool found = false;
	int rc;
	if (b->cur_valid && b->cur_unit == c->unit_id && b->cur_year == c->year &&
	    b->cur_ind == c->indicator_id)
		return 0;
	/* the previous row is written before b->cur is read over */
	if ((rc = bulk_write_row(b, e)) != 0)
		return rc;
	b->cur_valid = false;
	if ((!b->pf_valid || b->pf_unit != c->unit_id || b->pf_year != c->year) &&
	    (rc = bulk_prefetch(b, c->unit_id, c->year, e)) != 0)
		return rc;
	size_t k = pf_find(b, c->indicator_id, &found);
	/* a row still in the inserter's buffer is sent before it is changed in place */
	if (found && b->pf[k].gen == b->copy_gen && (rc = bulk_flush_copy(b, e)) != 0)
		return rc;
	vrow_init(&b->cur);
	if (found && vrow_decode(b->pf[k].data, b->pf[k].len, &b->cur))
		return store_int_bad_row(c->unit_id, c->year, c->indicator_id, e);
	b->cur_exists = found;
	b->cur_valid = true;
	b->cur_dirty = false;
	b->cur_unit = c->unit_id;
	b->cur_year = c->year;
	b->cur_ind = c->indicator_id;
	return 0;
}

int store_bulk_begin(store *s, const char *by, const char *reason, store_bulk **out, err *e)
{
	store_bulk *b;
	int rc;
	*out = NULL;
	if (s->depth == 0)
		return err_set(e, ERR_CONFLICT,
			       "ghi hàng loạt (store_bulk_begin) cần một giao dịch đang mở (store_begin)");
	if (s->bulk)
		return err_set(e, ERR_CONFLICT, "đã có một lượt ghi hàng loạt đang mở trên kết nối này");
	if ((rc = store_int_write_guard(s, e)) != 0 || (rc = check_reason(reason, e)) != 0)
		return rc;
	if (by && strlen(by) >= WHO_MAX)
		return err_set(e, ERR_INVALID, "người nhập (by) dài %zu byte, tối đa %d byte",
			       strlen(by), WHO_MAX - 1);
	b = calloc(1, sizeof *b);
	if (!b)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị ghi hàng loạt");
	b->s = s;
	b->copy_gen = 1;
	b->at = store_int_now(s); /* the clock, or store_set_now's (the demo's fixed day) */
	snprintf(b->by, sizeof b->by, "%s", by ? by : "");
	snprintf(b->reason, sizeof b->reason, "%s", reason ? reason : "");
	if ((rc = db_copy_open(s->db, "value_year", "unit_id, year, indicator_id, months", 4, &b->copy,
			       e)) != 0 ||
	    (rc = idset_load(s, "SELECT id FROM unit", "đơn vị (unit)", &b->units, e)) != 0 ||
	    (rc = idset_load(s, "SELECT id FROM indicator", "chỉ tiêu (indicator)", &b->indicators,
			     e)) != 0) {
		store_bulk_end(b);
		return rc;
	}
	if ((rc = store_rollup_int_stale(s, &b->stale, e)) != 0 ||
	    (!b->stale && (rc = store_rollup_int_acc_new(s, &b->acc, e)) != 0)) {
		store_bulk_end(b);
		return rc;
	}
	s->bulk = b;
	*out = b;
	return 0;
}

int store_bulk_set_by(store_bulk *b, const char *by, err *e)
{
	if (by && strlen(by) >= WHO_MAX)
		return err_set(e, ERR_INVALID, "người nhập (by) dài %zu byte, tối đa %d byte",
			       strlen(by), WHO_MAX - 1);
	snprintf(b->by, sizeof b->by, "%s", by ? by : "");
	return 0;
}

void store_bulk_set_reason(store_bulk *b, const char *reason)
{
	size_t n = reason ? strlen(reason) : 0;
	if (n >= sizeof b->reason) { /* cut on a UTF-8 boundary */
		n = sizeof b->reason - 1;
		while (n > 0 && ((unsigned char)reason[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(b->reason, reason ? reason : "", n);
	b->reason[n] = '\0';
}

void store_bulk_set_at(store_bulk *b, int64_t at)
{
	b->at = at ? at : store_int_now(b->s);
}

/* Reads one text column of a one-row lookup by id into dst ("id N" if absent). */
static void name_by_id(store *s, const char *sql, int64_t id, char *dst, size_t n, char *freq,
		       size_t freq_n)
{
	db_stmt *st = NULL;
	snprintf(dst, n, "id %lld", (long long)id);
	if (db_prepare(s->db, sql, false, &st, NULL) != 0)
		return;
	db_bind_int(st, 1, id);
	if (db_step(st) == DB_ROW) {
		store_int_col_text(st, 0, dst, n);
		if (freq)
			store_int_col_text(st, 1, freq, freq_n);
	}
	db_finalize(st);
}

/* The codes and period label of a bulk cell, for error messages only. */
static void cell_names(store *s, const store_cell *c, char ind[CODE_MAX], char unit_code[CODE_MAX],
		       char label[64])
{
	char fc[32] = "";
	ind_freq freq;
	period p;
	name_by_id(s, "SELECT code, freq FROM indicator WHERE id = ?1", c->indicator_id, ind,
		   CODE_MAX, fc, sizeof fc);
	name_by_id(s, "SELECT code FROM unit WHERE id = ?1", c->unit_id, unit_code, CODE_MAX, NULL,
		   0);
	if (freq_from_code(fc, &freq, NULL) == 0 &&
	    period_ending_in(freq_period_type(freq), c->year, c->month, &p))
		period_label_text(&p, label, 64);
	else
		snprintf(label, 64, "năm %d tháng %d", c->year, c->month);
}

int store_bulk_put(store_bulk *b, const store_cell *c, store_change *changed, err *e)
{
	store *s = b->s;
	int rc;

	if (changed)
		*changed = STORE_UNCHANGED;
	b->finished = false; /* a put after store_bulk_finish needs another */
	if (c->month < 1 || c->month > 12)
		return err_set(e, ERR_INVALID, "ghi hàng loạt: tháng %d không hợp lệ (1..12)", c->month);
	if (!idset_has(&b->units, c->unit_id))
		return err_set(e, ERR_NOTFOUND, "ghi hàng loạt: không có đơn vị id %lld",
			       (long long)c->unit_id);
	if (!idset_has(&b->indicators, c->indicator_id))
		return err_set(e, ERR_NOTFOUND, "ghi hàng loạt: không có chỉ tiêu id %lld",
			       (long long)c->indicator_id);
	if (c->amount > NUM_MAX || c->amount < -NUM_MAX) {
		char ind[CODE_MAX], unit_code[CODE_MAX], label[64];
		cell_names(s, c, ind, unit_code, label);
		return value_rules_amount(c->amount, ind, unit_code, label, e);
	}
	if ((rc = store_int_write_guard(s, e)) != 0)
		return rc;
	if (b->strategy != STORE_BULK_ANY) {
		bool exists;
		if (b->acc && !store_rollup_int_acc_leaf(b->acc, c->unit_id)) {
			num_t ignore;
			rc = store_int_value_month(s, c->unit_id, c->year, c->indicator_id, c->month, &exists, &ignore, e);
		} else if ((rc = bulk_row(b, c, e)) == 0) {
			exists = vrow_has(&b->cur, c->month);
		}
		if (rc)
			return rc;
		if (exists != (b->strategy == STORE_BULK_UPDATE)) {
			if (changed)
				*changed = STORE_SKIPPED;
			return 0;
		}
	}
	if (b->acc && !store_rollup_int_acc_leaf(b->acc, c->unit_id)) {
		/* a unit with children: its effective months may switch from its
		 * roll-up to its own values, so compare them before and after */
		rl_eff old_eff;
		store_change ch = STORE_UNCHANGED;
		if ((rc = store_rollup_int_eff(s, c->unit_id, c->year, c->indicator_id, &old_eff,
					       e)) != 0 ||
		    (rc = month_put(s, c->unit_id, c->year, c->indicator_id, c->month, c->amount,
				    c->estimate, b->by, b->at, b->reason, &ch, e)) != 0)
			return rc;
		if (ch != STORE_UNCHANGED) {
			b->dirty = true;
			rc = rollup_after(s, c->unit_id, c->year, c->indicator_id, &old_eff, e);
		}
		if (rc == 0 && changed)
			*changed = ch;
		return rc;
	}
	if ((rc = bulk_row(b, c, e)) != 0)
		return rc;
	vrow *r = &b->cur;
	int m = c->month;
	bool had = vrow_has(r, m);
	num_t old_amount = had ? r->amount[m - 1] : 0;
	bool old_est = had && ((r->est >> (m - 1)) & 1u);
	if (had && old_amount == c->amount && old_est == c->estimate)
		return 0;
	if (had && (rc = audit(s, c->indicator_id, c->unit_id, c->year, m, old_amount, old_est, true,
			       c->amount, c->estimate, b->by, b->at, b->reason, e)) != 0)
		return rc;
	vrow_set(r, m, c->amount, c->estimate, b->by, b->at);
	b->cur_dirty = true;
	b->dirty = true;
	if (b->acc && (rc = store_rollup_int_acc_cell(b->acc, c->unit_id, c->year, c->indicator_id, m,
						       had, old_amount, old_est, true, c->amount,
						       c->estimate, e)) != 0)
		return rc;
	if (changed)
		*changed = had ? STORE_UPDATED : STORE_INSERTED;
	return 0;
}

void store_bulk_set_strategy(store_bulk *b, store_bulk_strategy st)
{
	b->strategy = st;
}

int store_bulk_delete(store_bulk *b, const store_cell *c, store_change *changed, err *e)
{
	store *s = b->s;
	*changed = STORE_SKIPPED;
	b->finished = false;
	if (c->month < 1 || c->month > 12)
		return err_set(e, ERR_INVALID, "xóa hàng loạt: tháng %d không hợp lệ (1..12)", c->month);
	vkey k = {.ind_id = c->indicator_id, .unit_id = c->unit_id, .year = c->year, .month = c->month};
	bool found = false;
	int rc = store_int_begin(s, e); /* a savepoint: writes the writer's pending row and roll-ups first */
	if (rc)
		return rc;
	if ((rc = key_delete(s, &k, b->by, b->at ? b->at : (int64_t)time(NULL), b->reason, &found, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	if ((rc = store_int_commit(s, e)) == 0 && found) {
		*changed = STORE_DELETED;
		b->dirty = true;
	}
	return rc;
}

/* The values or roll-ups would be half written: aborts the caller's
 * transaction, so its store_commit fails (the write guard) even when the
 * error is not looked at. */
static void bulk_abort(store *s)
{
	store_int_values_discard(s);
	if (s->depth > 0 && db_txn_state(s->db) != DB_TXN_NONE)
		(void)db_exec(s->db, "ROLLBACK", NULL);
}

int store_bulk_finish(store_bulk *b, err *e)
{
	int rc;
	if (b->finished)
		return 0;
	b->finished = true;
	/* a transaction SQLite rolled back by itself: nothing may be written now */
	if ((rc = store_int_write_guard(b->s, e)) != 0)
		return rc;
	if ((rc = store_int_values_sync(b->s, e)) == 0) {
		if (b->acc)
			rc = store_rollup_int_acc_flush(b->s, b->acc, e);
		else if (b->stale && b->dirty)
			rc = store_rollup_rebuild(b->s, e); /* one pass over the values, in the caller's transaction */
	}
	if (rc)
		bulk_abort(b->s);
	return rc;
}

void store_bulk_end(store_bulk *b)
{
	if (!b)
		return;
	if (!b->finished && b->s->bulk == b) {
		err e;
		err_clear(&e);
		(void)store_bulk_finish(b, &e); /* a failure aborts the caller's transaction */
	}
	if (b->s->bulk == b)
		b->s->bulk = NULL;
	store_rollup_int_acc_free(b->acc);
	db_copy_close(b->copy);
	free(b->pf);
	free(b->units.bits);
	free(b->indicators.bits);
	free(b);
}
