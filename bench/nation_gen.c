/*
 * nation_gen.c - the deterministic data of the national-scale benchmark
 * (issue #7): a unit tree (a nation, its provinces and communes; or a city
 * and its wards), indicators (flows, levels, counts and ratios computed
 * from a flow and a level), one year's targets for every unit, and monthly
 * values of every commune. It writes the same data twice: as CSV files for
 * the peers (sqlite3, DuckDB, PostgreSQL; amounts as raw fixed-point
 * integers, value x 10,000, so sums compare exactly) and directly into a
 * chitieu store through the bulk writer, timing the bulk load.
 *
 * Every figure is a pure function of (seed, unit, indicator, year, month),
 * so a re-run gives the same bytes. Not for: tests of the rules (those use
 * hand-made data) or the demo.
 *
 * Usage: nation_gen [--scale city|province|nation] [--provinces N]
 *        [--communes N] [--indicators N] [--years N] [--last-year Y]
 *        [--commune-targets yes|no] [--seed N] [--db PATH] [--csv DIR]
 * Prints "key value" lines (counts, load time, values/s).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "core/model.h"
#include "store/store.h"

typedef struct gen {
	int provinces, communes, indicators, years, last_year;
	bool commune_targets; /* communes get targets too (else only the root and provinces) */
	uint64_t seed;
	const char *db, *csv;
	/* the tree: unit 0 the root, 1..provinces, then communes */
	int n_units;
	int *parent;     /* index of the parent, -1 for the root */
	int *top_child;  /* the root's child containing the unit (itself for a child) */
	char (*code)[CODE_MAX];
	int64_t *uid;    /* store ids */
	int64_t *iid;
} gen;

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

static uint64_t h4(uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	return mix(seed ^ mix(a ^ mix(b ^ mix(c))));
}

/* The kind of indicator i (0-based) by its place in a group of ten. */
static ind_kind kind_of(int i)
{
	int r = i % 10;
	if (r == 6 || r == 7)
		return IND_LEVEL;
	if (r == 8)
		return IND_RATIO;
	if (r == 9)
		return IND_COUNT;
	return IND_FLOW;
}

/* A commune's base monthly figure of indicator i, in whole units. */
static double base_of(const gen *g, int u, int i)
{
	return 20.0 + (double)(h4(g->seed, (uint64_t)u, (uint64_t)i, 7) % 980);
}

/* The value of commune u, indicator i (not a ratio), year, month: raw num_t, 2 decimals. */
static num_t amount_of(const gen *g, int u, int i, int year, int month)
{
	double growth = 1.0 + 0.04 * (year - (g->last_year - g->years + 1));
	double season = kind_of(i) == IND_LEVEL ? 1.0 : 0.8 + 0.05 * month + (month == 12 ? 0.4 : 0.0);
	double noise = (double)(h4(g->seed, (uint64_t)u * 100000u + (uint64_t)i, (uint64_t)year,
				   (uint64_t)month) % 2001) / 10000.0 - 0.1; /* -10 % .. +10 % */
	double x = base_of(g, u, i) * growth * season * (1.0 + noise);
	if (kind_of(i) == IND_COUNT)
		x = floor(x / 50.0);
	return (num_t)llround(x * 100.0) * 100;
}

/* The annual target of commune u for indicator i in the last year. */
static num_t commune_target(const gen *g, int u, int i)
{
	double f = 0.9 + (double)(h4(g->seed, (uint64_t)u, (uint64_t)i, 11) % 26) / 100.0;
	double growth = 1.0 + 0.04 * (g->years - 1);
	double x;
	if (kind_of(i) == IND_RATIO)
		return NUM_INT(40 + (int)(h4(g->seed, (uint64_t)u, (uint64_t)i, 13) % 50));
	if (kind_of(i) == IND_LEVEL)
		x = base_of(g, u, i) * growth * f;
	else if (kind_of(i) == IND_COUNT)
		x = floor(base_of(g, u, i) * growth * 12.0 * f / 50.0);
	else
		x = base_of(g, u, i) * growth * 12.5 * f;
	return (num_t)llround(x) * NUM_SCALE;
}

static int die_err(const char *what, const err *e)
{
	fprintf(stderr, "nation_gen: %s: %s\n", what, e->msg);
	return 1;
}

/* CPU seconds of this process so far (user + system): on a shared machine
 * the wall clock also counts other people's work. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds the tree: codes like real ones (provinces "01".., communes 5 digits). */
