/*
 * jflat.h - a fast scanner for one flat JSON object of the commonest shape:
 * {"key":"text", "key":true|false|null, ...}, keys and strings of printable
 * ASCII without escapes. It exists for the rows of a DHIS2 dataValueSet
 * (api_bulk.c), which are nearly always of that shape and which a general
 * parser (jansson, one tree per row) read at half the import's speed.
 *
 * jflat_scan says "not mine" (NULL) for anything outside that subset -
 * escapes, bytes outside 0x20..0x7e, numbers, nested values, a repeated
 * key, too many keys, a syntax error - and the caller hands the same bytes
 * to the full parser, so what is accepted, refused and how it is reported
 * stays the full parser's. Within the subset the result is what that
 * parser would give, key by key in the document's order.
 *
 * Not for: documents in general, numbers, or validation messages.
 */
#ifndef CHITIEU_JFLAT_H
#define CHITIEU_JFLAT_H

#include <stdbool.h>
#include <stddef.h>

#define JFLAT_MAX_PAIRS 16  /* more keys: not mine */
#define JFLAT_TEXT_MAX 1024 /* the keys' and strings' bytes with their NULs; more: not mine */

typedef enum jflat_kind {
	JFLAT_NULL,
	JFLAT_TRUE,
	JFLAT_FALSE,
	JFLAT_STR,
} jflat_kind;

typedef struct jflat_pair {
	const char *key; /* NUL-terminated, in the jflat's text */
	jflat_kind kind;
	const char *str; /* JFLAT_STR: the text, NUL-terminated, in the jflat's text; else NULL */
} jflat_pair;

typedef struct jflat {
	jflat_pair pair[JFLAT_MAX_PAIRS];
	size_t n;
	char text[JFLAT_TEXT_MAX];
} jflat;

/*
 * Scans the object starting at p ('{', JSON whitespace between its tokens)
 * within [p, end) into *out, whose pairs and text are overwritten. Returns
 * the byte just past its '}' when the whole object is in the subset above,
 * NULL otherwise (then *out is meaningless; what follows the '}' is not
 * looked at). Allocates nothing.
 */
const char *jflat_scan(const char *p, const char *end, jflat *out);

#endif
