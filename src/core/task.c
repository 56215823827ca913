/*
 * task.c - meetings and tasks (issue #5): the names of their kinds,
 * priorities, states, statuses and history events; the checks of their
 * fields; reading a deadline; the rules of change (what a put derives,
 * extending, cancelling, reopening, progress reports, a unit's existence on
 * the assignment day, moving and deleting meetings); and the status and
 * statistics rules of task.h (status computed from dates on a Vietnam day,
 * never stored). Pure: every function decides from what it is given.
 *
 * Not for: SQL (store_tasks.c), the transactions that apply the rules
 * (task_ops.c), documents (task_notice.c) or who may do what (the API's
 * checks).
 */
#include "core/task.h"

#include <stdio.h>
#include <string.h>

#include "core/vnfmt.h"
#include "util/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- meetings ------------------------------------------------------- */

static const model_enum meeting_kinds[] = {
	{MEETING_MONTHLY, "monthly", "Giao ban tháng"},
	{MEETING_QUARTERLY, "quarterly", "Họp sơ kết quý"},
	{MEETING_COUNCIL, "council", "Kỳ họp Hội đồng nhân dân"},
	{MEETING_VISIT, "visit", "Làm việc với đoàn công tác cấp trên"},
	{MEETING_THEMATIC, "thematic", "Họp chuyên đề"},
};

const char *meeting_kind_code(meeting_kind k)
{
	return model_enum_code(meeting_kinds, N_OF(meeting_kinds), (int)k);
}

const char *meeting_kind_label(meeting_kind k)
{
	return model_enum_label(meeting_kinds, N_OF(meeting_kinds), (int)k, "?");
}

int meeting_kind_from_code(const char *s, meeting_kind *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(meeting_kinds, N_OF(meeting_kinds), s, MODEL_ENUM_EXACT,
				  "loại cuộc họp (kind)", &v, e);
	if (!rc)
		*out = (meeting_kind)v;
	return rc;
}

/* True when s (a fixed field of size n) is terminated within it and valid UTF-8. */
static bool field_ok(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	return len < n && text_utf8_valid(s, len);
}

/* True when s holds something other than spaces, tabs and line breaks. */
static bool has_text(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			return true;
	return false;
}

/* A code field: present (when required), terminated, without spaces or controls. */
static int check_code(const char *c, bool required, const char *owner, const char *field, err *e)
{
	size_t len = strnlen(c, CODE_MAX);
	if (len >= CODE_MAX)
		return err_set(e, ERR_INVALID, "%s: mã %s dài quá %d byte", owner, field, CODE_MAX - 1);
	if (required && len == 0)
		return err_set(e, ERR_INVALID, "%s: thiếu mã %s", owner, field);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)c[i] <= ' ' || c[i] == 0x7f)
			return err_set(e, ERR_INVALID, "%s: mã %s \"%.*s\" có khoảng trắng hoặc ký tự điều khiển",
				       owner, field, (int)len, c);
	return 0;
}

/* A list of n codes (each required) without repeats. */
static int check_codes(const char list[][CODE_MAX], int n, int max, const char *owner,
		       const char *field, err *e)
{
	int rc;
	if (n < 0 || n > max)
		return err_set(e, ERR_INVALID, "%s: %s có %d mã, tối đa %d", owner, field, n, max);
	for (int i = 0; i < n; i++) {
		if ((rc = check_code(list[i], true, owner, field, e)))
			return rc;
		for (int j = 0; j < i; j++)
			if (!strcmp(list[i], list[j]))
				return err_set(e, ERR_INVALID, "%s: mã \"%s\" lặp lại trong %s", owner,
					       list[i], field);
	}
	return 0;
}

