/*
 * cmd_notify.c - `chitieu notify config|run|test|log`: the administrator's
 * side of notifications (issue #15): the SMTP and webhook settings kept in
 * the database, one pass of the outbox for cron, a test email, and the
 * delivery log. Options only: the work is src/notify's and the store's.
 * Secrets are read from stdin, never from the command line, and never
 * printed back.
 */
#include "cli/cli.h"
#include "core/notify.h"
#include "notify/notify_send.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Prints the configuration with its secrets hidden. */
static void print_config(const notify_config *c, bool env_smtp)
{
	char safe[300];
	notify_url_safe(c->smtp_url, safe, sizeof safe);
	printf("Máy chủ thư (smtp_url):   %s%s%s\n", c->smtp_url[0] ? safe : "(chưa đặt)",
	       c->smtp_url[0] && strchr(c->smtp_url, '@') ? " (có tài khoản, không in)" : "",
	       env_smtp ? " (từ $CHITIEU_SMTP_URL)" : "");
	printf("Người gửi (from):         %s\n", c->from[0] ? c->from : "(chưa đặt)");
	notify_url_safe(c->webhook_url, safe, sizeof safe);
	printf("Webhook (webhook_url):    %s\n", c->webhook_url[0] ? safe : "(chưa đặt)");
	printf("Khóa webhook:             %s\n", c->webhook_secret[0] ? "(đã đặt, không in)" : "(chưa đặt)");
	printf("Địa chỉ trang (base_url): %s\n", c->base_url[0] ? c->base_url : "(chưa đặt: liên kết chỉ có đường dẫn)");
	printf("Gửi lại sau (backoff):    %d giây, gấp đôi mỗi lần, tối đa %d lần (max_attempts)\n", c->backoff,
	       c->max_attempts);
	printf("Chờ mỗi lần gửi (timeout): %d giây\n", c->timeout);
	if (c->remind_days)
		printf("Nhắc hạn (remind_days):   trước %d ngày; quá hạn: hằng tuần\n", c->remind_days);
	else
		printf("Nhắc hạn (remind_days):   tắt\n");
}

/* Reads one line (the secret) from stdin without its newline. */
static int read_secret(char *out, size_t n, err *e)
{
	if (!fgets(out, (int)n, stdin))
		return err_set(e, ERR_INVALID, "--webhook-secret-stdin: không đọc được khóa từ đầu vào chuẩn");
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int cmd_notify_config(const cli_args *a, err *e)
{
	static const struct { const char *opt, *name; } map[] = {
		{"smtp-url", "smtp_url"}, {"from", "from"},       {"webhook-url", "webhook_url"},
		{"base-url", "base_url"}, {"backoff", "backoff"}, {"timeout", "timeout"},
		{"max-attempts", "max_attempts"}, {"remind-days", "remind_days"},
	};
	store *s = NULL;
	char secret[NOTIFY_VALUE_MAX];
	int rc;
	bool changed = false;
	secret[0] = '\0';
	if (cli_flag(a, "webhook-secret-stdin") && (rc = read_secret(secret, sizeof secret, e)))
		return rc;
	if ((rc = cli_open(a, &s, e)) || (rc = store_begin(s, e)))
		goto done;
	for (size_t i = 0; i < sizeof map / sizeof map[0] && !rc; i++) {
		const char *v = cli_get(a, map[i].opt);
		if (v && (rc = notify_config_set(s, map[i].name, v, e)) == 0)
			changed = true;
	}
	if (!rc && cli_flag(a, "webhook-secret-stdin") && !(rc = notify_config_set(s, "webhook_secret", secret, e)))
		changed = true;
	if (rc) {
		store_rollback(s);
		goto done;
	}
	if ((rc = store_commit(s, e)))
		goto done;
	notify_config c;
	if ((rc = notify_config_load(s, &c, e)))
		goto done;
	if (changed)
		printf("Đã lưu cấu hình thông báo.\n");
	const char *env = getenv("CHITIEU_SMTP_URL");
	print_config(&c, env && env[0]);
done:
	memset(secret, 0, sizeof secret);
	store_close(s);
	return rc;
}

static int cmd_notify_run(const cli_args *a, err *e)
{
	store *s = NULL;
	notify_stats st;
	int reminders = 0;
	int rc = cli_open(a, &s, e);
	FILE *log = cli_flag(a, "quiet") ? NULL : stderr;
	if (!rc && !cli_flag(a, "no-remind"))
		rc = notify_remind_due(s, log, &reminders, e);
	if (!rc)
		rc = notify_run_due(s, NULL, log, &st, e);
	store_close(s);
	if (!rc)
		printf("Nhắc hạn %d, đã gửi %d, sẽ gửi lại %d, thôi gửi %d.\n", reminders, st.sent, st.retried, st.failed);
	return rc;
}

static int cmd_notify_test(const cli_args *a, err *e)
{
	const char *to;
	store *s = NULL;
	notify_config c;
	int rc;
	if ((rc = cli_need(a, "to", &to, e)) || (rc = notify_email_check(to, e)))
		return rc;
	if (!to[0])
		return err_set(e, ERR_INVALID, "--to: thiếu địa chỉ email");
	if ((rc = cli_open(a, &s, e)) || (rc = notify_config_load(s, &c, e)))
		goto done;
	store_notice *n = calloc(1, sizeof *n);
	if (!n) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		goto done;
	}
	n->id = (int64_t)time(NULL); /* a test message is not a stored notice: its time keeps its Message-ID apart */
	snprintf(n->kind, sizeof n->kind, "%s", NOTIFY_KIND_TEST);
	snprintf(n->subject, sizeof n->subject, "Thư thử của chitieu");
	snprintf(n->body, sizeof n->body,
		 "Đây là thư thử gửi bằng lệnh chitieu notify test.\nNếu bạn đọc được thư này, máy chủ thư đã "
		 "được cấu hình đúng.");
	snprintf(n->link, sizeof n->link, "/");
	n->created_at = n->id;
	rc = notify_send_email(&c, to, "", "", n, e);
	free(n);
	if (!rc)
		printf("Đã gửi thư thử tới %s.\n", to);
done:
	store_close(s);
	return rc;
}

