/*
 * lock.c - period locking: the configuration kept in the database's
 * settings, deadlines, the status of a (unit, period) on a day, the refusal
 * message of a closed period, and reopening by an administrator.
 *
 * Not for: who may reopen (the faces check auth_can_admin) or where the
 * check is enforced (the API's value writes; docs/internals/lock.md).
 */
#include "core/lock.h"

#include "core/vnfmt.h"
#include "core/jsonw.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One integer setting: its key, its place in lock_config, its range. */
typedef struct lock_key {
	const char *key;
	size_t off;
	int lo, hi;
} lock_key;

static const lock_key INT_KEYS[] = {
	{"lock.cutoff_day", offsetof(lock_config, cal.cutoff_day), 0, 31},
	{"lock.due_day", offsetof(lock_config, cal.due_day), 0, 31},
	{"lock.due_months_after", offsetof(lock_config, cal.due_months_after), 0, 12},
	{"lock.grace_days", offsetof(lock_config, grace_days), 0, LOCK_GRACE_DAYS_MAX},
};
#define N_INT_KEYS (sizeof INT_KEYS / sizeof INT_KEYS[0])
#define KEY_ENABLED "lock.enabled"

static int *int_field(lock_config *c, const lock_key *k)
{
	return (int *)(void *)((char *)c + k->off);
}

static int int_value(const lock_config *c, const lock_key *k)
{
	int v;
	memcpy(&v, (const char *)c + k->off, sizeof v);
	return v;
}

void lock_config_default(lock_config *c)
{
	memset(c, 0, sizeof *c);
	c->enabled = true;
	c->cal = PERIOD_CALENDAR_DECREE09;
	c->grace_days = 0;
}

int lock_config_check(const lock_config *c, err *e)
{
	for (size_t i = 0; i < N_INT_KEYS; i++) {
		int v = int_value(c, &INT_KEYS[i]);
		if (v < INT_KEYS[i].lo || v > INT_KEYS[i].hi)
			return err_set(e, ERR_INVALID, "%s = %d: phải từ %d đến %d", INT_KEYS[i].key, v,
				       INT_KEYS[i].lo, INT_KEYS[i].hi);
	}
	return 0;
}

int lock_config_load(store *s, lock_config *out, err *e)
{
	char v[STORE_SETTING_MAX];
	bool found;
	int rc;
	lock_config_default(out);
	for (size_t i = 0; i < N_INT_KEYS; i++) {
		if ((rc = store_setting_get(s, INT_KEYS[i].key, v, sizeof v, &found, e)))
			return rc;
		if (!found)
			continue;
		char *end = NULL;
		long n = strtol(v, &end, 10);
		if (!v[0] || *end || n < INT_KEYS[i].lo || n > INT_KEYS[i].hi)
			return err_set(e, ERR_DB, "thiết lập %s = \"%s\" trong CSDL không hợp lệ (phải từ %d đến %d)",
				       INT_KEYS[i].key, v, INT_KEYS[i].lo, INT_KEYS[i].hi);
		*int_field(out, &INT_KEYS[i]) = (int)n;
	}
	if ((rc = store_setting_get(s, KEY_ENABLED, v, sizeof v, &found, e)))
		return rc;
	if (found) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return err_set(e, ERR_DB, "thiết lập %s = \"%s\" trong CSDL không hợp lệ (yes hoặc no)",
				       KEY_ENABLED, v);
		out->enabled = !strcmp(v, "yes");
	}
	return 0;
}

