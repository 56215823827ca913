/*
 * docx.c - the .docx writer of docx.h: WordprocessingML through libxml2's
 * xmlTextWriter (escaping every text), packaged by libzip in memory.
 *
 * Not for: report wording or layout decisions (report/report_docx.c).
 */
#include "office/docx.h"
#include "util/text.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_COLS 16

const docx_page DOCX_A4_DECREE30 = {
	11906, 16838, DOCX_MM(20), DOCX_MM(20), DOCX_MM(30), DOCX_MM(15), "Times New Roman", 28, "vi-VN", true,
};

struct docx {
	docx_page pg;
	char font[64], lang[16];
	xmlBufferPtr xb;
	xmlTextWriterPtr w;
	bool failed;
	bool in_p, in_cell, cell_has_p;
	int ncols, col, widths[MAX_COLS];
	int tbl_ind; /* docx_table_indent, for the next table */
};

/* Every writer call goes through these: a failure is remembered, not lost. */
static void chk(docx *d, int rc)
{
	if (rc < 0)
		d->failed = true;
}

static void el_start(docx *d, const char *name) { chk(d, xmlTextWriterStartElement(d->w, BAD_CAST name)); }
static void el_end(docx *d) { chk(d, xmlTextWriterEndElement(d->w)); }
static void attr(docx *d, const char *name, const char *val)
{
	chk(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST val));
}
static void attr_int(docx *d, const char *name, int v)
{
	chk(d, xmlTextWriterWriteFormatAttribute(d->w, BAD_CAST name, "%d", v));
}
/* <name w:val="val"/> */
static void el_val(docx *d, const char *name, const char *val)
{
	el_start(d, name);
	if (val)
		attr(d, "w:val", val);
	el_end(d);
}
static void el_val_int(docx *d, const char *name, int v)
{
	el_start(d, name);
	attr_int(d, "w:val", v);
	el_end(d);
}

static void fonts(docx *d)
{
	el_start(d, "w:rFonts");
	attr(d, "w:ascii", d->font);
	attr(d, "w:hAnsi", d->font);
	attr(d, "w:eastAsia", d->font);
	attr(d, "w:cs", d->font);
	el_end(d);
}

