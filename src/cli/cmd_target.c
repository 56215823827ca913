/*
 * cmd_target.c - `chitieu target list|set|delete`: the annual and term
 * targets of an indicator for a unit, with their kind ("at least", "reduce
 * to", "X of Y"...) and source (assigned by the province or the unit's own).
 */
#include "cli/cli.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --year 2022 or --term 2021-2025 into t->year_from/year_to. */
static int opt_years(const cli_args *a, target *t, err *e)
{
	const char *y = cli_get(a, "year"), *term = cli_get(a, "term");
	if (y && term)
		return err_set(e, ERR_INVALID, "chỉ dùng một trong --year và --term");
	if (y) {
		int rc = cli_int(a, "year", 1900, 9999, &t->year_from, e);
		t->year_to = t->year_from;
		return rc;
	}
	if (term) {
		int f, to;
		char tail;
		if (sscanf(term, "%d-%d%c", &f, &to, &tail) != 2 || f < 1900 || to > 9999 || f >= to)
			return err_set(e, ERR_INVALID, "--term \"%s\": viết năm đầu-năm cuối, ví dụ 2021-2025 "
					       "(một năm thì dùng --year)", term);
		t->year_from = f;
		t->year_to = to;
		return 0;
	}
	return err_set(e, ERR_INVALID, "thiếu --year NĂM (hoặc --term 2021-2025)");
}

static int opt_num(const cli_args *a, const char *name, num_t *out, bool *given, err *e)
{
	const char *v = cli_get(a, name);
	if (given)
		*given = v != NULL;
	if (!v)
		return 0;
	int rc = vn_parse_num(v, out, e);
	if (rc)
		err_prefix(e, "--%s: ", name);
	return rc;
}

static int target_key_from_opts(const cli_args *a, target *t, err *e)
{
	const char *ind, *ucode, *src;
	int rc;
	if ((rc = cli_need(a, "indicator", &ind, e)) || (rc = cli_need(a, "unit", &ucode, e)) ||
	    (rc = model_set_text(t->indicator_code, sizeof t->indicator_code, ind, "indicator", e)) ||
	    (rc = model_set_text(t->unit_code, sizeof t->unit_code, ucode, "unit", e)) ||
	    (rc = opt_years(a, t, e)))
		return rc;
	t->source = TGT_SRC_OWN;
	if ((src = cli_get(a, "source")) && (rc = target_source_from_code(src, &t->source, e)))
		return rc;
	return 0;
}

