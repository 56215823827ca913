/*
 * test_xlsx_report.c - the evaluation workbook (report/report_xlsx.h) of the
 * demo (Bắc Kạn city, 6 months 2022 as of 10/07/2022): read back with the
 * reader, every figure of every sector sheet equals the evaluation engine's
 * (plan, period, cumulative, same period, % of plan and change, status); %
 * of plan and change are formulas over the cells that give the cached
 * figure; the summary's counts add up; the parts are well-formed XML with the
 * Vietnamese number formats, A4 landscape fitted to the width, frozen panes
 * and repeated header rows; the file appears only whole (temporary file
 * renamed; nothing left behind on failure); and LibreOffice opens it (PDF,
 * and CSV showing "1.739,5" and "50,58%") when soffice is installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <zip.h>

#include "core/eval.h"
#include "demo/demo.h"
#include "office/xlsx_read.h"
#include "report/report_xlsx.h"
#include "testlib.h"

extern char **environ;

static tl_db tdb;
static char xlsx[192];
static const cdate AS_OF = {2022, 7, 10};

static int group_setup(void **state)
{
	(void)state;
	err e;
	if (tl_db_open(&tdb, "chitieu_rxlsx", "t.tdb", &e))
		return -1;
	demo_stats st;
	if (demo_create(tdb.s, &st, NULL, NULL, &e)) {
		fprintf(stderr, "demo_create: %s\n", e.msg);
		return -1;
	}
	snprintf(xlsx, sizeof xlsx, "%s/bao-cao.xlsx", tdb.dir);
	period p;
	period_parse("2022S1", &p, &e);
	if (report_xlsx_write(tdb.s, "058", &p, AS_OF, xlsx, &e)) {
		fprintf(stderr, "report_xlsx_write: %s\n", e.msg);
		return -1;
	}
	return 0;
}

/* Removes everything in dir but the database files (tl_db_close removes those). */
static void clean_dir(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strncmp(de->d_name, keep, strlen(keep)))
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		DIR *sub = opendir(p);
		if (sub) {
			closedir(sub);
			clean_dir(p, "\x01");
			rmdir(p);
		} else {
			unlink(p);
		}
	}
	if (d)
		closedir(d);
}

static int group_teardown(void **state)
{
	(void)state;
	clean_dir(tdb.dir, "t.tdb");
	tl_db_close(&tdb);
	return 0;
}

/* The bytes of a part of the workbook (malloc'd, NUL-terminated). */
static char *part_of(const char *name, size_t *len)
{
	int zerr;
	zip_t *z = zip_open(xlsx, ZIP_RDONLY, &zerr);
	assert_non_null(z);
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st))
		fail_msg("no part %s", name);
	char *data = malloc(st.size + 1);
	zip_file_t *f = zip_fopen(z, name, 0);
	assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	data[st.size] = '\0';
	if (len)
		*len = st.size;
	return data;
}

