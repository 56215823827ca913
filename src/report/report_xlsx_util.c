/*
 * report_xlsx_util.c - the shared pieces of the workbooks chitieu writes
 * (report_xlsx_int.h): formats, print setup, and the temporary file that
 * becomes the workbook only once it is complete.
 *
 * Number formats: a cell holds the number; its format shows it with the
 * indicator's decimals and thousands grouping. The format code is written
 * in the file's invariant notation ("#,##0.0") with the Vietnamese locale tag
 * [$-42A], so LibreOffice shows "1.739,5" whatever the machine's locale and
 * Excel shows the separators of the machine (Vietnamese Windows: "1.739,5").
 *
 * Not for: what goes into the sheets (report_xlsx.c, sheet_template.c).
 */
#include "report/report_xlsx_int.h"
#include "util/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RX_FONT "Times New Roman"
#define RX_LOCALE "[$-42A]"

static lxw_format *rx_base(lxw_workbook *wb, bool border)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, RX_FONT);
	format_set_font_size(f, 12);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

int rx_dec(int decimals)
{
	return decimals < 0 ? 0 : decimals > 4 ? 4 : decimals;
}

void rx_formats_init(lxw_workbook *wb, rx_formats *f)
{
	memset(f, 0, sizeof *f);
	f->title = rx_base(wb, false);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	f->subtitle = rx_base(wb, false);
	format_set_bold(f->subtitle);
	format_set_align(f->subtitle, LXW_ALIGN_CENTER);
	f->note = rx_base(wb, false);
	format_set_italic(f->note);
	format_set_text_wrap(f->note);
	f->head = rx_base(wb, true);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_bg_color(f->head, 0xD9D9D9);
	f->head_small = rx_base(wb, true);
	format_set_italic(f->head_small);
	format_set_font_size(f->head_small, 10);
	format_set_align(f->head_small, LXW_ALIGN_CENTER);
	format_set_bg_color(f->head_small, 0xD9D9D9);
	f->text = rx_base(wb, true);
	format_set_text_wrap(f->text);
	f->text_bold = rx_base(wb, true);
	format_set_text_wrap(f->text_bold);
	format_set_bold(f->text_bold);
	f->center = rx_base(wb, true);
	format_set_align(f->center, LXW_ALIGN_CENTER);
	f->center_bold = rx_base(wb, true);
	format_set_align(f->center_bold, LXW_ALIGN_CENTER);
	format_set_bold(f->center_bold);
	f->text_ref = rx_base(wb, true);
	format_set_bg_color(f->text_ref, 0xEDEDED);
	format_set_font_color(f->text_ref, 0x595959);
	format_set_text_wrap(f->text_ref);
	for (int d = 0; d <= 4; d++) {
		char code[40];
		snprintf(code, sizeof code, RX_LOCALE "#,##0%s%.*s", d ? "." : "", d, "0000");
		f->num[d] = rx_base(wb, true);
		format_set_num_format(f->num[d], code);
		f->num_bold[d] = rx_base(wb, true);
		format_set_num_format(f->num_bold[d], code);
		format_set_bold(f->num_bold[d]);
		f->num_ref[d] = rx_base(wb, true);
		format_set_num_format(f->num_ref[d], code);
		format_set_bg_color(f->num_ref[d], 0xEDEDED);
		format_set_font_color(f->num_ref[d], 0x595959);
	}
	f->input = rx_base(wb, true);
	format_set_bg_color(f->input, 0xFFF2CC);
	format_set_unlocked(f->input);
	f->input_text = rx_base(wb, true);
	format_set_bg_color(f->input_text, 0xFFF2CC);
	format_set_align(f->input_text, LXW_ALIGN_CENTER);
	format_set_unlocked(f->input_text);
	f->pct = rx_base(wb, true);
	/* thousands separated in every number format: "1.200,00%" */
	format_set_num_format(f->pct, RX_LOCALE "#,##0.00%");
	f->pct_bold = rx_base(wb, true);
	format_set_num_format(f->pct_bold, RX_LOCALE "#,##0.00%");
	format_set_bold(f->pct_bold);
	f->points = rx_base(wb, true);
	format_set_num_format(f->points, RX_LOCALE "+#,##0.00\" điểm\";-#,##0.00\" điểm\";0.00\" điểm\"");
	f->integer = rx_base(wb, true);
	format_set_num_format(f->integer, RX_LOCALE "#,##0");
	format_set_align(f->integer, LXW_ALIGN_CENTER);
	f->integer_bold = rx_base(wb, true);
	format_set_num_format(f->integer_bold, RX_LOCALE "#,##0");
	format_set_align(f->integer_bold, LXW_ALIGN_CENTER);
	format_set_bold(f->integer_bold);
}

