/*
 * vrow.c - encoding and decoding of the value row (vrow.h):
 * the twelve months of one (unit, year, indicator) in one BLOB.
 *
 * The decoder trusts nothing: every varint is bounded, every name and index
 * checked, and the bytes must end exactly where the row does, so a damaged
 * or hand-edited file gives an error, never a wrong figure.
 *
 * Not for: SQL (store_values.c reads and writes the rows) or what a
 * value means (core/eval.c).
 */
#include "store/vrow.h"

#include <string.h>

void vrow_init(vrow *r)
{
	r->has = r->est = 0;
	for (int m = 0; m < 12; m++) {
		r->amount[m] = 0;
		r->at[m] = 0;
		r->by[m][0] = '\0';
	}
}

void vrow_set(vrow *r, int month, num_t amount, bool estimate, const char *by, int64_t at)
{
	if (month < 1 || month > 12)
		return;
	uint16_t bit = (uint16_t)(1u << (month - 1));
	size_t len = by ? strlen(by) : 0;
	if (len >= WHO_MAX) { /* cut on a UTF-8 character boundary */
		len = WHO_MAX - 1;
		while (len > 0 && ((unsigned char)by[len] & 0xC0) == 0x80)
			len--;
	}
	r->has |= bit;
	r->est = (uint16_t)(estimate ? r->est | bit : r->est & ~bit);
	r->amount[month - 1] = amount;
	r->at[month - 1] = at;
	if (len)
		memcpy(r->by[month - 1], by, len);
	r->by[month - 1][len] = '\0';
}

void vrow_unset(vrow *r, int month)
{
	if (month < 1 || month > 12)
		return;
	uint16_t bit = (uint16_t)(1u << (month - 1));
	r->has = (uint16_t)(r->has & ~bit);
	r->est = (uint16_t)(r->est & ~bit);
	r->amount[month - 1] = 0;
	r->at[month - 1] = 0;
	r->by[month - 1][0] = '\0';
}

/* ---- varints ------------------------------------------------------------ */

