/*
 * import.h - values in and out as CSV.
 *
 * The file has a header row naming its columns, in English or Vietnamese:
 *   indicator | chi_tieu, unit | don_vi, period | ky, value | gia_tri,
 *   estimate | uoc_tinh (optional: 1/0, yes/no, có/không, ước),
 *   by | nguoi_nhap (optional).
 * Numbers in Vietnamese form ("1.739,5"; quote it when the separator is ',').
 * An import checks every row first and applies all or nothing, in one
 * transaction: a bad row gives an error naming the file, line and column and
 * nothing is written. Re-importing the same file changes nothing.
 *
 * Not for: XLSX (a later issue) or targets (cli).
 */
#ifndef CHITIEU_IMPORT_H
#define CHITIEU_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "util/err.h"

struct store;

typedef struct import_summary {
	long rows;       /* data rows read */
	long inserted;
	long updated;
	long unchanged;
} import_summary;

typedef struct import_opts {
	bool dry_run;         /* check and count, write nothing */
	const char *by;       /* default "by" when the file has no such column */
	const char *reason;   /* kept in the audit of changed values */
	/* progress callback every few thousand rows (may be NULL) */
	void (*progress)(void *ctx, long rows_done, long bytes_done, long bytes_total);
	void *progress_ctx;
} import_opts;

/*
 * Imports values from f (name for messages; bytes_total for progress, 0 if
 * unknown). Fills *sum. Returns 0 or an error with the file, line and column.
 */
int import_values_csv(struct store *s, FILE *f, const char *name, long bytes_total,
		      const import_opts *o, import_summary *sum, err *e);

/* Writes values as CSV (',' separator, header in English, Vietnamese numbers quoted). */
typedef struct export_filter {
	const char *indicator_code;
	const char *unit_code;
	int year_from, year_to;
} export_filter;

int export_values_csv(struct store *s, FILE *out, const export_filter *f, long *rows, err *e);

#endif
