/*
 * test_util.c - the shared utilities: the bounded buffer and its escaping
 * writers (buf.h), the error convention (err.h), and Unicode text helpers
 * (text.h): display width for aligned tables, NFC, and accent-free search keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/text.h"

static void buf_grows_and_stays_nul_terminated(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%d,", i), 0);
	assert_int_equal(b.len, strlen(buf_cstr(&b)));
	assert_true(strncmp(buf_cstr(&b), "0,1,2,", 6) == 0);
	assert_non_null(strstr(buf_cstr(&b), "999,"));
	buf_free(&b);
	buf_free(NULL);
}

static void buf_refuses_past_its_limit_and_keeps_what_it_had(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_failed(&b), 0);
	assert_int_equal(buf_puts(&b, "6789"), ERR_TOOBIG);
	assert_string_equal(buf_cstr(&b), "12345");
	assert_int_equal(buf_failed(&b), ERR_TOOBIG); /* recorded: whoever sends it knows a piece is missing */
	assert_int_equal(buf_printf(&b, "%s", "abcd"), ERR_TOOBIG);
	assert_int_equal(buf_pad(&b, ' ', 4), ERR_TOOBIG);
	assert_int_equal(buf_puts(&b, "678"), 0);
	assert_string_equal(buf_cstr(&b), "12345678");
	assert_int_equal(buf_failed(&b), ERR_TOOBIG); /* a later append that fits does not hide it */
	buf_reset(&b);
	assert_int_equal(buf_failed(&b), ERR_TOOBIG); /* emptied for reuse, the text built in it still lacks a piece */
	buf ok;
	buf_init(&ok, 0);
	buf_taint(&ok, &b);
	assert_int_equal(buf_failed(&ok), ERR_TOOBIG); /* a text built from a failed one */
	buf_free(&ok);
	buf_clear_failed(&b);
	assert_int_equal(buf_failed(&b), 0);
	assert_int_equal(buf_puts(&b, "12345678"), 0);
	char *p = buf_detach(&b);
	assert_string_equal(p, "12345678");
	assert_int_equal(b.len, 0);
	free(p);
}

static void csv_field_quotes_only_when_needed(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	buf_csv_field(&b, "KT01", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "1.739,5", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "1.739,5", ';');
	buf_putc(&b, '|');
	buf_csv_field(&b, "Phòng \"Kinh tế\"", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "a\nb", ',');
	assert_string_equal(buf_cstr(&b), "KT01|\"1.739,5\"|1.739,5|\"Phòng \"\"Kinh tế\"\"\"|\"a\nb\"");
	buf_free(&b);
}

static void csv_field_neutralises_formulas_but_not_numbers(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	buf_csv_field(&b, "=1+1", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "+84 912", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "-cmd", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "@SUM(A1)", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "\tx", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "=a,b", ',');
	buf_putc(&b, '|');
	buf_csv_field(&b, "a-b", ',');
	buf_putc(&b, '|');
	buf_csv_number(&b, "-12", ',');
	buf_putc(&b, '|');
	buf_csv_number(&b, "-1.739,5", ',');
	assert_string_equal(buf_cstr(&b), "'=1+1|'+84 912|'-cmd|'@SUM(A1)|'\tx|\"'=a,b\"|a-b|-12|\"-1.739,5\"");
	buf_free(&b);
}

static void json_str_escapes_quotes_backslashes_and_controls(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	buf_json_str(&b, "Sông \"Cầu\"\\\n\t\x01");
	assert_string_equal(buf_cstr(&b), "\"Sông \\\"Cầu\\\"\\\\\\n\\t\\u0001\"");
	buf_free(&b);
}

