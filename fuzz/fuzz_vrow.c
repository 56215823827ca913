/*
 * fuzz_vrow.c - fuzzes the value row decoder (store/vrow.h) on
 * arbitrary bytes, as a damaged or hand-edited value_year BLOB would give.
 * Properties: no crash, undefined behaviour or read past the bytes (the
 * input is copied into a buffer of exactly its size); vrow_decode and
 * vrow_decode_amounts accept and refuse the same inputs, with the same masks
 * and amounts; a refused row is left empty; an accepted row is well formed
 * (no month beyond 12, estimates within the months present, amounts within
 * +-NUM_MAX, names shorter than WHO_MAX), vrow_count gives its number of
 * months, and encode(decode(x)) fits VROW_MAX, decodes to the same row and
 * encodes again to the same bytes.
 *
 * Not for: the round trips of chosen rows and the refusals one by one
 * (tests/unit/test_vrow.c lists them).
 */
#include "fuzz.h"

#include "store/vrow.h"

static bool same_row(const vrow *a, const vrow *b)
{
	if (a->has != b->has || a->est != b->est)
		return false;
	for (int m = 0; m < 12; m++)
		if (a->amount[m] != b->amount[m] || a->at[m] != b->at[m] ||
		    strcmp(a->by[m], b->by[m]) != 0)
			return false;
	return true;
}

/* A refused row is empty: no month, zero amounts and times, empty names. */
static void check_empty(const vrow *r, size_t size)
{
	vrow z;
	vrow_init(&z);
	if (!same_row(r, &z))
		fz_fail("%zu bytes refused but the row is not empty (has %04x)", size, r->has);
}

/* The fields of an accepted row are within the format's limits. */
static void check_well_formed(const vrow *r, size_t size)
{
	if (r->has & 0xf000 || r->est & ~r->has)
		fz_fail("%zu bytes: has %04x, est %04x", size, r->has, r->est);
	for (int m = 0; m < 12; m++) {
		if (r->amount[m] > NUM_MAX || r->amount[m] < -NUM_MAX)
			fz_fail("%zu bytes: month %d amount %lld beyond NUM_MAX", size, m + 1,
				(long long)r->amount[m]);
		if (strnlen(r->by[m], WHO_MAX) >= WHO_MAX)
			fz_fail("%zu bytes: month %d name not terminated", size, m + 1);
		if (!vrow_has(r, m + 1) && (r->amount[m] || r->at[m] || r->by[m][0]))
			fz_fail("%zu bytes: month %d absent but filled", size, m + 1);
	}
}

/* encode(decode(x)) decodes to the same row and is canonical. */
static void check_reencode(const vrow *r, size_t size)
{
	unsigned char enc[VROW_MAX], again[VROW_MAX];
	vrow back;
	size_t n = vrow_encode(r, enc);
	if (n > VROW_MAX)
		fz_fail("%zu bytes: re-encoded to %zu bytes, more than VROW_MAX", size, n);
	if (vrow_decode(enc, n, &back) != 0)
		fz_fail("%zu bytes: the re-encoding (%zu bytes) does not decode", size, n);
	if (!same_row(r, &back))
		fz_fail("%zu bytes: the re-encoding decodes to another row", size);
	if (vrow_encode(&back, again) != n || memcmp(enc, again, n) != 0)
		fz_fail("%zu bytes: encoding is not canonical", size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes on the heap: ASan catches a read past them */
	unsigned char *copy = malloc(size ? size : 1);
	vrow r;
	uint16_t has = 0xffff, est = 0xffff;
	num_t amount[12];

	if (!copy)
		abort();
	if (size)
		memcpy(copy, data, size);
	memset(&r, 0x5a, sizeof r);
	int rc = vrow_decode(copy, size, &r);
	int rc2 = vrow_decode_amounts(copy, size, &has, &est, amount);
	int count = vrow_count(copy, size);
	free(copy);

	if (rc != 0 && rc != -1)
		fz_fail("vrow_decode returned %d", rc);
	if (rc2 != rc)
		fz_fail("%zu bytes: vrow_decode %d but vrow_decode_amounts %d", size, rc, rc2);
	if (has != r.has || est != r.est)
		fz_fail("%zu bytes: masks differ (%04x/%04x, %04x/%04x)", size, has, r.has, est, r.est);
	for (int m = 0; m < 12; m++)
		if (amount[m] != r.amount[m])
			fz_fail("%zu bytes: month %d amounts differ", size, m + 1);
	if (rc) {
		check_empty(&r, size);
		return 0;
	}
	if (count != __builtin_popcount(r.has))
		fz_fail("%zu bytes: vrow_count %d, %d months decoded", size, count,
			__builtin_popcount(r.has));
	check_well_formed(&r, size);
	check_reencode(&r, size);
	return 0;
}
