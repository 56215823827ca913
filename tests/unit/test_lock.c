/*
 * test_lock.c - tests of period locking (src/core/lock.c) and its rows
 * (store_sqlite_locks.c): deadlines of months, quarters, halves and years
 * under the Decree 09 calendar and configured ones (due in a later month,
 * grace days), the Vietnam-time edge at 23:59 / 00:00, the refusal message,
 * reopening windows, a parent's reopening covering its wards, closings by
 * hand (and the bulk import's hint: store_closing_periods,
 * lock_open_unless_closed), and the configuration kept in the database
 * across reopening the file.
 *
 * Each test works on a fresh database file. Not for: the HTTP routes
 * (tests/http/test_http_locks.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lock.h"
#include "store/store.h"
#include "testlib.h"

typedef tl_db fixture;

static cdate D(int y, int m, int d)
{
	cdate r = {y, m, d};
	return r;
}

static period P(const char *code)
{
	period p;
	err e;
	assert_int_equal(period_parse(code, &p, &e), 0);
	return p;
}

static void put_unit(store *s, const char *code, const char *parent, unit_type type)
{
	cdate none = {0, 0, 0};
	tl_put_unit(s, code, NULL, parent, type, none, none);
}

static int setup(void **state)
{
	fixture *f;
	if (tl_setup(state, "chitieu_lock") != 0)
		return -1;
	f = *state;
	/* Bắc Kạn province > Bắc Kạn city > wards Nguyễn Thị Minh Khai and Sông Cầu */
	put_unit(f->s, "06", "", UNIT_PROVINCE);
	put_unit(f->s, "058", "06", UNIT_CITY);
	put_unit(f->s, "01834", "058", UNIT_WARD);
	put_unit(f->s, "01837", "058", UNIT_WARD);
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static void assert_date(cdate got, cdate want)
{
	if (cdate_cmp(got, want) != 0)
		fail_msg("got %02d/%02d/%04d, wanted %02d/%02d/%04d", got.d, got.m, got.y, want.d, want.m,
			 want.y);
}

/* ---- deadlines ---------------------------------------------------------------- */

static void test_decree09_deadline_is_the_25th_of_the_last_month(void **state)
{
	(void)state;
	lock_config c;
	lock_config_default(&c);
	assert_true(c.enabled);
	assert_date(lock_deadline(&(period){PERIOD_MONTH, 2022, 6}, &c), D(2022, 6, 25));
	assert_date(lock_deadline(&(period){PERIOD_QUARTER, 2022, 2}, &c), D(2022, 6, 25));
	assert_date(lock_deadline(&(period){PERIOD_HALF, 2022, 2}, &c), D(2022, 12, 25));
	assert_date(lock_deadline(&(period){PERIOD_YEAR, 2022, 1}, &c), D(2022, 12, 25));
	assert_date(lock_deadline(&(period){PERIOD_MONTH, 2024, 2}, &c), D(2024, 2, 25));
}

static void test_due_months_after_and_grace_move_the_deadline(void **state)
{
	(void)state;
	lock_config c;
	lock_config_default(&c);
	c.cal.due_day = 10;
	c.cal.due_months_after = 1;
	c.grace_days = 5;
	/* June -> due 10/07, +5 days */
	assert_date(lock_deadline(&(period){PERIOD_MONTH, 2022, 6}, &c), D(2022, 7, 15));
	/* Q4 and the year cross into the next year */
	assert_date(lock_deadline(&(period){PERIOD_QUARTER, 2022, 4}, &c), D(2023, 1, 15));
	assert_date(lock_deadline(&(period){PERIOD_YEAR, 2022, 1}, &c), D(2023, 1, 15));
	assert_date(lock_deadline(&(period){PERIOD_HALF, 2022, 1}, &c), D(2022, 7, 15));
	/* due at the end of the month, grace crossing a month end in a leap year */
	c.cal.due_day = 0;
	c.cal.due_months_after = 0;
	c.grace_days = 2;
	assert_date(lock_deadline(&(period){PERIOD_MONTH, 2024, 2}, &c), D(2024, 3, 2));
}

static void test_closed_only_after_the_whole_deadline_day(void **state)
{
	(void)state;
	lock_config c;
	lock_config_default(&c);
	period jun = {PERIOD_MONTH, 2022, 6};
	assert_false(lock_past_deadline(&jun, &c, D(2022, 6, 1)));
	assert_false(lock_past_deadline(&jun, &c, D(2022, 6, 25)));
	assert_true(lock_past_deadline(&jun, &c, D(2022, 6, 26)));
	c.enabled = false;
	assert_false(lock_past_deadline(&jun, &c, D(2030, 1, 1)));
}

