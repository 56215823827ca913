/*
 * auth_perm.c - the permission checks every server route makes: may this
 * principal read a unit's data, enter a value of an indicator for a unit, or
 * administer? Scopes cover their unit and its descendants, found by walking
 * the unit's parent chain in the store.
 *
 * Not for: who the principal is (auth_session.c) or the HTTP status of a
 * refusal (the server maps ERR_FORBIDDEN to 403).
 */
#include "auth/auth.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"

/* The unit tree is nation > province > district > commune; this is a guard
 * against a (corrupt) cycle, with room to spare. */
#define MAX_DEPTH 8

static bool scope_matches(const auth_principal *p, const char *code, bool enter_only)
{
	for (size_t i = 0; i < p->n_scopes; i++) {
		if (enter_only && p->scopes[i].kind != SCOPE_ENTER)
			continue;
		if (!strcmp(p->scopes[i].unit_code, code))
			return true;
	}
	return false;
}

/*
 * Sets *yes when unit_code or one of its ancestors is a scope unit of p (any
 * scope, or only enter scopes). An unknown unit is simply not covered: a
 * refusal must not tell whether a unit exists.
 */
static int covered(struct store *s, const auth_principal *p, const char *unit_code,
		   bool enter_only, bool *yes, err *e)
{
	char code[CODE_MAX];
	bool any = false;

	*yes = false;
	for (size_t i = 0; i < p->n_scopes; i++)
		if (!enter_only || p->scopes[i].kind == SCOPE_ENTER)
			any = true;
	if (!any || !unit_code || !unit_code[0] || strlen(unit_code) >= sizeof code)
		return 0;
	snprintf(code, sizeof code, "%s", unit_code);
	for (int depth = 0; depth < MAX_DEPTH && code[0]; depth++) {
		unit u;
		int rc;
		if (scope_matches(p, code, enter_only)) {
			*yes = true;
			return 0;
		}
		rc = store_unit_get(s, code, &u, e);
		if (rc == ERR_NOTFOUND)
			return 0;
		if (rc)
			return rc;
		snprintf(code, sizeof code, "%s", u.parent_code);
	}
	return 0;
}

int auth_can_view(struct store *s, const auth_principal *p, const char *unit_code, err *e)
{
	bool yes = false;
	int rc;
	if (!p)
		return err_set(e, ERR_UNAUTHORIZED, "chưa đăng nhập");
	if (p->user.role == ROLE_ADMIN)
		return 0; /* enters everywhere, so reads everywhere */
	if ((rc = covered(s, p, unit_code, false, &yes, e)) != 0)
		return rc;
	if (!yes)
		return err_set(e, ERR_FORBIDDEN, "người dùng %s không được xem số liệu của đơn vị %s",
			       p->user.login, unit_code ? unit_code : "");
	return 0;
}

int auth_can_enter(struct store *s, const auth_principal *p, const char *unit_code,
		   const indicator *ind, err *e)
{
	bool yes = false;
	int rc;
	if (!p)
		return err_set(e, ERR_UNAUTHORIZED, "chưa đăng nhập");
	switch (p->user.role) {
	case ROLE_ADMIN:
		return 0;
	case ROLE_DEPARTMENT:
		if (!ind || !p->user.agency_code[0] || strcmp(ind->agency_code, p->user.agency_code))
			return err_set(e, ERR_FORBIDDEN,
				       "người dùng %s (cơ quan %s) chỉ nhập chỉ tiêu của cơ quan mình;"
				       " chỉ tiêu %s thuộc cơ quan %s",
				       p->user.login, p->user.agency_code, ind ? ind->code : "?",
				       ind && ind->agency_code[0] ? ind->agency_code : "(không có)");
		break;
	case ROLE_WARD:
		break;
	default:
		return err_set(e, ERR_FORBIDDEN, "người dùng %s có vai trò \"%s\": chỉ được xem, không được nhập số liệu",
			       p->user.login, user_role_label(p->user.role));
	}
	if ((rc = covered(s, p, unit_code, true, &yes, e)) != 0)
		return rc;
	if (!yes)
		return err_set(e, ERR_FORBIDDEN, "người dùng %s không được nhập số liệu cho đơn vị %s",
			       p->user.login, unit_code ? unit_code : "");
	return 0;
}

