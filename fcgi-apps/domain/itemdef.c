/*
 * itemdef.c: the validation rules of a service item's definition (see itemdef.h).
 * Lengths are counted in characters (code points), as a citizen reads them.
 */
#include "itemdef.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define MAX_MATERIALS 50
#define MAX_FORM 60
#define MAX_WINDOWS 20
#define MAX_PARALLEL 20
#define MAX_UPLOAD_BYTES (100LL * 1024 * 1024)

static const char *kinds[] = { "行政许可", "行政确认", "公共服务", "行政给付", "行政征收",
	"行政裁决", "行政奖励", "其他行政权力", NULL };
static const char *form_types[] = { "text", "number", "date", "select", "phone", "id_number",
	NULL };
static const char *formats[] = { "pdf", "jpg", "png", NULL };

static int
in_list(const char *s, const char **list)
{
	if (s == NULL)
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

int
yw_item_kind_valid(const char *kind)
{
	return in_list(kind, kinds);
}

int
yw_form_type_valid(const char *type)
{
	return in_list(type, form_types);
}

int
yw_material_format_valid(const char *format)
{
	return in_list(format, formats);
}

static int
token_chars(const char *s, size_t min, size_t max, int lower_only)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n]; n++) {
		char c = s[n];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
		         (!lower_only && ((c >= 'A' && c <= 'Z') || c == '-'));
		if (!ok || n >= max)
			return 0;
	}
	return n >= min;
}

int
yw_item_code_valid(const char *code)
{
	return token_chars(code, 1, 64, 0);
}

int
yw_region_code_valid(const char *code)
{
	if (code == NULL || strlen(code) != 6)
		return 0;
	for (size_t i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	return 1;
}

const char *
yw_depth_label(int depth)
{
	switch (depth) {
	case 1: return "办事指南公开，须到现场办理";
	case 2: return "网上预审，最多跑一次";
	case 3: return "全程网办，零跑腿";
	default: return "";
	}
}

typedef struct {
	yw_problem_fn fn;
	void *ctx;
	size_t count;
} sink;

static void
report(sink *s, const char *field, const char *code)
{
	s->count++;
	s->fn(s->ctx, field, code);
}

/* A required text of min..max characters. */
static void
text(sink *s, const char *field, const char *v, size_t min, size_t max)
{
	size_t n;

	if (v == NULL) {
		report(s, field, "required");
		return;
	}
	n = yw_utf8_chars(v, strlen(v));
	if (n < min)
		report(s, field, n == 0 ? "required" : "too_short");
	else if (n > max)
		report(s, field, "too_long");
}

static void
phone_chars(sink *s, const char *field, const char *v)
{
	if (v == NULL)
		return;
	for (const char *p = v; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == ' ' ||
		        *p == '(' || *p == ')')) {
			report(s, field, "invalid");
			return;
		}
}

static void
materials(sink *s, const yw_item_def *d)
{
	char f[96];

	if (d->nmaterials > MAX_MATERIALS)
		report(s, "materials", "too_long");
	for (size_t i = 0; i < d->nmaterials && i < MAX_MATERIALS; i++) {
		const yw_material_def *m = &d->materials[i];

		snprintf(f, sizeof(f), "materials[%zu].id", i);
		if (!token_chars(m->id, 1, 32, 0))
			report(s, f, m->id == NULL ? "required" : "invalid");
		else
			for (size_t j = 0; j < i; j++)
				if (d->materials[j].id && strcmp(d->materials[j].id, m->id) == 0) {
					report(s, f, "duplicate");
					break;
				}
		snprintf(f, sizeof(f), "materials[%zu].name", i);
		text(s, f, m->name, 1, 100);
		snprintf(f, sizeof(f), "materials[%zu].copies", i);
		if (m->copies < 1 || m->copies > 20)
			report(s, f, "out_of_range");
		snprintf(f, sizeof(f), "materials[%zu].formats", i);
		if (m->nformats == 0)
			report(s, f, "required");
		for (size_t k = 0; k < m->nformats; k++) {
			int dup = 0;
			for (size_t j = 0; j < k; j++)
				if (strcmp(m->formats[j], m->formats[k]) == 0)
					dup = 1;
			if (!yw_material_format_valid(m->formats[k]) || dup) {
				report(s, f, dup ? "duplicate" : "invalid");
				break;
			}
		}
		snprintf(f, sizeof(f), "materials[%zu].max_bytes", i);
		if (m->max_bytes < 1 || m->max_bytes > MAX_UPLOAD_BYTES)
			report(s, f, "out_of_range");
		snprintf(f, sizeof(f), "materials[%zu].note", i);
		text(s, f, m->note ? m->note : "", 0, 500);
	}
}