static void test_vietnam_midnight_is_the_edge(void **state)
{
	(void)state;
	lock_config c;
	lock_config_default(&c);
	period jun = {PERIOD_MONTH, 2022, 6};
	/* 2022-06-25 23:59:59 +07:00 = 2022-06-25T16:59:59Z = 1656176399 */
	int64_t last_second = 1656176399;
	assert_date(lock_day_of(last_second), D(2022, 6, 25));
	assert_false(lock_past_deadline(&jun, &c, lock_day_of(last_second)));
	/* one second later it is 00:00 on the 26th in Hà Nội, still the 25th in UTC */
	assert_date(lock_day_of(last_second + 1), D(2022, 6, 26));
	assert_true(lock_past_deadline(&jun, &c, lock_day_of(last_second + 1)));
}

/* ---- the check and its message --------------------------------------------------- */

static void test_closed_period_refused_with_dates_and_unit(void **state)
{
	fixture *f = *state;
	err e;
	period jun = P("202206");
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 6, 25), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 6, 26), &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "kỳ tháng 6/2022 đã khóa từ 26/06/2022 (hạn báo cáo 25/06/2022); "
				   "đề nghị quản trị mở lại cho đơn vị 01837");
	period q2 = P("2022Q2");
	assert_int_equal(lock_check(f->s, "058", &q2, D(2022, 7, 1), &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "quý II/2022"));
	assert_int_equal(lock_check(f->s, "99999", &jun, D(2022, 7, 1), &e), ERR_NOTFOUND);
}

/* ---- configuration ------------------------------------------------------------------ */

static void test_config_persists_and_changes_the_check(void **state)
{
	fixture *f = *state;
	err e;
	lock_config c;
	period jun = P("202206");
	assert_int_equal(lock_config_load(f->s, &c, &e), 0);
	assert_int_equal(c.cal.due_day, 25);
	c.grace_days = 3;
	c.cal.due_day = 20;
	assert_int_equal(lock_config_save(f->s, &c, &e), 0);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->path, &f->s, &e), 0);
	lock_config back;
	assert_int_equal(lock_config_load(f->s, &back, &e), 0);
	assert_int_equal(back.cal.due_day, 20);
	assert_int_equal(back.grace_days, 3);
	assert_int_equal(back.cal.cutoff_day, 14);
	assert_true(back.enabled);
	/* due 20/06 + 3 days: the 23rd is the last day */
	assert_int_equal(lock_check(f->s, "01834", &jun, D(2022, 6, 23), &e), 0);
	assert_int_equal(lock_check(f->s, "01834", &jun, D(2022, 6, 24), &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "hạn báo cáo 20/06/2022, gia hạn thêm 3 ngày"));
	/* switched off: nothing is closed */
	back.enabled = false;
	assert_int_equal(lock_config_save(f->s, &back, &e), 0);
	assert_int_equal(lock_check(f->s, "01834", &jun, D(2030, 1, 1), &e), 0);
}

static void test_bad_config_refused_and_nothing_saved(void **state)
{
	fixture *f = *state;
	err e;
	lock_config c;
	lock_config_default(&c);
	c.grace_days = 2;
	c.cal.due_day = 32;
	assert_int_equal(lock_config_save(f->s, &c, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "lock.due_day"));
	lock_config back;
	assert_int_equal(lock_config_load(f->s, &back, &e), 0);
	assert_int_equal(back.grace_days, 0);
	/* a value broken in the database is named, not silently replaced */
	assert_int_equal(store_setting_set(f->s, "lock.grace_days", "abc", &e), 0);
	assert_int_equal(lock_config_load(f->s, &back, &e), ERR_DB);
	assert_non_null(strstr(e.msg, "lock.grace_days"));
}

/* ---- reopening ------------------------------------------------------------------------- */

static store_reopen reopen_of(const char *unit_code, const char *pc, cdate until)
{
	store_reopen r;
	memset(&r, 0, sizeof r);
	snprintf(r.unit_code, sizeof r.unit_code, "%s", unit_code);
	r.period = P(pc);
	r.until = until;
	snprintf(r.by, sizeof r.by, "admin1");
	snprintf(r.reason, sizeof r.reason, "bổ sung số liệu");
	return r;
}

