/*
 * test_report_docx.c - the generic DOCX writer (office/docx.h) the report
 * uses: text with markup and control characters stays well-formed text;
 * a table cell always holds a paragraph; misuse (a run outside a
 * paragraph, unbalanced tables) is an error at docx_finish, never a broken
 * file; the same document gives the same bytes; page numbers add their
 * header parts only when asked. The package is read back with libzip and
 * parsed with libxml2.
 *
 * Not for: the report's layout (tests/cli/test_report_docx.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "office/docx.h"

/* The bytes of part `name` of the package in b (malloc'd, NUL-terminated), or NULL. */
static char *part(const buf *b, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(b->data, b->len, 0, &ze);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	zip_stat_t st;
	char *out = NULL;
	if (zip_stat(za, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(za, name, 0);
		assert_non_null(f);
		out = calloc(1, st.size + 1);
		assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
		zip_fclose(f);
	}
	zip_close(za); /* frees src */
	return out;
}

/* The string value of an XPath (local names) over xml; malloc'd. */
static char *xpath_str(const char *xml, const char *expr)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "part.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc); /* well-formed */
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	assert_non_null(o);
	xmlChar *s = xmlXPathCastToString(o);
	char *r = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return r;
}

static void build_sample(buf *out, bool page_numbers)
{
	docx_page pg = DOCX_A4_DECREE30;
	pg.page_numbers = page_numbers;
	docx *d;
	err e;
	assert_int_equal(docx_new(&pg, &d, &e), 0);
	docx_para c = {.align = DOCX_CENTER};
	assert_int_equal(docx_p(d, &c, "A <b>&amp; \"x\" 'y'\x01\x1f tab\there\nline 2", DOCX_BOLD, 26), 0);
	int w[2] = {3000, 6000};
	assert_int_equal(docx_table_begin(d, 2, w), 0);
	docx_row_begin(d);
	docx_cell_begin(d);
	docx_cell_end(d); /* left empty */
	docx_cell_begin(d);
	docx_p(d, NULL, "Ô phải", DOCX_ITALIC, 0);
	docx_cell_end(d);
	docx_row_end(d);
	assert_int_equal(docx_table_end(d), 0);
	assert_int_equal(docx_finish(d, "Tiêu đề <1>", out, &e), 0);
	docx_free(d);
}

static void markup_and_control_characters_stay_text(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	build_sample(&b, true);
	char *doc = part(&b, "word/document.xml");
	assert_non_null(doc);
	char *t = xpath_str(doc, "string((//*[local-name()='body']/*[local-name()='p'])[1])");
	assert_string_equal(t, "A <b>&amp; \"x\" 'y' tabhereline 2"); /* \x01 \x1f dropped; \t and \n are elements */
	free(t);
	t = xpath_str(doc, "concat(count(//*[local-name()='tab']),count(//*[local-name()='br']))");
	assert_string_equal(t, "11");
	free(t);
	/* the empty cell got a paragraph, the other its text in italics */
	t = xpath_str(doc, "concat(count((//*[local-name()='tc'])[1]/*[local-name()='p']),'|',"
			   "string((//*[local-name()='tc'])[2]),'|',count((//*[local-name()='tc'])[2]//*[local-name()='i']))");
	assert_string_equal(t, "1|Ô phải|1");
	free(t);
	free(doc);
	char *core = part(&b, "docProps/core.xml");
	t = xpath_str(core, "string(//*[local-name()='title'])");
	assert_string_equal(t, "Tiêu đề <1>");
	free(t);
	free(core);
	buf_free(&b);
}

static void same_document_same_bytes(void **state)
{
	(void)state;
	buf a, b;
	buf_init(&a, 0);
	buf_init(&b, 0);
	build_sample(&a, true);
	build_sample(&b, true);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
}

static void page_numbers_only_when_asked(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	build_sample(&b, false);
	char *h = part(&b, "word/header1.xml");
	assert_null(h);
	char *ct = part(&b, "[Content_Types].xml");
	assert_null(strstr(ct, "header"));
	free(ct);
	char *doc = part(&b, "word/document.xml");
	assert_null(strstr(doc, "titlePg"));
	free(doc);
	buf_reset(&b);
	build_sample(&b, true);
	h = part(&b, "word/header1.xml");
	assert_non_null(h);
	char *t = xpath_str(h, "string(//*[local-name()='instrText'])");
	assert_string_equal(t, " PAGE ");
	free(t);
	free(h);
	buf_free(&b);
}

static void misuse_is_an_error_not_a_broken_file(void **state)
{
	(void)state;
	err e;
	docx *d;
	buf b;
	buf_init(&b, 0);
	/* a run outside a paragraph */
	assert_int_equal(docx_new(&DOCX_A4_DECREE30, &d, &e), 0);
	assert_int_equal(docx_run(d, "x", 0, 0), ERR_INVALID);
	assert_int_equal(docx_finish(d, NULL, &b, &e), ERR_INVALID);
	assert_int_equal(b.len, 0);
	docx_free(d);
	/* a paragraph left open */
	assert_int_equal(docx_new(&DOCX_A4_DECREE30, &d, &e), 0);
	docx_p_begin(d, NULL);
	assert_int_equal(docx_finish(d, NULL, &b, &e), ERR_INVALID);
	docx_free(d);
	/* a table never ended, too many cells, too many columns */
	assert_int_equal(docx_new(&DOCX_A4_DECREE30, &d, &e), 0);
	int w[1] = {1000};
	docx_table_begin(d, 1, w);
	docx_row_begin(d);
	docx_cell_begin(d);
	docx_cell_end(d);
	assert_int_equal(docx_cell_begin(d), ERR_INVALID);
	assert_int_equal(docx_finish(d, NULL, &b, &e), ERR_INVALID);
	docx_free(d);
	assert_int_equal(docx_new(&DOCX_A4_DECREE30, &d, &e), 0);
	int many[17] = {0};
	assert_int_equal(docx_table_begin(d, 17, many), ERR_INVALID);
	docx_free(d);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	docx_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markup_and_control_characters_stay_text),
		cmocka_unit_test(same_document_same_bytes),
		cmocka_unit_test(page_numbers_only_when_asked),
		cmocka_unit_test(misuse_is_an_error_not_a_broken_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
