/*
 * auth_session.c - logging in and out, login throttling, sessions with their
 * CSRF token, API tokens, and finding the principal of a request.
 *
 * Secrets (session ids, API tokens, CSRF tokens) are 32 random bytes written
 * as base64url without padding (43 characters). Sessions and tokens are kept
 * in the store only as the hex SHA-256 of their secret, so a copy of the
 * database does not let anyone in. Not for: cookies and headers (the server
 * reads them and passes the values in), password hashing (auth_password.c)
 * or permissions (auth_perm.c).
 */
#include "auth/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/text.h"

/* One message for an unknown login and a wrong password alike. */
static const char BAD_LOGIN[] = "tên đăng nhập hoặc mật khẩu không đúng";

/*
 * An argon2id hash of a random password nobody knows: verifying against it
 * when the login is unknown makes that answer take as long as a wrong
 * password (no telling which logins exist by timing).
 */
static const char DUMMY_HASH[] =
	"$argon2id$v=19$m=65536,t=2,p=1$1CDijNnWneNzATRhNdXyRA$"
	"36Vh3FTnGxn6jPtpKsaDgh2xVggBVyyPr/PS8Mn3lHM";

/* Sessions are extended at most once a minute (a write per request otherwise). */
#define TOUCH_SLACK 60

_Static_assert(AUTH_SECRET_LEN + 1 == sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	       "a secret is 32 bytes in base64url without padding");

