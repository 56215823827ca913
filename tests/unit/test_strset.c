/*
 * test_strset.c - the growing string set (util/strset): membership, copies
 * of the keys, duplicates, growth over many keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/strset.h"

static void empty_set_has_nothing(void **state)
{
	(void)state;
	strset s = {0};
	assert_false(strset_has(&s, ""));
	assert_false(strset_has(&s, "a"));
	strset_free(&s);
}

static void keys_are_copied_and_counted_once(void **state)
{
	(void)state;
	strset s = {0};
	char k[16];
	snprintf(k, sizeof k, "%s", "u\t01837");
	bool added = false;
	assert_int_equal(strset_add(&s, k, &added), 0);
	assert_true(added);
	k[0] = 'x'; /* the set holds its own copy */
	assert_true(strset_has(&s, "u\t01837"));
	assert_false(strset_has(&s, k));
	assert_int_equal(strset_add(&s, "u\t01837", &added), 0);
	assert_false(added);
	assert_int_equal(s.n, 1);
	assert_int_equal(strset_add(&s, "", NULL), 0); /* the empty key is a key */
	assert_true(strset_has(&s, ""));
	strset_free(&s);
	assert_int_equal(s.n, 0);
	assert_false(strset_has(&s, "u\t01837"));
}

static void it_grows_over_many_keys(void **state)
{
	(void)state;
	strset s = {0};
	char k[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(k, sizeof k, "KT%03d\t%d", i % 65, i);
		assert_int_equal(strset_add(&s, k, NULL), 0);
	}
	assert_int_equal(s.n, 100000);
	assert_true(s.cap >= 2 * s.n);
	for (int i = 0; i < 100000; i += 997) {
		snprintf(k, sizeof k, "KT%03d\t%d", i % 65, i);
		assert_true(strset_has(&s, k));
		snprintf(k, sizeof k, "KT%03d\t%d", (i + 1) % 65, i);
		assert_false(strset_has(&s, k));
	}
	strset_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_set_has_nothing),
		cmocka_unit_test(keys_are_copied_and_counted_once),
		cmocka_unit_test(it_grows_over_many_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