static void test_reopen_opens_through_until_then_closes(void **state)
{
	fixture *f = *state;
	err e;
	period jun = P("202206");
	store_reopen r = reopen_of("01837", "202206", D(2022, 7, 10));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), 0);
	assert_true(r.id > 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 10), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 11), &e), ERR_CONFLICT);
	/* the sibling ward and another period stay closed */
	assert_int_equal(lock_check(f->s, "01834", &jun, D(2022, 7, 5), &e), ERR_CONFLICT);
	period may = P("202205");
	assert_int_equal(lock_check(f->s, "01837", &may, D(2022, 7, 5), &e), ERR_CONFLICT);
	lock_status st;
	assert_int_equal(lock_status_get(f->s, "01837", &jun, D(2022, 7, 5), &st, &e), 0);
	assert_true(st.past_deadline);
	assert_true(st.reopened && st.open);
	assert_string_equal(st.reopen.by, "admin1");
	assert_string_equal(st.reopen.reason, "bổ sung số liệu");
}

static void test_reopen_defaults_to_seven_days(void **state)
{
	fixture *f = *state;
	err e;
	store_reopen r = reopen_of("01837", "202206", D(0, 0, 0));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 6, 28), &e), 0);
	assert_date(r.until, D(2022, 7, 5));
	period jun = P("202206");
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 5), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 6), &e), ERR_CONFLICT);
}

static void test_reopen_of_a_parent_covers_its_wards_not_the_reverse(void **state)
{
	fixture *f = *state;
	err e;
	period jun = P("202206");
	store_reopen r = reopen_of("058", "202206", D(2022, 7, 10));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), 0);
	assert_int_equal(lock_check(f->s, "01834", &jun, D(2022, 7, 2), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 2), &e), 0);
	assert_int_equal(lock_check(f->s, "058", &jun, D(2022, 7, 2), &e), 0);
	/* the province above the city is not reopened */
	assert_int_equal(lock_check(f->s, "06", &jun, D(2022, 7, 2), &e), ERR_CONFLICT);
	lock_status st;
	assert_int_equal(lock_status_get(f->s, "01834", &jun, D(2022, 7, 2), &st, &e), 0);
	assert_string_equal(st.reopen.unit_code, "058");
}

static void test_reopen_refuses_past_until_missing_reason_unknown_unit(void **state)
{
	fixture *f = *state;
	err e;
	store_reopen r = reopen_of("01837", "202206", D(2022, 6, 30));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "30/06/2022"));
	r = reopen_of("01837", "202206", D(2024, 1, 1));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), ERR_INVALID);
	r = reopen_of("01837", "202206", D(2022, 7, 5));
	r.reason[0] = '\0';
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "lý do"));
	r = reopen_of("99999", "202206", D(2022, 7, 5));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), ERR_NOTFOUND);
	store_reopen *list = NULL;
	size_t n = 99;
	assert_int_equal(store_reopen_list(f->s, NULL, D(0, 0, 0), &list, &n, &e), 0);
	assert_int_equal(n, 0);
	free(list);
}

static void test_reopen_list_filters_unit_and_expired(void **state)
{
	fixture *f = *state;
	err e;
	store_reopen r = reopen_of("01837", "202206", D(2022, 7, 3));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), 0);
	r = reopen_of("01834", "2022Q2", D(2022, 7, 20));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), 0);
	store_reopen *list = NULL;
	size_t n = 0;
	assert_int_equal(store_reopen_list(f->s, NULL, D(0, 0, 0), &list, &n, &e), 0);
	assert_int_equal(n, 2);
	free(list);
	assert_int_equal(store_reopen_list(f->s, NULL, D(2022, 7, 10), &list, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].unit_code, "01834");
	assert_int_equal(list[0].period.type, PERIOD_QUARTER);
	free(list);
	assert_int_equal(store_reopen_list(f->s, "01837", D(0, 0, 0), &list, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].unit_code, "01837");
	free(list);
}

/* ---- closing by hand -------------------------------------------------------------------- */

static store_closing closing_of(const char *unit_code, const char *pc, int64_t at)
{
	store_closing c;
	memset(&c, 0, sizeof c);
	snprintf(c.unit_code, sizeof c.unit_code, "%s", unit_code);
	c.period = P(pc);
	c.at = at;
	snprintf(c.by, sizeof c.by, "admin1");
	snprintf(c.reason, sizeof c.reason, "đã chốt số");
	return c;
}

