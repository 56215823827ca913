/*
 * docx_read.c - the paragraphs' text of a .docx (docx_read.h), read with
 * libzip and libxml2's reader under the same limits as the XLSX reader
 * (xlsx_read.c): bounded entries and uncompressed bytes, no network, no
 * DOCTYPE.
 *
 * Not for: anything but the body text of word/document.xml.
 */
#include "office/docx_read.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/text.h"

static pthread_once_t docx_once = PTHREAD_ONCE_INIT;

static void docx_init(void)
{
	xmlInitParser();
}

/* word/document.xml into *out (malloc'd), bounded. */
static int read_document(zip_t *z, const char *name, char **out, size_t *len, err *e)
{
	*out = NULL;
	zip_int64_t idx = zip_name_locate(z, "word/document.xml", ZIP_FL_NOCASE);
	if (idx < 0)
		return err_set(e, ERR_INVALID, "tệp %s là tệp nén nhưng không phải văn bản Word .docx (không có "
			       "word/document.xml)", name);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > DOCX_MAX_PART)
		return err_set(e, ERR_TOOBIG, "tệp %s: nội dung giải nén ra %llu byte, quá giới hạn %zu byte (tệp nén "
			       "bất thường, có thể là 'bom zip')", name, (unsigned long long)st.size, DOCX_MAX_PART);
	zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (!f)
		return err_set(e, ERR_INVALID, "tệp %s bị hỏng: không đọc được nội dung (%s)", name, zip_strerror(z));
	buf b;
	buf_init(&b, DOCX_MAX_PART);
	char chunk[65536];
	int rc = 0;
	for (;;) {
		zip_int64_t got = zip_fread(f, chunk, sizeof chunk);
		if (got < 0) {
			rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng hoặc không trọn vẹn (%s)", name, zip_file_strerror(f));
			break;
		}
		if (got == 0)
			break;
		if ((rc = buf_append(&b, chunk, (size_t)got))) {
			rc = err_set(e, rc, rc == ERR_TOOBIG ? "tệp %s: nội dung giải nén ra quá %zu byte (có thể là 'bom "
				     "zip')" : "tệp %s: hết bộ nhớ (%zu)", name, DOCX_MAX_PART);
			break;
		}
	}
	zip_fclose(f);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	*len = b.len;
	*out = buf_detach(&b);
	if (!*out)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	return 0;
}

static int walk(const char *xml, size_t len, const char *name, buf *out, err *e)
{
	if (len > (size_t)INT32_MAX)
		return err_set(e, ERR_TOOBIG, "tệp %s quá lớn", name);
	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, "word/document.xml", NULL,
						XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
							XML_PARSE_NOCDATA);
	if (!r)
		return err_set(e, ERR_NOMEM, "tệp %s: không mở được bộ đọc XML", name);
	int rc = 0, in_t = 0;
	size_t start = out->len;
	for (;;) {
		int k = xmlTextReaderRead(r);
		if (k == 0)
			break;
		if (k < 0) {
			rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng: nội dung không phải XML hợp lệ", name);
			break;
		}
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = err_set(e, ERR_INVALID, "tệp %s có khai báo DOCTYPE (không được phép trong tệp .docx)", name);
			break;
		}
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
	pthread_once(&docx_once, docx_init);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return err_set(e, ERR_NOMEM, "tệp %s: hết bộ nhớ", name);
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!z) {
		zip_error_fini(&ze);
		zip_source_free(src);
		return err_set(e, ERR_INVALID, "tệp %s bị hỏng hoặc không trọn vẹn (không đọc được tệp nén zip)", name);
	}
	zip_error_fini(&ze);
	int rc = 0;
	char *xml = NULL;
	size_t xl = 0;
	zip_int64_t n = zip_get_num_entries(z, 0);
	if (n < 0 || n > DOCX_MAX_ENTRIES)
		rc = err_set(e, ERR_TOOBIG, "tệp %s có %lld tệp con bên trong (tối đa %d): không phải văn bản bình "
			     "thường", name, (long long)n, DOCX_MAX_ENTRIES);
	if (!rc)
		rc = read_document(z, name, &xml, &xl, e);
	if (!rc)
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
