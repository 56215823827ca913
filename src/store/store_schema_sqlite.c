/*
 * store_schema_sqlite.c - the schema of the SQLite engine: its whole history
 * of migration steps, version 1 to STORE_SCHEMA_VERSION, and the SQL
 * functions the value-row step (8) packs old rows with.
 *
 * This is the one SQLite-only file of the store, with store_schema_pg.c
 * its PostgreSQL twin: DDL is where the engines differ (WITHOUT ROWID,
 * INTEGER PRIMARY KEY, triggers). Every step after 8 is written in both
 * files with the same number. Not for: queries (they are portable and live
 * in the feature files).
 */
#include "store/store_int.h"

#include <stdio.h>

#include "db/db_sqlite.h"
#include "store/vrow.h"

/* ---- schema and migrations ------------------------------------------- */

/*
 * Each step moves the schema from version-1 to version and runs in one
 * transaction with the insert of its schema_version row. Never edit a
 * released step: add a new one and raise STORE_SCHEMA_VERSION.
 */
static const store_migration STEPS[] = {
	{0, 1,
	 "CREATE TABLE unit ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " type TEXT NOT NULL,"
	 " parent_id BIGINT REFERENCES unit(id),"
	 " valid_from TEXT,"
	 " valid_to TEXT);"
	 "CREATE INDEX unit_parent ON unit(parent_id);"
	 "CREATE TABLE unit_link ("
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " from_unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " link_date TEXT NOT NULL,"
	 " PRIMARY KEY (unit_id, from_unit_id));"
	 "CREATE INDEX unit_link_from ON unit_link(from_unit_id);"
	 "CREATE TABLE agency ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL);"
	 "CREATE TABLE indicator ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name_vi TEXT NOT NULL,"
	 " name_en TEXT NOT NULL,"
	 " uom TEXT NOT NULL,"
	 " uom_scale INTEGER NOT NULL,"
	 " decimals INTEGER NOT NULL,"
	 " sector TEXT NOT NULL,"
	 " kind TEXT NOT NULL,"
	 " direction TEXT NOT NULL,"
	 " rollup TEXT NOT NULL,"
	 " freq TEXT NOT NULL,"
	 " agency_id BIGINT REFERENCES agency(id),"
	 " numerator_id BIGINT REFERENCES indicator(id),"
	 " denominator_id BIGINT REFERENCES indicator(id),"
	 " ratio_scale INTEGER NOT NULL,"
	 " weight_id BIGINT REFERENCES indicator(id),"
	 " sort_order INTEGER NOT NULL);"
	 "CREATE TABLE target ("
	 " id INTEGER PRIMARY KEY,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year_from INTEGER NOT NULL,"
	 " year_to INTEGER NOT NULL,"
	 " source TEXT NOT NULL,"
	 " kind TEXT NOT NULL,"
	 " amount BIGINT NOT NULL,"
	 " baseline BIGINT,"
	 " total BIGINT NOT NULL,"
	 " note TEXT NOT NULL,"
	 " UNIQUE (indicator_id, unit_id, year_from, year_to, source));"
	 /* No declared foreign keys here: they cost a fifth of the import
	  * speed; store_value_put resolves codes and the bulk writer checks
	  * ids against the sets it loads (docs/internals/store.md). */
	 "CREATE TABLE value ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " month INTEGER NOT NULL,"
	 " amount BIGINT NOT NULL,"
	 " estimate INTEGER NOT NULL,"
	 " entered_by TEXT NOT NULL,"
	 " entered_at BIGINT NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id, month)) WITHOUT ROWID;"
	 "CREATE TABLE value_audit ("
	 " id INTEGER PRIMARY KEY,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year INTEGER NOT NULL,"
	 " month INTEGER NOT NULL,"
	 " old_amount BIGINT,"
	 " old_estimate INTEGER,"
	 " new_amount BIGINT,"
	 " new_estimate INTEGER,"
	 " changed_by TEXT NOT NULL,"
	 " changed_at BIGINT NOT NULL,"
	 " reason TEXT NOT NULL);"
	 "CREATE INDEX value_audit_key ON value_audit(indicator_id, unit_id, year, month, id);"},
	{1, 2,
	 /* One row per change or delete of a target (new_* NULL on delete). */
	 "CREATE TABLE target_audit ("
	 " id INTEGER PRIMARY KEY,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year_from INTEGER NOT NULL,"
	 " year_to INTEGER NOT NULL,"
	 " source TEXT NOT NULL,"
	 " old_kind TEXT NOT NULL,"
	 " old_value BIGINT NOT NULL,"
	 " old_baseline BIGINT,"
	 " old_total BIGINT NOT NULL,"
	 " old_note TEXT NOT NULL,"
	 " new_kind TEXT,"
	 " new_value BIGINT,"
	 " new_baseline BIGINT,"
	 " new_total BIGINT,"
	 " new_note TEXT,"
	 " changed_by TEXT NOT NULL,"
	 " changed_at BIGINT NOT NULL);"
	 "CREATE INDEX target_audit_key ON target_audit(indicator_id, unit_id, year_from, year_to, id);"},
	{2, 3,
	 /* Users of the server (src/auth). "app_user", not "user": USER is a
	  * reserved word in PostgreSQL. Secrets are kept as hex SHA-256 only. */
	 "CREATE TABLE app_user ("
	 " id INTEGER PRIMARY KEY,"
	 " login TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " role TEXT NOT NULL,"
	 " agency_id BIGINT REFERENCES agency(id),"
	 " active INTEGER NOT NULL,"
	 " pw_hash TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE TABLE user_scope ("
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " kind TEXT NOT NULL,"
	 " PRIMARY KEY (user_id, unit_id, kind));"
	 "CREATE TABLE session ("
	 " token_hash TEXT NOT NULL PRIMARY KEY,"
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " csrf TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " expires_at BIGINT NOT NULL);"
	 "CREATE INDEX session_user ON session(user_id);"
	 "CREATE TABLE api_token ("
	 " token_hash TEXT NOT NULL PRIMARY KEY,"
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " name TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " expires_at BIGINT NOT NULL,"
	 " UNIQUE (user_id, name));"
	 "CREATE TABLE login_failure ("
	 " login TEXT NOT NULL,"
	 " ip TEXT NOT NULL,"
	 " at BIGINT NOT NULL);"
	 "CREATE INDEX login_failure_login ON login_failure(login, at);"
	 "CREATE INDEX login_failure_ip ON login_failure(ip, at);"},
	{3, 4,
	 /* Period locking (src/core/lock.c): settings of the database as
	  * key/value text ("lock.due_day" = "25"), and the periods an
	  * administrator reopened for a unit (and its descendants) until a day. */
	 "CREATE TABLE setting ("
	 " key TEXT NOT NULL PRIMARY KEY,"
	 " value TEXT NOT NULL);"
	 "CREATE TABLE period_reopen ("
	 " id INTEGER PRIMARY KEY,"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " period TEXT NOT NULL,"
	 " until_date TEXT NOT NULL,"
	 " reopened_by TEXT NOT NULL,"
	 " reopened_at BIGINT NOT NULL,"
	 " reason TEXT NOT NULL);"
	 "CREATE INDEX period_reopen_key ON period_reopen(period, unit_id, until_date);"},
	{4, 5,
	 /* Report wording an administrator edited (src/report); a key without a
	  * row uses the built-in wording. */
	 "CREATE TABLE report_template ("
	 " key TEXT NOT NULL PRIMARY KEY,"
	 " body TEXT NOT NULL,"
	 " updated_by TEXT NOT NULL,"
	 " updated_at BIGINT NOT NULL);"},
	{5, 6,
	 /* Meetings and the tasks they assign (issue #5; rules in core/task.c,
	  * SQL in store_sqlite_tasks.c). A task's lead and coordinating units
	  * or agencies are rows of task_unit (role 'lead' or 'coord', exactly
	  * one of unit_id / agency_id). Status is never stored. Attachment
	  * bytes live in their own table so lists never read them. */
	 "CREATE TABLE meeting ("
	 " id INTEGER PRIMARY KEY,"
	 " kind TEXT NOT NULL,"
	 " title TEXT NOT NULL,"
	 " held_on TEXT NOT NULL,"
	 " time_min INTEGER,"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " chair TEXT NOT NULL,"
	 " attendees TEXT NOT NULL,"
	 " period TEXT,"
	 " conclusions TEXT NOT NULL,"
	 " notice_no TEXT NOT NULL,"
	 " created_by TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE INDEX meeting_unit_date ON meeting(unit_id, held_on);"
	 "CREATE INDEX meeting_date ON meeting(held_on);"
	 "CREATE TABLE meeting_unit ("
	 " meeting_id BIGINT NOT NULL REFERENCES meeting(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " pos INTEGER NOT NULL,"
	 " PRIMARY KEY (meeting_id, unit_id));"
	 "CREATE TABLE meeting_indicator ("
	 " meeting_id BIGINT NOT NULL REFERENCES meeting(id),"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " pos INTEGER NOT NULL,"
	 " PRIMARY KEY (meeting_id, indicator_id));"
	 "CREATE TABLE task ("
	 " id INTEGER PRIMARY KEY,"
	 " content TEXT NOT NULL,"
	 " owner_unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " meeting_id BIGINT REFERENCES meeting(id),"
	 " assigned_by TEXT NOT NULL,"
	 " assigned_on TEXT NOT NULL,"
	 " due_period TEXT,"
	 " due TEXT NOT NULL,"
	 " due_original TEXT NOT NULL,"
	 " priority TEXT NOT NULL,"
	 " state TEXT NOT NULL,"
	 " done_on TEXT,"
	 " percent INTEGER NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " updated_at BIGINT NOT NULL);"
	 "CREATE INDEX task_due ON task(due, id);"
	 "CREATE INDEX task_state_due ON task(state, due);"
	 "CREATE INDEX task_meeting ON task(meeting_id);"
	 "CREATE INDEX task_owner ON task(owner_unit_id, due);"
	 "CREATE TABLE task_unit ("
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " role TEXT NOT NULL,"
	 " unit_id BIGINT REFERENCES unit(id),"
	 " agency_id BIGINT REFERENCES agency(id),"
	 " pos INTEGER NOT NULL,"
	 " CHECK ((unit_id IS NULL) <> (agency_id IS NULL)));"
	 "CREATE INDEX task_unit_task ON task_unit(task_id, role, pos);"
	 "CREATE INDEX task_unit_unit ON task_unit(unit_id, role, task_id);"
	 "CREATE INDEX task_unit_agency ON task_unit(agency_id, role, task_id);"
	 "CREATE TABLE task_indicator ("
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " pos INTEGER NOT NULL,"
	 " PRIMARY KEY (task_id, indicator_id));"
	 "CREATE INDEX task_indicator_ind ON task_indicator(indicator_id, task_id);"
	 "CREATE TABLE task_progress ("
	 " id INTEGER PRIMARY KEY,"
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " lead_code TEXT NOT NULL,"
	 " body TEXT NOT NULL,"
	 " percent INTEGER NOT NULL,"
	 " report_date TEXT NOT NULL,"
	 " done INTEGER NOT NULL,"
	 " attach_name TEXT NOT NULL,"
	 " attach_type TEXT NOT NULL,"
	 " attach_size BIGINT NOT NULL,"
	 " reported_by TEXT NOT NULL,"
	 " reported_at BIGINT NOT NULL);"
	 "CREATE INDEX task_progress_task ON task_progress(task_id, id);"
	 "CREATE TABLE task_attachment ("
	 " progress_id BIGINT NOT NULL PRIMARY KEY REFERENCES task_progress(id),"
	 " data BLOB NOT NULL);"
	 "CREATE TABLE task_event ("
	 " id INTEGER PRIMARY KEY,"
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " kind TEXT NOT NULL,"
	 " old_due TEXT,"
	 " new_due TEXT,"
	 " event_date TEXT,"
	 " percent INTEGER NOT NULL,"
	 " reason TEXT NOT NULL,"
	 " event_by TEXT NOT NULL,"
	 " event_at BIGINT NOT NULL);"
	 "CREATE INDEX task_event_task ON task_event(task_id, id);"},
	{6, 7,
	 /* Roll-ups kept up to date on write (issue #7; store_sqlite_rollup.c,
	  * docs/internals/scale.md): per (unit, year, indicator) the twelve
	  * monthly sums of the unit's children's effective values with their
	  * counts, as one BLOB. rollup_state.stale = 1 means the table cannot be
	  * trusted (a file that had values before this step, or a unit moved to
	  * another parent) until store_rollup_rebuild; readers then use the
	  * values themselves. The target index serves per-unit target reads. */
	 "CREATE TABLE value_rollup ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " slots BLOB NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id)) WITHOUT ROWID;"
	 "CREATE TABLE rollup_state ("
	 " id INTEGER PRIMARY KEY CHECK (id = 1),"
	 " stale INTEGER NOT NULL);"
	 "INSERT INTO rollup_state (id, stale) SELECT 1, EXISTS (SELECT 1 FROM value);"
	 "CREATE INDEX target_unit_year ON target(unit_id, year_from);"
	 "CREATE TRIGGER unit_parent_rollup AFTER UPDATE OF parent_id ON unit"
	 " WHEN old.parent_id IS NOT new.parent_id"
	 " BEGIN UPDATE rollup_state SET stale = 1; END;"},
	{7, 8,
	 /* One row per (unit, year, indicator) with its twelve months packed
	  * (vrow.h; docs/internals/scale.md, "The value row"): a bulk
	  * load is a twelfth of the B-tree inserts. Every month keeps its
	  * amount, estimate flag, who and when; the roll-ups do not change. */
	 "CREATE TABLE value_year ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " months BLOB NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id)) WITHOUT ROWID;"
	 "INSERT INTO value_year (unit_id, year, indicator_id, months)"
	 " SELECT unit_id, year, indicator_id,"
	 " chitieu_vrow_pack(unit_id, year, indicator_id, month, amount, estimate,"
	 " entered_by, entered_at)"
	 " FROM value GROUP BY unit_id, year, indicator_id;"
	 "DROP TABLE value;"},
	{8, 9,
	 /* Periods an administrator closed by hand for a unit (and its
	  * descendants) before or after their deadline (issue #13): the latest
	  * of a closing and the reopenings decides (src/core/lock.c). */
	 "CREATE TABLE period_close ("
	 " id INTEGER PRIMARY KEY,"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " period TEXT NOT NULL,"
	 " closed_by TEXT NOT NULL,"
	 " closed_at BIGINT NOT NULL,"
	 " reason TEXT NOT NULL);"
	 "CREATE INDEX period_close_key ON period_close(period, unit_id);"},
	{9, 10,
	 /* What an indicator's values may be (issue #13; model.h ind_value_type):
	  * number, whole or percent, and optional bounds (num_t, NULL for none). */
	 "ALTER TABLE indicator ADD COLUMN value_type TEXT NOT NULL DEFAULT 'number';"
	 "ALTER TABLE indicator ADD COLUMN min_value BIGINT;"
	 "ALTER TABLE indicator ADD COLUMN max_value BIGINT;"},
	{10, 11,
	 /* Approval on the way up (issue #13): a unit's figures of a month are
	  * draft, submitted, approved, returned or accepted (core/approval.c);
	  * no row means draft. Every step is kept in approval_event. */
	 "CREATE TABLE approval ("
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " period TEXT NOT NULL,"
	 " state TEXT NOT NULL,"
	 " changed_by TEXT NOT NULL,"
	 " changed_at BIGINT NOT NULL,"
	 " comment TEXT NOT NULL,"
	 " PRIMARY KEY (unit_id, period));"
	 "CREATE TABLE approval_event ("
	 " id INTEGER PRIMARY KEY,"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " period TEXT NOT NULL,"
	 " from_state TEXT NOT NULL,"
	 " to_state TEXT NOT NULL,"
	 " by_user TEXT NOT NULL,"
	 " at BIGINT NOT NULL,"
	 " comment TEXT NOT NULL);"
	 "CREATE INDEX approval_event_key ON approval_event(unit_id, period, id);"},
	{11, 12,
	 /* Rules between indicators (issue #13; core/vrule.h): a left and a right
	  * expression over indicator codes, an operator and an importance. A
	  * value's comment (the explanation a broken warning rule asks for) is
	  * kept beside its value row, keyed as a month of value_year. */
	 "CREATE TABLE validation_rule ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " left_expr TEXT NOT NULL,"
	 " op TEXT NOT NULL,"
	 " right_expr TEXT NOT NULL,"
	 " importance TEXT NOT NULL);"
	 "CREATE TABLE value_comment ("
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " month INTEGER NOT NULL,"
	 " comment TEXT NOT NULL,"
	 " by_user TEXT NOT NULL,"
	 " at BIGINT NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id, month));"},
	{12, 13,
	 /* Own figure or aggregated figure (issue #13; core/source.h): a setting
	  * for an indicator at one unit (unit_type '') or at every unit of a
	  * level (unit_id 0). Until now a unit's own values of a year beat its
	  * units' sum. "Own" is set where a unit with units below has own values
	  * of an indicator in every year its units reported it (its figures stay
	  * as they were); where it has them in some years only, the new rule
	  * (the units' sum) applies and those years change (docs/internals/
	  * store.md, upgrading). The roll-ups are marked stale (rebuilt by
	  * chitieu init) wherever a unit with units below had own values, or a
	  * unit below the top has roll-ups: what they pass up may change. */
	 "CREATE TABLE figure_source ("
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL,"
	 " unit_type TEXT NOT NULL,"
	 " source TEXT NOT NULL,"
	 " set_by TEXT NOT NULL,"
	 " set_at BIGINT NOT NULL,"
	 " PRIMARY KEY (indicator_id, unit_id, unit_type));"
	 "INSERT INTO figure_source (indicator_id, unit_id, unit_type, source, set_by, set_at)"
	 " SELECT DISTINCT v.indicator_id, v.unit_id, '', 'own', 'migration', 0"
	 " FROM value_year v JOIN indicator i ON i.id = v.indicator_id"
	 " WHERE i.rollup <> 'none'"
	 " AND EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = v.unit_id)"
	 " AND NOT EXISTS (SELECT 1 FROM value_rollup r WHERE r.unit_id = v.unit_id"
	 "  AND r.indicator_id = v.indicator_id AND NOT EXISTS (SELECT 1 FROM value_year w"
	 "  WHERE w.unit_id = r.unit_id AND w.year = r.year AND w.indicator_id = r.indicator_id));"
	 "UPDATE rollup_state SET stale = 1 WHERE EXISTS ("
	 " SELECT 1 FROM value_year v WHERE EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = v.unit_id))"
	 " OR EXISTS (SELECT 1 FROM value_rollup r JOIN unit u ON u.id = r.unit_id"
	 " WHERE u.parent_id IS NOT NULL);"},
	{13, 14,
	 /* Approval per agency (issue #13): at a city, each department (agency)
	  * submits its own indicators' part of the month and the level above
	  * approves or returns it apart from the others. The key gains
	  * agency_id, 0 standing for the whole unit (every row so far). SQLite
	  * cannot change a primary key in place: a new table, copied, renamed. */
	 "CREATE TABLE approval_new ("
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " period TEXT NOT NULL,"
	 " state TEXT NOT NULL,"
	 " changed_by TEXT NOT NULL,"
	 " changed_at BIGINT NOT NULL,"
	 " comment TEXT NOT NULL,"
	 " agency_id BIGINT NOT NULL DEFAULT 0,"
	 " PRIMARY KEY (unit_id, period, agency_id));"
	 "INSERT INTO approval_new (unit_id, period, state, changed_by, changed_at, comment, agency_id)"
	 " SELECT unit_id, period, state, changed_by, changed_at, comment, 0 FROM approval;"
	 "DROP TABLE approval;"
	 "ALTER TABLE approval_new RENAME TO approval;"
	 "ALTER TABLE approval_event ADD COLUMN agency_id BIGINT NOT NULL DEFAULT 0;"
	 "DROP INDEX approval_event_key;"
	 "CREATE INDEX approval_event_key ON approval_event(unit_id, period, agency_id, id);"},
	{14, 15,
	 /* Notifications (issue #15; docs/internals/notify.md): users gain an
	  * email address; notify_config holds the SMTP URL, sender, webhook URL
	  * and secret, the base URL of links, backoff and timeout; notify_pref a
	  * user's choices (email, webhook, digest, quiet hours, the unsubscribe
	  * token); notice is the in-app notice of one user (read_at 0: unread;
	  * ref: what a reminder is of, so it is sent once), written in the
	  * transaction of its event; notice_delivery is the
	  * outbox: one row per notice and channel, pending -> sending (leased
	  * until next_at, attempts counted) -> sent, or back to pending with the
	  * server's reply and the next retry, or failed after the last attempt. */
	 "ALTER TABLE app_user ADD COLUMN email TEXT NOT NULL DEFAULT '';"
	 "CREATE TABLE notify_config ("
	 " name TEXT NOT NULL PRIMARY KEY,"
	 " value TEXT NOT NULL);"
	 "CREATE TABLE notify_pref ("
	 " user_id BIGINT NOT NULL PRIMARY KEY REFERENCES app_user(id),"
	 " email_on INTEGER NOT NULL DEFAULT 1,"
	 " webhook_on INTEGER NOT NULL DEFAULT 1,"
	 " digest INTEGER NOT NULL DEFAULT 0,"
	 " quiet_from INTEGER NOT NULL DEFAULT 0,"
	 " quiet_to INTEGER NOT NULL DEFAULT 0,"
	 " unsub_token TEXT NOT NULL DEFAULT '');"
	 "CREATE TABLE notice ("
	 " id INTEGER PRIMARY KEY,"
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " kind TEXT NOT NULL,"
	 " subject TEXT NOT NULL,"
	 " body TEXT NOT NULL,"
	 " link TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " read_at BIGINT NOT NULL DEFAULT 0,"
	 " ref TEXT NOT NULL DEFAULT '');"
	 "CREATE INDEX notice_by_user ON notice(user_id, id);"
	 "CREATE INDEX notice_by_ref ON notice(ref, user_id);"
	 "CREATE TABLE notice_delivery ("
	 " id INTEGER PRIMARY KEY,"
	 " notice_id BIGINT NOT NULL REFERENCES notice(id),"
	 " channel TEXT NOT NULL,"
	 " address TEXT NOT NULL,"
	 " state TEXT NOT NULL,"
	 " attempts INTEGER NOT NULL DEFAULT 0,"
	 " next_at BIGINT NOT NULL,"
	 " last_error TEXT NOT NULL DEFAULT '',"
	 " sent_at BIGINT NOT NULL DEFAULT 0,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE INDEX notice_delivery_due ON notice_delivery(state, next_at);"
	 "CREATE INDEX notice_delivery_by_notice ON notice_delivery(notice_id);"},
	{15, 16,
	 /* Other names of an indicator (issue #19; core/extract.c): what reports
	  * call it besides its name, ';' between them ("TNBQ; thu nhập bình
	  * quân đầu người"); '' for none. */
	 "ALTER TABLE indicator ADD COLUMN synonyms TEXT NOT NULL DEFAULT '';"},
	{16, 17,
	 /* The DHIS2 exchange's mapping (issue #18; docs/internals/http.md):
	  * one row per DHIS2 identifier. kind 'orgUnit': the organisation unit
	  * uid (with its code and name, for idScheme CODE and NAME) lands on
	  * the unit whose code is target. kind 'dataElement': the data element
	  * with a categoryOptionCombo (coc, '' = default) and an
	  * attributeOptionCombo (aoc, '' = default) lands on the indicator whose
	  * code is target. Codes, not ids: the mapping reads as the files do.
	  * Also value_followup, below. */
	 "CREATE TABLE exchange_map ("
	 " kind TEXT NOT NULL,"
	 " uid TEXT NOT NULL,"
	 " coc TEXT NOT NULL DEFAULT '',"
	 " aoc TEXT NOT NULL DEFAULT '',"
	 " code TEXT NOT NULL DEFAULT '',"
	 " name TEXT NOT NULL DEFAULT '',"
	 " target TEXT NOT NULL,"
	 " changed_by TEXT NOT NULL DEFAULT '',"
	 " changed_at BIGINT NOT NULL DEFAULT 0,"
	 " PRIMARY KEY (kind, uid, coc, aoc));"
	 "CREATE INDEX exchange_map_target ON exchange_map(kind, target);"
	 /* DHIS2's follow-up flag of a value (a row = marked), kept with it:
	  * set by an import's followup=true, cleared by false or the value's delete */
	 "CREATE TABLE value_followup ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " month INTEGER NOT NULL,"
	 " set_by TEXT NOT NULL,"
	 " set_at BIGINT NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id, month));"},
};

