/*
 * task_notice.c - documents built from meetings and tasks: the conclusions
 * notice of a meeting (thông báo kết luận) in plain text, Markdown or a
 * printable HTML page, and the plain-text reminder digest of a unit's or
 * agency's open tasks (overdue first, then due soon).
 *
 * Every stored string goes through put_text, which escapes it for the form
 * being written (HTML entities, Markdown punctuation); markup of our own is
 * written with put_raw. Not for: deciding who may read what (the API), or
 * the status rules (task.c).
 */
#include "core/task_notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/html.h"
#include "util/md.h"
#include "util/text.h"

/* ---- writing with escaping ------------------------------------------- */

/* NOTICE_DOC: the notice as a document model (meeting_notice_doc): our
 * markup is dropped, texts gather in pend until end_p makes them a block. */
#define NOTICE_DOC 100

typedef struct doc {
	buf *out;
	int fmt;
	report_doc *model; /* NOTICE_DOC */
	err *e;
} doc;

static int put_raw(doc *d, const char *s)
{
	if (d->fmt == NOTICE_DOC)
		return 0;
	return buf_puts(d->out, s);
}

/* Ends a paragraph: writes post (markup), or in the model makes the text
 * gathered so far a block of kind k. */
static int end_p(doc *d, const char *post, report_block_kind k)
{
	if (d->fmt != NOTICE_DOC)
		return buf_puts(d->out, post);
	int rc = report_doc_add(d->model, k, buf_cstr(d->out), -1, d->e);
	buf_reset(d->out);
	return rc;
}

/* Appends user text escaped for the document's form. */
static int put_text(doc *d, const char *s)
{
	/* Markdown: one escaper for every document (util/md.h); a text here may
	 * start a line (a list item's, or any line of the conclusions) */
	if (d->fmt == NOTICE_MARKDOWN)
		return md_escape(d->out, s, true);
	if (d->fmt == NOTICE_HTML)
		return html_escape(d->out, s); /* util/html.h, as the report */
	return buf_puts(d->out, s); /* text, and the model's pending text */
}

/* printf into a small string, then put_text it. */
__attribute__((format(printf, 2, 3))) static int put_textf(doc *d, const char *fmt, ...)
{
	buf b;
	va_list ap;
	buf_init(&b, 64 * 1024);
	va_start(ap, fmt);
	int rc = buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!rc)
		rc = put_text(d, buf_cstr(&b));
	buf_free(&b);
	return rc;
}

/* Appends s in upper case (Vietnamese letters included). */
static int put_upper(doc *d, const char *s)
{
	buf b;
	buf_init(&b, 4096);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
	int rc = 0;
	while (left > 0 && !rc) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			rc = buf_putc(&b, (char)*p);
			n = 1;
		} else {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), enc);
			rc = buf_append(&b, enc, (size_t)k);
		}
		p += n;
		left -= n;
	}
	if (!rc)
		rc = put_text(d, buf_cstr(&b));
	buf_free(&b);
	return rc;
}

/* Paragraphs of free text: lines kept, blank lines as paragraph breaks. */
static int put_block(doc *d, const char *s)
{
	int rc = 0;
	if (d->fmt == NOTICE_DOC) { /* a paragraph a line */
		for (const char *p = s; *p && !rc;) {
			size_t n = strcspn(p, "\r\n");
			buf_append(d->out, p, n);
			rc = end_p(d, NULL, RB_PARA);
			p += n;
			while (*p == '\r' || *p == '\n')
				p++;
		}
		return rc;
	}
	if (d->fmt != NOTICE_HTML) {
		if (!(rc = put_text(d, s)))
			rc = put_raw(d, "\n");
		return rc;
	}
	rc = put_raw(d, "<p>");
	for (const char *p = s; *p && !rc; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			if (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')) {
				rc = put_raw(d, "</p>\n<p>");
				while (p[1] == '\n' || p[1] == '\r')
					p++;
			} else {
				rc = put_raw(d, "<br>\n");
			}
			continue;
		}
		char one[2] = {*p, 0};
		rc = put_text(d, one);
	}
	if (!rc)
		rc = put_raw(d, "</p>\n");
	return rc;
}

