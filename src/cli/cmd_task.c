/*
 * cmd_task.c - `chitieu task add|list|show|extend|cancel|reopen|progress|
 * stats|due` and `chitieu remind`: the tasks assigned at meetings (or
 * directly), from the command line, plus the helpers cmd_meeting.c shares
 * (task_cli.h).
 *
 * A thin face: the rules are core/task.c's, every change goes through
 * core/task_ops.c (which checks them), the SQL is the store's,
 * the digest core/task_notice.c's. "Today" is the Vietnam date now or
 * $CHITIEU_TODAY. The actor is --by, else $CHITIEU_USER, $USER, "cli".
 * Not for: who may do what (the CLI is the administrator's tool; the server
 * checks roles and units).
 */
#include "cli/task_cli.h"
#include "core/task_notice.h"
#include "core/task_ops.h"
#include "util/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- shared helpers (task_cli.h) --------------------------------------- */

int task_cli_open(const cli_args *a, store **s, cdate *today, err *e)
{
	const char *v = getenv("CHITIEU_TODAY");
	cdate d;
	int rc = cli_open(a, s, e);
	if (rc || (rc = cli_today(&d, e)))
		return rc;
	if (v && *v) /* noon in Hà Nội is 05:00 UTC */
		store_set_now(*s, (int64_t)cdate_to_days(d) * 86400 + 5 * 3600);
	if (today)
		*today = d;
	return 0;
}

int task_cli_codes(const char *list, char (*out)[CODE_MAX], int max, int *n, const char *opt,
		   err *e)
{
	*n = 0;
	if (!list || !*list)
		return 0;
	const char *p = list;
	for (;;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (!len)
			return err_set(e, ERR_INVALID, "--%s \"%s\": có mã rỗng", opt, list);
		if (*n >= max)
			return err_set(e, ERR_INVALID, "--%s: tối đa %d mã", opt, max);
		if (len >= CODE_MAX)
			return err_set(e, ERR_INVALID, "--%s: mã \"%.*s\" dài quá %d byte", opt, (int)len, p,
				       CODE_MAX - 1);
		memcpy(out[*n], p, len);
		out[*n][len] = '\0';
		(*n)++;
		if (!end)
			return 0;
		p = end + 1;
	}
}

int task_cli_is_agency(store *s, const char *code, const char *opt, bool *is_agency, err *e)
{
	unit u;
	agency a;
	err ig;
	bool is_u = store_unit_get(s, code, &u, &ig) == 0;
	bool is_a = store_agency_get(s, code, &a, &ig) == 0;
	if (is_u && is_a)
		return err_set(e, ERR_INVALID, "--%s \"%s\": vừa là mã đơn vị vừa là mã cơ quan", opt, code);
	if (!is_u && !is_a)
		return err_set(e, ERR_NOTFOUND, "--%s: không có đơn vị hay cơ quan mã \"%s\"", opt, code);
	*is_agency = is_a;
	return 0;
}

int task_cli_id(const char *s, const char *what, int64_t *out, err *e)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return err_set(e, ERR_INVALID, "%s \"%s\": cần một số nguyên dương", what, s);
	*out = v;
	return 0;
}

int task_cli_write(const char *path, const void *data, size_t len, err *e)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		if (f)
			fclose(f);
		return err_set(e, ERR_IO, "--out: không ghi được tệp %s", path);
	}
	if (fclose(f))
		return err_set(e, ERR_IO, "--out: không ghi được tệp %s", path);
	return 0;
}

/* Order of statuses in "what needs doing". */
static int status_rank(task_status s)
{
	switch (s) {
	case TASK_ST_OVERDUE: return 0;
	case TASK_ST_IN_PROGRESS: return 1;
	case TASK_ST_LATE: return 2;
	case TASK_ST_ON_TIME: return 3;
	default: return 4;
	}
}

static cdate sort_today; /* qsort has no context argument; CLI only, one thread */

