/*
 * dxf2_read.c - DHIS2's DXF2 XML of data values (dxf2.h): a streamed
 * <dataValueSet>, each <dataValue> handed over with its attributes as the
 * row's fields ("dataValue[3].value" in messages).
 */
#include "core/dxf2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xmlrd.h"

/* The attributes of a dataValue, and of the set (the first five may be there too). */
enum { DX_DE, DX_PE, DX_OU, DX_COC, DX_AOC, DX_VALUE, DX_STOREDBY, DX_CREATED, DX_LASTUPDATED, DX_COMMENT,
       DX_FOLLOWUP, DX__N };
static const char *const ATTRS[DX__N] = {"dataElement", "period", "orgUnit", "categoryOptionCombo",
					 "attributeOptionCombo", "value", "storedBy", "created", "lastUpdated",
					 "comment", "followUp"};

struct dxf2_reader {
	xmlTextReaderPtr xr;
	bool root;
	long k;                       /* the dataValue index, -1 before the first */
	char set_pe[64], set_ou[64], set_aoc[64];
	xmlChar *val[DX__N];          /* the row handed over last */
	import_bad bad;               /* the conflict of the row handed over last */
	char names[IMPORT_F__N][40];
};

int dxf2_reader_new(const char *data, size_t len, dxf2_reader **out, err *e)
{
	*out = NULL;
	dxf2_reader *r = calloc(1, sizeof *r);
	if (!r)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ (out of memory)");
	r->k = -1;
	int rc = xmlrd_open(data, len, "dataValueSet.xml", &r->xr);
	if (rc) {
		free(r);
		return err_set(e, rc, rc == ERR_TOOBIG ? "tài liệu DXF2 quá lớn" : "không mở được bộ đọc XML (hết bộ nhớ)");
	}
	*out = r;
	return 0;
}

static void drop_row(dxf2_reader *r)
{
	for (int k = 0; k < DX__N; k++) {
		xmlFree(r->val[k]);
		r->val[k] = NULL;
	}
}

void dxf2_reader_free(dxf2_reader *r)
{
	if (!r)
		return;
	drop_row(r);
	xmlFreeTextReader(r->xr);
	free(r);
}

static int next_node(dxf2_reader *r, err *e)
{
	xmlrd_fault f;
	int rc = xmlrd_next(r->xr, &f);
	if (rc >= 0)
		return rc;
	if (f.doctype)
		return err_set(e, ERR_INVALID, "tài liệu DXF2 có khai báo DOCTYPE (không được phép)");
	if (r->k < 0) /* libxml2 reads ahead: a fault may come before the first row is handed over */
		return err_set(e, ERR_INVALID, "không phải XML hợp lệ (dòng %d%s%s)", f.line, f.why[0] ? ": " : "",
			       f.why);
	return err_set(e, ERR_INVALID, "không phải XML hợp lệ (dòng %d%s%s; sau dataValue[%ld])", f.line,
		       f.why[0] ? ": " : "", f.why, r->k);
}

static const char *local(dxf2_reader *r)
{
	return xmlrd_local(r->xr);
}

/* The namespace is DXF2's, or none (DHIS2 reads both). */
static bool ns_ok(dxf2_reader *r)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->xr);
	return !ns || !*ns || !strcmp((const char *)ns, DXF2_NS);
}

/* Walks the current element's attributes: known ones into vals (malloc'd,
 * when vals is not NULL), the first unknown one's name into extra. */
static void read_attrs(dxf2_reader *r, xmlChar **vals, int n_known, char *extra, size_t n_extra)
{
	extra[0] = '\0';
	if (xmlTextReaderMoveToFirstAttribute(r->xr) != 1)
		return;
	do {
		const char *a = local(r);
		if (xmlrd_is_xmlns(r->xr))
			continue;
		int k = 0;
		while (k < n_known && strcmp(ATTRS[k], a) && !(k == DX_FOLLOWUP && !strcmp(a, "followup")))
			k++;
		if (k < n_known) {
			if (vals && !vals[k])
				vals[k] = xmlTextReaderValue(r->xr);
		} else if (!extra[0]) {
			snprintf(extra, n_extra, "%s", a);
		}
	} while (xmlTextReaderMoveToNextAttribute(r->xr) == 1);
	xmlTextReaderMoveToElement(r->xr);
}

