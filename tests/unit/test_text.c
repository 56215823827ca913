/*
 * test_text.c - unit tests of the Unicode helpers (util/text.h): display
 * width of Vietnamese and wide text, padding and cutting to a column width,
 * and the accent-free search key.
 *
 * Not for: number or date formatting (test_vnfmt.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/buf.h"
#include "util/text.h"

static void pad_fills_exactly_the_width_and_cuts_with_ellipsis(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(text_pad(&b, "Bắc Kạn", 9, false), 0);
	assert_string_equal(buf_cstr(&b), "Bắc Kạn  ");
	buf_reset(&b);
	assert_int_equal(text_pad(&b, "Bắc Kạn", 9, true), 0);
	assert_string_equal(buf_cstr(&b), "  Bắc Kạn");
	buf_reset(&b);
	assert_int_equal(text_pad(&b, "Nguyễn Thị Minh Khai", 6, false), 0);
	assert_string_equal(buf_cstr(&b), "Nguyễ…");
	assert_int_equal(text_width(buf_cstr(&b)), 6);
	buf_free(&b);
}

/* Found by fuzz/fuzz_text.c: width 0 with any text failed (width - 1 wrapped around). */
static void pad_to_width_zero_appends_nothing(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(text_pad(&b, "abc", 0, false), 0);
	assert_int_equal(text_pad(&b, "Bắc Kạn", 0, true), 0);
	assert_int_equal(text_pad(&b, "", 0, false), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(text_pad(&b, "abc", 1, false), 0);
	assert_string_equal(buf_cstr(&b), "…");
	buf_free(&b);
}

static void width_counts_marks_zero_and_wide_two(void **state)
{
	(void)state;
	assert_int_equal(text_width("Hoá"), 3);
	assert_int_equal(text_width("Hoa\xcc\x81"), 3); /* a + combining acute */
	assert_int_equal(text_width("漢字"), 4);
	assert_int_equal(text_width("\xff" "a"), 2); /* an invalid byte counts 1 */
}

static void search_key_drops_accents_and_case(void **state)
{
	(void)state;
	buf a, b;
	buf_init(&a, 0);
	buf_init(&b, 0);
	assert_int_equal(text_key(&a, "Bắc Kạn Đà"), 0);
	assert_int_equal(text_key(&b, "bac kan da"), 0);
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	buf_free(&a);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pad_fills_exactly_the_width_and_cuts_with_ellipsis),
		cmocka_unit_test(pad_to_width_zero_appends_nothing),
		cmocka_unit_test(width_counts_marks_zero_and_wide_two),
		cmocka_unit_test(search_key_drops_accents_and_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