static void test_parts_well_formed_with_formats_and_print_setup(void **state)
{
	(void)state;
	int zerr;
	zip_t *z = zip_open(xlsx, ZIP_RDONLY, &zerr);
	assert_non_null(z);
	zip_int64_t n = zip_get_num_entries(z, 0);
	int xml_parts = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		size_t len;
		char *d = part_of(name, &len);
		xmlDocPtr doc = xmlReadMemory(d, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
		if (!doc)
			fail_msg("%s is not well-formed XML", name);
		xmlFreeDoc(doc);
		xml_parts++;
		free(d);
	}
	zip_close(z);
	assert_true(xml_parts >= 10);
	char *styles = part_of("xl/styles.xml", NULL);
	assert_non_null(strstr(styles, "formatCode=\"[$-42A]#,##0.0\""));
	assert_non_null(strstr(styles, "formatCode=\"[$-42A]#,##0.00\""));
	/* thousands separated in every number format, percentages too ("1.200,00%") */
	assert_non_null(strstr(styles, "formatCode=\"[$-42A]#,##0.00%\""));
	for (const char *p = strstr(styles, "formatCode=\""); p; p = strstr(p + 1, "formatCode=\"")) {
		const char *q = strchr(p + 12, '"');
		const char *sep = strstr(p, "#,##0");
		if (!sep || sep > q)
			fail_msg("a number format without thousands separators: %.*s", (int)(q - p), p);
	}
	assert_non_null(strstr(styles, "Times New Roman"));
	free(styles);
	char *wb = part_of("xl/workbook.xml", NULL);
	assert_non_null(strstr(wb, "name=\"Tổng hợp\""));
	assert_non_null(strstr(wb, "name=\"Kinh tế\""));
	assert_non_null(strstr(wb, "name=\"Văn hóa - Xã hội\""));
	assert_non_null(strstr(wb, "_xlnm.Print_Titles"));
	assert_non_null(strstr(wb, "'Kinh tế'!$5:$6"));
	free(wb);
	char *sheet = part_of("xl/worksheets/sheet2.xml", NULL);
	assert_non_null(strstr(sheet, "paperSize=\"9\""));
	assert_non_null(strstr(sheet, "orientation=\"landscape\""));
	assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
	assert_non_null(strstr(sheet, "<pane xSplit=\"2\" ySplit=\"6\" topLeftCell=\"C7\" activePane=\"bottomRight\" "
				      "state=\"frozen\"/>"));
	assert_non_null(strstr(sheet, "<f>F7/D7</f>"));
	/* rows whose wrapped texts take two lines or more are as tall as them */
	int tall = 0;
	for (const char *p = strstr(sheet, "<row r=\""); p; p = strstr(p + 1, "<row r=\"")) {
		int r = atoi(p + 8);
		const char *end = strchr(p, '>');
		const char *ht = strstr(p, "ht=\"");
		if (r >= 7 && ht && ht < end && atof(ht + 4) >= 2 * 15.75)
			tall++;
	}
	assert_true(tall >= 3);
	free(sheet);
	/* the sector's title in capitals throughout */
	char *ss = part_of("xl/sharedStrings.xml", NULL);
	assert_non_null(strstr(ss, "ĐÁNH GIÁ THỰC HIỆN CHỈ TIÊU - LĨNH VỰC KINH TẾ"));
	assert_null(strstr(ss, "LĨNH VỰC Kinh tế"));
	free(ss);
	/* nothing but the workbook in the folder: the temporary file was renamed */
	DIR *d = opendir(tdb.dir);
	struct dirent *de;
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".tmp-"))
			fail_msg("left behind: %s", de->d_name);
	closedir(d);
}

static const eval_row *row_named(const eval_report *r, const char *name)
{
	for (size_t i = 0; i < r->result.n_rows; i++)
		if (!strcmp(r->inds[r->result.rows[i].ind_index].name_vi, name))
			return &r->result.rows[i];
	return NULL;
}

static void expect_num(xlsx_sheet *s, uint32_t row, uint32_t col, bool has, double want)
{
	const xlsx_cell *c = xlsx_cell_at(s, row, col);
	assert_non_null(c);
	if (!has) {
		if (c->type != XLSX_STRING || strcmp(c->text, "-"))
			fail_msg("%s row %u col %u: wanted '-', got '%s'", s->name, row + 1, col + 1, c->text);
		return;
	}
	if (c->type != XLSX_NUMBER || fabs(c->num - want) > 1e-9 * fmax(1, fabs(want)))
		fail_msg("%s row %u col %u: wanted %.10g, got '%s'", s->name, row + 1, col + 1, want, c->text);
}

/* A monthly workbook of the city ends with who has reported, as core/completeness
 * says (the demo's xã Dương Quang late in June 2022, on time in May). */
static void test_monthly_workbook_says_who_has_reported(void **state)
{
	(void)state;
	err e;
	char path[256];
	snprintf(path, sizeof path, "%s/thang-6.xlsx", tdb.dir);
	period jun = {PERIOD_MONTH, 2022, 6};
	assert_int_equal(report_xlsx_write(tdb.s, "058", &jun, AS_OF, path, &e), 0);
	xlsx_book *b;
	assert_int_equal(xlsx_open_file(path, NULL, &b, &e), 0);
	size_t last = xlsx_sheet_count(b) - 1;
	assert_string_equal(xlsx_sheet_name(b, last), REPORT_XLSX_REPORTING_SHEET);
	xlsx_sheet *s;
	assert_int_equal(xlsx_sheet_read(b, last, &s, &e), 0);
	assert_string_equal(xlsx_cell_at(s, 4, 7)->text, "Tháng 6");
	uint32_t row = 5;
	for (; xlsx_cell_at(s, row, 0) && strcmp(xlsx_cell_at(s, row, 0)->text, "01849"); row++)
		;
	assert_non_null(xlsx_cell_at(s, row, 0));
	assert_string_equal(xlsx_cell_at(s, row, 1)->text, "xã Dương Quang");
	assert_string_equal(xlsx_cell_at(s, row, 7)->text, "đủ, muộn");     /* June */
	assert_string_equal(xlsx_cell_at(s, row, 6)->text, "đủ, đúng hạn"); /* May */
	uint32_t total = 5 + 8; /* after the eight wards */
	assert_string_equal(xlsx_cell_at(s, total, 1)->text, "Đủ, đúng hạn");
	assert_string_equal(xlsx_cell_at(s, total, 7)->text, "7/8");
	assert_string_equal(xlsx_cell_at(s, total, 6)->text, "8/8");
	xlsx_sheet_free(s);
	xlsx_close(b);
	/* a ward's workbook has nobody under it: no such sheet */
	assert_int_equal(report_xlsx_write(tdb.s, "01837", &jun, AS_OF, path, &e), 0);
	assert_int_equal(xlsx_open_file(path, NULL, &b, &e), 0);
	assert_string_not_equal(xlsx_sheet_name(b, xlsx_sheet_count(b) - 1), REPORT_XLSX_REPORTING_SHEET);
	xlsx_close(b);
}

