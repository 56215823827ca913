/*
 * test_xlsx_read.c - the .xlsx reader (office/xlsx_read.h): cell references;
 * every kind of cell as Excel and other writers store it (shared strings
 * with rich text and phonetic runs, inline strings, numbers in exponent
 * form, booleans, errors, formulas with and without a cached result, cells
 * and rows without their "r", prefixed element names, absolute relationship
 * targets); a file written by libxlsxwriter; and every refusal: not a zip, an
 * old .xls, a truncated zip, a zip that is no workbook, a DOCTYPE, a bad
 * shared-string index, and each limit (part size as a zip bomb, total size,
 * entries, cells, file size). Workbooks are built here with libzip.
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

#include <xlsxwriter.h>
#include <zip.h>

#include "office/xlsx_read.h"
#include "util/buf.h"

/* ---- building workbooks ------------------------------------------------------------ */

typedef tl_zip_part part;

#define MAIN_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL_NS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define REL_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char ROOT_RELS[] =
	"<?xml version=\"1.0\"?><Relationships " REL_NS "><Relationship Id=\"rId1\" Type=\"" REL_T
	"officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB_ONE[] = "<?xml version=\"1.0\"?><workbook " MAIN_NS "><sheets>"
			     "<sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char WB_RELS_ONE[] = "<?xml version=\"1.0\"?><Relationships " REL_NS "><Relationship Id=\"rId1\" Type=\"" REL_T
				  "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

/* A one-sheet workbook around sheet_xml. */
static void one_sheet(const char *sheet_xml, size_t sheet_len, char **out, size_t *len)
{
	part p[] = {
		{"_rels/.rels", ROOT_RELS, 0},
		{"xl/workbook.xml", WB_ONE, 0},
		{"xl/_rels/workbook.xml.rels", WB_RELS_ONE, 0},
		{"xl/worksheets/sheet1.xml", sheet_xml, sheet_len},
	};
	tl_make_zip(p, 4, out, len);
}

/* ---- references ------------------------------------------------------------------------ */

static void test_refs_both_ways(void **state)
{
	(void)state;
	uint32_t r, c;
	assert_int_equal(xlsx_ref_parse("A1", &r, &c), 0);
	assert_int_equal(r, 0);
	assert_int_equal(c, 0);
	assert_int_equal(xlsx_ref_parse("C7", &r, &c), 0);
	assert_int_equal(r, 6);
	assert_int_equal(c, 2);
	assert_int_equal(xlsx_ref_parse("$ab$12", &r, &c), 0);
	assert_int_equal(r, 11);
	assert_int_equal(c, 27);
	assert_int_equal(xlsx_ref_parse("XFD1048576", &r, &c), 0);
	assert_int_equal(c, 16383);
	assert_int_equal(r, 1048575);
	assert_int_not_equal(xlsx_ref_parse("XFE1", &r, &c), 0);
	assert_int_not_equal(xlsx_ref_parse("A0", &r, &c), 0);
	assert_int_not_equal(xlsx_ref_parse("A1048577", &r, &c), 0);
	assert_int_not_equal(xlsx_ref_parse("1A", &r, &c), 0);
	assert_int_not_equal(xlsx_ref_parse("A1B", &r, &c), 0);
	assert_int_not_equal(xlsx_ref_parse("", &r, &c), 0);
	char out[16];
	xlsx_ref_format(out, sizeof out, 6, 2);
	assert_string_equal(out, "C7");
	xlsx_col_name(out, sizeof out, 25);
	assert_string_equal(out, "Z");
	xlsx_col_name(out, sizeof out, 26);
	assert_string_equal(out, "AA");
	xlsx_col_name(out, sizeof out, 16383);
	assert_string_equal(out, "XFD");
}

/* ---- cells --------------------------------------------------------------------------------- */

static const char WB_TWO[] =
	"<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets>"
	"<x:sheet name=\"Tổng hợp\" sheetId=\"1\" r:id=\"rId7\"/><x:sheet name=\"Số liệu\" sheetId=\"2\" "
	"r:id=\"rId3\"/></x:sheets></x:workbook>";
