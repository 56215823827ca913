/*
 * cmd_value.c - `chitieu value set|get|list|delete|history` (one value at a
 * time, every change audited) and `chitieu import` / `chitieu export` (CSV,
 * all or nothing).
 */
#include "cli/cli.h"
#include "core/dvs_export.h"
#include "cli/progress.h"
#include "core/import.h"
#include "util/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* --indicator, --unit, --period into the key fields of v and *p. */
static int value_key(const cli_args *a, value *v, err *e)
{
	const char *ind, *ucode, *per;
	int rc;
	if ((rc = cli_need(a, "indicator", &ind, e)) || (rc = cli_need(a, "unit", &ucode, e)) ||
	    (rc = cli_need(a, "period", &per, e)) ||
	    (rc = model_set_text(v->indicator_code, sizeof v->indicator_code, ind, "indicator", e)) ||
	    (rc = model_set_text(v->unit_code, sizeof v->unit_code, ucode, "unit", e)))
		return rc;
	if ((rc = period_parse(per, &v->period, e)))
		err_prefix(e, "--period: ");
	return rc;
}

static int fmt_time(buf *b, int64_t t)
{
	cdate d = cdate_from_unix_vn(t);
	int64_t sec = ((t + 7 * 3600) % 86400 + 86400) % 86400;
	int rc = vn_format_date(b, d);
	if (!rc)
		rc = buf_printf(b, " %02d:%02d", (int)(sec / 3600), (int)(sec / 60 % 60));
	return rc;
}

/*
 * After a value of a unit whose figure of the indicator is its units'
 * aggregate (core/source.h): the value is kept as the unit's own figure,
 * shown beside the aggregate, and changes no figure. Say so, and how to make
 * it count or remove it.
 */
static void warn_if_aggregated(store *s, const value *v)
{
	fig_source used, set;
	err e2;
	if (store_source_of(s, v->indicator_code, v->unit_code, &used, &set, &e2) || used != FIG_AGGREGATED)
		return;
	fprintf(stderr,
		"Lưu ý: số của chỉ tiêu %s tại %s là tổng hợp từ các đơn vị trực thuộc. Số vừa nhập được giữ là"
		" số riêng của đơn vị, hiện bên cạnh số tổng hợp kèm chênh lệch, không dùng để đánh giá. Để dùng"
		" số riêng: `chitieu source set --indicator %s --unit %s --source own`; nếu nhập nhầm: "
		"`chitieu value delete`.\n",
		v->indicator_code, v->unit_code, v->indicator_code, v->unit_code);
}

