/*
 * xmap.h - the DHIS2 exchange's mapping (issue #18): which chitieu unit a
 * DHIS2 orgUnit is, and which chitieu indicator a DHIS2 dataElement with a
 * categoryOptionCombo (and an attributeOptionCombo) is, so a disaggregated
 * data element lands on chitieu indicators. The rows live in exchange_map
 * (store.h store_xmap); here they are checked, loaded into sorted indexes,
 * and used both ways: identifiers in (an import, by idScheme UID, CODE or
 * NAME) and out (an export writes the DHIS2 identifiers of a mapped
 * indicator or unit).
 *
 * Without a row, an identifier is taken as chitieu's own code (as before
 * the mapping existed) unless it cannot be: a non-default combo, or
 * idScheme NAME. Then the row is refused with a conflict naming it.
 *
 * Not for: reading the documents (api_bulk.c, adx_read.c) or the import's
 * own checks (core/import.c).
 */
#ifndef CHITIEU_XMAP_H
#define CHITIEU_XMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/import.h"
#include "store/store.h"
#include "util/err.h"

typedef enum xmap_scheme {
	XMAP_UID,
	XMAP_CODE,
	XMAP_NAME,
} xmap_scheme;

/* "UID" | "CODE" | "NAME" (any case) -> the scheme, -1 when unknown; NULL or "" -> UID. */
int xmap_scheme_parse(const char *s);

/* True for DHIS2's default combo: NULL, "", "default" or its uid HllvX50cXC0. */
bool xmap_combo_default(const char *c);

/* The two kinds of row. */
#define XMAP_KIND_OU "orgUnit"
#define XMAP_KIND_DE "dataElement"

/*
 * Checks and normalises a row before it is written: kind orgUnit or
 * dataElement (also "ou"/"de"), uid given, every identifier printable
 * without blanks at the ends and within its size, coc/aoc only for a
 * dataElement (a default combo becomes ""), and target an existing unit
 * (orgUnit) or indicator (dataElement) of s. ERR_INVALID naming the field,
 * ERR_NOTFOUND for the target.
 */
int xmap_check(struct store *s, store_xmap *m, err *e);

/* xmap_check without the target: the key (kind, uid, coc, aoc) and the
 * identifiers, normalised the same way (for a delete or a filter). */
int xmap_check_key(store_xmap *m, err *e);

typedef struct xmap xmap;

/* Loads every row of s into a new map (*out; xmap_free). ERR_NOMEM or a store error. */
int xmap_load(struct store *s, xmap **out, err *e);

void xmap_free(xmap *m);

/* The unit code of a DHIS2 orgUnit named id under scheme sc, NULL when unmapped. */
const char *xmap_unit_in(const xmap *m, xmap_scheme sc, const char *id);

/* The indicator code of a DHIS2 dataElement named de under sc with the combos
 * coc and aoc (NULL or default: ""), NULL when unmapped. */
const char *xmap_indicator_in(const xmap *m, xmap_scheme sc, const char *de, const char *coc, const char *aoc);

/* The row an export writes for a unit / an indicator (the first by uid,
 * coc, aoc when several land on it), NULL when unmapped. */
const store_xmap *xmap_unit_out(const xmap *m, const char *unit_code);
const store_xmap *xmap_indicator_out(const xmap *m, const char *indicator_code);

/* The identifier of row r under scheme sc: its uid, code or name (the uid
 * when that one is empty). */
const char *xmap_id_of(const store_xmap *r, xmap_scheme sc);

/*
 * The mapping in front of an import's reader: xmap_next is an
 * import_next_fn that calls next(next_ctx) and rewrites each row's
 * dataElement and orgUnit into chitieu's codes, or marks the row bad
 * ("dataElement: 'X' (categoryOptionCombo 'Y') chưa được ánh xạ ...").
 */
typedef struct xmap_reader {
	const xmap *map;                /* may be NULL: only the scheme rules apply */
	xmap_scheme de_scheme, ou_scheme;
	import_next_fn next;
	void *next_ctx;
	import_bad bad;                 /* an unmapped row's conflict */
} xmap_reader;

int xmap_next(void *ctx, import_in *row, err *e);

#endif
