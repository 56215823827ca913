/*
 * test_auth.c - tests of src/auth (auth.h) on temporary stores: argon2id
 * password hashes and the policy, creating users (and the refusals that
 * leave nothing written), logins with one message for every failure,
 * throttling by login and by ip, sessions (logout, expiry, extension), CSRF,
 * API tokens, that the store never holds a secret, the permission matrix of
 * every role over own ward / sibling ward / parent city / province and own /
 * other agency, and password changes ending other sessions.
 *
 * Not for: HTTP (cookies, status codes) - the server's black-box tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "store/store.h"
/* White-box: counting rows and scanning tables for secrets needs the handle. */
#include "db/db_sqlite.h"
#include "store/store_int.h"
#include "testlib.h"

#define PW "mật khẩu tốt 2024"
#define T0 ((int64_t)1700000000)

typedef tl_db fixture;

static int setup(void **state)
{
	return tl_setup(state, "chitieu_auth");
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static int64_t count_rows(store *s, const char *sql)
{
	db_stmt *st = NULL;
	int64_t n = -1;
	if (db_prepare(s->db, sql, false, &st, NULL) == 0 && db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static void put_unit(store *s, const char *code, const char *parent, unit_type type)
{
	cdate none = {0, 0, 0};
	tl_put_unit(s, code, NULL, parent, type, none, none);
}

static indicator make_ind(const char *code, const char *agency_code)
{
	indicator ind = tl_make_ind(code, NULL, FREQ_MONTH, IND_FLOW, 1);
	snprintf(ind.agency_code, sizeof ind.agency_code, "%s", agency_code);
	return ind;
}

/* Province 06 > city 058 > wards 01834, 01837; agencies KT and VH; indicators
 * BL (owned by KT) and DS (owned by VH). */
static void put_catalog(store *s)
{
	agency a;
	err e;
	put_unit(s, "06", "", UNIT_PROVINCE);
	put_unit(s, "058", "06", UNIT_CITY);
	put_unit(s, "01834", "058", UNIT_WARD);
	put_unit(s, "01837", "058", UNIT_WARD);
	memset(&a, 0, sizeof a);
	snprintf(a.code, sizeof a.code, "KT");
	snprintf(a.name, sizeof a.name, "Phòng Kinh tế");
	assert_int_equal(store_agency_put(s, &a, &e), 0);
	snprintf(a.code, sizeof a.code, "VH");
	snprintf(a.name, sizeof a.name, "Phòng Văn hóa");
	assert_int_equal(store_agency_put(s, &a, &e), 0);
	indicator bl = make_ind("BL", "KT"), ds = make_ind("DS", "VH");
	if (store_indicator_put(s, &bl, &e) || store_indicator_put(s, &ds, &e))
		fail_msg("store_indicator_put: %s", e.msg);
}

static user_account make_user(const char *login, user_role role, const char *agency_code)
{
	user_account u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "Người dùng %s", login);
	u.role = role;
	snprintf(u.agency_code, sizeof u.agency_code, "%s", agency_code ? agency_code : "");
	return u;
}

static user_scope scope(const char *unit_code, scope_kind kind)
{
	user_scope sc;
	memset(&sc, 0, sizeof sc);
	snprintf(sc.unit_code, sizeof sc.unit_code, "%s", unit_code);
	sc.kind = kind;
	return sc;
}

static void add_user(store *s, const char *login, user_role role, const char *agency_code,
		     const user_scope *sc, size_t n)
{
	user_account u = make_user(login, role, agency_code);
	err e;
	if (auth_user_create(s, &u, PW, sc, n, &e) != 0)
		fail_msg("auth_user_create %s: %s", login, e.msg);
	assert_true(u.id > 0);
}

/* Logs in and resolves the session; fails the test otherwise. */
static void login_as(store *s, const char *login, int64_t now, char sess[AUTH_SECRET_LEN + 1],
		     auth_principal *p)
{
	char csrf[AUTH_CSRF_LEN + 1];
	err e;
	if (auth_login(s, login, PW, "10.0.0.1", now, sess, csrf, &e) != 0)
		fail_msg("auth_login %s: %s", login, e.msg);
	if (auth_resolve(s, sess, NULL, now, p, &e) != 0)
		fail_msg("auth_resolve %s: %s", login, e.msg);
}

/* ---- passwords --------------------------------------------------------- */

static void test_password_hash_is_argon2id_and_verifies(void **state)
{
	(void)state;
	char h1[PWHASH_MAX], h2[PWHASH_MAX];
	err e;
	assert_int_equal(auth_password_hash(PW, h1, sizeof h1, &e), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_null(strstr(h1, PW));
	assert_true(auth_password_verify(h1, PW));
	assert_false(auth_password_verify(h1, "mật khẩu tốt 2025"));
	assert_false(auth_password_verify(h1, ""));
	/* A fresh salt each time: equal passwords do not give equal hashes. */
	assert_int_equal(auth_password_hash(PW, h2, sizeof h2, &e), 0);
	assert_string_not_equal(h1, h2);
	assert_true(auth_password_verify(h2, PW));
	/* Too small a destination is refused, not overrun. */
	assert_int_equal(auth_password_hash(PW, h2, 32, &e), ERR_INVALID);
}

static void test_password_policy_counts_characters_and_refuses_login(void **state)
{
	(void)state;
	err e;
	assert_int_equal(auth_password_policy("an", "123456789", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "10"));
	/* Ten code points, more bytes: accented letters count once. */
	assert_int_equal(auth_password_policy("an", "mậtkhẩu123", &e), 0);
	assert_int_equal(auth_password_policy("an", "mậtkhẩu12", &e), ERR_INVALID);
	assert_int_equal(auth_password_policy("nguyenvanan", "NguyenVanAn", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "tên đăng nhập"));
	assert_int_equal(auth_password_policy("an", "abcdefghi\xff", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_int_equal(auth_password_policy("an", "", &e), ERR_INVALID);
}

static void test_random_passwords_meet_the_policy_and_differ(void **state)
{
	(void)state;
	char a[32], b[32];
	err e;
	auth_password_random(a, sizeof a, 16);
	auth_password_random(b, sizeof b, 16);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	assert_int_equal(auth_password_policy("x", a, &e), 0);
	auth_password_random(a, 8, 100); /* len is cut to fit */
	assert_int_equal(strlen(a), 7);
}

static void test_login_names_are_checked_and_lower_cased(void **state)
{
	(void)state;
	char out[LOGIN_MAX];
	err e;
	assert_int_equal(auth_login_check("Ward.SongCau-1@bk", out, sizeof out, &e), 0);
	assert_string_equal(out, "ward.songcau-1@bk");
	assert_int_equal(auth_login_check("", out, sizeof out, &e), ERR_INVALID);
	assert_int_equal(auth_login_check("an bình", out, sizeof out, &e), ERR_INVALID);
	assert_int_equal(auth_login_check(".an", out, sizeof out, &e), ERR_INVALID);
	assert_int_equal(auth_login_check("nguyễn", out, sizeof out, &e), ERR_INVALID);
}

/* ---- users ------------------------------------------------------------- */

static void test_user_create_refusals_leave_nothing_written(void **state)
{
	fixture *f = *state;
	user_scope ok_scope = scope("01837", SCOPE_ENTER);
	user_scope bad_scopes[2] = {scope("01837", SCOPE_ENTER), scope("99999", SCOPE_VIEW)};
	user_account u;
	err e;

	put_catalog(f->s);
	add_user(f->s, "ward1", ROLE_WARD, NULL, &ok_scope, 1);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM app_user"), 1);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM user_scope"), 1);

	u = make_user("WARD1", ROLE_WARD, NULL); /* same login, other case */
	assert_int_equal(auth_user_create(f->s, &u, PW, &ok_scope, 1, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "ward1"));
	u = make_user("dept1", ROLE_DEPARTMENT, "NOPE");
	assert_int_equal(auth_user_create(f->s, &u, PW, &ok_scope, 1, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "NOPE"));
	u = make_user("dept2", ROLE_DEPARTMENT, NULL);
	assert_int_equal(auth_user_create(f->s, &u, PW, &ok_scope, 1, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "agency"));
	u = make_user("ward2", ROLE_WARD, NULL);
	assert_int_equal(auth_user_create(f->s, &u, PW, bad_scopes, 2, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "99999"));
	assert_int_equal(u.id, 0);
	u = make_user("ward3", ROLE_WARD, NULL);
	assert_int_equal(auth_user_create(f->s, &u, "ngắn", &ok_scope, 1, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "mật khẩu"));
	u = make_user("bad login", ROLE_VIEWER, NULL);
	assert_int_equal(auth_user_create(f->s, &u, PW, NULL, 0, &e), ERR_INVALID);

	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM app_user"), 1);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM user_scope"), 1);
	user_account got;
	assert_int_equal(store_user_get(f->s, "ward2", &got, &e), ERR_NOTFOUND);
}

static void test_user_is_stored_with_hash_role_agency_and_scopes(void **state)
{
	fixture *f = *state;
	user_scope sc[2] = {scope("058", SCOPE_ENTER), scope("06", SCOPE_VIEW)};
	user_account got;
	user_scope *scopes = NULL;
	size_t n = 0;
	err e;

	put_catalog(f->s);
	add_user(f->s, "KeToan", ROLE_DEPARTMENT, "KT", sc, 2);
	assert_int_equal(store_user_get(f->s, "ketoan", &got, &e), 0);
	assert_int_equal(got.role, ROLE_DEPARTMENT);
	assert_string_equal(got.agency_code, "KT");
	assert_true(got.active);
	assert_true(got.created_at > 0);
	assert_true(auth_password_verify(got.pw_hash, PW));
	assert_int_equal(store_user_scopes(f->s, got.id, &scopes, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(scopes[0].unit_code, "058");
	assert_int_equal(scopes[0].kind, SCOPE_ENTER);
	assert_string_equal(scopes[1].unit_code, "06");
	assert_int_equal(scopes[1].kind, SCOPE_VIEW);
	free(scopes);
}

/* ---- logins and sessions ------------------------------------------------ */

static void test_login_gives_a_session_resolving_to_the_user_with_scopes(void **state)
{
	fixture *f = *state;
	user_scope sc[2] = {scope("01837", SCOPE_ENTER), scope("058", SCOPE_VIEW)};
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	auth_principal p;
	err e;

	put_catalog(f->s);
	add_user(f->s, "ward1", ROLE_WARD, NULL, sc, 2);
	assert_int_equal(auth_login(f->s, "Ward1", PW, "10.0.0.1", T0, sess, csrf, &e), 0);
	assert_int_equal(strlen(sess), AUTH_SECRET_LEN);
	assert_int_equal(strlen(csrf), AUTH_CSRF_LEN);
	assert_string_not_equal(sess, csrf);
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0 + 5, &p, &e), 0);
	assert_string_equal(p.user.login, "ward1");
	assert_int_equal(p.user.role, ROLE_WARD);
	assert_false(p.via_token);
	assert_string_equal(p.csrf, csrf);
	assert_int_equal(p.user.pw_hash[0], '\0'); /* the principal carries no hash */
	assert_int_equal(p.n_scopes, 2);
	assert_string_equal(p.scopes[0].unit_code, "01837");
	assert_int_equal(p.scopes[0].kind, SCOPE_ENTER);
	auth_principal_free(&p);

	/* Two logins give two different sessions. */
	char sess2[AUTH_SECRET_LEN + 1];
	assert_int_equal(auth_login(f->s, "ward1", PW, "10.0.0.1", T0, sess2, csrf, &e), 0);
	assert_string_not_equal(sess, sess2);
	/* No cookie, no token; a garbled one. */
	assert_int_equal(auth_resolve(f->s, NULL, NULL, T0, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, "abc", NULL, T0, &p, &e), ERR_UNAUTHORIZED);
	sess2[0] = sess2[0] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_resolve(f->s, sess2, NULL, T0, &p, &e), ERR_UNAUTHORIZED);
}

