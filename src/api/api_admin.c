/*
 * api_admin.c - changing the catalogue over JSON (agencies, units with their
 * validity dates and merger links, indicators by the English code names of
 * model.h), the targets (list filtered to the units the user may view, set,
 * delete, audit history with the administrator as author) and deleting a
 * value (audited, for users who may enter it). Also the body-field reader
 * with integers, lengths and code lists that api_users.c shares.
 *
 * Not for: who may call a route (the table says admin or login; src/http
 * checks it) or the scope rules (auth_can_view / auth_can_enter decide).
 */
#include "api/api_admin.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "util/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading bodies --------------------------------------------------- */


int api_adm_page(http_req *r, long *limit, long *offset)
{
	int rc = api_query_int(r, "limit", 1, API_LIMIT_MAX, API_LIMIT_DEFAULT, limit);
	if (!rc)
		rc = api_query_int(r, "offset", 0, 1000000000L, 0, offset);
	return rc;
}

static int page_close(buf *b, size_t total, long limit, long offset)
{
	return buf_printf(b, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}\n", total, limit, offset);
}

/* True when the item at running index *total belongs to the page; counts it. */
static bool page_take(size_t *total, size_t *shown, long limit, long offset)
{
	if ((*total)++ < (size_t)offset || *shown >= (size_t)limit)
		return false;
	(*shown)++;
	return true;
}

/* A new code: 1..CODE_MAX-1 of A-Z a-z 0-9 . _ - (what paths and CSV carry safely). */
static int code_ok(http_req *r, const char *code, const char *field)
{
	size_t n = strlen(code);
	if (!n || n >= CODE_MAX)
		return http_fail(r, ERR_INVALID, field, "mã \"%s\" phải dài 1-%d ký tự", code, CODE_MAX - 1);
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-'))
			return http_fail(r, ERR_INVALID, field,
					 "mã \"%s\" chỉ được có chữ cái không dấu, chữ số, '.', '_', '-'", code);
	}
	return 0;
}

/* The body as an object checked against fields; *j freed by the caller with json_decref. */
static int read_body(http_req *r, json_t **j, const api_field *f, size_t n, api_val *v)
{
	int rc = api_json_body(r, j);
	return rc ? rc : api_json_fields(r, *j, f, n, v);
}

/* A store error as the answer: the code's status, naming field. */
static int fail_e(http_req *r, const err *e, int rc, const char *field)
{
	return http_fail(r, rc, field, "%s", e->msg[0] ? e->msg : "lỗi");
}

/* ---- agencies ----------------------------------------------------------- */

static void write_agency(buf *b, const agency *a)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "code", a->code, true);
	jsonw_kv_str(b, "name", a->name, false);
	buf_putc(b, '}');
}

int api_agencies_list(http_req *r)
{
	long limit, offset;
	int rc = api_adm_page(r, &limit, &offset);
	if (rc)
		return rc;
	agency *a = NULL;
	size_t n = 0, total = 0, shown = 0;
	err e;
	err_clear(&e);
	if ((rc = store_agency_list(r->store, &a, &n, &e)))
		return fail_e(r, &e, rc, NULL);
	buf_puts(&r->out, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		if (!page_take(&total, &shown, limit, offset))
			continue;
		if (shown > 1)
			buf_putc(&r->out, ',');
		write_agency(&r->out, &a[i]);
	}
	free(a);
	return page_close(&r->out, total, limit, offset);
}

static int agency_save(http_req *r, agency *a, bool create)
{
	err e;
	err_clear(&e);
	agency old;
	int rc = store_agency_get(r->store, a->code, &old, &e);
	if (create && !rc)
		return http_fail(r, ERR_CONFLICT, "code", "cơ quan %s đã có (%s)", a->code, old.name);
	if (!create && rc)
		return fail_e(r, &e, rc, "code");
	if ((rc = store_agency_put(r->store, a, &e)))
		return fail_e(r, &e, rc, NULL);
	if (create)
		r->status = 201;
	write_agency(&r->out, a);
	return buf_putc(&r->out, '\n');
}

int api_agency_post(http_req *r)
{
	static const api_field f[] = {
		{"code", API_STR, true, CODE_MAX, 0, 0},
		{"name", API_STR, true, NAME_MAX_, 0, 0},
	};
	api_val v[2];
	json_t *j = NULL;
	agency a;
	memset(&a, 0, sizeof a);
	int rc = read_body(r, &j, f, 2, v);
	if (!rc && !(rc = code_ok(r, v[0].s, "code")) && !(rc = api_json_text(r, a.code, sizeof a.code, v[0].s, "code")) &&
	    !(rc = api_json_text(r, a.name, sizeof a.name, v[1].s, "name")))
		rc = agency_save(r, &a, true);
	json_decref(j);
	return rc;
}

