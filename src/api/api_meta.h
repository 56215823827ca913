/*
 * api_meta.h - POST /api/exchange/metadata: DHIS2 metadata in (issue #18
 * item 5, core/dhis2_meta.h), for administrators only (the route table
 * says HTTP_ADMIN).
 *
 * Not for: the mapping's own rows (api_xmap.c) or data values (api_bulk.c).
 */
#ifndef CHITIEU_API_META_H
#define CHITIEU_API_META_H

#include "http/http.h"

#define API_META_BODY_MAX ((size_t)16 << 20) /* a metadata file: 16 MiB (a nation's 3.321 communes fit in ~2) */

/*
 * POST /api/exchange/metadata?dryRun=true|false&update=true|false&sector=S&maxLevel=N
 * with a DHIS2 metadata JSON body. dryRun is true unless told false (a dry
 * run comes first): the answer says what would be created, updated, kept
 * or skipped. 200 with the report (dhis2_meta_report_json); 409 with the
 * same report when there are conflicts (nothing written); 400 for a body
 * that is not a metadata document.
 */
int api_meta_import(http_req *r);

#endif
