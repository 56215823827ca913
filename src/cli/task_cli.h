/*
 * task_cli.h - what cmd_meeting.c and cmd_task.c share: opening the store
 * with "today" for tasks ($CHITIEU_TODAY or the Vietnam date now),
 * comma-separated code lists, telling a unit code from an agency code, ids,
 * writing --out files, and the task table both print.
 *
 * Internal to the command line. Not for: rules (core/task.c) or SQL.
 */
#ifndef CHITIEU_TASK_CLI_H
#define CHITIEU_TASK_CLI_H

#include <stdbool.h>

#include "cli/cli.h"
#include "core/task.h"
#include "util/buf.h"

/*
 * Opens the store named by the arguments (cli_open) and reads today: the
 * Vietnam date now, or $CHITIEU_TODAY (yyyy-mm-dd or dd/mm/yyyy), which also
 * fixes the store's clock to noon of that day so that what the core rules (task.c, task_ops.c) check
 * and records agrees with it. today may be NULL when only the clock matters.
 * On failure *s may be open: the caller closes it (store_close(NULL) is a no-op).
 */
int task_cli_open(const cli_args *a, store **s, cdate *today, err *e);

/* Parses a positive id (a positional argument or an option value); the
 * message names it as what ("số nhiệm vụ", "--meeting"). */
int task_cli_id(const char *s, const char *what, int64_t *out, err *e);

/* Writes data to path (created or truncated); ERR_IO "--out: ..." naming it. */
int task_cli_write(const char *path, const void *data, size_t len, err *e);

/* Splits "a,b,c" into at most max codes (spaces around commas ignored);
 * ERR_INVALID naming --opt when there are too many or one is empty. */
int task_cli_codes(const char *list, char (*out)[CODE_MAX], int max, int *n, const char *opt,
		   err *e);

/* Whether code is a unit (false) or an agency (true); ERR_NOTFOUND when it
 * is neither, ERR_INVALID when it is both (naming --opt). */
int task_cli_is_agency(store *s, const char *code, const char *opt, bool *is_agency, err *e);

/* Appends codes joined by ", " ("KT01, TM01"); nothing when n is 0. */
void task_cli_join(buf *b, const char (*codes)[CODE_MAX], int n);

/* Sorts ts for "what needs doing" (overdue, most overdue first; in progress,
 * soonest first; then done late, done on time, cancelled) and appends them
 * as a table (id, status, deadline, days left, lead, percent, content). */
void task_cli_table(buf *b, task *ts, size_t n, cdate today);

#endif
