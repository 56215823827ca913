/*
 * demo_tasks.c - the meetings and tasks of the demo: the monthly briefings
 * (giao ban) of the Bắc Kạn city People's Committee from January to July
 * 2022, each with the chairman's conclusions and 3-6 tasks led by the
 * city's departments or its wards, followed to 15/07/2022: some done on
 * time, some late, some overdue and still open, one extended, one
 * cancelled, linked to the indicators they serve (budget revenue KT02,
 * retail sales KT01, OCOP KT04, ...).
 *
 * Deterministic: every stored time comes from the tables below through
 * store_set_now, never from the clock; running the demo again on a demo
 * database adds nothing. Not for: the catalogue or the figures (demo.c).
 */
#include "demo/demo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/task.h"
#include "core/task_ops.h"
#include "store/store.h"

#define DT_BY "demo"
#define DT_CHAIR "đồng chí Chủ tịch UBND thành phố"
#define DT_VICE "đồng chí Phó Chủ tịch UBND thành phố"
#define DT_ATTEND \
	"Các Phó Chủ tịch UBND thành phố; lãnh đạo các phòng, ban, ngành thành phố; Chủ tịch UBND " \
	"các phường, xã"
#define DT_WARDS "01834,01837,01840,01843,01846,01849,01852,01855"

typedef struct dt_meeting {
	const char *date, *time; /* "dd/mm/yyyy", "hh:mm" */
	const char *period;      /* reviewed period */
	const char *title, *chair, *inds, *notice;
	const char *conclusions;
} dt_meeting;

