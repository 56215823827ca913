/*
 * test_md.c - tests of the escapers the report and the conclusions notice
 * share: util/md.h (Markdown: inline markup escaped anywhere; list, heading
 * and rule markers only at the start of a line, after spaces, and after
 * every line break inside the text; plain text and UTF-8 untouched) and
 * util/html.h (the five HTML characters as entities, nothing else).
 *
 * Not for: the documents that use it (test_report.c, test_store_tasks.c,
 * tests/cli/test_notice_markdown.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/html.h"
#include "util/md.h"

static void check(const char *in, bool line_start, const char *want)
{
	buf b;
	buf_init(&b, 0);
	assert_int_equal(md_escape(&b, in, line_start), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_md_inline_markup_escaped_anywhere(void **state)
{
	(void)state;
	check("a *b* _c_ `d` [e](f) <g> #h |i| ~~j~~ &amp; !k \\", false,
	      "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\#h \\|i\\| \\~\\~j\\~\\~ \\&amp; \\!k \\\\");
}

static void test_md_line_markers_only_at_line_start(void **state)
{
	(void)state;
	check("- a", true, "\\- a");
	check("- a", false, "- a");
	check("+ a\n= b\n---\n  12. c\n3) d", true, "\\+ a\n\\= b\n\\---\n  12\\. c\n3\\) d");
	check("thu 1.739,5 tỷ - tăng 4,85%", true, "thu 1.739,5 tỷ - tăng 4,85%");
	check("2022", true, "2022");
}

static void test_md_plain_text_untouched(void **state)
{
	(void)state;
	check("Phường Sông Cầu (45,13% kế hoạch)", true, "Phường Sông Cầu (45,13% kế hoạch)");
	check("", true, "");
}

static void test_html_five_characters_as_entities(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(html_escape(&b, "<script>alert('x')</script> & \"Sông Cầu\" *_#"), 0);
	assert_string_equal(buf_cstr(&b),
			    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sông Cầu&quot; *_#");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_inline_markup_escaped_anywhere),
		cmocka_unit_test(test_md_line_markers_only_at_line_start),
		cmocka_unit_test(test_md_plain_text_untouched),
		cmocka_unit_test(test_html_five_characters_as_entities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