/* True when s ends (before trailing spaces) with . ; : ! or ?. */
static bool ends_with_stop(const char *s)
{
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return n && strchr(".;:!?", s[n - 1]);
}

/* ---- names ------------------------------------------------------------ */

/* "phường Sông Cầu" (or the code when unknown). */
static void unit_label(store *s, const char *code, char *dst, size_t n)
{
	unit u;
	err e;
	if (store_unit_get(s, code, &u, &e) == 0)
		snprintf(dst, n, "%s %s", unit_type_label(u.type), u.name);
	else
		snprintf(dst, n, "%s", code);
}

/* The name of a lead or coordinating body: "UBND phường Sông Cầu" for a
 * unit, the agency's name for an agency. */
static void body_label(store *s, const char *code, bool is_agency, char *dst, size_t n)
{
	if (is_agency) {
		agency a;
		err e;
		if (store_agency_get(s, code, &a, &e) == 0)
			snprintf(dst, n, "%s", a.name);
		else
			snprintf(dst, n, "%s", code);
		return;
	}
	char u[NAME_MAX_ + 64];
	unit_label(s, code, u, sizeof u);
	if (snprintf(dst, n, "UBND %s", u) >= (int)n) { /* names are far shorter; cut on a character */
		size_t i = n - 1;
		while (i > 0 && ((unsigned char)dst[i - 1] & 0xC0) == 0x80)
			i--;
		dst[i > 0 ? i - 1 : 0] = '\0';
	}
}

/* ---- the conclusions notice ------------------------------------------- */

