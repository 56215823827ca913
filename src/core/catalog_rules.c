/*
 * catalog_rules.c - the rules of indicators and targets against other
 * records (see catalog_rules.h). Pure: the facts come in as plain structs,
 * the answer is 0 or an error with its message.
 *
 * Not for: reading those facts (the store does, in the transaction of the
 * write) or one record's own consistency (model.c).
 */
#include "core/catalog_rules.h"

#include <stdio.h>
#include <string.h>

#include "core/unit_rules.h"
#include "core/vnfmt.h"

int catalog_rules_indicator_refs(const indicator *ind, err *e)
{
	const struct {
		const char *code;
		const char *field;
	} refs[] = {
		{ind->numerator, "tử số (numerator)"},
		{ind->denominator, "mẫu số (denominator)"},
		{ind->weight, "trọng số (weight)"},
	};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
		if (refs[i].code[0] && strcmp(refs[i].code, ind->code) == 0)
			return err_set(e, ERR_CONFLICT, "chỉ tiêu %s: %s không thể là chính nó",
				       ind->code, refs[i].field);
	return 0;
}

/*
 * The first field of what old's values mean that ind changes (frequency,
 * uom_scale, kind, numerator, denominator, in that order), with its old and
 * new value as messages show them written into was and now (n bytes each);
 * NULL when none changes.
 */
static const char *changed_field(const indicator *old, const indicator *ind, char *was, char *now,
				 size_t n)
{
	if (old->freq != ind->freq) {
		snprintf(was, n, "%s", period_type_name_vi(freq_period_type(old->freq)));
		snprintf(now, n, "%s", period_type_name_vi(freq_period_type(ind->freq)));
		return "tần suất (freq)";
	}
	if (old->uom_scale != ind->uom_scale) {
		snprintf(was, n, "%d", old->uom_scale);
		snprintf(now, n, "%d", ind->uom_scale);
		return "bậc đơn vị tính (uom_scale)";
	}
	if (old->kind != ind->kind) {
		snprintf(was, n, "%s", ind_kind_code(old->kind));
		snprintf(now, n, "%s", ind_kind_code(ind->kind));
		return "loại chỉ tiêu (kind)";
	}
	if (strcmp(old->numerator, ind->numerator) != 0) {
		snprintf(was, n, "\"%s\"", old->numerator);
		snprintf(now, n, "\"%s\"", ind->numerator);
		return "tử số (numerator)";
	}
	if (strcmp(old->denominator, ind->denominator) != 0) {
		snprintf(was, n, "\"%s\"", old->denominator);
		snprintf(now, n, "\"%s\"", ind->denominator);
		return "mẫu số (denominator)";
	}
	return NULL;
}

bool catalog_rules_meaning_changed(const indicator *old, const indicator *ind)
{
	char was[64], now[64];
	return changed_field(old, ind, was, now, sizeof was) != NULL;
}

int catalog_rules_locked_fields(const indicator *old, const indicator *ind, bool has_values,
				err *e)
{
	char was[64], now[64];
	const char *field = has_values ? changed_field(old, ind, was, now, sizeof was) : NULL;
	if (!field)
		return 0;
	return err_set(e, ERR_CONFLICT, "chỉ tiêu %s đã có số liệu; không thể đổi %s từ %s sang %s",
		       ind->code, field, was, now);
}

int catalog_rules_target_unit(const target *t, const unit *u, err *e)
{
	cdate first = {t->year_from, 1, 1}, last = {t->year_to, 12, 31};
	char d[16];
	if (unit_rules_overlaps(first, last, u->valid_from, u->valid_to))
		return 0;
	if (!cdate_is_none(u->valid_from) && cdate_cmp(last, u->valid_from) < 0) {
		vn_date_text(u->valid_from, d, sizeof d);
		return err_set(e, ERR_CONFLICT,
			       "chỉ tiêu giao %s: đơn vị %s chưa tồn tại trong năm %d-%d (hiệu lực từ %s)",
			       t->indicator_code, t->unit_code, t->year_from, t->year_to, d);
	}
	vn_date_text(u->valid_to, d, sizeof d);
	return err_set(e, ERR_CONFLICT,
		       "chỉ tiêu giao %s: đơn vị %s không còn tồn tại trong năm %d-%d (hiệu lực đến %s)",
		       t->indicator_code, t->unit_code, t->year_from, t->year_to, d);
}