int lock_config_save(store *s, const lock_config *c, err *e)
{
	int rc;
	if ((rc = lock_config_check(c, e)) || (rc = store_begin(s, e)))
		return rc;
	for (size_t i = 0; i < N_INT_KEYS && !rc; i++) {
		char v[16];
		snprintf(v, sizeof v, "%d", int_value(c, &INT_KEYS[i]));
		rc = store_setting_set(s, INT_KEYS[i].key, v, e);
	}
	if (!rc)
		rc = store_setting_set(s, KEY_ENABLED, c->enabled ? "yes" : "no", e);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

cdate lock_deadline(const period *p, const lock_config *c)
{
	cdate due = period_due_date(p, &c->cal);
	return cdate_from_days(cdate_to_days(due) + c->grace_days);
}

bool lock_past_deadline(const period *p, const lock_config *c, cdate today)
{
	if (!c->enabled)
		return false;
	cdate dl = lock_deadline(p, c);
	return cdate_cmp(today, dl) > 0;
}

cdate lock_day_of(int64_t unix_time)
{
	return cdate_from_unix_vn(unix_time);
}

int lock_status_get(store *s, const char *unit_code, const period *p, cdate today,
		    lock_status *out, err *e)
{
	lock_config c;
	int rc = lock_config_load(s, &c, e);
	return rc ? rc : lock_status_with(s, &c, unit_code, p, today, out, e);
}

int lock_check_with(store *s, const lock_config *c, const char *unit_code, const period *p, cdate today, err *e)
{
	lock_status st;
	int rc = lock_status_with(s, c, unit_code, p, today, &st, e);
	if (rc || st.open)
		return rc;
	return lock_refusal(unit_code, p, &st, e);
}

bool lock_open_unless_closed(const lock_config *c, const period *p, cdate today)
{
	/* as lock_status_with: open = reopened || (!past_deadline && !closed_by_hand) */
	return period_valid(p) && cdate_valid(today) && !lock_past_deadline(p, c, today);
}

int lock_status_with(store *s, const lock_config *cfg, const char *unit_code, const period *p, cdate today,
		     lock_status *out, err *e)
{
	lock_config c = *cfg;
	unit u;
	int rc;
	memset(out, 0, sizeof *out);
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "kỳ không hợp lệ");
	if (!cdate_valid(today))
		return err_set(e, ERR_INVALID, "ngày hôm nay không hợp lệ");
	if ((rc = store_unit_get(s, unit_code, &u, e)))
		return rc;
	out->enabled = c.enabled;
	out->due = period_due_date(p, &c.cal);
	out->deadline = lock_deadline(p, &c);
	out->past_deadline = lock_past_deadline(p, &c, today);
	if ((rc = store_closing_find(s, unit_code, p, &out->close, &out->closed_by_hand, e)))
		return rc;
	/* closed by the calendar or by hand: a reopening made since opens it */
	if ((out->past_deadline || out->closed_by_hand) &&
	    (rc = store_reopen_find(s, unit_code, p, today, out->closed_by_hand ? out->close.at : 0,
				    &out->reopen, &out->reopened, e)))
		return rc;
	out->open = out->reopened || (!out->past_deadline && !out->closed_by_hand);
	return 0;
}

int lock_refusal(const char *unit_code, const period *p, const lock_status *st, err *e)
{
	char label[64], from[16], due[16];
	buf b;
	buf_init(&b, 256);
	period_format_label(&b, p);
	snprintf(label, sizeof label, "%s", buf_cstr(&b));
	buf_free(&b);
	if (st->closed_by_hand) {
		char on[16];
		vn_date_text(lock_day_of(st->close.at), on, sizeof on);
		return err_set(e, ERR_CONFLICT,
			       "kỳ %s đã được khóa sổ ngày %s cho đơn vị %s (%s: %s); đề nghị quản trị mở "
			       "lại cho đơn vị %s",
			       label, on, st->close.unit_code, st->close.by, st->close.reason, unit_code);
	}
	vn_date_text(cdate_from_days(cdate_to_days(st->deadline) + 1), from, sizeof from);
	vn_date_text(st->due, due, sizeof due);
	long grace = cdate_to_days(st->deadline) - cdate_to_days(st->due);
	char extra[48] = "";
	if (grace > 0)
		snprintf(extra, sizeof extra, ", gia hạn thêm %ld ngày", grace);
	return err_set(e, ERR_CONFLICT,
		       "kỳ %s đã khóa từ %s (hạn báo cáo %s%s); đề nghị quản trị mở lại cho đơn vị %s",
		       label, from, due, extra, unit_code);
}

int lock_check(store *s, const char *unit_code, const period *p, cdate today, err *e)
{
	lock_status st;
	int rc = lock_status_get(s, unit_code, p, today, &st, e);
	if (rc || st.open)
		return rc;
	return lock_refusal(unit_code, p, &st, e);
}

int lock_reopen(store *s, store_reopen *r, cdate today, err *e)
{
	unit u;
	int rc;
	if (!period_valid(&r->period))
		return err_set(e, ERR_INVALID, "mở lại kỳ: kỳ không hợp lệ");
	if (!cdate_valid(today))
		return err_set(e, ERR_INVALID, "mở lại kỳ: ngày hôm nay không hợp lệ");
	if ((rc = store_unit_get(s, r->unit_code, &u, e)))
		return rc;
	if (!r->reason[0])
		return err_set(e, ERR_INVALID, "mở lại kỳ: cần ghi lý do (reason)");
	if (!r->by[0])
		return err_set(e, ERR_INVALID, "mở lại kỳ: thiếu người mở lại");
	long t = cdate_to_days(today);
	if (cdate_is_none(r->until))
		r->until = cdate_from_days(t + LOCK_REOPEN_DAYS_DEFAULT);
	if (!cdate_valid(r->until))
		return err_set(e, ERR_INVALID, "mở lại kỳ: ngày hết hạn (until) không hợp lệ");
	char d1[16], d2[16];
	vn_date_text(r->until, d1, sizeof d1);
	vn_date_text(today, d2, sizeof d2);
	if (cdate_to_days(r->until) < t)
		return err_set(e, ERR_INVALID, "mở lại kỳ: hạn mở lại %s đã qua (hôm nay %s)", d1, d2);
	if (cdate_to_days(r->until) > t + LOCK_REOPEN_DAYS_MAX)
		return err_set(e, ERR_INVALID, "mở lại kỳ: hạn mở lại %s quá %d ngày kể từ hôm nay (%s)", d1,
			       LOCK_REOPEN_DAYS_MAX, d2);
	if (!r->at)
		r->at = (int64_t)time(NULL);
	return store_reopen_add(s, r, e);
}

