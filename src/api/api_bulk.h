/*
 * api_bulk.h - the bulk endpoint modelled on DHIS2's POST /api/dataValueSets:
 * many values in one all-or-nothing import, JSON or CSV, with a dry run,
 * answered by an import summary.
 *
 * Not for: one value at a time (api_values.c) or the import's checks
 * themselves (core/import.h does them; this file only reads the request and
 * decides who may write what).
 */
#ifndef CHITIEU_API_BULK_H
#define CHITIEU_API_BULK_H

#include "core/import.h"
#include "core/xmap.h"
#include "http/http.h"

#include <stdbool.h>

#define API_BULK_MAX_ROWS 1000000L /* a payload with more data rows is refused (413) */

/*
 * POST /api/dataValueSets?dryRun=true|false. The body is JSON
 * {"dataValues":[{"dataElement"|"indicator","period","orgUnit"|"unit",
 * "value" (number or Vietnamese string),"estimate" (bool)}, ...]} or, with
 * Content-Type text/csv, the columns of `chitieu import` (no "by" column:
 * every value is by the logged-in user). Every row is checked first
 * (catalogue, frequency, validity, number, auth_can_enter, period lock);
 * nothing is written unless all pass. Answers 200 with the summary
 * {"status":"SUCCESS","dryRun","importCount":{"imported","updated","ignored",
 * "deleted"},"conflicts":[]}, 409 with status "ERROR" and the conflicts
 * (row, field, object, value = the reason) when rows were refused, or a
 * plain JSON error for a malformed document (400) or too many rows (413).
 */
int api_bulk_datavalues(http_req *r);

/*
 * The ?dryRun= query of the import endpoints: absent, "false" or "0" leave
 * *dry false, "true" or "1" set it; anything else answers 400 and returns
 * its code.
 */
int api_dry_run(http_req *r, bool *dry);

/* Reads DHIS2's idScheme, dataElementIdScheme and orgUnitIdScheme (UID,
 * CODE or NAME; the last two default to idScheme, which defaults to UID).
 * 400 naming the parameter otherwise. */
int api_xmap_schemes(http_req *r, xmap_scheme *de, xmap_scheme *ou);

/*
 * The Content-Type of the JSON-or-CSV import endpoints: text/csv sets *csv,
 * application/json or none leaves it false; anything else answers 400 and
 * returns its code.
 */
int api_bulk_content_type(http_req *r, bool *csv);

/*
 * Appends the first n conflicts as {"row","field","object","value"} objects,
 * comma-separated, without the enclosing brackets.
 */
void api_bulk_conflicts_json(buf *b, const import_conflict *cf, long n);

/*
 * Who may write which value rows, for import_checks.allow (and the sheet
 * import's): auth_can_enter for the (indicator, unit), then the period lock
 * and approval state of the (unit, period, agency); every allowed key is
 * remembered for the request (a growing set), so each is asked once. api_bulk_allow_new allocates
 * the context for r's user and today's locks (free it with
 * api_bulk_allow_free, NULL is fine); on failure the error answer is already
 * written and its code returned.
 */
typedef struct api_bulk_allow_ctx api_bulk_allow_ctx;
int api_bulk_allow_new(http_req *r, api_bulk_allow_ctx **out);
void api_bulk_allow_free(api_bulk_allow_ctx *a);
int api_bulk_allow(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field, err *e);

#endif
