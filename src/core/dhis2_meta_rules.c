/*
 * dhis2_meta_rules.c - how DHIS2's metadata words become chitieu's
 * (dhis2_meta.h): valueType -> value type and bounds, aggregationType ->
 * kind and roll-up, an organisation unit's name and level -> unit type, a
 * dataSet's periodType -> frequency. Pure functions: they read and write
 * nothing.
 *
 * Not for: reading the document or writing the catalogue (dhis2_meta.c).
 */
#include "core/dhis2_meta.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* DHIS2 value types that are not numbers: a data element of one is skipped. */
static const char *const text_types[] = {
	"TEXT", "LONG_TEXT", "MULTI_TEXT", "LETTER", "PHONE_NUMBER", "EMAIL", "BOOLEAN", "TRUE_ONLY",
	"DATE", "DATETIME", "TIME", "TRACKER_ASSOCIATE", "USERNAME", "COORDINATE", "ORGANISATION_UNIT",
	"REFERENCE", "AGE", "URL", "FILE_RESOURCE", "IMAGE", "GEOJSON",
};

int dhis2_meta_value_type(const char *vt, indicator *ind, const char **why, err *e)
{
	*why = NULL;
	if (!vt || !*vt)
		return err_set(e, ERR_INVALID, "thiếu kiểu giá trị (valueType)");
	ind->has_min = ind->has_max = false;
	ind->value_type = VT_NUMBER;
	ind->decimals = 0;
	snprintf(ind->uom, sizeof ind->uom, "%s", "số");
	if (!strcmp(vt, "NUMBER")) {
		ind->decimals = 2;
		return 0;
	}
	if (!strcmp(vt, "INTEGER") || !strcmp(vt, "INTEGER_ZERO_OR_POSITIVE")) {
		/* chitieu's rule without a minimum: not negative (docs/internals/exchange.md) */
		ind->value_type = VT_WHOLE;
		return 0;
	}
	if (!strcmp(vt, "INTEGER_POSITIVE")) {
		ind->value_type = VT_WHOLE;
		ind->has_min = true;
		ind->min = NUM_INT(1);
		return 0;
	}
	if (!strcmp(vt, "INTEGER_NEGATIVE")) {
		ind->value_type = VT_WHOLE;
		ind->has_min = ind->has_max = true;
		ind->min = -NUM_MAX;
		ind->max = NUM_INT(-1);
		return 0;
	}
	if (!strcmp(vt, "PERCENTAGE")) {
		ind->value_type = VT_PERCENT;
		ind->decimals = 1;
		snprintf(ind->uom, sizeof ind->uom, "%s", "%");
		return 0;
	}
	if (!strcmp(vt, "UNIT_INTERVAL")) {
		ind->decimals = 3;
		ind->has_min = ind->has_max = true;
		ind->min = 0;
		ind->max = NUM_INT(1);
		snprintf(ind->uom, sizeof ind->uom, "%s", "tỷ lệ (0-1)");
		return 0;
	}
	for (size_t i = 0; i < sizeof text_types / sizeof text_types[0]; i++)
		if (!strcmp(vt, text_types[i])) {
			*why = "kiểu giá trị không phải số: chitieu chỉ giữ số liệu dạng số";
			return 1;
		}
	*why = "kiểu giá trị không biết (không phải kiểu số của DHIS2)";
	return 1;
}

/* How DHIS2 aggregates over time and over the org unit tree, and chitieu's nearest rule. */
typedef struct agg_rule {
	const char *name;
	ind_kind kind;       /* 0: skipped */
	ind_rollup rollup;
	const char *note;    /* where chitieu differs; for a skipped one, why */
} agg_rule;

