/*
 * fuzz_period_parse.c - fuzzes period_parse (core/period.h) on arbitrary
 * bytes. Properties: no crash or undefined behaviour; a refusal is
 * ERR_INVALID with a message; an accepted period is period_valid, its code
 * (period_format_code) parses back to the same period, and its label, month
 * span, calendar bounds, data window and due date are all computable and
 * consistent (start <= end, first month <= last month, the same period last
 * year ends a year earlier).
 *
 * Not for: the period forms themselves (tests/unit/test_period.c).
 */
#include "fuzz.h"

#include "core/period.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);
	period p;
	err e;
	err_clear(&e);
	int rc = period_parse(s, &p, &e);
	if (rc) {
		if (rc != ERR_INVALID || e.code != ERR_INVALID || !e.msg[0])
			fz_fail("refusal of \"%s\" gave rc %d, code %d", s, rc, e.code);
		free(s);
		return 0;
	}
	if (!period_valid(&p))
		fz_fail("\"%s\" accepted as an invalid period", s);
	buf b;
	buf_init(&b, 0);
	if (period_format_code(&b, &p))
		fz_fail("\"%s\": period_format_code failed", s);
	period back;
	if (period_parse(buf_cstr(&b), &back, &e))
		fz_fail("\"%s\" -> \"%s\" does not parse back: %s", s, buf_cstr(&b), e.msg);
	if (back.type != p.type || back.year != p.year || back.index != p.index)
		fz_fail("\"%s\" -> \"%s\" parses to a different period", s, buf_cstr(&b));
	buf_reset(&b);
	if (period_format_label(&b, &p) || b.len == 0)
		fz_fail("\"%s\": period_format_label failed", s);
	buf_free(&b);

	int fm = period_first_month(&p), lm = period_last_month(&p);
	if (fm < 1 || lm > 12 || fm > lm || period_months(&p) != lm - fm + 1)
		fz_fail("\"%s\": months %d..%d", s, fm, lm);
	cdate a = period_start_date(&p), z = period_end_date(&p);
	if (!cdate_valid(a) || !cdate_valid(z) || cdate_cmp(a, z) > 0)
		fz_fail("\"%s\": bad calendar bounds", s);
	period end_in;
	if (!period_ending_in(p.type, p.year, lm, &end_in) || period_cmp(&end_in, &p) != 0)
		fz_fail("\"%s\": period_ending_in does not find it", s);
	cdate from, to;
	period_data_window(&p, NULL, &from, &to);
	if (!cdate_valid(from) || !cdate_valid(to) || cdate_cmp(from, to) > 0)
		fz_fail("\"%s\": bad data window", s);
	cdate due = period_due_date(&p, NULL);
	if (!cdate_valid(due))
		fz_fail("\"%s\": no due date", s);
	if (p.year > 1900) {
		period last = period_same_last_year(&p);
		if (!period_valid(&last) || period_end_date(&last).y != z.y - 1)
			fz_fail("\"%s\": same period last year is wrong", s);
	}
	free(s);
	return 0;
}
