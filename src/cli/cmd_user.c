/*
 * cmd_user.c - `chitieu user add|list|passwd|token|disable|enable`: the
 * server's accounts from the command line (the administrator's tool before
 * and beside the web pages).
 *
 * Passwords never come from the command line (they would show in `ps` and
 * the shell history): either --password-stdin, or a random one printed once.
 * Tokens are printed once, alone on stdout, so a script can capture them.
 * Not for: the rules (src/auth) or the rows (store.h).
 */
#include "cli/cli.h"
#include "core/notify.h"
#include "auth/auth.h"
#include "util/text.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PW_READ_MAX 1100     /* the policy refuses more than 1024 bytes */
#define GENERATED_PW_LEN 16
#define MAX_SCOPES 64
#define TOKEN_DAYS_DEFAULT 90

/*
 * Reads one line of password from stdin (without its line end). On a
 * terminal it prompts on stderr and turns echo off.
 */
static int read_password(char *out, size_t n, err *e)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	char *got;
	size_t len;

	if (tty) {
		fputs("Mật khẩu: ", stderr);
		fflush(stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return err_set(e, ERR_INVALID, "không đọc được mật khẩu từ đầu vào chuẩn (stdin)");
	len = strlen(out);
	if (len == n - 1 && out[len - 1] != '\n') {
		sodium_memzero(out, n);
		return err_set(e, ERR_INVALID, "mật khẩu đọc từ stdin quá dài");
	}
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return 0;
}

/* The password to set: from stdin with --password-stdin, else generated (*generated true). */
static int get_password(const cli_args *a, char *out, size_t n, bool *generated, err *e)
{
	*generated = !cli_flag(a, "password-stdin");
	if (*generated) {
		auth_password_random(out, n, GENERATED_PW_LEN);
		if (!out[0])
			return err_set(e, ERR_IO, "không tạo được mật khẩu ngẫu nhiên");
		return 0;
	}
	return read_password(out, n, e);
}

/* Adds the units of option --opt (a comma-separated list, empty items skipped)
 * as scopes of `kind`; the messages name the option. */
static int parse_scopes(const cli_args *a, const char *opt, scope_kind kind, user_scope *sc, size_t *n,
			err *e)
{
	const char *p = cli_get(a, opt);
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (*p == ' ')) {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (len) {
			if (*n >= MAX_SCOPES)
				return err_set(e, ERR_INVALID, "--%s: quá %d đơn vị trong phạm vi (--view và --enter)",
					       opt, MAX_SCOPES);
			if (len >= sizeof sc[*n].unit_code)
				return err_set(e, ERR_INVALID, "--%s: mã đơn vị \"%.*s\" quá dài", opt,
					       (int)(len > 40 ? 40 : len), p);
			memcpy(sc[*n].unit_code, p, len);
			sc[*n].unit_code[len] = '\0';
			sc[*n].kind = kind;
			(*n)++;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int cmd_user_add(const cli_args *a, err *e)
{
	user_account u;
	user_scope sc[MAX_SCOPES];
	size_t n_sc = 0;
	char pw[PW_READ_MAX];
	const char *login, *name, *role;
	bool generated = false;
	store *s = NULL;
	int rc;

	memset(&u, 0, sizeof u);
	memset(sc, 0, sizeof sc);
	/* The login may also come first, as in the other user commands. */
	login = cli_get(a, "login");
	if (a->n_pos && login && strcmp(login, a->pos[0]))
		return err_set(e, ERR_INVALID, "hai tên đăng nhập khác nhau: \"%s\" và --login \"%s\"",
			       a->pos[0], login);
	if (a->n_pos)
		login = a->pos[0];
	else if ((rc = cli_need(a, "login", &login, e)))
		return rc;
	if ((rc = cli_need(a, "name", &name, e)) || (rc = cli_need(a, "role", &role, e)))
		return rc;
	if ((rc = model_set_text(u.login, sizeof u.login, login, "login", e)) ||
	    (rc = model_set_text(u.name, sizeof u.name, name, "name", e)) ||
	    (rc = user_role_from_code(role, &u.role, e)))
		return rc;
	if (cli_get(a, "agency") &&
	    (rc = model_set_text(u.agency_code, sizeof u.agency_code, cli_get(a, "agency"), "agency", e)))
		return rc;
	if ((rc = parse_scopes(a, "view", SCOPE_VIEW, sc, &n_sc, e)) ||
	    (rc = parse_scopes(a, "enter", SCOPE_ENTER, sc, &n_sc, e)))
		return rc;
	const char *email = cli_get(a, "email");
	if (email && (rc = notify_email_check(email, e)))
		return err_prefix(e, "--email: ");
	if ((rc = get_password(a, pw, sizeof pw, &generated, e)))
		return rc;
	if ((rc = cli_open(a, &s, e)) == 0 && (rc = store_begin(s, e)) == 0) {
		rc = auth_user_create(s, &u, pw, sc, n_sc, e);
		if (!rc && email && email[0])
			rc = store_user_email_set(s, u.id, email, e);
		if (rc)
			store_rollback(s);
		else
			rc = store_commit(s, e);
	}
	store_close(s);
	if (!rc) {
		printf("Đã tạo người dùng %s (%s, %s).\n", u.login, u.name, user_role_label(u.role));
		if (generated)
			printf("Mật khẩu (chỉ hiện một lần, hãy đổi sau khi đăng nhập): %s\n", pw);
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* "xem: 058; nhập: 01837, 01834" */
static void scopes_text(buf *b, const user_scope *sc, size_t n)
{
	static const struct { scope_kind kind; const char *label; } kinds[] = {
		{SCOPE_VIEW, "xem"}, {SCOPE_ENTER, "nhập"}};
	bool any = false;
	for (size_t k = 0; k < 2; k++) {
		bool first = true;
		for (size_t i = 0; i < n; i++) {
			if (sc[i].kind != kinds[k].kind)
				continue;
			if (first)
				buf_printf(b, "%s%s: ", any ? "; " : "", kinds[k].label);
			else
				buf_puts(b, ", ");
			buf_puts(b, sc[i].unit_code);
			first = false;
			any = true;
		}
	}
	if (!any)
		buf_puts(b, "-");
}

static int cmd_user_list(const cli_args *a, err *e)
{
	store *s = NULL;
	user_account *users = NULL;
	size_t n = 0;
	buf b;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	rc = store_user_list(s, &users, &n, e);
	buf_init(&b, 0);
	if (!rc) {
		text_pad(&b, "Tên đăng nhập", 18, false);
		text_pad(&b, "Họ tên", 28, false);
		text_pad(&b, "Vai trò", 20, false);
		text_pad(&b, "Cơ quan", 9, false);
		text_pad(&b, "Trạng thái", 12, false);
		buf_puts(&b, "Phạm vi\n");
	}
	for (size_t i = 0; !rc && i < n; i++) {
		user_scope *sc = NULL;
		size_t n_sc = 0;
		if ((rc = store_user_scopes(s, users[i].id, &sc, &n_sc, e)))
			break;
		text_pad(&b, users[i].login, 18, false);
		text_pad(&b, users[i].name, 28, false);
		text_pad(&b, user_role_label(users[i].role), 20, false);
		text_pad(&b, users[i].agency_code[0] ? users[i].agency_code : "-", 9, false);
		text_pad(&b, users[i].active ? "hoạt động" : "đã khóa", 12, false);
		scopes_text(&b, sc, n_sc);
		buf_putc(&b, '\n');
		free(sc);
	}
	if (!rc) {
		buf_printf(&b, "(%zu người dùng)\n", n);
		rc = cli_print(b.data, b.len, e);
	}
	buf_free(&b);
	if (users)
		sodium_memzero(users, n * sizeof *users); /* the hashes were in memory */
	free(users);
	store_close(s);
	return rc;
}

static int cmd_user_passwd(const cli_args *a, err *e)
{
	char pw[PW_READ_MAX];
	bool generated = false;
	store *s = NULL;
	int rc = get_password(a, pw, sizeof pw, &generated, e);
	if (rc)
		return rc;
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = auth_password_change(s, a->pos[0], NULL, pw, e);
	store_close(s);
	if (!rc) {
		printf("Đã đặt lại mật khẩu của %s; các phiên đăng nhập của người này đã kết thúc.\n",
		       a->pos[0]);
		if (generated)
			printf("Mật khẩu mới (chỉ hiện một lần): %s\n", pw);
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

static int cmd_user_token(const cli_args *a, err *e)
{
	char tok[AUTH_SECRET_LEN + 1];
	const char *name;
	int days = TOKEN_DAYS_DEFAULT;
	int64_t expires = 0;
	store *s = NULL;
	int rc;

	if ((rc = cli_need(a, "name", &name, e)) || (rc = cli_int(a, "days", 1, AUTH_TOKEN_MAX_DAYS, &days, e)))
		return rc;
	expires = (int64_t)time(NULL) + (int64_t)days * 86400;
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = auth_token_create(s, a->pos[0], name, expires, tok, e);
	store_close(s);
	if (!rc) {
		/* The token alone on stdout (for TOKEN=$(chitieu user token ...)); the note on stderr. */
		printf("%s\n", tok);
		fflush(stdout);
		if (expires) {
			time_t t = (time_t)expires;
			struct tm tm;
			localtime_r(&t, &tm);
			fprintf(stderr,
				"Mã truy cập \"%s\" của %s, hết hạn ngày %02d/%02d/%04d. Mã chỉ hiện một lần;"
				" dùng trong tiêu đề \"Authorization: Bearer <mã>\".\n",
				name, a->pos[0], tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
		} else {
			fprintf(stderr,
				"Mã truy cập \"%s\" của %s, không hết hạn. Mã chỉ hiện một lần;"
				" dùng trong tiêu đề \"Authorization: Bearer <mã>\".\n",
				name, a->pos[0]);
		}
	}
	sodium_memzero(tok, sizeof tok);
	return rc;
}

static int set_active(const cli_args *a, bool active, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc == 0)
		rc = auth_user_set_active(s, a->pos[0], active, e);
	store_close(s);
	if (!rc)
		printf(active ? "Đã mở khóa người dùng %s.\n"
			      : "Đã khóa người dùng %s; các phiên đăng nhập và mã truy cập của người này"
				" không còn dùng được.\n",
		       a->pos[0]);
	return rc;
}

static int cmd_user_disable(const cli_args *a, err *e)
{
	return set_active(a, false, e);
}

static int cmd_user_enable(const cli_args *a, err *e)
{
	return set_active(a, true, e);
}

/* `chitieu user email LOGIN [ĐỊA_CHỈ]`: sets the user's address (checked), or shows it. */
static int cmd_user_email(const cli_args *a, err *e)
{
	store *s = NULL;
	user_account u;
	int rc;
	if (a->n_pos > 1 && (rc = notify_email_check(a->pos[1], e)))
		return rc;
	if ((rc = cli_open(a, &s, e)) || (rc = store_user_get(s, a->pos[0], &u, e)))
		goto done;
	if (a->n_pos > 1) {
		if (!(rc = store_user_email_set(s, u.id, a->pos[1], e)))
			printf(a->pos[1][0] ? "Đã đặt email của %s: %s\n" : "Đã xóa email của %s%s\n", u.login, a->pos[1]);
	} else {
		printf("%s\n", u.email[0] ? u.email : "(chưa có email)");
	}
done:
	store_close(s);
	return rc;
}

static const cli_opt add_opts[] = {
	{"email", "ĐỊA_CHỈ", "địa chỉ email nhận thông báo (kiểm tra khi nhập)"},
	{"login", "TÊN", "tên đăng nhập: chữ không dấu, số, . _ - @ (hoặc đối số đầu)"},
	{"name", "HỌ_TÊN", "họ tên người dùng"},
	{"role", "VAI_TRÒ", "admin | leader | department | ward | viewer"},
	{"agency", "MÃ", "cơ quan (bắt buộc với department)"},
	{"view", "ĐƠN_VỊ,...", "các đơn vị được xem (gồm cả đơn vị con)"},
	{"enter", "ĐƠN_VỊ,...", "các đơn vị được nhập số liệu (gồm cả đơn vị con; được xem luôn)"},
	{"password-stdin", NULL, "đọc mật khẩu từ đầu vào chuẩn (nếu không: tạo ngẫu nhiên và in ra)"},
	{NULL, NULL, NULL},
};
static const cli_opt passwd_opts[] = {
	{"password-stdin", NULL, "đọc mật khẩu mới từ đầu vào chuẩn (nếu không: tạo ngẫu nhiên và in ra)"},
	{NULL, NULL, NULL},
};
static const cli_opt token_opts[] = {
	{"name", "TÊN", "tên của mã (để liệt kê, thu hồi)"},
	{"days", "N", "số ngày có hiệu lực: 1 đến 365 (mặc định 90)"},
	{NULL, NULL, NULL},
};
static const cli_opt no_opts[] = {{NULL, NULL, NULL}};

const cli_cmd cli_user_cmds[] = {
	{"user", "add", 0, 1, "[TÊN_ĐĂNG_NHẬP]", add_opts, cmd_user_add, "Tạo người dùng của máy chủ",
	 "Vai trò: admin (quản trị), leader (lãnh đạo), department (cán bộ phòng ban),\n"
	 "ward (cán bộ xã, phường), viewer (chỉ xem). Mật khẩu không bao giờ nhận từ dòng lệnh:\n"
	 "dùng --password-stdin, hoặc để chitieu tạo mật khẩu ngẫu nhiên và in ra một lần.\n"
	 "Ví dụ: chitieu user add --login ketoan --name \"Nguyễn Văn An\" --role department \\\n"
	 "         --agency TCKH --enter 058\n"
	 "       printf '%s\\n' \"$MAT_KHAU\" | chitieu user add --login pSongCau --name \"Trần Thị Bình\" \\\n"
	 "         --role ward --enter 01837 --password-stdin"},
	{"user", "list", 0, 0, NULL, no_opts, cmd_user_list, "Liệt kê người dùng, vai trò và phạm vi",
	 NULL},
	{"user", "passwd", 1, 1, "TÊN_ĐĂNG_NHẬP", passwd_opts, cmd_user_passwd,
	 "Đặt lại mật khẩu của một người dùng (quản trị)",
	 "Mọi phiên đăng nhập của người dùng đó kết thúc. Mật khẩu mới đọc từ stdin với\n"
	 "--password-stdin, nếu không thì được tạo ngẫu nhiên và in ra một lần."},
	{"user", "token", 1, 1, "TÊN_ĐĂNG_NHẬP", token_opts, cmd_user_token,
	 "Cấp mã truy cập (API token) cho kịch bản, in ra một lần",
	 "Mã được in một mình trên stdout: TOKEN=$(chitieu user token ketoan --name nhap-lieu).\n"
	 "Dùng trong tiêu đề HTTP \"Authorization: Bearer $TOKEN\". Máy chủ chỉ giữ mã băm SHA-256."},
	{"user", "disable", 1, 1, "TÊN_ĐĂNG_NHẬP", no_opts, cmd_user_disable,
	 "Khóa người dùng (kết thúc các phiên, vô hiệu mã truy cập)", NULL},
	{"user", "enable", 1, 1, "TÊN_ĐĂNG_NHẬP", no_opts, cmd_user_enable, "Mở khóa người dùng",
	 NULL},
	{"user", "email", 1, 2, "TÊN_ĐĂNG_NHẬP [ĐỊA_CHỈ]", no_opts, cmd_user_email,
	 "Đặt (hoặc xem) địa chỉ email nhận thông báo của người dùng",
	 "Địa chỉ được kiểm tra: một dấu @, tên miền có dấu chấm, không dấu cách hay xuống dòng.\n"
	 "Chuỗi rỗng \"\" xóa địa chỉ. Ví dụ: chitieu user email ketoan ketoan@backan.gov.vn"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
