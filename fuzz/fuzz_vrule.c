/*
 * fuzz_vrule.c - fuzzes vrule_compile (core/vrule.h), the parser of the two
 * sides of a rule between indicators, on arbitrary bytes: the input up to
 * its first newline is the left side, the rest the right side (or "KT01"
 * when there is no newline). Properties: no crash or undefined behaviour; a
 * refusal is ERR_INVALID with a message naming the rule; an accepted rule
 * names 1..VRULE_REFS_MAX indicators, each a non-empty code shorter than
 * CODE_MAX, each side at most VRULE_ITEMS_MAX items referring to known refs;
 * compiling twice gives the same result; evaluating it over every value
 * present, or with one missing, never crashes, a missing value skips it, and
 * an evaluated side is within ±NUM_MAX; its message is non-empty.
 *
 * Not for: what rules mean (tests/unit/test_vrule.c).
 */
#include "fuzz.h"

#include "core/vrule.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);
	vrule r;
	memset(&r, 0, sizeof r);
	snprintf(r.code, sizeof r.code, "FZ");
	snprintf(r.name, sizeof r.name, "Quy tắc thử");
	r.op = (vrule_op)(VR_EQ + (size % 6));
	r.importance = size % 2 ? VR_ERROR : VR_WARNING;
	char *nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	snprintf(r.left, sizeof r.left, "%s", s);
	snprintf(r.right, sizeof r.right, "%s", nl ? nl + 1 : "KT01");
	static vrule_compiled c, c2;
	err e;
	err_clear(&e);
	int rc = vrule_compile(&r, &c, &e);
	err e2;
	err_clear(&e2);
	int rc2 = vrule_compile(&r, &c2, &e2);
	if (rc != rc2 || strcmp(e.msg, e2.msg))
		fz_fail("two compiles of \"%s\" / \"%s\" differ", r.left, r.right);
	if (rc) {
		if (rc != ERR_INVALID || e.code != ERR_INVALID || !strstr(e.msg, "FZ"))
			fz_fail("refusal gave rc %d, code %d: %s", rc, e.code, e.msg);
		free(s);
		return 0;
	}
	if (c.n_refs < 1 || c.n_refs > VRULE_REFS_MAX)
		fz_fail("%d refs", c.n_refs);
	for (int k = 0; k < c.n_refs; k++)
		if (!c.refs[k][0] || strlen(c.refs[k]) >= CODE_MAX)
			fz_fail("ref %d is \"%s\"", k, c.refs[k]);
	for (int side = 0; side < 2; side++) {
		if (c.side[side].n < 1 || c.side[side].n > VRULE_ITEMS_MAX)
			fz_fail("side %d has %d items", side, c.side[side].n);
		for (int i = 0; i < c.side[side].n; i++)
			if (c.side[side].item[i].kind == 'c' &&
			    (c.side[side].item[i].ref < 0 || c.side[side].item[i].ref >= c.n_refs))
				fz_fail("side %d item %d names ref %d", side, i, c.side[side].item[i].ref);
		if (c.side[side].n != c2.side[side].n)
			fz_fail("two compiles give sides of %d and %d items", c.side[side].n, c2.side[side].n);
	}
	bool has[VRULE_REFS_MAX];
	num_t vals[VRULE_REFS_MAX], l = 0, rv = 0;
	for (int k = 0; k < VRULE_REFS_MAX; k++) {
		has[k] = true;
		vals[k] = (num_t)(k + 1) * 12345 * (k % 2 ? -1 : 1);
	}
	vrule_outcome o = vrule_eval(&c, has, vals, &l, &rv);
	if (o != VR_SKIPPED && o != VR_HOLDS && o != VR_BROKEN)
		fz_fail("outcome %d", (int)o);
	if (o != VR_SKIPPED && (l > NUM_MAX || l < -NUM_MAX || rv > NUM_MAX || rv < -NUM_MAX))
		fz_fail("sides out of range");
	if (o != VR_SKIPPED) {
		buf b;
		buf_init(&b, 0);
		period p = {PERIOD_MONTH, 2022, 6};
		vrule_message(&b, &c, "01837", &p, l, rv);
		if (!b.len)
			fz_fail("empty message");
		buf_free(&b);
	}
	has[c.n_refs - 1] = false;
	if (vrule_eval(&c, has, vals, &l, &rv) != VR_SKIPPED)
		fz_fail("a missing value did not skip the rule");
	free(s);
	return 0;
}
