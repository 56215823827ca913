/*
 * test_store.c - tests of the SQLite store (store.h): migrations, units and
 * their tree and validity rules, links, agencies, indicators, targets, values
 * with their audit trail, transactions, and the two fast paths.
 *
 * Each test works on a fresh database file in its own temporary directory.
 * Not for: evaluation or import (their own tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
/* White-box: some tests reach the store's SQLite handle (s->db) to inject
 * faults (interrupts, corrupt rows) or to trace the SQL it runs. */
#include "db/db_sqlite.h"
#include "store/store_int.h"
#include "testlib.h"

typedef tl_db fixture;

static int setup(void **state)
{
	return tl_setup(state, "chitieu_store");
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static cdate D(int y, int m, int d)
{
	cdate r = {y, m, d};
	return r;
}

static void put_unit(store *s, const char *code, const char *parent, unit_type type, cdate from,
		     cdate to)
{
	tl_put_unit(s, code, NULL, parent, type, from, to);
}

static indicator make_ind(const char *code, ind_freq freq, ind_kind kind)
{
	return tl_make_ind(code, NULL, freq, kind, 1);
}

static void put_ind(store *s, const char *code, ind_freq freq)
{
	indicator ind = make_ind(code, freq, IND_FLOW);
	err e;
	if (store_indicator_put(s, &ind, &e) != 0)
		fail_msg("store_indicator_put %s: %s", code, e.msg);
}

/* The Bắc Kạn city fixture: province 06 > city 058 > wards 01834, 01837. */
static void put_tree(store *s)
{
	cdate none = {0, 0, 0};
	put_unit(s, "06", "", UNIT_PROVINCE, none, none);
	put_unit(s, "058", "06", UNIT_CITY, none, D(2025, 6, 30));
	put_unit(s, "01834", "058", UNIT_WARD, none, D(2025, 6, 30));
	put_unit(s, "01837", "058", UNIT_WARD, none, D(2025, 6, 30));
}

static value make_value(const char *ind, const char *unit_code, period p, num_t amount)
{
	value v;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ind);
	snprintf(v.unit_code, sizeof v.unit_code, "%s", unit_code);
	v.period = p;
	v.amount = amount;
	snprintf(v.by, sizeof v.by, "tckh");
	return v;
}

static int put_value(store *s, const char *ind, const char *unit_code, period p, num_t amount,
		     store_change *ch, err *e)
{
	value v = make_value(ind, unit_code, p, amount);
	return store_value_put(s, &v, "nhập", ch, e);
}

/* ---- migrations -------------------------------------------------------- */