static int cmp_need(const void *pa, const void *pb)
{
	const task *a = pa, *b = pb;
	int ra = status_rank(task_status_on(a, sort_today)), rb = status_rank(task_status_on(b, sort_today));
	if (ra != rb)
		return ra - rb;
	int c = cdate_cmp(a->due, b->due);
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

void task_cli_join(buf *b, const char (*codes)[CODE_MAX], int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", codes[i]);
}

void task_cli_table(buf *b, task *ts, size_t n, cdate today)
{
	sort_today = today;
	if (n > 1)
		qsort(ts, n, sizeof *ts, cmp_need);
	buf tmp;
	buf_init(&tmp, 64);
	text_pad(b, "số", 6, true);
	buf_putc(b, ' ');
	text_pad(b, "tình trạng", 26, false);
	text_pad(b, "hạn", 12, false);
	text_pad(b, "còn", 6, true);
	buf_putc(b, ' ');
	text_pad(b, "chủ trì", 10, false);
	text_pad(b, "%", 5, true);
	buf_puts(b, "  nội dung\n");
	for (size_t i = 0; i < n; i++) {
		const task *t = &ts[i];
		task_status st = task_status_on(t, today);
		char num[32];
		buf_reset(&tmp);
		snprintf(num, sizeof num, "%lld", (long long)t->id);
		text_pad(b, num, 6, true);
		buf_putc(b, ' ');
		text_pad(b, task_status_label(st), 26, false);
		vn_format_date(&tmp, t->due);
		text_pad(b, buf_cstr(&tmp), 12, false);
		if (t->state == TASK_OPEN)
			snprintf(num, sizeof num, "%ld", task_days_left(t, today));
		else
			snprintf(num, sizeof num, "-");
		text_pad(b, num, 6, true);
		buf_putc(b, ' ');
		text_pad(b, t->lead_unit[0] ? t->lead_unit : t->lead_agency, 10, false);
		snprintf(num, sizeof num, "%d", t->percent);
		text_pad(b, num, 5, true);
		buf_puts(b, "  ");
		text_pad(b, t->content, 60, false);
		/* text_pad pads to the width: trim the trailing spaces of the last column. */
		while (b->len && b->data[b->len - 1] == ' ')
			b->data[--b->len] = '\0';
		buf_putc(b, '\n');
	}
	buf_free(&tmp);
}

/* ---- task add ---------------------------------------------------------- */

static int parse_id(const char *s, int64_t *out, err *e)
{
	return task_cli_id(s, "số nhiệm vụ", out, e);
}

/* Resolves --lead (and --coord) codes into the unit / agency fields of t. */
static int set_lead_and_coord(store *s, const cli_args *a, task *t, bool need_lead, err *e)
{
	const char *lead = cli_get(a, "lead");
	bool ag = false;
	int rc;
	if (lead) {
		if ((rc = task_cli_is_agency(s, lead, "lead", &ag, e)))
			return rc;
		t->lead_unit[0] = t->lead_agency[0] = '\0';
		if ((rc = model_set_text(ag ? t->lead_agency : t->lead_unit, CODE_MAX, lead, "--lead", e)))
			return rc;
	} else if (need_lead) {
		return err_set(e, ERR_INVALID, "thiếu tùy chọn --lead (mã đơn vị hoặc cơ quan chủ trì)");
	}
	const char *coord = cli_get(a, "coord");
	if (coord) {
		char codes[TASK_UNITS_MAX * 2][CODE_MAX];
		int n = 0;
		if ((rc = task_cli_codes(coord, codes, TASK_UNITS_MAX * 2, &n, "coord", e)))
			return rc;
		t->n_coord = t->n_coord_agencies = 0;
		for (int i = 0; i < n; i++) {
			if ((rc = task_cli_is_agency(s, codes[i], "coord", &ag, e)))
				return rc;
			if (ag ? t->n_coord_agencies >= TASK_UNITS_MAX : t->n_coord >= TASK_UNITS_MAX)
				return err_set(e, ERR_INVALID, "--coord: tối đa %d đơn vị và %d cơ quan",
					       TASK_UNITS_MAX, TASK_UNITS_MAX);
			char *dst = ag ? t->coord_agencies[t->n_coord_agencies++] : t->coord_units[t->n_coord++];
			if ((rc = model_set_text(dst, CODE_MAX, codes[i], "--coord", e)))
				return rc;
		}
	}
	return 0;
}

/* Fields of task add and task update other than lead and coord. */
static int set_task_fields(const cli_args *a, task *t, err *e)
{
	const char *v;
	int rc;
	if ((v = cli_get(a, "content")) &&
	    (rc = model_set_text(t->content, sizeof t->content, v, "--content", e)))
		return rc;
	if ((v = cli_get(a, "due")) && (rc = task_parse_due(v, t, e)))
		return err_prefix(e, "--due: ");
	if ((v = cli_get(a, "indicators")) &&
	    (rc = task_cli_codes(v, t->indicators, TASK_INDICATORS_MAX, &t->n_indicators, "indicators", e)))
		return rc;
	if ((v = cli_get(a, "priority")) && (rc = task_priority_from_code(v, &t->priority, e)))
		return err_prefix(e, "--priority: ");
	return 0;
}

static int cmd_task_add(const cli_args *a, err *e)
{
	task *t = calloc(1, sizeof *t);
	store *s = NULL;
	const char *v;
	int rc;
	if (!t)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	if ((rc = cli_need(a, "content", &v, e)) || (rc = cli_need(a, "due", &v, e)))
		goto done;
	if ((rc = set_task_fields(a, t, e)))
		goto done;
	if ((v = cli_get(a, "meeting")) && (rc = task_cli_id(v, "--meeting", &t->meeting_id, e)))
		goto done;
	if ((v = cli_get(a, "owner")) &&
	    (rc = model_set_text(t->owner_unit, sizeof t->owner_unit, v, "--owner", e)))
		goto done;
	if (!t->meeting_id && !t->owner_unit[0]) {
		rc = err_set(e, ERR_INVALID,
			     "cần --meeting (nhiệm vụ giao tại cuộc họp) hoặc --owner (đơn vị giao trực tiếp)");
		goto done;
	}
	/* Assigned today unless --assigned says otherwise. */
	if ((rc = task_cli_open(a, &s, &t->assigned_on, e)) ||
	    (rc = cli_date(a, "assigned", &t->assigned_on, e)) ||
	    (rc = set_lead_and_coord(s, a, t, true, e)))
		goto done;
	snprintf(t->assigned_by, sizeof t->assigned_by, "%s", cli_who(a));
	if ((rc = task_put(s, t, e)))
		goto done;
	buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "Đã giao nhiệm vụ số %lld, hạn ", (long long)t->id);
	task_format_due(&b, t);
	buf_puts(&b, ".\n");
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
done:
	store_close(s);
	free(t);
	return rc;
}

static int cmd_task_update(const cli_args *a, err *e)
{
	task *t = calloc(1, sizeof *t);
	store *s = NULL;
	int64_t id = 0;
	int rc;
	if (!t)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	if ((rc = parse_id(a->pos[0], &id, e)) || (rc = task_cli_open(a, &s, NULL, e)) ||
	    (rc = store_task_get(s, id, t, e)) || (rc = set_task_fields(a, t, e)) ||
	    (rc = set_lead_and_coord(s, a, t, false, e)) || (rc = task_put(s, t, e)))
		goto done;
	printf("Đã sửa nhiệm vụ số %lld.\n", (long long)id);
done:
	store_close(s);
	free(t);
	return rc;
}