static const dt_meeting dt_meetings[] = {
	{"27/01/2022", "14:00", "202201", "Giao ban UBND thành phố tháng 1/2022", DT_CHAIR, "KT02,KT01",
	 "12/TB-UBND",
	 "Tháng 01/2022, tình hình kinh tế - xã hội của thành phố cơ bản ổn định; thu ngân sách nhà "
	 "nước trên địa bàn đạt khá so với dự toán; hàng hóa phục vụ Tết dồi dào, giá cả ổn định.\n\n"
	 "Các phòng, ban, ngành và UBND các phường, xã tập trung chuẩn bị tốt các điều kiện để Nhân "
	 "dân vui Xuân, đón Tết Nhâm Dần 2022 an toàn, tiết kiệm; thực hiện nghiêm các biện pháp phòng, "
	 "chống dịch COVID-19; bảo đảm an ninh trật tự, an toàn giao thông trước, trong và sau Tết."},
	{"24/02/2022", "14:00", "202202", "Giao ban UBND thành phố tháng 2/2022", DT_CHAIR, "KT02,KT19",
	 "35/TB-UBND",
	 "Sau Tết Nguyên đán, các cơ quan, đơn vị đã nhanh chóng ổn định, triển khai nhiệm vụ năm "
	 "2022. Thu ngân sách 02 tháng đạt thấp so với cùng kỳ do ảnh hưởng của dịch bệnh.\n\n"
	 "Yêu cầu giao dự toán thu chi tiết đến từng phường, xã; đôn đốc thu nợ đọng thuế; chỉ đạo sản "
	 "xuất vụ Xuân đúng khung thời vụ; tăng cường quản lý trật tự xây dựng đô thị."},
	{"30/03/2022", "08:00", "2022Q1", "Giao ban UBND thành phố tháng 3 và quý I/2022", DT_CHAIR,
	 "KT02,KT01,KT03,KT04", "58/TB-UBND",
	 "Quý I/2022, các chỉ tiêu kinh tế chủ yếu cơ bản đạt tiến độ; giá trị sản xuất công nghiệp "
	 "tăng nhẹ so với cùng kỳ; công tác giải quyết hồ sơ đất đai còn chậm, nhiều hồ sơ tồn đọng.\n\n"
	 "Các cơ quan chủ trì đẩy nhanh giải quyết thủ tục hành chính về đất đai; hướng dẫn các chủ "
	 "thể tham gia Chương trình OCOP năm 2022; hỗ trợ người lao động bị ảnh hưởng bởi dịch COVID-19."},
	{"28/04/2022", "14:00", "202204", "Giao ban UBND thành phố tháng 4/2022", DT_VICE, "KT02,VX03,MT02",
	 "80/TB-UBND",
	 "Tỷ lệ bao phủ bảo hiểm y tế còn thấp so với chỉ tiêu năm; công tác thu gom rác thải tại các "
	 "khu dân cư mới chưa kịp thời; tình hình tội phạm ma túy có diễn biến phức tạp.\n\n"
	 "Yêu cầu vận động Nhân dân tham gia bảo hiểm y tế hộ gia đình; mở đợt cao điểm tấn công, trấn "
	 "áp tội phạm ma túy; chuẩn bị tuyển sinh đầu cấp năm học 2022-2023."},
	{"30/05/2022", "14:00", "202205", "Giao ban UBND thành phố tháng 5/2022", DT_CHAIR,
	 "KT02,KT01,KT14", "101/TB-UBND",
	 "Tiến độ giải ngân vốn đầu tư công còn chậm; thu ngân sách 5 tháng chưa đạt tiến độ dự toán, "
	 "nhất là thu từ khu vực ngoài quốc doanh và thuế sử dụng đất phi nông nghiệp.\n\n"
	 "Các phòng, ban và UBND các phường, xã tập trung đôn đốc thu, chống thất thu ngân sách; tham "
	 "mưu điều chỉnh kế hoạch vốn đầu tư công; phát triển du lịch cộng đồng."},
	{"29/06/2022", "14:00", "2022S1", "Giao ban UBND thành phố tháng 6 và 6 tháng đầu năm 2022",
	 DT_CHAIR, "KT02,KT01,KT03,KT04", "125/TB-UBND",
	 "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng 6 tháng ước đạt 1.739,5 tỷ đồng, "
	 "bằng 50,58% kế hoạch, tăng 4,85% so với cùng kỳ; giá trị sản xuất công nghiệp 6 tháng ước đạt "
	 "145.244,67 triệu đồng, tăng 0,87%; 13 sản phẩm của 08 chủ thể đăng ký tham gia Chương trình "
	 "OCOP. Thu ngân sách nhà nước trên địa bàn đạt thấp so với dự toán.\n\n"
	 "Các cơ quan, đơn vị tập trung chỉ đạo quyết liệt các nhiệm vụ 6 tháng cuối năm, nhất là thu "
	 "ngân sách, giải phóng mặt bằng các dự án trọng điểm và vệ sinh môi trường đô thị."},
	{"14/07/2022", "08:00", "202206", "Giao ban UBND thành phố tháng 7/2022", DT_CHAIR, "KT02,KT14,VX03",
	 "",
	 "Nhiều nhiệm vụ giao tại các cuộc họp trước đã hoàn thành; một số nhiệm vụ còn chậm, quá hạn. "
	 "Các cơ quan chủ trì tập trung hoàn thành dứt điểm nhiệm vụ quá hạn, báo cáo kết quả trước kỳ "
	 "giao ban tháng 8/2022."},
};

typedef struct dt_task {
	int meeting;            /* index into dt_meetings */
	const char *lead;       /* a ward's code (digits) or an agency's */
	const char *coord;      /* comma list or NULL */
	const char *due;        /* a date or a period code */
	const char *inds;       /* comma list or NULL */
	task_priority prio;
	const char *content;
	/* What happened by 15/07/2022. */
	const char *done_on;    /* done that day, or NULL */
	int percent;            /* open: the latest progress report's percent (0: none) */
	const char *report_on;  /* open: the day of that report */
	const char *report;     /* the report's (or the done report's) text */
	const char *extend_to, *extend_on, *extend_reason;
	const char *cancel_on, *cancel_reason;
} dt_task;

#define N TASK_PRIO_NORMAL
#define H TASK_PRIO_HIGH
#define U TASK_PRIO_URGENT

