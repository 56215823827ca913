/*
 * test_approval.c - figures on their way up (core/approval.h), on both
 * engines: every step against every state; a submit blocked by a value
 * outside its bounds until it is fixed; a return needs a reason; figures
 * submitted, approved or accepted are read-only (approval_write_check), a
 * quarter with its last month; every step kept; a move from a state that
 * is no longer there (another writer first) changes nothing. Per agency
 * (schema 14): an agency's part of a city's month, submitted, makes its
 * indicators read-only and no others (store_approval_keys lists its row
 * for the bulk import's hint); parts are approved and returned
 * apart; the whole unit's lock still covers everything; a part's submit
 * is blocked only by its own indicators' errors; the migration keeps the
 * rows of before as the whole unit's. Acceptance where the configuration
 * asks for it: the setting's text, an approved ward's month held back from
 * approved figures and blocking its city's approval until accepted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/approval.h"
#include "core/eval.h"
#include "db/db.h"
#include "store/store_int.h"
#include "testlib.h"

typedef tl_db fixture;

static void put(store *s, const char *ind, const char *unit_code, period p, num_t amount)
{
	value v;
	err e;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ind);
	snprintf(v.unit_code, sizeof v.unit_code, "%s", unit_code);
	v.period = p;
	v.amount = amount;
	snprintf(v.by, sizeof v.by, "ward");
	if (store_value_put(s, &v, "", NULL, &e) != 0)
		fail_msg("store_value_put %s %s: %s", ind, unit_code, e.msg);
}

static int setup(void **state)
{
	if (tl_setup(state, "chitieu_appr") != 0)
		return -1;
	store *s = ((fixture *)*state)->s;
	cdate none = {0, 0, 0};
	tl_put_unit(s, "058", NULL, "", UNIT_CITY, none, none);
	tl_put_unit(s, "A", NULL, "058", UNIT_WARD, none, none);
	indicator m = tl_make_ind("KT01", NULL, FREQ_MONTH, IND_FLOW, 1);
	indicator q = tl_make_ind("KT02", NULL, FREQ_QUARTER, IND_FLOW, 1);
	tl_put_ind(s, &m);
	tl_put_ind(s, &q);
	put(s, "KT01", "A", period_month(2022, 6), NUM_INT(90));
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static void test_steps_fit_states(void **state)
{
	(void)state;
	static const struct {
		appr_state from;
		appr_action a;
		int rc;
		appr_state to;
	} cases[] = {
		{APPR_DRAFT, APPR_SUBMIT, 0, APPR_SUBMITTED},       {APPR_RETURNED, APPR_SUBMIT, 0, APPR_SUBMITTED},
		{APPR_SUBMITTED, APPR_SUBMIT, ERR_CONFLICT, 0},     {APPR_APPROVED, APPR_SUBMIT, ERR_CONFLICT, 0},
		{APPR_SUBMITTED, APPR_APPROVE, 0, APPR_APPROVED},   {APPR_DRAFT, APPR_APPROVE, ERR_CONFLICT, 0},
		{APPR_RETURNED, APPR_APPROVE, ERR_CONFLICT, 0},     {APPR_SUBMITTED, APPR_RETURN, 0, APPR_RETURNED},
		{APPR_APPROVED, APPR_RETURN, 0, APPR_RETURNED},     {APPR_DRAFT, APPR_RETURN, ERR_CONFLICT, 0},
		{APPR_ACCEPTED, APPR_RETURN, ERR_CONFLICT, 0},      {APPR_APPROVED, APPR_ACCEPT, 0, APPR_ACCEPTED},
		{APPR_SUBMITTED, APPR_ACCEPT, ERR_CONFLICT, 0},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		appr_state to = APPR_DRAFT;
		err e;
		int rc = appr_next(cases[k].from, cases[k].a, "lý do", &to, &e);
		if (rc != cases[k].rc)
			fail_msg("case %zu: %s from %s: rc %d", k, appr_action_code(cases[k].a),
				 appr_state_code(cases[k].from), rc);
		if (!rc)
			assert_int_equal(to, cases[k].to);
	}
	appr_state to;
	err e;
	assert_int_equal(appr_next(APPR_SUBMITTED, APPR_RETURN, "", &to, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "lý do"));
	assert_true(appr_locked(APPR_SUBMITTED) && appr_locked(APPR_APPROVED) && appr_locked(APPR_ACCEPTED));
	assert_false(appr_locked(APPR_DRAFT) || appr_locked(APPR_RETURNED));
}

static void test_the_way_up_with_a_blocked_submit(void **state)
{
	fixture *f = *state;
	err e;
	appr_state to;
	period jun = period_month(2022, 6), q2 = {PERIOD_QUARTER, 2022, 2};
	/* KT01 gets a maximum below A's 90: the submit is refused, nothing written */
	indicator m;
	assert_int_equal(store_indicator_get(f->s, "KT01", &m, &e), 0);
	m.has_max = true;
	m.max = NUM_INT(50);
	assert_int_equal(store_indicator_put(f->s, &m, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "mức tối đa 50"));
	approval_status st;
	assert_int_equal(approval_get(f->s, "A", &jun, NULL, &st, &e), 0);
	assert_int_equal(st.state, APPR_DRAFT);
	put(f->s, "KT01", "A", jun, NUM_INT(45));
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), 0);
	assert_int_equal(to, APPR_SUBMITTED);
	/* read-only now, for the month and a quarter ending in it; not for May or another unit */
	assert_int_equal(approval_write_check(f->s, "A", &jun, NULL, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tháng 6/2022 của đơn vị A đã nộp"));
	assert_int_equal(approval_write_check(f->s, "A", &q2, NULL, &e), ERR_CONFLICT);
	period may = period_month(2022, 5);
	assert_int_equal(approval_write_check(f->s, "A", &may, NULL, &e), 0);
	assert_int_equal(approval_write_check(f->s, "058", &jun, NULL, &e), 0);
	/* returned with a reason: writable again */
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_RETURN, "city", 1100, "", &to, &e), ERR_INVALID);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_RETURN, "city", 1100, "thiếu số", &to, &e), 0);
	assert_int_equal(approval_write_check(f->s, "A", &jun, NULL, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1200, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_APPROVE, "city", 1300, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_APPROVE, "city", 1300, "", &to, &e), ERR_CONFLICT);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_ACCEPT, "province", 1400, "", &to, &e), 0);
	assert_int_equal(to, APPR_ACCEPTED);
	assert_int_equal(approval_write_check(f->s, "A", &jun, NULL, &e), ERR_CONFLICT);
	/* every step kept, in order */
	store_approval_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_approval_events(f->s, "A", &jun, NULL, &ev, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_string_equal(ev[1].to, "returned");
	assert_string_equal(ev[1].comment, "thiếu số");
	assert_string_equal(ev[4].by, "province");
	free(ev);
	/* a move from a state that is no longer there changes nothing */
	assert_int_equal(store_approval_move(f->s, "A", &jun, NULL, "approved", "returned", "x", 1500, "y", &e), ERR_CONFLICT);
	assert_int_equal(store_approval_events(f->s, "A", &jun, NULL, &ev, &n, &e), 0);
	assert_int_equal(n, 5);
	free(ev);
	/* a quarter is not a month to approve */
	assert_int_equal(approval_act(f->s, "A", &q2, NULL, APPR_SUBMIT, "ward", 1, "", &to, &e), ERR_INVALID);
	assert_int_equal(approval_act(f->s, "ZZ", &jun, NULL, APPR_SUBMIT, "ward", 1, "", &to, &e), ERR_NOTFOUND);
}

