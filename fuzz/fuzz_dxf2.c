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
#include "fuzz.h"

#include "core/dxf2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dxf2_reader *r = NULL;
	err e;
	err_clear(&e);
	if (dxf2_reader_new((const char *)data, size, &r, &e))
		fz_fail("dxf2_reader_new failed: %s", e.msg);
	for (long n = 0;; n++) {
		import_in in;
		memset(&in, 0, sizeof in);
		int rc = dxf2_next(r, &in, &e);
		if (rc < 0) {
			if (!e.msg[0])
				fz_fail("dxf2_next refused without a message");
			break;
		}
		if (rc == 0)
			break;
		if (rc != 1)
			fz_fail("dxf2_next returned %d", rc);
		if ((size_t)n > size)
			fz_fail("more rows (%ld) than bytes (%zu)", n, size);
		if (in.bad_msg) {
			if (!in.bad_msg[0] || !in.bad_field || !in.bad_field[0])
				fz_fail("a bad row without a field or message");
			continue;
		}
		for (int k = 0; k < IMPORT_F__N; k++)
			if (!in.name[k])
				fz_fail("a row lacks the name of field %d", k);
	}
	dxf2_reader_free(r);
	return 0;
}
