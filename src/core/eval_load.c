/*
 * eval_load.c - eval_run: loads what one evaluation needs from the store (the
 * unit, its descendants valid during the year, every indicator, the year's
 * targets, the values of last year and this year) into an eval_data, then
 * calls eval_compute (eval.c).
 *
 * Loading is a handful of store calls: one unit list per unit of the subtree,
 * one indicator list, one target list for the year and one walk of the value
 * cells; ids are mapped to array indexes through sorted arrays (bsearch), so
 * no per-value allocation or SQL. Not for: evaluation rules (eval.c) or
 * formatting.
 */
#include "core/eval.h"

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

/* True when the unit existed on some day of `year`. */
static bool el_valid_in_year(const unit *u, int year)
{
	cdate first = { year, 1, 1 }, last = { year, 12, 31 };
	if (!cdate_is_none(u->valid_from) && cdate_cmp(u->valid_from, last) > 0)
		return false;
	if (!cdate_is_none(u->valid_to) && cdate_cmp(u->valid_to, first) < 0)
		return false;
	return true;
}

/* What the cell walk writes into. */
typedef struct el_cells {
	int year;
	size_t n_inds;
	const el_id *ind_map, *unit_map;
	size_t n_ind_map, n_unit_map;
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
		x->last_ind = el_find_id(x->ind_map, x->n_ind_map, c->indicator_id);
	}
	if (c->unit_id != x->last_unit_id || x->last_unit < 0) {
		x->last_unit_id = c->unit_id;
		x->last_unit = el_find_id(x->unit_map, x->n_unit_map, c->unit_id);
	}
	int i = x->last_ind, u = x->last_unit;
	if (i < 0 || u < 0)
		return 0;
	eval_series *s = (c->year == x->year ? x->cur : x->prev) + (size_t)u * x->n_inds + (size_t)i;
	uint16_t bit = (uint16_t)(1u << (c->month - 1));
	s->m[c->month - 1] = c->amount;
	s->has |= bit;
	if (c->estimate)
		s->est |= bit;
	else
		s->est &= (uint16_t)~bit;
	return 0;
}

/* Loads unit_code and its descendants valid during `year`, parents first (breadth-first). */
static int el_units(store *s, const char *unit_code, int year, eval_report *out, err *e)
{
	size_t cap = 16, n = 0;
	int rc = 0;
	out->units = malloc(cap * sizeof *out->units);
	out->parent = malloc(cap * sizeof *out->parent);
	if (!out->units || !out->parent)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị");
	rc = store_unit_get(s, unit_code, &out->units[0], e);
	if (rc)
		return rc;
	if (!el_valid_in_year(&out->units[0], year))
		return err_set(e, ERR_CONFLICT, "đơn vị %s không tồn tại trong năm %d (hiệu lực)", unit_code, year);
	out->parent[0] = -1;
	n = 1;
	for (size_t q = 0; q < n; q++) {
		char code[CODE_MAX];
		memcpy(code, out->units[q].code, CODE_MAX);
		unit *kids = NULL;
		size_t nk = 0;
		rc = store_unit_list(s, code, NULL, &kids, &nk, e);
		if (rc)
			return rc;
		for (size_t k = 0; k < nk; k++) {
			if (!el_valid_in_year(&kids[k], year))
				continue;
			if (n == cap) {
				cap *= 2;
				unit *nu = realloc(out->units, cap * sizeof *nu);
				if (nu)
					out->units = nu;
				int *np = realloc(out->parent, cap * sizeof *np);
				if (np)
					out->parent = np;
				if (!nu || !np) {
					free(kids);
					return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp đơn vị");
				}
			}
			out->units[n] = kids[k];
			out->parent[n] = (int)q;
			n++;
		}
		free(kids);
		out->n_units = n;
	}
	out->n_units = n;
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
	el_code *ind_codes = NULL, *unit_codes = NULL;
	target *tg = NULL;
	int64_t *ids = NULL;
	size_t n_tg = 0;

	rc = el_units(s, unit_code, year, out, e);
	if (rc)
		goto fail;
	rc = store_indicator_list(s, &out->inds, &out->n_inds, e);
	if (rc)
		goto fail;

	size_t nu = out->n_units, ni = out->n_inds, cells = nu * ni;
	out->prev = calloc(cells ? cells : 1, sizeof *out->prev);
	out->cur = calloc(cells ? cells : 1, sizeof *out->cur);
	out->targets = calloc(cells ? cells : 1, sizeof *out->targets);
	ind_map = malloc((ni ? ni : 1) * sizeof *ind_map);
	ind_codes = malloc((ni ? ni : 1) * sizeof *ind_codes);
	unit_map = malloc(nu * sizeof *unit_map);
	unit_codes = malloc(nu * sizeof *unit_codes);
	ids = malloc(nu * sizeof *ids);
	if (!out->prev || !out->cur || !out->targets || !ind_map || !ind_codes || !unit_map || !unit_codes ||
	    !ids) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp dữ liệu đánh giá");
		goto fail;
	}
	for (size_t i = 0; i < ni; i++) {
		ind_map[i] = (el_id){ out->inds[i].id, (int)i };
		ind_codes[i] = (el_code){ out->inds[i].code, (int)i };
	}
	for (size_t u = 0; u < nu; u++) {
		unit_map[u] = (el_id){ out->units[u].id, (int)u };
		unit_codes[u] = (el_code){ out->units[u].code, (int)u };
		ids[u] = out->units[u].id;
	}
	qsort(ind_map, ni, sizeof *ind_map, el_id_cmp);
	qsort(ind_codes, ni, sizeof *ind_codes, el_code_cmp);
	qsort(unit_map, nu, sizeof *unit_map, el_id_cmp);
	qsort(unit_codes, nu, sizeof *unit_codes, el_code_cmp);

	/* the year's targets (term targets are not the year's) */
	rc = store_target_list(s, NULL, NULL, year, &tg, &n_tg, e);
	if (rc)
		goto fail;
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

	/* values of last year and this year */
	el_cells cx = { year, ni, ind_map, unit_map, ni, nu, out->prev, out->cur, 0, 0, -1, -1 };
	rc = store_cells_for_units(s, ids, nu, year - 1, year, el_cell, &cx, e);
	if (rc)
		goto fail;

	out->data = (eval_data){
		.year = year,
		.inds = out->inds, .n_inds = ni,
		.units = out->units, .n_units = nu,
		.parent = out->parent,
		.prev = out->prev, .cur = out->cur,
		.targets = out->targets,
	};
	rc = eval_compute(&out->data, p, o, &out->result, e);
	if (rc)
		goto fail;
	free(ind_map);
	free(ind_codes);
	free(unit_map);
	free(unit_codes);
	free(ids);
	free(tg);
	return 0;

fail:
	free(ind_map);
	free(ind_codes);
	free(unit_map);
	free(unit_codes);
	free(ids);
	free(tg);
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
	free(r->prev);
	free(r->cur);
	free(r->targets);
	memset(r, 0, sizeof *r);
}