static void test_new_file_is_migrated_and_reopen_keeps_data(void **state)
{
	fixture *f = *state;
	agency a = {0, "TCKH", "Phòng Tài chính - Kế hoạch"}, got;
	int version = 0;
	err e;

	assert_int_equal(store_schema_version(f->s, &version, &e), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	assert_int_equal(store_agency_put(f->s, &a, &e), 0);
	store_close(f->s);
	f->s = NULL;

	assert_int_equal(store_open(f->path, &f->s, &e), 0);
	assert_int_equal(store_schema_version(f->s, &version, &e), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	assert_int_equal(store_agency_get(f->s, "TCKH", &got, &e), 0);
	assert_string_equal(got.name, "Phòng Tài chính - Kế hoạch");
	assert_int_equal(got.id, a.id);

	/* Re-opening applied no step twice: one schema_version row per version. */
	db *c;
	db_stmt *st;
	assert_int_equal(db_open(f->path, 0, &c, &e), 0);
	assert_int_equal(db_prepare(c, "SELECT COUNT(*) FROM schema_version", false, &st, NULL), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal((int)db_col_int(st, 0), STORE_SCHEMA_VERSION);
	db_finalize(st);
	if (db_engine_of(c) == DB_SQLITE) { /* WAL mode */
		assert_int_equal(db_prepare(c, "PRAGMA journal_mode", false, &st, NULL), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_string_equal((const char *)db_col_text(st, 0), "wal");
		db_finalize(st);
	}
	db_close(c);
}

static void test_file_from_newer_version_is_refused(void **state)
{
	fixture *f = *state;
	db *c;
	err e;

	store_close(f->s);
	f->s = NULL;
	assert_int_equal(db_open(f->path, 0, &c, &e), 0);
	assert_int_equal(db_exec(c, "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)",
				 &e),
			 0);
	db_close(c);
	store *s = (store *)1;
	assert_int_equal(store_open(f->path, &s, &e), ERR_IO);
	assert_null(s);
	assert_non_null(strstr(e.msg, "99"));
}

/* ---- units ------------------------------------------------------------- */

static void test_unit_list_puts_parents_before_children(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	unit *list = NULL;
	size_t n = 0;
	err e;

	/* Codes chosen so that code order alone would put children first. */
	put_unit(f->s, "Z", "", UNIT_PROVINCE, none, none);
	put_unit(f->s, "M", "Z", UNIT_CITY, none, none);
	put_unit(f->s, "B", "M", UNIT_WARD, none, none);
	put_unit(f->s, "A", "M", UNIT_WARD, none, none);
	put_unit(f->s, "K", "Z", UNIT_DISTRICT, none, none);
	put_unit(f->s, "C", "K", UNIT_COMMUNE, none, none);
	put_unit(f->s, "Y", "", UNIT_PROVINCE, none, none);

	assert_int_equal(store_unit_list(f->s, NULL, NULL, &list, &n, &e), 0);
	assert_int_equal(n, 7);
	const char *want[] = {"Y", "Z", "K", "C", "M", "A", "B"};
	for (size_t i = 0; i < n; i++)
		assert_string_equal(list[i].code, want[i]);
	assert_string_equal(list[6].parent_code, "M");
	free(list);

	assert_int_equal(store_unit_list(f->s, "M", NULL, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].code, "A");
	assert_string_equal(list[1].code, "B");
	free(list);

	assert_int_equal(store_unit_list(f->s, "NOPE", NULL, &list, &n, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "NOPE"));
}

static void test_unit_with_unknown_parent_is_refused(void **state)
{
	fixture *f = *state;
	unit u = {0};
	err e;
	snprintf(u.code, sizeof u.code, "01834");
	snprintf(u.name, sizeof u.name, "Nguyễn Thị Minh Khai");
	snprintf(u.parent_code, sizeof u.parent_code, "999");
	u.type = UNIT_WARD;
	assert_int_equal(store_unit_put(f->s, &u, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "999"));
	assert_int_equal(store_unit_get(f->s, "01834", &u, &e), ERR_NOTFOUND);
}

static void test_unit_validity_must_lie_within_parent(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	unit u = {0};
	err e;

	put_tree(f->s);
	snprintf(u.code, sizeof u.code, "01840");
	snprintf(u.name, sizeof u.name, "Đức Xuân");
	snprintf(u.parent_code, sizeof u.parent_code, "058");
	u.type = UNIT_WARD; /* open-ended, but city 058 ended on 30/06/2025 */
	assert_int_equal(store_unit_put(f->s, &u, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01840"));
	assert_non_null(strstr(e.msg, "058"));
	assert_int_equal(store_unit_get(f->s, "01840", &u, &e), ERR_NOTFOUND);

	u.valid_to = D(2025, 6, 30);
	assert_int_equal(store_unit_put(f->s, &u, &e), 0);

	/* Shortening the parent's window below a child's is refused too. */
	unit city;
	assert_int_equal(store_unit_get(f->s, "058", &city, &e), 0);
	city.valid_to = D(2024, 12, 31);
	assert_int_equal(store_unit_put(f->s, &city, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01834"));

	/* A unit cannot be moved under its own descendant. */
	put_unit(f->s, "X", "", UNIT_PROVINCE, none, none);
	put_unit(f->s, "XC", "X", UNIT_CITY, none, none);
	unit x;
	assert_int_equal(store_unit_get(f->s, "X", &x, &e), 0);
	snprintf(x.parent_code, sizeof x.parent_code, "XC");
	assert_int_equal(store_unit_put(f->s, &x, &e), ERR_CONFLICT);
}

static void test_unit_update_by_code_keeps_id(void **state)
{
	fixture *f = *state;
	unit u, got;
	err e;

	put_tree(f->s);
	assert_int_equal(store_unit_get(f->s, "01837", &u, &e), 0);
	int64_t id = u.id;
	snprintf(u.name, sizeof u.name, "Sông Cầu");
	assert_int_equal(store_unit_put(f->s, &u, &e), 0);
	assert_int_equal(u.id, id);
	assert_int_equal(store_unit_get(f->s, "01837", &got, &e), 0);
	assert_int_equal(got.id, id);
	assert_string_equal(got.name, "Sông Cầu");
	assert_string_equal(got.parent_code, "058");
	assert_int_equal(got.type, UNIT_WARD);
	assert_int_equal(got.valid_to.y, 2025);
	assert_int_equal(got.valid_to.m, 6);
	assert_int_equal(got.valid_to.d, 30);
	assert_true(cdate_is_none(got.valid_from));
}

static void test_unit_list_on_a_date_keeps_units_valid_then(void **state)
{
	fixture *f = *state;
	unit *list = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_unit(f->s, "01840", "06", UNIT_WARD, D(2025, 7, 1), D(0, 0, 0));
	cdate before = D(2025, 6, 30), after = D(2025, 7, 1);
	assert_int_equal(store_unit_list(f->s, NULL, &before, &list, &n, &e), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(list[i].code, "01840");
	free(list);
	assert_int_equal(store_unit_list(f->s, NULL, &after, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].code, "06");
	assert_string_equal(list[1].code, "01840");
	free(list);
}

static void test_unit_links_are_idempotent_and_listed(void **state)
{
	fixture *f = *state;
	unit_link *links = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_unit(f->s, "01840", "06", UNIT_WARD, D(2025, 7, 1), D(0, 0, 0));
	assert_int_equal(store_unit_link_add(f->s, "01840", "01834", D(2025, 7, 1), &e), 0);
	assert_int_equal(store_unit_link_add(f->s, "01840", "01834", D(2025, 7, 1), &e), 0);
	assert_int_equal(store_unit_link_add(f->s, "01840", "01837", D(2025, 7, 1), &e), 0);
	assert_int_equal(store_unit_link_add(f->s, "01840", "77777", D(2025, 7, 1), &e),
			 ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "77777"));

	assert_int_equal(store_unit_link_list(f->s, "01840", &links, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(links[0].code, "01840");
	assert_string_equal(links[0].from_code, "01834");
	assert_string_equal(links[1].from_code, "01837");
	assert_int_equal(links[1].date.y, 2025);
	assert_int_equal(links[1].date.m, 7);
	assert_int_equal(links[1].date.d, 1);
	free(links);
	assert_int_equal(store_unit_link_list(f->s, "01834", &links, &n, &e), 0);
	assert_int_equal(n, 0);
	free(links);
	assert_int_equal(store_unit_link_list(f->s, NULL, &links, &n, &e), 0);
	assert_int_equal(n, 2);
	free(links);
}

/* ---- agencies and indicators ------------------------------------------- */

static void test_agency_and_indicator_put_get_update(void **state)
{
	fixture *f = *state;
	agency a = {0, "TCKH", "Phòng TC-KH"}, a2 = {0, "YTE", "Phòng Y tế"};
	agency *al = NULL;
	indicator *list = NULL, got;
	size_t n = 0;
	err e;

	assert_int_equal(store_agency_put(f->s, &a, &e), 0);
	assert_int_equal(store_agency_put(f->s, &a2, &e), 0);
	int64_t aid = a.id;
	snprintf(a.name, sizeof a.name, "Phòng Tài chính - Kế hoạch");
	assert_int_equal(store_agency_put(f->s, &a, &e), 0);
	assert_int_equal(a.id, aid);
	assert_int_equal(store_agency_list(f->s, &al, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(al[0].name, "Phòng Tài chính - Kế hoạch");
	assert_string_equal(al[1].code, "YTE");
	free(al);

	indicator num = make_ind("BHYT_CO", FREQ_YEAR, IND_LEVEL);
	num.sector = SECTOR_SOCIAL;
	indicator den = make_ind("DAN_SO", FREQ_YEAR, IND_LEVEL);
	den.sector = SECTOR_SOCIAL;
	indicator ratio = make_ind("BHYT", FREQ_YEAR, IND_RATIO);
	ratio.sector = SECTOR_SOCIAL;
	ratio.rollup = ROLLUP_RATIO;
	ratio.ratio_scale = 100;
	snprintf(ratio.numerator, sizeof ratio.numerator, "BHYT_CO");
	snprintf(ratio.denominator, sizeof ratio.denominator, "DAN_SO");
	snprintf(ratio.agency_code, sizeof ratio.agency_code, "YTE");
	snprintf(ratio.uom, sizeof ratio.uom, "%%");
	indicator kt = make_ind("KT01", FREQ_MONTH, IND_FLOW);
	snprintf(kt.agency_code, sizeof kt.agency_code, "TCKH");
	snprintf(kt.name_en, sizeof kt.name_en, "State budget revenue");
	kt.sort_order = 2;
	indicator kt0 = make_ind("KT09", FREQ_QUARTER, IND_COUNT);
	kt0.sort_order = 1;
	kt0.direction = DIR_LOWER;

	assert_int_equal(store_indicator_put(f->s, &num, &e), 0);
	assert_int_equal(store_indicator_put(f->s, &den, &e), 0);
	assert_int_equal(store_indicator_put(f->s, &ratio, &e), 0);
	assert_int_equal(store_indicator_put(f->s, &kt, &e), 0);
	assert_int_equal(store_indicator_put(f->s, &kt0, &e), 0);

	assert_int_equal(store_indicator_get(f->s, "BHYT", &got, &e), 0);
	assert_int_equal(got.id, ratio.id);
	assert_int_equal(got.kind, IND_RATIO);
	assert_int_equal(got.rollup, ROLLUP_RATIO);
	assert_int_equal(got.freq, FREQ_YEAR);
	assert_int_equal(got.ratio_scale, 100);
	assert_string_equal(got.numerator, "BHYT_CO");
	assert_string_equal(got.denominator, "DAN_SO");
	assert_string_equal(got.agency_code, "YTE");
	assert_string_equal(got.uom, "%");

	int64_t id = kt.id;
	snprintf(kt.name_vi, sizeof kt.name_vi, "Thu ngân sách nhà nước trên địa bàn");
	kt.decimals = 2;
	assert_int_equal(store_indicator_put(f->s, &kt, &e), 0);
	assert_int_equal(kt.id, id);
	assert_int_equal(store_indicator_get(f->s, "KT01", &got, &e), 0);
	assert_string_equal(got.name_vi, "Thu ngân sách nhà nước trên địa bàn");
	assert_string_equal(got.name_en, "State budget revenue");
	assert_int_equal(got.decimals, 2);
	assert_int_equal(got.uom_scale, 9);
	assert_string_equal(got.agency_code, "TCKH");

	/* Ordered by sector, then sort_order, then code. */
	assert_int_equal(store_indicator_list(f->s, &list, &n, &e), 0);
	assert_int_equal(n, 5);
	const char *want[] = {"KT09", "KT01", "BHYT", "BHYT_CO", "DAN_SO"};
	for (size_t i = 0; i < n; i++)
		assert_string_equal(list[i].code, want[i]);
	assert_int_equal(list[0].direction, DIR_LOWER);
	assert_int_equal(list[0].kind, IND_COUNT);
	assert_int_equal(list[0].freq, FREQ_QUARTER);
	free(list);

	assert_int_equal(store_indicator_get(f->s, "NOPE", &got, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "NOPE"));
}

/* The value type and bounds of an indicator are kept (schema 10), set and
 * removed, and a value outside them is refused with nothing written. */
static void test_indicator_bounds_are_kept_and_hold_for_values(void **state)
{
	fixture *f = *state;
	err e;
	put_tree(f->s);
	indicator ind = make_ind("KT05", FREQ_MONTH, IND_FLOW);
	ind.value_type = VT_WHOLE;
	ind.has_min = true;
	ind.min = -NUM_INT(10);
	ind.has_max = true;
	ind.max = NUM_INT(500);
	assert_int_equal(store_indicator_put(f->s, &ind, &e), 0);
	indicator got;
	assert_int_equal(store_indicator_get(f->s, "KT05", &got, &e), 0);
	assert_int_equal(got.value_type, VT_WHOLE);
	assert_true(got.has_min && got.has_max);
	assert_int_equal(got.min, -NUM_INT(10));
	assert_int_equal(got.max, NUM_INT(500));
	assert_int_equal(put_value(f->s, "KT05", "01837", period_month(2022, 6), -NUM_INT(10), NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT05", "01837", period_month(2022, 7), NUM_INT(501), NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "mức tối đa 500"));
	assert_int_equal(put_value(f->s, "KT05", "01837", period_month(2022, 7), NUM_INT(5) + 5000, NULL, &e),
			 ERR_INVALID);
	value v;
	assert_int_equal(store_value_get(f->s, "KT05", "01837", &(period){PERIOD_MONTH, 2022, 7}, &v, &e), ERR_NOTFOUND);
	/* bounds removed: back to a non-negative flow */
	got.has_min = got.has_max = false;
	got.value_type = VT_NUMBER;
	assert_int_equal(store_indicator_put(f->s, &got, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT05", &got, &e), 0);
	assert_false(got.has_min || got.has_max);
	assert_int_equal(got.value_type, VT_NUMBER);
	assert_int_equal(put_value(f->s, "KT05", "01837", period_month(2022, 8), -NUM_INT(1), NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "không được âm"));
}

/* An indicator's other names (schema 16, issue #19) are kept, changed and
 * cleared. */
static void test_indicator_synonyms_are_kept(void **state)
{
	fixture *f = *state;
	err e;
	indicator ind = make_ind("KT06", FREQ_YEAR, IND_LEVEL);
	snprintf(ind.synonyms, sizeof ind.synonyms, "%s", "thu nhập bình quân đầu người; TNBQ");
	assert_int_equal(store_indicator_put(f->s, &ind, &e), 0);
	indicator got;
	assert_int_equal(store_indicator_get(f->s, "KT06", &got, &e), 0);
	assert_string_equal(got.synonyms, "thu nhập bình quân đầu người; TNBQ");
	snprintf(got.synonyms, sizeof got.synonyms, "%s", "");
	assert_int_equal(store_indicator_put(f->s, &got, &e), 0);
	indicator *all = NULL;
	size_t n = 0;
	assert_int_equal(store_indicator_list(f->s, &all, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(all[0].synonyms, "");
	free(all);
}

static void test_indicator_with_unknown_reference_is_refused(void **state)
{
	fixture *f = *state;
	indicator ind = make_ind("KT01", FREQ_MONTH, IND_FLOW), got;
	err e;

	snprintf(ind.agency_code, sizeof ind.agency_code, "KHONGCO");
	assert_int_equal(store_indicator_put(f->s, &ind, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "KHONGCO"));
	assert_int_equal(store_indicator_get(f->s, "KT01", &got, &e), ERR_NOTFOUND);

	indicator r = make_ind("R1", FREQ_YEAR, IND_RATIO);
	r.ratio_scale = 100;
	snprintf(r.numerator, sizeof r.numerator, "N1");
	snprintf(r.denominator, sizeof r.denominator, "D1");
	assert_int_equal(store_indicator_put(f->s, &r, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "N1"));
}

static void test_indicator_frequency_change_refused_once_it_has_values(void **state)
{
	fixture *f = *state;
	indicator ind = make_ind("KT01", FREQ_MONTH, IND_FLOW);
	err e;

	put_tree(f->s);
	assert_int_equal(store_indicator_put(f->s, &ind, &e), 0);
	ind.freq = FREQ_QUARTER; /* no values yet: allowed */
	assert_int_equal(store_indicator_put(f->s, &ind, &e), 0);
	period q2 = {PERIOD_QUARTER, 2022, 2};
	assert_int_equal(put_value(f->s, "KT01", "01834", q2, NUM_INT(5), NULL, &e), 0);
	ind.freq = FREQ_MONTH;
	assert_int_equal(store_indicator_put(f->s, &ind, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "KT01"));
	indicator got;
	assert_int_equal(store_indicator_get(f->s, "KT01", &got, &e), 0);
	assert_int_equal(got.freq, FREQ_QUARTER);
}

/* ---- targets ---------------------------------------------------------- */

static target make_target(const char *ind, const char *unit_code, int y0, int y1,
			  target_source src, num_t v)
{
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", ind);
	snprintf(t.unit_code, sizeof t.unit_code, "%s", unit_code);
	t.year_from = y0;
	t.year_to = y1;
	t.kind = TGT_AT_LEAST;
	t.source = src;
	t.value = v;
	return t;
}

static void test_targets_upsert_and_list_filters(void **state)
{
	fixture *f = *state;
	target *list = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	put_ind(f->s, "KT02", FREQ_MONTH);
	target a = make_target("KT01", "058", 2020, 2020, TGT_SRC_ASSIGNED, NUM_INT(151));
	target b = make_target("KT01", "058", 2021, 2021, TGT_SRC_ASSIGNED, 1555000);
	target c = make_target("KT01", "058", 2021, 2025, TGT_SRC_OWN, NUM_INT(900));
	target d = make_target("KT02", "01834", 2021, 2021, TGT_SRC_OWN, NUM_INT(3250));
	target p = make_target("KT02", "01834", 2021, 2021, TGT_SRC_ASSIGNED, NUM_INT(3000));
	p.kind = TGT_REDUCE_TO;
	p.has_baseline = true;
	p.baseline = NUM_INT(4000);
	snprintf(p.note, sizeof p.note, "tỉnh giao");
	target *all[] = {&a, &b, &c, &d, &p};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(store_target_put(f->s, all[i], &e), 0);

	/* Same key: updated in place, same id. */
	int64_t id = b.id;
	b.value = NUM_INT(160);
	assert_int_equal(store_target_put(f->s, &b, &e), 0);
	assert_int_equal(b.id, id);

	assert_int_equal(store_target_list(f->s, NULL, NULL, 0, &list, &n, &e), 0);
	assert_int_equal(n, 5);
	free(list);

	/* Year 2023 lies inside the 2021-2025 term only. */
	assert_int_equal(store_target_list(f->s, "KT01", NULL, 2023, &list, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].year_from, 2021);
	assert_int_equal(list[0].year_to, 2025);
	assert_int_equal(list[0].source, TGT_SRC_OWN);
	free(list);

	/* 2021: the year's target, then the term's (ordered by year_from, year_to). */
	assert_int_equal(store_target_list(f->s, "KT01", "058", 2021, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].year_to, 2021);
	assert_int_equal(list[0].value, NUM_INT(160));
	assert_int_equal(list[0].id, id);
	assert_int_equal(list[1].year_to, 2025);
	free(list);

	assert_int_equal(store_target_list(f->s, NULL, "01834", 0, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].source, TGT_SRC_ASSIGNED);
	assert_int_equal(list[0].kind, TGT_REDUCE_TO);
	assert_true(list[0].has_baseline);
	assert_int_equal(list[0].baseline, NUM_INT(4000));
	assert_string_equal(list[0].note, "tỉnh giao");
	assert_int_equal(list[1].source, TGT_SRC_OWN);
	assert_false(list[1].has_baseline);
	free(list);

	assert_int_equal(store_target_delete(f->s, &d, &e), 0);
	assert_int_equal(store_target_delete(f->s, &d, &e), ERR_NOTFOUND);
	assert_int_equal(store_target_list(f->s, NULL, "01834", 0, &list, &n, &e), 0);
	assert_int_equal(n, 1);
	free(list);

	target bad = make_target("KT01", "99999", 2021, 2021, TGT_SRC_OWN, 1);
	assert_int_equal(store_target_put(f->s, &bad, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "99999"));
}

/* ---- values ------------------------------------------------------------ */

static void test_value_put_inserts_skips_equal_and_audits_updates(void **state)
{
	fixture *f = *state;
	period jun = period_month(2022, 6);
	store_change ch;
	value got;
	value_audit *h = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "058", jun, 2852000, &ch, &e), 0);
	assert_int_equal(ch, STORE_INSERTED);
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), 0);
	assert_int_equal(got.amount, 2852000);
	assert_false(got.estimate);
	assert_string_equal(got.by, "tckh");
	assert_true(got.at > 0);
	assert_int_equal(got.period.type, PERIOD_MONTH);
	assert_int_equal(got.period.index, 6);
	assert_int_equal(store_value_history(f->s, "KT01", "058", &jun, &h, &n, &e), 0);
	assert_int_equal(n, 0); /* first entry: the row itself says who and when */
	free(h);

	assert_int_equal(put_value(f->s, "KT01", "058", jun, 2852000, &ch, &e), 0);
	assert_int_equal(ch, STORE_UNCHANGED);

	value v = make_value("KT01", "058", jun, 2852000);
	v.estimate = true; /* the flag alone is a change */
	snprintf(v.by, sizeof v.by, "van_phong");
	assert_int_equal(store_value_put(f->s, &v, "ước tính lại", &ch, &e), 0);
	assert_int_equal(ch, STORE_UPDATED);
	assert_int_equal(put_value(f->s, "KT01", "058", jun, 2850000, &ch, &e), 0);
	assert_int_equal(ch, STORE_UPDATED);

	assert_int_equal(store_value_history(f->s, "KT01", "058", &jun, &h, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_true(h[0].had_old);
	assert_int_equal(h[0].old_amount, 2852000);
	assert_false(h[0].old_estimate);
	assert_true(h[0].has_new);
	assert_int_equal(h[0].new_amount, 2852000);
	assert_true(h[0].new_estimate);
	assert_string_equal(h[0].by, "van_phong");
	assert_string_equal(h[0].reason, "ước tính lại");
	assert_string_equal(h[0].indicator_code, "KT01");
	assert_int_equal(h[1].old_amount, 2852000);
	assert_true(h[1].old_estimate);
	assert_int_equal(h[1].new_amount, 2850000);
	assert_false(h[1].new_estimate);
	free(h);

	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), 0);
	assert_int_equal(got.amount, 2850000);
}

/* Optimistic concurrency: a write made against what the writer saw is refused
 * (nothing written, stale set) once someone else set, changed or deleted it. */
static void test_value_put_expect_refuses_a_value_changed_meanwhile(void **state)
{
	fixture *f = *state;
	period jun = period_month(2022, 6);
	store_change ch = STORE_UNCHANGED;
	bool stale = false;
	value got;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	/* the officer saw an empty cell; someone else set it first */
	store_value_expect none = {.had = false};
	assert_int_equal(put_value(f->s, "KT01", "058", jun, 100, &ch, &e), 0);
	value mine = make_value("KT01", "058", jun, 120);
	snprintf(mine.by, sizeof mine.by, "songcau");
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &none, &stale, &ch, &e), ERR_CONFLICT);
	assert_true(stale);
	assert_int_equal(ch, STORE_UNCHANGED);
	assert_non_null(strstr(e.msg, "tckh"));
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), 0);
	assert_int_equal(got.amount, 100); /* nothing written */

	/* it saw 100 (with its time): the write goes through */
	store_value_expect saw = {.had = true, .amount = 100, .estimate = false, .at = got.at};
	mine = make_value("KT01", "058", jun, 120);
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &saw, &stale, &ch, &e), 0);
	assert_false(stale);
	assert_int_equal(ch, STORE_UPDATED);

	/* a second phone that also saw 100 is refused: 120 is stored now */
	mine = make_value("KT01", "058", jun, 130);
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &saw, &stale, &ch, &e), ERR_CONFLICT);
	assert_true(stale);
	/* the estimate flag alone is a change too */
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), 0);
	store_value_expect est = {.had = true, .amount = 120, .estimate = true};
	mine = make_value("KT01", "058", jun, 130);
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &est, &stale, &ch, &e), ERR_CONFLICT);
	/* another time of the same figure: changed and changed back by someone */
	store_value_expect old_at = {.had = true, .amount = 120, .estimate = false, .at = got.at - 1};
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &old_at, &stale, &ch, &e), ERR_CONFLICT);
	/* the figure already stored is no conflict, whatever was seen */
	mine = make_value("KT01", "058", jun, 120);
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &none, &stale, &ch, &e), 0);
	assert_false(stale);
	assert_int_equal(ch, STORE_UNCHANGED);
	/* deleted meanwhile */
	assert_int_equal(store_value_delete(f->s, "KT01", "058", &jun, "tckh", "xóa", &e), 0);
	mine = make_value("KT01", "058", jun, 140);
	store_value_expect saw120 = {.had = true, .amount = 120};
	assert_int_equal(store_value_put_expect(f->s, &mine, "", &saw120, &stale, &ch, &e), ERR_CONFLICT);
	assert_true(stale);
	assert_non_null(strstr(e.msg, "xóa"));
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), ERR_NOTFOUND);
	/* a wrong frequency is an ERR_CONFLICT that is not stale */
	period q2;
	assert_true(period_ending_in(PERIOD_QUARTER, 2022, 6, &q2));
	mine = make_value("KT01", "058", q2, 140);
	assert_int_not_equal(store_value_put_expect(f->s, &mine, "", &none, &stale, &ch, &e), 0);
	assert_false(stale);
}

