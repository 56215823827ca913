/*
 * api_notify.h - the routes of notifications (issue #15; api_notify.c):
 * in-app notices of the logged-in user, the user's email address, and the
 * administrator's configuration and delivery log.
 *
 * Not for: queuing notices (core/notify.h) or sending them (src/notify).
 */
#ifndef CHITIEU_API_NOTIFY_H
#define CHITIEU_API_NOTIFY_H

#include "http/http.h"

/* GET /api/notices[?unread=1&limit=N]: {"unread": n, "items": [{id, kind,
 * subject, body, link, created_at, read}]}, newest first (50 by default). */
int api_notices_list(http_req *r);

/* POST /api/notices/{id}/read: marks one of the user's notices read; {"unread": n}.
 * 404 for a notice that is not the user's. */
int api_notice_read(http_req *r);

/* POST /api/notices/read-all: marks every notice of the user read; {"unread": 0}. */
int api_notices_read_all(http_req *r);

/* PUT /api/me/email {email}: sets (or with "" removes) the user's own address, checked. */
int api_me_email(http_req *r);

/* GET /api/me/notify: the user's own choices {email, webhook, digest, address, quiet ("22:00-06:00" or "")}. */
int api_me_notify_get(http_req *r);

/* PUT /api/me/notify {email, webhook, quiet, digest}: each given one set, all or none;
 * quiet "" or "off" removes the quiet hours; answers as GET. */
int api_me_notify_put(http_req *r);

/* GET /api/notify/config (admin): the configuration, secrets hidden. */
int api_notify_config_get(http_req *r);

/* PUT /api/notify/config (admin) {smtp_url, from, webhook_url, webhook_secret,
 * base_url, backoff, timeout, max_attempts}: each given field checked
 * (notify_config_set) and stored, all or none; "" removes one. */
int api_notify_config_put(http_req *r);

/* GET /api/notify/log[?limit=N] (admin): the latest deliveries first. */
int api_notify_log(http_req *r);

/* GET /api/notify/unsubscribe?token=T (public): an HTML page whose button posts
 * the same URL; changes nothing (mail scanners follow links). 404 for a bad token. */
int api_notify_unsubscribe_page(http_req *r);

/* POST /api/notify/unsubscribe?token=T (public; RFC 8058 one-click, or the page's
 * button): turns email off for the user whose key T is; an HTML answer. 404 for
 * an unknown key. */
int api_notify_unsubscribe(http_req *r);

#endif
