/*
 * demo_int.h - internal to the demo module: the shape of the demo catalogue
 * (demo_catalog.c) that the generator (demo.c) walks. Each indicator row holds
 * its model fields plus the few numbers the generator needs (the 2019 figure,
 * the yearly trend, a seasonal profile, how wards share it, the years whose
 * target is missed); the real figures of DOMAIN.md §3 are separate override
 * tables so they are easy to find and check.
 *
 * Not for: anything outside src/demo (the public face is demo.h).
 */
#ifndef CHITIEU_DEMO_INT_H
#define CHITIEU_DEMO_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/vnfmt.h"
#include "util/err.h"

#define DEMO_Y0 2019     /* first year of values and targets */
#define DEMO_NY 6        /* 2019..2024 */
#define DEMO_NWARD 8     /* wards and communes of Bắc Kạn city */
#define DEMO_CITY "058"
#define DEMO_NU (1 + DEMO_NWARD) /* unit 0 = the city, 1..8 = the wards of demo_ward_codes */
#define DEMO_LIVE_Y0 2025 /* first year of the second pass (demo_live.c) */

/* Years whose city target is not met: bit (year - DEMO_Y0). */
#define DY(y) (1u << ((y) - DEMO_Y0))

/* Row flags. */
enum demo_flag {
	DF_AUX = 1 << 0,      /* no targets: a numerator, denominator, weight or detail */
	DF_BYOTHER = 1 << 1,  /* its values are made by another row (a ratio's numerator, QP03's details) */
	DF_OWN = 1 << 2,      /* the city adopts its own figure besides the province's */
	DF_WARD_TGT = 1 << 3, /* wards get targets too */
	DF_XOFY = 1 << 4,     /* target shown as "X/Y" */
	DF_REDUCE = 1 << 5,   /* "reduce to" targets with a baseline */
	DF_CHANGE = 1 << 6,   /* "fewer than last year" (change 0 %) from 2020 */
	DF_BUDGET = 1 << 7,   /* budget revenue: the city enters its own figure, wards theirs */
	DF_MILITARY = 1 << 8, /* military recruitment: also makes the QS detail rows */
	DF_STEADY = 1 << 9,   /* no yearly jitter */
};

/* Seasonal profiles (monthly weights). */
enum demo_profile { DP_FLAT, DP_RETAIL, DP_BUDGET, DP_AGRI, DP_TOURISM, DP_PLANTING, DP_COUNT_ };

/* How a figure is shared among the 8 wards. */
enum demo_share { DS_URBAN, DS_RURAL, DS_POP, DS_LAND, DS_COUNT_ };

typedef struct demo_ind {
	const char *code, *name_vi, *name_en, *uom;
	int uom_scale, decimals;
	ind_sector sector;
	ind_kind kind;
	ind_direction dir;
	ind_rollup rollup;
	ind_freq freq;
	const char *agency;
	const char *num, *den, *weight; /* codes or NULL */
	double base;   /* the 2019 figure: year total (flow), year-end level, ratio % */
	double growth; /* relative change per year */
	double cap;    /* upper bound of the figure (100 for %); 0 = none */
	int profile;   /* enum demo_profile */
	int share;     /* enum demo_share */
	unsigned miss; /* DY() bits: years whose city target is not met */
	unsigned flags;/* enum demo_flag */
} demo_ind;

/* A real (or fixed) year figure of the city: replaces the generated one. */
typedef struct demo_fix {
	const char *code;
	int year;
	double figure;
} demo_fix;

/* A real sum over months m_from..m_to of a year (city figure). */
typedef struct demo_seg {
	const char *code;
	int year, m_from, m_to;
	double sum;
} demo_seg;

/* A target of the city given as such (replaces the generated ones of that year). */
typedef struct demo_tgt {
	const char *code;
	int year_from, year_to;
	target_kind kind;
	target_source source;
	double value;
	double baseline; /* TGT_REDUCE_TO; 0 = none */
	const char *note;
} demo_tgt;

extern const demo_ind demo_inds[];
extern const size_t demo_n_inds;
extern const demo_fix demo_fixes[];
extern const size_t demo_n_fixes;
extern const demo_seg demo_segs[];
extern const size_t demo_n_segs;
extern const demo_tgt demo_tgts[];
extern const size_t demo_n_tgts;

/* The other names of an indicator of the demo (issue #19), "" for none. */
const char *demo_synonyms_of(const char *code);

/* Monthly seasonal weights, [profile][month-1]. */
extern const double demo_profiles[DP_COUNT_][12];
/* Base ward shares, [share][ward], wards in code order (see demo.c). */
extern const double demo_shares[DS_COUNT_][DEMO_NWARD];

/* The wards and communes of the city, in code order (demo.c). */
extern const char *const demo_ward_codes[DEMO_NWARD];

/* The last seed year (2024) as the first pass made it: the figures of
 * indicator i (catalogue order) for unit u (0 = city, 1..8 = wards) in slot
 * k (0..11, the period's last month - 1), with has bits per (i, u). */
typedef struct demo_base {
	const num_t *v;       /* [(i * DEMO_NU + u) * 12 + k] */
	const uint16_t *has;  /* [i * DEMO_NU + u] */
} demo_base;

/*
 * The second pass (demo_live.c): figures from January 2025 up to the month
 * of today (the old units to 30/06/2025, the wards DX2025 and BK2025 from
 * 01/07/2025), targets of 2025 up to today's year, drawn from their own
 * seed so the seed years never change. Entry times are never after now
 * (unix time): a period's figures are entered on the 20th of its last month
 * when that time has passed; today's month is entered in part. Writes
 * through b inside the demo's transaction; counts into st. Does nothing
 * when today is before 2025.
 */
struct store;
struct store_bulk;
struct demo_stats;
int demo_live_write(struct store *s, struct store_bulk *b, const demo_base *base, cdate today, int64_t now,
		    struct demo_stats *st, err *e);

/* Writes the meetings and tasks of 2022 (demo_tasks.c) inside the demo's
 * transaction; adds nothing when they are already there. */
int demo_tasks_create(struct store *s, err *e);

/* Writes a briefing of a few days before today and its tasks (some due
 * soon, one overdue, one done) for the wards DX2025 and BK2025, so the tasks
 * page has today's work; nothing before July 2025 or when already there. */
int demo_tasks_today(struct store *s, cdate today, err *e);

#endif