static void test_value_delete_keeps_audit(void **state)
{
	fixture *f = *state;
	period jun = period_month(2022, 6);
	value got;
	value_audit *h = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "058", jun, NUM_INT(285), NULL, &e), 0);
	assert_int_equal(store_value_delete(f->s, "KT01", "058", &jun, "admin", "nhập nhầm", &e), 0);
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), ERR_NOTFOUND);
	assert_int_equal(store_value_delete(f->s, "KT01", "058", &jun, "admin", "lần 2", &e),
			 ERR_NOTFOUND);
	assert_int_equal(store_value_history(f->s, "KT01", "058", &jun, &h, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_true(h[0].had_old);
	assert_int_equal(h[0].old_amount, NUM_INT(285));
	assert_false(h[0].has_new);
	assert_string_equal(h[0].by, "admin");
	assert_string_equal(h[0].reason, "nhập nhầm");
	free(h);
}

static void test_value_of_wrong_frequency_is_refused(void **state)
{
	fixture *f = *state;
	period q2 = {PERIOD_QUARTER, 2022, 2};
	store_change ch = STORE_INSERTED;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "058", q2, NUM_INT(1), &ch, &e), ERR_CONFLICT);
	assert_int_equal(ch, STORE_UNCHANGED);
	assert_non_null(strstr(e.msg, "KT01"));
	assert_non_null(strstr(e.msg, "2022Q2"));
	assert_non_null(strstr(e.msg, "tháng"));
	assert_int_equal(put_value(f->s, "NOPE", "058", q2, NUM_INT(1), NULL, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "NOPE"));
	assert_int_equal(put_value(f->s, "KT01", "99999", period_month(2022, 6), NUM_INT(1), NULL, &e),
			 ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "99999"));
}

