/*
 * demo.c - writes the demo database: Bắc Kạn province (06) and city (058)
 * with its 8 wards and communes, the 2025 merger into Thái Nguyên (19), the
 * city's departments, the catalogue of demo_catalog.c, targets 2019-2024 and
 * values 2019-01..2024-12.
 *
 * How the numbers are made: a fixed-seed splitmix64 generator (no clock, no
 * outside randomness) draws trends, seasonal noise and ward shares. Every
 * indicator first gets a city figure per year (the real ones of DOMAIN.md §3
 * replace the drawn ones), spread over its periods by a seasonal profile and
 * then split among the wards with largest-remainder rounding in fixed point,
 * so the wards add up exactly to the city. Targets are then set from the
 * city's figures so that each year's status is the one the catalogue asks
 * for (2020: 11 of 65 not met); the generator checks every status itself and
 * refuses to write inconsistent data.
 *
 * Only store.h is used. Not for: benchmarks at scale (bench/), or anything
 * that has to change at run time.
 */
#include "demo/demo.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "demo/demo_int.h"
#include "store/store.h"

#define NU DEMO_NU
#define DEMO_SEED 0x06058c1e2019ULL
#define DEMO_AT 1736874000LL  /* 15/01/2025 00:00 (UTC+7): the bulk writer's default; each figure
				* gets its own day (entered_at) */
#define DEMO_BY "demo"

const char *const demo_ward_codes[DEMO_NWARD] = {
	"01834", "01837", "01840", "01843", "01846", "01849", "01852", "01855",
};

/* ---- the generator's state -------------------------------------------- */

typedef struct dtarget {
	size_t ind;
	target t;
} dtarget;

typedef struct dgen {
	uint64_t rng;
	size_t n;         /* indicators */
	num_t *v;         /* [((i * NU + u) * DEMO_NY + y) * 12 + k] */
	uint16_t *has;    /* [(i * NU + u) * DEMO_NY + y] */
	double *share;    /* [i * DEMO_NWARD + w] */
	dtarget *tg;
	size_t n_tg, cap_tg;
} dgen;

static uint64_t rng_next(dgen *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(dgen *g)
{
	return (double)(rng_next(g) >> 11) * 0x1.0p-53;
}

static size_t cell(size_t i, int u, int y)
{
	return ((i * NU) + (size_t)u) * DEMO_NY + (size_t)y;
}

static void set_slot(dgen *g, size_t i, int u, int y, int k, num_t x)
{
	size_t c = cell(i, u, y);
	g->v[c * 12 + (size_t)k] = x;
	g->has[c] |= (uint16_t)(1u << k);
}

static bool get_slot(const dgen *g, size_t i, int u, int y, int k, num_t *x)
{
	size_t c = cell(i, u, y);
	if (!(g->has[c] & (1u << k)))
		return false;
	*x = g->v[c * 12 + (size_t)k];
	return true;
}

static num_t to_num(double x)
{
	return (num_t)llround(x * NUM_SCALE);
}

static double from_num(num_t x)
{
	return (double)x / NUM_SCALE;
}

static num_t pow10n(int e)
{
	num_t r = 1;
	for (int k = 0; k < e; k++)
		r *= 10;
	return r;
}

/* The smallest step of an indicator's figures: one unit of its last decimal. */
static num_t tick_of(const demo_ind *d)
{
	return pow10n(NUM_DECIMALS - d->decimals);
}

static num_t round_to(double x, num_t step)
{
	return (num_t)llround(x / (double)step) * step;
}

static int find_ind(const char *code)
{
	for (size_t i = 0; i < demo_n_inds; i++)
		if (strcmp(demo_inds[i].code, code) == 0)
			return (int)i;
	return -1;
}

static int periods_of(ind_freq f)
{
	switch (f) {
	case FREQ_MONTH: return 12;
	case FREQ_QUARTER: return 4;
	case FREQ_HALF: return 2;
	case FREQ_YEAR: return 1;
	}
	return 1;
}

/* The slot (0..11: last month - 1) of period p (0-based) of n per year. */
static int slot_of(int p, int n)
{
	return (p + 1) * (12 / n) - 1;
}

/*
 * Splits total (a multiple of step) into n parts proportional to w, each a
 * multiple of step, summing exactly to total: floors first, the remaining
 * steps to the largest fractional parts (ties: the earlier part).
 */
static void spread(num_t total, int n, const double *w, num_t step, num_t *out)
{
	double sw = 0;
	for (int k = 0; k < n; k++)
		sw += w[k];
	num_t units = total / step, used = 0;
	double frac[12];
	for (int k = 0; k < n; k++) {
		double q = sw > 0 ? (double)units * w[k] / sw : (double)units / n;
		num_t f = (num_t)floor(q);
		out[k] = f;
		frac[k] = q - (double)f;
		used += f;
	}
	num_t rem = units - used;
	while (rem > 0) {
		int best = 0;
		for (int k = 1; k < n; k++)
			if (frac[k] > frac[best])
				best = k;
		out[best]++;
		frac[best] = -1;
		rem--;
		if (rem > 0) {
			bool any = false;
			for (int k = 0; k < n; k++)
				any = any || frac[k] >= 0;
			if (!any)
				for (int k = 0; k < n; k++)
					frac[k] = 0;
		}
	}
	while (rem < 0) { /* float noise made a floor too high: take back from the largest */
		int best = 0;
		for (int k = 1; k < n; k++)
			if (out[k] > out[best])
				best = k;
		out[best]--;
		rem++;
	}
	for (int k = 0; k < n; k++)
		out[k] *= step;
}

/* ---- year figures ------------------------------------------------------ */

static bool fix_of(const char *code, int year, double *out)
{
	for (size_t k = 0; k < demo_n_fixes; k++)
		if (demo_fixes[k].year == year && strcmp(demo_fixes[k].code, code) == 0) {
			*out = demo_fixes[k].figure;
			return true;
		}
	return false;
}

/* The city's figure per year: the 2019 base, then the trend with a little
 * jitter, the real figures where there are some, within the cap. */
static void year_figures(dgen *g, const demo_ind *d, num_t A[DEMO_NY])
{
	double prev = d->base;
	for (int y = 0; y < DEMO_NY; y++) {
		double jit = (rng_unit(g) - 0.5) * 0.04;
		double a = y == 0 ? d->base : prev * (1.0 + d->growth + ((d->flags & DF_STEADY) ? 0 : jit));
		double f;
		if (fix_of(d->code, DEMO_Y0 + y, &f))
			a = f;
		if (d->cap > 0 && a > d->cap)
			a = d->cap;
		if (a < 0)
			a = 0;
		A[y] = round_to(a * NUM_SCALE, tick_of(d));
		prev = from_num(A[y]);
	}
}

/* ---- flows ------------------------------------------------------------- */

/*
 * Spreads a year's total of a flow over its periods by the seasonal profile
 * (with noise), honouring the real sums of demo_segs, into slots[12]/has.
 */
static int flow_year(dgen *g, const demo_ind *d, int year, num_t total, num_t step, int profile,
		     num_t slots[12], uint16_t *has, err *e)
{
	int n = periods_of(d->freq), per = 12 / n;
	double w[12];
	for (int p = 0; p < n; p++) {
		double s = 0;
		for (int m = p * per; m < (p + 1) * per; m++)
			s += demo_profiles[profile][m];
		w[p] = s * (1.0 + (rng_unit(g) - 0.5) * 0.12);
	}
	bool fixed[12] = { false };
	num_t rest = total;
	*has = 0;
	for (size_t s = 0; s < demo_n_segs; s++) {
		const demo_seg *sg = &demo_segs[s];
		if (sg->year != year || strcmp(sg->code, d->code) != 0)
			continue;
		if (n != 12)
			return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s có tổng theo tháng nhưng không báo cáo tháng",
				       d->code);
		int len = sg->m_to - sg->m_from + 1;
		num_t part[12], sum = to_num(sg->sum);
		spread(sum, len, &w[sg->m_from - 1], step, part);
		for (int k = 0; k < len; k++) {
			slots[sg->m_from - 1 + k] = part[k];
			fixed[sg->m_from - 1 + k] = true;
		}
		rest -= sum;
	}
	double wr[12];
	int idx[12], nr = 0;
	for (int p = 0; p < n; p++)
		if (!fixed[slot_of(p, n)]) {
			idx[nr] = slot_of(p, n);
			wr[nr++] = w[p];
		}
	if (nr == 0 && rest != 0)
		return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s năm %d: các tổng theo tháng không khớp tổng năm",
			       d->code, year);
	if (rest < 0)
		return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s năm %d: tổng năm nhỏ hơn các tổng đã cho",
			       d->code, year);
	if (nr > 0) {
		num_t part[12];
		spread(rest, nr, wr, step, part);
		for (int k = 0; k < nr; k++)
			slots[idx[k]] = part[k];
	}
	for (int p = 0; p < n; p++)
		*has |= (uint16_t)(1u << slot_of(p, n));
	return 0;
}

