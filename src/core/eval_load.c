/*
 * eval_load.c - eval_run: loads what one evaluation needs from the store (the
 * unit, its descendants valid during the year, every indicator, the year's
 * targets, the values of last year and this year) into an eval_data, then
 * calls eval_compute (eval.c).
 *
 * Loading is a handful of store calls: one unit list per loaded unit that
 * has children, one link list per loaded unit that a link names, one
 * indicator list, the year's targets (all of them, or the loaded units' when
 * they are few of the tree: store_targets_for_units) and one walk of the
 * value cells; on PostgreSQL each call is a round trip, and the reads of
 * many units take 64 units per statement (store.md); ids are
 * mapped to array indexes through sorted arrays (bsearch; indicator ids
 * through a direct table when dense), so no per-value allocation or SQL.
 * Not for: evaluation rules (eval.c) or formatting.
 *
 * Roll-ups (docs/internals/scale.md): when the store's roll-ups are ready,
 * a loaded unit below the evaluated one whose children are all leaves,
 * valid through both years and without predecessor links, is not expanded:
 * its effective months are taken from its roll-up (the sum of its
 * children's values) wherever the engine would have rolled them up by sum,
 * and only when that sum is exactly the engine's figure (every child or no
 * child reported in each month, no overflow, no weighted average to
 * compute). Otherwise its children are loaded as before. The units of one
 * breadth-first level are decided together: their own values and roll-ups
 * in two reads for the level. The evaluation of a nation then reads 35
 * units' values and 34 units' roll-ups instead of 3,356 units' values. Such
 * a unit's own values and roll-ups are written into its series while it is
 * decided (the value walk then skips it).
 * CHITIEU_ROLLUP=0 in the environment turns this off (tests compare both
 * ways).
 */
#include "core/eval.h"
#include "core/approval.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

/* An id or code mapped to an index in the loaded arrays. */
typedef struct el_id {
	int64_t id;
	int idx;
} el_id;

typedef struct el_code {
	const char *code;
	int idx;
} el_code;

