/*
 * api_tasks.h - meetings and the tasks they assign over HTTP (issue #5):
 * the route handlers of the "meetings and tasks" section of api_routes.c,
 * and what the two files behind them share (who may see or change a
 * meeting or a task, writing a task as JSON with its computed status).
 *
 * Not for: the rules of tasks (status, deadlines, statistics: core/task.h),
 * SQL (store.h) or the documents (core/task_notice.h). The handlers only
 * read requests, check roles and units, call those, and write JSON.
 */
#ifndef CHITIEU_API_TASKS_H
#define CHITIEU_API_TASKS_H

#include <stdbool.h>

#include "api/api_int.h"
#include "core/task.h"
#include "http/http.h"

/* A progress report's body: its base64 attachment (ATTACH_MAX bytes decoded)
 * plus the text and the other fields, escaped at worst. */
/* A meeting's body: two texts of MEETING_TEXT_MAX, JSON-escaped (\uXXXX is 6 bytes), and its lists. */
#define API_MEETING_BODY_MAX ((size_t)256 << 10)
#define API_TASK_PROGRESS_BODY_MAX (((size_t)ATTACH_MAX + 2) / 3 * 4 + ((size_t)64 << 10))

/* ---- meetings (api_tasks_meetings.c) ---- */
int api_meetings_list(http_req *r);   /* GET /api/meetings?unit=&kind=&from=&to=&limit=&offset= */
int api_meeting_post(http_req *r);    /* POST /api/meetings */
int api_meeting_get(http_req *r);     /* GET /api/meetings/{id}: the meeting and its tasks */
int api_meeting_put(http_req *r);     /* PUT /api/meetings/{id}: the fields given change */
int api_meeting_delete(http_req *r);  /* DELETE /api/meetings/{id}: only without tasks */
int api_meeting_notice(http_req *r);  /* GET /api/meetings/{id}/notice?format=text|markdown|html */
int api_meeting_agenda(http_req *r);  /* GET /api/meetings/{id}/agenda */

/* ---- tasks (api_tasks.c) ---- */
int api_tasks_list(http_req *r);      /* GET /api/tasks?unit=&agency=&role=&meeting=&status=... */
int api_task_post(http_req *r);       /* POST /api/tasks */
int api_task_get(http_req *r);        /* GET /api/tasks/{id}: with progress and history */
int api_task_put(http_req *r);        /* PUT /api/tasks/{id} */
int api_task_extend(http_req *r);     /* POST /api/tasks/{id}/extend {due, reason} */
int api_task_cancel(http_req *r);     /* POST /api/tasks/{id}/cancel {reason} */
int api_task_reopen(http_req *r);     /* POST /api/tasks/{id}/reopen {reason} */
int api_task_progress(http_req *r);   /* POST /api/tasks/{id}/progress */
int api_task_attachment(http_req *r); /* GET /api/tasks/{id}/progress/{pid}/attachment */
int api_task_stats(http_req *r);      /* GET /api/tasks/stats?unit=&period= */
int api_task_due(http_req *r);        /* GET /api/tasks/due?days= */

/* ---- shared by the api_tasks*.c files ---- */

/* api_tasks.c: permissions */

/* What a list handler learnt about the units r's user may view, so that a
 * list of many tasks asks auth_can_view once per unit. Per request. */
#define API_TASK_SEEN_MAX 128
typedef struct api_task_seen {
	int n;
	char code[API_TASK_SEEN_MAX][CODE_MAX];
	bool yes[API_TASK_SEEN_MAX];
} api_task_seen;

/*
 * Sets *yes when r's user may see task t: an administrator; view scope over
 * its owner, lead or a coordinating unit; or a department user whose agency
 * leads or coordinates it. seen (may be NULL; start it zeroed) remembers the
 * units' answers across calls of one request. Fails r only when the store fails.
 */
int api_task_visible(http_req *r, const task *t, api_task_seen *seen, bool *yes);

/* May r's user assign tasks or hold meetings for unit_code: an
 * administrator, or a leader with view scope over it. 0, or fails r with
 * 403 naming `field`. */
int api_task_can_assign(http_req *r, const char *unit_code, const char *field);

/*
 * Calls each(r, t, ctx) for every task matching f, in the store's order (due,
 * id), reading API_TASK_PAGE tasks at a time (f->limit and f->after are set
 * here) so that a handler keeps only what it needs: a task is ~5 KB in
 * memory, and 50.000 of them read at once took the server to 550 MB for one
 * ward officer's list. Stops at the first non-zero return of each (which
 * must have failed r). 0, or r failed.
 */
#define API_TASK_PAGE 512
int api_task_each(http_req *r, store_task_filter *f, int (*each)(http_req *r, const task *t, void *ctx),
		  void *ctx);

/* Loads task {id} of the path into t and checks r's user may see it
 * (400 bad id, 404 unknown, 403 not visible). */
int api_task_load(http_req *r, task *t);

/* Copies a JSON array of codes (checked by api_json_fields) into list; sets *n. */
int api_task_codes_into(const api_val *v, char (*list)[CODE_MAX], int *n);

/* api_tasks_json.c: reading and writing */

/* A store or core error (message e) as r's answer, naming field (may be NULL). */
int api_task_fail(http_req *r, int rc, const err *e, const char *field);

/* The path parameter `name` as a positive id; ERR_INVALID naming it. */
int api_task_path_id(http_req *r, const char *name, int64_t *out);

/* ?limit= and ?offset= (API_LIMIT_DEFAULT, at most API_LIMIT_MAX). */
int api_task_page(http_req *r, long *limit, long *offset);

/* An optional code parameter (NULL when absent or empty); 400 when too long or not UTF-8. */
int api_task_query_code(http_req *r, const char *name, const char **out);


/* True when s is empty or only spaces (ASCII or no-break). */
bool api_task_blank(const char *s);

/* The first of names that msg mentions, else def (core messages name their fields). */
const char *api_task_field_of(const char *msg, const char *const *names, size_t n, const char *def);

/* True when s is one of the n codes of list. */
bool api_task_str_in(const char *s, const char (*list)[CODE_MAX], int n);

/* The lead's code: the lead unit, else the lead agency. */
const char *api_task_lead_code(const task *t);

/* The lead's name ("phường Sông Cầu", "Phòng Kinh tế"); "" when unknown. */
void api_task_lead_name(store *s, const task *t, char *out, size_t n);

/* JSON pieces: "k":"yyyy-mm-dd" (null when none), "k":"v" (null when empty),
 * "k":["code",...]; each followed by a comma (kv_date: when comma). */
void api_task_kv_date(buf *b, const char *k, cdate d, bool comma);
void api_task_kv_opt(buf *b, const char *k, const char *v);
void api_task_kv_codes(buf *b, const char *k, const char (*list)[CODE_MAX], int n);

/* Appends t as a JSON object with its computed status, status label and
 * days left on `today`, and the name of its lead. */
void api_task_write(http_req *r, buf *b, const task *t, cdate today);

/* Appends a progress report as JSON (its attachment's URL under task_id). */
void api_task_write_progress(buf *b, const task_progress *p, int64_t task_id);

/* Orders tasks overdue first, keeping the order of the rest (stable). */
void api_task_overdue_first(task *t, size_t n, cdate today);

#endif
