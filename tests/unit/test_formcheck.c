/* test_formcheck.c: an application's form against its item's fields (domain, pure). */
#include <string.h>

#include "../../fcgi-apps/domain/formcheck.h"
#include "../../fcgi-apps/domain/utf8.h"
#include "check_main.h"

#define TODAY 20786LL /* 2026-11-29 */

struct problems {
	char field[16][64];
	char code[16][32];
	size_t n;
};

static void
collect(void *ctx, const char *field, const char *code)
{
	struct problems *p = ctx;
	if (p->n < 16) {
		strncpy(p->field[p->n], field, 63);
		strncpy(p->code[p->n], code, 31);
		p->n++;
	}
}

static const char *
code_of(const struct problems *p, const char *field)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->field[i], field) == 0)
			return p->code[i];
	return NULL;
}

static const char *kinds[] = { "有限责任公司", "股份有限公司" };
static const yw_form_field_def fields[] = {
	{ "name", "名称", "text", 1, 5, NULL, 0 },
	{ "capital", "注册资本", "number", 1, -1, NULL, 0 },
	{ "founded", "成立日期", "date", 0, -1, NULL, 0 },
	{ "kind", "类型", "select", 1, -1, kinds, 2 },
	{ "phone", "电话", "phone", 1, -1, NULL, 0 },
	{ "id", "身份证号", "id_number", 0, -1, NULL, 0 },
};
#define NF (sizeof(fields) / sizeof(fields[0]))

START_TEST(test_a_complete_valid_form)
{
	yw_form_value v[] = {
		{ "name", YW_V_STRING, "东营测试" },
		{ "capital", YW_V_NUMBER, NULL },
		{ "founded", YW_V_STRING, "2024-02-29" },
		{ "kind", YW_V_STRING, "股份有限公司" },
		{ "phone", YW_V_STRING, "13800138000" },
		{ "id", YW_V_STRING, "11010519491231002X" },
	};
	struct problems p = { .n = 0 };
	ck_assert_uint_eq(yw_form_check(fields, NF, v, 6, 1, TODAY, collect, &p), 0);
}
END_TEST

START_TEST(test_a_draft_may_be_incomplete_but_not_wrong)
{
	yw_form_value v[] = { { "phone", YW_V_STRING, "12345" } };
	struct problems p = { .n = 0 };
	ck_assert_uint_eq(yw_form_check(fields, NF, v, 1, 0, TODAY, collect, &p), 1);
	ck_assert_str_eq(code_of(&p, "form.phone"), "invalid");
}
END_TEST

START_TEST(test_every_problem_of_a_submission)
{
	yw_form_value v[] = {
		{ "name", YW_V_STRING, "东营市测试公司" }, /* 7 characters > 5 */
		{ "capital", YW_V_STRING, "100" },
		{ "founded", YW_V_STRING, "2023-02-29" },
		{ "kind", YW_V_STRING, "合伙企业" },
		{ "id", YW_V_STRING, "110105194912310021" },
		{ "extra", YW_V_STRING, "x" },
	};
	struct problems p = { .n = 0 };
	ck_assert_uint_eq(yw_form_check(fields, NF, v, 6, 1, TODAY, collect, &p), 7);
	ck_assert_str_eq(code_of(&p, "form.extra"), "unknown_field");
	ck_assert_str_eq(code_of(&p, "form.name"), "too_long");
	ck_assert_str_eq(code_of(&p, "form.capital"), "invalid_type");
	ck_assert_str_eq(code_of(&p, "form.founded"), "invalid");
	ck_assert_str_eq(code_of(&p, "form.kind"), "invalid_option");
	ck_assert_str_eq(code_of(&p, "form.phone"), "required");
	ck_assert_str_eq(code_of(&p, "form.id"), "invalid");
}
END_TEST

/* A long unknown key of Chinese characters: reported, with a name cut between characters. */
static char long_field[256];
static size_t long_reports;

static void
collect_long(void *ctx, const char *field, const char *code)
{
	(void)ctx;
	if (strcmp(code, "unknown_field") == 0) {
		strncpy(long_field, field, sizeof(long_field) - 1);
		long_reports++;
	}
}

START_TEST(test_a_long_unknown_key_is_reported_as_a_valid_string)
{
	char key[160] = "a";
	for (int i = 0; i < 40; i++)
		strcat(key, "中"); /* 1 + 120 bytes: "form." + key overflows the name */
	yw_form_value v[] = { { "name", YW_V_STRING, "东营" }, { "capital", YW_V_NUMBER, NULL },
		{ "kind", YW_V_STRING, "股份有限公司" }, { "phone", YW_V_STRING, "13800138000" },
		{ key, YW_V_STRING, "x" } };
	long_reports = 0;
	ck_assert_uint_eq(yw_form_check(fields, NF, v, 5, 1, TODAY, collect_long, NULL), 1);
	ck_assert_uint_eq(long_reports, 1);
	ck_assert_int_eq(strncmp(long_field, "form.a中", strlen("form.a中")), 0);
	ck_assert(yw_utf8_valid(long_field, strlen(long_field)));
	ck_assert_uint_lt(strlen(long_field), 96);
	ck_assert_uint_gt(strlen(long_field), 96 - 4); /* as long as fits: at most 3 bytes less */
}
END_TEST

START_TEST(test_empty_and_null_count_as_missing)
{
	yw_form_value v[] = { { "name", YW_V_STRING, "" }, { "capital", YW_V_NULL, NULL },
		{ "kind", YW_V_OTHER, NULL } };
	struct problems p = { .n = 0 };
	yw_form_check(fields, NF, v, 3, 1, TODAY, collect, &p);
	ck_assert_str_eq(code_of(&p, "form.name"), "required");
	ck_assert_str_eq(code_of(&p, "form.capital"), "required");
	ck_assert_str_eq(code_of(&p, "form.kind"), "invalid_type");
}
END_TEST

START_TEST(test_dates)
{
	ck_assert(yw_date_valid("2026-11-29"));
	ck_assert(yw_date_valid("2024-02-29"));
	ck_assert(!yw_date_valid("2023-02-29"));
	ck_assert(!yw_date_valid("2026-13-01"));
	ck_assert(!yw_date_valid("2026-1-01"));
	ck_assert(!yw_date_valid("2026/11/29"));
	ck_assert(!yw_date_valid(NULL));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("formcheck");
	TCase *t = tcase_create("domain");
	tcase_add_test(t, test_a_complete_valid_form);
	tcase_add_test(t, test_a_draft_may_be_incomplete_but_not_wrong);
	tcase_add_test(t, test_every_problem_of_a_submission);
	tcase_add_test(t, test_empty_and_null_count_as_missing);
	tcase_add_test(t, test_a_long_unknown_key_is_reported_as_a_valid_string);
	tcase_add_test(t, test_dates);
	suite_add_tcase(s, t);
	return s;
}
