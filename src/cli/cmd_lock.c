/*
 * cmd_lock.c - `chitieu lock status|close|reopen|list|config`: period locking from
 * the command line. The CLI is the administrator's tool on the machine: it
 * shows and changes locks but is never refused by them (`chitieu value set`
 * and `import` write into closed periods; only the server enforces locks).
 *
 * "Today" is the Vietnam date now, or $CHITIEU_TODAY (yyyy-mm-dd, for tests
 * and demos only), as for the server. Not for: the rules (src/core/lock.c).
 */
#include "cli/cli.h"
#include "core/lock.h"
#include "util/text.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Today in Vietnam, or $CHITIEU_TODAY. */
static int today_of(cdate *out, err *e)
{
	const char *v = getenv("CHITIEU_TODAY");
	if (v && *v) {
		int rc = vn_parse_date(v, out, e);
		return rc ? err_prefix(e, "biến môi trường CHITIEU_TODAY: ") : 0;
	}
	*out = lock_day_of((int64_t)time(NULL));
	return 0;
}

static void put_date(buf *b, cdate d)
{
	vn_format_date(b, d);
}

/* --unit and --period. */
static int unit_period(const cli_args *a, const char **unit_code, period *p, err *e)
{
	const char *pc;
	int rc;
	if ((rc = cli_need(a, "unit", unit_code, e)) || (rc = cli_need(a, "period", &pc, e)))
		return rc;
	return period_parse(pc, p, e);
}

/* One status paragraph of (unit, period). */
static void status_text(buf *b, const char *unit_code, const period *p, const lock_status *st)
{
	buf_puts(b, "Kỳ ");
	period_format_label(b, p);
	buf_printf(b, ", đơn vị %s: ", unit_code);
	if (st->reopened)
		buf_puts(b, "MỞ LẠI");
	else if (!st->open)
		buf_puts(b, "ĐÃ KHÓA");
	else if (!st->enabled)
		buf_puts(b, "mở (khóa kỳ theo lịch đang tắt)");
	else
		buf_puts(b, "đang mở");
	buf_puts(b, "\n  hạn báo cáo: ");
	put_date(b, st->due);
	buf_puts(b, "; nhập được đến hết ngày ");
	put_date(b, st->deadline);
	buf_puts(b, " (giờ Việt Nam)\n");
	if (st->closed_by_hand) {
		buf_puts(b, "  khóa sổ ngày ");
		put_date(b, lock_day_of(st->close.at));
		buf_printf(b, " cho đơn vị %s, bởi %s: %s\n", st->close.unit_code, st->close.by,
			   st->close.reason);
	}
	if (st->reopened) {
		buf_puts(b, "  mở lại đến hết ngày ");
		put_date(b, st->reopen.until);
		buf_printf(b, " cho đơn vị %s, bởi %s: %s\n", st->reopen.unit_code, st->reopen.by,
			   st->reopen.reason);
	} else if (!st->open) {
		err m;
		lock_refusal(unit_code, p, st, &m);
		buf_printf(b, "  %s\n", m.msg);
	}
}

