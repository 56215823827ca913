/*
 * backtest.h - how good the year-end forecast has been (issue #16 item 3):
 * every past year forecast from every month, with only the months known by
 * then, against the year's actual figure and its met / not-met judgement.
 * By month and indicator kind: the mean absolute percentage error (MAPE),
 * how often the 80% interval held the actual (coverage), and the Brier
 * score of the probability of meeting the target.
 *
 * Two layers, as eval.h: backtest_add()/backtest_finish() are pure
 * (accumulate forecasts against actuals); backtest_run() makes the
 * forecasts from the store with eval_run. Not for: the forecast itself
 * (forecast.h) or formatting.
 */
#ifndef CHITIEU_BACKTEST_H
#define CHITIEU_BACKTEST_H

#include <stdbool.h>

#include "core/forecast.h"
#include "core/model.h"
#include "util/err.h"

struct store;

#define BT_KINDS 4 /* indexed by ind_kind - 1: flow, level, ratio, count */

/* The figures of one cell (a month, a kind; or a kind over all months). */
typedef struct backtest_cell {
	int n;            /* forecasts made (status ok) with an actual to compare */
	int n_ape;        /* of those, with a non-zero actual (the MAPE's count) */
	double sum_ape;   /* Σ |forecast - actual| / |actual| */
	int n_covered;    /* actual within [low80, high80] */
	int n_brier;      /* forecasts with a probability and a year-end judgement */
	double sum_brier; /* Σ (probability - met)² */
	int n_too_little; /* asked for, but too little history */
	/* finished: */
	double mape;      /* % ; NAN without n_ape */
	double coverage;  /* % ; NAN without n */
	double brier;     /* NAN without n_brier */
} backtest_cell;

typedef struct backtest_result {
	int year_from, year_to;     /* the years forecast */
	backtest_cell cell[12][BT_KINDS]; /* [month - 1][kind - 1]; month 12 stays empty (the year is in) */
	backtest_cell total[BT_KINDS];    /* a kind over every month */
	int n_forecasts;            /* all cells' n */
} backtest_result;

/*
 * Adds one forecast made from `month` of an indicator of `kind` against the
 * actual full-year figure (has_actual false: not counted) and the year-end
 * judgement (met 1, not met 0, -1 unknown: no Brier term).
 */
void backtest_add(backtest_result *r, int month, ind_kind kind, const forecast_result *f, bool has_actual,
		  double actual, int met);

/* Computes every cell's mape, coverage and brier, and the totals. */
void backtest_finish(backtest_result *r);

/*
 * Forecasts every year year_from .. (the last year ended by today) of
 * unit_code from each month 1..11, as on the first day of the next month
 * (so that month has ended and the later ones have not), for every
 * indicator with an annual target, and compares with the year's own
 * evaluation at its end. Refuses year_from after the last ended year
 * (ERR_INVALID). Fills *out.
 */
int backtest_run(struct store *s, const char *unit_code, int year_from, cdate today, backtest_result *out,
		 err *e);

#endif
