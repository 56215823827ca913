/*
 * test_jflat.c - unit tests of the flat-object scanner of POST
 * /api/dataValueSets (util/jflat.h): the rows it takes (strings, booleans,
 * null, whitespace, an empty object, where it stops), everything it must
 * leave to jansson (escapes, bytes outside printable ASCII, numbers, nested
 * values, repeated keys, too many keys or too much text, broken syntax),
 * and a seeded random comparison with jansson: whatever it takes, jansson
 * reads the same way.
 *
 * Not for: the rows' meaning and messages (tests/http/test_http_dvs*.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/jflat.h"

static const char *scan(const char *s, jflat *f)
{
	return jflat_scan(s, s + strlen(s), f);
}

static void test_a_dhis2_row_is_read_in_order(void **state)
{
	(void)state;
	jflat f;
	const char *s = "{\"dataElement\":\"KT001\",\"orgUnit\":\"10001\",\"period\":\"200001\","
			"\"value\":\"853585.12\",\"estimate\":false,\"followup\":true,\"comment\":null}";
	const char *q = scan(s, &f);
	assert_ptr_equal(q, s + strlen(s));
	assert_int_equal(f.n, 7);
	assert_string_equal(f.pair[0].key, "dataElement");
	assert_int_equal(f.pair[0].kind, JFLAT_STR);
	assert_string_equal(f.pair[0].str, "KT001");
	assert_string_equal(f.pair[3].key, "value");
	assert_string_equal(f.pair[3].str, "853585.12");
	assert_int_equal(f.pair[4].kind, JFLAT_FALSE);
	assert_null(f.pair[4].str);
	assert_int_equal(f.pair[5].kind, JFLAT_TRUE);
	assert_int_equal(f.pair[6].kind, JFLAT_NULL);
}

static void test_whitespace_empty_strings_and_empty_object(void **state)
{
	(void)state;
	jflat f;
	const char *s = "{ \t\r\n\"a\" \n: \"\" ,\"\" :\"x y ~\"\r\n}";
	assert_ptr_equal(scan(s, &f), s + strlen(s));
	assert_int_equal(f.n, 2);
	assert_string_equal(f.pair[0].str, "");
	assert_string_equal(f.pair[1].key, "");
	assert_string_equal(f.pair[1].str, "x y ~");
	s = "{ }";
	assert_ptr_equal(scan(s, &f), s + 3);
	s = "{}";
	assert_ptr_equal(scan(s, &f), s + 2);
	assert_int_equal(f.n, 0);
}

static void test_stops_just_past_the_object(void **state)
{
	(void)state;
	jflat f;
	const char *s = "{\"a\":\"b\"},{\"c\":1}";
	assert_ptr_equal(scan(s, &f), s + 9);
	s = "{\"a\":\"b\"}";
	assert_null(jflat_scan(s, s + 8, &f)); /* the '}' beyond the end */
	assert_null(jflat_scan(s, s, &f));
}

/* Everything that must go to jansson. */
static void test_anything_else_is_not_mine(void **state)
{
	(void)state;
	static const char *const no[] = {
		" {\"a\":\"b\"}",          /* the caller skips the whitespace before */
		"[\"a\"]",                 /* not an object */
		"\"a\"",
		"{\"a\":\"b\\\"c\"}",      /* an escape in a string */
		"{\"a\\u0041\":\"b\"}",    /* in a key */
		"{\"a\":\"\\u0000\"}",     /* a NUL */
		"{\"a\":\"caf\xc3\xa9\"}", /* UTF-8 (jansson checks it) */
		"{\"a\":\"\xff\"}",        /* not UTF-8 */
		"{\"a\":\"b\tc\"}",        /* a control character */
		"{\"a\":\"\x7f\"}",
		"{\"a\":12.5}",            /* numbers */
		"{\"a\":-1}",
		"{\"a\":{\"b\":\"c\"}}",   /* nested */
		"{\"a\":[]}",
		"{\"a\":\"b\",\"a\":\"c\"}", /* a repeated key: jansson refuses it */
		"{\"a\":\"b\",}",          /* syntax */
		"{\"a\" \"b\"}",
		"{\"a\":}",
		"{,}",
		"{\"a\":\"b\"",
		"{\"a\":\"b",
		"{\"a\":truex}",
		"{\"a\":nul}",
		"{\"a\":True}",
		"{\"a\":\"b\" \"c\":\"d\"}",
		"{a:\"b\"}",
		"{'a':'b'}",
	};
	jflat f;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (scan(no[i], &f))
			fail_msg("took %s", no[i]);
	}
}

