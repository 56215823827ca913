/*
 * xmap.c - the DHIS2 exchange's mapping (xmap.h): rows checked, loaded into
 * sorted arrays of pointers (one per idScheme and direction), looked up by
 * binary search, and put in front of an import's reader.
 */
#include "core/xmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct xmap {
	store_xmap *rows;
	size_t n;
	const store_xmap **ou[3], **de[3]; /* by the scheme's key (then coc, aoc); empty keys left out */
	size_t n_ou[3], n_de[3];
	const store_xmap **ou_t, **de_t;   /* by target, then uid, coc, aoc */
	size_t n_ou_t, n_de_t;
};

int xmap_scheme_parse(const char *s)
{
	if (!s || !*s || !strcasecmp(s, "UID") || !strcasecmp(s, "ID"))
		return XMAP_UID;
	if (!strcasecmp(s, "CODE"))
		return XMAP_CODE;
	if (!strcasecmp(s, "NAME"))
		return XMAP_NAME;
	return -1;
}

bool xmap_combo_default(const char *c)
{
	return !c || !*c || !strcmp(c, "default") || !strcmp(c, "HllvX50cXC0");
}

const char *xmap_id_of(const store_xmap *r, xmap_scheme sc)
{
	const char *k = sc == XMAP_CODE ? r->code : sc == XMAP_NAME ? r->name : r->uid;
	return k[0] ? k : r->uid;
}

/* An identifier: not empty unless optional, fits, no control characters, no blanks at the ends. */
static int check_id(const char *field, const char *v, size_t max, bool optional, err *e)
{
	size_t len = strlen(v);
	if (!len)
		return optional ? 0 : err_set(e, ERR_INVALID, "%s: thiếu (bắt buộc)", field);
	if (len >= max)
		return err_set(e, ERR_INVALID, "%s: dài quá %zu byte", field, max - 1);
	if (v[0] == ' ' || v[len - 1] == ' ')
		return err_set(e, ERR_INVALID, "%s: '%s' có khoảng trắng ở đầu hoặc cuối", field, v);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, ERR_INVALID, "%s: có ký tự điều khiển", field);
	return 0;
}

int xmap_check_key(store_xmap *m, err *e)
{
	if (!strcmp(m->kind, "ou") || !strcasecmp(m->kind, "orgunit"))
		snprintf(m->kind, sizeof m->kind, "%s", XMAP_KIND_OU);
	else if (!strcmp(m->kind, "de") || !strcasecmp(m->kind, "dataelement"))
		snprintf(m->kind, sizeof m->kind, "%s", XMAP_KIND_DE);
	else
		return err_set(e, ERR_INVALID, "kind: phải là orgUnit hoặc dataElement (nhận: '%.20s')", m->kind);
	bool de = !strcmp(m->kind, XMAP_KIND_DE);
	if (xmap_combo_default(m->coc))
		m->coc[0] = '\0';
	if (xmap_combo_default(m->aoc))
		m->aoc[0] = '\0';
	int rc = check_id("uid", m->uid, sizeof m->uid, false, e);
	rc = rc ? rc : check_id("code", m->code, sizeof m->code, true, e);
	rc = rc ? rc : check_id("name", m->name, sizeof m->name, true, e);
	rc = rc ? rc : check_id("categoryOptionCombo", m->coc, sizeof m->coc, true, e);
	rc = rc ? rc : check_id("attributeOptionCombo", m->aoc, sizeof m->aoc, true, e);
	rc = rc ? rc : check_id("target", m->target, sizeof m->target, true, e);
	if (rc)
		return rc;
	if (!de && (m->coc[0] || m->aoc[0]))
		return err_set(e, ERR_INVALID, "categoryOptionCombo: chỉ dùng cho dataElement, không cho orgUnit");
	return 0;
}

int xmap_check(struct store *s, store_xmap *m, err *e)
{
	int rc = xmap_check_key(m, e);
	if (rc)
		return rc;
	if (!m->target[0])
		return err_set(e, ERR_INVALID, "target: thiếu (bắt buộc): mã đơn vị hoặc mã chỉ tiêu của chitieu");
	if (!strcmp(m->kind, XMAP_KIND_DE)) {
		indicator ind;
		rc = store_indicator_get(s, m->target, &ind, e);
	} else {
		unit u;
		rc = store_unit_get(s, m->target, &u, e);
	}
	return rc;
}

