/*
 * serve_backup.h - scheduled backups inside `chitieu serve` (--backup-dir
 * DIR --backup-keep N --backup-every DURATION): a thread that takes a
 * db_backup (db/db_backup.h) of the server's database every DURATION into
 * DIR/chitieu-YYYYMMDD-HHMMSS.db (.dump on PostgreSQL), keeps the newest N
 * of them and logs each to the server's log. Requests never wait for it.
 */
#ifndef CHITIEU_SERVE_BACKUP_H
#define CHITIEU_SERVE_BACKUP_H

#include <stdio.h>

#include "util/err.h"

typedef struct serve_backup serve_backup;

/* Parses "90s", "30m", "24h", "2d" (a whole number and a unit) into seconds;
 * ERR_INVALID naming --backup-every. */
int serve_backup_every(const char *text, long *seconds, err *e);

/* Starts the thread (dir must exist and be writable: ERR_INVALID otherwise). */
int serve_backup_start(const char *db_target, const char *dir, int keep, long every_s, FILE *log,
		       serve_backup **out, err *e);

/* Stops the thread (a backup under way finishes first) and frees it; NULL is a no-op. */
void serve_backup_stop(serve_backup *b);

#endif
