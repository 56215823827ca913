/*
 * cmd_unit.c - `chitieu unit list|show|add|update|link` and `chitieu agency
 * list|add`: the administrative tree (with validity dates and the units a
 * unit was formed from) and the agencies that own indicators.
 */
#include "cli/cli.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

/* Reads an optional date option into *d. */
static int opt_date(const cli_args *a, const char *name, cdate *d, err *e)
{
	const char *v = cli_get(a, name);
	if (!v)
		return 0;
	if (!*v || !strcmp(v, "-")) {
		*d = (cdate){0, 0, 0};
		return 0;
	}
	int rc = vn_parse_date(v, d, e);
	if (rc)
		err_prefix(e, "--%s: ", name);
	return rc;
}

static int fmt_date_or(buf *b, cdate d, const char *none)
{
	return cdate_is_none(d) ? buf_puts(b, none) : vn_format_date(b, d);
}

/* Depth of each unit in a parents-first list (for indentation). */
static int unit_depth(const unit *u, size_t n, size_t i)
{
	int depth = 0;
	const char *pc = u[i].parent_code;
	for (int guard = 0; *pc && guard < 16; guard++) {
		size_t j = 0;
		while (j < n && strcmp(u[j].code, pc))
			j++;
		if (j == n)
			break;
		depth++;
		pc = u[j].parent_code;
	}
	return depth;
}

static int cmd_unit_list(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	cdate on = {0, 0, 0};
	rc = opt_date(a, "on", &on, e);
	unit *u = NULL;
	size_t n = 0;
	if (!rc)
		rc = store_unit_list(s, cli_get(a, "parent"), cdate_is_none(on) ? NULL : &on, &u, &n, e);
	buf b;
	buf_init(&b, 0);
	if (!rc) {
		text_pad(&b, "Mã", 10, false);
		text_pad(&b, "Tên đơn vị", 44, false);
		text_pad(&b, "Cấp trên", 10, false);
		buf_puts(&b, "Hiệu lực\n");
		for (size_t i = 0; i < n; i++) {
			buf name;
			buf_init(&name, 1024);
			buf_pad(&name, ' ', cli_get(a, "parent") ? 0 : (size_t)unit_depth(u, n, i) * 2);
			buf_printf(&name, "%s %s", unit_type_label(u[i].type), u[i].name);
			text_pad(&b, u[i].code, 10, false);
			text_pad(&b, buf_cstr(&name), 44, false);
			text_pad(&b, u[i].parent_code[0] ? u[i].parent_code : "-", 10, false);
			fmt_date_or(&b, u[i].valid_from, "…");
			buf_puts(&b, " - ");
			fmt_date_or(&b, u[i].valid_to, "nay");
			buf_putc(&b, '\n');
			buf_free(&name);
		}
		buf_printf(&b, "(%zu đơn vị)\n", n);
		rc = cli_print(b.data, b.len, e);
	}
	buf_free(&b);
	free(u);
	store_close(s);
	return rc;
}