static void test_limits_of_keys_and_text(void **state)
{
	(void)state;
	jflat f;
	char s[4096];
	size_t n = (size_t)snprintf(s, sizeof s, "{");
	for (int i = 0; i < JFLAT_MAX_PAIRS; i++)
		n += (size_t)snprintf(s + n, sizeof s - n, "%s\"k%d\":true", i ? "," : "", i);
	snprintf(s + n, sizeof s - n, "}");
	assert_non_null(scan(s, &f));
	assert_int_equal(f.n, JFLAT_MAX_PAIRS);
	snprintf(s + n, sizeof s - n, ",\"more\":null}");
	assert_null(scan(s, &f)); /* one key too many */
	/* the text: keys and strings with their NULs within JFLAT_TEXT_MAX */
	memset(s, 0, sizeof s);
	s[0] = '{';
	s[1] = '"';
	s[2] = 'k';
	s[3] = '"';
	s[4] = ':';
	s[5] = '"';
	size_t len = JFLAT_TEXT_MAX - 2 - 1; /* "k\0" and the string's NUL */
	memset(s + 6, 'x', len);
	memcpy(s + 6 + len, "\"}", 3);
	assert_non_null(scan(s, &f));
	assert_int_equal(strlen(f.pair[0].str), len);
	memcpy(s + 6 + len, "x\"}", 4);
	assert_null(scan(s, &f));
}

/* Random objects from pieces of JSON: whatever jflat takes, jansson reads alike. */
static void test_agrees_with_jansson(void **state)
{
	(void)state;
	static const char *const piece[] = {"{", "}", "\"a\"", "\"b\"", "\"dataElement\"", "\"\"", ":", ",", " ",
					    "\n", "true", "false", "null", "1", "\"x\\\"\"", "\"\xc3\xa9\"", "[",
					    "]", "\"a b\""};
	unsigned seed = 12345;
	long taken = 0;
	for (int round = 0; round < 200000; round++) {
		char s[256];
		size_t n = 0;
		int k = 2 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 14;
		if ((seed >> 20) % 4)
			s[n++] = '{';
		for (int i = 0; i < k; i++) {
			const char *p = piece[((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof piece / sizeof piece[0])];
			size_t l = strlen(p);
			if (n + l >= sizeof s)
				break;
			memcpy(s + n, p, l);
			n += l;
		}
		s[n] = '\0';
		jflat f;
		const char *q = jflat_scan(s, s + n, &f);
		if (!q)
			continue;
		taken++;
		json_error_t je;
		json_t *j = json_loadb(s, (size_t)(q - s), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(j) || json_object_size(j) != f.n)
			fail_msg("jflat took \"%s\", jansson: %s", s, j ? "another reading" : je.text);
		const char *key;
		json_t *v;
		size_t i = 0;
		json_object_foreach(j, key, v) {
			const jflat_pair *p = &f.pair[i++];
			assert_string_equal(key, p->key);
			if (p->kind == JFLAT_STR)
				assert_string_equal(json_string_value(v), p->str);
			else
				assert_true(p->kind == JFLAT_NULL ? json_is_null(v)
					    : p->kind == JFLAT_TRUE ? json_is_true(v) : json_is_false(v));
		}
		json_decref(j);
	}
	assert_true(taken > 1000); /* the generator reaches the scanner's subset */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_dhis2_row_is_read_in_order),
		cmocka_unit_test(test_whitespace_empty_strings_and_empty_object),
		cmocka_unit_test(test_stops_just_past_the_object),
		cmocka_unit_test(test_anything_else_is_not_mine),
		cmocka_unit_test(test_limits_of_keys_and_text),
		cmocka_unit_test(test_agrees_with_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
