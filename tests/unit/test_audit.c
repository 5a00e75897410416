/* test_audit.c: the audit trail's canonical serialisation and hash (lib/audit.h), checked
 * against values computed independently (Python's hashlib over the documented format). */
#include <string.h>

#include "../../fcgi-apps/lib/audit.h"
#include "check_main.h"

static const char Z[] = "0000000000000000000000000000000000000000000000000000000000000000";

START_TEST(test_known_hashes)
{
	char h[65];

	yw_audit_hash("1", "2026-11-29 08:00:00.000000", "{\"role\":\"clerk\"}", "accept", "42",
	    "{\"from\":\"submitted\"}", Z, h);
	ck_assert_str_eq(h, "853a1184ab4ee1c9c3673d2a75c296c83e399d1d3775f3868f9fba9eba73ed9e");
	/* no application: the empty field */
	yw_audit_hash(
	    "1", "2026-11-29 08:00:00.000000", "{\"role\":\"clerk\"}", "accept", "", "{}", Z, h);
	ck_assert_str_eq(h, "55c85d1617b7f926cae55590c6652c9cebf5b7f97c7d107c8a6c56d63ea6a072");
}
END_TEST

/* Length prefixes: moving a character from one field to the next changes the hash. */
START_TEST(test_fields_are_unambiguous)
{
	char a[65], b[65];

	yw_audit_hash("1", "t", "ab", "c", "", "{}", Z, a);
	yw_audit_hash("1", "t", "a", "bc", "", "{}", Z, b);
	ck_assert_str_ne(a, b);
	yw_audit_hash("1", "t", "a", "b\n1:c", "", "{}", Z, a);
	yw_audit_hash("1", "t", "a", "b", "c", "{}", Z, b);
	ck_assert_str_ne(a, b);
}
END_TEST

/* Every field is covered: changing any one changes the hash. */
START_TEST(test_every_field_counts)
{
	const char *f[7] = { "7", "2026-01-01 00:00:00.000000", "{}", "deny", "3", "{}", Z };
	char base[65], h[65];

	yw_audit_hash(f[0], f[1], f[2], f[3], f[4], f[5], f[6], base);
	for (int i = 0; i < 7; i++) {
		const char *g[7];
		memcpy(g, f, sizeof(g));
		g[i] = "x";
		yw_audit_hash(g[0], g[1], g[2], g[3], g[4], g[5], g[6], h);
		ck_assert_str_ne(h, base);
	}
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("audit");
	TCase *t = tcase_create("hash");

	tcase_add_test(t, test_known_hashes);
	tcase_add_test(t, test_fields_are_unambiguous);
	tcase_add_test(t, test_every_field_counts);
	suite_add_tcase(s, t);
	return s;
}
