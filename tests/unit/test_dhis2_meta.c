/*
 * test_dhis2_meta.c - tests of DHIS2 metadata in (src/core/dhis2_meta*.c):
 * the rules of the words (every numeric valueType to a value type and
 * bounds, the non-numeric ones skipped; every aggregationType to a kind and
 * a roll-up, the statistics skipped, percentages never summed; a unit's
 * type from its name, its level's name, its level number) and the import's
 * parent resolution on a real store: within the file whatever the order,
 * against an existing unit by the mapping and by code, a missing parent and
 * a cycle named; a dry run and a file with conflicts write nothing.
 *
 * Runs on SQLite, or on PostgreSQL when $CHITIEU_TEST_PG is set. Not for:
 * the HTTP route (tests/http/test_http_dhis2_metadata.sh) or the CLI
 * (tests/cli/test_mapping_import.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dhis2_meta.h"
#include "store/store.h"
#include "testlib.h"

typedef tl_db fixture;

static int setup(void **state)
{
	return tl_setup(state, "chitieu_meta");
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static void test_value_types(void **state)
{
	(void)state;
	indicator ind;
	const char *why;
	err e;
	indicator_defaults(&ind);
	assert_int_equal(dhis2_meta_value_type("NUMBER", &ind, &why, &e), 0);
	assert_int_equal(ind.value_type, VT_NUMBER);
	assert_false(ind.has_min);
	assert_int_equal(dhis2_meta_value_type("INTEGER", &ind, &why, &e), 0);
	assert_int_equal(ind.value_type, VT_WHOLE);
	assert_int_equal(dhis2_meta_value_type("INTEGER_POSITIVE", &ind, &why, &e), 0);
	assert_int_equal(ind.value_type, VT_WHOLE);
	assert_true(ind.has_min);
	assert_true(ind.min == NUM_INT(1));
	assert_int_equal(dhis2_meta_value_type("INTEGER_NEGATIVE", &ind, &why, &e), 0);
	assert_true(ind.has_max && ind.max == NUM_INT(-1));
	assert_int_equal(dhis2_meta_value_type("INTEGER_ZERO_OR_POSITIVE", &ind, &why, &e), 0);
	assert_false(ind.has_min);
	assert_int_equal(dhis2_meta_value_type("PERCENTAGE", &ind, &why, &e), 0);
	assert_int_equal(ind.value_type, VT_PERCENT);
	assert_string_equal(ind.uom, "%");
	assert_int_equal(dhis2_meta_value_type("UNIT_INTERVAL", &ind, &why, &e), 0);
	assert_true(ind.has_min && ind.min == 0 && ind.has_max && ind.max == NUM_INT(1));
	static const char *const skipped[] = {"TEXT", "LONG_TEXT", "BOOLEAN", "TRUE_ONLY", "DATE", "DATETIME",
					      "FILE_RESOURCE", "COORDINATE", "AGE", "SOMETHING_NEW"};
	for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++) {
		why = NULL;
		assert_int_equal(dhis2_meta_value_type(skipped[i], &ind, &why, &e), 1);
		assert_non_null(why);
	}
	assert_int_equal(dhis2_meta_value_type(NULL, &ind, &why, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "valueType"));
}

/* The kind/roll-up an aggregationType gives a plain number. */
static void agg(const char *a, int want_rc, ind_kind kind, ind_rollup rollup)
{
	indicator ind;
	const char *note, *why;
	err e;
	indicator_defaults(&ind);
	assert_int_equal(dhis2_meta_value_type("NUMBER", &ind, &why, &e), 0);
	int rc = dhis2_meta_aggregation(a, &ind, &note, &e);
	if (rc != want_rc)
		fail_msg("%s: rc %d, wanted %d", a ? a : "(null)", rc, want_rc);
	if (rc == 1)
		assert_non_null(note);
	if (rc)
		return;
	if (ind.kind != kind || ind.rollup != rollup)
		fail_msg("%s: %s/%s, wanted %s/%s", a ? a : "(null)", ind_kind_code(ind.kind), rollup_code(ind.rollup),
			 ind_kind_code(kind), rollup_code(rollup));
}

