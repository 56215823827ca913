/*
 * docx.h - a small writer of Word (.docx, WordprocessingML) documents:
 * page setup, paragraphs of runs (bold, italic, underline, size, line
 * breaks), borderless tables of fixed column widths, and the package (zip
 * of [Content_Types].xml, relationships, document, styles, core
 * properties). XML goes through libxml2's xmlTextWriter (every text is
 * escaped by it), the zip through libzip; the output is bytes in memory,
 * identical for identical input (fixed zip timestamps).
 *
 * Generic: it knows nothing of reports; the situation report
 * (report/report_docx.c) and the meeting notice use it.
 * Not for: reading .docx files, images, footers, lists, headers other than
 * the page number.
 */
#ifndef CHITIEU_DOCX_H
#define CHITIEU_DOCX_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"

/* Millimetres to twentieths of a point (the unit of page sizes and margins). */
#define DOCX_MM(mm) ((int)((mm) * 1440.0 / 25.4 + 0.5))

typedef struct docx_page {
	int width, height;        /* twips: A4 is 11906 x 16838 */
	int margin_top, margin_bottom, margin_left, margin_right; /* twips */
	const char *font;         /* "Times New Roman" */
	int font_size;            /* half-points: 28 = 14 pt */
	const char *lang;         /* "vi-VN" */
	bool page_numbers;        /* page number at the top centre, from page 2 on */
} docx_page;

/* A4 portrait, margins top 20, bottom 20, left 30, right 15 mm, Times New
 * Roman 14 pt, Vietnamese, page numbers at the top centre from page 2: the
 * administrative layout of Decree 30/2020. */
extern const docx_page DOCX_A4_DECREE30;

typedef struct docx docx;

/* Starts a document with page setup pg (copied). *out freed with docx_free. */
int docx_new(const docx_page *pg, docx **out, err *e);

/* Frees d; docx_free(NULL) is a no-op. */
void docx_free(docx *d);

typedef enum docx_align { DOCX_LEFT = 0, DOCX_CENTER, DOCX_RIGHT, DOCX_JUSTIFY } docx_align;

/* Paragraph format; all distances in twips, 0 = none. */
typedef struct docx_para {
	docx_align align;
	int first_line;          /* first-line indent */
	int indent_left, indent_right;
	int before, after;       /* space before and after */
	int line;                /* line spacing in 240ths of a line (240 single, 0 default) */
	bool keep_next;          /* keep with the next paragraph */
	bool rule_below;         /* a thin line under the paragraph (shorten it with indents) */
} docx_para;

enum { DOCX_BOLD = 1, DOCX_ITALIC = 2, DOCX_UNDERLINE = 4 };

/* Starts a paragraph (f NULL: left, no spacing). */
int docx_p_begin(docx *d, const docx_para *f);

/* Adds a run of text: style is DOCX_BOLD|DOCX_ITALIC|DOCX_UNDERLINE, size in
 * half-points (0: the document's). '\n' becomes a line break, '\t' a tab;
 * other control characters are dropped. */
int docx_run(docx *d, const char *text, unsigned style, int size);

int docx_p_end(docx *d);

/* A paragraph of one run. */
int docx_p(docx *d, const docx_para *f, const char *text, unsigned style, int size);

/* A borderless table of ncols (<= 16) columns of widths (twips). */
int docx_table_begin(docx *d, int ncols, const int *widths);
/* Indents the next table by twips from the left margin (negative: into it). */
void docx_table_indent(docx *d, int twips);
int docx_row_begin(docx *d);
/* Starts the next cell of the row; a cell left without a paragraph gets an empty one. */
int docx_cell_begin(docx *d);
int docx_cell_end(docx *d);
int docx_row_end(docx *d);
int docx_table_end(docx *d);

/*
 * Ends the document and appends the .docx package bytes to out. title goes
 * into the core properties (may be NULL). d may not be written to after.
 * ERR_INVALID if a call above failed (unbalanced, bad UTF-8), ERR_NOMEM.
 */
int docx_finish(docx *d, const char *title, buf *out, err *e);

#endif
