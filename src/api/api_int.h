/*
 * api_int.h - what the files of src/api share: the handlers the route table
 * names, reading JSON bodies and query parameters with errors that name the
 * field, and writing model objects as JSON.
 */
#ifndef CHITIEU_API_INT_H
#define CHITIEU_API_INT_H

#include <stdbool.h>

#include <jansson.h>

#include "core/jsonw.h"
#include "core/model.h"
#include "http/http.h"

#define API_JSON_DEPTH 8        /* nesting refused beyond this */
#define API_LIMIT_DEFAULT 100   /* list pagination */
#define API_LIMIT_MAX 1000

/* ---- handlers (one file per area) ---- */
int api_health(http_req *r);          /* api_routes.c */
int api_openapi(http_req *r);
int api_login(http_req *r);           /* api_session.c */
int api_logout(http_req *r);
int api_me(http_req *r);
int api_units_list(http_req *r);      /* api_catalog.c */
int api_unit_get(http_req *r);
int api_indicators_list(http_req *r);
int api_indicator_get(http_req *r);
int api_eval(http_req *r);            /* api_values.c */
int api_eval_term(http_req *r);       /* api_term.c */
int api_value_get(http_req *r);
int api_value_put(http_req *r);
int api_value_history(http_req *r);

/* ---- reading requests (api_json.c) ---- */

typedef enum api_type {
	API_STR = 1, /* a JSON string of fewer than `max` bytes (max 0: any length) */
	API_NUM,     /* an amount: a JSON number or a Vietnamese string ("1.739,5") */
	API_BOOL,
	API_INT,     /* a whole JSON number in [lo, hi] */
	API_CODES,   /* an array of at most `max` code strings (each < CODE_MAX bytes) */
} api_type;

/* One field an object may have. A required string must not be empty either. */
typedef struct api_field {
	const char *name;
	api_type type;
	bool required;
	size_t max;
	long lo, hi;
} api_field;

/* A field's value after api_json_fields; s and list point into the parsed JSON. */
typedef struct api_val {
	bool present; /* given and not null */
	const char *s;
	num_t n;
	bool b;
	long i;
	json_t *list;
} api_val;

/*
 * Parses r->body as one JSON object (duplicate keys refused, invalid UTF-8
 * refused, depth at most API_JSON_DEPTH, integers read as reals so a huge one
 * is an amount error rather than a parse error). *out is freed with
 * json_decref. ERR_INVALID with r->e and r->field set.
 */
int api_json_body(http_req *r, json_t **out);

/*
 * Checks the request's Content-Type is application/json (parameters such as
 * "; charset=utf-8" allowed): 0, or ERR_INVALID naming the field
 * "Content-Type". For public routes, which no CSRF header protects: a
 * cross-site HTML form can send text/plain, urlencoded or multipart bodies,
 * never application/json.
 */
int api_json_content_type(http_req *r);

/* POST /api/login's body limit: a login and a password of at most 1024 bytes fit many times over. */
#define API_LOGIN_BODY_MAX ((size_t)4 << 10)

/*
 * Checks obj against the n fields: unknown fields, wrong types, strings too
 * long, integers out of range, bad amounts and codes, missing required fields
 * are ERR_INVALID naming the field; fills out[i] for fields[i].
 */
int api_json_fields(http_req *r, json_t *obj, const api_field *fields, size_t n, api_val *out);

/*
 * Copies the body text src of field into dst (n bytes), UTF-8 checked:
 * ERR_INVALID naming field when it is not UTF-8 or is too long.
 */
int api_json_text(http_req *r, char *dst, size_t n, const char *src, const char *field);

/*
 * Appends "login","name","role","role_label","agency" (null when none),
 * "email" ("" when none; schema 15) of u,
 * without braces or a trailing comma: the start of every user object
 * (api_session.c, api_users.c).
 */
void api_user_fields(buf *b, const user_account *u);

/*
 * The fields of one target as PUT /api/targets and POST /api/targets/bulk
 * read them (defined in api_admin.c), indexed by API_TGT_*.
 */
enum {
	API_TGT_IND, API_TGT_UNIT, API_TGT_YEAR, API_TGT_FROM, API_TGT_TO, API_TGT_KIND,
	API_TGT_VALUE, API_TGT_BASE, API_TGT_TOTAL, API_TGT_SRC, API_TGT_NOTE, API_TGT_N
};
extern const api_field api_target_fields[API_TGT_N];

/* A required query parameter (ERR_INVALID naming it when missing or empty). */
int api_query_need(http_req *r, const char *name, const char **out);

/* An optional integer query parameter in [lo, hi]; def when absent. */
int api_query_int(http_req *r, const char *name, long lo, long hi, long def, long *out);

/* An optional true/false (also 1/0) parameter: *out 1, 0, or -1 when absent or empty; 400 naming it otherwise. */
int api_query_bool(http_req *r, const char *name, int *out);

/* ?period=...: a required period code. */
int api_query_period(http_req *r, const char *name, period *out);

/* Unit code must exist (404) and be visible to r's user (403), both naming field. */
int api_unit_visible(http_req *r, const char *code, const char *field);

/* ---- writing (api_json.c) ---- */
void api_write_unit(buf *b, const unit *u);
void api_write_indicator(buf *b, const indicator *ind);
void api_write_value(buf *b, const value *v);

#endif
