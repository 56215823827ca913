/*
 * model.h - the things chitieu keeps: units (the administrative tree with
 * validity dates and merger links), agencies, indicators, targets and values,
 * and the names of their enumerations in English codes (for CSV/JSON/CLI) and
 * Vietnamese labels (for people).
 *
 * Plain structs with fixed-size text fields (UTF-8, NUL-terminated), so a list
 * is one malloc'd array freed with free(). Not for: SQL (store.h) or rules of
 * evaluation (eval.h).
 */
#ifndef CHITIEU_MODEL_H
#define CHITIEU_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/period.h"
#include "core/vnfmt.h"
#include "util/err.h"

#define CODE_MAX 32   /* codes: unit, agency, indicator */
#define NAME_MAX_ 256 /* names */
#define UOM_MAX 48    /* unit of measure label */
#define WHO_MAX 64    /* who entered a value */
#define NOTE_MAX 256
#define SYNONYMS_MAX 512 /* an indicator's other names, separated by ';' */

/* ---- units ---------------------------------------------------------- */

typedef enum unit_type {
	UNIT_NATION = 1,    /* quốc gia */
	UNIT_PROVINCE,      /* tỉnh */
	UNIT_CENTRAL_CITY,  /* thành phố trực thuộc trung ương */
	UNIT_CITY,          /* thành phố (thuộc tỉnh) */
	UNIT_TOWN,          /* thị xã */
	UNIT_DISTRICT,      /* huyện */
	UNIT_URBAN_DISTRICT,/* quận */
	UNIT_WARD,          /* phường */
	UNIT_COMMUNE,       /* xã */
	UNIT_TOWNLET,       /* thị trấn */
	UNIT_SPECIAL_ZONE,  /* đặc khu */
} unit_type;

typedef struct unit {
	int64_t id;                  /* store id; 0 before it is stored */
	char code[CODE_MAX];         /* administrative code: "06", "058", "01834" */
	char name[NAME_MAX_];        /* Vietnamese name without the type: "Sông Cầu" */
	unit_type type;
	char parent_code[CODE_MAX];  /* "" for the root */
	int64_t parent_id;           /* 0 for the root */
	cdate valid_from;            /* {0} = since always */
	cdate valid_to;              /* {0} = still valid; else the last day it existed */
} unit;

/* A link "unit `code` was formed (partly) from `from_code` on `date`". */
typedef struct unit_link {
	char code[CODE_MAX];
	char from_code[CODE_MAX];
	cdate date;
} unit_link;

/* ---- agencies ------------------------------------------------------- */

typedef struct agency {
	int64_t id;
	char code[CODE_MAX];  /* "TCKH" */
	char name[NAME_MAX_]; /* "Phòng Tài chính - Kế hoạch" */
} agency;

/* ---- indicators ----------------------------------------------------- */

typedef enum ind_sector {
	SECTOR_ECONOMY = 1,  /* kinh tế */
	SECTOR_SOCIAL,       /* văn hóa - xã hội */
	SECTOR_ENVIRONMENT,  /* tài nguyên - môi trường */
	SECTOR_DEFENCE,      /* quốc phòng - an ninh */
	SECTOR_GOVERNMENT,   /* xây dựng chính quyền */
} ind_sector;

typedef enum ind_kind {
	IND_FLOW = 1, /* summed over the year (revenue, sales, output) */
	IND_LEVEL,    /* the latest value counts (forest cover, herd size) */
	IND_RATIO,    /* numerator / denominator of two other indicators, × ratio_scale */
	IND_COUNT,    /* a flow of whole things (new products, cooperatives): "02 sản phẩm" */
} ind_kind;

typedef enum ind_direction {
	DIR_HIGHER = 1, /* higher is better */
	DIR_LOWER = -1, /* lower is better */
} ind_direction;

