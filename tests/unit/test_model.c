/*
 * test_model.c - unit tests of model.c: enumeration codes and labels and
 * their parsers (codes case-insensitively, labels also without accents or in
 * decomposed Unicode), the checks of indicators, targets and units, and
 * model_set_text. Not for: storing them (store tests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/model.h"

/* ---- enumerations ------------------------------------------------------- */

static void unit_types_round_trip_codes_and_labels(void **state)
{
	(void)state;
	static const struct {
		unit_type t;
		const char *code, *label;
	} cases[] = {
		{UNIT_NATION, "nation", "quốc gia"},
		{UNIT_PROVINCE, "province", "tỉnh"},
		{UNIT_CENTRAL_CITY, "central_city", "thành phố trực thuộc trung ương"},
		{UNIT_CITY, "city", "thành phố"},
		{UNIT_TOWN, "town", "thị xã"},
		{UNIT_DISTRICT, "district", "huyện"},
		{UNIT_URBAN_DISTRICT, "urban_district", "quận"},
		{UNIT_WARD, "ward", "phường"},
		{UNIT_COMMUNE, "commune", "xã"},
		{UNIT_TOWNLET, "townlet", "thị trấn"},
		{UNIT_SPECIAL_ZONE, "special_zone", "đặc khu"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_equal(unit_type_code(cases[i].t), cases[i].code);
		assert_string_equal(unit_type_label(cases[i].t), cases[i].label);
		unit_type t = 0;
		err e;
		assert_int_equal(unit_type_from_code(cases[i].code, &t, &e), 0);
		assert_int_equal(t, cases[i].t);
		t = 0;
		assert_int_equal(unit_type_from_code(cases[i].label, &t, &e), 0);
		assert_int_equal(t, cases[i].t);
	}
}

static void labels_match_without_case_accents_or_composition(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		unit_type want;
	} cases[] = {
		{"WARD", UNIT_WARD},
		{"Ward", UNIT_WARD},
		{"  ward ", UNIT_WARD},
		{"Phường", UNIT_WARD},
		{"PHƯỜNG", UNIT_WARD},
		{"phuong", UNIT_WARD},
		{"ph\xc6\xb0\xe1\xbb\x9dng", UNIT_WARD},       /* precomposed ườ */
		{"phu\xcc\x9bo\xcc\x9b\xcc\x80ng", UNIT_WARD}, /* decomposed: u+horn, o+horn+grave */
		{"Thành phố", UNIT_CITY},
		{"thanh  pho", UNIT_CITY},
		{"Thành phố trực thuộc Trung ương", UNIT_CENTRAL_CITY},
		{"Xã", UNIT_COMMUNE},
		{"xa", UNIT_COMMUNE},
		{"thi xa", UNIT_TOWN},
		{"Đặc khu", UNIT_SPECIAL_ZONE},
		{"dac khu", UNIT_SPECIAL_ZONE},
		{"Central_City", UNIT_CENTRAL_CITY},
		{"Quận", UNIT_URBAN_DISTRICT},
		{"Huyện", UNIT_DISTRICT},
		{"thị trấn", UNIT_TOWNLET},
		{"TỈNH", UNIT_PROVINCE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unit_type t = 0;
		err e;
		err_clear(&e);
		int rc = unit_type_from_code(cases[i].s, &t, &e);
		if (rc)
			print_error("\"%s\": %s\n", cases[i].s, e.msg);
		assert_int_equal(rc, 0);
		assert_int_equal(t, cases[i].want);
	}
}

static void unknown_codes_are_refused_listing_accepted_codes(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "wards", "phường xã", "thành", "village", "city2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unit_type t = UNIT_WARD;
		err e;
		err_clear(&e);
		assert_int_equal(unit_type_from_code(bad[i], &t, &e), ERR_INVALID);
		assert_int_equal(t, UNIT_WARD);
		assert_non_null(strstr(e.msg, "province"));
		assert_non_null(strstr(e.msg, "special_zone"));
	}
	unit_type t;
	err e;
	assert_int_equal(unit_type_from_code(NULL, &t, &e), ERR_INVALID);
	assert_int_equal(unit_type_from_code("village", &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "\"village\""));

	ind_kind k;
	assert_int_equal(ind_kind_from_code("stock", &k, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "flow, level, ratio, count"));
	target_kind tk;
	assert_int_equal(target_kind_from_code("at least", &tk, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "at_least, at_most, reduce_to, change_pct, x_of_y"));
}

