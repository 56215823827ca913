/*
 * cmd_db.c - `chitieu init` (create or migrate a database) and `chitieu demo`
 * (the Bắc Kạn city demo database).
 */
#include "cli/cli.h"
#include "cli/progress.h"
#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>

static int cmd_init(const cli_args *a, err *e)
{
	store *s = NULL;
	int rc = cli_open_create(a, &s, e);
	if (rc)
		return rc;
	int v = 0;
	bool ready = true;
	rc = store_schema_version(s, &v, e);
	/* roll-ups marked stale (a unit moved to another parent, a file that
	 * had values before schema 7) are recomputed here, in one pass */
	if (!rc && (rc = store_rollup_ready(s, &ready, e)) == 0 && !ready) {
		fprintf(stderr, "Đang tính lại số liệu tổng hợp theo đơn vị cấp trên...\n");
		if ((rc = store_rollup_rebuild(s, e)) == 0)
			printf("Đã tính lại số liệu tổng hợp (value_rollup).\n");
	}
	if (!rc)
		printf("Cơ sở dữ liệu %s sẵn sàng (phiên bản lược đồ %d).\n", a->db_path, v);
	store_close(s);
	return rc;
}

static void demo_progress(void *ctx, long done, long total)
{
	progress_update(ctx, done, total);
}

static int cmd_demo(const cli_args *a, err *e)
{
	store *s = NULL;
	store_tree_node *tree = NULL;
	size_t n_units = 0;
	int rc = cli_open_create(a, &s, e);
	if (rc)
		return rc;
	/* the demo writes its own figures over the file's: not over someone's work unasked */
	if ((rc = store_unit_tree(s, &tree, &n_units, e)) == 0 && n_units > 0 && !cli_flag(a, "force"))
		rc = err_set(e, ERR_CONFLICT,
			     "%s đã có dữ liệu (%zu đơn vị): dữ liệu mẫu sẽ ghi đè các số liệu, chỉ tiêu "
			     "kế hoạch trùng mã và xóa dấu vết sửa đổi của người dùng; thêm --force nếu "
			     "thật sự muốn, hoặc chọn một tệp mới bằng --db",
			     a->db_path, n_units);
	free(tree);
	if (rc) {
		store_close(s);
		return rc;
	}
	progress p;
	progress_init(&p, "Tạo dữ liệu mẫu");
	demo_stats st = {0};
	rc = demo_create(s, &st, demo_progress, &p, e);
	progress_done(&p);
	store_close(s);
	if (rc)
		return rc;
	if (!cli_flag(a, "quiet"))
	{
		buf b;
		buf_init(&b, 4096);
		buf_printf(&b, "Đã tạo dữ liệu mẫu trong %s: ", a->db_path);
		vn_format_num(&b, NUM_INT(st.units), 0);
		buf_puts(&b, " đơn vị, ");
		vn_format_num(&b, NUM_INT(st.agencies), 0);
		buf_puts(&b, " cơ quan, ");
		vn_format_num(&b, NUM_INT(st.indicators), 0);
		buf_puts(&b, " chỉ tiêu, ");
		vn_format_num(&b, NUM_INT(st.targets), 0);
		buf_puts(&b, " chỉ tiêu kế hoạch, ");
		vn_format_num(&b, NUM_INT(st.values), 0);
		buf_printf(&b, " số liệu.\nThử: chitieu --db %s eval --unit 058 --period 202206\n", a->db_path);
		fputs(buf_cstr(&b), stdout);
		buf_free(&b);
	}
	return 0;
}

static const cli_opt demo_opts[] = {
	{"quiet", NULL, "không in tóm tắt"},
	{"force", NULL, "ghi dữ liệu mẫu cả vào tệp đã có dữ liệu (ghi đè số liệu trùng)"},
	{NULL, NULL, NULL},
};

static const cli_opt no_opts[] = {{NULL, NULL, NULL}};

const cli_cmd cli_db_cmds[] = {
	{"init", NULL, 0, 0, NULL, no_opts, cmd_init,
	 "Tạo cơ sở dữ liệu mới hoặc nâng cấp lược đồ của tệp đã có",
	 "Tệp là --db, hoặc $CHITIEU_DB, hoặc ./chitieu.db. Chạy lại không làm mất dữ liệu.\n"
	 "Số liệu tổng hợp bị đánh dấu cần tính lại (sau khi chuyển đơn vị sang cấp trên khác)\n"
	 "được tính lại ở đây, một lượt qua toàn bộ số liệu."},
	{"demo", NULL, 0, 0, NULL, demo_opts, cmd_demo,
	 "Tạo cơ sở dữ liệu mẫu: thành phố Bắc Kạn (17 đơn vị, 81 chỉ tiêu, 65 có kế hoạch), 2019-2024",
	 "Sinh dữ liệu xác định (chạy lại với --force cho cùng kết quả); tệp đã có dữ liệu\n"
	 "bị từ chối nếu không có --force. Các số liệu thật trong DOMAIN.md\n"
	 "(ví dụ tổng mức bán lẻ 6 tháng 2022: 1.739,5 tỷ đồng, đạt 50,58% KH) được giữ đúng."},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
