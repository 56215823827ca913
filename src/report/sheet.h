/*
 * sheet.h - Excel (and CSV) in: the entry template a department fills in
 * for a unit and period, and reading filled templates, or any sheet with a
 * header row naming the columns, back into values or targets.
 *
 * The layout (docs/internals/xlsx.md): a header row, found among the first
 * rows of the sheet by its column names (Vietnamese or English, accents and
 * case ignored), then one row per figure. Every data row carries its own
 * key (indicator code, unit code, period or year), so rows may be reordered,
 * deleted or copied between templates. Rows whose input cell is empty are
 * skipped; columns the reader does not know are ignored.
 *
 * Values go through core/import.h (import_values_rows): the same checks,
 * all-or-nothing write, dry run and counts as `chitieu import`. Targets are
 * checked row by row and written in one transaction. Errors name the sheet,
 * cell and reason: "Sheet 'Số liệu', ô E7: 'abc' không phải là số".
 *
 * The catalogue workbook (sheet_catalog.c) is the third: the rules between
 * indicators as a sheet an administrator edits and sends back, with the
 * indicators' codes beside them for reference.
 *
 * Not for: the evaluation workbook (report_xlsx.h), the CSV of `chitieu
 * import` (core/import.h), or who may write what (callers give a check).
 */
#ifndef CHITIEU_SHEET_H
#define CHITIEU_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/import.h"
#include "core/period.h"
#include "office/xlsx_read.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

typedef enum sheet_kind {
	SHEET_VALUES = 1, /* actuals of a period */
	SHEET_TARGETS,    /* annual (or term) targets */
} sheet_kind;

typedef enum sheet_format {
	SHEET_XLSX = 1,
	SHEET_CSV,
} sheet_format;

/* The sheet a template has and an import looks for first. */
#define SHEET_VALUES_NAME "Số liệu"
#define SHEET_TARGETS_NAME "Kế hoạch"

#define SHEET_MAX_ROWS 100000L /* data rows of one import (a ward's month has ~80) */
#define SHEET_XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* "values" / "targets" (also "so_lieu", "ke_hoach"); ERR_INVALID naming the choices. */
int sheet_kind_from_code(const char *s, sheet_kind *out, err *e);
const char *sheet_kind_code(sheet_kind k);

/* "xlsx" / "csv"; ERR_INVALID naming the choices. */
int sheet_format_from_code(const char *s, sheet_format *out, err *e);

/* ---- templates ---------------------------------------------------------- */

/*
 * Writes the template of unit_code for period p (targets: the year of p) to
 * path (xlsx: a temporary file renamed into place), or appends it to out
 * when path is NULL.
 *
 * Values: the indicators reported at p's frequency (a month: the monthly
 * ones), with their unit of measure, the same period last year for
 * reference (grey), an empty input column "Số liệu" and an estimate column;
 * the key columns "Mã đơn vị" and "Kỳ" are hidden in the xlsx.
 * Targets: every indicator, one row per existing target of the year (filled
 * in, so the sheet is the year's plan to edit) or an empty row; last year's
 * target for reference.
 */
int sheet_template_write(store *s, const char *unit_code, const period *p, sheet_kind kind,
			 sheet_format fmt, const char *path, buf *out, err *e);

/* ---- import -------------------------------------------------------------- */

typedef struct sheet_import_opts {
	sheet_kind kind;
	bool dry_run;
	const char *sheet;       /* the sheet to read; NULL: SHEET_*_NAME, or the only sheet */
	const char *by;          /* who enters the values (the audit's "by") */
	const char *reason;      /* kept in the audit of changed values */
	const char *comment;     /* values: kept with those breaking a warning rule (import_opts.comment) */
	/* values only: a per-row check (import_checks.allow), e.g. the user's scope */
	int (*allow)(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field,
		     err *e);
	void *allow_ctx;
	/* caller-owned room for bad rows (may be NULL: then only the first error);
	 * row is the sheet's row number (1-based), field the cell ("E7") */
	import_conflict *conflicts;
	size_t conflicts_max;
	const xlsx_limits *limits; /* NULL: xlsx_read's defaults */
	long max_rows;             /* 0: SHEET_MAX_ROWS */
} sheet_import_opts;

/* What an import read and did. */
typedef struct sheet_import_result {
	import_summary sum;      /* rows (data rows read), inserted, updated, unchanged, conflicts */
	char sheet[256];         /* the sheet read (CSV: the file's name) */
	bool csv;                /* the input was CSV */
	int header_row;          /* 1-based */
} sheet_import_result;

