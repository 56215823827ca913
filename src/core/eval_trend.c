/*
 * eval_trend.c - a year's path of every indicator at one unit
 * (eval_trend.h): eval_run loads the unit's figures for p's year once, and
 * eval_compute evaluates each month up to p's last month from them.
 *
 * Not for: the rules of the evaluation (eval.c) or its JSON (eval_json.c).
 */
#include "core/eval_trend.h"
#include "core/jsonw.h"

#include <stdlib.h>
#include <string.h>

int eval_trend_json(buf *b, struct store *s, const char *unit_code, const period *p, const eval_opts *opts,
		    err *e)
{
	eval_opts o = *opts;
	o.forecast = false;
	int last = period_last_month(p);
	period p_last = period_month(p->year, last);
	eval_report rep;
	memset(&rep, 0, sizeof rep);
	int rc = eval_run(s, unit_code, &p_last, &o, &rep, e);
	if (rc) {
		eval_report_free(&rep);
		return rc;
	}
	eval_result *months = calloc((size_t)last, sizeof *months);
	if (!months) {
		eval_report_free(&rep);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tính diễn biến các tháng");
	}
	int done = 0;
	for (; done < last; done++) {
		period pm = period_month(p->year, done + 1);
		if ((rc = eval_compute(&rep.data, &pm, &o, &months[done], e)))
			break;
	}
	if (!rc) {
		buf_puts(b, "{");
		jsonw_kv_str(b, "unit", unit_code, true);
		buf_printf(b, "\"year\":%d,\"months\":[", p->year);
		for (int m = 1; m <= last; m++)
			buf_printf(b, m > 1 ? ",%d" : "%d", m);
		buf_puts(b, "],\"indicators\":[");
		/* every month's rows are in the same order (eval_data's) */
		for (size_t i = 0; i < months[0].n_rows; i++) {
			buf_puts(b, i ? ",{" : "{");
			jsonw_kv_str(b, "code", rep.data.inds[months[0].rows[i].ind_index].code, true);
			buf_puts(b, "\"cumulative\":[");
			for (int m = 0; m < last; m++) {
				const eval_row *row = &months[m].rows[i];
				if (m)
					buf_putc(b, ',');
				if (row->has_cum)
					jsonw_num(b, row->cumulative);
				else
					buf_puts(b, "null");
			}
			buf_puts(b, "],\"percent\":[");
			for (int m = 0; m < last; m++) {
				if (m)
					buf_putc(b, ',');
				jsonw_double(b, months[m].rows[i].percent_of_target, 2); /* NAN: null */
			}
			buf_puts(b, "],\"status\":[");
			for (int m = 0; m < last; m++)
				buf_printf(b, m ? ",\"%s\"" : "\"%s\"", eval_status_code(months[m].rows[i].status));
			buf_puts(b, "]}");
		}
		rc = buf_puts(b, "]}");
	}
	for (int m = 0; m < done; m++)
		eval_result_free(&months[m]);
	free(months);
	eval_report_free(&rep);
	return rc;
}
