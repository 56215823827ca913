/*
 * store_sources.c - the settings of own or aggregated figures (schema v13,
 * table figure_source): one row per (indicator, unit) or (indicator,
 * level). The rule that turns a setting into the source used is
 * core/source.c's; the roll-ups (store_rollup.c) ask it through
 * store_int_source_own.
 *
 * Not for: deciding the rule, who may change a setting (auth, the faces).
 */
#include "store/store_int.h"
#include "store/store_rollup.h"

#include <stdlib.h>
#include <string.h>

static int read_rule(db_stmt *st, fig_source_rule *r, err *e)
{
	char src[16], type[32];
	memset(r, 0, sizeof *r);
	r->indicator_id = db_col_int(st, 0);
	store_int_col_text(st, 1, r->indicator_code, sizeof r->indicator_code);
	r->unit_id = db_col_int(st, 2);
	store_int_col_text(st, 3, r->unit_code, sizeof r->unit_code);
	store_int_col_text(st, 4, type, sizeof type);
	store_int_col_text(st, 5, src, sizeof src);
	store_int_col_text(st, 6, r->by, sizeof r->by);
	r->at = db_col_int(st, 7);
	if (fig_source_from_code(src, &r->source, e) != 0 || r->source == FIG_DEFAULT)
		return err_set(e, ERR_DB, "bảng figure_source có nguồn \"%s\" không hợp lệ (CSDL hỏng?)", src);
	if (!r->unit_id && unit_type_from_code(type, &r->level, e) != 0)
		return err_set(e, ERR_DB, "bảng figure_source có cấp \"%s\" không hợp lệ (CSDL hỏng?)", type);
	return 0;
}

