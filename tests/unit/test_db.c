/*
 * test_db.c - the database layer's own pure functions (src/db/db.c): which
 * engine a --db text names, and that a target is never shown with its
 * password. The drivers themselves are exercised by every store test, on
 * both engines (tests/unit/testlib.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "db/db.h"

static void postgres_targets_are_told_from_files(void **state)
{
	(void)state;
	assert_true(db_target_is_postgres("postgresql://chitieu@db1/chitieu"));
	assert_true(db_target_is_postgres("postgres://u:p@h:5432/x"));
	assert_true(db_target_is_postgres("host=A,B dbname=chitieu target_session_attrs=read-write"));
	assert_true(db_target_is_postgres("  dbname = chitieu"));
	assert_false(db_target_is_postgres("chitieu.db"));
	assert_false(db_target_is_postgres("/srv/chitieu/bac-kan.db"));
	assert_false(db_target_is_postgres("file:demo.db?mode=ro"));
	assert_false(db_target_is_postgres("a b=c.db")); /* a file name with '=' after a space */
	assert_false(db_target_is_postgres(""));
	assert_false(db_target_is_postgres(NULL));
}

static void safe_target_hides_every_password(void **state)
{
	char out[256];
	(void)state;
	db_target_safe("postgresql://chitieu:bi-mat@db1:5432/chitieu?sslmode=require", out, sizeof out);
	assert_string_equal(out, "postgresql://chitieu@db1:5432/chitieu?sslmode=require");
	db_target_safe("postgresql://chitieu@db1/chitieu?password=bi-mat&sslmode=require", out, sizeof out);
	assert_string_equal(out, "postgresql://chitieu@db1/chitieu?password=***&sslmode=require");
	db_target_safe("host=db1 user=chitieu password=bi-mat dbname=chitieu", out, sizeof out);
	assert_string_equal(out, "host=db1 user=chitieu password=*** dbname=chitieu");
	db_target_safe("host=db1 password='bi mat \\' x' dbname=chitieu", out, sizeof out);
	assert_string_equal(out, "host=db1 password=*** dbname=chitieu");
	db_target_safe("/srv/chitieu/bac-kan.db", out, sizeof out);
	assert_string_equal(out, "/srv/chitieu/bac-kan.db");
	db_target_safe("postgresql://db1/chitieu", out, sizeof out);
	assert_string_equal(out, "postgresql://db1/chitieu");
	db_target_safe("host=db1 password=bi-mat", out, 12); /* cut short, still no secret */
	assert_null(strstr(out, "bi-mat"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postgres_targets_are_told_from_files),
		cmocka_unit_test(safe_target_hides_every_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
