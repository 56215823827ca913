/*
 * test_task.c - tests of the task rules in src/core/task.c: every boundary
 * of the deadline (done on the due day is on time, the next day late; open
 * on the due day is in progress, the next day overdue), deadlines given as
 * periods, the Vietnam day of a Unix time (UTC+7), extensions (status uses
 * the current due, the first one is kept), cancelled tasks, the checks of
 * tasks, meetings and progress reports, and the statistics with their
 * on-time percentage.
 *
 * Pure core: no database. Not for: the store (test_store_tasks.c) or the
 * CLI (tests/cli/test_tasks.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/task.h"

static cdate D(int y, int m, int d)
{
	cdate c = {y, m, d};
	return c;
}

/* An open task assigned 01/06/2022, due dd/mm/yyyy, led by ward 01837. */
static task open_task(cdate due)
{
	task t;
	memset(&t, 0, sizeof t);
	snprintf(t.content, sizeof t.content, "Đôn đốc thu ngân sách");
	snprintf(t.owner_unit, sizeof t.owner_unit, "058");
	snprintf(t.lead_unit, sizeof t.lead_unit, "01837");
	t.assigned_on = D(2022, 6, 1);
	t.due = due;
	t.due_original = due;
	t.priority = TASK_PRIO_NORMAL;
	t.state = TASK_OPEN;
	return t;
}

static task done_task(cdate due, cdate done_on)
{
	task t = open_task(due);
	t.state = TASK_DONE;
	t.done_on = done_on;
	t.percent = 100;
	return t;
}

static void test_done_on_the_due_day_is_on_time_and_the_next_day_late(void **state)
{
	(void)state;
	task a = done_task(D(2022, 6, 30), D(2022, 6, 30));
	task b = done_task(D(2022, 6, 30), D(2022, 7, 1));
	task c = done_task(D(2022, 6, 30), D(2022, 6, 29));
	/* Status of a done task does not depend on "today". */
	assert_int_equal(task_status_on(&a, D(2022, 12, 31)), TASK_ST_ON_TIME);
	assert_int_equal(task_status_on(&b, D(2022, 7, 1)), TASK_ST_LATE);
	assert_int_equal(task_status_on(&c, D(2022, 6, 29)), TASK_ST_ON_TIME);
	/* Year boundary: due 31/12, done 01/01. */
	task d = done_task(D(2021, 12, 31), D(2022, 1, 1));
	assert_int_equal(task_status_on(&d, D(2022, 1, 1)), TASK_ST_LATE);
}

static void test_open_on_the_due_day_is_in_progress_and_the_next_day_overdue(void **state)
{
	(void)state;
	task t = open_task(D(2022, 6, 30));
	assert_int_equal(task_status_on(&t, D(2022, 6, 29)), TASK_ST_IN_PROGRESS);
	assert_int_equal(task_status_on(&t, D(2022, 6, 30)), TASK_ST_IN_PROGRESS);
	assert_int_equal(task_status_on(&t, D(2022, 7, 1)), TASK_ST_OVERDUE);
	assert_int_equal(task_days_left(&t, D(2022, 6, 30)), 0);
	assert_int_equal(task_days_left(&t, D(2022, 6, 27)), 3);
	assert_int_equal(task_days_left(&t, D(2022, 7, 2)), -2);
	/* Leap day boundary. */
	task l = open_task(D(2024, 2, 29));
	l.assigned_on = D(2024, 2, 1);
	assert_int_equal(task_status_on(&l, D(2024, 2, 29)), TASK_ST_IN_PROGRESS);
	assert_int_equal(task_status_on(&l, D(2024, 3, 1)), TASK_ST_OVERDUE);
}

