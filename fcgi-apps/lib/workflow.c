/*
 * workflow.c: every status change of an application (see workflow.h).
 */
#include "workflow.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "log.h"

/* FOR UPDATE locks every row it reads, so the item is read apart: a join would lock the
 * item's row too and serialise every application of that item. */
static const char SQL_LOCK[] =
    "SELECT id, citizen_id, dept_id, version, status, number, item_code, promised_days, "
    "extended_days, submitted_at, accepted_at, accept_by, due_at, yellow_at, suspended_at, "
    "decided_at, first_supplement, form FROM applications WHERE id = ? FOR UPDATE";
static const char SQL_ITEM[] = "SELECT name, promised_days FROM items WHERE code = ?";
static const char SQL_UPDATE[] =
    "UPDATE applications SET status = ?, version = version + ?, updated_at = ?, "
    "submitted_at = ?, accepted_at = ?, accept_by = ?, due_at = ?, yellow_at = ?, "
    "suspended_at = ?, decided_at = ?, promised_days = ?, extended_days = ?, "
    "supplement = COALESCE(?, supplement), first_supplement = COALESCE(?, first_supplement), "
    "result = COALESCE(?, result), queue = ?, queue_at = ?, working_days_used = ?, "
    "public_at = COALESCE(public_at, ?) WHERE id = ?";
static const char SQL_TIMELINE[] =
    "INSERT INTO application_timeline (application_id, at, status, note, actor_role, "
    "actor_dept_id) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_OPINIONS_OPEN[] =
    "INSERT INTO application_opinions (application_id, dept_id, queue_at) "
    "SELECT ?, dept_id, ? FROM item_parallel_depts WHERE item_code = ?";
static const char SQL_OPINIONS_QUEUE[] =
    "UPDATE application_opinions SET queue_at = ? WHERE application_id = ? AND decision IS NULL";
static const char SQL_OPINION_GIVE[] =
    "UPDATE application_opinions SET decision = ?, note = ?, decided_at = ?, queue_at = NULL "
    "WHERE application_id = ? AND dept_id = ? AND decision IS NULL";
static const char SQL_OPINIONS_NOT_APPROVED[] =
    "SELECT COUNT(*) FROM application_opinions WHERE application_id = ? AND "
    "(decision IS NULL OR decision <> 'approve')";
static const char SQL_OPEN_ADD[] =
    "INSERT INTO supervision_open (dept_id, shard, in_progress) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE in_progress = in_progress + VALUES(in_progress)";
static const char SQL_CLOCK_ADD[] =
    "INSERT INTO supervision_clock (dept_id, due_date, yellow_date, n) VALUES (?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE n = n + VALUES(n)";
static const char SQL_CLOCK_PRUNE[] =
    "DELETE FROM supervision_clock WHERE dept_id = ? AND due_date = ? AND yellow_date = ? "
    "AND n = 0";
static const char SQL_DAILY_ADD[] =
    "INSERT INTO supervision_daily (dept_id, day, completed, decided, on_time, working_days) "
    "VALUES (?, ?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE completed = completed + "
    "VALUES(completed), decided = decided + 1, on_time = on_time + VALUES(on_time), "
    "working_days = working_days + VALUES(working_days)";
static const char SQL_TOTAL_ADD[] =
    "INSERT INTO supervision_total (dept_id, completed, decided, on_time, working_days) "
    "VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE completed = completed + "
    "VALUES(completed), decided = decided + 1, on_time = on_time + VALUES(on_time), "
    "working_days = working_days + VALUES(working_days)";
static const char SQL_INBOX[] =
    "INSERT INTO notifications (citizen_id, application_id, at, kind, status, title, body) "
    "VALUES (?, ?, ?, 'status', ?, ?, ?)";
/* One outbox row per channel the citizen can be reached on; SMS only where it is worth
 * a text message (a supplement request and the final statuses). pushd (the push issue)
 * decides at delivery time what a channel without a grant or a device does. */
