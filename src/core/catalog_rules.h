/*
 * catalog_rules.h - the rules of the catalogue that look beyond one record:
 * an indicator does not name itself as its numerator, denominator or
 * weight; once it has values, what they mean (frequency, uom_scale, kind, a
 * ratio's numerator and denominator) cannot change; a target is only for a
 * unit that existed on some day of its years.
 *
 * Pure functions over plain structs: they read nothing and write nothing,
 * they decide and word the refusal. The store gathers the facts (the stored
 * indicator, whether it has values, the target's unit) and calls these
 * inside the transaction of store_indicator_put / store_target_put, written
 * once for both engines. Not for: one record's own consistency (model.c's
 * indicator_check, target_check) or the existence of the codes referred to
 * (the store's, as for any reference).
 */
#ifndef CHITIEU_CATALOG_RULES_H
#define CHITIEU_CATALOG_RULES_H

#include <stdbool.h>

#include "core/model.h"
#include "util/err.h"

/*
 * ind's numerator, denominator and weight (each "" for none) must not be ind
 * itself. 0, or ERR_CONFLICT naming the first field, in that order.
 */
int catalog_rules_indicator_refs(const indicator *ind, err *e);

/*
 * True when ind, replacing the stored old (same code), changes what old's
 * values mean: the frequency, uom_scale, kind, numerator or denominator. The
 * store reads whether the indicator has values only then.
 */
bool catalog_rules_meaning_changed(const indicator *old, const indicator *ind);

/*
 * Replacing the stored old with ind when has_values: 0 when nothing that
 * catalog_rules_meaning_changed looks at changes, else ERR_CONFLICT naming
 * the first changed field with its old and new value. Without values every
 * change is fine.
 */
int catalog_rules_locked_fields(const indicator *old, const indicator *ind, bool has_values,
				err *e);

/*
 * A target t for unit u (u's code is t->unit_code) needs u to have existed
 * on at least one day of 01/01/year_from..31/12/year_to (the overlap rule of
 * values: a 2021-2025 term may be set for a ward formed on 01/07/2025).
 * 0, or ERR_CONFLICT saying whether u did not exist yet or no longer did.
 */
int catalog_rules_target_unit(const target *t, const unit *u, err *e);

#endif