static const char WB_RELS_TWO[] =
	"<?xml version=\"1.0\"?><Relationships " REL_NS ">"
	"<Relationship Id=\"rId3\" Type=\"" REL_T "worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"" REL_T "worksheet\" Target=\"worksheets/../worksheets/sum.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"" REL_T "sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId10\" Type=\"" REL_T "hyperlink\" Target=\"http://example.org/\" TargetMode=\"External\"/>"
	"</Relationships>";
static const char SST[] =
	"<?xml version=\"1.0\"?><sst " MAIN_NS " count=\"3\" uniqueCount=\"3\">"
	"<si><t>Mã chỉ tiêu</t></si>"
	"<si><r><rPr><b/></rPr><t>Tổng mức </t></r><r><t xml:space=\"preserve\">bán lẻ </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
	"<si><t/></si></sst>";
static const char DATA[] =
	"<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<x:sheetData>"
	"<x:row r=\"6\"><x:c r=\"B6\" t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
	"<x:c r=\"E6\" s=\"3\"/></x:row>"
	"<x:row><x:c r=\"B7\" t=\"inlineStr\"><x:is><x:t>KT01</x:t></x:is></x:c>"
	"<x:c r=\"E7\"><x:v>1739.5</x:v></x:c><x:c r=\"F7\"><x:v>2.4252920000000001E4</x:v></x:c>"
	"<x:c r=\"G7\" t=\"b\"><x:v>1</x:v></x:c><x:c r=\"H7\" t=\"e\"><x:v>#DIV/0!</x:v></x:c>"
	"<x:c r=\"I7\"><x:f>E7*2</x:f><x:v>3479</x:v></x:c>"
	"<x:c r=\"J7\" t=\"str\"><x:f>B7&amp;\"x\"</x:f><x:v>KT01x</x:v></x:c>"
	"<x:c r=\"K7\"><x:f t=\"shared\" si=\"0\"/></x:c>"
	"<x:c r=\"L7\" t=\"s\"><x:v>2</x:v></x:c></x:row>"
	"<x:row r=\"3\"><x:c r=\"A3\" t=\"inlineStr\"><x:is><x:t>muộn</x:t></x:is></x:c></x:row>"
	"</x:sheetData></x:worksheet>";
static const char SUM[] = "<?xml version=\"1.0\"?><worksheet " MAIN_NS "><sheetData/></worksheet>";

