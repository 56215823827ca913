/*
 * vnfmt.c - Vietnamese numbers and dates (see vnfmt.h and
 * docs/internals/vnfmt.md): fixed-point amounts printed with a decimal comma
 * and dot thousands, doubles printed through their shortest round-trip
 * decimal form, the number parser that refuses ambiguous input, calendar
 * dates and the Decree 30/2020 date line.
 *
 * Not for: period names (period.c), units of measure, terminal layout.
 * Nothing here allocates except through the caller's buf.
 */
#include "core/vnfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixed point <-> double ------------------------------------------- */

double num_to_double(num_t v)
{
	return (double)v / NUM_SCALE;
}

/*
 * The shortest decimal form of a finite x: the digits (no dot, no sign,
 * NUL-terminated, first digit non-zero unless x is 0) and the power of ten
 * of the first digit. Returns the number of digits. dig must hold 24 bytes.
 */
static int shortest_digits(double x, char *dig, int *exp10, bool *neg)
{
	char tmp[40];
	*neg = signbit(x) != 0;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, x);
		if (strtod(tmp, NULL) == x || prec == 17)
			break;
	}
	const char *p = tmp;
	if (*p == '-')
		p++;
	int n = 0;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && n < 23)
			dig[n++] = *p;
	dig[n] = '\0';
	*exp10 = (*p == 'e') ? atoi(p + 1) : 0;
	return n;
}

/*
 * Rounds the shortest decimal form of |x| half away from zero to `decimals`
 * places and writes the scaled integer |x| * 10^decimals as a digit string
 * into out (size n, no leading zeros, "0" for zero). Returns its length or
 * -1 if it does not fit.
 */
static int round_decimal(double x, int decimals, char *out, size_t n, bool *neg)
{
	/* Fast path (the dashboards print thousands of these): for a small
	 * scaled value, x * 10^decimals differs from the shortest form scaled by
	 * far less than 1e-6, so rounding it gives the same digits unless it sits
	 * within 1e-6 of a half; those, and large values, take the exact path. */
	static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
	if (isfinite(x) && decimals >= 0 && decimals <= 8) {
		double y = fabs(x) * pow10[decimals];
		double f = y - floor(y);
		if (y < 1e8 && fabs(f - 0.5) > 1e-6) {
			*neg = signbit(x) != 0;
			int len = snprintf(out, n, "%lld", (long long)floor(y + 0.5));
			return len > 0 && (size_t)len + 2 <= n ? len : -1;
		}
	}
	char dig[24];
	int e;
	int nd = shortest_digits(x, dig, &e, neg);
	long keep = (long)e + decimals + 1; /* digits of dig kept */
	size_t len = 0;
	bool up = false;
	if (keep <= 0) {
		up = keep == 0 && dig[0] >= '5';
		if (n < 2)
			return -1;
		out[len++] = up ? '1' : '0';
		out[len] = '\0';
		return (int)len;
	}
	if (keep >= nd) {
		if ((size_t)keep + 2 > n)
			return -1;
		memcpy(out, dig, (size_t)nd);
		memset(out + nd, '0', (size_t)(keep - nd));
		len = (size_t)keep;
	} else {
		if ((size_t)keep + 2 > n)
			return -1;
		memcpy(out, dig, (size_t)keep);
		len = (size_t)keep;
		up = dig[keep] >= '5';
	}
	out[len] = '\0';
	if (up) {
		long i = (long)len - 1;
		while (i >= 0 && out[i] == '9')
			out[i--] = '0';
		if (i >= 0) {
			out[i]++;
		} else {
			memmove(out + 1, out, len + 1);
			out[0] = '1';
			len++;
		}
	}
	/* strip leading zeros (x = 0 gives "0") */
	size_t z = 0;
	while (z + 1 < len && out[z] == '0')
		z++;
	if (z) {
		memmove(out, out + z, len - z + 1);
		len -= z;
	}
	return (int)len;
}

