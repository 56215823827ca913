/*
 * dhis2_csv.c - DHIS2's CSV of data values (dhis2_csv.h), through the
 * project's CSV reader (util/csv.h) over the body in memory.
 */
#include "core/dhis2_csv.h"
#include "util/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns, in DHIS2's order (a file without a header has them so). */
enum { D2_DE, D2_PE, D2_OU, D2_COC, D2_AOC, D2_VALUE, D2_STOREDBY, D2_LASTUPDATED, D2_COMMENT, D2_FOLLOWUP,
       D2_CREATED, D2_DELETED, D2__N };

static const struct {
	const char *name, *alias;
} COLS[D2__N] = {
	{"dataelement", NULL},           {"period", NULL},     {"orgunit", NULL},
	{"catoptcombo", "categoryoptioncombo"}, {"attroptcombo", "attributeoptioncombo"}, {"value", NULL},
	{"storedby", NULL},              {"lastupdated", NULL}, {"comment", NULL},
	{"followup", NULL},              {"created", NULL},    {"deleted", NULL},
};

struct d2csv_reader {
	FILE *f;
	csv_reader *csv;
	bool started;
	int col[D2__N];   /* field index of each column, -1 if absent */
	int kind[D2__N];  /* the column at each field index (DHIS2's order without a header) */
	size_t width;     /* the header's number of columns; 0 without a header */
	char msg[96];     /* the message of a row of the wrong width */
	import_bad bad;   /* the conflict of the row handed over last */
};

