/*
 * cmd_serve.c - `chitieu serve`: starts the HTTP server (src/http) with the
 * API's route table (src/api) on the database of --db, or lists the routes
 * with --routes. Options only; the server does the rest.
 */
#include "api/api.h"
#include "api/api_cache.h"
#include "api/api_schema.h"
#include "cli/cli.h"
#include "cli/serve_backup.h"
#include "http/http.h"
#include "notify/notify_send.h"

#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <binary dir>/../web if it exists, else ./web if it exists, else NULL. */
static const char *default_web(char out[PATH_MAX], size_t n)
{
	char exe[PATH_MAX - 16];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		exe[k] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(out, n, "%s/../web", exe);
			if (is_dir(out))
				return out;
		}
	}
	snprintf(out, n, "web");
	return is_dir(out) ? out : NULL;
}

/* The outbox's worker (notify_send.h): its own store, a pass every second
 * until stop, the reminders of deadlines every OUTBOX_REMIND_EVERY seconds;
 * a failing database or SMTP server is logged and tried again, never stops
 * the server. */
#define OUTBOX_REMIND_EVERY 600
typedef struct outbox_worker {
	const char *db_path;
	atomic_bool stop;
	atomic_bool done; /* set by the worker as it returns */
	FILE *log;
} outbox_worker;

/* How long a stopping server waits for a delivery in flight (ms); then it exits
 * without it: the delivery, still leased, is sent again later (notify_send.h). */
#define OUTBOX_STOP_WAIT_MS 2000

static void *outbox_main(void *arg)
{
	outbox_worker *w = arg;
	store *s = NULL;
	bool told = false;
	time_t reminded = 0;
	while (!atomic_load(&w->stop)) {
		err e;
		err_clear(&e);
		time_t now = time(NULL);
		if (!s && store_open(w->db_path, &s, &e)) {
			s = NULL;
		} else {
			int rc = 0;
			if (now - reminded >= OUTBOX_REMIND_EVERY && !(rc = notify_remind_due(s, w->log, NULL, &e)))
				reminded = now;
			if (!rc)
				rc = notify_run_due(s, &w->stop, w->log, NULL, &e);
			if (!rc) {
				told = false;
			} else {
				store_close(s); /* opened again on the next pass: the server may have come back */
				s = NULL;
			}
		}
		if (e.code && !told) {
			fprintf(w->log, "thông báo: hàng đợi gửi tạm dừng: %s\n", e.msg);
			told = true;
		}
		for (int i = 0; i < 10 && !atomic_load(&w->stop); i++)
			nanosleep(&(struct timespec){0, 100000000}, NULL);
	}
	store_close(s);
	atomic_store(&w->done, true);
	return NULL;
}

