/*
 * cmd_sheet.c - `chitieu sheet template` (the .xlsx or CSV entry template of
 * a unit and period) and `chitieu sheet import` (a filled template, or any
 * sheet with a header row, read back as values or targets: all or nothing),
 * `chitieu sheet catalog` (the catalogue workbook: the rules between
 * indicators, and the indicators for reference) and `chitieu sheet
 * catalog-import` (the rules read back: all or nothing). A thin face over
 * report/sheet.h; the CLI is never period-locked.
 */
#include "cli/cli.h"
#include "report/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD_SHEET_CONFLICTS 20 /* bad rows listed on stderr */

static int sheet_kind_opt(const cli_args *a, sheet_kind *k, err *e)
{
	*k = SHEET_VALUES;
	const char *v = cli_get(a, "kind");
	int rc = v ? sheet_kind_from_code(v, k, e) : 0;
	return rc ? err_prefix(e, "--kind: ") : 0;
}

static int cmd_sheet_template(const cli_args *a, err *e)
{
	const char *ucode, *per, *out;
	sheet_kind kind;
	sheet_format fmt = SHEET_XLSX;
	period p;
	int rc;
	if ((rc = cli_need(a, "unit", &ucode, e)) || (rc = cli_need(a, "period", &per, e)) ||
	    (rc = cli_need(a, "out", &out, e)) || (rc = sheet_kind_opt(a, &kind, e)))
		return rc;
	if ((rc = period_parse(per, &p, e)))
		return err_prefix(e, "--period: ");
	const char *f = cli_get(a, "format");
	if (f && (rc = sheet_format_from_code(f, &fmt, e)))
		return err_prefix(e, "--format: ");
	bool to_stdout = !strcmp(out, "-");
	if (!f) { /* CSV for "x.csv" and for the screen, else XLSX */
		size_t n = strlen(out);
		if (to_stdout || (n > 4 && !strcmp(out + n - 4, ".csv")))
			fmt = SHEET_CSV;
	}
	if (to_stdout && fmt == SHEET_XLSX)
		return err_set(e, ERR_INVALID, "--out -: chỉ ghi ra màn hình được với --format csv");
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	buf b;
	buf_init(&b, 0);
	rc = sheet_template_write(s, ucode, &p, kind, fmt, to_stdout ? NULL : out, &b, e);
	if (!rc && to_stdout)
		rc = cli_print(b.data ? b.data : "", b.len, e);
	else if (!rc)
		fprintf(stderr, "Đã ghi biểu %s ra %s.\n", kind == SHEET_TARGETS ? "kế hoạch" : "nhập số liệu", out);
	buf_free(&b);
	store_close(s);
	return rc;
}

static int cmd_sheet_import(const cli_args *a, err *e)
{
	const char *path = a->pos[0];
	sheet_import_opts o;
	memset(&o, 0, sizeof o);
	int rc = sheet_kind_opt(a, &o.kind, e);
	if (rc)
		return rc;
	o.dry_run = cli_flag(a, "dry-run");
	o.sheet = cli_get(a, "sheet");
	o.by = cli_who(a);
	o.comment = cli_get(a, "comment");
	o.reason = cli_get(a, "reason");
	if (!o.reason)
		o.reason = "nhập từ bảng tính";
	import_conflict *cf = calloc(CMD_SHEET_CONFLICTS, sizeof *cf);
	if (!cf)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	o.conflicts = cf;
	o.conflicts_max = CMD_SHEET_CONFLICTS;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e))) {
		free(cf);
		return rc;
	}
	sheet_import_result res;
	rc = sheet_import_file(s, path, &o, &res, e);
	buf b;
	buf_init(&b, 0);
	if (!rc) {
		buf_puts(&b, o.dry_run ? "Chạy thử, không ghi gì. " : "");
		buf_printf(&b, "%s '%s', %s: ", res.csv ? "Tệp" : "Sheet", res.sheet,
			   o.kind == SHEET_TARGETS ? "kế hoạch" : "số liệu");
		vn_format_num(&b, NUM_INT(res.sum.rows), 0);
		buf_puts(&b, " dòng: ");
		vn_format_num(&b, NUM_INT(res.sum.inserted), 0);
		buf_puts(&b, " thêm mới, ");
		vn_format_num(&b, NUM_INT(res.sum.updated), 0);
		buf_puts(&b, " cập nhật, ");
		vn_format_num(&b, NUM_INT(res.sum.unchanged), 0);
		buf_puts(&b, " không đổi.\n");
		rc = cli_print(b.data, b.len, e);
	} else {
		if (res.sum.conflicts > 1) {
			buf_puts(&b, "Các dòng có lỗi:\n");
			for (long i = 0; i < res.sum.conflicts && i < CMD_SHEET_CONFLICTS; i++) {
				buf_puts(&b, "  ");
				sheet_where(res.csv, res.sheet, cf[i].row, cf[i].field, &b);
				buf_printf(&b, "%s\n", cf[i].msg);
			}
			fputs(buf_cstr(&b), stderr);
		}
		err_prefix(e, "không nhập gì (không có %s nào được ghi): ",
			   o.kind == SHEET_TARGETS ? "kế hoạch" : "số liệu");
	}
	buf_free(&b);
	free(cf);
	store_close(s);
	return rc;
}

