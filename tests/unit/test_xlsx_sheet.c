/*
 * test_xlsx_sheet.c - entry templates and their import (report/sheet.h) on
 * the demo database: a template is filled in by a small libxlsxwriter writer
 * here (every cell of the template copied, figures typed into the input
 * column as numbers or Vietnamese text) and imported: the store then holds
 * exactly those figures; a dry run writes nothing; re-importing changes
 * nothing. Refusals name the sheet and cell and write nothing: text in a
 * number cell, formulas (all bad rows listed), too many rows, the reader's
 * limits, a per-row permission check, a key given twice, a wrong sheet, a
 * missing column. CSV (';', BOM) goes through the same reader. Targets:
 * read back unchanged, one edit updates one target, a bad row blocks all.
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
	if (tl_db_open(&tdb, "chitieu_sheet", "t.tdb", &e))
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
	static const char *const files[] = {"tpl.xlsx", "filled.xlsx", "tpl2026.xlsx", "tpl_err.xlsx",
					    "filled_err.xlsx", "plain.xlsx", "plan.xlsx", "plan_filled.xlsx", "q2.xlsx"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[192];
		snprintf(p, sizeof p, "%s/%s", tdb.dir, files[i]);
		unlink(p);
	}
	tl_db_close(&tdb);
	return 0;
}

static void tmp_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", tdb.dir, name);
}

/* ---- filling a template the way a department does ------------------------------------ */

typedef struct fill {
	const char *code;     /* the row whose "Mã chỉ tiêu" is code */
	char kind;            /* 'n' number, 's' string, 'f' formula, 'k' a targets kind text */
	double num;
	const char *text;
	const char *estimate; /* "x" or NULL */
} fill;

/* Writes `out`: every cell of the template's first sheet, with the fills
 * in column `value_col` (E) of the matching rows. Returns the 1-based row
 * of each fill in rows[]. */
