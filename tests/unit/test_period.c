/*
 * test_period.c - unit tests of reporting periods (period.c): every code
 * form parsed and printed, Vietnamese labels, bad codes refused with a
 * reason, months covered, same period last year, ordering, and the Decree
 * 09/2019 data windows and due dates. Not for: number formats (test_vnfmt.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/period.h"

static period parse_ok(const char *code)
{
	period p = {0, 0, 0};
	err e;
	err_clear(&e);
	int rc = period_parse(code, &p, &e);
	if (rc)
		print_error("\"%s\": %s\n", code, e.msg);
	assert_int_equal(rc, 0);
	return p;
}

static void assert_date(cdate d, int y, int m, int day)
{
	if (d.y != y || d.m != m || d.d != day)
		print_error("got %02d/%02d/%04d, want %02d/%02d/%04d\n", d.d, d.m, d.y, day, m, y);
	assert_int_equal(d.y, y);
	assert_int_equal(d.m, m);
	assert_int_equal(d.d, day);
}

static void every_code_form_parses_and_prints_back(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		period_type type;
		int year, index;
		const char *label;
		int first, last;
	} cases[] = {
		{"2022", PERIOD_YEAR, 2022, 1, "năm 2022", 1, 12},
		{"2022Q1", PERIOD_QUARTER, 2022, 1, "quý I/2022", 1, 3},
		{"2022Q2", PERIOD_QUARTER, 2022, 2, "quý II/2022", 4, 6},
		{"2022Q3", PERIOD_QUARTER, 2022, 3, "quý III/2022", 7, 9},
		{"2022Q4", PERIOD_QUARTER, 2022, 4, "quý IV/2022", 10, 12},
		{"2022S1", PERIOD_HALF, 2022, 1, "6 tháng đầu năm 2022", 1, 6},
		{"2022S2", PERIOD_HALF, 2022, 2, "6 tháng cuối năm 2022", 7, 12},
		{"2022N9", PERIOD_NINE_MONTHS, 2022, 1, "9 tháng năm 2022", 1, 9},
		{"202201", PERIOD_MONTH, 2022, 1, "tháng 1/2022", 1, 1},
		{"202206", PERIOD_MONTH, 2022, 6, "tháng 6/2022", 6, 6},
		{"202212", PERIOD_MONTH, 2022, 12, "tháng 12/2022", 12, 12},
		{"1900", PERIOD_YEAR, 1900, 1, "năm 1900", 1, 12},
		{"999912", PERIOD_MONTH, 9999, 12, "tháng 12/9999", 12, 12},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = parse_ok(cases[i].code);
		assert_int_equal(p.type, cases[i].type);
		assert_int_equal(p.year, cases[i].year);
		assert_int_equal(p.index, cases[i].index);
		assert_true(period_valid(&p));
		assert_int_equal(period_first_month(&p), cases[i].first);
		assert_int_equal(period_last_month(&p), cases[i].last);
		assert_int_equal(period_months(&p), cases[i].last - cases[i].first + 1);
		buf b;
		buf_init(&b, 0);
		assert_int_equal(period_format_code(&b, &p), 0);
		assert_string_equal(buf_cstr(&b), cases[i].code);
		buf_reset(&b);
		assert_int_equal(period_format_label(&b, &p), 0);
		assert_string_equal(buf_cstr(&b), cases[i].label);
		buf_free(&b);
		char code[16], small[4];
		assert_int_equal(period_code_str(&p, code, sizeof code, NULL), 0);
		assert_string_equal(code, cases[i].code);
		err e;
		err_clear(&e);
		assert_int_equal(period_code_str(&p, small, sizeof small, &e), ERR_INVALID); /* no room: refused, "" */
		assert_string_equal(small, "");
		assert_non_null(strstr(e.msg, "kỳ"));
	}
	period bad = {.type = PERIOD_MONTH, .year = 2022, .index = 13};
	char code[16];
	assert_int_equal(period_code_str(&bad, code, sizeof code, NULL), ERR_INVALID);
}

