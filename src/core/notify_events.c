/*
 * notify_events.c - the notices of tasks and meetings other than a new
 * task (notify.h): a deadline extended, progress reported, a meeting's
 * conclusions published, and the reminders of deadlines (due within N
 * days, overdue weekly), each written once (notice.ref).
 *
 * Not for: sending (src/notify), SQL (store_notify.c), the rules of tasks
 * (task.c).
 */
#include "core/notify.h"
#include "core/lock.h"
#include "core/notify_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int notify_today(cdate *out, err *e)
{
	const char *v = getenv("CHITIEU_TODAY");
	if (v && v[0]) {
		int rc = vn_parse_date(v, out, e);
		return rc ? err_prefix(e, "biến môi trường CHITIEU_TODAY: ") : 0;
	}
	*out = cdate_from_unix_vn((int64_t)time(NULL));
	return 0;
}

int64_t notify_quiet_until(int quiet_from, int quiet_to, int64_t now)
{
	if (quiet_from == quiet_to || quiet_from < 0 || quiet_to < 0 || quiet_from > 1439 || quiet_to > 1439)
		return 0;
	int64_t local = now + 7 * 3600; /* Vietnam: UTC+7, no summer time */
	int64_t day_start = now - (local % 86400);
	int m = (int)((local % 86400) / 60);
	bool inside = quiet_from < quiet_to ? m >= quiet_from && m < quiet_to : m >= quiet_from || m < quiet_to;
	if (!inside)
		return 0;
	/* the end: today's quiet_to, or tomorrow's when the window spans midnight and began today */
	int64_t end = day_start + (int64_t)quiet_to * 60;
	return end > now ? end : end + 86400;
}

int64_t notify_digest_at(int64_t now)
{
	int64_t local = now + 7 * 3600;
	int64_t at = now - (local % 86400) + NOTIFY_DIGEST_HOUR * 3600;
	return at > now ? at : at + 86400;
}

/* "HH:MM" into minutes; -1 when malformed. */
static int hhmm(const char *p, size_t n)
{
	if (n != 5 || p[2] != ':')
		return -1;
	for (size_t i = 0; i < 5; i++)
		if (i != 2 && (p[i] < '0' || p[i] > '9'))
			return -1;
	int h = (p[0] - '0') * 10 + (p[1] - '0'), mi = (p[3] - '0') * 10 + (p[4] - '0');
	return h < 24 && mi < 60 ? h * 60 + mi : -1;
}

int notify_quiet_parse(const char *s, int *quiet_from, int *quiet_to, err *e)
{
	*quiet_from = *quiet_to = 0;
	if (!s[0] || !strcmp(s, "off"))
		return 0;
	const char *dash = strchr(s, '-');
	int a = dash ? hhmm(s, (size_t)(dash - s)) : -1, b = dash ? hhmm(dash + 1, strlen(dash + 1)) : -1;
	if (a < 0 || b < 0 || a == b)
		return err_set(e, ERR_INVALID, "giờ yên lặng: viết GIỜ:PHÚT-GIỜ:PHÚT, ví dụ 22:00-06:00 (hoặc off)");
	*quiet_from = a;
	*quiet_to = b;
	return 0;
}

/* The three buffers of a notice, freed together. */
typedef struct words {
	buf subject, body, link;
} words;

static void words_init(words *w)
{
	buf_init(&w->subject, NOTIFY_SUBJECT_MAX * 2);
	buf_init(&w->body, NOTIFY_BODY_MAX * 2);
	buf_init(&w->link, NOTIFY_LINK_MAX);
}

static void words_free(words *w)
{
	buf_free(&w->subject);
	buf_free(&w->body);
	buf_free(&w->link);
}

int notify_task_extended(store *s, const task *t, cdate old_due, const char *reason, err *e)
{
	words w;
	words_init(&w);
	buf open;
	buf_init(&open, 512);
	int bad = buf_printf(&open, "Hạn của nhiệm vụ số %lld được gia hạn từ ", (long long)t->id);
	bad |= vn_format_date(&open, old_due);
	bad |= buf_puts(&open, " đến ");
	bad |= vn_format_date(&open, t->due);
	bad |= buf_printf(&open, ".\nLý do: %s", reason ? reason : "");
	bad |= notify_task_words(&w.subject, &w.body, &w.link, s, t, "Gia hạn nhiệm vụ", buf_cstr(&open));
	int rc = bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo gia hạn")
		     : notify_task_parties(s, t, false, NOTIFY_KIND_TASK_EXTENDED, buf_cstr(&w.subject),
					   buf_cstr(&w.body), buf_cstr(&w.link), "", NULL, e);
	buf_free(&open);
	words_free(&w);
	return rc;
}

