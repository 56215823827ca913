/*
 * term_json.h - the term evaluation as JSON: the one writer behind
 * `chitieu eval --term Y1-Y2 --json` and GET /api/eval/term, so both carry
 * the same fields (schema: docs/eval-json.md, "Term targets").
 */
#ifndef CHITIEU_TERM_JSON_H
#define CHITIEU_TERM_JSON_H

#include "core/term.h"
#include "util/buf.h"

/* Appends the whole term evaluation r as one JSON object and a newline. */
int term_json_write(buf *b, const term_report *r);

#endif