static int cmd_sheet_catalog(const cli_args *a, err *e)
{
	const char *out;
	sheet_format fmt = SHEET_XLSX;
	int rc;
	if ((rc = cli_need(a, "out", &out, e)))
		return rc;
	const char *f = cli_get(a, "format");
	if (f && (rc = sheet_format_from_code(f, &fmt, e)))
		return err_prefix(e, "--format: ");
	bool to_stdout = !strcmp(out, "-");
	if (!f) { /* CSV for "x.csv" and for the screen, else XLSX */
		size_t n = strlen(out);
		if (to_stdout || (n > 4 && !strcmp(out + n - 4, ".csv")))
			fmt = SHEET_CSV;
	}
	if (to_stdout && fmt == SHEET_XLSX)
		return err_set(e, ERR_INVALID, "--out -: chỉ ghi ra màn hình được với --format csv");
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	buf b;
	buf_init(&b, 0);
	rc = sheet_catalog_write(s, fmt, to_stdout ? NULL : out, &b, e);
	if (!rc && to_stdout)
		rc = cli_print(b.data ? b.data : "", b.len, e);
	else if (!rc)
		fprintf(stderr, "Đã ghi biểu danh mục ra %s.\n", out);
	buf_free(&b);
	store_close(s);
	return rc;
}

static int cmd_sheet_catalog_import(const cli_args *a, err *e)
{
	sheet_catalog_opts o;
	memset(&o, 0, sizeof o);
	o.dry_run = cli_flag(a, "dry-run");
	o.replace = cli_flag(a, "replace");
	import_conflict *cf = calloc(CMD_SHEET_CONFLICTS, sizeof *cf);
	if (!cf)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	o.conflicts = cf;
	o.conflicts_max = CMD_SHEET_CONFLICTS;
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc) {
		free(cf);
		return rc;
	}
	sheet_catalog_result res;
	rc = sheet_catalog_import_file(s, a->pos[0], &o, &res, e);
	buf b;
	buf_init(&b, 0);
	if (!rc) {
		static const char *const verb[] = {"", "thêm", "sửa", "xóa"};
		for (size_t i = 0; i < res.n_changes; i++) {
			const sheet_rule_change *c = &res.changes[i];
			buf_printf(&b, "  %s %s", verb[c->kind], c->code);
			if (c->row)
				buf_printf(&b, " (dòng %ld)", c->row);
			buf_putc(&b, '\n');
		}
		buf_puts(&b, o.dry_run ? "Chạy thử, không ghi gì. " : "");
		buf_printf(&b, "%s '%s', quy tắc kiểm tra: %ld dòng: %ld thêm mới, %ld cập nhật, %ld không đổi, %ld xóa.\n",
			   res.csv ? "Tệp" : "Sheet", res.sheet, res.rows, res.inserted, res.updated, res.unchanged,
			   res.deleted);
		rc = cli_print(b.data, b.len, e);
	} else {
		if (res.conflicts > 1) {
			buf_puts(&b, "Các dòng có lỗi:\n");
			for (long i = 0; i < res.conflicts && i < CMD_SHEET_CONFLICTS; i++) {
				buf_puts(&b, "  ");
				sheet_where(res.csv, res.sheet, cf[i].row, cf[i].field, &b);
				buf_printf(&b, "%s\n", cf[i].msg);
			}
			fputs(buf_cstr(&b), stderr);
		}
		err_prefix(e, "không nhập gì (không quy tắc nào được ghi): ");
	}
	buf_free(&b);
	sheet_catalog_result_free(&res);
	free(cf);
	store_close(s);
	return rc;
}

static const cli_opt template_opts[] = {
	{"unit", "MÃ", "đơn vị"},
	{"period", "KỲ", "kỳ: 202207 (tháng), 2022Q3 (quý), 2022S1, 2022N9, 2022 (năm; với targets: năm kế hoạch)"},
	{"kind", "LOẠI", "values (số liệu, mặc định) hoặc targets (kế hoạch năm)"},
	{"format", "ĐỊNH_DẠNG", "xlsx (mặc định) hoặc csv (mặc định csv khi TỆP là - hoặc kết thúc bằng .csv)"},
	{"out", "TỆP", "tệp ghi ra (.xlsx hoặc .csv); - để in CSV ra màn hình"},
	{NULL, NULL, NULL},
};

static const cli_opt import_opts_[] = {
	{"kind", "LOẠI", "values (số liệu, mặc định) hoặc targets (kế hoạch năm)"},
	{"dry-run", NULL, "kiểm tra và cho biết sẽ thay đổi gì, không ghi"},
	{"sheet", "TÊN", "sheet cần đọc (mặc định: 'Số liệu' / 'Kế hoạch', hoặc sheet duy nhất)"},
	{"by", "TÊN", "người nhập (mặc định: $CHITIEU_USER hoặc $USER)"},
	{"reason", "CHỮ", "lý do (lưu vào lịch sử của các giá trị bị sửa)"},
	{"comment", "CHỮ", "ghi chú giữ cùng các số liệu vi phạm quy tắc cảnh báo (không có thì từ chối)"},
	{NULL, NULL, NULL},
};

