/*
 * http.h - the HTTP server core: one table of routes, the checks every
 * request passes before its handler runs (route and method, body size,
 * authentication, CSRF, administrator routes), JSON errors, security headers,
 * the request log, static files, one store per worker thread, and graceful
 * shutdown, and limits against hostile clients (connections per address,
 * header and body deadlines, a cap on buffered bodies, a pool apart for heavy
 * routes, trusted proxies). Built on libmicrohttpd (internal epoll thread pool).
 *
 * Not for: what a route does (src/api), who may see which unit (src/auth),
 * or JSON parsing (src/api/api_json.c). Handlers never see libmicrohttpd.
 */
#ifndef CHITIEU_HTTP_H
#define CHITIEU_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "auth/auth.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define HTTP_BODY_JSON_MAX ((size_t)64 << 10) /* default request body limit: 64 KiB */
#define HTTP_BUFFERED_MAX ((size_t)256 << 20) /* request bodies held at once, all connections: 256 MiB */
#define HTTP_BODY_BULK_MAX ((size_t)64 << 20) /* bulk CSV imports: 64 MiB */
#define HTTP_MAX_PARAMS 4                     /* {params} in one pattern */
#define HTTP_PARAM_MAX 128                    /* bytes of one path parameter */
#define HTTP_PATH_MAX 2048                    /* longer paths get 414 */
#define HTTP_SESSION_COOKIE "chitieu_session"
#define HTTP_TRUSTED_MAX 16                   /* --trusted-proxy addresses */
#define HTTP_CONNECTIONS_MAX 1000             /* open connections at once (--max-connections) */
#define HTTP_PER_IP_MAX 512                   /* of them from one address (--per-ip-connections) */
#define HTTP_HEADER_TIMEOUT 15                /* seconds to receive a request's headers (--header-timeout) */
#define HTTP_BODY_TIMEOUT 300                 /* seconds to receive its body (--body-timeout) */
#define HTTP_HEAVY_WORKERS 1                  /* threads running heavy routes (--heavy) under 4 cores; half the cores from 4 */
#define HTTP_HEAVY_QUEUE 64                   /* heavy requests waiting for one; more: 503 */

/* Who may call a route; checked centrally before the handler. */
typedef enum http_perm {
	HTTP_PUBLIC = 0, /* anybody */
	HTTP_LOGIN,      /* a session or an API token (401 otherwise) */
	HTTP_ADMIN,      /* a logged-in administrator (403 otherwise) */
} http_perm;

const char *http_perm_code(http_perm p); /* "public", "login", "admin" */

/*
 * What a route costs. Heavy ones (imports, exports, reports: seconds of CPU)
 * run in the server's pool of heavy workers (serve --heavy N), never on the
 * threads that read requests, so /api/health and light requests keep
 * answering while they run.
 */
typedef enum http_cost {
	HTTP_LIGHT = 0,
	HTTP_HEAVY,
} http_cost;

typedef struct http_req http_req;

/*
 * A handler fills r->out (and r->status, default 200) and returns 0, or
 * returns a negative ERR_* with r->e filled (and r->field naming the input
 * field, if any); the core turns it into a JSON error with the matching
 * status (invalid 400, not found 404, conflict 409, too big 413,
 * unauthorized 401, forbidden 403, throttled 429; other codes 500).
 */
typedef int (*http_handler)(http_req *r);

/*
 * One route. A table of them is the whole API: it describes each route's
 * input (query, body) and answer (reply) in a small typed language (docs/
 * internals/http.md, "Describing a route"), checked centrally before the
 * handler runs and turned into the OpenAPI document (src/api/api_schema.c).
 */
typedef struct http_route {
	const char *method;   /* "GET", "POST", "PUT", "DELETE" */
	const char *pattern;  /* "/api/units/{code}": a {name} matches one path segment */
	http_perm perm;
	http_handler run;
	size_t max_body;      /* request body limit; 0 = HTTP_BODY_JSON_MAX */
	http_cost cost;       /* HTTP_HEAVY: run in the heavy pool */
	const char *query;    /* query parameters: "limit:int{1,1000},unit:str{1,31}!", or NULL */
	const char *body;     /* JSON body fields in the same form, "@type/sub,..." for a body that is a
			       * file (CSV, XLSX, XML), or NULL for none */
	const char *summary;  /* one line for OpenAPI and --routes */
	const char *reply;    /* the success answer: ["201 "] fields, or "@type/sub,..."; NULL = any JSON */
} http_route;