/* "dd/mm/yyyy hh:mm" of a Unix time in Vietnam (UTC+7), or "-" for 0. */
static void when(char *out, size_t n, int64_t t)
{
	if (!t) {
		snprintf(out, n, "-");
		return;
	}
	time_t vn = (time_t)(t + 7 * 3600);
	struct tm tm;
	gmtime_r(&vn, &tm);
	strftime(out, n, "%d/%m/%Y %H:%M", &tm);
}

static int cmd_notify_log(const cli_args *a, err *e)
{
	store *s = NULL;
	store_delivery *d = NULL;
	size_t n = 0;
	int limit = 50;
	int rc;
	if ((rc = cli_int(a, "limit", 1, 10000, &limit, e)) || (rc = cli_open(a, &s, e)) ||
	    (rc = store_delivery_list(s, limit, &d, &n, e)))
		goto done;
	if (!n)
		printf("Chưa có thông báo nào trong hàng đợi gửi.\n");
	for (size_t i = 0; i < n; i++) {
		char created[32], at[32];
		when(created, sizeof created, d[i].created_at);
		bool sent = !strcmp(d[i].state, "sent");
		when(at, sizeof at, sent ? d[i].sent_at : d[i].next_at);
		printf("#%lld %s %-7s %-8s lần %d %s %s | %s -> %s%s%s\n", (long long)d[i].id, created, d[i].channel,
		       d[i].state, d[i].attempts,
		       sent ? "gửi lúc" : !strcmp(d[i].state, "failed") ? "thôi lúc" : "gửi tiếp", at, d[i].notice.subject,
		       d[i].channel[0] == 'e' ? d[i].address : d[i].login, d[i].last_error[0] ? " | lỗi: " : "",
		       d[i].last_error);
	}
done:
	free(d);
	store_close(s);
	return rc;
}

/* "on" or "off" of option name into *out (unchanged when absent). */
static int on_off(const cli_args *a, const char *name, bool *out, err *e)
{
	const char *v = cli_get(a, name);
	if (!v)
		return 0;
	if (strcmp(v, "on") && strcmp(v, "off"))
		return err_set(e, ERR_INVALID, "--%s: on hoặc off", name);
	*out = !strcmp(v, "on");
	return 0;
}

static int cmd_notify_pref(const cli_args *a, err *e)
{
	store *s = NULL;
	user_account u;
	store_recipient p;
	int rc;
	if ((rc = cli_open(a, &s, e)) || (rc = store_user_get(s, a->pos[0], &u, e)) ||
	    (rc = store_notify_pref_get(s, u.id, &p, e)))
		goto done;
	bool email_on = p.email_on, webhook_on = p.webhook_on, digest = p.digest;
	int qf = p.quiet_from, qt = p.quiet_to;
	if ((rc = on_off(a, "email", &email_on, e)) || (rc = on_off(a, "webhook", &webhook_on, e)) ||
	    (rc = on_off(a, "digest", &digest, e)) ||
	    (cli_get(a, "quiet") && (rc = notify_quiet_parse(cli_get(a, "quiet"), &qf, &qt, e))))
		goto done;
	if ((rc = store_begin(s, e)))
		goto done;
	if ((cli_get(a, "email") || cli_get(a, "webhook")) &&
	    (rc = store_notify_pref_set(s, u.id, email_on, webhook_on, e)))
		goto fail;
	if (cli_get(a, "quiet") && (rc = store_notify_quiet_set(s, u.id, qf, qt, e)))
		goto fail;
	if (cli_get(a, "digest") && (rc = store_notify_digest_set(s, u.id, digest, e)))
		goto fail;
	if ((rc = store_commit(s, e)))
		goto done;
	printf("%s: email %s (%s), webhook %s", u.login, email_on ? "bật" : "tắt",
	       u.email[0] ? u.email : "chưa có địa chỉ", webhook_on ? "bật" : "tắt");
	if (digest)
		printf(", gộp thành một thư mỗi ngày lúc %d giờ", NOTIFY_DIGEST_HOUR);
	if (qf != qt)
		printf(", giờ yên lặng %02d:%02d-%02d:%02d", qf / 60, qf % 60, qt / 60, qt % 60);
	printf("\n");
	goto done;
fail:
	store_rollback(s);
done:
	store_close(s);
	return rc;
}

