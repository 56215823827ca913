/*
 * report_text.c - the report as plain text and as Markdown, the table of
 * output formats, report_write (one entry for every document format) and
 * report_write_file (temporary file + rename).
 *
 * Not for: HTML (report_html.c), DOCX (report_docx.c), or building the
 * model (report.c).
 */
#include "report/report.h"
#include "util/md.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- plain text -------------------------------------------------------- */

int report_write_text(buf *b, const report_doc *d)
{
	buf_printf(b, "%s\n%s\n\n", d->issuer, d->number);
	buf_puts(b, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n");
	buf_printf(b, "%s\n\n%s\n%s\n\n", d->date_line, d->doc_type, d->title);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const report_block *k = &d->blocks[i];
		switch (k->kind) {
		case RB_PART: buf_printf(b, "\n%s\n", k->text); break;
		case RB_SECTION: buf_printf(b, "\n%s\n", k->text); break;
		case RB_PARA: buf_printf(b, "%s\n", k->text); break;
		case RB_ITEM: buf_printf(b, "  - %s\n", k->text); break;
		}
	}
	buf_printf(b, "\n%s\n", d->signature);
	if (d->signer[0])
		buf_printf(b, "%s\n", d->signer);
	return buf_printf(b, "\nNơi nhận:\n%s\n", d->recipients);
}

/* ---- Markdown ------------------------------------------------------------ */

/* Appends s escaped for Markdown (util/md.h); s always starts a block or a line. */
static int md_text(buf *b, const char *s)
{
	return md_escape(b, s, true);
}

/* Lines of s, each escaped, joined by a Markdown hard break. */
static void md_lines(buf *b, const char *s, const char *prefix, const char *suffix)
{
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (!line)
			return;
		buf_puts(b, prefix);
		md_text(b, line);
		buf_puts(b, suffix);
		buf_puts(b, nl && nl[1] ? "\\\n" : "\n");
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

int report_write_md(buf *b, const report_doc *d)
{
	md_lines(b, d->issuer, "**", "**");
	if (b->len && b->data[b->len - 1] == '\n') { /* the number on its own line, same paragraph */
		b->data[--b->len] = '\0';
		buf_puts(b, "\\\n");
	}
	md_text(b, d->number);
	buf_puts(b, "\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\\\n**Độc lập \\- Tự do \\- Hạnh phúc**\n\n*");
	md_text(b, d->date_line);
	buf_puts(b, "*\n\n# ");
	md_text(b, d->doc_type);
	buf_puts(b, "\n\n**");
	md_text(b, d->title);
	buf_puts(b, "**\n\n");
	bool in_list = false;
	for (size_t i = 0; i < d->n_blocks; i++) {
		const report_block *k = &d->blocks[i];
		if (in_list && k->kind != RB_ITEM)
			buf_putc(b, '\n');
		in_list = k->kind == RB_ITEM;
		switch (k->kind) {
		case RB_PART: buf_puts(b, "## "); break;
		case RB_SECTION: buf_puts(b, "### "); break;
		case RB_ITEM: buf_puts(b, "- "); break;
		case RB_PARA: break;
		}
		md_text(b, k->text);
		buf_puts(b, k->kind == RB_ITEM ? "\n" : "\n\n");
	}
	if (in_list)
		buf_putc(b, '\n');
	md_lines(b, d->signature, "**", "**");
	if (d->signer[0]) {
		buf_puts(b, "\n**");
		md_text(b, d->signer);
		buf_puts(b, "**\n");
	}
	buf_puts(b, "\n***Nơi nhận:***\\\n");
	md_lines(b, d->recipients, "", "");
	return b->len ? 0 : ERR_NOMEM;
}

/* ---- formats ------------------------------------------------------------- */

static const struct {
	report_format f;
	const char *code, *media, *ext;
} FORMATS[] = {
	{REPORT_TEXT, "text", "text/plain; charset=utf-8", "txt"},
	{REPORT_MD, "md", "text/markdown; charset=utf-8", "md"},
	{REPORT_HTML, "html", "text/html; charset=utf-8", "html"},
	{REPORT_DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
	{REPORT_PDF, "pdf", "application/pdf", "pdf"},
	{REPORT_XLSX, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
};

int report_format_from_code(const char *s, report_format *out, err *e)
{
	for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
		if (!strcmp(s, FORMATS[i].code)) {
			*out = FORMATS[i].f;
			return 0;
		}
	/* quoted whole or not at all: "%.32s" could cut a character in two */
	return err_set(e, ERR_INVALID, "định dạng \"%s\" không có; chọn một trong: text, md, html, docx, pdf, xlsx",
		       strlen(s) <= 32 ? s : "...");
}

const char *report_format_media_type(report_format f)
{
	for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
		if (FORMATS[i].f == f)
			return FORMATS[i].media;
	return "application/octet-stream";
}

const char *report_format_ext(report_format f)
{
	for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
		if (FORMATS[i].f == f)
			return FORMATS[i].ext;
	return "bin";
}

int report_write(buf *b, const report_doc *d, report_format f, err *e)
{
	int rc;
	switch (f) {
	case REPORT_TEXT: rc = report_write_text(b, d); break;
	case REPORT_MD: rc = report_write_md(b, d); break;
	case REPORT_HTML: rc = report_write_html(b, d); break;
	case REPORT_DOCX: return report_write_docx(b, d, e);
	case REPORT_PDF: return report_write_pdf(b, d, e);
	default: return err_set(e, ERR_INVALID, "định dạng này không phải văn bản báo cáo (xlsx: report_xlsx_write)");
	}
	if (rc)
		return err_set(e, rc, "không lập được báo cáo (%s)", err_code_name(rc));
	return 0;
}

int report_write_file(const char *path, const void *data, size_t n, err *e)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + 16);
	if (!tmp)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	snprintf(tmp, len + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = err_set(e, ERR_IO, "không tạo được tệp tạm cạnh %s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	const char *p = data;
	size_t left = n;
	int rc = 0;
	while (left && !rc) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = err_set(e, ERR_IO, "không ghi được tệp %s: %s", path, strerror(errno));
		else
			p += w, left -= (size_t)w;
	}
	/* the file gets the usual permissions, not mkstemp's 0600 */
	mode_t um = umask(0);
	umask(um);
	if (!rc && fchmod(fd, 0666 & ~um))
		rc = err_set(e, ERR_IO, "không đặt được quyền tệp %s: %s", path, strerror(errno));
	if (!rc && fsync(fd))
		rc = err_set(e, ERR_IO, "không ghi được tệp %s: %s", path, strerror(errno));
	if (close(fd) && !rc)
		rc = err_set(e, ERR_IO, "không ghi được tệp %s: %s", path, strerror(errno));
	if (!rc && rename(tmp, path))
		rc = err_set(e, ERR_IO, "không đổi tên tệp tạm thành %s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}
