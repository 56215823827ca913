/*
 * strset.h - a set of strings that grows: open addressing (FNV-1a, linear
 * probing, at most half full), each key copied. For "have we seen this key"
 * over many keys, where a list searched from the start would be quadratic:
 * the dataValueSets import's checked keys (api_bulk.c), the codes and
 * category option combos a DHIS2 metadata file claims (core/dhis2_meta.c).
 *
 * Not for: keys with values (a caller keeps those beside it), or removal.
 */
#ifndef CHITIEU_STRSET_H
#define CHITIEU_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strset {
	char **key; /* cap slots (a power of two), NULL when empty */
	size_t cap, n;
} strset; /* zero-initialised: empty */

/* Whether key is in the set. */
bool strset_has(const strset *s, const char *key);

/* Adds a copy of key: 0 (*added, when not NULL, says whether it was new), or ERR_NOMEM (the set unchanged). */
int strset_add(strset *s, const char *key, bool *added);

/* Frees the keys and the table; the set is empty again. */
void strset_free(strset *s);

#endif
