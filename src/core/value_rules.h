/*
 * value_rules.h - the rules a value must keep before it is stored: its
 * period is of the indicator's frequency, its unit existed during the
 * period, its amount is within ±NUM_MAX.
 *
 * Pure functions: they read nothing and write nothing, they decide and word
 * the refusal. store_value_put (and the bulk writer, for the amount) calls
 * them inside its transaction with what it read, once for both engines.
 * Not for: a unit's own window against its values (unit_rules.h).
 */
#ifndef CHITIEU_VALUE_RULES_H
#define CHITIEU_VALUE_RULES_H

#include "core/model.h"
#include "core/period.h"
#include "util/err.h"

/* The period must be of the type the indicator reports in (a month for a
 * monthly indicator...). 0, or ERR_CONFLICT naming the indicator, its
 * frequency and the period. */
int value_rules_period(const char *ind_code, ind_freq freq, const period *p, err *e);

/* The unit must exist on some day of the period (its validity window). 0,
 * or ERR_CONFLICT naming the unit, the period and the window's end. */
int value_rules_unit_at(const unit *u, const period *p, err *e);

/* The amount must be within ±NUM_MAX. 0, or ERR_INVALID naming the
 * indicator, the unit and the period (label, as "tháng 6/2022"). */
int value_rules_amount(num_t amount, const char *ind_code, const char *unit_code, const char *label,
		       err *e);

#endif
