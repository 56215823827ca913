/*
 * text.c - UTF-8 width, validation, NFC and search keys on utf8proc (see text.h).
 */
#include "util/text.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool text_utf8_valid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0 || cp == 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

size_t text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t w = 0;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0) {
			w++;
			p++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		p += k;
	}
	return w;
}

int text_upper(buf *b, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int rc = 0;
	while (*p && !rc) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0) {
			rc = buf_putc(b, (char)*p++);
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		rc = buf_append(b, enc, (size_t)n);
		p += k;
	}
	return rc;
}

int text_pad(buf *b, const char *s, size_t width, bool right)
{
	size_t w = text_width(s);
	if (w <= width) {
		int rc = 0;
		if (right)
			rc = buf_pad(b, ' ', width - w);
		if (!rc)
			rc = buf_puts(b, s);
		if (!rc && !right)
			rc = buf_pad(b, ' ', width - w);
		return rc;
	}
	if (width == 0)
		return 0; /* not even the ellipsis fits */
	/* cut to width-1 columns, then the ellipsis */
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t used = 0, bytes = 0;
	while (p[bytes]) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + bytes, -1, &cp);
		int cw = 1;
		if (k <= 0)
			k = 1;
		else
			cw = utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0;
		if (used + (size_t)cw > width - 1)
			break;
		used += (size_t)cw;
		bytes += (size_t)k;
	}
	int rc = buf_append(b, s, bytes);
	if (!rc)
		rc = buf_puts(b, "…");
	if (!rc)
		rc = buf_pad(b, ' ', width - 1 - used);
	return rc;
}

int text_nfc(buf *b, const char *s)
{
	utf8proc_uint8_t *out = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (!out)
		return buf_puts(b, s);
	int rc = buf_puts(b, (const char *)out);
	free(out);
	return rc;
}

int text_key(buf *b, const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
					  UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (n < 0)
		return buf_puts(b, s);
	int rc = 0;
	const utf8proc_uint8_t *p = out;
	while (!rc && *p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0)
			break;
		if (cp == 0x0111 || cp == 0x0110) /* đ Đ have no decomposition */
			rc = buf_putc(b, 'd');
		else
			rc = buf_append(b, p, (size_t)k);
		p += k;
	}
	free(out);
	return rc;
}