int api_agency_put(http_req *r)
{
	static const api_field f[] = {
		{"name", API_STR, true, NAME_MAX_, 0, 0},
	};
	api_val v[1];
	json_t *j = NULL;
	agency a;
	memset(&a, 0, sizeof a);
	snprintf(a.code, sizeof a.code, "%s", http_param(r, "code"));
	int rc = read_body(r, &j, f, 1, v);
	if (!rc && !(rc = api_json_text(r, a.name, sizeof a.name, v[0].s, "name")))
		rc = agency_save(r, &a, false);
	json_decref(j);
	return rc;
}

/* ---- units -------------------------------------------------------------- */

static const api_field unit_fields[] = {
	{"code", API_STR, false, CODE_MAX, 0, 0},
	{"name", API_STR, false, NAME_MAX_, 0, 0},
	{"type", API_STR, false, 64, 0, 0},
	{"parent", API_STR, false, CODE_MAX, 0, 0},
	{"valid_from", API_STR, false, 32, 0, 0},
	{"valid_to", API_STR, false, 32, 0, 0},
};
enum { U_CODE, U_NAME, U_TYPE, U_PARENT, U_FROM, U_TO, U_N };

/* A date field: "" clears it, else dd/mm/yyyy or yyyy-mm-dd. */
static int date_field(http_req *r, const api_val *v, const char *field, cdate *out)
{
	if (!v->present)
		return 0;
	if (!v->s[0]) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	err e;
	err_clear(&e);
	int rc = vn_parse_date(v->s, out, &e);
	return rc ? http_fail(r, rc, field, "%s", e.msg) : 0;
}

/* Applies the given fields to u and saves it (create: the code must be new). */
static int unit_save(http_req *r, unit *u, const api_val *v, bool create)
{
	int rc;
	err e;
	err_clear(&e);
	unit old;
	if (create && !store_unit_get(r->store, u->code, &old, &e))
		return http_fail(r, ERR_CONFLICT, "code", "đơn vị %s đã có (%s)", u->code, old.name);
	if (v[U_NAME].present) {
		if (!v[U_NAME].s[0])
			return http_fail(r, ERR_INVALID, "name", "thiếu tên đơn vị (name)");
		if ((rc = api_json_text(r, u->name, sizeof u->name, v[U_NAME].s, "name")))
			return rc;
	}
	if (v[U_TYPE].present && (rc = unit_type_from_code(v[U_TYPE].s, &u->type, &e)))
		return fail_e(r, &e, rc, "type");
	if (v[U_PARENT].present) {
		unit p;
		if (v[U_PARENT].s[0] && (rc = store_unit_get(r->store, v[U_PARENT].s, &p, &e)))
			return fail_e(r, &e, rc, "parent");
		snprintf(u->parent_code, sizeof u->parent_code, "%s", v[U_PARENT].s);
	}
	if ((rc = date_field(r, &v[U_FROM], "valid_from", &u->valid_from)) ||
	    (rc = date_field(r, &v[U_TO], "valid_to", &u->valid_to)))
		return rc;
	if (!cdate_is_none(u->valid_from) && !cdate_is_none(u->valid_to) && cdate_cmp(u->valid_from, u->valid_to) > 0)
		return http_fail(r, ERR_INVALID, "valid_to", "đơn vị %s: ngày hết hiệu lực trước ngày bắt đầu", u->code);
	if ((rc = unit_check(u, &e)))
		return fail_e(r, &e, rc, NULL);
	if ((rc = store_unit_put(r->store, u, &e)))
		/* validity outside the parent's, a cycle: the tree's rule, named by the message */
		return fail_e(r, &e, rc, rc == ERR_NOTFOUND ? "parent" : v[U_PARENT].present ? "parent" : "valid_from");
	if ((rc = store_unit_get(r->store, u->code, &old, &e)))
		return fail_e(r, &e, rc, NULL);
	if (create)
		r->status = 201;
	api_write_unit(&r->out, &old);
	return buf_putc(&r->out, '\n');
}

int api_unit_post(http_req *r)
{
	api_val v[U_N];
	json_t *j = NULL;
	unit u;
	memset(&u, 0, sizeof u);
	int rc = read_body(r, &j, unit_fields, U_N, v);
	if (rc)
		goto done;
	const char *need[] = {"code", "name", "type"};
	for (int i = 0; i < 3; i++)
		if (!v[i].present || !v[i].s[0]) {
			rc = http_fail(r, ERR_INVALID, need[i], "thiếu trường \"%s\"", need[i]);
			goto done;
		}
	if ((rc = code_ok(r, v[U_CODE].s, "code")))
		goto done;
	snprintf(u.code, sizeof u.code, "%s", v[U_CODE].s);
	rc = unit_save(r, &u, v, true);
done:
	json_decref(j);
	return rc;
}

