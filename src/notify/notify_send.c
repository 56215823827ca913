/*
 * notify_send.c - one email over SMTP and one signed webhook POST, both
 * through libcurl, and the configuration they read (notify_send.h).
 *
 * Not for: choosing what to send or when to retry (notify_run.c), who is
 * told (core/notify.c). Nothing here logs: errors carry the server's reply
 * and the URL without its credentials.
 */
#include "notify/notify_send.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/notify.h"
#include "util/buf.h"
#include "util/html.h"

const char *const notify_config_names[] = {"smtp_url", "from",    "webhook_url",  "webhook_secret", "base_url",
					   "backoff",  "timeout", "max_attempts", "remind_days",    NULL};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc;

static void global_init(void)
{
	init_rc = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK && sodium_init() >= 0 ? 0 : -1;
}

int notify_global_init(err *e)
{
	pthread_once(&init_once, global_init);
	return init_rc ? err_set(e, ERR_IO, "không khởi tạo được thư viện gửi thư (libcurl)") : 0;
}

/* Reads one setting into out; "" when unset. */
static int get(store *s, const char *name, char *out, size_t n, err *e)
{
	bool found;
	return store_notify_config_get(s, name, out, n, &found, e);
}

/* Reads a number setting into *out (dflt when unset or unreadable). */
static int get_int(store *s, const char *name, int dflt, int *out, err *e)
{
	char v[32];
	int rc = get(s, name, v, sizeof v, e);
	*out = dflt;
	if (!rc && v[0]) {
		char *end;
		long x = strtol(v, &end, 10);
		if (!*end && x >= 0 && x < 1000000)
			*out = (int)x;
	}
	return rc;
}

int notify_config_load(store *s, notify_config *c, err *e)
{
	memset(c, 0, sizeof *c);
	int rc;
	if ((rc = get(s, "smtp_url", c->smtp_url, sizeof c->smtp_url, e)) ||
	    (rc = get(s, "from", c->from, sizeof c->from, e)) ||
	    (rc = get(s, "webhook_url", c->webhook_url, sizeof c->webhook_url, e)) ||
	    (rc = get(s, "webhook_secret", c->webhook_secret, sizeof c->webhook_secret, e)) ||
	    (rc = get(s, "base_url", c->base_url, sizeof c->base_url, e)) ||
	    (rc = get_int(s, "backoff", 60, &c->backoff, e)) || (rc = get_int(s, "timeout", 30, &c->timeout, e)) ||
	    (rc = get_int(s, "max_attempts", 10, &c->max_attempts, e)) ||
	    (rc = get_int(s, "remind_days", NOTIFY_REMIND_DAYS, &c->remind_days, e)))
		return rc;
	const char *env = getenv("CHITIEU_SMTP_URL");
	if (env && env[0])
		snprintf(c->smtp_url, sizeof c->smtp_url, "%s", env);
	return 0;
}

/* True when url parses and its scheme is one of schemes ("http,https"). */
static bool url_ok(const char *url, const char *scheme_a, const char *scheme_b)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0] &&
		  (!strcmp(scheme, scheme_a) || !strcmp(scheme, scheme_b));
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

