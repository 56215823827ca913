/*
 * source.c - own figure or aggregated figure (source.h): the rule and the
 * lookup table over the settings. Pure.
 */
#include "core/source.h"

#include <stdlib.h>
#include <string.h>

struct fig_source_table {
	fig_source_rule *r; /* by indicator id, then unit id, then level */
	size_t n;
};

const char *fig_source_code(fig_source s)
{
	switch (s) {
	case FIG_OWN:
		return "own";
	case FIG_AGGREGATED:
		return "aggregated";
	default:
		return "default";
	}
}

int fig_source_from_code(const char *s, fig_source *out, err *e)
{
	if (s && (strcmp(s, "own") == 0 || strcmp(s, "rieng") == 0)) {
		*out = FIG_OWN;
		return 0;
	}
	if (s && (strcmp(s, "aggregated") == 0 || strcmp(s, "tong-hop") == 0)) {
		*out = FIG_AGGREGATED;
		return 0;
	}
	if (s && strcmp(s, "default") == 0) {
		*out = FIG_DEFAULT;
		return 0;
	}
	return err_set(e, ERR_INVALID,
		       "nguồn số liệu (source) \"%s\" không hợp lệ: dùng own (số của đơn vị),"
		       " aggregated (tổng hợp từ đơn vị cấp dưới) hoặc default (theo chỉ tiêu)",
		       s ? s : "");
}

bool fig_source_aggregates(const indicator *ind)
{
	if ((ind->kind == IND_RATIO || ind->rollup == ROLLUP_RATIO) && ind->numerator[0] &&
	    ind->denominator[0])
		return true; /* computed from the aggregated numerator and denominator */
	if (ind->rollup == ROLLUP_SUM)
		return ind->kind != IND_RATIO; /* percentages are never added up */
	return ind->rollup == ROLLUP_WAVG && ind->weight[0];
}

fig_source fig_source_effective(const indicator *ind, bool has_kids, fig_source set)
{
	if (!has_kids)
		return FIG_OWN;
	if (set == FIG_OWN)
		return FIG_OWN;
	if (!fig_source_aggregates(ind))
		return FIG_OWN; /* a stale "aggregated" of an indicator changed since */
	return FIG_AGGREGATED;
}

int fig_source_check(const indicator *ind, fig_source s, err *e)
{
	if (s == FIG_AGGREGATED && !fig_source_aggregates(ind))
		return err_set(e, ERR_INVALID,
			       "chỉ tiêu %s không tổng hợp được từ đơn vị cấp dưới (cách tổng hợp: %s):"
			       " nguồn số liệu chỉ có thể là số của đơn vị (own)",
			       ind->code, rollup_code(ind->rollup));
	return 0;
}

static int rule_cmp(const void *pa, const void *pb)
{
	const fig_source_rule *a = pa, *b = pb;
	if (a->indicator_id != b->indicator_id)
		return a->indicator_id < b->indicator_id ? -1 : 1;
	if (a->unit_id != b->unit_id)
		return a->unit_id < b->unit_id ? -1 : 1;
	return (a->level > b->level) - (a->level < b->level);
}

int fig_source_table_new(const fig_source_rule *rules, size_t n, fig_source_table **out, err *e)
{
	*out = NULL;
	if (!n)
		return 0;
	fig_source_table *t = calloc(1, sizeof *t);
	if (t)
		t->r = malloc(n * sizeof *t->r);
	if (!t || !t->r) {
		free(t);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc nguồn số liệu");
	}
	memcpy(t->r, rules, n * sizeof *t->r);
	t->n = n;
	qsort(t->r, n, sizeof *t->r, rule_cmp);
	*out = t;
	return 0;
}

void fig_source_table_free(fig_source_table *t)
{
	if (!t)
		return;
	free(t->r);
	free(t);
}

/* The first rule of the indicator, or t->n. */
static size_t first_of(const fig_source_table *t, int64_t indicator_id)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->r[mid].indicator_id < indicator_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

fig_source fig_source_lookup(const fig_source_table *t, int64_t indicator_id, int64_t unit_id,
			     unit_type level)
{
	if (!t)
		return FIG_DEFAULT;
	fig_source by_level = FIG_DEFAULT;
	for (size_t k = first_of(t, indicator_id); k < t->n && t->r[k].indicator_id == indicator_id;
	     k++) {
		const fig_source_rule *r = &t->r[k];
		if (r->unit_id == unit_id && unit_id != 0)
			return r->source;
		if (r->unit_id == 0 && r->level == level)
			by_level = r->source;
	}
	return by_level;
}

bool fig_source_table_names(const fig_source_table *t, int64_t indicator_id)
{
	if (!t)
		return false;
	size_t k = first_of(t, indicator_id);
	return k < t->n && t->r[k].indicator_id == indicator_id;
}