/*
 * Appends where a conflict is, as messages say it: "Sheet 'Số liệu', ô E7: ",
 * for CSV "Tệp a.csv, dòng 7, cột E: ", or "..., dòng 7: " when ref is not a
 * cell. name: res->sheet; row1 and ref: an import_conflict's row and field.
 */
void sheet_where(bool csv, const char *name, long row1, const char *ref, buf *b);

/*
 * Imports the workbook (or CSV) in data[0..len) named `name`. fmt 0 detects
 * the format from the bytes (a zip is xlsx, an old .xls is refused by name,
 * anything else is read as CSV). All or nothing: on any error nothing is
 * written and *res counts no changes; e names the sheet, cell and reason.
 * With o->conflicts, every bad row (up to conflicts_max) is recorded.
 */
int sheet_import_mem(store *s, const void *data, size_t len, const char *name, sheet_format fmt,
		     const sheet_import_opts *o, sheet_import_result *res, err *e);

/* The same for a file (read whole, at most the limits' max_file_bytes); the
 * format by the name's ending (.xlsx, .csv), else from the bytes. */
int sheet_import_file(store *s, const char *path, const sheet_import_opts *o, sheet_import_result *res,
		      err *e);

/* ---- the catalogue workbook (sheet_catalog.c) ----------------------------- */

#define SHEET_RULES_NAME "Quy tắc kiểm tra"
#define SHEET_INDICATORS_NAME "Chỉ tiêu"
#define SHEET_RULES_MAX 10000L /* rules of one catalogue import (the demo has a handful) */

/*
 * Writes the catalogue workbook to path (xlsx: a temporary file renamed into
 * place), or appends it to out when path is NULL. xlsx: the sheet
 * SHEET_RULES_NAME (Mã quy tắc | Tên | Vế trái | Phép so sánh | Vế phải |
 * Mức độ, one row per rule by code, the importance shown as "lỗi" /
 * "cảnh báo") and the reference sheet SHEET_INDICATORS_NAME (code, name,
 * unit of measure, frequency; protected). CSV: the rules sheet alone.
 */
int sheet_catalog_write(store *s, sheet_format fmt, const char *path, buf *out, err *e);

typedef enum sheet_change_kind {
	SHEET_RULE_ADDED = 1,
	SHEET_RULE_UPDATED,
	SHEET_RULE_REMOVED, /* only with replace */
} sheet_change_kind;

/* One rule an import adds, changes or removes (or would, in a dry run). */
typedef struct sheet_rule_change {
	sheet_change_kind kind;
	char code[CODE_MAX];
	long row; /* the sheet's row (1-based); 0 for a removed rule */
} sheet_rule_change;

typedef struct sheet_catalog_opts {
	bool dry_run;
	bool replace;            /* remove the stored rules the sheet does not list */
	/* caller-owned room for bad rows (may be NULL: then only the first error);
	 * row is the sheet's row number, field the cell ("D7"), object the rule's code */
	import_conflict *conflicts;
	size_t conflicts_max;
	const xlsx_limits *limits; /* NULL: xlsx_read's defaults */
} sheet_catalog_opts;

typedef struct sheet_catalog_result {
	long rows, inserted, updated, unchanged, deleted;
	long conflicts;              /* bad rows found (those recorded: up to conflicts_max) */
	char sheet[256];             /* the sheet read (CSV: the file's name) */
	bool csv;
	sheet_rule_change *changes;  /* malloc'd, in sheet order then removals; sheet_catalog_result_free */
	size_t n_changes;
} sheet_catalog_result;

/*
 * Reads the SHEET_RULES_NAME sheet of the workbook (or a CSV) in
 * data[0..len) named `name` and makes the stored rules what it says: a new
 * code is added, a known one updated when any field differs; with
 * o->replace, the stored rules it does not list are removed. The header row
 * names the columns (Vietnamese or English: code, name, left, op, right,
 * importance; importance may be left out: "error", or the stored rule's).
 * Every row is checked first (empty code, code twice, unknown operator or
 * importance, an expression that does not parse, an unknown indicator, two
 * frequencies); any bad row refuses the whole import, naming the sheet, cell
 * and rule. Then all is written in one transaction (a dry run rolls it
 * back). *res is filled either way; free it with sheet_catalog_result_free.
 */
int sheet_catalog_import_mem(store *s, const void *data, size_t len, const char *name, sheet_format fmt,
			     const sheet_catalog_opts *o, sheet_catalog_result *res, err *e);

/* The same for a file; the format by the name's ending, else the bytes. */
int sheet_catalog_import_file(store *s, const char *path, const sheet_catalog_opts *o,
			      sheet_catalog_result *res, err *e);

/* Frees what res holds (not res); NULL-safe. */
void sheet_catalog_result_free(sheet_catalog_result *res);

#endif
