/*
 * prefork.h: the supervisor of an app's worker processes.
 *
 * The master forks `workers` processes that share the listening socket, replaces any that
 * exits abnormally (with a short back-off when they crash in a loop), and on SIGTERM or
 * SIGINT asks every worker to finish its current request and stop, waiting up to a grace
 * period before SIGKILL. Workers die with the master (PR_SET_PDEATHSIG).
 */
#ifndef YW_PREFORK_H
#define YW_PREFORK_H

typedef void (*yw_worker_fn)(void *ctx);

/* Runs the supervisor until a stop signal; returns the exit status for the master. */
int yw_prefork_run(int workers, int grace_seconds, yw_worker_fn fn, void *ctx);

/* In a worker: set once a stop was asked for. */
int yw_prefork_stopping(void);
/* In a worker: its slot, 0 .. workers - 1 (a replacement takes the slot it replaces). */
int yw_prefork_slot(void);

#endif
