/*
 * dhis2_meta.c - DHIS2 metadata in (dhis2_meta.h): reads the document with
 * jansson, resolves each organisation unit's parent and each object's
 * existing counterpart, and writes units, indicators and mapping rows with
 * the store's own functions, each object in its own savepoint inside one
 * transaction, so every conflict is found and either everything is written
 * or nothing. The report lists what became of each object.
 *
 * Not for: the rules of the words (dhis2_meta_rules.c), the unit and
 * indicator rules (model.c, unit_rules.c, catalog_rules.c: the store
 * applies them), or the mapping's lookups in an import (xmap.c).
 */
#include "core/dhis2_meta.h"
#include "core/jsonw.h"
#include "core/xmap.h"
#include "util/strset.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS_MAX 32

/* One organisationUnit of the file (pointers into the parsed document). */
typedef struct mou {
	const char *uid, *code, *name, *parent_uid, *parent_code;
	int level;
	int idx;
	int state; /* 0 waiting for its parent, 1 done (target set), 2 refused */
	char target[CODE_MAX];
} mou;

/* One categoryOptionCombo of a categoryCombo. */
typedef struct mcoc {
	const char *cc, *id, *code, *name;
} mcoc;

typedef struct mctx {
	store *s;
	err *e;           /* where an allocation failure of a report item is said */
	const dhis2_meta_opts *o;
	dhis2_meta_report *r;
	store_xmap *maps; /* the existing mapping, sorted by kind, uid, coc, aoc */
	size_t n_maps;
	mou *ous;
	size_t n_ous;
	mou **ou_by_uid;
	mcoc *cocs;
	size_t n_cocs, cap_cocs;
	strset coc_seen; /* "categoryCombo TAB categoryOptionCombo" already in cocs */
	strset claimed;  /* "u:CODE" / "i:CODE" given to an object of this file */
	const char *level_names[LEVELS_MAX + 1];
	int deepest;
	json_t *datasets;
} mctx;

/* ---- small helpers ------------------------------------------------------ */

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *jref(json_t *o, const char *k, const char *sub)
{
	json_t *v = json_object_get(o, k);
	return json_is_object(v) ? jstr(v, sub) : NULL;
}

/* Copies src into dst of size n, cut on a UTF-8 character boundary. */
static void copy_cut(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Takes the blanks off both ends of s, in place (the mapping refuses them). */
static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
}

/* True when s can be a chitieu code: 1..CODE_MAX-1 of [A-Za-z0-9_.-]. */
static bool code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n >= CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '.' || c == '-'))
			return false;
	}
	return true;
}

static bool domain_error(int rc)
{
	return rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_NOTFOUND;
}

void dhis2_meta_report_free(dhis2_meta_report *r)
{
	if (!r)
		return;
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* A new item of the report (zeroed but for its key), or NULL when out of memory. */
static dhis2_meta_item *item_add(mctx *c, dhis2_meta_action a, const char *object, const char *id, const char *coc)
{
	dhis2_meta_report *r = c->r;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		dhis2_meta_item *p = realloc(r->items, cap * sizeof *p);
		if (!p)
			return NULL;
		r->items = p;
		r->cap = cap;
	}
	dhis2_meta_item *it = &r->items[r->n++];
	memset(it, 0, sizeof *it);
	it->action = a;
	copy_cut(it->object, sizeof it->object, object);
	copy_cut(it->id, sizeof it->id, id);
	copy_cut(it->coc, sizeof it->coc, coc);
	if (!strcmp(object, "organisationUnit"))
		r->units[a]++;
	else if (!strcmp(object, "dataElement"))
		r->indicators[a]++;
	return it;
}

/* Records a conflict on an object and its field; ERR_NOMEM (said in c->e) when it cannot. */
static int conflict(mctx *c, const char *object, const char *id, const char *coc, const char *property,
		    const char *val, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static int conflict(mctx *c, const char *object, const char *id, const char *coc, const char *property,
		    const char *val, const char *fmt, ...)
{
	c->r->conflicts++;
	if (c->r->conflicts_listed >= DHIS2_META_CONFLICTS_MAX) {
		c->r->units[DM_CONFLICT] += !strcmp(object, "organisationUnit");
		c->r->indicators[DM_CONFLICT] += !strcmp(object, "dataElement");
		return 0;
	}
	dhis2_meta_item *it = item_add(c, DM_CONFLICT, object, id, coc);
	if (!it)
		return err_set(c->e, ERR_NOMEM, "hết bộ nhớ khi ghi xung đột");
	c->r->conflicts_listed++;
	copy_cut(it->property, sizeof it->property, property);
	copy_cut(it->value, sizeof it->value, val);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it->msg, sizeof it->msg, fmt, ap);
	va_end(ap);
	return 0;
}

/* The label of object number i without a uid: "#i". */
static const char *idx_id(char *tmp, size_t n, const char *uid, size_t i)
{
	if (uid && *uid)
		return uid;
	snprintf(tmp, n, "#%zu", i);
	return tmp;
}

/* ---- the existing mapping ----------------------------------------------- */

static int cmp_map(const void *a, const void *b)
{
	const store_xmap *x = a, *y = b;
	int d = strcmp(x->kind, y->kind);
	if (!d)
		d = strcmp(x->uid, y->uid);
	if (!d)
		d = strcmp(x->coc, y->coc);
	return d ? d : strcmp(x->aoc, y->aoc);
}

