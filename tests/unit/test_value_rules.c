/*
 * test_value_rules.c - the rules of one value before it is stored
 * (src/core/value_rules.c): the period's type against the indicator's
 * frequency, the unit's existence during the period, the amount's bounds.
 * Pure functions, so no store: each test fails if its rule is removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/value_rules.h"

static period year_of(int y)
{
	period p = {PERIOD_YEAR, y, 1};
	return p;
}

static cdate D(int y, int m, int d)
{
	cdate c = {y, m, d};
	return c;
}

static void period_must_be_of_the_indicators_frequency(void **state)
{
	err e;
	(void)state;
	period jun = period_month(2022, 6), y2022 = year_of(2022);
	assert_int_equal(value_rules_period("KT01", FREQ_MONTH, &jun, &e), 0);
	assert_int_equal(value_rules_period("KT01", FREQ_YEAR, &y2022, &e), 0);
	assert_int_equal(value_rules_period("KT01", FREQ_YEAR, &jun, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu KT01 báo cáo theo năm; kỳ 202206 không phù hợp");
	assert_int_equal(value_rules_period("KT02", FREQ_MONTH, &y2022, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "KT02"));
	assert_non_null(strstr(e.msg, "2022"));
}

static void unit_must_exist_during_the_period(void **state)
{
	err e;
	unit u;
	(void)state;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "01837");
	u.valid_to = D(2025, 6, 30);
	period jun25 = period_month(2025, 6), jul25 = period_month(2025, 7);
	assert_int_equal(value_rules_unit_at(&u, &jun25, &e), 0);
	assert_int_equal(value_rules_unit_at(&u, &jul25, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị 01837 không còn tồn tại vào tháng 7/2025 (hiệu lực đến 30/06/2025)");
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "BK2025");
	u.valid_from = D(2025, 7, 1);
	assert_int_equal(value_rules_unit_at(&u, &jul25, &e), 0);
	assert_int_equal(value_rules_unit_at(&u, &jun25, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị BK2025 chưa tồn tại vào tháng 6/2025 (hiệu lực từ 01/07/2025)");
	period y2025 = year_of(2025); /* one day inside is enough */
	assert_int_equal(value_rules_unit_at(&u, &y2025, &e), 0);
}

static void amount_must_be_within_num_max(void **state)
{
	err e;
	(void)state;
	assert_int_equal(value_rules_amount(NUM_MAX, "KT01", "058", "tháng 6/2022", &e), 0);
	assert_int_equal(value_rules_amount(-NUM_MAX, "KT01", "058", "tháng 6/2022", &e), 0);
	assert_int_equal(value_rules_amount(NUM_MAX + 1, "KT01", "058", "tháng 6/2022", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "chỉ tiêu KT01, đơn vị 058, tháng 6/2022: số liệu vượt giới hạn"));
	assert_int_equal(value_rules_amount(INT64_MIN, "KT01", "058", "tháng 6/2022", &e), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(period_must_be_of_the_indicators_frequency),
		cmocka_unit_test(unit_must_exist_during_the_period),
		cmocka_unit_test(amount_must_be_within_num_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
