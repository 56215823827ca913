/*
 * test_completeness.c - who has reported (core/completeness.h), on both
 * engines: what a ward owes (reported in the year or the year before, or a
 * target), a quarterly indicator owed in the quarter's last month only, a
 * ward formed in July owing nothing before, figures on time and late
 * against the Decree 09 calendar (a month's report due on the 25th), a
 * month not yet due, the monthly reporting rate, the JSON and the sentence,
 * and the grace days of the lock settings moving what is late.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/completeness.h"
#include "core/lock.h"
#include "store/store_int.h" /* the test moves an id by SQL */
#include "testlib.h"

typedef tl_db fixture;

static cdate D(int y, int m, int d)
{
	cdate c = {y, m, d};
	return c;
}

/* Noon of a day, Vietnam time, as Unix seconds. */
static int64_t noon(cdate d)
{
	return (int64_t)cdate_to_days(d) * 86400 + 5 * 3600;
}

static void put(store *s, const char *ind, const char *unit_code, period p, cdate entered_on)
{
	value v;
	err e;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ind);
	snprintf(v.unit_code, sizeof v.unit_code, "%s", unit_code);
	v.period = p;
	v.amount = NUM_INT(5);
	snprintf(v.by, sizeof v.by, "ward");
	v.at = noon(entered_on);
	if (store_value_put(s, &v, "", NULL, &e) != 0)
		fail_msg("store_value_put %s %s: %s", ind, unit_code, e.msg);
}

static void put_at(store *s, const char *ind, const char *unit_code, period p, int64_t at)
{
	value v;
	err e;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ind);
	snprintf(v.unit_code, sizeof v.unit_code, "%s", unit_code);
	v.period = p;
	v.amount = NUM_INT(5);
	snprintf(v.by, sizeof v.by, "ward");
	v.at = at;
	if (store_value_put(s, &v, "", NULL, &e) != 0)
		fail_msg("store_value_put %s %s: %s", ind, unit_code, e.msg);
}

static period Q(int y, int q)
{
	period p;
	assert_true(period_ending_in(PERIOD_QUARTER, y, 3 * q, &p));
	return p;
}

/* City 058 with wards A (reports), B (holds a target only), N (formed on 01/07/2022). */
static int setup(void **state)
{
	if (tl_setup(state, "chitieu_compl") != 0)
		return -1;
	store *s = ((fixture *)*state)->s;
	cdate none = {0, 0, 0};
	tl_put_unit(s, "058", NULL, "", UNIT_CITY, none, none);
	tl_put_unit(s, "A", NULL, "058", UNIT_WARD, none, none);
	tl_put_unit(s, "B", NULL, "058", UNIT_WARD, none, none);
	tl_put_unit(s, "N", NULL, "058", UNIT_WARD, D(2022, 7, 1), none);
	indicator m = tl_make_ind("KT01", NULL, FREQ_MONTH, IND_FLOW, 1);
	indicator q = tl_make_ind("KT02", NULL, FREQ_QUARTER, IND_FLOW, 1);
	indicator y = tl_make_ind("KT03", NULL, FREQ_YEAR, IND_FLOW, 1);
	tl_put_ind(s, &m);
	tl_put_ind(s, &q);
	tl_put_ind(s, &y);
	/* A reported KT01 and KT02 last year: it owes both this year */
	put(s, "KT01", "A", period_month(2021, 5), D(2021, 5, 20));
	put(s, "KT02", "A", Q(2021, 4), D(2021, 12, 20));
	/* 2022: January on time, February late (due 25/02), March not entered; Q1 on time */
	put(s, "KT01", "A", period_month(2022, 1), D(2022, 1, 20));
	put(s, "KT01", "A", period_month(2022, 2), D(2022, 3, 2));
	put(s, "KT02", "A", Q(2022, 1), D(2022, 3, 24));
	/* B owes KT01 by its target for 2022, and entered nothing */
	target t;
	err e;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "KT01");
	snprintf(t.unit_code, sizeof t.unit_code, "B");
	t.year_from = t.year_to = 2022;
	t.kind = TGT_AT_LEAST;
	t.source = TGT_SRC_ASSIGNED;
	t.value = NUM_INT(100);
	if (store_target_put(s, &t, &e) != 0)
		fail_msg("store_target_put: %s", e.msg);
	/* May, at the edges of its deadline day (25/05, Vietnam time): A at 23:59:59, B at 00:00 the day after */
	put_at(s, "KT01", "A", period_month(2022, 5), (int64_t)cdate_to_days(D(2022, 5, 26)) * 86400 - 7 * 3600 - 1);
	put_at(s, "KT01", "B", period_month(2022, 5), (int64_t)cdate_to_days(D(2022, 5, 26)) * 86400 - 7 * 3600);
	/* N, formed in July, reports KT01 from July */
	put(s, "KT01", "N", period_month(2022, 7), D(2022, 7, 10));
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static const compl_cell *cell(const compl_table *t, const char *code, int month)
{
	for (size_t u = 0; u < t->n_units; u++)
		if (!strcmp(t->units[u].code, code))
			return &t->cells[u * 12 + (size_t)month - 1];
	fail_msg("no unit %s", code);
	return NULL;
}

