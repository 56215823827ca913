/*
 * api_locks.c - period locking over HTTP: the status of a (unit, period)
 * today, closing and reopening by an administrator, the lock settings, and the guard
 * PUT /api/values calls before it writes; and who has reported by those
 * deadlines (GET /api/completeness), and whether their figures hold up
 * (GET /api/validation). "Today" is the Vietnam date of the
 * request, or $CHITIEU_TODAY for tests and demos.
 *
 * Not for: the rules (src/core/lock.c); who may call a route (the route
 * table: close, reopen and config are administrator routes, checked centrally).
 */
#include "api/api_locks.h"
#include "api/api_int.h"
#include "core/approval.h"
#include "core/completeness.h"
#include "core/lock.h"
#include "core/validate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- today ------------------------------------------------------------- */

/* $CHITIEU_TODAY, read once per process; written only inside pthread_once. */
static pthread_once_t today_once = PTHREAD_ONCE_INIT;
static bool today_set;
static cdate today_env;
static err today_err;

static void today_read(void)
{
	const char *v = getenv("CHITIEU_TODAY");
	err_clear(&today_err);
	if (!v || !*v)
		return;
	if (vn_parse_date(v, &today_env, &today_err) == 0)
		today_set = true;
	else
		err_prefix(&today_err, "biến môi trường CHITIEU_TODAY: ");
}

int api_lock_today(http_req *r, cdate *out)
{
	pthread_once(&today_once, today_read);
	if (today_err.code)
		return http_fail(r, ERR_INVALID, NULL, "%s", today_err.msg);
	*out = today_set ? today_env : lock_day_of(r->now);
	return 0;
}

/* ---- the guard of value writes ---------------------------------------------- */

static period_type type_of(ind_freq f)
{
	switch (f) {
	case FREQ_MONTH: return PERIOD_MONTH;
	case FREQ_QUARTER: return PERIOD_QUARTER;
	case FREQ_HALF: return PERIOD_HALF;
	case FREQ_YEAR: return PERIOD_YEAR;
	}
	return (period_type)0;
}

int api_lock_guard(http_req *r, const indicator *ind, const char *unit_code, const period *p)
{
	cdate today;
	int rc;
	if (type_of(ind->freq) != p->type)
		return 0; /* the store's frequency check names the problem better */
	if ((rc = api_lock_today(r, &today)))
		return rc;
	err e;
	err_clear(&e);
	if ((rc = lock_check(r->store, unit_code, p, today, &e)) ||
	    (rc = approval_write_check(r->store, unit_code, p, ind, &e)))
		return http_fail(r, rc, rc == ERR_CONFLICT || rc == ERR_INVALID ? "period" : NULL, "%s", e.msg);
	return 0;
}

/* ---- GET /api/locks ------------------------------------------------------------ */

