/*
 * sheet_int.h - what the sheet readers share (sheet_import.c,
 * sheet_catalog.c): a CSV file as the same grid as an .xlsx sheet, header
 * names normalised for comparison, a cell's text trimmed.
 *
 * Not for: callers outside src/report (sheet.h is the interface).
 */
#ifndef CHITIEU_SHEET_INT_H
#define CHITIEU_SHEET_INT_H

#include <stddef.h>

#include "office/xlsx_read.h"
#include "util/err.h"

/* A CSV file as a grid: row = the record's line - 1, every field a string.
 * *out is freed with xlsx_sheet_free. */
int sheet_int_csv_grid(const void *data, size_t len, const char *name, size_t max_cells, xlsx_sheet **out,
		       err *e);

/* A header's name accent-free, lower case, runs of other characters as one
 * '_' ("Mã quy tắc" -> "ma_quy_tac") into out (size n). */
void sheet_int_norm(const char *raw, char *out, size_t n);

/* s trimmed of blanks (also U+00A0) into out (size n), cut at a character. */
void sheet_int_trim(const char *s, char *out, size_t n);

#endif
