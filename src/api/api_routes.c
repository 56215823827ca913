/*
 * api_routes.c - the one table of API routes (method, pattern, permission,
 * handler, body limit, cost, the typed description of the query, the body
 * and the answer, summary) and the health check. The descriptions are
 * checked before each handler and published as OpenAPI (api_schema.c,
 * api_openapi.c; their language is in api_schema.h).
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
	{"GET", "/api/health", HTTP_PUBLIC, api_health, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Máy chủ còn sống (health check)",
	 "status:str,version:str,web:str"},
	{"GET", "/api/openapi.json", HTTP_PUBLIC, api_openapi, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Tài liệu OpenAPI 3.1 của API, sinh từ bảng địa chỉ",
	 "openapi:str,info:obj,paths:obj,components:obj"},
	{"POST", "/api/login", HTTP_PUBLIC, api_login, API_LOGIN_BODY_MAX, HTTP_LIGHT,
	 NULL, "login:str{1,63}!,password:str{1,1023}!",
	 "Đăng nhập: đặt cookie phiên, trả về người dùng và mã CSRF",
	 "user:obj,csrf:str"},
	{"POST", "/api/logout", HTTP_LOGIN, api_logout, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Đăng xuất: kết thúc phiên",
	 "status:str"},
	{"GET", "/api/me", HTTP_LOGIN, api_me, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Người dùng đang đăng nhập: vai trò, phạm vi đơn vị, mã CSRF",
	 "user:obj,role:str,scopes:arr,via_token:bool,csrf"},
	/* -- section: notifications (issue #15) -- */
	{"GET", "/api/notices", HTTP_LOGIN, api_notices_list, 0, HTTP_LIGHT,
	 "unread:enum(0|1),limit:int{1,500}", NULL,
	 "Thông báo trong ứng dụng của người dùng, mới nhất trước, và số chưa đọc",
	 "unread:int,items:arr"},
	{"POST", "/api/notices/read-all", HTTP_LOGIN, api_notices_read_all, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Đánh dấu mọi thông báo của người dùng là đã đọc",
	 "unread:int"},
	{"POST", "/api/notices/{id}/read", HTTP_LOGIN, api_notice_read, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Đánh dấu một thông báo là đã đọc",
	 "unread:int"},
	{"PUT", "/api/me/email", HTTP_LOGIN, api_me_email, 0, HTTP_LIGHT,
	 NULL, "email:str{,255}",
	 "Đặt địa chỉ email nhận thông báo của chính người dùng (kiểm tra khi nhập)",
	 "email:str"},
	{"GET", "/api/me/notify", HTTP_LOGIN, api_me_notify_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Lựa chọn nhận thông báo của chính người dùng: email, webhook, giờ yên lặng",
	 "email:bool,webhook:bool,digest:bool,address:str,quiet:str"},
	{"PUT", "/api/me/notify", HTTP_LOGIN, api_me_notify_put, 0, HTTP_LIGHT,
	 NULL, "email:bool,webhook:bool,quiet:str{,15},digest:bool",
	 "Đặt lựa chọn nhận thông báo của chính người dùng (giờ yên lặng \"22:00-06:00\","
	 " \"\" để bỏ)",
	 "email:bool,webhook:bool,digest:bool,address:str,quiet:str"},
	{"GET", "/api/notify/config", HTTP_ADMIN, api_notify_config_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Cấu hình gửi thông báo (không có mật khẩu, khóa bí mật)",
	 "smtp_url:str,from:str,webhook_url:str,webhook_secret_set:bool,base_url:str,backoff:int,"
	 "timeout:int,max_attempts:int,remind_days:int"},
	{"PUT", "/api/notify/config", HTTP_ADMIN, api_notify_config_put, 0, HTTP_LIGHT,
	 NULL,
	 "smtp_url:str{,1023},from:str{,1023},webhook_url:str{,1023},webhook_secret:str{,1023},"
	 "base_url:str{,1023},backoff:str{,15},timeout:str{,15},max_attempts:str{,15},"
	 "remind_days:str{,15}",
	 "Đặt cấu hình gửi thông báo: máy chủ thư, người gửi, webhook",
	 "smtp_url:str,from:str,webhook_url:str,webhook_secret_set:bool,base_url:str,backoff:int,"
	 "timeout:int,max_attempts:int,remind_days:int"},
	{"GET", "/api/notify/log", HTTP_ADMIN, api_notify_log, 0, HTTP_LIGHT,
	 "limit:int{1,1000}", NULL,
	 "Nhật ký gửi thông báo: đã gửi, hay lỗi và lần gửi lại",
	 "items:arr"},
	{"GET", "/api/notify/unsubscribe", HTTP_PUBLIC, api_notify_unsubscribe_page, 0, HTTP_LIGHT,
	 "token:str{16,64}", NULL,
	 "Trang thôi nhận thông báo qua email (liên kết trong mỗi thư); không thay đổi gì",
	 "@text/html"},
	{"POST", "/api/notify/unsubscribe", HTTP_PUBLIC, api_notify_unsubscribe, 0, HTTP_LIGHT,
	 "token:str{16,64}", NULL,
	 "Thôi nhận thông báo qua email bằng khóa trong liên kết (một lần bấm, RFC 8058)",
	 "@text/html,text/plain"},
	/* -- end section: notifications -- */
	{"GET", "/api/units", HTTP_LOGIN, api_units_list, 0, HTTP_LIGHT,
	 "parent:str,on:date,limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Cây đơn vị hành chính (cha trước con) mà người dùng được xem",
	 "items:arr,total:int,limit:int,offset:int"},
	{"GET", "/api/units/{code}", HTTP_LOGIN, api_unit_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Một đơn vị hành chính",
	 "code:str,name:str,type:str,type_label:str,parent:str,valid_from,valid_to"},
	{"GET", "/api/indicators", HTTP_LOGIN, api_indicators_list, 0, HTTP_LIGHT,
	 "sector:str,limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Danh mục chỉ tiêu",
	 "items:arr,total:int,limit:int,offset:int"},
	{"GET", "/api/indicators/{code}", HTTP_LOGIN, api_indicator_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Một chỉ tiêu",
	 "code:str,name:str,name_en:str,synonyms:str,uom:str,uom_scale:int,decimals:int,sector:str,"
	 "kind:str,direction:str,rollup:str,frequency:str,agency,numerator,denominator,weight,"
	 "sort_order:int,value_type:str,min,max,nonnegative:bool"},
	{"GET", "/api/eval", HTTP_LOGIN, api_eval, 0, HTTP_LIGHT,
	 "unit:str!,period:str{1,16}!,as_of:date,lag_threshold:str,approved:enum(0|1|true|false)", NULL,
	 "Đánh giá thực hiện chỉ tiêu của một đơn vị trong một kỳ (như chitieu eval --json)",
	 "unit:obj,period:obj,summary:obj,indicators:arr"},
	{"GET", "/api/eval/term", HTTP_LOGIN, api_eval_term, 0, HTTP_LIGHT,
	 "unit:str!,term:str!,as_of:date", NULL,
	 "Đánh giá các chỉ tiêu Nghị quyết nhiệm kỳ theo lộ trình (như chitieu eval --term 2021-2025 --json)",
	 "unit:obj,term:obj,summary:obj,indicators:arr"},
	{"GET", "/api/eval/trend", HTTP_LOGIN, api_eval_trend, 0, HTTP_LIGHT,
	 "unit:str!,period:period!", NULL,
	 "Diễn biến từng chỉ tiêu từ tháng 1 đến kỳ: lũy kế, % kế hoạch,"
	 " tình trạng mỗi tháng (đường xu hướng trên điện thoại)",
	 "unit:str,year:int,months:arr,indicators:arr"},
	{"GET", "/api/values", HTTP_LOGIN, api_value_get, 0, HTTP_LIGHT,
	 "indicator:str!,unit:str!,period:period!", NULL,
	 "Một số liệu thực hiện",
	 "indicator:str,unit:str,period:str,value:num,estimate:bool,by:str,at:int,comment:str"},
	{"PUT", "/api/values", HTTP_LOGIN, api_value_put, 0, HTTP_LIGHT,
	 NULL,
	 "indicator:str{1,31}!,unit:str{1,31}!,period:period{,15}!,value:amount!,estimate:bool,"
	 "reason:str{,255},comment:str{,255},expected:obj",
	 "Nhập hoặc sửa một số liệu (trả lời inserted / updated / unchanged); quy tắc cảnh báo cần ghi chú (comment); expected: số liệu đã đọc,"
	 " đã đổi thì 409",
	 "result:str,value:obj"},
	{"GET", "/api/values/history", HTTP_LOGIN, api_value_history, 0, HTTP_LIGHT,
	 "indicator:str!,unit:str!,period:period!", NULL,
	 "Lịch sử thay đổi của một số liệu",
	 "items:arr,total:int,approval:arr"},
	/* -- section: bulk (dataValueSets) -- */
	{"POST", "/api/dataValueSets", HTTP_LOGIN, api_bulk_datavalues, HTTP_BODY_BULK_MAX, HTTP_HEAVY,
	 "dryRun:enum(true|false|1|0),comment:str,idScheme:str,dataElementIdScheme:str,"
	 "orgUnitIdScheme:str,importStrategy:str,atomicMode:str",
	 "@application/json,text/csv,application/csv,application/xml,application/adx+xml",
	 "Nhập hàng loạt số liệu (JSON hoặc CSV, như DHIS2): tất cả hoặc không gì cả,"
	 " trả về bản tổng kết",
	 "httpStatus:str,httpStatusCode:int,status:str,dryRun:bool,response:obj"},
	{"GET", "/api/dataValueSets", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement:str,orgUnit:str,children:enum(true|false),period:str,startDate:str,"
	 "endDate:str,lastUpdated:str,format:str,idScheme:str,dataElementIdScheme:str,"
	 "orgUnitIdScheme:str",
	 NULL,
	 "Xuất số liệu như DHIS2 (JSON,"
	 " CSV hoặc ADX theo format= hoặc Accept) của các đơn vị người dùng được xem",
	 "@application/json,text/csv,application/adx+xml,application/vnd.sdmx.data+csv"},
	{"GET", "/api/exchange/mapping", HTTP_ADMIN, api_xmap_list, 0, HTTP_LIGHT,
	 "kind:str", NULL,
	 "Bảng ánh xạ mã DHIS2 (orgUnit, dataElement + categoryOptionCombo) sang mã chitieu",
	 "mappings:arr"},
	{"PUT", "/api/exchange/mapping", HTTP_ADMIN, api_xmap_put, 0, HTTP_LIGHT,
	 NULL,
	 "kind:str{1,15}!,uid:str{1,63}!,categoryOptionCombo:str{,63},attributeOptionCombo:str{,63},"
	 "code:str{,63},name:str{,255},target:str{1,31}!",
	 "Ghi một dòng ánh xạ DHIS2: orgUnit -> đơn vị,"
	 " dataElement (+ categoryOptionCombo) -> chỉ tiêu",
	 "kind:str,uid:str,categoryOptionCombo:str,attributeOptionCombo:str,code:str,name:str,"
	 "target:str,changed_by:str,changed_at:int"},
	{"DELETE", "/api/exchange/mapping", HTTP_ADMIN, api_xmap_delete, 0, HTTP_LIGHT,
	 "kind:str,uid:str,categoryOptionCombo:str,attributeOptionCombo:str", NULL,
	 "Xóa một dòng ánh xạ DHIS2",
	 "deleted:bool"},
	{"POST", "/api/exchange/metadata", HTTP_ADMIN, api_meta_import, API_META_BODY_MAX, HTTP_HEAVY,
	 "dryRun:enum(true|false|1|0),update:enum(true|false|1|0),sector:str,maxLevel:int{1,32}",
	 "@application/json",
	 "Nhập metadata DHIS2 thành đơn vị, chỉ tiêu, ánh xạ; chạy thử trừ khi dryRun=false",
	 "status:str,dryRun:bool,written:bool,stats:obj,units:obj,indicators:obj,mappings:obj,"
	 "objects:arr"},
	{"GET", "/api/dataValueSets.json", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement:str,orgUnit:str,children:enum(true|false),period:str,startDate:str,"
	 "endDate:str,lastUpdated:str,idScheme:str,dataElementIdScheme:str,orgUnitIdScheme:str",
	 NULL,
	 "Như GET /api/dataValueSets, luôn ra JSON",
	 "dataValues:arr"},
	{"GET", "/api/dataValueSets.csv", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement:str,orgUnit:str,children:enum(true|false),period:str,startDate:str,"
	 "endDate:str,lastUpdated:str,idScheme:str,dataElementIdScheme:str,orgUnitIdScheme:str",
	 NULL,
	 "Như GET /api/dataValueSets, luôn ra CSV với các cột của DHIS2",
	 "@text/csv"},
	{"GET", "/api/dataValueSets.adx", HTTP_LOGIN, api_dvs_export, 0, HTTP_HEAVY,
	 "dataElement:str,orgUnit:str,children:enum(true|false),period:str,startDate:str,"
	 "endDate:str,lastUpdated:str,idScheme:str,dataElementIdScheme:str,orgUnitIdScheme:str",
	 NULL,
	 "Như GET /api/dataValueSets, luôn ra ADX (application/adx+xml)",
	 "@application/adx+xml"},
	/* -- end section: bulk -- */
	/* -- section: catalogue, targets, users (admin) -- */
	{"GET", "/api/agencies", HTTP_LOGIN, api_agencies_list, 0, HTTP_LIGHT,
	 "limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Danh sách cơ quan",
	 "items:arr,total:int,limit:int,offset:int"},
	{"POST", "/api/agencies", HTTP_ADMIN, api_agency_post, 0, HTTP_LIGHT,
	 NULL, "code:str{1,31}!,name:str{1,255}!",
	 "Thêm một cơ quan",
	 "201 code:str,name:str"},
	{"PUT", "/api/agencies/{code}", HTTP_ADMIN, api_agency_put, 0, HTTP_LIGHT,
	 NULL, "name:str{1,255}!",
	 "Sửa tên một cơ quan",
	 "code:str,name:str"},
	{"POST", "/api/units", HTTP_ADMIN, api_unit_post, 0, HTTP_LIGHT,
	 NULL,
	 "code:str{,31},name:str{,255},type:str{,63},parent:str{,31},valid_from:date{,31},"
	 "valid_to:date{,31}",
	 "Thêm một đơn vị hành chính (ngày hiệu lực yyyy-mm-dd)",
	 "201 code:str,name:str,type:str,type_label:str,parent:str,valid_from,valid_to"},
	{"PUT", "/api/units/{code}", HTTP_ADMIN, api_unit_put, 0, HTTP_LIGHT,
	 NULL,
	 "code:str{,31},name:str{,255},type:str{,63},parent:str{,31},valid_from:date{,31},"
	 "valid_to:date{,31}",
	 "Sửa một đơn vị hành chính (không đổi được mã)",
	 "code:str,name:str,type:str,type_label:str,parent:str,valid_from,valid_to"},
	{"GET", "/api/units/{code}/links", HTTP_LOGIN, api_unit_links_get, 0, HTTP_LIGHT,
	 "limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Các liên kết sáp nhập của một đơn vị (tiền thân và kế thừa)",
	 "items:arr,total:int,limit:int,offset:int"},
	{"POST", "/api/units/{code}/links", HTTP_ADMIN, api_unit_link_post, 0, HTTP_LIGHT,
	 NULL, "from:str{1,31}!,date:date{1,31}!",
	 "Ghi nhận đơn vị được hình thành (một phần) từ đơn vị khác vào một ngày",
	 "201"},
	{"POST", "/api/indicators", HTTP_ADMIN, api_indicator_post, 0, HTTP_LIGHT,
	 NULL,
	 "code:str{,31},name:str{,255},name_en:str{,255},uom:str{,47},uom_scale:int{0,18},"
	 "decimals:int{0,4},sector:str{,63},kind:str{,63},direction:str{,63},rollup:str{,63},"
	 "frequency:str{,63},agency:str{,31},numerator:str{,31},denominator:str{,31},"
	 "ratio_scale:int{1,1000000},weight:str{,31},sort_order:int{0,1000000},value_type:str{,63},"
	 "min:amount,max:amount,synonyms:str{,511}",
	 "Thêm một chỉ tiêu vào danh mục",
	 "201 code:str,name:str,name_en:str,synonyms:str,uom:str,uom_scale:int,decimals:int,"
	 "sector:str,kind:str,direction:str,rollup:str,frequency:str,agency,numerator,denominator,"
	 "weight,sort_order:int,value_type:str,min,max,nonnegative:bool"},
	{"PUT", "/api/indicators/{code}", HTTP_ADMIN, api_indicator_put, 0, HTTP_LIGHT,
	 NULL,
	 "code:str{,31},name:str{,255},name_en:str{,255},uom:str{,47},uom_scale:int{0,18},"
	 "decimals:int{0,4},sector:str{,63},kind:str{,63},direction:str{,63},rollup:str{,63},"
	 "frequency:str{,63},agency:str{,31},numerator:str{,31},denominator:str{,31},"
	 "ratio_scale:int{1,1000000},weight:str{,31},sort_order:int{0,1000000},value_type:str{,63},"
	 "min:amount,max:amount,synonyms:str{,511}",
	 "Sửa một chỉ tiêu (không đổi được mã)",
	 "code:str,name:str,name_en:str,synonyms:str,uom:str,uom_scale:int,decimals:int,sector:str,"
	 "kind:str,direction:str,rollup:str,frequency:str,agency,numerator,denominator,weight,"
	 "sort_order:int,value_type:str,min,max,nonnegative:bool"},
	{"GET", "/api/rules", HTTP_LOGIN, api_rules_list, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Quy tắc kiểm tra giữa các chỉ tiêu cùng đơn vị, cùng kỳ (vế trái, phép so sánh, vế phải,"
	 " mức độ)",
	 "items:arr,total:int"},
	{"GET", "/api/rules/{code}", HTTP_LOGIN, api_rule_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Một quy tắc kiểm tra",
	 "code:str,name:str,left:str,op:str,right:str,importance:str,importance_label:str"},
	{"POST", "/api/rules", HTTP_ADMIN, api_rule_post, 0, HTTP_LIGHT,
	 NULL,
	 "code:str{,31},name:str{,255},left:str{,255},op:str{,15},right:str{,255},importance:str{,"
	 "31}",
	 "Thêm một quy tắc kiểm tra giữa các chỉ tiêu (error: từ chối số liệu; warning: cần ghi chú)",
	 "201 code:str,name:str,left:str,op:str,right:str,importance:str,importance_label:str"},
	{"PUT", "/api/rules/{code}", HTTP_ADMIN, api_rule_put, 0, HTTP_LIGHT,
	 NULL,
	 "code:str{,31},name:str{,255},left:str{,255},op:str{,15},right:str{,255},importance:str{,"
	 "31}",
	 "Sửa một quy tắc kiểm tra (không đổi được mã)",
	 "code:str,name:str,left:str,op:str,right:str,importance:str,importance_label:str"},
	{"DELETE", "/api/rules/{code}", HTTP_ADMIN, api_rule_delete, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Xóa một quy tắc kiểm tra",
	 "result:str,code:str"},
	{"GET", "/api/sources", HTTP_LOGIN, api_sources_list, 0, HTTP_LIGHT,
	 "indicator:str", NULL,
	 "Nguồn số liệu của chỉ tiêu theo đơn vị hoặc cấp: số của đơn vị hay tổng hợp từ đơn vị trực thuộc",
	 "items:arr"},
	{"PUT", "/api/sources", HTTP_ADMIN, api_source_put, 0, HTTP_LIGHT,
	 NULL, "indicator:str{1,31}!,unit:str{,31},level:str{,31},source:str{1,15}!",
	 "Đặt nguồn số liệu của một chỉ tiêu tại một đơn vị hoặc một cấp (own, aggregated, default)",
	 "indicator:str,unit:str,level:str,source:str"},
	{"GET", "/api/targets", HTTP_LOGIN, api_targets_list, 0, HTTP_LIGHT,
	 "indicator:str,unit:str,year:int{1900,9999},limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Chỉ tiêu kế hoạch (năm, nhiệm kỳ) của các đơn vị người dùng được xem",
	 "items:arr,total:int,limit:int,offset:int"},
	{"PUT", "/api/targets", HTTP_ADMIN, api_target_put, 0, HTTP_LIGHT,
	 NULL,
	 "indicator:str{1,31}!,unit:str{1,31}!,year:int{1900,9999},year_from:int{1900,9999},"
	 "year_to:int{1900,9999},kind:str{,63},value:amount!,baseline:amount,total:amount,"
	 "source:str{,63},note:str{,255}",
	 "Đặt một chỉ tiêu kế hoạch (ghi lịch sử với người sửa)",
	 "result:str,target:obj"},
	{"DELETE", "/api/targets", HTTP_ADMIN, api_target_delete, 0, HTTP_LIGHT,
	 "indicator:str!,unit:str!,year:int{1900,9999},year_from:int{1900,9999},year_to:int{1900,"
	 "9999},source:str",
	 NULL,
	 "Xóa một chỉ tiêu kế hoạch (ghi lịch sử)",
	 "result:str,target:obj"},
	{"GET", "/api/targets/history", HTTP_LOGIN, api_target_history, 0, HTTP_LIGHT,
	 "indicator:str!,unit:str!,year:int{1900,9999},year_from:int{1900,9999},year_to:int{1900,"
	 "9999}",
	 NULL,
	 "Lịch sử thay đổi chỉ tiêu kế hoạch",
	 "items:arr,total:int"},
	{"DELETE", "/api/values", HTTP_LOGIN, api_value_delete, 0, HTTP_LIGHT,
	 "indicator:str!,unit:str!,period:period!,reason:str", NULL,
	 "Xóa một số liệu (giữ trong lịch sử)",
	 "result:str,value:obj"},
	{"POST", "/api/password", HTTP_LOGIN, api_password_post, 0, HTTP_LIGHT,
	 NULL, "old:str{1,1024}!,new:str{1,1024}!",
	 "Đổi mật khẩu của mình (giữ phiên này, kết thúc các phiên khác)",
	 "result:str,other_sessions_ended:bool"},
	{"GET", "/api/tokens", HTTP_LOGIN, api_tokens_list, 0, HTTP_LIGHT,
	 "limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Mã truy cập API của mình",
	 "items:arr,total:int,limit:int,offset:int"},
	{"POST", "/api/tokens", HTTP_LOGIN, api_token_post, 0, HTTP_LIGHT,
	 NULL, "name:str{1,64}!,days:int{1,365}",
	 "Tạo mã truy cập API (trả về mã một lần duy nhất)",
	 "201 name:str,token:str,expires_at:int"},
	{"DELETE", "/api/tokens/{name}", HTTP_LOGIN, api_token_delete, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Thu hồi một mã truy cập API",
	 "result:str,name:str"},
	{"GET", "/api/users", HTTP_ADMIN, api_users_list, 0, HTTP_LIGHT,
	 "limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Danh sách người dùng",
	 "items:arr,total:int,limit:int,offset:int"},
	{"POST", "/api/users", HTTP_ADMIN, api_user_post, 0, HTTP_LIGHT,
	 NULL,
	 "login:str{,63},name:str{,255},role:str{,31},agency:str{,31},view:codes{,200},enter:codes{,"
	 "200},active:bool",
	 "Tạo người dùng (trả về mật khẩu sinh ngẫu nhiên một lần duy nhất)",
	 "201 user:obj,password:str"},
	{"PUT", "/api/users/{login}", HTTP_ADMIN, api_user_put, 0, HTTP_LIGHT,
	 NULL,
	 "login:str{,63},name:str{,255},role:str{,31},agency:str{,31},view:codes{,200},enter:codes{,"
	 "200},active:bool",
	 "Sửa người dùng: họ tên, vai trò, cơ quan, phạm vi đơn vị, khóa/mở",
	 "login:str,name:str,role:str,role_label:str,agency,email:str,active:bool,created_at:int,"
	 "view:arr,enter:arr"},
	/* -- end section: admin -- */
	/* -- section: period locks -- */
	{"GET", "/api/locks", HTTP_LOGIN, api_lock_status, 0, HTTP_LIGHT,
	 "unit:str!,period:period!", NULL,
	 "Kỳ của một đơn vị còn mở nhập hay đã khóa: hạn báo cáo, hạn khóa, lần mở lại",
	 "unit:str,period:str,label:str,enabled:bool,due:str,deadline:str,closed:bool,"
	 "past_deadline:bool,closed_by_hand:bool,reopened:bool"},
	{"POST", "/api/locks/reopen", HTTP_ADMIN, api_lock_reopen, 0, HTTP_LIGHT,
	 NULL, "unit:str{1,31}!,period:period{,15}!,until:date{,15},reason:str{1,255}!",
	 "Mở lại một kỳ đã khóa cho một đơn vị (và các đơn vị trực thuộc) đến một ngày",
	 "id:int,status:obj"},
	{"GET", "/api/approval", HTTP_LOGIN, api_approval_get, 0, HTTP_LIGHT,
	 "unit:str!,period:period!,agency:str", NULL,
	 "Trạng thái duyệt số liệu một tháng của một đơn vị (hoặc phần của một cơ quan) và các bước đã qua",
	 "unit:str,period:str,agency,state:str,label:str,locked:bool,by,at,comment,events:arr"},
	{"POST", "/api/approval/submit", HTTP_LOGIN, api_approval_submit, 0, HTTP_LIGHT,
	 NULL, "unit:str{1,31}!,period:period{,15}!,comment:str{,255},agency:str{,31}",
	 "Đơn vị nộp số liệu một tháng lên cấp trên (lỗi kiểm tra chặn lại)",
	 "unit:str,period:str,agency,state:str,label:str,locked:bool,by,at,comment,events:arr"},
	{"POST", "/api/approval/approve", HTTP_LOGIN, api_approval_approve, 0, HTTP_LIGHT,
	 NULL, "unit:str{1,31}!,period:period{,15}!,comment:str{,255},agency:str{,31}",
	 "Cấp trên trực tiếp duyệt số liệu đã nộp",
	 "unit:str,period:str,agency,state:str,label:str,locked:bool,by,at,comment,events:arr"},
	{"POST", "/api/approval/return", HTTP_LOGIN, api_approval_return, 0, HTTP_LIGHT,
	 NULL, "unit:str{1,31}!,period:period{,15}!,comment:str{,255},agency:str{,31}",
	 "Cấp trên trả lại số liệu đã nộp hoặc đã duyệt, có lý do",
	 "unit:str,period:str,agency,state:str,label:str,locked:bool,by,at,comment,events:arr"},
	{"POST", "/api/approval/accept", HTTP_LOGIN, api_approval_accept, 0, HTTP_LIGHT,
	 NULL, "unit:str{1,31}!,period:period{,15}!,comment:str{,255},agency:str{,31}",
	 "Cấp trên hai cấp chấp nhận số liệu đã duyệt",
	 "unit:str,period:str,agency,state:str,label:str,locked:bool,by,at,comment,events:arr"},
	{"GET", "/api/approval/children", HTTP_LOGIN, api_approval_children, 0, HTTP_LIGHT,
	 "unit:str!,period:period!", NULL,
	 "Trạng thái duyệt số liệu một tháng của từng đơn vị trực thuộc (bảng điều khiển của cấp trên)",
	 "unit:str,period:str,final:int,children:arr"},
	{"GET", "/api/approval/config", HTTP_LOGIN, api_approval_config_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Loại đơn vị nào phải được cấp trên hai cấp chấp nhận số liệu đã duyệt",
	 "accept:arr,labels:arr"},
	{"PUT", "/api/approval/config", HTTP_ADMIN, api_approval_config_put, 0, HTTP_LIGHT,
	 NULL, "accept:str{1,255}!",
	 "Sửa danh sách loại đơn vị phải được chấp nhận số liệu (\"ward,commune\" hoặc \"none\")",
	 "accept:arr,labels:arr"},
	{"GET", "/api/validation", HTTP_LOGIN, api_validation, 0, HTTP_LIGHT,
	 "unit:str!,period:period!", NULL,
	 "Kiểm tra số liệu một kỳ của đơn vị và các đơn vị trực thuộc: vượt giới hạn (lỗi),"
	 " quy tắc giữa chỉ tiêu, khác xa các năm trước (cảnh báo)",
	 "unit:str,period:str,units:int,values:int,errors:int,warnings:int,items:arr"},
	{"GET", "/api/completeness", HTTP_LOGIN, api_completeness, 0, HTTP_LIGHT,
	 "unit:str!,year:int{1900,9999}", NULL,
	 "Đơn vị trực thuộc nào đã gửi đủ số liệu từng tháng, đúng hạn hay muộn; tỷ lệ gửi đúng hạn",
	 "unit:str,year:int,today:str,months:arr,units:arr"},
	{"GET", "/api/period/default", HTTP_LOGIN, api_period_default, 0, HTTP_LIGHT,
	 "unit:str!", NULL,
	 "Tháng mặc định của một đơn vị: tháng gần nhất có số liệu hoặc còn mở nhập,"
	 " không bao giờ là tháng đã khóa mà trống",
	 "unit:str,period:str,label:str,reason:str,usual:str,skipped:int"},
	{"POST", "/api/locks/close", HTTP_ADMIN, api_lock_close, 0, HTTP_LIGHT,
	 NULL, "unit:str{1,31}!,period:period{,15}!,reason:str{1,255}!",
	 "Khóa sổ một kỳ cho một đơn vị (và các đơn vị trực thuộc), trước hoặc sau hạn",
	 "id:int,status:obj"},
	{"GET", "/api/locks/config", HTTP_ADMIN, api_lock_config_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Thiết lập khóa kỳ: lịch báo cáo, số ngày gia hạn, bật/tắt",
	 "enabled:bool,cutoff_day:int,due_day:int,due_months_after:int,grace_days:int"},
	{"PUT", "/api/locks/config", HTTP_ADMIN, api_lock_config_put, 0, HTTP_LIGHT,
	 NULL, "enabled:bool,cutoff_day:amount,due_day:amount,due_months_after:amount,grace_days:amount",
	 "Sửa thiết lập khóa kỳ (các trường không gửi giữ nguyên)",
	 "enabled:bool,cutoff_day:int,due_day:int,due_months_after:int,grace_days:int"},
	/* -- end section: locks -- */
	/* -- section: meetings and tasks -- */
	{"GET", "/api/meetings", HTTP_LOGIN, api_meetings_list, 0, HTTP_LIGHT,
	 "unit:str,kind:str,from:date,to:date,limit:int{1,1000},offset:int{0,1000000000}", NULL,
	 "Các cuộc họp của những đơn vị người dùng được xem (mới nhất trước)",
	 "items:arr,total:int,limit:int,offset:int"},
	{"POST", "/api/meetings", HTTP_LOGIN, api_meeting_post, API_MEETING_BODY_MAX, HTTP_LIGHT,
	 NULL,
	 "kind:str{,15},title:str{,511},date:date{,15},time:str{,7},unit:str{,31},chair:str{,255},"
	 "attendees:str{,8191},units:codes{,64},period:str{,15},indicators:codes{,128},"
	 "conclusions:str{,8191},notice_no:str{,63}",
	 "Tạo một cuộc họp (quản trị viên, lãnh đạo của đơn vị chủ trì họp)",
	 "201 id:int,kind:str,kind_label:str,title:str,date:str,time,unit:str,unit_name:str,"
	 "chair:str,attendees:str,units:arr,period,period_label,indicators:arr,conclusions:str,"
	 "notice_no,created_by:str,created_at:int"},
	{"GET", "/api/meetings/{id}", HTTP_LOGIN, api_meeting_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Một cuộc họp và các nhiệm vụ được giao tại đó",
	 "id:int,kind:str,kind_label:str,title:str,date:str,time,unit:str,unit_name:str,chair:str,"
	 "attendees:str,units:arr,period,period_label,indicators:arr,conclusions:str,notice_no,"
	 "created_by:str,created_at:int,tasks:arr"},
	{"PUT", "/api/meetings/{id}", HTTP_LOGIN, api_meeting_put, API_MEETING_BODY_MAX, HTTP_LIGHT,
	 NULL,
	 "kind:str{,15},title:str{,511},date:date{,15},time:str{,7},unit:str{,31},chair:str{,255},"
	 "attendees:str{,8191},units:codes{,64},period:str{,15},indicators:codes{,128},"
	 "conclusions:str{,8191},notice_no:str{,63}",
	 "Sửa một cuộc họp (các trường không gửi giữ nguyên)",
	 "id:int,kind:str,kind_label:str,title:str,date:str,time,unit:str,unit_name:str,chair:str,"
	 "attendees:str,units:arr,period,period_label,indicators:arr,conclusions:str,notice_no,"
	 "created_by:str,created_at:int"},
	{"DELETE", "/api/meetings/{id}", HTTP_LOGIN, api_meeting_delete, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Xóa một cuộc họp chưa giao nhiệm vụ nào",
	 "deleted:int"},
	{"GET", "/api/meetings/{id}/notice", HTTP_LOGIN, api_meeting_notice, 0, HTTP_HEAVY,
	 "format:enum(text|markdown|html|docx|pdf)", NULL,
	 "Thông báo kết luận cuộc họp (text, markdown, html, docx hoặc pdf)",
	 "@text/plain,text/markdown,text/html,"
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf"},
	{"GET", "/api/meetings/{id}/agenda", HTTP_LOGIN, api_meeting_agenda, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Nhiệm vụ còn mở,"
	 " quá hạn từ các cuộc họp cùng loại trước đó của đơn vị (đầu chương trình họp)",
	 "meeting:obj,today:str,items:arr,open:int,overdue:int"},
	{"GET", "/api/tasks", HTTP_LOGIN, api_tasks_list, 0, HTTP_LIGHT,
	 "unit:str,agency:str,role:str,meeting:int{1,2000000000},status:str,due_within:int{0,3660},"
	 "indicator:str,open:enum(true|false|1|0),limit:int{1,1000},offset:int{0,1000000000}",
	 NULL,
	 "Nhiệm vụ người dùng được xem, quá hạn trước; lọc theo đơn vị, cơ quan, vai trò, cuộc họp,"
	 " trạng thái",
	 "items:arr,total:int,limit:int,offset:int,today:str"},
	{"POST", "/api/tasks", HTTP_LOGIN, api_task_post, 0, HTTP_LIGHT,
	 NULL,
	 "content:str{,2047},lead_unit:str{,31},lead_agency:str{,31},coord_units:codes{,32},"
	 "coord_agencies:codes{,32},due:date{,31},indicators:codes{,16},priority:str{,15},"
	 "meeting:int{1,2000000000},owner_unit:str{,31},assigned_on:date{,15}",
	 "Giao một nhiệm vụ (quản trị viên, lãnh đạo của đơn vị giao việc)",
	 "201 id:int,content:str,owner_unit:str,lead_unit,lead_agency,lead:str,lead_name:str,"
	 "coord_units:arr,coord_agencies:arr,meeting,assigned_by:str,assigned_on:str,due:str,"
	 "due_text:str,due_period:str,due_original:str,extended:bool,indicators:arr,priority:str,"
	 "priority_label:str,state:str,done_on,percent:int,status:str,status_label:str,"
	 "days_left:int,created_at:int,updated_at:int"},
	{"GET", "/api/tasks/stats", HTTP_LOGIN, api_task_stats, 0, HTTP_LIGHT,
	 "unit:str!,period:period!", NULL,
	 "Thống kê nhiệm vụ theo đơn vị chủ trì trong một kỳ: đúng hạn, quá hạn, tỷ lệ đúng hạn",
	 "unit:str,period:str,period_label:str,as_of:str,items:arr,summary:obj"},
	{"GET", "/api/tasks/due", HTTP_LOGIN, api_task_due, 0, HTTP_LIGHT,
	 "days:int{0,366}", NULL,
	 "Nhiệm vụ của người dùng: quá hạn và sắp đến hạn trong N ngày",
	 "today:str,days:int,items:arr,overdue:int,due_soon:int"},
	{"GET", "/api/tasks/{id}", HTTP_LOGIN, api_task_get, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Một nhiệm vụ với báo cáo tiến độ và lịch sử",
	 "id:int,content:str,owner_unit:str,lead_unit,lead_agency,lead:str,lead_name:str,"
	 "coord_units:arr,coord_agencies:arr,meeting,assigned_by:str,assigned_on:str,due:str,"
	 "due_text:str,due_period:str,due_original:str,extended:bool,indicators:arr,priority:str,"
	 "priority_label:str,state:str,done_on,percent:int,status:str,status_label:str,"
	 "days_left:int,created_at:int,updated_at:int,progress:arr,history:arr"},
	{"PUT", "/api/tasks/{id}", HTTP_LOGIN, api_task_put, 0, HTTP_LIGHT,
	 NULL,
	 "content:str{,2047},lead_unit:str{,31},lead_agency:str{,31},coord_units:codes{,32},"
	 "coord_agencies:codes{,32},due:date{,31},indicators:codes{,16},priority:str{,15}",
	 "Sửa một nhiệm vụ (người giao hoặc quản trị viên; gia hạn dùng /extend)",
	 "id:int,content:str,owner_unit:str,lead_unit,lead_agency,lead:str,lead_name:str,"
	 "coord_units:arr,coord_agencies:arr,meeting,assigned_by:str,assigned_on:str,due:str,"
	 "due_text:str,due_period:str,due_original:str,extended:bool,indicators:arr,priority:str,"
	 "priority_label:str,state:str,done_on,percent:int,status:str,status_label:str,"
	 "days_left:int,created_at:int,updated_at:int"},
	{"POST", "/api/tasks/{id}/extend", HTTP_LOGIN, api_task_extend, 0, HTTP_LIGHT,
	 NULL, "due:date{1,31}!,reason:str{1,511}!",
	 "Gia hạn một nhiệm vụ, có lý do (người giao hoặc quản trị viên)",
	 "id:int,content:str,owner_unit:str,lead_unit,lead_agency,lead:str,lead_name:str,"
	 "coord_units:arr,coord_agencies:arr,meeting,assigned_by:str,assigned_on:str,due:str,"
	 "due_text:str,due_period:str,due_original:str,extended:bool,indicators:arr,priority:str,"
	 "priority_label:str,state:str,done_on,percent:int,status:str,status_label:str,"
	 "days_left:int,created_at:int,updated_at:int"},
	{"POST", "/api/tasks/{id}/cancel", HTTP_LOGIN, api_task_cancel, 0, HTTP_LIGHT,
	 NULL, "reason:str{1,511}!",
	 "Hủy một nhiệm vụ, có lý do (người giao hoặc quản trị viên)",
	 "id:int,content:str,owner_unit:str,lead_unit,lead_agency,lead:str,lead_name:str,"
	 "coord_units:arr,coord_agencies:arr,meeting,assigned_by:str,assigned_on:str,due:str,"
	 "due_text:str,due_period:str,due_original:str,extended:bool,indicators:arr,priority:str,"
	 "priority_label:str,state:str,done_on,percent:int,status:str,status_label:str,"
	 "days_left:int,created_at:int,updated_at:int"},
	{"POST", "/api/tasks/{id}/reopen", HTTP_LOGIN, api_task_reopen, 0, HTTP_LIGHT,
	 NULL, "reason:str{1,511}!",
	 "Mở lại một nhiệm vụ đã báo hoàn thành, có lý do (người giao hoặc quản trị viên)",
	 "id:int,content:str,owner_unit:str,lead_unit,lead_agency,lead:str,lead_name:str,"
	 "coord_units:arr,coord_agencies:arr,meeting,assigned_by:str,assigned_on:str,due:str,"
	 "due_text:str,due_period:str,due_original:str,extended:bool,indicators:arr,priority:str,"
	 "priority_label:str,state:str,done_on,percent:int,status:str,status_label:str,"
	 "days_left:int,created_at:int,updated_at:int"},
	{"POST", "/api/tasks/{id}/progress", HTTP_LOGIN, api_task_progress, API_TASK_PROGRESS_BODY_MAX, HTTP_LIGHT,
	 NULL,
	 "text:str{1,4095}!,percent:int{0,100}!,date:date{,15},done:bool,attachment_name:str{,127},"
	 "attachment_type:str{,63},attachment_base64:str",
	 "Báo cáo tiến độ của đơn vị chủ trì (tệp đính kèm base64, tối đa 4 MiB)",
	 "201 progress:obj"},
	{"GET", "/api/tasks/{id}/progress/{pid}/attachment", HTTP_LOGIN, api_task_attachment, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Tệp đính kèm của một báo cáo tiến độ",
	 "@application/octet-stream"},
	/* -- end section: meetings and tasks -- */
	/* -- section: targets bulk import (web plans page) -- */
	{"POST", "/api/targets/bulk", HTTP_ADMIN, api_targets_bulk, API_TARGETS_BULK_BODY_MAX, HTTP_HEAVY,
	 "dryRun:enum(true|false|1|0)", "@application/json,text/csv",
	 "Nhập hàng loạt chỉ tiêu kế hoạch (mảng JSON hoặc CSV): kiểm tra mọi dòng trước,"
	 " tất cả hoặc không gì cả",
	 "status:str,dryRun:bool,conflicts:arr"},
	/* -- end section: targets bulk -- */
	/* -- section: what is due (web due page) -- */
	{"GET", "/api/due", HTTP_LOGIN, api_due, 0, HTTP_LIGHT,
	 "days:int{0,366},months:int{0,24},limit:int{1,1000}", NULL,
	 "Việc nhập số liệu của người dùng: các kỳ chưa có số liệu sắp đến hạn hoặc đã quá hạn",
	 "today:str,since:str,until:str,total:int,late:int,due:int,truncated:bool,items:arr"},
	/* -- end section: due -- */
	/* -- section: sheets (Excel/CSV templates and import, issue #6) -- */
	{"GET", "/api/sheet/template", HTTP_LOGIN, api_sheet_template, 0, HTTP_HEAVY,
	 "unit:str!,period:period!,kind:str,format:str", NULL,
	 "Biểu Excel (hoặc CSV) để điền số liệu hoặc kế hoạch của một đơn vị trong một kỳ",
	 "@application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"},
	{"POST", "/api/sheet/import", HTTP_LOGIN, api_sheet_import, API_SHEET_BODY_MAX, HTTP_HEAVY,
	 "dryRun:enum(true|false|1|0),kind:str,sheet:str,comment:str",
	 "@application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,"
	 "application/octet-stream",
	 "Nhập biểu Excel/CSV đã điền (nội dung yêu cầu là tệp): tất cả hoặc không gì cả,"
	 " trả về bản tổng kết",
	 "status:str,dryRun:bool,kind:str,sheet:str,importCount:obj,conflicts:arr"},
	/* -- section: reading figures from narrative reports (issue #19) -- */
	{"POST", "/api/extract", HTTP_LOGIN, api_extract, API_EXTRACT_BODY_MAX, HTTP_HEAVY,
	 "unit:str!,year:int{1900,9999}",
	 "@text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
	 "application/octet-stream",
	 "Đề xuất số liệu đọc từ báo cáo lời văn (.docx hoặc văn bản UTF-8); không ghi gì",
	 "proposals:arr"},
	{"POST", "/api/extract/import", HTTP_LOGIN, api_extract_import, HTTP_BODY_BULK_MAX, HTTP_HEAVY,
	 "dryRun:enum(true|false|1|0)", "file:str{1,199}!,rows:arr{1,100000}!",
	 "Nhập các số liệu đề xuất đã được người rà soát nhận (tất cả hoặc không gì)",
	 "status:str,dryRun:bool,importCount:obj,conflicts:arr"},
	{"GET", "/api/sheet/catalog", HTTP_LOGIN, api_sheet_catalog_get, 0, HTTP_HEAVY,
	 "format:str", NULL,
	 "Biểu danh mục (Excel hoặc CSV): các quy tắc kiểm tra giữa các chỉ tiêu,"
	 " và mã chỉ tiêu để tra",
	 "@application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"},
	{"POST", "/api/sheet/catalog", HTTP_ADMIN, api_sheet_catalog_post, API_SHEET_BODY_MAX, HTTP_HEAVY,
	 "dryRun:enum(true|false|1|0),replace:enum(true|false|1|0)",
	 "@application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,"
	 "application/octet-stream",
	 "Nhập biểu danh mục đã sửa (nội dung yêu cầu là tệp): quy tắc kiểm tra thành đúng như sheet,"
	 " tất cả hoặc không gì cả",
	 "status:str,dryRun:bool,conflicts:arr"},
	/* -- end section: sheets -- */
	/* -- section: report (issue #6) -- */
	{"GET", "/api/report", HTTP_LOGIN, api_report_get, 0, HTTP_HEAVY,
	 "unit:str!,period:period!,format:str,as_of:date,date:date,number:str{,64},place:str{,128},"
	 "approved:enum(1|0|true|false)",
	 NULL,
	 "Báo cáo tình hình kinh tế - xã hội của một đơn vị trong một kỳ (html, text, md, docx,"
	 " xlsx)",
	 "@text/html,text/plain,text/markdown,"
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
	 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"GET", "/api/report/templates", HTTP_ADMIN, api_report_templates_list, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Các mẫu câu của báo cáo: nội dung đang dùng, mặc định, các biến được dùng",
	 "items:arr"},
	{"PUT", "/api/report/templates/{key}", HTTP_ADMIN, api_report_template_put, 0, HTTP_LIGHT,
	 NULL, "body:str{,8191}",
	 "Sửa một mẫu câu của báo cáo (biến không được dùng bị từ chối)",
	 "key:str,body:str,edited:bool"},
	{"DELETE", "/api/report/templates/{key}", HTTP_ADMIN, api_report_template_delete, 0, HTTP_LIGHT,
	 NULL, NULL,
	 "Trả một mẫu câu của báo cáo về mặc định",
	 "key:str,body:str,edited:bool"},
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
