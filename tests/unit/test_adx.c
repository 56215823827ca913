/*
 * test_adx.c - unit tests of ADX (core/adx.h): every chitieu period written
 * as an ISO 8601 interval and read back; intervals chitieu cannot hold
 * (days, weeks, financial years, quarters and halves off their months)
 * refused saying why; and the reader turning an <adx> document into import
 * rows, naming group[g].dataValue[k].attribute for a bad one and refusing a
 * document that is not ADX. Not for: the import's checks (test_import.c) or
 * HTTP (tests/http/test_http_dhis2_exchange.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/adx.h"

static void periods_write_and_read_back(void **state)
{
	(void)state;
	static const struct {
		const char *code, *adx;
	} cases[] = {
		{"202206", "2022-06-01/P1M"}, {"2022Q2", "2022-04-01/P3M"}, {"2022S1", "2022-01-01/P6M"},
		{"2022S2", "2022-07-01/P6M"}, {"2022N9", "2022-01-01/P9M"}, {"2022", "2022-01-01/P1Y"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p, q;
		err e;
		err_clear(&e);
		assert_int_equal(period_parse(cases[i].code, &p, &e), 0);
		buf b;
		buf_init(&b, 0);
		assert_int_equal(adx_period_format(&b, &p), 0);
		assert_string_equal(buf_cstr(&b), cases[i].adx);
		buf_free(&b);
		assert_int_equal(adx_period_parse(cases[i].adx, &q, &e), 0);
		assert_int_equal(q.type, p.type);
		assert_int_equal(q.year, p.year);
		assert_int_equal(q.index, p.index);
	}
	period q;
	assert_int_equal(adx_period_parse("2022-01-01/P12M", &q, NULL), 0);
	assert_int_equal(q.type, PERIOD_YEAR);
}

static void periods_chitieu_cannot_hold_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *adx, *why;
	} cases[] = {
		{"2022-06-01/P1D", "ngày hoặc tuần"}, {"2022-06-06/P1W", "ngày hoặc tuần"},
		{"2022-04-01/P1Y", "năm tài chính"},  {"2022-05-01/P3M", "quý bắt đầu"},
		{"2022-04-01/P6M", "6 tháng"},        {"2022-06-15/P1M", "giữa tháng"},
		{"2022-06-01/P2M", "không lưu được"}, {"2022-02-30/P1M", "không có thật"},
		{"202206", "không đúng dạng"},        {"2022-06-01/P1X", "thời lượng"},
		{"2022-06-01/P", "không đúng dạng"},      {"", "không đúng dạng"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p;
		err e;
		err_clear(&e);
		assert_int_equal(adx_period_parse(cases[i].adx, &p, &e), ERR_INVALID);
		if (!strstr(e.msg, cases[i].why))
			print_error("\"%s\": %s\n", cases[i].adx, e.msg);
		assert_non_null(strstr(e.msg, cases[i].why));
	}
}

/* Reads doc to the end: the rows' fields as "unit period indicator value|" or "BAD field: msg|". */
static int read_all(const char *doc, char *out, size_t n, err *e)
{
	adx_reader *r = NULL;
	out[0] = '\0';
	assert_int_equal(adx_reader_new(doc, strlen(doc), &r, e), 0);
	int rc;
	for (;;) {
		import_in in;
		memset(&in, 0, sizeof in);
		rc = adx_next(r, &in, e);
		if (rc <= 0)
			break;
		size_t len = strlen(out);
		if (in.bad_msg)
			snprintf(out + len, n - len, "BAD %s: %s|", in.bad_field, in.bad_msg);
		else
			snprintf(out + len, n - len, "%s %s %s %s%s%s|", in.text[IMPORT_F_UNIT], in.text[IMPORT_F_PERIOD],
				 in.text[IMPORT_F_INDICATOR], in.text[IMPORT_F_VALUE], in.comment ? " #" : "",
				 in.comment ? in.comment : "");
	}
	adx_reader_free(r);
	return rc;
}

