/*
 * store_catalog.c - indicators and targets, on either engine.
 *
 * Enumerations are stored as their English codes (model.h *_code) and read
 * back with *_from_code; references (agency, numerator, denominator, weight,
 * indicator and unit of a target) are foreign keys resolved from codes here.
 * The rules that look at other records (an indicator naming itself, fields
 * locked by values, a target's unit absent during its years) are
 * core/catalog_rules.c's: this file reads their facts in the write's
 * transaction, calls them, and writes.
 * Not for: checking an indicator's or target's own consistency (model.c's
 * indicator_check / target_check do that) or values (store_values.c).
 */
#include "store/store_int.h"

#include "core/catalog_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- indicators ------------------------------------------------------- */

#define IND_COLS                                                                          \
	"SELECT i.id, i.code, i.name_vi, i.name_en, i.uom, i.uom_scale, i.decimals,"       \
	" i.sector, i.kind, i.direction, i.rollup, i.freq, a.code, n.code, d.code,"       \
	" i.ratio_scale, w.code, i.sort_order, i.value_type, i.min_value, i.max_value,"    \
	" i.synonyms"                                                                         \
	" FROM indicator i LEFT JOIN agency a ON a.id = i.agency_id"                       \
	" LEFT JOIN indicator n ON n.id = i.numerator_id"                                  \
	" LEFT JOIN indicator d ON d.id = i.denominator_id"                                \
	" LEFT JOIN indicator w ON w.id = i.weight_id"

/* Reads one row of IND_COLS into elem (an indicator); a store_int_collect reader. */
static int read_indicator(db_stmt *st, void *elem, void *ctx, err *e)
{
	indicator *ind = elem;
	char t[5][32];
	(void)ctx;
	memset(ind, 0, sizeof *ind);
	ind->id = db_col_int(st, 0);
	store_int_col_text(st, 1, ind->code, sizeof ind->code);
	store_int_col_text(st, 2, ind->name_vi, sizeof ind->name_vi);
	store_int_col_text(st, 3, ind->name_en, sizeof ind->name_en);
	store_int_col_text(st, 4, ind->uom, sizeof ind->uom);
	ind->uom_scale = (int)db_col_int(st, 5);
	ind->decimals = (int)db_col_int(st, 6);
	for (int i = 0; i < 5; i++)
		store_int_col_text(st, 7 + i, t[i], sizeof t[i]);
	store_int_col_text(st, 12, ind->agency_code, sizeof ind->agency_code);
	store_int_col_text(st, 13, ind->numerator, sizeof ind->numerator);
	store_int_col_text(st, 14, ind->denominator, sizeof ind->denominator);
	ind->ratio_scale = (int)db_col_int(st, 15);
	store_int_col_text(st, 16, ind->weight, sizeof ind->weight);
	ind->sort_order = (int)db_col_int(st, 17);
	char vt[32];
	store_int_col_text(st, 18, vt, sizeof vt);
	ind->has_min = !db_col_null(st, 19);
	ind->min = ind->has_min ? db_col_int(st, 19) : 0;
	ind->has_max = !db_col_null(st, 20);
	ind->max = ind->has_max ? db_col_int(st, 20) : 0;
	store_int_col_text(st, 21, ind->synonyms, sizeof ind->synonyms);
	if (value_type_from_code(vt, &ind->value_type, e) != 0) {
		char why[ERR_MSG_MAX];
		snprintf(why, sizeof why, "%s", e ? e->msg : "");
		return err_set(e, ERR_DB, "chỉ tiêu %s trong CSDL có kiểu giá trị không hợp lệ (%s)", ind->code, why);
	}
	if (sector_from_code(t[0], &ind->sector, e) != 0 ||
	    ind_kind_from_code(t[1], &ind->kind, e) != 0 ||
	    direction_from_code(t[2], &ind->direction, e) != 0 ||
	    rollup_from_code(t[3], &ind->rollup, e) != 0 || freq_from_code(t[4], &ind->freq, e) != 0) {
		char why[ERR_MSG_MAX]; /* e->msg cannot be both source and target of err_set */
		snprintf(why, sizeof why, "%s", e ? e->msg : "");
		return err_set(e, ERR_DB, "chỉ tiêu %s trong CSDL có mã phân loại không hợp lệ (%s)",
			       ind->code, why);
	}
	return 0;
}

static int load_indicators(store *s, const char *code, indicator **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc = store_int_cached(s, code ? IND_COLS " WHERE i.code = ?1" : IND_COLS, &st, e);
	if (rc)
		return rc;
	if (code)
		db_bind_text(st, 1, code);
	rc = store_int_collect(s, st, sizeof **out, read_indicator, NULL, "chỉ tiêu", &arr, n, e);
	store_int_release(st);
	*out = arr;
	return rc;
}

