/* test_json.c: declared-field checks of request bodies and the query/path decoding. */
#include <limits.h>
#include <string.h>

#include "../../fcgi-apps/lib/json.h"
#include "../../fcgi-apps/lib/paging.h"
#include "check_main.h"

static const yw_jfield fields[] = {
	{ "name", YW_J_STRING, YW_J_REQUIRED, 1, 5 },
	{ "age", YW_J_INT, 0, 0, 150 },
	{ "tags", YW_J_ARRAY, 0, 0, 2 },
	{ "note", YW_J_STRING, YW_J_NULLABLE, 0, 10 },
};

static yw_req *
new_req(void)
{
	static yw_req r;
	if (r.err_fields)
		json_decref(r.err_fields);
	yw_arena_free(&r.arena);
	memset(&r, 0, sizeof(r));
	yw_arena_init(&r.arena);
	return &r;
}

static const char *
field_code(yw_req *r, const char *field)
{
	size_t i;
	json_t *v;
	json_array_foreach(r->err_fields, i,
	    v) if (strcmp(json_string_value(json_object_get(v, "field")), field) ==
	           0) return json_string_value(json_object_get(v, "code"));
	return NULL;
}

START_TEST(test_clean_body_passes)
{
	yw_req *r = new_req();
	json_t *o = json_pack("{s:s, s:i, s:n}", "name", "张三", "age", 30, "note");
	ck_assert_int_eq(yw_json_check(r, o, "", fields, 4), 0);
	json_decref(o);
}
END_TEST

START_TEST(test_length_counts_characters_not_bytes)
{
	yw_req *r = new_req();
	json_t *o = json_pack("{s:s}", "name", "东营市民中"); /* 5 characters, 15 bytes */
	ck_assert_int_eq(yw_json_check(r, o, "", fields, 4), 0);
	json_decref(o);
	r = new_req();
	o = json_pack("{s:s}", "name", "东营市民中心"); /* 6 characters */
	ck_assert_int_eq(yw_json_check(r, o, "", fields, 4), YW_JCHECK_VALUE);
	ck_assert_str_eq(field_code(r, "name"), "too_long");
	json_decref(o);
}
END_TEST

START_TEST(test_every_problem_is_reported_at_once)
{
	yw_req *r = new_req();
	json_t *o = json_pack(
	    "{s:s, s:i, s:[i,i,i], s:i}", "age", "x", "extra", 1, "tags", 1, 2, 3, "note", 5);
	int bits = yw_json_check(r, o, "p", fields, 4);
	ck_assert_int_eq(bits, YW_JCHECK_TYPE | YW_JCHECK_VALUE);
	ck_assert_str_eq(field_code(r, "p.name"), "required");
	ck_assert_str_eq(field_code(r, "p.age"), "invalid_type");
	ck_assert_str_eq(field_code(r, "p.extra"), "unknown_field");
	ck_assert_str_eq(field_code(r, "p.tags"), "too_long");
	ck_assert_str_eq(field_code(r, "p.note"), "invalid_type");
	ck_assert_int_eq(yw_json_check_err(bits), YW_E_BAD_REQUEST);
	json_decref(o);
}
END_TEST

START_TEST(test_integer_range)
{
	yw_req *r = new_req();
	json_t *o = json_pack("{s:s, s:i}", "name", "a", "age", 151);
	ck_assert_int_eq(yw_json_check(r, o, "", fields, 4), YW_JCHECK_VALUE);
	ck_assert_str_eq(field_code(r, "age"), "out_of_range");
	ck_assert_int_eq(yw_json_check_err(YW_JCHECK_VALUE), YW_E_VALIDATION);
	json_decref(o);
}
END_TEST

START_TEST(test_null_for_required_is_required)
{
	yw_req *r = new_req();
	json_t *o = json_pack("{s:n}", "name");
	ck_assert_int_eq(yw_json_check(r, o, "", fields, 4), YW_JCHECK_VALUE);
	ck_assert_str_eq(field_code(r, "name"), "required");
	json_decref(o);
}
END_TEST