/* The KT01 row of the city's evaluation of June 2022. */
static eval_row kt01_of_city(store *s, bool approved_only)
{
	eval_report r;
	eval_opts o = { .approved_only = approved_only };
	period jun = period_month(2022, 6);
	err e;
	if (eval_run(s, "058", &jun, &o, &r, &e) != 0)
		fail_msg("eval_run: %s", e.msg);
	eval_row row;
	memset(&row, 0, sizeof row);
	for (size_t k = 0; k < r.result.n_rows; k++)
		if (strcmp(r.inds[r.result.rows[k].ind_index].code, "KT01") == 0)
			row = r.result.rows[k];
	row.lagging = NULL;
	row.n_lagging = 0;
	eval_report_free(&r);
	return row;
}

/* Approved figures only (DHIS2's "hide unapproved data"): a ward's month
 * counts once it is approved or accepted, not while draft, submitted or
 * returned; without the option every figure counts. */
static void test_approved_only_hides_months_not_approved(void **state)
{
	fixture *f = *state;
	err e;
	appr_state to;
	period jun = period_month(2022, 6);
	cdate none = {0, 0, 0};
	tl_put_unit(f->s, "B", NULL, "058", UNIT_WARD, none, none);
	put(f->s, "KT01", "B", jun, NUM_INT(10));
	eval_row all = kt01_of_city(f->s, false), appr = kt01_of_city(f->s, true);
	assert_true(all.has_value && all.value == NUM_INT(100));
	assert_false(appr.has_value); /* nothing approved yet */
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), 0);
	assert_false(kt01_of_city(f->s, true).has_value); /* submitted is not approved */
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_APPROVE, "city", 1100, "", &to, &e), 0);
	appr = kt01_of_city(f->s, true);
	assert_true(appr.has_value && appr.value == NUM_INT(90)); /* A's, without B's draft */
	assert_true(appr.partial);                                 /* B did not count */
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_RETURN, "city", 1200, "sai", &to, &e), 0);
	assert_false(kt01_of_city(f->s, true).has_value); /* returned: out again */
	assert_true(kt01_of_city(f->s, false).value == NUM_INT(100));
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1300, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_APPROVE, "city", 1400, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_ACCEPT, "province", 1500, "", &to, &e), 0);
	assert_true(kt01_of_city(f->s, true).value == NUM_INT(90)); /* accepted counts too */
}


