/*
 * task_cli.h - what cmd_meeting.c and cmd_task.c share: "today" for tasks
 * ($CHITIEU_TODAY or the Vietnam date now), comma-separated code lists,
 * telling a unit code from an agency code, ids, writing --out files, and
 * the task table both print.
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
 * Today in Vietnam, or $CHITIEU_TODAY (yyyy-mm-dd or dd/mm/yyyy). When s is
 * not NULL and $CHITIEU_TODAY is set, also fixes the store's clock to noon
 * of that day, so what the store checks and records agrees with it.
 */
int task_cli_today(store *s, cdate *out, err *e);

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

/* Appends a table of tasks (id, status, deadline, days left, lead, percent,
 * content), the rows in the given order. */
void task_cli_table(buf *b, const task *ts, size_t n, cdate today);

/* Sorts tasks for "what needs doing": overdue (most overdue first), in
 * progress (soonest first), then done late, done on time, cancelled. */
void task_cli_sort(task *ts, size_t n, cdate today);

#endif
