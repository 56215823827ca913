/*
 * fuzz_xlsx.c - libFuzzer harness of the .xlsx reader (office/xlsx_read.h).
 *
 * The first byte picks what the rest is: 0 the whole file (zip and all);
 * 1 the worksheet XML of a fixed one-sheet workbook; 2 its shared strings
 * (with a sheet pointing at the first strings). Modes 1 and 2 are built into
 * a stored zip here each run, so the fuzzer works on the XML itself instead of
 * fighting deflate and CRCs. Properties: nothing crashes or leaks; a sheet
 * read has its cells sorted without repeats, inside its n_rows x n_cols,
 * under max_cells, each with text, a reference that reads back to its place,
 * and xlsx_cell_at finds each one; a refusal always has a message.
 *
 * Not for: the importer on top (fuzz_import covers the rows it takes).
 */
#include "fuzz.h"

#include <zip.h>

#include "office/xlsx_read.h"

static const char ROOT_RELS[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
	"Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
	"openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Số liệu\" sheetId=\"1\" "
	"r:id=\"rId1\"/></sheets></workbook>";
static const char WB_RELS[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	"worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas."
	"openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";
static const char SHEET_S[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
			      "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row></sheetData></worksheet>";
static const char SST[] = "<sst><si><t>Mã chỉ tiêu</t></si></sst>";

/* A stored zip of the workbook with sheet and shared strings; *out malloc'd. */
static size_t build(const char *sheet, size_t sheet_len, const char *sst, size_t sst_len, char **out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!z)
		abort();
	const char *names[] = {"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
			       "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
	const char *data[] = {ROOT_RELS, WB, WB_RELS, sheet, sst};
	size_t lens[] = {sizeof ROOT_RELS - 1, sizeof WB - 1, sizeof WB_RELS - 1, sheet_len, sst_len};
	for (int i = 0; i < 5; i++) {
		zip_source_t *s = zip_source_buffer(z, data[i], lens[i], 0);
		zip_int64_t idx = zip_file_add(z, names[i], s, 0);
		if (idx < 0)
			abort();
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (zip_close(z))
		abort();
	zip_stat_t st;
	zip_source_stat(src, &st);
	*out = malloc(st.size ? st.size : 1);
	zip_source_open(src);
	zip_int64_t got = zip_source_read(src, *out, st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return got < 0 ? 0 : (size_t)got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int mode = data[0] % 3;
	const char *rest = (const char *)data + 1;
	size_t n = size - 1;
	char *file = NULL;
	size_t len = n;
	if (mode == 1)
		len = build(rest, n, SST, sizeof SST - 1, &file);
	else if (mode == 2)
		len = build(SHEET_S, sizeof SHEET_S - 1, rest, n, &file);
	const char *bytes = file ? file : rest;
	xlsx_limits lim = {.max_part_bytes = 1 << 20, .max_cells = 5000, .max_strings = 5000};
	xlsx_book *b = NULL;
	err e;
	err_clear(&e);
	int rc = xlsx_open_mem(bytes, len, "fuzz.xlsx", &lim, &b, &e);
	if (rc && !e.msg[0])
		fz_fail("open refused without a message (rc %d)", rc);
	for (size_t i = 0; !rc && i < xlsx_sheet_count(b); i++) {
		xlsx_sheet *s = NULL;
		err_clear(&e);
		int k = xlsx_sheet_read(b, i, &s, &e);
		if (k) {
			if (!e.msg[0] || s)
				fz_fail("sheet %zu refused without a message or with a sheet", i);
			continue;
		}
		if (s->n > lim.max_cells)
			fz_fail("%zu cells over the limit", s->n);
		for (size_t c = 0; c < s->n; c++) {
			const xlsx_cell *x = &s->cells[c];
			if (!x->text)
				fz_fail("cell without text");
			if (x->row >= s->n_rows || x->col >= s->n_cols)
				fz_fail("cell outside n_rows x n_cols");
			if (c && (s->cells[c - 1].row > x->row ||
				  (s->cells[c - 1].row == x->row && s->cells[c - 1].col >= x->col)))
				fz_fail("cells not sorted or repeated at %zu", c);
			char ref[16];
			uint32_t r, col;
			xlsx_ref_format(ref, sizeof ref, x->row, x->col);
			if (xlsx_ref_parse(ref, &r, &col) || r != x->row || col != x->col)
				fz_fail("reference %s does not read back", ref);
			if (xlsx_cell_at(s, x->row, x->col) != x)
				fz_fail("xlsx_cell_at misses %s", ref);
		}
		xlsx_sheet_free(s);
	}
	xlsx_close(b);
	free(file);
	return 0;
}
