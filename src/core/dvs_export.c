/*
 * dvs_export.c - DHIS2 dataValueSet export (dvs_export.h): walks the stored
 * values (store_value_each, ordered by indicator, unit, period), keeps those
 * the filter names, and writes each as a JSON object, a CSV line or an ADX
 * <group>/<dataValue> (by hand, as libxml2's xmlTextWriter wrote it, with
 * libxml2's own escaping for any text that needs it). One ADX group per run
 * of values of the same unit and period; its dataSet is "chitieu" (chitieu
 * has no data sets). The values'
 * comments (few: warnings explained) are read once before the walk and
 * found by key: DHIS2's comment, ADX's <annotation>.
 *
 * Not for: scope checks (the caller lists the units allowed) or parsing
 * anything (core/adx_read.c, core/import.c).
 */
#include "core/dvs_export.h"
#include "core/xmap.h"
#include "core/adx.h"
#include "core/jsonw.h"
#include "store/store.h"

#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DVS_FLUSH (256 * 1024)

int dvs_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcasecmp(s, "json") || !strcasecmp(s, "dhis2-json"))
		return DVS_JSON;
	if (!strcasecmp(s, "csv") || !strcasecmp(s, "dhis2-csv"))
		return DVS_CSV;
	if (!strcasecmp(s, "adx"))
		return DVS_ADX;
	if (!strcasecmp(s, "sdmx-csv") || !strcasecmp(s, "sdmx-csv-3.0") || !strcasecmp(s, "sdmx"))
		return DVS_SDMX30;
	if (!strcasecmp(s, "sdmx-csv-2.1"))
		return DVS_SDMX21;
	return -1;
}

const char *dvs_format_mime(dvs_format f)
{
	return f == DVS_CSV	   ? "application/csv; charset=utf-8"
	       : f == DVS_ADX	   ? "application/adx+xml; charset=utf-8"
	       : f == DVS_SDMX30 ? "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
	       : f == DVS_SDMX21 ? "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8"
				   : "application/json; charset=utf-8";
}

typedef struct dvs_ctx {
	const dvs_filter *f;
	const char **inds, **units; /* sorted copies of the filter's lists */
	dvs_format fmt;
	buf *out;
	FILE *flush_to;
	char g_unit[CODE_MAX];      /* the open ADX group, "" when none */
	xmlDocPtr xdoc;             /* ADX: for libxml2's escaping (xml_attr), NULL until needed */
	period g_period;
	long rows;
	/* per-run caches (rows come ordered by indicator, unit, period, and
	 * most share their time): the last time written and its text, the last
	 * indicator's and unit's identifiers through the mapping */
	int64_t when_at;
	char when[40];
	bool has_when;
	char c_ind[CODE_MAX], c_unit[CODE_MAX];
	const char *c_de, *c_coc, *c_aoc, *c_ou;
	struct dvs_note {
		char key[2 * CODE_MAX + 16]; /* "indicator\tunit\tyear\tmonth" */
		char *text;
	} *notes;                   /* the value comments, sorted by key */
	size_t n_notes, cap_notes;
	struct dvs_fu {
		char key[2 * CODE_MAX + 16]; /* as a note's key */
	} *fus;                     /* the values marked for follow-up, sorted */
	size_t n_fus, cap_fus;
	err *e;
} dvs_ctx;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_list(const char **list, size_t n, const char *code)
{
	return !n || !list || bsearch(&code, list, n, sizeof *list, cmp_str) != NULL;
}

static void note_key(char *dst, size_t n, const char *ind, const char *un, int year, int month)
{
	snprintf(dst, n, "%s\t%s\t%d\t%d", ind, un, year, month);
}

static int cmp_note(const void *a, const void *b)
{
	return strcmp(((const struct dvs_note *)a)->key, ((const struct dvs_note *)b)->key);
}