/* The path of a level through the year: from last year's figure to this year's. */
static void level_year(dgen *g, const demo_ind *d, num_t prev, num_t a, num_t slots[12], uint16_t *has)
{
	int n = periods_of(d->freq);
	*has = 0;
	for (int p = 0; p < n; p++) {
		num_t x = a;
		if (p < n - 1) {
			double t = from_num(prev) + (from_num(a) - from_num(prev)) * (p + 1) / n;
			t *= 1.0 + (rng_unit(g) - 0.5) * 0.01;
			if (d->cap > 0 && t > d->cap)
				t = d->cap;
			x = round_to(t * NUM_SCALE, tick_of(d));
		}
		slots[slot_of(p, n)] = x;
		*has |= (uint16_t)(1u << slot_of(p, n));
	}
}

/* Puts a city series either on the city itself or split among the wards. */
static void place_series(dgen *g, size_t i, int y, const num_t slots[12], uint16_t has)
{
	const demo_ind *d = &demo_inds[i];
	for (int k = 0; k < 12; k++) {
		if (!(has & (1u << k)))
			continue;
		if (d->rollup == ROLLUP_NONE) {
			set_slot(g, i, 0, y, k, slots[k]);
			continue;
		}
		num_t part[DEMO_NWARD];
		spread(slots[k], DEMO_NWARD, &g->share[i * DEMO_NWARD], tick_of(d), part);
		for (int w = 0; w < DEMO_NWARD; w++)
			set_slot(g, i, 1 + w, y, k, part[w]);
	}
}

/* ---- figures as the evaluation reads them ------------------------------ */

/* The value of slot k for unit u: its own, or for the city rolled up from the wards. */
static bool slot_value(const dgen *g, size_t i, int u, int y, int k, num_t *out)
{
	const demo_ind *d = &demo_inds[i];
	if (get_slot(g, i, u, y, k, out))
		return true;
	if (u != 0 || d->rollup == ROLLUP_NONE || d->rollup == ROLLUP_RATIO)
		return false;
	num_t sum = 0;
	double svw = 0, sw = 0;
	bool any = false;
	int wi = d->weight ? find_ind(d->weight) : -1;
	for (int w = 1; w < NU; w++) {
		num_t x, wt;
		if (!get_slot(g, i, w, y, k, &x))
			continue;
		if (d->rollup == ROLLUP_WAVG) {
			if (wi < 0 || !get_slot(g, (size_t)wi, w, y, k, &wt))
				continue;
			svw += from_num(x) * from_num(wt);
			sw += from_num(wt);
		}
		sum += x;
		any = true;
	}
	if (!any)
		return false;
	if (d->rollup == ROLLUP_WAVG) {
		if (sw == 0)
			return false;
		*out = to_num(svw / sw);
	} else {
		*out = sum;
	}
	return true;
}

static bool is_flow(const demo_ind *d)
{
	return d->kind == IND_FLOW || d->kind == IND_COUNT;
}

/* The figure of indicator i for unit u over year y (flows sum, levels latest, ratios num/den). */
static bool year_measure(const dgen *g, size_t i, int u, int y, num_t *out)
{
	const demo_ind *d = &demo_inds[i];
	if (d->kind == IND_RATIO) {
		num_t nv, dv;
		int ni = find_ind(d->num), di = find_ind(d->den);
		if (ni < 0 || di < 0 || !year_measure(g, (size_t)ni, u, y, &nv) ||
		    !year_measure(g, (size_t)di, u, y, &dv) || dv == 0)
			return false;
		*out = to_num(from_num(nv) / from_num(dv) * 100.0);
		return true;
	}
	bool any = false;
	num_t acc = 0, x;
	for (int k = 0; k < 12; k++) {
		if (!slot_value(g, i, u, y, k, &x))
			continue;
		acc = is_flow(d) ? acc + x : x;
		any = true;
	}
	*out = acc;
	return any;
}

