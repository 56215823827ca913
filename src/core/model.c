/*
 * model.c - names of the model's enumerations (English codes for CSV, JSON
 * and the CLI; Vietnamese labels for people), their parsers, the consistency
 * checks of indicators, targets and units, and the one safe way to fill a
 * fixed-size text field (model_set_text).
 *
 * Not for: storing (store.h), evaluating (eval.h) or importing (import.h).
 * The checks here look at one record alone; rules that need other records
 * (a unit's window against its parent's, an indicator's fields locked by its
 * values) are unit_rules.c's and catalog_rules.c's, over facts the store
 * reads; whether a referred code exists is the store's, as for any reference.
 */
#include "core/model.h"

#include <stdio.h>
#include <string.h>

/* ---- matching codes and labels ---------------------------------------- */

/* Decodes one UTF-8 sequence at *p, advancing it; bad bytes decode as themselves. */
static unsigned long utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned long c = s[0];
	int n = 0;
	if (c < 0x80) {
		n = 0;
	} else if ((c & 0xE0) == 0xC0) {
		n = 1;
		c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		c &= 0x07;
	} else {
		*p = s + 1;
		return c;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) { /* truncated: take the lead byte alone */
			*p = s + 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p = s + n + 1;
	return c;
}

/*
 * The ASCII base letter of a Vietnamese letter (lower case), 0 for a
 * combining mark (dropped, so decomposed text matches composed text), or the
 * code point itself when it is none of these.
 */
static unsigned long vi_base(unsigned long c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (c >= 0x300 && c <= 0x36F)
		return 0;
	if (c >= 0xC0 && c <= 0xFF) {
		unsigned long l = c >= 0xE0 ? c - 0x20 : c;
		if (l <= 0xC5) return 'a';
		if (l >= 0xC8 && l <= 0xCB) return 'e';
		if (l >= 0xCC && l <= 0xCF) return 'i';
		if (l >= 0xD2 && l <= 0xD6) return 'o';
		if (l >= 0xD9 && l <= 0xDC) return 'u';
		if (l == 0xDD) return 'y';
		return c;
	}
	switch (c) {
	case 0x102: case 0x103: return 'a';
	case 0x110: case 0x111: return 'd';
	case 0x128: case 0x129: return 'i';
	case 0x168: case 0x169: return 'u';
	case 0x1A0: case 0x1A1: return 'o';
	case 0x1AF: case 0x1B0: return 'u';
	default: break;
	}
	if (c >= 0x1EA0 && c <= 0x1EB7) return 'a';
	if (c >= 0x1EB8 && c <= 0x1EC7) return 'e';
	if (c >= 0x1EC8 && c <= 0x1ECB) return 'i';
	if (c >= 0x1ECC && c <= 0x1EE3) return 'o';
	if (c >= 0x1EE4 && c <= 0x1EF1) return 'u';
	if (c >= 0x1EF2 && c <= 0x1EF9) return 'y';
	return c;
}

/*
 * Folds s for matching: surrounding spaces dropped, runs of spaces made one,
 * ASCII lower case, Vietnamese accents removed. Writes at most n-1 code units
 * (as unsigned longs) into out and returns the count, or -1 if it did not fit.
 */
static int fold(const char *s, unsigned long *out, int n)
{
	const unsigned char *p = (const unsigned char *)s;
	int k = 0;
	bool space = false;
	while (*p) {
		unsigned long c = vi_base(utf8_next(&p));
		if (c == 0)
			continue;
		if (c == ' ' || c == '\t') {
			space = k > 0;
			continue;
		}
		if (space) {
			if (k >= n)
				return -1;
			out[k++] = ' ';
			space = false;
		}
		if (k >= n)
			return -1;
		out[k++] = c;
	}
	return k;
}