static void test_wrong_password_and_unknown_login_give_the_same_message(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	char msg1[ERR_MSG_MAX];
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(auth_login(f->s, "viewer1", "sai mật khẩu rồi", "10.0.0.1", T0, sess, csrf, &e),
			 ERR_UNAUTHORIZED);
	assert_string_equal(sess, "");
	snprintf(msg1, sizeof msg1, "%s", e.msg);
	assert_int_equal(auth_login(f->s, "nobody", PW, "10.0.0.2", T0, sess, csrf, &e),
			 ERR_UNAUTHORIZED);
	assert_string_equal(e.msg, msg1);
	assert_int_equal(auth_login(f->s, "not a login!", PW, "10.0.0.3", T0, sess, csrf, &e),
			 ERR_UNAUTHORIZED);
	assert_string_equal(e.msg, msg1);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM session"), 0);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM login_failure"), 3);
}

static void test_throttled_after_five_failures_of_a_login_from_an_address(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	add_user(f->s, "viewer2", ROLE_VIEWER, NULL, NULL, 0);
	for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++)
		assert_int_equal(auth_login(f->s, "viewer1", "sai mật khẩu rồi", "10.0.1.1", T0 + i, sess, csrf, &e),
				 ERR_UNAUTHORIZED);
	/* Now even the right password is refused from that address, with how long to wait. */
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.0.1.1", T0 + 10, sess, csrf, &e), ERR_THROTTLED);
	assert_non_null(strstr(e.msg, "với tên đăng nhập này từ địa chỉ này"));
	assert_non_null(strstr(e.msg, "thử lại sau 15 phút"));
	assert_string_equal(sess, "");
	/* Other logins behind the same address (a proxy, an office) are not blocked... */
	assert_int_equal(auth_login(f->s, "viewer2", PW, "10.0.1.1", T0 + 10, sess, csrf, &e), 0);
	/* ...nor the same login from elsewhere. */
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.9.9.9", T0 + 10, sess, csrf, &e), 0);
	/* The block lifts a window after the last failure. */
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.0.1.1", T0 + 4 + AUTH_THROTTLE_WINDOW - 61, sess, csrf,
				    &e),
			 ERR_THROTTLED);
	assert_non_null(strstr(e.msg, "thử lại sau 2 phút"));
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.0.1.1", T0 + 5 + AUTH_THROTTLE_WINDOW, sess, csrf, &e),
			 0);
}