/* store_comment_cb: keeps one comment. */
static int note_add(void *ctx, const char *ind, const char *un, int year, int month, const char *text)
{
	dvs_ctx *x = ctx;
	if (x->n_notes == x->cap_notes) {
		size_t cap = x->cap_notes ? x->cap_notes * 2 : 64;
		void *p = realloc(x->notes, cap * sizeof *x->notes);
		if (!p)
			return err_set(x->e, ERR_NOMEM, "hết bộ nhớ khi đọc ghi chú của số liệu");
		x->notes = p;
		x->cap_notes = cap;
	}
	struct dvs_note *k = &x->notes[x->n_notes];
	note_key(k->key, sizeof k->key, ind, un, year, month);
	if (!(k->text = strdup(text)))
		return err_set(x->e, ERR_NOMEM, "hết bộ nhớ khi đọc ghi chú của số liệu");
	x->n_notes++;
	return 0;
}

/* The comment kept with v, "" when none. */
static const char *note_of(const dvs_ctx *x, const value *v)
{
	if (!x->n_notes)
		return "";
	struct dvs_note k;
	note_key(k.key, sizeof k.key, v->indicator_code, v->unit_code, v->period.year, period_last_month(&v->period));
	const struct dvs_note *hit = bsearch(&k, x->notes, x->n_notes, sizeof k, cmp_note);
	return hit ? hit->text : "";
}

static int fu_add(void *ctx, const char *ind, const char *un, int year, int month)
{
	dvs_ctx *x = ctx;
	if (x->n_fus == x->cap_fus) {
		size_t cap = x->cap_fus ? x->cap_fus * 2 : 64;
		struct dvs_fu *p = realloc(x->fus, cap * sizeof *p);
		if (!p)
			return err_set(x->e, ERR_NOMEM, "hết bộ nhớ (out of memory)");
		x->fus = p;
		x->cap_fus = cap;
	}
	note_key(x->fus[x->n_fus++].key, sizeof x->fus[0].key, ind, un, year, month);
	return 0;
}

static int cmp_fu(const void *a, const void *b)
{
	return strcmp(((const struct dvs_fu *)a)->key, ((const struct dvs_fu *)b)->key);
}

/* Whether value v is marked for follow-up. */
static bool followup_of(const dvs_ctx *x, const value *v)
{
	if (!x->n_fus)
		return false;
	struct dvs_fu k;
	note_key(k.key, sizeof k.key, v->indicator_code, v->unit_code, v->period.year, period_last_month(&v->period));
	return bsearch(&k, x->fus, x->n_fus, sizeof *x->fus, cmp_fu) != NULL;
}

static int dvs_flush(dvs_ctx *x)
{
	if (!x->flush_to || !x->out->len)
		return 0;
	if (fwrite(x->out->data, 1, x->out->len, x->flush_to) != x->out->len)
		return err_set(x->e, ERR_IO, "không ghi được tệp xuất (write error)");
	buf_reset(x->out);
	return 0;
}

/* Whether s needs XML escaping (markup, quotes, line ends, tabs, or bytes
 * beyond ASCII that libxml2 may judge): plain text is copied as it is. */
static bool xml_plain(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == '&' || *p == '<' || *p == '>' || *p == '"' || *p < 0x20 || *p >= 0x80)
			return false;
	return true;
}

/* An attribute's value, escaped by libxml2 exactly as its xmlTextWriter did
 * (whose document said UTF-8, so bytes beyond ASCII stay as they are; *doc
 * is such a document, made on first need, freed by the caller). */
static int xml_attr(buf *b, xmlDocPtr *doc, const char *s)
{
	if (xml_plain(s))
		return buf_puts(b, s);
	if (!*doc && (!(*doc = xmlNewDoc(BAD_CAST "1.0")) || !((*doc)->encoding = xmlStrdup(BAD_CAST "UTF-8"))))
		return ERR_NOMEM;
	xmlBufferPtr x = xmlBufferCreate();
	if (!x)
		return ERR_NOMEM;
	xmlAttrSerializeTxtContent(x, *doc, NULL, BAD_CAST s);
	int rc = buf_append(b, xmlBufferContent(x), (size_t)xmlBufferLength(x));
	xmlBufferFree(x);
	return rc;
}