int notify_config_set(store *s, const char *name, const char *val, err *e)
{
	int rc = notify_global_init(e);
	if (rc)
		return rc;
	bool known = false;
	for (const char *const *p = notify_config_names; *p; p++)
		known |= !strcmp(*p, name);
	if (!known)
		return err_set(e, ERR_INVALID, "không có thiết lập thông báo \"%.40s\"", name);
	if (!notify_header_safe(val))
		return err_set(e, ERR_INVALID, "%s: không được chứa xuống dòng hay ký tự điều khiển", name);
	if (!val[0])
		return store_notify_config_set(s, name, NULL, e);
	if (!strcmp(name, "smtp_url") && !url_ok(val, "smtp", "smtps"))
		return err_set(e, ERR_INVALID, "smtp_url: cần một địa chỉ smtp:// hoặc smtps:// (ví dụ smtp://mail.backan.gov.vn:587)");
	if ((!strcmp(name, "webhook_url") || !strcmp(name, "base_url")) && !url_ok(val, "http", "https"))
		return err_set(e, ERR_INVALID, "%s: chỉ nhận địa chỉ http:// hoặc https://", name);
	if (!strcmp(name, "from") && ((rc = notify_email_check(val, e))))
		return err_prefix(e, "from: ");
	if (!strcmp(name, "webhook_secret") && strlen(val) < 16)
		return err_set(e, ERR_INVALID, "webhook_secret: khóa bí mật cần ít nhất 16 ký tự");
	if (!strcmp(name, "backoff") || !strcmp(name, "timeout") || !strcmp(name, "max_attempts") ||
	    !strcmp(name, "remind_days")) {
		char *end;
		long x = strtol(val, &end, 10);
		long hi = !strcmp(name, "backoff")	? 86400
			  : !strcmp(name, "timeout")	? 600
			  : !strcmp(name, "remind_days") ? 60
							: 100;
		long lo = !strcmp(name, "remind_days") ? 0 : 1; /* 0: no reminders of deadlines */
		if (*end || x < lo || x > hi)
			return err_set(e, ERR_INVALID, "%s: cần một số nguyên từ %ld đến %ld", name, lo, hi);
	}
	return store_notify_config_set(s, name, val, e);
}

void notify_url_safe(const char *url, char *out, size_t n)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
			snprintf(out, n, "%s://%s:%s", scheme, host, port);
		else
			snprintf(out, n, "%s://%s", scheme, host);
	} else {
		snprintf(out, n, "(địa chỉ không đọc được)");
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

/* The host of url ("" when unreadable) and whether it carries a user name. */
static void url_host(const char *url, char *host_out, size_t n, bool *has_user)
{
	CURLU *u = curl_url();
	char *host = NULL, *user = NULL;
	host_out[0] = '\0';
	*has_user = false;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
			snprintf(host_out, n, "%s", host);
		*has_user = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user[0];
	}
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
}

/* Appends the base64 of p[0..len) in lines of 76 characters, each ending CRLF. */
static int put_base64(buf *b, const char *p, size_t len)
{
	int w = 0;
	for (size_t off = 0; off < len; off += 57) {
		size_t k = len - off < 57 ? len - off : 57;
		char line[80];
		sodium_bin2base64(line, sizeof line, (const unsigned char *)p + off, k, sodium_base64_VARIANT_ORIGINAL);
		w |= buf_printf(b, "%s\r\n", line);
	}
	return w;
}

/* Appends s as RFC 2047 encoded words (UTF-8, base64), each at most 45 bytes of text, folded. */
static int put_words(buf *b, const char *s)
{
	int w = 0;
	size_t len = strlen(s), off = 0;
	while (off < len) {
		size_t k = len - off < 45 ? len - off : 45;
		while (off + k < len && k > 1 && ((unsigned char)s[off + k] & 0xC0) == 0x80)
			k--; /* never split a character */
		char word[80];
		sodium_bin2base64(word, sizeof word, (const unsigned char *)s + off, k, sodium_base64_VARIANT_ORIGINAL);
		w |= buf_printf(b, "%s=?UTF-8?B?%s?=", off ? "\r\n " : "", word);
		off += k;
	}
	return w;
}

/* The absolute link of n (base_url + path), or the path alone when no base URL is set. */
static int put_link(buf *b, const notify_config *c, const store_notice *n)
{
	size_t bl = strlen(c->base_url);
	while (bl > 0 && c->base_url[bl - 1] == '/')
		bl--;
	return buf_printf(b, "%.*s%s", (int)bl, c->base_url, n->link);
}

