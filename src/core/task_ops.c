/*
 * task_ops.c - the changes of meetings and tasks with their rules
 * (task_ops.h): one transaction each, which reads through the store,
 * decides with the pure checks of task.c and writes through the store.
 *
 * The order of the checks is the order users have always seen: the
 * arguments first (a reason, a day), then the stored rows (an unknown id),
 * then the rules that need them.
 * Not for: the rules themselves (task.c) or SQL (store_tasks.c).
 */
#include "core/task_ops.h"

#include "core/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Commits when rc is 0, else rolls back; returns rc or the commit's error. */
static int finish(store *s, int rc, err *e)
{
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

/*
 * Unit `code` (role names it in messages) must exist and be valid on day
 * `on`: ERR_NOTFOUND prefixed with role, or task_check_unit_on's conflict
 * naming the unit it became when a link records one.
 */
static int unit_on(store *s, const char *code, cdate on, const char *role, err *e)
{
	unit u, succ;
	bool found = false;
	int rc = store_unit_get(s, code, &u, e);
	if (rc)
		return rc == ERR_NOTFOUND ? err_prefix(e, "%s: ", role) : rc;
	/* A unit with an end may have become another: read it for the message. */
	if (!cdate_is_none(u.valid_to) && (rc = store_task_unit_successor(s, code, &succ, &found, e)))
		return rc;
	return task_check_unit_on(&u, on, role, found ? &succ : NULL, e);
}

int task_put(store *s, task *t, err *e)
{
	task w = *t, old;
	meeting m;
	int rc;
	if ((rc = store_begin(s, e)))
		return rc;
	int64_t now = store_task_now(s);
	if (w.id) {
		if ((rc = store_task_get(s, w.id, &old, e)) || (rc = task_check_edit(&old, &w, e)))
			goto done;
		task_prepare(&w, &old, NULL, now);
	} else {
		if (w.meeting_id > 0 && (rc = store_meeting_get(s, w.meeting_id, &m, e)))
			goto done;
		task_prepare(&w, NULL, w.meeting_id > 0 ? &m : NULL, now);
	}
	if ((rc = task_check(&w, e)) ||
	    (rc = unit_on(s, w.owner_unit, w.assigned_on, "đơn vị giao (owner_unit)", e)))
		goto done;
	if (w.lead_unit[0] &&
	    (rc = unit_on(s, w.lead_unit, w.assigned_on, "đơn vị chủ trì (lead_unit)", e)))
		goto done;
	for (int i = 0; i < w.n_coord; i++)
		if ((rc = unit_on(s, w.coord_units[i], w.assigned_on, "đơn vị phối hợp (coord_units)", e)))
			goto done;
	bool is_new = w.id == 0;
	rc = store_task_put(s, &w, e);
	/* the notices of a new task, in its own transaction (notify.h) */
	if (!rc && is_new)
		rc = notify_task_assigned(s, &w, e);
done:
	rc = finish(s, rc, e);
	if (!rc)
		*t = w;
	return rc;
}

int task_extend(store *s, int64_t id, cdate new_due, const char *reason, err *e)
{
	task t;
	int rc;
	if ((rc = task_check_extend(id, NULL, new_due, reason, e)) || (rc = store_begin(s, e)))
		return rc;
	if (!(rc = store_task_get(s, id, &t, e)) && !(rc = task_check_extend(id, &t, new_due, reason, e)) &&
	    !(rc = store_task_extend(s, &t, new_due, reason, e))) {
		cdate old_due = t.due;
		t.due = new_due; /* as stored: a day, no longer a period */
		t.due_is_period = false;
		rc = notify_task_extended(s, &t, old_due, reason, e);
	}
	return finish(s, rc, e);
}

int task_cancel(store *s, int64_t id, const char *reason, err *e)
{
	task t;
	int rc;
	if ((rc = task_check_cancel(id, NULL, reason, e)) || (rc = store_begin(s, e)))
		return rc;
	if (!(rc = store_task_get(s, id, &t, e)) && !(rc = task_check_cancel(id, &t, reason, e)))
		rc = store_task_cancel(s, &t, reason, e);
	return finish(s, rc, e);
}

int task_reopen(store *s, int64_t id, const char *reason, err *e)
{
	task t;
	int rc;
	if ((rc = task_check_reopen(id, NULL, reason, e)) || (rc = store_begin(s, e)))
		return rc;
	if (!(rc = store_task_get(s, id, &t, e)) && !(rc = task_check_reopen(id, &t, reason, e)))
		rc = store_task_reopen(s, &t, reason, e);
	return finish(s, rc, e);
}

int task_progress_add(store *s, task_progress *p, const void *attach, size_t attach_len, err *e)
{
	task_progress w = *p;
	task t;
	int rc;
	if (!attach)
		attach_len = 0;
	task_progress_attach(&w, attach_len);
	cdate today = task_today(store_task_now(s));
	if ((rc = task_check_progress(NULL, &w, attach_len, today, e)) || (rc = store_begin(s, e)))
		return rc;
	if (!(rc = store_task_get(s, w.task_id, &t, e)) &&
	    !(rc = task_check_progress(&t, &w, attach_len, today, e)) &&
	    !(rc = store_task_progress_add(s, &t, &w, attach, attach_len, e)))
		rc = notify_task_progress(s, &t, &w, e);
	rc = finish(s, rc, e);
	if (!rc)
		*p = w;
	return rc;
}

int meeting_put(store *s, meeting *m, err *e)
{
	meeting w = *m, old;
	int rc;
	old.conclusions[0] = '\0';
	if ((rc = meeting_check(&w, e)) || (rc = store_begin(s, e)))
		return rc;
	/* an unknown holding unit is the store's ERR_NOTFOUND, naming "unit" */
	if (w.id) {
		long long nt = 0;
		if ((rc = store_meeting_get(s, w.id, &old, e)) ||
		    (rc = store_meeting_task_count(s, w.id, &nt, e)) ||
		    (rc = meeting_check_unit_change(&old, &w, nt, e)))
			goto done;
		if (cdate_cmp(old.date, w.date)) {
			/* Only the task due first before the new day can refuse it. */
			store_task_filter f;
			task *ts = NULL;
			size_t n = 0;
			memset(&f, 0, sizeof f);
			f.meeting_id = w.id;
			f.due_to = cdate_from_days(cdate_to_days(w.date) - 1);
			f.limit = 1;
			if (!(rc = store_task_list(s, &f, &ts, &n, e)))
				rc = meeting_check_date(&w, ts, n, e);
			free(ts);
			if (rc)
				goto done;
		}
	}
	bool published = w.conclusions[0] && (!w.id || !old.conclusions[0]);
	rc = store_meeting_put(s, &w, e);
	/* the conclusions published (set where there were none): the attending units are told */
	if (!rc && published)
		rc = notify_meeting_conclusions(s, &w, e);
done:
	rc = finish(s, rc, e);
	if (!rc)
		*m = w;
	return rc;
}

int meeting_delete(store *s, int64_t id, err *e)
{
	meeting m;
	long long nt = 0;
	int rc;
	if ((rc = store_begin(s, e)))
		return rc;
	if (!(rc = store_meeting_get(s, id, &m, e)) && !(rc = store_meeting_task_count(s, id, &nt, e)) &&
	    !(rc = meeting_check_delete(&m, nt, e)))
		rc = store_meeting_delete(s, id, e);
	return finish(s, rc, e);
}
