/*
 * store_units.c - units (the administrative tree with validity
 * windows), their predecessor links, and agencies, on either engine.
 *
 * Tree order is built in C after one ordered load, so the SQL stays plain.
 * The rules a unit keeps against other records (its parent's window, no
 * cycle, its children, its values and targets, a link from itself) are
 * core/unit_rules.c's: this file reads their facts in the write's
 * transaction, calls them, and writes.
 * Not for: values or indicators (store_values.c, store_catalog.c).
 */
#include "store/store_int.h"
#include "store/vrow.h"

#include "core/unit_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- units ------------------------------------------------------------ */

#define UNIT_COLS                                                                      \
	"SELECT u.id, u.code, u.name, u.type, p.code, u.parent_id, u.valid_from, u.valid_to" \
	" FROM unit u LEFT JOIN unit p ON p.id = u.parent_id"

/* Reads one row of UNIT_COLS into elem (a unit); a store_int_collect reader. */
static int read_unit(db_stmt *st, void *elem, void *ctx, err *e)
{
	unit *u = elem;
	char type[32];
	int rc;
	(void)ctx;
	memset(u, 0, sizeof *u);
	u->id = db_col_int(st, 0);
	store_int_col_text(st, 1, u->code, sizeof u->code);
	store_int_col_text(st, 2, u->name, sizeof u->name);
	store_int_col_text(st, 3, type, sizeof type);
	store_int_col_text(st, 4, u->parent_code, sizeof u->parent_code);
	u->parent_id = db_col_int(st, 5);
	if (unit_type_from_code(type, &u->type, e) != 0)
		return err_set(e, ERR_DB, "đơn vị %s có loại \"%s\" không hợp lệ trong CSDL", u->code,
			       type);
	if ((rc = store_int_col_date(st, 6, &u->valid_from, e)) != 0 ||
	    (rc = store_int_col_date(st, 7, &u->valid_to, e)) != 0)
		return err_prefix(e, "đơn vị %s: ", u->code);
	return 0;
}

int store_unit_get(store *s, const char *code, unit *out, err *e)
{
	db_stmt *st = store_int_stmt(s, ST_UNIT_GET, e);
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_unit(st, out, NULL, e);
	else if (rc == DB_DONE)
		rc = err_set(e, ERR_NOTFOUND, "không có đơn vị mã \"%s\"", code);
	else
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc đơn vị");
	db_reset(st);
	return rc;
}

int store_unit_ancestry(store *s, const char *code, unit *out, size_t max, size_t *n, err *e)
{
	int rc;
	*n = 0;
	if (max == 0)
		return 0;
	if ((rc = store_unit_get(s, code, &out[0], e)) != 0)
		return rc;
	*n = 1;
	while (*n < max && out[*n - 1].parent_code[0]) {
		if ((rc = store_unit_get(s, out[*n - 1].parent_code, &out[*n], e)) != 0)
			return rc;
		(*n)++;
	}
	return 0;
}

/* Prepares sql of the two walks below into *st with ?1 the id of unit
 * `code` (ERR_NOTFOUND for an unknown one), ?2 year_lo and ?3 year_hi. */
static int edge_rows(store *s, const char *code, const char *sql, int year_lo, int year_hi,
		     db_stmt **st, err *e)
{
	int64_t id;
	int rc;
	if ((rc = store_int_unit_id(s, code, &id, e)) != 0 ||
	    (rc = store_int_prepare(s, sql, st, e)) != 0)
		return rc;
	db_bind_int(*st, 1, id);
	db_bind_int(*st, 2, year_lo);
	db_bind_int(*st, 3, year_hi);
	return 0;
}