static const dt_task dt_tasks[] = {
	/* January */
	{0, "VHTT", "01834,01837", "31/01/2022", NULL, N,
	 "Tổ chức các hoạt động văn hóa, văn nghệ, thể thao mừng Đảng, mừng Xuân Nhâm Dần 2022 bảo đảm "
	 "an toàn phòng, chống dịch COVID-19.",
	 "30/01/2022", 0, NULL, "Đã tổ chức chương trình văn nghệ và giải thể thao mừng Xuân.", NULL,
	 NULL, NULL, NULL, NULL},
	{0, "KT", "CA", "202201", "KT01", H,
	 "Kiểm tra, bình ổn giá cả thị trường, bảo đảm cung ứng hàng hóa thiết yếu dịp Tết Nguyên đán.",
	 "29/01/2022", 0, NULL, "Đã kiểm tra 46 cơ sở kinh doanh; giá cả ổn định, hàng hóa dồi dào.", NULL,
	 NULL, NULL, NULL, NULL},
	{0, "CA", NULL, "15/02/2022", "QP02", H,
	 "Tăng cường tuần tra, kiểm soát, bảo đảm an ninh trật tự, an toàn giao thông trước, trong và "
	 "sau Tết.",
	 "14/02/2022", 0, NULL, "Không để xảy ra tai nạn giao thông nghiêm trọng trong dịp Tết.", NULL,
	 NULL, NULL, NULL, NULL},
	{0, "YT", "01840,01849", "28/02/2022", "VX03", U,
	 "Triển khai tiêm vắc xin phòng COVID-19 mũi 3 cho người từ 18 tuổi trở lên.",
	 "04/03/2022", 0, NULL, "Đã tiêm mũi 3 cho 96% đối tượng; hoàn thành chậm do thiếu vắc xin.", NULL,
	 NULL, NULL, NULL, NULL},
	/* February */
	{1, "TCKH", "01837,01855", "202203", "KT02", H,
	 "Rà soát, giao dự toán thu ngân sách năm 2022 chi tiết đến từng phường, xã; đôn đốc thu nợ "
	 "đọng thuế.",
	 "25/03/2022", 0, NULL, "Đã giao dự toán thu cho 08 phường, xã; thu hồi 1,2 tỷ đồng nợ đọng.", NULL,
	 NULL, NULL, NULL, NULL},
	{1, "QLDT", NULL, "31/03/2022", NULL, N,
	 "Lập kế hoạch chỉnh trang đô thị, xử lý vi phạm trật tự xây dựng trên tuyến đường Trường Chinh.",
	 "12/04/2022", 0, NULL, "Đã ban hành kế hoạch; xử lý 07 trường hợp vi phạm.", NULL, NULL, NULL, NULL,
	 NULL},
	{1, "01852", "KT", "15/03/2022", "KT19", N,
	 "Chỉ đạo gieo cấy lúa vụ Xuân đúng khung thời vụ, bảo đảm diện tích kế hoạch.",
	 "15/03/2022", 0, NULL, "Đã gieo cấy xong 100% diện tích lúa vụ Xuân.", NULL, NULL, NULL, NULL, NULL},
	/* March */
	{2, "KT", "01846,01849", "202205", "KT04", N,
	 "Hướng dẫn các chủ thể hoàn thiện hồ sơ đăng ký đánh giá, phân hạng sản phẩm OCOP năm 2022.",
	 "27/05/2022", 0, NULL, "13 sản phẩm của 08 chủ thể đã nộp hồ sơ đánh giá, phân hạng.", NULL, NULL,
	 NULL, NULL, NULL},
	{2, "TNMT", "01840", "30/04/2022", "MT09", H,
	 "Đẩy nhanh tiến độ giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất tồn đọng.",
	 "10/05/2022", 0, NULL, "Đã giải quyết 152/160 hồ sơ tồn đọng; số còn lại chờ bổ sung giấy tờ.",
	 NULL, NULL, NULL, NULL, NULL},
	{2, "LDTBXH", NULL, "30/04/2022", NULL, N,
	 "Rà soát, hỗ trợ người lao động bị ảnh hưởng bởi dịch COVID-19 theo Nghị quyết 68/NQ-CP.",
	 "29/04/2022", 0, NULL, "Đã chi hỗ trợ cho 312 lao động.", NULL, NULL, NULL, NULL, NULL},
	{2, "01843", "TCKH", "30/04/2022", "KT02", N,
	 "Vận động các hộ kinh doanh trên địa bàn kê khai, nộp thuế đầy đủ, đúng hạn.",
	 "30/04/2022", 0, NULL, "100% hộ kinh doanh đã kê khai thuế.", NULL, NULL, NULL, NULL, NULL},
	/* April */
	{3, "YT", DT_WARDS, "2022", "VX03", H,
	 "Phối hợp Bảo hiểm xã hội tỉnh vận động người dân tham gia bảo hiểm y tế hộ gia đình, phấn đấu "
	 "đạt chỉ tiêu năm.",
	 NULL, 45, "12/07/2022", "Tỷ lệ bao phủ đạt 90,1%; tiếp tục vận động các hộ chưa tham gia.", NULL,
	 NULL, NULL, NULL, NULL},
	{3, "GDDT", NULL, "31/05/2022", NULL, N,
	 "Xây dựng phương án tuyển sinh đầu cấp năm học 2022-2023.",
	 "31/05/2022", 0, NULL, "Phương án tuyển sinh đã được UBND thành phố phê duyệt.", NULL, NULL, NULL,
	 NULL, NULL},
	{3, "QLDT", "01855", "202206", "MT02", H,
	 "Triển khai thu gom, xử lý rác thải sinh hoạt tại các khu dân cư mới.",
	 NULL, 70, "28/06/2022", "Đã bố trí điểm tập kết tại 05/07 khu dân cư mới.", NULL, NULL, NULL, NULL,
	 NULL},
	{3, "CA", NULL, "15/06/2022", "QP05", U,
	 "Mở đợt cao điểm tấn công, trấn áp tội phạm ma túy.",
	 "14/06/2022", 0, NULL, "Phát hiện, bắt giữ 09 vụ, 12 đối tượng.", NULL, NULL, NULL, NULL, NULL},
	/* May */
	{4, "TCKH", "QLDT", "30/06/2022", "KT14", U,
	 "Tham mưu điều chỉnh, bổ sung kế hoạch vốn đầu tư công năm 2022; đẩy nhanh tiến độ giải ngân.",
	 NULL, 60, "13/07/2022", "Đã trình phương án điều chỉnh vốn; giải ngân đạt 48% kế hoạch.",
	 "31/07/2022", "28/06/2022", "Chờ UBND tỉnh giao bổ sung vốn đầu tư công", NULL, NULL},
	{4, "01837", "TCKH", "30/06/2022", "KT02", H,
	 "Đôn đốc các hộ kinh doanh nộp thuế khoán, thuế sử dụng đất phi nông nghiệp.",
	 NULL, 80, "05/07/2022", "Đã thu 80% số thuế khoán; còn 14 hộ chưa nộp.", NULL, NULL, NULL, NULL,
	 NULL},
	{4, "KT", NULL, "202206", "KT01", N, "Tổ chức Phiên chợ hàng Việt về thành phố.",
	 NULL, 0, NULL, NULL, NULL, NULL, NULL, "10/06/2022",
	 "Tỉnh tổ chức phiên chợ chung; thành phố không tổ chức riêng"},
	{4, "VHTT", "01849", "31/07/2022", "KT15", N,
	 "Xây dựng kế hoạch phát triển du lịch cộng đồng tại xã Dương Quang.",
	 NULL, 30, "08/07/2022", "Đã khảo sát, lấy ý kiến các hộ làm dịch vụ homestay.", NULL, NULL, NULL,
	 NULL, NULL},
	/* June */
	{5, "TCKH", "VP", "10/07/2022", NULL, H,
	 "Xây dựng báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm, trình "
	 "HĐND thành phố tại kỳ họp giữa năm.",
	 "08/07/2022", 0, NULL, "Báo cáo đã gửi HĐND thành phố.", NULL, NULL, NULL, NULL, NULL},
	{5, "TCKH", "01837,01855,KT", "202207", "KT02", U,
	 "Rà soát các nguồn thu, đề xuất giải pháp chống thất thu ngân sách 6 tháng cuối năm.",
	 NULL, 40, "13/07/2022", "Đã rà soát nguồn thu khu vực ngoài quốc doanh.", NULL, NULL, NULL, NULL,
	 NULL},
	{5, "01855", "TNMT,QLDT", "10/07/2022", NULL, H,
	 "Hoàn thành giải phóng mặt bằng dự án đường tránh phía Tây thành phố.",
	 NULL, 50, "09/07/2022", "Đã bàn giao 50% mặt bằng; còn 06 hộ chưa nhận tiền bồi thường.", NULL,
	 NULL, NULL, NULL, NULL},
	{5, "KT", "01846", "2022Q3", "KT04", N,
	 "Hỗ trợ các chủ thể OCOP hoàn thiện bao bì, nhãn mác, truy xuất nguồn gốc sản phẩm.",
	 NULL, 20, "11/07/2022", "Đã làm việc với 05 chủ thể.", NULL, NULL, NULL, NULL, NULL},
	{5, "01840", "QLDT", "05/07/2022", "MT02", N,
	 "Ra quân tổng vệ sinh môi trường, xử lý các điểm tập kết rác tự phát.",
	 "07/07/2022", 0, NULL, "Đã xử lý 09 điểm tập kết rác tự phát.", NULL, NULL, NULL, NULL, NULL},
	{5, "01852", "KT", "20/07/2022", "KT19", N,
	 "Chỉ đạo gieo cấy lúa vụ Mùa đúng khung thời vụ.",
	 NULL, 60, "14/07/2022", "Đã gieo cấy 60% diện tích.", NULL, NULL, NULL, NULL, NULL},
	/* July */
	{6, "TCKH", "QLDT", "25/07/2022", "KT14", H,
	 "Báo cáo tiến độ giải ngân vốn đầu tư công, đề xuất điều chuyển vốn của các dự án chậm giải "
	 "ngân.",
	 NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{6, "01834", "YT", "202208", "VX03", N,
	 "Rà soát đối tượng chưa tham gia bảo hiểm y tế, vận động tham gia bảo hiểm y tế hộ gia đình.",
	 NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{6, "NV", NULL, "2022Q3", "CQ01", N,
	 "Rà soát, sắp xếp vị trí việc làm của công chức, viên chức các phòng, ban theo đề án được "
	 "duyệt.",
	 NULL, 10, "15/07/2022", "Đã rà soát 04/12 cơ quan.", NULL, NULL, NULL, NULL, NULL},
};

#undef N
#undef H
#undef U

/* Unix time of hh:00 in Hà Nội on day d. */
static int64_t at_vn(cdate d, int hour)
{
	return (int64_t)cdate_to_days(d) * 86400 + (int64_t)(hour - 7) * 3600;
}

static cdate day_of(const char *s)
{
	cdate d = {0, 0, 0};
	vn_parse_date(s, &d, NULL);
	return d;
}

/* Splits "a,b" into codes. */
static int codes_of(const char *list, char (*out)[CODE_MAX], int max, int *n)
{
	*n = 0;
	for (const char *p = list; p && *p && *n < max;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len >= CODE_MAX)
			return -1;
		memcpy(out[*n], p, len);
		out[(*n)++][len] = '\0';
		p = end ? end + 1 : p + len;
	}
	return 0;
}

static bool is_unit_code(const char *c)
{
	return (c[0] >= '0' && c[0] <= '9') || !strcmp(c, "DX2025") || !strcmp(c, "BK2025");
}

/* True when the demo's meetings are already there (a second run adds nothing). */
static int already_there(store *s, bool *yes, err *e)
{
	store_meeting_filter f;
	meeting *ms = NULL;
	size_t n = 0;
	memset(&f, 0, sizeof f);
	f.unit_code = DEMO_CITY;
	f.from = day_of("01/01/2022");
	f.to = day_of("31/12/2022");
	int rc = store_meeting_list(s, &f, &ms, &n, e);
	*yes = false;
	for (size_t i = 0; !rc && i < n; i++)
		if (!strcmp(ms[i].created_by, DT_BY))
			*yes = true;
	free(ms);
	return rc;
}

static int put_meeting(store *s, const dt_meeting *dm, int64_t *id, err *e)
{
	meeting *m = calloc(1, sizeof *m);
	int rc;
	if (!m)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo cuộc họp mẫu");
	m->kind = MEETING_MONTHLY;
	snprintf(m->title, sizeof m->title, "%s", dm->title);
	m->date = day_of(dm->date);
	int hh = 0, mm = 0;
	sscanf(dm->time, "%d:%d", &hh, &mm);
	m->time_min = hh * 60 + mm;
	snprintf(m->unit_code, sizeof m->unit_code, "%s", DEMO_CITY);
	snprintf(m->chair, sizeof m->chair, "%s", dm->chair);
	snprintf(m->attendees, sizeof m->attendees, "%s", DT_ATTEND);
	codes_of(DT_WARDS, m->units, MEETING_UNITS_MAX, &m->n_units);
	m->has_period = period_parse(dm->period, &m->period, NULL) == 0;
	codes_of(dm->inds, m->indicators, MEETING_INDICATORS_MAX, &m->n_indicators);
	snprintf(m->conclusions, sizeof m->conclusions, "%s", dm->conclusions);
	snprintf(m->notice_no, sizeof m->notice_no, "%s", dm->notice);
	snprintf(m->created_by, sizeof m->created_by, "%s", DT_BY);
	m->created_at = at_vn(m->date, 17);
	store_set_now(s, m->created_at);
	rc = meeting_put(s, m, e);
	*id = m->id;
	free(m);
	return rc ? err_prefix(e, "cuộc họp mẫu \"%s\": ", dm->title) : 0;
}

static int put_task(store *s, const dt_task *dt, int64_t meeting_id, cdate met, int *n_tasks, err *e)
{
	task *t = calloc(1, sizeof *t);
	task_progress *p = calloc(1, sizeof *p);
	char coord[2 * TASK_UNITS_MAX][CODE_MAX];
	int nc = 0, rc;
	if (!t || !p) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo nhiệm vụ mẫu");
		goto done;
	}
	snprintf(t->content, sizeof t->content, "%s", dt->content);
	snprintf(is_unit_code(dt->lead) ? t->lead_unit : t->lead_agency, CODE_MAX, "%s", dt->lead);
	codes_of(dt->coord, coord, 2 * TASK_UNITS_MAX, &nc);
	for (int i = 0; i < nc; i++) {
		char *dst = is_unit_code(coord[i]) ? t->coord_units[t->n_coord++]
						   : t->coord_agencies[t->n_coord_agencies++];
		if (snprintf(dst, CODE_MAX, "%s", coord[i]) >= CODE_MAX) {
			rc = err_set(e, ERR_INVALID, "nhiệm vụ mẫu: mã \"%s\" quá dài", coord[i]);
			goto done;
		}
	}
	codes_of(dt->inds, t->indicators, TASK_INDICATORS_MAX, &t->n_indicators);
	t->meeting_id = meeting_id;
	t->priority = dt->prio;
	snprintf(t->assigned_by, sizeof t->assigned_by, "%s", DT_BY);
	if ((rc = task_parse_due(dt->due, t, e)))
		goto done;
	t->created_at = at_vn(met, 17);
	store_set_now(s, t->created_at);
	if ((rc = task_put(s, t, e)))
		goto done;
	(*n_tasks)++;
	/* Extension before the progress report (it moved the deadline first). */
	if (dt->extend_to) {
		store_set_now(s, at_vn(day_of(dt->extend_on), 10));
		if ((rc = task_extend(s, t->id, day_of(dt->extend_to), dt->extend_reason, e)))
			goto done;
	}
	if (dt->cancel_on) {
		store_set_now(s, at_vn(day_of(dt->cancel_on), 10));
		rc = task_cancel(s, t->id, dt->cancel_reason, e);
		goto done;
	}
	if (dt->done_on || dt->percent) {
		p->task_id = t->id;
		snprintf(p->lead_code, sizeof p->lead_code, "%s", dt->lead);
		snprintf(p->text, sizeof p->text, "%s", dt->report);
		p->done = dt->done_on != NULL;
		p->percent = p->done ? 100 : dt->percent;
		p->date = day_of(p->done ? dt->done_on : dt->report_on);
		snprintf(p->by, sizeof p->by, "%s", DT_BY);
		store_set_now(s, at_vn(p->date, 16));
		rc = task_progress_add(s, p, NULL, 0, e);
	}
done:
	if (rc)
		err_prefix(e, "nhiệm vụ mẫu \"%.60s\": ", dt->content);
	free(t);
	free(p);
	return rc;
}

