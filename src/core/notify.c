/*
 * notify.c - the events that write notices into the outbox, in the
 * transaction of the event (notify.h), their Vietnamese words, and the
 * check of an email address as it is entered.
 *
 * Not for: sending or retrying (src/notify), SQL (store_notify.c).
 */
#include "core/notify.h"
#include "core/notify_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

bool notify_header_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int notify_email_check(const char *addr, err *e)
{
	size_t n = strlen(addr);
	if (n == 0)
		return 0;
	if (n > 254)
		return err_set(e, ERR_INVALID, "địa chỉ email dài quá 254 ký tự");
	const char *at = strchr(addr, '@');
	if (!at || strchr(at + 1, '@'))
		return err_set(e, ERR_INVALID, "địa chỉ email \"%.80s\" không hợp lệ: cần đúng một dấu @ (ví dụ "
				      "vanphong@backan.gov.vn)", notify_header_safe(addr) ? addr : "?");
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>(),;:\\[]", *p))
			return err_set(e, ERR_INVALID,
				       "địa chỉ email không hợp lệ: chỉ dùng chữ không dấu, chữ số và . _ - + @ "
				       "(không có dấu cách, xuống dòng hay ký tự điều khiển)");
	size_t local = (size_t)(at - addr);
	if (local == 0 || local > 64)
		return err_set(e, ERR_INVALID, "địa chỉ email \"%s\": phần trước @ rỗng hoặc dài quá 64 ký tự", addr);
	const char *d = at + 1;
	if (!*d || !strchr(d, '.') || d[0] == '.' || d[strlen(d) - 1] == '.' || strstr(d, ".."))
		return err_set(e, ERR_INVALID, "địa chỉ email \"%s\": tên miền sau @ không hợp lệ", addr);
	for (const char *p = d; *p; p++)
		if (!(*p == '.' || *p == '-' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z')))
			return err_set(e, ERR_INVALID, "địa chỉ email \"%s\": tên miền chỉ gồm chữ, số, - và .", addr);
	return 0;
}

void notify_copy_cut(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

int notify_enqueue(store *s, const store_recipient *r, bool webhook_on, const char *kind, const char *subject,
		   const char *body, const char *link, const char *ref, err *e)
{
	store_notice *n = calloc(1, sizeof *n);
	if (!n)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi ghi thông báo");
	n->user_id = r->user_id;
	notify_copy_cut(n->kind, sizeof n->kind, kind);
	notify_copy_cut(n->subject, sizeof n->subject, subject);
	notify_copy_cut(n->body, sizeof n->body, body);
	notify_copy_cut(n->link, sizeof n->link, link);
	notify_copy_cut(n->ref, sizeof n->ref, ref ? ref : "");
	int64_t now = store_task_now(s);
	n->created_at = now;
	int rc = store_notice_add(s, n, e);
	if (!rc && r->email[0] && r->email_on) {
		/* every email carries a one-click unsubscribe link: the user's key, made once */
		if (!r->unsub_token[0]) {
			unsigned char raw[24];
			char token[sizeof raw * 2 + 1], have[72];
			randombytes_buf(raw, sizeof raw);
			sodium_bin2hex(token, sizeof token, raw, sizeof raw);
			rc = store_notify_unsub_token(s, r->user_id, token, have, sizeof have, e);
		}
		if (!rc)
			rc = r->digest ? store_delivery_add(s, n->id, "digest", r->email, notify_digest_at(now), e)
				       : store_delivery_add(s, n->id, "email", r->email, now, e);
	}
	if (!rc && webhook_on && r->webhook_on)
		rc = store_delivery_add(s, n->id, "webhook", "", now, e);
	free(n);
	return rc;
}

int notify_webhook_configured(store *s, bool *on, err *e)
{
	char url[NOTIFY_VALUE_MAX];
	bool found = false;
	int rc = store_notify_config_get(s, "webhook_url", url, sizeof url, &found, e);
	*on = !rc && found && url[0];
	return rc;
}

int notify_seen_add(notify_seen *x, int64_t id, bool *fresh, err *e)
{
	*fresh = false;
	for (size_t i = 0; i < x->n; i++)
		if (x->ids[i] == id)
			return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		int64_t *p = realloc(x->ids, cap * sizeof *p);
		if (!p)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập danh sách người nhận thông báo");
		x->ids = p;
		x->cap = cap;
	}
	x->ids[x->n++] = id;
	*fresh = true;
	return 0;
}

int notify_tell_users_of(store *s, notify_seen *told, const char *unit_code, const char *agency_code,
			 bool webhook_on, const char *kind, const char *subject, const char *body, const char *link,
			 const char *ref, err *e)
{
	store_recipient *r = NULL;
	size_t n = 0;
	int rc = store_notify_recipients(s, unit_code, agency_code, &r, &n, e);
	for (size_t i = 0; i < n && !rc; i++) {
		bool fresh = false;
		if ((rc = notify_seen_add(told, r[i].user_id, &fresh, e)) || !fresh)
			continue;
		bool had = false;
		if (ref && ref[0] && (rc = store_notice_exists(s, r[i].user_id, ref, &had, e)))
			break;
		if (!had && !(rc = notify_enqueue(s, &r[i], webhook_on, kind, subject, body, link, ref, e)))
			told->queued++;
	}
	free(r);
	return rc;
}

int notify_who_label(buf *b, store *s, const char *unit_code, const char *agency_code)
{
	err ignore;
	if (unit_code && unit_code[0]) {
		unit u;
		if (store_unit_get(s, unit_code, &u, &ignore) == 0)
			return buf_printf(b, "%s (%s)", u.name, unit_code);
		return buf_puts(b, unit_code);
	}
	agency a;
	if (store_agency_get(s, agency_code, &a, &ignore) == 0)
		return buf_printf(b, "%s (%s)", a.name, agency_code);
	return buf_puts(b, agency_code);
}

int notify_task_parties(store *s, const task *t, bool lead_only, const char *kind, const char *subject,
			const char *body, const char *link, const char *ref, int *queued, err *e)
{
	bool webhook_on = false;
	notify_seen told = {0};
	int rc = notify_webhook_configured(s, &webhook_on, e);
	if (!rc)
		rc = notify_tell_users_of(s, &told, t->lead_unit, t->lead_unit[0] ? NULL : t->lead_agency, webhook_on, kind,
					  subject, body, link, ref, e);
	for (int i = 0; i < t->n_coord && !rc && !lead_only; i++)
		rc = notify_tell_users_of(s, &told, t->coord_units[i], NULL, webhook_on, kind, subject, body, link, ref, e);
	for (int i = 0; i < t->n_coord_agencies && !rc && !lead_only; i++)
		rc = notify_tell_users_of(s, &told, NULL, t->coord_agencies[i], webhook_on, kind, subject, body, link, ref,
					  e);
	if (queued)
		*queued += told.queued;
	free(told.ids);
	return rc;
}

int notify_task_words(buf *subject, buf *body, buf *link, store *s, const task *t, const char *title,
		      const char *opening)
{
	/* the subject: the title, then the content's first line, shortened */
	char first[120];
	notify_copy_cut(first, sizeof first, t->content);
	char *nl = strpbrk(first, "\r\n");
	if (nl)
		*nl = '\0';
	int w = buf_printf(subject, "%s: %s%s", title, first, strlen(t->content) >= sizeof first - 1 ? "…" : "");
	w |= buf_printf(body, "%s\n\nNội dung: %s\n\nĐơn vị chủ trì: ", opening, t->content);
	w |= notify_who_label(body, s, t->lead_unit, t->lead_agency);
	if (t->n_coord || t->n_coord_agencies) {
		w |= buf_puts(body, "\nĐơn vị phối hợp: ");
		for (int i = 0; i < t->n_coord; i++) {
			w |= buf_puts(body, i ? ", " : "");
			w |= notify_who_label(body, s, t->coord_units[i], NULL);
		}
		for (int i = 0; i < t->n_coord_agencies; i++) {
			w |= buf_puts(body, i || t->n_coord ? ", " : "");
			w |= notify_who_label(body, s, NULL, t->coord_agencies[i]);
		}
	}
	w |= buf_puts(body, "\nHạn hoàn thành: ");
	w |= task_format_due(body, t);
	w |= buf_printf(body, "\nNgười giao: %s\n", t->assigned_by);
	w |= buf_printf(link, "/#/task?id=%lld", (long long)t->id);
	return w;
}

int notify_task_assigned(store *s, const task *t, err *e)
{
	buf subject, body, link;
	buf_init(&subject, NOTIFY_SUBJECT_MAX * 2);
	buf_init(&body, NOTIFY_BODY_MAX * 2);
	buf_init(&link, NOTIFY_LINK_MAX);
	char opening[64];
	snprintf(opening, sizeof opening, "Nhiệm vụ số %lld được giao.", (long long)t->id);
	int rc = notify_task_words(&subject, &body, &link, s, t, "Nhiệm vụ mới", opening)
			 ? err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo nhiệm vụ")
			 : notify_task_parties(s, t, false, NOTIFY_KIND_TASK_ASSIGNED, buf_cstr(&subject), buf_cstr(&body),
					       buf_cstr(&link), "", NULL, e);
	buf_free(&subject);
	buf_free(&body);
	buf_free(&link);
	return rc;
}

int notify_approval(store *s, const char *unit_code, const period *month, const char *agency_code, appr_state to,
		    const char *by, const char *comment, err *e)
{
	if (to != APPR_RETURNED && to != APPR_APPROVED)
		return 0;
	bool webhook_on = false;
	notify_seen told = {0};
	buf label, code, subject, body, link;
	buf_init(&label, 128);
	buf_init(&code, 32);
	buf_init(&subject, NOTIFY_SUBJECT_MAX * 2);
	buf_init(&body, NOTIFY_BODY_MAX * 2);
	buf_init(&link, NOTIFY_LINK_MAX);
	int rc = notify_webhook_configured(s, &webhook_on, e);
	if (rc)
		goto done;
	bool part = agency_code && agency_code[0];
	int w = period_format_label(&label, month) | period_format_code(&code, month);
	w |= buf_printf(&subject, "Số liệu %s của %s%s%s %s", buf_cstr(&label), unit_code, part ? ", cơ quan " : "",
			part ? agency_code : "", to == APPR_RETURNED ? "bị trả lại" : "đã được duyệt");
	w |= buf_printf(&body, "Số liệu %s của đơn vị ", buf_cstr(&label));
	w |= notify_who_label(&body, s, unit_code, NULL);
	if (part) {
		w |= buf_puts(&body, ", phần của cơ quan ");
		w |= notify_who_label(&body, s, NULL, agency_code);
	}
	w |= buf_printf(&body, " %s bởi %s.\n", to == APPR_RETURNED ? "đã bị trả lại" : "đã được duyệt", by);
	if (to == APPR_RETURNED)
		w |= buf_printf(&body, "\nLý do: %s\n\nĐề nghị sửa số liệu rồi nộp lại.\n",
				comment && comment[0] ? comment : "(không ghi)");
	w |= buf_printf(&link, "/#/entry?unit=%s&period=%s", unit_code, buf_cstr(&code));
	if (w) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi soạn thông báo duyệt số liệu");
		goto done;
	}
	rc = notify_tell_users_of(s, &told, unit_code, part ? agency_code : NULL, webhook_on,
			   to == APPR_RETURNED ? NOTIFY_KIND_DATA_RETURNED : NOTIFY_KIND_DATA_APPROVED,
			   buf_cstr(&subject), buf_cstr(&body), buf_cstr(&link), "", e);
done:
	free(told.ids);
	buf_free(&label);
	buf_free(&code);
	buf_free(&subject);
	buf_free(&body);
	buf_free(&link);
	return rc;
}
