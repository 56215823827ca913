/*
 * notify.h - who is told of what (issue #15): the events that write notices
 * into the outbox, in the transaction of the event itself, and the checks of
 * what a user may give as an address.
 *
 * An event (a task assigned, the month's figures returned or approved)
 * calls one notify_* function inside its own transaction: for each
 * recipient it writes one in-app notice (store_notice_add) and queues one
 * delivery per channel the recipient takes (store_delivery_add): "email"
 * when the user has an address and email on, "webhook" when a webhook URL
 * is configured and the user's webhook switch is on. The event's rollback
 * takes its notices with it; its commit makes them deliverable, so a notice
 * is never sent for a change that did not happen, nor lost for one that did.
 *
 * Not for: sending (src/notify/notify_send.c), the worker and its backoff
 * (src/notify/notify_run.c), SQL (store_notify.c) or who may read a notice
 * (the API serves a user only their own).
 */
#ifndef CHITIEU_NOTIFY_H
#define CHITIEU_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/approval.h"
#include "core/period.h"
#include "core/task.h"
#include "store/store.h"
#include "util/err.h"

/* notice.kind of each event */
#define NOTIFY_KIND_TASK_ASSIGNED "task_assigned"
#define NOTIFY_KIND_DATA_RETURNED "data_returned"
#define NOTIFY_KIND_DATA_APPROVED "data_approved"
#define NOTIFY_KIND_TASK_EXTENDED "task_extended"
#define NOTIFY_KIND_TASK_PROGRESS "task_progress"
#define NOTIFY_KIND_TASK_DUE_SOON "task_due_soon"
#define NOTIFY_KIND_TASK_OVERDUE "task_overdue"
#define NOTIFY_KIND_MEETING_CONCLUSIONS "meeting_conclusions"
#define NOTIFY_KIND_ENTRY_DUE "entry_due"
#define NOTIFY_KIND_TEST "test"

/* Days before a deadline the reminder is sent (notify_config remind_days). */
#define NOTIFY_REMIND_DAYS 3
/* Overdue tasks are reminded weekly for this many weeks at most. */
#define NOTIFY_OVERDUE_WEEKS 12

/*
 * Checks an email address as a user enters it: printable ASCII only (so no
 * CR, LF or other control character can reach a mail header), at most 254
 * bytes, one '@' with a local part of at most 64 bytes and a domain of
 * letters, digits, '-' and '.' with at least one dot, no empty label, and
 * none of the characters that end or quote a header address ("<>(),;:\[]
 * and space). "" is accepted (no address). ERR_INVALID with a Vietnamese
 * message otherwise.
 */
int notify_email_check(const char *addr, err *e);

/* True when s holds no CR, LF or other control byte (a header value may carry it). */
bool notify_header_safe(const char *s);

/*
 * Queues the notices of new task t (already stored, t->id set) to the users
 * of its lead unit or agency and of its coordinating units and agencies
 * (store_notify_recipients), each user once: "Nhiệm vụ mới: ..." with the
 * content, the lead, the deadline (task_format_due) and a link to the task.
 * Call it inside the transaction that stored the task.
 */
int notify_task_assigned(store *s, const task *t, err *e);

/*
 * Queues the notices of the month's figures of unit_code (of agency_code's
 * part when set) moved to `to` by `by`: APPR_RETURNED (with the reason
 * `comment`) and APPR_APPROVED go to the users who enter the unit's (the
 * agency's) figures; other states queue nothing. Call it inside the
 * transaction of the move.
 */
int notify_approval(store *s, const char *unit_code, const period *month, const char *agency_code, appr_state to,
		    const char *by, const char *comment, err *e);

/*
 * The other events of tasks and meetings (notify_events.c), each called in
 * the transaction of its change:
 * - notify_task_extended: t's deadline moved from old_due to t->due with a
 *   reason; to the lead's and coordinating units' users;
 * - notify_task_progress: the lead reported progress p on t; to the user
 *   who assigned it (t->assigned_by, when that login is an active user);
 * - notify_meeting_conclusions: meeting m's conclusions were published
 *   (set where there were none); to the users of its attending units.
 */
int notify_task_extended(store *s, const task *t, cdate old_due, const char *reason, err *e);
int notify_task_progress(store *s, const task *t, const task_progress *p, err *e);
int notify_meeting_conclusions(store *s, const meeting *m, err *e);

/*
 * The reminders of open tasks on Vietnam day `today` (one short write
 * transaction per task; a pass cut short is safe to run again):
 * due within `days` days (on the day included): once per deadline (ref
 * "task:ID:due:DATE"); overdue: once a week for NOTIFY_OVERDUE_WEEKS weeks
 * (ref "task:ID:overdue:W"). To the users of the task's lead. *queued is
 * how many notices were written. Run by the worker and `notify run`.
 */
int notify_task_reminders(store *s, cdate today, int days, int *queued, err *e);

/*
 * Quiet hours (notify_pref.quiet_from / quiet_to, minutes after midnight in
 * Vietnam; equal: none; from > to spans midnight, "22:00-06:00"). When Unix
 * time now falls inside them, the Unix time they end; else 0. Emails and
 * webhooks wait until then; in-app notices do not.
 */
int64_t notify_quiet_until(int quiet_from, int quiet_to, int64_t now);

/* Parses "22:00-06:00" (or "off" / "": none, both 0) into minutes; ERR_INVALID otherwise. */
int notify_quiet_parse(const char *s, int *quiet_from, int *quiet_to, err *e);

/* The hour (Vietnam) the daily digest of a user's emails leaves. */
#define NOTIFY_DIGEST_HOUR 7

/* The next NOTIFY_DIGEST_HOUR:00 in Vietnam strictly after Unix time now. */
int64_t notify_digest_at(int64_t now);

/*
 * The reminders of monthly entry on Vietnam day `today`: for each of the
 * last three months whose deadline (core/lock.h lock_deadline: the due day
 * of the reporting calendar plus grace) is within `days` days (the day
 * itself included), every active user with an `enter` scope on a unit whose
 * month is not yet submitted (its approval draft or returned; a department
 * officer: their agency's part) is told once (ref "entry:UNIT:YYYYMM"),
 * with a link to the entry page. One short write transaction per unit.
 */
int notify_entry_reminders(store *s, cdate today, int days, int *queued, err *e);

/* Today in Vietnam, or $CHITIEU_TODAY (yyyy-mm-dd) for tests and demos. */
int notify_today(cdate *out, err *e);

/*
 * Writes one notice for r (kind, subject, body, link: a path of the web
 * interface such as "/#/task?id=12") and queues its deliveries as the
 * header says (a user who takes a daily digest gets a "digest" delivery due
 * at the next NOTIFY_DIGEST_HOUR instead of an "email"); webhook_on tells whether a webhook URL is configured; ref
 * (may be "") names what a reminder is of, so it is written once.
 * Subject and body are cut on a UTF-8 boundary to their columns' sizes.
 */
int notify_enqueue(store *s, const store_recipient *r, bool webhook_on, const char *kind, const char *subject,
		   const char *body, const char *link, const char *ref, err *e);

#endif
