/*
 * api_report.c - the report routes (api_report.h): thin faces over
 * report/report.h and report/report_xlsx.h. GET /api/report runs inside the
 * request's read transaction and writes nothing (an .xlsx goes through
 * report_xlsx_to_buf: a private temporary file, read back and removed).
 * The template routes are for administrators (checked centrally by the
 * route table); templates do not change /api/eval, so no cache bump.
 *
 * Not for: wording, figures or layout (src/report).
 */
#include "api/api_report.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "report/report.h"
#include "report/report_xlsx.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An optional query parameter (NULL when absent); 400 naming it when it is
 * not UTF-8 (the messages quote it, and an answer must be UTF-8). */
static int query_text(http_req *r, const char *name, const char **out)
{
	*out = http_query(r, name);
	if (*out && !text_utf8_valid(*out, strlen(*out)))
		return http_fail(r, ERR_INVALID, name, "tham số %s không phải văn bản UTF-8 hợp lệ", name);
	return 0;
}

int api_report_get(http_req *r)
{
	const char *unit_code = NULL, *o_number = NULL, *o_place = NULL;
	period p;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)))
		return rc;
	err e;
	err_clear(&e);
	report_format f = REPORT_HTML;
	const char *fv, *asof, *v;
	if ((rc = query_text(r, "format", &fv)) || (rc = query_text(r, "as_of", &asof)) ||
	    (rc = query_text(r, "date", &v)) || (rc = query_text(r, "number", &o_number)) ||
	    (rc = query_text(r, "place", &o_place)))
		return rc;
	if (fv && report_format_from_code(fv, &f, &e))
		return http_fail(r, ERR_INVALID, "format", "%s", e.msg);
	report_opts o;
	memset(&o, 0, sizeof o);
	if (asof) {
		if ((rc = vn_parse_date(asof, &o.as_of, &e)))
			return http_fail(r, rc, "as_of", "%s", e.msg);
	} else if ((rc = api_lock_today(r, &o.as_of))) {
		return rc;
	}
	if (v && (rc = vn_parse_date(v, &o.date, &e)))
		return http_fail(r, rc, "date", "%s", e.msg);
	o.number = o_number;
	o.place = o_place;
	const char *appr = http_query(r, "approved");
	if (appr && strcmp(appr, "1") && strcmp(appr, "0") && strcmp(appr, "true") && strcmp(appr, "false"))
		return http_fail(r, ERR_INVALID, "approved", "approved: 1 (chỉ số liệu đã duyệt) hoặc 0 (mọi số liệu)");
	o.approved_only = appr && (strcmp(appr, "1") == 0 || strcmp(appr, "true") == 0);
	if ((o.number && strlen(o.number) > 64) || (o.place && strlen(o.place) > 128))
		return http_fail(r, ERR_INVALID, o.number && strlen(o.number) > 64 ? "number" : "place",
				 "số hiệu (tối đa 64 byte) hoặc địa danh (tối đa 128 byte) quá dài");
	/* report_build refuses text that is not UTF-8 or has control characters; name the parameter */
	const char *frame_field = NULL;
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	if (f == REPORT_XLSX && o.approved_only)
		return http_fail(r, ERR_INVALID, "approved",
				 "bảng tính xlsx chưa tách số liệu đã duyệt; dùng docx, html, md hoặc text");
	if (f == REPORT_XLSX) {
		if ((rc = report_xlsx_to_buf(r->store, unit_code, &p, o.as_of, &r->out, &e)))
			return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	} else {
		report_doc d;
		memset(&d, 0, sizeof d);
		rc = report_build(r->store, unit_code, &p, &o, &d, &e);
		if (rc == ERR_INVALID)
			frame_field = strstr(e.msg, "(number)") ? "number" : strstr(e.msg, "(place)") ? "place" : NULL;
		if (!rc)
			rc = report_write(&r->out, &d, f, &e);
		report_doc_free(&d);
		if (rc)
			return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : frame_field, "%s", e.msg);
	}
	r->content_type = report_format_media_type(f);
	/* "bao-cao-058-202206.docx": office files and PDF download, the others show in the browser */
	char name[CODE_MAX + 64];
	buf pc;
	buf_init(&pc, 32);
	period_format_code(&pc, &p);
	snprintf(name, sizeof name, "bao-cao-%s-%s.%s", unit_code, buf_cstr(&pc), report_format_ext(f));
	buf_free(&pc);
	http_set_download(r, name, f != REPORT_DOCX && f != REPORT_PDF && f != REPORT_XLSX);
	return 0;
}

