/*
 * api.h - the JSON API under /api/: its one table of routes (served by
 * src/http) and the OpenAPI document generated from that table, so the
 * document cannot drift from what the server answers.
 *
 * Not for: HTTP mechanics (src/http) or permissions (src/auth); handlers are
 * thin faces over the store, the evaluation and auth.
 */
#ifndef CHITIEU_API_H
#define CHITIEU_API_H

#include <stddef.h>

#include "http/http.h"
#include "util/buf.h"

/* Every route of the API, in the order OpenAPI and `serve --routes` list them. */
extern const http_route api_routes[];
extern const size_t api_n_routes;

/* Appends the OpenAPI 3.1 document of api_routes (one JSON object; api_openapi.c). */
int api_openapi_write(buf *b);

/* The server's hooks (http_config.before_request, .after_write): what the
 * evaluation cache needs to know of every request (src/api/api_cache.h). */
void api_before_request(void);
void api_after_write(const http_req *r);

#endif
