/*
 * api_term.c - GET /api/eval/term?unit=&term=2021-2025[&as_of=]: the term
 * targets of a unit against their paths, the same JSON as
 * `chitieu eval --term --json` from the same writer (core/term_json.h).
 *
 * Not for: the rules (core/term.c) or scope (auth: the unit must be visible).
 */
#include "api/api_int.h"
#include "core/term.h"
#include "core/term_json.h"

#include <string.h>

int api_eval_term(http_req *r)
{
	const char *unit_code = NULL, *term = NULL;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_need(r, "term", &term)))
		return rc;
	err e;
	err_clear(&e);
	int yf, yt;
	if ((rc = term_parse(term, &yf, &yt, &e)))
		return http_fail(r, rc, "term", "%s", e.msg);
	cdate today;
	const char *asof = http_query(r, "as_of");
	if (asof) {
		if ((rc = api_query_need(r, "as_of", &asof)))
			return rc;
		if ((rc = vn_parse_date(asof, &today, &e)))
			return http_fail(r, rc, "as_of", "%s", e.msg);
	} else {
		today = cdate_from_unix_vn(r->now);
	}
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	term_report rep;
	rc = term_run(r->store, unit_code, yf, yt, today, &rep, &e);
	if (rc)
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	rc = term_json_write(&r->out, &rep);
	term_report_free(&rep);
	return rc;
}
