/*
 * api_sources.h - the routes of own or aggregated figures (core/source.h):
 * GET /api/sources (the settings) and PUT /api/sources (an administrator
 * sets or removes one).
 *
 * Not for: the rule (core/source.c) or the evaluation that follows it.
 */
#ifndef CHITIEU_API_SOURCES_H
#define CHITIEU_API_SOURCES_H

#include "http/http.h"

/* GET /api/sources[?indicator=]: {"items": [{indicator, unit, level, source, by, at}]}. */
int api_sources_list(http_req *r);

/* PUT /api/sources {indicator, unit | level, source}: "own", "aggregated" or
 * "default" (removes the setting); the roll-ups are recomputed. */
int api_source_put(http_req *r);

#endif
