/*
 * store_rollup.c - roll-ups kept up to date on write (schema v7).
 *
 * value_rollup holds, for every unit P that has children and every (year,
 * indicator), the twelve monthly sums over P's children of their
 * *effective* values: a child's own values where its figure is its own,
 * else the child's own roll-up (core/source.h: a leaf's figure is always its
 * own; eval.md rule 2). With each
 * sum: the sum of absolute values, how many children have a value in that
 * month and how many of those are estimates. One row per (unit, year,
 * indicator), the months packed in a BLOB, so the evaluation of a nation
 * reads 34 provinces x 300 indicators x 2 years = 20,400 rows instead of
 * 24 million values (docs/internals/scale.md says why and what it costs).
 *
 * Kept by every write of store_values.c: a single put or delete
 * compares the unit's effective months before and after and walks the
 * difference up the tree; the bulk writer adds the changes of leaf units
 * in memory (per parent) and writes them once, level by level. A rebuild
 * recomputes everything from one ordered scan of the values. When
 * rollup_state.stale is set (a unit moved to another parent; a file that
 * had values when it was migrated), nothing is kept or read until a rebuild.
 *
 * Not for: deciding what a sum means (rollup rules, ratios, completeness:
 * core/eval_load.c uses a roll-up only where it equals the engine's figure).
 */
#include "store/store_rollup.h"
#include "store/vrow.h"

#include <stdlib.h>
#include <string.h>

#define RL_BLOB (2 + 12 * 24)

/* ---- the BLOB ---------------------------------------------------------- */

/* The low n bytes of v, little-endian whatever the host. With n constant,
 * -O2 turns get_le into one load per field (the decoder is on the
 * evaluation's path, 20,000 rows per national dashboard); put_le is on the
 * write path, where SQLite's own work dwarfs it. */