static void fill_template(const char *tpl, const char *out, const fill *f, size_t nf, uint32_t value_col,
			  int *rows)
{
	xlsx_book *b;
	xlsx_sheet *s;
	err e;
	assert_int_equal(xlsx_open_file(tpl, NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	lxw_workbook *wb = workbook_new(out);
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
	for (size_t i = 0; i < nf; i++)
		rows[i] = 0;
	for (size_t i = 0; i < s->n; i++) {
		const xlsx_cell *c = &s->cells[i];
		if (c->type == XLSX_NUMBER)
			worksheet_write_number(ws, c->row, (lxw_col_t)c->col, c->num, NULL);
		else
			worksheet_write_string(ws, c->row, (lxw_col_t)c->col, c->text, NULL);
	}
	/* the fills go after the copy, so they replace the template's cells */
	for (size_t i = 0; i < s->n; i++) {
		const xlsx_cell *c = &s->cells[i];
		if (c->col != 1 || c->type != XLSX_STRING)
			continue;
		for (size_t k = 0; k < nf; k++) {
			if (strcmp(c->text, f[k].code) || rows[k])
				continue;
			rows[k] = (int)c->row + 1;
			if (f[k].kind == 'n')
				worksheet_write_number(ws, c->row, (lxw_col_t)value_col, f[k].num, NULL);
			else if (f[k].kind == 's')
				worksheet_write_string(ws, c->row, (lxw_col_t)value_col, f[k].text, NULL);
			else if (f[k].kind == 'f')
				worksheet_write_formula_num(ws, c->row, (lxw_col_t)value_col, f[k].text, NULL, f[k].num);
			else if (f[k].kind == 'k')
				worksheet_write_string(ws, c->row, (lxw_col_t)(value_col + 1), f[k].text, NULL);
			if (f[k].estimate)
				worksheet_write_string(ws, c->row, (lxw_col_t)(value_col + 1), f[k].estimate, NULL);
		}
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	xlsx_sheet_free(s);
	xlsx_close(b);
	for (size_t k = 0; k < nf; k++)
		if (!rows[k])
			fail_msg("the template has no row for %s", f[k].code);
}

/* A plain workbook: one sheet, cells given as "A1=text" or "A1:=123.5" (a number). */
static void plain_book(const char *out, const char *sheet, const char *const *cells)
{
	lxw_workbook *wb = workbook_new(out);
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	for (; *cells; cells++) {
		char ref[16];
		const char *eq = strchr(*cells, '=');
		assert_non_null(eq);
		bool number = eq > *cells && eq[-1] == ':';
		size_t n = (size_t)(eq - *cells) - number;
		snprintf(ref, sizeof ref, "%.*s", (int)n, *cells);
		uint32_t r, c;
		assert_int_equal(xlsx_ref_parse(ref, &r, &c), 0);
		if (number)
			worksheet_write_number(ws, r, (lxw_col_t)c, strtod(eq + 1, NULL), NULL);
		else
			worksheet_write_string(ws, r, (lxw_col_t)c, eq + 1, NULL);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static bool has_value(const char *ind, const char *unit_code, const char *per, value *v)
{
	period p;
	err e;
	assert_int_equal(period_parse(per, &p, &e), 0);
	value tmp;
	return store_value_get(tdb.s, ind, unit_code, &p, v ? v : &tmp, &e) == 0;
}

static void values_template(const char *path, const char *unit_code, const char *per)
{
	period p;
	err e;
	assert_int_equal(period_parse(per, &p, &e), 0);
	if (sheet_template_write(tdb.s, unit_code, &p, SHEET_VALUES, SHEET_XLSX, path, NULL, &e))
		fail_msg("template: %s", e.msg);
}

/* ---- values ----------------------------------------------------------------------------- */

static void test_values_round_trip(void **state)
{
	(void)state;
	char tpl[192], filled[192];
	tmp_path(tpl, sizeof tpl, "tpl.xlsx");
	tmp_path(filled, sizeof filled, "filled.xlsx");
	values_template(tpl, "01837", "202505");
	fill f[] = {
		{"KT01", 'n', 41.5, NULL, NULL},
		{"KT03", 's', 0, "4.200,25", "x"},
		{"KT02", 'n', 0.45, NULL, NULL},
	};
	int rows[3];
	fill_template(tpl, filled, f, 3, 4, rows);
	sheet_import_opts o = {.kind = SHEET_VALUES, .dry_run = true, .by = "Phòng Kinh tế"};
	sheet_import_result res;
	err e;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), 0);
	assert_string_equal(res.sheet, SHEET_VALUES_NAME);
	assert_int_equal(res.header_row, 6);
	assert_int_equal(res.sum.rows, 3);
	assert_int_equal(res.sum.inserted, 3);
	assert_false(has_value("KT01", "01837", "202505", NULL)); /* the dry run wrote nothing */
	o.dry_run = false;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), 0);
	assert_int_equal(res.sum.inserted, 3);
	value v;
	assert_true(has_value("KT01", "01837", "202505", &v));
	assert_int_equal(v.amount, 415000);
	assert_false(v.estimate);
	assert_string_equal(v.by, "Phòng Kinh tế");
	assert_true(has_value("KT03", "01837", "202505", &v));
	assert_int_equal(v.amount, 42002500);
	assert_true(v.estimate);
	assert_true(has_value("KT02", "01837", "202505", &v));
	assert_int_equal(v.amount, 4500);
	/* re-importing the same file changes nothing */
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), 0);
	assert_int_equal(res.sum.inserted, 0);
	assert_int_equal(res.sum.updated, 0);
	assert_int_equal(res.sum.unchanged, 3);
	/* the template's "same period" column is last year's stored figure */
	value last;
	assert_true(has_value("KT01", "01837", "202405", &last));
	/* and a ward merged in 2025 has no template after the merger */
	period p26;
	assert_int_equal(period_parse("202605", &p26, &e), 0);
	char merged[192];
	tmp_path(merged, sizeof merged, "tpl2026.xlsx");
	assert_int_equal(sheet_template_write(tdb.s, "01837", &p26, SHEET_VALUES, SHEET_XLSX, merged, NULL, &e),
			 ERR_CONFLICT);
	assert_int_not_equal(access(merged, F_OK), 0);
	xlsx_book *b;
	xlsx_sheet *s;
	assert_int_equal(xlsx_open_file(tpl, NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	bool seen = false;
	for (size_t i = 0; i < s->n; i++)
		if (s->cells[i].col == 1 && !strcmp(s->cells[i].text, "KT01")) {
			const xlsx_cell *ref = xlsx_cell_at(s, s->cells[i].row, 6);
			assert_non_null(ref);
			assert_true(ref->num == num_to_double(last.amount));
			seen = true;
		}
	assert_true(seen);
	xlsx_sheet_free(s);
	xlsx_close(b);
}

static void test_values_errors_name_cells(void **state)
{
	(void)state;
	char tpl[192], filled[192];
	tmp_path(tpl, sizeof tpl, "tpl_err.xlsx");
	tmp_path(filled, sizeof filled, "filled_err.xlsx");
	values_template(tpl, "01837", "202506");
	fill f[] = {
		{"KT02", 'n', 7, NULL, NULL},
		{"KT01", 's', 0, "abc", NULL},
		{"KT03", 'f', 12, "=SUM(A1:A3)", NULL},
	};
	int rows[3];
	fill_template(tpl, filled, f, 3, 4, rows);
	sheet_import_opts o = {.kind = SHEET_VALUES};
	sheet_import_result res;
	err e;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), ERR_INVALID);
	char want[256];
	snprintf(want, sizeof want, "Sheet 'Số liệu', ô E%d: 'abc' không phải là số", rows[1]);
	assert_string_equal(e.msg, want);
	assert_false(has_value("KT02", "01837", "202506", NULL));
	/* with room for conflicts every bad row is listed, in order */
	import_conflict cf[10];
	o.conflicts = cf;
	o.conflicts_max = 10;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), ERR_INVALID);
	assert_int_equal(res.sum.conflicts, 2);
	char ref[16];
	snprintf(ref, sizeof ref, "E%d", rows[1]);
	assert_string_equal(cf[0].field, ref);
	assert_int_equal(cf[0].row, rows[1]);
	assert_string_equal(cf[0].object, "abc");
	snprintf(ref, sizeof ref, "E%d", rows[2]);
	assert_string_equal(cf[1].field, ref);
	assert_string_equal(cf[1].object, "=SUM(A1:A3)");
	assert_non_null(strstr(cf[1].msg, "công thức"));
	assert_non_null(strstr(e.msg, "(và 1 lỗi khác)"));
	assert_false(has_value("KT02", "01837", "202506", NULL));
	assert_int_equal(res.sum.inserted + res.sum.updated + res.sum.unchanged, 0);

	/* too many rows */
	fill g[] = {{"KT01", 'n', 1, NULL, NULL}, {"KT02", 'n', 2, NULL, NULL}, {"KT03", 'n', 3, NULL, NULL}};
	fill_template(tpl, filled, g, 3, 4, rows);
	sheet_import_opts o2 = {.kind = SHEET_VALUES, .max_rows = 2};
	assert_int_equal(sheet_import_file(tdb.s, filled, &o2, &res, &e), ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "quá nhiều dòng"));
	assert_non_null(strstr(e.msg, "Số liệu"));
	/* the reader's limits come through */
	xlsx_limits lim = {.max_part_bytes = 300};
	sheet_import_opts o3 = {.kind = SHEET_VALUES, .limits = &lim};
	assert_int_equal(sheet_import_file(tdb.s, filled, &o3, &res, &e), ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "bom zip"));
	assert_false(has_value("KT01", "01837", "202506", NULL));
	/* and without them it goes in */
	o2.max_rows = 0;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o2, &res, &e), 0);
	assert_true(has_value("KT01", "01837", "202506", NULL));
}

