/*
 * store_tasks.c - meetings and the tasks they assign (schema v6), on
 * either engine: meetings with their attending units and reviewed
 * indicators; tasks with their lead and coordinating units or agencies,
 * linked indicators, progress reports (attachment bytes in their own
 * table) and history events.
 *
 * Persistence only: each write keeps what it is given, in one transaction
 * (a failing put changes nothing), and refuses only what it cannot keep: an
 * unknown id or code (ERR_NOTFOUND), a reason longer than its column. The
 * rules (may this task be extended, is this unit still there on that day,
 * ...) are core/task.c's, applied by core/task_ops.c around these writes;
 * the writes read nothing task_ops.c has read already: a put takes the task
 * as task_prepare left it, a change of state the stored task as task_ops.c
 * read it in the same transaction.
 * Statements go through the connection's statement cache. Status is never
 * stored (core/task.c computes it).
 * Not for: the rules of tasks (core/task.c, core/task_ops.c), who may do
 * what (the API), or documents (core/task_notice.c).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

/* Runs a cached statement that returns no rows. */
static int run_cached(store *s, db_stmt *st, const char *what, err *e)
{
	int rc = db_step(st);
	int out = 0;
	if (rc != DB_DONE && rc != DB_ROW)
		out = store_int_dberr(s, e, what);
	store_int_release(st);
	return out;
}

/* Runs cached statement sql, that returns no rows, with ?1 bound to id. */
static int run_id(store *s, const char *sql, int64_t id, const char *what, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s, sql, &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	return run_cached(s, st, what, e);
}

/* The period's code as text ("202207"). */
static int period_text(const period *p, char *out, size_t n, err *e)
{
	buf b;
	buf_init(&b, 64);
	int rc = period_format_code(&b, p);
	if (!rc)
		snprintf(out, n, "%s", buf_cstr(&b));
	buf_free(&b);
	return rc ? err_set(e, ERR_INVALID, "kỳ không hợp lệ") : 0;
}

/* Reads a period column (NULL -> *has false). */
static int col_period(db_stmt *st, int col, bool *has, period *p, err *e)
{
	char code[32];
	*has = false;
	memset(p, 0, sizeof *p);
	if (db_col_null(st, col))
		return 0;
	store_int_col_text(st, col, code, sizeof code);
	if (period_parse(code, p, NULL))
		return err_set(e, ERR_DB, "kỳ \"%s\" trong CSDL không hợp lệ", code);
	*has = true;
	return 0;
}

static int agency_id(store *s, const char *code, int64_t *id, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s, "SELECT id FROM agency WHERE code = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	store_int_release(st);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOTFOUND, "không có cơ quan mã \"%s\"", code);
	return store_int_dberr(s, e, "lỗi CSDL khi tìm cơ quan");
}

/* The id of unit `code`; ERR_NOTFOUND prefixed with role ("đơn vị chủ trì (lead_unit)"). */
static int unit_id_as(store *s, const char *code, const char *role, int64_t *id, err *e)
{
	int rc = store_int_unit_id(s, code, id, e);
	return rc == ERR_NOTFOUND ? err_prefix(e, "%s: ", role) : rc;
}

int store_task_unit_successor(store *s, const char *code, unit *out, bool *found, err *e)
{
	int64_t id;
	db_stmt *st;
	int rc;
	*found = false;
	memset(out, 0, sizeof *out);
	if ((rc = store_int_unit_id(s, code, &id, e)) ||
	    (rc = store_int_cached(s,
				   "SELECT u.code, u.name FROM unit_link l JOIN unit u ON u.id = l.unit_id"
				   " WHERE l.from_unit_id = ?1 ORDER BY l.link_date, u.code LIMIT 1",
				   &st, e)))
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_int_col_text(st, 0, out->code, sizeof out->code);
		store_int_col_text(st, 1, out->name, sizeof out->name);
		*found = true;
	}
	store_int_release(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_int_dberr(s, e, "lỗi CSDL khi tìm đơn vị kế tiếp");
	return 0;
}

int64_t store_task_now(store *s)
{
	return store_int_now(s);
}

static int begin(store *s, err *e)
{
	return store_int_begin(s, e);
}

/* Commits when rc is 0, else rolls back; returns rc or the commit's error. */
static int finish(store *s, int rc, err *e)
{
	if (rc) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}

/* ---- meetings --------------------------------------------------------- */

#define MEETING_COLS                                                                        \
	"SELECT m.id, m.kind, m.title, m.held_on, m.time_min, u.code, m.chair, m.attendees,"    \
	" m.period, m.conclusions, m.notice_no, m.created_by, m.created_at"                  \
	" FROM meeting m JOIN unit u ON u.id = m.unit_id"

static int read_meeting(db_stmt *st, void *elem, void *ctx, err *e)
{
	meeting *m = elem;
	char kind[32];
	int rc;
	(void)ctx;
	m->id = db_col_int(st, 0);
	store_int_col_text(st, 1, kind, sizeof kind);
	if (meeting_kind_from_code(kind, &m->kind, NULL))
		return err_set(e, ERR_DB, "cuộc họp số %lld có loại \"%s\" không hợp lệ trong CSDL",
			       (long long)m->id, kind);
	store_int_col_text(st, 2, m->title, sizeof m->title);
	if ((rc = store_int_col_date(st, 3, &m->date, e)))
		return rc;
	m->time_min = db_col_null(st, 4) ? -1 : (int)db_col_int(st, 4);
	store_int_col_text(st, 5, m->unit_code, sizeof m->unit_code);
	store_int_col_text(st, 6, m->chair, sizeof m->chair);
	store_int_col_text(st, 7, m->attendees, sizeof m->attendees);
	if ((rc = col_period(st, 8, &m->has_period, &m->period, e)))
		return rc;
	store_int_col_text(st, 9, m->conclusions, sizeof m->conclusions);
	store_int_col_text(st, 10, m->notice_no, sizeof m->notice_no);
	store_int_col_text(st, 11, m->created_by, sizeof m->created_by);
	m->created_at = db_col_int(st, 12);
	return 0;
}

