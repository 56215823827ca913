/*
 * cmd_extract.c - `chitieu extract FILE|- [--unit U] [--year Y] [--json]`:
 * the figures a narrative report (DOCX or UTF-8 text) states, proposed for a
 * person to confirm (core/extract.h). Prints a table in Vietnamese, or the
 * proposals as JSON. Writes nothing.
 * Not for: the rules of reading (core/extract.c) or DOCX (office/docx_read.c).
 */
#include "cli/cli.h"
#include "core/extract.h"
#include "office/docx_read.h"
#include "util/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXTRACT_MAX_FILE ((size_t)20 << 20) /* a report file; a 50 MB one is refused before reading */

/* The bytes of path ("-": standard input), refused by size first. */
static int read_input(const char *path, buf *out, err *e)
{
	buf_init(out, EXTRACT_MAX_FILE);
	bool in = !strcmp(path, "-");
	if (!in) {
		struct stat st;
		if (stat(path, &st) != 0)
			return err_set(e, ERR_IO, "không mở được tệp %s (%s)", path, strerror(errno));
		if ((size_t)st.st_size > EXTRACT_MAX_FILE)
			return err_set(e, ERR_TOOBIG, "tệp %s lớn %lld byte, quá giới hạn %zu MiB của một báo cáo", path,
				       (long long)st.st_size, EXTRACT_MAX_FILE >> 20);
	}
	FILE *f = in ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "không mở được tệp %s (%s)", path, strerror(errno));
	int rc = buf_read_stream(out, f, in ? "dữ liệu vào" : path, e);
	if (rc == ERR_TOOBIG)
		err_set(e, rc, "%s quá giới hạn %zu MiB của một báo cáo", in ? "dữ liệu vào" : path, EXTRACT_MAX_FILE >> 20);
	if (!in)
		fclose(f);
	return rc;
}

static int print_table(buf *b, const extract_result *r)
{
	text_pad(b, "Chỉ tiêu", 10, false);
	text_pad(b, "Đơn vị", 8, false);
	text_pad(b, "Kỳ", 8, false);
	text_pad(b, "Loại số liệu", 20, false);
	text_pad(b, "Số liệu", 16, true);
	buf_puts(b, "  ");
	text_pad(b, "Tin cậy", 8, true);
	buf_puts(b, "  Câu\n");
	for (size_t i = 0; i < r->n; i++) {
		const extract_prop *p = &r->p[i];
		text_pad(b, p->indicator, 10, false);
		text_pad(b, p->unit, 8, false);
		text_pad(b, p->period, 8, false);
		text_pad(b, extract_measure_label(p->measure), 20, false);
		buf v;
		buf_init(&v, 0);
		if (p->approx)
			buf_puts(&v, "~");
		vn_format_num(&v, p->value, -1);
		if (p->has_target) {
			buf_puts(&v, "/");
			vn_format_num(&v, p->target, -1);
		}
		text_pad(b, buf_cstr(&v), 16, true);
		buf_reset(&v);
		vn_format_double(&v, p->confidence, 2);
		buf_puts(b, "  ");
		text_pad(b, buf_cstr(&v), 8, true);
		buf_free(&v);
		buf_puts(b, "  ");
		/* the sentence on one line, cut */
		char s[121];
		size_t n = p->sent_len < 120 ? p->sent_len : 120;
		while (n < p->sent_len && n > 0 && ((unsigned char)r->text[p->sent_off + n] & 0xC0) == 0x80)
			n--;
		memcpy(s, r->text + p->sent_off, n);
		s[n] = '\0';
		for (size_t k = 0; k < n; k++)
			if (s[k] == '\n' || s[k] == '\t')
				s[k] = ' ';
		buf_printf(b, "%s%s\n", s, n < p->sent_len ? "…" : "");
	}
	buf_printf(b, "(%zu số liệu đề xuất; cần người xác nhận trước khi nhập)\n", r->n);
	return buf_failed(b);
}

