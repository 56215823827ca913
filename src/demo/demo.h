/*
 * demo.h - the demo database: Bắc Kạn city (058) with its 8 wards and
 * communes in Bắc Kạn province (06), about 65 indicators across all sectors,
 * targets for 2019-2024 and monthly values 2019-2024 (and, with
 * demo_create_to, up to today), generated
 * deterministically (a fixed-seed generator, no clock, no randomness from
 * outside) so that every real figure of DOMAIN.md §3 comes out as reported,
 * and the 2025 merger into Thái Nguyên recorded.
 *
 * Not for: benchmarks at province or nation scale (bench/).
 */
#ifndef CHITIEU_DEMO_H
#define CHITIEU_DEMO_H

#include <stdint.h>

#include "core/vnfmt.h"
#include "util/err.h"

struct store;

typedef struct demo_stats {
	long units, agencies, indicators, targets, values;
} demo_stats;

/*
 * Writes the whole demo into s (an empty or demo database) in one
 * transaction. Running it twice gives the same database. progress may be
 * NULL; it is called with (done, total) steps.
 */
int demo_create(struct store *s, demo_stats *st,
		void (*progress)(void *ctx, long done, long total), void *ctx, err *e);

/*
 * demo_create, then the demo's second pass up to today (the program's
 * today: $CHITIEU_TODAY or the clock): figures of 2025 up to today's month,
 * targets of 2025 up to today's year, a briefing of a few days ago and its
 * tasks. Every entry time is at most now (unix time). The seed years
 * 2019-2024 come out exactly as demo_create makes them; a today before 2025
 * adds nothing.
 */
int demo_create_to(struct store *s, demo_stats *st, cdate today, int64_t now,
		   void (*progress)(void *ctx, long done, long total), void *ctx, err *e);

#endif