int meeting_check(const meeting *m, err *e)
{
	const char *who = "cuộc họp";
	int rc;
	if (!model_enum_find(meeting_kinds, N_OF(meeting_kinds), (int)m->kind))
		return err_set(e, ERR_INVALID, "%s: loại cuộc họp (kind) %d không hợp lệ", who, (int)m->kind);
	if (!field_ok(m->title, sizeof m->title) || !has_text(m->title))
		return err_set(e, ERR_INVALID, "%s: thiếu tên cuộc họp (title) hoặc tên không phải UTF-8", who);
	if (!cdate_valid(m->date))
		return err_set(e, ERR_INVALID, "%s: ngày họp (date) không hợp lệ", who);
	if (m->time_min < -1 || m->time_min > 1439)
		return err_set(e, ERR_INVALID, "%s: giờ họp (time) phải từ 00:00 đến 23:59", who);
	if ((rc = check_code(m->unit_code, true, who, "đơn vị chủ trì cuộc họp (unit)", e)))
		return rc;
	if (!field_ok(m->chair, sizeof m->chair) || !field_ok(m->attendees, sizeof m->attendees) ||
	    !field_ok(m->conclusions, sizeof m->conclusions) ||
	    !field_ok(m->notice_no, sizeof m->notice_no) ||
	    !field_ok(m->created_by, sizeof m->created_by))
		return err_set(e, ERR_INVALID,
			       "%s: chủ trì (chair), thành phần (attendees), kết luận (conclusions) hoặc "
			       "số thông báo (notice_no) quá dài hoặc không phải UTF-8",
			       who);
	if ((rc = check_codes((const char(*)[CODE_MAX])m->units, m->n_units, MEETING_UNITS_MAX, who,
			      "đơn vị dự họp (units)", e)) ||
	    (rc = check_codes((const char(*)[CODE_MAX])m->indicators, m->n_indicators,
			      MEETING_INDICATORS_MAX, who, "chỉ tiêu xem xét (indicators)", e)))
		return rc;
	if (m->has_period && !period_valid(&m->period))
		return err_set(e, ERR_INVALID, "%s: kỳ xem xét (period) không hợp lệ", who);
	return 0;
}

/* ---- names of tasks' enumerations ---------------------------------- */

static const model_enum priorities[] = {
	{TASK_PRIO_NORMAL, "normal", "Thường"},
	{TASK_PRIO_HIGH, "high", "Quan trọng"},
	{TASK_PRIO_URGENT, "urgent", "Khẩn"},
};

static const model_enum states[] = {
	{TASK_OPEN, "open", "Đang mở"},
	{TASK_DONE, "done", "Đã hoàn thành"},
	{TASK_CANCELLED, "cancelled", "Đã hủy"},
};

static const model_enum statuses[] = {
	{TASK_ST_ON_TIME, "done_on_time", "Hoàn thành đúng hạn"},
	{TASK_ST_LATE, "done_late", "Hoàn thành quá hạn"},
	{TASK_ST_IN_PROGRESS, "in_progress", "Đang thực hiện trong hạn"},
	{TASK_ST_OVERDUE, "overdue", "Quá hạn chưa hoàn thành"},
	{TASK_ST_CANCELLED, "cancelled", "Đã hủy"},
};

static const model_enum events[] = {
	{TASK_EV_CREATED, "created", "Giao nhiệm vụ"},
	{TASK_EV_EDITED, "edited", "Sửa nội dung"},
	{TASK_EV_EXTENDED, "extended", "Gia hạn"},
	{TASK_EV_CANCELLED, "cancelled", "Hủy"},
	{TASK_EV_PROGRESS, "progress", "Báo cáo tiến độ"},
	{TASK_EV_DONE, "done", "Hoàn thành"},
	{TASK_EV_REOPENED, "reopened", "Mở lại"},
};

const char *task_priority_code(task_priority p)
{
	return model_enum_code(priorities, N_OF(priorities), (int)p);
}

const char *task_priority_label(task_priority p)
{
	return model_enum_label(priorities, N_OF(priorities), (int)p, "?");
}