static int el_id_cmp(const void *a, const void *b)
{
	const el_id *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int el_code_cmp(const void *a, const void *b)
{
	const el_code *x = a, *y = b;
	return strcmp(x->code, y->code);
}

static int el_find_id(const el_id *map, size_t n, int64_t id)
{
	el_id key = { id, 0 };
	const el_id *hit = bsearch(&key, map, n, sizeof *map, el_id_cmp);
	return hit ? hit->idx : -1;
}

static int el_find_code(const el_code *map, size_t n, const char *code)
{
	el_code key = { code, 0 };
	const el_code *hit = bsearch(&key, map, n, sizeof *map, el_code_cmp);
	return hit ? hit->idx : -1;
}

/*
 * Indicator ids to indexes. The ids are rowids of one table, so usually dense:
 * then a direct table (the roll-up and target reads look up one id per row,
 * ~30,000 per national dashboard), else a binary search of the sorted map.
 */
typedef struct el_inds {
	const el_id *map; /* sorted by id */
	size_t n;
	int64_t lo;       /* dense[id - lo] is the index of id, -1 for none */
	int *dense;       /* NULL when the ids are sparse */
	size_t n_dense;
} el_inds;

/* Fills x from the sorted map (kept, not copied); allocates x->dense (free it). */
static int el_inds_init(el_inds *x, const el_id *map, size_t n, err *e)
{
	memset(x, 0, sizeof *x);
	x->map = map;
	x->n = n;
	int64_t span;
	if (n == 0 || __builtin_sub_overflow(map[n - 1].id, map[0].id, &span) || span >= (int64_t)(4 * n + 64))
		return 0;
	x->lo = map[0].id;
	x->n_dense = (size_t)span + 1;
	x->dense = malloc(x->n_dense * sizeof *x->dense);
	if (!x->dense)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
	for (size_t k = 0; k < x->n_dense; k++)
		x->dense[k] = -1;
	for (size_t k = 0; k < n; k++)
		x->dense[map[k].id - x->lo] = map[k].idx;
	return 0;
}

/* The index of indicator id, -1 if none. */
static int el_ind_of(const el_inds *x, int64_t id)
{
	if (x->dense)
		return id >= x->lo && (uint64_t)(id - x->lo) < x->n_dense ? x->dense[id - x->lo] : -1;
	return el_find_id(x->map, x->n, id);
}

/* True when the unit existed on some day of from..to. */
static bool el_valid_between(const unit *u, cdate from, cdate to)
{
	if (!cdate_is_none(u->valid_from) && cdate_cmp(u->valid_from, to) > 0)
		return false;
	if (!cdate_is_none(u->valid_to) && cdate_cmp(u->valid_to, from) < 0)
		return false;
	return true;
}

/* Appends "dd/mm/yyyy" or `none_text` to b. */
static void el_date_text(char *b, size_t n, cdate d, const char *none_text)
{
	if (cdate_is_none(d))
		snprintf(b, n, "%s", none_text);
	else
		snprintf(b, n, "%02d/%02d/%04d", d.d, d.m, d.y);
}

/*
 * The ERR_CONFLICT for a unit that did not exist during the period: its
 * validity dates, and the units it became or came from when links exist.
 */
static int el_not_valid(store *s, const unit *u, cdate from, cdate to, err *e)
{
	char vf[16], vt[16], pf[16], pt[16], succ[160] = "", pred[160] = "";
	el_date_text(vf, sizeof vf, u->valid_from, "trước đây");
	el_date_text(vt, sizeof vt, u->valid_to, "nay");
	el_date_text(pf, sizeof pf, from, "");
	el_date_text(pt, sizeof pt, to, "");
	unit_link *links = NULL;
	size_t nl = 0;
	err ignore;
	if (store_unit_link_list(s, NULL, &links, &nl, &ignore) == 0) {
		size_t ls = 0, lp = 0;
		for (size_t k = 0; k < nl; k++) {
			if (strcmp(links[k].from_code, u->code) == 0 && ls + strlen(links[k].code) + 3 < sizeof succ)
				ls += (size_t)snprintf(succ + ls, sizeof succ - ls, "%s%s", ls ? ", " : "", links[k].code);
			if (strcmp(links[k].code, u->code) == 0 && lp + strlen(links[k].from_code) + 3 < sizeof pred)
				lp += (size_t)snprintf(pred + lp, sizeof pred - lp, "%s%s", lp ? ", " : "",
						       links[k].from_code);
		}
	}
	free(links);
	return err_set(e, ERR_CONFLICT,
		       "đơn vị %s có hiệu lực từ %s đến %s, không tồn tại trong kỳ đánh giá %s-%s%s%s%s%s",
		       u->code, vf, vt, pf, pt, succ[0] ? "; đã chuyển thành đơn vị: " : "", succ,
		       pred[0] ? "; hình thành từ đơn vị: " : "", pred);
}

/* ---- the roll-up plan ------------------------------------------------ */

typedef struct el_plan {
	store_tree_node *tree; /* every unit, by id */
	size_t n_tree;
	size_t *kid_start;     /* children of tree[t]: kid[kid_start[t] .. kid_start[t+1]) */
	size_t *kid;
	const indicator *inds;
	size_t n_inds;
	const el_inds *ix;     /* indicator ids to indexes */
	uint8_t *agg;          /* per indicator: 0 not rolled up, 1 by sum, 2 weighted average */
	const fig_source_table *src; /* the settings of own or aggregated figures (NULL: none) */
	int year;
	int *ps;               /* the loaded units standing on their roll-ups (indexes) */
	size_t n_ps, cap_ps;
	size_t series_cap;     /* units out->prev and out->cur have room for */
} el_plan;

static void el_plan_free(el_plan *pl)
{
	free(pl->tree);
	free(pl->kid_start);
	free(pl->kid);
	free(pl->agg);
	free(pl->ps);
	memset(pl, 0, sizeof *pl);
}

static int el_node_cmp(const void *a, const void *b)
{
	const store_tree_node *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static long el_node(const el_plan *pl, int64_t id)
{
	store_tree_node key = { .id = id };
	const store_tree_node *hit = bsearch(&key, pl->tree, pl->n_tree, sizeof key, el_node_cmp);
	return hit ? hit - pl->tree : -1;
}

/* The engine's rule for rolling an indicator up by month (eval.c ev_aggregates). */
static uint8_t el_agg_kind(const indicator *ind)
{
	bool computed_ratio = (ind->kind == IND_RATIO || ind->rollup == ROLLUP_RATIO) &&
			      ind->numerator[0] && ind->denominator[0];
	if (computed_ratio)
		return 0;
	if (ind->rollup == ROLLUP_SUM)
		return ind->kind == IND_RATIO ? 0 : 1;
	if (ind->rollup == ROLLUP_WAVG && ind->weight[0])
		return 2;
	return 0;
}

/*
 * Prepares the plan when the roll-ups can be used (*on false otherwise):
 * the unit tree with its children lists and the rule of each indicator.
 */
static int el_plan_init(store *s, const indicator *inds, size_t ni, const el_inds *ix, int year,
			el_plan *pl, bool *on, err *e)
{
	const char *env = getenv("CHITIEU_ROLLUP");
	bool ready = false;
	memset(pl, 0, sizeof *pl);
	*on = false;
	if (env && strcmp(env, "0") == 0)
		return 0;
	int rc = store_rollup_ready(s, &ready, e);
	if (rc || !ready)
		return rc;
	if ((rc = store_unit_tree(s, &pl->tree, &pl->n_tree, e)) != 0)
		return rc;
	size_t nt = pl->n_tree;
	pl->kid_start = calloc(nt + 2, sizeof *pl->kid_start);
	pl->kid = malloc((nt ? nt : 1) * sizeof *pl->kid);
	pl->agg = malloc(ni ? ni : 1);
	size_t *fill = calloc(nt + 1, sizeof *fill);
	if (!pl->kid_start || !pl->kid || !pl->agg || !fill) {
		free(fill);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp cây đơn vị");
	}
	long *par = malloc((nt ? nt : 1) * sizeof *par);
	if (!par) {
		free(fill);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp cây đơn vị");
	}
	for (size_t t = 0; t < nt; t++) {
		par[t] = pl->tree[t].parent_id ? el_node(pl, pl->tree[t].parent_id) : -1;
		if (par[t] >= 0)
			pl->kid_start[par[t] + 1]++;
	}
	for (size_t t = 0; t < nt; t++)
		pl->kid_start[t + 1] += pl->kid_start[t];
	for (size_t t = 0; t < nt; t++)
		if (par[t] >= 0)
			pl->kid[pl->kid_start[par[t]] + fill[par[t]]++] = t;
	free(par);
	free(fill);
	for (size_t i = 0; i < ni; i++)
		pl->agg[i] = el_agg_kind(&inds[i]);
	pl->inds = inds;
	pl->n_inds = ni;
	pl->ix = ix;
	pl->year = year;
	*on = true;
	return 0;
}

/* True when the unit existed on every day of from..to. */
static bool el_valid_through(cdate vf, cdate vt, cdate from, cdate to)
{
	return (cdate_is_none(vf) || cdate_cmp(vf, from) <= 0) &&
	       (cdate_is_none(vt) || cdate_cmp(vt, to) >= 0);
}

/* Writes one value into its monthly slot of series s. */
static void el_put_cell(eval_series *s, const store_cell *c)
{
	uint16_t bit = (uint16_t)(1u << (c->month - 1));
	s->m[c->month - 1] = c->amount;
	s->has |= bit;
	if (c->estimate)
		s->est |= bit;
	else
		s->est &= (uint16_t)~bit;
}

/* Makes room in out->prev and out->cur for n units (the new room zeroed),
 * keeping what is there; *cap is the room so far. */
static int el_series_reserve(eval_report *out, size_t *cap, size_t ni, size_t n, err *e)
{
	if (n <= *cap)
		return 0;
	size_t nc = *cap * 2 > n ? *cap * 2 : n, w = ni ? ni : 1;
	if (nc > SIZE_MAX / sizeof(eval_series) / w)
		return err_set(e, ERR_TOOBIG, "quá nhiều đơn vị × chỉ tiêu");
	eval_series *p = realloc(out->prev, nc * w * sizeof *p);
	if (p)
		out->prev = p;
	eval_series *c = realloc(out->cur, nc * w * sizeof *c);
	if (c)
		out->cur = c;
	if (!p || !c)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
	size_t old = *cap * w;
	memset(out->prev + old, 0, (nc * w - old) * sizeof *p);
	memset(out->cur + old, 0, (nc * w - old) * sizeof *c);
	*cap = nc;
	return 0;
}

/* True when the plan's tree says no predecessor link names the unit (pl NULL: unknown). */
static bool el_unlinked(const el_plan *pl, const unit *u)
{
	long t = pl ? el_node(pl, u->id) : -1;
	return t >= 0 && !pl->tree[t].linked;
}

/* A loaded unit that may stand on its roll-ups, while its level is read. */
typedef struct el_cand {
	size_t idx;     /* in out->units */
	int32_t n_kids;
	bool ok;        /* every roll-up row it needs is the engine's figure */
} el_cand;

/* What the two reads of a level write into. */
typedef struct el_lvl {
	const el_plan *pl;
	el_cand *c;      /* in unit order */
	const unit *units; /* out->units */
	el_id *by_id;    /* unit id -> index in c, sorted by id */
	size_t n;
	eval_series *prev, *cur; /* out's, n_inds per loaded unit */
	int64_t last_id; /* rows come in runs of one unit: skip the bsearch */
	int last;
} el_lvl;

static int el_lvl_find(el_lvl *x, int64_t unit_id)
{
	if (x->last < 0 || unit_id != x->last_id) {
		x->last_id = unit_id;
		x->last = el_find_id(x->by_id, x->n, unit_id);
	}
	return x->last;
}

/* True when candidate k's figure of indicator i is its units' aggregate
 * (core/source.h: a candidate has units below). */
static bool el_cand_agg(const el_lvl *x, int k, size_t i)
{
	const unit *u = &x->units[x->c[k].idx];
	const indicator *ind = &x->pl->inds[i];
	fig_source set = fig_source_lookup(x->pl->src, ind->id, u->id, u->type);
	return fig_source_effective(ind, true, set) == FIG_AGGREGATED;
}

/* The own values of a candidate where its figure is its own: written into
 * its series. */
static int el_own_cell(void *ctx, const store_cell *c)
{
	el_lvl *x = ctx;
	const el_plan *pl = x->pl;
	int i = el_ind_of(pl->ix, c->indicator_id);
	if (i < 0 || (c->year != pl->year && c->year != pl->year - 1))
		return 0;
	int k = el_lvl_find(x, c->unit_id);
	if (k < 0)
		return 0;
	size_t y = c->year == pl->year, ni = pl->n_inds;
	if (el_cand_agg(x, k, (size_t)i))
		return 0; /* its figure is its units' aggregate: the roll-up's */
	if (c->month >= 1 && c->month <= 12)
		el_put_cell((y ? x->cur : x->prev) + x->c[k].idx * ni + (size_t)i, c);
	return 0;
}

/* One roll-up row of a candidate: checked, and written into its series
 * where it has no own value; a row that is not the engine's figure rules
 * the candidate out. */
static int el_row_cb(void *ctx, const store_rollup *ro)
{
	el_lvl *x = ctx;
	const el_plan *pl = x->pl;
	int i = el_ind_of(pl->ix, ro->indicator_id);
	if (i < 0 || (ro->year != pl->year && ro->year != pl->year - 1))
		return 0;
	int k = el_lvl_find(x, ro->unit_id);
	if (k < 0 || !x->c[k].ok)
		return 0;
	size_t y = ro->year == pl->year, ni = pl->n_inds;
	if (!pl->agg[i] || !el_cand_agg(x, k, (size_t)i))
		return 0; /* not rolled up, or the unit's figure is its own (core/source.h) */
	int32_t n_kids = x->c[k].n_kids;
	for (int m = 0; m < 12; m++) {
		int32_t nv = ro->m[m].n_val;
		if ((ro->poison & (1u << m)) || (pl->agg[i] == 2 && nv != 0) ||
		    (nv != 0 && nv != n_kids)) {
			/* poisoned; a weighted average is the engine's to compute; some
			 * but not all children reported (maybe partial) */
			x->c[k].ok = false;
			return 0;
		}
	}
	eval_series *r = (y ? x->cur : x->prev) + x->c[k].idx * ni + (size_t)i;
	uint16_t has = 0, est = 0;
	for (int m = 0; m < 12; m++) {
		r->m[m] = ro->m[m].sum;
		if (ro->m[m].n_val > 0)
			has |= (uint16_t)(1u << m);
		if (ro->m[m].n_est > 0)
			est |= (uint16_t)(1u << m);
	}
	r->has = has;
	r->est = est;
	return 0;
}

/* True when the unit's children are all leaves valid through from..to and
 * none is named by a link (*n_kids: how many); false for a leaf. */
static bool el_candidate(const el_plan *pl, const unit *u, cdate from, cdate to, int32_t *n_kids)
{
	long t = el_node(pl, u->id);
	if (t < 0 || pl->tree[t].linked)
		return false;
	size_t k0 = pl->kid_start[t], k1 = pl->kid_start[t + 1];
	*n_kids = (int32_t)(k1 - k0);
	if (!*n_kids)
		return false;
	for (size_t k = k0; k < k1; k++) {
		const store_tree_node *c = &pl->tree[pl->kid[k]];
		if (c->linked || pl->kid_start[pl->kid[k]] != pl->kid_start[pl->kid[k] + 1] ||
		    !el_valid_through(c->valid_from, c->valid_to, from, to))
			return false;
	}
	return true;
}

/* Appends loaded unit idx to the plan's list of units standing on their roll-ups. */
static int el_ps_push(el_plan *pl, size_t idx, err *e)
{
	if (pl->n_ps == pl->cap_ps) {
		size_t nc = pl->cap_ps ? pl->cap_ps * 2 : 16;
		int *np = realloc(pl->ps, nc * sizeof *np);
		if (!np)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc số liệu tổng hợp");
		pl->ps = np;
		pl->cap_ps = nc;
	}
	pl->ps[pl->n_ps++] = (int)idx;
	return 0;
}

/* True when loaded unit idx stands on its roll-ups (pl->ps is in increasing order). */
static bool el_is_ps(const el_plan *pl, size_t idx)
{
	size_t lo = 0, hi = pl->n_ps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((size_t)pl->ps[mid] < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pl->n_ps && (size_t)pl->ps[lo] == idx;
}

/*
 * Decides, for the loaded units [q0, q1) of one breadth-first level (the
 * root excepted), which may stand without their children (see the top of
 * the file): their own values and their roll-ups are read for the whole
 * level at once (two statements, whatever its size), written into their
 * series (out->prev, out->cur, made room for), and the units that pass are
 * recorded in the plan. The others' series are left empty: their values
 * are read with their children's.
 */
static int el_pseudo_level(store *s, el_plan *pl, eval_report *out, size_t q0, size_t q1, err *e)
{
	cdate from = { pl->year - 1, 1, 1 }, to = { pl->year, 12, 31 };
	size_t ni = pl->n_inds, n = 0;
	if (q0 == 0)
		q0 = 1; /* the evaluated unit always stands on its children */
	if (q1 <= q0)
		return 0;
	el_lvl x = { .pl = pl, .units = out->units, .last = -1 };
	x.c = malloc((q1 - q0) * sizeof *x.c);
	x.by_id = malloc((q1 - q0) * sizeof *x.by_id);
	int64_t *ids = malloc((q1 - q0) * sizeof *ids);
	int rc = 0;
	if (!x.c || !x.by_id || !ids) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc số liệu tổng hợp");
		goto done;
	}
	for (size_t q = q0; q < q1; q++) {
		int32_t nk;
		if (!el_candidate(pl, &out->units[q], from, to, &nk))
			continue;
		x.c[n] = (el_cand){ q, nk, true };
		x.by_id[n] = (el_id){ out->units[q].id, (int)n };
		ids[n] = out->units[q].id;
		n++;
	}
	if (!n)
		goto done;
	x.n = n;
	qsort(x.by_id, n, sizeof *x.by_id, el_id_cmp);
	if ((rc = el_series_reserve(out, &pl->series_cap, ni, out->n_units, e)) != 0)
		goto done;
	x.prev = out->prev;
	x.cur = out->cur;
	/* on a server, the three reads go ahead together: the server works on the
	 * next while this side reads the last one's rows. When every unit of the
	 * level may stand on its roll-ups, no further level is likely: the
	 * targets of all loaded units, as eval_run will ask for them, go too. */
	store_prefetch_units(s, STORE_READ_CELLS, ids, n, pl->year - 1, pl->year);
	store_prefetch_units(s, STORE_READ_ROLLUPS, ids, n, pl->year - 1, pl->year);
	if (n == q1 - q0 && pl->n_tree > 4 * q1) {
		int64_t *all = malloc(q1 * sizeof *all);
		if (all) {
			for (size_t q = 0; q < q1; q++)
				all[q] = out->units[q].id;
			store_prefetch_units(s, STORE_READ_TARGETS, all, q1, pl->year, pl->year);
			free(all);
		}
	}
	rc = store_cells_for_units(s, ids, n, pl->year - 1, pl->year, el_own_cell, &x, e);
	x.last = -1;
	if (rc == 0)
		rc = store_rollup_for_units(s, ids, n, pl->year - 1, pl->year, el_row_cb, &x, e);
	for (size_t k = 0; k < n && rc == 0; k++) {
		if (x.c[k].ok) {
			rc = el_ps_push(pl, x.c[k].idx, e);
			continue;
		}
		memset(out->prev + x.c[k].idx * ni, 0, ni * sizeof *out->prev);
		memset(out->cur + x.c[k].idx * ni, 0, ni * sizeof *out->cur);
	}
done:
	free(x.c);
	free(x.by_id);
	free(ids);
	return rc;
}

/* Removes from ids[0..n) (the loaded units' ids, in unit order) those of
 * the units standing on their roll-ups; returns how many are left. */
static size_t el_drop_pseudo(const el_plan *pl, int64_t *ids, size_t n)
{
	size_t kept = 0, p = 0;
	/* pl->ps is in increasing unit order: the breadth-first load tries units in order */
	for (size_t u = 0; u < n; u++) {
		if (p < pl->n_ps && (size_t)pl->ps[p] == u) {
			p++;
			continue;
		}
		ids[kept++] = ids[u];
	}
	return kept;
}

/* What the cell walk writes into. */
typedef struct el_cells {
	int year;
	size_t n_inds;
	const el_inds *ix;
	const el_id *unit_map;
	size_t n_unit_map;
	eval_series *prev, *cur;
	int64_t last_ind_id, last_unit_id; /* the store walks cells in runs: skip the bsearch */
	int last_ind, last_unit;
} el_cells;

static int el_cell(void *ctx, const store_cell *c)
{
	el_cells *x = ctx;
	if (c->month < 1 || c->month > 12 || (c->year != x->year && c->year != x->year - 1))
		return 0;
	if (c->indicator_id != x->last_ind_id || x->last_ind < 0) {
		x->last_ind_id = c->indicator_id;
		x->last_ind = el_ind_of(x->ix, c->indicator_id);
	}
	if (c->unit_id != x->last_unit_id || x->last_unit < 0) {
		x->last_unit_id = c->unit_id;
		x->last_unit = el_find_id(x->unit_map, x->n_unit_map, c->unit_id);
	}
	int i = x->last_ind, u = x->last_unit;
	if (i < 0 || u < 0)
		return 0;
	el_put_cell((c->year == x->year ? x->cur : x->prev) + (size_t)u * x->n_inds + (size_t)i, c);
	return 0;
}

/* What the approval walk of el_approved_only writes into. */
typedef struct el_appr {
	const el_id *unit_map;
	size_t n;
	const unit *units; /* the loaded units, for their types */
	unsigned accept;   /* the unit types whose months wait for acceptance */
	uint16_t *mask;    /* per loaded unit: the months final (approved or accepted) */
} el_appr;

static int el_appr_cb(void *ctx, int64_t unit_id, int month, const char *state)
{
	el_appr *x = ctx;
	int u = el_find_id(x->unit_map, x->n, unit_id);
	if (u >= 0 && month >= 1 && month <= 12 && appr_final_code(state, x->units[u].type, x->accept))
		x->mask[u] |= (uint16_t)(1u << (month - 1));
	return 0;
}

/*
 * Approved figures only (eval_opts.approved_only): every loaded unit's months
 * of both years that are not final (approved or accepted; only accepted for
 * a unit type whose acceptance is asked for: core/approval.h; a
 * quarter's, half's or year's value sits in its last month, whose approval
 * is the period's) are taken out of out->prev and out->cur. ids are the
 * loaded units' ids, in unit order.
 */
static int el_approved_only(store *s, eval_report *out, const int64_t *ids, size_t nu, int year, err *e)
{
	size_t ni = out->n_inds;
	el_id *map = malloc((nu ? nu : 1) * sizeof *map);
	uint16_t *mask = calloc(nu ? nu : 1, sizeof *mask);
	int rc = 0;
	if (!map || !mask) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc trạng thái duyệt");
		goto done;
	}
	for (size_t u = 0; u < nu; u++)
		map[u] = (el_id){ ids[u], (int)u };
	qsort(map, nu, sizeof *map, el_id_cmp);
	unsigned accept = 0;
	if ((rc = approval_accept_get(s, &accept, e)))
		goto done;
	for (int y = 0; y < 2 && rc == 0; y++) {
		el_appr x = { map, nu, out->units, accept, mask };
		eval_series *ser = y ? out->cur : out->prev;
		memset(mask, 0, nu * sizeof *mask);
		if ((rc = store_approval_states(s, ids, nu, year - 1 + y, el_appr_cb, &x, e)) != 0)
			break;
		for (size_t u = 0; u < nu; u++)
			for (size_t i = 0; i < ni; i++) {
				eval_series *c = &ser[u * ni + i];
				c->has &= mask[u];
				c->est &= mask[u];
			}
	}
done:
	free(map);
	free(mask);
	return rc;
}

/* Puts the year's targets (not the terms') into out->targets. */
static void el_targets(eval_report *out, const el_code *unit_codes, size_t nu,
		       const el_code *ind_codes, size_t ni, int year, const target *tg, size_t n_tg)
{
	for (size_t k = 0; k < n_tg; k++) {
		const target *t = &tg[k];
		if (t->year_from != year || t->year_to != year)
			continue;
		int u = el_find_code(unit_codes, nu, t->unit_code);
		int i = el_find_code(ind_codes, ni, t->indicator_code);
		if (u < 0 || i < 0)
			continue;
		eval_target *et = &out->targets[(size_t)u * ni + (size_t)i];
		if (t->source == TGT_SRC_OWN) {
			et->has_own = true;
			et->own = *t;
		} else {
			et->has_assigned = true;
			et->assigned = *t;
		}
	}
}

/* The fast path: the loaded units' targets of the year, by unit position and indicator id. */
typedef struct el_tctx {
	eval_report *out;
	const el_inds *ix;
	size_t ni;
} el_tctx;

static int el_target_cb(void *ctx, size_t u, int64_t indicator_id, const target *t)
{
	el_tctx *x = ctx;
	int i = el_ind_of(x->ix, indicator_id);
	if (i < 0)
		return 0;
	eval_target *et = &x->out->targets[u * x->ni + (size_t)i];
	target *dst = t->source == TGT_SRC_OWN ? &et->own : &et->assigned;
	/* the fields, then the note's text: its tail is still zero (calloc), and
	 * the six cache lines of a whole copy were most of this read's writes */
	size_t len = strnlen(t->note, sizeof t->note - 1);
	memcpy(dst, t, offsetof(target, note));
	memcpy(dst->note, t->note, len);
	dst->note[len] = '\0';
	memcpy(dst->unit_code, x->out->units[u].code, sizeof dst->unit_code);
	memcpy(dst->indicator_code, x->out->inds[i].code, sizeof dst->indicator_code);
	if (t->source == TGT_SRC_OWN)
		et->has_own = true;
	else
		et->has_assigned = true;
	return 0;
}

/* Appends one unit with its parent index, growing the arrays. */
static int el_push(eval_report *out, size_t *cap, const unit *u, int parent, err *e)
{
	if (out->n_units == *cap) {
		size_t nc = *cap * 2;
		unit *nu = realloc(out->units, nc * sizeof *nu);
		if (nu)
			out->units = nu;
		int *np = realloc(out->parent, nc * sizeof *np);
		if (np)
			out->parent = np;
		if (!nu || !np)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị");
		*cap = nc;
	}
	out->units[out->n_units] = *u;
	out->parent[out->n_units] = parent;
	out->n_units++;
	return 0;
}

/* The index of the loaded unit with that code, -1 if none. */
static int el_index_of(const eval_report *out, const char *code)
{
	for (size_t u = 0; u < out->n_units; u++)
		if (strcmp(out->units[u].code, code) == 0)
			return (int)u;
	return -1;
}

/* Appends the children of unit q valid on some day of from..to (and not
 * loaded yet), unless the plan lets q stand on its roll-up or its tree says
 * q has no children (pl NULL: ask the store). */
static int el_kids(store *s, eval_report *out, size_t *cap, size_t q, cdate from, cdate to,
		   const el_plan *pl, err *e)
{
	if (pl) {
		long t = el_node(pl, out->units[q].id);
		if (el_is_ps(pl, q) || (t >= 0 && pl->kid_start[t] == pl->kid_start[t + 1]))
			return 0;
	}
	char code[CODE_MAX];
	memcpy(code, out->units[q].code, CODE_MAX);
	unit *kids = NULL;
	size_t nk = 0;
	int rc = store_unit_list(s, code, NULL, &kids, &nk, e);
	for (size_t k = 0; !rc && k < nk; k++)
		if (el_valid_between(&kids[k], from, to) && el_index_of(out, kids[k].code) < 0)
			rc = el_push(out, cap, &kids[k], (int)q, e);
	free(kids);
	return rc;
}

/*
 * Loads unit_code and its descendants valid on some day of the period,
 * parents first (breadth-first); then, for every loaded unit, its
 * predecessors (with their subtrees valid during year-1..year), appended
 * after, and the predecessor lists as CSR arrays.
 */
static int el_units(store *s, const char *unit_code, const period *p, eval_report *out,
		    el_plan *pl, err *e)
{
	size_t cap = 16;
	int rc = 0;
	cdate from = period_start_date(p), to = period_end_date(p);
	cdate wide_from = { p->year - 1, 1, 1 }, wide_to = { p->year, 12, 31 };
	out->units = malloc(cap * sizeof *out->units);
	out->parent = malloc(cap * sizeof *out->parent);
	if (!out->units || !out->parent)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị");
	unit root;
	rc = store_unit_get(s, unit_code, &root, e);
	if (rc)
		return rc;
	if (!el_valid_between(&root, from, to))
		return el_not_valid(s, &root, from, to, e);
	rc = el_push(out, &cap, &root, -1, e);
	/* level by level: a level's candidates for the roll-ups are read together */
	for (size_t q = 0; !rc && q < out->n_units;) {
		size_t end = out->n_units;
		if (pl)
			rc = el_pseudo_level(s, pl, out, q, end, e);
		for (; !rc && q < end; q++)
			rc = el_kids(s, out, &cap, q, from, to, pl, e);
	}
	if (rc)
		return rc;
	size_t n_sub = out->n_units;

	/* predecessors, for every loaded unit (also the appended ones: chains) */
	size_t pcap = 16, np = 0;
	int *pidx = malloc(pcap * sizeof *pidx);
	out->pred_start = malloc((out->n_units + 1) * sizeof *out->pred_start);
	if (!pidx || !out->pred_start) {
		free(pidx);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị tiền thân");
	}
	for (size_t q = 0; !rc && q < out->n_units; q++) {
		if (q >= n_sub)
			rc = el_kids(s, out, &cap, q, wide_from, wide_to, NULL, e);
		int *ps = realloc(out->pred_start, (out->n_units + 1) * sizeof *ps);
		if (!ps) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị tiền thân");
			break;
		}
		out->pred_start = ps;
		out->pred_start[q] = (int)np;
		if (rc)
			break;
		if (el_unlinked(pl, &out->units[q]))
			continue; /* named by no link: nothing to ask the store */
		char code[CODE_MAX];
		memcpy(code, out->units[q].code, CODE_MAX);
		unit_link *links = NULL;
		size_t nl = 0;
		rc = store_unit_link_list(s, code, &links, &nl, e);
		for (size_t k = 0; !rc && k < nl; k++) {
			int pi = el_index_of(out, links[k].from_code);
			if (pi < 0) {
				unit pu;
				rc = store_unit_get(s, links[k].from_code, &pu, e);
				if (rc)
					break;
				rc = el_push(out, &cap, &pu, el_index_of(out, pu.parent_code), e);
				if (rc)
					break;
				pi = (int)out->n_units - 1;
			}
			if ((size_t)pi == q)
				continue;
			if (np == pcap) {
				int *ni = realloc(pidx, pcap * 2 * sizeof *ni);
				if (!ni) {
					rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị tiền thân");
					break;
				}
				pidx = ni;
				pcap *= 2;
			}
			pidx[np++] = pi;
		}
		free(links);
	}
	if (rc) {
		free(pidx);
		return rc;
	}
	int *ps = realloc(out->pred_start, (out->n_units + 1) * sizeof *ps);
	if (!ps) {
		free(pidx);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị tiền thân");
	}
	out->pred_start = ps;
	out->pred_start[out->n_units] = (int)np;
	out->pred_idx = pidx;
	return 0;
}