static size_t put_uvar(unsigned char *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

static size_t put_svar(unsigned char *p, int64_t v)
{
	/* zigzag: 0, -1, 1, -2 ... -> 0, 1, 2, 3 ... (shift on the unsigned value) */
	uint64_t u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
	return put_uvar(p, u);
}

/* A reader over the bytes; ok turns false on the first bad field. */
typedef struct rd {
	const unsigned char *p, *end;
	bool ok;
} rd;

static uint64_t get_uvar(rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 70; shift += 7) {
		if (r->p >= r->end) {
			r->ok = false;
			return 0;
		}
		unsigned char b = *r->p++;
		if (shift == 63 && b > 1) { /* more than 64 bits */
			r->ok = false;
			return 0;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->ok = false;
	return 0;
}

static int64_t get_svar(rd *r)
{
	uint64_t u = get_uvar(r);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* ---- encode -------------------------------------------------------------- */

size_t vrow_encode(const vrow *r, unsigned char *out)
{
	int name_of[12], n_names = 0, first[12];
	size_t n = 0;
	int64_t base = 0;
	bool have_base = false;

	out[n++] = VROW_FORMAT;
	uint16_t has = r->has & 0x0fff, est = r->est & has;
	out[n++] = (unsigned char)(has & 0xff);
	out[n++] = (unsigned char)(has >> 8);
	out[n++] = (unsigned char)(est & 0xff);
	out[n++] = (unsigned char)(est >> 8);
	/* the distinct names, in the order of their first month */
	for (int m = 0; m < 12; m++) {
		if (!((has >> m) & 1))
			continue;
		int k = 0;
		while (k < n_names && strcmp(r->by[first[k]], r->by[m]) != 0)
			k++;
		if (k == n_names)
			first[n_names++] = m;
		name_of[m] = k;
		if (!have_base) {
			base = r->at[m];
			have_base = true;
		}
	}
	n += put_uvar(out + n, (uint64_t)n_names);
	for (int k = 0; k < n_names; k++) {
		size_t len = strnlen(r->by[first[k]], WHO_MAX - 1);
		n += put_uvar(out + n, len);
		memcpy(out + n, r->by[first[k]], len);
		n += len;
	}
	n += put_svar(out + n, base);
	for (int m = 0; m < 12; m++) {
		if (!((has >> m) & 1))
			continue;
		n += put_svar(out + n, r->amount[m]);
		n += put_uvar(out + n, (uint64_t)name_of[m]);
		/* wrap-around difference: decoded by the same wrap-around add */
		n += put_svar(out + n, (int64_t)((uint64_t)r->at[m] - (uint64_t)base));
	}
	return n;
}

/* ---- decode -------------------------------------------------------------- */

/* The header; false when it is not a version-1 row. */
static bool read_header(rd *r, uint16_t *has, uint16_t *est)
{
	if (r->end - r->p < 5 || r->p[0] != VROW_FORMAT)
		return false;
	*has = (uint16_t)(r->p[1] | r->p[2] << 8);
	*est = (uint16_t)(r->p[3] | r->p[4] << 8);
	r->p += 5;
	return !(*has & 0xf000) && !(*est & ~*has);
}

/* Reads (names != NULL) or skips the name table; returns the count or -1. */
static int read_names(rd *r, uint16_t has, const unsigned char *name_at[12], size_t name_len[12])
{
	uint64_t count = get_uvar(r);
	int present = __builtin_popcount(has);
	if (!r->ok || count > (uint64_t)present || (present > 0 && count == 0))
		return -1;
	for (uint64_t k = 0; k < count; k++) {
		uint64_t len = get_uvar(r);
		if (!r->ok || len >= WHO_MAX || len > (uint64_t)(r->end - r->p))
			return -1;
		if (name_at) {
			name_at[k] = r->p;
			name_len[k] = (size_t)len;
		}
		r->p += len;
	}
	return (int)count;
}

/* The common walk; by/at NULL skip the copies. */
static int decode(const void *data, size_t n, uint16_t *has_out, uint16_t *est_out,
		  num_t amount[12], int64_t at[12], char (*by)[WHO_MAX])
{
	const unsigned char *name_at[12];
	size_t name_len[12];
	uint16_t has = 0, est = 0;
	int n_names;

	*has_out = *est_out = 0;
	if (!data) /* SQLite gives NULL for an empty BLOB */
		return -1;
	rd r = { .p = data, .end = (const unsigned char *)data + n, .ok = true };
	if (!read_header(&r, &has, &est))
		return -1;
	if ((n_names = read_names(&r, has, by ? name_at : NULL, name_len)) < 0)
		return -1;
	int64_t base = get_svar(&r);
	for (int m = 0; m < 12 && r.ok; m++) {
		if (!((has >> m) & 1))
			continue;
		int64_t a = get_svar(&r);
		uint64_t k = get_uvar(&r);
		int64_t d = get_svar(&r);
		if (!r.ok || k >= (uint64_t)n_names || a > NUM_MAX || a < -NUM_MAX)
			return -1;
		amount[m] = a;
		if (at)
			at[m] = (int64_t)((uint64_t)base + (uint64_t)d);
		if (by) {
			memcpy(by[m], name_at[k], name_len[k]);
			by[m][name_len[k]] = '\0';
		}
	}
	if (!r.ok || r.p != r.end)
		return -1;
	*has_out = has;
	*est_out = est;
	return 0;
}

int vrow_decode(const void *data, size_t n, vrow *out)
{
	vrow_init(out);
	if (decode(data, n, &out->has, &out->est, out->amount, out->at, out->by) != 0) {
		vrow_init(out);
		return -1;
	}
	return 0;
}

int vrow_decode_amounts(const void *data, size_t n, uint16_t *has, uint16_t *est,
			num_t amount[12])
{
	for (int m = 0; m < 12; m++)
		amount[m] = 0;
	if (decode(data, n, has, est, amount, NULL, NULL) != 0) {
		for (int m = 0; m < 12; m++)
			amount[m] = 0;
		return -1;
	}
	return 0;
}

int vrow_count(const void *data, size_t n)
{
	uint16_t has = 0, est = 0;
	if (!data)
		return -1;
	rd r = { .p = data, .end = (const unsigned char *)data + n, .ok = true };
	if (!read_header(&r, &has, &est))
		return -1;
	return __builtin_popcount(has);
}
