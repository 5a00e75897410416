/* test_status.c: every status x every action of the application status machine. */
#include <string.h>

#include "../../fcgi-apps/domain/status.h"
#include "check_main.h"

/* The contract of API.md section 4, written out as (from, action, to) triples. */
static const struct {
	const char *from, *action, *to;
} allowed[] = {
	{ "draft", "submit", "submitted" },
	{ "submitted", "accept", "accepted" },
	{ "submitted", "reject", "rejected" },
	{ "submitted", "request_supplement", "supplement_required" },
	{ "supplement_required", "submit", "submitted" },
	{ "accepted", "approve", "completed" },
	{ "accepted", "deny", "denied" },
	{ "accepted", "suspend", "suspended" },
	{ "suspended", "resume", "accepted" },
	{ "submitted", "withdraw", "withdrawn" },
	{ "supplement_required", "withdraw", "withdrawn" },
	{ "accepted", "withdraw", "withdrawn" },
	{ "suspended", "withdraw", "withdrawn" },
	{ "accepted", "extend", "accepted" },
	{ "accepted", "opinion", "accepted" },
};

START_TEST(test_every_status_and_action)
{
	int seen = 0;
	for (int s = 0; s < YW_ST__COUNT; s++) {
		for (int a = 0; a < YW_ACT__COUNT; a++) {
			const char *want = NULL;
			yw_status to;
			for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
				if (strcmp(allowed[i].from, yw_status_name((yw_status)s)) == 0 &&
				    strcmp(allowed[i].action, yw_action_name((yw_action)a)) == 0)
					want = allowed[i].to;
			int rc = yw_transition((yw_status)s, (yw_action)a, &to);
			if (want == NULL) {
				ck_assert_msg(rc == -1, "%s --%s--> should be refused",
				    yw_status_name((yw_status)s), yw_action_name((yw_action)a));
			} else {
				ck_assert_msg(rc == 0, "%s --%s--> should be allowed",
				    yw_status_name((yw_status)s), yw_action_name((yw_action)a));
				ck_assert_str_eq(yw_status_name(to), want);
				seen++;
			}
		}
	}
	ck_assert_int_eq(seen, (int)(sizeof(allowed) / sizeof(allowed[0])));
}
END_TEST

START_TEST(test_final_statuses_allow_nothing)
{
	const char *finals[] = { "completed", "denied", "rejected", "withdrawn" };
	for (size_t i = 0; i < 4; i++) {
		yw_status s, to;
		ck_assert_int_eq(yw_status_parse(finals[i], &s), 0);
		ck_assert(yw_status_final(s));
		for (int a = 0; a < YW_ACT__COUNT; a++)
			ck_assert_int_eq(yw_transition(s, (yw_action)a, &to), -1);
	}
	ck_assert(!yw_status_final(YW_ST_SUSPENDED));
}
END_TEST

START_TEST(test_names_labels_and_parsing)
{
	for (int s = 0; s < YW_ST__COUNT; s++) {
		yw_status back;
		ck_assert_int_eq(yw_status_parse(yw_status_name((yw_status)s), &back), 0);
		ck_assert_int_eq(back, s);
		ck_assert(strlen(yw_status_label((yw_status)s, 0)) > 0);
		ck_assert(strlen(yw_status_label((yw_status)s, 1)) > 0);
	}
	for (int a = 0; a < YW_ACT__COUNT; a++) {
		yw_action back;
		ck_assert_int_eq(yw_action_parse(yw_action_name((yw_action)a), &back), 0);
		ck_assert_int_eq(back, a);
	}
	yw_status s;
	ck_assert_int_eq(yw_status_parse("Draft", &s), -1);
	ck_assert_int_eq(yw_status_parse(NULL, &s), -1);
	ck_assert(yw_status_clock_runs(YW_ST_ACCEPTED));
	ck_assert(!yw_status_clock_runs(YW_ST_SUSPENDED));
	ck_assert_int_eq(yw_transition((yw_status)99, YW_ACT_SUBMIT, &s), -1);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("status");
	TCase *t = tcase_create("domain");
	tcase_add_test(t, test_every_status_and_action);
	tcase_add_test(t, test_final_statuses_allow_nothing);
	tcase_add_test(t, test_names_labels_and_parsing);
	suite_add_tcase(s, t);
	return s;
}
