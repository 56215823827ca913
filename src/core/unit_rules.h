/*
 * unit_rules.h - the rules a unit must keep against the records around it:
 * its validity window lies within its parent's, its parent is not itself or
 * one of its descendants and the tree above it is at most
 * UNIT_RULES_MAX_DEPTH levels deep, its children's windows stay within its
 * own, the values and targets it already has keep at least one day inside a
 * new window; and a predecessor link does not name the unit itself.
 *
 * Pure functions over plain structs: they read nothing and write nothing,
 * they decide and word the refusal. The store gathers the facts
 * (store_unit_ancestry, store_unit_list, store_unit_value_periods,
 * store_unit_target_years) and calls these inside the transaction of
 * store_unit_put / store_unit_link_add, written once for both engines.
 * Not for: one unit's own consistency (model.c's unit_check), a value's
 * check against its unit (store_value_put) or a target's (catalog_rules.h).
 */
#ifndef CHITIEU_UNIT_RULES_H
#define CHITIEU_UNIT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/period.h"
#include "util/err.h"

/* The most levels the tree above a unit may have (its parent included). */
#define UNIT_RULES_MAX_DEPTH 64

/* True when the days [from, to] overlap the validity [vfrom, vto]; a none
 * date is an open end on either side. */
bool unit_rules_overlaps(cdate from, cdate to, cdate vfrom, cdate vto);

/* Writes "01/07/2025 đến nay" ("trước đây" for an open start, "nay" for an
 * open end) into dst of size n: how messages show a validity window. */
void unit_rules_window_text(cdate from, cdate to, char *dst, size_t n);

/*
 * u's validity window must lie within its parent's (an open end of u's
 * window needs an open end of the parent's). 0, or ERR_CONFLICT naming both
 * units and windows.
 */
int unit_rules_within_parent(const unit *u, const unit *parent, err *e);

/*
 * line[0..n) is u's would-be parent followed by its ancestors, nearest
 * first, as the store read it: it stops at a root (parent_code "") or after
 * UNIT_RULES_MAX_DEPTH units. Refuses (ERR_CONFLICT) a line that holds u
 * itself (u would become its own ancestor) or that reaches no root within
 * UNIT_RULES_MAX_DEPTH units. n 0 (no parent) is always fine.
 */
int unit_rules_ancestry(const unit *u, const unit *line, size_t n, err *e);

/*
 * The existing children kids[0..n) of u (in the order to report them) must
 * stay within u's new window. 0, or ERR_CONFLICT naming the first child
 * that would not.
 */
int unit_rules_children(const unit *u, const unit *kids, size_t n, err *e);

/*
 * The years a new window of u can leave data outside of: a period lies
 * within one calendar year, so only data of years <= *year_lo or >= *year_hi
 * can lie entirely outside it (*year_lo 0 for an open start, *year_hi
 * 1000000 for an open end). What the store reads for the two rules below.
 */
void unit_rules_edge_years(const unit *u, int *year_lo, int *year_hi);

/*
 * A value of indicator_code for period p that u already has must keep at
 * least one day inside u's new window (the overlap rule of store_value_put).
 * 0, or ERR_CONFLICT naming the unit, the indicator, the period and the
 * window.
 */
int unit_rules_value_inside(const unit *u, const char *indicator_code, const period *p, err *e);

/* The same for a target of indicator_code spanning year_from..year_to
 * (01/01/year_from..31/12/year_to). */
int unit_rules_target_inside(const unit *u, const char *indicator_code, int year_from,
			     int year_to, err *e);

/*
 * A link "unit code was formed from from_code on date": the date must be a
 * real day and the two codes differ. 0 or ERR_INVALID.
 */
int unit_rules_link(const char *code, const char *from_code, cdate date, err *e);

#endif
