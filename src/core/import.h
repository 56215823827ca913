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

#include "core/model.h"
#include "util/err.h"

struct store;

typedef struct import_summary {
	long rows;       /* data rows read */
	long inserted;
	long updated;
	long unchanged;
	long conflicts;  /* bad rows recorded (import_checks.conflicts), 0 when none */
	long deleted;    /* IMPORT_DELETE: values deleted */
	long skipped;    /* not written because of the strategy (CREATE: exists; UPDATE, DELETE: missing) */
	long bad_rows;   /* every bad row, also past the room for conflicts */
} import_summary;

/* DHIS2's importStrategy. */
typedef enum import_strategy {
	IMPORT_CREATE_AND_UPDATE = 0, /* the default: insert or update */
	IMPORT_CREATE,                /* only values not stored yet; the others are skipped */
	IMPORT_UPDATE,                /* only values already stored; the others are skipped */
	IMPORT_DELETE,                /* delete the values named (the value field may be empty); audited */
} import_strategy;

typedef struct import_opts {
	bool dry_run;         /* check and count, write nothing */
	const char *by;       /* default "by" when the file has no such column */
	const char *reason;   /* kept in the audit of changed values */
	/* progress callback every few thousand rows (may be NULL) */
	void (*progress)(void *ctx, long rows_done, long bytes_done, long bytes_total);
	void *progress_ctx;
	/* values written as DHIS2 writes them ("1234.5": num_parse_dot), not as
	 * people type them ("1.234,5": vn_parse_num): POST /api/dataValueSets */
	bool dot_numbers;
	/* kept with the written values that break a warning rule between
	 * indicators (store_vrules_check_cells); NULL: such an import is refused */
	const char *comment;
	import_strategy strategy;
	/* DHIS2's atomicMode NONE: the good rows are written and the bad ones
	 * reported (sum->conflicts, bad_rows), instead of all or nothing; the
	 * rules between indicators still refuse the whole set */
	bool atomic_none;
} import_opts;

/*
 * Imports values from f (name for messages; bytes_total for progress, 0 if
 * unknown). Fills *sum. Returns 0 or an error with the file, line and column.
 */
int import_values_csv(struct store *s, FILE *f, const char *name, long bytes_total,
		      const import_opts *o, import_summary *sum, err *e);

/* ---- checked imports (the HTTP bulk endpoint) ------------------------- */

#define IMPORT_CONFLICTS_MAX 100 /* a sensible import_checks.conflicts_max */

/* One bad row, as DHIS2's import summary reports it. */
typedef struct import_conflict {
	long row;               /* CSV: the file's line; rows: the 0-based index of the row */
	long index;             /* the 0-based index of the data row, for CSV and rows alike (DHIS2's indexes) */
	char field[48];         /* the column or field at fault, as the input names it; "" if none */
	char object[128];       /* the offending cell as given (truncated on a UTF-8 boundary); "" if none */
	char msg[ERR_MSG_MAX];  /* why, in Vietnamese, without the row prefix */
	int code;               /* its ERR_* (ERR_FORBIDDEN: refused by import_checks.allow) */
} import_conflict;

/*
 * What an import checks beyond the catalogue, and how it reports bad rows.
 * Separate from import_opts so existing callers need not change. All fields
 * may be zero.
 */
typedef struct import_checks {
	/* Called in pass 1 for every row that is otherwise good: 0 lets it in, an
	 * error refuses the row (and so the whole import). *field, the field the
	 * conflict names, comes set to IMPORT_F_PERIOD for ERR_CONFLICT (a closed
	 * period) and IMPORT_F_UNIT otherwise; the callback may change it after
	 * deciding (e.g. IMPORT_F_INDICATOR for another agency's indicator). */
	int (*allow)(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field, err *e);
	void *allow_ctx;
	/* Caller-owned room for bad rows. When set, pass 1 reads on after a bad
	 * row and records up to conflicts_max of them (sum->conflicts counts
	 * them); the returned error is the first one. */
	import_conflict *conflicts;
	size_t conflicts_max;
	long max_rows;  /* more data rows is ERR_TOOBIG; 0 = no limit of our own */
	bool by_fixed;  /* every value is by opts->by: a "by" column is refused */
} import_checks;