/* store_closing_periods' answer as "P|P|": appends each code to the buf ctx. */
static int collect_period(void *ctx, const char *period_code, const char *agency_code, err *e)
{
	(void)e;
	assert_string_equal(agency_code, "");
	buf_puts(ctx, period_code);
	buf_putc(ctx, '|');
	return 0;
}

/* Noon of a day, Vietnam time, as Unix seconds. */
static int64_t noon(cdate d)
{
	return (int64_t)cdate_to_days(d) * 86400 + 5 * 3600;
}

static void test_close_by_hand_closes_before_the_deadline_until_a_later_reopening(void **state)
{
	fixture *f = *state;
	err e;
	period jul = P("202207");
	/* July is open on 10/07 (due 25/07); the city closes it: its wards too, not the province */
	assert_int_equal(lock_check(f->s, "01837", &jul, D(2022, 7, 10), &e), 0);
	store_closing c = closing_of("058", "202207", noon(D(2022, 7, 10)));
	assert_int_equal(lock_close(f->s, &c, D(2022, 7, 10), &e), 0);
	assert_true(c.id > 0);
	assert_int_equal(lock_check(f->s, "01837", &jul, D(2022, 7, 10), &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "khóa sổ ngày 10/07/2022 cho đơn vị 058 (admin1: đã chốt số)"));
	assert_int_equal(lock_check(f->s, "058", &jul, D(2022, 7, 10), &e), ERR_CONFLICT);
	assert_int_equal(lock_check(f->s, "06", &jul, D(2022, 7, 10), &e), 0);
	/* closing again what is closed is refused; June (past its deadline) is closed already */
	store_closing again = closing_of("01837", "202207", noon(D(2022, 7, 10)));
	assert_int_equal(lock_close(f->s, &again, D(2022, 7, 10), &e), ERR_CONFLICT);
	/* a reopening made before the closing does not open it; one made after does */
	store_reopen r = reopen_of("01837", "202207", D(2022, 7, 20));
	r.at = noon(D(2022, 7, 9));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 9), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jul, D(2022, 7, 11), &e), ERR_CONFLICT);
	r.at = noon(D(2022, 7, 11));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 11), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jul, D(2022, 7, 11), &e), 0);
	assert_int_equal(lock_check(f->s, "01834", &jul, D(2022, 7, 11), &e), ERR_CONFLICT);
	/* until the reopening ends, even before the deadline */
	assert_int_equal(lock_check(f->s, "01837", &jul, D(2022, 7, 21), &e), ERR_CONFLICT);
	/* a closing after that reopening closes it again */
	store_closing c2 = closing_of("01837", "202207", noon(D(2022, 7, 12)));
	assert_int_equal(lock_close(f->s, &c2, D(2022, 7, 12), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jul, D(2022, 7, 12), &e), ERR_CONFLICT);
	lock_status st;
	assert_int_equal(lock_status_get(f->s, "01837", &jul, D(2022, 7, 12), &st, &e), 0);
	assert_true(st.closed_by_hand && !st.open && !st.past_deadline && !st.reopened);
	assert_string_equal(st.close.unit_code, "01837");
	buf b;
	buf_init(&b, 1 << 12);
	assert_int_equal(lock_status_json(&b, "01837", &jul, &st), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"closed_by_hand\":true,"));
	assert_non_null(strstr(buf_cstr(&b), "\"close\":{\"unit\":\"01837\",\"by\":\"admin1\""));
	buf_free(&b);
	store_closing *list = NULL;
	size_t n = 0;
	assert_int_equal(store_closing_list(f->s, NULL, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].unit_code, "01837"); /* newest first */
	free(list);
	/* the bulk import's hint: July once for the ward (its own closing and the city's), none for the province */
	buf_init(&b, 64);
	assert_int_equal(store_closing_periods(f->s, "01837", collect_period, &b, &e), 0);
	assert_string_equal(buf_cstr(&b), "202207|");
	buf_reset(&b);
	assert_int_equal(store_closing_periods(f->s, "06", collect_period, &b, &e), 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
	assert_int_equal(store_closing_periods(f->s, "99999", collect_period, &b, &e), ERR_NOTFOUND);
	/* open unless closed: before the deadline only; the calendar off, always */
	lock_config cfg;
	assert_int_equal(lock_config_load(f->s, &cfg, &e), 0);
	assert_true(lock_open_unless_closed(&cfg, &jul, D(2022, 7, 12)));
	period jun = P("202206");
	bool past = lock_past_deadline(&jun, &cfg, D(2022, 7, 12));
	assert_true(past);
	assert_false(lock_open_unless_closed(&cfg, &jun, D(2022, 7, 12)));
	cfg.enabled = false;
	assert_true(lock_open_unless_closed(&cfg, &jun, D(2022, 7, 12)));
}