static int make_tree(gen *g)
{
	g->n_units = 1 + g->provinces + g->communes;
	g->parent = calloc((size_t)g->n_units, sizeof *g->parent);
	g->top_child = calloc((size_t)g->n_units, sizeof *g->top_child);
	g->code = calloc((size_t)g->n_units, sizeof *g->code);
	g->uid = calloc((size_t)g->n_units, sizeof *g->uid);
	if (!g->parent || !g->top_child || !g->code || !g->uid)
		return -1;
	g->parent[0] = -1;
	g->top_child[0] = -1;
	snprintf(g->code[0], CODE_MAX, "%s", g->provinces ? "VN" : "058");
	for (int p = 1; p <= g->provinces; p++) {
		g->parent[p] = 0;
		g->top_child[p] = p;
		snprintf(g->code[p], CODE_MAX, "%02d", p * 2 + (p > 20 ? 20 : 0));
	}
	for (int c = 0; c < g->communes; c++) {
		int u = 1 + g->provinces + c;
		int p = g->provinces ? 1 + (int)((long)c * g->provinces / g->communes) : 0;
		g->parent[u] = p;
		g->top_child[u] = g->provinces ? p : u;
		snprintf(g->code[u], CODE_MAX, "%05d", 1834 + c * 3);
	}
	return 0;
}

static const char *kind_code(ind_kind k)
{
	return k == IND_LEVEL ? "level" : k == IND_RATIO ? "ratio" : k == IND_COUNT ? "count" : "flow";
}

static int write_csv(const gen *g)
{
	char path[1024];
	FILE *f;
	mkdir(g->csv, 0755);
	snprintf(path, sizeof path, "%s/units.csv", g->csv);
	if (!(f = fopen(path, "w")))
		return -1;
	fputs("id,code,parent_id,level,top_child_id\n", f);
	for (int u = 0; u < g->n_units; u++) {
		int level = u == 0 ? 0 : (g->parent[u] == 0 ? 1 : 2);
		if (u == 0)
			fprintf(f, "%d,%s,,0,\n", u + 1, g->code[u]);
		else
			fprintf(f, "%d,%s,%d,%d,%d\n", u + 1, g->code[u], g->parent[u] + 1, level,
				g->top_child[u] + 1);
	}
	fclose(f);
	snprintf(path, sizeof path, "%s/indicators.csv", g->csv);
	if (!(f = fopen(path, "w")))
		return -1;
	fputs("id,code,kind,num_id,den_id,decimals\n", f);
	for (int i = 0; i < g->indicators; i++) {
		if (kind_of(i) == IND_RATIO)
			fprintf(f, "%d,CT%03d,ratio,%d,%d,2\n", i + 1, i + 1, i - 8 + 1, i - 2 + 1);
		else
			fprintf(f, "%d,CT%03d,%s,,,2\n", i + 1, i + 1, kind_code(kind_of(i)));
	}
	fclose(f);
	snprintf(path, sizeof path, "%s/targets.csv", g->csv);
	if (!(f = fopen(path, "w")))
		return -1;
	fputs("unit_id,indicator_id,year,amount\n", f);
	num_t *sum = calloc((size_t)g->n_units, sizeof *sum);
	if (!sum) {
		fclose(f);
		return -1;
	}
	for (int i = 0; i < g->indicators; i++) {
		memset(sum, 0, (size_t)g->n_units * sizeof *sum);
		for (int u = g->n_units - 1; u >= 0; u--) {
			num_t t;
			if (kind_of(i) == IND_RATIO)
				t = commune_target(g, u, i);
			else if (u > g->provinces || (g->provinces == 0 && u > 0))
				t = commune_target(g, u, i);
			else
				t = sum[u];
			if (kind_of(i) != IND_RATIO && g->parent[u] >= 0)
				sum[g->parent[u]] += t;
			if (!g->commune_targets && u > g->provinces && g->provinces > 0)
				continue;
			fprintf(f, "%d,%d,%d,%lld\n", u + 1, i + 1, g->last_year, (long long)t);
		}
	}
	free(sum);
	fclose(f);
	snprintf(path, sizeof path, "%s/values.csv", g->csv);
	if (!(f = fopen(path, "w")))
		return -1;
	static char iobuf[1 << 20];
	setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
	fputs("unit_id,year,indicator_id,month,amount\n", f);
	for (int u = 1 + g->provinces; u < g->n_units; u++)
		for (int y = g->last_year - g->years + 1; y <= g->last_year; y++)
			for (int i = 0; i < g->indicators; i++) {
				if (kind_of(i) == IND_RATIO)
					continue;
				for (int m = 1; m <= 12; m++)
					fprintf(f, "%d,%d,%d,%d,%lld\n", u + 1, y, i + 1, m,
						(long long)amount_of(g, u, i, y, m));
			}
	return fclose(f) == 0 ? 0 : -1;
}