/* The setting's text: codes or labels, spaces, "none"; bad types named. */
static void test_accept_types_parse_and_format(void **state)
{
	(void)state;
	unsigned t = 99;
	err e;
	assert_int_equal(approval_accept_parse("ward, xã", &t, &e), 0);
	assert_int_equal(t, (1u << UNIT_WARD) | (1u << UNIT_COMMUNE));
	buf b;
	buf_init(&b, 0);
	assert_int_equal(approval_accept_format(&b, t), 0);
	assert_string_equal(buf_cstr(&b), "ward,commune");
	buf_free(&b);
	assert_int_equal(approval_accept_parse("", &t, &e), 0);
	assert_int_equal(t, 0);
	assert_int_equal(approval_accept_parse("none", &t, &e), 0);
	assert_int_equal(t, 0);
	assert_int_equal(approval_accept_parse("ward,planet", &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "planet"));
	assert_int_equal(approval_accept_parse("none,ward", &t, &e), ERR_INVALID);
	/* final: accepted always; approved only where acceptance is not asked for */
	unsigned wards = 1u << UNIT_WARD;
	assert_true(appr_final(APPR_APPROVED, UNIT_WARD, 0));
	assert_false(appr_final(APPR_APPROVED, UNIT_WARD, wards));
	assert_true(appr_final(APPR_APPROVED, UNIT_CITY, wards));
	assert_true(appr_final(APPR_ACCEPTED, UNIT_WARD, wards));
	assert_false(appr_final(APPR_SUBMITTED, UNIT_CITY, 0));
	assert_false(appr_final_code("nonsense", UNIT_CITY, 0));
}

/* Wards must be accepted: A's approved June is out of the approved figures
 * and blocks the city's approval until accepted; B's draft never blocks. */