typedef enum ind_rollup {
	ROLLUP_SUM = 1,      /* parent = sum of children */
	ROLLUP_RATIO,        /* parent = sum(numerators) / sum(denominators) */
	ROLLUP_WAVG,         /* parent = sum(v × weight) / sum(weight), weight = another indicator */
	ROLLUP_NONE,         /* only values entered for the unit itself */
} ind_rollup;

typedef enum ind_freq {
	FREQ_MONTH = 1,
	FREQ_QUARTER,
	FREQ_HALF,
	FREQ_YEAR,
} ind_freq;

/* What an indicator's values may be (issue #13): any number, a whole number,
 * or a percentage 0..100; with its minimum and maximum, value_check. */
typedef enum ind_value_type {
	VT_NUMBER = 0,
	VT_WHOLE,
	VT_PERCENT,
} ind_value_type;

typedef struct indicator {
	int64_t id;
	char code[CODE_MAX];         /* "KT01" */
	char name_vi[NAME_MAX_];
	char name_en[NAME_MAX_];
	char uom[UOM_MAX];           /* "tỷ đồng", "%", "con" */
	int uom_scale;               /* power of ten of the base unit: tỷ đồng 9, triệu đồng 6, else 0 */
	int decimals;                /* places shown (0..4) */
	ind_sector sector;
	ind_kind kind;
	ind_direction direction;
	ind_rollup rollup;
	ind_freq freq;
	char agency_code[CODE_MAX];  /* owner; "" if none */
	char numerator[CODE_MAX];    /* IND_RATIO: indicator codes; "" otherwise */
	char denominator[CODE_MAX];
	int ratio_scale;             /* IND_RATIO: 100 for a percentage */
	char weight[CODE_MAX];       /* ROLLUP_WAVG: the weight indicator's code */
	int sort_order;              /* position in reports within its sector */
	ind_value_type value_type;   /* VT_NUMBER unless told */
	bool has_min, has_max;       /* bounds of a value; without a minimum, a flow, level or count
				      * is non-negative (a ratio may be anything) */
	num_t min, max;
	char synonyms[SYNONYMS_MAX]; /* other names reports use, ';' between them:
				      * "thu nhập bình quân đầu người; TNBQ" (issue #19) */
} indicator;

/* ---- targets -------------------------------------------------------- */

typedef enum target_kind {
	TGT_AT_LEAST = 1, /* reach at least value */
	TGT_AT_MOST,      /* keep at most value */
	TGT_REDUCE_TO,    /* reduce to value from baseline: progress = (baseline-actual)/(baseline-value) */
	TGT_CHANGE_PCT,   /* change by value % on last year's figure (negative = reduce) */
	TGT_X_OF_Y,       /* reach value out of total ("206/200 ha"): judged as at-least, shown as X/Y */
	/* Term targets only (year_from < year_to; core/term.h, DOMAIN.md §10): */
	TGT_GROWTH_AVG,   /* "tăng bình quân X%/năm": value % a year, compounded from the baseline
			   * (negative = an average fall) */
	TGT_POINTS_PER_YEAR, /* "giảm bình quân X điểm phần trăm/năm": value points a year added to the
			      * baseline (negative = a fall) */
	TGT_TERM_TOTAL,   /* "5 năm đạt tổng X": the annual figures of the term's years add up to value */
} target_kind;

typedef enum target_source {
	TGT_SRC_ASSIGNED = 1, /* assigned by the level above ("tỉnh giao") */
	TGT_SRC_OWN,          /* the unit's own, usually higher, figure ("phấn đấu") */
} target_source;

typedef struct target {
	int64_t id;
	char indicator_code[CODE_MAX];
	char unit_code[CODE_MAX];
	int year_from;     /* a year's target: year_from == year_to */
	int year_to;       /* a term's target: e.g. 2021..2025 */
	target_kind kind;
	target_source source;
	num_t value;
	bool has_baseline; /* TGT_REDUCE_TO: the starting figure */
	num_t baseline;
	num_t total;       /* TGT_X_OF_Y: the "of Y"; 0 when not given */
	char note[NOTE_MAX];
} target;

/* ---- values --------------------------------------------------------- */