/* ---- task list / due ------------------------------------------------------ */

/* --unit / --agency (one of them, optional) into a filter. */
static int who_filter(const cli_args *a, store_task_filter *f, err *e)
{
	f->unit_code = cli_get(a, "unit");
	f->agency_code = cli_get(a, "agency");
	if (f->unit_code && f->agency_code)
		return err_set(e, ERR_INVALID, "chỉ dùng một trong --unit và --agency");
	return 0;
}

static int cmd_task_list(const cli_args *a, err *e)
{
	store_task_filter f;
	store *s = NULL;
	task *ts = NULL;
	size_t n = 0;
	cdate today;
	task_status want = 0;
	const char *v;
	int rc;
	memset(&f, 0, sizeof f);
	if ((rc = who_filter(a, &f, e)))
		return rc;
	f.lead_only = cli_flag(a, "lead-only");
	f.coord_only = cli_flag(a, "coord-only");
	if (f.lead_only && f.coord_only)
		return err_set(e, ERR_INVALID, "chỉ dùng một trong --lead-only và --coord-only");
	if ((f.lead_only || f.coord_only) && !f.unit_code && !f.agency_code)
		return err_set(e, ERR_INVALID, "--lead-only / --coord-only cần --unit hoặc --agency");
	f.owner_unit = cli_get(a, "owner");
	f.indicator = cli_get(a, "indicator");
	f.open_only = cli_flag(a, "open");
	if ((v = cli_get(a, "meeting")) && (rc = task_cli_id(v, "--meeting", &f.meeting_id, e)))
		return rc;
	if ((rc = cli_date(a, "due-from", &f.due_from, e)) || (rc = cli_date(a, "due-to", &f.due_to, e)))
		return rc;
	if ((v = cli_get(a, "status")) && (rc = task_status_from_code(v, &want, e)))
		return err_prefix(e, "--status: ");
	if ((rc = task_cli_open(a, &s, &today, e)) || (rc = store_task_list(s, &f, &ts, &n, e)))
		goto done;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!want || task_status_on(&ts[i], today) == want)
			ts[k++] = ts[i];
	n = k;
	buf b;
	buf_init(&b, (size_t)1 << 26);
	task_cli_table(&b, ts, n, today);
	buf_printf(&b, "(%zu nhiệm vụ; tình trạng tính đến ngày ", n);
	vn_format_date(&b, today);
	buf_puts(&b, ")\n");
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
done:
	free(ts);
	store_close(s);
	return rc;
}

static int cmd_task_due(const cli_args *a, err *e)
{
	store_task_filter f;
	store *s = NULL;
	task *ts = NULL;
	size_t n = 0;
	cdate today;
	int days = 7, rc;
	memset(&f, 0, sizeof f);
	if ((rc = who_filter(a, &f, e)) || (rc = cli_int(a, "days", 0, 3660, &days, e)))
		return rc;
	f.open_only = true;
	if ((rc = task_cli_open(a, &s, &today, e)))
		goto done;
	f.due_to = cdate_from_days(cdate_to_days(today) + days);
	if ((rc = store_task_list(s, &f, &ts, &n, e)))
		goto done;
	buf b;
	buf_init(&b, (size_t)1 << 26);
	task_cli_table(&b, ts, n, today);
	buf_printf(&b, "(%zu nhiệm vụ quá hạn hoặc đến hạn trong %d ngày tới, tính từ ngày ", n, days);
	vn_format_date(&b, today);
	buf_puts(&b, ")\n");
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
done:
	free(ts);
	store_close(s);
	return rc;
}

/* ---- task show ------------------------------------------------------------ */

/* "UBND phường Sông Cầu (01837)" or "Phòng Tài chính - Kế hoạch (TCKH)". */
static void body_name(store *s, const char *code, bool is_agency, buf *b)
{
	err ig;
	if (is_agency) {
		agency ag;
		if (store_agency_get(s, code, &ag, &ig) == 0)
			buf_printf(b, "%s (%s)", ag.name, code);
		else
			buf_puts(b, code);
	} else {
		unit u;
		if (store_unit_get(s, code, &u, &ig) == 0)
			buf_printf(b, "%s %s (%s)", unit_type_label(u.type), u.name, code);
		else
			buf_puts(b, code);
	}
}