/* True when a and b are the same after folding (case and accents ignored). */
static bool same_folded(const char *a, const char *b)
{
	unsigned long fa[96], fb[96];
	int na = fold(a, fa, 96), nb = fold(b, fb, 96);
	if (na < 0 || nb < 0 || na != nb)
		return false;
	return memcmp(fa, fb, (size_t)na * sizeof fa[0]) == 0;
}

const model_enum *model_enum_find(const model_enum *t, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return &t[i];
	return NULL;
}

const char *model_enum_code(const model_enum *t, size_t n, int v)
{
	const model_enum *m = model_enum_find(t, n, v);
	return m ? m->code : "unknown";
}

const char *model_enum_label(const model_enum *t, size_t n, int v, const char *dflt)
{
	const model_enum *m = model_enum_find(t, n, v);
	return m ? m->label : dflt;
}

static bool enum_matches(const model_enum *m, const char *s, model_enum_match how)
{
	if (how == MODEL_ENUM_EXACT)
		return strcmp(s, m->code) == 0;
	return same_folded(s, m->code) ||
	       (how == MODEL_ENUM_FOLD_LABEL && m->label && same_folded(s, m->label));
}

int model_enum_parse(const model_enum *t, size_t n, const char *s, model_enum_match how,
		     const char *what, int *out, err *e)
{
	for (size_t i = 0; s && i < n; i++) {
		if (enum_matches(&t[i], s, how)) {
			*out = t[i].value;
			return 0;
		}
	}
	char list[256];
	size_t len = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", t[i].code);
		if (w < 0 || (size_t)w >= sizeof list - len)
			break;
		len += (size_t)w;
	}
	return err_set(e, ERR_INVALID, "\"%.80s\": %s không hợp lệ; chấp nhận: %s",
		       s ? s : "", what, list);
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- unit types ------------------------------------------------------- */

