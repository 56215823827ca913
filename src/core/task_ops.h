/*
 * task_ops.h - the changes of meetings and tasks, with their rules: put,
 * extend, cancel, reopen, report progress; put and delete a meeting.
 *
 * Each opens one transaction (store_begin), reads what the store holds,
 * decides with the pure rules of task.h (task_check*, meeting_check*),
 * writes through the store (store.h, "meetings and tasks": it keeps what it
 * is given and checks no rule), and commits; a refusal writes nothing. The
 * CLI and the HTTP API make every change through these, so the rules hold
 * the same on SQLite and PostgreSQL by construction. Errors and messages are
 * the rules' (ERR_INVALID, ERR_CONFLICT, ERR_FORBIDDEN, ERR_TOOBIG) or the
 * store's (ERR_NOTFOUND naming an unknown id or code, ERR_DB).
 *
 * Not for: the rules themselves (task.c), SQL (store_tasks.c) or who may do
 * what (the API checks roles and units).
 */
#ifndef CHITIEU_TASK_OPS_H
#define CHITIEU_TASK_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "core/task.h"
#include "store/store.h"
#include "util/err.h"

/*
 * Stores a new task (t->id 0) or an edit of one (t->id set): task_prepare
 * fills what is derived (a meeting's task is assigned on the meeting's day
 * by its unit; what an edit cannot change comes from the stored task), then
 * task_check_edit (a later deadline needs an extension), task_check, and the
 * owner, lead and coordinating units must exist on the assignment day
 * (task_check_unit_on, naming the unit a merged one became). On success *t
 * is the stored task (id, defaults filled).
 */
int task_put(store *s, task *t, err *e);

/* Extends task id to new_due with a reason (task_check_extend); keeps the history. */
int task_extend(store *s, int64_t id, cdate new_due, const char *reason, err *e);

/* Cancels task id with a reason (task_check_cancel). */
int task_cancel(store *s, int64_t id, const char *reason, err *e);

/* Reopens done task id with a reason (task_check_reopen). */
int task_reopen(store *s, int64_t id, const char *reason, err *e);

/*
 * Adds progress report p to task p->task_id with an attachment of
 * attach_len bytes (attach NULL: none), checked by task_check_progress on
 * the store's day (store_task_now); a report with done marks the task done
 * on p->date. On success *p is the stored report (id, time, who).
 */
int task_progress_add(store *s, task_progress *p, const void *attach, size_t attach_len, err *e);

/*
 * Stores a new meeting (m->id 0) or an edit of one: meeting_check, the
 * holding unit must exist, and an edit follows meeting_check_unit_change
 * and meeting_check_date (moving it moves its tasks' assignment day). On
 * success *m is the stored meeting.
 */
int meeting_put(store *s, meeting *m, err *e);

/* Deletes meeting id unless it gave tasks (meeting_check_delete). */
int meeting_delete(store *s, int64_t id, err *e);

#endif