int store_sources_list(store *s, fig_source_rule **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	size_t cap = 0;
	int rc, step;
	*out = NULL;
	*n = 0;
	if ((rc = store_int_cached(s,
				   "SELECT f.indicator_id, i.code, f.unit_id, COALESCE(u.code, ''),"
				   " f.unit_type, f.source, f.set_by, f.set_at"
				   " FROM figure_source f JOIN indicator i ON i.id = f.indicator_id"
				   " LEFT JOIN unit u ON u.id = f.unit_id"
				   " ORDER BY i.code, COALESCE(u.code, ''), f.unit_type",
				   &st, e)) != 0)
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			fig_source_rule *p = realloc(*out, nc * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc nguồn số liệu");
				break;
			}
			*out = p;
			cap = nc;
		}
		if ((rc = read_rule(st, &(*out)[*n], e)) != 0)
			break;
		(*n)++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc nguồn số liệu");
	store_int_release(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_int_source_own(store *s, int64_t unit_id, int64_t ind_id, bool *own, err *e)
{
	db_stmt *st = NULL;
	int rc;
	*own = true;
	if ((rc = store_int_cached(s,
				   "SELECT i.rollup, i.kind, i.numerator_id, i.denominator_id, i.weight_id,"
				   " EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = u.id),"
				   " (SELECT f.source FROM figure_source f WHERE f.indicator_id = i.id"
				   "  AND (f.unit_id = u.id OR (f.unit_id = 0 AND f.unit_type = u.type))"
				   "  ORDER BY f.unit_id DESC LIMIT 1)"
				   " FROM unit u, indicator i WHERE u.id = ?1 AND i.id = ?2",
				   &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, ind_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		indicator ind;
		char roll[16], kind[16], src[16];
		fig_source set = FIG_DEFAULT;
		err ign;
		memset(&ind, 0, sizeof ind);
		store_int_col_text(st, 0, roll, sizeof roll);
		store_int_col_text(st, 1, kind, sizeof kind);
		(void)rollup_from_code(roll, &ind.rollup, &ign);
		(void)ind_kind_from_code(kind, &ind.kind, &ign);
		/* the rule asks only whether the references exist */
		if (!db_col_null(st, 2))
			ind.numerator[0] = '?';
		if (!db_col_null(st, 3))
			ind.denominator[0] = '?';
		if (!db_col_null(st, 4))
			ind.weight[0] = '?';
		if (!db_col_null(st, 6)) {
			store_int_col_text(st, 6, src, sizeof src);
			(void)fig_source_from_code(src, &set, &ign);
		}
		*own = fig_source_effective(&ind, db_col_int(st, 5) != 0, set) == FIG_OWN;
		rc = 0;
	} else {
		rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc nguồn số liệu");
	}
	store_int_release(st);
	return rc;
}

int store_source_own(store *s, int64_t unit_id, int64_t ind_id, bool *own, err *e)
{
	return store_int_source_own(s, unit_id, ind_id, own, e);
}

int store_source_of(store *s, const char *indicator_code, const char *unit_code, fig_source *used,
		    fig_source *set, err *e)
{
	indicator ind;
	unit u;
	fig_source_rule *rules = NULL;
	size_t n = 0;
	int rc;
	bool own = true;
	*set = FIG_DEFAULT;
	if ((rc = store_indicator_get(s, indicator_code, &ind, e)) != 0 ||
	    (rc = store_unit_get(s, unit_code, &u, e)) != 0 ||
	    (rc = store_int_source_own(s, u.id, ind.id, &own, e)) != 0 ||
	    (rc = store_sources_list(s, &rules, &n, e)) != 0)
		return rc;
	fig_source_table *t = NULL;
	if ((rc = fig_source_table_new(rules, n, &t, e)) == 0)
		*set = fig_source_lookup(t, ind.id, u.id, u.type);
	fig_source_table_free(t);
	free(rules);
	*used = own ? FIG_OWN : FIG_AGGREGATED;
	return rc;
}

/* Inside the transaction: the row written or removed. */
static int source_write(store *s, int64_t ind_id, int64_t unit_id, const char *type, fig_source src,
			const char *by, int64_t at, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(s,
				   "DELETE FROM figure_source"
				   " WHERE indicator_id = ?1 AND unit_id = ?2 AND unit_type = ?3",
				   &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, ind_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, type);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được nguồn số liệu");
	db_finalize(st);
	if (rc || src == FIG_DEFAULT)
		return rc;
	if ((rc = store_int_prepare(s,
				    "INSERT INTO figure_source"
				    " (indicator_id, unit_id, unit_type, source, set_by, set_at)"
				    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, ind_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, type);
	db_bind_text(st, 4, fig_source_code(src));
	db_bind_text(st, 5, by ? by : "");
	db_bind_int(st, 6, at);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được nguồn số liệu");
	db_finalize(st);
	return rc;
}

/* One (unit, year) whose effective months a setting may change, with them before. */
typedef struct src_cell {
	int64_t unit_id;
	int year;
	rl_eff old;
} src_cell;

/*
 * The (unit, year) pairs a setting of ind_id at unit_id (or, unit_id 0, at
 * every unit of `type` with units below) may change: the years in which such
 * a unit has own values or a roll-up of the indicator. *out malloc'd.
 */
static int src_cells(store *s, int64_t ind_id, int64_t unit_id, const char *type, src_cell **out, size_t *n,
		     err *e)
{
	db_stmt *st = NULL;
	size_t cap = 0;
	int rc, step;
	*out = NULL;
	*n = 0;
	if ((rc = store_int_prepare(s,
				    "SELECT x.unit_id, x.year FROM ("
				    " SELECT unit_id, year FROM value_year WHERE indicator_id = ?1"
				    " UNION SELECT unit_id, year FROM value_rollup WHERE indicator_id = ?1) x"
				    " JOIN unit u ON u.id = x.unit_id"
				    " WHERE (?2 <> 0 AND u.id = ?2) OR (?2 = 0 AND u.type = ?3"
				    "  AND EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = u.id))"
				    " ORDER BY x.unit_id, x.year",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, ind_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, type);
	while ((step = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			src_cell *p = realloc(*out, nc * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đặt nguồn số liệu");
				break;
			}
			*out = p;
			cap = nc;
		}
		(*out)[*n].unit_id = db_col_int(st, 0);
		(*out)[*n].year = (int)db_col_int(st, 1);
		(*n)++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_int_dberr(s, e, "lỗi CSDL khi đặt nguồn số liệu");
	db_finalize(st);
	return rc;
}

/*
 * Inside the transaction: the setting written, and the roll-ups above the
 * units it concerns moved by the difference of their effective months, as a
 * write of values moves them (store_rollup_int_change): only the affected
 * ancestors' rows of this one indicator, not a rebuild. Stale roll-ups are
 * left to their rebuild.
 */
static int source_apply(store *s, int64_t ind_id, int64_t unit_id, const char *type, fig_source src,
			const char *by, int64_t at, err *e)
{
	bool stale = true;
	src_cell *c = NULL;
	size_t n = 0;
	int rc = store_rollup_int_stale(s, &stale, e);
	if (rc == 0 && !stale)
		rc = src_cells(s, ind_id, unit_id, type, &c, &n, e);
	for (size_t k = 0; k < n && rc == 0; k++)
		rc = store_rollup_int_eff(s, c[k].unit_id, c[k].year, ind_id, &c[k].old, e);
	if (rc == 0)
		rc = source_write(s, ind_id, unit_id, type, src, by, at, e);
	for (size_t k = 0; k < n && rc == 0; k++) {
		rl_eff now;
		if ((rc = store_rollup_int_eff(s, c[k].unit_id, c[k].year, ind_id, &now, e)) == 0)
			rc = store_rollup_int_change(s, c[k].unit_id, c[k].year, ind_id, &c[k].old, &now, e);
	}
	free(c);
	return rc;
}

int store_source_set(store *s, const char *indicator_code, const char *unit_code, unit_type level,
		     fig_source src, const char *by, int64_t at, err *e)
{
	indicator ind;
	unit u;
	int64_t unit_id = 0;
	const char *type = "";
	int rc;
	if ((rc = store_indicator_get(s, indicator_code, &ind, e)) != 0 ||
	    (rc = fig_source_check(&ind, src, e)) != 0)
		return rc;
	if (unit_code && unit_code[0]) {
		if ((rc = store_unit_get(s, unit_code, &u, e)) != 0)
			return rc;
		unit_id = u.id;
	} else {
		type = unit_type_code(level);
		if (!type || !type[0])
			return err_set(e, ERR_INVALID, "thiếu đơn vị (--unit) hoặc cấp (--level) của nguồn số liệu");
	}
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	if ((rc = source_apply(s, ind.id, unit_id, type, src, by, at, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}