static const cli_opt catalog_opts[] = {
	{"format", "ĐỊNH_DẠNG", "xlsx (mặc định) hoặc csv (chỉ sheet quy tắc; mặc định csv khi TỆP là - hoặc .csv)"},
	{"out", "TỆP", "tệp ghi ra (.xlsx hoặc .csv); - để in CSV ra màn hình"},
	{NULL, NULL, NULL},
};

static const cli_opt catalog_import_opts[] = {
	{"dry-run", NULL, "kiểm tra và cho biết sẽ thay đổi gì, không ghi"},
	{"replace", NULL, "xóa các quy tắc đang có mà sheet không liệt kê (mặc định: giữ lại)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_sheet_cmds[] = {
	{"sheet", "template", 0, 0, NULL, template_opts, cmd_sheet_template,
	 "Tạo biểu Excel (hoặc CSV) để phòng ban, xã phường điền số liệu hoặc kế hoạch",
	 "Biểu số liệu: các chỉ tiêu báo cáo theo tần suất của kỳ (kỳ tháng: chỉ tiêu hằng tháng), đơn vị tính,\n"
	 "số cùng kỳ năm trước để đối chiếu (cột xám), cột \"Số liệu\" (cột E, dòng tiêu đề là dòng 6) và cột\n"
	 "\"Ước tính\" (ghi x). Biểu kế hoạch: mọi chỉ tiêu, kế hoạch đã có của năm (sửa trực tiếp), kế hoạch\n"
	 "năm trước để đối chiếu. Mã đơn vị và kỳ nằm ở các cột ẩn của từng dòng.\n\n"
	 "Ví dụ:\n"
	 "  chitieu sheet template --unit 01837 --period 202207 --out song-cau-thang-7.xlsx\n"
	 "  chitieu sheet template --unit 058 --period 2023 --kind targets --out ke-hoach-2023.xlsx"},
	{"sheet", "import", 1, 1, "TỆP.xlsx|TỆP.csv", import_opts_, cmd_sheet_import,
	 "Nhập số liệu (hoặc kế hoạch) từ biểu Excel/CSV: tất cả hoặc không gì cả",
	 "Đọc biểu do `chitieu sheet template` tạo, hoặc bất kỳ sheet nào có một dòng tiêu đề gồm các cột\n"
	 "Mã chỉ tiêu, Mã đơn vị, Kỳ, Số liệu (tiếng Anh: indicator, unit, period, value; kế hoạch: indicator,\n"
	 "unit, year, value, kind, source, baseline, total, note). Số là số của Excel hoặc chữ kiểu Việt Nam\n"
	 "(\"1.739,5\"); công thức trong cột số liệu bị từ chối. Dòng để trống cột số liệu được bỏ qua. Một ô\n"
	 "sai thì không ghi gì, và lỗi nêu rõ sheet, ô và lý do. Nhập lại cùng tệp không thay đổi gì."},
	{"sheet", "catalog", 0, 0, NULL, catalog_opts, cmd_sheet_catalog,
	 "Tạo biểu danh mục (Excel): các quy tắc kiểm tra giữa các chỉ tiêu, để sửa rồi nhập lại",
	 "Sheet \"Quy tắc kiểm tra\": Mã quy tắc, Tên, Vế trái, Phép so sánh, Vế phải, Mức độ (lỗi / cảnh báo),\n"
	 "mỗi quy tắc một dòng (tiêu đề ở dòng 4). Sheet \"Chỉ tiêu\" (chỉ đọc): mã, tên, đơn vị tính, kỳ báo\n"
	 "cáo của mọi chỉ tiêu, để tra mã khi viết biểu thức. CSV: chỉ sheet quy tắc.\n\n"
	 "Ví dụ:\n"
	 "  chitieu sheet catalog --out danh-muc.xlsx\n"
	 "  chitieu sheet catalog-import danh-muc.xlsx --dry-run"},
	{"sheet", "catalog-import", 1, 1, "TỆP.xlsx|TỆP.csv", catalog_import_opts, cmd_sheet_catalog_import,
	 "Nhập biểu danh mục: các quy tắc kiểm tra thành đúng như sheet ghi (tất cả hoặc không gì cả)",
	 "Đọc sheet \"Quy tắc kiểm tra\" (hoặc CSV có các cột Mã quy tắc, Tên, Vế trái, Phép so sánh, Vế phải,\n"
	 "Mức độ; tiếng Anh: code, name, left, op, right, importance). Mã mới được thêm, quy tắc đã có được\n"
	 "sửa khi khác; quy tắc không có trong sheet được giữ, trừ khi có --replace. Mức độ để trống: giữ\n"
	 "mức của quy tắc đã có, hoặc lỗi. Một dòng sai (thiếu mã, mã lặp, phép so sánh lạ, chỉ tiêu không\n"
	 "có, hai kỳ báo cáo khác nhau...) thì không ghi gì, và lỗi nêu sheet, ô và mã quy tắc."},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
