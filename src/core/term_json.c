/*
 * term_json.c - writes a term evaluation as JSON (term_json.h,
 * docs/eval-json.md). Only layout: every figure comes from term_run().
 */
#include "core/term_json.h"
#include "core/eval_json.h"
#include "core/jsonw.h"

#include <math.h>

/* "k":x with `dec` decimals (null for NAN), followed by a comma. */
static void kv_dbl(buf *b, const char *k, double x, int dec)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	jsonw_double(b, x, dec);
	buf_putc(b, ',');
}

/* The places shown for a figure of ind: its own, at least 2 (paths are not whole). */
static int fig_dec(const indicator *ind)
{
	return ind->decimals < 2 ? 2 : ind->decimals;
}

static void write_row(buf *b, const term_report *r, const term_row *row)
{
	const indicator *ind = &r->inds[row->ind_index];
	const target *t = &row->target;
	int d = fig_dec(ind);
	buf_putc(b, '{');
	eval_json_indicator_head(b, ind);
	buf_puts(b, "\"target\":{");
	jsonw_kv_str(b, "kind", target_kind_code(t->kind), true);
	jsonw_kv_str(b, "source", target_source_code(t->source), true);
	jsonw_kv_num(b, "value", true, t->value);
	jsonw_kv_num(b, "baseline", t->has_baseline, t->baseline);
	jsonw_kv_str(b, "note", t->note, false);
	buf_puts(b, "},");
	jsonw_kv_num(b, "assigned_value", row->has_assigned, row->assigned_value);
	jsonw_kv_str(b, "form", term_form_code(row->form), true);
	jsonw_kv_str(b, "form_label", term_form_label(row->form), true);
	jsonw_kv_str(b, "judged", row->lower ? "lower" : "higher", true);
	buf_printf(b, "\"baseline_year\":%d,", row->baseline_year);
	kv_dbl(b, "baseline", row->has_baseline ? row->baseline : NAN, d);
	buf_printf(b, "\"baseline_from_target\":%s,", row->baseline_given ? "true" : "false");
	if (row->has_latest)
		buf_printf(b, "\"latest_year\":%d,", row->latest_year);
	else
		buf_puts(b, "\"latest_year\":null,");
	kv_dbl(b, "latest", row->has_latest ? row->latest : NAN, d);
	buf_printf(b, "\"years_done\":%d,\"years_left\":%d,", row->years_done, row->years_left);
	kv_dbl(b, "goal", row->goal, d);
	kv_dbl(b, "expected", row->expected, d);
	kv_dbl(b, "progress", row->progress, 2);
	kv_dbl(b, "achieved_per_year", row->achieved_rate, row->form == TERM_FORM_GROWTH ? 2 : d);
	kv_dbl(b, "required_per_year", row->required_rate, row->form == TERM_FORM_GROWTH ? 2 : d);
	buf_puts(b, "\"path\":[");
	for (int y = t->year_from; y <= t->year_to; y++) {
		buf_printf(b, "%s{\"year\":%d,\"value\":", y > t->year_from ? "," : "", y);
		jsonw_double(b, row->path[y - t->year_from], d);
		buf_putc(b, '}');
	}
	buf_puts(b, "],");
	jsonw_kv_str(b, "status", term_status_code(row->status), true);
	jsonw_kv_str(b, "status_label", term_status_label(row->status), false);
	buf_putc(b, '}');
}

int term_json_write(buf *b, const term_report *r)
{
	const term_result *res = &r->result;
	buf_putc(b, '{');
	eval_json_unit(b, &r->unit);
	buf_printf(b, ",\"term\":{\"from\":%d,\"to\":%d,\"label\":\"%d-%d\",\"last_year\":%d,\"final\":%s},",
		   res->year_from, res->year_to, res->year_from, res->year_to, res->last_year,
		   res->final ? "true" : "false");
	buf_printf(b, "\"summary\":{\"targets\":%d,\"on_path\":%d,\"behind\":%d,\"no_data\":%d,\"behind_codes\":[",
		   res->n_targets, res->n_on_path, res->n_behind, res->n_no_data);
	bool first = true;
	for (size_t i = 0; i < res->n_rows; i++)
		if (res->rows[i].status == TERM_BEHIND || res->rows[i].status == TERM_NOT_MET) {
			if (!first)
				buf_putc(b, ',');
			buf_json_str(b, r->inds[res->rows[i].ind_index].code);
			first = false;
		}
	buf_puts(b, "]},\"indicators\":[");
	for (size_t i = 0; i < res->n_rows; i++) {
		if (i)
			buf_putc(b, ',');
		write_row(b, r, &res->rows[i]);
	}
	buf_puts(b, "]}\n");
	return b->len ? 0 : ERR_NOMEM;
}
