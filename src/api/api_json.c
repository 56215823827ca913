/*
 * api_json.c - reading API requests (JSON bodies with jansson, query
 * parameters) into checked fields, every refusal naming its field, and
 * writing model objects (units, indicators, values) as JSON through the
 * escaping writers of buf.h and jsonw.h.
 *
 * Not for: deciding what a route does or who may call it.
 */
#include "api/api_int.h"
#include "core/jsonw.h"
#include "util/text.h"

#include <errno.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>

static int json_depth(const json_t *j)
{
	int d = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v) {
			int c = json_depth(v);
			if (c > d)
				d = c;
			if (d > API_JSON_DEPTH)
				break;
		}
		return d + 1;
	}
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) {
			int c = json_depth(v);
			if (c > d)
				d = c;
			if (d > API_JSON_DEPTH)
				break;
		}
		return d + 1;
	}
	return 0;
}

int api_json_content_type(http_req *r)
{
	const char *ct = http_header(r, "Content-Type");
	if (!ct)
		return http_fail(r, ERR_INVALID, "Content-Type", "thiếu Content-Type: cần application/json");
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) || (ct[n] && ct[n] != ';' && ct[n] != ' ' && ct[n] != '\t'))
		return http_fail(r, ERR_INVALID, "Content-Type", "Content-Type phải là application/json (nhận: %.60s)",
				 ct);
	return 0;
}

int api_json_body(http_req *r, json_t **out)
{
	*out = NULL;
	if (!r->body.len)
		return http_fail(r, ERR_INVALID, "body", "thiếu nội dung JSON của yêu cầu");
	json_error_t je;
	json_t *j = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
	if (!j) {
		const char *why;
		switch (json_error_code(&je)) {
		case json_error_invalid_utf8: why = "không phải UTF-8 hợp lệ"; break;
		case json_error_duplicate_key: why = "một khóa (key) xuất hiện hai lần"; break;
		case json_error_numeric_overflow: why = "số quá lớn"; break;
		case json_error_null_character:
		case json_error_null_byte_in_key: why = "có ký tự NUL"; break;
		case json_error_premature_end_of_input: why = "kết thúc giữa chừng"; break;
		case json_error_stack_overflow: why = "lồng nhau quá sâu"; break;
		default: why = "sai cú pháp"; break;
		}
		return http_fail(r, ERR_INVALID, "body", "JSON không hợp lệ (dòng %d, cột %d): %s (%s)", je.line,
				 je.column, why, je.text);
	}
	if (!json_is_object(j)) {
		json_decref(j);
		return http_fail(r, ERR_INVALID, "body", "cần một đối tượng JSON {...}");
	}
	if (json_depth(j) > API_JSON_DEPTH) {
		json_decref(j);
		return http_fail(r, ERR_INVALID, "body", "JSON lồng nhau quá %d mức", API_JSON_DEPTH);
	}
	*out = j;
	return 0;
}