static void lower_trim(const char *s, char *out, size_t n)
{
	while (*s == ' ')
		s++;
	size_t k = 0;
	for (; *s && k + 1 < n; s++)
		out[k++] = (char)((*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

bool d2csv_is_dhis2(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
		i = 3; /* a UTF-8 BOM */
	char first[32];
	size_t k = 0;
	if (i < len && data[i] == '"')
		i++;
	for (; i < len && k + 1 < sizeof first && data[i] != ',' && data[i] != ';' && data[i] != '\t' &&
	       data[i] != '"' && data[i] != '\n' && data[i] != '\r';
	     i++)
		first[k++] = data[i];
	first[k] = '\0';
	char low[32];
	lower_trim(first, low, sizeof low);
	return strcmp(low, "indicator") && strcmp(low, "chi_tieu");
}

int d2csv_reader_new(const char *data, size_t len, d2csv_reader **out, err *e)
{
	*out = NULL;
	d2csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ (out of memory)");
	/* fmemopen of an empty buffer fails on some libcs: a one-byte view of "" */
	r->f = len ? fmemopen((void *)data, len, "r") : fmemopen((void *)"", 1, "r");
	if (!r->f) {
		free(r);
		return err_set(e, ERR_NOMEM, "không đọc được nội dung (hết bộ nhớ)");
	}
	*out = r;
	return 0;
}

void d2csv_reader_free(d2csv_reader *r)
{
	if (!r)
		return;
	csv_close(r->csv);
	if (r->f)
		fclose(r->f);
	free(r);
}

/* The header row, when the first record is one (its first field names a DHIS2 column). */
static int read_header(d2csv_reader *r, char **f, size_t n, bool *is_header, err *e)
{
	char low[40];
	lower_trim(n ? f[0] : "", low, sizeof low);
	*is_header = false;
	for (int k = 0; k < D2__N; k++)
		r->col[k] = -1;
	bool named = false;
	for (int k = 0; k < D2__N; k++)
		if (!strcmp(low, COLS[k].name) || (COLS[k].alias && !strcmp(low, COLS[k].alias)))
			named = true;
	if (!named) { /* no header: DHIS2's order */
		for (int k = 0; k <= D2_FOLLOWUP; k++)
			r->col[k] = r->kind[k] = k;
		return 0;
	}
	*is_header = true;
	for (size_t i = 0; i < n; i++) {
		lower_trim(f[i], low, sizeof low);
		int k = 0;
		while (k < D2__N && strcmp(low, COLS[k].name) && !(COLS[k].alias && !strcmp(low, COLS[k].alias)))
			k++;
		if (k == D2__N)
			return err_set(e, ERR_INVALID,
				       "dataValues.csv, dòng 1: cột '%.40s' không được biết (unknown column); nhận: "
				       "dataelement, period, orgunit, catoptcombo, attroptcombo, value, storedby, "
				       "lastupdated, comment, followup, created, deleted", f[i]);
		if (r->col[k] >= 0)
			return err_set(e, ERR_INVALID, "dataValues.csv, dòng 1: cột '%.40s' xuất hiện hai lần", f[i]);
		r->col[k] = (int)i;
		r->kind[i] = k;
	}
	r->width = n;
	for (int k = 0; k <= D2_VALUE; k++)
		if (k != D2_COC && k != D2_AOC && r->col[k] < 0)
			return err_set(e, ERR_INVALID, "dataValues.csv, dòng 1: thiếu cột %s", COLS[k].name);
	return 0;
}

int d2csv_next(void *reader, import_in *row, err *e)
{
	d2csv_reader *r = reader;
	char **f;
	size_t n;
	if (!r->csv) {
		int rc = csv_open(r->f, "dataValues.csv", ',', &r->csv, e);
		if (rc)
			return rc;
	}
	for (;;) {
		int rc = csv_next(r->csv, &f, &n, e);
		if (rc <= 0)
			return rc;
		if (n == 1 && !f[0][0])
			continue; /* a blank line */
		if (!r->started) {
			r->started = true;
			bool header;
			if ((rc = read_header(r, f, n, &header, e)))
				return rc;
			if (header)
				continue;
		}
		break;
	}
	static const char *const names[IMPORT_F__N] = {"dataelement", "orgunit", "period", "value", "estimate"};
	for (int k = 0; k < IMPORT_F__N; k++)
		row->name[k] = names[k];
	const char *cell[D2__N];
	for (int k = 0; k < D2__N; k++)
		cell[k] = r->col[k] >= 0 && (size_t)r->col[k] < n ? f[r->col[k]] : NULL;
	/* a row narrower than its header (or, without one, than DHIS2's columns up to value) would
	 * shift its fields into the wrong columns: refused naming the first column it lacks */
	size_t want = r->width ? r->width : (size_t)D2_VALUE + 1;
	if (n < want || (r->width && n > r->width)) {
		if (r->width)
			snprintf(r->msg, sizeof r->msg, "dòng có %zu cột, tiêu đề có %zu cột", n, r->width);
		else
			snprintf(r->msg, sizeof r->msg, "dòng có %zu cột, cần ít nhất %zu (dataelement đến value)", n, want);
		import_in_bad(row, &r->bad, COLS[r->kind[n < want ? n : want - 1]].name, n > want ? f[want] : "",
			      r->msg);
		return 1;
	}
	row->text[IMPORT_F_INDICATOR] = cell[D2_DE];
	row->text[IMPORT_F_PERIOD] = cell[D2_PE];
	row->text[IMPORT_F_UNIT] = cell[D2_OU];
	row->text[IMPORT_F_VALUE] = cell[D2_VALUE];
	row->coc = cell[D2_COC];
	row->aoc = cell[D2_AOC];
	row->stored_by = cell[D2_STOREDBY];
	row->created = cell[D2_CREATED];
	row->comment = cell[D2_COMMENT];
	const char *fu = cell[D2_FOLLOWUP];
	if (fu && *fu) {
		if (!strcasecmp(fu, "true") || !strcasecmp(fu, "false")) {
			row->followup_given = true;
			row->followup = !strcasecmp(fu, "true");
		} else {
			import_in_bad(row, &r->bad, "followup", fu, "phải là true hoặc false");
		}
	}
	return 1;
}