/* Writes n failures at T0: of login (NULL: login0, login1...) from ip (NULL: 10.1.0.0, 10.1.0.1...). */
static void add_failures(store *s, const char *login, const char *ip, int n)
{
	err e;
	for (int i = 0; i < n; i++) {
		char l[32], a[32];
		snprintf(l, sizeof l, "login%d", i);
		snprintf(a, sizeof a, "10.1.%d.%d", i / 256, i % 256);
		assert_int_equal(store_login_failure_add(s, login ? login : l, ip ? ip : a, T0, &e), 0);
	}
}

static void test_an_address_has_a_higher_ceiling(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	_Static_assert(AUTH_THROTTLE_IP_FAILURES > AUTH_THROTTLE_FAILURES, "a proxy's users share an address");
	add_failures(f->s, NULL, "10.6.6.6", AUTH_THROTTLE_IP_FAILURES - 1);
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.6.6.6", T0 + 10, sess, csrf, &e), 0);
	add_failures(f->s, NULL, "10.6.6.6", 1);
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.6.6.6", T0 + 10, sess, csrf, &e), ERR_THROTTLED);
	assert_non_null(strstr(e.msg, "từ địa chỉ này"));
	/* The same user from another address is fine. */
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.7.7.7", T0 + 10, sess, csrf, &e), 0);
}