static const char SQL_OUTBOX[] =
    "INSERT INTO outbox (application_id, citizen_id, notification_id, channel, status, next_at, "
    "created_at) SELECT ?, c.id, ?, ch.channel, ?, ?, ? FROM citizens c JOIN (SELECT 'wechat' "
    "AS channel UNION ALL SELECT 'app' UNION ALL SELECT 'sms' UNION ALL SELECT 'upstream') ch "
    "WHERE c.id = ? AND (ch.channel <> 'wechat' OR c.wechat_openid IS NOT NULL) AND "
    "(ch.channel <> 'sms' OR (? = 1 AND c.phone IS NOT NULL)) AND "
    "(ch.channel <> 'upstream' OR ? = 1)";
static const char SQL_DEEM_CANDIDATES_DEPT[] =
    "SELECT id FROM applications WHERE dept_id = ? AND queue = 'pre_review' AND queue_at < ? "
    "ORDER BY queue_at LIMIT ?";
static const char SQL_DEEM_CANDIDATES_ALL[] =
    "SELECT id FROM applications WHERE queue = 'pre_review' AND queue_at < ? "
    "ORDER BY queue_at LIMIT ?";

static int64_t
time_cell(const char *cell)
{
	int64_t us = 0;

	if (cell == NULL || yw_time_parse_db(cell, &us) != 0)
		return 0;
	return us;
}

static yw_arg
time_arg(yw_arena *a, int64_t us)
{
	char buf[40];

	if (us == 0)
		return YW_NULLARG;
	yw_time_format_db(us, buf, sizeof(buf));
	return yw_str(yw_arena_strdup(a, buf));
}

static const char *
date_of(yw_arena *a, int64_t us)
{
	char buf[16];

	yw_shanghai_date(us, buf, sizeof(buf));
	return yw_arena_strdup(a, buf);
}

