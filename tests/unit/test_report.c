/*
 * test_report.c - the situation report (src/report): every sentence of the
 * demo's reports holds exactly the figures of its evaluation row, formatted
 * the Vietnamese way (June 2022, 6 months 2022, year 2020); the template
 * language (placeholders, optional parts, escapes, checks); the tasks
 * section; the stored templates (store_sqlite_templates.c).
 *
 * Not for: the layout of each format (tests/cli/test_report*.sh) or the
 * evaluation rules (test_eval.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/eval.h"
#include "demo/demo.h"
#include "report/report.h"
#include "testlib.h"

static tl_db demo_db;

static int group_setup(void **state)
{
	(void)state;
	err e;
	demo_stats st;
	if (tl_db_open(&demo_db, "chitieu_report", "demo.db", &e))
		return -1;
	if (demo_create(demo_db.s, &st, NULL, NULL, &e)) {
		fprintf(stderr, "demo_create: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tl_db_close(&demo_db);
	return 0;
}

/* ---- text and engine agree ---------------------------------------------- */

/* The test's own reading of "a figure as the prose writes it": the
 * indicator's decimals, trailing zeros dropped, a whole count below 10
 * padded to two digits. */
static void expect_amount(buf *b, num_t v, const indicator *ind)
{
	buf t;
	buf_init(&t, 0);
	vn_format_num(&t, v, ind->decimals);
	char *s = buf_detach(&t);
	if (strchr(s, ',')) {
		size_t n = strlen(s);
		while (n && s[n - 1] == '0')
			s[--n] = '\0';
		if (n && s[n - 1] == ',')
			s[--n] = '\0';
	}
	if (ind->kind == IND_COUNT && strlen(s) == 1)
		buf_putc(b, '0');
	buf_puts(b, s);
	free(s);
}

/* Appends to list (tokens separated by '|') the numbers of a text: runs
 * starting with a digit, of digits, '.' and ',' (a trailing '.' or ',' is
 * punctuation). */
static void numbers_of(buf *list, const char *s)
{
	for (const char *p = s; *p;) {
		if (*p >= '0' && *p <= '9') {
			const char *q = p;
			while ((*q >= '0' && *q <= '9') || ((*q == '.' || *q == ',') && q[1] >= '0' && q[1] <= '9'))
				q++;
			buf_printf(list, "%s%.*s", list->len ? "|" : "", (int)(q - p), p);
			p = q;
		} else {
			p++;
		}
	}
}

static void add_expected(buf *list, buf *tmp)
{
	buf_printf(list, "%s%s", list->len ? "|" : "", buf_cstr(tmp));
	buf_reset(tmp);
}

