/*
 * test_sheet_catalog.c - the catalogue workbook (report/sheet.h,
 * sheet_catalog.c) on the demo database, reaching what the black-box test
 * cannot write with a text editor: the workbook written in memory reads
 * back unchanged; a sheet made by another libxlsxwriter writer (English
 * headers on row 1, a side typed as a number, importance left empty) is
 * read as a person typed it ("10,5", the stored rule's importance kept); a
 * formula cell is refused by its cell and nothing is written, the good row
 * of the same sheet included; a dry run with replace counts the removals
 * and removes nothing; a workbook without the rules sheet names its sheets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "demo/demo.h"
#include "report/sheet.h"
#include "testlib.h"

static tl_db tdb;

static int group_setup(void **state)
{
	(void)state;
	err e;
	if (tl_db_open(&tdb, "chitieu_catalog", "t.tdb", &e))
		return -1;
	demo_stats st;
	if (demo_create(tdb.s, &st, NULL, NULL, &e)) {
		fprintf(stderr, "demo_create: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	char p[192];
	snprintf(p, sizeof p, "%s/typed.xlsx", tdb.dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/other.xlsx", tdb.dir);
	unlink(p);
	tl_db_close(&tdb);
	return 0;
}

static size_t n_rules(void)
{
	vrule *rs = NULL;
	size_t n = 0;
	err e;
	assert_int_equal(store_vrule_list(tdb.s, &rs, &n, &e), 0);
	free(rs);
	return n;
}

static void test_round_trip_in_memory(void **state)
{
	(void)state;
	err e;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(sheet_catalog_write(tdb.s, SHEET_XLSX, NULL, &b, &e), 0);
	assert_true(b.len > 1000 && b.data[0] == 'P' && b.data[1] == 'K');
	size_t n = n_rules();
	sheet_catalog_opts o = {0};
	sheet_catalog_result res;
	assert_int_equal(sheet_catalog_import_mem(tdb.s, b.data, b.len, "c.xlsx", 0, &o, &res, &e), 0);
	assert_string_equal(res.sheet, SHEET_RULES_NAME);
	assert_false(res.csv);
	assert_int_equal(res.rows, (long)n);
	assert_int_equal(res.unchanged, (long)n);
	assert_int_equal(res.inserted + res.updated + res.deleted, 0);
	assert_int_equal(res.n_changes, 0);
	sheet_catalog_result_free(&res);

	/* replace, dry run: every rule is listed, so nothing would be removed */
	o.replace = true;
	o.dry_run = true;
	assert_int_equal(sheet_catalog_import_mem(tdb.s, b.data, b.len, "c.xlsx", 0, &o, &res, &e), 0);
	assert_int_equal(res.deleted, 0);
	sheet_catalog_result_free(&res);
	buf_free(&b);
}

