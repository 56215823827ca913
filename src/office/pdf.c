/*
 * pdf.c - the PDF writer of pdf.h: a flow layout on Cairo's PDF surface,
 * paragraphs shaped by Pango (one PangoLayout each, attributes per run),
 * lines placed one by one so a paragraph breaks across pages, table rows
 * measured whole and moved to the next page when they do not fit, with the
 * table's header rows drawn again there (a row taller than a page split
 * between lines, its cells side by side).
 *
 * Pango and GLib abort the process when memory runs out (g_malloc); the
 * writer checks what can be checked: Cairo's status, the byte buffer,
 * UTF-8 of every run, balanced calls.
 * Not for: report wording or layout decisions (report/report_pdf.c).
 */
#include "office/pdf.h"
#include "util/text.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16
#define CELL_PAD_X 5.4  /* points left and right in a cell (as the DOCX's 108 twips) */
#define CELL_PAD_Y 2.0  /* points above and below in a ruled cell */
#define RULE_W 0.6      /* the width of rules and borders */

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer's hook (ASan builds only): fontconfig keeps one pattern of
 * its process-wide configuration (288 bytes, allocated once, never freed
 * until FcFini, which a server cannot call while another thread may be
 * drawing), and the main thread's font map (font_map) holds the patterns
 * fontconfig matched until the process ends (a thread's is freed when the
 * thread ends). Nothing of ours is suppressed. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }
#endif

const pdf_page PDF_A4_DECREE30 = {
	595.2756, 841.8898, PDF_MM(20), PDF_MM(20), PDF_MM(30), PDF_MM(15), "Liberation Serif", 14, true,
};

/* A paragraph laid out, waiting to be drawn (in a table cell). */
typedef struct item {
	PangoLayout *l;
	pdf_para f;
} item;

typedef struct cell {
	item *items;
	size_t n, cap;
} cell;

typedef struct row {
	cell cells[MAX_COLS];
} row;

struct pdf {
	pdf_page pg;
	cairo_surface_t *sf;
	cairo_t *cr;
	PangoFontMap *fm;    /* the thread's (font_map) */
	PangoContext *ctx;
	PangoFontDescription *font;
	buf bytes;           /* the PDF as Cairo writes it */
	bool failed, io_failed;
	int pages;
	double y;            /* the cursor, points from the top of the page */
	bool page_empty;     /* nothing drawn on this page yet */
	/* the paragraph being built */
	bool in_p;
	pdf_para f;
	buf text;
	PangoAttrList *attrs;
	double empty_size;   /* the size of an empty paragraph (pdf_p with "") */
	/* the table being built */
	int ncols, col, header_rows, rows_done;
	double widths[MAX_COLS];
	double shift;        /* pdf_table_shift */
	bool ruled, in_cell;
	row cur;
	row *head;           /* the header rows kept for the next pages */
	int n_head;
};

/* The calling thread's font map, with a reference for the caller: Pango
 * keeps one per thread (font maps are not shared between threads), so a
 * server's worker finds the faces it loaded and matched for its last
 * document instead of asking fontconfig and FreeType again for every
 * document (a fresh font map cost about 7 ms of CPU a document; docs/PERFORMANCE.md). */
