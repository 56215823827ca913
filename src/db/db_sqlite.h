/*
 * db_sqlite.h - the one door to the SQLite handle under a db connection, for
 * the SQLite-only parts of the store (the legacy migrations' SQL functions,
 * store_schema_sqlite.c). Nothing else uses it.
 */
#ifndef CHITIEU_DB_SQLITE_H
#define CHITIEU_DB_SQLITE_H

#include <sqlite3.h>

#include "db/db.h"

/* The sqlite3 handle of d, NULL when d is not a SQLite connection. */
sqlite3 *db_sqlite_handle(db *d);

#endif
