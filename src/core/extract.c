/*
 * extract.c - finding figures in the sentences of a report (extract.h).
 *
 * The report is folded once into its accent-free key (extract_fold), with a
 * map back to its bytes; everything is found in the key, positions are given
 * in the report's own text. A sentence ends at a line end or at '.', '!', '?'
 * followed by a space. In each sentence: the indicators it names (names and
 * synonyms of the catalogue, longest match first, whole words only), the
 * period phrases ("tháng 6", "lũy kế 9 tháng", "6 tháng đầu năm", "quý I",
 * "tính đến ngày 20/10/2023"; "năm 2024" sets the year of this sentence and
 * the following ones), the named wards and communes, and the numbers
 * (Vietnamese form through vn_parse_num, "71, 5%" joined, "96 tỷ /140 tỷ" as
 * X/Y) with the scale word after them. A number belongs to the indicator
 * named last before it in the sentence (or, when none is, the one named right
 * after it); the words between them and right after the number decide the
 * measure. docs/internals/extract.md gives the rules and the confidence.
 *
 * Not for: reading DOCX, output tables, or writing anything.
 */
#include "core/extract.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_MAX_KEYS 8192
#define EX_MAX_MARKS 256 /* mentions, periods, numbers of one sentence */

typedef struct ex_key {
	char *k;    /* folded */
	size_t len;
	size_t ind; /* index in o->inds */
	bool syn;
} ex_key;

/* Keys sorted by their first byte, longest first within it: the keys that
 * may start at a byte c are k[start[c] .. start[c + 1]). */
typedef struct ex_index {
	ex_key *k;
	size_t n;
	size_t start[257];
} ex_index;

typedef enum { PH_MONTH = 1, PH_CUM, PH_QUARTER, PH_YEAR, PH_DATE, PH_THIS_MONTH } ph_kind;

typedef struct ex_span {
	size_t a, b; /* folded offsets, b exclusive */
	int kind;    /* ph_kind for periods; index for mentions */
	int year, month;
} ex_span;

typedef struct ex_ctx {
	const extract_opts *o;
	const char *text;
	size_t tlen;
	const char *f; /* folded */
	size_t fn;
	const size_t *map;
	ex_index keys;  /* names and synonyms of the indicators */
	ex_index ukeys; /* unit names */
	char **uoms;    /* each indicator's unit of measure, folded (NULL until built) */
	int year, month; /* carried over sentences */
	int report_month;  /* the month a heading names ("BÁO CÁO ... tháng 5 năm 2023"), 0 when none */
	bool target_mode;  /* in a resolution, or under a heading of targets: figures are targets */
	bool first_done;   /* the first sentence has been seen */
	extract_result *r;
} ex_ctx;

