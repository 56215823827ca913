/*
 * xmlrd.h - the safe set-up of libxml2's streaming reader that chitieu's
 * XML readers share (core/dxf2_read.c, core/adx_read.c,
 * office/xlsx_read.c): xmlInitParser once for the process, a reader over
 * memory that never reaches the network, substitutes no entity and prints
 * nothing on stderr, and a step that refuses a DOCTYPE (how entity bombs
 * come in) and says why a document is not well formed.
 *
 * Not for: what the elements mean (each reader's own) or the messages
 * users see (each reader words its own, naming where it was).
 */
#ifndef CHITIEU_XMLRD_H
#define CHITIEU_XMLRD_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/xmlreader.h>

/* Why xmlrd_next refused a document: a DOCTYPE, or libxml2's line and message (blanks cut off the end). */
typedef struct xmlrd_fault {
	bool doctype;
	int line;      /* 0 when libxml2 gave none */
	char why[160]; /* "" when libxml2 gave none */
} xmlrd_fault;

/*
 * Opens a reader over data[0..len) (borrowed until the reader is freed with
 * xmlFreeTextReader), url naming the document in libxml2's own records.
 * Returns 0, ERR_TOOBIG past INT32_MAX bytes or ERR_NOMEM; the caller words
 * the message (it knows what it was opening).
 */
int xmlrd_open(const char *data, size_t len, const char *url, xmlTextReaderPtr *out);

/* Steps to the next node: 1, 0 at the end, or -1 with *f saying why the document is refused. */
int xmlrd_next(xmlTextReaderPtr r, xmlrd_fault *f);

/* The current node's local name, "" when it has none (owned by the reader). */
const char *xmlrd_local(xmlTextReaderPtr r);

/* Whether the current attribute declares a namespace (xmlns="..." or xmlns:p="..."). */
bool xmlrd_is_xmlns(xmlTextReaderPtr r);

#endif
