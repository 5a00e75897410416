/*
 * supervise.c: electronic supervision (电子监察, API.md section 7), for supervisors only:
 * the per-department overview, the applications at risk (alerts), the audit trail and its
 * verification. Read-only: the app's database user may only SELECT.
 *
 * The overview's cost must not grow with the number of applications, so it never reads
 * `applications`: it sums the counters that every status change keeps in its own
 * transaction (supervision_open, supervision_clock, supervision_daily; see
 * sql/migrations/006_workflow.sql), whose size follows the departments and the calendar,
 * and merges them with the department list. The alerts walk ix_applications_alerts
 * (status, due_at, id) from the first key of the page, and the audit list the primary key
 * or ix_audit_application: each page costs its own rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/status.h"
#include "../domain/workday.h"
#include "../lib/app.h"
#include "../lib/appview.h"
#include "../lib/audit.h"
#include "../lib/calendar.h"
#include "../lib/clock.h"
#include "../lib/paging.h"
#include "../lib/request.h"

/* The overview: departments, then three counter sums, each ordered by department. */
static const char SQL_DEPTS[] =
    "SELECT id, name FROM departments WHERE (? IS NULL OR id = ?) ORDER BY id";
static const char SQL_OPEN[] =
    "SELECT dept_id, SUM(in_progress) FROM supervision_open WHERE (? IS NULL OR dept_id = ?) "
    "GROUP BY dept_id ORDER BY dept_id";
/* A running clock is red once its due date is past, else yellow from its yellow date. */
static const char SQL_CLOCK[] =
    "SELECT dept_id, "
    "SUM(CASE WHEN due_date >= ? AND yellow_date > ? THEN n ELSE 0 END), "
    "SUM(CASE WHEN due_date >= ? AND yellow_date <= ? THEN n ELSE 0 END), "
    "SUM(CASE WHEN due_date < ? THEN n ELSE 0 END) "
    "FROM supervision_clock WHERE (? IS NULL OR dept_id = ?) GROUP BY dept_id ORDER BY dept_id";
static const char SQL_DAILY[] =
    "SELECT dept_id, SUM(completed), SUM(decided), SUM(on_time), SUM(working_days), "
    "SUM(evaluations), SUM(score_sum), SUM(bad) FROM supervision_daily WHERE day >= ? AND day <= ? "
    "AND (? IS NULL OR dept_id = ?) "
    "GROUP BY dept_id ORDER BY dept_id";
/* Open consultations and complaints (咨询投诉) per department, kind and deadline: their
 * lights are computed here with the calendar. One row per open due date. */
static const char SQL_CONSULTATIONS[] =
    "SELECT dept_id, kind, due_at, days, COUNT(*) FROM consultations "
    "WHERE status IN ('open', 'answered') AND (? IS NULL OR dept_id = ?) "
    "GROUP BY dept_id, kind, due_at, days ORDER BY dept_id";
/* Without a period, the all-time sums: one row per department, however long the history. */
static const char SQL_TOTAL[] =
    "SELECT dept_id, completed, decided, on_time, working_days, evaluations, score_sum, bad "
    "FROM supervision_total "
    "WHERE (? IS NULL OR dept_id = ?) ORDER BY dept_id";

/*
 * The alerts: accepted applications with due_at in [lo, hi] whose light is at least yellow
 * (a clock without a yellow date is yellow from its due date), after the cursor's
 * (due_at, id). The caller makes lo at least the cursor's due_at, so that the last
 * condition only breaks ties within it. The index is named: its order is the list's, so a
 * page reads its own rows whatever the statistics say (after a bulk load they may be stale).
 */
static const char SQL_ALERTS[] =
    "SELECT a.id, a.number, a.item_code, i.name, a.dept_id, d.name, a.status, a.accepted_at, "
    "a.due_at, a.promised_days "
    "FROM applications a FORCE INDEX (ix_applications_alerts) "
    "JOIN items i ON i.code = a.item_code JOIN departments d ON d.id = a.dept_id "
    "WHERE a.status = 'accepted' AND a.due_at >= ? AND a.due_at <= ? "
    "AND COALESCE(a.yellow_at, a.due_at) <= ? AND (a.due_at > ? OR a.id > ?) "
    "ORDER BY a.due_at, a.id LIMIT ?";
