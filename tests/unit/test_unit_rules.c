/*
 * test_unit_rules.c - unit tests of the rules that look beyond one record,
 * as pure functions over plain structs: core/unit_rules.c (a unit's window
 * against its parent's, its ancestry, its children, its values and targets;
 * a predecessor link), core/catalog_rules.c (an indicator naming itself,
 * fields locked by values, a target's unit absent during its years) and
 * model.c's agency_check. Each message is compared whole: the CLI and the
 * API show it as it is.
 *
 * No database: the facts are built here. Not for: the store reading those
 * facts and calling the rules in its transaction (test_store.c, on both
 * engines).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/catalog_rules.h"
#include "core/model.h"
#include "core/unit_rules.h"

static const cdate NONE = {0, 0, 0};

static cdate D(int y, int m, int d)
{
	cdate r = {y, m, d};
	return r;
}

/* A unit with the fields the rules look at. */
static unit U(const char *code, const char *parent, cdate from, cdate to)
{
	unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
	snprintf(u.parent_code, sizeof u.parent_code, "%s", parent);
	u.type = UNIT_WARD;
	u.valid_from = from;
	u.valid_to = to;
	return u;
}

/* ---- helpers of the rules ------------------------------------------------ */

static void overlap_counts_one_shared_day_and_open_ends(void **state)
{
	(void)state;
	/* A ward formed on 01/07/2025 shares the second half of 2025. */
	assert_true(unit_rules_overlaps(D(2025, 1, 1), D(2025, 12, 31), D(2025, 7, 1), NONE));
	assert_false(unit_rules_overlaps(D(2024, 1, 1), D(2024, 12, 31), D(2025, 7, 1), NONE));
	assert_true(unit_rules_overlaps(D(2025, 6, 30), D(2025, 6, 30), NONE, D(2025, 6, 30)));
	assert_false(unit_rules_overlaps(D(2025, 7, 1), D(2025, 7, 31), NONE, D(2025, 6, 30)));
	assert_true(unit_rules_overlaps(D(1990, 1, 1), D(2090, 1, 1), NONE, NONE));
}

static void window_text_names_open_ends(void **state)
{
	(void)state;
	char w[64];
	unit_rules_window_text(NONE, NONE, w, sizeof w);
	assert_string_equal(w, "trước đây đến nay");
	unit_rules_window_text(D(2025, 7, 1), NONE, w, sizeof w);
	assert_string_equal(w, "01/07/2025 đến nay");
	unit_rules_window_text(NONE, D(2025, 6, 30), w, sizeof w);
	assert_string_equal(w, "trước đây đến 30/06/2025");
}

/* ---- a unit's window and its parent ------------------------------------- */