int api_json_fields(http_req *r, json_t *obj, const api_field *f, size_t n, api_val *out)
{
	const char *key;
	json_t *v;
	memset(out, 0, n * sizeof *out);
	json_object_foreach(obj, key, v) {
		size_t i = 0;
		while (i < n && strcmp(f[i].name, key))
			i++;
		if (i == n)
			return http_fail(r, ERR_INVALID, key, "trường \"%s\" không được biết (unknown field)", key);
	}
	for (size_t i = 0; i < n; i++) {
		const char *nm = f[i].name;
		v = json_object_get(obj, nm);
		if (!v || json_is_null(v)) {
			if (f[i].required)
				return http_fail(r, ERR_INVALID, nm, "thiếu trường \"%s\"", nm);
			continue;
		}
		out[i].present = true;
		switch (f[i].type) {
		case API_STR:
			if (!json_is_string(v))
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là một chuỗi (string)", nm);
			out[i].s = json_string_value(v);
			if (strlen(out[i].s) != json_string_length(v))
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" có ký tự NUL", nm);
			if (f[i].max && strlen(out[i].s) >= f[i].max)
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" dài quá %zu byte", nm, f[i].max - 1);
			if (f[i].required && !out[i].s[0])
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" không được để trống", nm);
			break;
		case API_NUM:
			if (json_is_number(v)) {
				if (num_from_double(json_number_value(v), &out[i].n))
					return http_fail(r, ERR_INVALID, nm, "trường \"%s\": số quá lớn hoặc không hợp lệ", nm);
			} else if (json_is_string(v)) {
				err e;
				err_clear(&e);
				if (vn_parse_num(json_string_value(v), &out[i].n, &e))
					return http_fail(r, ERR_INVALID, nm, "trường \"%s\": %s", nm, e.msg);
			} else {
				return http_fail(r, ERR_INVALID, nm,
						 "trường \"%s\" phải là một số (hoặc chuỗi số kiểu Việt Nam \"1.739,5\")", nm);
			}
			break;
		case API_BOOL:
			if (!json_is_boolean(v))
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là true hoặc false", nm);
			out[i].b = json_is_true(v);
			break;
		case API_INT: {
			double d = json_is_number(v) ? json_number_value(v) : NAN;
			if (!json_is_number(v) || d != floor(d) || d < (double)f[i].lo || d > (double)f[i].hi)
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là số nguyên từ %ld đến %ld", nm,
						 f[i].lo, f[i].hi);
			out[i].i = (long)d;
			break;
		}
		case API_CODES: {
			if (!json_is_array(v))
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là một mảng mã [\"...\"]", nm);
			if (json_array_size(v) > f[i].max)
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" có quá %zu mã", nm, f[i].max);
			size_t k;
			json_t *c;
			json_array_foreach(v, k, c) {
				if (!json_is_string(c) || !json_string_length(c) ||
				    json_string_length(c) >= CODE_MAX || strlen(json_string_value(c)) != json_string_length(c))
					return http_fail(r, ERR_INVALID, nm,
							 "trường \"%s\", phần tử %zu: cần một mã đơn vị (chuỗi 1-%d byte)", nm,
							 k + 1, CODE_MAX - 1);
			}
			out[i].list = v;
			break;
		}
		}
	}
	return 0;
}

int api_query_need(http_req *r, const char *name, const char **out)
{
	const char *v = http_query(r, name);
	if (!v || !*v)
		return http_fail(r, ERR_INVALID, name, "thiếu tham số ?%s=", name);
	if (!text_utf8_valid(v, strlen(v)))
		return http_fail(r, ERR_INVALID, name, "tham số %s không phải UTF-8 hợp lệ", name);
	*out = v;
	return 0;
}

int api_query_int(http_req *r, const char *name, long lo, long hi, long def, long *out)
{
	const char *v = http_query(r, name);
	*out = def;
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return http_fail(r, ERR_INVALID, name, "tham số %s phải là số nguyên từ %ld đến %ld", name, lo, hi);
	*out = n;
	return 0;
}

int api_query_bool(http_req *r, const char *name, int *out)
{
	const char *v = http_query(r, name);
	*out = -1;
	if (!v || !*v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return http_fail(r, ERR_INVALID, name, "tham số %s phải là true hoặc false", name);
	return 0;
}

int api_query_period(http_req *r, const char *name, period *out)
{
	const char *v = NULL;
	int rc = api_query_need(r, name, &v);
	if (rc)
		return rc;
	err e;
	err_clear(&e);
	if ((rc = period_parse(v, out, &e)))
		return http_fail(r, rc, name, "%s", e.msg);
	return 0;
}

int api_json_text(http_req *r, char *dst, size_t n, const char *src, const char *field)
{
	err e;
	err_clear(&e);
	if (!text_utf8_valid(src, strlen(src)))
		return http_fail(r, ERR_INVALID, field, "trường \"%s\" không phải UTF-8 hợp lệ", field);
	int rc = model_set_text(dst, n, src, field, &e);
	return rc ? http_fail(r, rc, field, "%s", e.msg) : 0;
}

static void write_date(buf *b, const char *k, cdate d, bool comma)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	if (cdate_is_none(d)) {
		buf_puts(b, "null");
	} else {
		buf_putc(b, '"');
		vn_format_date_iso(b, d);
		buf_putc(b, '"');
	}
	if (comma)
		buf_putc(b, ',');
}

