/*
 * xlsx_read.h - reading .xlsx workbooks (Office Open XML spreadsheets) with
 * libzip and libxml2: the list of sheets by name, and a sheet's cells as a
 * sparse grid (numbers with the text Excel stored, shared and inline strings,
 * booleans, errors, and whether a cell holds a formula). Cell references
 * ("C7") both ways.
 *
 * Untrusted input is the normal case (a file a department mailed in, a
 * request body): every size is bounded (zip entries, uncompressed bytes per
 * part and in all, cells, shared strings) so a zip bomb or a sheet of a
 * million rows is refused with a message instead of eating the server's
 * memory; XML is read without network access, DTDs or entity expansion.
 *
 * The grid (xlsx_sheet) is also built by hand (xlsx_sheet_new, xlsx_sheet_add)
 * from CSV, so one layout reader serves both formats.
 *
 * Not for: writing workbooks (libxlsxwriter does that in src/report), styles,
 * merged cells, dates as dates, or what the cells mean (report/sheet_import.c).
 */
#ifndef CHITIEU_XLSX_READ_H
#define CHITIEU_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define XLSX_MAX_ROWS 1048576u /* Excel's own limits */
#define XLSX_MAX_COLS 16384u

/* Limits on what a workbook may hold; 0 in a field means its default. */
typedef struct xlsx_limits {
	size_t max_file_bytes;  /* the .xlsx file itself (xlsx_open_file): 32 MiB */
	size_t max_entries;     /* files inside the zip: 2000 */
	size_t max_part_bytes;  /* uncompressed bytes of one XML part read: 64 MiB */
	size_t max_total_bytes; /* uncompressed bytes read from the workbook in all: 256 MiB */
	size_t max_cells;       /* non-empty cells of one sheet: 1.000.000 */
	size_t max_strings;     /* shared strings: 1.000.000 */
} xlsx_limits;

typedef enum xlsx_type {
	XLSX_BLANK = 0,  /* a formula without a cached result */
	XLSX_NUMBER = 1,
	XLSX_STRING,     /* shared, inline or a formula's string result */
	XLSX_BOOL,
	XLSX_ERROR,      /* "#DIV/0!", "#N/A", ... in text */
} xlsx_type;

typedef struct xlsx_cell {
	uint32_t row, col;   /* 0-based: A1 is (0, 0) */
	xlsx_type type;
	double num;          /* XLSX_NUMBER; XLSX_BOOL 0 or 1 */
	const char *text;    /* never NULL: the string; for a number the digits as stored
	                        ("1739.5"); "TRUE"/"FALSE"; the error code */
	const char *formula; /* the formula without '=' ("" for a shared one); NULL when none */
} xlsx_cell;

/* A sheet's non-empty cells, sorted by row then column. */
typedef struct xlsx_sheet {
	char *name;
	xlsx_cell *cells;
	size_t n;
	uint32_t n_rows, n_cols; /* one past the last used row and column */
	/* private */
	size_t cap, max_cells;
	bool sorted;
	struct xlsx_arena *arena;
} xlsx_sheet;

typedef struct xlsx_book xlsx_book;

/*
 * Opens a workbook held in memory (data must outlive the book; it is not
 * copied). name is for messages ("so-lieu.xlsx"). lim may be NULL (defaults).
 * Reads the sheet list and the shared strings. Errors say plainly when the
 * bytes are not a zip at all, a broken or truncated zip, a zip that is not a
 * workbook, or over a limit (ERR_TOOBIG). *out is freed with xlsx_close.
 */
int xlsx_open_mem(const void *data, size_t len, const char *name, const xlsx_limits *lim,
		  xlsx_book **out, err *e);

/* Reads the file at path (at most lim->max_file_bytes) and opens it. */
int xlsx_open_file(const char *path, const xlsx_limits *lim, xlsx_book **out, err *e);

/*
 * Reads all of the file at path into out, which it initialises with max as
 * its limit; the caller frees out with buf_free, also on failure. ERR_IO when
 * it cannot be opened or read, ERR_TOOBIG over max bytes, both naming path.
 */
int xlsx_file_bytes(const char *path, size_t max, buf *out, err *e);

/* xlsx_close(NULL) is a no-op. */
void xlsx_close(xlsx_book *b);

/* The number of sheets and the i-th sheet's name (workbook order). */
size_t xlsx_sheet_count(const xlsx_book *b);
const char *xlsx_sheet_name(const xlsx_book *b, size_t i);

/* The index of the sheet named `name` (exact match), or -1. */
long xlsx_sheet_find(const xlsx_book *b, const char *name);

/* Reads sheet i into *out (free with xlsx_sheet_free). */
int xlsx_sheet_read(xlsx_book *b, size_t i, xlsx_sheet **out, err *e);

/* ---- the grid ------------------------------------------------------------ */

/* A new empty grid named name, holding at most max_cells cells (0: the default). */
int xlsx_sheet_new(const char *name, size_t max_cells, xlsx_sheet **out, err *e);

/*
 * Adds a cell (text and formula are copied; formula NULL = none). A second
 * cell at the same place replaces the first. ERR_TOOBIG past max_cells or
 * Excel's grid.
 */
int xlsx_sheet_add(xlsx_sheet *s, uint32_t row, uint32_t col, xlsx_type type, double num,
		   const char *text, const char *formula, err *e);

/* The cell at (row, col), or NULL when it is empty. */
const xlsx_cell *xlsx_cell_at(xlsx_sheet *s, uint32_t row, uint32_t col);

/* xlsx_sheet_free(NULL) is a no-op. */
void xlsx_sheet_free(xlsx_sheet *s);

/* ---- references ---------------------------------------------------------- */

/* Parses "C7" (also "$C$7", lower case) into 0-based row 6, col 2; 0 or ERR_INVALID. */
int xlsx_ref_parse(const char *ref, uint32_t *row, uint32_t *col);

/* Writes "C7" for (6, 2) into out (at least 16 bytes). */
void xlsx_ref_format(char *out, size_t n, uint32_t row, uint32_t col);

/* Writes the column's letters ("A", "AB") into out (at least 8 bytes). */
void xlsx_col_name(char *out, size_t n, uint32_t col);

#endif