static const agg_rule agg_rules[] = {
	{"SUM", IND_FLOW, ROLLUP_SUM, NULL},
	{"AVERAGE", IND_LEVEL, ROLLUP_NONE,
	 "DHIS2 lấy trung bình theo thời gian và theo đơn vị; chitieu lấy số mới nhất của năm, đơn vị cấp trên tự nhập số của mình"},
	{"AVERAGE_SUM_ORG_UNIT", IND_LEVEL, ROLLUP_SUM,
	 "DHIS2 lấy trung bình theo thời gian; chitieu lấy số mới nhất của năm (cộng theo đơn vị như DHIS2)"},
	{"LAST", IND_LEVEL, ROLLUP_SUM, NULL},
	{"LAST_IN_PERIOD", IND_LEVEL, ROLLUP_SUM, NULL},
	{"LAST_AVERAGE_ORG_UNIT", IND_LEVEL, ROLLUP_NONE,
	 "chitieu không có trung bình không trọng số theo đơn vị: đơn vị cấp trên tự nhập số của mình"},
	{"LAST_IN_PERIOD_AVERAGE_ORG_UNIT", IND_LEVEL, ROLLUP_NONE,
	 "chitieu không có trung bình không trọng số theo đơn vị: đơn vị cấp trên tự nhập số của mình"},
	{"LAST_LAST_ORG_UNIT", IND_LEVEL, ROLLUP_NONE,
	 "chitieu không lấy số của đơn vị cuối cùng: đơn vị cấp trên tự nhập số của mình"},
	{"FIRST", IND_LEVEL, ROLLUP_SUM, "DHIS2 lấy số đầu tiên theo thời gian; chitieu lấy số mới nhất của năm"},
	{"FIRST_AVERAGE_ORG_UNIT", IND_LEVEL, ROLLUP_NONE,
	 "DHIS2 lấy số đầu tiên, trung bình theo đơn vị; chitieu lấy số mới nhất, đơn vị cấp trên tự nhập"},
	{"FIRST_FIRST_ORG_UNIT", IND_LEVEL, ROLLUP_NONE,
	 "DHIS2 lấy số đầu tiên của đơn vị đầu tiên; chitieu lấy số mới nhất, đơn vị cấp trên tự nhập"},
	{"MIN", IND_LEVEL, ROLLUP_NONE, "DHIS2 lấy số nhỏ nhất; chitieu lấy số mới nhất, đơn vị cấp trên tự nhập"},
	{"MAX", IND_LEVEL, ROLLUP_NONE, "DHIS2 lấy số lớn nhất; chitieu lấy số mới nhất, đơn vị cấp trên tự nhập"},
	{"MIN_SUM_ORG_UNIT", IND_LEVEL, ROLLUP_SUM, "DHIS2 lấy số nhỏ nhất theo thời gian; chitieu lấy số mới nhất"},
	{"MAX_SUM_ORG_UNIT", IND_LEVEL, ROLLUP_SUM, "DHIS2 lấy số lớn nhất theo thời gian; chitieu lấy số mới nhất"},
	{"NONE", IND_LEVEL, ROLLUP_NONE, NULL},
	{"COUNT", 0, 0, "COUNT đếm số giá trị đã nhập, không phải một số liệu để nhập"},
	{"STDDEV", 0, 0, "STDDEV là độ lệch chuẩn của các giá trị, không phải một số liệu để nhập"},
	{"VARIANCE", 0, 0, "VARIANCE là phương sai của các giá trị, không phải một số liệu để nhập"},
	{"CUSTOM", 0, 0, "CUSTOM là cách tổng hợp riêng của DHIS2, chitieu không làm lại được"},
};