/*
 * Runs sql (one code column, ?1 = id) and copies up to max codes into list,
 * setting *n; "what" names them in a database error. The three link lists
 * of meetings and tasks (attending units, indicators) read this way.
 */
static int load_codes(store *s, const char *sql, int64_t id, char (*list)[CODE_MAX], int max, int *n,
		      const char *what, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s, sql, &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW && *n < max)
		store_int_col_text(st, 0, list[(*n)++], CODE_MAX);
	store_int_release(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_int_dberr(s, e, what);
	return 0;
}

/* Loads the attending units and reviewed indicators of m (m->id set). */
static int meeting_links(store *s, meeting *m, err *e)
{
	int rc = load_codes(s,
			    "SELECT u.code FROM meeting_unit x JOIN unit u ON u.id = x.unit_id"
			    " WHERE x.meeting_id = ?1 ORDER BY x.pos",
			    m->id, m->units, MEETING_UNITS_MAX, &m->n_units, "lỗi CSDL khi đọc đơn vị dự họp", e);
	if (!rc)
		rc = load_codes(s,
				"SELECT i.code FROM meeting_indicator x JOIN indicator i"
				" ON i.id = x.indicator_id WHERE x.meeting_id = ?1 ORDER BY x.pos",
				m->id, m->indicators, MEETING_INDICATORS_MAX, &m->n_indicators,
				"lỗi CSDL khi đọc chỉ tiêu của cuộc họp", e);
	return rc;
}

/* Reads the one row of `sql` (binding ?1 to id) into out through rd;
 * ERR_NOTFOUND "không có <what> số <id>" when there is none. */
static int get_by_id(store *s, const char *sql, int64_t id, size_t size,
		     int (*rd)(db_stmt *, void *, void *, err *), const char *what, void *out,
		     err *e)
{
	db_stmt *st;
	void *arr = NULL;
	size_t n = 0;
	int rc = store_int_cached(s, sql, &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = store_int_collect(s, st, size, rd, NULL, what, &arr, &n, e);
	store_int_release(st);
	if (!rc && !store_int_take_first(arr, n, size, out))
		rc = err_set(e, ERR_NOTFOUND, "không có %s số %lld", what, (long long)id);
	return rc;
}

int store_meeting_get(store *s, int64_t id, meeting *out, err *e)
{
	bool mine = store_int_read_start(s);
	int rc = get_by_id(s, MEETING_COLS " WHERE m.id = ?1", id, sizeof *out, read_meeting,
			   "cuộc họp", out, e);
	if (!rc)
		rc = meeting_links(s, out, e);
	store_int_read_stop(s, mine);
	return rc;
}

/*
 * Inserts the codes of list (n of them) with `sql` (?1 = id, ?2 = the
 * code's id, ?3 = its position), resolving each as a unit or an indicator;
 * an unknown code fails prefixed with `role`, a failed insert with `what`.
 * The writing side of load_codes.
 */
static int save_codes(store *s, const char *sql, int64_t id, const char (*list)[CODE_MAX], int n,
		      bool units, const char *role, const char *what, err *e)
{
	db_stmt *st;
	int rc;
	for (int i = 0; i < n; i++) {
		int64_t code_id;
		rc = units ? store_int_unit_id(s, list[i], &code_id, e)
			   : store_int_indicator_key(s, list[i], &code_id, NULL, e);
		if (rc)
			return err_prefix(e, "%s: ", role);
		if ((rc = store_int_cached(s, sql, &st, e)))
			return rc;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, code_id);
		db_bind_int(st, 3, i);
		if ((rc = run_cached(s, st, what, e)))
			return rc;
	}
	return 0;
}

/* Writes the rows of meeting_unit and meeting_indicator for m (old ones removed). */
static int meeting_write_links(store *s, const meeting *m, err *e)
{
	int rc;
	if ((rc = run_id(s, "DELETE FROM meeting_unit WHERE meeting_id = ?1", m->id,
			 "không xóa được đơn vị dự họp cũ", e)) ||
	    (rc = run_id(s, "DELETE FROM meeting_indicator WHERE meeting_id = ?1", m->id,
			 "không xóa được chỉ tiêu cũ của cuộc họp", e)) ||
	    (rc = save_codes(s, "INSERT INTO meeting_unit (meeting_id, unit_id, pos) VALUES (?1, ?2, ?3)",
			     m->id, m->units, m->n_units, true, "đơn vị dự họp (units)",
			     "không ghi được đơn vị dự họp", e)))
		return rc;
	return save_codes(s,
			  "INSERT INTO meeting_indicator (meeting_id, indicator_id, pos) VALUES (?1, ?2, ?3)",
			  m->id, m->indicators, m->n_indicators, false, "chỉ tiêu xem xét (indicators)",
			  "không ghi được chỉ tiêu của cuộc họp", e);
}

/* A meeting's tasks are assigned on its day: those on another day (its date
 * moved) move with it; none change when the date did not move. */
static int meeting_move_tasks(store *s, const meeting *m, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s,
				  "UPDATE task SET assigned_on = ?2"
				  " WHERE meeting_id = ?1 AND assigned_on <> ?2",
				  &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, m->id);
	store_int_bind_date(st, 2, m->date);
	return run_cached(s, st, "không cập nhật được ngày giao của nhiệm vụ", e);
}

int store_meeting_task_count(store *s, int64_t id, long long *n, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s, "SELECT COUNT(*) FROM task WHERE meeting_id = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int(st, 0) : 0;
	store_int_release(st);
	return rc == DB_ROW ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đếm nhiệm vụ của cuộc họp");
}