int num_from_double(double x, num_t *out)
{
	if (!isfinite(x) || fabs(x) > 1e14)
		return ERR_INVALID;
	char d[48];
	bool neg;
	int len = round_decimal(x, NUM_DECIMALS, d, sizeof d, &neg);
	if (len < 0 || len > 18)
		return ERR_INVALID;
	num_t v = 0;
	for (int i = 0; i < len; i++)
		v = v * 10 + (d[i] - '0');
	if (v > NUM_MAX)
		return ERR_INVALID;
	*out = neg ? -v : v;
	return 0;
}

/* ---- printing numbers --------------------------------------------------- */

/*
 * Appends a Vietnamese number from its digit string: the integer part
 * int_digits (no leading zeros except a lone "0") grouped by dots, then ","
 * and frac (if frac_len > 0). neg adds '-'.
 */
static int put_vn(buf *b, bool neg, const char *int_digits, size_t int_len,
		  const char *frac, size_t frac_len)
{
	char tmp[512];
	size_t k = 0;
	if (int_len + int_len / 3 + frac_len + 4 > sizeof tmp)
		return ERR_TOOBIG;
	if (neg)
		tmp[k++] = '-';
	for (size_t i = 0; i < int_len; i++) {
		if (i > 0 && (int_len - i) % 3 == 0)
			tmp[k++] = '.';
		tmp[k++] = int_digits[i];
	}
	if (frac_len) {
		tmp[k++] = ',';
		memcpy(tmp + k, frac, frac_len);
		k += frac_len;
	}
	return buf_append(b, tmp, k);
}

/* Splits a scaled digit string (value * 10^decimals) and appends it. */
static int put_scaled(buf *b, bool neg, const char *d, size_t len, int decimals)
{
	char pad[512];
	size_t need = (size_t)decimals + 1;
	if (len < need) { /* left-pad with zeros: "5" at 2 places is 0,05 */
		size_t z = need - len;
		if (need >= sizeof pad)
			return ERR_TOOBIG;
		memset(pad, '0', z);
		memcpy(pad + z, d, len);
		d = pad;
		len = need;
	}
	bool zero = true;
	for (size_t i = 0; i < len; i++)
		if (d[i] != '0')
			zero = false;
	size_t il = len - (size_t)decimals;
	return put_vn(b, neg && !zero, d, il, d + il, (size_t)decimals);
}

int vn_format_num(buf *b, num_t v, int decimals)
{
	if (decimals > NUM_DECIMALS)
		return ERR_INVALID;
	bool neg = v < 0;
	uint64_t mag = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int places = decimals < 0 ? NUM_DECIMALS : decimals;
	uint64_t div = 1;
	for (int i = places; i < NUM_DECIMALS; i++)
		div *= 10;
	uint64_t q = mag / div, r = mag % div;
	if (div > 1 && r >= div - r) /* r*2 >= div without overflow: half away from zero */
		q++;
	char d[32];
	int len = snprintf(d, sizeof d, "%llu", (unsigned long long)q);
	if (decimals < 0) { /* drop trailing zeros of the fraction */
		if (q == 0)
			places = 0;
		while (places > 0 && d[len - 1] == '0') {
			d[--len] = '\0';
			places--;
		}
	}
	return put_scaled(b, neg, d, (size_t)len, places);
}

int vn_format_double(buf *b, double x, int decimals)
{
	if (!isfinite(x) || decimals < 0 || decimals > 9)
		return ERR_INVALID;
	char d[400];
	bool neg;
	int len = round_decimal(x, decimals, d, sizeof d, &neg);
	if (len < 0)
		return ERR_TOOBIG;
	return put_scaled(b, neg, d, (size_t)len, decimals);
}

int vn_format_count2(buf *b, long n)
{
	if (n >= 1 && n <= 9)
		return buf_printf(b, "0%ld", n);
	return buf_printf(b, "%ld", n);
}

int vn_format_change(buf *b, double pct)
{
	if (!isfinite(pct))
		return ERR_INVALID;
	buf t;
	buf_init(&t, 64);
	int rc;
	if (pct > 100) {
		double times = 1 + pct / 100;
		rc = vn_format_double(&t, times, times < 9.95 ? 1 : 0);
		if (!rc && t.len > 2 && !strcmp(t.data + t.len - 2, ",0"))
			t.data[t.len -= 2] = '\0';
		if (!rc)
			rc = buf_printf(b, "gấp %s lần", buf_cstr(&t));
	} else {
		rc = vn_format_double(&t, fabs(pct), 2);
		if (!rc && !strcmp(buf_cstr(&t), "0,00"))
			rc = buf_puts(b, "không thay đổi");
		else if (!rc)
			rc = buf_printf(b, "%s %s%%", pct > 0 ? "tăng" : "giảm", buf_cstr(&t));
	}
	buf_free(&t);
	return rc;
}