static void test_required_acceptance_holds_back_and_blocks(void **state)
{
	fixture *f = *state;
	err e;
	appr_state to;
	period jun = period_month(2022, 6);
	unsigned t = 0;
	assert_int_equal(approval_accept_get(f->s, &t, &e), 0);
	assert_int_equal(t, 0); /* none by default */
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_SUBMIT, "ward", 1000, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_APPROVE, "city", 1100, "", &to, &e), 0);
	assert_true(kt01_of_city(f->s, true).has_value);
	assert_int_equal(approval_accept_set(f->s, 1u << UNIT_WARD, &e), 0);
	assert_int_equal(approval_accept_get(f->s, &t, &e), 0);
	assert_int_equal(t, 1u << UNIT_WARD);
	assert_false(kt01_of_city(f->s, true).has_value); /* approved, not yet accepted */
	approval_child *ch = NULL;
	size_t nch = 0;
	assert_int_equal(approval_children(f->s, "058", &jun, &ch, &nch, &e), 0);
	assert_int_equal(nch, 1);
	assert_string_equal(ch[0].u.code, "A");
	assert_int_equal(ch[0].state, APPR_APPROVED);
	assert_false(ch[0].final);
	assert_true(ch[0].accept_due);
	free(ch);
	period jul0 = period_month(2022, 7);
	assert_int_equal(approval_children(f->s, "058", &jul0, &ch, &nch, &e), 0);
	assert_true(nch == 1 && ch[0].state == APPR_DRAFT && !ch[0].final); /* another month: nothing yet */
	free(ch);
	assert_int_equal(approval_children(f->s, "NOPE", &jun, &ch, &nch, &e), ERR_NOTFOUND);
	assert_int_equal(approval_act(f->s, "058", &jun, NULL, APPR_SUBMIT, "city", 1200, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "058", &jun, NULL, APPR_APPROVE, "province", 1300, "", &to, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "phường"));
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_ACCEPT, "province", 1400, "", &to, &e), 0);
	eval_row r = kt01_of_city(f->s, true);
	assert_true(r.has_value && r.value == NUM_INT(90));
	assert_int_equal(approval_act(f->s, "058", &jun, NULL, APPR_APPROVE, "province", 1500, "", &to, &e), 0);
	/* cities are not asked: another month of the city is approved without waiting */
	period jul = period_month(2022, 7);
	assert_int_equal(approval_act(f->s, "058", &jul, NULL, APPR_SUBMIT, "city", 1600, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "058", &jul, NULL, APPR_APPROVE, "province", 1700, "", &to, &e), 0);
}

