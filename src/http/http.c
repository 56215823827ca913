/*
 * http.c - the server core (see http.h): the libmicrohttpd daemon, the life
 * of one request (route, central checks, body, handler, JSON error,
 * headers, log line), one store per worker thread and graceful shutdown.
 *
 * Not for: static files (http_static.c) or any route's logic (src/api).
 *
 * A request's first call from libmicrohttpd (headers read, no body yet) does
 * every check that needs no body: route and method, Content-Length against
 * the route's limit, authentication, CSRF and administrator routes. A request
 * refused there is answered at once, so its body is never read. The body is
 * then collected into a bounded buffer (a chunked body over the limit is
 * dropped as it streams and answered 413), and the handler runs on the last
 * call.
 *
 * Against hostile clients (issue #14; docs/internals/http.md): ambiguous body
 * lengths are refused on the first call (check_framing); bodies are counted
 * against a server-wide cap (body_count: 503 beyond); a sweeper thread closes
 * connections that take longer than the header or body deadline in total
 * (conn_track, from libmicrohttpd's connection notices); heavy routes run on
 * the heavy pool's threads while their connection is suspended (heavy_worker);
 * X-Forwarded-For is believed only from trusted proxies (forwarded_ip).
 */
#include "http/http.h"
#include "http/http_gzip.h"
#include "http/http_int.h"
#include "util/text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Where a connection is in receiving its current request (for the deadlines). */
enum { CONN_HEADERS, CONN_BODY, CONN_BUSY };

/*
 * One open connection as the deadline sweeper sees it: in a list under
 * srv->conn_mu from libmicrohttpd's STARTED notice to its CLOSED notice,
 * which comes before libmicrohttpd closes the socket, so fd is still this
 * connection's while it is listed.
 */
typedef struct conn_track {
	struct conn_track *prev, *next;
	int fd;
	int phase;             /* CONN_HEADERS, CONN_BODY, CONN_BUSY (answering: no deadline) */
	struct timespec since; /* when the phase began */
	bool cut;              /* shut down by the sweeper already */
	char ip[64];
} conn_track;

struct req_ctx;

/* The heavy pool: requests of HTTP_HEAVY routes waiting, and the threads that run them. */
typedef struct heavy_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct req_ctx *head, *tail; /* waiting, oldest first */
	int waiting;
	bool stop;
	int n;                       /* threads started */
	pthread_t th[64];
} heavy_pool;

typedef struct http_server {
	const http_config *cfg;
	pthread_key_t store_key;
	atomic_int inflight;
	atomic_size_t buffered; /* request body bytes held (or promised by Content-Length) across connections */
	size_t max_buffered;    /* cfg->max_buffered or HTTP_BUFFERED_MAX */
	size_t out_limit;       /* each answer's buffer limit: 0 (the default) but in tests */
	char web_root[4096]; /* realpath of cfg->web_dir, "" for none */
	char web_build[17];  /* http_static_build_id of web_root, read once at start */
	pthread_mutex_t conn_mu;   /* guards the list below and every conn_track's fields */
	conn_track *conns;
	pthread_cond_t sweep_cv;   /* wakes the sweeper to stop */
	bool sweep_stop;
	int header_timeout, body_timeout; /* seconds; 0 = none */
	heavy_pool pool;
	http_gzip_cache gz; /* compressed bodies sent again and again (http_gzip.h) */
	char trusted[HTTP_TRUSTED_MAX][INET6_ADDRSTRLEN]; /* cfg->trusted_proxies, written as client_ip writes */
	int n_trusted;
} http_server;

/* ---- deadlines: a total time for headers and for the body ----------------- */

/* Moves the connection of conn to phase, from now. */
static void conn_phase(http_server *srv, struct MHD_Connection *conn, int phase)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	conn_track *t = ci ? ci->socket_context : NULL;
	if (!t)
		return;
	pthread_mutex_lock(&srv->conn_mu);
	t->phase = phase;
	clock_gettime(CLOCK_MONOTONIC, &t->since);
	pthread_mutex_unlock(&srv->conn_mu);
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n);

/* libmicrohttpd's notice of a connection opened or closed: keeps the sweeper's list. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	http_server *srv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		conn_track *t = calloc(1, sizeof *t);
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!t || !ci) {
			free(t);
			return;
		}
		t->fd = ci->connect_fd;
		t->phase = CONN_HEADERS;
		clock_gettime(CLOCK_MONOTONIC, &t->since);
		client_ip(conn, t->ip, sizeof t->ip);
		pthread_mutex_lock(&srv->conn_mu);
		t->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = t;
		srv->conns = t;
		pthread_mutex_unlock(&srv->conn_mu);
		*socket_context = t;
	} else if (*socket_context) {
		conn_track *t = *socket_context;
		pthread_mutex_lock(&srv->conn_mu);
		if (t->prev)
			t->prev->next = t->next;
		else
			srv->conns = t->next;
		if (t->next)
			t->next->prev = t->prev;
		pthread_mutex_unlock(&srv->conn_mu);
		free(t);
		*socket_context = NULL;
	}
}

/*
 * The sweeper thread: once a second, shuts down every connection that has
 * spent more than header_timeout seconds receiving a request's headers (or
 * waiting idle for the next request on a kept-alive connection) or more than
 * body_timeout receiving its body, however steadily bytes trickle in
 * (libmicrohttpd's own timeout is an idle timer each byte resets).
 * shutdown() wakes libmicrohttpd, which closes the connection itself.
 */