static void test_a_login_has_a_ceiling_across_addresses(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	add_failures(f->s, "viewer1", NULL, AUTH_THROTTLE_LOGIN_FAILURES);
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.9.9.9", T0 + 10, sess, csrf, &e), ERR_THROTTLED);
	assert_non_null(strstr(e.msg, "với tên đăng nhập này;"));
}

/* The throttle counts an attempt when it is taken, before any password check:
 * five taken and not yet judged leave no room for a sixth. */
static void test_throttle_counts_attempts_when_taken(void **state)
{
	fixture *f = *state;
	err e;
	for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++)
		assert_int_equal(auth_throttle_take(f->s, "viewer1", "10.2.2.2", T0, &e), 0);
	assert_int_equal(auth_throttle_take(f->s, "viewer1", "10.2.2.2", T0, &e), ERR_THROTTLED);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM login_failure"), AUTH_THROTTLE_FAILURES);
	assert_int_equal(auth_throttle_forget(f->s, "viewer1", "10.2.2.2", &e), 0);
	assert_int_equal(auth_throttle_take(f->s, "viewer1", "10.2.2.2", T0, &e), 0);
}

static void test_success_clears_the_login_failures(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	for (int i = 0; i < AUTH_THROTTLE_FAILURES - 1; i++)
		assert_int_equal(auth_login(f->s, "viewer1", "sai mật khẩu rồi", NULL, T0 + i, sess, csrf, &e),
				 ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0 + 10, sess, csrf, &e), 0);
	for (int i = 0; i < AUTH_THROTTLE_FAILURES - 1; i++)
		assert_int_equal(auth_login(f->s, "viewer1", "sai mật khẩu rồi", NULL, T0 + 20 + i, sess, csrf,
					    &e),
				 ERR_UNAUTHORIZED);
	/* Eight failures in the window, but only four since the success. */
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0 + 30, sess, csrf, &e), 0);
}

static void test_logout_ends_the_session(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1];
	auth_principal p;
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	login_as(f->s, "viewer1", T0, sess, &p);
	auth_principal_free(&p);
	assert_int_equal(auth_logout(f->s, sess, &e), 0);
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0 + 1, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_logout(f->s, sess, &e), 0); /* twice is fine */
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM session"), 0);
}

static void test_expired_session_is_refused(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1];
	auth_principal p;
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	login_as(f->s, "viewer1", T0, sess, &p);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0 + AUTH_SESSION_TTL, &p, &e),
			 ERR_UNAUTHORIZED);
	assert_non_null(strstr(e.msg, "hết hạn"));
}

static void test_session_is_extended_when_used(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1];
	auth_principal p;
	err e;
	int64_t t1 = T0 + AUTH_SESSION_TTL - 100;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	login_as(f->s, "viewer1", T0, sess, &p);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, sess, NULL, t1, &p, &e), 0);
	auth_principal_free(&p);
	/* Past the first expiry, alive thanks to the use at t1... */
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0 + AUTH_SESSION_TTL + 100, &p, &e), 0);
	auth_principal_free(&p);
	/* ...and over once unused for a whole TTL. */
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0 + 3 * AUTH_SESSION_TTL, &p, &e),
			 ERR_UNAUTHORIZED);
}

static void test_csrf_must_match_the_session_but_not_for_tokens(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1], tok[AUTH_SECRET_LEN + 1];
	char wrong[AUTH_CSRF_LEN + 1];
	auth_principal p;
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0, sess, csrf, &e), 0);
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0, &p, &e), 0);
	assert_true(auth_csrf_ok(&p, csrf));
	snprintf(wrong, sizeof wrong, "%s", csrf);
	wrong[AUTH_CSRF_LEN - 1] = wrong[AUTH_CSRF_LEN - 1] == 'x' ? 'y' : 'x';
	assert_false(auth_csrf_ok(&p, wrong));
	assert_false(auth_csrf_ok(&p, NULL));
	assert_false(auth_csrf_ok(&p, ""));
	wrong[10] = '\0';
	assert_false(auth_csrf_ok(&p, wrong));
	assert_false(auth_csrf_ok(&p, sess)); /* the cookie is not the CSRF token */
	auth_principal_free(&p);

	assert_int_equal(auth_token_create(f->s, "viewer1", "script", (int64_t)time(NULL) + 86400, tok, &e), 0);
	assert_int_equal(auth_resolve(f->s, NULL, tok, T0, &p, &e), 0);
	assert_true(p.via_token);
	assert_string_equal(p.csrf, "");
	assert_true(auth_csrf_ok(&p, NULL));
	auth_principal_free(&p);
}