int task_priority_from_code(const char *s, task_priority *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(priorities, N_OF(priorities), s, MODEL_ENUM_EXACT,
				  "mức ưu tiên (priority)", &v, e);
	if (!rc)
		*out = (task_priority)v;
	return rc;
}

const char *task_state_code(task_state s)
{
	return model_enum_code(states, N_OF(states), (int)s);
}

int task_state_from_code(const char *s, task_state *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(states, N_OF(states), s, MODEL_ENUM_EXACT,
				  "trạng thái lưu (state)", &v, e);
	if (!rc)
		*out = (task_state)v;
	return rc;
}

const char *task_status_code(task_status s)
{
	return model_enum_code(statuses, N_OF(statuses), (int)s);
}

const char *task_status_label(task_status s)
{
	return model_enum_label(statuses, N_OF(statuses), (int)s, "?");
}

int task_status_from_code(const char *s, task_status *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(statuses, N_OF(statuses), s, MODEL_ENUM_EXACT,
				  "tình trạng (status)", &v, e);
	if (!rc)
		*out = (task_status)v;
	return rc;
}

const char *task_event_code(task_event_kind k)
{
	return model_enum_code(events, N_OF(events), (int)k);
}

const char *task_event_label(task_event_kind k)
{
	return model_enum_label(events, N_OF(events), (int)k, "?");
}

int task_event_from_code(const char *s, task_event_kind *out, err *e)
{
	int v = 0;
	int rc = model_enum_parse(events, N_OF(events), s, MODEL_ENUM_EXACT,
				  "loại sự kiện (event)", &v, e);
	if (!rc)
		*out = (task_event_kind)v;
	return rc;
}

/* ---- deadlines ------------------------------------------------------ */

int task_parse_due(const char *s, task *t, err *e)
{
	err pe;
	if (!s || !s[0])
		return err_set(e, ERR_INVALID, "thiếu hạn hoàn thành (due)");
	if (strchr(s, '/') || strchr(s, '-')) {
		cdate d;
		if (vn_parse_date(s, &d, &pe))
			return err_set(e, ERR_INVALID, "hạn hoàn thành (due): %s", pe.msg);
		t->due = d;
		t->due_is_period = false;
		memset(&t->due_period, 0, sizeof t->due_period);
		return 0;
	}
	period p;
	if (period_parse(s, &p, &pe))
		return err_set(e, ERR_INVALID,
			       "hạn hoàn thành (due) \"%.40s\": không phải ngày (30/06/2022) hay kỳ "
			       "(202207, 2022Q3, 2022) (%s)",
			       s, pe.msg);
	t->due_is_period = true;
	t->due_period = p;
	t->due = period_end_date(&p);
	return 0;
}

int task_format_due(buf *b, const task *t)
{
	int rc;
	if (!cdate_valid(t->due))
		return buf_puts(b, "?");
	if (t->due_is_period && period_valid(&t->due_period) &&
	    !cdate_cmp(period_end_date(&t->due_period), t->due)) {
		if ((rc = period_format_label(b, &t->due_period)) || (rc = buf_puts(b, " (")) ||
		    (rc = vn_format_date(b, t->due)))
			return rc;
		return buf_putc(b, ')');
	}
	return vn_format_date(b, t->due);
}

/* ---- checks --------------------------------------------------------- */

/* True when code is among the n codes of list. */
static bool in_list(const char list[][CODE_MAX], int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], code))
			return true;
	return false;
}