static int read_set(dxf2_reader *r, err *e)
{
	static const char *const set_only[] = {"dataSet", "completeDate", "period", "orgUnit", "attributeOptionCombo",
					       NULL};
	if (xmlTextReaderMoveToFirstAttribute(r->xr) == 1) {
		do {
			const char *a = local(r);
			if (xmlrd_is_xmlns(r->xr))
				continue;
			size_t i = 0;
			while (set_only[i] && strcmp(set_only[i], a))
				i++;
			if (!set_only[i]) {
				xmlTextReaderMoveToElement(r->xr);
				return err_set(e, ERR_INVALID,
					       "thuộc tính \"%.40s\" của <dataValueSet> không được biết; nhận: dataSet, "
					       "completeDate, period, orgUnit, attributeOptionCombo", a);
			}
			const xmlChar *v = xmlTextReaderConstValue(r->xr);
			char *dst = i == 2 ? r->set_pe : i == 3 ? r->set_ou : i == 4 ? r->set_aoc : NULL;
			if (dst && v && strlen((const char *)v) >= sizeof r->set_pe) {
				xmlTextReaderMoveToElement(r->xr);
				return err_set(e, ERR_INVALID, "thuộc tính \"%s\" của <dataValueSet> dài quá %zu byte", a,
					       sizeof r->set_pe - 1);
			}
			if (dst)
				snprintf(dst, sizeof r->set_pe, "%s", v ? (const char *)v : "");
		} while (xmlTextReaderMoveToNextAttribute(r->xr) == 1);
		xmlTextReaderMoveToElement(r->xr);
	}
	return 0;
}

static int read_value(dxf2_reader *r, import_in *row)
{
	static const int field_of[IMPORT_F__N] = {DX_DE, DX_OU, DX_PE, DX_VALUE, -1};
	char extra[64];
	r->k++;
	read_attrs(r, r->val, DX__N, extra, sizeof extra);
	for (int f = 0; f < IMPORT_F__N; f++) {
		int a = field_of[f];
		snprintf(r->names[f], sizeof r->names[f], "%s", a >= 0 ? ATTRS[a] : "estimate");
		row->name[f] = r->names[f];
		if (a >= 0 && r->val[a])
			row->text[f] = (const char *)r->val[a];
	}
	if (!row->text[IMPORT_F_PERIOD] && r->set_pe[0])
		row->text[IMPORT_F_PERIOD] = r->set_pe;
	if (!row->text[IMPORT_F_UNIT] && r->set_ou[0])
		row->text[IMPORT_F_UNIT] = r->set_ou;
	row->coc = (const char *)r->val[DX_COC];
	row->aoc = r->val[DX_AOC] ? (const char *)r->val[DX_AOC] : r->set_aoc[0] ? r->set_aoc : NULL;
	row->stored_by = (const char *)r->val[DX_STOREDBY];
	row->created = (const char *)r->val[DX_CREATED];
	row->comment = (const char *)r->val[DX_COMMENT];
	const char *fu = (const char *)r->val[DX_FOLLOWUP];
	char msg[400];
	if (extra[0]) {
		snprintf(msg, sizeof msg, "thuộc tính \"%s\" không được biết (unknown attribute); nhận: dataElement, period, "
			 "orgUnit, categoryOptionCombo, attributeOptionCombo, value, storedBy, created, lastUpdated, "
			 "comment, followUp", extra);
		import_in_bad(row, &r->bad, extra, NULL, msg);
	} else if (fu && *fu && strcasecmp(fu, "true") && strcasecmp(fu, "false")) {
		import_in_bad(row, &r->bad, "followUp", fu, "phải là true hoặc false");
	} else if (fu && *fu) {
		row->followup_given = true;
		row->followup = !strcasecmp(fu, "true");
	}
	return 1;
}

int dxf2_next(void *reader, import_in *row, err *e)
{
	dxf2_reader *r = reader;
	drop_row(r);
	for (;;) {
		int rc = next_node(r, e);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return r->root ? 0 : err_set(e, ERR_INVALID, "tài liệu DXF2 rỗng (cần <dataValueSet xmlns=\"%s\">)",
						      DXF2_NS);
		int t = xmlTextReaderNodeType(r->xr), d = xmlTextReaderDepth(r->xr);
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA)
			return err_set(e, ERR_INVALID, "tài liệu DXF2 có chữ ngoài thuộc tính (sau dataValue[%ld])", r->k);
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		const char *n = local(r);
		if (d == 0) {
			if (strcmp(n, "dataValueSet") || !ns_ok(r))
				return err_set(e, ERR_INVALID, "phần tử gốc phải là <dataValueSet xmlns=\"%s\"> (nhận <%.40s>)",
					       DXF2_NS, n);
			r->root = true;
			if ((rc = read_set(r, e)))
				return rc;
		} else if (d == 1 && !strcmp(n, "dataValue") && ns_ok(r)) {
			return read_value(r, row);
		} else {
			return err_set(e, ERR_INVALID, "phần tử <%.40s> không được biết ở đây (cần <dataValue> trong "
				       "<dataValueSet>; sau dataValue[%ld])", n, r->k);
		}
	}
}
