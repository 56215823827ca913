/*
 * api_catalog.c - reading the catalogue: the unit tree (only the units the
 * user may view, parents before children, paginated), one unit, the
 * indicators and one indicator.
 *
 * Not for: changing the catalogue (administrator routes come later) or the
 * scope rules (auth_can_view decides).
 */
#include "api/api_int.h"

#include <stdlib.h>
#include <string.h>

/* Appends the page header fields and opens "items". */
static void page_open(buf *b)
{
	buf_puts(b, "{\"items\":[");
}

static int page_close(buf *b, size_t total, long limit, long offset)
{
	return buf_printf(b, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}\n", total, limit, offset);
}

int api_units_list(http_req *r)
{
	long limit, offset;
	int rc;
	if ((rc = api_query_int(r, "limit", 1, API_LIMIT_MAX, API_LIMIT_DEFAULT, &limit)) ||
	    (rc = api_query_int(r, "offset", 0, 1000000000L, 0, &offset)))
		return rc;
	const char *parent = http_query(r, "parent");
	if (parent && !*parent)
		parent = NULL;
	if (parent && (rc = api_query_need(r, "parent", &parent)))
		return rc;
	cdate on = {0, 0, 0};
	const char *on_s = http_query(r, "on");
	err e;
	err_clear(&e);
	if (on_s) {
		if ((rc = api_query_need(r, "on", &on_s)))
			return rc;
		if ((rc = vn_parse_date(on_s, &on, &e)))
			return http_fail(r, rc, "on", "%s", e.msg);
	}
	unit *u = NULL;
	size_t n = 0;
	if ((rc = store_unit_list(r->store, parent, on_s ? &on : NULL, &u, &n, &e)))
		return http_fail(r, rc, rc == ERR_NOTFOUND ? "parent" : NULL, "%s", e.msg);
	page_open(&r->out);
	size_t total = 0, shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (auth_can_view(r->store, r->who, u[i].code, NULL))
			continue;
		if (total++ < (size_t)offset || shown >= (size_t)limit)
			continue;
		if (shown++)
			buf_putc(&r->out, ',');
		api_write_unit(&r->out, &u[i]);
	}
	free(u);
	return page_close(&r->out, total, limit, offset);
}

int api_unit_visible(http_req *r, const char *code, const char *field)
{
	unit u;
	err e;
	err_clear(&e);
	int rc = store_unit_get(r->store, code, &u, &e);
	if (!rc)
		rc = auth_can_view(r->store, r->who, code, &e);
	return rc ? http_fail(r, rc, field, "%s", e.msg) : 0;
}

int api_unit_get(http_req *r)
{
	const char *code = http_param(r, "code");
	unit u;
	err e;
	err_clear(&e);
	int rc = store_unit_get(r->store, code, &u, &e);
	if (!rc)
		rc = auth_can_view(r->store, r->who, code, &e);
	if (rc)
		return http_fail(r, rc, "code", "%s", e.msg);
	api_write_unit(&r->out, &u);
	return buf_putc(&r->out, '\n');
}

int api_indicators_list(http_req *r)
{
	long limit, offset;
	int rc;
	if ((rc = api_query_int(r, "limit", 1, API_LIMIT_MAX, API_LIMIT_DEFAULT, &limit)) ||
	    (rc = api_query_int(r, "offset", 0, 1000000000L, 0, &offset)))
		return rc;
	err e;
	err_clear(&e);
	ind_sector only = 0;
	const char *sec = http_query(r, "sector");
	if (sec) {
		if ((rc = api_query_need(r, "sector", &sec)))
			return rc;
		if ((rc = sector_from_code(sec, &only, &e)))
			return http_fail(r, rc, "sector", "%s", e.msg);
	}
	indicator *ind = NULL;
	size_t n = 0;
	if ((rc = store_indicator_list(r->store, &ind, &n, &e)))
		return http_fail(r, rc, NULL, "%s", e.msg);
	page_open(&r->out);
	size_t total = 0, shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (only && ind[i].sector != only)
			continue;
		if (total++ < (size_t)offset || shown >= (size_t)limit)
			continue;
		if (shown++)
			buf_putc(&r->out, ',');
		api_write_indicator(&r->out, &ind[i]);
	}
	free(ind);
	return page_close(&r->out, total, limit, offset);
}

int api_indicator_get(http_req *r)
{
	indicator ind;
	err e;
	err_clear(&e);
	int rc = store_indicator_get(r->store, http_param(r, "code"), &ind, &e);
	if (rc)
		return http_fail(r, rc, "code", "%s", e.msg);
	api_write_indicator(&r->out, &ind);
	return buf_putc(&r->out, '\n');
}