int api_unit_put(http_req *r)
{
	api_val v[U_N];
	json_t *j = NULL;
	unit u;
	err e;
	err_clear(&e);
	const char *code = http_param(r, "code");
	int rc = read_body(r, &j, unit_fields, U_N, v);
	if (rc)
		goto done;
	if ((rc = store_unit_get(r->store, code, &u, &e))) {
		fail_e(r, &e, rc, "code");
		goto done;
	}
	if (v[U_CODE].present && strcmp(v[U_CODE].s, u.code)) {
		rc = http_fail(r, ERR_INVALID, "code", "không đổi được mã đơn vị %s (tạo đơn vị mới và liên kết "
				"bằng POST /api/units/%s/links)", u.code, v[U_CODE].s);
		goto done;
	}
	rc = unit_save(r, &u, v, false);
done:
	json_decref(j);
	return rc;
}

int api_unit_link_post(http_req *r)
{
	static const api_field f[] = {
		{"from", API_STR, true, CODE_MAX, 0, 0},
		{"date", API_STR, true, 32, 0, 0},
	};
	api_val v[2];
	json_t *j = NULL;
	const char *code = http_param(r, "code");
	unit u, from;
	cdate d;
	err e;
	err_clear(&e);
	int rc = read_body(r, &j, f, 2, v);
	if (rc)
		goto done;
	if ((rc = store_unit_get(r->store, code, &u, &e))) {
		fail_e(r, &e, rc, "code");
		goto done;
	}
	if ((rc = store_unit_get(r->store, v[0].s, &from, &e))) {
		fail_e(r, &e, rc, "from");
		goto done;
	}
	if (!strcmp(u.code, from.code)) {
		rc = http_fail(r, ERR_INVALID, "from", "đơn vị %s không thể được hình thành từ chính nó", u.code);
		goto done;
	}
	if ((rc = date_field(r, &v[1], "date", &d)))
		goto done;
	if ((rc = store_unit_link_add(r->store, u.code, from.code, d, &e))) {
		fail_e(r, &e, rc, NULL);
		goto done;
	}
	r->status = 201;
	buf_putc(&r->out, '{');
	jsonw_kv_str(&r->out, "code", u.code, true);
	jsonw_kv_str(&r->out, "from", from.code, true);
	buf_puts(&r->out, "\"date\":\"");
	vn_format_date_iso(&r->out, d);
	buf_puts(&r->out, "\"}\n");
done:
	json_decref(j);
	return rc;
}

int api_unit_links_get(http_req *r)
{
	long limit, offset;
	const char *code = http_param(r, "code");
	unit u;
	err e;
	err_clear(&e);
	int rc = api_adm_page(r, &limit, &offset);
	if (rc)
		return rc;
	if ((rc = store_unit_get(r->store, code, &u, &e)) || (rc = auth_can_view(r->store, r->who, code, &e)))
		return fail_e(r, &e, rc, "code");
	unit_link *l = NULL;
	size_t n = 0, total = 0, shown = 0;
	if ((rc = store_unit_link_list(r->store, NULL, &l, &n, &e)))
		return fail_e(r, &e, rc, NULL);
	buf_puts(&r->out, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		bool pred = !strcmp(l[i].code, u.code), succ = !strcmp(l[i].from_code, u.code);
		if (!pred && !succ)
			continue;
		/* the unit at the other end is shown only to those who may view it */
		if (auth_can_view(r->store, r->who, pred ? l[i].from_code : l[i].code, NULL))
			continue;
		if (!page_take(&total, &shown, limit, offset))
			continue;
		buf_puts(&r->out, shown > 1 ? ",{" : "{");
		jsonw_kv_str(&r->out, "code", l[i].code, true);
		jsonw_kv_str(&r->out, "from", l[i].from_code, true);
		buf_puts(&r->out, "\"date\":\"");
		vn_format_date_iso(&r->out, l[i].date);
		buf_printf(&r->out, "\",\"relation\":\"%s\"}", pred ? "predecessor" : "successor");
	}
	free(l);
	return page_close(&r->out, total, limit, offset);
}

/* ---- indicators --------------------------------------------------------- */

