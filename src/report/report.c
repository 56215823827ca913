/*
 * report.c - builds the situation report's document model from an
 * evaluation: the Decree 30/2020 frame (issuer, number, date line, title,
 * signature, recipients), one sentence per indicator with data grouped by
 * sector, the general evaluation (count of targets met, targets not met or
 * behind, lagging wards), the tasks when given, and the next period's key
 * tasks. Every figure is a field of an eval_row formatted by core/vnfmt.
 *
 * Not for: laying the model out (report_text.c, report_html.c,
 * report_docx.c), the wording itself (report_template.c), or any rule of
 * evaluation (core/eval.c).
 */
#include "report/report.h"

#include "core/completeness.h"
#include "core/term.h"
#include "util/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* ---- small helpers --------------------------------------------------- */

static int doc_add(report_doc *d, report_block_kind k, const char *text, int ind_index, err *e)
{
	return report_doc_add(d, k, text, ind_index, e);
}

/* Adds each line of text as a block of kind k. */
static int doc_add_lines(report_doc *d, report_block_kind k, const char *text, err *e)
{
	int rc = 0;
	for (const char *p = text; p && *p && !rc;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		if (!line)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập báo cáo");
		rc = doc_add(d, k, line, -1, e);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	return rc;
}

/* Appends s upper-cased (Vietnamese letters too). */
static int upper_utf8(buf *b, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	int rc = 0;
	while (len > 0 && !rc) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, len, &c);
		if (k <= 0) { /* invalid: copy the byte */
			rc = buf_putc(b, (char)*p);
			p++, len--;
			continue;
		}
		utf8proc_uint8_t out[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(c), out);
		rc = buf_append(b, out, (size_t)m);
		p += k, len -= k;
	}
	return rc;
}

/* A copy of b's text; NULL when it lacks a piece (a failed append) or on no memory. */
static char *dup_buf(buf *b)
{
	return buf_failed(b) ? NULL : strdup(buf_cstr(b));
}

/* The period after p, as the "next period" section names it. */
static period next_period(const period *p)
{
	period n = *p;
	switch (p->type) {
	case PERIOD_MONTH:
		if (p->index == 12)
			n = (period){PERIOD_MONTH, p->year + 1, 1};
		else
			n.index = p->index + 1;
		break;
	case PERIOD_QUARTER:
		if (p->index == 4)
			n = (period){PERIOD_QUARTER, p->year + 1, 1};
		else
			n.index = p->index + 1;
		break;
	case PERIOD_HALF:
		n = p->index == 1 ? (period){PERIOD_HALF, p->year, 2} : (period){PERIOD_YEAR, p->year + 1, 1};
		break;
	case PERIOD_NINE_MONTHS:
		n = (period){PERIOD_QUARTER, p->year, 4};
		break;
	case PERIOD_YEAR:
		n = (period){PERIOD_YEAR, p->year + 1, 1};
		break;
	}
	return n;
}

/* "trong tháng", "trong quý", "6 tháng đầu năm", ...: where the period's own
 * value sits in a sentence. */
static const char *within_phrase(const period *p)
{
	switch (p->type) {
	case PERIOD_MONTH: return "trong tháng";
	case PERIOD_QUARTER: return "trong quý";
	case PERIOD_HALF: return p->index == 1 ? "6 tháng đầu năm" : "6 tháng cuối năm";
	case PERIOD_NINE_MONTHS: return "9 tháng";
	case PERIOD_YEAR: return "cả năm";
	}
	return "";
}

static bool uom_is_percent(const indicator *ind)
{
	return ind->uom[0] == '%';
}

int report_format_amount(buf *b, num_t v, const indicator *ind)
{
	int rc;
	if (ind->kind == IND_COUNT && v % NUM_SCALE == 0) {
		rc = vn_format_count2(b, (long)(v / NUM_SCALE));
	} else {
		size_t start = b->len;
		rc = vn_format_num(b, v, ind->decimals);
		if (!rc && memchr(b->data + start, ',', b->len - start)) {
			while (b->len > start && b->data[b->len - 1] == '0')
				b->len--;
			if (b->len > start && b->data[b->len - 1] == ',')
				b->len--;
			b->data[b->len] = '\0';
		}
	}
	if (!rc && ind->uom[0])
		rc = buf_printf(b, "%s%s", uom_is_percent(ind) ? "" : " ", ind->uom);
	return rc;
}

/* Appends "tăng 4,85%", "giảm 2,99%", "gấp 13 lần" (vn_format_change),
 * "tăng 0,60 điểm phần trăm", or "không thay đổi"; false (nothing
 * appended) when there is no comparison. */
static bool change_phrase(buf *b, const eval_row *row, const indicator *ind)
{
	bool points = uom_is_percent(ind);
	double x = points ? row->change_absolute : row->change_on_last_year;
	if (isnan(x))
		return false;
	if (!points)
		return vn_format_change(b, x) != ERR_INVALID;
	buf t;
	buf_init(&t, 64);
	vn_format_double(&t, fabs(x), 2);
	if (!strcmp(buf_cstr(&t), "0,00"))
		buf_puts(b, "không thay đổi");
	else
		buf_printf(b, "%s %s điểm phần trăm", x > 0 ? "tăng" : "giảm", buf_cstr(&t));
	buf_taint(b, &t);
	buf_free(&t);
	return true;
}

