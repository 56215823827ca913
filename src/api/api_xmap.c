/*
 * api_xmap.c - GET/PUT/DELETE /api/exchange/mapping (api_exchange.h): the
 * DHIS2 exchange's mapping (core/xmap.h), for administrators only (the
 * route table says HTTP_ADMIN). PUT takes one row as JSON and answers it as
 * written; DELETE takes the key (kind, uid, coc, aoc) in the query.
 *
 * Not for: the lookups of an import or export (core/xmap.c).
 */
#include "api/api_exchange.h"
#include "api/api_int.h"
#include "core/xmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void row_json(buf *b, const store_xmap *m)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "kind", m->kind, true);
	jsonw_kv_str(b, "uid", m->uid, true);
	jsonw_kv_str(b, "categoryOptionCombo", m->coc, true);
	jsonw_kv_str(b, "attributeOptionCombo", m->aoc, true);
	jsonw_kv_str(b, "code", m->code, true);
	jsonw_kv_str(b, "name", m->name, true);
	jsonw_kv_str(b, "target", m->target, true);
	jsonw_kv_str(b, "changed_by", m->changed_by, true);
	buf_printf(b, "\"changed_at\":%lld}", (long long)m->changed_at);
}

int api_xmap_list(http_req *r)
{
	store_xmap *x = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	const char *kind = http_query(r, "kind");
	store_xmap k;
	memset(&k, 0, sizeof k);
	if (kind && *kind) {
		snprintf(k.kind, sizeof k.kind, "%.15s", kind);
		snprintf(k.uid, sizeof k.uid, "x");
		if (xmap_check_key(&k, &e))
			return http_fail(r, ERR_INVALID, "kind", "%s", e.msg);
	}
	int rc = store_xmap_list(r->store, k.kind[0] ? k.kind : NULL, &x, &n, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	buf *b = &r->out;
	buf_puts(b, "{\"mappings\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		row_json(b, &x[i]);
	}
	free(x);
	return buf_puts(b, "]}\n");
}

/* Which field an xmap_check message is about: the word before its ':'. */
static const char *field_of(const char *msg)
{
	static const char *const names[] = {"kind", "uid", "code", "name", "categoryOptionCombo",
					    "attributeOptionCombo", "target"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		if (!strncmp(msg, names[i], n) && msg[n] == ':')
			return names[i];
	}
	return "target";
}

int api_xmap_put(http_req *r)
{
	static const api_field f[] = {
		{"kind", API_STR, true, 16, 0, 0},
		{"uid", API_STR, true, XMAP_ID_MAX, 0, 0},
		{"categoryOptionCombo", API_STR, false, XMAP_ID_MAX, 0, 0},
		{"attributeOptionCombo", API_STR, false, XMAP_ID_MAX, 0, 0},
		{"code", API_STR, false, XMAP_ID_MAX, 0, 0},
		{"name", API_STR, false, XMAP_NAME_MAX, 0, 0},
		{"target", API_STR, true, CODE_MAX, 0, 0},
	};
	enum { N = sizeof f / sizeof f[0] };
	api_val v[N];
	json_t *j = NULL;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, f, N, v);
	if (rc) {
		json_decref(j);
		return rc;
	}
	store_xmap m;
	memset(&m, 0, sizeof m);
	char *dst[N] = {m.kind, m.uid, m.coc, m.aoc, m.code, m.name, m.target};
	size_t room[N] = {sizeof m.kind, sizeof m.uid, sizeof m.coc, sizeof m.aoc, sizeof m.code, sizeof m.name,
			  sizeof m.target};
	for (size_t i = 0; i < N; i++)
		if (v[i].present)
			snprintf(dst[i], room[i], "%s", v[i].s);
	json_decref(j);
	snprintf(m.changed_by, sizeof m.changed_by, "%s", r->who->user.login);
	err e;
	err_clear(&e);
	if ((rc = xmap_check(r->store, &m, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "target" : field_of(e.msg), "%s", e.msg);
	if ((rc = store_xmap_put(r->store, &m, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	m.changed_at = r->now;
	row_json(&r->out, &m);
	return buf_putc(&r->out, '\n');
}

int api_xmap_delete(http_req *r)
{
	store_xmap m;
	memset(&m, 0, sizeof m);
	const char *q[4] = {http_query(r, "kind"), http_query(r, "uid"), http_query(r, "categoryOptionCombo"),
			    http_query(r, "attributeOptionCombo")};
	char *dst[4] = {m.kind, m.uid, m.coc, m.aoc};
	size_t room[4] = {sizeof m.kind, sizeof m.uid, sizeof m.coc, sizeof m.aoc};
	static const char *const names[4] = {"kind", "uid", "categoryOptionCombo", "attributeOptionCombo"};
	for (int i = 0; i < 4; i++) {
		if (q[i] && strlen(q[i]) >= room[i])
			return http_fail(r, ERR_INVALID, names[i], "%s dài quá %zu byte", names[i], room[i] - 1);
		snprintf(dst[i], room[i], "%s", q[i] ? q[i] : "");
	}
	err e;
	err_clear(&e);
	int rc = xmap_check_key(&m, &e);
	if (rc)
		return http_fail(r, rc, field_of(e.msg), "%s", e.msg);
	bool found = false;
	if ((rc = store_xmap_delete(r->store, m.kind, m.uid, m.coc, m.aoc, &found, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	if (!found)
		return http_fail(r, ERR_NOTFOUND, "uid", "không có ánh xạ %s %s", m.kind, m.uid);
	return buf_puts(&r->out, "{\"deleted\":true}\n");
}
