/*
 * cmd_source.c - `chitieu source list|show|set`: whether an indicator's
 * figure at a unit is the unit's own or its units' aggregate
 * (core/source.h), set for one unit or for every unit of a level.
 * Not for: the rule (core/source.c).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *source_label(fig_source s)
{
	return s == FIG_OWN ? "số của đơn vị" : s == FIG_AGGREGATED ? "tổng hợp từ đơn vị trực thuộc" : "theo chỉ tiêu";
}

static int cmd_list(const cli_args *a, err *e)
{
	store *s = NULL;
	fig_source_rule *x = NULL;
	size_t n = 0;
	const char *only = cli_get(a, "indicator");
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	if ((rc = store_sources_list(s, &x, &n, e)) == 0) {
		size_t shown = 0;
		for (size_t k = 0; k < n; k++) {
			if (only && strcmp(only, x[k].indicator_code) != 0)
				continue;
			shown++;
			if (x[k].unit_id)
				printf("%-8s đơn vị %-8s %s\n", x[k].indicator_code, x[k].unit_code,
				       source_label(x[k].source));
			else
				printf("%-8s cấp %-11s %s\n", x[k].indicator_code, unit_type_code(x[k].level),
				       source_label(x[k].source));
		}
		if (!shown)
			printf("Chưa đặt nguồn số liệu nào: mọi chỉ tiêu theo quy tắc của chỉ tiêu"
			       " (cộng dồn được thì tổng hợp từ đơn vị trực thuộc).\n");
	}
	free(x);
	store_close(s);
	return rc;
}

static int cmd_show(const cli_args *a, err *e)
{
	const char *ind, *unit_code;
	store *s = NULL;
	fig_source used, set;
	int rc;
	if ((rc = cli_need(a, "indicator", &ind, e)) || (rc = cli_need(a, "unit", &unit_code, e)) ||
	    (rc = cli_open(a, &s, e)))
		return rc;
	if ((rc = store_source_of(s, ind, unit_code, &used, &set, e)) == 0)
		printf("Chỉ tiêu %s tại đơn vị %s: %s%s\n", ind, unit_code, source_label(used),
		       set == FIG_DEFAULT ? " (theo chỉ tiêu)" : " (đã đặt)");
	store_close(s);
	return rc;
}

static int cmd_set(const cli_args *a, err *e)
{
	const char *ind, *src_code, *unit_code = cli_get(a, "unit"), *level_code = cli_get(a, "level");
	fig_source src;
	unit_type level = 0;
	store *s = NULL;
	int rc;
	if ((rc = cli_need(a, "indicator", &ind, e)) || (rc = cli_need(a, "source", &src_code, e)) ||
	    (rc = fig_source_from_code(src_code, &src, e)))
		return rc;
	if ((unit_code != NULL) == (level_code != NULL))
		return err_set(e, ERR_INVALID, "cần đúng một trong hai: --unit MÃ hoặc --level CẤP");
	if (level_code && (rc = unit_type_from_code(level_code, &level, e)))
		return err_prefix(e, "--level: ");
	if ((rc = cli_open(a, &s, e)))
		return rc;
	fprintf(stderr, "Đang đặt nguồn số liệu và tính lại số liệu tổng hợp...\n");
	if ((rc = store_source_set(s, ind, unit_code, level, src, cli_who(a), (int64_t)time(NULL), e)) == 0)
		printf("Chỉ tiêu %s tại %s %s: %s.\n", ind, unit_code ? "đơn vị" : "mọi đơn vị cấp",
		       unit_code ? unit_code : level_code, source_label(src));
	store_close(s);
	return rc;
}

static const cli_opt list_opts[] = {
	{"indicator", "MÃ", "chỉ các cài đặt của một chỉ tiêu"},
	{NULL, NULL, NULL},
};
static const cli_opt show_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "đơn vị"},
	{NULL, NULL, NULL},
};
static const cli_opt set_opts[] = {
	{"indicator", "MÃ", "chỉ tiêu"},
	{"unit", "MÃ", "một đơn vị"},
	{"level", "CẤP", "hoặc mọi đơn vị một cấp: province, city, district..."},
	{"source", "NGUỒN", "own (số của đơn vị), aggregated (tổng hợp), default (bỏ cài đặt)"},
	{"by", "TÊN", "người đặt (mặc định $CHITIEU_USER, $USER)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_source_cmds[] = {
	{"source", "list", 0, 0, NULL, list_opts, cmd_list, "Các cài đặt nguồn số liệu (số của đơn vị hay tổng hợp)",
	 "Không có cài đặt: chỉ tiêu cộng dồn được (tổng, bình quân gia quyền, tỷ lệ từ tử số/mẫu số)\n"
	 "thì số của đơn vị có đơn vị trực thuộc là tổng hợp từ các đơn vị đó; số do đơn vị tự nhập\n"
	 "được hiện bên cạnh kèm chênh lệch, không dùng để đánh giá."},
	{"source", "show", 0, 0, NULL, show_opts, cmd_show, "Nguồn số liệu của một chỉ tiêu tại một đơn vị",
	 "Ví dụ: chitieu source show --indicator KT02 --unit 058"},
	{"source", "set", 0, 0, NULL, set_opts, cmd_set,
	 "Đặt nguồn số liệu của một chỉ tiêu tại một đơn vị hoặc một cấp (tính lại số liệu tổng hợp)",
	 "Ví dụ: chitieu source set --indicator KT02 --level city --source own\n"
	 "       chitieu source set --indicator KT01 --unit 058 --source default"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
