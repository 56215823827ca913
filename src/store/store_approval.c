/*
 * store_approval.c - the rows of approval (schema v11): the state of a
 * unit's figures of a month on their way up (table approval, one row per
 * unit, period and agency, agency_id 0 for the whole unit (schema v14);
 * none means "draft") and every step taken (table approval_event, the
 * audit).
 *
 * Rows only: which steps are allowed, who may take them and what a state
 * forbids are src/core/approval.c's and src/auth's. A move names the state
 * it starts from and fails when another writer moved first.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The agency's id: 0 for NULL or "" (the whole unit); ERR_NOTFOUND when unknown. */
static int approval_agency_id(store *s, const char *agency_code, int64_t *out, err *e)
{
	*out = 0;
	if (!agency_code || !agency_code[0])
		return 0;
	agency a;
	int rc = store_agency_get(s, agency_code, &a, e);
	if (rc == 0)
		*out = a.id;
	return rc;
}

/* The unit's, the period's and the agency's keys, for binding. */
static int approval_key(store *s, const char *unit_code, const period *p, const char *agency_code, int64_t *unit_id,
			char *code, size_t n, int64_t *agency_id, err *e)
{
	int rc;
	if ((rc = period_code_str(p, code, n, e)) || (rc = store_int_unit_id(s, unit_code, unit_id, e)))
		return rc;
	return approval_agency_id(s, agency_code, agency_id, e);
}