/* An allow callback that refuses unit 01840. */
static int refuse_01840(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field, err *e)
{
	(void)ind;
	(void)p;
	(void)field;
	++*(int *)ctx;
	if (!strcmp(unit_code, "01840"))
		return err_set(e, ERR_FORBIDDEN, "không có quyền nhập cho đơn vị %s", unit_code);
	return 0;
}

static void test_plain_layout_checks(void **state)
{
	(void)state;
	char path[192];
	tmp_path(path, sizeof path, "plain.xlsx");
	static const char *const cells[] = {
		"A1=Số liệu tháng 7 của các phường", "A3=indicator", "B3=unit", "C3=period", "D3=value", "E3=ghi chú",
		"A4=KT01", "B4=01837", "C4=202504", "D4:=1739.5", "E4=tạm",
		"A5=KT01", "B5=01840", "C5=202504", "D5=2,5",
		NULL,
	};
	plain_book(path, "Sheet1", cells);
	int calls = 0;
	import_conflict cf[4];
	sheet_import_opts o = {.kind = SHEET_VALUES, .allow = refuse_01840, .allow_ctx = &calls, .conflicts = cf,
			       .conflicts_max = 4};
	sheet_import_result res;
	err e;
	assert_int_equal(sheet_import_file(tdb.s, path, &o, &res, &e), ERR_FORBIDDEN);
	assert_int_equal(res.header_row, 3);
	assert_int_equal(res.sum.conflicts, 1);
	assert_int_equal(cf[0].code, ERR_FORBIDDEN);
	assert_string_equal(cf[0].field, "B5");
	assert_int_equal(cf[0].row, 5);
	assert_string_equal(e.msg, "Sheet 'Sheet1', ô B5: không có quyền nhập cho đơn vị 01840");
	assert_true(calls >= 2);
	assert_false(has_value("KT01", "01837", "202504", NULL));
	o.allow = NULL;
	assert_int_equal(sheet_import_file(tdb.s, path, &o, &res, &e), 0);
	value v;
	assert_true(has_value("KT01", "01840", "202504", &v));
	assert_int_equal(v.amount, 25000);

	/* the same key twice with different figures: both cells named */
	static const char *const twice[] = {
		"A1=chi_tieu", "B1=don_vi", "C1=ky", "D1=gia_tri",
		"A2=KT02", "B2=01837", "C2=202503", "D2:=1",
		"A3=KT02", "B3=01837", "C3=202503", "D3:=1",
		"A4=KT02", "B4=01837", "C4=202503", "D4:=2",
		NULL,
	};
	plain_book(path, "Sheet1", twice);
	sheet_import_opts o2 = {.kind = SHEET_VALUES};
	assert_int_equal(sheet_import_file(tdb.s, path, &o2, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "Sheet 'Sheet1', ô D4: "));
	assert_non_null(strstr(e.msg, "đã có ở ô D2"));
	assert_false(has_value("KT02", "01837", "202503", NULL));

	/* a missing column, a wrong sheet, no header at all */
	static const char *const no_period[] = {"A1=Mã chỉ tiêu", "B1=Mã đơn vị", "C1=Số liệu", "A2=KT01", NULL};
	plain_book(path, "Số liệu", no_period);
	assert_int_equal(sheet_import_file(tdb.s, path, &o2, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "thiếu cột 'Kỳ'"));
	static const char *const nothing[] = {"A1=xin chào", NULL};
	plain_book(path, "Số liệu", nothing);
	assert_int_equal(sheet_import_file(tdb.s, path, &o2, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "không tìm thấy dòng tiêu đề"));
	sheet_import_opts o3 = {.kind = SHEET_VALUES, .sheet = "Khác"};
	assert_int_equal(sheet_import_file(tdb.s, path, &o3, &res, &e), ERR_INVALID);
	assert_string_equal(e.msg, "tệp plain.xlsx không có sheet 'Khác' (các sheet: 'Số liệu'); chọn sheet bằng --sheet TÊN");
}

