/*
 * prefork.c: the prefork supervisor (see prefork.h).
 */
#include "prefork.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "metrics.h"

#define YW_MAX_WORKERS 256

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t worker_stop;
static int worker_slot;

static void
on_master_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void
on_worker_signal(int sig)
{
	(void)sig;
	worker_stop = 1;
	/* Makes a blocked accept() in FCGX_Accept_r give up (async-signal-safe). */
	FCGX_ShutdownPending();
}

int
yw_prefork_stopping(void)
{
	return worker_stop;
}

int
yw_prefork_slot(void)
{
	return worker_slot;
}

static pid_t
spawn(yw_worker_fn fn, void *ctx, pid_t master, int slot)
{
	sigset_t block, old;
	pid_t pid;

	/* A stop signal between fork() and the worker's own handlers must not be lost. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid != 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return pid;
	}
	/* Worker. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_worker_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: accept() must return EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (getppid() != master)
		_exit(0);
	worker_slot = slot;
	fn(ctx);
	/* exit(), not _exit(): LeakSanitizer checks the worker's memory at exit. */
	exit(0);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !stop_requested)
		;
}

int
yw_prefork_run(int workers, int grace_seconds, yw_worker_fn fn, void *ctx)
{
	pid_t pids[YW_MAX_WORKERS];
	struct timespec born[YW_MAX_WORKERS];
	struct sigaction sa;
	pid_t self = getpid();
	int alive = 0, crashes_in_a_row = 0;

	if (workers < 1)
		workers = 1;
	if (workers > YW_MAX_WORKERS)
		workers = YW_MAX_WORKERS;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_master_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);

	for (int i = 0; i < workers; i++) {
		pids[i] = spawn(fn, ctx, self, i);
		clock_gettime(CLOCK_MONOTONIC, &born[i]);
		if (pids[i] > 0)
			alive++;
	}
	yw_log_info("started %d workers", alive);

	while (!stop_requested) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD) {
				sleep_ms(200);
				/* fall through to refill empty slots */
			} else {
				break;
			}
		}
		for (int i = 0; i < workers; i++) {
			if (pid > 0 && pids[i] == pid) {
				struct timespec now;
				clock_gettime(CLOCK_MONOTONIC, &now);
				if (WIFSIGNALED(status))
					yw_log_error("worker %d killed by signal %d; replacing it",
					    (int)pid, WTERMSIG(status));
				else if (WEXITSTATUS(status) != 0)
					yw_log_error("worker %d exited with %d; replacing it",
					    (int)pid, WEXITSTATUS(status));
				if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0)
					yw_metrics_worker_restart();
				/* A worker that dies within a second of birth: back off, up to 5 s. */
				if (now.tv_sec - born[i].tv_sec < 1)
					crashes_in_a_row++;
				else
					crashes_in_a_row = 0;
				pids[i] = -1;
			}
			if (pids[i] <= 0 && !stop_requested) {
				if (crashes_in_a_row > 0)
					sleep_ms(
					    crashes_in_a_row > 10 ? 5000 : 200L * crashes_in_a_row);
				if (stop_requested)
					break;
				pids[i] = spawn(fn, ctx, self, i);
				clock_gettime(CLOCK_MONOTONIC, &born[i]);
			}
		}
	}

	/* Graceful stop: each worker finishes its request, then leaves its accept loop. */
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (int waited = 0; waited < grace_seconds * 10; waited++) {
		int left = 0;
		for (int i = 0; i < workers; i++) {
			if (pids[i] > 0 && waitpid(pids[i], NULL, WNOHANG) == pids[i])
				pids[i] = -1;
			if (pids[i] > 0)
				left++;
		}
		if (left == 0)
			return 0;
		struct timespec ts = { 0, 100000000L };
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
		}
	return 0;
}
