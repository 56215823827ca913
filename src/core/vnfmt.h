/*
 * vnfmt.h - Vietnamese numbers and dates, printed and parsed exactly as
 * DOMAIN.md §5 says: decimal comma, dot thousands ("1.739,5"), rounding half
 * away from zero on the decimal value (50,58 never prints as 50,579999),
 * two-digit padding of small counts ("06 tháng"), dd/mm/yyyy dates and the
 * Decree 30/2020 date line ("ngày 05 tháng 02 năm 2026").
 *
 * Amounts are fixed-point: num_t holds the value times NUM_SCALE (4 decimal
 * places), so sums are exact and re-importing a value compares exactly.
 * Derived figures (percentages) are doubles and are formatted through their
 * shortest round-trip decimal form before rounding.
 *
 * Not for: units of measure, period names (period.h), terminal layout.
 */
#ifndef CHITIEU_VNFMT_H
#define CHITIEU_VNFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

typedef int64_t num_t;
#define NUM_SCALE 10000        /* 4 decimal places */
#define NUM_DECIMALS 4
#define NUM_MAX ((num_t)900000000000000000LL) /* |value| <= 9e13 in display units */

/* Converts a whole number to num_t (no overflow check: for constants and tests). */
#define NUM_INT(n) ((num_t)(n) * NUM_SCALE)

/* num_t -> double (for ratios and percentages). */
double num_to_double(num_t v);

/*
 * double -> num_t, rounding half away from zero at the 4th decimal of the
 * shortest decimal form of x. Returns 0, or ERR_INVALID for NaN/inf/out of range.
 */
int num_from_double(double x, num_t *out);

/*
 * Appends v in Vietnamese form with exactly `decimals` decimal places
 * (0..4), rounding half away from zero: vn_format_num(b, 17395000, 1) ->
 * "1.739,5". decimals < 0 means "as many as needed" (trailing zeros dropped).
 */
int vn_format_num(buf *b, num_t v, int decimals);

/*
 * Appends x in Vietnamese form with `decimals` places (0..9), rounding half
 * away from zero on the shortest round-trip decimal form of x, so 50.58 (held
 * as 50.579999...) prints "50,58". NaN/inf append nothing and return ERR_INVALID.
 */
int vn_format_double(buf *b, double x, int decimals);

/*
 * Appends a count padded to two digits as administrative prose writes it:
 * 6 -> "06", 13 -> "13", 0 -> "0" (zero is not padded), negative as is.
 */
int vn_format_count2(buf *b, long n);

/*
 * Appends a change on the same period a year before, pct in percent, as an
 * office writes it: "tăng 4,85%", "giảm 2,99%", "không thay đổi" when it
 * rounds to 0,00; growth over 100% as a multiple of last year's figure,
 * "gấp N lần" with N = 1 + pct/100 rounded half away from zero to one
 * decimal below 10 and to a whole number from 10 up, a trailing ",0"
 * dropped: 1200 -> "gấp 13 lần", 150 -> "gấp 2,5 lần", 100 -> "tăng
 * 100,00%". NaN/inf append nothing and return ERR_INVALID.
 */
int vn_format_change(buf *b, double pct);

/*
 * Parses a number as users type it. Vietnamese form first: "1.739,5",
 * "1739,5", "-0,25", "315.000". A lone dot that cannot be a thousands
 * separator is read as a decimal point ("1739.5", "0.25"). Anything
 * ambiguous or mixed ("1,739.5", "1.73.9", "1,2,3") is refused with a
 * message that shows the Vietnamese form. Surrounding spaces are ignored; at
 * most 4 decimal places; |value| <= NUM_MAX / NUM_SCALE.
 * Returns 0 or ERR_INVALID (message in e, quoting the input).
 */
int vn_parse_num(const char *s, num_t *out, err *e);

/*
 * Parses a number as DHIS2 and other machines write it: an optional sign,
 * digits, an optional '.' and decimals, an optional exponent ("1.5E3",
 * "25e-2"). The dot is the decimal point ("1.234" is 1,234); there are no
 * thousands separators, so a comma is refused, and so is "1,739.5".
 * Surrounding spaces are ignored; at most 4 decimal places (more only when
 * they are zeros); |value| <= NUM_MAX / NUM_SCALE. Returns 0 or
 * ERR_INVALID (message in e, quoting the input). For what DHIS2 clients
 * send (POST /api/dataValueSets); people's typing goes to vn_parse_num.
 */
int num_parse_dot(const char *s, num_t *out, err *e);

/* A calendar date. */
typedef struct cdate {
	int y, m, d; /* {0,0,0} means "none" (an open end of validity) */
} cdate;

/* True when d is a real calendar date (1900..9999, Gregorian). */
bool cdate_valid(cdate d);

/* True for the {0,0,0} "none" date. */
bool cdate_is_none(cdate d);

/* Compares two valid dates: <0, 0, >0. */
int cdate_cmp(cdate a, cdate b);

/* Days in month m of year y (1..12), 0 for a bad month. */
int cdate_days_in_month(int y, int m);

/* Days since 1970-01-01 (may be negative); d must be valid. */
long cdate_to_days(cdate d);

/* Inverse of cdate_to_days. */
cdate cdate_from_days(long days);

/* The date in Vietnam (UTC+7) of a Unix time. */
cdate cdate_from_unix_vn(int64_t t);

/* Appends "dd/mm/yyyy". */
int vn_format_date(buf *b, cdate d);

/* Writes "dd/mm/yyyy" of d into dst of size n, or "?" for a date that is not a real day. */
void vn_date_text(cdate d, char *dst, size_t n);

/* Appends "yyyy-mm-dd" (for CSV, JSON and SQL). */
int vn_format_date_iso(buf *b, cdate d);

/*
 * Appends the Decree 30/2020 date line. place may be NULL or "": then only
 * "ngày 30 tháng 6 năm 2022"; else "Bắc Kạn, ngày 05 tháng 02 năm 2026".
 * Days below 10 and months 1 and 2 take a leading zero.
 */
int vn_format_date_line(buf *b, const char *place, cdate d);

/*
 * Parses "dd/mm/yyyy" (also d/m/yyyy) or ISO "yyyy-mm-dd".
 * Returns 0 or ERR_INVALID with a message quoting s.
 */
int vn_parse_date(const char *s, cdate *out, err *e);

/* Appends the Roman numeral of 1..12 ("II" for quarter 2). */
int vn_format_roman(buf *b, int n);

#endif
