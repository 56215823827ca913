/*
 * test_pdf.c - the generic PDF writer (office/pdf.h) the report and the
 * notice use: a ruled table longer than a page breaks between rows and its
 * header row is drawn again at the top of every page it continues on; a
 * paragraph longer than a page breaks between lines and loses none, and so
 * does a table row taller than a page; page
 * numbers from page 2 only; misuse (a run outside a paragraph, unbalanced
 * tables, text that is not UTF-8) is an error at pdf_finish, never a
 * broken file; the same document gives the same bytes, drawn again or
 * on several threads at once. The PDF is read
 * back with poppler's `pdftotext -layout` (poppler-utils, scripts/deps.sh
 * --test); the read-back checks are skipped when it is missing.
 *
 * Not for: the report's layout (tests/cli/test_report_pdf.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "office/pdf.h"

/* The text of the PDF in b by `pdftotext -layout` (malloc'd; pages end in
 * '\f'), or NULL when pdftotext is not installed. */
static char *pdf_text(const buf *b)
{
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		return NULL;
	char path[] = "/tmp/test_pdf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	buf t;
	buf_init(&t, 0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&t, chunk, n);
	assert_int_equal(pclose(f), 0);
	unlink(path);
	char *s = strdup(buf_cstr(&t));
	buf_free(&t);
	return s;
}

/* Occurrences of needle in the n bytes of s. */
static int count_in(const char *s, size_t n, const char *needle)
{
	int k = 0;
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (!memcmp(s + i, needle, m))
			k++;
	return k;
}

static void table_breaks_across_pages_with_its_header_repeated(void **state)
{
	(void)state;
	pdf *x = NULL;
	err e;
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	pdf_p(x, &(pdf_para){.align = PDF_CENTER}, "DANH SÁCH NHIỆM VỤ", PDF_BOLD, 0);
	double w[3] = {40, 300, pdf_text_width(x) - 340};
	assert_int_equal(pdf_table_begin(x, 3, w, true, 1), 0);
	pdf_row_begin(x);
	const char *head[3] = {"STT", "Nội dung nhiệm vụ", "Thời hạn"};
	for (int c = 0; c < 3; c++) {
		pdf_cell_begin(x);
		pdf_p(x, &(pdf_para){.align = PDF_CENTER}, head[c], PDF_BOLD, 12);
		pdf_cell_end(x);
	}
	assert_int_equal(pdf_row_end(x), 0);
	for (int r = 1; r <= 120; r++) {
		char no[16], txt[128];
		snprintf(no, sizeof no, "%d", r);
		snprintf(txt, sizeof txt, "Nhiệm vụ số %d: rà soát, đôn đốc thu ngân sách trên địa bàn phường", r);
		pdf_row_begin(x);
		pdf_cell_begin(x);
		pdf_p(x, NULL, no, 0, 12);
		pdf_cell_end(x);
		pdf_cell_begin(x);
		pdf_p(x, NULL, txt, 0, 12);
		pdf_cell_end(x);
		pdf_cell_begin(x);
		pdf_p(x, NULL, "31/12/2022", 0, 12);
		pdf_cell_end(x);
		assert_int_equal(pdf_row_end(x), 0);
	}
	assert_int_equal(pdf_table_end(x), 0);
	buf b;
	buf_init(&b, 0);
	assert_int_equal(pdf_finish(x, "Bảng", &b, &e), 0);
	int pages = pdf_pages(x);
	assert_true(pages >= 3);
	pdf_free(x);
	assert_memory_equal(b.data, "%PDF", 4);
	char *t = pdf_text(&b);
	if (t) {
		/* every page holds the header row once, and every row is somewhere */
		int pg = 0;
		for (char *p = t; *p; pg++) {
			char *ff = strchr(p, '\f');
			size_t n = ff ? (size_t)(ff - p) : strlen(p);
			if (n == 0 && !ff)
				break;
			if (count_in(p, n, "Nội dung nhiệm vụ") != 1)
				fail_msg("page %d has the header %d times", pg + 1, count_in(p, n, "Nội dung nhiệm vụ"));
			p = ff ? ff + 1 : p + n;
		}
		assert_int_equal(pg, pages);
		for (int r = 1; r <= 120; r++) {
			char txt[64];
			snprintf(txt, sizeof txt, "Nhiệm vụ số %d:", r);
			if (!strstr(t, txt))
				fail_msg("row %d is missing", r);
		}
		/* rows are never split: a row's text and its deadline on one line */
		assert_int_equal(count_in(t, strlen(t), "31/12/2022"), 120);
		free(t);
	}
	buf_free(&b);
}