int docx_new(const docx_page *pg, docx **out, err *e)
{
	docx *d = calloc(1, sizeof *d);
	if (!d)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo tệp Word");
	d->pg = *pg;
	snprintf(d->font, sizeof d->font, "%s", pg->font ? pg->font : "Times New Roman");
	snprintf(d->lang, sizeof d->lang, "%s", pg->lang ? pg->lang : "vi-VN");
	d->xb = xmlBufferCreate();
	d->w = d->xb ? xmlNewTextWriterMemory(d->xb, 0) : NULL;
	if (!d->w) {
		docx_free(d);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo tệp Word");
	}
	chk(d, xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", "yes"));
	el_start(d, "w:document");
	attr(d, "xmlns:w", W_NS);
	attr(d, "xmlns:r", R_NS);
	el_start(d, "w:body");
	*out = d;
	return d->failed ? (docx_free(d), err_set(e, ERR_NOMEM, "không tạo được tệp Word")) : 0;
}

void docx_free(docx *d)
{
	if (!d)
		return;
	if (d->w)
		xmlFreeTextWriter(d->w);
	if (d->xb)
		xmlBufferFree(d->xb);
	free(d);
}

int docx_p_begin(docx *d, const docx_para *f)
{
	if (d->in_p)
		d->failed = true;
	d->in_p = true;
	d->cell_has_p = true;
	el_start(d, "w:p");
	docx_para z;
	memset(&z, 0, sizeof z);
	if (!f)
		f = &z;
	el_start(d, "w:pPr");
	if (f->keep_next)
		el_val(d, "w:keepNext", NULL);
	if (f->rule_below) {
		el_start(d, "w:pBdr");
		el_start(d, "w:bottom");
		attr(d, "w:val", "single");
		attr(d, "w:sz", "6");
		attr(d, "w:space", "1");
		attr(d, "w:color", "000000");
		el_end(d);
		el_end(d);
	}
	el_start(d, "w:spacing");
	attr_int(d, "w:before", f->before);
	attr_int(d, "w:after", f->after);
	if (f->line) {
		attr_int(d, "w:line", f->line);
		attr(d, "w:lineRule", "auto");
	}
	el_end(d);
	if (f->first_line || f->indent_left || f->indent_right) {
		el_start(d, "w:ind");
		attr_int(d, "w:left", f->indent_left);
		attr_int(d, "w:right", f->indent_right);
		if (f->first_line)
			attr_int(d, "w:firstLine", f->first_line);
		el_end(d);
	}
	static const char *const JC[] = {"left", "center", "right", "both"};
	el_val(d, "w:jc", JC[f->align >= DOCX_LEFT && f->align <= DOCX_JUSTIFY ? f->align : 0]);
	el_end(d); /* pPr */
	return d->failed ? ERR_INVALID : 0;
}

static void run_props(docx *d, unsigned style, int size)
{
	el_start(d, "w:rPr");
	if (style & DOCX_BOLD) {
		el_val(d, "w:b", NULL);
		el_val(d, "w:bCs", NULL);
	}
	if (style & DOCX_ITALIC) {
		el_val(d, "w:i", NULL);
		el_val(d, "w:iCs", NULL);
	}
	if (style & DOCX_UNDERLINE)
		el_val(d, "w:u", "single");
	if (size > 0) {
		el_val_int(d, "w:sz", size);
		el_val_int(d, "w:szCs", size);
	}
	el_end(d);
}

/* Writes n bytes of s as one <w:t>. */
static void text_el(docx *d, const char *s, size_t n)
{
	if (!n)
		return;
	char *t = strndup(s, n);
	if (!t) {
		d->failed = true;
		return;
	}
	/* libxml2 writes bytes that are not UTF-8 as they are: the part would not parse */
	if (!text_utf8_valid(t, n))
		d->failed = true;
	el_start(d, "w:t");
	attr(d, "xml:space", "preserve");
	chk(d, xmlTextWriterWriteString(d->w, BAD_CAST t));
	el_end(d);
	free(t);
}

int docx_run(docx *d, const char *text, unsigned style, int size)
{
	if (!d->in_p)
		d->failed = true;
	el_start(d, "w:r");
	run_props(d, style, size);
	const char *start = text;
	for (const char *p = text; ; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20)
			continue;
		/* a control character (or the end): flush the text before it */
		text_el(d, start, (size_t)(p - start));
		if (!c)
			break;
		if (c == '\n')
			el_val(d, "w:br", NULL);
		else if (c == '\t')
			el_val(d, "w:tab", NULL);
		start = p + 1; /* other control characters are not allowed in XML: dropped */
	}
	el_end(d);
	return d->failed ? ERR_INVALID : 0;
}

int docx_p_end(docx *d)
{
	if (!d->in_p)
		d->failed = true;
	d->in_p = false;
	el_end(d);
	return d->failed ? ERR_INVALID : 0;
}

int docx_p(docx *d, const docx_para *f, const char *text, unsigned style, int size)
{
	docx_p_begin(d, f);
	if (text && *text)
		docx_run(d, text, style, size);
	return docx_p_end(d);
}