/* An auxiliary indicator (numerator, denominator or weight of another). */
static bool is_auxiliary(const eval_report *r, const indicator *ind)
{
	for (size_t i = 0; i < r->n_inds; i++) {
		const indicator *o = &r->inds[i];
		if (!strcmp(o->numerator, ind->code) || !strcmp(o->denominator, ind->code) ||
		    !strcmp(o->weight, ind->code))
			return true;
	}
	return false;
}

bool report_row_shown(const eval_report *r, const eval_row *row)
{
	return row->has_target || row->target_kind != 0 ||
	       !(is_auxiliary(r, &r->inds[row->ind_index]) || (!row->has_cum && !row->has_value));
}

/* Whether a row gets a sentence: it has data, and it is not an auxiliary
 * figure without a target of its own. */
static bool row_reported(const eval_report *r, const eval_row *row)
{
	return (row->has_value || row->has_cum) && report_row_shown(r, row);
}

/* ---- variables ------------------------------------------------------- */

enum {
	V_DON_VI, V_TEN_DON_VI, V_LOAI_DON_VI, V_DON_VI_IN_HOA, V_KY, V_NAM, V_KY_TOI, V_KY_TOI_IN_HOA,
	V_TEN_CHI_TIEU, V_DON_VI_TINH, V_TRONG_KY, V_DAT, V_DAT_LUY_KE, V_GIA_TRI_KY, V_LUY_KE, V_SO_THANG,
	V_KE_HOACH, V_PHAN_TRAM, V_SO_CUNG_KY, V_DANH_GIA, V_DON_VI_CHAM, V_LINH_VUC, V_CHI_TIEU_CHAM,
	V_SO_DAT, V_SO_CHI_TIEU, V_SO_KHONG_DAT, V_SO_CHUA_CO, V_SO_CHUA_DU, V_SO_CHUA_DEN_KY,
	V_SO_NHIEM_VU, V_SO_DUNG_HAN, V_SO_TRE_HAN, V_SO_DANG_LAM, V_SO_QUA_HAN, V_TY_LE_DUNG_HAN,
	V_NOI_DUNG, V_CHU_TRI, V_HAN, V_SO_NGAY_QUA_HAN, V_SO_DON_VI_GUI, V_SO_DON_VI, V_DON_VI_THIEU,
	V_DU_BAO, V_DU_BAO_THAP, V_DU_BAO_CAO, V_KHA_NANG,
	V_NHIEM_KY, V_NAM_SO_LIEU, V_SO_CHI_TIEU_NK, V_SO_DUNG_LO_TRINH, V_SO_CHAM_LO_TRINH, V_SO_CHUA_DU_NK,
	V_THUC_HIEN, V_LO_TRINH, V_MUC_TIEU, V_CAN_MOI_NAM,
	V__COUNT
};

static const char *const VAR_NAMES[V__COUNT] = {
	"don_vi", "ten_don_vi", "loai_don_vi", "don_vi_in_hoa", "ky", "nam", "ky_toi", "ky_toi_in_hoa",
	"ten_chi_tieu", "don_vi_tinh", "trong_ky", "dat", "dat_luy_ke", "gia_tri_ky", "luy_ke", "so_thang",
	"ke_hoach", "phan_tram_ke_hoach", "so_cung_ky", "danh_gia", "don_vi_cham", "linh_vuc", "chi_tieu_cham",
	"so_dat", "so_chi_tieu", "so_khong_dat", "so_chua_co_so_lieu", "so_chua_du", "so_chua_den_ky",
	"so_nhiem_vu", "so_dung_han", "so_tre_han", "so_dang_lam", "so_qua_han", "ty_le_dung_han",
	"noi_dung", "chu_tri", "han", "so_ngay_qua_han", "so_don_vi_gui", "so_don_vi", "don_vi_thieu",
	"du_bao", "du_bao_thap", "du_bao_cao", "kha_nang",
	"nhiem_ky", "nam_so_lieu", "so_chi_tieu_nk", "so_dung_lo_trinh", "so_cham_lo_trinh", "so_chua_du_nk",
	"thuc_hien", "lo_trinh", "muc_tieu", "can_moi_nam",
};

/* The variables while building: values live in their own buffers. */
typedef struct vars {
	report_var v[V__COUNT];
	buf val[V__COUNT];
} vars;

static void vars_init(vars *vs)
{
	for (int i = 0; i < V__COUNT; i++) {
		vs->v[i] = (report_var){VAR_NAMES[i], NULL, false, false};
		buf_init(&vs->val[i], 64 * 1024);
	}
}

static void vars_free(vars *vs)
{
	for (int i = 0; i < V__COUNT; i++)
		buf_free(&vs->val[i]);
}

/* Marks variable i present with the buffer's contents (call after filling it). */
static void var_done(vars *vs, int i)
{
	vs->v[i].value = buf_cstr(&vs->val[i]);
	vs->v[i].present = true;
	vs->v[i].zero = false;
}

static void var_set(vars *vs, int i, const char *s)
{
	buf_reset(&vs->val[i]);
	buf_puts(&vs->val[i], s);
	var_done(vs, i);
}

static void var_clear(vars *vs, int i)
{
	buf_reset(&vs->val[i]);
	vs->v[i].present = false;
	vs->v[i].zero = false;
	vs->v[i].value = NULL;
}

static void var_count(vars *vs, int i, int n)
{
	buf_reset(&vs->val[i]);
	vn_format_count2(&vs->val[i], n);
	var_done(vs, i);
	vs->v[i].zero = n == 0;
}