/* Runs the report of 058 for code as of asof and checks every sentence. */
static void check_agreement(const char *code, cdate asof)
{
	err e;
	err_clear(&e);
	period p;
	assert_int_equal(period_parse(code, &p, &e), 0);
	eval_opts eo;
	memset(&eo, 0, sizeof eo);
	eo.today = asof;
	eval_report r;
	memset(&r, 0, sizeof r);
	assert_int_equal(eval_run(demo_db.s, "058", &p, &eo, &r, &e), 0);
	report_templates t;
	assert_int_equal(report_templates_default(&t, &e), 0);
	report_opts o;
	memset(&o, 0, sizeof o);
	o.as_of = asof;
	report_doc d;
	assert_int_equal(report_build_from_eval(&r, &t, &o, NULL, &d, &e), 0);

	int checked = 0;
	for (size_t i = 0; i < r.result.n_rows; i++) {
		const eval_row *row = &r.result.rows[i];
		const indicator *ind = &r.inds[row->ind_index];
		const report_block *sent = NULL;
		int n_sent = 0;
		for (size_t k = 0; k < d.n_blocks; k++)
			if (d.blocks[k].kind == RB_PARA && d.blocks[k].ind_index == row->ind_index) {
				sent = &d.blocks[k];
				n_sent++;
			}
		if (!row->has_value && !row->has_cum) {
			if (n_sent)
				fail_msg("%s %s: a sentence for a row without data: %s", code, ind->code, sent->text);
			continue;
		}
		if (!n_sent) /* only auxiliary figures without a target of their own are left out */
			continue;
		assert_int_equal(n_sent, 1);
		/* the sentence starts with the name; the numbers after it are exactly the row's */
		size_t nl = strlen(ind->name_vi);
		if (strncmp(sent->text, ind->name_vi, nl))
			fail_msg("%s %s: sentence does not start with the name: %s", code, ind->code, sent->text);
		buf want, got, tmp;
		buf_init(&want, 0);
		buf_init(&got, 0);
		buf_init(&tmp, 0);
		bool flow = ind->kind == IND_FLOW || ind->kind == IND_COUNT;
		if (flow && row->has_value && (p.type == PERIOD_HALF || p.type == PERIOD_NINE_MONTHS)) {
			buf_puts(&tmp, p.type == PERIOD_HALF ? "6" : "9"); /* "6 tháng đầu năm đạt ..." */
			add_expected(&want, &tmp);
		}
		if (flow && !row->has_value) {
			buf_printf(&tmp, "%02d", period_last_month(&p)); /* "lũy kế 06 tháng" */
			add_expected(&want, &tmp);
			expect_amount(&tmp, row->cumulative, ind);
		} else {
			expect_amount(&tmp, row->has_value || !row->has_cum ? row->value : row->cumulative, ind);
		}
		add_expected(&want, &tmp);
		if (flow && row->has_value && row->has_cum && period_first_month(&p) > 1) {
			buf_printf(&tmp, "%02d", period_last_month(&p));
			add_expected(&want, &tmp);
			expect_amount(&tmp, row->cumulative, ind);
			add_expected(&want, &tmp);
		}
		if (ind->kind == IND_RATIO) {
			if (row->has_target) {
				expect_amount(&tmp, row->target, ind);
				add_expected(&want, &tmp);
			}
		} else if (!isnan(row->percent_of_target)) {
			vn_format_double(&tmp, row->percent_of_target, 2);
			add_expected(&want, &tmp);
		}
		double ch = ind->uom[0] == '%' ? row->change_absolute : row->change_on_last_year;
		bool unchanged = false;
		/* growth over 100% reads "gấp N lần" (vn_format_change): N is the figure */
		bool times = ind->uom[0] != '%' && !isnan(ch) && ch > 100;
		if (times) {
			buf phrase;
			buf_init(&phrase, 0);
			vn_format_change(&phrase, ch);
			numbers_of(&tmp, buf_cstr(&phrase));
			buf_free(&phrase);
			add_expected(&want, &tmp);
		} else if (!isnan(ch)) {
			vn_format_double(&tmp, fabs(ch), 2);
			unchanged = !strcmp(buf_cstr(&tmp), "0,00");
			if (!unchanged)
				add_expected(&want, &tmp);
			else
				buf_reset(&tmp);
		}
		numbers_of(&got, sent->text + nl);
		if (strcmp(buf_cstr(&want), buf_cstr(&got)))
			fail_msg("%s %s: figures [%s], sentence has [%s]: %s", code, ind->code, buf_cstr(&want),
				 buf_cstr(&got), sent->text);
		/* and the words around them say which is which */
		if (!isnan(ch) && !strstr(sent->text, unchanged ? "không thay đổi so với cùng kỳ"
							       : times ? " lần so với cùng kỳ"
							       : ch > 0 ? "tăng " : "giảm "))
			fail_msg("%s %s: change of %g without its words: %s", code, ind->code, ch, sent->text);
		buf_free(&want);
		buf_free(&got);
		buf_free(&tmp);
		checked++;
	}
	assert_true(checked >= 30);
	report_doc_free(&d);
	report_templates_free(&t);
	eval_report_free(&r);
}

static void text_and_engine_agree_june_2022(void **state)
{
	(void)state;
	check_agreement("202206", (cdate){2022, 7, 5});
}

static void text_and_engine_agree_first_half_2022(void **state)
{
	(void)state;
	check_agreement("2022S1", (cdate){2022, 7, 5});
}

static void text_and_engine_agree_year_2020(void **state)
{
	(void)state;
	check_agreement("2020", (cdate){2021, 1, 15});
}

