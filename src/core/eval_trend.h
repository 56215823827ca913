/*
 * eval_trend.h - each indicator's path through a year at one unit: the
 * evaluation of every month from January to a period's last month, from one
 * load of the figures (eval_run, then eval_compute month by month: pure,
 * no second read). The phone dashboard draws its small trend lines from it
 * (issue #17: GET /api/eval/trend).
 *
 * Not for: the month's own evaluation (eval.h, GET /api/eval), forecasts,
 * or the indicator detail's charts (they read the months one by one).
 */
#ifndef CHITIEU_EVAL_TREND_H
#define CHITIEU_EVAL_TREND_H

#include "core/eval.h"
#include "util/buf.h"

/*
 * Appends {unit, year, months: [1..M], indicators: [{code, cumulative: [M],
 * percent: [M], status: [M]}]} for unit_code up to p's last month M, judged
 * on opts->today (opts->forecast is ignored); null where a month has no
 * figure or no percentage. ERR_NOTFOUND for an unknown unit.
 */
int eval_trend_json(buf *b, struct store *s, const char *unit_code, const period *p, const eval_opts *opts,
		    err *e);

#endif