static const char SQL_ALERTS_DEPT[] =
    "SELECT a.id, a.number, a.item_code, i.name, a.dept_id, d.name, a.status, a.accepted_at, "
    "a.due_at, a.promised_days "
    "FROM applications a FORCE INDEX (ix_applications_alerts) "
    "JOIN items i ON i.code = a.item_code JOIN departments d ON d.id = a.dept_id "
    "WHERE a.status = 'accepted' AND a.due_at >= ? AND a.due_at <= ? "
    "AND COALESCE(a.yellow_at, a.due_at) <= ? AND (a.due_at > ? OR a.id > ?) "
    "AND a.dept_id = ? ORDER BY a.due_at, a.id LIMIT ?";

static const char SQL_AUDIT[] =
    "SELECT seq, at, actor, action, application_id, detail, prev_hash, hash FROM audit_log "
    "WHERE seq > ? ORDER BY seq LIMIT ?";
static const char SQL_AUDIT_APP[] =
    "SELECT seq, at, actor, action, application_id, detail, prev_hash, hash FROM audit_log "
    "WHERE application_id = ? AND seq > ? ORDER BY seq LIMIT ?";

/*
 * The latest due date a yellow clock can have: yellow starts on the threshold-th working day
 * before the due date, the threshold is at most max(1, ceil(365 / 5)) (itemdef.c bounds
 * promised_days by 365), so a clock due more than that many working days (plus one) after
 * today is green. The margin absorbs calendar changes made after a clock was started.
 */
#define MAX_PROMISED_DAYS 365
#define YELLOW_HORIZON_MARGIN 10

/* Cursor kinds (paging.h). */
#define CURSOR_ALERTS 'w'
#define CURSOR_AUDIT 'l'

/* --- query parameters ---------------------------------------------------------------- */

/* An optional id parameter: absent or empty is 0; malformed names the field. */
static yw_err
id_query(yw_req *r, const char *name, long long *out)
{
	const char *v = yw_req_query(r, name);

	*out = 0;
	if (v == NULL || *v == '\0')
		return YW_OK;
	if (yw_parse_id(v, out) != 0) {
		yw_field_error(r, name, "invalid");
		return YW_E_BAD_REQUEST;
	}
	return YW_OK;
}

/* An optional YYYY-MM-DD parameter: absent or empty leaves *out as it is. */
static yw_err
date_query(yw_req *r, const char *name, const char **out, int64_t *day)
{
	const char *v = yw_req_query(r, name);

	if (v == NULL || *v == '\0')
		return YW_OK;
	if (yw_parse_date(v, day) != 0) {
		yw_field_error(r, name, "invalid");
		return YW_E_BAD_REQUEST;
	}
	*out = v;
	return YW_OK;
}

/* A dept_id argument, or SQL NULL for every department. */
static yw_arg
dept_arg(long long dept)
{
	return dept ? YW_INT(dept) : YW_NULLARG;
}

static void
reply_no_store(yw_req *r, json_t *body)
{
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, body);
}

/* --- overview ------------------------------------------------------------------------- */

/* Walks a counter result ordered by dept_id alongside the departments. */
typedef struct {
	const yw_rows *rows;
	size_t at;
} counter_walk;

/* The row of dept, or -1 when the department has no counters. */
static long
row_of(counter_walk *c, long long dept)
{
	while (c->at < c->rows->nrows && atoll(YW_CELL(c->rows, c->at, 0)) < dept)
		c->at++;
	if (c->at < c->rows->nrows && atoll(YW_CELL(c->rows, c->at, 0)) == dept)
		return (long)c->at;
	return -1;
}

static long long
sum_at(const yw_rows *rows, long row, size_t col)
{
	const char *v = row >= 0 ? YW_CELL(rows, (size_t)row, col) : NULL;

	return v ? atoll(v) : 0;
}

/*
 * num / den rounded half up to 1 / scale (scale 100: two decimals), or null when den is 0.
 * In integers, so that 2 / 3 is exactly the double nearest 0.6667.
 */
static json_t *
ratio(long long num, long long den, long long scale)
{
	if (den <= 0)
		return json_null();
	return json_real((double)((num * scale * 2 + den) / (den * 2)) / (double)scale);
}

