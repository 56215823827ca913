/*
 * cmd_report.c - `chitieu report`: the socio-economic situation report of a
 * unit for a period, as text, Markdown, HTML, Word or Excel, and
 * `chitieu report template list|show|set|reset`: the wording an
 * administrator may edit. A thin face over src/report: options in, a
 * document out; no wording or figures are made here.
 */
#include "cli/cli.h"
#include "report/report.h"
#include "report/report_xlsx.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_report(const cli_args *a, err *e)
{
	const char *unit_code;
	period p;
	int rc;
	if ((rc = cli_unit_period(a, &unit_code, &p, e)))
		return rc;
	report_format f = REPORT_TEXT;
	const char *fv = cli_get(a, "format");
	if (fv && (rc = report_format_from_code(fv, &f, e)))
		return err_prefix(e, "--format: ");
	report_opts o;
	memset(&o, 0, sizeof o);
	const char *v = cli_get(a, "as-of");
	if (v) {
		if ((rc = vn_parse_date(v, &o.as_of, e)))
			return err_prefix(e, "--as-of: ");
	} else if ((rc = cli_today(&o.as_of, e))) {
		return rc;
	}
	if ((v = cli_get(a, "date")) && (rc = vn_parse_date(v, &o.date, e)))
		return err_prefix(e, "--date: ");
	o.number = cli_get(a, "number");
	o.place = cli_get(a, "place");
	o.signer = cli_get(a, "signer");
	o.approved_only = cli_flag(a, "approved-only");
	const char *out = cli_get(a, "out");
	if (out && !*out)
		return err_set(e, ERR_INVALID, "--out: cần tên tệp");
	bool binary = f == REPORT_DOCX || f == REPORT_PDF || f == REPORT_XLSX;
	if (binary && !out && isatty(STDOUT_FILENO))
		return err_set(e, ERR_INVALID, "định dạng %s là tệp nhị phân: cần --out TỆP.%s", report_format_ext(f),
			       report_format_ext(f));
	if (f == REPORT_XLSX) {
		if (o.approved_only)
			return err_set(e, ERR_INVALID,
				       "--approved-only: bảng tính xlsx chưa tách số liệu đã duyệt; dùng docx, html, md"
				       " hoặc text");
		if (!out)
			return err_set(e, ERR_INVALID, "định dạng xlsx: cần --out TỆP.xlsx");
		store *s = NULL;
		if ((rc = cli_open(a, &s, e)))
			return rc;
		rc = report_xlsx_write(s, unit_code, &p, o.as_of, out, e); /* temp file + rename inside */
		store_close(s);
		return rc;
	}
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	report_doc d;
	memset(&d, 0, sizeof d);
	buf b;
	buf_init(&b, 0);
	rc = report_build(s, unit_code, &p, &o, &d, e);
	store_close(s);
	if (!rc)
		rc = report_write(&b, &d, f, e);
	if (!rc)
		rc = out ? report_write_file(out, b.data, b.len, e) : cli_print(b.data, b.len, e);
	buf_free(&b);
	report_doc_free(&d);
	return rc;
}

/* ---- templates ----------------------------------------------------------- */

/* Reads all of path ("-" = stdin) into b, at most STORE_TEMPLATE_MAX - 1 bytes. */
static int read_all(const char *path, buf *b, err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return err_set(e, ERR_IO, "không mở được tệp %s", path);
	char chunk[4096];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(b, chunk, n))
			rc = err_set(e, ERR_TOOBIG, "mẫu câu trong %s dài quá %d byte", path, STORE_TEMPLATE_MAX - 1);
	if (!rc && ferror(f))
		rc = err_set(e, ERR_IO, "không đọc được tệp %s", path);
	if (f != stdin)
		fclose(f);
	/* a file ends with a newline that is not part of the wording */
	while (!rc && b->len && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == '\r'))
		b->data[--b->len] = '\0';
	return rc;
}