/* Lines text takes wrapped at cpl characters a line (words kept whole when they fit). */
static int wrapped_lines(const char *text, double cpl)
{
	int lines = 1;
	double used = 0;
	for (const char *p = text; *p;) {
		if (*p == '\n') {
			lines++, used = 0, p++;
			continue;
		}
		size_t n = strcspn(p, " \n");
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
		double w = (double)text_width(word);
		if (used > 0 && used + 1 + w > cpl)
			lines++, used = 0;
		used += (used > 0 ? 1 : 0) + w;
		while (used > cpl) /* a word longer than a line */
			lines++, used -= cpl;
		p += n;
		while (*p == ' ')
			p++;
	}
	return lines;
}

void rx_fit_row(lxw_worksheet *ws, int row, const char *const *texts, const double *widths, int n)
{
	int lines = 1;
	for (int i = 0; i < n; i++) {
		if (!texts[i])
			continue;
		double cpl = widths[i] * 1.05 - 1.5; /* the cell's padding */
		int k = wrapped_lines(texts[i], cpl > 4 ? cpl : 4);
		if (k > lines)
			lines = k;
	}
	if (lines > 1)
		worksheet_set_row(ws, (lxw_row_t)row, lines * 15.75 + 2, NULL);
}

void rx_print_setup(lxw_worksheet *ws, int first_row, int last_row)
{
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_repeat_rows(ws, (lxw_row_t)first_row, (lxw_row_t)last_row);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_footer(ws, "&CTrang &P/&N");
}

int rx_book_open(const char *path, char *tmp, size_t n, lxw_workbook **wb, err *e)
{
	*wb = NULL;
	if (path) {
		snprintf(tmp, n, "%s.tmp-XXXXXX", path);
	} else {
		const char *dir = getenv("TMPDIR");
		snprintf(tmp, n, "%s/chitieu-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, ERR_IO, "không tạo được tệp tạm %s (%s)", tmp, strerror(errno));
	close(fd);
	*wb = workbook_new(tmp);
	if (!*wb) {
		unlink(tmp);
		return err_set(e, ERR_IO, "không tạo được bảng tính %s", tmp);
	}
	return 0;
}

int rx_book_finish(lxw_workbook *wb, const char *tmp, const char *path, buf *out, err *e)
{
	lxw_error x = workbook_close(wb);
	if (x != LXW_NO_ERROR) {
		unlink(tmp);
		return err_set(e, ERR_IO, "không ghi được bảng tính %s (%s)", path ? path : tmp, lxw_strerror(x));
	}
	if (path) {
		/* the file gets the usual permissions, not mkstemp's 0600 */
		mode_t um = umask(0);
		umask(um);
		if (chmod(tmp, 0666 & ~um) || rename(tmp, path)) {
			int k = errno;
			unlink(tmp);
			return err_set(e, ERR_IO, "không ghi được tệp %s (%s)", path, strerror(k));
		}
		return 0;
	}
	FILE *f = fopen(tmp, "rb");
	int rc = f ? 0 : err_set(e, ERR_IO, "không đọc lại được tệp tạm %s", tmp);
	char chunk[65536];
	size_t got;
	while (!rc && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(out, chunk, got))
			rc = err_set(e, ERR_TOOBIG, "bảng tính lớn quá giới hạn");
	if (f) {
		if (!rc && ferror(f))
			rc = err_set(e, ERR_IO, "không đọc lại được tệp tạm %s", tmp);
		fclose(f);
	}
	unlink(tmp);
	return rc;
}
