/*
 * api_locks.h - the period-lock routes (GET /api/locks, POST
 * /api/locks/reopen and /close, GET and PUT /api/locks/config) and the guard the value
 * writes call before they write.
 *
 * Not for: the rules of locking (src/core/lock.h).
 */
#ifndef CHITIEU_API_LOCKS_H
#define CHITIEU_API_LOCKS_H

#include "core/model.h"
#include "core/period.h"
#include "http/http.h"

/* GET /api/locks?unit=&period=: where entry for (unit, period) stands today. */
int api_lock_status(http_req *r);

/* POST /api/locks/reopen {unit, period, until, reason}: reopens (administrators). */
int api_lock_reopen(http_req *r);

/* GET /api/completeness?unit=&year=: who sent their figures, month by month (core/completeness.h). */
int api_completeness(http_req *r);

/* GET /api/approval?unit=&period=: the state of a unit's figures of a month and its steps;
 * POST /api/approval/{submit,approve,return,accept} {unit, period, comment} (core/approval.h). */
int api_approval_get(http_req *r);
int api_approval_submit(http_req *r);
int api_approval_approve(http_req *r);
int api_approval_return(http_req *r);
int api_approval_accept(http_req *r);
/* GET /api/approval/config: {accept: [unit type codes], labels}; PUT (admin)
 * {accept: "ward,commune" or "none"}: the unit types whose approved figures
 * wait for acceptance (core/approval.h). */
int api_approval_config_get(http_req *r);
/* GET /api/approval/children?unit=&period=: each subordinate unit's state of
 * the month (core/approval.h approval_children), view scope of unit. */
int api_approval_children(http_req *r);
int api_approval_config_put(http_req *r);

/* GET /api/validation?unit=&period=: values outside their bounds, outliers (core/validate.h). */
int api_validation(http_req *r);

/* POST /api/locks/close {unit, period, reason}: closes by hand (administrators). */
int api_lock_close(http_req *r);

/* GET and PUT /api/locks/config: the lock settings (administrators). */
int api_lock_config_get(http_req *r);
int api_lock_config_put(http_req *r);

/*
 * The day locks are judged on: $CHITIEU_TODAY (yyyy-mm-dd, read once per
 * process, for tests and demos only) when set, else the Vietnam date of
 * r->now. A bad $CHITIEU_TODAY fails every call (ERR_INVALID, r->e filled).
 */
int api_lock_today(http_req *r, cdate *out);

/*
 * Before writing a value of ind for unit_code in p: 0 when entry is open
 * today; else fails r (409 conflict naming field "period", with lock_check's
 * message). A period of the wrong frequency passes (the store refuses it
 * with its own message).
 */
int api_lock_guard(http_req *r, const indicator *ind, const char *unit_code, const period *p);

#endif