static const store_xmap *find_map(const mctx *c, const char *kind, const char *uid, const char *coc)
{
	store_xmap k;
	memset(&k, 0, sizeof k);
	copy_cut(k.kind, sizeof k.kind, kind);
	if (strlen(uid) >= sizeof k.uid || strlen(coc) >= sizeof k.coc)
		return NULL;
	copy_cut(k.uid, sizeof k.uid, uid);
	copy_cut(k.coc, sizeof k.coc, coc);
	return c->n_maps ? bsearch(&k, c->maps, c->n_maps, sizeof k, cmp_map) : NULL;
}

/* Writes the mapping row of (kind, uid, coc) -> target unless it is there as it is. */
static int map_row(mctx *c, const char *kind, const char *uid, const char *coc, const char *code,
		   const char *name, const char *tgt, dhis2_meta_item *it, err *e)
{
	store_xmap m;
	memset(&m, 0, sizeof m);
	copy_cut(m.kind, sizeof m.kind, kind);
	copy_cut(m.uid, sizeof m.uid, uid);
	copy_cut(m.coc, sizeof m.coc, coc);
	if (code && strlen(code) < sizeof m.code)
		copy_cut(m.code, sizeof m.code, code);
	copy_cut(m.name, sizeof m.name, name);
	trim(m.code);
	trim(m.name);
	copy_cut(m.target, sizeof m.target, tgt);
	copy_cut(m.changed_by, sizeof m.changed_by, c->o->who && *c->o->who ? c->o->who : "metadata");
	int rc = xmap_check(c->s, &m, e);
	if (rc)
		return rc;
	const store_xmap *old = find_map(c, m.kind, m.uid, m.coc);
	if (old && !strcmp(old->target, m.target) && !strcmp(old->code, m.code) && !strcmp(old->name, m.name)) {
		c->r->maps_same++;
		return 0;
	}
	if ((rc = store_xmap_put(c->s, &m, e)))
		return rc;
	c->r->maps_written++;
	it->mapped = true;
	return 0;
}

/* Claims chitieu code `code` of kind k ('u' unit, 'i' indicator) for one object of
 * the file: false when another object of the file has it. */
static int claim(mctx *c, char k, const char *code, bool *ok)
{
	char key[CODE_MAX + 2];
	snprintf(key, sizeof key, "%c:%s", k, code);
	return strset_add(&c->claimed, key, ok) ? ERR_NOMEM : 0;
}

/* ---- organisation units ------------------------------------------------- */

static int cmp_ou_ptr(const void *a, const void *b)
{
	return strcmp((*(mou *const *)a)->uid, (*(mou *const *)b)->uid);
}

static mou *find_ou(const mctx *c, const char *uid)
{
	mou k = {.uid = uid}, *kp = &k;
	mou **p = c->n_ous ? bsearch(&kp, c->ou_by_uid, c->n_ous, sizeof *c->ou_by_uid, cmp_ou_ptr) : NULL;
	return p ? *p : NULL;
}

/* The level of an organisationUnit: its "level", else the depth of its "path". */
static int ou_level(json_t *o)
{
	json_t *l = json_object_get(o, "level");
	if (json_is_integer(l) && json_integer_value(l) > 0 && json_integer_value(l) <= 1000)
		return (int)json_integer_value(l);
	const char *path = jstr(o, "path");
	int n = 0;
	for (const char *p = path; p && *p; p++)
		n += *p == '/';
	return n;
}