/* A workbook as another writer makes it: English headers on row 1, the rows given. */
static void write_typed(const char *path, bool with_formula)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, SHEET_RULES_NAME);
	static const char *const head[] = {"code", "name", "left", "op", "right", "importance"};
	for (int k = 0; k < 6; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], NULL);
	/* a side typed as a number: Excel keeps 10,5 as the number 10.5 */
	worksheet_write_string(ws, 1, 0, "KT02_TRAN", NULL);
	worksheet_write_string(ws, 1, 1, "Thu ngân sách một phường dưới 10,5 tỷ đồng", NULL);
	worksheet_write_string(ws, 1, 2, "KT02", NULL);
	worksheet_write_string(ws, 1, 3, "<=", NULL);
	worksheet_write_number(ws, 1, 4, 10.5, NULL);
	worksheet_write_string(ws, 1, 5, "cảnh báo", NULL);
	/* importance left empty: the stored rule's (a warning) is kept */
	worksheet_write_string(ws, 2, 0, "KT15_KT01", NULL);
	worksheet_write_string(ws, 2, 1, "Doanh thu du lịch không vượt bán lẻ", NULL);
	worksheet_write_string(ws, 2, 2, "KT15", NULL);
	worksheet_write_string(ws, 2, 3, "<=", NULL);
	worksheet_write_string(ws, 2, 4, "KT01", NULL);
	if (with_formula) {
		worksheet_write_string(ws, 3, 0, "F1", NULL);
		worksheet_write_string(ws, 3, 1, "Công thức", NULL);
		worksheet_write_string(ws, 3, 2, "KT01", NULL);
		worksheet_write_formula(ws, 3, 3, "=\">=\"", NULL);
		worksheet_write_string(ws, 3, 4, "0", NULL);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_typed_cells(void **state)
{
	(void)state;
	char path[192];
	snprintf(path, sizeof path, "%s/typed.xlsx", tdb.dir);
	err e;
	vrule r;
	size_t before = n_rules();
	import_conflict cf[8];
	sheet_catalog_opts o = {.conflicts = cf, .conflicts_max = 8};
	sheet_catalog_result res;

	write_typed(path, true);
	assert_int_equal(sheet_catalog_import_file(tdb.s, path, &o, &res, &e), ERR_INVALID);
	assert_int_equal(res.conflicts, 1);
	assert_string_equal(cf[0].field, "D4");
	assert_int_equal(cf[0].row, 4);
	assert_string_equal(cf[0].object, "F1");
	assert_non_null(strstr(e.msg, "Sheet 'Quy tắc kiểm tra', ô D4: quy tắc F1: ô chứa công thức"));
	assert_int_equal(res.n_changes, 0);
	sheet_catalog_result_free(&res);
	assert_int_equal(store_vrule_get(tdb.s, "KT02_TRAN", &r, &e), ERR_NOTFOUND);
	assert_int_equal(n_rules(), before);

	write_typed(path, false);
	assert_int_equal(sheet_catalog_import_file(tdb.s, path, &o, &res, &e), 0);
	assert_int_equal(res.inserted, 1);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.n_changes, 2);
	assert_int_equal(res.changes[0].kind, SHEET_RULE_ADDED);
	assert_string_equal(res.changes[0].code, "KT02_TRAN");
	assert_int_equal(res.changes[0].row, 2);
	sheet_catalog_result_free(&res);
	assert_int_equal(store_vrule_get(tdb.s, "KT02_TRAN", &r, &e), 0);
	assert_string_equal(r.right, "10,5");
	assert_int_equal(r.importance, VR_WARNING);
	assert_int_equal(store_vrule_get(tdb.s, "KT15_KT01", &r, &e), 0);
	assert_string_equal(r.name, "Doanh thu du lịch không vượt bán lẻ");
	assert_int_equal(r.importance, VR_WARNING);

	/* replace, dry run: the rules the sheet leaves out would go, none does */
	size_t now = n_rules();
	o.replace = true;
	o.dry_run = true;
	assert_int_equal(sheet_catalog_import_file(tdb.s, path, &o, &res, &e), 0);
	assert_int_equal(res.deleted, (long)now - 2);
	assert_int_equal(res.changes[res.n_changes - 1].kind, SHEET_RULE_REMOVED);
	assert_int_equal(res.changes[res.n_changes - 1].row, 0);
	sheet_catalog_result_free(&res);
	assert_int_equal(n_rules(), now);
}

static void test_other_workbook(void **state)
{
	(void)state;
	char path[192];
	snprintf(path, sizeof path, "%s/other.xlsx", tdb.dir);
	lxw_workbook *wb = workbook_new(path);
	workbook_add_worksheet(wb, "Một");
	workbook_add_worksheet(wb, "Hai");
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	err e;
	sheet_catalog_opts o = {0};
	sheet_catalog_result res;
	assert_int_equal(sheet_catalog_import_file(tdb.s, path, &o, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "không có sheet 'Quy tắc kiểm tra' (các sheet: 'Một', 'Hai')"));
	sheet_catalog_result_free(&res);
	/* a CSV without a header row */
	const char csv[] = "a,b\n1,2\n";
	assert_int_equal(sheet_catalog_import_mem(tdb.s, csv, sizeof csv - 1, "x.csv", SHEET_CSV, &o, &res, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "không tìm thấy dòng tiêu đề"));
	sheet_catalog_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_in_memory),
		cmocka_unit_test(test_typed_cells),
		cmocka_unit_test(test_other_workbook),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