/* ---- the indexes ------------------------------------------------------------ */

static const char *key_of(const store_xmap *r, xmap_scheme sc)
{
	return sc == XMAP_CODE ? r->code : sc == XMAP_NAME ? r->name : r->uid;
}

static int cmp_key(const store_xmap *a, const store_xmap *b, xmap_scheme sc)
{
	int c = strcmp(key_of(a, sc), key_of(b, sc));
	if (!c)
		c = strcmp(a->coc, b->coc);
	return c ? c : strcmp(a->aoc, b->aoc);
}

static int cmp_uid(const void *a, const void *b)
{
	return cmp_key(*(const store_xmap *const *)a, *(const store_xmap *const *)b, XMAP_UID);
}

static int cmp_code(const void *a, const void *b)
{
	return cmp_key(*(const store_xmap *const *)a, *(const store_xmap *const *)b, XMAP_CODE);
}

static int cmp_name(const void *a, const void *b)
{
	return cmp_key(*(const store_xmap *const *)a, *(const store_xmap *const *)b, XMAP_NAME);
}

static int cmp_target(const void *a, const void *b)
{
	const store_xmap *x = *(const store_xmap *const *)a, *y = *(const store_xmap *const *)b;
	int c = strcmp(x->target, y->target);
	return c ? c : cmp_key(x, y, XMAP_UID);
}

static int (*const CMP[3])(const void *, const void *) = {cmp_uid, cmp_code, cmp_name};

void xmap_free(xmap *m)
{
	if (!m)
		return;
	for (int k = 0; k < 3; k++) {
		free(m->ou[k]);
		free(m->de[k]);
	}
	free(m->ou_t);
	free(m->de_t);
	free(m->rows);
	free(m);
}

int xmap_load(struct store *s, xmap **out, err *e)
{
	*out = NULL;
	xmap *m = calloc(1, sizeof *m);
	if (!m)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ (bảng ánh xạ DHIS2)");
	int rc = store_xmap_list(s, NULL, &m->rows, &m->n, e);
	if (rc) {
		xmap_free(m);
		return rc;
	}
	size_t cap = m->n ? m->n : 1;
	for (int k = 0; k < 3; k++)
		if (!(m->ou[k] = malloc(cap * sizeof *m->ou[k])) || !(m->de[k] = malloc(cap * sizeof *m->de[k])))
			rc = ERR_NOMEM;
	if (rc || !(m->ou_t = malloc(cap * sizeof *m->ou_t)) || !(m->de_t = malloc(cap * sizeof *m->de_t))) {
		xmap_free(m);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ (bảng ánh xạ DHIS2)");
	}
	for (size_t i = 0; i < m->n; i++) {
		const store_xmap *r = &m->rows[i];
		bool de = !strcmp(r->kind, XMAP_KIND_DE);
		for (int k = 0; k < 3; k++)
			if (key_of(r, (xmap_scheme)k)[0]) {
				if (de)
					m->de[k][m->n_de[k]++] = r;
				else
					m->ou[k][m->n_ou[k]++] = r;
			}
		if (de)
			m->de_t[m->n_de_t++] = r;
		else
			m->ou_t[m->n_ou_t++] = r;
	}
	for (int k = 0; k < 3; k++) {
		qsort(m->ou[k], m->n_ou[k], sizeof *m->ou[k], CMP[k]);
		qsort(m->de[k], m->n_de[k], sizeof *m->de[k], CMP[k]);
	}
	qsort(m->ou_t, m->n_ou_t, sizeof *m->ou_t, cmp_target);
	qsort(m->de_t, m->n_de_t, sizeof *m->de_t, cmp_target);
	*out = m;
	return 0;
}

