/*
 * notify_run.c - one pass of the worker over the outbox (notify_send.h):
 * claim a due delivery, send it, record the outcome, with exponential
 * backoff between tries. The worker inside `chitieu serve` and
 * `chitieu notify run` (cron) both call notify_run_due.
 *
 * Not for: composing or sending (notify_send.c), SQL (store_notify.c).
 */
#include "notify/notify_send.h"

#include "core/notify.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t notify_backoff(const notify_config *c, int attempts)
{
	int64_t d = c->backoff > 0 ? c->backoff : 60;
	for (int i = 1; i < attempts && d < NOTIFY_MAX_BACKOFF; i++)
		d *= 2;
	return d < NOTIFY_MAX_BACKOFF ? d : NOTIFY_MAX_BACKOFF;
}

/* The most notices one digest email gathers; the rest go in the next one. */
#define DIGEST_MAX 50

/* One digest email of claimed delivery d and every other due digest
 * delivery to its address (claimed here), then each outcome recorded. */
static int run_digest(store *s, const notify_config *c, const store_delivery *d, FILE *log, notify_stats *st, err *e)
{
	store_delivery *rest = NULL;
	size_t n = 0;
	int rc = store_delivery_claim_digest(s, d, (int64_t)time(NULL), (int64_t)c->timeout + NOTIFY_LEASE_EXTRA,
					     DIGEST_MAX - 1, &rest, &n, e);
	if (rc)
		return rc;
	store_notice *m = calloc(1, sizeof *m);
	buf body;
	buf_init(&body, NOTIFY_BODY_MAX - 128); /* room for the last line below */
	if (!m) {
		free(rest);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thư tổng hợp");
	}
	/* the digest: the notices' subjects and links, then as much of their text as fits */
	m->id = d->notice.id; /* its Message-ID: this notice is sent only within the digest */
	m->created_at = d->notice.created_at;
	snprintf(m->kind, sizeof m->kind, "digest");
	snprintf(m->subject, sizeof m->subject, "Tổng hợp thông báo chitieu: %zu thông báo", n + 1);
	snprintf(m->link, sizeof m->link, "/#/notices");
	int w = 0;
	for (size_t i = 0; i <= n; i++) {
		const store_notice *x = i ? &rest[i - 1].notice : &d->notice;
		w |= buf_printf(&body, "%zu. %s (%s)\n", i + 1, x->subject, x->link);
	}
	if (w) /* more than the body holds: say so; the notices page has them all */
		buf_puts(&body, "…\n");
	snprintf(m->body, sizeof m->body, "%s\nXem đầy đủ trong mục Thông báo của chitieu.", buf_cstr(&body));
	buf_free(&body);
	err why;
	err_clear(&why);
	int sent = notify_send_email(c, d->address, d->user_name, d->unsub_token, m, &why);
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i <= n && !rc; i++) {
		const store_delivery *x = i ? &rest[i - 1] : d;
		bool give_up = sent && x->attempts >= c->max_attempts;
		rc = !sent ? store_delivery_done(s, x->id, x->attempts, now, e)
			   : store_delivery_retry(s, x->id, x->attempts, give_up ? now : now + notify_backoff(c, x->attempts),
						  why.msg, give_up, e);
		if (st) {
			if (!sent)
				st->sent++;
			else if (give_up)
				st->failed++;
			else
				st->retried++;
		}
	}
	if (log) {
		fprintf(log, "thông báo: thư tổng hợp #%lld (%zu thông báo, lần %d): %s\n", (long long)d->id, n + 1,
			d->attempts, sent ? why.msg : "đã gửi");
		fflush(log);
	}
	free(m);
	free(rest);
	return rc;
}