/* The catalogue, the units and the targets (one transaction). */
static int write_model(gen *g, store *s, err *e)
{
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	for (int u = 0; u < g->n_units && !rc; u++) {
		unit un;
		memset(&un, 0, sizeof un);
		snprintf(un.code, sizeof un.code, "%s", g->code[u]);
		if (u == 0) {
			snprintf(un.name, sizeof un.name, "%s", g->provinces ? "Việt Nam" : "Bắc Kạn");
			un.type = g->provinces ? UNIT_NATION : UNIT_CITY;
		} else if (u <= g->provinces) {
			snprintf(un.name, sizeof un.name, "Tỉnh %s", g->code[u]);
			un.type = UNIT_PROVINCE;
		} else {
			snprintf(un.name, sizeof un.name, "Xã %s", g->code[u]);
			un.type = g->provinces ? UNIT_COMMUNE : UNIT_WARD;
		}
		if (u > 0)
			snprintf(un.parent_code, sizeof un.parent_code, "%s", g->code[g->parent[u]]);
		rc = store_unit_put(s, &un, e);
		g->uid[u] = un.id;
	}
	g->iid = calloc((size_t)g->indicators, sizeof *g->iid);
	if (!rc && !g->iid)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	for (int i = 0; i < g->indicators && !rc; i++) {
		indicator ind;
		memset(&ind, 0, sizeof ind);
		snprintf(ind.code, sizeof ind.code, "CT%03d", i + 1);
		snprintf(ind.name_vi, sizeof ind.name_vi, "Chỉ tiêu %03d", i + 1);
		snprintf(ind.name_en, sizeof ind.name_en, "Indicator %03d", i + 1);
		ind.kind = kind_of(i);
		snprintf(ind.uom, sizeof ind.uom, "%s", ind.kind == IND_RATIO ? "%" : "triệu đồng");
		ind.uom_scale = ind.kind == IND_RATIO ? 0 : 6;
		ind.decimals = 2;
		ind.sector = (ind_sector)(1 + i % 3);
		ind.direction = DIR_HIGHER;
		ind.rollup = ind.kind == IND_RATIO ? ROLLUP_RATIO : ROLLUP_SUM;
		ind.freq = FREQ_MONTH;
		ind.sort_order = i + 1;
		if (ind.kind == IND_RATIO) {
			snprintf(ind.numerator, sizeof ind.numerator, "CT%03d", i - 8 + 1);
			snprintf(ind.denominator, sizeof ind.denominator, "CT%03d", i - 2 + 1);
			ind.ratio_scale = 100;
		}
		rc = store_indicator_put(s, &ind, e);
		g->iid[i] = ind.id;
	}
	/* targets: the same figures as targets.csv */
	num_t *sum = calloc((size_t)g->n_units, sizeof *sum);
	if (!rc && !sum)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	for (int i = 0; i < g->indicators && !rc; i++) {
		memset(sum, 0, (size_t)g->n_units * sizeof *sum);
		for (int u = g->n_units - 1; u >= 0 && !rc; u--) {
			target t;
			memset(&t, 0, sizeof t);
			if (kind_of(i) == IND_RATIO || u > g->provinces || (g->provinces == 0 && u > 0))
				t.value = commune_target(g, u, i);
			else
				t.value = sum[u];
			if (kind_of(i) != IND_RATIO && g->parent[u] >= 0)
				sum[g->parent[u]] += t.value;
			if (!g->commune_targets && u > g->provinces && g->provinces > 0)
				continue;
			snprintf(t.indicator_code, sizeof t.indicator_code, "CT%03d", i + 1);
			snprintf(t.unit_code, sizeof t.unit_code, "%s", g->code[u]);
			t.year_from = t.year_to = g->last_year;
			t.kind = TGT_AT_LEAST;
			t.source = TGT_SRC_ASSIGNED;
			rc = store_target_put(s, &t, e);
		}
	}
	free(sum);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

/* The values through the bulk writer, in key order, one transaction; timed. */
static int write_values(const gen *g, store *s, long *n_out, double *secs, double *cpu, err *e)
{
	store_bulk *b = NULL;
	long n = 0;
	double t0 = now_s(), c0 = cpu_s();
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	if ((rc = store_bulk_begin(s, "nation_gen", "", &b, e)) != 0) {
		store_rollback(s);
		return rc;
	}
	for (int u = 1 + g->provinces; u < g->n_units && !rc; u++)
		for (int y = g->last_year - g->years + 1; y <= g->last_year && !rc; y++)
			for (int i = 0; i < g->indicators && !rc; i++) {
				if (kind_of(i) == IND_RATIO)
					continue;
				store_cell c = { .unit_id = g->uid[u], .indicator_id = g->iid[i], .year = y };
				for (int m = 1; m <= 12 && !rc; m++) {
					c.month = m;
					c.amount = amount_of(g, u, i, y, m);
					rc = store_bulk_put(b, &c, NULL, e);
					n++;
				}
			}
	if (!rc)
		rc = store_bulk_finish(b, e);
	store_bulk_end(b);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	rc = store_commit(s, e);
	*secs = now_s() - t0;
	*cpu = cpu_s() - c0;
	*n_out = n;
	return rc;
}

int main(int argc, char **argv)
{
	gen g = { .provinces = 34, .communes = 3321, .indicators = 300, .years = 10,
		  .last_year = 2025, .seed = 7, .commune_targets = true };
	for (int k = 1; k < argc; k++) {
		const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
		if (!strcmp(a, "--scale") && v) {
			k++;
			if (!strcmp(v, "city"))
				g.provinces = 0, g.communes = 8, g.indicators = 65, g.years = 5;
			else if (!strcmp(v, "province"))
				g.provinces = 4, g.communes = 100, g.indicators = 200, g.years = 10;
			else if (!strcmp(v, "nation"))
				g.provinces = 34, g.communes = 3321, g.indicators = 300, g.years = 10;
			else
				return fprintf(stderr, "nation_gen: unknown scale %s\n", v), 2;
		} else if (!strcmp(a, "--provinces") && v) {
			g.provinces = atoi(argv[++k]);
		} else if (!strcmp(a, "--communes") && v) {
			g.communes = atoi(argv[++k]);
		} else if (!strcmp(a, "--indicators") && v) {
			g.indicators = atoi(argv[++k]);
		} else if (!strcmp(a, "--years") && v) {
			g.years = atoi(argv[++k]);
		} else if (!strcmp(a, "--last-year") && v) {
			g.last_year = atoi(argv[++k]);
		} else if (!strcmp(a, "--commune-targets") && v) {
			g.commune_targets = strcmp(argv[++k], "no") != 0;
		} else if (!strcmp(a, "--seed") && v) {
			g.seed = strtoull(argv[++k], NULL, 10);
		} else if (!strcmp(a, "--db") && v) {
			g.db = argv[++k];
		} else if (!strcmp(a, "--csv") && v) {
			g.csv = argv[++k];
		} else {
			fprintf(stderr, "usage: nation_gen [--scale city|province|nation] [--provinces N]"
					" [--communes N] [--indicators N] [--years N] [--last-year Y]"
					" [--commune-targets yes|no] [--seed N] [--db PATH] [--csv DIR]\n");
			return 2;
		}
	}
	if (g.communes < 1 || g.indicators < 1 || g.indicators > 999 || g.years < 2 ||
	    g.provinces < 0 || g.provinces > 48)
		return fprintf(stderr, "nation_gen: sizes out of range\n"), 2;
	if (make_tree(&g) != 0)
		return fprintf(stderr, "nation_gen: out of memory\n"), 1;
	printf("units %d\nprovinces %d\ncommunes %d\nindicators %d\nyears %d-%d\n", g.n_units,
	       g.provinces, g.communes, g.indicators, g.last_year - g.years + 1, g.last_year);
	if (g.csv) {
		double t0 = now_s();
		if (write_csv(&g) != 0)
			return fprintf(stderr, "nation_gen: cannot write CSV in %s: %s\n", g.csv,
				       strerror(errno)),
			       1;
		printf("csv_seconds %.2f\n", now_s() - t0);
	}
	if (g.db) {
		store *s = NULL;
		err e;
		long n = 0;
		double secs = 0, cpu = 0, t0 = now_s();
		if (store_open(g.db, &s, &e) != 0)
			return die_err("store_open", &e);
		if (write_model(&g, s, &e) != 0)
			return die_err("units, indicators, targets", &e);
		printf("model_seconds %.2f\n", now_s() - t0);
		if (write_values(&g, s, &n, &secs, &cpu, &e) != 0)
			return die_err("values", &e);
		printf("values %ld\nload_seconds %.3f\nvalues_per_second %.0f\n", n, secs,
		       secs > 0 ? (double)n / secs : 0.0);
		printf("load_cpu_seconds %.3f\nvalues_per_cpu_second %.0f\n", cpu,
		       cpu > 0 ? (double)n / cpu : 0.0);
		store_close(s);
	}
	free(g.parent);
	free(g.top_child);
	free(g.code);
	free(g.uid);
	free(g.iid);
	return 0;
}