static int cmd_task_show(const cli_args *a, err *e)
{
	task *t = calloc(1, sizeof *t);
	store *s = NULL;
	task_progress *ps = NULL;
	task_event *ev = NULL;
	size_t np = 0, nev = 0;
	int64_t id = 0;
	cdate today;
	int rc;
	if (!t)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	if ((rc = parse_id(a->pos[0], &id, e)) || (rc = task_cli_open(a, &s, &today, e)) ||
	    (rc = store_task_get(s, id, t, e)) || (rc = store_task_progress_list(s, id, &ps, &np, e)) ||
	    (rc = store_task_events(s, id, &ev, &nev, e)))
		goto done;
	buf b;
	buf_init(&b, (size_t)1 << 24);
	task_status st = task_status_on(t, today);
	buf_printf(&b, "Nhiệm vụ số %lld: %s\n", (long long)t->id, t->content);
	buf_printf(&b, "  tình trạng:   %s", task_status_label(st));
	if (t->state == TASK_OPEN) {
		long left = task_days_left(t, today);
		if (left < 0)
			buf_printf(&b, " (quá hạn %ld ngày)", -left);
		else
			buf_printf(&b, " (còn %ld ngày)", left);
	}
	buf_printf(&b, "; hoàn thành %d%%\n", t->percent);
	buf_puts(&b, "  hạn:          ");
	task_format_due(&b, t);
	if (cdate_cmp(t->due, t->due_original)) {
		buf_puts(&b, " (đã gia hạn; hạn ban đầu ");
		vn_format_date(&b, t->due_original);
		buf_putc(&b, ')');
	}
	buf_putc(&b, '\n');
	if (t->state == TASK_DONE) {
		buf_puts(&b, "  hoàn thành:   ngày ");
		vn_format_date(&b, t->done_on);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "  chủ trì:      ");
	body_name(s, t->lead_unit[0] ? t->lead_unit : t->lead_agency, !t->lead_unit[0], &b);
	buf_putc(&b, '\n');
	if (t->n_coord || t->n_coord_agencies) {
		buf_puts(&b, "  phối hợp:     ");
		int k = 0;
		for (int i = 0; i < t->n_coord_agencies; i++, k++) {
			buf_puts(&b, k ? "; " : "");
			body_name(s, t->coord_agencies[i], true, &b);
		}
		for (int i = 0; i < t->n_coord; i++, k++) {
			buf_puts(&b, k ? "; " : "");
			body_name(s, t->coord_units[i], false, &b);
		}
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "  giao:         ");
	vn_format_date(&b, t->assigned_on);
	buf_printf(&b, " bởi %s, đơn vị giao ", t->assigned_by);
	body_name(s, t->owner_unit, false, &b);
	if (t->meeting_id) {
		meeting *m = malloc(sizeof *m);
		err ig;
		if (m && store_meeting_get(s, t->meeting_id, m, &ig) == 0)
			buf_printf(&b, ", tại cuộc họp số %lld: %s", (long long)m->id, m->title);
		free(m);
	}
	buf_putc(&b, '\n');
	buf_printf(&b, "  ưu tiên:      %s\n", task_priority_label(t->priority));
	if (t->n_indicators) {
		buf_puts(&b, "  chỉ tiêu:     ");
		task_cli_join(&b, t->indicators, t->n_indicators);
		buf_putc(&b, '\n');
	}
	buf_printf(&b, "Báo cáo tiến độ (%zu):\n", np);
	for (size_t i = 0; i < np; i++) {
		buf_printf(&b, "  [%lld] ", (long long)ps[i].id);
		vn_format_date(&b, ps[i].date);
		buf_printf(&b, " %s, %d%%%s: %s", ps[i].lead_code, ps[i].percent,
			   ps[i].done ? " (hoàn thành)" : "", ps[i].text);
		if (ps[i].attach_name[0])
			buf_printf(&b, " [tệp: %s, %lld byte]", ps[i].attach_name,
				   (long long)ps[i].attach_size);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "Lịch sử:\n");
	for (size_t i = 0; i < nev; i++) {
		const task_event *v = &ev[i];
		char when[32];
		cdate d = task_today(v->at);
		snprintf(when, sizeof when, "%02d/%02d/%04d", d.d, d.m, d.y);
		buf_printf(&b, "  %s %s bởi %s", when, task_event_label(v->kind), v->by);
		if (v->kind == TASK_EV_EXTENDED) {
			buf_puts(&b, ": từ ");
			vn_format_date(&b, v->old_due);
			buf_puts(&b, " đến ");
			vn_format_date(&b, v->new_due);
		} else if (v->kind == TASK_EV_PROGRESS) {
			buf_printf(&b, ": %d%%", v->percent);
		} else if (v->kind == TASK_EV_DONE) {
			buf_puts(&b, ": ngày ");
			vn_format_date(&b, v->date);
		}
		if (v->reason[0])
			buf_printf(&b, " (lý do: %s)", v->reason);
		buf_putc(&b, '\n');
	}
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
done:
	free(ps);
	free(ev);
	free(t);
	store_close(s);
	return rc;
}

/* ---- extend, cancel, reopen --------------------------------------------------- */

static int cmd_task_extend(const cli_args *a, err *e)
{
	store *s = NULL;
	int64_t id = 0;
	const char *due, *reason;
	task t;
	int rc;
	memset(&t, 0, sizeof t);
	if ((rc = parse_id(a->pos[0], &id, e)) || (rc = cli_need(a, "due", &due, e)) ||
	    (rc = cli_need(a, "reason", &reason, e)))
		return rc;
	if ((rc = task_parse_due(due, &t, e)))
		return err_prefix(e, "--due: ");
	if ((rc = task_cli_open(a, &s, NULL, e)) == 0)
		rc = task_extend(s, id, t.due, reason, e);
	store_close(s);
	if (rc)
		return rc;
	printf("Đã gia hạn nhiệm vụ số %lld đến ngày %02d/%02d/%04d.\n", (long long)id, t.due.d, t.due.m,
	       t.due.y);
	return 0;
}

/* cancel and reopen: a task number and --reason, one change, one line. */
static int task_state_cmd(const cli_args *a, int (*apply)(store *, int64_t, const char *, err *),
			  const char *verb, err *e)
{
	store *s = NULL;
	int64_t id = 0;
	const char *reason;
	int rc;
	if ((rc = parse_id(a->pos[0], &id, e)) ||
	    (rc = cli_need(a, "reason", &reason, e)))
		return rc;
	if ((rc = task_cli_open(a, &s, NULL, e)) == 0)
		rc = apply(s, id, reason, e);
	store_close(s);
	if (rc)
		return rc;
	printf("Đã %s nhiệm vụ số %lld.\n", verb, (long long)id);
	return 0;
}

static int cmd_task_cancel(const cli_args *a, err *e)
{
	return task_state_cmd(a, task_cancel, "hủy", e);
}

static int cmd_task_reopen(const cli_args *a, err *e)
{
	return task_state_cmd(a, task_reopen, "mở lại", e);
}