static const api_field ind_fields[] = {
	{"code", API_STR, false, CODE_MAX, 0, 0},
	{"name", API_STR, false, NAME_MAX_, 0, 0},
	{"name_en", API_STR, false, NAME_MAX_, 0, 0},
	{"uom", API_STR, false, UOM_MAX, 0, 0},
	{"uom_scale", API_INT, false, 0, 0, 18},
	{"decimals", API_INT, false, 0, 0, 4},
	{"sector", API_STR, false, 64, 0, 0},
	{"kind", API_STR, false, 64, 0, 0},
	{"direction", API_STR, false, 64, 0, 0},
	{"rollup", API_STR, false, 64, 0, 0},
	{"frequency", API_STR, false, 64, 0, 0},
	{"agency", API_STR, false, CODE_MAX, 0, 0},
	{"numerator", API_STR, false, CODE_MAX, 0, 0},
	{"denominator", API_STR, false, CODE_MAX, 0, 0},
	{"ratio_scale", API_INT, false, 0, 1, 1000000},
	{"weight", API_STR, false, CODE_MAX, 0, 0},
	{"sort_order", API_INT, false, 0, 0, 1000000},
	{"value_type", API_STR, false, 64, 0, 0},
	{"min", API_NUM, false, 0, 0, 0},
	{"max", API_NUM, false, 0, 0, 0},
	{"synonyms", API_STR, false, SYNONYMS_MAX, 0, 0},
};
enum {
	I_CODE, I_NAME, I_NAME_EN, I_UOM, I_SCALE, I_DEC, I_SECTOR, I_KIND, I_DIR, I_ROLLUP, I_FREQ,
	I_AGENCY, I_NUM, I_DEN, I_RSCALE, I_WEIGHT, I_ORDER, I_VTYPE, I_MIN, I_MAX, I_SYN, I_N
};

/* An optional code naming an existing agency ("" clears it). */
static int ref_agency(http_req *r, const api_val *v, char *dst, size_t n)
{
	if (!v->present)
		return 0;
	agency a;
	err e;
	err_clear(&e);
	int rc;
	if (v->s[0] && (rc = store_agency_get(r->store, v->s, &a, &e)))
		return fail_e(r, &e, rc, "agency");
	snprintf(dst, n, "%s", v->s);
	return 0;
}

/* An optional code naming another existing indicator ("" clears it). */
static int ref_ind(http_req *r, const api_val *v, const char *self, const char *field, char *dst, size_t n)
{
	if (!v->present)
		return 0;
	indicator o;
	err e;
	err_clear(&e);
	int rc;
	if (v->s[0] && !strcmp(v->s, self))
		return http_fail(r, ERR_INVALID, field, "chỉ tiêu %s không thể tham chiếu chính nó", self);
	if (v->s[0] && (rc = store_indicator_get(r->store, v->s, &o, &e)))
		return fail_e(r, &e, rc, field);
	snprintf(dst, n, "%s", v->s);
	return 0;
}

