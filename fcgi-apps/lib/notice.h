/*
 * notice.h: change notices between the processes of one host.
 *
 * A notice is a 64-bit counter in a small shared file (<metrics_dir>/<name>.gen). A writer
 * bumps it after committing a change; readers compare it with the value they last saw, at
 * the cost of one memory read, and refresh their caches from the database when it moved.
 * Other hosts do not see it: there, readers still poll the database (see catalog.c), so a
 * notice only makes the local case immediate.
 */
#ifndef YW_NOTICE_H
#define YW_NOTICE_H

#include <stdint.h>

typedef struct yw_notice yw_notice;

/* Maps the counter; NULL when dir is unset or the file cannot be mapped. */
yw_notice *yw_notice_open(const char *dir, const char *name);
void yw_notice_bump(yw_notice *n);
/* The current value (0 for a NULL notice). */
uint64_t yw_notice_read(const yw_notice *n);

#endif
