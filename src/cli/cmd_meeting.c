/*
 * cmd_meeting.c - `chitieu meeting add|list|show|notice|update|delete`:
 * meetings (monthly briefings, quarterly reviews, council sessions, working
 * visits, thematic meetings) and their conclusions notice, from the command
 * line. `meeting show` starts from what is still open: the open tasks of
 * the earlier meetings of the same kind and unit, then the meeting's own.
 *
 * A thin face over store.h and core/task_notice.h. Not for: tasks
 * themselves (cmd_task.c) or who may do what (the server's checks).
 */
#include "cli/task_cli.h"
#include "core/task_notice.h"
#include "core/task_ops.h"
#include "report/report.h"
#include "util/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_id(const char *s, int64_t *out, err *e)
{
	return task_cli_id(s, "số cuộc họp", out, e);
}

/* "14:00" or "14h00" or "14h" -> minutes. */
static int parse_time(const char *s, int *out, err *e)
{
	int h = -1, m = 0;
	char sep = 0, extra = 0;
	int n = sscanf(s, "%d%c%d%c", &h, &sep, &m, &extra);
	if (!((n == 1) || (n == 2 && (sep == 'h' || sep == 'H')) ||
	      (n == 3 && (sep == ':' || sep == 'h' || sep == 'H'))) ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return err_set(e, ERR_INVALID, "--time \"%s\": cần giờ dạng 14:00", s);
	*out = h * 60 + m;
	return 0;
}

/* Reads a whole text file (at most MEETING_TEXT_MAX - 1 bytes) into dst. */
static int read_text_file(const char *path, char *dst, size_t n, err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "--conclusions-file: không mở được %s (%s)", path, strerror(errno));
	size_t k = fread(dst, 1, n, f);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, ERR_IO, "--conclusions-file: lỗi khi đọc %s", path);
	if (k >= n)
		return err_set(e, ERR_TOOBIG, "--conclusions-file: %s dài quá %zu byte", path, n - 1);
	dst[k] = '\0';
	while (k && (dst[k - 1] == '\n' || dst[k - 1] == '\r'))
		dst[--k] = '\0';
	return 0;
}

/* Sets the fields given as options on m (add: all that are given; update: the changed ones). */
static int set_fields(const cli_args *a, meeting *m, err *e)
{
	const char *v;
	int rc;
	if ((v = cli_get(a, "kind")) && (rc = meeting_kind_from_code(v, &m->kind, e)))
		return err_prefix(e, "--kind: ");
	if ((v = cli_get(a, "title")) && (rc = model_set_text(m->title, sizeof m->title, v, "--title", e)))
		return rc;
	if ((rc = cli_date(a, "date", &m->date, e)))
		return rc;
	if ((v = cli_get(a, "time")) && (rc = parse_time(v, &m->time_min, e)))
		return rc;
	if ((v = cli_get(a, "unit")) &&
	    (rc = model_set_text(m->unit_code, sizeof m->unit_code, v, "--unit", e)))
		return rc;
	if ((v = cli_get(a, "chair")) && (rc = model_set_text(m->chair, sizeof m->chair, v, "--chair", e)))
		return rc;
	if ((v = cli_get(a, "attendees")) &&
	    (rc = model_set_text(m->attendees, sizeof m->attendees, v, "--attendees", e)))
		return rc;
	if ((v = cli_get(a, "units")) &&
	    (rc = task_cli_codes(v, m->units, MEETING_UNITS_MAX, &m->n_units, "units", e)))
		return rc;
	if ((v = cli_get(a, "period"))) {
		if (!*v) {
			m->has_period = false;
		} else {
			if ((rc = period_parse(v, &m->period, e)))
				return err_prefix(e, "--period: ");
			m->has_period = true;
		}
	}
	if ((v = cli_get(a, "indicators")) &&
	    (rc = task_cli_codes(v, m->indicators, MEETING_INDICATORS_MAX, &m->n_indicators,
				 "indicators", e)))
		return rc;
	if (cli_get(a, "conclusions") && cli_get(a, "conclusions-file"))
		return err_set(e, ERR_INVALID, "chỉ dùng một trong --conclusions và --conclusions-file");
	if ((v = cli_get(a, "conclusions")) &&
	    (rc = model_set_text(m->conclusions, sizeof m->conclusions, v, "--conclusions", e)))
		return rc;
	if ((v = cli_get(a, "conclusions-file")) &&
	    (rc = read_text_file(v, m->conclusions, sizeof m->conclusions, e)))
		return rc;
	if ((v = cli_get(a, "notice-no")) &&
	    (rc = model_set_text(m->notice_no, sizeof m->notice_no, v, "--notice-no", e)))
		return rc;
	return 0;
}

