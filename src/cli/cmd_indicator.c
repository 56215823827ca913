/*
 * cmd_indicator.c - `chitieu indicator list|show|add|update`: the catalogue
 * of indicators (what is measured, in what unit, how it adds up over the
 * year and over units, who owns it).
 */
#include "cli/cli.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

static int cmd_ind_list(const cli_args *a, err *e)
{
	ind_sector filter = 0;
	const char *sv = cli_get(a, "sector");
	int rc = 0;
	if (sv && (rc = sector_from_code(sv, &filter, e)))
		return rc;
	const char *search = cli_get(a, "search");
	buf key;
	buf_init(&key, 4096);
	if (search)
		text_key(&key, search);
	store *s = NULL;
	if ((rc = cli_open(a, &s, e))) {
		buf_free(&key);
		return rc;
	}
	indicator *ind = NULL;
	size_t n = 0;
	rc = store_indicator_list(s, &ind, &n, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		text_pad(&b, "Mã", 10, false);
		text_pad(&b, "Tên chỉ tiêu", 52, false);
		text_pad(&b, "ĐVT", 14, false);
		text_pad(&b, "Loại", 7, false);
		text_pad(&b, "Kỳ", 8, false);
		buf_puts(&b, "Cơ quan\n");
		size_t shown = 0;
		ind_sector cur = 0;
		for (size_t i = 0; i < n; i++) {
			if (filter && ind[i].sector != filter)
				continue;
			if (search) {
				buf k;
				buf_init(&k, 4096);
				text_key(&k, ind[i].name_vi);
				bool hit = strstr(buf_cstr(&k), buf_cstr(&key)) != NULL;
				buf_reset(&k);
				text_key(&k, ind[i].code);
				hit = hit || strstr(buf_cstr(&k), buf_cstr(&key)) != NULL;
				buf_reset(&k);
				text_key(&k, ind[i].synonyms);
				hit = hit || strstr(buf_cstr(&k), buf_cstr(&key)) != NULL;
				buf_free(&k);
				if (!hit)
					continue;
			}
			if (ind[i].sector != cur) {
				cur = ind[i].sector;
				buf_printf(&b, "-- %s --\n", sector_label(cur));
			}
			text_pad(&b, ind[i].code, 10, false);
			text_pad(&b, ind[i].name_vi, 52, false);
			text_pad(&b, ind[i].uom, 14, false);
			text_pad(&b, ind_kind_code(ind[i].kind), 7, false);
			text_pad(&b, freq_code(ind[i].freq), 8, false);
			buf_printf(&b, "%s\n", ind[i].agency_code);
			shown++;
		}
		buf_printf(&b, "(%zu chỉ tiêu)\n", shown);
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(ind);
	buf_free(&key);
	store_close(s);
	return rc;
}

static int cmd_ind_show(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	indicator d;
	rc = store_indicator_get(s, a->pos[0], &d, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		buf_printf(&b,
			   "Mã:            %s\nTên:           %s\nTên tiếng Anh: %s\nĐơn vị tính:   %s (10^%d, %d chữ số thập phân)\n"
			   "Lĩnh vực:      %s\nLoại:          %s\nChiều tốt:     %s\nTổng hợp:      %s\n"
			   "Kỳ báo cáo:    %s\nCơ quan:       %s\n",
			   d.code, d.name_vi, d.name_en, d.uom, d.uom_scale, d.decimals, sector_label(d.sector),
			   ind_kind_code(d.kind), d.direction == DIR_HIGHER ? "càng cao càng tốt (higher)" : "càng thấp càng tốt (lower)",
			   rollup_code(d.rollup), freq_code(d.freq), d.agency_code[0] ? d.agency_code : "-");
		if (d.kind == IND_RATIO)
			buf_printf(&b, "Tỷ lệ:         %s / %s × %d\n", d.numerator, d.denominator, d.ratio_scale);
		if (d.rollup == ROLLUP_WAVG)
			buf_printf(&b, "Trọng số:      %s\n", d.weight);
		if (d.synonyms[0])
			buf_printf(&b, "Tên gọi khác:  %s\n", d.synonyms);
		buf_printf(&b, "Giá trị nhận:  %s", value_type_label(d.value_type));
		if (d.has_min) {
			buf_puts(&b, ", từ ");
			vn_format_num(&b, d.min, -1);
		} else if (d.kind != IND_RATIO) {
			buf_puts(&b, ", không âm");
		}
		if (d.has_max) {
			buf_puts(&b, ", đến ");
			vn_format_num(&b, d.max, -1);
		}
		buf_puts(&b, "\n");
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	store_close(s);
	return rc;
}

static int ind_from_opts(const cli_args *a, indicator *d, err *e)
{
	const char *v;
	int rc = 0;
#define TEXT(opt, field) \
	if ((v = cli_get(a, opt)) && (rc = model_set_text(d->field, sizeof d->field, v, opt, e))) \
		return rc;
	TEXT("code", code)
	TEXT("name", name_vi)
	TEXT("name-en", name_en)
	TEXT("synonyms", synonyms)
	TEXT("uom", uom)
	TEXT("agency", agency_code)
	TEXT("numerator", numerator)
	TEXT("denominator", denominator)
	TEXT("weight", weight)
#undef TEXT
	if ((v = cli_get(a, "sector")) && (rc = sector_from_code(v, &d->sector, e)))
		return rc;
	if ((v = cli_get(a, "kind")) && (rc = ind_kind_from_code(v, &d->kind, e)))
		return rc;
	if ((v = cli_get(a, "direction")) && (rc = direction_from_code(v, &d->direction, e)))
		return rc;
	if ((v = cli_get(a, "rollup")) && (rc = rollup_from_code(v, &d->rollup, e)))
		return rc;
	if ((v = cli_get(a, "freq")) && (rc = freq_from_code(v, &d->freq, e)))
		return rc;
	if ((v = cli_get(a, "value-type")) && (rc = value_type_from_code(v, &d->value_type, e)))
		return rc;
	/* --min/--max: a Vietnamese number, or "" to remove the bound */
	if ((v = cli_get(a, "min"))) {
		d->has_min = *v != '\0';
		if (d->has_min && (rc = vn_parse_num(v, &d->min, e)))
			return err_prefix(e, "--min: ");
	}
	if ((v = cli_get(a, "max"))) {
		d->has_max = *v != '\0';
		if (d->has_max && (rc = vn_parse_num(v, &d->max, e)))
			return err_prefix(e, "--max: ");
	}
	if ((rc = cli_int(a, "decimals", 0, 4, &d->decimals, e)) ||
	    (rc = cli_int(a, "scale", 0, 18, &d->uom_scale, e)) ||
	    (rc = cli_int(a, "ratio-scale", 1, 1000000, &d->ratio_scale, e)) ||
	    (rc = cli_int(a, "order", 0, 1000000, &d->sort_order, e)))
		return rc;
	return indicator_check(d, e);
}

static int ind_save(const cli_args *a, indicator *d, const char *verb, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	rc = store_indicator_put(s, d, e);
	if (!rc)
		printf("Đã %s chỉ tiêu %s: %s.\n", verb, d->code, d->name_vi);
	store_close(s);
	return rc;
}

static int cmd_ind_add(const cli_args *a, err *e)
{
	const char *v;
	int rc;
	if ((rc = cli_need(a, "code", &v, e)) || (rc = cli_need(a, "name", &v, e)) ||
	    (rc = cli_need(a, "uom", &v, e)) || (rc = cli_need(a, "sector", &v, e)))
		return rc;
	indicator d;
	indicator_defaults(&d);
	if ((rc = ind_from_opts(a, &d, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	indicator old;
	err e2;
	rc = store_indicator_get(s, d.code, &old, &e2);
	store_close(s);
	if (!rc)
		return err_set(e, ERR_CONFLICT, "chỉ tiêu %s đã có (%s); dùng `chitieu indicator update %s`",
			       d.code, old.name_vi, d.code);
	return ind_save(a, &d, "thêm", e);
}

static int cmd_ind_update(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	indicator d;
	rc = store_indicator_get(s, a->pos[0], &d, e);
	store_close(s);
	if (rc)
		return rc;
	if (cli_get(a, "code") && strcmp(cli_get(a, "code"), d.code))
		return err_set(e, ERR_INVALID, "không đổi được mã chỉ tiêu %s", d.code);
	if ((rc = ind_from_opts(a, &d, e)))
		return rc;
	return ind_save(a, &d, "cập nhật", e);
}

static const cli_opt list_opts[] = {
	{"sector", "LĨNH_VỰC", "economy|social|environment|defence|government"},
	{"search", "CHỮ", "tìm theo tên và tên gọi khác, không phân biệt dấu (\"ban le\" tìm \"bán lẻ\")"},
	{NULL, NULL, NULL},
};
static const cli_opt edit_opts[] = {
	{"code", "MÃ", "mã chỉ tiêu"},
	{"name", "TÊN", "tên tiếng Việt"},
	{"name-en", "TÊN", "tên tiếng Anh"},
	{"synonyms", "TÊN;TÊN", "tên gọi khác trong văn bản, cách nhau bởi ';' (\"TNBQ; thu nhập bình quân\"; \"\" để bỏ)"},
	{"uom", "ĐVT", "đơn vị tính (\"tỷ đồng\", \"%\", \"con\")"},
	{"scale", "N", "bậc 10 của đơn vị gốc (tỷ đồng 9, triệu đồng 6)"},
	{"decimals", "N", "số chữ số thập phân hiển thị (0-4)"},
	{"sector", "LĨNH_VỰC", "economy|social|environment|defence|government"},
	{"kind", "LOẠI", "flow (cộng dồn) | level (số cuối kỳ) | ratio (tỷ lệ) | count (số đếm)"},
	{"direction", "CHIỀU", "higher (càng cao càng tốt) | lower"},
	{"rollup", "CÁCH", "tổng hợp từ đơn vị con: sum | ratio | wavg | none"},
	{"freq", "KỲ", "kỳ báo cáo: month | quarter | half | year"},
	{"agency", "MÃ", "cơ quan chủ quản"},
	{"numerator", "MÃ", "tỷ lệ: chỉ tiêu tử số"},
	{"denominator", "MÃ", "tỷ lệ: chỉ tiêu mẫu số"},
	{"ratio-scale", "N", "tỷ lệ: hệ số (100 cho %)"},
	{"weight", "MÃ", "wavg: chỉ tiêu trọng số"},
	{"order", "N", "thứ tự trong lĩnh vực"},
	{"value-type", "KIỂU", "giá trị nhận: number (số) | whole (số nguyên) | percent (0-100)"},
	{"min", "SỐ", "giá trị nhỏ nhất (mặc định 0, trừ chỉ tiêu tỷ lệ; \"\" để bỏ)"},
	{"max", "SỐ", "giá trị lớn nhất (\"\" để bỏ)"},
	{NULL, NULL, NULL},
};
static const cli_opt no_opts[] = {{NULL, NULL, NULL}};

const cli_cmd cli_indicator_cmds[] = {
	{"indicator", "list", 0, 0, NULL, list_opts, cmd_ind_list, "Liệt kê danh mục chỉ tiêu theo lĩnh vực", NULL},
	{"indicator", "show", 1, 1, "MÃ", no_opts, cmd_ind_show, "Xem một chỉ tiêu", NULL},
	{"indicator", "add", 0, 0, NULL, edit_opts, cmd_ind_add, "Thêm chỉ tiêu",
	 "Ví dụ: chitieu indicator add --code KT90 --name \"Số doanh nghiệp thành lập mới\" \\\n"
	 "         --uom \"doanh nghiệp\" --sector economy --kind count --agency TCKH"},
	{"indicator", "update", 1, 1, "MÃ", edit_opts, cmd_ind_update, "Sửa chỉ tiêu", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
