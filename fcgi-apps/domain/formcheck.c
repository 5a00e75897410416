/*
 * formcheck.c: checking form values against field definitions (see formcheck.h).
 */
#include "formcheck.h"

#include <stdio.h>
#include <string.h>

#include "identity.h"
#include "utf8.h"

int
yw_date_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static void
report(yw_problem_fn fn, void *ctx, size_t *count, const char *key, const char *code)
{
	char field[96];
	size_t n = strlen(key), room = sizeof(field) - sizeof("form.");

	/* A long key is cut before a character, never inside one: a name cut inside a character
	 * is no UTF-8 string, and the problem would be lost on its way into the answer. */
	if (n > room)
		for (n = room; n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80; n--)
			;
	snprintf(field, sizeof(field), "form.%.*s", (int)n, key);
	fn(ctx, field, code);
	(*count)++;
}

static const char *
value_problem(const yw_form_field_def *f, const yw_form_value *v, int64_t today)
{
	const char *s = v->str;

	if (strcmp(f->type, "number") == 0)
		return v->kind == YW_V_NUMBER ? NULL : "invalid_type";
	if (v->kind != YW_V_STRING)
		return "invalid_type";
	if (strcmp(f->type, "text") == 0) {
		if (f->max_length > 0 && yw_utf8_chars(s, strlen(s)) > (size_t)f->max_length)
			return "too_long";
		return NULL;
	}
	if (strcmp(f->type, "date") == 0)
		return yw_date_valid(s) ? NULL : "invalid";
	if (strcmp(f->type, "phone") == 0)
		return yw_phone_valid(s) ? NULL : "invalid";
	if (strcmp(f->type, "id_number") == 0)
		return yw_id_number_check(s, today) == YW_ID_OK ? NULL : "invalid";
	if (strcmp(f->type, "select") == 0) {
		for (size_t i = 0; i < f->noptions; i++)
			if (strcmp(f->options[i], s) == 0)
				return NULL;
		return "invalid_option";
	}
	return "invalid";
}

size_t
yw_form_check(const yw_form_field_def *fields, size_t nfields, const yw_form_value *values,
    size_t nvalues, int require, int64_t today, yw_problem_fn fn, void *ctx)
{
	size_t count = 0;

	for (size_t i = 0; i < nvalues; i++) {
		size_t j;
		for (j = 0; j < nfields; j++)
			if (strcmp(fields[j].key, values[i].key) == 0)
				break;
		if (j == nfields)
			report(fn, ctx, &count, values[i].key, "unknown_field");
	}
	for (size_t j = 0; j < nfields; j++) {
		const yw_form_value *v = NULL;
		const char *problem;

		for (size_t i = 0; i < nvalues; i++)
			if (strcmp(fields[j].key, values[i].key) == 0)
				v = &values[i];
		if (v == NULL || v->kind == YW_V_ABSENT || v->kind == YW_V_NULL ||
		    (v->kind == YW_V_STRING && v->str[0] == '\0')) {
			if (require && fields[j].required)
				report(fn, ctx, &count, fields[j].key, "required");
			continue;
		}
		if ((problem = value_problem(&fields[j], v, today)) != NULL)
			report(fn, ctx, &count, fields[j].key, problem);
	}
	return count;
}
