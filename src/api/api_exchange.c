/*
 * api_exchange.c - GET /api/dataValueSets (api_exchange.h). Reads DHIS2's
 * parameters: dataElement, orgUnit and period (each repeatable or a comma
 * list), children=true (the units' descendants too), startDate/endDate
 * (ISO dates: the periods within), lastUpdated (ISO date: values changed
 * since), and the format from format=json|csv|adx or the Accept header
 * (application/csv, text/csv, application/adx+xml), or the path's suffix
 * (/api/dataValueSets.json, .csv, .adx). An orgUnit the user may
 * not view is 403; without orgUnit, every unit the user may view. At most
 * API_DVS_MAX_ROWS values (413 beyond, saying how to narrow; the test-only
 * $CHITIEU_TEST_DVS_MAX_ROWS lowers it).
 *
 * Not for: writing the documents (core/dvs_export.c) or the import (api_bulk.c).
 */
#include "api/api_exchange.h"
#include "api/api_int.h"
#include "core/adx.h"
#include "core/dvs_export.h"
#include "core/xmap.h"
#include "api/api_bulk.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The values of one repeatable parameter, split at commas. */
typedef struct dvs_list {
	const char *param;       /* its name, for messages */
	char (*code)[CODE_MAX];
	size_t n, cap;
	http_req *r;
} dvs_list;

static int list_add(dvs_list *l, const char *s, size_t len)
{
	if (!len)
		return 0;
	if (len >= CODE_MAX)
		return http_fail(l->r, ERR_INVALID, l->param, "%s \"%.*s\" dài quá %d byte", l->param,
				 (int)(len > 60 ? 60 : len), s, CODE_MAX - 1);
	if (l->n >= API_DVS_MAX_CODES)
		return http_fail(l->r, ERR_INVALID, l->param, "quá %d giá trị %s trong một yêu cầu", API_DVS_MAX_CODES,
				 l->param);
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->code, cap * sizeof *l->code);
		if (!p)
			return http_fail(l->r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
		l->code = p;
		l->cap = cap;
	}
	memcpy(l->code[l->n], s, len);
	l->code[l->n++][len] = '\0';
	return 0;
}

/* http_query_each callback: one value, maybe a comma list. */
static int list_value(void *ctx, const char *v)
{
	dvs_list *l = ctx;
	for (const char *p = v;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		int rc = list_add(l, p, len);
		if (rc || !c)
			return rc;
		p = c + 1;
	}
}

static int list_read(http_req *r, const char *param, dvs_list *l)
{
	memset(l, 0, sizeof *l);
	l->param = param;
	l->r = r;
	return http_query_each(r, param, list_value, l);
}

/* The output format: format= first, then Accept; JSON by default. */
static int pick_format(http_req *r, dvs_format *out)
{
	const char *f = http_query(r, "format"), *dot = strrchr(r->path, '.');
	*out = DVS_JSON;
	if (dot && !strchr(dot, '/')) { /* /api/dataValueSets.csv: the path decides */
		*out = (dvs_format)dvs_format_parse(dot + 1);
		return 0;
	}
	if (f && *f) {
		int k = dvs_format_parse(f);
		if (k < 0)
			return http_fail(r, ERR_INVALID, "format",
					 "format phải là json, csv, adx, sdmx-csv hoặc sdmx-csv-2.1 (nhận: %.40s)", f);
		*out = (dvs_format)k;
		return 0;
	}
	const char *acc = http_header(r, "Accept");
	if (acc && strstr(acc, "application/adx+xml")) /* (application/xml is DHIS2's DXF2: not written) */
		*out = DVS_ADX;
	else if (acc && strstr(acc, "application/vnd.sdmx.data+csv")) /* version=1.0.0 is SDMX 2.1's */
		*out = strstr(acc, "version=1") ? DVS_SDMX21 : DVS_SDMX30;
	else if (acc && (strstr(acc, "application/csv") || strstr(acc, "text/csv")))
		*out = DVS_CSV;
	return 0;
}

