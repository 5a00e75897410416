/* test_multipart.c: multipart/form-data (lib/multipart.c). */
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-apps/lib/multipart.h"
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

/* Parses a copy of s placed at the very end of a heap block (ASan sees any over-read). */
static yw_err
parse(const char *s, size_t len, const char *boundary, yw_mpart **parts, size_t *n)
{
	char *copy = yw_arena_alloc(&arena, len ? len : 1);
	memcpy(copy, s, len);
	return yw_multipart_parse(&arena, copy, len, boundary, parts, n);
}

#define PARSE(lit, b, parts, n) parse(lit, sizeof(lit) - 1, b, parts, n)

START_TEST(test_boundary_unquoted_and_quoted)
{
	const char *b;
	ck_assert_int_eq(
	    yw_multipart_boundary(
	        &arena, "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", &b),
	    YW_OK);
	ck_assert_str_eq(b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	ck_assert_int_eq(
	    yw_multipart_boundary(&arena, "Multipart/Form-Data;boundary=\"a b:c?\"", &b), YW_OK);
	ck_assert_str_eq(b, "a b:c?");
	ck_assert_int_eq(
	    yw_multipart_boundary(&arena, "multipart/form-data; charset=utf-8; boundary=xyz", &b),
	    YW_OK);
	ck_assert_str_eq(b, "xyz");
}
END_TEST

START_TEST(test_boundary_other_types_are_415)
{
	const char *b;
	ck_assert_int_eq(yw_multipart_boundary(&arena, NULL, &b), YW_E_UNSUPPORTED_MEDIA_TYPE);
	ck_assert_int_eq(
	    yw_multipart_boundary(&arena, "application/json", &b), YW_E_UNSUPPORTED_MEDIA_TYPE);
	ck_assert_int_eq(yw_multipart_boundary(&arena, "multipart/mixed; boundary=x", &b),
	    YW_E_UNSUPPORTED_MEDIA_TYPE);
	ck_assert_int_eq(yw_multipart_boundary(&arena, "multipart/form-datax; boundary=x", &b),
	    YW_E_UNSUPPORTED_MEDIA_TYPE);
}
END_TEST

START_TEST(test_boundary_missing_or_invalid_is_400)
{
	static const char *bad[] = {
		"multipart/form-data",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"ends in space \"",
		"multipart/form-data; boundary=has*star",
		"multipart/form-data; boundary=\"unterminated",
		"multipart/form-data; boundary=a; boundary=b",
		"multipart/form-data; boundary=x\x01y",
		"multipart/form-data; boundary="
		"12345678901234567890123456789012345678901234567890123456789012345678901",
	};
	const char *b;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(
		    yw_multipart_boundary(&arena, bad[i], &b) == YW_E_BAD_REQUEST, "%s", bad[i]);
}
END_TEST

START_TEST(test_wx_upload_file_body)
{
	/* What wx.uploadFile sends: formData fields, then the file. */
	static const char body[] = "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"material_id\"\r\n"
	                           "\r\n"
	                           "m1\r\n"
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"file\"; "
	                           "filename=\"tmp_0a1b.jpg\"\r\n"
	                           "Content-Type: image/jpeg\r\n"
	                           "\r\n"
	                           "\xff\xd8\xff\xe0\r\n--X\0data\r\n"
	                           "--XyZ--\r\n";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "XyZ", &p, &n), YW_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(p[0].name, "material_id");
	ck_assert_ptr_null(p[0].filename);
	ck_assert_ptr_null(p[0].content_type);
	ck_assert_uint_eq(p[0].len, 2);
	ck_assert(memcmp(p[0].data, "m1", 2) == 0);
	ck_assert_str_eq(p[1].name, "file");
	ck_assert_str_eq(p[1].filename, "tmp_0a1b.jpg");
	ck_assert_str_eq(p[1].content_type, "image/jpeg");
	ck_assert_uint_eq(p[1].len, 14);
	ck_assert(memcmp(p[1].data, "\xff\xd8\xff\xe0\r\n--X\0data", 14) == 0);
}
END_TEST