static int cmp_task_id(const void *a, const void *b)
{
	const task *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A list of distinct recipients (lead and coordinating bodies). */
typedef struct recipients {
	char code[256][CODE_MAX];
	bool agency[256];
	int n;
} recipients;

static void recipients_add(recipients *r, const char *code, bool is_agency)
{
	for (int i = 0; i < r->n; i++)
		if (r->agency[i] == is_agency && !strcmp(r->code[i], code))
			return;
	if (r->n < 256) {
		snprintf(r->code[r->n], CODE_MAX, "%s", code);
		r->agency[r->n++] = is_agency;
	}
}

static const char HTML_HEAD[] =
	"<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<title>Thông báo kết luận</title>\n<style>\n"
	"body{font-family:\"Times New Roman\",serif;font-size:14pt;max-width:18cm;margin:1.5cm auto;"
	"line-height:1.35}\n"
	"table.hdr{width:100%;border-collapse:collapse;font-size:12pt}table.hdr td{vertical-align:top;"
	"text-align:center;white-space:nowrap;padding:0 .5em}table.hdr td:first-child{width:40%}\n"
	".b{font-weight:bold}.i{font-style:italic}.u{text-decoration:underline}\n"
	"h1{font-size:14pt;text-align:center;margin:1em 0 0}h2{font-size:14pt;text-align:center;"
	"font-weight:bold;margin:0 0 1em}\n"
	"h3{font-size:14pt;margin:1em 0 .3em}p{text-align:justify;margin:.3em 0}\n"
	".recv{font-size:12pt}.recv p{margin:0}\n"
	"@media print{body{margin:0}}\n</style>\n</head>\n<body>\n";

/* Moves the model's pending text into *field (malloc'd). */
static int take(doc *d, char **field)
{
	free(*field);
	*field = strdup(buf_cstr(d->out));
	buf_reset(d->out);
	return *field ? 0 : err_set(d->e, ERR_NOMEM, "hết bộ nhớ khi lập thông báo kết luận");
}

/* The notice in form fmt (NOTICE_DOC: into model, out the pending text). */
static int notice_write(store *s, int64_t meeting_id, int fmt, buf *out, report_doc *model, err *e)
{
	meeting *m = NULL;
	task *ts = NULL;
	size_t nt = 0;
	recipients *rcp = NULL;
	doc d = {out, fmt, model, e};
	unit holder;
	int rc;
	char issuer[NAME_MAX_ + 64], tmp[NAME_MAX_ + 64];
	buf line;
	buf_init(&line, 64 * 1024);

	if (fmt != NOTICE_TEXT && fmt != NOTICE_MARKDOWN && fmt != NOTICE_HTML && fmt != NOTICE_DOC)
		return err_set(e, ERR_INVALID, "dạng thông báo (format) %d không hợp lệ", fmt);
	m = malloc(sizeof *m);
	rcp = calloc(1, sizeof *rcp);
	if (!m || !rcp) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập thông báo kết luận");
		goto done;
	}
	if ((rc = store_meeting_get(s, meeting_id, m, e)) ||
	    (rc = store_unit_get(s, m->unit_code, &holder, e)))
		goto done;
	store_task_filter f;
	memset(&f, 0, sizeof f);
	f.meeting_id = meeting_id;
	if ((rc = store_task_list(s, &f, &ts, &nt, e)))
		goto done;
	if (nt > 1)
		qsort(ts, nt, sizeof *ts, cmp_task_id);
	snprintf(issuer, sizeof issuer, "UBND %s %s", unit_type_label(holder.type), holder.name);

	/* The header: issuing body and number on the left, the motto and date line on the right. */
	if ((rc = vn_format_date_line(&line, holder.name, m->date)))
		goto done;
	const char *no = m->notice_no[0] ? m->notice_no : "      /TB-UBND";
	if (fmt == NOTICE_DOC) {
		/* the issuing body on two lines, as the report's: "ỦY BAN NHÂN DÂN / THÀNH PHỐ BẮC KẠN" */
		snprintf(tmp, sizeof tmp, "%s %s", unit_type_label(holder.type), holder.name);
		rc = buf_puts(out, "ỦY BAN NHÂN DÂN\n");
		if (!rc) rc = put_upper(&d, tmp);
		if (!rc) rc = take(&d, &model->issuer);
		if (!rc) rc = buf_printf(out, "Số: %s", no);
		if (!rc) rc = take(&d, &model->number);
		if (!rc) rc = buf_puts(out, buf_cstr(&line));
		if (!rc) rc = take(&d, &model->date_line);
		if (!rc) rc = buf_puts(out, "THÔNG BÁO");
		if (!rc) rc = take(&d, &model->doc_type);
		if (!rc) rc = buf_puts(out, "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG");
		if (!rc) rc = take(&d, &model->signature);
		if (!rc) rc = take(&d, &model->signer);
		snprintf(model->unit_code, sizeof model->unit_code, "%s", holder.code);
	} else if (fmt == NOTICE_HTML) {
		rc = put_raw(&d, HTML_HEAD);
		if (!rc) rc = put_raw(&d, "<table class=\"hdr\"><tr><td><div class=\"b\">");
		if (!rc) rc = put_upper(&d, issuer);
		if (!rc) rc = put_raw(&d, "</div><div>Số: ");
		if (!rc) rc = put_text(&d, no);
		if (!rc) rc = put_raw(&d, "</div></td><td><div class=\"b\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>"
					 "<div class=\"b u\">Độc lập - Tự do - Hạnh phúc</div><div class=\"i\">");
		if (!rc) rc = put_text(&d, buf_cstr(&line));
		if (!rc) rc = put_raw(&d, "</div></td></tr></table>\n<h1>THÔNG BÁO</h1>\n<h2>");
	} else if (fmt == NOTICE_MARKDOWN) {
		rc = put_raw(&d, "**");
		if (!rc) rc = put_upper(&d, issuer);
		if (!rc) rc = put_raw(&d, "**  \nSố: ");
		if (!rc) rc = put_text(&d, no);
		if (!rc) rc = put_raw(&d, "\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n"
					 "**Độc lập - Tự do - Hạnh phúc**\n\n*");
		if (!rc) rc = put_text(&d, buf_cstr(&line));
		if (!rc) rc = put_raw(&d, "*\n\n# THÔNG BÁO\n\n## ");
	} else {
		buf left;
		buf_init(&left, 4096);
		buf_reset(&left);
		doc ld = {&left, NOTICE_TEXT, NULL, e};
		rc = put_upper(&ld, issuer);
		const char *cols[3][2] = {
			{buf_cstr(&left), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
			{"", "Độc lập - Tự do - Hạnh phúc"},
			{NULL, buf_cstr(&line)},
		};
		char numl[CODE_MAX * 2 + 8];
		snprintf(numl, sizeof numl, "Số: %s", no);
		cols[2][0] = numl;
		for (int i = 0; i < 3 && !rc; i++) {
			if (!(rc = text_pad(out, cols[i][0], 36, false)) && !(rc = buf_putc(out, ' ')))
				rc = buf_printf(out, "%s\n", cols[i][1]);
		}
		buf_free(&left);
		if (!rc) rc = put_raw(&d, "\n                              THÔNG BÁO\n");
	}
	if (rc)
		goto done;
	/* Title: Kết luận của <chair> tại cuộc họp <title>. */
	rc = put_textf(&d, "Kết luận của %s tại cuộc họp %s",
		       m->chair[0] ? m->chair : "Chủ tịch UBND", m->title);
	if (!rc)
		rc = fmt == NOTICE_DOC ? take(&d, &model->title) : put_raw(&d, fmt == NOTICE_HTML ? "</h2>\n" : "\n\n");
	if (rc)
		goto done;

	/* The meeting's facts. */
	const char *pre = fmt == NOTICE_HTML ? "<p>" : fmt == NOTICE_MARKDOWN ? "- " : "";
	const char *post = fmt == NOTICE_HTML ? "</p>\n" : "\n";
	buf_reset(&line);
	if (m->time_min >= 0)
		buf_printf(&line, "%d giờ %02d, ", m->time_min / 60, m->time_min % 60);
	buf_puts(&line, "ngày ");
	vn_format_date(&line, m->date);
	rc = put_raw(&d, pre);
	if (!rc) rc = put_textf(&d, "Thời gian: %s.", buf_cstr(&line));
	if (!rc) rc = end_p(&d, post, RB_PARA);
	unit_label(s, m->unit_code, tmp, sizeof tmp);
	if (!rc) rc = put_raw(&d, pre);
	if (!rc) rc = put_textf(&d, "Đơn vị tổ chức: UBND %s.", tmp);
	if (!rc) rc = end_p(&d, post, RB_PARA);
	if (!rc && m->chair[0]) {
		rc = put_raw(&d, pre);
		if (!rc) rc = put_textf(&d, "Chủ trì: %s.", m->chair);
		if (!rc) rc = end_p(&d, post, RB_PARA);
	}
	if (!rc && (m->attendees[0] || m->n_units)) {
		rc = put_raw(&d, pre);
		if (!rc) rc = put_text(&d, "Thành phần: ");
		if (!rc && m->attendees[0])
			rc = put_text(&d, m->attendees);
		if (!rc && m->n_units) {
			rc = put_text(&d, m->attendees[0] ? "; đại diện " : "đại diện ");
			for (int i = 0; i < m->n_units && !rc; i++) {
				body_label(s, m->units[i], false, tmp, sizeof tmp);
				rc = put_textf(&d, "%s%s", i ? ", " : "", tmp);
			}
		}
		if (!rc) rc = put_text(&d, ".");
		if (!rc) rc = end_p(&d, post, RB_PARA);
	}
	if (!rc && (m->has_period || m->n_indicators)) {
		rc = put_raw(&d, pre);
		if (!rc) rc = put_text(&d, "Nội dung: đánh giá kết quả thực hiện các chỉ tiêu kinh tế - xã hội");
		if (!rc && m->has_period) {
			buf_reset(&line);
			period_format_label(&line, &m->period);
			rc = put_textf(&d, " %s", buf_cstr(&line));
		}
		for (int i = 0; i < m->n_indicators && !rc; i++) {
			indicator ind;
			err ie;
			const char *nm = m->indicators[i];
			if (store_indicator_get(s, m->indicators[i], &ind, &ie) == 0)
				nm = ind.name_vi;
			rc = put_textf(&d, "%s%s", i ? "; " : ", trong đó: ", nm);
		}
		if (!rc) rc = put_text(&d, ".");
		if (!rc) rc = end_p(&d, post, RB_PARA);
	}
	if (rc)
		goto done;
	if (fmt != NOTICE_HTML && (rc = put_raw(&d, "\n")))
		goto done;

	/* The conclusions. */
	if (m->conclusions[0]) {
		rc = put_raw(&d, fmt == NOTICE_HTML ? "<p>" : "");
		if (!rc) rc = put_textf(&d, "Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, %s kết luận như sau:",
			       m->chair[0] ? m->chair : "Chủ tịch UBND");
		if (!rc) rc = end_p(&d, fmt == NOTICE_HTML ? "</p>\n" : "\n\n", RB_PARA);
		if (!rc) rc = put_block(&d, m->conclusions);
		if (!rc && fmt != NOTICE_HTML) rc = put_raw(&d, "\n");
		if (rc)
			goto done;
	}

	/* The tasks, grouped by lead (in the order leads first appear). */
	size_t shown = 0;
	for (size_t i = 0; i < nt; i++)
		if (ts[i].state != TASK_CANCELLED)
			shown++;
	if (shown) {
		rc = put_raw(&d, fmt == NOTICE_HTML ? "<h3>" : fmt == NOTICE_MARKDOWN ? "### " : "");
		if (!rc) rc = put_text(&d, "NHIỆM VỤ GIAO CÁC CƠ QUAN, ĐƠN VỊ");
		if (!rc) rc = end_p(&d, fmt == NOTICE_HTML ? "</h3>\n" : "\n\n", RB_PART);
	}
	bool *done_g = calloc(nt ? nt : 1, sizeof *done_g);
	if (!done_g) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập thông báo kết luận");
		goto done;
	}
	int group = 0;
	for (size_t i = 0; i < nt && !rc; i++) {
		if (done_g[i] || ts[i].state == TASK_CANCELLED)
			continue;
		bool ag = ts[i].lead_agency[0] != '\0';
		const char *lead = ag ? ts[i].lead_agency : ts[i].lead_unit;
		recipients_add(rcp, lead, ag);
		body_label(s, lead, ag, tmp, sizeof tmp);
		group++;
		rc = put_raw(&d, fmt == NOTICE_HTML ? "<p class=\"b\">" : fmt == NOTICE_MARKDOWN ? "**" : "");
		if (!rc) rc = put_textf(&d, "%d. %s chủ trì:", group, tmp);
		if (!rc) rc = end_p(&d, fmt == NOTICE_HTML ? "</p>\n" : fmt == NOTICE_MARKDOWN ? "**\n\n" : "\n", RB_SECTION);
		int item = 0;
		for (size_t j = i; j < nt && !rc; j++) {
			if (done_g[j] || ts[j].state == TASK_CANCELLED)
				continue;
			bool ag2 = ts[j].lead_agency[0] != '\0';
			if (ag2 != ag || strcmp(ag2 ? ts[j].lead_agency : ts[j].lead_unit, lead))
				continue;
			done_g[j] = true;
			item++;
			const task *t = &ts[j];
			rc = put_raw(&d, fmt == NOTICE_HTML ? "<p>" : fmt == NOTICE_MARKDOWN ? "- " : "   ");
			if (!rc && fmt != NOTICE_MARKDOWN)
				rc = put_textf(&d, "%d.%d. ", group, item);
			if (!rc) rc = put_text(&d, t->content);
			if (!rc && !ends_with_stop(t->content))
				rc = put_text(&d, ".");
			if (!rc && (t->n_coord || t->n_coord_agencies)) {
				rc = put_text(&d, " Phối hợp: ");
				int k = 0;
				for (int c = 0; c < t->n_coord_agencies && !rc; c++, k++) {
					recipients_add(rcp, t->coord_agencies[c], true);
					body_label(s, t->coord_agencies[c], true, tmp, sizeof tmp);
					rc = put_textf(&d, "%s%s", k ? ", " : "", tmp);
				}
				for (int c = 0; c < t->n_coord && !rc; c++, k++) {
					recipients_add(rcp, t->coord_units[c], false);
					body_label(s, t->coord_units[c], false, tmp, sizeof tmp);
					rc = put_textf(&d, "%s%s", k ? ", " : "", tmp);
				}
				if (!rc) rc = put_text(&d, ".");
			}
			buf_reset(&line);
			task_format_due(&line, t);
			if (!rc) rc = put_textf(&d, " Thời hạn: %s.", buf_cstr(&line));
			if (!rc) rc = end_p(&d, fmt == NOTICE_HTML ? "</p>\n" : "\n", RB_PARA);
		}
		if (!rc && fmt != NOTICE_HTML)
			rc = put_raw(&d, "\n");
	}
	free(done_g);
	if (rc)
		goto done;

	/* Closing sentence and recipients. */
	rc = put_raw(&d, fmt == NOTICE_HTML ? "<p>" : "");
	if (!rc) rc = put_textf(&d, "%s thông báo để các cơ quan, đơn vị biết, thực hiện./.", issuer);
	if (!rc && fmt == NOTICE_DOC)
		rc = end_p(&d, NULL, RB_PARA);
	if (!rc) rc = put_raw(&d, fmt == NOTICE_HTML ? "</p>\n<div class=\"recv\"><p class=\"b i\">Nơi nhận:</p>\n"
						: fmt == NOTICE_MARKDOWN ? "\n\n***Nơi nhận:***\n\n" : "\n\nNơi nhận:\n");
	for (int i = 0; i < rcp->n && !rc; i++) {
		body_label(s, rcp->code[i], rcp->agency[i], tmp, sizeof tmp);
		rc = put_raw(&d, fmt == NOTICE_HTML ? "<p>" : "");
		if (!rc) rc = put_textf(&d, "- %s;", tmp);
		if (!rc && fmt == NOTICE_DOC)
			rc = buf_putc(out, '\n');
		if (!rc) rc = put_raw(&d, fmt == NOTICE_HTML ? "</p>\n" : fmt == NOTICE_MARKDOWN ? "  \n" : "\n");
	}
	if (!rc) rc = put_raw(&d, fmt == NOTICE_HTML ? "<p>- Lưu: VT.</p>\n</div>\n</body>\n</html>\n"
						: "- Lưu: VT.\n");
	if (!rc && fmt == NOTICE_DOC && !(rc = buf_puts(out, "- Lưu: VT.")))
		rc = take(&d, &model->recipients);
done:
	buf_free(&line);
	free(ts);
	free(m);
	free(rcp);
	if (rc && rc != ERR_NOTFOUND && rc != ERR_INVALID && rc != ERR_NOMEM && e && !e->msg[0])
		err_set(e, rc, "không lập được thông báo kết luận (quá dài?)");
	return rc;
}

