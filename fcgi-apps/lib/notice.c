/*
 * notice.c: shared counters for change notices (see notice.h).
 */
#include "notice.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct yw_notice {
	uint64_t *counter;
};

yw_notice *
yw_notice_open(const char *dir, const char *name)
{
	char path[1200];
	yw_notice *n;
	void *p;
	int fd;

	if (dir == NULL || *dir == '\0')
		return NULL;
	mkdir(dir, 0750);
	snprintf(path, sizeof(path), "%s/%s.gen", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, sizeof(uint64_t)) != 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	n = malloc(sizeof(*n));
	if (n == NULL) {
		munmap(p, sizeof(uint64_t));
		return NULL;
	}
	n->counter = p;
	return n;
}

void
yw_notice_bump(yw_notice *n)
{
	if (n != NULL)
		__atomic_fetch_add(n->counter, 1, __ATOMIC_RELEASE);
}

uint64_t
yw_notice_read(const yw_notice *n)
{
	return n != NULL ? __atomic_load_n(n->counter, __ATOMIC_ACQUIRE) : 0;
}