static void test_csv_through_the_same_reader(void **state)
{
	(void)state;
	static const char csv[] = "\xEF\xBB\xBFindicator;unit;period;value;estimate\r\n"
				  "KT01;01837;202502;\"1.739,5\";ước\r\n"
				  "KT03;01837;202502;;\r\n";
	sheet_import_opts o = {.kind = SHEET_VALUES};
	sheet_import_result res;
	err e;
	assert_int_equal(sheet_import_mem(tdb.s, csv, sizeof csv - 1, "a.csv", 0, &o, &res, &e), 0);
	assert_true(res.csv);
	assert_int_equal(res.sum.inserted, 1); /* the empty row is skipped */
	value v;
	assert_true(has_value("KT01", "01837", "202502", &v));
	assert_int_equal(v.amount, 17395000);
	assert_true(v.estimate);
	static const char bad[] = "indicator,unit,period,value\nKT01,01837,202501,1,739.5\n";
	assert_int_equal(sheet_import_mem(tdb.s, bad, sizeof bad - 1, "b.csv", SHEET_CSV, &o, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "Tệp b.csv, dòng 2, cột E: '739.5' không thuộc cột nào"));
	/* quoted, it is one cell, and an ambiguous number */
	static const char bad2[] = "indicator,unit,period,value\nKT01,01837,202501,\"1,739.5\"\n";
	assert_int_equal(sheet_import_mem(tdb.s, bad2, sizeof bad2 - 1, "b.csv", SHEET_CSV, &o, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "Tệp b.csv, dòng 2, cột D: "));
	assert_non_null(strstr(e.msg, "1.739,5")); /* the Vietnamese form is suggested */
	assert_false(has_value("KT01", "01837", "202501", NULL));
}

