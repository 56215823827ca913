/*
 * forecast.h - where the year will end: a projected full-year figure of one
 * indicator at one unit, from the months known so far, with an 80% interval
 * and the probability of meeting the annual target (issue #16 item 2;
 * rules in docs/internals/eval.md, "Year-end forecast").
 *
 *  - Flows and counts (summed over the year): last year's monthly figures
 *    are the seasonal profile; this year's own trend is the ratio R of this
 *    year's months to last year's same months, fitted by weighted least
 *    squares through the origin (GSL gsl_fit_wmul, a month's spread
 *    proportional to last year's figure); the year = the months so far +
 *    R × last year's remaining months; the interval from Student's t,
 *    widened when the same forecast made from this year's earlier months,
 *    or last year's made from the same month with the year before as its
 *    profile, missed by more than the model's spread.
 *  - Levels and ratios (the latest value counts): a damped-trend
 *    exponential smoothing (ETS(A,Ad,N)) over last year's and this year's
 *    reported values, its parameters fitted by Nelder-Mead (GSL multimin),
 *    projected to December; a normal interval.
 * With too little history (fewer than 3 of this year's reports for a flow,
 * or last year incomplete; fewer than 6 reports for a level) it says so and
 * gives no figure. Deterministic: no random numbers, fixed starting points.
 *
 * Pure: numbers in, numbers out. Not for: loading (eval.c builds the input
 * from the evaluation's effective series) or formatting.
 */
#ifndef CHITIEU_FORECAST_H
#define CHITIEU_FORECAST_H

#include <stdbool.h>
#include <stdint.h>

typedef enum forecast_status {
	FC_NONE = 0,      /* not asked for (no annual target, or forecasts off) */
	FC_OK,            /* a projection */
	FC_FINAL,         /* every month of the year is in: the figure is the actual */
	FC_TOO_LITTLE,    /* too little history: no figure (reason says why) */
} forecast_status;

typedef enum forecast_method {
	FC_M_NONE = 0,
	FC_M_SEASONAL,    /* flows: last year's profile × this year's trend */
	FC_M_DAMPED,      /* levels and ratios: damped-trend exponential smoothing */
	FC_M_ACTUAL,      /* the year is complete */
} forecast_method;

/* What the forecast of one indicator works on. Months are 1..12 at [k-1];
 * NAN = no figure. Only months in `report` (the indicator's reporting
 * months: every month, or 3/6/9/12, ...) are read. */
typedef struct forecast_input {
	bool flow;            /* summed over the year (flow, count) */
	uint16_t report;      /* bit k-1: month k is a reporting month */
	double prev[12];      /* last year's monthly figures */
	double prev2[12];     /* the year before last's (NAN: unknown): the flows' record */
	double cur[12];       /* this year's, known for months 1..known */
	int known;            /* the last month known (0..12) */
	bool has_target;      /* the annual target (a flow: the year's total; a level: its December value) */
	double target;
	bool lower;           /* the target is judged lower-is-better */
} forecast_input;

typedef struct forecast_result {
	forecast_status status;
	forecast_method method;
	const char *reason;   /* FC_TOO_LITTLE: why, in Vietnamese (static text); else "" */
	int known;            /* the last month known */
	int n_obs;            /* this year's reports used (flows) or all reports used (levels) */
	double value;         /* projected full-year figure */
	double lo80, hi80;    /* the 80% interval */
	double p_meet;        /* probability of meeting the target (0..1); NAN without a target */
	double trend;         /* flows: R (this year / last year, same months); levels: the damped
			       * slope per report φ·b */
	double path[12], path_lo[12], path_hi[12]; /* the projection per month after `known`
						    * (flows: cumulative since January; levels: the
						    * value), for reporting months; NAN elsewhere */
} forecast_result;

/* Computes the forecast of `in` into *out (never fails: too little history
 * is a status). */
void forecast_compute(const forecast_input *in, forecast_result *out);

/* Whether a flow's forecast with this year's months known to `known` can
 * use the year before last (forecast_input.prev2, for its record): one is
 * made (enough months) and is not yet the actual (a month still to come).
 * Otherwise prev2 is never read, and a caller need not load it. */
bool forecast_uses_prev2(int known);

const char *forecast_status_code(forecast_status s); /* "ok", "final", "too_little_data", "none" */
const char *forecast_method_code(forecast_method m); /* "seasonal_ratio", "damped_trend", "actual", "" */

#endif