int store_indicator_get(store *s, const char *code, indicator *out, err *e)
{
	indicator *arr = NULL;
	size_t n = 0;
	int rc = load_indicators(s, code, &arr, &n, e);
	if (rc)
		return rc;
	if (!store_int_take_first(arr, n, sizeof *out, out))
		return err_set(e, ERR_NOTFOUND, "không có chỉ tiêu mã \"%s\"", code);
	return 0;
}

/* Sector (enum order), sort_order, code. */
static int ind_order(const void *a, const void *b)
{
	const indicator *x = a, *y = b;
	if (x->sector != y->sector)
		return x->sector < y->sector ? -1 : 1;
	if (x->sort_order != y->sort_order)
		return x->sort_order < y->sort_order ? -1 : 1;
	return strcmp(x->code, y->code);
}

int store_indicator_list(store *s, indicator **out, size_t *n, err *e)
{
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = load_indicators(s, NULL, out, n, e)) != 0)
		return rc;
	if (*n > 1)
		qsort(*out, *n, sizeof **out, ind_order);
	return 0;
}

/* Binds the id of an indicator code, NULL for "". */
static int bind_ref(store *s, db_stmt *st, int idx, const indicator *ind, const char *code,
		    const char *field, err *e)
{
	int64_t id;
	int rc;
	if (!code[0])
		return db_bind_null(st, idx) == 0 ? 0 : ERR_DB;
	if ((rc = store_int_indicator_key(s, code, &id, NULL, e)) != 0)
		return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND,
						    "chỉ tiêu %s: %s \"%s\" không tồn tại", ind->code,
						    field, code)
					  : rc;
	db_bind_int(st, idx, id);
	return 0;
}

