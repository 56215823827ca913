/*
 * notify_bench.c - what notifications cost a request (issue #15, "Queuing
 * adds < 1 ms to creating a task"): task_put of N new tasks on a fresh
 * database (a SQLite file, or a PostgreSQL conninfo with its own schema in
 * search_path), first with nobody to tell, then with the lead ward's three
 * users and the coordinating ward's two, each with an email address (five
 * notices and five queued emails per task), and prints the median time of
 * one task_put for each and the difference.
 *
 *   notify_bench DB N
 *
 * The emails' delivery rate is measured against a real SMTP server by
 * `chitieu notify run` (docs/internals/notify.md). Not for: correctness
 * (tests/unit/test_notify.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/task_ops.h"
#include "store/store.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void die(const char *what, const err *e)
{
	fprintf(stderr, "notify_bench: %s: %s\n", what, e->msg);
	exit(1);
}

static void put_unit(store *s, const char *code, const char *name, const char *parent, unit_type type)
{
	unit u;
	err e;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.parent_code, sizeof u.parent_code, "%s", parent);
	u.type = type;
	if (store_unit_put(s, &u, &e))
		die("unit", &e);
}

static void put_user(store *s, const char *login, const char *unit_code)
{
	user_account u;
	user_scope sc;
	err e;
	char email[EMAIL_MAX];
	memset(&u, 0, sizeof u);
	memset(&sc, 0, sizeof sc);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "Cán bộ %s", login);
	snprintf(u.pw_hash, sizeof u.pw_hash, "$argon2id$bench");
	u.role = ROLE_WARD;
	u.active = true;
	snprintf(sc.unit_code, sizeof sc.unit_code, "%s", unit_code);
	sc.kind = SCOPE_ENTER;
	snprintf(email, sizeof email, "%s@backan.gov.vn", login);
	if (store_user_put(s, &u, &e) || store_user_scopes_set(s, u.id, &sc, 1, &e) ||
	    store_user_email_set(s, u.id, email, &e))
		die("user", &e);
}

/* The median ms of n task_put calls. */
static double run(store *s, int n)
{
	double *t = malloc((size_t)n * sizeof *t);
	if (!t) {
		fprintf(stderr, "notify_bench: out of memory\n");
		exit(1);
	}
	for (int i = 0; i < n; i++) {
		task k;
		err e;
		memset(&k, 0, sizeof k);
		snprintf(k.content, sizeof k.content, "Nhiệm vụ thử số %d: rà soát nguồn thu ngân sách", i);
		snprintf(k.owner_unit, sizeof k.owner_unit, "058");
		snprintf(k.lead_unit, sizeof k.lead_unit, "01837");
		snprintf(k.coord_units[0], CODE_MAX, "01840");
		k.n_coord = 1;
		snprintf(k.assigned_by, sizeof k.assigned_by, "lanhdao");
		k.assigned_on = (cdate){2022, 7, 15};
		k.due = (cdate){2022, 12, 31};
		double t0 = now_ms();
		if (task_put(s, &k, &e))
			die("task_put", &e);
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	double m = t[n / 2];
	free(t);
	return m;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: notify_bench DB N\n");
		return 2;
	}
	int n = atoi(argv[2]);
	if (n < 1)
		n = 1;
	store *s = NULL;
	err e;
	if (store_open(argv[1], &s, &e))
		die("store_open", &e);
	put_unit(s, "06", "Bắc Kạn", "", UNIT_PROVINCE);
	put_unit(s, "058", "Bắc Kạn", "06", UNIT_CITY);
	put_unit(s, "01837", "Sông Cầu", "058", UNIT_WARD);
	put_unit(s, "01840", "Đức Xuân", "058", UNIT_WARD);
	store_set_now(s, 1657854000);
	double alone = run(s, n);
	put_user(s, "songcau1", "01837");
	put_user(s, "songcau2", "01837");
	put_user(s, "songcau3", "01837");
	put_user(s, "ducxuan1", "01840");
	put_user(s, "ducxuan2", "01840");
	double told = run(s, n);
	printf("%s: task_put median %.3f ms with nobody to tell, %.3f ms with 5 notices and 5 emails queued: "
	       "+%.3f ms\n",
	       store_engine_name(s), alone, told, told - alone);
	store_close(s);
	return 0;
}
