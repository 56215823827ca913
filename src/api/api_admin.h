/*
 * api_admin.h - the rest of the JSON API over the foundation: changing the
 * catalogue (agencies, units and their merger links, indicators), targets
 * (list, set, delete, history), deleting a value, and the accounts (own
 * password and API tokens; users for administrators).
 *
 * Handlers live in api_admin.c (catalogue, targets, values) and api_users.c
 * (password, tokens, users); the route table (api_routes.c, section
 * "admin") names them. Not for: permission checks that do not depend on the
 * data (the table declares them and src/http enforces them) or the scope
 * rules themselves (src/auth).
 */
#ifndef CHITIEU_API_ADMIN_H
#define CHITIEU_API_ADMIN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "http/http.h"

/* ---- handlers: api_admin.c ---- */
int api_agencies_list(http_req *r);  /* GET /api/agencies */
int api_agency_post(http_req *r);    /* POST /api/agencies {code,name} */
int api_agency_put(http_req *r);     /* PUT /api/agencies/{code} {name} */
int api_unit_post(http_req *r);      /* POST /api/units */
int api_unit_put(http_req *r);       /* PUT /api/units/{code} */
int api_unit_links_get(http_req *r); /* GET /api/units/{code}/links */
int api_unit_link_post(http_req *r); /* POST /api/units/{code}/links {from,date} */
int api_indicator_post(http_req *r); /* POST /api/indicators */
int api_indicator_put(http_req *r);  /* PUT /api/indicators/{code} */
int api_targets_list(http_req *r);   /* GET /api/targets */
int api_target_put(http_req *r);     /* PUT /api/targets */
int api_target_delete(http_req *r);  /* DELETE /api/targets */
int api_target_history(http_req *r); /* GET /api/targets/history */
int api_value_delete(http_req *r);   /* DELETE /api/values */

/* ---- handlers: api_users.c ---- */
int api_password_post(http_req *r);  /* POST /api/password {old,new} */
int api_tokens_list(http_req *r);    /* GET /api/tokens (own) */
int api_token_post(http_req *r);     /* POST /api/tokens {name,days} */
int api_token_delete(http_req *r);   /* DELETE /api/tokens/{name} */
int api_users_list(http_req *r);     /* GET /api/users */
int api_user_post(http_req *r);      /* POST /api/users */
int api_user_put(http_req *r);       /* PUT /api/users/{login} */

/* ---- body fields with the types the shared reader lacks (api_admin.c) ---- */

/* ?limit=&offset= of a list (the same rules as GET /api/units). */
int api_adm_page(http_req *r, long *limit, long *offset);

#endif
