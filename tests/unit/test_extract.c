/*
 * test_extract.c - the extractor (core/extract.h) on sentences in the style
 * of the reports (issue #19): every measure, number form, period phrase,
 * named communes, hedges, unit conversion, and a sentence that names no
 * indicator proposing nothing. The catalogue is built here, not read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/extract.h"

static indicator mk(const char *code, const char *name, const char *uom, int scale, ind_kind kind, const char *syn)
{
	indicator d;
	memset(&d, 0, sizeof d);
	snprintf(d.code, sizeof d.code, "%s", code);
	snprintf(d.name_vi, sizeof d.name_vi, "%s", name);
	snprintf(d.uom, sizeof d.uom, "%s", uom);
	snprintf(d.synonyms, sizeof d.synonyms, "%s", syn);
	d.uom_scale = scale;
	d.kind = kind;
	d.freq = kind == IND_FLOW ? FREQ_MONTH : FREQ_YEAR;
	return d;
}

static indicator cat[8];
static unit units[3];

static extract_result run(const char *text, int year)
{
	cat[0] = mk("KT15", "Doanh thu từ hoạt động du lịch", "tỷ đồng", 9, IND_FLOW, "doanh thu du lịch");
	cat[1] = mk("KT14", "Tổng vốn đầu tư phát triển toàn xã hội", "triệu đồng", 6, IND_FLOW,
		    "tổng vốn đầu tư toàn xã hội");
	cat[2] = mk("VX04", "Tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)", "%", 0, IND_LEVEL, "tỷ lệ hộ nghèo");
	cat[3] = mk("TDPVH", "Số thôn, tổ dân phố đạt danh hiệu văn hóa", "thôn, tổ", 0, IND_LEVEL, "");
	cat[4] = mk("KT06", "Thu nhập bình quân đầu người", "triệu đồng", 6, IND_LEVEL, "TNBQ");
	cat[5] = mk("MT04", "Tỷ lệ hộ dân được sử dụng nước sạch", "%", 0, IND_LEVEL, "tỷ lệ hộ sử dụng nước sạch");
	cat[6] = mk("CTKD", "Số chỉ tiêu không đạt kế hoạch", "chỉ tiêu", 0, IND_COUNT, "chỉ tiêu không đạt");
	cat[7] = mk("KT10", "Tổng đàn gia cầm", "con", 0, IND_LEVEL, "đàn gia cầm");
	const char *un[3][2] = {{"01846", "Nông Thượng"}, {"01849", "Dương Quang"}, {"01852", "Huyền Tụng"}};
	for (int i = 0; i < 3; i++) {
		memset(&units[i], 0, sizeof units[i]);
		snprintf(units[i].code, sizeof units[i].code, "%s", un[i][0]);
		snprintf(units[i].name, sizeof units[i].name, "%s", un[i][1]);
	}
	extract_opts o = {cat, 8, units, 3, "058", year};
	extract_result r;
	err e;
	assert_int_equal(extract_run(text, strlen(text), &o, &r, &e), 0);
	return r;
}

static void check(const extract_prop *p, const char *ind, const char *un, const char *per, extract_measure m,
		  num_t v)
{
	assert_string_equal(p->indicator, ind);
	assert_string_equal(p->unit, un);
	assert_string_equal(p->period, per);
	assert_int_equal(p->measure, m);
	assert_int_equal(p->value, v);
	assert_true(p->confidence > 0 && p->confidence <= 1);
}

static void test_the_issues_tourism_sentence_gives_four_measures(void **state)
{
	(void)state;
	extract_result r = run("Doanh thu du lịch trong tháng ước đạt 6,2 tỷ đồng, lũy kế 9 tháng đạt khoảng 48,7 tỷ "
			       "đồng, bằng 76,1% KH năm, tăng 9,3% so cùng kỳ.", 2022);
	assert_int_equal(r.n, 4);
	check(&r.p[0], "KT15", "058", "202209", EXM_VALUE, 62000);
	assert_true(r.p[0].approx); /* ước */
	check(&r.p[1], "KT15", "058", "202209", EXM_CUMULATIVE, 487000);
	assert_true(r.p[1].approx); /* khoảng */
	check(&r.p[2], "KT15", "058", "202209", EXM_PERCENT_OF_PLAN, 761000);
	assert_false(r.p[2].approx);
	check(&r.p[3], "KT15", "058", "202209", EXM_CHANGE_ON_LAST_YEAR, 93000);
	/* positions in code points: "6,2 tỷ đồng" */
	assert_int_equal(r.p[0].start, 38);
	assert_int_equal(r.p[0].end, 49);
	extract_result_free(&r);
}

