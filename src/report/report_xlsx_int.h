/*
 * report_xlsx_int.h - what the libxlsxwriter files of src/report share
 * (report_xlsx.c, sheet_template.c): the house formats (Times New Roman,
 * bordered cells, grey headers, Vietnamese number formats by decimals), the
 * print setup, and writing a workbook to a temporary file that is renamed
 * into place or read back into memory.
 *
 * Not for: reading workbooks (office/xlsx_read.h) or any rule of what goes
 * into a sheet.
 */
#ifndef CHITIEU_REPORT_XLSX_INT_H
#define CHITIEU_REPORT_XLSX_INT_H

#include <xlsxwriter.h>

#include "util/buf.h"
#include "util/err.h"

/* The formats of one workbook (owned by it). */
typedef struct rx_formats {
	lxw_format *title, *subtitle, *note, *head, *head_small;
	lxw_format *text, *text_bold, *center, *center_bold;
	lxw_format *num[5];      /* "#,##0", "#,##0.0", ... by decimals 0..4 */
	lxw_format *num_bold[5];
	lxw_format *num_ref[5];  /* reference figures: grey background */
	lxw_format *text_ref;    /* reference / key text: grey background */
	lxw_format *input;       /* the cells a department fills in: pale yellow */
	lxw_format *input_text;
	lxw_format *pct;         /* "0.00%" */
	lxw_format *pct_bold;
	lxw_format *points;      /* a change of a percentage, in points */
	lxw_format *integer;     /* whole counts */
	lxw_format *integer_bold;
} rx_formats;

/* Creates the formats in wb. */
void rx_formats_init(lxw_workbook *wb, rx_formats *f);

/* A4 landscape, fit to one page wide, header rows first_row..last_row
 * repeated on every page, page numbers in the footer. */
void rx_print_setup(lxw_worksheet *ws, int first_row, int last_row);

/*
 * Sets the height of row so the wrapped texts of its cells fit: n cells,
 * texts[i] in a column (or merged range) widths[i] wide (Excel's column
 * units); words are wrapped greedily at about one character of 12 pt Times
 * New Roman per unit, 15.75 pt a line. Leaves the row alone when every
 * text fits on one line. Excel does not fit rows itself when it opens a
 * file, nor ever for merged cells.
 */
void rx_fit_row(lxw_worksheet *ws, int row, const char *const *texts, const double *widths, int n);

/* A decimals index clamped to 0..4. */
int rx_dec(int decimals);

/*
 * A new workbook on a fresh temporary file: next to `path` when path is
 * not NULL (so the final rename stays on one file system), else in
 * $TMPDIR or /tmp. tmp (size n) gets the file's name. *wb NULL on failure.
 */
int rx_book_open(const char *path, char *tmp, size_t n, lxw_workbook **wb, err *e);

/*
 * Closes wb (writing it to tmp) and then renames tmp to path, or, when path
 * is NULL, reads it into out (appended) and removes it. On failure tmp is
 * removed and nothing is left at path.
 */
int rx_book_finish(lxw_workbook *wb, const char *tmp, const char *path, buf *out, err *e);

#endif