/* Whether indicator id has at least one value. */
static int has_values(store *s, int64_t id, bool *out, err *e)
{
	db_stmt *st = NULL;
	int rc;
	if ((rc = store_int_values_sync(s, e)) != 0 ||
	    (rc = store_int_prepare(s, "SELECT 1 FROM value_year WHERE indicator_id = ?1 LIMIT 1",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	*out = rc == DB_ROW;
	if (rc == DB_ROW || rc == DB_DONE)
		rc = 0;
	else
		rc = store_int_dberr(s, e, "lỗi CSDL khi kiểm tra số liệu của chỉ tiêu");
	db_finalize(st);
	return rc;
}

/*
 * The rule of fields locked by values (catalog_rules_locked_fields) on the
 * stored indicator with ind's code, if any; whether it has values is read
 * only when one of those fields changes.
 */
static int check_locked_fields(store *s, const indicator *ind, err *e)
{
	indicator old;
	bool any = false;
	int rc = store_indicator_get(s, ind->code, &old, e);
	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		return 0;
	}
	if (rc)
		return rc;
	if (!catalog_rules_meaning_changed(&old, ind))
		return 0;
	if ((rc = has_values(s, old.id, &any, e)) != 0)
		return rc;
	return catalog_rules_locked_fields(&old, ind, any, e);
}

static int indicator_put_checked(store *s, indicator *ind, err *e)
{
	db_stmt *st = NULL;
	int rc;

	if ((rc = check_locked_fields(s, ind, e)) != 0)
		return rc;
	rc = store_int_prepare(
		s,
		"INSERT INTO indicator (code, name_vi, name_en, uom, uom_scale, decimals, sector,"
		" kind, direction, rollup, freq, agency_id, numerator_id, denominator_id,"
		" ratio_scale, weight_id, sort_order, value_type, min_value, max_value, synonyms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21)"
		" ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi,"
		" name_en = excluded.name_en, uom = excluded.uom, uom_scale = excluded.uom_scale,"
		" decimals = excluded.decimals, sector = excluded.sector, kind = excluded.kind,"
		" direction = excluded.direction, rollup = excluded.rollup, freq = excluded.freq,"
		" agency_id = excluded.agency_id, numerator_id = excluded.numerator_id,"
		" denominator_id = excluded.denominator_id, ratio_scale = excluded.ratio_scale,"
		" weight_id = excluded.weight_id, sort_order = excluded.sort_order,"
		" value_type = excluded.value_type, min_value = excluded.min_value,"
		" max_value = excluded.max_value, synonyms = excluded.synonyms"
		" RETURNING id",
		&st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, ind->code);
	db_bind_text(st, 2, ind->name_vi);
	db_bind_text(st, 3, ind->name_en);
	db_bind_text(st, 4, ind->uom);
	db_bind_int(st, 5, ind->uom_scale);
	db_bind_int(st, 6, ind->decimals);
	db_bind_text(st, 7, sector_code(ind->sector));
	db_bind_text(st, 8, ind_kind_code(ind->kind));
	db_bind_text(st, 9, direction_code(ind->direction));
	db_bind_text(st, 10, rollup_code(ind->rollup));
	db_bind_text(st, 11, freq_code(ind->freq));
	if (ind->agency_code[0]) {
		agency a;
		if ((rc = store_agency_get(s, ind->agency_code, &a, e)) != 0) {
			if (rc == ERR_NOTFOUND)
				rc = err_set(e, ERR_NOTFOUND,
					     "chỉ tiêu %s: cơ quan chủ trì (agency) \"%s\" không tồn tại",
					     ind->code, ind->agency_code);
			goto done;
		}
		db_bind_int(st, 12, a.id);
	} else {
		db_bind_null(st, 12);
	}
	if ((rc = catalog_rules_indicator_refs(ind, e)) != 0 ||
	    (rc = bind_ref(s, st, 13, ind, ind->numerator, "tử số (numerator)", e)) != 0 ||
	    (rc = bind_ref(s, st, 14, ind, ind->denominator, "mẫu số (denominator)", e)) != 0)
		goto done;
	db_bind_int(st, 15, ind->ratio_scale);
	if ((rc = bind_ref(s, st, 16, ind, ind->weight, "trọng số (weight)", e)) != 0)
		goto done;
	db_bind_int(st, 17, ind->sort_order);
	db_bind_text(st, 18, value_type_code(ind->value_type));
	if (ind->has_min)
		db_bind_int(st, 19, ind->min);
	else
		db_bind_null(st, 19);
	if (ind->has_max)
		db_bind_int(st, 20, ind->max);
	else
		db_bind_null(st, 20);
	db_bind_text(st, 21, ind->synonyms);
	if (db_step(st) == DB_ROW) {
		ind->id = db_col_int(st, 0);
		db_step(st);
	} else {
		rc = store_int_dberr(s, e, "không ghi được chỉ tiêu");
		err_prefix(e, "chỉ tiêu %s: ", ind->code);
	}
done:
	db_finalize(st);
	return rc;
}

/* An indicator whose rule of aggregation changes (core/source.h) changes
 * what a unit with units below passes up: the roll-ups are marked stale,
 * to be rebuilt (chitieu init), when it already has values. */
static int rollups_follow_change(store *s, const indicator *old, const indicator *now, err *e)
{
	bool any = false;
	db_stmt *st = NULL;
	int rc;
	if (fig_source_aggregates(old) == fig_source_aggregates(now) ||
	    (rc = has_values(s, old->id, &any, e)) != 0 || !any)
		return 0;
	if ((rc = store_int_prepare(s, "UPDATE rollup_state SET stale = 1", &st, e)) != 0)
		return rc;
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được trạng thái tổng hợp");
	db_finalize(st);
	return rc;
}

int store_indicator_put(store *s, indicator *ind, err *e)
{
	int rc;
	indicator old;
	bool had = false;
	if ((rc = indicator_check(ind, e)) != 0)
		return rc;
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	rc = store_indicator_get(s, ind->code, &old, e);
	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		rc = 0;
	} else if (rc == 0) {
		had = true;
	}
	if (rc == 0)
		rc = indicator_put_checked(s, ind, e);
	if (rc == 0 && had)
		rc = rollups_follow_change(s, &old, ind, e);
	if (rc) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}

/* ---- targets ---------------------------------------------------------- */

/* Resolves the indicator code of a target to its id and reads its unit
 * (the id, and the window catalog_rules_target_unit looks at). */
static int target_refs(store *s, const target *t, int64_t *ind_id, unit *u, err *e)
{
	int rc;
	if ((rc = store_int_indicator_key(s, t->indicator_code, ind_id, NULL, e)) != 0 ||
	    (rc = store_unit_get(s, t->unit_code, u, e)) != 0)
		return err_prefix(e, "chỉ tiêu giao %s/%s: ", t->indicator_code, t->unit_code);
	return 0;
}

/* "KT01/06 2021-2025" for messages about one target. */
#define TGT_FMT "chỉ tiêu giao %s/%s năm %d-%d: "
#define TGT_ARGS(t) (t)->indicator_code, (t)->unit_code, (t)->year_from, (t)->year_to

/* Binds the five key columns ?1..?5 of a target. */
static void bind_target_key(db_stmt *st, int64_t ind_id, int64_t unit_id, const target *t)
{
	db_bind_int(st, 1, ind_id);
	db_bind_int(st, 2, unit_id);
	db_bind_int(st, 3, t->year_from);
	db_bind_int(st, 4, t->year_to);
	db_bind_text(st, 5, target_source_code(t->source));
}

/* Reads the target row with t's key into *old (key fields copied from t). */
static int target_read(store *s, int64_t ind_id, int64_t unit_id, const target *t, bool *found,
		       target *old, err *e)
{
	db_stmt *st = NULL;
	char kind[32];
	int rc = store_int_prepare(s,
				   "SELECT id, kind, amount, baseline, total, note FROM target"
				   " WHERE indicator_id = ?1 AND unit_id = ?2 AND year_from = ?3"
				   " AND year_to = ?4 AND source = ?5",
				   &st, e);
	if (rc)
		return rc;
	bind_target_key(st, ind_id, unit_id, t);
	*found = false;
	*old = *t;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*found = true;
		old->id = db_col_int(st, 0);
		store_int_col_text(st, 1, kind, sizeof kind);
		old->value = db_col_int(st, 2);
		old->has_baseline = !db_col_null(st, 3);
		old->baseline = old->has_baseline ? db_col_int(st, 3) : 0;
		old->total = db_col_int(st, 4);
		store_int_col_text(st, 5, old->note, sizeof old->note);
		rc = target_kind_from_code(kind, &old->kind, e) == 0
			     ? 0
			     : err_set(e, ERR_DB, TGT_FMT "loại \"%s\" không hợp lệ trong CSDL",
				       TGT_ARGS(t), kind);
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc chỉ tiêu giao");
	}
	db_finalize(st);
	return rc;
}

