/*
 * api_values.c - values and their evaluation: GET /api/eval (the same JSON as
 * `chitieu eval --json`, from the same writer; period=default evaluates the
 * month GET /api/period/default gives), GET and PUT /api/values (one
 * value; PUT answers inserted / updated / unchanged and records the user as
 * its author, with the comment kept with the value; a rule between
 * indicators refuses it naming the field "value" (an error rule, 409) or
 * "comment" (a warning rule wants one, 400)), GET /api/values/history (the
 * audit trail of one value). PUT takes an optional "expected" object, the
 * value as the writer read it ({"value": number|string|null, "estimate",
 * "at"}: an officer's phone sending what it typed offline): when the stored
 * value changed in between, nothing is written and the answer is 409 with
 * field "expected" and the stored value as "current" (null when none).
 *
 * Not for: bulk imports (a route of their own) or scope rules (auth decides:
 * auth_can_view to read, auth_can_enter to write).
 */
#include "api/api_cache.h"
#include "core/approval.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/eval.h"
#include "core/eval_json.h"
#include "core/period_default.h"

#include <stdlib.h>
#include <string.h>

/* The evaluation of a unit and period, as GET /api/eval answers it (api_cache_answer's compute). */
typedef struct eval_ask {
	const char *unit_code;
	period p;
	eval_opts o;
} eval_ask;

static int eval_answer(http_req *r, void *ctx)
{
	const eval_ask *q = ctx;
	eval_report rep;
	memset(&rep, 0, sizeof rep);
	err e;
	err_clear(&e);
	int rc = eval_run(r->store, q->unit_code, &q->p, &q->o, &rep, &e);
	if (rc)
		http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	else
		rc = eval_json_write(&r->out, &rep);
	eval_report_free(&rep);
	return rc;
}

int api_eval(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	int rc;
	/* period=default: the month a page opens on (core/period_default.h), chosen
	 * after the permission check below; saves the phone a round trip */
	const char *pq = http_query(r, "period");
	bool by_default = pq && strcmp(pq, "default") == 0;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (!by_default && (rc = api_query_period(r, "period", &p))))
		return rc;
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.forecast = true; /* the year-end forecast of each row with a target */
	err e;
	err_clear(&e);
	const char *asof = http_query(r, "as_of");
	if (asof) {
		if ((rc = api_query_need(r, "as_of", &asof)))
			return rc;
		if ((rc = vn_parse_date(asof, &o.today, &e)))
			return http_fail(r, rc, "as_of", "%s", e.msg);
	} else {
		o.today = cdate_from_unix_vn(r->now);
	}
	const char *th = http_query(r, "lag_threshold");
	if (th) {
		num_t v;
		if ((rc = api_query_need(r, "lag_threshold", &th)))
			return rc;
		if ((rc = vn_parse_num(th, &v, &e)))
			return http_fail(r, rc, "lag_threshold", "%s", e.msg);
		o.lag_threshold = num_to_double(v);
	}
	const char *appr = http_query(r, "approved");
	if (appr) {
		if (strcmp(appr, "1") == 0 || strcmp(appr, "true") == 0)
			o.approved_only = true;
		else if (strcmp(appr, "0") != 0 && strcmp(appr, "false") != 0)
			return http_fail(r, ERR_INVALID, "approved",
					 "approved: 1 (chỉ số liệu đã duyệt) hoặc 0 (mọi số liệu)");
	}
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	if (by_default) {
		cdate day;
		period_default d;
		if ((rc = api_lock_today(r, &day)))
			return rc;
		if ((rc = period_default_pick(r->store, unit_code, day, &d, &e)))
			return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
		p = d.month;
	}
	/* Only after the permission check: the cache answers who may read, not who may not. */
	char key[API_CACHE_KEY_MAX];
	snprintf(key, sizeof key, "%s|%d-%d-%d|%04d-%02d-%02d|%.17g|%d", unit_code, (int)p.type, p.year, p.index,
		 o.today.y, o.today.m, o.today.d, o.lag_threshold, o.approved_only);
	eval_ask q = {unit_code, p, o};
	return api_cache_answer(r, unit_code, key, eval_answer, &q);
}

