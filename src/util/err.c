/*
 * err.c - filling and prefixing `err` values (see err.h). Nothing here
 * allocates; messages live in the fixed buffer inside `err`.
 */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Cuts s to at most n bytes, then drops a trailing UTF-8 sequence the cut
 * left incomplete (vsnprintf truncates at a byte, not a character). */
static void utf8_trim(char *s, size_t n)
{
	size_t len = strlen(s);
	if (len > n) {
		len = n;
		s[len] = '\0';
	}
	size_t start = len, back = 0;
	while (start > 0 && back < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80) {
		start--;
		back++;
	}
	if (start == 0)
		return;
	unsigned char lead = (unsigned char)s[start - 1];
	size_t need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
	if (lead >= 0x80 && back + 1 < need)
		s[start - 1] = '\0';
}

void err_clear(err *e)
{
	if (!e)
		return;
	e->code = ERR_OK;
	e->msg[0] = '\0';
}

int err_set(err *e, int code, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof e->msg)
		utf8_trim(e->msg, sizeof e->msg - 1);
	e->code = code;
	return code;
}

int err_prefix(err *e, const char *fmt, ...)
{
	if (!e)
		return ERR_INVALID;
	char head[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof head)
		utf8_trim(head, sizeof head - 1);
	char tmp[ERR_MSG_MAX + sizeof head];
	size_t hl = strlen(head), ml = strlen(e->msg);
	memcpy(tmp, head, hl);
	memcpy(tmp + hl, e->msg, ml + 1);
	utf8_trim(tmp, ERR_MSG_MAX - 1);
	memcpy(e->msg, tmp, ERR_MSG_MAX - 1);
	e->msg[ERR_MSG_MAX - 1] = '\0';
	if (e->code == ERR_OK)
		e->code = ERR_INVALID;
	return e->code;
}

const char *err_code_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_NOMEM: return "out of memory";
	case ERR_INVALID: return "invalid";
	case ERR_NOTFOUND: return "not found";
	case ERR_CONFLICT: return "conflict";
	case ERR_IO: return "io";
	case ERR_DB: return "database";
	case ERR_TOOBIG: return "too big";
	case ERR_UNAUTHORIZED: return "unauthorized";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_THROTTLED: return "throttled";
	case ERR_UNAVAILABLE: return "unavailable";
	default: return "error";
	}
}
