/*
 * cmd_mapping.c - `chitieu mapping list|set|delete`: the DHIS2 exchange's
 * mapping (core/xmap.h), DHIS2 orgUnits to chitieu units and DHIS2 data
 * elements (with a categoryOptionCombo and an attributeOptionCombo) to
 * chitieu indicators, used by POST/GET /api/dataValueSets and
 * `chitieu export --format dhis2-*|adx`.
 *
 * Not for: the rules of a row or the lookups (core/xmap.c).
 */
#include "cli/cli.h"
#include "core/xmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_list(const cli_args *a, err *e)
{
	store *s = NULL;
	store_xmap *x = NULL;
	size_t n = 0;
	const char *kind = cli_get(a, "kind");
	store_xmap k;
	memset(&k, 0, sizeof k);
	if (kind) {
		snprintf(k.kind, sizeof k.kind, "%.15s", kind);
		snprintf(k.uid, sizeof k.uid, "x");
	}
	int rc = kind ? xmap_check_key(&k, e) : 0; /* the kind, normalised */
	if (rc || (rc = cli_open(a, &s, e)))
		return rc;
	if ((rc = store_xmap_list(s, kind ? k.kind : NULL, &x, &n, e)) == 0) {
		if (!n)
			printf("Chưa có ánh xạ DHIS2 nào: mã DHIS2 được hiểu là mã chitieu.\n");
		else
			printf("%-12s %-14s %-14s %-14s %-16s %-10s %s\n", "loại", "uid", "categoryOptCombo",
			       "attrOptCombo", "code", "→ mã", "name");
		for (size_t i = 0; i < n; i++)
			printf("%-12s %-14s %-14s %-14s %-16s %-10s %s\n", x[i].kind, x[i].uid, x[i].coc[0] ? x[i].coc : "-",
			       x[i].aoc[0] ? x[i].aoc : "-", x[i].code[0] ? x[i].code : "-", x[i].target, x[i].name);
	}
	free(x);
	store_close(s);
	return rc;
}

/* Copies option name into dst (size n): ERR_INVALID when too long. */
static int opt_copy(const cli_args *a, const char *name, char *dst, size_t n, err *e)
{
	const char *v = cli_get(a, name);
	dst[0] = '\0';
	if (!v)
		return 0;
	if (strlen(v) >= n)
		return err_set(e, ERR_INVALID, "--%s dài quá %zu byte", name, n - 1);
	snprintf(dst, n, "%s", v);
	return 0;
}

static int read_key(const cli_args *a, store_xmap *m, err *e)
{
	const char *k;
	int rc = cli_need(a, "kind", &k, e);
	rc = rc ? rc : cli_need(a, "uid", &k, e);
	rc = rc ? rc : opt_copy(a, "kind", m->kind, sizeof m->kind, e);
	rc = rc ? rc : opt_copy(a, "uid", m->uid, sizeof m->uid, e);
	rc = rc ? rc : opt_copy(a, "coc", m->coc, sizeof m->coc, e);
	return rc ? rc : opt_copy(a, "aoc", m->aoc, sizeof m->aoc, e);
}

static int cmd_set(const cli_args *a, err *e)
{
	store_xmap m;
	memset(&m, 0, sizeof m);
	const char *t;
	int rc = read_key(a, &m, e);
	rc = rc ? rc : cli_need(a, "target", &t, e);
	rc = rc ? rc : opt_copy(a, "target", m.target, sizeof m.target, e);
	rc = rc ? rc : opt_copy(a, "code", m.code, sizeof m.code, e);
	rc = rc ? rc : opt_copy(a, "name", m.name, sizeof m.name, e);
	if (rc)
		return rc;
	snprintf(m.changed_by, sizeof m.changed_by, "cli");
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	if (!(rc = xmap_check(s, &m, e)) && !(rc = store_xmap_put(s, &m, e)))
		printf("Đã ánh xạ %s %s%s%s%s%s → %s.\n", m.kind, m.uid, m.coc[0] ? " / " : "", m.coc,
		       m.aoc[0] ? " / " : "", m.aoc, m.target);
	store_close(s);
	return rc;
}

static int cmd_delete(const cli_args *a, err *e)
{
	store_xmap m;
	memset(&m, 0, sizeof m);
	int rc = read_key(a, &m, e);
	if (rc)
		return rc;
	store *s = NULL;
	/* the kind and the default combos normalised as set did */
	if ((rc = xmap_check_key(&m, e)) || (rc = cli_open(a, &s, e)))
		return rc;
	bool found = false;
	rc = store_xmap_delete(s, m.kind, m.uid, m.coc, m.aoc, &found, e);
	if (!rc && !found)
		rc = err_set(e, ERR_NOTFOUND, "không có ánh xạ %s %s%s%s%s%s", m.kind, m.uid, m.coc[0] ? " / " : "", m.coc,
			     m.aoc[0] ? " / " : "", m.aoc);
	else if (!rc)
		printf("Đã xóa ánh xạ %s %s.\n", m.kind, m.uid);
	store_close(s);
	return rc;
}

static const cli_opt list_opts[] = {
	{"kind", "LOẠI", "chỉ orgUnit hoặc dataElement"},
	{NULL, NULL, NULL},
};
static const cli_opt set_opts[] = {
	{"kind", "LOẠI", "orgUnit (đơn vị) hoặc dataElement (chỉ tiêu)"},
	{"uid", "UID", "mã UID của DHIS2 (11 ký tự, ví dụ fbfJHSPpUQD)"},
	{"coc", "UID", "categoryOptionCombo (dataElement; bỏ trống = mặc định)"},
	{"aoc", "UID", "attributeOptionCombo (dataElement; bỏ trống = mặc định)"},
	{"code", "MÃ", "mã (code) của DHIS2, cho idScheme=CODE"},
	{"name", "TÊN", "tên (name) của DHIS2, cho idScheme=NAME"},
	{"target", "MÃ", "mã đơn vị (orgUnit) hoặc mã chỉ tiêu (dataElement) của chitieu"},
	{NULL, NULL, NULL},
};
static const cli_opt delete_opts[] = {
	{"kind", "LOẠI", "orgUnit hoặc dataElement"},
	{"uid", "UID", "mã UID của DHIS2"},
	{"coc", "UID", "categoryOptionCombo (bỏ trống = mặc định)"},
	{"aoc", "UID", "attributeOptionCombo (bỏ trống = mặc định)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_mapping_cmds[] = {
	{"mapping", "list", 0, 0, NULL, list_opts, cmd_list, "Bảng ánh xạ mã DHIS2 sang mã chitieu",
	 "Không có ánh xạ: mã DHIS2 (dataElement, orgUnit) được hiểu là mã chỉ tiêu, mã đơn vị của chitieu."},
	{"mapping", "set", 0, 0, NULL, set_opts, cmd_set,
	 "Ánh xạ một orgUnit tới một đơn vị, hay một dataElement (+ categoryOptionCombo) tới một chỉ tiêu",
	 "Dùng khi nhập (POST /api/dataValueSets) và xuất (GET /api/dataValueSets, chitieu export\n"
	 "--format dhis2-json|dhis2-csv|adx), theo idScheme UID, CODE hoặc NAME.\n"
	 "Ví dụ: chitieu mapping set --kind orgUnit --uid ImspTQPwCqd --code OU_058 --target 058\n"
	 "       chitieu mapping set --kind dataElement --uid fbfJHSPpUQD --coc pq2XI5kz2BY --target KT01"},
	{"mapping", "delete", 0, 0, NULL, delete_opts, cmd_delete, "Xóa một dòng của bảng ánh xạ DHIS2", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
