/*
 * extract_store.c - the extractor over a database's catalogue: reads the
 * indicators and units once and runs extract_run (extract.h), for the CLI
 * and the API alike.
 *
 * Not for: who may see which unit (the API filters the proposals) or writing.
 */
#include "core/extract.h"
#include "store/store.h"

#include <stdlib.h>

int extract_with_store(store *s, const char *text, size_t len, const char *unit_code, int year,
		       extract_result *out, err *e)
{
	indicator *inds = NULL;
	unit *units = NULL;
	size_t ni = 0, nu = 0;
	int rc = store_indicator_list(s, &inds, &ni, e);
	if (!rc)
		rc = store_unit_list(s, NULL, NULL, &units, &nu, e);
	if (!rc) {
		extract_opts o = {inds, ni, units, nu, unit_code, year};
		rc = extract_run(text, len, &o, out, e);
	}
	free(inds);
	free(units);
	return rc;
}