static void test_owed_entered_on_time_and_late(void **state)
{
	fixture *f = *state;
	compl_table t;
	err e;
	/* A's January submitted, then approved: the table says so */
	period jan = period_month(2022, 1);
	assert_int_equal(store_approval_move(f->s, "A", &jan, NULL, "draft", "submitted", "a", 1, "", &e), 0);
	assert_int_equal(store_approval_move(f->s, "A", &jan, NULL, "submitted", "approved", "c", 2, "", &e), 0);
	/* judged on 10/04/2022: March is due (25/03), April is not (25/04) */
	assert_int_equal(compl_build(f->s, "058", 2022, D(2022, 4, 10), &t, &e), 0);
	assert_string_equal(cell(&t, "A", 1)->approval, "approved");
	assert_string_equal(cell(&t, "A", 2)->approval, "draft");
	assert_string_equal(cell(&t, "B", 1)->approval, "draft");
	assert_int_equal(t.n_units, 3);
	assert_string_equal(t.units[0].code, "A");
	const compl_cell *c = cell(&t, "A", 1);
	assert_int_equal(c->state, COMPL_ALL);
	assert_int_equal(c->owed, 1); /* KT01 only: KT02 is owed in March */
	assert_true(c->due && !c->late);
	c = cell(&t, "A", 2);
	assert_int_equal(c->state, COMPL_ALL);
	assert_true(c->late); /* entered 02/03, due 25/02 */
	c = cell(&t, "A", 3);
	assert_int_equal(c->owed, 2); /* KT01 and the quarter's KT02 */
	assert_int_equal(c->entered, 1);
	assert_int_equal(c->state, COMPL_PARTLY);
	assert_true(c->due && c->late);
	c = cell(&t, "A", 4);
	assert_int_equal(c->state, COMPL_NOTHING);
	assert_true(!c->due && !c->late); /* not yet due: not late */
	c = cell(&t, "A", 12);
	assert_int_equal(c->owed, 2); /* KT03 is owed by nobody: never reported, no target */
	c = cell(&t, "B", 1);
	assert_int_equal(c->state, COMPL_NOTHING);
	assert_true(c->late);
	assert_int_equal(cell(&t, "B", 3)->owed, 1);
	/* the deadline day ends at midnight in Hà Nội */
	assert_int_equal(cell(&t, "A", 5)->state, COMPL_ALL);
	assert_false(cell(&t, "A", 5)->late);
	assert_int_equal(cell(&t, "B", 5)->state, COMPL_ALL);
	assert_true(cell(&t, "B", 5)->late);
	/* N owes nothing before July, nothing at all as judged from its values of 2022 */
	assert_int_equal(cell(&t, "N", 6)->state, COMPL_NOT_OWED);
	assert_int_equal(cell(&t, "N", 7)->state, COMPL_ALL);
	/* the rates: January 1 of 2 (A on time, B nothing); July: A, B and N owe */
	assert_int_equal(t.owing[0], 2);
	assert_int_equal(t.on_time[0], 1);
	assert_int_equal(t.owing[1], 2);
	assert_int_equal(t.on_time[1], 0);
	assert_int_equal(t.owing[6], 3);
	buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(compl_sentence(&b, &t, 1), 0);
	assert_string_equal(buf_cstr(&b), "1/2 đơn vị gửi đủ số liệu tháng 1/2022 đúng hạn; chưa đủ hoặc muộn: B.");
	buf_reset(&b);
	assert_int_equal(compl_json(&b, "058", &t), 0);
	const char *j = buf_cstr(&b);
	assert_non_null(strstr(j, "{\"month\":1,\"owing\":2,\"on_time\":1,\"rate\":0.5000}"));
	assert_non_null(strstr(j, "{\"month\":3,\"state\":\"partly\",\"owed\":2,\"entered\":1,\"due\":true,\"late\":true,"
				  "\"deadline\":\"2022-03-25\""));
	buf_free(&b);
	compl_free(&t);
}