/* A period the calendar closed can be closed by hand: that ends the reopenings under it. */
static void test_close_by_hand_after_the_deadline_ends_reopenings(void **state)
{
	fixture *f = *state;
	err e;
	period jun = P("202206");
	store_reopen r = reopen_of("01837", "202206", D(2022, 7, 20));
	r.at = noon(D(2022, 7, 1));
	assert_int_equal(lock_reopen(f->s, &r, D(2022, 7, 1), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 5), &e), 0);
	store_closing c = closing_of("058", "202206", noon(D(2022, 7, 5)));
	assert_int_equal(lock_close(f->s, &c, D(2022, 7, 5), &e), 0);
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 7, 6), &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "khóa sổ"));
}

static void test_close_by_hand_holds_with_the_calendar_off_and_refuses_bad_input(void **state)
{
	fixture *f = *state;
	err e;
	lock_config cfg;
	lock_config_default(&cfg);
	cfg.enabled = false;
	assert_int_equal(lock_config_save(f->s, &cfg, &e), 0);
	period jun = P("202206");
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 8, 1), &e), 0);
	store_closing c = closing_of("01837", "202206", 0);
	assert_int_equal(lock_close(f->s, &c, D(2022, 8, 1), &e), 0);
	assert_true(c.at > 0); /* now */
	assert_int_equal(lock_check(f->s, "01837", &jun, D(2022, 8, 1), &e), ERR_CONFLICT);
	/* a period not begun, no reason, no author, an unknown unit: nothing written */
	c = closing_of("01837", "202209", 0);
	assert_int_equal(lock_close(f->s, &c, D(2022, 8, 1), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "chưa bắt đầu"));
	c = closing_of("01834", "202206", 0);
	c.reason[0] = '\0';
	assert_int_equal(lock_close(f->s, &c, D(2022, 8, 1), &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "lý do"));
	c = closing_of("01834", "202206", 0);
	c.by[0] = '\0';
	assert_int_equal(lock_close(f->s, &c, D(2022, 8, 1), &e), ERR_INVALID);
	c = closing_of("99999", "202206", 0);
	assert_int_equal(lock_close(f->s, &c, D(2022, 8, 1), &e), ERR_NOTFOUND);
	store_closing *list = NULL;
	size_t n = 0;
	assert_int_equal(store_closing_list(f->s, NULL, &list, &n, &e), 0);
	assert_int_equal(n, 1);
	free(list);
}

static void test_status_json_names_deadline_and_message(void **state)
{
	fixture *f = *state;
	err e;
	period jun = P("202206");
	lock_status st;
	assert_int_equal(lock_status_get(f->s, "01837", &jun, D(2022, 7, 1), &st, &e), 0);
	buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(lock_status_json(&b, "01837", &jun, &st), 0);
	const char *j = buf_cstr(&b);
	assert_non_null(strstr(j, "\"deadline\":\"2022-06-25\""));
	assert_non_null(strstr(j, "\"closed\":true"));
	assert_non_null(strstr(j, "đề nghị quản trị mở lại cho đơn vị 01837"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decree09_deadline_is_the_25th_of_the_last_month),
		cmocka_unit_test(test_due_months_after_and_grace_move_the_deadline),
		cmocka_unit_test(test_closed_only_after_the_whole_deadline_day),
		cmocka_unit_test(test_vietnam_midnight_is_the_edge),
		cmocka_unit_test_setup_teardown(test_closed_period_refused_with_dates_and_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_persists_and_changes_the_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_config_refused_and_nothing_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_opens_through_until_then_closes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_defaults_to_seven_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_of_a_parent_covers_its_wards_not_the_reverse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reopen_refuses_past_until_missing_reason_unknown_unit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reopen_list_filters_unit_and_expired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_json_names_deadline_and_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_by_hand_closes_before_the_deadline_until_a_later_reopening,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_by_hand_holds_with_the_calendar_off_and_refuses_bad_input,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_by_hand_after_the_deadline_ends_reopenings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