int eval_run(store *s, const char *unit_code, const period *p, const eval_opts *o, eval_report *out, err *e)
{
	if (!out)
		return err_set(e, ERR_INVALID, "eval_run: thiếu nơi nhận kết quả (out)");
	memset(out, 0, sizeof *out);
	if (!s || !unit_code || !p)
		return err_set(e, ERR_INVALID, "eval_run: thiếu kho dữ liệu, mã đơn vị hoặc kỳ");
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "kỳ đánh giá không hợp lệ (period)");
	int year = p->year, rc;
	el_id *ind_map = NULL, *unit_map = NULL;
	el_inds ix = { 0 };
	el_code *ind_codes = NULL, *unit_codes = NULL;
	target *tg = NULL;
	int64_t *ids = NULL;
	size_t n_tg = 0;
	el_plan plan;
	bool plan_on = false;
	fig_source_rule *rules = NULL;
	size_t n_rules = 0;
	fig_source_table *src = NULL;
	memset(&plan, 0, sizeof plan);

	rc = store_indicator_list(s, &out->inds, &out->n_inds, e);
	if (rc)
		goto fail;
	size_t ni = out->n_inds;
	ind_map = malloc((ni ? ni : 1) * sizeof *ind_map);
	if (!ind_map) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
		goto fail;
	}
	for (size_t i = 0; i < ni; i++)
		ind_map[i] = (el_id){ out->inds[i].id, (int)i };
	qsort(ind_map, ni, sizeof *ind_map, el_id_cmp);
	if ((rc = el_inds_init(&ix, ind_map, ni, e)) != 0 ||
	    (rc = store_sources_list(s, &rules, &n_rules, e)) != 0 ||
	    (rc = fig_source_table_new(rules, n_rules, &src, e)) != 0 ||
	    (rc = (o && o->approved_only) ? 0 : el_plan_init(s, out->inds, ni, &ix, year, &plan, &plan_on, e)) != 0)
		goto fail; /* approved figures only: the roll-ups hold every figure, so not used */
	plan.src = src;
	rc = el_units(s, unit_code, p, out, plan_on ? &plan : NULL, e);
	if (rc)
		goto fail;

	size_t nu = out->n_units, cells = nu * ni;
	if ((rc = el_series_reserve(out, &plan.series_cap, ni, nu, e)) != 0)
		goto fail;
	out->targets = calloc(cells ? cells : 1, sizeof *out->targets);
	ind_codes = malloc((ni ? ni : 1) * sizeof *ind_codes);
	unit_map = malloc(nu * sizeof *unit_map);
	unit_codes = malloc(nu * sizeof *unit_codes);
	ids = malloc(nu * sizeof *ids);
	if (!out->targets || !ind_map || !ind_codes || !unit_map || !unit_codes ||
	    !ids) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
		goto fail;
	}
	for (size_t i = 0; i < ni; i++)
		ind_codes[i] = (el_code){ out->inds[i].code, (int)i };
	for (size_t u = 0; u < nu; u++) {
		unit_map[u] = (el_id){ out->units[u].id, (int)u };
		unit_codes[u] = (el_code){ out->units[u].code, (int)u };
		ids[u] = out->units[u].id;
	}
	qsort(ind_codes, ni, sizeof *ind_codes, el_code_cmp);
	qsort(unit_map, nu, sizeof *unit_map, el_id_cmp);
	qsort(unit_codes, nu, sizeof *unit_codes, el_code_cmp);

	/* the year's targets (term targets are not the year's): the loaded units'
	 * own when they are few of the tree (a nation's 35 of 3,356), else all at once */
	if (plan_on && plan.n_tree > 4 * nu) {
		el_tctx tc = { out, &ix, ni };
		rc = store_targets_for_units(s, ids, nu, year, el_target_cb, &tc, e);
	} else {
		rc = store_target_list(s, NULL, NULL, year, &tg, &n_tg, e);
		if (rc == 0)
			el_targets(out, unit_codes, nu, ind_codes, ni, year, tg, n_tg);
	}
	if (rc)
		goto fail;

	/* values of last year and this year (the units standing on their
	 * roll-ups have theirs already: the ids of the others, in place) */
	size_t n_read = el_drop_pseudo(&plan, ids, nu);
	el_cells cx = { year, ni, &ix, unit_map, nu, out->prev, out->cur, 0, 0, -1, -1 };
	rc = store_cells_for_units(s, ids, n_read, year - 1, year, el_cell, &cx, e);
	if (rc)
		goto fail;

	/* the year before last, for the forecasts' record: only when a flow's
	 * forecast can use it (enough months known, not yet the year's end), and
	 * not when some units stand on their roll-ups (a nation's provinces:
	 * their parents' figures of that year would be partial, and the forecast
	 * does without) */
	if (o && o->forecast && !o->approved_only && cells && n_read == nu &&
	    forecast_uses_prev2(eval_known_month(p, o))) {
		if (!(out->prev2 = calloc(cells, sizeof *out->prev2))) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
			goto fail;
		}
		el_cells c2 = { year - 2, ni, &ix, unit_map, nu, out->prev2, out->prev2, 0, 0, -1, -1 };
		rc = store_cells_for_units(s, ids, n_read, year - 2, year - 2, el_cell, &c2, e);
		if (rc)
			goto fail;
	}

	if (o && o->approved_only) {
		/* the roll-up fast path is off in this mode, so ids still lists every loaded unit */
		if (n_read != nu)
			rc = err_set(e, ERR_DB, "eval_run: số liệu đã duyệt không đọc qua số liệu tổng hợp");
		else
			rc = el_approved_only(s, out, ids, nu, year, e);
		if (rc)
			goto fail;
	}

	/* the settings of own or aggregated figures, per loaded unit */
	if (src && cells) {
		if (!(out->source_set = calloc(cells, 1))) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
			goto fail;
		}
		for (size_t i = 0; i < ni; i++) {
			if (!fig_source_table_names(src, out->inds[i].id))
				continue;
			for (size_t u = 0; u < nu; u++)
				out->source_set[u * ni + i] = (uint8_t)fig_source_lookup(
					src, out->inds[i].id, out->units[u].id, out->units[u].type);
		}
	}

	out->data = (eval_data){
		.year = year,
		.inds = out->inds, .n_inds = ni,
		.units = out->units, .n_units = nu,
		.parent = out->parent,
		.pred_start = out->pred_start, .pred_idx = out->pred_idx,
		.prev = out->prev, .cur = out->cur, .prev2 = out->prev2,
		.targets = out->targets,
		.source_set = out->source_set,
	};
	rc = eval_compute(&out->data, p, o, &out->result, e);
	if (rc)
		goto fail;
	free(ind_map);
	free(ix.dense);
	free(ind_codes);
	free(unit_map);
	free(unit_codes);
	free(ids);
	free(tg);
	el_plan_free(&plan);
	fig_source_table_free(src);
	free(rules);
	return 0;

fail:
	free(ind_map);
	free(ix.dense);
	free(ind_codes);
	free(unit_map);
	free(unit_codes);
	free(ids);
	free(tg);
	el_plan_free(&plan);
	fig_source_table_free(src);
	free(rules);
	eval_report_free(out);
	return rc;
}

void eval_report_free(eval_report *r)
{
	if (!r)
		return;
	eval_result_free(&r->result);
	free(r->inds);
	free(r->units);
	free(r->parent);
	free(r->pred_start);
	free(r->pred_idx);
	free(r->prev);
	free(r->cur);
	free(r->prev2);
	free(r->targets);
	free(r->source_set);
	memset(r, 0, sizeof *r);
}
