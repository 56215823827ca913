/*
 * csv.h - a streaming CSV reader (RFC 4180: quoted fields, doubled quotes,
 * CRLF or LF, a UTF-8 BOM skipped) with the delimiter detected from the
 * header line (',' ';' or tab, as Vietnamese Excel writes ';').
 *
 * Not for: writing (buf_csv_field in buf.h) or knowing what columns mean
 * (import.h).
 */
#ifndef CHITIEU_CSV_H
#define CHITIEU_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

#define CSV_MAX_FIELDS 64
#define CSV_MAX_LINE (64 * 1024) /* one record's bytes at most */

typedef struct csv_reader csv_reader;

/*
 * Opens a reader over f (not closed by the reader). name is used in messages
 * ("values.csv"). sep 0 = detect from the first line.
 */
int csv_open(FILE *f, const char *name, char sep, csv_reader **out, err *e);

/*
 * Reads the next record. Returns 1 with *fields / *n set (valid until the
 * next call; fields are NUL-terminated, unquoted), 0 at end of file, or a
 * negative ERR_* (unterminated quote, record over CSV_MAX_LINE, too many
 * fields, invalid UTF-8) with a message naming the file and line.
 */
int csv_next(csv_reader *r, char ***fields, size_t *n, err *e);

/* The line number where the last record returned started (1-based). */
long csv_line(const csv_reader *r);

/* The delimiter in use. */
char csv_sep(const csv_reader *r);

void csv_close(csv_reader *r);

#endif
