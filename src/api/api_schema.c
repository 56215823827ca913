/*
 * api_schema.c - reads the route table's query, body and reply strings into
 * typed fields once (api_schema_init), checks each request's query
 * parameters and JSON body against them before the handler runs
 * (api_validate, the server's validate hook), and writes each field's JSON
 * Schema for the OpenAPI document (api_openapi.c). The language is in
 * api_schema.h.
 *
 * Not for: domain rules (handlers, src/core) or the table (api_routes.c).
 */
#include "api/api_schema.h"
#include "api/api.h"
#include "api/api_int.h"
#include "core/vnfmt.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_ROUTES_MAX 256  /* routes in api_routes */
#define SCHEMA_FIELDS_MAX 2048 /* fields of all their specs */

static const struct {
	const char *word;
	api_stype type;
} type_words[] = {
	{"str", API_S_STR},       {"int", API_S_INT},   {"num", API_S_NUM},     {"amount", API_S_AMOUNT},
	{"bool", API_S_BOOL},     {"obj", API_S_OBJ},   {"arr", API_S_ARR},     {"codes", API_S_CODES},
	{"date", API_S_DATE},     {"period", API_S_PERIOD},
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Reads an optional long at *p (advanced); false when there is none. */
static bool read_long(const char **p, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(*p, &end, 10);
	if (end == *p || errno)
		return false;
	*out = v;
	*p = end;
	return true;
}

/* Reads one field at *p (advanced past it). */
static int parse_field(const char **pp, api_sfield *f, const char *spec, err *e)
{
	const char *p = *pp;
	memset(f, 0, sizeof *f);
	size_t n = 0;
	while (name_char(p[n]))
		n++;
	if (!n || n >= sizeof f->name)
		return err_set(e, ERR_INVALID, "\"%s\": tên trường không hợp lệ ở \"%.20s\"", spec, p);
	memcpy(f->name, p, n);
	f->name[n] = '\0';
	p += n;
	if (*p == ':') {
		p++;
		if (!strncmp(p, "enum(", 5)) {
			f->type = API_S_ENUM;
			f->enums = p + 5;
			const char *c = strchr(f->enums, ')');
			if (!c || c == f->enums)
				return err_set(e, ERR_INVALID, "\"%s\": enum( không đóng ở \"%.20s\"", spec, p);
			f->enums_len = (size_t)(c - f->enums);
			p = c + 1;
		} else {
			size_t k = 0, w = 0;
			while (p[w] >= 'a' && p[w] <= 'z')
				w++;
			while (k < sizeof type_words / sizeof *type_words &&
			       (strlen(type_words[k].word) != w || strncmp(type_words[k].word, p, w)))
				k++;
			if (k == sizeof type_words / sizeof *type_words)
				return err_set(e, ERR_INVALID, "\"%s\": kiểu không biết ở \"%.20s\"", spec, p);
			f->type = type_words[k].type;
			p += w;
		}
		if (*p == '{') {
			p++;
			f->has_lo = read_long(&p, &f->lo);
			if (*p++ != ',')
				return err_set(e, ERR_INVALID, "\"%s\": giới hạn {lo,hi} sai ở trường %s", spec, f->name);
			f->has_hi = read_long(&p, &f->hi);
			if (*p++ != '}' || (f->has_lo && f->has_hi && f->lo > f->hi))
				return err_set(e, ERR_INVALID, "\"%s\": giới hạn {lo,hi} sai ở trường %s", spec, f->name);
		}
	}
	if (*p == '!') {
		f->required = true;
		p++;
	}
	if (*p && *p != ',')
		return err_set(e, ERR_INVALID, "\"%s\": thừa \"%.20s\" sau trường %s", spec, p, f->name);
	*pp = *p ? p + 1 : p;
	return 0;
}

int api_schema_parse(const char *spec, bool reply, api_sfield *pool, size_t cap, size_t *used, api_sspec *out,
		     err *e)
{
	memset(out, 0, sizeof *out);
	out->status = 200;
	if (!spec)
		return 0;
	out->given = true;
	const char *p = spec;
	if (reply && p[0] >= '1' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
	    (p[3] == ' ' || !p[3])) {
		out->status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
		p += p[3] ? 4 : 3;
	}
	if (*p == '@') {
		out->ctypes = p + 1;
		return *out->ctypes ? 0 : err_set(e, ERR_INVALID, "\"%s\": thiếu kiểu nội dung sau @", spec);
	}
	out->f = pool + *used;
	while (*p) {
		if (*used == cap)
			return err_set(e, ERR_INVALID, "quá %zu trường trong bảng địa chỉ", cap);
		int rc = parse_field(&p, &pool[*used], spec, e);
		if (rc)
			return rc;
		for (size_t k = 0; k < out->n; k++)
			if (!strcmp(out->f[k].name, pool[*used].name))
				return err_set(e, ERR_INVALID, "\"%s\": trường %s có hai lần", spec, pool[*used].name);
		(*used)++;
		out->n++;
	}
	return 0;
}

/* ---- the table's descriptions, read once ---- */

static api_sfield pool[SCHEMA_FIELDS_MAX];
static api_schema schemas[SCHEMA_ROUTES_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static err init_err;
static int init_rc = ERR_INVALID;

static void init_once(void)
{
	size_t used = 0;
	err_clear(&init_err);
	if (api_n_routes > SCHEMA_ROUTES_MAX) {
		init_rc = err_set(&init_err, ERR_INVALID, "quá %d địa chỉ trong bảng", SCHEMA_ROUTES_MAX);
		return;
	}
	for (size_t i = 0; i < api_n_routes; i++) {
		const http_route *rt = &api_routes[i];
		int rc = api_schema_parse(rt->query, false, pool, SCHEMA_FIELDS_MAX, &used, &schemas[i].query, &init_err);
		if (!rc)
			rc = api_schema_parse(rt->body, false, pool, SCHEMA_FIELDS_MAX, &used, &schemas[i].body, &init_err);
		if (!rc)
			rc = api_schema_parse(rt->reply, true, pool, SCHEMA_FIELDS_MAX, &used, &schemas[i].reply, &init_err);
		if (rc) {
			err inner = init_err;
			init_rc = err_set(&init_err, rc, "%s %s: %s", rt->method, rt->pattern, inner.msg);
			return;
		}
	}
	init_rc = 0;
}

int api_schema_init(err *e)
{
	pthread_once(&once, init_once);
	if (init_rc && e)
		*e = init_err;
	return init_rc;
}

const api_schema *api_schema_of(const http_route *rt)
{
	if (init_rc || !rt || rt < api_routes || rt >= api_routes + api_n_routes)
		return NULL;
	return &schemas[rt - api_routes];
}

/* ---- checking a request ---- */

/* Is the n bytes at s one of the enum's values? */
static bool enum_has(const api_sfield *f, const char *s, size_t n)
{
	const char *p = f->enums, *end = f->enums + f->enums_len;
	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		size_t k = bar ? (size_t)(bar - p) : (size_t)(end - p);
		if (k == n && !memcmp(p, s, n))
			return true;
		p += k + 1;
	}
	return false;
}

static int fail_enum(http_req *r, const api_sfield *f, const char *what)
{
	return http_fail(r, ERR_INVALID, f->name, "%s \"%s\" nhận một trong: %.*s", what, f->name, (int)f->enums_len,
			 f->enums);
}

static int check_query(http_req *r, const api_sspec *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const api_sfield *f = &s->f[i];
		const char *v = http_query(r, f->name);
		if (!v || !*v) { /* an empty optional one is the handler's to judge (some take it for absent) */
			if (f->required)
				return http_fail(r, ERR_INVALID, f->name, "thiếu tham số ?%s=", f->name);
			continue;
		}
		size_t n = strlen(v);
		switch (f->type) {
		case API_S_INT: {
			char *end;
			errno = 0;
			long x = strtol(v, &end, 10);
			long lo = f->has_lo ? f->lo : LONG_MIN, hi = f->has_hi ? f->hi : LONG_MAX;
			if (errno || end == v || *end || x < lo || x > hi)
				return http_fail(r, ERR_INVALID, f->name, "tham số %s phải là số nguyên từ %ld đến %ld",
						 f->name, lo, hi);
			break;
		}
		case API_S_ENUM:
			if (!enum_has(f, v, n))
				return fail_enum(r, f, "tham số");
			break;
		default:
			if (f->has_hi && n > (size_t)f->hi)
				return http_fail(r, ERR_INVALID, f->name, "tham số %s dài quá %ld byte", f->name, f->hi);
			break;
		}
	}
	return 0;
}

