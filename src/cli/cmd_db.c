/*
 * cmd_db.c - `chitieu init` (create or migrate a database), `chitieu demo`
 * (the Bắc Kạn city demo database), `chitieu db copy` (a whole database
 * into another, between SQLite and PostgreSQL; store_copy.c does the work)
 * and `chitieu db backup|restore FILE` (db/db_backup.h).
 */
#include "cli/cli.h"
#include "cli/progress.h"
#include "db/db.h"
#include "db/db_backup.h"
#include "demo/demo.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The progress callback of demo_create and store_copy_run: ctx is a progress bar. */
static void on_progress(void *ctx, long done, long total)
{
	progress_update(ctx, done, total);
}

static int cmd_init(const cli_args *a, err *e)
{
	char name[512];
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
	db_target_safe(a->db_path, name, sizeof name); /* a conninfo may hold a password */
	if (!rc)
		printf("Cơ sở dữ liệu %s sẵn sàng (phiên bản lược đồ %d).\n", name, v);
	store_close(s);
	return rc;
}

static int cmd_demo(const cli_args *a, err *e)
{
	char name[512];
	store *s = NULL;
	store_tree_node *tree = NULL;
	size_t n_units = 0;
	int rc = cli_open_create(a, &s, e);
	if (rc)
		return rc;
	db_target_safe(a->db_path, name, sizeof name); /* a conninfo may hold a password */
	/* the demo writes its own figures over the file's: not over someone's work unasked */
	if ((rc = store_unit_tree(s, &tree, &n_units, e)) == 0 && n_units > 0 && !cli_flag(a, "force"))
		rc = err_set(e, ERR_CONFLICT,
			     "%s đã có dữ liệu (%zu đơn vị): dữ liệu mẫu sẽ ghi đè các số liệu, chỉ tiêu "
			     "kế hoạch trùng mã và xóa dấu vết sửa đổi của người dùng; thêm --force nếu "
			     "thật sự muốn, hoặc chọn một tệp mới bằng --db",
			     name, n_units);
	free(tree);
	if (rc) {
		store_close(s);
		return rc;
	}
	/* the demo runs up to today ($CHITIEU_TODAY, else the clock); nothing is
	 * entered after now (noon of $CHITIEU_TODAY, as the task commands take it) */
	cdate today;
	if ((rc = cli_today(&today, e))) {
		store_close(s);
		return rc;
	}
	const char *tv = getenv("CHITIEU_TODAY");
	int64_t now = tv && *tv ? (int64_t)cdate_to_days(today) * 86400 + 5 * 3600 : (int64_t)time(NULL);
	progress p;
	progress_init(&p, "Tạo dữ liệu mẫu");
	demo_stats st = {0};
	rc = demo_create_to(s, &st, today, now, on_progress, &p, e);
	progress_done(&p);
	store_close(s);
	if (rc)
		return rc;
	if (!cli_flag(a, "quiet"))
	{
		buf b;
		buf_init(&b, 4096);
		buf_printf(&b, "Đã tạo dữ liệu mẫu trong %s: ", name);
		vn_format_num(&b, NUM_INT(st.units), 0);
		buf_puts(&b, " đơn vị, ");
		vn_format_num(&b, NUM_INT(st.agencies), 0);
		buf_puts(&b, " cơ quan, ");
		vn_format_num(&b, NUM_INT(st.indicators), 0);
		buf_puts(&b, " chỉ tiêu, ");
		vn_format_num(&b, NUM_INT(st.targets), 0);
		buf_puts(&b, " chỉ tiêu kế hoạch, ");
		vn_format_num(&b, NUM_INT(st.values), 0);
		buf_printf(&b, " số liệu.\nThử: chitieu --db %s eval --unit 058 --period 202206\n", name);
		if (today.y > 2025 || (today.y == 2025 && today.m >= 7))
			buf_printf(&b, "     chitieu --db %s eval --unit DX2025 --period %04d%02d\n", name, today.y,
				   today.m);
		fputs(buf_cstr(&b), stdout);
		buf_free(&b);
	}
	return 0;
}

/* True when a and b name the same database: the same text, or the same SQLite file. */
static bool same_db(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!strcmp(a, b))
		return true;
	if (db_target_is_postgres(a) || db_target_is_postgres(b))
		return false;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Removes a SQLite file this command created (with its WAL files), after a failed copy. */
static void remove_created(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char name[4200];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
		if ((size_t)snprintf(name, sizeof name, "%s%s", path, suffix[i]) < sizeof name)
			(void)unlink(name);
}

