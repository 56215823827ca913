/*
 * report.h - the socio-economic situation report (issue #6): a document
 * model built from the evaluation of a unit and a period, its wording from
 * editable templates, and its writers (plain text, Markdown, HTML, DOCX).
 *
 * The model is built by report_build_from_eval() from an eval_report (pure:
 * no I/O) or by report_build() (runs eval_run, loads the templates). Every
 * figure comes from the evaluation engine and is formatted by core/vnfmt;
 * the writers only lay the model out. Rules and template syntax:
 * docs/internals/report.md.
 *
 * Not for: the Excel table (report_xlsx.h), the generic DOCX machinery
 * (office/docx.h), the rules of evaluation (core/eval.h).
 */
#ifndef CHITIEU_REPORT_H
#define CHITIEU_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/eval.h"
#include "core/period.h"
#include "core/report_doc.h"
#include "core/vnfmt.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* ---- templates ------------------------------------------------------ */

/*
 * Template syntax: text with {placeholders} (names in [a-z_]); an optional
 * part in square brackets "[, bằng {phan_tram_ke_hoach}% kế hoạch năm]" is
 * left out when any placeholder inside it has no value or is a zero count.
 * Brackets do not nest; "{{", "}}", "[[" and "]]" write a literal brace or
 * bracket. A template of several lines gives several paragraphs (or list
 * items, where the key says so).
 */
#define REPORT_TPL_KEYS 40 /* room for every key (report_template_count() <= this) */

/* The wording in force: built-in defaults with the database's overrides. */
typedef struct report_templates {
	char *body[REPORT_TPL_KEYS]; /* malloc'd; indexed like report_template_key(i) */
	bool edited[REPORT_TPL_KEYS]; /* true when it came from the database */
} report_templates;

/* Number of template keys, and the i-th key ("sentence.flow", ...), its
 * Vietnamese description, its built-in body and its placeholders
 * (comma-separated). NULL for i out of range. */
size_t report_template_count(void);
const char *report_template_key(size_t i);
const char *report_template_help(size_t i);
const char *report_template_default(size_t i);
const char *report_template_placeholders(size_t i);

/* The index of key, or -1 when there is no such key. Keys are case-sensitive. */
int report_template_index(const char *key);

/*
 * Checks a body for key: the key exists (ERR_NOTFOUND listing the keys), the
 * body is valid UTF-8, at most STORE_TEMPLATE_MAX - 1 bytes, braces and
 * brackets balanced, and every placeholder allowed for the key (ERR_INVALID
 * naming the unknown ones and listing the allowed ones).
 */
int report_template_check(const char *key, const char *body, err *e);

/* Fills t with the built-in bodies (report_templates_free frees them). */
int report_templates_default(report_templates *t, err *e);

/* Fills t with the built-in bodies overridden by the database's edited ones. */
int report_templates_load(store *s, report_templates *t, err *e);

void report_templates_free(report_templates *t);

/* A template variable while rendering: name and value; present false means
 * "no value"; zero marks a count of 0 (both drop an optional [part]). */
typedef struct report_var {
	const char *name;
	const char *value;
	bool present;
	bool zero;
} report_var;

/* Appends body rendered with vars (n of them) to out. A placeholder with no
 * variable of its name renders empty. Returns 0 or ERR_NOMEM/ERR_TOOBIG. */
int report_render(buf *out, const char *body, const report_var *vars, size_t n);

/* ---- the document model (core/report_doc.h) ------------------------- */

/* Options of a report. Strings may be NULL (defaults in brackets). */
/* Who has reported in the report's month (core/completeness.h): report_build
 * fills it for a monthly report; NULL or owing 0 leaves the sentence out. */
typedef struct report_reporting {
	int owing, on_time;  /* units owing figures, those with all of them on time */
	const char *missing; /* the others' names, ", "-separated ("" for none) */
} report_reporting;

typedef struct report_opts {
	cdate as_of;         /* judge the evaluation on this day ({0}: every period ended) */
	cdate date;          /* the document's date ({0}: as_of, else the period's last day) */
	const char *number;  /* number and symbol ["   /BC-UBND", left blank to fill in by hand] */
	const char *place;   /* place in the date line [the unit's name] */
	const char *signer;  /* signer's name [""] */
	const report_reporting *reporting; /* the sentence of who has reported [none] */
	bool approved_only;  /* only figures of months approved or accepted (eval_opts), said in the text */
	/* A year report's section on the term targets (core/term.h): report_build
	 * fills it for a year inside a term the unit has targets for; NULL: none. */
	const struct term_report *term;
} report_opts;

/* The tasks the report counts: the tasks and the names of their leads. */
typedef struct report_tasks {
	const task *tasks;
	const char *const *lead_names; /* per task: "Phòng Tài chính - Kế hoạch", "phường Sông Cầu" */
	size_t n;
} report_tasks;

/*
 * Builds the document from an evaluation already run (pure: no I/O).
 * Sentences come from templates t. tasks NULL: no tasks section; else the
 * section counts those of them that count in the period (task_counts_in) on
 * o->as_of (the period's last day when none), with the statuses the
 * dashboard shows that day (task_stats_add), and lists the overdue ones. Fills *out (report_doc_free).
 */
int report_build_from_eval(const eval_report *r, const report_templates *t, const report_opts *o,
			   const report_tasks *tasks, report_doc *out, err *e);