static int cmd_lock_status(const cli_args *a, err *e)
{
	const char *unit_code;
	period p;
	cdate today;
	store *s = NULL;
	lock_status st;
	int rc;
	if ((rc = unit_period(a, &unit_code, &p, e)))
		return rc;
	if (cli_get(a, "on")) {
		if ((rc = vn_parse_date(cli_get(a, "on"), &today, e)))
			return err_prefix(e, "--on: ");
	} else if ((rc = today_of(&today, e))) {
		return rc;
	}
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = lock_status_get(s, unit_code, &p, today, &st, e);
	store_close(s);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 1 << 16);
	status_text(&b, unit_code, &p, &st);
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static int cmd_lock_reopen(const cli_args *a, err *e)
{
	store_reopen r;
	const char *unit_code, *reason;
	cdate today;
	store *s = NULL;
	int rc;
	memset(&r, 0, sizeof r);
	if ((rc = unit_period(a, &unit_code, &r.period, e)) || (rc = cli_need(a, "reason", &reason, e)) ||
	    (rc = today_of(&today, e)))
		return rc;
	if ((rc = model_set_text(r.unit_code, sizeof r.unit_code, unit_code, "unit", e)) ||
	    (rc = model_set_text(r.reason, sizeof r.reason, reason, "reason", e)))
		return rc;
	if (cli_get(a, "until") && (rc = vn_parse_date(cli_get(a, "until"), &r.until, e)))
		return err_prefix(e, "--until: ");
	snprintf(r.by, sizeof r.by, "%s", cli_who(a));
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = lock_reopen(s, &r, today, e);
	store_close(s);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 4096);
	buf_puts(&b, "Đã mở lại kỳ ");
	period_format_label(&b, &r.period);
	buf_printf(&b, " cho đơn vị %s (và các đơn vị trực thuộc) đến hết ngày ", r.unit_code);
	put_date(&b, r.until);
	buf_puts(&b, ".\n");
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static int cmd_lock_close(const cli_args *a, err *e)
{
	store_closing c;
	const char *unit_code, *reason;
	cdate today;
	store *s = NULL;
	int rc;
	memset(&c, 0, sizeof c);
	if ((rc = unit_period(a, &unit_code, &c.period, e)) || (rc = cli_need(a, "reason", &reason, e)) ||
	    (rc = today_of(&today, e)))
		return rc;
	if ((rc = model_set_text(c.unit_code, sizeof c.unit_code, unit_code, "unit", e)) ||
	    (rc = model_set_text(c.reason, sizeof c.reason, reason, "reason", e)))
		return rc;
	snprintf(c.by, sizeof c.by, "%s", cli_who(a));
	if ((rc = cli_open(a, &s, e)) == 0)
		rc = lock_close(s, &c, today, e);
	store_close(s);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 4096);
	buf_puts(&b, "Đã khóa sổ kỳ ");
	period_format_label(&b, &c.period);
	buf_printf(&b, " cho đơn vị %s (và các đơn vị trực thuộc); mở lại bằng chitieu lock reopen.\n",
		   c.unit_code);
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static int cmd_lock_list(const cli_args *a, err *e)
{
	cdate today, on = {0, 0, 0};
	store *s = NULL;
	store_reopen *rs = NULL;
	size_t n = 0;
	int rc = today_of(&today, e);
	if (rc)
		return rc;
	if (!cli_flag(a, "all"))
		on = today;
	store_closing *cs = NULL;
	size_t nc = 0;
	if ((rc = cli_open(a, &s, e)) == 0 &&
	    (rc = store_reopen_list(s, cli_get(a, "unit"), on, &rs, &n, e)) == 0)
		rc = store_closing_list(s, cli_get(a, "unit"), &cs, &nc, e);
	store_close(s);
	if (rc) {
		free(rs);
		return rc;
	}
	buf b;
	buf_init(&b, (size_t)1 << 24);
	text_pad(&b, "đơn vị", 10, false);
	text_pad(&b, "kỳ", 24, false);
	text_pad(&b, "đến hết ngày", 14, false);
	text_pad(&b, "người mở", 14, false);
	buf_puts(&b, "lý do\n");
	for (size_t i = 0; i < n; i++) {
		buf lb;
		buf_init(&lb, 256);
		period_format_label(&lb, &rs[i].period);
		text_pad(&b, rs[i].unit_code, 10, false);
		text_pad(&b, buf_cstr(&lb), 24, false);
		buf_reset(&lb);
		vn_format_date(&lb, rs[i].until);
		if (cdate_cmp(rs[i].until, today) < 0)
			buf_puts(&lb, "*");
		text_pad(&b, buf_cstr(&lb), 14, false);
		buf_free(&lb);
		text_pad(&b, rs[i].by, 14, false);
		buf_printf(&b, "%s\n", rs[i].reason);
	}
	buf_printf(&b, "(%zu lần mở lại%s)\n", n,
		   cli_flag(a, "all") ? "; * = đã hết hạn" : " còn hiệu lực; --all để xem cả lần đã hết hạn");
	if (nc) {
		buf_puts(&b, "\n");
		text_pad(&b, "đơn vị", 10, false);
		text_pad(&b, "kỳ", 24, false);
		text_pad(&b, "khóa ngày", 14, false);
		text_pad(&b, "người khóa", 14, false);
		buf_puts(&b, "lý do\n");
	}
	for (size_t i = 0; i < nc; i++) {
		buf lb;
		buf_init(&lb, 256);
		period_format_label(&lb, &cs[i].period);
		text_pad(&b, cs[i].unit_code, 10, false);
		text_pad(&b, buf_cstr(&lb), 24, false);
		buf_reset(&lb);
		vn_format_date(&lb, lock_day_of(cs[i].at));
		text_pad(&b, buf_cstr(&lb), 14, false);
		buf_free(&lb);
		text_pad(&b, cs[i].by, 14, false);
		buf_printf(&b, "%s\n", cs[i].reason);
	}
	if (nc)
		buf_printf(&b, "(%zu lần khóa sổ bằng tay)\n", nc);
	free(rs);
	free(cs);
	rc = cli_print(b.data, b.len, e);
	buf_free(&b);
	return rc;
}

