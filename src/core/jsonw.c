/*
 * jsonw.c - writing model figures as JSON (see jsonw.h): exact fixed-point
 * numbers, rounded derived figures, and "key":value pairs. Strings always go
 * through buf_json_str, so no user text reaches JSON unescaped.
 */
#include "core/jsonw.h"

#include <math.h>
#include <stdio.h>

int jsonw_num(buf *b, num_t v)
{
	num_t a = v < 0 ? -v : v;
	long long ip = (long long)(a / NUM_SCALE), fp = (long long)(a % NUM_SCALE);
	int rc = buf_printf(b, "%s%lld", v < 0 ? "-" : "", ip);
	if (rc || !fp)
		return rc;
	char frac[8];
	snprintf(frac, sizeof frac, "%04lld", fp);
	for (int k = 3; k > 0 && frac[k] == '0'; k--)
		frac[k] = '\0';
	return buf_printf(b, ".%s", frac);
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

