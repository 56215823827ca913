/*
 * api_extract.c - POST /api/extract: a report's text (or DOCX) in, the
 * proposed figures out, as `chitieu extract --json` prints them. The report's
 * unit must be one the user may view, and proposals for named wards or
 * communes the user may not view are left out. Writes nothing.
 *
 * POST /api/extract/import: the reviewed proposals (each with the person's
 * decision) imported through the one importer with the bulk import's checks
 * (scope, locks, approval: api_bulk_allow), targets only by an
 * administrator; all or nothing.
 *
 * Not for: the rules of reading (core/extract.c) or of importing
 * (core/extract_import.c).
 */
#include "api/api_extract.h"
#include "api/api_bulk.h"
#include "api/api_int.h"
#include "core/extract.h"
#include "office/docx_read.h"

#include <stdlib.h>
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
	/* only the units the user may view; the answers for the named communes
	 * are kept (a sentence naming three gives each of its figures to the
	 * three in turn), so each is looked up once */
	size_t k = 0;
	struct {
		char code[CODE_MAX];
		bool ok;
	} seen[32];
	size_t n_seen = 0;
	for (size_t i = 0; i < res.n; i++) {
		const char *u = res.p[i].unit;
		bool ok = !strcmp(u, unit_code), found = ok;
		for (size_t j = 0; j < n_seen && !found; j++)
			if (!strcmp(seen[j].code, u))
				ok = seen[j].ok, found = true;
		if (!found) {
			ok = auth_can_view(r->store, r->who, u, NULL) == 0;
			size_t j = n_seen < sizeof seen / sizeof seen[0] ? n_seen++ : i % n_seen;
			snprintf(seen[j].code, sizeof seen[j].code, "%s", u);
			seen[j].ok = ok;
		}
		if (ok)
			res.p[k++] = res.p[i];
	}
	res.n = k;
	rc = extract_json(&r->out, &res);
	extract_result_free(&res);
	buf_free(&text);
	return rc ? http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ") : 0;
}

static const api_field row_fields[] = {
	{"decision", API_STR, true, 32, 0, 0},
	{"indicator", API_STR, true, CODE_MAX, 0, 0},
	{"unit", API_STR, true, CODE_MAX, 0, 0},
	{"period", API_STR, true, 16, 0, 0},
	{"measure", API_STR, true, 32, 0, 0},
	{"value", API_NUM, true, 0, 0, 0},
	{"target", API_NUM, false, 0, 0, 0},
	{"approx", API_BOOL, false, 0, 0, 0},
	/* what the extraction answered, sent back as it was: ignored */
	{"confidence", API_NUM, false, 0, 0, 0},
	{"text", API_STR, false, 0, 0, 0},
	{"start", API_INT, false, 0, 0, 100000000},
	{"end", API_INT, false, 0, 0, 100000000},
};
enum { R_DEC, R_IND, R_UNIT, R_PER, R_MEAS, R_VAL, R_TGT, R_APPROX, R_N = 12 };

/* The rows of the body into rows (n of them); an answer is already set on error. */
static int read_rows(http_req *r, json_t *list, extract_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		char field[48];
		if (!json_is_object(o)) {
			snprintf(field, sizeof field, "rows[%zu]", i);
			return http_fail(r, ERR_INVALID, field, "mỗi phần tử của rows phải là một đối tượng");
		}
		api_val v[R_N];
		int rc = api_json_fields(r, o, row_fields, R_N, v);
		if (rc)
			return rc;
		extract_row *w = &rows[i];
		memset(w, 0, sizeof *w);
		w->line = (long)i;
		const char *d = v[R_DEC].s;
		if (!strcmp(d, "accept") || !strcmp(d, "nhận"))
			w->accept = true;
		else if (strcmp(d, "drop") && strcmp(d, "bỏ")) {
			snprintf(field, sizeof field, "rows[%zu].decision", i);
			return http_fail(r, ERR_INVALID, field, "quyết định phải là accept (nhận) hoặc drop (bỏ), nhận: \"%.40s\"", d);
		}
		snprintf(w->indicator, sizeof w->indicator, "%s", v[R_IND].s);
		snprintf(w->unit, sizeof w->unit, "%s", v[R_UNIT].s);
		snprintf(w->period, sizeof w->period, "%s", v[R_PER].s);
		int m;
		for (m = EXM_VALUE; m <= EXM_TARGETS_NOT_MET; m++)
			if (!strcmp(v[R_MEAS].s, extract_measure_code((extract_measure)m)))
				break;
		if (m > EXM_TARGETS_NOT_MET) {
			snprintf(field, sizeof field, "rows[%zu].measure", i);
			return http_fail(r, ERR_INVALID, field, "loại số liệu (measure) \"%.40s\" không có", v[R_MEAS].s);
		}
		w->measure = (extract_measure)m;
		w->value = v[R_VAL].n;
		w->has_target = v[R_TGT].present;
		w->target = v[R_TGT].n;
		w->approx = v[R_APPROX].present && v[R_APPROX].b;
		err e;
		if (w->accept && w->measure == EXM_TARGET && auth_can_admin(r->who, &e)) {
			snprintf(field, sizeof field, "rows[%zu]", i);
			return http_fail(r, ERR_FORBIDDEN, field, "chỉ quản trị nhập chỉ tiêu kế hoạch (%s %s %s)", w->indicator,
					 w->unit, w->period);
		}
	}
	return 0;
}

