/* test_arena.c: the per-request allocator. */
#include <stdint.h>
#include <string.h>

#include "../../fcgi-apps/lib/arena.h"
#include "check_main.h"

START_TEST(test_allocations_are_aligned_and_distinct)
{
	yw_arena a;
	yw_arena_init(&a);
	char *p = yw_arena_alloc(&a, 3), *q = yw_arena_alloc(&a, 5);
	ck_assert(((uintptr_t)p % 16) == 0 && ((uintptr_t)q % 16) == 0);
	ck_assert(p != q);
	yw_arena_free(&a);
}
END_TEST

START_TEST(test_large_allocation_and_reset)
{
	yw_arena a;
	yw_arena_init(&a);
	for (int i = 0; i < 100; i++)
		memset(yw_arena_alloc(&a, 10000), i, 10000);
	char *big = yw_arena_alloc(&a, 1 << 20);
	memset(big, 1, 1 << 20);
	yw_arena_reset(&a);
	ck_assert_uint_eq(a.total, 0);
	ck_assert_str_eq(yw_arena_printf(&a, "%s-%d", "x", 42), "x-42");
	ck_assert_str_eq(yw_arena_strndup(&a, "abcdef", 3), "abc");
	yw_arena_free(&a);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("arena");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_allocations_are_aligned_and_distinct);
	tcase_add_test(t, test_large_allocation_and_reset);
	suite_add_tcase(s, t);
	return s;
}
