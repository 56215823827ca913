/*
 * adx_period.c - ADX's ISO 8601 interval periods (adx.h): a chitieu period
 * to "start/duration" and back. chitieu holds months, quarters, halves, the
 * first nine months and calendar years; anything else ADX can say (a day, a
 * week, a financial year starting in April...) is refused with a message
 * saying chitieu cannot hold it.
 *
 * Not for: DHIS2's own period codes ("202206": core/period.c).
 */
#include "core/adx.h"

#include <stdio.h>
#include <string.h>

int adx_period_format(buf *b, const period *p)
{
	static const char *const dur[] = {[PERIOD_MONTH] = "P1M", [PERIOD_QUARTER] = "P3M", [PERIOD_HALF] = "P6M",
					  [PERIOD_NINE_MONTHS] = "P9M", [PERIOD_YEAR] = "P1Y"};
	if (!period_valid(p))
		return ERR_INVALID;
	return buf_printf(b, "%04d-%02d-01/%s", p->year, period_first_month(p), dur[p->type]);
}

/* Reads exactly n digits at s into *v; false when they are not all digits. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

int adx_period_parse(const char *s, period *out, err *e)
{
	int y, m, d, n;
	memset(out, 0, sizeof *out);
	if (!s || strlen(s) < 14 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || s[10] != '/' || s[11] != 'P')
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\" không đúng dạng ADX yyyy-mm-dd/PnM (vd 2022-06-01/P1M)",
			       s ? s : "");
	const char *q = s + 12;
	size_t nd = strspn(q, "0123456789");
	if (nd == 0 || nd > 3 || !digits(q, (int)nd, &n) || strlen(q + nd) != 1)
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\": thời lượng không hợp lệ (cần P1M, P3M, P6M, P9M hoặc P1Y)",
			       s);
	char du = q[nd];
	cdate start = {y, m, d};
	if (!cdate_valid(start))
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\": ngày bắt đầu không có thật", s);
	if (du == 'D' || du == 'W')
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\": chitieu không lưu được kỳ theo ngày hoặc tuần "
			       "(chỉ tháng, quý, 6 tháng, 9 tháng, năm)", s);
	if (du == 'Y' && n == 1)
		n = 12, du = 'M';
	if (du != 'M')
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\": thời lượng không hợp lệ (cần P1M, P3M, P6M, P9M hoặc P1Y)",
			       s);
	if (d != 1)
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\": chitieu không lưu được kỳ bắt đầu giữa tháng", s);
	period p = {0, y, 1};
	switch (n) {
	case 1: p.type = PERIOD_MONTH, p.index = m; break;
	case 3: p.type = m % 3 == 1 ? PERIOD_QUARTER : 0, p.index = (m + 2) / 3; break;
	case 6: p.type = m == 1 || m == 7 ? PERIOD_HALF : 0, p.index = m == 7 ? 2 : 1; break;
	case 9: p.type = m == 1 ? PERIOD_NINE_MONTHS : 0; break;
	case 12: p.type = m == 1 ? PERIOD_YEAR : 0; break;
	default: break;
	}
	if (!p.type || !period_valid(&p))
		return err_set(e, ERR_INVALID, "kỳ \"%.60s\": chitieu không lưu được kỳ này (quý bắt đầu tháng 1, 4, 7, "
			       "10; 6 tháng bắt đầu tháng 1 hoặc 7; năm tài chính lệch năm dương lịch không được)", s);
	*out = p;
	return 0;
}