int api_extract_import(http_req *r)
{
	bool dry;
	int rc = api_dry_run(r, &dry);
	if (rc)
		return rc;
	json_t *j = NULL;
	if ((rc = api_json_body(r, &j)))
		return rc;
	json_t *list = json_object_get(j, "rows");
	const char *file = json_string_value(json_object_get(j, "file"));
	extract_row *rows = NULL;
	import_conflict *cf = NULL;
	api_bulk_allow_ctx *ac = NULL;
	const char *key;
	json_t *val;
	json_object_foreach(j, key, val) {
		if (strcmp(key, "file") && strcmp(key, "rows")) {
			rc = http_fail(r, ERR_INVALID, key, "trường \"%.40s\" không có (chỉ file, rows)", key);
			goto done;
		}
	}
	if (!file || !*file || strlen(file) >= 200) {
		rc = http_fail(r, ERR_INVALID, "file", "thiếu tên văn bản gốc (file, dưới 200 byte)");
		goto done;
	}
	if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > EXTRACT_MAX_PROPOSALS) {
		rc = http_fail(r, ERR_INVALID, "rows", "rows phải là mảng từ 1 đến %d đề xuất đã rà soát",
			       EXTRACT_MAX_PROPOSALS);
		goto done;
	}
	size_t n = json_array_size(list);
	rows = calloc(n, sizeof *rows);
	cf = calloc(IMPORT_CONFLICTS_MAX, sizeof *cf);
	if (!rows || !cf) {
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
		goto done;
	}
	if ((rc = read_rows(r, list, rows, n)) || (rc = api_bulk_allow_new(r, &ac)))
		goto done;
	import_checks chk = {.allow = api_bulk_allow, .allow_ctx = ac, .conflicts = cf,
			     .conflicts_max = IMPORT_CONFLICTS_MAX, .by_fixed = true};
	buf notes;
	buf_init(&notes, 0);
	extract_import_summary sum;
	err e;
	err_clear(&e);
	rc = extract_import(r->store, rows, n, file, dry, r->who->user.login, &chk, &notes, &sum, &e);
	if (rc && sum.values.conflicts == 0) {
		buf_free(&notes);
		rc = http_fail(r, rc == ERR_NOTFOUND ? ERR_INVALID : rc, "rows", "%s", e.msg);
		goto done;
	}
	if (rc) {
		bool forbidden = true;
		for (long i = 0; i < sum.values.conflicts && i < IMPORT_CONFLICTS_MAX; i++)
			forbidden = forbidden && cf[i].code == ERR_FORBIDDEN;
		r->status = forbidden ? 403 : 409;
	}
	buf *b = &r->out;
	buf_printf(b, "{\"status\":\"%s\",\"dryRun\":%s,", rc ? "ERROR" : "SUCCESS", dry ? "true" : "false");
	if (rc)
		jsonw_kv_str(b, "description", e.msg, true);
	buf_printf(b, "\"accepted\":%ld,\"dropped\":%ld,\"targets\":%ld,\"skipped\":%ld,"
		      "\"importCount\":{\"imported\":%ld,\"updated\":%ld,\"ignored\":%ld},\"notes\":[",
		   sum.accepted, sum.dropped, sum.targets, sum.skipped, sum.values.inserted, sum.values.updated,
		   sum.values.unchanged);
	const char *p = buf_cstr(&notes);
	bool first = true;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(l < sizeof line - 1 ? l : sizeof line - 1), p);
		if (!first)
			buf_putc(b, ',');
		buf_json_str(b, line);
		first = false;
		p += l + (nl ? 1 : 0);
	}
	buf_puts(b, "],\"conflicts\":[");
	api_bulk_conflicts_json(b, cf, rc ? sum.values.conflicts : 0);
	buf_puts(b, "]}\n");
	buf_free(&notes);
	rc = 0;
done:
	json_decref(j);
	free(rows);
	free(cf);
	api_bulk_allow_free(ac);
	return rc;
}
