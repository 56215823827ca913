/*
 * api_sheet.c - GET /api/sheet/template and POST /api/sheet/import, GET and
 * POST /api/sheet/catalog (the catalogue workbook of the rules between
 * indicators; the route table lets administrators only POST) (api_sheet.h):
 * thin faces over report/sheet.h.
 *
 * Who may write what is decided per row by the bulk route's check
 * (api_bulk_allow): auth_can_enter for the (indicator, unit) and, past the
 * reporting deadline, lock_check for the (unit, period). Targets are for
 * administrators only.
 *
 * Not for: the sheets themselves (report/sheet_*.c) or the bulk JSON/CSV
 * route (api_bulk.c).
 */
#include "api/api_sheet.h"
#include "api/api_bulk.h"
#include "api/api_int.h"
#include "report/sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define API_SHEET_CONFLICTS 100

int api_sheet_template(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)))
		return rc;
	err e;
	err_clear(&e);
	sheet_kind kind = SHEET_VALUES;
	sheet_format fmt = SHEET_XLSX;
	const char *k = http_query(r, "kind"), *f = http_query(r, "format");
	if (k && sheet_kind_from_code(k, &kind, &e))
		return http_fail(r, ERR_INVALID, "kind", "%s", e.msg);
	if (f && sheet_format_from_code(f, &fmt, &e))
		return http_fail(r, ERR_INVALID, "format", "%s", e.msg);
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	if ((rc = sheet_template_write(r->store, unit_code, &p, kind, fmt, NULL, &r->out, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	r->content_type = fmt == SHEET_CSV ? "text/csv; charset=utf-8" : SHEET_XLSX_MIME;
	char name[CODE_MAX + 64];
	buf pc;
	buf_init(&pc, 32);
	period_format_code(&pc, &p);
	snprintf(name, sizeof name, "bieu-%s-%s-%s.%s", kind == SHEET_TARGETS ? "ke-hoach" : "so-lieu",
		 unit_code, buf_cstr(&pc), fmt == SHEET_CSV ? "csv" : "xlsx");
	buf_free(&pc);
	http_set_download(r, name, false);
	return 0;
}

/* ---- import ----------------------------------------------------------------------- */

/* The sheet format a request body's Content-Type says (0: the bytes decide); else answers 400 and
 * returns the answer's code. */
static int sheet_body_format(http_req *r, sheet_format *fmt)
{
	const char *ct = http_header(r, "Content-Type");
	*fmt = 0;
	if (ct && !strncasecmp(ct, SHEET_XLSX_MIME, strlen(SHEET_XLSX_MIME)))
		*fmt = SHEET_XLSX;
	else if (ct && !strncasecmp(ct, "text/csv", 8))
		*fmt = SHEET_CSV;
	else if (!ct || strncasecmp(ct, "application/octet-stream", 24))
		return http_fail(r, ERR_INVALID, "Content-Type",
				 "Content-Type phải là %s (tệp .xlsx), text/csv hoặc application/octet-stream (nhận: %.60s)",
				 SHEET_XLSX_MIME, ct ? ct : "không có");
	if (!r->body.len)
		return http_fail(r, ERR_INVALID, "body", "thiếu nội dung yêu cầu (tệp .xlsx hoặc .csv)");
	return 0;
}

static void sheet_summary(http_req *r, bool ok, bool dry, sheet_kind kind, const sheet_import_result *res,
			  const import_conflict *cf, const char *description)
{
	buf *b = &r->out;
	buf_printf(b, "{\"status\":\"%s\",\"dryRun\":%s,\"kind\":\"%s\",", ok ? "SUCCESS" : "ERROR",
		   dry ? "true" : "false", sheet_kind_code(kind));
	jsonw_kv_str(b, "sheet", res->sheet, true);
	if (description)
		jsonw_kv_str(b, "description", description, true);
	buf_printf(b, "\"importCount\":{\"imported\":%ld,\"updated\":%ld,\"ignored\":%ld,\"deleted\":0},"
		      "\"rows\":%ld,\"conflicts\":[", res->sum.inserted, res->sum.updated, res->sum.unchanged,
		   res->sum.rows);
	api_bulk_conflicts_json(b, cf, res->sum.conflicts < API_SHEET_CONFLICTS ? res->sum.conflicts : API_SHEET_CONFLICTS);
	buf_puts(b, "]}\n");
}

int api_sheet_import(http_req *r)
{
	bool dry;
	int rc = api_dry_run(r, &dry);
	if (rc)
		return rc;
	err e;
	err_clear(&e);
	sheet_kind kind = SHEET_VALUES;
	const char *k = http_query(r, "kind");
	if (k && sheet_kind_from_code(k, &kind, &e))
		return http_fail(r, ERR_INVALID, "kind", "%s", e.msg);
	if (kind == SHEET_TARGETS && auth_can_admin(r->who, &e))
		return http_fail(r, ERR_FORBIDDEN, "kind", "chỉ quản trị viên được nhập kế hoạch (kind=targets)");
	sheet_format fmt;
	if ((rc = sheet_body_format(r, &fmt)))
		return rc;

	api_bulk_allow_ctx *ac = NULL;
	import_conflict *cf = calloc(API_SHEET_CONFLICTS, sizeof *cf);
	if (!cf)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
	if ((rc = api_bulk_allow_new(r, &ac)))
		goto done;
	/* tighter than the CLI's defaults: many requests may run at once */
	xlsx_limits lim = {.max_file_bytes = API_SHEET_BODY_MAX, .max_part_bytes = (size_t)48 << 20,
			   .max_total_bytes = (size_t)96 << 20};
	sheet_import_opts o = {
		.kind = kind,
		.dry_run = dry,
		.sheet = http_query(r, "sheet"),
		.by = r->who->user.login,
		.reason = "nhập từ bảng tính (API)",
		.comment = http_query(r, "comment"),
		.allow = kind == SHEET_VALUES ? api_bulk_allow : NULL,
		.allow_ctx = ac,
		.conflicts = cf,
		.conflicts_max = API_SHEET_CONFLICTS,
		.limits = &lim,
	};
	sheet_import_result res;
	rc = sheet_import_mem(r->store, r->body.data, r->body.len, fmt == SHEET_CSV ? "sheet.csv" : "sheet.xlsx", fmt,
			      &o, &res, &e);
	if (rc && res.sum.conflicts == 0) {
		/* the file itself: unreadable (400), over a limit (413), or a fault (500) */
		http_fail(r, rc == ERR_CONFLICT || rc == ERR_NOTFOUND ? ERR_INVALID : rc, "body", "%s", e.msg);
		goto done;
	}
	if (rc) {
		bool forbidden = true;
		for (long i = 0; i < res.sum.conflicts && i < API_SHEET_CONFLICTS; i++)
			forbidden = forbidden && cf[i].code == ERR_FORBIDDEN;
		r->status = forbidden ? 403 : 409;
	}
	sheet_summary(r, rc == 0, dry, kind, &res, cf, rc ? e.msg : NULL);
	rc = 0;
done:
	api_bulk_allow_free(ac);
	free(cf);
	return rc;
}

/* ---- the catalogue workbook ----------------------------------------------------------- */

int api_sheet_catalog_get(http_req *r)
{
	err e;
	err_clear(&e);
	sheet_format fmt = SHEET_XLSX;
	const char *f = http_query(r, "format");
	if (f && sheet_format_from_code(f, &fmt, &e))
		return http_fail(r, ERR_INVALID, "format", "%s", e.msg);
	int rc = sheet_catalog_write(r->store, fmt, NULL, &r->out, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	r->content_type = fmt == SHEET_CSV ? "text/csv; charset=utf-8" : SHEET_XLSX_MIME;
	http_set_download(r, fmt == SHEET_CSV ? "bieu-danh-muc.csv" : "bieu-danh-muc.xlsx", false);
	return 0;
}

int api_sheet_catalog_post(http_req *r)
{
	bool dry, replace = false;
	int rc = api_dry_run(r, &dry);
	if (rc)
		return rc;
	const char *rp = http_query(r, "replace");
	if (rp && (!strcmp(rp, "true") || !strcmp(rp, "1")))
		replace = true;
	else if (rp && strcmp(rp, "false") && strcmp(rp, "0"))
		return http_fail(r, ERR_INVALID, "replace", "replace phải là true hoặc false");
	sheet_format fmt;
	if ((rc = sheet_body_format(r, &fmt)))
		return rc;
	import_conflict *cf = calloc(API_SHEET_CONFLICTS, sizeof *cf);
	if (!cf)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
	xlsx_limits lim = {.max_file_bytes = API_SHEET_BODY_MAX, .max_part_bytes = (size_t)48 << 20,
			   .max_total_bytes = (size_t)96 << 20};
	sheet_catalog_opts o = {.dry_run = dry, .replace = replace, .conflicts = cf,
				.conflicts_max = API_SHEET_CONFLICTS, .limits = &lim};
	sheet_catalog_result res;
	err e;
	err_clear(&e);
	rc = sheet_catalog_import_mem(r->store, r->body.data, r->body.len,
				      fmt == SHEET_CSV ? "danh-muc.csv" : "danh-muc.xlsx", fmt, &o, &res, &e);
	if (rc && res.conflicts == 0) {
		/* the file itself: unreadable (400), over a limit (413), or a fault (500) */
		http_fail(r, rc == ERR_CONFLICT || rc == ERR_NOTFOUND ? ERR_INVALID : rc, "body", "%s", e.msg);
		goto done;
	}
	if (rc)
		r->status = 409;
	buf *b = &r->out;
	buf_printf(b, "{\"status\":\"%s\",\"dryRun\":%s,\"replace\":%s,", rc ? "ERROR" : "SUCCESS",
		   dry ? "true" : "false", replace ? "true" : "false");
	jsonw_kv_str(b, "sheet", res.sheet, true);
	if (rc)
		jsonw_kv_str(b, "description", e.msg, true);
	buf_printf(b, "\"importCount\":{\"imported\":%ld,\"updated\":%ld,\"ignored\":%ld,\"deleted\":%ld},"
		      "\"rows\":%ld,\"changes\":[", res.inserted, res.updated, res.unchanged, res.deleted, res.rows);
	static const char *const action[] = {"", "added", "updated", "removed"};
	for (size_t i = 0; i < res.n_changes; i++) {
		buf_puts(b, i ? ",{" : "{");
		jsonw_kv_str(b, "code", res.changes[i].code, true);
		jsonw_kv_str(b, "action", action[res.changes[i].kind], true);
		buf_printf(b, "\"row\":%ld}", res.changes[i].row);
	}
	buf_puts(b, "],\"conflicts\":[");
	api_bulk_conflicts_json(b, cf, res.conflicts < API_SHEET_CONFLICTS ? res.conflicts : API_SHEET_CONFLICTS);
	buf_puts(b, "]}\n");
	rc = 0;
done:
	sheet_catalog_result_free(&res);
	free(cf);
	return rc;
}
