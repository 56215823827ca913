/*
 * cmd_eval_term.c - `chitieu eval --unit CODE --term 2021-2025 [--json]`:
 * the term targets (chỉ tiêu Nghị quyết nhiệm kỳ) of a unit against their
 * paths, as a table or JSON (docs/eval-json.md, "Term targets"). Every
 * figure comes from term_run() (core/term.h); this file only lays it out.
 */
#include "cli/cli.h"
#include "core/term.h"
#include "core/term_json.h"
#include "util/text.h"

#include <math.h>
#include <string.h>
#include <time.h>

/* A figure with the indicator's decimals, or "-". */
static void put_fig(buf *b, double x, int decimals)
{
	if (isnan(x))
		buf_puts(b, "-");
	else
		vn_format_double(b, x, decimals);
}

/* A signed change a year: "+10,00%/năm", "-0,25 điểm/năm", "+1.234,5/năm". */
static void put_rate(buf *b, const term_row *row, double x, const indicator *ind)
{
	if (isnan(x)) {
		buf_puts(b, "-");
		return;
	}
	if (x > 0 && fabs(x) >= 0.005)
		buf_putc(b, '+');
	if (row->form == TERM_FORM_GROWTH) {
		vn_format_double(b, x, 2);
		buf_puts(b, "%/năm");
		return;
	}
	vn_format_double(b, x, ind->decimals < 2 ? 2 : ind->decimals);
	buf_puts(b, row->form != TERM_FORM_TOTAL && !strcmp(ind->uom, "%") ? " điểm/năm" : "/năm");
}

/* The target as the resolution says it: "60", "+10%/năm", "-0,25 điểm/năm", "tổng 10". */
static void put_target(buf *b, const term_row *row, const indicator *ind)
{
	double v = num_to_double(row->target.value);
	switch (row->form) {
	case TERM_FORM_GROWTH:
	case TERM_FORM_POINTS: put_rate(b, row, v, ind); break;
	case TERM_FORM_TOTAL: buf_puts(b, "tổng "); put_fig(b, v, ind->decimals); break;
	case TERM_FORM_REACH:
		if (row->target.kind == TGT_CHANGE_PCT) {
			put_rate(b, row, v, ind);
			buf_puts(b, " cả kỳ");
		} else {
			put_fig(b, v, ind->decimals);
		}
		break;
	}
}

static void cell(buf *b, const buf *t, size_t w, bool right)
{
	buf_putc(b, ' ');
	text_pad(b, buf_cstr(t), w, right);
}

