/*
 * task.h - meetings and the tasks they assign (issue #5): the model
 * (meeting, task, progress report, history event), the Vietnamese names of
 * their kinds, the checks of their fields, and the status rules.
 *
 * Status is never stored: it is computed from the stored state (open, done
 * on a day, cancelled), the deadline and "today" as a Vietnam day (UTC+7).
 * A task due 30/06/2022 is on time when done any time on 30/06/2022 in
 * Hà Nội and overdue from 00:00 on 01/07/2022 there. A deadline given as a
 * period ("in July 2022", "by the end of 2020") is read as the period's last
 * day; the period is kept too, for display.
 *
 * The rules of change live here too, as pure checks (task_check_extend,
 * task_check_progress, meeting_check_date, ...): task_ops.h applies them
 * around the store's writes, which keep whatever they are given.
 *
 * Not for: SQL (store.h, the "meetings and tasks" section), the
 * transactions that apply the rules (task_ops.h) or who may do what (the API
 * checks roles and units with auth.h).
 */
#ifndef CHITIEU_TASK_H
#define CHITIEU_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/period.h"
#include "core/vnfmt.h"
#include "util/buf.h"
#include "util/err.h"

#define TASK_CONTENT_MAX 2048      /* bytes of a task's content */
#define TASK_REASON_MAX 512        /* an extension's or cancellation's reason */
#define TASK_UNITS_MAX 32          /* coordinating units of one task */
#define TASK_INDICATORS_MAX 16     /* indicators linked to one task */
#define MEETING_TITLE_MAX 512
#define MEETING_TEXT_MAX 8192      /* conclusions; people attending */
#define MEETING_UNITS_MAX 64       /* units attending */
#define MEETING_INDICATORS_MAX 128 /* indicators reviewed */
#define PROGRESS_TEXT_MAX 4096
#define ATTACH_NAME_MAX 128
#define ATTACH_MAX (4 * 1024 * 1024) /* bytes of one progress report's attachment */

/* ---- meetings ------------------------------------------------------- */

typedef enum meeting_kind {
	MEETING_MONTHLY = 1, /* "monthly":   giao ban tháng */
	MEETING_QUARTERLY,   /* "quarterly": họp sơ kết quý */
	MEETING_COUNCIL,     /* "council":   kỳ họp Hội đồng nhân dân */
	MEETING_VISIT,       /* "visit":     làm việc với đoàn công tác cấp trên */
	MEETING_THEMATIC,    /* "thematic":  họp chuyên đề */
} meeting_kind;

typedef struct meeting {
	int64_t id;                                /* 0 before it is stored */
	meeting_kind kind;
	char title[MEETING_TITLE_MAX];             /* "Giao ban UBND thành phố tháng 6/2022" */
	cdate date;                                /* the day it is held (Vietnam) */
	int time_min;                              /* minutes after midnight 0..1439; -1 not given */
	char unit_code[CODE_MAX];                  /* the unit that holds it */
	char chair[NAME_MAX_];                     /* who chairs: "Đ/c Nguyễn Văn A, Chủ tịch UBND" */
	char attendees[MEETING_TEXT_MAX];          /* people attending, free text */
	char units[MEETING_UNITS_MAX][CODE_MAX];   /* units attending */
	int n_units;
	bool has_period;                           /* the period it reviews */
	period period;
	char indicators[MEETING_INDICATORS_MAX][CODE_MAX]; /* indicators it reviews */
	int n_indicators;
	char conclusions[MEETING_TEXT_MAX];        /* the chairman's conclusions, free text */
	char notice_no[CODE_MAX * 2];              /* "125/TB-UBND"; "" until numbered */
	char created_by[WHO_MAX];                  /* login */
	int64_t created_at;                        /* Unix seconds */
} meeting;

const char *meeting_kind_code(meeting_kind k);  /* "monthly", "quarterly", "council", "visit", "thematic" */
const char *meeting_kind_label(meeting_kind k); /* "Giao ban tháng", ... */
int meeting_kind_from_code(const char *s, meeting_kind *out, err *e);