int task_check(const task *t, err *e)
{
	const char *who = "nhiệm vụ";
	int rc;
	if (!field_ok(t->content, sizeof t->content))
		return err_set(e, ERR_INVALID, "%s: nội dung (content) dài quá %d byte hoặc không phải UTF-8",
			       who, TASK_CONTENT_MAX - 1);
	if (!has_text(t->content))
		return err_set(e, ERR_INVALID, "%s: nội dung (content) trống", who);
	if ((rc = check_code(t->owner_unit, true, who, "đơn vị giao (owner_unit)", e)) ||
	    (rc = check_code(t->lead_unit, false, who, "đơn vị chủ trì (lead_unit)", e)) ||
	    (rc = check_code(t->lead_agency, false, who, "cơ quan chủ trì (lead_agency)", e)))
		return rc;
	if (!t->lead_unit[0] == !t->lead_agency[0])
		return err_set(e, ERR_INVALID,
			       "%s: cần đúng một đơn vị hoặc cơ quan chủ trì (lead_unit hoặc lead_agency)",
			       who);
	if ((rc = check_codes((const char(*)[CODE_MAX])t->coord_units, t->n_coord, TASK_UNITS_MAX, who,
			      "đơn vị phối hợp (coord_units)", e)) ||
	    (rc = check_codes((const char(*)[CODE_MAX])t->coord_agencies, t->n_coord_agencies,
			      TASK_UNITS_MAX, who, "cơ quan phối hợp (coord_agencies)", e)) ||
	    (rc = check_codes((const char(*)[CODE_MAX])t->indicators, t->n_indicators,
			      TASK_INDICATORS_MAX, who, "chỉ tiêu liên quan (indicators)", e)))
		return rc;
	if (t->lead_unit[0] &&
	    in_list((const char(*)[CODE_MAX])t->coord_units, t->n_coord, t->lead_unit))
		return err_set(e, ERR_INVALID,
			       "%s: đơn vị chủ trì %s không thể đồng thời là đơn vị phối hợp (coord_units)",
			       who, t->lead_unit);
	if (t->lead_agency[0] &&
	    in_list((const char(*)[CODE_MAX])t->coord_agencies, t->n_coord_agencies, t->lead_agency))
		return err_set(e, ERR_INVALID,
			       "%s: cơ quan chủ trì %s không thể đồng thời là cơ quan phối hợp "
			       "(coord_agencies)",
			       who, t->lead_agency);
	if (!field_ok(t->assigned_by, sizeof t->assigned_by))
		return err_set(e, ERR_INVALID, "%s: người giao (assigned_by) quá dài", who);
	if (!cdate_valid(t->assigned_on))
		return err_set(e, ERR_INVALID, "%s: ngày giao (assigned_on) không hợp lệ", who);
	if (!cdate_valid(t->due))
		return err_set(e, ERR_INVALID, "%s: hạn hoàn thành (due) không hợp lệ", who);
	if (t->due_is_period && !period_valid(&t->due_period))
		return err_set(e, ERR_INVALID, "%s: kỳ của hạn hoàn thành (due) không hợp lệ", who);
	if (cdate_cmp(t->due, t->assigned_on) < 0) {
		char d1[16], d2[16];
		snprintf(d1, sizeof d1, "%02d/%02d/%04d", t->due.d, t->due.m, t->due.y);
		snprintf(d2, sizeof d2, "%02d/%02d/%04d", t->assigned_on.d, t->assigned_on.m,
			 t->assigned_on.y);
		return err_set(e, ERR_INVALID, "%s: hạn hoàn thành (due) %s trước ngày giao %s%s", who, d1,
			       d2, t->meeting_id ? " (ngày họp)" : "");
	}
	if (!cdate_is_none(t->due_original) && !cdate_valid(t->due_original))
		return err_set(e, ERR_INVALID, "%s: hạn ban đầu (due_original) không hợp lệ", who);
	if (!model_enum_find(priorities, N_OF(priorities), (int)t->priority))
		return err_set(e, ERR_INVALID, "%s: mức ưu tiên (priority) %d không hợp lệ", who,
			       (int)t->priority);
	if (!model_enum_find(states, N_OF(states), (int)t->state))
		return err_set(e, ERR_INVALID, "%s: trạng thái (state) %d không hợp lệ", who, (int)t->state);
	if (t->state == TASK_DONE && !cdate_valid(t->done_on))
		return err_set(e, ERR_INVALID, "%s: nhiệm vụ đã hoàn thành cần ngày hoàn thành (done_on)",
			       who);
	if (t->percent < 0 || t->percent > 100)
		return err_set(e, ERR_INVALID, "%s: tỷ lệ hoàn thành (percent) phải từ 0 đến 100", who);
	if (t->meeting_id < 0)
		return err_set(e, ERR_INVALID, "%s: số cuộc họp (meeting_id) không hợp lệ", who);
	return 0;
}

