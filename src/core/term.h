/*
 * term.h - the evaluation of term targets (chỉ tiêu Nghị quyết nhiệm kỳ,
 * DOMAIN.md §10): for each target adopted for a term (year_from < year_to,
 * e.g. 2021-2025), the baseline (the year before the term), the latest
 * full-year figure, the progress toward the target, the expected path by the
 * target's form, on the path or behind, and what each remaining year must
 * achieve. Rules: docs/internals/eval.md, "Term targets".
 *
 * Two layers, as eval.h:
 *  - term_compute(): pure, over annual figures already in memory;
 *  - term_run(): the annual figures of the unit from the store (one year's
 *    evaluation per year, so roll-ups, ratios and completeness are the
 *    year's rules), the unit's targets of that term, then term_compute().
 *
 * Not for: the year's evaluation (eval.h), formatting (faces), storing.
 */
#ifndef CHITIEU_TERM_H
#define CHITIEU_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "util/err.h"

struct store;

#define TERM_MAX_YEARS 10 /* the longest term evaluated (a term is five years) */

/* The path a target sets, from its kind. */
typedef enum term_form {
	TERM_FORM_REACH = 1, /* "đến năm 2025 đạt X": straight line from the baseline to X */
	TERM_FORM_GROWTH,    /* "tăng bình quân X%/năm": baseline × (1 + X/100)^k */
	TERM_FORM_POINTS,    /* "giảm bình quân X điểm %/năm": baseline + X·k */
	TERM_FORM_TOTAL,     /* "5 năm đạt tổng X": the sum of the years, X·k/n by year k */
} term_form;

typedef enum term_status {
	TERM_ON_PATH = 1, /* the latest figure is on or ahead of the path (đúng lộ trình) */
	TERM_BEHIND,      /* behind the path (chậm so với lộ trình) */
	TERM_MET,         /* the term's last year is in and the target is met (đạt) */
	TERM_NOT_MET,     /* the term's last year is in and it is not met (không đạt) */
	TERM_NO_BASELINE, /* no complete figure of the year before the term, and no baseline given */
	TERM_NO_DATA,     /* no complete figure of a term year yet (or a year missing from a total) */
	TERM_NOT_STARTED, /* no year of the term has ended by the date evaluated */
	TERM_NOT_APPLICABLE, /* a total over the term of a level or a ratio: it cannot be added up */
} term_status;

const char *term_status_code(term_status s);  /* "on_path", "behind", ... */
const char *term_status_label(term_status s); /* "Đúng lộ trình", "Chậm so với lộ trình", ... */
const char *term_form_code(term_form f);      /* "reach", "growth", "points", "total" */
const char *term_form_label(term_form f);     /* "Đến năm cuối đạt", "Tăng bình quân %/năm", ... */

/* The form of a target's path (a year's kind on a term reads as "reach"). */
term_form term_form_of(target_kind k);

/* The annual figures of one (indicator, unit) over the baseline year and the
 * term: years year_from - 1 .. year_to, has[j] / fig[j] for year
 * year_from - 1 + j. Only complete full-year figures (the year's own
 * evaluation: the period's value, not partial) are given. */
typedef struct term_figures {
	bool has[TERM_MAX_YEARS + 1];
	num_t fig[TERM_MAX_YEARS + 1];
} term_figures;

typedef struct term_row {
	int ind_index;          /* into the indicators given */
	target target;          /* the target evaluated (own before assigned) */
	bool has_assigned; num_t assigned_value; /* the assigned figure when the own one is used */
	term_form form;
	bool lower;             /* judged lower-is-better */
	bool has_baseline; double baseline; int baseline_year; bool baseline_given; /* from the target */
	bool has_latest; double latest; int latest_year; /* the latest complete term year (TOTAL: the sum) */
	int years_done;         /* term years up to latest_year (k) */
	int years_left;         /* year_to - latest_year (0 at the end of the term) */
	double goal;            /* the figure of the term's last year (TOTAL: the sum over the term) */
	double expected;        /* the path's figure at latest_year (TOTAL: the sum expected by then) */
	double progress;        /* % of the way from baseline to goal (TOTAL: sum / goal); NAN if none */
	double achieved_rate;   /* GROWTH: average % a year so far; POINTS/REACH: change a year so far;
				 * TOTAL: the mean a year so far; NAN if none */
	double required_rate;   /* what each remaining year must achieve: GROWTH % a year; POINTS and
				 * REACH change a year; TOTAL amount a year; NAN when no year is left */
	double path[TERM_MAX_YEARS]; /* the path's figure for each term year (TOTAL: cumulative) */
	term_status status;
} term_row;

typedef struct term_result {
	int year_from, year_to;
	int last_year;          /* the last year ended by the date evaluated */
	term_row *rows; size_t n_rows; /* one per indicator with a target of the term, in indicator order */
	int n_targets;
	int n_on_path;          /* ON_PATH + MET */
	int n_behind;           /* BEHIND + NOT_MET */
	int n_no_data;          /* NO_BASELINE, NO_DATA, NOT_STARTED, NOT_APPLICABLE */
	bool final;             /* the term's last year is in the figures (last_year >= year_to) */
} term_result;

/*
 * Computes one row: target t (a term target of inds[i]) against the annual
 * figures f of years t->year_from - 1 .. t->year_to, up to last_year (later
 * ones are ignored). Pure. Fills *row.
 */
void term_compute_row(const indicator *ind, const target *t, const term_figures *f, int last_year,
		      term_row *row);

/*
 * A loaded term evaluation: the unit, the indicators (owned) and the result.
 */
typedef struct term_report {
	unit unit;
	indicator *inds; size_t n_inds;
	term_result result;
} term_report;

/*
 * Evaluates the term targets (year_from..year_to exactly) of unit_code as on
 * `today` ({0}: every year counts as ended). Each year's figure is the
 * unit's full-year figure from eval_run (roll-ups and ratios by its rules).
 * Refuses a term of fewer than 2 or more than TERM_MAX_YEARS years
 * (ERR_INVALID). Fills *out (free with term_report_free).
 */
int term_run(struct store *s, const char *unit_code, int year_from, int year_to, cdate today,
	     term_report *out, err *e);

void term_report_free(term_report *r);

/* Parses "2021-2025" (also "2021–2025"); ERR_INVALID naming the text. */
int term_parse(const char *s, int *year_from, int *year_to, err *e);

#endif