static void test_x_of_y_before_the_indicator_is_achieved_of_target(void **state)
{
	(void)state;
	extract_result r = run("Có 35/33 thôn, tổ dân phố đạt danh hiệu văn hóa.", 2022);
	assert_int_equal(r.n, 1);
	check(&r.p[0], "TDPVH", "058", "2022", EXM_ACHIEVED_OF_TARGET, NUM_INT(35));
	assert_true(r.p[0].has_target);
	assert_int_equal(r.p[0].target, NUM_INT(33));
	extract_result_free(&r);
}

static void test_targets_of_a_year_convert_billions_to_millions(void **state)
{
	(void)state;
	extract_result r = run("Năm 2023 phấn đấu: tổng vốn đầu tư toàn xã hội đạt 1.650 tỷ đồng; tỷ lệ hộ nghèo "
			       "giảm còn 0,9%.", 2022);
	assert_int_equal(r.n, 2);
	check(&r.p[0], "KT14", "058", "2023", EXM_TARGET, NUM_INT(1650000)); /* tỷ -> triệu */
	check(&r.p[1], "VX04", "058", "2023", EXM_TARGET, 9000);
	extract_result_free(&r);
}

static void test_named_communes_each_get_the_figure(void **state)
{
	(void)state;
	extract_result r = run("Tỷ lệ hộ sử dụng nước sạch: 03 xã Nông Thượng, Dương Quang và Huyền Tụng đạt dưới 60%.",
			       2024);
	assert_int_equal(r.n, 3);
	check(&r.p[0], "MT04", "01846", "2024", EXM_VALUE, NUM_INT(60));
	check(&r.p[1], "MT04", "01849", "2024", EXM_VALUE, NUM_INT(60));
	check(&r.p[2], "MT04", "01852", "2024", EXM_VALUE, NUM_INT(60));
	assert_true(r.p[0].approx); /* dưới */
	extract_result_free(&r);
}

static void test_a_sentence_naming_no_indicator_proposes_nothing(void **state)
{
	(void)state;
	extract_result r = run("Trong tháng có 12 cuộc họp, 3 đoàn kiểm tra và 1.200 lượt người đến làm việc.", 2022);
	assert_int_equal(r.n, 0);
	extract_result_free(&r);
}

static void test_number_forms_and_stray_spaces(void **state)
{
	(void)state;
	extract_result r = run("TNBQ đạt 71, 5 triệu đồng.\nThu nhập bình quân đầu người năm 2021 đạt 12.305,75 triệu "
			       "đồng.\nDoanh thu du lịch quý I đạt 96 tỷ /140 tỷ.", 2020);
	assert_int_equal(r.n, 3);
	check(&r.p[0], "KT06", "058", "2020", EXM_VALUE, 715000);
	check(&r.p[1], "KT06", "058", "2021", EXM_VALUE, 123057500);
	check(&r.p[2], "KT15", "058", "2021Q1", EXM_ACHIEVED_OF_TARGET, NUM_INT(96));
	assert_int_equal(r.p[2].target, NUM_INT(140));
	extract_result_free(&r);
}