/* Whether two targets with the same key hold the same figures. */
static bool target_same(const target *a, const target *b)
{
	return a->kind == b->kind && a->value == b->value && a->has_baseline == b->has_baseline &&
	       (!a->has_baseline || a->baseline == b->baseline) && a->total == b->total &&
	       strcmp(a->note, b->note) == 0;
}

/* Binds kind, value, baseline, total, note of t from parameter idx on. */
static void bind_target_fields(db_stmt *st, int idx, const target *t)
{
	db_bind_text(st, idx, target_kind_code(t->kind));
	db_bind_int(st, idx + 1, t->value);
	if (t->has_baseline)
		db_bind_int(st, idx + 2, t->baseline);
	else
		db_bind_null(st, idx + 2);
	db_bind_int(st, idx + 3, t->total);
	db_bind_text(st, idx + 4, t->note);
}

/* Appends one row to target_audit: old -> now (NULL now = deleted). */
static int target_audit_write(store *s, int64_t ind_id, int64_t unit_id, const target *old,
			      const target *now, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(
		s,
		"INSERT INTO target_audit (indicator_id, unit_id, year_from, year_to, source,"
		" old_kind, old_value, old_baseline, old_total, old_note,"
		" new_kind, new_value, new_baseline, new_total, new_note, changed_by, changed_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
		&st, e);
	if (rc)
		return rc;
	bind_target_key(st, ind_id, unit_id, old);
	bind_target_fields(st, 6, old);
	if (now)
		bind_target_fields(st, 11, now); /* else ?11..?15 stay NULL */
	db_bind_text(st, 16, s->actor);
	db_bind_int(st, 17, (int64_t)time(NULL));
	if (db_step(st) != DB_DONE) {
		rc = store_int_dberr(s, e, "không ghi được nhật ký sửa chỉ tiêu giao");
		err_prefix(e, TGT_FMT, TGT_ARGS(old));
	}
	db_finalize(st);
	return rc;
}

/* store_target_put inside its transaction. */
static int target_put_locked(store *s, target *t, err *e)
{
	db_stmt *st = NULL;
	int64_t ind_id;
	unit u;
	target old;
	bool found = false;
	int rc;

	if ((rc = target_refs(s, t, &ind_id, &u, e)) != 0 ||
	    (rc = catalog_rules_target_unit(t, &u, e)) != 0)
		return rc;
	if ((rc = target_read(s, ind_id, u.id, t, &found, &old, e)) != 0)
		return rc;
	if (found && target_same(&old, t)) {
		t->id = old.id; /* unchanged: nothing written, nothing audited */
		return 0;
	}
	rc = store_int_prepare(s,
			       "INSERT INTO target (indicator_id, unit_id, year_from, year_to, source,"
			       " kind, amount, baseline, total, note)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
			       " ON CONFLICT (indicator_id, unit_id, year_from, year_to, source)"
			       " DO UPDATE SET kind = excluded.kind, amount = excluded.amount,"
			       " baseline = excluded.baseline, total = excluded.total,"
			       " note = excluded.note RETURNING id",
			       &st, e);
	if (rc)
		return rc;
	bind_target_key(st, ind_id, u.id, t);
	bind_target_fields(st, 6, t);
	if (db_step(st) == DB_ROW) {
		t->id = db_col_int(st, 0);
		db_step(st);
	} else {
		rc = store_int_dberr(s, e, "không ghi được chỉ tiêu giao (target)");
		err_prefix(e, "%s/%s %d-%d: ", TGT_ARGS(t));
	}
	db_finalize(st);
	if (rc == 0 && found)
		rc = target_audit_write(s, ind_id, u.id, &old, t, e);
	return rc;
}

