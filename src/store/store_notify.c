/*
 * store_notify.c - the rows of notifications (schema v15): notify_config
 * (the SMTP and webhook settings), notify_pref (a user's switches), the
 * users' email addresses, in-app notices (notice) and the outbox
 * (notice_delivery), with the claim that leases one delivery to a worker.
 *
 * Rows only, in SQL both engines accept: who is told of what, the messages'
 * words, the backoff and the sending live in src/core/notify*.c. The claim
 * is a compare-and-set on (state, attempts), so two workers (two servers on
 * one PostgreSQL, or a server and `chitieu notify run`) never hold the same
 * delivery at once.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_notify_config_get(store *s, const char *name, char *out, size_t n, bool *found, err *e)
{
	db_stmt *st = NULL;
	*found = false;
	if (n)
		out[0] = '\0';
	int rc = store_int_cached(s, "SELECT value FROM notify_config WHERE name = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, name);
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_int_col_text(st, 0, out, n);
		*found = true;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc cấu hình thông báo");
	}
	store_int_release(st);
	return rc;
}

int store_notify_config_set(store *s, const char *name, const char *val, err *e)
{
	if (!name[0] || strlen(name) >= 64 || (val && strlen(val) >= NOTIFY_VALUE_MAX))
		return err_set(e, ERR_INVALID, "cấu hình thông báo \"%.40s\": tên rỗng hoặc giá trị dài quá %d byte",
			       name, NOTIFY_VALUE_MAX - 1);
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       val ? "INSERT INTO notify_config (name, value) VALUES (?1, ?2)"
					     " ON CONFLICT (name) DO UPDATE SET value = excluded.value"
					   : "DELETE FROM notify_config WHERE name = ?1",
				       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, name);
	if (val)
		db_bind_text(st, 2, val);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được cấu hình thông báo");
	db_finalize(st);
	return rc;
}

/* One row of RECIPIENT_COLS into elem (a store_recipient); a store_int_collect reader. */
static int read_recipient(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_recipient *r = elem;
	(void)ctx;
	(void)e;
	r->user_id = db_col_int(st, 0);
	store_int_col_text(st, 1, r->login, sizeof r->login);
	store_int_col_text(st, 2, r->name, sizeof r->name);
	store_int_col_text(st, 3, r->email, sizeof r->email);
	r->email_on = db_col_null(st, 4) || db_col_int(st, 4) != 0;
	r->webhook_on = db_col_null(st, 5) || db_col_int(st, 5) != 0;
	store_int_col_text(st, 6, r->unsub_token, sizeof r->unsub_token);
	r->quiet_from = (int)db_col_int(st, 7); /* NULL (no row) reads 0 */
	r->quiet_to = (int)db_col_int(st, 8);
	r->digest = db_col_int(st, 9) != 0;
	store_int_col_text(st, 10, r->agency_code, sizeof r->agency_code);
	return 0;
}

#define RECIPIENT_COLS                                                                          \
	"SELECT u.id, u.login, u.name, u.email, p.email_on, p.webhook_on, COALESCE(p.unsub_token, '')," \
	" COALESCE(p.quiet_from, 0), COALESCE(p.quiet_to, 0), COALESCE(p.digest, 0),"              \
	" COALESCE((SELECT g.code FROM agency g WHERE g.id = u.agency_id), '')"                    \
	" FROM app_user u LEFT JOIN notify_pref p ON p.user_id = u.id"