/* An element's text, escaped by libxml2 as its xmlTextWriter did. */
static int xml_text(buf *b, const char *s)
{
	if (xml_plain(s))
		return buf_puts(b, s);
	xmlChar *t = xmlEncodeSpecialChars(NULL, BAD_CAST s);
	if (!t)
		return ERR_NOMEM;
	int rc = buf_puts(b, (const char *)t);
	xmlFree(t);
	return rc;
}

/* "2022-07-01T03:04:05Z" of a Unix time. */
static void iso_time(int64_t t, char *dst, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(dst, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(dst, n, "%s", "");
}

static bool wanted(const dvs_ctx *x, const value *v)
{
	const dvs_filter *f = x->f;
	if (!in_list(x->inds, f->n_indicators, v->indicator_code) || !in_list(x->units, f->n_units, v->unit_code))
		return false;
	if (f->n_periods) {
		size_t i = 0;
		while (i < f->n_periods && !(f->periods[i].type == v->period.type && f->periods[i].year == v->period.year &&
					     f->periods[i].index == v->period.index))
			i++;
		if (i == f->n_periods)
			return false;
	}
	if (!cdate_is_none(f->start) && cdate_cmp(period_start_date(&v->period), f->start) < 0)
		return false;
	if (!cdate_is_none(f->end) && cdate_cmp(period_end_date(&v->period), f->end) > 0)
		return false;
	if (!cdate_is_none(f->updated_since) && cdate_cmp(cdate_from_unix_vn(v->at), f->updated_since) < 0)
		return false;
	return true;
}

/* The identifiers a value is written with: through the mapping, or chitieu's codes. */
typedef struct dvs_ids {
	const char *de, *coc, *aoc, *ou;
} dvs_ids;

static dvs_ids ids_of(dvs_ctx *x, const value *v)
{
	if (!x->c_de || strcmp(x->c_ind, v->indicator_code)) { /* a new indicator: asked of the map once */
		const store_xmap *m = xmap_indicator_out(x->f->map, v->indicator_code);
		snprintf(x->c_ind, sizeof x->c_ind, "%s", v->indicator_code);
		x->c_de = m ? xmap_id_of(m, (xmap_scheme)x->f->de_scheme) : x->c_ind;
		x->c_coc = m ? m->coc : "";
		x->c_aoc = m ? m->aoc : "";
	}
	if (!x->c_ou || strcmp(x->c_unit, v->unit_code)) {
		const store_xmap *m = xmap_unit_out(x->f->map, v->unit_code);
		snprintf(x->c_unit, sizeof x->c_unit, "%s", v->unit_code);
		x->c_ou = m ? xmap_id_of(m, (xmap_scheme)x->f->ou_scheme) : x->c_unit;
	}
	dvs_ids d = {x->c_de, x->c_coc, x->c_aoc, x->c_ou};
	return d;
}

/* A period's code as period_format_code writes it, a month by hand (the common case). */
static int period_code(buf *b, const period *p)
{
	if (p->type != PERIOD_MONTH || p->year < 1000 || p->year > 9999 || p->index < 1 || p->index > 12)
		return period_format_code(b, p);
	char t[6] = {(char)('0' + p->year / 1000), (char)('0' + p->year / 100 % 10), (char)('0' + p->year / 10 % 10),
		     (char)('0' + p->year % 10), (char)('0' + p->index / 10), (char)('0' + p->index % 10)};
	return buf_append(b, t, sizeof t);
}

static int row_json(dvs_ctx *x, const value *v, const char *when, const char *note)
{
	buf *b = x->out;
	dvs_ids d = ids_of(x, v);
	/* the keys are constants: written as they are, only the values escaped */
	int rc = buf_puts(b, x->rows ? ",\n{\"dataElement\":" : "\n{\"dataElement\":");
	rc = rc ? rc : buf_json_str(b, d.de);
	if (d.coc[0]) {
		rc = rc ? rc : buf_puts(b, ",\"categoryOptionCombo\":");
		rc = rc ? rc : buf_json_str(b, d.coc);
	}
	if (d.aoc[0]) {
		rc = rc ? rc : buf_puts(b, ",\"attributeOptionCombo\":");
		rc = rc ? rc : buf_json_str(b, d.aoc);
	}
	rc = rc ? rc : buf_puts(b, ",\"period\":\"");
	rc = rc ? rc : period_code(b, &v->period);
	rc = rc ? rc : buf_puts(b, "\",\"orgUnit\":");
	rc = rc ? rc : buf_json_str(b, d.ou);
	rc = rc ? rc : buf_puts(b, ",\"value\":\"");
	rc = rc ? rc : jsonw_num(b, v->amount);
	rc = rc ? rc : buf_puts(b, "\",\"storedBy\":");
	rc = rc ? rc : buf_json_str(b, v->by);
	rc = rc ? rc : buf_puts(b, ",\"lastUpdated\":");
	rc = rc ? rc : buf_json_str(b, when);
	if (note[0]) {
		rc = rc ? rc : buf_puts(b, ",\"comment\":");
		rc = rc ? rc : buf_json_str(b, note);
	}
	rc = rc ? rc : buf_puts(b, followup_of(x, v) ? ",\"followup\":true}" : ",\"followup\":false}");
	return rc ? rc : buf_failed(b);
}

static int row_csv(dvs_ctx *x, const value *v, const char *when, const char *note)
{
	buf *b = x->out;
	dvs_ids d = ids_of(x, v);
	int rc = buf_csv_field(b, d.de, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : period_code(b, &v->period);
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, d.ou, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, d.coc, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, d.aoc, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : jsonw_num(b, v->amount);
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, v->by, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_puts(b, when);
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, note, ',');
	return rc ? rc : buf_puts(b, followup_of(x, v) ? ",true\n" : ",false\n");
}

/* One ADX value, written by hand as libxml2's xmlTextWriter (indent 1) wrote
 * it, byte for byte, at a third of its cost: a new <group> when the unit or
 * period changes, then <dataValue> with its <annotation>. */
static int row_adx(dvs_ctx *x, const value *v, const char *note)
{
	buf *b = x->out;
	dvs_ids d = ids_of(x, v);
	bool same = x->g_unit[0] && !strcmp(x->g_unit, v->unit_code) && x->g_period.type == v->period.type &&
		    x->g_period.year == v->period.year && x->g_period.index == v->period.index;
	int rc = 0;
	if (!same) {
		rc = buf_puts(b, x->g_unit[0] ? " </group>\n <group orgUnit=\"" : ">\n <group orgUnit=\"");
		rc = rc ? rc : xml_attr(b, &x->xdoc, d.ou);
		rc = rc ? rc : buf_puts(b, "\" period=\"");
		rc = rc ? rc : adx_period_format(b, &v->period);
		rc = rc ? rc : buf_puts(b, "\" dataSet=\"chitieu\">\n");
		snprintf(x->g_unit, sizeof x->g_unit, "%s", v->unit_code);
		x->g_period = v->period;
	}
	rc = rc ? rc : buf_puts(b, "  <dataValue dataElement=\"");
	rc = rc ? rc : xml_attr(b, &x->xdoc, d.de);
	rc = rc ? rc : buf_puts(b, "\" value=\"");
	rc = rc ? rc : jsonw_num(b, v->amount);
	if (!note[0])
		return rc ? rc : buf_puts(b, "\"/>\n");
	rc = rc ? rc : buf_puts(b, "\">\n   <annotation>");
	rc = rc ? rc : xml_text(b, note);
	return rc ? rc : buf_puts(b, "</annotation>\n  </dataValue>\n");
}

/* An SDMX time period: 2022 (year), 2022-S1 (half), 2022-Q2 (quarter), a
 * month as 2022-M06 (SDMX 3.0's reporting month) or 2022-06 (SDMX 2.1,
 * Gregorian), and the nine months as the time range 2022-01-01/P9M. */
static int sdmx_period(buf *b, const period *p, bool v30)
{
	switch (p->type) {
	case PERIOD_MONTH: return buf_printf(b, v30 ? "%04d-M%02d" : "%04d-%02d", p->year, p->index);
	case PERIOD_QUARTER: return buf_printf(b, "%04d-Q%d", p->year, p->index);
	case PERIOD_HALF: return buf_printf(b, "%04d-S%d", p->year, p->index);
	case PERIOD_NINE_MONTHS: return buf_printf(b, "%04d-01-01/P9M", p->year);
	default: return buf_printf(b, "%04d", p->year);
	}
}

static int row_sdmx(dvs_ctx *x, const value *v)
{
	buf *b = x->out;
	bool v30 = x->fmt == DVS_SDMX30;
	int rc = buf_puts(b, v30 ? "dataflow," DVS_SDMX_FLOW ",I," : DVS_SDMX_FLOW ",");
	rc = rc ? rc : buf_csv_field(b, v->indicator_code, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : buf_csv_field(b, v->unit_code, ',');
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : sdmx_period(b, &v->period, v30);
	rc = rc ? rc : buf_putc(b, ',');
	rc = rc ? rc : jsonw_num(b, v->amount);
	return rc ? rc : buf_putc(b, '\n');
}

static int each(void *ctx, const value *v)
{
	dvs_ctx *x = ctx;
	if (!wanted(x, v))
		return 0;
	if (x->f->max_rows && x->rows >= x->f->max_rows)
		return err_set(x->e, ERR_TOOBIG,
			       "quá %ld số liệu trong một lần xuất; hãy thu hẹp bằng dataElement, orgUnit, period "
			       "hoặc startDate/endDate", x->f->max_rows);
	if (!x->has_when || x->when_at != v->at) {
		iso_time(v->at, x->when, sizeof x->when);
		x->when_at = v->at;
		x->has_when = true;
	}
	const char *when = x->when;
	const char *note = note_of(x, v);
	int rc = x->fmt == DVS_JSON	 ? row_json(x, v, when, note)
		 : x->fmt == DVS_CSV	 ? row_csv(x, v, when, note)
		 : x->fmt == DVS_ADX	 ? row_adx(x, v, note)
					 : row_sdmx(x, v);
	if (rc)
		return err_set(x->e, rc == ERR_TOOBIG ? ERR_TOOBIG : ERR_NOMEM,
			       "không viết được số liệu %s/%s (hết bộ nhớ hoặc quá giới hạn)", v->indicator_code,
			       v->unit_code);
	x->rows++;
	return x->out->len >= DVS_FLUSH ? dvs_flush(x) : 0;
}

/* The narrowest store filter the dvs filter allows (one code, the years). */
static void store_filter_of(const dvs_filter *f, store_value_filter *vf)
{
	memset(vf, 0, sizeof *vf);
	if (f->n_indicators == 1)
		vf->indicator_code = f->indicators[0];
	if (f->n_units == 1)
		vf->unit_code = f->units[0];
	int lo = 0, hi = 0;
	for (size_t i = 0; i < f->n_periods; i++) {
		if (!lo || f->periods[i].year < lo)
			lo = f->periods[i].year;
		if (!hi || f->periods[i].year > hi)
			hi = f->periods[i].year;
	}
	if (!cdate_is_none(f->start) && f->start.y > lo)
		lo = f->start.y;
	if (!cdate_is_none(f->end) && (!hi || f->end.y < hi))
		hi = f->end.y;
	vf->year_from = lo;
	vf->year_to = hi;
}

static int open_doc(dvs_ctx *x)
{
	if (x->fmt == DVS_JSON)
		return buf_puts(x->out, "{\"dataValues\":[");
	if (x->fmt == DVS_CSV)
		return buf_puts(x->out, "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,"
				       "comment,followup\n");
	if (x->fmt == DVS_SDMX30)
		return buf_puts(x->out, "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n");
	if (x->fmt == DVS_SDMX21)
		return buf_puts(x->out, "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n");
	/* ADX: the root's start tag is closed by the first group (">"), or as empty at the end ("/>") */
	char when[40];
	iso_time((int64_t)time(NULL), when, sizeof when);
	int rc = buf_puts(x->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx exported=\"");
	rc = rc ? rc : xml_attr(x->out, &x->xdoc, when);
	return rc ? rc : buf_puts(x->out, "\" xmlns=\"" ADX_NS "\"");
}

static int close_doc(dvs_ctx *x)
{
	if (x->fmt == DVS_JSON)
		return buf_puts(x->out, x->rows ? "\n]}\n" : "]}\n");
	if (x->fmt != DVS_ADX)
		return 0;
	return buf_puts(x->out, x->g_unit[0] ? " </group>\n</adx>\n" : "/>\n");
}

int dvs_export(struct store *s, const dvs_filter *f, dvs_format fmt, buf *out, FILE *flush_to, long *rows,
	       err *e)
{
	dvs_ctx x = {.f = f, .fmt = fmt, .out = out, .flush_to = flush_to, .e = e};
	int rc = 0;
	if (rows)
		*rows = 0;
	x.inds = f->n_indicators ? malloc(f->n_indicators * sizeof *x.inds) : NULL;
	x.units = f->n_units ? malloc(f->n_units * sizeof *x.units) : NULL;
	if ((f->n_indicators && !x.inds) || (f->n_units && !x.units)) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ (out of memory)");
		goto done;
	}
	if (f->n_indicators)
		memcpy(x.inds, f->indicators, f->n_indicators * sizeof *x.inds);
	if (f->n_units)
		memcpy(x.units, f->units, f->n_units * sizeof *x.units);
	if (f->n_indicators)
		qsort(x.inds, f->n_indicators, sizeof *x.inds, cmp_str);
	if (f->n_units)
		qsort(x.units, f->n_units, sizeof *x.units, cmp_str);
	if ((fmt == DVS_JSON || fmt == DVS_CSV || fmt == DVS_ADX) && /* SDMX-CSV has no comments */
	    (rc = store_value_comment_each(s, note_add, &x, e)))
		goto done;
	if (x.n_notes)
		qsort(x.notes, x.n_notes, sizeof *x.notes, cmp_note);
	if ((fmt == DVS_JSON || fmt == DVS_CSV) && (rc = store_value_followup_each(s, fu_add, &x, e)))
		goto done;
	if (x.n_fus)
		qsort(x.fus, x.n_fus, sizeof *x.fus, cmp_fu);
	if ((rc = open_doc(&x))) {
		rc = err_set(e, rc, "không bắt đầu được tài liệu xuất (hết bộ nhớ)");
		goto done;
	}
	store_value_filter vf;
	store_filter_of(f, &vf);
	if ((rc = store_value_each(s, &vf, each, &x, e)))
		goto done;
	if ((rc = close_doc(&x))) {
		rc = err_set(e, rc, "không kết thúc được tài liệu xuất (hết bộ nhớ)");
		goto done;
	}
	if (buf_failed(out))
		rc = err_set(e, buf_failed(out), "không viết được tài liệu xuất (hết bộ nhớ hoặc quá giới hạn)");
	else
		rc = dvs_flush(&x);
	if (!rc && flush_to && fflush(flush_to))
		rc = err_set(e, ERR_IO, "không ghi được tệp xuất (write error)");
done:
	if (x.xdoc)
		xmlFreeDoc(x.xdoc);
	if (rows)
		*rows = x.rows;
	for (size_t i = 0; i < x.n_notes; i++)
		free(x.notes[i].text);
	free(x.notes);
	free(x.fus);
	free(x.inds);
	free(x.units);
	return rc;
}
