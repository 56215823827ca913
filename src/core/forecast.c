/*
 * forecast.c - the year-end forecast of one indicator (forecast.h): the
 * seasonal-ratio projection of flows and the damped-trend smoothing of
 * levels, fitted with GSL. Pure and deterministic. The rules are in
 * docs/internals/eval.md, "Year-end forecast"; tests in
 * tests/unit/test_forecast.c.
 */
#include "core/forecast.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>

#define FC_MIN_FLOW_OBS 3   /* this year's reports a flow needs */
#define FC_MIN_LEVEL_OBS 6  /* reports (both years) a level needs */
#define FC_Z80 1.2815515655446004 /* the normal's 90% quantile: a two-sided 80% interval */
#define FC_NM_ITER 30     /* Nelder-Mead steps at most (after the grid start) */

bool forecast_uses_prev2(int known)
{
	return known >= FC_MIN_FLOW_OBS && known < 12;
}

const char *forecast_status_code(forecast_status s)
{
	switch (s) {
	case FC_OK: return "ok";
	case FC_FINAL: return "final";
	case FC_TOO_LITTLE: return "too_little_data";
	case FC_NONE: break;
	}
	return "none";
}

const char *forecast_method_code(forecast_method m)
{
	switch (m) {
	case FC_M_SEASONAL: return "seasonal_ratio";
	case FC_M_DAMPED: return "damped_trend";
	case FC_M_ACTUAL: return "actual";
	case FC_M_NONE: break;
	}
	return "";
}

/* GSL's default handler aborts the process; a server never may. Set once. */
static pthread_once_t fc_gsl_once = PTHREAD_ONCE_INIT;
static void fc_gsl_quiet(void)
{
	gsl_set_error_handler_off();
}

static bool is_report(const forecast_input *in, int k)
{
	return (in->report >> (k - 1)) & 1u;
}

static void too_little(forecast_result *out, const char *why)
{
	out->status = FC_TOO_LITTLE;
	out->reason = why;
	out->value = out->lo80 = out->hi80 = out->p_meet = out->trend = NAN;
}

/* P(meeting the target) for a prediction with centre v and scale sd; df > 0:
 * Student's t with df degrees of freedom, else normal. */
static double p_meet(const forecast_input *in, double v, double sd, double df)
{
	if (!in->has_target)
		return NAN;
	if (!(sd > 1e-9 * fmax(1.0, fabs(v)))) /* no spread but float noise: the fit is exact */
		return (in->lower ? v <= in->target : v >= in->target) ? 1.0 : 0.0;
	double z = (in->target - v) / sd;
	double below = df > 0 ? gsl_cdf_tdist_P(z, df) : gsl_cdf_ugaussian_P(z);
	double p = in->lower ? below : 1.0 - below;
	/* a model with any spread is never certain: 0,001 .. 0,999 */
	return p < 0.001 ? 0.001 : p > 0.999 ? 0.999 : p;
}

/* The year is in: the forecast is the actual. */
static void final_of(const forecast_input *in, forecast_result *out)
{
	double v = 0;
	int last = 0;
	for (int k = 1; k <= 12; k++) {
		if (!is_report(in, k))
			continue;
		if (!isnan(in->cur[k - 1])) {
			v = in->flow ? v + in->cur[k - 1] : in->cur[k - 1];
			last = k;
		} else if (in->flow) { /* a year's total with a month missing is no actual */
			too_little(out, "năm nay còn thiếu số liệu của tháng đã đến hạn");
			return;
		}
	}
	if (!last) {
		too_little(out, "chưa có số liệu của năm");
		return;
	}
	out->status = FC_FINAL;
	out->method = FC_M_ACTUAL;
	out->value = out->lo80 = out->hi80 = v;
	out->p_meet = p_meet(in, v, 0, 0);
	out->trend = NAN;
}

/* ---- flows: last year's profile × this year's trend ------------------- */

/* The seasonal-ratio fit on this year's reports up to month `upto`. */
typedef struct fc_flow_fit {
	size_t n;        /* this year's reports used */
	double R;        /* this year / last year, same months */
	double cov;      /* var(R) / s² */
	double s2;       /* the residual variance scale: var(month) = s² × last year's month */
	double cum;      /* this year's sum to `upto` */
	double floor_l;  /* the smallest last-year month a variance is given */
} fc_flow_fit;