/* ---- special rows ------------------------------------------------------ */

/* Ratio: the numerator from the (already made) denominator and the year's ratio. */
static int make_ratio(dgen *g, size_t i, const num_t A[DEMO_NY], err *e)
{
	const demo_ind *d = &demo_inds[i];
	int ni = find_ind(d->num), di = find_ind(d->den);
	if (ni < 0 || di < 0)
		return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s thiếu tử số hoặc mẫu số", d->code);
	num_t nstep = tick_of(&demo_inds[ni]);
	double dev[DEMO_NWARD];
	for (int w = 0; w < DEMO_NWARD; w++)
		dev[w] = (rng_unit(g) - 0.5) * 3.0;
	for (int y = 0; y < DEMO_NY; y++) {
		double r = from_num(A[y]) / 100.0;
		for (int k = 0; k < 12; k++) {
			num_t dv;
			if (d->rollup == ROLLUP_NONE) {
				if (get_slot(g, (size_t)di, 0, y, k, &dv))
					set_slot(g, (size_t)ni, 0, y, k, round_to((double)dv * r, nstep));
				continue;
			}
			num_t D = 0, N = 0, den[DEMO_NWARD], num[DEMO_NWARD];
			bool any = false;
			for (int w = 0; w < DEMO_NWARD; w++) {
				den[w] = 0;
				num[w] = 0;
				if (!get_slot(g, (size_t)di, 1 + w, y, k, &den[w]))
					continue;
				any = true;
				double rw = r + dev[w] / 100.0;
				if (rw > 1)
					rw = 1;
				num[w] = round_to((double)den[w] * rw, nstep);
				D += den[w];
				N += num[w];
			}
			if (!any)
				continue;
			num_t want = round_to((double)D * r, nstep), diff = want - N;
			for (int guard = 0; diff != 0 && guard < 100000; guard++) {
				int w = guard % DEMO_NWARD;
				if (diff > 0 && num[w] + nstep <= den[w]) {
					num[w] += nstep;
					diff -= nstep;
				} else if (diff < 0 && num[w] >= nstep) {
					num[w] -= nstep;
					diff += nstep;
				}
			}
			if (diff != 0)
				return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s năm %d: không chia được tử số",
					       d->code, DEMO_Y0 + y);
			for (int w = 0; w < DEMO_NWARD; w++)
				set_slot(g, (size_t)ni, 1 + w, y, k, num[w]);
		}
	}
	return 0;
}

/* Weighted average (year figures): wards around the city figure, the last
 * ward solved so that the weighted mean is the city figure. */
static int make_wavg(dgen *g, size_t i, const num_t A[DEMO_NY], err *e)
{
	const demo_ind *d = &demo_inds[i];
	int wi = find_ind(d->weight);
	if (wi < 0 || d->freq != FREQ_YEAR)
		return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s cần quyền số và tần suất năm", d->code);
	/* forest lies in the communes; clean water in the town */
	double spreadk = d->cap > 0 && from_num(A[0]) < 80 ? 25.0 : -6.0;
	for (int y = 0; y < DEMO_NY; y++) {
		double a = from_num(A[y]), svw = 0, sw = 0, wt[DEMO_NWARD];
		num_t v[DEMO_NWARD];
		for (int w = 0; w < DEMO_NWARD; w++) {
			num_t x;
			if (!get_slot(g, (size_t)wi, 1 + w, y, 11, &x))
				return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s thiếu quyền số năm %d", d->code,
					       DEMO_Y0 + y);
			wt[w] = from_num(x);
		}
		/* offsets from the city figure by how rural a ward is, centred on the weighted mean */
		double c[DEMO_NWARD], cw = 0, wsum = 0;
		for (int w = 0; w < DEMO_NWARD; w++) {
			c[w] = (demo_shares[DS_RURAL][w] * DEMO_NWARD - 1.0) * spreadk;
			cw += c[w] * wt[w];
			wsum += wt[w];
		}
		for (int w = 0; w < DEMO_NWARD - 1; w++) {
			double off = c[w] - cw / wsum;
			double x = a + off * (1.0 + (rng_unit(g) - 0.5) * 0.1);
			if (x > d->cap)
				x = d->cap;
			if (x < 0)
				x = 0;
			v[w] = round_to(x * NUM_SCALE, tick_of(d));
			svw += from_num(v[w]) * wt[w];
			sw += wt[w];
		}
		int last = DEMO_NWARD - 1;
		double x = (a * (sw + wt[last]) - svw) / wt[last];
		if (x < 0 || x > d->cap)
			return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s năm %d: không cân được bình quân gia quyền",
				       d->code, DEMO_Y0 + y);
		v[last] = round_to(x * NUM_SCALE, tick_of(d));
		for (int w = 0; w < DEMO_NWARD; w++)
			set_slot(g, i, 1 + w, y, 11, v[w]);
	}
	return 0;
}

static int ward_index(const char *code)
{
	for (int w = 0; w < DEMO_NWARD; w++)
		if (strcmp(demo_ward_codes[w], code) == 0)
			return w;
	return -1;
}

static int add_target(dgen *g, size_t i, const char *unit_code, int yf, int yt, target_kind kind,
		      target_source src, num_t amount, bool has_base, num_t base, const char *note, err *e);

/*
 * Budget revenue: the city enters its own figure (the real 2020 one) and
 * the wards enter theirs (their part of it) against their own targets. In
 * 2020, by November, Sông Cầu and Nguyễn Thị Minh Khai stood above 70 % of
 * their plans and the six others had met theirs.
 */