int store_unit_value_periods(store *s, const char *code, int year_lo, int year_hi,
			     store_unit_value_cb cb, void *ctx, err *e)
{
	db_stmt *st = NULL;
	int rc;
	if ((rc = store_int_values_sync(s, e)) != 0 ||
	    (rc = edge_rows(s, code,
			    "SELECT i.code, i.freq, v.year, v.months FROM value_year v"
			    " JOIN indicator i ON i.id = v.indicator_id"
			    " WHERE v.unit_id = ?1 AND (v.year <= ?2 OR v.year >= ?3)"
			    " ORDER BY i.code, v.year",
			    year_lo, year_hi, &st, e)) != 0)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char icode[CODE_MAX], fc[32];
		ind_freq freq;
		uint16_t has, est;
		num_t amount[12];
		int year = (int)db_col_int(st, 2);
		store_int_col_text(st, 0, icode, sizeof icode);
		store_int_col_text(st, 1, fc, sizeof fc);
		if (vrow_decode_amounts(db_col_blob(st, 3), (size_t)db_col_bytes(st, 3),
					&has, &est, amount)) {
			rc = err_set(e, ERR_DB, "số liệu %s/%s năm %d bị hỏng (value_year)", icode,
				     code, year);
			goto done;
		}
		bool freq_ok = freq_from_code(fc, &freq, NULL) == 0; /* once per row, not per month */
		for (int m = 1; m <= 12; m++) {
			period p;
			if (!((has >> (m - 1)) & 1))
				continue;
			if (!freq_ok ||
			    !period_ending_in(freq_period_type(freq), year, m, &p)) {
				rc = err_set(e, ERR_DB,
					     "số liệu %s/%s năm %d tháng %d không ứng với kỳ nào", icode,
					     code, year, m);
				goto done;
			}
			if ((rc = cb(ctx, icode, &p, e)) != 0)
				goto done;
		}
	}
	rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi kiểm tra số liệu của đơn vị");
done:
	db_finalize(st);
	return rc;
}

int store_unit_target_years(store *s, const char *code, int year_lo, int year_hi,
			    store_unit_target_cb cb, void *ctx, err *e)
{
	db_stmt *st = NULL;
	int rc;
	if ((rc = edge_rows(s, code,
			    "SELECT i.code, t.year_from, t.year_to FROM target t"
			    " JOIN indicator i ON i.id = t.indicator_id"
			    " WHERE t.unit_id = ?1 AND (t.year_from <= ?2 OR t.year_to >= ?3)"
			    " ORDER BY i.code, t.year_from, t.year_to",
			    year_lo, year_hi, &st, e)) != 0)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char icode[CODE_MAX];
		store_int_col_text(st, 0, icode, sizeof icode);
		if ((rc = cb(ctx, icode, (int)db_col_int(st, 1), (int)db_col_int(st, 2), e)) != 0)
			goto done;
	}
	rc = rc == DB_DONE ? 0
			   : store_int_dberr(s, e, "lỗi CSDL khi kiểm tra chỉ tiêu giao của đơn vị");
done:
	db_finalize(st);
	return rc;
}

/* store_unit_value_periods' callback of unit_put_checked: the rule on u (ctx). */
static int value_inside(void *ctx, const char *indicator_code, const period *p, err *e)
{
	return unit_rules_value_inside(ctx, indicator_code, p, e);
}

/* store_unit_target_years' callback of unit_put_checked: the rule on u (ctx). */
static int target_inside(void *ctx, const char *indicator_code, int year_from, int year_to,
			 err *e)
{
	return unit_rules_target_inside(ctx, indicator_code, year_from, year_to, e);
}

/*
 * The rules of an existing unit's new window (core/unit_rules.h) over what
 * it already has: its children, then its values, then its targets.
 */
static int check_existing(store *s, unit *u, err *e)
{
	unit *kids = NULL;
	size_t n = 0;
	int year_lo, year_hi;
	int rc = store_unit_list(s, u->code, NULL, &kids, &n, e);
	if (rc == 0)
		rc = unit_rules_children(u, kids, n, e);
	free(kids);
	if (rc)
		return rc;
	unit_rules_edge_years(u, &year_lo, &year_hi);
	if ((rc = store_unit_value_periods(s, u->code, year_lo, year_hi, value_inside, u, e)) != 0)
		return rc;
	return store_unit_target_years(s, u->code, year_lo, year_hi, target_inside, u, e);
}