/* The whole message (headers and both parts) into msg. */
static int build_mail(buf *msg, const notify_config *c, const char *to, const char *user_name, const char *unsub_token,
		      const store_notice *n)
{
	char host[256] = "chitieu.invalid";
	const char *at = strchr(c->from, '@');
	if (at && at[1])
		snprintf(host, sizeof host, "%s", at + 1);
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf link, text, html, unsub;
	buf_init(&link, NOTIFY_VALUE_MAX + NOTIFY_LINK_MAX);
	buf_init(&text, NOTIFY_BODY_MAX * 2);
	buf_init(&html, NOTIFY_BODY_MAX * 8);
	buf_init(&unsub, NOTIFY_VALUE_MAX + 128);
	int w = put_link(&link, c, n);
	/* the one-click unsubscribe link: only with an absolute base URL and a key of [0-9a-f] */
	bool has_unsub = c->base_url[0] && unsub_token && unsub_token[0] &&
			 strspn(unsub_token, "0123456789abcdef") == strlen(unsub_token);
	if (has_unsub) {
		size_t bl = strlen(c->base_url);
		while (bl > 0 && c->base_url[bl - 1] == '/')
			bl--;
		w |= buf_printf(&unsub, "%.*s/api/notify/unsubscribe?token=%s", (int)bl, c->base_url, unsub_token);
	}
	/* plain text: the body, the link, why they receive it and how to stop */
	w |= buf_printf(&text, "%s\n\nXem trên chitieu: %s\n\n--\nThư tự động từ chitieu; không trả lời thư này.\n"
			       "Thôi nhận thông báo qua email: %s\n",
			n->body, buf_cstr(&link), has_unsub ? buf_cstr(&unsub) : "vào chitieu, mục Thông báo");
	w |= buf_puts(&html, "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
	w |= html_escape(&html, n->subject);
	w |= buf_puts(&html, "</title></head><body><p>");
	for (const char *p = n->body; *p; p++) {
		if (*p == '\n') {
			w |= buf_puts(&html, "<br>\n");
		} else {
			char one[2] = {*p, 0};
			w |= html_escape(&html, one);
		}
	}
	w |= buf_puts(&html, "</p><p><a href=\"");
	w |= html_escape(&html, buf_cstr(&link));
	w |= buf_puts(&html, "\">Xem trên chitieu</a></p><hr><p style=\"color:#666;font-size:small\">Thư tự động từ "
			     "chitieu; không trả lời thư này. ");
	if (has_unsub) {
		w |= buf_puts(&html, "<a href=\"");
		w |= html_escape(&html, buf_cstr(&unsub));
		w |= buf_puts(&html, "\">Thôi nhận thông báo qua email</a>.");
	} else {
		w |= buf_puts(&html, "Thôi nhận thông báo qua email: vào chitieu, mục Thông báo.");
	}
	w |= buf_puts(&html, "</p></body></html>\n");
	/* headers: every value is checked or encoded, so none can add a line */
	w |= buf_printf(msg, "Date: %s\r\nFrom: chitieu <%s>\r\nTo: ", date, c->from);
	if (user_name[0] && notify_header_safe(user_name)) {
		w |= put_words(msg, user_name);
		w |= buf_puts(msg, " ");
	}
	w |= buf_printf(msg, "<%s>\r\nSubject: ", to);
	w |= put_words(msg, n->subject);
	if (has_unsub)
		w |= buf_printf(msg, "\r\nList-Unsubscribe: <%s>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click",
				buf_cstr(&unsub));
	w |= buf_printf(msg,
			"\r\nMessage-ID: <chitieu.notice.%lld@%s>\r\nX-Chitieu-Notice: %lld\r\nMIME-Version: 1.0\r\n"
			"Auto-Submitted: auto-generated\r\n"
			"Content-Type: multipart/alternative; boundary=\"chitieu-%lld\"\r\n\r\n"
			"--chitieu-%lld\r\nContent-Type: text/plain; charset=UTF-8\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\n",
			(long long)n->id, host, (long long)n->id, (long long)n->id, (long long)n->id);
	w |= put_base64(msg, buf_cstr(&text), text.len);
	w |= buf_printf(msg, "--chitieu-%lld\r\nContent-Type: text/html; charset=UTF-8\r\n"
			     "Content-Transfer-Encoding: base64\r\n\r\n", (long long)n->id);
	w |= put_base64(msg, buf_cstr(&html), html.len);
	w |= buf_printf(msg, "--chitieu-%lld--\r\n", (long long)n->id);
	buf_free(&link);
	buf_free(&text);
	buf_free(&html);
	buf_free(&unsub);
	return w;
}

/* The message as libcurl reads it. */
typedef struct reader {
	const char *p;
	size_t left;
} reader;

static size_t read_cb(char *out, size_t size, size_t nitems, void *ud)
{
	reader *r = ud;
	size_t k = size * nitems < r->left ? size * nitems : r->left;
	memcpy(out, r->p, k);
	r->p += k;
	r->left -= k;
	return k;
}

/* ERR_IO naming what failed, the server's last reply code and libcurl's
 * words (printable ASCII only: they may quote the server). */
static int curl_failed(CURL *h, CURLcode cc, const char *what, const char *safe_url, const char *errbuf, err *e)
{
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	char words[CURL_ERROR_SIZE];
	snprintf(words, sizeof words, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
	for (char *p = words; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	return err_set(e, ERR_IO, "%s %s không được: %s (mã trả lời %ld)", what, safe_url, words, code);
}

/* libcurl's progress callback: abandons the transfer once the worker is told to stop. */
static int stop_cb(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	atomic_bool *stop = ud;
	return stop && atomic_load(stop) ? 1 : 0;
}

/* Lets a transfer be abandoned when c->stop turns true (a server shutting down waits for no SMTP server). */
static void watch_stop(CURL *h, const notify_config *c)
{
	if (!c->stop)
		return;
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, stop_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c->stop);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

int notify_send_email(const notify_config *c, const char *to, const char *user_name, const char *unsub_token,
		      const store_notice *n, err *e)
{
	int rc = notify_global_init(e);
	if (rc)
		return rc;
	if (!c->smtp_url[0] || !c->from[0])
		return err_set(e, ERR_INVALID, "chưa cấu hình máy chủ thư: chitieu notify config --smtp-url URL --from ĐỊA_CHỈ");
	if (notify_email_check(to, e) || notify_email_check(c->from, e) || !to[0])
		return err_set(e, ERR_INVALID, "địa chỉ email người nhận hoặc người gửi không hợp lệ");
	char safe[300], host[256];
	bool has_user;
	notify_url_safe(c->smtp_url, safe, sizeof safe);
	url_host(c->smtp_url, host, sizeof host, &has_user);
	bool loopback = !strcmp(host, "127.0.0.1") || !strcmp(host, "localhost") || !strcmp(host, "[::1]");
	buf msg;
	buf_init(&msg, NOTIFY_BODY_MAX * 16);
	if (build_mail(&msg, c, to, user_name, unsub_token, n)) {
		buf_free(&msg);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thư");
	}
	CURL *h = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	char from[NOTIFY_VALUE_MAX + 2], rcpt_addr[EMAIL_MAX + 2], errbuf[CURL_ERROR_SIZE] = "";
	snprintf(from, sizeof from, "<%s>", c->from);
	snprintf(rcpt_addr, sizeof rcpt_addr, "<%s>", to);
	struct curl_slist *r2 = h ? curl_slist_append(NULL, rcpt_addr) : NULL;
	if (!h || !r2) {
		curl_easy_cleanup(h);
		buf_free(&msg);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi gửi thư");
	}
	rcpt = r2;
	reader rd = {buf_cstr(&msg), msg.len};
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* STARTTLS when the server offers it; required when a password travels, except on this machine */
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)(has_user && !loopback ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)(c->timeout > 0 ? c->timeout : 30));
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(c->timeout > 0 && c->timeout < 10 ? c->timeout : 10));
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	watch_stop(h, c);
	CURLcode cc = curl_easy_perform(h);
	rc = cc == CURLE_OK ? 0 : curl_failed(h, cc, "gửi thư qua", safe, errbuf, e);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	buf_free(&msg);
	return rc;
}