int store_meeting_put(store *s, meeting *m, err *e)
{
	meeting w = *m;
	int64_t unit_id = 0;
	char pcode[32] = "";
	db_stmt *st;
	int rc;

	if (!w.created_by[0])
		snprintf(w.created_by, sizeof w.created_by, "%s", s->actor);
	if (w.has_period && (rc = period_text(&w.period, pcode, sizeof pcode, e)))
		return rc;
	if ((rc = begin(s, e)))
		return rc;
	if ((rc = store_int_unit_id(s, w.unit_code, &unit_id, e))) {
		err_prefix(e, "đơn vị tổ chức cuộc họp (unit): ");
		goto done;
	}
	if (w.id == 0) {
		if (!w.created_at)
			w.created_at = store_int_now(s);
		rc = store_int_cached(s,
				      "INSERT INTO meeting (kind, title, held_on, time_min, unit_id, chair,"
				      " attendees, period, conclusions, notice_no, created_by, created_at)"
				      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
				      &st, e);
	} else {
		/* who created it and when stay as stored, and come back */
		rc = store_int_cached(s,
				      "UPDATE meeting SET kind = ?1, title = ?2, held_on = ?3, time_min = ?4,"
				      " unit_id = ?5, chair = ?6, attendees = ?7, period = ?8,"
				      " conclusions = ?9, notice_no = ?10 WHERE id = ?13"
				      " RETURNING id, created_by, created_at",
				      &st, e);
	}
	if (rc)
		goto done;
	db_bind_text(st, 1, meeting_kind_code(w.kind));
	db_bind_text(st, 2, w.title);
	store_int_bind_date(st, 3, w.date);
	if (w.time_min >= 0)
		db_bind_int(st, 4, w.time_min);
	db_bind_int(st, 5, unit_id);
	db_bind_text(st, 6, w.chair);
	db_bind_text(st, 7, w.attendees);
	if (w.has_period)
		db_bind_text(st, 8, pcode);
	db_bind_text(st, 9, w.conclusions);
	db_bind_text(st, 10, w.notice_no);
	if (w.id == 0) {
		db_bind_text(st, 11, w.created_by);
		db_bind_int(st, 12, w.created_at);
	} else {
		db_bind_int(st, 13, w.id);
	}
	bool update = w.id != 0;
	rc = db_step(st);
	if (rc == DB_ROW) {
		w.id = db_col_int(st, 0);
		if (update) {
			store_int_col_text(st, 1, w.created_by, sizeof w.created_by);
			w.created_at = db_col_int(st, 2);
		}
		rc = 0;
	} else if (rc == DB_DONE && update) {
		rc = err_set(e, ERR_NOTFOUND, "không có cuộc họp số %lld", (long long)w.id);
	} else {
		rc = store_int_dberr(s, e, "không ghi được cuộc họp");
	}
	store_int_release(st);
	if (!rc && update)
		rc = meeting_move_tasks(s, &w, e);
	if (!rc)
		rc = meeting_write_links(s, &w, e);
done:
	rc = finish(s, rc, e);
	if (!rc)
		*m = w;
	return rc;
}

int store_meeting_list(store *s, const store_meeting_filter *f, meeting **out, size_t *n, err *e)
{
	int64_t unit_id = 0;
	db_stmt *st;
	void *arr = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	if (f && f->unit_code && (rc = store_int_unit_id(s, f->unit_code, &unit_id, e)))
		return rc;
	/* Started before the list statement is taken from the cache: starting it
	 * could otherwise reuse that statement's cache slot. */
	bool mine = store_int_read_start(s);
	rc = store_int_cached(s,
			      MEETING_COLS " WHERE (CAST(?1 AS BIGINT) IS NULL OR m.unit_id = ?1)"
			      " AND (CAST(?2 AS TEXT) IS NULL OR m.kind = ?2)"
			      " AND (CAST(?3 AS TEXT) IS NULL OR m.held_on >= ?3)"
			      " AND (CAST(?4 AS TEXT) IS NULL OR m.held_on <= ?4)"
			      " AND m.held_on <= ?5 AND (m.held_on, COALESCE(m.time_min, -1), m.id) < (?5, ?6, ?7)"
			      " ORDER BY m.held_on DESC, COALESCE(m.time_min, -1) DESC, m.id DESC LIMIT ?8",
			      &st, e);
	if (rc) {
		store_int_read_stop(s, mine);
		return rc;
	}
	if (f && f->unit_code)
		db_bind_int(st, 1, unit_id);
	if (f && f->kind)
		db_bind_text(st, 2, meeting_kind_code((meeting_kind)f->kind));
	if (f) {
		store_int_bind_date(st, 3, f->from);
		store_int_bind_date(st, 4, f->to);
	}
	/* keyset: the next page starts after the last row of this one (the first
	 * page after a key past every row); held_on <= ?5 lets the index seek */
	if (f && f->after) {
		store_int_bind_date(st, 5, f->after->date);
		db_bind_int(st, 6, f->after->time_min >= 0 ? f->after->time_min : -1);
		db_bind_int(st, 7, f->after->id);
	} else {
		db_bind_text(st, 5, "9999-12-31");
		db_bind_int(st, 6, INT_MAX);
		db_bind_int(st, 7, INT64_MAX);
	}
	db_bind_int(st, 8, f && f->limit > 0 ? f->limit : INT64_MAX); /* no limit, on both engines */
	rc = store_int_collect(s, st, sizeof **out, read_meeting, NULL, "các cuộc họp", &arr, n, e);
	store_int_release(st);
	meeting *ms = arr;
	for (size_t i = 0; !rc && i < *n; i++)
		rc = meeting_links(s, &ms[i], e);
	store_int_read_stop(s, mine);
	if (rc) {
		free(ms);
		*n = 0;
		return rc;
	}
	*out = ms;
	return 0;
}