static void test_period_phrases(void **state)
{
	(void)state;
	extract_result r = run("Doanh thu du lịch tháng 6 đạt 5 tỷ đồng.\n"
			       "Doanh thu du lịch 6 tháng đầu năm đạt 30 tỷ đồng.\n"
			       "Tổng đàn gia cầm tính đến ngày 20/10/2023 có 120.000 con.\n"
			       "Năm 2024 doanh thu du lịch đạt 80 tỷ đồng.\n"
			       "Doanh thu du lịch tháng 3 đạt 7 tỷ đồng.", 2022);
	assert_int_equal(r.n, 5);
	check(&r.p[0], "KT15", "058", "202206", EXM_VALUE, NUM_INT(5));
	check(&r.p[1], "KT15", "058", "202206", EXM_CUMULATIVE, NUM_INT(30));
	check(&r.p[2], "KT10", "058", "202310", EXM_VALUE, NUM_INT(120000));
	check(&r.p[3], "KT15", "058", "2024", EXM_VALUE, NUM_INT(80));
	check(&r.p[4], "KT15", "058", "202403", EXM_VALUE, NUM_INT(7)); /* the year carried */
	extract_result_free(&r);
}

static void test_change_in_points_and_falls(void **state)
{
	(void)state;
	extract_result r = run("Tỷ lệ hộ nghèo giảm 0,5 điểm phần trăm so cùng kỳ.\n"
			       "Doanh thu du lịch giảm 3,2% so với cùng kỳ.", 2022);
	assert_int_equal(r.n, 2);
	check(&r.p[0], "VX04", "058", "2022", EXM_CHANGE_ON_LAST_YEAR, -5000);
	check(&r.p[1], "KT15", "058", "2022", EXM_CHANGE_ON_LAST_YEAR, -32000);
	extract_result_free(&r);
}

static void test_targets_not_met(void **state)
{
	(void)state;
	extract_result r = run("Năm 2022 có 11/65 chỉ tiêu không đạt.", 0);
	assert_int_equal(r.n, 1);
	check(&r.p[0], "CTKD", "058", "2022", EXM_TARGETS_NOT_MET, NUM_INT(11));
	assert_int_equal(r.p[0].target, NUM_INT(65));
	extract_result_free(&r);
}

static void test_hedges_and_accentless_text(void **state)
{
	(void)state;
	extract_result r = run("Doanh thu du lich thang 5 dat hon 4 ty dong.\nTổng đàn gia cầm trên 95.000 con.", 2022);
	assert_int_equal(r.n, 2);
	check(&r.p[0], "KT15", "058", "202205", EXM_VALUE, NUM_INT(4));
	assert_true(r.p[0].approx);
	assert_true(r.p[1].approx);
	extract_result_free(&r);
}

static void test_other_encodings_are_refused(void **state)
{
	(void)state;
	extract_opts o = {cat, 0, NULL, 0, "058", 2022};
	extract_result r;
	err e;
	const char latin1[] = "Doanh thu du l\xe1" "ch";
	assert_int_equal(extract_run(latin1, strlen(latin1), &o, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "UTF-8"));
}

static void test_json_has_exactly_the_fields(void **state)
{
	(void)state;
	extract_result r = run("Có 35/33 thôn, tổ dân phố đạt danh hiệu văn hóa.", 2022);
	buf b;
	buf_init(&b, 0);
	assert_int_equal(extract_json(&b, &r), 0);
	assert_string_equal(buf_cstr(&b),
			    "[{\"indicator\":\"TDPVH\",\"unit\":\"058\",\"period\":\"2022\",\"measure\":\"achieved_of_target\","
			    "\"value\":35,\"target\":33,\"approx\":false,\"confidence\":0.85,\"text\":\"Có 35/33 thôn, tổ dân "
			    "phố đạt danh hiệu văn hóa\",\"start\":3,\"end\":8}]\n");
	buf_free(&b);
	extract_result_free(&r);
}

