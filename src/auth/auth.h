/*
 * auth.h - who may do what: password hashing (argon2id, libsodium), logins
 * with throttling, sessions with a CSRF token, API tokens for scripts, and the
 * permission checks every server route makes (role, agency, units with their
 * descendants). Secrets (session ids, API tokens) are random 32-byte values
 * shown once; the store keeps only their SHA-256.
 *
 * Not for: HTTP (cookies and headers are the server's business: it passes
 * their values in) or the users' tables (store.h).
 */
#ifndef CHITIEU_AUTH_H
#define CHITIEU_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/err.h"

struct store;

#define AUTH_SECRET_LEN 43   /* a 32-byte secret, base64url without padding */
#define AUTH_CSRF_LEN 43
#define AUTH_SESSION_TTL (12 * 3600)   /* seconds a session lives without use */
#define AUTH_THROTTLE_FAILURES 5       /* failed logins of one login from one address ... */
#define AUTH_THROTTLE_WINDOW (15 * 60) /* ... within this many seconds block that pair for as long */
#define AUTH_THROTTLE_IP_FAILURES 50   /* failed logins from one address, any login (a proxy's many users) */
#define AUTH_THROTTLE_LOGIN_FAILURES 50 /* failed logins of one login, any address (guessing spread out) */
#define AUTH_PASSWORD_MIN 10           /* characters (UTF-8 code points) */

/* The logged-in user of a request, with its scopes. */
typedef struct auth_principal {
	user_account user;
	user_scope *scopes; size_t n_scopes; /* owned */
	bool via_token;                      /* API token: no cookie, so no CSRF check */
	char csrf[AUTH_CSRF_LEN + 1];        /* the session's CSRF token ("" for tokens) */
} auth_principal;

void auth_principal_free(auth_principal *p);

/* ---- passwords -------------------------------------------------------- */

/*
 * Bounds the argon2id computations (hashes and checks: 64 MiB each) running
 * at once in this process to n; a caller waits at most wait_ms for a slot,
 * then gets ERR_UNAVAILABLE (the server answers 503). n <= 0: no bound (the
 * default, for the CLI). Call once, before any thread uses auth.
 */
int auth_password_limit(int n, int wait_ms, err *e);

/*
 * Takes one of those slots (0, or ERR_UNAVAILABLE after the wait); every
 * success is paired with auth_password_slot_give. For auth's own functions:
 * auth_login and auth_password_change take one around auth_password_verify.
 */
int auth_password_slot_take(err *e);
void auth_password_slot_give(void);

/* Hashes with crypto_pwhash_str (argon2id, interactive limits) into out, in a slot of its own
 * (ERR_UNAVAILABLE when none frees in time). */
int auth_password_hash(const char *password, char *out, size_t n, err *e);

/* True when password matches the stored hash (constant time in libsodium). The caller holds a slot. */
bool auth_password_verify(const char *hash, const char *password);

/* Checks the policy: at least AUTH_PASSWORD_MIN characters, valid UTF-8,
 * not equal to the login. ERR_INVALID with the reason. */
int auth_password_policy(const char *login, const char *password, err *e);

/* Writes a random readable password of len characters (len < n) into out. */
void auth_password_random(char *out, size_t n, size_t len);

/* ---- users ------------------------------------------------------------ */

/*
 * Creates a user (u->pw_hash is ignored; password is hashed) and sets its
 * scopes, in one transaction. Refuses a duplicate login, an unknown agency,
 * a department user without an agency, unknown scope units, a weak password.
 */
int auth_user_create(struct store *s, user_account *u, const char *password,
		     const user_scope *scopes, size_t n_scopes, err *e);

/* Changes a password after checking the old one (ERR_UNAUTHORIZED if wrong)
 * and the policy; ends the user's other sessions. old may be NULL for an
 * administrator's reset. */
int auth_password_change(struct store *s, const char *login, const char *old_password,
			 const char *new_password, err *e);

/* ---- sessions and tokens ---------------------------------------------- */

/*
 * Takes one attempt of login from ip against the throttle, atomically (in a
 * write transaction, which the store runs one at a time, across servers too):
 * ERR_THROTTLED (nothing recorded) when, within AUTH_THROTTLE_WINDOW, the
 * pair has AUTH_THROTTLE_FAILURES failures, the address
 * AUTH_THROTTLE_IP_FAILURES or the login AUTH_THROTTLE_LOGIN_FAILURES;
 * otherwise records the attempt as a failure before the password is checked,
 * so N parallel guesses get at most the limit of checks. A success forgets
 * it (auth_throttle_forget). ip may be NULL or "" (unknown: not counted by
 * address).
 */
int auth_throttle_take(struct store *s, const char *login, const char *ip, int64_t now, err *e);

/* Forgets login's failures from ip (NULL: from anywhere), after a right password. */
int auth_throttle_forget(struct store *s, const char *login, const char *ip, err *e);