static void test_reads_every_kind_of_cell(void **state)
{
	(void)state;
	part p[] = {
		{"_rels/.rels", ROOT_RELS, 0},
		{"xl/workbook.xml", WB_TWO, 0},
		{"xl/_rels/workbook.xml.rels", WB_RELS_TWO, 0},
		{"xl/sharedStrings.xml", SST, 0},
		{"xl/worksheets/data.xml", DATA, 0},
		{"xl/worksheets/sum.xml", SUM, 0},
	};
	char *z;
	size_t n;
	tl_make_zip(p, 6, &z, &n);
	xlsx_book *b;
	err e;
	assert_int_equal(xlsx_open_mem(z, n, "a.xlsx", NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_count(b), 2);
	assert_string_equal(xlsx_sheet_name(b, 0), "Tổng hợp");
	assert_string_equal(xlsx_sheet_name(b, 1), "Số liệu");
	assert_int_equal(xlsx_sheet_find(b, "Số liệu"), 1);
	assert_int_equal(xlsx_sheet_find(b, "số liệu"), -1);
	xlsx_sheet *s;
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	assert_int_equal(s->n, 0);
	xlsx_sheet_free(s);
	assert_int_equal(xlsx_sheet_read(b, 1, &s, &e), 0);
	assert_string_equal(s->name, "Số liệu");
	const xlsx_cell *c = xlsx_cell_at(s, 5, 1); /* B6 */
	assert_non_null(c);
	assert_int_equal(c->type, XLSX_STRING);
	assert_string_equal(c->text, "Mã chỉ tiêu");
	c = xlsx_cell_at(s, 5, 2); /* C6: no r, follows B6; rich text without the phonetic run */
	assert_non_null(c);
	assert_string_equal(c->text, "Tổng mức bán lẻ ");
	assert_null(xlsx_cell_at(s, 5, 4)); /* E6: a styled empty cell */
	c = xlsx_cell_at(s, 6, 1); /* B7: a row without r follows row 6 */
	assert_non_null(c);
	assert_string_equal(c->text, "KT01");
	c = xlsx_cell_at(s, 6, 4);
	assert_int_equal(c->type, XLSX_NUMBER);
	assert_true(c->num == 1739.5);
	assert_string_equal(c->text, "1739.5");
	assert_null(c->formula);
	c = xlsx_cell_at(s, 6, 5);
	assert_true(c->num > 24252.919 && c->num < 24252.921);
	c = xlsx_cell_at(s, 6, 6);
	assert_int_equal(c->type, XLSX_BOOL);
	assert_string_equal(c->text, "TRUE");
	c = xlsx_cell_at(s, 6, 7);
	assert_int_equal(c->type, XLSX_ERROR);
	assert_string_equal(c->text, "#DIV/0!");
	c = xlsx_cell_at(s, 6, 8);
	assert_int_equal(c->type, XLSX_NUMBER);
	assert_string_equal(c->formula, "E7*2");
	assert_true(c->num == 3479);
	c = xlsx_cell_at(s, 6, 9);
	assert_int_equal(c->type, XLSX_STRING);
	assert_string_equal(c->formula, "B7&\"x\"");
	assert_string_equal(c->text, "KT01x");
	c = xlsx_cell_at(s, 6, 10); /* a shared formula without a cached value */
	assert_non_null(c);
	assert_int_equal(c->type, XLSX_BLANK);
	assert_non_null(c->formula);
	c = xlsx_cell_at(s, 6, 11); /* an empty shared string is a string cell holding "" */
	assert_non_null(c);
	assert_string_equal(c->text, "");
	c = xlsx_cell_at(s, 2, 0); /* a row given out of order is still found */
	assert_non_null(c);
	assert_string_equal(c->text, "muộn");
	assert_int_equal(s->n_rows, 7);
	assert_int_equal(s->n_cols, 12);
	for (size_t i = 1; i < s->n; i++) /* sorted by row, then column */
		assert_true(s->cells[i - 1].row < s->cells[i].row ||
			    (s->cells[i - 1].row == s->cells[i].row && s->cells[i - 1].col < s->cells[i].col));
	xlsx_sheet_free(s);
	assert_int_equal(xlsx_sheet_read(b, 2, &s, &e), ERR_NOTFOUND);
	xlsx_close(b);
	free(z);
}

static void test_reads_libxlsxwriter_file(void **state)
{
	(void)state;
	char path[] = "/tmp/chitieu_xlsxw_XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Kế hoạch");
	worksheet_write_string(ws, 0, 0, "Giá trị sản xuất công nghiệp", NULL);
	worksheet_write_number(ws, 1, 2, 145244.67, NULL);
	worksheet_write_formula_num(ws, 1, 3, "=C2/2", NULL, 72622.335);
	worksheet_write_boolean(ws, 2, 0, 0, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	xlsx_book *b;
	err e;
	assert_int_equal(xlsx_open_file(path, NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_find(b, "Kế hoạch"), 0);
	xlsx_sheet *s;
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	assert_string_equal(xlsx_cell_at(s, 0, 0)->text, "Giá trị sản xuất công nghiệp");
	assert_true(xlsx_cell_at(s, 1, 2)->num == 145244.67);
	assert_string_equal(xlsx_cell_at(s, 1, 3)->formula, "C2/2");
	assert_true(xlsx_cell_at(s, 1, 3)->num == 72622.335);
	assert_int_equal(xlsx_cell_at(s, 2, 0)->type, XLSX_BOOL);
	xlsx_sheet_free(s);
	xlsx_close(b);
	/* a file over max_file_bytes is refused before it is parsed */
	xlsx_limits lim = {.max_file_bytes = 100};
	assert_int_equal(xlsx_open_file(path, &lim, &b, &e), ERR_TOOBIG);
	assert_null(b);
	unlink(path);
	assert_int_equal(xlsx_open_file(path, NULL, &b, &e), ERR_IO);
	assert_non_null(strstr(e.msg, path));
}

/* ---- refusals ---------------------------------------------------------------------------- */

static void expect_open_fails(const char *data, size_t len, const xlsx_limits *lim, int code, const char *words)
{
	xlsx_book *b = (xlsx_book *)1;
	err e;
	err_clear(&e);
	int rc = xlsx_open_mem(data, len, "x.xlsx", lim, &b, &e);
	if (rc != code)
		print_message("%s\n", e.msg);
	assert_int_equal(rc, code);
	assert_null(b);
	if (!strstr(e.msg, words))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, words);
}

static void test_not_a_zip_and_old_xls(void **state)
{
	(void)state;
	const char txt[] = "indicator,unit,period,value\n";
	expect_open_fails(txt, sizeof txt - 1, NULL, ERR_INVALID, "không phải tệp Excel .xlsx");
	expect_open_fails("", 0, NULL, ERR_INVALID, "không phải tệp Excel .xlsx");
	const char ole[16] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	expect_open_fails(ole, sizeof ole, NULL, ERR_INVALID, "Excel cũ (.xls)");
}

static void test_truncated_zip(void **state)
{
	(void)state;
	char *z;
	size_t n;
	one_sheet(SUM, 0, &z, &n);
	for (size_t cut = 4; cut < n; cut += n / 7)
		expect_open_fails(z, cut, NULL, ERR_INVALID, "bị hỏng");
	/* the whole file opens */
	xlsx_book *b;
	err e;
	assert_int_equal(xlsx_open_mem(z, n, "x.xlsx", NULL, &b, &e), 0);
	xlsx_close(b);
	free(z);
}

static void test_zip_that_is_no_workbook(void **state)
{
	(void)state;
	part p[] = {{"readme.txt", "xin chào", 0}};
	char *z;
	size_t n;
	tl_make_zip(p, 1, &z, &n);
	expect_open_fails(z, n, NULL, ERR_INVALID, "không phải bảng tính Excel");
	free(z);
	part q[] = {{"_rels/.rels", ROOT_RELS, 0}, {"xl/workbook.xml", "<workbook><sheets>", 0}};
	tl_make_zip(q, 2, &z, &n);
	expect_open_fails(z, n, NULL, ERR_INVALID, "không phải XML hợp lệ");
	free(z);
	part r[] = {{"_rels/.rels", ROOT_RELS, 0},
		    {"xl/workbook.xml", "<workbook " MAIN_NS "><sheets/></workbook>", 0}};
	tl_make_zip(r, 2, &z, &n);
	expect_open_fails(z, n, NULL, ERR_INVALID, "không có sheet nào");
	free(z);
}

static void test_doctype_refused(void **state)
{
	(void)state;
	static const char bomb[] =
		"<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
		"<worksheet " MAIN_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c>"
		"</row></sheetData></worksheet>";
	char *z;
	size_t n;
	one_sheet(bomb, 0, &z, &n);
	xlsx_book *b;
	err e;
	assert_int_equal(xlsx_open_mem(z, n, "x.xlsx", NULL, &b, &e), 0);
	xlsx_sheet *s = NULL;
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), ERR_INVALID);
	assert_null(s);
	assert_non_null(strstr(e.msg, "DOCTYPE"));
	xlsx_close(b);
	free(z);
}

