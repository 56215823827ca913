/*
 * http_int.h - what the files of src/http share and nobody else uses:
 * opening a static file of the web folder safely.
 */
#ifndef CHITIEU_HTTP_INT_H
#define CHITIEU_HTTP_INT_H

#include <stdint.h>

/*
 * Opens the file of the web folder web_root (a realpath; "" for none) that
 * the decoded URL path names ("/" and ".../" mean index.html). Returns 0
 * with *fd (the caller closes it), *size and *ctype (a static string) set;
 * 400 for a path that tries to leave the folder (a ".." or "." segment, a
 * backslash, a control byte, a symlink pointing out); 404 otherwise.
 */
int http_static_open(const char *web_root, const char *path, int *fd, uint64_t *size, const char **ctype);

/* The Content-Type of a file name by its extension (application/octet-stream if unknown). */
const char *http_static_type(const char *name);

#endif
