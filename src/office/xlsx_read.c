/*
 * xlsx_read.c - reading .xlsx workbooks (xlsx_read.h).
 *
 * The zip is opened, each XML part read with a hard cap (max_part_bytes,
 * and max_total_bytes over the whole workbook) and streamed through
 * libxml2's xmlTextReader (no DOM) by office/ooxml.c, which the DOCX reader
 * shares: no network, no DTD loading, no entity substitution, a DOCTYPE
 * refused outright (no part of a workbook has one).
 *
 * Parts read: _rels/.rels (where the workbook is), the workbook (sheet names
 * and their relationship ids), the workbook's rels (sheet paths, shared
 * strings), the shared strings, and a worksheet on request. Element names
 * are matched by local name, so prefixed writers ("x:c") read the same.
 *
 * Not for: styles, dates, merged cells, or writing.
 */
#include "office/xlsx_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "office/ooxml.h"
#include "util/buf.h"
#include "util/xmlrd.h"

#define XLSX_DEF_FILE ((size_t)32 << 20)
#define XLSX_DEF_ENTRIES 2000
#define XLSX_DEF_PART ((size_t)64 << 20)
#define XLSX_DEF_TOTAL ((size_t)256 << 20)
#define XLSX_DEF_CELLS 1000000
#define XLSX_DEF_STRINGS 1000000
#define XLSX_CELL_TEXT_MAX ((size_t)1 << 20) /* Excel's own limit is 32.767 characters */
#define XLSX_PATH_MAX 512

