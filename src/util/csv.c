/*
 * csv.c - the streaming CSV reader of csv.h: RFC 4180 quoting (doubled
 * quotes, separators and newlines inside quotes), CRLF, LF or CR line ends, a
 * UTF-8 BOM skipped, the delimiter (',' ';' or tab) detected from the first
 * line, and bounded records (CSV_MAX_LINE bytes, CSV_MAX_FIELDS fields).
 * Every field is checked to be valid UTF-8; a NUL byte is refused.
 *
 * How it works: the file is read with fread into a 1 MiB input buffer and
 * each record is copied, unquoted and with a NUL after every field, into one
 * record buffer allocated at open; csv_next hands out pointers into it, so
 * there is no allocation per record or field. Completely empty lines are
 * skipped (they carry no data and spreadsheets leave them at the end).
 * A field starting with ' followed by = + - @ TAB or CR loses that quote:
 * it is how buf_csv_field neutralises formulas (OWASP's CSV injection
 * advice), so chitieu reads back its own exports unchanged.
 *
 * Not for: writing CSV (buf_csv_field in buf.h) or knowing what columns mean
 * (import.c).
 */
#include "util/csv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CSV_IN_SIZE ((size_t)1 << 20) /* input buffer: more than a whole record */
#define CSV_NAME_MAX 160

struct csv_reader {
	FILE *f;
	char name[CSV_NAME_MAX];
	char sep;
	unsigned char *in;  /* input buffer, CSV_IN_SIZE bytes */
	size_t in_pos, in_len;
	bool eof;           /* fread returned short: no more input after in_len */
	char *rec;          /* the current record: fields, each NUL-terminated */
	char *fields[CSV_MAX_FIELDS];
	long line;          /* the line the next byte is on (1-based) */
	long rec_line;      /* the line the last record started on */
};

/* Reads more input when the buffer is used up. Returns 1 (data), 0 (end) or ERR_IO. */
static int csv_fill(csv_reader *r, err *e)
{
	if (r->in_pos < r->in_len)
		return 1;
	if (r->eof)
		return 0;
	r->in_pos = 0;
	r->in_len = fread(r->in, 1, CSV_IN_SIZE, r->f);
	if (r->in_len < CSV_IN_SIZE) {
		if (ferror(r->f))
			return err_set(e, ERR_IO, "%s: không đọc được tệp (read error: %s)",
				       r->name, strerror(errno));
		r->eof = true;
	}
	return r->in_len > 0 ? 1 : 0;
}

/* The next byte without consuming it: 0..255, -1 at end of input, or ERR_IO. */
static int csv_peek(csv_reader *r, err *e)
{
	if (r->in_pos < r->in_len)
		return r->in[r->in_pos];
	int rc = csv_fill(r, e);
	if (rc < 0)
		return rc;
	return rc ? r->in[r->in_pos] : -1;
}

/*
 * Chooses the delimiter from the first line (the buffer holds it, or its
 * first MiB): the most frequent of ',' ';' and tab outside quotes; ',' when
 * none occurs or on a tie with ','.
 */