int docx_table_begin(docx *d, int ncols, const int *widths)
{
	if (ncols < 1 || ncols > MAX_COLS || d->in_p || d->ncols) {
		d->failed = true;
		return ERR_INVALID;
	}
	d->ncols = ncols;
	int total = 0;
	for (int i = 0; i < ncols; i++)
		total += d->widths[i] = widths[i];
	el_start(d, "w:tbl");
	el_start(d, "w:tblPr");
	el_start(d, "w:tblW");
	attr_int(d, "w:w", total);
	attr(d, "w:type", "dxa");
	el_end(d);
	el_start(d, "w:tblBorders");
	static const char *const SIDES[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
	for (size_t i = 0; i < 6; i++)
		el_val(d, SIDES[i], "nil");
	el_end(d);
	if (d->tbl_ind) {
		el_start(d, "w:tblInd");
		attr_int(d, "w:w", d->tbl_ind);
		attr(d, "w:type", "dxa");
		el_end(d);
		d->tbl_ind = 0;
	}
	el_start(d, "w:tblLayout");
	attr(d, "w:type", "fixed");
	el_end(d);
	el_end(d); /* tblPr */
	el_start(d, "w:tblGrid");
	for (int i = 0; i < ncols; i++) {
		el_start(d, "w:gridCol");
		attr_int(d, "w:w", widths[i]);
		el_end(d);
	}
	el_end(d);
	return d->failed ? ERR_INVALID : 0;
}

void docx_table_indent(docx *d, int twips) { d->tbl_ind = twips; }

int docx_row_begin(docx *d)
{
	if (!d->ncols)
		d->failed = true;
	d->col = 0;
	el_start(d, "w:tr");
	return d->failed ? ERR_INVALID : 0;
}

int docx_cell_begin(docx *d)
{
	if (!d->ncols || d->col >= d->ncols || d->in_cell)
		d->failed = true;
	if (d->failed)
		return ERR_INVALID;
	el_start(d, "w:tc");
	el_start(d, "w:tcPr");
	el_start(d, "w:tcW");
	attr_int(d, "w:w", d->widths[d->col]);
	attr(d, "w:type", "dxa");
	el_end(d);
	el_end(d);
	d->in_cell = true;
	d->cell_has_p = false;
	return d->failed ? ERR_INVALID : 0;
}

int docx_cell_end(docx *d)
{
	if (!d->in_cell || d->in_p)
		d->failed = true;
	if (!d->cell_has_p)
		docx_p(d, NULL, NULL, 0, 0); /* a cell must hold a paragraph */
	d->in_cell = false;
	d->col++;
	el_end(d);
	return d->failed ? ERR_INVALID : 0;
}

int docx_row_end(docx *d)
{
	while (!d->failed && d->col < d->ncols) { /* missing cells: empty ones */
		docx_cell_begin(d);
		docx_cell_end(d);
	}
	el_end(d);
	return d->failed ? ERR_INVALID : 0;
}

int docx_table_end(docx *d)
{
	if (!d->ncols)
		d->failed = true;
	d->ncols = 0;
	el_end(d);
	return d->failed ? ERR_INVALID : 0;
}

/* ---- the package --------------------------------------------------------- */

static const char CONTENT_TYPES[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" "
	"ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>";
#define HEADER_CT "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
static const char CONTENT_TYPES_HEADERS[] =
	"<Override PartName=\"/word/header1.xml\" ContentType=\"" HEADER_CT "\"/>"
	"<Override PartName=\"/word/header2.xml\" ContentType=\"" HEADER_CT "\"/>";

static const char ROOT_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"</Relationships>";

static const char DOC_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/>";
#define HEADER_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
static const char DOC_RELS_HEADERS[] =
	"<Relationship Id=\"rId2\" Type=\"" HEADER_REL "\" Target=\"header1.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" HEADER_REL "\" Target=\"header2.xml\"/>";

/* The page number header (a PAGE field, centred) and the empty one of the first page. */
static const char HEADER_PAGE[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:hdr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	"<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";
static const char HEADER_EMPTY[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:hdr xmlns:w=\"" W_NS "\"><w:p/></w:hdr>";

/* Writes styles.xml (fonts and size from the page setup) into a new buffer. */
static xmlBufferPtr styles_xml(docx *d)
{
	xmlBufferPtr xb = xmlBufferCreate();
	if (!xb)
		return NULL;
	docx s = *d; /* a second writer with the same settings */
	s.xb = xb;
	s.failed = false;
	s.w = xmlNewTextWriterMemory(xb, 0);
	if (!s.w) {
		xmlBufferFree(xb);
		return NULL;
	}
	docx *t = &s;
	chk(t, xmlTextWriterStartDocument(t->w, "1.0", "UTF-8", "yes"));
	el_start(t, "w:styles");
	attr(t, "xmlns:w", W_NS);
	el_start(t, "w:docDefaults");
	el_start(t, "w:rPrDefault");
	el_start(t, "w:rPr");
	fonts(t);
	el_val_int(t, "w:sz", d->pg.font_size);
	el_val_int(t, "w:szCs", d->pg.font_size);
	el_val(t, "w:lang", d->lang);
	el_end(t);
	el_end(t);
	el_start(t, "w:pPrDefault");
	el_start(t, "w:pPr");
	el_start(t, "w:spacing");
	attr(t, "w:after", "0");
	attr(t, "w:line", "240");
	attr(t, "w:lineRule", "auto");
	el_end(t);
	el_end(t);
	el_end(t);
	el_end(t); /* docDefaults */
	el_start(t, "w:style");
	attr(t, "w:type", "paragraph");
	attr(t, "w:default", "1");
	attr(t, "w:styleId", "Normal");
	el_val(t, "w:name", "Normal");
	el_val(t, "w:qFormat", NULL);
	el_start(t, "w:rPr");
	fonts(t);
	el_val_int(t, "w:sz", d->pg.font_size);
	el_val_int(t, "w:szCs", d->pg.font_size);
	el_end(t);
	el_end(t);
	el_start(t, "w:style");
	attr(t, "w:type", "table");
	attr(t, "w:default", "1");
	attr(t, "w:styleId", "TableNormal");
	el_val(t, "w:name", "Normal Table");
	el_start(t, "w:tblPr");
	el_start(t, "w:tblCellMar");
	static const char *const SIDES[] = {"w:top", "w:left", "w:bottom", "w:right"};
	for (int i = 0; i < 4; i++) {
		el_start(t, SIDES[i]);
		attr(t, "w:w", i % 2 ? "108" : "0");
		attr(t, "w:type", "dxa");
		el_end(t);
	}
	el_end(t);
	el_end(t);
	el_end(t);
	el_end(t); /* styles */
	chk(t, xmlTextWriterEndDocument(t->w));
	xmlFreeTextWriter(t->w);
	if (t->failed) {
		xmlBufferFree(xb);
		return NULL;
	}
	return xb;
}

static xmlBufferPtr core_xml(docx *d, const char *title)
{
	xmlBufferPtr xb = xmlBufferCreate();
	if (!xb)
		return NULL;
	docx s = *d;
	s.xb = xb;
	s.failed = false;
	s.w = xmlNewTextWriterMemory(xb, 0);
	if (!s.w) {
		xmlBufferFree(xb);
		return NULL;
	}
	docx *t = &s;
	chk(t, xmlTextWriterStartDocument(t->w, "1.0", "UTF-8", "yes"));
	el_start(t, "cp:coreProperties");
	attr(t, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	attr(t, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	if (title && *title) {
		/* as in runs: control characters dropped (XML 1.0 has no way to write them) */
		char *clean = strdup(title);
		size_t k = 0;
		if (!clean || !text_utf8_valid(title, strlen(title)))
			t->failed = true;
		for (const char *p = title; clean && *p; p++)
			if ((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n')
				clean[k++] = *p;
		if (clean) {
			clean[k] = '\0';
			chk(t, xmlTextWriterWriteElement(t->w, BAD_CAST "dc:title", BAD_CAST clean));
		}
		free(clean);
	}
	chk(t, xmlTextWriterWriteElement(t->w, BAD_CAST "dc:creator", BAD_CAST "chitieu"));
	chk(t, xmlTextWriterWriteElement(t->w, BAD_CAST "dc:language", BAD_CAST d->lang));
	el_end(t);
	chk(t, xmlTextWriterEndDocument(t->w));
	xmlFreeTextWriter(t->w);
	if (t->failed) {
		xmlBufferFree(xb);
		return NULL;
	}
	return xb;
}

/* Adds one part; the bytes must live until zip_close. */
static int add_part(zip_t *za, const char *name, const void *data, size_t n)
{
	zip_source_t *src = zip_source_buffer(za, data, n, 0);
	if (!src)
		return -1;
	zip_int64_t idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	/* 01/01/2020 00:00 in DOS time: the same bytes for the same document */
	return zip_file_set_dostime(za, (zip_uint64_t)idx, 0, (zip_uint16_t)((40 << 9) | (1 << 5) | 1), 0);
}

int docx_finish(docx *d, const char *title, buf *out, err *e)
{
	if (d->in_p || d->ncols)
		d->failed = true;
	/* page setup closes the body */
	el_start(d, "w:sectPr");
	if (d->pg.page_numbers) {
		el_start(d, "w:headerReference");
		attr(d, "w:type", "default");
		attr(d, "r:id", "rId2");
		el_end(d);
		el_start(d, "w:headerReference");
		attr(d, "w:type", "first");
		attr(d, "r:id", "rId3");
		el_end(d);
	}
	el_start(d, "w:pgSz");
	attr_int(d, "w:w", d->pg.width);
	attr_int(d, "w:h", d->pg.height);
	el_end(d);
	el_start(d, "w:pgMar");
	attr_int(d, "w:top", d->pg.margin_top);
	attr_int(d, "w:right", d->pg.margin_right);
	attr_int(d, "w:bottom", d->pg.margin_bottom);
	attr_int(d, "w:left", d->pg.margin_left);
	attr(d, "w:header", "709");
	attr(d, "w:footer", "709");
	attr(d, "w:gutter", "0");
	el_end(d);
	if (d->pg.page_numbers)
		el_val(d, "w:titlePg", NULL); /* the first page has its own (empty) header */
	el_end(d); /* sectPr */
	el_end(d); /* body */
	el_end(d); /* document */
	chk(d, xmlTextWriterEndDocument(d->w));
	chk(d, xmlTextWriterFlush(d->w));
	if (d->failed)
		return err_set(e, ERR_INVALID, "không tạo được nội dung tệp Word (lỗi cấu trúc hoặc văn bản không phải UTF-8)");

	xmlBufferPtr styles = styles_xml(d), core = core_xml(d, title);
	int rc = 0;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = NULL;
	zip_t *za = NULL;
	buf ct, rels; /* the parts that depend on page_numbers; alive until zip_close */
	buf_init(&ct, 0);
	buf_init(&rels, 0);
	if (!styles || !core) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo tệp Word");
		goto done;
	}
	mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	za = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
	if (!za) {
		rc = err_set(e, ERR_NOMEM, "không tạo được tệp nén Word: %s", zip_error_strerror(&ze));
		if (mem)
			zip_source_free(mem);
		mem = NULL;
		goto done;
	}
	zip_source_keep(mem);
	buf_printf(&ct, "%s%s</Types>", CONTENT_TYPES, d->pg.page_numbers ? CONTENT_TYPES_HEADERS : "");
	buf_printf(&rels, "%s%s</Relationships>", DOC_RELS, d->pg.page_numbers ? DOC_RELS_HEADERS : "");
	if (add_part(za, "[Content_Types].xml", buf_cstr(&ct), ct.len) ||
	    add_part(za, "_rels/.rels", ROOT_RELS, sizeof ROOT_RELS - 1) ||
	    add_part(za, "word/document.xml", xmlBufferContent(d->xb), (size_t)xmlBufferLength(d->xb)) ||
	    add_part(za, "word/_rels/document.xml.rels", buf_cstr(&rels), rels.len) ||
	    add_part(za, "word/styles.xml", xmlBufferContent(styles), (size_t)xmlBufferLength(styles)) ||
	    add_part(za, "docProps/core.xml", xmlBufferContent(core), (size_t)xmlBufferLength(core)) ||
	    (d->pg.page_numbers && (add_part(za, "word/header1.xml", HEADER_PAGE, sizeof HEADER_PAGE - 1) ||
				    add_part(za, "word/header2.xml", HEADER_EMPTY, sizeof HEADER_EMPTY - 1)))) {
		rc = err_set(e, ERR_NOMEM, "không tạo được tệp nén Word: %s", zip_strerror(za));
		zip_discard(za);
		goto done;
	}
	if (zip_close(za) < 0) {
		rc = err_set(e, ERR_NOMEM, "không tạo được tệp nén Word: %s", zip_strerror(za));
		zip_discard(za);
		goto done;
	}
	zip_stat_t st;
	if (zip_source_stat(mem, &st) < 0 || zip_source_open(mem) < 0) {
		rc = err_set(e, ERR_NOMEM, "không đọc lại được tệp nén Word");
		goto done;
	}
	char chunk[8192];
	zip_int64_t k;
	while ((k = zip_source_read(mem, chunk, sizeof chunk)) > 0 && !rc)
		if (buf_append(out, chunk, (size_t)k))
			rc = err_set(e, ERR_TOOBIG, "tệp Word quá lớn");
	if (k < 0 && !rc)
		rc = err_set(e, ERR_NOMEM, "không đọc lại được tệp nén Word");
	zip_source_close(mem);
done:
	buf_free(&ct);
	buf_free(&rels);
	if (mem)
		zip_source_free(mem);
	if (styles)
		xmlBufferFree(styles);
	if (core)
		xmlBufferFree(core);
	return rc;
}