static void test_aggregation_types(void **state)
{
	(void)state;
	agg("SUM", 0, IND_FLOW, ROLLUP_SUM);
	agg(NULL, 0, IND_FLOW, ROLLUP_SUM);
	agg("DEFAULT", 0, IND_FLOW, ROLLUP_SUM);
	agg("AVERAGE", 0, IND_LEVEL, ROLLUP_NONE);
	agg("AVERAGE_SUM_ORG_UNIT", 0, IND_LEVEL, ROLLUP_SUM);
	agg("LAST", 0, IND_LEVEL, ROLLUP_SUM);
	agg("LAST_IN_PERIOD", 0, IND_LEVEL, ROLLUP_SUM);
	agg("LAST_AVERAGE_ORG_UNIT", 0, IND_LEVEL, ROLLUP_NONE);
	agg("LAST_IN_PERIOD_AVERAGE_ORG_UNIT", 0, IND_LEVEL, ROLLUP_NONE);
	agg("FIRST", 0, IND_LEVEL, ROLLUP_SUM);
	agg("MIN", 0, IND_LEVEL, ROLLUP_NONE);
	agg("MAX_SUM_ORG_UNIT", 0, IND_LEVEL, ROLLUP_SUM);
	agg("NONE", 0, IND_LEVEL, ROLLUP_NONE);
	agg("COUNT", 1, 0, 0);
	agg("STDDEV", 1, 0, 0);
	agg("VARIANCE", 1, 0, 0);
	agg("CUSTOM", 1, 0, 0);
	agg("MEDIAN", ERR_INVALID, 0, 0);
	/* a percentage summed in DHIS2 is not summed here */
	indicator ind;
	const char *note, *why;
	err e;
	indicator_defaults(&ind);
	assert_int_equal(dhis2_meta_value_type("PERCENTAGE", &ind, &why, &e), 0);
	assert_int_equal(dhis2_meta_aggregation("SUM", &ind, &note, &e), 0);
	assert_int_equal(ind.kind, IND_LEVEL);
	assert_int_equal(ind.rollup, ROLLUP_NONE);
	assert_non_null(note);
	assert_int_equal(dhis2_meta_freq("Monthly"), FREQ_MONTH);
	assert_int_equal(dhis2_meta_freq("SixMonthly"), FREQ_HALF);
	assert_int_equal(dhis2_meta_freq("Weekly"), 0);
}

static void test_unit_types(void **state)
{
	(void)state;
	size_t skip;
	assert_int_equal(dhis2_meta_unit_type("Xã Nông Thượng", 3, 3, NULL, &skip), UNIT_COMMUNE);
	assert_int_equal(skip, strlen("Xã "));
	assert_int_equal(dhis2_meta_unit_type("Phường Đức Xuân", 4, 4, NULL, &skip), UNIT_WARD);
	assert_int_equal(dhis2_meta_unit_type("Thành phố Hà Nội", 2, 3, NULL, &skip), UNIT_CENTRAL_CITY);
	assert_int_equal(dhis2_meta_unit_type("Thành phố Bắc Kạn", 3, 4, NULL, &skip), UNIT_CITY);
	assert_int_equal(dhis2_meta_unit_type("Đặc khu Phú Quốc", 3, 3, NULL, &skip), UNIT_SPECIAL_ZONE);
	assert_int_equal(dhis2_meta_unit_type("Xã", 3, 3, NULL, &skip), UNIT_COMMUNE); /* by level: no name after */
	assert_int_equal(skip, 0);
	assert_int_equal(dhis2_meta_unit_type("Sông Cầu", 4, 4, "phường", &skip), UNIT_WARD);
	assert_int_equal(skip, 0);
	assert_int_equal(dhis2_meta_unit_type("Bắc Kạn", 3, 3, "Province", &skip), UNIT_PROVINCE);
	assert_int_equal(dhis2_meta_unit_type("Việt Nam", 1, 3, NULL, &skip), UNIT_NATION);
	assert_int_equal(dhis2_meta_unit_type("Thái Nguyên", 2, 3, NULL, &skip), UNIT_PROVINCE);
	assert_int_equal(dhis2_meta_unit_type("Chợ Mới", 3, 3, NULL, &skip), UNIT_COMMUNE);
	assert_int_equal(dhis2_meta_unit_type("Bạch Thông", 3, 4, NULL, &skip), UNIT_DISTRICT);
	assert_int_equal(dhis2_meta_unit_type("Trạm", 0, 0, NULL, &skip), UNIT_COMMUNE);
}

