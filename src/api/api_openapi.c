/*
 * api_openapi.c - the OpenAPI 3.1 document of the API, written from the
 * route table and its typed descriptions (api_schema.h): path and query
 * parameters with their types and limits, request bodies (JSON objects with
 * their fields, or files with their content types), the success answer's
 * shape, the Error schema and the two ways to log in. Served at
 * GET /api/openapi.json and printed by `chitieu serve --openapi`.
 *
 * Not for: what the descriptions say (api_routes.c) or how they are read
 * and checked (api_schema.c).
 */
#include "api/api.h"
#include "api/api_int.h"
#include "api/api_schema.h"

#include <stdio.h>
#include <string.h>

/* The JSON Schema of one content type of a file body or answer. */
static void file_schema(buf *b, const char *ctype, size_t n)
{
	if (n >= 16 && !strncmp(ctype, "application/json", 16))
		buf_puts(b, "{}");
	else if ((n >= 5 && !strncmp(ctype, "text/", 5)) || (n >= 3 && !strncmp(ctype + n - 3, "xml", 3)))
		buf_puts(b, "{\"type\":\"string\"}");
	else
		buf_puts(b, "{\"type\":\"string\",\"contentMediaType\":\"application/octet-stream\"}");
}

/* "content":{...} of a spec: its file types, or application/json with its fields (closed: no others). */
static void write_content(buf *b, const api_sspec *s, bool closed)
{
	buf_puts(b, "\"content\":{");
	if (s->ctypes) {
		const char *p = s->ctypes;
		bool first = true;
		while (*p) {
			const char *c = strchr(p, ',');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			char ct[128];
			snprintf(ct, sizeof ct, "%.*s", (int)n, p);
			buf_puts(b, first ? "" : ",");
			first = false;
			buf_json_str(b, ct);
			buf_puts(b, ":{\"schema\":");
			file_schema(b, ct, strlen(ct));
			buf_putc(b, '}');
			p = c ? c + 1 : p + n;
		}
	} else {
		buf_puts(b, "\"application/json\":{\"schema\":");
		if (s->given)
			api_schema_object_write(b, s, closed);
		else
			buf_puts(b, "{}");
		buf_putc(b, '}');
	}
	buf_putc(b, '}');
}

static void write_parameters(buf *b, const http_route *rt, const api_sspec *q)
{
	buf_puts(b, ",\"parameters\":[");
	bool first = true;
	for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		if (!e)
			break;
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
		buf_puts(b, first ? "" : ",");
		first = false;
		buf_puts(b, "{\"name\":");
		buf_json_str(b, name);
		if (!strcmp(name, "id") || !strcmp(name, "pid"))
			buf_puts(b, ",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\",\"minimum\":1}}");
		else
			buf_printf(b, ",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\",\"minLength\":1,"
				      "\"maxLength\":%d}}",
				   HTTP_PARAM_MAX - 1);
	}
	for (size_t i = 0; i < q->n; i++) {
		buf_puts(b, first ? "" : ",");
		first = false;
		buf_puts(b, "{\"name\":");
		buf_json_str(b, q->f[i].name);
		buf_printf(b, ",\"in\":\"query\",\"required\":%s,\"schema\":", q->f[i].required ? "true" : "false");
		api_schema_field_write(b, &q->f[i], true);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void write_operation(buf *b, const http_route *rt)
{
	const api_schema *sc = api_schema_of(rt);
	static const api_schema none;
	if (!sc)
		sc = &none;
	char lower[16];
	size_t i = 0;
	for (; rt->method[i] && i < sizeof lower - 1; i++)
		lower[i] = (char)(rt->method[i] | 0x20);
	lower[i] = '\0';
	buf_json_str(b, lower);
	buf_puts(b, ":{\"summary\":");
	buf_json_str(b, rt->summary);
	buf_puts(b, ",\"operationId\":");
	char id[128];
	snprintf(id, sizeof id, "%s %s", rt->method, rt->pattern);
	buf_json_str(b, id);
	if (rt->cost == HTTP_HEAVY)
		buf_puts(b, ",\"x-heavy\":true");
	buf_puts(b, ",\"x-permission\":");
	buf_json_str(b, http_perm_code(rt->perm));
	buf_printf(b, ",\"x-max-body\":%zu", rt->max_body ? rt->max_body : HTTP_BODY_JSON_MAX);
	write_parameters(b, rt, &sc->query);
	if (sc->body.given) {
		bool required = sc->body.ctypes != NULL;
		for (size_t k = 0; k < sc->body.n; k++)
			required = required || sc->body.f[k].required;
		buf_printf(b, ",\"requestBody\":{\"required\":%s,", required ? "true" : "false");
		write_content(b, &sc->body, true);
		buf_putc(b, '}');
	}
	if (rt->perm != HTTP_PUBLIC)
		buf_puts(b, ",\"security\":[{\"session\":[]},{\"token\":[]}]");
	buf_printf(b, ",\"responses\":{\"%d\":{\"description\":\"OK\",", sc->reply.status);
	write_content(b, &sc->reply, false);
	buf_puts(b, "},\"default\":{\"description\":\"Lỗi\",\"content\":{\"application/json\":{\"schema\":"
		    "{\"$ref\":\"#/components/schemas/Error\"}}}}}}");
}

int api_openapi_write(buf *b)
{
	err e;
	if (api_schema_init(&e)) /* a table that does not read is a programming error: say it */
		return buf_printf(b, "{\"error\":{\"code\":\"internal\",\"message\":\"%s\"}}\n", "bảng địa chỉ sai");
	buf_puts(b, "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"chitieu API\",\"version\":\"0.1.0\","
		    "\"description\":\"Theo dõi, đánh giá thực hiện chỉ tiêu kinh tế - xã hội\"},"
		    "\"jsonSchemaDialect\":\"https://spec.openapis.org/oas/3.1/dialect/base\",\"paths\":{");
	/* One path object per distinct pattern, its operations in table order. */
	bool first_path = true;
	for (size_t i = 0; i < api_n_routes; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(api_routes[k].pattern, api_routes[i].pattern);
		if (seen)
			continue;
		buf_puts(b, first_path ? "" : ",");
		first_path = false;
		buf_json_str(b, api_routes[i].pattern);
		buf_puts(b, ":{");
		bool first_op = true;
		for (size_t k = i; k < api_n_routes; k++) {
			if (strcmp(api_routes[k].pattern, api_routes[i].pattern))
				continue;
			buf_puts(b, first_op ? "" : ",");
			first_op = false;
			write_operation(b, &api_routes[k]);
		}
		buf_putc(b, '}');
	}
	return buf_puts(b, "},\"components\":{\"securitySchemes\":{"
		       "\"session\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":\"" HTTP_SESSION_COOKIE "\"},"
		       "\"token\":{\"type\":\"http\",\"scheme\":\"bearer\"}},"
		       "\"schemas\":{\"Error\":{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"object\","
		       "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
		       "\"field\":{\"type\":\"string\"}},\"required\":[\"code\",\"message\"]}},"
		       "\"required\":[\"error\"]}}}}\n");
}

int api_openapi(http_req *r)
{
	return api_openapi_write(&r->out);
}