/* Renders template key with vs into out (reset first). */
static int render(buf *out, const report_templates *t, const char *key, const vars *vs)
{
	buf_reset(out);
	int i = report_template_index(key);
	if (i < 0)
		return 0;
	return report_render(out, t->body[i], vs->v, V__COUNT);
}

/* Fills the figure variables of one row. */
static void row_vars(vars *vs, const eval_report *r, const eval_row *row, const report_templates *t,
		     const period *p)
{
	const indicator *ind = &r->inds[row->ind_index];
	for (int i = V_TEN_CHI_TIEU; i <= V_DON_VI_CHAM; i++)
		var_clear(vs, i);
	var_set(vs, V_TEN_CHI_TIEU, ind->name_vi);
	var_set(vs, V_DON_VI_TINH, ind->uom);
	bool flow = ind->kind == IND_FLOW || ind->kind == IND_COUNT;
	bool lower = ind->direction == DIR_LOWER;
	/* "đạt" for what is reached; "có" for a count of bad things; "là" for a rate to keep low */
	const char *verb = !lower ? "đạt" : flow ? "có" : "là";
	buf_reset(&vs->val[V_DAT]);
	buf_printf(&vs->val[V_DAT], "%s%s", row->estimate ? "ước " : "", verb);
	var_done(vs, V_DAT);
	var_set(vs, V_DAT_LUY_KE, verb);
	char months[8];
	snprintf(months, sizeof months, "%02d", period_last_month(p));
	/* {so_thang} only when the cumulative is more than the period's own value
	 * (the period does not start in January), so "[; lũy kế ...]" drops */
	if (period_first_month(p) > 1)
		var_set(vs, V_SO_THANG, months);
	if (row->has_cum) {
		report_format_amount(&vs->val[V_LUY_KE], row->cumulative, ind);
		var_done(vs, V_LUY_KE);
	}
	if (flow && row->has_value) {
		var_set(vs, V_TRONG_KY, within_phrase(p));
		report_format_amount(&vs->val[V_GIA_TRI_KY], row->value, ind);
		var_done(vs, V_GIA_TRI_KY);
	} else if (flow) { /* no value for the period itself: the cumulative so far */
		buf_reset(&vs->val[V_TRONG_KY]);
		buf_printf(&vs->val[V_TRONG_KY], "lũy kế %s tháng", months);
		var_done(vs, V_TRONG_KY);
		report_format_amount(&vs->val[V_GIA_TRI_KY], row->cumulative, ind);
		var_done(vs, V_GIA_TRI_KY);
		var_clear(vs, V_SO_THANG); /* said already */
	} else { /* level, ratio: the latest figure */
		var_set(vs, V_TRONG_KY, "");
		report_format_amount(&vs->val[V_GIA_TRI_KY], row->has_value ? row->value : row->cumulative, ind);
		var_done(vs, V_GIA_TRI_KY);
		var_clear(vs, V_SO_THANG); /* a level has no cumulative of its own */
	}
	if (row->has_target) {
		report_format_amount(&vs->val[V_KE_HOACH], row->target, ind);
		var_done(vs, V_KE_HOACH);
	}
	if (!isnan(row->percent_of_target)) {
		vn_format_double(&vs->val[V_PHAN_TRAM], row->percent_of_target, 2);
		var_done(vs, V_PHAN_TRAM);
	}
	if (change_phrase(&vs->val[V_SO_CUNG_KY], row, ind))
		var_done(vs, V_SO_CUNG_KY);

	const char *sk = NULL;
	switch (row->status) {
	case EVAL_EXCEEDED: sk = "status.exceeded"; break;
	case EVAL_MET: sk = "status.met"; break;
	case EVAL_NOT_MET: sk = "status.not_met"; break;
	case EVAL_ON_TRACK: sk = "status.on_track"; break;
	case EVAL_BEHIND: sk = "status.behind"; break;
	case EVAL_INCOMPLETE: sk = "status.incomplete"; break;
	default: break;
	}
	if (sk) {
		buf tmp;
		buf_init(&tmp, 0);
		render(&tmp, t, sk, vs);
		if (tmp.len)
			var_set(vs, V_DANH_GIA, buf_cstr(&tmp));
		buf_taint(&vs->val[V_DANH_GIA], &tmp);
		buf_free(&tmp);
	}

	if (row->n_lagging) {
		buf *b = &vs->val[V_DON_VI_CHAM];
		buf_reset(b);
		for (size_t k = 0; k < row->n_lagging; k++) {
			const unit *c = &r->units[row->lagging[k].unit_index];
			buf_printf(b, "%s%s %s (", k ? ", " : "", unit_type_label(c->type), c->name);
			if (row->lagging[k].status == EVAL_NO_DATA)
				buf_puts(b, "chưa báo cáo)");
			else if (isnan(row->lagging[k].percent_of_target))
				buf_puts(b, "chưa có % kế hoạch)");
			else {
				vn_format_double(b, row->lagging[k].percent_of_target, 2);
				buf_puts(b, "% kế hoạch)");
			}
		}
		var_done(vs, V_DON_VI_CHAM);
	}
}

static const char *sentence_key(const indicator *ind)
{
	switch (ind->kind) {
	case IND_FLOW: return "sentence.flow";
	case IND_COUNT: return "sentence.count";
	case IND_LEVEL: return "sentence.level";
	case IND_RATIO: return "sentence.ratio";
	}
	return "sentence.flow";
}

static char *render_dup(const report_templates *t, const char *key, const vars *vs)
{
	buf b;
	buf_init(&b, 0);
	render(&b, t, key, vs);
	char *s = dup_buf(&b);
	buf_free(&b);
	return s;
}

