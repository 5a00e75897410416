/*
 * common.h: the little the two benchmark programs share: a prefork master on a unix
 * socket (like the catalog's: the master listens, N workers call FCGX_Accept_r on the
 * inherited socket, SIGTERM stops them all) and the random X-Request-Id.
 * Benchmark code only (tests/bench); not part of the product.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BENCH_MAX_WORKERS 64

static volatile sig_atomic_t bench_stop;

static void
bench_on_signal(int sig)
{
	(void)sig;
	bench_stop = 1;
}

/* 16 random bytes as 32 hex digits, as the apps do for a request without X-Request-Id. */
static void
bench_request_id(char out[33])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[16];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 15];
	}
	out[32] = '\0';
}

/* Listens on path, forks `workers` processes running fn(fd), waits for SIGTERM/SIGINT. */
static int
bench_prefork(const char *path, int workers, void (*fn)(int fd))
{
	pid_t pids[BENCH_MAX_WORKERS];
	pid_t master = getpid();
	struct sigaction sa;
	int fd;

	if (workers < 1 || workers > BENCH_MAX_WORKERS)
		workers = 2;
	if (FCGX_Init() != 0)
		return 1;
	unlink(path);
	fd = FCGX_OpenSocket(path, 1024);
	if (fd < 0) {
		fprintf(stderr, "cannot listen on %s\n", path);
		return 1;
	}
	chmod(path, 0660);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = bench_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < workers; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != master)
				_exit(0);
			fn(fd);
			_exit(0);
		}
	}
	while (!bench_stop)
		pause();
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	close(fd);
	unlink(path);
	return 0;
}

#endif