static void *sweeper(void *arg)
{
	http_server *srv = arg;
	pthread_mutex_lock(&srv->conn_mu);
	while (!srv->sweep_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&srv->sweep_cv, &srv->conn_mu, &until);
		if (srv->sweep_stop)
			break;
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (conn_track *t = srv->conns; t; t = t->next) {
			int limit = t->phase == CONN_HEADERS ? srv->header_timeout
				    : t->phase == CONN_BODY  ? srv->body_timeout
							     : 0;
			double age = (double)(now.tv_sec - t->since.tv_sec) + (double)(now.tv_nsec - t->since.tv_nsec) / 1e9;
			if (!limit || t->cut || age <= limit)
				continue;
			t->cut = true;
			shutdown(t->fd, SHUT_RDWR);
			FILE *f = srv->cfg->log;
			if (f && t->phase == CONN_BODY) { /* an idle kept-alive connection is no news */
				flockfile(f);
				fprintf(f, "chitieu serve: đóng kết nối từ %s: quá %d giây chưa nhận xong nội dung yêu cầu\n",
					t->ip, limit);
				funlockfile(f);
				fflush(f);
			} else if (f) {
				flockfile(f);
				fprintf(f, "chitieu serve: đóng kết nối từ %s: quá %d giây chưa nhận xong tiêu đề yêu cầu\n",
					t->ip, limit);
				funlockfile(f);
				fflush(f);
			}
		}
	}
	pthread_mutex_unlock(&srv->conn_mu);
	return NULL;
}

/* One request: what handlers see and what only the core does. */
typedef struct req_ctx {
	http_req r;
	struct MHD_Connection *conn;
	http_server *srv;
	size_t limit;
	bool too_big, queued, is_api;
	bool busy;          /* the server-wide body cap was reached: 503 at the end */
	size_t counted;     /* bytes of srv->buffered this request holds */
	bool close;         /* answer with Connection: close (the rest of the input is not trusted) */
	int fd;             /* a static file to send, or -1 */
	uint64_t fsize;
	const char *ctype;  /* the static file's type */
	char allow[64];     /* for 405 */
	struct timespec t0;
	size_t bytes;
	char method[16];
	char *path;         /* owned */
	auth_principal who;
	bool has_who;
	struct req_ctx *qnext; /* in the heavy pool's queue */
	atomic_int heavy;      /* HEAVY_NONE, HEAVY_QUEUED, HEAVY_DONE */
} req_ctx;

enum { HEAVY_NONE, HEAVY_QUEUED, HEAVY_DONE };

const char *http_perm_code(http_perm p)
{
	switch (p) {
	case HTTP_PUBLIC: return "public";
	case HTTP_LOGIN: return "login";
	case HTTP_ADMIN: return "admin";
	}
	return "?";
}

int http_status_of(int code)
{
	switch (code) {
	case ERR_INVALID: return 400;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_TOOBIG: return 413;
	case ERR_UNAUTHORIZED: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_THROTTLED: return 429;
	case ERR_UNAVAILABLE: return 503;
	default: return 500;
	}
}

static const char *error_code_name(int code)
{
	switch (code) {
	case ERR_INVALID: return "invalid";
	case ERR_NOTFOUND: return "not_found";
	case ERR_CONFLICT: return "conflict";
	case ERR_TOOBIG: return "too_big";
	case ERR_UNAUTHORIZED: return "unauthorized";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_THROTTLED: return "throttled";
	case ERR_UNAVAILABLE: return "unavailable";
	default: return "internal";
	}
}

int http_fail(http_req *r, int code, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char msg[ERR_MSG_MAX];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set(&r->e, code, "%s", msg);
	snprintf(r->field, sizeof r->field, "%s", field ? field : "");
	return code;
}

const char *http_param(const http_req *r, const char *name)
{
	for (int i = 0; i < r->n_params; i++)
		if (!strcmp(r->param_name[i], name))
			return r->param_val[i];
	return NULL;
}

static struct MHD_Connection *conn_of(const http_req *r)
{
	return ((const req_ctx *)r->priv)->conn;
}

const char *http_query(const http_req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_GET_ARGUMENT_KIND, name);
}

typedef struct query_each_ctx {
	const char *name;
	int (*cb)(void *ctx, const char *val);
	void *ctx;
	int rc;
} query_each_ctx;

static enum MHD_Result query_each_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *val)
{
	query_each_ctx *q = cls;
	(void)kind;
	if (q->rc || !key || strcmp(key, q->name))
		return MHD_YES;
	q->rc = q->cb(q->ctx, val ? val : "");
	return q->rc ? MHD_NO : MHD_YES;
}

int http_query_each(const http_req *r, const char *name, int (*cb)(void *ctx, const char *val), void *ctx)
{
	query_each_ctx q = {name, cb, ctx, 0};
	MHD_get_connection_values(conn_of(r), MHD_GET_ARGUMENT_KIND, query_each_one, &q);
	return q.rc;
}

const char *http_header(const http_req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_req *r, const char *name)
{
	return MHD_lookup_connection_value(conn_of(r), MHD_COOKIE_KIND, name);
}

/* ---- routing ---------------------------------------------------------- */

/* Matches path against pattern, filling r's parameters when it does. */
static bool route_match(const char *pat, const char *path, http_req *r)
{
	int np = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++;
		path++;
		const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl >= 2 && pat[0] == '{' && pat[pl - 1] == '}') {
			if (sl == 0 || sl >= HTTP_PARAM_MAX || np >= HTTP_MAX_PARAMS || pl - 2 >= 32)
				return false;
			if (r) {
				memcpy(r->param_name[np], pat + 1, pl - 2);
				r->param_name[np][pl - 2] = '\0';
				memcpy(r->param_val[np], path, sl);
				r->param_val[np][sl] = '\0';
			}
			np++;
		} else if (pl != sl || memcmp(pat, path, pl)) {
			return false;
		}
		pat += pl;
		path += sl;
	}
	if (*pat || *path)
		return false;
	if (r)
		r->n_params = np;
	return true;
}

