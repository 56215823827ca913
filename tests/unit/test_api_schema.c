/*
 * test_api_schema.c - the route table's typed descriptions (src/api/
 * api_schema.c): the language reads types, limits, enums, required marks,
 * content types and a reply's status; bad specs are refused with the spec
 * quoted; every route of api_routes reads; and the OpenAPI document written
 * from them is one JSON object of OpenAPI 3.1 with typed, limited fields.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "api/api_schema.h"

static void reads_types_limits_and_required(void **state)
{
	(void)state;
	api_sfield pool[16];
	size_t used = 0;
	api_sspec s;
	err e;
	err_clear(&e);
	assert_int_equal(api_schema_parse("login:str{1,63}!,days:int{1,365},kind:enum(a|bc),view:codes{,200},x", false,
					  pool, 16, &used, &s, &e),
			 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(used, 5);
	assert_string_equal(s.f[0].name, "login");
	assert_int_equal(s.f[0].type, API_S_STR);
	assert_true(s.f[0].required && s.f[0].has_lo && s.f[0].has_hi);
	assert_int_equal(s.f[0].lo, 1);
	assert_int_equal(s.f[0].hi, 63);
	assert_int_equal(s.f[1].type, API_S_INT);
	assert_false(s.f[1].required);
	assert_int_equal(s.f[1].hi, 365);
	assert_int_equal(s.f[2].type, API_S_ENUM);
	assert_int_equal(s.f[2].enums_len, 4);
	assert_memory_equal(s.f[2].enums, "a|bc", 4);
	assert_int_equal(s.f[3].type, API_S_CODES);
	assert_false(s.f[3].has_lo);
	assert_int_equal(s.f[3].hi, 200);
	assert_int_equal(s.f[4].type, API_S_ANY);
}

static void reads_files_and_statuses(void **state)
{
	(void)state;
	api_sfield pool[4];
	size_t used = 0;
	api_sspec s;
	err e;
	assert_int_equal(api_schema_parse("@text/csv,application/json", false, pool, 4, &used, &s, &e), 0);
	assert_string_equal(s.ctypes, "text/csv,application/json");
	assert_int_equal(s.n, 0);
	assert_int_equal(api_schema_parse("201 id:int", true, pool, 4, &used, &s, &e), 0);
	assert_int_equal(s.status, 201);
	assert_int_equal(s.n, 1);
	assert_int_equal(api_schema_parse("201", true, pool, 4, &used, &s, &e), 0);
	assert_int_equal(s.status, 201);
	assert_int_equal(s.n, 0);
	assert_int_equal(api_schema_parse(NULL, true, pool, 4, &used, &s, &e), 0);
	assert_false(s.given);
}

static void refuses_bad_specs(void **state)
{
	(void)state;
	static const char *bad[] = {
		"a:strr", "a:str{1,2", "a:str{3,1}", "a:enum(x", "a:enum()", "a,,b", ":str", "a!x", "a,a", "@",
		"a:int{x,1}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		api_sfield pool[4];
		size_t used = 0;
		api_sspec s;
		err e;
		err_clear(&e);
		if (!api_schema_parse(bad[i], false, pool, 4, &used, &s, &e))
			fail_msg("\"%s\" was read", bad[i]);
		assert_non_null(strstr(e.msg, bad[i]));
	}
	api_sfield pool[1];
	size_t used = 0;
	api_sspec s;
	err e;
	assert_int_equal(api_schema_parse("a,b", false, pool, 1, &used, &s, &e), ERR_INVALID); /* the pool is full */
}

static void every_route_reads_and_the_document_is_openapi_3_1(void **state)
{
	(void)state;
	err e;
	err_clear(&e);
	if (api_schema_init(&e))
		fail_msg("%s", e.msg);
	for (size_t i = 0; i < api_n_routes; i++) {
		const api_schema *sc = api_schema_of(&api_routes[i]);
		assert_non_null(sc);
		assert_true(sc->reply.given); /* every route says what it answers */
		if (api_routes[i].body)
			assert_true(sc->body.n > 0 || sc->body.ctypes);
	}
	buf b;
	buf_init(&b, 0);
	assert_int_equal(api_openapi_write(&b), 0);
	json_error_t je;
	json_t *doc = json_loadb(b.data, b.len, 0, &je);
	if (!doc)
		fail_msg("not JSON: %s", je.text);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	json_t *login = json_object_get(json_object_get(json_object_get(doc, "paths"), "/api/login"), "post");
	json_t *schema = json_object_get(
		json_object_get(json_object_get(json_object_get(login, "requestBody"), "content"), "application/json"),
		"schema");
	json_t *pw = json_object_get(json_object_get(schema, "properties"), "password");
	assert_string_equal(json_string_value(json_object_get(pw, "type")), "string");
	assert_int_equal(json_integer_value(json_object_get(pw, "maxLength")), 1023);
	assert_int_equal(json_array_size(json_object_get(schema, "required")), 2);
	json_decref(doc);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_types_limits_and_required),
		cmocka_unit_test(reads_files_and_statuses),
		cmocka_unit_test(refuses_bad_specs),
		cmocka_unit_test(every_route_reads_and_the_document_is_openapi_3_1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
