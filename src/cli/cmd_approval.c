/*
 * cmd_approval.c - `chitieu approval status|submit|approve|return|accept
 * --unit U --period P [--agency CODE] [--comment T]` and `approval config
 * [--accept TYPES]`: figures on their way up
 * (of the whole unit, or with --agency of one agency's part)
 * (core/approval.h) from the command line, the administrator's tool: the
 * steps are checked against the state (and a submit against the
 * validation), not against who runs the command (the server checks that).
 * Not for: the rules (core/approval.c).
 */
#include "cli/cli.h"
#include "core/approval.h"

#include <stdlib.h>
#include <string.h>

/* --unit and --period (a month). */
static int unit_month(const cli_args *a, const char **unit_code, period *p, err *e)
{
	const char *pc;
	int rc;
	if ((rc = cli_need(a, "unit", unit_code, e)) || (rc = cli_need(a, "period", &pc, e)) ||
	    (rc = period_parse(pc, p, e)))
		return rc;
	if (p->type != PERIOD_MONTH)
		return err_set(e, ERR_INVALID, "--period: duyệt số liệu theo tháng (ví dụ 202206)");
	return 0;
}

static int print_status(store *s, const char *unit_code, const period *p, const char *agency_code, err *e)
{
	approval_status st, whole;
	store_approval_event *ev = NULL;
	size_t n = 0;
	bool part = agency_code && agency_code[0];
	int rc = approval_get(s, unit_code, p, agency_code, &st, e);
	if (!rc && part)
		rc = approval_get(s, unit_code, p, NULL, &whole, e);
	if (rc || (rc = store_approval_events(s, unit_code, p, agency_code, &ev, &n, e)))
		return rc;
	buf b;
	buf_init(&b, 0);
	int bad = buf_puts(&b, "Số liệu ");
	bad |= period_format_label(&b, p);
	bad |= buf_printf(&b, " của đơn vị %s", unit_code);
	if (part)
		bad |= buf_printf(&b, ", phần của cơ quan %s", agency_code);
	bad |= buf_printf(&b, ": %s%s\n", appr_state_label(st.state),
			  appr_locked(st.state) ? (part ? " (cơ quan không sửa được cho đến khi cấp trên trả lại)"
							: " (đơn vị không sửa được cho đến khi cấp trên trả lại)")
						: "");
	if (part)
		bad |= buf_printf(&b, "Cả đơn vị: %s\n", appr_state_label(whole.state));
	for (size_t k = 0; k < n; k++) {
		approval_status from = {0}, to = {0};
		(void)appr_state_from_code(ev[k].from, &from.state, NULL);
		(void)appr_state_from_code(ev[k].to, &to.state, NULL);
		bad |= buf_puts(&b, "  ");
		bad |= vn_format_date(&b, cdate_from_unix_vn(ev[k].at));
		bad |= buf_printf(&b, " %s: %s -> %s%s%s\n", ev[k].by, appr_state_label(from.state), appr_state_label(to.state),
				  ev[k].comment[0] ? "; " : "", ev[k].comment);
	}
	free(ev);
	rc = bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ") : cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static int run(const cli_args *a, int action, err *e)
{
	const char *unit_code;
	period p;
	int rc = unit_month(a, &unit_code, &p, e);
	if (rc)
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	if (action) {
		appr_state to;
		const char *comment = cli_get(a, "comment");
		rc = approval_act(s, unit_code, &p, cli_get(a, "agency"), (appr_action)action, cli_who(a), 0,
				  comment ? comment : "", &to, e);
	}
	if (!rc)
		rc = print_status(s, unit_code, &p, cli_get(a, "agency"), e);
	store_close(s);
	return rc;
}

static int cmd_status(const cli_args *a, err *e)
{
	return run(a, 0, e);
}

static int cmd_submit(const cli_args *a, err *e)
{
	return run(a, APPR_SUBMIT, e);
}

static int cmd_approve(const cli_args *a, err *e)
{
	return run(a, APPR_APPROVE, e);
}

static int cmd_return(const cli_args *a, err *e)
{
	const char *c = cli_get(a, "comment");
	if (!c || !*c)
		return err_set(e, ERR_INVALID, "--comment: trả lại số liệu cần ghi lý do");
	return run(a, APPR_RETURN, e);
}

static int cmd_accept(const cli_args *a, err *e)
{
	return run(a, APPR_ACCEPT, e);
}

/* approval config [--accept LIST]: shows, or sets then shows, the unit types
 * whose approved figures wait for acceptance. */
static int cmd_config(const cli_args *a, err *e)
{
	const char *want = cli_get(a, "accept");
	unsigned types = 0;
	int rc = 0;
	if (want && (rc = approval_accept_parse(want, &types, e)))
		return rc;
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	if (want)
		rc = approval_accept_set(s, types, e);
	if (!rc)
		rc = approval_accept_get(s, &types, e);
	store_close(s);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 0);
	int bad = 0;
	if (!types) {
		bad |= buf_puts(&b, "Chấp nhận số liệu: không bắt buộc (cấp trên hai cấp có thể chấp nhận; số liệu đã duyệt "
				    "là số liệu chính thức)\n");
	} else {
		bad |= buf_puts(&b, "Chấp nhận số liệu: bắt buộc với ");
		bool first = true;
		for (unsigned t = 0; t < 32; t++)
			if (types & (1u << t)) {
				bad |= buf_printf(&b, "%s%s (%s)", first ? "" : ", ", unit_type_label((unit_type)t),
						  unit_type_code((unit_type)t));
				first = false;
			}
		bad |= buf_puts(&b, "\nSố liệu đã duyệt của các đơn vị này chỉ là chính thức khi cấp trên hai cấp chấp nhận;"
				    " cấp trên chưa duyệt được số liệu của mình khi còn đơn vị trực thuộc chờ chấp nhận.\n");
	}
	rc = bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ") : cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static const cli_opt config_opts[] = {
	{"accept", "LOẠI,...", "loại đơn vị phải được chấp nhận số liệu: ward,commune (hoặc none: không loại nào)"},
	{NULL, NULL, NULL},
};
static const cli_opt status_opts[] = {
	{"unit", "MÃ", "đơn vị"},
	{"period", "THÁNG", "tháng: 202206"},
	{"agency", "MÃ", "phần của một cơ quan (chỉ tiêu của cơ quan đó); không ghi: cả đơn vị"},
	{NULL, NULL, NULL},
};
static const cli_opt step_opts[] = {
	{"unit", "MÃ", "đơn vị"},
	{"period", "THÁNG", "tháng: 202206"},
	{"agency", "MÃ", "phần của một cơ quan (chỉ tiêu của cơ quan đó); không ghi: cả đơn vị"},
	{"comment", "Ý_KIẾN", "ý kiến (trả lại: lý do, bắt buộc)"},
	{"by", "TÊN", "người thực hiện (mặc định $CHITIEU_USER, $USER)"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_approval_cmds[] = {
	{"approval", "status", 0, 0, NULL, status_opts, cmd_status, "Trạng thái duyệt số liệu một tháng của một đơn vị",
	 "Đang nhập -> đã nộp (đơn vị) -> đã duyệt (cấp trên) -> đã chấp nhận (cấp trên nữa);\n"
	 "cấp trên có thể trả lại kèm lý do. Số liệu đã nộp, đã duyệt, đã chấp nhận thì đơn vị không sửa được."},
	{"approval", "submit", 0, 0, NULL, step_opts, cmd_submit, "Nộp số liệu một tháng lên cấp trên (lỗi kiểm tra chặn lại)",
	 "Ví dụ: chitieu approval submit --unit 01837 --period 202206\n"
	 "Phần của một phòng ban ở thành phố: chitieu approval submit --unit 058 --period 202206 --agency KT"},
	{"approval", "approve", 0, 0, NULL, step_opts, cmd_approve, "Duyệt số liệu đã nộp", NULL},
	{"approval", "return", 0, 0, NULL, step_opts, cmd_return, "Trả lại số liệu đã nộp hoặc đã duyệt, kèm lý do",
	 "Ví dụ: chitieu approval return --unit 01837 --period 202206 --comment \"thiếu số khách du lịch\""},
	{"approval", "accept", 0, 0, NULL, step_opts, cmd_accept, "Chấp nhận số liệu đã duyệt (cấp trên hai cấp)", NULL},
	{"approval", "config", 0, 0, NULL, config_opts, cmd_config,
	 "Xem hoặc đặt loại đơn vị phải được cấp trên hai cấp chấp nhận số liệu đã duyệt",
	 "Ví dụ: chitieu approval config --accept ward,commune\n"
	 "Bỏ yêu cầu: chitieu approval config --accept none"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
