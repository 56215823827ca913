/*
 * api_period.c - GET /api/period/default?unit=: the latest month of a unit
 * that holds data or is still open for entry, never a locked empty one
 * (core/period_default.h), judged on the request's Vietnam date (or
 * $CHITIEU_TODAY, as the lock routes). Every page with a month picker asks it
 * when the URL names no month. GET /api/eval/trend?unit=&period=: every
 * indicator's cumulative figure, % of plan and status month by month from
 * January (core/eval_trend.h): one load and at most twelve pure evaluations,
 * not cached (asked once per dashboard, after its first paint).
 *
 * Not for: the rule (src/core/period_default.c); who may call (a logged-in
 * user who may view the unit: api_unit_visible).
 */
#include "api/api_period.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/eval_trend.h"
#include "core/period_default.h"

#include <string.h>

int api_period_default(http_req *r)
{
	const char *unit_code = NULL;
	cdate today;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_lock_today(r, &today)))
		return rc;
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	err e;
	err_clear(&e);
	period_default d;
	if ((rc = period_default_pick(r->store, unit_code, today, &d, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	return period_default_json(&r->out, unit_code, &d);
}

int api_eval_trend(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)))
		return rc;
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.today = cdate_from_unix_vn(r->now); /* as GET /api/eval */
	err e;
	err_clear(&e);
	if ((rc = eval_trend_json(&r->out, r->store, unit_code, &p, &o, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	return 0;
}