static const char REL_NS[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/* ---- a string arena: stable pointers, freed at once ------------------------- */

typedef struct xlsx_chunk {
	struct xlsx_chunk *next;
	size_t used, cap;
	char data[];
} xlsx_chunk;

struct xlsx_arena {
	xlsx_chunk *head;
};

static void arena_free(struct xlsx_arena *a)
{
	if (!a)
		return;
	for (xlsx_chunk *c = a->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

/* A NUL-terminated copy of s[0..n) in the arena; NULL when out of memory. */
static const char *arena_dup(struct xlsx_arena *a, const char *s, size_t n)
{
	if (n == 0)
		return "";
	xlsx_chunk *c = a->head;
	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		/* a big string gets its own chunk behind the current one */
		if (a->head && n + 1 > 65536) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	char *p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* ---- the book ------------------------------------------------------------------ */

typedef struct xlsx_sheet_ref {
	char *name;
	char *path; /* inside the zip; NULL when the relationship is missing */
} xlsx_sheet_ref;

struct xlsx_book {
	char name[256];
	xlsx_limits lim;
	zip_t *zip;
	void *owned;         /* the file's bytes (xlsx_open_file), freed on close */
	size_t total;        /* uncompressed bytes read so far */
	xlsx_sheet_ref *sheets;
	size_t n_sheets;
	const char **strings; /* shared strings, in the arena */
	size_t n_strings;
	struct xlsx_arena *arena;
};

static void lim_defaults(xlsx_limits *l, const xlsx_limits *in)
{
	if (in)
		*l = *in;
	else
		memset(l, 0, sizeof *l);
	if (!l->max_file_bytes)
		l->max_file_bytes = XLSX_DEF_FILE;
	if (!l->max_entries)
		l->max_entries = XLSX_DEF_ENTRIES;
	if (!l->max_part_bytes)
		l->max_part_bytes = XLSX_DEF_PART;
	if (!l->max_total_bytes)
		l->max_total_bytes = XLSX_DEF_TOTAL;
	if (!l->max_cells)
		l->max_cells = XLSX_DEF_CELLS;
	if (!l->max_strings)
		l->max_strings = XLSX_DEF_STRINGS;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* Reads the part at path into *out (malloc'd, NUL-terminated), bounded by
 * the limits (one part, and what is left of the whole workbook's).
 * ERR_NOTFOUND when the zip has no such file. */
static int read_part(xlsx_book *b, const char *path, char **out, size_t *len, err *e)
{
	size_t cap = b->lim.max_part_bytes;
	size_t left = b->lim.max_total_bytes - b->total;
	if (left < cap)
		cap = left;
	int rc = ooxml_read_part(b->zip, b->name, path, cap, out, len, e);
	if (!rc)
		b->total += *len;
	return rc;
}

/* ---- XML reading ------------------------------------------------------------------ */

static int xml_open(xlsx_book *b, const char *path, const char *data, size_t len, xmlTextReaderPtr *out,
		    err *e)
{
	return ooxml_xml_open(b->name, path, data, len, out, e);
}

/* The next node: 1, 0 at the end, or an error naming the part (ooxml_xml_next). */
static int xml_next(xlsx_book *b, const char *path, xmlTextReaderPtr r, err *e)
{
	return ooxml_xml_next(b->name, path, ".xlsx", r, e);
}

static const char *xml_local(xmlTextReaderPtr r)
{
	return xmlrd_local(r);
}

static bool xml_is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Appends the current text node to b; ERR_TOOBIG past its limit. */
static int xml_text(xmlTextReaderPtr r, buf *b)
{
	const xmlChar *v = xmlTextReaderConstValue(r);
	return v ? buf_puts(b, (const char *)v) : 0;
}

/* An attribute copied into out ("" when absent). */
static void xml_attr(xmlTextReaderPtr r, const char *name, const char *ns, char *out, size_t n)
{
	xmlChar *v = ns ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns)
			: xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	snprintf(out, n, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* The path of target relative to the part at base ("xl/workbook.xml"). */
static void resolve_target(const char *base, const char *target, char *out, size_t n)
{
	char tmp[XLSX_PATH_MAX];
	int k;
	if (target[0] == '/') {
		k = snprintf(tmp, sizeof tmp, "%s", target + 1);
	} else {
		const char *slash = strrchr(base, '/');
		int dir = slash ? (int)(slash - base + 1) : 0;
		k = snprintf(tmp, sizeof tmp, "%.*s%s", dir, base, target);
	}
	if (k < 0 || (size_t)k >= sizeof tmp) { /* no such part: the caller reports it missing */
		if (n)
			out[0] = '\0';
		return;
	}
	/* fold "x/../" and "./" segments */
	char *seg[64];
	int ns = 0;
	char *save = tmp, *p;
	while ((p = save) != NULL) {
		char *q = strchr(p, '/');
		if (q) {
			*q = '\0';
			save = q + 1;
		} else {
			save = NULL;
		}
		if (!*p || !strcmp(p, "."))
			continue;
		if (!strcmp(p, "..")) {
			if (ns)
				ns--;
			continue;
		}
		if (ns < 64)
			seg[ns++] = p;
	}
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < ns && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s%s", i ? "/" : "", seg[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* ---- relationships ---------------------------------------------------------------- */

typedef struct xlsx_rel {
	char id[64];
	char type[256];
	char target[XLSX_PATH_MAX];
} xlsx_rel;

/* Reads the .rels part at path, whose targets are relative to the part
 * source ("" for the package); *rels malloc'd. A missing part gives none. */
static int read_rels(xlsx_book *b, const char *path, const char *source, xlsx_rel **rels, size_t *n, err *e)
{
	*rels = NULL;
	*n = 0;
	char *data;
	size_t len;
	int rc = read_part(b, path, &data, &len, e);
	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		return 0;
	}
	if (rc)
		return rc;
	xmlTextReaderPtr r;
	if ((rc = xml_open(b, path, data, len, &r, e))) {
		free(data);
		return rc;
	}
	size_t cap = 0;
	while ((rc = xml_next(b, path, r, e)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || strcmp(xml_local(r), "Relationship"))
			continue;
		char mode[32];
		xml_attr(r, "TargetMode", NULL, mode, sizeof mode);
		if (!strcasecmp(mode, "External"))
			continue;
		if (*n == cap) {
			if (cap >= b->lim.max_entries) {
				rc = err_set(e, ERR_TOOBIG, "tệp %s: phần %s có quá nhiều liên kết", b->name, path);
				break;
			}
			cap = cap ? cap * 2 : 16;
			xlsx_rel *p = realloc(*rels, cap * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
				break;
			}
			*rels = p;
		}
		xlsx_rel *x = &(*rels)[(*n)++];
		xml_attr(r, "Id", NULL, x->id, sizeof x->id);
		xml_attr(r, "Type", NULL, x->type, sizeof x->type);
		char target[XLSX_PATH_MAX];
		xml_attr(r, "Target", NULL, target, sizeof target);
		resolve_target(source, target, x->target, sizeof x->target);
	}
	xmlFreeTextReader(r);
	free(data);
	if (rc < 0) {
		free(*rels);
		*rels = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

/* True when rel type ends with "/" suffix. */
static bool rel_is(const xlsx_rel *x, const char *suffix)
{
	size_t a = strlen(x->type), s = strlen(suffix);
	return a > s && x->type[a - s - 1] == '/' && !strcmp(x->type + a - s, suffix);
}

/* The rels part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static void rels_path_of(const char *part, char *out, size_t n)
{
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part + 1) : 0;
	snprintf(out, n, "%.*s_rels/%s.rels", dir, part, part + dir);
}

/* ---- workbook and shared strings -------------------------------------------------- */

static int read_workbook(xlsx_book *b, const char *wb_path, err *e)
{
	char rels_path[XLSX_PATH_MAX];
	rels_path_of(wb_path, rels_path, sizeof rels_path);
	xlsx_rel *rels = NULL;
	size_t n_rels = 0;
	int rc = read_rels(b, rels_path, wb_path, &rels, &n_rels, e);
	if (rc)
		return rc;
	char *data = NULL;
	size_t len;
	xmlTextReaderPtr r = NULL;
	if ((rc = read_part(b, wb_path, &data, &len, e))) {
		if (rc == ERR_NOTFOUND)
			rc = err_set(e, ERR_INVALID, "tệp %s là tệp zip nhưng không phải bảng tính Excel .xlsx (thiếu %s)",
				     b->name, wb_path);
		goto done;
	}
	if ((rc = xml_open(b, wb_path, data, len, &r, e)))
		goto done;
	size_t cap = 0;
	while ((rc = xml_next(b, wb_path, r, e)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || strcmp(xml_local(r), "sheet"))
			continue;
		if (b->n_sheets == cap) {
			if (cap >= b->lim.max_entries) {
				rc = err_set(e, ERR_TOOBIG, "tệp %s có quá nhiều sheet", b->name);
				break;
			}
			cap = cap ? cap * 2 : 8;
			xlsx_sheet_ref *p = realloc(b->sheets, cap * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
				break;
			}
			b->sheets = p;
		}
		char name[256], id[64];
		xml_attr(r, "name", NULL, name, sizeof name);
		xml_attr(r, "id", REL_NS, id, sizeof id);
		xlsx_sheet_ref *s = &b->sheets[b->n_sheets];
		s->name = xstrdup(name);
		s->path = NULL;
		for (size_t i = 0; i < n_rels; i++)
			if (!strcmp(rels[i].id, id) && rel_is(&rels[i], "worksheet")) {
				s->path = xstrdup(rels[i].target);
				break;
			}
		if (!s->name) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
			break;
		}
		b->n_sheets++;
	}
	if (rc < 0)
		goto done;
	rc = 0;
	if (!b->n_sheets) {
		rc = err_set(e, ERR_INVALID, "tệp %s: bảng tính không có sheet nào", b->name);
		goto done;
	}
	/* shared strings */
	const char *ss = NULL;
	for (size_t i = 0; i < n_rels && !ss; i++)
		if (rel_is(&rels[i], "sharedStrings"))
			ss = rels[i].target;
	if (!ss)
		goto done;
	xmlFreeTextReader(r);
	r = NULL;
	free(data);
	data = NULL;
	if ((rc = read_part(b, ss, &data, &len, e))) {
		if (rc == ERR_NOTFOUND) {
			err_clear(e);
			rc = 0;
		}
		goto done;
	}
	if ((rc = xml_open(b, ss, data, len, &r, e)))
		goto done;
	buf cur;
	buf_init(&cur, XLSX_CELL_TEXT_MAX);
	bool in_si = false, in_rph = false, in_t = false;
	size_t scap = 0;
	while ((rc = xml_next(b, ss, r, e)) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *nm = xml_local(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(r);
			if (!strcmp(nm, "si")) {
				in_si = !empty;
				buf_reset(&cur);
				if (empty)
					goto push;
			} else if (!strcmp(nm, "rPh")) {
				in_rph = !empty;
			} else if (!strcmp(nm, "t")) {
				in_t = in_si && !in_rph && !empty;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(nm, "t"))
				in_t = false;
			else if (!strcmp(nm, "rPh"))
				in_rph = false;
			else if (!strcmp(nm, "si") && in_si) {
				in_si = false;
				goto push;
			}
			continue;
		}
		if (in_t && xml_is_text(type) && xml_text(r, &cur)) {
			rc = err_set(e, ERR_TOOBIG, "tệp %s: một chuỗi dài quá %zu byte", b->name, XLSX_CELL_TEXT_MAX);
			break;
		}
		continue;
	push:
		if (b->n_strings == scap) {
			if (scap >= b->lim.max_strings) {
				rc = err_set(e, ERR_TOOBIG, "tệp %s có quá nhiều chuỗi (tối đa %zu)", b->name,
					     b->lim.max_strings);
				break;
			}
			scap = scap ? scap * 2 : 256;
			if (scap > b->lim.max_strings)
				scap = b->lim.max_strings;
			const char **p = realloc(b->strings, scap * sizeof *p);
			if (!p) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
				break;
			}
			b->strings = p;
		}
		const char *s = arena_dup(b->arena, buf_cstr(&cur), cur.len);
		if (!s) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
			break;
		}
		b->strings[b->n_strings++] = s;
	}
	buf_free(&cur);
	if (rc > 0)
		rc = 0;
done:
	xmlFreeTextReader(r);
	free(data);
	free(rels);
	return rc;
}

int xlsx_open_mem(const void *data, size_t len, const char *name, const xlsx_limits *lim, xlsx_book **out,
		  err *e)
{
	*out = NULL;
	xlsx_book *b = calloc(1, sizeof *b);
	if (!b)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	snprintf(b->name, sizeof b->name, "%s", name ? name : "xlsx");
	lim_defaults(&b->lim, lim);
	b->arena = calloc(1, sizeof *b->arena);
	if (!b->arena) {
		free(b);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	int rc = 0;
	const unsigned char *u = data;
	if (len >= 8 && !memcmp(u, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		rc = err_set(e, ERR_INVALID,
			     "tệp %s là tệp Excel cũ (.xls) hoặc tệp được bảo vệ bằng mật khẩu; hãy mở bằng Excel "
			     "và lưu lại dạng .xlsx (Excel Workbook)", b->name);
		goto fail;
	}
	if (len < 4 || memcmp(u, "PK", 2)) {
		rc = err_set(e, ERR_INVALID, "tệp %s không phải tệp Excel .xlsx (không phải tệp nén zip)", b->name);
		goto fail;
	}
	if ((rc = ooxml_open(data, len, b->name, "bảng tính", b->lim.max_entries, &b->zip, e)))
		goto fail;
	xlsx_rel *rels = NULL;
	size_t n_rels = 0;
	if ((rc = read_rels(b, "_rels/.rels", "", &rels, &n_rels, e)))
		goto fail;
	char wb[XLSX_PATH_MAX] = "xl/workbook.xml";
	for (size_t i = 0; i < n_rels; i++)
		if (rel_is(&rels[i], "officeDocument")) {
			snprintf(wb, sizeof wb, "%s", rels[i].target);
			break;
		}
	free(rels);
	if ((rc = read_workbook(b, wb, e)))
		goto fail;
	*out = b;
	return 0;
fail:
	xlsx_close(b);
	return rc;
}

int xlsx_file_bytes(const char *path, size_t max, buf *out, err *e)
{
	buf_init(out, max);
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "không mở được tệp %s (%s)", path, strerror(errno));
	int rc = buf_read_stream(out, f, path, e);
	if (rc == ERR_TOOBIG)
		err_set(e, ERR_TOOBIG, "tệp %s lớn quá %zu MiB", path, max >> 20);
	fclose(f);
	return rc;
}

int xlsx_open_file(const char *path, const xlsx_limits *lim, xlsx_book **out, err *e)
{
	*out = NULL;
	xlsx_limits l;
	lim_defaults(&l, lim);
	buf b;
	int rc = xlsx_file_bytes(path, l.max_file_bytes, &b, e);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	const char *base = strrchr(path, '/');
	size_t len = b.len;
	char *data = buf_detach(&b);
	if (!data)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	rc = xlsx_open_mem(data, len, base ? base + 1 : path, &l, out, e);
	if (rc) {
		free(data);
		return rc;
	}
	(*out)->owned = data;
	return 0;
}

void xlsx_close(xlsx_book *b)
{
	if (!b)
		return;
	if (b->zip)
		zip_discard(b->zip);
	for (size_t i = 0; i < b->n_sheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].path);
	}
	free(b->sheets);
	free(b->strings);
	arena_free(b->arena);
	free(b->owned);
	free(b);
}

size_t xlsx_sheet_count(const xlsx_book *b)
{
	return b->n_sheets;
}

const char *xlsx_sheet_name(const xlsx_book *b, size_t i)
{
	return i < b->n_sheets ? b->sheets[i].name : NULL;
}

long xlsx_sheet_find(const xlsx_book *b, const char *name)
{
	for (size_t i = 0; i < b->n_sheets; i++)
		if (!strcmp(b->sheets[i].name, name))
			return (long)i;
	return -1;
}

/* ---- the grid ------------------------------------------------------------------------ */

int xlsx_sheet_new(const char *name, size_t max_cells, xlsx_sheet **out, err *e)
{
	xlsx_sheet *s = calloc(1, sizeof *s);
	if (s) {
		s->name = xstrdup(name ? name : "");
		s->arena = calloc(1, sizeof *s->arena);
	}
	if (!s || !s->name || !s->arena) {
		xlsx_sheet_free(s);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	s->max_cells = max_cells ? max_cells : XLSX_DEF_CELLS;
	s->sorted = true;
	*out = s;
	return 0;
}

void xlsx_sheet_free(xlsx_sheet *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->cells);
	arena_free(s->arena);
	free(s);
}

static int cell_cmp(uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
	if (r1 != r2)
		return r1 < r2 ? -1 : 1;
	return c1 < c2 ? -1 : c1 > c2 ? 1 : 0;
}

/* The index of the first cell not before (row, col). */
static size_t cell_lower(const xlsx_sheet *s, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cell_cmp(s->cells[mid].row, s->cells[mid].col, row, col) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int xlsx_sheet_add(xlsx_sheet *s, uint32_t row, uint32_t col, xlsx_type type, double num, const char *text,
		   const char *formula, err *e)
{
	if (row >= XLSX_MAX_ROWS || col >= XLSX_MAX_COLS)
		return err_set(e, ERR_TOOBIG, "sheet '%s': ô ngoài phạm vi của Excel", s->name);
	const char *t = arena_dup(s->arena, text ? text : "", text ? strlen(text) : 0);
	const char *f = formula ? arena_dup(s->arena, formula, strlen(formula)) : NULL;
	if (!t || (formula && !f))
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	xlsx_cell c = {row, col, type, num, t, f};
	size_t at = s->n;
	if (s->n && cell_cmp(row, col, s->cells[s->n - 1].row, s->cells[s->n - 1].col) <= 0) {
		at = cell_lower(s, row, col);
		if (at < s->n && s->cells[at].row == row && s->cells[at].col == col) {
			s->cells[at] = c; /* the later cell wins */
			return 0;
		}
	}
	if (s->n >= s->max_cells) {
		char ref[16];
		xlsx_ref_format(ref, sizeof ref, row, col);
		return err_set(e, ERR_TOOBIG, "sheet '%s' có quá nhiều ô có dữ liệu (tối đa %zu; đến ô %s)", s->name,
			       s->max_cells, ref);
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		xlsx_cell *p = realloc(s->cells, cap * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		s->cells = p;
		s->cap = cap;
	}
	if (at < s->n)
		memmove(&s->cells[at + 1], &s->cells[at], (s->n - at) * sizeof *s->cells);
	s->cells[at] = c;
	s->n++;
	if (row + 1 > s->n_rows)
		s->n_rows = row + 1;
	if (col + 1 > s->n_cols)
		s->n_cols = col + 1;
	return 0;
}

const xlsx_cell *xlsx_cell_at(xlsx_sheet *s, uint32_t row, uint32_t col)
{
	size_t at = cell_lower(s, row, col);
	if (at < s->n && s->cells[at].row == row && s->cells[at].col == col)
		return &s->cells[at];
	return NULL;
}

/* ---- worksheets ---------------------------------------------------------------------- */

typedef struct cell_state {
	bool in_cell, in_is, in_rph;
	buf *capture;  /* where text goes now, or NULL */
	char t[16];    /* the cell's t attribute */
	uint32_t row, col;
	bool has_v, has_f, has_is;
	buf v, f, is;
} cell_state;

/* Adds the cell just closed. */
static int cell_finish(xlsx_book *b, xlsx_sheet *s, cell_state *c, err *e)
{
	char ref[16];
	xlsx_ref_format(ref, sizeof ref, c->row, c->col);
	const char *formula = c->has_f ? buf_cstr(&c->f) : NULL;
	const char *v = buf_cstr(&c->v);
	if (!c->has_v && !c->has_is)
		return c->has_f ? xlsx_sheet_add(s, c->row, c->col, XLSX_BLANK, 0, "", formula, e) : 0;
	if (!strcmp(c->t, "s")) {
		char *end;
		errno = 0;
		unsigned long i = strtoul(v, &end, 10);
		if (errno || end == v || *end || i >= b->n_strings)
			return err_set(e, ERR_INVALID, "tệp %s bị hỏng: sheet '%s', ô %s trỏ tới chuỗi số %s không có",
				       b->name, s->name, ref, v);
		return xlsx_sheet_add(s, c->row, c->col, XLSX_STRING, 0, b->strings[i], formula, e);
	}
	if (!strcmp(c->t, "inlineStr"))
		return xlsx_sheet_add(s, c->row, c->col, XLSX_STRING, 0, buf_cstr(&c->is), formula, e);
	if (!strcmp(c->t, "str") || !strcmp(c->t, "d"))
		return xlsx_sheet_add(s, c->row, c->col, XLSX_STRING, 0, v, formula, e);
	if (!strcmp(c->t, "b")) {
		bool t = !strcmp(v, "1") || !strcasecmp(v, "true");
		return xlsx_sheet_add(s, c->row, c->col, XLSX_BOOL, t, t ? "TRUE" : "FALSE", formula, e);
	}
	if (!strcmp(c->t, "e"))
		return xlsx_sheet_add(s, c->row, c->col, XLSX_ERROR, 0, v, formula, e);
	if (c->t[0] && strcmp(c->t, "n"))
		return err_set(e, ERR_INVALID, "tệp %s: sheet '%s', ô %s có kiểu lạ t=\"%s\"", b->name, s->name, ref,
			       c->t);
	while (*v == ' ')
		v++;
	if (!*v)
		return c->has_f ? xlsx_sheet_add(s, c->row, c->col, XLSX_BLANK, 0, "", formula, e) : 0;
	char *end;
	double x = strtod(v, &end);
	while (*end == ' ')
		end++;
	if (end == v || *end)
		return err_set(e, ERR_INVALID, "tệp %s bị hỏng: sheet '%s', ô %s có số '%.40s' không đọc được", b->name,
			       s->name, ref, v);
	return xlsx_sheet_add(s, c->row, c->col, XLSX_NUMBER, x, v, formula, e);
}

/* A row or cell position from its attribute; 0, or ERR_INVALID. */
static int sheet_pos(xlsx_book *b, xlsx_sheet *s, xmlTextReaderPtr r, bool is_cell, uint32_t *row, uint32_t *col,
		     err *e)
{
	char a[32];
	xml_attr(r, "r", NULL, a, sizeof a);
	if (!a[0])
		return 1; /* absent: the caller follows on */
	if (is_cell) {
		if (xlsx_ref_parse(a, row, col))
			return err_set(e, ERR_INVALID, "tệp %s bị hỏng: sheet '%s' có ô tên '%s' không hợp lệ", b->name,
				       s->name, a);
		return 0;
	}
	char *end;
	unsigned long n = strtoul(a, &end, 10);
	if (*end || n < 1 || n > XLSX_MAX_ROWS)
		return err_set(e, ERR_INVALID, "tệp %s bị hỏng: sheet '%s' có dòng số '%s' không hợp lệ", b->name,
			       s->name, a);
	*row = (uint32_t)(n - 1);
	return 0;
}

int xlsx_sheet_read(xlsx_book *b, size_t i, xlsx_sheet **out, err *e)
{
	*out = NULL;
	if (i >= b->n_sheets)
		return err_set(e, ERR_NOTFOUND, "tệp %s không có sheet thứ %zu", b->name, i + 1);
	const xlsx_sheet_ref *ref = &b->sheets[i];
	if (!ref->path)
		return err_set(e, ERR_INVALID, "tệp %s: sheet '%s' không phải bảng dữ liệu (hoặc thiếu liên kết)",
			       b->name, ref->name);
	char *data;
	size_t len;
	int rc = read_part(b, ref->path, &data, &len, e);
	if (rc) {
		if (rc == ERR_NOTFOUND)
			rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng: thiếu phần %s của sheet '%s'", b->name, ref->path,
				     ref->name);
		return rc;
	}
	xlsx_sheet *s = NULL;
	xmlTextReaderPtr r = NULL;
	if ((rc = xlsx_sheet_new(ref->name, b->lim.max_cells, &s, e)) || (rc = xml_open(b, ref->path, data, len, &r, e)))
		goto done;
	cell_state c;
	memset(&c, 0, sizeof c);
	buf_init(&c.v, XLSX_CELL_TEXT_MAX);
	buf_init(&c.f, XLSX_CELL_TEXT_MAX);
	buf_init(&c.is, XLSX_CELL_TEXT_MAX);
	uint32_t row = 0, next_col = 0;
	bool any_row = false;
	while ((rc = xml_next(b, ref->path, r, e)) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *nm = xml_local(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(r);
			if (!c.in_cell && !strcmp(nm, "row")) {
				uint32_t rr = any_row ? row + 1 : 0, cc = 0;
				int k = sheet_pos(b, s, r, false, &rr, &cc, e);
				if (k < 0) {
					rc = k;
					break;
				}
				row = rr;
				any_row = true;
				next_col = 0;
			} else if (!c.in_cell && !strcmp(nm, "c")) {
				uint32_t rr = row, cc = next_col;
				int k = sheet_pos(b, s, r, true, &rr, &cc, e);
				if (k < 0) {
					rc = k;
					break;
				}
				if (cc >= XLSX_MAX_COLS) {
					rc = err_set(e, ERR_INVALID, "tệp %s bị hỏng: sheet '%s' có ô quá cột XFD", b->name,
						     s->name);
					break;
				}
				c.row = rr;
				c.col = cc;
				next_col = cc + 1;
				xml_attr(r, "t", NULL, c.t, sizeof c.t);
				c.has_v = c.has_f = c.has_is = false;
				buf_reset(&c.v);
				buf_reset(&c.f);
				buf_reset(&c.is);
				c.capture = NULL;
				if (empty) {
					if ((rc = cell_finish(b, s, &c, e)))
						break;
				} else {
					c.in_cell = true;
				}
			} else if (c.in_cell && !strcmp(nm, "v")) {
				c.has_v = true;
				c.capture = empty ? NULL : &c.v;
			} else if (c.in_cell && !strcmp(nm, "f")) {
				c.has_f = true;
				c.capture = empty ? NULL : &c.f;
			} else if (c.in_cell && !strcmp(nm, "is")) {
				c.in_is = !empty;
				c.has_is = true;
			} else if (c.in_is && !strcmp(nm, "rPh")) {
				c.in_rph = !empty;
			} else if (c.in_is && !c.in_rph && !strcmp(nm, "t")) {
				c.capture = empty ? NULL : &c.is;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (!c.in_cell)
				continue;
			if (!strcmp(nm, "v") || !strcmp(nm, "f") || !strcmp(nm, "t"))
				c.capture = NULL;
			else if (!strcmp(nm, "rPh"))
				c.in_rph = false;
			else if (!strcmp(nm, "is"))
				c.in_is = false;
			else if (!strcmp(nm, "c")) {
				c.in_cell = c.in_is = c.in_rph = false;
				c.capture = NULL;
				if ((rc = cell_finish(b, s, &c, e)))
					break;
			}
			continue;
		}
		if (c.capture && xml_is_text(type) && xml_text(r, c.capture)) {
			char cref[16];
			xlsx_ref_format(cref, sizeof cref, c.row, c.col);
			rc = err_set(e, ERR_TOOBIG, "tệp %s: sheet '%s', ô %s dài quá %zu byte", b->name, s->name, cref,
				     XLSX_CELL_TEXT_MAX);
			break;
		}
	}
	buf_free(&c.v);
	buf_free(&c.f);
	buf_free(&c.is);
	if (rc > 0)
		rc = 0;
done:
	xmlFreeTextReader(r);
	free(data);
	if (rc) {
		xlsx_sheet_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* ---- references ------------------------------------------------------------------------ */

int xlsx_ref_parse(const char *ref, uint32_t *row, uint32_t *col)
{
	const char *p = ref;
	if (*p == '$')
		p++;
	uint32_t c = 0;
	int letters = 0;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		if (++letters > 3)
			return ERR_INVALID;
		c = c * 26 + (uint32_t)((*p | 0x20) - 'a' + 1);
	}
	if (!letters || c > XLSX_MAX_COLS)
		return ERR_INVALID;
	if (*p == '$')
		p++;
	uint32_t r = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 7)
			return ERR_INVALID;
		r = r * 10 + (uint32_t)(*p - '0');
	}
	if (!digits || *p || r < 1 || r > XLSX_MAX_ROWS)
		return ERR_INVALID;
	*row = r - 1;
	*col = c - 1;
	return 0;
}

void xlsx_col_name(char *out, size_t n, uint32_t col)
{
	char tmp[8];
	int k = 0;
	uint32_t c = col + 1;
	while (c && k < 7) {
		tmp[k++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	size_t j = 0;
	while (k > 0 && j + 1 < n)
		out[j++] = tmp[--k];
	if (n)
		out[j] = '\0';
}

void xlsx_ref_format(char *out, size_t n, uint32_t row, uint32_t col)
{
	char letters[8];
	xlsx_col_name(letters, sizeof letters, col);
	snprintf(out, n, "%s%u", letters, row + 1);
}