/* ---- rules of change ------------------------------------------------ */

void task_prepare(task *w, const task *old, const meeting *m, int64_t now)
{
	if (old) {
		/* What an edit cannot change. */
		w->meeting_id = old->meeting_id;
		snprintf(w->assigned_by, sizeof w->assigned_by, "%s", old->assigned_by);
		w->assigned_on = old->assigned_on;
		w->state = old->state;
		w->done_on = old->done_on;
		w->percent = old->percent;
		w->created_at = old->created_at;
		if (!w->owner_unit[0])
			snprintf(w->owner_unit, sizeof w->owner_unit, "%s", old->owner_unit);
		/* A corrected deadline of a never extended task is its first one too. */
		w->due_original = cdate_cmp(old->due, old->due_original) ? old->due_original : w->due;
	} else {
		w->state = TASK_OPEN;
		memset(&w->done_on, 0, sizeof w->done_on);
		w->percent = 0;
		w->due_original = w->due;
		if (!w->created_at)
			w->created_at = now;
		if (!w->priority)
			w->priority = TASK_PRIO_NORMAL;
		if (m) {
			w->assigned_on = m->date;
			if (!w->owner_unit[0])
				snprintf(w->owner_unit, sizeof w->owner_unit, "%s", m->unit_code);
		} else if (cdate_is_none(w->assigned_on)) {
			w->assigned_on = task_today(now);
		}
	}
	w->updated_at = now;
}

int task_check_edit(const task *old, const task *w, err *e)
{
	if (cdate_valid(w->due) && cdate_cmp(w->due, old->due) > 0)
		return err_set(e, ERR_INVALID,
			       "nhiệm vụ số %lld: hạn hoàn thành (due) chỉ lùi được bằng gia hạn "
			       "(extend) kèm lý do",
			       (long long)old->id);
	return 0;
}

int task_check_unit_on(const unit *u, cdate on, const char *role, const unit *succ, err *e)
{
	char d1[16], d2[16];
	vn_date_text(on, d2, sizeof d2);
	if (!cdate_is_none(u->valid_to) && cdate_cmp(u->valid_to, on) < 0) {
		char became[CODE_MAX + NAME_MAX_ + 40] = "";
		if (succ)
			snprintf(became, sizeof became, "; nay là %s %s", succ->code, succ->name);
		vn_date_text(u->valid_to, d1, sizeof d1);
		return err_set(e, ERR_CONFLICT,
			       "%s: đơn vị %s (%s) không còn tồn tại vào ngày %s (hết hiệu lực từ sau "
			       "%s%s)",
			       role, u->code, u->name, d2, d1, became);
	}
	if (!cdate_is_none(u->valid_from) && cdate_cmp(u->valid_from, on) > 0) {
		vn_date_text(u->valid_from, d1, sizeof d1);
		return err_set(e, ERR_CONFLICT, "%s: đơn vị %s (%s) chưa thành lập vào ngày %s (có từ %s)",
			       role, u->code, u->name, d2, d1);
	}
	return 0;
}

int task_check_reason(const char *reason, const char *what, err *e)
{
	size_t len = reason ? strlen(reason) : 0;
	if (!reason || !has_text(reason))
		return err_set(e, ERR_INVALID, "%s: cần lý do (reason)", what);
	if (len >= TASK_REASON_MAX)
		return err_set(e, ERR_INVALID, "%s: lý do (reason) dài quá %d byte", what,
			       TASK_REASON_MAX - 1);
	return 0;
}