static void test_api_tokens_resolve_until_they_expire_or_are_revoked(void **state)
{
	fixture *f = *state;
	char tok[AUTH_SECRET_LEN + 1], forever[AUTH_SECRET_LEN + 1], other[AUTH_SECRET_LEN + 1];
	store_token_info *list = NULL;
	size_t n = 0;
	auth_principal p;
	user_account u;
	err e;
	int64_t now = (int64_t)time(NULL);

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(auth_token_create(f->s, "viewer1", "báo cáo tháng", now + 100, tok, &e), 0);
	assert_int_equal(strlen(tok), AUTH_SECRET_LEN);
	const int64_t year = (int64_t)AUTH_TOKEN_MAX_DAYS * 86400;
	assert_int_equal(auth_token_create(f->s, "viewer1", "mãi mãi", now + year, forever, &e), 0);
	assert_string_not_equal(tok, forever);
	assert_int_equal(auth_token_create(f->s, "viewer1", "mãi mãi", now + 86400, other, &e), ERR_CONFLICT);
	assert_int_equal(auth_token_create(f->s, "viewer1", "quá khứ", now - 1, other, &e), ERR_INVALID);
	assert_int_equal(auth_token_create(f->s, "nobody", "x", now + 86400, other, &e), ERR_NOTFOUND);
	/* a maximum lifetime: never (0) and more than AUTH_TOKEN_MAX_DAYS are refused */
	assert_int_equal(auth_token_create(f->s, "viewer1", "không hạn", 0, other, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "365"));
	assert_int_equal(auth_token_create(f->s, "viewer1", "hai năm", now + year + 86400, other, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "tối đa 365 ngày"));

	assert_int_equal(auth_resolve(f->s, NULL, tok, now, &p, &e), 0);
	assert_string_equal(p.user.login, "viewer1");
	assert_true(p.via_token);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, NULL, tok, now + 100, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, NULL, forever, now + year - 60, &p, &e), 0);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, NULL, forever, now + year, &p, &e), ERR_UNAUTHORIZED);
	/* A bad bearer is not rescued by a cookie, nor accepted as a cookie. */
	assert_int_equal(auth_resolve(f->s, forever, "garbage", now, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, forever, NULL, now, &p, &e), ERR_UNAUTHORIZED);

	assert_int_equal(store_user_get(f->s, "viewer1", &u, &e), 0);
	assert_int_equal(store_token_list_for_user(f->s, u.id, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "báo cáo tháng");
	assert_int_equal(list[0].expires_at, now + 100);
	assert_int_equal(list[1].expires_at, now + year);
	free(list);

	assert_int_equal(auth_token_revoke(f->s, "viewer1", "mãi mãi", &e), 0);
	assert_int_equal(auth_resolve(f->s, NULL, forever, now, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_token_revoke(f->s, "viewer1", "mãi mãi", &e), ERR_NOTFOUND);
}

/* A token stored without expiry (before tokens had to have one) lives a year from its creation. */
static void test_old_tokens_without_expiry_live_a_year(void **state)
{
	fixture *f = *state;
	char tok[AUTH_SECRET_LEN + 1] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", hash[65];
	auth_principal p;
	user_account u;
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(store_user_get(f->s, "viewer1", &u, &e), 0);
	auth_secret_hash(tok, hash);
	assert_int_equal(store_token_put(f->s, hash, u.id, "cũ", T0, 0, &e), 0);
	assert_int_equal(auth_resolve(f->s, NULL, tok, T0 + 100 * 86400LL, &p, &e), 0);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, NULL, tok, T0 + (AUTH_TOKEN_MAX_DAYS + 1) * 86400LL, &p, &e),
			 ERR_UNAUTHORIZED);
}

