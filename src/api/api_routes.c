/*
 * api_routes.c - the one table of API routes (method, pattern, permission,
 * handler, body limit, parameters, summary), the health check, and the
 * OpenAPI 3.0 document generated from the table.
 *
 * Not for: checks that apply to every route (src/http does them before any
 * handler runs) or any route's own logic (the other api_*.c files).
 */
#include "api/api.h"
#include "api/api_int.h"
#include "api/api_bulk.h"
#include "api/api_cache.h"
#include "api/api_due.h"
#include "api/api_exchange.h"
#include "api/api_admin.h"
#include "api/api_locks.h"
#include "api/api_meta.h"
#include "api/api_report.h"
#include "api/api_rules.h"
#include "api/api_targets_bulk.h"
#include "api/api_tasks.h"
#include "api/api_sheet.h"
#include "api/api_sources.h"
#include "api/api_notify.h"
#include "api/api_extract.h"
#include "api/api_period.h"

#include <stdio.h>
#include <string.h>

const http_route api_routes[] = {
	{"GET", "/api/health", HTTP_PUBLIC, api_health, 0, HTTP_LIGHT, NULL, NULL,
	 "Máy chủ còn sống (health check)"},
	{"GET", "/api/openapi.json", HTTP_PUBLIC, api_openapi, 0, HTTP_LIGHT, NULL, NULL,
	 "Tài liệu OpenAPI 3.0 của API, sinh từ bảng địa chỉ"},
	{"POST", "/api/login", HTTP_PUBLIC, api_login, API_LOGIN_BODY_MAX, HTTP_LIGHT, NULL, "login,password",
	 "Đăng nhập: đặt cookie phiên, trả về người dùng và mã CSRF"},
	{"POST", "/api/logout", HTTP_LOGIN, api_logout, 0, HTTP_LIGHT, NULL, NULL, "Đăng xuất: kết thúc phiên"},
	{"GET", "/api/me", HTTP_LOGIN, api_me, 0, HTTP_LIGHT, NULL, NULL,
	 "Người dùng đang đăng nhập: vai trò, phạm vi đơn vị, mã CSRF"},
	/* -- section: notifications (issue #15) -- */
	{"GET", "/api/notices", HTTP_LOGIN, api_notices_list, 0, HTTP_LIGHT, "unread,limit", NULL,
	 "Thông báo trong ứng dụng của người dùng, mới nhất trước, và số chưa đọc"},
	{"POST", "/api/notices/read-all", HTTP_LOGIN, api_notices_read_all, 0, HTTP_LIGHT, NULL, NULL,
	 "Đánh dấu mọi thông báo của người dùng là đã đọc"},
	{"POST", "/api/notices/{id}/read", HTTP_LOGIN, api_notice_read, 0, HTTP_LIGHT, NULL, NULL,
	 "Đánh dấu một thông báo là đã đọc"},
	{"PUT", "/api/me/email", HTTP_LOGIN, api_me_email, 0, HTTP_LIGHT, NULL, "email",
	 "Đặt địa chỉ email nhận thông báo của chính người dùng (kiểm tra khi nhập)"},
	{"GET", "/api/me/notify", HTTP_LOGIN, api_me_notify_get, 0, HTTP_LIGHT, NULL, NULL,
	 "Lựa chọn nhận thông báo của chính người dùng: email, webhook, giờ yên lặng"},
	{"PUT", "/api/me/notify", HTTP_LOGIN, api_me_notify_put, 0, HTTP_LIGHT, NULL, "email,webhook,quiet,digest",
	 "Đặt lựa chọn nhận thông báo của chính người dùng (giờ yên lặng \"22:00-06:00\", \"\" để bỏ)"},
	{"GET", "/api/notify/config", HTTP_ADMIN, api_notify_config_get, 0, HTTP_LIGHT, NULL, NULL,
	 "Cấu hình gửi thông báo (không có mật khẩu, khóa bí mật)"},
	{"PUT", "/api/notify/config", HTTP_ADMIN, api_notify_config_put, 0, HTTP_LIGHT, NULL,
	 "smtp_url,from,webhook_url,webhook_secret,base_url,backoff,timeout,max_attempts,remind_days",
	 "Đặt cấu hình gửi thông báo: máy chủ thư, người gửi, webhook"},
	{"GET", "/api/notify/log", HTTP_ADMIN, api_notify_log, 0, HTTP_LIGHT, "limit", NULL,
	 "Nhật ký gửi thông báo: đã gửi, hay lỗi và lần gửi lại"},
	{"GET", "/api/notify/unsubscribe", HTTP_PUBLIC, api_notify_unsubscribe_page, 0, HTTP_LIGHT, "token", NULL,
	 "Trang thôi nhận thông báo qua email (liên kết trong mỗi thư); không thay đổi gì"},
	{"POST", "/api/notify/unsubscribe", HTTP_PUBLIC, api_notify_unsubscribe, 0, HTTP_LIGHT, "token", NULL,
	 "Thôi nhận thông báo qua email bằng khóa trong liên kết (một lần bấm, RFC 8058)"},
	/* -- end section: notifications -- */
	{"GET", "/api/units", HTTP_LOGIN, api_units_list, 0, HTTP_LIGHT, "parent,on,limit,offset", NULL,
	 "Cây đơn vị hành chính (cha trước con) mà người dùng được xem"},
	{"GET", "/api/units/{code}", HTTP_LOGIN, api_unit_get, 0, HTTP_LIGHT, NULL, NULL, "Một đơn vị hành chính"},
	{"GET", "/api/indicators", HTTP_LOGIN, api_indicators_list, 0, HTTP_LIGHT, "sector,limit,offset", NULL,
	 "Danh mục chỉ tiêu"},
	{"GET", "/api/indicators/{code}", HTTP_LOGIN, api_indicator_get, 0, HTTP_LIGHT, NULL, NULL, "Một chỉ tiêu"},
	{"GET", "/api/eval", HTTP_LOGIN, api_eval, 0, HTTP_LIGHT, "unit,period,as_of,lag_threshold,approved", NULL,
	 "Đánh giá thực hiện chỉ tiêu của một đơn vị trong một kỳ (như chitieu eval --json)"},
	{"GET", "/api/eval/term", HTTP_LOGIN, api_eval_term, 0, HTTP_LIGHT, "unit,term,as_of", NULL,
	 "Đánh giá các chỉ tiêu Nghị quyết nhiệm kỳ theo lộ trình (như chitieu eval --term 2021-2025 --json)"},
	{"GET", "/api/eval/trend", HTTP_LOGIN, api_eval_trend, 0, HTTP_LIGHT, "unit,period", NULL,
	 "Diễn biến từng chỉ tiêu từ tháng 1 đến kỳ: lũy kế, % kế hoạch, tình trạng mỗi tháng (đường xu hướng trên điện thoại)"},
	{"GET", "/api/values", HTTP_LOGIN, api_value_get, 0, HTTP_LIGHT, "indicator,unit,period", NULL,
	 "Một số liệu thực hiện"},
	{"PUT", "/api/values", HTTP_LOGIN, api_value_put, 0, HTTP_LIGHT, NULL,
	 "indicator,unit,period,value,estimate,reason,comment,expected",
	 "Nhập hoặc sửa một số liệu (trả lời inserted / updated / unchanged); quy tắc cảnh báo cần ghi chú (comment); "
	 "expected: số liệu đã đọc, đã đổi thì 409"},
	{"GET", "/api/values/history", HTTP_LOGIN, api_value_history, 0, HTTP_LIGHT, "indicator,unit,period", NULL,
	 "Lịch sử thay đổi của một số liệu"},
	/* -- section: bulk (dataValueSets) -- */
	{"POST", "/api/dataValueSets", HTTP_LOGIN, api_bulk_datavalues, HTTP_BODY_BULK_MAX, HTTP_HEAVY,
	 "dryRun,comment,idScheme,dataElementIdScheme,orgUnitIdScheme,importStrategy,atomicMode", "dataValues",
	 "Nhập hàng loạt số liệu (JSON hoặc CSV, như DHIS2): tất cả hoặc không gì cả, trả về bản tổng kết"},
	{"GET", "/api/dataValueSets", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement,orgUnit,children,period,startDate,endDate,lastUpdated,format,idScheme,dataElementIdScheme,"
	 "orgUnitIdScheme", NULL,
	 "Xuất số liệu như DHIS2 (JSON, CSV hoặc ADX theo format= hoặc Accept) của các đơn vị người dùng được xem"},
	{"GET", "/api/exchange/mapping", HTTP_ADMIN, api_xmap_list, 0, HTTP_LIGHT, "kind", NULL,
	 "Bảng ánh xạ mã DHIS2 (orgUnit, dataElement + categoryOptionCombo) sang mã chitieu"},
	{"PUT", "/api/exchange/mapping", HTTP_ADMIN, api_xmap_put, 0, HTTP_LIGHT, NULL,
	 "kind,uid,categoryOptionCombo,attributeOptionCombo,code,name,target",
	 "Ghi một dòng ánh xạ DHIS2: orgUnit -> đơn vị, dataElement (+ categoryOptionCombo) -> chỉ tiêu"},
	{"DELETE", "/api/exchange/mapping", HTTP_ADMIN, api_xmap_delete, 0, HTTP_LIGHT,
	 "kind,uid,categoryOptionCombo,attributeOptionCombo", NULL, "Xóa một dòng ánh xạ DHIS2"},
	{"POST", "/api/exchange/metadata", HTTP_ADMIN, api_meta_import, API_META_BODY_MAX, HTTP_HEAVY, "dryRun,update,sector,maxLevel",
	 "organisationUnits,dataElements", "Nhập metadata DHIS2 thành đơn vị, chỉ tiêu, ánh xạ; chạy thử trừ khi dryRun=false"},
	{"GET", "/api/dataValueSets.json", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement,orgUnit,children,period,startDate,endDate,lastUpdated,idScheme,dataElementIdScheme,"
	 "orgUnitIdScheme", NULL,
	 "Như GET /api/dataValueSets, luôn ra JSON"},
	{"GET", "/api/dataValueSets.csv", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement,orgUnit,children,period,startDate,endDate,lastUpdated,idScheme,dataElementIdScheme,"
	 "orgUnitIdScheme", NULL,
	 "Như GET /api/dataValueSets, luôn ra CSV với các cột của DHIS2"},
	{"GET", "/api/dataValueSets.adx", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement,orgUnit,children,period,startDate,endDate,lastUpdated,idScheme,dataElementIdScheme,"
	 "orgUnitIdScheme", NULL,
	 "Như GET /api/dataValueSets, luôn ra ADX (application/adx+xml)"},
	/* -- end section: bulk -- */
	/* -- section: catalogue, targets, users (admin) -- */
	{"GET", "/api/agencies", HTTP_LOGIN, api_agencies_list, 0, HTTP_LIGHT, "limit,offset", NULL, "Danh sách cơ quan"},
	{"POST", "/api/agencies", HTTP_ADMIN, api_agency_post, 0, HTTP_LIGHT, NULL, "code,name", "Thêm một cơ quan"},
	{"PUT", "/api/agencies/{code}", HTTP_ADMIN, api_agency_put, 0, HTTP_LIGHT, NULL, "name", "Sửa tên một cơ quan"},
	{"POST", "/api/units", HTTP_ADMIN, api_unit_post, 0, HTTP_LIGHT, NULL, "code,name,type,parent,valid_from,valid_to",
	 "Thêm một đơn vị hành chính (ngày hiệu lực yyyy-mm-dd)"},
	{"PUT", "/api/units/{code}", HTTP_ADMIN, api_unit_put, 0, HTTP_LIGHT, NULL, "code,name,type,parent,valid_from,valid_to",
	 "Sửa một đơn vị hành chính (không đổi được mã)"},
	{"GET", "/api/units/{code}/links", HTTP_LOGIN, api_unit_links_get, 0, HTTP_LIGHT, "limit,offset", NULL,
	 "Các liên kết sáp nhập của một đơn vị (tiền thân và kế thừa)"},
	{"POST", "/api/units/{code}/links", HTTP_ADMIN, api_unit_link_post, 0, HTTP_LIGHT, NULL, "from,date",
	 "Ghi nhận đơn vị được hình thành (một phần) từ đơn vị khác vào một ngày"},
	{"POST", "/api/indicators", HTTP_ADMIN, api_indicator_post, 0, HTTP_LIGHT, NULL,
	 "code,name,name_en,uom,uom_scale,decimals,sector,kind,direction,rollup,frequency,agency,numerator,"
	 "denominator,ratio_scale,weight,sort_order,value_type,min,max,synonyms",
	 "Thêm một chỉ tiêu vào danh mục"},
	{"PUT", "/api/indicators/{code}", HTTP_ADMIN, api_indicator_put, 0, HTTP_LIGHT, NULL,
	 "code,name,name_en,uom,uom_scale,decimals,sector,kind,direction,rollup,frequency,agency,numerator,"
	 "denominator,ratio_scale,weight,sort_order,value_type,min,max,synonyms",
	 "Sửa một chỉ tiêu (không đổi được mã)"},
	{"GET", "/api/rules", HTTP_LOGIN, api_rules_list, 0, HTTP_LIGHT, NULL, NULL,
	 "Quy tắc kiểm tra giữa các chỉ tiêu cùng đơn vị, cùng kỳ (vế trái, phép so sánh, vế phải, mức độ)"},
	{"GET", "/api/rules/{code}", HTTP_LOGIN, api_rule_get, 0, HTTP_LIGHT, NULL, NULL, "Một quy tắc kiểm tra"},
	{"POST", "/api/rules", HTTP_ADMIN, api_rule_post, 0, HTTP_LIGHT, NULL, "code,name,left,op,right,importance",
	 "Thêm một quy tắc kiểm tra giữa các chỉ tiêu (error: từ chối số liệu; warning: cần ghi chú)"},
	{"PUT", "/api/rules/{code}", HTTP_ADMIN, api_rule_put, 0, HTTP_LIGHT, NULL, "code,name,left,op,right,importance",
	 "Sửa một quy tắc kiểm tra (không đổi được mã)"},
	{"DELETE", "/api/rules/{code}", HTTP_ADMIN, api_rule_delete, 0, HTTP_LIGHT, NULL, NULL, "Xóa một quy tắc kiểm tra"},
	{"GET", "/api/sources", HTTP_LOGIN, api_sources_list, 0, HTTP_LIGHT, "indicator", NULL,
	 "Nguồn số liệu của chỉ tiêu theo đơn vị hoặc cấp: số của đơn vị hay tổng hợp từ đơn vị trực thuộc"},
	{"PUT", "/api/sources", HTTP_ADMIN, api_source_put, 0, HTTP_LIGHT, NULL, "indicator,unit,level,source",
	 "Đặt nguồn số liệu của một chỉ tiêu tại một đơn vị hoặc một cấp (own, aggregated, default)"},
	{"GET", "/api/targets", HTTP_LOGIN, api_targets_list, 0, HTTP_LIGHT, "indicator,unit,year,limit,offset", NULL,
	 "Chỉ tiêu kế hoạch (năm, nhiệm kỳ) của các đơn vị người dùng được xem"},
	{"PUT", "/api/targets", HTTP_ADMIN, api_target_put, 0, HTTP_LIGHT, NULL,
	 "indicator,unit,year,year_from,year_to,kind,value,baseline,total,source,note",
	 "Đặt một chỉ tiêu kế hoạch (ghi lịch sử với người sửa)"},
	{"DELETE", "/api/targets", HTTP_ADMIN, api_target_delete, 0, HTTP_LIGHT, "indicator,unit,year,year_from,year_to,source",
	 NULL, "Xóa một chỉ tiêu kế hoạch (ghi lịch sử)"},
	{"GET", "/api/targets/history", HTTP_LOGIN, api_target_history, 0, HTTP_LIGHT,
	 "indicator,unit,year,year_from,year_to", NULL, "Lịch sử thay đổi chỉ tiêu kế hoạch"},
	{"DELETE", "/api/values", HTTP_LOGIN, api_value_delete, 0, HTTP_LIGHT, "indicator,unit,period,reason", NULL,
	 "Xóa một số liệu (giữ trong lịch sử)"},
	{"POST", "/api/password", HTTP_LOGIN, api_password_post, 0, HTTP_LIGHT, NULL, "old,new",
	 "Đổi mật khẩu của mình (giữ phiên này, kết thúc các phiên khác)"},
	{"GET", "/api/tokens", HTTP_LOGIN, api_tokens_list, 0, HTTP_LIGHT, "limit,offset", NULL, "Mã truy cập API của mình"},
	{"POST", "/api/tokens", HTTP_LOGIN, api_token_post, 0, HTTP_LIGHT, NULL, "name,days",
	 "Tạo mã truy cập API (trả về mã một lần duy nhất)"},
	{"DELETE", "/api/tokens/{name}", HTTP_LOGIN, api_token_delete, 0, HTTP_LIGHT, NULL, NULL, "Thu hồi một mã truy cập API"},
	{"GET", "/api/users", HTTP_ADMIN, api_users_list, 0, HTTP_LIGHT, "limit,offset", NULL, "Danh sách người dùng"},
	{"POST", "/api/users", HTTP_ADMIN, api_user_post, 0, HTTP_LIGHT, NULL, "login,name,role,agency,view,enter",
	 "Tạo người dùng (trả về mật khẩu sinh ngẫu nhiên một lần duy nhất)"},
	{"PUT", "/api/users/{login}", HTTP_ADMIN, api_user_put, 0, HTTP_LIGHT, NULL, "name,role,agency,view,enter,active",
	 "Sửa người dùng: họ tên, vai trò, cơ quan, phạm vi đơn vị, khóa/mở"},
	/* -- end section: admin -- */
	/* -- section: period locks -- */
	{"GET", "/api/locks", HTTP_LOGIN, api_lock_status, 0, HTTP_LIGHT, "unit,period", NULL,
	 "Kỳ của một đơn vị còn mở nhập hay đã khóa: hạn báo cáo, hạn khóa, lần mở lại"},
	{"POST", "/api/locks/reopen", HTTP_ADMIN, api_lock_reopen, 0, HTTP_LIGHT, NULL, "unit,period,until,reason",
	 "Mở lại một kỳ đã khóa cho một đơn vị (và các đơn vị trực thuộc) đến một ngày"},
	{"GET", "/api/approval", HTTP_LOGIN, api_approval_get, 0, HTTP_LIGHT, "unit,period,agency", NULL,
	 "Trạng thái duyệt số liệu một tháng của một đơn vị (hoặc phần của một cơ quan) và các bước đã qua"},
	{"POST", "/api/approval/submit", HTTP_LOGIN, api_approval_submit, 0, HTTP_LIGHT, NULL, "unit,period,agency,comment",
	 "Đơn vị nộp số liệu một tháng lên cấp trên (lỗi kiểm tra chặn lại)"},
	{"POST", "/api/approval/approve", HTTP_LOGIN, api_approval_approve, 0, HTTP_LIGHT, NULL, "unit,period,agency,comment",
	 "Cấp trên trực tiếp duyệt số liệu đã nộp"},
	{"POST", "/api/approval/return", HTTP_LOGIN, api_approval_return, 0, HTTP_LIGHT, NULL, "unit,period,agency,comment",
	 "Cấp trên trả lại số liệu đã nộp hoặc đã duyệt, có lý do"},
	{"POST", "/api/approval/accept", HTTP_LOGIN, api_approval_accept, 0, HTTP_LIGHT, NULL, "unit,period,agency,comment",
	 "Cấp trên hai cấp chấp nhận số liệu đã duyệt"},
	{"GET", "/api/approval/children", HTTP_LOGIN, api_approval_children, 0, HTTP_LIGHT, "unit,period", NULL,
	 "Trạng thái duyệt số liệu một tháng của từng đơn vị trực thuộc (bảng điều khiển của cấp trên)"},
	{"GET", "/api/approval/config", HTTP_LOGIN, api_approval_config_get, 0, HTTP_LIGHT, NULL, NULL,
	 "Loại đơn vị nào phải được cấp trên hai cấp chấp nhận số liệu đã duyệt"},
	{"PUT", "/api/approval/config", HTTP_ADMIN, api_approval_config_put, 0, HTTP_LIGHT, NULL, "accept",
	 "Sửa danh sách loại đơn vị phải được chấp nhận số liệu (\"ward,commune\" hoặc \"none\")"},
	{"GET", "/api/validation", HTTP_LOGIN, api_validation, 0, HTTP_LIGHT, "unit,period", NULL,
	 "Kiểm tra số liệu một kỳ của đơn vị và các đơn vị trực thuộc: vượt giới hạn (lỗi), quy tắc giữa chỉ tiêu, khác xa các năm trước (cảnh báo)"},
	{"GET", "/api/completeness", HTTP_LOGIN, api_completeness, 0, HTTP_LIGHT, "unit,year", NULL,
	 "Đơn vị trực thuộc nào đã gửi đủ số liệu từng tháng, đúng hạn hay muộn; tỷ lệ gửi đúng hạn"},
	{"GET", "/api/period/default", HTTP_LOGIN, api_period_default, 0, HTTP_LIGHT, "unit", NULL,
	 "Tháng mặc định của một đơn vị: tháng gần nhất có số liệu hoặc còn mở nhập, không bao giờ là tháng đã khóa mà trống"},
	{"POST", "/api/locks/close", HTTP_ADMIN, api_lock_close, 0, HTTP_LIGHT, NULL, "unit,period,reason",
	 "Khóa sổ một kỳ cho một đơn vị (và các đơn vị trực thuộc), trước hoặc sau hạn"},
	{"GET", "/api/locks/config", HTTP_ADMIN, api_lock_config_get, 0, HTTP_LIGHT, NULL, NULL,
	 "Thiết lập khóa kỳ: lịch báo cáo, số ngày gia hạn, bật/tắt"},
	{"PUT", "/api/locks/config", HTTP_ADMIN, api_lock_config_put, 0, HTTP_LIGHT, NULL,
	 "enabled,cutoff_day,due_day,due_months_after,grace_days",
	 "Sửa thiết lập khóa kỳ (các trường không gửi giữ nguyên)"},
	/* -- end section: locks -- */
	/* -- section: meetings and tasks -- */
	{"GET", "/api/meetings", HTTP_LOGIN, api_meetings_list, 0, HTTP_LIGHT, "unit,kind,from,to,limit,offset", NULL,
	 "Các cuộc họp của những đơn vị người dùng được xem (mới nhất trước)"},
	{"POST", "/api/meetings", HTTP_LOGIN, api_meeting_post, API_MEETING_BODY_MAX, HTTP_LIGHT, NULL,
	 "kind,title,date,time,unit,chair,attendees,units,period,indicators,conclusions,notice_no",
	 "Tạo một cuộc họp (quản trị viên, lãnh đạo của đơn vị chủ trì họp)"},
	{"GET", "/api/meetings/{id}", HTTP_LOGIN, api_meeting_get, 0, HTTP_LIGHT, NULL, NULL,
	 "Một cuộc họp và các nhiệm vụ được giao tại đó"},
	{"PUT", "/api/meetings/{id}", HTTP_LOGIN, api_meeting_put, API_MEETING_BODY_MAX, HTTP_LIGHT, NULL,
	 "kind,title,date,time,unit,chair,attendees,units,period,indicators,conclusions,notice_no",
	 "Sửa một cuộc họp (các trường không gửi giữ nguyên)"},
	{"DELETE", "/api/meetings/{id}", HTTP_LOGIN, api_meeting_delete, 0, HTTP_LIGHT, NULL, NULL,
	 "Xóa một cuộc họp chưa giao nhiệm vụ nào"},
	{"GET", "/api/meetings/{id}/notice", HTTP_LOGIN, api_meeting_notice, 0, HTTP_HEAVY, "format", NULL,
	 "Thông báo kết luận cuộc họp (text, markdown, html, docx hoặc pdf)"},
	{"GET", "/api/meetings/{id}/agenda", HTTP_LOGIN, api_meeting_agenda, 0, HTTP_LIGHT, NULL, NULL,
	 "Nhiệm vụ còn mở, quá hạn từ các cuộc họp cùng loại trước đó của đơn vị (đầu chương trình họp)"},
	{"GET", "/api/tasks", HTTP_LOGIN, api_tasks_list, 0, HTTP_LIGHT,
	 "unit,agency,role,meeting,status,due_within,indicator,open,limit,offset", NULL,
	 "Nhiệm vụ người dùng được xem, quá hạn trước; lọc theo đơn vị, cơ quan, vai trò, cuộc họp, trạng thái"},
	{"POST", "/api/tasks", HTTP_LOGIN, api_task_post, 0, HTTP_LIGHT, NULL,
	 "content,lead_unit,lead_agency,coord_units,coord_agencies,due,indicators,priority,meeting,owner_unit,"
	 "assigned_on",
	 "Giao một nhiệm vụ (quản trị viên, lãnh đạo của đơn vị giao việc)"},
	{"GET", "/api/tasks/stats", HTTP_LOGIN, api_task_stats, 0, HTTP_LIGHT, "unit,period", NULL,
	 "Thống kê nhiệm vụ theo đơn vị chủ trì trong một kỳ: đúng hạn, quá hạn, tỷ lệ đúng hạn"},
	{"GET", "/api/tasks/due", HTTP_LOGIN, api_task_due, 0, HTTP_LIGHT, "days", NULL,
	 "Nhiệm vụ của người dùng: quá hạn và sắp đến hạn trong N ngày"},
	{"GET", "/api/tasks/{id}", HTTP_LOGIN, api_task_get, 0, HTTP_LIGHT, NULL, NULL,
	 "Một nhiệm vụ với báo cáo tiến độ và lịch sử"},
	{"PUT", "/api/tasks/{id}", HTTP_LOGIN, api_task_put, 0, HTTP_LIGHT, NULL,
	 "content,lead_unit,lead_agency,coord_units,coord_agencies,due,indicators,priority",
	 "Sửa một nhiệm vụ (người giao hoặc quản trị viên; gia hạn dùng /extend)"},
	{"POST", "/api/tasks/{id}/extend", HTTP_LOGIN, api_task_extend, 0, HTTP_LIGHT, NULL, "due,reason",
	 "Gia hạn một nhiệm vụ, có lý do (người giao hoặc quản trị viên)"},
	{"POST", "/api/tasks/{id}/cancel", HTTP_LOGIN, api_task_cancel, 0, HTTP_LIGHT, NULL, "reason",
	 "Hủy một nhiệm vụ, có lý do (người giao hoặc quản trị viên)"},
	{"POST", "/api/tasks/{id}/reopen", HTTP_LOGIN, api_task_reopen, 0, HTTP_LIGHT, NULL, "reason",
	 "Mở lại một nhiệm vụ đã báo hoàn thành, có lý do (người giao hoặc quản trị viên)"},
	{"POST", "/api/tasks/{id}/progress", HTTP_LOGIN, api_task_progress, API_TASK_PROGRESS_BODY_MAX, HTTP_LIGHT, NULL,
	 "text,percent,date,done,attachment_name,attachment_type,attachment_base64",
	 "Báo cáo tiến độ của đơn vị chủ trì (tệp đính kèm base64, tối đa 4 MiB)"},
	{"GET", "/api/tasks/{id}/progress/{pid}/attachment", HTTP_LOGIN, api_task_attachment, 0, HTTP_LIGHT, NULL, NULL,
	 "Tệp đính kèm của một báo cáo tiến độ"},
	/* -- end section: meetings and tasks -- */
	/* -- section: targets bulk import (web plans page) -- */
	{"POST", "/api/targets/bulk", HTTP_ADMIN, api_targets_bulk, API_TARGETS_BULK_BODY_MAX, HTTP_HEAVY, "dryRun", NULL,
	 "Nhập hàng loạt chỉ tiêu kế hoạch (mảng JSON hoặc CSV): kiểm tra mọi dòng trước, tất cả hoặc không gì cả"},
	/* -- end section: targets bulk -- */
	/* -- section: what is due (web due page) -- */
	{"GET", "/api/due", HTTP_LOGIN, api_due, 0, HTTP_LIGHT, "days,months,limit", NULL,
	 "Việc nhập số liệu của người dùng: các kỳ chưa có số liệu sắp đến hạn hoặc đã quá hạn"},
	/* -- end section: due -- */
	/* -- section: sheets (Excel/CSV templates and import, issue #6) -- */
	{"GET", "/api/sheet/template", HTTP_LOGIN, api_sheet_template, 0, HTTP_HEAVY, "unit,period,kind,format", NULL,
	 "Biểu Excel (hoặc CSV) để điền số liệu hoặc kế hoạch của một đơn vị trong một kỳ"},
	{"POST", "/api/sheet/import", HTTP_LOGIN, api_sheet_import, API_SHEET_BODY_MAX, HTTP_HEAVY, "dryRun,kind,sheet,comment", NULL,
	 "Nhập biểu Excel/CSV đã điền (nội dung yêu cầu là tệp): tất cả hoặc không gì cả, trả về bản tổng kết"},
	/* -- section: reading figures from narrative reports (issue #19) -- */
	{"POST", "/api/extract", HTTP_LOGIN, api_extract, API_EXTRACT_BODY_MAX, HTTP_HEAVY, "unit,year", NULL,
	 "Đề xuất số liệu đọc từ báo cáo lời văn (.docx hoặc văn bản UTF-8); không ghi gì"},
	{"POST", "/api/extract/import", HTTP_LOGIN, api_extract_import, HTTP_BODY_BULK_MAX, HTTP_HEAVY, "dryRun",
	 "file,rows", "Nhập các số liệu đề xuất đã được người rà soát nhận (tất cả hoặc không gì)"},
	{"GET", "/api/sheet/catalog", HTTP_LOGIN, api_sheet_catalog_get, 0, HTTP_HEAVY, "format", NULL,
	 "Biểu danh mục (Excel hoặc CSV): các quy tắc kiểm tra giữa các chỉ tiêu, và mã chỉ tiêu để tra"},
	{"POST", "/api/sheet/catalog", HTTP_ADMIN, api_sheet_catalog_post, API_SHEET_BODY_MAX, HTTP_HEAVY, "dryRun,replace", NULL,
	 "Nhập biểu danh mục đã sửa (nội dung yêu cầu là tệp): quy tắc kiểm tra thành đúng như sheet, tất cả hoặc "
	 "không gì cả"},
	/* -- end section: sheets -- */
	/* -- section: report (issue #6) -- */
	{"GET", "/api/report", HTTP_LOGIN, api_report_get, 0, HTTP_HEAVY, "unit,period,format,as_of,date,number,place,approved", NULL,
	 "Báo cáo tình hình kinh tế - xã hội của một đơn vị trong một kỳ (html, text, md, docx, xlsx)"},
	{"GET", "/api/report/templates", HTTP_ADMIN, api_report_templates_list, 0, HTTP_LIGHT, NULL, NULL,
	 "Các mẫu câu của báo cáo: nội dung đang dùng, mặc định, các biến được dùng"},
	{"PUT", "/api/report/templates/{key}", HTTP_ADMIN, api_report_template_put, 0, HTTP_LIGHT, NULL, "body",
	 "Sửa một mẫu câu của báo cáo (biến không được dùng bị từ chối)"},
	{"DELETE", "/api/report/templates/{key}", HTTP_ADMIN, api_report_template_delete, 0, HTTP_LIGHT, NULL, NULL,
	 "Trả một mẫu câu của báo cáo về mặc định"},
	/* -- end section: report -- */
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];