/* Reads organisationUnits into c->ous; a malformed one is a conflict and refused (state 2). */
static int read_ous(mctx *c, json_t *arr, err *e)
{
	size_t n = json_array_size(arr);
	c->ous = calloc(n ? n : 1, sizeof *c->ous);
	c->ou_by_uid = calloc(n ? n : 1, sizeof *c->ou_by_uid);
	if (!c->ous || !c->ou_by_uid)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		char ib[24];
		int rc = 0;
		if (!json_is_object(o)) {
			rc = conflict(c, "organisationUnit", idx_id(ib, sizeof ib, NULL, i), "", "organisationUnits",
				      NULL, "organisationUnits[%zu]: phải là một đối tượng JSON", i);
			if (rc)
				return err_set(e, rc, "hết bộ nhớ");
			continue;
		}
		mou *u = &c->ous[c->n_ous];
		u->idx = (int)i;
		u->uid = jstr(o, "id");
		u->code = jstr(o, "code");
		u->name = jstr(o, "name");
		u->parent_uid = jref(o, "parent", "id");
		u->parent_code = jref(o, "parent", "code");
		u->level = ou_level(o);
		if (!u->parent_uid) {
			/* the parent from the path: "/A/B/C" -> B */
			const char *path = jstr(o, "path"), *last = NULL, *prev = NULL;
			for (const char *p = path; p && *p; p++)
				if (*p == '/') {
					prev = last;
					last = p;
				}
			if (prev && last > prev + 1 && (size_t)(last - prev - 1) < XMAP_ID_MAX) {
				json_t *pid = json_stringn(prev + 1, (size_t)(last - prev - 1));
				if (!pid || json_object_set_new(o, "_parent", pid))
					return err_set(e, ERR_NOMEM, "hết bộ nhớ");
				u->parent_uid = jstr(o, "_parent");
			}
		}
		const char *bad = NULL;
		if (!u->uid || !*u->uid)
			bad = "thiếu mã UID (id)";
		else if (strlen(u->uid) >= XMAP_ID_MAX || !code_ok(u->uid))
			bad = "mã UID (id) không hợp lệ: chỉ chữ cái không dấu, chữ số, _ . -, dưới 32 ký tự";
		else if (!u->name || !*u->name)
			bad = "thiếu tên (name)";
		if (bad) {
			rc = conflict(c, "organisationUnit", idx_id(ib, sizeof ib, u->uid, i), "",
				      !u->uid || !*u->uid || bad[0] == 'm' ? "id" : "name", u->uid ? u->uid : NULL,
				      "organisationUnits[%zu]: %s", i, bad);
			if (rc)
				return err_set(e, rc, "hết bộ nhớ");
			continue;
		}
		if (c->o->max_level > 0 && u->level > c->o->max_level) {
			dhis2_meta_item *it = item_add(c, DM_IGNORE, "organisationUnit", u->uid, "");
			if (!it)
				return err_set(e, ERR_NOMEM, "hết bộ nhớ");
			copy_cut(it->property, sizeof it->property, "level");
			snprintf(it->value, sizeof it->value, "%d", u->level);
			snprintf(it->msg, sizeof it->msg, "cấp %d sâu hơn cấp nhập tối đa %d: không nhập", u->level,
				 c->o->max_level);
			continue;
		}
		if (u->level > c->deepest)
			c->deepest = u->level;
		c->ou_by_uid[k++] = u;
		c->n_ous++;
	}
	qsort(c->ou_by_uid, c->n_ous, sizeof *c->ou_by_uid, cmp_ou_ptr);
	for (size_t i = 1; i < c->n_ous; i++)
		if (!strcmp(c->ou_by_uid[i]->uid, c->ou_by_uid[i - 1]->uid) && c->ou_by_uid[i]->state != 2) {
			mou *d = c->ou_by_uid[i]->idx > c->ou_by_uid[i - 1]->idx ? c->ou_by_uid[i] : c->ou_by_uid[i - 1];
			d->state = 2;
			if (conflict(c, "organisationUnit", d->uid, "", "id", d->uid,
				     "organisationUnits[%d]: mã UID %s xuất hiện hai lần trong tệp", d->idx, d->uid))
				return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		}
	return 0;
}

/* The code of an existing unit that the parent reference (uid, code) names, or "" (*code). */
static int parent_outside(mctx *c, const mou *u, char code[CODE_MAX], err *e)
{
	unit p;
	code[0] = '\0';
	const store_xmap *m = find_map(c, XMAP_KIND_OU, u->parent_uid, "");
	const char *cand[3] = {m ? m->target : NULL, u->parent_code, u->parent_uid};
	for (int i = 0; i < 3; i++) {
		if (!cand[i] || !code_ok(cand[i]))
			continue;
		int rc = store_unit_get(c->s, cand[i], &p, e);
		if (!rc) {
			copy_cut(code, CODE_MAX, p.code);
			return 0;
		}
		if (rc != ERR_NOTFOUND)
			return rc;
	}
	err_clear(e);
	return 0;
}

/* The existing unit a file's organisationUnit is (by the mapping, then by code): *found. */
static int ou_match(mctx *c, const mou *u, const char *code, unit *out, bool *found, err *e)
{
	*found = false;
	const store_xmap *m = find_map(c, XMAP_KIND_OU, u->uid, "");
	const char *cand[2] = {m ? m->target : NULL, code};
	for (int i = 0; i < 2; i++) {
		if (!cand[i])
			continue;
		int rc = store_unit_get(c->s, cand[i], out, e);
		if (!rc) {
			*found = true;
			return 0;
		}
		if (rc != ERR_NOTFOUND)
			return rc;
	}
	err_clear(e);
	return 0;
}