/* A stolen session's token dies with the password: every change revokes the user's tokens. */
static void test_password_change_revokes_api_tokens(void **state)
{
	fixture *f = *state;
	char a[AUTH_SECRET_LEN + 1], t1[AUTH_SECRET_LEN + 1], t2[AUTH_SECRET_LEN + 1], t3[AUTH_SECRET_LEN + 1];
	auth_principal p;
	err e;
	int64_t exp = (int64_t)time(NULL) + 86400;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	add_user(f->s, "viewer2", ROLE_VIEWER, NULL, NULL, 0);
	login_as(f->s, "viewer1", T0, a, &p);
	auth_principal_free(&p);
	assert_int_equal(auth_token_create(f->s, "viewer1", "một", exp, t1, &e), 0);
	assert_int_equal(auth_token_create(f->s, "viewer1", "hai", exp, t2, &e), 0);
	assert_int_equal(auth_token_create(f->s, "viewer2", "khác", exp, t3, &e), 0);
	/* a refused change keeps them */
	assert_int_equal(auth_password_change_keep(f->s, "viewer1", "sai mật khẩu rồi", "mật khẩu mới 2025", a, &e),
			 ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, NULL, t1, T0 + 1, &p, &e), 0);
	auth_principal_free(&p);
	/* the own change, keeping the session that asks */
	assert_int_equal(auth_password_change_keep(f->s, "viewer1", PW, "mật khẩu mới 2025", a, &e), 0);
	assert_int_equal(auth_resolve(f->s, NULL, t1, T0 + 2, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, NULL, t2, T0 + 2, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, a, NULL, T0 + 2, &p, &e), 0);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, NULL, t3, T0 + 2, &p, &e), 0); /* another user's token stays */
	auth_principal_free(&p);
	/* an administrator's reset too */
	assert_int_equal(auth_token_create(f->s, "viewer2", "ba", exp, t1, &e), 0);
	assert_int_equal(auth_password_change(f->s, "viewer2", NULL, "mật khẩu khác 2026", &e), 0);
	assert_int_equal(auth_resolve(f->s, NULL, t3, T0 + 3, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, NULL, t1, T0 + 3, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM api_token"), 0);
}

/* At most n argon2id computations at once: the n+1st waits, then gets ERR_UNAVAILABLE. Runs last
 * (the bound is process-wide); it gives every slot back. */
static void test_password_checks_are_bounded(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	err e;
	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(auth_password_limit(1, 200, &e), 0);
	assert_int_equal(auth_password_slot_take(&e), 0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(auth_password_slot_take(&e), ERR_UNAVAILABLE);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited >= 0.15 && waited < 2.0); /* it waited, briefly */
	/* a login without a slot records nothing and says the server is busy */
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.3.3.3", T0, sess, csrf, &e), ERR_UNAVAILABLE);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM login_failure"), 0);
	auth_password_slot_give();
	assert_int_equal(auth_login(f->s, "viewer1", PW, "10.3.3.3", T0, sess, csrf, &e), 0);
	assert_int_equal(auth_password_slot_take(&e), 0); /* given back by the login */
	auth_password_slot_give();
}

static void test_disabled_user_can_neither_log_in_nor_use_sessions_or_tokens(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1], tok[AUTH_SECRET_LEN + 1];
	auth_principal p;
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	login_as(f->s, "viewer1", T0, sess, &p);
	auth_principal_free(&p);
	assert_int_equal(auth_token_create(f->s, "viewer1", "script", (int64_t)time(NULL) + 86400, tok, &e), 0);
	assert_int_equal(auth_user_set_active(f->s, "viewer1", false, &e), 0);
	assert_int_equal(auth_resolve(f->s, sess, NULL, T0 + 1, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, NULL, tok, T0 + 1, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0 + 2, sess, csrf, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_user_set_active(f->s, "viewer1", true, &e), 0);
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0 + 3, sess, csrf, &e), 0);
	assert_int_equal(auth_resolve(f->s, NULL, tok, T0 + 3, &p, &e), 0);
	auth_principal_free(&p);
}

/* True when any text column of any row of `table` contains needle. */
static bool table_contains(store *s, const char *table, const char *needle)
{
	char sql[128];
	db_stmt *st = NULL;
	bool found = false;
	snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
	assert_int_equal(db_prepare(s->db, sql, false, &st, NULL), 0);
	while (db_step(st) == DB_ROW)
		for (int c = 0; c < db_col_count(st); c++) {
			const char *t = (const char *)db_col_text(st, c);
			if (t && strstr(t, needle))
				found = true;
		}
	db_finalize(st);
	return found;
}

static void test_the_store_never_holds_a_secret(void **state)
{
	fixture *f = *state;
	char sess[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1], tok[AUTH_SECRET_LEN + 1];
	char hash[65];
	err e;

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0, sess, csrf, &e), 0);
	assert_int_equal(auth_token_create(f->s, "viewer1", "script", (int64_t)time(NULL) + 86400, tok, &e), 0);
	static const char *const tables[] = {"session", "api_token", "app_user", "login_failure"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		assert_false(table_contains(f->s, tables[i], sess));
		assert_false(table_contains(f->s, tables[i], tok));
		assert_false(table_contains(f->s, tables[i], PW));
	}
	/* What is kept is the SHA-256. */
	auth_secret_hash(sess, hash);
	assert_int_equal(strlen(hash), 64);
	assert_true(table_contains(f->s, "session", hash));
	auth_secret_hash(tok, hash);
	assert_true(table_contains(f->s, "api_token", hash));
}

/* ---- permissions ------------------------------------------------------- */

typedef struct perm_case {
	const char *login;
	const char *unit_code;
	bool view, enter_bl, enter_ds; /* BL belongs to KT, DS to VH */
} perm_case;