static PangoFontMap *font_map(void)
{
	return g_object_ref(pango_cairo_font_map_get_default());
}

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int n)
{
	pdf *p = closure;
	if (buf_append(&p->bytes, data, n)) {
		p->io_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

double pdf_text_width(const pdf *p)
{
	return p->pg.width - p->pg.margin_left - p->pg.margin_right;
}

int pdf_pages(const pdf *p) { return p->pages; }

int pdf_new(const pdf_page *pg, pdf **out, err *e)
{
	pdf *p = calloc(1, sizeof *p);
	if (!p)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo tệp PDF");
	p->pg = *pg;
	buf_init(&p->bytes, 0);
	buf_init(&p->text, 0);
	p->sf = cairo_pdf_surface_create_for_stream(write_bytes, p, pg->width, pg->height);
	if (cairo_surface_status(p->sf) != CAIRO_STATUS_SUCCESS) {
		pdf_free(p);
		return err_set(e, ERR_NOMEM, "không tạo được tệp PDF (Cairo)");
	}
	cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_CREATOR, "chitieu");
	/* a fixed date: the same document gives the same bytes */
	cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_CREATE_DATE, "2020-01-01T00:00:00Z");
	p->cr = cairo_create(p->sf);
	p->fm = font_map();
	p->ctx = pango_font_map_create_context(p->fm);
	pango_cairo_update_context(p->cr, p->ctx);
	/* one point per unit: sizes in points are the printed sizes */
	pango_cairo_context_set_resolution(p->ctx, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	p->font = pango_font_description_new();
	pango_font_description_set_family(p->font, pg->font ? pg->font : "Liberation Serif");
	pango_font_description_set_absolute_size(p->font, (pg->font_size > 0 ? pg->font_size : 14) * PANGO_SCALE);
	p->pages = 1;
	p->y = pg->margin_top;
	p->page_empty = true;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	*out = p;
	return 0;
}

static void cell_clear(cell *c)
{
	for (size_t i = 0; i < c->n; i++)
		g_object_unref(c->items[i].l);
	free(c->items);
	memset(c, 0, sizeof *c);
}

static void row_clear(row *r)
{
	for (int i = 0; i < MAX_COLS; i++)
		cell_clear(&r->cells[i]);
}

static void head_clear(pdf *p)
{
	for (int i = 0; i < p->n_head; i++)
		row_clear(&p->head[i]);
	free(p->head);
	p->head = NULL;
	p->n_head = 0;
}

void pdf_free(pdf *p)
{
	if (!p)
		return;
	row_clear(&p->cur);
	head_clear(p);
	if (p->attrs)
		pango_attr_list_unref(p->attrs);
	if (p->font)
		pango_font_description_free(p->font);
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->fm)
		g_object_unref(p->fm);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->sf)
		cairo_surface_destroy(p->sf);
	buf_free(&p->text);
	buf_free(&p->bytes);
	free(p);
}

/* ---- pages ---------------------------------------------------------------- */

static double page_bottom(const pdf *p) { return p->pg.height - p->pg.margin_bottom; }