static void test_value_for_unit_not_yet_valid_is_refused(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	store_change ch;
	err e;

	put_unit(f->s, "06", "", UNIT_PROVINCE, none, none);
	put_unit(f->s, "01840", "06", UNIT_WARD, D(2025, 7, 1), none);
	put_unit(f->s, "01834", "06", UNIT_WARD, none, D(2025, 6, 30));
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "01840", period_month(2025, 6), 1, &ch, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01840"));
	assert_non_null(strstr(e.msg, "tháng 6/2025"));
	assert_non_null(strstr(e.msg, "01/07/2025"));
	assert_int_equal(put_value(f->s, "KT01", "01840", period_month(2025, 7), 1, &ch, &e), 0);
	assert_int_equal(ch, STORE_INSERTED);
	/* And the other end: a merged ward takes no values after it ended. */
	assert_int_equal(put_value(f->s, "KT01", "01834", period_month(2025, 7), 1, &ch, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "30/06/2025"));
	assert_int_equal(put_value(f->s, "KT01", "01834", period_month(2025, 6), 1, &ch, &e), 0);
}

static void test_value_for_ratio_indicator_is_accepted(void **state)
{
	fixture *f = *state;
	store_change ch;
	err e;

	put_tree(f->s);
	put_ind(f->s, "N", FREQ_YEAR);
	put_ind(f->s, "D", FREQ_YEAR);
	indicator r = make_ind("BHYT", FREQ_YEAR, IND_RATIO);
	r.ratio_scale = 100;
	snprintf(r.numerator, sizeof r.numerator, "N");
	snprintf(r.denominator, sizeof r.denominator, "D");
	assert_int_equal(store_indicator_put(f->s, &r, &e), 0);
	period y = {PERIOD_YEAR, 2020, 1};
	assert_int_equal(put_value(f->s, "BHYT", "058", y, 922300, &ch, &e), 0);
	assert_int_equal(ch, STORE_INSERTED);
}

static void test_failed_write_inside_transaction_leaves_nothing_after_rollback(void **state)
{
	fixture *f = *state;
	period jun = period_month(2022, 6), q2 = {PERIOD_QUARTER, 2022, 2};
	value got;
	value_audit *h = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "01834", jun, NUM_INT(10), NULL, &e), 0);

	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", jun, NUM_INT(285), NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01834", jun, NUM_INT(11), NULL, &e), 0);
	assert_int_equal(store_begin(f->s, &e), 0); /* nested */
	assert_int_equal(put_value(f->s, "KT01", "01837", jun, NUM_INT(3), NULL, &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0); /* inner: nothing written yet */
	assert_int_equal(put_value(f->s, "KT01", "058", q2, NUM_INT(1), NULL, &e), ERR_CONFLICT);
	store_rollback(f->s);

	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), ERR_NOTFOUND);
	assert_int_equal(store_value_get(f->s, "KT01", "01837", &jun, &got, &e), ERR_NOTFOUND);
	assert_int_equal(store_value_get(f->s, "KT01", "01834", &jun, &got, &e), 0);
	assert_int_equal(got.amount, NUM_INT(10));
	assert_int_equal(store_value_history(f->s, "KT01", "01834", &jun, &h, &n, &e), 0);
	assert_int_equal(n, 0);
	free(h);

	/* Commit without begin is an error, and a committed transaction stays. */
	assert_int_equal(store_commit(f->s, &e), ERR_CONFLICT);
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", jun, NUM_INT(285), NULL, &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), 0);
}

typedef struct collected {
	store_cell cells[64];
	size_t n;
} collected;

static int collect_cell(void *ctx, const store_cell *c)
{
	collected *col = ctx;
	if (col->n >= 64)
		return -99;
	col->cells[col->n++] = *c;
	return 0;
}

static int cell_order(const void *a, const void *b)
{
	const store_cell *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->indicator_id != y->indicator_id)
		return x->indicator_id < y->indicator_id ? -1 : 1;
	if (x->year != y->year)
		return x->year - y->year;
	return x->month - y->month;
}

static void test_cells_for_units_returns_exactly_the_inserted_cells(void **state)
{
	fixture *f = *state;
	unit w1, w2, city;
	indicator kt1, kt2;
	collected col = {.n = 0};
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	put_ind(f->s, "KT02", FREQ_QUARTER);
	assert_int_equal(store_unit_get(f->s, "01834", &w1, &e), 0);
	assert_int_equal(store_unit_get(f->s, "01837", &w2, &e), 0);
	assert_int_equal(store_unit_get(f->s, "058", &city, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT01", &kt1, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT02", &kt2, &e), 0);

	period q2 = {PERIOD_QUARTER, 2022, 2};
	value est = make_value("KT02", "01837", q2, NUM_INT(7));
	est.estimate = true;
	assert_int_equal(store_value_put(f->s, &est, NULL, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01834", period_month(2022, 1), 11, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01834", period_month(2021, 12), 12, NULL, &e), 0);
	/* Outside the years or the units asked for: */
	assert_int_equal(put_value(f->s, "KT01", "01834", period_month(2020, 12), 13, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 1), 14, NULL, &e), 0);

	int64_t ids[] = {w1.id, w2.id};
	assert_int_equal(store_cells_for_units(f->s, ids, 2, 2021, 2022, collect_cell, &col, &e), 0);
	assert_int_equal(col.n, 3);
	qsort(col.cells, col.n, sizeof col.cells[0], cell_order);
	store_cell want[3] = {
		{kt1.id, w1.id, 2021, 12, 12, false},
		{kt1.id, w1.id, 2022, 1, 11, false},
		{kt2.id, w2.id, 2022, 6, NUM_INT(7), true},
	};
	qsort(want, 3, sizeof want[0], cell_order);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(col.cells[i].indicator_id, want[i].indicator_id);
		assert_int_equal(col.cells[i].unit_id, want[i].unit_id);
		assert_int_equal(col.cells[i].year, want[i].year);
		assert_int_equal(col.cells[i].month, want[i].month);
		assert_int_equal(col.cells[i].amount, want[i].amount);
		assert_int_equal(col.cells[i].estimate, want[i].estimate);
	}
}

/* What the reads of many units saw, per unit (by its position in the list). */
#define MANY 150
typedef struct many_seen {
	int64_t id[MANY];   /* the units asked for, in the order asked */
	int cells[MANY], targets[MANY], rollups[MANY], entries[MANY];
	num_t amount[MANY], target[MANY];
} many_seen;

static int many_pos(const many_seen *m, int64_t id)
{
	for (int k = 0; k < MANY; k++)
		if (m->id[k] == id)
			return k;
	return -1;
}

static int many_cell(void *ctx, const store_cell *c)
{
	many_seen *m = ctx;
	int k = many_pos(m, c->unit_id);
	assert_true(k >= 0);
	m->cells[k]++;
	m->amount[k] = c->amount;
	return 0;
}

static int many_entry(void *ctx, const store_entry *x)
{
	many_seen *m = ctx;
	int k = many_pos(m, x->unit_id);
	assert_true(k >= 0);
	m->entries[k]++;
	assert_int_equal(x->at, 1700000000 + k);
	return 0;
}

static int many_target(void *ctx, size_t pos, int64_t indicator_id, const target *t)
{
	many_seen *m = ctx;
	(void)indicator_id;
	assert_true(pos < MANY);
	m->targets[pos]++;
	m->target[pos] = t->value;
	return 0;
}

static int many_rollup(void *ctx, const store_rollup *r)
{
	many_seen *m = ctx;
	int k = many_pos(m, r->unit_id);
	assert_true(k >= 0);
	m->rollups[k]++;
	assert_int_equal(r->m[2].sum, NUM_INT(1));
	return 0;
}

/* Reads of many units go STORE_IN_N (64) at a time to a server: 150 units,
 * asked in an order that is not the ids', each seen once with its own row,
 * also when the read was started ahead, or another was. */
