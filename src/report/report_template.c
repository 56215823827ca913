/*
 * report_template.c - the wording of the situation report: the table of
 * template keys (built-in body, allowed placeholders, description), the
 * renderer of {placeholders} and [optional parts], the check an edited body
 * must pass, and loading the administrator's overrides from the store.
 *
 * Not for: choosing which sentence a row gets or computing its figures
 * (report.c), or storing templates (store_sqlite_templates.c).
 */
#include "report/report.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

/* Placeholders of the document (every key may use them). */
#define V_DOC "don_vi,ten_don_vi,loai_don_vi,don_vi_in_hoa,ky,nam,ky_toi"
/* Placeholders of one indicator's figures. */
#define V_IND                                                                                        \
	V_DOC ",ten_chi_tieu,don_vi_tinh,trong_ky,dat,gia_tri_ky,luy_ke,so_thang,ke_hoach,"          \
	      "phan_tram_ke_hoach,so_cung_ky,danh_gia,dat_luy_ke"
#define V_TASKS V_DOC ",so_nhiem_vu,so_dung_han,so_tre_han,so_dang_lam,so_qua_han,ty_le_dung_han"
#define V_SUM V_DOC ",so_dat,so_chi_tieu,so_khong_dat,so_chua_co_so_lieu,so_chua_du,so_chua_den_ky"
#define V_REP V_DOC ",so_don_vi_gui,so_don_vi,don_vi_thieu"
/* Placeholders of the year-end forecast of one indicator (core/forecast.h). */
#define V_FC V_IND ",du_bao,du_bao_thap,du_bao_cao,kha_nang"
/* Placeholders of the term targets' section (core/term.h). */
#define V_TERM V_DOC ",nhiem_ky,nam_so_lieu,so_chi_tieu_nk,so_dung_lo_trinh,so_cham_lo_trinh,so_chua_du_nk"
#define V_TERM_ITEM V_TERM ",ten_chi_tieu,thuc_hien,lo_trinh,muc_tieu,can_moi_nam"

typedef struct tpl_def {
	const char *key;
	const char *vars;
	const char *help;
	const char *body;
} tpl_def;

