/*
 * evaluations.c: 好差评 (API.md section 4, issue 7): the citizen rates a decided
 * application once, score 1-5 with a comment. A score of 1 or 2 opens a follow-up that the
 * department must answer within `evaluation_follow_up_days` working days (default 5); the
 * supervision counters take the evaluation in the same transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "../domain/status.h"
#include "../domain/workday.h"
#include "../lib/app.h"
#include "../lib/appview.h"
#include "../lib/calendar.h"
#include "../lib/clock.h"
#include "../lib/json.h"
#include "../lib/workflow.h"
#include "apply.h"

static const char SQL_EVAL_INSERT[] =
    "INSERT INTO evaluations (application_id, citizen_id, dept_id, score, comment, created_at, "
    "follow_up_due_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_EVAL_DAILY[] =
    "INSERT INTO supervision_daily (dept_id, day, evaluations, score_sum, bad) "
    "VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE evaluations = evaluations + 1, "
    "score_sum = score_sum + VALUES(score_sum), bad = bad + VALUES(bad)";
static const char SQL_EVAL_TOTAL[] =
    "INSERT INTO supervision_total (dept_id, evaluations, score_sum, bad) VALUES (?, 1, ?, ?) "
    "ON DUPLICATE KEY UPDATE evaluations = evaluations + 1, "
    "score_sum = score_sum + VALUES(score_sum), bad = bad + VALUES(bad)";

static const yw_jfield evaluation_fields[] = {
	{ "score", YW_J_INT, YW_J_REQUIRED, 1, 5 },
	{ "comment", YW_J_STRING, 0, 0, 500 },
};

struct eval_tx {
	yw_req *r;
	long long id;
	int score;
	const char *comment;
	const char *now;
	int64_t due_us;
};

static yw_err
eval_tx(void *ctx)
{
	struct eval_tx *t = ctx;
	yw_req *r = t->r;
	const yw_calendar *cal;
	yw_wf_app a;
	char day[16], due[40];
	int bad = t->score <= 2;
	yw_err err;

	if ((err = yw_wf_lock(r->db, &r->arena, t->id, &a)) != YW_OK)
		return err;
	if (a.citizen_id != r->who.id)
		return YW_E_NOT_FOUND;
	/* Only a decision is rated: completed, denied or rejected (not a withdrawal). */
	if (!yw_status_final(a.status) || a.status == YW_ST_WITHDRAWN)
		return YW_E_INVALID_TRANSITION;
	t->due_us = 0;
	if (bad) {
		long days =
		    yw_config_long(yw_app_config(), "evaluation_follow_up_days", 5, 1, 60, NULL);
		if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
			return err;
		t->due_us = yw_due_at(cal, yw_now_us(), (int)days);
		yw_time_format_db(t->due_us, due, sizeof(due));
	}
	yw_arg ins[] = { YW_INT(a.id), YW_INT(a.citizen_id), YW_INT(a.dept_id), YW_INT(t->score),
		yw_str(t->comment ? t->comment : ""), yw_str(t->now),
		bad ? yw_str(due) : YW_NULLARG };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_EVAL_INSERT, ins, 7, NULL)) != YW_OK)
		return err; /* a second evaluation: the primary key says 409 conflict */
	yw_shanghai_date(yw_now_us(), day, sizeof(day));
	yw_arg dly[] = { YW_INT(a.dept_id), yw_str(day), YW_INT(t->score), YW_INT(bad) };
	yw_arg tot[] = { YW_INT(a.dept_id), YW_INT(t->score), YW_INT(bad) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_EVAL_DAILY, dly, 4, NULL)) != YW_OK)
		return err;
	return yw_db_exec(r->db, &r->arena, SQL_EVAL_TOTAL, tot, 3, NULL);
}

yw_err
post_evaluation(yw_req *r)
{
	struct eval_tx t;
	int bits = yw_json_check(r, r->json, "", evaluation_fields, 2);
	char created[40];
	json_t *body;
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.r = r;
	if (yw_req_id_param(r, "id", &t.id) != 0)
		return YW_E_NOT_FOUND;
	t.score = (int)yw_json_int(r->json, "score", 0);
	t.comment = yw_json_str(r->json, "comment");
	t.now = yw_now_db(&r->arena);
	if ((err = yw_db_tx(r->db, eval_tx, &t)) != YW_OK)
		return err;
	yw_time_format_rfc3339(yw_now_us(), created, sizeof(created));
	body = json_pack("{s:s, s:i, s:s, s:s}", "application_id",
	    yw_arena_printf(&r->arena, "%lld", t.id), "score", t.score, "comment",
	    t.comment ? t.comment : "", "created_at", created);
	if (t.due_us != 0) {
		char due[40];
		yw_time_format_rfc3339(t.due_us, due, sizeof(due));
		json_object_set_new(body, "follow_up",
		    json_pack("{s:s, s:n, s:n}", "due_at", due, "reply", "replied_at"));
	} else {
		json_object_set_new(body, "follow_up", json_null());
	}
	yw_reply(r, 201, body);
	return YW_OK;
}