/*
 * Runs the evaluation of unit_code for p on o->as_of, loads the templates
 * and the tasks the unit's government assigned (store_task_list by
 * owner_unit), and builds the document.
 */
int report_build(store *s, const char *unit_code, const period *p, const report_opts *o,
		 report_doc *out, err *e);

/*
 * Appends an amount of ind as the report's prose writes it: the indicator's
 * decimals with trailing zeros dropped ("285", "1.739,5", "24.252,92"), a
 * whole count below 10 padded ("02"), then the unit of measure
 * ("285 tỷ đồng", "98,2%").
 */
int report_format_amount(buf *b, num_t v, const indicator *ind);

/*
 * Whether an evaluation row is shown by default (`chitieu eval` without --all,
 * the Excel report): it has a target, or it has data and its indicator is not
 * an auxiliary figure (a numerator, denominator or weight of another one).
 */
bool report_row_shown(const eval_report *r, const eval_row *row);

/* ---- writers (report_text.c, report_html.c, report_docx.c, report_pdf.c) */

/* Plain UTF-8 text, one paragraph per line. */
int report_write_text(buf *b, const report_doc *d);

/* Markdown (CommonMark); text from the data is backslash-escaped. */
int report_write_md(buf *b, const report_doc *d);

/* A standalone HTML5 page, every text escaped, with A4 print CSS. */
int report_write_html(buf *b, const report_doc *d);

/* The DOCX bytes (a zip), laid out per Decree 30/2020, appended to b. */
int report_write_docx(buf *b, const report_doc *d, err *e);

/*
 * The PDF bytes, drawn natively with Cairo and Pango (office/pdf.h) in the
 * DOCX's layout: A4, Decree 30/2020 margins, Liberation Serif, the
 * two-column header, page numbers from page 2. Appended to b.
 */
int report_write_pdf(buf *b, const report_doc *d, err *e);

/*
 * The Decree 30/2020 page layout of a document, decided once (report_frame.c)
 * for the two writers that draw pages (report_docx.c, report_pdf.c): the
 * borderless two-column header fitted so every line prints on one line (the
 * issuing body and a short rule | the national title and the underlined
 * motto; number | italic place and date), the type and title centred in
 * bold, the body justified with a first-line indent, "Nơi nhận" | the
 * signature block. The layout is told to a sink in points; each writer turns
 * it into its own units and calls, and remembers a failed call to report it
 * when it finishes (as docx.h and pdf.h do).
 */
typedef enum report_page_align { RP_LEFT = 0, RP_CENTER, RP_RIGHT, RP_JUSTIFY } report_page_align;
enum { RP_BOLD = 1, RP_ITALIC = 2, RP_UNDERLINE = 4 };

/* Paragraph format; distances in points, 0 = none. */
typedef struct report_page_para {
	report_page_align align;
	double first_line, indent_left, indent_right;
	double before, after;
	double line;       /* line spacing factor (0: single) */
	bool keep_next;    /* not the last thing on a page */
	bool rule_below;   /* a thin line under the paragraph, between its indents */
} report_page_para;

typedef struct report_page_sink {
	void *w;           /* the writer's document */
	double text_width; /* points between the margins */
	/* a borderless table of two columns of widths (points), starting dx
	 * points right of the left margin (negative: into it) */
	void (*table_begin)(void *w, const double widths[2], double dx);
	void (*row_begin)(void *w);
	void (*cell_begin)(void *w);
	void (*cell_end)(void *w);
	void (*row_end)(void *w);
	void (*table_end)(void *w);
	/* a paragraph of one run (style RP_*, size in points, 0: the
	 * document's); an empty text is an empty paragraph of that size */
	void (*p)(void *w, const report_page_para *f, const char *text, unsigned style, double size);
	/* a paragraph of several runs */
	void (*p_begin)(void *w, const report_page_para *f);
	void (*run)(void *w, const char *text, unsigned style, double size);
	void (*p_end)(void *w);
} report_page_sink;

/* Lays d out on the pages of sink s (report_frame.c). */
void report_page_layout(const report_page_sink *s, const report_doc *d);

/* The output formats by name: "text", "md", "html", "docx", "pdf" (and
 * "xlsx", which is not a document writer: report_xlsx.h). */
typedef enum report_format {
	REPORT_TEXT = 1,
	REPORT_MD,
	REPORT_HTML,
	REPORT_DOCX,
	REPORT_XLSX,
	REPORT_PDF,
} report_format;

/* Parses a format name; ERR_INVALID listing the names. */
int report_format_from_code(const char *s, report_format *out, err *e);

/* Media type of a format ("text/plain; charset=utf-8", ...). */
const char *report_format_media_type(report_format f);

/* File extension without the dot ("txt", "md", "html", "docx", "pdf", "xlsx"). */
const char *report_format_ext(report_format f);

/*
 * Writes the document d in format f (not XLSX) into b. Combines the writers
 * above; for the CLI and the API.
 */
int report_write(buf *b, const report_doc *d, report_format f, err *e);

/*
 * Writes n bytes to path through a temporary file in the same directory,
 * then renames it, so path is never left half-written. ERR_IO naming path.
 */
int report_write_file(const char *path, const void *data, size_t n, err *e);

#endif