static yw_err
get_overview(yw_req *r)
{
	const char *from = NULL, *to = NULL;
	int64_t day, now = yw_now_us();
	long long dept;
	char today[16], as_of[40];
	yw_rows depts, open, clock, daily, cons;
	const yw_calendar *cal;
	yw_err err = YW_OK, e;
	json_t *data;

	if ((e = id_query(r, "dept", &dept)) != YW_OK)
		err = e;
	if ((e = date_query(r, "from", &from, &day)) != YW_OK)
		err = e;
	if ((e = date_query(r, "to", &to, &day)) != YW_OK)
		err = e;
	/* Dates as YYYY-MM-DD compare as strings. */
	if (err == YW_OK && from != NULL && to != NULL && strcmp(to, from) < 0) {
		yw_field_error(r, "to", "out_of_range");
		err = YW_E_BAD_REQUEST;
	}
	if (err != YW_OK)
		return err;

	yw_shanghai_date(now, today, sizeof(today));
	yw_arg d_args[] = { dept_arg(dept), dept_arg(dept) };
	yw_arg c_args[] = { yw_str(today), yw_str(today), yw_str(today), yw_str(today),
		yw_str(today), dept_arg(dept), dept_arg(dept) };
	yw_arg s_args[] = { yw_str(from ? from : "1000-01-01"), yw_str(to ? to : "9999-12-31"),
		dept_arg(dept), dept_arg(dept) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DEPTS, d_args, 2, &depts)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_OPEN, d_args, 2, &open)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_CLOCK, c_args, 7, &clock)) != YW_OK)
		return err;
	if (from == NULL && to == NULL)
		err = yw_db_exec(r->db, &r->arena, SQL_TOTAL, d_args, 2, &daily);
	else
		err = yw_db_exec(r->db, &r->arena, SQL_DAILY, s_args, 4, &daily);
	if (err != YW_OK)
		return err;
	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_CONSULTATIONS, d_args, 2, &cons)) != YW_OK)
		return err;

	counter_walk oc = { &open, 0 }, cc = { &clock, 0 }, dc = { &daily, 0 };
	data = json_array();
	for (size_t i = 0; i < depts.nrows; i++) {
		long long id = atoll(YW_CELL(&depts, i, 0));
		long o = row_of(&oc, id), c = row_of(&cc, id), s = row_of(&dc, id);
		long long decided = sum_at(&daily, s, 2);
		long long evals = sum_at(&daily, s, 5);
		json_t *e_json = json_pack("{s:I, s:o, s:I}", "count", (json_int_t)evals,
		    "avg_score", ratio(sum_at(&daily, s, 6), evals, 100), "bad",
		    (json_int_t)sum_at(&daily, s, 7));
		json_t *row = json_object();

		json_object_set_new(row, "dept",
		    json_pack(
		        "{s:s, s:s}", "id", YW_CELL(&depts, i, 0), "name", YW_CELL(&depts, i, 1)));
		json_object_set_new(row, "in_progress", json_integer(sum_at(&open, o, 1)));
		json_object_set_new(row, "green", json_integer(sum_at(&clock, c, 1)));
		json_object_set_new(row, "yellow", json_integer(sum_at(&clock, c, 2)));
		json_object_set_new(row, "red", json_integer(sum_at(&clock, c, 3)));
		json_object_set_new(row, "completed", json_integer(sum_at(&daily, s, 1)));
		json_object_set_new(
		    row, "on_time_rate", ratio(sum_at(&daily, s, 3), decided, 10000));
		json_object_set_new(
		    row, "avg_working_days", ratio(sum_at(&daily, s, 4), decided, 100));
		/* 好差评: count, average score (2 decimals, null without any) and bad ones (1-2). */
		json_object_set_new(row, "evaluations", e_json);
		{
			/* 咨询投诉 still open, by light (their deadline in working days). */
			long long n[2][4] = { { 0 } };
			for (size_t k = 0; k < cons.nrows; k++) {
				int64_t due;
				int kind, left;
				yw_light l;
				if (atoll(YW_CELL(&cons, k, 0)) != id ||
				    yw_time_parse_db(YW_CELL(&cons, k, 2), &due) != 0)
					continue;
				kind = strcmp(YW_CELL(&cons, k, 1), "complaint") == 0;
				left = yw_working_days_left(cal, now, due);
				l = yw_deadline_light(now, due, left, atoi(YW_CELL(&cons, k, 3)));
				n[kind][0] += atoll(YW_CELL(&cons, k, 4));
				n[kind][l == YW_LIGHT_RED      ? 3
				        : l == YW_LIGHT_YELLOW ? 2
				                               : 1] += atoll(YW_CELL(&cons, k, 4));
			}
			for (int kind = 0; kind < 2; kind++)
				json_object_set_new(row, kind ? "complaints" : "consultations",
				    json_pack("{s:I, s:I, s:I, s:I}", "open",
				        (json_int_t)n[kind][0], "green", (json_int_t)n[kind][1],
				        "yellow", (json_int_t)n[kind][2], "red",
				        (json_int_t)n[kind][3]));
		}
		json_array_append_new(data, row);
	}
	json_t *body = yw_page_body(data, NULL);
	yw_time_format_rfc3339(now, as_of, sizeof(as_of));
	json_object_set_new(body, "as_of", json_string(as_of));
	reply_no_store(r, body);
	return YW_OK;
}