void api_write_unit(buf *b, const unit *u)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "code", u->code, true);
	jsonw_kv_str(b, "name", u->name, true);
	jsonw_kv_str(b, "type", unit_type_code(u->type), true);
	jsonw_kv_str(b, "type_label", unit_type_label(u->type), true);
	buf_puts(b, "\"parent\":");
	if (u->parent_code[0])
		buf_json_str(b, u->parent_code);
	else
		buf_puts(b, "null");
	buf_putc(b, ',');
	write_date(b, "valid_from", u->valid_from, true);
	write_date(b, "valid_to", u->valid_to, false);
	buf_putc(b, '}');
}

static void kv_opt(buf *b, const char *k, const char *v)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	if (v && *v)
		buf_json_str(b, v);
	else
		buf_puts(b, "null");
	buf_putc(b, ',');
}

void api_write_indicator(buf *b, const indicator *ind)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "code", ind->code, true);
	jsonw_kv_str(b, "name", ind->name_vi, true);
	jsonw_kv_str(b, "name_en", ind->name_en, true);
	jsonw_kv_str(b, "synonyms", ind->synonyms, true);
	jsonw_kv_str(b, "uom", ind->uom, true);
	buf_printf(b, "\"uom_scale\":%d,\"decimals\":%d,", ind->uom_scale, ind->decimals);
	jsonw_kv_str(b, "sector", sector_code(ind->sector), true);
	jsonw_kv_str(b, "kind", ind_kind_code(ind->kind), true);
	jsonw_kv_str(b, "direction", direction_code(ind->direction), true);
	jsonw_kv_str(b, "rollup", rollup_code(ind->rollup), true);
	jsonw_kv_str(b, "frequency", freq_code(ind->freq), true);
	kv_opt(b, "agency", ind->agency_code);
	kv_opt(b, "numerator", ind->numerator);
	kv_opt(b, "denominator", ind->denominator);
	kv_opt(b, "weight", ind->weight);
	if (ind->kind == IND_RATIO)
		buf_printf(b, "\"ratio_scale\":%d,", ind->ratio_scale);
	buf_printf(b, "\"sort_order\":%d,", ind->sort_order);
	jsonw_kv_str(b, "value_type", value_type_code(ind->value_type), true);
	jsonw_kv_num(b, "min", ind->has_min, ind->min);
	jsonw_kv_num(b, "max", ind->has_max, ind->max);
	buf_puts(b, "\"nonnegative\":");
	buf_puts(b, !ind->has_min && ind->kind != IND_RATIO ? "true}" : "false}");
}

void api_write_value(buf *b, const value *v)
{
	buf_putc(b, '{');
	jsonw_kv_str(b, "indicator", v->indicator_code, true);
	jsonw_kv_str(b, "unit", v->unit_code, true);
	buf_puts(b, "\"period\":\"");
	period_format_code(b, &v->period);
	buf_puts(b, "\",");
	jsonw_kv_num(b, "value", true, v->amount);
	buf_printf(b, "\"estimate\":%s,", v->estimate ? "true" : "false");
	jsonw_kv_str(b, "by", v->by, true);
	buf_printf(b, "\"at\":%lld,", (long long)v->at);
	jsonw_kv_str(b, "comment", v->comment, false);
	buf_putc(b, '}');
}
