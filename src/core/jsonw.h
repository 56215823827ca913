/*
 * jsonw.h - JSON writers for the model's figures, shared by every face that
 * prints JSON (the CLI's --json, the HTTP API): exact numbers for entered
 * values, numbers rounded half away from zero for derived ones, null for a
 * missing figure. Not a JSON parser (the server reads JSON with jansson).
 */
#ifndef CHITIEU_JSONW_H
#define CHITIEU_JSONW_H

#include <stdbool.h>

#include "core/vnfmt.h"
#include "util/buf.h"

/* Appends v as an exact JSON number with a dot: 17395000 -> 1739.5. */
int jsonw_num(buf *b, num_t v);

/* Appends x rounded to `decimals` places (half away from zero on its
 * shortest decimal form), or null for NaN/inf. */
int jsonw_double(buf *b, double x, int decimals);

/* Append "key":value, followed by a comma (jsonw_kv_str: only when comma). */
void jsonw_kv_str(buf *b, const char *k, const char *v, bool comma);
void jsonw_kv_num(buf *b, const char *k, bool has, num_t v);       /* null when !has */
void jsonw_kv_double(buf *b, const char *k, double x);             /* 2 decimals */

#endif
