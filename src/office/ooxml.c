/*
 * ooxml.c - opening an Office Open XML zip, reading one of its parts with a
 * cap, and reading its XML without network or DOCTYPE (ooxml.h; the
 * reader's safe set-up is util/xmlrd.c, shared with the DXF2 and ADX readers).
 *
 * Not for: what the parts mean (xlsx_read.c, docx_read.c).
 */
#include "office/ooxml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "util/xmlrd.h"

int ooxml_open(const void *data, size_t len, const char *name, const char *what, size_t max_entries, zip_t **out,
	       err *e)
{
	*out = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		int rc = err_set(e, ERR_NOMEM, "tệp %s: %s", name, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!z) {
		int rc;
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP) /* it starts like a zip: the end (its table of contents) is missing */
			rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng hoặc không trọn vẹn (có thể chưa tải về hết): không "
				     "đọc được mục lục của tệp nén zip", name);
		else
			rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng hoặc không trọn vẹn (zip: %s)", name,
				     zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(src);
		return rc;
	}
	zip_error_fini(&ze);
	zip_int64_t entries = zip_get_num_entries(z, 0);
	if (entries < 0 || (zip_uint64_t)entries > max_entries) {
		zip_discard(z);
		return err_set(e, ERR_TOOBIG, "tệp %s có %lld tệp con bên trong (tối đa %zu): không phải %s bình thường",
			       name, (long long)entries, max_entries, what);
	}
	*out = z;
	return 0;
}

int ooxml_read_part(zip_t *z, const char *name, const char *path, size_t cap, char **out, size_t *len, err *e)
{
	*out = NULL;
	*len = 0;
	zip_int64_t idx = zip_name_locate(z, path, 0);
	if (idx < 0)
		idx = zip_name_locate(z, path, ZIP_FL_NOCASE);
	if (idx < 0)
		return err_set(e, ERR_NOTFOUND, "tệp %s không có phần %s", name, path);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > cap)
		return err_set(e, ERR_TOOBIG,
			       "tệp %s: phần %s giải nén ra %llu byte, quá giới hạn %zu byte (tệp nén bất thường, "
			       "có thể là 'bom zip')", name, path, (unsigned long long)st.size, cap);
	zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (!f)
		return err_set(e, ERR_INVALID, "tệp %s bị hỏng: không đọc được phần %s (%s)", name, path, zip_strerror(z));
	size_t have = 0, room = 65536;
	char *data = malloc(room + 1);
	int rc = data ? 0 : ERR_NOMEM;
	while (!rc) {
		if (have == room) {
			if (room > cap) {
				rc = err_set(e, ERR_TOOBIG,
					     "tệp %s: phần %s giải nén ra quá %zu byte (tệp nén bất thường, có thể là "
					     "'bom zip')", name, path, cap);
				break;
			}
			size_t nr = room * 2 > cap + 1 ? cap + 1 : room * 2;
			char *p = realloc(data, nr + 1);
			if (!p) {
				rc = ERR_NOMEM;
				break;
			}
			data = p;
			room = nr;
		}
		zip_int64_t got = zip_fread(f, data + have, room - have);
		if (got < 0) {
			rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng hoặc không trọn vẹn: phần %s (%s)", name, path,
				     zip_file_strerror(f));
			break;
		}
		if (got == 0)
			break;
		have += (size_t)got;
		if (have > cap) {
			rc = err_set(e, ERR_TOOBIG,
				     "tệp %s: phần %s giải nén ra quá %zu byte (tệp nén bất thường, có thể là 'bom zip')",
				     name, path, cap);
			break;
		}
	}
	zip_fclose(f);
	if (rc == ERR_NOMEM)
		err_set(e, ERR_NOMEM, "tệp %s: hết bộ nhớ khi đọc %s", name, path);
	if (rc) {
		free(data);
		return rc;
	}
	data[have] = '\0';
	*out = data;
	*len = have;
	return 0;
}

int ooxml_xml_open(const char *name, const char *path, const char *data, size_t len, xmlTextReaderPtr *out, err *e)
{
	int rc = xmlrd_open(data, len, path, out);
	if (rc == ERR_TOOBIG)
		return err_set(e, rc, "tệp %s: phần %s quá lớn", name, path);
	if (rc)
		return err_set(e, rc, "tệp %s: không mở được bộ đọc XML cho %s", name, path);
	return 0;
}

int ooxml_xml_next(const char *name, const char *path, const char *ext, xmlTextReaderPtr r, err *e)
{
	xmlrd_fault f;
	int rc = xmlrd_next(r, &f);
	if (rc >= 0)
		return rc;
	if (f.doctype)
		return err_set(e, ERR_INVALID, "tệp %s: phần %s có khai báo DOCTYPE (không được phép trong tệp %s)", name,
			       path, ext);
	return err_set(e, ERR_INVALID, "tệp %s bị hỏng: phần %s không phải XML hợp lệ (dòng %d%s%s)", name, path, f.line,
		       f.why[0] ? ": " : "", f.why);
}
