/*
 * api_meta.c - POST /api/exchange/metadata (api_meta.h): reads the query
 * options, hands the body to core/dhis2_meta.c and answers its report.
 *
 * Not for: any rule of the import (core/dhis2_meta*.c).
 */
#include "api/api_meta.h"
#include "api/api_int.h"
#include "core/dhis2_meta.h"

#include <stdlib.h>
#include <string.h>

/* A true/false query parameter, dflt when absent: 0 or a 400 naming it (api_query_bool). */
static int flag(http_req *r, const char *name, bool dflt, bool *out)
{
	int v;
	int rc = api_query_bool(r, name, &v);
	*out = v < 0 ? dflt : v == 1;
	return rc;
}

int api_meta_import(http_req *r)
{
	dhis2_meta_opts o;
	memset(&o, 0, sizeof o);
	err e;
	err_clear(&e);
	int rc = flag(r, "dryRun", true, &o.dry_run);
	rc = rc ? rc : flag(r, "update", false, &o.update);
	if (rc)
		return rc;
	const char *ml = http_query(r, "maxLevel");
	if (ml && *ml) {
		char *end = NULL;
		long v = strtol(ml, &end, 10);
		if (*end || v < 1 || v > 32)
			return http_fail(r, ERR_INVALID, "maxLevel", "maxLevel phải là số nguyên từ 1 đến 32 (nhận: %.20s)", ml);
		o.max_level = (int)v;
	}
	const char *sv = http_query(r, "sector");
	if (sv && *sv && (rc = sector_from_code(sv, &o.sector, &e)))
		return http_fail(r, rc, "sector", "%s", e.msg);
	if (!r->body.len)
		return http_fail(r, ERR_INVALID, NULL, "thiếu nội dung: một tài liệu metadata JSON của DHIS2");
	o.who = r->who->user.login;
	dhis2_meta_report rep;
	rc = dhis2_meta_import(r->store, r->body.data, r->body.len, &o, &rep, &e);
	if (rc && rc != ERR_CONFLICT) {
		dhis2_meta_report_free(&rep);
		return http_fail(r, rc, NULL, "%s", e.msg);
	}
	if (rc == ERR_CONFLICT)
		r->status = 409;
	rc = dhis2_meta_report_json(&rep, &r->out);
	dhis2_meta_report_free(&rep);
	return rc ? http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ khi viết báo cáo") : buf_putc(&r->out, '\n');
}