/* Checks a meeting: kind, title not empty, valid date, time in range, unit
 * code present, counts in range, no repeated unit or indicator. ERR_INVALID
 * naming the field ("title", "date", ...). Existence of codes is the store's. */
int meeting_check(const meeting *m, err *e);

/* ---- tasks ---------------------------------------------------------- */

typedef enum task_priority {
	TASK_PRIO_NORMAL = 1, /* "normal": thường */
	TASK_PRIO_HIGH,       /* "high":   quan trọng */
	TASK_PRIO_URGENT,     /* "urgent": khẩn */
} task_priority;

/* What is stored. */
typedef enum task_state {
	TASK_OPEN = 1,    /* "open" */
	TASK_DONE,        /* "done": done_on is the day it was reported done */
	TASK_CANCELLED,   /* "cancelled": by its assigner, with a reason */
} task_state;

/* What is shown and counted; computed by task_status. */
typedef enum task_status {
	TASK_ST_ON_TIME = 1, /* "done_on_time":   hoàn thành đúng hạn */
	TASK_ST_LATE,        /* "done_late":      hoàn thành quá hạn */
	TASK_ST_IN_PROGRESS, /* "in_progress":    đang thực hiện trong hạn */
	TASK_ST_OVERDUE,     /* "overdue":        quá hạn chưa hoàn thành */
	TASK_ST_CANCELLED,   /* "cancelled":      đã hủy */
} task_status;

typedef struct task {
	int64_t id;
	char content[TASK_CONTENT_MAX];
	char owner_unit[CODE_MAX];                     /* the unit whose government assigned it (the
	                                                  meeting's holding unit when from one) */
	/* The lead (chủ trì) is either an administrative unit (a ward) or an
	 * agency (a department): exactly one of the two codes is set. */
	char lead_unit[CODE_MAX];
	char lead_agency[CODE_MAX];
	/* Coordinating (phối hợp) units and agencies; neither may repeat the lead. */
	char coord_units[TASK_UNITS_MAX][CODE_MAX];
	int n_coord;
	char coord_agencies[TASK_UNITS_MAX][CODE_MAX];
	int n_coord_agencies;
	int64_t meeting_id;                            /* 0: assigned directly */
	char assigned_by[WHO_MAX];                     /* the assigner's login */
	cdate assigned_on;                             /* Vietnam day; the meeting's date when from one */
	bool due_is_period;                            /* deadline given as a period */
	period due_period;                             /* when due_is_period */
	cdate due;                                     /* the current deadline (the period's last day
	                                                  when due_is_period; later after an extension) */
	cdate due_original;                            /* the deadline first set */
	char indicators[TASK_INDICATORS_MAX][CODE_MAX];
	int n_indicators;
	task_priority priority;
	task_state state;
	cdate done_on;                                 /* TASK_DONE only */
	int percent;                                   /* the latest progress report's 0..100 */
	int64_t created_at;
	int64_t updated_at;
} task;

const char *task_priority_code(task_priority p);
const char *task_priority_label(task_priority p);
int task_priority_from_code(const char *s, task_priority *out, err *e);

const char *task_state_code(task_state s);  /* "open", "done", "cancelled" */
int task_state_from_code(const char *s, task_state *out, err *e);

const char *task_status_code(task_status s);  /* "done_on_time", ... */
const char *task_status_label(task_status s); /* "Hoàn thành đúng hạn", ... */
int task_status_from_code(const char *s, task_status *out, err *e);

/*
 * Reads a deadline as users give it: a date ("30/06/2022", "2022-06-30") or
 * a period code ("202207", "2020", "2022Q3"), which means its last day.
 * Fills t->due, t->due_is_period, t->due_period. ERR_INVALID naming "due".
 */
int task_parse_due(const char *s, task *t, err *e);

/*
 * Checks a new or edited task: content not empty (after trimming spaces),
 * owner unit present, exactly one of lead unit / lead agency, the lead not
 * among the coordinating units or agencies, no repeated
 * coordinating unit or indicator, counts in range, valid due, priority and
 * state, due not before assigned_on (for a task from a meeting, assigned_on
 * is the meeting's date: "deadline before the meeting"). ERR_INVALID naming
 * the field.
 */
