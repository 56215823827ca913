/*
 * approval_children.c - each subordinate unit's approval state of one month
 * (approval.h): what the level above sees on its dashboard and entry pages,
 * read with two statements (the children valid in the month, their states
 * of the year), so a nation's dashboard pays for its 34 provinces' states
 * about what it pays for one unit's.
 *
 * Not for: who has reported what (completeness.c: entries, deadlines).
 */
#include "core/approval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ch_walk {
	approval_child *c;
	size_t n;
	int month;
} ch_walk;

static int ch_by_id(const void *key, const void *elem)
{
	int64_t k = *(const int64_t *)key, id = ((const approval_child *)elem)->u.id;
	return (k > id) - (k < id);
}

static int ch_sort_id(const void *a, const void *b)
{
	int64_t x = ((const approval_child *)a)->u.id, y = ((const approval_child *)b)->u.id;
	return (x > y) - (x < y);
}

static int ch_sort_code(const void *a, const void *b)
{
	return strcmp(((const approval_child *)a)->u.code, ((const approval_child *)b)->u.code);
}

static int ch_state(void *ctx, int64_t unit_id, int month, const char *state)
{
	ch_walk *w = ctx;
	if (month != w->month)
		return 0;
	approval_child *c = bsearch(&unit_id, w->c, w->n, sizeof *w->c, ch_by_id);
	if (c)
		(void)appr_state_from_code(state, &c->state, NULL);
	return 0;
}

int approval_children(store *s, const char *unit_code, const period *month, approval_child **out, size_t *n,
		      err *e)
{
	*out = NULL;
	*n = 0;
	if (!period_valid(month) || month->type != PERIOD_MONTH)
		return err_set(e, ERR_INVALID, "trạng thái duyệt theo tháng: kỳ phải là một tháng (202206)");
	cdate end = period_end_date(month);
	unit *kids = NULL;
	size_t nk = 0;
	unsigned accept = 0;
	int rc = store_unit_list(s, unit_code, &end, &kids, &nk, e);
	if (rc == 0 && nk == 0) { /* a unit without children, or none at all */
		unit top;
		rc = store_unit_get(s, unit_code, &top, e);
	}
	if (rc || (nk && (rc = approval_accept_get(s, &accept, e)))) {
		free(kids);
		return rc;
	}
	approval_child *c = calloc(nk ? nk : 1, sizeof *c);
	int64_t *ids = malloc((nk ? nk : 1) * sizeof *ids);
	if (!c || !ids) {
		free(kids);
		free(c);
		free(ids);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc trạng thái duyệt của đơn vị trực thuộc");
	}
	for (size_t k = 0; k < nk; k++) {
		c[k].u = kids[k];
		c[k].state = APPR_DRAFT;
	}
	free(kids);
	qsort(c, nk, sizeof *c, ch_sort_id);
	for (size_t k = 0; k < nk; k++)
		ids[k] = c[k].u.id;
	ch_walk w = {c, nk, month->index};
	if (nk)
		rc = store_approval_states(s, ids, nk, month->year, ch_state, &w, e);
	free(ids);
	if (rc) {
		free(c);
		return rc;
	}
	for (size_t k = 0; k < nk; k++) {
		c[k].final = appr_final(c[k].state, c[k].u.type, accept);
		c[k].accept_due = c[k].state == APPR_APPROVED && !c[k].final;
	}
	qsort(c, nk, sizeof *c, ch_sort_code);
	*out = c;
	*n = nk;
	return 0;
}

int approval_children_json(buf *b, const char *unit_code, const period *month, const approval_child *c, size_t n)
{
	size_t final = 0;
	for (size_t k = 0; k < n; k++)
		final += c[k].final;
	int bad = buf_puts(b, "{\"unit\":");
	bad |= buf_json_str(b, unit_code);
	bad |= buf_puts(b, ",\"period\":\"");
	bad |= period_format_code(b, month);
	bad |= buf_printf(b, "\",\"final\":%zu,\"children\":[", final);
	for (size_t k = 0; k < n; k++) {
		bad |= buf_puts(b, k ? ",{\"code\":" : "{\"code\":");
		bad |= buf_json_str(b, c[k].u.code);
		char name[sizeof c[k].u.name + 64];
		snprintf(name, sizeof name, "%s %s", unit_type_label(c[k].u.type), c[k].u.name);
		bad |= buf_puts(b, ",\"name\":");
		bad |= buf_json_str(b, name);
		bad |= buf_printf(b, ",\"type\":\"%s\",\"state\":\"%s\",\"label\":", unit_type_code(c[k].u.type),
				  appr_state_code(c[k].state));
		bad |= buf_json_str(b, appr_state_label(c[k].state));
		bad |= buf_printf(b, ",\"final\":%s,\"accept_due\":%s}", c[k].final ? "true" : "false",
				  c[k].accept_due ? "true" : "false");
	}
	bad |= buf_puts(b, "]}\n");
	return bad ? ERR_NOMEM : 0;
}