/* Writes a fresh 32-byte random secret as base64url (44 bytes with the NUL). */
static void new_secret(char out[AUTH_SECRET_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_SECRET_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void auth_secret_hash(const char *secret, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* True when s looks like one of our secrets (43 base64url characters). */
static bool secret_shaped(const char *s)
{
	size_t i = 0;
	for (; s[i] && i <= AUTH_SECRET_LEN; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return i == AUTH_SECRET_LEN;
}

void auth_principal_free(auth_principal *p)
{
	if (!p)
		return;
	free(p->scopes);
	sodium_memzero(p, sizeof *p);
}

/* ---- throttling ------------------------------------------------------- */

/* ERR_THROTTLED when login and/or ip have `limit` failures or more in the window. */
static int throttle_check(struct store *s, const char *login, const char *ip, int64_t limit, int64_t now, err *e)
{
	int64_t count = 0, latest = 0;
	int rc = store_login_failure_count(s, login, ip, now - AUTH_THROTTLE_WINDOW, &count, &latest, e);
	if (rc)
		return rc;
	if (count < limit)
		return 0;
	int64_t wait = latest + AUTH_THROTTLE_WINDOW - now;
	if (wait < 1)
		wait = 1;
	return err_set(e, ERR_THROTTLED,
		       "đăng nhập sai quá nhiều lần (%lld lần trong %d phút) %s; hãy thử lại sau %lld phút",
		       (long long)count, AUTH_THROTTLE_WINDOW / 60,
		       login && ip ? "với tên đăng nhập này từ địa chỉ này"
		       : login	   ? "với tên đăng nhập này"
				   : "từ địa chỉ này",
		       (long long)((wait + 59) / 60));
}

int auth_throttle_take(struct store *s, const char *login, const char *ip, int64_t now, err *e)
{
	if (ip && !ip[0])
		ip = NULL;
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	if ((rc = throttle_check(s, login, ip ? ip : "", AUTH_THROTTLE_FAILURES, now, e)) != 0 ||
	    (ip && (rc = throttle_check(s, NULL, ip, AUTH_THROTTLE_IP_FAILURES, now, e)) != 0) ||
	    (rc = throttle_check(s, login, NULL, AUTH_THROTTLE_LOGIN_FAILURES, now, e)) != 0 ||
	    (rc = store_login_failure_add(s, login, ip, now, e)) != 0) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

int auth_throttle_forget(struct store *s, const char *login, const char *ip, err *e)
{
	return store_login_failure_clear(s, login, ip && ip[0] ? ip : NULL, e);
}

/* ---- login, logout ----------------------------------------------------- */

static int login_checked(struct store *s, bool known, const char *canon, const char *password, const char *ip,
			 int64_t now, char session_out[AUTH_SECRET_LEN + 1], char csrf_out[AUTH_CSRF_LEN + 1], err *e);

int auth_login(struct store *s, const char *login, const char *password, const char *ip,
	       int64_t now, char session_out[AUTH_SECRET_LEN + 1], char csrf_out[AUTH_CSRF_LEN + 1],
	       err *e)
{
	char canon[LOGIN_MAX];
	bool known;
	int rc;

	session_out[0] = '\0';
	csrf_out[0] = '\0';
	if ((rc = auth_init(e)) != 0)
		return rc;
	if (!ip)
		ip = "";
	if (!password)
		password = "";
	known = auth_login_check(login, canon, sizeof canon, NULL) == 0;
	if (!known) /* a malformed login is an unknown one; still counted by ip */
		snprintf(canon, sizeof canon, "?");
	/* a slot for the password check first: a login that cannot have one counts nothing */
	if ((rc = auth_password_slot_take(e)) != 0)
		return rc;
	rc = login_checked(s, known, canon, password, ip, now, session_out, csrf_out, e);
	auth_password_slot_give();
	return rc;
}

/* auth_login once it holds a password slot. */
static int login_checked(struct store *s, bool known, const char *canon, const char *password, const char *ip,
			 int64_t now, char session_out[AUTH_SECRET_LEN + 1], char csrf_out[AUTH_CSRF_LEN + 1], err *e)
{
	char hash[65];
	user_account u;
	bool ok;
	int rc;
	/* the attempt counts as a failure from here on: parallel guesses cannot pass the limit */
	if ((rc = auth_throttle_take(s, canon, ip, now, e)) != 0)
		return rc;
	if (known) {
		rc = store_user_get(s, canon, &u, e);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		known = rc == 0;
	}
	if (!known) {
		(void)auth_password_verify(DUMMY_HASH, password); /* same time as a wrong password */
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD_LOGIN); /* recorded by auth_throttle_take */
	}
	ok = auth_password_verify(u.pw_hash, password);
	sodium_memzero(u.pw_hash, sizeof u.pw_hash);
	if (!ok || !u.active)
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD_LOGIN);

	new_secret(session_out);
	new_secret(csrf_out);
	auth_secret_hash(session_out, hash);
	if ((rc = store_begin(s, e)) != 0)
		goto fail;
	if ((rc = store_login_failure_clear(s, canon, ip[0] ? ip : NULL, e)) != 0 || /* this pair's, with the attempt */
	    (rc = store_session_put(s, hash, u.id, csrf_out, now, now + AUTH_SESSION_TTL, e)) != 0) {
		store_rollback(s);
		goto fail;
	}
	if ((rc = store_commit(s, e)) != 0)
		goto fail;
	/* Housekeeping; its failure does not undo the login. */
	(void)store_auth_purge(s, now, now - AUTH_THROTTLE_WINDOW, NULL);
	return 0;
fail:
	sodium_memzero(session_out, AUTH_SECRET_LEN + 1);
	sodium_memzero(csrf_out, AUTH_CSRF_LEN + 1);
	return rc;
}

int auth_logout(struct store *s, const char *session, err *e)
{
	char hash[65];
	int rc = auth_init(e);
	if (rc || !session || !session[0])
		return rc;
	auth_secret_hash(session, hash);
	return store_session_delete(s, hash, e);
}

/* ---- resolving a request ----------------------------------------------- */

int auth_resolve(struct store *s, const char *session, const char *bearer, int64_t now,
		 auth_principal *out, err *e)
{
	char hash[65];
	int64_t user_id = 0, expires = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = auth_init(e)) != 0)
		return rc;
	if (bearer && bearer[0]) {
		/* A request that names a token is judged by it alone. */
		if (!secret_shaped(bearer))
			return err_set(e, ERR_UNAUTHORIZED, "mã truy cập (token) không hợp lệ");
		auth_secret_hash(bearer, hash);
		rc = store_token_get(s, hash, now, now - (int64_t)AUTH_TOKEN_MAX_DAYS * 86400, &user_id, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_UNAUTHORIZED,
				       "mã truy cập (token) không hợp lệ hoặc đã hết hạn");
		if (rc)
			return rc;
		out->via_token = true;
	} else if (session && session[0]) {
		if (!secret_shaped(session))
			return err_set(e, ERR_UNAUTHORIZED, "phiên đăng nhập không hợp lệ; hãy đăng nhập lại");
		auth_secret_hash(session, hash);
		rc = store_session_get(s, hash, now, &user_id, out->csrf, sizeof out->csrf, &expires, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_UNAUTHORIZED,
				       "phiên đăng nhập đã hết hạn hoặc đã đăng xuất; hãy đăng nhập lại");
		if (rc)
			return rc;
		if (now + AUTH_SESSION_TTL - expires >= TOUCH_SLACK) {
			/* Extending the session is a courtesy, not a check: if the write
			 * cannot be made now (e.g. inside a read snapshot another writer
			 * has moved past), the session stays valid and the next request
			 * extends it. */
			err te;
			(void)store_session_touch(s, hash, now + AUTH_SESSION_TTL, &te);
		}
	} else {
		return err_set(e, ERR_UNAUTHORIZED, "chưa đăng nhập");
	}
	rc = store_user_get_by_id(s, user_id, &out->user, e);
	if (rc == ERR_NOTFOUND || (rc == 0 && !out->user.active)) {
		rc = err_set(e, ERR_UNAUTHORIZED, "tài khoản không còn hoạt động");
		goto fail;
	}
	if (rc)
		goto fail;
	sodium_memzero(out->user.pw_hash, sizeof out->user.pw_hash); /* not needed past here */
	if ((rc = store_user_scopes(s, user_id, &out->scopes, &out->n_scopes, e)) != 0)
		goto fail;
	return 0;
fail:
	auth_principal_free(out);
	return rc;
}

bool auth_csrf_ok(const auth_principal *p, const char *header_value)
{
	if (!p)
		return false;
	if (p->via_token)
		return true;
	if (!header_value || strlen(header_value) != AUTH_CSRF_LEN ||
	    strlen(p->csrf) != AUTH_CSRF_LEN || auth_init(NULL) != 0)
		return false;
	return sodium_memcmp(p->csrf, header_value, AUTH_CSRF_LEN) == 0;
}

/* ---- API tokens ---------------------------------------------------------- */

int auth_token_create(struct store *s, const char *login, const char *name, int64_t expires_at,
		      char token_out[AUTH_SECRET_LEN + 1], err *e)
{
	char canon[LOGIN_MAX], hash[65];
	user_account u;
	int64_t now = (int64_t)time(NULL);
	int rc;

	token_out[0] = '\0';
	if ((rc = auth_init(e)) != 0 || (rc = auth_login_check(login, canon, sizeof canon, e)) != 0)
		return rc;
	if (!name || !name[0])
		return err_set(e, ERR_INVALID, "mã truy cập (token): thiếu tên (name)");
	if (strlen(name) >= NAME_MAX_ || !text_utf8_valid(name, strlen(name)))
		return err_set(e, ERR_INVALID,
			       "mã truy cập (token): tên dài quá %d byte hoặc không phải UTF-8",
			       NAME_MAX_ - 1);
	if (expires_at == 0)
		return err_set(e, ERR_INVALID, "mã truy cập (token): phải có thời hạn (tối đa %d ngày)",
			       AUTH_TOKEN_MAX_DAYS);
	if (expires_at <= now)
		return err_set(e, ERR_INVALID, "mã truy cập (token): thời hạn phải ở tương lai");
	if (expires_at > now + (int64_t)AUTH_TOKEN_MAX_DAYS * 86400 + 60) /* a minute of slack for the caller's clock */
		return err_set(e, ERR_INVALID, "mã truy cập (token): thời hạn tối đa %d ngày", AUTH_TOKEN_MAX_DAYS);
	if ((rc = store_user_get(s, canon, &u, e)) != 0)
		return rc;
	if (!u.active)
		return err_set(e, ERR_CONFLICT, "người dùng %s đã bị khóa: không cấp mã truy cập",
			       u.login);
	new_secret(token_out);
	auth_secret_hash(token_out, hash);
	if ((rc = store_token_put(s, hash, u.id, name, now, expires_at, e)) != 0)
		sodium_memzero(token_out, AUTH_SECRET_LEN + 1);
	return rc;
}

int auth_token_revoke(struct store *s, const char *login, const char *name, err *e)
{
	char canon[LOGIN_MAX];
	user_account u;
	int rc;
	if ((rc = auth_login_check(login, canon, sizeof canon, e)) != 0 ||
	    (rc = store_user_get(s, canon, &u, e)) != 0)
		return rc;
	return store_token_delete(s, u.id, name ? name : "", e);
}