/* --evaluate DIR: precision and recall over a corpus (issue #19, item 5). */
static int cmd_evaluate(const cli_args *a, const char *dir, err *e)
{
	store *s = NULL;
	buf rep;
	buf_init(&rep, 0);
	extract_eval_result res;
	int rc = cli_open(a, &s, e);
	if (!rc && (rc = store_read_begin(s, e)) == 0) {
		rc = extract_evaluate(s, dir, &rep, &res, e);
		store_read_end(s);
	}
	store_close(s);
	if (!rc) {
		double prec = res.proposed ? (double)res.right / (double)res.proposed : 1.0;
		double rec = res.expected ? (double)res.right / (double)res.expected : 1.0;
		buf b;
		buf_init(&b, 0);
		buf_puts(&b, buf_cstr(&rep));
		buf_printf(&b, "Tập thử %s: %ld văn bản, %ld số liệu mong đợi, %ld đề xuất, %ld đúng.\nĐộ chính xác "
			   "(precision): ", dir, res.files, res.expected, res.proposed, res.right);
		vn_format_double(&b, prec, 3);
		buf_puts(&b, prec >= 0.9 ? " (đạt, mục tiêu ≥ 0,9)\nĐộ phủ (recall): " : " (CHƯA ĐẠT, mục tiêu ≥ 0,9)\nĐộ phủ (recall): ");
		vn_format_double(&b, rec, 3);
		buf_puts(&b, rec >= 0.8 ? " (đạt, mục tiêu ≥ 0,8)\n" : " (CHƯA ĐẠT, mục tiêu ≥ 0,8)\n");
		rc = buf_failed(&b) ? err_set(e, ERR_NOMEM, "hết bộ nhớ") : cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	buf_free(&rep);
	return rc;
}

static int cmd_extract(const cli_args *a, err *e)
{
	const char *dir = cli_get(a, "evaluate");
	if (dir) {
		if (a->n_pos)
			return err_set(e, ERR_INVALID, "--evaluate THƯ_MỤC không đi cùng tệp báo cáo");
		return cmd_evaluate(a, dir, e);
	}
	if (!a->n_pos)
		return err_set(e, ERR_INVALID, "thiếu tệp báo cáo (TỆP, hoặc - để đọc từ đầu vào chuẩn)");
	const char *path = a->pos[0];
	const char *unit_code = cli_get(a, "unit");
	int year = 0, rc;
	if ((rc = cli_int(a, "year", 1900, 9999, &year, e)))
		return rc;
	buf raw, text;
	buf_init(&text, EXTRACT_MAX_BYTES);
	if ((rc = read_input(path, &raw, e)) ||
	    (rc = docx_or_text(raw.data ? raw.data : "", raw.len, !strcmp(path, "-") ? "(stdin)" : path, &text, e))) {
		buf_free(&raw);
		buf_free(&text);
		return rc;
	}
	buf_free(&raw);
	store *s = NULL;
	extract_result r;
	memset(&r, 0, sizeof r);
	if ((rc = cli_open(a, &s, e)) == 0) {
		if (unit_code && !rc) {
			unit u;
			rc = store_unit_get(s, unit_code, &u, e);
		}
		if (!rc && (rc = store_read_begin(s, e)) == 0) {
			rc = extract_with_store(s, text.data ? text.data : "", text.len, unit_code, year, &r, e);
			store_read_end(s);
		}
	}
	store_close(s);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		int bad = cli_flag(a, "json")  ? extract_json(&b, &r)
			  : cli_flag(a, "csv") ? extract_csv(&b, &r)
					       : print_table(&b, &r);
		rc = bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi in kết quả") : cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	extract_result_free(&r);
	buf_free(&text);
	return rc;
}

static int cmd_extract_import(const cli_args *a, err *e)
{
	const char *path = a->pos[0];
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return err_set(e, ERR_IO, "không mở được tệp %s (%s)", path, strerror(errno));
	extract_row *rows = NULL;
	size_t n = 0;
	int rc = extract_review_read(f, f == stdin ? "stdin" : path, &rows, &n, e);
	if (f != stdin)
		fclose(f);
	if (rc)
		return rc;
	const char *file = cli_get(a, "file");
	if (!file) {
		const char *sl = strrchr(path, '/');
		file = sl ? sl + 1 : path;
	}
	bool dry = cli_flag(a, "dry-run");
	store *s = NULL;
	buf notes;
	buf_init(&notes, 0);
	extract_import_summary sum;
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = extract_import(s, rows, n, file, dry, cli_who(a), NULL, &notes, &sum, e);
	store_close(s);
	free(rows);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		buf_puts(&b, buf_cstr(&notes));
		buf_printf(&b, "%s%ld dòng nhận, %ld dòng bỏ; số liệu: %ld thêm mới, %ld cập nhật, %ld không đổi; "
			   "%ld chỉ tiêu kế hoạch; %ld không nhập (xem ghi chú). Lý do ghi nhận: trích từ văn bản %s\n",
			   dry ? "Chạy thử, không ghi gì. " : "", sum.accepted, sum.dropped, sum.values.inserted,
			   sum.values.updated, sum.values.unchanged, sum.targets, sum.skipped, file);
		rc = buf_failed(&b) ? err_set(e, ERR_NOMEM, "hết bộ nhớ") : cli_print(b.data, b.len, e);
		buf_free(&b);
	} else {
		err_prefix(e, "không nhập gì (không có số liệu nào được ghi): ");
	}
	buf_free(&notes);
	return rc;
}