/* An ISO date parameter ("2022-06-01", or the date part of "2022-06-01T10:00:00"). */
static int query_date(http_req *r, const char *name, cdate *out)
{
	const char *s = http_query(r, name);
	memset(out, 0, sizeof *out);
	if (!s || !*s)
		return 0;
	char d[11];
	size_t len = strlen(s);
	err e;
	err_clear(&e);
	if ((len != 10 && (len < 11 || s[10] != 'T')) || s[4] != '-')
		return http_fail(r, ERR_INVALID, name, "%s phải là ngày ISO yyyy-mm-dd (nhận: %.40s)", name, s);
	memcpy(d, s, 10);
	d[10] = '\0';
	int rc = vn_parse_date(d, out, &e);
	return rc ? http_fail(r, rc, name, "%s: %s", name, e.msg) : 0;
}

static int cmp_unit_ptr(const void *a, const void *b)
{
	return strcmp((*(const unit *const *)a)->code, (*(const unit *const *)b)->code);
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* The units to export into *units (malloc'd pointers into *all or ou): the
 * orgUnits asked (each visible, 403 otherwise) and with children=true their
 * descendants, or every unit the user may view. *none: nothing visible. */
static int pick_units(http_req *r, dvs_list *ou, bool children, unit **all, size_t *n_all,
		      const char ***units, size_t *n_units, bool *none)
{
	err e;
	err_clear(&e);
	*units = NULL;
	*n_units = 0;
	*none = false;
	for (size_t i = 0; i < ou->n; i++) {
		int rc = api_unit_visible(r, ou->code[i], "orgUnit");
		if (rc)
			return rc;
	}
	bool admin = r->who->user.role == ROLE_ADMIN;
	if (!ou->n && admin)
		return 0; /* every unit: no filter */
	if (ou->n && !children) {
		if (!(*units = malloc(ou->n * sizeof **units)))
			return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
		for (size_t i = 0; i < ou->n; i++)
			(*units)[i] = ou->code[i];
		*n_units = ou->n;
		return 0;
	}
	int rc = store_unit_list(r->store, NULL, NULL, all, n_all, &e); /* parents before children */
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	size_t n = *n_all ? *n_all : 1;
	bool *in = calloc(n, sizeof *in);
	const unit **by_code = malloc(n * sizeof *by_code); /* the units sorted by code, to find a parent */
	if (!in || !by_code || !(*units = malloc(n * sizeof **units))) {
		free(in);
		free(by_code);
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
	}
	for (size_t i = 0; i < *n_all; i++)
		by_code[i] = &(*all)[i];
	if (*n_all)
		qsort(by_code, *n_all, sizeof *by_code, cmp_unit_ptr);
	if (ou->n)
		qsort(ou->code, ou->n, sizeof *ou->code, cmp_code);
	for (size_t i = 0; i < *n_all; i++) {
		const unit *u = &(*all)[i];
		if (!ou->n) {
			in[i] = !auth_can_view(r->store, r->who, u->code, NULL);
		} else {
			in[i] = bsearch(u->code, ou->code, ou->n, sizeof *ou->code, cmp_code) != NULL;
			if (!in[i] && u->parent_code[0]) { /* a selected parent: listed before its children */
				unit key;
				const unit *kp = &key;
				snprintf(key.code, sizeof key.code, "%s", u->parent_code);
				const unit **hit = bsearch(&kp, by_code, *n_all, sizeof *by_code, cmp_unit_ptr);
				in[i] = hit && in[*hit - *all];
			}
		}
		if (in[i])
			(*units)[(*n_units)++] = u->code;
	}
	free(by_code);
	free(in);
	*none = *n_units == 0;
	return 0;
}

int api_dvs_export(http_req *r)
{
	dvs_list de, ou, pe;
	memset(&ou, 0, sizeof ou);
	memset(&pe, 0, sizeof pe);
	period *periods = NULL;
	unit *all = NULL;
	size_t n_all = 0;
	const char **units = NULL;
	size_t n_units = 0;
	bool none = false;
	const char **inds = NULL;
	dvs_format fmt;
	xmap *map = NULL;
	dvs_filter f;
	memset(&f, 0, sizeof f);
	err e;
	err_clear(&e);
	int rc = list_read(r, "dataElement", &de);
	if (!rc)
		rc = list_read(r, "orgUnit", &ou);
	if (!rc)
		rc = list_read(r, "period", &pe);
	if (!rc)
		rc = pick_format(r, &fmt);
	if (!rc)
		rc = query_date(r, "startDate", &f.start);
	if (!rc)
		rc = query_date(r, "endDate", &f.end);
	if (!rc)
		rc = query_date(r, "lastUpdated", &f.updated_since);
	if (rc)
		goto done;
	const char *ch = http_query(r, "children");
	if (ch && strcmp(ch, "true") && strcmp(ch, "false")) {
		rc = http_fail(r, ERR_INVALID, "children", "children phải là true hoặc false");
		goto done;
	}
	xmap_scheme de_sc, ou_sc;
	if ((rc = api_xmap_schemes(r, &de_sc, &ou_sc)))
		goto done;
	if ((rc = xmap_load(r->store, &map, &e))) {
		rc = http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	/* DHIS2's identifiers asked for: through the mapping when mapped (a data
	 * element with its default combo), else chitieu's own codes */
	for (size_t i = 0; i < ou.n; i++) {
		const char *t = xmap_unit_in(map, ou_sc, ou.code[i]);
		if (t)
			snprintf(ou.code[i], sizeof ou.code[i], "%s", t);
	}
	for (size_t i = 0; i < de.n; i++) {
		const char *t = xmap_indicator_in(map, de_sc, de.code[i], NULL, NULL);
		if (t)
			snprintf(de.code[i], sizeof de.code[i], "%s", t);
	}
	for (size_t i = 0; i < de.n; i++) {
		indicator ind;
		if ((rc = store_indicator_get(r->store, de.code[i], &ind, &e))) {
			rc = http_fail(r, rc, "dataElement", "%s", e.msg);
			goto done;
		}
	}
	if (pe.n && !(periods = calloc(pe.n, sizeof *periods))) {
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
		goto done;
	}
	for (size_t i = 0; i < pe.n; i++) /* a code (202206), or an ADX interval (2022-06-01/P1M) */
		if ((rc = strchr(pe.code[i], '/') ? adx_period_parse(pe.code[i], &periods[i], &e)
						  : period_parse(pe.code[i], &periods[i], &e))) {
			rc = http_fail(r, rc, "period", "%s", e.msg);
			goto done;
		}
	if ((rc = pick_units(r, &ou, ch && !strcmp(ch, "true"), &all, &n_all, &units, &n_units, &none)))
		goto done;
	if (de.n && !(inds = malloc(de.n * sizeof *inds))) {
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ (out of memory)");
		goto done;
	}
	for (size_t i = 0; i < de.n; i++)
		inds[i] = de.code[i];
	f.indicators = inds;
	f.n_indicators = de.n;
	f.units = units;
	f.n_units = n_units;
	f.periods = periods;
	f.n_periods = pe.n;
	f.max_rows = API_DVS_MAX_ROWS;
	f.map = map;
	f.de_scheme = (int)de_sc;
	f.ou_scheme = (int)ou_sc;
	const char *cap = getenv("CHITIEU_TEST_DVS_MAX_ROWS"); /* tests only: a small cap to reach */
	if (cap && atol(cap) > 0)
		f.max_rows = atol(cap);
	if (none) { /* nothing visible: an empty document, never "no filter" */
		static const char *const nothing[] = {""};
		f.units = nothing;
		f.n_units = 1;
	}
	r->content_type = dvs_format_mime(fmt);
	rc = dvs_export(r->store, &f, fmt, &r->out, NULL, NULL, &e);
	if (rc) {
		buf_reset(&r->out);
		buf_clear_failed(&r->out);
		r->content_type = NULL;
		rc = http_fail(r, rc, NULL, "%s", e.msg);
	}
done:
	xmap_free(map);
	free(de.code);
	free(ou.code);
	free(pe.code);
	free(periods);
	free(inds);
	free(units);
	free(all);
	return rc;
}
