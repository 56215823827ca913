/*
 * cmd_mapping.c - `chitieu mapping list|set|delete`: the DHIS2 exchange's
 * mapping (core/xmap.h), DHIS2 orgUnits to chitieu units and DHIS2 data
 * elements (with a categoryOptionCombo and an attributeOptionCombo) to
 * chitieu indicators, used by POST/GET /api/dataValueSets and
 * `chitieu export --format dhis2-*|adx`.
 *
 * `chitieu mapping import FILE` reads a DHIS2 metadata JSON file
 * (core/dhis2_meta.h): a dry run unless --apply is given.
 *
 * Not for: the rules of a row or the lookups (core/xmap.c), or the rules of
 * the metadata import (core/dhis2_meta.c).
 */
#include "cli/cli.h"
#include "core/dhis2_meta.h"
#include "core/xmap.h"

#include <errno.h>

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

#define META_FILE_MAX ((size_t)64 << 20) /* a metadata file: 64 MiB */

/* The Vietnamese word of an action, for the table. */
static const char *action_vi(dhis2_meta_action a)
{
	switch (a) {
	case DM_CREATE: return "tạo";
	case DM_UPDATE: return "sửa";
	case DM_SKIP: return "giữ";
	case DM_IGNORE: return "bỏ qua";
	case DM_CONFLICT: return "xung đột";
	}
	return "?";
}

static void print_meta(const dhis2_meta_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const dhis2_meta_item *it = &r->items[i];
		printf("%-9s %-16s %-12s%s%-12s", action_vi(it->action), it->object, it->id, it->coc[0] ? " / " : "",
		       it->coc);
		if (it->target[0])
			printf(" → %-14s %-16s", it->target, it->kind);
		if (it->property[0])
			printf(" %s=%s", it->property, it->value);
		if (it->msg[0])
			printf(" %s", it->msg);
		putchar('\n');
	}
	const size_t *u = r->units, *k = r->indicators;
	printf("Đơn vị: %zu tạo, %zu sửa, %zu giữ nguyên, %zu bỏ qua, %zu xung đột. Chỉ tiêu: %zu tạo, %zu sửa, "
	       "%zu giữ nguyên, %zu bỏ qua, %zu xung đột. Ánh xạ: %zu ghi, %zu đã có.\n",
	       u[DM_CREATE], u[DM_UPDATE], u[DM_SKIP], u[DM_IGNORE], u[DM_CONFLICT], k[DM_CREATE], k[DM_UPDATE], k[DM_SKIP],
	       k[DM_IGNORE], k[DM_CONFLICT], r->maps_written, r->maps_same);
	if (r->conflicts > r->conflicts_listed)
		printf("(chỉ liệt kê %zu trong %zu xung đột)\n", r->conflicts_listed, r->conflicts);
	if (r->written)
		printf("Đã nhập.\n");
	else if (r->dry_run && !r->conflicts)
		printf("Chạy thử: chưa ghi gì. Thêm --apply để nhập.\n");
}

static int cmd_import(const cli_args *a, err *e)
{
	const char *path = a->pos[0];
	dhis2_meta_opts o;
	memset(&o, 0, sizeof o);
	if (cli_flag(a, "apply") && cli_flag(a, "dry-run"))
		return err_set(e, ERR_INVALID, "--apply và --dry-run không dùng cùng nhau");
	o.dry_run = !cli_flag(a, "apply");
	o.update = cli_flag(a, "update");
	o.who = cli_who(a);
	const char *sv = cli_get(a, "sector");
	int rc = sv ? sector_from_code(sv, &o.sector, e) : 0;
	if (rc || (rc = cli_int(a, "max-level", 1, 32, &o.max_level, e)))
		return rc;
	bool in = !strcmp(path, "-");
	FILE *f = in ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "không mở được tệp %s (%s)", path, strerror(errno));
	buf b;
	buf_init(&b, META_FILE_MAX);
	rc = buf_read_stream(&b, f, in ? "dữ liệu vào" : path, e);
	if (!in)
		fclose(f);
	store *s = NULL;
	if (rc || (rc = cli_open(a, &s, e))) {
		buf_free(&b);
		return rc;
	}
	dhis2_meta_report r;
	rc = dhis2_meta_import(s, b.data ? b.data : "", b.len, &o, &r, e);
	buf_free(&b);
	store_close(s);
	if (rc == 0 || rc == ERR_CONFLICT) {
		if (cli_flag(a, "json")) {
			buf out;
			buf_init(&out, 0);
			int wrc = dhis2_meta_report_json(&r, &out);
			wrc = wrc ? wrc : buf_putc(&out, '\n');
			if (wrc)
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi viết báo cáo");
			else if ((wrc = cli_print(out.data, out.len, e)))
				rc = wrc;
			buf_free(&out);
		} else {
			print_meta(&r);
		}
	}
	dhis2_meta_report_free(&r);
	return rc;
}

static const cli_opt meta_import_opts[] = {
	{"dry-run", NULL, "chỉ báo sẽ tạo, sửa, giữ, bỏ qua gì (mặc định)"},
	{"apply", NULL, "nhập thật, trong một giao dịch (có xung đột thì không ghi gì)"},
	{"update", NULL, "sửa đơn vị, chỉ tiêu đã có (khớp theo ánh xạ rồi theo mã); không có thì giữ nguyên"},
	{"sector", "LĨNH VỰC", "lĩnh vực của chỉ tiêu mới (mặc định social)"},
	{"max-level", "N", "bỏ qua organisationUnits sâu hơn cấp N (cơ sở y tế, trường học...)"},
	{"json", NULL, "in bản tổng kết dạng JSON (như POST /api/exchange/metadata)"},
	{"by", "TÊN", "người nhập, ghi vào ánh xạ"},
	{NULL, NULL, NULL},
};

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
	{"mapping", "import", 1, 1, "TỆP", meta_import_opts, cmd_import,
	 "Nhập metadata DHIS2 (organisationUnits, dataElements) thành đơn vị, chỉ tiêu và ánh xạ",
	 "TỆP là JSON như GET /api/metadata của DHIS2 (\"-\" = đầu vào chuẩn). Mặc định chạy thử: báo sẽ tạo,\n"
	 "sửa, giữ, bỏ qua gì và các xung đột (đối tượng, mã DHIS2, trường); --apply để nhập thật.\n"
	 "organisationUnits: cấp trên tìm trong tệp, rồi theo ánh xạ, rồi theo mã; loại đơn vị theo chữ đầu\n"
	 "tên (Tỉnh, Xã, Phường...), tên cấp (organisationUnitLevels) hay số cấp (1 quốc gia, 2 tỉnh,\n"
	 "cấp sâu nhất xã). dataElements: valueType số (NUMBER, INTEGER*, PERCENTAGE, UNIT_INTERVAL),\n"
	 "kiểu khác (TEXT, BOOLEAN, DATE...) bỏ qua; aggregationType cho loại và cách tổng hợp; mỗi\n"
	 "categoryOptionCombo thành một chỉ tiêu. Đã có (khớp ánh xạ rồi mã): giữ nguyên, --update để sửa.\n"
	 "Ví dụ: chitieu mapping import metadata.json\n"
	 "       chitieu mapping import metadata.json --apply"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