static int cmd_lock_config(const cli_args *a, err *e)
{
	store *s = NULL;
	lock_config c;
	bool change = false;
	int rc = cli_open(a, &s, e);
	if (!rc)
		rc = lock_config_load(s, &c, e);
	if (rc)
		goto done;
	static const struct {
		const char *opt;
		size_t off;
	} ints[] = {
		{"cutoff-day", offsetof(lock_config, cal.cutoff_day)},
		{"due-day", offsetof(lock_config, cal.due_day)},
		{"due-months-after", offsetof(lock_config, cal.due_months_after)},
		{"grace-days", offsetof(lock_config, grace_days)},
	};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		int v;
		memcpy(&v, (char *)&c + ints[i].off, sizeof v);
		if ((rc = cli_int(a, ints[i].opt, 0, 1000, &v, e)))
			goto done;
		memcpy((char *)&c + ints[i].off, &v, sizeof v);
		change = change || cli_get(a, ints[i].opt);
	}
	const char *en = cli_get(a, "enabled");
	if (en) {
		if (strcmp(en, "yes") && strcmp(en, "no")) {
			rc = err_set(e, ERR_INVALID, "--enabled \"%s\": yes hoặc no", en);
			goto done;
		}
		c.enabled = !strcmp(en, "yes");
		change = true;
	}
	if (change && (rc = lock_config_save(s, &c, e)))
		goto done;
	printf("%s khóa kỳ: %s\n", change ? "Đã lưu thiết lập" : "Thiết lập", c.enabled ? "bật" : "tắt");
	printf("  ngày chốt số liệu (cutoff-day):        %d%s\n", c.cal.cutoff_day,
	       c.cal.cutoff_day ? "" : " (cuối tháng)");
	printf("  ngày hạn báo cáo (due-day):            %d%s\n", c.cal.due_day,
	       c.cal.due_day ? "" : " (cuối tháng)");
	printf("  hạn vào tháng sau (due-months-after):  %d\n", c.cal.due_months_after);
	printf("  số ngày gia hạn (grace-days):          %d\n", c.grace_days);
done:
	store_close(s);
	return rc;
}