static void test_every_figure_is_the_engines(void **state)
{
	(void)state;
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.today = AS_OF;
	period p;
	err e;
	period_parse("2022S1", &p, &e);
	eval_report r;
	assert_int_equal(eval_run(tdb.s, "058", &p, &o, &r, &e), 0);
	xlsx_book *b;
	assert_int_equal(xlsx_open_file(xlsx, NULL, &b, &e), 0);
	assert_string_equal(xlsx_sheet_name(b, 0), REPORT_XLSX_SUMMARY_SHEET);
	int rows_seen = 0, formulas = 0, sheets = 0;
	for (size_t si = 1; si < xlsx_sheet_count(b); si++) {
		xlsx_sheet *s;
		assert_int_equal(xlsx_sheet_read(b, si, &s, &e), 0);
		sheets++;
		assert_string_equal(xlsx_cell_at(s, 4, 7)->text, "% kế hoạch năm");
		for (uint32_t row = 6;; row++) {
			const xlsx_cell *name = xlsx_cell_at(s, row, 1);
			if (!name)
				break;
			const eval_row *er = row_named(&r, name->text);
			if (!er)
				fail_msg("%s row %u: '%s' is no indicator", s->name, row + 1, name->text);
			const indicator *ind = &r.inds[er->ind_index];
			assert_string_equal(sector_label(ind->sector), s->name);
			assert_string_equal(xlsx_cell_at(s, row, 2)->text, ind->uom);
			expect_num(s, row, 3, er->has_target, num_to_double(er->target));
			expect_num(s, row, 4, er->has_value, num_to_double(er->value));
			expect_num(s, row, 5, er->has_cum, num_to_double(er->cumulative));
			expect_num(s, row, 6, er->has_prev_cum, num_to_double(er->prev_cumulative));
			expect_num(s, row, 7, !isnan(er->percent_of_target), er->percent_of_target / 100.0);
			bool pct_uom = ind->uom[0] == '%';
			double ch = pct_uom ? er->change_absolute : er->change_on_last_year / 100.0;
			expect_num(s, row, 8, !isnan(ch), ch);
			const xlsx_cell *h = xlsx_cell_at(s, row, 7);
			char want[64];
			snprintf(want, sizeof want, "F%u/D%u", row + 1, row + 1);
			if (h->formula) {
				/* a formula gives exactly the cached figure */
				assert_string_equal(h->formula, want);
				double F = xlsx_cell_at(s, row, 5)->num, D = xlsx_cell_at(s, row, 3)->num;
				assert_true(fabs(F / D - h->num) < 1e-12);
				formulas++;
			}
			const xlsx_cell *i8 = xlsx_cell_at(s, row, 8);
			if (i8->formula && !pct_uom) {
				snprintf(want, sizeof want, "(F%u-G%u)/ABS(G%u)", row + 1, row + 1, row + 1);
				assert_string_equal(i8->formula, want);
			}
			const char *status = xlsx_cell_at(s, row, 9)->text;
			assert_memory_equal(status, eval_status_label(er->status), strlen(eval_status_label(er->status)));
			rows_seen++;
		}
		xlsx_sheet_free(s);
	}
	assert_int_equal(sheets, 5);
	assert_true(rows_seen >= 60);
	assert_true(formulas >= 20);
	/* the retail sales row: the DOMAIN.md figures */
	xlsx_sheet *s;
	assert_int_equal(xlsx_sheet_read(b, 1, &s, &e), 0);
	assert_string_equal(xlsx_cell_at(s, 6, 1)->text, "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng");
	assert_true(xlsx_cell_at(s, 6, 5)->num == 1739.5);
	assert_true(fabs(xlsx_cell_at(s, 6, 7)->num - 0.5058) < 0.00005);
	assert_true(fabs(xlsx_cell_at(s, 6, 8)->num - 0.0485) < 0.00005);
	xlsx_sheet_free(s);
	/* the summary: per-sector counts add up to the engine's, with SUM formulas */
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	uint32_t total = 6 + 5;
	assert_string_equal(xlsx_cell_at(s, total, 1)->text, "Tổng cộng");
	assert_true(xlsx_cell_at(s, total, 3)->num == r.result.n_with_target);
	assert_true(xlsx_cell_at(s, total, 4)->num == r.result.n_met);
	assert_true(xlsx_cell_at(s, total, 5)->num == r.result.n_not_met);
	assert_string_equal(xlsx_cell_at(s, total, 3)->formula, "SUM(D7:D11)");
	double sum = 0;
	for (uint32_t row = 6; row < total; row++)
		sum += xlsx_cell_at(s, row, 4)->num;
	assert_true(sum == r.result.n_met);
	xlsx_sheet_free(s);
	xlsx_close(b);
	eval_report_free(&r);
}

