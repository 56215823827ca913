/*
 * extract_eval.c - how well the extractor reads (issue #19, item 5): over a
 * corpus folder of report passages (NAME.txt, UTF-8) each with its expected
 * figures (NAME.json: {"unit": "058", "year": 2022, "figures": [{indicator,
 * unit, period, measure, value, target?}, ...]}), a proposal is right when an
 * expected figure not yet matched has the same indicator, unit, period,
 * measure, value (and target, when one is expected). Precision is right /
 * proposed, recall right / expected. `chitieu extract --evaluate DIR`.
 *
 * Not for: the rules of reading (extract.c).
 */
#include "core/extract.h"
#include "store/store.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct want {
	char indicator[CODE_MAX], unit[CODE_MAX], period[16], measure[32];
	num_t value, target;
	bool has_target, matched;
} want;

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_file(const char *path, buf *out, err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "không mở được %s", path);
	int rc = buf_read_stream(out, f, path, e);
	fclose(f);
	return rc;
}

static int num_of(json_t *v, num_t *out)
{
	return json_is_number(v) ? num_from_double(json_number_value(v), out) : ERR_INVALID;
}

/* One passage: its proposals against its expected figures. */
static int eval_one(store *s, const char *dir, const char *txt, buf *rep, extract_eval_result *res, err *e)
{
	char path[1024], jpath[1024];
	snprintf(path, sizeof path, "%s/%s", dir, txt);
	snprintf(jpath, sizeof jpath, "%s/%.*s.json", dir, (int)(strlen(txt) - 4), txt);
	json_error_t je;
	json_t *j = json_load_file(jpath, 0, &je);
	if (!j)
		return err_set(e, ERR_INVALID, "%s: %s (dòng %d)", jpath, je.text, je.line);
	json_t *figs = json_object_get(j, "figures");
	const char *ucode = json_string_value(json_object_get(j, "unit"));
	int year = (int)json_integer_value(json_object_get(j, "year"));
	int rc = 0;
	want *w = NULL;
	size_t nw = json_array_size(figs);
	buf text;
	buf_init(&text, EXTRACT_MAX_BYTES);
	extract_result r;
	memset(&r, 0, sizeof r);
	if (!ucode || !json_is_array(figs) || !(w = calloc(nw ? nw : 1, sizeof *w))) {
		rc = err_set(e, ERR_INVALID, "%s: cần unit, year và mảng figures", jpath);
		goto done;
	}
	for (size_t i = 0; i < nw; i++) {
		json_t *o = json_array_get(figs, i);
		const char *k[4] = {"indicator", "unit", "period", "measure"};
		char *dst[4] = {w[i].indicator, w[i].unit, w[i].period, w[i].measure};
		size_t dn[4] = {sizeof w[i].indicator, sizeof w[i].unit, sizeof w[i].period, sizeof w[i].measure};
		for (int q = 0; q < 4; q++) {
			const char *v = json_string_value(json_object_get(o, k[q]));
			if (!v) {
				rc = err_set(e, ERR_INVALID, "%s: figures[%zu] thiếu %s", jpath, i, k[q]);
				goto done;
			}
			snprintf(dst[q], dn[q], "%s", v);
		}
		if (num_of(json_object_get(o, "value"), &w[i].value)) {
			rc = err_set(e, ERR_INVALID, "%s: figures[%zu].value không phải số", jpath, i);
			goto done;
		}
		w[i].has_target = json_object_get(o, "target") != NULL;
		if (w[i].has_target && num_of(json_object_get(o, "target"), &w[i].target)) {
			rc = err_set(e, ERR_INVALID, "%s: figures[%zu].target không phải số", jpath, i);
			goto done;
		}
	}
	if ((rc = read_file(path, &text, e)) ||
	    (rc = extract_with_store(s, text.data ? text.data : "", text.len, ucode, year, &r, e)))
		goto done;
	size_t right = 0;
	for (size_t i = 0; i < r.n; i++) {
		const extract_prop *p = &r.p[i];
		bool hit = false;
		for (size_t q = 0; q < nw && !hit; q++) {
			want *x = &w[q];
			if (x->matched || strcmp(x->indicator, p->indicator) || strcmp(x->unit, p->unit) ||
			    strcmp(x->period, p->period) || strcmp(x->measure, extract_measure_code(p->measure)) ||
			    x->value != p->value || (x->has_target && (!p->has_target || x->target != p->target)))
				continue;
			x->matched = hit = true;
		}
		if (hit) {
			right++;
			continue;
		}
		buf_printf(rep, "  %s: thừa %s %s %s %s ", txt, p->indicator, p->unit, p->period,
			   extract_measure_code(p->measure));
		vn_format_num(rep, p->value, -1);
		buf_putc(rep, '\n');
	}
	for (size_t q = 0; q < nw; q++)
		if (!w[q].matched) {
			buf_printf(rep, "  %s: thiếu %s %s %s %s ", txt, w[q].indicator, w[q].unit, w[q].period,
				   w[q].measure);
			vn_format_num(rep, w[q].value, -1);
			buf_putc(rep, '\n');
		}
	res->files++;
	res->expected += (long)nw;
	res->proposed += (long)r.n;
	res->right += (long)right;
done:
	extract_result_free(&r);
	buf_free(&text);
	free(w);
	json_decref(j);
	return rc;
}

int extract_evaluate(store *s, const char *dir, buf *rep, extract_eval_result *res, err *e)
{
	memset(res, 0, sizeof *res);
	DIR *d = opendir(dir);
	if (!d)
		return err_set(e, ERR_IO, "không mở được thư mục %s", dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *de;
	while (!rc && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			char **p = realloc(names, nc * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
				break;
			}
			names = p;
			cap = nc;
		}
		if (!(names[n] = strdup(de->d_name)))
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		else
			n++;
	}
	closedir(d);
	if (!rc && n == 0)
		rc = err_set(e, ERR_NOTFOUND, "thư mục %s không có tệp .txt nào (mỗi tệp kèm tệp .json cùng tên)", dir);
	if (!rc)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n && !rc; i++)
		rc = eval_one(s, dir, names[i], rep, res, e);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