static const model_enum unit_types[] = {
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

const char *unit_type_code(unit_type t)
{
	return model_enum_code(unit_types, N_OF(unit_types), (int)t);
}

const char *unit_type_label(unit_type t)
{
	return model_enum_label(unit_types, N_OF(unit_types), (int)t, "không rõ");
}

int unit_type_from_code(const char *s, unit_type *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(unit_types, N_OF(unit_types), s, MODEL_ENUM_FOLD_LABEL,
				  "loại đơn vị (unit type)", &v, e);
	if (rc == 0)
		*out = (unit_type)v;
	return rc;
}

/* ---- sectors ---------------------------------------------------------- */

static const model_enum sectors[] = {
	{SECTOR_ECONOMY, "economy", "Kinh tế"},
	{SECTOR_SOCIAL, "social", "Văn hóa - Xã hội"},
	{SECTOR_ENVIRONMENT, "environment", "Tài nguyên - Môi trường"},
	{SECTOR_DEFENCE, "defence", "Quốc phòng - An ninh"},
	{SECTOR_GOVERNMENT, "government", "Xây dựng chính quyền"},
};

const char *sector_code(ind_sector s)
{
	return model_enum_code(sectors, N_OF(sectors), (int)s);
}

const char *sector_label(ind_sector s)
{
	return model_enum_label(sectors, N_OF(sectors), (int)s, "không rõ");
}

int sector_from_code(const char *s, ind_sector *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(sectors, N_OF(sectors), s, MODEL_ENUM_FOLD_LABEL,
				  "lĩnh vực (sector)", &v, e);
	if (rc == 0)
		*out = (ind_sector)v;
	return rc;
}

/* ---- indicator kinds, directions, roll-ups, frequencies --------------- */

static const model_enum kinds[] = {
	{IND_FLOW, "flow", NULL},
	{IND_LEVEL, "level", NULL},
	{IND_RATIO, "ratio", NULL},
	{IND_COUNT, "count", NULL},
};

const char *ind_kind_code(ind_kind k)
{
	return model_enum_code(kinds, N_OF(kinds), (int)k);
}

int ind_kind_from_code(const char *s, ind_kind *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(kinds, N_OF(kinds), s, MODEL_ENUM_FOLD,
				  "loại chỉ tiêu (kind)", &v, e);
	if (rc == 0)
		*out = (ind_kind)v;
	return rc;
}

static const model_enum directions[] = {
	{DIR_HIGHER, "higher", NULL},
	{DIR_LOWER, "lower", NULL},
};

const char *direction_code(ind_direction d)
{
	return model_enum_code(directions, N_OF(directions), (int)d);
}

int direction_from_code(const char *s, ind_direction *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(directions, N_OF(directions), s, MODEL_ENUM_FOLD,
				  "chiều đánh giá (direction)", &v, e);
	if (rc == 0)
		*out = (ind_direction)v;
	return rc;
}

static const model_enum rollups[] = {
	{ROLLUP_SUM, "sum", NULL},
	{ROLLUP_RATIO, "ratio", NULL},
	{ROLLUP_WAVG, "wavg", NULL},
	{ROLLUP_NONE, "none", NULL},
};

const char *rollup_code(ind_rollup r)
{
	return model_enum_code(rollups, N_OF(rollups), (int)r);
}

int rollup_from_code(const char *s, ind_rollup *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(rollups, N_OF(rollups), s, MODEL_ENUM_FOLD,
				  "cách tổng hợp (rollup)", &v, e);
	if (rc == 0)
		*out = (ind_rollup)v;
	return rc;
}

static const model_enum value_types[] = {
	{VT_NUMBER, "number", "số"},
	{VT_WHOLE, "whole", "số nguyên"},
	{VT_PERCENT, "percent", "phần trăm (0-100)"},
};

const char *value_type_code(ind_value_type t)
{
	return model_enum_code(value_types, N_OF(value_types), (int)t);
}

const char *value_type_label(ind_value_type t)
{
	return model_enum_label(value_types, N_OF(value_types), (int)t, "không rõ");
}

int value_type_from_code(const char *s, ind_value_type *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(value_types, N_OF(value_types), s, MODEL_ENUM_FOLD_LABEL,
				  "kiểu giá trị (value_type)", &v, e);
	if (rc == 0)
		*out = (ind_value_type)v;
	return rc;
}

static const model_enum freqs[] = {
	{FREQ_MONTH, "month", NULL},
	{FREQ_QUARTER, "quarter", NULL},
	{FREQ_HALF, "half", NULL},
	{FREQ_YEAR, "year", NULL},
};

const char *freq_code(ind_freq f)
{
	return model_enum_code(freqs, N_OF(freqs), (int)f);
}

int freq_from_code(const char *s, ind_freq *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(freqs, N_OF(freqs), s, MODEL_ENUM_FOLD, "kỳ báo cáo (freq)", &v, e);
	if (rc == 0)
		*out = (ind_freq)v;
	return rc;
}

period_type freq_period_type(ind_freq f)
{
	switch (f) {
	case FREQ_MONTH: return PERIOD_MONTH;
	case FREQ_QUARTER: return PERIOD_QUARTER;
	case FREQ_HALF: return PERIOD_HALF;
	case FREQ_YEAR: return PERIOD_YEAR;
	}
	return PERIOD_MONTH;
}

/* ---- targets ---------------------------------------------------------- */

static const model_enum target_kinds[] = {
	{TGT_AT_LEAST, "at_least", NULL},
	{TGT_AT_MOST, "at_most", NULL},
	{TGT_REDUCE_TO, "reduce_to", NULL},
	{TGT_CHANGE_PCT, "change_pct", NULL},
	{TGT_X_OF_Y, "x_of_y", NULL},
	{TGT_GROWTH_AVG, "growth_avg", NULL},
	{TGT_POINTS_PER_YEAR, "points_per_year", NULL},
	{TGT_TERM_TOTAL, "term_total", NULL},
};

const char *target_kind_code(target_kind k)
{
	return model_enum_code(target_kinds, N_OF(target_kinds), (int)k);
}

int target_kind_from_code(const char *s, target_kind *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(target_kinds, N_OF(target_kinds), s, MODEL_ENUM_FOLD,
				  "loại chỉ tiêu kế hoạch (target kind)", &v, e);
	if (rc == 0)
		*out = (target_kind)v;
	return rc;
}

static const model_enum target_sources[] = {
	{TGT_SRC_ASSIGNED, "assigned", "tỉnh giao"},
	{TGT_SRC_OWN, "own", "phấn đấu"},
};

const char *target_source_code(target_source s)
{
	return model_enum_code(target_sources, N_OF(target_sources), (int)s);
}

const char *target_source_label(target_source s)
{
	return model_enum_label(target_sources, N_OF(target_sources), (int)s, "không rõ");
}

int target_source_from_code(const char *s, target_source *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(target_sources, N_OF(target_sources), s, MODEL_ENUM_FOLD_LABEL,
				  "nguồn chỉ tiêu (source)", &v, e);
	if (rc == 0)
		*out = (target_source)v;
	return rc;
}

/* ---- checks ----------------------------------------------------------- */

/* Length of a fixed field, or -1 when it has no NUL within n bytes. */
static long field_len(const char *s, size_t n)
{
	size_t l = strnlen(s, n);
	return l == n ? -1 : (long)l;
}

/* Checks a code field: NUL-terminated, [A-Za-z0-9_.-]; empty allowed when !required. */
static int check_code(const char *s, size_t n, bool required, const char *owner,
		      const char *field, err *e)
{
	long len = field_len(s, n);
	if (len < 0)
		return err_set(e, ERR_INVALID, "%s: trường %s không kết thúc (quá dài)", owner, field);
	if (len == 0) {
		if (required)
			return err_set(e, ERR_INVALID, "%s: thiếu mã (%s)", owner, field);
		return 0;
	}
	for (long i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
		if (!ok)
			return err_set(e, ERR_INVALID,
				       "%s: mã \"%.*s\" (%s) chỉ được gồm chữ cái không dấu, "
				       "chữ số và các dấu _ . -",
				       owner, (int)len, s, field);
	}
	return 0;
}

/* Checks a text field: NUL-terminated and, when required, not blank. */
static int check_text(const char *s, size_t n, bool required, const char *owner,
		      const char *field, err *e)
{
	long len = field_len(s, n);
	if (len < 0)
		return err_set(e, ERR_INVALID, "%s: trường %s không kết thúc (quá dài)", owner, field);
	if (!required)
		return 0;
	for (long i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return err_set(e, ERR_INVALID, "%s: thiếu %s", owner, field);
}

void indicator_defaults(indicator *ind)
{
	memset(ind, 0, sizeof *ind);
	ind->kind = IND_FLOW;
	ind->direction = DIR_HIGHER;
	ind->rollup = ROLLUP_SUM;
	ind->freq = FREQ_MONTH;
	ind->ratio_scale = 100;
}

int indicator_check(const indicator *ind, err *e)
{
	char owner[CODE_MAX + 32];
	int rc = check_code(ind->code, sizeof ind->code, true, "chỉ tiêu", "code", e);
	if (rc)
		return rc;
	snprintf(owner, sizeof owner, "chỉ tiêu %s", ind->code);
	if ((rc = check_text(ind->name_vi, sizeof ind->name_vi, true, owner, "tên (name_vi)", e)) ||
	    (rc = check_text(ind->name_en, sizeof ind->name_en, false, owner, "name_en", e)) ||
	    (rc = check_text(ind->synonyms, sizeof ind->synonyms, false, owner, "tên gọi khác (synonyms)", e)) ||
	    (rc = check_text(ind->uom, sizeof ind->uom, true, owner, "đơn vị tính (uom)", e)) ||
	    (rc = check_text(ind->agency_code, sizeof ind->agency_code, false, owner,
			     "agency_code", e)) ||
	    (rc = check_code(ind->numerator, sizeof ind->numerator, false, owner, "numerator", e)) ||
	    (rc = check_code(ind->denominator, sizeof ind->denominator, false, owner,
			     "denominator", e)) ||
	    (rc = check_code(ind->weight, sizeof ind->weight, false, owner, "weight", e)))
		return rc;
	if (ind->decimals < 0 || ind->decimals > NUM_DECIMALS)
		return err_set(e, ERR_INVALID, "%s: số chữ số thập phân (decimals) %d phải từ 0 đến %d",
			       owner, ind->decimals, NUM_DECIMALS);
	if (ind->uom_scale < 0 || ind->uom_scale > 15)
		return err_set(e, ERR_INVALID, "%s: bậc đơn vị (uom_scale) %d phải từ 0 đến 15",
			       owner, ind->uom_scale);
	if (!model_enum_find(sectors, N_OF(sectors), (int)ind->sector))
		return err_set(e, ERR_INVALID, "%s: lĩnh vực (sector) %d không hợp lệ", owner,
			       (int)ind->sector);
	if (!model_enum_find(kinds, N_OF(kinds), (int)ind->kind))
		return err_set(e, ERR_INVALID, "%s: loại (kind) %d không hợp lệ", owner, (int)ind->kind);
	if (!model_enum_find(directions, N_OF(directions), (int)ind->direction))
		return err_set(e, ERR_INVALID, "%s: chiều đánh giá (direction) %d không hợp lệ", owner,
			       (int)ind->direction);
	if (!model_enum_find(rollups, N_OF(rollups), (int)ind->rollup))
		return err_set(e, ERR_INVALID, "%s: cách tổng hợp (rollup) %d không hợp lệ", owner,
			       (int)ind->rollup);
	if (!model_enum_find(freqs, N_OF(freqs), (int)ind->freq))
		return err_set(e, ERR_INVALID, "%s: kỳ báo cáo (freq) %d không hợp lệ", owner,
			       (int)ind->freq);
	bool need_parts = ind->kind == IND_RATIO || ind->rollup == ROLLUP_RATIO;
	if (need_parts) {
		if (!ind->numerator[0] || !ind->denominator[0])
			return err_set(e, ERR_INVALID,
				       "%s: chỉ tiêu tỷ lệ (ratio) cần cả tử số (numerator) và mẫu số "
				       "(denominator)", owner);
		if (strcmp(ind->numerator, ind->denominator) == 0)
			return err_set(e, ERR_INVALID,
				       "%s: tử số và mẫu số không được là cùng một chỉ tiêu (%s)",
				       owner, ind->numerator);
		if (strcmp(ind->numerator, ind->code) == 0 || strcmp(ind->denominator, ind->code) == 0)
			return err_set(e, ERR_INVALID,
				       "%s: tử số, mẫu số phải là chỉ tiêu khác, không phải chính nó",
				       owner);
	}
	if (ind->kind == IND_RATIO && ind->ratio_scale <= 0)
		return err_set(e, ERR_INVALID,
			       "%s: hệ số tỷ lệ (ratio_scale) phải lớn hơn 0 (100 cho phần trăm); "
			       "không tự lấy mặc định", owner);
	if (!model_enum_find(value_types, N_OF(value_types), (int)ind->value_type))
		return err_set(e, ERR_INVALID, "%s: kiểu giá trị (value_type) %d không hợp lệ", owner,
			       (int)ind->value_type);
	if ((ind->has_min && (ind->min < -NUM_MAX || ind->min > NUM_MAX)) ||
	    (ind->has_max && (ind->max < -NUM_MAX || ind->max > NUM_MAX)))
		return err_set(e, ERR_INVALID, "%s: mức tối thiểu/tối đa (min/max) quá lớn", owner);
	if (ind->has_min && ind->has_max && ind->min > ind->max)
		return err_set(e, ERR_INVALID, "%s: mức tối thiểu (min) lớn hơn mức tối đa (max)", owner);
	if (ind->value_type == VT_PERCENT &&
	    ((ind->has_min && (ind->min < 0 || ind->min > NUM_INT(100))) ||
	     (ind->has_max && (ind->max < 0 || ind->max > NUM_INT(100)))))
		return err_set(e, ERR_INVALID, "%s: chỉ tiêu phần trăm có min/max trong khoảng 0-100", owner);
	if (ind->rollup == ROLLUP_WAVG) {
		if (!ind->weight[0])
			return err_set(e, ERR_INVALID,
				       "%s: bình quân gia quyền (wavg) cần chỉ tiêu quyền số (weight)",
				       owner);
		if (strcmp(ind->weight, ind->code) == 0)
			return err_set(e, ERR_INVALID,
				       "%s: quyền số (weight) phải là chỉ tiêu khác", owner);
	}
	return 0;
}

/* True when v is within the range a num_t may hold. */
static bool num_in_range(num_t v)
{
	return v >= -NUM_MAX && v <= NUM_MAX;
}

int target_check(const target *t, err *e)
{
	int rc;
	if ((rc = check_code(t->indicator_code, sizeof t->indicator_code, true, "chỉ tiêu kế hoạch",
			     "indicator_code", e)) ||
	    (rc = check_code(t->unit_code, sizeof t->unit_code, true, "chỉ tiêu kế hoạch",
			     "unit_code", e)))
		return rc;
	char owner[2 * CODE_MAX + 48];
	snprintf(owner, sizeof owner, "chỉ tiêu kế hoạch %s/%s", t->indicator_code, t->unit_code);
	if ((rc = check_text(t->note, sizeof t->note, false, owner, "ghi chú (note)", e)))
		return rc;
	if (t->year_from < 1900 || t->year_from > 9999 || t->year_to < 1900 || t->year_to > 9999)
		return err_set(e, ERR_INVALID, "%s: năm %d-%d phải trong khoảng 1900..9999", owner,
			       t->year_from, t->year_to);
	if (t->year_from > t->year_to)
		return err_set(e, ERR_INVALID, "%s: năm bắt đầu %d sau năm kết thúc %d", owner,
			       t->year_from, t->year_to);
	if (!model_enum_find(target_kinds, N_OF(target_kinds), (int)t->kind))
		return err_set(e, ERR_INVALID, "%s: loại (kind) %d không hợp lệ", owner, (int)t->kind);
	if (!model_enum_find(target_sources, N_OF(target_sources), (int)t->source))
		return err_set(e, ERR_INVALID, "%s: nguồn (source) %d không hợp lệ", owner,
			       (int)t->source);
	if (!num_in_range(t->value) || (t->has_baseline && !num_in_range(t->baseline)) ||
	    !num_in_range(t->total))
		return err_set(e, ERR_INVALID, "%s: giá trị vượt quá giới hạn", owner);
	bool term_only = t->kind == TGT_GROWTH_AVG || t->kind == TGT_POINTS_PER_YEAR ||
			 t->kind == TGT_TERM_TOTAL;
	if (term_only && t->year_from == t->year_to)
		return err_set(e, ERR_INVALID,
			       "%s: loại (kind) %s chỉ dùng cho chỉ tiêu nhiệm kỳ (--term Y1-Y2), không cho một năm",
			       owner, target_kind_code(t->kind));
	if (t->kind != TGT_CHANGE_PCT && t->kind != TGT_GROWTH_AVG && t->kind != TGT_POINTS_PER_YEAR &&
	    t->value < 0)
		return err_set(e, ERR_INVALID, "%s: giá trị kế hoạch (value) không được âm", owner);
	switch (t->kind) {
	case TGT_REDUCE_TO:
		if (!t->has_baseline)
			return err_set(e, ERR_INVALID,
				       "%s: chỉ tiêu \"giảm xuống\" (reduce_to) cần giá trị gốc (baseline)",
				       owner);
		if (t->baseline <= t->value)
			return err_set(e, ERR_INVALID,
				       "%s: \"giảm xuống\" (reduce_to) cần giá trị gốc (baseline) lớn hơn "
				       "giá trị cần đạt (value)", owner);
		break;
	case TGT_X_OF_Y:
		if (t->total < 0)
			return err_set(e, ERR_INVALID, "%s: tổng số (total) không được âm", owner);
		if (t->total > 0 && t->value > t->total)
			return err_set(e, ERR_INVALID, "%s: số cần đạt (value) lớn hơn tổng số (total)", owner);
		break;
	case TGT_CHANGE_PCT:
		if (t->value < NUM_INT(-100))
			return err_set(e, ERR_INVALID,
				       "%s: không thể giảm quá 100%% so với năm trước (change_pct)", owner);
		break;
	case TGT_GROWTH_AVG:
		if (t->value <= NUM_INT(-100))
			return err_set(e, ERR_INVALID,
				       "%s: tăng bình quân (growth_avg) phải lớn hơn -100%%/năm", owner);
		break;
	default:
		break;
	}
	return 0;
}

int unit_check(const unit *u, err *e)
{
	int rc = check_code(u->code, sizeof u->code, true, "đơn vị", "code", e);
	if (rc)
		return rc;
	char owner[CODE_MAX + 16];
	snprintf(owner, sizeof owner, "đơn vị %s", u->code);
	if ((rc = check_text(u->name, sizeof u->name, true, owner, "tên (name)", e)) ||
	    (rc = check_code(u->parent_code, sizeof u->parent_code, false, owner, "parent_code", e)))
		return rc;
	if (!model_enum_find(unit_types, N_OF(unit_types), (int)u->type))
		return err_set(e, ERR_INVALID, "%s: loại đơn vị (type) %d không hợp lệ", owner,
			       (int)u->type);
	if (strcmp(u->parent_code, u->code) == 0)
		return err_set(e, ERR_INVALID, "%s: đơn vị không thể là cấp trên của chính nó", owner);
	if (!cdate_is_none(u->valid_from) && !cdate_valid(u->valid_from))
		return err_set(e, ERR_INVALID, "%s: ngày bắt đầu hiệu lực (valid_from) %d-%d-%d không hợp lệ",
			       owner, u->valid_from.y, u->valid_from.m, u->valid_from.d);
	if (!cdate_is_none(u->valid_to) && !cdate_valid(u->valid_to))
		return err_set(e, ERR_INVALID, "%s: ngày hết hiệu lực (valid_to) %d-%d-%d không hợp lệ",
			       owner, u->valid_to.y, u->valid_to.m, u->valid_to.d);
	if (!cdate_is_none(u->valid_from) && !cdate_is_none(u->valid_to) &&
	    cdate_cmp(u->valid_from, u->valid_to) > 0)
		return err_set(e, ERR_INVALID,
			       "%s: ngày bắt đầu hiệu lực %02d/%02d/%04d sau ngày hết hiệu lực "
			       "%02d/%02d/%04d",
			       owner, u->valid_from.d, u->valid_from.m, u->valid_from.y,
			       u->valid_to.d, u->valid_to.m, u->valid_to.y);
	return 0;
}

int agency_check(const agency *a, err *e)
{
	if (!a->code[0])
		return err_set(e, ERR_INVALID, "cơ quan: thiếu mã (code)");
	if (!a->name[0])
		return err_set(e, ERR_INVALID, "cơ quan %s: thiếu tên (name)", a->code);
	return 0;
}

int model_set_text(char *dst, size_t n, const char *src, const char *field, err *e)
{
	if (!src)
		src = "";
	size_t len = strlen(src);
	if (n == 0 || len >= n)
		return err_set(e, ERR_INVALID, "trường %s quá dài: %zu byte, tối đa %zu",
			       field ? field : "?", len, n ? n - 1 : 0);
	memcpy(dst, src, len + 1);
	return 0;
}

/* ---- user roles ------------------------------------------------------- */

static const model_enum user_roles[] = {
	{ROLE_ADMIN, "admin", "Quản trị"},
	{ROLE_LEADER, "leader", "Lãnh đạo"},
	{ROLE_DEPARTMENT, "department", "Cán bộ phòng ban"},
	{ROLE_WARD, "ward", "Cán bộ xã, phường"},
	{ROLE_VIEWER, "viewer", "Chỉ xem"},
};

const char *user_role_code(user_role r)
{
	return model_enum_code(user_roles, N_OF(user_roles), (int)r);
}

const char *user_role_label(user_role r)
{
	return model_enum_label(user_roles, N_OF(user_roles), (int)r, "không rõ");
}

int user_role_from_code(const char *s, user_role *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(user_roles, N_OF(user_roles), s, MODEL_ENUM_FOLD_LABEL,
				  "vai trò (role)", &v, e);
	if (rc == 0)
		*out = (user_role)v;
	return rc;
}

/* ---- values ----------------------------------------------------------- */

/* Appends v in Vietnamese form into a fixed buffer (for messages). */
static void num_text(num_t v, char *out, size_t n)
{
	buf b;
	buf_init(&b, 48);
	vn_format_num(&b, v, -1);
	snprintf(out, n, "%s", buf_cstr(&b));
	buf_free(&b);
}

int value_check(const indicator *ind, num_t amount, err *e)
{
	char v[48], lim[48];
	bool whole = ind->kind == IND_COUNT || ind->value_type == VT_WHOLE;
	bool ok = !(ind->kind == IND_COUNT && amount < 0 && !ind->has_min) && !(whole && amount % NUM_SCALE != 0) &&
		  !(ind->value_type == VT_PERCENT && (amount < 0 || amount > NUM_INT(100))) &&
		  !(ind->has_min && amount < ind->min) && !(!ind->has_min && ind->kind != IND_RATIO && amount < 0) &&
		  !(ind->has_max && amount > ind->max);
	if (ok)
		return 0; /* the common case: no message to format */
	num_text(amount, v, sizeof v);
	if (ind->kind == IND_COUNT && amount < 0 && !ind->has_min)
		return err_set(e, ERR_INVALID, "chỉ tiêu %s đếm số %s: giá trị %s không được âm", ind->code,
			       ind->uom, v);
	if (whole && amount % NUM_SCALE != 0)
		return err_set(e, ERR_INVALID, "chỉ tiêu %s (%s): giá trị %s phải là số nguyên", ind->code,
			       ind->uom, v);
	if (ind->value_type == VT_PERCENT && (amount < 0 || amount > NUM_INT(100)))
		return err_set(e, ERR_INVALID, "chỉ tiêu %s là phần trăm: giá trị %s phải từ 0 đến 100",
			       ind->code, v);
	if (ind->has_min && amount < ind->min) {
		num_text(ind->min, lim, sizeof lim);
		return err_set(e, ERR_INVALID, "chỉ tiêu %s (%s): giá trị %s nhỏ hơn mức tối thiểu %s", ind->code,
			       ind->uom, v, lim);
	}
	if (!ind->has_min && ind->kind != IND_RATIO && amount < 0)
		return err_set(e, ERR_INVALID,
			       "chỉ tiêu %s (%s): giá trị %s không được âm (chỉ tiêu nhận số âm thì đặt mức "
			       "tối thiểu min)", ind->code, ind->uom, v);
	num_text(ind->max, lim, sizeof lim);
	return err_set(e, ERR_INVALID, "chỉ tiêu %s (%s): giá trị %s lớn hơn mức tối đa %s", ind->code,
		       ind->uom, v, lim);
}
