/*
 * value_rules.c - the rules of one value before it is stored (value_rules.h):
 * the period's type, the unit's existence during it, the amount's bounds.
 * Pure: no store, no I/O.
 */
#include "core/value_rules.h"

#include <stdio.h>

#include "core/vnfmt.h"
#include "util/buf.h"

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

int value_rules_unit_at(const unit *u, const period *p, err *e)
{
	cdate start = period_start_date(p), end = period_end_date(p);
	char label[64], d[16];
	if (!cdate_is_none(u->valid_from) && cdate_cmp(end, u->valid_from) < 0) {
		period_label_text(p, label, sizeof label);
		vn_date_text(u->valid_from, d, sizeof d);
		return err_set(e, ERR_CONFLICT, "đơn vị %s chưa tồn tại vào %s (hiệu lực từ %s)", u->code,
			       label, d);
	}
	if (!cdate_is_none(u->valid_to) && cdate_cmp(start, u->valid_to) > 0) {
		period_label_text(p, label, sizeof label);
		vn_date_text(u->valid_to, d, sizeof d);
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