static size_t discard_cb(char *p, size_t size, size_t nitems, void *ud)
{
	(void)p;
	(void)ud;
	return size * nitems;
}

int notify_send_webhook(const notify_config *c, const char *login, const char *user_name, const char *email,
			const store_notice *n, err *e)
{
	int rc = notify_global_init(e);
	if (rc)
		return rc;
	if (!c->webhook_url[0] || !url_ok(c->webhook_url, "http", "https"))
		return err_set(e, ERR_INVALID, "chưa cấu hình webhook (http:// hoặc https://)");
	char safe[300];
	notify_url_safe(c->webhook_url, safe, sizeof safe);
	buf body, link;
	buf_init(&body, NOTIFY_BODY_MAX * 4);
	buf_init(&link, NOTIFY_VALUE_MAX + NOTIFY_LINK_MAX);
	int w = put_link(&link, c, n);
	w |= buf_printf(&body, "{\"id\":%lld,\"kind\":", (long long)n->id);
	w |= buf_json_str(&body, n->kind);
	w |= buf_puts(&body, ",\"user\":");
	w |= buf_json_str(&body, login);
	w |= buf_puts(&body, ",\"name\":");
	w |= buf_json_str(&body, user_name);
	w |= buf_puts(&body, ",\"email\":");
	w |= buf_json_str(&body, email);
	w |= buf_puts(&body, ",\"subject\":");
	w |= buf_json_str(&body, n->subject);
	w |= buf_puts(&body, ",\"text\":");
	w |= buf_json_str(&body, n->body);
	w |= buf_puts(&body, ",\"link\":");
	w |= buf_json_str(&body, buf_cstr(&link));
	w |= buf_printf(&body, ",\"created_at\":%lld}", (long long)n->created_at);
	buf_free(&link);
	if (w) {
		buf_free(&body);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn webhook");
	}
	/* the signature covers the timestamp and the body: a replayed body with another time fails */
	char ts[32], sig_h[128], ts_h[64], id_h[64];
	snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state hs;
	crypto_auth_hmacsha256_init(&hs, (const unsigned char *)c->webhook_secret, strlen(c->webhook_secret));
	crypto_auth_hmacsha256_update(&hs, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&hs, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&hs, (const unsigned char *)buf_cstr(&body), body.len);
	crypto_auth_hmacsha256_final(&hs, mac);
	char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	sodium_memzero(&hs, sizeof hs);
	snprintf(sig_h, sizeof sig_h, "X-Chitieu-Signature: sha256=%s", hex);
	snprintf(ts_h, sizeof ts_h, "X-Chitieu-Timestamp: %s", ts);
	snprintf(id_h, sizeof id_h, "X-Chitieu-Delivery: %lld", (long long)n->id);
	struct curl_slist *hdr = NULL, *t;
	const char *lines[] = {"Content-Type: application/json; charset=utf-8", ts_h, sig_h, id_h, "Expect:"};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		if (!(t = curl_slist_append(hdr, lines[i]))) {
			curl_slist_free_all(hdr);
			buf_free(&body);
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi gửi webhook");
		}
		hdr = t;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		curl_slist_free_all(hdr);
		buf_free(&body);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi gửi webhook");
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(h, CURLOPT_URL, c->webhook_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, buf_cstr(&body));
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)body.len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)(c->timeout > 0 ? c->timeout : 30));
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	watch_stop(h, c);
	CURLcode cc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (cc != CURLE_OK)
		rc = curl_failed(h, cc, "gửi webhook tới", safe, errbuf, e);
	else if (code < 200 || code > 299)
		rc = err_set(e, ERR_IO, "webhook %s trả lời mã %ld", safe, code);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	buf_free(&body);
	return rc;
}