static void
form(sink *s, const yw_item_def *d)
{
	char f[96];

	if (d->nform > MAX_FORM)
		report(s, "form", "too_long");
	for (size_t i = 0; i < d->nform && i < MAX_FORM; i++) {
		const yw_form_field_def *x = &d->form[i];
		int is_select = x->type && strcmp(x->type, "select") == 0;

		snprintf(f, sizeof(f), "form[%zu].key", i);
		if (!token_chars(x->key, 1, 64, 1) || (x->key[0] >= '0' && x->key[0] <= '9'))
			report(s, f, x->key == NULL ? "required" : "invalid");
		else
			for (size_t j = 0; j < i; j++)
				if (d->form[j].key && strcmp(d->form[j].key, x->key) == 0) {
					report(s, f, "duplicate");
					break;
				}
		snprintf(f, sizeof(f), "form[%zu].label", i);
		text(s, f, x->label, 1, 50);
		snprintf(f, sizeof(f), "form[%zu].type", i);
		if (!yw_form_type_valid(x->type))
			report(s, f, x->type == NULL ? "required" : "invalid");
		snprintf(f, sizeof(f), "form[%zu].max_length", i);
		if (x->max_length != -1 && (x->max_length < 1 || x->max_length > 10000))
			report(s, f, "out_of_range");
		snprintf(f, sizeof(f), "form[%zu].options", i);
		if (is_select) {
			if (x->options == NULL || x->noptions == 0)
				report(s, f, "required");
			else if (x->noptions > 100)
				report(s, f, "too_long");
			else
				for (size_t k = 0; k < x->noptions; k++) {
					size_t n =
					    yw_utf8_chars(x->options[k], strlen(x->options[k]));
					int dup = 0;
					for (size_t j = 0; j < k; j++)
						if (strcmp(x->options[j], x->options[k]) == 0)
							dup = 1;
					if (n == 0 || n > 50 || dup) {
						report(s, f, dup ? "duplicate" : "invalid");
						break;
					}
				}
		} else if (x->options != NULL) {
			report(s, f, "not_allowed");
		}
	}
}

static void
windows(sink *s, const yw_item_def *d)
{
	char f[96];

	if (d->nwindows > MAX_WINDOWS)
		report(s, "windows", "too_long");
	for (size_t i = 0; i < d->nwindows && i < MAX_WINDOWS; i++) {
		const yw_window_def *w = &d->windows[i];
		snprintf(f, sizeof(f), "windows[%zu].name", i);
		text(s, f, w->name, 1, 100);
		snprintf(f, sizeof(f), "windows[%zu].address", i);
		text(s, f, w->address, 1, 200);
		snprintf(f, sizeof(f), "windows[%zu].phone", i);
		text(s, f, w->phone, 1, 32);
		phone_chars(s, f, w->phone);
		snprintf(f, sizeof(f), "windows[%zu].hours", i);
		text(s, f, w->hours, 1, 100);
	}
}

size_t
yw_itemdef_validate(const yw_item_def *d, yw_problem_fn fn, void *ctx)
{
	sink s = { fn, ctx, 0 };

	if (!yw_item_code_valid(d->code))
		report(&s, "code", "invalid");
	text(&s, "name", d->name, 1, 200);
	if (d->kind == NULL)
		report(&s, "kind", "required");
	else if (!yw_item_kind_valid(d->kind))
		report(&s, "kind", "invalid");
	if (d->dept_id <= 0)
		report(&s, "dept_id", d->dept_id == 0 ? "required" : "invalid");
	if (d->region_code == NULL)
		report(&s, "region_code", "required");
	else if (!yw_region_code_valid(d->region_code))
		report(&s, "region_code", "invalid");
	if (d->depth < 1 || d->depth > 3)
		report(&s, "depth", "out_of_range");
	if (d->legal_days < 0 || d->legal_days > 365)
		report(&s, "legal_days", "out_of_range");
	if (d->promised_days < 0 || d->promised_days > 365)
		report(&s, "promised_days", "out_of_range");
	else if (d->legal_days >= 0 && d->promised_days > d->legal_days)
		report(&s, "promised_days", "exceeds_legal_days");
	if (d->visits_required < 0 || d->visits_required > 10)
		report(&s, "visits_required", "out_of_range");
	else if (d->depth == 3 && d->visits_required != 0)
		report(&s, "visits_required", "inconsistent_with_depth");
	else if ((d->depth == 1 || d->depth == 2) && d->visits_required == 0)
		report(&s, "visits_required", "inconsistent_with_depth");
	text(&s, "fee", d->fee, 1, 200);
	text(&s, "legal_basis", d->legal_basis, 1, 4000);
	text(&s, "conditions", d->conditions ? d->conditions : "", 0, 4000);
	materials(&s, d);
	form(&s, d);
	windows(&s, d);
	if (d->nparallel > MAX_PARALLEL)
		report(&s, "parallel_dept_ids", "too_long");
	for (size_t i = 0; i < d->nparallel && i < MAX_PARALLEL; i++) {
		int bad = d->parallel_dept_ids[i] <= 0 || d->parallel_dept_ids[i] == d->dept_id;
		for (size_t j = 0; j < i; j++)
			if (d->parallel_dept_ids[j] == d->parallel_dept_ids[i])
				bad = 1;
		if (bad) {
			report(&s, "parallel_dept_ids", "invalid");
			break;
		}
	}
	return s.count;
}