static void put_le(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Little-endian: poison (2 bytes), then per month sum, abs (8), n_val, n_est (4). */
static void rl_encode(const store_rollup *r, unsigned char *b)
{
	b[0] = (unsigned char)(r->poison & 0xff);
	b[1] = (unsigned char)(r->poison >> 8);
	for (int k = 0; k < 12; k++) {
		unsigned char *p = b + 2 + 24 * k;
		put_le(p, (uint64_t)r->m[k].sum, 8);
		put_le(p + 8, (uint64_t)r->m[k].abs, 8);
		put_le(p + 16, (uint32_t)r->m[k].n_val, 4);
		put_le(p + 20, (uint32_t)r->m[k].n_est, 4);
	}
}

/* A BLOB of another size (a hand-edited file) decodes as poisoned. */
static void rl_decode(const void *blob, int n, store_rollup *r)
{
	const unsigned char *b = blob;
	if (!b || n != RL_BLOB) {
		memset(r->m, 0, sizeof r->m);
		r->poison = 0x0fff;
		return;
	}
	r->poison = (uint16_t)(b[0] | (b[1] << 8));
	for (int k = 0; k < 12; k++) {
		const unsigned char *p = b + 2 + 24 * k;
		r->m[k].sum = (num_t)get_le(p, 8);
		r->m[k].abs = (int64_t)get_le(p + 8, 8);
		r->m[k].n_val = (int32_t)(uint32_t)get_le(p + 16, 4);
		r->m[k].n_est = (int32_t)(uint32_t)get_le(p + 20, 4);
		if (r->m[k].n_val < 0 || r->m[k].n_est < 0 || r->m[k].abs < 0)
			r->poison |= (uint16_t)(1u << k);
	}
}

static bool rl_empty(const store_rollup *r)
{
	if (r->poison)
		return false;
	for (int k = 0; k < 12; k++)
		if (r->m[k].n_val || r->m[k].n_est || r->m[k].sum || r->m[k].abs)
			return false;
	return true;
}

/* ---- effective months and differences ---------------------------------- */

/* A roll-up seen as the parent's effective months (when it has no own values). */
static void rl_eff_of(const store_rollup *r, rl_eff *out)
{
	memset(out, 0, sizeof *out);
	out->poison = r->poison;
	for (int k = 0; k < 12; k++) {
		uint16_t bit = (uint16_t)(1u << k);
		if (r->m[k].n_val > 0) {
			out->has |= bit;
			out->v[k] = r->m[k].sum;
			if (r->m[k].n_est > 0)
				out->est |= bit;
		}
	}
}

static int64_t rl_abs(num_t v)
{
	return v < 0 ? -v : v; /* |v| <= NUM_MAX for stored values and checked sums */
}

/* d += the change of one month from (oh, ov, oe) to (nh, nv, ne); poison on overflow. */
static void rl_delta_month(store_rollup *d, int k, bool oh, num_t ov, bool oe, bool nh, num_t nv,
			   bool ne)
{
	store_rollup_slot *m = &d->m[k];
	num_t dv = 0;
	int64_t da = 0;
	bool ovf = false;
	if (nh) {
		ovf |= __builtin_add_overflow(dv, nv, &dv);
		ovf |= __builtin_add_overflow(da, rl_abs(nv), &da);
	}
	if (oh) {
		ovf |= __builtin_sub_overflow(dv, ov, &dv);
		ovf |= __builtin_sub_overflow(da, rl_abs(ov), &da);
	}
	ovf |= __builtin_add_overflow(m->sum, dv, &m->sum);
	ovf |= __builtin_add_overflow(m->abs, da, &m->abs);
	m->n_val += (int32_t)nh - (int32_t)oh;
	m->n_est += (int32_t)(nh && ne) - (int32_t)(oh && oe);
	if (ovf)
		d->poison |= (uint16_t)(1u << k);
}

/* True when month k counts the same in a parent's sums under *o and *n. */
static bool rl_month_same(const rl_eff *o, const rl_eff *n, int k)
{
	uint16_t bit = (uint16_t)(1u << k);
	if ((o->has & bit) != (n->has & bit))
		return false;
	return !(o->has & bit) || (o->v[k] == n->v[k] && (o->est & bit) == (n->est & bit));
}

/* True when going from *o to *n changes the parent's sums (a poisoned
 * month always does: poison is sticky and goes up). */
static bool rl_eff_changed(const rl_eff *o, const rl_eff *n)
{
	if (o->poison | n->poison)
		return true;
	for (int k = 0; k < 12; k++)
		if (!rl_month_same(o, n, k))
			return true;
	return false;
}

/* d += the change from effective months *o to *n (poison is sticky). */
static void rl_delta_eff(store_rollup *d, const rl_eff *o, const rl_eff *n)
{
	d->poison |= (uint16_t)(o->poison | n->poison);
	for (int k = 0; k < 12; k++) {
		uint16_t bit = (uint16_t)(1u << k);
		if (!rl_month_same(o, n, k))
			rl_delta_month(d, k, o->has & bit, o->v[k], o->est & bit, n->has & bit, n->v[k],
				       n->est & bit);
	}
}

/* out = r + d, month by month (poison on overflow or a negative count). */
static void rl_add(store_rollup *r, const store_rollup *d)
{
	r->poison |= d->poison;
	for (int k = 0; k < 12; k++) {
		store_rollup_slot *m = &r->m[k];
		const store_rollup_slot *x = &d->m[k];
		bool ovf = __builtin_add_overflow(m->sum, x->sum, &m->sum);
		ovf |= __builtin_add_overflow(m->abs, x->abs, &m->abs);
		m->n_val += x->n_val;
		m->n_est += x->n_est;
		if (ovf || m->n_val < 0 || m->n_est < 0 || m->abs < 0)
			r->poison |= (uint16_t)(1u << k);
	}
}

/* ---- rows ------------------------------------------------------------------ */

int store_rollup_int_stale(store *s, bool *stale, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s, "SELECT stale FROM rollup_state WHERE id = 1", &st, e);
	if (rc)
		return rc;
	rc = db_step(st);
	*stale = rc != DB_ROW || (int)db_col_int(st, 0) != 0;
	rc = rc == DB_ROW || rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc trạng thái tổng hợp");
	store_int_release(st);
	return rc;
}