int api_health(http_req *r)
{
	/* web: the web folder's build id, which names the service worker's cache (web/sw.js) */
	buf_puts(&r->out, "{\"status\":\"ok\",\"version\":\"0.1.0\",\"web\":");
	buf_json_str(&r->out, r->web_build ? r->web_build : "");
	return buf_puts(&r->out, "}\n");
}

/* Appends a comma-separated list as JSON strings, each wrapped by fmt pieces. */
static void param_list(buf *b, const char *list, const char *in, bool *first)
{
	const char *p = list;
	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)n, p);
		buf_puts(b, *first ? "" : ",");
		*first = false;
		buf_puts(b, "{\"name\":");
		buf_json_str(b, name);
		buf_printf(b, ",\"in\":\"%s\",\"required\":%s,\"schema\":{\"type\":\"string\"}}", in,
			   !strcmp(in, "path") ? "true" : "false");
		p = c ? c + 1 : NULL;
	}
}

/* The {params} of a pattern, comma-separated, into out. */
static void path_params(const char *pattern, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		if (!e)
			break;
		int k = snprintf(out + used, n - used, "%s%.*s", used ? "," : "", (int)(e - p - 1), p + 1);
		if (k < 0 || (size_t)k >= n - used)
			break;
		used += (size_t)k;
	}
}