/* One body field v (present, not null) against f; the words of api_json_fields. */
static int check_value(http_req *r, const api_sfield *f, json_t *v)
{
	const char *nm = f->name;
	switch (f->type) {
	case API_S_ANY:
		return 0;
	case API_S_STR:
	case API_S_DATE:
	case API_S_PERIOD:
	case API_S_ENUM: {
		if (!json_is_string(v))
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là một chuỗi (string)", nm);
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		if (strlen(s) != n)
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" có ký tự NUL", nm);
		if (f->has_hi && n > (size_t)f->hi)
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" dài quá %ld byte", nm, f->hi);
		if (!n && (f->required || (f->has_lo && f->lo > 0)))
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" không được để trống", nm);
		if (f->type == API_S_ENUM && !enum_has(f, s, n))
			return fail_enum(r, f, "trường");
		return 0;
	}
	case API_S_AMOUNT:
		if (json_is_number(v)) {
			num_t x;
			if (num_from_double(json_number_value(v), &x))
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\": số quá lớn hoặc không hợp lệ", nm);
		} else if (json_is_string(v)) {
			num_t x;
			err e;
			err_clear(&e);
			if (vn_parse_num(json_string_value(v), &x, &e))
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\": %s", nm, e.msg);
		} else {
			return http_fail(r, ERR_INVALID, nm,
					 "trường \"%s\" phải là một số (hoặc chuỗi số kiểu Việt Nam \"1.739,5\")", nm);
		}
		return 0;
	case API_S_NUM:
	case API_S_INT: {
		double d = json_is_number(v) ? json_number_value(v) : NAN;
		double lo = f->has_lo ? (double)f->lo : -HUGE_VAL, hi = f->has_hi ? (double)f->hi : HUGE_VAL;
		if (!json_is_number(v) || (f->type == API_S_INT && d != floor(d)) || d < lo || d > hi) {
			if (f->type == API_S_NUM)
				return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là một số từ %ld đến %ld", nm,
						 f->has_lo ? f->lo : LONG_MIN, f->has_hi ? f->hi : LONG_MAX);
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là số nguyên từ %ld đến %ld", nm,
					 f->has_lo ? f->lo : LONG_MIN, f->has_hi ? f->hi : LONG_MAX);
		}
		return 0;
	}
	case API_S_BOOL:
		if (!json_is_boolean(v))
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là true hoặc false", nm);
		return 0;
	case API_S_OBJ:
		if (!json_is_object(v))
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" phải là một đối tượng {...}", nm);
		return 0;
	case API_S_ARR:
	case API_S_CODES: {
		if (!json_is_array(v))
			return http_fail(r, ERR_INVALID, nm,
					 f->type == API_S_CODES ? "trường \"%s\" phải là một mảng mã [\"...\"]"
								: "trường \"%s\" phải là một mảng [...]",
					 nm);
		size_t count = json_array_size(v);
		if (f->has_hi && count > (size_t)f->hi)
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" có quá %ld %s", nm, f->hi,
					 f->type == API_S_CODES ? "mã" : "phần tử");
		if (f->has_lo && count < (size_t)f->lo)
			return http_fail(r, ERR_INVALID, nm, "trường \"%s\" cần ít nhất %ld phần tử", nm, f->lo);
		if (f->type == API_S_CODES) {
			size_t k;
			json_t *c;
			json_array_foreach(v, k, c) {
				if (!json_is_string(c) || !json_string_length(c) || json_string_length(c) >= CODE_MAX ||
				    strlen(json_string_value(c)) != json_string_length(c))
					return http_fail(r, ERR_INVALID, nm,
							 "trường \"%s\", phần tử %zu: cần một mã đơn vị (chuỗi 1-%d byte)", nm,
							 k + 1, CODE_MAX - 1);
			}
		}
		return 0;
	}
	}
	return 0;
}