int store_rollup_ready(store *s, bool *ready, err *e)
{
	bool stale = true;
	int rc = store_rollup_int_stale(s, &stale, e);
	*ready = rc == 0 && !stale;
	return rc;
}

/* Reads the roll-up of (unit, year, indicator) into *r (zero when absent). */
static int rl_read(store *s, int64_t unit_id, int year, int64_t ind_id, store_rollup *r, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s,
				  "SELECT slots FROM value_rollup"
				  " WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3",
				  &st, e);
	if (rc)
		return rc;
	memset(r, 0, sizeof *r);
	r->unit_id = unit_id;
	r->year = year;
	r->indicator_id = ind_id;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		rl_decode(db_col_blob(st, 0), db_col_bytes(st, 0), r);
		rc = 0;
	} else {
		rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu tổng hợp");
	}
	store_int_release(st);
	return rc;
}

int store_rollup_get(store *s, int64_t unit_id, int year, int64_t indicator_id,
		     store_rollup *out, bool *found, err *e)
{
	int rc = rl_read(s, unit_id, year, indicator_id, out, e);
	*found = rc == 0 && !rl_empty(out);
	return rc;
}

/* Stores *r (deletes the row when it holds nothing). */
static int rl_write(store *s, const store_rollup *r, err *e)
{
	db_stmt *st = NULL;
	unsigned char blob[RL_BLOB];
	bool empty = rl_empty(r);
	int rc = store_int_cached(s,
				  empty ? "DELETE FROM value_rollup"
					  " WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3"
					: "INSERT INTO value_rollup (unit_id, year, indicator_id, slots)"
					  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (unit_id, year, indicator_id)"
					  " DO UPDATE SET slots = excluded.slots",
				  &st, e);
	if (rc)
		return rc;
	store_int_bind_row_key(st, r->unit_id, r->year, r->indicator_id);
	if (!empty) {
		rl_encode(r, blob);
		db_bind_blob(st, 4, blob, (size_t)(RL_BLOB));
	}
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được số liệu tổng hợp");
	store_int_release(st);
	return rc;
}

/* Adds the change d to the stored roll-up of d's key; *o and *n are that
 * unit's months as seen from its roll-up before and after (its effective
 * months unless it has own values). */
static int rl_apply(store *s, const store_rollup *d, rl_eff *o, rl_eff *n, err *e)
{
	store_rollup r;
	int rc = rl_read(s, d->unit_id, d->year, d->indicator_id, &r, e);
	if (rc)
		return rc;
	rl_eff_of(&r, o);
	rl_add(&r, d);
	rl_eff_of(&r, n);
	return rl_write(s, &r, e);
}

/* The unit's own values of (year, indicator) into *out, or only whether it
 * has any when out is NULL; *any false when it has none. */
static int rl_own(store *s, int64_t unit_id, int year, int64_t ind_id, rl_eff *out, bool *any,
		  err *e)
{
	db_stmt *st = NULL;
	int rc;
	if (out)
		memset(out, 0, sizeof *out);
	*any = false;
	if ((rc = store_int_values_sync(s, e)) != 0 ||
	    (rc = store_int_cached(s,
				   "SELECT months FROM value_year"
				   " WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3",
				   &st, e)) != 0)
		return rc;
	store_int_bind_row_key(st, unit_id, year, ind_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*any = true;
		rc = out && vrow_decode_amounts(db_col_blob(st, 0),
						(size_t)db_col_bytes(st, 0), &out->has,
						&out->est, out->v)
			     ? store_int_bad_row(unit_id, year, ind_id, e)
			     : 0;
	} else {
		rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu");
	}
	store_int_release(st);
	return rc;
}