/* The three real figures of DOMAIN §3, word for word, and the year-end forecast's
 * sentence after them (docs/internals/eval.md, "Year-end forecast"). */
static void retail_sentence_reads_as_the_committee_writes_it(void **state)
{
	(void)state;
	err e;
	report_opts o;
	memset(&o, 0, sizeof o);
	o.as_of = (cdate){2022, 7, 5};
	period p = {PERIOD_MONTH, 2022, 6};
	report_doc d;
	assert_int_equal(report_build(demo_db.s, "058", &p, &o, &d, &e), 0);
	bool found = false;
	for (size_t k = 0; k < d.n_blocks; k++)
		found = found || !strcmp(d.blocks[k].text,
					 "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng trong tháng đạt 285 tỷ "
					 "đồng; lũy kế 06 tháng đạt 1.739,5 tỷ đồng, bằng 50,58% kế hoạch năm, tăng 4,85% "
					 "so với cùng kỳ. Dự báo cả năm đạt khoảng 3.450,2 tỷ đồng, khả năng hoàn "
					 "thành kế hoạch 54%.");
	assert_true(found);
	assert_string_equal(d.date_line, "Bắc Kạn, ngày 05 tháng 7 năm 2022");
	assert_string_equal(d.issuer, "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BẮC KẠN");
	report_doc_free(&d);
}

/* A monthly report of the city says who has reported (the demo's Dương Quang enters
 * the even months of 2022 late); a ward's report and a half-year's say nothing of it. */
static bool has_block(const report_doc *d, const char *prefix)
{
	for (size_t k = 0; k < d->n_blocks; k++)
		if (!strncmp(d->blocks[k].text, prefix, strlen(prefix)))
			return true;
	return false;
}

static void monthly_report_says_who_has_reported(void **state)
{
	(void)state;
	err e;
	report_opts o;
	memset(&o, 0, sizeof o);
	o.as_of = (cdate){2022, 7, 5};
	period jun = {PERIOD_MONTH, 2022, 6}, may = {PERIOD_MONTH, 2022, 5}, s1 = {PERIOD_HALF, 2022, 1};
	report_doc d;
	assert_int_equal(report_build(demo_db.s, "058", &jun, &o, &d, &e), 0);
	assert_true(has_block(&d, "Có 07/08 đơn vị trực thuộc gửi đủ số liệu tháng 6/2022 đúng hạn; chưa đủ "
				  "hoặc muộn: xã Dương Quang."));
	report_doc_free(&d);
	assert_int_equal(report_build(demo_db.s, "058", &may, &o, &d, &e), 0);
	assert_true(has_block(&d, "Có 08/08 đơn vị trực thuộc gửi đủ số liệu tháng 5/2022 đúng hạn."));
	report_doc_free(&d);
	assert_int_equal(report_build(demo_db.s, "01837", &jun, &o, &d, &e), 0);
	assert_false(has_block(&d, "Có 01/01 đơn vị"));
	report_doc_free(&d);
	assert_int_equal(report_build(demo_db.s, "058", &s1, &o, &d, &e), 0);
	assert_false(has_block(&d, "Có 07/08 đơn vị") || has_block(&d, "Có 08/08 đơn vị"));
	report_doc_free(&d);
}

/* ---- the template language ------------------------------------------------ */

static void render_drops_optional_part_without_value_or_with_zero(void **state)
{
	(void)state;
	report_var v[] = {
		{"a", "1", true, false},
		{"b", NULL, false, false},
		{"c", "0", true, true},
	};
	buf b;
	buf_init(&b, 0);
	assert_int_equal(report_render(&b, "x {a}[, y {b}][, z {c}][, w {a}]; {c}", v, 3), 0);
	assert_string_equal(buf_cstr(&b), "x 1, w 1; 0");
	buf_reset(&b);
	assert_int_equal(report_render(&b, "{{a}} [[{a}]] {unknown}.", v, 3), 0);
	assert_string_equal(buf_cstr(&b), "{a} [1] .");
	buf_free(&b);
}

