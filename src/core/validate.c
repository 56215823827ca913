/*
 * validate.c - the validation analysis (validate.h): the unit and its
 * descendants valid during the period, one read of their values of the
 * period's year and the five before (store_cells_for_units, the period's
 * last month only), then per value its indicator's bounds (value_check) and
 * its distance from the same period of earlier years (median and MAD).
 *
 * Not for: entry (value_check refuses there), rules between indicators.
 */
#include "core/validate.h"

#include "core/idmap.h"
#include "core/vrule.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NH VALIDATE_HISTORY_YEARS

/* What the read of the values fills. */
typedef struct vw {
	const int64_t *ids; /* the units' ids, sorted */
	size_t nu;
	int64_t last_id;
	long last_u;
	idmap sel;          /* indicator id -> its place among those of the period's type */
	size_t ni;          /* how many those are */
	int year, month;
	uint8_t *has;       /* [(u * ni + i) * (NH + 1) + y]: y 0 = the year, y k = k years before */
	num_t *amt;
} vw;

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int vw_cell(void *ctx, const store_cell *c)
{
	vw *w = ctx;
	int y = w->year - c->year;
	if (c->month != w->month || y < 0 || y > NH)
		return 0;
	if (w->last_u < 0 || c->unit_id != w->last_id) {
		const int64_t *hit = bsearch(&c->unit_id, w->ids, w->nu, sizeof *w->ids, cmp_i64);
		w->last_id = c->unit_id;
		w->last_u = hit ? (long)(hit - w->ids) : -1;
	}
	if (w->last_u < 0)
		return 0;
	int i = idmap_find(&w->sel, c->indicator_id);
	if (i < 0)
		return 0;
	size_t k = ((size_t)w->last_u * w->ni + (size_t)i) * (NH + 1) + (size_t)y;
	w->has[k] = 1;
	w->amt[k] = c->amount;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static int add_item(validate_result *r, size_t *cap, const validate_item *it, err *e)
{
	if (r->n_items == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		validate_item *p = realloc(r->items, nc * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra số liệu");
		r->items = p;
		*cap = nc;
	}
	r->items[r->n_items++] = *it;
	if (validate_is_error(it->kind))
		r->n_errors++;
	else
		r->n_warnings++;
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	const validate_item *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->unit_code, y->unit_code);
	if (!c)
		c = strcmp(x->indicator_code, y->indicator_code);
	return c ? c : strcmp(x->rule, y->rule); /* rules naming the same first indicator */
}

/* The item's message, cut (on a character boundary) to its field when longer. */
static void set_message(validate_item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_message(validate_item *it, const char *fmt, ...)
{
	buf b;
	buf_init(&b, 4096);
	va_list ap;
	va_start(ap, fmt);
	(void)buf_vprintf(&b, fmt, ap); /* a failure leaves a shorter message, never none */
	va_end(ap);
	size_t n = b.len < sizeof it->message - 1 ? b.len : sizeof it->message - 1;
	while (n > 0 && n < b.len && ((unsigned char)b.data[n] & 0xC0) == 0x80)
		n--;
	memcpy(it->message, b.data ? b.data : "", n);
	it->message[n] = '\0';
	buf_free(&b);
}

/* A value in Vietnamese form into out. */
static void num_text(num_t v, char *out, size_t n)
{
	buf b;
	buf_init(&b, 64);
	vn_format_num(&b, v, -1);
	snprintf(out, n, "%s", buf_cstr(&b));
	buf_free(&b);
}

/* A double rounded to the nearest num_t (clamped to the range). */
static num_t num_of(double x)
{
	double s = x * NUM_SCALE;
	if (s > (double)NUM_MAX)
		return NUM_MAX;
	if (s < -(double)NUM_MAX)
		return -NUM_MAX;
	return (num_t)llround(s);
}

/* True when u existed on some day of p. */
static bool valid_in(const unit *u, const period *p)
{
	cdate from = period_start_date(p), to = period_end_date(p);
	return (cdate_is_none(u->valid_from) || cdate_cmp(u->valid_from, to) <= 0) &&
	       (cdate_is_none(u->valid_to) || cdate_cmp(u->valid_to, from) >= 0);
}

typedef struct code_ix {
	const char *code;
	size_t ix;
} code_ix;

static int code_ix_cmp(const void *a, const void *b)
{
	return strcmp(((const code_ix *)a)->code, ((const code_ix *)b)->code);
}

/* The units of the tree under (and with) unit_code valid during p, into *out. */
static int subtree(store *s, const char *unit_code, const period *p, unit **out, size_t *n, err *e)
{
	unit *all = NULL;
	size_t na = 0, k = 0;
	int rc = store_unit_list(s, NULL, NULL, &all, &na, e); /* parents before children */
	if (rc)
		return rc;
	/* in the subtree: the unit, or a unit whose parent is (a parent is listed before
	 * its children); parents found by code in a sorted copy of the list */
	bool *in = calloc(na ? na : 1, sizeof *in);
	code_ix *by = malloc((na ? na : 1) * sizeof *by);
	if (!in || !by) {
		free(in);
		free(by);
		free(all);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra số liệu");
	}
	for (size_t u = 0; u < na; u++)
		by[u] = (code_ix){all[u].code, u};
	qsort(by, na, sizeof *by, code_ix_cmp);
	for (size_t u = 0; u < na; u++) {
		if (!strcmp(all[u].code, unit_code)) {
			in[u] = true;
			continue;
		}
		code_ix key = {all[u].parent_code, 0};
		const code_ix *hit = all[u].parent_code[0] ? bsearch(&key, by, na, sizeof key, code_ix_cmp) : NULL;
		in[u] = hit && in[hit->ix];
	}
	free(by);
	for (size_t u = 0; u < na; u++)
		if (in[u] && valid_in(&all[u], p))
			all[k++] = all[u];
	free(in);
	*out = all;
	*n = k;
	return 0;
}

/* A rule between indicators ready for the period: its indicators' places among the selected. */
typedef struct vr_ready {
	vrule_compiled c;
	size_t j[VRULE_REFS_MAX];
} vr_ready;

/* The rules whose indicators all report in periods of the selected type (sel_ind[j] is the
 * index into inds of selected place j); *out malloc'd (NULL when none). */
static int rules_for(store *s, const indicator *inds, const size_t *sel_ind, size_t nsel, vr_ready **out,
		     size_t *n, err *e)
{
	vrule *rs = NULL;
	size_t nr = 0, k = 0;
	*out = NULL;
	*n = 0;
	int rc = store_vrule_list(s, &rs, &nr, e);
	if (rc || nr == 0) {
		free(rs);
		return rc;
	}
	vr_ready *v = malloc(nr * sizeof *v);
	if (!v) {
		free(rs);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra số liệu");
	}
	for (size_t i = 0; i < nr; i++) {
		if (vrule_compile(&rs[i], &v[k].c, NULL))
			continue;
		bool all = true;
		for (int r = 0; r < v[k].c.n_refs && all; r++) {
			all = false;
			for (size_t j = 0; j < nsel && !all; j++)
				if (!strcmp(inds[sel_ind[j]].code, v[k].c.refs[r])) {
					v[k].j[r] = j;
					all = true;
				}
		}
		if (all)
			k++;
	}
	free(rs);
	*out = v;
	*n = k;
	return 0;
}

/* The rules broken by unit un's values of the period (base(j): its cell of selected place j). */
static int check_rules(store *s, validate_result *out, size_t *cap, const vr_ready *rules, size_t nr,
		       const unit *un, const period *p, const vw *w, size_t u, err *e)
{
	int rc = 0;
	for (size_t i = 0; i < nr && rc == 0; i++) {
		const vr_ready *r = &rules[i];
		bool has[VRULE_REFS_MAX];
		num_t vals[VRULE_REFS_MAX], l = 0, rv = 0;
		for (int k = 0; k < r->c.n_refs; k++) {
			size_t base = (u * w->ni + r->j[k]) * (NH + 1);
			has[k] = w->has[base];
			vals[k] = w->amt[base];
		}
		if (vrule_eval(&r->c, has, vals, &l, &rv) != VR_BROKEN)
			continue;
		validate_item it;
		memset(&it, 0, sizeof it);
		snprintf(it.unit_code, sizeof it.unit_code, "%s", un->code);
		snprintf(it.indicator_code, sizeof it.indicator_code, "%s", r->c.refs[0]);
		snprintf(it.rule, sizeof it.rule, "%s", r->c.rule.code);
		it.kind = r->c.rule.importance == VR_ERROR ? VALIDATE_RULE_ERROR : VALIDATE_RULE_WARNING;
		it.value = l;
		it.right = rv;
		for (int k = 0; k < r->c.n_refs && it.kind == VALIDATE_RULE_WARNING && !it.commented; k++)
			if ((rc = store_value_comment_get(s, r->c.refs[k], un->code, p, it.comment, sizeof it.comment,
							  &it.commented, e)))
				return rc;
		buf b;
		buf_init(&b, ERR_MSG_MAX);
		vrule_message(&b, &r->c, un->code, p, l, rv);
		if (it.commented)
			set_message(&it, "%s; đã ghi chú: %s", buf_cstr(&b), it.comment);
		else if (it.kind == VALIDATE_RULE_WARNING)
			set_message(&it, "%s; cần ghi chú giải thích nếu số liệu đúng", buf_cstr(&b));
		else
			set_message(&it, "%s", buf_cstr(&b));
		buf_free(&b);
		rc = add_item(out, cap, &it, e);
	}
	return rc;
}

/* True for an indicator whose values are shares (a percentage, a ratio):
 * comparable between units of different sizes, unlike amounts and counts. */
static bool share_like(const indicator *ind)
{
	return ind->value_type == VT_PERCENT || ind->kind == IND_RATIO || strcmp(ind->uom, "%") == 0;
}

/* A unit by its parent's code, to put siblings together. */
typedef struct sib_key {
	const char *parent;
	size_t u;
} sib_key;

static int cmp_by_parent(const void *a, const void *b)
{
	const sib_key *x = a, *y = b;
	int c = strcmp(x->parent, y->parent);
	return c ? c : (x->u > y->u) - (x->u < y->u);
}

/*
 * Outliers among siblings (issue #13): for a share (share_like), each group of
 * units of one parent with at least VALIDATE_MIN_SIBLINGS values this period
 * is scored as the history is, by median and MAD: a value farther from the
 * group's median than 3,5 MAD / 0,6745 (never narrower than a tenth of the
 * median, nor one unit of the last decimal) is a warning naming the group's
 * median and the range expected. row[u] is unit u's slot in w (its id's
 * position).
 */
static int check_siblings(validate_result *out, size_t *cap, const unit *units, size_t nu, const size_t *row,
			  const indicator *inds, const size_t *sel, size_t nsel, const vw *w, const char *label,
			  err *e)
{
	sib_key *ks = malloc((nu ? nu : 1) * sizeof *ks);
	size_t *ord = malloc((nu ? nu : 1) * sizeof *ord);
	double *v = malloc((nu ? nu : 1) * sizeof *v), *dev = malloc((nu ? nu : 1) * sizeof *dev);
	int rc = 0;
	if (!ks || !ord || !v || !dev) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi so sánh các đơn vị cùng cấp");
		goto done;
	}
	for (size_t u = 0; u < nu; u++)
		ks[u] = (sib_key){ units[u].parent_code, u };
	qsort(ks, nu, sizeof *ks, cmp_by_parent);
	for (size_t u = 0; u < nu; u++)
		ord[u] = ks[u].u;
	for (size_t g0 = 0, g1; g0 < nu && rc == 0; g0 = g1) {
		for (g1 = g0 + 1; g1 < nu && strcmp(units[ord[g1]].parent_code, units[ord[g0]].parent_code) == 0; g1++)
			;
		if (!units[ord[g0]].parent_code[0] || g1 - g0 < VALIDATE_MIN_SIBLINGS)
			continue;
		for (size_t j = 0; j < nsel && rc == 0; j++) {
			const indicator *ind = &inds[sel[j]];
			if (!share_like(ind))
				continue;
			int n = 0;
			for (size_t k = g0; k < g1; k++) {
				size_t base = (row[ord[k]] * nsel + j) * (NH + 1);
				if (w->has[base])
					v[n++] = num_to_double(w->amt[base]);
			}
			if (n < VALIDATE_MIN_SIBLINGS)
				continue;
			double med = median(v, n);
			for (int k = 0; k < n; k++)
				dev[k] = fabs(v[k] - med);
			double mad = median(dev, n);
			double half = fmax(fmax(3.5 * mad / 0.6745, fabs(med) / 10.0), pow(10.0, -ind->decimals));
			for (size_t k = g0; k < g1 && rc == 0; k++) {
				const unit *un = &units[ord[k]];
				size_t base = (row[ord[k]] * nsel + j) * (NH + 1);
				if (!w->has[base] || fabs(num_to_double(w->amt[base]) - med) <= half)
					continue;
				validate_item it;
				memset(&it, 0, sizeof it);
				snprintf(it.unit_code, sizeof it.unit_code, "%s", un->code);
				snprintf(it.indicator_code, sizeof it.indicator_code, "%s", ind->code);
				it.kind = VALIDATE_OUTLIER_SIBLINGS;
				it.value = w->amt[base];
				it.has_range = true;
				/* never below what the indicator may be (a share: 0, unless it says less) */
				double floor_v = ind->has_min ? num_to_double(ind->min) : 0.0;
				it.low = num_of(fmax(med - half, floor_v));
				it.high = num_of(med + half);
				char vt[48], mt[48], lt[48], ht[48];
				num_text(it.value, vt, sizeof vt);
				num_text(num_of(med), mt, sizeof mt);
				num_text(it.low, lt, sizeof lt);
				num_text(it.high, ht, sizeof ht);
				set_message(&it,
					    "đơn vị %s, chỉ tiêu %s (%s), %s: %s khác xa các đơn vị cùng cấp thuộc %s"
					    " (%d đơn vị có số liệu, trung vị %s; khoảng thường thấy %s đến %s);"
					    " nếu đúng, ghi lý do khi nhập",
					    un->code, ind->code, ind->uom, label, vt, un->parent_code, n, mt, lt, ht);
				rc = add_item(out, cap, &it, e);
			}
		}
	}
done:
	free(ks);
	free(ord);
	free(v);
	free(dev);
	return rc;
}

int validate_run(store *s, const char *unit_code, const period *p, validate_result *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "kỳ không hợp lệ (period)");
	out->period = *p;
	unit root, *units = NULL;
	size_t nu = 0, ni = 0, cap = 0;
	indicator *inds = NULL;
	int64_t *ids = NULL, *sel_ids = NULL;
	size_t *sel = NULL, n_rules = 0;
	vr_ready *rules = NULL;
	vw w = {.year = p->year, .month = period_end_date(p).m, .last_u = -1};
	int rc;
	if ((rc = store_unit_get(s, unit_code, &root, e)) || (rc = subtree(s, unit_code, p, &units, &nu, e)) ||
	    (rc = store_indicator_list(s, &inds, &ni, e)))
		goto done;
	out->n_units = nu;
	if (nu == 0)
		goto done;
	/* only the indicators reported in periods of this type: sel[j] is the index in inds */
	sel = malloc((ni ? ni : 1) * sizeof *sel);
	sel_ids = malloc((ni ? ni : 1) * sizeof *sel_ids);
	if (!sel || !sel_ids) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra số liệu");
		goto done;
	}
	size_t nsel = 0;
	for (size_t i = 0; i < ni; i++)
		if (freq_period_type(inds[i].freq) == p->type) {
			sel_ids[nsel] = inds[i].id;
			sel[nsel++] = i;
		}
	if ((rc = idmap_build(&w.sel, sel_ids, NULL, nsel, e)))
		goto done;
	w.ni = nsel;
	w.nu = nu;
	size_t cells = nu * (nsel ? nsel : 1) * (NH + 1);
	ids = malloc(nu * sizeof *ids);
	w.has = calloc(cells, 1);
	w.amt = malloc(cells * sizeof *w.amt);
	if (!ids || !w.has || !w.amt) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra số liệu (%zu đơn vị × %zu chỉ tiêu)", nu, nsel);
		goto done;
	}
	for (size_t u = 0; u < nu; u++)
		ids[u] = units[u].id;
	qsort(ids, nu, sizeof *ids, cmp_i64);
	w.ids = ids;
	if ((rc = store_cells_for_units(s, ids, nu, p->year - NH, p->year, vw_cell, &w, e)) ||
	    (rc = rules_for(s, inds, sel, nsel, &rules, &n_rules, e)))
		goto done;

	buf lb;
	buf_init(&lb, 64);
	period_format_label(&lb, p);
	char label[64];
	snprintf(label, sizeof label, "%s", buf_cstr(&lb));
	buf_free(&lb);
	for (size_t u0 = 0; u0 < nu && rc == 0; u0++) {
		const unit *un = &units[u0];
		const int64_t *hit = bsearch(&un->id, ids, nu, sizeof *ids, cmp_i64);
		size_t u = (size_t)(hit - ids);
		if (n_rules && (rc = check_rules(s, out, &cap, rules, n_rules, un, p, &w, u, e)))
			break;
		for (size_t j = 0; j < nsel && rc == 0; j++) {
			size_t i = sel[j], base = (u * nsel + j) * (NH + 1);
			if (!w.has[base])
				continue;
			out->n_values++;
			num_t x = w.amt[base];
			validate_item it;
			memset(&it, 0, sizeof it);
			snprintf(it.unit_code, sizeof it.unit_code, "%s", un->code);
			snprintf(it.indicator_code, sizeof it.indicator_code, "%s", inds[i].code);
			it.value = x;
			err ve;
			err_clear(&ve);
			if (value_check(&inds[i], x, &ve)) {
				it.kind = VALIDATE_BOUNDS;
				set_message(&it, "đơn vị %s, %s: %s", un->code, label, ve.msg);
				rc = add_item(out, &cap, &it, e);
				continue;
			}
			double hv[NH];
			int nh = 0;
			for (int y = 1; y <= NH; y++)
				if (w.has[base + (size_t)y])
					hv[nh++] = num_to_double(w.amt[base + (size_t)y]);
			if (nh < VALIDATE_MIN_HISTORY)
				continue;
			double med = median(hv, nh), dev[NH];
			for (int k = 0; k < nh; k++)
				dev[k] = fabs(hv[k] - med);
			double mad = median(dev, nh), xv = num_to_double(x);
			/* the robust score's bound, but never narrower than half the median (a series
			 * that grows 10 % a year is not an outlier) nor than one unit of the last
			 * decimal shown (a count of 0, 0, 0, then 1) */
			double half = fmax(fmax(3.5 * mad / 0.6745, fabs(med) / 2.0), pow(10.0, -inds[i].decimals));
			if (fabs(xv - med) <= half)
				continue;
			it.kind = VALIDATE_OUTLIER;
			it.has_range = true;
			it.low = num_of(med - half);
			it.high = num_of(med + half);
			char vt[48], mt[48], lt[48], ht[48];
			num_text(x, vt, sizeof vt);
			num_text(num_of(med), mt, sizeof mt);
			num_text(it.low, lt, sizeof lt);
			num_text(it.high, ht, sizeof ht);
			set_message(&it,
				    "đơn vị %s, chỉ tiêu %s (%s), %s: %s khác xa các năm trước (trung vị %d năm %s; "
				    "khoảng thường thấy %s đến %s); nếu đúng, ghi lý do khi nhập",
				    un->code, inds[i].code, inds[i].uom, label, vt, nh, mt, lt, ht);
			rc = add_item(out, &cap, &it, e);
		}
	}
	if (rc == 0) {
		size_t *row = malloc(nu * sizeof *row);
		if (!row) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi kiểm tra số liệu");
		} else {
			for (size_t u0 = 0; u0 < nu; u0++)
				row[u0] = (size_t)((const int64_t *)bsearch(&units[u0].id, ids, nu, sizeof *ids, cmp_i64) - ids);
			rc = check_siblings(out, &cap, units, nu, row, inds, sel, nsel, &w, label, e);
			free(row);
		}
	}
	if (rc == 0 && out->n_items)
		qsort(out->items, out->n_items, sizeof *out->items, cmp_item);
