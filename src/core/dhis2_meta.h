/*
 * dhis2_meta.h - DHIS2 metadata in (issue #18 item 5): the organisationUnits
 * and dataElements of a DHIS2 metadata JSON document (the shape of DHIS2's
 * GET /api/metadata) become chitieu units and indicators, and the rows of
 * the DHIS2 mapping (core/xmap.h) that make a dataValueSets import with
 * DHIS2's UIDs land on them.
 *
 * The rules (pure, dhis2_meta_rules.c):
 *   - valueType gives the indicator's value type and bounds; a type that is
 *     not a number (TEXT, BOOLEAN, DATE, ...) is skipped with its reason;
 *   - aggregationType gives its kind (how a year is made of its months) and
 *     its roll-up (how a parent is made of its units); COUNT, STDDEV,
 *     VARIANCE and CUSTOM are statistics of the values, skipped;
 *   - a unit's kind comes from the Vietnamese word its name starts with
 *     ("Tỉnh", "Xã", ...), else from the name of its level
 *     (organisationUnitLevels), else from its level number (1 nation,
 *     2 province, the deepest level commune, levels between district).
 * The import (dhis2_meta.c): parents are resolved within the file, then
 * against existing units (by the mapping, then by code); existing objects
 * are matched by the mapping, then by code, and are updated only when
 * asked (dhis2_meta_opts.update), else left as they are (the mapping row is
 * still written). Everything is written through the store's own functions
 * (store_unit_put, store_indicator_put, store_xmap_put) in one transaction,
 * each object in a savepoint so every conflict is reported; a dry run, or
 * any conflict, rolls the whole transaction back.
 *
 * Not for: data values (api_bulk.c, core/import.c) or the mapping's own
 * rules and lookups (core/xmap.c).
 */
#ifndef CHITIEU_DHIS2_META_H
#define CHITIEU_DHIS2_META_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define DHIS2_META_OBJECTS_MAX 200000 /* organisationUnits + data element rows in one file */
#define DHIS2_META_CONFLICTS_MAX 200  /* conflicts listed in a report (all are counted) */

/* DHIS2's default categoryCombo uid: a data element without disaggregation. */
#define DHIS2_META_DEFAULT_CC "bjDvmb4bfuf"

typedef struct dhis2_meta_opts {
	bool dry_run;       /* report only: the transaction is rolled back */
	bool update;        /* existing (matched) units and indicators are updated; else left as they are */
	ind_sector sector;  /* sector of new indicators; 0 = SECTOR_SOCIAL */
	int max_level;      /* organisationUnits deeper than this level (health facilities...) are
			     * skipped; 0 = none */
	const char *who;    /* recorded as the mapping rows' changed_by and the catalogue's actor */
} dhis2_meta_opts;

typedef enum dhis2_meta_action {
	DM_CREATE = 1, /* a new unit or indicator */
	DM_UPDATE,     /* an existing one, updated (opts.update) */
	DM_SKIP,       /* an existing one, left as it is (its mapping row is written) */
	DM_IGNORE,     /* not imported, with its reason (a text data element, a tracker one) */
	DM_CONFLICT,   /* refused: nothing of the file is written */
} dhis2_meta_action;

/* "create", "update", "skip", "ignore", "conflict". */
const char *dhis2_meta_action_code(dhis2_meta_action a);

/* What became of one DHIS2 object (a data element with a categoryOptionCombo is one per combo). */
typedef struct dhis2_meta_item {
	dhis2_meta_action action;
	char object[24];          /* "organisationUnit", "dataElement", "metadata" */
	char id[XMAP_ID_MAX];     /* its DHIS2 uid, or "#N" (its index) when it has none */
	char coc[XMAP_ID_MAX];    /* a dataElement's categoryOptionCombo; "" for the default */
	char target[CODE_MAX];    /* the chitieu unit or indicator code */
	char kind[24];            /* the unit type or the indicator kind given to it */
	char property[32];        /* the field of a conflict or of an ignore's reason */
	char value[64];           /* that field's value, cut */
	char msg[400];            /* Vietnamese: the reason, the conflict, or a note on an approximation */
	bool mapped;              /* its mapping row was written (new or changed) */
} dhis2_meta_item;

typedef struct dhis2_meta_report {
	bool dry_run;
	bool written;                       /* committed */
	dhis2_meta_item *items;             /* malloc'd, in the order of processing */
	size_t n, cap;
	size_t units[DM_CONFLICT + 1];      /* by action */
	size_t indicators[DM_CONFLICT + 1];
	size_t maps_written, maps_same;     /* mapping rows written / already as they are */
	size_t conflicts;                   /* all of them, even past DHIS2_META_CONFLICTS_MAX */
	size_t conflicts_listed;
} dhis2_meta_report;

void dhis2_meta_report_free(dhis2_meta_report *r);

/*
 * Reads the metadata document json[0..len) and imports it into s as opts
 * says, filling *r (zeroed first; dhis2_meta_report_free). Returns 0 when
 * there is no conflict (written, or would be on a real run); ERR_CONFLICT
 * when there are conflicts (r lists them; nothing written); ERR_INVALID
 * for a document that is not a metadata JSON object (e names the line and
 * column or the member); a store error otherwise (nothing written).
 */
int dhis2_meta_import(store *s, const char *json, size_t len, const dhis2_meta_opts *opts,
		      dhis2_meta_report *r, err *e);

/* Writes r as JSON ({"status","dryRun","stats",...,"objects","conflicts"}) into b:
 * 0, or the error of an append that failed (ERR_NOMEM, ERR_TOOBIG). */
int dhis2_meta_report_json(const dhis2_meta_report *r, buf *b);

/* ---- the rules (dhis2_meta_rules.c) ---------------------------------- */

/*
 * Sets ind's value type, bounds, decimals and unit of measure from a DHIS2
 * valueType. 0 for a numeric type; 1 when the data element is to be skipped
 * (*why says so in Vietnamese); ERR_INVALID for a missing valueType.
 */
int dhis2_meta_value_type(const char *value_type, indicator *ind, const char **why, err *e);

/*
 * Sets ind's kind and roll-up from a DHIS2 aggregationType (NULL, "" or
 * DEFAULT: SUM, as DHIS2 does). *note is NULL, or says in Vietnamese where
 * chitieu only approximates DHIS2's rule. A percentage (ind->value_type
 * VT_PERCENT, or a maximum of 1) is never summed. 0, 1 when skipped (*note
 * the reason), ERR_INVALID for an unknown aggregationType.
 */
int dhis2_meta_aggregation(const char *aggregation_type, indicator *ind, const char **note, err *e);

/*
 * The unit type of an organisation unit named name at level (0 unknown) in
 * a file whose deepest level is deepest; level_name is the name of its
 * level (organisationUnitLevels) or NULL. *skip is how many bytes of name
 * are its type word and the blank after it ("Xã Nông Thượng" -> 4), 0 when
 * the name does not start with one. Always decides.
 */
unit_type dhis2_meta_unit_type(const char *name, int level, int deepest, const char *level_name, size_t *skip);

/* The chitieu period frequency of a DHIS2 dataSet periodType ("Monthly",
 * "Quarterly", "SixMonthly", "Yearly"), 0 for one chitieu cannot hold. */
ind_freq dhis2_meta_freq(const char *period_type);

#endif