static void lower_case_letters_are_accepted(void **state)
{
	(void)state;
	period p = parse_ok("2022q2");
	assert_int_equal(p.type, PERIOD_QUARTER);
	p = parse_ok("2022s2");
	assert_int_equal(p.type, PERIOD_HALF);
	p = parse_ok("2022n9");
	assert_int_equal(p.type, PERIOD_NINE_MONTHS);
}

static void bad_codes_are_refused_with_the_reason(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		const char *says; /* a piece the message must contain */
	} cases[] = {
		{"202213", "không có tháng 13"},
		{"202200", "không có tháng 0"},
		{"2022Q5", "không có quý 5"},
		{"2022Q0", "không có quý 0"},
		{"2022S3", "S1"},
		{"2022N8", "N9"},
		{"1899", "1900"},
		{"189912", "1900"},
		{"", "thiếu"},
		{"22", "2022Q2"},
		{"20226", "2022Q2"},
		{"2022-06", "2022Q2"},
		{"2022M6", "2022Q2"},
		{"2022Q", "2022Q2"},
		{"2022Q12", "2022Q2"},
		{"abcd", "2022Q2"},
		{"2022 ", "2022Q2"},
		{"2022H1", "2022Q2"},
		{"20220601", "2022Q2"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = {PERIOD_MONTH, 2000, 7};
		err e;
		err_clear(&e);
		int rc = period_parse(cases[i].code, &p, &e);
		if (rc != ERR_INVALID || !strstr(e.msg, cases[i].says))
			print_error("\"%s\": rc %d, message: %s\n", cases[i].code, rc, e.msg);
		assert_int_equal(rc, ERR_INVALID);
		assert_non_null(strstr(e.msg, cases[i].says));
		assert_int_equal(p.year, 2000); /* untouched */
	}
	period p;
	err e;
	assert_int_equal(period_parse("202213", &p, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "\"202213\""));
	assert_int_equal(period_parse(NULL, &p, &e), ERR_INVALID);
}