done:
	free(rules);
	free(units);
	free(inds);
	free(ids);
	free(sel);
	free(sel_ids);
	idmap_free(&w.sel);
	free(w.has);
	free(w.amt);
	if (rc)
		validate_free(out);
	return rc;
}

void validate_free(validate_result *r)
{
	if (!r)
		return;
	free(r->items);
	memset(r, 0, sizeof *r);
}

bool validate_is_error(validate_kind k)
{
	return k == VALIDATE_BOUNDS || k == VALIDATE_RULE_ERROR;
}

const char *validate_importance(validate_kind k)
{
	return validate_is_error(k) ? "error" : "warning";
}

#define W(x)                    \
	do {                    \
		if ((x) != 0)   \
			bad = 1; \
	} while (0)

static int num_or_null(buf *b, bool has, num_t v)
{
	if (!has)
		return buf_puts(b, "null");
	char t[48];
	double d = num_to_double(v);
	snprintf(t, sizeof t, "%.4f", d);
	/* trim the zeros of the fixed form: 12.5000 -> 12.5, 3.0000 -> 3 */
	char *dot = strchr(t, '.');
	if (dot) {
		char *z = t + strlen(t) - 1;
		while (z > dot && *z == '0')
			*z-- = '\0';
		if (z == dot)
			*z = '\0';
	}
	return buf_puts(b, t);
}