static void open_ended_child_of_a_closed_parent_is_refused(void **state)
{
	(void)state;
	err e;
	unit city = U("058", "06", NONE, D(2025, 6, 30));
	unit ward = U("01840", "058", NONE, NONE);
	assert_int_equal(unit_rules_within_parent(&ward, &city, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị 01840 (hiệu lực trước đây đến nay) phải có hiệu lực "
				   "trong thời gian của đơn vị cấp trên 058 (trước đây đến "
				   "30/06/2025)");
	ward.valid_to = D(2025, 6, 30);
	assert_int_equal(unit_rules_within_parent(&ward, &city, &e), 0);
}

static void child_starting_before_its_parent_is_refused(void **state)
{
	(void)state;
	err e;
	unit parent = U("P", "", D(2025, 7, 1), NONE);
	unit child = U("C", "P", D(2025, 6, 1), NONE);
	assert_int_equal(unit_rules_within_parent(&child, &parent, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01/07/2025 đến nay"));
	child.valid_from = D(2025, 7, 1);
	assert_int_equal(unit_rules_within_parent(&child, &parent, &e), 0);
	/* An open parent takes any window. */
	unit root = U("R", "", NONE, NONE);
	assert_int_equal(unit_rules_within_parent(&child, &root, &e), 0);
}

/* ---- ancestry: no cycle, bounded depth ---------------------------------- */

static void unit_under_its_own_descendant_is_refused(void **state)
{
	(void)state;
	err e;
	unit x = U("X", "XC", NONE, NONE); /* X moved under XC, a child of X */
	unit line[2] = {U("XC", "X", NONE, NONE), U("X", "", NONE, NONE)};
	assert_int_equal(unit_rules_ancestry(&x, line, 2, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị X không thể trực thuộc XC: XC là chính nó hoặc đơn vị "
				   "cấp dưới của nó");
	unit y = U("Y", "XC", NONE, NONE);
	assert_int_equal(unit_rules_ancestry(&y, line, 2, &e), 0);
	assert_int_equal(unit_rules_ancestry(&y, NULL, 0, &e), 0); /* a root */
}

static void tree_deeper_than_the_limit_is_refused(void **state)
{
	(void)state;
	static unit line[UNIT_RULES_MAX_DEPTH];
	err e;
	unit u = U("NEW", "A0", NONE, NONE);
	for (int k = 0; k < UNIT_RULES_MAX_DEPTH; k++) {
		char code[16], parent[16];
		snprintf(code, sizeof code, "A%d", k);
		snprintf(parent, sizeof parent, "A%d", k + 1);
		line[k] = U(code, parent, NONE, NONE);
	}
	/* The store stopped after UNIT_RULES_MAX_DEPTH units without a root. */
	assert_int_equal(unit_rules_ancestry(&u, line, UNIT_RULES_MAX_DEPTH, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "cây đơn vị trên A0 sâu quá 64 cấp");
	/* The same line ending at a root on its last unit is fine. */
	line[UNIT_RULES_MAX_DEPTH - 1].parent_code[0] = '\0';
	assert_int_equal(unit_rules_ancestry(&u, line, UNIT_RULES_MAX_DEPTH, &e), 0);
}

/* ---- an existing unit's new window ---------------------------------------- */

static void narrowing_past_a_childs_window_is_refused(void **state)
{
	(void)state;
	err e;
	unit city = U("058", "06", NONE, D(2024, 12, 31));
	unit kids[2] = {U("01834", "058", NONE, D(2025, 6, 30)), U("01837", "058", NONE, NONE)};
	assert_int_equal(unit_rules_children(&city, kids, 2, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị cấp dưới 01834 (hiệu lực trước đây đến 30/06/2025) sẽ "
				   "nằm ngoài thời gian hiệu lực mới của đơn vị 058 (trước đây "
				   "đến 31/12/2024)");
	city.valid_to = NONE;
	assert_int_equal(unit_rules_children(&city, kids, 2, &e), 0);
	assert_int_equal(unit_rules_children(&city, NULL, 0, &e), 0);
}

static void edge_years_are_the_years_of_the_windows_ends(void **state)
{
	(void)state;
	int lo, hi;
	unit u = U("01840", "06", D(2025, 7, 1), D(2030, 6, 30));
	unit_rules_edge_years(&u, &lo, &hi);
	assert_int_equal(lo, 2025);
	assert_int_equal(hi, 2030);
	u.valid_from = u.valid_to = NONE; /* open: no year can be outside */
	unit_rules_edge_years(&u, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 1000000);
}

static void value_entirely_outside_the_new_window_is_refused(void **state)
{
	(void)state;
	err e;
	unit u = U("01840", "06", D(2025, 7, 1), NONE);
	period mar = period_month(2024, 3);
	assert_int_equal(unit_rules_value_inside(&u, "KT01", &mar, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị 01840 có số liệu chỉ tiêu KT01 cho tháng 3/2024, nằm "
				   "ngoài thời gian hiệu lực mới (01/07/2025 đến nay); hãy xóa "
				   "hoặc chuyển số liệu trước");
	/* Overlap, not containment: the year 2025 keeps a ward formed on 01/07/2025. */
	period y2025 = {PERIOD_YEAR, 2025, 1};
	assert_int_equal(unit_rules_value_inside(&u, "KT02", &y2025, &e), 0);
	/* The other end. */
	u.valid_to = D(2025, 8, 31);
	period sep = period_month(2025, 9);
	assert_int_equal(unit_rules_value_inside(&u, "KT01", &sep, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tháng 9/2025"));
	assert_non_null(strstr(e.msg, "01/07/2025 đến 31/08/2025"));
}

static void target_entirely_outside_the_new_window_is_refused(void **state)
{
	(void)state;
	err e;
	unit u = U("01840", "06", D(2025, 7, 1), NONE);
	assert_int_equal(unit_rules_target_inside(&u, "KT01", 2024, 2024, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "đơn vị 01840 có chỉ tiêu giao KT01 cho năm 2024-2024, nằm "
				   "ngoài thời gian hiệu lực mới (01/07/2025 đến nay); hãy xóa chỉ "
				   "tiêu giao trước");
	assert_int_equal(unit_rules_target_inside(&u, "KT01", 2021, 2025, &e), 0); /* a term */
	u.valid_to = D(2025, 12, 31);
	assert_int_equal(unit_rules_target_inside(&u, "KT01", 2026, 2030, &e), ERR_CONFLICT);
}

/* ---- links and agencies ------------------------------------------------- */

static void link_from_itself_or_on_no_real_day_is_refused(void **state)
{
	(void)state;
	err e;
	assert_int_equal(unit_rules_link("BK2025", "BK2025", D(2025, 7, 1), &e), ERR_INVALID);
	assert_string_equal(e.msg, "đơn vị BK2025 không thể được hình thành từ chính nó");
	assert_int_equal(unit_rules_link("BK2025", "01837", D(2025, 2, 30), &e), ERR_INVALID);
	assert_string_equal(e.msg, "liên kết BK2025 ← 01837: ngày không hợp lệ");
	assert_int_equal(unit_rules_link("BK2025", "01837", D(2025, 7, 1), &e), 0);
}

static void agency_needs_a_code_and_a_name(void **state)
{
	(void)state;
	err e;
	agency a = {0, "", "Phòng Tài chính - Kế hoạch"};
	assert_int_equal(agency_check(&a, &e), ERR_INVALID);
	assert_string_equal(e.msg, "cơ quan: thiếu mã (code)");
	snprintf(a.code, sizeof a.code, "TCKH");
	a.name[0] = '\0';
	assert_int_equal(agency_check(&a, &e), ERR_INVALID);
	assert_string_equal(e.msg, "cơ quan TCKH: thiếu tên (name)");
	snprintf(a.name, sizeof a.name, "Phòng Tài chính - Kế hoạch");
	assert_int_equal(agency_check(&a, &e), 0);
}

/* ---- indicators ------------------------------------------------------------ */

static indicator I(const char *code, ind_freq freq, ind_kind kind)
{
	indicator ind;
	memset(&ind, 0, sizeof ind);
	snprintf(ind.code, sizeof ind.code, "%s", code);
	snprintf(ind.name_vi, sizeof ind.name_vi, "Chỉ tiêu %s", code);
	snprintf(ind.uom, sizeof ind.uom, "tỷ đồng");
	ind.uom_scale = 9;
	ind.sector = SECTOR_ECONOMY;
	ind.kind = kind;
	ind.direction = DIR_HIGHER;
	ind.rollup = ROLLUP_SUM;
	ind.freq = freq;
	return ind;
}

static void indicator_naming_itself_as_a_part_is_refused(void **state)
{
	(void)state;
	err e;
	indicator r = I("BHYT", FREQ_YEAR, IND_RATIO);
	snprintf(r.numerator, sizeof r.numerator, "BHYT");
	snprintf(r.denominator, sizeof r.denominator, "D");
	assert_int_equal(catalog_rules_indicator_refs(&r, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu BHYT: tử số (numerator) không thể là chính nó");
	snprintf(r.numerator, sizeof r.numerator, "N");
	snprintf(r.denominator, sizeof r.denominator, "BHYT");
	assert_int_equal(catalog_rules_indicator_refs(&r, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu BHYT: mẫu số (denominator) không thể là chính nó");
	snprintf(r.denominator, sizeof r.denominator, "D");
	assert_int_equal(catalog_rules_indicator_refs(&r, &e), 0);

	indicator w = I("GIA", FREQ_YEAR, IND_LEVEL);
	w.rollup = ROLLUP_WAVG;
	snprintf(w.weight, sizeof w.weight, "GIA");
	assert_int_equal(catalog_rules_indicator_refs(&w, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu GIA: trọng số (weight) không thể là chính nó");
	snprintf(w.weight, sizeof w.weight, "DS");
	assert_int_equal(catalog_rules_indicator_refs(&w, &e), 0);
}

static void meaning_changes_with_frequency_scale_kind_and_ratio_parts_only(void **state)
{
	(void)state;
	indicator old = I("KT01", FREQ_MONTH, IND_FLOW), now = old;
	assert_false(catalog_rules_meaning_changed(&old, &now));
	snprintf(now.name_vi, sizeof now.name_vi, "Tên mới");
	now.decimals = 3;
	now.sort_order = 7;
	snprintf(now.agency_code, sizeof now.agency_code, "TCKH");
	assert_false(catalog_rules_meaning_changed(&old, &now));
	now = old;
	now.freq = FREQ_QUARTER;
	assert_true(catalog_rules_meaning_changed(&old, &now));
	now = old;
	now.uom_scale = 6;
	assert_true(catalog_rules_meaning_changed(&old, &now));
	now = old;
	now.kind = IND_LEVEL;
	assert_true(catalog_rules_meaning_changed(&old, &now));
	now = old;
	snprintf(now.numerator, sizeof now.numerator, "N");
	assert_true(catalog_rules_meaning_changed(&old, &now));
	now = old;
	snprintf(now.denominator, sizeof now.denominator, "D");
	assert_true(catalog_rules_meaning_changed(&old, &now));
}

static void fields_locked_once_the_indicator_has_values(void **state)
{
	(void)state;
	err e;
	indicator old = I("KT01", FREQ_MONTH, IND_FLOW), now = old;
	now.freq = FREQ_QUARTER;
	assert_int_equal(catalog_rules_locked_fields(&old, &now, false, &e), 0); /* no values */
	assert_int_equal(catalog_rules_locked_fields(&old, &now, true, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu KT01 đã có số liệu; không thể đổi tần suất (freq) từ "
				   "tháng sang quý");
	now = old;
	now.uom_scale = 6;
	assert_int_equal(catalog_rules_locked_fields(&old, &now, true, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu KT01 đã có số liệu; không thể đổi bậc đơn vị tính "
				   "(uom_scale) từ 9 sang 6");
	now = old;
	now.kind = IND_LEVEL;
	assert_int_equal(catalog_rules_locked_fields(&old, &now, true, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu KT01 đã có số liệu; không thể đổi loại chỉ tiêu "
				   "(kind) từ flow sang level");

	indicator r = I("BHYT", FREQ_YEAR, IND_RATIO), c = r;
	snprintf(r.numerator, sizeof r.numerator, "N");
	snprintf(r.denominator, sizeof r.denominator, "D");
	c = r;
	snprintf(c.numerator, sizeof c.numerator, "N2");
	assert_int_equal(catalog_rules_locked_fields(&r, &c, true, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu BHYT đã có số liệu; không thể đổi tử số (numerator) "
				   "từ \"N\" sang \"N2\"");
	c = r;
	snprintf(c.denominator, sizeof c.denominator, "N2");
	assert_int_equal(catalog_rules_locked_fields(&r, &c, true, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu BHYT đã có số liệu; không thể đổi mẫu số "
				   "(denominator) từ \"D\" sang \"N2\"");
	c = r; /* names and the like stay editable */
	snprintf(c.name_vi, sizeof c.name_vi, "Tỷ lệ bao phủ BHYT");
	assert_int_equal(catalog_rules_locked_fields(&r, &c, true, &e), 0);
}

/* ---- targets ------------------------------------------------------------- */

static target T(const char *ind, const char *unit_code, int y0, int y1)
{
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", ind);
	snprintf(t.unit_code, sizeof t.unit_code, "%s", unit_code);
	t.year_from = y0;
	t.year_to = y1;
	t.kind = TGT_AT_LEAST;
	t.source = TGT_SRC_ASSIGNED;
	return t;
}

static void target_for_a_unit_absent_during_its_years_is_refused(void **state)
{
	(void)state;
	err e;
	unit formed = U("01840", "06", D(2025, 7, 1), NONE);
	target t = T("KT01", "01840", 2021, 2021);
	assert_int_equal(catalog_rules_target_unit(&t, &formed, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu giao KT01: đơn vị 01840 chưa tồn tại trong năm "
				   "2021-2021 (hiệu lực từ 01/07/2025)");
	t.year_from = t.year_to = 2025; /* overlaps the second half of 2025 */
	assert_int_equal(catalog_rules_target_unit(&t, &formed, &e), 0);
	t.year_from = 2021; /* a term reaching into its life */
	assert_int_equal(catalog_rules_target_unit(&t, &formed, &e), 0);

	unit gone = U("01834", "06", NONE, D(2025, 6, 30));
	target old = T("KT01", "01834", 2026, 2030);
	assert_int_equal(catalog_rules_target_unit(&old, &gone, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "chỉ tiêu giao KT01: đơn vị 01834 không còn tồn tại trong năm "
				   "2026-2030 (hiệu lực đến 30/06/2025)");
	old.year_from = 2021;
	assert_int_equal(catalog_rules_target_unit(&old, &gone, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overlap_counts_one_shared_day_and_open_ends),
		cmocka_unit_test(window_text_names_open_ends),
		cmocka_unit_test(open_ended_child_of_a_closed_parent_is_refused),
		cmocka_unit_test(child_starting_before_its_parent_is_refused),
		cmocka_unit_test(unit_under_its_own_descendant_is_refused),
		cmocka_unit_test(tree_deeper_than_the_limit_is_refused),
		cmocka_unit_test(narrowing_past_a_childs_window_is_refused),
		cmocka_unit_test(edge_years_are_the_years_of_the_windows_ends),
		cmocka_unit_test(value_entirely_outside_the_new_window_is_refused),
		cmocka_unit_test(target_entirely_outside_the_new_window_is_refused),
		cmocka_unit_test(link_from_itself_or_on_no_real_day_is_refused),
		cmocka_unit_test(agency_needs_a_code_and_a_name),
		cmocka_unit_test(indicator_naming_itself_as_a_part_is_refused),
		cmocka_unit_test(meaning_changes_with_frequency_scale_kind_and_ratio_parts_only),
		cmocka_unit_test(fields_locked_once_the_indicator_has_values),
		cmocka_unit_test(target_for_a_unit_absent_during_its_years_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