int http_route_find(const http_route *routes, size_t n, const char *method, const char *path,
		    http_req *r, const http_route **out, char *allow, size_t allow_n)
{
	bool path_found = false;
	size_t used = 0;
	if (allow && allow_n)
		allow[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!route_match(routes[i].pattern, path, NULL))
			continue;
		path_found = true;
		if (!strcmp(routes[i].method, method)) {
			if (r)
				route_match(routes[i].pattern, path, r);
			*out = &routes[i];
			return 0;
		}
		if (allow && allow_n) {
			int k = snprintf(allow + used, allow_n - used, "%s%s", used ? ", " : "", routes[i].method);
			if (k > 0 && (size_t)k < allow_n - used)
				used += (size_t)k;
		}
	}
	return path_found ? ERR_CONFLICT : ERR_NOTFOUND;
}

/* ---- per-thread store ------------------------------------------------- */

static void close_thread_store(void *p)
{
	store_close(p);
}

static store *thread_store(http_server *srv, err *e)
{
	store *s = pthread_getspecific(srv->store_key);
	if (s)
		return s;
	if (store_open(srv->cfg->db_path, &s, e))
		return NULL;
	if (pthread_setspecific(srv->store_key, s)) {
		store_close(s);
		err_set(e, ERR_NOMEM, "không lưu được kết nối cơ sở dữ liệu của luồng (thread)");
		return NULL;
	}
	return s;
}

/* ---- responses -------------------------------------------------------- */

static void set_error(req_ctx *x, int status, const char *code, const char *msg, const char *field)
{
	http_req *r = &x->r;
	r->status = status;
	r->content_type = NULL;
	buf_reset(&r->out);
	buf_puts(&r->out, "{\"error\":{\"code\":");
	buf_json_str(&r->out, code);
	buf_puts(&r->out, ",\"message\":");
	buf_json_str(&r->out, msg && *msg ? msg : code);
	if (field && *field) {
		buf_puts(&r->out, ",\"field\":");
		buf_json_str(&r->out, field);
	}
	buf_puts(&r->out, "}}\n");
}

/* 413 for a body over the route's limit, said the way people size files
 * ("tối đa 4 MiB"; the limits are whole KiB or MiB). */
static void too_big(req_ctx *x)
{
	char msg[160];
	size_t n = x->limit;
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(msg, sizeof msg, "nội dung yêu cầu quá lớn: tối đa %zu MiB", n / (1024 * 1024));
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(msg, sizeof msg, "nội dung yêu cầu quá lớn: tối đa %zu KiB", n / 1024);
	else
		snprintf(msg, sizeof msg, "nội dung yêu cầu quá lớn: tối đa %zu byte", n);
	set_error(x, 413, "too_big", msg, NULL);
}

/*
 * Counts n more body bytes against the server-wide cap (srv->max_buffered):
 * true when they fit (x->counted grows), false when the cap would be passed
 * (nothing counted).
 */
static bool body_count(req_ctx *x, size_t n)
{
	http_server *srv = x->srv;
	size_t was = atomic_fetch_add(&srv->buffered, n);
	if (was + n > srv->max_buffered) {
		atomic_fetch_sub(&srv->buffered, n);
		return false;
	}
	x->counted += n;
	return true;
}

/* Gives back what the request counted (its body is freed or about to be). */
static void body_uncount(req_ctx *x)
{
	if (x->counted)
		atomic_fetch_sub(&x->srv->buffered, x->counted);
	x->counted = 0;
}

/* 503 when the server holds as many request bodies as it may; the connection is closed. */
static void too_busy(req_ctx *x)
{
	set_error(x, 503, "busy", "máy chủ đang nhận quá nhiều dữ liệu cùng lúc: hãy gửi lại sau ít phút", NULL);
	x->close = true;
}

/* Turns a failed handler's r->e into the JSON error. */
static void set_error_from(req_ctx *x, int rc)
{
	int status = http_status_of(rc);
	if (status == 500 && x->srv->cfg->log) /* the details of a server fault go to the log */
		fprintf(x->srv->cfg->log, "chitieu serve: lỗi khi xử lý %s %s: %s\n", x->method, x->path,
			x->r.e.msg);
	set_error(x, status, error_code_name(rc), x->r.e.msg, x->r.field);
}

void http_set_download(http_req *r, const char *filename, bool inline_)
{
	static const char hex[] = "0123456789ABCDEF";
	char ascii[128], enc[300];
	size_t a = 0, k = 0;
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
		unsigned char c = *p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     c == '.' || c == '-' || c == '_';
		if (a < sizeof ascii - 1 && (c & 0xC0) != 0x80) /* one '_' per UTF-8 character */
			ascii[a++] = plain ? (char)c : '_';
		if (plain && k < sizeof enc - 1) {
			enc[k++] = (char)c;
		} else if (k < sizeof enc - 3) {
			enc[k++] = '%';
			enc[k++] = hex[c >> 4];
			enc[k++] = hex[c & 15];
		}
	}
	ascii[a] = enc[k] = '\0';
	snprintf(r->disposition, sizeof r->disposition, "%s; filename=\"%s\"; filename*=UTF-8''%s",
		 inline_ ? "inline" : "attachment", a ? ascii : "download", k ? enc : "download");
}

/*
 * Security headers of every answer. Pages of the web folder may load the
 * folder's scripts and styles; an HTML document the API writes (a printable
 * report or notice) may use its own inline styles but run nothing; the
 * service worker (/sw.js) may fetch from the server; any other answer may
 * load nothing.
 */
static void add_common_headers(struct MHD_Response *resp, bool page, bool api_html, bool worker)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* the service worker's own policy: it fetches from the server (connect-src) and nothing else */
	MHD_add_response_header(resp, "Content-Security-Policy",
				worker ? "default-src 'none'; connect-src 'self'; frame-ancestors 'none'"
				: page ? "default-src 'self'; script-src 'self'; style-src 'self'; "
				       "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
				       "form-action 'self'; frame-ancestors 'none'"
				: api_html ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
					     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
				: "default-src 'none'; frame-ancestors 'none'");
}