static int cmd_meeting_add(const cli_args *a, err *e)
{
	meeting *m = calloc(1, sizeof *m);
	store *s = NULL;
	const char *v;
	int rc;
	if (!m)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	m->time_min = -1;
	m->kind = MEETING_MONTHLY;
	if ((rc = cli_need(a, "title", &v, e)) || (rc = cli_need(a, "date", &v, e)) ||
	    (rc = cli_need(a, "unit", &v, e)) || (rc = set_fields(a, m, e)))
		goto done;
	snprintf(m->created_by, sizeof m->created_by, "%s", cli_who(a));
	if ((rc = task_cli_open(a, &s, NULL, e)) || (rc = meeting_put(s, m, e)))
		goto done;
	printf("Đã tạo cuộc họp số %lld: %s.\n", (long long)m->id, m->title);
done:
	store_close(s);
	free(m);
	return rc;
}

static int cmd_meeting_update(const cli_args *a, err *e)
{
	meeting *m = calloc(1, sizeof *m);
	store *s = NULL;
	int64_t id = 0;
	int rc;
	if (!m)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	if ((rc = parse_id(a->pos[0], &id, e)) || (rc = task_cli_open(a, &s, NULL, e)) ||
	    (rc = store_meeting_get(s, id, m, e)) || (rc = set_fields(a, m, e)) ||
	    (rc = meeting_put(s, m, e)))
		goto done;
	printf("Đã sửa cuộc họp số %lld.\n", (long long)id);
done:
	store_close(s);
	free(m);
	return rc;
}

static int cmd_meeting_delete(const cli_args *a, err *e)
{
	store *s = NULL;
	int64_t id = 0;
	int rc;
	if ((rc = parse_id(a->pos[0], &id, e)))
		return rc;
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = meeting_delete(s, id, e);
	store_close(s);
	if (!rc)
		printf("Đã xóa cuộc họp số %lld.\n", (long long)id);
	return rc;
}

#define MEETING_PAGE 256 /* meetings read at a time: one is ~23 KB in memory */

/* Appends one row of the meeting list, with the count of its tasks; tmp is scratch. */
static int meeting_row(store *s, const meeting *m, buf *b, buf *tmp, err *e)
{
	store_task_filter tf;
	task *ts = NULL;
	size_t nt = 0;
	char num[32];
	memset(&tf, 0, sizeof tf);
	tf.meeting_id = m->id;
	int rc = store_task_list(s, &tf, &ts, &nt, e);
	free(ts);
	if (rc)
		return rc;
	snprintf(num, sizeof num, "%lld", (long long)m->id);
	text_pad(b, num, 5, true);
	buf_putc(b, ' ');
	buf_reset(tmp);
	vn_format_date(tmp, m->date);
	text_pad(b, buf_cstr(tmp), 12, false);
	text_pad(b, meeting_kind_label(m->kind), 18, false);
	text_pad(b, m->unit_code, 8, false);
	snprintf(num, sizeof num, "%zu", nt);
	text_pad(b, num, 9, true);
	buf_printf(b, "  %s\n", m->title);
	return 0;
}

static int cmd_meeting_list(const cli_args *a, err *e)
{
	store_meeting_filter f;
	store *s = NULL;
	meeting *last = NULL;
	size_t total = 0;
	const char *v;
	meeting_kind k;
	buf b, tmp;
	int rc;
	memset(&f, 0, sizeof f);
	f.unit_code = cli_get(a, "unit");
	if ((v = cli_get(a, "kind"))) {
		if ((rc = meeting_kind_from_code(v, &k, e)))
			return err_prefix(e, "--kind: ");
		f.kind = (int)k;
	}
	if ((rc = cli_date(a, "from", &f.from, e)) || (rc = cli_date(a, "to", &f.to, e)))
		return rc;
	buf_init(&b, (size_t)1 << 24);
	buf_init(&tmp, 64);
	if ((rc = cli_open(a, &s, e)))
		goto done;
	if (!(last = malloc(sizeof *last))) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		goto done;
	}
	text_pad(&b, "số", 5, true);
	buf_putc(&b, ' ');
	text_pad(&b, "ngày", 12, false);
	text_pad(&b, "loại", 18, false);
	text_pad(&b, "đơn vị", 8, false);
	text_pad(&b, "nhiệm vụ", 9, true);
	buf_puts(&b, "  tên\n");
	/* Page by page, newest first, so as not to hold every meeting at once. */
	f.limit = MEETING_PAGE;
	for (bool more = true; more && !rc;) {
		meeting *ms = NULL;
		size_t n = 0;
		if ((rc = store_meeting_list(s, &f, &ms, &n, e)))
			break;
		more = n == MEETING_PAGE;
		for (size_t i = 0; i < n && !rc; i++)
			rc = meeting_row(s, &ms[i], &b, &tmp, e);
		if (n) {
			*last = ms[n - 1];
			f.after = last;
		}
		total += n;
		free(ms);
	}
	if (!rc) {
		buf_printf(&b, "(%zu cuộc họp)\n", total);
		rc = cli_print(b.data, b.len, e);
	}