int store_rollup_int_eff(store *s, int64_t unit_id, int year, int64_t ind_id, rl_eff *out, err *e)
{
	bool any = false, own = true;
	store_rollup r;
	int rc = store_int_source_own(s, unit_id, ind_id, &own, e);
	if (rc)
		return rc;
	if (own)
		return rl_own(s, unit_id, year, ind_id, out, &any, e);
	if ((rc = rl_read(s, unit_id, year, ind_id, &r, e)) != 0)
		return rc;
	rl_eff_of(&r, out);
	return 0;
}

static int rl_parent(store *s, int64_t unit_id, int64_t *parent, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s, "SELECT parent_id FROM unit WHERE id = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, unit_id);
	rc = db_step(st);
	*parent = rc == DB_ROW ? db_col_int(st, 0) : 0;
	rc = rc == DB_ROW || rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc đơn vị");
	store_int_release(st);
	return rc;
}

int store_rollup_int_change(store *s, int64_t unit_id, int year, int64_t ind_id,
			    const rl_eff *old, const rl_eff *now, err *e)
{
	rl_eff o = *old, n = *now;
	int64_t cur = unit_id;
	for (int guard = 0; guard < 64; guard++) {
		int64_t parent = 0;
		store_rollup d;
		bool own = false;
		int rc;
		if (!rl_eff_changed(&o, &n))
			return 0;
		if ((rc = rl_parent(s, cur, &parent, e)) != 0 || !parent)
			return rc;
		/* above the unit written, an ancestor whose figure is its own
		 * (core/source.h): its effective months, and everything above,
		 * stay as they are */
		if (cur != unit_id && ((rc = store_int_source_own(s, cur, ind_id, &own, e)) != 0 || own))
			return rc;
		memset(&d, 0, sizeof d);
		d.unit_id = parent;
		d.year = year;
		d.indicator_id = ind_id;
		rl_delta_eff(&d, &o, &n);
		if ((rc = rl_apply(s, &d, &o, &n, e)) != 0)
			return rc;
		cur = parent;
	}
	return err_set(e, ERR_DB, "cây đơn vị có vòng (parent_id) khi cập nhật số liệu tổng hợp");
}

/* ---- the unit tree ----------------------------------------------------------- */

static int read_tree_node(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_tree_node *t = elem;
	(void)ctx;
	t->id = db_col_int(st, 0);
	t->parent_id = db_col_int(st, 1);
	t->linked = (int)db_col_int(st, 4) != 0;
	int rc = store_int_col_date(st, 2, &t->valid_from, e);
	return rc ? rc : store_int_col_date(st, 3, &t->valid_to, e);
}

static int tree_node_cmp(const void *a, const void *b)
{
	const store_tree_node *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Marks the units named by a predecessor link (either side); the link table
 * is small, so one read of it beats a lookup per unit. */
static int tree_mark_links(store *s, store_tree_node *t, size_t n, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s, "SELECT unit_id, from_unit_id FROM unit_link", &st, e), step;
	if (rc)
		return rc;
	while ((step = db_step(st)) == DB_ROW)
		for (int c = 0; c < 2; c++) {
			store_tree_node key = { .id = db_col_int(st, c) };
			store_tree_node *hit = bsearch(&key, t, n, sizeof key, tree_node_cmp);
			if (hit)
				hit->linked = true;
		}
	rc = step == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc liên kết đơn vị");
	store_int_release(st);
	return rc;
}

int store_unit_tree(store *s, store_tree_node **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc = store_int_cached(s,
				  "SELECT id, parent_id, valid_from, valid_to, 0 FROM unit ORDER BY id",
				  &st, e);
	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	rc = store_int_collect(s, st, sizeof **out, read_tree_node, NULL, "cây đơn vị", &arr, n, e);
	store_int_release(st);
	if (rc == 0 && (rc = tree_mark_links(s, arr, *n, e)) != 0) {
		free(arr);
		arr = NULL;
		*n = 0;
	}
	*out = arr;
	return rc;
}

