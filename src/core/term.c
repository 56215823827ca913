/*
 * term.c - the rules of the term evaluation (term.h; docs/internals/eval.md,
 * "Term targets"): the path of each target form, progress, on the path or
 * behind, what the remaining years must achieve. Pure: annual figures in,
 * a row out. Loading is term_load.c.
 */
#include "core/term.h"

#include <math.h>
#include <string.h>

const char *term_status_code(term_status s)
{
	switch (s) {
	case TERM_ON_PATH: return "on_path";
	case TERM_BEHIND: return "behind";
	case TERM_MET: return "met";
	case TERM_NOT_MET: return "not_met";
	case TERM_NO_BASELINE: return "no_baseline";
	case TERM_NO_DATA: return "no_data";
	case TERM_NOT_STARTED: return "not_started";
	case TERM_NOT_APPLICABLE: return "not_applicable";
	}
	return "?";
}

const char *term_status_label(term_status s)
{
	switch (s) {
	case TERM_ON_PATH: return "Đúng lộ trình";
	case TERM_BEHIND: return "Chậm so với lộ trình";
	case TERM_MET: return "Đạt";
	case TERM_NOT_MET: return "Không đạt";
	case TERM_NO_BASELINE: return "Thiếu số liệu năm gốc";
	case TERM_NO_DATA: return "Chưa có số liệu";
	case TERM_NOT_STARTED: return "Chưa đến năm đầu nhiệm kỳ";
	case TERM_NOT_APPLICABLE: return "Không cộng dồn được (chỉ tiêu mức, tỷ lệ)";
	}
	return "?";
}

const char *term_form_code(term_form f)
{
	switch (f) {
	case TERM_FORM_REACH: return "reach";
	case TERM_FORM_GROWTH: return "growth";
	case TERM_FORM_POINTS: return "points";
	case TERM_FORM_TOTAL: return "total";
	}
	return "?";
}

const char *term_form_label(term_form f)
{
	switch (f) {
	case TERM_FORM_REACH: return "Đến năm cuối nhiệm kỳ đạt";
	case TERM_FORM_GROWTH: return "Tăng bình quân %/năm";
	case TERM_FORM_POINTS: return "Tăng/giảm bình quân điểm %/năm";
	case TERM_FORM_TOTAL: return "Tổng cả nhiệm kỳ đạt";
	}
	return "?";
}

term_form term_form_of(target_kind k)
{
	switch (k) {
	case TGT_GROWTH_AVG: return TERM_FORM_GROWTH;
	case TGT_POINTS_PER_YEAR: return TERM_FORM_POINTS;
	case TGT_TERM_TOTAL: return TERM_FORM_TOTAL;
	default: return TERM_FORM_REACH;
	}
}

/* x rounded to d decimals, half away from zero, after float noise below 1e-6
 * is removed (so 61,2300000001 and 61,23 compare equal). */
static double round_dec(double x, int d)
{
	double p = pow(10.0, d < 0 ? 0 : d > 4 ? 4 : d);
	x = round(x * 1e6) / 1e6;
	return round(x * p) / p;
}

/* Whether the target is judged lower-is-better. */
static bool judged_lower(const indicator *ind, const target *t)
{
	switch (t->kind) {
	case TGT_AT_MOST: return true;
	case TGT_REDUCE_TO: return !(t->has_baseline && t->baseline < t->value);
	case TGT_CHANGE_PCT: return ind->direction == DIR_LOWER;
	case TGT_GROWTH_AVG:
	case TGT_POINTS_PER_YEAR: return t->value < 0;
	case TGT_TERM_TOTAL: return ind->direction == DIR_LOWER;
	case TGT_AT_LEAST:
	case TGT_X_OF_Y: return false;
	}
	return false;
}

/* The path's figure in term year k (1..n) from baseline b. */
static double path_at(term_form f, const target *t, double b, int k, int n)
{
	double v = num_to_double(t->value);
	switch (f) {
	case TERM_FORM_REACH: {
		double goal = t->kind == TGT_CHANGE_PCT ? b * (1.0 + v / 100.0) : v;
		return b + (goal - b) * k / n;
	}
	case TERM_FORM_GROWTH: return b * pow(1.0 + v / 100.0, k);
	case TERM_FORM_POINTS: return b + v * k;
	case TERM_FORM_TOTAL: return v * k / n;
	}
	return NAN;
}

/* true when a is at least as good as want (both rounded to d decimals). */
static bool as_good(double a, double want, bool lower, int d)
{
	a = round_dec(a, d);
	want = round_dec(want, d);
	return lower ? a <= want : a >= want;
}

