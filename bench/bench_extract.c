/*
 * bench_extract.c - how long the extractor (core/extract.h, issue #19) takes
 * on a 10-page report: the demo's catalogue and units read from DB, a report
 * of ~500 words a page built from sentences in the reports' style (figures in
 * most, prose without figures in others), extract_run timed RUNS times; prints
 * the report's size, the proposals and the median and worst milliseconds.
 * The figure: < 100 ms. `bench/run.sh extract` runs it.
 *
 *   bench_extract DB [PAGES] [RUNS] [OUT.txt]   (OUT.txt: the report written, for timing the command)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/extract.h"
#include "store/store.h"

static const char *const sentences[] = {
	"Doanh thu du lịch trong tháng ước đạt %d,2 tỷ đồng, lũy kế %d tháng đạt khoảng 48,7 tỷ đồng, bằng "
	"76,1%% KH năm, tăng 9,3%% so cùng kỳ.",
	"Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tháng %d đạt %d.305,75 tỷ đồng.",
	"Có 35/33 thôn, tổ dân phố đạt danh hiệu văn hóa; công tác tuyên truyền được đẩy mạnh ở %d khu dân cư "
	"và %d trường học.",
	"Công tác chỉ đạo, điều hành được tập trung thực hiện quyết liệt, các phòng ban phối hợp chặt chẽ, "
	"bám sát kế hoạch và tháo gỡ kịp thời khó khăn vướng mắc của cơ sở trong tháng %d, lần %d.",
	"Tỷ lệ hộ sử dụng nước sạch: 03 xã Nông Thượng, Dương Quang và Huyền Tụng đạt dưới %d%%, phấn đấu "
	"%d%% vào cuối năm.",
	"Thu ngân sách nhà nước trên địa bàn quý I đạt %d tỷ /140 tỷ, tổng đàn gia cầm trên %d.000 con.",
	"Năm 2023 phấn đấu: tổng vốn đầu tư toàn xã hội đạt 1.%d50 tỷ đồng; tỷ lệ hộ nghèo giảm còn 0,%d%%.",
	"Các lớp tập huấn về chuyển đổi số được tổ chức cho cán bộ, công chức cấp xã, phường, với nội dung "
	"thiết thực, phù hợp điều kiện thực tế tại %d đơn vị và %d tổ công nghệ số cộng đồng.",
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [PAGES] [RUNS]\n", argv[0]);
		return 2;
	}
	int pages = argc > 2 ? atoi(argv[2]) : 10, runs = argc > 3 ? atoi(argv[3]) : 21;
	if (pages < 1 || runs < 1)
		return 2;
	buf text;
	buf_init(&text, 0);
	size_t words = 0;
	for (int i = 0; words < (size_t)pages * 500; i++) {
		size_t before = text.len;
		buf_printf(&text, sentences[i % 8], 1 + i % 9, 2 + i % 9);
		buf_putc(&text, i % 3 == 2 ? '\n' : ' ');
		for (size_t k = before; k < text.len; k++)
			words += text.data[k] == ' ';
	}
	if (argc > 4) {
		FILE *f = fopen(argv[4], "wb");
		if (!f || fwrite(text.data, 1, text.len, f) != text.len || fclose(f) != 0) {
			fprintf(stderr, "cannot write %s\n", argv[4]);
			return 1;
		}
	}
	store *s = NULL;
	err e;
	if (store_open(argv[1], &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	double *ms = calloc((size_t)runs, sizeof *ms);
	size_t n = 0;
	if (!ms)
		return 1;
	/* the catalogue read once (as the server's request does); the extraction timed */
	indicator *inds = NULL;
	unit *units = NULL;
	size_t ni = 0, nu = 0;
	if (store_indicator_list(s, &inds, &ni, &e) || store_unit_list(s, NULL, NULL, &units, &nu, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	double read0 = now_ms();
	extract_result r0;
	if (extract_with_store(s, text.data, text.len, "058", 2022, &r0, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	double with_store = now_ms() - read0;
	extract_result_free(&r0);
	for (int i = 0; i < runs; i++) {
		extract_opts o = {inds, ni, units, nu, "058", 2022};
		extract_result r;
		double t0 = now_ms();
		if (extract_run(text.data, text.len, &o, &r, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		ms[i] = now_ms() - t0;
		n = r.n;
		extract_result_free(&r);
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_d);
	printf("report: %d pages, %zu words, %zu bytes; catalogue %zu indicators, %zu units; %zu proposals\n", pages,
	       words, text.len, ni, nu, n);
	printf("extract_run: median %.2f ms, worst %.2f ms over %d runs; with the catalogue read: %.2f ms\n",
	       ms[runs / 2], ms[runs - 1], runs, with_store);
	free(ms);
	free(inds);
	free(units);
	store_close(s);
	buf_free(&text);
	return 0;
}