int notify_task_progress(store *s, const task *t, const task_progress *p, err *e)
{
	user_account *u = calloc(1, sizeof *u);
	store_recipient *r = calloc(1, sizeof *r);
	err ignore;
	int rc = 0;
	if (!u || !r) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo tiến độ");
		goto done;
	}
	/* the assigner is told; an assigner that is not (or no longer) a user is nobody to tell */
	if (!t->assigned_by[0] || store_user_get(s, t->assigned_by, u, &ignore) || !u->active)
		goto done;
	if ((rc = store_notify_pref_get(s, u->id, r, e)))
		goto done;
	bool webhook_on = false;
	if ((rc = notify_webhook_configured(s, &webhook_on, e)))
		goto done;
	words w;
	words_init(&w);
	buf open;
	buf_init(&open, NOTIFY_BODY_MAX);
	int bad = buf_puts(&open, "Đơn vị ");
	bad |= notify_who_label(&open, s, t->lead_unit, t->lead_agency);
	bad |= buf_printf(&open, " báo cáo tiến độ nhiệm vụ số %lld: %d%%%s, ngày ", (long long)t->id, p->percent,
			  p->done ? " (đã hoàn thành)" : "");
	bad |= vn_format_date(&open, p->date);
	bad |= buf_printf(&open, ".\n%s", p->text);
	bad |= notify_task_words(&w.subject, &w.body, &w.link, s, t, p->done ? "Hoàn thành nhiệm vụ" : "Tiến độ nhiệm vụ",
				 buf_cstr(&open));
	rc = bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo tiến độ")
		 : notify_enqueue(s, r, webhook_on, NOTIFY_KIND_TASK_PROGRESS, buf_cstr(&w.subject), buf_cstr(&w.body),
				  buf_cstr(&w.link), "", e);
	buf_free(&open);
	words_free(&w);
done:
	free(u);
	free(r);
	return rc;
}

int notify_meeting_conclusions(store *s, const meeting *m, err *e)
{
	bool webhook_on = false;
	notify_seen told = {0};
	words w;
	words_init(&w);
	int rc = notify_webhook_configured(s, &webhook_on, e);
	if (rc)
		goto done;
	int bad = buf_printf(&w.subject, "Kết luận cuộc họp: %s", m->title);
	bad |= buf_printf(&w.body, "Kết luận của %s tại %s, ngày ", m->chair[0] ? m->chair : "chủ trì cuộc họp",
			  m->title);
	bad |= vn_format_date(&w.body, m->date);
	bad |= buf_printf(&w.body, ":\n\n%s\n", m->conclusions);
	bad |= buf_printf(&w.link, "/#/meeting?id=%lld", (long long)m->id);
	if (bad) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo kết luận");
		goto done;
	}
	for (int i = 0; i < m->n_units && !rc; i++)
		rc = notify_tell_users_of(s, &told, m->units[i], NULL, webhook_on, NOTIFY_KIND_MEETING_CONCLUSIONS,
					  buf_cstr(&w.subject), buf_cstr(&w.body), buf_cstr(&w.link), "", e);
done:
	free(told.ids);
	words_free(&w);
	return rc;
}

/* One reminder of t (kind, title, opening line, ref) to its lead's users. */
static int remind(store *s, const task *t, const char *kind, const char *title, const char *opening, const char *ref,
		  int *queued, err *e)
{
	words w;
	words_init(&w);
	int rc = notify_task_words(&w.subject, &w.body, &w.link, s, t, title, opening)
			 ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo nhắc hạn")
			 : notify_task_parties(s, t, true, kind, buf_cstr(&w.subject), buf_cstr(&w.body),
					       buf_cstr(&w.link), ref, queued, e);
	words_free(&w);
	return rc;
}

int notify_task_reminders(store *s, cdate today, int days, int *queued, err *e)
{
	*queued = 0;
	long now = cdate_to_days(today);
	store_task_filter f;
	memset(&f, 0, sizeof f);
	f.open_only = true;
	f.due_from = cdate_from_days(now - 7L * NOTIFY_OVERDUE_WEEKS);
	f.due_to = cdate_from_days(now + (days > 0 ? days : 0));
	task *ts = NULL;
	size_t n = 0;
	/* read the tasks first, then one short write transaction per task: the
	 * writers' lock is never held for the whole pass (references make a
	 * pass cut short by a crash or an error safe to run again) */
	int rc = store_task_list(s, &f, &ts, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		const task *t = &ts[i];
		long left = cdate_to_days(t->due) - now;
		char ref[64], opening[160];
		buf due;
		buf_init(&due, 64);
		if (vn_format_date(&due, t->due)) {
			buf_free(&due);
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo nhắc hạn");
			break;
		}
		if ((rc = store_begin(s, e))) {
			buf_free(&due);
			break;
		}
		if (left >= 0) {
			snprintf(ref, sizeof ref, "task:%lld:due:%04d-%02d-%02d", (long long)t->id, t->due.y, t->due.m,
				 t->due.d);
			if (left == 0)
				snprintf(opening, sizeof opening, "Nhiệm vụ số %lld đến hạn hôm nay (%s).", (long long)t->id,
					 buf_cstr(&due));
			else
				snprintf(opening, sizeof opening, "Nhiệm vụ số %lld còn %ld ngày đến hạn (%s).",
					 (long long)t->id, left, buf_cstr(&due));
			rc = remind(s, t, NOTIFY_KIND_TASK_DUE_SOON, "Sắp đến hạn", opening, ref, queued, e);
		} else {
			long week = (-left - 1) / 7; /* the first reminder the day after the deadline, then weekly */
			snprintf(ref, sizeof ref, "task:%lld:overdue:%ld", (long long)t->id, week);
			snprintf(opening, sizeof opening, "Nhiệm vụ số %lld đã quá hạn %ld ngày (hạn %s).", (long long)t->id,
				 -left, buf_cstr(&due));
			rc = remind(s, t, NOTIFY_KIND_TASK_OVERDUE, "Quá hạn", opening, ref, queued, e);
		}
		if (rc)
			store_rollback(s);
		else
			rc = store_commit(s, e);
		buf_free(&due);
	}
	free(ts);
	return rc;
}

