/*
 * auth_password.c - passwords and accounts: argon2id hashing and checking
 * (libsodium's crypto_pwhash_str), the password policy, random passwords,
 * login names, creating users with their scopes, changing passwords and
 * disabling accounts.
 *
 * Not for: sessions, tokens and throttling (auth_session.c) or permission
 * checks (auth_perm.c). Rows go through store.h only.
 */
#include "auth/auth.h"

#include <errno.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/text.h"

#define PASSWORD_MAX_BYTES 1024 /* longer input is refused rather than hashed */

int auth_init(err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_IO, "không khởi tạo được thư viện mật mã (libsodium)");
	return 0;
}

static int pw_hash(const char *password, char *out, size_t n, err *e);

/* ---- bounding argon2id ------------------------------------------------ */

/*
 * Process-wide on purpose: what it bounds is the process's memory (64 MiB per
 * computation). Set once by auth_password_limit before the server's threads
 * start, read-only afterwards; the semaphore itself is thread-safe.
 */
static sem_t pw_slots;
static int pw_slots_n;   /* 0: no bound */
static int pw_wait_ms;

int auth_password_limit(int n, int wait_ms, err *e)
{
	if (n <= 0 || pw_slots_n)
		return 0;
	if (sem_init(&pw_slots, 0, (unsigned)n))
		return err_set(e, ERR_NOMEM, "không tạo được giới hạn kiểm tra mật khẩu (semaphore)");
	pw_slots_n = n;
	pw_wait_ms = wait_ms > 0 ? wait_ms : 0;
	return 0;
}

int auth_password_slot_take(err *e)
{
	if (!pw_slots_n)
		return 0;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += pw_wait_ms / 1000;
	until.tv_nsec += (long)(pw_wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(&pw_slots, &until))
		if (errno != EINTR)
			return err_set(e, ERR_UNAVAILABLE,
				       "máy chủ đang bận kiểm tra mật khẩu của nhiều người: hãy thử lại sau ít giây");
	return 0;
}

void auth_password_slot_give(void)
{
	if (pw_slots_n)
		sem_post(&pw_slots);
}

/* ---- passwords -------------------------------------------------------- */

int auth_password_hash(const char *password, char *out, size_t n, err *e)
{
	int rc = auth_init(e);
	if (rc)
		return rc;
	if ((rc = auth_password_slot_take(e)) != 0)
		return rc;
	rc = pw_hash(password, out, n, e);
	auth_password_slot_give();
	return rc;
}

/* auth_password_hash in the caller's slot. */
static int pw_hash(const char *password, char *out, size_t n, err *e)
{
	if (n < crypto_pwhash_STRBYTES)
		return err_set(e, ERR_INVALID, "chỗ chứa chuỗi băm mật khẩu quá nhỏ (%zu < %d byte)", n,
			       crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, ERR_NOMEM, "không băm được mật khẩu (hết bộ nhớ)");
	if (strncmp(out, "$argon2id$", 10) != 0) {
		sodium_memzero(out, n);
		return err_set(e, ERR_IO, "thư viện mật mã không dùng argon2id");
	}
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (auth_init(NULL) != 0 || !hash || !password || strncmp(hash, "$argon2id$", 10) != 0)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* Number of code points of valid UTF-8 s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* ASCII case-insensitive equality (a login is ASCII). */
static bool same_ascii_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
		char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

int auth_password_policy(const char *login, const char *password, err *e)
{
	size_t len;
	if (!password || !password[0])
		return err_set(e, ERR_INVALID, "mật khẩu (password): không được để trống");
	len = strlen(password);
	if (len > PASSWORD_MAX_BYTES)
		return err_set(e, ERR_INVALID, "mật khẩu (password): dài quá %d byte",
			       PASSWORD_MAX_BYTES);
	if (!text_utf8_valid(password, len))
		return err_set(e, ERR_INVALID, "mật khẩu (password): không phải văn bản UTF-8 hợp lệ");
	if (utf8_chars(password) < AUTH_PASSWORD_MIN)
		return err_set(e, ERR_INVALID, "mật khẩu (password): cần ít nhất %d ký tự, mới có %zu",
			       AUTH_PASSWORD_MIN, utf8_chars(password));
	if (login && same_ascii_ci(login, password))
		return err_set(e, ERR_INVALID,
			       "mật khẩu (password): không được trùng với tên đăng nhập");
	return 0;
}

void auth_password_random(char *out, size_t n, size_t len)
{
	/* No look-alikes (0/O, 1/l/I): read aloud or copied from paper. */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	if (auth_init(NULL) != 0) {
		out[0] = '\0'; /* no randomness: no password rather than a guessable one */
		return;
	}
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
	out[len] = '\0';
}

/* ---- login names ------------------------------------------------------- */

int auth_login_check(const char *login, char *out, size_t n, err *e)
{
	size_t len = login ? strlen(login) : 0;
	if (len == 0)
		return err_set(e, ERR_INVALID, "tên đăng nhập (login): không được để trống");
	if (len >= LOGIN_MAX || len >= n)
		return err_set(e, ERR_INVALID, "tên đăng nhập (login): dài quá %d ký tự",
			       LOGIN_MAX - 1);
	for (size_t i = 0; i < len; i++) {
		char c = login[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || !strchr("._-@", c)))
			return err_set(e, ERR_INVALID,
				       "tên đăng nhập (login): ký tự thứ %zu không được dùng; chỉ dùng chữ"
				       " không dấu, số và . _ - @, bắt đầu bằng chữ hoặc số",
				       i + 1);
		out[i] = c;
	}
	out[len] = '\0';
	return 0;
}