int validate_json(buf *b, const char *unit_code, const validate_result *r)
{
	int bad = 0;
	W(buf_puts(b, "{\"unit\":"));
	W(buf_json_str(b, unit_code));
	W(buf_puts(b, ",\"period\":\""));
	W(period_format_code(b, &r->period));
	W(buf_printf(b, "\",\"units\":%zu,\"values\":%zu,\"errors\":%zu,\"warnings\":%zu,\"items\":[", r->n_units,
		     r->n_values, r->n_errors, r->n_warnings));
	for (size_t k = 0; k < r->n_items; k++) {
		const validate_item *it = &r->items[k];
		W(buf_puts(b, k ? ",{\"unit\":" : "{\"unit\":"));
		W(buf_json_str(b, it->unit_code));
		W(buf_puts(b, ",\"indicator\":"));
		W(buf_json_str(b, it->indicator_code));
		bool rule = it->kind == VALIDATE_RULE_ERROR || it->kind == VALIDATE_RULE_WARNING;
		W(buf_printf(b, ",\"importance\":\"%s\",\"rule\":", validate_importance(it->kind)));
		W(buf_json_str(b, rule ? it->rule
				       : it->kind == VALIDATE_BOUNDS ? "bounds"
				       : it->kind == VALIDATE_OUTLIER_SIBLINGS ? "outlier_siblings"
								       : "outlier"));
		W(buf_puts(b, ",\"value\":"));
		W(num_or_null(b, true, it->value));
		if (rule) {
			W(buf_puts(b, ",\"right\":"));
			W(num_or_null(b, true, it->right));
			W(buf_printf(b, ",\"commented\":%s,\"comment\":", it->commented ? "true" : "false"));
			W(buf_json_str(b, it->comment));
		}
		W(buf_puts(b, ",\"low\":"));
		W(num_or_null(b, it->has_range, it->low));
		W(buf_puts(b, ",\"high\":"));
		W(num_or_null(b, it->has_range, it->high));
		W(buf_puts(b, ",\"message\":"));
		W(buf_json_str(b, it->message));
		W(buf_putc(b, '}'));
	}
	W(buf_puts(b, "]}\n"));
	return bad ? ERR_NOMEM : 0;
}