/* --- alerts --------------------------------------------------------------------------- */

/* The cursor's key: "<due_at as the database returns it>,<id>". */
static int
parse_alerts_key(const char *key, int64_t *due, long long *id)
{
	const char *comma = strrchr(key, ',');
	char buf[40];

	if (comma == NULL || (size_t)(comma - key) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%.*s", (int)(comma - key), key);
	if (yw_time_parse_db(buf, due) != 0 || yw_parse_id(comma + 1, id) != 0)
		return -1;
	return 0;
}

static const char *
db_time(yw_req *r, int64_t us)
{
	char buf[32];

	yw_time_format_db(us, buf, sizeof(buf));
	return yw_arena_strdup(&r->arena, buf);
}

static yw_err
get_alerts(yw_req *r)
{
	const char *light = yw_req_query(r, "light"), *next = NULL;
	const yw_calendar *cal;
	int64_t now = yw_now_us(), lo, hi, after_due = INT64_MIN, horizon;
	long long dept, after_id = 0;
	int want_red = 1, want_yellow = 1;
	yw_page page;
	yw_rows rows;
	yw_err err, e;
	json_t *data;

	err = yw_page_parse(r, CURSOR_ALERTS, &page);
	if ((e = id_query(r, "dept", &dept)) != YW_OK)
		err = e;
	if (light != NULL && *light != '\0') {
		want_red = strcmp(light, "red") == 0;
		want_yellow = strcmp(light, "yellow") == 0;
		if (!want_red && !want_yellow) {
			yw_field_error(r, "light", "invalid");
			err = YW_E_BAD_REQUEST;
		}
	}
	if (page.after != NULL && parse_alerts_key(page.after, &after_due, &after_id) != 0) {
		yw_field_error(r, "cursor", "invalid");
		err = YW_E_BAD_REQUEST;
	}
	if (err != YW_OK)
		return err;
	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;

	/* red: due_at < now; yellow: yellow_at <= now <= due_at; both: yellow_at <= now. */
	horizon = yw_day_end_us(yw_add_workdays(cal, yw_shanghai_day(now),
	    yw_yellow_threshold(MAX_PROMISED_DAYS) + 1 + YELLOW_HORIZON_MARGIN));
	lo = want_red ? INT64_MIN : now;
	hi = want_yellow ? horizon : now - 1;
	if (after_due > lo)
		lo = after_due;
	data = json_array();
	if (lo <= hi) {
		const char *lo_s = lo == INT64_MIN ? "1000-01-01 00:00:00.000000" : db_time(r, lo);
		const char *after_s =
		    page.after ? db_time(r, after_due) : "1000-01-01 00:00:00.000000";
		const char *hi_s = db_time(r, hi), *now_s = db_time(r, now);
		if (dept) {
			yw_arg args[] = { yw_str(lo_s), yw_str(hi_s), yw_str(now_s),
				yw_str(after_s), YW_INT(after_id), YW_INT(dept),
				YW_INT(page.limit + 1) };
			err = yw_db_exec(r->db, &r->arena, SQL_ALERTS_DEPT, args, 7, &rows);
		} else {
			yw_arg args[] = { yw_str(lo_s), yw_str(hi_s), yw_str(now_s),
				yw_str(after_s), YW_INT(after_id), YW_INT(page.limit + 1) };
			err = yw_db_exec(r->db, &r->arena, SQL_ALERTS, args, 6, &rows);
		}
		if (err != YW_OK) {
			json_decref(data);
			return err;
		}
		for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++) {
			yw_status st;
			json_t *left, *lt;
			const char *promised = YW_CELL(&rows, i, 9);
			if (yw_status_parse(YW_CELL(&rows, i, 6), &st) != 0)
				st = YW_ST_ACCEPTED;
			yw_appview_clock(cal, YW_CELL(&rows, i, 6), YW_CELL(&rows, i, 8),
			    promised ? atoi(promised) : 0, &left, &lt);
			json_array_append_new(data,
			    json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s, s:o, s:o, "
			              "s:o, s:o}",
			        "id", YW_CELL(&rows, i, 0), "number",
			        YW_CELL(&rows, i, 1) ? YW_CELL(&rows, i, 1) : "", "item", "code",
			        YW_CELL(&rows, i, 2), "name", YW_CELL(&rows, i, 3), "dept", "id",
			        YW_CELL(&rows, i, 4), "name", YW_CELL(&rows, i, 5), "status",
			        yw_status_name(st), "status_label", yw_status_label(st, r->en),
			        "accepted_at", yw_json_time(&r->arena, YW_CELL(&rows, i, 7)),
			        "due_at", yw_json_time(&r->arena, YW_CELL(&rows, i, 8)),
			        "working_days_left", left, "light", lt));
		}
		if (rows.nrows > (size_t)page.limit) {
			size_t last = (size_t)page.limit - 1;
			next = yw_page_cursor(r, CURSOR_ALERTS,
			    yw_arena_printf(&r->arena, "%s,%s", YW_CELL(&rows, last, 8),
			        YW_CELL(&rows, last, 0)));
		}
	}
	reply_no_store(r, yw_page_body(data, next));
	return YW_OK;
}