static void invalid_periods_are_not_printed(void **state)
{
	(void)state;
	static const period bad[] = {
		{PERIOD_MONTH, 2022, 13}, {PERIOD_MONTH, 2022, 0}, {PERIOD_QUARTER, 2022, 5},
		{PERIOD_HALF, 2022, 3},   {PERIOD_YEAR, 2022, 2},  {PERIOD_NINE_MONTHS, 2022, 0},
		{PERIOD_YEAR, 1899, 1},   {0, 2022, 1},            {6, 2022, 1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(period_valid(&bad[i]));
		buf b;
		buf_init(&b, 0);
		assert_int_equal(period_format_code(&b, &bad[i]), ERR_INVALID);
		assert_int_equal(period_format_label(&b, &bad[i]), ERR_INVALID);
		assert_string_equal(buf_cstr(&b), "");
		buf_free(&b);
		assert_int_equal(period_months(&bad[i]), 0);
	}
}

static void same_period_last_year_keeps_type_and_index(void **state)
{
	(void)state;
	static const char *const codes[] = {"202206", "2022Q2", "2022S1", "2022N9", "2022", "202101"};
	static const char *const want[] = {"202106", "2021Q2", "2021S1", "2021N9", "2021", "202001"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		period p = parse_ok(codes[i]);
		period q = period_same_last_year(&p);
		buf b;
		buf_init(&b, 0);
		assert_int_equal(period_format_code(&b, &q), 0);
		assert_string_equal(buf_cstr(&b), want[i]);
		buf_free(&b);
	}
}

static void period_month_builds_a_month(void **state)
{
	(void)state;
	period p = period_month(2022, 6);
	assert_int_equal(p.type, PERIOD_MONTH);
	assert_int_equal(p.year, 2022);
	assert_int_equal(p.index, 6);
}

static void period_ending_in_finds_periods_closing_that_month(void **state)
{
	(void)state;
	/* for every month, which types end there */
	for (int m = 1; m <= 12; m++) {
		period p;
		assert_true(period_ending_in(PERIOD_MONTH, 2022, m, &p));
		assert_int_equal(p.type, PERIOD_MONTH);
		assert_int_equal(p.index, m);

		bool q = period_ending_in(PERIOD_QUARTER, 2022, m, &p);
		assert_int_equal(q, m % 3 == 0);
		if (q) {
			assert_int_equal(p.index, m / 3);
			assert_int_equal(period_last_month(&p), m);
		}
		bool h = period_ending_in(PERIOD_HALF, 2022, m, &p);
		assert_int_equal(h, m == 6 || m == 12);
		if (h)
			assert_int_equal(period_last_month(&p), m);
		bool n = period_ending_in(PERIOD_NINE_MONTHS, 2022, m, &p);
		assert_int_equal(n, m == 9);
		bool y = period_ending_in(PERIOD_YEAR, 2022, m, &p);
		assert_int_equal(y, m == 12);
		if (y) {
			assert_int_equal(p.type, PERIOD_YEAR);
			assert_int_equal(p.year, 2022);
			assert_true(period_valid(&p));
		}
	}
	period p;
	assert_true(period_ending_in(PERIOD_QUARTER, 2022, 6, &p));
	assert_int_equal(p.index, 2);
	assert_false(period_ending_in(PERIOD_MONTH, 2022, 13, &p));
	assert_false(period_ending_in(PERIOD_MONTH, 2022, 0, &p));
	assert_false(period_ending_in(PERIOD_MONTH, 1899, 5, &p));
}

static void calendar_bounds_know_month_lengths(void **state)
{
	(void)state;
	period p = parse_ok("202402");
	assert_date(period_start_date(&p), 2024, 2, 1);
	assert_date(period_end_date(&p), 2024, 2, 29);
	p = parse_ok("202302");
	assert_date(period_end_date(&p), 2023, 2, 28);
	p = parse_ok("2022Q2");
	assert_date(period_start_date(&p), 2022, 4, 1);
	assert_date(period_end_date(&p), 2022, 6, 30);
	p = parse_ok("2022S2");
	assert_date(period_start_date(&p), 2022, 7, 1);
	assert_date(period_end_date(&p), 2022, 12, 31);
	p = parse_ok("2022N9");
	assert_date(period_start_date(&p), 2022, 1, 1);
	assert_date(period_end_date(&p), 2022, 9, 30);
	p = parse_ok("2022");
	assert_date(period_start_date(&p), 2022, 1, 1);
	assert_date(period_end_date(&p), 2022, 12, 31);
}

static void periods_order_by_end_then_length(void **state)
{
	(void)state;
	/* sorted order: each strictly before the next */
	static const char *const order[] = {"202203", "2022Q1", "202206", "2022Q2", "2022S1",
					    "202209", "2022Q3", "2022N9", "202212", "2022Q4",
					    "2022S2", "2022", "202301"};
	size_t n = sizeof order / sizeof order[0];
	for (size_t i = 0; i < n; i++) {
		period a = parse_ok(order[i]);
		assert_int_equal(period_cmp(&a, &a), 0);
		for (size_t j = i + 1; j < n; j++) {
			period b = parse_ok(order[j]);
			assert_true(period_cmp(&a, &b) < 0);
			assert_true(period_cmp(&b, &a) > 0);
		}
	}
}

static void decree09_data_windows(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		cdate from, to;
	} cases[] = {
		{"202206", {2022, 5, 15}, {2022, 6, 14}},
		{"202201", {2021, 12, 15}, {2022, 1, 14}},
		{"202203", {2022, 2, 15}, {2022, 3, 14}},
		{"2022", {2021, 12, 15}, {2022, 12, 14}},
		{"2022S1", {2021, 12, 15}, {2022, 6, 14}},
		{"2022S2", {2022, 6, 15}, {2022, 12, 14}},
		{"2022Q2", {2022, 3, 15}, {2022, 6, 14}},
		{"2022Q1", {2021, 12, 15}, {2022, 3, 14}},
		{"2022N9", {2021, 12, 15}, {2022, 9, 14}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = parse_ok(cases[i].code);
		cdate from, to;
		period_data_window(&p, &PERIOD_CALENDAR_DECREE09, &from, &to);
		assert_date(from, cases[i].from.y, cases[i].from.m, cases[i].from.d);
		assert_date(to, cases[i].to.y, cases[i].to.m, cases[i].to.d);
	}
	/* NULL calendar means Decree 09 */
	period p = parse_ok("202206");
	cdate from, to;
	period_data_window(&p, NULL, &from, &to);
	assert_date(from, 2022, 5, 15);
	assert_date(to, 2022, 6, 14);
}

static void configured_calendars_change_the_window(void **state)
{
	(void)state;
	cdate from, to;
	/* calendar months (statistics): cut-off 0 = end of month */
	period_calendar stats = {0, 0, 1};
	period p = parse_ok("202402");
	period_data_window(&p, &stats, &from, &to);
	assert_date(from, 2024, 2, 1);
	assert_date(to, 2024, 2, 29);
	p = parse_ok("2022");
	period_data_window(&p, &stats, &from, &to);
	assert_date(from, 2022, 1, 1);
	assert_date(to, 2022, 12, 31);
	/* a province cutting off on the 20th */
	period_calendar c20 = {20, 28, 0};
	p = parse_ok("2022Q1");
	period_data_window(&p, &c20, &from, &to);
	assert_date(from, 2021, 12, 21);
	assert_date(to, 2022, 3, 20);
	/* a cut-off past the month's end uses its last day */
	period_calendar c30 = {30, 0, 0};
	p = parse_ok("202203");
	period_data_window(&p, &c30, &from, &to);
	assert_date(from, 2022, 3, 1); /* 28/02 + 1 */
	assert_date(to, 2022, 3, 30);
}

static void due_dates_under_calendars(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		period_calendar cal;
		cdate want;
	} cases[] = {
		{"202206", {14, 25, 0}, {2022, 6, 25}},
		{"2022Q2", {14, 25, 0}, {2022, 6, 25}},
		{"2022", {14, 25, 0}, {2022, 12, 25}},
		{"2022N9", {14, 25, 0}, {2022, 9, 25}},
		{"2022S1", {14, 25, 0}, {2022, 6, 25}},
		{"202206", {0, 0, 0}, {2022, 6, 30}},    /* end of month */
		{"202212", {0, 10, 1}, {2023, 1, 10}},  /* month after, across the year */
		{"202201", {0, 31, 1}, {2022, 2, 28}},  /* clamped to February */
		{"2024Q4", {0, 0, 2}, {2025, 2, 28}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = parse_ok(cases[i].code);
		cdate d = period_due_date(&p, &cases[i].cal);
		assert_date(d, cases[i].want.y, cases[i].want.m, cases[i].want.d);
	}
	period p = parse_ok("202206");
	assert_date(period_due_date(&p, NULL), 2022, 6, 25);
	assert_date(period_due_date(&p, &PERIOD_CALENDAR_DECREE09), 2022, 6, 25);
}

static void type_names_in_both_languages(void **state)
{
	(void)state;
	assert_string_equal(period_type_name(PERIOD_MONTH), "month");
	assert_string_equal(period_type_name(PERIOD_QUARTER), "quarter");
	assert_string_equal(period_type_name(PERIOD_HALF), "half");
	assert_string_equal(period_type_name(PERIOD_NINE_MONTHS), "nine_months");
	assert_string_equal(period_type_name(PERIOD_YEAR), "year");
	assert_string_equal(period_type_name_vi(PERIOD_MONTH), "tháng");
	assert_string_equal(period_type_name_vi(PERIOD_QUARTER), "quý");
	assert_string_equal(period_type_name_vi(PERIOD_YEAR), "năm");
	assert_non_null(period_type_name((period_type)99));
	assert_non_null(period_type_name_vi((period_type)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_code_form_parses_and_prints_back),
		cmocka_unit_test(lower_case_letters_are_accepted),
		cmocka_unit_test(bad_codes_are_refused_with_the_reason),
		cmocka_unit_test(invalid_periods_are_not_printed),
		cmocka_unit_test(same_period_last_year_keeps_type_and_index),
		cmocka_unit_test(period_month_builds_a_month),
		cmocka_unit_test(period_ending_in_finds_periods_closing_that_month),
		cmocka_unit_test(calendar_bounds_know_month_lengths),
		cmocka_unit_test(periods_order_by_end_then_length),
		cmocka_unit_test(decree09_data_windows),
		cmocka_unit_test(configured_calendars_change_the_window),
		cmocka_unit_test(due_dates_under_calendars),
		cmocka_unit_test(type_names_in_both_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
