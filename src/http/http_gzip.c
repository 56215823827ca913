/*
 * http_gzip.c - gzip of answers (http_gzip.h): one deflate call over the
 * whole body, level 6, the gzip wrapper (windowBits 15 + 16).
 *
 * Not for: choosing which answers (http.c asks http_gzip_accepted and
 * http_gzip_type), streaming or caching.
 */
#include "http/http_gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

bool http_gzip_accepted(const char *ae)
{
	if (!ae)
		return false;
	for (const char *p = ae; *p; p++) {
		if (strncasecmp(p, "gzip", 4))
			continue;
		bool start = p == ae || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\t';
		const char *q = p + 4;
		while (*q == ' ' || *q == '\t')
			q++;
		if (!start || (*q && *q != ',' && *q != ';')) {
			p += 3;
			continue;
		}
		if (*q == ';') { /* gzip;q=0 refuses it */
			const char *v = strchr(q, '=');
			const char *end = strchr(q, ',');
			if (v && (!end || v < end) && strtod(v + 1, NULL) <= 0.0)
				return false;
		}
		return true;
	}
	return false;
}

bool http_gzip_type(const char *ct)
{
	if (!ct)
		return false;
	return !strncasecmp(ct, "text/", 5) || !strncasecmp(ct, "application/json", 16) ||
	       !strncasecmp(ct, "application/javascript", 22) || !strncasecmp(ct, "image/svg+xml", 13) ||
	       !strncasecmp(ct, "application/xml", 15);
}

int http_gzip(const void *data, size_t n, char **out, size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	if (n > (size_t)UINT32_MAX)
		return -1;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong cap = deflateBound(&z, (uLong)n);
	char *buf = malloc(cap);
	if (!buf) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t len = (size_t)z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || len >= n) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_n = len;
	return 0;
}
