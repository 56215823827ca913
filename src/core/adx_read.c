/*
 * adx_read.c - the ADX reader (adx.h): streams an <adx> document through
 * libxml2's xmlTextReader (no DOM, no network, no DTD: a DOCTYPE is refused,
 * and entities are never substituted) and hands each <dataValue> over as a
 * row of core/import.h, with the unit and period of its <group>. Field names
 * say where a row came from: "group[2].dataValue[5].value".
 *
 * ADX disaggregation attributes (any attribute of a dataValue other than
 * dataElement and value, or of a group other than orgUnit, period, dataSet
 * and completeDate) are refused on the rows: chitieu indicators have no
 * categories. An <annotation> is kept as the value's comment.
 *
 * Not for: writing ADX (core/dvs_export.c) or checking the rows against
 * the catalogue (core/import.c does, as for JSON and CSV).
 */
#include "core/adx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmlrd.h"

struct adx_reader {
	xmlTextReaderPtr xr;
	bool root;                 /* <adx> seen */
	long g, k;                 /* group index (-1 before the first), dataValue index in it */
	char unit[CODE_MAX * 2];   /* the group's orgUnit, "" when missing */
	char per_text[64];         /* the group's period as written */
	char per_code[16];         /* as a chitieu code, "" when it cannot be one */
	char per_msg[ERR_MSG_MAX]; /* why not */
	bool has_unit, has_period;
	char g_extra[64];          /* the group's first attribute chitieu cannot take, "" when none */
	/* the row handed over last */
	xmlChar *de, *val;
	buf comment;
	char f_ind[64], f_unit[64], f_per[64], f_val[64];
	import_bad bad;
};

int adx_reader_new(const char *data, size_t len, adx_reader **out, err *e)
{
	*out = NULL;
	adx_reader *r = calloc(1, sizeof *r);
	if (!r)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ (out of memory)");
	r->g = -1;
	buf_init(&r->comment, NOTE_MAX * 2);
	int rc = xmlrd_open(data, len, "adx.xml", &r->xr);
	if (rc) {
		buf_free(&r->comment);
		free(r);
		return err_set(e, rc, rc == ERR_TOOBIG ? "tài liệu ADX quá lớn" : "không mở được bộ đọc XML (hết bộ nhớ)");
	}
	*out = r;
	return 0;
}

static void drop_row(adx_reader *r)
{
	xmlFree(r->de);
	xmlFree(r->val);
	r->de = r->val = NULL;
	buf_reset(&r->comment);
}

void adx_reader_free(adx_reader *r)
{
	if (!r)
		return;
	drop_row(r);
	buf_free(&r->comment);
	xmlFreeTextReader(r->xr);
	free(r);
}

/* Where the reader is, for messages: "group[2].dataValue[5]" or "group[2]" or "". */
static void where(const adx_reader *r, char *dst, size_t n)
{
	if (r->g < 0)
		snprintf(dst, n, "%s", "");
	else if (r->k < 0)
		snprintf(dst, n, " (ở group[%ld])", r->g);
	else
		snprintf(dst, n, " (ở group[%ld].dataValue[%ld])", r->g, r->k);
}

/* The next node: 1, 0 at the end, or ERR_INVALID for XML that is not well formed or has a DOCTYPE. */
static int next_node(adx_reader *r, err *e)
{
	xmlrd_fault f;
	int rc = xmlrd_next(r->xr, &f);
	if (rc >= 0)
		return rc;
	if (f.doctype)
		return err_set(e, ERR_INVALID, "tài liệu ADX có khai báo DOCTYPE (không được phép)");
	char at[96];
	where(r, at, sizeof at);
	return err_set(e, ERR_INVALID, "không phải XML hợp lệ (dòng %d%s%s)%s", f.line, f.why[0] ? ": " : "", f.why,
		       at);
}

static bool in_ns(adx_reader *r)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->xr);
	return ns && !strcmp((const char *)ns, ADX_NS);
}

static const char *local(adx_reader *r)
{
	return xmlrd_local(r->xr);
}

/* Copies attribute name of the current element into out; false when absent. */
static bool attr(adx_reader *r, const char *name, char *out, size_t n)
{
	xmlChar *v = xmlTextReaderGetAttribute(r->xr, BAD_CAST name);
	snprintf(out, n, "%s", v ? (const char *)v : "");
	bool has = v != NULL;
	xmlFree(v);
	return has;
}

