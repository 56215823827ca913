/*
 * html.h - escaping text for HTML: the one writer through which every
 * string from the data reaches an HTML document (the situation report, the
 * conclusions notice), in element content and in quoted attribute values.
 *
 * Not for: our own markup (callers write tags raw), URLs, CSS or script
 * contexts (nothing from the data goes there), Markdown (md.h), JSON or CSV
 * (buf.h).
 */
#ifndef CHITIEU_HTML_H
#define CHITIEU_HTML_H

#include "util/buf.h"

/* Appends s to b with & < > " ' written as entities. Returns 0, or buf's
 * error (b may then hold part of s). */
int html_escape(buf *b, const char *s);

#endif
