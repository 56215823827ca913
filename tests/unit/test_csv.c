/*
 * test_csv.c - unit tests of the streaming CSV reader (util/csv.h): RFC 4180
 * quoting, embedded newlines, doubled quotes, delimiter detection, BOM,
 * CRLF, the limits and the errors that name the file and line, and the
 * round trip of formula-like texts neutralised by buf_csv_field.
 *
 * Not for: what columns mean (test_import.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/csv.h"

/* A reader over an in-memory copy of text (n bytes). */
typedef struct fixture {
	FILE *f;
	csv_reader *r;
	err e;
} fixture;

static int fx_open(fixture *x, const char *text, size_t n, char sep)
{
	memset(x, 0, sizeof *x);
	x->f = fmemopen((void *)text, n, "r");
	assert_non_null(x->f);
	return csv_open(x->f, "values.csv", sep, &x->r, &x->e);
}

static void fx_close(fixture *x)
{
	csv_close(x->r);
	fclose(x->f);
}

/* Reads one record and checks it equals the expected fields. */
static void expect_record(fixture *x, long line, size_t n, ...)
{
	char **f;
	size_t got;
	int rc = csv_next(x->r, &f, &got, &x->e);
	if (rc != 1)
		fail_msg("csv_next: rc %d: %s", rc, x->e.msg);
	assert_int_equal(got, n);
	assert_int_equal(csv_line(x->r), line);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(f[i], va_arg(ap, const char *));
	va_end(ap);
}

static void expect_eof(fixture *x)
{
	char **f;
	size_t n;
	assert_int_equal(csv_next(x->r, &f, &n, &x->e), 0);
}

/* Reads until an error; returns its code (the message stays in x->e). */
static int read_until_error(fixture *x)
{
	char **f;
	size_t n;
	int rc;
	while ((rc = csv_next(x->r, &f, &n, &x->e)) == 1)
		;
	return rc;
}

/* Formula-like texts written by buf_csv_field (with OWASP's leading ') come
 * back as they were; a number written by buf_csv_number stays a number. */
static void test_neutralised_formulas_read_back_unchanged(void **state)
{
	(void)state;
	static const char *const cells[] = {"=HYPERLINK(\"http://x\",\"a\")", "+1", "-KT01", "@SUM(A1)", "\tx",
					    "\rx", "'plain", "'", "a=b", ""};
	const size_t nc = sizeof cells / sizeof cells[0];
	buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < nc; i++) {
		if (i)
			buf_putc(&b, ',');
		assert_int_equal(buf_csv_field(&b, cells[i], ','), 0);
	}
	buf_putc(&b, ',');
	buf_csv_number(&b, "-1.739,5", ',');
	buf_putc(&b, '\n');
	assert_non_null(strstr(buf_cstr(&b), "'=HYPERLINK"));
	assert_non_null(strstr(buf_cstr(&b), ",'+1,'-KT01,'@SUM(A1),'\tx,\"'\rx\",'plain,',a=b,,\"-1.739,5\"\n"));
	fixture x;
	assert_int_equal(fx_open(&x, buf_cstr(&b), b.len, ','), 0);
	char **f;
	size_t n;
	assert_int_equal(csv_next(x.r, &f, &n, &x.e), 1);
	assert_int_equal(n, nc + 1);
	for (size_t i = 0; i < nc; i++)
		assert_string_equal(f[i], cells[i]);
	assert_string_equal(f[nc], "-1.739,5");
	expect_eof(&x);
	fx_close(&x);
	buf_free(&b);
}

static void test_plain_fields_and_lines(void **state)
{
	(void)state;
	static const char t[] = "a,b,c\n1,2,3\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	assert_int_equal(csv_sep(x.r), ',');
	expect_record(&x, 1, 3, "a", "b", "c");
	expect_record(&x, 2, 3, "1", "2", "3");
	expect_eof(&x);
	fx_close(&x);
}

static void test_quoted_separator_and_doubled_quotes(void **state)
{
	(void)state;
	static const char t[] = "x,y\n\"1.739,5\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 2, "x", "y");
	expect_record(&x, 2, 2, "1.739,5", "say \"hi\"");
	expect_record(&x, 3, 2, "", "\"");
	expect_eof(&x);
	fx_close(&x);
}

static void test_embedded_newline_keeps_line_numbers(void **state)
{
	(void)state;
	static const char t[] = "a,b\n\"two\nlines\",x\nlast,y\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 2, "a", "b");
	expect_record(&x, 2, 2, "two\nlines", "x");
	expect_record(&x, 4, 2, "last", "y");
	expect_eof(&x);
	fx_close(&x);
}