/* ---- the builder ------------------------------------------------------ */

static const char *ROMAN[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"};

/* The tasks part: counts over the tasks due in the period, then the overdue ones. */
static int tasks_part(report_doc *out, const report_tasks *tk, const report_templates *t, const period *p,
		      cdate as_of, vars *vs, buf *b, err *e)
{
	task_stats st;
	memset(&st, 0, sizeof st);
	for (size_t i = 0; i < tk->n; i++)
		if (task_counts_in(&tk->tasks[i], p, as_of))
			task_stats_add(&st, &tk->tasks[i], as_of);
	task_stats_finish(&st);
	int rc;
	if (!st.total) {
		render(b, t, "tasks.none", vs);
		return doc_add(out, RB_PARA, buf_cstr(b), -1, e);
	}
	var_count(vs, V_SO_NHIEM_VU, st.total);
	vs->v[V_SO_NHIEM_VU].zero = false;
	var_count(vs, V_SO_DUNG_HAN, st.on_time);
	vs->v[V_SO_DUNG_HAN].zero = false;
	var_count(vs, V_SO_TRE_HAN, st.late);
	var_count(vs, V_SO_DANG_LAM, st.in_progress);
	var_count(vs, V_SO_QUA_HAN, st.overdue);
	var_clear(vs, V_TY_LE_DUNG_HAN);
	if (st.has_pct) {
		vn_format_num(&vs->val[V_TY_LE_DUNG_HAN], st.pct_on_time, 2);
		var_done(vs, V_TY_LE_DUNG_HAN);
	}
	render(b, t, "tasks.summary", vs);
	if ((rc = doc_add(out, RB_PARA, buf_cstr(b), -1, e)))
		return rc;
	bool header = false;
	for (size_t i = 0; i < tk->n && !rc; i++) {
		const task *k = &tk->tasks[i];
		if (!task_counts_in(k, p, as_of))
			continue;
		/* as task_stats_add counts it: a task done after as_of was still open then */
		bool open_then = k->state == TASK_DONE && cdate_cmp(k->done_on, as_of) > 0;
		if (open_then ? cdate_cmp(as_of, k->due) <= 0 : task_status_on(k, as_of) != TASK_ST_OVERDUE)
			continue;
		if (!header) {
			render(b, t, "tasks.overdue_intro", vs);
			if ((rc = doc_add(out, RB_PARA, buf_cstr(b), -1, e)))
				break;
			header = true;
		}
		/* the item ends with its own full stop: not two */
		buf_reset(&vs->val[V_NOI_DUNG]);
		buf_puts(&vs->val[V_NOI_DUNG], k->content);
		buf *nd = &vs->val[V_NOI_DUNG];
		while (nd->len && (nd->data[nd->len - 1] == '.' || nd->data[nd->len - 1] == ' '))
			nd->data[--nd->len] = '\0';
		var_done(vs, V_NOI_DUNG);
		var_set(vs, V_CHU_TRI, tk->lead_names && tk->lead_names[i] ? tk->lead_names[i]
					     : k->lead_unit[0] ? k->lead_unit : k->lead_agency);
		buf_reset(&vs->val[V_HAN]);
		task_format_due(&vs->val[V_HAN], k);
		var_done(vs, V_HAN);
		buf_reset(&vs->val[V_SO_NGAY_QUA_HAN]);
		buf_printf(&vs->val[V_SO_NGAY_QUA_HAN], "%ld", -task_days_left(k, as_of));
		var_done(vs, V_SO_NGAY_QUA_HAN);
		render(b, t, "tasks.overdue_item", vs);
		rc = doc_add(out, RB_ITEM, buf_cstr(b), -1, e);
	}
	return rc;
}

/* A frame text the user typed (number, place, signer): UTF-8 without control
 * characters (a byte that is not UTF-8 made the Word file's XML unreadable;
 * a line break would add a heading in Markdown). NULL is fine. */
static int frame_text_ok(const char *s, const char *what, const char *field, err *e)
{
	if (!s)
		return 0;
	if (!text_utf8_valid(s, strlen(s)))
		return err_set(e, ERR_INVALID, "%s (%s) không phải văn bản UTF-8 hợp lệ", what, field);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, ERR_INVALID, "%s (%s) có ký tự điều khiển (mã %u): chỉ được một dòng chữ",
				       what, field, (unsigned)*p);
	return 0;
}

/* Appends a computed figure x of ind as report_format_amount does, rounded
 * to the indicator's decimals; false when it is not a number. */
static bool format_double_amount(buf *b, double x, const indicator *ind)
{
	num_t v;
	double p = pow(10.0, ind->decimals < 0 ? 0 : ind->decimals > 4 ? 4 : ind->decimals);
	if (isnan(x) || num_from_double(round(x * p) / p, &v) != 0)
		return false;
	report_format_amount(b, v, ind);
	return true;
}

/* The forecast sentence of a row (forecast.sentence), appended to b after a
 * space; nothing unless the forecast is a projection. */