/* Tells the users of unit `code` whose month m is not submitted (their agency's part for an officer). */
static int entry_unit(store *s, const char *code, const period *m, cdate deadline, long left, bool webhook_on,
		      int *queued, err *e)
{
	store_recipient *r = NULL;
	size_t n = 0;
	int rc = store_notify_recipients(s, code, NULL, &r, &n, e);
	char ref[64], pcode[16];
	buf label, dl, subject, body, link;
	buf_init(&label, 64);
	buf_init(&dl, 32);
	buf_init(&subject, NOTIFY_SUBJECT_MAX * 2);
	buf_init(&body, NOTIFY_BODY_MAX);
	buf_init(&link, NOTIFY_LINK_MAX);
	snprintf(pcode, sizeof pcode, "%04d%02d", m->year, m->index);
	snprintf(ref, sizeof ref, "entry:%s:%s", code, pcode);
	int bad = period_format_label(&label, m) | vn_format_date(&dl, deadline);
	for (size_t i = 0; i < n && !rc && !bad; i++) {
		approval_status st;
		bool had = false;
		const char *part = r[i].agency_code[0] ? r[i].agency_code : NULL;
		if ((rc = approval_get(s, code, m, part, &st, e)))
			break;
		if (st.state != APPR_DRAFT && st.state != APPR_RETURNED)
			continue;
		if ((rc = store_notice_exists(s, r[i].user_id, ref, &had, e)) || had)
			continue;
		buf_reset(&subject);
		buf_reset(&body);
		buf_reset(&link);
		bad |= buf_printf(&subject, "%s gửi số liệu %s", left ? "Sắp đến hạn" : "Hôm nay là hạn", buf_cstr(&label));
		bad |= buf_printf(&body, "Số liệu %s của đơn vị ", buf_cstr(&label));
		bad |= notify_who_label(&body, s, code, NULL);
		if (part)
			bad |= buf_printf(&body, " (phần của cơ quan %s)", part);
		bad |= buf_printf(&body, " chưa được nộp. Hạn nộp: %s", buf_cstr(&dl));
		bad |= left ? buf_printf(&body, " (còn %ld ngày).\n", left) : buf_puts(&body, " (hôm nay).\n");
		bad |= buf_printf(&link, "/#/entry?unit=%s&period=%s", code, pcode);
		if (!bad && !(rc = notify_enqueue(s, &r[i], webhook_on, NOTIFY_KIND_ENTRY_DUE, buf_cstr(&subject),
						  buf_cstr(&body), buf_cstr(&link), ref, e)))
			(*queued)++;
	}
	if (!rc && bad)
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo hạn nộp số liệu");
	free(r);
	buf_free(&label);
	buf_free(&dl);
	buf_free(&subject);
	buf_free(&body);
	buf_free(&link);
	return rc;
}

int notify_entry_reminders(store *s, cdate today, int days, int *queued, err *e)
{
	*queued = 0;
	lock_config cfg;
	char (*units)[CODE_MAX] = NULL;
	size_t nu = 0;
	bool webhook_on = false;
	int rc = lock_config_load(s, &cfg, e);
	if (rc || (rc = notify_webhook_configured(s, &webhook_on, e)) || (rc = store_notify_enter_units(s, &units, &nu, e)))
		return rc;
	long now = cdate_to_days(today);
	for (int k = 0; k < 3 && !rc; k++) {
		int y = today.y, mo = today.m - k;
		if (mo < 1) {
			mo += 12;
			y--;
		}
		period m = period_month(y, mo);
		cdate deadline = lock_deadline(&m, &cfg);
		long left = cdate_to_days(deadline) - now;
		if (left < 0 || left > days)
			continue;
		for (size_t i = 0; i < nu && !rc; i++) {
			if ((rc = store_begin(s, e)))
				break;
			rc = entry_unit(s, units[i], &m, deadline, left, webhook_on, queued, e);
			if (rc)
				store_rollback(s);
			else
				rc = store_commit(s, e);
		}
	}
	free(units);
	return rc;
}