yw_err
yw_wf_lock(yw_db *db, yw_arena *a, long long id, yw_wf_app *out)
{
	yw_rows rows, item;
	yw_arg arg = YW_INT(id);
	yw_err err;

	memset(out, 0, sizeof(*out));
	if ((err = yw_db_exec(db, a, SQL_LOCK, &arg, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	out->id = atoll(YW_CELL(&rows, 0, 0));
	out->citizen_id = atoll(YW_CELL(&rows, 0, 1));
	out->dept_id = atoll(YW_CELL(&rows, 0, 2));
	out->version = atoll(YW_CELL(&rows, 0, 3));
	if (yw_status_parse(YW_CELL(&rows, 0, 4), &out->status) != 0)
		return YW_E_INTERNAL;
	out->number = YW_CELL(&rows, 0, 5) ? YW_CELL(&rows, 0, 5) : "";
	out->item_code = YW_CELL(&rows, 0, 6);
	out->promised_days = YW_CELL(&rows, 0, 7) ? atoi(YW_CELL(&rows, 0, 7)) : 0;
	out->extended_days = YW_CELL(&rows, 0, 8) ? atoi(YW_CELL(&rows, 0, 8)) : 0;
	out->submitted_us = time_cell(YW_CELL(&rows, 0, 9));
	out->accepted_us = time_cell(YW_CELL(&rows, 0, 10));
	out->accept_by_us = time_cell(YW_CELL(&rows, 0, 11));
	out->due_us = time_cell(YW_CELL(&rows, 0, 12));
	out->yellow_us = time_cell(YW_CELL(&rows, 0, 13));
	out->suspended_us = time_cell(YW_CELL(&rows, 0, 14));
	out->decided_us = time_cell(YW_CELL(&rows, 0, 15));
	out->first_supplement = YW_CELL(&rows, 0, 16);
	out->form = YW_CELL(&rows, 0, 17);
	yw_arg code = yw_str(out->item_code);
	if ((err = yw_db_exec(db, a, SQL_ITEM, &code, 1, &item)) != YW_OK)
		return err;
	if (item.nrows != 1)
		return YW_E_INTERNAL;
	out->item_name = YW_CELL(&item, 0, 0);
	out->item_promised_days = atoi(YW_CELL(&item, 0, 1));
	return YW_OK;
}

int
yw_wf_deem_due(const yw_wf_app *app, int64_t now_us)
{
	return app->status == YW_ST_SUBMITTED && app->accept_by_us != 0 &&
	       now_us > app->accept_by_us;
}

/* --- pieces of a change ---------------------------------------------------------------- */

static yw_err
clock_count(yw_db *db, yw_arena *a, long long dept, int64_t due_us, int64_t yellow_us, int n)
{
	yw_arg args[] = { YW_INT(dept), yw_str(date_of(a, due_us)), yw_str(date_of(a, yellow_us)),
		YW_INT(n) };
	yw_err err;

	if ((err = yw_db_exec(db, a, SQL_CLOCK_ADD, args, 4, NULL)) != YW_OK || n > 0)
		return err;
	/* A (due date, yellow date) that no running clock has any more goes: the supervision
	 * overview sums live rows only, whatever the length of the history. */
	return yw_db_exec(db, a, SQL_CLOCK_PRUNE, args, 3, NULL);
}

static yw_err
open_count(yw_db *db, yw_arena *a, const yw_wf_app *app, int n)
{
	yw_arg args[] = { YW_INT(app->dept_id), YW_INT(app->id % 16), YW_INT(n) };

	return yw_db_exec(db, a, SQL_OPEN_ADD, args, 3, NULL);
}

/* The audit detail: {from, to, version} merged into the change's own detail. */
static json_t *
detail_json(const yw_wf_app *before, yw_status to, long long version, const yw_wf_change *c)
{
	json_t *o = NULL, *extra;
	json_error_t je;

	if (c->detail != NULL && (extra = json_loads(c->detail, 0, &je)) != NULL) {
		if (json_is_object(extra))
			o = json_incref(extra);
		json_decref(extra);
	}
	if (o == NULL)
		o = json_object();
	json_object_set_new(o, "from", json_string(yw_status_name(before->status)));
	json_object_set_new(o, "to", json_string(yw_status_name(to)));
	json_object_set_new(o, "version", json_integer(version));
	if (c->deemed)
		json_object_set_new(o, "deemed", json_true());
	return o;
}

/* The provincial platform (互联互通) hears of every status change when it is configured. */
static int
upstream_configured(void)
{
	const yw_config *cfg = yw_app_config();
	const char *url = cfg ? yw_config_str(cfg, "upstream_url", NULL) : NULL;

	return url != NULL && *url != '\0';
}

/* The citizen hears of every status change: the inbox entry and the outbox rows. */
static yw_err
notify(
    yw_db *db, yw_arena *a, const yw_wf_app *app, yw_status to, const char *note, const char *now)
{
	const char *title = "办件进度通知";
	const char *body = yw_arena_printf(a, "您申请的“%s”（%s）%s。%s", app->item_name,
	    app->number, yw_status_label(to, 0), note ? note : "");
	int sms = to == YW_ST_SUPPLEMENT_REQUIRED || yw_status_final(to);
	long long nid;
	yw_err err;

	if (strlen(body) > 990)
		body = yw_arena_printf(a, "您申请的“%s”（%s）%s。", app->item_name, app->number,
		    yw_status_label(to, 0));
	yw_arg in[] = { YW_INT(app->citizen_id), YW_INT(app->id), yw_str(now),
		yw_str(yw_status_name(to)), yw_str(title), yw_str(body) };
	if ((err = yw_db_exec(db, a, SQL_INBOX, in, 6, NULL)) != YW_OK)
		return err;
	nid = (long long)yw_db_insert_id(db);
	yw_arg out[] = { YW_INT(app->id), YW_INT(nid), yw_str(yw_status_name(to)), yw_str(now),
		yw_str(now), YW_INT(app->citizen_id), YW_INT(sms), YW_INT(upstream_configured()) };
	return yw_db_exec(db, a, SQL_OUTBOX, out, 8, NULL);
}

/* --- the change ------------------------------------------------------------------------ */

yw_err
yw_wf_apply(yw_db *db, yw_arena *a, const yw_calendar *cal, yw_wf_app *app, const yw_actor *who,
    const yw_wf_change *c)
{
	yw_wf_app before = *app, *n = app;
	int64_t now_us = yw_now_us();
	const char *now = yw_now_db(a);
	const char *queue = NULL;
	int64_t queue_at = 0;
	int clock_before = app->status == YW_ST_ACCEPTED, clock_after;
	int open_delta = 0, working_days = -1;
	yw_status to;
	yw_rows rows;
	yw_err err;

	if (yw_transition(app->status, c->action, &to) != 0)
		return YW_E_INVALID_TRANSITION;
	switch (c->action) {
	case YW_ACT_SUBMIT:
		n->submitted_us = now_us;
		n->accept_by_us = yw_due_at(cal, now_us, YW_DEEMED_ACCEPTANCE_DAYS);
		if (before.status == YW_ST_DRAFT)
			open_delta = 1;
		break;
	case YW_ACT_ACCEPT:
		n->accepted_us = c->deemed && n->submitted_us ? n->submitted_us : now_us;
		n->promised_days = n->item_promised_days;
		n->due_us = yw_due_at(cal, n->accepted_us, n->promised_days);
		n->yellow_us = yw_yellow_at(cal, n->due_us, n->promised_days);
		n->accept_by_us = 0;
		break;
	case YW_ACT_REQUEST_SUPPLEMENT: n->accept_by_us = 0; break;
	case YW_ACT_SUSPEND: n->suspended_us = now_us; break;
	case YW_ACT_RESUME:
		n->due_us = yw_due_after_resume(cal, n->due_us, n->suspended_us, now_us);
		n->yellow_us = yw_yellow_at(cal, n->due_us, n->promised_days);
		n->suspended_us = 0;
		break;
	case YW_ACT_EXTEND:
		if (n->extended_days > 0)
			return YW_E_CONFLICT;
		n->extended_days = c->extend_days;
		n->due_us =
		    yw_day_end_us(yw_add_workdays(cal, yw_shanghai_day(n->due_us), c->extend_days));
		n->yellow_us = yw_yellow_at(cal, n->due_us, n->promised_days);
		break;
	case YW_ACT_OPINION: {
		yw_arg args[] = { yw_str(c->opinion), yw_str(c->note ? c->note : ""), yw_str(now),
			YW_INT(n->id), YW_INT(c->opinion_dept) };
		if ((err = yw_db_exec(db, a, SQL_OPINION_GIVE, args, 5, NULL)) != YW_OK)
			return err;
		if (yw_db_affected(db) != 1)
			return YW_E_CONFLICT;
		break;
	}
	case YW_ACT_APPROVE: {
		yw_arg one = YW_INT(n->id);
		if ((err = yw_db_exec(db, a, SQL_OPINIONS_NOT_APPROVED, &one, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 1 && atoll(YW_CELL(&rows, 0, 0)) > 0)
			return YW_E_PARALLEL_PENDING;
	}
		/* fall through */
	case YW_ACT_DENY:
		working_days = yw_workdays_between(
		    cal, yw_shanghai_day(n->accepted_us), yw_shanghai_day(now_us));
		/* fall through */
	case YW_ACT_REJECT:
	case YW_ACT_WITHDRAW:
		n->decided_us = now_us;
		n->accept_by_us = 0;
		open_delta = -1;
		break;
	default: break;
	}
	n->status = to;
	n->version = before.version + (c->same_version ? 0 : 1);
	clock_after = to == YW_ST_ACCEPTED;

	/* What the application waits for, and the queue's sort key. */
	if (to == YW_ST_SUBMITTED) {
		queue = "pre_review";
		queue_at = n->accept_by_us;
	} else if (to == YW_ST_ACCEPTED || to == YW_ST_SUSPENDED) {
		queue = "review";
		queue_at = n->due_us;
	}

	yw_arg set[] = { yw_str(yw_status_name(to)), YW_INT(c->same_version ? 0 : 1), yw_str(now),
		time_arg(a, n->submitted_us), time_arg(a, n->accepted_us),
		time_arg(a, n->accept_by_us), time_arg(a, n->due_us), time_arg(a, n->yellow_us),
		time_arg(a, n->suspended_us), time_arg(a, n->decided_us),
		n->promised_days ? YW_INT(n->promised_days) : YW_NULLARG,
		n->extended_days ? YW_INT(n->extended_days) : YW_NULLARG, yw_str(c->supplement),
		yw_str(before.first_supplement ? NULL : c->first_supplement), yw_str(c->result),
		yw_str(queue), time_arg(a, queue_at),
		working_days >= 0 ? YW_INT(working_days) : YW_NULLARG,
		/* 结果公示: a decision is public from now on (a withdrawal is no decision). */
		yw_status_final(to) && to != YW_ST_WITHDRAWN ? yw_str(now) : YW_NULLARG,
		YW_INT(n->id) };
	if ((err = yw_db_exec(db, a, SQL_UPDATE, set, 20, NULL)) != YW_OK)
		return err;
	if (c->first_supplement != NULL && before.first_supplement == NULL)
		n->first_supplement = c->first_supplement;

	/* The timeline the citizen reads: role and department, never a person. */
	yw_arg tl[] = { YW_INT(n->id), yw_str(now), yw_str(yw_status_name(to)),
		yw_str(c->note ? c->note : ""), yw_str(who->role),
		who->dept_id ? YW_INT(who->dept_id) : YW_NULLARG };
	if ((err = yw_db_exec(db, a, SQL_TIMELINE, tl, 6, NULL)) != YW_OK)
		return err;

	/* Parallel departments: their opinions wait while the clock runs. */
	if (c->action == YW_ACT_ACCEPT) {
		yw_arg op[] = { YW_INT(n->id), time_arg(a, n->due_us), yw_str(n->item_code) };
		if ((err = yw_db_exec(db, a, SQL_OPINIONS_OPEN, op, 3, NULL)) != YW_OK)
			return err;
	} else if (c->action != YW_ACT_OPINION && (clock_before || clock_after) &&
	           (before.due_us != n->due_us || clock_before != clock_after)) {
		yw_arg op[] = { clock_after ? time_arg(a, n->due_us) : YW_NULLARG, YW_INT(n->id) };
		if ((err = yw_db_exec(db, a, SQL_OPINIONS_QUEUE, op, 2, NULL)) != YW_OK)
			return err;
	}

	/* Supervision counters. */
	if (open_delta != 0 && (err = open_count(db, a, n, open_delta)) != YW_OK)
		return err;
	{
		/* The clock's buckets in key order (earlier due date first): two changes moving
		 * clocks between the same two buckets take their row locks in the same order. */
		int drop = clock_before && (!clock_after || before.due_us != n->due_us);
		int add = clock_after && (!clock_before || before.due_us != n->due_us);
		int add_first = add && drop && n->due_us < before.due_us;
		if (add_first &&
		    (err = clock_count(db, a, n->dept_id, n->due_us, n->yellow_us, 1)) != YW_OK)
			return err;
		if (drop && (err = clock_count(
		                 db, a, n->dept_id, before.due_us, before.yellow_us, -1)) != YW_OK)
			return err;
		if (add && !add_first &&
		    (err = clock_count(db, a, n->dept_id, n->due_us, n->yellow_us, 1)) != YW_OK)
			return err;
	}
	if (working_days >= 0) {
		yw_arg d[] = { YW_INT(n->dept_id), yw_str(date_of(a, now_us)),
			YW_INT(to == YW_ST_COMPLETED), YW_INT(now_us <= n->due_us),
			YW_INT(working_days) };
		yw_arg t[] = { d[0], d[2], d[3], d[4] };
		if ((err = yw_db_exec(db, a, SQL_DAILY_ADD, d, 5, NULL)) != YW_OK ||
		    (err = yw_db_exec(db, a, SQL_TOTAL_ADD, t, 4, NULL)) != YW_OK)
			return err;
	}

	if (to != before.status && (err = notify(db, a, n, to, c->note, now)) != YW_OK)
		return err;

	/* The audit trail records what the administration does; last, so that its lock on
	 * the chain's head is held for the shortest time. */
	if (strcmp(who->role, "citizen") != 0)
		return yw_audit_append_staff(db, a, now, who->role, who->staff_id, who->dept_id,
		    who->on_behalf_of, yw_action_name(c->action), n->id,
		    detail_json(&before, to, n->version, c));
	return YW_OK;
}

/* --- deemed acceptance ----------------------------------------------------------------- */

struct deem_tx {
	yw_db *db;
	yw_arena *a;
	long long id;
	int done;
};

static yw_err
deem_tx(void *ctx)
{
	struct deem_tx *t = ctx;
	static const yw_actor system = { "system", 0, 0, 0 };
	yw_wf_change c;
	yw_wf_app app;
	const yw_calendar *cal;
	yw_err err;

	t->done = 0;
	if ((err = yw_wf_lock(t->db, t->a, t->id, &app)) != YW_OK)
		return err == YW_E_NOT_FOUND ? YW_OK : err;
	if (!yw_wf_deem_due(&app, yw_now_us()))
		return YW_OK;
	if ((err = yw_calendar_get(t->db, t->a, &cal)) != YW_OK)
		return err;
	memset(&c, 0, sizeof(c));
	c.action = YW_ACT_ACCEPT;
	c.deemed = 1;
	c.note = "法定期限内未作处理，视为受理";
	if ((err = yw_wf_apply(t->db, t->a, cal, &app, &system, &c)) != YW_OK)
		return err;
	t->done = 1;
	return YW_OK;
}

yw_err
yw_wf_deem(yw_db *db, yw_arena *a, long long id)
{
	struct deem_tx t = { db, a, id, 0 };

	return yw_db_tx(db, deem_tx, &t);
}

yw_err
yw_wf_tx(yw_db *db, yw_arena *a, long long id, yw_tx_fn fn, void *ctx, int *deem_first)
{
	yw_err err;

	*deem_first = 0;
	err = yw_db_tx(db, fn, ctx);
	if (err == YW_E_CONFLICT && *deem_first) {
		*deem_first = 0;
		if ((err = yw_wf_deem(db, a, id)) == YW_OK)
			err = yw_db_tx(db, fn, ctx);
	}
	return err;
}

yw_err
yw_wf_deem_sweep(yw_db *db, yw_arena *a, long long dept_id, int max, int *done)
{
	yw_rows rows;
	yw_err err;
	const char *now = yw_now_db(a);

	*done = 0;
	if (dept_id > 0) {
		yw_arg args[] = { YW_INT(dept_id), yw_str(now), YW_INT(max) };
		err = yw_db_exec(db, a, SQL_DEEM_CANDIDATES_DEPT, args, 3, &rows);
	} else {
		yw_arg args[] = { yw_str(now), YW_INT(max) };
		err = yw_db_exec(db, a, SQL_DEEM_CANDIDATES_ALL, args, 2, &rows);
	}
	if (err != YW_OK)
		return err;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct deem_tx t = { db, a, atoll(YW_CELL(&rows, i, 0)), 0 };
		if ((err = yw_db_tx(db, deem_tx, &t)) != YW_OK)
			return err;
		*done += t.done;
	}
	if (*done > 0)
		yw_log_info("deemed %d application(s) accepted", *done);
	return YW_OK;
}
