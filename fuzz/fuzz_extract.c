/*
 * fuzz_extract.c - fuzzes the extractor (core/extract.h, issue #19) and the
 * report reader before it (office/docx_read.h) on arbitrary bytes. The first
 * byte picks the way in: even, the bytes go through docx_or_text (DOCX, text
 * or a refusal); odd, straight to extract_run. A small catalogue with
 * synonyms and three communes is built in.
 * Properties: no crash, leak or undefined behaviour; every proposal's
 * sentence lies inside the text and is valid UTF-8; its start < end and end
 * is within the sentence's code points; the confidence is within 0.05..1; a
 * target only for the X/Y measures; extract_json succeeds.
 *
 * Not for: whether the proposals are right (tests/unit/test_extract.c).
 */
#include "fuzz.h"

#include "core/extract.h"
#include "office/docx_read.h"
#include "util/text.h"

static indicator cat[4];
static unit units[2];

static void setup(void)
{
	static const char *const d[4][4] = {
		{"KT15", "Doanh thu từ hoạt động du lịch", "tỷ đồng", "doanh thu du lịch; DTDL"},
		{"VX04", "Tỷ lệ hộ nghèo", "%", "hộ nghèo"},
		{"TDPVH", "Số thôn, tổ dân phố đạt danh hiệu văn hóa", "thôn, tổ", ""},
		{"KT10", "Tổng đàn gia cầm", "con", "đàn gia cầm"},
	};
	for (int i = 0; i < 4; i++) {
		memset(&cat[i], 0, sizeof cat[i]);
		snprintf(cat[i].code, sizeof cat[i].code, "%s", d[i][0]);
		snprintf(cat[i].name_vi, sizeof cat[i].name_vi, "%s", d[i][1]);
		snprintf(cat[i].uom, sizeof cat[i].uom, "%s", d[i][2]);
		snprintf(cat[i].synonyms, sizeof cat[i].synonyms, "%s", d[i][3]);
		cat[i].uom_scale = i == 0 ? 9 : 0;
		cat[i].kind = IND_FLOW;
	}
	memset(units, 0, sizeof units);
	snprintf(units[0].code, sizeof units[0].code, "01846");
	snprintf(units[0].name, sizeof units[0].name, "Nông Thượng");
	snprintf(units[1].code, sizeof units[1].code, "01849");
	snprintf(units[1].name, sizeof units[1].name, "Dương Quang");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	setup();
	bool direct = data[0] & 1;
	buf text;
	buf_init(&text, EXTRACT_MAX_BYTES);
	err e;
	if (direct) {
		if (buf_append(&text, data + 1, size - 1)) {
			buf_free(&text);
			return 0;
		}
	} else if (docx_or_text(data + 1, size - 1, "fuzz", &text, &e)) {
		buf_free(&text);
		return 0;
	}
	extract_opts o = {cat, 4, units, 2, "058", 2022};
	extract_result r;
	int rc = extract_run(text.data ? text.data : "", text.len, &o, &r, &e);
	if (rc) {
		if (!direct)
			fz_fail("extract_run refused what docx_or_text accepted: %s", e.msg);
		buf_free(&text);
		return 0;
	}
	for (size_t i = 0; i < r.n; i++) {
		const extract_prop *p = &r.p[i];
		if (p->sent_off + p->sent_len > text.len)
			fz_fail("proposal %zu: sentence outside the text", i);
		if (!text_utf8_valid(text.data + p->sent_off, p->sent_len))
			fz_fail("proposal %zu: the sentence is cut inside a character", i);
		long cps = 0;
		for (size_t k = 0; k < p->sent_len; k++)
			cps += ((unsigned char)text.data[p->sent_off + k] & 0xC0) != 0x80;
		if (p->start < 0 || p->start >= p->end || p->end > cps)
			fz_fail("proposal %zu: start %ld end %ld outside 0..%ld", i, p->start, p->end, cps);
		if (!(p->confidence >= 0.05 && p->confidence <= 1.0))
			fz_fail("proposal %zu: confidence %g", i, p->confidence);
		if (p->has_target && p->measure != EXM_ACHIEVED_OF_TARGET && p->measure != EXM_TARGETS_NOT_MET)
			fz_fail("proposal %zu: a target on measure %s", i, extract_measure_code(p->measure));
	}
	buf j;
	buf_init(&j, 0);
	if (extract_json(&j, &r))
		fz_fail("extract_json failed");
	buf_free(&j);
	extract_result_free(&r);
	buf_free(&text);
	return 0;
}
