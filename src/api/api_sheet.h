/*
 * api_sheet.h - Excel in over HTTP (issue #6): the entry template of a unit
 * and period as an .xlsx (or CSV) download, and the import of a filled one
 * (the request body is the file), answered like POST /api/dataValueSets.
 *
 * Not for: reading or writing sheets (report/sheet.h does both) or the
 * evaluation workbook (GET /api/report.xlsx belongs to the report routes).
 */
#ifndef CHITIEU_API_SHEET_H
#define CHITIEU_API_SHEET_H

#include "http/http.h"

#define API_SHEET_BODY_MAX ((size_t)16 << 20) /* an .xlsx or CSV body: 16 MiB */

/*
 * GET /api/sheet/template?unit=&period=&kind=values|targets&format=xlsx|csv:
 * the template as report/sheet.h writes it, for a unit the user may view
 * (404 unknown unit, 403 out of scope). Content-Type is the .xlsx type or
 * text/csv. Reads only.
 */
int api_sheet_template(http_req *r);

/*
 * POST /api/sheet/import?dryRun=&kind=values|targets&sheet=: the body is the
 * workbook (Content-Type application/vnd.openxmlformats-officedocument.
 * spreadsheetml.sheet), a CSV (text/csv), or application/octet-stream (the
 * bytes tell which). Values: every row is checked like PUT /api/values
 * (auth_can_enter and the period lock), all or nothing. Targets: for
 * administrators only (403), all or nothing in one transaction.
 * Answers 200 {"status":"SUCCESS","dryRun","kind","sheet","importCount":
 * {"imported","updated","ignored","deleted"},"rows","conflicts":[]}; 409
 * (403 when every bad row was refused for scope) with status "ERROR" and
 * conflicts {row: the sheet's row, field: the cell ("E7"), object, value:
 * the reason}; 400 for a file that cannot be read as a sheet (not a zip, no
 * such sheet, no header row), 413 for one over the limits.
 */
int api_sheet_import(http_req *r);

/*
 * GET /api/sheet/catalog?format=xlsx|csv: the catalogue workbook
 * (report/sheet.h sheet_catalog_write: the rules between indicators, and
 * the indicators for reference) for anyone logged in. Reads only.
 */
int api_sheet_catalog_get(http_req *r);

/*
 * POST /api/sheet/catalog?dryRun=&replace=: the body is the edited workbook
 * (or its CSV), as for POST /api/sheet/import; the route table lets
 * administrators only. The rules become what the sheet says (added,
 * updated; removed only with replace=true), all or nothing. Answers 200
 * {"status":"SUCCESS","dryRun","replace","sheet","importCount":{"imported",
 * "updated","ignored","deleted"},"rows","changes":[{code, action: added |
 * updated | removed, row}],"conflicts":[]}; 409 with status "ERROR",
 * "description" and conflicts {row, field: the cell ("D7"), object: the
 * rule's code, value: the reason}; 400 for a file that is no such sheet.
 */
int api_sheet_catalog_post(http_req *r);

#endif
