/*
 * test_task.c - tests of the task rules in src/core/task.c: every boundary
 * of the deadline (done on the due day is on time, the next day late; open
 * on the due day is in progress, the next day overdue), deadlines given as
 * periods, the Vietnam day of a Unix time (UTC+7), extensions (status uses
 * the current due, the first one is kept), cancelled tasks, the checks of
 * tasks, meetings and progress reports, the rules of change (extend,
 * cancel, reopen, report progress, a unit's existence on the assignment
 * day, what a put derives, an edit's deadline, moving and deleting a
 * meeting: each refusal with its message), and the statistics with their
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

/* ---- rules of change ---------------------------------------------------- */

static void test_extend_needs_a_reason_an_open_task_and_a_later_day(void **state)
{
	(void)state;
	err e;
	task t = open_task(D(2022, 6, 30));
	t.id = 7;
	assert_int_equal(task_check_extend(7, &t, D(2022, 7, 31), "Chờ số liệu", &e), 0);

	/* The reason: required, more than spaces, shorter than its column. */
	assert_int_equal(task_check_extend(7, &t, D(2022, 7, 31), " \t ", &e), ERR_INVALID);
	assert_string_equal(e.msg, "gia hạn nhiệm vụ số 7: cần lý do (reason)");
	assert_int_equal(task_check_extend(7, &t, D(2022, 7, 31), NULL, &e), ERR_INVALID);
	char long_reason[TASK_REASON_MAX + 1];
	memset(long_reason, 'a', TASK_REASON_MAX);
	long_reason[TASK_REASON_MAX] = '\0';
	assert_int_equal(task_check_extend(7, &t, D(2022, 7, 31), long_reason, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "dài quá"));
	long_reason[TASK_REASON_MAX - 1] = '\0'; /* 511 bytes fit */
	assert_int_equal(task_check_extend(7, &t, D(2022, 7, 31), long_reason, &e), 0);

	/* A valid new day; before the task is read (t NULL) only the arguments count. */
	assert_int_equal(task_check_extend(7, NULL, D(2022, 2, 30), "lý do", &e), ERR_INVALID);
	assert_string_equal(e.msg, "gia hạn nhiệm vụ số 7: hạn mới (due) không hợp lệ");
	assert_int_equal(task_check_extend(7, NULL, D(2022, 1, 1), "lý do", &e), 0);

	/* Later than the current deadline: the same day or an earlier one is refused. */
	assert_int_equal(task_check_extend(7, &t, D(2022, 6, 30), "lý do", &e), ERR_INVALID);
	assert_string_equal(e.msg,
			    "gia hạn nhiệm vụ số 7: hạn mới (due) 30/06/2022 phải sau hạn hiện tại 30/06/2022");
	assert_int_equal(task_check_extend(7, &t, D(2022, 6, 15), "lý do", &e), ERR_INVALID);
	assert_int_equal(task_check_extend(7, &t, D(2022, 7, 1), "lý do", &e), 0);

	/* Only an open task. */
	task d = done_task(D(2022, 6, 30), D(2022, 6, 29));
	d.id = 7;
	assert_int_equal(task_check_extend(7, &d, D(2022, 7, 31), "lý do", &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "gia hạn nhiệm vụ số 7: nhiệm vụ đã hoàn thành, không gia hạn được");
	task c = t;
	c.state = TASK_CANCELLED;
	assert_int_equal(task_check_extend(7, &c, D(2022, 7, 31), "lý do", &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "đã bị hủy"));
}

static void test_cancel_needs_a_reason_and_an_open_task(void **state)
{
	(void)state;
	err e;
	task t = open_task(D(2022, 6, 30));
	t.id = 8;
	assert_int_equal(task_check_cancel(8, &t, "Không còn cần thiết", &e), 0);
	assert_int_equal(task_check_cancel(8, NULL, "", &e), ERR_INVALID);
	assert_string_equal(e.msg, "hủy nhiệm vụ số 8: cần lý do (reason)");
	task d = done_task(D(2022, 6, 30), D(2022, 6, 29));
	assert_int_equal(task_check_cancel(8, &d, "lý do", &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "hủy nhiệm vụ số 8: nhiệm vụ đã hoàn thành");
	t.state = TASK_CANCELLED;
	assert_int_equal(task_check_cancel(8, &t, "lý do", &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "hủy nhiệm vụ số 8: nhiệm vụ đã bị hủy trước đó");
}

static void test_reopen_needs_a_reason_and_a_done_task(void **state)
{
	(void)state;
	err e;
	task d = done_task(D(2022, 6, 30), D(2022, 6, 29));
	d.id = 9;
	assert_int_equal(task_check_reopen(9, &d, "Số liệu chưa khớp", &e), 0);
	assert_int_equal(task_check_reopen(9, &d, "\n", &e), ERR_INVALID);
	assert_string_equal(e.msg, "mở lại nhiệm vụ số 9: cần lý do (reason)");
	task t = open_task(D(2022, 6, 30));
	assert_int_equal(task_check_reopen(9, &t, "lý do", &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "mở lại nhiệm vụ số 9: chỉ mở lại được nhiệm vụ đã hoàn thành");
	t.state = TASK_CANCELLED;
	assert_int_equal(task_check_reopen(9, &t, "lý do", &e), ERR_CONFLICT);
}

static void test_progress_comes_from_the_lead_of_an_open_task_after_assignment(void **state)
{
	(void)state;
	err e;
	cdate today = D(2022, 7, 15);
	task t = open_task(D(2022, 6, 30)); /* assigned 01/06/2022, led by ward 01837 */
	t.id = 5;
	task_progress p;
	memset(&p, 0, sizeof p);
	p.task_id = 5;
	snprintf(p.lead_code, sizeof p.lead_code, "01837");
	snprintf(p.text, sizeof p.text, "Đã thu được 80%% kế hoạch");
	p.percent = 80;
	p.date = D(2022, 6, 1); /* the assignment day itself: fine */
	assert_int_equal(task_check_progress(&t, &p, 0, today, &e), 0);

	/* The attachment: at most ATTACH_MAX bytes (ERR_TOOBIG), before anything else. */
	task_progress a = p;
	snprintf(a.attach_name, sizeof a.attach_name, "so-lieu.xlsx");
	task_progress_attach(&a, ATTACH_MAX);
	assert_int_equal(task_check_progress(&t, &a, ATTACH_MAX, today, &e), 0);
	task_progress_attach(&a, (size_t)ATTACH_MAX + 1);
	assert_int_equal(task_check_progress(NULL, &a, (size_t)ATTACH_MAX + 1, today, &e), ERR_TOOBIG);
	assert_string_equal(e.msg, "báo cáo tiến độ: tệp đính kèm lớn quá 4 MB");

	/* The report's own fields (task_progress_check), with or without the task. */
	task_progress x = p;
	x.date = D(2022, 7, 16);
	assert_int_equal(task_check_progress(NULL, &x, 0, today, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "date"));

	/* The lead only: a coordinating unit is forbidden, naming both. */
	x = p;
	snprintf(x.lead_code, sizeof x.lead_code, "01840");
	assert_int_equal(task_check_progress(NULL, &x, 0, today, &e), 0); /* needs the task */
	assert_int_equal(task_check_progress(&t, &x, 0, today, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg,
			    "báo cáo tiến độ nhiệm vụ số 5: 01840 không phải đơn vị chủ trì (chủ trì: 01837)");
	task g = t; /* led by an agency */
	g.lead_unit[0] = '\0';
	snprintf(g.lead_agency, sizeof g.lead_agency, "TCKH");
	assert_int_equal(task_check_progress(&g, &p, 0, today, &e), ERR_FORBIDDEN);
	snprintf(x.lead_code, sizeof x.lead_code, "TCKH");
	assert_int_equal(task_check_progress(&g, &x, 0, today, &e), 0);

	/* An open task only. */
	task d = done_task(D(2022, 6, 30), D(2022, 6, 29));
	d.id = 5;
	assert_int_equal(task_check_progress(&d, &p, 0, today, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "báo cáo tiến độ nhiệm vụ số 5: nhiệm vụ đã hoàn thành");
	task c = t;
	c.state = TASK_CANCELLED;
	assert_int_equal(task_check_progress(&c, &p, 0, today, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "đã bị hủy"));

	/* Not dated before the task was assigned. */
	x = p;
	x.date = D(2022, 5, 31);
	assert_int_equal(task_check_progress(&t, &x, 0, today, &e), ERR_INVALID);
	assert_string_equal(e.msg,
			    "báo cáo tiến độ nhiệm vụ số 5: ngày báo cáo (date) 31/05/2022 trước ngày giao 01/06/2022");
}

static void test_progress_attach_describes_the_bytes(void **state)
{
	(void)state;
	task_progress p;
	memset(&p, 0, sizeof p);
	snprintf(p.attach_name, sizeof p.attach_name, "bao-cao.pdf");
	snprintf(p.attach_type, sizeof p.attach_type, "application/pdf");
	p.attach_size = 99;
	task_progress_attach(&p, 0); /* no bytes: no name, no type */
	assert_int_equal(p.attach_size, 0);
	assert_string_equal(p.attach_name, "");
	assert_string_equal(p.attach_type, "");
	snprintf(p.attach_name, sizeof p.attach_name, "bang.bin");
	task_progress_attach(&p, 12);
	assert_int_equal(p.attach_size, 12);
	assert_string_equal(p.attach_type, "application/octet-stream");
}

/* Ward 01834, which ended on 30/06/2025 (merged into 99001 from 01/07/2025). */
static unit ward(const char *code, const char *name, cdate from, cdate to)
{
	unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.type = UNIT_WARD;
	u.valid_from = from;
	u.valid_to = to;
	return u;
}

static void test_a_unit_must_exist_on_the_assignment_day(void **state)
{
	(void)state;
	err e;
	cdate none = {0, 0, 0};
	unit old = ward("01834", "Nguyễn Thị Minh Khai", none, D(2025, 6, 30));
	unit now = ward("99001", "Đức Xuân (mới)", D(2025, 7, 1), none);
	const char *role = "đơn vị chủ trì (lead_unit)";

	assert_int_equal(task_check_unit_on(&old, D(2025, 6, 30), role, &now, &e), 0); /* its last day */
	assert_int_equal(task_check_unit_on(&old, D(2025, 7, 1), role, &now, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị chủ trì (lead_unit): đơn vị 01834 (Nguyễn Thị Minh Khai) không còn "
				   "tồn tại vào ngày 01/07/2025 (hết hiệu lực từ sau 30/06/2025; nay là 99001 "
				   "Đức Xuân (mới))");
	assert_int_equal(task_check_unit_on(&old, D(2025, 7, 1), role, NULL, &e), ERR_CONFLICT);
	assert_null(strstr(e.msg, "nay là")); /* no link records what it became */

	assert_int_equal(task_check_unit_on(&now, D(2025, 7, 1), role, NULL, &e), 0); /* its first day */
	assert_int_equal(task_check_unit_on(&now, D(2025, 6, 30), role, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị chủ trì (lead_unit): đơn vị 99001 (Đức Xuân (mới)) chưa thành lập "
				   "vào ngày 30/06/2025 (có từ 01/07/2025)");

	unit always = ward("01837", "Sông Cầu", none, none);
	assert_int_equal(task_check_unit_on(&always, D(1990, 1, 1), role, NULL, &e), 0);
}

static void test_an_edit_moves_the_deadline_earlier_only(void **state)
{
	(void)state;
	err e;
	task old = open_task(D(2022, 6, 30));
	old.id = 3;
	task w = old;
	assert_int_equal(task_check_edit(&old, &w, &e), 0);
	w.due = D(2022, 6, 20); /* a correction to an earlier day */
	assert_int_equal(task_check_edit(&old, &w, &e), 0);
	w.due = D(2022, 7, 1); /* later: that is an extension */
	assert_int_equal(task_check_edit(&old, &w, &e), ERR_INVALID);
	assert_string_equal(e.msg, "nhiệm vụ số 3: hạn hoàn thành (due) chỉ lùi được bằng gia hạn (extend) "
				   "kèm lý do");
}

static void test_prepare_fills_what_a_put_derives(void **state)
{
	(void)state;
	int64_t now = 1657854000; /* 15/07/2022 10:00 in Hà Nội */
	meeting m;
	memset(&m, 0, sizeof m);
	m.id = 4;
	m.date = D(2022, 6, 30);
	snprintf(m.unit_code, sizeof m.unit_code, "058");

	/* A meeting's new task: assigned on the meeting's day by its unit, open. */
	task w;
	memset(&w, 0, sizeof w);
	w.meeting_id = 4;
	w.assigned_on = D(2022, 7, 2); /* not the meeting's day: replaced */
	w.due = D(2022, 7, 31);
	w.state = TASK_DONE;
	w.percent = 50;
	task_prepare(&w, NULL, &m, now);
	assert_int_equal(cdate_cmp(w.assigned_on, D(2022, 6, 30)), 0);
	assert_string_equal(w.owner_unit, "058");
	assert_int_equal(w.state, TASK_OPEN);
	assert_int_equal(w.percent, 0);
	assert_int_equal(w.priority, TASK_PRIO_NORMAL);
	assert_int_equal(cdate_cmp(w.due_original, D(2022, 7, 31)), 0);
	assert_int_equal(w.created_at, now);
	assert_int_equal(w.updated_at, now);
	task again = w; /* preparing twice changes nothing more */
	task_prepare(&again, NULL, &m, now);
	assert_memory_equal(&again, &w, sizeof w);

	/* A direct task without a day is assigned today (Vietnam); a given owner stays. */
	memset(&w, 0, sizeof w);
	snprintf(w.owner_unit, sizeof w.owner_unit, "01837");
	w.due = D(2022, 7, 31);
	task_prepare(&w, NULL, NULL, now);
	assert_int_equal(cdate_cmp(w.assigned_on, D(2022, 7, 15)), 0);
	assert_string_equal(w.owner_unit, "01837");

	/* An edit keeps what it cannot change; a corrected deadline of a task never
	 * extended is its first one too, of an extended one not. */
	task old = done_task(D(2022, 6, 30), D(2022, 6, 29));
	old.id = 3;
	old.meeting_id = 4;
	snprintf(old.assigned_by, sizeof old.assigned_by, "chutich");
	old.created_at = 100;
	task e1 = old;
	e1.owner_unit[0] = '\0';
	e1.state = TASK_OPEN;
	e1.percent = 0;
	e1.assigned_on = D(2022, 6, 2);
	e1.due = D(2022, 6, 25);
	task_prepare(&e1, &old, NULL, now);
	assert_int_equal(e1.state, TASK_DONE);
	assert_int_equal(e1.percent, 100);
	assert_int_equal(cdate_cmp(e1.assigned_on, D(2022, 6, 1)), 0);
	assert_string_equal(e1.owner_unit, "058");
	assert_string_equal(e1.assigned_by, "chutich");
	assert_int_equal(e1.created_at, 100);
	assert_int_equal(cdate_cmp(e1.due_original, D(2022, 6, 25)), 0);
	old.due_original = D(2022, 6, 10); /* extended from 10/06 to 30/06 */
	task e2 = old;
	e2.due = D(2022, 6, 25);
	task_prepare(&e2, &old, NULL, now);
	assert_int_equal(cdate_cmp(e2.due_original, D(2022, 6, 10)), 0);
}

static void test_meeting_rules_of_change(void **state)
{
	(void)state;
	err e;
	meeting old;
	memset(&old, 0, sizeof old);
	old.id = 6;
	old.date = D(2022, 6, 30);
	snprintf(old.unit_code, sizeof old.unit_code, "058");

	/* The holding unit changes only while the meeting gave no task. */
	meeting m = old;
	snprintf(m.unit_code, sizeof m.unit_code, "01837");
	assert_int_equal(meeting_check_unit_change(&old, &m, 0, &e), 0);
	assert_int_equal(meeting_check_unit_change(&old, &m, 2, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "cuộc họp số 6 đã giao 2 nhiệm vụ: không đổi được đơn vị tổ chức (unit)");
	assert_int_equal(meeting_check_unit_change(&old, &old, 2, &e), 0);

	/* Its day moves no later than the first deadline of its tasks (any order given). */
	task ts[3];
	ts[0] = open_task(D(2022, 7, 31));
	ts[0].id = 11;
	ts[1] = open_task(D(2022, 7, 10));
	ts[1].id = 13;
	ts[2] = open_task(D(2022, 7, 10));
	ts[2].id = 12;
	m = old;
	m.date = D(2022, 7, 10); /* due on the meeting's day: fine */
	assert_int_equal(meeting_check_date(&m, ts, 3, &e), 0);
	m.date = D(2022, 8, 5);
	assert_int_equal(meeting_check_date(&m, ts, 3, &e), ERR_INVALID);
	assert_string_equal(e.msg, "cuộc họp số 6: ngày họp (date) mới sau hạn hoàn thành 10/07/2022 của nhiệm "
				   "vụ số 12");
	assert_int_equal(meeting_check_date(&m, NULL, 0, &e), 0);

	/* A meeting that gave tasks is not deleted. */
	assert_int_equal(meeting_check_delete(&old, 0, &e), 0);
	assert_int_equal(meeting_check_delete(&old, 1, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "cuộc họp số 6 đã giao 1 nhiệm vụ: không xóa được (hãy hủy hoặc giữ lại)");
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
		cmocka_unit_test(test_extend_needs_a_reason_an_open_task_and_a_later_day),
		cmocka_unit_test(test_cancel_needs_a_reason_and_an_open_task),
		cmocka_unit_test(test_reopen_needs_a_reason_and_a_done_task),
		cmocka_unit_test(test_progress_comes_from_the_lead_of_an_open_task_after_assignment),
		cmocka_unit_test(test_progress_attach_describes_the_bytes),
		cmocka_unit_test(test_a_unit_must_exist_on_the_assignment_day),
		cmocka_unit_test(test_an_edit_moves_the_deadline_earlier_only),
		cmocka_unit_test(test_prepare_fills_what_a_put_derives),
		cmocka_unit_test(test_meeting_rules_of_change),
		cmocka_unit_test(test_statistics_count_and_percent_on_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
