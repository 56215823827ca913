/*
 * completeness.h - who has reported (issue #13, item 4): for a unit's
 * children valid in a year (the unit itself when it has none), and each
 * month of the year, whether the figures the child owes are entered
 * (nothing, partly, all), on time or late against their periods' deadlines
 * (lock.h: the reporting calendar plus the grace days), and per month the
 * reporting rate: of the children owing figures, those that entered all of
 * them by the deadline.
 *
 * What a child owes: the indicators it reported in the year or the year
 * before, or holds a target of for the year (the due list's rule), each in
 * the months that end one of its periods (a monthly indicator every month, a
 * quarterly one in March, June, September and December, a yearly one in
 * December). A figure is late when it was last entered after its period's
 * deadline (Vietnam days); a month is due once the latest deadline of its
 * owed periods has passed.
 *
 * Not for: approval states (submitted, approved: later), who may see the
 * table (the faces ask auth), the wording of the report.
 */
#ifndef CHITIEU_COMPLETENESS_H
#define CHITIEU_COMPLETENESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

typedef enum compl_state {
	COMPL_NOT_OWED, /* owes nothing that month */
	COMPL_NOTHING,  /* owes figures, entered none */
	COMPL_PARTLY,   /* entered some of them */
	COMPL_ALL,      /* entered all of them */
} compl_state;

/* One child in one month. */
typedef struct compl_cell {
	compl_state state;
	int owed, entered; /* figures owed that month, and entered */
	bool due;          /* the month's latest deadline has passed */
	bool late;         /* a figure entered after its deadline, or due and not all entered */
	cdate deadline;    /* the latest deadline of the periods owed that month (none when not owed) */
	int64_t last_at;   /* the latest entry among them (Unix seconds), 0 when none */
	char approval[16]; /* the month's approval state (core/approval.h): "draft" unless acted on */
	bool final;        /* approved and, where the configuration asks for it, accepted */
	bool accept_due;   /* approved, waiting for the acceptance the configuration asks for */
} compl_cell;

typedef struct compl_table {
	int year;
	cdate today;          /* the day it was judged on */
	unit *units;          /* the children (or the unit), by code */
	size_t n_units;
	compl_cell *cells;    /* [u * 12 + month - 1] */
	int owing[12];        /* per month: children owing figures */
	int on_time[12];      /* of them, those with all entered and none late */
} compl_table;

/*
 * Builds the table of unit_code's children for `year`, judged on `today`
 * (a Vietnam date). ERR_NOTFOUND for an unknown unit, ERR_INVALID for a year
 * outside 1900..9999. Free with compl_free.
 */
int compl_build(store *s, const char *unit_code, int year, cdate today, compl_table *out, err *e);

void compl_free(compl_table *t);

/* The state of a cell as a word: "not_owed", "nothing", "partly", "all". */
const char *compl_state_code(compl_state s);

/*
 * Appends the table as JSON: {unit, year, today, months: [{month, owing, on_time,
 * rate}], units: [{code, name, cells: [{month, state, owed, entered, due,
 * late, deadline, last_at, approval}]}]}; rate is null for a month nobody owes.
 */
int compl_json(buf *b, const char *unit_code, const compl_table *t);

/*
 * Appends the report's sentence for a month: "8/8 xã, phường gửi đủ số liệu
 * tháng 6/2022 đúng hạn" or "6/8 ...; chưa đủ hoặc muộn: 01837, 01840".
 * Nothing when nobody owes figures that month.
 */
int compl_sentence(buf *b, const compl_table *t, int month);

#endif