static const cli_opt pref_opts[] = {
	{"email", "on|off", "nhận (on) hay thôi nhận (off) thông báo qua email"},
	{"webhook", "on|off", "gửi (on) hay không (off) thông báo của người này qua webhook"},
	{"quiet", "22:00-06:00", "giờ yên lặng (giờ Việt Nam): email, webhook chờ đến hết giờ; off: bỏ"},
	{"digest", "on|off", "gộp email thành một thư tổng hợp mỗi ngày lúc 7 giờ (on) hay gửi ngay (off)"},
	{NULL, NULL, NULL},
};

static const cli_opt config_opts[] = {
	{"smtp-url", "URL", "máy chủ thư: smtp://máy:587 (STARTTLS nếu có) hoặc smtps://người:mật-khẩu@máy:465"},
	{"from", "ĐỊA_CHỈ", "địa chỉ người gửi"},
	{"webhook-url", "URL", "webhook nhận thông báo dạng JSON (chỉ http:// hoặc https://)"},
	{"webhook-secret-stdin", NULL, "đọc khóa ký HMAC-SHA256 của webhook từ đầu vào chuẩn (ít nhất 16 ký tự)"},
	{"base-url", "URL", "địa chỉ trang chitieu, để liên kết trong thư là liên kết đầy đủ"},
	{"backoff", "GIÂY", "chờ trước lần gửi lại đầu (mặc định 60), gấp đôi mỗi lần, tối đa 6 giờ"},
	{"timeout", "GIÂY", "thời gian chờ mỗi lần gửi (mặc định 30)"},
	{"max-attempts", "N", "số lần gửi tối đa rồi thôi (mặc định 10)"},
	{"remind-days", "N", "nhắc nhiệm vụ sắp đến hạn trước N ngày (mặc định 3; 0: không nhắc); quá hạn: hằng tuần"},
	{NULL, NULL, NULL},
};
static const cli_opt run_opts[] = {
	{"quiet", NULL, "không in từng thông báo ra stderr"},
	{"no-remind", NULL, "không xếp lời nhắc hạn nhiệm vụ (sắp đến hạn, quá hạn) trước khi gửi"},
	{NULL, NULL, NULL},
};
static const cli_opt test_opts[] = {
	{"to", "ĐỊA_CHỈ", "địa chỉ email nhận thư thử"},
	{NULL, NULL, NULL},
};
static const cli_opt log_opts[] = {
	{"limit", "N", "số dòng (mặc định 50, mới nhất trước)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_notify_cmds[] = {
	{"notify", "config", 0, 0, NULL, config_opts, cmd_notify_config,
	 "Xem, đặt cấu hình gửi thông báo: máy chủ thư, người gửi, webhook",
	 "Đặt một giá trị là chuỗi rỗng \"\" để xóa. $CHITIEU_SMTP_URL, khi có, thay smtp_url đã lưu.\n"
	 "Mật khẩu trong smtp_url và khóa webhook không bao giờ được in ra.\n"
	 "Ví dụ: chitieu notify config --smtp-url smtp://mail.backan.gov.vn:587 --from chitieu@backan.gov.vn\n"
	 "       printf '%s\\n' \"$KHOA\" | chitieu notify config --webhook-url https://cau-noi.example/zalo \\\n"
	 "         --webhook-secret-stdin"},
	{"notify", "run", 0, 0, NULL, run_opts, cmd_notify_run,
	 "Xếp lời nhắc hạn nhiệm vụ, gửi các thông báo đến hạn trong hàng đợi rồi thoát (cho cron)",
	 "Máy chủ (chitieu serve) tự gửi; lệnh này dành cho khi không chạy máy chủ. Mỗi lời nhắc\n"
	 "(sắp đến hạn, quá hạn tuần thứ N) chỉ xếp một lần. Ví dụ trong crontab:\n"
	 "  * * * * * chitieu --db /srv/chitieu.db notify run --quiet"},
	{"notify", "test", 0, 0, NULL, test_opts, cmd_notify_test, "Gửi ngay một thư thử",
	 "Ví dụ: chitieu notify test --to vanphong@backan.gov.vn"},
	{"notify", "pref", 1, 1, "TÊN_ĐĂNG_NHẬP", pref_opts, cmd_notify_pref,
	 "Xem, đặt lựa chọn nhận thông báo của một người dùng (email, webhook)",
	 "Thông báo trong ứng dụng luôn được ghi. Ví dụ: chitieu notify pref ketoan --email off\n"
	 "       chitieu notify pref ketoan --quiet 21:30-06:30"},
	{"notify", "log", 0, 0, NULL, log_opts, cmd_notify_log,
	 "Nhật ký gửi thông báo: đã gửi, hay lỗi với câu trả lời của máy chủ và lần gửi lại", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