static int make_budget(dgen *g, size_t i, const num_t A[DEMO_NY], err *e)
{
	const demo_ind *d = &demo_inds[i];
	const num_t step = 100; /* wards: 0,01 tỷ đồng */
	double ws[DEMO_NWARD];
	for (int w = 0; w < DEMO_NWARD; w++)
		ws[w] = demo_shares[DS_URBAN][w] * 0.22 * (1.0 + (rng_unit(g) - 0.5) * 0.2);
	int lag_a = ward_index("01837"), lag_b = ward_index("01834");
	for (int y = 0; y < DEMO_NY; y++) {
		num_t slots[12];
		uint16_t has;
		int rc = flow_year(g, d, DEMO_Y0 + y, A[y], tick_of(d), d->profile, slots, &has, e);
		if (rc)
			return rc;
		for (int k = 0; k < 12; k++)
			set_slot(g, i, 0, y, k, slots[k]);
		for (int w = 0; w < DEMO_NWARD; w++) {
			num_t t, part[12];
			double wts[12];
			for (int m = 0; m < 12; m++)
				wts[m] = demo_profiles[d->profile][m] * (1.0 + (rng_unit(g) - 0.5) * 0.12);
			if (DEMO_Y0 + y == 2020) {
				double f = w == lag_a ? 0.72 : w == lag_b ? 0.75 : 1.03 + 0.015 * w;
				t = round_to(151.0 * ws[w] * NUM_SCALE, step);
				num_t upto_nov = round_to((double)t * f, step);
				spread(upto_nov, 11, wts, step, part);
				part[11] = round_to((double)t * 0.2, step);
			} else {
				num_t total = round_to((double)A[y] * ws[w], step);
				spread(total, 12, wts, step, part);
				double m = 0.02 + rng_unit(g) * 0.04;
				t = (num_t)floor((double)total / (1.0 + m) / (double)step) * step;
			}
			for (int k = 0; k < 12; k++)
				set_slot(g, i, 1 + w, y, k, part[k]);
			rc = add_target(g, i, demo_ward_codes[w], DEMO_Y0 + y, DEMO_Y0 + y, TGT_AT_LEAST,
					TGT_SRC_ASSIGNED, t, false, 0, "UBND thành phố giao", e);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Military recruitment: the fit count and the detail rows of the call-up. */
static int make_military(dgen *g, size_t i, const num_t A[DEMO_NY], err *e)
{
	static const char *const det[] = { "QSGOI", "QSKHAM", "QSQD", "QSCA", "QSKD" };
	int di[5];
	for (int k = 0; k < 5; k++)
		if ((di[k] = find_ind(det[k])) < 0)
			return err_set(e, ERR_INVALID, "dữ liệu mẫu: thiếu chỉ tiêu %s", det[k]);
	for (int y = 0; y < DEMO_NY; y++) {
		long fit = (long)(A[y] / NUM_SCALE), x[5];
		if (DEMO_Y0 + y == 2021) { /* the real call-up of 2021 */
			x[0] = 216, x[1] = 168, x[2] = 56, x[3] = 12, x[4] = 90;
		} else {
			x[0] = lround(fit * (3.0 + rng_unit(g) * 0.3));
			x[1] = lround(x[0] * 0.78);
			x[2] = lround(fit * 0.82);
			x[3] = fit - x[2];
			x[4] = x[1] - fit - lround(x[1] * 0.07);
		}
		set_slot(g, i, 0, y, 11, A[y]);
		for (int k = 0; k < 5; k++)
			set_slot(g, (size_t)di[k], 0, y, 11, NUM_INT(x[k]));
	}
	return 0;
}

/* ---- targets ----------------------------------------------------------- */

static int add_target(dgen *g, size_t i, const char *unit_code, int yf, int yt, target_kind kind,
		      target_source src, num_t amount, bool has_base, num_t base, const char *note, err *e)
{
	if (g->n_tg == g->cap_tg) {
		size_t cap = g->cap_tg ? g->cap_tg * 2 : 256;
		dtarget *p = realloc(g->tg, cap * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo dữ liệu mẫu");
		g->tg = p;
		g->cap_tg = cap;
	}
	dtarget *dt = &g->tg[g->n_tg++];
	memset(dt, 0, sizeof *dt);
	dt->ind = i;
	target *t = &dt->t;
	snprintf(t->indicator_code, sizeof t->indicator_code, "%s", demo_inds[i].code);
	snprintf(t->unit_code, sizeof t->unit_code, "%s", unit_code);
	t->year_from = yf;
	t->year_to = yt;
	t->kind = kind;
	t->source = src;
	t->value = amount;
	t->has_baseline = has_base;
	t->baseline = base;
	t->total = kind == TGT_X_OF_Y ? amount : 0;
	snprintf(t->note, sizeof t->note, "%s", note ? note : "");
	return 0;
}

/* A round step for a target near x: three significant digits, at least one tick. */
static num_t target_step(const demo_ind *d, num_t x)
{
	double a = fabs(from_num(x));
	int ex = a > 0 ? (int)floor(log10(a)) - 2 : 0;
	if (ex < -NUM_DECIMALS)
		ex = -NUM_DECIMALS;
	num_t s = pow10n(ex + NUM_DECIMALS), t = tick_of(d);
	if (s < t)
		s = t;
	if ((d->kind == IND_COUNT || d->decimals == 0) && s < NUM_SCALE)
		s = NUM_SCALE;
	return s;
}

static num_t floor_to(double x, num_t s)
{
	return (num_t)floor(x / (double)s) * s;
}

static num_t ceil_to(double x, num_t s)
{
	return (num_t)ceil(x / (double)s) * s;
}

/* Met (or exceeded) at the year end, judged the way the evaluation does. */
static bool judge(const demo_ind *d, const target *t, num_t M, bool has_prev, num_t P)
{
	switch (t->kind) {
	case TGT_AT_LEAST:
	case TGT_X_OF_Y: return M >= t->value;
	case TGT_AT_MOST: return M <= t->value;
	case TGT_REDUCE_TO:
		return (t->has_baseline && t->baseline < t->value) ? M >= t->value : M <= t->value;
	case TGT_CHANGE_PCT: {
		if (!has_prev)
			return false;
		num_t goal = to_num(from_num(P) * (1.0 + from_num(t->value) / 100.0));
		return d->dir == DIR_LOWER ? M <= goal : M >= goal;
	}
	case TGT_GROWTH_AVG: /* term targets: not judged on one year */
	case TGT_POINTS_PER_YEAR:
	case TGT_TERM_TOTAL: return false;
	}
	return false;
}

static bool has_given_target(const char *code, int year)
{
	for (size_t k = 0; k < demo_n_tgts; k++)
		if (demo_tgts[k].year_from == year && demo_tgts[k].year_to == year &&
		    strcmp(demo_tgts[k].code, code) == 0)
			return true;
	return false;
}

/* The city's targets of indicator i for every year, then the check that each
 * year's status is the one the catalogue wants. */
static int city_targets(dgen *g, size_t i, err *e)
{
	const demo_ind *d = &demo_inds[i];
	int rc;
	for (size_t k = 0; k < demo_n_tgts; k++) {
		const demo_tgt *gt = &demo_tgts[k];
		if (strcmp(gt->code, d->code) != 0)
			continue;
		rc = add_target(g, i, DEMO_CITY, gt->year_from, gt->year_to, gt->kind, gt->source,
				to_num(gt->value), gt->kind == TGT_REDUCE_TO, to_num(gt->baseline), gt->note, e);
		if (rc)
			return rc;
	}
	for (int y = 0; y < DEMO_NY; y++) {
		int year = DEMO_Y0 + y;
		num_t M, P = 0;
		if (!year_measure(g, i, 0, y, &M))
			return err_set(e, ERR_INVALID, "dữ liệu mẫu: %s không có số liệu năm %d", d->code, year);
		bool has_prev = y > 0 && year_measure(g, i, 0, y - 1, &P);
		bool miss = (d->miss & DY(year)) != 0;
		if (!has_given_target(d->code, year)) {
			double m = miss ? 0.03 + rng_unit(g) * 0.05 : 0.02 + rng_unit(g) * 0.04;
			double x = (double)M;
			num_t s = target_step(d, M);
			const char *own_note = "Nghị quyết HĐND thành phố", *as_note = "Quyết định giao chỉ tiêu của UBND tỉnh";
			if ((d->flags & DF_CHANGE) && y > 0) {
				rc = add_target(g, i, DEMO_CITY, year, year, TGT_CHANGE_PCT, TGT_SRC_OWN, 0, false, 0,
						"Giảm so với năm trước", e);
			} else if (d->flags & DF_REDUCE) {
				num_t base = has_prev ? P : ceil_to(x * 1.12, s);
				num_t v = miss ? floor_to(x / (1 + m), s) : ceil_to(x * (1 + m), s);
				if (v >= base)
					v = base - s;
				rc = add_target(g, i, DEMO_CITY, year, year, TGT_REDUCE_TO, TGT_SRC_OWN, v, true, base,
						own_note, e);
			} else if (d->dir == DIR_LOWER) {
				num_t own = miss ? floor_to(x / (1 + m), s) : ceil_to(x * (1 + m), s);
				num_t as = miss ? floor_to(x / (1 + m / 2), s) : ceil_to(x * (1 + m + 0.03), s);
				rc = add_target(g, i, DEMO_CITY, year, year, TGT_AT_MOST, TGT_SRC_ASSIGNED, as, false, 0,
						as_note, e);
				if (!rc && (d->flags & DF_OWN))
					rc = add_target(g, i, DEMO_CITY, year, year, TGT_AT_MOST, TGT_SRC_OWN, own, false,
							0, own_note, e);
			} else {
				target_kind kind = (d->flags & DF_XOFY) ? TGT_X_OF_Y : TGT_AT_LEAST;
				num_t own = miss ? ceil_to(x * (1 + m), s) : floor_to(x / (1 + m), s);
				num_t as = miss ? ceil_to(x * (1 + m / 2), s) : floor_to(x / (1 + m + 0.03), s);
				if (d->cap > 0 && own > to_num(d->cap))
					own = to_num(d->cap);
				if (d->cap > 0 && as > to_num(d->cap))
					as = to_num(d->cap);
				if (d->flags & DF_OWN) {
					rc = add_target(g, i, DEMO_CITY, year, year, kind, TGT_SRC_ASSIGNED, as, false, 0,
							as_note, e);
					if (!rc)
						rc = add_target(g, i, DEMO_CITY, year, year, kind, TGT_SRC_OWN, own, false,
								0, own_note, e);
				} else {
					rc = add_target(g, i, DEMO_CITY, year, year, kind, TGT_SRC_ASSIGNED, own, false,
							0, as_note, e);
				}
			}
			if (rc)
				return rc;
		}
		/* the check: the effective target (own before assigned) gives the wanted status */
		const target *own = NULL, *as = NULL;
		for (size_t k = 0; k < g->n_tg; k++) {
			const target *t = &g->tg[k].t;
			if (g->tg[k].ind != i || t->year_from != year || t->year_to != year ||
			    strcmp(t->unit_code, DEMO_CITY) != 0)
				continue;
			if (t->source == TGT_SRC_OWN)
				own = t;
			else
				as = t;
		}
		const target *eff = own ? own : as;
		if (!eff || judge(d, eff, M, has_prev, P) == miss)
			return err_set(e, ERR_INVALID,
				       "dữ liệu mẫu sai: chỉ tiêu %s năm %d phải %s nhưng số liệu %.4f cho kết quả khác",
				       d->code, year, miss ? "không đạt" : "đạt", from_num(M));
	}
	return 0;
}

/* Wards' targets: the city's target scaled to each ward's own figure (its
 * share of a flow, its own percentage), so a ward meets its target when the
 * city does; one ward a year is set a little above its reach. */
static int ward_targets(dgen *g, size_t i, err *e)
{
	const demo_ind *d = &demo_inds[i];
	for (int y = 0; y < DEMO_NY; y++) {
		int year = DEMO_Y0 + y;
		const target *city = NULL;
		for (size_t k = 0; k < g->n_tg; k++) {
			const target *t = &g->tg[k].t;
			if (g->tg[k].ind == i && t->year_from == year && t->year_to == year &&
			    strcmp(t->unit_code, DEMO_CITY) == 0 && (!city || t->source == TGT_SRC_OWN))
				city = t;
		}
		num_t M;
		if (!city || !year_measure(g, i, 0, y, &M) || M == 0)
			continue;
		target ct = *city; /* add_target may move g->tg */
		int lag = (int)(rng_next(g) % DEMO_NWARD);
		bool retail22 = strcmp(d->code, "KT01") == 0 && year == 2022;
		for (int w = 0; w < DEMO_NWARD; w++) {
			num_t W, v;
			if (!year_measure(g, i, 1 + w, y, &W))
				continue;
			{
				double k = w == lag ? 1.08 : 1.0;
				if (retail22) /* June 2022: Dương Quang and Nông Thượng lag */
					k = (w == ward_index("01849") || w == ward_index("01852")) ? 1.12 : 0.98;
				double x = (double)W * (double)ct.value / (double)M * k;
				v = k > 1.0 ? ceil_to(x, tick_of(d)) : floor_to(x, tick_of(d));
			}
			int rc = add_target(g, i, demo_ward_codes[w], year, year, ct.kind, TGT_SRC_ASSIGNED, v, false, 0,
					    "UBND thành phố giao", e);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- making all the figures -------------------------------------------- */

static int make_values(dgen *g, size_t i, err *e)
{
	const demo_ind *d = &demo_inds[i];
	if (d->flags & DF_BYOTHER)
		return 0;
	for (int w = 0; w < DEMO_NWARD; w++) {
		double s = demo_shares[d->share][w];
		if (d->share != DS_LAND)
			s *= 1.0 + (rng_unit(g) - 0.5) * 0.2;
		g->share[i * DEMO_NWARD + (size_t)w] = s;
	}
	num_t A[DEMO_NY];
	year_figures(g, d, A);
	if (d->flags & DF_BUDGET)
		return make_budget(g, i, A, e);
	if (d->flags & DF_MILITARY)
		return make_military(g, i, A, e);
	if (d->kind == IND_RATIO)
		return make_ratio(g, i, A, e);
	if (d->rollup == ROLLUP_WAVG)
		return make_wavg(g, i, A, e);
	for (int y = 0; y < DEMO_NY; y++) {
		num_t slots[12] = { 0 };
		uint16_t has;
		if (is_flow(d)) {
			int rc = flow_year(g, d, DEMO_Y0 + y, A[y], tick_of(d), d->profile, slots, &has, e);
			if (rc)
				return rc;
		} else {
			num_t prev = y > 0 ? A[y - 1]
					   : round_to((double)A[0] / (1.0 + d->growth), tick_of(d));
			level_year(g, d, prev, A[y], slots, &has);
		}
		place_series(g, i, y, slots, has);
	}
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

static int put_unit(store *s, const char *code, const char *name, unit_type type, const char *parent,
		    cdate from, cdate to, err *e)
{
	unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent_code, sizeof u.parent_code, "%s", parent);
	u.type = type;
	u.valid_from = from;
	u.valid_to = to;
	return store_unit_put(s, &u, e);
}

static int write_units(store *s, demo_stats *st, err *e)
{
	static const struct {
		const char *code, *name;
		unit_type type;
		const char *parent;
		bool old;     /* ended on 30/06/2025 */
		bool reform;  /* formed on 01/07/2025 */
	} units[] = {
		{ "VN", "Việt Nam", UNIT_NATION, "", false, false },
		{ "06", "Bắc Kạn", UNIT_PROVINCE, "VN", true, false },
		{ "19", "Thái Nguyên", UNIT_PROVINCE, "VN", false, false },
		{ "058", "Bắc Kạn", UNIT_CITY, "06", true, false },
		{ "060", "Pác Nặm", UNIT_DISTRICT, "06", true, false },
		{ "061", "Ba Bể", UNIT_DISTRICT, "06", true, false },
		{ "063", "Bạch Thông", UNIT_DISTRICT, "06", true, false },
		{ "01834", "Nguyễn Thị Minh Khai", UNIT_WARD, "058", true, false },
		{ "01837", "Sông Cầu", UNIT_WARD, "058", true, false },
		{ "01840", "Đức Xuân", UNIT_WARD, "058", true, false },
		{ "01843", "Phùng Chí Kiên", UNIT_WARD, "058", true, false },
		{ "01846", "Huyền Tụng", UNIT_WARD, "058", true, false },
		{ "01849", "Dương Quang", UNIT_COMMUNE, "058", true, false },
		{ "01852", "Nông Thượng", UNIT_COMMUNE, "058", true, false },
		{ "01855", "Xuất Hóa", UNIT_WARD, "058", true, false },
		/* codes invented for the demo: the real new codes are not in DOMAIN.md */
		{ "DX2025", "Đức Xuân", UNIT_WARD, "19", false, true },
		{ "BK2025", "Bắc Kạn", UNIT_WARD, "19", false, true },
	};
	static const struct {
		const char *code, *from;
	} links[] = {
		{ "19", "06" },
		{ "DX2025", "01834" }, { "DX2025", "01846" }, { "DX2025", "01840" },
		{ "BK2025", "01837" }, { "BK2025", "01843" }, { "BK2025", "01855" }, { "BK2025", "01852" },
	};
	const cdate none = { 0, 0, 0 }, end = { 2025, 6, 30 }, start = { 2025, 7, 1 };
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
		int rc = put_unit(s, units[k].code, units[k].name, units[k].type, units[k].parent,
				  units[k].reform ? start : none, units[k].old ? end : none, e);
		if (rc)
			return err_prefix(e, "đơn vị %s: ", units[k].code);
		st->units++;
	}
	for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
		int rc = store_unit_link_add(s, links[k].code, links[k].from, start, e);
		if (rc)
			return err_prefix(e, "sáp nhập %s <- %s: ", links[k].code, links[k].from);
	}
	return 0;
}

static int write_agencies(store *s, demo_stats *st, err *e)
{
	static const char *const ag[][2] = {
		{ "TCKH", "Phòng Tài chính - Kế hoạch" },
		{ "KT", "Phòng Kinh tế" },
		{ "TNMT", "Phòng Tài nguyên và Môi trường" },
		{ "GDDT", "Phòng Giáo dục và Đào tạo" },
		{ "YT", "Phòng Y tế" },
		{ "VHTT", "Phòng Văn hóa - Thông tin" },
		{ "LDTBXH", "Phòng Lao động - Thương binh và Xã hội" },
		{ "QLDT", "Phòng Quản lý đô thị" },
		{ "NV", "Phòng Nội vụ" },
		{ "CA", "Công an thành phố" },
		{ "QS", "Ban Chỉ huy Quân sự thành phố" },
		{ "VP", "Văn phòng HĐND-UBND" },
	};
	for (size_t k = 0; k < sizeof ag / sizeof ag[0]; k++) {
		agency a;
		memset(&a, 0, sizeof a);
		snprintf(a.code, sizeof a.code, "%s", ag[k][0]);
		snprintf(a.name, sizeof a.name, "%s", ag[k][1]);
		int rc = store_agency_put(s, &a, e);
		if (rc)
			return err_prefix(e, "cơ quan %s: ", ag[k][0]);
		st->agencies++;
	}
	return 0;
}

static int write_indicators(store *s, demo_stats *st, err *e)
{
	int order[6] = { 0 };
	for (size_t i = 0; i < demo_n_inds; i++) {
		const demo_ind *d = &demo_inds[i];
		indicator ind;
		memset(&ind, 0, sizeof ind);
		snprintf(ind.code, sizeof ind.code, "%s", d->code);
		snprintf(ind.name_vi, sizeof ind.name_vi, "%s", d->name_vi);
		snprintf(ind.name_en, sizeof ind.name_en, "%s", d->name_en);
		snprintf(ind.synonyms, sizeof ind.synonyms, "%s", demo_synonyms_of(d->code));
		snprintf(ind.uom, sizeof ind.uom, "%s", d->uom);
		snprintf(ind.agency_code, sizeof ind.agency_code, "%s", d->agency ? d->agency : "");
		snprintf(ind.numerator, sizeof ind.numerator, "%s", d->num ? d->num : "");
		snprintf(ind.denominator, sizeof ind.denominator, "%s", d->den ? d->den : "");
		snprintf(ind.weight, sizeof ind.weight, "%s", d->weight ? d->weight : "");
		ind.uom_scale = d->uom_scale;
		ind.decimals = d->decimals;
		ind.sector = d->sector;
		ind.kind = d->kind;
		ind.direction = d->dir;
		ind.rollup = d->rollup;
		ind.freq = d->freq;
		ind.ratio_scale = d->kind == IND_RATIO ? 100 : 0;
		/* what values may be (issue #13): a share in % is 0..100; a growth rate in %
		 * may fall below zero (down to -100 %); counts are whole (their kind) */
		if (!strcmp(d->uom, "%") && d->kind == IND_LEVEL) {
			if (strstr(d->name_vi, "ốc độ tăng") || strstr(d->name_vi, "ỷ lệ tăng")) {
				ind.has_min = true;
				ind.min = -NUM_INT(100);
			} else {
				ind.value_type = VT_PERCENT;
			}
		}
		/* catalogue order within a sector; auxiliary rows after the targeted ones */
		ind.sort_order = ((d->flags & DF_AUX) ? 1000 : 0) + 10 * ++order[d->sector % 6];
		int rc = store_indicator_put(s, &ind, e);
		if (rc)
			return err_prefix(e, "chỉ tiêu %s: ", d->code);
		st->indicators++;
	}
	return 0;
}

/* The rules between indicators the demo ships (core/vrule.h): a part never
 * above its total (errors), and one warning a figure may explain. */
static const struct {
	const char *code, *name, *left, *op, *right;
	vrule_importance imp;
} demo_rules[] = {
	{"BHYT_DS", "Số người tham gia bảo hiểm y tế không vượt dân số trung bình", "BHYT", "<=", "DS", VR_ERROR},
	{"HOVH_HO", "Số hộ đạt danh hiệu \"Gia đình văn hóa\" không vượt tổng số hộ", "HOVH", "<=", "HO", VR_ERROR},
	{"TDPVH_TDP", "Số thôn, tổ dân phố đạt danh hiệu văn hóa không vượt số thôn, tổ dân phố", "TDPVH", "<=", "TDP",
	 VR_ERROR},
	{"CCVT_CC", "Số công chức bố trí đúng vị trí việc làm không vượt số công chức", "CCVT", "<=", "CC", VR_ERROR},
	{"ANKP_ANDT", "Số vụ án được điều tra làm rõ không vượt số vụ án được điều tra", "ANKP", "<=", "ANDT",
	 VR_ERROR},
	{"QSKHAM_QSGOI", "Số thanh niên có mặt khám tuyển không vượt số được gọi khám", "QSKHAM", "<=", "QSGOI",
	 VR_ERROR},
	{"QS_KETQUA", "Đủ tiêu chuẩn quân đội, công an và không đủ sức khỏe không vượt số có mặt khám tuyển",
	 "QSQD + QSCA + QSKD", "<=", "QSKHAM", VR_ERROR},
	{"KT15_KT01", "Doanh thu du lịch thường không vượt tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
	 "KT15", "<=", "KT01", VR_WARNING},
};

static int write_rules(store *s, err *e)
{
	for (size_t i = 0; i < sizeof demo_rules / sizeof demo_rules[0]; i++) {
		vrule r;
		memset(&r, 0, sizeof r);
		snprintf(r.code, sizeof r.code, "%s", demo_rules[i].code);
		snprintf(r.name, sizeof r.name, "%s", demo_rules[i].name);
		snprintf(r.left, sizeof r.left, "%s", demo_rules[i].left);
		snprintf(r.right, sizeof r.right, "%s", demo_rules[i].right);
		r.importance = demo_rules[i].imp;
		int rc = vrule_op_from_code(demo_rules[i].op, &r.op, e);
		if (rc || (rc = store_vrule_put(s, &r, e)))
			return err_prefix(e, "quy tắc %s: ", r.code);
	}
	return 0;
}

static period_type ptype_of(ind_freq f)
{
	switch (f) {
	case FREQ_MONTH: return PERIOD_MONTH;
	case FREQ_QUARTER: return PERIOD_QUARTER;
	case FREQ_HALF: return PERIOD_HALF;
	case FREQ_YEAR: return PERIOD_YEAR;
	}
	return PERIOD_YEAR;
}

/*
 * When the demo's figure of period p of unit u was entered: 10:00 on the 20th
 * of the period's last month (before the 25th, the report's due day), but
 * phường Dương Quang late in the even months of 2022 (on the 28th), so that
 * "who has reported" has someone to name.
 */
static int64_t entered_at(const period *p, int u)
{
	cdate end = period_end_date(p);
	cdate day = {end.y, end.m, u == 6 && end.y == 2022 && end.m % 2 == 0 ? 28 : 20};
	return (int64_t)cdate_to_days(day) * 86400 + 3 * 3600; /* 10:00 in Hà Nội */
}

/*
 * The figures of indicator i through the bulk writer (one COPY per few
 * megabytes on PostgreSQL, where a put per value was thousands of round
 * trips: the demo took 9 s there); each checked as entry checks it
 * (value_check), its period and unit right by construction.
 */
static int write_values(store *s, store_bulk *b, const int64_t *unit_ids, const dgen *g, size_t i,
			demo_stats *st, err *e)
{
	const demo_ind *d = &demo_inds[i];
	int n = periods_of(d->freq);
	indicator ind;
	int rc = store_indicator_get(s, d->code, &ind, e);
	if (rc)
		return rc;
	for (int u = 0; u < NU; u++) {
		for (int y = 0; y < DEMO_NY; y++) {
			for (int p = 0; p < n; p++) {
				num_t x;
				if (!get_slot(g, i, u, y, slot_of(p, n), &x))
					continue;
				period pd = {ptype_of(d->freq), DEMO_Y0 + y, d->freq == FREQ_YEAR ? 1 : p + 1};
				store_bulk_set_at(b, entered_at(&pd, u));
				store_cell c = {.indicator_id = ind.id, .unit_id = unit_ids[u], .year = pd.year,
						.month = period_end_date(&pd).m, .amount = x, .estimate = false};
				if ((rc = value_check(&ind, x, e)) || (rc = store_bulk_put(b, &c, NULL, e)))
					return err_prefix(e, "số liệu %s/%s/%d kỳ %d: ", d->code,
							  u == 0 ? DEMO_CITY : demo_ward_codes[u - 1], pd.year, pd.index);
				st->values++;
			}
		}
	}
	return 0;
}

/* The last seed year of g for the second pass (demo_base); false when out of memory. */
static bool base_of(const dgen *g, num_t **v, uint16_t **has)
{
	*v = calloc(g->n * NU * 12, sizeof **v);
	*has = calloc(g->n * NU, sizeof **has);
	if (!*v || !*has)
		return false;
	for (size_t i = 0; i < g->n; i++)
		for (int u = 0; u < NU; u++) {
			size_t c = cell(i, u, DEMO_NY - 1), b = i * NU + (size_t)u;
			(*has)[b] = g->has[c];
			memcpy(&(*v)[b * 12], &g->v[c * 12], 12 * sizeof **v);
		}
	return true;
}

int demo_create(struct store *s, demo_stats *st, void (*progress)(void *ctx, long done, long total), void *ctx,
		err *e)
{
	const cdate none = {0, 0, 0};
	return demo_create_to(s, st, none, 0, progress, ctx, e);
}

int demo_create_to(struct store *s, demo_stats *st, cdate today, int64_t now,
		   void (*progress)(void *ctx, long done, long total), void *ctx, err *e)
{
	demo_stats local;
	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	err_clear(e);
	if (!s)
		return err_set(e, ERR_INVALID, "demo: chưa mở cơ sở dữ liệu (store)");

	dgen g;
	memset(&g, 0, sizeof g);
	g.rng = DEMO_SEED;
	g.n = demo_n_inds;
	g.v = calloc(g.n * NU * DEMO_NY * 12, sizeof *g.v);
	g.has = calloc(g.n * NU * DEMO_NY, sizeof *g.has);
	g.share = calloc(g.n * DEMO_NWARD, sizeof *g.share);
	int rc = 0;
	bool in_tx = false;
	store_bulk *bulk = NULL;
	long total = (long)g.n + 1, done = 0;
	if (!g.v || !g.has || !g.share) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo dữ liệu mẫu");
		goto out;
	}

	/* 1. every figure, then every target (a target needs its figures) */
	for (size_t i = 0; i < g.n && !rc; i++)
		rc = make_values(&g, i, e);
	for (size_t i = 0; i < g.n && !rc; i++)
		if (!(demo_inds[i].flags & DF_AUX)) {
			rc = city_targets(&g, i, e);
			if (!rc && (demo_inds[i].flags & DF_WARD_TGT) && !(demo_inds[i].flags & DF_BUDGET))
				rc = ward_targets(&g, i, e);
		}
	if (rc)
		goto out;

	/* 2. one transaction */
	if ((rc = store_begin(s, e)))
		goto out;
	in_tx = true;
	if ((rc = write_units(s, st, e)) || (rc = write_agencies(s, st, e)) || (rc = write_indicators(s, st, e)) ||
	    (rc = write_rules(s, e)))
		goto out;
	/* budget revenue: the city's figure is the finance department's own,
	 * not the wards' sum (core/source.h), set for every city */
	for (size_t i = 0; i < g.n && !rc; i++)
		if (demo_inds[i].flags & DF_BUDGET)
			rc = store_source_set(s, demo_inds[i].code, NULL, UNIT_CITY, FIG_OWN, DEMO_BY, DEMO_AT, e);
	if (rc)
		goto out;
	if (progress)
		progress(ctx, ++done, total);
	/* the figures through one bulk writer, entered on the demo's day */
	int64_t unit_ids[NU];
	for (int u = 0; u < NU && !rc; u++) {
		unit un;
		if ((rc = store_unit_get(s, u == 0 ? DEMO_CITY : demo_ward_codes[u - 1], &un, e)) == 0)
			unit_ids[u] = un.id;
	}
	if (rc)
		goto out;
	store_set_now(s, DEMO_AT);
	rc = store_bulk_begin(s, DEMO_BY, "dữ liệu mẫu (demo)", &bulk, e);
	store_set_now(s, 0);
	if (rc)
		goto out;
	for (size_t i = 0; i < g.n; i++) {
		if ((rc = write_values(s, bulk, unit_ids, &g, i, st, e)))
			goto out;
		for (size_t k = 0; k < g.n_tg; k++) {
			if (g.tg[k].ind != i)
				continue;
			target t = g.tg[k].t;
			if ((rc = store_target_put(s, &t, e))) {
				err_prefix(e, "chỉ tiêu kế hoạch %s/%s năm %d-%d: ", t.indicator_code, t.unit_code,
					   t.year_from, t.year_to);
				goto out;
			}
			st->targets++;
		}
		if (progress)
			progress(ctx, ++done, total);
	}
	/* 3. the second pass: 2025 up to today, from its own seed */
	if (today.y >= DEMO_LIVE_Y0) {
		num_t *bv = NULL;
		uint16_t *bh = NULL;
		if (!base_of(&g, &bv, &bh)) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo dữ liệu mẫu");
		} else {
			demo_base base = {bv, bh};
			rc = demo_live_write(s, bulk, &base, today, now, st, e);
		}
		free(bv);
		free(bh);
		if (rc)
			goto out;
	}
	rc = store_bulk_finish(bulk, e);
	store_bulk_end(bulk);
	bulk = NULL;
	if (rc || (rc = demo_tasks_create(s, e)) || (today.y >= DEMO_LIVE_Y0 && (rc = demo_tasks_today(s, today, e))))
		goto out;
	rc = store_commit(s, e);
	in_tx = false;

out:
	store_bulk_end(bulk); /* a writer left by an error: freed before the rollback */
	if (rc && in_tx)
		store_rollback(s);
	free(g.v);
	free(g.has);
	free(g.share);
	free(g.tg);
	return rc;
}