/* ---- users ------------------------------------------------------------- */

/* Checks what can be checked without the store. */
static int user_check(const user_account *u, const user_scope *scopes, size_t n_scopes, err *e)
{
	if (!u->name[0])
		return err_set(e, ERR_INVALID, "người dùng %s: thiếu họ tên (name)", u->login);
	if (!text_utf8_valid(u->name, strlen(u->name)))
		return err_set(e, ERR_INVALID, "người dùng %s: họ tên không phải UTF-8 hợp lệ",
			       u->login);
	if (u->role < ROLE_ADMIN || u->role > ROLE_VIEWER)
		return err_set(e, ERR_INVALID, "người dùng %s: vai trò (role) không hợp lệ", u->login);
	if (u->role == ROLE_DEPARTMENT && !u->agency_code[0])
		return err_set(e, ERR_INVALID,
			       "người dùng %s: cán bộ phòng ban (department) cần cơ quan (agency)",
			       u->login);
	if (u->role != ROLE_DEPARTMENT && u->agency_code[0])
		return err_set(e, ERR_INVALID,
			       "người dùng %s: chỉ cán bộ phòng ban (department) mới gắn với cơ quan"
			       " (agency), vai trò %s thì không",
			       u->login, user_role_code(u->role));
	for (size_t i = 0; i < n_scopes; i++)
		if (scopes[i].kind != SCOPE_VIEW && scopes[i].kind != SCOPE_ENTER)
			return err_set(e, ERR_INVALID, "người dùng %s: phạm vi đơn vị %s không hợp lệ",
				       u->login, scopes[i].unit_code);
	return 0;
}

int auth_user_create(struct store *s, user_account *u, const char *password,
		     const user_scope *scopes, size_t n_scopes, err *e)
{
	user_account tmp;
	agency ag;
	int rc;

	if ((rc = auth_init(e)) != 0)
		return rc;
	if ((rc = auth_login_check(u->login, tmp.login, sizeof tmp.login, e)) != 0)
		return rc;
	memcpy(u->login, tmp.login, sizeof u->login);
	if ((rc = user_check(u, scopes, n_scopes, e)) != 0 ||
	    (rc = auth_password_policy(u->login, password, e)) != 0)
		return rc;
	if (u->agency_code[0] && (rc = store_agency_get(s, u->agency_code, &ag, e)) != 0)
		return err_prefix(e, "người dùng %s: ", u->login);
	/* Hash before the transaction: it takes a while and needs no lock. */
	if ((rc = auth_password_hash(password, u->pw_hash, sizeof u->pw_hash, e)) != 0)
		return rc;
	u->id = 0;
	u->active = true;
	if (u->created_at == 0)
		u->created_at = (int64_t)time(NULL);
	if ((rc = store_begin(s, e)) != 0)
		return rc;
	if ((rc = store_user_put(s, u, e)) != 0 ||
	    (rc = store_user_scopes_set(s, u->id, scopes, n_scopes, e)) != 0) {
		store_rollback(s);
		u->id = 0;
		return rc;
	}
	if ((rc = store_commit(s, e)) != 0)
		u->id = 0;
	return rc;
}

int auth_password_change_keep(struct store *s, const char *login, const char *old_password,
			      const char *new_password, const char *keep_session, err *e)
{
	user_account u;
	char canon[LOGIN_MAX], keep[65];
	int rc;

	if ((rc = auth_init(e)) != 0)
		return rc;
	if ((rc = auth_login_check(login, canon, sizeof canon, e)) != 0)
		return rc;
	if ((rc = store_user_get(s, canon, &u, e)) != 0)
		return rc;
	if (old_password) {
		if ((rc = auth_password_slot_take(e)) != 0)
			return rc;
		bool right = auth_password_verify(u.pw_hash, old_password);
		auth_password_slot_give();
		if (!right)
			return err_set(e, ERR_UNAUTHORIZED, "mật khẩu hiện tại không đúng");
	}
	if ((rc = auth_password_policy(u.login, new_password, e)) != 0)
		return rc;
	if (old_password && !strcmp(old_password, new_password))
		return err_set(e, ERR_INVALID, "mật khẩu mới phải khác mật khẩu hiện tại");
	if ((rc = auth_password_hash(new_password, u.pw_hash, sizeof u.pw_hash, e)) != 0)
		return rc;
	if (keep_session)
		auth_secret_hash(keep_session, keep);
	if ((rc = store_begin(s, e)) != 0)
		return rc;
	if ((rc = store_user_put(s, &u, e)) != 0 ||
	    (rc = store_session_delete_for_user(s, u.id, keep_session ? keep : NULL, e)) != 0 ||
	    (rc = store_token_delete_for_user(s, u.id, e)) != 0) { /* a stolen token dies with the old password */
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

int auth_password_change(struct store *s, const char *login, const char *old_password,
			 const char *new_password, err *e)
{
	return auth_password_change_keep(s, login, old_password, new_password, NULL, e);
}

int auth_user_set_active(struct store *s, const char *login, bool active, err *e)
{
	user_account u;
	char canon[LOGIN_MAX];
	int rc;

	if ((rc = auth_login_check(login, canon, sizeof canon, e)) != 0)
		return rc;
	if ((rc = store_user_get(s, canon, &u, e)) != 0)
		return rc;
	u.active = active;
	if ((rc = store_begin(s, e)) != 0)
		return rc;
	if ((rc = store_user_put(s, &u, e)) != 0 ||
	    (!active && (rc = store_session_delete_for_user(s, u.id, NULL, e)) != 0)) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}
