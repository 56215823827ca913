/*
 * eval.h - the evaluation a chairman reads at the monthly briefing.
 *
 * For a unit and a period, for every indicator: the period's value, the
 * cumulative value since January, the annual target and % of it, the change
 * on the same period last year, the expected progress at this point of the
 * year, a status, the lagging child units, and the summary "N of M targets
 * met". Rules: DOMAIN.md §4 and docs/internals/eval.md.
 *
 * Two layers:
 *  - eval_compute(): pure computation over an eval_data already in memory
 *    (no I/O), so every rule is unit-testable with hand-made data;
 *  - eval_run(): loads an eval_data from the store for a unit and its
 *    descendants, then computes.
 *
 * Not for: formatting (the CLI and reports do that) or storing anything.
 */
#ifndef CHITIEU_EVAL_H
#define CHITIEU_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/forecast.h"
#include "core/model.h"
#include "core/source.h"
#include "core/period.h"
#include "core/vnfmt.h"
#include "util/err.h"

struct store;

/* ---- input ---------------------------------------------------------- */

/*
 * Twelve monthly slots of one (indicator, unit, year). A value entered for
 * a longer period (quarter, half, year) sits in the slot of its last month.
 */
typedef struct eval_series {
	num_t m[12];     /* m[0] = January */
	uint16_t has;    /* bit k set: m[k] holds an entered value */
	uint16_t est;    /* bit k set: that value is an estimate (ước) */
} eval_series;

/* The targets of one (indicator, unit) for the evaluated year. */
typedef struct eval_target {
	bool has_own;       /* the unit's own figure (phấn đấu) */
	target own;
	bool has_assigned;  /* assigned by the level above (tỉnh giao) */
	target assigned;
} eval_target;

/*
 * Everything the computation needs, all in memory.
 * units[0] is the evaluated unit; every other unit's parent index is smaller
 * than its own index (parents first). Series and targets are indexed
 * [u * n_inds + i]. prev = year - 1, cur = year.
 */
typedef struct eval_data {
	int year;
	const indicator *inds;  size_t n_inds;
	const unit *units;      size_t n_units;
	const int *parent;      /* parent index per unit; -1 for units[0] */
	const eval_series *prev; /* year - 1 */
	const eval_series *cur;  /* year */
	const eval_series *prev2; /* year - 2, for the forecasts' record (opts.forecast); NULL when not loaded */
	const eval_target *targets; /* for `year` */
	/* Predecessors (2025 mergers): unit u was formed from units
	 * pred_idx[pred_start[u] .. pred_start[u+1]); NULL when none are loaded.
	 * Predecessor units sit after the evaluated subtree (larger indexes,
	 * parent -1 unless their parent is loaded too). */
	const int *pred_start;
	const int *pred_idx;
	/* The settings of own or aggregated figures (core/source.h) per
	 * [u * n_inds + i], a fig_source; NULL when there are none. */
	const uint8_t *source_set;
} eval_data;

typedef struct eval_opts {
	/* A child unit lags when its status is behind / not met, or (if > 0)
	 * when its % of its own target is below this many percent. */
	double lag_threshold;
	/* "Today" for deciding what is due: periods not yet ended are not judged
	 * as missing. {0} = judge every period as ended. */
	cdate today;
	/* eval_run only: the figures of months whose approval (core/approval.h)
	 * is final (approved or accepted; accepted only for the unit types whose
	 * acceptance the configuration asks for), the others left out as not
	 * reported (DHIS2's "hide unapproved data"); both years. */
	bool approved_only;
	/* A year-end forecast (core/forecast.h) for every row with an annual
	 * target of the evaluated unit, from the months known by today. */
	bool forecast;
} eval_opts;

/* The last month of p's year whose figures count as known when p is
 * evaluated with o (rule 4): p's last month, or when o->today falls inside
 * p the last month of the year ended by then (0: none). */
int eval_known_month(const period *p, const eval_opts *o);

/* ---- output --------------------------------------------------------- */

typedef enum eval_status {
	EVAL_NO_DATA = 1, /* nothing reported for the period (chưa có số liệu) */
	EVAL_NOT_DUE,     /* the indicator's reporting period has not come yet */
	EVAL_NO_TARGET,   /* a value but no target for the year */
	EVAL_ON_TRACK,    /* during the year: at or ahead of the expected progress */
	EVAL_BEHIND,      /* during the year: behind it */
	EVAL_EXCEEDED,    /* year end: better than the target (vượt) */
	EVAL_MET,         /* year end: exactly the target (đạt) */
	EVAL_NOT_MET,     /* year end: worse than the target (không đạt) */
	EVAL_INCOMPLETE,  /* some months or some child units that should have reported did not:
	                     the figure is partial and is not judged (chưa đủ số liệu) */
} eval_status;

