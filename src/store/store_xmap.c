/*
 * store_xmap.c - the rows of the DHIS2 exchange's mapping (schema v16,
 * exchange_map): DHIS2 identifiers to chitieu's unit and indicator codes.
 *
 * Also DHIS2's follow-up flag of a value (value_followup, the same step).
 *
 * Rows only, in SQL both engines accept: what a row may hold and how an
 * import or an export uses the mapping live in src/core/xmap.c.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#define XMAP_COLS "kind, uid, coc, aoc, code, name, target, changed_by, changed_at"

/* One row of XMAP_COLS into elem (a store_xmap); a store_int_collect reader. */
static int read_xmap(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_xmap *m = elem;
	(void)ctx;
	(void)e;
	store_int_col_text(st, 0, m->kind, sizeof m->kind);
	store_int_col_text(st, 1, m->uid, sizeof m->uid);
	store_int_col_text(st, 2, m->coc, sizeof m->coc);
	store_int_col_text(st, 3, m->aoc, sizeof m->aoc);
	store_int_col_text(st, 4, m->code, sizeof m->code);
	store_int_col_text(st, 5, m->name, sizeof m->name);
	store_int_col_text(st, 6, m->target, sizeof m->target);
	store_int_col_text(st, 7, m->changed_by, sizeof m->changed_by);
	m->changed_at = db_col_int(st, 8);
	return 0;
}

int store_xmap_list(store *s, const char *kind, store_xmap **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	*out = NULL;
	*n = 0;
	int rc = store_int_prepare(s,
				   kind ? "SELECT " XMAP_COLS " FROM exchange_map WHERE kind = ?1"
					  " ORDER BY kind, uid, coc, aoc"
					: "SELECT " XMAP_COLS " FROM exchange_map ORDER BY kind, uid, coc, aoc",
				   &st, e);
	if (rc)
		return rc;
	if (kind)
		db_bind_text(st, 1, kind);
	rc = store_int_collect(s, st, sizeof **out, read_xmap, NULL, "bảng ánh xạ DHIS2", (void **)out, n, e);
	db_finalize(st);
	return rc;
}

int store_xmap_put(store *s, const store_xmap *m, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO exchange_map (" XMAP_COLS ")"
				       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
				       " ON CONFLICT (kind, uid, coc, aoc) DO UPDATE SET code = excluded.code,"
				       " name = excluded.name, target = excluded.target,"
				       " changed_by = excluded.changed_by, changed_at = excluded.changed_at",
				       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, m->kind);
	db_bind_text(st, 2, m->uid);
	db_bind_text(st, 3, m->coc);
	db_bind_text(st, 4, m->aoc);
	db_bind_text(st, 5, m->code);
	db_bind_text(st, 6, m->name);
	db_bind_text(st, 7, m->target);
	db_bind_text(st, 8, m->changed_by);
	db_bind_int(st, 9, store_int_now(s));
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được bảng ánh xạ DHIS2");
	db_finalize(st);
	return rc;
}

int store_xmap_delete(store *s, const char *kind, const char *uid, const char *coc, const char *aoc,
		      bool *found, err *e)
{
	db_stmt *st = NULL;
	*found = false;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "DELETE FROM exchange_map WHERE kind = ?1 AND uid = ?2 AND coc = ?3 AND aoc = ?4"
				       " RETURNING uid",
				       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, uid);
	db_bind_text(st, 3, coc ? coc : "");
	db_bind_text(st, 4, aoc ? aoc : "");
	for (;;) {
		rc = db_step(st);
		if (rc == DB_ROW) {
			*found = true;
			continue;
		}
		rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "không xóa được dòng của bảng ánh xạ DHIS2");
		break;
	}
	db_finalize(st);
	return rc;
}

int store_int_followup_delete(store *s, int64_t unit_id, int year, int64_t ind_id, int month, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s,
				  "DELETE FROM value_followup WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3"
				  " AND month = ?4",
				  &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, ind_id);
	db_bind_int(st, 4, month);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không xóa được cờ theo dõi (followup)");
	store_int_release(st);
	return rc;
}

int store_value_followup_set(store *s, const store_cell *c, bool on, const char *by, err *e)
{
	int rc = store_int_write_guard(s, e);
	if (rc || !on)
		return rc ? rc : store_int_followup_delete(s, c->unit_id, c->year, c->indicator_id, c->month, e);
	db_stmt *st = NULL;
	if ((rc = store_int_cached(s,
				   "INSERT INTO value_followup (unit_id, year, indicator_id, month, set_by, set_at)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unit_id, year, indicator_id, month)"
				   " DO UPDATE SET set_by = excluded.set_by, set_at = excluded.set_at",
				   &st, e)))
		return rc;
	db_bind_int(st, 1, c->unit_id);
	db_bind_int(st, 2, c->year);
	db_bind_int(st, 3, c->indicator_id);
	db_bind_int(st, 4, c->month);
	db_bind_text(st, 5, by ? by : "");
	db_bind_int(st, 6, store_int_now(s));
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được cờ theo dõi (followup)");
	store_int_release(st);
	return rc;
}

int store_value_followup_each(store *s, store_followup_cb cb, void *ctx, err *e)
{
	db_stmt *st = NULL;
	int rc, step;
	if ((rc = store_int_cached(s,
				   "SELECT i.code, u.code, f.year, f.month FROM value_followup f"
				   " JOIN indicator i ON i.id = f.indicator_id JOIN unit u ON u.id = f.unit_id",
				   &st, e)))
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		char ind[CODE_MAX], un[CODE_MAX];
		store_int_col_text(st, 0, ind, sizeof ind);
		store_int_col_text(st, 1, un, sizeof un);
		if ((rc = cb(ctx, ind, un, (int)db_col_int(st, 2), (int)db_col_int(st, 3))))
			break;
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc cờ theo dõi (followup)");
	store_int_release(st);
	return rc;
}