static void test_whole_file_or_nothing(void **state)
{
	(void)state;
	period p;
	err e;
	period_parse("202206", &p, &e);
	char bad[256];
	snprintf(bad, sizeof bad, "%s/no-such-dir/x.xlsx", tdb.dir);
	assert_int_equal(report_xlsx_write(tdb.s, "058", &p, AS_OF, bad, &e), ERR_IO);
	assert_int_not_equal(access(bad, F_OK), 0);
	char path[256];
	snprintf(path, sizeof path, "%s/unknown.xlsx", tdb.dir);
	assert_int_equal(report_xlsx_write(tdb.s, "99999", &p, AS_OF, path, &e), ERR_NOTFOUND);
	assert_int_not_equal(access(path, F_OK), 0);
	/* over an existing file: replaced whole */
	FILE *f = fopen(path, "w");
	fputs("old", f);
	fclose(f);
	assert_int_equal(report_xlsx_write(tdb.s, "01837", &p, AS_OF, path, &e), 0);
	xlsx_book *b;
	assert_int_equal(xlsx_open_file(path, NULL, &b, &e), 0);
	xlsx_close(b);
	buf out;
	buf_init(&out, 0);
	assert_int_equal(report_xlsx_to_buf(tdb.s, "01837", &p, AS_OF, &out, &e), 0);
	assert_true(out.len > 1000 && !memcmp(out.data, "PK", 2));
	buf_free(&out);
}

/* ---- LibreOffice ------------------------------------------------------------------------ */

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char dir[1024];
	while (path && *path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);
		snprintf(dir, sizeof dir, "%.*s/%s", (int)n, path, prog);
		if (access(dir, X_OK) == 0)
			return true;
		path = c ? c + 1 : NULL;
	}
	return false;
}

/* Runs soffice --headless --convert-to `to` on xlsx into outdir; true when it exits 0 within 120 s. */
static bool soffice(const char *to, const char *outdir)
{
	char profile[512];
	snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/lo-profile", tdb.dir);
	char *argv[] = {"soffice", profile, "--headless", "--norestore", "--convert-to", (char *)to, "--outdir",
			(char *)outdir, xlsx, NULL};
	pid_t pid;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	int rc = posix_spawnp(&pid, "soffice", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return false;
	for (int i = 0; i < 1200; i++) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) && WEXITSTATUS(st) == 0;
		struct timespec ts = {0, 100000000};
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return false;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b;
	buf_init(&b, 0);
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, got);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static void test_libreoffice_opens_it(void **state)
{
	(void)state;
	if (!in_path("soffice")) {
		print_message("SKIP: soffice not installed\n");
		skip();
	}
	char out[256];
	snprintf(out, sizeof out, "%s/lo", tdb.dir);
	assert_true(soffice("pdf", out));
	char pdf[320];
	snprintf(pdf, sizeof pdf, "%s/bao-cao.pdf", out);
	size_t len = 0;
	char *d = read_all(pdf, &len);
	assert_non_null(d);
	assert_true(len > 2000 && !memcmp(d, "%PDF", 4));
	free(d);
	/* the Kinh tế sheet (sheet 2) as LibreOffice shows it: Vietnamese numbers */
	assert_true(soffice("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2", out));
	char csv[320];
	snprintf(csv, sizeof csv, "%s/bao-cao-Kinh tế.csv", out);
	d = read_all(csv, &len);
	if (!d) {
		snprintf(csv, sizeof csv, "%s/bao-cao.csv", out);
		d = read_all(csv, &len);
	}
	assert_non_null(d);
	if (!strstr(d, "\"1.739,5\"") || !strstr(d, "\"50,58%\"") || !strstr(d, "\"4,85%\""))
		fail_msg("LibreOffice shows:\n%.1500s", d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parts_well_formed_with_formats_and_print_setup),
		cmocka_unit_test(test_every_figure_is_the_engines),
		cmocka_unit_test(test_monthly_workbook_says_who_has_reported),
		cmocka_unit_test(test_whole_file_or_nothing),
		cmocka_unit_test(test_libreoffice_opens_it),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
