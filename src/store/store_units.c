/*
 * store_units.c - units (the administrative tree with validity
 * windows), their predecessor links, and agencies, on SQLite.
 *
 * Tree order is built in C after one ordered load, so the SQL stays plain.
 * Not for: values or indicators (store_values.c, store_catalog.c).
 */
#include "store/store_int.h"
#include "store/vrow.h"

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

/* True when the window [from, to] (none = open) lies within [pfrom, pto]. */
static bool window_within(cdate from, cdate to, cdate pfrom, cdate pto)
{
	if (!cdate_is_none(pfrom) && (cdate_is_none(from) || cdate_cmp(from, pfrom) < 0))
		return false;
	if (!cdate_is_none(pto) && (cdate_is_none(to) || cdate_cmp(to, pto) > 0))
		return false;
	return true;
}

/* "từ 01/07/2025 đến nay" style text of a validity window. */
static void window_text(cdate from, cdate to, char *dst, size_t n)
{
	char a[16], b[16];
	if (cdate_is_none(from))
		snprintf(a, sizeof a, "trước đây");
	else
		store_int_date_vn(from, a, sizeof a);
	if (cdate_is_none(to))
		snprintf(b, sizeof b, "nay");
	else
		store_int_date_vn(to, b, sizeof b);
	snprintf(dst, n, "%s đến %s", a, b);
}

/* Refuses a parent that is u itself or one of its descendants. */
static int check_no_cycle(store *s, const unit *u, const unit *parent, err *e)
{
	unit cur = *parent;
	int rc;
	for (int guard = 0; guard < 64; guard++) {
		if (strcmp(cur.code, u->code) == 0)
			return err_set(e, ERR_CONFLICT,
				       "đơn vị %s không thể trực thuộc %s: %s là chính nó hoặc đơn vị "
				       "cấp dưới của nó",
				       u->code, parent->code, parent->code);
		if (cur.parent_code[0] == '\0')
			return 0;
		if ((rc = store_unit_get(s, cur.parent_code, &cur, e)) != 0)
			return rc;
	}
	return err_set(e, ERR_CONFLICT, "cây đơn vị trên %s sâu quá 64 cấp", parent->code);
}

/* The existing children of unit id must stay within its new window. */
static int check_children(store *s, const unit *u, int64_t id, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(s, UNIT_COLS " WHERE u.parent_id = ?1 ORDER BY u.code", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		unit c;
		char cw[64], pw[64];
		if ((rc = read_unit(st, &c, NULL, e)) != 0)
			goto done;
		if (!window_within(c.valid_from, c.valid_to, u->valid_from, u->valid_to)) {
			window_text(c.valid_from, c.valid_to, cw, sizeof cw);
			window_text(u->valid_from, u->valid_to, pw, sizeof pw);
			rc = err_set(e, ERR_CONFLICT,
				     "đơn vị cấp dưới %s (hiệu lực %s) sẽ nằm ngoài thời gian hiệu lực "
				     "mới của đơn vị %s (%s)",
				     c.code, cw, u->code, pw);
			goto done;
		}
	}
	rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi đọc đơn vị cấp dưới");
done:
	db_finalize(st);
	return rc;
}

/*
 * Values and targets of unit id must keep at least one day inside its new
 * window: the overlap rule of store_value_put. A period lies within one
 * calendar year, so only years at or beyond the window's ends are read.
 */
