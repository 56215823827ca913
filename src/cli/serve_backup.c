/*
 * serve_backup.c - the scheduled backups of `chitieu serve` (serve_backup.h):
 * one thread sleeping on a condition variable between backups, so a stop
 * wakes it at once; the signals the server waits for are blocked in it.
 */
#include "cli/serve_backup.h"

#include "db/db.h"
#include "db/db_backup.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct serve_backup {
	char *target, *dir;
	int keep;
	long every_s;
	FILE *log;
	bool pg;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
};

int serve_backup_every(const char *text, long *seconds, err *e)
{
	char *end = NULL;
	errno = 0;
	long n = text ? strtol(text, &end, 10) : 0;
	long unit = !end ? 0 : !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600
		 : !strcmp(end, "d") ? 86400 : 0;
	if (errno || n <= 0 || unit == 0 || n > 366L * 86400 / unit)
		return err_set(e, ERR_INVALID, "--backup-every \"%s\": cần một số nguyên dương và đơn vị s, m, h hoặc d "
					       "(ví dụ 24h)", text ? text : "");
	*seconds = n * unit;
	return 0;
}

static const char *PREFIX = "chitieu-";

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest backups beyond keep (names sort by time). */
static void prune(serve_backup *b)
{
	DIR *d = opendir(b->dir);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	const char *ext = b->pg ? ".dump" : ".db";
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), el = strlen(ext);
		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) || len <= el || strcmp(de->d_name + len - el, ext))
			continue;
		if (n == cap) {
			size_t c2 = cap ? cap * 2 : 16;
			char **p = realloc(names, c2 * sizeof *p);
			if (!p)
				break;
			names = p;
			cap = c2;
		}
		if (!(names[n] = strdup(de->d_name)))
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i + (size_t)b->keep < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", b->dir, names[i]);
		if (unlink(path) == 0)
			fprintf(b->log, "chitieu: sao lưu định kỳ: đã xóa bản cũ %s\n", path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void take_one(serve_backup *b)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s%04d%02d%02d-%02d%02d%02d%s", b->dir, PREFIX, tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, b->pg ? ".dump" : ".db");
	db_backup_info info;
	err e;
	err_clear(&e);
	if (db_backup(b->target, path, &info, &e))
		fprintf(b->log, "chitieu: sao lưu định kỳ thất bại: %s\n", e.msg);
	else
		fprintf(b->log, "chitieu: sao lưu định kỳ: %s (%lld byte, phiên bản lược đồ %d)\n", path, info.size,
			info.version);
	fflush(b->log);
	prune(b);
}

static void *run(void *arg)
{
	serve_backup *b = arg;
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&b->mu);
	while (!b->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += b->every_s;
		while (!b->stop && pthread_cond_timedwait(&b->cv, &b->mu, &until) != ETIMEDOUT)
			;
		if (b->stop)
			break;
		pthread_mutex_unlock(&b->mu);
		take_one(b);
		pthread_mutex_lock(&b->mu);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

int serve_backup_start(const char *db_target, const char *dir, int keep, long every_s, FILE *log,
		       serve_backup **out, err *e)
{
	*out = NULL;
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) != 0)
		return err_set(e, ERR_INVALID, "--backup-dir \"%s\": không phải thư mục ghi được", dir);
	serve_backup *b = calloc(1, sizeof *b);
	if (!b || !(b->target = strdup(db_target)) || !(b->dir = strdup(dir))) {
		if (b) {
			free(b->target);
			free(b);
		}
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	b->keep = keep;
	b->every_s = every_s;
	b->log = log;
	b->pg = db_target_is_postgres(db_target);
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	if (pthread_create(&b->th, NULL, run, b) != 0) {
		pthread_mutex_destroy(&b->mu);
		pthread_cond_destroy(&b->cv);
		free(b->target);
		free(b->dir);
		free(b);
		return err_set(e, ERR_IO, "không tạo được luồng sao lưu định kỳ");
	}
	*out = b;
	return 0;
}

void serve_backup_stop(serve_backup *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->mu);
	b->stop = true;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->th, NULL);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	free(b->target);
	free(b->dir);
	free(b);
}
