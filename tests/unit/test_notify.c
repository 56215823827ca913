/*
 * test_notify.c - notifications (issue #15) on a real store, the same
 * assertions on SQLite and, with $CHITIEU_TEST_PG, on PostgreSQL: the email
 * check (no CR/LF or other header breaker), a new task's notices written in
 * its own transaction (each user of the lead and coordinating units once,
 * an email delivery only for a user with an address and email on, none for
 * a refused task), approval's returned and approved notices, a deadline
 * extended, progress reported (to the assigner), conclusions published, the
 * reminders of deadlines (once per deadline, overdue weekly, not for a done
 * or long-overdue task), quiet hours (the window, a postponed claim not
 * counted), the daily digest (due at 07:00 in Vietnam, one claim gathers
 * the user's due digest deliveries), the reminders of monthly entry (to
 * the units, and agencies' parts, not submitted, once), the outbox's
 * claim (a lease another claim respects, retaken after a kill, a stale
 * outcome ignored), the backoff, the configuration's checks, and a user's
 * notices read and marked (another user's refused).
 * Sending itself is tested black-box (tests/http/test_http_notify.sh).
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
#include "core/lock.h"
#include "core/notify.h"
#include "core/task_ops.h"
#include "notify/notify_send.h"
#include "store/store.h"
#include "testlib.h"

static cdate D(int y, int m, int d)
{
	cdate c = {y, m, d};
	return c;
}

/* A user of role `role` entering for unit (NULL: none), with an address. */
static int64_t put_user(store *s, const char *login, user_role role, const char *agency_code,
			const char *unit_code, const char *email)
{
	user_account u;
	err e;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "Người %s", login);
	snprintf(u.agency_code, sizeof u.agency_code, "%s", agency_code ? agency_code : "");
	snprintf(u.pw_hash, sizeof u.pw_hash, "$argon2id$test");
	u.role = role;
	u.active = true;
	if (store_user_put(s, &u, &e))
		fail_msg("store_user_put %s: %s", login, e.msg);
	if (unit_code) {
		user_scope sc;
		memset(&sc, 0, sizeof sc);
		snprintf(sc.unit_code, sizeof sc.unit_code, "%s", unit_code);
		sc.kind = SCOPE_ENTER;
		if (store_user_scopes_set(s, u.id, &sc, 1, &e))
			fail_msg("scopes %s: %s", login, e.msg);
	}
	if (email && store_user_email_set(s, u.id, email, &e))
		fail_msg("email %s: %s", login, e.msg);
	return u.id;
}

