/*
 * report_doc.c - the document model of report_doc.h: adding blocks and
 * freeing. Not for: building a report or a notice, or writing either.
 */
#include "core/report_doc.h"

#include <stdlib.h>
#include <string.h>

int report_doc_add(report_doc *d, report_block_kind k, const char *text, int ind_index, err *e)
{
	if (!text || !*text)
		return 0; /* an emptied template leaves nothing behind */
	if (d->n_blocks == d->cap_blocks) {
		size_t nc = d->cap_blocks ? d->cap_blocks * 2 : 64;
		report_block *nb = realloc(d->blocks, nc * sizeof *nb);
		if (!nb)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập văn bản");
		d->blocks = nb;
		d->cap_blocks = nc;
	}
	char *t = strdup(text);
	if (!t)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập văn bản");
	d->blocks[d->n_blocks++] = (report_block){k, t, ind_index};
	return 0;
}

void report_doc_free(report_doc *d)
{
	if (!d)
		return;
	free(d->issuer);
	free(d->number);
	free(d->date_line);
	free(d->doc_type);
	free(d->title);
	free(d->signature);
	free(d->signer);
	free(d->recipients);
	for (size_t i = 0; i < d->n_blocks; i++)
		free(d->blocks[i].text);
	free(d->blocks);
	memset(d, 0, sizeof *d);
}
