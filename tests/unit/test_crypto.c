/* test_crypto.c: base64/base64url, hex, SHA-256, password hashes. */
#include <string.h>

#include "../../fcgi-apps/lib/crypto.h"
#include "../../fcgi-apps/lib/password.h"
#include "check_main.h"

START_TEST(test_base64_rfc4648_vectors)
{
	static const char *in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *out[] = { "", "Zg==", "Zm8=", "Zm9v",
		"Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	char buf[32];
	unsigned char dec[32];
	for (size_t i = 0; i < 7; i++) {
		yw_b64_encode((const unsigned char *)in[i], strlen(in[i]), buf);
		ck_assert_str_eq(buf, out[i]);
		ck_assert_int_eq(
		    yw_b64_decode(out[i], strlen(out[i]), dec, sizeof(dec)), (long)strlen(in[i]));
		ck_assert(memcmp(dec, in[i], strlen(in[i])) == 0);
	}
}
END_TEST

START_TEST(test_base64url_has_no_padding_and_rejects_garbage)
{
	unsigned char raw[] = { 0xfb, 0xff, 0xfe };
	unsigned char dec[8];
	char buf[16];
	yw_b64url_encode(raw, 3, buf);
	ck_assert_str_eq(buf, "-__-");
	ck_assert_int_eq(yw_b64url_encode(raw, 2, buf), 3);
	ck_assert_int_eq(yw_b64url_decode("-__-", 4, dec, sizeof(dec)), 3);
	ck_assert_int_eq(yw_b64url_decode("a", 1, dec, sizeof(dec)), -1);
	ck_assert_int_eq(yw_b64url_decode("ab+/", 4, dec, sizeof(dec)), -1);
	ck_assert_int_eq(yw_b64url_decode("Zh", 2, dec, sizeof(dec)), -1); /* non-canonical */
}
END_TEST

START_TEST(test_sha256_known_vector)
{
	unsigned char h[32];
	char hex[65];
	yw_sha256("abc", 3, h);
	yw_hex(h, 32, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(test_random_bytes_differ)
{
	unsigned char a[32], b[32];
	yw_random_bytes(a, 32);
	yw_random_bytes(b, 32);
	ck_assert(memcmp(a, b, 32) != 0);
	ck_assert(!yw_ct_equal(a, b, 32));
	ck_assert(yw_ct_equal(a, a, 32));
}
END_TEST

START_TEST(test_argon2id_hash_verifies_only_its_password)
{
	char h1[160], h2[160];
	ck_assert_int_eq(yw_password_hash("correct horse", h1, sizeof(h1)), 0);
	ck_assert(strncmp(h1, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
	ck_assert(yw_password_verify(h1, "correct horse"));
	ck_assert(!yw_password_verify(h1, "correct horsE"));
	ck_assert_int_eq(yw_password_hash("correct horse", h2, sizeof(h2)), 0);
	ck_assert_str_ne(h1, h2); /* salted */
	ck_assert(!yw_password_verify("$2y$10$notargon", "x"));
	ck_assert(!yw_password_verify(NULL, "x"));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *t = tcase_create("core");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_base64_rfc4648_vectors);
	tcase_add_test(t, test_base64url_has_no_padding_and_rejects_garbage);
	tcase_add_test(t, test_sha256_known_vector);
	tcase_add_test(t, test_random_bytes_differ);
	tcase_add_test(t, test_argon2id_hash_verifies_only_its_password);
	suite_add_tcase(s, t);
	return s;
}