/* Imports one organisationUnit whose parent is settled: 0, or a fatal error. */
static int ou_one(mctx *c, mou *u, const char *parent_code, err *e)
{
	const char *code = code_ok(u->code) ? u->code : u->uid;
	unit old, nu;
	bool found = false;
	int rc = ou_match(c, u, code, &old, &found, e);
	if (rc)
		return rc;
	if (found)
		code = old.code;
	bool ok = false;
	if ((rc = claim(c, 'u', code, &ok)))
		return err_set(e, rc, "hết bộ nhớ");
	u->state = 2;
	if (!ok)
		return conflict(c, "organisationUnit", u->uid, "", "code", code,
				"đơn vị %s: mã %s đã dùng cho một organisationUnit khác trong tệp", u->uid, code);
	size_t skip = 0;
	const char *lname = u->level > 0 && u->level <= LEVELS_MAX ? c->level_names[u->level] : NULL;
	unit_type t = dhis2_meta_unit_type(u->name, u->level, c->deepest, lname, &skip);
	if (found)
		nu = old;
	else {
		memset(&nu, 0, sizeof nu);
		copy_cut(nu.code, sizeof nu.code, code);
	}
	if (strlen(u->name + skip) >= sizeof nu.name)
		return conflict(c, "organisationUnit", u->uid, "", "name", u->name, "đơn vị %s: tên dài quá %zu byte",
				u->uid, sizeof nu.name - 1);
	copy_cut(nu.name, sizeof nu.name, u->name + skip);
	nu.type = t;
	copy_cut(nu.parent_code, sizeof nu.parent_code, parent_code);
	dhis2_meta_action a = DM_CREATE;
	if (found) {
		bool same = !strcmp(nu.name, old.name) && nu.type == old.type && !strcmp(nu.parent_code, old.parent_code);
		a = !c->o->update || same ? DM_SKIP : DM_UPDATE;
	}
	if ((rc = store_begin(c->s, e)))
		return rc;
	if (a != DM_SKIP)
		rc = store_unit_put(c->s, &nu, e);
	dhis2_meta_item *it = NULL;
	if (!rc && !(it = item_add(c, a, "organisationUnit", u->uid, ""))) {
		store_rollback(c->s);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	if (!rc) {
		copy_cut(it->target, sizeof it->target, a == DM_SKIP ? old.code : nu.code);
		copy_cut(it->kind, sizeof it->kind, unit_type_code(a == DM_SKIP ? old.type : nu.type));
		if (a == DM_SKIP && found && c->o->update == false &&
		    (strcmp(nu.name, old.name) || nu.type != old.type || strcmp(nu.parent_code, old.parent_code)))
			snprintf(it->msg, sizeof it->msg, "đã có đơn vị %s; không sửa (dùng tùy chọn cập nhật để sửa)",
				 old.code);
		rc = map_row(c, XMAP_KIND_OU, u->uid, "", u->code, u->name, it->target, it, e);
		if (rc) {
			c->r->n--; /* the item goes: a conflict takes its place */
			c->r->units[a]--;
		}
	}
	if (rc) {
		store_rollback(c->s);
		if (!domain_error(rc))
			return rc;
		/* the store refuses a parent (unknown, a window, a cycle) or a field of the unit itself */
		rc = conflict(c, "organisationUnit", u->uid, "", rc == ERR_INVALID ? "name" : "parent",
			      rc == ERR_INVALID ? u->name : u->parent_uid, "%s", e->msg);
		err_clear(e);
		return rc ? err_set(e, rc, "hết bộ nhớ") : 0;
	}
	if ((rc = store_commit(c->s, e)))
		return rc;
	copy_cut(u->target, sizeof u->target, it->target);
	u->state = 1;
	return 0;
}

/* Imports the organisationUnits, parents before children. */
static int import_ous(mctx *c, err *e)
{
	bool progress = true;
	while (progress) {
		progress = false;
		for (size_t i = 0; i < c->n_ous; i++) {
			mou *u = &c->ous[i];
			if (u->state)
				continue;
			char pcode[CODE_MAX] = "";
			int rc = 0;
			if (u->parent_uid && *u->parent_uid) {
				mou *p = find_ou(c, u->parent_uid);
				if (p == u) {
					u->state = 2;
					rc = conflict(c, "organisationUnit", u->uid, "", "parent", u->parent_uid,
						      "đơn vị %s không thể là cấp trên của chính nó", u->uid);
				} else if (p && p->state == 0) {
					continue; /* its parent first */
				} else if (p && p->state == 2) {
					u->state = 2;
					rc = conflict(c, "organisationUnit", u->uid, "", "parent", u->parent_uid,
						      "đơn vị %s: cấp trên %s trong tệp không nhập được", u->uid,
						      u->parent_uid);
				} else if (p) {
					copy_cut(pcode, sizeof pcode, p->target);
				} else if ((rc = parent_outside(c, u, pcode, e))) {
					return rc;
				} else if (!pcode[0]) {
					u->state = 2;
					rc = conflict(c, "organisationUnit", u->uid, "", "parent", u->parent_uid,
						      "đơn vị %s: cấp trên %s không có trong tệp, chưa được ánh xạ "
						      "và không có đơn vị nào mang mã đó",
						      u->uid, u->parent_uid);
				}
				if (rc)
					return err_set(e, rc, "hết bộ nhớ");
				if (u->state == 2)
					continue;
			}
			progress = true;
			if ((rc = ou_one(c, u, pcode, e)))
				return rc;
		}
	}
	for (size_t i = 0; i < c->n_ous; i++)
		if (c->ous[i].state == 0) {
			c->ous[i].state = 2;
			if (conflict(c, "organisationUnit", c->ous[i].uid, "", "parent", c->ous[i].parent_uid,
				     "đơn vị %s: các cấp trên trong tệp tạo thành vòng lặp", c->ous[i].uid))
				return err_set(e, ERR_NOMEM, "hết bộ nhớ");
		}
	return 0;
}

/* ---- data elements ------------------------------------------------------ */

static int coc_add(mctx *c, const char *cc, const char *id, const char *code, const char *name)
{
	size_t lk = strlen(cc) + strlen(id) + 2;
	char *key = malloc(lk);
	if (!key)
		return ERR_NOMEM;
	snprintf(key, lk, "%s\t%s", cc, id);
	bool added;
	int rc = strset_add(&c->coc_seen, key, &added);
	free(key);
	if (rc)
		return ERR_NOMEM;
	if (!added)
		return 0;
	if (c->n_cocs == c->cap_cocs) {
		size_t cap = c->cap_cocs ? c->cap_cocs * 2 : 64;
		mcoc *p = realloc(c->cocs, cap * sizeof *p);
		if (!p)
			return ERR_NOMEM;
		c->cocs = p;
		c->cap_cocs = cap;
	}
	c->cocs[c->n_cocs++] = (mcoc){cc, id, code, name};
	return 0;
}

/* The combos of the file: categoryOptionCombos (with their categoryCombo) and
 * categoryCombos (with their categoryOptionCombos). */
static int read_cocs(mctx *c, json_t *root)
{
	json_t *cocs = json_object_get(root, "categoryOptionCombos"), *o;
	size_t i;
	json_array_foreach(cocs, i, o) {
		const char *id = jstr(o, "id"), *cc = jref(o, "categoryCombo", "id");
		if (id && cc && coc_add(c, cc, id, jstr(o, "code"), jstr(o, "name")))
			return ERR_NOMEM;
	}
	json_t *ccs = json_object_get(root, "categoryCombos");
	json_array_foreach(ccs, i, o) {
		const char *cc = jstr(o, "id");
		json_t *list = json_object_get(o, "categoryOptionCombos"), *r;
		size_t j;
		json_array_foreach(list, j, r) {
			const char *id = jstr(r, "id"), *code = jstr(r, "code"), *name = jstr(r, "name");
			json_t *x;
			size_t k;
			json_array_foreach(cocs, k, x) {
				const char *xid = jstr(x, "id");
				if (xid && id && !strcmp(xid, id)) {
					code = code ? code : jstr(x, "code");
					name = name ? name : jstr(x, "name");
				}
			}
			if (cc && id && coc_add(c, cc, id, code, name))
				return ERR_NOMEM;
		}
	}
	return 0;
}

/* True when the categoryCombo cc is DHIS2's default one. */
static bool cc_default(json_t *root, const char *cc)
{
	if (!cc || !*cc || !strcmp(cc, DHIS2_META_DEFAULT_CC))
		return true;
	json_t *ccs = json_object_get(root, "categoryCombos"), *o;
	size_t i;
	json_array_foreach(ccs, i, o) {
		const char *id = jstr(o, "id"), *name = jstr(o, "name");
		if (id && !strcmp(id, cc) && name && !strcmp(name, "default"))
			return true;
	}
	return false;
}

/* The periodType of the first dataSet that holds data element de, or NULL. */
static const char *de_period_type(const mctx *c, const char *de)
{
	json_t *ds;
	size_t i;
	json_array_foreach(c->datasets, i, ds) {
		const char *pt = jstr(ds, "periodType");
		json_t *els = json_object_get(ds, "dataSetElements"), *x;
		size_t j;
		json_array_foreach(els, j, x) {
			const char *id = jref(x, "dataElement", "id");
			if (id && !strcmp(id, de))
				return pt;
		}
		els = json_object_get(ds, "dataElements");
		json_array_foreach(els, j, x) {
			const char *id = jstr(x, "id");
			if (id && !strcmp(id, de))
				return pt;
		}
	}
	return NULL;
}

/* What a file's data element says its indicators are. */
typedef struct mde {
	const char *uid, *code, *name;
	indicator tmpl;   /* value type, bounds, kind, roll-up, frequency, sector */
	bool has_freq;
	const char *note;
} mde;

/* The chitieu code of (de, coc) when no existing indicator is matched. */
static void ind_code(const mde *d, const mcoc *k, char out[CODE_MAX])
{
	const char *base = code_ok(d->code) ? d->code : d->uid;
	if (!k) {
		copy_cut(out, CODE_MAX, base);
		return;
	}
	const char *suffix = code_ok(k->code) ? k->code : k->id;
	if (strlen(base) + 1 + strlen(suffix) >= CODE_MAX) {
		base = d->uid;
		suffix = k->id;
	}
	size_t nb = strlen(base), ns = strlen(suffix);
	if (nb + 1 + ns >= CODE_MAX) {
		out[0] = '\0';
		return;
	}
	memcpy(out, base, nb);
	out[nb] = '.';
	memcpy(out + nb + 1, suffix, ns + 1);
}

/* Imports one (data element, combo) as an indicator: 0, or a fatal error. */
static int de_one(mctx *c, const mde *d, const mcoc *k, err *e)
{
	const char *coc = k ? k->id : "";
	indicator old, ni;
	bool found = false;
	int rc = 0;
	const store_xmap *m = find_map(c, XMAP_KIND_DE, d->uid, coc);
	char code[CODE_MAX];
	ind_code(d, k, code);
	const char *cand[2] = {m ? m->target : NULL, code[0] ? code : NULL};
	for (int i = 0; i < 2 && !found; i++) {
		if (!cand[i])
			continue;
		rc = store_indicator_get(c->s, cand[i], &old, e);
		if (!rc)
			found = true;
		else if (rc != ERR_NOTFOUND)
			return rc;
	}
	err_clear(e);
	if (found)
		copy_cut(code, sizeof code, old.code);
	if (!code[0])
		return conflict(c, "dataElement", d->uid, coc, "categoryOptionCombo", coc,
				"dataElement %s / %s: không tạo được mã chỉ tiêu dưới %d ký tự", d->uid, coc, CODE_MAX);
	bool ok = false;
	if ((rc = claim(c, 'i', code, &ok)))
		return err_set(e, rc, "hết bộ nhớ");
	if (!ok)
		return conflict(c, "dataElement", d->uid, coc, "code", code,
				"dataElement %s: mã chỉ tiêu %s đã dùng cho một dataElement khác trong tệp", d->uid, code);
	char full[2 * NAME_MAX_ + 8], name[NAME_MAX_];
	if (k)
		snprintf(full, sizeof full, "%s (%s)", d->name, k->name && *k->name ? k->name : k->id);
	else
		snprintf(full, sizeof full, "%s", d->name);
	copy_cut(name, sizeof name, full); /* a long name is cut on a character's boundary */
	if (found) {
		ni = old;
	} else {
		ni = d->tmpl;
		copy_cut(ni.code, sizeof ni.code, code);
	}
	copy_cut(ni.name_vi, sizeof ni.name_vi, name);
	ni.value_type = d->tmpl.value_type;
	ni.has_min = d->tmpl.has_min;
	ni.min = d->tmpl.min;
	ni.has_max = d->tmpl.has_max;
	ni.max = d->tmpl.max;
	ni.kind = d->tmpl.kind;
	ni.rollup = d->tmpl.rollup;
	if (d->has_freq || !found)
		ni.freq = d->tmpl.freq;
	dhis2_meta_action a = DM_CREATE;
	bool differs = false;
	if (found) {
		bool same = !strcmp(ni.name_vi, old.name_vi) && ni.value_type == old.value_type &&
			    ni.has_min == old.has_min && (!ni.has_min || ni.min == old.min) && ni.has_max == old.has_max &&
			    (!ni.has_max || ni.max == old.max) && ni.kind == old.kind && ni.rollup == old.rollup &&
			    ni.freq == old.freq;
		a = !c->o->update || same ? DM_SKIP : DM_UPDATE;
		differs = !same;
	}
	if ((rc = store_begin(c->s, e)))
		return rc;
	if (a != DM_SKIP)
		rc = store_indicator_put(c->s, &ni, e);
	dhis2_meta_item *it = NULL;
	if (!rc && !(it = item_add(c, a, "dataElement", d->uid, coc))) {
		store_rollback(c->s);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	if (!rc) {
		const indicator *w = a == DM_SKIP ? &old : &ni;
		copy_cut(it->target, sizeof it->target, w->code);
		snprintf(it->kind, sizeof it->kind, "%s/%s", ind_kind_code(w->kind), rollup_code(w->rollup));
		if (a == DM_SKIP && differs)
			snprintf(it->msg, sizeof it->msg, "đã có chỉ tiêu %s; không sửa (dùng tùy chọn cập nhật để sửa)",
				 old.code);
		else if (d->note)
			copy_cut(it->msg, sizeof it->msg, d->note);
		rc = map_row(c, XMAP_KIND_DE, d->uid, coc, d->code, d->name, w->code, it, e);
		if (rc) {
			c->r->n--;
			c->r->indicators[a]--;
		}
	}
	if (rc) {
		store_rollback(c->s);
		if (!domain_error(rc))
			return rc;
		/* the field whose change the store refused (a kind or frequency locked by values), else the element */
		const char *prop = found && ni.kind != old.kind		? "aggregationType"
				   : found && ni.freq != old.freq		? "periodType"
				   : found && ni.value_type != old.value_type ? "valueType"
									      : "name";
		rc = conflict(c, "dataElement", d->uid, coc, prop, prop[0] == 'n' ? d->name : "", "%s", e->msg);
		err_clear(e);
		return rc ? err_set(e, rc, "hết bộ nhớ") : 0;
	}
	return store_commit(c->s, e);
}

static int ignore(mctx *c, const char *uid, const char *property, const char *val, const char *why, err *e)
{
	dhis2_meta_item *it = item_add(c, DM_IGNORE, "dataElement", uid, "");
	if (!it)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	copy_cut(it->property, sizeof it->property, property);
	copy_cut(it->value, sizeof it->value, val);
	copy_cut(it->msg, sizeof it->msg, why);
	return 0;
}

static int import_des(mctx *c, json_t *root, json_t *arr, err *e)
{
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		char ib[24];
		mde d;
		memset(&d, 0, sizeof d);
		d.uid = json_is_object(o) ? jstr(o, "id") : NULL;
		d.code = json_is_object(o) ? jstr(o, "code") : NULL;
		d.name = json_is_object(o) ? jstr(o, "name") : NULL;
		const char *id = idx_id(ib, sizeof ib, d.uid, i);
		int rc = 0;
		if (!json_is_object(o))
			rc = conflict(c, "dataElement", id, "", "dataElements", NULL,
				      "dataElements[%zu]: phải là một đối tượng JSON", i);
		else if (!d.uid || !*d.uid || strlen(d.uid) >= XMAP_ID_MAX || !code_ok(d.uid))
			rc = conflict(c, "dataElement", id, "", "id", d.uid,
				      "dataElements[%zu]: mã UID (id) thiếu hoặc không hợp lệ (chữ cái không dấu, "
				      "chữ số, _ . -)", i);
		else if (!d.name || !*d.name)
			rc = conflict(c, "dataElement", id, "", "name", NULL, "dataElements[%zu] %s: thiếu tên (name)",
				      i, d.uid);
		if (rc)
			return err_set(e, rc, "hết bộ nhớ");
		if (!json_is_object(o) || !d.uid || !code_ok(d.uid) || strlen(d.uid) >= XMAP_ID_MAX || !d.name || !*d.name)
			continue;
		const char *dt = jstr(o, "domainType");
		if (dt && strcmp(dt, "AGGREGATE")) {
			if ((rc = ignore(c, d.uid, "domainType", dt,
					 "chỉ nhập dataElement tổng hợp (AGGREGATE), không nhập dữ liệu cá thể (TRACKER)", e)))
				return rc;
			continue;
		}
		indicator_defaults(&d.tmpl);
		d.tmpl.sector = c->o->sector ? c->o->sector : SECTOR_SOCIAL;
		const char *why = NULL, *vt = jstr(o, "valueType"), *agg = jstr(o, "aggregationType");
		err e2;
		err_clear(&e2);
		rc = dhis2_meta_value_type(vt, &d.tmpl, &why, &e2);
		if (rc < 0) {
			if ((rc = conflict(c, "dataElement", d.uid, "", "valueType", vt, "dataElement %s: %s", d.uid, e2.msg)))
				return err_set(e, rc, "hết bộ nhớ");
			continue;
		}
		if (rc == 1) {
			if ((rc = ignore(c, d.uid, "valueType", vt, why, e)))
				return rc;
			continue;
		}
		rc = dhis2_meta_aggregation(agg, &d.tmpl, &d.note, &e2);
		if (rc < 0) {
			if ((rc = conflict(c, "dataElement", d.uid, "", "aggregationType", agg, "dataElement %s: %s", d.uid,
					   e2.msg)))
				return err_set(e, rc, "hết bộ nhớ");
			continue;
		}
		if (rc == 1) {
			if ((rc = ignore(c, d.uid, "aggregationType", agg, d.note, e)))
				return rc;
			continue;
		}
		const char *pt = de_period_type(c, d.uid);
		ind_freq f = dhis2_meta_freq(pt);
		if (f) {
			d.tmpl.freq = f;
			d.has_freq = true;
		} else if (pt) {
			d.note = "periodType của dataSet không phải tháng, quý, 6 tháng hay năm: chitieu nhận theo tháng";
		}
		const char *cc = jref(o, "categoryCombo", "id");
		if (cc_default(root, cc)) {
			if ((rc = de_one(c, &d, NULL, e)))
				return rc;
			continue;
		}
		size_t found = 0;
		for (size_t j = 0; j < c->n_cocs; j++) {
			if (strcmp(c->cocs[j].cc, cc))
				continue;
			found++;
			const mcoc *k = xmap_combo_default(c->cocs[j].id) ? NULL : &c->cocs[j];
			if ((rc = de_one(c, &d, k, e)))
				return rc;
		}
		if (!found && (rc = conflict(c, "dataElement", d.uid, "", "categoryCombo", cc,
					     "dataElement %s: categoryCombo %s không có categoryOptionCombo nào trong tệp "
					     "(thêm categoryOptionCombos hoặc categoryCombos)",
					     d.uid, cc)))
			return err_set(e, rc, "hết bộ nhớ");
	}
	return 0;
}

/* ---- the import --------------------------------------------------------- */

static int read_levels(mctx *c, json_t *root)
{
	json_t *lv = json_object_get(root, "organisationUnitLevels"), *o;
	size_t i;
	json_array_foreach(lv, i, o) {
		json_t *l = json_object_get(o, "level");
		const char *name = jstr(o, "name");
		if (json_is_integer(l) && json_integer_value(l) >= 1 && json_integer_value(l) <= LEVELS_MAX && name) {
			c->level_names[json_integer_value(l)] = name;
			if ((int)json_integer_value(l) > c->deepest &&
			    (c->o->max_level <= 0 || json_integer_value(l) <= c->o->max_level))
				c->deepest = (int)json_integer_value(l);
		}
	}
	return 0;
}

static int check_root(json_t *root, err *e)
{
	static const char *const arrays[] = {"organisationUnits", "dataElements", "categoryOptionCombos",
					     "categoryCombos", "dataSets", "organisationUnitLevels"};
	if (!json_is_object(root))
		return err_set(e, ERR_INVALID, "tài liệu metadata phải là một đối tượng JSON {\"organisationUnits\":[...], "
					       "\"dataElements\":[...]}");
	size_t total = 0;
	for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
		json_t *a = json_object_get(root, arrays[i]);
		if (a && !json_is_array(a))
			return err_set(e, ERR_INVALID, "%s: phải là một mảng JSON", arrays[i]);
		if (i < 2)
			total += json_array_size(a);
	}
	if (!json_object_get(root, "organisationUnits") && !json_object_get(root, "dataElements"))
		return err_set(e, ERR_INVALID, "tài liệu không có organisationUnits hay dataElements");
	if (total > DHIS2_META_OBJECTS_MAX)
		return err_set(e, ERR_TOOBIG, "tệp có %zu organisationUnits và dataElements, quá %d", total,
			       DHIS2_META_OBJECTS_MAX);
	return 0;
}

