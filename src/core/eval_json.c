/*
 * eval_json.c - writes an evaluation as JSON (see eval_json.h and
 * docs/eval-json.md). Only layout: every figure comes from eval_run().
 */
#include "core/eval_json.h"
#include "core/jsonw.h"

/* "forecast": null, or where the year will end (core/forecast.h). */
static void write_forecast(buf *b, const indicator *ind, const forecast_result *f)
{
	if (f->status == FC_NONE) {
		buf_puts(b, "\"forecast\":null,");
		return;
	}
	int d = ind->decimals < 2 ? 2 : ind->decimals;
	buf_puts(b, "\"forecast\":{");
	jsonw_kv_str(b, "status", forecast_status_code(f->status), true);
	if (f->method)
		jsonw_kv_str(b, "method", forecast_method_code(f->method), true);
	else
		buf_puts(b, "\"method\":null,");
	if (f->reason && f->reason[0])
		jsonw_kv_str(b, "reason", f->reason, true);
	else
		buf_puts(b, "\"reason\":null,");
	buf_printf(b, "\"known_month\":%d,\"observations\":%d,\"value\":", f->known, f->n_obs);
	jsonw_double(b, f->value, d);
	buf_puts(b, ",\"low80\":");
	jsonw_double(b, f->lo80, d);
	buf_puts(b, ",\"high80\":");
	jsonw_double(b, f->hi80, d);
	buf_puts(b, ",\"probability\":");
	jsonw_double(b, f->p_meet, 3);
	buf_puts(b, ",\"trend\":");
	jsonw_double(b, f->trend, 4);
	buf_puts(b, ",\"path\":[");
	for (int k = 0, first = 1; k < 12; k++) {
		if (f->path[k] != f->path[k]) /* NAN: no projection that month */
			continue;
		buf_printf(b, first ? "{\"month\":%d,\"value\":" : ",{\"month\":%d,\"value\":", k + 1);
		jsonw_double(b, f->path[k], d);
		buf_puts(b, ",\"low80\":");
		jsonw_double(b, f->path_lo[k], d);
		buf_puts(b, ",\"high80\":");
		jsonw_double(b, f->path_hi[k], d);
		buf_putc(b, '}');
		first = 0;
	}
	buf_puts(b, "]},");
}

void eval_json_unit(buf *b, const unit *u)
{
	buf_puts(b, "\"unit\":{");
	jsonw_kv_str(b, "code", u->code, true);
	jsonw_kv_str(b, "name", u->name, true);
	jsonw_kv_str(b, "type", unit_type_code(u->type), true);
	/* the page names the unit ("phường Sông Cầu") before /api/units arrives (docs/web.md) */
	jsonw_kv_str(b, "type_label", unit_type_label(u->type), false);
	buf_putc(b, '}');
}

void eval_json_indicator_head(buf *b, const indicator *ind)
{
	jsonw_kv_str(b, "code", ind->code, true);
	jsonw_kv_str(b, "name", ind->name_vi, true);
	jsonw_kv_str(b, "name_en", ind->name_en, true);
	jsonw_kv_str(b, "unit", ind->uom, true);
	jsonw_kv_str(b, "sector", sector_code(ind->sector), true);
	jsonw_kv_str(b, "kind", ind_kind_code(ind->kind), true);
	jsonw_kv_str(b, "direction", direction_code(ind->direction), true);
	buf_printf(b, "\"decimals\":%d,", ind->decimals);
}