static void test_resolutions_and_headings_of_targets(void **state)
{
	(void)state;
	extract_result r = run("NGHỊ QUYẾT về kế hoạch năm 2023\nTổng đàn gia cầm đạt 130.000 con.", 0);
	assert_int_equal(r.n, 1);
	check(&r.p[0], "KT10", "058", "2023", EXM_TARGET, NUM_INT(130000));
	extract_result_free(&r);
	r = run("Báo cáo năm 2023\nCác chỉ tiêu chủ yếu\nTổng đàn gia cầm đạt 130.000 con.\nKết quả thực hiện\n"
		"Tổng đàn gia cầm đạt 125.000 con.", 0);
	assert_int_equal(r.n, 2);
	check(&r.p[0], "KT10", "058", "2023", EXM_TARGET, NUM_INT(130000));
	check(&r.p[1], "KT10", "058", "2023", EXM_VALUE, NUM_INT(125000));
	extract_result_free(&r);
}

static void test_what_is_no_figure(void **state)
{
	(void)state;
	/* a change on last month, an absolute change, the old figure, another unit, "trong tháng N" */
	extract_result r = run("Doanh thu du lịch giảm 2 tỷ đồng so với tháng trước.\n"
			       "Thu nhập bình quân đầu người tăng 4,2 triệu đồng so với năm 2021.\n"
			       "Tỷ lệ hộ nghèo giảm từ 1,78% xuống còn 1,25%.\n"
			       "Tổng đàn gia cầm có 3 người chăn nuôi quy mô lớn.\n"
			       "Doanh thu du lịch trong tháng 10 đạt 7 tỷ đồng.", 2022);
	assert_int_equal(r.n, 2);
	check(&r.p[0], "VX04", "058", "2022", EXM_VALUE, 12500);
	check(&r.p[1], "KT15", "058", "202210", EXM_VALUE, NUM_INT(7));
	extract_result_free(&r);
}

static void test_the_indicator_right_after_the_figure_wins(void **state)
{
	(void)state;
	extract_result r = run("BÁO CÁO tháng 5 năm 2023\nDoanh thu du lịch đạt 4,3 tỷ đồng; thu hút 21.500 đàn gia cầm.", 0);
	assert_int_equal(r.n, 2);
	check(&r.p[0], "KT15", "058", "202305", EXM_VALUE, 43000); /* the heading's month */
	assert_string_equal(r.p[1].indicator, "KT10");
	extract_result_free(&r);
}

static void test_too_many_figures_is_too_big_not_out_of_memory(void **state)
{
	(void)state;
	run("", 0); /* fills cat and units */
	buf b;
	buf_init(&b, 0);
	for (int i = 0; i <= EXTRACT_MAX_PROPOSALS; i++)
		buf_printf(&b, "Tổng đàn gia cầm %d con.\n", i + 1);
	assert_false(buf_failed(&b));
	extract_opts o = {cat, 8, units, 3, "058", 2023};
	extract_result r;
	err e;
	assert_int_equal(extract_run(b.data, b.len, &o, &r, &e), ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "quá"));
	assert_int_equal(r.n, 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_issues_tourism_sentence_gives_four_measures),
		cmocka_unit_test(test_x_of_y_before_the_indicator_is_achieved_of_target),
		cmocka_unit_test(test_targets_of_a_year_convert_billions_to_millions),
		cmocka_unit_test(test_named_communes_each_get_the_figure),
		cmocka_unit_test(test_a_sentence_naming_no_indicator_proposes_nothing),
		cmocka_unit_test(test_number_forms_and_stray_spaces),
		cmocka_unit_test(test_period_phrases),
		cmocka_unit_test(test_change_in_points_and_falls),
		cmocka_unit_test(test_targets_not_met),
		cmocka_unit_test(test_hedges_and_accentless_text),
		cmocka_unit_test(test_other_encodings_are_refused),
		cmocka_unit_test(test_json_has_exactly_the_fields),
		cmocka_unit_test(test_resolutions_and_headings_of_targets),
		cmocka_unit_test(test_what_is_no_figure),
		cmocka_unit_test(test_the_indicator_right_after_the_figure_wins),
		cmocka_unit_test(test_too_many_figures_is_too_big_not_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