int store_meeting_delete(store *s, int64_t id, err *e)
{
	static const char *const del[] = {
		"DELETE FROM meeting_unit WHERE meeting_id = ?1",
		"DELETE FROM meeting_indicator WHERE meeting_id = ?1",
		"DELETE FROM meeting WHERE id = ?1",
	};
	int rc;
	if ((rc = begin(s, e)))
		return rc;
	for (size_t i = 0; i < sizeof del / sizeof del[0] && !rc; i++)
		rc = run_id(s, del[i], id, "không xóa được cuộc họp", e);
	/* the last statement deleted the meeting's own row, or found none */
	if (!rc && db_changes(s->db) == 0)
		rc = err_set(e, ERR_NOTFOUND, "không có cuộc họp số %lld", (long long)id);
	return finish(s, rc, e);
}

/* ---- tasks: reading --------------------------------------------------- */

#define TASK_COLS                                                                            \
	"SELECT t.id, t.content, ou.code, t.meeting_id, t.assigned_by, t.assigned_on,"        \
	" t.due_period, t.due, t.due_original, t.priority, t.state, t.done_on, t.percent,"     \
	" t.created_at, t.updated_at FROM task t JOIN unit ou ON ou.id = t.owner_unit_id"

static int read_task(db_stmt *st, void *elem, void *ctx, err *e)
{
	task *t = elem;
	char code[32];
	int rc;
	(void)ctx;
	t->id = db_col_int(st, 0);
	store_int_col_text(st, 1, t->content, sizeof t->content);
	store_int_col_text(st, 2, t->owner_unit, sizeof t->owner_unit);
	t->meeting_id = db_col_int(st, 3);
	store_int_col_text(st, 4, t->assigned_by, sizeof t->assigned_by);
	if ((rc = store_int_col_date(st, 5, &t->assigned_on, e)) ||
	    (rc = col_period(st, 6, &t->due_is_period, &t->due_period, e)) ||
	    (rc = store_int_col_date(st, 7, &t->due, e)) ||
	    (rc = store_int_col_date(st, 8, &t->due_original, e)))
		return err_prefix(e, "nhiệm vụ số %lld: ", (long long)t->id);
	store_int_col_text(st, 9, code, sizeof code);
	if (task_priority_from_code(code, &t->priority, NULL))
		return err_set(e, ERR_DB, "nhiệm vụ số %lld có mức ưu tiên \"%s\" không hợp lệ trong CSDL",
			       (long long)t->id, code);
	store_int_col_text(st, 10, code, sizeof code);
	if (task_state_from_code(code, &t->state, NULL))
		return err_set(e, ERR_DB, "nhiệm vụ số %lld có trạng thái \"%s\" không hợp lệ trong CSDL",
			       (long long)t->id, code);
	if ((rc = store_int_col_date(st, 11, &t->done_on, e)))
		return err_prefix(e, "nhiệm vụ số %lld: ", (long long)t->id);
	t->percent = (int)db_col_int(st, 12);
	t->created_at = db_col_int(st, 13);
	t->updated_at = db_col_int(st, 14);
	return 0;
}

/* Loads the lead, coordinating units and agencies, and indicators of t (t->id set). */
static int task_links(store *s, task *t, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s,
				  "SELECT x.role, u.code, a.code FROM task_unit x"
				  " LEFT JOIN unit u ON u.id = x.unit_id"
				  " LEFT JOIN agency a ON a.id = x.agency_id"
				  " WHERE x.task_id = ?1 ORDER BY x.role DESC, x.pos",
				  &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, t->id);
	t->lead_unit[0] = t->lead_agency[0] = '\0';
	t->n_coord = t->n_coord_agencies = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		char role[16];
		bool is_unit = !db_col_null(st, 1);
		store_int_col_text(st, 0, role, sizeof role);
		if (!strcmp(role, "lead")) {
			store_int_col_text(st, is_unit ? 1 : 2, is_unit ? t->lead_unit : t->lead_agency,
					   CODE_MAX);
		} else if (is_unit && t->n_coord < TASK_UNITS_MAX) {
			store_int_col_text(st, 1, t->coord_units[t->n_coord++], CODE_MAX);
		} else if (!is_unit && t->n_coord_agencies < TASK_UNITS_MAX) {
			store_int_col_text(st, 2, t->coord_agencies[t->n_coord_agencies++], CODE_MAX);
		}
	}
	store_int_release(st);
	if (rc != DB_DONE)
		return store_int_dberr(s, e, "lỗi CSDL khi đọc đơn vị của nhiệm vụ");
	return load_codes(s,
			  "SELECT i.code FROM task_indicator x JOIN indicator i ON i.id = x.indicator_id"
			  " WHERE x.task_id = ?1 ORDER BY x.pos",
			  t->id, t->indicators, TASK_INDICATORS_MAX, &t->n_indicators,
			  "lỗi CSDL khi đọc chỉ tiêu của nhiệm vụ", e);
}

int store_task_get(store *s, int64_t id, task *out, err *e)
{
	bool mine = store_int_read_start(s);
	int rc = get_by_id(s, TASK_COLS " WHERE t.id = ?1", id, sizeof *out, read_task, "nhiệm vụ",
			   out, e);
	if (!rc)
		rc = task_links(s, out, e);
	store_int_read_stop(s, mine);
	return rc;
}

/* True when t is visible through f->units / f->or_agency. */
static bool task_visible(const task *t, const store_task_filter *f)
{
	for (size_t i = 0; i < f->n_units; i++) {
		const char *c = f->units[i];
		if (!c)
			continue;
		if (!strcmp(t->owner_unit, c) || !strcmp(t->lead_unit, c))
			return true;
		for (int k = 0; k < t->n_coord; k++)
			if (!strcmp(t->coord_units[k], c))
				return true;
	}
	if (f->or_agency && f->or_agency[0]) {
		if (!strcmp(t->lead_agency, f->or_agency))
			return true;
		for (int k = 0; k < t->n_coord_agencies; k++)
			if (!strcmp(t->coord_agencies[k], f->or_agency))
				return true;
	}
	return false;
}

