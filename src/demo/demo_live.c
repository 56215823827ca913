/*
 * demo_live.c - the demo's second pass: the series of 2025 up to today's
 * month, so a newcomer lands on figures, data due and work of today.
 *
 * Bắc Kạn city (058) and its 8 wards end on 30/06/2025: they get figures of
 * January-June 2025 and their 2025 targets. The wards formed on 01/07/2025
 * (DX2025, BK2025 under Thái Nguyên) get figures from July 2025 up to
 * today's month, each the roll-up of the old wards it was formed from, and
 * targets from 2026 for every indicator they have figures of.
 *
 * Each figure is the 2024 one of the same slot (demo_base) grown by the
 * indicator's yearly trend with a little jitter and noise, from a generator
 * with its own seed, so the first pass (2019-2024) is never touched; the
 * draws of a year do not depend on today, so a later today only adds
 * months. Ratios keep their 2024 numerator/denominator share (a part never
 * above its whole). Targets are set as the first pass sets them: a little
 * below the year's figure, a few above it (not met).
 *
 * Entry times never pass now: a period's figures are entered at 10:00 on the
 * 20th of its last month; in today's month before that day only phường Đức
 * Xuân has entered part of its monthly figures (the day before); phường Bắc Kạn owes a third of the
 * indicators of the last month and of today's month (late, then due).
 *
 * Not for: the seed years (demo.c), meetings and tasks (demo_tasks.c).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "demo/demo.h"
#include "demo/demo_int.h"
#include "store/store.h"

#define LIVE_SEED 0x19d2025b1e7ULL
#define NL (DEMO_NU + 2) /* 0 = city, 1..8 = old wards, 9 = DX2025, 10 = BK2025 */
#define U_DX (DEMO_NU)
#define U_BK (DEMO_NU + 1)
#define LIVE_BY "demo"

static const char *const new_codes[2] = {"DX2025", "BK2025"};

/* The old wards each new ward was formed from (indices into demo_ward_codes). */
static const char *const formed_from[2] = {"01834,01846,01840", "01837,01843,01855,01852"};

typedef struct live {
	uint64_t rng;
	size_t n;      /* indicators */
	int ny;        /* years 2025 .. today's */
	num_t *v;      /* [((yy * n + i) * NL + u) * 12 + k] */
	uint16_t *has; /* [(yy * n + i) * NL + u] */
	const demo_base *base;
} live;