int task_check_extend(int64_t id, const task *t, cdate new_due, const char *reason, err *e)
{
	char what[64];
	int rc;
	snprintf(what, sizeof what, "gia hạn nhiệm vụ số %lld", (long long)id);
	if ((rc = task_check_reason(reason, what, e)))
		return rc;
	if (!cdate_valid(new_due))
		return err_set(e, ERR_INVALID, "%s: hạn mới (due) không hợp lệ", what);
	if (!t)
		return 0;
	if (t->state != TASK_OPEN)
		return err_set(e, ERR_CONFLICT, "%s: nhiệm vụ %s, không gia hạn được", what,
			       t->state == TASK_DONE ? "đã hoàn thành" : "đã bị hủy");
	if (cdate_cmp(new_due, t->due) <= 0) {
		char d1[16], d2[16];
		vn_date_text(new_due, d1, sizeof d1);
		vn_date_text(t->due, d2, sizeof d2);
		return err_set(e, ERR_INVALID, "%s: hạn mới (due) %s phải sau hạn hiện tại %s", what, d1,
			       d2);
	}
	return 0;
}

int task_check_cancel(int64_t id, const task *t, const char *reason, err *e)
{
	char what[64];
	int rc;
	snprintf(what, sizeof what, "hủy nhiệm vụ số %lld", (long long)id);
	if ((rc = task_check_reason(reason, what, e)))
		return rc;
	if (t && t->state != TASK_OPEN)
		return err_set(e, ERR_CONFLICT, "%s: nhiệm vụ %s", what,
			       t->state == TASK_DONE ? "đã hoàn thành" : "đã bị hủy trước đó");
	return 0;
}

int task_check_reopen(int64_t id, const task *t, const char *reason, err *e)
{
	char what[64];
	int rc;
	snprintf(what, sizeof what, "mở lại nhiệm vụ số %lld", (long long)id);
	if ((rc = task_check_reason(reason, what, e)))
		return rc;
	if (t && t->state != TASK_DONE)
		return err_set(e, ERR_CONFLICT, "%s: chỉ mở lại được nhiệm vụ đã hoàn thành", what);
	return 0;
}

int meeting_check_unit_change(const meeting *old, const meeting *m, long long n_tasks, err *e)
{
	if (strcmp(old->unit_code, m->unit_code) && n_tasks > 0)
		return err_set(e, ERR_CONFLICT,
			       "cuộc họp số %lld đã giao %lld nhiệm vụ: không đổi được đơn vị tổ "
			       "chức (unit)",
			       (long long)m->id, n_tasks);
	return 0;
}

int meeting_check_date(const meeting *m, const task *tasks, size_t n, err *e)
{
	const task *first = NULL;
	for (size_t i = 0; i < n; i++) {
		const task *t = &tasks[i];
		if (cdate_cmp(t->due, m->date) >= 0)
			continue;
		if (!first || cdate_cmp(t->due, first->due) < 0 ||
		    (!cdate_cmp(t->due, first->due) && t->id < first->id))
			first = t;
	}
	if (!first)
		return 0;
	char d[16];
	vn_date_text(first->due, d, sizeof d);
	return err_set(e, ERR_INVALID,
		       "cuộc họp số %lld: ngày họp (date) mới sau hạn hoàn thành %s của nhiệm vụ "
		       "số %lld",
		       (long long)m->id, d, (long long)first->id);
}

int meeting_check_delete(const meeting *m, long long n_tasks, err *e)
{
	if (n_tasks > 0)
		return err_set(e, ERR_CONFLICT,
			       "cuộc họp số %lld đã giao %lld nhiệm vụ: không xóa được (hãy hủy hoặc giữ lại)",
			       (long long)m->id, n_tasks);
	return 0;
}