static void sectors_round_trip_codes_and_labels(void **state)
{
	(void)state;
	static const struct {
		ind_sector s;
		const char *code, *label;
	} cases[] = {
		{SECTOR_ECONOMY, "economy", "Kinh tế"},
		{SECTOR_SOCIAL, "social", "Văn hóa - Xã hội"},
		{SECTOR_ENVIRONMENT, "environment", "Tài nguyên - Môi trường"},
		{SECTOR_DEFENCE, "defence", "Quốc phòng - An ninh"},
		{SECTOR_GOVERNMENT, "government", "Xây dựng chính quyền"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_equal(sector_code(cases[i].s), cases[i].code);
		assert_string_equal(sector_label(cases[i].s), cases[i].label);
		ind_sector s = 0;
		err e;
		assert_int_equal(sector_from_code(cases[i].code, &s, &e), 0);
		assert_int_equal(s, cases[i].s);
		s = 0;
		assert_int_equal(sector_from_code(cases[i].label, &s, &e), 0);
		assert_int_equal(s, cases[i].s);
	}
	/* "Hoá" with the old tone placement and no accents at all */
	ind_sector s = 0;
	err e;
	assert_int_equal(sector_from_code("Văn hoá - Xã hội", &s, &e), 0);
	assert_int_equal(s, SECTOR_SOCIAL);
	assert_int_equal(sector_from_code("kinh te", &s, &e), 0);
	assert_int_equal(s, SECTOR_ECONOMY);
	assert_int_equal(sector_from_code("ECONOMY", &s, &e), 0);
	assert_int_equal(s, SECTOR_ECONOMY);
	assert_int_equal(sector_from_code("kinh tế xã hội", &s, &e), ERR_INVALID);
}

/* Each table row: the code, and the enum value it parses to. */
static void small_enums_round_trip(void **state)
{
	(void)state;
	err e;
	static const struct {
		ind_kind v;
		const char *c;
	} kinds[] = {{IND_FLOW, "flow"}, {IND_LEVEL, "level"}, {IND_RATIO, "ratio"}, {IND_COUNT, "count"}};
	for (size_t i = 0; i < 4; i++) {
		ind_kind k = 0;
		assert_string_equal(ind_kind_code(kinds[i].v), kinds[i].c);
		assert_int_equal(ind_kind_from_code(kinds[i].c, &k, &e), 0);
		assert_int_equal(k, kinds[i].v);
	}
	static const struct {
		ind_direction v;
		const char *c;
	} dirs[] = {{DIR_HIGHER, "higher"}, {DIR_LOWER, "lower"}};
	for (size_t i = 0; i < 2; i++) {
		ind_direction d = 0;
		assert_string_equal(direction_code(dirs[i].v), dirs[i].c);
		assert_int_equal(direction_from_code(dirs[i].c, &d, &e), 0);
		assert_int_equal(d, dirs[i].v);
	}
	static const struct {
		ind_rollup v;
		const char *c;
	} rolls[] = {{ROLLUP_SUM, "sum"}, {ROLLUP_RATIO, "ratio"}, {ROLLUP_WAVG, "wavg"},
		     {ROLLUP_NONE, "none"}};
	for (size_t i = 0; i < 4; i++) {
		ind_rollup r = 0;
		assert_string_equal(rollup_code(rolls[i].v), rolls[i].c);
		assert_int_equal(rollup_from_code(rolls[i].c, &r, &e), 0);
		assert_int_equal(r, rolls[i].v);
	}
	static const struct {
		ind_freq v;
		const char *c;
		period_type pt;
	} freqs[] = {{FREQ_MONTH, "month", PERIOD_MONTH}, {FREQ_QUARTER, "quarter", PERIOD_QUARTER},
		     {FREQ_HALF, "half", PERIOD_HALF}, {FREQ_YEAR, "year", PERIOD_YEAR}};
	for (size_t i = 0; i < 4; i++) {
		ind_freq f = 0;
		assert_string_equal(freq_code(freqs[i].v), freqs[i].c);
		assert_int_equal(freq_from_code(freqs[i].c, &f, &e), 0);
		assert_int_equal(f, freqs[i].v);
		assert_int_equal(freq_period_type(freqs[i].v), freqs[i].pt);
	}
	static const struct {
		target_kind v;
		const char *c;
	} tks[] = {{TGT_AT_LEAST, "at_least"}, {TGT_AT_MOST, "at_most"}, {TGT_REDUCE_TO, "reduce_to"},
		   {TGT_CHANGE_PCT, "change_pct"}, {TGT_X_OF_Y, "x_of_y"}};
	for (size_t i = 0; i < 5; i++) {
		target_kind k = 0;
		assert_string_equal(target_kind_code(tks[i].v), tks[i].c);
		assert_int_equal(target_kind_from_code(tks[i].c, &k, &e), 0);
		assert_int_equal(k, tks[i].v);
	}
	target_source s = 0;
	assert_string_equal(target_source_code(TGT_SRC_ASSIGNED), "assigned");
	assert_string_equal(target_source_code(TGT_SRC_OWN), "own");
	assert_string_equal(target_source_label(TGT_SRC_ASSIGNED), "tỉnh giao");
	assert_string_equal(target_source_label(TGT_SRC_OWN), "phấn đấu");
	assert_int_equal(target_source_from_code("Own", &s, &e), 0);
	assert_int_equal(s, TGT_SRC_OWN);
	assert_int_equal(target_source_from_code("tỉnh giao", &s, &e), 0);
	assert_int_equal(s, TGT_SRC_ASSIGNED);
	assert_int_equal(target_source_from_code("phan dau", &s, &e), 0);
	assert_int_equal(s, TGT_SRC_OWN);
}

static void out_of_range_enums_have_safe_names(void **state)
{
	(void)state;
	assert_non_null(unit_type_code((unit_type)0));
	assert_non_null(unit_type_label((unit_type)99));
	assert_non_null(sector_code((ind_sector)0));
	assert_non_null(sector_label((ind_sector)42));
	assert_non_null(ind_kind_code((ind_kind)0));
	assert_non_null(direction_code((ind_direction)0));
	assert_non_null(rollup_code((ind_rollup)9));
	assert_non_null(freq_code((ind_freq)9));
	assert_non_null(target_kind_code((target_kind)9));
	assert_non_null(target_source_label((target_source)9));
	assert_string_not_equal(unit_type_code((unit_type)0), "nation");
}

/* ---- indicator_check ---------------------------------------------------- */

/* A valid flow indicator: retail sales in tỷ đồng. */
static indicator good_indicator(void)
{
	indicator ind;
	memset(&ind, 0, sizeof ind);
	snprintf(ind.code, sizeof ind.code, "KT02");
	snprintf(ind.name_vi, sizeof ind.name_vi,
		 "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng");
	snprintf(ind.uom, sizeof ind.uom, "tỷ đồng");
	ind.uom_scale = 9;
	ind.decimals = 1;
	ind.sector = SECTOR_ECONOMY;
	ind.kind = IND_FLOW;
	ind.direction = DIR_HIGHER;
	ind.rollup = ROLLUP_SUM;
	ind.freq = FREQ_MONTH;
	return ind;
}

/* A valid ratio: health-insurance coverage. */
static indicator good_ratio(void)
{
	indicator ind = good_indicator();
	snprintf(ind.code, sizeof ind.code, "XH05");
	snprintf(ind.name_vi, sizeof ind.name_vi, "Tỷ lệ bao phủ bảo hiểm y tế");
	snprintf(ind.uom, sizeof ind.uom, "%%");
	ind.uom_scale = 0;
	ind.decimals = 2;
	ind.sector = SECTOR_SOCIAL;
	ind.kind = IND_RATIO;
	ind.rollup = ROLLUP_RATIO;
	snprintf(ind.numerator, sizeof ind.numerator, "XH05.TS");
	snprintf(ind.denominator, sizeof ind.denominator, "XH05.MS");
	ind.ratio_scale = 100;
	return ind;
}

static void valid_indicators_pass(void **state)
{
	(void)state;
	err e;
	indicator a = good_indicator();
	assert_int_equal(indicator_check(&a, &e), 0);
	indicator r = good_ratio();
	assert_int_equal(indicator_check(&r, &e), 0);
	indicator w = good_indicator();
	w.rollup = ROLLUP_WAVG;
	w.kind = IND_LEVEL;
	snprintf(w.weight, sizeof w.weight, "DS01");
	assert_int_equal(indicator_check(&w, &e), 0);
	indicator c = good_indicator();
	c.decimals = 0;
	c.kind = IND_COUNT;
	c.direction = DIR_LOWER;
	c.freq = FREQ_YEAR;
	snprintf(c.code, sizeof c.code, "an-ninh_3.1");
	assert_int_equal(indicator_check(&c, &e), 0);
	c.decimals = 4;
	assert_int_equal(indicator_check(&c, &e), 0);
}

/* One way to break an indicator, and a word the message must contain. */
typedef struct ind_breakage {
	void (*apply)(indicator *);
	const char *says;
} ind_breakage;

static void b_no_code(indicator *i) { i->code[0] = '\0'; }
static void b_code_space(indicator *i) { snprintf(i->code, sizeof i->code, "KT 02"); }
static void b_code_accent(indicator *i) { snprintf(i->code, sizeof i->code, "KTĐ"); }
static void b_code_slash(indicator *i) { snprintf(i->code, sizeof i->code, "KT/02"); }
static void b_no_name(indicator *i) { snprintf(i->name_vi, sizeof i->name_vi, "   "); }
static void b_no_uom(indicator *i) { i->uom[0] = '\0'; }
static void b_dec_neg(indicator *i) { i->decimals = -1; }
static void b_dec_5(indicator *i) { i->decimals = 5; }
static void b_sector(indicator *i) { i->sector = (ind_sector)0; }
static void b_sector_hi(indicator *i) { i->sector = (ind_sector)6; }
static void b_kind(indicator *i) { i->kind = (ind_kind)5; }
static void b_dir(indicator *i) { i->direction = (ind_direction)0; }
static void b_rollup(indicator *i) { i->rollup = (ind_rollup)0; }
static void b_freq(indicator *i) { i->freq = (ind_freq)5; }
static void b_ratio_no_num(indicator *i)
{
	*i = good_ratio();
	i->numerator[0] = '\0';
}
static void b_ratio_no_den(indicator *i)
{
	*i = good_ratio();
	i->denominator[0] = '\0';
}
static void b_ratio_scale0(indicator *i)
{
	*i = good_ratio();
	i->ratio_scale = 0;
}
static void b_ratio_same(indicator *i)
{
	*i = good_ratio();
	snprintf(i->denominator, sizeof i->denominator, "%s", i->numerator);
}
static void b_ratio_self(indicator *i)
{
	*i = good_ratio();
	snprintf(i->numerator, sizeof i->numerator, "%s", i->code);
}
static void b_rollup_ratio_on_flow(indicator *i) { i->rollup = ROLLUP_RATIO; }
static void b_wavg_no_weight(indicator *i) { i->rollup = ROLLUP_WAVG; }
static void b_wavg_self(indicator *i)
{
	i->rollup = ROLLUP_WAVG;
	snprintf(i->weight, sizeof i->weight, "%s", i->code);
}
static void b_unterminated(indicator *i) { memset(i->uom, 'x', sizeof i->uom); }
static void b_uom_scale(indicator *i) { i->uom_scale = -3; }
static void b_vtype(indicator *i) { i->value_type = (ind_value_type)7; }
static void b_min_gt_max(indicator *i)
{
	i->has_min = i->has_max = true;
	i->min = NUM_INT(10);
	i->max = NUM_INT(5);
}
static void b_percent_max(indicator *i)
{
	i->value_type = VT_PERCENT;
	i->has_max = true;
	i->max = NUM_INT(120);
}

static void broken_indicators_are_refused_naming_the_field(void **state)
{
	(void)state;
	static const ind_breakage cases[] = {
		{b_no_code, "code"},          {b_code_space, "KT 02"},   {b_code_accent, "code"},
		{b_code_slash, "KT/02"},      {b_no_name, "name_vi"},    {b_no_uom, "uom"},
		{b_dec_neg, "decimals"},      {b_dec_5, "decimals"},     {b_sector, "sector"},
		{b_sector_hi, "sector"},      {b_kind, "kind"},          {b_dir, "direction"},
		{b_rollup, "rollup"},         {b_freq, "freq"},          {b_ratio_no_num, "numerator"},
		{b_ratio_no_den, "denominator"}, {b_ratio_scale0, "ratio_scale"},
		{b_ratio_same, "XH05.TS"},    {b_ratio_self, "XH05"},    {b_rollup_ratio_on_flow, "ratio"},
		{b_wavg_no_weight, "weight"}, {b_wavg_self, "weight"},   {b_unterminated, "uom"},
		{b_uom_scale, "uom_scale"},   {b_vtype, "value_type"},   {b_min_gt_max, "(min)"},
		{b_percent_max, "0-100"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		indicator ind = good_indicator();
		cases[i].apply(&ind);
		err e;
		err_clear(&e);
		int rc = indicator_check(&ind, &e);
		if (rc != ERR_INVALID || !strstr(e.msg, cases[i].says))
			print_error("case %zu: rc %d, message: %s\n", i, rc, e.msg);
		assert_int_equal(rc, ERR_INVALID);
		assert_non_null(strstr(e.msg, cases[i].says));
	}
}

/* ---- value_check (issue #13) ----------------------------------------------- */

/* value_check's answer for v on ind, with the message kept in msg. */
static int vc(const indicator *ind, num_t v, char *msg, size_t n)
{
	err e;
	err_clear(&e);
	int rc = value_check(ind, v, &e);
	snprintf(msg, n, "%s", rc ? e.msg : "");
	return rc;
}

static void values_are_checked_against_their_indicator(void **state)
{
	(void)state;
	char m[ERR_MSG_MAX];
	indicator flow = good_indicator(); /* a flow in tỷ đồng, no bounds */
	assert_int_equal(vc(&flow, NUM_INT(3), m, sizeof m), 0);
	assert_int_equal(vc(&flow, 0, m, sizeof m), 0);
	/* the case: -120 tourist visits, accepted before */
	assert_int_equal(vc(&flow, -NUM_INT(120), m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "-120 không được âm"));
	indicator ratio = good_ratio(); /* a ratio may go below zero (a growth rate) */
	assert_int_equal(vc(&ratio, -NUM_INT(3), m, sizeof m), 0);
	/* a minimum set lets a flow go negative, down to it */
	flow.has_min = true;
	flow.min = -NUM_INT(50);
	assert_int_equal(vc(&flow, -NUM_INT(50), m, sizeof m), 0);
	assert_int_equal(vc(&flow, -NUM_INT(51), m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "nhỏ hơn mức tối thiểu -50"));
	flow.has_max = true;
	flow.max = NUM_INT(1000);
	assert_int_equal(vc(&flow, NUM_INT(1000), m, sizeof m), 0);
	assert_int_equal(vc(&flow, NUM_INT(1000) + 1, m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "lớn hơn mức tối đa 1.000"));
	/* whole numbers, percentages, counts */
	indicator w = good_indicator();
	w.value_type = VT_WHOLE;
	assert_int_equal(vc(&w, NUM_INT(7), m, sizeof m), 0);
	assert_int_equal(vc(&w, NUM_INT(7) + 5000, m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "7,5 phải là số nguyên"));
	indicator p = good_indicator();
	p.value_type = VT_PERCENT;
	assert_int_equal(vc(&p, NUM_INT(100), m, sizeof m), 0);
	assert_int_equal(vc(&p, NUM_INT(100) + 1, m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "từ 0 đến 100"));
	indicator c = good_indicator();
	c.kind = IND_COUNT;
	assert_int_equal(vc(&c, NUM_INT(2) + 5000, m, sizeof m), ERR_INVALID);
	assert_int_equal(vc(&c, -NUM_INT(1), m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "không được âm"));
}

/* ---- target_check ------------------------------------------------------- */

static target good_target(void)
{
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "XH09");
	snprintf(t.unit_code, sizeof t.unit_code, "058");
	t.year_from = 2021;
	t.year_to = 2021;
	t.kind = TGT_AT_LEAST;
	t.source = TGT_SRC_ASSIGNED;
	t.value = NUM_INT(155) + 5000; /* 155,5 tỷ đồng */
	return t;
}

static void valid_targets_pass(void **state)
{
	(void)state;
	err e;
	target t = good_target();
	assert_int_equal(target_check(&t, &e), 0);
	/* the poverty rate: reduce to 1,53 from 1,78 */
	t.kind = TGT_REDUCE_TO;
	t.value = 15300;
	t.has_baseline = true;
	t.baseline = 17800;
	assert_int_equal(target_check(&t, &e), 0);
	/* a term target 2021..2025 */
	t = good_target();
	t.year_to = 2025;
	t.source = TGT_SRC_OWN;
	assert_int_equal(target_check(&t, &e), 0);
	/* 206/200 ha */
	t = good_target();
	t.kind = TGT_X_OF_Y;
	t.value = NUM_INT(200);
	t.total = NUM_INT(200);
	assert_int_equal(target_check(&t, &e), 0);
	t.total = 0;
	assert_int_equal(target_check(&t, &e), 0);
	/* road accidents: fewer than last year, -100% at the extreme */
	t = good_target();
	t.kind = TGT_CHANGE_PCT;
	t.value = NUM_INT(-100);
	assert_int_equal(target_check(&t, &e), 0);
	/* ... but a negative figure is only meaningful as a change */
	t.kind = TGT_AT_MOST;
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "không được âm"));
}

