/*
 * ziplib.h - a zip built in memory from named parts, for the unit tests of
 * the Office Open XML readers (test_xlsx_read.c, test_docx_read.c): libzip
 * writes it to a temporary file, which is read back and removed. Include
 * cmocka.h first (failures end the test through its assertions).
 *
 * Not for: production code (src/office writes its own files).
 */
#ifndef CHITIEU_ZIPLIB_H
#define CHITIEU_ZIPLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

typedef struct tl_zip_part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
} tl_zip_part;

/* A zip of the n parts, in *out (malloc'd, *len bytes). */
static inline void tl_make_zip(const tl_zip_part *p, size_t n, char **out, size_t *len)
{
	char path[] = "/tmp/chitieu_zip_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int zerr;
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, p[i].data, p[i].len ? p[i].len : strlen(p[i].data), 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, p[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long sz = ftell(f);
	assert_true(sz >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	*out = malloc((size_t)sz + 1);
	assert_non_null(*out);
	assert_int_equal(fread(*out, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	unlink(path);
	*len = (size_t)sz;
}

#endif
