/*
 * idmap.h - row ids (of one table) to array indexes: a direct table when the
 * ids are dense (rowids usually are: one load per lookup), else a sorted
 * array and a binary search (identity values on PostgreSQL skip numbers an
 * upsert used up, so a catalogue edited many times has gaps).
 * Not for: the evaluation's own map (eval_load.c keeps its tuned copy).
 */
#ifndef CHITIEU_IDMAP_H
#define CHITIEU_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct idmap_pair {
	int64_t id;
	int idx;
} idmap_pair;

typedef struct idmap {
	int64_t lo;
	int *dense;        /* dense[id - lo], -1 for none; NULL when sparse */
	size_t n_dense;
	idmap_pair *sorted; /* by id, when sparse */
	size_t n;
} idmap;

/* Maps ids[k] to idx[k] (or to k when idx is NULL), k < n, choosing the
 * direct table when the ids span less than 64 n + 1024. ERR_NOMEM. */
int idmap_build(idmap *m, const int64_t *ids, const int *idx, size_t n, err *e);

/* The index of id, -1 when none. */
int idmap_find(const idmap *m, int64_t id);

void idmap_free(idmap *m);

#endif
