/*
 * period.c - reporting periods (see period.h and docs/internals/period.md):
 * parsing and printing their codes ("2022", "2022Q2", "2022S1", "202206",
 * "2022N9") and Vietnamese labels, the months they cover, the same period of
 * last year, and the Decree 09/2019 reporting calendar (data window and due
 * date), whose days are configurable.
 *
 * Not for: values (store.h) or judging progress (eval.h). Nothing here
 * allocates except through the caller's buf.
 */
#include "core/period.h"

#include <stdio.h>
#include <string.h>

const period_calendar PERIOD_CALENDAR_DECREE09 = {14, 25, 0};

#define PERIOD_FORMS "2022 (năm), 2022Q2 (quý), 2022S1 (6 tháng), 2022N9 (9 tháng), 202206 (tháng)"

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int period_parse(const char *code, period *out, err *e)
{
	if (!code)
		code = "";
	size_t n = strlen(code);
	if (n == 0)
		return err_set(e, ERR_INVALID, "thiếu mã kỳ báo cáo; dạng chấp nhận: " PERIOD_FORMS);
	if (n > 16 || n < 4 || !digits(code, 4))
		return err_set(e, ERR_INVALID, "\"%.40s\": không phải mã kỳ báo cáo; dạng chấp nhận: "
			       PERIOD_FORMS, code);
	int year = (code[0] - '0') * 1000 + (code[1] - '0') * 100 + (code[2] - '0') * 10 +
		   (code[3] - '0');
	period p = {PERIOD_YEAR, year, 1};
	const char *rest = code + 4;
	size_t rn = n - 4;
	if (rn == 0) {
		p.type = PERIOD_YEAR;
	} else if (rn == 2 && digits(rest, 2)) {
		int m = (rest[0] - '0') * 10 + (rest[1] - '0');
		if (m < 1 || m > 12)
			return err_set(e, ERR_INVALID, "\"%s\": không có tháng %d (tháng từ 01 đến 12)",
				       code, m);
		p.type = PERIOD_MONTH;
		p.index = m;
	} else if (rn == 2 && (rest[0] == 'Q' || rest[0] == 'q') && digits(rest + 1, 1)) {
		int q = rest[1] - '0';
		if (q < 1 || q > 4)
			return err_set(e, ERR_INVALID, "\"%s\": không có quý %d (quý từ Q1 đến Q4)", code, q);
		p.type = PERIOD_QUARTER;
		p.index = q;
	} else if (rn == 2 && (rest[0] == 'S' || rest[0] == 's') && digits(rest + 1, 1)) {
		int h = rest[1] - '0';
		if (h < 1 || h > 2)
			return err_set(e, ERR_INVALID,
				       "\"%s\": không có 6 tháng thứ %d (S1 là 6 tháng đầu năm, S2 là 6 "
				       "tháng cuối năm)", code, h);
		p.type = PERIOD_HALF;
		p.index = h;
	} else if (rn == 2 && (rest[0] == 'N' || rest[0] == 'n') && digits(rest + 1, 1)) {
		if (rest[1] != '9')
			return err_set(e, ERR_INVALID,
				       "\"%s\": chỉ có mã N9 (9 tháng đầu năm), không có N%c", code, rest[1]);
		p.type = PERIOD_NINE_MONTHS;
		p.index = 1;
	} else {
		return err_set(e, ERR_INVALID, "\"%.40s\": không phải mã kỳ báo cáo; dạng chấp nhận: "
			       PERIOD_FORMS, code);
	}
	if (year < 1900 || year > 9999)
		return err_set(e, ERR_INVALID, "\"%s\": năm %d ngoài khoảng 1900..9999", code, year);
	*out = p;
	return 0;
}

bool period_valid(const period *p)
{
	if (!p || p->year < 1900 || p->year > 9999)
		return false;
	switch (p->type) {
	case PERIOD_MONTH: return p->index >= 1 && p->index <= 12;
	case PERIOD_QUARTER: return p->index >= 1 && p->index <= 4;
	case PERIOD_HALF: return p->index >= 1 && p->index <= 2;
	case PERIOD_NINE_MONTHS:
	case PERIOD_YEAR: return p->index == 1;
	}
	return false;
}

int period_format_code(buf *b, const period *p)
{
	if (!period_valid(p))
		return ERR_INVALID;
	switch (p->type) {
	case PERIOD_MONTH: return buf_printf(b, "%04d%02d", p->year, p->index);
	case PERIOD_QUARTER: return buf_printf(b, "%04dQ%d", p->year, p->index);
	case PERIOD_HALF: return buf_printf(b, "%04dS%d", p->year, p->index);
	case PERIOD_NINE_MONTHS: return buf_printf(b, "%04dN9", p->year);
	case PERIOD_YEAR: return buf_printf(b, "%04d", p->year);
	}
	return ERR_INVALID;
}