static void test_reads_of_many_units_give_each_unit_its_rows_once(void **state)
{
	fixture *f = *state;
	many_seen *m = calloc(1, sizeof *m);
	err e;
	assert_non_null(m);
	put_ind(f->s, "KT01", FREQ_MONTH);
	cdate none = {0, 0, 0};
	put_unit(f->s, "VN", "", UNIT_PROVINCE, none, none);
	assert_int_equal(store_begin(f->s, &e), 0);
	for (int k = 0; k < MANY; k++) {
		char code[16], kid[16];
		snprintf(code, sizeof code, "P%03d", k);
		snprintf(kid, sizeof kid, "X%03d", k);
		put_unit(f->s, code, "VN", UNIT_PROVINCE, none, none);
		put_unit(f->s, kid, code, UNIT_WARD, none, none);
		assert_int_equal(put_value(f->s, "KT01", code, period_month(2024, 1 + k % 12), NUM_INT(k + 1),
					   NULL, &e), 0);
		assert_int_equal(put_value(f->s, "KT01", kid, period_month(2024, 3), NUM_INT(1), NULL, &e), 0);
		target t = make_target("KT01", code, 2024, 2024, TGT_SRC_ASSIGNED, NUM_INT(1000 + k));
		assert_int_equal(store_target_put(f->s, &t, &e), 0);
	}
	assert_int_equal(store_commit(f->s, &e), 0);
	for (int k = 0; k < MANY; k++) {
		char code[16];
		unit u;
		snprintf(code, sizeof code, "P%03d", (k * 7) % MANY); /* 7 is prime to 150 */
		assert_int_equal(store_unit_get(f->s, code, &u, &e), 0);
		m->id[k] = u.id;
	}
	assert_int_equal(store_cells_for_units(f->s, m->id, MANY, 2024, 2024, many_cell, m, &e), 0);
	assert_int_equal(store_targets_for_units(f->s, m->id, MANY, 2024, many_target, m, &e), 0);
	assert_int_equal(store_rollup_for_units(f->s, m->id, MANY, 2024, 2024, many_rollup, m, &e), 0);
	for (int k = 0; k < MANY; k++) {
		/* when each province's value was entered: its position in the list, to check the mapping */
		value v = make_value("KT01", "", period_month(2024, 1 + ((k * 7) % MANY) % 12), NUM_INT((k * 7) % MANY + 2));
		snprintf(v.unit_code, sizeof v.unit_code, "P%03d", (k * 7) % MANY);
		v.at = 1700000000 + k;
		assert_int_equal(store_value_put(f->s, &v, "", NULL, &e), 0);
	}
	assert_int_equal(store_entries_for_units(f->s, m->id, MANY, 2024, 2024, many_entry, m, &e), 0);
	for (int k = 0; k < MANY; k++) {
		int which = (k * 7) % MANY;
		assert_int_equal(m->entries[k], 1);
		assert_int_equal(m->cells[k], 1);
		assert_int_equal(m->amount[k], NUM_INT(which + 1));
		assert_int_equal(m->targets[k], 1);
		assert_int_equal(m->target[k], NUM_INT(1000 + which));
		assert_int_equal(m->rollups[k], 1);
	}
	/* started ahead (store_prefetch_units) inside a read transaction: the same
	 * read takes its rows; a read of other units or years drops it */
	memset(m->cells, 0, sizeof m->cells);
	memset(m->targets, 0, sizeof m->targets);
	memset(m->rollups, 0, sizeof m->rollups);
	assert_int_equal(store_read_begin(f->s, &e), 0);
	store_prefetch_units(f->s, STORE_READ_CELLS, m->id, MANY, 2024, 2024);
	store_prefetch_units(f->s, STORE_READ_ROLLUPS, m->id + 1, MANY - 1, 2024, 2024);
	store_prefetch_units(f->s, STORE_READ_TARGETS, m->id, MANY, 2023, 2023);
	assert_int_equal(store_cells_for_units(f->s, m->id, MANY, 2024, 2024, many_cell, m, &e), 0);
	assert_int_equal(store_rollup_for_units(f->s, m->id, MANY, 2024, 2024, many_rollup, m, &e), 0);
	assert_int_equal(store_targets_for_units(f->s, m->id, MANY, 2024, many_target, m, &e), 0);
	store_prefetch_units(f->s, STORE_READ_CELLS, m->id, 2, 2024, 2024); /* dropped by the end of the transaction */
	store_read_end(f->s);
	for (int k = 0; k < MANY; k++) {
		assert_int_equal(m->cells[k], 1);
		assert_int_equal(m->rollups[k], 1);
		assert_int_equal(m->targets[k], 1);
		assert_int_equal(m->target[k], NUM_INT(1000 + (k * 7) % MANY));
	}
	/* a short list: fewer than 64, the last id repeated to fill the statement */
	memset(m->cells, 0, sizeof m->cells);
	assert_int_equal(store_cells_for_units(f->s, m->id, 3, 2024, 2024, many_cell, m, &e), 0);
	for (int k = 0; k < MANY; k++)
		assert_int_equal(m->cells[k], k < 3);
	free(m);
}

static int stop_at_first(void *ctx, const value *v)
{
	int *count = ctx;
	(void)v;
	(*count)++;
	return 42;
}

typedef struct seen_values {
	char keys[16][128];
	size_t n;
} seen_values;

static int see_value(void *ctx, const value *v)
{
	seen_values *sv = ctx;
	buf b;
	if (sv->n >= 16)
		return -1;
	buf_init(&b, 64);
	period_format_code(&b, &v->period);
	snprintf(sv->keys[sv->n++], sizeof sv->keys[0], "%s/%s/%s", v->indicator_code, v->unit_code, buf_cstr(&b));
	buf_free(&b);
	return 0;
}

static void test_value_each_filters_and_orders(void **state)
{
	fixture *f = *state;
	seen_values sv = {.n = 0};
	int count = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	put_ind(f->s, "KT02", FREQ_QUARTER);
	period q2 = {PERIOD_QUARTER, 2022, 2};
	assert_int_equal(put_value(f->s, "KT02", "058", q2, 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 2), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2021, 12), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01834", period_month(2022, 1), 1, NULL, &e), 0);

	store_value_filter all = {0};
	assert_int_equal(store_value_each(f->s, &all, see_value, &sv, &e), 0);
	assert_int_equal(sv.n, 4);
	assert_string_equal(sv.keys[0], "KT01/01834/202201");
	assert_string_equal(sv.keys[1], "KT01/058/202112");
	assert_string_equal(sv.keys[2], "KT01/058/202202");
	assert_string_equal(sv.keys[3], "KT02/058/2022Q2");

	sv.n = 0;
	store_value_filter flt = {.unit_code = "058", .year_from = 2022, .year_to = 2022};
	assert_int_equal(store_value_each(f->s, &flt, see_value, &sv, &e), 0);
	assert_int_equal(sv.n, 2);
	assert_string_equal(sv.keys[0], "KT01/058/202202");
	assert_string_equal(sv.keys[1], "KT02/058/2022Q2");

	assert_int_equal(store_value_each(f->s, NULL, stop_at_first, &count, &e), 42);
	assert_int_equal(count, 1);
}