/* Targets a user could type but that mean nothing: a "reduce to" above its
 * baseline, a negative figure, more than the total of an "X of Y". */
static void nonsense_targets_are_refused(void **state)
{
	(void)state;
	err e;
	target t = good_target();
	t.kind = TGT_REDUCE_TO;
	t.value = NUM_INT(2);
	t.has_baseline = true;
	t.baseline = 15000; /* 1,5: "reduce to 2 from 1,5" */
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "baseline"));
	t = good_target();
	t.value = NUM_INT(-5);
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
	t = good_target();
	t.kind = TGT_X_OF_Y;
	t.value = NUM_INT(9);
	t.total = NUM_INT(8);
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
}

static void broken_targets_are_refused(void **state)
{
	(void)state;
	static const struct {
		int what;
		const char *says;
	} cases[] = {
		{0, "năm"}, {1, "1900"}, {2, "1900"}, {3, "baseline"}, {4, "baseline"},
		{5, "total"}, {6, "kind"}, {7, "source"}, {8, "indicator_code"}, {9, "unit_code"},
		{10, "100"}, {11, "giới hạn"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		target t = good_target();
		switch (cases[i].what) {
		case 0: t.year_from = 2025; t.year_to = 2021; break;
		case 1: t.year_from = 1899; break;
		case 2: t.year_to = 10000; break;
		case 3: t.kind = TGT_REDUCE_TO; t.has_baseline = false; break;
		case 4: t.kind = TGT_REDUCE_TO; t.has_baseline = true; t.baseline = t.value; break;
		case 5: t.kind = TGT_X_OF_Y; t.total = -NUM_INT(1); break;
		case 6: t.kind = (target_kind)0; break;
		case 7: t.source = (target_source)3; break;
		case 8: t.indicator_code[0] = '\0'; break;
		case 9: snprintf(t.unit_code, sizeof t.unit_code, "05 8"); break;
		case 10: t.kind = TGT_CHANGE_PCT; t.value = NUM_INT(-101); break;
		case 11: t.value = NUM_MAX + 1; break;
		}
		err e;
		err_clear(&e);
		int rc = target_check(&t, &e);
		if (rc != ERR_INVALID || !strstr(e.msg, cases[i].says))
			print_error("case %d: rc %d, message: %s\n", cases[i].what, rc, e.msg);
		assert_int_equal(rc, ERR_INVALID);
		assert_non_null(strstr(e.msg, cases[i].says));
	}
}

/* ---- unit_check --------------------------------------------------------- */

static unit good_unit(void)
{
	unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "01837");
	snprintf(u.name, sizeof u.name, "Sông Cầu");
	u.type = UNIT_WARD;
	snprintf(u.parent_code, sizeof u.parent_code, "058");
	return u;
}