static void err_prefix_keeps_code_and_cuts_on_a_character(void **state)
{
	(void)state;
	err e;
	err_clear(&e);
	assert_int_equal(err_set(&e, ERR_NOTFOUND, "không có chỉ tiêu %s", "X9"), ERR_NOTFOUND);
	assert_int_equal(err_prefix(&e, "tệp %s, dòng %d: ", "a.csv", 7), ERR_NOTFOUND);
	assert_string_equal(e.msg, "tệp a.csv, dòng 7: không có chỉ tiêu X9");
	/* a long message of 3-byte characters is cut without splitting one */
	char big[2000] = {0};
	for (int i = 0; i < 600; i++)
		memcpy(big + i * 3, "ạ", 3);
	err_set(&e, ERR_INVALID, "%s", big);
	assert_true(strlen(e.msg) < ERR_MSG_MAX);
	assert_true(text_utf8_valid(e.msg, strlen(e.msg)));
	err_prefix(&e, "x: ");
	assert_true(text_utf8_valid(e.msg, strlen(e.msg)));
	assert_true(strncmp(e.msg, "x: ạ", 6) == 0);
}

static void width_counts_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_width("Sông Cầu"), 8);
	assert_int_equal(text_width("Nguyễn Thị Minh Khai"), 20);
	/* decomposed: base letters plus combining marks still take 8 columns */
	assert_int_equal(text_width("So\xcc\x82ng Ca\xcc\x82\xcc\x80u"), 8);
	assert_int_equal(text_width("越南"), 4);
}

static void pad_aligns_and_cuts_with_an_ellipsis(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	text_pad(&b, "Cầu", 6, false);
	buf_putc(&b, '|');
	text_pad(&b, "1.739,5", 9, true);
	buf_putc(&b, '|');
	text_pad(&b, "Tổng mức bán lẻ", 8, false);
	buf_putc(&b, '|');
	assert_string_equal(buf_cstr(&b), "Cầu   |  1.739,5|Tổng mứ…|");
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

static char *key_of(const char *s)
{
	buf b;
	buf_init(&b, 0);
	text_key(&b, s);
	return buf_detach(&b);
}

static void search_key_ignores_accents_case_and_tone_placement(void **state)
{
	(void)state;
	char *a = key_of("Bắc Kạn"), *b = key_of("bac kan");
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = key_of("Xuất Hoá"); /* old tone placement */
	b = key_of("Xuất Hóa"); /* new tone placement */
	char *c = key_of("xuat hoa");
	assert_string_equal(a, b);
	assert_string_equal(b, c);
	free(a);
	free(b);
	free(c);
	a = key_of("Đức Xuân");
	assert_string_equal(a, "duc xuan");
	free(a);
	a = key_of("Hóa"); /* decomposed input gives the same key as composed */
	b = key_of("Ho\xcc\x81" "a");
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void nfc_composes_decomposed_text(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	text_nfc(&b, "Ca\xcc\x82\xcc\x80u");
	assert_string_equal(buf_cstr(&b), "Cầu");
	buf_free(&b);
}

static void utf8_validation_refuses_bad_bytes_and_nul(void **state)
{
	(void)state;
	assert_true(text_utf8_valid("Bắc Kạn", strlen("Bắc Kạn")));
	assert_false(text_utf8_valid("\xc3\x28", 2));         /* bad continuation */
	assert_false(text_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(text_utf8_valid("\xc0\xaf", 2));         /* overlong */
	assert_false(text_utf8_valid("a\0b", 3));             /* NUL inside */
	assert_false(text_utf8_valid("\xe1\xba", 2));         /* truncated */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_grows_and_stays_nul_terminated),
		cmocka_unit_test(buf_refuses_past_its_limit_and_keeps_what_it_had),
		cmocka_unit_test(csv_field_quotes_only_when_needed),
		cmocka_unit_test(csv_field_neutralises_formulas_but_not_numbers),
		cmocka_unit_test(json_str_escapes_quotes_backslashes_and_controls),
		cmocka_unit_test(err_prefix_keeps_code_and_cuts_on_a_character),
		cmocka_unit_test(width_counts_columns_not_bytes),
		cmocka_unit_test(pad_aligns_and_cuts_with_an_ellipsis),
		cmocka_unit_test(pad_to_width_zero_appends_nothing),
		cmocka_unit_test(search_key_ignores_accents_case_and_tone_placement),
		cmocka_unit_test(nfc_composes_decomposed_text),
		cmocka_unit_test(utf8_validation_refuses_bad_bytes_and_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
