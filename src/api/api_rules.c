/*
 * api_rules.c - the rules between indicators over JSON (core/vrule.h):
 * GET /api/rules and /api/rules/{code} for anyone logged in, POST /api/rules,
 * PUT and DELETE /api/rules/{code} for administrators (the route table says
 * so; src/http checks it before these run).
 *
 * Not for: applying rules (the store's write does, on every way in) or
 * listing what breaks them (GET /api/validation).
 */
#include "api/api_int.h"
#include "api/api_rules.h"

#include <stdlib.h>
#include <string.h>

static void write_rule(buf *b, const vrule *r)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "code", r->code, true);
	jsonw_kv_str(b, "name", r->name, true);
	jsonw_kv_str(b, "left", r->left, true);
	jsonw_kv_str(b, "op", vrule_op_code(r->op), true);
	jsonw_kv_str(b, "right", r->right, true);
	jsonw_kv_str(b, "importance", vrule_importance_code(r->importance), true);
	jsonw_kv_str(b, "importance_label", vrule_importance_label(r->importance), false);
	buf_putc(b, '}');
}

/* A store error as the answer; the field a rule's message names, when it does. */
static int fail_rule(http_req *r, const err *e, int rc)
{
	const char *field = NULL;
	if (strstr(e->msg, "(left)") || strstr(e->msg, "vế trái"))
		field = "left";
	else if (strstr(e->msg, "(right)") || strstr(e->msg, "vế phải"))
		field = "right";
	else if (strstr(e->msg, "(operator)"))
		field = "op";
	else if (strstr(e->msg, "(importance)"))
		field = "importance";
	else if (strstr(e->msg, "(name)"))
		field = "name";
	else if (strstr(e->msg, "(code)"))
		field = "code";
	/* an indicator a rule names that does not exist is the body's fault, not a missing page */
	return http_fail(r, rc == ERR_NOTFOUND ? ERR_INVALID : rc, field, "%s", e->msg[0] ? e->msg : "lỗi");
}

int api_rules_list(http_req *r)
{
	vrule *rs = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	int rc = store_vrule_list(r->store, &rs, &n, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	buf_puts(&r->out, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&r->out, ',');
		write_rule(&r->out, &rs[i]);
	}
	free(rs);
	return buf_printf(&r->out, "],\"total\":%zu}\n", n);
}

int api_rule_get(http_req *r)
{
	vrule v;
	err e;
	err_clear(&e);
	int rc = store_vrule_get(r->store, http_param(r, "code"), &v, &e);
	if (rc)
		return http_fail(r, rc, "code", "%s", e.msg);
	write_rule(&r->out, &v);
	return buf_putc(&r->out, '\n');
}

static const api_field rule_fields[] = {
	{"code", API_STR, false, CODE_MAX, 0, 0},         {"name", API_STR, false, NAME_MAX_, 0, 0},
	{"left", API_STR, false, VRULE_EXPR_MAX, 0, 0},   {"op", API_STR, false, 16, 0, 0},
	{"right", API_STR, false, VRULE_EXPR_MAX, 0, 0},  {"importance", API_STR, false, 32, 0, 0},
};
enum { R_CODE, R_NAME, R_LEFT, R_OP, R_RIGHT, R_IMP, R_N };

/* The given fields over what v holds, then saved (create: the code must be new). */
static int rule_save(http_req *r, vrule *v, const api_val *f, bool create)
{
	err e;
	err_clear(&e);
	int rc;
	if (create) {
		static const char *const need[] = {"code", "name", "left", "op", "right"};
		for (int k = 0; k < 5; k++)
			if (!f[k == 0 ? R_CODE : k == 1 ? R_NAME : k == 2 ? R_LEFT : k == 3 ? R_OP : R_RIGHT].present)
				return http_fail(r, ERR_INVALID, need[k], "thiếu trường %s", need[k]);
	}
	if ((f[R_CODE].present && (rc = api_json_text(r, v->code, sizeof v->code, f[R_CODE].s, "code"))) ||
	    (f[R_NAME].present && (rc = api_json_text(r, v->name, sizeof v->name, f[R_NAME].s, "name"))) ||
	    (f[R_LEFT].present && (rc = api_json_text(r, v->left, sizeof v->left, f[R_LEFT].s, "left"))) ||
	    (f[R_RIGHT].present && (rc = api_json_text(r, v->right, sizeof v->right, f[R_RIGHT].s, "right"))))
		return rc;
	if (f[R_OP].present && (rc = vrule_op_from_code(f[R_OP].s, &v->op, &e)))
		return http_fail(r, rc, "op", "%s", e.msg);
	if (f[R_IMP].present && (rc = vrule_importance_from_code(f[R_IMP].s, &v->importance, &e)))
		return http_fail(r, rc, "importance", "%s", e.msg);
	vrule old;
	err ig;
	err_clear(&ig);
	if (create && !store_vrule_get(r->store, v->code, &old, &ig))
		return http_fail(r, ERR_CONFLICT, "code", "quy tắc %s đã có (%s)", v->code, old.name);
	if ((rc = store_vrule_put(r->store, v, &e)))
		return fail_rule(r, &e, rc);
	if (create)
		r->status = 201;
	write_rule(&r->out, v);
	return buf_putc(&r->out, '\n');
}

int api_rule_post(http_req *r)
{
	api_val f[R_N];
	json_t *j = NULL;
	vrule v;
	memset(&v, 0, sizeof v);
	v.importance = VR_ERROR;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, rule_fields, R_N, f);
	if (!rc)
		rc = rule_save(r, &v, f, true);
	json_decref(j);
	return rc;
}

int api_rule_put(http_req *r)
{
	api_val f[R_N];
	json_t *j = NULL;
	vrule v;
	err e;
	err_clear(&e);
	int rc = store_vrule_get(r->store, http_param(r, "code"), &v, &e);
	if (rc)
		return http_fail(r, rc, "code", "%s", e.msg);
	if (!(rc = api_json_body(r, &j)) && !(rc = api_json_fields(r, j, rule_fields, R_N, f))) {
		if (f[R_CODE].present && strcmp(f[R_CODE].s, v.code))
			rc = http_fail(r, ERR_INVALID, "code", "không đổi được mã quy tắc %s", v.code);
		else
			rc = rule_save(r, &v, f, false);
	}
	json_decref(j);
	return rc;
}

int api_rule_delete(http_req *r)
{
	err e;
	err_clear(&e);
	const char *code = http_param(r, "code");
	int rc = store_vrule_delete(r->store, code, &e);
	if (rc)
		return http_fail(r, rc, "code", "%s", e.msg);
	buf_puts(&r->out, "{\"result\":\"deleted\",\"code\":");
	buf_json_str(&r->out, code);
	return buf_puts(&r->out, "}\n");
}