/* ---- parsing numbers ---------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * True when s[0..n) is digits in thousands groups separated by sep: a first
 * group of 1..3 digits not starting with '0' (unless it is the lone group),
 * then groups of exactly 3.
 */
static bool valid_groups(const char *s, size_t n, char sep)
{
	size_t i = 0, g = 0;
	if (n == 0)
		return false;
	while (i < n && is_digit(s[i])) {
		i++;
		g++;
	}
	if (g < 1 || g > 3)
		return false;
	if (i < n && s[0] == '0')
		return false;
	while (i < n) {
		if (s[i] != sep)
			return false;
		i++;
		g = 0;
		while (i < n && is_digit(s[i])) {
			i++;
			g++;
		}
		if (g != 3)
			return false;
	}
	return true;
}

/* Counts c in s[0..n). */
static size_t count_char(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Index of the first c in s[0..n), or n. */
static size_t find_char(const char *s, size_t n, char c)
{
	size_t i = 0;
	while (i < n && s[i] != c)
		i++;
	return i;
}

/*
 * Builds the value from digits of the integer part (separators skipped) and
 * of the fraction. Returns 0, or ERR_INVALID with a message (quoting q) for
 * too many decimals or too large a value.
 */
static int build_num(const char *q, bool neg, const char *ip, size_t il, const char *fp,
		     size_t fl, num_t *out, err *e)
{
	const uint64_t lim = (uint64_t)(NUM_MAX / NUM_SCALE);
	uint64_t iv = 0;
	for (size_t i = 0; i < il; i++) {
		if (!is_digit(ip[i]))
			continue;
		iv = iv * 10 + (uint64_t)(ip[i] - '0');
		if (iv > lim)
			return err_set(e, ERR_INVALID,
				       "\"%s\": số quá lớn (tối đa 90.000.000.000.000)", q);
	}
	uint64_t fv = 0;
	for (size_t i = 0; i < fl; i++) {
		if (i < NUM_DECIMALS) {
			fv = fv * 10 + (uint64_t)(fp[i] - '0');
		} else if (fp[i] != '0') {
			return err_set(e, ERR_INVALID,
				       "\"%s\": quá nhiều chữ số thập phân; chỉ giữ được tối đa %d chữ "
				       "số sau dấu phẩy", q, NUM_DECIMALS);
		}
	}
	for (size_t i = fl; i < NUM_DECIMALS; i++)
		fv *= 10;
	uint64_t v = iv * NUM_SCALE + fv;
	if (v > (uint64_t)NUM_MAX)
		return err_set(e, ERR_INVALID, "\"%s\": số quá lớn (tối đa 90.000.000.000.000)", q);
	*out = neg ? -(num_t)v : (num_t)v;
	return 0;
}

/*
 * Refuses an ambiguous or mixed number. If body reads as an English-style
 * number ("1,739.5", "1,234,567"), the message shows its Vietnamese form.
 */
static int refuse_ambiguous(const char *q, bool neg, const char *s, size_t n, err *e)
{
	size_t dot = find_char(s, n, '.');
	size_t ndots = count_char(s, n, '.');
	char hint[96] = "";
	if (ndots <= 1 && valid_groups(s, dot, ',') && (dot == n || dot + 1 < n)) {
		bool frac_ok = true;
		for (size_t i = dot + 1; i < n; i++)
			frac_ok = frac_ok && is_digit(s[i]);
		if (frac_ok) {
			size_t k = 0;
			if (neg)
				hint[k++] = '-';
			for (size_t i = 0; i < n && k + 2 < sizeof hint; i++)
				hint[k++] = s[i] == ',' ? '.' : s[i] == '.' ? ',' : s[i];
			hint[k] = '\0';
		}
	}
	if (hint[0])
		return err_set(e, ERR_INVALID,
			       "\"%s\": cách viết số không rõ (lẫn dấu phẩy và dấu chấm kiểu tiếng Anh); "
			       "nếu ý là %s thì viết theo kiểu Việt Nam: %s (dấu chấm ngăn cách hàng "
			       "nghìn, dấu phẩy thập phân)", q, hint, hint);
	return err_set(e, ERR_INVALID,
		       "\"%s\": cách viết số không rõ; viết theo kiểu Việt Nam, ví dụ 1.739,5 hoặc "
		       "1739,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân)", q);
}

/* The input as quoted in messages (q holds 72), cut on a UTF-8 boundary. */
static void quote_input(const char *s, char *q, size_t qn)
{
	/* by hand, not snprintf: it runs for every number read (a tenth of an import's parsing) */
	size_t sl = strlen(s), n = sl, dots = 0;
	if (sl > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		dots = 3;
	}
	if (n + dots >= qn) { /* (never with the callers' 72 bytes) */
		n = qn > dots ? qn - 1 - dots : 0;
		dots = qn > dots ? dots : 0;
	}
	memcpy(q, s, n);
	memcpy(q + n, "...", dots);
	q[n + dots] = '\0';
}

/* s without surrounding spaces (and the no-break space spreadsheets produce): [*p, *end). */
static void trim_input(const char *s, const char **pp, const char **pend)
{
	const char *p = s, *end = s + strlen(s);
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
			p += 2;
		else
			break;
	}
	for (;;) {
		if (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
			end--;
		else if (end - p >= 2 && (unsigned char)end[-2] == 0xC2 && (unsigned char)end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	*pp = p;
	*pend = end;
}

int vn_parse_num(const char *s, num_t *out, err *e)
{
	if (!s)
		s = "";
	char q[72];
	quote_input(s, q, sizeof q);
	const char *p, *end;
	trim_input(s, &p, &end);
	if (p == end)
		return err_set(e, ERR_INVALID, "\"%s\": thiếu số (ô trống)", q);
	bool neg = false;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	size_t n = (size_t)(end - p);
	size_t ndig = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_digit(p[i]))
			ndig++;
		else if (p[i] != '.' && p[i] != ',')
			return err_set(e, ERR_INVALID,
				       "\"%s\": không phải là số (chỉ gồm chữ số, dấu chấm ngăn cách hàng "
				       "nghìn, dấu phẩy thập phân, ví dụ 1.739,5)", q);
	}
	if (ndig == 0 || !is_digit(p[0]) || !is_digit(p[n - 1]))
		return err_set(e, ERR_INVALID,
			       "\"%s\": không phải là số; viết theo kiểu Việt Nam, ví dụ 1.739,5 hoặc 0,25", q);
	size_t ncomma = count_char(p, n, ','), ndots = count_char(p, n, '.');
	size_t comma = find_char(p, n, ',');

	if (ncomma > 1)
		return refuse_ambiguous(q, neg, p, n, e);
	if (ncomma == 1) {
		/* Vietnamese decimal comma; dots allowed only before it, as thousands */
		if (find_char(p + comma, n - comma, '.') != n - comma)
			return refuse_ambiguous(q, neg, p, n, e);
		if (ndots > 0 && !valid_groups(p, comma, '.'))
			return refuse_ambiguous(q, neg, p, n, e);
		return build_num(q, neg, p, comma, p + comma + 1, n - comma - 1, out, e);
	}
	if (ndots == 0)
		return build_num(q, neg, p, n, "", 0, out, e);
	if (ndots == 1) {
		size_t dot = find_char(p, n, '.');
		size_t after = n - dot - 1;
		bool could_be_thousands = after == 3 && dot <= 3 && !(dot == 1 && p[0] == '0');
		if (!could_be_thousands)   /* "1739.5", "0.250", "12.5": a decimal point */
			return build_num(q, neg, p, dot, p + dot + 1, after, out, e);
		if (p[0] == '0')           /* "01.234": neither form */
			return refuse_ambiguous(q, neg, p, n, e);
		return build_num(q, neg, p, n, "", 0, out, e); /* "1.739" = 1739 */
	}
	if (!valid_groups(p, n, '.'))
		return refuse_ambiguous(q, neg, p, n, e);
	return build_num(q, neg, p, n, "", 0, out, e);
}

int num_parse_dot(const char *s, num_t *out, err *e)
{
	if (!s)
		s = "";
	char q[72];
	quote_input(s, q, sizeof q);
	const char *p, *end;
	trim_input(s, &p, &end);
	if (p == end)
		return err_set(e, ERR_INVALID, "\"%s\": thiếu số (ô trống)", q);
	bool neg = false;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	/* digits [. digits] [e|E [sign] digits], nothing else */
	char dig[96];
	size_t nd = 0, il = 0;
	bool point = false, any = false, frac = false;
	const char *c = p;
	for (; c < end && (is_digit(*c) || (*c == '.' && !point && any)); c++) {
		if (*c == '.') {
			point = true;
			continue;
		}
		any = true;
		frac = point;
		if (nd == 0 && *c == '0' && !point)
			continue; /* leading zeros of the integer part */
		if (nd + 1 >= sizeof dig)
			return err_set(e, ERR_INVALID, "\"%s\": quá nhiều chữ số", q);
		dig[nd++] = *c;
		if (!point)
			il++;
	}
	long x = 0;
	if (point && !frac)
		any = false; /* "5.": a point needs its decimals */
	if (any && c < end && (*c == 'e' || *c == 'E')) {
		bool xneg = false, xany = false;
		c++;
		if (c < end && (*c == '-' || *c == '+'))
			xneg = *c++ == '-';
		for (; c < end && is_digit(*c); c++) {
			xany = true;
			if (x < 1000)
				x = x * 10 + (*c - '0');
		}
		if (!xany)
			any = false;
		if (xneg)
			x = -x;
	}
	if (!any || c != end) {
		bool comma = memchr(p, ',', (size_t)(end - p)) != NULL;
		return err_set(e, ERR_INVALID,
			       comma ? "\"%s\": không phải là số theo cách DHIS2 viết: dấu chấm là dấu thập "
				       "phân, không có dấu phân cách hàng nghìn (ví dụ 1739.5)"
				     : "\"%s\": không phải là số (ví dụ 1739.5, -0.25 hoặc 1.5E3)",
			       q);
	}
	/* the point moved by the exponent: integer digits dig[0..ip), the rest decimals */
	long ip = (long)il + x;
	if (ip > 40)
		return err_set(e, ERR_INVALID, "\"%s\": số quá lớn (tối đa 90.000.000.000.000)", q);
	if (ip < -40)
		return err_set(e, ERR_INVALID,
			       "\"%s\": quá nhiều chữ số thập phân; chỉ giữ được tối đa %d chữ số sau dấu chấm",
			       q, NUM_DECIMALS);
	char ibuf[64], fbuf[160];
	size_t in = 0, fn = 0;
	for (long k = 0; k < ip; k++)
		ibuf[in++] = k < (long)nd ? dig[k] : '0';
	for (long k = ip; k < (long)nd; k++) {
		if (fn + 1 >= sizeof fbuf)
			break;
		if (k < 0)
			continue;
		fbuf[fn++] = dig[k];
	}
	if (ip < 0) { /* zeros between the point and the first digit */
		size_t z = (size_t)(-ip) < sizeof fbuf - 1 ? (size_t)(-ip) : sizeof fbuf - 1;
		size_t keep = fn + z < sizeof fbuf ? fn : sizeof fbuf - z - 1;
		memmove(fbuf + z, fbuf, keep);
		memset(fbuf, '0', z);
		fn = z + keep;
	}
	return build_num(q, neg, ibuf, in, fbuf, fn, out, e);
}

/* ---- dates -------------------------------------------------------------- */

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cdate_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap_year(y) ? 29 : dim[m - 1];
}

