/*
 * idmap.c - row ids to indexes (idmap.h).
 */
#include "core/idmap.h"

#include <stdlib.h>
#include <string.h>

static int pair_cmp(const void *a, const void *b)
{
	const idmap_pair *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

int idmap_build(idmap *m, const int64_t *ids, const int *idx, size_t n, err *e)
{
	memset(m, 0, sizeof *m);
	if (n == 0)
		return 0;
	int64_t lo = ids[0], hi = ids[0];
	for (size_t k = 1; k < n; k++) {
		lo = ids[k] < lo ? ids[k] : lo;
		hi = ids[k] > hi ? ids[k] : hi;
	}
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	if (span < 64 * (uint64_t)n + 1024) {
		m->lo = lo;
		m->n_dense = (size_t)span + 1;
		if (!(m->dense = malloc(m->n_dense * sizeof *m->dense)))
			return err_set(e, ERR_NOMEM, "hết bộ nhớ (bảng mã số)");
		for (size_t k = 0; k < m->n_dense; k++)
			m->dense[k] = -1;
		for (size_t k = 0; k < n; k++)
			m->dense[ids[k] - lo] = idx ? idx[k] : (int)k;
		return 0;
	}
	if (!(m->sorted = malloc(n * sizeof *m->sorted)))
		return err_set(e, ERR_NOMEM, "hết bộ nhớ (bảng mã số)");
	for (size_t k = 0; k < n; k++)
		m->sorted[k] = (idmap_pair){ids[k], idx ? idx[k] : (int)k};
	qsort(m->sorted, n, sizeof *m->sorted, pair_cmp);
	m->n = n;
	return 0;
}

int idmap_find(const idmap *m, int64_t id)
{
	if (m->dense)
		return id >= m->lo && (uint64_t)(id - m->lo) < m->n_dense ? m->dense[id - m->lo] : -1;
	idmap_pair key = {id, 0};
	const idmap_pair *hit = m->n ? bsearch(&key, m->sorted, m->n, sizeof key, pair_cmp) : NULL;
	return hit ? hit->idx : -1;
}

void idmap_free(idmap *m)
{
	if (!m)
		return;
	free(m->dense);
	free(m->sorted);
	memset(m, 0, sizeof *m);
}
