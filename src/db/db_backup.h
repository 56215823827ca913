/*
 * db_backup.h - consistent copies of a whole database while it is written,
 * and their restore (issue #14 item 5), per engine:
 *
 *   SQLite      SQLite's online backup API into FILE.tmp, the copy turned
 *               into a single file (journal_mode DELETE), checked
 *               (integrity_check), synced, renamed to FILE: one snapshot of
 *               the source however long the copy takes, and a plain `cp` of
 *               a live file would lose the commits still in its WAL.
 *   PostgreSQL  `pg_dump --format=custom` of the schema the connection uses
 *               (current_schema()), also through FILE.tmp and a rename: one
 *               snapshot (pg_dump reads in one repeatable-read transaction).
 *
 * A restore first checks the file (db_backup_check: what it is, its
 * integrity, the schema version it holds) and only then replaces anything:
 * SQLite through the backup API into the target file (other connections
 * see the new content at once; all or nothing), PostgreSQL with
 * `pg_restore --clean --if-exists --single-transaction` (all or nothing).
 * Not for: a copy between engines (store_copy.c, `chitieu db copy`).
 */
#ifndef CHITIEU_DB_BACKUP_H
#define CHITIEU_DB_BACKUP_H

#include <stdbool.h>

#include "util/err.h"

typedef enum db_backup_kind {
	DB_BACKUP_UNKNOWN = 0,
	DB_BACKUP_SQLITE,  /* a SQLite database file */
	DB_BACKUP_PGDUMP,  /* a pg_dump custom-format archive */
} db_backup_kind;

/* What a backup file holds. */
typedef struct db_backup_info {
	db_backup_kind kind;
	int version;    /* the highest schema_version row, 0 when it has none */
	long long size; /* bytes */
} db_backup_info;

/* Writes a consistent copy of target (a SQLite file or a PostgreSQL
 * conninfo, db_target_is_postgres) to file: ERR_IO naming what failed
 * (nothing left at file then, an older file there untouched). */
int db_backup(const char *target, const char *file, db_backup_info *out, err *e);

/* Reads what file is and checks it: a SQLite file passes integrity_check,
 * a pg_dump archive lists (pg_restore --list); the schema version from its
 * schema_version table. ERR_INVALID naming the file and why it is refused. */
int db_backup_check(const char *file, db_backup_info *out, err *e);

/* Replaces target's content with the backup in file (checked first with
 * db_backup_check by the caller): the same engine only (ERR_INVALID
 * otherwise, naming `chitieu db copy`). */
int db_restore(const char *target, const char *file, const db_backup_info *info, err *e);

#endif