int store_notify_recipients(store *s, const char *unit_code, const char *agency_code, store_recipient **out,
			    size_t *n, err *e)
{
	int64_t unit_id = 0;
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	bool by_unit = unit_code && unit_code[0], by_agency = agency_code && agency_code[0];
	if (!by_unit && !by_agency)
		return 0;
	if (by_unit && (rc = store_int_unit_id(s, unit_code, &unit_id, e)))
		return rc;
	const char *sql =
		by_unit ? (by_agency ? RECIPIENT_COLS " JOIN agency a ON a.id = u.agency_id"
						      " WHERE u.active = 1 AND a.code = ?2 AND EXISTS (SELECT 1 FROM user_scope c"
						      " WHERE c.user_id = u.id AND c.unit_id = ?1 AND c.kind = 'enter')"
						      " ORDER BY u.login"
				     : RECIPIENT_COLS " WHERE u.active = 1 AND EXISTS (SELECT 1 FROM user_scope c"
						      " WHERE c.user_id = u.id AND c.unit_id = ?1 AND c.kind = 'enter')"
						      " ORDER BY u.login")
			: RECIPIENT_COLS " JOIN agency a ON a.id = u.agency_id WHERE u.active = 1 AND a.code = ?2"
					 " AND ?1 = 0 ORDER BY u.login";
	if ((rc = store_int_cached(s, sql, &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	if (by_agency)
		db_bind_text(st, 2, agency_code);
	rc = store_int_collect(s, st, sizeof **out, read_recipient, NULL, "người nhận thông báo", &arr, n, e);
	store_int_release(st);
	*out = arr;
	return rc;
}

/* One unit code into elem (a char[CODE_MAX]); a store_int_collect reader. */
static int read_code(db_stmt *st, void *elem, void *ctx, err *e)
{
	(void)ctx;
	(void)e;
	store_int_col_text(st, 0, elem, CODE_MAX);
	return 0;
}

int store_notify_enter_units(store *s, char (**out)[CODE_MAX], size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	*out = NULL;
	*n = 0;
	int rc = store_int_prepare(s,
				   "SELECT DISTINCT u.code FROM user_scope c JOIN unit u ON u.id = c.unit_id"
				   " JOIN app_user a ON a.id = c.user_id WHERE c.kind = 'enter' AND a.active = 1"
				   " ORDER BY u.code",
				   &st, e);
	if (rc)
		return rc;
	rc = store_int_collect(s, st, CODE_MAX, read_code, NULL, "đơn vị có người nhập", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

int store_notify_pref_get(store *s, int64_t user_id, store_recipient *out, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	int rc = store_int_prepare(s, RECIPIENT_COLS " WHERE u.id = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	rc = store_int_collect(s, st, sizeof *out, read_recipient, NULL, "người dùng", &arr, &n, e);
	db_finalize(st);
	if (!rc && !store_int_take_first(arr, n, sizeof *out, out))
		return err_set(e, ERR_NOTFOUND, "không có người dùng số %lld", (long long)user_id);
	if (rc)
		free(arr);
	return rc;
}

int store_notify_pref_set(store *s, int64_t user_id, bool email_on, bool webhook_on, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO notify_pref (user_id, email_on, webhook_on) VALUES (?1, ?2, ?3)"
				       " ON CONFLICT (user_id) DO UPDATE SET email_on = excluded.email_on,"
				       " webhook_on = excluded.webhook_on",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, email_on ? 1 : 0);
	db_bind_int(st, 3, webhook_on ? 1 : 0);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được lựa chọn nhận thông báo");
	db_finalize(st);
	return rc;
}

int store_notify_digest_set(store *s, int64_t user_id, bool digest, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO notify_pref (user_id, digest) VALUES (?1, ?2)"
				       " ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, digest ? 1 : 0);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được lựa chọn thư tổng hợp");
	db_finalize(st);
	return rc;
}

int store_notify_quiet_set(store *s, int64_t user_id, int quiet_from, int quiet_to, err *e)
{
	if (quiet_from < 0 || quiet_from > 1439 || quiet_to < 0 || quiet_to > 1439)
		return err_set(e, ERR_INVALID, "giờ yên lặng phải trong ngày (00:00 đến 23:59)");
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO notify_pref (user_id, quiet_from, quiet_to) VALUES (?1, ?2, ?3)"
				       " ON CONFLICT (user_id) DO UPDATE SET quiet_from = excluded.quiet_from,"
				       " quiet_to = excluded.quiet_to",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, quiet_from);
	db_bind_int(st, 3, quiet_to);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được giờ yên lặng");
	db_finalize(st);
	return rc;
}

int store_notify_unsub_token(store *s, int64_t user_id, const char *token, char *out_token, size_t n, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO notify_pref (user_id, unsub_token) VALUES (?1, ?2)"
				       " ON CONFLICT (user_id) DO UPDATE SET unsub_token = excluded.unsub_token"
				       " WHERE notify_pref.unsub_token = ''",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, token);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được khóa thôi nhận thư");
	db_finalize(st);
	st = NULL;
	if (rc || (rc = store_int_prepare(s, "SELECT unsub_token FROM notify_pref WHERE user_id = ?1", &st, e)))
		return rc;
	db_bind_int(st, 1, user_id);
	if (db_step(st) == DB_ROW)
		store_int_col_text(st, 0, out_token, n);
	else
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc khóa thôi nhận thư");
	db_finalize(st);
	return rc;
}

int store_notify_unsubscribe(store *s, const char *token, char *login, size_t n, err *e)
{
	if (n)
		login[0] = '\0';
	if (!token[0] || strlen(token) >= 72)
		return err_set(e, ERR_NOTFOUND, "liên kết thôi nhận thư không hợp lệ hoặc đã cũ");
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "UPDATE notify_pref SET email_on = 0 WHERE unsub_token = ?1 RETURNING user_id", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token);
	int64_t user_id = 0;
	rc = db_step(st);
	if (rc == DB_ROW) {
		user_id = db_col_int(st, 0);
		rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được lựa chọn nhận thông báo");
	} else if (rc == DB_DONE) {
		rc = err_set(e, ERR_NOTFOUND, "liên kết thôi nhận thư không hợp lệ hoặc đã cũ");
	} else {
		rc = store_int_dberr(s, e, "không ghi được lựa chọn nhận thông báo");
	}
	db_finalize(st);
	if (rc)
		return rc;
	user_account u;
	if (store_user_get_by_id(s, user_id, &u, e) == 0)
		snprintf(login, n, "%s", u.login);
	return 0;
}

int store_user_email_set(store *s, int64_t user_id, const char *email, err *e)
{
	if (strlen(email) >= EMAIL_MAX)
		return err_set(e, ERR_INVALID, "địa chỉ email dài quá %d byte", EMAIL_MAX - 1);
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s, "UPDATE app_user SET email = ?2 WHERE id = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, email);
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không ghi được địa chỉ email");
	else if (db_changes(s->db) != 1)
		rc = err_set(e, ERR_NOTFOUND, "không có người dùng số %lld", (long long)user_id);
	db_finalize(st);
	return rc;
}

int store_notice_add(store *s, store_notice *n, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_cached(s,
				       "INSERT INTO notice (user_id, kind, subject, body, link, created_at, ref)"
				       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, n->user_id);
	db_bind_text(st, 2, n->kind);
	db_bind_text(st, 3, n->subject);
	db_bind_text(st, 4, n->body);
	db_bind_text(st, 5, n->link);
	db_bind_int(st, 6, n->created_at);
	db_bind_text(st, 7, n->ref);
	if (db_step(st) == DB_ROW) {
		n->id = db_col_int(st, 0);
		rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được thông báo");
	} else {
		rc = store_int_dberr(s, e, "không ghi được thông báo");
	}
	store_int_release(st);
	return rc;
}

int store_notice_exists(store *s, int64_t user_id, const char *ref, bool *yes, err *e)
{
	db_stmt *st = NULL;
	*yes = false;
	int rc = store_int_cached(s, "SELECT 1 FROM notice WHERE ref = ?1 AND user_id = ?2", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, ref);
	db_bind_int(st, 2, user_id);
	rc = db_step(st);
	if (rc == DB_ROW || rc == DB_DONE) {
		*yes = rc == DB_ROW;
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc thông báo");
	}
	store_int_release(st);
	return rc;
}

int store_delivery_add(store *s, int64_t notice_id, const char *channel, const char *address, int64_t at, err *e)
{
	if (strlen(address) >= EMAIL_MAX || strlen(channel) >= 16)
		return err_set(e, ERR_INVALID, "địa chỉ nhận thông báo dài quá");
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_cached(s,
				       "INSERT INTO notice_delivery (notice_id, channel, address, state, next_at, created_at)"
				       " VALUES (?1, ?2, ?3, 'pending', ?4, ?4)",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, notice_id);
	db_bind_text(st, 2, channel);
	db_bind_text(st, 3, address);
	db_bind_int(st, 4, at);
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được hàng đợi gửi thông báo");
	store_int_release(st);
	return rc;
}

#define NOTICE_COLS "n.id, n.user_id, n.kind, n.subject, n.body, n.link, n.created_at, n.read_at, n.ref"

/* Reads the 9 columns of NOTICE_COLS from column c0 on. */
static void col_notice(db_stmt *st, int c0, store_notice *x)
{
	x->id = db_col_int(st, c0);
	x->user_id = db_col_int(st, c0 + 1);
	store_int_col_text(st, c0 + 2, x->kind, sizeof x->kind);
	store_int_col_text(st, c0 + 3, x->subject, sizeof x->subject);
	store_int_col_text(st, c0 + 4, x->body, sizeof x->body);
	store_int_col_text(st, c0 + 5, x->link, sizeof x->link);
	x->created_at = db_col_int(st, c0 + 6);
	x->read_at = db_col_int(st, c0 + 7);
	store_int_col_text(st, c0 + 8, x->ref, sizeof x->ref);
}

static int read_notice(db_stmt *st, void *elem, void *ctx, err *e)
{
	(void)ctx;
	(void)e;
	col_notice(st, 0, elem);
	return 0;
}

int store_notice_list(store *s, int64_t user_id, bool unread_only, int limit, store_notice **out, size_t *n,
		      int64_t *unread, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	*out = NULL;
	*n = 0;
	*unread = 0;
	bool mine = store_int_read_start(s);
	int rc = store_int_cached(s, "SELECT count(*) FROM notice WHERE user_id = ?1 AND read_at = 0", &st, e);
	if (rc)
		goto done;
	db_bind_int(st, 1, user_id);
	if (db_step(st) == DB_ROW)
		*unread = db_col_int(st, 0);
	else
		rc = store_int_dberr(s, e, "lỗi CSDL khi đếm thông báo chưa đọc");
	store_int_release(st);
	st = NULL;
	if (rc)
		goto done;
	if ((rc = store_int_prepare(s,
				    unread_only ? "SELECT " NOTICE_COLS " FROM notice n WHERE n.user_id = ?1"
						  " AND n.read_at = 0 ORDER BY n.id DESC LIMIT ?2"
						: "SELECT " NOTICE_COLS " FROM notice n WHERE n.user_id = ?1"
						  " ORDER BY n.id DESC LIMIT ?2",
				    &st, e)))
		goto done;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, limit > 0 ? limit : 50);
	rc = store_int_collect(s, st, sizeof **out, read_notice, NULL, "thông báo", &arr, n, e);
	db_finalize(st);
	*out = arr;
done:
	store_int_read_stop(s, mine);
	return rc;
}