static int cmd_value_set(const cli_args *a, err *e)
{
	value v;
	memset(&v, 0, sizeof v);
	int rc = value_key(a, &v, e);
	const char *num;
	if (rc || (rc = cli_need(a, "value", &num, e)))
		return rc;
	if ((rc = vn_parse_num(num, &v.amount, e)))
		return err_prefix(e, "--value: ");
	v.estimate = cli_flag(a, "estimate");
	if ((rc = model_set_text(v.by, sizeof v.by, cli_who(a), "by", e)))
		return rc;
	if (cli_get(a, "comment") &&
	    (rc = model_set_text(v.comment, sizeof v.comment, cli_get(a, "comment"), "--comment", e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	store_change ch = STORE_UNCHANGED;
	rc = store_value_put(s, &v, cli_get(a, "reason"), &ch, e);
	if (!rc) {
		buf b;
		buf_init(&b, 1024);
		vn_format_num(&b, v.amount, -1);
		buf_puts(&b, " (");
		period_format_label(&b, &v.period);
		buf_puts(&b, v.estimate ? ", ước tính)" : ", chính thức)");
		const char *what = ch == STORE_INSERTED ? "Đã nhập" : ch == STORE_UPDATED ? "Đã sửa (giá trị cũ lưu ở lịch sử)" : "Không đổi";
		printf("%s: %s / %s = %s\n", what, v.indicator_code, v.unit_code, buf_cstr(&b));
		buf_free(&b);
		if (ch == STORE_INSERTED)
			warn_if_aggregated(s, &v);
	}
	store_close(s);
	return rc;
}

static int cmd_value_get(const cli_args *a, err *e)
{
	value k, v;
	memset(&k, 0, sizeof k);
	int rc = value_key(a, &k, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	rc = store_value_get(s, k.indicator_code, k.unit_code, &k.period, &v, e);
	if (!rc) {
		buf b;
		buf_init(&b, 1024);
		vn_format_num(&b, v.amount, -1);
		buf_printf(&b, "\t%s\t", v.estimate ? "ước tính" : "chính thức");
		buf_printf(&b, "%s\t", v.by);
		fmt_time(&b, v.at);
		if (v.comment[0])
			buf_printf(&b, "\tghi chú: %s", v.comment);
		buf_putc(&b, '\n');
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	store_close(s);
	return rc;
}

static int cmd_value_delete(const cli_args *a, err *e)
{
	value k;
	memset(&k, 0, sizeof k);
	int rc = value_key(a, &k, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	rc = store_value_delete(s, k.indicator_code, k.unit_code, &k.period, cli_who(a), cli_get(a, "reason"), e);
	if (!rc)
		printf("Đã xóa %s / %s / %s (giá trị cũ lưu ở lịch sử).\n", k.indicator_code, k.unit_code,
		       cli_get(a, "period"));
	store_close(s);
	return rc;
}

static int cmd_value_history(const cli_args *a, err *e)
{
	value k;
	memset(&k, 0, sizeof k);
	int rc = value_key(a, &k, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	value_audit *h = NULL;
	size_t n = 0;
	value cur;
	err e2;
	bool has_cur = store_value_get(s, k.indicator_code, k.unit_code, &k.period, &cur, &e2) == 0;
	rc = store_value_history(s, k.indicator_code, k.unit_code, &k.period, &h, &n, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		text_pad(&b, "Thời điểm", 18, false);
		text_pad(&b, "Người sửa", 14, false);
		text_pad(&b, "Giá trị cũ", 20, true);
		text_pad(&b, "Giá trị mới", 20, true);
		buf_puts(&b, "  Lý do\n");
		for (size_t i = 0; i < n; i++) {
			buf o, nw, t;
			buf_init(&o, 256);
			buf_init(&nw, 256);
			buf_init(&t, 256);
			if (h[i].had_old) {
				vn_format_num(&o, h[i].old_amount, -1);
				buf_puts(&o, h[i].old_estimate ? " (ước)" : "");
			} else {
				buf_puts(&o, "-");
			}
			if (h[i].has_new) {
				vn_format_num(&nw, h[i].new_amount, -1);
				buf_puts(&nw, h[i].new_estimate ? " (ước)" : "");
			} else {
				buf_puts(&nw, "(đã xóa)");
			}
			fmt_time(&t, h[i].at);
			text_pad(&b, buf_cstr(&t), 18, false);
			text_pad(&b, h[i].by, 14, false);
			text_pad(&b, buf_cstr(&o), 20, true);
			text_pad(&b, buf_cstr(&nw), 20, true);
			buf_printf(&b, "  %s\n", h[i].reason);
			buf_free(&o);
			buf_free(&nw);
			buf_free(&t);
		}
		if (has_cur) {
			buf_puts(&b, "Hiện tại: ");
			vn_format_num(&b, cur.amount, -1);
			buf_printf(&b, " (%s, nhập bởi %s lúc ", cur.estimate ? "ước tính" : "chính thức", cur.by);
			fmt_time(&b, cur.at);
			buf_puts(&b, ")\n");
		} else {
			buf_puts(&b, "Hiện tại: chưa có số liệu\n");
		}
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(h);
	store_close(s);
	return rc;
}

typedef struct list_ctx {
	buf *b;
	long n;
} list_ctx;

static int list_one(void *ctx, const value *v)
{
	list_ctx *c = ctx;
	text_pad(c->b, v->indicator_code, 10, false);
	text_pad(c->b, v->unit_code, 9, false);
	buf code;
	buf_init(&code, 64);
	period_format_code(&code, &v->period);
	text_pad(c->b, buf_cstr(&code), 9, false);
	buf_reset(&code);
	vn_format_num(&code, v->amount, -1);
	text_pad(c->b, buf_cstr(&code), 16, true);
	buf_printf(c->b, "  %s\n", v->estimate ? "ước" : "");
	buf_free(&code);
	c->n++;
	if (c->b->len > 1 << 20) { /* flush big listings as we go */
		fwrite(c->b->data, 1, c->b->len, stdout);
		buf_reset(c->b);
	}
	return 0;
}

static int year_range(const cli_args *a, int *from, int *to, err *e)
{
	int y = 0;
	int rc = cli_int(a, "year", 1900, 9999, &y, e);
	*from = *to = y;
	return rc;
}

static int cmd_value_list(const cli_args *a, err *e)
{
	store_value_filter f = {cli_get(a, "indicator"), cli_get(a, "unit"), 0, 0};
	int rc = year_range(a, &f.year_from, &f.year_to, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	buf b;
	buf_init(&b, 0);
	list_ctx c = {&b, 0};
	text_pad(&b, "Chỉ tiêu", 10, false);
	text_pad(&b, "Đơn vị", 9, false);
	text_pad(&b, "Kỳ", 9, false);
	text_pad(&b, "Giá trị", 16, true);
	buf_putc(&b, '\n');
	rc = store_value_each(s, &f, list_one, &c, e);
	if (!rc) {
		buf_printf(&b, "(%ld số liệu)\n", c.n);
		rc = cli_print(b.data, b.len, e);
	}
	buf_free(&b);
	store_close(s);
	return rc;
}

static void import_progress(void *ctx, long rows, long bytes, long total)
{
	(void)rows;
	progress_update(ctx, bytes, total);
}

#define IMPORT_LIST_MAX 50

/* The bad rows of a refused import, one line each, to stderr (the first is
 * also the command's error). */
static void list_bad_rows(const import_checks *chk, size_t n)
{
	fprintf(stderr, "Các dòng lỗi (%zu%s):\n", n, n == chk->conflicts_max ? " đầu tiên" : "");
	for (size_t i = 0; i < n; i++) {
		const import_conflict *k = &chk->conflicts[i];
		bool said = !k->object[0] || strstr(k->msg, k->object); /* the message quotes the cell */
		fprintf(stderr, "  dòng %ld%s%s: %s%s%s%s\n", k->row, k->field[0] ? ", cột " : "",
			k->field, k->msg, said ? "" : " (\"", said ? "" : k->object, said ? "" : "\")");
	}
}

static int cmd_import(const cli_args *a, err *e)
{
	const char *path = a->pos[0];
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return err_set(e, ERR_IO, "không mở được tệp %s (%s)", path, strerror(errno));
	struct stat st;
	long total = (f != stdin && fstat(fileno(f), &st) == 0) ? (long)st.st_size : 0;
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (!rc) {
		progress p;
		progress_init(&p, "Nhập số liệu");
		import_opts o = {.dry_run = cli_flag(a, "dry-run"), .by = cli_who(a), .reason = cli_get(a, "reason"),
				 .comment = cli_get(a, "comment"), .progress = import_progress, .progress_ctx = &p};
		import_summary sum = {0};
		/* every bad row is listed, not only the first (up to IMPORT_LIST_MAX) */
		import_conflict *bad = calloc(IMPORT_LIST_MAX, sizeof *bad);
		import_checks chk = {.conflicts = bad, .conflicts_max = bad ? IMPORT_LIST_MAX : 0};
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = import_values_csv_checked(s, f, f == stdin ? "stdin" : path, total, &o, &chk, &sum,
					       e);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		progress_done(&p);
		if (!rc) {
			double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			buf b;
			buf_init(&b, 4096);
			buf_puts(&b, o.dry_run ? "Chạy thử, không ghi gì. " : "");
			vn_format_num(&b, NUM_INT(sum.rows), 0);
			buf_puts(&b, " dòng: ");
			vn_format_num(&b, NUM_INT(sum.inserted), 0);
			buf_puts(&b, " thêm mới, ");
			vn_format_num(&b, NUM_INT(sum.updated), 0);
			buf_puts(&b, " cập nhật, ");
			vn_format_num(&b, NUM_INT(sum.unchanged), 0);
			buf_puts(&b, " không đổi (");
			vn_format_double(&b, secs, 2);
			buf_puts(&b, " giây).\n");
			fputs(buf_cstr(&b), stdout);
			buf_free(&b);
		} else {
			if (sum.conflicts > 1)
				list_bad_rows(&chk, (size_t)sum.conflicts);
			err_prefix(e, "không nhập gì (không có số liệu nào được ghi): ");
		}
		free(bad);
		store_close(s);
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

static int cmd_export(const cli_args *a, err *e)
{
	export_filter f = {cli_get(a, "indicator"), cli_get(a, "unit"), 0, 0};
	const char *fs = cli_get(a, "format");
	int fmt = -1; /* chitieu's own CSV */
	if (fs && strcmp(fs, "chitieu") && (fmt = dvs_format_parse(fs)) < 0)
		return err_set(e, ERR_INVALID,
			       "--format phải là chitieu, dhis2-json, dhis2-csv, adx, sdmx-csv hoặc sdmx-csv-2.1 (nhận: %s)", fs);
	if (fmt < 0 && (cli_get(a, "period") || cli_get(a, "id-scheme")))
		return err_set(e, ERR_INVALID, "--period và --id-scheme chỉ dùng với --format dhis2-json, dhis2-csv hoặc adx");
	int rc = year_range(a, &f.year_from, &f.year_to, e);
	if (rc)
		return rc;
	const char *path = a->n_pos ? a->pos[0] : "-";
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	unit u;
	indicator ind;
	if ((f.unit_code && (rc = store_unit_get(s, f.unit_code, &u, e))) ||
	    (f.indicator_code && (rc = store_indicator_get(s, f.indicator_code, &ind, e)))) {
		store_close(s);
		return rc;
	}
	FILE *out = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	if (!out) {
		store_close(s);
		return err_set(e, ERR_IO, "không tạo được tệp %s", path);
	}
	long rows = 0;
	rc = fmt < 0 ? export_values_csv(s, out, &f, &rows, e) : cli_export_dhis2(a, s, out, fmt, &rows, e);
	if (out != stdout) {
		if (fclose(out) && !rc)
			rc = err_set(e, ERR_IO, "không ghi được tệp %s", path);
		if (!rc) {
			buf nb;
			buf_init(&nb, 0);
			vn_format_num(&nb, NUM_INT(rows), 0); /* 6.006: written the Vietnamese way */
			fprintf(stderr, "Đã xuất %s số liệu ra %s.\n", buf_failed(&nb) ? "?" : buf_cstr(&nb), path);
			buf_free(&nb);
		}
	} else if (fflush(stdout) && !rc) {
		rc = err_set(e, ERR_IO, "không ghi được ra đầu ra chuẩn");
	}
	store_close(s);
	return rc;
}

static const cli_opt set_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"period", "KỲ", "kỳ: 202206 (tháng), 2022Q2 (quý), 2022S1 (6 tháng), 2022 (năm)"},
	{"value", "SỐ", "giá trị, viết kiểu Việt Nam: 1.739,5"},
	{"estimate", NULL, "đánh dấu là số ước tính (mặc định: chính thức)"},
	{"by", "TÊN", "người nhập (mặc định: $CHITIEU_USER hoặc $USER)"},
	{"reason", "CHỮ", "lý do sửa (lưu vào lịch sử)"},
	{"comment", "CHỮ", "ghi chú giữ cùng số liệu (giải thích số liệu vi phạm quy tắc cảnh báo)"},
	{NULL, NULL, NULL},
};
static const cli_opt key_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"period", "KỲ", "kỳ (202206, 2022Q2, 2022S1, 2022)"},
	{NULL, NULL, NULL},
};
static const cli_opt del_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"period", "KỲ", "kỳ"},
	{"by", "TÊN", "người xóa"},
	{"reason", "CHỮ", "lý do xóa"},
	{NULL, NULL, NULL},
};
static const cli_opt filter_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"year", "NĂM", "năm"},
	{NULL, NULL, NULL},
};
static const cli_opt export_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"year", "NĂM", "năm"},
	{"period", "KỲ", "kỳ (202206, 2022Q2...; chỉ với --format DHIS2)"},
	{"format", "DẠNG", "chitieu (mặc định), dhis2-json, dhis2-csv, adx, sdmx-csv, sdmx-csv-2.1"},
	{"id-scheme", "KIỂU", "UID (mặc định), CODE hoặc NAME: mã DHIS2 theo bảng ánh xạ (chitieu mapping)"},
	{NULL, NULL, NULL},
};
static const cli_opt import_opts_[] = {
	{"dry-run", NULL, "kiểm tra và cho biết sẽ thay đổi gì, không ghi"},
	{"by", "TÊN", "người nhập"},
	{"reason", "CHỮ", "lý do (lưu vào lịch sử của các giá trị bị sửa)"},
	{"comment", "CHỮ", "ghi chú giữ cùng các số liệu vi phạm quy tắc cảnh báo (không có thì từ chối)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_value_cmds[] = {
	{"value", "set", 0, 0, NULL, set_opts, cmd_value_set, "Nhập hoặc sửa một số liệu (mọi thay đổi được lưu lịch sử)", NULL},
	{"value", "get", 0, 0, NULL, key_opts, cmd_value_get, "Xem một số liệu", NULL},
	{"value", "list", 0, 0, NULL, filter_opts, cmd_value_list, "Liệt kê số liệu", NULL},
	{"value", "delete", 0, 0, NULL, del_opts, cmd_value_delete, "Xóa một số liệu (giá trị cũ lưu ở lịch sử)", NULL},
	{"value", "history", 0, 0, NULL, key_opts, cmd_value_history, "Lịch sử thay đổi của một số liệu", NULL},
	{"import", NULL, 1, 1, "TỆP.csv", import_opts_, cmd_import, "Nhập số liệu từ tệp CSV: tất cả hoặc không gì cả",
	 "Tệp có dòng tiêu đề: indicator,unit,period,value[,estimate][,by]\n"
	 "(hoặc chi_tieu,don_vi,ky,gia_tri,uoc_tinh,nguoi_nhap); phân cách bằng , ; hoặc tab.\n"
	 "Số viết kiểu Việt Nam (\"1.739,5\"). Một dòng sai thì không ghi gì, và lỗi nêu rõ tệp, dòng, cột.\n"
	 "TỆP là - để đọc từ đầu vào chuẩn."},
	{"export", NULL, 0, 1, "[TỆP]", export_opts, cmd_export, "Xuất số liệu ra CSV, hoặc như DHIS2 (JSON, CSV, ADX) (mặc định ra màn hình)",
	 "--format chitieu (mặc định): CSV của chitieu, số kiểu Việt Nam.\n"
	 "--format dhis2-json | dhis2-csv | adx: như GET /api/dataValueSets (số có dấu chấm thập phân;\n"
	 "ADX với kỳ ISO 8601 như 2022-06-01/P1M). Chỉ tiêu và đơn vị có trong bảng ánh xạ\n"
	 "(chitieu mapping) được viết bằng mã DHIS2 (--id-scheme UID, CODE, NAME) kèm categoryOptionCombo.\n"
	 "--format sdmx-csv | sdmx-csv-2.1: SDMX-CSV của SDMX 3.0 (STRUCTURE, STRUCTURE_ID, ACTION) hoặc 2.1\n"
	 "(DATAFLOW), chiều INDICATOR, REF_AREA, TIME_PERIOD (2022-M06 / 2022-06, 2022-Q2, 2022) và OBS_VALUE."},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
