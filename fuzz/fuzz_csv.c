/*
 * fuzz_csv.c - fuzzes the CSV reader (util/csv.h): csv_open over fmemopen of
 * the input, then csv_next until the end or an error. Properties: no crash
 * or undefined behaviour; every record has 1..CSV_MAX_FIELDS fields of
 * valid UTF-8 totalling at most CSV_MAX_LINE bytes; line numbers never go
 * back; an error is a negative ERR_* with a message.
 *
 * Second pass, for one input in eight (it costs ~20 ms: the 1 MiB input
 * buffer's refill path, which small inputs never reach): the same input is read again behind enough empty lines that it
 * straddles the reader's first buffer refill, at a cut point taken from the
 * input's length and last byte, with the delimiter the first pass detected. Empty lines are
 * skipped, so both passes must give the same records (same fields, line
 * numbers shifted by the padding) and the same end or error code.
 *
 * Not for: what columns mean (fuzz_import.c).
 */
#include "fuzz.h"

#include "util/csv.h"
#include "util/text.h"

#define IN_SIZE ((size_t)1 << 20) /* csv.c's input buffer (CSV_IN_SIZE there) */

typedef struct rec {
	char *data; /* fields, each NUL-terminated */
	size_t len, n;
	long line;
} rec;

typedef struct pass {
	rec *recs;
	size_t n, cap;
	int end; /* 0 (end of file) or the error code */
	char sep;
} pass;

static void pass_free(pass *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->recs[i].data);
	free(p->recs);
}

/* Reads all of text[0..len) with separator sep (0: detect) into *out. */
static void read_all(const char *text, size_t len, char sep, pass *out)
{
	memset(out, 0, sizeof *out);
	FILE *f = len ? fmemopen((void *)text, len, "r") : fopen("/dev/null", "r");
	if (!f)
		abort();
	csv_reader *r = NULL;
	err e;
	err_clear(&e);
	int rc = csv_open(f, "fuzz.csv", sep, &r, &e);
	if (rc) {
		if (rc >= 0 || !e.msg[0])
			fz_fail("csv_open failed with rc %d and no message", rc);
		out->end = rc;
		fclose(f);
		return;
	}
	out->sep = csv_sep(r);
	long last_line = 0;
	char **fields;
	size_t n;
	while ((rc = csv_next(r, &fields, &n, &e)) == 1) {
		if (n < 1 || n > CSV_MAX_FIELDS)
			fz_fail("record with %zu fields", n);
		long line = csv_line(r);
		if (line < 1 || line < last_line)
			fz_fail("line %ld after line %ld", line, last_line);
		last_line = line;
		size_t total = 0;
		for (size_t i = 0; i < n; i++) {
			size_t fl = strlen(fields[i]);
			if (!text_utf8_valid(fields[i], fl))
				fz_fail("line %ld field %zu is not valid UTF-8", line, i + 1);
			total += fl + 1;
		}
		if (total - n > CSV_MAX_LINE)
			fz_fail("line %ld: %zu bytes of fields", line, total - n);
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->recs = realloc(out->recs, out->cap * sizeof *out->recs);
			if (!out->recs)
				abort();
		}
		rec *rr = &out->recs[out->n++];
		rr->data = malloc(total);
		if (!rr->data)
			abort();
		rr->len = 0;
		for (size_t i = 0; i < n; i++) {
			size_t fl = strlen(fields[i]) + 1;
			memcpy(rr->data + rr->len, fields[i], fl);
			rr->len += fl;
		}
		rr->n = n;
		rr->line = line;
	}
	if (rc != 0 && (rc > 0 || !e.msg[0]))
		fz_fail("csv_next returned %d with message \"%s\"", rc, e.msg);
	out->end = rc;
	csv_close(r);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pass a;
	read_all((const char *)data, size, 0, &a);

	/* The refill pass: `pad` empty lines, then the input, with the first
	 * buffer ending `cut` bytes into the input. */
	bool bom = size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	if (size == 0 || bom || a.sep == 0 || h % 8 != 0) {
		pass_free(&a);
		return 0;
	}
	size_t cut = 1 + ((size_t)data[size - 1] * 7919 + size) % size; /* 1..size */
	size_t pad = IN_SIZE - cut;
	static char *big;
	static size_t big_cap;
	if (big_cap < pad + size) {
		free(big);
		big_cap = pad + size + 4096;
		big = malloc(big_cap);
		if (!big)
			abort();
	}
	memset(big, '\n', pad);
	memcpy(big + pad, data, size);
	pass b;
	read_all(big, pad + size, a.sep, &b);
	if (a.end != b.end)
		fz_fail("ends differ after a buffer refill: %d without padding, %d with", a.end, b.end);
	if (a.n != b.n)
		fz_fail("%zu records without padding, %zu with", a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		if (a.recs[i].n != b.recs[i].n || a.recs[i].len != b.recs[i].len ||
		    memcmp(a.recs[i].data, b.recs[i].data, a.recs[i].len) != 0)
			fz_fail("record %zu differs after a buffer refill", i + 1);
		if (b.recs[i].line != a.recs[i].line + (long)pad)
			fz_fail("record %zu: line %ld, with padding %ld (pad %zu)", i + 1,
				a.recs[i].line, b.recs[i].line, pad);
	}
	pass_free(&a);
	pass_free(&b);
	return 0;
}
