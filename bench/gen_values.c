/*
 * gen_values.c - writes a big, deterministic values CSV for bench_import.sh:
 * N monthly values over 65 indicators (KT001..KT065) x 9 units (10001..10009)
 * x consecutive months from January 2000, in the order an export gives them
 * (indicator, unit, period), with Vietnamese numbers ("1.234,56", quoted).
 *
 * Standalone (no chitieu headers), built with a plain gcc line by the script.
 * Not for: tests (they keep small fixtures in tests/data).
 *
 * Usage: gen_values N out.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N_IND 65
#define N_UNIT 9

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_values N out.csv\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	FILE *f = fopen(argv[2], "w");
	if (n <= 0 || !f) {
		fprintf(stderr, "gen_values: bad N or cannot write %s\n", argv[2]);
		return 2;
	}
	long series = (long)N_IND * N_UNIT;
	long months = (n + series - 1) / series; /* per series */
	uint64_t x = 88172645463325252ULL;       /* xorshift64: same file every run */
	long written = 0;
	fputs("indicator,unit,period,value,estimate\n", f);
	for (int i = 1; i <= N_IND && written < n; i++) {
		for (int u = 1; u <= N_UNIT && written < n; u++) {
			for (long m = 0; m < months && written < n; m++, written++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				long cents = (long)(x % 100000000ULL); /* 0 .. 999.999,99 */
				long whole = cents / 100, frac = cents % 100;
				char num[32];
				if (whole >= 1000)
					snprintf(num, sizeof num, "%ld.%03ld,%02ld", whole / 1000, whole % 1000, frac);
				else
					snprintf(num, sizeof num, "%ld,%02ld", whole, frac);
				fprintf(f, "KT%03d,1%04d,%04ld%02ld,\"%s\",%d\n", i, u, 2000 + m / 12, m % 12 + 1,
					num, (int)((x >> 40) & 1));
			}
		}
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_values: write error\n");
		return 1;
	}
	return 0;
}
