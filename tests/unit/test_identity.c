/* test_identity.c: GB 11643 ID numbers, mainland phones, names, and masking (domain, pure). */
#include <string.h>

#include "../../fcgi-apps/domain/identity.h"
#include "check_main.h"

/* 2026-11-29 as days since 1970-01-01. */
#define TODAY 20786LL

START_TEST(test_check_character_of_a_known_number)
{
	/* The GB 11643 standard's own example: 11010519491231002X. */
	ck_assert_int_eq(yw_id_check_char("11010519491231002"), 'X');
	ck_assert_int_eq(yw_id_number_check("11010519491231002X", TODAY), YW_ID_OK);
	ck_assert_int_eq(yw_id_number_check("11010519491231002x", TODAY), YW_ID_OK);
}
END_TEST

START_TEST(test_every_wrong_check_character_is_refused)
{
	char id[19] = "37050219900307001";
	char right = yw_id_check_char(id);
	const char *chars = "0123456789X";
	for (const char *c = chars; *c; c++) {
		id[17] = *c;
		id[18] = '\0';
		ck_assert_int_eq(
		    yw_id_number_check(id, TODAY), *c == right ? YW_ID_OK : YW_ID_CHECK_DIGIT);
	}
}
END_TEST

START_TEST(test_format_region_and_birth_date)
{
	char id[19];
	ck_assert_int_eq(yw_id_number_check("3705021990030700", TODAY), YW_ID_FORMAT);
	ck_assert_int_eq(yw_id_number_check("37050219900307001A", TODAY), YW_ID_FORMAT);
	ck_assert_int_eq(yw_id_number_check("3705021990030700１", TODAY), YW_ID_FORMAT);
	ck_assert_int_eq(yw_id_number_check(NULL, TODAY), YW_ID_FORMAT);
	memcpy(id, "99050219900307001", 17);
	id[17] = yw_id_check_char(id);
	id[18] = '\0';
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_REGION);
	memcpy(id, "37050219901307001", 17); /* month 13 */
	id[17] = yw_id_check_char(id);
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_BIRTH_DATE);
	memcpy(id, "37050220230229001", 17); /* not a leap year */
	id[17] = yw_id_check_char(id);
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_BIRTH_DATE);
	memcpy(id, "37050220240229001", 17); /* a leap year */
	id[17] = yw_id_check_char(id);
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_OK);
	memcpy(id, "37050220261130001", 17); /* tomorrow */
	id[17] = yw_id_check_char(id);
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_BIRTH_DATE);
	memcpy(id, "37050220261129001", 17); /* born today */
	id[17] = yw_id_check_char(id);
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_OK);
	memcpy(id, "37050218991231001", 17);
	id[17] = yw_id_check_char(id);
	ck_assert_int_eq(yw_id_number_check(id, TODAY), YW_ID_BIRTH_DATE);
}
END_TEST

START_TEST(test_mainland_mobile_numbers_only)
{
	ck_assert(yw_phone_valid("13800138000"));
	ck_assert(yw_phone_valid("19912345678"));
	ck_assert(!yw_phone_valid("12345678901"));
	ck_assert(!yw_phone_valid("1380013800"));
	ck_assert(!yw_phone_valid("138001380000"));
	ck_assert(!yw_phone_valid("+8613800138000"));
	ck_assert(!yw_phone_valid("1380013800a"));
	ck_assert(!yw_phone_valid("05468888888"));
	ck_assert(!yw_phone_valid(NULL));
}
END_TEST

START_TEST(test_person_names)
{
	ck_assert(yw_person_name_valid("张三"));
	ck_assert(yw_person_name_valid("买买提·艾力"));
	ck_assert(!yw_person_name_valid("张"));
	ck_assert(!yw_person_name_valid("张3"));
	ck_assert(!yw_person_name_valid("张三'; DROP"));
	ck_assert(!yw_person_name_valid(""));
}
END_TEST

START_TEST(test_masking)
{
	char out[64];
	yw_mask_id_number("37050219900307123X", out, sizeof(out));
	ck_assert_str_eq(out, "3705**********123X");
	yw_mask_phone("13800138000", out, sizeof(out));
	ck_assert_str_eq(out, "138****8000");
	yw_mask_name("张三", out, sizeof(out));
	ck_assert_str_eq(out, "张*");
	yw_mask_name("欧阳明月", out, sizeof(out));
	ck_assert_str_eq(out, "欧***");
	yw_mask_name("", out, sizeof(out));
	ck_assert_str_eq(out, "");
	yw_mask_id_number("123", out, sizeof(out));
	ck_assert_str_eq(out, "****");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("identity");
	TCase *t = tcase_create("domain");
	tcase_add_test(t, test_check_character_of_a_known_number);
	tcase_add_test(t, test_every_wrong_check_character_is_refused);
	tcase_add_test(t, test_format_region_and_birth_date);
	tcase_add_test(t, test_mainland_mobile_numbers_only);
	tcase_add_test(t, test_person_names);
	tcase_add_test(t, test_masking);
	suite_add_tcase(s, t);
	return s;
}
