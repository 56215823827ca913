/*
 * pdf.h - a small writer of PDF documents drawn with Cairo and shaped by
 * Pango (so Vietnamese diacritics stack correctly): a flow of paragraphs
 * (runs bold, italic, underlined, of any size; left, centred, right or
 * justified; indents, spacing, a rule below) and tables of fixed column
 * widths, borderless or ruled, whose rows break across pages with the
 * header rows repeated on each page. Pages are numbered at the top centre
 * from page 2 on, as the DOCX writer does. The output is bytes in memory.
 *
 * Generic, the PDF twin of office/docx.h: it knows nothing of reports; the
 * situation report and the meeting notice (report/report_pdf.c) use it.
 * Not for: images, links, outlines, reading PDF files.
 */
#ifndef CHITIEU_PDF_H
#define CHITIEU_PDF_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"

/* Millimetres to PostScript points (the unit of every distance here). */
#define PDF_MM(mm) ((mm) * 72.0 / 25.4)

typedef struct pdf_page {
	double width, height;  /* points: A4 is 595.28 x 841.89 */
	double margin_top, margin_bottom, margin_left, margin_right; /* points */
	const char *font;      /* a fontconfig family: "Liberation Serif" */
	double font_size;      /* points */
	bool page_numbers;     /* the page number at the top centre, from page 2 on */
} pdf_page;

/* A4 portrait, margins top 20, bottom 20, left 30, right 15 mm (Decree
 * 30/2020), Liberation Serif (metric-compatible with Times New Roman) 14 pt,
 * page numbers from page 2. */
extern const pdf_page PDF_A4_DECREE30;

typedef struct pdf pdf;

/* Starts a document with page setup pg (copied). *out freed with pdf_free. */
int pdf_new(const pdf_page *pg, pdf **out, err *e);

/* Frees p; pdf_free(NULL) is a no-op. */
void pdf_free(pdf *p);

typedef enum pdf_align { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT, PDF_JUSTIFY } pdf_align;

/* Paragraph format; distances in points, 0 = none. */
typedef struct pdf_para {
	pdf_align align;
	double first_line;          /* first-line indent */
	double indent_left, indent_right;
	double before, after;       /* space before and after */
	double line;                /* line spacing factor (0: single) */
	bool keep_next;             /* not the last thing on a page */
	bool rule_below;            /* a thin line under the paragraph, between its indents */
} pdf_para;

enum { PDF_BOLD = 1, PDF_ITALIC = 2, PDF_UNDERLINE = 4 };

/* Starts a paragraph (f NULL: left, no spacing); inside a table cell when
 * one is open. */
int pdf_p_begin(pdf *p, const pdf_para *f);

/* Adds a run of text: style PDF_BOLD|PDF_ITALIC|PDF_UNDERLINE, size in
 * points (0: the document's). '\n' breaks the line; other control
 * characters are dropped. ERR_INVALID for text that is not UTF-8. */
int pdf_run(pdf *p, const char *text, unsigned style, double size);

int pdf_p_end(pdf *p);

/* A paragraph of one run. */
int pdf_p(pdf *p, const pdf_para *f, const char *text, unsigned style, double size);

/*
 * A table of ncols (<= 16) columns of widths (points), starting at the left
 * margin. ruled: thin borders around every cell. header_rows: the first
 * rows, drawn again at the top of every page the table continues on.
 * A row that does not fit goes whole to the next page; only a row taller
 * than a page is split, between lines, its cells side by side.
 */
int pdf_table_begin(pdf *p, int ncols, const double *widths, bool ruled, int header_rows);
/* Moves the next table dx points to the right of the left margin (negative:
 * into it), for a header wider than the text. Reset by pdf_table_end. */
void pdf_table_shift(pdf *p, double dx);
int pdf_row_begin(pdf *p);
int pdf_cell_begin(pdf *p);
int pdf_cell_end(pdf *p);
int pdf_row_end(pdf *p);
int pdf_table_end(pdf *p);

/* The width between the margins, in points. */
double pdf_text_width(const pdf *p);

/*
 * Ends the document and appends the PDF bytes to out; title goes into the
 * document's metadata (may be NULL). ERR_INVALID if a call above failed
 * (unbalanced, bad UTF-8), ERR_NOMEM, ERR_IO when Cairo fails.
 */
int pdf_finish(pdf *p, const char *title, buf *out, err *e);

/* The number of pages so far (after pdf_finish: of the document). */
int pdf_pages(const pdf *p);

/*
 * Measuring text as printed, without a document: the width in points of
 * the widest line of text ('\n' separates lines) in family font (NULL:
 * Liberation Serif, whose metrics are Times New Roman's, so the DOCX writer
 * can size its columns by it too), style PDF_BOLD|PDF_ITALIC, size in
 * points. pdf_measure_new returns NULL when out of memory.
 */
typedef struct pdf_measure pdf_measure;
pdf_measure *pdf_measure_new(const char *font);
double pdf_measure_width(pdf_measure *m, const char *text, unsigned style, double size);
void pdf_measure_free(pdf_measure *m);

#endif