int lock_close(store *s, store_closing *c, cdate today, err *e)
{
	unit u;
	int rc;
	if (!period_valid(&c->period))
		return err_set(e, ERR_INVALID, "khóa kỳ: kỳ không hợp lệ");
	if (!cdate_valid(today))
		return err_set(e, ERR_INVALID, "khóa kỳ: ngày hôm nay không hợp lệ");
	if ((rc = store_unit_get(s, c->unit_code, &u, e)))
		return rc;
	if (!c->reason[0])
		return err_set(e, ERR_INVALID, "khóa kỳ: cần ghi lý do (reason)");
	if (!c->by[0])
		return err_set(e, ERR_INVALID, "khóa kỳ: thiếu người khóa");
	buf b;
	buf_init(&b, 64);
	period_format_label(&b, &c->period);
	char label[64];
	snprintf(label, sizeof label, "%s", buf_cstr(&b));
	buf_free(&b);
	if (cdate_cmp(period_start_date(&c->period), today) > 0)
		return err_set(e, ERR_INVALID, "khóa kỳ: kỳ %s chưa bắt đầu, chưa khóa được", label);
	lock_status st;
	if ((rc = lock_status_get(s, c->unit_code, &c->period, today, &st, e)))
		return rc;
	/* closed by hand already (and not reopened since): nothing to add; closed by
	 * the calendar only: the closing is recorded (it ends reopenings below, and
	 * holds if calendar locking is switched off) */
	if (st.closed_by_hand && !st.reopened)
		return err_set(e, ERR_CONFLICT, "khóa kỳ: kỳ %s của đơn vị %s đã khóa rồi", label, c->unit_code);
	if (!c->at)
		c->at = (int64_t)time(NULL);
	return store_closing_add(s, c, e);
}

int lock_status_json(buf *b, const char *unit_code, const period *p, const lock_status *st)
{
	buf_puts(b, "{");
	jsonw_kv_str(b, "unit", unit_code, true);
	buf_puts(b, "\"period\":\"");
	period_format_code(b, p);
	buf_puts(b, "\",\"label\":\"");
	period_format_label(b, p); /* labels hold no character JSON needs escaped */
	buf_printf(b, "\",\"enabled\":%s,\"due\":\"", st->enabled ? "true" : "false");
	vn_format_date_iso(b, st->due);
	buf_puts(b, "\",\"deadline\":\"");
	vn_format_date_iso(b, st->deadline);
	buf_printf(b, "\",\"closed\":%s,\"past_deadline\":%s,\"closed_by_hand\":%s,\"reopened\":%s",
		   st->open ? "false" : "true", st->past_deadline ? "true" : "false",
		   st->closed_by_hand ? "true" : "false", st->reopened ? "true" : "false");
	if (st->closed_by_hand) {
		buf_puts(b, ",\"close\":{");
		jsonw_kv_str(b, "unit", st->close.unit_code, true);
		jsonw_kv_str(b, "by", st->close.by, true);
		buf_printf(b, "\"at\":%lld,", (long long)st->close.at);
		jsonw_kv_str(b, "reason", st->close.reason, false);
		buf_putc(b, '}');
	}
	if (st->reopened) {
		buf_puts(b, ",\"reopen\":{\"until\":\"");
		vn_format_date_iso(b, st->reopen.until);
		buf_puts(b, "\",");
		jsonw_kv_str(b, "unit", st->reopen.unit_code, true);
		jsonw_kv_str(b, "by", st->reopen.by, true);
		buf_printf(b, "\"at\":%lld,", (long long)st->reopen.at);
		jsonw_kv_str(b, "reason", st->reopen.reason, false);
		buf_putc(b, '}');
	}
	if (!st->open) {
		err m;
		lock_refusal(unit_code, p, st, &m);
		buf_puts(b, ",");
		jsonw_kv_str(b, "message", m.msg, false);
	}
	return buf_putc(b, '}');
}
