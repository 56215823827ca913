/*
 * test_vrule.c - rules between indicators (core/vrule.h, store_vrules.c),
 * on both engines: expressions compile with precedence, parentheses,
 * Vietnamese decimals and refuse ambiguous or broken text naming the side;
 * a rule is skipped when a value is missing or a division is by zero;
 * rules naming unknown indicators or two frequencies are refused; an error
 * rule refuses a value and changes nothing (either side's write); a warning
 * rule refuses until a comment comes, keeps the comment with the value, and
 * a changed value loses it (written alone or by an import); a CSV import
 * with one row breaking a rule writes nothing and names the row; the validation lists broken rules
 * (commented or not) and the submit waits for errors to be fixed and
 * warnings explained.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval.h"
#include "core/import.h"
#include "core/validate.h"
#include "core/vrule.h"
#include "testlib.h"

typedef tl_db fixture;

static vrule mk(const char *code, const char *left, const char *op, const char *right, vrule_importance imp)
{
	vrule r;
	memset(&r, 0, sizeof r);
	snprintf(r.code, sizeof r.code, "%s", code);
	snprintf(r.name, sizeof r.name, "Quy tắc %s", code);
	snprintf(r.left, sizeof r.left, "%s", left);
	snprintf(r.right, sizeof r.right, "%s", right);
	r.importance = imp;
	err e;
	if (vrule_op_from_code(op, &r.op, &e))
		fail_msg("op %s: %s", op, e.msg);
	return r;
}

static int put(store *s, const char *ind, const char *unit_code, period p, num_t amount, const char *comment,
	       err *e)
{
	value v;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ind);
	snprintf(v.unit_code, sizeof v.unit_code, "%s", unit_code);
	v.period = p;
	v.amount = amount;
	snprintf(v.by, sizeof v.by, "ward");
	snprintf(v.comment, sizeof v.comment, "%s", comment ? comment : "");
	return store_value_put(s, &v, "", NULL, e);
}

static void put_ok(store *s, const char *ind, const char *unit_code, period p, num_t amount, const char *comment)
{
	err e;
	if (put(s, ind, unit_code, p, amount, comment, &e))
		fail_msg("put %s %s: %s", ind, unit_code, e.msg);
}

/* The stored amount, -1 when none. */
static num_t got(store *s, const char *ind, const char *unit_code, period p, char *comment, size_t n)
{
	value v;
	err e;
	if (store_value_get(s, ind, unit_code, &p, &v, &e))
		return -1;
	if (comment)
		snprintf(comment, n, "%s", v.comment);
	return v.amount;
}

