/*
 * err.h - the one error convention of chitieu.
 *
 * Every fallible function returns 0 on success or a negative ERR_* code, and
 * fills a caller-provided `err` with a human message (Vietnamese, naming the
 * file, row and field where there is one). It is not for logging or for
 * printing; faces (CLI, HTTP) decide how to show the message.
 */
#ifndef CHITIEU_ERR_H
#define CHITIEU_ERR_H

#include <stddef.h>

enum err_code {
	ERR_OK = 0,
	ERR_NOMEM = -1,    /* out of memory */
	ERR_INVALID = -2,  /* bad input: a field, a number, a period, a code */
	ERR_NOTFOUND = -3, /* an unknown code */
	ERR_CONFLICT = -4, /* violates a rule of the model (validity, frequency, uniqueness) */
	ERR_IO = -5,       /* a file could not be read or written */
	ERR_DB = -6,       /* the database failed */
	ERR_TOOBIG = -7,   /* an input or output over its size limit */
	ERR_UNAUTHORIZED = -8, /* not logged in, or a bad session/token/password */
	ERR_FORBIDDEN = -9,    /* logged in, but the role or units do not allow it */
	ERR_THROTTLED = -10,   /* too many failed logins: wait */
	ERR_UNAVAILABLE = -11, /* the database server cannot be reached now: try again (HTTP 503) */
};

#define ERR_MSG_MAX 512

typedef struct err {
	int code;                /* one of enum err_code */
	char msg[ERR_MSG_MAX];   /* NUL-terminated; empty when code == ERR_OK */
} err;

/* Clears e (code ERR_OK, empty message). e may be NULL. */
void err_clear(err *e);

/*
 * Sets e to code and a printf-formatted message, truncated to ERR_MSG_MAX-1
 * bytes on a UTF-8 boundary. Returns code so callers can write
 * `return err_set(e, ERR_INVALID, "...")`. e may be NULL.
 */
int err_set(err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Prepends a context such as "tệp a.csv, dòng 12: " to e's message, keeping
 * its code. Returns e->code. e may be NULL (then returns ERR_INVALID).
 */
int err_prefix(err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A short English name of a code ("invalid", "not found", ...), never NULL. */
const char *err_code_name(int code);

#endif
