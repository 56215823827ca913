/*
 * approval.h - figures checked and approved on their way up (issue #13):
 * a unit's figures of a month are draft, then submitted by the unit
 * (validation errors block it), then approved by the level above or
 * returned with a reason (the unit fixes them and submits again), then,
 * where the level above that takes part, accepted by it. Submitted,
 * approved and accepted figures are read-only for the unit until they are
 * returned: approval_write_check refuses a write to them. Every step is
 * kept (who, when, comment).
 *
 * A month stands for every period ending in it: a quarter's figures are
 * approved with its last month (appr_month_of).
 *
 * Per agency: where departments (agencies) enter a city's figures, each
 * department's part of the month, the indicators of its agency, takes the
 * same steps apart from the whole unit's and the other agencies'. Every
 * call below takes agency_code: NULL or "" for the whole unit, else the
 * agency's code. A write is refused when the whole unit's month is locked,
 * or the part of the indicator's agency is. Who may take a step is
 * auth's (auth_can_submit, auth_can_approve); this file decides whether the
 * step fits the state.
 */
#ifndef CHITIEU_APPROVAL_H
#define CHITIEU_APPROVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/period.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

typedef enum appr_state {
	APPR_DRAFT = 0,
	APPR_SUBMITTED,
	APPR_APPROVED,
	APPR_RETURNED,
	APPR_ACCEPTED,
} appr_state;

typedef enum appr_action {
	APPR_SUBMIT = 1, /* by the unit */
	APPR_APPROVE,    /* by the level above */
	APPR_RETURN,     /* by the level above (or the one above that), with a reason */
	APPR_ACCEPT,     /* by the level above that */
} appr_action;

const char *appr_state_code(appr_state s);   /* "draft", "submitted", "approved", "returned", "accepted" */
const char *appr_state_label(appr_state s);  /* "đang nhập", "đã nộp", "đã duyệt", "bị trả lại", "đã chấp nhận" */
int appr_state_from_code(const char *s, appr_state *out, err *e);
const char *appr_action_code(appr_action a); /* "submit", "approve", "return", "accept" */
int appr_action_from_code(const char *s, appr_action *out, err *e);

/* The state action leads to from `from`; ERR_CONFLICT naming both when it
 * does not fit (approving a draft, submitting twice), ERR_INVALID for a
 * return without a reason. */
int appr_next(appr_state from, appr_action a, const char *comment, appr_state *to, err *e);

/* True when the unit's figures may not change (submitted, approved, accepted). */
bool appr_locked(appr_state s);

/* The month a period's figures are approved with: the month it ends in. */
period appr_month_of(const period *p);

/* The state of (unit, month, agency or whole unit) and who brought it there. */
typedef struct approval_status {
	appr_state state;
	store_approval row;
} approval_status;

/* ERR_NOTFOUND for an unknown unit or agency. */
int approval_get(store *s, const char *unit_code, const period *month, const char *agency_code,
		 approval_status *out, err *e);

/*
 * Takes a step on (unit, month, agency or whole unit): month must be a
 * month; a submit first runs the validation analysis of the unit alone for
 * the month (core/validate.h) and is refused (ERR_CONFLICT) while it finds
 * errors or warnings no comment explains, of an agency's part only those
 * naming the agency's indicators. *to: the new state.
 */
int approval_act(store *s, const char *unit_code, const period *month, const char *agency_code, appr_action a,
		 const char *by, int64_t at, const char *comment, appr_state *to, err *e);

/* 0 when a value of indicator ind (NULL: any, only the whole unit's state
 * is asked) of period p of unit_code may be written: neither the whole
 * unit's month nor the part of ind's agency is locked; ERR_CONFLICT naming
 * the month, the part, the state and what to do when it is read-only. */
int approval_write_check(store *s, const char *unit_code, const period *p, const indicator *ind, err *e);

/*
 * Acceptance, where the configuration asks for it: the unit types whose
 * approved figures must also be accepted by the level above the approver,
 * a bit mask of 1u << unit_type, kept in the settings (key
 * "approval.accept"). Without it (0, the default) acceptance is optional:
 * the level two above may accept, nothing waits for it. For a unit of a
 * listed type, its month counts as final (approved figures only,
 * completeness, the level above's list) only once accepted, and the
 * whole month of its parent cannot be approved while one of them waits for
 * acceptance (as DHIS2's "acceptance required before approval").
 */
#define APPR_ACCEPT_KEY "approval.accept"
int approval_accept_get(store *s, unsigned *types, err *e);
int approval_accept_set(store *s, unsigned types, err *e);
/* "ward,commune" (codes or Vietnamese labels of unit types), "" or "none":
 * no type; ERR_INVALID naming the unknown type. */
int approval_accept_parse(const char *text, unsigned *types, err *e);
/* "ward,commune", "" for none; 0 or ERR_NOMEM. */
int approval_accept_format(buf *b, unsigned types);
/* True when a month in state st of a unit of type t is final under types:
 * accepted, or approved where acceptance is not asked for. */
bool appr_final(appr_state st, unit_type t, unsigned types);
/* The same on a state's code ("approved"); false for an unknown one. */
bool appr_final_code(const char *state, unit_type t, unsigned types);
/* 0 when the whole month of unit_code may be approved as far as acceptance
 * goes; ERR_CONFLICT naming how many of its children of a listed type wait
 * for acceptance of that month, and the first. */
int approval_accept_blocks(store *s, const char *unit_code, const period *month, err *e);

/* Each subordinate unit (valid at the month's end) of unit_code and the
 * state of its whole month, by code: what the level above sees on its
 * dashboard; final and accept_due as appr_final says. *out malloc'd.
 * ERR_NOTFOUND for an unknown unit, ERR_INVALID for a period not a month. */
typedef struct approval_child {
	unit u;
	appr_state state;
	bool final;      /* approved, and accepted where the configuration asks for it */
	bool accept_due; /* approved, waiting for the acceptance asked for */
} approval_child;
int approval_children(store *s, const char *unit_code, const period *month, approval_child **out, size_t *n,
		      err *e);
/* {unit, period, final (how many), children: [{code, name, type, state,
 * label, final, accept_due}]}. 0 or ERR_NOMEM. */
int approval_children_json(buf *b, const char *unit_code, const period *month, const approval_child *c, size_t n);

/* Appends {unit, period, agency, state, label, locked, by, at, comment,
 * events: [{from, to, by, at, comment}]}, and for an agency's part
 * "unit_state": {state, label, locked} of the whole unit. */
int approval_json(buf *b, store *s, const char *unit_code, const period *month, const char *agency_code, err *e);

#endif
