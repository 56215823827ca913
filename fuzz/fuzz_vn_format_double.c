/*
 * fuzz_vn_format_double.c - fuzzes vn_format_double (core/vnfmt.h) over
 * arbitrary 8-byte doubles (NaN, infinities, subnormals, 1e308 included) and
 * every decimals value 0..9 (the 9th input byte; all of them when it is
 * missing). Properties: no crash or undefined behaviour; non-finite input is
 * refused with nothing appended; finite input is always printed; when
 * |x| < 1e12 the output read back (vn_parse_num for 0..4 decimals, strtod
 * of its C form for any) is within half a unit of the last place of x, and
 * num_from_double(x) printed by vn_format_num with 4 decimals is the same
 * text as vn_format_double(x, 4).
 *
 * Not for: the rounding cases themselves (tests/unit/test_vnfmt.c).
 */
#include "fuzz.h"

#include <math.h>

#include "core/vnfmt.h"
#include "util/buf.h"

/* "-1.739,5" -> "-1739.5" for strtod. */
static double c_value(const char *vn)
{
	char c[512];
	size_t k = 0;
	for (const char *p = vn; *p && k + 1 < sizeof c; p++) {
		if (*p == '.')
			continue;
		c[k++] = *p == ',' ? '.' : *p;
	}
	c[k] = '\0';
	return strtod(c, NULL);
}

static void check(double x, int decimals)
{
	buf b;
	buf_init(&b, 0);
	int rc = vn_format_double(&b, x, decimals);
	if (!isfinite(x)) {
		if (rc != ERR_INVALID || b.len != 0)
			fz_fail("non-finite %a at %d: rc %d, \"%s\"", x, decimals, rc, buf_cstr(&b));
		buf_free(&b);
		return;
	}
	if (rc)
		fz_fail("%a (%.17g) at %d decimals: rc %d", x, x, decimals, rc);
	const char *out = buf_cstr(&b);
	if (fabs(x) < 1e12) {
		double half = 0.5 * pow(10, -decimals);
		double tol = half + fabs(x) * 1e-15 + 1e-300;
		double back = c_value(out);
		if (fabs(back - x) > tol)
			fz_fail("%.17g at %d decimals printed \"%s\" (%.17g)", x, decimals, out, back);
		if (decimals <= NUM_DECIMALS) {
			num_t v;
			err e;
			if (vn_parse_num(out, &v, &e))
				fz_fail("%.17g at %d decimals printed \"%s\", which vn_parse_num refuses: %s",
					x, decimals, out, e.msg);
			if (fabs(num_to_double(v) - x) > tol)
				fz_fail("%.17g at %d decimals printed \"%s\", read back as %.17g", x,
					decimals, out, num_to_double(v));
		}
		if (decimals == NUM_DECIMALS) {
			num_t v;
			if (num_from_double(x, &v))
				fz_fail("num_from_double(%.17g) refused", x);
			buf n;
			buf_init(&n, 0);
			if (vn_format_num(&n, v, NUM_DECIMALS) || strcmp(buf_cstr(&n), out) != 0)
				fz_fail("%.17g: vn_format_double \"%s\" but num_from_double + vn_format_num \"%s\"",
					x, out, buf_cstr(&n));
			buf_free(&n);
		}
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < sizeof(double))
		return 0;
	double x;
	memcpy(&x, data, sizeof x);
	if (size > sizeof(double)) {
		check(x, data[sizeof(double)] % 10);
	} else {
		for (int d = 0; d <= 9; d++)
			check(x, d);
	}
	return 0;
}