int api_lock_status(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	cdate today;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)) ||
	    (rc = api_lock_today(r, &today)))
		return rc;
	err e;
	err_clear(&e);
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	lock_status st;
	if ((rc = lock_status_get(r->store, unit_code, &p, today, &st, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	lock_status_json(&r->out, unit_code, &p, &st);
	return buf_putc(&r->out, '\n');
}

/* ---- GET /api/completeness --------------------------------------------------------- */

int api_completeness(http_req *r)
{
	const char *unit_code = NULL;
	long year;
	cdate today;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_int(r, "year", 1900, 9999, -1, &year)) ||
	    (rc = api_lock_today(r, &today)))
		return rc;
	if (year < 0)
		year = today.y; /* this year */
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	err e;
	err_clear(&e);
	compl_table t;
	if ((rc = compl_build(r->store, unit_code, (int)year, today, &t, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	rc = compl_json(&r->out, unit_code, &t);
	compl_free(&t);
	return rc;
}

/* ---- approval: GET /api/approval, POST /api/approval/{submit,approve,return,accept} ---- */

int api_approval_get(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)))
		return rc;
	if (p.type != PERIOD_MONTH)
		return http_fail(r, ERR_INVALID, "period", "duyệt số liệu theo tháng: kỳ phải là một tháng (202206)");
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	const char *agency_code = http_query(r, "agency");
	err e;
	err_clear(&e);
	if ((rc = approval_json(&r->out, r->store, unit_code, &p, agency_code, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? (strstr(e.msg, "cơ quan") ? "agency" : "unit") : NULL, "%s",
				 e.msg);
	return 0;
}

/* GET /api/approval/children?unit=&period=: each subordinate unit's state of the month. */
int api_approval_children(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)))
		return rc;
	if (p.type != PERIOD_MONTH)
		return http_fail(r, ERR_INVALID, "period", "duyệt số liệu theo tháng: kỳ phải là một tháng (202206)");
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	approval_child *c = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	if ((rc = approval_children(r->store, unit_code, &p, &c, &n, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	if (approval_children_json(&r->out, unit_code, &p, c, n))
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	free(c);
	return rc;
}

/* One step: who may take it (auth), then whether it fits the state (core). */
static int approval_step(http_req *r, appr_action a)
{
	static const api_field fields[] = {
		{"unit", API_STR, true, CODE_MAX, 0, 0},
		{"period", API_STR, true, 16, 0, 0},
		{"comment", API_STR, false, NOTE_MAX, 0, 0},
		{"agency", API_STR, false, CODE_MAX, 0, 0},
	};
	enum { F_UNIT, F_PERIOD, F_COMMENT, F_AGENCY, F_N };
	api_val f[F_N];
	json_t *j = NULL;
	err e;
	err_clear(&e);
	period p;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, F_N, f);
	if (rc)
		goto done;
	const char *unit_code = f[F_UNIT].s, *comment = f[F_COMMENT].present ? f[F_COMMENT].s : "";
	const char *agency_code = f[F_AGENCY].present ? f[F_AGENCY].s : ""; /* "": the whole unit */
	if ((rc = period_parse(f[F_PERIOD].s, &p, &e))) {
		http_fail(r, rc, "period", "%s", e.msg);
		goto done;
	}
	/* who: the unit (an agency's part: that agency's department) submits; the
	 * level above approves; the one above that accepts; either returns */
	if (a == APPR_SUBMIT)
		rc = auth_can_submit(r->store, r->who, unit_code, agency_code, &e);
	else if (a == APPR_ACCEPT)
		rc = auth_can_approve(r->store, r->who, unit_code, 2, &e);
	else if ((rc = auth_can_approve(r->store, r->who, unit_code, 1, &e)) == ERR_FORBIDDEN && a == APPR_RETURN)
		rc = auth_can_approve(r->store, r->who, unit_code, 2, &e);
	if (rc) {
		http_fail(r, rc, "unit", "%s", e.msg);
		goto done;
	}
	appr_state to;
	if ((rc = approval_act(r->store, unit_code, &p, agency_code, a, r->who->user.login, r->now, comment, &to,
			       &e))) {
		const char *field = rc == ERR_NOTFOUND ? (strstr(e.msg, "cơ quan") ? "agency" : "unit")
				    : rc == ERR_INVALID ? (strstr(e.msg, "comment") ? "comment" : "period")
							: NULL;
		http_fail(r, rc, field, "%s", e.msg);
		goto done;
	}
	rc = approval_json(&r->out, r->store, unit_code, &p, agency_code, &e);
	if (rc)
		http_fail(r, rc, NULL, "%s", e.msg);
done:
	json_decref(j);
	return rc;
}

int api_approval_submit(http_req *r)
{
	return approval_step(r, APPR_SUBMIT);
}

int api_approval_approve(http_req *r)
{
	return approval_step(r, APPR_APPROVE);
}

int api_approval_return(http_req *r)
{
	return approval_step(r, APPR_RETURN);
}

int api_approval_accept(http_req *r)
{
	return approval_step(r, APPR_ACCEPT);
}

/* ---- GET /api/validation ------------------------------------------------------------ */

int api_validation(http_req *r)
{
	const char *unit_code = NULL;
	period p;
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)))
		return rc;
	if ((rc = api_unit_visible(r, unit_code, "unit")))
		return rc;
	err e;
	err_clear(&e);
	validate_result v;
	if ((rc = validate_run(r->store, unit_code, &p, &v, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "unit" : NULL, "%s", e.msg);
	rc = validate_json(&r->out, unit_code, &v);
	validate_free(&v);
	return rc;
}

/* ---- POST /api/locks/reopen ------------------------------------------------------ */

int api_lock_reopen(http_req *r)
{
	static const api_field fields[] = {
		{"unit", API_STR, true, CODE_MAX, 0, 0},
		{"period", API_STR, true, 16, 0, 0},
		{"until", API_STR, false, 16, 0, 0},
		{"reason", API_STR, true, NOTE_MAX, 0, 0},
	};
	enum { F_UNIT, F_PERIOD, F_UNTIL, F_REASON, F_N };
	api_val f[F_N];
	json_t *j = NULL;
	err e;
	err_clear(&e);
	cdate today;
	store_reopen ro;
	memset(&ro, 0, sizeof ro);
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, F_N, f);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	if ((rc = model_set_text(ro.unit_code, sizeof ro.unit_code, f[F_UNIT].s, "unit", &e))) {
		http_fail(r, rc, "unit", "%s", e.msg);
		goto done;
	}
	if ((rc = period_parse(f[F_PERIOD].s, &ro.period, &e))) {
		http_fail(r, rc, "period", "%s", e.msg);
		goto done;
	}
	if (f[F_UNTIL].present && (rc = vn_parse_date(f[F_UNTIL].s, &ro.until, &e))) {
		http_fail(r, rc, "until", "%s", e.msg);
		goto done;
	}
	if (strlen(f[F_REASON].s) >= sizeof ro.reason) {
		rc = http_fail(r, ERR_INVALID, "reason", "lý do dài quá %zu byte", sizeof ro.reason - 1);
		goto done;
	}
	snprintf(ro.reason, sizeof ro.reason, "%s", f[F_REASON].s);
	snprintf(ro.by, sizeof ro.by, "%s", r->who->user.login);
	ro.at = r->now;
	if ((rc = lock_reopen(r->store, &ro, today, &e))) {
		const char *field = rc == ERR_NOTFOUND ? "unit" : !ro.reason[0] ? "reason" : "until";
		http_fail(r, rc, rc == ERR_INVALID || rc == ERR_NOTFOUND ? field : NULL, "%s", e.msg);
		goto done;
	}
	lock_status st;
	if ((rc = lock_status_get(r->store, ro.unit_code, &ro.period, today, &st, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	buf_printf(&r->out, "{\"id\":%lld,\"status\":", (long long)ro.id);
	lock_status_json(&r->out, ro.unit_code, &ro.period, &st);
	buf_puts(&r->out, "}\n");
done:
	json_decref(j);
	return rc;
}

/* ---- POST /api/locks/close ------------------------------------------------------- */

int api_lock_close(http_req *r)
{
	static const api_field fields[] = {
		{"unit", API_STR, true, CODE_MAX, 0, 0},
		{"period", API_STR, true, 16, 0, 0},
		{"reason", API_STR, true, NOTE_MAX, 0, 0},
	};
	enum { F_UNIT, F_PERIOD, F_REASON, F_N };
	api_val f[F_N];
	json_t *j = NULL;
	err e;
	err_clear(&e);
	cdate today;
	store_closing c;
	memset(&c, 0, sizeof c);
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, F_N, f);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	if ((rc = model_set_text(c.unit_code, sizeof c.unit_code, f[F_UNIT].s, "unit", &e))) {
		http_fail(r, rc, "unit", "%s", e.msg);
		goto done;
	}
	if ((rc = period_parse(f[F_PERIOD].s, &c.period, &e))) {
		http_fail(r, rc, "period", "%s", e.msg);
		goto done;
	}
	if (strlen(f[F_REASON].s) >= sizeof c.reason) {
		rc = http_fail(r, ERR_INVALID, "reason", "lý do dài quá %zu byte", sizeof c.reason - 1);
		goto done;
	}
	snprintf(c.reason, sizeof c.reason, "%s", f[F_REASON].s);
	snprintf(c.by, sizeof c.by, "%s", r->who->user.login);
	c.at = r->now;
	if ((rc = lock_close(r->store, &c, today, &e))) {
		const char *field = rc == ERR_NOTFOUND ? "unit" : !c.reason[0] ? "reason" : "period";
		http_fail(r, rc, rc == ERR_INVALID || rc == ERR_NOTFOUND || rc == ERR_CONFLICT ? field : NULL,
			  "%s", e.msg);
		goto done;
	}
	lock_status st;
	if ((rc = lock_status_get(r->store, c.unit_code, &c.period, today, &st, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	buf_printf(&r->out, "{\"id\":%lld,\"status\":", (long long)c.id);
	lock_status_json(&r->out, c.unit_code, &c.period, &st);
	buf_puts(&r->out, "}\n");
done:
	json_decref(j);
	return rc;
}

/* ---- GET / PUT /api/locks/config ------------------------------------------------ */

static void write_config(buf *b, const lock_config *c)
{
	buf_printf(b,
		   "{\"enabled\":%s,\"cutoff_day\":%d,\"due_day\":%d,\"due_months_after\":%d,"
		   "\"grace_days\":%d}\n",
		   c->enabled ? "true" : "false", c->cal.cutoff_day, c->cal.due_day,
		   c->cal.due_months_after, c->grace_days);
}

int api_lock_config_get(http_req *r)
{
	lock_config c;
	err e;
	err_clear(&e);
	int rc = lock_config_load(r->store, &c, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	write_config(&r->out, &c);
	return 0;
}

/* A whole number field into *dst (unchanged when absent). */
static int whole(http_req *r, const api_val *v, const char *name, int *dst)
{
	if (!v->present)
		return 0;
	if (v->n % NUM_SCALE != 0 || v->n < 0 || v->n > NUM_INT(1000))
		return http_fail(r, ERR_INVALID, name, "%s phải là số nguyên không âm", name);
	*dst = (int)(v->n / NUM_SCALE);
	return 0;
}

int api_lock_config_put(http_req *r)
{
	static const api_field fields[] = {
		{"enabled", API_BOOL, false, 0, 0, 0},  {"cutoff_day", API_NUM, false, 0, 0, 0},
		{"due_day", API_NUM, false, 0, 0, 0},   {"due_months_after", API_NUM, false, 0, 0, 0},
		{"grace_days", API_NUM, false, 0, 0, 0},
	};
	enum { F_EN, F_CUT, F_DUE, F_AFTER, F_GRACE, F_N };
	api_val f[F_N];
	json_t *j = NULL;
	lock_config c;
	err e;
	err_clear(&e);
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, F_N, f);
	if (rc)
		goto done;
	if ((rc = lock_config_load(r->store, &c, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	if (f[F_EN].present)
		c.enabled = f[F_EN].b;
	if ((rc = whole(r, &f[F_CUT], "cutoff_day", &c.cal.cutoff_day)) ||
	    (rc = whole(r, &f[F_DUE], "due_day", &c.cal.due_day)) ||
	    (rc = whole(r, &f[F_AFTER], "due_months_after", &c.cal.due_months_after)) ||
	    (rc = whole(r, &f[F_GRACE], "grace_days", &c.grace_days)))
		goto done;
	if ((rc = lock_config_check(&c, &e))) {
		/* the message starts with the setting's key: "lock.due_day = 40: ..." */
		const char *field = strstr(e.msg, "cutoff") ? "cutoff_day"
				    : strstr(e.msg, "due_day") ? "due_day"
				    : strstr(e.msg, "months") ? "due_months_after" : "grace_days";
		http_fail(r, rc, field, "%s", e.msg);
		goto done;
	}
	if ((rc = lock_config_save(r->store, &c, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	write_config(&r->out, &c);
done:
	json_decref(j);
	return rc;
}

/* ---- GET / PUT /api/approval/config --------------------------------------------- */

/* {"accept":["ward",...],"labels":["phường",...]}: the unit types whose
 * approved figures wait for acceptance (core/approval.h). */
static int write_accept(buf *b, unsigned types)
{
	int bad = buf_puts(b, "{\"accept\":[");
	bool first = true;
	for (unsigned t = 0; t < 32; t++)
		if (types & (1u << t)) {
			bad |= buf_printf(b, "%s\"%s\"", first ? "" : ",", unit_type_code((unit_type)t));
			first = false;
		}
	bad |= buf_puts(b, "],\"labels\":[");
	first = true;
	for (unsigned t = 0; t < 32; t++)
		if (types & (1u << t)) {
			bad |= buf_puts(b, first ? "" : ",");
			bad |= buf_json_str(b, unit_type_label((unit_type)t));
			first = false;
		}
	bad |= buf_puts(b, "]}\n");
	return bad ? ERR_NOMEM : 0;
}

int api_approval_config_get(http_req *r)
{
	unsigned types;
	err e;
	err_clear(&e);
	int rc = approval_accept_get(r->store, &types, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	if (write_accept(&r->out, types))
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	return 0;
}

int api_approval_config_put(http_req *r)
{
	static const api_field fields[] = {
		{"accept", API_STR, true, 256, 0, 0},
	};
	api_val f[1];
	json_t *j = NULL;
	unsigned types;
	err e;
	err_clear(&e);
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, 1, f);
	if (rc)
		goto done;
	if ((rc = approval_accept_parse(f[0].s, &types, &e))) {
		http_fail(r, rc, "accept", "%s", e.msg);
		goto done;
	}
	if ((rc = approval_accept_set(r->store, types, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	if (write_accept(&r->out, types))
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
done:
	json_decref(j);
	return rc;
}
