/*
 * formcheck.h: an application's form against its item's field definitions. Pure: no I/O.
 *
 * Every problem is reported through the callback as ("form.<key>", code): unknown_field,
 * required, invalid_type, too_long, invalid (date, phone, ID number), invalid_option.
 * `require` is 0 for a draft (missing fields allowed) and 1 for a submission.
 */
#ifndef YW_FORMCHECK_H
#define YW_FORMCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "itemdef.h"

typedef enum {
	YW_V_ABSENT,
	YW_V_NULL,
	YW_V_STRING,
	YW_V_NUMBER,
	YW_V_OTHER /* booleans, arrays, objects */
} yw_value_kind;

typedef struct {
	const char *key;
	yw_value_kind kind;
	const char *str; /* for YW_V_STRING */
} yw_form_value;

/* today: days since 1970-01-01 (Asia/Shanghai), for birth dates in ID numbers. */
size_t yw_form_check(const yw_form_field_def *fields, size_t nfields, const yw_form_value *values,
    size_t nvalues, int require, int64_t today, yw_problem_fn fn, void *ctx);
/* A real calendar date written YYYY-MM-DD. */
int yw_date_valid(const char *s);

#endif