/*
 * Logs in: refuses while throttled (auth_throttle_take: too many failures for
 * this login from this ip, this ip, or this login), checks the password
 * (ERR_UNAUTHORIZED with one message for unknown login and wrong password
 * alike), records failures, and on success creates a session: writes its
 * secret (for the cookie) and CSRF token.
 */
int auth_login(struct store *s, const char *login, const char *password, const char *ip,
	       int64_t now, char session_out[AUTH_SECRET_LEN + 1], char csrf_out[AUTH_CSRF_LEN + 1],
	       err *e);

/* Ends the session whose secret is given (no error if it does not exist). */
int auth_logout(struct store *s, const char *session, err *e);

/*
 * Finds the principal of a request from its session secret (cookie) or API
 * token (Authorization: Bearer); either may be NULL. A live session is
 * extended to now + AUTH_SESSION_TTL. ERR_UNAUTHORIZED when neither is valid
 * or the user is inactive.
 */
int auth_resolve(struct store *s, const char *session, const char *bearer, int64_t now,
		 auth_principal *out, err *e);

/* True when a state-changing request carries the session's CSRF token
 * (constant-time comparison); always true for API-token principals. */
bool auth_csrf_ok(const auth_principal *p, const char *header_value);

/* The longest an API token may live: a stolen one stops working within a year. */
#define AUTH_TOKEN_MAX_DAYS 365

/*
 * Creates an API token for login, named (for listing/revoking), valid until
 * expires_at: in the future and at most AUTH_TOKEN_MAX_DAYS days from now
 * (ERR_INVALID otherwise, 0 "never" included); writes the secret, shown
 * once. A token made before this limit with no expiry (expires_at 0) lives
 * AUTH_TOKEN_MAX_DAYS days from its creation. A password change revokes
 * every token of the user.
 */
int auth_token_create(struct store *s, const char *login, const char *name, int64_t expires_at,
		      char token_out[AUTH_SECRET_LEN + 1], err *e);

/* ---- permissions ------------------------------------------------------ */

/*
 * May p read data of unit_code? Administrators and leaders read their view
 * scopes; everybody reads the units of their view and enter scopes, each
 * with its descendants. 0, or ERR_FORBIDDEN naming the unit.
 */
int auth_can_view(struct store *s, const auth_principal *p, const char *unit_code, err *e);

/*
 * May p enter or change a value of indicator ind for unit_code?
 * department: ind's agency is the user's and the unit is in an enter scope;
 * ward: the unit is in an enter scope; admin: yes; leader, viewer: no.
 */
int auth_can_enter(struct store *s, const auth_principal *p, const char *unit_code,
		   const indicator *ind, err *e);

/*
 * May p submit the figures of unit_code for approval (core/approval.h):
 * the whole unit's (agency_code NULL or "") or one agency's part? admin:
 * either; ward: the whole unit; department: its own agency's part only;
 * both with an enter scope covering the unit.
 */
int auth_can_submit(struct store *s, const auth_principal *p, const char *unit_code, const char *agency_code,
		    err *e);

/*
 * May p approve or return (levels 1: the unit's parent), or accept or
 * return (levels 2: the level above that), the figures of unit_code?
 * admin; leader or department with a scope on that very ancestor (a level
 * higher up takes its own step, not this one). A unit without such an
 * ancestor has nobody but an administrator.
 */
int auth_can_approve(struct store *s, const auth_principal *p, const char *unit_code, int levels, err *e);

/* Administrators only (catalogue, users, reopening periods). */
int auth_can_admin(const auth_principal *p, err *e);

/* ---- additions (auth_*.c) ---------------------------------------------- */

/* Initialises libsodium (idempotent, thread-safe; every public entry calls
 * it too). ERR_IO when the system has no usable randomness. */
int auth_init(err *e);

/*
 * Checks a login name and writes its canonical form (ASCII lower case) into
 * out (size n >= LOGIN_MAX): 1..LOGIN_MAX-1 characters among a-z 0-9 . _ - @,
 * starting with a letter or digit. ERR_INVALID naming the problem.
 */
int auth_login_check(const char *login, char *out, size_t n, err *e);

/* As auth_password_change, but keeps the session whose secret is keep_session
 * (the one making the change; NULL ends all of them). */
int auth_password_change_keep(struct store *s, const char *login, const char *old_password,
			      const char *new_password, const char *keep_session, err *e);

/* Enables or disables a user; disabling ends its sessions (its API tokens
 * stop working too: auth_resolve refuses inactive users). */
int auth_user_set_active(struct store *s, const char *login, bool active, err *e);

/* Deletes the API token `name` of login (ERR_NOTFOUND when there is none). */
int auth_token_revoke(struct store *s, const char *login, const char *name, err *e);

/* Hex SHA-256 of a secret, as the store keeps it (out: 65 bytes). */
void auth_secret_hash(const char *secret, char out[65]);

#endif