static const cli_opt status_opts[] = {
	{"unit", "MÃ", "đơn vị"},
	{"period", "KỲ", "kỳ: 202206, 2022Q2, 2022S1, 2022"},
	{"on", "NGÀY", "xem vào ngày này (mặc định hôm nay)"},
	{NULL, NULL, NULL},
};
static const cli_opt reopen_opts[] = {
	{"unit", "MÃ", "đơn vị (các đơn vị trực thuộc được mở theo)"},
	{"period", "KỲ", "kỳ: 202206, 2022Q2, 2022S1, 2022"},
	{"until", "NGÀY", "mở đến hết ngày này (mặc định 7 ngày sau hôm nay)"},
	{"reason", "LÝ_DO", "lý do mở lại (bắt buộc, được lưu lại)"},
	{"by", "TÊN", "người mở lại (mặc định $CHITIEU_USER, $USER)"},
	{NULL, NULL, NULL},
};
static const cli_opt close_opts[] = {
	{"unit", "MÃ", "đơn vị (các đơn vị trực thuộc bị khóa theo)"},
	{"period", "KỲ", "kỳ: 202206, 2022Q2, 2022S1, 2022"},
	{"reason", "LÝ_DO", "lý do khóa sổ (bắt buộc, được lưu lại)"},
	{"by", "TÊN", "người khóa (mặc định $CHITIEU_USER, $USER)"},
	{NULL, NULL, NULL},
};
static const cli_opt list_opts[] = {
	{"unit", "MÃ", "chỉ các lần mở lại của đơn vị này"},
	{"all", NULL, "cả những lần đã hết hạn"},
	{NULL, NULL, NULL},
};
static const cli_opt config_opts[] = {
	{"cutoff-day", "N", "ngày chốt số liệu trong tháng cuối kỳ (14; 0 = cuối tháng)"},
	{"due-day", "N", "ngày hạn báo cáo (25; 0 = cuối tháng)"},
	{"due-months-after", "N", "hạn báo cáo vào tháng thứ N sau tháng cuối kỳ (0)"},
	{"grace-days", "N", "số ngày còn được nhập sau hạn báo cáo (0)"},
	{"enabled", "yes|no", "bật hoặc tắt khóa kỳ"},
	{NULL, NULL, NULL},
};

const cli_cmd cli_lock_cmds[] = {
	{"lock", "status", 0, 0, NULL, status_opts, cmd_lock_status,
	 "Kỳ của một đơn vị còn mở nhập hay đã khóa",
	 "Một kỳ khóa nhập trên máy chủ sau hết ngày hạn báo cáo (cộng số ngày gia hạn), giờ Việt Nam.\n"
	 "Dòng lệnh này không bị khóa: chitieu value set, import vẫn ghi được (công cụ của quản trị).\n"
	 "Ví dụ: chitieu lock status --unit 01837 --period 202206"},
	{"lock", "reopen", 0, 0, NULL, reopen_opts, cmd_lock_reopen,
	 "Mở lại một kỳ đã khóa cho một đơn vị (và các đơn vị trực thuộc)",
	 "Ví dụ: chitieu lock reopen --unit 01837 --period 202206 --until 30/06/2022 \\\n"
	 "         --reason \"bổ sung số liệu thu ngân sách\""},
	{"lock", "close", 0, 0, NULL, close_opts, cmd_lock_close,
	 "Khóa sổ một kỳ cho một đơn vị (và các đơn vị trực thuộc), trước hoặc sau hạn",
	 "Kỳ đã khóa sổ không nhập được trên máy chủ cho đến khi quản trị mở lại (lock reopen);\n"
	 "lần khóa hay mở lại sau cùng quyết định. Khóa cả khi khóa kỳ theo lịch đang tắt.\n"
	 "Ví dụ: chitieu lock close --unit 058 --period 202206 --reason \"đã chốt số báo cáo tỉnh\""},
	{"lock", "list", 0, 0, NULL, list_opts, cmd_lock_list, "Liệt kê các lần mở lại và khóa sổ kỳ", NULL},
	{"lock", "config", 0, 0, NULL, config_opts, cmd_lock_config,
	 "Xem hoặc sửa thiết lập khóa kỳ (lịch báo cáo, gia hạn, bật/tắt)",
	 "Mặc định theo Nghị định 09/2019/NĐ-CP: chốt số liệu ngày 14, hạn báo cáo ngày 25 của\n"
	 "tháng cuối kỳ, không gia hạn. Ví dụ: chitieu lock config --due-day 20 --grace-days 3"},
	{NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