static void test_period_deadline_is_the_last_day_of_the_period(void **state)
{
	(void)state;
	task t = open_task(D(2022, 1, 1));
	err e;
	assert_int_equal(task_parse_due("202207", &t, &e), 0);
	assert_true(t.due_is_period);
	assert_int_equal(t.due_period.type, PERIOD_MONTH);
	assert_int_equal(cdate_cmp(t.due, D(2022, 7, 31)), 0);
	assert_int_equal(task_parse_due("2020", &t, &e), 0);
	assert_int_equal(cdate_cmp(t.due, D(2020, 12, 31)), 0);
	assert_int_equal(task_parse_due("2022Q1", &t, &e), 0);
	assert_int_equal(cdate_cmp(t.due, D(2022, 3, 31)), 0);
	assert_int_equal(task_parse_due("202202", &t, &e), 0);
	assert_int_equal(cdate_cmp(t.due, D(2022, 2, 28)), 0);
	/* The formatted deadline names the period and its day. */
	assert_int_equal(task_parse_due("202207", &t, &e), 0);
	buf b;
	buf_init(&b, 256);
	assert_int_equal(task_format_due(&b, &t), 0);
	assert_string_equal(buf_cstr(&b), "tháng 7/2022 (31/07/2022)");
	/* A date is a date. */
	assert_int_equal(task_parse_due("30/06/2022", &t, &e), 0);
	assert_false(t.due_is_period);
	assert_int_equal(cdate_cmp(t.due, D(2022, 6, 30)), 0);
	buf_reset(&b);
	assert_int_equal(task_format_due(&b, &t), 0);
	assert_string_equal(buf_cstr(&b), "30/06/2022");
	assert_int_equal(task_parse_due("2022-06-30", &t, &e), 0);
	assert_int_equal(cdate_cmp(t.due, D(2022, 6, 30)), 0);
	buf_free(&b);
	/* Nonsense is refused naming the field. */
	assert_int_equal(task_parse_due("202213", &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "due"));
	assert_int_equal(task_parse_due("31/02/2022", &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "due"));
	assert_int_equal(task_parse_due("", &t, &e), ERR_INVALID);
	assert_int_equal(task_parse_due("tháng 7", &t, &e), ERR_INVALID);
}

static void test_vietnam_day_turns_at_17_utc(void **state)
{
	(void)state;
	/* 30/06/2022 16:59:59 UTC is 23:59:59 in Hà Nội; one second later it is 01/07. */
	assert_int_equal(cdate_cmp(task_today(1656608399), D(2022, 6, 30)), 0);
	assert_int_equal(cdate_cmp(task_today(1656608400), D(2022, 7, 1)), 0);
	/* 29/06/2022 17:00:00 UTC is 00:00 on 30/06 in Hà Nội. */
	assert_int_equal(cdate_cmp(task_today(1656522000), D(2022, 6, 30)), 0);
	assert_int_equal(cdate_cmp(task_today(1656522000 - 1), D(2022, 6, 29)), 0);
	/* A task due 30/06/2022 is on time until the end of that day there. */
	task t = open_task(D(2022, 6, 30));
	assert_int_equal(task_status_on(&t, task_today(1656608399)), TASK_ST_IN_PROGRESS);
	assert_int_equal(task_status_on(&t, task_today(1656608400)), TASK_ST_OVERDUE);
}

static void test_extension_moves_the_status_but_keeps_the_first_due(void **state)
{
	(void)state;
	task t = open_task(D(2022, 6, 30));
	assert_int_equal(task_status_on(&t, D(2022, 7, 10)), TASK_ST_OVERDUE);
	t.due = D(2022, 7, 15); /* extended */
	assert_int_equal(task_status_on(&t, D(2022, 7, 10)), TASK_ST_IN_PROGRESS);
	assert_int_equal(task_status_on(&t, D(2022, 7, 16)), TASK_ST_OVERDUE);
	assert_int_equal(cdate_cmp(t.due_original, D(2022, 6, 30)), 0);
	/* Done after the first due but within the extension: on time. */
	t.state = TASK_DONE;
	t.done_on = D(2022, 7, 12);
	assert_int_equal(task_status_on(&t, D(2022, 7, 20)), TASK_ST_ON_TIME);
	err e;
	assert_int_equal(task_check(&t, &e), 0);
}

static void test_cancelled_is_cancelled_whatever_the_dates(void **state)
{
	(void)state;
	task t = open_task(D(2022, 6, 30));
	t.state = TASK_CANCELLED;
	assert_int_equal(task_status_on(&t, D(2022, 6, 1)), TASK_ST_CANCELLED);
	assert_int_equal(task_status_on(&t, D(2023, 1, 1)), TASK_ST_CANCELLED);
	assert_string_equal(task_status_code(TASK_ST_CANCELLED), "cancelled");
	assert_string_equal(task_status_label(TASK_ST_OVERDUE), "Quá hạn chưa hoàn thành");
	task_status st;
	err e;
	assert_int_equal(task_status_from_code("done_late", &st, &e), 0);
	assert_int_equal(st, TASK_ST_LATE);
	assert_int_equal(task_status_from_code("Done_late", &st, &e), ERR_INVALID);
}