int meeting_notice_write(store *s, int64_t meeting_id, int fmt, buf *out, err *e)
{
	if (fmt != NOTICE_TEXT && fmt != NOTICE_MARKDOWN && fmt != NOTICE_HTML)
		return err_set(e, ERR_INVALID, "dạng thông báo (format) %d không hợp lệ", fmt);
	return notice_write(s, meeting_id, fmt, out, NULL, e);
}

int meeting_notice_doc(store *s, int64_t meeting_id, report_doc *out, err *e)
{
	memset(out, 0, sizeof *out);
	buf pend;
	buf_init(&pend, 64 * 1024);
	int rc = notice_write(s, meeting_id, NOTICE_DOC, &pend, out, e);
	if (!rc && buf_failed(&pend))
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập thông báo kết luận");
	buf_free(&pend);
	if (rc)
		report_doc_free(out);
	return rc;
}

/* ---- the reminder digest ------------------------------------------------ */

/* Loads the open tasks of a unit or agency (lead or coordinator). */
static int digest_tasks(store *s, const char *code, bool is_agency, int days, task **ts, size_t *n,
			err *e)
{
	store_task_filter f;
	if (days < 0)
		return err_set(e, ERR_INVALID, "số ngày nhắc trước (days) không được âm");
	memset(&f, 0, sizeof f);
	if (is_agency)
		f.agency_code = code;
	else
		f.unit_code = code;
	f.open_only = true;
	return store_task_list(s, &f, ts, n, e);
}