/* ---- progress ---------------------------------------------------------------- */

/* Reads a whole file (at most ATTACH_MAX bytes) into a malloc'd buffer. */
static int read_file(const char *path, void **data, size_t *len, err *e)
{
	FILE *f = fopen(path, "rb");
	*data = NULL;
	*len = 0;
	if (!f)
		return err_set(e, ERR_IO, "--file: không mở được tệp %s (%s)", path, strerror(errno));
	unsigned char *p = malloc((size_t)ATTACH_MAX + 1);
	if (!p) {
		fclose(f);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc %s", path);
	}
	size_t n = fread(p, 1, (size_t)ATTACH_MAX + 1, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(p);
		return err_set(e, ERR_IO, "--file: lỗi khi đọc tệp %s", path);
	}
	if (n > (size_t)ATTACH_MAX) {
		free(p);
		return err_set(e, ERR_TOOBIG, "--file: tệp %s lớn quá %d MB", path,
			       ATTACH_MAX / (1024 * 1024));
	}
	*data = p;
	*len = n;
	return 0;
}

static int cmd_task_progress(const cli_args *a, err *e)
{
	task_progress *p = calloc(1, sizeof *p);
	task *t = calloc(1, sizeof *t);
	store *s = NULL;
	void *data = NULL;
	size_t len = 0;
	cdate today;
	const char *v;
	int rc;
	if (!p || !t) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		goto done;
	}
	if ((rc = parse_id(a->pos[0], &p->task_id, e)) ||
	    (rc = cli_need(a, "text", &v, e)) ||
	    (rc = model_set_text(p->text, sizeof p->text, v, "--text", e)))
		goto done;
	p->percent = -1;
	if ((rc = cli_int(a, "percent", 0, 100, &p->percent, e)))
		goto done;
	p->done = cli_flag(a, "done");
	if (p->done && p->percent < 0)
		p->percent = 100;
	if (p->percent < 0) {
		rc = err_set(e, ERR_INVALID, "thiếu tùy chọn --percent (0..100) hoặc --done");
		goto done;
	}
	if (cli_get(a, "type") && !cli_get(a, "file")) {
		rc = err_set(e, ERR_INVALID, "--type chỉ dùng kèm --file (kiểu của tệp đính kèm)");
		goto done;
	}
	if ((v = cli_get(a, "file"))) {
		if ((rc = read_file(v, &data, &len, e)))
			goto done;
		const char *base = strrchr(v, '/');
		base = base ? base + 1 : v;
		if ((rc = model_set_text(p->attach_name, sizeof p->attach_name, base, "--file", e)))
			goto done;
		if ((v = cli_get(a, "type")) &&
		    (rc = model_set_text(p->attach_type, sizeof p->attach_type, v, "--type", e)))
			goto done;
	}
	if ((rc = task_cli_open(a, &s, &today, e)))
		goto done;
	p->date = today;
	if ((rc = cli_date(a, "date", &p->date, e)))
		goto done;
	if (cdate_cmp(p->date, today) > 0) {
		rc = err_set(e, ERR_INVALID, "--date: ngày báo cáo %02d/%02d/%04d sau hôm nay", p->date.d,
			     p->date.m, p->date.y);
		goto done;
	}
	if ((v = cli_get(a, "lead"))) {
		if ((rc = model_set_text(p->lead_code, sizeof p->lead_code, v, "--lead", e)))
			goto done;
	} else {
		/* The administrator reports for the lead by default. */
		if ((rc = store_task_get(s, p->task_id, t, e)))
			goto done;
		snprintf(p->lead_code, sizeof p->lead_code, "%s", t->lead_unit[0] ? t->lead_unit : t->lead_agency);
	}
	snprintf(p->by, sizeof p->by, "%s", cli_who(a));
	if ((rc = task_progress_add(s, p, data, len, e)))
		goto done;
	printf("Đã ghi báo cáo tiến độ số %lld của nhiệm vụ số %lld: %d%%%s.\n", (long long)p->id,
	       (long long)p->task_id, p->percent, p->done ? ", hoàn thành" : "");
done:
	free(data);
	free(p);
	free(t);
	store_close(s);
	return rc;
}

static int cmd_task_attachment(const cli_args *a, err *e)
{
	store *s = NULL;
	int64_t id = 0;
	task_progress p;
	void *data = NULL;
	size_t len = 0;
	const char *out;
	int rc;
	if ((rc = task_cli_id(a->pos[0], "số báo cáo tiến độ", &id, e)) || (rc = cli_need(a, "out", &out, e)))
		return rc;
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = store_task_attachment(s, id, &p, &data, &len, e);
	store_close(s);
	if (rc)
		return rc;
	if ((rc = task_cli_write(out, data, len, e)) == 0)
		printf("Đã ghi tệp đính kèm \"%s\" (%zu byte, %s) ra %s.\n", p.attach_name, len,
		       p.attach_type, out);
	free(data);
	return rc;
}

/* ---- statistics --------------------------------------------------------------- */

static const char *const stats_heads[] = {"tổng", "xong đúng hạn", "xong quá hạn", "đang làm",
					  "quá hạn chưa xong", "% đúng hạn"};
static const size_t stats_widths[] = {6, 15, 14, 10, 19, 12};