START_TEST(test_preamble_epilogue_and_padding)
{
	static const char body[] = "This is the preamble.\r\n"
	                           "--b  \t\r\n"
	                           "content-disposition: form-data; name=a\r\n"
	                           "\r\n"
	                           "1\r\n"
	                           "--b--epilogue, ignored\r\n--b\r\n";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "b", &p, &n), YW_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(p[0].name, "a");
	ck_assert_uint_eq(p[0].len, 1);
}
END_TEST

START_TEST(test_empty_part_data)
{
	static const char body[] =
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"e.pdf\"\r\n"
	    "\r\n"
	    "\r\n--b--";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "b", &p, &n), YW_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(p[0].len, 0);
}
END_TEST

START_TEST(test_no_parts_at_all)
{
	yw_mpart *p;
	size_t n = 9;
	ck_assert_int_eq(PARSE("--b--\r\n", "b", &p, &n), YW_OK);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_filename_star_wins_and_is_decoded)
{
	static const char body[] =
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"; "
	    "filename*=UTF-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf\r\n"
	    "\r\n"
	    "%PDF-\r\n--b--";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "b", &p, &n), YW_OK);
	ck_assert_str_eq(p[0].filename, "申请书.pdf");
}
END_TEST

START_TEST(test_bad_filename_star_falls_back_to_filename)
{
	static const char body[] =
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"; "
	    "filename*=ISO-8859-1''%E4.pdf\r\n"
	    "\r\n"
	    "%PDF-\r\n--b--";
	static const char body2[] =
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"; "
	    "filename*=UTF-8''%00.pdf\r\n"
	    "\r\n"
	    "%PDF-\r\n--b--";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "b", &p, &n), YW_OK);
	ck_assert_str_eq(p[0].filename, "x.pdf");
	ck_assert_int_eq(PARSE(body2, "b", &p, &n), YW_OK);
	ck_assert_str_eq(p[0].filename, "x.pdf");
}
END_TEST

START_TEST(test_quoted_filename_escapes_and_windows_path)
{
	static const char body[] = "--b\r\n"
	                           "Content-Disposition: form-data; name=\"file\"; "
	                           "filename=\"C:\\dir\\say \\\"hi\\\".pdf\"\r\n"
	                           "\r\n"
	                           "%PDF-\r\n--b--";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "b", &p, &n), YW_OK);
	ck_assert_str_eq(p[0].filename, "C:\\dir\\say \"hi\".pdf");
}
END_TEST

START_TEST(test_utf8_filename_raw)
{
	static const char body[] =
	    "--b\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"营业执照.png\"\r\n"
	    "\r\n"
	    "x\r\n--b--";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "b", &p, &n), YW_OK);
	ck_assert_str_eq(p[0].filename, "营业执照.png");
}
END_TEST