static int ind_save(http_req *r, indicator *d, const api_val *v, const json_t *j, bool create)
{
	int rc;
	err e;
	err_clear(&e);
	/* min and max: a number sets the bound, null removes it, absent keeps it */
	if (v[I_MIN].present || json_is_null(json_object_get(j, "min"))) {
		d->has_min = v[I_MIN].present;
		d->min = v[I_MIN].present ? v[I_MIN].n : 0;
	}
	if (v[I_MAX].present || json_is_null(json_object_get(j, "max"))) {
		d->has_max = v[I_MAX].present;
		d->max = v[I_MAX].present ? v[I_MAX].n : 0;
	}
	if (v[I_VTYPE].present && (rc = value_type_from_code(v[I_VTYPE].s, &d->value_type, &e)))
		return fail_e(r, &e, rc, "value_type");
	if ((v[I_NAME].present && (rc = api_json_text(r, d->name_vi, sizeof d->name_vi, v[I_NAME].s, "name"))) ||
	    (v[I_NAME_EN].present && (rc = api_json_text(r, d->name_en, sizeof d->name_en, v[I_NAME_EN].s, "name_en"))) ||
	    (v[I_SYN].present && (rc = api_json_text(r, d->synonyms, sizeof d->synonyms, v[I_SYN].s, "synonyms"))) ||
	    (v[I_UOM].present && (rc = api_json_text(r, d->uom, sizeof d->uom, v[I_UOM].s, "uom"))))
		return rc;
	if (!d->name_vi[0])
		return http_fail(r, ERR_INVALID, "name", "thiếu tên chỉ tiêu (name)");
	if (v[I_SCALE].present)
		d->uom_scale = (int)v[I_SCALE].i;
	if (v[I_DEC].present)
		d->decimals = (int)v[I_DEC].i;
	if (v[I_RSCALE].present)
		d->ratio_scale = (int)v[I_RSCALE].i;
	if (v[I_ORDER].present)
		d->sort_order = (int)v[I_ORDER].i;
	if (v[I_SECTOR].present && (rc = sector_from_code(v[I_SECTOR].s, &d->sector, &e)))
		return fail_e(r, &e, rc, "sector");
	if (v[I_KIND].present && (rc = ind_kind_from_code(v[I_KIND].s, &d->kind, &e)))
		return fail_e(r, &e, rc, "kind");
	if (v[I_DIR].present && (rc = direction_from_code(v[I_DIR].s, &d->direction, &e)))
		return fail_e(r, &e, rc, "direction");
	if (v[I_ROLLUP].present && (rc = rollup_from_code(v[I_ROLLUP].s, &d->rollup, &e)))
		return fail_e(r, &e, rc, "rollup");
	if (v[I_FREQ].present && (rc = freq_from_code(v[I_FREQ].s, &d->freq, &e)))
		return fail_e(r, &e, rc, "frequency");
	if ((rc = ref_agency(r, &v[I_AGENCY], d->agency_code, sizeof d->agency_code)) ||
	    (rc = ref_ind(r, &v[I_NUM], d->code, "numerator", d->numerator, sizeof d->numerator)) ||
	    (rc = ref_ind(r, &v[I_DEN], d->code, "denominator", d->denominator, sizeof d->denominator)) ||
	    (rc = ref_ind(r, &v[I_WEIGHT], d->code, "weight", d->weight, sizeof d->weight)))
		return rc;
	if (d->kind == IND_RATIO && !d->numerator[0])
		return http_fail(r, ERR_INVALID, "numerator", "chỉ tiêu tỷ lệ (ratio) cần tử số (numerator)");
	if (d->kind == IND_RATIO && !d->denominator[0])
		return http_fail(r, ERR_INVALID, "denominator", "chỉ tiêu tỷ lệ (ratio) cần mẫu số (denominator)");
	if (d->rollup == ROLLUP_WAVG && !d->weight[0])
		return http_fail(r, ERR_INVALID, "weight", "tổng hợp bình quân gia quyền (wavg) cần trọng số (weight)");
	if ((rc = indicator_check(d, &e)))
		return fail_e(r, &e, rc, strstr(e.msg, "(min") || strstr(e.msg, "min/max") ? "min" : NULL);
	indicator old;
	err e2;
	if (create && !store_indicator_get(r->store, d->code, &old, &e2))
		return http_fail(r, ERR_CONFLICT, "code", "chỉ tiêu %s đã có (%s)", d->code, old.name_vi);
	if ((rc = store_indicator_put(r->store, d, &e)))
		return fail_e(r, &e, rc, rc == ERR_CONFLICT ? "frequency" : NULL);
	if ((rc = store_indicator_get(r->store, d->code, &old, &e)))
		return fail_e(r, &e, rc, NULL);
	if (create)
		r->status = 201;
	api_write_indicator(&r->out, &old);
	return buf_putc(&r->out, '\n');
}

int api_indicator_post(http_req *r)
{
	api_val v[I_N];
	json_t *j = NULL;
	indicator d;
	indicator_defaults(&d);
	int rc = read_body(r, &j, ind_fields, I_N, v);
	if (rc)
		goto done;
	static const int need[] = {I_CODE, I_NAME, I_UOM, I_SECTOR};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!v[need[i]].present || !v[need[i]].s[0]) {
			rc = http_fail(r, ERR_INVALID, ind_fields[need[i]].name, "thiếu trường \"%s\"",
				       ind_fields[need[i]].name);
			goto done;
		}
	if ((rc = code_ok(r, v[I_CODE].s, "code")))
		goto done;
	snprintf(d.code, sizeof d.code, "%s", v[I_CODE].s);
	rc = ind_save(r, &d, v, j, true);
done:
	json_decref(j);
	return rc;
}

int api_indicator_put(http_req *r)
{
	api_val v[I_N];
	json_t *j = NULL;
	indicator d;
	err e;
	err_clear(&e);
	int rc = read_body(r, &j, ind_fields, I_N, v);
	if (rc)
		goto done;
	if ((rc = store_indicator_get(r->store, http_param(r, "code"), &d, &e))) {
		fail_e(r, &e, rc, "code");
		goto done;
	}
	if (v[I_CODE].present && strcmp(v[I_CODE].s, d.code)) {
		rc = http_fail(r, ERR_INVALID, "code", "không đổi được mã chỉ tiêu %s", d.code);
		goto done;
	}
	rc = ind_save(r, &d, v, j, false);
done:
	json_decref(j);
	return rc;
}

/* ---- targets ------------------------------------------------------------ */

static void write_target_fields(buf *b, const target *t)
{
	jsonw_kv_str(b, "kind", target_kind_code(t->kind), true);
	jsonw_kv_num(b, "value", true, t->value);
	jsonw_kv_num(b, "baseline", t->has_baseline, t->baseline);
	jsonw_kv_num(b, "total", t->total != 0, t->total);
	jsonw_kv_str(b, "note", t->note, false);
}

