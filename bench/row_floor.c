/*
 * row_floor.c - SQLite's own cost per row, without chitieu: a bare loop of
 * prepared inserts, in key order, into (a) the one-value-per-row table of
 * schema v1-v7 and (b) the value row of schema v8 (twelve months in one
 * BLOB, here a stand-in encoding of about the same size). It shows why no
 * tuning of the bulk writer could reach 1 M values/s with one row per value
 * (docs/internals/scale.md, "The value row").
 *
 *   row_floor UNITS DIR      e.g. row_floor 100 /tmp  (100 units x 10 years
 *                            x 280 indicators x 12 months = 3.36 M values)
 *
 * Prints values per wall and per CPU second for each layout and cache size.
 * Not for: chitieu's own writer (nation_gen measures that).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_of(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "row_floor: %s: %s\n", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static long amount_of(long u, int i, int m)
{
	return (u * 7919 + i * 31 + m * 13) % 1000000;
}

/* One run: packed = 0 one row per value, 1 one row per twelve months. */
static int run(const char *dir, long units, int packed, const char *cache)
{
	char path[4096], wal[4200], sql[256];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long n = 0;
	snprintf(path, sizeof path, "%s/row_floor_%d.db", dir, packed);
	remove(path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	remove(wal);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return fprintf(stderr, "row_floor: cannot open %s\n", path), -1;
	snprintf(sql, sizeof sql,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=%s", cache);
	if (exec(db, sql) ||
	    exec(db, packed ? "CREATE TABLE v (unit_id BIGINT NOT NULL, year INTEGER NOT NULL,"
			      " indicator_id BIGINT NOT NULL, months BLOB NOT NULL,"
			      " PRIMARY KEY (unit_id, year, indicator_id)) WITHOUT ROWID"
			    : "CREATE TABLE v (unit_id BIGINT NOT NULL, year INTEGER NOT NULL,"
			      " indicator_id BIGINT NOT NULL, month INTEGER NOT NULL,"
			      " amount BIGINT NOT NULL, estimate INTEGER NOT NULL,"
			      " entered_by TEXT NOT NULL, entered_at BIGINT NOT NULL,"
			      " PRIMARY KEY (unit_id, year, indicator_id, month)) WITHOUT ROWID") ||
	    sqlite3_prepare_v2(db,
			       packed ? "INSERT INTO v VALUES (?1, ?2, ?3, ?4)"
				      : "INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	double w0 = clock_of(CLOCK_MONOTONIC), c0 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	exec(db, "BEGIN");
	for (long u = 1; u <= units; u++)
		for (int y = 2016; y < 2026; y++)
			for (int i = 1; i <= 280; i++) {
				sqlite3_bind_int64(st, 1, u);
				sqlite3_bind_int(st, 2, y);
				sqlite3_bind_int64(st, 3, i);
				if (packed) {
					/* varint amount, a name index and a time difference
					 * per month, like vrow.c's encoding of a bulk row */
					unsigned char blob[200];
					int len = 0;
					/* header, one name "import", a 5-byte base time */
					memcpy(blob, "\1\377\17\0\0\1\6import\200\200\200\200\1", 18);
					len = 18;
					for (int m = 1; m <= 12; m++, n++) {
						long a = amount_of(u, i, m);
						while (a >= 128) {
							blob[len++] = (unsigned char)((a & 127) | 128);
							a >>= 7;
						}
						blob[len++] = (unsigned char)a;
						blob[len++] = 0;
						blob[len++] = 0;
					}
					sqlite3_bind_blob(st, 4, blob, len, SQLITE_STATIC);
					sqlite3_step(st);
					sqlite3_reset(st);
				} else {
					for (int m = 1; m <= 12; m++, n++) {
						sqlite3_bind_int(st, 4, m);
						sqlite3_bind_int64(st, 5, amount_of(u, i, m));
						sqlite3_bind_int(st, 6, 0);
						sqlite3_bind_text(st, 7, "import", -1, SQLITE_STATIC);
						sqlite3_bind_int64(st, 8, 1795000000);
						sqlite3_step(st);
						sqlite3_reset(st);
					}
				}
			}
	int rc = exec(db, "COMMIT");
	double wall = clock_of(CLOCK_MONOTONIC) - w0, cpu = clock_of(CLOCK_PROCESS_CPUTIME_ID) - c0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	printf("%-28s cache %-9s %ld values: %.0f values/s wall, %.0f per CPU-second\n",
	       packed ? "value row (12 months/row)" : "one value per row", cache, n, n / wall,
	       n / cpu);
	remove(path);
	remove(wal);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 3 || atol(argv[1]) < 1)
		return fprintf(stderr, "usage: row_floor UNITS DIR\n"), 2;
	long units = atol(argv[1]);
	int rc = run(argv[2], units, 0, "-16384") | run(argv[2], units, 0, "-1000000") |
		 run(argv[2], units, 1, "-16384");
	return rc ? 1 : 0;
}