static int check_body(http_req *r, const api_sspec *s, json_t *obj)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		size_t i = 0;
		while (i < s->n && strcmp(s->f[i].name, key))
			i++;
		if (i == s->n)
			return http_fail(r, ERR_INVALID, key, "trường \"%s\" không được biết (unknown field)", key);
	}
	for (size_t i = 0; i < s->n; i++) {
		v = json_object_get(obj, s->f[i].name);
		if (!v || json_is_null(v)) {
			if (s->f[i].required)
				return http_fail(r, ERR_INVALID, s->f[i].name, "thiếu trường \"%s\"", s->f[i].name);
			continue;
		}
		int rc = check_value(r, &s->f[i], v);
		if (rc)
			return rc;
	}
	return 0;
}

static void input_free(void *p)
{
	json_decref(p);
}

int api_validate(http_req *r)
{
	const api_schema *sc = api_schema_of(r->route);
	if (!sc)
		return 0;
	int rc = check_query(r, &sc->query);
	if (rc || !sc->body.n || !r->body.len)
		return rc; /* no body, or a file: the handler reads it */
	json_t *j = NULL;
	if (api_json_parse(r, &j)) { /* not a JSON object: the handler says why, in its own words */
		err_clear(&r->e);
		r->field[0] = '\0';
		return 0;
	}
	r->input = j;
	r->input_free = input_free;
	return check_body(r, &sc->body, j);
}

