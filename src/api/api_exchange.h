/*
 * api_exchange.h - GET /api/dataValueSets: values out the way DHIS2 exports
 * them (JSON, CSV with DHIS2's columns, ADX XML), with DHIS2's parameters,
 * limited to the units the user may view.
 *
 * Not for: the import (POST, api_bulk.c) or the writers (core/dvs_export.c).
 */
#ifndef CHITIEU_API_EXCHANGE_H
#define CHITIEU_API_EXCHANGE_H

#include "http/http.h"

#define API_DVS_MAX_ROWS 200000L /* values in one export; more is 413 */
#define API_DVS_MAX_CODES 1000   /* dataElement, orgUnit or period values in one request */

/* GET /api/dataValueSets?dataElement=&orgUnit=&children=&period=&startDate=&endDate=&lastUpdated=&format= */
int api_dvs_export(http_req *r);

/* The DHIS2 mapping (api_xmap.c; administrators): GET lists it (?kind=),
 * PUT writes one row {kind, uid, categoryOptionCombo, attributeOptionCombo,
 * code, name, target}, DELETE removes the row of ?kind=&uid=&categoryOptionCombo=&attributeOptionCombo=. */
int api_xmap_list(http_req *r);
int api_xmap_put(http_req *r);
int api_xmap_delete(http_req *r);

#endif