static void check_refuses_unknown_placeholders_naming_them(void **state)
{
	(void)state;
	err e;
	err_clear(&e);
	assert_int_equal(report_template_check("sentence.flow", "{ten_chi_tieu} {luy_ke}", &e), 0);
	assert_int_equal(report_template_check("sentence.flow", "{ten_chi_tieu} {tong} {x_y}", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "{tong}, {x_y}"));
	/* a placeholder of another key is not allowed here */
	assert_int_equal(report_template_check("doc.title", "{phan_tram_ke_hoach}", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "{phan_tram_ke_hoach}"));
	assert_int_equal(report_template_check("sentence.flow", "[a", &e), ERR_INVALID);
	assert_int_equal(report_template_check("sentence.flow", "a]", &e), ERR_INVALID);
	assert_int_equal(report_template_check("sentence.flow", "{a", &e), ERR_INVALID);
	assert_int_equal(report_template_check("sentence.flow", "a}", &e), ERR_INVALID);
	assert_int_equal(report_template_check("sentence.flow", "[[a]] {{b}}", &e), 0);
	assert_int_equal(report_template_check("Sentence.flow", "x", &e), ERR_NOTFOUND);
	assert_int_equal(report_template_check("sentence.flow", "\xff", &e), ERR_INVALID);
}

static void every_builtin_template_passes_its_own_check(void **state)
{
	(void)state;
	err e;
	assert_true(report_template_count() <= REPORT_TPL_KEYS);
	for (size_t i = 0; i < report_template_count(); i++)
		if (report_template_check(report_template_key(i), report_template_default(i), &e))
			fail_msg("%s: %s", report_template_key(i), e.msg);
}

/* ---- tasks ------------------------------------------------------------------ */

static task mk_task(const char *content, cdate due, task_state st, cdate done_on)
{
	task t;
	memset(&t, 0, sizeof t);
	snprintf(t.content, sizeof t.content, "%s", content);
	snprintf(t.owner_unit, sizeof t.owner_unit, "058");
	snprintf(t.lead_agency, sizeof t.lead_agency, "TCKH");
	t.assigned_on = (cdate){2022, 5, 30};
	t.due = t.due_original = due;
	t.state = st;
	t.done_on = done_on;
	t.priority = TASK_PRIO_NORMAL;
	return t;
}

static void tasks_section_counts_and_lists_overdue(void **state)
{
	(void)state;
	err e;
	period p = {PERIOD_MONTH, 2022, 6};
	eval_opts eo;
	memset(&eo, 0, sizeof eo);
	eo.today = (cdate){2022, 7, 5};
	eval_report r;
	memset(&r, 0, sizeof r);
	assert_int_equal(eval_run(demo_db.s, "058", &p, &eo, &r, &e), 0);
	report_templates t;
	assert_int_equal(report_templates_default(&t, &e), 0);
	task tk[4] = {
		mk_task("Đôn đốc thu ngân sách", (cdate){2022, 6, 20}, TASK_DONE, (cdate){2022, 6, 18}),
		mk_task("Rà soát hộ nghèo", (cdate){2022, 6, 25}, TASK_OPEN, (cdate){0, 0, 0}),
		mk_task("Báo cáo OCOP", (cdate){2022, 6, 10}, TASK_DONE, (cdate){2022, 6, 15}),
		mk_task("Việc tháng sau", (cdate){2022, 7, 31}, TASK_OPEN, (cdate){0, 0, 0}),
	};
	const char *names[4] = {"Phòng Tài chính - Kế hoạch", "Phòng Lao động - TB&XH", "Phòng Kinh tế", "x"};
	report_tasks rt = {tk, names, 4};
	report_opts o;
	memset(&o, 0, sizeof o);
	o.as_of = eo.today;
	report_doc d;
	assert_int_equal(report_build_from_eval(&r, &t, &o, &rt, &d, &e), 0);
	const char *summary = NULL, *item = NULL;
	int n_items_after = 0;
	for (size_t k = 0; k < d.n_blocks; k++) {
		if (strstr(d.blocks[k].text, "nhiệm vụ phải thực hiện"))
			summary = d.blocks[k].text;
		if (strstr(d.blocks[k].text, "Rà soát hộ nghèo"))
			item = d.blocks[k].text, n_items_after++;
		if (strstr(d.blocks[k].text, "Việc tháng sau"))
			fail_msg("a task due next month listed: %s", d.blocks[k].text);
	}
	assert_non_null(summary);
	assert_string_equal(summary, "Trong kỳ có 03 nhiệm vụ phải thực hiện: 01 nhiệm vụ hoàn thành đúng hạn; "
				     "01 nhiệm vụ hoàn thành quá hạn; 01 nhiệm vụ quá hạn chưa hoàn thành; "
				     "tỷ lệ hoàn thành đúng hạn 33,33%.");
	assert_non_null(item);
	assert_int_equal(n_items_after, 1);
	/* judged on as_of (05/07), as the dashboard judges it: ten days overdue */
	assert_string_equal(item, "Rà soát hộ nghèo (chủ trì: Phòng Lao động - TB&XH; hạn 25/06/2022, quá hạn 10 ngày).");
	report_doc_free(&d);

	/* no tasks: the section says so */
	rt.n = 0;
	assert_int_equal(report_build_from_eval(&r, &t, &o, &rt, &d, &e), 0);
	bool none = false;
	for (size_t k = 0; k < d.n_blocks; k++)
		none = none || !strcmp(d.blocks[k].text, "Trong kỳ không có nhiệm vụ phải thực hiện.");
	assert_true(none);
	report_doc_free(&d);
	report_templates_free(&t);
	eval_report_free(&r);
}

