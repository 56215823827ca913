/*
 * approval.c - the steps of approval (approval.h): which step fits which
 * state, the validation a submit runs, the refusal of writes to figures
 * under review or approved, and the JSON of a state with its history.
 *
 * Not for: who may take a step (src/auth), the rows (store_approval.c).
 */
#include "core/approval.h"

#include "core/notify.h"
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

int approval_get(store *s, const char *unit_code, const period *month, const char *agency_code,
		 approval_status *out, err *e)
{
	memset(out, 0, sizeof *out);
	int rc = store_approval_get(s, unit_code, month, agency_code, &out->row, e);
	if (rc)
		return rc;
	if (appr_state_from_code(out->row.state, &out->state, NULL) != 0)
		return err_set(e, ERR_DB, "trạng thái duyệt \"%s\" của đơn vị %s trong CSDL không hợp lệ", out->row.state,
			       unit_code);
	return 0;
}

/* Sets *yes when item it concerns the part being submitted: any item of
 * the unit for the whole unit; for an agency's part, one naming an
 * indicator of that agency (a rule names its first indicator). 0 or the
 * store's error. */
static int item_is_mine(store *s, const validate_item *it, const char *unit_code, const char *agency_code, bool *yes,
			err *e)
{
	*yes = false;
	if (strcmp(it->unit_code, unit_code))
		return 0;
	if (!agency_code || !agency_code[0]) {
		*yes = true;
		return 0;
	}
	indicator ind;
	int rc = store_indicator_get(s, it->indicator_code, &ind, e);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc == 0)
		*yes = !strcmp(ind.agency_code, agency_code);
	return rc;
}

int approval_act(store *s, const char *unit_code, const period *month, const char *agency_code, appr_action a,
		 const char *by, int64_t at, const char *comment, appr_state *to, err *e)
{
	if (!period_valid(month) || month->type != PERIOD_MONTH)
		return err_set(e, ERR_INVALID, "duyệt số liệu theo tháng: kỳ phải là một tháng (202206)");
	if (!by || !by[0])
		return err_set(e, ERR_INVALID, "thiếu người thực hiện bước duyệt");
	approval_status st;
	int rc = approval_get(s, unit_code, month, agency_code, &st, e);
	if (rc || (rc = appr_next(st.state, a, comment, to, e)))
		return rc;
	/* where acceptance is asked for, the children's approved months first */
	if (a == APPR_APPROVE && (!agency_code || !agency_code[0]) &&
	    (rc = approval_accept_blocks(s, unit_code, month, e)))
		return rc;
	if (a == APPR_SUBMIT) {
		/* the unit's own figures of the month (of an agency's part: its
		 * indicators'): errors block the submit, and so do broken warning
		 * rules no value's comment explains */
		validate_result v;
		if ((rc = validate_run(s, unit_code, month, &v, e)))
			return rc;
		size_t mine = 0, first = 0, unexplained = 0, first_w = 0;
		for (size_t k = 0; k < v.n_items && !rc; k++) {
			const validate_item *it = &v.items[k];
			bool yes = false;
			if ((rc = item_is_mine(s, it, unit_code, agency_code, &yes, e)) || !yes)
				continue;
			if (validate_is_error(it->kind) && mine++ == 0)
				first = k;
			if (it->kind == VALIDATE_RULE_WARNING && !it->commented && unexplained++ == 0)
				first_w = k;
		}
		if (!rc && mine)
			rc = err_set(e, ERR_CONFLICT, "chưa nộp được: %zu lỗi trong số liệu, sửa trước khi nộp; %s", mine,
				     v.items[first].message);
		else if (!rc && unexplained)
			rc = err_set(e, ERR_CONFLICT,
				     "chưa nộp được: %zu cảnh báo chưa có ghi chú giải thích; ghi chú (comment) cho số "
				     "liệu rồi nộp lại; %s",
				     unexplained, v.items[first_w].message);
		validate_free(&v);
		if (rc)
			return rc;
	}
	/* the move and its notices in one transaction (notify.h) */
	if ((rc = store_begin(s, e)))
		return rc;
	if ((rc = store_approval_move(s, unit_code, month, agency_code, appr_state_code(st.state), appr_state_code(*to),
				      by, at ? at : (int64_t)time(NULL), comment ? comment : "", e)) ||
	    (rc = notify_approval(s, unit_code, month, agency_code, *to, by, comment, e))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

/* ERR_CONFLICT naming month m of unit_code (of agency_code's part when
 * given), its state st and what to do. */
static int write_refused(const char *unit_code, const period *m, const char *agency_code, const approval_status *st,
			 err *e)
{
	buf b;
	buf_init(&b, 64);
	period_format_label(&b, m);
	char label[64];
	snprintf(label, sizeof label, "%s", buf_cstr(&b));
	buf_free(&b);
	if (agency_code && agency_code[0])
		return err_set(e, ERR_CONFLICT,
			       "số liệu %s của cơ quan %s tại đơn vị %s %s (%s); muốn sửa, đề nghị cấp trên trả lại",
			       label, agency_code, unit_code, appr_state_label(st->state), st->row.by);
	return err_set(e, ERR_CONFLICT, "số liệu %s của đơn vị %s %s (%s); muốn sửa, đề nghị cấp trên trả lại", label,
		       unit_code, appr_state_label(st->state), st->row.by);
}

int approval_write_check(store *s, const char *unit_code, const period *p, const indicator *ind, err *e)
{
	period m = appr_month_of(p);
	approval_status st;
	int rc = approval_get(s, unit_code, &m, NULL, &st, e);
	if (rc)
		return rc;
	if (appr_locked(st.state))
		return write_refused(unit_code, &m, NULL, &st, e);
	if (!ind || !ind->agency_code[0])
		return 0;
	if ((rc = approval_get(s, unit_code, &m, ind->agency_code, &st, e)))
		return rc;
	return appr_locked(st.state) ? write_refused(unit_code, &m, ind->agency_code, &st, e) : 0;
}

int approval_json(buf *b, store *s, const char *unit_code, const period *month, const char *agency_code, err *e)
{
	approval_status st, whole;
	store_approval_event *ev = NULL;
	size_t n = 0;
	bool part = agency_code && agency_code[0];
	int rc = approval_get(s, unit_code, month, agency_code, &st, e);
	if (!rc && part)
		rc = approval_get(s, unit_code, month, NULL, &whole, e);
	if (rc || (rc = store_approval_events(s, unit_code, month, agency_code, &ev, &n, e)))
		return rc;
	int bad = 0;
	bad |= buf_puts(b, "{\"unit\":");
	bad |= buf_json_str(b, unit_code);
	bad |= buf_puts(b, ",\"period\":\"");
	bad |= period_format_code(b, month);
	bad |= buf_puts(b, "\",\"agency\":");
	bad |= buf_json_str(b, part ? agency_code : "");
	if (part) {
		bad |= buf_printf(b, ",\"unit_state\":{\"state\":\"%s\",\"label\":", appr_state_code(whole.state));
		bad |= buf_json_str(b, appr_state_label(whole.state));
		bad |= buf_printf(b, ",\"locked\":%s}", appr_locked(whole.state) ? "true" : "false");
	}
	bad |= buf_printf(b, ",\"state\":\"%s\",\"label\":", appr_state_code(st.state));
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