/* The answer's body compressed: its bytes and how the response lets them go. */
typedef struct gz_body {
	const char *data; /* NULL: not compressed */
	size_t n;
	void (*free_fn)(void *);
	void *free_ctx;
} gz_body;

/* data[0..n) compressed for this answer alone (gz->data NULL when it is not). */
static void gzip_once(const void *data, size_t n, gz_body *gz)
{
	char *out = NULL;
	if (http_gzip(data, n, &out, &gz->n) == 0) {
		gz->data = out;
		gz->free_fn = free;
		gz->free_ctx = out;
	}
}

/*
 * The answer's body gzipped into *gz (data NULL when it is not: too small,
 * too large a file, not smaller, out of memory). A file of the web folder
 * and a shared body (the evaluation cache's) are compressed once and kept in
 * the server's http_gzip_cache; the body they replace is let go (the file
 * closed, the shared reference kept by the cache or given back). The
 * handler's own buffer is compressed for this answer alone and left to the
 * request's end. An answer with a piece missing is not touched (queue turns
 * it into a 500).
 */
static void gzip_body(req_ctx *x, gz_body *gz)
{
	http_req *r = &x->r;
	http_gzip_cache *c = &x->srv->gz;
	http_gzip_key k;
	void *ref = NULL;
	memset(gz, 0, sizeof *gz);
	if (x->fd >= 0) {
		if (x->fsize < HTTP_GZIP_MIN || x->fsize > HTTP_GZIP_FILE_MAX || !http_gzip_key_file(x->fd, &k) ||
		    k.n != (size_t)x->fsize)
			return;
		if (!http_gzip_find(c, &k, &gz->data, &gz->n, &ref)) {
			size_t n = (size_t)x->fsize, got = 0;
			char *data = malloc(n);
			if (!data)
				return;
			while (got < n) {
				ssize_t m = pread(x->fd, data + got, n - got, (off_t)got);
				if (m <= 0)
					break;
				got += (size_t)m;
			}
			int rc = got == n ? http_gzip_keep(c, &k, data, n, NULL, NULL, &gz->data, &gz->n, &ref) : -1;
			free(data);
			if (rc)
				return;
		}
		close(x->fd);
		x->fd = -1;
	} else if (r->shared && r->status < 400) {
		if (r->shared_len < HTTP_GZIP_MIN)
			return;
		if (!r->shared_release) { /* no reference to hold: its address cannot be a key */
			gzip_once(r->shared, r->shared_len, gz);
			if (gz->data)
				r->shared = NULL;
			return;
		}
		k = http_gzip_key_shared(r->shared, r->shared_len);
		if (http_gzip_find(c, &k, &gz->data, &gz->n, &ref))
			r->shared_release(r->shared_ctx); /* the cache's entry holds the same body */
		else if (http_gzip_keep(c, &k, r->shared, r->shared_len, r->shared_release, r->shared_ctx, &gz->data,
					&gz->n, &ref))
			return;
		r->shared = NULL;
	} else if (!buf_failed(&r->out) && r->out.len >= HTTP_GZIP_MIN) {
		gzip_once(r->out.data, r->out.len, gz);
		return;
	} else {
		return;
	}
	gz->free_fn = http_gzip_release;
	gz->free_ctx = ref;
}

