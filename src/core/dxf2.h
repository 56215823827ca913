/*
 * dxf2.h - DHIS2's DXF2 XML of data values (issue #18), read row by row as
 * the rows of core/import.h:
 *
 *   <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="..."
 *       completeDate="..." period="202206" orgUnit="..." attributeOptionCombo="...">
 *     <dataValue dataElement="..." categoryOptionCombo="..." value="42.9"
 *         storedBy="..." created="..." lastUpdated="..." comment="..." followUp="false"/>
 *   </dataValueSet>
 *
 * The set's period, orgUnit and attributeOptionCombo are the rows'
 * defaults. Streamed through libxml2's xmlTextReader: no DOM, no network,
 * a DOCTYPE refused, entities never substituted.
 *
 * Not for: ADX (core/adx_read.c) or checking the rows (core/import.c).
 */
#ifndef CHITIEU_DXF2_H
#define CHITIEU_DXF2_H

#include <stddef.h>

#include "core/import.h"
#include "util/err.h"

#define DXF2_NS "http://dhis2.org/schema/dxf/2.0"

typedef struct dxf2_reader dxf2_reader;

/* A reader over data[0..len) (borrowed until freed). ERR_NOMEM or
 * ERR_TOOBIG only; a malformed document is reported by dxf2_next. */
int dxf2_reader_new(const char *data, size_t len, dxf2_reader **out, err *e);
void dxf2_reader_free(dxf2_reader *r);

/* An import_next_fn: the next <dataValue> (1), the end (0), or a negative
 * ERR_* for a document that is not DXF2 (not XML, another root, a stray
 * element, a DOCTYPE, an unknown attribute of the set). A dataValue with an
 * unknown attribute is handed over marked bad, naming it. */
int dxf2_next(void *reader, import_in *row, err *e);

#endif
