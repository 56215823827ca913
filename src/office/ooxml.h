/*
 * ooxml.h - what the Office Open XML readers (xlsx_read.c, docx_read.c)
 * share, so the defences are written once: a zip held in memory opened with
 * libzip (consistency checked, so a truncated file fails at open) with its
 * entries counted against a limit; one part read into memory with a hard cap
 * on its uncompressed bytes, whatever the zip's directory claims (a zip bomb
 * stops at the cap); libxml2's streaming reader with no network, no DTD
 * loading and no entity substitution, whose node reader refuses a DOCTYPE
 * (how entity bombs come in; no part of a workbook or document has one).
 *
 * Not for: what the parts mean (the readers), or writing (report_xlsx*.c,
 * report_docx.c).
 */
#ifndef CHITIEU_OOXML_H
#define CHITIEU_OOXML_H

#include <stddef.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "util/err.h"

/*
 * Opens the zip data[0..len) (borrowed: it must outlive *out, which is
 * closed with zip_discard). name is the file for messages, what the kind of
 * file it should be ("bảng tính", "văn bản").
 * Returns 0, ERR_INVALID (broken or truncated), ERR_TOOBIG (more than
 * max_entries entries) or ERR_NOMEM.
 */
int ooxml_open(const void *data, size_t len, const char *name, const char *what, size_t max_entries, zip_t **out,
	       err *e);

/*
 * Reads the part at path (its exact name, else any case) into *out
 * (malloc'd, NUL-terminated; *len bytes), reading at most cap uncompressed
 * bytes. Returns 0, ERR_NOTFOUND (no such part), ERR_TOOBIG (over cap: "bom
 * zip"), ERR_INVALID (broken) or ERR_NOMEM, naming name and path.
 */
int ooxml_read_part(zip_t *z, const char *name, const char *path, size_t cap, char **out, size_t *len, err *e);

/* A streaming reader over data[0..len), the part path of the file name
 * (borrowed: data must outlive it; freed with xmlFreeTextReader). */
int ooxml_xml_open(const char *name, const char *path, const char *data, size_t len, xmlTextReaderPtr *out,
		   err *e);

/*
 * The next node of r: 1, 0 at the end, or ERR_INVALID naming the part (and
 * libxml2's line and reason); a DOCTYPE is refused. ext (".xlsx", ".docx")
 * is the kind of file, for the message.
 */
int ooxml_xml_next(const char *name, const char *path, const char *ext, xmlTextReaderPtr r, err *e);

#endif