int store_notice_read(store *s, int64_t user_id, int64_t id, int64_t at, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       id ? "UPDATE notice SET read_at = CASE WHEN read_at = 0 THEN ?3 ELSE read_at END"
					    " WHERE user_id = ?1 AND id = ?2"
					  : "UPDATE notice SET read_at = ?3 WHERE user_id = ?1 AND read_at = 0 AND ?2 = 0",
				       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, at);
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không ghi được trạng thái đã đọc");
	else if (id && db_changes(s->db) != 1)
		rc = err_set(e, ERR_NOTFOUND, "không có thông báo số %lld", (long long)id);
	db_finalize(st);
	return rc;
}

#define DELIVERY_COLS                                                                            \
	"SELECT d.id, d.notice_id, d.channel, d.address, d.state, d.attempts, d.next_at, d.last_error," \
	" d.sent_at, d.created_at, u.login, u.name, COALESCE(p.unsub_token, ''),"                 \
	" COALESCE(p.quiet_from, 0), COALESCE(p.quiet_to, 0), " NOTICE_COLS                        \
	" FROM notice_delivery d JOIN notice n ON n.id = d.notice_id JOIN app_user u ON u.id = n.user_id" \
	" LEFT JOIN notify_pref p ON p.user_id = n.user_id"

static int read_delivery(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_delivery *d = elem;
	(void)ctx;
	(void)e;
	d->id = db_col_int(st, 0);
	d->notice_id = db_col_int(st, 1);
	store_int_col_text(st, 2, d->channel, sizeof d->channel);
	store_int_col_text(st, 3, d->address, sizeof d->address);
	store_int_col_text(st, 4, d->state, sizeof d->state);
	d->attempts = (int)db_col_int(st, 5);
	d->next_at = db_col_int(st, 6);
	store_int_col_text(st, 7, d->last_error, sizeof d->last_error);
	d->sent_at = db_col_int(st, 8);
	d->created_at = db_col_int(st, 9);
	store_int_col_text(st, 10, d->login, sizeof d->login);
	store_int_col_text(st, 11, d->user_name, sizeof d->user_name);
	store_int_col_text(st, 12, d->unsub_token, sizeof d->unsub_token);
	d->quiet_from = (int)db_col_int(st, 13);
	d->quiet_to = (int)db_col_int(st, 14);
	col_notice(st, 15, &d->notice);
	return 0;
}