/* Reads u's parent line and applies the parent rules; *parent_id gets its id. */
static int check_parent(store *s, const unit *u, int64_t *parent_id, err *e)
{
	size_t n = 0;
	unit *line = malloc(UNIT_RULES_MAX_DEPTH * sizeof *line);
	int rc;
	if (!line)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc đơn vị cấp trên");
	rc = store_unit_ancestry(s, u->parent_code, line, UNIT_RULES_MAX_DEPTH, &n, e);
	if (rc == ERR_NOTFOUND && n == 0)
		rc = err_set(e, ERR_NOTFOUND, "đơn vị %s: không có đơn vị cấp trên mã \"%s\"",
			     u->code, u->parent_code);
	if (rc == 0 && (rc = unit_rules_within_parent(u, &line[0], e)) == 0 &&
	    (rc = unit_rules_ancestry(u, line, n, e)) == 0)
		*parent_id = line[0].id;
	free(line);
	return rc;
}

static int unit_put_checked(store *s, unit *u, err *e)
{
	unit old;
	db_stmt *st = NULL;
	int64_t parent_id = 0;
	int rc;

	if (u->parent_code[0] && (rc = check_parent(s, u, &parent_id, e)) != 0)
		return rc;
	rc = store_unit_get(s, u->code, &old, e);
	if (rc == 0) {
		if ((rc = check_existing(s, u, e)) != 0)
			return rc;
	} else if (rc != ERR_NOTFOUND) {
		return rc;
	}
	err_clear(e);

	rc = store_int_prepare(s,
			       "INSERT INTO unit (code, name, type, parent_id, valid_from, valid_to)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
			       " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
			       " type = excluded.type, parent_id = excluded.parent_id,"
			       " valid_from = excluded.valid_from, valid_to = excluded.valid_to"
			       " RETURNING id",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, u->code);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, unit_type_code(u->type));
	if (parent_id)
		db_bind_int(st, 4, parent_id);
	else
		db_bind_null(st, 4);
	store_int_bind_date(st, 5, u->valid_from);
	store_int_bind_date(st, 6, u->valid_to);
	if (db_step(st) != DB_ROW) {
		rc = store_int_dberr(s, e, "không ghi được đơn vị");
		err_prefix(e, "đơn vị %s: ", u->code);
	} else {
		u->id = db_col_int(st, 0);
		u->parent_id = parent_id;
		db_step(st); /* finish the statement */
	}
	db_finalize(st);
	return rc;
}