typedef struct value {
	char indicator_code[CODE_MAX];
	char unit_code[CODE_MAX];
	period period;     /* its type matches the indicator's frequency */
	num_t amount;
	bool estimate;     /* ước tính (true) or final (false) */
	char by[WHO_MAX];  /* who entered it */
	int64_t at;        /* when, Unix seconds */
	char comment[NOTE_MAX]; /* the value's comment (why a broken warning rule is right); "" none.
				 * store_value_put keeps it; store_value_get reads it back */
} value;

/* One change of a value, as the audit table keeps it. */
typedef struct value_audit {
	char indicator_code[CODE_MAX];
	char unit_code[CODE_MAX];
	period period;
	bool had_old;       /* false when the value was first entered */
	num_t old_amount;
	bool old_estimate;
	bool has_new;       /* false when the value was deleted */
	num_t new_amount;
	bool new_estimate;
	char by[WHO_MAX];
	int64_t at;
	char reason[NOTE_MAX];
} value_audit;

/* ---- users (the server's accounts; see src/auth/auth.h) -------------- */

#define LOGIN_MAX 64
#define EMAIL_MAX 256 /* an email address: 254 bytes at most (RFC 5321) */
#define PWHASH_MAX 128 /* an argon2id string from libsodium (crypto_pwhash_STRBYTES) */

typedef enum user_role {
	ROLE_ADMIN = 1,  /* quản trị: catalogue, users, reopening periods */
	ROLE_LEADER,     /* lãnh đạo: reads everything in scope, assigns tasks */
	ROLE_DEPARTMENT, /* cán bộ phòng ban: enters values of its agency's indicators */
	ROLE_WARD,       /* cán bộ xã/phường: enters values for its own ward only */
	ROLE_VIEWER,     /* chỉ xem */
} user_role;

typedef struct user_account {
	int64_t id;
	char login[LOGIN_MAX];
	char name[NAME_MAX_];
	user_role role;
	char agency_code[CODE_MAX]; /* ROLE_DEPARTMENT: its agency; "" otherwise */
	bool active;
	char pw_hash[PWHASH_MAX];   /* never the password itself */
	int64_t created_at;
	char email[EMAIL_MAX];      /* "" when none; set with store_user_email_set (schema v15) */
} user_account;

typedef enum scope_kind {
	SCOPE_VIEW = 1,  /* may read this unit and its descendants */
	SCOPE_ENTER = 2, /* may enter data for this unit and its descendants (implies view) */
} scope_kind;

typedef struct user_scope {
	char unit_code[CODE_MAX];
	scope_kind kind;
} user_scope;

const char *user_role_code(user_role r);  /* "admin", "leader", "department", "ward", "viewer" */
const char *user_role_label(user_role r); /* "Quản trị", "Lãnh đạo", ... */
int user_role_from_code(const char *s, user_role *out, err *e);

/* ---- names of enumerations ------------------------------------------ */
/*
 * Each enum has an English code (used in CSV, JSON and CLI options) and a
 * Vietnamese label. *_from_code parses the code (also accepting the label,
 * case- and accent-insensitive where simple) and returns 0 or ERR_INVALID
 * with a message listing the accepted codes.
 */
const char *unit_type_code(unit_type t);   /* "province", "city", "ward", ... */
const char *unit_type_label(unit_type t);  /* "tỉnh", "thành phố", "phường", ... */
int unit_type_from_code(const char *s, unit_type *out, err *e);

const char *sector_code(ind_sector s);     /* "economy", "social", "environment", "defence", "government" */
const char *sector_label(ind_sector s);    /* "Kinh tế", "Văn hóa - Xã hội", ... */
int sector_from_code(const char *s, ind_sector *out, err *e);

const char *ind_kind_code(ind_kind k);     /* "flow", "level", "ratio", "count" */
int ind_kind_from_code(const char *s, ind_kind *out, err *e);

const char *direction_code(ind_direction d); /* "higher", "lower" */
int direction_from_code(const char *s, ind_direction *out, err *e);

