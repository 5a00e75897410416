/* test_errors.c: the error table of API.md section 1. */
#include <string.h>

#include "../../fcgi-apps/lib/errors.h"
#include "check_main.h"

START_TEST(test_contract_codes_have_their_status)
{
	static const struct {
		yw_err e;
		int status;
		const char *code;
	} want[] = {
		{ YW_E_BAD_REQUEST, 400, "bad_request" },
		{ YW_E_INVALID_JSON, 400, "invalid_json" },
		{ YW_E_UNAUTHENTICATED, 401, "unauthenticated" },
		{ YW_E_WECHAT_CODE_INVALID, 401, "wechat_code_invalid" },
		{ YW_E_SMS_CODE_INVALID, 401, "sms_code_invalid" },
		{ YW_E_FORBIDDEN, 403, "forbidden" },
		{ YW_E_REAL_NAME_REQUIRED, 403, "real_name_required" },
		{ YW_E_NOT_FOUND, 404, "not_found" },
		{ YW_E_METHOD_NOT_ALLOWED, 405, "method_not_allowed" },
		{ YW_E_INVALID_TRANSITION, 409, "invalid_transition" },
		{ YW_E_CONFLICT, 409, "conflict" },
		{ YW_E_PARALLEL_PENDING, 409, "parallel_pending" },
		{ YW_E_SUPPLEMENT_ONCE, 409, "supplement_once" },
		{ YW_E_UPLOAD_OFFSET_MISMATCH, 409, "upload_offset_mismatch" },
		{ YW_E_VERSION_MISMATCH, 412, "version_mismatch" },
		{ YW_E_TUS_VERSION, 412, "version_mismatch" },
		{ YW_E_PAYLOAD_TOO_LARGE, 413, "payload_too_large" },
		{ YW_E_UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type" },
		{ YW_E_VALIDATION, 422, "validation_failed" },
		{ YW_E_ITEM_NOT_ONLINE, 422, "item_not_online" },
		{ YW_E_IDEMPOTENCY_KEY_REUSED, 422, "idempotency_key_reused" },
		{ YW_E_PRECONDITION_REQUIRED, 428, "precondition_required" },
		{ YW_E_RATE_LIMITED, 429, "rate_limited" },
		{ YW_E_INTERNAL, 500, "internal" },
		{ YW_E_UPSTREAM_UNAVAILABLE, 503, "upstream_unavailable" },
		{ YW_E_UNAVAILABLE, 503, "unavailable" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_int_eq(yw_err_status(want[i].e), want[i].status);
		ck_assert_str_eq(yw_err_code(want[i].e), want[i].code);
	}
}
END_TEST

START_TEST(test_every_kind_has_both_messages)
{
	for (int e = 0; e < YW_ERR__COUNT; e++) {
		ck_assert(strlen(yw_err_message((yw_err)e, 0)) > 0);
		ck_assert(strlen(yw_err_message((yw_err)e, 1)) > 0);
		ck_assert(strcmp(yw_err_message((yw_err)e, 0), yw_err_message((yw_err)e, 1)) != 0);
		ck_assert_str_ne(yw_http_reason(yw_err_status((yw_err)e)), "Unknown");
	}
}
END_TEST

/* The kinds that share a code on purpose (errors.h): one status, their own messages. */
static int
shares_code(yw_err a, yw_err b)
{
	return (a == YW_E_VERSION_MISMATCH && b == YW_E_TUS_VERSION) ||
	       (a == YW_E_TUS_VERSION && b == YW_E_VERSION_MISMATCH);
}

START_TEST(test_codes_are_unique)
{
	for (int a = 0; a < YW_ERR__COUNT; a++)
		for (int b = a + 1; b < YW_ERR__COUNT; b++)
			if (!shares_code((yw_err)a, (yw_err)b))
				ck_assert_str_ne(yw_err_code((yw_err)a), yw_err_code((yw_err)b));
}
END_TEST

START_TEST(test_a_tus_version_mismatch_is_not_a_stale_if_match)
{
	ck_assert_int_eq(yw_err_status(YW_E_TUS_VERSION), yw_err_status(YW_E_VERSION_MISMATCH));
	for (int en = 0; en < 2; en++) {
		ck_assert_str_ne(yw_err_message(YW_E_TUS_VERSION, en),
		    yw_err_message(YW_E_VERSION_MISMATCH, en));
		ck_assert_ptr_nonnull(strstr(yw_err_message(YW_E_TUS_VERSION, en), "1.0.0"));
	}
}
END_TEST

START_TEST(test_out_of_range_kind_is_internal)
{
	ck_assert_int_eq(yw_err_status((yw_err)9999), 500);
	ck_assert_str_eq(yw_err_code((yw_err)9999), "internal");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("errors");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_contract_codes_have_their_status);
	tcase_add_test(t, test_every_kind_has_both_messages);
	tcase_add_test(t, test_codes_are_unique);
	tcase_add_test(t, test_a_tus_version_mismatch_is_not_a_stale_if_match);
	tcase_add_test(t, test_out_of_range_kind_is_internal);
	suite_add_tcase(s, t);
	return s;
}
