/*
 * fuzz.h - what the libFuzzer harnesses of fuzz/ share: turning the fuzzer's
 * bytes into a C string and failing loudly (abort, so libFuzzer saves the
 * input as a crash) when a property does not hold.
 *
 * Not for: the library or its tests; only fuzz/fuzz_*.c include it.
 */
#ifndef CHITIEU_FUZZ_H
#define CHITIEU_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'd NUL-terminated copy of data[0..size) (cut at an embedded NUL, as C code sees it). */
static inline char *fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Prints the broken property and aborts: libFuzzer keeps the input as a crash. */
static inline void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static inline void fz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("PROPERTY FAILED: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

#endif