/* The row of key (scheme sc) in the sorted arr, NULL when none. */
static const store_xmap *find(const store_xmap **arr, size_t n, xmap_scheme sc, const char *id, const char *coc,
			      const char *aoc)
{
	store_xmap key;
	size_t room = sc == XMAP_NAME ? sizeof key.name : sizeof key.uid;
	if (!n || !id || strlen(id) >= room)
		return NULL;
	memset(&key, 0, sizeof key);
	snprintf(sc == XMAP_CODE ? key.code : sc == XMAP_NAME ? key.name : key.uid, room, "%s", id);
	if (!xmap_combo_default(coc))
		snprintf(key.coc, sizeof key.coc, "%s", coc);
	if (!xmap_combo_default(aoc))
		snprintf(key.aoc, sizeof key.aoc, "%s", aoc);
	if ((coc && strlen(coc) >= sizeof key.coc) || (aoc && strlen(aoc) >= sizeof key.aoc))
		return NULL;
	const store_xmap *kp = &key;
	const store_xmap **hit = bsearch(&kp, arr, n, sizeof *arr, CMP[sc]);
	return hit ? *hit : NULL;
}

const char *xmap_unit_in(const xmap *m, xmap_scheme sc, const char *id)
{
	const store_xmap *r = m ? find(m->ou[sc], m->n_ou[sc], sc, id, NULL, NULL) : NULL;
	return r ? r->target : NULL;
}

const char *xmap_indicator_in(const xmap *m, xmap_scheme sc, const char *de, const char *coc, const char *aoc)
{
	const store_xmap *r = m ? find(m->de[sc], m->n_de[sc], sc, de, coc, aoc) : NULL;
	return r ? r->target : NULL;
}

/* The first row of arr (sorted by target) whose target is code. */
static const store_xmap *find_target(const store_xmap **arr, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(arr[mid]->target, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(arr[lo]->target, code) ? arr[lo] : NULL;
}

const store_xmap *xmap_unit_out(const xmap *m, const char *unit_code)
{
	return m ? find_target(m->ou_t, m->n_ou_t, unit_code) : NULL;
}

const store_xmap *xmap_indicator_out(const xmap *m, const char *indicator_code)
{
	return m ? find_target(m->de_t, m->n_de_t, indicator_code) : NULL;
}

/* ---- in front of an import's reader ---------------------------------------- */

static const char *const SCHEME_NAME[3] = {"UID", "CODE", "NAME"};

int xmap_next(void *ctx, import_in *row, err *e)
{
	xmap_reader *x = ctx;
	int rc = x->next(x->next_ctx, row, e);
	if (rc != 1 || row->bad_msg)
		return rc;
	const char *ou = row->text[IMPORT_F_UNIT], *de = row->text[IMPORT_F_INDICATOR];
	char msg[300];
	if (ou && *ou) {
		const char *t = xmap_unit_in(x->map, x->ou_scheme, ou);
		if (t) {
			row->text[IMPORT_F_UNIT] = t;
		} else if (x->ou_scheme == XMAP_NAME) {
			snprintf(msg, sizeof msg,
				 "orgUnit '%.80s' (orgUnitIdScheme NAME) chưa được ánh xạ tới đơn vị nào "
				 "(unmapped; xem chitieu mapping)", ou);
			import_in_bad(row, &x->bad, row->name[IMPORT_F_UNIT] ? row->name[IMPORT_F_UNIT] : "orgUnit", ou, msg);
			return 1;
		}
	}
	if (de && *de) {
		const char *t = xmap_indicator_in(x->map, x->de_scheme, de, row->coc, row->aoc);
		if (t) {
			row->text[IMPORT_F_INDICATOR] = t;
		} else if (x->de_scheme == XMAP_NAME || !xmap_combo_default(row->coc) || !xmap_combo_default(row->aoc)) {
			snprintf(msg, sizeof msg,
				 "dataElement '%.60s'%s%.60s%s%s%.60s%s (dataElementIdScheme %s) chưa được ánh xạ tới "
				 "chỉ tiêu nào (unmapped; xem chitieu mapping)",
				 de, xmap_combo_default(row->coc) ? "" : " categoryOptionCombo '",
				 xmap_combo_default(row->coc) ? "" : row->coc, xmap_combo_default(row->coc) ? "" : "'",
				 xmap_combo_default(row->aoc) ? "" : " attributeOptionCombo '",
				 xmap_combo_default(row->aoc) ? "" : row->aoc, xmap_combo_default(row->aoc) ? "" : "'",
				 SCHEME_NAME[x->de_scheme]);
			import_in_bad(row, &x->bad, row->name[IMPORT_F_INDICATOR] ? row->name[IMPORT_F_INDICATOR] : "dataElement", de,
			    msg);
			return 1;
		}
	}
	return 1;
}
