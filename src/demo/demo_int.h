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

#include "core/model.h"
#include "util/err.h"

#define DEMO_Y0 2019     /* first year of values and targets */
#define DEMO_NY 6        /* 2019..2024 */
#define DEMO_NWARD 8     /* wards and communes of Bắc Kạn city */
#define DEMO_CITY "058"

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

/* Writes the meetings and tasks of 2022 (demo_tasks.c) inside the demo's
 * transaction; adds nothing when they are already there. */
struct store;
int demo_tasks_create(struct store *s, err *e);

#endif