static void test_permission_matrix_of_roles_units_and_agencies(void **state)
{
	fixture *f = *state;
	user_scope leader_sc = scope("058", SCOPE_VIEW);
	user_scope dept_sc = scope("058", SCOPE_ENTER);
	user_scope ward_sc = scope("01837", SCOPE_ENTER);
	user_scope viewer_sc = scope("01837", SCOPE_VIEW);
	indicator bl, ds;
	err e;

	put_catalog(f->s);
	assert_int_equal(store_indicator_get(f->s, "BL", &bl, &e), 0);
	assert_int_equal(store_indicator_get(f->s, "DS", &ds, &e), 0);
	add_user(f->s, "admin", ROLE_ADMIN, NULL, NULL, 0);
	add_user(f->s, "leader", ROLE_LEADER, NULL, &leader_sc, 1);
	add_user(f->s, "dept", ROLE_DEPARTMENT, "KT", &dept_sc, 1);
	add_user(f->s, "ward", ROLE_WARD, NULL, &ward_sc, 1);
	add_user(f->s, "viewer", ROLE_VIEWER, NULL, &viewer_sc, 1);

	/* 01837 own ward, 01834 its sibling, 058 the parent city, 06 the province. */
	static const perm_case cases[] = {
		{"admin", "01837", true, true, true},   {"admin", "01834", true, true, true},
		{"admin", "058", true, true, true},     {"admin", "06", true, true, true},
		{"leader", "01837", true, false, false}, {"leader", "01834", true, false, false},
		{"leader", "058", true, false, false},  {"leader", "06", false, false, false},
		{"dept", "01837", true, true, false},   {"dept", "01834", true, true, false},
		{"dept", "058", true, true, false},     {"dept", "06", false, false, false},
		{"ward", "01837", true, true, true},    {"ward", "01834", false, false, false},
		{"ward", "058", false, false, false},   {"ward", "06", false, false, false},
		{"viewer", "01837", true, false, false}, {"viewer", "01834", false, false, false},
		{"viewer", "058", false, false, false}, {"viewer", "06", false, false, false},
		{"viewer", "nope", false, false, false}, {"ward", "nope", false, false, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const perm_case *c = &cases[i];
		char sess[AUTH_SECRET_LEN + 1];
		auth_principal p;
		int want, got;
		login_as(f->s, c->login, T0, sess, &p);
		want = c->view ? 0 : ERR_FORBIDDEN;
		got = auth_can_view(f->s, &p, c->unit_code, &e);
		if (got != want)
			fail_msg("%s view %s: want %d, got %d (%s)", c->login, c->unit_code, want, got, e.msg);
		if (got)
			assert_non_null(strstr(e.msg, c->unit_code));
		want = c->enter_bl ? 0 : ERR_FORBIDDEN;
		got = auth_can_enter(f->s, &p, c->unit_code, &bl, &e);
		if (got != want)
			fail_msg("%s enter BL %s: want %d, got %d (%s)", c->login, c->unit_code, want, got, e.msg);
		want = c->enter_ds ? 0 : ERR_FORBIDDEN;
		got = auth_can_enter(f->s, &p, c->unit_code, &ds, &e);
		if (got != want)
			fail_msg("%s enter DS %s: want %d, got %d (%s)", c->login, c->unit_code, want, got, e.msg);
		want = p.user.role == ROLE_ADMIN ? 0 : ERR_FORBIDDEN;
		assert_int_equal(auth_can_admin(&p, &e), want);
		auth_principal_free(&p);
	}
	assert_int_equal(auth_can_view(f->s, NULL, "058", &e), ERR_UNAUTHORIZED);
}

/* Who submits what for approval (core/approval.h, per agency): a ward its
 * whole unit, a department its own agency's part only, an administrator
 * either; a leader nothing. */
static void test_submit_the_whole_unit_or_an_agency_part(void **state)
{
	fixture *f = *state;
	user_scope dept_sc = scope("058", SCOPE_ENTER);
	user_scope ward_sc = scope("01837", SCOPE_ENTER);
	user_scope leader_sc = scope("06", SCOPE_VIEW);
	err e;
	put_catalog(f->s);
	add_user(f->s, "admin", ROLE_ADMIN, NULL, NULL, 0);
	add_user(f->s, "dept", ROLE_DEPARTMENT, "KT", &dept_sc, 1);
	add_user(f->s, "ward", ROLE_WARD, NULL, &ward_sc, 1);
	add_user(f->s, "leader", ROLE_LEADER, NULL, &leader_sc, 1);
	static const struct {
		const char *login, *unit_code, *agency;
		int want;
	} cases[] = {
		{"dept", "058", "KT", 0},
		{"dept", "01837", "KT", 0},
		{"dept", "058", "VH", ERR_FORBIDDEN},
		{"dept", "058", NULL, ERR_FORBIDDEN},
		{"dept", "058", "", ERR_FORBIDDEN},
		{"dept", "06", "KT", ERR_FORBIDDEN},
		{"ward", "01837", NULL, 0},
		{"ward", "01837", "KT", ERR_FORBIDDEN},
		{"ward", "058", NULL, ERR_FORBIDDEN},
		{"admin", "058", NULL, 0},
		{"admin", "058", "VH", 0},
		{"leader", "058", "KT", ERR_FORBIDDEN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char sess[AUTH_SECRET_LEN + 1];
		auth_principal p;
		login_as(f->s, cases[i].login, T0, sess, &p);
		int got = auth_can_submit(f->s, &p, cases[i].unit_code, cases[i].agency, &e);
		if (got != cases[i].want)
			fail_msg("%s submits %s/%s: want %d, got %d (%s)", cases[i].login, cases[i].unit_code,
				 cases[i].agency ? cases[i].agency : "-", cases[i].want, got, e.msg);
		auth_principal_free(&p);
	}
}

/* ---- password changes --------------------------------------------------- */

static void test_password_change_ends_other_sessions(void **state)
{
	fixture *f = *state;
	char a[AUTH_SECRET_LEN + 1], b[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	auth_principal p;
	err e;
	const char *np = "mật khẩu mới 2025";

	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	login_as(f->s, "viewer1", T0, a, &p);
	auth_principal_free(&p);
	login_as(f->s, "viewer1", T0, b, &p);
	auth_principal_free(&p);

	assert_int_equal(auth_password_change_keep(f->s, "viewer1", "sai mật khẩu rồi", np, a, &e),
			 ERR_UNAUTHORIZED);
	assert_int_equal(auth_password_change_keep(f->s, "viewer1", PW, "ngắn", a, &e), ERR_INVALID);
	assert_int_equal(auth_resolve(f->s, b, NULL, T0 + 1, &p, &e), 0); /* refusals change nothing */
	auth_principal_free(&p);

	assert_int_equal(auth_password_change_keep(f->s, "viewer1", PW, np, a, &e), 0);
	assert_int_equal(auth_resolve(f->s, a, NULL, T0 + 2, &p, &e), 0);
	auth_principal_free(&p);
	assert_int_equal(auth_resolve(f->s, b, NULL, T0 + 2, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(f->s, "viewer1", PW, NULL, T0 + 3, b, csrf, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(f->s, "viewer1", np, NULL, T0 + 4, b, csrf, &e), 0);

	/* An administrator's reset (no old password) ends every session. */
	assert_int_equal(auth_password_change(f->s, "viewer1", NULL, PW, &e), 0);
	assert_int_equal(auth_resolve(f->s, a, NULL, T0 + 5, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_resolve(f->s, b, NULL, T0 + 5, &p, &e), ERR_UNAUTHORIZED);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM session"), 0);
}

/* ---- schema ----------------------------------------------------------------- */

static void test_version_2_file_is_migrated_to_the_users_tables(void **state)
{
	if (tl_pg())
		skip(); /* PostgreSQL starts at version 8: no older database */
	fixture *f = *state;
	int version = 0;
	err e;

	static const char *const v2_tables[] = {"unit",  "unit_link",   "agency",      "indicator",
						"target", "value",      "value_audit", "target_audit"};
	static const char *const v2_indexes[] = {"unit_parent", "unit_link_from", "value_audit_key",
						 "target_audit_key"};
	tl_schema_back_to(db_sqlite_handle(f->s->db), 2, v2_tables, sizeof v2_tables / sizeof v2_tables[0], v2_indexes,
			  sizeof v2_indexes / sizeof v2_indexes[0]);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->path, &f->s, &e), 0);
	assert_int_equal(store_schema_version(f->s, &version, &e), 0);
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	add_user(f->s, "viewer1", ROLE_VIEWER, NULL, NULL, 0);
	assert_int_equal(count_rows(f->s, "SELECT COUNT(*) FROM app_user"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_is_argon2id_and_verifies),
		cmocka_unit_test(test_password_policy_counts_characters_and_refuses_login),
		cmocka_unit_test(test_random_passwords_meet_the_policy_and_differ),
		cmocka_unit_test(test_login_names_are_checked_and_lower_cased),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_user_create_refusals_leave_nothing_written),
		T(test_user_is_stored_with_hash_role_agency_and_scopes),
		T(test_login_gives_a_session_resolving_to_the_user_with_scopes),
		T(test_wrong_password_and_unknown_login_give_the_same_message),
		T(test_throttled_after_five_failures_of_a_login_from_an_address),
		T(test_a_login_has_a_ceiling_across_addresses),
		T(test_throttle_counts_attempts_when_taken),
		T(test_an_address_has_a_higher_ceiling),
		T(test_success_clears_the_login_failures),
		T(test_logout_ends_the_session),
		T(test_expired_session_is_refused),
		T(test_session_is_extended_when_used),
		T(test_csrf_must_match_the_session_but_not_for_tokens),
		T(test_api_tokens_resolve_until_they_expire_or_are_revoked),
		T(test_disabled_user_can_neither_log_in_nor_use_sessions_or_tokens),
		T(test_the_store_never_holds_a_secret),
		T(test_permission_matrix_of_roles_units_and_agencies),
		T(test_submit_the_whole_unit_or_an_agency_part),
		T(test_password_change_ends_other_sessions),
		T(test_password_change_revokes_api_tokens),
		T(test_old_tokens_without_expiry_live_a_year),
		T(test_version_2_file_is_migrated_to_the_users_tables),
		T(test_password_checks_are_bounded), /* last: the bound is process-wide */
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