int store_task_list(store *s, const store_task_filter *f, task **out, size_t *n, err *e)
{
	store_task_filter none;
	int64_t unit_id = 0, agency_pk = 0, owner = 0, ind = 0;
	char sql[2048];
	db_stmt *st;
	void *arr = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!f) {
		memset(&none, 0, sizeof none);
		f = &none;
	}
	if ((f->unit_code && (rc = store_int_unit_id(s, f->unit_code, &unit_id, e))) ||
	    (f->agency_code && (rc = agency_id(s, f->agency_code, &agency_pk, e))) ||
	    (f->owner_unit && (rc = store_int_unit_id(s, f->owner_unit, &owner, e))) ||
	    (f->indicator && (rc = store_int_indicator_key(s, f->indicator, &ind, NULL, e))))
		return rc;
	const char *role = f->lead_only ? "lead" : f->coord_only ? "coord" : NULL;
	if (f->limit > 0 && f->units)
		return err_set(e, ERR_INVALID, "store_task_list: limit không dùng cùng units (lọc sau khi đọc)");

	/* The statement is assembled from fixed fragments (values are bound), so
	 * each filter shape is one cached statement that can use its index. */
	len += (size_t)snprintf(sql + len, sizeof sql - len, "%s WHERE 1 = 1", TASK_COLS);
	if (f->unit_code)
		len += (size_t)snprintf(sql + len, sizeof sql - len,
					" AND t.id IN (SELECT task_id FROM task_unit WHERE unit_id = ?1%s)",
					role ? " AND role = ?3" : "");
	if (f->agency_code)
		len += (size_t)snprintf(sql + len, sizeof sql - len,
					" AND t.id IN (SELECT task_id FROM task_unit WHERE agency_id = ?2%s)",
					role ? " AND role = ?3" : "");
	if (f->owner_unit)
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND t.owner_unit_id = ?4");
	if (f->meeting_id)
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND t.meeting_id = ?5");
	if (f->open_only)
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND t.state = 'open'");
	if (!cdate_is_none(f->due_from))
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND t.due >= ?6");
	if (!cdate_is_none(f->due_to))
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND t.due <= ?7");
	if (f->indicator)
		len += (size_t)snprintf(sql + len, sizeof sql - len,
					" AND t.id IN (SELECT task_id FROM task_indicator WHERE indicator_id = ?8)");
	if (f->after)
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND (t.due, t.id) > (?9, ?10)");
	len += (size_t)snprintf(sql + len, sizeof sql - len, " ORDER BY t.due, t.id%s",
				f->limit > 0 ? " LIMIT ?11" : "");
	if (len >= sizeof sql) /* never: the fragments are fixed; a cut statement must not run */
		return err_set(e, ERR_DB, "store_task_list: câu lệnh SQL quá dài");

	bool mine = store_int_read_start(s);
	if ((rc = store_int_cached(s, sql, &st, e))) {
		store_int_read_stop(s, mine);
		return rc;
	}
	if (f->unit_code)
		db_bind_int(st, 1, unit_id);
	if (f->agency_code)
		db_bind_int(st, 2, agency_pk);
	if (role && (f->unit_code || f->agency_code))
		db_bind_text(st, 3, role);
	if (f->owner_unit)
		db_bind_int(st, 4, owner);
	if (f->meeting_id)
		db_bind_int(st, 5, f->meeting_id);
	if (!cdate_is_none(f->due_from))
		store_int_bind_date(st, 6, f->due_from);
	if (!cdate_is_none(f->due_to))
		store_int_bind_date(st, 7, f->due_to);
	if (f->indicator)
		db_bind_int(st, 8, ind);
	if (f->after) {
		store_int_bind_date(st, 9, f->after->due);
		db_bind_int(st, 10, f->after->id);
	}
	if (f->limit > 0)
		db_bind_int(st, 11, f->limit);
	rc = store_int_collect(s, st, sizeof **out, read_task, NULL, "các nhiệm vụ", &arr, n, e);
	store_int_release(st);
	if (rc) {
		store_int_read_stop(s, mine);
		return rc;
	}
	task *ts = arr;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if ((rc = task_links(s, &ts[i], e))) {
			store_int_read_stop(s, mine);
			free(ts);
			*n = 0;
			return rc;
		}
		if (f->units && !task_visible(&ts[i], f))
			continue;
		if (kept != i)
			ts[kept] = ts[i];
		kept++;
	}
	store_int_read_stop(s, mine);
	*n = kept;
	if (!kept) {
		free(ts);
		ts = NULL;
	}
	*out = ts;
	return 0;
}

/* ---- tasks: writing --------------------------------------------------- */

/* Appends one history event of task `id` by the store's actor, now. */
static int add_event(store *s, int64_t id, task_event_kind kind, cdate old_due, cdate new_due,
		     cdate date, int percent, const char *reason, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s,
				  "INSERT INTO task_event (task_id, kind, old_due, new_due, event_date,"
				  " percent, reason, event_by, event_at)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				  &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, task_event_code(kind));
	store_int_bind_date(st, 3, old_due);
	store_int_bind_date(st, 4, new_due);
	store_int_bind_date(st, 5, date);
	db_bind_int(st, 6, percent);
	db_bind_text(st, 7, reason ? reason : "");
	db_bind_text(st, 8, s->actor);
	db_bind_int(st, 9, store_int_now(s));
	return run_cached(s, st, "không ghi được lịch sử nhiệm vụ", e);
}

/* Inserts one task_unit row. */
static int add_task_unit(store *s, int64_t task_id, const char *role, int64_t unit_id,
			 int64_t agency_pk, int pos, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s,
				  "INSERT INTO task_unit (task_id, role, unit_id, agency_id, pos)"
				  " VALUES (?1, ?2, ?3, ?4, ?5)",
				  &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, task_id);
	db_bind_text(st, 2, role);
	if (unit_id)
		db_bind_int(st, 3, unit_id);
	if (agency_pk)
		db_bind_int(st, 4, agency_pk);
	db_bind_int(st, 5, pos);
	return run_cached(s, st, "không ghi được đơn vị của nhiệm vụ", e);
}