int task_digest_count(store *s, const char *unit_or_agency, bool is_agency, cdate today, int days,
		      int *overdue, int *due_soon, err *e)
{
	task *ts = NULL;
	size_t n = 0;
	int od = 0, ds = 0;
	int rc = digest_tasks(s, unit_or_agency, is_agency, days, &ts, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		long left = task_days_left(&ts[i], today);
		if (left < 0)
			od++;
		else if (left <= days)
			ds++;
	}
	free(ts);
	if (overdue)
		*overdue = od;
	if (due_soon)
		*due_soon = ds;
	return 0;
}

/* One digest line of task t. */
static int digest_line(store *s, buf *out, const task *t, const char *code, bool is_agency,
		       cdate today, meeting *mcache)
{
	long left = task_days_left(t, today);
	const char *lead = t->lead_agency[0] ? t->lead_agency : t->lead_unit;
	bool leads = (t->lead_agency[0] != '\0') == is_agency && !strcmp(lead, code);
	int rc = buf_printf(out, "  - [#%lld] ", (long long)t->id);
	if (!rc) {
		if (left < 0)
			rc = buf_printf(out, "quá hạn %ld ngày", -left);
		else if (left == 0)
			rc = buf_puts(out, "đến hạn hôm nay");
		else
			rc = buf_printf(out, "còn %ld ngày", left);
	}
	if (!rc) rc = buf_puts(out, " | hạn ");
	if (!rc) rc = task_format_due(out, t);
	if (!rc) rc = buf_printf(out, " | %s | %d%% | ", leads ? "chủ trì" : "phối hợp", t->percent);
	if (!rc) rc = buf_puts(out, t->content);
	if (!rc && t->meeting_id) {
		err me;
		if (mcache->id != t->meeting_id && store_meeting_get(s, t->meeting_id, mcache, &me))
			mcache->id = 0;
		if (mcache->id == t->meeting_id)
			rc = buf_printf(out, " (%s)", mcache->title);
	}
	if (!rc && !leads) {
		char nm[NAME_MAX_ + 64];
		body_label(s, lead, t->lead_agency[0] != '\0', nm, sizeof nm);
		rc = buf_printf(out, " [chủ trì: %s]", nm);
	}
	if (!rc)
		rc = buf_putc(out, '\n');
	return rc;
}

