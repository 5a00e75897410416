/*
 * identity.h: checks of personal identifiers and the masking of personal data. Pure: no I/O.
 *
 * ID numbers (居民身份证号码) follow GB 11643-1999: six digits of region, eight of birth
 * date, three of sequence and an ISO 7064 MOD 11-2 check character (0-9 or X). Phones are
 * mainland mobile numbers (11 digits starting with 1[3-9]). Masking is defined here once,
 * for every response, log line and publication that shows such data.
 */
#ifndef YW_IDENTITY_H
#define YW_IDENTITY_H

#include <stddef.h>

/* Why an ID number is refused (YW_ID_OK when it is valid). */
typedef enum {
	YW_ID_OK = 0,
	YW_ID_FORMAT, /* not 17 digits + a digit or X */
	YW_ID_REGION, /* the first two digits are no province of GB/T 2260 */
	YW_ID_BIRTH_DATE, /* not a real date, before 1900, or after today */
	YW_ID_CHECK_DIGIT /* the MOD 11-2 check character does not match */
} yw_id_problem;

/* today is days since 1970-01-01 (Asia/Shanghai), for the "not in the future" rule. */
yw_id_problem yw_id_number_check(const char *id, long long today);
/* The check character (0-9 or 'X') of the first 17 digits. */
char yw_id_check_char(const char *first17);
/* A mainland mobile number: ^1[3-9][0-9]{9}$. */
int yw_phone_valid(const char *phone);
/* A person's name as written on an ID card: 2-30 characters, no digits or ASCII punctuation
 * except the middle dot of minority names (·). */
int yw_person_name_valid(const char *name);

/* "3705**********123X": the first four and last four characters; out >= 19 bytes. */
void yw_mask_id_number(const char *id, char *out, size_t len);
/* "138****1234"; out >= 12 bytes. */
void yw_mask_phone(const char *phone, char *out, size_t len);
/* "张*", "欧阳**": the first character, then one '*' per further character. */
void yw_mask_name(const char *name, char *out, size_t len);

#endif
