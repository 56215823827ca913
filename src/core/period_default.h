/*
 * period_default.h - the month a page opens on for a unit when the user has
 * chosen none (issue #17): the latest month, from the month being reported
 * today (the earliest whose deadline has not passed: under Decree 09 this
 * month until its 25th; or the unit's last month when it ended earlier)
 * back at most PERIOD_DEFAULT_LOOKBACK months and not before the unit began, that either
 * holds data (a value of the unit, or of a unit under it) or is still open
 * for entry (its deadline under the reporting calendar not passed, or
 * reopened): never a month that is locked and empty. One rule for every
 * page (dashboard, entry, meetings, reports), asked through
 * GET /api/period/default.
 *
 * Not for: which unit a user starts on (the pages: the first of its
 * scopes), who may see the unit (the face asks auth), the year a plan page shows.
 */
#ifndef CHITIEU_PERIOD_DEFAULT_H
#define CHITIEU_PERIOD_DEFAULT_H

#include "core/period.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define PERIOD_DEFAULT_LOOKBACK 36 /* months walked back from the usual month */

/* Why that month was chosen. */
typedef enum period_default_why {
	PERIOD_DEFAULT_DATA = 1, /* it holds data */
	PERIOD_DEFAULT_OPEN,     /* empty, but open for entry: its report is being collected */
	PERIOD_DEFAULT_USUAL,    /* nothing better in the window: the usual month, as it is */
} period_default_why;

typedef struct period_default {
	period month;          /* the month chosen */
	period usual;          /* the month being reported today, or the unit's last month */
	period_default_why why;
	int skipped;           /* locked empty months passed over */
} period_default;

/*
 * Chooses the month for unit_code judged on `today` (a Vietnam date).
 * ERR_NOTFOUND for an unknown unit; ERR_DB from the store.
 */
int period_default_pick(store *s, const char *unit_code, cdate today, period_default *out, err *e);

/* "data", "open", "usual". */
const char *period_default_why_code(period_default_why w);

/* Appends {unit, period, label, reason, usual, skipped} (the API's answer). */
int period_default_json(buf *b, const char *unit_code, const period_default *d);

#endif