int store_rollup_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year_from,
			   int year_to, store_rollup_cb cb, void *ctx, err *e)
{
	if (n_units == 0)
		return 0;
	/* the first STORE_IN_N units: maybe started ahead (store_prefetch_units) */
	db_stmt *st = store_int_units_first(s, STORE_READ_ROLLUPS, unit_ids, n_units, year_from, year_to, e);
	int rc = 0;
	if (!st)
		return e ? e->code : ERR_DB;
	s->walking++;
	/* STORE_IN_N units per statement: a nation's 34 provinces in one round trip */
	for (size_t i = 0; i < n_units && rc == 0; i += STORE_IN_N) {
		size_t k = n_units - i < STORE_IN_N ? n_units - i : STORE_IN_N;
		int step = DB_DONE;
		if (i > 0) {
			db_reset(st);
			store_int_bind_units(st, unit_ids + i, k, year_from, year_to);
		}
		while (rc == 0 && (step = db_step(st)) == DB_ROW) {
			store_rollup r;
			rl_decode(db_col_blob(st, 3), db_col_bytes(st, 3), &r);
			r.unit_id = db_col_int(st, 0);
			r.indicator_id = db_col_int(st, 1);
			r.year = (int)db_col_int(st, 2);
			rc = cb(ctx, &r);
		}
		if (rc == 0 && step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu tổng hợp");
	}
	store_int_release(st);
	s->walking--;
	return rc;
}

/* ---- the accumulator (bulk writer and rebuild) ---------------------------------- */

typedef struct rl_entry {
	bool used;
	int depth;
	store_rollup d; /* unit_id, year, indicator_id: the key */
} rl_entry;

struct rl_acc {
	int64_t max_id;
	int64_t *parent;  /* [id]: parent id, 0 for a root or an unknown id */
	int *depth;       /* [id]: 0 for a root */
	uint8_t *has_kids;
	rl_entry *tab;
	size_t cap, n;
	int max_depth;
};

void store_rollup_int_acc_free(rl_acc *a)
{
	if (!a)
		return;
	free(a->parent);
	free(a->depth);
	free(a->has_kids);
	free(a->tab);
	free(a);
}

int store_rollup_int_acc_new(store *s, rl_acc **out, err *e)
{
	store_tree_node *t = NULL;
	size_t n = 0;
	int rc = store_unit_tree(s, &t, &n, e);
	*out = NULL;
	if (rc)
		return rc;
	rl_acc *a = calloc(1, sizeof *a);
	int64_t max = 0;
	for (size_t k = 0; k < n; k++)
		if (t[k].id > max)
			max = t[k].id;
	if (max > ((int64_t)1 << 31)) {
		free(t);
		free(a);
		return err_set(e, ERR_DB, "bảng đơn vị có id %lld quá lớn (CSDL hỏng?)", (long long)max);
	}
	if (a) {
		a->max_id = max;
		a->parent = calloc((size_t)max + 1, sizeof *a->parent);
		a->depth = calloc((size_t)max + 1, sizeof *a->depth);
		a->has_kids = calloc((size_t)max + 1, 1);
		a->cap = 1024;
		a->tab = calloc(a->cap, sizeof *a->tab);
	}
	if (!a || !a->parent || !a->depth || !a->has_kids || !a->tab) {
		free(t);
		store_rollup_int_acc_free(a);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị số liệu tổng hợp");
	}
	for (size_t k = 0; k < n; k++)
		if (t[k].id > 0 && t[k].parent_id > 0 && t[k].parent_id <= max) {
			a->parent[t[k].id] = t[k].parent_id;
			a->has_kids[t[k].parent_id] = 1;
		}
	free(t);
	for (int64_t id = 1; id <= max; id++) {
		int d = 0;
		for (int64_t p = a->parent[id]; p && d <= 64; p = a->parent[p])
			d++;
		if (d > 64) {
			store_rollup_int_acc_free(a);
			return err_set(e, ERR_DB, "cây đơn vị có vòng (parent_id) tại đơn vị id %lld",
				       (long long)id);
		}
		a->depth[id] = d;
		if (d > a->max_depth)
			a->max_depth = d;
	}
	*out = a;
	return 0;
}

bool store_rollup_int_acc_leaf(const rl_acc *a, int64_t unit_id)
{
	return unit_id > 0 && unit_id <= a->max_id && !a->has_kids[unit_id];
}

static size_t rl_hash(int64_t unit_id, int year, int64_t ind_id, size_t cap)
{
	uint64_t h = (uint64_t)unit_id * 0x9E3779B97F4A7C15ull;
	h ^= (uint64_t)year * 0xC2B2AE3D27D4EB4Full;
	h ^= (uint64_t)ind_id * 0x165667B19E3779F9ull;
	h ^= h >> 29;
	return (size_t)h & (cap - 1);
}

static int rl_grow(rl_acc *a, err *e)
{
	size_t nc = a->cap * 2;
	rl_entry *nt = calloc(nc, sizeof *nt);
	if (!nt)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi cộng dồn số liệu tổng hợp");
	for (size_t k = 0; k < a->cap; k++) {
		if (!a->tab[k].used)
			continue;
		const store_rollup *d = &a->tab[k].d;
		size_t h = rl_hash(d->unit_id, d->year, d->indicator_id, nc);
		while (nt[h].used)
			h = (h + 1) & (nc - 1);
		nt[h] = a->tab[k];
	}
	free(a->tab);
	a->tab = nt;
	a->cap = nc;
	return 0;
}

/* The entry of (unit, year, indicator), created empty when missing. */
static int rl_slot(rl_acc *a, int64_t unit_id, int year, int64_t ind_id, store_rollup **out, err *e)
{
	if ((a->n + 1) * 2 > a->cap) {
		int rc = rl_grow(a, e);
		if (rc)
			return rc;
	}
	size_t h = rl_hash(unit_id, year, ind_id, a->cap);
	while (a->tab[h].used) {
		store_rollup *d = &a->tab[h].d;
		if (d->unit_id == unit_id && d->year == year && d->indicator_id == ind_id) {
			*out = d;
			return 0;
		}
		h = (h + 1) & (a->cap - 1);
	}
	rl_entry *en = &a->tab[h];
	memset(en, 0, sizeof *en);
	en->used = true;
	en->depth = unit_id > 0 && unit_id <= a->max_id ? a->depth[unit_id] : 0;
	en->d.unit_id = unit_id;
	en->d.year = year;
	en->d.indicator_id = ind_id;
	a->n++;
	*out = &en->d;
	return 0;
}

int store_rollup_int_acc_cell(rl_acc *a, int64_t unit_id, int year, int64_t ind_id, int month,
			      bool old_has, num_t old_v, bool old_est, bool new_has, num_t new_v,
			      bool new_est, err *e)
{
	if (unit_id <= 0 || unit_id > a->max_id || month < 1 || month > 12)
		return 0;
	int64_t parent = a->parent[unit_id];
	if (!parent)
		return 0;
	store_rollup *d;
	int rc = rl_slot(a, parent, year, ind_id, &d, e);
	if (rc)
		return rc;
	rl_delta_month(d, month - 1, old_has, old_v, old_est, new_has, new_v, new_est);
	return 0;
}

/* Orders roll-ups by their key (unit, year, indicator). */
static int rl_key_cmp(const void *pa, const void *pb)
{
	const store_rollup *x = pa, *y = pb;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->indicator_id < y->indicator_id ? -1 : x->indicator_id > y->indicator_id;
}

int store_rollup_int_acc_flush(store *s, rl_acc *a, err *e)
{
	int rc = 0;
	store_rollup *level = NULL;
	/* deepest parents first: their changes become their parents' (one level
	 * up, so the copies taken of a level never grow while it is written) */
	for (int depth = a->max_depth; depth >= 0 && rc == 0; depth--) {
		size_t nl = 0;
		free(level);
		level = malloc((a->n ? a->n : 1) * sizeof *level);
		if (!level) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi ghi số liệu tổng hợp");
			break;
		}
		for (size_t k = 0; k < a->cap; k++)
			if (a->tab[k].used && a->tab[k].depth == depth)
				level[nl++] = a->tab[k].d;
		/* written in key order, not the table's: a unit's year of roll-ups then
		 * lies together (PostgreSQL's heap: a dashboard reads a few pages, not
		 * one per row; docs/PERFORMANCE.md), and B-tree inserts go in order */
		qsort(level, nl, sizeof *level, rl_key_cmp);
		for (size_t k = 0; k < nl && rc == 0; k++) {
			const store_rollup *d = &level[k];
			store_rollup *pd;
			rl_eff o, n;
			bool own = false;
			if ((rc = rl_apply(s, d, &o, &n, e)) != 0)
				break;
			int64_t parent = d->unit_id <= a->max_id ? a->parent[d->unit_id] : 0;
			if (!parent || !rl_eff_changed(&o, &n))
				continue;
			if ((rc = store_int_source_own(s, d->unit_id, d->indicator_id, &own, e)) != 0)
				break;
			if (own)
				continue; /* its own figure stands: the change stops here */
			if ((rc = rl_slot(a, parent, d->year, d->indicator_id, &pd, e)) != 0)
				break;
			rl_delta_eff(pd, &o, &n);
		}
	}
	free(level);
	store_rollup_int_acc_clear(a);
	return rc;
}