/* Agencies KT and TCKH, an indicator of each and one of none, with June 2022 values at the city 058. */
static void put_agencies(store *s, indicator *k1, indicator *t1, indicator *n1)
{
	err e;
	agency a = {0, "KT", "Phòng Kinh tế"};
	if (store_agency_put(s, &a, &e) != 0)
		fail_msg("store_agency_put: %s", e.msg);
	agency b = {0, "TCKH", "Phòng Tài chính - Kế hoạch"};
	if (store_agency_put(s, &b, &e) != 0)
		fail_msg("store_agency_put: %s", e.msg);
	*k1 = tl_make_ind("K1", NULL, FREQ_MONTH, IND_FLOW, 1);
	snprintf(k1->agency_code, sizeof k1->agency_code, "KT");
	*t1 = tl_make_ind("T1", NULL, FREQ_MONTH, IND_FLOW, 1);
	snprintf(t1->agency_code, sizeof t1->agency_code, "TCKH");
	*n1 = tl_make_ind("N1", NULL, FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(s, k1);
	tl_put_ind(s, t1);
	tl_put_ind(s, n1);
	period jun = period_month(2022, 6);
	put(s, "K1", "058", jun, NUM_INT(90));
	put(s, "T1", "058", jun, NUM_INT(10));
	put(s, "N1", "058", jun, NUM_INT(5));
}

static int count_state(void *ctx, int64_t unit_id, int month, const char *state)
{
	(void)unit_id;
	(void)month;
	(void)state;
	(*(int *)ctx)++;
	return 0;
}

/* The whole units' states of 2022 of unit_code that are not draft (what completeness counts). */
static int whole_unit_states(store *s, const char *unit_code)
{
	unit u;
	err e;
	int n = 0;
	if (store_unit_get(s, unit_code, &u, &e) != 0)
		fail_msg("store_unit_get: %s", e.msg);
	if (store_approval_states(s, &u.id, 1, 2022, count_state, &n, &e) != 0)
		fail_msg("store_approval_states: %s", e.msg);
	return n;
}

/* store_approval_keys' answer as "PERIOD/AGENCY|": appends each key to the buf ctx. */
static int collect_key(void *ctx, const char *period_code, const char *agency_code, err *e)
{
	(void)e;
	buf_printf(ctx, "%s/%s|", period_code, agency_code);
	return 0;
}

static void test_an_agency_part_locks_its_own_indicators(void **state)
{
	fixture *f = *state;
	err e;
	appr_state to;
	approval_status st;
	period jun = period_month(2022, 6), may = period_month(2022, 5);
	indicator k1, t1, n1;
	put_agencies(f->s, &k1, &t1, &n1);
	/* KT submits its part: its indicator is read-only, the others are not */
	assert_int_equal(approval_act(f->s, "058", &jun, "KT", APPR_SUBMIT, "kt1", 1000, "", &to, &e), 0);
	assert_int_equal(to, APPR_SUBMITTED);
	assert_int_equal(approval_write_check(f->s, "058", &jun, &k1, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "của cơ quan KT tại đơn vị 058 đã nộp"));
	assert_int_equal(approval_write_check(f->s, "058", &jun, &t1, &e), 0);
	assert_int_equal(approval_write_check(f->s, "058", &jun, &n1, &e), 0);
	assert_int_equal(approval_write_check(f->s, "058", &jun, NULL, &e), 0);
	assert_int_equal(approval_write_check(f->s, "058", &may, &k1, &e), 0);
	assert_int_equal(approval_write_check(f->s, "A", &jun, &k1, &e), 0);
	assert_int_equal(approval_get(f->s, "058", &jun, NULL, &st, &e), 0);
	assert_int_equal(st.state, APPR_DRAFT);
	assert_int_equal(approval_get(f->s, "058", &jun, "TCKH", &st, &e), 0);
	assert_int_equal(st.state, APPR_DRAFT);
	assert_int_equal(approval_get(f->s, "058", &jun, "KT", &st, &e), 0);
	assert_int_equal(st.state, APPR_SUBMITTED);
	assert_string_equal(st.row.agency_code, "KT");
	assert_int_equal(whole_unit_states(f->s, "058"), 0); /* who has reported: whole units only */
	/* the bulk import's hint: the one row, KT's part of June; none for the ward */
	buf kb;
	buf_init(&kb, 64);
	assert_int_equal(store_approval_keys(f->s, "058", collect_key, &kb, &e), 0);
	assert_string_equal(buf_cstr(&kb), "202206/KT|");
	buf_reset(&kb);
	assert_int_equal(store_approval_keys(f->s, "A", collect_key, &kb, &e), 0);
	assert_string_equal(buf_cstr(&kb), "");
	buf_free(&kb);
	assert_int_equal(approval_act(f->s, "058", &jun, "KT", APPR_SUBMIT, "kt1", 1000, "", &to, &e), ERR_CONFLICT);
	/* TCKH's part goes its own way: approved while KT's is returned */
	assert_int_equal(approval_act(f->s, "058", &jun, "TCKH", APPR_SUBMIT, "tc1", 1100, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "058", &jun, "TCKH", APPR_APPROVE, "prov", 1200, "", &to, &e), 0);
	assert_int_equal(to, APPR_APPROVED);
	assert_int_equal(approval_act(f->s, "058", &jun, "KT", APPR_RETURN, "prov", 1300, "", &to, &e), ERR_INVALID);
	assert_int_equal(approval_act(f->s, "058", &jun, "KT", APPR_RETURN, "prov", 1300, "thiếu", &to, &e), 0);
	assert_int_equal(to, APPR_RETURNED);
	assert_int_equal(approval_write_check(f->s, "058", &jun, &k1, &e), 0);
	assert_int_equal(approval_write_check(f->s, "058", &jun, &t1, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "của cơ quan TCKH tại đơn vị 058 đã duyệt"));
	/* each part keeps its own steps */
	store_approval_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_approval_events(f->s, "058", &jun, "KT", &ev, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ev[1].comment, "thiếu");
	free(ev);
	assert_int_equal(store_approval_events(f->s, "058", &jun, "TCKH", &ev, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ev[1].to, "approved");
	free(ev);
	assert_int_equal(store_approval_events(f->s, "058", &jun, NULL, &ev, &n, &e), 0);
	assert_int_equal(n, 0);
	free(ev);
	/* the whole unit's lock still covers every indicator, KT's returned part too */
	assert_int_equal(approval_act(f->s, "058", &jun, NULL, APPR_SUBMIT, "city", 1400, "", &to, &e), 0);
	assert_int_equal(approval_write_check(f->s, "058", &jun, &k1, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "của đơn vị 058 đã nộp"));
	assert_int_equal(approval_write_check(f->s, "058", &jun, &n1, &e), ERR_CONFLICT);
	assert_int_equal(approval_write_check(f->s, "058", &jun, NULL, &e), ERR_CONFLICT);
	assert_int_equal(whole_unit_states(f->s, "058"), 1);
	/* an unknown agency */
	assert_int_equal(approval_get(f->s, "058", &jun, "ZZ", &st, &e), ERR_NOTFOUND);
	assert_int_equal(approval_act(f->s, "058", &jun, "ZZ", APPR_SUBMIT, "x", 1, "", &to, &e), ERR_NOTFOUND);
	/* JSON names the part and the whole unit's state */
	buf b;
	buf_init(&b, 0);
	assert_int_equal(approval_json(&b, f->s, "058", &jun, "KT", &e), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"agency\":\"KT\""));
	assert_non_null(strstr(buf_cstr(&b), "\"unit_state\":{\"state\":\"submitted\""));
	assert_non_null(strstr(buf_cstr(&b), "\"state\":\"returned\""));
	buf_free(&b);
}

/* A part's submit is blocked by errors in its own indicators only. */
static void test_an_agency_submit_checks_its_own_indicators(void **state)
{
	fixture *f = *state;
	err e;
	appr_state to;
	period jun = period_month(2022, 6);
	indicator k1, t1, n1;
	put_agencies(f->s, &k1, &t1, &n1);
	k1.has_max = true;
	k1.max = NUM_INT(50); /* below the city's 90 */
	tl_put_ind(f->s, &k1);
	assert_int_equal(approval_act(f->s, "058", &jun, "KT", APPR_SUBMIT, "kt1", 1000, "", &to, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "K1"));
	assert_int_equal(approval_act(f->s, "058", &jun, "TCKH", APPR_SUBMIT, "tc1", 1000, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "058", &jun, NULL, APPR_SUBMIT, "city", 1000, "", &to, &e), ERR_CONFLICT);
	put(f->s, "K1", "058", jun, NUM_INT(45));
	assert_int_equal(approval_act(f->s, "058", &jun, "KT", APPR_SUBMIT, "kt1", 1100, "", &to, &e), 0);
}

/* A database of schema 13 (approval keyed by unit and period) opened by
 * this build: its rows become the whole unit's, and parts start as draft. */
static void test_the_migration_keeps_rows_as_whole_unit(void **state)
{
	fixture *f = *state;
	err e;
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "DROP TABLE approval; DROP TABLE approval_event;"
		 "CREATE TABLE approval (unit_id BIGINT NOT NULL REFERENCES unit(id), period TEXT NOT NULL,"
		 " state TEXT NOT NULL, changed_by TEXT NOT NULL, changed_at BIGINT NOT NULL, comment TEXT NOT NULL,"
		 " PRIMARY KEY (unit_id, period));"
		 "CREATE TABLE approval_event (id %s, unit_id BIGINT NOT NULL REFERENCES unit(id),"
		 " period TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, by_user TEXT NOT NULL,"
		 " at BIGINT NOT NULL, comment TEXT NOT NULL);"
		 "CREATE INDEX approval_event_key ON approval_event(unit_id, period, id);"
		 "INSERT INTO approval (unit_id, period, state, changed_by, changed_at, comment)"
		 " SELECT id, '202206', 'approved', 'city', 20, '' FROM unit WHERE code = 'A';"
		 "INSERT INTO approval_event (unit_id, period, from_state, to_state, by_user, at, comment)"
		 " SELECT id, '202206', 'draft', 'submitted', 'ward', 10, '' FROM unit WHERE code = 'A';"
		 "INSERT INTO approval_event (unit_id, period, from_state, to_state, by_user, at, comment)"
		 " SELECT id, '202206', 'submitted', 'approved', 'city', 20, '' FROM unit WHERE code = 'A';"
		 "DROP TABLE notice_delivery; DROP TABLE notice; DROP TABLE notify_pref; DROP TABLE notify_config;"
		 "ALTER TABLE app_user DROP COLUMN email;" /* what step 15 made (notifications) */
		 "ALTER TABLE indicator DROP COLUMN synonyms;" /* what step 16 made (issue #19) */
		 "DROP TABLE exchange_map; DROP TABLE value_followup;" /* what step 17 made (issue #18) */
		 "DELETE FROM schema_version WHERE version > 13",
		 tl_pg() ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY");
	if (db_exec(f->s->db, sql, &e) != 0)
		fail_msg("back to schema 13: %s", e.msg);
	store_close(f->s);
	f->s = NULL;
	if (store_open(f->path, &f->s, &e) != 0)
		fail_msg("store_open: %s", e.msg);
	period jun = period_month(2022, 6);
	approval_status st;
	assert_int_equal(approval_get(f->s, "A", &jun, NULL, &st, &e), 0);
	assert_int_equal(st.state, APPR_APPROVED);
	assert_string_equal(st.row.by, "city");
	assert_int_equal(approval_write_check(f->s, "A", &jun, NULL, &e), ERR_CONFLICT);
	store_approval_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_approval_events(f->s, "A", &jun, NULL, &ev, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].by, "ward");
	free(ev);
	assert_int_equal(whole_unit_states(f->s, "A"), 1);
	/* a part is new: draft, and takes its steps beside the whole unit's row */
	indicator k1, t1, n1;
	put_agencies(f->s, &k1, &t1, &n1);
	appr_state to;
	assert_int_equal(approval_get(f->s, "058", &jun, "KT", &st, &e), 0);
	assert_int_equal(st.state, APPR_DRAFT);
	assert_int_equal(approval_act(f->s, "A", &jun, "KT", APPR_SUBMIT, "kt1", 30, "", &to, &e), 0);
	assert_int_equal(approval_act(f->s, "A", &jun, NULL, APPR_RETURN, "city", 40, "sai", &to, &e), 0);
	assert_int_equal(approval_get(f->s, "A", &jun, "KT", &st, &e), 0);
	assert_int_equal(st.state, APPR_SUBMITTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_fit_states),
		cmocka_unit_test_setup_teardown(test_the_way_up_with_a_blocked_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_approved_only_hides_months_not_approved, setup, teardown),
		cmocka_unit_test(test_accept_types_parse_and_format),
		cmocka_unit_test_setup_teardown(test_required_acceptance_holds_back_and_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_agency_part_locks_its_own_indicators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_agency_submit_checks_its_own_indicators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_migration_keeps_rows_as_whole_unit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