/* ---- JSON Schema ---- */

static void write_type(buf *b, const char *type, bool nullable)
{
	if (nullable)
		buf_printf(b, "\"type\":[\"%s\",\"null\"]", type);
	else
		buf_printf(b, "\"type\":\"%s\"", type);
}

void api_schema_field_write(buf *b, const api_sfield *f, bool in_query)
{
	bool null_ok = !in_query && !f->required;
	buf_putc(b, '{');
	switch (f->type) {
	case API_S_ANY:
		buf_puts(b, "\"description\":\"bất kỳ giá trị JSON nào\"");
		break;
	case API_S_STR:
	case API_S_DATE:
	case API_S_PERIOD:
		write_type(b, "string", null_ok);
		if (f->has_lo || (f->required && !in_query))
			buf_printf(b, ",\"minLength\":%ld", f->has_lo ? f->lo : 1L);
		if (f->has_hi)
			buf_printf(b, ",\"maxLength\":%ld", f->hi);
		if (f->type == API_S_DATE)
			buf_puts(b, ",\"description\":\"ngày: yyyy-mm-dd hoặc dd/mm/yyyy\"");
		if (f->type == API_S_PERIOD)
			buf_puts(b, ",\"pattern\":\"^[0-9]{4}([0-9]{2}|[QqSsNn][0-9])?$\","
				    "\"description\":\"mã kỳ: 202206 (tháng), 2022Q2, 2022S1, 2022N9, 2022\"");
		break;
	case API_S_ENUM: {
		write_type(b, "string", null_ok);
		buf_puts(b, ",\"enum\":[");
		const char *p = f->enums, *end = f->enums + f->enums_len;
		bool first = true;
		while (p < end) {
			const char *bar = memchr(p, '|', (size_t)(end - p));
			size_t k = bar ? (size_t)(bar - p) : (size_t)(end - p);
			char word[64];
			snprintf(word, sizeof word, "%.*s", (int)k, p);
			buf_puts(b, first ? "" : ",");
			first = false;
			buf_json_str(b, word);
			p += k + 1;
		}
		buf_puts(b, null_ok ? ",null]" : "]");
		break;
	}
	case API_S_INT:
	case API_S_NUM:
		write_type(b, f->type == API_S_INT ? "integer" : "number", null_ok);
		if (f->has_lo)
			buf_printf(b, ",\"minimum\":%ld", f->lo);
		if (f->has_hi)
			buf_printf(b, ",\"maximum\":%ld", f->hi);
		break;
	case API_S_AMOUNT:
		buf_printf(b, "\"type\":[\"number\",\"string\"%s],\"description\":\"một số, hoặc chuỗi số kiểu Việt "
			      "Nam \\\"1.739,5\\\"\"",
			   null_ok ? ",\"null\"" : "");
		break;
	case API_S_BOOL:
		write_type(b, "boolean", null_ok);
		break;
	case API_S_OBJ:
		write_type(b, "object", null_ok);
		break;
	case API_S_ARR:
	case API_S_CODES:
		write_type(b, "array", null_ok);
		if (f->type == API_S_CODES)
			buf_printf(b, ",\"items\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":%d}", CODE_MAX - 1);
		if (f->has_lo)
			buf_printf(b, ",\"minItems\":%ld", f->lo);
		if (f->has_hi)
			buf_printf(b, ",\"maxItems\":%ld", f->hi);
		break;
	}
	buf_putc(b, '}');
}

void api_schema_object_write(buf *b, const api_sspec *s, bool closed)
{
	buf_puts(b, "{\"type\":\"object\",\"properties\":{");
	for (size_t i = 0; i < s->n; i++) {
		buf_puts(b, i ? "," : "");
		buf_json_str(b, s->f[i].name);
		buf_putc(b, ':');
		api_schema_field_write(b, &s->f[i], !closed); /* an answer's fields: never null but where said */
	}
	buf_putc(b, '}');
	bool any = false;
	for (size_t i = 0; i < s->n; i++)
		if (s->f[i].required) {
			buf_puts(b, any ? "," : ",\"required\":[");
			any = true;
			buf_json_str(b, s->f[i].name);
		}
	buf_puts(b, any ? "]" : "");
	buf_puts(b, closed ? ",\"additionalProperties\":false}" : "}");
}