static char csv_detect(const csv_reader *r)
{
	size_t n_comma = 0, n_semi = 0, n_tab = 0;
	bool quoted = false;
	for (size_t i = r->in_pos; i < r->in_len; i++) {
		unsigned char c = r->in[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			n_comma++;
		else if (c == ';')
			n_semi++;
		else if (c == '\t')
			n_tab++;
	}
	char sep = ',';
	size_t best = n_comma;
	if (n_semi > best) {
		sep = ';';
		best = n_semi;
	}
	if (n_tab > best)
		sep = '\t';
	return sep;
}

int csv_open(FILE *f, const char *name, char sep, csv_reader **out, err *e)
{
	*out = NULL;
	if (!name)
		name = "(csv)";
	if (sep == '"' || sep == '\r' || sep == '\n')
		return err_set(e, ERR_INVALID, "%s: ký tự phân cách (separator) không hợp lệ", name);
	csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", name);
	r->in = malloc(CSV_IN_SIZE);
	r->rec = malloc(CSV_MAX_LINE + CSV_MAX_FIELDS + 1);
	if (!r->in || !r->rec) {
		csv_close(r);
		return err_set(e, ERR_NOMEM, "%s: hết bộ nhớ (out of memory)", name);
	}
	r->f = f;
	snprintf(r->name, sizeof r->name, "%s", name);
	r->line = 1;
	int rc = csv_fill(r, e);
	if (rc < 0) {
		csv_close(r);
		return rc;
	}
	if (r->in_len >= 3 && r->in[0] == 0xEF && r->in[1] == 0xBB && r->in[2] == 0xBF)
		r->in_pos = 3;
	r->sep = sep ? sep : csv_detect(r);
	*out = r;
	return 0;
}

/*
 * Length of the valid UTF-8 prefix of s[0..n) (n when all of it is valid):
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
		i += len;
	}
	return n;
}

/* Checks every field of a record that holds a byte >= 0x80. */
static int csv_check_utf8(csv_reader *r, size_t nf, err *e)
{
	for (size_t k = 0; k < nf; k++) {
		const unsigned char *s = (const unsigned char *)r->fields[k];
		size_t n = strlen(r->fields[k]);
		size_t ok = utf8_valid_prefix(s, n);
		if (ok < n)
			return err_set(e, ERR_INVALID,
				       "%s, dòng %ld, trường %zu: không phải văn bản UTF-8 hợp lệ "
				       "(byte 0x%02X ở vị trí %zu); hãy lưu tệp dạng \"CSV UTF-8\"",
				       r->name, r->rec_line, k + 1, s[ok], ok + 1);
	}
	return 0;
}

static int csv_too_long(const csv_reader *r, bool quoted, err *e)
{
	return err_set(e, ERR_TOOBIG, "%s, dòng %ld: bản ghi dài quá %d byte%s", r->name,
		       r->rec_line, CSV_MAX_LINE,
		       quoted ? " (có thể do một dấu nháy kép \" không được đóng)" : "");
}

int csv_next(csv_reader *r, char ***fields, size_t *n, err *e)
{
	*fields = r->fields;
	*n = 0;
	int c;
	/* Skip empty lines. */
	for (;;) {
		c = csv_peek(r, e);
		if (c < 0)
			return c == -1 ? 0 : c;
		if (c == '\n') {
			r->in_pos++;
			r->line++;
		} else if (c == '\r') {
			r->in_pos++;
			c = csv_peek(r, e);
			if (c < -1)
				return c;
			if (c == '\n')
				r->in_pos++;
			r->line++;
		} else {
			break;
		}
	}
	r->rec_line = r->line;
	const unsigned char sep = (unsigned char)r->sep;
	char *rec = r->rec;
	size_t rl = 0;   /* bytes written to rec */
	size_t raw = 0;  /* input bytes of this record, line end excluded */
	size_t nf = 0;
	unsigned char high = 0; /* OR of all bytes: >= 0x80 means check UTF-8 */
	for (;;) {
		if (nf == CSV_MAX_FIELDS)
			return err_set(e, ERR_TOOBIG, "%s, dòng %ld: quá %d trường (fields) trong một dòng",
				       r->name, r->rec_line, CSV_MAX_FIELDS);
		r->fields[nf++] = rec + rl;
		c = csv_peek(r, e);
		if (c < -1)
			return c;
		if (c == '"') {
			long open_line = r->line;
			r->in_pos++;
			raw++;
			for (;;) {
				/* Copy the run up to the next quote. */
				while (r->in_pos < r->in_len) {
					unsigned char b = r->in[r->in_pos];
					if (b == '"')
						break;
					if (b == '\n')
						r->line++;
					else if (b == 0)
						return err_set(e, ERR_INVALID, "%s, dòng %ld: có byte NUL trong tệp (không phải CSV văn bản)",
							       r->name, r->line);
					if (raw >= CSV_MAX_LINE)
						return csv_too_long(r, true, e);
					high |= b;
					rec[rl++] = (char)b;
					raw++;
					r->in_pos++;
				}
				c = csv_peek(r, e);
				if (c < -1)
					return c;
				if (c == -1)
					return err_set(e, ERR_INVALID,
						       "%s, dòng %ld: dấu nháy kép (\") mở ở dòng %ld không được đóng trước khi hết tệp",
						       r->name, r->rec_line, open_line);
				if (c != '"')
					continue; /* buffer refilled mid-run */
				r->in_pos++;
				raw++;
				c = csv_peek(r, e);
				if (c < -1)
					return c;
				if (c == '"') { /* a doubled quote is one quote */
					if (raw >= CSV_MAX_LINE)
						return csv_too_long(r, true, e);
					r->in_pos++;
					raw++;
					rec[rl++] = '"';
					continue;
				}
				break;
			}
			if (c != -1 && c != sep && c != '\n' && c != '\r')
				return err_set(e, ERR_INVALID,
					       "%s, dòng %ld: có ký tự '%c' ngay sau dấu nháy kép đóng trường %zu "
					       "(dấu nháy trong trường phải viết đôi: \"\")",
					       r->name, r->line, c >= 0x20 && c < 0x7F ? c : '?', nf);
		} else {
			/* An unquoted field: copy up to the separator or line end. */
			for (;;) {
				while (r->in_pos < r->in_len) {
					unsigned char b = r->in[r->in_pos];
					if (b == sep || b == '\n' || b == '\r')
						goto field_end;
					if (b == 0)
						return err_set(e, ERR_INVALID, "%s, dòng %ld: có byte NUL trong tệp (không phải CSV văn bản)",
							       r->name, r->line);
					if (raw >= CSV_MAX_LINE)
						return csv_too_long(r, false, e);
					high |= b;
					rec[rl++] = (char)b;
					raw++;
					r->in_pos++;
				}
				c = csv_peek(r, e);
				if (c < -1)
					return c;
				if (c == -1)
					break;
			}
		field_end:
			c = csv_peek(r, e);
			if (c < -1)
				return c;
		}
		rec[rl++] = '\0';
		/* '=1+1 is how buf_csv_field neutralised a formula-like text: read it back as =1+1 */
		char *fs = r->fields[nf - 1];
		if (fs[0] == '\'' && fs[1] && strchr("=+-@\t\r", fs[1]))
			r->fields[nf - 1] = fs + 1;
		if (c == sep) {
			r->in_pos++;
			raw++;
			continue;
		}
		if (c == '\n') {
			r->in_pos++;
			r->line++;
		} else if (c == '\r') {
			r->in_pos++;
			c = csv_peek(r, e);
			if (c < -1)
				return c;
			if (c == '\n')
				r->in_pos++;
			r->line++;
		}
		break;
	}
	if (high & 0x80) {
		int rc = csv_check_utf8(r, nf, e);
		if (rc)
			return rc;
	}
	*n = nf;
	return 1;
}

long csv_line(const csv_reader *r)
{
	return r->rec_line;
}

char csv_sep(const csv_reader *r)
{
	return r->sep;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	free(r->in);
	free(r->rec);
	free(r);
}
