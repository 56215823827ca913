/*
 * fuzz_api.c - libFuzzer harness of the HTTP request path and every light
 * route's query and JSON body: the real server (http_serve with the API's
 * route table, hooks and central check of query and body) runs in a thread of the fuzzer, on the demo
 * database in a temporary directory under /tmp, and each input is sent to it
 * over a loopback socket. The first byte picks what the rest is:
 *  - 0xFF: the whole request, bytes as they come (framing: request line,
 *    headers, Content-Length and Transfer-Encoding, chunked bodies);
 *  - else: route number (first byte, among the light routes but those that
 *    would lock the fuzzer out: login, logout, password, tokens, users) as an
 *    administrator with an API token; the bytes up to the first newline are
 *    the query string, the rest the body (sent as application/json).
 * Properties: nothing crashes, leaks or trips the sanitizers in the server;
 * every answer is an HTTP status line; no answer is a 500 (a fault of the
 * server; 503 for busy is fine); a JSON error answer is an object with an
 * "error". Heavy routes (imports, reports, exports) have parsers of their
 * own and harnesses of their own (fuzz_import, fuzz_adx, fuzz_xlsx, fuzz_csv).
 *
 * Not for: throughput (one request at a time, a new connection each).
 */
#include "fuzz.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "api/api_schema.h"
#include "auth/auth.h"
#include "demo/demo.h"
#include "http/http.h"
#include "store/store.h"

static int g_port;
static char g_token[AUTH_SECRET_LEN + 1];
static const http_route *g_routes[512];
static size_t g_n;
static http_config g_cfg;

static void *serve_thread(void *arg)
{
	(void)arg;
	err e;
	err_clear(&e);
	if (http_serve(&g_cfg, &e))
		fz_fail("http_serve: %s", e.msg);
	return NULL;
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof sa;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) || getsockname(fd, (struct sockaddr *)&sa, &len))
		fz_fail("no free port");
	close(fd);
	return ntohs(sa.sin_port);
}

