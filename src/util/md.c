/*
 * md.c - CommonMark escaping (md.h).
 *
 * Not for: anything but escaping one string.
 */
#include "util/md.h"

#include <string.h>

int md_escape(buf *b, const char *s, bool line_start)
{
	int rc = 0;
	bool ls = line_start;
	for (const char *p = s; *p && !rc; p++) {
		char c = *p;
		if (c == '\n') {
			rc = buf_putc(b, c);
			ls = true;
			continue;
		}
		bool esc = strchr("\\`*_{}[]<>#|~&!", c) != NULL;
		if (ls) {
			if (c == ' ' || c == '\t') {
				rc = buf_putc(b, c);
				continue;
			}
			ls = false;
			if (c == '-' || c == '+' || c == '=')
				esc = true;
			size_t digits = strspn(p, "0123456789");
			if (digits && (p[digits] == '.' || p[digits] == ')')) {
				/* "1." or "2)": an ordered list marker */
				if (!(rc = buf_append(b, p, digits)) && !(rc = buf_putc(b, '\\')))
					rc = buf_putc(b, p[digits]);
				p += digits;
				continue;
			}
		}
		if (esc && (rc = buf_putc(b, '\\')))
			break;
		rc = buf_putc(b, c);
	}
	return rc;
}
