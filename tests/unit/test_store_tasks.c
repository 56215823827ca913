/*
 * test_store_tasks.c - tests of meetings and tasks in the store
 * (store_tasks.c, schema v6, on SQLite or, with CHITIEU_TEST_PG, on
 * PostgreSQL), written as the faces write them: through core/task_ops.c,
 * which applies the rules of task.c around the store's writes. Round trips,
 * list filters, the refusals of bad input (a lead that no longer exists, a
 * deadline before the meeting, empty content, progress from a unit that is
 * not the lead, an unknown code after part of the task was written) each
 * leaving every table as it was, the history of extending, cancelling and
 * reopening, attachments, the notice and digest text; and that the store's
 * own writes keep what they are given (the rules are not theirs).
 *
 * Each test works on a fresh database file with a small catalogue: province
 * 06, city 058, wards 01837 and 01840, ward 01834 merged on 01/07/2025 into
 * 99001, agencies TCKH and VHTT, indicator KT01. Not for: the pure rules
 * (test_task.c) or the HTTP routes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/task.h"
#include "core/task_notice.h"
#include "core/task_ops.h"
#include "db/db.h"
#include "store/store.h"
#include "testlib.h"

static cdate D(int y, int m, int d)
{
	cdate c = {y, m, d};
	return c;
}

static void put_agency(store *s, const char *code, const char *name)
{
	agency a;
	err e;
	memset(&a, 0, sizeof a);
	snprintf(a.code, sizeof a.code, "%s", code);
	snprintf(a.name, sizeof a.name, "%s", name);
	if (store_agency_put(s, &a, &e))
		fail_msg("store_agency_put: %s", e.msg);
}

static int setup(void **state)
{
	if (tl_setup(state, "chitieu_tasks"))
		return -1;
	tl_db *d = *state;
	store *s = d->s;
	cdate none = {0, 0, 0};
	err e;
	tl_put_unit(s, "06", "Bắc Kạn", "", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "058", "Bắc Kạn", "06", UNIT_CITY, none, none);
	tl_put_unit(s, "01837", "Sông Cầu", "058", UNIT_WARD, none, none);
	tl_put_unit(s, "01840", "Đức Xuân", "058", UNIT_WARD, none, none);
	tl_put_unit(s, "01834", "Nguyễn Thị Minh Khai", "058", UNIT_WARD, none, D(2025, 6, 30));
	tl_put_unit(s, "99001", "Đức Xuân (mới)", "058", UNIT_WARD, D(2025, 7, 1), none);
	if (store_unit_link_add(s, "99001", "01834", D(2025, 7, 1), &e))
		fail_msg("link: %s", e.msg);
	put_agency(s, "TCKH", "Phòng Tài chính - Kế hoạch");
	put_agency(s, "VHTT", "Phòng Văn hóa - Thông tin");
	indicator ind = tl_make_ind("KT01", "Thu ngân sách nhà nước trên địa bàn", FREQ_MONTH,
				    IND_FLOW, 1);
	tl_put_ind(s, &ind);
	store_set_actor(s, "vanphong");
	store_set_now(s, 1657854000); /* 15/07/2022 10:00 in Hà Nội */
	return 0;
}

/* Rows of every meeting and task table, as one number per table. */
typedef struct counts {
	long long n[9];
} counts;

static counts count_rows(const char *path)
{
	static const char *const tables[9] = {
		"meeting", "meeting_unit", "meeting_indicator", "task", "task_unit",
		"task_indicator", "task_progress", "task_attachment", "task_event",
	};
	counts c;
	db *conn = NULL;
	err e;
	memset(&c, 0, sizeof c);
	assert_int_equal(db_open(path, 0, &conn, &e), 0);
	for (int i = 0; i < 9; i++) {
		char sql[96];
		db_stmt *st = NULL;
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", tables[i]);
		assert_int_equal(db_prepare(conn, sql, false, &st, NULL), 0);
		assert_int_equal(db_step(st), DB_ROW);
		c.n[i] = db_col_int(st, 0);
		db_finalize(st);
	}
	db_close(conn);
	return c;
}

static void assert_same_counts(const counts *a, const counts *b)
{
	for (int i = 0; i < 9; i++)
		assert_int_equal(a->n[i], b->n[i]);
}

/* The June 2022 briefing of the city, stored. */
static meeting june_meeting(store *s)
{
	meeting m;
	err e;
	memset(&m, 0, sizeof m);
	m.kind = MEETING_MONTHLY;
	snprintf(m.title, sizeof m.title, "Giao ban UBND thành phố tháng 6/2022");
	m.date = D(2022, 6, 30);
	m.time_min = 14 * 60;
	snprintf(m.unit_code, sizeof m.unit_code, "058");
	snprintf(m.chair, sizeof m.chair, "đồng chí Chủ tịch UBND thành phố");
	snprintf(m.attendees, sizeof m.attendees, "Các Phó Chủ tịch UBND thành phố");
	snprintf(m.units[0], CODE_MAX, "01837");
	snprintf(m.units[1], CODE_MAX, "01840");
	m.n_units = 2;
	m.has_period = true;
	assert_int_equal(period_parse("202206", &m.period, &e), 0);
	snprintf(m.indicators[0], CODE_MAX, "KT01");
	m.n_indicators = 1;
	snprintf(m.conclusions, sizeof m.conclusions,
		 "Thu ngân sách 6 tháng đạt thấp; các phường tập trung đôn đốc <thu nợ> & chống thất thu.");
	snprintf(m.notice_no, sizeof m.notice_no, "125/TB-UBND");
	if (meeting_put(s, &m, &e))
		fail_msg("meeting_put: %s", e.msg);
	return m;
}