int store_target_put(store *s, target *t, err *e)
{
	int rc;

	if ((rc = target_check(t, e)) != 0)
		return rc;
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	if ((rc = target_put_locked(s, t, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}

/* store_target_delete inside its transaction. */
static int target_delete_locked(store *s, const target *key, err *e)
{
	db_stmt *st = NULL;
	int64_t ind_id;
	unit u;
	target old;
	bool found = false;
	int rc;

	if ((rc = target_refs(s, key, &ind_id, &u, e)) != 0)
		return rc;
	if ((rc = target_read(s, ind_id, u.id, key, &found, &old, e)) != 0)
		return rc;
	if (!found)
		return err_set(e, ERR_NOTFOUND,
			       "không có chỉ tiêu giao %s cho đơn vị %s, năm %d-%d, nguồn %s",
			       key->indicator_code, key->unit_code, key->year_from, key->year_to,
			       target_source_code(key->source));
	rc = store_int_prepare(s,
			       "DELETE FROM target WHERE indicator_id = ?1 AND unit_id = ?2"
			       " AND year_from = ?3 AND year_to = ?4 AND source = ?5",
			       &st, e);
	if (rc)
		return rc;
	bind_target_key(st, ind_id, u.id, key);
	if (db_step(st) != DB_DONE) {
		rc = store_int_dberr(s, e, "không xóa được chỉ tiêu giao (target)");
		err_prefix(e, TGT_FMT, TGT_ARGS(key));
	}
	db_finalize(st);
	if (rc == 0)
		rc = target_audit_write(s, ind_id, u.id, &old, NULL, e);
	return rc;
}

int store_target_delete(store *s, const target *key, err *e)
{
	int rc;
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	if ((rc = target_delete_locked(s, key, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}

/* Reads kind..note of an audit row from column col on into t; false on a bad code. */
static bool read_audit_side(db_stmt *st, int col, target *t)
{
	char kind[32];
	store_int_col_text(st, col, kind, sizeof kind);
	t->value = db_col_int(st, col + 1);
	t->has_baseline = !db_col_null(st, col + 2);
	t->baseline = t->has_baseline ? db_col_int(st, col + 2) : 0;
	t->total = db_col_int(st, col + 3);
	store_int_col_text(st, col + 4, t->note, sizeof t->note);
	return target_kind_from_code(kind, &t->kind, NULL) == 0;
}

/* Reads one target_audit row into elem; ctx is the target key (codes, years). */
static int read_target_audit(db_stmt *st, void *elem, void *ctx, err *e)
{
	target_audit *a = elem;
	const target *key = ctx;
	char source[32];
	a->old_target = *key;
	store_int_col_text(st, 0, source, sizeof source);
	bool ok = target_source_from_code(source, &a->old_target.source, NULL) == 0 &&
		  read_audit_side(st, 1, &a->old_target);
	a->had_old = true;
	a->has_new = !db_col_null(st, 6);
	a->new_target = *key; /* figures stay zero for a delete */
	a->new_target.source = a->old_target.source;
	if (a->has_new)
		ok = ok && read_audit_side(st, 6, &a->new_target);
	if (!ok)
		return err_set(e, ERR_DB, TGT_FMT "nhật ký sửa có loại/nguồn không hợp lệ trong CSDL",
			       TGT_ARGS(key));
	store_int_col_text(st, 11, a->by, sizeof a->by);
	a->at = db_col_int(st, 12);
	return 0;
}

int store_target_history(store *s, const char *indicator_code, const char *unit_code,
			 int year_from, int year_to, target_audit **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int64_t ind_id;
	unit u;
	target key;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&key, 0, sizeof key);
	snprintf(key.indicator_code, sizeof key.indicator_code, "%s", indicator_code);
	snprintf(key.unit_code, sizeof key.unit_code, "%s", unit_code);
	key.year_from = year_from;
	key.year_to = year_to;
	if ((rc = target_refs(s, &key, &ind_id, &u, e)) != 0)
		return rc;
	rc = store_int_prepare(s,
			       "SELECT source, old_kind, old_value, old_baseline, old_total, old_note,"
			       " new_kind, new_value, new_baseline, new_total, new_note, changed_by,"
			       " changed_at FROM target_audit WHERE indicator_id = ?1 AND unit_id = ?2"
			       " AND year_from = ?3 AND year_to = ?4 ORDER BY id",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, ind_id);
	db_bind_int(st, 2, u.id);
	db_bind_int(st, 3, year_from);
	db_bind_int(st, 4, year_to);
	rc = store_int_collect(s, st, sizeof **out, read_target_audit, &key,
			       "nhật ký sửa chỉ tiêu giao", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

/* Reads one row of store_target_list's query into elem (a target). */
static int read_target(db_stmt *st, void *elem, void *ctx, err *e)
{
	target *t = elem;
	char kind[32], source[32];
	(void)ctx;
	t->id = db_col_int(st, 0);
	store_int_col_text(st, 1, t->indicator_code, sizeof t->indicator_code);
	store_int_col_text(st, 2, t->unit_code, sizeof t->unit_code);
	t->year_from = (int)db_col_int(st, 3);
	t->year_to = (int)db_col_int(st, 4);
	store_int_col_text(st, 5, kind, sizeof kind);
	store_int_col_text(st, 6, source, sizeof source);
	t->value = db_col_int(st, 7);
	t->has_baseline = !db_col_null(st, 8);
	t->baseline = t->has_baseline ? db_col_int(st, 8) : 0;
	t->total = db_col_int(st, 9);
	store_int_col_text(st, 10, t->note, sizeof t->note);
	if (target_kind_from_code(kind, &t->kind, e) != 0 ||
	    target_source_from_code(source, &t->source, e) != 0)
		return err_set(e, ERR_DB, "chỉ tiêu giao %s/%s trong CSDL có loại/nguồn không hợp lệ",
			       t->indicator_code, t->unit_code);
	return 0;
}

int store_target_list(store *s, const char *indicator_code, const char *unit_code, int year,
		      target **out, size_t *n, err *e)
{
	/* The WHERE clause is assembled from fixed fragments; values are bound. */
	char sql[1024];
	db_stmt *st = NULL;
	void *arr = NULL;
	int64_t ind_id = 0, unit_id = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (indicator_code &&
	    (rc = store_int_indicator_key(s, indicator_code, &ind_id, NULL, e)) != 0)
		return rc;
	if (unit_code && (rc = store_int_unit_id(s, unit_code, &unit_id, e)) != 0)
		return rc;
	/* Placeholders are numbered in order of use with no gaps (?1, ?2, ...), so
	 * the same text maps to PostgreSQL's $1, $2, ... */
	int n_ind = 0, n_unit = 0, n_year = 0, k = 0;
	char f_ind[48] = "", f_unit[48] = "", f_year[80] = "";
	if (indicator_code)
		snprintf(f_ind, sizeof f_ind, " AND t.indicator_id = ?%d", n_ind = ++k);
	if (unit_code)
		snprintf(f_unit, sizeof f_unit, " AND t.unit_id = ?%d", n_unit = ++k);
	if (year) {
		n_year = ++k;
		snprintf(f_year, sizeof f_year, " AND t.year_from <= ?%d AND t.year_to >= ?%d",
			 n_year, n_year);
	}
	snprintf(sql, sizeof sql,
		 "SELECT t.id, i.code, u.code, t.year_from, t.year_to, t.kind, t.source, t.amount,"
		 " t.baseline, t.total, t.note FROM target t"
		 " JOIN indicator i ON i.id = t.indicator_id JOIN unit u ON u.id = t.unit_id"
		 " WHERE 1 = 1%s%s%s"
		 " ORDER BY i.code, u.code, t.year_from, t.year_to, t.source",
		 f_ind, f_unit, f_year);
	if ((rc = store_int_prepare(s, sql, &st, e)) != 0)
		return rc;
	if (n_ind)
		db_bind_int(st, n_ind, ind_id);
	if (n_unit)
		db_bind_int(st, n_unit, unit_id);
	if (n_year)
		db_bind_int(st, n_year, year);
	rc = store_int_collect(s, st, sizeof **out, read_target, NULL, "chỉ tiêu giao", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

/* ---- the targets of a set of units, for the evaluation --------------------- */

/* One target row wanted: its rowid and the position of its unit in the caller's list. */
typedef struct tg_want {
	int64_t id;
	size_t pos;
} tg_want;

/*
 * Sorts w[0..n) by id. The rows arrive in runs already sorted (one run per
 * unit: the index orders equal keys by rowid), starting at run[0..n_run);
 * merged pairwise, ~log2(units) passes, through tmp (n entries).
 */
static void tg_merge_runs(tg_want *w, tg_want *tmp, size_t n, size_t *run, size_t n_run)
{
	tg_want *src = w, *dst = tmp;
	while (n_run > 1) {
		size_t out_runs = 0;
		for (size_t r = 0; r < n_run; r += 2) {
			size_t a = run[r], am = r + 1 < n_run ? run[r + 1] : n;
			size_t b = am, bm = r + 2 < n_run ? run[r + 2] : n, o = a;
			while (a < am && b < bm)
				dst[o++] = src[a].id <= src[b].id ? src[a++] : src[b++];
			while (a < am)
				dst[o++] = src[a++];
			while (b < bm)
				dst[o++] = src[b++];
			run[out_runs++] = run[r];
		}
		n_run = out_runs;
		tg_want *t = src;
		src = dst;
		dst = t;
	}
	if (src != w)
		memcpy(w, src, n * sizeof *w);
}

/* Phase 1: the rowids of the units' targets starting in `year` (index only), sorted. */
static int tg_wanted(store *s, const int64_t *unit_ids, size_t n_units, int year, tg_want **out,
		     size_t *n_out, err *e)
{
	db_stmt *st = NULL;
	tg_want *w = NULL, *tmp = NULL;
	size_t n = 0, cap = 0, *run = malloc((n_units ? n_units : 1) * sizeof *run), n_run = 0;
	int rc = run ? store_int_cached(s, "SELECT id FROM target WHERE unit_id = ?1 AND year_from = ?2 ORDER BY id", &st, e)
		     : err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc chỉ tiêu giao");
	for (size_t u = 0; rc == 0 && u < n_units; u++) {
		int step;
		db_reset(st);
		db_bind_int(st, 1, unit_ids[u]);
		db_bind_int(st, 2, year);
		run[n_run] = n;
		while ((step = db_step(st)) == DB_ROW) {
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 1024;
				tg_want *nw = realloc(w, nc * sizeof *nw);
				if (!nw) {
					rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc chỉ tiêu giao");
					break;
				}
				w = nw;
				cap = nc;
			}
			w[n++] = (tg_want){ db_col_int(st, 0), u };
		}
		if (rc == 0 && step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc chỉ tiêu giao");
		if (n > run[n_run])
			n_run++;
	}
	store_int_release(st);
	if (rc == 0 && n_run > 1) {
		if ((tmp = malloc(n * sizeof *tmp)) == NULL)
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc chỉ tiêu giao");
		else
			tg_merge_runs(w, tmp, n, run, n_run);
	}
	free(tmp);
	free(run);
	if (rc) {
		free(w);
		return rc;
	}
	*out = w;
	*n_out = n;
	return 0;
}

/* The text of column col compared with a code, without copying it (the
 * first byte first: most codes differ there). */
static bool tg_col_is(const unsigned char *t, const char *code)
{
	return t && t[0] == (unsigned char)code[0] && strcmp((const char *)t, code) == 0;
}

/* The kind and source of the current row (exact codes first, then the general parsers). */
static int tg_enums(db_stmt *st, target *t, err *e)
{
	const unsigned char *kind = (const unsigned char *)db_col_text(st, 1);
	int k;
	for (k = TGT_AT_LEAST; k <= TGT_TERM_TOTAL; k++)
		if (tg_col_is(kind, target_kind_code((target_kind)k)))
			break;
	if (k <= TGT_TERM_TOTAL) {
		t->kind = (target_kind)k;
	} else {
		char text[32];
		store_int_col_text(st, 1, text, sizeof text);
		if (target_kind_from_code(text, &t->kind, e) != 0)
			return ERR_DB;
	}
	const unsigned char *source = (const unsigned char *)db_col_text(st, 2);
	if (tg_col_is(source, target_source_code(TGT_SRC_ASSIGNED))) {
		t->source = TGT_SRC_ASSIGNED;
	} else if (tg_col_is(source, target_source_code(TGT_SRC_OWN))) {
		t->source = TGT_SRC_OWN;
	} else {
		char text[32];
		store_int_col_text(st, 2, text, sizeof text);
		if (target_source_from_code(text, &t->source, e) != 0)
			return ERR_DB;
	}
	return 0;
}

/* A target row of the one-year read (id, kind, source, amount, baseline, total,
 * note, indicator_id) into t and *ind_id. */
static int tg_row(db_stmt *st, int year, target *t, int64_t *ind_id, err *e)
{
	t->id = db_col_int(st, 0);
	t->indicator_code[0] = t->unit_code[0] = '\0';
	t->year_from = t->year_to = year;
	*ind_id = db_col_int(st, 7);
	if (tg_enums(st, t, e) != 0)
		return err_set(e, ERR_DB, "chỉ tiêu giao id %lld trong CSDL có loại/nguồn không hợp lệ",
			       (long long)*ind_id);
	t->value = db_col_int(st, 3);
	t->has_baseline = !db_col_null(st, 4);
	t->baseline = t->has_baseline ? db_col_int(st, 4) : 0;
	t->total = db_col_int(st, 5);
	if (db_col_bytes(st, 6) > 0)
		store_int_col_text(st, 6, t->note, sizeof t->note);
	else
		t->note[0] = '\0';
	return 0;
}

/* Phase 2: rows whose rowid is in w[lo..hi) read by one rowid range; the rows
 * between that are not wanted (other units, other years) are skipped. The
 * wanted rows start in `year` (phase 1): the statement checks where they end. */
static int tg_range(store *s, db_stmt *st, const tg_want *w, size_t lo, size_t hi, int year,
		    store_units_target_cb cb, void *ctx, err *e)
{
	int step, rc = 0;
	size_t k = lo;
	db_reset(st);
	db_bind_int(st, 1, w[lo].id);
	db_bind_int(st, 2, w[hi - 1].id);
	db_bind_int(st, 3, year);
	while ((step = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		while (k < hi && w[k].id < id)
			k++; /* wanted, but of another year_to (a term) */
		if (k == hi || w[k].id != id)
			continue;
		target t;
		int64_t ind_id;
		if ((rc = tg_row(st, year, &t, &ind_id, e)) != 0 ||
		    (rc = cb(ctx, w[k].pos, ind_id, &t)) != 0)
			return rc;
		k++;
	}
	return step == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc chỉ tiêu giao");
}

/*
 * On a server engine (db_seek_rows in the thousands: a statement is a round
 * trip, and reading through other units' rows would carry them over the
 * wire) one statement per STORE_IN_N units gives their rows whole, through
 * the index on (unit_id, year_from); a row's unit is mapped back to its
 * position through the ids sorted.
 */
typedef struct tg_pos {
	int64_t id;
	size_t pos;
} tg_pos;

static int tg_pos_cmp(const void *a, const void *b)
{
	const tg_pos *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int tg_per_unit(store *s, const int64_t *unit_ids, size_t n_units, int year,
		       store_units_target_cb cb, void *ctx, err *e)
{
	if (n_units == 0)
		return 0;
	tg_pos *map = malloc(n_units * sizeof *map);
	if (!map)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc chỉ tiêu giao");
	for (size_t u = 0; u < n_units; u++)
		map[u] = (tg_pos){ unit_ids[u], u };
	qsort(map, n_units, sizeof *map, tg_pos_cmp);
	/* the first STORE_IN_N units: maybe started ahead (store_prefetch_units) */
	db_stmt *st = store_int_units_first(s, STORE_READ_TARGETS, unit_ids, n_units, year, year, e);
	int rc = st ? 0 : e ? e->code : ERR_DB;
	if (st)
		s->walking++;
	for (size_t u = 0; rc == 0 && u < n_units; u += STORE_IN_N) {
		size_t k = n_units - u < STORE_IN_N ? n_units - u : STORE_IN_N;
		int step = DB_DONE;
		if (u > 0) {
			db_reset(st);
			store_int_bind_units(st, unit_ids + u, k, year, year);
		}
		while (rc == 0 && (step = db_step(st)) == DB_ROW) {
			tg_pos key = { db_col_int(st, 8), 0 };
			const tg_pos *hit = bsearch(&key, map, n_units, sizeof *map, tg_pos_cmp);
			target t;
			int64_t ind_id;
			if (hit && (rc = tg_row(st, year, &t, &ind_id, e)) == 0)
				rc = cb(ctx, hit->pos, ind_id, &t);
		}
		if (rc == 0 && step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc chỉ tiêu giao");
	}
	if (st) {
		store_int_release(st);
		s->walking--;
	}
	free(map);
	return rc;
}

/* Rows between two wanted ones that a range reads through rather than seek
 * again: db_seek_rows, a few on SQLite (a seek costs about as much as reading
 * a few rows), thousands on PostgreSQL (a statement is a round trip). */

int store_targets_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year,
			    store_units_target_cb cb, void *ctx, err *e)
{
	tg_want *w = NULL;
	size_t n = 0;
	if (db_seek_rows(s->db) >= 1000)
		return tg_per_unit(s, unit_ids, n_units, year, cb, ctx, e);
	int rc = tg_wanted(s, unit_ids, n_units, year, &w, &n, e);
	if (rc || n == 0) {
		free(w);
		return rc;
	}
	db_stmt *st = NULL;
	rc = store_int_cached(s,
			      "SELECT id, kind, source, amount, baseline, total, note, indicator_id FROM target"
			      " WHERE id >= ?1 AND id <= ?2 AND year_to = ?3 ORDER BY id",
			      &st, e);
	for (size_t lo = 0; rc == 0 && lo < n;) {
		size_t hi = lo + 1;
		while (hi < n && (uint64_t)w[hi].id - (uint64_t)w[hi - 1].id <= (uint64_t)db_seek_rows(s->db))
			hi++;
		rc = tg_range(s, st, w, lo, hi, year, cb, ctx, e);
		lo = hi;
	}
	store_int_release(st);
	free(w);
	return rc;
}