int dhis2_meta_aggregation(const char *agg, indicator *ind, const char **note, err *e)
{
	*note = NULL;
	if (!agg || !*agg || !strcmp(agg, "DEFAULT"))
		agg = "SUM";
	const agg_rule *r = NULL;
	for (size_t i = 0; i < sizeof agg_rules / sizeof agg_rules[0]; i++)
		if (!strcmp(agg, agg_rules[i].name))
			r = &agg_rules[i];
	if (!r)
		return err_set(e, ERR_INVALID, "cách tổng hợp (aggregationType) '%.40s' không hợp lệ", agg);
	*note = r->note;
	if (!r->kind)
		return 1;
	ind->kind = r->kind;
	ind->rollup = r->rollup;
	bool share = ind->value_type == VT_PERCENT || (ind->has_max && ind->max == NUM_INT(1) && ind->has_min &&
							 ind->min == 0);
	if (share && (ind->kind == IND_FLOW || ind->rollup == ROLLUP_SUM)) {
		/* a percentage or a share is not added up, over months or over units */
		ind->kind = IND_LEVEL;
		ind->rollup = ROLLUP_NONE;
		*note = "không cộng tỷ lệ, phần trăm: chitieu lấy số mới nhất của năm, đơn vị cấp trên tự nhập số của mình";
	}
	return 0;
}

/* The Vietnamese type words a unit's name may start with, title case and lower case. */
static const struct {
	const char *word;
	unit_type type;
} type_words[] = {
	{"Tỉnh", UNIT_PROVINCE},         {"tỉnh", UNIT_PROVINCE},
	{"Thành phố", UNIT_CITY},        {"thành phố", UNIT_CITY},
	{"Thị xã", UNIT_TOWN},           {"thị xã", UNIT_TOWN},
	{"Thị trấn", UNIT_TOWNLET},      {"thị trấn", UNIT_TOWNLET},
	{"Huyện", UNIT_DISTRICT},        {"huyện", UNIT_DISTRICT},
	{"Quận", UNIT_URBAN_DISTRICT},   {"quận", UNIT_URBAN_DISTRICT},
	{"Phường", UNIT_WARD},           {"phường", UNIT_WARD},
	{"Xã", UNIT_COMMUNE},            {"xã", UNIT_COMMUNE},
	{"Đặc khu", UNIT_SPECIAL_ZONE},  {"đặc khu", UNIT_SPECIAL_ZONE},
};

unit_type dhis2_meta_unit_type(const char *name, int level, int deepest, const char *level_name, size_t *skip)
{
	*skip = 0;
	for (size_t i = 0; name && i < sizeof type_words / sizeof type_words[0]; i++) {
		size_t n = strlen(type_words[i].word);
		if (!strncmp(name, type_words[i].word, n) && name[n] == ' ' && name[n + 1] && name[n + 1] != ' ') {
			*skip = n + 1;
			/* a city right under the nation is a centrally-run one (Hà Nội, Huế) */
			if (type_words[i].type == UNIT_CITY && level == 2)
				return UNIT_CENTRAL_CITY;
			return type_words[i].type;
		}
	}
	if (level_name && *level_name) {
		unit_type t;
		err e;
		if (!unit_type_from_code(level_name, &t, &e))
			return t;
	}
	if (level == 1)
		return UNIT_NATION;
	if (level == 2)
		return UNIT_PROVINCE;
	if (level > 2 && level < deepest)
		return UNIT_DISTRICT; /* a tree from before 01/07/2025 (DOMAIN.md §8) */
	return UNIT_COMMUNE;          /* the deepest level: since 2025 the commune level sits under the province */
}

ind_freq dhis2_meta_freq(const char *pt)
{
	if (!pt)
		return 0;
	if (!strcmp(pt, "Monthly"))
		return FREQ_MONTH;
	if (!strcmp(pt, "Quarterly"))
		return FREQ_QUARTER;
	if (!strcmp(pt, "SixMonthly"))
		return FREQ_HALF;
	if (!strcmp(pt, "Yearly"))
		return FREQ_YEAR;
	return 0;
}

const char *dhis2_meta_action_code(dhis2_meta_action a)
{
	switch (a) {
	case DM_CREATE: return "create";
	case DM_UPDATE: return "update";
	case DM_SKIP: return "skip";
	case DM_IGNORE: return "ignore";
	case DM_CONFLICT: return "conflict";
	}
	return "unknown";
}