static int run(store *s, const char *json, bool dry, dhis2_meta_report *r)
{
	dhis2_meta_opts o;
	memset(&o, 0, sizeof o);
	o.dry_run = dry;
	o.who = "test";
	err e;
	int rc = dhis2_meta_import(s, json, strlen(json), &o, r, &e);
	if (rc && rc != ERR_CONFLICT)
		fail_msg("import: %s", e.msg);
	return rc;
}

static const dhis2_meta_item *find_item(const dhis2_meta_report *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->items[i].id, id))
			return &r->items[i];
	fail_msg("no item %s", id);
	return NULL;
}

static void parent_of(store *s, const char *code, const char *want)
{
	unit u;
	err e;
	if (store_unit_get(s, code, &u, &e))
		fail_msg("unit %s: %s", code, e.msg);
	assert_string_equal(u.parent_code, want);
}

static void test_parents_resolved(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	tl_put_unit(f->s, "06", "Bắc Kạn", "", UNIT_PROVINCE, none, none);
	tl_put_unit(f->s, "058", "Bắc Kạn", "06", UNIT_CITY, none, none);
	store_xmap m;
	memset(&m, 0, sizeof m);
	snprintf(m.kind, sizeof m.kind, "orgUnit");
	snprintf(m.uid, sizeof m.uid, "MappedCity1");
	snprintf(m.target, sizeof m.target, "058");
	err e;
	assert_int_equal(store_xmap_put(f->s, &m, &e), 0);
	/* children before their parents in the file; one parent by the mapping,
	 * one by the parent's code, one by a uid that is an existing code */
	const char *doc = "{\"organisationUnits\":["
			  "{\"id\":\"WardUnder01\",\"code\":\"W1\",\"name\":\"Phường Một\",\"level\":4,"
			  "\"parent\":{\"id\":\"DistInFile1\"}},"
			  "{\"id\":\"DistInFile1\",\"code\":\"D1\",\"name\":\"Huyện Một\",\"level\":3,"
			  "\"parent\":{\"id\":\"ProvUidXx06\",\"code\":\"06\"}},"
			  "{\"id\":\"WardMapped1\",\"code\":\"W2\",\"name\":\"Phường Hai\",\"level\":4,"
			  "\"parent\":{\"id\":\"MappedCity1\"}},"
			  "{\"id\":\"WardByPath1\",\"code\":\"W3\",\"name\":\"Xã Ba\",\"path\":\"/X/06/WardByPath1\"}"
			  "]}";
	dhis2_meta_report r;
	assert_int_equal(run(f->s, doc, true, &r), 0);
	assert_int_equal(r.units[DM_CREATE], 4);
	dhis2_meta_report_free(&r);
	unit u;
	assert_int_equal(store_unit_get(f->s, "W1", &u, &e), ERR_NOTFOUND); /* the dry run wrote nothing */
	assert_int_equal(run(f->s, doc, false, &r), 0);
	assert_true(r.written);
	dhis2_meta_report_free(&r);
	parent_of(f->s, "W1", "D1");
	parent_of(f->s, "D1", "06");
	parent_of(f->s, "W2", "058");
	parent_of(f->s, "W3", "06");
	assert_int_equal(store_unit_get(f->s, "D1", &u, &e), 0);
	assert_int_equal(u.type, UNIT_DISTRICT);
	assert_string_equal(u.name, "Một");
	/* a second run matches every unit by the mapping it wrote: kept */
	assert_int_equal(run(f->s, doc, false, &r), 0);
	assert_int_equal(r.units[DM_SKIP], 4);
	assert_int_equal(r.maps_written, 0);
	dhis2_meta_report_free(&r);
}