static int setup(void **state)
{
	if (tl_setup(state, "chitieu_notify"))
		return -1;
	tl_db *d = *state;
	store *s = d->s;
	cdate none = {0, 0, 0};
	err e;
	tl_put_unit(s, "06", "Bắc Kạn", "", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "058", "Bắc Kạn", "06", UNIT_CITY, none, none);
	tl_put_unit(s, "01837", "Sông Cầu", "058", UNIT_WARD, none, none);
	tl_put_unit(s, "01840", "Đức Xuân", "058", UNIT_WARD, none, none);
	tl_put_unit(s, "01843", "Phùng Chí Kiên", "058", UNIT_WARD, none, none);
	agency a;
	memset(&a, 0, sizeof a);
	snprintf(a.code, sizeof a.code, "TCKH");
	snprintf(a.name, sizeof a.name, "Phòng Tài chính - Kế hoạch");
	if (store_agency_put(s, &a, &e))
		fail_msg("agency: %s", e.msg);
	indicator ind = tl_make_ind("KT01", "Thu ngân sách nhà nước trên địa bàn", FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(s, &ind);
	put_user(s, "ward1", ROLE_WARD, NULL, "01837", "ward1@backan.gov.vn");
	put_user(s, "ward2", ROLE_WARD, NULL, "01837", NULL);
	put_user(s, "both", ROLE_WARD, NULL, "01840", "both@backan.gov.vn");
	put_user(s, "other", ROLE_WARD, NULL, "01843", "other@backan.gov.vn");
	put_user(s, "tckh1", ROLE_DEPARTMENT, "TCKH", "058", "tckh1@backan.gov.vn");
	store_set_actor(s, "vanphong");
	store_set_now(s, 1657854000); /* 15/07/2022 10:00 in Hà Nội */
	return 0;
}

/* Counts the rows of SQL (a SELECT count(*) ...) on the test database at path. */
static long long count_sql(const char *path, const char *sql)
{
	db *conn = NULL;
	db_stmt *st = NULL;
	err e;
	assert_int_equal(db_open(path, 0, &conn, &e), 0);
	assert_int_equal(db_prepare(conn, sql, false, &st, NULL), 0);
	assert_int_equal(db_step(st), DB_ROW);
	long long n = db_col_int(st, 0);
	db_finalize(st);
	db_close(conn);
	return n;
}

static task city_task(const char *content)
{
	task t;
	memset(&t, 0, sizeof t);
	snprintf(t.content, sizeof t.content, "%s", content);
	snprintf(t.owner_unit, sizeof t.owner_unit, "058");
	snprintf(t.lead_unit, sizeof t.lead_unit, "01837");
	snprintf(t.coord_units[0], CODE_MAX, "01840");
	t.n_coord = 1;
	snprintf(t.assigned_by, sizeof t.assigned_by, "lanhdao");
	t.assigned_on = D(2022, 7, 15);
	t.due = D(2022, 7, 31);
	return t;
}

static void test_email_check_refuses_header_breakers(void **state)
{
	(void)state;
	err e;
	assert_int_equal(notify_email_check("", &e), 0);
	assert_int_equal(notify_email_check("vanphong@backan.gov.vn", &e), 0);
	assert_int_equal(notify_email_check("a.b+c_d-e@mail.backan.gov.vn", &e), 0);
	static const char *const bad[] = {
		"vanphong@backan.gov.vn\r\nBcc: all@x.vn", "a@b.vn\n", "a\r@b.vn", "khong-co-a-cong", "a@b",
		"a@@b.vn", "a@b@c.vn", "@b.vn", "a@.b.vn", "a@b.vn.", "a@b..vn", "a b@c.vn", "<a@c.vn>",
		"a@c.vn>", "\"a\"@c.vn", "Nguyễn@c.vn", "a@bắc.vn", "a,b@c.vn", "a;b@c.vn", "a@c_d.vn",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		if (notify_email_check(bad[i], &e) != ERR_INVALID)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(e.msg[0]);
	}
	char long_local[80];
	memset(long_local, 'a', 65);
	snprintf(long_local + 65, sizeof long_local - 65, "@b.vn");
	assert_int_equal(notify_email_check(long_local, &e), ERR_INVALID);
	assert_true(notify_header_safe("Thông báo: nhiệm vụ mới"));
	assert_false(notify_header_safe("a\r\nBcc: x"));
	assert_false(notify_header_safe("a\tb"));
}

static void test_task_assigned_queues_notices_in_its_transaction(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	task t = city_task("Sông Cầu: đôn đốc thu nợ thuế");
	assert_int_equal(task_put(s, &t, &e), 0);
	/* the lead ward's two users and the coordinating ward's one, no one else */
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice"), 3);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE u.login IN ('other', 'tckh1')"),
			 0);
	/* an email only where there is an address: ward1 and both, not ward2 */
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE channel = 'email'"
					    " AND state = 'pending' AND attempts = 0"),
			 2);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE address = ''"), 0);

	/* the words: subject, content, lead, deadline, link */
	store_notice *n = NULL;
	size_t k = 0;
	int64_t unread = 0;
	user_account w1;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_string_equal(w1.email, "ward1@backan.gov.vn");
	assert_int_equal(store_notice_list(s, w1.id, false, 10, &n, &k, &unread, &e), 0);
	assert_int_equal(k, 1);
	assert_int_equal(unread, 1);
	assert_string_equal(n[0].kind, NOTIFY_KIND_TASK_ASSIGNED);
	assert_string_equal(n[0].subject, "Nhiệm vụ mới: Sông Cầu: đôn đốc thu nợ thuế");
	assert_non_null(strstr(n[0].body, "Nội dung: Sông Cầu: đôn đốc thu nợ thuế"));
	assert_non_null(strstr(n[0].body, "Đơn vị chủ trì: Sông Cầu (01837)"));
	assert_non_null(strstr(n[0].body, "Đơn vị phối hợp: Đức Xuân (01840)"));
	assert_non_null(strstr(n[0].body, "Hạn hoàn thành: 31/07/2022"));
	char link[64];
	snprintf(link, sizeof link, "/#/task?id=%lld", (long long)t.id);
	assert_string_equal(n[0].link, link);
	free(n);

	/* an edit of the task queues nothing more */
	t.priority = TASK_PRIO_HIGH;
	assert_int_equal(task_put(s, &t, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice"), 3);

	/* a refused task (deadline before the assignment) leaves no notice behind */
	task bad = city_task("Việc có hạn sai");
	bad.due = D(2022, 7, 1);
	assert_int_not_equal(task_put(s, &bad, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice"), 3);

	/* a user of both the lead and a coordinating unit hears once; an agency's users hear too */
	task t2 = city_task("Phối hợp rà soát nguồn thu");
	snprintf(t2.lead_unit, sizeof t2.lead_unit, "01840");
	snprintf(t2.coord_units[0], CODE_MAX, "01840");
	t2.n_coord = 0;
	snprintf(t2.coord_agencies[0], CODE_MAX, "TCKH");
	t2.n_coord_agencies = 1;
	assert_int_equal(task_put(s, &t2, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE u.login = 'both'"),
			 2);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE u.login = 'tckh1'"),
			 1);

	/* email off (the unsubscribe switch): the in-app notice stays, no email */
	user_account o;
	assert_int_equal(store_user_get(s, "other", &o, &e), 0);
	assert_int_equal(store_notify_pref_set(s, o.id, false, true, &e), 0);
	task t3 = city_task("Phùng Chí Kiên: chỉnh trang đô thị");
	snprintf(t3.lead_unit, sizeof t3.lead_unit, "01843");
	t3.n_coord = 0;
	assert_int_equal(task_put(s, &t3, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE u.login = 'other'"),
			 1);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE address = 'other@backan.gov.vn'"),
			 0);
}

static void test_webhook_deliveries_only_when_configured(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	task t = city_task("Việc không có webhook");
	assert_int_equal(task_put(s, &t, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE channel = 'webhook'"), 0);
	assert_int_equal(notify_config_set(s, "webhook_url", "https://cau-noi.example/zalo", &e), 0);
	task t2 = city_task("Việc có webhook");
	assert_int_equal(task_put(s, &t2, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE channel = 'webhook'"), 3);
	/* with only the webhook configured, the emails wait untried */
	store_delivery c;
	bool found = false;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_delivery_claim(s, 2000000000, 10, STORE_CH_WEBHOOK, &c, &found, &e), 0);
		assert_true(found);
		assert_string_equal(c.channel, "webhook");
	}
	assert_int_equal(store_delivery_claim(s, 2000000000, 10, STORE_CH_WEBHOOK, &c, &found, &e), 0);
	assert_false(found);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE channel = 'email' AND attempts = 0"),
			 4);
}

static void test_approval_returned_and_approved_notify_the_unit(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	period m;
	appr_state to;
	assert_int_equal(period_parse("202206", &m, &e), 0);
	assert_int_equal(approval_act(s, "01837", &m, NULL, APPR_SUBMIT, "ward1", 0, "", &to, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice"), 0); /* a submit tells no one */
	assert_int_equal(approval_act(s, "01837", &m, NULL, APPR_RETURN, "lanhdao", 0, "thiếu số khách du lịch", &to, &e),
			 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'data_returned'"), 2);
	user_account w1;
	store_notice *n = NULL;
	size_t k = 0;
	int64_t unread = 0;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_int_equal(store_notice_list(s, w1.id, true, 10, &n, &k, &unread, &e), 0);
	assert_int_equal(k, 1);
	assert_string_equal(n[0].subject, "Số liệu tháng 6/2022 của 01837 bị trả lại");
	assert_non_null(strstr(n[0].body, "Lý do: thiếu số khách du lịch"));
	assert_string_equal(n[0].link, "/#/entry?unit=01837&period=202206");
	free(n);
	assert_int_equal(approval_act(s, "01837", &m, NULL, APPR_SUBMIT, "ward1", 0, "", &to, &e), 0);
	assert_int_equal(approval_act(s, "01837", &m, NULL, APPR_APPROVE, "lanhdao", 0, "", &to, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'data_approved'"), 2);
	/* a refused step (approving twice) writes no notice */
	assert_int_not_equal(approval_act(s, "01837", &m, NULL, APPR_APPROVE, "lanhdao", 0, "", &to, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice"), 4);
}

static void test_claim_leases_and_outcomes_follow_the_attempt(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	task t = city_task("Một việc");
	snprintf(t.coord_units[0], CODE_MAX, "01843");
	assert_int_equal(task_put(s, &t, &e), 0); /* ward1 and other: two emails */
	int64_t now = 2000000000;
	store_delivery a, b, c;
	bool found = false;
	assert_int_equal(store_delivery_claim(s, now, 10, STORE_CH_ALL, &a, &found, &e), 0);
	assert_true(found);
	assert_string_equal(a.state, "sending");
	assert_int_equal(a.attempts, 1);
	assert_string_equal(a.channel, "email");
	assert_true(a.notice.id > 0);
	assert_true(a.notice.subject[0]);
	assert_int_equal(store_delivery_claim(s, now + 5, 10, STORE_CH_ALL, &b, &found, &e), 0);
	assert_true(found);
	assert_true(b.id != a.id); /* the leased one is not taken twice */
	assert_int_equal(store_delivery_claim(s, now + 5, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_false(found); /* both leased */
	/* a's worker "dies": its lease ends, a is taken again as attempt 2 (b is still leased) */
	assert_int_equal(store_delivery_claim(s, now + 11, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_true(found);
	assert_int_equal(c.id, a.id);
	assert_int_equal(c.attempts, 2);
	/* the first claim's late outcome is ignored; the current one counts */
	assert_int_equal(store_delivery_done(s, a.id, 1, now + 12, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE state = 'sent'"), 0);
	assert_int_equal(store_delivery_done(s, c.id, 2, now + 12, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE state = 'sent'"), 1);
	/* a sent delivery is never claimed again */
	assert_int_equal(store_delivery_claim(s, now + 1000, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_true(found);
	assert_int_equal(c.id, b.id); /* b's lease ended too */
	/* a failed try: pending with the reply until the retry time, then failed for good */
	assert_int_equal(store_delivery_retry(s, b.id, c.attempts, now + 2000, "550 hộp thư không có", false, &e), 0);
	assert_int_equal(store_delivery_claim(s, now + 1999, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_false(found);
	assert_int_equal(store_delivery_claim(s, now + 2000, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_true(found);
	assert_int_equal(c.id, b.id);
	assert_string_equal(c.last_error, "550 hộp thư không có");
	char big[2000];
	memset(big, 0, sizeof big);
	for (size_t i = 0; i + 3 < sizeof big - 1; i += 3)
		memcpy(big + i, "ộ", 3); /* a reply longer than the column, cut on a character */
	assert_int_equal(store_delivery_retry(s, b.id, c.attempts, now + 3000, big, true, &e), 0);
	assert_int_equal(store_delivery_claim(s, now + 100000, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_false(found);
	store_delivery *log = NULL;
	size_t n = 0;
	assert_int_equal(store_delivery_list(s, 10, &log, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(log[0].state, "failed"); /* newest first: b was queued after a */
	assert_string_equal(log[1].state, "sent");
	assert_true(strlen(log[0].last_error) > 400 && strlen(log[0].last_error) % 3 == 0);
	free(log);
}

static void test_backoff_doubles_up_to_six_hours(void **state)
{
	(void)state;
	notify_config c;
	memset(&c, 0, sizeof c);
	c.backoff = 60;
	assert_int_equal(notify_backoff(&c, 1), 60);
	assert_int_equal(notify_backoff(&c, 2), 120);
	assert_int_equal(notify_backoff(&c, 5), 960);
	assert_int_equal(notify_backoff(&c, 30), NOTIFY_MAX_BACKOFF);
	c.backoff = 0;
	assert_int_equal(notify_backoff(&c, 1), 60);
}

static void test_config_checks_and_hides_secrets(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	assert_int_equal(notify_config_set(s, "webhook_url", "ftp://x.example/y", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "webhook_url", "file:///etc/passwd", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "webhook_url", "http://a.example/x\r\nX: y", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "smtp_url", "http://mail.example", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "from", "a@b.vn\nBcc: c@d.vn", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "webhook_secret", "ngan", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "backoff", "0", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "nothing", "x", &e), ERR_INVALID);
	assert_int_equal(notify_config_set(s, "smtp_url", "smtps://nguoi:MatKhau99@mail.backan.gov.vn:465", &e), 0);
	assert_int_equal(notify_config_set(s, "from", "chitieu@backan.gov.vn", &e), 0);
	assert_int_equal(notify_config_set(s, "backoff", "5", &e), 0);
	notify_config c;
	assert_int_equal(notify_config_load(s, &c, &e), 0);
	assert_int_equal(c.backoff, 5);
	assert_int_equal(c.timeout, 30);
	char safe[300];
	notify_url_safe(c.smtp_url, safe, sizeof safe);
	assert_string_equal(safe, "smtps://mail.backan.gov.vn:465");
	assert_int_equal(notify_config_set(s, "backoff", "", &e), 0); /* removed: the default again */
	assert_int_equal(notify_config_load(s, &c, &e), 0);
	assert_int_equal(c.backoff, 60);
}

static void test_notices_are_read_by_their_user_only(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	task t = city_task("Việc để đọc");
	assert_int_equal(task_put(s, &t, &e), 0);
	user_account w1, w2;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_int_equal(store_user_get(s, "ward2", &w2, &e), 0);
	store_notice *n = NULL;
	size_t k = 0;
	int64_t unread = 0;
	assert_int_equal(store_notice_list(s, w1.id, false, 10, &n, &k, &unread, &e), 0);
	int64_t id = n[0].id;
	free(n);
	assert_int_equal(store_notice_read(s, w2.id, id, 100, &e), ERR_NOTFOUND);
	assert_int_equal(store_notice_read(s, w1.id, id, 100, &e), 0);
	assert_int_equal(store_notice_list(s, w1.id, false, 10, &n, &k, &unread, &e), 0);
	assert_int_equal(unread, 0);
	assert_int_equal(n[0].read_at, 100);
	free(n);
	assert_int_equal(store_notice_read(s, w1.id, id, 200, &e), 0); /* again: the first time stays */
	assert_int_equal(store_notice_list(s, w2.id, false, 10, &n, &k, &unread, &e), 0);
	assert_int_equal(unread, 1);
	free(n);
	assert_int_equal(store_notice_read(s, w2.id, 0, 300, &e), 0);
	assert_int_equal(store_notice_list(s, w2.id, true, 10, &n, &k, &unread, &e), 0);
	assert_int_equal(unread, 0);
	assert_int_equal(k, 0);
	free(n);
}

static void test_extend_progress_and_conclusions_notify(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	put_user(s, "lanhdao", ROLE_LEADER, NULL, NULL, "lanhdao@backan.gov.vn");
	task t = city_task("Chỉnh trang vỉa hè");
	assert_int_equal(task_put(s, &t, &e), 0); /* 3 notices */
	assert_int_equal(task_extend(s, t.id, D(2022, 8, 31), "chờ kinh phí", &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'task_extended'"), 3);
	user_account w1;
	store_notice *n = NULL;
	size_t k = 0;
	int64_t unread = 0;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_int_equal(store_notice_list(s, w1.id, false, 1, &n, &k, &unread, &e), 0);
	assert_non_null(strstr(n[0].body, "gia hạn từ 31/07/2022 đến 31/08/2022"));
	assert_non_null(strstr(n[0].body, "Lý do: chờ kinh phí"));
	assert_non_null(strstr(n[0].body, "Hạn hoàn thành: 31/08/2022"));
	free(n);
	/* a refused extension (earlier than the deadline) tells no one */
	assert_int_not_equal(task_extend(s, t.id, D(2022, 8, 1), "lùi", &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'task_extended'"), 3);

	/* progress: the assigner hears, with an email */
	task_progress p;
	memset(&p, 0, sizeof p);
	p.task_id = t.id;
	snprintf(p.lead_code, sizeof p.lead_code, "01837");
	snprintf(p.text, sizeof p.text, "Đã lát xong 200 m");
	p.percent = 40;
	p.date = D(2022, 7, 15);
	assert_int_equal(task_progress_add(s, &p, NULL, 0, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE n.kind = 'task_progress' AND u.login = 'lanhdao'"),
			 1);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE address = 'lanhdao@backan.gov.vn'"),
			 1);

	/* conclusions published: the attending units' users, once; editing them again tells no one */
	meeting m;
	memset(&m, 0, sizeof m);
	m.kind = MEETING_MONTHLY;
	snprintf(m.title, sizeof m.title, "Giao ban tháng 7/2022");
	m.date = D(2022, 7, 15);
	m.time_min = -1;
	snprintf(m.unit_code, sizeof m.unit_code, "058");
	snprintf(m.units[0], CODE_MAX, "01837");
	snprintf(m.units[1], CODE_MAX, "01843");
	m.n_units = 2;
	assert_int_equal(meeting_put(s, &m, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'meeting_conclusions'"), 0);
	snprintf(m.conclusions, sizeof m.conclusions, "Tập trung thu ngân sách 6 tháng cuối năm.");
	assert_int_equal(meeting_put(s, &m, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'meeting_conclusions'"), 3);
	snprintf(m.conclusions, sizeof m.conclusions, "Tập trung thu ngân sách và đầu tư công 6 tháng cuối năm.");
	assert_int_equal(meeting_put(s, &m, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'meeting_conclusions'"), 3);
}

static void test_reminders_are_written_once_then_weekly(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	int q = 0;
	task t = city_task("Nộp báo cáo quý");
	t.due = D(2022, 7, 20);
	assert_int_equal(task_put(s, &t, &e), 0);
	task far = city_task("Việc còn xa");
	far.due = D(2022, 12, 31);
	assert_int_equal(task_put(s, &far, &e), 0);
	/* 16/07: nothing due within 3 days */
	assert_int_equal(notify_task_reminders(s, D(2022, 7, 16), 3, &q, &e), 0);
	assert_int_equal(q, 0);
	/* 17/07: 3 days left, to the lead's two users only (not the coordinating ward) */
	assert_int_equal(notify_task_reminders(s, D(2022, 7, 17), 3, &q, &e), 0);
	assert_int_equal(q, 2);
	assert_int_equal(notify_task_reminders(s, D(2022, 7, 18), 3, &q, &e), 0);
	assert_int_equal(q, 0); /* once per deadline */
	/* overdue: the day after, then once a week */
	assert_int_equal(notify_task_reminders(s, D(2022, 7, 21), 3, &q, &e), 0);
	assert_int_equal(q, 2);
	assert_int_equal(notify_task_reminders(s, D(2022, 7, 27), 3, &q, &e), 0);
	assert_int_equal(q, 0);
	assert_int_equal(notify_task_reminders(s, D(2022, 7, 28), 3, &q, &e), 0);
	assert_int_equal(q, 2);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice WHERE kind = 'task_overdue'"), 4);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE n.kind IN ('task_overdue', 'task_due_soon') AND u.login = 'both'"),
			 0);
	user_account w1;
	store_notice *n = NULL;
	size_t k = 0;
	int64_t unread = 0;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_int_equal(store_notice_list(s, w1.id, false, 1, &n, &k, &unread, &e), 0);
	assert_string_equal(n[0].kind, NOTIFY_KIND_TASK_OVERDUE);
	assert_non_null(strstr(n[0].body, "đã quá hạn 8 ngày (hạn 20/07/2022)"));
	free(n);
	/* long overdue: no more after NOTIFY_OVERDUE_WEEKS weeks */
	assert_int_equal(notify_task_reminders(s, D(2023, 6, 1), 3, &q, &e), 0); /* both tasks over 12 weeks late */
	assert_int_equal(q, 0);
	/* a done task is not reminded */
	task_progress p;
	memset(&p, 0, sizeof p);
	p.task_id = t.id;
	snprintf(p.lead_code, sizeof p.lead_code, "01837");
	snprintf(p.text, sizeof p.text, "Đã nộp");
	p.percent = 100;
	p.done = true;
	p.date = D(2022, 7, 15);
	assert_int_equal(task_progress_add(s, &p, NULL, 0, &e), 0);
	assert_int_equal(notify_task_reminders(s, D(2022, 8, 5), 3, &q, &e), 0);
	assert_int_equal(q, 0);
}

static void test_quiet_hours_hold_deliveries_until_they_end(void **state)
{
	(void)state;
	err e;
	int f = -1, t = -1;
	assert_int_equal(notify_quiet_parse("22:00-06:00", &f, &t, &e), 0);
	assert_int_equal(f, 22 * 60);
	assert_int_equal(t, 6 * 60);
	assert_int_equal(notify_quiet_parse("off", &f, &t, &e), 0);
	assert_int_equal(f, t);
	static const char *const bad[] = {"22-06", "25:00-06:00", "22:00-22:00", "22:00", "22:00-6:00", "a"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(notify_quiet_parse(bad[i], &f, &t, &e), ERR_INVALID);
	/* 15/07/2022 in Vietnam (UTC+7): 00:00 is 1657818000 */
	const int64_t day = 1657818000;
	assert_int_equal(notify_quiet_until(22 * 60, 6 * 60, day + 12 * 3600), 0);                   /* noon */
	assert_int_equal(notify_quiet_until(22 * 60, 6 * 60, day + 23 * 3600), day + 86400 + 6 * 3600); /* 23:00 */
	assert_int_equal(notify_quiet_until(22 * 60, 6 * 60, day + 2 * 3600), day + 6 * 3600);        /* 02:00 */
	assert_int_equal(notify_quiet_until(22 * 60, 6 * 60, day + 6 * 3600), 0);                    /* 06:00: over */
	assert_int_equal(notify_quiet_until(12 * 60, 13 * 60 + 30, day + 12 * 3600 + 60), day + 13 * 3600 + 1800);
	assert_int_equal(notify_quiet_until(0, 0, day + 12 * 3600), 0); /* none */
}

static void test_postpone_gives_the_claim_back_uncounted(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	user_account o;
	assert_int_equal(store_user_get(s, "other", &o, &e), 0);
	assert_int_equal(store_notify_quiet_set(s, o.id, 22 * 60, 6 * 60, &e), 0);
	task t = city_task("Việc ban đêm");
	snprintf(t.lead_unit, sizeof t.lead_unit, "01843");
	t.n_coord = 0;
	assert_int_equal(task_put(s, &t, &e), 0);
	store_delivery c;
	bool found = false;
	assert_int_equal(store_delivery_claim(s, 2000000000, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_true(found);
	assert_int_equal(c.quiet_from, 22 * 60);
	assert_int_equal(c.quiet_to, 6 * 60);
	assert_int_equal(store_delivery_postpone(s, c.id, c.attempts, 2000003600, "giờ yên lặng", &e), 0);
	assert_int_equal(store_delivery_claim(s, 2000003599, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_false(found);
	assert_int_equal(store_delivery_claim(s, 2000003600, 10, STORE_CH_ALL, &c, &found, &e), 0);
	assert_true(found);
	assert_int_equal(c.attempts, 1); /* the postponed claim did not count */
	assert_int_equal(store_notify_quiet_set(s, o.id, 1440, 0, &e), ERR_INVALID);
}

static void test_digest_gathers_a_users_emails_once_a_day(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	/* 15/07/2022 10:00 in Vietnam: the next digest is 16/07 07:00 (00:00 UTC); at 06:00 it is today's */
	assert_int_equal(notify_digest_at(1657854000), 1657929600);
	assert_int_equal(notify_digest_at(1657839600), 1657843200);
	user_account w1;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_int_equal(store_notify_digest_set(s, w1.id, true, &e), 0);
	task t1 = city_task("Việc một");
	task t2 = city_task("Việc hai");
	assert_int_equal(task_put(s, &t1, &e), 0);
	assert_int_equal(task_put(s, &t2, &e), 0);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE channel = 'digest'"
					    " AND address = 'ward1@backan.gov.vn' AND next_at = 1657929600"),
			 2);
	/* "both" (no digest) has its two emails at once */
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice_delivery WHERE channel = 'email'"
					    " AND address = 'both@backan.gov.vn' AND next_at = 1657854000"),
			 2);
	store_delivery first, *rest = NULL;
	bool found = false;
	size_t n = 0;
	int64_t later = 1657929600;
	/* the emails of "both" first (due earlier), then the digest */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(store_delivery_claim(s, later, 10, STORE_CH_ALL, &first, &found, &e), 0);
		assert_string_equal(first.channel, "email");
	}
	assert_int_equal(store_delivery_claim(s, later, 10, STORE_CH_ALL, &first, &found, &e), 0);
	assert_true(found);
	assert_string_equal(first.channel, "digest");
	assert_int_equal(store_delivery_claim_digest(s, &first, later, 10, 49, &rest, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rest[0].state, "sending");
	assert_int_equal(rest[0].attempts, 1);
	assert_true(rest[0].notice.id != first.notice.id);
	free(rest);
	/* all claimed: nothing left due */
	assert_int_equal(store_delivery_claim(s, later, 10, STORE_CH_ALL, &first, &found, &e), 0);
	assert_false(found);
	/* email not configured: the digest waits too */
	assert_int_equal(store_delivery_claim(s, later + 100, 10, STORE_CH_WEBHOOK, &first, &found, &e), 0);
	assert_false(found);
}

static void test_entry_reminders_go_to_units_that_have_not_submitted(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	err e;
	int q = 0;
	lock_config cfg;
	assert_int_equal(lock_config_load(s, &cfg, &e), 0);
	period jun = period_month(2022, 6);
	cdate dl = lock_deadline(&jun, &cfg);
	cdate before = cdate_from_days(cdate_to_days(dl) - 3), far = cdate_from_days(cdate_to_days(dl) - 10);
	appr_state to;
	/* 01840 submits June; 01837 and 01843 have not */
	assert_int_equal(approval_act(s, "01840", &jun, NULL, APPR_SUBMIT, "both", 0, "", &to, &e), 0);
	assert_int_equal(notify_entry_reminders(s, far, 3, &q, &e), 0);
	assert_int_equal(q, 0); /* ten days before: not yet */
	assert_int_equal(notify_entry_reminders(s, before, 3, &q, &e), 0);
	/* ward1, ward2 (01837), other (01843); not "both" (submitted); tckh1: TCKH's part at 058 */
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE n.kind = 'entry_due' AND n.ref LIKE 'entry:%:202206'"
					    " AND u.login IN ('ward1', 'ward2', 'other', 'tckh1')"),
			 4);
	assert_int_equal(q, 4);
	assert_int_equal(count_sql(d->path, "SELECT count(*) FROM notice n JOIN app_user u ON u.id = n.user_id"
					    " WHERE n.kind = 'entry_due' AND u.login = 'both'"),
			 0);
	assert_int_equal(notify_entry_reminders(s, dl, 3, &q, &e), 0);
	assert_int_equal(q, 0); /* once per unit and month */
	user_account w1;
	store_notice *n = NULL;
	size_t k = 0;
	int64_t unread = 0;
	assert_int_equal(store_user_get(s, "ward1", &w1, &e), 0);
	assert_int_equal(store_notice_list(s, w1.id, false, 1, &n, &k, &unread, &e), 0);
	assert_string_equal(n[0].subject, "Sắp đến hạn gửi số liệu tháng 6/2022");
	assert_string_equal(n[0].link, "/#/entry?unit=01837&period=202206");
	assert_non_null(strstr(n[0].body, "chưa được nộp. Hạn nộp: "));
	free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_check_refuses_header_breakers),
		cmocka_unit_test_setup_teardown(test_task_assigned_queues_notices_in_its_transaction, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_webhook_deliveries_only_when_configured, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_approval_returned_and_approved_notify_the_unit, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_claim_leases_and_outcomes_follow_the_attempt, setup, tl_teardown),
		cmocka_unit_test(test_backoff_doubles_up_to_six_hours),
		cmocka_unit_test_setup_teardown(test_config_checks_and_hides_secrets, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_notices_are_read_by_their_user_only, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_extend_progress_and_conclusions_notify, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_reminders_are_written_once_then_weekly, setup, tl_teardown),
		cmocka_unit_test(test_quiet_hours_hold_deliveries_until_they_end),
		cmocka_unit_test_setup_teardown(test_postpone_gives_the_claim_back_uncounted, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_digest_gathers_a_users_emails_once_a_day, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(test_entry_reminders_go_to_units_that_have_not_submitted, setup, tl_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
