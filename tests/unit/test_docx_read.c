/*
 * test_docx_read.c - the .docx reader (office/docx_read.h), which shares the
 * XLSX reader's defences (office/ooxml.h): the paragraphs' text, one line
 * each, runs joined, tabs and breaks as spaces; and every refusal: a zip
 * without word/document.xml, a DOCTYPE (entity bomb), XML that is not,
 * too many zip entries, a part that inflates past the cap (zip bomb), a
 * truncated zip, a document without text. Documents are built here with
 * libzip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ziplib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "office/docx_read.h"
#include "util/buf.h"

/* A zip of n parts named name_i with data_i (lens NULL or 0: strlen), in *out (malloc'd). */
static void make_zip(const char *const *names, const char *const *data, const size_t *lens, size_t n, char **out,
		     size_t *len)
{
	tl_zip_part *p = calloc(n ? n : 1, sizeof *p);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (tl_zip_part){names[i], data[i], lens ? lens[i] : 0};
	tl_make_zip(p, n, out, len);
	free(p);
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* Reads a one-part document; returns the code, the text or message in *msg. */
static int read_one(const char *part, const char *xml, char *msg, size_t n)
{
	const char *names[] = {part};
	const char *data[] = {xml};
	char *z;
	size_t zl;
	make_zip(names, data, NULL, 1, &z, &zl);
	buf b;
	buf_init(&b, 0);
	err e;
	err_clear(&e);
	int rc = docx_read_text(z, zl, "r.docx", &b, &e);
	snprintf(msg, n, "%s", rc ? e.msg : buf_cstr(&b));
	buf_free(&b);
	free(z);
	return rc;
}

static void test_paragraphs_runs_tabs_and_breaks(void **state)
{
	(void)state;
	char m[512];
	assert_int_equal(read_one("word/document.xml",
				  "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>"
				  "<w:p><w:r><w:t>Doanh thu </w:t></w:r><w:r><w:t>du lịch</w:t><w:tab/><w:t>6,2</w:t></w:r></w:p>"
				  "<w:p><w:r><w:t>tỷ</w:t><w:br/><w:t>đồng</w:t></w:r></w:p></w:body></w:document>",
				  m, sizeof m),
			 0);
	assert_string_equal(m, "Doanh thu du lịch 6,2\ntỷ đồng\n");
}

static void test_refusals_name_the_file_and_why(void **state)
{
	(void)state;
	char m[512];
	assert_int_equal(read_one("word/other.xml", "<x/>", m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "không có word/document.xml"));
	assert_int_equal(read_one("word/document.xml",
				  "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\">]>"
				  "<w:document " W_NS "><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>",
				  m, sizeof m),
			 ERR_INVALID);
	assert_non_null(strstr(m, "DOCTYPE"));
	assert_non_null(strstr(m, ".docx"));
	assert_int_equal(read_one("word/document.xml", "<w:document><w:p>", m, sizeof m), ERR_INVALID);
	assert_non_null(strstr(m, "không phải XML hợp lệ"));
	assert_int_equal(read_one("word/document.xml", "<w:document " W_NS "><w:body><w:p/></w:body></w:document>", m,
				  sizeof m),
			 ERR_INVALID);
	assert_non_null(strstr(m, "không có chữ nào"));
}

static void test_too_many_entries(void **state)
{
	(void)state;
	enum { N = DOCX_MAX_ENTRIES + 1 };
	static char nm[N][24];
	static const char *names[N], *data[N];
	for (int i = 0; i < N; i++) {
		snprintf(nm[i], sizeof nm[i], "p/%d.xml", i);
		names[i] = nm[i];
		data[i] = "<x/>";
	}
	char *z;
	size_t zl;
	make_zip(names, data, NULL, N, &z, &zl);
	buf b;
	buf_init(&b, 0);
	err e;
	assert_int_equal(docx_read_text(z, zl, "r.docx", &b, &e), ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "tệp con"));
	buf_free(&b);
	free(z);
}

static void test_a_part_over_the_cap_is_a_zip_bomb(void **state)
{
	(void)state;
	size_t big = DOCX_MAX_PART + 1;
	char *x = malloc(big);
	assert_non_null(x);
	memset(x, ' ', big); /* compresses to almost nothing */
	const char *names[] = {"word/document.xml"};
	const char *data[] = {x};
	size_t lens[] = {big};
	char *z;
	size_t zl;
	make_zip(names, data, lens, 1, &z, &zl);
	free(x);
	assert_true(zl < ((size_t)1 << 20));
	buf b;
	buf_init(&b, 0);
	err e;
	assert_int_equal(docx_read_text(z, zl, "r.docx", &b, &e), ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "bom zip"));
	/* cut short: the zip's table of contents is missing */
	assert_int_equal(docx_read_text(z, zl / 2, "r.docx", &b, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "không trọn vẹn"));
	buf_free(&b);
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_runs_tabs_and_breaks),
		cmocka_unit_test(test_refusals_name_the_file_and_why),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_a_part_over_the_cap_is_a_zip_bomb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