/* One request as a handler sees it. Everything is freed by the core. */
struct http_req {
	/* the request */
	const char *method;
	const char *path;            /* decoded, without the query string */
	const http_route *route;
	char param_name[HTTP_MAX_PARAMS][32];
	char param_val[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
	int n_params;
	buf body;                    /* the whole request body (bounded by the route's limit) */
	char ip[64];                 /* the client's address */
	int64_t now;                 /* Unix seconds when the request arrived */
	store *store;                /* this worker thread's store */
	auth_principal *who;         /* the logged-in user; NULL on public routes */
	const char *session;         /* the session cookie's value, or NULL */
	const char *web_build;       /* the web folder's build id (http_static_build_id), "" for none */
	/* the response */
	int status;                  /* default 200 */
	buf out;                     /* the body; JSON unless content_type says otherwise */
	/* or, instead of out, a shared read-only body sent without a copy:
	 * shared_release(shared_ctx) is called once it is sent or dropped */
	const char *shared; size_t shared_len;
	void (*shared_release)(void *ctx); void *shared_ctx;
	const char *content_type;    /* NULL = application/json; charset=utf-8 */
	char set_cookie[256];        /* a Set-Cookie value, or "" */
	char disposition[512];       /* a Content-Disposition value (http_set_download), or "" */
	const char *cache_state;     /* an X-Chitieu-Cache value (hit, miss, or stale: the answer
				      * being recomputed), or NULL */
	bool changes_marked;         /* a state-changing handler marked what it changed itself
				      * (else the core calls http_config.after_write) */
	/* the body as the central check parsed it (a json_t * for src/api), or NULL;
	 * input_free(input) is called by the core when the request ends */
	void *input;
	void (*input_free)(void *input);
	/* the error of a failed handler */
	err e;
	char field[64];              /* the input field at fault, or "" */
	/* private to the core */
	void *priv;
};

/*
 * Makes the answer a download named `filename` (UTF-8): Content-Disposition
 * "attachment" with an ASCII fallback name (unsafe bytes become '_') and the
 * RFC 6266 / RFC 5987 filename* form. inline: "inline" instead of "attachment"
 * (shown in the browser, still named when saved).
 */
void http_set_download(http_req *r, const char *filename, bool inline_);

/* A path parameter by its {name}; NULL when the pattern has none. */
const char *http_param(const http_req *r, const char *name);

/* A query parameter ("?unit=058"), a request header, a cookie; NULL when absent. */
const char *http_query(const http_req *r, const char *name);
/* Calls cb with every value of a repeated query parameter ("?orgUnit=a&orgUnit=b"),
 * in order; a non-zero return of cb stops the walk and is returned. */
int http_query_each(const http_req *r, const char *name, int (*cb)(void *ctx, const char *val), void *ctx);
const char *http_header(const http_req *r, const char *name);
const char *http_cookie(const http_req *r, const char *name);

/*
 * Sets r->e (code and printf message) and r->field (field may be NULL) and
 * returns code, for `return http_fail(r, ERR_INVALID, "unit", "...")`.
 */
int http_fail(http_req *r, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The HTTP status of an ERR_* code (400 for ERR_INVALID, ...). */
int http_status_of(int err_code);

/* What `chitieu serve` starts. */
typedef struct http_config {
	const char *host;             /* "127.0.0.1" */
	int port;                     /* 0 = any free port (printed at start) */
	const char *web_dir;          /* static files; NULL = none */
	int threads;                  /* worker threads; 0 = number of cores */
	const char *db_path;          /* each worker opens its own store on it */
	const http_route *routes; size_t n_routes;
	size_t max_buffered;          /* request body bytes held at once; 0 = HTTP_BUFFERED_MAX */
	int max_connections;          /* 0 = HTTP_CONNECTIONS_MAX */
	int per_ip_connections;       /* -1 = HTTP_PER_IP_MAX; 0 = no limit per address */
	int header_timeout;           /* seconds from a connection's (or its previous request's) end to the
				       * last header byte; 0 = HTTP_HEADER_TIMEOUT */
	int body_timeout;             /* seconds from the headers to the last body byte; 0 = HTTP_BODY_TIMEOUT */
	int heavy_workers;            /* threads running heavy routes; 0 = 1, or half the cores from 4 */
	const char *trusted_proxies[HTTP_TRUSTED_MAX]; /* addresses whose X-Forwarded-For is believed */
	int n_trusted;
	void (*before_request)(void); /* on the worker's thread, before a request's read transaction */
	void (*after_write)(const http_req *r); /* after each state-changing request (the evaluation
				       * cache: what changed, who wrote it) */
	int (*validate)(http_req *r); /* after the permission checks, before the handler: checks the
				       * query and body against the route's description; a failure
				       * (ERR_* with r->e and r->field) is answered and the handler
				       * does not run. NULL: no check */
	FILE *log;                    /* request log (stderr) */
	FILE *out;                    /* where the listening address is printed (stdout) */
} http_config;

/*
 * Runs the server until SIGTERM or SIGINT: then stops accepting, lets the
 * requests in flight finish (up to 10 s), closes every store and returns 0.
 * Returns ERR_IO (address in use, ...) or ERR_DB (database) before serving.
 * Blocks SIGTERM and SIGINT in the calling thread.
 */
int http_serve(const http_config *c, err *e);

/*
 * Finds the route of method and path: 0 with *out and the parameters filled
 * into r (may be NULL); ERR_NOTFOUND when no pattern matches the path;
 * ERR_CONFLICT when patterns match but not the method (allow gets the
 * methods that would, comma-separated).
 */
int http_route_find(const http_route *routes, size_t n, const char *method, const char *path,
		    http_req *r, const http_route **out, char *allow, size_t allow_n);

#endif
