/*
 * extract_import.c - after extraction (issue #19, item 3): the proposals as
 * a review file (CSV with a decision column a person fills in: "nhận" or
 * "bỏ", after correcting any cell), reading that file back, and importing
 * the accepted rows: values through the one importer (import_values_rows:
 * the catalogue's checks, validation rules, audit with the reason "trích từ
 * văn bản <file>"), a month's cumulative turned into the month's value by
 * subtracting the months already stored (said in a note), targets to the
 * target table; all in one transaction, a dry run rolling it back.
 *
 * Not for: finding figures (extract.c) or who may import (the faces).
 */
#include "core/extract.h"
#include "core/import.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const review_head[] = {"quyet_dinh", "indicator", "unit", "period", "measure", "value",
					  "target", "approx", "confidence", "text"};
#define REVIEW_COLS 10

int extract_csv(buf *b, const extract_result *r)
{
	for (int k = 0; k < REVIEW_COLS; k++) {
		buf_puts(b, review_head[k]);
		buf_putc(b, k + 1 < REVIEW_COLS ? ',' : '\n');
	}
	for (size_t i = 0; i < r->n; i++) {
		const extract_prop *p = &r->p[i];
		buf v;
		buf_init(&v, 0);
		buf_puts(b, ",");
		buf_csv_field(b, p->indicator, ',');
		buf_putc(b, ',');
		buf_csv_field(b, p->unit, ',');
		buf_putc(b, ',');
		buf_csv_field(b, p->period, ',');
		buf_putc(b, ',');
		buf_puts(b, extract_measure_code(p->measure));
		buf_putc(b, ',');
		vn_format_num(&v, p->value, -1);
		buf_csv_field(b, buf_cstr(&v), ',');
		buf_putc(b, ',');
		if (p->has_target) {
			buf_reset(&v);
			vn_format_num(&v, p->target, -1);
			buf_csv_field(b, buf_cstr(&v), ',');
		}
		buf_printf(b, ",%s,", p->approx ? "có" : "không");
		buf_reset(&v);
		vn_format_double(&v, p->confidence, 2);
		buf_csv_field(b, buf_cstr(&v), ',');
		buf_putc(b, ',');
		buf_reset(&v);
		buf_append(&v, r->text + p->sent_off, p->sent_len);
		for (size_t k = 0; k < v.len; k++)
			if (v.data[k] == '\n' || v.data[k] == '\r')
				v.data[k] = ' ';
		buf_csv_field(b, buf_cstr(&v), ',');
		buf_putc(b, '\n');
		buf_free(&v);
	}
	return buf_failed(b);
}

static int measure_from_code(const char *s, extract_measure *m)
{
	for (int k = EXM_VALUE; k <= EXM_TARGETS_NOT_MET; k++)
		if (!strcmp(s, extract_measure_code((extract_measure)k))) {
			*m = (extract_measure)k;
			return 0;
		}
	return ERR_INVALID;
}

