/*
 * cmd_validate.c - `chitieu validate --unit U --period P [--json]`: the
 * validation analysis of a unit and its descendants for a period
 * (core/validate.h): values outside their indicator's type or bounds
 * (errors) and values far from the unit's own earlier years (warnings).
 * Exit status 0 also when something is listed: it is a report.
 * Not for: the rules themselves (core).
 */
#include "cli/cli.h"
#include "core/validate.h"

#include <string.h>

static int cmd_validate(const cli_args *a, err *e)
{
	const char *unit_code, *pc;
	period p;
	int rc;
	if ((rc = cli_need(a, "unit", &unit_code, e)) || (rc = cli_need(a, "period", &pc, e)) ||
	    (rc = period_parse(pc, &p, e)))
		return rc;
	store *s = NULL;
	validate_result r;
	memset(&r, 0, sizeof r);
	if ((rc = cli_open(a, &s, e)) == 0 && (rc = store_read_begin(s, e)) == 0) {
		rc = validate_run(s, unit_code, &p, &r, e);
		store_read_end(s);
	}
	store_close(s);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 0);
	int bad = 0;
	if (cli_flag(a, "json")) {
		bad = validate_json(&b, unit_code, &r);
	} else {
		bad |= buf_puts(&b, "Kiểm tra số liệu ");
		bad |= period_format_label(&b, &p);
		bad |= buf_printf(&b, " của %s và các đơn vị trực thuộc: %zu đơn vị, %zu số liệu; %zu lỗi, %zu cảnh báo.\n",
				  unit_code, r.n_units, r.n_values, r.n_errors, r.n_warnings);
		for (size_t k = 0; k < r.n_items; k++)
			bad |= buf_printf(&b, "%s %s\n", validate_is_error(r.items[k].kind) ? "LỖI     " : "CẢNH BÁO",
					  r.items[k].message);
	}
	validate_free(&r);
	rc = bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi in kết quả kiểm tra") : cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static const cli_opt validate_opts[] = {
	{"unit", "MÃ", "đơn vị (cùng các đơn vị trực thuộc)"},
	{"period", "KỲ", "kỳ: 202206, 2022Q2, 2022S1, 2022"},
	{"json", NULL, "in ra JSON"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_validate_cmds[] = {
	{"validate", NULL, 0, 0, NULL, validate_opts, cmd_validate,
	 "Kiểm tra số liệu một kỳ: vượt giới hạn của chỉ tiêu (lỗi), khác xa các năm trước (cảnh báo)",
	 "Lỗi: giá trị sai kiểu hoặc ngoài mức tối thiểu/tối đa của chỉ tiêu (kể cả số đã nhập trước khi\n"
	 "đặt giới hạn). Cảnh báo: khác xa cùng kỳ của 5 năm trước (trung vị và độ lệch tuyệt đối trung vị,\n"
	 "cần ít nhất 3 năm có số liệu). Ví dụ: chitieu validate --unit 058 --period 202206"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