int dhis2_meta_import(store *s, const char *json, size_t len, const dhis2_meta_opts *opts, dhis2_meta_report *r,
		      err *e)
{
	memset(r, 0, sizeof *r);
	r->dry_run = opts->dry_run;
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_set(e, ERR_INVALID, "JSON không đọc được ở dòng %d, cột %d: %s", je.line, je.column, je.text);
	mctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.e = e;
	c.o = opts;
	c.r = r;
	c.datasets = json_object_get(root, "dataSets");
	int rc = check_root(root, e);
	bool open = false;
	if (rc)
		goto done;
	read_levels(&c, root);
	if ((rc = read_cocs(&c, root))) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ");
		goto done;
	}
	if ((rc = store_xmap_list(s, NULL, &c.maps, &c.n_maps, e)))
		goto done;
	if (c.n_maps)
		qsort(c.maps, c.n_maps, sizeof *c.maps, cmp_map);
	store_set_actor(s, opts->who);
	if ((rc = store_begin(s, e)))
		goto done;
	open = true;
	json_t *ous = json_object_get(root, "organisationUnits");
	if ((ous && (rc = read_ous(&c, ous, e))) || (rc = import_ous(&c, e)))
		goto done;
	json_t *des = json_object_get(root, "dataElements");
	if (des && (rc = import_des(&c, root, des, e)))
		goto done;
	if (r->conflicts || opts->dry_run) {
		store_rollback(s);
		open = false;
		if (r->conflicts)
			rc = err_set(e, ERR_CONFLICT, "%zu xung đột: không ghi gì", r->conflicts);
		goto done;
	}
	open = false;
	if ((rc = store_commit(s, e)))
		goto done;
	r->written = true;