static int check_values_inside(store *s, const unit *u, int64_t id, err *e)
{
	db_stmt *st = NULL;
	char label[64], w[64];
	int year_lo = cdate_is_none(u->valid_from) ? 0 : u->valid_from.y;
	int year_hi = cdate_is_none(u->valid_to) ? 1000000 : u->valid_to.y;
	int rc;
	if ((rc = store_int_values_sync(s, e)) != 0 ||
	    (rc = store_int_prepare(s,
				    "SELECT i.code, i.freq, v.year, v.months FROM value_year v"
				    " JOIN indicator i ON i.id = v.indicator_id"
				    " WHERE v.unit_id = ?1 AND (v.year <= ?2 OR v.year >= ?3)"
				    " ORDER BY i.code, v.year",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, year_lo);
	db_bind_int(st, 3, year_hi);
	while ((rc = db_step(st)) == DB_ROW) {
		char code[CODE_MAX], fc[32];
		ind_freq freq;
		uint16_t has, est;
		num_t amount[12];
		int year = (int)db_col_int(st, 2);
		store_int_col_text(st, 0, code, sizeof code);
		store_int_col_text(st, 1, fc, sizeof fc);
		if (vrow_decode_amounts(db_col_blob(st, 3), (size_t)db_col_bytes(st, 3),
					&has, &est, amount)) {
			rc = err_set(e, ERR_DB, "số liệu %s/%s năm %d bị hỏng (value_year)", code,
				     u->code, year);
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
					     "số liệu %s/%s năm %d tháng %d không ứng với kỳ nào", code,
					     u->code, year, m);
				goto done;
			}
			if (!store_int_overlaps(period_start_date(&p), period_end_date(&p),
						u->valid_from, u->valid_to)) {
				store_int_period_label(&p, label, sizeof label);
				window_text(u->valid_from, u->valid_to, w, sizeof w);
				rc = err_set(e, ERR_CONFLICT,
					     "đơn vị %s có số liệu chỉ tiêu %s cho %s, nằm ngoài thời "
					     "gian hiệu lực mới (%s); hãy xóa hoặc chuyển số liệu trước",
					     u->code, code, label, w);
				goto done;
			}
		}
	}
	if (rc != DB_DONE) {
		rc = store_int_dberr(s, e, "lỗi CSDL khi kiểm tra số liệu của đơn vị");
		goto done;
	}
	db_finalize(st);
	rc = store_int_prepare(s,
			       "SELECT i.code, t.year_from, t.year_to FROM target t"
			       " JOIN indicator i ON i.id = t.indicator_id"
			       " WHERE t.unit_id = ?1 AND (t.year_from <= ?2 OR t.year_to >= ?3)"
			       " ORDER BY i.code, t.year_from, t.year_to",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, year_lo);
	db_bind_int(st, 3, year_hi);
	while ((rc = db_step(st)) == DB_ROW) {
		int y0 = (int)db_col_int(st, 1), y1 = (int)db_col_int(st, 2);
		cdate first = {y0, 1, 1}, last = {y1, 12, 31};
		if (!store_int_overlaps(first, last, u->valid_from, u->valid_to)) {
			char code[CODE_MAX];
			store_int_col_text(st, 0, code, sizeof code);
			window_text(u->valid_from, u->valid_to, w, sizeof w);
			rc = err_set(e, ERR_CONFLICT,
				     "đơn vị %s có chỉ tiêu giao %s cho năm %d-%d, nằm ngoài thời gian "
				     "hiệu lực mới (%s); hãy xóa chỉ tiêu giao trước",
				     u->code, code, y0, y1, w);
			goto done;
		}
	}
	rc = rc == DB_DONE ? 0 : store_int_dberr(s, e, "lỗi CSDL khi kiểm tra chỉ tiêu giao của đơn vị");
done:
	db_finalize(st);
	return rc;
}

static int unit_put_checked(store *s, unit *u, err *e)
{
	unit parent, old;
	db_stmt *st = NULL;
	int64_t parent_id = 0;
	int rc;

	if (u->parent_code[0]) {
		if ((rc = store_unit_get(s, u->parent_code, &parent, e)) != 0)
			return rc == ERR_NOTFOUND
				       ? err_set(e, ERR_NOTFOUND,
						 "đơn vị %s: không có đơn vị cấp trên mã \"%s\"", u->code,
						 u->parent_code)
				       : rc;
		if (!window_within(u->valid_from, u->valid_to, parent.valid_from, parent.valid_to)) {
			char cw[64], pw[64];
			window_text(u->valid_from, u->valid_to, cw, sizeof cw);
			window_text(parent.valid_from, parent.valid_to, pw, sizeof pw);
			return err_set(e, ERR_CONFLICT,
				       "đơn vị %s (hiệu lực %s) phải có hiệu lực trong thời gian của "
				       "đơn vị cấp trên %s (%s)",
				       u->code, cw, parent.code, pw);
		}
		if ((rc = check_no_cycle(s, u, &parent, e)) != 0)
			return rc;
		parent_id = parent.id;
	}
	rc = store_unit_get(s, u->code, &old, e);
	if (rc == 0) {
		if ((rc = check_children(s, u, old.id, e)) != 0 ||
		    (rc = check_values_inside(s, u, old.id, e)) != 0)
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

	if (!cdate_valid(date))
		return err_set(e, ERR_INVALID, "liên kết %s ← %s: ngày không hợp lệ", code, from_code);
	if (strcmp(code, from_code) == 0)
		return err_set(e, ERR_INVALID, "đơn vị %s không thể được hình thành từ chính nó",
			       code);
	if ((rc = store_int_write_guard(s, e)) != 0 ||
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

/* ---- agencies ------------------------------------------------------- */

int store_agency_put(store *s, agency *a, err *e)
{
	db_stmt *st = NULL;
	int rc;

	if (!a->code[0])
		return err_set(e, ERR_INVALID, "cơ quan: thiếu mã (code)");
	if (!a->name[0])
		return err_set(e, ERR_INVALID, "cơ quan %s: thiếu tên (name)", a->code);
	if ((rc = store_int_write_guard(s, e)) != 0)
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
	int rc = store_int_prepare(s,
				   code ? "SELECT id, code, name FROM agency WHERE code = ?1"
					: "SELECT id, code, name FROM agency ORDER BY code",
				   &st, e);
	if (rc)
		return rc;
	if (code)
		db_bind_text(st, 1, code);
	rc = store_int_collect(s, st, sizeof **out, read_agency, NULL, "cơ quan", &arr, n, e);
	db_finalize(st);
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