static void forecast_sentence(buf *b, vars *vs, const eval_row *row, const indicator *ind,
			      const report_templates *t)
{
	const forecast_result *f = &row->forecast;
	if (f->status != FC_OK || isnan(f->p_meet))
		return;
	buf_reset(&vs->val[V_DU_BAO]);
	buf_reset(&vs->val[V_DU_BAO_THAP]);
	buf_reset(&vs->val[V_DU_BAO_CAO]);
	if (!format_double_amount(&vs->val[V_DU_BAO], f->value, ind) ||
	    !format_double_amount(&vs->val[V_DU_BAO_THAP], f->lo80, ind) ||
	    !format_double_amount(&vs->val[V_DU_BAO_CAO], f->hi80, ind))
		return;
	var_done(vs, V_DU_BAO);
	var_done(vs, V_DU_BAO_THAP);
	var_done(vs, V_DU_BAO_CAO);
	buf_reset(&vs->val[V_KHA_NANG]);
	/* never "100%" or "0%" for what is only very likely or unlikely */
	if (f->p_meet >= 0.995 && f->p_meet < 1)
		buf_puts(&vs->val[V_KHA_NANG], "trên 99");
	else if (f->p_meet < 0.005 && f->p_meet > 0)
		buf_puts(&vs->val[V_KHA_NANG], "dưới 1");
	else
		vn_format_double(&vs->val[V_KHA_NANG], f->p_meet * 100.0, 0);
	var_done(vs, V_KHA_NANG);
	buf tmp;
	buf_init(&tmp, 0);
	render(&tmp, t, "forecast.sentence", vs);
	if (tmp.len)
		buf_printf(b, " %s", buf_cstr(&tmp));
	buf_taint(b, &tmp);
	buf_free(&tmp);
}

/* What each remaining year of a term row must achieve, as prose: "tăng 1,1
 * điểm %", "giảm 0,02 điểm %", "tăng 10,33%", "tăng 4,7 triệu đồng/người/năm",
 * "đạt 1,67 sản phẩm" (a total), "giữ mức đã đạt" (0). */
static void term_rate(buf *b, const term_row *row, const indicator *ind)
{
	double x = row->required_rate;
	if (row->form == TERM_FORM_TOTAL) {
		buf_puts(b, "đạt ");
		vn_format_double(b, x, ind->decimals < 2 ? 2 : ind->decimals);
		buf_printf(b, " %s", ind->uom);
		return;
	}
	if (fabs(x) < 0.5e-4) {
		buf_puts(b, "giữ mức đã đạt");
		return;
	}
	buf_puts(b, x > 0 ? "tăng " : "giảm ");
	if (row->form == TERM_FORM_GROWTH) {
		vn_format_double(b, fabs(x), 2);
		buf_putc(b, '%');
		return;
	}
	vn_format_double(b, fabs(x), ind->decimals);
	if (!strcmp(ind->uom, "%"))
		buf_puts(b, " điểm %");
	else
		buf_printf(b, " %s", ind->uom);
}

/* The part on the term targets (heading.term, term.summary[_final], term.item per row behind or not met). */
static int term_part(report_doc *out, const term_report *tr, const report_templates *t, vars *vs, int *part,
		     buf *b, err *e)
{
	const term_result *res = &tr->result;
	buf line;
	buf_init(&line, 0);
	buf_printf(&line, "%d-%d", res->year_from, res->year_to);
	var_set(vs, V_NHIEM_KY, buf_cstr(&line));
	buf_reset(&line);
	int data_year = 0;
	bool all_final = true;
	for (size_t i = 0; i < res->n_rows; i++) {
		const term_row *row = &res->rows[i];
		if (row->has_latest && row->latest_year > data_year)
			data_year = row->latest_year;
		if (row->status == TERM_ON_PATH || row->status == TERM_BEHIND)
			all_final = false;
	}
	var_clear(vs, V_NAM_SO_LIEU);
	if (data_year) {
		buf_printf(&line, "%d", data_year);
		var_set(vs, V_NAM_SO_LIEU, buf_cstr(&line));
	}
	var_count(vs, V_SO_CHI_TIEU_NK, res->n_targets);
	var_count(vs, V_SO_DUNG_LO_TRINH, res->n_on_path);
	var_count(vs, V_SO_CHAM_LO_TRINH, res->n_behind);
	var_count(vs, V_SO_CHUA_DU_NK, res->n_no_data);
	vs->v[V_SO_CHI_TIEU_NK].zero = vs->v[V_SO_DUNG_LO_TRINH].zero = false;
	render(b, t, "heading.term", vs);
	buf_reset(&line);
	buf_printf(&line, "%s. %s", ROMAN[(*part)++], buf_cstr(b));
	int rc = doc_add(out, RB_PART, buf_cstr(&line), -1, e);
	if (!rc) {
		render(b, t, all_final && res->final ? "term.summary_final" : "term.summary", vs);
		rc = doc_add(out, RB_PARA, buf_cstr(b), -1, e);
	}
	for (size_t i = 0; i < res->n_rows && !rc; i++) {
		const term_row *row = &res->rows[i];
		const indicator *ind = &tr->inds[row->ind_index];
		if (row->status != TERM_BEHIND && row->status != TERM_NOT_MET)
			continue;
		for (int k = V_TEN_CHI_TIEU; k <= V_DON_VI_CHAM; k++)
			var_clear(vs, k);
		for (int k = V_THUC_HIEN; k <= V_CAN_MOI_NAM; k++)
			var_clear(vs, k);
		var_set(vs, V_TEN_CHI_TIEU, ind->name_vi);
		buf *v = &vs->val[V_THUC_HIEN];
		if (format_double_amount(v, row->latest, ind)) {
			buf_printf(v, " (năm %d)", row->latest_year);
			var_done(vs, V_THUC_HIEN);
		}
		if (format_double_amount(&vs->val[V_LO_TRINH], row->expected, ind))
			var_done(vs, V_LO_TRINH);
		if (format_double_amount(&vs->val[V_MUC_TIEU], row->goal, ind)) {
			buf_printf(&vs->val[V_MUC_TIEU], " năm %d", row->target.year_to);
			var_done(vs, V_MUC_TIEU);
		}
		if (!isnan(row->required_rate)) {
			term_rate(&vs->val[V_CAN_MOI_NAM], row, ind);
			var_done(vs, V_CAN_MOI_NAM);
		}
		render(b, t, "term.item", vs);
		rc = doc_add(out, RB_ITEM, buf_cstr(b), -1, e);
	}
	buf_taint(b, &line);
	buf_free(&line);
	return rc;
}