static int cmd_unit_show(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	unit u;
	unit_link *links = NULL;
	size_t nl = 0;
	rc = store_unit_get(s, a->pos[0], &u, e);
	if (!rc)
		rc = store_unit_link_list(s, u.code, &links, &nl, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		buf_printf(&b, "Mã:        %s\nTên:       %s %s\nLoại:      %s (%s)\nCấp trên:  %s\nHiệu lực:  ",
			   u.code, unit_type_label(u.type), u.name, unit_type_label(u.type),
			   unit_type_code(u.type), u.parent_code[0] ? u.parent_code : "-");
		fmt_date_or(&b, u.valid_from, "…");
		buf_puts(&b, " - ");
		fmt_date_or(&b, u.valid_to, "nay");
		buf_putc(&b, '\n');
		for (size_t i = 0; i < nl; i++) {
			buf_printf(&b, "Hình thành từ: %s (ngày ", links[i].from_code);
			vn_format_date(&b, links[i].date);
			buf_puts(&b, ")\n");
		}
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(links);
	store_close(s);
	return rc;
}

/* Fills u from options; `adding` requires the mandatory ones. */
static int unit_from_opts(const cli_args *a, unit *u, bool adding, err *e)
{
	const char *v;
	int rc = 0;
	if (!adding && (v = cli_get(a, "code")) && strcmp(v, u->code))
		return err_set(e, ERR_INVALID, "không đổi được mã đơn vị %s (mã là khóa của số liệu); "
			       "hãy thêm đơn vị mới và ghi liên kết bằng `chitieu unit link`", u->code);
	if (adding) {
		if ((rc = cli_need(a, "code", &v, e)) || (rc = model_set_text(u->code, sizeof u->code, v, "code", e)))
			return rc;
		if ((rc = cli_need(a, "name", &v, e)) || (rc = cli_need(a, "type", &v, e)))
			return rc;
	}
	if ((v = cli_get(a, "name")) && (rc = model_set_text(u->name, sizeof u->name, v, "name", e)))
		return rc;
	if ((v = cli_get(a, "type")) && (rc = unit_type_from_code(v, &u->type, e)))
		return rc;
	if ((v = cli_get(a, "parent")) && (rc = model_set_text(u->parent_code, sizeof u->parent_code, v, "parent", e)))
		return rc;
	if ((rc = opt_date(a, "from", &u->valid_from, e)) || (rc = opt_date(a, "to", &u->valid_to, e)))
		return rc;
	return unit_check(u, e);
}

static int unit_save(const cli_args *a, unit *u, const char *verb, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	rc = store_unit_put(s, u, e);
	if (!rc)
		printf("Đã %s đơn vị %s %s (%s).\n", verb, unit_type_label(u->type), u->name, u->code);
	store_close(s);
	return rc;
}

static int cmd_unit_add(const cli_args *a, err *e)
{
	unit u;
	memset(&u, 0, sizeof u);
	int rc = unit_from_opts(a, &u, true, e);
	if (rc)
		return rc;
	/* refuse to silently overwrite an existing code */
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	unit old;
	err e2;
	rc = store_unit_get(s, u.code, &old, &e2);
	store_close(s);
	if (!rc)
		return err_set(e, ERR_CONFLICT, "đơn vị %s đã có (%s); dùng `chitieu unit update %s`",
			       u.code, old.name, u.code);
	return unit_save(a, &u, "thêm", e);
}

static int cmd_unit_update(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	unit u;
	rc = store_unit_get(s, a->pos[0], &u, e);
	store_close(s);
	if (rc)
		return rc;
	if ((rc = unit_from_opts(a, &u, false, e)))
		return rc;
	return unit_save(a, &u, "cập nhật", e);
}

static int cmd_unit_link(const cli_args *a, err *e)
{
	const char *from;
	int rc = cli_need(a, "from", &from, e);
	if (rc)
		return rc;
	cdate d = {0, 0, 0};
	if ((rc = opt_date(a, "date", &d, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	if (cdate_is_none(d)) {
		unit u;
		rc = store_unit_get(s, a->pos[0], &u, e);
		d = u.valid_from;
		if (!rc && cdate_is_none(d))
			rc = err_set(e, ERR_INVALID, "thiếu --date: đơn vị %s không có ngày hiệu lực", u.code);
	}
	if (!rc)
		rc = store_unit_link_add(s, a->pos[0], from, d, e);
	if (!rc)
		printf("Đã ghi: đơn vị %s hình thành từ %s.\n", a->pos[0], from);
	store_close(s);
	return rc;
}

static int cmd_agency_list(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open(a, &s, e);
	if (rc)
		return rc;
	agency *ag = NULL;
	size_t n = 0;
	rc = store_agency_list(s, &ag, &n, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		for (size_t i = 0; i < n; i++) {
			text_pad(&b, ag[i].code, 10, false);
			buf_printf(&b, "%s\n", ag[i].name);
		}
		buf_printf(&b, "(%zu cơ quan)\n", n);
		rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	free(ag);
	store_close(s);
	return rc;
}

static int cmd_agency_add(const cli_args *a, err *e)
{
	agency ag;
	memset(&ag, 0, sizeof ag);
	const char *code, *name;
	int rc;
	if ((rc = cli_need(a, "code", &code, e)) || (rc = cli_need(a, "name", &name, e)) ||
	    (rc = model_set_text(ag.code, sizeof ag.code, code, "code", e)) ||
	    (rc = model_set_text(ag.name, sizeof ag.name, name, "name", e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	rc = store_agency_put(s, &ag, e);
	if (!rc)
		printf("Đã lưu cơ quan %s (%s).\n", ag.name, ag.code);
	store_close(s);
	return rc;
}

static const cli_opt list_opts[] = {
	{"parent", "MÃ", "chỉ các đơn vị trực thuộc MÃ"},
	{"on", "NGÀY", "chỉ các đơn vị còn hiệu lực vào NGÀY (dd/mm/yyyy)"},
	{NULL, NULL, NULL},
};
static const cli_opt edit_opts[] = {
	{"code", "MÃ", "mã đơn vị hành chính (ví dụ 01837)"},
	{"name", "TÊN", "tên, không kèm loại (ví dụ \"Sông Cầu\")"},
	{"type", "LOẠI", "province|city|town|district|ward|commune|townlet|special_zone|..."},
	{"parent", "MÃ", "đơn vị cấp trên"},
	{"from", "NGÀY", "hiệu lực từ ngày (dd/mm/yyyy)"},
	{"to", "NGÀY", "hiệu lực đến hết ngày; \"-\" để bỏ"},
	{NULL, NULL, NULL},
};
static const cli_opt link_opts[] = {
	{"from", "MÃ", "đơn vị cũ đã nhập vào"},
	{"date", "NGÀY", "ngày sáp nhập (mặc định: ngày hiệu lực của đơn vị mới)"},
	{NULL, NULL, NULL},
};
static const cli_opt agency_opts[] = {
	{"code", "MÃ", "mã cơ quan (ví dụ TCKH)"},
	{"name", "TÊN", "tên (ví dụ \"Phòng Tài chính - Kế hoạch\")"},
	{NULL, NULL, NULL},
};
static const cli_opt no_opts[] = {{NULL, NULL, NULL}};

const cli_cmd cli_unit_cmds[] = {
	{"unit", "list", 0, 0, NULL, list_opts, cmd_unit_list, "Liệt kê đơn vị theo cây hành chính", NULL},
	{"unit", "show", 1, 1, "MÃ", no_opts, cmd_unit_show, "Xem một đơn vị và các đơn vị hình thành nên nó", NULL},
	{"unit", "add", 0, 0, NULL, edit_opts, cmd_unit_add, "Thêm đơn vị",
	 "Ví dụ: chitieu unit add --code 01837 --name \"Sông Cầu\" --type ward --parent 058"},
	{"unit", "update", 1, 1, "MÃ", edit_opts, cmd_unit_update, "Sửa tên, loại, cấp trên hoặc hiệu lực của đơn vị", NULL},
	{"unit", "link", 1, 1, "MÃ", link_opts, cmd_unit_link, "Ghi đơn vị MÃ được hình thành từ đơn vị cũ (sáp nhập)",
	 "Ví dụ (sắp xếp 2025): chitieu unit link BK2025 --from 01837 --date 01/07/2025"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};

const cli_cmd cli_agency_cmds[] = {
	{"agency", "list", 0, 0, NULL, no_opts, cmd_agency_list, "Liệt kê cơ quan, phòng ban", NULL},
	{"agency", "add", 0, 0, NULL, agency_opts, cmd_agency_add, "Thêm hoặc sửa cơ quan", NULL},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