static void test_grace_days_move_what_is_late(void **state)
{
	fixture *f = *state;
	compl_table t;
	err e;
	lock_config c;
	lock_config_default(&c);
	c.grace_days = 10; /* February due 25/02 + 10 = 07/03: entered 02/03 is on time */
	assert_int_equal(lock_config_save(f->s, &c, &e), 0);
	assert_int_equal(compl_build(f->s, "058", 2022, D(2022, 4, 10), &t, &e), 0);
	assert_false(cell(&t, "A", 2)->late);
	assert_int_equal(t.on_time[1], 1);
	compl_free(&t);
}

/* Indicator ids far apart (PostgreSQL's upserts use identity numbers up) and a
 * computed ratio's target: the table is built, and the ratio is not owed. */
static void test_sparse_ids_and_computed_ratios(void **state)
{
	fixture *f = *state;
	compl_table t;
	err e;
	indicator r = tl_make_ind("TL01", NULL, FREQ_MONTH, IND_RATIO, 1);
	snprintf(r.numerator, sizeof r.numerator, "KT01");
	snprintf(r.denominator, sizeof r.denominator, "KT03");
	r.ratio_scale = 100;
	r.rollup = ROLLUP_RATIO;
	tl_put_ind(f->s, &r);
	target tg;
	memset(&tg, 0, sizeof tg);
	snprintf(tg.indicator_code, sizeof tg.indicator_code, "TL01");
	snprintf(tg.unit_code, sizeof tg.unit_code, "B");
	tg.year_from = tg.year_to = 2022;
	tg.kind = TGT_AT_LEAST;
	tg.source = TGT_SRC_ASSIGNED;
	tg.value = NUM_INT(50);
	assert_int_equal(store_target_put(f->s, &tg, &e), 0);
	/* an indicator with nothing pointing at it moved far away: ids no longer dense */
	indicator far = tl_make_ind("KT99", NULL, FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(f->s, &far);
	assert_int_equal(db_exec(f->s->db, "UPDATE indicator SET id = 900000000 WHERE code = 'KT99'", &e), 0);
	assert_int_equal(compl_build(f->s, "058", 2022, D(2022, 4, 10), &t, &e), 0);
	assert_int_equal(cell(&t, "B", 1)->owed, 1); /* KT01 by its target; not the ratio */
	assert_int_equal(cell(&t, "A", 1)->state, COMPL_ALL);
	compl_free(&t);
}

static void test_a_unit_without_children_is_its_own_row_and_errors(void **state)
{
	fixture *f = *state;
	compl_table t;
	err e;
	assert_int_equal(compl_build(f->s, "A", 2022, D(2022, 4, 10), &t, &e), 0);
	assert_int_equal(t.n_units, 1);
	assert_string_equal(t.units[0].code, "A");
	compl_free(&t);
	assert_int_equal(compl_build(f->s, "ZZ", 2022, D(2022, 4, 10), &t, &e), ERR_NOTFOUND);
	assert_int_equal(compl_build(f->s, "058", 1800, D(2022, 4, 10), &t, &e), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_owed_entered_on_time_and_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grace_days_move_what_is_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sparse_ids_and_computed_ratios, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_unit_without_children_is_its_own_row_and_errors, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