/*
 * import_values_csv with checks (chk may be NULL: then the same as
 * import_values_csv). A document-level failure (malformed CSV, bad header,
 * too many rows) returns its error with sum->conflicts == 0; bad rows return
 * the first row's error with sum->conflicts > 0.
 */
int import_values_csv_checked(struct store *s, FILE *f, const char *name, long bytes_total,
			      const import_opts *o, const import_checks *chk, import_summary *sum, err *e);

/* The fields of a row given as values rather than CSV. */
typedef enum import_field {
	IMPORT_F_INDICATOR,
	IMPORT_F_UNIT,
	IMPORT_F_PERIOD,
	IMPORT_F_VALUE,
	IMPORT_F_ESTIMATE,
	IMPORT_F__N
} import_field;

/*
 * One row handed over by a reader (e.g. a JSON object of dataValues). The
 * strings belong to the reader and need only live until its next call.
 */
typedef struct import_in {
	const char *text[IMPORT_F__N]; /* as text; NULL or "" = missing. estimate: "1"/"0" (CSV forms) */
	const char *name[IMPORT_F__N]; /* the field names the input used, for messages; NULL = English */
	bool has_amount;               /* value given as a number: amount holds it */
	num_t amount;
	/* set by the reader when the row itself is malformed (unknown field,
	 * wrong type): the row is refused with this conflict */
	const char *bad_field;
	const char *bad_object;
	const char *bad_msg;
	/* the row's own comment (DHIS2's dataValue "comment"), NULL or "" for
	 * none: kept with the value as a warning rule's explanation (as
	 * import_opts.comment is for the whole set), in the same transaction */
	const char *comment;
	/* DHIS2's categoryOptionCombo and attributeOptionCombo, NULL or "" for
	 * the default: read by the mapping (core/xmap.h xmap_next), which
	 * refuses a row it cannot place; the import itself ignores them */
	const char *coc;
	const char *aoc;
	/* DHIS2's storedBy and created (ISO time) of the row, NULL when not
	 * given: written to the value's audit trail with the change */
	const char *stored_by;
	const char *created;
	/* DHIS2's followup flag: kept with the value (followup_given: present) */
	bool followup_given, followup;
} import_in;

/* A reader's copies of a bad row's conflict, living until its next call (import_in_bad). */
typedef struct import_bad {
	char field[64];
	char object[200];
	char msg[ERR_MSG_MAX];
} import_bad;

/* Marks row bad: its bad_field, bad_object and bad_msg become copies, in
 * keep, of field, object (NULL = none) and msg (none of them keep's own). */
void import_in_bad(import_in *row, import_bad *keep, const char *field, const char *object, const char *msg);

/* Fills *row (zeroed by the caller) and returns 1, 0 at the end, or a
 * negative ERR_* when the whole input is unreadable (e filled). */
typedef int (*import_next_fn)(void *ctx, import_in *row, err *e);

/*
 * Imports the rows next() hands over (rows are numbered from 0 in
 * messages: "name[3].value: ..."), with the same checks, ordering,
 * all-or-nothing write, dry run and counts as the CSV import; chk as for
 * import_values_csv_checked (may be NULL). "by" is opts->by for every row.
 */
int import_values_rows(struct store *s, import_next_fn next, void *next_ctx, const char *name,
		       const import_opts *o, const import_checks *chk, import_summary *sum, err *e);

/* Writes values as CSV (',' separator, header in English, Vietnamese numbers quoted). */
typedef struct export_filter {
	const char *indicator_code;
	const char *unit_code;
	int year_from, year_to;
} export_filter;

int export_values_csv(struct store *s, FILE *out, const export_filter *f, long *rows, err *e);

#endif
