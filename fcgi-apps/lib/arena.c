/*
 * arena.c: the per-request bump allocator (see arena.h).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YW_ARENA_BLOCK 16384
#define YW_ARENA_ALIGN 16

struct yw_arena_block {
	yw_arena_block *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

static yw_arena_block *
block_new(size_t size)
{
	yw_arena_block *b = malloc(sizeof(*b) + size);

	if (b == NULL) {
		fputs("yw_arena: out of memory\n", stderr);
		abort();
	}
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void
yw_arena_init(yw_arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void *
yw_arena_alloc(yw_arena *a, size_t n)
{
	yw_arena_block *b = a->head;
	size_t need = (n + YW_ARENA_ALIGN - 1) & ~(size_t)(YW_ARENA_ALIGN - 1);
	void *p;

	if (n > SIZE_MAX / 2) {
		fputs("yw_arena: absurd allocation\n", stderr);
		abort();
	}
	if (need == 0)
		need = YW_ARENA_ALIGN;
	if (b == NULL || b->size - b->used < need) {
		size_t sz = need > YW_ARENA_BLOCK ? need : YW_ARENA_BLOCK;
		b = block_new(sz);
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *
yw_arena_calloc(yw_arena *a, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size) {
		fputs("yw_arena: overflow\n", stderr);
		abort();
	}
	p = yw_arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
yw_arena_strndup(yw_arena *a, const char *s, size_t n)
{
	char *p = yw_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
yw_arena_strdup(yw_arena *a, const char *s)
{
	return yw_arena_strndup(a, s, strlen(s));
}

char *
yw_arena_printf(yw_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return yw_arena_strdup(a, "");
	p = yw_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
yw_arena_reset(yw_arena *a)
{
	yw_arena_block *b = a->head, *next;

	if (b == NULL)
		return;
	/* Keep the oldest block (the tail): it is the usual working set of a request. */
	while (b->next != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
}

void
yw_arena_free(yw_arena *a)
{
	yw_arena_block *b = a->head, *next;

	while (b != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}