static void test_bulk_writer_counts_inserts_unchanged_and_updates(void **state)
{
	fixture *f = *state;
	store_bulk *b = NULL;
	unit w;
	indicator kt;
	int counts[3] = {0, 0, 0};
	value_audit *h = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(store_unit_get(f->s, "01834", &w, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT01", &kt, &e), 0);

	/* Without a transaction the writer refuses to start. */
	assert_int_equal(store_bulk_begin(f->s, "import", "tệp 1", &b, &e), ERR_CONFLICT);
	assert_null(b);

	for (int round = 0; round < 3; round++) {
		assert_int_equal(store_begin(f->s, &e), 0);
		assert_int_equal(store_bulk_begin(f->s, "import", "tệp 1", &b, &e), 0);
		for (int y = 2021; y <= 2022; y++)
			for (int m = 1; m <= 12; m++) {
				store_cell c = {kt.id, w.id, y, m, NUM_INT(y + m), false};
				store_change ch;
				if (round == 2 && m <= 3)
					c.amount += 1; /* 6 changed values */
				assert_int_equal(store_bulk_put(b, &c, &ch, &e), 0);
				counts[ch]++;
			}
		store_bulk_end(b);
		assert_int_equal(store_commit(f->s, &e), 0);
	}
	/* Ids the store does not know are refused (the value table's references). */
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_bulk_begin(f->s, "import", "tệp 2", &b, &e), 0);
	store_cell bad_unit = {kt.id, w.id + 1000, 2022, 1, 1, false};
	store_cell bad_ind = {kt.id + 1000, w.id, 2022, 1, 1, false};
	assert_int_equal(store_bulk_put(b, &bad_unit, NULL, &e), ERR_NOTFOUND);
	assert_int_equal(store_bulk_put(b, &bad_ind, NULL, &e), ERR_NOTFOUND);
	store_bulk_end(b);
	store_rollback(f->s);

	assert_int_equal(counts[STORE_INSERTED], 24);
	assert_int_equal(counts[STORE_UNCHANGED], 24 + 18);
	assert_int_equal(counts[STORE_UPDATED], 6);

	period feb = period_month(2022, 2);
	assert_int_equal(store_value_history(f->s, "KT01", "01834", &feb, &h, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].old_amount, NUM_INT(2024));
	assert_int_equal(h[0].new_amount, NUM_INT(2024) + 1);
	assert_string_equal(h[0].by, "import");
	assert_string_equal(h[0].reason, "tệp 1");
	free(h);
	value got;
	assert_int_equal(store_value_get(f->s, "KT01", "01834", &feb, &got, &e), 0);
	assert_int_equal(got.amount, NUM_INT(2024) + 1);
	assert_string_equal(got.by, "import");
}

/* ---- review fixes ----------------------------------------------------- */

static int count_rows(store *s, const char *sql)
{
	db_stmt *st;
	int n = -1;
	assert_int_equal(db_prepare(s->db, sql, false, &st, NULL), 0);
	if (db_step(st) == DB_ROW)
		n = (int)db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static void test_unit_validity_cannot_be_narrowed_past_its_values_or_targets(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	unit u, got;
	err e;

	put_unit(f->s, "06", "", UNIT_PROVINCE, none, none);
	put_unit(f->s, "01840", "06", UNIT_WARD, none, none);
	put_ind(f->s, "KT01", FREQ_MONTH);
	put_ind(f->s, "KT02", FREQ_YEAR);
	assert_int_equal(put_value(f->s, "KT02", "01840", (period){PERIOD_YEAR, 2025, 1}, 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01840", period_month(2024, 6), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01840", period_month(2024, 3), 1, NULL, &e), 0);

	assert_int_equal(store_unit_get(f->s, "01840", &u, &e), 0);
	u.valid_from = D(2025, 7, 1);
	assert_int_equal(store_unit_put(f->s, &u, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "KT01"));
	assert_non_null(strstr(e.msg, "tháng 3/2024")); /* the first one outside */
	assert_int_equal(store_unit_get(f->s, "01840", &got, &e), 0);
	assert_true(cdate_is_none(got.valid_from));

	/* Overlap, as for values: the year 2025 value keeps a ward formed on 01/07/2025. */
	period mar = period_month(2024, 3), jun = period_month(2024, 6);
	assert_int_equal(store_value_delete(f->s, "KT01", "01840", &mar, "a", "sai", &e), 0);
	assert_int_equal(store_value_delete(f->s, "KT01", "01840", &jun, "a", "sai", &e), 0);
	/* An annual target outside the window blocks the narrowing too. */
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "KT01");
	snprintf(t.unit_code, sizeof t.unit_code, "01840");
	t.year_from = t.year_to = 2024;
	t.kind = TGT_AT_LEAST;
	t.source = TGT_SRC_ASSIGNED;
	t.value = NUM_INT(5);
	assert_int_equal(store_target_put(f->s, &t, &e), 0);
	assert_int_equal(store_unit_put(f->s, &u, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "2024"));
	assert_non_null(strstr(e.msg, "KT01"));
	assert_int_equal(store_target_delete(f->s, &t, &e), 0);
	assert_int_equal(store_unit_put(f->s, &u, &e), 0);
	assert_int_equal(store_unit_get(f->s, "01840", &got, &e), 0);
	assert_int_equal(got.valid_from.y, 2025);

	/* The other end: ending the ward before a value it has. */
	assert_int_equal(put_value(f->s, "KT01", "01840", period_month(2025, 9), 1, NULL, &e), 0);
	u.valid_to = D(2025, 8, 31);
	assert_int_equal(store_unit_put(f->s, &u, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tháng 9/2025"));
}

static void test_target_changes_and_deletes_are_audited_with_the_actor(void **state)
{
	fixture *f = *state;
	target_audit *h = NULL;
	size_t n = 0;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	target t = make_target("KT01", "058", 2021, 2021, TGT_SRC_ASSIGNED, NUM_INT(155));
	assert_int_equal(store_target_put(f->s, &t, &e), 0); /* first insert: no row */
	assert_int_equal(store_target_put(f->s, &t, &e), 0); /* unchanged: no row */
	assert_int_equal(store_target_history(f->s, "KT01", "058", 2021, 2021, &h, &n, &e), 0);
	assert_int_equal(n, 0);
	free(h);

	t.value = NUM_INT(160); /* changed by the default actor */
	assert_int_equal(store_target_put(f->s, &t, &e), 0);
	store_set_actor(f->s, "nguyen.van.a");
	t.kind = TGT_REDUCE_TO;
	t.has_baseline = true;
	t.baseline = NUM_INT(200);
	snprintf(t.note, sizeof t.note, "điều chỉnh");
	assert_int_equal(store_target_put(f->s, &t, &e), 0);
	assert_int_equal(store_target_delete(f->s, &t, &e), 0);
	/* Another key is not in this history. */
	target other = make_target("KT01", "058", 2021, 2025, TGT_SRC_ASSIGNED, NUM_INT(1));
	assert_int_equal(store_target_put(f->s, &other, &e), 0);
	other.value = NUM_INT(2);
	assert_int_equal(store_target_put(f->s, &other, &e), 0);

	assert_int_equal(store_target_history(f->s, "KT01", "058", 2021, 2021, &h, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_true(h[0].had_old);
	assert_int_equal(h[0].old_target.value, NUM_INT(155));
	assert_true(h[0].has_new);
	assert_int_equal(h[0].new_target.value, NUM_INT(160));
	assert_string_equal(h[0].by, "system");
	assert_true(h[0].at > 0);
	assert_int_equal(h[1].old_target.kind, TGT_AT_LEAST);
	assert_false(h[1].old_target.has_baseline);
	assert_int_equal(h[1].new_target.kind, TGT_REDUCE_TO);
	assert_true(h[1].new_target.has_baseline);
	assert_int_equal(h[1].new_target.baseline, NUM_INT(200));
	assert_string_equal(h[1].new_target.note, "điều chỉnh");
	assert_int_equal(h[1].new_target.source, TGT_SRC_ASSIGNED);
	assert_string_equal(h[1].by, "nguyen.van.a");
	assert_false(h[2].has_new); /* the delete */
	assert_int_equal(h[2].old_target.value, NUM_INT(160));
	assert_string_equal(h[2].old_target.note, "điều chỉnh");
	assert_string_equal(h[2].by, "nguyen.van.a");
	free(h);
	assert_int_equal(store_target_history(f->s, "KT01", "NOPE", 2021, 2021, &h, &n, &e),
			 ERR_NOTFOUND);
}

static void test_indicator_scale_kind_and_ratio_parts_locked_once_it_has_values(void **state)
{
	fixture *f = *state;
	err e;

	put_tree(f->s);
	put_ind(f->s, "N", FREQ_YEAR);
	put_ind(f->s, "N2", FREQ_YEAR);
	put_ind(f->s, "D", FREQ_YEAR);
	indicator r = make_ind("BHYT", FREQ_YEAR, IND_RATIO);
	r.ratio_scale = 100;
	snprintf(r.numerator, sizeof r.numerator, "N");
	snprintf(r.denominator, sizeof r.denominator, "D");
	assert_int_equal(store_indicator_put(f->s, &r, &e), 0);
	r.uom_scale = 0; /* no values yet: allowed */
	assert_int_equal(store_indicator_put(f->s, &r, &e), 0);
	assert_int_equal(put_value(f->s, "BHYT", "058", (period){PERIOD_YEAR, 2020, 1}, 1, NULL, &e), 0);

	indicator c = r;
	c.uom_scale = 6;
	assert_int_equal(store_indicator_put(f->s, &c, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "uom_scale"));
	c = r;
	snprintf(c.numerator, sizeof c.numerator, "N2");
	assert_int_equal(store_indicator_put(f->s, &c, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "numerator"));
	c = r;
	snprintf(c.denominator, sizeof c.denominator, "N2");
	assert_int_equal(store_indicator_put(f->s, &c, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "denominator"));
	c = r;
	c.kind = IND_LEVEL;
	c.numerator[0] = c.denominator[0] = '\0';
	c.rollup = ROLLUP_SUM;
	assert_int_equal(store_indicator_put(f->s, &c, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "kind"));
	c = r; /* other fields stay editable */
	snprintf(c.name_vi, sizeof c.name_vi, "Tỷ lệ bao phủ BHYT");
	assert_int_equal(store_indicator_put(f->s, &c, &e), 0);
	indicator got;
	assert_int_equal(store_indicator_get(f->s, "BHYT", &got, &e), 0);
	assert_int_equal(got.uom_scale, 0);
	assert_string_equal(got.numerator, "N");
}

static void test_target_for_unit_absent_during_its_years_is_refused(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	err e;

	put_unit(f->s, "06", "", UNIT_PROVINCE, none, none);
	put_unit(f->s, "01840", "06", UNIT_WARD, D(2025, 7, 1), none);
	put_unit(f->s, "01834", "06", UNIT_WARD, none, D(2025, 6, 30));
	put_ind(f->s, "KT01", FREQ_MONTH);
	target t = make_target("KT01", "01840", 2021, 2021, TGT_SRC_ASSIGNED, NUM_INT(155));
	assert_int_equal(store_target_put(f->s, &t, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01840"));
	assert_non_null(strstr(e.msg, "01/07/2025"));
	t.year_from = t.year_to = 2025; /* overlaps the second half of 2025 */
	assert_int_equal(store_target_put(f->s, &t, &e), 0);
	t.year_from = 2021; /* a term reaching into its life */
	assert_int_equal(store_target_put(f->s, &t, &e), 0);

	target old = make_target("KT01", "01834", 2026, 2030, TGT_SRC_OWN, NUM_INT(1));
	assert_int_equal(store_target_put(f->s, &old, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "30/06/2025"));
	/* The unit the rule reads is the one the target is written for: an
	 * unknown one is named before any rule. */
	target ghost = make_target("KT01", "NOPE", 2021, 2021, TGT_SRC_OWN, NUM_INT(1));
	assert_int_equal(store_target_put(f->s, &ghost, &e), ERR_NOTFOUND);
	assert_string_equal(e.msg, "chỉ tiêu giao KT01/NOPE: không có đơn vị mã \"NOPE\"");
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM target"), 2);
}

/* What a walk of store_unit_value_periods / store_unit_target_years saw, one line each. */
typedef struct seen {
	char text[512];
	int calls, stop_at; /* stop_at: return ERR_CONFLICT on that call (0: never) */
} seen;

static int see_unit_value(void *ctx, const char *indicator_code, const period *p, err *e)
{
	seen *w = ctx;
	size_t len = strlen(w->text);
	snprintf(w->text + len, sizeof w->text - len, "%s %d/%d/%d;", indicator_code, (int)p->type,
		 p->year, p->index);
	if (++w->calls == w->stop_at)
		return err_set(e, ERR_CONFLICT, "stop");
	return 0;
}

static int see_unit_target(void *ctx, const char *indicator_code, int year_from, int year_to, err *e)
{
	seen *w = ctx;
	size_t len = strlen(w->text);
	(void)e;
	snprintf(w->text + len, sizeof w->text - len, "%s %d-%d;", indicator_code, year_from,
		 year_to);
	w->calls++;
	return 0;
}

static void test_unit_facts_for_the_rules_are_read_in_order(void **state)
{
	fixture *f = *state;
	unit line[8];
	size_t n = 9;
	err e;

	put_tree(f->s);
	assert_int_equal(store_unit_ancestry(f->s, "01834", line, 8, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(line[0].code, "01834");
	assert_string_equal(line[1].code, "058");
	assert_string_equal(line[2].code, "06");
	assert_int_equal(line[1].valid_to.y, 2025);
	assert_int_equal(store_unit_ancestry(f->s, "01834", line, 2, &n, &e), 0);
	assert_int_equal(n, 2); /* stopped at max, before the root */
	assert_int_equal(store_unit_ancestry(f->s, "NOPE", line, 8, &n, &e), ERR_NOTFOUND);
	assert_int_equal(n, 0);
	assert_non_null(strstr(e.msg, "NOPE"));

	/* Values of the edge years only (<= 2021 or >= 2024), by indicator, then period. */
	put_ind(f->s, "KT01", FREQ_MONTH);
	put_ind(f->s, "KT02", FREQ_YEAR);
	assert_int_equal(put_value(f->s, "KT02", "06", (period){PERIOD_YEAR, 2025, 1}, 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "06", period_month(2024, 6), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "06", period_month(2022, 5), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "06", period_month(2024, 3), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "06", period_month(2020, 1), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2020, 2), 1, NULL, &e), 0);
	seen w = {"", 0, 0};
	assert_int_equal(store_unit_value_periods(f->s, "06", 2021, 2024, see_unit_value, &w, &e), 0);
	char want[256];
	snprintf(want, sizeof want, "KT01 %d/2020/1;KT01 %d/2024/3;KT01 %d/2024/6;KT02 %d/2025/1;",
		 (int)PERIOD_MONTH, (int)PERIOD_MONTH, (int)PERIOD_MONTH, (int)PERIOD_YEAR);
	assert_string_equal(w.text, want);
	seen stop = {"", 0, 2}; /* a non-zero return stops the walk and is returned */
	assert_int_equal(store_unit_value_periods(f->s, "06", 2021, 2024, see_unit_value, &stop, &e),
			 ERR_CONFLICT);
	assert_int_equal(stop.calls, 2);
	assert_string_equal(e.msg, "stop");
	seen none = {"", 0, 0}; /* an open window reads nothing */
	assert_int_equal(store_unit_value_periods(f->s, "06", 0, 1000000, see_unit_value, &none, &e), 0);
	assert_int_equal(none.calls, 0);

	/* Targets starting <= 2020 or ending >= 2030. */
	target t1 = make_target("KT01", "06", 2019, 2019, TGT_SRC_ASSIGNED, NUM_INT(1));
	target t2 = make_target("KT01", "06", 2022, 2022, TGT_SRC_ASSIGNED, NUM_INT(1));
	target t3 = make_target("KT02", "06", 2021, 2025, TGT_SRC_ASSIGNED, NUM_INT(1));
	target t4 = make_target("KT01", "06", 2026, 2030, TGT_SRC_OWN, NUM_INT(1));
	assert_int_equal(store_target_put(f->s, &t1, &e), 0);
	assert_int_equal(store_target_put(f->s, &t2, &e), 0);
	assert_int_equal(store_target_put(f->s, &t3, &e), 0);
	assert_int_equal(store_target_put(f->s, &t4, &e), 0);
	seen tw = {"", 0, 0};
	assert_int_equal(store_unit_target_years(f->s, "06", 2020, 2030, see_unit_target, &tw, &e), 0);
	assert_string_equal(tw.text, "KT01 2019-2019;KT01 2026-2030;");
}

static void test_tree_deeper_than_64_levels_above_a_unit_is_refused(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	char code[16], parent[16] = "";
	unit u;
	err e;

	/* R0 (a root) .. R64: 64 units above R64, the deepest allowed. */
	for (int k = 0; k <= 64; k++) {
		snprintf(code, sizeof code, "R%d", k);
		put_unit(f->s, code, parent, UNIT_COMMUNE, none, none);
		snprintf(parent, sizeof parent, "%s", code);
	}
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "R65");
	snprintf(u.name, sizeof u.name, "Đơn vị R65");
	snprintf(u.parent_code, sizeof u.parent_code, "R64");
	u.type = UNIT_COMMUNE;
	assert_int_equal(store_unit_put(f->s, &u, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "cây đơn vị trên R64 sâu quá 64 cấp");
	assert_int_equal(store_unit_get(f->s, "R65", &u, &e), ERR_NOTFOUND);
}

static void test_indicator_naming_itself_link_from_itself_and_nameless_agency_are_refused(
	void **state)
{
	fixture *f = *state;
	agency a = {0, "TCKH", ""};
	err e;

	put_tree(f->s);
	/* A summed indicator's spare weight passes indicator_check (only wavg
	 * looks at it there); naming itself is the catalogue's rule. */
	indicator r = make_ind("KT09", FREQ_YEAR, IND_FLOW);
	snprintf(r.weight, sizeof r.weight, "KT09");
	assert_int_equal(store_indicator_put(f->s, &r, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu KT09: trọng số (weight) không thể là chính nó");
	assert_int_equal(store_indicator_get(f->s, "KT09", &r, &e), ERR_NOTFOUND);

	assert_int_equal(store_unit_link_add(f->s, "058", "058", D(2025, 7, 1), &e), ERR_INVALID);
	assert_string_equal(e.msg, "đơn vị 058 không thể được hình thành từ chính nó");

	assert_int_equal(store_agency_put(f->s, &a, &e), ERR_INVALID);
	assert_string_equal(e.msg, "cơ quan TCKH: thiếu tên (name)");
	assert_int_equal(store_agency_get(f->s, "TCKH", &a, &e), ERR_NOTFOUND);
}

static int interrupt_budget;

static int interrupt_after_budget(void *ctx)
{
	(void)ctx;
	return --interrupt_budget < 0;
}

static void test_writes_refused_after_sqlite_rolled_back_by_itself_until_rollback(void **state)
{
	fixture *f = *state;
	period jan = period_month(2024, 1), feb = period_month(2024, 2);
	value got;
	bool found = false;
	err e;

	if (tl_pg())
		skip(); /* SQLite's own behaviour */
	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "01834", jan, 1, NULL, &e), 0);
	/* Find a point where an interrupt makes SQLite roll back the caller's
	 * whole transaction while the store still counts its level. */
	for (int n = 1; n < 400 && !found; n++) {
		assert_int_equal(store_begin(f->s, &e), 0);
		interrupt_budget = n;
		sqlite3_progress_handler(db_sqlite_handle(f->s->db), 1, interrupt_after_budget, NULL);
		int rc = put_value(f->s, "KT01", "01834", jan, 2, NULL, &e);
		sqlite3_progress_handler(db_sqlite_handle(f->s->db), 0, NULL, NULL);
		if (rc != 0 && db_txn_state(f->s->db) == DB_TXN_NONE && f->s->depth == 1) {
			found = true;
			/* The caller carries on: refused, nothing written outside its transaction. */
			assert_int_equal(put_value(f->s, "KT01", "01834", feb, 5, NULL, &e), ERR_DB);
			assert_non_null(strstr(e.msg, "store_rollback"));
			assert_int_equal(store_begin(f->s, &e), ERR_DB);
			agency a = {0, "TCKH", "Phòng TC-KH"};
			assert_int_equal(store_agency_put(f->s, &a, &e), ERR_DB);
			assert_int_equal(store_unit_link_add(f->s, "01837", "01834", D(2025, 7, 1), &e),
					 ERR_DB);
		}
		store_rollback(f->s);
		assert_int_equal(f->s->depth, 0);
	}
	assert_true(found);
	assert_int_equal(store_value_get(f->s, "KT01", "01834", &feb, &got, &e), ERR_NOTFOUND);
	assert_int_equal(store_value_get(f->s, "KT01", "01834", &jan, &got, &e), 0);
	assert_int_equal(got.amount, 1);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM agency"), 0);
	/* After the rollback the store works again. */
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "01834", feb, 5, NULL, &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(store_value_get(f->s, "KT01", "01834", &feb, &got, &e), 0);
}

static void test_amount_beyond_num_max_is_refused(void **state)
{
	fixture *f = *state;
	store_bulk *b = NULL;
	unit w;
	indicator kt;
	err e;

	put_tree(f->s);
	indicator lo = make_ind("KT01", FREQ_MONTH, IND_FLOW);
	lo.has_min = true; /* a flow that may go negative, down to the range's end */
	lo.min = -NUM_MAX;
	assert_int_equal(store_indicator_put(f->s, &lo, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 6), NUM_MAX, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 7), -NUM_MAX, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 8), NUM_MAX + 1, NULL, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "KT01"));
	assert_non_null(strstr(e.msg, "058"));
	assert_non_null(strstr(e.msg, "tháng 8/2022"));
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 8), INT64_MIN, NULL, &e),
			 ERR_INVALID);

	assert_int_equal(store_unit_get(f->s, "01834", &w, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT01", &kt, &e), 0);
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_bulk_begin(f->s, "import", "", &b, &e), 0);
	store_cell c = {kt.id, w.id, 2022, 9, INT64_MAX, false};
	assert_int_equal(store_bulk_put(b, &c, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "KT01"));
	assert_non_null(strstr(e.msg, "01834"));
	assert_non_null(strstr(e.msg, "tháng 9/2022"));
	store_bulk_end(b);
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(tl_months_stored(f->s->db), 2);
}

static void test_corrupt_indicator_code_gives_a_whole_message(void **state)
{
	fixture *f = *state;
	indicator got;
	err e;

	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(db_exec(f->s->db, "UPDATE indicator SET sector = 'bogus'", &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT01", &got, &e), ERR_DB);
	const char *head = strstr(e.msg, "chỉ tiêu KT01 trong CSDL");
	assert_non_null(head);
	assert_null(strstr(head + 1, "chỉ tiêu KT01 trong CSDL")); /* said once */
	assert_non_null(strstr(e.msg, "bogus"));                    /* the cause kept */
}

/* True when s is well-formed UTF-8 (enough for the cut test: no partial tail). */
static bool utf8_whole(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

static void test_long_reason_refused_and_long_text_cut_on_character_boundary(void **state)
{
	fixture *f = *state;
	char reason[NOTE_MAX + 1], name[400];
	store_bulk *b = NULL;
	unit got;
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	memset(reason, 'x', NOTE_MAX);
	reason[NOTE_MAX] = '\0';
	value v = make_value("KT01", "058", period_month(2022, 6), 1);
	assert_int_equal(store_value_put(f->s, &v, reason, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "reason"));
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_bulk_begin(f->s, "import", reason, &b, &e), ERR_INVALID);
	assert_null(b);
	store_rollback(f->s);
	reason[NOTE_MAX - 1] = '\0'; /* the longest that fits */
	assert_int_equal(store_value_put(f->s, &v, reason, NULL, &e), 0);

	/* A text longer than its field (written by hand) is cut between characters. */
	snprintf(name, sizeof name, "a");
	for (int i = 0; i < 100; i++)
		snprintf(name + strlen(name), sizeof name - strlen(name), "ế"); /* 3 bytes each */
	db_stmt *st;
	assert_int_equal(db_prepare(f->s->db, "UPDATE unit SET name = ?1 WHERE code = '058'", false,
				    &st, &e),
			 0);
	db_bind_text(st, 1, name);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	assert_int_equal(store_unit_get(f->s, "058", &got, &e), 0);
	assert_int_equal(strlen(got.name), 1 + 3 * 84); /* 255 bytes would split the 85th 'ế' */
	assert_true(utf8_whole(got.name));
}

static int count_savepoints(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)p;
	if (strncmp((const char *)x, "SAVEPOINT", 9) == 0)
		(*(int *)ctx)++;
	return 0;
}

static void test_bulk_update_runs_no_savepoint_per_row(void **state)
{
	fixture *f = *state;
	store_bulk *b = NULL;
	unit w;
	indicator kt;
	int savepoints = 0, updated = 0;
	err e;

	if (tl_pg())
		skip(); /* counted with SQLite's statement trace */
	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(store_unit_get(f->s, "01834", &w, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "KT01", &kt, &e), 0);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_begin(f->s, &e), 0);
		assert_int_equal(store_bulk_begin(f->s, "import", "tệp", &b, &e), 0);
		if (round == 1)
			sqlite3_trace_v2(db_sqlite_handle(f->s->db), SQLITE_TRACE_STMT, count_savepoints, &savepoints);
		for (int m = 1; m <= 12; m++) {
			store_cell c = {kt.id, w.id, 2022, m, NUM_INT(m + round), false};
			store_change ch;
			assert_int_equal(store_bulk_put(b, &c, &ch, &e), 0);
			updated += ch == STORE_UPDATED;
		}
		sqlite3_trace_v2(db_sqlite_handle(f->s->db), 0, NULL, NULL);
		store_bulk_end(b);
		assert_int_equal(store_commit(f->s, &e), 0);
	}
	assert_int_equal(updated, 12);
	assert_int_equal(savepoints, 0);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM value_audit"), 12);
}

/* Records the parameter count of the statements that read value or target rows. */
typedef struct param_seen {
	int value_params, target_params;
} param_seen;

static int see_params(unsigned type, void *ctx, void *p, void *x)
{
	param_seen *ps = ctx;
	const char *sql = x;
	(void)type;
	if (strstr(sql, "FROM value_year v"))
		ps->value_params = sqlite3_bind_parameter_count(p);
	else if (strstr(sql, "FROM target t"))
		ps->target_params = sqlite3_bind_parameter_count(p);
	return 0;
}

static int count_values(void *ctx, const value *v)
{
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

static void test_dynamic_filters_number_placeholders_without_gaps(void **state)
{
	fixture *f = *state;
	param_seen ps = {-1, -1};
	target *list = NULL;
	size_t n = 0;
	int count = 0;
	err e;

	if (tl_pg())
		skip(); /* counted with SQLite's statement trace */
	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2022, 2), 1, NULL, &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", period_month(2023, 2), 1, NULL, &e), 0);
	target t = make_target("KT01", "058", 2022, 2022, TGT_SRC_OWN, 1);
	assert_int_equal(store_target_put(f->s, &t, &e), 0);

	sqlite3_trace_v2(db_sqlite_handle(f->s->db), SQLITE_TRACE_STMT, see_params, &ps);
	store_value_filter flt = {.unit_code = "058", .year_to = 2022};
	assert_int_equal(store_value_each(f->s, &flt, count_values, &count, &e), 0);
	assert_int_equal(store_target_list(f->s, NULL, "058", 2022, &list, &n, &e), 0);
	sqlite3_trace_v2(db_sqlite_handle(f->s->db), 0, NULL, NULL);
	assert_int_equal(count, 1);
	assert_int_equal(n, 1);
	free(list);
	/* Two filters -> parameters ?1 and ?2 only (a gap would make the count higher). */
	assert_int_equal(ps.value_params, 2);
	assert_int_equal(ps.target_params, 2);
}

/* Records the first statement text traced. */
static int first_stmt(unsigned type, void *ctx, void *p, void *x)
{
	char *first = ctx;
	(void)type;
	(void)p;
	if (!first[0])
		snprintf(first, 64, "%s", (const char *)x);
	return 0;
}

static void test_value_put_checks_inside_its_transaction_and_names_the_value_on_db_error(
	void **state)
{
	fixture *f = *state;
	period jun = period_month(2022, 6);
	char first[64] = "";
	err e;

	put_tree(f->s);
	put_ind(f->s, "KT01", FREQ_MONTH);
	if (!tl_pg()) {
		sqlite3_trace_v2(db_sqlite_handle(f->s->db), SQLITE_TRACE_STMT, first_stmt, first);
		assert_int_equal(put_value(f->s, "KT01", "058", jun, 1, NULL, &e), 0);
		sqlite3_trace_v2(db_sqlite_handle(f->s->db), 0, NULL, NULL);
		assert_string_equal(first, "BEGIN IMMEDIATE"); /* before resolving the codes */
	} else {
		assert_int_equal(put_value(f->s, "KT01", "058", jun, 1, NULL, &e), 0);
	}

	assert_int_equal(db_exec(f->s->db, "DROP TABLE value_audit", &e), 0);
	assert_int_equal(put_value(f->s, "KT01", "058", jun, 2, NULL, &e), ERR_DB);
	assert_ptr_equal(strstr(e.msg, "chỉ tiêu KT01, đơn vị 058, tháng 6/2022: "), e.msg);
	value got;
	assert_int_equal(store_value_get(f->s, "KT01", "058", &jun, &got, &e), 0);
	assert_int_equal(got.amount, 1); /* the update went with the failed audit */
}

static void test_bulk_refuses_ids_beyond_2_31(void **state)
{
	fixture *f = *state;
	store_bulk *b = NULL;
	err e;

	put_tree(f->s);
	assert_int_equal(db_exec(f->s->db,
				 "INSERT INTO unit (id, code, name, type)"
				 " VALUES (2147483649, 'X', 'x', 'ward')",
				 &e),
			 0);
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_bulk_begin(f->s, "import", "", &b, &e), ERR_DB);
	assert_null(b);
	assert_non_null(strstr(e.msg, "2147483649"));
	store_rollback(f->s);
}

static void test_version_1_file_is_migrated_to_target_audit(void **state)
{
	fixture *f = *state;
	int version = 0;
	err e;

	if (tl_pg())
		skip(); /* PostgreSQL starts at version 8: no older database to migrate */
	static const char *const v1_tables[] = {"unit",   "unit_link", "agency",     "indicator",
						"target", "value",     "value_audit"};
	static const char *const v1_indexes[] = {"unit_parent", "unit_link_from", "value_audit_key"};
	tl_schema_back_to(db_sqlite_handle(f->s->db), 1, v1_tables, sizeof v1_tables / sizeof v1_tables[0], v1_indexes,
			  sizeof v1_indexes / sizeof v1_indexes[0]);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->path, &f->s, &e), 0);
	assert_int_equal(store_schema_version(f->s, &version, &e), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM target_audit"), 0);
}

