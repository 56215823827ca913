/*
 * vrow.h - the value row: the twelve months of one (unit, year,
 * indicator) packed into one BLOB of the value_year table (schema v8).
 *
 * One row per (unit, year, indicator) instead of one per month makes a bulk
 * load a twelfth of the B-tree inserts and the file a third of the size
 * (docs/internals/scale.md, "The value row"). Each month keeps everything
 * the one-row-per-month table kept: amount, estimate flag, who entered it
 * and when.
 *
 * The format (little-endian, version 1):
 *   byte 0       1 (the format)
 *   bytes 1-2    has: bit m-1 set when month m has a value (bits 12-15 zero)
 *   bytes 3-4    est: bit m-1 set when month m is an estimate (within has)
 *   varint       n_names, then n_names times: varint length, the bytes
 *   zigzag       base_at, the time of the first month present
 *   per month in has, in order: zigzag amount, varint name index,
 *                zigzag (at - base_at)
 * Varints are LEB128 (7 bits a byte, low first, at most 10 bytes). A bulk
 * row (one writer, one time) costs 5 + 1 + len + 5 + 12 x (amount + 2)
 * bytes.
 *
 * A pure codec: no SQLite, no allocation. Not for: what a value means
 * (core/eval.c), keeping roll-ups (store_rollup.c).
 */
#ifndef CHITIEU_STORE_VROW_H
#define CHITIEU_STORE_VROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

#define VROW_FORMAT 1
/* The largest encoding: header, 12 names of WHO_MAX-1 bytes, 13 varints of
 * 10 bytes, 12 one-byte indexes. */
#define VROW_MAX (5 + 1 + 12 * (2 + WHO_MAX) + 10 + 12 * 21)

/* One row decoded. by[m] is "" for months not in has. */
typedef struct vrow {
	uint16_t has, est; /* bit m-1 for month m */
	num_t amount[12];
	int64_t at[12];
	char by[12][WHO_MAX];
} vrow;

/* An empty row (no month). */
void vrow_init(vrow *r);

/* Sets month (1..12); by is cut to at most WHO_MAX-1 bytes on a UTF-8
 * character boundary (the store refuses longer names before). */
void vrow_set(vrow *r, int month, num_t amount, bool estimate, const char *by, int64_t at);

/* Removes month (1..12). */
void vrow_unset(vrow *r, int month);

/* True when month (1..12) has a value. */
static inline bool vrow_has(const vrow *r, int month)
{
	return month >= 1 && month <= 12 && (r->has >> (month - 1)) & 1u;
}

/* Encodes r into out (VROW_MAX bytes); returns the length. */
size_t vrow_encode(const vrow *r, unsigned char *out);

/* Decodes a whole row; 0, or -1 when the bytes are not a valid row (the
 * row is then empty). Checks every field, so any bytes are safe to give. */
int vrow_decode(const void *data, size_t n, vrow *out);

/* Only the masks and amounts (the evaluation's and the roll-ups' path):
 * skips names and times; same checks and result as vrow_decode. */
int vrow_decode_amounts(const void *data, size_t n, uint16_t *has, uint16_t *est,
			num_t amount[12]);

/* The number of months present, or -1 for invalid bytes (cheap: the header). */
int vrow_count(const void *data, size_t n);

#endif
