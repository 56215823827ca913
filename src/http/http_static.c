/*
 * http_static.c - static files of the web folder (pages, scripts, styles):
 * the path checked segment by segment and again after resolving symlinks,
 * so nothing outside the folder is ever opened; the type from the extension.
 *
 * Not for: API routes, caching policy or compression (the core sets headers).
 */
#include "http/http_int.h"
#include "http/http.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext;
	const char *type;
} http_types[] = {
	{"html", "text/html; charset=utf-8"},
	{"htm", "text/html; charset=utf-8"},
	{"css", "text/css; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"mjs", "text/javascript; charset=utf-8"},
	{"json", "application/json; charset=utf-8"},
	{"txt", "text/plain; charset=utf-8"},
	{"csv", "text/csv; charset=utf-8"},
	{"svg", "image/svg+xml"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"ico", "image/x-icon"},
	{"woff2", "font/woff2"},
	{"woff", "font/woff"},
	{"map", "application/json; charset=utf-8"},
	{"pdf", "application/pdf"},
};

const char *http_static_type(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	if (dot)
		for (size_t i = 0; i < sizeof http_types / sizeof http_types[0]; i++)
			if (!strcasecmp(dot + 1, http_types[i].ext))
				return http_types[i].type;
	return "application/octet-stream";
}

/* True when every segment of path is a plain name (no "..", ".", "\", control byte). */
static bool path_is_plain(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	const char *seg = path + 1;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (end && n == 0 && end != path + strlen(path) - 1)
			return false; /* "//" inside the path */
		if (!end)
			return true;
		seg = end + 1;
	}
}

int http_static_open(const char *web_root, const char *path, int *fd, uint64_t *size, const char **ctype)
{
	*fd = -1;
	if (!path_is_plain(path))
		return 400;
	if (!web_root || !*web_root)
		return 404;
	char full[PATH_MAX];
	size_t pl = strlen(path);
	int n = snprintf(full, sizeof full, "%s%s%s", web_root, path, path[pl - 1] == '/' ? "index.html" : "");
	if (n < 0 || (size_t)n >= sizeof full)
		return 404;
	char real[PATH_MAX];
	if (!realpath(full, real))
		return 404;
	size_t rl = strlen(web_root);
	if (strncmp(real, web_root, rl) || real[rl] != '/')
		return 400; /* a symlink leading out of the folder */
	int f = open(real, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return 404;
	struct stat st;
	if (fstat(f, &st) || !S_ISREG(st.st_mode)) {
		close(f);
		return 404;
	}
	*fd = f;
	*size = (uint64_t)st.st_size;
	*ctype = http_static_type(real);
	return 0;
}