static void write_operation(buf *b, const http_route *rt)
{
	char lower[16];
	size_t i = 0;
	for (; rt->method[i] && i < sizeof lower - 1; i++)
		lower[i] = (char)(rt->method[i] | 0x20);
	lower[i] = '\0';
	buf_json_str(b, lower);
	buf_puts(b, ":{\"summary\":");
	buf_json_str(b, rt->summary);
	buf_puts(b, ",\"operationId\":");
	char id[128];
	snprintf(id, sizeof id, "%s %s", rt->method, rt->pattern);
	buf_json_str(b, id);
	if (rt->cost == HTTP_HEAVY)
		buf_puts(b, ",\"x-heavy\":true");
	buf_puts(b, ",\"x-permission\":");
	buf_json_str(b, http_perm_code(rt->perm));
	buf_puts(b, ",\"parameters\":[");
	bool first = true;
	char pp[128];
	path_params(rt->pattern, pp, sizeof pp);
	param_list(b, pp, "path", &first);
	param_list(b, rt->query, "query", &first);
	buf_putc(b, ']');
	if (rt->body) {
		buf_puts(b, ",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":"
			    "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{");
		const char *p = rt->body;
		bool f = true;
		while (p && *p) {
			const char *c = strchr(p, ',');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)n, p);
			buf_puts(b, f ? "" : ",");
			f = false;
			buf_json_str(b, name);
			buf_puts(b, ":{}");
			p = c ? c + 1 : NULL;
		}
		buf_puts(b, "}}}}}");
	}
	if (rt->perm != HTTP_PUBLIC)
		buf_puts(b, ",\"security\":[{\"session\":[]},{\"token\":[]}]");
	buf_puts(b, ",\"responses\":{\"200\":{\"description\":\"OK\"},"
		    "\"default\":{\"description\":\"Lỗi\",\"content\":{\"application/json\":{\"schema\":"
		    "{\"$ref\":\"#/components/schemas/Error\"}}}}}}");
}

