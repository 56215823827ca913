/*
 * main.c - the `chitieu` program: global options, the command table, central
 * option checking and help. Each feature's commands live in cmd_<feature>.c;
 * this file only finds the command, checks its arguments against what it
 * declares, and runs it. No domain logic here.
 */
#include "cli/cli.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_cmd *const cli_tables[] = {
	cli_db_cmds, cli_unit_cmds, cli_agency_cmds, cli_indicator_cmds,
	cli_target_cmds, cli_value_cmds, cli_eval_cmds, cli_serve_cmds, cli_user_cmds, cli_lock_cmds,
	cli_report_cmds, cli_meeting_cmds, cli_task_cmds, cli_sheet_cmds, cli_completeness_cmds,
	cli_validate_cmds, cli_approval_cmds, cli_rule_cmds, cli_source_cmds, cli_forecast_cmds, cli_notify_cmds,
	cli_extract_cmds, cli_mapping_cmds, NULL,
};

/* One line per group; its subcommands are listed from cli_tables, so the
 * list cannot drift from what the program runs. */
static const char *const cli_group_help[][2] = {
	{"init", "Tạo hoặc nâng cấp cơ sở dữ liệu"},
	{"demo", "Tạo cơ sở dữ liệu mẫu: thành phố Bắc Kạn 2019 đến hôm nay"},
	{"db", "Chép, sao lưu, phục hồi toàn bộ cơ sở dữ liệu (SQLite, PostgreSQL)"},
	{"unit", "Đơn vị hành chính: tỉnh, huyện, xã, phường"},
	{"agency", "Cơ quan, phòng ban sở hữu chỉ tiêu"},
	{"indicator", "Danh mục chỉ tiêu"},
	{"target", "Chỉ tiêu kế hoạch năm và nhiệm kỳ"},
	{"value", "Số liệu thực hiện"},
	{"import", "Nhập số liệu từ tệp CSV (tất cả hoặc không gì cả)"},
	{"export", "Xuất số liệu ra tệp CSV"},
	{"mapping", "Ánh xạ mã DHIS2 (orgUnit, dataElement + categoryOptionCombo) sang mã chitieu"},
	{"eval", "Bảng đánh giá thực hiện chỉ tiêu của một đơn vị trong một kỳ hoặc nhiệm kỳ"},
	{"forecast", "Dự báo cuối năm: kiểm tra lại độ chính xác trên các năm đã qua"},
	{"user", "Người dùng máy chủ, vai trò, mật khẩu, mã truy cập"},
	{"serve", "Chạy máy chủ web và API JSON, mặc định trên http://127.0.0.1:8080/"},
	{"lock", "Khóa kỳ nhập số liệu sau hạn báo cáo, khóa sổ và mở lại"},
	{"completeness", "Đơn vị nào đã gửi đủ số liệu, đúng hạn hay muộn; tỷ lệ gửi đúng hạn"},
	{"validate", "Kiểm tra số liệu một kỳ: vượt giới hạn, quy tắc giữa chỉ tiêu, khác xa các năm trước"},
	{"rule", "Quy tắc kiểm tra giữa các chỉ tiêu cùng đơn vị, cùng kỳ (phần ≤ tổng)"},
	{"approval", "Nộp, duyệt, trả lại, chấp nhận số liệu một tháng"},
	{"source", "Nguồn số liệu: số của đơn vị hay tổng hợp từ đơn vị trực thuộc"},
	{"meeting", "Cuộc họp giao ban và thông báo kết luận"},
	{"task", "Nhiệm vụ được giao: chủ trì, phối hợp, hạn, tiến độ"},
	{"remind", "Nhắc việc cho cron: nhiệm vụ quá hạn và sắp đến hạn của từng đơn vị"},
	{"notify", "Thông báo qua email, webhook: cấu hình, gửi hàng đợi, thư thử, nhật ký"},
	{"report", "Báo cáo tình hình kinh tế - xã hội: văn bản, Markdown, HTML, Word, Excel"},
	{"sheet", "Biểu Excel/CSV: biểu nhập số liệu, kế hoạch và nhập lại"},
};

static void usage_line(FILE *f, const cli_cmd *c)
{
	fprintf(f, "chitieu [--db CSDL] %s%s%s", c->group, c->name ? " " : "", c->name ? c->name : "");
	if (c->pos_help)
		fprintf(f, " %s", c->pos_help);
	for (const cli_opt *o = c->opts; o && o->name; o++)
		;
	if (c->opts && c->opts[0].name)
		fprintf(f, " [tùy chọn]");
	fputc('\n', f);
}