done:
	if (open)
		store_rollback(s);
	store_set_actor(s, NULL);
	free(c.maps);
	free(c.ous);
	free(c.ou_by_uid);
	free(c.cocs);
	strset_free(&c.claimed);
	strset_free(&c.coc_seen);
	json_decref(root);
	return rc;
}

/* ---- the report --------------------------------------------------------- */

static void counts_json(buf *b, const char *k, const size_t *n, bool comma)
{
	buf_printf(b, "\"%s\":{\"created\":%zu,\"updated\":%zu,\"skipped\":%zu,\"ignored\":%zu,\"conflicts\":%zu}%s", k,
		   n[DM_CREATE], n[DM_UPDATE], n[DM_SKIP], n[DM_IGNORE], n[DM_CONFLICT], comma ? "," : "");
}

int dhis2_meta_report_json(const dhis2_meta_report *r, buf *b)
{
	size_t sum[DM_CONFLICT + 1];
	for (int i = 0; i <= DM_CONFLICT; i++)
		sum[i] = r->units[i] + r->indicators[i];
	buf_putc(b, '{');
	jsonw_kv_str(b, "status", r->conflicts ? "ERROR" : "OK", true);
	buf_printf(b, "\"dryRun\":%s,\"written\":%s,", r->dry_run ? "true" : "false", r->written ? "true" : "false");
	buf_printf(b, "\"stats\":{\"created\":%zu,\"updated\":%zu,\"skipped\":%zu,\"ignored\":%zu,\"conflicts\":%zu},",
		   sum[DM_CREATE], sum[DM_UPDATE], sum[DM_SKIP], sum[DM_IGNORE], r->conflicts);
	counts_json(b, "units", r->units, true);
	counts_json(b, "indicators", r->indicators, true);
	buf_printf(b, "\"mappings\":{\"written\":%zu,\"unchanged\":%zu},\"objects\":[", r->maps_written, r->maps_same);
	bool first = true;
	for (size_t i = 0; i < r->n; i++) {
		const dhis2_meta_item *it = &r->items[i];
		if (it->action == DM_CONFLICT)
			continue;
		buf_puts(b, first ? "{" : ",{");
		first = false;
		jsonw_kv_str(b, "action", dhis2_meta_action_code(it->action), true);
		jsonw_kv_str(b, "object", it->object, true);
		jsonw_kv_str(b, "id", it->id, true);
		if (it->coc[0])
			jsonw_kv_str(b, "categoryOptionCombo", it->coc, true);
		if (it->property[0]) {
			jsonw_kv_str(b, "property", it->property, true);
			jsonw_kv_str(b, "value", it->value, true);
		}
		if (it->target[0]) {
			jsonw_kv_str(b, "target", it->target, true);
			jsonw_kv_str(b, "kind", it->kind, true);
			buf_printf(b, "\"mapped\":%s,", it->mapped ? "true" : "false");
		}
		jsonw_kv_str(b, "message", it->msg, false);
		buf_putc(b, '}');
	}
	buf_puts(b, "],\"conflicts\":[");
	first = true;
	for (size_t i = 0; i < r->n; i++) {
		const dhis2_meta_item *it = &r->items[i];
		if (it->action != DM_CONFLICT)
			continue;
		buf_puts(b, first ? "{" : ",{");
		first = false;
		jsonw_kv_str(b, "object", it->object, true);
		jsonw_kv_str(b, "id", it->id, true);
		if (it->coc[0])
			jsonw_kv_str(b, "categoryOptionCombo", it->coc, true);
		jsonw_kv_str(b, "property", it->property, true);
		jsonw_kv_str(b, "value", it->value, true);
		jsonw_kv_str(b, "message", it->msg, false);
		buf_putc(b, '}');
	}
	buf_puts(b, "]}");
	return buf_failed(b); /* an append that failed on the way (out of memory, the buffer's limit) */
}
