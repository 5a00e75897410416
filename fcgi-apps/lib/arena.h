/*
 * arena.h: memory that belongs to one request.
 *
 * A bump allocator over a chain of blocks. Everything a handler allocates for a request
 * comes from the request's arena and is released at once by yw_arena_reset() after the
 * response (nginx's request pool, in miniature). Allocation failure aborts the worker:
 * the supervisor replaces it, which is safer than limping on half-allocated state.
 */
#ifndef YW_ARENA_H
#define YW_ARENA_H

#include <stddef.h>

typedef struct yw_arena_block yw_arena_block;

typedef struct {
	yw_arena_block *head;
	size_t total;
} yw_arena;

void yw_arena_init(yw_arena *a);
void *yw_arena_alloc(yw_arena *a, size_t n);
void *yw_arena_calloc(yw_arena *a, size_t n, size_t size);
char *yw_arena_strdup(yw_arena *a, const char *s);
char *yw_arena_strndup(yw_arena *a, const char *s, size_t n);
char *yw_arena_printf(yw_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Releases all but the first block, which is kept for the next request. */
void yw_arena_reset(yw_arena *a);
void yw_arena_free(yw_arena *a);

#endif