int store_delivery_claim(store *s, int64_t now, int64_t lease, unsigned channels, store_delivery *out, bool *found,
			 err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	size_t n = 0;
	*found = false;
	memset(out, 0, sizeof *out);
	/* a read first: an idle worker never takes the writers' lock */
	int rc = store_int_cached(s,
				   "SELECT 1 FROM notice_delivery WHERE state IN ('pending', 'sending') AND next_at <= ?1"
				   " AND (channel NOT IN ('email', 'digest') OR ?2 = 1) AND (channel <> 'webhook' OR ?3 = 1) LIMIT 1",
				   &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, (channels & STORE_CH_EMAIL) ? 1 : 0);
	db_bind_int(st, 3, (channels & STORE_CH_WEBHOOK) ? 1 : 0);
	rc = db_step(st);
	store_int_release(st);
	st = NULL;
	if (rc == DB_DONE)
		return 0;
	if (rc != DB_ROW)
		return store_int_dberr(s, e, "lỗi CSDL khi đọc hàng đợi gửi thông báo");
	if ((rc = store_begin(s, e)))
		return rc;
	if ((rc = store_int_prepare(s,
				    DELIVERY_COLS " WHERE d.state IN ('pending', 'sending') AND d.next_at <= ?1"
						  " AND (d.channel NOT IN ('email', 'digest') OR ?2 = 1) AND (d.channel <> 'webhook' OR ?3 = 1)"
						  " ORDER BY d.next_at, d.id LIMIT 1",
				    &st, e)))
		goto fail;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, (channels & STORE_CH_EMAIL) ? 1 : 0);
	db_bind_int(st, 3, (channels & STORE_CH_WEBHOOK) ? 1 : 0);
	rc = store_int_collect(s, st, sizeof *out, read_delivery, NULL, "hàng đợi gửi thông báo", &arr, &n, e);
	db_finalize(st);
	st = NULL;
	if (rc)
		goto fail;
	if (!store_int_take_first(arr, n, sizeof *out, out))
		return store_commit(s, e);
	if ((rc = store_int_prepare(s,
				    "UPDATE notice_delivery SET state = 'sending', attempts = attempts + 1, next_at = ?2"
				    " WHERE id = ?1 AND attempts = ?3 AND state IN ('pending', 'sending')",
				    &st, e)))
		goto fail;
	db_bind_int(st, 1, out->id);
	db_bind_int(st, 2, now + lease);
	db_bind_int(st, 3, out->attempts);
	if (db_step(st) != DB_DONE) {
		rc = store_int_dberr(s, e, "không nhận được thông báo để gửi");
		goto fail;
	}
	bool took = db_changes(s->db) == 1;
	db_finalize(st);
	st = NULL;
	if ((rc = store_commit(s, e)))
		return rc;
	if (took) {
		out->attempts++;
		out->next_at = now + lease;
		snprintf(out->state, sizeof out->state, "sending");
		*found = true;
	}
	return 0;