int report_build_from_eval(const eval_report *r, const report_templates *t, const report_opts *o,
			   const report_tasks *tasks, report_doc *out, err *e)
{
	memset(out, 0, sizeof *out);
	int frc;
	if ((frc = frame_text_ok(o->number, "số, ký hiệu văn bản", "number", e)) ||
	    (frc = frame_text_ok(o->place, "địa danh", "place", e)) ||
	    (frc = frame_text_ok(o->signer, "người ký", "signer", e)))
		return frc;
	const eval_result *res = &r->result;
	const unit *u = &r->units[0];
	const period *p = &res->period;
	vars vs;
	vars_init(&vs);
	buf b, line;
	buf_init(&b, 0);
	buf_init(&line, 0);
	int rc = 0;

	snprintf(out->unit_code, sizeof out->unit_code, "%s", u->code);
	period_format_code(&b, p);
	snprintf(out->period_code, sizeof out->period_code, "%s", buf_cstr(&b));

	/* document variables */
	buf_reset(&b);
	buf_printf(&b, "%s %s", unit_type_label(u->type), u->name);
	var_set(&vs, V_DON_VI, buf_cstr(&b));
	buf_reset(&b);
	upper_utf8(&b, vs.v[V_DON_VI].value);
	var_set(&vs, V_DON_VI_IN_HOA, buf_cstr(&b));
	var_set(&vs, V_TEN_DON_VI, u->name);
	var_set(&vs, V_LOAI_DON_VI, unit_type_label(u->type));
	buf_reset(&b);
	period_format_label(&b, p);
	var_set(&vs, V_KY, buf_cstr(&b));
	buf_reset(&b);
	buf_printf(&b, "%d", p->year);
	var_set(&vs, V_NAM, buf_cstr(&b));
	period np = next_period(p);
	buf_reset(&b);
	period_format_label(&b, &np);
	var_set(&vs, V_KY_TOI, buf_cstr(&b));
	buf_reset(&line);
	upper_utf8(&line, buf_cstr(&b));
	var_set(&vs, V_KY_TOI_IN_HOA, buf_cstr(&line));

	/* the frame */
	out->issuer = render_dup(t, "doc.issuer", &vs);
	buf_reset(&b);
	buf_printf(&b, "Số: %s", o->number && *o->number ? o->number : "      /BC-UBND");
	out->number = dup_buf(&b);
	cdate date = o->date;
	if (cdate_is_none(date))
		date = cdate_is_none(o->as_of) ? period_end_date(p) : o->as_of;
	buf_reset(&b);
	vn_format_date_line(&b, o->place && *o->place ? o->place : u->name, date);
	out->date_line = dup_buf(&b);
	out->doc_type = render_dup(t, "doc.type", &vs);
	out->title = render_dup(t, "doc.title", &vs);
	out->signature = render_dup(t, "doc.signature", &vs);
	out->signer = strdup(o->signer ? o->signer : "");
	out->recipients = render_dup(t, "doc.recipients", &vs);
	if (!out->issuer || !out->number || !out->date_line || !out->doc_type || !out->title ||
	    !out->signature || !out->signer || !out->recipients) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập báo cáo");
		goto fail;
	}

	render(&b, t, "doc.intro", &vs);
	if ((rc = doc_add_lines(out, RB_PARA, buf_cstr(&b), e)))
		goto fail;
	bool provisional = false;
	for (size_t i = 0; i < res->n_rows; i++)
		provisional = provisional || (res->rows[i].provisional && row_reported(r, &res->rows[i]));
	if (provisional &&
	    (rc = doc_add(out, RB_PARA, "(Kỳ báo cáo chưa kết thúc: số liệu tạm tính, đánh giá theo tiến độ.)", -1, e)))
		goto fail;

	/* I. results by sector */
	int part = 0;
	render(&b, t, "heading.results", &vs);
	buf_reset(&line);
	buf_printf(&line, "%s. %s", ROMAN[part++], buf_cstr(&b));
	if ((rc = doc_add(out, RB_PART, buf_cstr(&line), -1, e)))
		goto fail;
	int sec_no = 0;
	ind_sector cur = 0;
	for (size_t i = 0; i < res->n_rows && !rc; i++) {
		const eval_row *row = &res->rows[i];
		const indicator *ind = &r->inds[row->ind_index];
		if (!row_reported(r, row))
			continue;
		if (ind->sector != cur) {
			cur = ind->sector;
			var_set(&vs, V_LINH_VUC, sector_label(cur));
			render(&b, t, "heading.sector", &vs);
			buf_reset(&line);
			buf_printf(&line, "%d. %s", ++sec_no, buf_cstr(&b));
			if ((rc = doc_add(out, RB_SECTION, buf_cstr(&line), -1, e)))
				break;
		}
		row_vars(&vs, r, row, t, p);
		render(&b, t, sentence_key(ind), &vs);
		forecast_sentence(&b, &vs, row, ind, t);
		rc = doc_add(out, RB_PARA, buf_cstr(&b), row->ind_index, e);
	}
	if (rc)
		goto fail;

	/* II. general evaluation */
	render(&b, t, "heading.evaluation", &vs);
	buf_reset(&line);
	buf_printf(&line, "%s. %s", ROMAN[part++], buf_cstr(&b));
	if ((rc = doc_add(out, RB_PART, buf_cstr(&line), -1, e)))
		goto fail;
	var_count(&vs, V_SO_DAT, res->n_met);
	var_count(&vs, V_SO_CHI_TIEU, res->n_with_target);
	var_count(&vs, V_SO_KHONG_DAT, res->n_not_met);
	var_count(&vs, V_SO_CHUA_CO, res->n_no_data);
	var_count(&vs, V_SO_CHUA_DU, res->n_incomplete);
	var_count(&vs, V_SO_CHUA_DEN_KY, res->n_not_due);
	/* the counts themselves are never dropped outside an optional part */
	vs.v[V_SO_DAT].zero = vs.v[V_SO_CHI_TIEU].zero = false;
	if (res->n_with_target) {
		render(&b, t, res->year_end ? "summary.year_end" : "summary.during_year", &vs);
		if ((rc = doc_add(out, RB_PARA, buf_cstr(&b), -1, e)))
			goto fail;
	} else {
		buf_reset(&b);
		buf_printf(&b, "%s chưa có chỉ tiêu kế hoạch năm %d.", vs.v[V_DON_VI].value, p->year);
		if ((rc = doc_add(out, RB_PARA, buf_cstr(&b), -1, e)))
			goto fail;
	}
	/* who has reported (a monthly report of a unit with units under it) */
	if (o->reporting && o->reporting->owing > 0) {
		var_count(&vs, V_SO_DON_VI_GUI, o->reporting->on_time);
		var_count(&vs, V_SO_DON_VI, o->reporting->owing);
		vs.v[V_SO_DON_VI_GUI].zero = vs.v[V_SO_DON_VI].zero = false;
		if (o->reporting->missing && o->reporting->missing[0])
			var_set(&vs, V_DON_VI_THIEU, o->reporting->missing);
		render(&b, t, "reporting.sentence", &vs);
		if ((rc = doc_add(out, RB_PARA, buf_cstr(&b), -1, e)))
			goto fail;
	}
	if (o->approved_only &&
	    (rc = doc_add(out, RB_PARA,
			  "Số liệu trong báo cáo này chỉ gồm các tháng đã được cấp trên duyệt hoặc chấp nhận;"
			  " tháng chưa duyệt được coi như chưa báo cáo.",
			  -1, e)))
		goto fail;
	buf chams;
	buf_init(&chams, 0);
	bool header = false;
	for (size_t i = 0; i < res->n_rows && !rc; i++) {
		const eval_row *row = &res->rows[i];
		if (row->status != EVAL_NOT_MET && row->status != EVAL_BEHIND)
			continue;
		if (!header) {
			render(&b, t, res->year_end ? "not_met.intro" : "behind.intro", &vs);
			rc = doc_add(out, RB_PARA, buf_cstr(&b), -1, e);
			header = true;
		}
		row_vars(&vs, r, row, t, p);
		render(&b, t, "not_met.item", &vs);
		if (!rc)
			rc = doc_add(out, RB_ITEM, buf_cstr(&b), row->ind_index, e);
		buf_printf(&chams, "%s%s", chams.len ? ", " : "", r->inds[row->ind_index].name_vi);
	}
	header = false;
	for (size_t i = 0; i < res->n_rows && !rc; i++) {
		const eval_row *row = &res->rows[i];
		if (!row->n_lagging || !row_reported(r, row))
			continue;
		if (!header) {
			render(&b, t, "lagging.intro", &vs);
			rc = doc_add(out, RB_PARA, buf_cstr(&b), -1, e);
			header = true;
		}
		row_vars(&vs, r, row, t, p);
		render(&b, t, "lagging.item", &vs);
		if (!rc)
			rc = doc_add(out, RB_ITEM, buf_cstr(&b), row->ind_index, e);
	}
	if (chams.len)
		var_set(&vs, V_CHI_TIEU_CHAM, buf_cstr(&chams));
	buf_taint(&b, &chams);
	buf_free(&chams);
	if (rc)
		goto fail;

	/* the term targets (a year report inside a term) */
	if (o->term && o->term->result.n_targets && (rc = term_part(out, o->term, t, &vs, &part, &b, e)))
		goto fail;

	/* the tasks assigned, counted on as_of (else the period's last day) */
	if (tasks) {
		render(&b, t, "heading.tasks", &vs);
		buf_reset(&line);
		buf_printf(&line, "%s. %s", ROMAN[part++], buf_cstr(&b));
		if ((rc = doc_add(out, RB_PART, buf_cstr(&line), -1, e)))
			goto fail;
		/* judged on as_of, as the dashboard judges them (task_status_on on
		 * today): a task due in June and still open is overdue in a June
		 * report written in July, not "in progress" */
		cdate tday = cdate_is_none(o->as_of) ? period_end_date(p) : o->as_of;
		if ((rc = tasks_part(out, tasks, t, p, tday, &vs, &b, e)))
			goto fail;
	}

	/* next part: the next period's key tasks */
	render(&b, t, "heading.next_period", &vs);
	buf_reset(&line);
	buf_printf(&line, "%s. %s", ROMAN[part++], buf_cstr(&b));
	if ((rc = doc_add(out, RB_PART, buf_cstr(&line), -1, e)))
		goto fail;
	render(&b, t, "closing.next_period", &vs);
	if ((rc = doc_add_lines(out, RB_PARA, buf_cstr(&b), e)))
		goto fail;

	/* a piece that went missing anywhere (a failed append) fails the report:
	 * never a document with a sentence cut short */
	bool lost = buf_failed(&b) || buf_failed(&line);
	for (int i = 0; i < V__COUNT; i++)
		lost = lost || buf_failed(&vs.val[i]);
	if (lost) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập báo cáo (một đoạn không ghi được)");
		goto fail;
	}
	vars_free(&vs);
	buf_free(&b);
	buf_free(&line);
	return 0;