static bool is_alnum_f(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* True when f[p..) starts with word w and w ends at a word boundary. */
static bool word_at(const ex_ctx *c, size_t p, size_t end, const char *w)
{
	size_t n = strlen(w);
	if (p + n > end || memcmp(c->f + p, w, n) != 0)
		return false;
	return p + n == end || !is_alnum_f((unsigned char)c->f[p + n]) || !is_alnum_f((unsigned char)w[n - 1]);
}

/* True when word w occurs (whole) in f[a..b). */
static bool has_word(const ex_ctx *c, size_t a, size_t b, const char *w)
{
	size_t n = strlen(w);
	for (size_t p = a; p + n <= b; p++)
		if ((p == a || !is_alnum_f((unsigned char)c->f[p - 1])) && word_at(c, p, b, w))
			return true;
	return false;
}

/* Skips one space. */
static size_t sp(const ex_ctx *c, size_t p, size_t end)
{
	return p < end && c->f[p] == ' ' ? p + 1 : p;
}

/* Reads 1..4 digits at p; returns the end or p when none. */
static size_t read_int(const ex_ctx *c, size_t p, size_t end, int *v)
{
	size_t q = p;
	*v = 0;
	while (q < end && q - p < 4 && is_digit(c->f[q]))
		*v = *v * 10 + (c->f[q++] - '0');
	if (q < end && is_digit(c->f[q]))
		return p;
	return q;
}

static int roman(const ex_ctx *c, size_t p, size_t end, size_t *q)
{
	static const char *const r[] = {"iv", "iii", "ii", "i"};
	static const int v[] = {4, 3, 2, 1};
	for (int i = 0; i < 4; i++)
		if (word_at(c, p, end, r[i])) {
			*q = p + strlen(r[i]);
			return v[i];
		}
	int n;
	size_t e = read_int(c, p, end, &n);
	if (e > p && n >= 1 && n <= 4) {
		*q = e;
		return n;
	}
	return 0;
}

/* ---- keys ------------------------------------------------------------------- */

static int add_key(ex_index *x, const char *s, size_t len, size_t ind, bool syn, err *e)
{
	ex_key **arr = &x->k;
	size_t *n = &x->n;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len < 2 || *n >= EX_MAX_KEYS)
		return 0;
	buf b;
	buf_init(&b, 0);
	int rc = extract_fold(&b, s, len, NULL, e);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	if (b.len < 2) {
		buf_free(&b);
		return 0;
	}
	if (*n % 64 == 0) {
		ex_key *p = realloc(*arr, (*n + 64) * sizeof *p);
		if (!p) {
			buf_free(&b);
			return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		}
		*arr = p;
	}
	(*arr)[*n] = (ex_key){NULL, b.len, ind, syn};
	(*arr)[*n].k = buf_detach(&b);
	if (!(*arr)[*n].k)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	(*n)++;
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const ex_key *x = a, *y = b;
	unsigned char cx = (unsigned char)x->k[0], cy = (unsigned char)y->k[0];
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

/* Sorts x's keys and fills its start[]. */
static void index_keys(ex_index *x)
{
	if (x->n)
		qsort(x->k, x->n, sizeof *x->k, key_cmp);
	size_t i = 0;
	for (int ch = 0; ch <= 256; ch++) {
		while (ch < 256 && i < x->n && (unsigned char)x->k[i].k[0] < ch)
			i++;
		x->start[ch] = ch < 256 ? i : x->n;
	}
}

static int build_keys(ex_ctx *c, err *e)
{
	const extract_opts *o = c->o;
	int rc = 0;
	c->uoms = calloc(o->n_inds ? o->n_inds : 1, sizeof *c->uoms);
	if (!c->uoms)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	for (size_t i = 0; i < o->n_inds && !rc; i++) {
		const indicator *d = &o->inds[i];
		buf fu;
		buf_init(&fu, 0);
		if ((rc = extract_fold(&fu, d->uom, strlen(d->uom), NULL, e)) == 0 &&
		    !(c->uoms[i] = buf_detach(&fu)))
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		buf_free(&fu);
		if (!rc)
			rc = add_key(&c->keys, d->name_vi, strlen(d->name_vi), i, false, e);
		/* "Số vụ tai nạn giao thông" is also "vụ tai nạn giao thông" */
		const char *nm = d->name_vi;
		if (!rc && (!strncmp(nm, "Số ", 4) || !strncmp(nm, "số ", 4)))
			rc = add_key(&c->keys, nm + 4, strlen(nm + 4), i, false, e);
		const char *s = d->synonyms;
		while (!rc && *s) {
			const char *sc = strchr(s, ';');
			size_t l = sc ? (size_t)(sc - s) : strlen(s);
			rc = add_key(&c->keys, s, l, i, true, e);
			s += l + (sc ? 1 : 0);
		}
	}
	for (size_t i = 0; i < o->n_units && !rc; i++)
		rc = add_key(&c->ukeys, o->units[i].name, strlen(o->units[i].name), i, false, e);
	index_keys(&c->keys);
	index_keys(&c->ukeys);
	return rc;
}

/* The longest key of x at p (whole words), or NULL. Only the keys starting
 * with the byte at p are tried. */
static const ex_key *key_at(const ex_ctx *c, const ex_index *x, size_t p, size_t end)
{
	if (p >= end || (p > 0 && is_alnum_f((unsigned char)c->f[p - 1])))
		return NULL;
	unsigned char ch = (unsigned char)c->f[p];
	for (size_t i = x->start[ch]; i < x->start[ch + 1]; i++) {
		const ex_key *k = &x->k[i];
		if (p + k->len <= end && !memcmp(c->f + p, k->k, k->len) &&
		    (p + k->len == end || !is_alnum_f((unsigned char)c->f[p + k->len])))
			return k;
	}
	return NULL;
}

/* ---- numbers ------------------------------------------------------------------ */

typedef struct ex_num {
	size_t a, b;    /* the figure, with its scale word */
	size_t na;      /* the number itself starts at na */
	num_t v, t;     /* value, and the Y of X/Y */
	bool xy;
	int scale;      /* money power of ten (9 tỷ, 6 triệu, 3 nghìn, 0 đồng), -1 none */
	char unit[24];  /* folded unit word: "%", "diem phan tram", "tan", "ha", ... or "" */
} ex_num;

static size_t read_scale(const ex_ctx *c, size_t p, size_t end, struct ex_num *x);

/* Reads a number token at p in Vietnamese form; "71, 5" before a '%' is one
 * number. Returns the end (p when none) and the value. */
static size_t read_num(const ex_ctx *c, size_t p, size_t end, num_t *v)
{
	char tok[48];
	size_t n = 0, q = p;
	while (q < end && n + 2 < sizeof tok) {
		if (is_digit(c->f[q])) {
			tok[n++] = c->f[q++];
		} else if ((c->f[q] == '.' || c->f[q] == ',') && q + 1 < end && is_digit(c->f[q + 1]) && n) {
			tok[n++] = c->f[q++];
		} else if (c->f[q] == ',' && q + 2 < end && c->f[q + 1] == ' ' && is_digit(c->f[q + 2]) && n) {
			/* "71, 5%": a stray space after the decimal comma */
			size_t r = q + 2;
			while (r < end && is_digit(c->f[r]))
				r++;
			ex_num tmp;
			memset(&tmp, 0, sizeof tmp);
			if (r - (q + 2) > 2 || read_scale(c, r, end, &tmp) == r)
				break;
			tok[n++] = ',';
			q += 2;
		} else {
			break;
		}
	}
	if (!n)
		return p;
	tok[n] = '\0';
	err e;
	if (vn_parse_num(tok, v, &e))
		return p;
	return q;
}

static const struct {
	const char *w;
	int scale;
} scale_words[] = {
	{"diem phan tram", -1}, {"ty dong", 9}, {"trieu dong", 6}, {"nghin dong", 3}, {"ngan dong", 3},
	{"ty", 9}, {"trieu", 6}, {"nghin", 3}, {"ngan", 3}, {"dong", 0}, {"%", -1}, {"tan", -1},
	{"ha", -1}, {"con", -1}, {"nguoi", -1}, {"luot", -1},
};

/* The scale word at p (after one optional space): its end, or p. */
static size_t read_scale(const ex_ctx *c, size_t p, size_t end, ex_num *x)
{
	size_t q = sp(c, p, end);
	for (size_t i = 0; i < sizeof scale_words / sizeof scale_words[0]; i++) {
		const char *w = scale_words[i].w;
		if ((w[0] == '%' && q < end && c->f[q] == '%') || word_at(c, q, end, w)) {
			snprintf(x->unit, sizeof x->unit, "%s", w);
			x->scale = scale_words[i].scale;
			return q + strlen(w);
		}
	}
	return p;
}

/* A number (or X/Y) at p; false when p holds none worth proposing. */
static bool number_at(const ex_ctx *c, size_t p, size_t end, ex_num *x)
{
	memset(x, 0, sizeof *x);
	x->scale = -1;
	if (p > 0 && (is_alnum_f((unsigned char)c->f[p - 1]) || c->f[p - 1] == '/' || c->f[p - 1] == '.' ||
		      c->f[p - 1] == ','))
		return false;
	size_t q = read_num(c, p, end, &x->v);
	if (q == p)
		return false;
	x->a = x->na = p;
	if (q < end && (is_alnum_f((unsigned char)c->f[q]) || c->f[q] == '-'))
		return false;
	size_t s = read_scale(c, q, end, x);
	/* X/Y, with stray spaces and a scale word on each side ("96 tỷ /140 tỷ") */
	size_t t = sp(c, s, end);
	if (t < end && c->f[t] == '/' && !(s > q && t + 1 < end && !is_digit(c->f[sp(c, t + 1, end)]))) {
		size_t u = sp(c, t + 1, end);
		size_t w = read_num(c, u, end, &x->t);
		if (w == u)
			return false;
		if (w < end && (c->f[w] == '/' || c->f[w] == '-' || is_alnum_f((unsigned char)c->f[w])))
			return false; /* a date or a document's number (20/10/2023, 15/NQ-HĐND) */
		x->xy = true;
		ex_num y = *x;
		size_t z = read_scale(c, w, end, &y);
		if (x->unit[0] == '\0') {
			snprintf(x->unit, sizeof x->unit, "%s", y.unit);
			x->scale = y.scale;
		}
		x->b = z;
		return true;
	}
	while (s > q && s + 1 < end && c->f[s] == '/' && is_alnum_f((unsigned char)c->f[s + 1]) && !is_digit(c->f[s + 1])) {
		s++; /* "triệu đồng/người/năm": the rest of the unit */
		while (s < end && is_alnum_f((unsigned char)c->f[s]))
			s++;
	}
	x->b = s;
	return true;
}

/* ---- periods -------------------------------------------------------------------- */

/* The period phrase at p: fills sp_ and returns true. */
static bool period_at(const ex_ctx *c, size_t p, size_t end, int year, ex_span *s)
{
	int n, m, y;
	size_t q;
	memset(s, 0, sizeof *s);
	s->a = p;
	s->year = year;
	if (p > 0 && is_alnum_f((unsigned char)c->f[p - 1]))
		return false;
	if (word_at(c, p, end, "luy ke")) {
		q = sp(c, p + 6, end);
		size_t r = read_int(c, q, end, &n);
		if (r > q && n >= 1 && n <= 12 && word_at(c, sp(c, r, end), end, "thang")) {
			s->kind = PH_CUM;
			s->month = n;
			s->b = sp(c, r, end) + 5;
			if (word_at(c, sp(c, s->b, end), end, "dau nam"))
				s->b = sp(c, s->b, end) + 7;
			return true;
		}
		return false;
	}
	if (word_at(c, p, end, "trong thang")) {
		q = sp(c, p + 11, end);
		size_t r0 = read_int(c, q, end, &m);
		if (r0 > q && m >= 1 && m <= 12)
			return period_at(c, p + 6, end, year, s) && ((s->a = p), true); /* "trong tháng 10" */
		s->kind = PH_THIS_MONTH;
		s->b = p + 11;
		return true;
	}
	if (word_at(c, p, end, "thang")) {
		q = sp(c, p + 5, end);
		size_t r = read_int(c, q, end, &m);
		if (r == q || m < 1 || m > 12)
			return false;
		s->kind = PH_MONTH;
		s->month = m;
		s->b = r;
		if (r < end && c->f[r] == '/' && read_int(c, r + 1, end, &y) == r + 5 && y >= 1990) {
			s->year = y;
			s->b = r + 5;
		} else if (word_at(c, sp(c, r, end), end, "nam")) {
			size_t t = sp(c, sp(c, r, end) + 3, end);
			size_t u = read_int(c, t, end, &y);
			if (u == t + 4 && y >= 1990) {
				s->year = y;
				s->b = u;
			}
		}
		return true;
	}
	if (word_at(c, p, end, "quy")) {
		q = sp(c, p + 3, end);
		size_t r;
		int qq = roman(c, q, end, &r);
		if (!qq)
			return false;
		s->kind = PH_QUARTER;
		s->month = qq * 3;
		s->b = r;
		return true;
	}
	if (word_at(c, p, end, "tinh den") || word_at(c, p, end, "den ngay")) {
		q = sp(c, p + 8, end);
		if (word_at(c, q, end, "ngay"))
			q = sp(c, q + 4, end);
		int d;
		size_t r = read_int(c, q, end, &d);
		if (r == q || r >= end || c->f[r] != '/')
			return false;
		size_t r2 = read_int(c, r + 1, end, &m);
		if (r2 == r + 1 || r2 >= end || c->f[r2] != '/' || m < 1 || m > 12)
			return false;
		size_t r3 = read_int(c, r2 + 1, end, &y);
		if (r3 != r2 + 5 || y < 1990)
			return false;
		s->kind = PH_DATE;
		s->month = m;
		s->year = y;
		s->b = r3;
		return true;
	}
	if (word_at(c, p, end, "ca nam")) {
		s->kind = PH_YEAR;
		s->b = p + 6;
		return true;
	}
	/* "6 tháng đầu năm", "9 tháng năm 2024" */
	size_t r = read_int(c, p, end, &n);
	if (r > p && n >= 1 && n <= 12 && word_at(c, sp(c, r, end), end, "thang")) {
		size_t t = sp(c, r, end) + 5;
		if (word_at(c, sp(c, t, end), end, "dau nam")) {
			s->kind = PH_CUM;
			s->month = n;
			s->b = sp(c, t, end) + 7;
			return true;
		}
		if (word_at(c, sp(c, t, end), end, "nam")) {
			size_t u = sp(c, sp(c, t, end) + 3, end);
			size_t v = read_int(c, u, end, &y);
			if (v == u + 4 && y >= 1990) {
				s->kind = PH_CUM;
				s->month = n;
				s->year = y;
				s->b = v;
				return true;
			}
		}
	}
	return false;
}

/* ---- proposals ---------------------------------------------------------------------- */

static int push(ex_ctx *c, const extract_prop *p, err *e)
{
	extract_result *r = c->r;
	for (size_t i = r->n; i > 0 && r->p[i - 1].sent_off == p->sent_off; i--) {
		const extract_prop *q = &r->p[i - 1];
		if (q->measure == p->measure && q->value == p->value && !strcmp(q->indicator, p->indicator) &&
		    !strcmp(q->unit, p->unit) && !strcmp(q->period, p->period))
			return 0; /* the same figure twice in one sentence ("3 sản phẩm OCOP đạt 3 sao") */
	}
	if (r->n >= EXTRACT_MAX_PROPOSALS)
		return err_set(e, ERR_TOOBIG, "văn bản có quá %d số liệu", EXTRACT_MAX_PROPOSALS);
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 32;
		extract_prop *q = realloc(r->p, nc * sizeof *q);
		if (!q)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		r->p = q;
		r->cap = nc;
	}
	r->p[r->n++] = *p;
	return 0;
}

