/*
 * cli_common.c - helpers shared by every command: option lookup, opening the
 * store, who is typing, printing, JSON numbers, and the progress bar.
 */
#include "cli/cli.h"
#include "db/db.h"
#include "cli/progress.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *cli_get(const cli_args *a, const char *name)
{
	for (int i = 0; i < a->n_opts; i++)
		if (!strcmp(a->opt_name[i], name))
			return a->opt_val[i];
	return NULL;
}

bool cli_flag(const cli_args *a, const char *name)
{
	return cli_get(a, name) != NULL;
}

int cli_need(const cli_args *a, const char *name, const char **out, err *e)
{
	const char *v = cli_get(a, name);
	if (!v || !*v)
		return err_set(e, ERR_INVALID, "thiếu tùy chọn --%s", name);
	*out = v;
	return 0;
}

int cli_today(cdate *out, err *e)
{
	const char *v = getenv("CHITIEU_TODAY");
	if (v && *v) {
		int rc = vn_parse_date(v, out, e);
		return rc ? err_prefix(e, "biến môi trường CHITIEU_TODAY: ") : 0;
	}
	*out = cdate_from_unix_vn((int64_t)time(NULL));
	return 0;
}

int cli_unit_period(const cli_args *a, const char **unit_code, period *p, err *e)
{
	const char *per = NULL;
	int rc;
	if ((rc = cli_need(a, "unit", unit_code, e)) || (rc = cli_need(a, "period", &per, e)))
		return rc;
	if ((rc = period_parse(per, p, e)))
		return err_prefix(e, "--period: ");
	return 0;
}

int cli_int(const cli_args *a, const char *name, int lo, int hi, int *out, err *e)
{
	const char *v = cli_get(a, name);
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return err_set(e, ERR_INVALID, "--%s \"%s\": cần một số nguyên từ %d đến %d", name, v, lo, hi);
	*out = (int)n;
	return 0;
}

int cli_as_of(const cli_args *a, cdate *out, err *e)
{
	const char *v = cli_get(a, "as-of");
	if (v)
		return vn_parse_date(v, out, e) ? err_prefix(e, "--as-of: ") : 0;
	return cli_today(out, e);
}

int cli_date(const cli_args *a, const char *name, cdate *out, err *e)
{
	const char *v = cli_get(a, name);
	if (v && vn_parse_date(v, out, e))
		return err_prefix(e, "--%s: ", name);
	return 0;
}

int cli_open_create(const cli_args *a, store **s, err *e)
{
	if (!a->db_path || !*a->db_path)
		return err_set(e, ERR_INVALID, "--db: cần tên tệp cơ sở dữ liệu");
	int rc = store_open(a->db_path, s, e);
	if (rc) {
		char safe[512];
		db_target_safe(a->db_path, safe, sizeof safe);
		err_prefix(e, "cơ sở dữ liệu %s: ", safe);
	}
	else
		store_set_actor(*s, cli_who(a)); /* recorded in the audit of targets */
	return rc;
}

int cli_open(const cli_args *a, store **s, err *e)
{
	/* a file must exist (init or demo make one); a PostgreSQL database is the server's */
	if (a->db_path && *a->db_path && !db_target_is_postgres(a->db_path) &&
	    access(a->db_path, F_OK) != 0)
		return err_set(e, ERR_NOTFOUND,
			       "không có cơ sở dữ liệu %s; tạo mới bằng `chitieu --db %s init` "
			       "hoặc dữ liệu mẫu bằng `chitieu --db %s demo`",
			       a->db_path, a->db_path, a->db_path);
	return cli_open_create(a, s, e);
}

const char *cli_who(const cli_args *a)
{
	const char *v = cli_get(a, "by");
	if (v && *v)
		return v;
	v = getenv("CHITIEU_USER");
	if (v && *v)
		return v;
	v = getenv("USER");
	return v && *v ? v : "cli";
}

int cli_print(const char *s, size_t n, err *e)
{
	if (n && fwrite(s, 1, n, stdout) != n)
		return err_set(e, ERR_IO, "không ghi được ra đầu ra chuẩn");
	if (fflush(stdout))
		return err_set(e, ERR_IO, "không ghi được ra đầu ra chuẩn");
	return 0;
}

/* ---- progress bar (progress.h) -------------------------------------- */

void progress_init(progress *p, const char *label)
{
	p->label = label;
	p->enabled = isatty(STDERR_FILENO) && !getenv("CHITIEU_NO_PROGRESS");
	p->last_pct = -1;
}

void progress_update(progress *p, long done, long total)
{
	if (!p->enabled || total <= 0)
		return;
	int pct = (int)(done * 100 / total);
	if (pct > 100)
		pct = 100;
	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%%", p->label, bar, pct);
	fflush(stderr);
}

void progress_done(progress *p)
{
	if (p->enabled && p->last_pct >= 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}