static uint64_t rng_next(live *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double rng_unit(live *g)
{
	return (double)(rng_next(g) >> 11) * 0x1.0p-53;
}

static size_t lcell(const live *g, int yy, size_t i, int u)
{
	return ((size_t)yy * g->n + i) * NL + (size_t)u;
}

static num_t tick_of(const demo_ind *d)
{
	num_t r = 1;
	for (int k = 0; k < NUM_DECIMALS - d->decimals; k++)
		r *= 10;
	return r;
}

static num_t round_to(double x, num_t step)
{
	return (num_t)llround(x / (double)step) * step;
}

static num_t floor_to(double x, num_t s)
{
	return (num_t)floor(x / (double)s) * s;
}

static num_t ceil_to(double x, num_t s)
{
	return (num_t)ceil(x / (double)s) * s;
}

static double from_num(num_t x)
{
	return (double)x / NUM_SCALE;
}

static int find_ind(const char *code)
{
	for (size_t i = 0; code && i < demo_n_inds; i++)
		if (strcmp(demo_inds[i].code, code) == 0)
			return (int)i;
	return -1;
}

static bool is_flow(const demo_ind *d)
{
	return d->kind == IND_FLOW || d->kind == IND_COUNT;
}

static int ward_of(const char *code, size_t len)
{
	for (int w = 0; w < DEMO_NWARD; w++)
		if (strlen(demo_ward_codes[w]) == len && strncmp(demo_ward_codes[w], code, len) == 0)
			return w;
	return -1;
}

/* ---- the figures ------------------------------------------------------- */

/* Year yy of every indicator for the city and old wards (a whole year, even
 * past their end: the new wards are made of them), then ratios' numerators,
 * then the new wards. The draws do not depend on what is written. */
static void grow_year(live *g, int yy, double *fac)
{
	for (size_t i = 0; i < g->n; i++) {
		const demo_ind *d = &demo_inds[i];
		double jit = (rng_unit(g) - 0.5) * 0.04;
		fac[i] *= 1.0 + d->growth + ((d->flags & DF_STEADY) ? 0 : jit);
		for (int u = 0; u < DEMO_NU; u++) {
			size_t b = i * DEMO_NU + (size_t)u, c = lcell(g, yy, i, u);
			for (int k = 0; k < 12; k++) {
				double noise = (rng_unit(g) - 0.5) * (is_flow(d) ? 0.08 : 0.01);
				if (!(g->base->has[b] & (1u << k)))
					continue;
				double x = from_num(g->base->v[b * 12 + (size_t)k]) * fac[i] * (1.0 + noise);
				if (d->cap > 0 && x > d->cap)
					x = d->cap;
				if (x < 0)
					x = 0;
				g->v[c * 12 + (size_t)k] = round_to(x * NUM_SCALE, tick_of(d));
				g->has[c] |= (uint16_t)(1u << k);
			}
		}
	}
	/* a ratio's numerator keeps its 2024 share of the denominator */
	for (size_t r = 0; r < g->n; r++) {
		const demo_ind *d = &demo_inds[r];
		int ni = find_ind(d->num), di = find_ind(d->den);
		if (d->kind != IND_RATIO || ni < 0 || di < 0)
			continue;
		for (int u = 0; u < DEMO_NU; u++) {
			size_t bn = (size_t)ni * DEMO_NU + (size_t)u, bd = (size_t)di * DEMO_NU + (size_t)u;
			size_t cn = lcell(g, yy, (size_t)ni, u), cd = lcell(g, yy, (size_t)di, u);
			for (int k = 0; k < 12; k++) {
				num_t b0 = g->base->v[bd * 12 + (size_t)k];
				if (!(g->has[cn] & (1u << k)) || !(g->has[cd] & (1u << k)) || b0 <= 0)
					continue;
				double share = (double)g->base->v[bn * 12 + (size_t)k] / (double)b0;
				g->v[cn * 12 + (size_t)k] = floor_to((double)g->v[cd * 12 + (size_t)k] * share,
								     tick_of(&demo_inds[ni]));
			}
		}
	}
	/* the new wards: the roll-up of the old wards they were formed from */
	for (size_t i = 0; i < g->n; i++) {
		const demo_ind *d = &demo_inds[i];
		if (d->rollup == ROLLUP_NONE || d->kind == IND_RATIO)
			continue;
		int wi = d->rollup == ROLLUP_WAVG ? find_ind(d->weight) : -1;
		for (int nw = 0; nw < 2; nw++) {
			size_t c = lcell(g, yy, i, DEMO_NU + nw);
			for (int k = 0; k < 12; k++) {
				num_t sum = 0;
				double svw = 0, sw = 0;
				bool any = false;
				for (const char *p = formed_from[nw]; *p;) {
					const char *end = strchr(p, ',');
					size_t len = end ? (size_t)(end - p) : strlen(p);
					int w = ward_of(p, len);
					p = end ? end + 1 : p + len;
					size_t cw = lcell(g, yy, i, 1 + w);
					if (w < 0 || !(g->has[cw] & (1u << k)))
						continue;
					num_t x = g->v[cw * 12 + (size_t)k];
					if (wi >= 0) {
						size_t cwt = lcell(g, yy, (size_t)wi, 1 + w);
						if (!(g->has[cwt] & (1u << k)))
							continue;
						svw += from_num(x) * from_num(g->v[cwt * 12 + (size_t)k]);
						sw += from_num(g->v[cwt * 12 + (size_t)k]);
					}
					sum += x;
					any = true;
				}
				if (!any || (wi >= 0 && sw <= 0))
					continue;
				g->v[c * 12 + (size_t)k] = wi >= 0 ? round_to(svw / sw * NUM_SCALE, tick_of(d)) : sum;
				g->has[c] |= (uint16_t)(1u << k);
			}
		}
	}
}

/* The figure of indicator i for unit u over year yy (-1: the 2024 base), as
 * the evaluation reads it: flows sum, levels latest, ratios num/den, the
 * city's roll-up indicators from its wards. */
static bool measure(const live *g, int yy, size_t i, int u, num_t *out)
{
	const demo_ind *d = &demo_inds[i];
	if (yy < 0 && u >= DEMO_NU) /* the new wards have no 2024 */
		return false;
	if (d->kind == IND_RATIO) {
		num_t nv, dv;
		int ni = find_ind(d->num), di = find_ind(d->den);
		if (ni < 0 || di < 0 || !measure(g, yy, (size_t)ni, u, &nv) || !measure(g, yy, (size_t)di, u, &dv) ||
		    dv == 0)
			return false;
		*out = (num_t)llround(from_num(nv) / from_num(dv) * 100.0 * NUM_SCALE);
		return true;
	}
	int wi = d->rollup == ROLLUP_WAVG ? find_ind(d->weight) : -1;
	bool any = false;
	num_t acc = 0;
	for (int k = 0; k < 12; k++) {
		num_t x = 0;
		bool got = false;
		int from = u, to = u;
		if (u == 0 && d->rollup != ROLLUP_NONE && !(d->flags & DF_BUDGET))
			from = 1, to = DEMO_NWARD;
		double svw = 0, sw = 0;
		for (int w = from; w <= to; w++) {
			const num_t *v;
			const uint16_t *h;
			size_t c, cwt = 0;
			if (yy < 0) {
				c = i * DEMO_NU + (size_t)w, v = g->base->v, h = g->base->has;
				if (wi >= 0)
					cwt = (size_t)wi * DEMO_NU + (size_t)w;
			} else {
				c = lcell(g, yy, i, w), v = g->v, h = g->has;
				if (wi >= 0)
					cwt = lcell(g, yy, (size_t)wi, w);
			}
			if (!(h[c] & (1u << k)))
				continue;
			if (from != to && wi >= 0) {
				if (!(h[cwt] & (1u << k)))
					continue;
				svw += from_num(v[c * 12 + (size_t)k]) * from_num(v[cwt * 12 + (size_t)k]);
				sw += from_num(v[cwt * 12 + (size_t)k]);
			}
			x += v[c * 12 + (size_t)k];
			got = true;
		}
		if (!got)
			continue;
		if (from != to && wi >= 0) {
			if (sw <= 0)
				continue;
			x = (num_t)llround(svw / sw * NUM_SCALE);
		}
		acc = is_flow(d) ? acc + x : x;
		any = true;
	}
	*out = acc;
	return any;
}

/* A round step for a target near x: three significant digits, at least one tick. */
static num_t target_step(const demo_ind *d, num_t x)
{
	double a = fabs(from_num(x));
	int ex = a > 0 ? (int)floor(log10(a)) - 2 : 0;
	if (ex < -NUM_DECIMALS)
		ex = -NUM_DECIMALS;
	num_t s = 1;
	for (int k = 0; k < ex + NUM_DECIMALS; k++)
		s *= 10;
	if (s < tick_of(d))
		s = tick_of(d);
	if ((d->kind == IND_COUNT || d->decimals == 0) && s < NUM_SCALE)
		s = NUM_SCALE;
	return s;
}

static const char *unit_code(int u)
{
	return u == 0 ? DEMO_CITY : u <= DEMO_NWARD ? demo_ward_codes[u - 1] : new_codes[u - DEMO_NU];
}

/* The target of indicator i for unit u in year yy: a little below the year's
 * figure (above for lower-is-better), or above it when miss. */
static int put_target(live *g, store *s, int yy, size_t i, int u, demo_stats *st, err *e)
{
	const demo_ind *d = &demo_inds[i];
	double m = 0.02 + rng_unit(g) * 0.04;
	bool miss = rng_unit(g) < 0.12;
	num_t M, P = 0;
	if (!measure(g, yy, i, u, &M) || M <= 0)
		return 0;
	bool has_prev = measure(g, yy - 1, i, u, &P);
	num_t sx = target_step(d, M);
	double x = (double)M;
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", d->code);
	snprintf(t.unit_code, sizeof t.unit_code, "%s", unit_code(u));
	t.year_from = t.year_to = DEMO_LIVE_Y0 + yy;
	t.source = TGT_SRC_ASSIGNED;
	snprintf(t.note, sizeof t.note, "%s",
		 u == 0 ? "Quyết định giao chỉ tiêu của UBND tỉnh"
			: u <= DEMO_NWARD ? "UBND thành phố giao" : "UBND tỉnh Thái Nguyên giao");
	if ((d->flags & DF_CHANGE) && u == 0) {
		t.kind = TGT_CHANGE_PCT;
		t.source = TGT_SRC_OWN;
		t.value = 0;
		snprintf(t.note, sizeof t.note, "Giảm so với năm trước");
	} else if ((d->flags & DF_REDUCE) && has_prev) {
		t.kind = TGT_REDUCE_TO;
		t.has_baseline = true;
		t.baseline = P;
		t.value = miss ? floor_to(x / (1 + m), sx) : ceil_to(x * (1 + m), sx);
		if (t.value >= P)
			t.value = P - sx;
	} else if (d->dir == DIR_LOWER) {
		t.kind = TGT_AT_MOST;
		t.value = miss ? floor_to(x / (1 + m), sx) : ceil_to(x * (1 + m), sx);
	} else {
		t.kind = (d->flags & DF_XOFY) ? TGT_X_OF_Y : TGT_AT_LEAST;
		t.value = miss ? ceil_to(x * (1 + m), sx) : floor_to(x / (1 + m), sx);
		if (d->cap > 0 && t.value > (num_t)llround(d->cap * NUM_SCALE))
			t.value = (num_t)llround(d->cap * NUM_SCALE);
		t.total = t.kind == TGT_X_OF_Y ? t.value : 0;
	}
	int rc = store_target_put(s, &t, e);
	if (rc)
		return err_prefix(e, "chỉ tiêu kế hoạch %s/%s năm %d: ", d->code, t.unit_code, t.year_from);
	st->targets++;
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

static int64_t at_vn(cdate d, int hour)
{
	return (int64_t)cdate_to_days(d) * 86400 + (int64_t)(hour - 7) * 3600;
}

/*
 * When the figure of slot k (month k + 1) of year `year` for unit u,
 * indicator i, was entered, or false when it is not there yet (a future
 * period, phường Bắc Kạn's missing third, today's month not yet entered).
 */
static bool entry_time(int year, int k, int u, size_t i, cdate today, int64_t now, int64_t *at)
{
	const demo_ind *d = &demo_inds[i];
	int ym = year * 12 + k, tm = today.y * 12 + (today.m - 1);
	if (ym > tm)
		return false;
	if (u == U_BK && i % 3 == 0 && ym >= tm - 1)
		return false;
	cdate day = {year, k + 1, 20};
	*at = at_vn(day, 10);
	if (*at <= now)
		return true;
	/* today's month, before the 20th: Đức Xuân has entered half its monthly
	 * figures, the day before (a quarter or a year is not over yet) */
	if (ym != tm || u != U_DX || i % 2 != 0 || d->freq != FREQ_MONTH || today.d < 2)
		return false;
	cdate before = {today.y, today.m, today.d - 1};
	*at = at_vn(before, 10);
	return *at <= now;
}

static int write_values(live *g, store *s, store_bulk *b, const int64_t *ids, cdate today, int64_t now,
			demo_stats *st, err *e)
{
	for (size_t i = 0; i < g->n; i++) {
		const demo_ind *d = &demo_inds[i];
		indicator ind;
		int rc = store_indicator_get(s, d->code, &ind, e);
		if (rc)
			return rc;
		int per = 12 / (d->freq == FREQ_MONTH ? 12 : d->freq == FREQ_QUARTER ? 4 : d->freq == FREQ_HALF ? 2 : 1);
		for (int u = 0; u < NL; u++)
			for (int yy = 0; yy < g->ny; yy++) {
				size_t c = lcell(g, yy, i, u);
				for (int k = 0; k < 12; k++) {
					int64_t at;
					int year = DEMO_LIVE_Y0 + yy;
					/* the old units to 30/06/2025, the new wards from 01/07/2025 */
					bool alive = u < DEMO_NU ? (year == DEMO_LIVE_Y0 && k < 6)
								 : (year > DEMO_LIVE_Y0 || k >= 6);
					if (!(g->has[c] & (1u << k)) || !alive || !entry_time(year, k, u, i, today, now, &at))
						continue;
					num_t x = g->v[c * 12 + (size_t)k];
					store_bulk_set_at(b, at);
					store_cell cl = {.indicator_id = ind.id, .unit_id = ids[u], .year = year,
							 .month = k + 1, .amount = x, .estimate = false};
					if ((rc = value_check(&ind, x, e)) || (rc = store_bulk_put(b, &cl, NULL, e)))
						return err_prefix(e, "số liệu %s/%s/%d kỳ %d: ", d->code, unit_code(u),
								  year, (k + 1) / per);
					st->values++;
				}
			}
	}
	return 0;
}

int demo_live_write(store *s, store_bulk *b, const demo_base *base, cdate today, int64_t now, demo_stats *st,
		    err *e)
{
	if (today.y < DEMO_LIVE_Y0)
		return 0;
	live g;
	memset(&g, 0, sizeof g);
	g.rng = LIVE_SEED;
	g.n = demo_n_inds;
	g.ny = today.y - DEMO_LIVE_Y0 + 1;
	g.base = base;
	g.v = calloc((size_t)g.ny * g.n * NL * 12, sizeof *g.v);
	g.has = calloc((size_t)g.ny * g.n * NL, sizeof *g.has);
	double *fac = malloc(g.n * sizeof *fac);
	int rc = 0;
	int64_t ids[NL];
	if (!g.v || !g.has || !fac) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo dữ liệu mẫu");
		goto out;
	}
	for (size_t i = 0; i < g.n; i++)
		fac[i] = 1.0;
	for (int yy = 0; yy < g.ny; yy++)
		grow_year(&g, yy, fac);
	for (int u = 0; u < NL && !rc; u++) {
		unit un;
		if ((rc = store_unit_get(s, unit_code(u), &un, e)) == 0)
			ids[u] = un.id;
	}
	if (rc || (rc = write_values(&g, s, b, ids, today, now, st, e)))
		goto out;
	/* targets: 2025 for the city and (marked indicators) its wards; the new
	 * wards from 2026, every indicator they have figures of */
	for (int yy = 0; yy < g.ny && !rc; yy++) {
		g.rng = LIVE_SEED ^ (0x7a26e7ULL * (uint64_t)(yy + 1)); /* a year's targets: their own draws */
		for (size_t i = 0; i < g.n && !rc; i++) {
			const demo_ind *d = &demo_inds[i];
			if (d->flags & DF_AUX)
				continue;
			if (yy == 0) {
				rc = put_target(&g, s, yy, i, 0, st, e);
				for (int w = 1; w <= DEMO_NWARD && !rc; w++)
					if (d->flags & (DF_WARD_TGT | DF_BUDGET))
						rc = put_target(&g, s, yy, i, w, st, e);
			} else if (d->rollup != ROLLUP_NONE) {
				for (int nw = 0; nw < 2 && !rc; nw++)
					rc = put_target(&g, s, yy, i, DEMO_NU + nw, st, e);
			}
		}
	}
out:
	free(g.v);
	free(g.has);
	free(fac);
	return rc;
}