/* Prints where from and where to, the rows of each table copied, and the verdict of the checks. */
static int print_copy(const char *from, const char *to, const char *from_engine,
		      const char *to_engine, const store_copy_stats *st, err *e)
{
	buf b, num;
	int rc = 0;
	buf_init(&b, 0);
	buf_init(&num, 0);
	/* any failed append leaves rc non-zero */
	rc |= buf_printf(&b, "Đã chép từ %s %s sang %s %s.\n", from_engine, from, to_engine, to);
	rc |= text_pad(&b, "Bảng", 20, false);
	rc |= buf_puts(&b, " ");
	rc |= text_pad(&b, "Số dòng", 12, true);
	rc |= buf_putc(&b, '\n');
	for (int i = 0; i < st->n_tables; i++) {
		buf_reset(&num);
		rc |= vn_format_num(&num, NUM_INT(st->tables[i].rows), 0);
		rc |= text_pad(&b, st->tables[i].table, 20, false);
		rc |= buf_puts(&b, " ");
		rc |= text_pad(&b, buf_cstr(&num), 12, true);
		rc |= buf_putc(&b, '\n');
	}
	buf_reset(&num);
	rc |= vn_format_num(&num, NUM_INT(st->rows), 0);
	rc |= buf_printf(&b, "Đã chép %d bảng, %s dòng; kiểm tra số dòng và tổng kiểm tra: khớp.\n",
			 st->n_tables, buf_cstr(&num));
	/* the copy is done: a summary that cannot be built is said, not printed cut short */
	rc = rc ? err_set(e, ERR_NOMEM, "đã chép xong nhưng hết bộ nhớ khi in tóm tắt")
		: cli_print(buf_cstr(&b), b.len, e);
	buf_free(&num);
	buf_free(&b);
	return rc;
}

static int cmd_copy(const cli_args *a, err *e)
{
	const char *from = NULL, *to = NULL;
	char from_name[512], to_name[512]; /* as messages name them: never with a password */
	store *src = NULL, *dst = NULL;
	store_copy_stats st;
	progress p;
	bool created;
	int rc;

	if ((rc = cli_need(a, "from", &from, e)) != 0 || (rc = cli_need(a, "to", &to, e)) != 0)
		return rc;
	db_target_safe(from, from_name, sizeof from_name);
	db_target_safe(to, to_name, sizeof to_name);
	if (same_db(from, to))
		return err_set(e, ERR_INVALID, "--from và --to là cùng một cơ sở dữ liệu %s", from_name);
	if (!db_target_is_postgres(from) && access(from, F_OK) != 0)
		return err_set(e, ERR_NOTFOUND, "không có cơ sở dữ liệu nguồn %s (--from)", from_name);
	created = !db_target_is_postgres(to) && access(to, F_OK) != 0;
	if ((rc = store_open(from, &src, e)) != 0)
		return err_prefix(e, "nguồn (--from) %s: ", from_name);
	if ((rc = store_open(to, &dst, e)) != 0) {
		err_prefix(e, "đích (--to) %s: ", to_name);
		goto done;
	}
	progress_init(&p, "Chép dữ liệu");
	rc = store_copy_run(src, dst, cli_flag(a, "force"), on_progress, &p, &st, e);
	progress_done(&p);
	if (rc == 0)
		rc = print_copy(from_name, to_name, store_engine_name(src), store_engine_name(dst), &st, e);
done:
	store_close(dst);
	store_close(src);
	if (rc && created)
		remove_created(to);
	return rc;
}

/* "12,3 MB" of a size in bytes. */
static void size_text(long long n, char *out, size_t len)
{
	if (n >= 1024 * 1024)
		snprintf(out, len, "%.1f MB", (double)n / (1024.0 * 1024.0));
	else
		snprintf(out, len, "%.1f KB", (double)n / 1024.0);
	char *dot = strchr(out, '.');
	if (dot)
		*dot = ',';
}

static int cmd_backup(const cli_args *a, err *e)
{
	char name[512], size[32];
	const char *file = a->pos[0];
	db_backup_info info;
	db_target_safe(a->db_path, name, sizeof name);
	int rc = db_backup(a->db_path, file, &info, e);
	if (rc)
		return rc;
	size_text(info.size, size, sizeof size);
	printf("Đã sao lưu %s vào %s (%s, %s, phiên bản lược đồ %d).\n", name, file,
	       info.kind == DB_BACKUP_PGDUMP ? "tệp pg_dump" : "tệp SQLite", size, info.version);
	return 0;
}