static int dial(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends req (n bytes), ends the sending side and reads the answer (at most
 * cap bytes, 10 s) into out; returns its length. */
static size_t exchange(const char *req, size_t n, char *out, size_t cap)
{
	int fd = -1;
	for (int i = 0; i < 100 && (fd = dial()) < 0; i++)
		nanosleep(&(struct timespec){0, 20000000}, NULL);
	if (fd < 0)
		fz_fail("the server does not accept connections");
	for (size_t off = 0; off < n;) {
		ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* the server may close early on a bad request */
		off += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	size_t got = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	while (got + 1 < cap && poll(&p, 1, 10000) > 0) {
		ssize_t r = recv(fd, out + got, cap - 1 - got, 0);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	out[got] = '\0';
	close(fd);
	return got;
}

static bool excluded(const http_route *rt)
{
	static const char *const deny[] = {"/api/login", "/api/logout", "/api/password", "/api/tokens", "/api/users"};
	if (rt->cost == HTTP_HEAVY)
		return true;
	for (size_t i = 0; i < sizeof deny / sizeof deny[0]; i++)
		if (!strncmp(rt->pattern, deny[i], strlen(deny[i])))
			return true;
	return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	static char dir[] = "/tmp/chitieu_fuzz_api_XXXXXX", path[256];
	if (!mkdtemp(dir))
		fz_fail("mkdtemp");
	snprintf(path, sizeof path, "%s/demo.db", dir);
	setenv("CHITIEU_TODAY", "2022-06-20", 1); /* June 2022 open for entry */
	setenv("CHITIEU_NO_PROGRESS", "1", 1);
	store *s = NULL;
	err e;
	err_clear(&e);
	demo_stats st;
	if (store_open(path, &s, &e) || demo_create(s, &st, NULL, NULL, &e))
		fz_fail("demo: %s", e.msg);
	user_account u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "fuzz");
	snprintf(u.name, sizeof u.name, "Kiểm thử mờ");
	u.role = ROLE_ADMIN;
	if (auth_user_create(s, &u, "mat-khau-kiem-thu-mo-123", NULL, 0, &e) ||
	    auth_token_create(s, "fuzz", "fuzz", time(NULL) + 86400, g_token, &e))
		fz_fail("user: %s", e.msg);
	store_close(s);
	for (size_t i = 0; i < api_n_routes && g_n < sizeof g_routes / sizeof g_routes[0]; i++)
		if (!excluded(&api_routes[i]))
			g_routes[g_n++] = &api_routes[i];
	g_port = free_port();
	g_cfg.host = "127.0.0.1";
	g_cfg.port = g_port;
	g_cfg.threads = 2;
	g_cfg.db_path = path;
	g_cfg.routes = api_routes;
	g_cfg.n_routes = api_n_routes;
	g_cfg.per_ip_connections = 0;
	g_cfg.before_request = api_before_request;
	g_cfg.after_write = api_after_write;
	g_cfg.validate = api_validate; /* the central check of query and body, as chitieu serve runs it */
	if (api_schema_init(&e))
		fz_fail("route table: %s", e.msg);
	g_cfg.log = fopen("/dev/null", "w");
	g_cfg.out = fopen("/dev/null", "w");
	if (!g_cfg.log || !g_cfg.out)
		fz_fail("fopen /dev/null");
	pthread_t th;
	if (pthread_create(&th, NULL, serve_thread, NULL))
		fz_fail("pthread_create");
	pthread_detach(th);
	return 0;
}

/* The status of an answer ("HTTP/1.1 200 OK..."); fails when there is none. */
static int status_of(const char *ans, size_t n, const char *what)
{
	int code = 0;
	if (n < 12 || strncmp(ans, "HTTP/1.", 7) || sscanf(ans + 9, "%3d", &code) != 1)
		fz_fail("%s: no HTTP status line in the answer (%zu bytes): %.80s", what, n, ans);
	return code;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char ans[1 << 20];
	if (size == 0 || size > 8192)
		return 0;
	if (data[0] == 0xFF) {
		size_t n = exchange((const char *)data + 1, size - 1, ans, sizeof ans);
		if (n == 0)
			return 0; /* closed without a word: a request it would not read */
		if (status_of(ans, n, "raw request") == 500)
			fz_fail("raw request answered 500: %.200s", ans);
		return 0;
	}
	const http_route *rt = g_routes[data[0] % g_n];
	const char *rest = (const char *)data + 1;
	size_t nrest = size - 1;
	const char *nl = memchr(rest, '\n', nrest);
	size_t qlen = nl ? (size_t)(nl - rest) : 0;
	const char *body = nl ? nl + 1 : rest;
	size_t blen = nrest - (nl ? qlen + 1 : 0);
	/* the path: the pattern with each {param} as "1"; the query: printable bytes only */
	char path[512], query[1024];
	size_t k = 0;
	for (const char *p = rt->pattern; *p && k + 2 < sizeof path; p++) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			path[k++] = '1';
			p = e ? e : p;
		} else {
			path[k++] = *p;
		}
	}
	path[k] = '\0';
	k = 0;
	for (size_t i = 0; i < qlen && k + 1 < sizeof query; i++)
		if (rest[i] > ' ' && rest[i] < 0x7f)
			query[k++] = rest[i];
	query[k] = '\0';
	char *req = malloc(2048 + blen);
	if (!req)
		abort();
	int h = snprintf(req, 2048,
			 "%s %s%s%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
			 "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
			 rt->method, path, k ? "?" : "", query, g_token, blen);
	memcpy(req + h, body, blen);
	size_t n = exchange(req, (size_t)h + blen, ans, sizeof ans);
	free(req);
	int code = status_of(ans, n, rt->pattern);
	if (code == 500)
		fz_fail("%s %s answered 500: %.300s", rt->method, rt->pattern, ans);
	const char *b = strstr(ans, "\r\n\r\n");
	if (code >= 400 && b && strstr(ans, "application/json") && !strstr(b, "{\"error\""))
		fz_fail("%s %s: a %d answer without an error object: %.300s", rt->method, rt->pattern, code, b);
	return 0;
}