static void long_paragraph_breaks_between_lines_and_pages_are_numbered(void **state)
{
	(void)state;
	pdf *x = NULL;
	err e;
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	buf p;
	buf_init(&p, 0);
	for (int i = 1; i <= 400; i++)
		buf_printf(&p, "câu%d ", i);
	buf_puts(&p, "hết.");
	pdf_para body = {.align = PDF_JUSTIFY, .first_line = PDF_MM(10), .line = 1.5};
	assert_int_equal(pdf_p(x, &body, buf_cstr(&p), 0, 30), 0);
	buf b;
	buf_init(&b, 0);
	assert_int_equal(pdf_finish(x, NULL, &b, &e), 0);
	assert_true(pdf_pages(x) >= 2);
	pdf_free(x);
	char *t = pdf_text(&b);
	if (t) {
		for (int i = 1; i <= 400; i++) {
			char w[16];
			snprintf(w, sizeof w, "câu%d ", i);
			if (!strstr(t, w) && !(snprintf(w, sizeof w, "câu%d\n", i) && strstr(t, w)))
				fail_msg("word %d lost at a page break", i);
		}
		assert_non_null(strstr(t, "hết."));
		/* page 1 starts with text, page 2 with its number */
		const char *p2 = strchr(t, '\f');
		assert_non_null(p2);
		p2++;
		while (*p2 == ' ' || *p2 == '\n')
			p2++;
		assert_true(p2[0] == '2' && (p2[1] == ' ' || p2[1] == '\n'));
		const char *p1 = t;
		while (*p1 == ' ' || *p1 == '\n')
			p1++;
		assert_true(!strncmp(p1, "câu1 ", 6));
		free(t);
	}
	buf_free(&p);
	buf_free(&b);
}

/* A row taller than a page (a notice to ninety units: "Nơi nhận" beside the
 * signature) breaks between lines instead of running off the page: every
 * line is printed, the header row drawn again on the next page, and what
 * follows the table comes after its last line. */
static void row_taller_than_a_page_breaks_between_lines_and_loses_none(void **state)
{
	(void)state;
	pdf *x = NULL;
	err e;
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	pdf_p(x, NULL, "Mở đầu", 0, 0);
	double w[2] = {240, pdf_text_width(x) - 240};
	assert_int_equal(pdf_table_begin(x, 2, w, true, 1), 0);
	pdf_row_begin(x);
	pdf_cell_begin(x);
	pdf_p(x, NULL, "Nơi nhận", PDF_BOLD, 12);
	pdf_cell_end(x);
	pdf_cell_begin(x);
	pdf_p(x, NULL, "Ký tên", PDF_BOLD, 12);
	pdf_cell_end(x);
	assert_int_equal(pdf_row_end(x), 0);
	buf lines;
	buf_init(&lines, 0);
	for (int i = 1; i <= 90; i++)
		buf_printf(&lines, "- Đơn vị số %d;\n", i);
	pdf_row_begin(x);
	pdf_cell_begin(x);
	pdf_p(x, &(pdf_para){.before = 3, .after = 3}, buf_cstr(&lines), 0, 11);
	pdf_cell_end(x);
	pdf_cell_begin(x);
	pdf_p(x, &(pdf_para){.align = PDF_CENTER}, "CHỦ TỊCH", PDF_BOLD, 14);
	pdf_cell_end(x);
	assert_int_equal(pdf_row_end(x), 0);
	assert_int_equal(pdf_table_end(x), 0);
	pdf_p(x, NULL, "Kết thúc", 0, 0);
	buf b;
	buf_init(&b, 0);
	assert_int_equal(pdf_finish(x, NULL, &b, &e), 0);
	assert_int_equal(pdf_pages(x), 2);
	pdf_free(x);
	char *t = pdf_text(&b);
	if (t) {
		for (int i = 1; i <= 90; i++) {
			char l[32];
			snprintf(l, sizeof l, "- Đơn vị số %d;", i);
			if (!strstr(t, l))
				fail_msg("line %d of the tall row lost", i);
		}
		assert_int_equal(count_in(t, strlen(t), "Nơi nhận"), 2);
		const char *last = strstr(t, "- Đơn vị số 90;"), *end = strstr(t, "Kết thúc");
		assert_true(end && last < end && strchr(t, '\f') < last);
		free(t);
	}
	buf_free(&lines);
	buf_free(&b);
}

