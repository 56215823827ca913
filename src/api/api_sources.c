/*
 * api_sources.c - GET and PUT /api/sources: the settings that say whether
 * an indicator's figure at a unit (or at every unit of a level) is the
 * unit's own or its units' aggregate (core/source.h). Reading is for every
 * user (the settings say how figures are made, nothing about them);
 * changing one is the administrator's (the route table says so).
 *
 * Not for: the rule (core/source.c), the roll-ups it recomputes (store).
 */
#include "api/api_sources.h"
#include "api/api_int.h"

#include <stdlib.h>
#include <string.h>

static void write_rule(buf *b, const fig_source_rule *x)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "indicator", x->indicator_code, true);
	if (x->unit_id) {
		jsonw_kv_str(b, "unit", x->unit_code, true);
		buf_puts(b, "\"level\":null,");
	} else {
		buf_puts(b, "\"unit\":null,");
		jsonw_kv_str(b, "level", unit_type_code(x->level), true);
	}
	jsonw_kv_str(b, "source", fig_source_code(x->source), true);
	jsonw_kv_str(b, "by", x->by, true);
	buf_printf(b, "\"at\":%lld}", (long long)x->at);
}

int api_sources_list(http_req *r)
{
	const char *only = http_query(r, "indicator");
	fig_source_rule *x = NULL;
	size_t n = 0, shown = 0;
	err e;
	err_clear(&e);
	int rc = store_sources_list(r->store, &x, &n, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	buf_puts(&r->out, "{\"items\":[");
	for (size_t k = 0; k < n; k++) {
		if (only && only[0] && strcmp(only, x[k].indicator_code) != 0)
			continue;
		if (shown++)
			buf_putc(&r->out, ',');
		write_rule(&r->out, &x[k]);
	}
	free(x);
	return buf_puts(&r->out, "]}\n");
}

int api_source_put(http_req *r)
{
	static const api_field f[] = {
		{"indicator", API_STR, true, CODE_MAX, 0, 0},
		{"unit", API_STR, false, CODE_MAX, 0, 0},
		{"level", API_STR, false, 32, 0, 0},
		{"source", API_STR, true, 16, 0, 0},
	};
	api_val v[4];
	json_t *j = NULL;
	err e;
	err_clear(&e);
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, f, 4, v);
	if (rc) {
		json_decref(j);
		return rc;
	}
	fig_source src = FIG_DEFAULT;
	unit_type level = 0;
	const char *unit_code = v[1].present && v[1].s[0] ? v[1].s : NULL;
	if (fig_source_from_code(v[3].s, &src, &e) != 0) {
		rc = http_fail(r, ERR_INVALID, "source", "%s", e.msg);
	} else if ((unit_code != NULL) == (v[2].present && v[2].s[0])) {
		rc = http_fail(r, ERR_INVALID, "unit",
			       "cần đúng một trong hai: đơn vị (unit) hoặc cấp đơn vị (level)");
	} else if (!unit_code && unit_type_from_code(v[2].s, &level, &e) != 0) {
		rc = http_fail(r, ERR_INVALID, "level", "%s", e.msg);
	} else if ((rc = store_source_set(r->store, v[0].s, unit_code, level, src, r->who->user.login, r->now,
					  &e)) != 0) {
		const char *field = strstr(e.msg, "đơn vị") && unit_code ? "unit" : "indicator";
		rc = http_fail(r, rc, rc == ERR_INVALID ? "source" : field, "%s", e.msg);
	} else {
		buf_putc(&r->out, '{');
		jsonw_kv_str(&r->out, "indicator", v[0].s, true);
		jsonw_kv_str(&r->out, "unit", unit_code ? unit_code : "", true);
		jsonw_kv_str(&r->out, "level", unit_code ? "" : unit_type_code(level), true);
		jsonw_kv_str(&r->out, "source", fig_source_code(src), false);
		rc = buf_puts(&r->out, "}\n");
	}
	json_decref(j);
	return rc;
}
