/*
 * task_notice.h - the two documents built from meetings and tasks
 * (issue #5): the conclusions notice of a meeting (thông báo kết luận) and
 * the reminder digest of a unit's or agency's tasks (for `chitieu remind`,
 * a cron job or the API).
 *
 * Both read through store.h and write Vietnamese text into a buf; the HTML
 * form escapes every stored string and is a complete printable page.
 * Not for: deciding who may read a meeting or a task (the API checks that
 * with auth.h before calling), or sending mail.
 */
#ifndef CHITIEU_TASK_NOTICE_H
#define CHITIEU_TASK_NOTICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/report_doc.h"
#include "core/task.h"
#include "core/vnfmt.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* Output forms of meeting_notice_write. */
enum { NOTICE_TEXT = 1, NOTICE_MARKDOWN, NOTICE_HTML };

/*
 * Appends the conclusions notice of meeting `meeting_id` to out, in form
 * fmt (NOTICE_TEXT, NOTICE_MARKDOWN or NOTICE_HTML):
 *   the issuing body (the holding unit's People's Committee) and the
 *   national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
 *   Hạnh phúc", the notice number ("Số: 125/TB-UBND", or "Số: .../TB-UBND"
 *   when not numbered), the place-and-date line (vn_format_date_line), the
 *   title "THÔNG BÁO Kết luận của <chair> tại <meeting title>", the meeting
 *   facts (time, place/unit, chair, attendees and attending units, the
 *   period and the indicators reviewed), the conclusions text, the tasks of
 *   the meeting grouped by lead unit or agency with their coordinating units
 *   and deadline (task_format_due), cancelled tasks left out, then
 *   "Nơi nhận" (the lead and coordinating units, "Lưu: VT").
 * ERR_NOTFOUND for an unknown meeting, ERR_INVALID for a bad fmt; out may
 * hold a partial document after an error (the caller discards it).
 */
int meeting_notice_write(store *s, int64_t meeting_id, int fmt, buf *out, err *e);

/*
 * The same notice, by the same code, as a document model (core/report_doc.h)
 * for the report's writers (report_write: DOCX and PDF laid out per Decree
 * 30/2020): issuer "ỦY BAN NHÂN DÂN\n<UNIT IN CAPITALS>", number, date line,
 * "THÔNG BÁO", the title, the facts, conclusions (a paragraph a line) and
 * task groups (RB_PART, RB_SECTION, RB_PARA), the signature "TL. CHỦ TỊCH /
 * CHÁNH VĂN PHÒNG" and the recipients. Fills *out (report_doc_free); on an
 * error *out is left empty.
 */
int meeting_notice_doc(store *s, int64_t meeting_id, report_doc *out, err *e);

/*
 * Appends the plain-text reminder digest of the open tasks that
 * `unit_or_agency` leads or coordinates (a unit code when is_agency is
 * false, an agency code when true), as of Vietnam day `today`: first the
 * overdue tasks (most days overdue first, each with "quá hạn N ngày"), then
 * those due within `days` days (soonest first, "còn N ngày"), each with its
 * content, role (chủ trì / phối hợp), deadline, meeting and latest percent.
 * Writes a one-line "không có nhiệm vụ ..." when there is nothing to remind.
 * ERR_NOTFOUND for an unknown code, ERR_INVALID for days < 0.
 */
int task_digest_write(store *s, const char *unit_or_agency, bool is_agency, cdate today, int days,
		      buf *out, err *e);

/*
 * Counts what task_digest_write would list: *overdue and *due_soon (either
 * may be NULL). Lets `chitieu remind` skip units with nothing to remind.
 */
int task_digest_count(store *s, const char *unit_or_agency, bool is_agency, cdate today, int days,
		      int *overdue, int *due_soon, err *e);

#endif