int period_code_str(const period *p, char *out, size_t n, err *e)
{
	int k = -1;
	if (period_valid(p)) {
		switch (p->type) {
		case PERIOD_MONTH: k = snprintf(out, n, "%04d%02d", p->year, p->index); break;
		case PERIOD_QUARTER: k = snprintf(out, n, "%04dQ%d", p->year, p->index); break;
		case PERIOD_HALF: k = snprintf(out, n, "%04dS%d", p->year, p->index); break;
		case PERIOD_NINE_MONTHS: k = snprintf(out, n, "%04dN9", p->year); break;
		case PERIOD_YEAR: k = snprintf(out, n, "%04d", p->year); break;
		}
	}
	if (k < 0 || (size_t)k >= n) {
		if (n)
			out[0] = '\0';
		return err_set(e, ERR_INVALID, "kỳ không hợp lệ");
	}
	return 0;
}

int period_format_label(buf *b, const period *p)
{
	static const char *const roman[4] = {"I", "II", "III", "IV"};
	if (!period_valid(p))
		return ERR_INVALID;
	switch (p->type) {
	case PERIOD_MONTH: return buf_printf(b, "tháng %d/%d", p->index, p->year);
	case PERIOD_QUARTER: return buf_printf(b, "quý %s/%d", roman[p->index - 1], p->year);
	case PERIOD_HALF:
		return buf_printf(b, "6 tháng %s năm %d", p->index == 1 ? "đầu" : "cuối", p->year);
	case PERIOD_NINE_MONTHS: return buf_printf(b, "9 tháng năm %d", p->year);
	case PERIOD_YEAR: return buf_printf(b, "năm %d", p->year);
	}
	return ERR_INVALID;
}

int period_first_month(const period *p)
{
	if (!period_valid(p))
		return 0;
	switch (p->type) {
	case PERIOD_MONTH: return p->index;
	case PERIOD_QUARTER: return 3 * p->index - 2;
	case PERIOD_HALF: return p->index == 1 ? 1 : 7;
	case PERIOD_NINE_MONTHS:
	case PERIOD_YEAR: return 1;
	}
	return 0;
}

int period_last_month(const period *p)
{
	if (!period_valid(p))
		return 0;
	switch (p->type) {
	case PERIOD_MONTH: return p->index;
	case PERIOD_QUARTER: return 3 * p->index;
	case PERIOD_HALF: return p->index == 1 ? 6 : 12;
	case PERIOD_NINE_MONTHS: return 9;
	case PERIOD_YEAR: return 12;
	}
	return 0;
}

int period_months(const period *p)
{
	if (!period_valid(p))
		return 0;
	return period_last_month(p) - period_first_month(p) + 1;
}

period period_same_last_year(const period *p)
{
	period r = *p;
	r.year--;
	return r;
}

period period_month(int year, int month)
{
	period r = {PERIOD_MONTH, year, month};
	return r;
}

bool period_ending_in(period_type type, int year, int month, period *out)
{
	if (year < 1900 || year > 9999 || month < 1 || month > 12)
		return false;
	period r = {type, year, 1};
	switch (type) {
	case PERIOD_MONTH:
		r.index = month;
		break;
	case PERIOD_QUARTER:
		if (month % 3 != 0)
			return false;
		r.index = month / 3;
		break;
	case PERIOD_HALF:
		if (month != 6 && month != 12)
			return false;
		r.index = month / 6;
		break;
	case PERIOD_NINE_MONTHS:
		if (month != 9)
			return false;
		break;
	case PERIOD_YEAR:
		if (month != 12)
			return false;
		break;
	default:
		return false;
	}
	*out = r;
	return true;
}

cdate period_start_date(const period *p)
{
	cdate d = {0, 0, 0};
	if (!period_valid(p))
		return d;
	d.y = p->year;
	d.m = period_first_month(p);
	d.d = 1;
	return d;
}

cdate period_end_date(const period *p)
{
	cdate d = {0, 0, 0};
	if (!period_valid(p))
		return d;
	d.y = p->year;
	d.m = period_last_month(p);
	d.d = cdate_days_in_month(d.y, d.m);
	return d;
}

int period_cmp(const period *a, const period *b)
{
	int c = cdate_cmp(period_end_date(a), period_end_date(b));
	if (c)
		return c;
	int la = period_months(a), lb = period_months(b);
	return (la > lb) - (la < lb);
}

/* The cut-off day of (y, m): cal's day, or the month's last day if it is 0 or too large. */
static cdate cutoff_in(int y, int m, int cutoff)
{
	int dim = cdate_days_in_month(y, m);
	cdate d = {y, m, (cutoff <= 0 || cutoff > dim) ? dim : cutoff};
	return d;
}

