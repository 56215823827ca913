/*
 * extract.h - reading figures out of Vietnamese narrative reports (issue #19):
 * a department's monthly report, a People's Committee review or a People's
 * Council resolution, as plain text, is split into sentences; each sentence
 * that names an indicator of the catalogue (by its name or one of its
 * synonyms, accent-insensitively, the longest match winning) proposes the
 * figures it states: the indicator, the unit (the report's, or the wards and
 * communes it names), the period, the measure (value, cumulative, % of plan,
 * change on last year, target, X/Y achieved of target, targets not met), the
 * number in the indicator's unit of measure, whether it was hedged, a
 * confidence and where in the sentence the figure stands.
 *
 * Proposals are only proposals: nothing here writes to the store; a person
 * confirms them before they are imported (docs/internals/extract.md).
 *
 * Not for: reading DOCX (office/docx_read.h gives the paragraphs' text),
 * printing tables (the CLI) or who may see which unit (the API filters).
 */
#ifndef CHITIEU_EXTRACT_H
#define CHITIEU_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include <stdio.h>

#include "core/import.h"
#include "core/model.h"
#include "util/buf.h"
#include "util/err.h"

struct store;

#define EXTRACT_MAX_BYTES ((size_t)8 << 20) /* text read from one report (a 10-page report is ~40 KB) */
#define EXTRACT_MAX_PROPOSALS 100000

typedef enum extract_measure {
	EXM_VALUE = 1,          /* the period's own figure */
	EXM_CUMULATIVE,         /* since January, up to the period's month */
	EXM_PERCENT_OF_PLAN,    /* "bằng 76,1% KH năm" */
	EXM_CHANGE_ON_LAST_YEAR,/* "tăng 9,3% so cùng kỳ" (%, or points for percentages) */
	EXM_TARGET,             /* a target adopted for the year ("phấn đấu", "chỉ tiêu") */
	EXM_ACHIEVED_OF_TARGET, /* "206/200": value and target */
	EXM_TARGETS_NOT_MET,    /* "11/65 chỉ tiêu không đạt": value and total */
} extract_measure;

/* The English code of a measure ("value", "cumulative", ...). */
const char *extract_measure_code(extract_measure m);

/* Its Vietnamese label ("giá trị kỳ", "lũy kế", ...). */
const char *extract_measure_label(extract_measure m);

/* What the extractor knows; every pointer is borrowed for the call. */
typedef struct extract_opts {
	const indicator *inds; /* the catalogue */
	size_t n_inds;
	const unit *units;     /* units whose names a sentence may give ("xã Dương Quang"); may be NULL */
	size_t n_units;
	const char *unit_code; /* the report's unit: proposals without a named unit get it */
	int year;              /* the year when the text does not say one (0: none) */
} extract_opts;

/* One proposed figure. */
typedef struct extract_prop {
	char indicator[CODE_MAX];
	char unit[CODE_MAX];
	char period[16];          /* "202206", "2020", "2022Q1" */
	extract_measure measure;
	num_t value;              /* in the indicator's unit of measure (or % / points for the
				   * percent_of_plan and change measures) */
	bool has_target;          /* achieved_of_target, targets_not_met */
	num_t target;
	bool approx;              /* "khoảng", "trên", "hơn", "ước", "gần", "dưới" */
	double confidence;        /* 0..1, docs/internals/extract.md gives the rule */
	size_t sent_off, sent_len;/* the sentence: bytes of the text given to extract_run */
	long start, end;          /* the figure in the sentence: code points, end exclusive */
} extract_prop;

typedef struct extract_result {
	extract_prop *p; /* malloc'd */
	size_t n, cap;
	const char *text; /* the text given (borrowed), for the sentences */
} extract_result;

/*
 * Proposes the figures of text[0..len) (UTF-8, checked: ERR_INVALID naming
 * the first bad byte's position for another encoding). Fills *out (freed with
 * extract_result_free; out->text borrows text, which must outlive it).
 * Returns 0, ERR_INVALID, ERR_TOOBIG (over EXTRACT_MAX_BYTES) or ERR_NOMEM.
 */
int extract_run(const char *text, size_t len, const extract_opts *o, extract_result *out, err *e);