static enum MHD_Result queue(req_ctx *x)
{
	http_req *r = &x->r;
	struct MHD_Response *resp;
	x->queued = true;
	conn_phase(x->srv, x->conn, CONN_BUSY); /* answering: the deadlines are for receiving */
	const char *ct = x->ctype ? x->ctype : r->content_type ? r->content_type : "application/json; charset=utf-8";
	bool gz_type = http_gzip_type(ct);
	/* a file of the web folder the browser holds already (its revalidation): 304, no body */
	char etag[HTTP_ETAG_MAX] = "";
	bool not_modified = false;
	if (x->fd >= 0 && r->status == 200 && http_static_etag(x->fd, etag) &&
	    http_static_not_modified(MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "If-None-Match"), etag)) {
		close(x->fd);
		x->fd = -1;
		r->status = 304;
		not_modified = true;
	}
	gz_body gz = {0}; /* the body compressed, when the client takes gzip (http_gzip.h) */
	if (gz_type && !not_modified &&
	    http_gzip_accepted(MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "Accept-Encoding")))
		gzip_body(x, &gz);
	if (not_modified) {
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		x->bytes = 0;
	} else if (gz.data) {
		resp = MHD_create_response_from_buffer_with_free_callback_cls(gz.n, (void *)(uintptr_t)gz.data,
									      gz.free_fn, gz.free_ctx);
		if (!resp)
			gz.free_fn(gz.free_ctx);
		x->bytes = gz.n;
	} else if (x->fd >= 0) {
		resp = MHD_create_response_from_fd(x->fsize, x->fd);
		x->bytes = (size_t)x->fsize;
		if (!resp)
			close(x->fd);
		x->fd = -1;
	} else if (r->shared && r->status < 400) {
		resp = MHD_create_response_from_buffer_with_free_callback_cls(
			r->shared_len, (void *)r->shared, r->shared_release, r->shared_ctx);
		if (!resp && r->shared_release)
			r->shared_release(r->shared_ctx);
		x->bytes = r->shared_len;
		r->shared = NULL;
	} else {
		/* an answer with a piece missing (an append that failed, even one whose
		 * result the handler ignored) is never sent as if whole */
		if (buf_failed(&r->out)) {
			fprintf(x->srv->cfg->log, "chitieu: câu trả lời cho %s %s không tạo được trọn vẹn (%s): trả 500\n",
				x->method, x->path, err_code_name(buf_failed(&r->out)));
			set_error(x, 500, "internal", "máy chủ không tạo được câu trả lời trọn vẹn (hết bộ nhớ hoặc quá lớn)",
				  NULL);
			buf_clear_failed(&r->out);
		}
		size_t n = r->out.len;
		char *data = buf_detach(&r->out);
		if (!data)
			return MHD_NO;
		resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(data);
		x->bytes = n;
	}
	if (r->shared) { /* an error replaced a shared body: give it back */
		if (r->shared_release)
			r->shared_release(r->shared_ctx);
		r->shared = NULL;
	}
	if (!resp)
		return MHD_NO;
	bool page = x->ctype && !strncmp(x->ctype, "text/html", 9);
	bool api_html = !x->ctype && r->status < 400 && r->content_type &&
			!strncmp(r->content_type, "text/html", 9);
	/* /sw.js: the service worker (web/sw.js), whose scope is the whole site */
	bool worker = x->ctype && r->status < 400 && !strcmp(x->path, HTTP_SERVICE_WORKER);
	add_common_headers(resp, page, api_html, worker);
	if (worker)
		MHD_add_response_header(resp, "Service-Worker-Allowed", "/");
	if (r->disposition[0] && r->status < 400)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->cache_state && r->status < 400)
		MHD_add_response_header(resp, "X-Chitieu-Cache", r->cache_state);
	MHD_add_response_header(resp, "Content-Type", ct);
	if (gz.data)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	if (etag[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (gz_type)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	MHD_add_response_header(resp, "Cache-Control", x->is_api ? "no-store" : "no-cache");
	if (r->status == 405 && x->allow[0])
		MHD_add_response_header(resp, "Allow", x->allow);
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (x->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	if (r->status == 503) /* busy (bodies, heavy pool, password checks): a polite client waits */
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
	enum MHD_Result ret = MHD_queue_response(x->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- the request's life ----------------------------------------------- */

static bool is_state_changing(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
	snprintf(out, n, "?");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

/* Writes the address text s (IPv4 or IPv6) the way client_ip does; false when it is none. */
static bool ip_canonical(const char *s, char *out, size_t n)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, s, a) == 1)
		return inet_ntop(AF_INET, a, out, (socklen_t)n) != NULL;
	if (inet_pton(AF_INET6, s, a) == 1)
		return inet_ntop(AF_INET6, a, out, (socklen_t)n) != NULL;
	return false;
}

static bool is_trusted(const http_server *srv, const char *ip)
{
	for (int i = 0; i < srv->n_trusted; i++)
		if (!strcmp(srv->trusted[i], ip))
			return true;
	return false;
}

/* Collects the X-Forwarded-For headers, in order, joined with commas. */
static enum MHD_Result xff_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *val)
{
	(void)kind;
	buf *b = cls;
	if (!strcasecmp(key, "X-Forwarded-For") && val) {
		if (b->len)
			buf_putc(b, ',');
		buf_puts(b, val);
	}
	return MHD_YES;
}

/*
 * The client of a request from a trusted proxy: X-Forwarded-For read from
 * the right (each proxy appends the address it got the request from), the
 * first address that is not itself a trusted proxy. Anything that is not an
 * address stops the walk: the request is then the proxy's own (ip kept).
 * Only called when the connection's peer is a trusted proxy; a client
 * connecting directly cannot choose its address this way.
 */
static void forwarded_ip(http_server *srv, struct MHD_Connection *c, char *ip, size_t n)
{
	buf b;
	buf_init(&b, 8192);
	MHD_get_connection_values(c, MHD_HEADER_KIND, xff_iter, &b);
	char *s = b.data;
	size_t len = b.len;
	while (s && len) {
		char *comma = NULL;
		for (size_t k = len; k > 0; k--)
			if (s[k - 1] == ',') {
				comma = s + k - 1;
				break;
			}
		char *item = comma ? comma + 1 : s;
		size_t il = len - (size_t)(item - s);
		while (il && (*item == ' ' || *item == '\t'))
			item++, il--;
		while (il && (item[il - 1] == ' ' || item[il - 1] == '\t'))
			il--;
		char one[INET6_ADDRSTRLEN + 1], canon[INET6_ADDRSTRLEN];
		if (!il || il >= sizeof one)
			break;
		memcpy(one, item, il);
		one[il] = '\0';
		if (!ip_canonical(one, canon, sizeof canon))
			break;
		snprintf(ip, n, "%s", canon);
		if (!is_trusted(srv, canon))
			break;
		len = comma ? (size_t)(comma - s) : 0;
	}
	buf_free(&b);
}

/*
 * Counts a body announced by Content-Length (clen bytes) against the
 * server-wide cap before any of it is read, and sizes the buffer for it (no
 * doubling on the way). Returns true with a 503 set when it does not fit.
 */
static bool reserve_body(req_ctx *x, unsigned long long clen)
{
	if (!clen)
		return false;
	if (!body_count(x, (size_t)clen)) {
		too_busy(x);
		return true;
	}
	return false;
}

/*
 * The checks made before the body is read. Returns true when the request was
 * answered (an error set in x->r).
 */
static bool check_api(req_ctx *x)
{
	http_server *srv = x->srv;
	http_req *r = &x->r;
	const http_route *rt;
	int rc = http_route_find(srv->cfg->routes, srv->cfg->n_routes, x->method, x->path, r, &rt, x->allow,
				 sizeof x->allow);
	if (rc == ERR_NOTFOUND) {
		set_error(x, 404, "not_found", "không có địa chỉ này trong API (xem /api/openapi.json)", NULL);
		return true;
	}
	if (rc) {
		set_error(x, 405, "method_not_allowed", "phương thức (method) này không dùng được cho địa chỉ này",
			  NULL);
		return true;
	}
	r->route = rt;
	for (int i = 0; i < r->n_params; i++)
		if (!text_utf8_valid(r->param_val[i], strlen(r->param_val[i]))) {
			set_error(x, 400, "invalid", "địa chỉ có ký tự không phải UTF-8", r->param_name[i]);
			return true;
		}
	x->limit = rt->max_body ? rt->max_body : HTTP_BODY_JSON_MAX;
	const char *cl = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long clen = 0;
	if (cl) {
		char *end;
		errno = 0;
		clen = strtoull(cl, &end, 10);
		if (errno || end == cl || clen > x->limit) {
			too_big(x);
			return true;
		}
	}
	r->store = thread_store(srv, &r->e);
	if (!r->store) {
		set_error_from(x, r->e.code ? r->e.code : ERR_DB);
		return true;
	}
	r->session = http_cookie(r, HTTP_SESSION_COOKIE);
	if (rt->perm == HTTP_PUBLIC)
		return reserve_body(x, clen);
	const char *bearer = NULL, *az = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	if (az && !strncasecmp(az, "Bearer ", 7))
		bearer = az + 7;
	err e;
	err_clear(&e);
	/* a GET reads through one snapshot: one read transaction, not one per query */
	bool reading = !is_state_changing(x->method);
	if (reading)
		store_read_begin(r->store, &e);
	rc = auth_resolve(r->store, r->session, bearer, r->now, &x->who, &e);
	if (reading)
		store_read_end(r->store);
	if (rc) {
		if (rc == ERR_UNAUTHORIZED || rc == ERR_NOTFOUND || rc == ERR_INVALID) {
			set_error(x, 401, "unauthorized", "cần đăng nhập (phiên hết hạn hoặc không hợp lệ)", NULL);
		} else {
			r->e = e;
			set_error_from(x, rc);
		}
		return true;
	}
	x->has_who = true;
	r->who = &x->who;
	if (is_state_changing(x->method) && !auth_csrf_ok(r->who, http_header(r, "X-CSRF-Token"))) {
		set_error(x, 403, "csrf", "thiếu hoặc sai mã chống giả mạo (header X-CSRF-Token)", NULL);
		return true;
	}
	if (rt->perm == HTTP_ADMIN && (rc = auth_can_admin(r->who, &e))) {
		set_error(x, http_status_of(rc), error_code_name(rc), e.msg, NULL);
		return true;
	}
	store_set_actor(r->store, r->who->user.login);
	return reserve_body(x, clen);
}

/* What framing_iter counts over the request's headers. */
typedef struct framing {
	int n_cl, n_te;
	bool cl_bad; /* a Content-Length that is not only digits */
} framing;

static enum MHD_Result framing_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *val)
{
	(void)kind;
	framing *f = cls;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		f->n_cl++;
		if (!val || !*val || strspn(val, "0123456789") != strlen(val))
			f->cl_bad = true;
	} else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
		f->n_te++;
	}
	return MHD_YES;
}

