/*
 * store_rollup.h - what store_values.c calls to keep the
 * roll-ups (value_rollup, schema v7) up to date on every write.
 *
 * Internal to src/store; the public side (reading roll-ups, rebuilding) is
 * in store.h. Not for: evaluation rules (which figure a roll-up may stand
 * for is decided in core/eval_load.c).
 */
#ifndef CHITIEU_STORE_ROLLUP_H
#define CHITIEU_STORE_ROLLUP_H

#include "store/store_int.h"

/* The effective twelve months of (unit, year, indicator): its own values
 * when it entered any that year, else its roll-up. */
typedef struct rl_eff {
	num_t v[12];
	uint16_t has, est, poison;
} rl_eff;

/* *stale true when value_rollup must not be trusted (and need not be kept). */
int store_rollup_int_stale(store *s, bool *stale, err *e);

/* Reads the effective months of (unit, year, indicator) as stored now. */
int store_rollup_int_eff(store *s, int64_t unit_id, int year, int64_t ind_id, rl_eff *out,
			 err *e);

/*
 * The effective months of (unit, year, indicator) changed from *old to *now:
 * updates the parent's roll-up and, while an ancestor has no own value of
 * the indicator that year, the ancestors'. Inside the caller's transaction.
 */
int store_rollup_int_change(store *s, int64_t unit_id, int year, int64_t ind_id,
			    const rl_eff *old, const rl_eff *now, err *e);

/* Deferred changes for the bulk writer: puts of leaf units add up in memory
 * (per parent, year, indicator) and are written once by flush. */
typedef struct rl_acc rl_acc;

/* Loads the unit tree; *out freed with store_rollup_int_acc_free. */
int store_rollup_int_acc_new(store *s, rl_acc **out, err *e);
void store_rollup_int_acc_free(rl_acc *a);

/* True when the unit has no children (its puts can be deferred). */
bool store_rollup_int_acc_leaf(const rl_acc *a, int64_t unit_id);

/* One month of a leaf unit changed from (old_has, old_v, old_est) to the new one. */
int store_rollup_int_acc_cell(rl_acc *a, int64_t unit_id, int year, int64_t ind_id, int month,
			      bool old_has, num_t old_v, bool old_est, bool new_has, num_t new_v,
			      bool new_est, err *e);

/* Writes the deferred changes up the tree and empties the accumulator. */
int store_rollup_int_acc_flush(store *s, rl_acc *a, err *e);

/* Forgets the deferred changes unwritten (the transaction that made them was rolled back). */
void store_rollup_int_acc_clear(rl_acc *a);

#endif
