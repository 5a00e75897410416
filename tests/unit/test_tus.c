/* test_tus.c: the tus 1.0.0 header parsers (lib/tus.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../fcgi-apps/lib/tus.h"
#include "check_main.h"

static yw_arena arena;

static void
setup(void)
{
	yw_arena_init(&arena);
}

static void
teardown(void)
{
	yw_arena_free(&arena);
}

START_TEST(test_uint_accepts_plain_decimal)
{
	int64_t v = -1;
	ck_assert_int_eq(yw_tus_parse_uint("0", &v), YW_OK);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(yw_tus_parse_uint("20971520", &v), YW_OK);
	ck_assert_int_eq(v, 20971520);
	ck_assert_int_eq(yw_tus_parse_uint("9223372036854775807", &v), YW_OK);
	ck_assert(v == INT64_MAX);
}
END_TEST

START_TEST(test_uint_rejects_sign_space_and_garbage)
{
	static const char *bad[] = { "", "-1", "+1", " 1", "1 ", "0x10", "1e3", "1.0", "12a",
		"١٢" };
	int64_t v = 7;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(yw_tus_parse_uint(bad[i], &v) == YW_E_BAD_REQUEST, "%s", bad[i]);
		ck_assert_int_eq(v, 7);
	}
	ck_assert_int_eq(yw_tus_parse_uint(NULL, &v), YW_E_BAD_REQUEST);
}
END_TEST

START_TEST(test_uint_rejects_overflow)
{
	int64_t v;
	ck_assert_int_eq(yw_tus_parse_uint("9223372036854775808", &v), YW_E_BAD_REQUEST);
	ck_assert_int_eq(yw_tus_parse_uint("18446744073709551616", &v), YW_E_BAD_REQUEST);
	ck_assert_int_eq(yw_tus_parse_uint("99999999999999999999999", &v), YW_E_BAD_REQUEST);
}
END_TEST

START_TEST(test_metadata_as_tus_js_client_sends_it)
{
	/* filename "申请书.pdf", filetype "application/pdf", and a key without a value */
	const char *h =
	    "filename 55Sz6K+35LmmLnBkZg==,filetype YXBwbGljYXRpb24vcGRm,is_confidential";
	yw_tus_meta *m;
	size_t n;
	const yw_tus_meta *f;
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, h, &m, &n), YW_OK);
	ck_assert_uint_eq(n, 3);
	f = yw_tus_meta_get(m, n, "filename");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->value, "申请书.pdf");
	ck_assert_uint_eq(f->value_len, strlen("申请书.pdf"));
	ck_assert_str_eq(yw_tus_meta_get(m, n, "filetype")->value, "application/pdf");
	f = yw_tus_meta_get(m, n, "is_confidential");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_null(f->value);
	ck_assert_ptr_null(yw_tus_meta_get(m, n, "missing"));
}
END_TEST

START_TEST(test_metadata_spaces_around_pairs_and_missing_padding)
{
	yw_tus_meta *m;
	size_t n;
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, "  a YQ , b YWI  ", &m, &n), YW_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(yw_tus_meta_get(m, n, "a")->value, "a");
	ck_assert_str_eq(yw_tus_meta_get(m, n, "b")->value, "ab");
}
END_TEST

START_TEST(test_metadata_empty_header_has_no_pairs)
{
	yw_tus_meta *m;
	size_t n = 9;
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, NULL, &m, &n), YW_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, "   ", &m, &n), YW_OK);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_metadata_binary_value_keeps_its_length)
{
	yw_tus_meta *m;
	size_t n;
	/* "a\0b" */
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, "k YQBi", &m, &n), YW_OK);
	ck_assert_uint_eq(m[0].value_len, 3);
	ck_assert(memcmp(m[0].value, "a\0b", 3) == 0);
}
END_TEST

