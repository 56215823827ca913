/*
 * store_xmap.c - the rows of the DHIS2 exchange's mapping (schema v16,
 * exchange_map): DHIS2 identifiers to chitieu's unit and indicator codes.
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