void term_compute_row(const indicator *ind, const target *t, const term_figures *f, int last_year,
		      term_row *row)
{
	int n = t->year_to - t->year_from + 1;
	int y0 = t->year_from - 1;
	int last = last_year < t->year_to ? last_year : t->year_to;
	int ind_index = row->ind_index;
	memset(row, 0, sizeof *row);
	row->ind_index = ind_index;
	row->target = *t;
	row->form = term_form_of(t->kind);
	row->lower = judged_lower(ind, t);
	row->baseline_year = y0;
	row->goal = row->expected = row->progress = NAN;
	row->achieved_rate = row->required_rate = NAN;
	for (int j = 0; j < TERM_MAX_YEARS; j++)
		row->path[j] = NAN;
	if (n < 1 || n > TERM_MAX_YEARS) {
		row->status = TERM_NO_DATA;
		return;
	}

	/* the baseline: the target's own, else the complete figure of the year before */
	if (t->has_baseline && row->form != TERM_FORM_TOTAL) {
		row->has_baseline = row->baseline_given = true;
		row->baseline = num_to_double(t->baseline);
	} else if (f->has[0] && last >= y0) {
		row->has_baseline = true;
		row->baseline = num_to_double(f->fig[0]);
	}
	double b = row->baseline;

	/* the path and the goal (a total needs no baseline) */
	bool total = row->form == TERM_FORM_TOTAL;
	if (total || row->has_baseline) {
		for (int k = 1; k <= n; k++)
			row->path[k - 1] = path_at(row->form, t, b, k, n);
		row->goal = row->path[n - 1];
	}
	if (total && ind->kind != IND_FLOW && ind->kind != IND_COUNT) {
		row->status = TERM_NOT_APPLICABLE;
		return;
	}
	if (last < t->year_from) {
		row->status = TERM_NOT_STARTED;
		return;
	}

	/* the latest figure: a total adds up the term's years from the first
	 * one, up to the first missing year; the other forms take the latest
	 * complete year */
	int k = 0;
	double a = 0;
	if (total) {
		for (int y = t->year_from; y <= last && f->has[y - y0]; y++, k++)
			a += num_to_double(f->fig[y - y0]);
	} else {
		for (int y = last; y >= t->year_from; y--)
			if (f->has[y - y0]) {
				k = y - y0;
				a = num_to_double(f->fig[y - y0]);
				break;
			}
	}
	if (k > 0) {
		row->has_latest = true;
		row->latest = a;
		row->latest_year = y0 + k;
		row->years_done = k;
		row->years_left = t->year_to - row->latest_year;
	}
	if (!total && !row->has_baseline) {
		row->status = TERM_NO_BASELINE;
		return;
	}
	if (k == 0) {
		row->status = TERM_NO_DATA;
		return;
	}

	double goal = row->goal;
	row->expected = row->path[k - 1];
	int r = row->years_left;
	switch (row->form) {
	case TERM_FORM_TOTAL:
		if (goal != 0)
			row->progress = a / goal * 100.0;
		row->achieved_rate = a / k;
		if (r > 0)
			row->required_rate = goal - a > 0 ? (goal - a) / r : 0;
		break;
	case TERM_FORM_GROWTH:
		if (goal != b)
			row->progress = (a - b) / (goal - b) * 100.0;
		if (a > 0 && b > 0)
			row->achieved_rate = (pow(a / b, 1.0 / k) - 1.0) * 100.0;
		if (r > 0 && a > 0 && goal > 0)
			row->required_rate = (pow(goal / a, 1.0 / r) - 1.0) * 100.0;
		break;
	case TERM_FORM_REACH:
	case TERM_FORM_POINTS:
		if (goal != b)
			row->progress = (a - b) / (goal - b) * 100.0;
		row->achieved_rate = (a - b) / k;
		if (r > 0)
			row->required_rate = (goal - a) / r;
		break;
	}
	/* a goal already reached asks nothing more of the remaining years */
	if (r > 0 && row->form != TERM_FORM_TOTAL && as_good(a, goal, row->lower, ind->decimals))
		row->required_rate = 0;
	if (r == 0)
		row->status = as_good(a, goal, row->lower, ind->decimals) ? TERM_MET : TERM_NOT_MET;
	else
		row->status = as_good(a, row->expected, row->lower, ind->decimals) ? TERM_ON_PATH : TERM_BEHIND;
}

int term_parse(const char *s, int *year_from, int *year_to, err *e)
{
	const char *p = s;
	int a = 0, b = 0, na = 0, nb = 0;
	while (*p >= '0' && *p <= '9' && na < 5)
		a = a * 10 + (*p++ - '0'), na++;
	if (*p == '-')
		p++;
	else if (!strncmp(p, "\xE2\x80\x93", 3)) /* – */
		p += 3;
	else
		na = 0;
	while (*p >= '0' && *p <= '9' && nb < 5)
		b = b * 10 + (*p++ - '0'), nb++;
	if (na != 4 || nb != 4 || *p)
		return err_set(e, ERR_INVALID, "nhiệm kỳ \"%s\": cần dạng NĂM-NĂM, ví dụ 2021-2025", s);
	if (a < 1901 || b > 9999 || b <= a)
		return err_set(e, ERR_INVALID, "nhiệm kỳ \"%s\": năm cuối phải sau năm đầu", s);
	if (b - a + 1 > TERM_MAX_YEARS)
		return err_set(e, ERR_INVALID, "nhiệm kỳ \"%s\": dài hơn %d năm", s, TERM_MAX_YEARS);
	*year_from = a;
	*year_to = b;
	return 0;
}
