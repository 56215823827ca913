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

bool catalog_rules_meaning_changed(const indicator *old, const indicator *ind)
{
	return old->freq != ind->freq || old->uom_scale != ind->uom_scale ||
	       old->kind != ind->kind || strcmp(old->numerator, ind->numerator) != 0 ||
	       strcmp(old->denominator, ind->denominator) != 0;
}

int catalog_rules_locked_fields(const indicator *old, const indicator *ind, bool has_values,
				err *e)
{
	const char *field = NULL;
	char was[64], now[64];
	if (!has_values)
		return 0;
	if (old->freq != ind->freq) {
		field = "tần suất (freq)";
		snprintf(was, sizeof was, "%s", period_type_name_vi(freq_period_type(old->freq)));
		snprintf(now, sizeof now, "%s", period_type_name_vi(freq_period_type(ind->freq)));
	} else if (old->uom_scale != ind->uom_scale) {
		field = "bậc đơn vị tính (uom_scale)";
		snprintf(was, sizeof was, "%d", old->uom_scale);
		snprintf(now, sizeof now, "%d", ind->uom_scale);
	} else if (old->kind != ind->kind) {
		field = "loại chỉ tiêu (kind)";
		snprintf(was, sizeof was, "%s", ind_kind_code(old->kind));
		snprintf(now, sizeof now, "%s", ind_kind_code(ind->kind));
	} else if (strcmp(old->numerator, ind->numerator) != 0) {
		field = "tử số (numerator)";
		snprintf(was, sizeof was, "\"%s\"", old->numerator);
		snprintf(now, sizeof now, "\"%s\"", ind->numerator);
	} else if (strcmp(old->denominator, ind->denominator) != 0) {
		field = "mẫu số (denominator)";
		snprintf(was, sizeof was, "\"%s\"", old->denominator);
		snprintf(now, sizeof now, "\"%s\"", ind->denominator);
	}
	if (!field)
		return 0;
	return err_set(e, ERR_CONFLICT, "chỉ tiêu %s đã có số liệu; không thể đổi %s từ %s sang %s",
		       ind->code, field, was, now);
}

/* "dd/mm/yyyy" of d into dst, or "?" for a date that is not a real day. */
static void date_vn(cdate d, char *dst, size_t n)
{
	if (!cdate_valid(d))
		snprintf(dst, n, "?");
	else
		snprintf(dst, n, "%02d/%02d/%04d", d.d, d.m, d.y);
}

int catalog_rules_target_unit(const target *t, const unit *u, err *e)
{
	cdate first = {t->year_from, 1, 1}, last = {t->year_to, 12, 31};
	char d[16];
	if (unit_rules_overlaps(first, last, u->valid_from, u->valid_to))
		return 0;
	if (!cdate_is_none(u->valid_from) && cdate_cmp(last, u->valid_from) < 0) {
		date_vn(u->valid_from, d, sizeof d);
		return err_set(e, ERR_CONFLICT,
			       "chỉ tiêu giao %s: đơn vị %s chưa tồn tại trong năm %d-%d (hiệu lực từ %s)",
			       t->indicator_code, t->unit_code, t->year_from, t->year_to, d);
	}
	date_vn(u->valid_to, d, sizeof d);
	return err_set(e, ERR_CONFLICT,
		       "chỉ tiêu giao %s: đơn vị %s không còn tồn tại trong năm %d-%d (hiệu lực đến %s)",
		       t->indicator_code, t->unit_code, t->year_from, t->year_to, d);
}