static const tpl_def TPL[] = {
	{"doc.issuer", V_DOC, "Tên cơ quan ban hành (góc trái, mỗi dòng một dòng)",
	 "ỦY BAN NHÂN DÂN\n{don_vi_in_hoa}"},
	{"doc.type", V_DOC, "Tên loại văn bản", "BÁO CÁO"},
	{"doc.title", V_DOC, "Trích yếu nội dung (dưới tên loại văn bản)",
	 "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội {ky}"},
	{"doc.intro", V_DOC, "Đoạn mở đầu",
	 "Ủy ban nhân dân {don_vi} báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội {ky} "
	 "như sau:"},
	{"doc.signature", V_DOC, "Quyền hạn, chức vụ người ký (mỗi dòng một dòng)",
	 "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"},
	{"doc.recipients", V_DOC, "Nơi nhận (mỗi dòng một nơi)",
	 "- UBND tỉnh (b/c);\n- TT. HĐND {don_vi};\n- CT, các PCT UBND {don_vi};\n"
	 "- Các phòng, ban, ngành;\n- UBND các xã, phường;\n- Lưu: VT."},
	{"heading.results", V_DOC, "Đề mục phần I (kết quả theo lĩnh vực)",
	 "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI"},
	{"heading.sector", V_DOC ",linh_vuc", "Đề mục mỗi lĩnh vực (đánh số 1, 2, ...)", "{linh_vuc}"},
	{"heading.evaluation", V_DOC, "Đề mục phần đánh giá chung", "ĐÁNH GIÁ CHUNG"},
	{"heading.next_period", V_DOC ",ky_toi_in_hoa", "Đề mục phần nhiệm vụ kỳ tới", "NHIỆM VỤ TRỌNG TÂM {ky_toi_in_hoa}"},
	{"sentence.flow", V_IND, "Câu cho chỉ tiêu cộng dồn (doanh thu, sản lượng, thu ngân sách)",
	 "{ten_chi_tieu} {trong_ky} {dat} {gia_tri_ky}[; lũy kế {so_thang} tháng {dat_luy_ke} {luy_ke}]"
	 "[, bằng {phan_tram_ke_hoach}% kế hoạch năm][, {so_cung_ky} so với cùng kỳ][ ({danh_gia})]."},
	{"sentence.count", V_IND, "Câu cho chỉ tiêu đếm (sản phẩm OCOP, hợp tác xã mới)",
	 "{ten_chi_tieu} {trong_ky}: {gia_tri_ky}[; lũy kế {so_thang} tháng: {luy_ke}]"
	 "[, bằng {phan_tram_ke_hoach}% kế hoạch năm][, {so_cung_ky} so với cùng kỳ][ ({danh_gia})]."},
	{"sentence.level", V_IND, "Câu cho chỉ tiêu thời điểm (tổng đàn, diện tích hiện có)",
	 "{ten_chi_tieu} {dat} {gia_tri_ky}[, bằng {phan_tram_ke_hoach}% kế hoạch]"
	 "[, {so_cung_ky} so với cùng kỳ][ ({danh_gia})]."},
	{"sentence.ratio", V_IND, "Câu cho chỉ tiêu tỷ lệ (tỷ lệ bao phủ, tỷ lệ giải quyết)",
	 "{ten_chi_tieu} {dat} {gia_tri_ky}[ (kế hoạch {ke_hoach})][, {so_cung_ky} so với cùng kỳ]"
	 "[ ({danh_gia})]."},
	{"forecast.sentence", V_FC,
	 "Câu dự báo cả năm, sau câu của chỉ tiêu (trong năm, khi có dự báo)",
	 "Dự báo cả năm đạt khoảng {du_bao}, khả năng hoàn thành kế hoạch {kha_nang}%."},
	{"status.exceeded", V_IND, "Đánh giá {danh_gia} khi vượt kế hoạch (cuối năm)", "vượt kế hoạch"},
	{"status.met", V_IND, "Đánh giá {danh_gia} khi đạt đúng kế hoạch (cuối năm)", "đạt kế hoạch"},
	{"status.not_met", V_IND, "Đánh giá {danh_gia} khi không đạt kế hoạch (cuối năm)", "không đạt kế hoạch"},
	{"status.on_track", V_IND, "Đánh giá {danh_gia} khi đúng tiến độ (trong năm)", ""},
	{"status.behind", V_IND, "Đánh giá {danh_gia} khi chậm tiến độ (trong năm)", "chậm tiến độ"},
	{"status.incomplete", V_IND, "Đánh giá {danh_gia} khi số liệu chưa đầy đủ",
	 "số liệu chưa đầy đủ, chưa đánh giá"},
	{"summary.year_end", V_SUM, "Câu tổng hợp ở kỳ cuối năm",
	 "Có {so_dat}/{so_chi_tieu} chỉ tiêu đạt và vượt kế hoạch[; {so_khong_dat} chỉ tiêu không đạt]"
	 "[; {so_chua_co_so_lieu} chỉ tiêu chưa có số liệu][; {so_chua_du} chỉ tiêu chưa đủ số liệu để đánh giá]."},
	{"summary.during_year", V_SUM, "Câu tổng hợp trong năm",
	 "Có {so_dat}/{so_chi_tieu} chỉ tiêu đạt tiến độ kế hoạch[; {so_khong_dat} chỉ tiêu chậm tiến độ]"
	 "[; {so_chua_den_ky} chỉ tiêu chưa đến kỳ báo cáo][; {so_chua_co_so_lieu} chỉ tiêu chưa có số liệu]"
	 "[; {so_chua_du} chỉ tiêu chưa đủ số liệu để đánh giá]."},
	{"reporting.sentence", V_REP, "Câu về tình hình gửi số liệu của các đơn vị trực thuộc (báo cáo tháng)",
	 "Có {so_don_vi_gui}/{so_don_vi} đơn vị trực thuộc gửi đủ số liệu {ky} đúng hạn[; chưa đủ hoặc muộn: "
	 "{don_vi_thieu}]."},
	{"not_met.intro", V_DOC, "Dẫn danh sách chỉ tiêu không đạt (cuối năm)", "Các chỉ tiêu không đạt kế hoạch:"},
	{"behind.intro", V_DOC, "Dẫn danh sách chỉ tiêu chậm tiến độ (trong năm)", "Các chỉ tiêu chậm tiến độ:"},
	{"not_met.item", V_IND, "Mỗi chỉ tiêu không đạt hoặc chậm tiến độ",
	 "{ten_chi_tieu}[: {dat} {luy_ke}][, bằng {phan_tram_ke_hoach}% kế hoạch năm]."},
	{"lagging.intro", V_DOC, "Dẫn danh sách đơn vị chậm", "Các đơn vị chậm so với kế hoạch được giao:"},
	{"lagging.item", V_IND ",don_vi_cham", "Mỗi chỉ tiêu có đơn vị chậm", "{ten_chi_tieu}: {don_vi_cham}."},
	{"heading.term", V_TERM, "Đề mục phần chỉ tiêu Nghị quyết nhiệm kỳ (báo cáo năm)",
	 "ĐÁNH GIÁ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NHIỆM KỲ {nhiem_ky}"},
	{"term.summary", V_TERM, "Câu tổng hợp chỉ tiêu nhiệm kỳ (nhiệm kỳ chưa kết thúc)",
	 "Có {so_dung_lo_trinh}/{so_chi_tieu_nk} chỉ tiêu Nghị quyết nhiệm kỳ {nhiem_ky} đúng lộ trình"
	 "[ (số liệu đến hết năm {nam_so_lieu})][; {so_cham_lo_trinh} chỉ tiêu chậm so với lộ trình]"
	 "[; {so_chua_du_nk} chỉ tiêu chưa đủ số liệu để đánh giá]."},
	{"term.summary_final", V_TERM, "Câu tổng hợp chỉ tiêu nhiệm kỳ (năm cuối nhiệm kỳ đã có số liệu)",
	 "Có {so_dung_lo_trinh}/{so_chi_tieu_nk} chỉ tiêu Nghị quyết nhiệm kỳ {nhiem_ky} đạt"
	 "[; {so_cham_lo_trinh} chỉ tiêu không đạt][; {so_chua_du_nk} chỉ tiêu chưa đủ số liệu để đánh giá]."},
	{"term.item", V_TERM_ITEM, "Mỗi chỉ tiêu nhiệm kỳ chậm so với lộ trình hoặc không đạt",
	 "{ten_chi_tieu}: thực hiện {thuc_hien}, lộ trình {lo_trinh}, mục tiêu {muc_tieu}"
	 "[; mỗi năm còn lại cần {can_moi_nam}]."},
	{"heading.tasks", V_DOC, "Đề mục phần nhiệm vụ được giao", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO"},
	{"tasks.summary", V_TASKS, "Câu tổng hợp nhiệm vụ trong kỳ",
	 "Trong kỳ có {so_nhiem_vu} nhiệm vụ phải thực hiện: {so_dung_han} nhiệm vụ hoàn thành đúng hạn"
	 "[; {so_tre_han} nhiệm vụ hoàn thành quá hạn][; {so_dang_lam} nhiệm vụ đang thực hiện trong hạn]"
	 "[; {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành][; tỷ lệ hoàn thành đúng hạn {ty_le_dung_han}%]."},
	{"tasks.none", V_DOC, "Khi trong kỳ không có nhiệm vụ nào", "Trong kỳ không có nhiệm vụ phải thực hiện."},
	{"tasks.overdue_intro", V_DOC, "Dẫn danh sách nhiệm vụ quá hạn", "Các nhiệm vụ quá hạn chưa hoàn thành:"},
	{"tasks.overdue_item", V_DOC ",noi_dung,chu_tri,han,so_ngay_qua_han", "Mỗi nhiệm vụ quá hạn",
	 "{noi_dung} (chủ trì: {chu_tri}; hạn {han}, quá hạn {so_ngay_qua_han} ngày)."},
	{"closing.next_period", V_DOC ",chi_tieu_cham",
	 "Nhiệm vụ trọng tâm kỳ tới (mỗi dòng một đoạn)",
	 "Tập trung chỉ đạo, điều hành thực hiện hoàn thành các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội "
	 "{ky_toi}.\n"
	 "[Có giải pháp cụ thể đẩy nhanh tiến độ các chỉ tiêu còn chậm, không đạt: {chi_tieu_cham}.]\n"
	 "Các phòng, ban, ngành và Ủy ban nhân dân các xã, phường cập nhật số liệu đầy đủ, đúng hạn "
	 "vào hệ thống theo dõi chỉ tiêu."},
};

#define N_TPL (sizeof TPL / sizeof TPL[0])
_Static_assert(sizeof TPL / sizeof TPL[0] <= REPORT_TPL_KEYS, "REPORT_TPL_KEYS too small");

size_t report_template_count(void) { return N_TPL; }
const char *report_template_key(size_t i) { return i < N_TPL ? TPL[i].key : NULL; }
const char *report_template_help(size_t i) { return i < N_TPL ? TPL[i].help : NULL; }
const char *report_template_default(size_t i) { return i < N_TPL ? TPL[i].body : NULL; }

const char *report_template_placeholders(size_t i)
{
	return i < N_TPL ? TPL[i].vars : NULL;
}

int report_template_index(const char *key)
{
	for (size_t i = 0; i < N_TPL; i++)
		if (!strcmp(TPL[i].key, key))
			return (int)i;
	return -1;
}

/* True when name (n bytes) is in the comma-separated list. */
static bool in_list(const char *list, const char *name, size_t n)
{
	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t k = c ? (size_t)(c - p) : strlen(p);
		if (k == n && !memcmp(p, name, n))
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

static const report_var *find_var(const report_var *vars, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return &vars[i];
	return NULL;
}

static bool name_char(char c) { return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'); }

/* How many bytes of s, at most max, end on a whole UTF-8 character: for
 * quoting the start of a text in a message ("%.*s") without cutting one. */
static int whole_chars(const char *s, int max)
{
	int n = 0;
	while (n < max && s[n])
		n++;
	if (s[n]) /* cut: step back over continuation bytes to a character's start */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return n;
}

/*
 * One scanner for rendering and checking. With vars, renders into out;
 * with allowed (check mode), collects unknown names into bad and syntax
 * errors into e. Returns 0 or an ERR_*.
 */
static int scan(const char *body, const report_var *vars, size_t nv, buf *out, const char *allowed,
		buf *bad, err *e)
{
	buf opt;
	buf_init(&opt, 0);
	bool in_opt = false, drop = false;
	int rc = 0;
	for (const char *p = body; *p && !rc;) {
		buf *w = in_opt ? &opt : out;
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}') || (p[0] == '[' && p[1] == '[') ||
		    (p[0] == ']' && p[1] == ']')) {
			if (w)
				rc = buf_putc(w, p[0]);
			p += 2;
		} else if (*p == '{') {
			const char *s = p + 1;
			size_t n = 0;
			while (name_char(s[n]))
				n++;
			if (s[n] != '}' || n == 0) {
				rc = err_set(e, ERR_INVALID, "dấu { không đóng đúng tên biến (tên gồm chữ thường a-z, số, _): \"%.*s\"",
					     whole_chars(p, 30), p);
				break;
			}
			if (allowed && !in_list(allowed, s, n)) {
				if (!in_list(buf_cstr(bad), s, n)) {
					if (bad->len)
						buf_putc(bad, ',');
					buf_append(bad, s, n);
				}
			}
			if (vars) {
				const report_var *v = find_var(vars, nv, s, n);
				if (in_opt && (!v || !v->present || v->zero))
					drop = true;
				if (v && v->present && v->value)
					rc = buf_puts(w, v->value);
			}
			p = s + n + 1;
		} else if (*p == '}') {
			rc = err_set(e, ERR_INVALID, "dấu } thừa (viết }} để có dấu } trong văn bản)");
		} else if (*p == '[') {
			if (in_opt) {
				rc = err_set(e, ERR_INVALID, "phần tùy chọn [...] không được lồng nhau");
				break;
			}
			in_opt = true;
			drop = false;
			buf_reset(&opt);
			p++;
		} else if (*p == ']') {
			if (!in_opt) {
				rc = err_set(e, ERR_INVALID, "dấu ] thừa (viết ]] để có dấu ] trong văn bản)");
				break;
			}
			if (out && !drop)
				rc = buf_append(out, opt.data ? opt.data : "", opt.len);
			in_opt = false;
			p++;
		} else {
			if (w)
				rc = buf_putc(w, *p);
			p++;
		}
	}
	if (!rc && in_opt)
		rc = err_set(e, ERR_INVALID, "thiếu dấu ] đóng phần tùy chọn [...]");
	buf_free(&opt);
	return rc;
}

int report_render(buf *out, const char *body, const report_var *vars, size_t n)
{
	err e;
	err_clear(&e);
	/* A stored body passed report_template_check; a syntax error here can
	 * only come from a built-in body, so render what can be rendered. */
	int rc = scan(body ? body : "", vars, n, out, NULL, NULL, &e);
	return rc == ERR_INVALID ? 0 : rc;
}

int report_template_check(const char *key, const char *body, err *e)
{
	int i = report_template_index(key);
	if (i < 0) {
		buf keys;
		buf_init(&keys, 0);
		for (size_t k = 0; k < N_TPL; k++)
			buf_printf(&keys, "%s%s", k ? ", " : "", TPL[k].key);
		err_set(e, ERR_NOTFOUND, "không có mẫu câu \"%.*s\"; các mẫu: %s", whole_chars(key, 64), key,
			buf_cstr(&keys));
		buf_free(&keys);
		return ERR_NOTFOUND;
	}
	size_t len = strlen(body);
	if (len >= STORE_TEMPLATE_MAX)
		return err_set(e, ERR_TOOBIG, "mẫu câu %s dài %zu byte, quá giới hạn %d byte", key, len,
			       STORE_TEMPLATE_MAX - 1);
	if (!text_utf8_valid(body, len))
		return err_set(e, ERR_INVALID, "mẫu câu %s: văn bản không phải UTF-8 hợp lệ", key);
	/* line breaks make paragraphs; other control characters cannot stand in XML (DOCX) */
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)body[k];
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
			return err_set(e, ERR_INVALID, "mẫu câu %s: có ký tự điều khiển (mã %u) ở byte %zu", key,
				       (unsigned)c, k + 1);
	}
	buf bad;
	buf_init(&bad, 4096);
	int rc = scan(body, NULL, 0, NULL, report_template_placeholders((size_t)i), &bad, e);
	if (rc)
		err_prefix(e, "mẫu câu %s: ", key);
	else if (bad.len) {
		buf names; /* "{a}, {b}" */
		buf_init(&names, 4096);
		for (const char *p = buf_cstr(&bad); p && *p;) {
			const char *c = strchr(p, ',');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			buf_printf(&names, "%s{%.*s}", names.len ? ", " : "", (int)n, p);
			p = c ? c + 1 : NULL;
		}
		rc = err_set(e, ERR_INVALID, "mẫu câu %s: biến không được dùng ở mẫu này: %s; các biến được dùng: %s",
			     key, buf_cstr(&names), report_template_placeholders((size_t)i));
		buf_free(&names);
	}
	buf_free(&bad);
	return rc;
}

int report_templates_default(report_templates *t, err *e)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < N_TPL; i++) {
		t->body[i] = strdup(TPL[i].body);
		if (!t->body[i]) {
			report_templates_free(t);
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp mẫu câu");
		}
	}
	return 0;
}