/* True when the SQLite file or PostgreSQL schema at target already holds units or values. */
static int target_has_data(const char *to, bool *yes, err *e)
{
	*yes = false;
	if (!db_target_is_postgres(to)) {
		struct stat st;
		if (stat(to, &st) != 0 || st.st_size == 0)
			return 0;
	}
	store *s = NULL;
	store_tree_node *tree = NULL;
	size_t n = 0;
	int rc = store_open(to, &s, e);
	if (rc)
		return err_prefix(e, "CSDL đích: ");
	rc = store_unit_tree(s, &tree, &n, e);
	free(tree);
	store_close(s);
	*yes = n > 0;
	return rc;
}

static int cmd_restore(const cli_args *a, err *e)
{
	char name[512], size[32];
	const char *file = a->pos[0];
	db_backup_info info;
	/* the file first: nothing is touched when it is not a sound backup */
	int rc = db_backup_check(file, &info, e);
	if (rc)
		return rc;
	if (info.version <= 0)
		return err_set(e, ERR_INVALID, "%s: không có phiên bản lược đồ (không phải CSDL của chitieu)", file);
	if (info.version > STORE_SCHEMA_VERSION)
		return err_set(e, ERR_INVALID,
			       "%s: phiên bản lược đồ %d mới hơn chương trình này (%d); dùng bản chitieu mới hơn để phục hồi",
			       file, info.version, STORE_SCHEMA_VERSION);
	db_target_safe(a->db_path, name, sizeof name);
	bool has = false;
	if ((rc = target_has_data(a->db_path, &has, e)))
		return rc;
	if (has && !cli_flag(a, "force"))
		return err_set(e, ERR_CONFLICT,
			       "CSDL %s đang có dữ liệu: phục hồi sẽ thay toàn bộ; thêm --force nếu đúng ý (nên sao lưu "
			       "trước)",
			       name);
	if ((rc = db_restore(a->db_path, file, &info, e)))
		return rc;
	/* an older backup is brought up to this program's schema, as `init` does */
	store *s = NULL;
	int v = 0;
	if ((rc = store_open(a->db_path, &s, e)) == 0)
		rc = store_schema_version(s, &v, e);
	store_close(s);
	if (rc)
		return err_prefix(e, "đã phục hồi nhưng không mở được CSDL: ");
	size_text(info.size, size, sizeof size);
	printf("Đã phục hồi %s từ %s (%s, phiên bản lược đồ %d%s).\n", name, file, size, info.version,
	       v != info.version ? ", đã nâng cấp" : "");
	if (v != info.version)
		printf("Lược đồ đã được nâng cấp lên phiên bản %d.\n", v);
	return 0;
}

static const cli_opt backup_opts[] = {{NULL, NULL, NULL}};
static const cli_opt restore_opts[] = {
	{"force", NULL, "thay cả CSDL đang có dữ liệu"},
	{NULL, NULL, NULL},
};