static void test_semicolon_detected_from_header(void **state)
{
	(void)state;
	static const char t[] = "chi_tieu;don_vi;ky;gia_tri\nKT01;058;202206;1.739,5\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	assert_int_equal(csv_sep(x.r), ';');
	expect_record(&x, 1, 4, "chi_tieu", "don_vi", "ky", "gia_tri");
	expect_record(&x, 2, 4, "KT01", "058", "202206", "1.739,5");
	fx_close(&x);
}

static void test_tab_detected_and_quoted_commas_ignored(void **state)
{
	(void)state;
	/* Two commas inside quotes must not outvote the three tabs. */
	static const char t[] = "a\t\"x,y,z\"\tb\tc\n1\t2,5\t3\t4\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	assert_int_equal(csv_sep(x.r), '\t');
	expect_record(&x, 1, 4, "a", "x,y,z", "b", "c");
	expect_record(&x, 2, 4, "1", "2,5", "3", "4");
	fx_close(&x);
}

static void test_explicit_separator_wins(void **state)
{
	(void)state;
	static const char t[] = "a;b,c\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, ';'), 0);
	expect_record(&x, 1, 2, "a", "b,c");
	fx_close(&x);
}

static void test_bom_skipped_and_crlf(void **state)
{
	(void)state;
	static const char t[] = "\xEF\xBB\xBFindicator,unit\r\nKT01,058\r\n\r\nKT02,\"Sông Cầu\"\r\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 2, "indicator", "unit");
	expect_record(&x, 2, 2, "KT01", "058");
	expect_record(&x, 4, 2, "KT02", "Sông Cầu"); /* the empty line 3 is skipped */
	expect_eof(&x);
	fx_close(&x);
}

static void test_last_line_without_newline_and_empty_fields(void **state)
{
	(void)state;
	static const char t[] = "a,,c\n,,\nx,y,z";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 3, "a", "", "c");
	expect_record(&x, 2, 3, "", "", "");
	expect_record(&x, 3, 3, "x", "y", "z");
	expect_eof(&x);
	fx_close(&x);
}

static void test_unterminated_quote_names_file_and_line(void **state)
{
	(void)state;
	static const char t[] = "a,b\n1,2\n3,\"open\n4,5\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 2, "a", "b");
	expect_record(&x, 2, 2, "1", "2");
	assert_int_equal(read_until_error(&x), ERR_INVALID);
	assert_non_null(strstr(x.e.msg, "values.csv, dòng 3"));
	assert_non_null(strstr(x.e.msg, "không được đóng"));
	fx_close(&x);
}

static void test_junk_after_closing_quote_refused(void **state)
{
	(void)state;
	static const char t[] = "a,b\n\"x\"y,2\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 2, "a", "b");
	assert_int_equal(read_until_error(&x), ERR_INVALID);
	assert_non_null(strstr(x.e.msg, "values.csv, dòng 2"));
	fx_close(&x);
}

static void test_record_over_max_line_refused(void **state)
{
	(void)state;
	size_t n = CSV_MAX_LINE + 100;
	char *t = malloc(n + 16);
	assert_non_null(t);
	memcpy(t, "a,b\nx,", 6);
	memset(t + 6, 'z', n);
	t[6 + n] = '\n';
	fixture x;
	assert_int_equal(fx_open(&x, t, n + 7, 0), 0);
	expect_record(&x, 1, 2, "a", "b");
	assert_int_equal(read_until_error(&x), ERR_TOOBIG);
	assert_non_null(strstr(x.e.msg, "values.csv, dòng 2"));
	fx_close(&x);
	free(t);
}

static void test_record_at_max_line_accepted_across_buffer_refills(void **state)
{
	(void)state;
	/* Many records, one of exactly CSV_MAX_LINE bytes, crossing the 1 MiB input buffer. */
	buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "k,v\n"), 0);
	long rows = 0;
	while (b.len < (1u << 20) - 10) {
		assert_int_equal(buf_printf(&b, "r%ld,\"q,%ld\"\n", rows, rows), 0);
		rows++;
	}
	assert_int_equal(buf_puts(&b, "big,"), 0);
	assert_int_equal(buf_pad(&b, 'y', CSV_MAX_LINE - 4), 0);
	assert_int_equal(buf_puts(&b, "\nend,1\n"), 0);
	fixture x;
	assert_int_equal(fx_open(&x, b.data, b.len, 0), 0);
	expect_record(&x, 1, 2, "k", "v");
	char **f;
	size_t n;
	char want[64];
	for (long i = 0; i < rows; i++) {
		assert_int_equal(csv_next(x.r, &f, &n, &x.e), 1);
		snprintf(want, sizeof want, "q,%ld", i);
		assert_string_equal(f[1], want);
	}
	assert_int_equal(csv_next(x.r, &f, &n, &x.e), 1);
	assert_string_equal(f[0], "big");
	assert_int_equal(strlen(f[1]), CSV_MAX_LINE - 4);
	expect_record(&x, rows + 3, 2, "end", "1");
	expect_eof(&x);
	fx_close(&x);
	buf_free(&b);
}

