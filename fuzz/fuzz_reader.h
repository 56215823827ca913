/*
 * fuzz_reader.h - what the harnesses of the import's row readers share
 * (fuzz_dhis2_csv.c, fuzz_dxf2.c, fuzz_adx.c): driving a reader to its end
 * and checking the properties every import_next_fn must keep.
 *
 * Not for: the import's checks on the rows (fuzz_import covers them) or a
 * reader's own properties (each harness passes them as the good callback).
 */
#ifndef CHITIEU_FUZZ_READER_H
#define CHITIEU_FUZZ_READER_H

#include "fuzz.h"

#include "core/import.h"

/*
 * Reads every row of reader (a document of size bytes) with next, named
 * name in the messages. Properties: a refusal always has a message; next
 * returns only 1, 0 or a refusal; no more rows than bytes; a row handed over
 * either is marked bad with a field and a message, or passes good (called
 * for each good row when not NULL).
 */
static inline void fz_read_rows(const char *name, import_next_fn next, void *reader, size_t size,
				void (*good)(const import_in *in))
{
	err e;
	err_clear(&e);
	for (long n = 0;; n++) {
		import_in in;
		memset(&in, 0, sizeof in);
		int rc = next(reader, &in, &e);
		if (rc < 0) {
			if (!e.msg[0])
				fz_fail("%s refused without a message", name);
			return;
		}
		if (rc == 0)
			return;
		if (rc != 1)
			fz_fail("%s returned %d", name, rc);
		if ((size_t)n > size)
			fz_fail("more rows (%ld) than bytes (%zu)", n, size);
		if (in.bad_msg) {
			if (!in.bad_msg[0] || !in.bad_field || !in.bad_field[0])
				fz_fail("a bad row without a field or message");
			continue;
		}
		if (good)
			good(&in);
	}
}

/* A good row's property for readers that name every field: each has its name. */
static inline void fz_row_named(const import_in *in)
{
	for (int k = 0; k < IMPORT_F__N; k++)
		if (!in->name[k])
			fz_fail("a row lacks the name of field %d", k);
}

#endif