bool cdate_valid(cdate d)
{
	return d.y >= 1900 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= cdate_days_in_month(d.y, d.m);
}

bool cdate_is_none(cdate d)
{
	return d.y == 0 && d.m == 0 && d.d == 0;
}

int cdate_cmp(cdate a, cdate b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
long cdate_to_days(cdate d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d.m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

cdate cdate_from_days(long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	cdate r = {(int)(y + (m <= 2)), (int)m, (int)d};
	return r;
}

cdate cdate_from_unix_vn(int64_t t)
{
	int64_t s = t + 7 * 3600;
	int64_t days = s / 86400;
	if (s % 86400 < 0)
		days--;
	return cdate_from_days((long)days);
}

int vn_format_date(buf *b, cdate d)
{
	if (!cdate_valid(d))
		return ERR_INVALID;
	return buf_printf(b, "%02d/%02d/%04d", d.d, d.m, d.y);
}

int vn_format_date_iso(buf *b, cdate d)
{
	if (!cdate_valid(d))
		return ERR_INVALID;
	return buf_printf(b, "%04d-%02d-%02d", d.y, d.m, d.d);
}

int vn_format_date_line(buf *b, const char *place, cdate d)
{
	if (!cdate_valid(d))
		return ERR_INVALID;
	const char *mfmt = d.m <= 2 ? "%02d" : "%d";
	char month[8];
	snprintf(month, sizeof month, mfmt, d.m);
	if (place && place[0])
		return buf_printf(b, "%s, ngày %02d tháng %s năm %d", place, d.d, month, d.y);
	return buf_printf(b, "ngày %02d tháng %s năm %d", d.d, month, d.y);
}

/* Reads 1..maxd digits at *p into *v; returns the count read. */
static int read_digits(const char **p, int maxd, int *v)
{
	int k = 0;
	*v = 0;
	while (k < maxd && is_digit(**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k;
}

int vn_parse_date(const char *s, cdate *out, err *e)
{
	if (!s)
		s = "";
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	char t[24];
	if (n == 0)
		return err_set(e, ERR_INVALID, "thiếu ngày (viết dd/mm/yyyy, ví dụ 30/06/2022)");
	if (n >= sizeof t)
		return err_set(e, ERR_INVALID,
			       "\"%.40s\": không phải ngày (viết dd/mm/yyyy, ví dụ 30/06/2022)", s);
	memcpy(t, p, n);
	t[n] = '\0';
	const char *c = t;
	cdate d = {0, 0, 0};
	int k1 = read_digits(&c, 4, &d.y);
	bool ok = false;
	if (k1 == 4 && *c == '-') {
		c++;
		if (read_digits(&c, 2, &d.m) == 2 && *c == '-') {
			c++;
			ok = read_digits(&c, 2, &d.d) == 2 && *c == '\0';
		}
	} else if (k1 >= 1 && k1 <= 2 && *c == '/') {
		d.d = d.y;
		c++;
		int km = read_digits(&c, 2, &d.m);
		if (km >= 1 && *c == '/') {
			c++;
			ok = read_digits(&c, 4, &d.y) == 4 && *c == '\0';
		}
	}
	if (!ok)
		return err_set(e, ERR_INVALID,
			       "\"%s\": không phải ngày (viết dd/mm/yyyy, ví dụ 30/06/2022, hoặc "
			       "yyyy-mm-dd)", t);
	if (d.m < 1 || d.m > 12)
		return err_set(e, ERR_INVALID, "\"%s\": không có tháng %d", t, d.m);
	if (d.y < 1900 || d.y > 9999)
		return err_set(e, ERR_INVALID, "\"%s\": năm %d ngoài khoảng 1900..9999", t, d.y);
	if (d.d < 1 || d.d > cdate_days_in_month(d.y, d.m))
		return err_set(e, ERR_INVALID, "\"%s\": tháng %d năm %d không có ngày %d", t, d.m, d.y,
			       d.d);
	*out = d;
	return 0;
}

int vn_format_roman(buf *b, int n)
{
	static const char *const roman[12] = {"I", "II", "III", "IV", "V", "VI",
					      "VII", "VIII", "IX", "X", "XI", "XII"};
	if (n < 1 || n > 12)
		return ERR_INVALID;
	return buf_puts(b, roman[n - 1]);
}

void vn_date_text(cdate d, char *dst, size_t n)
{
	if (!cdate_valid(d))
		snprintf(dst, n, "?");
	else
		snprintf(dst, n, "%02d/%02d/%04d", d.d, d.m, d.y);
}
