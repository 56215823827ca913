/*
 * validate.h - the validation analysis of a unit and its descendants for a
 * period (issue #13, as DHIS2's validation rule analysis): every stored
 * value of the period checked again against its indicator (value_check:
 * value type, minimum, maximum; bounds set after the values came in are
 * caught here), and every value far from the unit's own history of the same
 * month (or quarter, half, year) in the five years before, by a robust
 * score: |0,6745 (x - median) / MAD| > 3,5, with at least three earlier
 * figures; the expected range (median ± 3,5 MAD / 0,6745) is never narrower
 * than the median ± half of it, nor than ± one unit of the indicator's last
 * decimal: a series that grows 10 % a year, or a count of 0, 0, 0 then 1, is
 * not an outlier; a figure typed ten times too large is.
 *
 * Importance: a broken bound is an "error" (entry refuses it today), an
 * outlier a "warning" (it may be right: say why in the value's reason).
 * Rules between indicators (core/vrule.h) broken by the stored values of
 * the period are listed with their own importance; a broken warning rule is
 * "commented" when a value it names carries a comment.
 * Not for: refusing anything (value_check and store_vrules_check_cells do,
 * on entry), who may see the list (the faces ask auth).
 */
#ifndef CHITIEU_VALIDATE_H
#define CHITIEU_VALIDATE_H

#include <stdbool.h>

#include "core/model.h"
#include "core/period.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define VALIDATE_HISTORY_YEARS 5 /* the same period in this many years before */
#define VALIDATE_MIN_HISTORY 3   /* earlier figures needed to call a value an outlier */
#define VALIDATE_MIN_SIBLINGS 5  /* units of one parent with a value, to compare a share among them */

/* The kinds, in the order listed: errors first. */
typedef enum validate_kind {
	VALIDATE_BOUNDS = 1,   /* error: outside the indicator's type or bounds */
	VALIDATE_RULE_ERROR,   /* error: an "error" rule between indicators broken (core/vrule.h) */
	VALIDATE_OUTLIER,      /* warning: far from the unit's own history */
	VALIDATE_RULE_WARNING, /* warning: a "warning" rule broken; commented when a value it names has a comment */
	VALIDATE_OUTLIER_SIBLINGS, /* warning: a share (%) far from its sibling units' in the same period */
} validate_kind;

typedef struct validate_item {
	char unit_code[CODE_MAX];
	char indicator_code[CODE_MAX]; /* rules: the first indicator the rule names */
	validate_kind kind;
	num_t value;             /* rules: the left side's value */
	bool has_range;          /* outliers: the range expected */
	num_t low, high;
	char rule[CODE_MAX];     /* rules: the rule's code */
	num_t right;             /* rules: the right side's value */
	bool commented;          /* rule warnings: explained by a value's comment */
	char comment[NOTE_MAX];  /* that comment */
	char message[ERR_MSG_MAX]; /* Vietnamese, naming the unit, indicator and rule */
} validate_item;

typedef struct validate_result {
	period period;
	size_t n_units, n_values; /* units and values looked at */
	validate_item *items;     /* errors first, then by unit and indicator code */
	size_t n_items;
	size_t n_errors, n_warnings;
} validate_result;

/*
 * Checks the values of period p of unit_code and its descendants (valid
 * during p). ERR_NOTFOUND for an unknown unit, ERR_INVALID for a bad
 * period. Free with validate_free.
 */
int validate_run(store *s, const char *unit_code, const period *p, validate_result *out, err *e);

void validate_free(validate_result *r);

/* The importance word: "error" for bounds and error rules, "warning" for
 * outliers and warning rules. */
const char *validate_importance(validate_kind k);

/* True for the kinds that are errors. */
bool validate_is_error(validate_kind k);

/*
 * Appends the result as JSON: {unit, period, units, values, errors,
 * warnings, items: [{unit, indicator, importance, rule ("bounds",
 * "outlier", or a rule's code), value, low, high (null without a range),
 * message; a rule's also right, commented, comment}]}.
 */
int validate_json(buf *b, const char *unit_code, const validate_result *r);

#endif