/* ---- targets ------------------------------------------------------------------------------ */

static num_t target_of(const char *ind, const char *unit_code, int year, target_source src, char *note, size_t n)
{
	target *t = NULL;
	size_t nt = 0;
	err e;
	assert_int_equal(store_target_list(tdb.s, ind, unit_code, year, &t, &nt, &e), 0);
	num_t v = -1;
	for (size_t i = 0; i < nt; i++)
		if (t[i].year_from == year && t[i].year_to == year && t[i].source == src) {
			v = t[i].value;
			if (note)
				snprintf(note, n, "%s", t[i].note);
		}
	free(t);
	return v;
}

static void test_targets_round_trip(void **state)
{
	(void)state;
	char tpl[192], filled[192];
	tmp_path(tpl, sizeof tpl, "plan.xlsx");
	tmp_path(filled, sizeof filled, "plan_filled.xlsx");
	period p;
	err e;
	assert_int_equal(period_parse("2023", &p, &e), 0);
	assert_int_equal(sheet_template_write(tdb.s, "058", &p, SHEET_TARGETS, SHEET_XLSX, tpl, NULL, &e), 0);
	char note[NOTE_MAX];
	num_t before = target_of("KT02", "058", 2023, TGT_SRC_ASSIGNED, note, sizeof note);
	assert_true(before > 0);
	/* read back as it is: nothing changes */
	sheet_import_opts o = {.kind = SHEET_TARGETS, .by = "tester"};
	sheet_import_result res;
	assert_int_equal(sheet_import_file(tdb.s, tpl, &o, &res, &e), 0);
	assert_true(res.sum.rows > 60);
	assert_int_equal(res.sum.unchanged, res.sum.rows);
	/* KT02's first row (tỉnh giao) gets a new figure */
	fill f[] = {{"KT02", 'n', 180, NULL, NULL}};
	int rows[2];
	fill_template(tpl, filled, f, 1, 4, rows);
	o.dry_run = true;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), 0);
	assert_int_equal(res.sum.updated, 1);
	assert_int_equal(target_of("KT02", "058", 2023, TGT_SRC_ASSIGNED, NULL, 0), before);
	o.dry_run = false;
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), 0);
	assert_int_equal(res.sum.updated, 1);
	assert_int_equal(res.sum.inserted, 0);
	char note2[NOTE_MAX];
	assert_int_equal(target_of("KT02", "058", 2023, TGT_SRC_ASSIGNED, note2, sizeof note2), NUM_INT(180));
	assert_string_equal(note2, note);
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), 0);
	assert_int_equal(res.sum.updated, 0);
	/* a bad row among good ones: nothing is written */
	fill g[] = {{"KT02", 'n', 190, NULL, NULL}, {"KT01", 'k', 0, "gần_đạt", NULL}};
	fill_template(tpl, filled, g, 2, 4, rows);
	assert_int_equal(sheet_import_file(tdb.s, filled, &o, &res, &e), ERR_INVALID);
	char want[64];
	snprintf(want, sizeof want, "Sheet 'Kế hoạch', ô F%d: ", rows[1]);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(target_of("KT02", "058", 2023, TGT_SRC_ASSIGNED, NULL, 0), NUM_INT(180));
	/* a values workbook is not a targets one */
	char vt[192];
	tmp_path(vt, sizeof vt, "tpl.xlsx");
	assert_int_equal(sheet_import_file(tdb.s, vt, &o, &res, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "dùng --kind values"));
}