/* Replaces the task_unit and task_indicator rows of t, resolving every code. */
static int task_write_links(store *s, const task *t, err *e)
{
	static const char *const del[] = {
		"DELETE FROM task_unit WHERE task_id = ?1",
		"DELETE FROM task_indicator WHERE task_id = ?1",
	};
	int64_t id;
	int rc;
	for (size_t i = 0; i < 2; i++)
		if ((rc = run_id(s, del[i], t->id, "không xóa được liên kết cũ của nhiệm vụ", e)))
			return rc;
	if (t->lead_unit[0]) {
		if ((rc = unit_id_as(s, t->lead_unit, "đơn vị chủ trì (lead_unit)", &id, e)) ||
		    (rc = add_task_unit(s, t->id, "lead", id, 0, 0, e)))
			return rc;
	} else {
		if ((rc = agency_id(s, t->lead_agency, &id, e)))
			return err_prefix(e, "cơ quan chủ trì (lead_agency): ");
		if ((rc = add_task_unit(s, t->id, "lead", 0, id, 0, e)))
			return rc;
	}
	for (int i = 0; i < t->n_coord; i++)
		if ((rc = unit_id_as(s, t->coord_units[i], "đơn vị phối hợp (coord_units)", &id, e)) ||
		    (rc = add_task_unit(s, t->id, "coord", id, 0, i, e)))
			return rc;
	for (int i = 0; i < t->n_coord_agencies; i++) {
		if ((rc = agency_id(s, t->coord_agencies[i], &id, e)))
			return err_prefix(e, "cơ quan phối hợp (coord_agencies): ");
		if ((rc = add_task_unit(s, t->id, "coord", 0, id, t->n_coord + i, e)))
			return rc;
	}
	return save_codes(s, "INSERT INTO task_indicator (task_id, indicator_id, pos) VALUES (?1, ?2, ?3)",
			  t->id, t->indicators, t->n_indicators, false, "chỉ tiêu liên quan (indicators)",
			  "không ghi được chỉ tiêu của nhiệm vụ", e);
}

/* Writes the task row of w (insert when w->id is 0; fills it). */
static int task_write_row(store *s, task *w, int64_t owner_id, err *e)
{
	char pcode[32] = "";
	db_stmt *st;
	int rc;
	if (w->due_is_period && (rc = period_text(&w->due_period, pcode, sizeof pcode, e)))
		return rc;
	if (w->id == 0)
		rc = store_int_cached(s,
				      "INSERT INTO task (content, owner_unit_id, meeting_id, assigned_by,"
				      " assigned_on, due_period, due, due_original, priority, state, done_on,"
				      " percent, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
				      " ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
				      &st, e);
	else
		rc = store_int_cached(s,
				      "UPDATE task SET content = ?1, owner_unit_id = ?2, due_period = ?6,"
				      " due = ?7, due_original = ?8, priority = ?9, updated_at = ?14"
				      " WHERE id = ?15 RETURNING id",
				      &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, w->content);
	db_bind_int(st, 2, owner_id);
	if (w->id == 0) {
		if (w->meeting_id)
			db_bind_int(st, 3, w->meeting_id);
		db_bind_text(st, 4, w->assigned_by);
		store_int_bind_date(st, 5, w->assigned_on);
		db_bind_text(st, 10, task_state_code(w->state));
		store_int_bind_date(st, 11, w->done_on);
		db_bind_int(st, 12, w->percent);
		db_bind_int(st, 13, w->created_at);
	} else {
		db_bind_int(st, 15, w->id);
	}
	if (w->due_is_period)
		db_bind_text(st, 6, pcode);
	store_int_bind_date(st, 7, w->due);
	store_int_bind_date(st, 8, w->due_original);
	db_bind_text(st, 9, task_priority_code(w->priority));
	db_bind_int(st, 14, w->updated_at);
	rc = db_step(st);
	if (rc == DB_ROW) {
		w->id = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE && w->id) {
		rc = err_set(e, ERR_NOTFOUND, "không có nhiệm vụ số %lld", (long long)w->id);
	} else {
		rc = store_int_dberr(s, e, "không ghi được nhiệm vụ");
	}
	store_int_release(st);
	return rc;
}

int store_task_put(store *s, task *t, err *e)
{
	task w = *t;
	int64_t owner_id = 0;
	int rc;

	if (!w.id && !w.assigned_by[0])
		snprintf(w.assigned_by, sizeof w.assigned_by, "%s", s->actor);
	if ((rc = begin(s, e)))
		return rc;
	if ((rc = unit_id_as(s, w.owner_unit, "đơn vị giao (owner_unit)", &owner_id, e)))
		goto done;
	bool insert = w.id == 0;
	if ((rc = task_write_row(s, &w, owner_id, e)) || (rc = task_write_links(s, &w, e)))
		goto done;
	if (insert)
		rc = add_event(s, w.id, TASK_EV_CREATED, (cdate){0, 0, 0}, w.due, w.assigned_on, 0, "", e);
	else
		rc = add_event(s, w.id, TASK_EV_EDITED, (cdate){0, 0, 0}, w.due, (cdate){0, 0, 0},
			       w.percent, "", e);
done:
	rc = finish(s, rc, e);
	if (!rc)
		*t = w;
	return rc;
}

/* A reason fits its column (task_event.reason is read into TASK_REASON_MAX bytes). */
static int reason_fits(const char *reason, err *e)
{
	if (reason && strlen(reason) >= TASK_REASON_MAX)
		return err_set(e, ERR_INVALID, "lý do (reason) dài quá %d byte", TASK_REASON_MAX - 1);
	return 0;
}

