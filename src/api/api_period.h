/*
 * api_period.h - GET /api/period/default?unit=: the month a page opens on for
 * a unit when the user has chosen none (core/period_default.h).
 *
 * Not for: the rule itself (src/core/period_default.c).
 */
#ifndef CHITIEU_API_PERIOD_H
#define CHITIEU_API_PERIOD_H

#include "http/http.h"

/* GET /api/period/default?unit=: {unit, period, label, reason, usual, skipped}. */
int api_period_default(http_req *r);

#endif