static void test_template_formats_agree(void **state)
{
	(void)state;
	period p;
	err e;
	assert_int_equal(period_parse("2022Q2", &p, &e), 0);
	buf csv;
	buf_init(&csv, 0);
	assert_int_equal(sheet_template_write(tdb.s, "058", &p, SHEET_VALUES, SHEET_CSV, NULL, &csv, &e), 0);
	/* the CSV's header is the xlsx's header row */
	char tpl[192];
	tmp_path(tpl, sizeof tpl, "q2.xlsx");
	assert_int_equal(sheet_template_write(tdb.s, "058", &p, SHEET_VALUES, SHEET_XLSX, tpl, NULL, &e), 0);
	xlsx_book *b;
	xlsx_sheet *s;
	assert_int_equal(xlsx_open_file(tpl, NULL, &b, &e), 0);
	assert_int_equal(xlsx_sheet_read(b, 0, &s, &e), 0);
	buf head;
	buf_init(&head, 0);
	buf_puts(&head, "\xEF\xBB\xBF");
	for (uint32_t c = 0; c < s->n_cols; c++) {
		const xlsx_cell *x = xlsx_cell_at(s, 5, c);
		assert_non_null(x);
		buf_printf(&head, "%s%s", c ? "," : "", x->text);
	}
	buf_puts(&head, "\r\n");
	assert_memory_equal(csv.data, head.data, head.len);
	/* quarterly indicators only, all with unit 058 and period 2022Q2 */
	size_t lines = 0;
	for (const char *q = csv.data; (q = strstr(q, ",058,2022Q2\r\n")); q++)
		lines++;
	assert_true(lines > 0);
	indicator *inds;
	size_t n;
	assert_int_equal(store_indicator_list(tdb.s, &inds, &n, &e), 0);
	size_t quarterly = 0;
	for (size_t i = 0; i < n; i++)
		quarterly += inds[i].freq == FREQ_QUARTER;
	free(inds);
	assert_int_equal(lines, quarterly);
	buf_free(&head);
	buf_free(&csv);
	xlsx_sheet_free(s);
	xlsx_close(b);
	/* an unknown unit is refused before anything is written */
	char nope[192];
	tmp_path(nope, sizeof nope, "nope.xlsx");
	assert_int_equal(sheet_template_write(tdb.s, "99999", &p, SHEET_VALUES, SHEET_XLSX, nope, NULL, &e), ERR_NOTFOUND);
	assert_int_not_equal(access(nope, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_round_trip),
		cmocka_unit_test(test_values_errors_name_cells),
		cmocka_unit_test(test_plain_layout_checks),
		cmocka_unit_test(test_csv_through_the_same_reader),
		cmocka_unit_test(test_targets_round_trip),
		cmocka_unit_test(test_template_formats_agree),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
