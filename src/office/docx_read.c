/*
 * docx_read.c - the paragraphs' text of a .docx (docx_read.h), read with
 * libzip and libxml2's reader through office/ooxml.c, the XLSX reader's
 * own defences: bounded entries and uncompressed bytes, no network, no
 * DOCTYPE.
 *
 * Not for: anything but the body text of word/document.xml.
 */
#include "office/docx_read.h"

#include <stdlib.h>
#include <string.h>

#include "office/ooxml.h"
#include "util/text.h"

#define DOCX_PART "word/document.xml"

/* word/document.xml into *out (malloc'd), bounded. */
static int read_document(zip_t *z, const char *name, char **out, size_t *len, err *e)
{
	int rc = ooxml_read_part(z, name, DOCX_PART, DOCX_MAX_PART, out, len, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "tệp %s là tệp nén nhưng không phải văn bản Word .docx (không có "
			       "word/document.xml)", name);
	return rc;
}

static int walk(const char *xml, size_t len, const char *name, buf *out, err *e)
{
	xmlTextReaderPtr r;
	int rc = ooxml_xml_open(name, DOCX_PART, xml, len, &r, e);
	if (rc)
		return rc;
	int in_t = 0;
	size_t start = out->len;
	for (;;) {
		int k = ooxml_xml_next(name, DOCX_PART, ".docx", r, e);
		if (k == 0)
			break;
		if (k < 0) {
			rc = k;
			break;
		}
		int type = xmlTextReaderNodeType(r);
		const xmlChar *ln = xmlTextReaderConstLocalName(r);
		const char *l = ln ? (const char *)ln : "";
		if (type == XML_READER_TYPE_ELEMENT) {
			if (!strcmp(l, "t") && !xmlTextReaderIsEmptyElement(r))
				in_t = 1;
			else if (!strcmp(l, "tab") || !strcmp(l, "br"))
				buf_putc(out, ' ');
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(l, "t"))
				in_t = 0;
			else if (!strcmp(l, "p"))
				buf_putc(out, '\n');
		} else if (in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
				    type == XML_READER_TYPE_WHITESPACE)) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			if (v)
				buf_puts(out, (const char *)v);
		}
		if (buf_failed(out)) {
			rc = err_set(e, buf_failed(out), "tệp %s: văn bản quá dài", name);
			break;
		}
	}
	xmlFreeTextReader(r);
	if (!rc) {
		bool any = false;
		for (size_t i = start; i < out->len && !any; i++)
			any = out->data[i] != '\n' && out->data[i] != ' ';
		if (!any)
			rc = err_set(e, ERR_INVALID, "tệp %s là văn bản Word nhưng không có chữ nào", name);
	}
	return rc;
}

int docx_read_text(const void *data, size_t len, const char *name, buf *out, err *e)
{
	zip_t *z;
	int rc = ooxml_open(data, len, name, "văn bản", DOCX_MAX_ENTRIES, &z, e);
	if (rc)
		return rc;
	char *xml = NULL;
	size_t xl = 0;
	if (!(rc = read_document(z, name, &xml, &xl, e)))
		rc = walk(xml, xl, name, out, e);
	free(xml);
	zip_discard(z);
	return rc;
}

int docx_or_text(const void *data, size_t len, const char *name, buf *out, err *e)
{
	const unsigned char *u = data;
	if (len >= 4 && !memcmp(u, "PK\x03\x04", 4))
		return docx_read_text(data, len, name, out, e);
	if (len >= 8 && !memcmp(u, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return err_set(e, ERR_INVALID, "tệp %s là văn bản Word cũ (.doc); hãy mở bằng Word và lưu lại dạng .docx",
			       name);
	if (len >= 5 && !memcmp(u, "%PDF-", 5))
		return err_set(e, ERR_INVALID, "tệp %s là tệp PDF; chitieu đọc văn bản .docx hoặc .txt (UTF-8)", name);
	if (len >= 3 && !memcmp(u, "\xEF\xBB\xBF", 3)) {
		u += 3;
		len -= 3;
	}
	if (len == 0)
		return err_set(e, ERR_INVALID, "tệp %s trống", name);
	if (memchr(u, '\0', len) || !text_utf8_valid((const char *)u, len))
		return err_set(e, ERR_INVALID, "tệp %s không phải .docx cũng không phải văn bản UTF-8 (có thể là mã "
			       "TCVN3/VNI, Windows-1258 hoặc tệp nhị phân): hãy lưu lại dạng .docx hoặc .txt UTF-8", name);
	return buf_append(out, u, len) ? err_set(e, ERR_TOOBIG, "tệp %s quá lớn", name) : 0;
}
