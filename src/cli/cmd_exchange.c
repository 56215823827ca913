/*
 * cmd_exchange.c - `chitieu export --format dhis2-json|dhis2-csv|adx`: the
 * values the way DHIS2 exchanges them, the same documents as
 * GET /api/dataValueSets (core/dvs_export.c), streamed to the file in
 * pieces, through the DHIS2 mapping (core/xmap.h; --id-scheme UID, CODE or
 * NAME). The CLI is the database's owner: every unit, no scope.
 *
 * Not for: chitieu's own CSV (cmd_value.c, export_values_csv).
 */
#include "cli/cli.h"
#include "core/dvs_export.h"
#include "core/xmap.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int cli_export_dhis2(const cli_args *a, struct store *s, FILE *out, int fmt, long *rows, err *e)
{
	const char *ind = cli_get(a, "indicator"), *un = cli_get(a, "unit"), *per = cli_get(a, "period");
	dvs_filter f;
	memset(&f, 0, sizeof f);
	period p;
	int year = 0;
	int rc = cli_int(a, "year", 1900, 9999, &year, e);
	if (rc)
		return rc;
	if (per && (rc = period_parse(per, &p, e)))
		return rc;
	if (ind && *ind) {
		f.indicators = &ind;
		f.n_indicators = 1;
	}
	if (un && *un) {
		f.units = &un;
		f.n_units = 1;
	}
	if (per) {
		f.periods = &p;
		f.n_periods = 1;
	}
	if (year) {
		f.start = (cdate){year, 1, 1};
		f.end = (cdate){year, 12, 31};
	}
	const char *sc = cli_get(a, "id-scheme");
	int k = xmap_scheme_parse(sc);
	if (k < 0)
		return err_set(e, ERR_INVALID, "--id-scheme phải là UID, CODE hoặc NAME (nhận: %s)", sc);
	f.de_scheme = f.ou_scheme = k;
	xmap *map = NULL;
	if ((rc = xmap_load(s, &map, e)))
		return rc;
	f.map = map;
	buf b;
	buf_init(&b, 0);
	rc = dvs_export(s, &f, (dvs_format)fmt, &b, out, rows, e);
	buf_free(&b);
	xmap_free(map);
	return rc;
}