/* Sets a task's state (and done_on, due, percent) with one UPDATE;
 * ERR_NOTFOUND when there is no task t->id. */
static int set_state(store *s, const task *t, err *e)
{
	char pcode[32] = "";
	db_stmt *st;
	int rc;
	if (t->due_is_period && (rc = period_text(&t->due_period, pcode, sizeof pcode, e)))
		return rc;
	if ((rc = store_int_cached(s,
				   "UPDATE task SET state = ?2, done_on = ?3, due = ?4, due_period = ?5,"
				   " percent = ?6, updated_at = ?7 WHERE id = ?1",
				   &st, e)))
		return rc;
	db_bind_int(st, 1, t->id);
	db_bind_text(st, 2, task_state_code(t->state));
	store_int_bind_date(st, 3, t->state == TASK_DONE ? t->done_on : (cdate){0, 0, 0});
	store_int_bind_date(st, 4, t->due);
	if (t->due_is_period)
		db_bind_text(st, 5, pcode);
	db_bind_int(st, 6, t->percent);
	db_bind_int(st, 7, store_int_now(s));
	if ((rc = run_cached(s, st, "không cập nhật được nhiệm vụ", e)))
		return rc;
	if (db_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "không có nhiệm vụ số %lld", (long long)t->id);
	return 0;
}

/* In one transaction: the state of t (set_state), then the event `kind`
 * of it with t's percent and the reason. */
static int change_state(store *s, const task *t, task_event_kind kind, cdate old_due,
			cdate new_due, cdate date, const char *reason, err *e)
{
	int rc;
	if ((rc = reason_fits(reason, e)) || (rc = begin(s, e)))
		return rc;
	if (!(rc = set_state(s, t, e)))
		rc = add_event(s, t->id, kind, old_due, new_due, date, t->percent, reason, e);
	return finish(s, rc, e);
}

int store_task_extend(store *s, const task *stored, cdate new_due, const char *reason, err *e)
{
	task t = *stored;
	t.due = new_due;
	t.due_is_period = false;
	memset(&t.due_period, 0, sizeof t.due_period);
	return change_state(s, &t, TASK_EV_EXTENDED, stored->due, new_due, (cdate){0, 0, 0}, reason,
			    e);
}

int store_task_cancel(store *s, const task *stored, const char *reason, err *e)
{
	task t = *stored;
	t.state = TASK_CANCELLED;
	return change_state(s, &t, TASK_EV_CANCELLED, (cdate){0, 0, 0}, (cdate){0, 0, 0},
			    (cdate){0, 0, 0}, reason, e);
}

int store_task_reopen(store *s, const task *stored, const char *reason, err *e)
{
	task t = *stored;
	t.state = TASK_OPEN;
	memset(&t.done_on, 0, sizeof t.done_on);
	return change_state(s, &t, TASK_EV_REOPENED, (cdate){0, 0, 0}, (cdate){0, 0, 0},
			    stored->done_on, reason, e);
}

int store_task_progress_add(store *s, const task *stored, task_progress *p, const void *attach,
			    size_t attach_len, err *e)
{
	task_progress w = *p;
	task t = *stored;
	db_stmt *st;
	int rc;

	if (!attach)
		attach_len = 0;
	task_progress_attach(&w, attach_len);
	w.task_id = t.id;
	if (!w.by[0])
		snprintf(w.by, sizeof w.by, "%s", s->actor);
	w.at = store_int_now(s);
	/* The task keeps the latest percent; a report of done closes it on its day. */
	t.percent = w.percent;
	if (w.done) {
		t.state = TASK_DONE;
		t.done_on = w.date;
	}
	if ((rc = begin(s, e)))
		return rc;
	if ((rc = set_state(s, &t, e)))
		goto done;
	if ((rc = store_int_cached(s,
				   "INSERT INTO task_progress (task_id, lead_code, body, percent, report_date,"
				   " done, attach_name, attach_type, attach_size, reported_by, reported_at)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
				   &st, e)))
		goto done;
	db_bind_int(st, 1, t.id);
	db_bind_text(st, 2, w.lead_code);
	db_bind_text(st, 3, w.text);
	db_bind_int(st, 4, w.percent);
	store_int_bind_date(st, 5, w.date);
	db_bind_int(st, 6, w.done ? 1 : 0);
	db_bind_text(st, 7, w.attach_name);
	db_bind_text(st, 8, w.attach_type);
	db_bind_int(st, 9, w.attach_size);
	db_bind_text(st, 10, w.by);
	db_bind_int(st, 11, w.at);
	rc = db_step(st);
	if (rc == DB_ROW) {
		w.id = db_col_int(st, 0);
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "không ghi được báo cáo tiến độ");
	}
	store_int_release(st);
	if (rc)
		goto done;
	if (attach_len) {
		if ((rc = store_int_cached(s,
					   "INSERT INTO task_attachment (progress_id, data) VALUES (?1, ?2)",
					   &st, e)))
			goto done;
		db_bind_int(st, 1, w.id);
		db_bind_blob(st, 2, attach, (size_t)attach_len);
		if ((rc = run_cached(s, st, "không ghi được tệp đính kèm", e)))
			goto done;
	}
	if ((rc = add_event(s, t.id, TASK_EV_PROGRESS, (cdate){0, 0, 0}, (cdate){0, 0, 0}, w.date,
			    w.percent, "", e)))
		goto done;
	if (w.done)
		rc = add_event(s, t.id, TASK_EV_DONE, (cdate){0, 0, 0}, (cdate){0, 0, 0}, w.date, 100, "",
			       e);
done:
	rc = finish(s, rc, e);
	if (!rc)
		*p = w;
	return rc;
}

#define PROGRESS_COLS                                                                      \
	"SELECT p.id, p.task_id, p.lead_code, p.body, p.percent, p.report_date, p.done,"    \
	" p.attach_name, p.attach_type, p.attach_size, p.reported_by, p.reported_at"        \
	" FROM task_progress p"