const char *rollup_code(ind_rollup r);     /* "sum", "ratio", "wavg", "none" */
int rollup_from_code(const char *s, ind_rollup *out, err *e);

const char *value_type_code(ind_value_type t); /* "number", "whole", "percent" */
const char *value_type_label(ind_value_type t); /* "số", "số nguyên", "phần trăm (0-100)" */
int value_type_from_code(const char *s, ind_value_type *out, err *e);

const char *freq_code(ind_freq f);         /* "month", "quarter", "half", "year" */
int freq_from_code(const char *s, ind_freq *out, err *e);
period_type freq_period_type(ind_freq f);  /* FREQ_MONTH -> PERIOD_MONTH, ... */

const char *target_kind_code(target_kind k); /* "at_least", "at_most", "reduce_to", "change_pct", "x_of_y" */
int target_kind_from_code(const char *s, target_kind *out, err *e);

const char *target_source_code(target_source s); /* "assigned", "own" */
const char *target_source_label(target_source s); /* "tỉnh giao", "phấn đấu" */
int target_source_from_code(const char *s, target_source *out, err *e);

/*
 * Zeroes *ind and sets what a new indicator is unless told otherwise: a
 * flow, higher is better, summed up the units, monthly, ratios × 100. The
 * CLI's `indicator add` and the API's POST /api/indicators start from it.
 */
void indicator_defaults(indicator *ind);

/*
 * Checks an indicator's fields for consistency (code and name present, ratio
 * has numerator and denominator, wavg has a weight, decimals 0..4). Returns 0
 * or ERR_INVALID naming the field.
 */
int indicator_check(const indicator *ind, err *e);

/* Checks a target (years ordered, reduce_to has a baseline above/below value, ...). */
int target_check(const target *t, err *e);

/* Checks an amount against its indicator (issue #13): a count (IND_COUNT) or
 * a VT_WHOLE indicator takes whole numbers ("2,5 sản phẩm OCOP" is
 * refused), a VT_PERCENT one 0..100; the indicator's minimum and maximum
 * hold; without a minimum a flow, level or count is non-negative ("-120
 * lượt khách" is refused), a ratio may be anything. ERR_INVALID naming the
 * indicator, the value and the rule. */
int value_check(const indicator *ind, num_t amount, err *e);

/* Checks a unit (code, name, validity order). */
int unit_check(const unit *u, err *e);

/* Checks an agency: code and name present. Returns 0 or ERR_INVALID naming
 * the field. */
int agency_check(const agency *a, err *e);

/* Copies src into a fixed field of size n, failing with ERR_INVALID (naming
 * `field`) if it does not fit; never truncates silently. */
int model_set_text(char *dst, size_t n, const char *src, const char *field, err *e);

/* One value of an enumeration with its code and label (NULL when none):
 * the tables behind the code/label/from_code functions here and in task.c. */
typedef struct model_enum {
	int value;
	const char *code;
	const char *label;
} model_enum;

/* How model_enum_parse compares: codes exactly (case-sensitive); codes with
 * case and accents ignored; or also labels that way. */
typedef enum { MODEL_ENUM_EXACT, MODEL_ENUM_FOLD, MODEL_ENUM_FOLD_LABEL } model_enum_match;

/* The entry of t (n entries) with value v, or NULL. */
const model_enum *model_enum_find(const model_enum *t, size_t n, int v);

/* The code of value v in t, "unknown" when v is not there. */
const char *model_enum_code(const model_enum *t, size_t n, int v);

/* The label of value v in t, dflt when v is not there. */
const char *model_enum_label(const model_enum *t, size_t n, int v, const char *dflt);

/* Finds s in t as `how` says and stores its value in *out; on failure an
 * ERR_INVALID "\"<s>\": <what> không hợp lệ; chấp nhận: <codes>". */
int model_enum_parse(const model_enum *t, size_t n, const char *s, model_enum_match how,
		     const char *what, int *out, err *e);

#endif
