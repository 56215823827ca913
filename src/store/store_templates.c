/*
 * store_templates.c - the rows of table report_template (schema v5):
 * the report wording an administrator edited, by key. Rows only: which keys
 * exist, their built-in bodies and the check of placeholders are
 * src/report/report_template.c's.
 *
 * Not for: rendering or checking templates.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int store_template_get(store *s, const char *key, char *out, size_t n, bool *found, err *e)
{
	db_stmt *st = NULL;
	*found = false;
	if (n)
		out[0] = '\0';
	int rc = store_int_prepare(s, "SELECT body FROM report_template WHERE key = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *body = (const char *)db_col_text(st, 0);
		size_t len = body ? (size_t)db_col_bytes(st, 0) : 0;
		if (len >= n) {
			rc = err_set(e, ERR_TOOBIG, "mẫu câu %s trong CSDL dài %zu byte, quá %zu byte", key, len,
				     n ? n - 1 : 0);
		} else {
			memcpy(out, body ? body : "", len);
			out[len] = '\0';
			*found = true;
			rc = 0;
		}
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc mẫu câu báo cáo (report_template)");
	}
	db_finalize(st);
	return rc;
}

int store_template_set(store *s, const char *key, const char *body, err *e)
{
	if (!key[0] || strlen(key) > 64)
		return err_set(e, ERR_INVALID, "khóa mẫu câu rỗng hoặc dài quá 64 byte");
	if (strlen(body) >= STORE_TEMPLATE_MAX)
		return err_set(e, ERR_TOOBIG, "mẫu câu %s dài quá %d byte", key, STORE_TEMPLATE_MAX - 1);
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO report_template (key, body, updated_by, updated_at)"
				       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET"
				       " body = excluded.body, updated_by = excluded.updated_by,"
				       " updated_at = excluded.updated_at",
				       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, body);
	db_bind_text(st, 3, s->actor);
	db_bind_int(st, 4, (int64_t)time(NULL));
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không ghi được mẫu câu báo cáo (report_template)");
	db_finalize(st);
	return rc;
}

int store_template_reset(store *s, const char *key, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s, "DELETE FROM report_template WHERE key = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không xóa được mẫu câu báo cáo (report_template)");
	db_finalize(st);
	return rc;
}

/* Reads one key into elem (a char *); a store_int_collect reader. */
static int read_key(db_stmt *st, void *elem, void *ctx, err *e)
{
	(void)ctx;
	const char *k = (const char *)db_col_text(st, 0);
	char *dup = strdup(k ? k : "");
	if (!dup)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc mẫu câu");
	*(char **)elem = dup;
	return 0;
}

int store_template_keys(store *s, char ***keys, size_t *n, err *e)
{
	db_stmt *st = NULL;
	*keys = NULL;
	*n = 0;
	int rc = store_int_prepare(s, "SELECT key FROM report_template ORDER BY key", &st, e);
	if (rc)
		return rc;
	void *arr = NULL;
	rc = store_int_collect(s, st, sizeof(char *), read_key, NULL, "mẫu câu báo cáo", &arr, n, e);
	db_finalize(st);
	if (rc) /* only out of memory: the keys already copied are lost with the array */
		return rc;
	*keys = arr;
	return 0;
}
