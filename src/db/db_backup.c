/*
 * db_backup.c - backups and restores of a whole database (db_backup.h):
 * SQLite's online backup API, PostgreSQL's pg_dump and pg_restore run as
 * child processes (posix_spawnp, no shell), a file written through
 * FILE.tmp and renamed only once it is complete and checked.
 *
 * Not for: what the tables mean (the store); the schema version is read
 * here only as the integer the store writes to schema_version.
 */
#include "db/db_backup.h"

#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- small helpers -------------------------------------------------------------- */

static long long file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

/* fsync of a file by path: 0 or -1. */
static int sync_path(const char *p)
{
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The first line of a file into out (size n), "" when none. */
static void first_line(const char *path, char *out, size_t n)
{
	out[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(out, (int)n, f))
		out[strcspn(out, "\r\n")] = '\0';
	fclose(f);
}

/*
 * Runs argv (argv[0] looked up in PATH) with stdout into out_path (or
 * /dev/null) and stderr into err_path: 0 when it exits 0, else ERR_IO
 * naming the tool and the first line it wrote to stderr.
 */
static int run_tool(char *const argv[], const char *out_path, const char *err_path, err *e)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa))
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chạy %s", argv[0]);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return err_set(e, ERR_IO, "không chạy được %s (%s); cài gói postgresql-client", argv[0], strerror(rc));
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(e, ERR_IO, "%s: không đợi được tiến trình (%s)", argv[0], strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	char line[300];
	first_line(err_path, line, sizeof line);
	return err_set(e, ERR_IO, "%s thất bại (%s %d): %s", argv[0], WIFEXITED(status) ? "mã" : "tín hiệu",
		       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), line[0] ? line : "không rõ lý do");
}

/* A temporary file name next to file (for a tool's stderr), into out. */
static void side_name(const char *file, const char *suffix, char *out, size_t n)
{
	snprintf(out, n, "%s.%ld%s", file, (long)getpid(), suffix);
}

/* ---- SQLite ------------------------------------------------------------------------- */

/* ERR_IO naming what failed on file, with SQLite's message. */
static int sq_fail(sqlite3 *d, const char *what, const char *file, err *e)
{
	return err_set(e, ERR_IO, "%s %s: %s", what, file, d ? sqlite3_errmsg(d) : "hết bộ nhớ");
}

/* integrity_check and MAX(version) of schema_version of an open file. */
static int sq_check(sqlite3 *d, const char *file, int *version, err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(d, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return err_set(e, ERR_INVALID, "%s: không đọc được như một CSDL SQLite (%s)", file, sqlite3_errmsg(d));
	int step = sqlite3_step(st);
	const char *ok = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (!ok || strcmp(ok, "ok"))
		rc = err_set(e, ERR_INVALID, "%s: tệp hỏng, kiểm tra toàn vẹn không đạt (%s)", file,
			     ok ? ok : sqlite3_errmsg(d));
	sqlite3_finalize(st);
	if (rc)
		return rc;
	*version = 0;
	if (sqlite3_prepare_v2(d, "SELECT MAX(version) FROM schema_version", -1, &st, NULL) != SQLITE_OK)
		return err_set(e, ERR_INVALID, "%s: không phải CSDL của chitieu (không có bảng schema_version)", file);
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int sq_backup(const char *src_path, const char *file, db_backup_info *out, err *e)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", file) >= (int)sizeof tmp)
		return err_set(e, ERR_INVALID, "tên tệp sao lưu dài quá");
	sqlite3 *src = NULL, *dst = NULL;
	int rc = 0;
	if (access(src_path, R_OK) != 0)
		return err_set(e, ERR_IO, "không đọc được CSDL %s (%s)", src_path, strerror(errno));
	unlink(tmp);
	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = sq_fail(src, "không mở được CSDL", src_path, e);
		goto done;
	}
	sqlite3_busy_timeout(src, 5000);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = sq_fail(dst, "không tạo được tệp", tmp, e);
		goto done;
	}
	/* one step of every page: the source's read transaction holds one snapshot
	 * (WAL: writers go on meanwhile) */
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		rc = sq_fail(dst, "không sao lưu được", src_path, e);
		goto done;
	}
	int step;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		rc = err_set(e, ERR_IO, "sao lưu %s thất bại: %s", src_path, sqlite3_errstr(step));
		goto done;
	}
	int version = 0;
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = sq_fail(dst, "không ghi được tệp", tmp, e);
		goto done;
	}
	if ((rc = sq_check(dst, tmp, &version, e)))
		goto done;
	if (sqlite3_close(dst) != SQLITE_OK) {
		rc = sq_fail(dst, "không đóng được tệp", tmp, e);
		goto done;
	}
	dst = NULL;
	if (sync_path(tmp) || rename(tmp, file)) {
		rc = err_set(e, ERR_IO, "không ghi được tệp sao lưu %s (%s)", file, strerror(errno));
		goto done;
	}
	out->kind = DB_BACKUP_SQLITE;
	out->version = version;
	out->size = file_size(file);
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (rc)
		unlink(tmp);
	return rc;
}