int demo_tasks_create(store *s, err *e)
{
	int64_t ids[sizeof dt_meetings / sizeof dt_meetings[0]];
	int n_tasks = 0, rc;
	bool there = false;
	if ((rc = already_there(s, &there, e)) || there)
		return rc;
	store_set_actor(s, DT_BY);
	for (size_t i = 0; i < sizeof dt_meetings / sizeof dt_meetings[0] && !rc; i++)
		rc = put_meeting(s, &dt_meetings[i], &ids[i], e);
	for (size_t i = 0; i < sizeof dt_tasks / sizeof dt_tasks[0] && !rc; i++)
		rc = put_task(s, &dt_tasks[i], ids[dt_tasks[i].meeting], day_of(dt_meetings[dt_tasks[i].meeting].date),
			      &n_tasks, e);
	store_set_now(s, 0);
	store_set_actor(s, NULL);
	return rc;
}

/* ---- today's briefing (the demo's second pass) ------------------------ */

#define TD_UNIT "19"
#define TD_WARDS "DX2025,BK2025"

/* d plus n days as "dd/mm/yyyy" into out[11]. */
static const char *day_str(cdate d, long n, char out[11])
{
	cdate x = cdate_from_days(cdate_to_days(d) + n);
	snprintf(out, 11, "%02d/%02d/%04d", x.d, x.m, x.y);
	return out;
}

