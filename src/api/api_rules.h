/*
 * api_rules.h - the routes of the rules between indicators (api_rules.c);
 * the route table (api_routes.c) names them and says who may call them.
 */
#ifndef CHITIEU_API_RULES_H
#define CHITIEU_API_RULES_H

#include "http/http.h"

int api_rules_list(http_req *r);  /* GET /api/rules */
int api_rule_get(http_req *r);    /* GET /api/rules/{code} */
int api_rule_post(http_req *r);   /* POST /api/rules {code,name,left,op,right,importance} */
int api_rule_put(http_req *r);    /* PUT /api/rules/{code} (the fields given change) */
int api_rule_delete(http_req *r); /* DELETE /api/rules/{code} */

#endif