void store_rollup_int_acc_clear(rl_acc *a)
{
	if (!a)
		return;
	memset(a->tab, 0, a->cap * sizeof *a->tab);
	a->n = 0;
}

/* ---- rebuild ------------------------------------------------------------------- */

static int rl_rebuild_tx(store *s, err *e)
{
	rl_acc *a = NULL;
	db_stmt *st = NULL;
	int rc;
	if ((rc = store_int_prepare(s, "DELETE FROM value_rollup", &st, e)) != 0)
		return rc;
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không xóa được số liệu tổng hợp");
	db_finalize(st);
	st = NULL;
	if (rc || (rc = store_rollup_int_acc_new(s, &a, e)) != 0)
		return rc;
	if ((rc = store_int_values_sync(s, e)) == 0)
		rc = store_int_prepare_scan(s,
					    "SELECT unit_id, year, indicator_id, months FROM value_year"
					    " ORDER BY unit_id, year, indicator_id",
					    &st, e);
	if (rc == 0) {
		int step = DB_DONE;
		while (rc == 0 && (step = db_step(st)) == DB_ROW) {
			int64_t unit_id = db_col_int(st, 0), ind_id = db_col_int(st, 2);
			int year = (int)db_col_int(st, 1);
			uint16_t has, est;
			num_t amount[12];
			if (vrow_decode_amounts(db_col_blob(st, 3),
						(size_t)db_col_bytes(st, 3), &has, &est, amount)) {
				rc = store_int_bad_row(unit_id, year, ind_id, e);
				break;
			}
			bool own = true;
			/* a unit with units below adds its own values to its parent's
			 * roll-up only where its figure is its own (core/source.h) */
			if (!store_rollup_int_acc_leaf(a, unit_id) &&
			    (rc = store_int_source_own(s, unit_id, ind_id, &own, e)) != 0)
				break;
			for (int m = 0; m < 12 && rc == 0 && own; m++)
				if ((has >> m) & 1)
					rc = store_rollup_int_acc_cell(a, unit_id, year, ind_id, m + 1,
								       false, 0, false, true, amount[m],
								       (est >> m) & 1, e);
		}
		if (rc == 0 && step != DB_DONE)
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc số liệu để tổng hợp");
		db_finalize(st);
	}
	if (rc == 0)
		rc = store_rollup_int_acc_flush(s, a, e);
	store_rollup_int_acc_free(a);
	if (rc == 0 && (rc = store_int_prepare(s, "UPDATE rollup_state SET stale = 0", &st, e)) == 0) {
		rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được trạng thái tổng hợp");
		db_finalize(st);
	}
	return rc;
}

int store_rollup_rebuild(store *s, err *e)
{
	int rc = store_int_begin(s, e);
	if (rc)
		return rc;
	if ((rc = rl_rebuild_tx(s, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}
