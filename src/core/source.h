/*
 * source.h - own figure or aggregated figure (issue #13, item 2): for each
 * indicator at each unit, whether the figure the evaluation uses is
 * aggregated from the units below or reported by the unit itself.
 *
 * The rule, the same in the evaluation (core/eval.c), its loader and the
 * store's roll-ups:
 *   - a unit without units below reports its own figure;
 *   - else a setting for (indicator, that unit), else one for (indicator,
 *     the unit's level: "city", "province"...), decides;
 *   - else the indicator decides: one that is added up (roll-up sum of a
 *     flow, level or count; a weighted average with its weight) or computed
 *     from a numerator and a denominator is aggregated; anything else (roll-up
 *     none, a percentage with roll-up sum) is the unit's own.
 * The source never depends on what has been entered, so an entry for one
 * month never changes what another month shows. The figure not used (the
 * unit's own figure where the source is aggregated, or the aggregate where
 * it is own) is shown beside it with the gap (eval_row.other).
 *
 * Pure functions and a lookup table over the settings; the store keeps the
 * settings (store_sources_*). Not for: reading or writing them.
 */
#ifndef CHITIEU_SOURCE_H
#define CHITIEU_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/err.h"

typedef enum fig_source {
	FIG_DEFAULT = 0,    /* no setting: the indicator decides */
	FIG_OWN = 1,        /* số của đơn vị: the unit's own figure */
	FIG_AGGREGATED = 2, /* tổng hợp: from the units below */
} fig_source;

/* One setting: for indicator_code at unit_code, or (unit_code "") at every
 * unit of `level`. */
typedef struct fig_source_rule {
	int64_t indicator_id;
	char indicator_code[CODE_MAX];
	int64_t unit_id;          /* 0 for a level's setting */
	char unit_code[CODE_MAX]; /* "" for a level's setting */
	unit_type level;          /* a level's setting: the unit type; else 0 */
	fig_source source;        /* FIG_OWN or FIG_AGGREGATED */
	char by[WHO_MAX];
	int64_t at;
} fig_source_rule;

/* "own", "aggregated" ("default" for FIG_DEFAULT). */
const char *fig_source_code(fig_source s);

/* Parses "own" / "aggregated" (also "rieng", "tong-hop"); ERR_INVALID naming
 * the field otherwise. */
int fig_source_from_code(const char *s, fig_source *out, err *e);

/* True when the indicator's figure at a unit with units below is, by
 * default, aggregated from them (see the top of the file). */
bool fig_source_aggregates(const indicator *ind);

/* The source used for ind at a unit: has_kids tells whether the unit has
 * units below; set is the setting that applies (FIG_DEFAULT when none). */
fig_source fig_source_effective(const indicator *ind, bool has_kids, fig_source set);

/* Whether a setting may be made: "aggregated" only for an indicator that can
 * be aggregated (ERR_INVALID naming the indicator and its roll-up
 * otherwise). A setting at a unit without units below changes nothing. */
int fig_source_check(const indicator *ind, fig_source s, err *e);

/*
 * The settings that apply, looked up by (indicator id, unit id, unit type).
 * fig_source_table_new copies and sorts rules[0..n) (*out NULL when n is 0:
 * every lookup then says FIG_DEFAULT); free with fig_source_table_free.
 */
typedef struct fig_source_table fig_source_table;

int fig_source_table_new(const fig_source_rule *rules, size_t n, fig_source_table **out, err *e);
void fig_source_table_free(fig_source_table *t);

/* The setting for (indicator, unit): the unit's own setting, else its
 * level's, else FIG_DEFAULT. t may be NULL. */
fig_source fig_source_lookup(const fig_source_table *t, int64_t indicator_id, int64_t unit_id,
			     unit_type level);

/* True when the table holds a setting for the indicator at some level or
 * unit (a quick skip for the loader). */
bool fig_source_table_names(const fig_source_table *t, int64_t indicator_id);

#endif
