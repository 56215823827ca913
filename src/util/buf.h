/*
 * buf.h - the one bounded, growable byte buffer used wherever output is built
 * (text tables, CSV, JSON, messages). It always keeps a NUL after its data so
 * buf_cstr() is a valid C string. It is not a general container.
 *
 * A buffer has a limit; an append that would pass it fails with ERR_TOOBIG and
 * leaves the buffer as it was. Appends never write past the limit. A failed
 * append is also recorded (buf_failed, as curl's dynbuf does), so whoever
 * sends the buffer can tell a whole text from one with a piece missing even
 * when the writer ignored an append's result: the HTTP server answers 500
 * instead of a truncated 200.
 */
#ifndef CHITIEU_BUF_H
#define CHITIEU_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

#define BUF_DEFAULT_LIMIT ((size_t)256 * 1024 * 1024)

typedef struct buf {
	char *data;   /* owned; NULL until the first append */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
	size_t limit; /* maximum len */
	int failed;   /* the first failed append's error (ERR_NOMEM, ERR_TOOBIG...), 0 when none */
} buf;

/*
 * Appends all of the open stream f to b, within b's limit (the stream is
 * neither opened nor closed here). name says what f is, for messages:
 * ERR_TOOBIG "NAME lớn quá N byte" (b is left as it was before the append
 * that failed), ERR_NOMEM, or ERR_IO when reading fails. Returns 0 or that.
 */
int buf_read_stream(buf *b, FILE *f, const char *name, err *e);

/* Initialises an empty buffer with the given limit (0 = BUF_DEFAULT_LIMIT). */
void buf_init(buf *b, size_t limit);

/* The first failed append's error since buf_init, buf_free, buf_detach or
 * buf_clear_failed (buf_reset empties the buffer but keeps it: a text built
 * in a reused buffer still knows a piece went missing); 0 when none. */
int buf_failed(const buf *b);
/* dst failed too when src did (a text built from a failed one). */
void buf_taint(buf *dst, const buf *src);
/* Forgets the failure (a new answer replaces the failed one). */
void buf_clear_failed(buf *b);

/* Frees the storage; b is empty (and reusable) afterwards. buf_free(NULL) is a no-op. */
void buf_free(buf *b);

/* Empties b, keeping its storage. */
void buf_reset(buf *b);

/* Appends n bytes. Returns 0, ERR_NOMEM or ERR_TOOBIG (b unchanged on failure). */
int buf_append(buf *b, const void *p, size_t n);

/* Appends a NUL-terminated string. */
int buf_puts(buf *b, const char *s);

/* Appends one byte. */
int buf_putc(buf *b, char c);

/* Appends printf-formatted text. */
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap);

/* Appends c n times (for padding). */
int buf_pad(buf *b, char c, size_t n);

/* The contents as a C string; "" for an empty buffer. Valid until the next append. */
const char *buf_cstr(const buf *b);

/*
 * Takes the data out of b as a malloc'd NUL-terminated string (caller frees);
 * b is left empty. Returns NULL only on allocation failure.
 */
char *buf_detach(buf *b);

/* Escaping writers: the only way user text reaches CSV and JSON output. */

/*
 * Appends the text s as one CSV field: quoted (with doubled quotes) when it
 * holds sep, '"', CR or LF. A text that starts with = + - @ TAB or CR (a
 * formula to Excel or LibreOffice) gets a leading ' as OWASP advises
 * ("=1+1" -> '=1+1); the CSV reader (csv.h) takes that quote off again, so
 * chitieu reads back its own exports. Use buf_csv_number for numbers.
 */
int buf_csv_field(buf *b, const char *s, char sep);

/*
 * Appends a number chitieu formatted itself (vn_format_num: digits, '-', '.'
 * and ',' only) as one CSV field: quoted when it holds sep, never prefixed,
 * so "-1.739,5" stays a negative number in a spreadsheet.
 */
int buf_csv_number(buf *b, const char *s, char sep);

/* Appends s as a JSON string literal, with quotes; control characters escaped. */
int buf_json_str(buf *b, const char *s);

#endif
