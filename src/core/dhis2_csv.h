/*
 * dhis2_csv.h - DHIS2's CSV of data values (issue #18), read row by row as
 * the rows of core/import.h: the columns dataelement, period, orgunit,
 * catoptcombo, attroptcombo, value, storedby, lastupdated, comment,
 * followup (DHIS2's order; the long names categoryoptioncombo,
 * attributeoptioncombo and created, deleted are taken too), with a header
 * row naming them in any order and case, or without one (then in DHIS2's
 * order, at least the first six).
 *
 * Not for: chitieu's own CSV (core/import.c reads it) or checking the rows
 * (the import does, as for JSON and ADX).
 */
#ifndef CHITIEU_DHIS2_CSV_H
#define CHITIEU_DHIS2_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/import.h"
#include "util/err.h"

typedef struct d2csv_reader d2csv_reader;

/* True when the document's first record is not chitieu's own CSV header
 * (whose first column is indicator or chi_tieu): then it is DHIS2's, with
 * or without a header. */
bool d2csv_is_dhis2(const char *data, size_t len);

/* A reader over data[0..len) (borrowed until freed). ERR_NOMEM only; a
 * malformed document is reported by d2csv_next. */
int d2csv_reader_new(const char *data, size_t len, d2csv_reader **out, err *e);
void d2csv_reader_free(d2csv_reader *r);

/* An import_next_fn: the next data row (1), the end (0), or a negative
 * ERR_* for a document that cannot be read (malformed CSV, an unknown or
 * repeated header column). A row with too few fields or a bad followup is
 * handed over marked bad. */
int d2csv_next(void *reader, import_in *row, err *e);

#endif