/* A task of meeting mid led by agency TCKH with ward 01837 coordinating. */
/* How many tasks store_task_list gives for f (it must succeed); *first =
 * the first one's id (0 when none). */
static size_t listed(store *s, const store_task_filter *f, int64_t *first)
{
	task *ts = NULL;
	size_t n = 0;
	err e;
	assert_int_equal(store_task_list(s, f, &ts, &n, &e), 0);
	*first = n ? ts[0].id : 0;
	free(ts);
	return n;
}

static task new_task(int64_t mid, const char *content, const char *due)
{
	task t;
	err e;
	memset(&t, 0, sizeof t);
	snprintf(t.content, sizeof t.content, "%s", content);
	snprintf(t.lead_agency, sizeof t.lead_agency, "TCKH");
	snprintf(t.coord_units[0], CODE_MAX, "01837");
	t.n_coord = 1;
	snprintf(t.indicators[0], CODE_MAX, "KT01");
	t.n_indicators = 1;
	t.meeting_id = mid;
	t.priority = TASK_PRIO_HIGH;
	if (task_parse_due(due, &t, &e))
		fail_msg("task_parse_due: %s", e.msg);
	return t;
}

static void test_meeting_round_trip_list_update_delete(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	assert_true(m.id > 0);
	assert_int_equal(m.created_at, 1657854000);
	assert_string_equal(m.created_by, "vanphong");

	meeting g;
	assert_int_equal(store_meeting_get(s, m.id, &g, &e), 0);
	assert_int_equal(g.kind, MEETING_MONTHLY);
	assert_string_equal(g.title, m.title);
	assert_int_equal(cdate_cmp(g.date, D(2022, 6, 30)), 0);
	assert_int_equal(g.time_min, 840);
	assert_string_equal(g.unit_code, "058");
	assert_int_equal(g.n_units, 2);
	assert_string_equal(g.units[1], "01840");
	assert_true(g.has_period);
	assert_int_equal(g.period.index, 6);
	assert_int_equal(g.n_indicators, 1);
	assert_string_equal(g.conclusions, m.conclusions);
	assert_string_equal(g.notice_no, "125/TB-UBND");

	/* An unknown attending unit: ERR_NOTFOUND naming it, nothing written. */
	counts before = count_rows(d->path);
	meeting bad = m;
	bad.id = 0;
	snprintf(bad.units[1], CODE_MAX, "77777");
	assert_int_equal(meeting_put(s, &bad, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "77777"));
	counts after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* A second meeting, and the filters. */
	meeting q = m;
	q.id = 0;
	q.kind = MEETING_QUARTERLY;
	q.date = D(2022, 7, 5);
	q.n_units = 0;
	q.has_period = false;
	assert_int_equal(meeting_put(s, &q, &e), 0);
	meeting *ms = NULL;
	size_t n = 0;
	store_meeting_filter f;
	memset(&f, 0, sizeof f);
	assert_int_equal(store_meeting_list(s, &f, &ms, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ms[0].id, q.id); /* newest first */
	free(ms);
	f.kind = MEETING_MONTHLY;
	assert_int_equal(store_meeting_list(s, &f, &ms, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ms[0].n_units, 2);
	free(ms);
	memset(&f, 0, sizeof f);
	f.from = D(2022, 7, 1);
	assert_int_equal(store_meeting_list(s, &f, &ms, &n, &e), 0);
	assert_int_equal(n, 1);
	free(ms);
	f.unit_code = "01837";
	assert_int_equal(store_meeting_list(s, &f, &ms, &n, &e), 0);
	assert_int_equal(n, 0);
	free(ms);

	/* Update keeps who created it and when, and gives them back; units replaced. */
	g.n_units = 1;
	snprintf(g.title, sizeof g.title, "Giao ban tháng 6/2022 (sửa)");
	g.created_by[0] = '\0';
	g.created_at = 0;
	store_set_actor(s, "other");
	assert_int_equal(meeting_put(s, &g, &e), 0);
	assert_string_equal(g.created_by, "vanphong");
	assert_int_equal(g.created_at, 1657854000);
	meeting g2;
	assert_int_equal(store_meeting_get(s, m.id, &g2, &e), 0);
	assert_string_equal(g2.title, "Giao ban tháng 6/2022 (sửa)");
	assert_int_equal(g2.n_units, 1);
	assert_string_equal(g2.created_by, "vanphong");

	/* A meeting with a task cannot be deleted nor change its unit; one without can. */
	task t = new_task(m.id, "Đôn đốc thu ngân sách", "202207");
	assert_int_equal(task_put(s, &t, &e), 0);
	assert_int_equal(meeting_delete(s, m.id, &e), ERR_CONFLICT);
	meeting moved = g2;
	snprintf(moved.unit_code, sizeof moved.unit_code, "01837");
	assert_int_equal(meeting_put(s, &moved, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "unit"));
	q.n_units = 0;
	snprintf(q.unit_code, sizeof q.unit_code, "01837");
	assert_int_equal(meeting_put(s, &q, &e), 0);
	assert_int_equal(store_meeting_get(s, m.id, &g2, &e), 0);
	assert_int_equal(meeting_delete(s, q.id, &e), 0);
	assert_int_equal(store_meeting_get(s, q.id, &g2, &e), ERR_NOTFOUND);
	assert_int_equal(meeting_delete(s, q.id, &e), ERR_NOTFOUND);
	assert_int_equal(store_meeting_get(s, 9999, &g2, &e), ERR_NOTFOUND);
}

static void test_task_round_trip_and_filters(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	task t = new_task(m.id, "Rà soát nguồn thu, chống thất thu ngân sách", "202207");
	snprintf(t.coord_agencies[0], CODE_MAX, "VHTT");
	t.n_coord_agencies = 1;
	assert_int_equal(task_put(s, &t, &e), 0);
	assert_true(t.id > 0);
	assert_int_equal(t.state, TASK_OPEN);
	assert_string_equal(t.owner_unit, "058");                       /* the meeting's unit */
	assert_int_equal(cdate_cmp(t.assigned_on, D(2022, 6, 30)), 0);   /* the meeting's date */
	assert_string_equal(t.assigned_by, "vanphong");

	task g;
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_string_equal(g.content, t.content);
	assert_string_equal(g.lead_agency, "TCKH");
	assert_string_equal(g.lead_unit, "");
	assert_int_equal(g.n_coord, 1);
	assert_string_equal(g.coord_units[0], "01837");
	assert_int_equal(g.n_coord_agencies, 1);
	assert_string_equal(g.coord_agencies[0], "VHTT");
	assert_int_equal(g.n_indicators, 1);
	assert_true(g.due_is_period);
	assert_int_equal(cdate_cmp(g.due, D(2022, 7, 31)), 0);
	assert_int_equal(cdate_cmp(g.due_original, D(2022, 7, 31)), 0);
	assert_int_equal(g.priority, TASK_PRIO_HIGH);
	assert_int_equal(g.meeting_id, m.id);
	assert_int_equal(g.created_at, 1657854000);

	task_event *ev = NULL;
	size_t nev = 0;
	assert_int_equal(store_task_events(s, t.id, &ev, &nev, &e), 0);
	assert_int_equal(nev, 1);
	assert_int_equal(ev[0].kind, TASK_EV_CREATED);
	assert_string_equal(ev[0].by, "vanphong");
	free(ev);

	/* A ward-led task assigned directly, due earlier. */
	task w;
	memset(&w, 0, sizeof w);
	snprintf(w.content, sizeof w.content, "Ra quân vệ sinh môi trường");
	snprintf(w.owner_unit, sizeof w.owner_unit, "058");
	snprintf(w.lead_unit, sizeof w.lead_unit, "01840");
	w.assigned_on = D(2022, 7, 1);
	w.due = D(2022, 7, 10);
	assert_int_equal(task_put(s, &w, &e), 0);
	assert_int_equal(w.priority, TASK_PRIO_NORMAL);

	int64_t first = 0;
	store_task_filter f;
	memset(&f, 0, sizeof f);
	assert_int_equal(listed(s, &f, &first), 2);
	assert_int_equal(first, w.id); /* by due */

	f.unit_code = "01837"; /* coordinates t */
	assert_int_equal(listed(s, &f, &first), 1);
	assert_int_equal(first, t.id);
	f.lead_only = true;
	assert_int_equal(listed(s, &f, &first), 0);
	f.lead_only = false;
	f.coord_only = true;
	assert_int_equal(listed(s, &f, &first), 1);

	memset(&f, 0, sizeof f);
	f.agency_code = "TCKH";
	f.lead_only = true;
	assert_int_equal(listed(s, &f, &first), 1);

	memset(&f, 0, sizeof f);
	f.meeting_id = m.id;
	assert_int_equal(listed(s, &f, &first), 1);

	memset(&f, 0, sizeof f);
	f.due_from = D(2022, 7, 11);
	assert_int_equal(listed(s, &f, &first), 1);
	assert_int_equal(first, t.id);
	memset(&f, 0, sizeof f);
	f.due_to = D(2022, 7, 10);
	assert_int_equal(listed(s, &f, &first), 1);
	assert_int_equal(first, w.id);

	memset(&f, 0, sizeof f);
	f.indicator = "KT01";
	assert_int_equal(listed(s, &f, &first), 1);

	/* Visibility: a user of ward 01840 sees its own task only; VHTT sees t. */
	const char *mine[] = {"01840"};
	memset(&f, 0, sizeof f);
	f.units = mine;
	f.n_units = 1;
	assert_int_equal(listed(s, &f, &first), 1);
	assert_int_equal(first, w.id);
	f.n_units = 0;
	f.or_agency = "VHTT";
	assert_int_equal(listed(s, &f, &first), 1);
	assert_int_equal(first, t.id);

	memset(&f, 0, sizeof f);
	f.unit_code = "00000";
	task *ts = NULL;
	size_t n = 0;
	assert_int_equal(store_task_list(s, &f, &ts, &n, &e), ERR_NOTFOUND);

	/* An edit: content changes, a later due is refused (that is an extension). */
	g.priority = TASK_PRIO_URGENT;
	snprintf(g.content, sizeof g.content, "Rà soát nguồn thu (sửa)");
	assert_int_equal(task_put(s, &g, &e), 0);
	task g2;
	assert_int_equal(store_task_get(s, t.id, &g2, &e), 0);
	assert_string_equal(g2.content, "Rà soát nguồn thu (sửa)");
	assert_int_equal(g2.priority, TASK_PRIO_URGENT);
	g2.due = D(2022, 8, 15);
	g2.due_is_period = false;
	assert_int_equal(task_put(s, &g2, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "due"));
	assert_int_equal(store_task_events(s, t.id, &ev, &nev, &e), 0);
	assert_int_equal(nev, 2);
	assert_int_equal(ev[1].kind, TASK_EV_EDITED);
	free(ev);
}

static void test_lead_that_no_longer_exists_is_a_conflict_naming_it(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m;
	memset(&m, 0, sizeof m);
	m.kind = MEETING_MONTHLY;
	snprintf(m.title, sizeof m.title, "Giao ban tháng 8/2025");
	m.date = D(2025, 8, 1);
	m.time_min = -1;
	snprintf(m.unit_code, sizeof m.unit_code, "058");
	assert_int_equal(meeting_put(s, &m, &e), 0);
	counts before = count_rows(d->path);

	task t;
	memset(&t, 0, sizeof t);
	snprintf(t.content, sizeof t.content, "Bàn giao hồ sơ sau sáp nhập");
	snprintf(t.lead_unit, sizeof t.lead_unit, "01834");
	t.meeting_id = m.id;
	t.due = D(2025, 8, 31);
	assert_int_equal(task_put(s, &t, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01834"));
	assert_non_null(strstr(e.msg, "99001")); /* what it became */
	assert_int_equal(t.id, 0);
	counts after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* As a coordinating unit too. */
	snprintf(t.lead_unit, sizeof t.lead_unit, "99001");
	snprintf(t.coord_units[0], CODE_MAX, "01834");
	t.n_coord = 1;
	assert_int_equal(task_put(s, &t, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01834"));
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* The successor is fine. */
	t.n_coord = 0;
	assert_int_equal(task_put(s, &t, &e), 0);
}

static void test_bad_input_changes_nothing(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	task ok = new_task(m.id, "Nhiệm vụ có sẵn", "202207");
	assert_int_equal(task_put(s, &ok, &e), 0);
	counts before = count_rows(d->path), after;

	/* A deadline before the meeting. */
	task t = new_task(m.id, "Báo cáo kết quả thu", "29/06/2022");
	assert_int_equal(task_put(s, &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "due"));
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* Empty content. */
	t = new_task(m.id, "   ", "202207");
	assert_int_equal(task_put(s, &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "content"));
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* An unknown coordinating agency, found after the task row and its lead were written. */
	t = new_task(m.id, "Nhiệm vụ lỗi", "202207");
	snprintf(t.coord_agencies[0], CODE_MAX, "KHONGCO");
	t.n_coord_agencies = 1;
	assert_int_equal(task_put(s, &t, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "KHONGCO"));
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* An unknown indicator, last of all. */
	t = new_task(m.id, "Nhiệm vụ lỗi", "202207");
	snprintf(t.indicators[0], CODE_MAX, "XX99");
	assert_int_equal(task_put(s, &t, &e), ERR_NOTFOUND);
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* An unknown meeting. */
	t = new_task(4242, "Nhiệm vụ lỗi", "202207");
	assert_int_equal(task_put(s, &t, &e), ERR_NOTFOUND);
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* Progress from a unit that is not the lead (the coordinating ward). */
	task_progress p;
	memset(&p, 0, sizeof p);
	p.task_id = ok.id;
	snprintf(p.lead_code, sizeof p.lead_code, "01837");
	snprintf(p.text, sizeof p.text, "Đã phối hợp rà soát");
	p.percent = 50;
	p.date = D(2022, 7, 10);
	snprintf(p.attach_name, sizeof p.attach_name, "bien-ban.pdf");
	assert_int_equal(task_progress_add(s, &p, "abc", 3, &e), ERR_FORBIDDEN);
	assert_non_null(strstr(e.msg, "01837"));
	assert_non_null(strstr(e.msg, "TCKH"));
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* Progress dated after today (15/07/2022 by store_set_now). */
	snprintf(p.lead_code, sizeof p.lead_code, "TCKH");
	p.date = D(2022, 7, 16);
	assert_int_equal(task_progress_add(s, &p, NULL, 0, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "date"));
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* Extension and cancellation without a reason, or to an earlier day. */
	assert_int_equal(task_extend(s, ok.id, D(2022, 8, 31), "  ", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "reason"));
	assert_int_equal(task_extend(s, ok.id, D(2022, 7, 31), "lý do", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "due"));
	assert_int_equal(task_cancel(s, ok.id, "", &e), ERR_INVALID);
	assert_int_equal(task_reopen(s, ok.id, "chưa xong", &e), ERR_CONFLICT);
	assert_int_equal(task_extend(s, 999, D(2022, 8, 31), "lý do", &e), ERR_NOTFOUND);
	after = count_rows(d->path);
	assert_same_counts(&before, &after);

	/* The meeting cannot move after the deadline of its task. */
	meeting mm;
	assert_int_equal(store_meeting_get(s, m.id, &mm, &e), 0);
	mm.date = D(2022, 8, 5);
	assert_int_equal(meeting_put(s, &mm, &e), ERR_INVALID);
	after = count_rows(d->path);
	assert_same_counts(&before, &after);
	assert_int_equal(store_meeting_get(s, m.id, &mm, &e), 0);
	assert_int_equal(cdate_cmp(mm.date, D(2022, 6, 30)), 0);
	/* Moving it earlier moves its tasks' assignment day. */
	mm.date = D(2022, 6, 29);
	assert_int_equal(meeting_put(s, &mm, &e), 0);
	task g;
	assert_int_equal(store_task_get(s, ok.id, &g, &e), 0);
	assert_int_equal(cdate_cmp(g.assigned_on, D(2022, 6, 29)), 0);
}

static void test_extend_cancel_reopen_keep_history(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	task t = new_task(m.id, "Hoàn thành kế hoạch thu quý III", "10/07/2022");
	assert_int_equal(task_put(s, &t, &e), 0);
	task g;
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(task_status_on(&g, D(2022, 7, 15)), TASK_ST_OVERDUE);

	store_set_actor(s, "chutich");
	assert_int_equal(task_extend(s, t.id, D(2022, 7, 20), "Chờ số liệu của Chi cục Thuế", &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(cdate_cmp(g.due, D(2022, 7, 20)), 0);
	assert_int_equal(cdate_cmp(g.due_original, D(2022, 7, 10)), 0);
	assert_int_equal(task_status_on(&g, D(2022, 7, 15)), TASK_ST_IN_PROGRESS);

	/* Done by the lead on 15/07, within the extension: on time. */
	task_progress p;
	memset(&p, 0, sizeof p);
	p.task_id = t.id;
	snprintf(p.lead_code, sizeof p.lead_code, "TCKH");
	snprintf(p.text, sizeof p.text, "Đã hoàn thành");
	p.percent = 100;
	p.done = true;
	p.date = D(2022, 7, 15);
	assert_int_equal(task_progress_add(s, &p, NULL, 0, &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(g.state, TASK_DONE);
	assert_int_equal(cdate_cmp(g.done_on, D(2022, 7, 15)), 0);
	assert_int_equal(g.percent, 100);
	assert_int_equal(task_status_on(&g, D(2022, 7, 31)), TASK_ST_ON_TIME);
	/* A done task takes no more progress and cannot be extended or cancelled. */
	assert_int_equal(task_progress_add(s, &p, NULL, 0, &e), ERR_CONFLICT);
	assert_int_equal(task_extend(s, t.id, D(2022, 7, 30), "lý do", &e), ERR_CONFLICT);
	assert_int_equal(task_cancel(s, t.id, "lý do", &e), ERR_CONFLICT);

	/* The assigner reopens it, then cancels it. */
	assert_int_equal(task_reopen(s, t.id, "Số liệu chưa khớp", &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(g.state, TASK_OPEN);
	assert_true(cdate_is_none(g.done_on));
	assert_int_equal(task_cancel(s, t.id, "Không còn cần thiết", &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(g.state, TASK_CANCELLED);
	assert_int_equal(task_status_on(&g, D(2022, 8, 1)), TASK_ST_CANCELLED);
	assert_int_equal(task_cancel(s, t.id, "lại", &e), ERR_CONFLICT);

	task_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_task_events(s, t.id, &ev, &n, &e), 0);
	assert_int_equal(n, 6);
	assert_int_equal(ev[0].kind, TASK_EV_CREATED);
	assert_int_equal(ev[1].kind, TASK_EV_EXTENDED);
	assert_int_equal(cdate_cmp(ev[1].old_due, D(2022, 7, 10)), 0);
	assert_int_equal(cdate_cmp(ev[1].new_due, D(2022, 7, 20)), 0);
	assert_string_equal(ev[1].reason, "Chờ số liệu của Chi cục Thuế");
	assert_string_equal(ev[1].by, "chutich");
	assert_int_equal(ev[1].at, 1657854000);
	assert_int_equal(ev[2].kind, TASK_EV_PROGRESS);
	assert_int_equal(ev[2].percent, 100);
	assert_int_equal(ev[3].kind, TASK_EV_DONE);
	assert_int_equal(cdate_cmp(ev[3].date, D(2022, 7, 15)), 0);
	assert_int_equal(ev[4].kind, TASK_EV_REOPENED);
	assert_string_equal(ev[4].reason, "Số liệu chưa khớp");
	assert_int_equal(ev[5].kind, TASK_EV_CANCELLED);
	free(ev);
}

/*
 * The store's writes keep what they are given: no rule of task.c is theirs
 * (task_ops.c applies them), and nothing is derived but who wrote. Each
 * write here is one the rules refuse, and the store takes it; what it still
 * refuses is what it cannot keep.
 */
static void test_store_writes_keep_what_they_are_given(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);

	/* A meeting's task assigned on another day than the meeting's (task_prepare
	 * would make it the meeting's day): kept as given, the assigner the actor. */
	task t = new_task(m.id, "Đôn đốc thu nợ thuế", "202207");
	snprintf(t.owner_unit, sizeof t.owner_unit, "058");
	task_prepare(&t, NULL, NULL, store_task_now(s));
	t.assigned_on = D(2022, 6, 1);
	assert_int_equal(store_task_put(s, &t, &e), 0);
	task g;
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(g.state, TASK_OPEN);
	assert_int_equal(cdate_cmp(g.assigned_on, D(2022, 6, 1)), 0);
	assert_int_equal(cdate_cmp(g.due_original, D(2022, 7, 31)), 0);
	assert_string_equal(g.assigned_by, "vanphong");

	/* An extension to an earlier day, progress from a coordinating unit,
	 * reopening an open task, cancelling twice: the rules' refusals, kept.
	 * Each change starts from the task as the caller read it. */
	assert_int_equal(store_task_extend(s, &g, D(2022, 7, 5), "sửa hạn", &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	task_progress p;
	memset(&p, 0, sizeof p);
	snprintf(p.lead_code, sizeof p.lead_code, "01837");
	snprintf(p.text, sizeof p.text, "Đã phối hợp");
	p.percent = 40;
	p.date = D(2022, 6, 1);
	assert_int_equal(store_task_progress_add(s, &g, &p, NULL, 0, &e), 0);
	assert_int_equal(p.task_id, t.id);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(store_task_reopen(s, &g, "mở", &e), 0);
	assert_int_equal(store_task_cancel(s, &g, "hủy", &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(store_task_cancel(s, &g, "hủy lần nữa", &e), 0);
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(cdate_cmp(g.due, D(2022, 7, 5)), 0);
	assert_int_equal(g.percent, 40);
	assert_int_equal(g.state, TASK_CANCELLED);
	task_event *ev = NULL;
	size_t nev = 0;
	assert_int_equal(store_task_events(s, t.id, &ev, &nev, &e), 0);
	assert_int_equal(nev, 6); /* created, extended, progress, reopened, cancelled twice */
	assert_int_equal(ev[1].kind, TASK_EV_EXTENDED);
	assert_int_equal(cdate_cmp(ev[1].old_due, D(2022, 7, 31)), 0);
	assert_int_equal(cdate_cmp(ev[1].new_due, D(2022, 7, 5)), 0);
	free(ev);

	/* A lead merged before the assignment day. */
	task x = new_task(0, "Nhiệm vụ của phường đã sáp nhập", "31/08/2025");
	snprintf(x.owner_unit, sizeof x.owner_unit, "058");
	x.lead_agency[0] = '\0';
	snprintf(x.lead_unit, sizeof x.lead_unit, "01834");
	x.assigned_on = D(2025, 8, 1);
	task_prepare(&x, NULL, NULL, store_task_now(s));
	assert_int_equal(store_task_put(s, &x, &e), 0);

	/* What it cannot keep: an unknown id, a reason longer than its column, a
	 * meeting whose tasks point at it (the database's foreign key), each
	 * leaving every table as it was. */
	counts before = count_rows(d->path);
	task ghost = g;
	ghost.id = 999;
	assert_int_equal(store_task_extend(s, &ghost, D(2022, 8, 31), "lý do", &e), ERR_NOTFOUND);
	assert_string_equal(e.msg, "không có nhiệm vụ số 999");
	assert_int_equal(store_task_progress_add(s, &ghost, &p, NULL, 0, &e), ERR_NOTFOUND);
	assert_int_equal(store_task_put(s, &ghost, &e), ERR_NOTFOUND);
	assert_string_equal(e.msg, "không có nhiệm vụ số 999");
	meeting mg = m;
	mg.id = 999;
	assert_int_equal(store_meeting_put(s, &mg, &e), ERR_NOTFOUND);
	assert_string_equal(e.msg, "không có cuộc họp số 999");
	assert_int_equal(store_meeting_delete(s, 999, &e), ERR_NOTFOUND);
	char long_reason[TASK_REASON_MAX + 1];
	memset(long_reason, 'a', TASK_REASON_MAX);
	long_reason[TASK_REASON_MAX] = '\0';
	assert_int_equal(store_task_cancel(s, &g, long_reason, &e), ERR_INVALID);
	assert_int_equal(store_meeting_delete(s, m.id, &e), ERR_CONFLICT);
	counts after = count_rows(d->path);
	assert_same_counts(&before, &after);
}

static void test_attachment_round_trip(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	task t = new_task(m.id, "Báo cáo tiến độ thu", "202207");
	assert_int_equal(task_put(s, &t, &e), 0);

	unsigned char bytes[300];
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)(i * 7); /* includes NUL bytes */
	task_progress p;
	memset(&p, 0, sizeof p);
	p.task_id = t.id;
	snprintf(p.lead_code, sizeof p.lead_code, "TCKH");
	snprintf(p.text, sizeof p.text, "Đã thu 60%% kế hoạch, kèm bảng số liệu");
	p.percent = 60;
	p.date = D(2022, 7, 14);
	snprintf(p.attach_name, sizeof p.attach_name, "so-lieu-thu.xlsx");
	snprintf(p.attach_type, sizeof p.attach_type,
		 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_int_equal(task_progress_add(s, &p, bytes, sizeof bytes, &e), 0);
	assert_true(p.id > 0);
	assert_int_equal(p.attach_size, (int64_t)sizeof bytes);
	assert_string_equal(p.by, "vanphong");

	task_progress q;
	memset(&q, 0, sizeof q);
	q.task_id = t.id;
	snprintf(q.lead_code, sizeof q.lead_code, "TCKH");
	snprintf(q.text, sizeof q.text, "Không kèm tệp");
	q.percent = 70;
	q.date = D(2022, 7, 15);
	assert_int_equal(task_progress_add(s, &q, NULL, 0, &e), 0);

	task_progress *ps = NULL;
	size_t n = 0;
	assert_int_equal(store_task_progress_list(s, t.id, &ps, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ps[0].attach_name, "so-lieu-thu.xlsx");
	assert_int_equal(ps[0].attach_size, 300);
	assert_int_equal(ps[1].attach_size, 0);
	assert_string_equal(ps[1].attach_name, "");
	free(ps);

	void *data = NULL;
	size_t len = 0;
	task_progress meta;
	assert_int_equal(store_task_attachment(s, p.id, &meta, &data, &len, &e), 0);
	assert_int_equal(len, sizeof bytes);
	assert_memory_equal(data, bytes, sizeof bytes);
	assert_string_equal(meta.attach_name, "so-lieu-thu.xlsx");
	assert_string_equal(meta.attach_type,
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	free(data);
	assert_int_equal(store_task_attachment(s, q.id, &meta, &data, &len, &e), ERR_NOTFOUND);
	assert_null(data);
	assert_int_equal(store_task_attachment(s, 9999, &meta, &data, &len, &e), ERR_NOTFOUND);

	task g;
	assert_int_equal(store_task_get(s, t.id, &g, &e), 0);
	assert_int_equal(g.percent, 70);
	assert_int_equal(g.state, TASK_OPEN);
	assert_int_equal(store_task_progress_list(s, 9999, &ps, &n, &e), ERR_NOTFOUND);
}

static void test_notice_groups_tasks_by_lead_and_escapes_html(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	task a = new_task(m.id, "Rà soát nguồn thu <ngoài quốc doanh>", "202207");
	task b;
	memset(&b, 0, sizeof b);
	snprintf(b.content, sizeof b.content, "Ra quân thu nợ thuế");
	snprintf(b.lead_unit, sizeof b.lead_unit, "01837");
	b.meeting_id = m.id;
	b.due = D(2022, 7, 15);
	task c = new_task(m.id, "Báo cáo tiến độ giải ngân", "15/07/2022");
	task x = new_task(m.id, "Nhiệm vụ đã hủy", "202207");
	assert_int_equal(task_put(s, &a, &e), 0);
	assert_int_equal(task_put(s, &b, &e), 0);
	assert_int_equal(task_put(s, &c, &e), 0);
	assert_int_equal(task_put(s, &x, &e), 0);
	assert_int_equal(task_cancel(s, x.id, "trùng", &e), 0);

	buf out;
	buf_init(&out, 0);
	assert_int_equal(meeting_notice_write(s, m.id, NOTICE_TEXT, &out, &e), 0);
	const char *txt = buf_cstr(&out);
	assert_non_null(strstr(txt, "UBND THÀNH PHỐ BẮC KẠN"));
	assert_non_null(strstr(txt, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(txt, "Độc lập - Tự do - Hạnh phúc"));
	assert_non_null(strstr(txt, "Số: 125/TB-UBND"));
	assert_non_null(strstr(txt, "Bắc Kạn, ngày 30 tháng 6 năm 2022"));
	assert_non_null(strstr(txt, "THÔNG BÁO"));
	assert_non_null(strstr(txt, "Kết luận của đồng chí Chủ tịch UBND thành phố tại cuộc họp"));
	assert_non_null(strstr(txt, "14 giờ 00"));
	assert_non_null(strstr(txt, "Thu ngân sách nhà nước trên địa bàn"));
	assert_non_null(strstr(txt, "tháng 6/2022"));
	/* Grouped: TCKH's two tasks under one heading, then the ward's. */
	const char *g1 = strstr(txt, "1. Phòng Tài chính - Kế hoạch chủ trì:");
	const char *g2 = strstr(txt, "2. UBND phường Sông Cầu chủ trì:");
	assert_non_null(g1);
	assert_non_null(g2);
	const char *ta = strstr(txt, "Rà soát nguồn thu"), *tc = strstr(txt, "Báo cáo tiến độ giải ngân");
	assert_true(g1 < ta && ta < g2 && g1 < tc && tc < g2);
	assert_non_null(strstr(txt, "Thời hạn: tháng 7/2022 (31/07/2022)."));
	assert_non_null(strstr(txt, "Phối hợp: UBND phường Sông Cầu."));
	assert_null(strstr(txt, "Nhiệm vụ đã hủy"));
	const char *recv = strstr(txt, "Nơi nhận:");
	assert_non_null(recv);
	assert_non_null(strstr(recv, "- Phòng Tài chính - Kế hoạch;"));
	assert_non_null(strstr(recv, "- Lưu: VT."));

	buf_reset(&out);
	assert_int_equal(meeting_notice_write(s, m.id, NOTICE_HTML, &out, &e), 0);
	const char *html = buf_cstr(&out);
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "&lt;ngoài quốc doanh&gt;"));
	assert_non_null(strstr(html, "&lt;thu nợ&gt; &amp; chống"));
	assert_null(strstr(html, "<ngoài"));
	assert_non_null(strstr(html, "</html>"));

	buf_reset(&out);
	assert_int_equal(meeting_notice_write(s, m.id, NOTICE_MARKDOWN, &out, &e), 0);
	assert_non_null(strstr(buf_cstr(&out), "# THÔNG BÁO"));
	assert_non_null(strstr(buf_cstr(&out), "\\<ngoài quốc doanh\\>"));

	assert_int_equal(meeting_notice_write(s, 9999, NOTICE_TEXT, &out, &e), ERR_NOTFOUND);
	assert_int_equal(meeting_notice_write(s, m.id, 7, &out, &e), ERR_INVALID);
	buf_free(&out);
}

static void test_digest_lists_overdue_first_then_due_soon(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	meeting m = june_meeting(s);
	task late = new_task(m.id, "Nhiệm vụ quá hạn lâu", "05/07/2022");
	task late2 = new_task(m.id, "Nhiệm vụ quá hạn gần", "12/07/2022");
	task soon = new_task(m.id, "Nhiệm vụ sắp đến hạn", "18/07/2022");
	task far = new_task(m.id, "Nhiệm vụ còn xa", "30/09/2022");
	task today = new_task(m.id, "Nhiệm vụ đến hạn hôm nay", "15/07/2022");
	assert_int_equal(task_put(s, &late, &e), 0);
	assert_int_equal(task_put(s, &late2, &e), 0);
	assert_int_equal(task_put(s, &soon, &e), 0);
	assert_int_equal(task_put(s, &far, &e), 0);
	assert_int_equal(task_put(s, &today, &e), 0);

	int od = -1, ds = -1;
	assert_int_equal(task_digest_count(s, "TCKH", true, D(2022, 7, 15), 7, &od, &ds, &e), 0);
	assert_int_equal(od, 2);
	assert_int_equal(ds, 2);

	buf out;
	buf_init(&out, 0);
	assert_int_equal(task_digest_write(s, "TCKH", true, D(2022, 7, 15), 7, &out, &e), 0);
	const char *txt = buf_cstr(&out);
	const char *a = strstr(txt, "quá hạn 10 ngày");
	const char *b = strstr(txt, "quá hạn 3 ngày");
	const char *c = strstr(txt, "đến hạn hôm nay");
	const char *dd = strstr(txt, "còn 3 ngày");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_non_null(dd);
	assert_true(a < b && b < c && c < dd);
	assert_null(strstr(txt, "Nhiệm vụ còn xa"));
	assert_non_null(strstr(txt, "chủ trì"));

	/* The coordinating ward sees them as "phối hợp" with the lead named. */
	buf_reset(&out);
	assert_int_equal(task_digest_write(s, "01837", false, D(2022, 7, 15), 7, &out, &e), 0);
	assert_non_null(strstr(buf_cstr(&out), "phối hợp"));
	assert_non_null(strstr(buf_cstr(&out), "chủ trì: Phòng Tài chính - Kế hoạch"));

	/* Nothing to remind. */
	buf_reset(&out);
	assert_int_equal(task_digest_write(s, "01840", false, D(2022, 7, 15), 7, &out, &e), 0);
	assert_non_null(strstr(buf_cstr(&out), "Không có nhiệm vụ"));
	assert_int_equal(task_digest_write(s, "NOPE", true, D(2022, 7, 15), 7, &out, &e), ERR_NOTFOUND);
	assert_int_equal(task_digest_write(s, "01840", false, D(2022, 7, 15), -1, &out, &e),
			 ERR_INVALID);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meeting_round_trip_list_update_delete, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_task_round_trip_and_filters, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_lead_that_no_longer_exists_is_a_conflict_naming_it,
						setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_changes_nothing, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_extend_cancel_reopen_keep_history, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_store_writes_keep_what_they_are_given, setup,
						tl_teardown),
		cmocka_unit_test_setup_teardown(test_attachment_round_trip, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_notice_groups_tasks_by_lead_and_escapes_html, setup,
						tl_teardown),
		cmocka_unit_test_setup_teardown(test_digest_lists_overdue_first_then_due_soon, setup,
						tl_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