START_TEST(test_metadata_rejects_malformed)
{
	static const char *bad[] = {
		"filename", /* fine alone: checked below as good */
		",",
		"a YQ==,",
		",a YQ==",
		"a YQ==,,b YQ==",
		"a YQ== extra",
		"a !!!!",
		"a YQ=",
		"a Y",
		"a YR==",
		"a YQ==,a YQ==",
		"k\x01 YQ==",
		"ключ YQ==",
	};
	yw_tus_meta *m;
	size_t n;
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, bad[0], &m, &n), YW_OK);
	for (size_t i = 1; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(yw_tus_parse_metadata(&arena, bad[i], &m, &n) == YW_E_BAD_REQUEST,
		    "%s", bad[i]);
}
END_TEST

START_TEST(test_metadata_too_many_pairs_is_bad)
{
	char h[4096] = "";
	yw_tus_meta *m;
	size_t n;
	for (int i = 0; i <= YW_TUS_MAX_META; i++) {
		char pair[16];
		snprintf(pair, sizeof(pair), "%sk%d", i ? "," : "", i);
		strcat(h, pair);
	}
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, h, &m, &n), YW_E_BAD_REQUEST);
}
END_TEST

START_TEST(test_metadata_overlong_key_is_bad)
{
	char h[300];
	yw_tus_meta *m;
	size_t n;
	memset(h, 'k', 129);
	h[129] = '\0';
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, h, &m, &n), YW_E_BAD_REQUEST);
	h[128] = '\0';
	ck_assert_int_eq(yw_tus_parse_metadata(&arena, h, &m, &n), YW_OK);
}
END_TEST

START_TEST(test_checksum_sha1)
{
	/* SHA-1("abc") */
	static const unsigned char want[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a,
		0xba, 0x3e, 0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
	yw_tus_checksum ck;
	ck_assert_int_eq(yw_tus_parse_checksum("sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", &ck), YW_OK);
	ck_assert_str_eq(ck.algorithm, "sha1");
	ck_assert_uint_eq(ck.digest_len, 20);
	ck_assert(memcmp(ck.digest, want, 20) == 0);
}
END_TEST

START_TEST(test_checksum_other_algorithm_parses)
{
	yw_tus_checksum ck;
	ck_assert_int_eq(yw_tus_parse_checksum("md5 kAFQmDzST7DWlj99KOF/cg==", &ck), YW_OK);
	ck_assert_str_eq(ck.algorithm, "md5");
	ck_assert_uint_eq(ck.digest_len, 16);
}
END_TEST

START_TEST(test_checksum_rejects_malformed)
{
	static const char *bad[] = {
		"", "sha1", "sha1 ", " sha1 qZk+",
		"SHA1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", "sha1  qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
		"sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0= ", "sha1 !!!!",
		"averyveryverylongalgorithm qZk+",
		"sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=="
		"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
	};
	yw_tus_checksum ck;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(yw_tus_parse_checksum(bad[i], &ck) == YW_E_BAD_REQUEST, "%s", bad[i]);
	ck_assert_int_eq(yw_tus_parse_checksum(NULL, &ck), YW_E_BAD_REQUEST);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("tus");
	TCase *tc = tcase_create("headers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_uint_accepts_plain_decimal);
	tcase_add_test(tc, test_uint_rejects_sign_space_and_garbage);
	tcase_add_test(tc, test_uint_rejects_overflow);
	tcase_add_test(tc, test_metadata_as_tus_js_client_sends_it);
	tcase_add_test(tc, test_metadata_spaces_around_pairs_and_missing_padding);
	tcase_add_test(tc, test_metadata_empty_header_has_no_pairs);
	tcase_add_test(tc, test_metadata_binary_value_keeps_its_length);
	tcase_add_test(tc, test_metadata_rejects_malformed);
	tcase_add_test(tc, test_metadata_too_many_pairs_is_bad);
	tcase_add_test(tc, test_metadata_overlong_key_is_bad);
	tcase_add_test(tc, test_checksum_sha1);
	tcase_add_test(tc, test_checksum_other_algorithm_parses);
	tcase_add_test(tc, test_checksum_rejects_malformed);
	suite_add_tcase(s, tc);
	return s;
}
