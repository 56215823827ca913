/*
 * bench_import.c - the timing half of bench_import.sh. Links chitieu_core and
 * uses store.h / import.h / csv.h directly, so it needs no CLI.
 *
 *   bench_import setup DB      creates DB with the 65 indicators (KT001..KT065,
 *                              monthly) and 9 units (10001..10009) gen_values uses
 *   bench_import import DB CSV times one import; prints "values N seconds S ...
 *                              cpu C" (C: the process's CPU seconds of the import,
 *                              steadier than S on a shared machine)
 *   bench_import parse CSV     times csv.h alone; prints "fields N seconds S"
 *
 * Not for: correctness (tests/unit/test_import.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/import.h"
#include "store/store.h"
#include "util/csv.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The CPU time of this process, in seconds (PostgreSQL's server side not included). */
static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int die(const char *what, const err *e)
{
	fprintf(stderr, "bench_import: %s: %s\n", what, e->msg);
	return 1;
}

static int setup(const char *path)
{
	store *s;
	err e;
	if (store_open(path, &s, &e))
		return die("store_open", &e);
	if (store_begin(s, &e))
		return die("store_begin", &e);
	unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "06");
	snprintf(u.name, sizeof u.name, "Bắc Kạn");
	u.type = UNIT_PROVINCE;
	if (store_unit_put(s, &u, &e))
		return die("store_unit_put", &e);
	for (int i = 1; i <= 9; i++) {
		memset(&u, 0, sizeof u);
		snprintf(u.code, sizeof u.code, "1%04d", i);
		snprintf(u.name, sizeof u.name, "Phường %d", i);
		snprintf(u.parent_code, sizeof u.parent_code, "06");
		u.type = UNIT_WARD;
		if (store_unit_put(s, &u, &e))
			return die("store_unit_put", &e);
	}
	for (int i = 1; i <= 65; i++) {
		indicator ind;
		memset(&ind, 0, sizeof ind);
		snprintf(ind.code, sizeof ind.code, "KT%03d", i);
		snprintf(ind.name_vi, sizeof ind.name_vi, "Chỉ tiêu %d", i);
		snprintf(ind.uom, sizeof ind.uom, "triệu đồng");
		ind.uom_scale = 6;
		ind.decimals = 2;
		ind.sector = SECTOR_ECONOMY;
		ind.kind = IND_FLOW;
		ind.direction = DIR_HIGHER;
		ind.rollup = ROLLUP_SUM;
		ind.freq = FREQ_MONTH;
		ind.sort_order = i;
		if (store_indicator_put(s, &ind, &e))
			return die("store_indicator_put", &e);
	}
	if (store_commit(s, &e))
		return die("store_commit", &e);
	store_close(s);
	return 0;
}

static int import(const char *path, const char *csv)
{
	store *s;
	err e;
	if (store_open(path, &s, &e))
		return die("store_open", &e);
	FILE *f = fopen(csv, "rb");
	if (!f) {
		perror(csv);
		return 1;
	}
	import_opts o = {.by = "bench", .reason = "bench"};
	import_summary sum;
	double c0 = cpu_now(), t0 = now();
	int rc = import_values_csv(s, f, csv, 0, &o, &sum, &e);
	double t1 = now(), c1 = cpu_now();
	fclose(f);
	store_close(s);
	if (rc)
		return die("import", &e);
	printf("values %ld seconds %.6f inserted %ld updated %ld unchanged %ld cpu %.6f\n", sum.rows, t1 - t0,
	       sum.inserted, sum.updated, sum.unchanged, c1 - c0);
	return 0;
}

static int parse(const char *csv)
{
	FILE *f = fopen(csv, "rb");
	if (!f) {
		perror(csv);
		return 1;
	}
	csv_reader *r;
	err e;
	double t0 = now();
	if (csv_open(f, csv, 0, &r, &e))
		return die("csv_open", &e);
	char **fields;
	size_t n;
	long total = 0;
	int rc;
	while ((rc = csv_next(r, &fields, &n, &e)) == 1)
		total += (long)n;
	double t1 = now();
	csv_close(r);
	fclose(f);
	if (rc < 0)
		return die("csv_next", &e);
	printf("fields %ld seconds %.6f\n", total, t1 - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "setup") == 0)
		return setup(argv[2]);
	if (argc == 4 && strcmp(argv[1], "import") == 0)
		return import(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "parse") == 0)
		return parse(argv[2]);
	fprintf(stderr, "usage: bench_import setup DB | import DB CSV | parse CSV\n");
	return 2;
}