void period_data_window(const period *p, const period_calendar *cal, cdate *from, cdate *to)
{
	const cdate none = {0, 0, 0};
	if (!cal)
		cal = &PERIOD_CALENDAR_DECREE09;
	if (!period_valid(p)) {
		*from = none;
		*to = none;
		return;
	}
	int first = period_first_month(p), last = period_last_month(p);
	int py = p->year, pm = first - 1;
	if (pm == 0) {
		pm = 12;
		py--;
	}
	*to = cutoff_in(p->year, last, cal->cutoff_day);
	if (py < 1900) { /* no month before January 1900: start on the first */
		cdate start = {p->year, first, 1};
		*from = start;
		return;
	}
	*from = cdate_from_days(cdate_to_days(cutoff_in(py, pm, cal->cutoff_day)) + 1);
}

cdate period_due_date(const period *p, const period_calendar *cal)
{
	cdate none = {0, 0, 0};
	if (!cal)
		cal = &PERIOD_CALENDAR_DECREE09;
	if (!period_valid(p))
		return none;
	int after = cal->due_months_after > 0 ? cal->due_months_after : 0;
	long mi = (long)p->year * 12 + (period_last_month(p) - 1) + after;
	int y = (int)(mi / 12), m = (int)(mi % 12) + 1;
	if (y > 9999)
		return none;
	return cutoff_in(y, m, cal->due_day);
}

/* s is exactly n digits. */
static bool all_digits(const char *s, size_t n)
{
	return strlen(s) == n && digits(s, n);
}

/* s is "Wn" or "Wnn" with n a week number. */
static bool week_of(const char *s)
{
	return s[0] == 'W' && (all_digits(s + 1, 1) || all_digits(s + 1, 2));
}

const char *period_unheld(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 5 || !digits(code, 4) || n > 20)
		return NULL;
	const char *r = code + 4;
	if (all_digits(r, 4) || (r[0] == '-' && all_digits(r + 1, 2) && r[3] == '-' && all_digits(r + 4, 2)))
		return "kỳ ngày (daily)";
	if (week_of(r))
		return "kỳ tuần (weekly)";
	if (!strncmp(r, "BiW", 3) && week_of(r + 2))
		return "kỳ hai tuần (bi-weekly)";
	static const char *const wd[] = {"Wed", "Thu", "Sat", "Sun"};
	for (size_t i = 0; i < sizeof wd / sizeof wd[0]; i++)
		if (!strncmp(r, wd[i], 3) && week_of(r + 3))
			return "kỳ tuần (weekly, bắt đầu ngày khác thứ Hai)";
	if (r[0] >= '0' && r[0] <= '9' && r[1] >= '0' && r[1] <= '9' && !strcmp(r + 2, "B"))
		return "kỳ hai tháng (bi-monthly)";
	static const char *const fy[] = {"April", "July", "Oct", "Nov"};
	for (size_t i = 0; i < sizeof fy / sizeof fy[0]; i++) {
		size_t l = strlen(fy[i]);
		if (strncmp(r, fy[i], l))
			continue;
		if (!r[l])
			return "năm tài chính (financial year)";
		if ((r[l] == 'S' && (!strcmp(r + l + 1, "1") || !strcmp(r + l + 1, "2"))))
			return "nửa năm tài chính (six-monthly April/November)";
		if (r[l] == 'Q' && r[l + 1] >= '1' && r[l + 1] <= '4' && !r[l + 2])
			return "quý tài chính (quarterly November)";
	}
	return NULL;
}

const char *period_type_name(period_type t)
{
	switch (t) {
	case PERIOD_MONTH: return "month";
	case PERIOD_QUARTER: return "quarter";
	case PERIOD_HALF: return "half";
	case PERIOD_NINE_MONTHS: return "nine_months";
	case PERIOD_YEAR: return "year";
	}
	return "unknown";
}

const char *period_type_name_vi(period_type t)
{
	switch (t) {
	case PERIOD_MONTH: return "tháng";
	case PERIOD_QUARTER: return "quý";
	case PERIOD_HALF: return "6 tháng";
	case PERIOD_NINE_MONTHS: return "9 tháng";
	case PERIOD_YEAR: return "năm";
	}
	return "không rõ";
}

void period_label_text(const period *p, char *dst, size_t n)
{
	buf b;
	buf_init(&b, 256);
	if (period_format_label(&b, p) == 0)
		snprintf(dst, n, "%s", buf_cstr(&b));
	else
		snprintf(dst, n, "%d/%d", p->index, p->year);
	buf_free(&b);
}