void task_progress_attach(task_progress *p, size_t attach_len)
{
	p->attach_size = (int64_t)attach_len;
	if (!attach_len) {
		p->attach_name[0] = '\0';
		p->attach_type[0] = '\0';
	} else if (!p->attach_type[0]) {
		snprintf(p->attach_type, sizeof p->attach_type, "application/octet-stream");
	}
}

int task_check_progress(const task *t, const task_progress *p, size_t attach_len, cdate today,
			err *e)
{
	int rc;
	if (attach_len > ATTACH_MAX)
		return err_set(e, ERR_TOOBIG, "báo cáo tiến độ: tệp đính kèm lớn quá %d MB",
			       ATTACH_MAX / (1024 * 1024));
	if ((rc = task_progress_check(p, today, e)) || !t)
		return rc;
	const char *lead = t->lead_unit[0] ? t->lead_unit : t->lead_agency;
	if (strcmp(p->lead_code, lead))
		return err_set(e, ERR_FORBIDDEN,
			       "báo cáo tiến độ nhiệm vụ số %lld: %s không phải đơn vị chủ trì (chủ trì: %s)",
			       (long long)t->id, p->lead_code, lead);
	if (t->state != TASK_OPEN)
		return err_set(e, ERR_CONFLICT, "báo cáo tiến độ nhiệm vụ số %lld: nhiệm vụ %s",
			       (long long)t->id, t->state == TASK_DONE ? "đã hoàn thành" : "đã bị hủy");
	if (cdate_cmp(p->date, t->assigned_on) < 0) {
		char d1[16], d2[16];
		vn_date_text(p->date, d1, sizeof d1);
		vn_date_text(t->assigned_on, d2, sizeof d2);
		return err_set(e, ERR_INVALID,
			       "báo cáo tiến độ nhiệm vụ số %lld: ngày báo cáo (date) %s trước ngày giao %s",
			       (long long)t->id, d1, d2);
	}
	return 0;
}

int task_progress_check(const task_progress *p, cdate today, err *e)
{
	const char *who = "báo cáo tiến độ";
	if (!field_ok(p->text, sizeof p->text))
		return err_set(e, ERR_INVALID, "%s: nội dung (text) dài quá %d byte hoặc không phải UTF-8",
			       who, PROGRESS_TEXT_MAX - 1);
	if (!has_text(p->text))
		return err_set(e, ERR_INVALID, "%s: nội dung (text) trống", who);
	if (check_code(p->lead_code, true, who, "đơn vị báo cáo (lead_code)", e))
		return ERR_INVALID;
	if (p->percent < 0 || p->percent > 100)
		return err_set(e, ERR_INVALID, "%s: tỷ lệ hoàn thành (percent) phải từ 0 đến 100", who);
	if (p->done && p->percent != 100)
		return err_set(e, ERR_INVALID,
			       "%s: báo cáo hoàn thành (done) cần tỷ lệ hoàn thành (percent) 100", who);
	if (!cdate_valid(p->date))
		return err_set(e, ERR_INVALID, "%s: ngày báo cáo (date) không hợp lệ", who);
	if (cdate_valid(today) && cdate_cmp(p->date, today) > 0)
		return err_set(e, ERR_INVALID, "%s: ngày báo cáo (date) %02d/%02d/%04d sau hôm nay", who,
			       p->date.d, p->date.m, p->date.y);
	size_t nl = strnlen(p->attach_name, sizeof p->attach_name);
	if (nl >= sizeof p->attach_name || !text_utf8_valid(p->attach_name, nl))
		return err_set(e, ERR_INVALID, "%s: tên tệp đính kèm (attach_name) quá dài hoặc không phải UTF-8",
			       who);
	for (size_t i = 0; i < nl; i++) {
		unsigned char c = (unsigned char)p->attach_name[i];
		if (c < ' ' || c == 0x7f || c == '/' || c == '\\')
			return err_set(e, ERR_INVALID,
				       "%s: tên tệp đính kèm (attach_name) không được chứa '/', '\\' hay ký tự "
				       "điều khiển",
				       who);
	}
	if (nl && (!strcmp(p->attach_name, ".") || !strcmp(p->attach_name, "..")))
		return err_set(e, ERR_INVALID, "%s: tên tệp đính kèm (attach_name) không hợp lệ", who);
	if (strnlen(p->attach_type, sizeof p->attach_type) >= sizeof p->attach_type)
		return err_set(e, ERR_INVALID, "%s: kiểu tệp đính kèm (attach_type) quá dài", who);
	if (p->attach_size < 0 || p->attach_size > ATTACH_MAX)
		return err_set(e, ERR_INVALID, "%s: tệp đính kèm lớn quá %d MB (attach_size)", who,
			       ATTACH_MAX / (1024 * 1024));
	if (!nl && p->attach_size)
		return err_set(e, ERR_INVALID, "%s: tệp đính kèm cần tên (attach_name)", who);
	return 0;
}

