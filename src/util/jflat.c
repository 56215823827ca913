/*
 * jflat.c - the flat-object scanner of jflat.h: one pass over the bytes,
 * keys and strings copied with their NULs into the jflat's text, a repeated
 * key found by comparing with the ones before (at most 16).
 *
 * Not for: anything outside its subset (it answers false; the caller uses
 * jansson).
 */
#include "util/jflat.h"

#include <string.h>

static const char *ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at '"': copies the string's bytes into text at *used; NULL when outside the subset. */
static const char *str(const char *p, const char *end, jflat *out, size_t *used, const char **dst)
{
	const char *s = ++p;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			break;
		if (c < 0x20 || c > 0x7e || c == '\\')
			return NULL;
		p++;
	}
	if (p == end)
		return NULL;
	size_t len = (size_t)(p - s);
	if (len + 1 > JFLAT_TEXT_MAX - *used)
		return NULL;
	char *t = out->text + *used;
	memcpy(t, s, len);
	t[len] = '\0';
	*used += len + 1;
	*dst = t;
	return p + 1;
}

static bool word(const char **p, const char *end, const char *w, size_t n)
{
	if ((size_t)(end - *p) < n || memcmp(*p, w, n))
		return false;
	*p += n;
	return true;
}

const char *jflat_scan(const char *p, const char *end, jflat *out)
{
	size_t used = 0;
	out->n = 0;
	if (p == end || *p != '{')
		return NULL;
	p = ws(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		if (out->n == JFLAT_MAX_PAIRS || p == end || *p != '"')
			return NULL;
		jflat_pair *pr = &out->pair[out->n];
		if (!(p = str(p, end, out, &used, &pr->key)))
			return NULL;
		for (size_t i = 0; i < out->n; i++)
			if (out->pair[i].key[0] == pr->key[0] && !strcmp(out->pair[i].key, pr->key))
				return NULL; /* a repeated key: the full parser's to refuse */
		p = ws(p, end);
		if (p == end || *p != ':')
			return NULL;
		p = ws(p + 1, end);
		if (p == end)
			return NULL;
		pr->str = NULL;
		if (*p == '"') {
			pr->kind = JFLAT_STR;
			if (!(p = str(p, end, out, &used, &pr->str)))
				return NULL;
		} else if (word(&p, end, "true", 4)) {
			pr->kind = JFLAT_TRUE;
		} else if (word(&p, end, "false", 5)) {
			pr->kind = JFLAT_FALSE;
		} else if (word(&p, end, "null", 4)) {
			pr->kind = JFLAT_NULL;
		} else {
			return NULL;
		}
		out->n++;
		p = ws(p, end);
		if (p == end)
			return NULL;
		if (*p == '}')
			return p + 1;
		if (*p != ',')
			return NULL;
		p = ws(p + 1, end);
	}
}