static void cmd_help(FILE *f, const cli_cmd *c)
{
	fprintf(f, "%s\n\nCách dùng: ", c->summary);
	usage_line(f, c);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	if (c->opts && c->opts[0].name) {
		fprintf(f, "\nTùy chọn:\n");
		for (const cli_opt *o = c->opts; o->name; o++) {
			char left[64];
			snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
			buf line;
			buf_init(&line, 4096);
			text_pad(&line, left, 24, false);
			fprintf(f, "  %s %s\n", buf_cstr(&line), o->help);
			buf_free(&line);
		}
	}
	fprintf(f, "  %-24s %s\n", "--help", "in hướng dẫn này");
}

static void main_help(FILE *f)
{
	fprintf(f,
		"chitieu - theo dõi, đánh giá thực hiện chỉ tiêu kinh tế - xã hội\n"
		"(socio-economic targets, actuals and their evaluation)\n\n"
		"Cách dùng: chitieu [--db CSDL] LỆNH [tùy chọn]\n\n"
		"Tùy chọn chung:\n"
		"  --db CSDL         tệp SQLite, hoặc PostgreSQL: postgresql://người-dùng@máy:cổng/tên-csdl hay\n"
		"                    \"host=A,B dbname=chitieu target_session_attrs=read-write\"\n"
		"                    (mặc định: $CHITIEU_DB, nếu không có thì ./chitieu.db)\n"
		"  --no-color        không tô màu\n"
		"  --help            hướng dẫn; `chitieu LỆNH --help` cho từng lệnh\n\n"
		"Lệnh:\n");
	for (size_t i = 0; i < sizeof cli_group_help / sizeof cli_group_help[0]; i++) {
		fprintf(f, "  %-11s %s", cli_group_help[i][0], cli_group_help[i][1]);
		bool any = false;
		for (const cli_cmd *const *t = cli_tables; *t; t++)
			for (const cli_cmd *c = *t; c->group; c++)
				if (c->name && !strcmp(c->group, cli_group_help[i][0])) {
					fprintf(f, "%s%s", any ? ", " : " (", c->name);
					any = true;
				}
		fprintf(f, "%s\n", any ? ")" : "");
	}
	fprintf(f, "\nVí dụ:\n"
		"  chitieu demo\n"
		"  chitieu eval --unit 058 --period 202206\n"
		"  chitieu value set --indicator KT01 --unit 01837 --period 202407 --value 36,5 --estimate\n"
		"  chitieu import so-lieu.csv --dry-run\n");
}

/* Lists the commands of a group (for `chitieu unit --help` or an unknown sub-command). */
static void group_help(FILE *f, const char *group)
{
	fprintf(f, "Các lệnh của \"%s\":\n", group);
	for (const cli_cmd *const *t = cli_tables; *t; t++)
		for (const cli_cmd *c = *t; c->group; c++)
			if (!strcmp(c->group, group) && c->name)
				fprintf(f, "  chitieu %s %-9s %s\n", c->group, c->name, c->summary);
}

static const cli_cmd *find_cmd(const char *group, const char *name, bool *group_exists)
{
	*group_exists = false;
	for (const cli_cmd *const *t = cli_tables; *t; t++)
		for (const cli_cmd *c = *t; c->group; c++) {
			if (strcmp(c->group, group))
				continue;
			*group_exists = true;
			if (!c->name || (name && !strcmp(c->name, name)))
				return c;
		}
	return NULL;
}

