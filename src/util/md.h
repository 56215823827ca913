/*
 * md.h - escaping text for CommonMark: the one writer through which every
 * string from the data (names, titles, conclusions, wording templates)
 * reaches a Markdown document (the situation report, the conclusions
 * notice), so that it shows as the text it is and never becomes markup.
 *
 * Not for: writing our own markup (headings, lists, emphasis: the callers
 * write those raw), HTML or JSON (buf.h's escapers), or rendering Markdown.
 */
#ifndef CHITIEU_MD_H
#define CHITIEU_MD_H

#include <stdbool.h>

#include "util/buf.h"

/*
 * Appends s to b with a backslash before every character CommonMark could
 * read as markup: inline markup anywhere (\ ` * _ { } [ ] < > # | ~ & !),
 * and at the start of a line (after spaces) a list, heading or rule marker
 * (- + = and the . or ) after digits). The start of s counts as the start
 * of a line when line_start is set; every character after a '\n' does.
 * An escape of a character that would not have been markup is harmless
 * (it shows the character), so callers unsure whether s starts a line pass
 * true. Returns 0, or buf's error (b may then hold part of s).
 */
int md_escape(buf *b, const char *s, bool line_start);

#endif
