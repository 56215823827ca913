/*
 * eval_series.c - eval_series_run: one indicator's monthly series at one
 * unit over years, from the store's roll-ups (one row per year) or, when
 * they are not ready, from the values of the whole subtree.
 *
 * Not for: evaluation rules (eval.c) or drawing (the faces).
 */
#include "core/eval_series.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"

/* Sums of the subtree walk: per loaded unit and year, own and summed months. */
typedef struct es_walk {
	int64_t ind_id;
	int y0, ny;
	const store_tree_node *tree;
	size_t n_tree;
	eval_series *own; /* [t * ny + y] */
} es_walk;

static int es_node_cmp(const void *a, const void *b)
{
	const store_tree_node *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static long es_node(const es_walk *w, int64_t id)
{
	store_tree_node key = { .id = id };
	const store_tree_node *hit = bsearch(&key, w->tree, w->n_tree, sizeof key, es_node_cmp);
	return hit ? hit - w->tree : -1;
}

static int es_cell(void *ctx, const store_cell *c)
{
	es_walk *w = ctx;
	if (c->indicator_id != w->ind_id || c->month < 1 || c->month > 12 || c->year < w->y0 ||
	    c->year >= w->y0 + w->ny)
		return 0;
	long t = es_node(w, c->unit_id);
	if (t < 0)
		return 0;
	eval_series *s = &w->own[(size_t)t * (size_t)w->ny + (size_t)(c->year - w->y0)];
	uint16_t bit = (uint16_t)(1u << (c->month - 1));
	s->m[c->month - 1] = c->amount;
	s->has |= bit;
	if (c->estimate)
		s->est |= bit;
	return 0;
}

/* Without roll-ups: every value of the subtree, summed bottom-up. */
static int es_from_values(store *s, int64_t root_id, int64_t ind_id, int y0, int ny,
			  eval_series *out, err *e)
{
	es_walk w = { .ind_id = ind_id, .y0 = y0, .ny = ny };
	store_tree_node *tree = NULL;
	int rc = store_unit_tree(s, &tree, &w.n_tree, e);
	if (rc)
		return rc;
	w.tree = tree;
	size_t nt = w.n_tree;
	long *par = malloc((nt ? nt : 1) * sizeof *par);
	long *order = malloc((nt ? nt : 1) * sizeof *order);
	bool *in = calloc(nt ? nt : 1, sizeof *in);
	w.own = calloc((nt ? nt : 1) * (size_t)ny, sizeof *w.own);
	eval_series *sum = calloc((nt ? nt : 1) * (size_t)ny, sizeof *sum);
	int64_t *ids = malloc((nt ? nt : 1) * sizeof *ids);
	if (!par || !order || !in || !w.own || !sum || !ids) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi tính chuỗi số liệu");
		goto done;
	}
	for (size_t t = 0; t < nt; t++)
		par[t] = tree[t].parent_id ? es_node(&w, tree[t].parent_id) : -1;
	/* the subtree, parents before children (breadth-first over a parent scan) */
	long root = es_node(&w, root_id);
	size_t n = 0;
	if (root >= 0) {
		order[n++] = root;
		in[root] = true;
		for (size_t q = 0; q < n; q++)
			for (size_t t = 0; t < nt; t++)
				if (!in[t] && par[t] == order[q]) {
					in[t] = true;
					order[n++] = (long)t;
				}
	}
	for (size_t k = 0; k < n; k++)
		ids[k] = tree[order[k]].id;
	/* which of them report their own figure (core/source.h): a leaf always */
	for (size_t k = 0; k < n && rc == 0; k++) {
		long t = order[k];
		bool kids = false, own = true;
		for (size_t c = 0; c < nt && !kids; c++)
			kids = par[c] == t;
		if (kids)
			rc = store_source_own(s, tree[t].id, ind_id, &own, e);
		in[t] = own; /* reused: true where the unit's own values are its figure */
	}
	if (rc)
		goto done;
	if ((rc = store_cells_for_units(s, ids, n, y0, y0 + ny - 1, es_cell, &w, e)) != 0)
		goto done;
	for (size_t k = n; k-- > 0;) {
		long t = order[k];
		for (int y = 0; y < ny; y++) {
			eval_series *own = &w.own[(size_t)t * (size_t)ny + (size_t)y];
			eval_series *eff = in[t] ? own : &sum[(size_t)t * (size_t)ny + (size_t)y];
			if (t == root) {
				out[y] = *eff;
				continue;
			}
			eval_series *ps = &sum[(size_t)par[t] * (size_t)ny + (size_t)y];
			for (int m = 0; m < 12; m++) {
				uint16_t bit = (uint16_t)(1u << m);
				if (!(eff->has & bit))
					continue;
				ps->m[m] += eff->m[m];
				ps->has |= bit;
				ps->est |= (uint16_t)(eff->est & bit);
			}
		}
	}
done:
	free(tree);
	free(par);
	free(order);
	free(in);
	free(w.own);
	free(sum);
	free(ids);
	return rc;
}

int eval_series_run(store *s, const char *unit_code, const char *ind_code, int year_from,
		    int year_to, eval_series *out, err *e)
{
	unit u;
	indicator ind;
	bool ready = false;
	int rc, ny = year_to - year_from + 1;
	if (ny < 1 || ny > 200)
		return err_set(e, ERR_INVALID, "khoảng năm %d-%d không hợp lệ", year_from, year_to);
	memset(out, 0, (size_t)ny * sizeof *out);
	if ((rc = store_unit_get(s, unit_code, &u, e)) != 0 ||
	    (rc = store_indicator_get(s, ind_code, &ind, e)) != 0)
		return rc;
	const char *env = getenv("CHITIEU_ROLLUP");
	if (!(env && strcmp(env, "0") == 0) && (rc = store_rollup_ready(s, &ready, e)) != 0)
		return rc;
	if (!ready)
		return es_from_values(s, u.id, ind.id, year_from, ny, out, e);
	/* the unit's own values where its figure is its own (core/source.h), else its roll-up */
	bool own = true;
	if ((rc = store_source_own(s, u.id, ind.id, &own, e)) != 0)
		return rc;
	if (own) {
		es_walk w = { .ind_id = ind.id, .y0 = year_from, .ny = ny, .own = out, .n_tree = 1 };
		store_tree_node self = { .id = u.id };
		w.tree = &self;
		return store_cells_for_units(s, &u.id, 1, year_from, year_to, es_cell, &w, e);
	}
	for (int y = 0; y < ny; y++) {
		store_rollup r;
		bool found = false;
		if ((rc = store_rollup_get(s, u.id, year_from + y, ind.id, &r, &found, e)) != 0)
			return rc;
		if (found && r.poison)
			return es_from_values(s, u.id, ind.id, year_from, ny, out, e);
		for (int m = 0; found && m < 12; m++)
			if (r.m[m].n_val > 0) {
				out[y].m[m] = r.m[m].sum;
				out[y].has |= (uint16_t)(1u << m);
				if (r.m[m].n_est > 0)
					out[y].est |= (uint16_t)(1u << m);
			}
	}
	return 0;
}