static int cmd_target_set(const cli_args *a, err *e)
{
	target t;
	memset(&t, 0, sizeof t);
	int rc = target_key_from_opts(a, &t, e);
	if (rc)
		return rc;
	t.kind = TGT_AT_LEAST;
	const char *k = cli_get(a, "kind"), *note = cli_get(a, "note");
	bool has_val;
	if ((k && (rc = target_kind_from_code(k, &t.kind, e))) ||
	    (rc = opt_num(a, "value", &t.value, &has_val, e)) ||
	    (rc = opt_num(a, "baseline", &t.baseline, &t.has_baseline, e)) ||
	    (rc = opt_num(a, "total", &t.total, NULL, e)) ||
	    (note && (rc = model_set_text(t.note, sizeof t.note, note, "note", e))))
		return rc;
	if (!has_val)
		return err_set(e, ERR_INVALID, "thiếu tùy chọn --value");
	if ((rc = target_check(&t, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	rc = store_target_put(s, &t, e);
	if (!rc) {
		buf b;
		buf_init(&b, 1024);
		vn_format_num(&b, t.value, -1);
		printf("Đã lưu chỉ tiêu kế hoạch %s / %s / %d%s%.0d (%s, %s): %s\n", t.indicator_code, t.unit_code,
		       t.year_from, t.year_to != t.year_from ? "-" : "", t.year_to != t.year_from ? t.year_to : 0,
		       target_kind_code(t.kind), target_source_label(t.source), buf_cstr(&b));
		buf_free(&b);
	}
	store_close(s);
	return rc;
}

static int cmd_target_delete(const cli_args *a, err *e)
{
	target t;
	memset(&t, 0, sizeof t);
	int rc = target_key_from_opts(a, &t, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	rc = store_target_delete(s, &t, e);
	if (!rc)
		printf("Đã xóa chỉ tiêu kế hoạch %s / %s / %d.\n", t.indicator_code, t.unit_code, t.year_from);
	store_close(s);
	return rc;
}

static int cmd_target_list(const cli_args *a, err *e)
{
	int year = 0;
	int rc = cli_int(a, "year", 1900, 9999, &year, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	target *t = NULL;
	size_t n = 0;
	rc = store_target_list(s, cli_get(a, "indicator"), cli_get(a, "unit"), year, &t, &n, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		text_pad(&b, "Chỉ tiêu", 10, false);
		text_pad(&b, "Đơn vị", 9, false);
		text_pad(&b, "Năm", 11, false);
		text_pad(&b, "Loại", 11, false);
		text_pad(&b, "Nguồn", 11, false);
		text_pad(&b, "Kế hoạch", 14, true);
		buf_puts(&b, "  Gốc\n");
		for (size_t i = 0; i < n; i++) {
			char yr[24];
			if (t[i].year_from == t[i].year_to)
				snprintf(yr, sizeof yr, "%d", t[i].year_from);
			else
				snprintf(yr, sizeof yr, "%d-%d", t[i].year_from, t[i].year_to);
			buf v;
			buf_init(&v, 256);
			vn_format_num(&v, t[i].value, -1);
			if (t[i].kind == TGT_CHANGE_PCT)
				buf_puts(&v, "%");
			text_pad(&b, t[i].indicator_code, 10, false);
			text_pad(&b, t[i].unit_code, 9, false);
			text_pad(&b, yr, 11, false);
			text_pad(&b, target_kind_code(t[i].kind), 11, false);
			text_pad(&b, target_source_label(t[i].source), 11, false);
			text_pad(&b, buf_cstr(&v), 14, true);
			if (t[i].has_baseline) {
				buf_puts(&b, "  ");
				vn_format_num(&b, t[i].baseline, -1);
			}
			buf_putc(&b, '\n');
			buf_free(&v);
		}
		buf_printf(&b, "(%zu chỉ tiêu kế hoạch)\n", n);
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(t);
	store_close(s);
	return rc;
}

static void fmt_target(buf *b, const target *t)
{
	vn_format_num(b, t->value, -1);
	if (t->kind == TGT_CHANGE_PCT)
		buf_puts(b, "%");
	buf_printf(b, " (%s", target_kind_code(t->kind));
	if (t->has_baseline) {
		buf_puts(b, ", gốc ");
		vn_format_num(b, t->baseline, -1);
	}
	buf_puts(b, ")");
}

static int cmd_target_history(const cli_args *a, err *e)
{
	target k;
	memset(&k, 0, sizeof k);
	int rc = target_key_from_opts(a, &k, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	target_audit *h = NULL;
	size_t n = 0;
	rc = store_target_history(s, k.indicator_code, k.unit_code, k.year_from, k.year_to, &h, &n, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		for (size_t i = 0; i < n; i++) {
			cdate d = cdate_from_unix_vn(h[i].at);
			vn_format_date(&b, d);
			buf_printf(&b, "  %-12s %-10s ", h[i].by, target_source_label(h[i].old_target.source));
			fmt_target(&b, &h[i].old_target);
			buf_puts(&b, "  ->  ");
			if (h[i].has_new)
				fmt_target(&b, &h[i].new_target);
			else
				buf_puts(&b, "(đã xóa)");
			buf_putc(&b, '\n');
		}
		buf_printf(&b, "(%zu thay đổi)\n", n);
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(h);
	store_close(s);
	return rc;
}

static const cli_opt list_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"year", "NĂM", "các chỉ tiêu kế hoạch áp dụng cho năm này (kể cả nhiệm kỳ)"},
	{NULL, NULL, NULL},
};
static const cli_opt set_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"year", "NĂM", "chỉ tiêu năm"},
	{"term", "NĂM-NĂM", "chỉ tiêu nhiệm kỳ, ví dụ 2021-2025"},
	{"kind", "LOẠI", "at_least (đạt ít nhất) | at_most (không quá) | reduce_to (giảm còn) | change_pct (tăng/giảm % so năm trước) | x_of_y; chỉ nhiệm kỳ: growth_avg (tăng bình quân %/năm) | points_per_year (điểm %/năm, giảm thì âm) | term_total (tổng cả nhiệm kỳ)"},
	{"value", "SỐ", "con số kế hoạch, viết kiểu Việt Nam (3.439; 1,53)"},
	{"baseline", "SỐ", "reduce_to: mức xuất phát"},
	{"total", "SỐ", "x_of_y: tổng số (\"trên Y\")"},
	{"source", "NGUỒN", "assigned (tỉnh giao) | own (phấn đấu, mặc định)"},
	{"note", "CHỮ", "ghi chú"},
	{"by", "TÊN", "người sửa, lưu vào lịch sử (mặc định: $CHITIEU_USER hoặc $USER)"},
	{NULL, NULL, NULL},
};
static const cli_opt del_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"year", "NĂM", "năm"},
	{"term", "NĂM-NĂM", "nhiệm kỳ"},
	{"source", "NGUỒN", "assigned | own (mặc định)"},
	{"by", "TÊN", "người xóa, lưu vào lịch sử"},
	{NULL, NULL, NULL},
};
/* history only reads: the key of delete, without --by */
static const cli_opt hist_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{"year", "NĂM", "năm"},
	{"term", "NĂM-NĂM", "nhiệm kỳ"},
	{"source", "NGUỒN", "assigned | own (mặc định)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_target_cmds[] = {
	{"target", "list", 0, 0, NULL, list_opts, cmd_target_list, "Liệt kê chỉ tiêu kế hoạch", NULL},
	{"target", "set", 0, 0, NULL, set_opts, cmd_target_set, "Đặt (thêm hoặc sửa) chỉ tiêu kế hoạch",
	 "Ví dụ: chitieu target set --indicator KT01 --unit 058 --year 2022 --value 3.439\n"
	 "       chitieu target set --indicator VX04 --unit 058 --year 2021 --kind reduce_to --value 1,53 --baseline 1,78"},
	{"target", "delete", 0, 0, NULL, del_opts, cmd_target_delete, "Xóa chỉ tiêu kế hoạch", NULL},
	{"target", "history", 0, 0, NULL, hist_opts, cmd_target_history,
	 "Lịch sử thay đổi của chỉ tiêu kế hoạch (ai sửa, khi nào, từ bao nhiêu thành bao nhiêu)", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
