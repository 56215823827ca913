/*
 * report_html.c - the report as one standalone HTML5 page, for the browser
 * and for printing: the Decree 30/2020 frame as a two-column header table,
 * Times New Roman, A4 print CSS (@page margins 20/15/20/30 mm). Every text
 * goes through html_text(), the one escaping writer of this file.
 *
 * Not for: building the model (report.c) or other formats.
 */
#include "report/report.h"
#include "util/html.h"

#include <string.h>

/* Appends s with &, <, >, " and ' escaped (util/html.h). */
static int html_text(buf *b, const char *s)
{
	return html_escape(b, s);
}

/* Appends the lines of s escaped, separated by <br>. */
static void html_lines(buf *b, const char *s)
{
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		buf t;
		buf_init(&t, 0);
		buf_append(&t, p, n);
		html_text(b, buf_cstr(&t));
		buf_taint(b, &t); /* a line that could not be copied is a piece missing from b */
		buf_free(&t);
		if (nl && nl[1])
			buf_puts(b, "<br>");
		p = nl ? nl + 1 : NULL;
	}
}

static const char CSS[] =
	"@page{size:A4;margin:20mm 15mm 20mm 30mm}"
	"body{font-family:'Times New Roman',Times,serif;font-size:14pt;line-height:1.3;max-width:165mm;"
	"margin:1em auto;color:#000;background:#fff}"
	"table.hd{width:100%;border-collapse:collapse}table.hd td{vertical-align:top;text-align:center;"
	"padding:0;font-size:13pt}"
	"td.l{width:40%}.b{font-weight:bold}.rule{width:35%;margin:5pt auto 6pt;border:0;border-top:1px solid #000}.nt{white-space:nowrap;font-size:12pt}"
	".date{font-style:italic;font-size:14pt}"
	"h1{font-size:14pt;text-align:center;margin:18pt 0 0}p.title{text-align:center;font-weight:bold;margin:0 0 12pt}"
	"h2{font-size:14pt;margin:12pt 0 6pt}h3{font-size:14pt;margin:6pt 0 6pt}"
	"p.p{text-align:justify;text-indent:10mm;margin:0 0 6pt}ul{margin:0 0 6pt;padding-left:15mm}"
	"li{text-align:justify;list-style:'- '}"
	"table.sg{width:100%;margin-top:12pt;border-collapse:collapse}table.sg td{vertical-align:top;padding:0}"
	"td.to{width:50%;font-size:11pt}td.to .h{font-size:12pt;font-weight:bold;font-style:italic}"
	"td.sig{text-align:center;font-weight:bold}.signer{margin-top:60pt}"
	"@media print{body{margin:0;max-width:none}}";

int report_write_html(buf *b, const report_doc *d)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_text(b, d->doc_type);
	buf_putc(b, ' ');
	html_text(b, d->title);
	buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n", CSS);
	buf_puts(b, "<table class=\"hd\"><tr><td class=\"l b\">");
	html_lines(b, d->issuer);
	buf_puts(b, "<hr class=\"rule\"></td><td class=\"b\"><span class=\"nt\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</span><br>"
		    "Độc lập - Tự do - Hạnh phúc<hr class=\"rule\"></td></tr>\n<tr><td class=\"l\">");
	html_text(b, d->number);
	buf_puts(b, "</td><td class=\"date\">");
	html_text(b, d->date_line);
	buf_puts(b, "</td></tr></table>\n<h1>");
	html_text(b, d->doc_type);
	buf_puts(b, "</h1>\n<p class=\"title\">");
	html_text(b, d->title);
	buf_puts(b, "</p>\n");
	bool in_list = false;
	for (size_t i = 0; i < d->n_blocks; i++) {
		const report_block *k = &d->blocks[i];
		if (in_list && k->kind != RB_ITEM)
			buf_puts(b, "</ul>\n");
		if (!in_list && k->kind == RB_ITEM)
			buf_puts(b, "<ul>\n");
		in_list = k->kind == RB_ITEM;
		const char *open = "<p class=\"p\">", *close = "</p>\n";
		if (k->kind == RB_PART)
			open = "<h2>", close = "</h2>\n";
		else if (k->kind == RB_SECTION)
			open = "<h3>", close = "</h3>\n";
		else if (k->kind == RB_ITEM)
			open = "<li>", close = "</li>\n";
		buf_puts(b, open);
		html_text(b, k->text);
		buf_puts(b, close);
	}
	if (in_list)
		buf_puts(b, "</ul>\n");
	buf_puts(b, "<table class=\"sg\"><tr><td class=\"to\"><span class=\"h\">Nơi nhận:</span><br>");
	html_lines(b, d->recipients);
	buf_puts(b, "</td><td class=\"sig\">");
	html_lines(b, d->signature);
	buf_puts(b, "<div class=\"signer\">");
	html_text(b, d->signer);
	return buf_puts(b, "</div></td></tr></table>\n</body>\n</html>\n");
}
