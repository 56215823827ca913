/*
 * api_due.h - GET /api/due: what the logged-in user still has to enter (the
 * "what is due" page): unit x indicator x period with no value whose deadline
 * is near or has passed.
 *
 * Not for: deadlines themselves (core/lock.h) or who may enter what (auth.h).
 */
#ifndef CHITIEU_API_DUE_H
#define CHITIEU_API_DUE_H

#include "http/http.h"

#define API_DUE_DAYS_DEFAULT 10   /* "near": deadline within this many days */
#define API_DUE_MONTHS_DEFAULT 3  /* "late" looks back this many months */
#define API_DUE_MONTHS_MAX 24

/*
 * GET /api/due?days=&months=&limit=: for every unit in the user's enter
 * scopes (with their descendants) and every indicator the user may enter
 * there, the periods with no value whose deadline (core/lock.h: due date plus
 * grace) lies between the first day of the month `months` months back and
 * today + `days`. Only entries the unit is expected to make are listed: it
 * existed in the period; it reports the indicator itself (the indicator does
 * not roll up, or the unit has no child units then); and it reported the
 * indicator in the period's year or the year before, or holds a target for
 * that year (a computed ratio only when it reported it). Late items first,
 * oldest deadline first. Roles without entry (leader, viewer) get an empty list.
 */
int api_due(http_req *r);

#endif
