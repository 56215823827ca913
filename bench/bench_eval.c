/*
 * bench_eval.c - times eval_run() (load from SQLite + compute) for one unit
 * and period on an existing database: the figure issue #2 asks for (the demo
 * city with its 8 wards, one month, under 5 ms). Prints the median, the
 * 10th and 90th percentiles over N runs, and the cold first run; then the
 * same with the year-end forecasts on (issue #16: they add < 2 ms), the two
 * interleaved run by run so both see the same machine.
 *
 * Usage: bench_eval DB UNIT PERIOD [RUNS]
 */
#include "core/eval.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s DB UNIT PERIOD [RUNS]\n", argv[0]);
		return 2;
	}
	int runs = argc > 4 ? atoi(argv[4]) : 200;
	if (runs < 1)
		runs = 1;
	err e;
	err_clear(&e);
	period p;
	store *s = NULL;
	if (period_parse(argv[3], &p, &e) || store_open(argv[1], &s, &e)) {
		fprintf(stderr, "bench_eval: %s\n", e.msg);
		return 1;
	}
	eval_opts o[2];
	memset(o, 0, sizeof o);
	o[1].forecast = true;
	double *t[2] = {calloc((size_t)runs, sizeof(double)), calloc((size_t)runs, sizeof(double))};
	double cold[2] = {0, 0};
	size_t rows = 0;
	if (!t[0] || !t[1]) {
		fprintf(stderr, "bench_eval: out of memory\n");
		return 1;
	}
	for (int i = 0; i <= runs; i++)
		for (int f = 0; f < 2; f++) {
			eval_report r;
			memset(&r, 0, sizeof r);
			double t0 = now_ms();
			int rc = eval_run(s, argv[2], &p, &o[f], &r, &e);
			double dt = now_ms() - t0;
			if (rc) {
				fprintf(stderr, "bench_eval: %s\n", e.msg);
				return 1;
			}
			rows = r.result.n_rows;
			eval_report_free(&r);
			if (i == 0)
				cold[f] = dt;
			else
				t[f][i - 1] = dt;
		}
	for (int f = 0; f < 2; f++) {
		qsort(t[f], (size_t)runs, sizeof(double), cmp_dbl);
		printf("eval_run%s unit=%s period=%s indicators=%zu runs=%d: median %.3f ms, p10 %.3f ms, p90 %.3f ms, "
		       "first %.3f ms\n", f ? " +forecast" : "", argv[2], argv[3], rows, runs, t[f][runs / 2],
		       t[f][runs / 10], t[f][runs * 9 / 10], cold[f]);
	}
	printf("forecasts add %.3f ms (median)\n", t[1][runs / 2] - t[0][runs / 2]);
	free(t[0]);
	free(t[1]);
	store_close(s);
	return 0;
}
