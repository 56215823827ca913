/*
 * buf.c - the bounded growable buffer (see buf.h) and its escaping writers.
 */
#include "util/buf.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

void buf_init(buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit ? limit : BUF_DEFAULT_LIMIT;
	b->failed = 0;
}

int buf_failed(const buf *b)
{
	return b->failed;
}

/* Records the first failure; returns rc. */
static int buf_fail(buf *b, int rc)
{
	if (!b->failed)
		b->failed = rc;
	return rc;
}

void buf_taint(buf *dst, const buf *src)
{
	if (src->failed)
		(void)buf_fail(dst, src->failed);
}

void buf_clear_failed(buf *b)
{
	b->failed = 0;
}

void buf_free(buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = 0;
}

void buf_reset(buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Makes room for n more bytes plus the NUL. */
static int buf_reserve(buf *b, size_t n)
{
	if (n > b->limit || b->len > b->limit - n)
		return buf_fail(b, ERR_TOOBIG);
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return buf_fail(b, ERR_NOMEM);
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_append(buf *b, const void *p, size_t n)
{
	int rc = buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_puts(buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_putc(buf *b, char c)
{
	if (b->len < b->limit && b->len + 2 <= b->cap) { /* room already: the common case, no call */
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_append(b, &c, 1);
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return buf_fail(b, ERR_INVALID);
	if ((size_t)n < sizeof small)
		return buf_append(b, small, (size_t)n);
	int rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int buf_pad(buf *b, char c, size_t n)
{
	int rc = buf_reserve(b, n);
	if (rc)
		return rc;
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

const char *buf_cstr(const buf *b)
{
	return b->data ? b->data : "";
}

char *buf_detach(buf *b)
{
	char *p = b->data;
	if (!p) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = 0;
	return p;
}

/* A text cell that a spreadsheet would run as a formula: OWASP's list. */
static bool csv_formula_start(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

/* Appends s, quoted when it needs it; neutral: a leading ' first. */
static int csv_put(buf *b, const char *s, char sep, bool neutral)
{
	bool quote = strchr(s, sep) || strpbrk(s, "\"\r\n");
	if (!quote && !neutral)
		return buf_puts(b, s);
	size_t start = b->len;
	int rc = quote ? buf_putc(b, '"') : 0;
	if (!rc && neutral)
		rc = buf_putc(b, '\'');
	for (const char *p = s; !rc && *p;) { /* runs up to and with each '"', which is then doubled */
		const char *q = strchr(p, '"');
		size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
		rc = buf_append(b, p, n);
		if (!rc && q)
			rc = buf_putc(b, '"');
		p += n;
	}
	if (!rc && quote)
		rc = buf_putc(b, '"');
	if (rc) {
		b->len = start;
		if (b->data)
			b->data[start] = '\0';
	}
	return rc;
}

int buf_csv_field(buf *b, const char *s, char sep)
{
	return csv_put(b, s, sep, csv_formula_start(s));
}

int buf_csv_number(buf *b, const char *s, char sep)
{
	return csv_put(b, s, sep, false);
}

int buf_json_str(buf *b, const char *s)
{
	size_t start = b->len;
	int rc = buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; !rc && *p;) {
		const unsigned char *q = p; /* a run that needs no escape, appended at once */
		while (*q >= 0x20 && *q != '"' && *q != '\\')
			q++;
		if (q > p) {
			rc = buf_append(b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		switch (*p) {
		case '"': rc = buf_puts(b, "\\\""); break;
		case '\\': rc = buf_puts(b, "\\\\"); break;
		case '\n': rc = buf_puts(b, "\\n"); break;
		case '\r': rc = buf_puts(b, "\\r"); break;
		case '\t': rc = buf_puts(b, "\\t"); break;
		default: rc = buf_printf(b, "\\u%04x", *p);
		}
		p++;
	}
	if (!rc)
		rc = buf_putc(b, '"');
	if (rc && b->data) {
		b->len = start;
		b->data[start] = '\0';
	}
	return rc;
}

int buf_read_stream(buf *b, FILE *f, const char *name, err *e)
{
	char chunk[65536];
	size_t got;
	int rc = 0;
	while (!rc && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = buf_append(b, chunk, got);
	if (rc == ERR_TOOBIG)
		return err_set(e, rc, "%s lớn quá %zu byte", name, b->limit);
	if (rc)
		return err_set(e, rc, "hết bộ nhớ khi đọc %s", name);
	if (ferror(f))
		return err_set(e, ERR_IO, "không đọc được %s", name);
	return 0;
}