int api_report_templates_list(http_req *r)
{
	err e;
	err_clear(&e);
	char *tmp = malloc(STORE_TEMPLATE_MAX);
	if (!tmp)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	buf *b = &r->out;
	buf_puts(b, "{\"items\":[");
	int rc = 0;
	for (size_t i = 0; i < report_template_count() && !rc; i++) {
		bool found = false;
		if ((rc = store_template_get(r->store, report_template_key(i), tmp, STORE_TEMPLATE_MAX, &found, &e))) {
			http_fail(r, rc, NULL, "%s", e.msg);
			break;
		}
		buf_puts(b, i ? ",{" : "{");
		jsonw_kv_str(b, "key", report_template_key(i), true);
		jsonw_kv_str(b, "description", report_template_help(i), true);
		jsonw_kv_str(b, "body", found ? tmp : report_template_default(i), true);
		jsonw_kv_str(b, "default", report_template_default(i), true);
		buf_printf(b, "\"edited\":%s,\"placeholders\":[", found ? "true" : "false");
		const char *p = report_template_placeholders(i);
		for (bool first = true; p && *p; first = false) {
			const char *c = strchr(p, ',');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)n, p);
			if (!first)
				buf_putc(b, ',');
			buf_json_str(b, name);
			p = c ? c + 1 : NULL;
		}
		buf_puts(b, "]}");
	}
	free(tmp);
	if (!rc)
		buf_puts(b, "]}\n");
	return rc;
}

/* The {key} of the path, refused (404 naming the keys) when unknown. */
static int template_key(http_req *r, const char **key)
{
	*key = http_param(r, "key");
	err e;
	err_clear(&e);
	if (!*key || report_template_index(*key) < 0) {
		report_template_check(*key ? *key : "", "", &e);
		return http_fail(r, ERR_NOTFOUND, "key", "%s", e.msg);
	}
	return 0;
}

int api_report_template_put(http_req *r)
{
	static const api_field fields[] = {{"body", API_STR, false, STORE_TEMPLATE_MAX, 0, 0}};
	const char *key;
	int rc = template_key(r, &key);
	if (rc)
		return rc;
	json_t *j = NULL;
	api_val f[1];
	err e;
	err_clear(&e);
	if (!(rc = api_json_body(r, &j)))
		rc = api_json_fields(r, j, fields, 1, f);
	if (!rc && !f[0].present)
		rc = http_fail(r, ERR_INVALID, "body", "thiếu trường body (nội dung mẫu câu; chuỗi rỗng để bỏ đoạn này)");
	if (!rc && (rc = report_template_check(key, f[0].s, &e)))
		http_fail(r, rc == ERR_NOTFOUND ? ERR_NOTFOUND : rc, "body", "%s", e.msg);
	if (!rc && (rc = store_template_set(r->store, key, f[0].s, &e)))
		http_fail(r, rc, NULL, "%s", e.msg);
	if (!rc) {
		buf_puts(&r->out, "{");
		jsonw_kv_str(&r->out, "key", key, true);
		jsonw_kv_str(&r->out, "body", f[0].s, true);
		buf_puts(&r->out, "\"edited\":true}\n");
	}
	json_decref(j);
	return rc;
}

int api_report_template_delete(http_req *r)
{
	const char *key;
	int rc = template_key(r, &key);
	if (rc)
		return rc;
	err e;
	err_clear(&e);
	if ((rc = store_template_reset(r->store, key, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	int i = report_template_index(key);
	buf_puts(&r->out, "{");
	jsonw_kv_str(&r->out, "key", key, true);
	jsonw_kv_str(&r->out, "body", report_template_default((size_t)i), true);
	buf_puts(&r->out, "\"edited\":false}\n");
	return 0;
}