/*
 * extract_run over the catalogue and units of the store s (read in the
 * caller's transaction, if any). unit_code is the report's unit, year the
 * default year (0: none). Same results and errors as extract_run.
 */
int extract_with_store(struct store *s, const char *text, size_t len, const char *unit_code, int year,
		       extract_result *out, err *e);

/* Frees what extract_run allocated; a zeroed result is fine. */
void extract_result_free(extract_result *r);

/*
 * Appends the proposals as a JSON array of objects with exactly the fields
 * indicator, unit, period, measure, value, target (only where given), approx,
 * confidence, text, start, end. Values are JSON numbers.
 */
int extract_json(buf *b, const extract_result *r);

/* ---- review and import (extract_import.c) ---------------------------------- */

/*
 * Appends the proposals as the review file: CSV (',' separator) with the
 * header quyet_dinh,indicator,unit,period,measure,value,target,approx,
 * confidence,text; quyet_dinh empty for a person to write "nhận" or "bỏ"
 * (after correcting any cell). Numbers in Vietnamese form.
 */
int extract_csv(buf *b, const extract_result *r);

/* One reviewed proposal. */
typedef struct extract_row {
	long line;          /* in the review file */
	bool accept;        /* "nhận" (else "bỏ") */
	char indicator[CODE_MAX], unit[CODE_MAX], period[16];
	extract_measure measure;
	num_t value;
	bool has_target;
	num_t target;
	bool approx;        /* imported as an estimate (ước tính) */
} extract_row;

/*
 * Reads a review file (name for messages). Every row must carry a decision:
 * a row without one refuses the whole file (ERR_INVALID naming the line), so
 * nothing is imported before the review is done. *rows is malloc'd.
 */
int extract_review_read(FILE *f, const char *name, extract_row **rows, size_t *n, err *e);

typedef struct extract_import_summary {
	long accepted, dropped; /* rows of the review */
	long targets;           /* targets written */
	long skipped;           /* accepted but not imported: derived figures, repeats (in the notes) */
	import_summary values;  /* the values, as the importer counts them */
} extract_import_summary;

/*
 * Imports the accepted rows, in one transaction (a dry run rolls it back):
 * value and achieved_of_target rows as values through import_values_rows
 * (the catalogue's and validation's checks, audit reason "trích từ văn bản
 * <file>", approx as an estimate); a month's cumulative of a flow or count
 * minus the months already stored, said in notes (refused when one is
 * missing); target rows to the target table (at least, or at most for a
 * lower-is-better indicator); derived figures (percent_of_plan,
 * change_on_last_year, targets_not_met) and repeats of a figure not imported,
 * said in notes. by: who imports. chk (may be NULL) is handed to the
 * importer (the API's scope, lock and approval checks, its conflicts).
 * Returns 0 or the first error, nothing written.
 */
int extract_import(struct store *s, const extract_row *rows, size_t n, const char *file, bool dry_run,
		   const char *by, const import_checks *chk, buf *notes, extract_import_summary *sum, err *e);

/* ---- measuring it (extract_eval.c) ------------------------------------------- */

typedef struct extract_eval_result {
	long files, expected, proposed, right;
} extract_eval_result;

/*
 * Runs the extractor over the corpus folder dir: every NAME.txt with its
 * NAME.json ({"unit","year","figures":[{indicator,unit,period,measure,value,
 * target?}]}). A proposal is right when an expected figure not yet matched
 * has the same indicator, unit, period, measure, value and target. Appends a
 * line per wrong proposal ("thừa") and per missed figure ("thiếu") to rep;
 * fills *res (precision = right / proposed, recall = right / expected).
 */
int extract_evaluate(struct store *s, const char *dir, buf *rep, extract_eval_result *res, err *e);

/*
 * The accent-free key of s for matching (NFKD, marks dropped, đ -> d, case
 * folded, runs of white space as one space), appended to b; when map is not
 * NULL, (*map)[i] is the byte offset in s of the code point that gave byte i
 * of the key (malloc'd, one entry per key byte plus one for the end).
 */
int extract_fold(buf *b, const char *s, size_t len, size_t **map, err *e);

#endif
