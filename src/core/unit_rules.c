/*
 * unit_rules.c - the rules of a unit against its parent, its ancestry, its
 * children, the data it already has, and of a predecessor link (see
 * unit_rules.h). Pure: the facts come in as plain structs, the answer is 0
 * or an error with its message.
 *
 * Not for: reading those facts (the store does, in the transaction of the
 * write) or one unit's own consistency (model.c's unit_check).
 */
#include "core/unit_rules.h"

#include <stdio.h>
#include <string.h>

#include "core/vnfmt.h"
#include "util/buf.h"

bool unit_rules_overlaps(cdate from, cdate to, cdate vfrom, cdate vto)
{
	if (!cdate_is_none(vfrom) && !cdate_is_none(to) && cdate_cmp(to, vfrom) < 0)
		return false;
	if (!cdate_is_none(vto) && !cdate_is_none(from) && cdate_cmp(from, vto) > 0)
		return false;
	return true;
}

void unit_rules_window_text(cdate from, cdate to, char *dst, size_t n)
{
	char a[16], b[16];
	if (cdate_is_none(from))
		snprintf(a, sizeof a, "trước đây");
	else
		vn_date_text(from, a, sizeof a);
	if (cdate_is_none(to))
		snprintf(b, sizeof b, "nay");
	else
		vn_date_text(to, b, sizeof b);
	snprintf(dst, n, "%s đến %s", a, b);
}

/* True when the window [from, to] (none = open) lies within [pfrom, pto]. */
static bool window_within(cdate from, cdate to, cdate pfrom, cdate pto)
{
	if (!cdate_is_none(pfrom) && (cdate_is_none(from) || cdate_cmp(from, pfrom) < 0))
		return false;
	if (!cdate_is_none(pto) && (cdate_is_none(to) || cdate_cmp(to, pto) > 0))
		return false;
	return true;
}

int unit_rules_within_parent(const unit *u, const unit *parent, err *e)
{
	char cw[64], pw[64];
	if (window_within(u->valid_from, u->valid_to, parent->valid_from, parent->valid_to))
		return 0;
	unit_rules_window_text(u->valid_from, u->valid_to, cw, sizeof cw);
	unit_rules_window_text(parent->valid_from, parent->valid_to, pw, sizeof pw);
	return err_set(e, ERR_CONFLICT,
		       "đơn vị %s (hiệu lực %s) phải có hiệu lực trong thời gian của đơn vị cấp "
		       "trên %s (%s)",
		       u->code, cw, parent->code, pw);
}

int unit_rules_ancestry(const unit *u, const unit *line, size_t n, err *e)
{
	if (n == 0)
		return 0;
	for (size_t k = 0; k < n && k < UNIT_RULES_MAX_DEPTH; k++) {
		if (strcmp(line[k].code, u->code) == 0)
			return err_set(e, ERR_CONFLICT,
				       "đơn vị %s không thể trực thuộc %s: %s là chính nó hoặc đơn vị "
				       "cấp dưới của nó",
				       u->code, line[0].code, line[0].code);
		if (line[k].parent_code[0] == '\0')
			return 0;
	}
	return err_set(e, ERR_CONFLICT, "cây đơn vị trên %s sâu quá %d cấp", line[0].code,
		       UNIT_RULES_MAX_DEPTH);
}

int unit_rules_children(const unit *u, const unit *kids, size_t n, err *e)
{
	for (size_t i = 0; i < n; i++) {
		const unit *c = &kids[i];
		char cw[64], pw[64];
		if (window_within(c->valid_from, c->valid_to, u->valid_from, u->valid_to))
			continue;
		unit_rules_window_text(c->valid_from, c->valid_to, cw, sizeof cw);
		unit_rules_window_text(u->valid_from, u->valid_to, pw, sizeof pw);
		return err_set(e, ERR_CONFLICT,
			       "đơn vị cấp dưới %s (hiệu lực %s) sẽ nằm ngoài thời gian hiệu lực mới "
			       "của đơn vị %s (%s)",
			       c->code, cw, u->code, pw);
	}
	return 0;
}

void unit_rules_edge_years(const unit *u, int *year_lo, int *year_hi)
{
	*year_lo = cdate_is_none(u->valid_from) ? 0 : u->valid_from.y;
	*year_hi = cdate_is_none(u->valid_to) ? 1000000 : u->valid_to.y;
}

int unit_rules_value_inside(const unit *u, const char *indicator_code, const period *p, err *e)
{
	char label[64], w[64];
	if (unit_rules_overlaps(period_start_date(p), period_end_date(p), u->valid_from,
				u->valid_to))
		return 0;
	period_label_text(p, label, sizeof label);
	unit_rules_window_text(u->valid_from, u->valid_to, w, sizeof w);
	return err_set(e, ERR_CONFLICT,
		       "đơn vị %s có số liệu chỉ tiêu %s cho %s, nằm ngoài thời gian hiệu lực mới "
		       "(%s); hãy xóa hoặc chuyển số liệu trước",
		       u->code, indicator_code, label, w);
}

int unit_rules_target_inside(const unit *u, const char *indicator_code, int year_from,
			     int year_to, err *e)
{
	cdate first = {year_from, 1, 1}, last = {year_to, 12, 31};
	char w[64];
	if (unit_rules_overlaps(first, last, u->valid_from, u->valid_to))
		return 0;
	unit_rules_window_text(u->valid_from, u->valid_to, w, sizeof w);
	return err_set(e, ERR_CONFLICT,
		       "đơn vị %s có chỉ tiêu giao %s cho năm %d-%d, nằm ngoài thời gian hiệu lực "
		       "mới (%s); hãy xóa chỉ tiêu giao trước",
		       u->code, indicator_code, year_from, year_to, w);
}

int unit_rules_link(const char *code, const char *from_code, cdate date, err *e)
{
	if (!cdate_valid(date))
		return err_set(e, ERR_INVALID, "liên kết %s ← %s: ngày không hợp lệ", code, from_code);
	if (strcmp(code, from_code) == 0)
		return err_set(e, ERR_INVALID, "đơn vị %s không thể được hình thành từ chính nó",
			       code);
	return 0;
}