static void fc_fit_flow(const forecast_input *in, int upto, fc_flow_fit *f)
{
	double l[12], x[12], w[12], lsum = 0;
	size_t n = 0;
	f->cum = 0;
	for (int k = 1; k <= upto; k++) {
		if (!is_report(in, k))
			continue;
		l[n] = in->prev[k - 1];
		x[n] = in->cur[k - 1];
		f->cum += x[n];
		lsum += l[n];
		n++;
	}
	/* a month's spread in proportion to its size: var(month) ∝ l²; a
	 * floor keeps a zero month usable */
	f->floor_l = 0.1 * lsum / (double)n;
	for (size_t j = 0; j < n; j++) {
		double lf = l[j] > f->floor_l ? l[j] : f->floor_l;
		w[j] = 1.0 / (lf * lf);
	}
	double sumsq = 0;
	gsl_fit_wmul(l, 1, w, 1, x, 1, n, &f->R, &f->cov, &sumsq);
	f->n = n;
	f->s2 = sumsq / (double)(n - 1);
}

/* The variance of the sum of last year's months from..to (reports) × R, as
 * a multiple of s²: L²·cov + Σ l (each month floored); *L gets the sum. */
static double fc_rem_var(const forecast_input *in, const fc_flow_fit *f, int from, int to, double *L)
{
	double lrem = 0, vrem = 0;
	for (int k = from; k <= to; k++) {
		if (!is_report(in, k))
			continue;
		double lk = in->prev[k - 1];
		lrem += lk;
		double lf = lk > f->floor_l ? lk : f->floor_l;
		vrem += lf * lf;
	}
	*L = lrem;
	return lrem * lrem * f->cov + vrem;
}

/*
 * The same forecast made a year ago: *o is in moved back a year (the year
 * before last as its profile prev, last year as its cur) and *f the fit of
 * its months to `upto`; false when the year before last or last year lacks
 * a reporting month, or has no figure in them.
 */
static bool fc_fit_last_year(const forecast_input *in, int upto, forecast_input *o, fc_flow_fit *f)
{
	*o = *in;
	double lsum = 0;
	for (int k = 1; k <= 12; k++) {
		if (!is_report(in, k))
			continue;
		if (isnan(in->prev2[k - 1]) || isnan(in->prev[k - 1]))
			return false;
		o->prev[k - 1] = in->prev2[k - 1];
		o->cur[k - 1] = in->prev[k - 1];
		if (k <= upto)
			lsum += in->prev2[k - 1];
	}
	if (!(lsum > 0))
		return false;
	fc_fit_flow(o, upto, f);
	return true;
}

/*
 * The record of the forecast on this indicator: how far it missed, in units
 * of the model's standard deviation (the scale s² of this year's fit, as
 * relative spread of a month). From every earlier month j of this year with
 * at least FC_MIN_FLOW_OBS reports, the forecast of the months j+1..known
 * made with the months to j against what came; and last year's forecast
 * made from the same month as now with the year before last as its profile
 * (the same horizon) against last year's end. Returns the mean squared
 * standardized error c² when it is over 1 (the model's spread has been too
 * small: the variance is multiplied by it), else 1: a few forecasts that
 * happened to fall close never narrow the model's own interval.
 */
static double fc_flow_record(const forecast_input *in, const fc_flow_fit *full)
{
	double sz = 0;
	int nz = 0, seen = 0;
	for (int j = 1; j < in->known; j++) {
		if (!is_report(in, j) || ++seen < FC_MIN_FLOW_OBS)
			continue;
		fc_flow_fit f;
		fc_fit_flow(in, j, &f);
		double L, v = fc_rem_var(in, &f, j + 1, in->known, &L);
		double var = full->s2 * v;
		if (!(L > 0) || !(var > 0))
			continue;
		double err = (full->cum - f.cum) - f.R * L;
		sz += err * err / var;
		nz++;
	}
	fc_flow_fit f;
	forecast_input o;
	if (full->R > 0 && fc_fit_last_year(in, in->known, &o, &f)) {
		double L, v = fc_rem_var(&o, &f, in->known + 1, 12, &L);
		/* s² is this year's spread of a month around R × last year's: the
		 * same relative spread around R' × the year before's */
		double var = full->s2 * v * (f.R / full->R) * (f.R / full->R);
		double actual = 0;
		for (int k = in->known + 1; k <= 12; k++)
			if (is_report(in, k))
				actual += in->prev[k - 1];
		if (L > 0 && var > 0) {
			double err = actual - f.R * L;
			sz += err * err / var;
			nz++;
		}
	}
	double c2 = nz ? sz / nz : 1.0;
	return c2 > 1.0 ? c2 : 1.0;
}