static void valid_units_pass(void **state)
{
	(void)state;
	err e;
	unit u = good_unit();
	assert_int_equal(unit_check(&u, &e), 0);
	/* merged on 01/07/2025: last day 30/06/2025 */
	u.valid_to = (cdate){2025, 6, 30};
	assert_int_equal(unit_check(&u, &e), 0);
	u.valid_from = (cdate){2025, 6, 30}; /* one day is allowed */
	assert_int_equal(unit_check(&u, &e), 0);
	unit root = good_unit();
	snprintf(root.code, sizeof root.code, "06");
	root.parent_code[0] = '\0';
	root.type = UNIT_PROVINCE;
	root.valid_from = (cdate){1997, 1, 1};
	assert_int_equal(unit_check(&root, &e), 0);
}

static void broken_units_are_refused(void **state)
{
	(void)state;
	static const struct {
		int what;
		const char *says;
	} cases[] = {
		{0, "code"}, {1, "name"}, {2, "type"}, {3, "valid_from"}, {4, "valid_to"},
		{5, "30/06/2025"}, {6, "cấp trên"}, {7, "Sông"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unit u = good_unit();
		switch (cases[i].what) {
		case 0: u.code[0] = '\0'; break;
		case 1: u.name[0] = '\0'; break;
		case 2: u.type = (unit_type)12; break;
		case 3: u.valid_from = (cdate){2025, 2, 30}; break;
		case 4: u.valid_to = (cdate){2025, 13, 1}; break;
		case 5: u.valid_from = (cdate){2025, 7, 1}; u.valid_to = (cdate){2025, 6, 30}; break;
		case 6: snprintf(u.parent_code, sizeof u.parent_code, "%s", u.code); break;
		case 7: snprintf(u.code, sizeof u.code, "Sông"); break;
		}
		err e;
		err_clear(&e);
		int rc = unit_check(&u, &e);
		if (rc != ERR_INVALID || !strstr(e.msg, cases[i].says))
			print_error("case %d: rc %d, message: %s\n", cases[i].what, rc, e.msg);
		assert_int_equal(rc, ERR_INVALID);
		assert_non_null(strstr(e.msg, cases[i].says));
	}
}

/* ---- model_set_text ----------------------------------------------------- */

static void set_text_copies_what_fits_and_refuses_the_rest(void **state)
{
	(void)state;
	char dst[8];
	err e;
	memset(dst, 'z', sizeof dst);
	assert_int_equal(model_set_text(dst, sizeof dst, "1234567", "code", &e), 0);
	assert_string_equal(dst, "1234567");
	assert_int_equal(model_set_text(dst, sizeof dst, "", "code", &e), 0);
	assert_string_equal(dst, "");
	assert_int_equal(model_set_text(dst, sizeof dst, "abc", "code", &e), 0);
	/* one byte too many: refused, destination untouched, field named */
	err_clear(&e);
	assert_int_equal(model_set_text(dst, sizeof dst, "12345678", "mã đơn vị", &e), ERR_INVALID);
	assert_string_equal(dst, "abc");
	assert_non_null(strstr(e.msg, "mã đơn vị"));
	assert_non_null(strstr(e.msg, "7"));
	/* a Vietnamese name: bytes count, not letters */
	assert_int_equal(model_set_text(dst, sizeof dst, "Sông Cầu", "name", &e), ERR_INVALID);
	assert_string_equal(dst, "abc");
	assert_int_equal(model_set_text(dst, sizeof dst, NULL, "name", &e), 0);
	assert_string_equal(dst, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit_types_round_trip_codes_and_labels),
		cmocka_unit_test(labels_match_without_case_accents_or_composition),
		cmocka_unit_test(unknown_codes_are_refused_listing_accepted_codes),
		cmocka_unit_test(sectors_round_trip_codes_and_labels),
		cmocka_unit_test(small_enums_round_trip),
		cmocka_unit_test(out_of_range_enums_have_safe_names),
		cmocka_unit_test(valid_indicators_pass),
		cmocka_unit_test(broken_indicators_are_refused_naming_the_field),
		cmocka_unit_test(values_are_checked_against_their_indicator),
		cmocka_unit_test(valid_targets_pass),
		cmocka_unit_test(broken_targets_are_refused),
		cmocka_unit_test(nonsense_targets_are_refused),
		cmocka_unit_test(valid_units_pass),
		cmocka_unit_test(broken_units_are_refused),
		cmocka_unit_test(set_text_copies_what_fits_and_refuses_the_rest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
