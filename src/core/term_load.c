/*
 * term_load.c - term_run(): the term targets of a unit and its annual
 * figures from the store, then term_compute_row() per target (term.h).
 *
 * Each year's figure is that year's own evaluation (eval_run over the
 * year): the unit's full-year figure with the year's roll-up, ratio and
 * completeness rules; a partial or missing figure is no figure. Not for:
 * the rules themselves (term.c) or formatting.
 */
#include "core/term.h"
#include "core/eval.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

void term_report_free(term_report *r)
{
	if (!r)
		return;
	free(r->inds);
	free(r->result.rows);
	memset(r, 0, sizeof *r);
}

/* The last year that has ended by today ({0}: no limit). */
static int last_ended_year(cdate today, int year_to)
{
	if (today.y == 0)
		return year_to;
	return (today.m == 12 && today.d == 31) ? today.y : today.y - 1;
}

/* Puts the unit's complete full-year figure of year y for each row's
 * indicator into figs[row]; a year the unit did not exist in gives none. */
static int load_year(store *s, const char *unit_code, int y, cdate today, term_report *out,
		     term_figures *figs, int y0, err *e)
{
	period p = {.type = PERIOD_YEAR, .year = y, .index = 1};
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.today = today;
	eval_report er;
	memset(&er, 0, sizeof er);
	int rc = eval_run(s, unit_code, &p, &o, &er, e);
	if (rc == ERR_CONFLICT) { /* the unit did not exist that year */
		err_clear(e);
		eval_report_free(&er);
		return 0;
	}
	if (rc) {
		eval_report_free(&er);
		return rc;
	}
	for (size_t k = 0; k < out->result.n_rows; k++) {
		const char *code = out->inds[out->result.rows[k].ind_index].code;
		for (size_t i = 0; i < er.result.n_rows; i++) {
			const eval_row *row = &er.result.rows[i];
			if (strcmp(er.inds[row->ind_index].code, code) != 0)
				continue;
			if (row->has_value && !row->partial) {
				figs[k].has[y - y0] = true;
				figs[k].fig[y - y0] = row->value;
			}
			break;
		}
	}
	eval_report_free(&er);
	return 0;
}

int term_run(store *s, const char *unit_code, int year_from, int year_to, cdate today, term_report *out,
	     err *e)
{
	memset(out, 0, sizeof *out);
	int n = year_to - year_from + 1;
	if (n < 2 || n > TERM_MAX_YEARS)
		return err_set(e, ERR_INVALID, "nhiệm kỳ %d-%d: cần từ 2 đến %d năm", year_from, year_to,
			       TERM_MAX_YEARS);
	target *tg = NULL;
	size_t n_tg = 0;
	term_figures *figs = NULL;
	int rc;
	if ((rc = store_unit_get(s, unit_code, &out->unit, e)) ||
	    (rc = store_indicator_list(s, &out->inds, &out->n_inds, e)) ||
	    (rc = store_target_list(s, NULL, unit_code, year_from, &tg, &n_tg, e)))
		goto fail;

	/* one row per indicator with a target of exactly this term: own before assigned */
	term_result *res = &out->result;
	res->year_from = year_from;
	res->year_to = year_to;
	res->last_year = last_ended_year(today, year_to);
	res->final = res->last_year >= year_to;
	if (out->n_inds) {
		res->rows = calloc(out->n_inds, sizeof *res->rows);
		figs = calloc(out->n_inds, sizeof *figs);
		if (!res->rows || !figs) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
			goto fail;
		}
	}
	for (size_t i = 0; i < out->n_inds; i++) {
		const target *own = NULL, *assigned = NULL;
		for (size_t k = 0; k < n_tg; k++) {
			const target *t = &tg[k];
			if (t->year_from != year_from || t->year_to != year_to ||
			    strcmp(t->indicator_code, out->inds[i].code) != 0)
				continue;
			if (t->source == TGT_SRC_OWN)
				own = t;
			else
				assigned = t;
		}
		if (!own && !assigned)
			continue;
		term_row *row = &res->rows[res->n_rows++];
		row->ind_index = (int)i;
		row->target = own ? *own : *assigned;
		if (own && assigned) {
			row->has_assigned = true;
			row->assigned_value = assigned->value;
		}
	}

	/* the annual figures, the baseline year to the last year ended */
	int y0 = year_from - 1, last = res->last_year < year_to ? res->last_year : year_to;
	for (int y = y0; res->n_rows && y <= last; y++)
		if ((rc = load_year(s, unit_code, y, today, out, figs, y0, e)))
			goto fail;

	for (size_t k = 0; k < res->n_rows; k++) {
		term_row *row = &res->rows[k];
		bool has_assigned = row->has_assigned;
		num_t assigned_value = row->assigned_value;
		target t = row->target;
		term_compute_row(&out->inds[row->ind_index], &t, &figs[k], res->last_year, row);
		row->has_assigned = has_assigned;
		row->assigned_value = assigned_value;
		res->n_targets++;
		switch (row->status) {
		case TERM_ON_PATH:
		case TERM_MET: res->n_on_path++; break;
		case TERM_BEHIND:
		case TERM_NOT_MET: res->n_behind++; break;
		default: res->n_no_data++; break;
		}
	}
	free(tg);
	free(figs);
	return 0;
fail:
	free(tg);
	free(figs);
	term_report_free(out);
	return rc;
}