START_TEST(test_json_id_accepts_strings_and_integers)
{
	long long id;
	json_t *s = json_string("42"), *i = json_integer(7), *z = json_string("042"),
	       *n = json_integer(-1);
	ck_assert_int_eq(yw_json_id(s, &id), 0);
	ck_assert_int_eq(id, 42);
	ck_assert_int_eq(yw_json_id(i, &id), 0);
	ck_assert_int_eq(id, 7);
	ck_assert_int_eq(yw_json_id(z, &id), -1);
	ck_assert_int_eq(yw_json_id(n, &id), -1);
	json_decref(s);
	json_decref(i);
	json_decref(z);
	json_decref(n);
}
END_TEST

START_TEST(test_url_decode_rejects_bad_input)
{
	yw_arena a;
	char *out;
	yw_arena_init(&a);
	ck_assert_int_eq(yw_url_decode(&a, "a%20b+c", 7, 1, &out), 0);
	ck_assert_str_eq(out, "a b c");
	ck_assert_int_eq(yw_url_decode(&a, "%E7%99%BB", 9, 0, &out), 0);
	ck_assert_str_eq(out, "登");
	ck_assert_int_eq(yw_url_decode(&a, "%zz", 3, 0, &out), -1);
	ck_assert_int_eq(yw_url_decode(&a, "%4", 2, 0, &out), -1);
	ck_assert_int_eq(yw_url_decode(&a, "%00", 3, 0, &out), -1);
	ck_assert_int_eq(yw_url_decode(&a, "%FF", 3, 0, &out), -1);
	yw_arena_free(&a);
}
END_TEST

START_TEST(test_query_parsing)
{
	yw_req *r = new_req();
	r->query = "q=%E7%99%BB%E8%AE%B0&limit=2&empty&x=a+b";
	ck_assert_int_eq(yw_req_parse_query(r), YW_OK);
	ck_assert_str_eq(yw_req_query(r, "q"), "登记");
	ck_assert_str_eq(yw_req_query(r, "limit"), "2");
	ck_assert_str_eq(yw_req_query(r, "empty"), "");
	ck_assert_str_eq(yw_req_query(r, "x"), "a b");
	ck_assert_ptr_null(yw_req_query(r, "nope"));
	r = new_req();
	r->query = "q=%C3%28";
	ck_assert_int_eq(yw_req_parse_query(r), YW_E_BAD_REQUEST);
}
END_TEST

START_TEST(test_cursor_round_trip_and_tampering)
{
	yw_req *r = new_req();
	yw_page p;
	const char *c = yw_page_cursor(r, 'i', "370500-SCJG-XK-001");
	yw_kv qs[] = { { "cursor", c }, { "limit", "5" } };
	r->qs = qs;
	r->nqs = 2;
	ck_assert_int_eq(yw_page_parse(r, 'i', &p), YW_OK);
	ck_assert_str_eq(p.after, "370500-SCJG-XK-001");
	ck_assert_int_eq(p.limit, 5);
	/* A cursor of another list is refused. */
	ck_assert_int_eq(yw_page_parse(r, 'd', &p), YW_E_BAD_REQUEST);
	yw_kv bad[] = { { "cursor", "!!!" }, { "limit", "0" } };
	r->qs = bad;
	ck_assert_int_eq(yw_page_parse(r, 'i', &p), YW_E_BAD_REQUEST);
	ck_assert_str_eq(field_code(r, "limit"), "out_of_range");
	ck_assert_str_eq(field_code(r, "cursor"), "invalid");
	yw_kv big[] = { { "limit", "101" } };
	r->qs = big;
	r->nqs = 1;
	ck_assert_int_eq(yw_page_parse(r, 'i', &p), YW_E_BAD_REQUEST);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("json");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_clean_body_passes);
	tcase_add_test(t, test_length_counts_characters_not_bytes);
	tcase_add_test(t, test_every_problem_is_reported_at_once);
	tcase_add_test(t, test_integer_range);
	tcase_add_test(t, test_null_for_required_is_required);
	tcase_add_test(t, test_json_id_accepts_strings_and_integers);
	tcase_add_test(t, test_url_decode_rejects_bad_input);
	tcase_add_test(t, test_query_parsing);
	tcase_add_test(t, test_cursor_round_trip_and_tampering);
	suite_add_tcase(s, t);
	return s;
}