int task_check(const task *t, err *e);

/*
 * Fills what a put derives instead of taking it from the caller. A new task
 * (old NULL): state open, no done day, percent 0, due_original = due,
 * created_at now when 0, priority normal when 0; from meeting m (NULL when
 * assigned directly) the assignment day (always the meeting's) and the owner
 * unit (when not given); a direct task without an assignment day is
 * assigned today (the Vietnam day of now). An edit (old, the stored task):
 * what an edit cannot change comes from old (meeting, assigner, assignment
 * day, state, done day, percent, creation time; the owner unit when not
 * given), and a corrected deadline of a task never extended is its first
 * deadline too. updated_at = now. Checks nothing; applying it twice changes
 * nothing more.
 */
void task_prepare(task *w, const task *old, const meeting *m, int64_t now);

/* An edit w of stored task old corrects the deadline to an earlier day at
 * most: a later one is an extension and needs a reason (ERR_INVALID naming
 * "due"). */
int task_check_edit(const task *old, const task *w, err *e);

/*
 * Unit u (role names it: "đơn vị chủ trì (lead_unit)") takes part in a task
 * assigned on day `on`: it must exist on that day. ERR_CONFLICT naming the
 * unit when it had ended (with succ, the unit it became, when not NULL:
 * merged in 2025) or not yet begun.
 */
int task_check_unit_on(const unit *u, cdate on, const char *role, const unit *succ, err *e);

/* A reason for a change: required (more than spaces) and shorter than
 * TASK_REASON_MAX bytes. ERR_INVALID "<what>: cần lý do (reason)". */
int task_check_reason(const char *reason, const char *what, err *e);

/*
 * The rules of a task's state changes. id names the task in the messages; t
 * is the stored task, or NULL to check only the arguments (as done before
 * the task is read, so that a bad argument is reported first).
 *
 * extend: a reason, a valid new_due (ERR_INVALID), an open task
 * (ERR_CONFLICT), a day after its current deadline (ERR_INVALID naming
 * "due"). cancel: a reason and an open task (ERR_CONFLICT). reopen: a reason
 * and a done task (ERR_CONFLICT): its assigner found it not done.
 */
int task_check_extend(int64_t id, const task *t, cdate new_due, const char *reason, err *e);
int task_check_cancel(int64_t id, const task *t, const char *reason, err *e);
int task_check_reopen(int64_t id, const task *t, const char *reason, err *e);

/*
 * The rules of changing a stored meeting, given what the store holds (the
 * callers read it; nothing here reads the database):
 *
 * meeting_check_unit_change: old becomes m; its holding unit changes only
 * while it has given no task (n_tasks of them): its tasks were assigned by
 * the old unit's government. ERR_CONFLICT naming "unit".
 *
 * meeting_check_date: none of the meeting's tasks (n of them, any order; the
 * caller may pass only those due before m->date) may be due before its day,
 * as moving the meeting moves their assignment day. ERR_INVALID naming
 * "date", the earliest such deadline and its task.
 *
 * meeting_check_delete: a meeting that gave tasks (n_tasks) is not deleted
 * (ERR_CONFLICT): cancel them or keep it.
 */
int meeting_check_unit_change(const meeting *old, const meeting *m, long long n_tasks, err *e);
int meeting_check_date(const meeting *m, const task *tasks, size_t n, err *e);
int meeting_check_delete(const meeting *m, long long n_tasks, err *e);

/* The Vietnam day of a Unix time (UTC+7, no daylight saving). */
cdate task_today(int64_t unix_time);

/*
 * The status of t on Vietnam day `today`:
 *   cancelled -> CANCELLED;
 *   done      -> ON_TIME when done_on <= due, else LATE;
 *   open      -> IN_PROGRESS when today <= due, else OVERDUE.
 */
task_status task_status_on(const task *t, cdate today);

/* Days from today to the deadline: 0 on the day, negative when past. */
long task_days_left(const task *t, cdate today);

/* Appends the deadline as people read it: "30/06/2022", or for a period
 * deadline its label and day: "tháng 7/2022 (31/07/2022)". */
int task_format_due(buf *b, const task *t);

