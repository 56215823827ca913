/*
 * fuzz_report_template.c - fuzzes the report's template language
 * (report/report_template.c): report_template_check on any bytes for any
 * key, and report_render of every body (checked or not) with variables
 * present, absent or zero as the input's first byte says.
 * Input: byte 0 picks the key (modulo the key count), byte 1 the variables'
 * states (two bits each), the rest is the body, cut at an embedded NUL.
 * Properties: no crash or undefined behaviour; a body that passes the check
 * renders; with every variable absent, the rendering of a checked body is
 * never longer than the body (nothing is invented), and the output of a
 * valid UTF-8 body with valid values is valid UTF-8.
 *
 * Not for: which placeholders each key allows (tests/unit/test_report.c).
 */
#include "fuzz.h"

#include "report/report.h"
#include "util/buf.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t n_keys = report_template_count();
	const char *key = report_template_key(data[0] % n_keys);
	unsigned states = data[1];
	char *body = fz_cstr(data + 2, size - 2);
	err e;
	err_clear(&e);
	int rc = report_template_check(key, body, &e);
	if (rc && !e.msg[0])
		fz_fail("check of \"%s\" for %s failed without a message", body, key);

	report_var vars[4] = {
		{"ten_chi_tieu", "Tổng mức bán lẻ", true, false},
		{"gia_tri_ky", "285 tỷ đồng", true, false},
		{"luy_ke", "1.739,5 tỷ đồng", true, false},
		{"so_thang", "0", true, true},
	};
	for (int i = 0; i < 4; i++) {
		unsigned s = (states >> (2 * i)) & 3;
		vars[i].present = s != 0;
		vars[i].zero = s == 2;
	}
	buf out;
	buf_init(&out, 1 << 20);
	if (report_render(&out, body, vars, 4))
		fz_fail("render of \"%s\" failed", body);
	if (!rc && text_utf8_valid(body, strlen(body)) && !text_utf8_valid(buf_cstr(&out), out.len))
		fz_fail("render of valid \"%s\" gave invalid UTF-8", body);
	buf_reset(&out);
	if (report_render(&out, body, NULL, 0))
		fz_fail("render without variables of \"%s\" failed", body);
	if (!rc && out.len > strlen(body))
		fz_fail("render without variables of \"%s\" gave longer \"%s\"", body, buf_cstr(&out));
	buf_free(&out);
	free(body);
	return 0;
}
