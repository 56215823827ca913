/*
 * report_frame.c - the Decree 30/2020 page layout of a document (report or
 * notice) that the DOCX and the PDF writers share (report_page_layout in
 * report.h): sizes and spacing, the order of things, and the header fitted
 * so each line prints on one line: the issuing body's lines and the number
 * in the left column, the national title, the motto and the place-and-date
 * line in the right one. Measured with Pango on Liberation Serif, whose
 * metrics are Times New Roman's, so the DOCX (set in Times New Roman) and
 * the PDF get the same columns and sizes.
 *
 * When a long name (PHƯỜNG NGUYỄN THỊ MINH KHAI) cannot fit at the
 * Decree's least sizes (issuing body 12 pt, date line 13 pt), the header
 * table reaches up to 10 mm into the left margin and 8 mm into the right
 * one, as offices' templates do, rather than wrap the name.
 *
 * Not for: units and drawing (report_docx.c, report_pdf.c) or the texts
 * (report.c, core/task_notice.c).
 */
#include "report/report.h"
#include "office/pdf.h"

#define PAD (2 * 5.4 + 2) /* a cell's padding left and right, and a little room */

/* The header's columns and sizes: widths in points of the issuer's column
 * and the national title's, sizes in points of the issuing body and the
 * date line, chosen so every header line prints on one line (2/5 | 3/5 and
 * 13 | 14 pt when they fit; the issuing body down to 12 pt, the date line
 * down to 13 pt, the columns shifted, then the table into the margins
 * (10 mm left, 8 mm right at most) when a name is long). */
typedef struct report_header {
	double left, right;
	double shift; /* the table's start from the left margin (negative: into it) */
	double issuer_size, date_size;
} report_header;

/* Fits d's header into a text width of tw points. */
static void header_fit(const report_doc *d, double tw, report_header *h)
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

void report_page_layout(const report_page_sink *s, const report_doc *d)
{
	void *w = s->w;
	const double tw = s->text_width;
	const report_page_para center = {.align = RP_CENTER};

	/* the header: issuer | national title; number | date line. The rules
	 * are paragraphs of their own, so their indents never narrow the text
	 * (an issuer wrapped to four lines, a motto broken before "phúc"). */
	report_header fit;
	header_fit(d, tw, &fit);
	double hw[2] = {fit.left, fit.right};
	s->table_begin(w, hw, fit.shift);
	s->row_begin(w);
	s->cell_begin(w);
	s->p(w, &center, d->issuer, RP_BOLD, fit.issuer_size);
	/* a short rule under the issuing body: a third of the column */
	const report_page_para rule = {.align = RP_CENTER, .rule_below = true, .after = 6,
				       .indent_left = hw[0] / 3, .indent_right = hw[0] / 3};
	s->p(w, &rule, "", 0, 2);
	s->cell_end(w);
	s->cell_begin(w);
	s->p(w, &center, REPORT_NATION, RP_BOLD, 12);
	/* the motto on one line, underlined over its whole length */
	const report_page_para motto = {.align = RP_CENTER, .after = 6};
	s->p(w, &motto, REPORT_MOTTO, RP_BOLD | RP_UNDERLINE, 14);
	s->cell_end(w);
	s->row_end(w);
	s->row_begin(w);
	s->cell_begin(w);
	s->p(w, &center, d->number, 0, 13);
	s->cell_end(w);
	s->cell_begin(w);
	s->p(w, &center, d->date_line, RP_ITALIC, fit.date_size);
	s->cell_end(w);
	s->row_end(w);
	s->table_end(w);

	/* the type and title */
	report_page_para title = {.align = RP_CENTER, .before = 18, .keep_next = true};
	s->p(w, &title, d->doc_type, RP_BOLD, 14);
	title.before = 0;
	title.after = 12;
	s->p(w, &title, d->title, RP_BOLD, 14);

	/* the body */
	const report_page_para body = {.align = RP_JUSTIFY, .first_line = PDF_MM(10), .after = 6, .line = 1.1};
	const report_page_para head = {.align = RP_JUSTIFY, .first_line = PDF_MM(10), .before = 6, .after = 6,
				       .keep_next = true};
	for (size_t i = 0; i < d->n_blocks; i++) {
		const report_block *k = &d->blocks[i];
		switch (k->kind) {
		case RB_PART: s->p(w, &head, k->text, RP_BOLD, 0); break;
		case RB_SECTION: s->p(w, &head, k->text, RP_BOLD | RP_ITALIC, 0); break;
		case RB_PARA: s->p(w, &body, k->text, 0, 0); break;
		case RB_ITEM:
			s->p_begin(w, &body);
			s->run(w, "- ", 0, 0);
			s->run(w, k->text, 0, 0);
			s->p_end(w);
			break;
		}
	}

	/* recipients | signature */
	double fw[2] = {tw / 2, tw - tw / 2};
	s->table_begin(w, fw, 0);
	s->row_begin(w);
	s->cell_begin(w);
	const report_page_para left = {.align = RP_LEFT, .before = 12};
	s->p(w, &left, "Nơi nhận:", RP_BOLD | RP_ITALIC, 12);
	s->p(w, NULL, d->recipients, 0, 11);
	s->cell_end(w);
	s->cell_begin(w);
	report_page_para sig = {.align = RP_CENTER, .before = 12};
	s->p(w, &sig, d->signature, RP_BOLD, 14);
	sig.before = 72; /* room for the signature and the seal */
	s->p(w, &sig, d->signer, RP_BOLD, 14);
	s->cell_end(w);
	s->row_end(w);
	s->table_end(w);
}