/* ---- progress and history ------------------------------------------- */

typedef struct task_progress {
	int64_t id;
	int64_t task_id;
	char lead_code[CODE_MAX];       /* the reporting lead's unit or agency code; must be the
	                                   task's lead (checked by the store) */
	char text[PROGRESS_TEXT_MAX];
	int percent;                    /* 0..100 */
	cdate date;                     /* the day it reports on; not after today */
	bool done;                      /* this report says the task is done (percent must be 100) */
	char attach_name[ATTACH_NAME_MAX]; /* "" when no attachment */
	char attach_type[128];             /* media type (the xlsx one is 65 bytes) */
	int64_t attach_size;
	char by[WHO_MAX];
	int64_t at;
} task_progress;

/* Checks a progress report: text not empty, percent 0..100, done needs 100,
 * valid date not after today, attachment name safe (no '/', '\\', control
 * characters) and size <= ATTACH_MAX. ERR_INVALID naming the field. */
int task_progress_check(const task_progress *p, cdate today, err *e);

/* Makes p's attachment fields describe attach_len bytes: attach_size, no
 * name or type without bytes, a type application/octet-stream when none. */
void task_progress_attach(task_progress *p, size_t attach_len);

/*
 * May report p, with an attachment of attach_len bytes, be added to stored
 * task t on Vietnam day today? The attachment at most ATTACH_MAX
 * (ERR_TOOBIG), task_progress_check; then, with t (NULL: only what needs no
 * task): p's lead is t's lead (ERR_FORBIDDEN naming both), t is open
 * (ERR_CONFLICT), p is not dated before t's assignment day (ERR_INVALID
 * naming "date"). p's attachment fields as task_progress_attach leaves them.
 */
int task_check_progress(const task *t, const task_progress *p, size_t attach_len, cdate today,
			err *e);

typedef enum task_event_kind {
	TASK_EV_CREATED = 1, /* "created" */
	TASK_EV_EDITED,      /* "edited" */
	TASK_EV_EXTENDED,    /* "extended": old_due -> new_due, reason */
	TASK_EV_CANCELLED,   /* "cancelled": reason */
	TASK_EV_PROGRESS,    /* "progress": percent */
	TASK_EV_DONE,        /* "done": new_due unused, date = done_on */
	TASK_EV_REOPENED,    /* "reopened": a done task reopened by its assigner, reason */
} task_event_kind;

typedef struct task_event {
	int64_t id;
	int64_t task_id;
	task_event_kind kind;
	cdate old_due, new_due;         /* TASK_EV_EXTENDED */
	cdate date;                     /* TASK_EV_DONE: the day done */
	int percent;                    /* TASK_EV_PROGRESS */
	char reason[TASK_REASON_MAX];
	char by[WHO_MAX];
	int64_t at;
} task_event;

const char *task_event_code(task_event_kind k);
const char *task_event_label(task_event_kind k); /* "Gia hạn", "Hủy", ... */
int task_event_from_code(const char *s, task_event_kind *out, err *e);

/* ---- statistics (DOMAIN.md §7) -------------------------------------- */

/*
 * Counts for one unit (as lead) over a period, on Vietnam day `as_of`
 * (normally the period's last day, or today while it runs). Counted: tasks
 * not cancelled, assigned on or before as_of, and either due within the
 * period or still open at its start (carried over). pct_on_time is
 * on_time / (on_time + late + overdue) × 100 in num_t (0 and has_pct false
 * when nothing was due).
 */
typedef struct task_stats {
	char code[CODE_MAX];   /* the lead: a unit or an agency code */
	bool is_agency;
	int total;
	int on_time, late, in_progress, overdue;
	bool has_pct;
	num_t pct_on_time;
} task_stats;

/* True when t counts in the statistics of `p` on as_of (rule above). */
bool task_counts_in(const task *t, const period *p, cdate as_of);

/* Adds t's status on as_of to st (the caller chose t with task_counts_in). */
void task_stats_add(task_stats *st, const task *t, cdate as_of);

/* Computes st->has_pct and st->pct_on_time from the counts. */
void task_stats_finish(task_stats *st);

#endif