/* ---- status --------------------------------------------------------- */

cdate task_today(int64_t unix_time)
{
	return cdate_from_unix_vn(unix_time);
}

task_status task_status_on(const task *t, cdate today)
{
	if (t->state == TASK_CANCELLED)
		return TASK_ST_CANCELLED;
	if (t->state == TASK_DONE)
		return cdate_cmp(t->done_on, t->due) <= 0 ? TASK_ST_ON_TIME : TASK_ST_LATE;
	return cdate_cmp(today, t->due) <= 0 ? TASK_ST_IN_PROGRESS : TASK_ST_OVERDUE;
}

long task_days_left(const task *t, cdate today)
{
	return cdate_to_days(t->due) - cdate_to_days(today);
}

/* ---- statistics ----------------------------------------------------- */

/* True when t was done on or before day d. */
static bool done_by(const task *t, cdate d)
{
	return t->state == TASK_DONE && cdate_cmp(t->done_on, d) <= 0;
}

bool task_counts_in(const task *t, const period *p, cdate as_of)
{
	if (t->state == TASK_CANCELLED || !period_valid(p))
		return false;
	if (cdate_cmp(t->assigned_on, as_of) > 0)
		return false;
	cdate start = period_start_date(p), end = period_end_date(p);
	if (cdate_cmp(t->due, start) >= 0 && cdate_cmp(t->due, end) <= 0)
		return true;
	/* Carried over: due before the period and not yet done when it began. */
	if (cdate_cmp(t->due, start) < 0) {
		cdate eve = cdate_from_days(cdate_to_days(start) - 1);
		return !done_by(t, eve);
	}
	return false;
}

void task_stats_add(task_stats *st, const task *t, cdate as_of)
{
	task_status s;
	if (t->state == TASK_DONE && cdate_cmp(t->done_on, as_of) > 0) {
		/* Done after as_of: on as_of it was still open. */
		s = cdate_cmp(as_of, t->due) <= 0 ? TASK_ST_IN_PROGRESS : TASK_ST_OVERDUE;
	} else {
		s = task_status_on(t, as_of);
	}
	switch (s) {
	case TASK_ST_ON_TIME: st->on_time++; break;
	case TASK_ST_LATE: st->late++; break;
	case TASK_ST_IN_PROGRESS: st->in_progress++; break;
	case TASK_ST_OVERDUE: st->overdue++; break;
	case TASK_ST_CANCELLED: return;
	}
	st->total++;
}

void task_stats_finish(task_stats *st)
{
	long den = (long)st->on_time + st->late + st->overdue;
	if (den <= 0) {
		st->has_pct = false;
		st->pct_on_time = 0;
		return;
	}
	/* on_time / den × 100, as num_t (× NUM_SCALE), rounded half up. */
	int64_t scaled = (int64_t)st->on_time * 100 * NUM_SCALE;
	st->pct_on_time = (num_t)((scaled * 2 + den) / (2 * den));
	st->has_pct = true;
}
