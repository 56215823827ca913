/*
 * extract_text.c - the text side of the extractor (extract.h): the
 * accent-free key a report and the catalogue's names are matched in (with a
 * map back to the report's bytes), the measures' codes and labels, and the
 * proposals as JSON.
 *
 * Not for: finding figures in a sentence (extract.c).
 */
#include "core/extract.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/jsonw.h"

static const struct {
	const char *code, *label;
} measures[] = {
	{"value", "giá trị kỳ"},
	{"cumulative", "lũy kế"},
	{"percent_of_plan", "% kế hoạch"},
	{"change_on_last_year", "so cùng kỳ"},
	{"target", "chỉ tiêu"},
	{"achieved_of_target", "đạt/chỉ tiêu"},
	{"targets_not_met", "chỉ tiêu không đạt"},
};

const char *extract_measure_code(extract_measure m)
{
	return m >= EXM_VALUE && m <= EXM_TARGETS_NOT_MET ? measures[m - 1].code : "?";
}

const char *extract_measure_label(extract_measure m)
{
	return m >= EXM_VALUE && m <= EXM_TARGETS_NOT_MET ? measures[m - 1].label : "?";
}

static bool is_space_cp(utf8proc_int32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0x2007 || c == 0x202F || c == 0x2009 ||
	       c == 0xFEFF;
}

int extract_fold(buf *b, const char *s, size_t len, size_t **map, err *e)
{
	size_t cap = len + 16, n0 = b->len;
	size_t *m = NULL;
	if (map) {
		*map = NULL;
		if (!(m = malloc(cap * sizeof *m)))
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc văn bản");
	}
	size_t i = 0;
	int last = '\n'; /* no space at the start */
	int rc = 0;
	while (i < len && !rc) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			rc = err_set(e, ERR_INVALID, "văn bản không phải UTF-8 hợp lệ (byte %zu)", i);
			break;
		}
		char out[64];
		size_t on = 0;
		if (c == '\n' || c == 0x2028 || c == 0x2029) {
			if (last == ' ' && b->len > n0) { /* a space before the line end goes */
				b->len--;
				b->data[b->len] = '\0';
			}
			if (last != '\n')
				out[on++] = '\n';
		} else if (is_space_cp(c)) {
			if (last != ' ' && last != '\n')
				out[on++] = ' ';
		} else if (c == 0x110 || c == 0x111) {
			out[on++] = 'd';
		} else if (c == 0x2013 || c == 0x2014) {
			out[on++] = '-';
		} else {
			utf8proc_int32_t d[8];
			int bc = 0;
			utf8proc_ssize_t nd = utf8proc_decompose_char(
				c, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bc);
			if (nd < 0 || nd > 8) {
				d[0] = c;
				nd = 1;
			}
			for (utf8proc_ssize_t j = 0; j < nd; j++)
				on += (size_t)utf8proc_encode_char(d[j], (utf8proc_uint8_t *)out + on);
		}
		if (on) {
			if (m && b->len - n0 + on + 1 > cap) {
				size_t nc = (b->len - n0 + on + 1) * 2;
				size_t *p = realloc(m, nc * sizeof *m);
				if (!p) {
					rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc văn bản");
					break;
				}
				m = p;
				cap = nc;
			}
			for (size_t j = 0; m && j < on; j++)
				m[b->len - n0 + j] = i;
			if (buf_append(b, out, on)) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc văn bản");
				break;
			}
			last = out[on - 1];
		}
		i += (size_t)k;
	}
	if (rc) {
		free(m);
		return rc;
	}
	if (m) {
		m[b->len - n0] = len;
		*map = m;
	}
	return 0;
}

int extract_json(buf *b, const extract_result *r)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < r->n; i++) {
		const extract_prop *p = &r->p[i];
		if (i)
			buf_putc(b, ',');
		buf_putc(b, '{');
		jsonw_kv_str(b, "indicator", p->indicator, true);
		jsonw_kv_str(b, "unit", p->unit, true);
		jsonw_kv_str(b, "period", p->period, true);
		jsonw_kv_str(b, "measure", extract_measure_code(p->measure), true);
		buf_puts(b, "\"value\":");
		jsonw_num(b, p->value);
		buf_putc(b, ',');
		if (p->has_target) {
			buf_puts(b, "\"target\":");
			jsonw_num(b, p->target);
			buf_putc(b, ',');
		}
		buf_printf(b, "\"approx\":%s,\"confidence\":", p->approx ? "true" : "false");
		jsonw_double(b, p->confidence, 2);
		buf_putc(b, ',');
		buf_puts(b, "\"text\":");
		char *t = malloc(p->sent_len + 1);
		if (!t)
			return ERR_NOMEM;
		memcpy(t, r->text + p->sent_off, p->sent_len);
		t[p->sent_len] = '\0';
		buf_json_str(b, t);
		free(t);
		buf_printf(b, ",\"start\":%ld,\"end\":%ld}", p->start, p->end);
	}
	buf_puts(b, "]\n");
	return buf_failed(b);
}