fail:
	db_finalize(st);
	store_rollback(s);
	return rc;
}

int store_delivery_claim_digest(store *s, const store_delivery *first, int64_t now, int64_t lease, size_t max,
				store_delivery **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	store_delivery *arr = NULL;
	void *got = NULL;
	size_t k = 0, taken = 0;
	*out = NULL;
	*n = 0;
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	if ((rc = store_int_prepare(s,
				    DELIVERY_COLS " WHERE d.channel = 'digest' AND d.address = ?1 AND d.id <> ?2"
						  " AND d.state IN ('pending', 'sending') AND d.next_at <= ?3"
						  " ORDER BY d.id LIMIT ?4",
				    &st, e)))
		goto fail;
	db_bind_text(st, 1, first->address);
	db_bind_int(st, 2, first->id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, (int64_t)max);
	rc = store_int_collect(s, st, sizeof *arr, read_delivery, NULL, "hàng đợi gửi thông báo", &got, &k, e);
	db_finalize(st);
	st = NULL;
	arr = got;
	if (rc)
		goto fail;
	for (size_t i = 0; i < k; i++) {
		if ((rc = store_int_prepare(s,
					    "UPDATE notice_delivery SET state = 'sending', attempts = attempts + 1, next_at = ?2"
					    " WHERE id = ?1 AND attempts = ?3 AND state IN ('pending', 'sending')",
					    &st, e)))
			goto fail;
		db_bind_int(st, 1, arr[i].id);
		db_bind_int(st, 2, now + lease);
		db_bind_int(st, 3, arr[i].attempts);
		if (db_step(st) != DB_DONE) {
			rc = store_int_dberr(s, e, "không nhận được thông báo để gửi");
			goto fail;
		}
		bool took = db_changes(s->db) == 1;
		db_finalize(st);
		st = NULL;
		if (took) { /* keep it, updated as the claim left it */
			arr[taken] = arr[i];
			arr[taken].attempts++;
			arr[taken].next_at = now + lease;
			snprintf(arr[taken].state, sizeof arr[taken].state, "sending");
			taken++;
		}
	}
	if ((rc = store_commit(s, e)))
		goto out;
	*out = taken ? arr : NULL;
	*n = taken;
	if (!taken)
		free(arr);
	return 0;
fail:
	db_finalize(st);
	store_rollback(s);
out:
	free(arr);
	return rc;
}

