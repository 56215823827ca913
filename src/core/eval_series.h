/*
 * eval_series.h - one indicator's monthly figures at one unit over several
 * years, rolled up from the units below it: the series a chart of a
 * province over ten years draws (issue #7, query 3 of the benchmark).
 *
 * The figure of a unit is its own values where its figure is its own
 * (core/source.h: a leaf, or a setting), else, month by month, the sum of
 * its children's figures (eval.md rule 2, by sum, with no completeness or
 * validity rules: a chart shows what is there).
 * Not for: the evaluation (eval.h) or indicators that are not summed (the
 * caller picks a summed one; ratios are drawn from their parts).
 */
#ifndef CHITIEU_EVAL_SERIES_H
#define CHITIEU_EVAL_SERIES_H

#include "core/eval.h"

struct store;

/*
 * Fills out[0 .. year_to - year_from] (caller's array) with the series of
 * indicator ind_code at unit_code: m[k] / has / est as in eval_series. Uses
 * the store's roll-ups when they are ready (CHITIEU_ROLLUP=0 turns them
 * off), else sums the values of the whole subtree.
 */
int eval_series_run(struct store *s, const char *unit_code, const char *ind_code, int year_from,
		    int year_to, eval_series *out, err *e);

#endif