static void write_target(buf *b, const target *t)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "indicator", t->indicator_code, true);
	jsonw_kv_str(b, "unit", t->unit_code, true);
	buf_printf(b, "\"year_from\":%d,\"year_to\":%d,", t->year_from, t->year_to);
	jsonw_kv_str(b, "source", target_source_code(t->source), true);
	jsonw_kv_str(b, "source_label", target_source_label(t->source), true);
	write_target_fields(b, t);
	buf_putc(b, '}');
}

/* An optional year query parameter: 0 when absent. */
static int query_year(http_req *r, const char *name, int *out)
{
	long y;
	int rc = api_query_int(r, name, 1900, 9999, 0, &y);
	*out = (int)y;
	return rc;
}

/* ?year= or ?year_from=&year_to= of one target's span (required). */
static int query_span(http_req *r, int *from, int *to)
{
	int y, f, t, rc;
	if ((rc = query_year(r, "year", &y)) || (rc = query_year(r, "year_from", &f)) ||
	    (rc = query_year(r, "year_to", &t)))
		return rc;
	if (y && (f || t))
		return http_fail(r, ERR_INVALID, "year", "chỉ dùng một trong ?year= và ?year_from=&year_to=");
	if (y) {
		*from = *to = y;
		return 0;
	}
	if (!f || !t)
		return http_fail(r, ERR_INVALID, f ? "year_to" : "year",
				 "thiếu ?year=NĂM (hoặc ?year_from=&year_to= của một nhiệm kỳ)");
	if (f > t)
		return http_fail(r, ERR_INVALID, "year_to", "năm cuối %d trước năm đầu %d", t, f);
	*from = f;
	*to = t;
	return 0;
}

/* The indicator and unit of a target must exist (404 naming the field). */
static int target_refs(http_req *r, const char *ind, const char *unit_code)
{
	indicator i;
	unit u;
	err e;
	err_clear(&e);
	int rc = store_indicator_get(r->store, ind, &i, &e);
	if (rc)
		return fail_e(r, &e, rc, "indicator");
	if ((rc = store_unit_get(r->store, unit_code, &u, &e)))
		return fail_e(r, &e, rc, "unit");
	return 0;
}

int api_targets_list(http_req *r)
{
	long limit, offset;
	int year, rc;
	if ((rc = api_adm_page(r, &limit, &offset)) || (rc = query_year(r, "year", &year)))
		return rc;
	const char *ind = http_query(r, "indicator"), *uc = http_query(r, "unit");
	if ((ind && (rc = api_query_need(r, "indicator", &ind))) || (uc && (rc = api_query_need(r, "unit", &uc))))
		return rc;
	err e;
	err_clear(&e);
	if (uc && (rc = api_unit_visible(r, uc, "unit")))
		return rc;
	if (ind) {
		indicator i;
		if ((rc = store_indicator_get(r->store, ind, &i, &e)))
			return fail_e(r, &e, rc, "indicator");
	}
	target *t = NULL;
	size_t n = 0, total = 0, shown = 0;
	if ((rc = store_target_list(r->store, ind, uc, year, &t, &n, &e)))
		return fail_e(r, &e, rc, NULL);
	buf_puts(&r->out, "{\"items\":[");
	const char *last_ok = NULL, *last_no = NULL; /* scope answers for the previous unit */
	for (size_t i = 0; i < n; i++) {
		bool vis;
		if (last_ok && !strcmp(last_ok, t[i].unit_code))
			vis = true;
		else if (last_no && !strcmp(last_no, t[i].unit_code))
			vis = false;
		else if ((vis = !auth_can_view(r->store, r->who, t[i].unit_code, NULL)))
			last_ok = t[i].unit_code;
		else
			last_no = t[i].unit_code;
		if (!vis || !page_take(&total, &shown, limit, offset))
			continue;
		if (shown > 1)
			buf_putc(&r->out, ',');
		write_target(&r->out, &t[i]);
	}
	free(t);
	return page_close(&r->out, total, limit, offset);
}

/* The stored target with t's key, if any. */
static bool target_find(http_req *r, const target *k, target *out)
{
	target *t = NULL;
	size_t n = 0;
	bool found = false;
	err e;
	err_clear(&e);
	if (store_target_list(r->store, k->indicator_code, k->unit_code, k->year_from, &t, &n, &e))
		return false;
	for (size_t i = 0; i < n && !found; i++)
		if (t[i].year_from == k->year_from && t[i].year_to == k->year_to && t[i].source == k->source) {
			*out = t[i];
			found = true;
		}
	free(t);
	return found;
}

