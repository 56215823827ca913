/*
 * report_frame.c - the sizes of the Decree 30/2020 header of a document
 * (report or notice) so each line prints on one line: the issuing body's
 * lines and the number in the left column, the national title, the motto
 * and the place-and-date line in the right one. Measured with Pango on
 * Liberation Serif, whose metrics are Times New Roman's, so the DOCX (set
 * in Times New Roman) and the PDF get the same columns and sizes.
 *
 * When a long name (PHƯỜNG NGUYỄN THỊ MINH KHAI) cannot fit at the
 * Decree's least sizes (issuing body 12 pt, date line 13 pt), the header
 * table reaches up to 10 mm into the left margin and 8 mm into the right
 * one, as offices' templates do, rather than wrap the name.
 *
 * Not for: drawing (report_docx.c, report_pdf.c) or the texts (report.c,
 * core/task_notice.c).
 */
#include "report/report.h"
#include "office/pdf.h"

#define PAD (2 * 5.4 + 2) /* a cell's padding left and right, and a little room */

void report_header_fit(const report_doc *d, double tw, report_header *h)
{
	h->issuer_size = 13;
	h->date_size = 14;
	h->shift = 0;
	h->left = tw * 2 / 5;
	h->right = tw - h->left;
	pdf_measure *m = pdf_measure_new(NULL);
	if (!m)
		return; /* the usual sizes: at worst a line wraps */
	double fixed = pdf_measure_width(m, REPORT_NATION, PDF_BOLD, 12);
	double motto = pdf_measure_width(m, REPORT_MOTTO, PDF_BOLD, 14);
	if (motto > fixed)
		fixed = motto;
	fixed += PAD;
	double num = pdf_measure_width(m, d->number ? d->number : "", 0, 13) + PAD;
	/* the issuing body: 13 pt, down to 12 pt when a line is too long for what the right column leaves */
	double left_need = 0;
	for (double s = 13; s >= 12; s -= 0.5) {
		h->issuer_size = s;
		left_need = pdf_measure_width(m, d->issuer ? d->issuer : "", PDF_BOLD, s) + PAD;
		if (num > left_need)
			left_need = num;
		if (left_need + fixed <= tw)
			break;
	}
	/* the place and date: 14 pt, down to 13 pt */
	double right_need = fixed;
	for (double s = 14; s >= 13; s -= 0.5) {
		h->date_size = s;
		double dn = pdf_measure_width(m, d->date_line ? d->date_line : "", PDF_ITALIC, s) + PAD;
		right_need = dn > fixed ? dn : fixed;
		if (left_need + right_need <= tw)
			break;
	}
	pdf_measure_free(m);
	/* too wide for the text: into the margins, the left one first */
	double over = left_need + right_need - tw;
	if (over > 0) {
		double into_left = over < PDF_MM(10) ? over : PDF_MM(10);
		double into_right = over - into_left < PDF_MM(8) ? over - into_left : PDF_MM(8);
		h->shift = -into_left;
		tw += into_left + into_right;
	}
	/* the usual 2/5 | 3/5 when both fit so; else each what it needs, the
	 * right column (the national title) first when not everything can fit */
	h->left = tw * 2 / 5;
	if (h->left < left_need)
		h->left = left_need;
	if (tw - h->left < right_need)
		h->left = tw - right_need;
	if (h->left < tw / 4)
		h->left = tw / 4;
	h->right = tw - h->left;
}