static void test_too_many_fields_refused(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "a\n"), 0);
	assert_int_equal(buf_pad(&b, ',', CSV_MAX_FIELDS), 0); /* 65 empty fields */
	assert_int_equal(buf_putc(&b, '\n'), 0);
	fixture x;
	assert_int_equal(fx_open(&x, b.data, b.len, 0), 0);
	expect_record(&x, 1, 1, "a");
	assert_int_equal(read_until_error(&x), ERR_TOOBIG);
	assert_non_null(strstr(x.e.msg, "values.csv, dòng 2"));
	fx_close(&x);
	buf_free(&b);
}

static void test_invalid_utf8_refused_with_line(void **state)
{
	(void)state;
	/* "Sông" in Windows-1258/Latin-1 style: a lone 0xF4 byte. */
	static const char t[] = "a,b\nKT01,ok\nKT02,S\xF4ng\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 2, "a", "b");
	expect_record(&x, 2, 2, "KT01", "ok");
	assert_int_equal(read_until_error(&x), ERR_INVALID);
	assert_non_null(strstr(x.e.msg, "values.csv, dòng 3"));
	assert_non_null(strstr(x.e.msg, "UTF-8"));
	fx_close(&x);
}

static void test_overlong_utf8_and_surrogate_refused(void **state)
{
	(void)state;
	static const char *bad[] = {"x\n\xC0\xAF\n", "x\n\xED\xA0\x80\n", "x\n\xF4\x90\x80\x80\n",
				    "x\n\xE1\x80\n"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fixture x;
		assert_int_equal(fx_open(&x, bad[i], strlen(bad[i]), ','), 0);
		expect_record(&x, 1, 1, "x");
		assert_int_equal(read_until_error(&x), ERR_INVALID);
		fx_close(&x);
	}
}

static void test_valid_vietnamese_utf8_accepted(void **state)
{
	(void)state;
	static const char t[] = "tên\nNguyễn Thị Minh Khai\n\"Phùng Chí Kiên, Xuất Hóa\"\n";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	expect_record(&x, 1, 1, "tên");
	expect_record(&x, 2, 1, "Nguyễn Thị Minh Khai");
	expect_record(&x, 3, 1, "Phùng Chí Kiên, Xuất Hóa");
	expect_eof(&x);
	fx_close(&x);
}

static void test_empty_file_is_eof(void **state)
{
	(void)state;
	static const char t[] = "\xEF\xBB\xBF";
	fixture x;
	assert_int_equal(fx_open(&x, t, sizeof t - 1, 0), 0);
	assert_int_equal(csv_sep(x.r), ',');
	expect_eof(&x);
	fx_close(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_fields_and_lines),
		cmocka_unit_test(test_neutralised_formulas_read_back_unchanged),
		cmocka_unit_test(test_quoted_separator_and_doubled_quotes),
		cmocka_unit_test(test_embedded_newline_keeps_line_numbers),
		cmocka_unit_test(test_semicolon_detected_from_header),
		cmocka_unit_test(test_tab_detected_and_quoted_commas_ignored),
		cmocka_unit_test(test_explicit_separator_wins),
		cmocka_unit_test(test_bom_skipped_and_crlf),
		cmocka_unit_test(test_last_line_without_newline_and_empty_fields),
		cmocka_unit_test(test_unterminated_quote_names_file_and_line),
		cmocka_unit_test(test_junk_after_closing_quote_refused),
		cmocka_unit_test(test_record_over_max_line_refused),
		cmocka_unit_test(test_record_at_max_line_accepted_across_buffer_refills),
		cmocka_unit_test(test_too_many_fields_refused),
		cmocka_unit_test(test_invalid_utf8_refused_with_line),
		cmocka_unit_test(test_overlong_utf8_and_surrogate_refused),
		cmocka_unit_test(test_valid_vietnamese_utf8_accepted),
		cmocka_unit_test(test_empty_file_is_eof),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
