/*
 * value_rules.c - the rules of one value before it is stored (value_rules.h):
 * the period's type, the unit's existence during it, the amount's bounds.
 * Pure: no store, no I/O.
 */
#include "core/value_rules.h"

#include <stdio.h>

#include "util/buf.h"

void value_rules_period_label(const period *p, char *dst, size_t n)
{
	buf b;
	buf_init(&b, 256);
	if (period_format_label(&b, p) == 0)
		snprintf(dst, n, "%s", buf_cstr(&b));
	else
		snprintf(dst, n, "%d/%d", p->index, p->year);
	buf_free(&b);
}

int value_rules_period(const char *ind_code, ind_freq freq, const period *p, err *e)
{
	if (p->type == freq_period_type(freq))
		return 0;
	char label[64];
	buf b;
	buf_init(&b, 64);
	period_format_code(&b, p);
	snprintf(label, sizeof label, "%s", buf_cstr(&b));
	buf_free(&b);
	return err_set(e, ERR_CONFLICT, "chỉ tiêu %s báo cáo theo %s; kỳ %s không phù hợp", ind_code,
		       period_type_name_vi(freq_period_type(freq)), label);
}

/* "dd/mm/yyyy" of d into dst (size >= 11), or "?" for a bad date. */
static void date_vn(cdate d, char *dst, size_t n)
{
	if (!cdate_valid(d))
		snprintf(dst, n, "?");
	else
		snprintf(dst, n, "%02d/%02d/%04d", d.d, d.m, d.y);
}

int value_rules_unit_at(const unit *u, const period *p, err *e)
{
	cdate start = period_start_date(p), end = period_end_date(p);
	char label[64], d[16];
	if (!cdate_is_none(u->valid_from) && cdate_cmp(end, u->valid_from) < 0) {
		value_rules_period_label(p, label, sizeof label);
		date_vn(u->valid_from, d, sizeof d);
		return err_set(e, ERR_CONFLICT, "đơn vị %s chưa tồn tại vào %s (hiệu lực từ %s)", u->code,
			       label, d);
	}
	if (!cdate_is_none(u->valid_to) && cdate_cmp(start, u->valid_to) > 0) {
		value_rules_period_label(p, label, sizeof label);
		date_vn(u->valid_to, d, sizeof d);
		return err_set(e, ERR_CONFLICT, "đơn vị %s không còn tồn tại vào %s (hiệu lực đến %s)",
			       u->code, label, d);
	}
	return 0;
}

int value_rules_amount(num_t amount, const char *ind_code, const char *unit_code, const char *label,
		       err *e)
{
	if (amount > NUM_MAX || amount < -NUM_MAX)
		return err_set(e, ERR_INVALID,
			       "chỉ tiêu %s, đơn vị %s, %s: số liệu vượt giới hạn ±%lld (NUM_MAX)",
			       ind_code, unit_code, label, (long long)(NUM_MAX / NUM_SCALE));
	return 0;
}