const api_field api_target_fields[API_TGT_N] = {
	{"indicator", API_STR, true, CODE_MAX, 0, 0},
	{"unit", API_STR, true, CODE_MAX, 0, 0},
	{"year", API_INT, false, 0, 1900, 9999},
	{"year_from", API_INT, false, 0, 1900, 9999},
	{"year_to", API_INT, false, 0, 1900, 9999},
	{"kind", API_STR, false, 64, 0, 0},
	{"value", API_NUM, true, 0, 0, 0},
	{"baseline", API_NUM, false, 0, 0, 0},
	{"total", API_NUM, false, 0, 0, 0},
	{"source", API_STR, false, 64, 0, 0},
	{"note", API_STR, false, NOTE_MAX, 0, 0},
};

int api_target_put(http_req *r)
{
	const api_field *f = api_target_fields;
	api_val v[API_TGT_N];
	json_t *j = NULL;
	target t;
	memset(&t, 0, sizeof t);
	err e;
	err_clear(&e);
	int rc = read_body(r, &j, f, API_TGT_N, v);
	if (rc)
		goto done;
	if (v[API_TGT_YEAR].present && (v[API_TGT_FROM].present || v[API_TGT_TO].present)) {
		rc = http_fail(r, ERR_INVALID, "year", "chỉ dùng một trong \"year\" và \"year_from\"/\"year_to\"");
		goto done;
	}
	if (v[API_TGT_YEAR].present) {
		t.year_from = t.year_to = (int)v[API_TGT_YEAR].i;
	} else if (v[API_TGT_FROM].present && v[API_TGT_TO].present) {
		t.year_from = (int)v[API_TGT_FROM].i;
		t.year_to = (int)v[API_TGT_TO].i;
		if (t.year_from > t.year_to) {
			rc = http_fail(r, ERR_INVALID, "year_to", "năm cuối %d trước năm đầu %d", t.year_to, t.year_from);
			goto done;
		}
	} else {
		rc = http_fail(r, ERR_INVALID, v[API_TGT_FROM].present ? "year_to" : "year",
			       "thiếu \"year\" (hoặc \"year_from\" và \"year_to\" của một nhiệm kỳ)");
		goto done;
	}
	if ((rc = target_refs(r, v[API_TGT_IND].s, v[API_TGT_UNIT].s)))
		goto done;
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", v[API_TGT_IND].s);
	snprintf(t.unit_code, sizeof t.unit_code, "%s", v[API_TGT_UNIT].s);
	t.kind = TGT_AT_LEAST;
	t.source = TGT_SRC_OWN;
	if (v[API_TGT_KIND].present && (rc = target_kind_from_code(v[API_TGT_KIND].s, &t.kind, &e))) {
		fail_e(r, &e, rc, "kind");
		goto done;
	}
	if (v[API_TGT_SRC].present && (rc = target_source_from_code(v[API_TGT_SRC].s, &t.source, &e))) {
		fail_e(r, &e, rc, "source");
		goto done;
	}
	if (v[API_TGT_NOTE].present && (rc = api_json_text(r, t.note, sizeof t.note, v[API_TGT_NOTE].s, "note")))
		goto done;
	t.value = v[API_TGT_VALUE].n;
	t.has_baseline = v[API_TGT_BASE].present;
	t.baseline = v[API_TGT_BASE].n;
	t.total = v[API_TGT_TOTAL].present ? v[API_TGT_TOTAL].n : 0;
	if (t.kind == TGT_REDUCE_TO && !t.has_baseline) {
		rc = http_fail(r, ERR_INVALID, "baseline", "chỉ tiêu \"giảm còn\" (reduce_to) cần mức xuất phát (baseline)");
		goto done;
	}
	if ((rc = target_check(&t, &e))) {
		fail_e(r, &e, rc, t.kind == TGT_X_OF_Y ? "total" : t.kind == TGT_REDUCE_TO ? "baseline" : "value");
		goto done;
	}
	target old;
	bool had = target_find(r, &t, &old);
	const char *result = "inserted";
	if (had) {
		bool same = old.kind == t.kind && old.value == t.value && old.has_baseline == t.has_baseline &&
			    (!t.has_baseline || old.baseline == t.baseline) && old.total == t.total &&
			    !strcmp(old.note, t.note);
		result = same ? "unchanged" : "updated";
	}
	store_set_actor(r->store, r->who->user.login);
	rc = store_target_put(r->store, &t, &e);
	store_set_actor(r->store, NULL);
	if (rc) {
		/* a unit that did not exist in those years: the input's years are at fault */
		fail_e(r, &e, rc, rc == ERR_CONFLICT ? "year" : NULL);
		goto done;
	}
	buf_printf(&r->out, "{\"result\":\"%s\",\"target\":", result);
	write_target(&r->out, &t);
	buf_puts(&r->out, "}\n");
done:
	json_decref(j);
	return rc;
}

