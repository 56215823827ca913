/*
 * html.c - HTML escaping (html.h).
 *
 * Not for: anything but escaping one string.
 */
#include "util/html.h"

int html_escape(buf *b, const char *s)
{
	int rc = 0;
	for (const char *p = s; *p && !rc; p++) {
		switch (*p) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\'': rc = buf_puts(b, "&#39;"); break;
		default: rc = buf_putc(b, *p);
		}
	}
	return rc;
}