/* ---- stored templates ------------------------------------------------------- */

static void stored_template_overrides_and_reset_restores(void **state)
{
	tl_db *tdb = *state;
	err e;
	report_templates t;
	assert_int_equal(report_templates_load(tdb->s, &t, &e), 0);
	int i = report_template_index("doc.title");
	assert_true(i >= 0);
	assert_false(t.edited[i]);
	report_templates_free(&t);

	assert_int_equal(store_template_set(tdb->s, "doc.title", "Báo cáo nhanh {ky}", &e), 0);
	assert_int_equal(store_template_set(tdb->s, "closing.next_period", "a\nb", &e), 0);
	char **keys;
	size_t n;
	assert_int_equal(store_template_keys(tdb->s, &keys, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(keys[0], "closing.next_period");
	assert_string_equal(keys[1], "doc.title");
	for (size_t k = 0; k < n; k++)
		free(keys[k]);
	free(keys);
	assert_int_equal(report_templates_load(tdb->s, &t, &e), 0);
	assert_true(t.edited[i]);
	assert_string_equal(t.body[i], "Báo cáo nhanh {ky}");
	report_templates_free(&t);

	assert_int_equal(store_template_reset(tdb->s, "doc.title", &e), 0);
	assert_int_equal(store_template_reset(tdb->s, "doc.title", &e), 0); /* no error twice */
	char body[64];
	bool found = true;
	assert_int_equal(store_template_get(tdb->s, "doc.title", body, sizeof body, &found, &e), 0);
	assert_false(found);
	/* too small a buffer is an error, never a cut template */
	assert_int_equal(store_template_get(tdb->s, "closing.next_period", body, 2, &found, &e), ERR_TOOBIG);

	/* a stored body that no longer passes the check is refused with the key named */
	assert_int_equal(store_template_set(tdb->s, "doc.type", "{khong_co}", &e), 0);
	assert_int_equal(report_templates_load(tdb->s, &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "doc.type"));
}

static int tl_setup_r(void **state) { return tl_setup(state, "chitieu_report_tpl"); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_and_engine_agree_june_2022),
		cmocka_unit_test(text_and_engine_agree_first_half_2022),
		cmocka_unit_test(text_and_engine_agree_year_2020),
		cmocka_unit_test(retail_sentence_reads_as_the_committee_writes_it),
		cmocka_unit_test(monthly_report_says_who_has_reported),
		cmocka_unit_test(render_drops_optional_part_without_value_or_with_zero),
		cmocka_unit_test(check_refuses_unknown_placeholders_naming_them),
		cmocka_unit_test(every_builtin_template_passes_its_own_check),
		cmocka_unit_test(tasks_section_counts_and_lists_overdue),
		cmocka_unit_test_setup_teardown(stored_template_overrides_and_reset_restores, tl_setup_r, tl_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
