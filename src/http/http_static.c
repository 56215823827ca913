/*
 * http_static.c - static files of the web folder (pages, scripts, styles):
 * the path checked segment by segment and again after resolving symlinks,
 * so nothing outside the folder is ever opened; the type from the extension;
 * the folder's build id (a hash of its files, naming the service worker's
 * cache); a file's entity tag and the If-None-Match check against it.
 *
 * Not for: API routes, caching policy or compression (the core sets headers).
 */
#include "http/http_int.h"
#include "http/http.h"

#include <dirent.h>
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

/* FNV-1a 64 of n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ULL;
	return h;
}

/* The hash of one file: its path under the folder, then its bytes; false when unreadable. */
static bool file_hash(const char *full, const char *rel, uint64_t *out)
{
	int f = open(full, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return false;
	uint64_t h = fnv(14695981039346656037ULL, rel, strlen(rel) + 1);
	char chunk[65536];
	size_t total = 0;
	ssize_t n;
	while ((n = read(f, chunk, sizeof chunk)) > 0 && total <= HTTP_WEB_FILE_MAX) {
		h = fnv(h, chunk, (size_t)n);
		total += (size_t)n;
	}
	close(f);
	*out = h;
	return n >= 0;
}

/* Adds the files under dir (rel: its path under the root) to *sum; *left counts down the files. */
static void walk_hash(const char *dir, const char *rel, int depth, uint64_t *sum, int *left)
{
	DIR *d = depth > 8 ? NULL : opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while (*left > 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "node_modules"))
			continue;
		char full[PATH_MAX], sub[PATH_MAX];
		int a = snprintf(full, sizeof full, "%s/%s", dir, de->d_name);
		int b = snprintf(sub, sizeof sub, "%s/%s", rel, de->d_name);
		if (a < 0 || (size_t)a >= sizeof full || b < 0 || (size_t)b >= sizeof sub)
			continue;
		struct stat st;
		if (lstat(full, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk_hash(full, sub, depth + 1, sum, left);
		} else if (S_ISREG(st.st_mode)) {
			uint64_t h;
			(*left)--;
			/* a sum: the order readdir gives does not matter */
			if (file_hash(full, sub, &h))
				*sum += h * 0x9E3779B97F4A7C15ULL + (uint64_t)st.st_size;
		}
	}
	closedir(d);
}

void http_static_build_id(const char *web_root, char out[17])
{
	out[0] = '\0';
	if (!web_root || !*web_root)
		return;
	uint64_t sum = 0;
	int left = HTTP_WEB_FILES_MAX;
	walk_hash(web_root, "", 0, &sum, &left);
	snprintf(out, 17, "%016llx", (unsigned long long)sum);
}

bool http_static_etag(int fd, char out[HTTP_ETAG_MAX])
{
	struct stat st;
	out[0] = '\0';
	if (fstat(fd, &st))
		return false;
	snprintf(out, HTTP_ETAG_MAX, "W/\"%llx-%llx-%llx%09ld\"", (unsigned long long)st.st_ino,
		 (unsigned long long)st.st_size, (unsigned long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	return true;
}

bool http_static_not_modified(const char *inm, const char *etag)
{
	if (!inm || !etag || !etag[0])
		return false;
	const char *want = etag + (strncmp(etag, "W/", 2) ? 0 : 2);
	size_t wn = strlen(want);
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && *p == '*')
			return true;
		const char *tag = p;
		if (n >= 2 && !strncmp(tag, "W/", 2)) {
			tag += 2;
			n -= 2;
		}
		if (n == wn && !memcmp(tag, want, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}