/* Appends one lead's row of counts, its percentage finished first. */
static void stats_row(buf *b, task_stats *x)
{
	task_stats_finish(x);
	const int counts[5] = {x->total, x->on_time, x->late, x->in_progress, x->overdue};
	text_pad(b, x->code, 10, false);
	for (int i = 0; i < 5; i++) {
		char num[16];
		snprintf(num, sizeof num, "%d", counts[i]);
		text_pad(b, num, stats_widths[i], true);
	}
	buf tmp;
	buf_init(&tmp, 64);
	if (x->has_pct) {
		vn_format_num(&tmp, x->pct_on_time, 1);
		buf_putc(&tmp, '%');
	} else {
		buf_puts(&tmp, "-");
	}
	text_pad(b, buf_cstr(&tmp), stats_widths[5], true);
	buf_free(&tmp);
	buf_putc(b, '\n');
}

static int cmd_task_stats(const cli_args *a, err *e)
{
	store_task_filter f;
	store *s = NULL;
	task *ts = NULL;
	size_t n = 0;
	period p;
	cdate today, as_of;
	const char *pc;
	task_stats *st = NULL;
	size_t nst = 0;
	int rc;
	memset(&f, 0, sizeof f);
	if ((rc = who_filter(a, &f, e)) || (rc = cli_need(a, "period", &pc, e)))
		return rc;
	if ((rc = period_parse(pc, &p, e)))
		return err_prefix(e, "--period: ");
	f.lead_only = f.unit_code || f.agency_code;
	f.owner_unit = cli_get(a, "owner");
	if ((rc = task_cli_open(a, &s, &today, e)))
		goto done;
	as_of = period_end_date(&p);
	if (cdate_cmp(today, as_of) < 0)
		as_of = today; /* the period still runs */
	if ((rc = cli_date(a, "as-of", &as_of, e)) || (rc = store_task_list(s, &f, &ts, &n, e)))
		goto done;
	st = calloc(n ? n : 1, sizeof *st);
	if (!st) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		goto done;
	}
	task_stats all;
	memset(&all, 0, sizeof all);
	snprintf(all.code, sizeof all.code, "Tổng");
	for (size_t i = 0; i < n; i++) {
		const task *t = &ts[i];
		if (!task_counts_in(t, &p, as_of))
			continue;
		bool ag = !t->lead_unit[0];
		const char *code = ag ? t->lead_agency : t->lead_unit;
		size_t k = 0;
		while (k < nst && (st[k].is_agency != ag || strcmp(st[k].code, code)))
			k++;
		if (k == nst) {
			snprintf(st[k].code, sizeof st[k].code, "%s", code);
			st[k].is_agency = ag;
			nst++;
		}
		task_stats_add(&st[k], t, as_of);
		task_stats_add(&all, t, as_of);
	}
	buf b;
	buf_init(&b, (size_t)1 << 24);
	buf_puts(&b, "Thống kê nhiệm vụ ");
	period_format_label(&b, &p);
	buf_puts(&b, ", tính đến ngày ");
	vn_format_date(&b, as_of);
	buf_puts(&b, " (theo đơn vị chủ trì)\n");
	text_pad(&b, "chủ trì", 10, false);
	for (int i = 0; i < 6; i++)
		text_pad(&b, stats_heads[i], stats_widths[i], true);
	buf_putc(&b, '\n');
	for (size_t k = 0; k < nst; k++)
		stats_row(&b, &st[k]);
	if (nst)
		stats_row(&b, &all);
	else
		buf_puts(&b, "(không có nhiệm vụ nào trong kỳ)\n");
	buf_puts(&b, "% đúng hạn = hoàn thành đúng hạn / (đúng hạn + quá hạn + quá hạn chưa xong); "
		     "nhiệm vụ đang làm trong hạn chưa tính.\n");
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
done:
	free(st);
	free(ts);
	store_close(s);
	return rc;
}

/* ---- remind -------------------------------------------------------------------- */

/* A unit (ag false) or an agency to remind. */
typedef struct remind_who {
	char code[CODE_MAX];
	bool ag;
} remind_who;

