/*
 * api_targets_bulk.h - POST /api/targets/bulk: importing many annual or term
 * targets at once (a unit's whole plan), all or nothing, with a dry run that
 * shows what would change.
 *
 * Not for: one target (PUT /api/targets in api_admin.c) or values
 * (POST /api/dataValueSets in api_bulk.c).
 */
#ifndef CHITIEU_API_TARGETS_BULK_H
#define CHITIEU_API_TARGETS_BULK_H

#include "http/http.h"

#define API_TARGETS_BULK_MAX_ROWS 5000 /* rows in one request */
#define API_TARGETS_BULK_BODY_MAX ((size_t)1 << 20) /* its body: 5000 rows fit in 1 MiB */

/*
 * POST /api/targets/bulk[?dryRun=true] (administrators): the body is a JSON
 * array of target objects (the fields of PUT /api/targets) or, with
 * Content-Type text/csv, a CSV file with a header row (English or
 * Vietnamese column names, Vietnamese numbers). Every row is checked before
 * anything is written; the writes happen in one transaction that a dry run
 * or any bad row rolls back. Answers 200 with the changes, 409 with the bad
 * rows (row, field, offending text, message), 400 for a malformed document.
 */
int api_targets_bulk(http_req *r);

#endif