/*
 * Refuses a request whose body length is ambiguous (request smuggling):
 * Content-Length twice, Content-Length with Transfer-Encoding, Transfer-
 * Encoding twice, or a Content-Length that is not a plain number.
 * libmicrohttpd takes one of them and reads whatever follows as the next
 * request; a proxy in front may have read it the other way. Returns true
 * with a 400 set (and the connection to be closed).
 */
static bool check_framing(req_ctx *x)
{
	framing f = {0, 0, false};
	MHD_get_connection_values(x->conn, MHD_HEADER_KIND, framing_iter, &f);
	const char *why = f.n_cl > 1		 ? "Content-Length xuất hiện nhiều lần"
			  : f.n_cl && f.n_te	 ? "có cả Content-Length và Transfer-Encoding"
			  : f.n_te > 1		 ? "Transfer-Encoding xuất hiện nhiều lần"
			  : f.cl_bad		 ? "Content-Length không phải một số"
						 : NULL;
	if (!why)
		return false;
	char msg[160];
	snprintf(msg, sizeof msg, "yêu cầu không rõ độ dài nội dung: %s", why);
	set_error(x, 400, "bad_request", msg, f.n_cl > 1 || f.cl_bad ? "Content-Length" : "Transfer-Encoding");
	x->close = true;
	return true;
}

static void check_static(req_ctx *x)
{
	if (strcmp(x->method, "GET") && strcmp(x->method, "HEAD")) {
		snprintf(x->allow, sizeof x->allow, "GET, HEAD");
		set_error(x, 405, "method_not_allowed", "tệp tĩnh chỉ đọc được bằng GET", NULL);
		return;
	}
	const char *cl = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strcmp(cl, "0")) {
		set_error(x, 413, "too_big", "yêu cầu tệp tĩnh không được có nội dung", NULL);
		return;
	}
	int status = http_static_open(x->srv->web_root, x->path, &x->fd, &x->fsize, &x->ctype);
	if (status == 400)
		set_error(x, 400, "invalid_path", "đường dẫn không hợp lệ", NULL);
	else if (status)
		set_error(x, 404, "not_found", "không tìm thấy", NULL);
}

/* Runs the route's handler on r->store (a GET in one read transaction) and turns a failure into its JSON error. */
static void run_handler(req_ctx *x)
{
	http_req *r = &x->r;
	err_clear(&r->e);
	r->field[0] = '\0';
	bool reading = !is_state_changing(x->method) && r->store;
	if (x->srv->cfg->before_request)
		x->srv->cfg->before_request();
	if (reading)
		store_read_begin(r->store, &r->e);
	err_clear(&r->e);
	int rc = x->srv->cfg->validate ? x->srv->cfg->validate(r) : 0;
	if (!rc)
		rc = r->route->run(r);
	if (reading)
		store_read_end(r->store);
	else if (x->srv->cfg->after_write)
		x->srv->cfg->after_write(r);
	if (rc)
		set_error_from(x, rc);
	if (r->store)
		store_set_actor(r->store, NULL);
}

