/*
 * approval_accept.c - acceptance where the configuration asks for it
 * (approval.h): which unit types' approved figures wait for the level above
 * the approver, kept in the settings as a list of unit type codes; whether
 * a month is final; and the rule that a parent's month is not approved
 * while a listed child's approved month waits for acceptance
 * (approval_accept_blocks, called by approval_act, over approval_children).
 *
 * Not for: the steps themselves (approval.c), who may take them (src/auth).
 */
#include "core/approval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* unit types are small enums: every one fits a bit of an unsigned */
_Static_assert(UNIT_SPECIAL_ZONE < 32, "unit types fit a bit mask");

int approval_accept_parse(const char *text, unsigned *types, err *e)
{
	*types = 0;
	if (!text)
		return 0;
	char one[64];
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (!n)
			break;
		if (n >= sizeof one)
			return err_set(e, ERR_INVALID, "loại đơn vị cần chấp nhận \"%.40s…\" dài quá", p);
		memcpy(one, p, n);
		one[n] = '\0';
		p += n;
		while (*p == ' ')
			p++;
		if (!strcmp(one, "none") || !strcmp(one, "không")) {
			if (*types || *p)
				return err_set(e, ERR_INVALID,
					       "loại đơn vị cần chấp nhận: \"none\" (không loại nào) không đi cùng loại khác");
			return 0;
		}
		unit_type t;
		int rc = unit_type_from_code(one, &t, e);
		if (rc)
			return rc;
		*types |= 1u << t;
	}
	return 0;
}

int approval_accept_format(buf *b, unsigned types)
{
	int bad = 0;
	bool first = true;
	for (unsigned t = 0; t < 32; t++) {
		if (!(types & (1u << t)))
			continue;
		bad |= buf_printf(b, "%s%s", first ? "" : ",", unit_type_code((unit_type)t));
		first = false;
	}
	return bad ? ERR_NOMEM : 0;
}

int approval_accept_get(store *s, unsigned *types, err *e)
{
	char v[STORE_SETTING_MAX];
	bool found = false;
	*types = 0;
	int rc = store_setting_get(s, APPR_ACCEPT_KEY, v, sizeof v, &found, e);
	if (rc || !found)
		return rc;
	err pe;
	if (approval_accept_parse(v, types, &pe))
		return err_set(e, ERR_DB, "thiết lập %s trong CSDL không hợp lệ: %s", APPR_ACCEPT_KEY, pe.msg);
	return 0;
}

int approval_accept_set(store *s, unsigned types, err *e)
{
	buf b;
	buf_init(&b, 0);
	int rc = approval_accept_format(&b, types) ? err_set(e, ERR_NOMEM, "hết bộ nhớ")
						    : store_setting_set(s, APPR_ACCEPT_KEY, buf_cstr(&b), e);
	buf_free(&b);
	return rc;
}

bool appr_final(appr_state st, unit_type t, unsigned types)
{
	if (st == APPR_ACCEPTED)
		return true;
	return st == APPR_APPROVED && !(types & (1u << t));
}

bool appr_final_code(const char *state, unit_type t, unsigned types)
{
	appr_state st;
	return state && appr_state_from_code(state, &st, NULL) == 0 && appr_final(st, t, types);
}

int approval_accept_blocks(store *s, const char *unit_code, const period *month, err *e)
{
	unsigned types;
	int rc = approval_accept_get(s, &types, e);
	if (rc || !types)
		return rc;
	/* the children's states, as the dashboard lists them: accept_due marks the waiting ones */
	approval_child *c = NULL;
	size_t n = 0, waiting = 0, first = 0;
	if ((rc = approval_children(s, unit_code, month, &c, &n, e)))
		return rc;
	for (size_t k = 0; k < n; k++)
		if (c[k].accept_due && waiting++ == 0)
			first = k;
	if (waiting) {
		buf b;
		buf_init(&b, 0);
		int bad = period_format_label(&b, month);
		rc = err_set(e, ERR_CONFLICT,
			     "chưa duyệt được số liệu %s của đơn vị %s: %zu đơn vị trực thuộc đã được duyệt nhưng chưa "
			     "được chấp nhận (đầu tiên: %s %s, mã %s); cấu hình yêu cầu chấp nhận số liệu của %s trước",
			     bad ? "" : buf_cstr(&b), unit_code, waiting, unit_type_label(c[first].u.type), c[first].u.name,
			     c[first].u.code, unit_type_label(c[first].u.type));
		buf_free(&b);
	}
	free(c);
	return rc;
}
