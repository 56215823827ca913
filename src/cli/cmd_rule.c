/*
 * cmd_rule.c - `chitieu rule list|show|add|set|remove`: the rules between
 * indicators of the same unit and period (core/vrule.h), which every way
 * values come in applies and `chitieu validate` lists.
 *
 * Not for: evaluating rules (the store's write and core/validate.c do).
 */
#include "cli/cli.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

static int cmd_rule_list(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	vrule *r = NULL;
	size_t n = 0;
	if (!(rc = store_vrule_list(s, &r, &n, e))) {
		buf b;
		buf_init(&b, 0);
		text_pad(&b, "Mã", 14, false);
		text_pad(&b, "Mức độ", 10, false);
		text_pad(&b, "Quy tắc", 40, false);
		buf_puts(&b, "Tên\n");
		for (size_t i = 0; i < n; i++) {
			buf rule;
			buf_init(&rule, 0);
			buf_printf(&rule, "%s %s %s", r[i].left, vrule_op_code(r[i].op), r[i].right);
			text_pad(&b, r[i].code, 14, false);
			text_pad(&b, vrule_importance_label(r[i].importance), 10, false);
			text_pad(&b, buf_cstr(&rule), 40, false);
			buf_printf(&b, "%s\n", r[i].name);
			buf_free(&rule);
		}
		buf_printf(&b, "(%zu quy tắc)\n", n);
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(r);
	store_close(s);
	return rc;
}

static int cmd_rule_show(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	vrule r;
	if (!(rc = store_vrule_get(s, a->pos[0], &r, e)))
		printf("Mã:        %s\nTên:       %s\nQuy tắc:   %s %s %s\nMức độ:    %s (%s)\n", r.code, r.name, r.left,
		       vrule_op_code(r.op), r.right, vrule_importance_code(r.importance),
		       vrule_importance_label(r.importance));
	store_close(s);
	return rc;
}

/* The options given, over what r holds. */
static int rule_from_opts(const cli_args *a, vrule *r, err *e)
{
	const char *v;
	int rc;
	if ((v = cli_get(a, "code")) && (rc = model_set_text(r->code, sizeof r->code, v, "--code", e)))
		return rc;
	if ((v = cli_get(a, "name")) && (rc = model_set_text(r->name, sizeof r->name, v, "--name", e)))
		return rc;
	if ((v = cli_get(a, "left")) && (rc = model_set_text(r->left, sizeof r->left, v, "--left", e)))
		return rc;
	if ((v = cli_get(a, "right")) && (rc = model_set_text(r->right, sizeof r->right, v, "--right", e)))
		return rc;
	if ((v = cli_get(a, "op")) && (rc = vrule_op_from_code(v, &r->op, e)))
		return err_prefix(e, "--op: ");
	if ((v = cli_get(a, "importance")) && (rc = vrule_importance_from_code(v, &r->importance, e)))
		return err_prefix(e, "--importance: ");
	return 0;
}

static int rule_save(const cli_args *a, vrule *r, const char *verb, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	if (!(rc = store_vrule_put(s, r, e)))
		printf("Đã %s quy tắc %s: %s %s %s (%s).\n", verb, r->code, r->left, vrule_op_code(r->op), r->right,
		       vrule_importance_label(r->importance));
	store_close(s);
	return rc;
}

static int cmd_rule_add(const cli_args *a, err *e)
{
	const char *v;
	int rc;
	if ((rc = cli_need(a, "code", &v, e)) || (rc = cli_need(a, "name", &v, e)) ||
	    (rc = cli_need(a, "left", &v, e)) || (rc = cli_need(a, "op", &v, e)) || (rc = cli_need(a, "right", &v, e)))
		return rc;
	vrule r;
	memset(&r, 0, sizeof r);
	r.importance = VR_ERROR;
	if ((rc = rule_from_opts(a, &r, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	vrule old;
	err e2;
	err_clear(&e2);
	rc = store_vrule_get(s, r.code, &old, &e2);
	store_close(s);
	if (!rc)
		return err_set(e, ERR_CONFLICT, "quy tắc %s đã có (%s); dùng `chitieu rule set %s`", r.code, old.name,
			       r.code);
	return rule_save(a, &r, "thêm", e);
}

static int cmd_rule_set(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	vrule r;
	rc = store_vrule_get(s, a->pos[0], &r, e);
	store_close(s);
	if (rc)
		return rc;
	if (cli_get(a, "code") && strcmp(cli_get(a, "code"), r.code))
		return err_set(e, ERR_INVALID, "không đổi được mã quy tắc %s", r.code);
	if ((rc = rule_from_opts(a, &r, e)))
		return rc;
	return rule_save(a, &r, "sửa", e);
}

static int cmd_rule_remove(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	if (!(rc = store_vrule_delete(s, a->pos[0], e)))
		printf("Đã xóa quy tắc %s.\n", a->pos[0]);
	store_close(s);
	return rc;
}

static const cli_opt edit_opts[] = {
	{"code", "MÃ", "mã quy tắc (chữ không dấu, số, '_', '-', '.')"},
	{"name", "TÊN", "tên tiếng Việt, nói quy tắc đòi gì"},
	{"left", "BIỂU_THỨC", "vế trái: mã chỉ tiêu, số (dấu phẩy thập phân), + - * / và ngoặc"},
	{"op", "PHÉP", "phép so sánh: == != < <= > >="},
	{"right", "BIỂU_THỨC", "vế phải, như vế trái"},
	{"importance", "MỨC", "error (lỗi: từ chối số liệu; mặc định) | warning (cảnh báo: cần ghi chú)"},
	{NULL, NULL, NULL},
};
static const cli_opt no_opts[] = {{NULL, NULL, NULL}};

const cli_cmd cli_rule_cmds[] = {
	{"rule", "list", 0, 0, NULL, no_opts, cmd_rule_list, "Liệt kê các quy tắc kiểm tra giữa các chỉ tiêu", NULL},
	{"rule", "show", 1, 1, "MÃ", no_opts, cmd_rule_show, "Xem một quy tắc", NULL},
	{"rule", "add", 0, 0, NULL, edit_opts, cmd_rule_add, "Thêm quy tắc giữa các chỉ tiêu cùng đơn vị, cùng kỳ",
	 "Các chỉ tiêu của một quy tắc phải cùng kỳ báo cáo. Quy tắc thiếu số liệu của một chỉ tiêu thì\n"
	 "bỏ qua. Lỗi (error): số liệu vi phạm bị từ chối; cảnh báo (warning): số liệu được nhận khi\n"
	 "có ghi chú giải thích (value set --comment), ghi chú giữ cùng số liệu.\n"
	 "Ví dụ: chitieu rule add --code QS_KETQUA --name \"Kết quả khám tuyển không vượt số có mặt\" \\\n"
	 "         --left \"QSQD + QSCA + QSKD\" --op \"<=\" --right QSKHAM --importance error"},
	{"rule", "set", 1, 1, "MÃ", edit_opts, cmd_rule_set, "Sửa quy tắc", NULL},
	{"rule", "remove", 1, 1, "MÃ", no_opts, cmd_rule_remove, "Xóa quy tắc", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
