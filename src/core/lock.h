/*
 * lock.h - period locking: after a period's deadline (its report's due day
 * under the reporting calendar, plus a grace of some days) entry for it is
 * closed; an administrator can reopen a period for a unit (and its
 * descendants) until a day, and close one by hand, before or after its
 * deadline (the later of a closing and a reopening decides). The calendar,
 * the grace and an on/off switch are settings of the database (Decree
 * 09/2019 and no grace by default); the switch is the calendar's only: a
 * period closed by hand stays closed.
 *
 * Days are Vietnam days (UTC+7): a period whose deadline is 25/06/2022 is
 * open until 23:59:59 on 25/06/2022 in Hà Nội, closed from 00:00 on 26/06.
 *
 * Not for: deciding who may enter which unit (auth.h), or enforcement in a
 * face (the API calls lock_check before a write; the CLI, the administrator's
 * tool on the machine, does not).
 */
#ifndef CHITIEU_LOCK_H
#define CHITIEU_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/period.h"
#include "store/store.h"
#include "util/err.h"

#define LOCK_REOPEN_DAYS_DEFAULT 7 /* a reopening lasts this long unless told */
#define LOCK_REOPEN_DAYS_MAX 366   /* and never longer than this */
#define LOCK_GRACE_DAYS_MAX 366

/* How periods close; kept in the database's settings (keys "lock.*"). */
typedef struct lock_config {
	bool enabled;         /* lock.enabled: "yes" / "no" (default yes) */
	period_calendar cal;  /* lock.cutoff_day, lock.due_day, lock.due_months_after */
	int grace_days;       /* lock.grace_days: days of entry after the due day (default 0) */
} lock_config;

/* The defaults: enabled, PERIOD_CALENDAR_DECREE09, no grace. */
void lock_config_default(lock_config *c);

/* Checks ranges: cutoff and due day 0..31, due_months_after 0..12,
 * grace 0..LOCK_GRACE_DAYS_MAX. ERR_INVALID naming the setting. */
int lock_config_check(const lock_config *c, err *e);

/*
 * Reads the configuration from the store's settings; unset keys keep their
 * default. A stored value that does not parse is ERR_DB naming the key.
 */
int lock_config_load(store *s, lock_config *out, err *e);

/* Checks c and writes every lock.* setting, in one transaction. */
int lock_config_save(store *s, const lock_config *c, err *e);

/* The last day of entry for p: its due date under c->cal plus c->grace_days. */
cdate lock_deadline(const period *p, const lock_config *c);

/* True when c is enabled and `today` (a Vietnam date) is after p's deadline. */
bool lock_past_deadline(const period *p, const lock_config *c, cdate today);

/* The Vietnam date of a Unix time (the day a lock is judged on). */
cdate lock_day_of(int64_t unix_time);

/* Where a (unit, period) stands on a day. */
typedef struct lock_status {
	bool enabled;         /* locking is on */
	cdate due;            /* the report's due date */
	cdate deadline;       /* last day of entry (due + grace) */
	bool past_deadline;   /* enabled and today > deadline */
	bool closed_by_hand;  /* an administrator closed it for the unit or an ancestor */
	store_closing close;    /* the latest such closing, when closed_by_hand */
	bool reopened;        /* a reopening of the unit or an ancestor covers today (made
			       * after the closing by hand, when there is one) */
	store_reopen reopen;  /* that reopening (the longest-lasting) when reopened */
	bool open;            /* entry allowed: reopened || (!past_deadline && !closed_by_hand) */
} lock_status;

/* Fills *out for unit_code and p on `today`; ERR_NOTFOUND for an unknown unit. */
int lock_status_get(store *s, const char *unit_code, const period *p, cdate today,
		    lock_status *out, err *e);

/* The same with the settings already loaded (a bulk import asks for many units). */
int lock_status_with(store *s, const lock_config *c, const char *unit_code, const period *p, cdate today,
		     lock_status *out, err *e);
int lock_check_with(store *s, const lock_config *c, const char *unit_code, const period *p, cdate today, err *e);

/*
 * True when lock_check_with finds p open on `today` without asking the store
 * anything but the unit, for a unit that exists and has no closing of p by
 * hand (store_closing_periods): p and today valid, the calendar's deadline
 * not passed. False: ask lock_check_with (a bulk import's shortcut).
 */
bool lock_open_unless_closed(const lock_config *c, const period *p, cdate today);

/*
 * 0 when entry into p for unit_code is open on `today`; otherwise
 * ERR_CONFLICT with the message "kỳ tháng 6/2022 đã khóa từ 26/06/2022 (hạn
 * báo cáo 25/06/2022); đề nghị quản trị mở lại cho đơn vị 01837".
 * ERR_NOTFOUND for an unknown unit, ERR_DB for a bad configuration.
 */
int lock_check(store *s, const char *unit_code, const period *p, cdate today, err *e);

/* The ERR_CONFLICT lock_check gives for a closed st (its message in e). */
int lock_refusal(const char *unit_code, const period *p, const lock_status *st, err *e);

/*
 * Reopens r->period for r->unit_code (and its descendants) through r->until
 * (the none date: today + LOCK_REOPEN_DAYS_DEFAULT), recorded with r->by,
 * r->at (0: now) and r->reason. Refuses (ERR_INVALID) an empty reason or
 * author, an until before today or more than LOCK_REOPEN_DAYS_MAX days after
 * it; ERR_NOTFOUND for an unknown unit. Fills r->id and r->until.
 */
int lock_reopen(store *s, store_reopen *r, cdate today, err *e);

/*
 * Closes c->period for c->unit_code (and its descendants) now, before or
 * after its deadline, recorded with c->by, c->at (0: now) and c->reason.
 * Refuses (ERR_INVALID) an empty reason or author, or a period that has not
 * begun on `today`; ERR_CONFLICT when it is closed by hand already for that
 * unit (one closed by the calendar only is closed by hand too: that ends
 * the reopenings under it and holds with calendar locking off);
 * ERR_NOTFOUND for an unknown unit. Fills c->id.
 */
int lock_close(store *s, store_closing *c, cdate today, err *e);

/*
 * Appends the status as one JSON object (the API's answer): unit, period,
 * label, enabled, due, deadline (ISO dates), closed (= !open),
 * past_deadline, closed_by_hand, reopened; when closed by hand, close
 * {unit, by, at, reason}; when reopened, reopen {until, unit, by, at,
 * reason}; when closed, message (lock_refusal's).
 */
int lock_status_json(buf *b, const char *unit_code, const period *p, const lock_status *st);

#endif