int demo_tasks_today(store *s, cdate today, err *e)
{
	cdate met = cdate_from_days(cdate_to_days(today) - 5), first = {2025, 7, 8};
	if (cdate_cmp(met, first) < 0) /* the new wards' first weeks: nothing yet */
		return 0;
	/* already there: a demo briefing of the province on that day */
	store_meeting_filter f;
	meeting *ms = NULL, *m = NULL;
	size_t n = 0;
	memset(&f, 0, sizeof f);
	f.unit_code = TD_UNIT;
	f.from = met;
	f.to = met;
	int rc = store_meeting_list(s, &f, &ms, &n, e);
	for (size_t i = 0; !rc && i < n; i++)
		if (!strcmp(ms[i].created_by, DT_BY))
			n = 0, rc = -1;
	free(ms);
	if (rc)
		return rc < 0 ? 0 : rc;
	cdate prev = {today.m == 1 ? today.y - 1 : today.y, today.m == 1 ? 12 : today.m - 1, 1};
	char title[160], concl[1200], per[16], permonth[16], d1[11], d2[11], d3[11], d4[11], d5[11], d6[11], d7[11];
	snprintf(title, sizeof title, "Giao ban UBND tỉnh với các phường, xã tháng %d/%d", today.m, today.y);
	snprintf(per, sizeof per, "%04d%02d", prev.y, prev.m);
	snprintf(permonth, sizeof permonth, "%04d%02d", today.y, today.m);
	snprintf(concl, sizeof concl,
		 "Tháng %d/%d, tình hình kinh tế - xã hội trên địa bàn các phường cơ bản ổn định; thu ngân sách "
		 "đạt khá so với dự toán; phường Bắc Kạn chưa nhập đủ số liệu tháng %d/%d.\n\n"
		 "Yêu cầu các phường hoàn thành nhập số liệu đúng hạn, tập trung thu ngân sách, vận động Nhân "
		 "dân tham gia bảo hiểm y tế và chuẩn bị số liệu ước thực hiện năm %d.",
		 prev.m, prev.y, prev.m, prev.y, today.y);
	if (!(m = calloc(1, sizeof *m)))
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi tạo cuộc họp mẫu");
	store_set_actor(s, DT_BY);
	m->kind = MEETING_MONTHLY;
	snprintf(m->title, sizeof m->title, "%s", title);
	m->date = met;
	m->time_min = 14 * 60;
	snprintf(m->unit_code, sizeof m->unit_code, "%s", TD_UNIT);
	snprintf(m->chair, sizeof m->chair, "%s", "đồng chí Phó Chủ tịch UBND tỉnh");
	snprintf(m->attendees, sizeof m->attendees, "%s", "Lãnh đạo các sở, ngành; Chủ tịch UBND các phường, xã");
	codes_of(TD_WARDS, m->units, MEETING_UNITS_MAX, &m->n_units);
	m->has_period = period_parse(per, &m->period, NULL) == 0;
	codes_of("KT01,KT02,VX03", m->indicators, MEETING_INDICATORS_MAX, &m->n_indicators);
	snprintf(m->conclusions, sizeof m->conclusions, "%s", concl);
	snprintf(m->created_by, sizeof m->created_by, "%s", DT_BY);
	m->created_at = at_vn(met, 17);
	store_set_now(s, m->created_at);
	rc = meeting_put(s, m, e);
	int64_t mid = m->id;
	free(m);
	if (rc) {
		store_set_now(s, 0);
		store_set_actor(s, NULL);
		return err_prefix(e, "cuộc họp mẫu \"%s\": ", title);
	}
	const dt_task tasks[] = {
		{0, "DX2025", NULL, day_str(today, 3, d1), "KT01", TASK_PRIO_HIGH,
		 "Hoàn thành cập nhật số liệu các chỉ tiêu tháng này lên hệ thống trước ngày 20.", NULL, 50,
		 day_str(today, -1, d2), "Đã nhập số liệu của một nửa số chỉ tiêu.", NULL, NULL, NULL, NULL, NULL},
		{0, "BK2025", NULL, day_str(today, -1, d3), "KT01,KT02", TASK_PRIO_URGENT,
		 "Nhập bổ sung số liệu tháng trước còn thiếu, báo cáo UBND tỉnh.", NULL, 0, NULL, NULL, NULL, NULL,
		 NULL, NULL, NULL},
		{0, "BK2025", "DX2025", day_str(today, 10, d4), "KT02", TASK_PRIO_HIGH,
		 "Rà soát, đôn đốc thu ngân sách nhà nước trên địa bàn, phấn đấu hoàn thành dự toán năm.", NULL, 0,
		 NULL, NULL, NULL, NULL, NULL, NULL, NULL},
		{0, "DX2025", NULL, day_str(today, 2, d5), "VX03", TASK_PRIO_NORMAL,
		 "Vận động Nhân dân tham gia bảo hiểm y tế hộ gia đình.", day_str(today, -2, d6), 0, NULL,
		 "Đã tổ chức tuyên truyền tại các tổ dân phố.", NULL, NULL, NULL, NULL, NULL},
		{0, "BK2025", NULL, permonth, NULL, TASK_PRIO_NORMAL,
		 "Chuẩn bị số liệu ước thực hiện năm và dự kiến chỉ tiêu kế hoạch năm sau.", NULL, 0, NULL, NULL,
		 NULL, NULL, NULL, NULL, NULL},
		{0, "DX2025", "BK2025", day_str(today, 20, d7), NULL, TASK_PRIO_NORMAL,
		 "Tổ chức tổng vệ sinh môi trường các khu dân cư.", NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	};
	int n_tasks = 0;
	for (size_t i = 0; i < sizeof tasks / sizeof tasks[0] && !rc; i++)
		rc = put_task(s, &tasks[i], mid, met, &n_tasks, e);
	store_set_now(s, 0);
	store_set_actor(s, NULL);
	return rc;
}