static bool extra_attr(adx_reader *r, const char *const *allowed, char *name, size_t n);

static void read_group(adx_reader *r)
{
	static const char *const allowed[] = {"orgUnit", "period", "dataSet", "completeDate", NULL};
	if (!extra_attr(r, allowed, r->g_extra, sizeof r->g_extra))
		r->g_extra[0] = '\0';
	r->g++;
	r->k = -1;
	r->has_unit = attr(r, "orgUnit", r->unit, sizeof r->unit);
	r->has_period = attr(r, "period", r->per_text, sizeof r->per_text);
	r->per_code[0] = r->per_msg[0] = '\0';
	if (!r->has_period)
		return;
	period p;
	err pe;
	err_clear(&pe);
	if (adx_period_parse(r->per_text, &p, &pe)) {
		snprintf(r->per_msg, sizeof r->per_msg, "%s", pe.msg);
		return;
	}
	period_code_str(&p, r->per_code, sizeof r->per_code, NULL); /* "" when it cannot be written */
}

/* The first attribute of the current element not in allowed (NULL-terminated), into name; false if none. */
static bool extra_attr(adx_reader *r, const char *const *allowed, char *name, size_t n)
{
	bool found = false;
	if (xmlTextReaderMoveToFirstAttribute(r->xr) == 1) {
		do {
			const char *a = local(r);
			if (xmlrd_is_xmlns(r->xr))
				continue;
			size_t i = 0;
			while (allowed[i] && strcmp(allowed[i], a))
				i++;
			if (!allowed[i]) {
				snprintf(name, n, "%s", a);
				found = true;
				break;
			}
		} while (xmlTextReaderMoveToNextAttribute(r->xr) == 1);
		xmlTextReaderMoveToElement(r->xr);
	}
	return found;
}

