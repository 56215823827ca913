/*
 * vrule.h - rules between indicators of the same unit and period (issue
 * #13, as DHIS2's validation rules): a left expression, an operator and a
 * right expression over indicator codes and numbers ("YT05 <= DS01",
 * "KT01A + KT01B <= KT01"), each with an importance: a broken "error" rule
 * refuses the write, a broken "warning" rule asks for a comment that is
 * kept with the value.
 *
 * Pure functions: compile a rule's text (vrule_compile), check what it
 * refers to (vrule_check_refs: known indicators, one frequency), evaluate
 * it over the values of one unit and period (vrule_eval) and word what it
 * found (vrule_message). A rule whose referenced value is missing, or whose
 * expression divides by zero, is skipped: it says nothing. The store reads
 * the rules and the values and applies these (store_vrule_check_cells);
 * validate.c lists the broken ones. Not for: reading or writing rows, who
 * may manage rules (auth).
 */
#ifndef CHITIEU_VRULE_H
#define CHITIEU_VRULE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/period.h"
#include "util/buf.h"
#include "util/err.h"

#define VRULE_EXPR_MAX 256 /* bytes of one side's text */
#define VRULE_ITEMS_MAX 64 /* numbers, codes and operators of one side */
#define VRULE_REFS_MAX 16  /* indicators one rule names */

typedef enum vrule_op {
	VR_EQ = 1, /* == (also "=") */
	VR_NE,     /* != (also "≠", "<>") */
	VR_LT,     /* < */
	VR_LE,     /* <= (also "≤") */
	VR_GT,     /* > */
	VR_GE,     /* >= (also "≥") */
} vrule_op;

typedef enum vrule_importance {
	VR_ERROR = 1, /* "error": the write is refused */
	VR_WARNING,   /* "warning": the write needs a comment */
} vrule_importance;

typedef struct vrule {
	int64_t id;                  /* store id; 0 before it is stored */
	char code[CODE_MAX];         /* "YT_BHYT" */
	char name[NAME_MAX_];        /* Vietnamese: "Số người có thẻ BHYT không vượt dân số" */
	char left[VRULE_EXPR_MAX];   /* "YT05" */
	vrule_op op;
	char right[VRULE_EXPR_MAX];  /* "DS01" */
	vrule_importance importance;
} vrule;

/* One side compiled to reverse Polish notation. */
typedef struct vrule_expr {
	int n;
	struct {
		char kind;  /* 'n' number, 'c' code (ref), or an operator: + - * / and '~' (negation) */
		double num;
		int ref;    /* 'c': index into vrule_compiled.refs */
	} item[VRULE_ITEMS_MAX];
} vrule_expr;

/* A rule ready to evaluate: its sides and the indicator codes it names. */
typedef struct vrule_compiled {
	vrule rule;
	vrule_expr side[2]; /* left, right */
	int n_refs;
	char refs[VRULE_REFS_MAX][CODE_MAX];
} vrule_compiled;

typedef enum vrule_outcome {
	VR_SKIPPED = 0, /* a value it needs is missing, or a division by zero */
	VR_HOLDS,
	VR_BROKEN,
} vrule_outcome;

/* "==", "!=", "<", "<=", ">", ">=" */
const char *vrule_op_code(vrule_op op);
/* Parses an operator (also "=", "≠", "<>", "≤", "≥"); ERR_INVALID naming the field "operator". */
int vrule_op_from_code(const char *s, vrule_op *out, err *e);

/* "error", "warning"; labels "lỗi", "cảnh báo" */
const char *vrule_importance_code(vrule_importance i);
const char *vrule_importance_label(vrule_importance i);
/* Parses "error"/"warning" (or "lỗi"/"cảnh báo"); ERR_INVALID naming the field "importance". */
int vrule_importance_from_code(const char *s, vrule_importance *out, err *e);

/*
 * Checks r (code and name present, operator and importance known) and
 * compiles both sides: indicator codes (letters, digits, '_' and '.',
 * starting with a letter), numbers (a comma for the decimal point, no
 * thousands separator: "0,5"; a dot in a number is refused as ambiguous),
 * + - * / (also "×" and "÷"), a leading minus and parentheses. ERR_INVALID
 * naming the rule and the field ("left", "right", ...). Allocates nothing.
 */
int vrule_compile(const vrule *r, vrule_compiled *out, err *e);

/*
 * Checks what c refers to: inds[k] is the indicator of c->refs[k], NULL when
 * no indicator has that code (ERR_NOTFOUND naming the code and the side);
 * every one must report in the same frequency (ERR_INVALID naming both):
 * a rule compares values of the same period.
 */
int vrule_check_refs(const vrule_compiled *c, const indicator *const *inds, err *e);

/* The index of code among c's refs, -1 when it names no such indicator. */
int vrule_ref_index(const vrule_compiled *c, const char *code);

/*
 * Evaluates c over one unit's values of one period: has[k], vals[k] are
 * the value of c->refs[k]. Fills *left and *right (each side rounded to
 * num_t) unless skipped.
 */
vrule_outcome vrule_eval(const vrule_compiled *c, const bool *has, const num_t *vals, num_t *left,
			 num_t *right);

/*
 * Words a broken rule in Vietnamese: "quy tắc YT_BHYT (…, lỗi): đơn vị
 * 01837, tháng 6/2022: YT05 = 9.000 phải ≤ DS01 = 8.000". Appends to b.
 */
int vrule_message(buf *b, const vrule_compiled *c, const char *unit_code, const period *p, num_t left,
		  num_t right);

/*
 * The refusal of a write that breaks c: an error rule is ERR_CONFLICT
 * ("vi phạm quy tắc …: số liệu không được ghi"), a warning rule without a
 * comment ERR_INVALID ("cảnh báo quy tắc …: nếu số liệu đúng, ghi chú
 * (comment) giải thích"). Returns the code.
 */
int vrule_refuse(err *e, const vrule_compiled *c, const char *unit_code, const period *p, num_t left,
		 num_t right);

/* The field a face names for a refusal made by vrule_refuse: "comment" for
 * a warning that needs one, "value" for a broken error rule, NULL for an
 * error that is not a rule's. */
const char *vrule_refusal_field(const err *e);

#endif
