/*
 * fuzz_task_due.c - fuzzes task_parse_due (core/task.h), the reader of a
 * task's deadline ("30/06/2022", "2022-06-30", or a period code meaning its
 * last day), on arbitrary bytes. Properties: no crash or undefined
 * behaviour; a refusal is ERR_INVALID with a message naming "due"; an
 * accepted deadline is a valid day, a period deadline is that period's last
 * day, the formatted deadline (task_format_due) is non-empty, the day
 * formatted dd/mm/yyyy reads back as the same deadline, and on that day the
 * open task is in progress and the next day overdue.
 *
 * Not for: the deadline rules themselves (tests/unit/test_task.c).
 */
#include "fuzz.h"

#include "core/task.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);
	task *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	err e;
	err_clear(&e);
	int rc = task_parse_due(s, t, &e);
	if (rc) {
		if (rc != ERR_INVALID || e.code != ERR_INVALID || !strstr(e.msg, "due"))
			fz_fail("refusal of \"%s\" gave rc %d, code %d: %s", s, rc, e.code, e.msg);
	} else {
		if (!cdate_valid(t->due))
			fz_fail("\"%s\" accepted as invalid day %d-%d-%d", s, t->due.y, t->due.m, t->due.d);
		if (t->due_is_period && cdate_cmp(period_end_date(&t->due_period), t->due) != 0)
			fz_fail("\"%s\": a period deadline is not the period's last day", s);
		buf b;
		buf_init(&b, 0);
		if (task_format_due(&b, t) || !b.len)
			fz_fail("\"%s\": task_format_due failed", s);
		buf_reset(&b);
		if (vn_format_date(&b, t->due))
			fz_fail("\"%s\": vn_format_date failed", s);
		task *u = calloc(1, sizeof *u);
		if (!u)
			abort();
		if (task_parse_due(buf_cstr(&b), u, &e) || cdate_cmp(u->due, t->due) != 0 || u->due_is_period)
			fz_fail("\"%s\" -> \"%s\" does not read back", s, buf_cstr(&b));
		free(u);
		buf_free(&b);
		t->state = TASK_OPEN;
		if (task_status_on(t, t->due) != TASK_ST_IN_PROGRESS ||
		    task_status_on(t, cdate_from_days(cdate_to_days(t->due) + 1)) != TASK_ST_OVERDUE ||
		    task_days_left(t, t->due) != 0)
			fz_fail("\"%s\": status around the deadline is wrong", s);
	}
	free(t);
	free(s);
	return 0;
}
