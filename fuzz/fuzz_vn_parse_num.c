/*
 * fuzz_vn_parse_num.c - fuzzes vn_parse_num (core/vnfmt.h) on arbitrary
 * bytes. Properties: no crash or undefined behaviour; a refusal always comes
 * with ERR_INVALID and a message; an accepted number lies within
 * +-NUM_MAX, and vn_format_num of it (with "as many decimals as needed" and
 * with all 4) parses back to exactly the same num_t.
 *
 * Not for: the number forms themselves (tests/unit/test_vnfmt.c lists them).
 */
#include "fuzz.h"

#include "core/vnfmt.h"
#include "util/buf.h"

static void roundtrip(num_t v, int decimals, const char *in)
{
	buf b;
	buf_init(&b, 0);
	if (vn_format_num(&b, v, decimals))
		fz_fail("vn_format_num(%lld, %d) failed for input \"%s\"", (long long)v, decimals, in);
	num_t back = 0;
	err e;
	if (vn_parse_num(buf_cstr(&b), &back, &e))
		fz_fail("\"%s\" -> %lld -> \"%s\" does not parse back: %s", in, (long long)v,
			buf_cstr(&b), e.msg);
	if (back != v)
		fz_fail("\"%s\" -> %lld -> \"%s\" -> %lld", in, (long long)v, buf_cstr(&b),
			(long long)back);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);
	num_t v = 0;
	err e;
	err_clear(&e);
	int rc = vn_parse_num(s, &v, &e);
	if (rc) {
		if (rc != ERR_INVALID || e.code != ERR_INVALID || !e.msg[0])
			fz_fail("refusal of \"%s\" gave rc %d, code %d, msg \"%s\"", s, rc, e.code, e.msg);
	} else {
		if (v > NUM_MAX || v < -NUM_MAX)
			fz_fail("\"%s\" gave %lld, outside +-NUM_MAX", s, (long long)v);
		roundtrip(v, -1, s);
		roundtrip(v, NUM_DECIMALS, s);
	}
	free(s);
	return 0;
}
