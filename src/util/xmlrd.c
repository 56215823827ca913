/*
 * xmlrd.c - libxml2's streaming reader, set up safely once (xmlrd.h).
 */
#include "util/xmlrd.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

static pthread_once_t xmlrd_once = PTHREAD_ONCE_INIT;

static void xmlrd_init(void)
{
	xmlInitParser();
}

int xmlrd_open(const char *data, size_t len, const char *url, xmlTextReaderPtr *out)
{
	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return ERR_TOOBIG;
	pthread_once(&xmlrd_once, xmlrd_init);
	*out = xmlReaderForMemory(data, (int)len, url, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	return *out ? 0 : ERR_NOMEM;
}

int xmlrd_next(xmlTextReaderPtr r, xmlrd_fault *f)
{
	memset(f, 0, sizeof *f);
	int rc = xmlTextReaderRead(r);
	if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
		f->doctype = true;
		return -1;
	}
	if (rc >= 0)
		return rc;
	const xmlError *x = xmlGetLastError();
	if (x) {
		f->line = x->line;
		if (x->message) {
			snprintf(f->why, sizeof f->why, "%s", x->message);
			size_t n = strlen(f->why);
			while (n && (f->why[n - 1] == '\n' || f->why[n - 1] == ' '))
				f->why[--n] = '\0';
		}
	}
	return -1;
}

const char *xmlrd_local(xmlTextReaderPtr r)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n ? (const char *)n : "";
}

bool xmlrd_is_xmlns(xmlTextReaderPtr r)
{
	const xmlChar *pre = xmlTextReaderConstPrefix(r);
	return (pre && !strcmp((const char *)pre, "xmlns")) || !strcmp(xmlrd_local(r), "xmlns");
}
