/*
 * jsonw.c - writing model figures as JSON (see jsonw.h): exact fixed-point
 * numbers, rounded derived figures, and "key":value pairs. Strings always go
 * through buf_json_str, so no user text reaches JSON unescaped.
 */
#include "core/jsonw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int jsonw_num(buf *b, num_t v)
{
	/* written by hand, right to left (printf was a tenth of an export's time) */
	char t[32], *const end = t + sizeof t, *p = end;
	uint64_t a = v < 0 ? 0 - (uint64_t)v : (uint64_t)v, ip = a / NUM_SCALE, fp = a % NUM_SCALE;
	if (fp) { /* the four decimals without their trailing zeros */
		char d[4];
		int n = 4;
		for (int k = 3; k >= 0; k--, fp /= 10)
			d[k] = (char)('0' + fp % 10);
		while (d[n - 1] == '0')
			n--;
		p -= n;
		memcpy(p, d, (size_t)n);
		*--p = '.';
	}
	do
		*--p = (char)('0' + ip % 10);
	while ((ip /= 10));
	if (v < 0)
		*--p = '-';
	return buf_append(b, p, (size_t)(end - p));
}

int jsonw_double(buf *b, double x, int decimals)
{
	if (isnan(x) || isinf(x))
		return buf_puts(b, "null");
	/* Reuse the Vietnamese rounding, then swap the separators back. */
	buf t;
	buf_init(&t, 128);
	int rc = vn_format_double(&t, x, decimals);
	for (size_t i = 0; !rc && i < t.len; i++) {
		char c = t.data[i];
		if (c == '.')
			continue;
		rc = buf_putc(b, c == ',' ? '.' : c);
	}
	buf_free(&t);
	return rc;
}

void jsonw_kv_str(buf *b, const char *k, const char *v, bool comma)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	buf_json_str(b, v);
	if (comma)
		buf_putc(b, ',');
}

void jsonw_kv_num(buf *b, const char *k, bool has, num_t v)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	if (has)
		jsonw_num(b, v);
	else
		buf_puts(b, "null");
	buf_putc(b, ',');
}

void jsonw_kv_double(buf *b, const char *k, double x)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	jsonw_double(b, x, 2);
	buf_putc(b, ',');
}