int report_templates_load(store *s, report_templates *t, err *e)
{
	int rc = report_templates_default(t, e);
	if (rc)
		return rc;
	char *tmp = malloc(STORE_TEMPLATE_MAX);
	if (!tmp) {
		report_templates_free(t);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp mẫu câu");
	}
	for (size_t i = 0; i < N_TPL && !rc; i++) {
		bool found = false;
		rc = store_template_get(s, TPL[i].key, tmp, STORE_TEMPLATE_MAX, &found, e);
		if (rc || !found)
			continue;
		/* an edited body that no longer passes (a placeholder removed in a
		 * later version) is refused here rather than half-rendered */
		if ((rc = report_template_check(TPL[i].key, tmp, e))) {
			err_prefix(e, "mẫu câu đã sửa trong CSDL không còn hợp lệ (sửa lại hoặc `chitieu report template reset %s`): ",
				   TPL[i].key);
			break;
		}
		char *dup = strdup(tmp);
		if (!dup) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi nạp mẫu câu");
			break;
		}
		free(t->body[i]);
		t->body[i] = dup;
		t->edited[i] = true;
	}
	free(tmp);
	if (rc)
		report_templates_free(t);
	return rc;
}

void report_templates_free(report_templates *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < REPORT_TPL_KEYS; i++) {
		free(t->body[i]);
		t->body[i] = NULL;
	}
}
