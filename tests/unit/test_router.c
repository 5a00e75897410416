/* test_router.c: route matching, path parameters, 404 and 405 with Allow. */
#include <string.h>

#include "../../fcgi-apps/lib/router.h"
#include "check_main.h"

static yw_err
h(struct yw_req *r)
{
	(void)r;
	return YW_OK;
}

static const yw_route routes[] = {
	{ "GET", "/api/v1/items", h, 0, 0, 0 },
	{ "GET", "/api/v1/items/{code}", h, 0, 0, 0 },
	{ "PUT", "/api/v1/admin/items/{code}", h, 0, 0, 0 },
	{ "POST", "/api/v1/applications/{id}/submit", h, 0, 0, 0 },
	{ "GET", "/open311/v2/services/{code}.json", h, 0, 0, 0 },
	{ "DELETE", "/api/v1/me/devices/{token}", h, 0, 0, 0 },
};
#define N (sizeof(routes) / sizeof(routes[0]))

START_TEST(test_exact_path_matches_its_route)
{
	yw_path_params pp;
	ck_assert_int_eq(yw_route_match(routes, N, "GET", "/api/v1/items", &pp, NULL, 0), 0);
	ck_assert_uint_eq(pp.n, 0);
}
END_TEST

START_TEST(test_path_parameter_is_captured)
{
	yw_path_params pp;
	ck_assert_int_eq(yw_route_match(routes, N, "GET", "/api/v1/items/ABC-1", &pp, NULL, 0), 1);
	ck_assert_uint_eq(pp.n, 1);
	ck_assert_int_eq((int)pp.p[0].name_len, 4);
	ck_assert(strncmp(pp.p[0].name, "code", 4) == 0);
	ck_assert_int_eq((int)pp.p[0].value_len, 5);
	ck_assert(strncmp(pp.p[0].value, "ABC-1", 5) == 0);
}
END_TEST

START_TEST(test_parameter_in_the_middle)
{
	yw_path_params pp;
	ck_assert_int_eq(
	    yw_route_match(routes, N, "POST", "/api/v1/applications/42/submit", &pp, NULL, 0), 3);
	ck_assert(strncmp(pp.p[0].value, "42", pp.p[0].value_len) == 0);
}
END_TEST

START_TEST(test_parameter_with_literal_suffix)
{
	yw_path_params pp;
	ck_assert_int_eq(
	    yw_route_match(routes, N, "GET", "/open311/v2/services/X1.json", &pp, NULL, 0), 4);
	ck_assert_int_eq((int)pp.p[0].value_len, 2);
	ck_assert_int_eq(
	    yw_route_match(routes, N, "GET", "/open311/v2/services/.json", &pp, NULL, 0),
	    YW_ROUTE_NOT_FOUND);
	ck_assert_int_eq(yw_route_match(routes, N, "GET", "/open311/v2/services/X1", &pp, NULL, 0),
	    YW_ROUTE_NOT_FOUND);
}
END_TEST

START_TEST(test_unknown_path_is_not_found)
{
	ck_assert_int_eq(
	    yw_route_match(routes, N, "GET", "/api/v1/nope", NULL, NULL, 0), YW_ROUTE_NOT_FOUND);
	ck_assert_int_eq(
	    yw_route_match(routes, N, "GET", "/api/v1/items/", NULL, NULL, 0), YW_ROUTE_NOT_FOUND);
	ck_assert_int_eq(yw_route_match(routes, N, "GET", "/api/v1/items/a/b", NULL, NULL, 0),
	    YW_ROUTE_NOT_FOUND);
	ck_assert_int_eq(
	    yw_route_match(routes, N, "GET", "/api/v1/itemsx", NULL, NULL, 0), YW_ROUTE_NOT_FOUND);
	ck_assert_int_eq(yw_route_match(routes, N, "GET", "", NULL, NULL, 0), YW_ROUTE_NOT_FOUND);
}
END_TEST

START_TEST(test_wrong_method_is_405_with_allow)
{
	char allow[64];
	ck_assert_int_eq(
	    yw_route_match(routes, N, "DELETE", "/api/v1/items", NULL, allow, sizeof(allow)),
	    YW_ROUTE_METHOD_NOT_ALLOWED);
	ck_assert_str_eq(allow, "GET, HEAD");
	ck_assert_int_eq(
	    yw_route_match(routes, N, "POST", "/api/v1/admin/items/x", NULL, allow, sizeof(allow)),
	    YW_ROUTE_METHOD_NOT_ALLOWED);
	ck_assert_str_eq(allow, "PUT");
}
END_TEST

START_TEST(test_head_is_served_by_get)
{
	ck_assert_int_eq(yw_route_match(routes, N, "HEAD", "/api/v1/items", NULL, NULL, 0), 0);
}
END_TEST

START_TEST(test_route_table_check_rejects_bad_tables)
{
	char err[128];
	yw_route dup[] = { { "GET", "/a", h, 0, 0, 0 }, { "GET", "/a", h, 0, 0, 0 } };
	yw_route bad[] = { { "GET", "/a/{x", h, 0, 0, 0 } };
	yw_route rel[] = { { "GET", "a", h, 0, 0, 0 } };
	ck_assert_int_eq(yw_routes_check(routes, N, err, sizeof(err)), 0);
	ck_assert_int_eq(yw_routes_check(dup, 2, err, sizeof(err)), -1);
	ck_assert_int_eq(yw_routes_check(bad, 1, err, sizeof(err)), -1);
	ck_assert_int_eq(yw_routes_check(rel, 1, err, sizeof(err)), -1);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("router");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_exact_path_matches_its_route);
	tcase_add_test(t, test_path_parameter_is_captured);
	tcase_add_test(t, test_parameter_in_the_middle);
	tcase_add_test(t, test_parameter_with_literal_suffix);
	tcase_add_test(t, test_unknown_path_is_not_found);
	tcase_add_test(t, test_wrong_method_is_405_with_allow);
	tcase_add_test(t, test_head_is_served_by_get);
	tcase_add_test(t, test_route_table_check_rejects_bad_tables);
	suite_add_tcase(s, t);
	return s;
}