const char *eval_status_code(eval_status s);  /* "on_track", "behind", ... */
const char *eval_status_label(eval_status s); /* "Đúng tiến độ", "Chậm tiến độ", ... */

/* A child unit below its own target. */
typedef struct eval_lag {
	int unit_index;         /* into eval_data.units */
	double percent_of_target;
	eval_status status;
} eval_lag;

typedef struct eval_row {
	int ind_index;          /* into eval_data.inds */
	bool has_value;  num_t value;        /* the period's own value */
	bool has_cum;    num_t cumulative;   /* since January (flow: sum; level/ratio: latest) */
	bool has_prev_value; num_t prev_value; /* the same period last year */
	bool has_prev_cum;   num_t prev_cumulative;
	bool rolled_up;         /* computed from child units, not entered */
	bool estimate;          /* includes an estimate */
	bool has_target; num_t target;        /* effective annual target (own before assigned) */
	target_kind target_kind;
	target_source target_source;
	bool has_assigned_target; num_t assigned_target;
	double percent_of_target;   /* NAN when not computable */
	double change_on_last_year; /* % change of cumulative on the same period; NAN if none */
	double change_absolute;     /* cumulative minus last year's (points for a %); NAN if none */
	double expected_percent;    /* expected % of target by now; NAN if none */
	eval_status status;
	eval_lag *lagging; size_t n_lagging; /* owned by the result */
	/* Completeness. A rolled-up figure counts the child units expected to
	 * report in the period (valid then, and reporting this indicator in the
	 * year or the year before, or holding a target) and those that did. */
	bool partial;              /* the figure misses months or units that were due */
	int n_parts_expected;      /* child units expected (0 when not rolled up) */
	int n_parts_reporting;     /* of those, the ones that reported */
	uint16_t missing_months;   /* bit k: month k+1 was due (1..M) and is missing */
	bool provisional;          /* the period has not ended by opts.today: not final */
	/* Own figure or aggregated (core/source.h), for the evaluated unit's
	 * rows: the source used, and the figure not used when there is one
	 * (the unit's own figure where the source is aggregated, the units'
	 * aggregate where it is its own), shown beside with the gap. */
	fig_source source;
	bool has_other_value; num_t other_value;
	bool has_other_cum;   num_t other_cumulative;
	int other_parts;           /* the aggregate's units reporting (0 for an own figure) */
	/* With opts.forecast and a target: where the year will end (status
	 * FC_NONE otherwise); docs/internals/eval.md, "Year-end forecast". */
	forecast_result forecast;
} eval_row;

typedef struct eval_result {
	period period;
	int unit_index;          /* always 0 */
	eval_row *rows; size_t n_rows; /* one per indicator, in eval_data order */
	/* summary over indicators with a target */
	int n_with_target;
	int n_met;        /* exceeded + met (year end) or on track (during the year) */
	int n_not_met;    /* not met (year end) or behind (during the year) */
	int n_no_data;    /* with a target, due, but nothing reported */
	int n_not_due;    /* with a target whose reporting period has not come yet */
	int n_incomplete; /* with a target but a partial figure (EVAL_INCOMPLETE) */
	bool year_end;    /* the period ends in December and has ended by opts.today */
} eval_result;

/*
 * Computes the evaluation of d->units[0] for period p (whose year must be
 * d->year). Fills *out (caller frees with eval_result_free). Pure: no I/O.
 */
int eval_compute(const eval_data *d, const period *p, const eval_opts *o, eval_result *out, err *e);

void eval_result_free(eval_result *r);

/*
 * Adds one row to the summary counts of sum (n_with_target, n_met, ...) by
 * the summary rule; rows without a target are not counted. eval_compute uses
 * it for all rows; a face showing a subset (one sector) uses it to count the
 * rows it shows, on a zeroed eval_result.
 */
void eval_count_row(const eval_row *row, eval_result *sum);

/*
 * A loaded evaluation: the data (owned) and its result. For faces that
 * print or serialise it.
 */
typedef struct eval_report {
	indicator *inds; size_t n_inds;
	unit *units; size_t n_units;
	int *parent;
	int *pred_start, *pred_idx;
	eval_series *prev, *cur;
	eval_series *prev2; /* year - 2: loaded with opts.forecast when a flow can use it (forecast_uses_prev2), not with approved_only; else NULL */
	eval_target *targets;
	uint8_t *source_set;
	eval_data data;
	eval_result result;
} eval_report;

/*
 * Loads unit_code, its descendants valid during the period's year, every
 * indicator, their values for year-1 and year, and the year's targets, then
 * computes. Fills *out (free with eval_report_free).
 */
int eval_run(struct store *s, const char *unit_code, const period *p, const eval_opts *o,
	     eval_report *out, err *e);

void eval_report_free(eval_report *r);

#endif