START_TEST(test_malformed_bodies_are_400)
{
	static const struct {
		const char *why, *body;
	} bad[] = {
		{ "empty", "" },
		{ "no delimiter", "hello world" },
		{ "cut off in the data",
		    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nabc" },
		{ "cut off in the headers", "--b\r\nContent-Disposition: form-data; name=a\r\n" },
		{ "cut off after the delimiter", "--b" },
		{ "no closing delimiter",
		    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b\r\n" },
		{ "garbage after the delimiter",
		    "--bX\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--" },
		{ "LF only", "--b\nContent-Disposition: form-data; name=a\n\nx\n--b--" },
		{ "no Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--" },
		{ "not form-data",
		    "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--" },
		{ "no name",
		    "--b\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n--b--" },
		{ "two Content-Disposition",
		    "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: "
		    "form-data; name=b\r\n\r\nx\r\n--b--" },
		{ "header without colon",
		    "--b\r\nContent-Disposition: form-data; name=a\r\nbogus\r\n\r\nx\r\n--b--" },
		{ "folded header",
		    "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n--b--" },
		{ "bare CR in a header",
		    "--b\r\nContent-Disposition: form-data; name=\"a\rb\"\r\n\r\nx\r\n--b--" },
		{ "unterminated quote",
		    "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--" },
		{ "duplicate parameter",
		    "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--b--" },
		{ "invalid UTF-8 name",
		    "--b\r\nContent-Disposition: form-data; name=\"\xc3\x28\"\r\n\r\nx\r\n--b--" },
		{ "invalid UTF-8 filename", "--b\r\nContent-Disposition: form-data; name=f; "
		                            "filename=\"\xff.pdf\"\r\n\r\nx\r\n--b--" },
	};
	yw_mpart *p;
	size_t n;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(
		    parse(bad[i].body, strlen(bad[i].body), "b", &p, &n) == YW_E_BAD_REQUEST, "%s",
		    bad[i].why);
}
END_TEST

START_TEST(test_too_many_parts_is_400)
{
	static const char part[] = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n";
	size_t plen = sizeof(part) - 1, len = 0;
	char *body = yw_arena_alloc(&arena, plen * (YW_MP_MAX_PARTS + 1) + 8);
	yw_mpart *p;
	size_t n;
	for (int i = 0; i <= YW_MP_MAX_PARTS; i++) {
		memcpy(body + len, part, plen);
		len += plen;
	}
	memcpy(body + len, "--b--", 5);
	len += 5;
	ck_assert_int_eq(yw_multipart_parse(&arena, body, len, "b", &p, &n), YW_E_BAD_REQUEST);
	/* one fewer is fine */
	ck_assert_int_eq(yw_multipart_parse(&arena, body + plen, len - plen, "b", &p, &n), YW_OK);
	ck_assert_uint_eq(n, YW_MP_MAX_PARTS);
}
END_TEST

START_TEST(test_boundary_lookalike_inside_data_is_data)
{
	/* "--bb" at a line start is not the delimiter of boundary "bbb". */
	static const char body[] = "--bbb\r\n"
	                           "Content-Disposition: form-data; name=a\r\n"
	                           "\r\n"
	                           "line\r\n--bb not yet\r\n"
	                           "--bbb--\r\n";
	yw_mpart *p;
	size_t n;
	ck_assert_int_eq(PARSE(body, "bbb", &p, &n), YW_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(p[0].len, strlen("line\r\n--bb not yet"));
}
END_TEST

START_TEST(test_large_binary_part)
{
	size_t big = 3 * 1024 * 1024, len = 0;
	static const char head[] =
	    "--q\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n";
	char *body = malloc(big + 200);
	yw_mpart *p;
	size_t n;
	ck_assert_ptr_nonnull(body);
	memcpy(body, head, sizeof(head) - 1);
	len = sizeof(head) - 1;
	for (size_t i = 0; i < big; i++)
		body[len + i] = (char)(i * 7 + (i >> 9));
	len += big;
	memcpy(body + len, "\r\n--q--\r\n", 9);
	len += 9;
	ck_assert_int_eq(yw_multipart_parse(&arena, body, len, "q", &p, &n), YW_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(p[0].len, big);
	ck_assert_ptr_eq(p[0].data, body + sizeof(head) - 1);
	free(body);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("multipart");
	TCase *tc = tcase_create("form-data");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_boundary_unquoted_and_quoted);
	tcase_add_test(tc, test_boundary_other_types_are_415);
	tcase_add_test(tc, test_boundary_missing_or_invalid_is_400);
	tcase_add_test(tc, test_wx_upload_file_body);
	tcase_add_test(tc, test_preamble_epilogue_and_padding);
	tcase_add_test(tc, test_empty_part_data);
	tcase_add_test(tc, test_no_parts_at_all);
	tcase_add_test(tc, test_filename_star_wins_and_is_decoded);
	tcase_add_test(tc, test_bad_filename_star_falls_back_to_filename);
	tcase_add_test(tc, test_quoted_filename_escapes_and_windows_path);
	tcase_add_test(tc, test_utf8_filename_raw);
	tcase_add_test(tc, test_malformed_bodies_are_400);
	tcase_add_test(tc, test_too_many_parts_is_400);
	tcase_add_test(tc, test_boundary_lookalike_inside_data_is_data);
	tcase_add_test(tc, test_large_binary_part);
	suite_add_tcase(s, tc);
	return s;
}