static const cli_opt copy_opts[] = {
	{"from", "NGUỒN", "CSDL nguồn (bắt buộc): tệp SQLite hoặc chuỗi kết nối PostgreSQL"},
	{"to", "ĐÍCH", "CSDL đích (bắt buộc): tệp SQLite (tạo mới nếu chưa có) hoặc PostgreSQL"},
	{"force", NULL, "xóa hết dữ liệu đang có ở đích rồi chép (trong cùng giao dịch)"},
	{NULL, NULL, NULL},
};

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
	 "Tạo cơ sở dữ liệu mẫu: thành phố Bắc Kạn (17 đơn vị, 81 chỉ tiêu, 65 có kế hoạch), 2019 đến "
	 "hôm nay",
	 "Sinh dữ liệu xác định (chạy lại với --force cho cùng kết quả); tệp đã có dữ liệu\n"
	 "bị từ chối nếu không có --force. Các số liệu thật trong DOMAIN.md\n"
	 "(ví dụ tổng mức bán lẻ 6 tháng 2022: 1.739,5 tỷ đồng, đạt 50,58% KH) được giữ đúng.\n\n"
	 "Số liệu và kế hoạch 2019-2024 của thành phố Bắc Kạn (058) và 8 phường, xã luôn như nhau;\n"
	 "sau đó dữ liệu mẫu chạy tiếp đến tháng hiện tại (hôm nay là $CHITIEU_TODAY nếu có, không thì\n"
	 "ngày hiện tại): thành phố và các phường, xã cũ đến 30/06/2025, phường Đức Xuân (DX2025) và\n"
	 "phường Bắc Kạn (BK2025) từ 01/07/2025; kế hoạch các năm từ 2025; tháng hiện tại mới nhập\n"
	 "một phần, BK2025 còn thiếu số liệu tháng trước; một cuộc giao ban cách đây 5 ngày với các\n"
	 "nhiệm vụ sắp đến hạn và một nhiệm vụ quá hạn. Không số liệu nào nhập sau thời điểm hiện tại.\n"
	 "CHITIEU_TODAY=2024-12-31 cho đúng dữ liệu 2019-2024."},
	{"db", "copy", 0, 0, NULL, copy_opts, cmd_copy,
	 "Chép toàn bộ một cơ sở dữ liệu sang cơ sở dữ liệu khác (SQLite, PostgreSQL)",
	 "Cần cả --from (nguồn) và --to (đích), mỗi bên là một tệp SQLite hoặc một chuỗi kết nối\n"
	 "PostgreSQL viết như ở --db (\"host=... dbname=... user=...\" hoặc postgresql://...);\n"
	 "--db không dùng ở lệnh này. Chép theo mọi chiều: SQLite sang PostgreSQL, PostgreSQL sang\n"
	 "SQLite, hoặc cùng loại.\n\n"
	 "Được chép: mọi bảng (đơn vị, chỉ tiêu, số liệu, kế hoạch, người dùng, cuộc họp, nhiệm vụ,\n"
	 "tệp đính kèm...), giữ nguyên id. Không chép: phiên đăng nhập và các lần đăng nhập sai\n"
	 "(sau khi chép, mọi người đăng nhập lại).\n\n"
	 "Đích: tệp SQLite chưa có thì được tạo; CSDL PostgreSQL phải có sẵn (tạo với collation C,\n"
	 "xem docs/deploy.md). Lược đồ hai bên được nâng cấp như `init` và phải cùng phiên bản.\n"
	 "Đích đã có dữ liệu bị từ chối; --force xóa hết dữ liệu đó rồi mới chép.\n\n"
	 "Tất cả hoặc không gì: một lỗi giữa chừng, kể cả khi tiến trình bị ngắt, không để lại dòng\n"
	 "nào ở đích. Trước khi ghi xong, từng bảng được đọc lại ở đích và so số dòng và tổng kiểm\n"
	 "tra với nguồn; khác nhau thì hủy cả lần chép. Thông báo không in mật khẩu; nên để mật\n"
	 "khẩu trong tệp pgpass (passfile=...) thay vì trên dòng lệnh.\n\n"
	 "Ví dụ:\n"
	 "  chitieu db copy --from chitieu.db --to \"host=db1 dbname=chitieu user=chitieu\"\n"
	 "  chitieu db copy --from postgresql://chitieu@db1/chitieu --to ban-sao.db"},
	{"db", "backup", 1, 1, "TỆP", backup_opts, cmd_backup,
	 "Sao lưu toàn bộ CSDL vào một tệp, kể cả khi máy chủ đang ghi",
	 "SQLite: bản chụp nhất quán bằng API sao lưu của SQLite (không dùng cp: cp tệp đang chạy\n"
	 "làm mất các giao dịch còn trong tệp -wal), thành một tệp SQLite đứng riêng, đã kiểm tra\n"
	 "toàn vẹn. PostgreSQL: pg_dump định dạng custom của schema CSDL đang dùng (cần\n"
	 "postgresql-client cùng phiên bản máy chủ). Ghi qua TỆP.tmp rồi mới đổi tên: lỗi giữa\n"
	 "chừng không để lại tệp dở dang, bản cũ cùng tên vẫn nguyên.\n\n"
	 "Ví dụ: chitieu --db chitieu.db db backup /var/backups/chitieu-20261207.db\n"
	 "Sao lưu định kỳ: chitieu serve --backup-dir THƯ_MỤC --backup-keep 7 (docs/deploy.md)."},
	{"db", "restore", 1, 1, "TỆP", restore_opts, cmd_restore,
	 "Phục hồi CSDL từ một tệp sao lưu (kiểm tra tệp trước khi thay gì)",
	 "Trước khi thay: tệp phải là bản sao lưu của chitieu còn nguyên vẹn (SQLite: integrity_check;\n"
	 "pg_dump: đọc được mục lục) và có phiên bản lược đồ không mới hơn chương trình này. Bản cũ\n"
	 "hơn được nâng cấp sau khi phục hồi. CSDL đích đang có dữ liệu cần --force. Tất cả hoặc\n"
	 "không gì: lỗi giữa chừng để CSDL như trước. Nên dừng máy chủ trước khi phục hồi.\n"
	 "Cùng loại CSDL: sao lưu SQLite vào tệp SQLite, pg_dump vào PostgreSQL (khác loại: db copy).\n\n"
	 "Ví dụ: chitieu --db chitieu.db db restore --force /var/backups/chitieu-20261207.db"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
