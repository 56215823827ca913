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
 * Not for: the wording (report.c) or the drawing machinery (office/pdf.c).
 */
#include "report/report.h"
#include "office/pdf.h"

#include <string.h>

int report_write_pdf(buf *b, const report_doc *d, err *e)
{
	pdf *x = NULL;
	int rc = pdf_new(&PDF_A4_DECREE30, &x, e);
	if (rc)
		return rc;
	const double tw = pdf_text_width(x);
	const pdf_para center = {.align = PDF_CENTER};

	/* the header: issuer | national title; number | date line */
	report_header fit;
	report_header_fit(d, tw, &fit);
	double hw[2] = {fit.left, fit.right};
	pdf_table_shift(x, fit.shift);
	pdf_table_begin(x, 2, hw, false, 0);
	pdf_row_begin(x);
	pdf_cell_begin(x);
	pdf_p(x, &center, d->issuer, PDF_BOLD, fit.issuer_size);
	const pdf_para rule = {.align = PDF_CENTER, .rule_below = true, .after = 6,
			       .indent_left = hw[0] / 3, .indent_right = hw[0] / 3};
	pdf_p(x, &rule, "", 0, 2);
	pdf_cell_end(x);
	pdf_cell_begin(x);
	pdf_p(x, &center, REPORT_NATION, PDF_BOLD, 12);
	const pdf_para motto = {.align = PDF_CENTER, .after = 6};
	pdf_p(x, &motto, REPORT_MOTTO, PDF_BOLD | PDF_UNDERLINE, 14);
	pdf_cell_end(x);
	pdf_row_end(x);
	pdf_row_begin(x);
	pdf_cell_begin(x);
	pdf_p(x, &center, d->number, 0, 13);
	pdf_cell_end(x);
	pdf_cell_begin(x);
	pdf_p(x, &center, d->date_line, PDF_ITALIC, fit.date_size);
	pdf_cell_end(x);
	pdf_row_end(x);
	pdf_table_end(x);

	/* the type and title */
	pdf_para title = {.align = PDF_CENTER, .before = 18, .keep_next = true};
	pdf_p(x, &title, d->doc_type, PDF_BOLD, 14);
	title.before = 0;
	title.after = 12;
	pdf_p(x, &title, d->title, PDF_BOLD, 14);

	/* the body */
	const pdf_para body = {.align = PDF_JUSTIFY, .first_line = PDF_MM(10), .after = 6, .line = 1.1};
	const pdf_para head = {.align = PDF_JUSTIFY, .first_line = PDF_MM(10), .before = 6, .after = 6,
			       .keep_next = true};
	for (size_t i = 0; i < d->n_blocks; i++) {
		const report_block *k = &d->blocks[i];
		switch (k->kind) {
		case RB_PART: pdf_p(x, &head, k->text, PDF_BOLD, 0); break;
		case RB_SECTION: pdf_p(x, &head, k->text, PDF_BOLD | PDF_ITALIC, 0); break;
		case RB_PARA: pdf_p(x, &body, k->text, 0, 0); break;
		case RB_ITEM:
			pdf_p_begin(x, &body);
			pdf_run(x, "- ", 0, 0);
			pdf_run(x, k->text, 0, 0);
			pdf_p_end(x);
			break;
		}
	}

	/* recipients | signature */
	double fw[2] = {tw / 2, tw - tw / 2};
	pdf_table_begin(x, 2, fw, false, 0);
	pdf_row_begin(x);
	pdf_cell_begin(x);
	const pdf_para left = {.align = PDF_LEFT, .before = 12};
	pdf_p(x, &left, "Nơi nhận:", PDF_BOLD | PDF_ITALIC, 12);
	pdf_p(x, NULL, d->recipients, 0, 11);
	pdf_cell_end(x);
	pdf_cell_begin(x);
	pdf_para sig = {.align = PDF_CENTER, .before = 12};
	pdf_p(x, &sig, d->signature, PDF_BOLD, 14);
	sig.before = 72; /* room for the signature and the seal */
	pdf_p(x, &sig, d->signer, PDF_BOLD, 14);
	pdf_cell_end(x);
	pdf_row_end(x);
	pdf_table_end(x);

	buf t;
	buf_init(&t, 0);
	buf_printf(&t, "%s %s", d->doc_type, d->title);
	rc = pdf_finish(x, buf_cstr(&t), b, e);
	buf_free(&t);
	pdf_free(x);
	return rc;
}