static void misuse_is_an_error_never_a_broken_file(void **state)
{
	(void)state;
	err e;
	buf b;
	buf_init(&b, 0);
	pdf *x = NULL;
	/* a run outside a paragraph */
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	assert_int_equal(pdf_run(x, "x", 0, 0), ERR_INVALID);
	assert_int_equal(pdf_finish(x, NULL, &b, &e), ERR_INVALID);
	pdf_free(x);
	/* a table left open */
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	double w[1] = {100};
	pdf_table_begin(x, 1, w, false, 0);
	assert_int_equal(pdf_finish(x, NULL, &b, &e), ERR_INVALID);
	pdf_free(x);
	/* text that is not UTF-8 */
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	assert_int_equal(pdf_p(x, NULL, "a\xff\xfe", 0, 0), ERR_INVALID);
	assert_int_equal(pdf_finish(x, NULL, &b, &e), ERR_INVALID);
	pdf_free(x);
	/* a paragraph outside a cell of an open table */
	assert_int_equal(pdf_new(&PDF_A4_DECREE30, &x, &e), 0);
	pdf_table_begin(x, 1, w, false, 0);
	pdf_row_begin(x);
	assert_int_equal(pdf_p(x, NULL, "x", 0, 0), ERR_INVALID);
	pdf_free(x);
	assert_int_equal(b.len, 0);
	pdf_free(NULL);
	buf_free(&b);
}

/* A small document into out (the header's motto, a date line); 0 or the
 * error (no cmocka assertion: it runs on other threads too). */
static int one_doc(buf *out)
{
	pdf *x = NULL;
	err e;
	int rc = pdf_new(&PDF_A4_DECREE30, &x, &e);
	if (rc)
		return rc;
	pdf_p(x, &(pdf_para){.align = PDF_CENTER, .rule_below = true}, "Độc lập - Tự do - Hạnh phúc",
	      PDF_BOLD | PDF_UNDERLINE, 14);
	pdf_p(x, NULL, "Bắc Kạn, ngày 05 tháng 7 năm 2022", PDF_ITALIC, 0);
	rc = pdf_finish(x, "Tiêu đề", out, &e);
	pdf_free(x);
	return rc;
}

static void same_document_same_bytes(void **state)
{
	(void)state;
	buf a, c;
	buf_init(&a, 0);
	buf_init(&c, 0);
	assert_int_equal(one_doc(&a), 0);
	assert_int_equal(one_doc(&c), 0); /* the second on the font map the first left (font_map in pdf.c) */
	assert_int_equal(a.len, c.len);
	assert_memory_equal(a.data, c.data, a.len);
	buf_free(&a);
	buf_free(&c);
}

typedef struct doc_job {
	buf out;
	int rc;
} doc_job;

static void *doc_thread(void *arg)
{
	doc_job *j = arg;
	for (int k = 0; k < 3 && !j->rc; k++) {
		buf_reset(&j->out);
		j->rc = one_doc(&j->out);
	}
	return NULL;
}

/* The server's heavy workers draw documents at once, each on its thread's
 * font map: the same bytes as one drawn alone, and no crash (ASan/UBSan). */
static void documents_on_several_threads_at_once(void **state)
{
	(void)state;
	buf alone;
	buf_init(&alone, 0);
	assert_int_equal(one_doc(&alone), 0);
	doc_job j[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		buf_init(&j[i].out, 0);
		j[i].rc = 0;
		assert_int_equal(pthread_create(&th[i], NULL, doc_thread, &j[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(j[i].rc, 0);
		assert_int_equal(j[i].out.len, alone.len);
		assert_memory_equal(j[i].out.data, alone.data, alone.len);
		buf_free(&j[i].out);
	}
	buf_free(&alone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_breaks_across_pages_with_its_header_repeated),
		cmocka_unit_test(long_paragraph_breaks_between_lines_and_pages_are_numbered),
		cmocka_unit_test(row_taller_than_a_page_breaks_between_lines_and_loses_none),
		cmocka_unit_test(misuse_is_an_error_never_a_broken_file),
		cmocka_unit_test(same_document_same_bytes),
		cmocka_unit_test(documents_on_several_threads_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