#define N_STEPS (sizeof STEPS / sizeof STEPS[0])

_Static_assert(sizeof STEPS / sizeof STEPS[0] == STORE_SCHEMA_VERSION,
	       "one migration step per schema version");

const store_migration *store_schema_sqlite(size_t *n)
{
	*n = N_STEPS;
	return STEPS;
}

/* ---- SQL functions of the value row ------------------------------------- */

/* chitieu_vrow_pack(unit_id, year, indicator_id, month, amount, estimate,
 * by, at): the months of one row (migration 8). A month out of range or
 * twice, or an amount beyond NUM_MAX, fails the migration naming the row. */
static void pack_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	vrow *r = sqlite3_aggregate_context(ctx, (int)sizeof *r);
	(void)argc;
	if (!r) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	/* a zeroed vrow is the empty row (vrow_init) */
	int64_t month = sqlite3_value_int64(argv[3]), amount = sqlite3_value_int64(argv[4]);
	const unsigned char *by = sqlite3_value_text(argv[6]);
	const char *why = month < 1 || month > 12	 ? "tháng không hợp lệ"
			  : vrow_has(r, (int)month)	 ? "tháng bị lặp"
			  : amount > NUM_MAX || amount < -NUM_MAX ? "số liệu vượt giới hạn NUM_MAX"
							  : NULL;
	if (why) {
		char msg[200];
		snprintf(msg, sizeof msg,
			 "nâng cấp số liệu: đơn vị id %lld, năm %lld, chỉ tiêu id %lld, tháng %lld: %s",
			 (long long)sqlite3_value_int64(argv[0]), (long long)sqlite3_value_int64(argv[1]),
			 (long long)sqlite3_value_int64(argv[2]), (long long)month, why);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	vrow_set(r, (int)month, amount, sqlite3_value_int(argv[5]) != 0, by ? (const char *)by : "",
		 sqlite3_value_int64(argv[7]));
}

static void pack_final(sqlite3_context *ctx)
{
	unsigned char blob[VROW_MAX];
	vrow *r = sqlite3_aggregate_context(ctx, 0);
	if (!r || !r->has) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_blob(ctx, blob, (int)vrow_encode(r, blob), SQLITE_TRANSIENT);
}

/* chitieu_vrow_count(months): the months present, NULL for bytes that are not a row. */
static void count_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int n = vrow_count(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
	if (n < 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int(ctx, n);
}

int store_int_value_functions(store *s, err *e)
{
	sqlite3 *h = db_sqlite_handle(s->db);
	if (!h)
		return 0;
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (sqlite3_create_function(h, "chitieu_vrow_pack", 8, flags, NULL, NULL, pack_step,
				    pack_final) != SQLITE_OK ||
	    sqlite3_create_function(h, "chitieu_vrow_count", 1, flags, NULL, count_fn, NULL,
				    NULL) != SQLITE_OK)
		return err_set(e, ERR_DB, "không đăng ký được hàm SQL của số liệu (%s)",
			       sqlite3_errmsg(h));
	return 0;
}