/* Queues x for the heavy pool; false when HTTP_HEAVY_QUEUE requests wait already. */
static bool heavy_submit(req_ctx *x)
{
	heavy_pool *p = &x->srv->pool;
	pthread_mutex_lock(&p->mu);
	bool room = p->waiting < HTTP_HEAVY_QUEUE;
	if (room) {
		atomic_store(&x->heavy, HEAVY_QUEUED);
		x->qnext = NULL;
		if (p->tail)
			p->tail->qnext = x;
		else
			p->head = x;
		p->tail = x;
		p->waiting++;
		pthread_cond_signal(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return room;
}

/*
 * A heavy worker: takes the oldest waiting request, runs its handler on this
 * thread's own store (as the request's user), marks it done and resumes its
 * connection, whose thread then sends the answer. Stops when told to and
 * nothing waits.
 */
static void *heavy_worker(void *arg)
{
	http_server *srv = arg;
	heavy_pool *p = &srv->pool;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->head && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->head)
			break;
		req_ctx *x = p->head;
		p->head = x->qnext;
		if (!p->head)
			p->tail = NULL;
		p->waiting--;
		pthread_mutex_unlock(&p->mu);
		http_req *r = &x->r;
		r->store = thread_store(srv, &r->e);
		if (!r->store) {
			set_error_from(x, r->e.code ? r->e.code : ERR_DB);
		} else {
			if (x->has_who)
				store_set_actor(r->store, x->who.user.login);
			run_handler(x);
		}
		atomic_store(&x->heavy, HEAVY_DONE);
		MHD_resume_connection(x->conn);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void heavy_stop(heavy_pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->n; i++)
		pthread_join(p->th[i], NULL);
	p->n = 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *data, size_t *size, void **con_cls)
{
	(void)version;
	http_server *srv = cls;
	req_ctx *x = *con_cls;
	if (!x) {
		x = calloc(1, sizeof *x);
		if (!x)
			return MHD_NO;
		*con_cls = x;
		atomic_fetch_add(&srv->inflight, 1);
		clock_gettime(CLOCK_MONOTONIC, &x->t0);
		x->srv = srv;
		x->conn = conn;
		x->fd = -1;
		http_req *r = &x->r;
		r->priv = x;
		r->status = 200;
		r->now = (int64_t)time(NULL);
		r->web_build = srv->web_build;
		buf_init(&r->body, 0);
		buf_init(&r->out, srv->out_limit);
		snprintf(x->method, sizeof x->method, "%s", method);
		r->method = x->method;
		size_t ul = strlen(url);
		x->path = strndup(url, ul > HTTP_PATH_MAX ? HTTP_PATH_MAX : ul);
		if (!x->path)
			return MHD_NO;
		r->path = x->path;
		client_ip(conn, r->ip, sizeof r->ip);
		if (srv->n_trusted && is_trusted(srv, r->ip))
			forwarded_ip(srv, conn, r->ip, sizeof r->ip);
		x->is_api = !strcmp(x->path, "/api") || !strncmp(x->path, "/api/", 5);
		if (check_framing(x))
			return queue(x);
		if (ul > HTTP_PATH_MAX) {
			set_error(x, 414, "uri_too_long", "địa chỉ quá dài", NULL);
			return queue(x);
		}
		if (x->is_api ? check_api(x) : (check_static(x), r->status != 200))
			return queue(x);
		conn_phase(srv, conn, CONN_BODY); /* headers in: the body has its own deadline */
		return MHD_YES;
	}
	http_req *r = &x->r;
	if (x->queued) { /* answered already: drop what is still coming */
		*size = 0;
		return MHD_YES;
	}
	if (*size) {
		if (x->too_big || x->busy) {
			/* dropped as it streams */
		} else if (r->body.len + *size > x->limit) {
			x->too_big = true;
		} else if (r->body.len + *size > x->counted && !body_count(x, r->body.len + *size - x->counted)) {
			x->busy = true; /* a chunked body that no longer fits under the server-wide cap */
		} else if (buf_append(&r->body, data, *size)) {
			x->too_big = true;
		}
		if (x->too_big || x->busy) {
			buf_free(&r->body);
			body_uncount(x);
		}
		*size = 0;
		return MHD_YES;
	}
	conn_phase(srv, conn, CONN_BUSY); /* received whole: a slow handler is no slow client */
	if (x->busy) {
		too_busy(x);
	} else if (x->too_big) {
		too_big(x);
	} else if (x->is_api && atomic_load(&x->heavy) == HEAVY_DONE) {
		/* resumed: the heavy pool ran the handler */
	} else if (x->is_api && r->route->cost == HTTP_HEAVY && srv->pool.n) {
		if (heavy_submit(x)) {
			MHD_suspend_connection(conn); /* this thread goes on with other connections */
			return MHD_YES;
		}
		set_error(x, 503, "busy", "máy chủ đang bận với nhiều việc nặng (nhập, xuất, báo cáo): hãy thử lại sau ít phút",
			  NULL);
	} else if (x->is_api) {
		run_handler(x);
	}
	return queue(x);
}

/* Writes s into the log, replacing control bytes so a path cannot forge lines. */
static void log_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	http_server *srv = cls;
	req_ctx *x = *con_cls;
	conn_phase(srv, conn, CONN_HEADERS); /* a kept-alive connection waits for its next request */
	if (!x)
		return;
	*con_cls = NULL;
	FILE *f = srv->cfg->log;
	if (f) {
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - x->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - x->t0.tv_nsec) / 1e6;
		time_t now = time(NULL);
		struct tm tm;
		char ts[32];
		gmtime_r(&now, &tm);
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
		flockfile(f);
		fprintf(f, "%s %s %s ", ts, x->r.ip, x->method);
		log_clean(f, x->path ? x->path : "?");
		fprintf(f, " %d %zu %.2fms%s%s\n", x->queued ? x->r.status : 0, x->bytes, ms,
			x->has_who ? " " : "", x->has_who ? x->who.user.login : "");
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			fprintf(f, "  (kết nối kết thúc sớm: %d)\n", (int)toe);
		funlockfile(f);
		fflush(f);
	}
	if (x->fd >= 0)
		close(x->fd);
	if (x->has_who)
		auth_principal_free(&x->who);
	if (x->r.input && x->r.input_free)
		x->r.input_free(x->r.input);
	buf_free(&x->r.body);
	body_uncount(x);
	buf_free(&x->r.out);
	free(x->path);
	free(x);
	atomic_fetch_sub(&srv->inflight, 1);
}