/* Appends (code, ag) to *ws unless it is there already; *ws grows (realloc) as needed. */
static int add_who(remind_who **ws, size_t *nw, size_t *cap, const char *code, bool ag, err *e)
{
	for (size_t j = 0; j < *nw; j++)
		if ((*ws)[j].ag == ag && !strcmp((*ws)[j].code, code))
			return 0;
	if (*nw == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		remind_who *p = realloc(*ws, nc * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		*ws = p;
		*cap = nc;
	}
	snprintf((*ws)[*nw].code, CODE_MAX, "%s", code);
	(*ws)[(*nw)++].ag = ag;
	return 0;
}

/* Writes one digest to stdout or DIR/<code>.txt. */
static int remind_one(store *s, const char *code, bool ag, cdate today, int days, const char *dir,
		      int *written, err *e)
{
	int od = 0, ds = 0;
	int rc = task_digest_count(s, code, ag, today, days, &od, &ds, e);
	if (rc || (!od && !ds))
		return rc;
	buf b;
	buf_init(&b, (size_t)1 << 24);
	if ((rc = task_digest_write(s, code, ag, today, days, &b, e)))
		goto done;
	if (!dir) {
		buf_putc(&b, '\n');
		rc = cli_print(b.data, b.len, e);
	} else {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.txt", dir, code);
		rc = task_cli_write(path, b.data, b.len, e);
	}
	if (!rc)
		(*written)++;
done:
	buf_free(&b);
	return rc;
}

static int cmd_remind(const cli_args *a, err *e)
{
	store *s = NULL;
	task *ts = NULL;
	size_t n = 0;
	cdate today;
	int days = 7, written = 0, rc;
	const char *dir = cli_get(a, "out"), *only_u = cli_get(a, "unit"), *only_a = cli_get(a, "agency");
	if ((rc = cli_int(a, "days", 0, 3660, &days, e)))
		return rc;
	if (only_u && only_a)
		return err_set(e, ERR_INVALID, "chỉ dùng một trong --unit và --agency");
	if (dir) {
		struct stat sb;
		if (!*dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return err_set(e, ERR_IO, "--out: không có thư mục \"%s\"", dir);
	}
	if ((rc = task_cli_open(a, &s, &today, e)))
		goto done;
	if (only_u || only_a) {
		rc = remind_one(s, only_u ? only_u : only_a, only_a != NULL, today, days, dir, &written, e);
		if (!rc && !written && !dir) {
			/* Say so rather than print nothing for one named unit. */
			buf b;
			buf_init(&b, 1 << 16);
			rc = task_digest_write(s, only_u ? only_u : only_a, only_a != NULL, today, days, &b, e);
			if (!rc)
				rc = cli_print(b.data, b.len, e);
			buf_free(&b);
		}
		goto done;
	}
	/* Every unit and agency that leads or coordinates an open task. */
	store_task_filter f;
	memset(&f, 0, sizeof f);
	f.open_only = true;
	if ((rc = store_task_list(s, &f, &ts, &n, e)))
		goto done;
	remind_who *ws = NULL;
	size_t nw = 0, cap = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const task *t = &ts[i];
		rc = add_who(&ws, &nw, &cap, t->lead_unit[0] ? t->lead_unit : t->lead_agency, !t->lead_unit[0], e);
		for (int c = 0; c < t->n_coord && !rc; c++)
			rc = add_who(&ws, &nw, &cap, t->coord_units[c], false, e);
		for (int c = 0; c < t->n_coord_agencies && !rc; c++)
			rc = add_who(&ws, &nw, &cap, t->coord_agencies[c], true, e);
	}
	for (size_t j = 0; j < nw && !rc; j++)
		rc = remind_one(s, ws[j].code, ws[j].ag, today, days, dir, &written, e);
	free(ws);
	if (!rc && dir)
		printf("Đã ghi %d bản nhắc việc vào %s.\n", written, dir);
	else if (!rc && !written)
		printf("Không có nhiệm vụ quá hạn hay đến hạn trong %d ngày tới.\n", days);
done:
	free(ts);
	store_close(s);
	return rc;
}

/* ---- the command table ---------------------------------------------------------- */

#define TASK_FIELD_OPTS                                                                         \
	{"content", "CHỮ", "nội dung nhiệm vụ"},                                                \
	{"lead", "MÃ", "đơn vị (phường, xã) hoặc cơ quan (phòng, ban) chủ trì"},                \
	{"coord", "MÃ,MÃ", "các đơn vị, cơ quan phối hợp, cách nhau bởi dấu phẩy"},             \
	{"due", "HẠN", "hạn: ngày 30/06/2022 hoặc kỳ 202207 (hết tháng 7), 2022Q3, 2022"},      \
	{"indicators", "MÃ,MÃ", "các chỉ tiêu liên quan"},                                      \
	{"priority", "MỨC", "normal (thường, mặc định) | high (quan trọng) | urgent (khẩn)"}

static const cli_opt add_opts[] = {
	TASK_FIELD_OPTS,
	{"meeting", "SỐ", "cuộc họp giao nhiệm vụ (ngày giao = ngày họp)"},
	{"owner", "MÃ", "đơn vị giao (mặc định: đơn vị tổ chức cuộc họp)"},
	{"assigned", "NGÀY", "ngày giao khi giao trực tiếp (mặc định hôm nay)"},
	{"by", "TÊN", "người giao (mặc định $CHITIEU_USER, $USER)"},
	{NULL, NULL, NULL},
};
static const cli_opt update_opts[] = {
	TASK_FIELD_OPTS,
	{"by", "TÊN", "người sửa"},
	{NULL, NULL, NULL},
};
static const cli_opt list_opts[] = {
	{"unit", "MÃ", "nhiệm vụ đơn vị này chủ trì hoặc phối hợp"},
	{"agency", "MÃ", "nhiệm vụ cơ quan này chủ trì hoặc phối hợp"},
	{"lead-only", NULL, "chỉ nhiệm vụ chủ trì"},
	{"coord-only", NULL, "chỉ nhiệm vụ phối hợp"},
	{"owner", "MÃ", "nhiệm vụ do đơn vị này giao"},
	{"meeting", "SỐ", "nhiệm vụ của cuộc họp"},
	{"indicator", "MÃ", "nhiệm vụ liên quan chỉ tiêu"},
	{"open", NULL, "chỉ nhiệm vụ chưa hoàn thành"},
	{"status", "TT", "done_on_time | done_late | in_progress | overdue | cancelled"},
	{"due-from", "NGÀY", "hạn từ ngày"},
	{"due-to", "NGÀY", "hạn đến ngày"},
	{NULL, NULL, NULL},
};
static const cli_opt none_opts[] = {{NULL, NULL, NULL}};
static const cli_opt extend_opts[] = {
	{"due", "HẠN", "hạn mới (sau hạn hiện tại): 31/07/2022 hoặc 202208"},
	{"reason", "LÝ_DO", "lý do gia hạn (bắt buộc, lưu vào lịch sử)"},
	{"by", "TÊN", "người gia hạn"},
	{NULL, NULL, NULL},
};
static const cli_opt reason_opts[] = {
	{"reason", "LÝ_DO", "lý do (bắt buộc, lưu vào lịch sử)"},
	{"by", "TÊN", "người thực hiện"},
	{NULL, NULL, NULL},
};
static const cli_opt progress_opts[] = {
	{"text", "CHỮ", "nội dung báo cáo"},
	{"percent", "N", "tỷ lệ hoàn thành 0..100"},
	{"done", NULL, "báo cáo hoàn thành (tỷ lệ 100)"},
	{"date", "NGÀY", "ngày báo cáo (mặc định hôm nay; không sau hôm nay)"},
	{"lead", "MÃ", "đơn vị báo cáo; phải là đơn vị chủ trì (mặc định: đơn vị chủ trì)"},
	{"file", "TỆP", "tệp đính kèm (tối đa 4 MB)"},
	{"type", "KIỂU", "kiểu tệp (media type), ví dụ application/pdf"},
	{"by", "TÊN", "người báo cáo"},
	{NULL, NULL, NULL},
};
static const cli_opt attachment_opts[] = {
	{"out", "TỆP", "ghi tệp đính kèm ra đây"},
	{NULL, NULL, NULL},
};
static const cli_opt stats_opts[] = {
	{"period", "KỲ", "kỳ: 202207, 2022Q3, 2022S1, 2022"},
	{"unit", "MÃ", "chỉ đơn vị chủ trì này"},
	{"agency", "MÃ", "chỉ cơ quan chủ trì này"},
	{"owner", "MÃ", "chỉ nhiệm vụ do đơn vị này giao"},
	{"as-of", "NGÀY", "tính đến ngày (mặc định: cuối kỳ, hoặc hôm nay nếu kỳ chưa hết)"},
	{NULL, NULL, NULL},
};
static const cli_opt due_opts[] = {
	{"days", "N", "số ngày tới (mặc định 7)"},
	{"unit", "MÃ", "chỉ nhiệm vụ của đơn vị này (chủ trì hoặc phối hợp)"},
	{"agency", "MÃ", "chỉ nhiệm vụ của cơ quan này"},
	{NULL, NULL, NULL},
};
static const cli_opt remind_opts[] = {
	{"days", "N", "nhắc nhiệm vụ đến hạn trong N ngày tới (mặc định 7)"},
	{"unit", "MÃ", "chỉ đơn vị này"},
	{"agency", "MÃ", "chỉ cơ quan này"},
	{"out", "THƯ_MỤC", "ghi mỗi đơn vị một tệp THƯ_MỤC/<mã>.txt thay vì in ra"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_task_cmds[] = {
	{"task", "add", 0, 0, NULL, add_opts, cmd_task_add, "Giao một nhiệm vụ (tại cuộc họp hoặc trực tiếp)",
	 "Ví dụ: chitieu task add --meeting 6 --lead TCKH --coord 01837,01840 --due 202207 \\\n"
	 "         --content \"Rà soát nguồn thu, chống thất thu ngân sách\" --indicators KT01"},
	{"task", "list", 0, 0, NULL, list_opts, cmd_task_list,
	 "Liệt kê nhiệm vụ, quá hạn trước", "Ví dụ: chitieu task list --unit 01837 --open"},
	{"task", "show", 1, 1, "SỐ", none_opts, cmd_task_show,
	 "Xem một nhiệm vụ: tình trạng, báo cáo tiến độ, lịch sử", NULL},
	{"task", "update", 1, 1, "SỐ", update_opts, cmd_task_update,
	 "Sửa nội dung, đơn vị, chỉ tiêu, mức ưu tiên của nhiệm vụ",
	 "Lùi hạn phải dùng chitieu task extend (kèm lý do)."},
	{"task", "extend", 1, 1, "SỐ", extend_opts, cmd_task_extend, "Gia hạn nhiệm vụ (kèm lý do)",
	 "Ví dụ: chitieu task extend 12 --due 15/08/2022 --reason \"chờ số liệu của Chi cục Thuế\""},
	{"task", "cancel", 1, 1, "SỐ", reason_opts, cmd_task_cancel, "Hủy nhiệm vụ (kèm lý do)", NULL},
	{"task", "reopen", 1, 1, "SỐ", reason_opts, cmd_task_reopen,
	 "Mở lại nhiệm vụ đã báo hoàn thành (kèm lý do)", NULL},
	{"task", "progress", 1, 1, "SỐ", progress_opts, cmd_task_progress,
	 "Ghi báo cáo tiến độ của đơn vị chủ trì",
	 "Ví dụ: chitieu task progress 12 --percent 60 --text \"đã thu 60% kế hoạch\" --file bc.pdf\n"
	 "       chitieu task progress 12 --done --text \"đã hoàn thành\" --date 28/07/2022"},
	{"task", "attachment", 1, 1, "SỐ_BÁO_CÁO", attachment_opts, cmd_task_attachment,
	 "Lấy tệp đính kèm của một báo cáo tiến độ", NULL},
	{"task", "stats", 0, 0, NULL, stats_opts, cmd_task_stats,
	 "Thống kê nhiệm vụ theo đơn vị chủ trì: đúng hạn, quá hạn, % đúng hạn",
	 "Tính: nhiệm vụ có hạn trong kỳ hoặc còn tồn từ trước kỳ, không tính nhiệm vụ đã hủy.\n"
	 "Ví dụ: chitieu task stats --period 2022S1"},
	{"task", "due", 0, 0, NULL, due_opts, cmd_task_due,
	 "Nhiệm vụ quá hạn và sắp đến hạn", "Ví dụ: chitieu task due --days 14 --agency TCKH"},
	{"remind", NULL, 0, 0, NULL, remind_opts, cmd_remind,
	 "Nhắc việc: nhiệm vụ quá hạn và sắp đến hạn của từng đơn vị (cho cron)",
	 "In bản nhắc việc của mỗi đơn vị, cơ quan có nhiệm vụ quá hạn hoặc đến hạn, hoặc ghi\n"
	 "mỗi đơn vị một tệp với --out. Ví dụ (cron, 7 giờ sáng hằng ngày):\n"
	 "  0 7 * * * chitieu --db /srv/chitieu.db remind --days 3 --out /srv/nhac-viec"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