int eval_json_write(buf *b, const eval_report *r)
{
	const eval_result *res = &r->result;
	const unit *u = &r->units[0];
	buf t;
	buf_init(&t, 1024);
	buf_putc(b, '{');
	eval_json_unit(b, u);
	buf_puts(b, ",\"period\":{");
	period_format_code(&t, &res->period);
	jsonw_kv_str(b, "code", buf_cstr(&t), true);
	buf_reset(&t);
	period_format_label(&t, &res->period);
	jsonw_kv_str(b, "label", buf_cstr(&t), true);
	jsonw_kv_str(b, "type", period_type_name(res->period.type), true);
	buf_printf(b, "\"year\":%d,\"first_month\":%d,\"last_month\":%d,\"year_end\":%s},", res->period.year,
		   period_first_month(&res->period), period_last_month(&res->period), res->year_end ? "true" : "false");
	buf_printf(b, "\"summary\":{\"with_target\":%d,\"met\":%d,\"not_met\":%d,\"no_data\":%d,\"not_due\":%d,"
		   "\"incomplete\":%d,\"not_met_codes\":[", res->n_with_target, res->n_met, res->n_not_met,
		   res->n_no_data, res->n_not_due, res->n_incomplete);
	bool first = true;
	for (size_t i = 0; i < res->n_rows; i++)
		if (res->rows[i].status == EVAL_NOT_MET || res->rows[i].status == EVAL_BEHIND) {
			if (!first)
				buf_putc(b, ',');
			buf_json_str(b, r->inds[res->rows[i].ind_index].code);
			first = false;
		}
	buf_puts(b, "]},\"indicators\":[");
	for (size_t i = 0; i < res->n_rows; i++) {
		const eval_row *row = &res->rows[i];
		const indicator *ind = &r->inds[row->ind_index];
		if (i)
			buf_putc(b, ',');
		buf_putc(b, '{');
		eval_json_indicator_head(b, ind);
		jsonw_kv_num(b, "value", row->has_value, row->value);
		jsonw_kv_num(b, "cumulative", row->has_cum, row->cumulative);
		jsonw_kv_num(b, "previous_value", row->has_prev_value, row->prev_value);
		jsonw_kv_num(b, "previous_cumulative", row->has_prev_cum, row->prev_cumulative);
		jsonw_kv_num(b, "target", row->has_target, row->target);
		if (row->has_target) {
			jsonw_kv_str(b, "target_kind", target_kind_code(row->target_kind), true);
			jsonw_kv_str(b, "target_source", target_source_code(row->target_source), true);
		} else {
			buf_puts(b, "\"target_kind\":null,\"target_source\":null,");
		}
		jsonw_kv_num(b, "assigned_target", row->has_assigned_target, row->assigned_target);
		jsonw_kv_double(b, "percent_of_target", row->percent_of_target);
		jsonw_kv_double(b, "expected_percent", row->expected_percent);
		jsonw_kv_double(b, "change_on_last_year", row->change_on_last_year);
		jsonw_kv_double(b, "change_absolute", row->change_absolute);
		jsonw_kv_str(b, "status", eval_status_code(row->status), true);
		jsonw_kv_str(b, "status_label", eval_status_label(row->status), true);
		buf_printf(b, "\"estimate\":%s,\"rolled_up\":%s,\"provisional\":%s,\"partial\":%s,"
			   "\"parts_expected\":%d,\"parts_reporting\":%d,",
			   row->estimate ? "true" : "false", row->rolled_up ? "true" : "false",
			   row->provisional ? "true" : "false", row->partial ? "true" : "false",
			   row->n_parts_expected, row->n_parts_reporting);
		/* own or aggregated (core/source.h): the source used, the other figure */
		buf_printf(b, "\"source\":\"%s\",", fig_source_code(row->source));
		jsonw_kv_num(b, "other_value", row->has_other_value, row->other_value);
		jsonw_kv_num(b, "other_cumulative", row->has_other_cum, row->other_cumulative);
		write_forecast(b, ind, &row->forecast);
		buf_printf(b, "\"other_parts\":%d,\"missing_months\":[", row->other_parts);
		for (int m = 0, first_m = 1; m < 12; m++)
			if (row->missing_months & (1u << m)) {
				buf_printf(b, first_m ? "%d" : ",%d", m + 1);
				first_m = 0;
			}
		buf_puts(b, "],\"lagging_units\":[");
		for (size_t k = 0; k < row->n_lagging; k++) {
			const unit *c = &r->units[row->lagging[k].unit_index];
			buf_puts(b, k ? ",{" : "{");
			jsonw_kv_str(b, "code", c->code, true);
			jsonw_kv_str(b, "name", c->name, true);
			jsonw_kv_double(b, "percent_of_target", row->lagging[k].percent_of_target);
			jsonw_kv_str(b, "status", eval_status_code(row->lagging[k].status), false);
			buf_putc(b, '}');
		}
		buf_puts(b, "]}");
	}
	buf_puts(b, "]}\n");
	buf_free(&t);
	return 0;
}

