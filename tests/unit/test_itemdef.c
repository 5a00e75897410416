/* test_itemdef.c: the validation rules of an item definition (domain, pure). */
#include <string.h>

#include "../../fcgi-apps/domain/itemdef.h"
#include "check_main.h"

struct problems {
	char field[32][64];
	char code[32][32];
	size_t n;
};

static void
collect(void *ctx, const char *field, const char *code)
{
	struct problems *p = ctx;
	if (p->n < 32) {
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

static const char *fmts[] = { "pdf", "jpg" };
static const char *opts[] = { "有限责任公司", "股份有限公司" };

static yw_item_def
valid_def(yw_material_def *m, yw_form_field_def *f, yw_window_def *w)
{
	yw_item_def d;
	memset(&d, 0, sizeof(d));
	*m = (yw_material_def){ "m1", "营业执照", 1, 1, fmts, 2, 10485760, "" };
	f[0] = (yw_form_field_def){ "company_type", "公司类型", "select", 1, -1, opts, 2 };
	f[1] = (yw_form_field_def){ "name", "名称", "text", 1, 50, NULL, 0 };
	*w =
	    (yw_window_def){ "综合窗口", "东营市东营区府前大街55号", "0546-8888888", "周一至周五" };
	d.code = "370500-SCJG-XK-001";
	d.name = "企业设立登记";
	d.kind = "行政许可";
	d.dept_id = 2;
	d.region_code = "370500";
	d.depth = 3;
	d.legal_days = 15;
	d.promised_days = 3;
	d.visits_required = 0;
	d.fee = "不收费";
	d.legal_basis = "《中华人民共和国公司法》";
	d.conditions = "";
	d.materials = m;
	d.nmaterials = 1;
	d.form = f;
	d.nform = 2;
	d.windows = w;
	d.nwindows = 1;
	return d;
}

START_TEST(test_valid_definition_has_no_problems)
{
	yw_material_def m;
	yw_form_field_def f[2];
	yw_window_def w;
	yw_item_def d = valid_def(&m, f, &w);
	struct problems p = { .n = 0 };
	ck_assert_uint_eq(yw_itemdef_validate(&d, collect, &p), 0);
}
END_TEST

START_TEST(test_every_problem_is_reported)
{
	yw_material_def m;
	yw_form_field_def f[2];
	yw_window_def w;
	yw_item_def d = valid_def(&m, f, &w);
	static const char *badfmt[] = { "exe" };
	struct problems p = { .n = 0 };
	d.depth = 4;
	d.name = "";
	d.kind = "随便";
	d.promised_days = 20;
	m.formats = badfmt;
	m.nformats = 1;
	f[0].options = NULL;
	f[0].noptions = 0;
	w.phone = "call me";
	ck_assert_uint_ge(yw_itemdef_validate(&d, collect, &p), 7);
	ck_assert_str_eq(code_of(&p, "depth"), "out_of_range");
	ck_assert_str_eq(code_of(&p, "name"), "required");
	ck_assert_str_eq(code_of(&p, "kind"), "invalid");
	ck_assert_str_eq(code_of(&p, "promised_days"), "exceeds_legal_days");
	ck_assert_str_eq(code_of(&p, "materials[0].formats"), "invalid");
	ck_assert_str_eq(code_of(&p, "form[0].options"), "required");
	ck_assert_str_eq(code_of(&p, "windows[0].phone"), "invalid");
}
END_TEST

START_TEST(test_depth_and_visits_must_agree)
{
	yw_material_def m;
	yw_form_field_def f[2];
	yw_window_def w;
	yw_item_def d = valid_def(&m, f, &w);
	struct problems p = { .n = 0 };
	d.visits_required = 1; /* depth 3 is fully online */
	yw_itemdef_validate(&d, collect, &p);
	ck_assert_str_eq(code_of(&p, "visits_required"), "inconsistent_with_depth");
	p.n = 0;
	d.depth = 1;
	d.visits_required = 0;
	yw_itemdef_validate(&d, collect, &p);
	ck_assert_str_eq(code_of(&p, "visits_required"), "inconsistent_with_depth");
}
END_TEST

START_TEST(test_duplicates_are_refused)
{
	yw_material_def m[2];
	yw_form_field_def f[2];
	yw_window_def w;
	yw_item_def d = valid_def(&m[0], f, &w);
	long long par[] = { 3, 3 };
	struct problems p = { .n = 0 };
	m[1] = m[0];
	d.materials = m;
	d.nmaterials = 2;
	f[1].key = "company_type";
	d.parallel_dept_ids = par;
	d.nparallel = 2;
	yw_itemdef_validate(&d, collect, &p);
	ck_assert_str_eq(code_of(&p, "materials[1].id"), "duplicate");
	ck_assert_str_eq(code_of(&p, "form[1].key"), "duplicate");
	ck_assert_str_eq(code_of(&p, "parallel_dept_ids"), "invalid");
}
END_TEST

START_TEST(test_options_only_for_select)
{
	yw_material_def m;
	yw_form_field_def f[2];
	yw_window_def w;
	yw_item_def d = valid_def(&m, f, &w);
	struct problems p = { .n = 0 };
	f[1].options = opts;
	f[1].noptions = 2;
	yw_itemdef_validate(&d, collect, &p);
	ck_assert_str_eq(code_of(&p, "form[1].options"), "not_allowed");
}
END_TEST

START_TEST(test_item_codes)
{
	ck_assert(yw_item_code_valid("370500-SCJG-XK-001"));
	ck_assert(yw_item_code_valid("a_b"));
	ck_assert(!yw_item_code_valid(""));
	ck_assert(!yw_item_code_valid("a b"));
	ck_assert(!yw_item_code_valid("a'b"));
	ck_assert(!yw_item_code_valid("事项"));
	ck_assert(!yw_item_code_valid(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	ck_assert(yw_region_code_valid("370502"));
	ck_assert(!yw_region_code_valid("37050"));
	ck_assert(!yw_region_code_valid("37050a"));
	ck_assert_str_eq(yw_depth_label(3), "全程网办，零跑腿");
	ck_assert_str_eq(yw_depth_label(9), "");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("itemdef");
	TCase *t = tcase_create("domain");
	tcase_add_test(t, test_valid_definition_has_no_problems);
	tcase_add_test(t, test_every_problem_is_reported);
	tcase_add_test(t, test_depth_and_visits_must_agree);
	tcase_add_test(t, test_duplicates_are_refused);
	tcase_add_test(t, test_options_only_for_select);
	tcase_add_test(t, test_item_codes);
	suite_add_tcase(s, t);
	return s;
}