static void test_bad_cells_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"<worksheet><sheetData><row><c t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row><c r=\"A0\"><v>1</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row><c><v>12abc</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"0\"><c><v>1</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row><c t=\"zz\"><v>1</v></c></row></sheetData></worksheet>",
	};
	static const char *const words[] = {"chuỗi số 7", "ô tên 'A0'", "số '12abc'", "dòng số '0'", "t=\"zz\""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *z;
		size_t n;
		one_sheet(bad[i], 0, &z, &n);
		xlsx_book *b;
		err e;
		assert_int_equal(xlsx_open_mem(z, n, "x.xlsx", NULL, &b, &e), 0);
		xlsx_sheet *s = NULL;
		assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), ERR_INVALID);
		if (!strstr(e.msg, words[i]) || !strstr(e.msg, "Số liệu"))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, words[i]);
		xlsx_close(b);
		free(z);
	}
}

/* A sheet of `cells` number cells padded with `pad` bytes of blanks (deflate makes them tiny). */
static char *big_sheet(size_t cells, size_t pad, size_t *len)
{
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, "<?xml version=\"1.0\"?><worksheet " MAIN_NS "><sheetData><row r=\"1\">");
	for (size_t i = 0; i < cells; i++)
		buf_printf(&b, "<c><v>%zu</v></c>", i);
	buf_puts(&b, "</row>");
	buf_pad(&b, ' ', pad);
	buf_puts(&b, "</sheetData></worksheet>");
	*len = b.len;
	return buf_detach(&b);
}

