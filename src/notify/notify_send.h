/*
 * notify_send.h - the delivery side of notifications (issue #15): the
 * configuration the admin keeps in notify_config, one email over SMTP
 * (libcurl), one signed JSON webhook (libcurl, HMAC-SHA256 by libsodium),
 * and the worker's pass over the outbox with its exponential backoff.
 *
 * The outbox's rule (docs/internals/notify.md): a delivery is claimed
 * ("sending", attempts + 1, leased for timeout + NOTIFY_LEASE_EXTRA s) in a
 * committed transaction before any byte leaves; it becomes "sent" only
 * after the server accepted it (SMTP 250 after DATA, HTTP 2xx). A worker
 * killed in between leaves it "sending": once the lease is over it is sent
 * again with the same Message-ID (<chitieu.notice.ID@domain>) or webhook
 * delivery id, so a receiver that did accept it the first time can tell
 * the two apart; a server that had not answered 250 has, by SMTP's rule,
 * not accepted it.
 *
 * Not for: who is told of what (core/notify.c) or SQL (store_notify.c).
 * Secrets (the SMTP password in the URL, the webhook secret) never reach a
 * log line, an error message or an API answer: notify_url_safe strips them.
 */
#ifndef CHITIEU_NOTIFY_SEND_H
#define CHITIEU_NOTIFY_SEND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "store/store.h"
#include "util/err.h"

#define NOTIFY_LEASE_EXTRA 5   /* seconds a claim outlives the transfer's timeout */
#define NOTIFY_MAX_BACKOFF 21600 /* 6 hours between two tries at most */

/* What the admin configured (notify_config), with the defaults filled. */
typedef struct notify_config {
	char smtp_url[NOTIFY_VALUE_MAX];   /* smtp://host:587, smtps://user:pass@host; $CHITIEU_SMTP_URL wins */
	char from[NOTIFY_VALUE_MAX];       /* the sender's address */
	char webhook_url[NOTIFY_VALUE_MAX];
	char webhook_secret[NOTIFY_VALUE_MAX];
	char base_url[NOTIFY_VALUE_MAX];   /* "https://chitieu.backan.gov.vn": links are made absolute with it */
	int backoff;                       /* seconds before the first retry (default 60); doubles each time */
	int timeout;                       /* seconds one transfer may take (default 30) */
	int max_attempts;                  /* then "failed" for good (default 10) */
	int remind_days;                   /* tasks due within this many days are reminded (default 3; 0: no reminders) */
	atomic_bool *stop;                 /* not stored: when it turns true a transfer is abandoned (NULL: never) */
} notify_config;

/* The names notify_config_set accepts. */
extern const char *const notify_config_names[];

/* Calls curl_global_init once (thread-safe); every sender calls it. ERR_IO when it fails. */
int notify_global_init(err *e);

/* Reads the configuration; $CHITIEU_SMTP_URL, when set and not empty, replaces smtp_url. */
int notify_config_load(store *s, notify_config *c, err *e);

/*
 * Checks and stores one setting: smtp_url (smtp:// or smtps://), from (an
 * email address), webhook_url (http:// or https://), webhook_secret (at
 * least 16 bytes), base_url (http:// or https://), backoff (1..86400),
 * timeout (1..600), max_attempts (1..100), remind_days (0..60, 0: no reminders of
 * deadlines at all). "" removes it. CR, LF and
 * control bytes are refused everywhere. ERR_INVALID naming the setting.
 */
int notify_config_set(store *s, const char *name, const char *val, err *e);

/* Writes url without its user and password ("smtp://mail.example:587") into out. */
void notify_url_safe(const char *url, char *out, size_t n);

/*
 * Sends notice n to address `to` (user_name for the To header) by SMTP:
 * Vietnamese plain text and HTML (multipart/alternative, base64 UTF-8),
 * the subject as RFC 2047 words, Message-ID <chitieu.notice.ID@domain>,
 * the link made absolute with base_url; with base_url and unsub_token, a
 * one-click unsubscribe link in the footer and List-Unsubscribe (RFC 8058)
 * headers. 0 once the server accepted it;
 * ERR_IO with the server's or libcurl's reply (no secret) otherwise;
 * ERR_INVALID when nothing is configured or an address is unsafe.
 */
int notify_send_email(const notify_config *c, const char *to, const char *user_name, const char *unsub_token,
		      const store_notice *n, err *e);

/*
 * POSTs the notice as JSON to the webhook URL (http or https only, no
 * redirects), signed: X-Chitieu-Timestamp: T and X-Chitieu-Signature:
 * sha256=HEX(HMAC-SHA256(secret, T "." body)), X-Chitieu-Delivery: the
 * notice's id (the same on a retry). 0 on a 2xx answer; ERR_IO otherwise.
 */
int notify_send_webhook(const notify_config *c, const char *login, const char *user_name, const char *email,
			const store_notice *n, err *e);

/* Seconds before try number attempts + 1: backoff * 2^(attempts - 1), at most NOTIFY_MAX_BACKOFF. */
int64_t notify_backoff(const notify_config *c, int attempts);

/* Counts of a pass. */
typedef struct notify_stats {
	int sent, retried, failed;
} notify_stats;

/*
 * Delivers everything due now, one claim at a time, until nothing is due
 * or *stop becomes true (stop may be NULL). Each outcome is recorded
 * (store_delivery_done / _retry with the backoff) and, when log is not
 * NULL, one line is written to it (the delivery's id, channel and result;
 * never an address's password or a secret). Errors of the database end the
 * pass (returned); errors of a delivery do not.
 */
int notify_run_due(store *s, atomic_bool *stop, FILE *log, notify_stats *st, err *e);

/*
 * Queues the reminders of task deadlines and of monthly entry due today
 * (notify_task_reminders, notify_entry_reminders with remind_days and
 * notify_today); each is written once, so running it
 * again the same day queues nothing new. *queued may be NULL. A line on log
 * (when not NULL) says how many.
 */
int notify_remind_due(store *s, FILE *log, int *queued, err *e);

#endif