static int setup(void **state)
{
	if (tl_setup(state, "chitieu_vrule") != 0)
		return -1;
	store *s = ((fixture *)*state)->s;
	cdate none = {0, 0, 0};
	tl_put_unit(s, "058", NULL, "", UNIT_CITY, none, none);
	tl_put_unit(s, "A", NULL, "058", UNIT_WARD, none, none);
	const char *month[] = {"P", "Q", "T"};
	for (int i = 0; i < 3; i++) {
		indicator m = tl_make_ind(month[i], NULL, FREQ_MONTH, IND_FLOW, 1);
		tl_put_ind(s, &m);
	}
	indicator y = tl_make_ind("Y", NULL, FREQ_YEAR, IND_LEVEL, 0);
	tl_put_ind(s, &y);
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static vrule_outcome eval_with(const char *left, const char *op, const char *right, const bool *has,
			       const num_t *vals, vrule_compiled *c, num_t *l, num_t *r)
{
	vrule v = mk("R", left, op, right, VR_ERROR);
	err e;
	if (vrule_compile(&v, c, &e))
		fail_msg("compile %s %s %s: %s", left, op, right, e.msg);
	return vrule_eval(c, has, vals, l, r);
}

static void test_expressions_compile_and_evaluate(void **state)
{
	(void)state;
	vrule_compiled c;
	num_t l, r;
	bool has[3] = {true, true, true};
	num_t vals[3] = {NUM_INT(30), NUM_INT(20), NUM_INT(60)};
	/* a part and a part <= the total: 30 + 20 <= 60 */
	assert_int_equal(eval_with("KT01A + KT01B", "<=", "KT01", has, vals, &c, &l, &r), VR_HOLDS);
	assert_int_equal(c.n_refs, 3);
	assert_string_equal(c.refs[2], "KT01");
	assert_int_equal(l, NUM_INT(50));
	/* precedence and parentheses: 2 × (30 + 20) - 30 / 2 = 85 > 60 */
	assert_int_equal(eval_with("2 × (KT01A + KT01B) - KT01A / 2", "<=", "KT01", has, vals, &c, &l, &r),
			 VR_BROKEN);
	assert_int_equal(l, NUM_INT(85));
	/* a Vietnamese decimal and a leading minus: -30 + 1,5 × 20 = 0 (refs in the rule's order) */
	assert_int_equal(eval_with("-KT01A + 1,5 * KT01B", "==", "0", has, vals, &c, &l, &r), VR_HOLDS);
	assert_int_equal(eval_with("KT01A", "≠", "KT01B", has, vals, &c, &l, &r), VR_HOLDS);
	assert_int_equal(eval_with("KT01A", ">=", "2 * KT01B", has, vals, &c, &l, &r), VR_BROKEN);
	/* a value missing, or a division by zero: skipped */
	bool miss[3] = {true, false, true};
	assert_int_equal(eval_with("KT01A + KT01B", "<=", "KT01", miss, vals, &c, &l, &r), VR_SKIPPED);
	num_t zero[3] = {NUM_INT(1), 0, NUM_INT(2)};
	assert_int_equal(eval_with("KT01A / KT01B", "<", "KT01", has, zero, &c, &l, &r), VR_SKIPPED);

	/* refusals name the side and say why */
	static const struct {
		const char *left, *right, *want;
	} bad[] = {
		{"KT01", "1.000", "vế phải (right)"}, {"KT01 +", "KT02", "vế trái (left)"},
		{"(KT01", "KT02", "đóng ngoặc"},       {"KT01 KT02", "KT02", "thừa ký tự"},
		{"", "KT02", "trống"},                 {"12", "3", "không nêu chỉ tiêu"},
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		vrule v = mk("SAI", bad[k].left, "<=", bad[k].right, VR_ERROR);
		err e;
		assert_int_equal(vrule_compile(&v, &c, &e), ERR_INVALID);
		if (!strstr(e.msg, bad[k].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", k, e.msg, bad[k].want);
		assert_non_null(strstr(e.msg, "SAI"));
	}
	vrule_op op;
	err e;
	assert_int_equal(vrule_op_from_code("=<", &op, &e), ERR_INVALID);
	assert_int_equal(vrule_op_from_code("≤", &op, &e), 0);
	assert_int_equal(op, VR_LE);
	vrule_importance imp;
	assert_int_equal(vrule_importance_from_code("cảnh báo", &imp, &e), 0);
	assert_int_equal(imp, VR_WARNING);

	/* the message: rule, unit, period, both sides the Vietnamese way */
	num_t big[3] = {NUM_INT(1234) + 5000, NUM_INT(20), NUM_INT(60)};
	assert_int_equal(eval_with("KT01A", "<=", "KT01", has, big, &c, &l, &r), VR_BROKEN);
	buf b;
	buf_init(&b, 0);
	period jun = period_month(2022, 6);
	vrule_message(&b, &c, "01837", &jun, l, r);
	assert_string_equal(buf_cstr(&b), "quy tắc R (Quy tắc R, lỗi): đơn vị 01837, tháng 6/2022: KT01A = 1.234,5 phải ≤ "
					  "KT01 = 20");
	buf_free(&b);
}

static void test_rules_name_known_indicators_of_one_frequency(void **state)
{
	fixture *f = *state;
	err e;
	vrule r = mk("R1", "P + Q", "<=", "T", VR_ERROR);
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	assert_true(r.id > 0);
	vrule u = mk("R2", "P", "<=", "ZZ", VR_ERROR);
	assert_int_equal(store_vrule_put(f->s, &u, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "'ZZ'"));
	vrule m = mk("R3", "P", "<=", "Y", VR_ERROR);
	assert_int_equal(store_vrule_put(f->s, &m, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "cùng kỳ báo cáo"));
	/* an update by code */
	r.importance = VR_WARNING;
	snprintf(r.right, sizeof r.right, "2 * T");
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	vrule *all = NULL;
	size_t n = 0;
	assert_int_equal(store_vrule_list(f->s, &all, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(all[0].right, "2 * T");
	assert_int_equal(all[0].importance, VR_WARNING);
	free(all);
	assert_int_equal(store_vrule_delete(f->s, "R1", &e), 0);
	assert_int_equal(store_vrule_delete(f->s, "R1", &e), ERR_NOTFOUND);
	vrule g;
	assert_int_equal(store_vrule_get(f->s, "R1", &g, &e), ERR_NOTFOUND);
}

static void test_a_rule_whose_indicator_changed_frequency_compares_nothing(void **state)
{
	fixture *f = *state;
	err e;
	indicator w = tl_make_ind("W", NULL, FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(f->s, &w);
	vrule r = mk("P_W", "P", "<=", "W", VR_ERROR);
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	/* W has no values yet: its frequency may change, to a year */
	w.freq = FREQ_YEAR;
	tl_put_ind(f->s, &w);
	err_clear(&e);
	if (put(f->s, "W", "A", (period){PERIOD_YEAR, 2022, 1}, NUM_INT(1), NULL, &e))
		fail_msg("put W: %s", e.msg);
	/* December's P and the year's W share the month slot: not compared */
	put_ok(f->s, "P", "A", period_month(2022, 12), NUM_INT(5), NULL);
	validate_result v;
	assert_int_equal(validate_run(f->s, "A", &(period){PERIOD_YEAR, 2022, 1}, &v, &e), 0);
	assert_int_equal(v.n_errors, 0);
	validate_free(&v);
}

static void test_an_error_rule_refuses_and_changes_nothing(void **state)
{
	fixture *f = *state;
	err e;
	period jun = period_month(2022, 6);
	vrule r = mk("PHAN_TONG", "P + Q", "<=", "T", VR_ERROR);
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	put_ok(f->s, "P", "A", jun, NUM_INT(50), NULL); /* T missing: skipped */
	put_ok(f->s, "T", "A", jun, NUM_INT(100), NULL);
	put_ok(f->s, "Q", "A", jun, NUM_INT(30), NULL);
	/* 80 + 30 > 100 */
	assert_int_equal(put(f->s, "P", "A", jun, NUM_INT(80), "đúng mà", &e), ERR_CONFLICT);
	assert_string_equal(vrule_refusal_field(&e), "value");
	assert_non_null(strstr(e.msg, "PHAN_TONG"));
	assert_non_null(strstr(e.msg, "đơn vị A, tháng 6/2022: P + Q = 110 phải ≤ T = 100"));
	char c[NOTE_MAX];
	assert_int_equal(got(f->s, "P", "A", jun, c, sizeof c), NUM_INT(50));
	assert_string_equal(c, ""); /* a refused write keeps no comment either */
	/* the total's write is checked too */
	assert_int_equal(put(f->s, "T", "A", jun, NUM_INT(70), NULL, &e), ERR_CONFLICT);
	assert_int_equal(got(f->s, "T", "A", jun, NULL, 0), NUM_INT(100));
	value_audit *h = NULL;
	size_t n = 9;
	assert_int_equal(store_value_history(f->s, "T", "A", &jun, &h, &n, &e), 0);
	assert_int_equal(n, 0);
	free(h);
	/* another unit's or another month's values are not compared */
	put_ok(f->s, "P", "058", jun, NUM_INT(500), NULL);
	put_ok(f->s, "P", "A", period_month(2022, 7), NUM_INT(500), NULL);
}

static void test_a_warning_asks_for_a_comment_kept_with_the_value(void **state)
{
	fixture *f = *state;
	err e;
	period jun = period_month(2022, 6);
	vrule r = mk("NUA", "P", "<=", "0,5 * T", VR_WARNING);
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	put_ok(f->s, "T", "A", jun, NUM_INT(100), NULL);
	assert_int_equal(put(f->s, "P", "A", jun, NUM_INT(60), NULL, &e), ERR_INVALID);
	assert_string_equal(vrule_refusal_field(&e), "comment");
	assert_non_null(strstr(e.msg, "P = 60 phải ≤ 0,5 * T = 50"));
	assert_int_equal(got(f->s, "P", "A", jun, NULL, 0), -1);
	put_ok(f->s, "P", "A", jun, NUM_INT(60), "mùa cao điểm");
	char c[NOTE_MAX];
	assert_int_equal(got(f->s, "P", "A", jun, c, sizeof c), NUM_INT(60));
	assert_string_equal(c, "mùa cao điểm");
	bool found = false;
	assert_int_equal(store_value_comment_get(f->s, "P", "A", &jun, c, sizeof c, &found, &e), 0);
	assert_true(found);
	/* another figure without a comment: refused, the old one and its comment stay */
	assert_int_equal(put(f->s, "P", "A", jun, NUM_INT(70), NULL, &e), ERR_INVALID);
	assert_int_equal(got(f->s, "P", "A", jun, c, sizeof c), NUM_INT(60));
	assert_string_equal(c, "mùa cao điểm");
	/* a write of the total that keeps the rule broken is explained by P's comment */
	put_ok(f->s, "T", "A", jun, NUM_INT(110), NULL);
	/* a figure that keeps the rule needs none, and drops the old comment */
	put_ok(f->s, "P", "A", jun, NUM_INT(40), NULL);
	assert_int_equal(got(f->s, "P", "A", jun, c, sizeof c), NUM_INT(40));
	assert_string_equal(c, "");
	/* a delete takes the comment with it */
	put_ok(f->s, "P", "A", jun, NUM_INT(45), "ghi chú");
	assert_int_equal(store_value_delete(f->s, "P", "A", &jun, "ward", "", &e), 0);
	assert_int_equal(store_value_comment_get(f->s, "P", "A", &jun, c, sizeof c, &found, &e), 0);
	assert_false(found);
}

static int import_text(store *s, const char *text, const char *comment, import_summary *sum, err *e)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(fp);
	import_opts o = {.by = "ward", .comment = comment};
	int rc = import_values_csv(s, fp, "a.csv", 0, &o, sum, e);
	fclose(fp);
	return rc;
}

static void test_an_import_breaking_a_rule_writes_nothing(void **state)
{
	fixture *f = *state;
	err e;
	import_summary sum;
	period jun = period_month(2022, 6), jul = period_month(2022, 7);
	vrule r = mk("PHAN_TONG", "P", "<=", "T", VR_ERROR);
	vrule w = mk("Q_NHO", "Q", "<", "T", VR_WARNING);
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	assert_int_equal(store_vrule_put(f->s, &w, &e), 0);
	/* June is fine; July's P is above its T, on line 5: nothing is written */
	const char *bad = "indicator,unit,period,value\n"
			  "T,A,202206,100\n"
			  "P,A,202206,90\n"
			  "T,A,202207,100\n"
			  "P,A,202207,120\n";
	assert_int_equal(import_text(f->s, bad, NULL, &sum, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "a.csv, dòng 5"));
	assert_non_null(strstr(e.msg, "PHAN_TONG"));
	assert_non_null(strstr(e.msg, "tháng 7/2022"));
	assert_int_equal(got(f->s, "T", "A", jun, NULL, 0), -1);
	assert_int_equal(got(f->s, "P", "A", jun, NULL, 0), -1);
	/* a warning: refused without the import's comment, kept with the value with it */
	const char *warn = "indicator,unit,period,value\n"
			   "T,A,202207,100\n"
			   "Q,A,202207,100\n"
			   "P,A,202207,10\n";
	assert_int_equal(import_text(f->s, warn, NULL, &sum, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "dòng 3"));
	assert_non_null(strstr(e.msg, "Q_NHO"));
	assert_int_equal(got(f->s, "Q", "A", jul, NULL, 0), -1);
	assert_int_equal(import_text(f->s, warn, "số của cả năm dồn vào tháng 7", &sum, &e), 0);
	assert_int_equal(sum.inserted, 3);
	char c[NOTE_MAX];
	assert_int_equal(got(f->s, "Q", "A", jul, c, sizeof c), NUM_INT(100));
	assert_string_equal(c, "số của cả năm dồn vào tháng 7");
	assert_int_equal(got(f->s, "P", "A", jul, c, sizeof c), NUM_INT(10));
	assert_string_equal(c, ""); /* only the values the broken rule names */
	/* the same figure again keeps its comment; another figure loses it */
	assert_int_equal(import_text(f->s, "indicator,unit,period,value\nQ,A,202207,100\n", NULL, &sum, &e), 0);
	assert_int_equal(got(f->s, "Q", "A", jul, c, sizeof c), NUM_INT(100));
	assert_string_equal(c, "số của cả năm dồn vào tháng 7");
	assert_int_equal(import_text(f->s, "indicator,unit,period,value\nQ,A,202207,50\n", NULL, &sum, &e), 0);
	assert_int_equal(got(f->s, "Q", "A", jul, c, sizeof c), NUM_INT(50));
	assert_string_equal(c, "");
	/* T's comment still explains the rule; a changed T loses it, and with no comment left on
	 * the values the rule names, breaking it again is refused: nothing changes */
	assert_int_equal(got(f->s, "T", "A", jul, c, sizeof c), NUM_INT(100));
	assert_string_equal(c, "số của cả năm dồn vào tháng 7");
	assert_int_equal(import_text(f->s, "indicator,unit,period,value\nT,A,202207,40\n", NULL, &sum, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "Q_NHO"));
	assert_int_equal(got(f->s, "T", "A", jul, c, sizeof c), NUM_INT(100));
	assert_string_equal(c, "số của cả năm dồn vào tháng 7");
}

static void test_validation_and_submit_see_broken_rules(void **state)
{
	fixture *f = *state;
	err e;
	period jun = period_month(2022, 6);
	put_ok(f->s, "P", "A", jun, NUM_INT(80), NULL);
	put_ok(f->s, "T", "A", jun, NUM_INT(100), NULL);
	put_ok(f->s, "Q", "A", jun, NUM_INT(150), NULL);
	/* rules added after the figures: the stored values break them */
	vrule w = mk("P_NUA", "P", "<=", "T / 2", VR_WARNING);
	vrule r = mk("Q_TONG", "Q", "<=", "T", VR_ERROR);
	assert_int_equal(store_vrule_put(f->s, &w, &e), 0);
	assert_int_equal(store_vrule_put(f->s, &r, &e), 0);
	validate_result v;
	assert_int_equal(validate_run(f->s, "058", &jun, &v, &e), 0);
	assert_int_equal(v.n_errors, 1);
	assert_int_equal(v.n_warnings, 1);
	assert_int_equal(v.items[0].kind, VALIDATE_RULE_ERROR);
	assert_string_equal(v.items[0].rule, "Q_TONG");
	assert_string_equal(v.items[0].unit_code, "A");
	assert_int_equal(v.items[0].value, NUM_INT(150));
	assert_int_equal(v.items[0].right, NUM_INT(100));
	assert_int_equal(v.items[1].kind, VALIDATE_RULE_WARNING);
	assert_false(v.items[1].commented);
	buf b;
	buf_init(&b, 0);
	assert_int_equal(validate_json(&b, "058", &v), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"importance\":\"error\",\"rule\":\"Q_TONG\",\"value\":150,\"right\":100,"
					     "\"commented\":false"));
	buf_free(&b);
	validate_free(&v);
	/* the submit waits: first the error, then the unexplained warning */
	appr_state to;
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "Q_TONG"));
	put_ok(f->s, "Q", "A", jun, NUM_INT(90), NULL);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "P_NUA"));
	assert_non_null(strstr(e.msg, "ghi chú"));
	put_ok(f->s, "P", "A", jun, NUM_INT(80), "đã kiểm tra lại");
	assert_int_equal(validate_run(f->s, "A", &jun, &v, &e), 0);
	assert_int_equal(v.n_errors, 0);
	assert_int_equal(v.n_items, 1);
	assert_true(v.items[0].commented);
	assert_string_equal(v.items[0].comment, "đã kiểm tra lại");
	validate_free(&v);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), 0);
	assert_int_equal(to, APPR_SUBMITTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expressions_compile_and_evaluate),
		cmocka_unit_test_setup_teardown(test_rules_name_known_indicators_of_one_frequency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_rule_whose_indicator_changed_frequency_compares_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_an_error_rule_refuses_and_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_warning_asks_for_a_comment_kept_with_the_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_import_breaking_a_rule_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation_and_submit_see_broken_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