/* --- audit trail ---------------------------------------------------------------------- */

static yw_err
get_audit(yw_req *r)
{
	const char *next = NULL;
	long long app_id, after = 0;
	yw_page page;
	yw_rows rows;
	yw_err err, e;
	json_t *data;

	err = yw_page_parse(r, CURSOR_AUDIT, &page);
	if ((e = id_query(r, "application_id", &app_id)) != YW_OK)
		err = e;
	if (page.after != NULL && yw_parse_id(page.after, &after) != 0) {
		yw_field_error(r, "cursor", "invalid");
		err = YW_E_BAD_REQUEST;
	}
	if (err != YW_OK)
		return err;
	if (app_id) {
		yw_arg args[] = { YW_INT(app_id), YW_INT(after), YW_INT(page.limit + 1) };
		err = yw_db_exec(r->db, &r->arena, SQL_AUDIT_APP, args, 3, &rows);
	} else {
		yw_arg args[] = { YW_INT(after), YW_INT(page.limit + 1) };
		err = yw_db_exec(r->db, &r->arena, SQL_AUDIT, args, 2, &rows);
	}
	if (err != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++) {
		const char *of = YW_CELL(&rows, i, 4);
		json_array_append_new(
		    data, json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:s}", "seq",
		              (json_int_t)atoll(YW_CELL(&rows, i, 0)), "at",
		              yw_json_time(&r->arena, YW_CELL(&rows, i, 1)), "actor",
		              yw_json_doc(YW_CELL(&rows, i, 2)), "action", YW_CELL(&rows, i, 3),
		              "application_id", of ? json_string(of) : json_null(), "detail",
		              yw_json_doc(YW_CELL(&rows, i, 5)), "prev_hash", YW_CELL(&rows, i, 6),
		              "hash", YW_CELL(&rows, i, 7)));
	}
	if (rows.nrows > (size_t)page.limit)
		next = yw_page_cursor(r, CURSOR_AUDIT, YW_CELL(&rows, page.limit - 1, 0));
	reply_no_store(r, yw_page_body(data, next));
	return YW_OK;
}

