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

#include "http/http.h"

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

#endif
