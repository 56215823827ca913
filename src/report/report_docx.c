/*
 * report_docx.c - the report as a Word document laid out per Decree
 * 30/2020/NĐ-CP (appendix I): A4, margins 20/20/30/15 mm, Times New Roman
 * 14 pt; a two-column borderless header table (issuing body, a short rule
 * and number on the left; the national title, the underlined motto on one
 * line and the italic place-and-date line on the right);
 * the document type and title centred in bold; the body justified with a
 * first-line indent; a two-column footer table ("Nơi nhận" on the left,
 * the signature block on the right).
 *
 * The layout is report_page_layout's (report_frame.c), the PDF's too, in
 * points; this file turns it into office/docx.h calls (twips, half-points).
 *
 * Not for: the DOCX machinery (office/docx.c), the layout (report_frame.c)
 * or the wording (report.c).
 */
#include "report/report.h"
#include "office/docx.h"

#include <math.h>
#include <string.h>

#define TEXT_W (11906 - DOCX_MM(30) - DOCX_MM(15)) /* twips between the margins */

_Static_assert((int)RP_BOLD == (int)DOCX_BOLD && (int)RP_ITALIC == (int)DOCX_ITALIC &&
		       (int)RP_UNDERLINE == (int)DOCX_UNDERLINE,
	       "the layout's styles are docx.h's");
_Static_assert((int)RP_LEFT == (int)DOCX_LEFT && (int)RP_CENTER == (int)DOCX_CENTER &&
		       (int)RP_RIGHT == (int)DOCX_RIGHT && (int)RP_JUSTIFY == (int)DOCX_JUSTIFY,
	       "the layout's alignments are docx.h's");

static int twips(double pt) { return (int)lround(pt * 20); }
static int half_points(double pt) { return (int)lround(pt * 2); }

/* f in docx.h's terms (*out; NULL for NULL): twips, line in 240ths. */
static const docx_para *para(const report_page_para *f, docx_para *out)
{
	if (!f)
		return NULL;
	*out = (docx_para){(docx_align)f->align, twips(f->first_line), twips(f->indent_left),
			   twips(f->indent_right), twips(f->before), twips(f->after), (int)lround(f->line * 240),
			   f->keep_next, f->rule_below};
	return out;
}

static void table_begin(void *w, const double widths[2], double dx)
{
	/* the columns' edges rounded, so the table is as wide as the text */
	int tw[2] = {twips(widths[0]), twips(widths[0] + widths[1]) - twips(widths[0])};
	docx_table_indent(w, twips(dx));
	docx_table_begin(w, 2, tw);
}
static void row_begin(void *w) { docx_row_begin(w); }
static void cell_begin(void *w) { docx_cell_begin(w); }
static void cell_end(void *w) { docx_cell_end(w); }
static void row_end(void *w) { docx_row_end(w); }
static void table_end(void *w) { docx_table_end(w); }
static void p(void *w, const report_page_para *f, const char *text, unsigned style, double size)
{
	docx_para df;
	docx_p(w, para(f, &df), text, style, half_points(size));
}
static void p_begin(void *w, const report_page_para *f)
{
	docx_para df;
	docx_p_begin(w, para(f, &df));
}
static void run(void *w, const char *text, unsigned style, double size)
{
	docx_run(w, text, style, half_points(size));
}
static void p_end(void *w) { docx_p_end(w); }

int report_write_docx(buf *b, const report_doc *d, err *e)
{
	docx *x = NULL;
	int rc = docx_new(&DOCX_A4_DECREE30, &x, e);
	if (rc)
		return rc;
	const report_page_sink s = {x, TEXT_W / 20.0, table_begin, row_begin, cell_begin, cell_end,
				    row_end, table_end, p, p_begin, run, p_end};
	report_page_layout(&s, d); /* a failed call is remembered: docx_finish reports it */
	buf t;
	buf_init(&t, 0);
	buf_printf(&t, "%s %s", d->doc_type, d->title);
	rc = docx_finish(x, buf_cstr(&t), b, e);
	buf_free(&t);
	docx_free(x);
	return rc;
}