static void new_page(pdf *p)
{
	cairo_show_page(p->cr);
	p->pages++;
	p->y = p->pg.margin_top;
	p->page_empty = true;
	if (!p->pg.page_numbers)
		return;
	/* the number at the top centre, in the middle of the top margin */
	PangoLayout *l = pango_layout_new(p->ctx);
	char num[16];
	snprintf(num, sizeof num, "%d", p->pages);
	pango_layout_set_font_description(l, p->font);
	pango_layout_set_text(l, num, -1);
	pango_layout_set_width(l, (int)(pdf_text_width(p) * PANGO_SCALE));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	int h;
	pango_layout_get_size(l, NULL, &h);
	cairo_move_to(p->cr, p->pg.margin_left, (p->pg.margin_top - (double)h / PANGO_SCALE) / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* ---- paragraphs ----------------------------------------------------------- */

int pdf_p_begin(pdf *p, const pdf_para *f)
{
	if (p->in_p || (p->ncols && !p->in_cell))
		p->failed = true;
	p->in_p = true;
	memset(&p->f, 0, sizeof p->f);
	if (f)
		p->f = *f;
	buf_reset(&p->text);
	if (p->attrs)
		pango_attr_list_unref(p->attrs);
	p->attrs = pango_attr_list_new();
	p->empty_size = 0;
	return p->failed ? ERR_INVALID : 0;
}

static void add_attr(pdf *p, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(p->attrs, a);
}

int pdf_run(pdf *p, const char *text, unsigned style, double size)
{
	if (!p->in_p || !text) {
		p->failed = true;
		return ERR_INVALID;
	}
	size_t n = strlen(text);
	if (!text_utf8_valid(text, n)) {
		p->failed = true;
		return ERR_INVALID;
	}
	size_t start = p->text.len;
	for (const char *s = text; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 || c == '\n')
			buf_putc(&p->text, *s);
		else if (c == '\t')
			buf_putc(&p->text, ' ');
		/* other control characters: dropped */
	}
	if (buf_failed(&p->text))
		p->failed = true;
	size_t end = p->text.len;
	if (end == start)
		return p->failed ? ERR_INVALID : 0;
	if (style & PDF_BOLD)
		add_attr(p, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
	if (style & PDF_ITALIC)
		add_attr(p, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
	if (style & PDF_UNDERLINE)
		add_attr(p, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end);
	if (size > 0)
		add_attr(p, pango_attr_size_new_absolute((int)(size * PANGO_SCALE)), start, end);
	return p->failed ? ERR_INVALID : 0;
}

/* Lays out the paragraph being built for a box of width w (points). */
static PangoLayout *layout_para(pdf *p, double w)
{
	const pdf_para *f = &p->f;
	PangoLayout *l = pango_layout_new(p->ctx);
	PangoFontDescription *fd = pango_font_description_copy(p->font);
	if (!p->text.len && p->empty_size > 0)
		pango_font_description_set_absolute_size(fd, p->empty_size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	double inner = w - f->indent_left - f->indent_right;
	if (inner < 1)
		inner = 1;
	pango_layout_set_width(l, (int)(inner * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	static const PangoAlignment AL[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT, PANGO_ALIGN_LEFT};
	pango_layout_set_alignment(l, AL[f->align >= PDF_LEFT && f->align <= PDF_JUSTIFY ? f->align : 0]);
	pango_layout_set_justify(l, f->align == PDF_JUSTIFY);
	if (f->first_line)
		pango_layout_set_indent(l, (int)(f->first_line * PANGO_SCALE));
	if (f->line > 0)
		pango_layout_set_line_spacing(l, (float)f->line);
	pango_layout_set_text(l, buf_cstr(&p->text), (int)p->text.len);
	pango_layout_set_attributes(l, p->attrs);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int h;
	pango_layout_get_size(l, NULL, &h);
	return (double)h / PANGO_SCALE;
}

/* A line under a paragraph whose box starts at x, w wide, bottom at y. */
static void rule(pdf *p, const pdf_para *f, double x, double w, double y)
{
	cairo_set_line_width(p->cr, RULE_W);
	cairo_move_to(p->cr, x + f->indent_left, y);
	cairo_line_to(p->cr, x + w - f->indent_right, y);
	cairo_stroke(p->cr);
}

/* Draws a paragraph of the flow line by line, breaking pages between lines. */
static void flow_para(pdf *p, PangoLayout *l, const pdf_para *f)
{
	double x = p->pg.margin_left, w = pdf_text_width(p);
	/* a paragraph kept with the next (a heading): it and some lines of the
	 * next must fit here, else it starts the next page */
	double need = f->keep_next ? layout_h(l) + 3 * p->pg.font_size * 1.2 : 0;
	if (!p->page_empty && need > 0 && need < page_bottom(p) - p->pg.margin_top &&
	    p->y + f->before + need > page_bottom(p))
		new_page(p);
	if (!p->page_empty)
		p->y += f->before;
	double y0 = p->y; /* where the layout's top is (moves up after a page break) */
	PangoLayoutIter *it = pango_layout_get_iter(l);
	for (;;) {
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		double top = (double)lr.y / PANGO_SCALE, lh = (double)lr.height / PANGO_SCALE;
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (!p->page_empty && y0 + top + lh > page_bottom(p)) {
			new_page(p);
			y0 = p->y - top; /* this line at the new page's top */
		}
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		cairo_move_to(p->cr, x + f->indent_left + (double)lr.x / PANGO_SCALE, y0 + base);
		pango_cairo_show_layout_line(p->cr, line);
		p->page_empty = false;
		p->y = y0 + top + lh;
		if (!pango_layout_iter_next_line(it))
			break;
	}
	pango_layout_iter_free(it);
	if (f->rule_below)
		rule(p, f, x, w, p->y + 1);
	p->y += f->after;
}

static int cell_add(cell *c, PangoLayout *l, const pdf_para *f)
{
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 4;
		item *ni = realloc(c->items, nc * sizeof *ni);
		if (!ni)
			return ERR_NOMEM;
		c->items = ni;
		c->cap = nc;
	}
	c->items[c->n++] = (item){l, *f};
	return 0;
}

int pdf_p_end(pdf *p)
{
	if (!p->in_p)
		p->failed = true;
	p->in_p = false;
	if (p->failed)
		return ERR_INVALID;
	if (p->in_cell) {
		double w = p->widths[p->col] - 2 * CELL_PAD_X;
		PangoLayout *l = layout_para(p, w);
		if (cell_add(&p->cur.cells[p->col], l, &p->f)) {
			g_object_unref(l);
			p->failed = true;
		}
	} else {
		PangoLayout *l = layout_para(p, pdf_text_width(p));
		flow_para(p, l, &p->f);
		g_object_unref(l);
	}
	return p->failed ? ERR_INVALID : 0;
}

int pdf_p(pdf *p, const pdf_para *f, const char *text, unsigned style, double size)
{
	pdf_p_begin(p, f);
	if (text && *text)
		pdf_run(p, text, style, size);
	else
		p->empty_size = size;
	return pdf_p_end(p);
}

/* ---- tables ---------------------------------------------------------------- */

int pdf_table_begin(pdf *p, int ncols, const double *widths, bool ruled, int header_rows)
{
	if (ncols < 1 || ncols > MAX_COLS || p->in_p || p->ncols || header_rows < 0) {
		p->failed = true;
		return ERR_INVALID;
	}
	p->ncols = ncols;
	for (int i = 0; i < ncols; i++)
		p->widths[i] = widths[i];
	p->ruled = ruled;
	p->header_rows = header_rows;
	p->rows_done = 0;
	head_clear(p);
	return 0;
}

void pdf_table_shift(pdf *p, double dx) { p->shift = dx; }

int pdf_row_begin(pdf *p)
{
	if (!p->ncols || p->in_cell)
		p->failed = true;
	row_clear(&p->cur);
	p->col = -1;
	return p->failed ? ERR_INVALID : 0;
}

int pdf_cell_begin(pdf *p)
{
	if (!p->ncols || p->in_cell || p->col + 1 >= p->ncols)
		p->failed = true;
	if (p->failed)
		return ERR_INVALID;
	p->col++;
	p->in_cell = true;
	return 0;
}

int pdf_cell_end(pdf *p)
{
	if (!p->in_cell || p->in_p)
		p->failed = true;
	p->in_cell = false;
	return p->failed ? ERR_INVALID : 0;
}

static double pad_y(const pdf *p) { return p->ruled ? CELL_PAD_Y : 0; }

static double cell_h(const pdf *p, const cell *c)
{
	double h = 0;
	for (size_t i = 0; i < c->n; i++)
		h += c->items[i].f.before + layout_h(c->items[i].l) + c->items[i].f.after;
	return h + 2 * pad_y(p);
}

static double row_h(const pdf *p, const row *r)
{
	double h = 0;
	for (int i = 0; i < p->ncols; i++) {
		double ch = cell_h(p, &r->cells[i]);
		if (ch > h)
			h = ch;
	}
	return h;
}

static void draw_row(pdf *p, const row *r, double h)
{
	double x = p->pg.margin_left + p->shift;
	for (int i = 0; i < p->ncols; i++) {
		const cell *c = &r->cells[i];
		double y = p->y + pad_y(p), w = p->widths[i] - 2 * CELL_PAD_X;
		for (size_t k = 0; k < c->n; k++) {
			const item *it = &c->items[k];
			y += it->f.before;
			cairo_move_to(p->cr, x + CELL_PAD_X + it->f.indent_left, y);
			pango_cairo_show_layout(p->cr, it->l);
			y += layout_h(it->l);
			if (it->f.rule_below)
				rule(p, &it->f, x + CELL_PAD_X, w, y + 1);
			y += it->f.after;
		}
		if (p->ruled) {
			cairo_set_line_width(p->cr, RULE_W);
			cairo_rectangle(p->cr, x, p->y, p->widths[i], h);
			cairo_stroke(p->cr);
		}
		x += p->widths[i];
	}
	p->y += h;
	p->page_empty = false;
}

/* Where a cell of a row split across pages has got to: item k, its line j. */
typedef struct cell_pos {
	size_t k;
	int j;
} cell_pos;

/*
 * Draws the lines of cell c from *at that fit between y and bottom, at x in
 * a column w wide (padding included), and moves *at on; the first line of a
 * page is drawn even when it alone is too tall, so every page gets on.
 * Returns where the cell's text ends on this page.
 */
static double draw_cell_part(pdf *p, const cell *c, cell_pos *at, double x, double w, double y, double bottom,
			     bool page_top)
{
	bool drawn = false;
	for (; at->k < c->n; at->k++, at->j = 0) {
		const item *it = &c->items[at->k];
		if (at->j == 0)
			y += it->f.before;
		PangoLayoutIter *li = pango_layout_get_iter(it->l);
		for (int j = 0; j < at->j; j++)
			pango_layout_iter_next_line(li);
		double h_all = layout_h(it->l);
		for (bool more = true; more; at->j++) {
			PangoRectangle lr;
			pango_layout_iter_get_line_extents(li, NULL, &lr);
			double top = (double)lr.y / PANGO_SCALE;
			double base = (double)pango_layout_iter_get_baseline(li) / PANGO_SCALE;
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(li);
			more = pango_layout_iter_next_line(li);
			/* the line's height: to the next line's top (its spacing included) */
			PangoRectangle nr;
			if (more)
				pango_layout_iter_get_line_extents(li, NULL, &nr);
			double lh = (more ? (double)nr.y / PANGO_SCALE : h_all) - top;
			if (y + lh > bottom && (drawn || !page_top)) {
				pango_layout_iter_free(li);
				return y;
			}
			cairo_move_to(p->cr, x + CELL_PAD_X + it->f.indent_left + (double)lr.x / PANGO_SCALE,
				      y + base - top);
			pango_cairo_show_layout_line(p->cr, line);
			drawn = true;
			y += lh;
		}
		pango_layout_iter_free(li);
		if (it->f.rule_below)
			rule(p, &it->f, x + CELL_PAD_X, w - 2 * CELL_PAD_X, y + 1);
		y += it->f.after;
	}
	return y;
}

/*
 * A row taller than a page: its cells' lines flow down this page and the
 * next ones side by side (header rows drawn again at each page's top when
 * the row is not one of them), each page's part ruled when the table is.
 */
static void draw_row_split(pdf *p, const row *r, bool is_head)
{
	cell_pos at[MAX_COLS] = {{0}};
	for (bool page_top = p->page_empty;; page_top = true) {
		double x = p->pg.margin_left + p->shift, y0 = p->y, end = y0;
		bool done = true;
		for (int i = 0; i < p->ncols; i++) {
			double e = draw_cell_part(p, &r->cells[i], &at[i], x, p->widths[i], y0 + pad_y(p),
						  page_bottom(p) - pad_y(p), page_top);
			if (e + pad_y(p) > end)
				end = e + pad_y(p);
			done = done && at[i].k >= r->cells[i].n;
			x += p->widths[i];
		}
		if (p->ruled) {
			x = p->pg.margin_left + p->shift;
			cairo_set_line_width(p->cr, RULE_W);
			for (int i = 0; i < p->ncols; x += p->widths[i++]) {
				cairo_rectangle(p->cr, x, y0, p->widths[i], end - y0);
				cairo_stroke(p->cr);
			}
		}
		p->y = end;
		p->page_empty = false;
		if (done)
			return;
		new_page(p);
		if (!is_head)
			for (int i = 0; i < p->n_head; i++)
				draw_row(p, &p->head[i], row_h(p, &p->head[i]));
	}
}

int pdf_row_end(pdf *p)
{
	if (!p->ncols || p->in_cell)
		p->failed = true;
	if (p->failed)
		return ERR_INVALID;
	double h = row_h(p, &p->cur);
	bool is_head = p->rows_done < p->header_rows;
	if (h > page_bottom(p) - p->pg.margin_top) {
		/* taller than a page: split between lines, starting here */
		draw_row_split(p, &p->cur, is_head);
	} else {
		if (!p->page_empty && p->y + h > page_bottom(p)) {
			new_page(p);
			if (!is_head)
				for (int i = 0; i < p->n_head; i++)
					draw_row(p, &p->head[i], row_h(p, &p->head[i]));
		}
		draw_row(p, &p->cur, h);
	}
	if (is_head) { /* kept for the next pages: the row moves into head */
		row *nh = realloc(p->head, (size_t)(p->n_head + 1) * sizeof *nh);
		if (!nh) {
			p->failed = true;
			return ERR_NOMEM;
		}
		p->head = nh;
		p->head[p->n_head++] = p->cur;
		memset(&p->cur, 0, sizeof p->cur);
	} else {
		row_clear(&p->cur);
	}
	p->rows_done++;
	return 0;
}

int pdf_table_end(pdf *p)
{
	if (!p->ncols || p->in_cell)
		p->failed = true;
	p->ncols = 0;
	p->shift = 0;
	row_clear(&p->cur);
	head_clear(p);
	return p->failed ? ERR_INVALID : 0;
}

/* ---- the end ----------------------------------------------------------------- */

int pdf_finish(pdf *p, const char *title, buf *out, err *e)
{
	if (p->in_p || p->ncols)
		p->failed = true;
	if (p->failed)
		return err_set(e, ERR_INVALID, "không tạo được nội dung tệp PDF (lỗi cấu trúc hoặc văn bản không phải UTF-8)");
	if (title && *title && text_utf8_valid(title, strlen(title)))
		cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_show_page(p->cr);
	cairo_surface_finish(p->sf);
	if (p->io_failed) /* the bytes did not fit in memory: nothing of them reaches out */
		return buf_failed(&p->bytes) == ERR_NOMEM ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo tệp PDF")
							  : err_set(e, ERR_TOOBIG, "tệp PDF quá lớn");
	/* the drawing's error first (it may leave the surface fine), else the surface's */
	cairo_status_t st = cairo_status(p->cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p->sf);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, st == CAIRO_STATUS_NO_MEMORY ? ERR_NOMEM : ERR_IO, "Cairo không ghi được tệp PDF: %s",
			       cairo_status_to_string(st));
	if (buf_append(out, p->bytes.data, p->bytes.len))
		return err_set(e, ERR_TOOBIG, "tệp PDF quá lớn");
	return 0;
}

/* ---- measuring ---------------------------------------------------------------- */

struct pdf_measure {
	PangoFontMap *fm;
	PangoContext *ctx;
	PangoLayout *l;
	PangoFontDescription *fd;
};

pdf_measure *pdf_measure_new(const char *font)
{
	pdf_measure *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->fm = font_map();
	m->ctx = pango_font_map_create_context(m->fm);
	pango_cairo_context_set_resolution(m->ctx, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(m->ctx, fo);
	cairo_font_options_destroy(fo);
	m->l = pango_layout_new(m->ctx);
	m->fd = pango_font_description_new();
	pango_font_description_set_family(m->fd, font ? font : "Liberation Serif");
	return m;
}

double pdf_measure_width(pdf_measure *m, const char *text, unsigned style, double size)
{
	if (!m || !text || !text_utf8_valid(text, strlen(text)))
		return 0;
	pango_font_description_set_weight(m->fd, style & PDF_BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(m->fd, style & PDF_ITALIC ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_font_description_set_absolute_size(m->fd, size * PANGO_SCALE);
	pango_layout_set_font_description(m->l, m->fd);
	pango_layout_set_text(m->l, text, -1);
	int w;
	pango_layout_get_size(m->l, &w, NULL);
	return (double)w / PANGO_SCALE;
}

void pdf_measure_free(pdf_measure *m)
{
	if (!m)
		return;
	if (m->fd)
		pango_font_description_free(m->fd);
	if (m->l)
		g_object_unref(m->l);
	if (m->ctx)
		g_object_unref(m->ctx);
	if (m->fm)
		g_object_unref(m->fm);
	free(m);
}