static void test_task_check_names_the_field(void **state)
{
	(void)state;
	err e;
	task t = open_task(D(2022, 6, 30));
	assert_int_equal(task_check(&t, &e), 0);

	task x = t;
	snprintf(x.content, sizeof x.content, "  \t ");
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "content"));

	x = t;
	x.due = D(2022, 5, 31); /* before it was assigned */
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "due"));
	x.due = D(2022, 6, 1); /* due the day it is assigned: fine */
	assert_int_equal(task_check(&x, &e), 0);

	x = t;
	snprintf(x.lead_agency, sizeof x.lead_agency, "TCKH"); /* two leads */
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "lead"));
	x.lead_unit[0] = '\0';
	assert_int_equal(task_check(&x, &e), 0);
	x.lead_agency[0] = '\0'; /* no lead */
	assert_int_equal(task_check(&x, &e), ERR_INVALID);

	x = t;
	snprintf(x.coord_units[0], CODE_MAX, "01837"); /* the lead coordinating itself */
	x.n_coord = 1;
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "coord_units"));

	x = t;
	snprintf(x.coord_units[0], CODE_MAX, "01840");
	snprintf(x.coord_units[1], CODE_MAX, "01840");
	x.n_coord = 2;
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "01840"));

	x = t;
	x.priority = 0;
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "priority"));

	x = t;
	x.state = TASK_DONE; /* done without a day */
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "done_on"));

	x = t;
	x.percent = 101;
	assert_int_equal(task_check(&x, &e), ERR_INVALID);
}

static void test_progress_check(void **state)
{
	(void)state;
	err e;
	task_progress p;
	memset(&p, 0, sizeof p);
	snprintf(p.lead_code, sizeof p.lead_code, "01837");
	snprintf(p.text, sizeof p.text, "Đã thu được 80%% kế hoạch");
	p.percent = 80;
	p.date = D(2022, 7, 10);
	assert_int_equal(task_progress_check(&p, D(2022, 7, 10), &e), 0);
	task_progress x = p;
	x.date = D(2022, 7, 11); /* after today */
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "date"));
	x = p;
	x.done = true; /* done needs 100 */
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), ERR_INVALID);
	x.percent = 100;
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), 0);
	x = p;
	x.text[0] = '\0';
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "text"));
	x = p;
	snprintf(x.attach_name, sizeof x.attach_name, "../etc/passwd");
	x.attach_size = 10;
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "attach_name"));
	snprintf(x.attach_name, sizeof x.attach_name, "bao-cao.pdf");
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), 0);
	x.attach_size = ATTACH_MAX + 1;
	assert_int_equal(task_progress_check(&x, D(2022, 7, 10), &e), ERR_INVALID);
}

static void test_meeting_check(void **state)
{
	(void)state;
	err e;
	meeting m;
	memset(&m, 0, sizeof m);
	m.kind = MEETING_MONTHLY;
	snprintf(m.title, sizeof m.title, "Giao ban UBND thành phố tháng 6/2022");
	m.date = D(2022, 6, 30);
	m.time_min = 14 * 60;
	snprintf(m.unit_code, sizeof m.unit_code, "058");
	assert_int_equal(meeting_check(&m, &e), 0);
	meeting x = m;
	x.title[0] = '\0';
	assert_int_equal(meeting_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "title"));
	x = m;
	x.time_min = 1440;
	assert_int_equal(meeting_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "time"));
	x = m;
	x.date = D(2022, 2, 30);
	assert_int_equal(meeting_check(&x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "date"));
	x = m;
	snprintf(x.units[0], CODE_MAX, "01837");
	snprintf(x.units[1], CODE_MAX, "01837");
	x.n_units = 2;
	assert_int_equal(meeting_check(&x, &e), ERR_INVALID);
	meeting_kind k;
	assert_int_equal(meeting_kind_from_code("quarterly", &k, &e), 0);
	assert_int_equal(k, MEETING_QUARTERLY);
	assert_string_equal(meeting_kind_label(MEETING_MONTHLY), "Giao ban tháng");
	assert_int_equal(meeting_kind_from_code("weekly", &k, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "monthly"));
}