static void forecast_flow(const forecast_input *in, forecast_result *out)
{
	double prev_total = 0, lsum = 0;
	size_t n = 0;
	for (int k = 1; k <= 12; k++) {
		if (!is_report(in, k))
			continue;
		if (isnan(in->prev[k - 1])) {
			too_little(out, "năm trước chưa đủ số liệu các tháng để làm hồ sơ mùa vụ");
			return;
		}
		prev_total += in->prev[k - 1];
		if (k > in->known)
			continue;
		if (isnan(in->cur[k - 1])) {
			too_little(out, "năm nay còn thiếu số liệu của tháng đã đến hạn");
			return;
		}
		lsum += in->prev[k - 1];
		n++;
	}
	if (n < FC_MIN_FLOW_OBS) {
		too_little(out, "năm nay mới có dưới 3 kỳ số liệu");
		return;
	}
	if (!(prev_total > 0) || !(lsum > 0)) {
		too_little(out, "năm trước các tháng tương ứng bằng 0: không có hồ sơ mùa vụ");
		return;
	}
	fc_flow_fit f;
	fc_fit_flow(in, in->known, &f);
	double df = (double)f.n - 1;
	double s2 = f.s2 * fc_flow_record(in, &f);
	double q = gsl_cdf_tdist_Pinv(0.9, df);
	double R = f.R, cum = f.cum, L = 0, sd = 0;
	/* month by month after `known`: the cumulative and its band */
	for (int k = in->known + 1; k <= 12; k++) {
		if (!is_report(in, k))
			continue;
		double v = fc_rem_var(in, &f, in->known + 1, k, &L);
		double c = cum + R * L;
		sd = sqrt(s2 * v);
		out->path[k - 1] = c;
		out->path_lo[k - 1] = fmax(cum, c - q * sd);
		out->path_hi[k - 1] = c + q * sd;
	}
	double v = cum + R * L;
	out->status = FC_OK;
	out->method = FC_M_SEASONAL;
	out->n_obs = (int)n;
	out->value = v;
	out->lo80 = fmax(cum, v - q * sd); /* the months so far are known: never below them */
	out->hi80 = v + q * sd;
	out->trend = R;
	/* a flow only grows: a target already passed is met (or, lower-is-better, missed) */
	if (in->has_target && !in->lower && cum >= in->target)
		out->p_meet = 1;
	else if (in->has_target && in->lower && cum > in->target)
		out->p_meet = 0;
	else
		out->p_meet = p_meet(in, v, sd, df);
}

/* ---- levels: damped trend (ETS(A,Ad,N)) ------------------------------ */

typedef struct fc_series {
	const double *z;
	size_t n;
} fc_series;

static double sigmoid(double t)
{
	return 1.0 / (1.0 + exp(-t));
}

/* The parameters from the unconstrained ones: α in (0,1), β in (0,α),
 * φ in (0,8; 0,98). */
static void fc_params(const gsl_vector *p, double *a, double *b, double *phi)
{
	*a = sigmoid(gsl_vector_get(p, 0));
	*b = *a * sigmoid(gsl_vector_get(p, 1));
	*phi = 0.8 + 0.18 * sigmoid(gsl_vector_get(p, 2));
}

/* Runs the smoothing over z; returns the sum of squared one-step errors and
 * leaves the final level and slope. */
static double fc_run(const fc_series *s, double a, double b, double phi, double *level, double *slope)
{
	double l = s->z[0], t = s->z[1] - s->z[0], sse = 0;
	for (size_t i = 1; i < s->n; i++) {
		double yhat = l + phi * t;
		double e = s->z[i] - yhat;
		sse += e * e;
		l = yhat + a * e;
		t = phi * t + b * e;
	}
	*level = l;
	*slope = t;
	return sse;
}

static double fc_sse(const gsl_vector *p, void *ctx)
{
	double a, b, phi, l, t;
	fc_params(p, &a, &b, &phi);
	return fc_run(ctx, a, b, phi, &l, &t);
}

