/*
 * fuzz_jflat.c - fuzzes the flat-object scanner of POST /api/dataValueSets
 * (util/jflat.h) against jansson, the parser it stands in for. Properties:
 * no crash, undefined behaviour or read past the bytes (the input is copied
 * into a buffer of exactly its size); when jflat_scan takes an object, the
 * bytes up to where it stopped end with '}', jansson (as api_bulk.c calls
 * it: duplicates refused) accepts them as an object with the same keys in
 * the same order, each value the same (string text, true, false, null);
 * and the pairs' count and text stay within JFLAT_MAX_PAIRS and
 * JFLAT_TEXT_MAX. When jflat says "not mine", jansson decides (nothing to
 * check here).
 *
 * Not for: the rows' meaning (tests/http/test_http_dvs*.sh) or chosen edge
 * cases (tests/unit/test_jflat.c).
 */
#include "fuzz.h"

#include <jansson.h>

#include "util/jflat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *b = malloc(size ? size : 1);
	if (!b)
		abort();
	memcpy(b, data, size);
	jflat fl;
	const char *q = jflat_scan(b, b + size, &fl);
	if (q) {
		if (q <= b || q > b + size || q[-1] != '}')
			fz_fail("jflat stopped at %td of %zu, not after a '}'", q - b, size);
		if (fl.n > JFLAT_MAX_PAIRS)
			fz_fail("%zu pairs", fl.n);
		json_error_t je;
		json_t *j = json_loadb(b, (size_t)(q - b), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL,
				       &je);
		if (!json_is_object(j))
			fz_fail("jflat took what jansson refuses: %s", j ? "not an object" : je.text);
		if (json_object_size(j) != fl.n)
			fz_fail("%zu keys, jansson %zu", fl.n, json_object_size(j));
		const char *key;
		json_t *v;
		size_t i = 0;
		json_object_foreach(j, key, v) {
			const jflat_pair *p = &fl.pair[i++];
			if (strcmp(key, p->key))
				fz_fail("key %zu: \"%s\", jansson \"%s\"", i, p->key, key);
			bool same = p->kind == JFLAT_NULL    ? json_is_null(v)
				    : p->kind == JFLAT_TRUE  ? json_is_true(v)
				    : p->kind == JFLAT_FALSE ? json_is_false(v)
							     : json_is_string(v) && p->str &&
								   json_string_length(v) == strlen(p->str) &&
								   !strcmp(json_string_value(v), p->str);
			if (!same)
				fz_fail("value of \"%s\" differs from jansson's", key);
		}
		json_decref(j);
	}
	free(b);
	return 0;
}