int task_digest_write(store *s, const char *unit_or_agency, bool is_agency, cdate today, int days,
		      buf *out, err *e)
{
	task *ts = NULL;
	size_t n = 0;
	meeting *mc = NULL;
	char name[NAME_MAX_ + 64];
	int rc;

	/* An unknown code is an error, not an empty digest. */
	if (is_agency) {
		agency a;
		if ((rc = store_agency_get(s, unit_or_agency, &a, e)))
			return rc;
	} else {
		unit u;
		if ((rc = store_unit_get(s, unit_or_agency, &u, e)))
			return rc;
	}
	if (!cdate_valid(today))
		return err_set(e, ERR_INVALID, "ngày nhắc việc (today) không hợp lệ");
	if ((rc = digest_tasks(s, unit_or_agency, is_agency, days, &ts, &n, e)))
		return rc;
	mc = calloc(1, sizeof *mc);
	if (!mc) {
		free(ts);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập bản nhắc việc");
	}
	body_label(s, unit_or_agency, is_agency, name, sizeof name);
	int od = 0, ds = 0;
	for (size_t i = 0; i < n; i++) {
		long left = task_days_left(&ts[i], today);
		if (left < 0)
			od++;
		else if (left <= days)
			ds++;
	}
	rc = buf_printf(out, "NHẮC VIỆC: %s (%s), ngày ", name, unit_or_agency);
	if (!rc) rc = vn_format_date(out, today);
	if (!rc) rc = buf_putc(out, '\n');
	if (!rc && !od && !ds)
		rc = buf_printf(out, "Không có nhiệm vụ quá hạn hay đến hạn trong %d ngày tới.\n", days);
	if (!rc && od) {
		rc = buf_puts(out, "Quá hạn chưa hoàn thành (");
		if (!rc) rc = vn_format_count2(out, od);
		if (!rc) rc = buf_puts(out, "):\n");
		/* The list is ordered by due: the most overdue come first. */
		for (size_t i = 0; i < n && !rc; i++)
			if (task_days_left(&ts[i], today) < 0)
				rc = digest_line(s, out, &ts[i], unit_or_agency, is_agency, today, mc);
	}
	if (!rc && ds) {
		rc = buf_printf(out, "Đến hạn trong %d ngày tới (", days);
		if (!rc) rc = vn_format_count2(out, ds);
		if (!rc) rc = buf_puts(out, "):\n");
		for (size_t i = 0; i < n && !rc; i++) {
			long left = task_days_left(&ts[i], today);
			if (left >= 0 && left <= days)
				rc = digest_line(s, out, &ts[i], unit_or_agency, is_agency, today, mc);
		}
	}
	free(ts);
	free(mc);
	if (rc)
		return err_set(e, rc, "không lập được bản nhắc việc (quá dài?)");
	return 0;
}