int extract_review_read(FILE *f, const char *name, extract_row **rows, size_t *n, err *e)
{
	*rows = NULL;
	*n = 0;
	csv_reader *cr = NULL;
	int rc = csv_open(f, name, ',', &cr, e);
	if (rc)
		return rc;
	char **fl;
	size_t nf;
	int col[REVIEW_COLS];
	size_t cap = 0;
	rc = csv_next(cr, &fl, &nf, e);
	if (rc <= 0) {
		csv_close(cr);
		return rc < 0 ? rc : err_set(e, ERR_INVALID, "%s: tệp trống (cần dòng tiêu đề quyet_dinh,indicator,...)", name);
	}
	for (int k = 0; k < REVIEW_COLS; k++) {
		col[k] = -1;
		for (size_t j = 0; j < nf; j++)
			if (!strcmp(fl[j], review_head[k]))
				col[k] = (int)j;
		if (col[k] < 0 && k <= 6) {
			csv_close(cr);
			return err_set(e, ERR_INVALID, "%s dòng 1: thiếu cột %s (tệp rà soát do chitieu extract --csv tạo)",
				       name, review_head[k]);
		}
	}
	rc = 0;
	while ((rc = csv_next(cr, &fl, &nf, e)) > 0) {
		rc = 0;
		long line = csv_line(cr);
#define CELL(k) (col[k] >= 0 && (size_t)col[k] < nf ? fl[col[k]] : "")
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			extract_row *p = realloc(*rows, nc * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
				break;
			}
			*rows = p;
			cap = nc;
		}
		extract_row *w = &(*rows)[*n];
		memset(w, 0, sizeof *w);
		w->line = line;
		buf k;
		buf_init(&k, 0);
		text_key(&k, CELL(0));
		const char *d = buf_cstr(&k);
		if (!strcmp(d, "nhan") || !strcmp(d, "accept") || !strcmp(d, "x") || !strcmp(d, "co"))
			w->accept = true;
		else if (!strcmp(d, "bo") || !strcmp(d, "drop") || !strcmp(d, "khong"))
			w->accept = false;
		else
			rc = err_set(e, ERR_INVALID, "%s dòng %ld, cột quyet_dinh: \"%s\" chưa phải quyết định (ghi \"nhận\" "
				     "hoặc \"bỏ\"; không có gì được ghi khi chưa rà soát hết)", name, line, CELL(0));
		buf_free(&k);
		if (rc)
			break;
		snprintf(w->indicator, sizeof w->indicator, "%s", CELL(1));
		snprintf(w->unit, sizeof w->unit, "%s", CELL(2));
		snprintf(w->period, sizeof w->period, "%s", CELL(3));
		if (measure_from_code(CELL(4), &w->measure)) {
			rc = err_set(e, ERR_INVALID, "%s dòng %ld, cột measure: \"%s\" không phải loại số liệu", name, line,
				     CELL(4));
			break;
		}
		if (w->accept && (rc = vn_parse_num(CELL(5), &w->value, e))) {
			err_prefix(e, "%s dòng %ld, cột value: ", name, line);
			break;
		}
		w->has_target = CELL(6)[0] != '\0';
		if (w->accept && w->has_target && (rc = vn_parse_num(CELL(6), &w->target, e))) {
			err_prefix(e, "%s dòng %ld, cột target: ", name, line);
			break;
		}
		w->approx = !strcmp(CELL(7), "có") || !strcmp(CELL(7), "true") || !strcmp(CELL(7), "1");
#undef CELL
		(*n)++;
	}
	csv_close(cr);
	if (rc < 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

/* The values to import, handed to import_values_rows one by one. */
typedef struct imp_val {
	char indicator[CODE_MAX], unit[CODE_MAX], period[16], text[48];
	num_t amount;
	bool estimate;
	size_t src; /* its row in the review */
} imp_val;

typedef struct imp_iter {
	const imp_val *v;
	size_t n, i;
} imp_iter;

static int next_val(void *ctx, import_in *row, err *e)
{
	(void)e;
	imp_iter *it = ctx;
	if (it->i >= it->n)
		return 0;
	const imp_val *v = &it->v[it->i++];
	row->text[IMPORT_F_INDICATOR] = v->indicator;
	row->text[IMPORT_F_UNIT] = v->unit;
	row->text[IMPORT_F_PERIOD] = v->period;
	row->text[IMPORT_F_VALUE] = v->text;
	row->text[IMPORT_F_ESTIMATE] = v->estimate ? "1" : "0";
	row->has_amount = true;
	row->amount = v->amount;
	return 1;
}

/* A month's value from its cumulative: minus the months before it already
 * stored (a flow or count); a level's cumulative is its value. */
static int from_cumulative(store *s, const extract_row *w, const indicator *ind, num_t *out, buf *notes, err *e)
{
	period p;
	int rc = period_parse(w->period, &p, e);
	if (rc)
		return rc;
	if (p.type != PERIOD_MONTH || (ind->kind != IND_FLOW && ind->kind != IND_COUNT)) {
		*out = w->value;
		return 0;
	}
	num_t before = 0;
	for (int m = 1; m < p.index; m++) {
		period q = period_month(p.year, m);
		value v;
		if ((rc = store_value_get(s, w->indicator, w->unit, &q, &v, e))) {
			if (rc == ERR_NOTFOUND)
				return err_set(e, ERR_INVALID, "dòng %ld: lũy kế %s của %s tại %s cần số liệu các tháng 1-%d đã "
					       "có; chưa có tháng %d/%d", w->line, w->period, w->indicator, w->unit, p.index - 1,
					       m, p.year);
			return rc;
		}
		before += v.amount;
	}
	*out = w->value - before;
	buf_printf(notes, "dòng %ld: %s %s %s: lũy kế ", w->line, w->indicator, w->unit, w->period);
	vn_format_num(notes, w->value, -1);
	buf_puts(notes, " trừ ");
	vn_format_num(notes, before, -1);
	if (p.index > 1)
		buf_printf(notes, " đã có (tháng 1-%d)", p.index - 1);
	else
		buf_puts(notes, " (tháng đầu năm)");
	buf_puts(notes, " = ");
	vn_format_num(notes, *out, -1);
	buf_puts(notes, " cho tháng\n");
	return 0;
}

/* Rows imported as values (the others are targets or derived figures). */
static bool is_value_row(const extract_row *w)
{
	return w->accept &&
	       (w->measure == EXM_VALUE || w->measure == EXM_CUMULATIVE || w->measure == EXM_ACHIEVED_OF_TARGET);
}

typedef struct row_ref {
	const extract_row *w;
	size_t i;
} row_ref;

static int cmp_by_key(const void *a, const void *b)
{
	const row_ref *x = a, *y = b;
	int c = strcmp(x->w->indicator, y->w->indicator);
	if (!c)
		c = strcmp(x->w->unit, y->w->unit);
	if (!c)
		c = strcmp(x->w->period, y->w->period);
	return c ? c : x->i < y->i ? -1 : x->i > y->i ? 1 : 0;
}

/*
 * dup[i] is set for every value row that repeats the indicator, unit and
 * period of an earlier value row: one figure each, the first wins. Sorted,
 * not compared pairwise (50 000 rows compared pairwise took 28 s).
 * Returns dup, malloc'd (n entries), or NULL when out of memory.
 */
static bool *find_repeats(const extract_row *rows, size_t n)
{
	bool *dup = calloc(n ? n : 1, sizeof *dup);
	row_ref *ix = malloc((n ? n : 1) * sizeof *ix);
	if (!dup || !ix) {
		free(dup);
		free(ix);
		return NULL;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (is_value_row(&rows[i]))
			ix[m++] = (row_ref){&rows[i], i};
	qsort(ix, m, sizeof *ix, cmp_by_key);
	for (size_t k = 1; k < m; k++) {
		const extract_row *x = ix[k - 1].w, *y = ix[k].w;
		dup[ix[k].i] = !strcmp(x->indicator, y->indicator) && !strcmp(x->unit, y->unit) &&
			       !strcmp(x->period, y->period);
	}
	free(ix);
	return dup;
}

/*
 * After the importer refused rows: each conflict's row becomes the review's
 * (row: its line, index: its place in rows) and e names the first one by
 * its line and the review's column ("estimate" is the review's "approx").
 */
static void name_review_rows(const extract_row *rows, const imp_val *vals, size_t nv, const import_checks *ck,
			     long n_conflicts, int rc, err *e)
{
	size_t n = (size_t)n_conflicts < ck->conflicts_max ? (size_t)n_conflicts : ck->conflicts_max;
	for (size_t k = 0; k < n; k++) {
		import_conflict *c = &ck->conflicts[k];
		if (c->row < 0 || (size_t)c->row >= nv)
			continue;
		size_t src = vals[c->row].src;
		c->row = rows[src].line;
		c->index = (long)src;
		if (!strcmp(c->field, "estimate"))
			snprintf(c->field, sizeof c->field, "approx");
	}
	const import_conflict *c = &ck->conflicts[0];
	char more[64] = "";
	if (n_conflicts > 1)
		snprintf(more, sizeof more, " (và %ld dòng lỗi khác)", n_conflicts - 1);
	if (c->field[0])
		err_set(e, rc, "dòng %ld, cột %s: %s%s", c->row, c->field, c->msg, more);
	else
		err_set(e, rc, "dòng %ld: %s%s", c->row, c->msg, more);
}

int extract_import(store *s, const extract_row *rows, size_t n, const char *file, bool dry_run, const char *by,
		   const import_checks *chk, buf *notes, extract_import_summary *sum, err *e)
{
	memset(sum, 0, sizeof *sum);
	imp_val *vals = calloc(n ? n : 1, sizeof *vals);
	bool *dup = vals ? find_repeats(rows, n) : NULL;
	if (!dup) {
		free(vals);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	size_t nv = 0;
	char reason[NOTE_MAX];
	snprintf(reason, sizeof reason, "trích từ văn bản %s", file);
	int rc = store_begin(s, e);
	if (rc) {
		free(vals);
		free(dup);
		return rc;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		const extract_row *w = &rows[i];
		if (!w->accept) {
			sum->dropped++;
			continue;
		}
		sum->accepted++;
		indicator ind;
		if ((rc = store_indicator_get(s, w->indicator, &ind, e))) {
			err_prefix(e, "dòng %ld: ", w->line);
			break;
		}
		num_t amount = w->value;
		switch (w->measure) {
		case EXM_PERCENT_OF_PLAN:
		case EXM_CHANGE_ON_LAST_YEAR:
		case EXM_TARGETS_NOT_MET:
			sum->skipped++;
			buf_printf(notes, "dòng %ld: %s %s: %s là số suy ra (chitieu tự tính), không nhập\n", w->line,
				   w->indicator, w->period, extract_measure_label(w->measure));
			continue;
		case EXM_TARGET: {
			target t;
			memset(&t, 0, sizeof t);
			snprintf(t.indicator_code, sizeof t.indicator_code, "%s", w->indicator);
			snprintf(t.unit_code, sizeof t.unit_code, "%s", w->unit);
			period p;
			if ((rc = period_parse(w->period, &p, e))) {
				err_prefix(e, "dòng %ld: ", w->line);
				break;
			}
			t.year_from = t.year_to = p.year;
			t.kind = ind.direction == DIR_LOWER ? TGT_AT_MOST : TGT_AT_LEAST;
			t.source = TGT_SRC_ASSIGNED;
			t.value = w->value;
			snprintf(t.note, sizeof t.note, "%s", reason);
			if ((rc = store_target_put(s, &t, e))) {
				err_prefix(e, "dòng %ld: ", w->line);
				break;
			}
			sum->targets++;
			continue;
		}
		case EXM_CUMULATIVE:
			if ((rc = from_cumulative(s, w, &ind, &amount, notes, e)))
				break;
			break;
		case EXM_ACHIEVED_OF_TARGET:
		case EXM_VALUE:
			break;
		}
		if (rc)
			break;
		/* one figure per indicator, unit and period: the first accepted row wins */
		if (dup[i]) {
			sum->skipped++;
			buf_printf(notes, "dòng %ld: %s %s %s đã có số liệu từ dòng trước, bỏ qua\n", w->line, w->indicator,
				   w->unit, w->period);
			continue;
		}
		imp_val *v = &vals[nv++];
		snprintf(v->indicator, sizeof v->indicator, "%s", w->indicator);
		snprintf(v->unit, sizeof v->unit, "%s", w->unit);
		snprintf(v->period, sizeof v->period, "%s", w->period);
		buf t;
		buf_init(&t, sizeof v->text - 1);
		vn_format_num(&t, amount, -1);
		snprintf(v->text, sizeof v->text, "%s", buf_cstr(&t));
		buf_free(&t);
		v->amount = amount;
		v->estimate = w->approx;
		v->src = i;
	}
	if (!rc && nv) {
		imp_iter it = {vals, nv, 0};
		import_opts o = {.dry_run = false, .by = by, .reason = reason};
		/* conflicts are always recorded, to name the review's row (the importer
		 * numbers the values it was handed, not the review's rows) */
		import_conflict one;
		import_checks ck = chk ? *chk : (import_checks){0};
		if (!ck.conflicts) {
			ck.conflicts = &one;
			ck.conflicts_max = 1;
		}
		rc = import_values_rows(s, next_val, &it, file, &o, &ck, &sum->values, e);
		if (rc && sum->values.conflicts > 0)
			name_review_rows(rows, vals, nv, &ck, sum->values.conflicts, rc, e);
	}
	free(vals);
	free(dup);
	if (rc || dry_run) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}
