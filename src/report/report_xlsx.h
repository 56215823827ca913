/*
 * report_xlsx.h - Excel out (issue #6): the evaluation table of a unit and
 * period as an .xlsx workbook (libxlsxwriter). docs/internals/xlsx.md.
 *
 * Not for: the report's prose (report.h), the entry templates and reading
 * sheets back (report/sheet.h), or CSV (core/import.h).
 */
#ifndef CHITIEU_REPORT_XLSX_H
#define CHITIEU_REPORT_XLSX_H

#include <stdbool.h>

#include "core/period.h"
#include "core/vnfmt.h"
#include "store/store.h"
#include "util/err.h"

/*
 * Writes the indicator table of `unit_code` for period p, judged on as_of,
 * to path: a summary sheet and one sheet per sector, Vietnamese number
 * formats, % of plan and change on last year as formulas over the cells,
 * frozen header rows, A4 landscape print setup. The workbook is written to a
 * temporary file and renamed, so path is never left half-written.
 */
int report_xlsx_write(store *s, const char *unit_code, const period *p, cdate as_of,
		      const char *path, err *e);

/*
 * The same workbook appended to out (for an HTTP answer). It is built in a
 * temporary file under $TMPDIR (or /tmp) that is removed afterwards.
 */
int report_xlsx_to_buf(store *s, const char *unit_code, const period *p, cdate as_of, buf *out,
		       err *e);

/* The sheets of the workbook: the summary first, then one per sector named
 * by sector_label() ("Kinh tế", ...), for sectors that have rows; a monthly
 * workbook of a unit with units under it ends with who has reported. */
#define REPORT_XLSX_SUMMARY_SHEET "Tổng hợp"
#define REPORT_XLSX_REPORTING_SHEET "Gửi số liệu"

#endif
