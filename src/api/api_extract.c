/*
 * api_extract.c - POST /api/extract: a report's text (or DOCX) in, the
 * proposed figures out, as `chitieu extract --json` prints them. The report's
 * unit must be one the user may view, and proposals for named wards or
 * communes the user may not view are left out. Writes nothing.
 *
 * Not for: the rules of reading (core/extract.c) or importing (a person
 * confirms first).
 */
#include "api/api_extract.h"
#include "api/api_int.h"
#include "core/extract.h"
#include "office/docx_read.h"

#include <string.h>
#include <strings.h>

int api_extract(http_req *r)
{
	const char *unit_code = NULL;
	long year = 0;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_int(r, "year", 1900, 9999, 0, &year)))
		return rc;
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	const char *ct = http_header(r, "Content-Type");
	if (ct && strncasecmp(ct, "text/plain", 10) && strncasecmp(ct, "application/octet-stream", 24) &&
	    strncasecmp(ct, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 71))
		return http_fail(r, ERR_INVALID, "Content-Type",
				 "Content-Type phải là text/plain (UTF-8), tệp .docx hoặc application/octet-stream "
				 "(nhận: %.60s)", ct);
	if (!r->body.len)
		return http_fail(r, ERR_INVALID, "body", "thiếu nội dung: văn bản báo cáo hoặc tệp .docx");
	err e;
	err_clear(&e);
	buf text;
	buf_init(&text, EXTRACT_MAX_BYTES);
	if ((rc = docx_or_text(r->body.data, r->body.len, "báo cáo", &text, &e))) {
		buf_free(&text);
		return http_fail(r, rc, "body", "%s", e.msg);
	}
	extract_result res;
	rc = extract_with_store(r->store, text.data ? text.data : "", text.len, unit_code, (int)year, &res, &e);
	if (rc) {
		buf_free(&text);
		return http_fail(r, rc, "body", "%s", e.msg);
	}
	/* only the units the user may view */
	size_t k = 0;
	for (size_t i = 0; i < res.n; i++)
		if (!strcmp(res.p[i].unit, unit_code) || auth_can_view(r->store, r->who, res.p[i].unit, NULL) == 0)
			res.p[k++] = res.p[i];
	res.n = k;
	rc = extract_json(&r->out, &res);
	extract_result_free(&res);
	buf_free(&text);
	return rc ? http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ") : 0;
}