static void test_parent_conflicts(void **state)
{
	fixture *f = *state;
	const char *doc = "{\"organisationUnits\":["
			  "{\"id\":\"OkRoot0001\",\"name\":\"Tỉnh Tốt\",\"level\":1},"
			  "{\"id\":\"Orphan0001\",\"name\":\"Xã Mồ Côi\",\"parent\":{\"id\":\"Nowhere0001\"}},"
			  "{\"id\":\"CycleA0001\",\"name\":\"Xã A\",\"parent\":{\"id\":\"CycleB0001\"}},"
			  "{\"id\":\"CycleB0001\",\"name\":\"Xã B\",\"parent\":{\"id\":\"CycleA0001\"}},"
			  "{\"id\":\"Child00001\",\"name\":\"Xã Con\",\"parent\":{\"id\":\"Orphan0001\"}}"
			  "]}";
	dhis2_meta_report r;
	assert_int_equal(run(f->s, doc, false, &r), ERR_CONFLICT);
	assert_false(r.written);
	assert_int_equal(r.conflicts, 4);
	const dhis2_meta_item *it = find_item(&r, "Orphan0001");
	assert_int_equal(it->action, DM_CONFLICT);
	assert_string_equal(it->property, "parent");
	assert_string_equal(it->value, "Nowhere0001");
	it = find_item(&r, "Child00001");
	assert_int_equal(it->action, DM_CONFLICT);
	assert_string_equal(it->property, "parent");
	it = find_item(&r, "CycleA0001");
	assert_int_equal(it->action, DM_CONFLICT);
	assert_non_null(strstr(it->msg, "vòng lặp"));
	dhis2_meta_report_free(&r);
	unit u;
	err e;
	assert_int_equal(store_unit_get(f->s, "OkRoot0001", &u, &e), ERR_NOTFOUND); /* nothing half-written */
}

static void test_disaggregated_and_skipped(void **state)
{
	fixture *f = *state;
	const char *doc =
		"{\"categoryOptionCombos\":["
		"{\"id\":\"MaleCoc0001\",\"code\":\"NAM\",\"name\":\"Nam\",\"categoryCombo\":{\"id\":\"SexCombo001\"}},"
		"{\"id\":\"FemaleCoc01\",\"name\":\"Nữ\",\"categoryCombo\":{\"id\":\"SexCombo001\"}}],"
		"\"dataElements\":["
		"{\"id\":\"ImmFull0001\",\"code\":\"TC\",\"name\":\"Tiêm chủng\",\"valueType\":\"INTEGER\","
		"\"aggregationType\":\"SUM\",\"categoryCombo\":{\"id\":\"SexCombo001\"}},"
		"{\"id\":\"Flag0000001\",\"name\":\"Có điện\",\"valueType\":\"BOOLEAN\",\"aggregationType\":\"NONE\"}]}";
	dhis2_meta_report r;
	assert_int_equal(run(f->s, doc, false, &r), 0);
	assert_int_equal(r.indicators[DM_CREATE], 2);
	assert_int_equal(r.indicators[DM_IGNORE], 1);
	assert_int_equal(r.maps_written, 2);
	dhis2_meta_report_free(&r);
	indicator ind;
	err e;
	assert_int_equal(store_indicator_get(f->s, "TC.NAM", &ind, &e), 0);
	assert_string_equal(ind.name_vi, "Tiêm chủng (Nam)");
	assert_int_equal(store_indicator_get(f->s, "TC.FemaleCoc01", &ind, &e), 0); /* no code: the combo's uid */
	assert_int_equal(ind.value_type, VT_WHOLE);
	assert_int_equal(store_indicator_get(f->s, "Flag0000001", &ind, &e), ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_types),
		cmocka_unit_test(test_aggregation_types),
		cmocka_unit_test(test_unit_types),
		cmocka_unit_test_setup_teardown(test_parents_resolved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disaggregated_and_skipped, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