static void test_limits(void **state)
{
	(void)state;
	size_t sl;
	char *sheet = big_sheet(3, (size_t)2 << 20, &sl); /* 2 MiB of blanks */
	char *z;
	size_t n;
	one_sheet(sheet, sl, &z, &n);
	assert_true(n < 20000); /* the bomb is small on disk */
	xlsx_book *b;
	xlsx_sheet *s = NULL;
	err e;
	/* one part over max_part_bytes: a zip bomb */
	xlsx_limits part_lim = {.max_part_bytes = 1 << 20};
	assert_int_equal(xlsx_open_mem(z, n, "bom.xlsx", &part_lim, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), ERR_TOOBIG);
	assert_null(s);
	assert_non_null(strstr(e.msg, "bom zip"));
	assert_non_null(strstr(e.msg, "bom.xlsx"));
	xlsx_close(b);
	/* all parts together over max_total_bytes */
	xlsx_limits total_lim = {.max_total_bytes = 1 << 20};
	assert_int_equal(xlsx_open_mem(z, n, "bom.xlsx", &total_lim, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), ERR_TOOBIG);
	xlsx_close(b);
	/* within the defaults it reads */
	assert_int_equal(xlsx_open_mem(z, n, "bom.xlsx", NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	assert_int_equal(s->n, 3);
	xlsx_sheet_free(s);
	xlsx_close(b);
	free(z);
	free(sheet);
	/* cells */
	sheet = big_sheet(50, 0, &sl);
	one_sheet(sheet, sl, &z, &n);
	xlsx_limits cell_lim = {.max_cells = 20};
	assert_int_equal(xlsx_open_mem(z, n, "o.xlsx", &cell_lim, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "quá nhiều ô"));
	assert_non_null(strstr(e.msg, "U1")); /* the 21st cell */
	xlsx_close(b);
	free(z);
	free(sheet);
	/* entries */
	part p[40];
	char names[40][32];
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "x/%d.txt", i);
		p[i] = (part){names[i], "x", 0};
	}
	tl_make_zip(p, 40, &z, &n);
	xlsx_limits ent_lim = {.max_entries = 10};
	expect_open_fails(z, n, &ent_lim, ERR_TOOBIG, "40 tệp con");
	free(z);
}

static void test_grid_by_hand(void **state)
{
	(void)state;
	xlsx_sheet *s;
	err e;
	assert_int_equal(xlsx_sheet_new("a.csv", 4, &s, &e), 0);
	assert_int_equal(xlsx_sheet_add(s, 2, 1, XLSX_STRING, 0, "b3", NULL, &e), 0);
	assert_int_equal(xlsx_sheet_add(s, 0, 5, XLSX_STRING, 0, "f1", NULL, &e), 0);
	assert_int_equal(xlsx_sheet_add(s, 2, 0, XLSX_STRING, 0, "a3", NULL, &e), 0);
	assert_int_equal(xlsx_sheet_add(s, 2, 1, XLSX_STRING, 0, "b3 again", NULL, &e), 0); /* replaces */
	assert_int_equal(s->n, 3);
	assert_string_equal(xlsx_cell_at(s, 2, 1)->text, "b3 again");
	assert_string_equal(s->cells[0].text, "f1");
	assert_string_equal(s->cells[1].text, "a3");
	assert_int_equal(xlsx_sheet_add(s, 9, 9, XLSX_NUMBER, 1, "1", NULL, &e), 0);
	assert_int_equal(xlsx_sheet_add(s, 10, 0, XLSX_NUMBER, 1, "1", NULL, &e), ERR_TOOBIG);
	assert_int_equal(xlsx_sheet_add(s, 1, XLSX_MAX_COLS, XLSX_NUMBER, 1, "1", NULL, &e), ERR_TOOBIG);
	assert_int_equal(s->n_rows, 10);
	xlsx_sheet_free(s);
	xlsx_sheet_free(NULL);
	xlsx_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs_both_ways),
		cmocka_unit_test(test_reads_every_kind_of_cell),
		cmocka_unit_test(test_reads_libxlsxwriter_file),
		cmocka_unit_test(test_not_a_zip_and_old_xls),
		cmocka_unit_test(test_truncated_zip),
		cmocka_unit_test(test_zip_that_is_no_workbook),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_bad_cells_refused),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_grid_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