/* A restore into a SQLite file: the backup's pages copied into target under
 * its write lock (all or nothing; other connections see the new content). */
static int sq_restore(const char *target, const char *file, err *e)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc = 0;
	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = sq_fail(src, "không mở được tệp sao lưu", file, e);
		goto done;
	}
	if (sqlite3_open_v2(target, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = sq_fail(dst, "không mở được CSDL", target, e);
		goto done;
	}
	sqlite3_busy_timeout(dst, 10000);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		rc = sq_fail(dst, "không phục hồi được vào", target, e);
		goto done;
	}
	int step;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE)
		rc = err_set(e, ERR_IO, "phục hồi vào %s thất bại (%s): CSDL vẫn như trước", target, sqlite3_errstr(step));
	else if (sqlite3_exec(dst, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		rc = sq_fail(dst, "không đặt được chế độ WAL cho", target, e);
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

/* ---- PostgreSQL ------------------------------------------------------------------------ */

/* The schema target's connection uses, into out. */
static int pg_schema_of(const char *target, char *out, size_t n, err *e)
{
	db *d = NULL;
	db_stmt *st = NULL;
	int rc = db_open(target, 0, &d, e);
	if (rc)
		return rc;
	if ((rc = db_prepare(d, "SELECT current_schema()", false, &st, e)) == 0) {
		const char *s = db_step(st) == DB_ROW ? db_col_text(st, 0) : NULL;
		if (!s || !*s || strlen(s) >= n)
			rc = err_set(e, ERR_DB, "không biết CSDL dùng schema nào (current_schema)");
		else
			snprintf(out, n, "%s", s);
		db_finalize(st);
	}
	db_close(d);
	return rc;
}

static int pg_backup(const char *target, const char *file, db_backup_info *out, err *e)
{
	char schema[128], tmp[4096], errf[4200], arg_file[4200], arg_db[4200], arg_schema[200];
	int rc = pg_schema_of(target, schema, sizeof schema, e);
	if (rc)
		return rc;
	if (snprintf(tmp, sizeof tmp, "%s.tmp", file) >= (int)sizeof tmp ||
	    snprintf(arg_db, sizeof arg_db, "--dbname=%s", target) >= (int)sizeof arg_db)
		return err_set(e, ERR_INVALID, "tên tệp hoặc chuỗi kết nối dài quá");
	snprintf(arg_file, sizeof arg_file, "--file=%s", tmp);
	snprintf(arg_schema, sizeof arg_schema, "--schema=%s", schema);
	side_name(file, ".err", errf, sizeof errf);
	char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", arg_schema, arg_file, arg_db, NULL};
	unlink(tmp);
	rc = run_tool(argv, NULL, errf, e);
	unlink(errf);
	db_backup_info info;
	if (!rc && (rc = db_backup_check(tmp, &info, e)) == 0 && info.kind != DB_BACKUP_PGDUMP)
		rc = err_set(e, ERR_IO, "pg_dump không ghi ra tệp lưu trữ hợp lệ");
	if (!rc && (sync_path(tmp) || rename(tmp, file)))
		rc = err_set(e, ERR_IO, "không ghi được tệp sao lưu %s (%s)", file, strerror(errno));
	if (rc) {
		unlink(tmp);
		return rc;
	}
	*out = info;
	out->size = file_size(file);
	return 0;
}

/* The schema version in a pg_dump archive: the COPY block of schema_version
 * that `pg_restore --data-only --table=schema_version` writes. */
static int pg_archive_version(const char *file, int *version, err *e)
{
	char outf[4200], errf[4200], arg[4200];
	side_name(file, ".ver", outf, sizeof outf);
	side_name(file, ".err", errf, sizeof errf);
	snprintf(arg, sizeof arg, "%s", file);
	char *argv[] = {"pg_restore", "--data-only", "--table=schema_version", "--file=-", arg, NULL};
	int rc = run_tool(argv, outf, errf, e);
	unlink(errf);
	*version = 0;
	FILE *f = rc ? NULL : fopen(outf, "r");
	if (!rc && !f)
		rc = err_set(e, ERR_IO, "không đọc được %s", outf);
	if (f) {
		char line[512];
		bool in = false;
		while (fgets(line, sizeof line, f)) {
			if (!in) {
				in = !strncmp(line, "COPY ", 5) && strstr(line, "schema_version");
				continue;
			}
			if (!strncmp(line, "\\.", 2))
				break;
			int v = atoi(line);
			if (v > *version)
				*version = v;
		}
		fclose(f);
	}
	unlink(outf);
	return rc;
}

static int pg_restore_into(const char *target, const char *file, err *e)
{
	char errf[4200], arg_db[4200], arg_file[4200];
	if (snprintf(arg_db, sizeof arg_db, "--dbname=%s", target) >= (int)sizeof arg_db)
		return err_set(e, ERR_INVALID, "chuỗi kết nối dài quá");
	snprintf(arg_file, sizeof arg_file, "%s", file);
	side_name(file, ".err", errf, sizeof errf);
	char *argv[] = {"pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
			"--no-owner", "--no-privileges", arg_db, arg_file, NULL};
	int rc = run_tool(argv, NULL, errf, e);
	unlink(errf);
	return rc ? err_prefix(e, "phục hồi thất bại, CSDL vẫn như trước: ") : 0;
}

/* ---- the entry points -------------------------------------------------------------- */

int db_backup(const char *target, const char *file, db_backup_info *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (!file || !*file)
		return err_set(e, ERR_INVALID, "thiếu tên tệp sao lưu");
	return db_target_is_postgres(target) ? pg_backup(target, file, out, e) : sq_backup(target, file, out, e);
}

int db_backup_check(const char *file, db_backup_info *out, err *e)
{
	memset(out, 0, sizeof *out);
	char head[16] = {0};
	FILE *f = fopen(file, "rb");
	if (!f)
		return err_set(e, ERR_INVALID, "không mở được tệp sao lưu %s (%s)", file, strerror(errno));
	size_t got = fread(head, 1, sizeof head, f);
	fclose(f);
	out->size = file_size(file);
	if (got == 16 && !memcmp(head, "SQLite format 3", 16)) {
		out->kind = DB_BACKUP_SQLITE;
		sqlite3 *d = NULL;
		char uri[4200];
		int rc;
		/* immutable: a check writes nothing next to the file (no -wal, no -shm) */
		if (snprintf(uri, sizeof uri, "file:%s?immutable=1", file) >= (int)sizeof uri)
			return err_set(e, ERR_INVALID, "tên tệp dài quá");
		if (strpbrk(file, "?#%"))
			snprintf(uri, sizeof uri, "%s", file);
		if (sqlite3_open_v2(uri, &d, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
			rc = sq_fail(d, "không mở được tệp sao lưu", file, e);
		else
			rc = sq_check(d, file, &out->version, e);
		sqlite3_close(d);
		return rc;
	}
	if (got >= 5 && !memcmp(head, "PGDMP", 5)) {
		out->kind = DB_BACKUP_PGDUMP;
		char errf[4200], arg[4200];
		side_name(file, ".err", errf, sizeof errf);
		snprintf(arg, sizeof arg, "%s", file);
		char *argv[] = {"pg_restore", "--list", arg, NULL};
		int rc = run_tool(argv, NULL, errf, e);
		unlink(errf);
		if (rc)
			return err_set(e, ERR_INVALID, "%s: tệp lưu trữ pg_dump hỏng (%s)", file, e->msg);
		return pg_archive_version(file, &out->version, e);
	}
	return err_set(e, ERR_INVALID, "%s: không phải tệp sao lưu của chitieu (không phải CSDL SQLite hay tệp pg_dump)",
		       file);
}

int db_restore(const char *target, const char *file, const db_backup_info *info, err *e)
{
	bool pg = db_target_is_postgres(target);
	if (pg && info->kind != DB_BACKUP_PGDUMP)
		return err_set(e, ERR_INVALID,
			       "%s là bản sao lưu SQLite, CSDL đích là PostgreSQL: dùng `chitieu db copy --from %s --to ...`",
			       file, file);
	if (!pg && info->kind != DB_BACKUP_SQLITE)
		return err_set(e, ERR_INVALID,
			       "%s là bản sao lưu PostgreSQL (pg_dump), CSDL đích là tệp SQLite: phục hồi vào PostgreSQL "
			       "rồi dùng `chitieu db copy`",
			       file);
	return pg ? pg_restore_into(target, file, e) : sq_restore(target, file, e);
}
