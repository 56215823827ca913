/*
 * docx_read.h - the text of a Word document (.docx) for the extractor
 * (core/extract.h): the w:p paragraphs of word/document.xml, one per line,
 * their w:t runs joined, w:tab and w:br as spaces. With the XLSX reader's
 * defences: the file's size, the number of zip entries and the uncompressed
 * size of the part are bounded (zip bombs), XML is read without network, and
 * a DOCTYPE (how entity bombs come in) is refused.
 *
 * Also the one place that tells a report's bytes apart: DOCX, UTF-8 text, or
 * something refused with a clear message (an old .doc, a PDF, another
 * encoding).
 *
 * Not for: writing DOCX (report_docx.c), tables, styles or headers.
 */
#ifndef CHITIEU_DOCX_READ_H
#define CHITIEU_DOCX_READ_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define DOCX_MAX_PART ((size_t)64 << 20) /* uncompressed word/document.xml */
#define DOCX_MAX_ENTRIES 2000

/* Appends the paragraphs' text of the DOCX data[0..len) to out, one line
 * each. name is for messages. ERR_INVALID (not a DOCX, broken, no text),
 * ERR_TOOBIG (over a limit) or ERR_NOMEM. */
int docx_read_text(const void *data, size_t len, const char *name, buf *out, err *e);

/* A report's text: DOCX (by its zip signature) read as above, or UTF-8 text
 * copied (a BOM dropped). Anything else is refused naming what it looks
 * like. The text is appended to out. */
int docx_or_text(const void *data, size_t len, const char *name, buf *out, err *e);

#endif