static const cli_opt *find_opt(const cli_cmd *c, const char *name)
{
	for (const cli_opt *o = c->opts; o && o->name; o++)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

int main(int argc, char **argv)
{
	cli_args a;
	memset(&a, 0, sizeof a);
	a.db_path = getenv("CHITIEU_DB");
	if (!a.db_path || !*a.db_path)
		a.db_path = "chitieu.db";
	const char *nc = getenv("NO_COLOR");
	bool no_color = nc && *nc;

	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			a.db_path = argv[++i];
		} else if (!strcmp(argv[i], "--no-color")) {
			no_color = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			main_help(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("chitieu 0.1.0\n");
			return 0;
		} else {
			fprintf(stderr, "chitieu: tùy chọn không hợp lệ \"%s\" (xem chitieu --help)\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		main_help(stderr);
		return 2;
	}
	const char *group = argv[i++];
	if (!strcmp(group, "help")) {
		if (i < argc) {
			bool exists;
			const cli_cmd *c = find_cmd(argv[i], i + 1 < argc ? argv[i + 1] : NULL, &exists);
			if (c)
				cmd_help(stdout, c);
			else if (exists)
				group_help(stdout, argv[i]);
			else
				main_help(stdout);
		} else {
			main_help(stdout);
		}
		return 0;
	}
	const char *name = (i < argc && argv[i][0] != '-') ? argv[i] : NULL;
	bool exists;
	const cli_cmd *c = find_cmd(group, name, &exists);
	if (!c) {
		if (!exists) {
			fprintf(stderr, "chitieu: không có lệnh \"%s\" (xem chitieu --help)\n", group);
			return 2;
		}
		if (name && strcmp(name, "--help"))
			fprintf(stderr, "chitieu: lệnh \"%s\" không có \"%s\"\n", group, name);
		bool asked = (i < argc && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")));
		group_help(asked ? stdout : stderr, group);
		return asked ? 0 : 2;
	}
	if (c->name)
		i++; /* consume the sub-command */

	for (; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			cmd_help(stdout, c);
			return 0;
		}
		if (!strcmp(arg, "--no-color")) {
			no_color = true;
			continue;
		}
		if (!strcmp(arg, "--db") && i + 1 < argc) {
			a.db_path = argv[++i];
			continue;
		}
		if (arg[0] == '-' && arg[1] == '-' && arg[2]) {
			const char *oname = arg + 2;
			char tmp[64];
			const char *eq = strchr(oname, '=');
			const char *val = NULL;
			if (eq) {
				size_t n = (size_t)(eq - oname);
				if (n >= sizeof tmp)
					n = sizeof tmp - 1;
				memcpy(tmp, oname, n);
				tmp[n] = '\0';
				oname = tmp;
				val = eq + 1;
			}
			const cli_opt *o = find_opt(c, oname);
			if (!o) {
				fprintf(stderr, "chitieu %s%s%s: không có tùy chọn --%s (xem --help)\n",
					c->group, c->name ? " " : "", c->name ? c->name : "", oname);
				return 2;
			}
			if (o->arg && !val) {
				if (i + 1 >= argc) {
					fprintf(stderr, "chitieu: tùy chọn --%s cần giá trị %s\n", o->name, o->arg);
					return 2;
				}
				val = argv[++i];
			} else if (!o->arg && val) {
				fprintf(stderr, "chitieu: tùy chọn --%s không nhận giá trị\n", o->name);
				return 2;
			}
			if (cli_get(&a, o->name)) {
				fprintf(stderr, "chitieu: tùy chọn --%s được nêu hai lần\n", o->name);
				return 2;
			}
			if (a.n_opts >= CLI_MAX_OPTS) {
				fprintf(stderr, "chitieu: quá nhiều tùy chọn\n");
				return 2;
			}
			a.opt_name[a.n_opts] = o->name;
			a.opt_val[a.n_opts++] = val ? val : "";
			continue;
		}
		if (a.n_pos >= c->max_pos) {
			fprintf(stderr, "chitieu %s%s%s: thừa đối số \"%s\"\n", c->group, c->name ? " " : "",
				c->name ? c->name : "", arg);
			return 2;
		}
		a.pos[a.n_pos++] = arg;
	}
	if (a.n_pos < c->min_pos) {
		fprintf(stderr, "chitieu %s%s%s: thiếu đối số %s\nCách dùng: ", c->group, c->name ? " " : "",
			c->name ? c->name : "", c->pos_help ? c->pos_help : "");
		usage_line(stderr, c);
		return 2;
	}
	a.color = !no_color && isatty(STDOUT_FILENO);

	err e;
	err_clear(&e);
	int rc = c->run(&a, &e);
	if (rc) {
		fprintf(stderr, "chitieu: lỗi: %s\n", e.msg[0] ? e.msg : err_code_name(rc));
		/* 3 only for what failed around the request (database, file, memory);
		 * every refusal of the request itself is 1 (docs/cli.md) */
		return rc == ERR_DB || rc == ERR_IO || rc == ERR_NOMEM || rc == ERR_UNAVAILABLE ? 3 : 1;
	}
	return 0;
}
