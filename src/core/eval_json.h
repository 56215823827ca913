/*
 * eval_json.h - the evaluation as JSON: the one writer behind both
 * `chitieu eval --json` and the API's evaluation endpoint, so both carry the
 * same fields (schema: docs/eval-json.md).
 */
#ifndef CHITIEU_EVAL_JSON_H
#define CHITIEU_EVAL_JSON_H

#include "core/eval.h"
#include "util/buf.h"

/* Appends the whole evaluation r as one JSON object and a newline. */
int eval_json_write(buf *b, const eval_report *r);

#endif