int api_target_delete(http_req *r)
{
	const char *ind = NULL, *uc = NULL, *src = http_query(r, "source");
	target t;
	memset(&t, 0, sizeof t);
	t.source = TGT_SRC_OWN;
	err e;
	err_clear(&e);
	int rc;
	if ((rc = api_query_need(r, "indicator", &ind)) || (rc = api_query_need(r, "unit", &uc)) ||
	    (rc = query_span(r, &t.year_from, &t.year_to)) || (rc = target_refs(r, ind, uc)))
		return rc;
	if (src && ((rc = api_query_need(r, "source", &src)) || (rc = target_source_from_code(src, &t.source, &e))))
		return e.msg[0] ? fail_e(r, &e, rc, "source") : rc;
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", ind);
	snprintf(t.unit_code, sizeof t.unit_code, "%s", uc);
	store_set_actor(r->store, r->who->user.login);
	rc = store_target_delete(r->store, &t, &e);
	store_set_actor(r->store, NULL);
	if (rc)
		return fail_e(r, &e, rc, NULL);
	buf_puts(&r->out, "{\"result\":\"deleted\",\"target\":");
	write_target(&r->out, &t);
	return buf_puts(&r->out, "}\n");
}

int api_target_history(http_req *r)
{
	const char *ind = NULL, *uc = NULL;
	int from, to, rc;
	err e;
	err_clear(&e);
	if ((rc = api_query_need(r, "indicator", &ind)) || (rc = api_query_need(r, "unit", &uc)) ||
	    (rc = query_span(r, &from, &to)))
		return rc;
	if ((rc = api_unit_visible(r, uc, "unit")))
		return rc;
	target_audit *h = NULL;
	size_t n = 0;
	if ((rc = store_target_history(r->store, ind, uc, from, to, &h, &n, &e)))
		return fail_e(r, &e, rc, rc == ERR_NOTFOUND ? "indicator" : NULL);
	buf *b = &r->out;
	buf_puts(b, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ",{" : "{");
		jsonw_kv_str(b, "source", target_source_code(h[i].old_target.source), true);
		buf_puts(b, "\"old\":");
		if (h[i].had_old) {
			buf_putc(b, '{');
			write_target_fields(b, &h[i].old_target);
			buf_putc(b, '}');
		} else {
			buf_puts(b, "null");
		}
		buf_puts(b, ",\"new\":");
		if (h[i].has_new) {
			buf_putc(b, '{');
			write_target_fields(b, &h[i].new_target);
			buf_putc(b, '}');
		} else {
			buf_puts(b, "null");
		}
		buf_putc(b, ',');
		jsonw_kv_str(b, "by", h[i].by, true);
		buf_printf(b, "\"at\":%lld}", (long long)h[i].at);
	}
	free(h);
	return buf_printf(b, "],\"total\":%zu}\n", n);
}

/* ---- values ------------------------------------------------------------- */

int api_value_delete(http_req *r)
{
	const char *ind = NULL, *uc = NULL, *reason = http_query(r, "reason");
	period p;
	indicator d;
	err e;
	err_clear(&e);
	int rc;
	if ((rc = api_query_need(r, "indicator", &ind)) || (rc = api_query_need(r, "unit", &uc)) ||
	    (rc = api_query_period(r, "period", &p)))
		return rc;
	if (reason && *reason && (rc = api_query_need(r, "reason", &reason)))
		return rc;
	if (!reason)
		reason = "";
	if (strlen(reason) >= NOTE_MAX)
		return http_fail(r, ERR_INVALID, "reason", "lý do dài quá %d byte", NOTE_MAX - 1);
	if ((rc = api_unit_visible(r, uc, "unit")))
		return rc;
	if ((rc = store_indicator_get(r->store, ind, &d, &e)))
		return fail_e(r, &e, rc, "indicator");
	if ((rc = auth_can_enter(r->store, r->who, uc, &d, &e)))
		return fail_e(r, &e, rc, "unit");
	value old;
	if ((rc = store_value_get(r->store, ind, uc, &p, &old, &e)))
		return fail_e(r, &e, rc, NULL);
	/* a closed period cannot lose its values either */
	if ((rc = api_lock_guard(r, &d, uc, &p)))
		return rc;
	if ((rc = store_value_delete(r->store, ind, uc, &p, r->who->user.login, reason, &e)))
		return fail_e(r, &e, rc, NULL);
	buf_puts(&r->out, "{\"result\":\"deleted\",\"value\":");
	api_write_value(&r->out, &old);
	return buf_puts(&r->out, "}\n");
}
