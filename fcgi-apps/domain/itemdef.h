/*
 * itemdef.h: what makes a service item's definition valid. Pure: no I/O.
 *
 * The admin app turns a request body into a yw_item_def (types already checked) and asks
 * yw_itemdef_validate() for every problem at once; each problem is reported through the
 * callback as a field path ("materials[2].formats") and a code ("invalid", "too_long",
 * "duplicate", "required", "out_of_range"). Whether the department or region exists is the
 * database's question, asked by the app.
 */
#ifndef YW_ITEMDEF_H
#define YW_ITEMDEF_H

#include <stddef.h>

typedef struct {
	const char *id;
	const char *name;
	int required;
	long copies;
	const char **formats;
	size_t nformats;
	long long max_bytes;
	const char *note;
} yw_material_def;

typedef struct {
	const char *key;
	const char *label;
	const char *type;
	int required;
	long max_length; /* -1 when null */
	const char **options; /* NULL when null */
	size_t noptions;
} yw_form_field_def;

typedef struct {
	const char *name;
	const char *address;
	const char *phone;
	const char *hours;
} yw_window_def;

typedef struct {
	const char *code;
	const char *name;
	const char *kind;
	long long dept_id;
	const char *region_code;
	int depth;
	long legal_days;
	long promised_days;
	long visits_required;
	const char *fee;
	const char *legal_basis;
	const char *conditions;
	const yw_material_def *materials;
	size_t nmaterials;
	const yw_form_field_def *form;
	size_t nform;
	const yw_window_def *windows;
	size_t nwindows;
	const long long *parallel_dept_ids;
	size_t nparallel;
} yw_item_def;

typedef void (*yw_problem_fn)(void *ctx, const char *field, const char *code);

/* Reports every problem; returns how many there were. */
size_t yw_itemdef_validate(const yw_item_def *d, yw_problem_fn fn, void *ctx);

/* 1..64 of [A-Za-z0-9_-]. */
int yw_item_code_valid(const char *code);
/* A six-digit region code. */
int yw_region_code_valid(const char *code);
/* The label of an online depth (1..3), "" otherwise. */
const char *yw_depth_label(int depth);
/* Item kinds accepted in a definition. */
int yw_item_kind_valid(const char *kind);
/* Form field types: text, number, date, select, phone, id_number. */
int yw_form_type_valid(const char *type);
/* Material formats: pdf, jpg, png. */
int yw_material_format_valid(const char *format);

#endif