/* A write-protected database still reads; writes say it is read-only and
 * change nothing (opened here through SQLite's read-only URI, since tests
 * run as root, for whom file modes do not protect anything). */
static void test_read_only_file_reads_and_refuses_writes(void **state)
{
	fixture *f = *state;
	err e;
	unit u;
	if (tl_pg())
		skip(); /* a SQLite file's own mode */
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "RO1");
	snprintf(u.name, sizeof u.name, "Chỉ đọc");
	u.type = UNIT_PROVINCE;
	assert_int_equal(store_unit_put(f->s, &u, &e), 0);
	store_close(f->s);
	f->s = NULL;
	char uri[700];
	snprintf(uri, sizeof uri, "file:%s?mode=ro", f->path);
	store *ro = NULL;
	assert_int_equal(store_open(uri, &ro, &e), 0);
	unit got;
	assert_int_equal(store_unit_get(ro, "RO1", &got, &e), 0);
	snprintf(u.name, sizeof u.name, "Đổi tên");
	int rc = store_unit_put(ro, &u, &e);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(e.msg, "chỉ đọc"));
	assert_int_equal(store_unit_get(ro, "RO1", &got, &e), 0);
	assert_string_equal(got.name, "Chỉ đọc");
	store_close(ro);
	assert_int_equal(store_open(f->path, &f->s, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file_is_migrated_and_reopen_keeps_data, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_from_newer_version_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unit_list_puts_parents_before_children, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unit_with_unknown_parent_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unit_validity_must_lie_within_parent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unit_update_by_code_keeps_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_list_on_a_date_keeps_units_valid_then, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unit_links_are_idempotent_and_listed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_agency_and_indicator_put_get_update, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_indicator_with_unknown_reference_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_indicator_frequency_change_refused_once_it_has_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_targets_upsert_and_list_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_put_inserts_skips_equal_and_audits_updates,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_delete_keeps_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_put_expect_refuses_a_value_changed_meanwhile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_value_of_wrong_frequency_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_value_for_unit_not_yet_valid_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_value_for_ratio_indicator_is_accepted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_failed_write_inside_transaction_leaves_nothing_after_rollback, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_cells_for_units_returns_exactly_the_inserted_cells,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_of_many_units_give_each_unit_its_rows_once,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_indicator_bounds_are_kept_and_hold_for_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_indicator_synonyms_are_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_each_filters_and_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_writer_counts_inserts_unchanged_and_updates,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_validity_cannot_be_narrowed_past_its_values_or_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_changes_and_deletes_are_audited_with_the_actor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indicator_scale_kind_and_ratio_parts_locked_once_it_has_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_for_unit_absent_during_its_years_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_refused_after_sqlite_rolled_back_by_itself_until_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amount_beyond_num_max_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_indicator_code_gives_a_whole_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_reason_refused_and_long_text_cut_on_character_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_update_runs_no_savepoint_per_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dynamic_filters_number_placeholders_without_gaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_put_checks_inside_its_transaction_and_names_the_value_on_db_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_refuses_ids_beyond_2_31, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_1_file_is_migrated_to_target_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_file_reads_and_refuses_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_facts_for_the_rules_are_read_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_deeper_than_64_levels_above_a_unit_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indicator_naming_itself_link_from_itself_and_nameless_agency_are_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
