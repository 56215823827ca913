/*
 * notify_int.h - what the files of core's notifications share (notify.c,
 * notify_events.c): the set of users already told of one event, telling
 * the users of a unit or an agency, a task's words and parties, and small
 * text helpers. Internal to src/core/notify*.c.
 */
#ifndef CHITIEU_NOTIFY_INT_H
#define CHITIEU_NOTIFY_INT_H

#include "core/notify.h"
#include "util/buf.h"

/* The users already told of this event, so a user of two of its units hears once. */
typedef struct notify_seen {
	int64_t *ids;
	size_t n, cap;
	int queued; /* notices written by notify_tell_users_of */
} notify_seen;

/* Adds id; *fresh false when it was there. ERR_NOMEM on a failed allocation. Free ids with free(). */
int notify_seen_add(notify_seen *x, int64_t id, bool *fresh, err *e);

/* Copies src into dst (size n), cut on a UTF-8 boundary. */
void notify_copy_cut(char *dst, size_t n, const char *src);

/* *on: a webhook URL is configured (its deliveries are queued). */
int notify_webhook_configured(store *s, bool *on, err *e);

/*
 * Queues the notice for every user of unit_code or agency_code (as
 * store_notify_recipients) not in told yet; with ref set, a user who
 * already has a notice of that ref is skipped (a reminder is written once).
 */
int notify_tell_users_of(store *s, notify_seen *told, const char *unit_code, const char *agency_code,
			 bool webhook_on, const char *kind, const char *subject, const char *body, const char *link,
			 const char *ref, err *e);

/* Appends "name (code)" of unit or agency code, or the code alone when unknown. */
int notify_who_label(buf *b, store *s, const char *unit_code, const char *agency_code);

/*
 * The words of a notice about task t: subject "<title>: <content's first
 * line>", body "<opening>", the content, lead, coordinating units, deadline
 * and assigner; link "/#/task?id=N". Non-zero when a buffer overflowed.
 */
int notify_task_words(buf *subject, buf *body, buf *link, store *s, const task *t, const char *title,
		      const char *opening);

/* Queues the notice to the users of t's lead (and, unless lead_only, its
 * coordinating units and agencies); adds the notices written to *queued
 * (may be NULL). */
int notify_task_parties(store *s, const task *t, bool lead_only, const char *kind, const char *subject,
			const char *body, const char *link, const char *ref, int *queued, err *e);

#endif