/* Runs an UPDATE of one delivery bound by bind(); 0 whether or not a row changed. */
static int delivery_update(store *s, const char *sql, int64_t id, int attempts, int64_t t, const char *text, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, attempts);
	db_bind_int(st, 3, t);
	db_bind_text(st, 4, text ? text : "");
	rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được kết quả gửi thông báo");
	db_finalize(st);
	return rc;
}

int store_delivery_done(store *s, int64_t id, int attempts, int64_t now, err *e)
{
	return delivery_update(s,
			       "UPDATE notice_delivery SET state = 'sent', sent_at = ?3, last_error = ?4"
			       " WHERE id = ?1 AND attempts = ?2 AND state = 'sending'",
			       id, attempts, now, "", e);
}

int store_delivery_retry(store *s, int64_t id, int attempts, int64_t next_at, const char *error, bool give_up,
			 err *e)
{
	char msg[NOTIFY_ERROR_MAX];
	size_t len = (size_t)snprintf(msg, sizeof msg, "%s", error ? error : "");
	if (len >= sizeof msg) { /* cut on a UTF-8 boundary: PostgreSQL refuses half a character */
		len = sizeof msg - 1;
		while (len > 0 && ((unsigned char)error[len] & 0xC0) == 0x80)
			len--;
		msg[len] = '\0';
	}
	return delivery_update(s,
			       give_up ? "UPDATE notice_delivery SET state = 'failed', next_at = ?3, last_error = ?4"
					 " WHERE id = ?1 AND attempts = ?2 AND state = 'sending'"
				       : "UPDATE notice_delivery SET state = 'pending', next_at = ?3, last_error = ?4"
					 " WHERE id = ?1 AND attempts = ?2 AND state = 'sending'",
			       id, attempts, next_at, msg, e);
}

int store_delivery_postpone(store *s, int64_t id, int attempts, int64_t next_at, const char *why, err *e)
{
	return delivery_update(s,
			       "UPDATE notice_delivery SET state = 'pending', attempts = attempts - 1, next_at = ?3,"
			       " last_error = ?4 WHERE id = ?1 AND attempts = ?2 AND state = 'sending'",
			       id, attempts, next_at, why, e);
}

int store_delivery_list(store *s, int limit, store_delivery **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	*out = NULL;
	*n = 0;
	int rc = store_int_prepare(s, DELIVERY_COLS " ORDER BY d.id DESC LIMIT ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, limit > 0 ? limit : 50);
	rc = store_int_collect(s, st, sizeof **out, read_delivery, NULL, "nhật ký gửi thông báo", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}
