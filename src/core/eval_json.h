/*
 * eval_json.h - the evaluation as JSON: the one writer behind both
 * `chitieu eval --json` and the API's evaluation endpoint, so both carry the
 * same fields (schema: docs/eval-json.md).
 */
#ifndef CHITIEU_EVAL_JSON_H
#define CHITIEU_EVAL_JSON_H

#include "core/eval.h"
#include "util/buf.h"

/* Appends "unit":{"code","name","type"} (no comma after). Shared with the
 * term evaluation's JSON (core/term_json.c). */
void eval_json_unit(buf *b, const unit *u);

/* Appends an indicator's describing fields "code" .. "decimals", each
 * followed by a comma: the head of a row in every evaluation's JSON. */
void eval_json_indicator_head(buf *b, const indicator *ind);

/* Appends the whole evaluation r as one JSON object and a newline. */
int eval_json_write(buf *b, const eval_report *r);

#endif
