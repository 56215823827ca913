/*
 * period.h - reporting periods: month, quarter, half, nine months, year.
 *
 * Codes follow DHIS2 where it has one: "2022" (year), "2022Q2" (quarter),
 * "2022S1" (half), "202206" (month); chitieu adds "2022N9" for the first nine
 * months (DHIS2 has no such period). Labels are the Vietnamese ones reports
 * use: "tháng 6/2022", "quý II/2022", "6 tháng đầu năm 2022",
 * "6 tháng cuối năm 2022", "9 tháng năm 2022", "năm 2022".
 *
 * Also: months covered, cumulative-since-January span, the same period last
 * year, calendar bounds, and the Decree 09/2019 reporting calendar (data
 * window ending on a cut-off day, report due day), configurable.
 *
 * Not for: storing values (store.h) or deciding status (eval.h).
 */
#ifndef CHITIEU_PERIOD_H
#define CHITIEU_PERIOD_H

#include <stdbool.h>

#include "core/vnfmt.h"
#include "util/buf.h"
#include "util/err.h"

typedef enum period_type {
	PERIOD_MONTH = 1,
	PERIOD_QUARTER = 2,
	PERIOD_HALF = 3,
	PERIOD_NINE_MONTHS = 4, /* January to September */
	PERIOD_YEAR = 5,
} period_type;

typedef struct period {
	period_type type;
	int year;  /* 1900..9999 */
	int index; /* month 1..12, quarter 1..4, half 1..2; 1 for nine months and year */
} period;

/*
 * Parses a period code. Returns 0 or ERR_INVALID with a message quoting the
 * code and saying what is wrong ("202213": there is no month 13).
 */
int period_parse(const char *code, period *out, err *e);

/*
 * When code is a DHIS2 period that chitieu cannot hold, what it is in
 * Vietnamese ("kỳ ngày (daily)", "kỳ tuần (weekly)", "năm tài chính
 * (financial year)" ...); NULL otherwise (a period chitieu holds, or
 * something that is no period at all). For the import's conflict.
 */
const char *period_unheld(const char *code);

/* True when p is a well-formed period. */
bool period_valid(const period *p);

/* Appends the code ("202206", "2022Q2", ...). */
int period_format_code(buf *b, const period *p);

/* The code into out (n bytes, 16 are enough): 0, or ERR_INVALID ("kỳ không hợp lệ" in e, which may
 * be NULL) for a malformed period or too small a room. */
int period_code_str(const period *p, char *out, size_t n, err *e);

/* Appends the Vietnamese label ("tháng 6/2022", "quý II/2022", ...). */
int period_format_label(buf *b, const period *p);

/* Writes that label into dst of size n, for messages ("6/2022" if it cannot be made). */
void period_label_text(const period *p, char *dst, size_t n);

/* First and last month (1..12) the period covers. */
int period_first_month(const period *p);
int period_last_month(const period *p);

/* Number of months covered. */
int period_months(const period *p);

/* The same period one year earlier. */
period period_same_last_year(const period *p);

/* The month period {MONTH, year, m}. */
period period_month(int year, int month);

/* The period of the given type that ends in (year, month), if one does
 * (e.g. type QUARTER and month 6 -> 2022Q2). Returns false if none does. */
bool period_ending_in(period_type type, int year, int month, period *out);

/* The first and last calendar days of the period. */
cdate period_start_date(const period *p);
cdate period_end_date(const period *p);

/* Compares by end date, then by length (shorter first): <0, 0, >0. */
int period_cmp(const period *a, const period *b);

/* The reporting calendar of Decree 09/2019/NĐ-CP art. 12, configurable. */
typedef struct period_calendar {
	int cutoff_day; /* data window ends on this day of the period's last month (14) */
	int due_day;    /* report due on this day of the period's last month (25); 0 = end of month */
	int due_months_after; /* 0: due in the period's last month; 1: in the month after */
} period_calendar;

/* The Decree 09 defaults: window 15th of previous month .. 14th, due on the 25th. */
extern const period_calendar PERIOD_CALENDAR_DECREE09;

/*
 * The data window of a period under a calendar: from the day after the
 * cut-off in the month before the period starts, to the cut-off day of its
 * last month (e.g. June 2022: 15/05/2022 .. 14/06/2022; year 2022:
 * 15/12/2021 .. 14/12/2022).
 */
void period_data_window(const period *p, const period_calendar *cal, cdate *from, cdate *to);

/* The day the period's report is due under cal (June 2022 -> 25/06/2022). */
cdate period_due_date(const period *p, const period_calendar *cal);

/* Type names for help and errors: "month", "quarter", ... and Vietnamese "tháng", "quý", ... */
const char *period_type_name(period_type t);
const char *period_type_name_vi(period_type t);

#endif
