/*
 * period_default.c - the month a page opens on for a unit (period_default.h):
 * the months of the unit that hold data come from its own values and its
 * roll-ups (the sums over its children, kept by the store), or, while the
 * roll-ups are not ready, from the values of every unit under it; a month's
 * lock comes from lock_status_with (the reporting calendar, closings and
 * reopenings). Walked one year at a time from the usual month back.
 *
 * Not for: the pages' picking of a unit, or any figure (core/eval.c).
 */
#include "core/period_default.h"
#include "core/jsonw.h"
#include "core/lock.h"

#include <stdlib.h>
#include <string.h>

/* The months (bit m-1) of one year that hold data. */
typedef struct pd_year {
	int year;
	uint16_t months;
} pd_year;

static int pd_cell(void *ctx, const store_cell *c)
{
	pd_year *y = ctx;
	if (c->year == y->year && c->month >= 1 && c->month <= 12)
		y->months |= (uint16_t)(1u << (c->month - 1));
	return 0;
}

static int pd_rollup(void *ctx, const store_rollup *r)
{
	pd_year *y = ctx;
	if (r->year != y->year)
		return 0;
	for (int m = 0; m < 12; m++)
		if (r->m[m].n_val > 0 && !(r->poison & (1u << m)))
			y->months |= (uint16_t)(1u << m);
	return 0;
}

/* The position of id in t (ordered by id), or -1. */
static long pd_find(const store_tree_node *t, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t[mid].id == id)
			return (long)mid;
		if (t[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The ids of root_id and every unit under it (*out malloc'd): each node's
 * parents are followed up to the root or to a node already decided. */
static int pd_subtree(store *s, int64_t root_id, int64_t **out, size_t *n_out, err *e)
{
	store_tree_node *t = NULL;
	size_t n = 0;
	int rc = store_unit_tree(s, &t, &n, e);
	if (rc)
		return rc;
	int64_t *ids = malloc((n + 1) * sizeof *ids);
	signed char *in = calloc(n + 1, 1); /* 0 unknown, 1 under root_id, -1 not */
	long *path = malloc((n + 1) * sizeof *path);
	if (!ids || !in || !path) {
		free(t);
		free(ids);
		free(in);
		free(path);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tìm các đơn vị trực thuộc");
	}
	size_t k = 0;
	ids[k++] = root_id;
	for (size_t i = 0; i < n; i++) {
		size_t np = 0;
		long at = (long)i;
		signed char verdict = -1;
		while (at >= 0 && np <= n) {
			if (in[at]) {
				verdict = in[at];
				break;
			}
			if (t[at].id == root_id) {
				verdict = 1;
				break;
			}
			path[np++] = at;
			at = t[at].parent_id ? pd_find(t, n, t[at].parent_id) : -1;
		}
		for (size_t j = 0; j < np; j++) {
			in[path[j]] = verdict;
			if (verdict == 1)
				ids[k++] = t[path[j]].id;
		}
	}
	free(t);
	free(in);
	free(path);
	*out = ids;
	*n_out = k;
	return 0;
}

/* Fills y->months for y->year: the unit's own values and its roll-ups, or the subtree's values. */
static int pd_data_months(store *s, const unit *u, bool rollups, pd_year *y, err *e)
{
	if (rollups) {
		int rc = store_cells_for_units(s, &u->id, 1, y->year, y->year, pd_cell, y, e);
		return rc ? rc : store_rollup_for_units(s, &u->id, 1, y->year, y->year, pd_rollup, y, e);
	}
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = pd_subtree(s, u->id, &ids, &n, e);
	if (!rc)
		rc = store_cells_for_units(s, ids, n, y->year, y->year, pd_cell, y, e);
	free(ids);
	return rc;
}

int period_default_pick(store *s, const char *unit_code, cdate today, period_default *out, err *e)
{
	memset(out, 0, sizeof *out);
	unit u;
	lock_config cfg;
	bool ready = false;
	int rc;
	if ((rc = store_unit_get(s, unit_code, &u, e)) || (rc = lock_config_load(s, &cfg, e)) ||
	    (rc = store_rollup_ready(s, &ready, e)))
		return rc;
	/* the usual month: the one being reported today (the earliest of the last
	 * twelve whose deadline has not passed; this month when all have), or the
	 * unit's last month when it ended before */
	int cur = today.y * 12 + (today.m - 1), ym = cur;
	for (int at = cur - 12; at < cur; at++) {
		period p = period_month(at / 12, at % 12 + 1);
		if (cdate_cmp(lock_deadline(&p, &cfg), today) >= 0) {
			ym = at;
			break;
		}
	}
	if (!cdate_is_none(u.valid_to) && u.valid_to.y * 12 + u.valid_to.m - 1 < ym)
		ym = u.valid_to.y * 12 + u.valid_to.m - 1;
	int first = cdate_is_none(u.valid_from) ? 0 : u.valid_from.y * 12 + u.valid_from.m - 1;
	out->usual = period_month(ym / 12, ym % 12 + 1);
	out->month = out->usual;
	out->why = PERIOD_DEFAULT_USUAL;
	pd_year y = {.year = 0, .months = 0};
	for (int k = 0; k < PERIOD_DEFAULT_LOOKBACK && ym - k >= first && (ym - k) / 12 >= 1900; k++) {
		int at = ym - k;
		if (at / 12 != y.year || k == 0) {
			y.year = at / 12;
			y.months = 0;
			if ((rc = pd_data_months(s, &u, ready, &y, e)))
				return rc;
		}
		period p = period_month(at / 12, at % 12 + 1);
		if (y.months & (1u << (at % 12))) {
			out->month = p;
			out->why = PERIOD_DEFAULT_DATA;
			return 0;
		}
		lock_status st;
		if ((rc = lock_status_with(s, &cfg, unit_code, &p, today, &st, e)))
			return rc;
		if (st.open) {
			out->month = p;
			out->why = PERIOD_DEFAULT_OPEN;
			return 0;
		}
		out->skipped++;
	}
	return 0;
}

const char *period_default_why_code(period_default_why w)
{
	switch (w) {
	case PERIOD_DEFAULT_DATA: return "data";
	case PERIOD_DEFAULT_OPEN: return "open";
	case PERIOD_DEFAULT_USUAL: break;
	}
	return "usual";
}

int period_default_json(buf *b, const char *unit_code, const period_default *d)
{
	buf_puts(b, "{");
	jsonw_kv_str(b, "unit", unit_code, true);
	buf_puts(b, "\"period\":\"");
	period_format_code(b, &d->month);
	buf_puts(b, "\",\"label\":\"");
	period_format_label(b, &d->month); /* labels hold no character JSON needs escaped */
	buf_printf(b, "\",\"reason\":\"%s\",\"usual\":\"", period_default_why_code(d->why));
	period_format_code(b, &d->usual);
	return buf_printf(b, "\",\"skipped\":%d}", d->skipped);
}
