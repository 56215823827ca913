/*
 * strset.c - a growing set of strings (strset.h).
 */
#include "util/strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

static size_t strset_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of key in s (cap > 0): where it is, or the empty slot where it would go. */
static size_t strset_slot(const strset *s, const char *key)
{
	size_t i = strset_hash(key) & (s->cap - 1);
	while (s->key[i] && strcmp(s->key[i], key))
		i = (i + 1) & (s->cap - 1);
	return i;
}

bool strset_has(const strset *s, const char *key)
{
	return s->cap && s->key[strset_slot(s, key)];
}

int strset_add(strset *s, const char *key, bool *added)
{
	if (added)
		*added = false;
	if (2 * (s->n + 1) > s->cap) {
		strset g = {.cap = s->cap ? 2 * s->cap : 256, .n = s->n};
		if (!(g.key = calloc(g.cap, sizeof *g.key)))
			return ERR_NOMEM;
		for (size_t i = 0; i < s->cap; i++)
			if (s->key[i])
				g.key[strset_slot(&g, s->key[i])] = s->key[i];
		free(s->key);
		*s = g;
	}
	size_t i = strset_slot(s, key);
	if (s->key[i])
		return 0;
	if (!(s->key[i] = strdup(key)))
		return ERR_NOMEM;
	s->n++;
	if (added)
		*added = true;
	return 0;
}

void strset_free(strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->key[i]);
	free(s->key);
	s->key = NULL;
	s->cap = s->n = 0;
}