static void test_statistics_count_and_percent_on_time(void **state)
{
	(void)state;
	period q3;
	err e;
	assert_int_equal(period_parse("2022Q3", &q3, &e), 0);
	cdate as_of = D(2022, 9, 30);
	task ts[8];
	ts[0] = done_task(D(2022, 7, 31), D(2022, 7, 30));  /* on time */
	ts[1] = done_task(D(2022, 8, 15), D(2022, 8, 15));  /* on time, on the day */
	ts[2] = done_task(D(2022, 8, 31), D(2022, 9, 2));   /* late */
	ts[3] = open_task(D(2022, 9, 15));                  /* overdue */
	ts[4] = open_task(D(2022, 9, 30));                  /* in progress, due on as_of */
	ts[5] = open_task(D(2022, 6, 30));                  /* carried over from Q2: overdue */
	ts[6] = open_task(D(2022, 8, 1));
	ts[6].state = TASK_CANCELLED;                      /* not counted */
	ts[7] = done_task(D(2022, 6, 20), D(2022, 6, 25));  /* done before Q3: not counted */
	task outside = open_task(D(2022, 10, 5));           /* due after Q3: not counted */
	task later = open_task(D(2022, 9, 20));
	later.assigned_on = D(2022, 10, 1);                 /* assigned after as_of: not counted */

	task_stats st;
	memset(&st, 0, sizeof st);
	for (int i = 0; i < 8; i++)
		if (task_counts_in(&ts[i], &q3, as_of))
			task_stats_add(&st, &ts[i], as_of);
	assert_false(task_counts_in(&outside, &q3, as_of));
	assert_false(task_counts_in(&later, &q3, as_of));
	assert_false(task_counts_in(&ts[6], &q3, as_of));
	assert_false(task_counts_in(&ts[7], &q3, as_of));
	task_stats_finish(&st);
	assert_int_equal(st.total, 6);
	assert_int_equal(st.on_time, 2);
	assert_int_equal(st.late, 1);
	assert_int_equal(st.overdue, 2);
	assert_int_equal(st.in_progress, 1);
	assert_true(st.has_pct);
	/* 2 / (2 + 1 + 2) = 40 %. */
	assert_int_equal(st.pct_on_time, NUM_INT(40));

	/* As of a day inside the quarter, a task done after it counts as still open. */
	task_stats mid;
	memset(&mid, 0, sizeof mid);
	cdate d = D(2022, 9, 1);
	for (int i = 0; i < 8; i++)
		if (task_counts_in(&ts[i], &q3, d))
			task_stats_add(&mid, &ts[i], d);
	task_stats_finish(&mid);
	assert_int_equal(mid.late, 0);
	assert_int_equal(mid.overdue, 2);     /* ts[2] (due 31/08) and ts[5] */
	assert_int_equal(mid.on_time, 2);
	assert_int_equal(mid.in_progress, 2); /* ts[3], ts[4] */

	/* Nothing due: no percentage. */
	task_stats none;
	memset(&none, 0, sizeof none);
	task ip = open_task(D(2022, 9, 30));
	task_stats_add(&none, &ip, D(2022, 9, 1));
	task_stats_finish(&none);
	assert_int_equal(none.total, 1);
	assert_false(none.has_pct);

	/* Rounding: 2 of 3 = 66,6667 %. */
	task_stats r;
	memset(&r, 0, sizeof r);
	r.on_time = 2;
	r.late = 1;
	task_stats_finish(&r);
	assert_int_equal(r.pct_on_time, 666667);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_done_on_the_due_day_is_on_time_and_the_next_day_late),
		cmocka_unit_test(test_open_on_the_due_day_is_in_progress_and_the_next_day_overdue),
		cmocka_unit_test(test_period_deadline_is_the_last_day_of_the_period),
		cmocka_unit_test(test_vietnam_day_turns_at_17_utc),
		cmocka_unit_test(test_extension_moves_the_status_but_keeps_the_first_due),
		cmocka_unit_test(test_cancelled_is_cancelled_whatever_the_dates),
		cmocka_unit_test(test_task_check_names_the_field),
		cmocka_unit_test(test_progress_check),
		cmocka_unit_test(test_meeting_check),
		cmocka_unit_test(test_statistics_count_and_percent_on_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