int store_approval_get(store *s, const char *unit_code, const period *p, const char *agency_code,
		       store_approval *out, err *e)
{
	int64_t unit_id = 0, agency_id = 0;
	char code[32];
	db_stmt *st = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	snprintf(out->unit_code, sizeof out->unit_code, "%s", unit_code);
	out->period = *p;
	if (agency_code && strlen(agency_code) >= sizeof out->agency_code)
		return err_set(e, ERR_NOTFOUND, "không có cơ quan mã %.40s...", agency_code);
	snprintf(out->agency_code, sizeof out->agency_code, "%s", agency_code ? agency_code : "");
	snprintf(out->state, sizeof out->state, "draft");
	if ((rc = approval_key(s, unit_code, p, agency_code, &unit_id, code, sizeof code, &agency_id, e)))
		return rc;
	if ((rc = store_int_cached(s,
				   "SELECT state, changed_by, changed_at, comment FROM approval"
				   " WHERE unit_id = ?1 AND period = ?2 AND agency_id = ?3",
				   &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, agency_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_int_col_text(st, 0, out->state, sizeof out->state);
		store_int_col_text(st, 1, out->by, sizeof out->by);
		out->at = db_col_int(st, 2);
		store_int_col_text(st, 3, out->comment, sizeof out->comment);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc trạng thái duyệt số liệu");
	}
	store_int_release(st);
	return rc;
}

int store_approval_keys(store *s, const char *unit_code, store_period_fn fn, void *ctx, err *e)
{
	int64_t unit_id = 0;
	db_stmt *st = NULL;
	int rc = store_int_unit_id(s, unit_code, &unit_id, e);
	if (rc || (rc = store_int_prepare(s,
					  "SELECT a.period, COALESCE(g.code, '') FROM approval a"
					  " LEFT JOIN agency g ON g.id = a.agency_id WHERE a.unit_id = ?1",
					  &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	return store_int_each_period(s, st, true, fn, ctx, "lỗi CSDL khi đọc trạng thái duyệt số liệu", e);
}

int store_approval_move(store *s, const char *unit_code, const period *p, const char *agency_code, const char *from,
			const char *to, const char *by, int64_t at, const char *comment, err *e)
{
	int64_t unit_id = 0, agency_id = 0;
	char code[32];
	db_stmt *st = NULL;
	int rc;
	if (strlen(by) >= WHO_MAX || strlen(comment) >= NOTE_MAX)
		return err_set(e, ERR_INVALID, "người duyệt hoặc ý kiến dài quá");
	if ((rc = approval_key(s, unit_code, p, agency_code, &unit_id, code, sizeof code, &agency_id, e)))
		return rc;
	if ((rc = store_begin(s, e)))
		return rc;
	/* the row as it stands must still be `from` (none stands for "draft") */
	const char *sql = strcmp(from, "draft")
				  ? "UPDATE approval SET state = ?3, changed_by = ?4, changed_at = ?5, comment = ?6"
				    " WHERE unit_id = ?1 AND period = ?2 AND agency_id = ?8 AND state = ?7"
				  : "INSERT INTO approval (unit_id, period, state, changed_by, changed_at, comment, agency_id)"
				    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8) ON CONFLICT (unit_id, period, agency_id) DO UPDATE"
				    " SET state = excluded.state, changed_by = excluded.changed_by,"
				    " changed_at = excluded.changed_at, comment = excluded.comment"
				    " WHERE approval.state = 'draft'";
	if ((rc = store_int_prepare(s, sql, &st, e)))
		goto fail;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, to);
	db_bind_text(st, 4, by);
	db_bind_int(st, 5, at);
	db_bind_text(st, 6, comment);
	if (strcmp(from, "draft"))
		db_bind_text(st, 7, from);
	db_bind_int(st, 8, agency_id);
	if (db_step(st) != DB_DONE) {
		rc = store_int_dberr(s, e, "không ghi được trạng thái duyệt số liệu");
		goto fail;
	}
	if (db_changes(s->db) != 1) {
		rc = err_set(e, ERR_CONFLICT, "số liệu kỳ %s của đơn vị %s%s%s vừa được người khác chuyển trạng thái; hãy xem lại",
			     code, unit_code, agency_id ? ", cơ quan " : "", agency_id ? agency_code : "");
		goto fail;
	}
	db_finalize(st);
	st = NULL;
	if ((rc = store_int_prepare(s,
				    "INSERT INTO approval_event (unit_id, period, from_state, to_state, by_user, at, comment,"
				    " agency_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				    &st, e)))
		goto fail;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_text(st, 5, by);
	db_bind_int(st, 6, at);
	db_bind_text(st, 7, comment);
	db_bind_int(st, 8, agency_id);
	if (db_step(st) != DB_DONE) {
		rc = store_int_dberr(s, e, "không ghi được lịch sử duyệt số liệu");
		goto fail;
	}
	db_finalize(st);
	return store_commit(s, e);
fail:
	db_finalize(st);
	store_rollback(s);
	return rc;
}

/* One row of the events into elem (a store_approval_event); a store_int_collect reader. */
static int read_event(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_approval_event *x = elem;
	(void)ctx;
	(void)e;
	memset(x, 0, sizeof *x);
	store_int_col_text(st, 0, x->from, sizeof x->from);
	store_int_col_text(st, 1, x->to, sizeof x->to);
	store_int_col_text(st, 2, x->by, sizeof x->by);
	x->at = db_col_int(st, 3);
	store_int_col_text(st, 4, x->comment, sizeof x->comment);
	return 0;
}

int store_approval_events(store *s, const char *unit_code, const period *p, const char *agency_code,
			  store_approval_event **out, size_t *n, err *e)
{
	int64_t unit_id = 0, agency_id = 0;
	char code[32];
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = approval_key(s, unit_code, p, agency_code, &unit_id, code, sizeof code, &agency_id, e)))
		return rc;
	if ((rc = store_int_prepare(s,
				    "SELECT from_state, to_state, by_user, at, comment FROM approval_event"
				    " WHERE unit_id = ?1 AND period = ?2 AND agency_id = ?3 ORDER BY id",
				    &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, agency_id);
	rc = store_int_collect(s, st, sizeof **out, read_event, NULL, "lịch sử duyệt số liệu", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

int store_approval_states(store *s, const int64_t *unit_ids, size_t n_units, int year, store_approval_state_cb cb,
			  void *ctx, err *e)
{
	db_stmt *st = NULL;
	int rc = 0;
	if (n_units == 0)
		return 0;
	/* periods are month codes "yyyymm": the year's lie between "yyyy01" and "yyyy12" */
	if ((rc = store_int_cached(s,
				   "SELECT unit_id, period, state FROM approval WHERE " STORE_IN_UNITS
				   " AND period >= CAST(?65 AS TEXT) AND period <= CAST(?66 AS TEXT) AND agency_id = 0",
				   &st, e)))
		return rc;
	char lo[16], hi[16];
	snprintf(lo, sizeof lo, "%04d01", year);
	snprintf(hi, sizeof hi, "%04d12", year);
	for (size_t i = 0; i < n_units && rc == 0; i += STORE_IN_N) {
		size_t k = n_units - i < STORE_IN_N ? n_units - i : STORE_IN_N;
		int step = DB_DONE;
		db_reset(st);
		for (size_t j = 0; j < STORE_IN_N; j++)
			db_bind_int(st, (int)j + 1, unit_ids[i + (j < k ? j : k - 1)]);
		db_bind_text(st, STORE_IN_N + 1, lo);
		db_bind_text(st, STORE_IN_N + 2, hi);
		while (rc == 0 && (step = db_step(st)) == DB_ROW) {
			char code[16], state[16];
			store_int_col_text(st, 1, code, sizeof code);
			store_int_col_text(st, 2, state, sizeof state);
			period p;
			if (period_parse(code, &p, NULL) != 0 || p.type != PERIOD_MONTH)
				continue;
			rc = cb(ctx, db_col_int(st, 0), p.index, state);
		}
		if (rc == 0 && step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc trạng thái duyệt số liệu");
	}
	store_int_release(st);
	return rc;
}