/* ?indicator=&unit=&period= of one value. */
static int value_key(http_req *r, const char **ind, const char **unit_code, period *p)
{
	int rc;
	if ((rc = api_query_need(r, "indicator", ind)) || (rc = api_query_need(r, "unit", unit_code)) ||
	    (rc = api_query_period(r, "period", p)))
		return rc;
	return api_unit_visible(r, *unit_code, "unit");
}

int api_value_get(http_req *r)
{
	const char *ind = NULL, *unit_code = NULL;
	period p;
	int rc = value_key(r, &ind, &unit_code, &p);
	if (rc)
		return rc;
	value v;
	err e;
	err_clear(&e);
	if ((rc = store_value_get(r->store, ind, unit_code, &p, &v, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	api_write_value(&r->out, &v);
	return buf_putc(&r->out, '\n');
}

int api_value_history(http_req *r)
{
	const char *ind = NULL, *unit_code = NULL;
	period p;
	int rc = value_key(r, &ind, &unit_code, &p);
	if (rc)
		return rc;
	value_audit *h = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	if ((rc = store_value_history(r->store, ind, unit_code, &p, &h, &n, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "indicator" : NULL, "%s", e.msg);
	buf *b = &r->out;
	buf_puts(b, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ",{" : "{");
		jsonw_kv_num(b, "old", h[i].had_old, h[i].old_amount);
		buf_printf(b, "\"old_estimate\":%s,", h[i].had_old && h[i].old_estimate ? "true" : "false");
		jsonw_kv_num(b, "new", h[i].has_new, h[i].new_amount);
		buf_printf(b, "\"new_estimate\":%s,", h[i].has_new && h[i].new_estimate ? "true" : "false");
		jsonw_kv_str(b, "by", h[i].by, true);
		buf_printf(b, "\"at\":%lld,", (long long)h[i].at);
		jsonw_kv_str(b, "reason", h[i].reason, false);
		buf_putc(b, '}');
	}
	free(h);
	buf_printf(b, "],\"total\":%zu,\"approval\":[", n);
	/* the steps of the month the value is approved with (a quarter: its last
	 * month), of the whole unit (an agency's part: GET /api/approval?agency=) */
	period m = appr_month_of(&p);
	store_approval_event *ev = NULL;
	size_t ne = 0;
	if ((rc = store_approval_events(r->store, unit_code, &m, NULL, &ev, &ne, &e)) != 0) {
		buf_reset(b);
		return http_fail(r, rc, NULL, "%s", e.msg);
	}
	for (size_t i = 0; i < ne; i++) {
		buf_puts(b, i ? ",{" : "{");
		jsonw_kv_str(b, "from", ev[i].from, true);
		jsonw_kv_str(b, "to", ev[i].to, true);
		jsonw_kv_str(b, "by", ev[i].by, true);
		buf_printf(b, "\"at\":%lld,", (long long)ev[i].at);
		jsonw_kv_str(b, "comment", ev[i].comment, false);
		buf_putc(b, '}');
	}
	free(ev);
	return buf_puts(b, "]}\n");
}

/*
 * Marks the cached answers a value of unit `code` changes: the unit's and
 * its ancestors', and those of the units formed from it (2025 mergers: their
 * evaluations read its history) and of their ancestors. Everything when that
 * cannot be read or comes to more than MARK_MAX units.
 */
#define MARK_MAX 64
static void mark_value_written(http_req *r, const char *code)
{
	char todo[MARK_MAX][CODE_MAX]; /* units whose ancestry is still to mark */
	size_t ntodo = 0, visited = 0;
	snprintf(todo[ntodo++], CODE_MAX, "%s", code);
	while (ntodo > 0) {
		char cur[CODE_MAX];
		snprintf(cur, sizeof cur, "%s", todo[--ntodo]);
		unit anc[16];
		size_t n = 0, ns = 0;
		char (*succ)[CODE_MAX] = NULL;
		err e;
		/* (visited bounds links that loop back) */
		if (++visited > MARK_MAX || store_unit_ancestry(r->store, cur, anc, 16, &n, &e) || n == 16 ||
		    store_unit_successors(r->store, cur, &succ, &ns, &e) || ntodo + ns > MARK_MAX) {
			free(succ);
			api_cache_bump();
			return;
		}
		for (size_t i = 0; i < n; i++)
			api_cache_bump_unit(anc[i].code);
		for (size_t i = 0; i < ns; i++)
			snprintf(todo[ntodo++], CODE_MAX, "%s", succ[i]);
		free(succ);
	}
}

/*
 * Reads the optional "expected" object of a PUT (and takes it out of j, so
 * the field checker sees the plain fields): *has false when it is absent or
 * null. A wrong shape is the request's fault (400 naming "expected").
 */
static int expected_take(http_req *r, json_t *j, store_value_expect *x, bool *has)
{
	memset(x, 0, sizeof *x);
	*has = false;
	json_t *o = json_object_get(j, "expected");
	if (!o)
		return 0;
	int rc = 0;
	json_incref(o);
	json_object_del(j, "expected");
	if (json_is_null(o))
		goto done;
	const char *key;
	json_t *v;
	if (!json_is_object(o) || !json_object_get(o, "value")) {
		rc = http_fail(r, ERR_INVALID, "expected",
			       "trường \"expected\" phải là {\"value\": số hoặc null, \"estimate\", \"at\"}: số liệu bạn đã đọc");
		goto done;
	}
	json_object_foreach(o, key, v) {
		if (strcmp(key, "value") && strcmp(key, "estimate") && strcmp(key, "at")) {
			rc = http_fail(r, ERR_INVALID, "expected", "expected.%s không được biết (unknown field)", key);
			goto done;
		}
	}
	v = json_object_get(o, "value");
	if (!json_is_null(v)) {
		err e;
		err_clear(&e);
		x->had = true;
		if (json_is_number(v) ? num_from_double(json_number_value(v), &x->amount) != 0
		    : !json_is_string(v) || vn_parse_num(json_string_value(v), &x->amount, &e) != 0) {
			rc = http_fail(r, ERR_INVALID, "expected", "expected.value phải là một số, chuỗi số hoặc null");
			goto done;
		}
	}
	v = json_object_get(o, "estimate");
	if (v && !json_is_null(v)) {
		if (!json_is_boolean(v)) {
			rc = http_fail(r, ERR_INVALID, "expected", "expected.estimate phải là true hoặc false");
			goto done;
		}
		x->estimate = json_is_true(v);
	}
	v = json_object_get(o, "at");
	if (v && !json_is_null(v)) {
		double d = json_is_number(v) ? json_number_value(v) : -1;
		if (d < 0 || d > 1e12 || d != (double)(int64_t)d) { /* the bounds first: no cast out of range */
			rc = http_fail(r, ERR_INVALID, "expected", "expected.at phải là số giây Unix (số nguyên không âm)");
			goto done;
		}
		x->at = (int64_t)d;
	}
	*has = true;
done:
	json_decref(o);
	return rc;
}

/* The 409 of a value changed since the writer read it: the store's message
 * and the value stored now ("current", null when it was deleted). */
static int expected_conflict(http_req *r, const value *v, const err *why)
{
	value cur;
	err e;
	err_clear(&e);
	int rc = store_value_get(r->store, v->indicator_code, v->unit_code, &v->period, &cur, &e);
	if (rc && rc != ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "%s", e.msg);
	r->status = 409;
	buf_reset(&r->out);
	buf_puts(&r->out, "{\"error\":{\"code\":\"conflict\",\"message\":");
	buf_json_str(&r->out, why->msg);
	buf_puts(&r->out, ",\"field\":\"expected\"},\"current\":");
	if (rc)
		buf_puts(&r->out, "null");
	else
		api_write_value(&r->out, &cur);
	return buf_puts(&r->out, "}\n");
}

int api_value_put(http_req *r)
{
	static const api_field fields[] = {
		{"indicator", API_STR, true, CODE_MAX, 0, 0}, {"unit", API_STR, true, CODE_MAX, 0, 0},
		{"period", API_STR, true, 16, 0, 0},           {"value", API_NUM, true, 0, 0, 0},
		{"estimate", API_BOOL, false, 0, 0, 0},        {"reason", API_STR, false, NOTE_MAX, 0, 0},
		{"comment", API_STR, false, NOTE_MAX, 0, 0},
	};
	enum { F_IND, F_UNIT, F_PERIOD, F_VALUE, F_EST, F_REASON, F_COMMENT, F_N };
	api_val f[F_N];
	r->changes_marked = true; /* one value, marked below (mark_value_written) when it changed */
	json_t *j = NULL;
	err e;
	err_clear(&e);
	store_value_expect x;
	bool has_x = false;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = expected_take(r, j, &x, &has_x);
	if (!rc)
		rc = api_json_fields(r, j, fields, F_N, f);
	if (rc)
		goto done;
	value v;
	memset(&v, 0, sizeof v);
	indicator ind;
	unit u;
	if ((rc = model_set_text(v.indicator_code, sizeof v.indicator_code, f[F_IND].s, "indicator", &e)) ||
	    (rc = store_indicator_get(r->store, f[F_IND].s, &ind, &e))) {
		http_fail(r, rc, "indicator", "%s", e.msg);
		goto done;
	}
	if ((rc = model_set_text(v.unit_code, sizeof v.unit_code, f[F_UNIT].s, "unit", &e)) ||
	    (rc = store_unit_get(r->store, f[F_UNIT].s, &u, &e))) {
		http_fail(r, rc, "unit", "%s", e.msg);
		goto done;
	}
	if ((rc = period_parse(f[F_PERIOD].s, &v.period, &e))) {
		http_fail(r, rc, "period", "%s", e.msg);
		goto done;
	}
	const char *reason = f[F_REASON].present ? f[F_REASON].s : "";
	if (strlen(reason) >= NOTE_MAX) {
		rc = http_fail(r, ERR_INVALID, "reason", "lý do dài quá %d byte", NOTE_MAX - 1);
		goto done;
	}
	if ((rc = auth_can_enter(r->store, r->who, v.unit_code, &ind, &e))) {
		http_fail(r, rc, "unit", "%s", e.msg);
		goto done;
	}
	if ((rc = api_lock_guard(r, &ind, v.unit_code, &v.period)))
		goto done;
	v.amount = f[F_VALUE].n;
	v.estimate = f[F_EST].present && f[F_EST].b;
	snprintf(v.by, sizeof v.by, "%s", r->who->user.login);
	if (f[F_COMMENT].present && (rc = api_json_text(r, v.comment, sizeof v.comment, f[F_COMMENT].s, "comment")))
		goto done;
	store_change ch = STORE_UNCHANGED;
	bool stale = false;
	rc = store_value_put_expect(r->store, &v, reason, has_x ? &x : NULL, &stale, &ch, &e);
	if (ch != STORE_UNCHANGED)
		mark_value_written(r, v.unit_code);
	if (rc && stale) {
		rc = expected_conflict(r, &v, &e);
		goto done;
	}
	if (rc && vrule_refusal_field(&e)) {
		/* a rule between indicators: 409 for an error rule (field "value"), 400 asking
		 * for the comment of a warning rule (field "comment": the page shows a box) */
		http_fail(r, rc, vrule_refusal_field(&e), "%s", e.msg);
		goto done;
	}
	if (rc) {
		/* a wrong frequency or a unit not valid in the period is the input's fault */
		http_fail(r, rc == ERR_CONFLICT ? ERR_INVALID : rc, rc == ERR_CONFLICT ? "period" : NULL, "%s", e.msg);
		rc = rc == ERR_CONFLICT ? ERR_INVALID : rc;
		goto done;
	}
	value saved;
	if ((rc = store_value_get(r->store, v.indicator_code, v.unit_code, &v.period, &saved, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	buf_printf(&r->out, "{\"result\":\"%s\",\"value\":",
		   ch == STORE_INSERTED ? "inserted" : ch == STORE_UPDATED ? "updated" : "unchanged");
	api_write_value(&r->out, &saved);
	buf_puts(&r->out, "}\n");
done:
	json_decref(j);
	return rc;
}
