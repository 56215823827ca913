/*
 * text.h - Unicode text helpers on utf8proc: UTF-8 validation, display width
 * for aligned terminal tables, NFC normalisation, and the accent-free search
 * key ("Bắc Kạn" and "bac kan" give the same key; "Hoá" and "Hóa" too).
 *
 * Not for: number or date formatting (vnfmt.h).
 */
#ifndef CHITIEU_TEXT_H
#define CHITIEU_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* True when s[0..n) is valid UTF-8 without NUL bytes. */
bool text_utf8_valid(const char *s, size_t n);

/* Columns s takes on a terminal (combining marks 0, wide CJK 2). Invalid bytes count 1. */
size_t text_width(const char *s);

/*
 * Appends s cut to at most `width` columns (an ellipsis "…" marks a cut) and
 * padded with spaces to exactly `width` columns; right-aligned when `right`.
 */
int text_pad(buf *b, const char *s, size_t width, bool right);

/* Appends s in upper case, Vietnamese letters too ("Kinh tế" -> "KINH TẾ");
 * invalid bytes copied as they are. */
int text_upper(buf *b, const char *s);

/* Appends s in NFC form (composed). Invalid UTF-8 is appended unchanged. */
int text_nfc(buf *b, const char *s);

/*
 * Appends the search key of s: NFKD, marks removed, đ/Đ -> d, lower case
 * ASCII where possible. text_key("Bắc Kạn") == text_key("bac kan").
 */
int text_key(buf *b, const char *s);

#endif
