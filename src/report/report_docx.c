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
 * Not for: the DOCX machinery (office/docx.c) or the wording (report.c).
 */
#include "report/report.h"
#include "office/docx.h"

#include <string.h>

#define TEXT_W (11906 - DOCX_MM(30) - DOCX_MM(15)) /* width between the margins */

int report_write_docx(buf *b, const report_doc *d, err *e)
{
	docx *x = NULL;
	int rc = docx_new(&DOCX_A4_DECREE30, &x, e);
	if (rc)
		return rc;
	const docx_para center = {.align = DOCX_CENTER};

	/* the header: issuer | national title; number | date line. The rules
	 * are paragraphs of their own, so their indents never narrow the text
	 * (an issuer wrapped to four lines, a motto broken before "phúc"). */
	report_header fit; /* columns and sizes so each header line prints on one line */
	report_header_fit(d, TEXT_W / 20.0, &fit);
	int hw[2] = {(int)(fit.left * 20), (int)(fit.right * 20)};
	docx_table_indent(x, (int)(fit.shift * 20));
	docx_table_begin(x, 2, hw);
	docx_row_begin(x);
	docx_cell_begin(x);
	docx_p(x, &center, d->issuer, DOCX_BOLD, (int)(fit.issuer_size * 2));
	/* a short rule under the issuing body: a third of the column */
	docx_para rule = {.align = DOCX_CENTER, .rule_below = true, .after = 120,
			  .indent_left = hw[0] / 3, .indent_right = hw[0] / 3};
	docx_p(x, &rule, "", 0, 4);
	docx_cell_end(x);
	docx_cell_begin(x);
	docx_p(x, &center, REPORT_NATION, DOCX_BOLD, 24);
	/* the motto on one line, underlined over its whole length */
	docx_para motto = {.align = DOCX_CENTER, .after = 120};
	docx_p(x, &motto, REPORT_MOTTO, DOCX_BOLD | DOCX_UNDERLINE, 28);
	docx_cell_end(x);
	docx_row_end(x);
	docx_row_begin(x);
	docx_cell_begin(x);
	docx_p(x, &center, d->number, 0, 26);
	docx_cell_end(x);
	docx_cell_begin(x);
	docx_p(x, &center, d->date_line, DOCX_ITALIC, (int)(fit.date_size * 2));
	docx_cell_end(x);
	docx_row_end(x);
	docx_table_end(x);

	/* the type and title */
	docx_para title = {.align = DOCX_CENTER, .before = 360, .keep_next = true};
	docx_p(x, &title, d->doc_type, DOCX_BOLD, 28);
	title.before = 0;
	title.after = 240;
	docx_p(x, &title, d->title, DOCX_BOLD, 28);

	/* the body */
	docx_para body = {.align = DOCX_JUSTIFY, .first_line = DOCX_MM(10), .after = 120, .line = 264};
	docx_para head = {.align = DOCX_JUSTIFY, .first_line = DOCX_MM(10), .before = 120, .after = 120,
			  .keep_next = true};
	for (size_t i = 0; i < d->n_blocks; i++) {
		const report_block *k = &d->blocks[i];
		switch (k->kind) {
		case RB_PART: docx_p(x, &head, k->text, DOCX_BOLD, 0); break;
		case RB_SECTION: docx_p(x, &head, k->text, DOCX_BOLD | DOCX_ITALIC, 0); break;
		case RB_PARA: docx_p(x, &body, k->text, 0, 0); break;
		case RB_ITEM:
			docx_p_begin(x, &body);
			docx_run(x, "- ", 0, 0);
			docx_run(x, k->text, 0, 0);
			docx_p_end(x);
			break;
		}
	}

	/* recipients | signature */
	int fw[2] = {TEXT_W / 2, TEXT_W - TEXT_W / 2};
	docx_para left = {.align = DOCX_LEFT, .before = 240};
	docx_table_begin(x, 2, fw);
	docx_row_begin(x);
	docx_cell_begin(x);
	docx_p(x, &left, "Nơi nhận:", DOCX_BOLD | DOCX_ITALIC, 24);
	docx_p(x, NULL, d->recipients, 0, 22);
	docx_cell_end(x);
	docx_cell_begin(x);
	docx_para sig = {.align = DOCX_CENTER, .before = 240};
	docx_p(x, &sig, d->signature, DOCX_BOLD, 28);
	sig.before = 1440; /* room for the signature and the seal */
	docx_p(x, &sig, d->signer, DOCX_BOLD, 28);
	docx_cell_end(x);
	docx_row_end(x);
	docx_table_end(x);

	buf t;
	buf_init(&t, 0);
	buf_printf(&t, "%s %s", d->doc_type, d->title);
	rc = docx_finish(x, buf_cstr(&t), b, e);
	buf_free(&t);
	docx_free(x);
	return rc;
}
