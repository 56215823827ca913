/*
 * api_period.h - what the pages ask about months: GET /api/period/default?unit=
 * (the month a page opens on for a unit when the user has chosen none,
 * core/period_default.h) and GET /api/eval/trend?unit=&period= (each
 * indicator's path from January, core/eval_trend.h: the phone dashboard's
 * trend lines).
 *
 * Not for: the rules themselves (src/core/period_default.c, eval_trend.c).
 */
#ifndef CHITIEU_API_PERIOD_H
#define CHITIEU_API_PERIOD_H

#include "http/http.h"

/* GET /api/period/default?unit=: {unit, period, label, reason, usual, skipped}. */
int api_period_default(http_req *r);

/* GET /api/eval/trend?unit=&period=: {unit, year, months, indicators: [{code, cumulative, percent, status}]}. */
int api_eval_trend(http_req *r);

#endif