int store_unit_put(store *s, unit *u, err *e)
{
	int rc;
	if ((rc = unit_check(u, e)) != 0)
		return rc;
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	if ((rc = unit_put_checked(s, u, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	return store_int_commit(s, e);
}

/* Sorting aid for tree order: units by (parent_id, code). */
static int by_parent_code(const void *a, const void *b)
{
	const unit *x = *(const unit *const *)a, *y = *(const unit *const *)b;
	if (x->parent_id != y->parent_id)
		return x->parent_id < y->parent_id ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* First index in sorted[0..n) whose parent_id >= pid. */
static size_t lower_bound_parent(unit *const *sorted, size_t n, int64_t pid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sorted[mid]->parent_id < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Reorders arr (all units) so parents come before children: a depth-first walk by code. */
static int tree_order(unit *arr, size_t n, err *e)
{
	if (n == 0) /* nothing to order (arr may be NULL) */
		return 0;
	unit **sorted = malloc(n * sizeof *sorted);
	size_t *stack = malloc(n * sizeof *stack); /* cursor into sorted */
	unit *res = malloc(n * sizeof *res);
	bool *done = calloc(n, sizeof *done);
	size_t k = 0, top = 0;

	if (!sorted || !stack || !res || !done) {
		free(sorted);
		free(stack);
		free(res);
		free(done);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi sắp xếp cây đơn vị");
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = &arr[i];
	qsort(sorted, n, sizeof *sorted, by_parent_code);

	/* Roots have parent_id 0; each stack entry is the next child to visit. */
	stack[top++] = lower_bound_parent(sorted, n, 0);
	int64_t *pid = malloc((n + 1) * sizeof *pid);
	if (!pid) {
		free(sorted);
		free(stack);
		free(res);
		free(done);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi sắp xếp cây đơn vị");
	}
	pid[0] = 0;
	while (top > 0) {
		size_t c = stack[top - 1];
		if (c >= n || sorted[c]->parent_id != pid[top - 1]) {
			top--;
			continue;
		}
		stack[top - 1] = c + 1;
		res[k++] = *sorted[c];
		done[sorted[c] - arr] = true;
		if (top < n) { /* a cycle cannot make the stack grow past n */
			pid[top] = sorted[c]->id;
			stack[top++] = lower_bound_parent(sorted, n, sorted[c]->id);
		}
	}
	for (size_t i = 0; i < n; i++) /* unreachable rows (should not exist): keep them */
		if (!done[i])
			res[k++] = arr[i];
	memcpy(arr, res, n * sizeof *arr);
	free(pid);
	free(sorted);
	free(stack);
	free(res);
	free(done);
	return 0;
}

int store_unit_list(store *s, const char *parent_code, const cdate *on, unit **out, size_t *n,
		    err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int64_t pid = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (parent_code) {
		if ((rc = store_int_unit_id(s, parent_code, &pid, e)) != 0)
			return rc;
		rc = store_int_prepare(s, UNIT_COLS " WHERE u.parent_id = ?1 ORDER BY u.code", &st, e);
		if (rc)
			return rc;
		db_bind_int(st, 1, pid);
	} else {
		rc = store_int_prepare(s, UNIT_COLS " ORDER BY u.code", &st, e);
		if (rc)
			return rc;
	}
	rc = store_int_collect(s, st, sizeof **out, read_unit, NULL, "danh sách đơn vị", &arr, n, e);
	db_finalize(st);
	*out = arr;
	if (rc)
		return rc;
	if (!parent_code && (rc = tree_order(*out, *n, e)) != 0)
		goto fail;
	if (on && !cdate_is_none(*on)) {
		size_t k = 0;
		for (size_t i = 0; i < *n; i++) {
			unit *u = &(*out)[i];
			if ((!cdate_is_none(u->valid_from) && cdate_cmp(u->valid_from, *on) > 0) ||
			    (!cdate_is_none(u->valid_to) && cdate_cmp(u->valid_to, *on) < 0))
				continue;
			(*out)[k++] = *u;
		}
		*n = k;
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return rc;
}

/* ---- unit links ----------------------------------------------------- */

int store_unit_link_add(store *s, const char *code, const char *from_code, cdate date, err *e)
{
	db_stmt *st = NULL;
	int64_t id, from_id;
	int rc;

	if ((rc = unit_rules_link(code, from_code, date, e)) != 0 ||
	    (rc = store_int_write_guard(s, e)) != 0 ||
	    (rc = store_int_unit_id(s, code, &id, e)) != 0 ||
	    (rc = store_int_unit_id(s, from_code, &from_id, e)) != 0)
		return rc;
	rc = store_int_prepare(s,
			       "INSERT INTO unit_link (unit_id, from_unit_id, link_date)"
			       " VALUES (?1, ?2, ?3)"
			       " ON CONFLICT (unit_id, from_unit_id) DO UPDATE"
			       " SET link_date = excluded.link_date",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, from_id);
	store_int_bind_date(st, 3, date);
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không ghi được liên kết đơn vị");
	db_finalize(st);
	return rc;
}

/* Reads one unit_link row (unit code, from code, date) into elem. */
static int read_link(db_stmt *st, void *elem, void *ctx, err *e)
{
	unit_link *l = elem;
	(void)ctx;
	store_int_col_text(st, 0, l->code, sizeof l->code);
	store_int_col_text(st, 1, l->from_code, sizeof l->from_code);
	return store_int_col_date(st, 2, &l->date, e);
}

int store_unit_link_list(store *s, const char *code, unit_link **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int64_t id = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (code && (rc = store_int_unit_id(s, code, &id, e)) != 0)
		return rc;
	rc = store_int_prepare(s,
			       code ? "SELECT u.code, f.code, l.link_date FROM unit_link l"
				      " JOIN unit u ON u.id = l.unit_id JOIN unit f ON f.id = l.from_unit_id"
				      " WHERE l.unit_id = ?1 ORDER BY u.code, f.code"
				    : "SELECT u.code, f.code, l.link_date FROM unit_link l"
				      " JOIN unit u ON u.id = l.unit_id JOIN unit f ON f.id = l.from_unit_id"
				      " ORDER BY u.code, f.code",
			       &st, e);
	if (rc)
		return rc;
	if (code)
		db_bind_int(st, 1, id);
	rc = store_int_collect(s, st, sizeof **out, read_link, NULL, "liên kết đơn vị", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

/* Reads one code (column 0) into a CODE_MAX slot. */
static int read_code(db_stmt *st, void *row, void *ctx, err *e)
{
	(void)ctx;
	(void)e;
	store_int_col_text(st, 0, row, CODE_MAX);
	return 0;
}

int store_unit_successors(store *s, const char *code, char (**out)[CODE_MAX], size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int64_t id = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_int_unit_id(s, code, &id, e)) != 0 ||
	    (rc = store_int_cached(s,
				    "SELECT u.code FROM unit_link l JOIN unit u ON u.id = l.unit_id"
				    " WHERE l.from_unit_id = ?1 ORDER BY u.code",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, id);
	rc = store_int_collect(s, st, CODE_MAX, read_code, NULL, "đơn vị kế thừa", &arr, n, e);
	store_int_release(st);
	*out = arr;
	return rc;
}

/* ---- agencies ------------------------------------------------------- */

int store_agency_put(store *s, agency *a, err *e)
{
	db_stmt *st = NULL;
	int rc;

	if ((rc = agency_check(a, e)) != 0 || (rc = store_int_write_guard(s, e)) != 0)
		return rc;
	rc = store_int_prepare(s,
			       "INSERT INTO agency (code, name) VALUES (?1, ?2)"
			       " ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, a->code);
	db_bind_text(st, 2, a->name);
	if (db_step(st) == DB_ROW) {
		a->id = db_col_int(st, 0);
		db_step(st);
	} else {
		rc = store_int_dberr(s, e, "không ghi được cơ quan");
		err_prefix(e, "cơ quan %s: ", a->code);
	}
	db_finalize(st);
	return rc;
}

/* Reads one agency row (id, code, name) into elem. */
static int read_agency(db_stmt *st, void *elem, void *ctx, err *e)
{
	agency *a = elem;
	(void)ctx;
	(void)e;
	a->id = db_col_int(st, 0);
	store_int_col_text(st, 1, a->code, sizeof a->code);
	store_int_col_text(st, 2, a->name, sizeof a->name);
	return 0;
}

static int load_agencies(store *s, const char *code, agency **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc = store_int_cached(s,
				   code ? "SELECT id, code, name FROM agency WHERE code = ?1"
					: "SELECT id, code, name FROM agency ORDER BY code",
				   &st, e);
	if (rc)
		return rc;
	if (code)
		db_bind_text(st, 1, code);
	rc = store_int_collect(s, st, sizeof **out, read_agency, NULL, "cơ quan", &arr, n, e);
	store_int_release(st);
	*out = arr;
	return rc;
}

int store_agency_get(store *s, const char *code, agency *out, err *e)
{
	agency *arr = NULL;
	size_t n = 0;
	int rc = load_agencies(s, code, &arr, &n, e);
	if (rc)
		return rc;
	if (!store_int_take_first(arr, n, sizeof *out, out))
		return err_set(e, ERR_NOTFOUND, "không có cơ quan mã \"%s\"", code);
	return 0;
}

int store_agency_list(store *s, agency **out, size_t *n, err *e)
{
	*out = NULL;
	*n = 0;
	return load_agencies(s, NULL, out, n, e);
}
