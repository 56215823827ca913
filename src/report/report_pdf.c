/*
 * report_pdf.c - the report (and any report_doc: the meeting notice) as a
 * PDF drawn natively (office/pdf.h, Cairo and Pango), laid out as the DOCX
 * is (report_docx.c) per Decree 30/2020: A4, margins 20/20/30/15 mm,
 * Liberation Serif 14 pt; the two-column borderless header (issuing body
 * and a short rule | national title and the underlined motto on one line;
 * number | italic place and date); type and title centred in bold; the
 * body justified with a first-line indent; "Nơi nhận" | the signature
 * block; page numbers from page 2.
 *
 * The layout is report_page_layout's (report_frame.c), the DOCX's too; this
 * file only turns it into office/pdf.h calls (points already).
 *
 * Not for: the wording (report.c), the layout (report_frame.c) or the
 * drawing machinery (office/pdf.c).
 */
#include "report/report.h"
#include "office/pdf.h"

#include <string.h>

_Static_assert((int)RP_BOLD == (int)PDF_BOLD && (int)RP_ITALIC == (int)PDF_ITALIC &&
		       (int)RP_UNDERLINE == (int)PDF_UNDERLINE,
	       "the layout's styles are pdf.h's");
_Static_assert((int)RP_LEFT == (int)PDF_LEFT && (int)RP_CENTER == (int)PDF_CENTER &&
		       (int)RP_RIGHT == (int)PDF_RIGHT && (int)RP_JUSTIFY == (int)PDF_JUSTIFY,
	       "the layout's alignments are pdf.h's");

/* f in pdf.h's terms (*out; NULL for NULL). */
static const pdf_para *para(const report_page_para *f, pdf_para *out)
{
	if (!f)
		return NULL;
	*out = (pdf_para){(pdf_align)f->align, f->first_line, f->indent_left, f->indent_right, f->before,
			  f->after, f->line, f->keep_next, f->rule_below};
	return out;
}

static void table_begin(void *w, const double widths[2], double dx)
{
	pdf_table_shift(w, dx);
	pdf_table_begin(w, 2, widths, false, 0);
}
static void row_begin(void *w) { pdf_row_begin(w); }
static void cell_begin(void *w) { pdf_cell_begin(w); }
static void cell_end(void *w) { pdf_cell_end(w); }
static void row_end(void *w) { pdf_row_end(w); }
static void table_end(void *w) { pdf_table_end(w); }
static void p(void *w, const report_page_para *f, const char *text, unsigned style, double size)
{
	pdf_para pf;
	pdf_p(w, para(f, &pf), text, style, size);
}
static void p_begin(void *w, const report_page_para *f)
{
	pdf_para pf;
	pdf_p_begin(w, para(f, &pf));
}
static void run(void *w, const char *text, unsigned style, double size) { pdf_run(w, text, style, size); }
static void p_end(void *w) { pdf_p_end(w); }

int report_write_pdf(buf *b, const report_doc *d, err *e)
{
	pdf *x = NULL;
	int rc = pdf_new(&PDF_A4_DECREE30, &x, e);
	if (rc)
		return rc;
	const report_page_sink s = {x, pdf_text_width(x), table_begin, row_begin, cell_begin, cell_end,
				    row_end, table_end, p, p_begin, run, p_end};
	report_page_layout(&s, d); /* a failed call is remembered: pdf_finish reports it */
	buf t;
	buf_init(&t, 0);
	buf_printf(&t, "%s %s", d->doc_type, d->title);
	rc = pdf_finish(x, buf_cstr(&t), b, e);
	buf_free(&t);
	pdf_free(x);
	return rc;
}
