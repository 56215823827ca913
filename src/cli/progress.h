/*
 * progress.h - a one-line progress bar on stderr for long commands (demo,
 * import). It draws only when stderr is a terminal, so scripts and tests see
 * clean output.
 */
#ifndef CHITIEU_PROGRESS_H
#define CHITIEU_PROGRESS_H

#include <stdbool.h>

typedef struct progress {
	const char *label;
	bool enabled;
	int last_pct;
} progress;

void progress_init(progress *p, const char *label);
void progress_update(progress *p, long done, long total);
/* Clears the bar's line. */
void progress_done(progress *p);

#endif