static int write_table(const cli_args *a, const term_report *r, buf *b)
{
	const term_result *res = &r->result;
	const char *bold = a->color ? "\033[1m" : "", *reset = a->color ? "\033[0m" : "";
	buf_printf(b, "%sĐÁNH GIÁ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NHIỆM KỲ %d-%d - %s %s%s\n", bold,
		   res->year_from, res->year_to, unit_type_label(r->unit.type), r->unit.name, reset);
	/* judged at the term's end only when every judged row has its last year */
	bool all_final = res->final;
	for (size_t i = 0; i < res->n_rows; i++)
		if (res->rows[i].status == TERM_ON_PATH || res->rows[i].status == TERM_BEHIND)
			all_final = false;
	if (res->last_year < res->year_from)
		buf_printf(b, "(Chưa hết năm đầu nhiệm kỳ %d)\n", res->year_from);
	else if (!res->final)
		buf_printf(b, "(Số liệu đến hết năm %d; lộ trình tính từ năm gốc %d)\n", res->last_year,
			   res->year_from - 1);
	else if (!all_final)
		buf_printf(b, "(Chỉ tiêu chưa có số liệu năm %d được đánh giá theo lộ trình đến năm có số liệu mới nhất)\n",
			   res->year_to);
	buf_puts(b, bold);
	text_pad(b, "TT", 4, false);
	text_pad(b, "Chỉ tiêu", 40, false);
	text_pad(b, " ĐVT", 14, false);
	text_pad(b, "Mục tiêu", 17, true);
	text_pad(b, "Năm gốc", 11, true);
	text_pad(b, "Thực hiện", 16, true);
	text_pad(b, "Lộ trình", 11, true);
	text_pad(b, "Tiến độ %", 10, true);
	text_pad(b, "Mỗi năm còn lại cần", 22, true);
	buf_puts(b, "  Tình trạng");
	buf_puts(b, reset);
	buf_putc(b, '\n');
	buf t;
	buf_init(&t, 128);
	for (size_t i = 0; i < res->n_rows; i++) {
		const term_row *row = &res->rows[i];
		const indicator *ind = &r->inds[row->ind_index];
		char num[24];
		snprintf(num, sizeof num, "%zu", i + 1);
		text_pad(b, num, 4, false);
		text_pad(b, ind->name_vi, 40, false);
		buf_putc(b, ' ');
		text_pad(b, ind->uom, 13, false);
		buf_reset(&t);
		put_target(&t, row, ind);
		cell(b, &t, 16, true);
		buf_reset(&t);
		put_fig(&t, row->has_baseline ? row->baseline : NAN, ind->decimals);
		cell(b, &t, 10, true);
		buf_reset(&t);
		if (row->has_latest) {
			put_fig(&t, row->latest, ind->decimals);
			if (row->form == TERM_FORM_TOTAL)
				buf_printf(&t, " (%d-%d)", row->target.year_from, row->latest_year);
			else
				buf_printf(&t, " (%d)", row->latest_year);
		} else {
			buf_puts(&t, "-");
		}
		cell(b, &t, 15, true);
		buf_reset(&t);
		put_fig(&t, row->expected, ind->decimals);
		cell(b, &t, 10, true);
		buf_reset(&t);
		put_fig(&t, row->progress, 2);
		cell(b, &t, 9, true);
		buf_reset(&t);
		put_rate(&t, row, row->required_rate, ind);
		cell(b, &t, 21, true);
		buf_puts(b, "  ");
		buf_puts(b, term_status_label(row->status));
		buf_putc(b, '\n');
	}
	buf_free(&t);
	buf_printf(b, "\n%sTổng hợp:%s ", bold, reset);
	if (res->n_targets == 0)
		buf_printf(b, "%s %s chưa có chỉ tiêu nhiệm kỳ %d-%d", unit_type_label(r->unit.type), r->unit.name,
			   res->year_from, res->year_to);
	else if (all_final)
		buf_printf(b, "%d/%d chỉ tiêu nhiệm kỳ đạt; %d chỉ tiêu không đạt", res->n_on_path, res->n_targets,
			   res->n_behind);
	else
		buf_printf(b, "%d/%d chỉ tiêu đúng lộ trình; %d chỉ tiêu chậm so với lộ trình", res->n_on_path,
			   res->n_targets, res->n_behind);
	if (res->n_no_data)
		buf_printf(b, "; %d chỉ tiêu chưa đủ số liệu để đánh giá", res->n_no_data);
	buf_puts(b, ".\n");
	return 0;
}

int cli_eval_term(const cli_args *a, const char *unit_code, const char *term, cdate today, err *e)
{
	int yf, yt, rc;
	if ((rc = term_parse(term, &yf, &yt, e)))
		return err_prefix(e, "--term: ");
	store *s = NULL;
	if ((rc = cli_open(a, &s, e)))
		return rc;
	term_report r;
	rc = term_run(s, unit_code, yf, yt, today, &r, e);
	if (!rc) {
		buf b;
		buf_init(&b, 0);
		rc = cli_flag(a, "json") ? term_json_write(&b, &r) : write_table(a, &r, &b);
		if (!rc)
			rc = cli_print(b.data, b.len, e);
		buf_free(&b);
	}
	term_report_free(&r);
	store_close(s);
	return rc;
}