fail:
	vars_free(&vs);
	buf_free(&b);
	buf_free(&line);
	report_doc_free(out);
	return rc;
}

int report_build(store *s, const char *unit_code, const period *p, const report_opts *o, report_doc *out,
		 err *e)
{
	eval_opts eo;
	memset(&eo, 0, sizeof eo);
	eo.today = o->as_of;
	eo.approved_only = o->approved_only;
	eo.forecast = true;
	eval_report r;
	memset(&r, 0, sizeof r);
	report_templates t;
	memset(&t, 0, sizeof t);
	task *tl = NULL;
	size_t nt = 0;
	char **names = NULL;
	int rc = report_templates_load(s, &t, e);
	if (!rc)
		rc = eval_run(s, unit_code, p, &eo, &r, e);
	if (!rc) {
		store_task_filter f;
		memset(&f, 0, sizeof f);
		f.owner_unit = unit_code;
		rc = store_task_list(s, &f, &tl, &nt, e);
	}
	if (!rc && nt && !(names = calloc(nt, sizeof *names)))
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập báo cáo");
	for (size_t i = 0; !rc && i < nt; i++) {
		/* the lead's name as people read it; its code if it cannot be read */
		buf nb;
		buf_init(&nb, 0);
		err e2;
		if (tl[i].lead_unit[0]) {
			unit lu;
			if (store_unit_get(s, tl[i].lead_unit, &lu, &e2) == 0)
				buf_printf(&nb, "%s %s", unit_type_label(lu.type), lu.name);
			else
				buf_puts(&nb, tl[i].lead_unit);
		} else {
			agency ag;
			buf_puts(&nb, store_agency_get(s, tl[i].lead_agency, &ag, &e2) == 0 ? ag.name : tl[i].lead_agency);
		}
		names[i] = buf_detach(&nb);
		if (!names[i])
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập báo cáo");
		buf_free(&nb);
	}
	/* a monthly report of a unit with units under it says who has reported,
	 * judged on as_of (else the month's last day) */
	compl_table ct;
	memset(&ct, 0, sizeof ct);
	report_reporting rep = {0, 0, NULL};
	buf missing;
	buf_init(&missing, 0);
	report_opts o2 = *o;
	if (!rc && p->type == PERIOD_MONTH) {
		cdate judge = cdate_is_none(o->as_of) ? period_end_date(p) : o->as_of;
		rc = compl_build(s, unit_code, p->year, judge, &ct, e);
		if (!rc && ct.n_units && strcmp(ct.units[0].code, unit_code) != 0) {
			int m = p->index - 1;
			rep.owing = ct.owing[m];
			rep.on_time = ct.on_time[m];
			for (size_t u = 0; u < ct.n_units && !rc; u++) {
				const compl_cell *c = &ct.cells[u * 12 + (size_t)m];
				if (c->state == COMPL_NOT_OWED || (c->state == COMPL_ALL && !c->late))
					continue;
				if (buf_printf(&missing, "%s%s %s", missing.len ? ", " : "", unit_type_label(ct.units[u].type),
					       ct.units[u].name))
					rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập báo cáo");
			}
			rep.missing = buf_cstr(&missing);
			o2.reporting = &rep;
		}
	}
	/* a year report inside a term the unit has targets for: the term's section,
	 * judged at the end of that year (or on as_of when earlier) */
	term_report tr;
	memset(&tr, 0, sizeof tr);
	if (!rc && p->type == PERIOD_YEAR) {
		target *tg = NULL;
		size_t ntg = 0;
		rc = store_target_list(s, NULL, unit_code, p->year, &tg, &ntg, e);
		const target *term = NULL;
		for (size_t i = 0; !rc && i < ntg; i++)
			if (tg[i].year_from < tg[i].year_to && (!term || tg[i].year_from < term->year_from))
				term = &tg[i];
		if (term && term->year_to - term->year_from + 1 <= TERM_MAX_YEARS) {
			cdate judge = period_end_date(p);
			if (!cdate_is_none(o->as_of) && cdate_cmp(o->as_of, judge) < 0)
				judge = o->as_of;
			rc = term_run(s, unit_code, term->year_from, term->year_to, judge, &tr, e);
			if (!rc)
				o2.term = &tr;
		}
		free(tg);
	}
	if (!rc) {
		report_tasks tk = {tl, (const char *const *)names, nt};
		rc = report_build_from_eval(&r, &t, &o2, &tk, out, e);
	}
	term_report_free(&tr);
	compl_free(&ct);
	buf_free(&missing);
	for (size_t i = 0; names && i < nt; i++)
		free(names[i]);
	free(names);
	free(tl);
	eval_report_free(&r);
	report_templates_free(&t);
	return rc;
}