done:
	buf_free(&b);
	buf_free(&tmp);
	free(last);
	store_close(s);
	return rc;
}

static int cmd_meeting_show(const cli_args *a, err *e)
{
	meeting *m = calloc(1, sizeof *m), *other = calloc(1, sizeof *other);
	store *s = NULL;
	task *ts = NULL, *open = NULL;
	size_t nt = 0, no = 0;
	int64_t id = 0;
	cdate today;
	int rc;
	if (!m || !other) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		goto done;
	}
	if ((rc = parse_id(a->pos[0], &id, e)) || (rc = task_cli_open(a, &s, &today, e)) ||
	    (rc = store_meeting_get(s, id, m, e)))
		goto done;
	store_task_filter f;
	memset(&f, 0, sizeof f);
	f.meeting_id = id;
	if ((rc = store_task_list(s, &f, &ts, &nt, e)))
		goto done;
	/* The open tasks of earlier meetings of the same kind held by the same unit. */
	memset(&f, 0, sizeof f);
	f.owner_unit = m->unit_code;
	f.open_only = true;
	if ((rc = store_task_list(s, &f, &open, &no, e)))
		goto done;
	size_t k = 0;
	for (size_t i = 0; i < no; i++) {
		err ig;
		if (!open[i].meeting_id || open[i].meeting_id == id ||
		    store_meeting_get(s, open[i].meeting_id, other, &ig) || other->kind != m->kind ||
		    cdate_cmp(other->date, m->date) >= 0)
			continue;
		open[k++] = open[i];
	}
	no = k;

	buf b;
	buf_init(&b, (size_t)1 << 24);
	buf_printf(&b, "Cuộc họp số %lld: %s\n", (long long)m->id, m->title);
	buf_printf(&b, "  loại:        %s\n  ngày:        ", meeting_kind_label(m->kind));
	vn_format_date(&b, m->date);
	if (m->time_min >= 0)
		buf_printf(&b, ", %02d:%02d", m->time_min / 60, m->time_min % 60);
	buf_printf(&b, "\n  đơn vị:      %s\n", m->unit_code);
	if (m->chair[0])
		buf_printf(&b, "  chủ trì:     %s\n", m->chair);
	if (m->attendees[0])
		buf_printf(&b, "  thành phần:  %s\n", m->attendees);
	if (m->n_units) {
		buf_puts(&b, "  đơn vị dự:   ");
		task_cli_join(&b, m->units, m->n_units);
		buf_putc(&b, '\n');
	}
	if (m->has_period) {
		buf_puts(&b, "  kỳ xem xét:  ");
		period_format_label(&b, &m->period);
		buf_putc(&b, '\n');
	}
	if (m->n_indicators) {
		buf_puts(&b, "  chỉ tiêu:    ");
		task_cli_join(&b, m->indicators, m->n_indicators);
		buf_putc(&b, '\n');
	}
	if (m->notice_no[0])
		buf_printf(&b, "  thông báo:   số %s\n", m->notice_no);
	if (m->conclusions[0])
		buf_printf(&b, "Kết luận:\n%s\n", m->conclusions);
	if (no) {
		buf_printf(&b, "\nNhiệm vụ còn tồn từ các cuộc họp trước (%zu):\n", no);
		task_cli_table(&b, open, no, today);
	}
	buf_printf(&b, "\nNhiệm vụ giao tại cuộc họp này (%zu):\n", nt);
	task_cli_table(&b, ts, nt, today);
	buf_puts(&b, "(tình trạng tính đến ngày ");
	vn_format_date(&b, today);
	buf_puts(&b, ")\n");
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
done:
	free(ts);
	free(open);
	free(m);
	free(other);
	store_close(s);
	return rc;
}

