/*
 * fuzz_adx.c - libFuzzer harness of the ADX reader and its periods
 * (core/adx.h). The first byte picks what the rest is: odd, a period such as
 * "2022-06-01/P1M"; even, a whole ADX document read row by row as the import
 * reads it. Properties: nothing crashes or leaks; a refusal always has a
 * message; a period read formats back to the same interval and to a valid
 * chitieu period; a row handed over either is marked bad with a field and a
 * message, or names its unit, a chitieu period code that period_parse reads
 * back, a dataElement and a value; the reader ends in a bounded number of rows.
 *
 * Not for: the import's checks on the rows (fuzz_import covers them).
 */
#include "fuzz_reader.h"

#include "core/adx.h"

static void fuzz_period(const char *s)
{
	period p;
	err e;
	err_clear(&e);
	if (adx_period_parse(s, &p, &e)) {
		if (!e.msg[0])
			fz_fail("adx_period_parse refused \"%s\" without a message", s);
		return;
	}
	if (!period_valid(&p))
		fz_fail("adx_period_parse(\"%s\") gave an invalid period", s);
	buf b;
	buf_init(&b, 64);
	if (adx_period_format(&b, &p))
		fz_fail("adx_period_format failed for \"%s\"", s);
	period q;
	if (adx_period_parse(buf_cstr(&b), &q, &e) || q.type != p.type || q.year != p.year || q.index != p.index)
		fz_fail("\"%s\" -> \"%s\" does not read back", s, buf_cstr(&b));
	buf_free(&b);
}

/* A good ADX row: its unit, period, indicator and value given and named, the period a chitieu code. */
static void good_row(const import_in *in)
{
	for (int k = 0; k < IMPORT_F_ESTIMATE; k++)
		if (!in->text[k] || !in->name[k])
			fz_fail("a good row lacks field %d", k);
	period p;
	err pe;
	if (period_parse(in->text[IMPORT_F_PERIOD], &p, &pe))
		fz_fail("the row's period \"%s\" is not a chitieu code", in->text[IMPORT_F_PERIOD]);
}

static void fuzz_doc(const char *data, size_t size)
{
	adx_reader *r = NULL;
	err e;
	err_clear(&e);
	if (adx_reader_new(data, size, &r, &e))
		fz_fail("adx_reader_new failed: %s", e.msg);
	fz_read_rows("adx_next", adx_next, r, size, good_row);
	adx_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		char *s = fz_cstr(data + 1, size - 1);
		fuzz_period(s);
		free(s);
	} else {
		fuzz_doc((const char *)data + 1, size - 1);
	}
	return 0;
}
