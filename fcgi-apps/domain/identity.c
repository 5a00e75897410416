/*
 * identity.c: ID number, phone and name checks, and masking (see identity.h).
 */
#include "identity.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "utf8.h"

/* Province-level codes of GB/T 2260 (first two digits of a region code). */
static const int provinces[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
	43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82 };

char
yw_id_check_char(const char *first17)
{
	static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char map[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weights[i];
	return map[sum % 11];
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

yw_id_problem
yw_id_number_check(const char *id, long long today)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int prov, y, m, d, ok = 0;
	char last;

	if (id == NULL || strlen(id) != 18)
		return YW_ID_FORMAT;
	for (int i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return YW_ID_FORMAT;
	last = id[17];
	if (!((last >= '0' && last <= '9') || last == 'X' || last == 'x'))
		return YW_ID_FORMAT;
	prov = (id[0] - '0') * 10 + (id[1] - '0');
	for (size_t i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (provinces[i] == prov)
			ok = 1;
	if (!ok)
		return YW_ID_REGION;
	y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	m = (id[10] - '0') * 10 + (id[11] - '0');
	d = (id[12] - '0') * 10 + (id[13] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return YW_ID_BIRTH_DATE;
	if (yw_days_from_civil(y, (unsigned)m, (unsigned)d) > today)
		return YW_ID_BIRTH_DATE;
	if (yw_id_check_char(id) != (last == 'x' ? 'X' : last))
		return YW_ID_CHECK_DIGIT;
	return YW_ID_OK;
}

int
yw_phone_valid(const char *p)
{
	if (p == NULL || strlen(p) != 11 || p[0] != '1' || p[1] < '3' || p[1] > '9')
		return 0;
	for (int i = 2; i < 11; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

int
yw_person_name_valid(const char *name)
{
	size_t len, chars;

	if (name == NULL)
		return 0;
	len = strlen(name);
	if (!yw_utf8_valid(name, len))
		return 0;
	chars = yw_utf8_chars(name, len);
	if (chars < 2 || chars > 30)
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x80 &&
		    !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == ' '))
			return 0;
	return 1;
}

void
yw_mask_id_number(const char *id, char *out, size_t len)
{
	size_t n = id ? strlen(id) : 0;

	if (n < 8) {
		snprintf(out, len, "%s", n ? "****" : "");
		return;
	}
	snprintf(out, len, "%.4s%.*s%s", id, (int)(n - 8), "******************", id + n - 4);
}

void
yw_mask_phone(const char *phone, char *out, size_t len)
{
	size_t n = phone ? strlen(phone) : 0;

	if (n < 7) {
		snprintf(out, len, "%s", n ? "****" : "");
		return;
	}
	snprintf(out, len, "%.3s****%s", phone, phone + n - 4);
}

void
yw_mask_name(const char *name, char *out, size_t len)
{
	size_t n = name ? strlen(name) : 0, first, chars, j;

	if (len == 0)
		return;
	out[0] = '\0';
	if (n == 0)
		return;
	first = yw_utf8_prefix(name, n, 1);
	chars = yw_utf8_chars(name, n);
	if (first + chars >= len)
		return;
	memcpy(out, name, first);
	j = first;
	for (size_t i = 1; i < chars; i++)
		out[j++] = '*';
	out[j] = '\0';
}