static yw_err
get_audit_verify(yw_req *r)
{
	yw_audit_check check;
	yw_err err = yw_audit_verify(r->db, &r->arena, &check);

	if (err != YW_OK)
		return err;
	reply_no_store(
	    r, json_pack("{s:b, s:I, s:o}", "ok", check.ok, "entries", (json_int_t)check.entries,
	           "first_bad_seq",
	           check.ok ? json_null() : json_integer((json_int_t)check.first_bad_seq)));
	return YW_OK;
}

/* --- the app -------------------------------------------------------------------------- */

/* --- 好差评 follow-ups (issue 7) ---------------------------------------------------- */

static const char SQL_FOLLOW_UPS[] =
    "SELECT e.application_id, a.number, a.item_code, i.name, e.dept_id, d.name, e.score, "
    "e.comment, e.created_at, e.follow_up_due_at FROM evaluations e "
    "JOIN applications a ON a.id = e.application_id JOIN items i ON i.code = a.item_code "
    "JOIN departments d ON d.id = e.dept_id WHERE e.follow_up_pending = 1 "
    "AND (? IS NULL OR e.dept_id = ?) ORDER BY e.follow_up_due_at, e.application_id LIMIT ?";

/* GET /api/v1/supervision/follow-ups?dept=&limit=: bad scores whose follow-up the department
 * has not answered yet, the most urgent first (at most `limit`, 100 by default). */
static yw_err
get_follow_ups(yw_req *r)
{
	const yw_calendar *cal;
	long long dept;
	long limit = 100;
	const char *ls = yw_req_query(r, "limit");
	long days = yw_config_long(yw_app_config(), "evaluation_follow_up_days", 5, 1, 60, NULL);
	yw_rows rows;
	json_t *data;
	yw_err err = id_query(r, "dept", &dept);

	if (ls != NULL && *ls != '\0') {
		char *end;
		limit = strtol(ls, &end, 10);
		if (*end != '\0' || limit < 1 || limit > 100) {
			yw_field_error(r, "limit", "invalid");
			err = YW_E_BAD_REQUEST;
		}
	}
	if (err != YW_OK)
		return err;
	yw_arg args[] = { dept_arg(dept), dept_arg(dept), YW_INT(limit) };
	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_FOLLOW_UPS, args, 3, &rows)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows; i++) {
		json_t *left, *light;
		yw_appview_clock(cal, "accepted", YW_CELL(&rows, i, 9), (int)days, &left, &light);
		json_array_append_new(data,
		    json_pack(
		        "{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:i, s:s, s:o, s:o, s:o, s:o}",
		        "application_id", YW_CELL(&rows, i, 0), "number",
		        YW_CELL(&rows, i, 1) ? YW_CELL(&rows, i, 1) : "", "item", "code",
		        YW_CELL(&rows, i, 2), "name", YW_CELL(&rows, i, 3), "dept", "id",
		        YW_CELL(&rows, i, 4), "name", YW_CELL(&rows, i, 5), "score",
		        atoi(YW_CELL(&rows, i, 6)), "comment", YW_CELL(&rows, i, 7), "created_at",
		        yw_json_time(&r->arena, YW_CELL(&rows, i, 8)), "due_at",
		        yw_json_time(&r->arena, YW_CELL(&rows, i, 9)), "working_days_left", left,
		        "light", light));
	}
	reply_no_store(r, yw_page_body(data, NULL));
	return YW_OK;
}

static const yw_route routes[] = {
	{ "GET", "/api/v1/supervision/follow-ups", get_follow_ups, YW_AUTH_STAFF,
	    YW_ROLE_SUPERVISOR, 0 },
	{ "GET", "/api/v1/supervision/overview", get_overview, YW_AUTH_STAFF, YW_ROLE_SUPERVISOR,
	    0 },
	{ "GET", "/api/v1/supervision/alerts", get_alerts, YW_AUTH_STAFF, YW_ROLE_SUPERVISOR, 0 },
	{ "GET", "/api/v1/supervision/audit", get_audit, YW_AUTH_STAFF, YW_ROLE_SUPERVISOR, 0 },
	{ "GET", "/api/v1/supervision/audit/verify", get_audit_verify, YW_AUTH_STAFF,
	    YW_ROLE_SUPERVISOR, 0 },
};

static const yw_app app = {
	"supervise",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	NULL,
	NULL,
	NULL,
	0,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