int api_openapi_write(buf *b)
{
	buf_puts(b, "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"chitieu API\",\"version\":\"0.1.0\","
		    "\"description\":\"Theo dõi, đánh giá thực hiện chỉ tiêu kinh tế - xã hội\"},\"paths\":{");
	/* One path object per distinct pattern, its operations in table order. */
	bool first_path = true;
	for (size_t i = 0; i < api_n_routes; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(api_routes[k].pattern, api_routes[i].pattern);
		if (seen)
			continue;
		buf_puts(b, first_path ? "" : ",");
		first_path = false;
		buf_json_str(b, api_routes[i].pattern);
		buf_puts(b, ":{");
		bool first_op = true;
		for (size_t k = i; k < api_n_routes; k++) {
			if (strcmp(api_routes[k].pattern, api_routes[i].pattern))
				continue;
			buf_puts(b, first_op ? "" : ",");
			first_op = false;
			write_operation(b, &api_routes[k]);
		}
		buf_putc(b, '}');
	}
	return buf_puts(b, "},\"components\":{\"securitySchemes\":{"
		       "\"session\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":\"" HTTP_SESSION_COOKIE "\"},"
		       "\"token\":{\"type\":\"http\",\"scheme\":\"bearer\"}},"
		       "\"schemas\":{\"Error\":{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"object\","
		       "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
		       "\"field\":{\"type\":\"string\"}},\"required\":[\"code\",\"message\"]}}}}}}\n");
}

int api_openapi(http_req *r)
{
	return api_openapi_write(&r->out);
}

void api_before_request(void)
{
	api_cache_begin_request();
}

void api_after_write(const http_req *r)
{
	if (!r->changes_marked)
		api_cache_bump(); /* whatever it changed: every answer */
	api_cache_wrote(r->who ? r->who->user.id : 0);
}