static int cmd_serve(const cli_args *a, err *e)
{
	int rc;
	if ((rc = api_schema_init(e))) /* the route table's descriptions: a programming error if they do not read */
		return rc;
	if (cli_flag(a, "openapi")) {
		buf b;
		buf_init(&b, 0);
		if ((rc = api_openapi_write(&b)))
			rc = err_set(e, rc, "hết bộ nhớ khi viết tài liệu OpenAPI");
		else if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout))
			rc = err_set(e, ERR_IO, "không ghi được tài liệu OpenAPI ra stdout");
		buf_free(&b);
		return rc;
	}
	if (cli_flag(a, "routes")) {
		for (size_t i = 0; i < api_n_routes; i++)
			printf("%-6s %-28s %-6s %s\n", api_routes[i].method, api_routes[i].pattern,
			       http_perm_code(api_routes[i].perm), api_routes[i].summary);
		return 0;
	}
	/* Requests allocate and free buffers of a few hundred KB (answers, bodies,
	 * SQLite's statements): without this glibc gives the worker threads'
	 * heaps back to the kernel after each and faults the pages in again at
	 * the next (a third of a value write's time went to page faults and TLB
	 * shootdowns, issue #14). The memory stays with the process instead;
	 * the 30-minute soak shows it does not grow (docs/PERFORMANCE.md). */
	if (!mallopt(M_MMAP_THRESHOLD, 8 << 20) || !mallopt(M_TRIM_THRESHOLD, 64 << 20))
		fprintf(stderr, "chitieu serve: mallopt không đặt được ngưỡng cấp phát (bỏ qua)\n");
	http_config c;
	memset(&c, 0, sizeof c);
	c.host = cli_get(a, "host") ? cli_get(a, "host") : "127.0.0.1";
	c.port = 8080;
	if ((rc = cli_int(a, "port", 0, 65535, &c.port, e)) || (rc = cli_int(a, "threads", 1, 256, &c.threads, e)))
		return rc;
	char web[PATH_MAX];
	c.web_dir = cli_get(a, "web");
	if (c.web_dir && !is_dir(c.web_dir))
		return err_set(e, ERR_INVALID, "--web \"%s\": không phải một thư mục", c.web_dir);
	if (!c.web_dir)
		c.web_dir = default_web(web, sizeof web);
	c.per_ip_connections = -1;
	if ((rc = cli_int(a, "max-connections", 4, 100000, &c.max_connections, e)) ||
	    (rc = cli_int(a, "per-ip-connections", 0, 100000, &c.per_ip_connections, e)) ||
	    (rc = cli_int(a, "header-timeout", 1, 3600, &c.header_timeout, e)) ||
	    (rc = cli_int(a, "body-timeout", 1, 86400, &c.body_timeout, e)) ||
	    (rc = cli_int(a, "heavy", 1, 64, &c.heavy_workers, e)))
		return rc;
	int checks = 2;
	if ((rc = cli_int(a, "password-checks", 1, 64, &checks, e)) || (rc = auth_password_limit(checks, 5000, e)))
		return rc;
	int mib = 0;
	if ((rc = cli_int(a, "max-buffered", 16, 65536, &mib, e)))
		return rc;
	int lag = API_DASHBOARD_LAG_MS;
	if ((rc = cli_int(a, "dashboard-lag", 0, 60000, &lag, e)))
		return rc;
	api_cache_set_lag(lag);
	c.max_buffered = (size_t)mib << 20;
	for (int i = 0; i < a->n_opts; i++) /* --trusted-proxy may be given several times */
		if (!strcmp(a->opt_name[i], "trusted-proxy")) {
			if (c.n_trusted == HTTP_TRUSTED_MAX)
				return err_set(e, ERR_INVALID, "--trusted-proxy: nhiều nhất %d địa chỉ", HTTP_TRUSTED_MAX);
			c.trusted_proxies[c.n_trusted++] = a->opt_val[i];
		}
	c.db_path = a->db_path;
	c.routes = api_routes;
	c.n_routes = api_n_routes;
	c.log = stderr;
	c.before_request = api_before_request;
	c.after_write = api_after_write;
	c.validate = api_validate;
	c.out = stdout;
	/* scheduled backups: a thread of their own, stopped after the server */
	serve_backup *bk = NULL;
	const char *bdir = cli_get(a, "backup-dir");
	if (bdir) {
		int keep = 7;
		long every = 24 * 3600;
		const char *ev = cli_get(a, "backup-every");
		if ((rc = cli_int(a, "backup-keep", 1, 10000, &keep, e)) ||
		    (ev && (rc = serve_backup_every(ev, &every, e))) ||
		    (rc = serve_backup_start(a->db_path, bdir, keep, every, stderr, &bk, e)))
			return rc;
	} else if (cli_get(a, "backup-keep") || cli_get(a, "backup-every")) {
		return err_set(e, ERR_INVALID, "--backup-keep và --backup-every đi cùng --backup-dir");
	}
	outbox_worker w = {.db_path = a->db_path, .log = stderr};
	atomic_init(&w.stop, false);
	atomic_init(&w.done, false);
	pthread_t worker;
	bool started = false;
	if (!cli_flag(a, "no-notify")) {
		if ((rc = notify_global_init(e))) {
			serve_backup_stop(bk);
			return rc;
		}
		/* the worker never takes SIGTERM or SIGINT: http_serve waits for them */
		sigset_t sigs, old;
		sigemptyset(&sigs);
		sigaddset(&sigs, SIGTERM);
		sigaddset(&sigs, SIGINT);
		pthread_sigmask(SIG_BLOCK, &sigs, &old);
		started = pthread_create(&worker, NULL, outbox_main, &w) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (!started) {
			serve_backup_stop(bk);
			return err_set(e, ERR_NOMEM, "không tạo được luồng gửi thông báo");
		}
	}
	rc = http_serve(&c, e);
	if (started) {
		atomic_store(&w.stop, true);
		/* libcurl may not look at the stop flag while an SMTP server sits on
		 * its answer: wait a little, then leave the worker to the exit */
		for (int i = 0; i < OUTBOX_STOP_WAIT_MS / 10 && !atomic_load(&w.done); i++)
			nanosleep(&(struct timespec){0, 10000000}, NULL);
		if (atomic_load(&w.done))
			pthread_join(worker, NULL);
		else
			fprintf(stderr, "thông báo: bỏ dở một lần gửi khi dừng; sẽ gửi lại sau\n");
	}
	serve_backup_stop(bk);
	return rc;
}