int notify_run_due(store *s, atomic_bool *stop, FILE *log, notify_stats *st, err *e)
{
	notify_stats zero = {0};
	if (st)
		*st = zero;
	notify_config c;
	int rc = notify_global_init(e);
	if (rc || (rc = notify_config_load(s, &c, e)))
		return rc;
	c.stop = stop;
	store_delivery *d = malloc(sizeof *d);
	if (!d)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi gửi thông báo");
	while (!(stop && atomic_load(stop))) {
		bool found = false;
		int64_t now = (int64_t)time(NULL);
		/* a channel not configured yet is left waiting, untried: it goes once the admin sets it */
		unsigned ch = (c.smtp_url[0] && c.from[0] ? STORE_CH_EMAIL : 0) | (c.webhook_url[0] ? STORE_CH_WEBHOOK : 0);
		if (!ch)
			break;
		if ((rc = store_delivery_claim(s, now, (int64_t)c.timeout + NOTIFY_LEASE_EXTRA, ch, d, &found, e)) || !found)
			break;
		/* the recipient's quiet hours: back to the queue, uncounted, until they end */
		int64_t until = notify_quiet_until(d->quiet_from, d->quiet_to, now);
		if (until) {
			if ((rc = store_delivery_postpone(s, d->id, d->attempts, until, "chờ hết giờ yên lặng của người nhận", e)))
				break;
			if (log) {
				fprintf(log, "thông báo: %s #%lld (thông báo %lld): giờ yên lặng, gửi sau\n", d->channel,
					(long long)d->id, (long long)d->notice_id);
				fflush(log);
			}
			continue;
		}
		if (!strcmp(d->channel, "digest")) {
			if ((rc = run_digest(s, &c, d, log, st, e)))
				break;
			continue;
		}
		err why;
		err_clear(&why);
		int sent;
		if (!strcmp(d->channel, "email"))
			sent = notify_send_email(&c, d->address, d->user_name, d->unsub_token, &d->notice, &why);
		else if (!strcmp(d->channel, "webhook"))
			sent = notify_send_webhook(&c, d->login, d->user_name, d->address, &d->notice, &why);
		else
			sent = err_set(&why, ERR_INVALID, "kênh \"%s\" không có", d->channel);
		now = (int64_t)time(NULL);
		bool give_up = sent && d->attempts >= c.max_attempts;
		int64_t next = now + notify_backoff(&c, d->attempts);
		if (!sent)
			rc = store_delivery_done(s, d->id, d->attempts, now, e);
		else
			rc = store_delivery_retry(s, d->id, d->attempts, give_up ? now : next, why.msg, give_up, e);
		if (st) {
			if (!sent)
				st->sent++;
			else if (give_up)
				st->failed++;
			else
				st->retried++;
		}
		if (log) {
			if (!sent)
				fprintf(log, "thông báo: %s #%lld (thông báo %lld, lần %d): đã gửi\n", d->channel,
					(long long)d->id, (long long)d->notice_id, d->attempts);
			else
				fprintf(log, "thông báo: %s #%lld (thông báo %lld, lần %d): %s; %s\n", d->channel,
					(long long)d->id, (long long)d->notice_id, d->attempts, why.msg,
					give_up ? "thôi gửi" : "sẽ gửi lại");
			fflush(log);
		}
		if (rc)
			break;
	}
	free(d);
	return rc;
}

int notify_remind_due(store *s, FILE *log, int *queued, err *e)
{
	notify_config c;
	cdate today;
	int n = 0, m = 0;
	int rc = notify_config_load(s, &c, e);
	if (!rc && c.remind_days > 0 && !(rc = notify_today(&today, e)) &&
	    !(rc = notify_task_reminders(s, today, c.remind_days, &n, e)))
		rc = notify_entry_reminders(s, today, c.remind_days, &m, e);
	n += m;
	if (!rc && log && n) {
		fprintf(log, "thông báo: %d lời nhắc hạn (nhiệm vụ, nộp số liệu) vào hàng đợi\n", n);
		fflush(log);
	}
	if (queued)
		*queued = n;
	return rc;
}