/* Reads the children of a dataValue (an <annotation> becomes the comment). *bad names an unknown one. */
static int read_children(adx_reader *r, char *bad, size_t n, err *e)
{
	bad[0] = '\0';
	int depth = xmlTextReaderDepth(r->xr);
	bool in_note = false;
	for (;;) {
		int rc = next_node(r, e);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_set(e, ERR_INVALID, "tài liệu ADX kết thúc giữa dataValue (group[%ld].dataValue[%ld])",
				       r->g, r->k);
		int t = xmlTextReaderNodeType(r->xr), d = xmlTextReaderDepth(r->xr);
		if (t == XML_READER_TYPE_END_ELEMENT && d == depth)
			return 0;
		if (t == XML_READER_TYPE_ELEMENT && d == depth + 1) {
			in_note = !strcmp(local(r), "annotation") && !xmlTextReaderIsEmptyElement(r->xr);
			if (strcmp(local(r), "annotation") && !bad[0])
				snprintf(bad, n, "%s", local(r));
		} else if (t == XML_READER_TYPE_END_ELEMENT && d == depth + 1) {
			in_note = false;
		} else if (in_note && (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const xmlChar *v = xmlTextReaderConstValue(r->xr);
			if (v)
				buf_puts(&r->comment, (const char *)v);
		}
	}
}

static int read_value(adx_reader *r, import_in *row, err *e)
{
	r->k++;
	snprintf(r->f_ind, sizeof r->f_ind, "group[%ld].dataValue[%ld].dataElement", r->g, r->k);
	snprintf(r->f_val, sizeof r->f_val, "group[%ld].dataValue[%ld].value", r->g, r->k);
	snprintf(r->f_unit, sizeof r->f_unit, "group[%ld].orgUnit", r->g);
	snprintf(r->f_per, sizeof r->f_per, "group[%ld].period", r->g);
	row->name[IMPORT_F_INDICATOR] = r->f_ind;
	row->name[IMPORT_F_UNIT] = r->f_unit;
	row->name[IMPORT_F_PERIOD] = r->f_per;
	row->name[IMPORT_F_VALUE] = r->f_val;
	r->de = xmlTextReaderGetAttribute(r->xr, BAD_CAST "dataElement");
	r->val = xmlTextReaderGetAttribute(r->xr, BAD_CAST "value");
	char extra[64] = "", child[64] = "";
	static const char *const allowed[] = {"dataElement", "value", NULL};
	bool has_extra = extra_attr(r, allowed, extra, sizeof extra);
	if (!xmlTextReaderIsEmptyElement(r->xr)) {
		int rc = read_children(r, child, sizeof child, e);
		if (rc)
			return rc;
	}
	row->text[IMPORT_F_INDICATOR] = (const char *)r->de;
	row->text[IMPORT_F_UNIT] = r->unit;
	row->text[IMPORT_F_PERIOD] = r->per_code;
	row->text[IMPORT_F_VALUE] = (const char *)r->val;
	if (buf_failed(&r->comment))
		import_in_bad(row, &r->bad, "annotation", NULL, "ghi chú (annotation) quá dài");
	else if (r->comment.len)
		row->comment = buf_cstr(&r->comment);
	char f[64], msg[256];
	if (!r->has_unit) {
		import_in_bad(row, &r->bad, r->f_unit, NULL, "group thiếu thuộc tính orgUnit (mã đơn vị)");
	} else if (!r->has_period) {
		import_in_bad(row, &r->bad, r->f_per, NULL, "group thiếu thuộc tính period (vd 2022-06-01/P1M)");
	} else if (!r->per_code[0]) {
		import_in_bad(row, &r->bad, r->f_per, r->per_text, r->per_msg);
	} else if (!r->de) {
		import_in_bad(row, &r->bad, r->f_ind, NULL, "dataValue thiếu thuộc tính dataElement (mã chỉ tiêu)");
	} else if (!r->val) {
		import_in_bad(row, &r->bad, r->f_val, NULL, "dataValue thiếu thuộc tính value (giá trị)");
	} else if (r->g_extra[0]) {
		snprintf(f, sizeof f, "group[%ld].%.20s", r->g, r->g_extra);
		snprintf(msg, sizeof msg, "thuộc tính \"%s\" của group không được hỗ trợ: chỉ tiêu của chitieu không có "
			 "phân tổ (group chỉ nhận orgUnit, period, dataSet, completeDate)", r->g_extra);
		import_in_bad(row, &r->bad, f, NULL, msg);
	} else if (has_extra) {
		snprintf(f, sizeof f, "group[%ld].dataValue[%ld].%.20s", r->g, r->k, extra);
		snprintf(msg, sizeof msg, "thuộc tính phân tổ \"%s\" không được hỗ trợ: chỉ tiêu của chitieu không có "
			 "phân tổ (chỉ nhận dataElement, value)", extra);
		import_in_bad(row, &r->bad, f, NULL, msg);
	} else if (child[0]) {
		snprintf(f, sizeof f, "group[%ld].dataValue[%ld].%.20s", r->g, r->k, child);
		snprintf(msg, sizeof msg, "phần tử <%s> không được biết trong dataValue (chỉ nhận <annotation>)", child);
		import_in_bad(row, &r->bad, f, NULL, msg);
	}
	return 1;
}

int adx_next(void *reader, import_in *row, err *e)
{
	adx_reader *r = reader;
	drop_row(r);
	for (;;) {
		int rc = next_node(r, e);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return r->root ? 0 : err_set(e, ERR_INVALID, "tài liệu ADX rỗng (cần <adx xmlns=\"%s\">)", ADX_NS);
		int t = xmlTextReaderNodeType(r->xr), d = xmlTextReaderDepth(r->xr);
		char at[96];
		where(r, at, sizeof at);
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA)
			return err_set(e, ERR_INVALID, "tài liệu ADX có chữ ngoài phần tử%s", at);
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		const char *n = local(r);
		if (d == 0) {
			if (strcmp(n, "adx") || !in_ns(r)) {
				const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->xr);
				return err_set(e, ERR_INVALID,
					       "phần tử gốc phải là <adx xmlns=\"%s\"> (nhận <%.40s> không gian tên \"%.80s\")",
					       ADX_NS, n, ns ? (const char *)ns : "");
			}
			r->root = true;
		} else if (d == 1) {
			if (strcmp(n, "group") || !in_ns(r))
				return err_set(e, ERR_INVALID, "phần tử <%.40s> không được biết trong <adx> (cần <group>)%s",
					       n, at);
			read_group(r);
		} else if (d == 2) {
			if (strcmp(n, "dataValue") || !in_ns(r))
				return err_set(e, ERR_INVALID,
					       "phần tử <%.40s> không được biết trong group[%ld] (cần <dataValue>)", n, r->g);
			return read_value(r, row, e);
		} else {
			return err_set(e, ERR_INVALID, "phần tử <%.40s> lồng quá sâu%s", n, at);
		}
	}
}
