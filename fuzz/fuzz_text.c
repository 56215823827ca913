/*
 * fuzz_text.c - fuzzes the Unicode helpers of util/text.h on arbitrary bytes
 * (valid or not). The first byte is the column width for text_pad (0..63)
 * and the rest the text, cut at an embedded NUL as C code sees it.
 * Properties: no crash or undefined behaviour in text_utf8_valid,
 * text_width, text_pad, text_nfc and text_key; text_pad fills exactly
 * `width` columns (as text_width counts them), keeps the text unchanged when
 * it fits, and either way right-aligns with leading spaces only when asked;
 * valid UTF-8 stays valid through text_nfc and text_key, and text_nfc leaves
 * invalid UTF-8 unchanged.
 *
 * Not for: search-key equivalences (tests of their users).
 */
#include "fuzz.h"

#include "util/buf.h"
#include "util/text.h"

static void check_pad(const char *s, size_t width, bool right)
{
	buf b;
	buf_init(&b, 0);
	if (text_pad(&b, s, width, right))
		fz_fail("text_pad(\"%s\", %zu, %d) failed", s, width, right);
	size_t w = text_width(buf_cstr(&b));
	if (w != width)
		fz_fail("text_pad(\"%s\", %zu, %d) gave \"%s\", %zu columns", s, width, right,
			buf_cstr(&b), w);
	if (text_width(s) <= width) {
		const char *out = buf_cstr(&b);
		size_t sl = strlen(s), pad = b.len - sl;
		const char *at = right ? out + pad : out;
		if (b.len < sl || memcmp(at, s, sl) != 0)
			fz_fail("text_pad(\"%s\", %zu, %d) changed text that fits: \"%s\"", s, width, right,
				out);
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t width = data[0] % 64;
	char *s = fz_cstr(data + 1, size - 1);
	size_t n = strlen(s);
	bool valid = text_utf8_valid(s, n);
	(void)text_utf8_valid((const char *)data + 1, size - 1);
	size_t w = text_width(s);
	if (w > n)
		fz_fail("\"%s\": width %zu over its %zu bytes", s, w, n);
	check_pad(s, width, false);
	check_pad(s, width, true);

	buf b;
	buf_init(&b, 0);
	if (text_nfc(&b, s))
		fz_fail("text_nfc failed");
	if (valid && !text_utf8_valid(buf_cstr(&b), b.len))
		fz_fail("text_nfc of valid \"%s\" is not valid UTF-8", s);
	if (!valid && strcmp(buf_cstr(&b), s) != 0)
		fz_fail("text_nfc changed invalid UTF-8 \"%s\"", s);
	buf_reset(&b);
	if (text_key(&b, s))
		fz_fail("text_key failed");
	if (valid && !text_utf8_valid(buf_cstr(&b), b.len))
		fz_fail("text_key of valid \"%s\" is not valid UTF-8", s);
	buf_free(&b);
	free(s);
	return 0;
}