int auth_can_submit(struct store *s, const auth_principal *p, const char *unit_code, const char *agency_code,
		    err *e)
{
	bool yes = false, part = agency_code && agency_code[0];
	int rc;
	if (!p)
		return err_set(e, ERR_UNAUTHORIZED, "chưa đăng nhập");
	if (p->user.role == ROLE_ADMIN)
		return 0;
	if (p->user.role != ROLE_WARD && p->user.role != ROLE_DEPARTMENT)
		return err_set(e, ERR_FORBIDDEN, "người dùng %s có vai trò \"%s\": không nộp số liệu", p->user.login,
			       user_role_label(p->user.role));
	/* a department submits its own agency's part; a ward the whole unit */
	if (p->user.role == ROLE_DEPARTMENT && (!part || strcmp(agency_code, p->user.agency_code)))
		return err_set(e, ERR_FORBIDDEN,
			       "người dùng %s (cơ quan %s) chỉ nộp phần số liệu của cơ quan mình (agency), không nộp "
			       "%s%s",
			       p->user.login, p->user.agency_code[0] ? p->user.agency_code : "(không có)",
			       part ? "phần của cơ quan " : "số liệu của cả đơn vị", part ? agency_code : "");
	if (p->user.role == ROLE_WARD && part)
		return err_set(e, ERR_FORBIDDEN,
			       "người dùng %s nộp số liệu của cả đơn vị; phần của cơ quan %s do cơ quan đó nộp",
			       p->user.login, agency_code);
	if ((rc = covered(s, p, unit_code, true, &yes, e)) != 0)
		return rc;
	if (!yes)
		return err_set(e, ERR_FORBIDDEN, "người dùng %s không nộp được số liệu của đơn vị %s", p->user.login,
			       unit_code ? unit_code : "");
	return 0;
}

int auth_can_approve(struct store *s, const auth_principal *p, const char *unit_code, int levels, err *e)
{
	if (!p)
		return err_set(e, ERR_UNAUTHORIZED, "chưa đăng nhập");
	if (p->user.role == ROLE_ADMIN)
		return 0;
	if (p->user.role != ROLE_LEADER && p->user.role != ROLE_DEPARTMENT)
		return err_set(e, ERR_FORBIDDEN, "người dùng %s có vai trò \"%s\": không duyệt số liệu", p->user.login,
			       user_role_label(p->user.role));
	/* the unit `levels` above: its parent approves, the one above that accepts */
	char code[CODE_MAX];
	snprintf(code, sizeof code, "%s", unit_code ? unit_code : "");
	for (int k = 0; k < levels && code[0]; k++) {
		unit u;
		int rc = store_unit_get(s, code, &u, e);
		if (rc == ERR_NOTFOUND)
			break;
		if (rc)
			return rc;
		snprintf(code, sizeof code, "%s", u.parent_code);
	}
	/* that very unit among the user's scopes: a level higher up takes its own step */
	bool yes = code[0] && scope_matches(p, code, false);
	if (!yes)
		return err_set(e, ERR_FORBIDDEN, "người dùng %s không phải cấp trên %s của đơn vị %s", p->user.login,
			       levels > 1 ? "hai cấp" : "trực tiếp", unit_code ? unit_code : "");
	return 0;
}

int auth_can_admin(const auth_principal *p, err *e)
{
	if (!p)
		return err_set(e, ERR_UNAUTHORIZED, "chưa đăng nhập");
	if (p->user.role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, "chỉ quản trị viên (admin) được làm việc này; người dùng %s là %s",
			       p->user.login, user_role_label(p->user.role));
	return 0;
}
