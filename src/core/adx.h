/*
 * adx.h - ADX (IHE QRPH Aggregate Data Exchange, namespace
 * urn:ihe:qrph:adx:2015) as DHIS2 reads and writes it: ISO 8601 interval
 * periods ("2022-06-01/P1M") and a reader that turns each <dataValue> of an
 * <adx> document into a row of core/import.h (import_values_rows).
 *
 * Not for: writing ADX (core/dvs_export.c writes it with xmlTextWriter),
 * the import's own checks and write (core/import.c), or HTTP.
 */
#ifndef CHITIEU_ADX_H
#define CHITIEU_ADX_H

#include <stddef.h>

#include "core/import.h"
#include "core/period.h"
#include "util/buf.h"
#include "util/err.h"

#define ADX_NS "urn:ihe:qrph:adx:2015"

/* Appends p as an ADX interval: month "2022-06-01/P1M", quarter
 * "2022-04-01/P3M", half "2022-07-01/P6M", nine months "2022-01-01/P9M",
 * year "2022-01-01/P1Y". ERR_INVALID for a period that is not valid. */
int adx_period_format(buf *b, const period *p);

/*
 * Parses an ADX interval into a chitieu period. 0, or ERR_INVALID with a
 * Vietnamese message quoting s: malformed, or an interval chitieu cannot
 * hold (a day, a week, a financial year, a half not starting in January or
 * July...).
 */
int adx_period_parse(const char *s, period *out, err *e);

/* An ADX document being read (opaque). */
typedef struct adx_reader adx_reader;

/*
 * Starts reading the ADX document data[0..len) (not copied: it must outlive
 * the reader). No network, no DTD, no entity expansion. *out is malloc'd:
 * free it with adx_reader_free (NULL is a no-op). ERR_NOMEM only; a
 * malformed document is reported by adx_next.
 */
int adx_reader_new(const char *data, size_t len, adx_reader **out, err *e);
void adx_reader_free(adx_reader *r);

/*
 * import_next_fn over the <dataValue>s: fills *row (the strings live until
 * the next call) and returns 1, 0 at the end of the document, or
 * ERR_INVALID for a document that is not ADX (not XML, wrong root or
 * namespace, a stray element), naming the group and dataValue. A dataValue
 * that is itself wrong (a missing attribute, a period chitieu cannot hold)
 * is handed over as a bad row (row->bad_*) whose field is
 * "group[g].dataValue[k].attribute".
 */
int adx_next(void *reader, import_in *row, err *e);

#endif