static const cli_opt serve_opts[] = {
	{"host", "ĐỊA_CHỈ", "địa chỉ IPv4 để nghe (mặc định 127.0.0.1)"},
	{"port", "CỔNG", "cổng (mặc định 8080; 0 = một cổng trống bất kỳ, in ra khi chạy)"},
	{"web", "THƯ_MỤC", "thư mục tệp tĩnh (mặc định <thư mục chương trình>/../web hoặc ./web)"},
	{"threads", "N", "số luồng xử lý (mặc định: số lõi CPU)"},
	{"max-connections", "N", "số kết nối mở cùng lúc (mặc định 1000)"},
	{"per-ip-connections", "N",
	 "số kết nối cùng lúc từ một địa chỉ (mặc định 512; 0 = không giới hạn; sau proxy: mọi kết nối là của proxy)"},
	{"header-timeout", "GIÂY",
	 "thời gian tối đa để nhận xong tiêu đề một yêu cầu, kể cả chờ yêu cầu kế tiếp trên kết nối giữ lại (mặc định 15)"},
	{"body-timeout", "GIÂY", "thời gian tối đa để nhận xong nội dung một yêu cầu (mặc định 300)"},
	{"heavy", "N",
	 "số luồng chạy việc nặng (nhập, xuất, báo cáo) riêng với các luồng nhận yêu cầu (mặc định 1; từ 4 lõi: nửa số lõi)"},
	{"password-checks", "N",
	 "số lần kiểm tra mật khẩu (argon2id, 64 MiB mỗi lần) chạy cùng lúc (mặc định 2; chờ tối đa 5 giây rồi trả 503)"},
	{"max-buffered", "MiB",
	 "nội dung yêu cầu giữ cùng lúc, mọi kết nối cộng lại (mặc định 256; quá thì trả 503)"},
	{"trusted-proxy", "ĐỊA_CHỈ",
	 "một proxy (nginx) được tin: địa chỉ người dùng lấy từ X-Forwarded-For của nó (lặp lại cho nhiều proxy)"},
	{"dashboard-lag", "MS",
	 "bảng đánh giá đã tính được dùng lại chừng ấy mili giây (hoặc gấp đôi thời gian tính, nếu lâu hơn) "
	 "dù người khác vừa nhập số (mặc định 100; 0 = tính lại ngay); người vừa nhập luôn thấy số của mình"},
	{"routes", NULL, "chỉ in danh sách địa chỉ API rồi thoát"},
	{"openapi", NULL, "chỉ in tài liệu OpenAPI 3.1 của API (như GET /api/openapi.json) rồi thoát"},
	{"backup-dir", "THƯ_MỤC", "sao lưu định kỳ CSDL vào thư mục này (chitieu-NĂMTHÁNGNGÀY-GIỜ.db/.dump)"},
	{"backup-keep", "N", "giữ N bản sao lưu mới nhất (mặc định 7)"},
	{"backup-every", "KHOẢNG", "khoảng giữa hai lần sao lưu: 30m, 6h, 1d (mặc định 24h)"},
	{"no-notify", NULL, "không gửi thông báo từ máy chủ này (khi chitieu notify run chạy bằng cron)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_serve_cmds[] = {
	{"serve", NULL, 0, 0, NULL, serve_opts, cmd_serve, "Chạy máy chủ web và API JSON",
	 "Dừng bằng Ctrl+C hoặc SIGTERM: ngừng nhận kết nối, chờ các yêu cầu đang xử lý xong rồi thoát.\n"
	 "Mỗi yêu cầu ghi một dòng nhật ký ra stderr. Ví dụ: chitieu serve --port 8080"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
