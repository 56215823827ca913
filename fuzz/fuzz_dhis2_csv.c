/*
 * fuzz_dhis2_csv.c - libFuzzer harness of DHIS2's CSV reader
 * (core/dhis2_csv.h). The input is a whole document read row by row as the
 * import reads it. Properties: nothing crashes or leaks; d2csv_is_dhis2
 * answers without reading past the end; a refusal always has a message; a
 * row handed over either is marked bad with a field and a message, or has
 * its field names set; the reader ends in a bounded number of rows.
 *
 * Not for: the import's checks on the rows (fuzz_import covers them).
 */
#include "fuzz_reader.h"

#include "core/dhis2_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)d2csv_is_dhis2((const char *)data, size);
	d2csv_reader *r = NULL;
	err e;
	err_clear(&e);
	if (d2csv_reader_new((const char *)data, size, &r, &e))
		fz_fail("d2csv_reader_new failed: %s", e.msg);
	fz_read_rows("d2csv_next", d2csv_next, r, size, fz_row_named);
	d2csv_reader_free(r);
	return 0;
}