static int read_progress(db_stmt *st, void *elem, void *ctx, err *e)
{
	task_progress *p = elem;
	(void)ctx;
	p->id = db_col_int(st, 0);
	p->task_id = db_col_int(st, 1);
	store_int_col_text(st, 2, p->lead_code, sizeof p->lead_code);
	store_int_col_text(st, 3, p->text, sizeof p->text);
	p->percent = (int)db_col_int(st, 4);
	int rc = store_int_col_date(st, 5, &p->date, e);
	if (rc)
		return rc;
	p->done = (int)db_col_int(st, 6) != 0;
	store_int_col_text(st, 7, p->attach_name, sizeof p->attach_name);
	store_int_col_text(st, 8, p->attach_type, sizeof p->attach_type);
	p->attach_size = db_col_int(st, 9);
	store_int_col_text(st, 10, p->by, sizeof p->by);
	p->at = db_col_int(st, 11);
	return 0;
}

/* ERR_NOTFOUND unless task id exists. */
static int task_exists(store *s, int64_t id, err *e)
{
	db_stmt *st;
	int rc = store_int_cached(s, "SELECT 1 FROM task WHERE id = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	store_int_release(st);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOTFOUND, "không có nhiệm vụ số %lld", (long long)id);
	return store_int_dberr(s, e, "lỗi CSDL khi tìm nhiệm vụ");
}

/* The rows of `sql` (binding ?1 to task_id) read through rd into a new
 * array *out (caller frees); ERR_NOTFOUND when task task_id does not exist. */
static int task_rows(store *s, int64_t task_id, const char *sql, size_t size,
		     int (*rd)(db_stmt *, void *, void *, err *), const char *what, void **out,
		     size_t *n, err *e)
{
	db_stmt *st;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = task_exists(s, task_id, e)) || (rc = store_int_cached(s, sql, &st, e)))
		return rc;
	db_bind_int(st, 1, task_id);
	rc = store_int_collect(s, st, size, rd, NULL, what, out, n, e);
	store_int_release(st);
	return rc;
}

int store_task_progress_list(store *s, int64_t task_id, task_progress **out, size_t *n, err *e)
{
	void *arr = NULL;
	int rc = task_rows(s, task_id, PROGRESS_COLS " WHERE p.task_id = ?1 ORDER BY p.id",
			   sizeof **out, read_progress, "các báo cáo tiến độ", &arr, n, e);
	*out = arr;
	return rc;
}

int store_task_attachment(store *s, int64_t progress_id, task_progress *p, void **data,
			  size_t *len, err *e)
{
	db_stmt *st;
	int rc;
	*data = NULL;
	*len = 0;
	if ((rc = store_int_cached(s,
				   "SELECT p.id, p.task_id, p.lead_code, p.body, p.percent, p.report_date,"
				   " p.done, p.attach_name, p.attach_type, p.attach_size, p.reported_by,"
				   " p.reported_at, a.data FROM task_progress p"
				   " LEFT JOIN task_attachment a ON a.progress_id = p.id WHERE p.id = ?1",
				   &st, e)))
		return rc;
	db_bind_int(st, 1, progress_id);
	rc = db_step(st);
	if (rc != DB_ROW) {
		store_int_release(st);
		if (rc == DB_DONE)
			return err_set(e, ERR_NOTFOUND, "không có báo cáo tiến độ số %lld",
				       (long long)progress_id);
		return store_int_dberr(s, e, "lỗi CSDL khi đọc tệp đính kèm");
	}
	memset(p, 0, sizeof *p);
	if ((rc = read_progress(st, p, NULL, e))) {
		store_int_release(st);
		return rc;
	}
	if (db_col_null(st, 12)) {
		store_int_release(st);
		return err_set(e, ERR_NOTFOUND, "báo cáo tiến độ số %lld không có tệp đính kèm",
			       (long long)progress_id);
	}
	const void *b = db_col_blob(st, 12);
	size_t n = (size_t)db_col_bytes(st, 12);
	void *copy = malloc(n ? n : 1);
	if (!copy) {
		store_int_release(st);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc tệp đính kèm");
	}
	if (n)
		memcpy(copy, b, n);
	store_int_release(st);
	*data = copy;
	*len = n;
	return 0;
}

static int read_event(db_stmt *st, void *elem, void *ctx, err *e)
{
	task_event *v = elem;
	char kind[32];
	int rc;
	(void)ctx;
	v->id = db_col_int(st, 0);
	v->task_id = db_col_int(st, 1);
	store_int_col_text(st, 2, kind, sizeof kind);
	if (task_event_from_code(kind, &v->kind, NULL))
		return err_set(e, ERR_DB, "sự kiện số %lld có loại \"%s\" không hợp lệ trong CSDL",
			       (long long)v->id, kind);
	if ((rc = store_int_col_date(st, 3, &v->old_due, e)) ||
	    (rc = store_int_col_date(st, 4, &v->new_due, e)) ||
	    (rc = store_int_col_date(st, 5, &v->date, e)))
		return rc;
	v->percent = (int)db_col_int(st, 6);
	store_int_col_text(st, 7, v->reason, sizeof v->reason);
	store_int_col_text(st, 8, v->by, sizeof v->by);
	v->at = db_col_int(st, 9);
	return 0;
}

int store_task_events(store *s, int64_t task_id, task_event **out, size_t *n, err *e)
{
	void *arr = NULL;
	int rc = task_rows(s, task_id,
			   "SELECT id, task_id, kind, old_due, new_due, event_date, percent, reason,"
			   " event_by, event_at FROM task_event WHERE task_id = ?1 ORDER BY id",
			   sizeof **out, read_event, "lịch sử nhiệm vụ", &arr, n, e);
	*out = arr;
	return rc;
}