static int cmd_meeting_notice(const cli_args *a, err *e)
{
	store *s = NULL;
	int64_t id = 0;
	int fmt = NOTICE_TEXT, rc;
	report_format office = 0; /* docx or pdf: the document model through the report's writers */
	const char *v = cli_get(a, "format"), *out = cli_get(a, "out");
	if ((rc = parse_id(a->pos[0], &id, e)))
		return rc;
	if (v) {
		if (!strcmp(v, "text"))
			fmt = NOTICE_TEXT;
		else if (!strcmp(v, "markdown") || !strcmp(v, "md"))
			fmt = NOTICE_MARKDOWN;
		else if (!strcmp(v, "html"))
			fmt = NOTICE_HTML;
		else if (!strcmp(v, "docx"))
			office = REPORT_DOCX;
		else if (!strcmp(v, "pdf"))
			office = REPORT_PDF;
		else
			return err_set(e, ERR_INVALID, "--format \"%s\": text, markdown, html, docx hoặc pdf", v);
	}
	if (office && !out && isatty(STDOUT_FILENO))
		return err_set(e, ERR_INVALID, "định dạng %s là tệp nhị phân: cần --out TỆP.%s", v, v);
	buf b;
	buf_init(&b, (size_t)1 << 24);
	if ((rc = cli_open(a, &s, e)) == 0 && !office) {
		rc = meeting_notice_write(s, id, fmt, &b, e);
	} else if (!rc) {
		report_doc d;
		if ((rc = meeting_notice_doc(s, id, &d, e)) == 0)
			rc = report_write(&b, &d, office, e);
		report_doc_free(&d);
	}
	store_close(s);
	if (!rc) {
		if (out) {
			if ((rc = task_cli_write(out, b.data, b.len, e)) == 0)
				printf("Đã ghi thông báo kết luận ra %s.\n", out);
		} else {
			rc = cli_print(b.data, b.len, e);
		}
	}
	buf_free(&b);
	return rc;
}

#define MEETING_FIELD_OPTS                                                                      \
	{"kind", "LOẠI", "monthly (giao ban tháng, mặc định) | quarterly | council | visit | thematic"}, \
	{"title", "CHỮ", "tên cuộc họp: \"Giao ban UBND thành phố tháng 6/2022\""},              \
	{"date", "NGÀY", "ngày họp: 30/06/2022"},                                                 \
	{"time", "GIỜ", "giờ họp: 14:00"},                                                        \
	{"unit", "MÃ", "đơn vị tổ chức (UBND thành phố 058)"},                                    \
	{"chair", "CHỮ", "người chủ trì: \"đồng chí ..., Chủ tịch UBND thành phố\""},             \
	{"attendees", "CHỮ", "thành phần dự họp"},                                                \
	{"units", "MÃ,MÃ", "các đơn vị dự họp"},                                                  \
	{"period", "KỲ", "kỳ xem xét: 202206, 2022Q2"},                                           \
	{"indicators", "MÃ,MÃ", "các chỉ tiêu xem xét"},                                          \
	{"conclusions", "CHỮ", "kết luận của người chủ trì"},                                     \
	{"conclusions-file", "TỆP", "đọc kết luận từ tệp văn bản"},                               \
	{"notice-no", "SỐ", "số thông báo: 125/TB-UBND"},                                         \
	{"by", "TÊN", "người nhập (mặc định $CHITIEU_USER, $USER)"}

static const cli_opt add_opts[] = {MEETING_FIELD_OPTS, {NULL, NULL, NULL}};
static const cli_opt list_opts[] = {
	{"unit", "MÃ", "cuộc họp do đơn vị này tổ chức"},
	{"kind", "LOẠI", "monthly | quarterly | council | visit | thematic"},
	{"from", "NGÀY", "họp từ ngày"},
	{"to", "NGÀY", "họp đến ngày"},
	{NULL, NULL, NULL},
};
static const cli_opt none_opts[] = {{NULL, NULL, NULL}};
static const cli_opt notice_opts[] = {
	{"format", "DẠNG", "text (mặc định) | markdown | html (in được) | docx | pdf (theo Nghị định 30/2020)"},
	{"out", "TỆP", "ghi ra tệp thay vì in ra"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_meeting_cmds[] = {
	{"meeting", "add", 0, 0, NULL, add_opts, cmd_meeting_add, "Thêm một cuộc họp",
	 "Ví dụ: chitieu meeting add --title \"Giao ban UBND thành phố tháng 6/2022\" \\\n"
	 "         --date 30/06/2022 --time 14:00 --unit 058 --period 202206 --indicators KT01,TM01"},
	{"meeting", "list", 0, 0, NULL, list_opts, cmd_meeting_list, "Liệt kê cuộc họp, mới nhất trước",
	 NULL},
	{"meeting", "show", 1, 1, "SỐ", none_opts, cmd_meeting_show,
	 "Xem cuộc họp: nhiệm vụ còn tồn từ các cuộc họp trước và nhiệm vụ được giao", NULL},
	{"meeting", "notice", 1, 1, "SỐ", notice_opts, cmd_meeting_notice,
	 "Thông báo kết luận của cuộc họp (văn bản, Markdown, HTML, Word hoặc PDF để in)",
	 "Ví dụ: chitieu meeting notice 6 --format html --out thong-bao.html\n"
	 "       chitieu meeting notice 6 --format pdf --out thong-bao.pdf"},
	{"meeting", "update", 1, 1, "SỐ", add_opts, cmd_meeting_update,
	 "Sửa cuộc họp (chỉ các trường được nêu)", NULL},
	{"meeting", "delete", 1, 1, "SỐ", none_opts, cmd_meeting_delete,
	 "Xóa cuộc họp chưa giao nhiệm vụ nào", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
