/*
 * fuzz_dxf2.c - libFuzzer harness of the DXF2 XML reader (core/dxf2.h).
 * The input is a whole document read row by row as the import reads it.
 * Properties: nothing crashes or leaks (libxml2 underneath, no DTD); a
 * refusal always has a message; a row handed over either is marked bad with
 * a field and a message, or has its field names set; the reader ends in a
 * bounded number of rows.
 *
 * Not for: the import's checks on the rows (fuzz_import covers them).
 */
#include "fuzz_reader.h"

#include "core/dxf2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dxf2_reader *r = NULL;
	err e;
	err_clear(&e);
	if (dxf2_reader_new((const char *)data, size, &r, &e))
		fz_fail("dxf2_reader_new failed: %s", e.msg);
	fz_read_rows("dxf2_next", dxf2_next, r, size, fz_row_named);
	dxf2_reader_free(r);
	return 0;
}
