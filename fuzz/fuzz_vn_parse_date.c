/*
 * fuzz_vn_parse_date.c - fuzzes vn_parse_date (core/vnfmt.h) on arbitrary
 * bytes. Properties: no crash or undefined behaviour; a refusal is
 * ERR_INVALID with a message; an accepted date is cdate_valid, and both its
 * dd/mm/yyyy and ISO forms parse back to the same date; the day count
 * round-trips through cdate_to_days / cdate_from_days.
 *
 * Not for: the date forms themselves (tests/unit/test_vnfmt.c).
 */
#include "fuzz.h"

#include "core/vnfmt.h"
#include "util/buf.h"

static void reparse(const char *in, cdate d, int (*fmt)(buf *, cdate))
{
	buf b;
	buf_init(&b, 0);
	if (fmt(&b, d))
		fz_fail("\"%s\": formatting %d-%d-%d failed", in, d.y, d.m, d.d);
	cdate back;
	err e;
	if (vn_parse_date(buf_cstr(&b), &back, &e))
		fz_fail("\"%s\" -> \"%s\" does not parse back: %s", in, buf_cstr(&b), e.msg);
	if (cdate_cmp(back, d) != 0)
		fz_fail("\"%s\" -> \"%s\" -> %d-%d-%d", in, buf_cstr(&b), back.y, back.m, back.d);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);
	cdate d = {0, 0, 0};
	err e;
	err_clear(&e);
	int rc = vn_parse_date(s, &d, &e);
	if (rc) {
		if (rc != ERR_INVALID || e.code != ERR_INVALID || !e.msg[0])
			fz_fail("refusal of \"%s\" gave rc %d, code %d", s, rc, e.code);
	} else {
		if (!cdate_valid(d))
			fz_fail("\"%s\" accepted as invalid date %d-%d-%d", s, d.y, d.m, d.d);
		reparse(s, d, vn_format_date);
		reparse(s, d, vn_format_date_iso);
		cdate back = cdate_from_days(cdate_to_days(d));
		if (cdate_cmp(back, d) != 0)
			fz_fail("\"%s\": day count does not round-trip", s);
		buf b;
		buf_init(&b, 0);
		if (vn_format_date_line(&b, "Bắc Kạn", d))
			fz_fail("\"%s\": vn_format_date_line failed", s);
		buf_free(&b);
	}
	free(s);
	return 0;
}
