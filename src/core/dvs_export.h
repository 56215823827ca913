/*
 * dvs_export.h - values out the way DHIS2 writes a dataValueSet: JSON
 * ({"dataValues":[...]}), CSV with DHIS2's columns, or ADX XML. Numbers with
 * a dot and no thousands separators; ADX periods as ISO 8601 intervals.
 * Shared by GET /api/dataValueSets and `chitieu export --format`.
 *
 * Not for: who may see which unit (the caller passes the units allowed), or
 * chitieu's own CSV export (core/import.h export_values_csv).
 */
#ifndef CHITIEU_DVS_EXPORT_H
#define CHITIEU_DVS_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/model.h"
#include "core/period.h"
#include "util/buf.h"
#include "util/err.h"

struct store;

typedef enum dvs_format {
	DVS_JSON,
	DVS_CSV,
	DVS_ADX,
	DVS_SDMX30, /* SDMX-CSV 2.0 (SDMX 3.0): STRUCTURE, STRUCTURE_ID, ACTION, dimensions, OBS_VALUE */
	DVS_SDMX21, /* SDMX-CSV 1.0 (SDMX 2.1): DATAFLOW, dimensions, OBS_VALUE */
} dvs_format;

/* The SDMX dataflow the SDMX-CSV documents name (agency:id(version)). */
#define DVS_SDMX_FLOW "CHITIEU:DF_CHITIEU(1.0)"

/* Parses "json" | "dhis2-json", "csv" | "dhis2-csv", "adx", "sdmx-csv" (3.0)
 * | "sdmx-csv-2.1"; -1 when unknown. */
int dvs_format_parse(const char *s);

/* The MIME type of a format ("application/json", "application/csv", "application/adx+xml",
 * "application/vnd.sdmx.data+csv; version=2.0.0" or "1.0.0"). */
const char *dvs_format_mime(dvs_format f);

/* Which values. Every list may be empty (n = 0): then no filter on it. The
 * codes are borrowed; dvs_export sorts copies of the pointers. */
typedef struct dvs_filter {
	const char *const *indicators; size_t n_indicators;
	const char *const *units; size_t n_units;
	const period *periods; size_t n_periods;
	cdate start, end;        /* periods wholly within [start, end]; {0} = open */
	cdate updated_since;     /* values last changed on or after that day (Vietnam time); {0} = any */
	long max_rows;           /* more is ERR_TOOBIG; 0 = no limit */
	/* the mapping (core/xmap.h; NULL: chitieu's codes): a mapped indicator
	 * or unit is written with its DHIS2 identifiers under these schemes,
	 * with its categoryOptionCombo and attributeOptionCombo (JSON, CSV) */
	const struct xmap *map;
	int de_scheme, ou_scheme; /* xmap_scheme */
} dvs_filter;

/*
 * Writes the values matching f to out in format fmt. When flush_to is not
 * NULL, out is written to it and emptied every 256 KiB and at the end
 * (bounded memory); otherwise out holds the whole document. *rows (may be
 * NULL) counts the values written. Returns 0, ERR_TOOBIG past max_rows,
 * ERR_IO, ERR_NOMEM or a store error (e filled).
 */
int dvs_export(struct store *s, const dvs_filter *f, dvs_format fmt, buf *out, FILE *flush_to, long *rows,
	       err *e);

#endif