static void forecast_level(const forecast_input *in, forecast_result *out)
{
	double z[24];
	size_t n = 0;
	for (int y = 0; y < 2; y++)
		for (int k = 1; k <= 12; k++) {
			if (!is_report(in, k) || (y == 1 && k > in->known))
				continue;
			double v = y ? in->cur[k - 1] : in->prev[k - 1];
			if (!isnan(v))
				z[n++] = v;
		}
	if (n < FC_MIN_LEVEL_OBS) {
		too_little(out, "chưa đủ 6 kỳ số liệu (năm trước và năm nay) để ước lượng xu hướng");
		return;
	}
	fc_series s = {z, n};
	/* Nelder-Mead (GSL nmsimplex2) on the one-step squared errors */
	gsl_multimin_function f = {fc_sse, 3, &s};
	const gsl_multimin_fminimizer_type *T = gsl_multimin_fminimizer_nmsimplex2;
	gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(T, 3);
	gsl_vector *x = gsl_vector_alloc(3), *step = gsl_vector_alloc(3);
	double a = 0.5, b = 0.1, phi = 0.89;
	if (m && x && step) {
		/* start from the best point of a coarse 3×3×3 grid (unconstrained
		 * parameters), so the simplex needs few steps; fixed points, fixed
		 * order: deterministic */
		static const double ga[3] = {-1.5, 0.0, 1.5}, gb[3] = {-2.0, -0.5, 1.0}, gp[3] = {-1.5, 0.0, 1.5};
		double best = HUGE_VAL;
		gsl_vector_set_all(x, 0.0);
		for (int i = 0; i < 27; i++) {
			gsl_vector_set(step, 0, ga[i % 3]);
			gsl_vector_set(step, 1, gb[(i / 3) % 3]);
			gsl_vector_set(step, 2, gp[i / 9]);
			double v = fc_sse(step, &s);
			if (v < best) {
				best = v;
				gsl_vector_memcpy(x, step);
			}
		}
		gsl_vector_set_all(step, 0.5);
		if (gsl_multimin_fminimizer_set(m, &f, x, step) == GSL_SUCCESS) {
			/* at most FC_NM_ITER steps; stop when the simplex is small or the
			 * error has stopped falling (a flat valley towards a bound) */
			double last = gsl_multimin_fminimizer_minimum(m);
			int still = 0;
			for (int it = 0; it < FC_NM_ITER; it++) {
				if (gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS)
					break;
				if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-3) == GSL_SUCCESS)
					break;
				double now = gsl_multimin_fminimizer_minimum(m);
				still = last - now <= 1e-9 * (1.0 + last) ? still + 1 : 0;
				last = now;
				if (still >= 8)
					break;
			}
			fc_params(gsl_multimin_fminimizer_x(m), &a, &b, &phi);
		}
	}
	gsl_multimin_fminimizer_free(m);
	gsl_vector_free(x);
	gsl_vector_free(step);

	double level, slope;
	double sse = fc_run(&s, a, b, phi, &level, &slope);
	double s2 = sse / (double)(n - 1 - 3);
	/* h steps ahead: level + (φ + ... + φ^h)·slope; variance
	 * σ²(1 + Σ_{j<h} (α + β·φ(1 − φ^j)/(1 − φ))²) */
	int h = 0;
	double damp = 0, phik = 1, var_sum = 0, v = level, sd = 0;
	for (int k = in->known + 1; k <= 12; k++) {
		if (!is_report(in, k))
			continue;
		if (h > 0) {
			double c = a + b * phi * (1 - pow(phi, h)) / (1 - phi);
			var_sum += c * c;
		}
		h++;
		phik *= phi;
		damp += phik;
		v = level + damp * slope;
		sd = sqrt(s2 * (1 + var_sum));
		out->path[k - 1] = v;
		out->path_lo[k - 1] = v - FC_Z80 * sd;
		out->path_hi[k - 1] = v + FC_Z80 * sd;
	}
	out->status = FC_OK;
	out->method = FC_M_DAMPED;
	out->n_obs = (int)n;
	out->value = v;
	out->lo80 = v - FC_Z80 * sd;
	out->hi80 = v + FC_Z80 * sd;
	out->trend = phi * slope;
	out->p_meet = p_meet(in, v, sd, 0);
}

void forecast_compute(const forecast_input *in, forecast_result *out)
{
	pthread_once(&fc_gsl_once, fc_gsl_quiet);
	memset(out, 0, sizeof *out);
	out->reason = "";
	out->known = in->known;
	for (int k = 0; k < 12; k++)
		out->path[k] = out->path_lo[k] = out->path_hi[k] = NAN;
	int last_report = 0;
	for (int k = 1; k <= 12; k++)
		if (is_report(in, k))
			last_report = k;
	if (!last_report) {
		too_little(out, "chỉ tiêu không có kỳ báo cáo");
		return;
	}
	if (in->known >= last_report) {
		final_of(in, out);
		return;
	}
	if (in->flow)
		forecast_flow(in, out);
	else
		forecast_level(in, out);
}