static const cli_opt import_opts_[] = {
	{"file", "TÊN", "tên văn bản gốc cho lý do \"trích từ văn bản TÊN\" (mặc định: tên tệp rà soát)"},
	{"dry-run", NULL, "kiểm tra và đếm, không ghi gì"},
	{NULL, NULL, NULL},
};

static const cli_opt extract_opts_[] = {
	{"unit", "MÃ", "đơn vị của báo cáo (số liệu không nêu xã, phường nào thuộc đơn vị này)"},
	{"year", "NĂM", "năm khi văn bản không nói (\"năm 2024\" trong văn bản áp dụng cho các câu sau)"},
	{"json", NULL, "in ra JSON: indicator, unit, period, measure, value, target, approx, confidence, text, start, end"},
	{"evaluate", "THƯ_MỤC", "đo độ chính xác và độ phủ trên tập thử (TÊN.txt kèm TÊN.json các số liệu mong đợi)"},
	{"csv", NULL, "in ra tệp rà soát CSV: cột quyet_dinh để người rà soát ghi \"nhận\" hoặc \"bỏ\" (chitieu extract import)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_extract_cmds[] = {
	/* before the command without a sub-command, which takes any other word as its file */
	{"extract", "import", 1, 1, "TỆP_RÀ_SOÁT|-", import_opts_, cmd_extract_import,
	 "Nhập các số liệu đề xuất đã được người rà soát nhận (tệp của chitieu extract --csv)",
	 "Mỗi dòng phải có quyết định ở cột quyet_dinh (\"nhận\" hoặc \"bỏ\"); sửa các ô khác trước khi nhận.\n"
	 "Giá trị kỳ: qua bộ nhập số liệu (kiểm tra danh mục, quy tắc, lịch sử sửa với lý do \"trích từ văn bản\n"
	 "TÊN\"); lũy kế một tháng: trừ các tháng trước đã có; chỉ tiêu: vào bảng chỉ tiêu kế hoạch; % kế hoạch,\n"
	 "so cùng kỳ, số chỉ tiêu không đạt: không nhập (chitieu tự tính). Tất cả hoặc không gì.\n"
	 "Ví dụ: chitieu extract bao-cao.docx --unit 058 --csv > ra-soat.csv; (sửa, ghi nhận/bỏ)\n"
	 "       chitieu extract import ra-soat.csv --file bao-cao.docx --dry-run"},
	{"extract", NULL, 0, 1, "TỆP|-", extract_opts_, cmd_extract,
	 "Đề xuất số liệu đọc từ báo cáo lời văn (.docx hoặc .txt UTF-8); không ghi gì",
	 "Mỗi câu nêu tên (hoặc tên gọi khác) của một chỉ tiêu trong danh mục cho ra các số liệu đề xuất:\n"
	 "giá trị kỳ, lũy kế, % kế hoạch, so cùng kỳ, chỉ tiêu, đạt/chỉ tiêu (206/200), chỉ tiêu không đạt.\n"
	 "start/end: vị trí của số liệu trong câu, tính theo ký tự (code point UTF-8).\n"
	 "Ví dụ: chitieu extract bao-cao-thang-9.docx --unit 058 --year 2024 --json\n"
	 "       chitieu extract --evaluate tests/data/extract/corpus (độ chính xác, độ phủ)"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
