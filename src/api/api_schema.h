/*
 * api_schema.h - the typed description of each route's input and answer,
 * written in the route table (api_routes.c) as short strings and read once at
 * start-up; the central check of every request against it, before the handler
 * runs; and the JSON Schema of each field for the OpenAPI document.
 *
 * The language (docs/internals/http.md, "Describing a route"):
 *
 *   spec   := field ("," field)*        a JSON object's fields, or query parameters
 *           | "@" ctype ("," ctype)*    a body (or answer) that is a file: its content types
 *   field  := name [":" type [limits]] ["!"]      "!": required
 *   type   := str | int | num | amount | bool | obj | arr | codes | date | period
 *           | enum(a|b|c)
 *   limits := "{" [lo] "," [hi] "}"     str: bytes; int, num: value; arr, codes: items
 *
 * A field without a type is not checked (any JSON value). A reply may start
 * with its status: "201 id:int,...". amount is a number or a Vietnamese
 * number string ("1.739,5"); codes an array of unit/indicator codes (strings
 * of 1 to CODE_MAX-1 bytes); date "yyyy-mm-dd" or "dd/mm/yyyy"; period a
 * period code (202206, 2022Q2, 2022S1, 2022N9, 2022).
 *
 * Not for: domain rules (a unit that exists, a period still open: handlers
 * and src/core check those) or the table itself (api_routes.c).
 */
#ifndef CHITIEU_API_SCHEMA_H
#define CHITIEU_API_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/buf.h"
#include "util/err.h"

#define API_SCHEMA_NAME_MAX 40 /* bytes of a field's name, with its NUL */

typedef enum api_stype {
	API_S_ANY = 0, API_S_STR, API_S_INT, API_S_NUM, API_S_AMOUNT, API_S_BOOL, API_S_OBJ, API_S_ARR,
	API_S_CODES, API_S_DATE, API_S_PERIOD, API_S_ENUM,
} api_stype;

/* One field of a spec. */
typedef struct api_sfield {
	char name[API_SCHEMA_NAME_MAX];
	api_stype type;
	bool required;
	bool has_lo, has_hi;
	long lo, hi;
	const char *enums;  /* enum: "a|b|c", pointing into the table's string */
	size_t enums_len;
} api_sfield;

/* One spec string, read. */
typedef struct api_sspec {
	bool given;          /* the string was not NULL */
	const api_sfield *f; /* its fields (none for a file) */
	size_t n;
	const char *ctypes;  /* "@..." spec: the content types, comma-separated (after the '@'), else NULL */
	int status;          /* a reply's success status: 200, or the "201 " it starts with */
} api_sspec;

/* A route's description. */
typedef struct api_schema {
	api_sspec query, body, reply;
} api_schema;

/*
 * Reads one spec string (NULL: not given) into out, its fields taken from
 * pool (cap entries; *used counts those taken). reply: a leading status is
 * allowed. ERR_INVALID with a message quoting the spec when it does not
 * parse. Allocates nothing; out points into pool and into spec.
 */
int api_schema_parse(const char *spec, bool reply, api_sfield *pool, size_t cap, size_t *used, api_sspec *out,
		     err *e);

/*
 * Reads the specs of every route of api_routes, once (later calls return the
 * first call's result). ERR_INVALID naming the route when one does not parse:
 * a programming error, found by `chitieu serve` at start-up and by the tests.
 */
int api_schema_init(err *e);

/* The description of rt (a route of api_routes); NULL for another table's route or before api_schema_init. */
const api_schema *api_schema_of(const http_route *rt);

/*
 * http_config.validate: checks r's query parameters and JSON body against
 * its route's description. A body that is not JSON is left to the handler
 * (which names the fault); a JSON object is parsed once and kept in r->input
 * for api_json_body. Returns 0 or ERR_INVALID with r->e and r->field set
 * (missing required field, wrong type, out of limits, unknown field), in the
 * words api_json_fields uses.
 */
int api_validate(http_req *r);

/* Appends the JSON Schema of one field (in_query: no null, as for a query parameter or an answer's field). */
void api_schema_field_write(buf *b, const api_sfield *f, bool in_query);

/*
 * Appends the JSON Schema of an object spec: properties and required.
 * closed (a request body): no other field, and an optional field may be
 * null (handlers take null for absent). Otherwise (an answer): other fields
 * may be there, and the fields are not null.
 */
void api_schema_object_write(buf *b, const api_sspec *s, bool closed);

#endif