static int cmd_template(const cli_args *a, err *e)
{
	const char *action = a->pos[0];
	const char *key = a->n_pos > 1 ? a->pos[1] : NULL;
	bool list = !strcmp(action, "list");
	if (!list && strcmp(action, "show") && strcmp(action, "set") && strcmp(action, "reset"))
		return err_set(e, ERR_INVALID, "\"%s\": cần list, show, set hoặc reset", action);
	if (list && a->n_pos > 1)
		return err_set(e, ERR_INVALID, "list không nhận thêm đối số");
	if (!list && !key)
		return err_set(e, ERR_INVALID, "%s: cần KHÓA của mẫu câu (xem chitieu report template list)", action);
	if (!strcmp(action, "set") ? a->n_pos > 3 : a->n_pos > 2)
		return err_set(e, ERR_INVALID, "%s: thừa đối số \"%s\"", action, a->pos[a->n_pos - 1]);
	int idx = key ? report_template_index(key) : -1;
	if (key && idx < 0)
		return report_template_check(key, "", e); /* the not-found message lists the keys */
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, STORE_TEMPLATE_MAX - 1);
	if (list) {
		/* edited bodies that no longer pass are shown too, so load them one by one */
		char *tmp = malloc(STORE_TEMPLATE_MAX);
		if (!tmp)
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		for (size_t i = 0; !rc && i < report_template_count(); i++) {
			bool found = false;
			rc = store_template_get(s, report_template_key(i), tmp, STORE_TEMPLATE_MAX, &found, e);
			if (!rc) { /* aligned by display columns, not bytes */
				buf line;
				buf_init(&line, 0);
				text_pad(&line, report_template_key(i), 22, false);
				buf_putc(&line, ' ');
				text_pad(&line, found ? "đã sửa" : "mặc định", 9, false);
				printf("%s %s\n", buf_cstr(&line), report_template_help(i));
				buf_free(&line);
			}
		}
		free(tmp);
	} else if (!strcmp(action, "show")) {
		char *tmp = malloc(STORE_TEMPLATE_MAX);
		bool found = false;
		rc = tmp ? store_template_get(s, key, tmp, STORE_TEMPLATE_MAX, &found, e)
			 : err_set(e, ERR_NOMEM, "hết bộ nhớ");
		if (!rc) {
			printf("# %s (%s): %s\n# Biến: {%s}\n", key, found ? "đã sửa" : "mặc định",
			       report_template_help((size_t)idx), report_template_placeholders((size_t)idx));
			printf("%s\n", found ? tmp : report_template_default((size_t)idx));
		}
		free(tmp);
	} else if (!strcmp(action, "set")) {
		rc = read_all(a->n_pos > 2 ? a->pos[2] : "-", &b, e);
		if (!rc)
			rc = report_template_check(key, buf_cstr(&b), e);
		if (!rc)
			rc = store_template_set(s, key, buf_cstr(&b), e);
		if (!rc)
			printf("Đã lưu mẫu câu %s.\n", key);
	} else {
		rc = store_template_reset(s, key, e);
		if (!rc)
			printf("Mẫu câu %s trở về mặc định.\n", key);
	}
	if (!rc && fflush(stdout))
		rc = err_set(e, ERR_IO, "không ghi được ra đầu ra chuẩn");
	buf_free(&b);
	store_close(s);
	return rc;
}

static const cli_opt report_opts_[] = {
	{"unit", "MÃ", "đơn vị (ví dụ 058 - thành phố Bắc Kạn)"},
	{"period", "KỲ", "202206 (tháng), 2022Q2 (quý), 2022S1 (6 tháng), 2022N9 (9 tháng), 2022 (năm)"},
	{"format", "ĐỊNH_DẠNG", "text (mặc định), md, html, docx, pdf, xlsx"},
	{"out", "TỆP", "ghi ra TỆP (qua tệp tạm rồi đổi tên); mặc định in ra màn hình (text, md, html)"},
	{"as-of", "NGÀY", "đánh giá như vào NGÀY (mặc định: hôm nay hoặc $CHITIEU_TODAY)"},
	{"date", "NGÀY", "ngày của văn bản (mặc định: ngày đánh giá)"},
	{"number", "SỐ", "số, ký hiệu văn bản, ví dụ \"125/BC-UBND\" (mặc định để trống để ghi tay)"},
	{"place", "ĐỊA_DANH", "địa danh ở dòng ngày tháng (mặc định: tên đơn vị)"},
	{"signer", "HỌ_TÊN", "họ tên người ký"},
	{"approved-only", NULL, "chỉ số liệu các tháng đã được cấp trên duyệt (không dùng với xlsx)"},
	{NULL, NULL, NULL},
};

static const cli_opt no_opts[] = {{NULL, NULL, NULL}};

const cli_cmd cli_report_cmds[] = {
	{"report", "template", 1, 3, "list | show KHÓA | set KHÓA [TỆP] | reset KHÓA", no_opts, cmd_template,
	 "Mẫu câu của báo cáo: xem, sửa (quản trị), trả về mặc định",
	 "set đọc mẫu câu từ TỆP (hoặc từ đầu vào chuẩn khi không có TỆP hay TỆP là -).\n"
	 "Cú pháp: {bien} là một số liệu; [ ... ] là phần bị bỏ khi một biến trong đó không có giá trị\n"
	 "hoặc bằng 0; mỗi dòng là một đoạn. Biến không dùng được ở mẫu câu đó bị từ chối.\n"
	 "Ví dụ: echo '{ten_chi_tieu}: {gia_tri_ky}.' | chitieu report template set sentence.flow"},
	{"report", NULL, 0, 0, NULL, report_opts_, cmd_report,
	 "Báo cáo tình hình kinh tế - xã hội của một đơn vị trong một kỳ (văn bản, Word, PDF, Excel)",
	 "Mỗi chỉ tiêu có số liệu một câu theo lĩnh vực; chỉ tiêu không đạt, chậm tiến độ; đơn vị chậm;\n"
	 "số chỉ tiêu đạt; nhiệm vụ trọng tâm kỳ tới. Word và PDF theo Nghị định 30/2020/NĐ-CP.\n"
	 "Ví dụ: chitieu report --unit 058 --period 202206\n"
	 "       chitieu report --unit 058 --period 2022S1 --format docx --out bao-cao.docx --number 125/BC-UBND\n"
	 "       chitieu report --unit 058 --period 202206 --format pdf --out bao-cao.pdf\n"
	 "Câu chữ của báo cáo theo mẫu câu sửa được: chitieu report template --help"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
