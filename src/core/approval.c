/*
 * approval.c - the steps of approval (approval.h): which step fits which
 * state, the validation a submit runs, the refusal of writes to figures
 * under review or approved, and the JSON of a state with its history.
 *
 * Not for: who may take a step (src/auth), the rows (store_approval.c).
 */
#include "core/approval.h"

#include "core/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const model_enum states[] = {
	{APPR_DRAFT, "draft", "đang nhập"},
	{APPR_SUBMITTED, "submitted", "đã nộp"},
	{APPR_APPROVED, "approved", "đã duyệt"},
	{APPR_RETURNED, "returned", "bị trả lại"},
	{APPR_ACCEPTED, "accepted", "đã chấp nhận"},
};

static const model_enum actions[] = {
	{APPR_SUBMIT, "submit", "nộp"},
	{APPR_APPROVE, "approve", "duyệt"},
	{APPR_RETURN, "return", "trả lại"},
	{APPR_ACCEPT, "accept", "chấp nhận"},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *appr_state_code(appr_state s)
{
	return model_enum_code(states, N_OF(states), (int)s);
}

const char *appr_state_label(appr_state s)
{
	return model_enum_label(states, N_OF(states), (int)s, "không rõ");
}

int appr_state_from_code(const char *s, appr_state *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(states, N_OF(states), s, MODEL_ENUM_FOLD, "trạng thái duyệt (state)", &v, e);
	if (rc == 0)
		*out = (appr_state)v;
	return rc;
}

const char *appr_action_code(appr_action a)
{
	return model_enum_code(actions, N_OF(actions), (int)a);
}

int appr_action_from_code(const char *s, appr_action *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(actions, N_OF(actions), s, MODEL_ENUM_FOLD_LABEL, "bước duyệt (action)", &v, e);
	if (rc == 0)
		*out = (appr_action)v;
	return rc;
}

int appr_next(appr_state from, appr_action a, const char *comment, appr_state *to, err *e)
{
	bool ok = false;
	switch (a) {
	case APPR_SUBMIT:
		ok = from == APPR_DRAFT || from == APPR_RETURNED;
		*to = APPR_SUBMITTED;
		break;
	case APPR_APPROVE:
		ok = from == APPR_SUBMITTED;
		*to = APPR_APPROVED;
		break;
	case APPR_RETURN:
		if (!comment || !comment[0])
			return err_set(e, ERR_INVALID, "trả lại số liệu cần ghi lý do (comment)");
		ok = from == APPR_SUBMITTED || from == APPR_APPROVED;
		*to = APPR_RETURNED;
		break;
	case APPR_ACCEPT:
		ok = from == APPR_APPROVED;
		*to = APPR_ACCEPTED;
		break;
	}
	if (!ok)
		return err_set(e, ERR_CONFLICT, "không %s được số liệu đang ở trạng thái \"%s\"",
			       model_enum_label(actions, N_OF(actions), (int)a, "?"), appr_state_label(from));
	return 0;
}

bool appr_locked(appr_state s)
{
	return s == APPR_SUBMITTED || s == APPR_APPROVED || s == APPR_ACCEPTED;
}

period appr_month_of(const period *p)
{
	cdate end = period_end_date(p);
	return period_month(end.y, end.m);
}

int approval_get(store *s, const char *unit_code, const period *month, approval_status *out, err *e)
{
	memset(out, 0, sizeof *out);
	int rc = store_approval_get(s, unit_code, month, &out->row, e);
	if (rc)
		return rc;
	if (appr_state_from_code(out->row.state, &out->state, NULL) != 0)
		return err_set(e, ERR_DB, "trạng thái duyệt \"%s\" của đơn vị %s trong CSDL không hợp lệ", out->row.state,
			       unit_code);
	return 0;
}

int approval_act(store *s, const char *unit_code, const period *month, appr_action a, const char *by,
		 int64_t at, const char *comment, appr_state *to, err *e)
{
	if (!period_valid(month) || month->type != PERIOD_MONTH)
		return err_set(e, ERR_INVALID, "duyệt số liệu theo tháng: kỳ phải là một tháng (202206)");
	if (!by || !by[0])
		return err_set(e, ERR_INVALID, "thiếu người thực hiện bước duyệt");
	approval_status st;
	int rc = approval_get(s, unit_code, month, &st, e);
	if (rc || (rc = appr_next(st.state, a, comment, to, e)))
		return rc;
	if (a == APPR_SUBMIT) {
		/* the unit's own figures of the month: errors block the submit, and so
		 * do broken warning rules no value's comment explains */
		validate_result v;
		if ((rc = validate_run(s, unit_code, month, &v, e)))
			return rc;
		size_t mine = 0, first = 0, unexplained = 0, first_w = 0;
		for (size_t k = 0; k < v.n_items; k++) {
			const validate_item *it = &v.items[k];
			if (strcmp(it->unit_code, unit_code))
				continue;
			if (validate_is_error(it->kind) && mine++ == 0)
				first = k;
			if (it->kind == VALIDATE_RULE_WARNING && !it->commented && unexplained++ == 0)
				first_w = k;
		}
		if (mine)
			rc = err_set(e, ERR_CONFLICT, "chưa nộp được: %zu lỗi trong số liệu, sửa trước khi nộp; %s", mine,
				     v.items[first].message);
		else if (unexplained)
			rc = err_set(e, ERR_CONFLICT,
				     "chưa nộp được: %zu cảnh báo chưa có ghi chú giải thích; ghi chú (comment) cho số "
				     "liệu rồi nộp lại; %s",
				     unexplained, v.items[first_w].message);
		validate_free(&v);
		if (rc)
			return rc;
	}
	return store_approval_move(s, unit_code, month, appr_state_code(st.state), appr_state_code(*to), by,
				   at ? at : (int64_t)time(NULL), comment ? comment : "", e);
}

int approval_write_check(store *s, const char *unit_code, const period *p, err *e)
{
	period m = appr_month_of(p);
	approval_status st;
	int rc = approval_get(s, unit_code, &m, &st, e);
	if (rc || !appr_locked(st.state))
		return rc;
	buf b;
	buf_init(&b, 64);
	period_format_label(&b, &m);
	char label[64];
	snprintf(label, sizeof label, "%s", buf_cstr(&b));
	buf_free(&b);
	return err_set(e, ERR_CONFLICT, "số liệu %s của đơn vị %s %s (%s); muốn sửa, đề nghị cấp trên trả lại", label,
		       unit_code, appr_state_label(st.state), st.row.by);
}

int approval_json(buf *b, store *s, const char *unit_code, const period *month, err *e)
{
	approval_status st;
	store_approval_event *ev = NULL;
	size_t n = 0;
	int rc = approval_get(s, unit_code, month, &st, e);
	if (rc || (rc = store_approval_events(s, unit_code, month, &ev, &n, e)))
		return rc;
	int bad = 0;
	bad |= buf_puts(b, "{\"unit\":");
	bad |= buf_json_str(b, unit_code);
	bad |= buf_puts(b, ",\"period\":\"");
	bad |= period_format_code(b, month);
	bad |= buf_printf(b, "\",\"state\":\"%s\",\"label\":", appr_state_code(st.state));
	bad |= buf_json_str(b, appr_state_label(st.state));
	bad |= buf_printf(b, ",\"locked\":%s,\"by\":", appr_locked(st.state) ? "true" : "false");
	bad |= buf_json_str(b, st.row.by);
	bad |= buf_printf(b, ",\"at\":%lld,\"comment\":", (long long)st.row.at);
	bad |= buf_json_str(b, st.row.comment);
	bad |= buf_puts(b, ",\"events\":[");
	for (size_t k = 0; k < n; k++) {
		bad |= buf_puts(b, k ? ",{\"from\":" : "{\"from\":");
		bad |= buf_json_str(b, ev[k].from);
		bad |= buf_puts(b, ",\"to\":");
		bad |= buf_json_str(b, ev[k].to);
		bad |= buf_puts(b, ",\"by\":");
		bad |= buf_json_str(b, ev[k].by);
		bad |= buf_printf(b, ",\"at\":%lld,\"comment\":", (long long)ev[k].at);
		bad |= buf_json_str(b, ev[k].comment);
		bad |= buf_putc(b, '}');
	}
	bad |= buf_puts(b, "]}\n");
	free(ev);
	return bad ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi trả trạng thái duyệt") : 0;
}