/* v × 10^k, false on overflow. */
static bool scale_num(num_t v, int k, num_t *out)
{
	while (k > 0) {
		if (v > NUM_MAX / 10 || v < -NUM_MAX / 10)
			return false;
		v *= 10;
		k--;
	}
	while (k < 0) {
		num_t q = v / 10, rem = v % 10;
		v = q + (rem >= 5 ? 1 : rem <= -5 ? -1 : 0);
		k++;
	}
	*out = v;
	return true;
}

static bool uom_is_money(const char *fu)
{
	return strstr(fu, "dong") != NULL;
}

static long cp_of(const ex_ctx *c, size_t sent_byte, size_t fpos)
{
	size_t ob = c->map[fpos];
	long n = 0;
	for (size_t i = sent_byte; i < ob; i++)
		n += ((unsigned char)c->text[i] & 0xC0) != 0x80;
	return n;
}

/* The byte just past the figure in the report: the end of the code point
 * that gave folded byte fend - 1. */
static size_t orig_end(const ex_ctx *c, size_t fend)
{
	size_t ob = c->map[fend - 1];
	size_t i = ob + 1;
	while (i < c->tlen && ((unsigned char)c->text[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static int do_sentence(ex_ctx *c, size_t s0, size_t s1, err *e)
{
	ex_span ment[EX_MAX_MARKS], per[EX_MAX_MARKS], units[EX_MAX_MARKS];
	ex_num nums[EX_MAX_MARKS];
	size_t nm = 0, np = 0, nu = 0, nn = 0;
	size_t units_at = SIZE_MAX; /* where the named units' phrase starts */
	bool hedged_units = false;

	/* "năm 2024" sets the year of this sentence and the following ones */
	for (size_t p = s0; p < s1; p++) {
		int y;
		if (word_at(c, p, s1, "nam") && (p == s0 || !is_alnum_f((unsigned char)c->f[p - 1]))) {
			size_t q = sp(c, p + 3, s1);
			size_t r = read_int(c, q, s1, &y);
			bool compared = (p >= s0 + 7 && !memcmp(c->f + p - 7, "so voi ", 7)) ||
					(p >= s0 + 3 && !memcmp(c->f + p - 3, "so ", 3));
			if (r == q + 4 && y >= 1990 && y <= 2100 && !compared && (r == s1 || !is_alnum_f((unsigned char)c->f[r]))) {
				c->year = y;
				if (np < EX_MAX_MARKS)
					per[np++] = (ex_span){p, r, PH_YEAR, y, 0};
			}
		}
	}
	/* mentions, period phrases, named units, numbers: one pass left to right */
	for (size_t p = s0; p < s1;) {
		const ex_key *k = key_at(c, &c->keys, p, s1);
		if (k && nm < EX_MAX_MARKS) {
			ment[nm++] = (ex_span){p, p + k->len, (int)k->ind, k->syn, 0};
			p += k->len;
			continue;
		}
		ex_span ph;
		if (np < EX_MAX_MARKS && period_at(c, p, s1, c->year, &ph)) {
			per[np++] = ph;
			p = ph.b;
			continue;
		}
		/* a year ("năm 2024", "so với năm 2022") is no figure */
		if (word_at(c, p, s1, "nam") && (p == s0 || !is_alnum_f((unsigned char)c->f[p - 1]))) {
			int y;
			size_t q0 = sp(c, p + 3, s1);
			size_t r0 = read_int(c, q0, s1, &y);
			if (r0 == q0 + 4) {
				p = r0;
				continue;
			}
		}
		/* "03 xã Nông Thượng, Dương Quang và Huyền Tụng" */
		size_t q = p;
		int cnt;
		size_t r = read_int(c, q, s1, &cnt);
		if (r > q && (p == s0 || !is_alnum_f((unsigned char)c->f[p - 1])))
			q = sp(c, r, s1);
		const char *types[] = {"xa", "phuong", "thi tran"};
		bool typed = false;
		for (int i = 0; i < 3 && !typed; i++)
			if ((q == s0 || !is_alnum_f((unsigned char)c->f[q - 1])) && word_at(c, q, s1, types[i])) {
				size_t t = sp(c, q + strlen(types[i]), s1);
				const ex_key *u = key_at(c, &c->ukeys, t, s1);
				if (!u)
					continue;
				typed = true;
				if (units_at == SIZE_MAX)
					units_at = p;
				while (u && nu < EX_MAX_MARKS) {
					units[nu++] = (ex_span){t, t + u->len, (int)u->ind, 0, 0};
					t += u->len;
					if (t + 1 < s1 && c->f[t] == ',')
						t = sp(c, t + 1, s1);
					else if (word_at(c, sp(c, t, s1), s1, "va"))
						t = sp(c, sp(c, t, s1) + 2, s1);
					else
						break;
					u = key_at(c, &c->ukeys, t, s1);
				}
				p = t;
			}
		if (typed)
			continue;
		ex_num x;
		if (nn < EX_MAX_MARKS && is_digit(c->f[p]) && number_at(c, p, s1, &x)) {
			/* counts of periods or places are not figures ("3 năm", "5 xã") */
			size_t t = sp(c, x.b, s1);
			if (!x.xy && !x.unit[0] &&
			    (word_at(c, t, s1, "nam") || word_at(c, t, s1, "thang") || word_at(c, t, s1, "ngay") ||
			     word_at(c, t, s1, "quy"))) {
				p = x.b;
				continue;
			}
			nums[nn++] = x;
			p = x.b;
			continue;
		}
		while (p < s1 && is_alnum_f((unsigned char)c->f[p]))
			p++;
		p++;
	}
	/* A resolution ("NGHỊ QUYẾT ..." as the first line) states targets; so do the
	 * sentences under a heading of targets ("Các chỉ tiêu chủ yếu năm 2023",
	 * "Mục tiêu"), until a heading of something else. A heading: no figures. */
	bool first = !c->first_done;
	c->first_done = true;
	if (first && word_at(c, s0, s1, "nghi quyet"))
		c->target_mode = true;
	else if (nn == 0 && nm == 0 && !first) {
		bool about_results = has_word(c, s0, s1, "ket qua") || has_word(c, s0, s1, "danh gia") ||
				     has_word(c, s0, s1, "thuc hien") || has_word(c, s0, s1, "tinh hinh");
		bool about_targets = has_word(c, s0, s1, "chi tieu chu yeu") || has_word(c, s0, s1, "phan dau") ||
				     has_word(c, s0, s1, "muc tieu") || has_word(c, s0, s1, "cac chi tieu");
		c->target_mode = about_targets && !about_results;
	}
	/* the sentence's own month, for "trong tháng" here and in the sentences after */
	int s_month = 0;
	for (size_t i = 0; i < np; i++)
		if (per[i].kind == PH_MONTH || per[i].kind == PH_CUM || per[i].kind == PH_DATE)
			s_month = per[i].month;
	if (s_month)
		c->month = s_month;
	if (!nm)
		for (size_t i = 0; i < np; i++)
			if (per[i].kind == PH_MONTH || per[i].kind == PH_CUM)
				c->report_month = per[i].kind == PH_MONTH ? per[i].month : 0;
	if (!nm)
		return 0; /* a sentence that names no indicator proposes nothing */
	if (units_at != SIZE_MAX)
		hedged_units = has_word(c, units_at, s1, "duoi") || has_word(c, units_at, s1, "tren");

	bool target_words = false;
	size_t sent_byte = c->map[s0];
	size_t sent_end = orig_end(c, s1);

	for (size_t i = 0; i < nn; i++) {
		ex_num *x = &nums[i];
		double conf = 1.0;
		/* the indicator: named last before the figure, or right after it */
		long mi = -1;
		for (size_t j = 0; j < nm && mi < 0; j++)
			if (ment[j].a >= x->b && ment[j].a <= x->b + 1) /* "21.500 lượt khách du lịch" */
				mi = (long)j;
		for (size_t j = 0; j < nm && mi < 0; j++)
			if (ment[j].b <= x->a)
				mi = (long)j;
		for (size_t j = 0; j < nm && mi >= 0 && ment[mi].b <= x->a; j++)
			if (ment[j].b <= x->a && ment[j].a > ment[mi].a)
				mi = (long)j;
		if (mi < 0) {
			for (size_t j = 0; j < nm; j++)
				if (ment[j].a >= x->b && (i + 1 == nn || nums[i + 1].a > ment[j].a)) {
					mi = (long)j;
					conf -= 0.15;
					break;
				}
		}
		if (mi < 0)
			continue;
		const indicator *ind = &c->o->inds[ment[mi].kind];
		if (ment[mi].year) /* matched by a synonym */
			conf -= 0.05;
		size_t lead_a = ment[mi].b <= x->a ? ment[mi].b : s0;
		if (i > 0 && nums[i - 1].b > lead_a && nums[i - 1].b <= x->a)
			lead_a = nums[i - 1].b;
		size_t trail_b = i + 1 < nn ? nums[i + 1].a : s1;
		for (size_t j = 0; j < nm; j++)
			if (ment[j].a >= x->b && ment[j].a < trail_b && (long)j != mi)
				trail_b = ment[j].a;
		if (trail_b > x->b + 48)
			trail_b = x->b + 48;
		size_t lead_tail = x->a > lead_a + 24 ? x->a - 24 : lead_a;
		const char *iu = c->uoms[ment[mi].kind];
		bool ind_pct = !strcmp(iu, "%");
		bool ind_money = uom_is_money(iu);
		bool is_pct = !strcmp(x->unit, "%");
		bool is_pts = !strcmp(x->unit, "diem phan tram");
		bool fell = has_word(c, lead_tail, x->a, "giam") && !has_word(c, lead_tail, x->a, "con") &&
			    !has_word(c, lead_tail, x->a, "xuong");
		bool rose = has_word(c, lead_tail, x->a, "tang") && !has_word(c, lead_tail, x->a, "len");
		bool on_last = has_word(c, x->b, trail_b, "so cung ky") || has_word(c, x->b, trail_b, "so voi cung ky") ||
			       has_word(c, x->b, trail_b, "so voi nam") || has_word(c, x->b, trail_b, "so cung ky nam truoc");
		bool on_month = has_word(c, x->b, trail_b, "so voi thang") || has_word(c, x->b, trail_b, "so thang");
		bool of_plan = (is_pct && (has_word(c, x->b, x->b + 12 < trail_b ? x->b + 12 : trail_b, "kh") ||
					   has_word(c, x->b, trail_b, "ke hoach") || has_word(c, x->b, trail_b, "chi tieu") ||
					   has_word(c, x->b, trail_b, "nghi quyet") || has_word(c, x->b, trail_b, "du toan")));
		/* "vượt 0,2 điểm phần trăm so với kế hoạch": a comparison with the plan, no measure;
		 * "giảm từ 1,78% xuống còn 1,25%": the figure after "từ" is the old one */
		bool vs_plan = !of_plan && (has_word(c, x->b, trail_b, "so voi ke hoach") || has_word(c, x->b, trail_b, "so ke hoach"));
		bool from_old = x->a >= lead_a + 3 && !memcmp(c->f + x->a - 3, "tu ", 3) &&
				(x->a == lead_a + 3 || !is_alnum_f((unsigned char)c->f[x->a - 4]));
		if (!x->xy && (vs_plan || from_old)) {
			continue;
		}
		/* the period: the phrase last before the figure, else the sentence's first */
		const ex_span *ph = NULL;
		for (size_t j = 0; j < np; j++)
			if (per[j].b <= x->a && per[j].kind != PH_YEAR)
				ph = &per[j];
		if (!ph)
			for (size_t j = 0; j < np; j++)
				if (per[j].kind != PH_YEAR) {
					ph = &per[j];
					break;
				}
		extract_prop pr;
		memset(&pr, 0, sizeof pr);
		extract_measure m = EXM_VALUE;
		target_words = c->target_mode || has_word(c, s0, x->a, "phan dau") || has_word(c, s0, x->a, "muc tieu") ||
			       has_word(c, s0, x->a, "chi tieu") || has_word(c, s0, x->a, "nghi quyet") ||
			       has_word(c, s0, x->a, "ke hoach nam");
		if (!x->xy && (on_month || (on_last && !is_pct && !is_pts))) {
			/* "giảm 2 vụ so với tháng trước", "tăng 4,2 triệu đồng so với năm 2021":
			 * a change that is none of the measures */
			continue;
		}
		if (x->xy) {
			m = has_word(c, x->b, trail_b, "khong dat") ? EXM_TARGETS_NOT_MET : EXM_ACHIEVED_OF_TARGET;
		} else if (of_plan) {
			m = EXM_PERCENT_OF_PLAN;
		} else if (on_last || is_pts || ((is_pct && !ind_pct) && (fell || rose))) {
			m = EXM_CHANGE_ON_LAST_YEAR;
			if (fell)
				x->v = -x->v;
		} else if (is_pct && !ind_pct) {
			continue; /* a share of something else: not this indicator's figure */
		} else if (target_words) {
			m = EXM_TARGET;
		} else if ((ph && ph->kind == PH_CUM) || (ph && ph->kind == PH_DATE && ind->kind == IND_FLOW) ||
			   has_word(c, lead_a, x->a, "luy ke")) {
			m = EXM_CUMULATIVE;
		}
		/* the value in the indicator's unit of measure */
		num_t v = x->v, t = x->t;
		if (m == EXM_VALUE || m == EXM_CUMULATIVE || m == EXM_TARGET || m == EXM_ACHIEVED_OF_TARGET) {
			if (x->scale >= 0 && ind_money) {
				if (!scale_num(v, x->scale - ind->uom_scale, &v) ||
				    !scale_num(t, x->scale - ind->uom_scale, &t)) {
						continue;
				}
			} else if (x->scale >= 0 && !ind_money) {
				continue; /* money for an indicator that is not money */
			} else if (ind_money && !x->unit[0]) {
				conf -= 0.2;
			} else if (x->unit[0] && !is_pct && !strstr(iu, x->unit)) {
				continue; /* "làm 1 người bị thương" is no figure of accidents */
			} else if (!x->unit[0] && m != EXM_ACHIEVED_OF_TARGET) {
				conf -= 0.1;
			}
		}
		pr.measure = m;
		pr.value = v;
		pr.has_target = x->xy;
		pr.target = t;
		/* period code */
		int year = c->year ? c->year : c->o->year;
		int month = 0;
		bool quarter = false;
		if (ph) {
			if (ph->year)
				year = ph->year;
			month = ph->kind == PH_THIS_MONTH ? c->month : ph->month;
			quarter = ph->kind == PH_QUARTER;
			if (ph->kind == PH_YEAR)
				month = 0;
		} else {
			conf -= 0.15;
			/* a monthly figure in a report of a month ("BÁO CÁO ... tháng 5 năm 2023") */
			if (c->report_month && ind->freq == FREQ_MONTH)
				month = c->report_month;
		}
		if (m == EXM_TARGET)
			month = 0, quarter = false;
		if (year < 1900 || year > 9999)
			continue;
		if (quarter)
			snprintf(pr.period, sizeof pr.period, "%dQ%d", year, month / 3);
		else if (month)
			snprintf(pr.period, sizeof pr.period, "%d%02d", year, month);
		else
			snprintf(pr.period, sizeof pr.period, "%d", year);
		/* hedges in the last words before the figure */
		static const char *const hedges[] = {"khoang", "tren", "hon", "uoc", "gan", "xap xi", "duoi"};
		for (size_t h = 0; h < sizeof hedges / sizeof hedges[0]; h++)
			if (has_word(c, lead_tail, x->a, hedges[h]))
				pr.approx = true;
		if (pr.approx)
			conf -= 0.05;
		snprintf(pr.indicator, sizeof pr.indicator, "%s", ind->code);
		pr.sent_off = sent_byte;
		pr.sent_len = sent_end - sent_byte;
		pr.start = cp_of(c, sent_byte, x->a);
		pr.end = cp_of(c, sent_byte, x->b - 1) + 1;
		if (nu && units_at < x->a) {
			pr.approx = pr.approx || hedged_units;
			conf -= 0.15;
			for (size_t u = 0; u < nu; u++) {
				snprintf(pr.unit, sizeof pr.unit, "%s", c->o->units[units[u].kind].code);
				pr.confidence = conf < 0.05 ? 0.05 : conf;
				int prc = push(c, &pr, e);
				if (prc)
					return prc;
			}
		} else {
			snprintf(pr.unit, sizeof pr.unit, "%s", c->o->unit_code ? c->o->unit_code : "");
			pr.confidence = conf < 0.05 ? 0.05 : conf;
			int prc = push(c, &pr, e);
			if (prc)
				return prc;
		}
	}
	return 0;
}

int extract_run(const char *text, size_t len, const extract_opts *o, extract_result *out, err *e)
{
	memset(out, 0, sizeof *out);
	out->text = text;
	if (len > EXTRACT_MAX_BYTES)
		return err_set(e, ERR_TOOBIG, "văn bản dài %zu byte, quá giới hạn %zu byte", len, EXTRACT_MAX_BYTES);
	if (memchr(text, '\0', len))
		return err_set(e, ERR_INVALID, "văn bản có byte 0: không phải văn bản thuần (hãy gửi .txt UTF-8 hoặc .docx)");
	ex_ctx c;
	memset(&c, 0, sizeof c);
	c.o = o;
	c.text = text;
	c.tlen = len;
	c.r = out;
	c.year = 0;
	buf f;
	buf_init(&f, 0);
	size_t *map = NULL;
	int rc = extract_fold(&f, text, len, &map, e);
	if (rc) {
		if (rc == ERR_INVALID)
			err_set(e, ERR_INVALID, "văn bản không phải UTF-8 (có thể là mã TCVN3/VNI hoặc Windows-1258): "
				"hãy lưu lại dạng UTF-8");
		goto done;
	}
	if ((rc = build_keys(&c, e)))
		goto done;
	c.f = buf_cstr(&f);
	c.fn = f.len;
	c.map = map;
	size_t s0 = 0;
	for (size_t p = 0; p <= c.fn && !rc; p++) {
		bool end = p == c.fn || c.f[p] == '\n' ||
			   ((c.f[p] == '.' || c.f[p] == '!' || c.f[p] == '?') && (p + 1 == c.fn || c.f[p + 1] == ' ' ||
									      c.f[p + 1] == '\n'));
		if (!end)
			continue;
		size_t a = s0, b = p;
		while (a < b && c.f[a] == ' ')
			a++;
		while (b > a && c.f[b - 1] == ' ')
			b--;
		if (b > a)
			rc = do_sentence(&c, a, b, e);
		s0 = p + 1;
	}
done:
	for (size_t i = 0; i < c.keys.n; i++)
		free(c.keys.k[i].k);
	for (size_t i = 0; i < c.ukeys.n; i++)
		free(c.ukeys.k[i].k);
	for (size_t i = 0; c.uoms && i < o->n_inds; i++)
		free(c.uoms[i]);
	free(c.uoms);
	free(c.keys.k);
	free(c.ukeys.k);
	free(map);
	buf_free(&f);
	if (rc)
		extract_result_free(out);
	return rc;
}

void extract_result_free(extract_result *r)
{
	if (!r)
		return;
	free(r->p);
	r->p = NULL;
	r->n = r->cap = 0;
}