static void the_reader_hands_over_rows(void **state)
{
	(void)state;
	char got[2048];
	err e;
	err_clear(&e);
	const char *doc = "<?xml version=\"1.0\"?>\n<adx xmlns=\"urn:ihe:qrph:adx:2015\" exported=\"x\">\n"
			  " <group orgUnit=\"01837\" period=\"2022-06-01/P1M\" dataSet=\"DS\">\n"
			  "  <dataValue dataElement=\"KT01\" value=\"42.9\"/>\n"
			  "  <dataValue dataElement=\"KT02\" value=\"1\"><annotation>lễ hội</annotation></dataValue>\n"
			  " </group>\n <group orgUnit=\"058\" period=\"2022-04-01/P3M\">"
			  "<dataValue dataElement=\"KT09\" value=\"7\"/><dataValue dataElement=\"KT09\"/>"
			  "<dataValue dataElement=\"KT09\" SEX=\"F\" value=\"1\"/></group>"
			  "<group orgUnit=\"058\" period=\"2022-06-01/P1D\"><dataValue dataElement=\"KT01\" value=\"1\"/></group>"
			  "<group orgUnit=\"058\" period=\"2022-06-01/P1M\" AGE=\"15-49\" completeDate=\"2022-07-01\">"
			  "<dataValue dataElement=\"KT01\" value=\"1\"/></group>"
			  "</adx>";
	assert_int_equal(read_all(doc, got, sizeof got, &e), 0);
	const char *want = "01837 202206 KT01 42.9|01837 202206 KT02 1 #lễ hội|058 2022Q2 KT09 7|"
			   "BAD group[1].dataValue[1].value: dataValue thiếu thuộc tính value (giá trị)|"
			   "BAD group[1].dataValue[2].SEX: thuộc tính phân tổ \"SEX\" không được hỗ trợ: chỉ tiêu của "
			   "chitieu không có phân tổ (chỉ nhận dataElement, value)|";
	if (strncmp(got, want, strlen(want)))
		print_error("got  %s\nwant %s\n", got, want);
	assert_int_equal(strncmp(got, want, strlen(want)), 0);
	assert_non_null(strstr(got, "BAD group[2].period: kỳ \"2022-06-01/P1D\""));
	assert_non_null(strstr(got, "BAD group[3].AGE: thuộc tính \"AGE\" của group không được hỗ trợ"));
}

static void documents_that_are_not_adx_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *doc, *why;
	} cases[] = {
		{"not xml", "không phải XML hợp lệ"},
		{"", "không phải XML hợp lệ"},
		{"<adx xmlns=\"urn:other\"/>", "urn:other"},
		{"<adx/>", "phần tử gốc phải là"},
		{"<adx xmlns=\"urn:ihe:qrph:adx:2015\"><grp/></adx>", "<grp>"},
		{"<adx xmlns=\"urn:ihe:qrph:adx:2015\"><group orgUnit=\"1\" period=\"2022-06-01/P1M\"><value/></group></adx>",
		 "group[0]"},
		{"<adx xmlns=\"urn:ihe:qrph:adx:2015\"><group orgUnit=\"1\" period=\"2022-06-01/P1M\"><dataValue "
		 "dataElement=\"A\" value=\"1\"/>",
		 "không phải XML hợp lệ"},
		{"<!DOCTYPE adx [<!ENTITY a \"b\">]><adx xmlns=\"urn:ihe:qrph:adx:2015\"/>", "DOCTYPE"},
		{"<adx xmlns=\"urn:ihe:qrph:adx:2015\">text</adx>", "chữ ngoài phần tử"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char got[1024];
		err e;
		err_clear(&e);
		int rc = read_all(cases[i].doc, got, sizeof got, &e);
		if (rc != ERR_INVALID || !strstr(e.msg, cases[i].why))
			print_error("%s: rc %d, %s\n", cases[i].doc, rc, e.msg);
		assert_int_equal(rc, ERR_INVALID);
		assert_non_null(strstr(e.msg, cases[i].why));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(periods_write_and_read_back),
		cmocka_unit_test(periods_chitieu_cannot_hold_are_refused),
		cmocka_unit_test(the_reader_hands_over_rows),
		cmocka_unit_test(documents_that_are_not_adx_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