/* ---- start and stop --------------------------------------------------- */

static void stop_sweeper(http_server *srv, pthread_t th)
{
	pthread_mutex_lock(&srv->conn_mu);
	srv->sweep_stop = true;
	pthread_cond_signal(&srv->sweep_cv);
	pthread_mutex_unlock(&srv->conn_mu);
	pthread_join(th, NULL);
}

int http_serve(const http_config *c, err *e)
{
	http_server srv;
	memset(&srv, 0, sizeof srv);
	srv.cfg = c;
	atomic_init(&srv.inflight, 0);
	atomic_init(&srv.buffered, 0);
	srv.max_buffered = c->max_buffered ? c->max_buffered : HTTP_BUFFERED_MAX;
	/* tests only: a small cap on every answer, to see a failed answer become a 500 */
	const char *ol = getenv("CHITIEU_TEST_OUT_LIMIT");
	srv.out_limit = ol ? (size_t)strtoul(ol, NULL, 10) : 0;
	if (c->web_dir && !realpath(c->web_dir, srv.web_root))
		srv.web_root[0] = '\0'; /* no web folder: only the API */
	http_static_build_id(srv.web_root, srv.web_build);
	for (int i = 0; i < c->n_trusted && i < HTTP_TRUSTED_MAX; i++) {
		if (!ip_canonical(c->trusted_proxies[i], srv.trusted[i], sizeof srv.trusted[i]))
			return err_set(e, ERR_INVALID, "--trusted-proxy \"%s\": cần một địa chỉ IP như 127.0.0.1",
				       c->trusted_proxies[i]);
		srv.n_trusted = i + 1;
	}

	/* Open (and migrate) the database once before serving, so a bad path fails now. */
	store *s0 = NULL;
	if (store_open(c->db_path, &s0, e))
		return err_prefix(e, "cơ sở dữ liệu %s: ", c->db_path);
	store_close(s0);

	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)c->port);
	const char *host = c->host && *c->host ? c->host : "127.0.0.1";
	if (!strcmp(host, "localhost"))
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return err_set(e, ERR_INVALID, "--host \"%s\": cần một địa chỉ IPv4 như 127.0.0.1", host);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = c->threads > 0 ? (unsigned)c->threads : cores > 0 ? (unsigned)cores : 1;

	/* Signals go to sigwait below, never to a worker. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	if (pthread_key_create(&srv.store_key, close_thread_store))
		return err_set(e, ERR_NOMEM, "không tạo được khóa luồng (pthread key)");
	srv.header_timeout = c->header_timeout ? c->header_timeout : HTTP_HEADER_TIMEOUT;
	srv.body_timeout = c->body_timeout ? c->body_timeout : HTTP_BODY_TIMEOUT;
	pthread_mutex_init(&srv.conn_mu, NULL);
	pthread_cond_init(&srv.sweep_cv, NULL);
	pthread_t sweep_thread;
	if (pthread_create(&sweep_thread, NULL, sweeper, &srv)) {
		pthread_key_delete(srv.store_key);
		return err_set(e, ERR_NOMEM, "không tạo được luồng canh thời hạn kết nối");
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
	pthread_mutex_init(&srv.pool.mu, NULL);
	pthread_cond_init(&srv.pool.cv, NULL);
	int heavy = c->heavy_workers > 0 ? c->heavy_workers : cores >= 4 ? (int)(cores / 2) : HTTP_HEAVY_WORKERS;
	for (int i = 0; i < heavy && i < (int)(sizeof srv.pool.th / sizeof srv.pool.th[0]); i++) {
		if (pthread_create(&srv.pool.th[i], NULL, heavy_worker, &srv))
			break;
		srv.pool.n = i + 1;
	}
	http_gzip_cache_init(&srv.gz);
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)c->port, NULL, NULL, on_request, &srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)(c->max_connections ? c->max_connections : HTTP_CONNECTIONS_MAX),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(c->per_ip_connections >= 0 ? c->per_ip_connections
										  : HTTP_PER_IP_MAX),
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
		MHD_OPTION_END);
	if (!d) {
		http_gzip_cache_free(&srv.gz);
		heavy_stop(&srv.pool);
		stop_sweeper(&srv, sweep_thread);
		pthread_key_delete(srv.store_key);
		return err_set(e, ERR_IO, "không mở được cổng %s:%d (đã có chương trình khác dùng cổng này?)", host,
			       c->port);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = di ? (int)di->port : c->port;
	if (c->out) {
		fprintf(c->out, "chitieu: đang phục vụ tại http://%s:%d/ (%u luồng; Ctrl+C để dừng)\n", host, port,
			threads);
		if (!srv.web_root[0])
			fprintf(c->out, "chitieu: không có thư mục web (--web): chỉ phục vụ API\n");
		fflush(c->out);
	}

	int sig = 0;
	while (sigwait(&sigs, &sig))
		;
	/* Stop accepting, let requests in flight finish, then stop. */
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < 1000 && atomic_load(&srv.inflight) > 0; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	heavy_stop(&srv.pool); /* finishes what waits: those connections are resumed */
	stop_sweeper(&srv, sweep_thread);
	MHD_stop_daemon(d); /* joins the workers: their stores close with them */
	http_gzip_cache_free(&srv.gz); /* every response has ended */
	pthread_key_delete(srv.store_key);
	if (c->out) {
		fprintf(c->out, "chitieu: đã dừng (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
		fflush(c->out);
	}
	return 0;
}
