/*
 * staff.c: the staff app: department work queues and the workflow actions of clerks and
 * reviewers (API.md section 5), parallel opinions (并联审批) and delegations (AB岗).
 *
 * Who may do what: a staff member acts for their own department with their own roles,
 * and, within the window of a delegation to them, for the delegator's department with the
 * delegator's roles. An application is visible to the departments involved (its lead
 * department and the item's parallel departments) once submitted; anyone else gets 404.
 * Accept, request-supplement and reject are the lead department's clerks'; suspend,
 * resume, extend, approve and deny its reviewers'; opinions the parallel departments'
 * reviewers'. A role missing in an involved department is 403.
 *
 * Every action needs If-Match with the application's version (428 without, 412 when
 * stale) and is one transaction through lib/workflow.c. The background process deems
 * accepted the submissions on which no clerk acted in time (行政许可法 §32).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/status.h"
#include "../domain/workday.h"
#include "../lib/app.h"
#include "../lib/appview.h"
#include "../lib/audit.h"
#include "../lib/auth.h"
#include "../lib/calendar.h"
#include "../lib/capacity.h"
#include "../lib/clock.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/paging.h"
#include "../lib/workflow.h"

#define MAX_PARALLEL 32

/* The parallel departments: once accepted, those the application's opinions were opened for
 * (an admin changing the item later does not change who decides); before, the item's. */
static const char SQL_PARALLEL[] =
    "SELECT dept_id FROM application_opinions WHERE application_id = ? UNION "
    "SELECT dept_id FROM item_parallel_depts WHERE item_code = ? AND NOT EXISTS "
    "(SELECT 1 FROM application_opinions WHERE application_id = ?)";
static const char SQL_APP_HEAD[] =
    "SELECT a.dept_id, a.item_code, a.status FROM applications a WHERE a.id = ?";
static const char SQL_ITEM_MATERIALS[] = "SELECT materials FROM items WHERE code = ?";
static const char SQL_QUEUE_LEAD[] =
    "SELECT a.id, a.number, a.item_code, i.name, a.dept_id, d.name, a.status, a.version, "
    "a.queue, a.submitted_at, a.accepted_at, a.accept_by, a.due_at, a.promised_days, "
    "a.queue_at FROM applications a JOIN items i ON i.code = a.item_code "
    "JOIN departments d ON d.id = a.dept_id "
    "WHERE a.dept_id = ? AND a.queue = ? AND (a.queue_at > ? OR (a.queue_at = ? AND a.id > ?)) "
    "AND (? IS NULL OR (a.status = 'accepted' AND ((? = 'red' AND a.due_at < ?) OR "
    "(? = 'yellow' AND a.yellow_at <= ? AND a.due_at >= ?) OR "
    "(? = 'green' AND a.yellow_at > ?)))) "
    "ORDER BY a.queue_at, a.id LIMIT ?";
static const char SQL_QUEUE_PARALLEL[] =
    "SELECT a.id, a.number, a.item_code, i.name, a.dept_id, d.name, a.status, a.version, "
    "'review', a.submitted_at, a.accepted_at, a.accept_by, a.due_at, a.promised_days, "
    "o.queue_at FROM application_opinions o JOIN applications a ON a.id = o.application_id "
    "JOIN items i ON i.code = a.item_code JOIN departments d ON d.id = a.dept_id "
    "WHERE o.dept_id = ? AND (o.queue_at > ? OR (o.queue_at = ? AND o.application_id > ?)) "
    "AND (? IS NULL OR (a.status = 'accepted' AND ((? = 'red' AND a.due_at < ?) OR "
    "(? = 'yellow' AND a.yellow_at <= ? AND a.due_at >= ?) OR "
    "(? = 'green' AND a.yellow_at > ?)))) "
    "ORDER BY o.queue_at, o.application_id LIMIT ?";
static const char SQL_STAFF_ACTIVE[] = "SELECT id, dept_id FROM staff WHERE id = ? AND active = 1";
static const char SQL_DELEGATION_INSERT[] =
    "INSERT INTO delegations (from_staff_id, to_staff_id, starts_at, ends_at, created_at) "
    "VALUES (?, ?, ?, ?, ?)";
static const char SQL_DELEGATIONS_MINE[] =
    "SELECT id, from_staff_id, to_staff_id, starts_at, ends_at, created_at FROM delegations "
    "WHERE (from_staff_id = ? OR to_staff_id = ?) AND ends_at > ? ORDER BY id DESC LIMIT 100";

/* --- who acts, for which department ----------------------------------------------------- */

typedef struct {
	long long lead;
	long long parallel[MAX_PARALLEL];
	size_t nparallel;
	const char *item_code;
	yw_status status;
} involvement;

static yw_err
load_involvement(yw_req *r, long long id, involvement *inv)
{
	yw_rows rows, par;
	yw_arg one = YW_INT(id);
	yw_err err;

	memset(inv, 0, sizeof(*inv));
	if ((err = yw_db_exec(r->db, &r->arena, SQL_APP_HEAD, &one, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	inv->lead = atoll(YW_CELL(&rows, 0, 0));
	inv->item_code = YW_CELL(&rows, 0, 1);
	if (yw_status_parse(YW_CELL(&rows, 0, 2), &inv->status) != 0)
		return YW_E_INTERNAL;
	/* A draft is the citizen's own business. */
	if (inv->status == YW_ST_DRAFT)
		return YW_E_NOT_FOUND;
	yw_arg pargs[] = { YW_INT(id), yw_str(inv->item_code), YW_INT(id) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_PARALLEL, pargs, 3, &par)) != YW_OK)
		return err;
	for (size_t i = 0; i < par.nrows && inv->nparallel < MAX_PARALLEL; i++)
		inv->parallel[inv->nparallel++] = atoll(YW_CELL(&par, i, 0));
	return YW_OK;
}

static int
is_parallel(const involvement *inv, long long dept)
{
	for (size_t i = 0; i < inv->nparallel; i++)
		if (inv->parallel[i] == dept)
			return 1;
	return 0;
}

static int
involved(const yw_capacities *caps, const involvement *inv)
{
	for (size_t i = 0; i < caps->n; i++)
		if (caps->c[i].dept_id == inv->lead || is_parallel(inv, caps->c[i].dept_id))
			return 1;
	return 0;
}

/*
 * The capacity in which the caller does an action needing `role` in the lead department
 * (parallel = 0) or in a parallel department (parallel = 1, optionally a chosen one):
 * one's own right first. YW_E_NOT_FOUND when not involved, YW_E_FORBIDDEN without the role.
 */
static yw_err
pick_capacity(const yw_capacities *caps, const involvement *inv, unsigned role, int parallel,
    long long chosen_dept, const yw_capacity **out)
{
	if (!involved(caps, inv))
		return YW_E_NOT_FOUND;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < caps->n; i++) {
			const yw_capacity *c = &caps->c[i];
			int dept_ok = parallel ? is_parallel(inv, c->dept_id) &&
			                             (chosen_dept == 0 || c->dept_id == chosen_dept)
			                       : c->dept_id == inv->lead;
			if ((pass == 0) != (c->on_behalf_of == 0))
				continue;
			if (dept_ok && (c->roles & role)) {
				*out = c;
				return YW_OK;
			}
		}
	}
	return YW_E_FORBIDDEN;
}

/* --- helpers ------------------------------------------------------------------------ */

static yw_err
render(yw_req *r, long long id, json_t **out, long long *version)
{
	const yw_calendar *cal;
	yw_err err = yw_calendar_get(r->db, &r->arena, &cal);

	if (err != YW_OK)
		return err;
	return yw_appview_render(r->db, &r->arena, cal, id, YW_VIEW_STAFF, 0, r->en, out, version);
}

static void
reply_application(yw_req *r, int status, json_t *app, long long version)
{
	yw_reply_header(r, "ETag", yw_arena_printf(&r->arena, "\"%lld\"", version));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, status, app);
}

/* --- GET /api/v1/staff/applications/{id} --------------------------------------------- */

static yw_err
get_application(yw_req *r)
{
	yw_capacities caps;
	involvement inv;
	long long id, version;
	json_t *app;
	yw_err err;

	if (yw_req_id_param(r, "id", &id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_capacities_load(r, &caps)) != YW_OK ||
	    (err = load_involvement(r, id, &inv)) != YW_OK)
		return err;
	if (!involved(&caps, &inv))
		return YW_E_NOT_FOUND;
	if ((err = render(r, id, &app, &version)) != YW_OK)
		return err;
	if (yw_appview_deem_due()) {
		json_decref(app);
		if ((err = yw_wf_deem(r->db, &r->arena, id)) != YW_OK ||
		    (err = render(r, id, &app, &version)) != YW_OK)
			return err;
	}
	yw_reply_header(r, "ETag", yw_arena_printf(&r->arena, "\"%lld\"", version));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, app);
	return YW_OK;
}

/* --- the actions ---------------------------------------------------------------------- */

typedef struct {
	yw_action action;
	unsigned role;
	int parallel;
} action_def;

struct act_tx {
	yw_req *r;
	long long id;
	const action_def *def;
	const yw_capacities *caps;
	long long chosen_dept;
	yw_wf_change c;
	const json_t *supplement_materials; /* request-supplement */
	int deem_first;
	json_t *app;
	long long version;
};

/* 一次性告知: every material named must be the item's, and, after a first request, one
 * that the first request named. */
static yw_err
check_supplement(yw_req *r, const yw_wf_app *a, const json_t *named)
{
	yw_rows rows;
	yw_arg code = yw_str(a->item_code);
	json_t *mats, *first = NULL, *v, *m;
	json_error_t je;
	size_t i, k;
	yw_err err;
	int unknown = 0, outside = 0;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_ITEM_MATERIALS, &code, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows != 1)
		return YW_E_INTERNAL;
	mats = yw_req_own(r, json_loads(YW_CELL(&rows, 0, 0), 0, &je));
	if (a->first_supplement != NULL)
		first = yw_req_own(r, json_loads(a->first_supplement, 0, &je));
	json_array_foreach(named, i, v)
	{
		int known = 0, in_first = 0;
		json_array_foreach(mats, k, m)
		{
			const char *id = yw_json_str(m, "id");
			if (id != NULL && strcmp(id, json_string_value(v)) == 0)
				known = 1;
		}
		if (!known) {
			yw_field_error(
			    r, yw_arena_printf(&r->arena, "materials[%zu]", i), "unknown");
			unknown = 1;
			continue;
		}
		if (first != NULL) {
			json_array_foreach(first, k,
			    m) if (json_is_string(m) &&
			           strcmp(json_string_value(m), json_string_value(v)) == 0)
			    in_first = 1;
			if (!in_first)
				outside = 1;
		}
	}
	if (unknown)
		return YW_E_VALIDATION;
	return outside ? YW_E_SUPPLEMENT_ONCE : YW_OK;
}

static yw_err
act_tx(void *ctx)
{
	struct act_tx *t = ctx;
	yw_req *r = t->r;
	const yw_calendar *cal;
	const yw_capacity *cap;
	involvement inv;
	yw_actor who;
	yw_wf_app a;
	yw_err err;

	yw_field_errors_clear(r); /* a run again after a deadlock reports its problems once */
	if ((err = yw_wf_lock(r->db, &r->arena, t->id, &a)) != YW_OK)
		return err;
	if ((err = load_involvement(r, t->id, &inv)) != YW_OK)
		return err;
	if ((err = pick_capacity(
	         t->caps, &inv, t->def->role, t->def->parallel, t->chosen_dept, &cap)) != YW_OK)
		return err;
	if (yw_wf_deem_due(&a, yw_now_us())) {
		t->deem_first = 1;
		return YW_E_CONFLICT; /* rolled back; yw_wf_tx deems it, then runs this again */
	}
	if (yw_req_if_match(r, a.version) != YW_IF_MATCH_OK)
		return YW_E_VERSION_MISMATCH;
	if (t->def->action == YW_ACT_REQUEST_SUPPLEMENT) {
		yw_status to;
		if (yw_transition(a.status, YW_ACT_REQUEST_SUPPLEMENT, &to) != 0)
			return YW_E_INVALID_TRANSITION;
		if ((err = check_supplement(r, &a, t->supplement_materials)) != YW_OK)
			return err;
	}
	if (t->def->action == YW_ACT_OPINION)
		t->c.opinion_dept = cap->dept_id;
	who.role = t->def->role == YW_ROLE_CLERK ? "clerk" : "reviewer";
	who.staff_id = r->who.id;
	who.dept_id = cap->dept_id;
	who.on_behalf_of = cap->on_behalf_of;
	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK ||
	    (err = yw_wf_apply(r->db, &r->arena, cal, &a, &who, &t->c)) != YW_OK)
		return err;
	if (t->app != NULL) {
		json_decref(t->app);
		t->app = NULL;
	}
	return render(r, t->id, &t->app, &t->version);
}

static yw_err
run_action(yw_req *r, const action_def *def, struct act_tx *t, int status)
{
	yw_capacities caps;
	yw_err err;

	if (yw_req_id_param(r, "id", &t->id) != 0)
		return YW_E_NOT_FOUND;
	/* Presence only: the version is compared under the row lock (act_tx). */
	if (yw_req_if_match(r, 0) == YW_IF_MATCH_ABSENT)
		return YW_E_PRECONDITION_REQUIRED;
	if ((err = yw_capacities_load(r, &caps)) != YW_OK)
		return err;
	t->r = r;
	t->def = def;
	t->caps = &caps;
	t->c.action = def->action;
	if (t->c.detail == NULL)
		t->c.detail = yw_json_dump(&r->arena, r->json, NULL);
	err = yw_wf_tx(r->db, &r->arena, t->id, act_tx, t, &t->deem_first);
	if (err != YW_OK) {
		if (t->app != NULL)
			json_decref(t->app);
		return err;
	}
	reply_application(r, status, t->app, t->version);
	return YW_OK;
}

static yw_err
check_body(yw_req *r, const yw_jfield *f, size_t n)
{
	int bits = yw_json_check(r, r->json, "", f, n);

	return bits ? yw_json_check_err(bits) : YW_OK;
}

/*
 * `result` as API.md section 4 shapes it, {license_no, note}: an approval's licence and note;
 * a denial or a rejection has no licence, its reason as the note, and keeps reason and
 * legal_basis beside them.
 */
static const char *
result_doc(yw_req *r, const char *k1, const char *v1, const char *k2, const char *v2)
{
	json_t *o = json_object();
	const char *s;

	json_object_set_new(o, k1, v1 ? json_string(v1) : json_null());
	json_object_set_new(o, k2, v2 ? json_string(v2) : json_null());
	if (json_object_get(o, "license_no") == NULL)
		json_object_set_new(o, "license_no", json_null());
	if (json_object_get(o, "note") == NULL)
		json_object_set_new(o, "note", v1 ? json_string(v1) : json_null());
	s = yw_json_dump(&r->arena, o, NULL);
	json_decref(o);
	return s;
}

static const action_def DEF_SUPPLEMENT = { YW_ACT_REQUEST_SUPPLEMENT, YW_ROLE_CLERK, 0 };
static const action_def DEF_EXTEND = { YW_ACT_EXTEND, YW_ROLE_REVIEWER, 0 };
static const action_def DEF_OPINION = { YW_ACT_OPINION, YW_ROLE_REVIEWER, 1 };

/*
 * The actions whose body is a note or a reason, and maybe a result: the body's fields, the
 * one that becomes the timeline note, and the two that make up `result` (NULL: none).
 */
typedef struct {
	action_def def;
	yw_jfield fields[2];
	size_t nfields;
	const char *note;
	const char *result[2];
} simple_action;

static const simple_action ACCEPT = { { YW_ACT_ACCEPT, YW_ROLE_CLERK, 0 },
	{ { "note", YW_J_STRING, 0, 0, 500 } }, 1, "note", { NULL, NULL } };
static const simple_action RESUME = { { YW_ACT_RESUME, YW_ROLE_REVIEWER, 0 },
	{ { "note", YW_J_STRING, 0, 0, 500 } }, 1, "note", { NULL, NULL } };
static const simple_action SUSPEND = { { YW_ACT_SUSPEND, YW_ROLE_REVIEWER, 0 },
	{ { "reason", YW_J_STRING, YW_J_REQUIRED, 1, 500 } }, 1, "reason", { NULL, NULL } };
static const simple_action REJECT = { { YW_ACT_REJECT, YW_ROLE_CLERK, 0 },
	{ { "reason", YW_J_STRING, YW_J_REQUIRED, 1, 500 },
	    { "legal_basis", YW_J_STRING, YW_J_REQUIRED, 1, 500 } },
	2, "reason", { "reason", "legal_basis" } };
static const simple_action DENY = { { YW_ACT_DENY, YW_ROLE_REVIEWER, 0 },
	{ { "reason", YW_J_STRING, YW_J_REQUIRED, 1, 500 },
	    { "legal_basis", YW_J_STRING, YW_J_REQUIRED, 1, 500 } },
	2, "reason", { "reason", "legal_basis" } };
static const simple_action APPROVE = { { YW_ACT_APPROVE, YW_ROLE_REVIEWER, 0 },
	{ { "license_no", YW_J_STRING, YW_J_REQUIRED, 1, 64 }, { "note", YW_J_STRING, 0, 0, 500 } },
	2, "note", { "license_no", "note" } };

static yw_err
run_simple(yw_req *r, const simple_action *a)
{
	struct act_tx t;
	yw_err err = check_body(r, a->fields, a->nfields);

	if (err != YW_OK)
		return err;
	memset(&t, 0, sizeof(t));
	t.c.note = yw_json_str(r->json, a->note);
	if (a->result[0] != NULL)
		t.c.result = result_doc(r, a->result[0], yw_json_str(r->json, a->result[0]),
		    a->result[1], yw_json_str(r->json, a->result[1]));
	return run_action(r, &a->def, &t, 200);
}

static yw_err
post_accept(yw_req *r)
{
	return run_simple(r, &ACCEPT);
}

static yw_err
post_resume(yw_req *r)
{
	return run_simple(r, &RESUME);
}

static yw_err
post_suspend(yw_req *r)
{
	return run_simple(r, &SUSPEND);
}

static yw_err
post_reject(yw_req *r)
{
	return run_simple(r, &REJECT);
}

static yw_err
post_deny(yw_req *r)
{
	return run_simple(r, &DENY);
}

static yw_err
post_approve(yw_req *r)
{
	return run_simple(r, &APPROVE);
}

static const yw_jfield supplement_fields[] = {
	{ "materials", YW_J_ARRAY, YW_J_REQUIRED, 1, 50 },
	{ "note", YW_J_STRING, 0, 0, 500 },
};

static yw_err
post_request_supplement(yw_req *r)
{
	struct act_tx t;
	const json_t *mats;
	json_t *v, *doc;
	char now[40];
	size_t i;
	int bad = 0;
	yw_err err = check_body(r, supplement_fields, 2);

	if (err != YW_OK)
		return err;
	mats = json_object_get(r->json, "materials");
	json_array_foreach(mats, i, v)
	{
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > 32) {
			yw_field_error(r, yw_arena_printf(&r->arena, "materials[%zu]", i),
			    json_is_string(v) ? "invalid" : "invalid_type");
			bad |= json_is_string(v) ? 2 : 1;
		}
	}
	if (bad)
		return bad & 1 ? YW_E_BAD_REQUEST : YW_E_VALIDATION;
	memset(&t, 0, sizeof(t));
	t.supplement_materials = mats;
	t.c.note = yw_json_str(r->json, "note");
	yw_time_format_rfc3339(yw_now_us(), now, sizeof(now));
	doc =
	    json_pack("{s:O, s:s?, s:s}", "materials", mats, "note", t.c.note, "requested_at", now);
	t.c.supplement = yw_json_dump(&r->arena, doc, NULL);
	json_decref(doc);
	t.c.first_supplement = yw_json_dump(&r->arena, mats, NULL);
	return run_action(r, &DEF_SUPPLEMENT, &t, 200);
}

static const yw_jfield extend_fields[] = {
	{ "working_days", YW_J_INT, YW_J_REQUIRED, 1, 10 },
	{ "reason", YW_J_STRING, YW_J_REQUIRED, 1, 500 },
};

static yw_err
post_extend(yw_req *r)
{
	struct act_tx t;
	yw_err err = check_body(r, extend_fields, 2);

	if (err != YW_OK)
		return err;
	memset(&t, 0, sizeof(t));
	t.c.extend_days = (int)yw_json_int(r->json, "working_days", 0);
	t.c.note = yw_arena_printf(
	    &r->arena, "延长%d个工作日：%s", t.c.extend_days, yw_json_str(r->json, "reason"));
	return run_action(r, &DEF_EXTEND, &t, 200);
}

static const yw_jfield opinion_fields[] = {
	{ "decision", YW_J_STRING, YW_J_REQUIRED, 1, 16 },
	{ "note", YW_J_STRING, 0, 0, 500 },
	{ "dept_id", YW_J_ANY, 0, 0, 0 },
};

static yw_err
post_opinion(yw_req *r)
{
	struct act_tx t;
	const char *d;
	const json_t *dept;
	yw_err err = check_body(r, opinion_fields, 3);

	if (err != YW_OK)
		return err;
	memset(&t, 0, sizeof(t));
	d = yw_json_str(r->json, "decision");
	if (strcmp(d, "approve") != 0 && strcmp(d, "deny") != 0)
		return yw_field_error(r, "decision", "invalid");
	dept = json_object_get(r->json, "dept_id");
	if (dept != NULL && !json_is_null(dept) && yw_json_id(dept, &t.chosen_dept) != 0) {
		yw_field_error(r, "dept_id", "invalid_type");
		return YW_E_BAD_REQUEST;
	}
	t.c.opinion = d;
	t.c.note = yw_arena_printf(&r->arena, "并联审批意见：%s%s%s",
	    strcmp(d, "approve") == 0 ? "同意" : "不同意", yw_json_str(r->json, "note") ? "，" : "",
	    yw_json_str(r->json, "note") ? yw_json_str(r->json, "note") : "");
	return run_action(r, &DEF_OPINION, &t, 201);
}

/* --- GET /api/v1/staff/tasks ----------------------------------------------------------- */

typedef struct {
	int64_t at;
	long long id;
	const char *task;
	yw_rows *rows;
	size_t row;
} task_ref;

static int
task_cmp(const void *pa, const void *pb)
{
	const task_ref *a = pa, *b = pb;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static yw_err
get_tasks(yw_req *r)
{
	const char *queue = yw_req_query(r, "queue"), *light = yw_req_query(r, "light");
	const char *next = NULL, *now;
	char after_at[40] = "1000-01-01 00:00:00.000000";
	long long after_id = 0;
	int want_pre = 1, want_review = 1;
	yw_capacities caps;
	const yw_calendar *cal;
	task_ref *refs;
	size_t nrefs = 0, cap_refs;
	json_t *data;
	yw_page page;
	yw_err err = yw_page_parse(r, 't', &page);

	if (queue != NULL && *queue != '\0' && strcmp(queue, "all") != 0) {
		if (strcmp(queue, "pre_review") == 0)
			want_review = 0;
		else if (strcmp(queue, "review") == 0)
			want_pre = 0;
		else {
			yw_field_error(r, "queue", "invalid");
			err = YW_E_BAD_REQUEST;
		}
	}
	if (light != NULL && *light == '\0')
		light = NULL;
	if (light != NULL && strcmp(light, "green") != 0 && strcmp(light, "yellow") != 0 &&
	    strcmp(light, "red") != 0) {
		yw_field_error(r, "light", "invalid");
		err = YW_E_BAD_REQUEST;
	}
	if (page.after != NULL) {
		/* "<queue_at µs>:<id>" */
		long long us;
		char *end;
		us = strtoll(page.after, &end, 10);
		if (*end != ':' || us <= 0 || (after_id = strtoll(end + 1, &end, 10)) <= 0 ||
		    *end != '\0') {
			yw_field_error(r, "cursor", "invalid");
			err = YW_E_BAD_REQUEST;
		} else {
			yw_time_format_db(us, after_at, sizeof(after_at));
		}
	}
	if (err != YW_OK)
		return err;
	if (light != NULL)
		want_pre = 0; /* lights belong to running clocks */
	if ((err = yw_capacities_load(r, &caps)) != YW_OK)
		return err;
	/* Deemed acceptance happens at the latest when a queue that would list it is read: the
	 * lead department's, and a parallel department's review queue too (its opinion is
	 * asked at acceptance), so every due one, not only the caller's departments' (one
	 * range of ix_applications_due, empty but for the minute after a deadline; 50 at a time,
	 * up to 1,000 after a holiday's worth of deadlines). */
	for (int round = 0, done = 50; done == 50 && round < 20; round++)
		if ((err = yw_wf_deem_sweep(r->db, &r->arena, 0, 50, &done)) != YW_OK)
			return err;
	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	now = yw_now_db(&r->arena);
	cap_refs = (caps.n * 3 + 1) * (size_t)(page.limit + 1);
	refs = yw_arena_calloc(&r->arena, cap_refs, sizeof(*refs));
	for (size_t i = 0; i < caps.n; i++) {
		long long dept = caps.c[i].dept_id;
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= caps.c[k].dept_id == dept;
		if (dup)
			continue;
		for (int q = 0; q < 3; q++) {
			yw_rows *rows = yw_arena_calloc(&r->arena, 1, sizeof(*rows));
			const char *task;
			if ((q == 0 && !want_pre) || (q > 0 && !want_review))
				continue;
			if (q < 2) {
				yw_arg args[] = { YW_INT(dept),
					yw_str(q == 0 ? "pre_review" : "review"), yw_str(after_at),
					yw_str(after_at), YW_INT(after_id), yw_str(light),
					yw_str(light), yw_str(now), yw_str(light), yw_str(now),
					yw_str(now), yw_str(light), yw_str(now),
					YW_INT(page.limit + 1) };
				err = yw_db_exec(r->db, &r->arena, SQL_QUEUE_LEAD, args, 14, rows);
				task = q == 0 ? "accept" : "review";
			} else {
				yw_arg args[] = { YW_INT(dept), yw_str(after_at), yw_str(after_at),
					YW_INT(after_id), yw_str(light), yw_str(light), yw_str(now),
					yw_str(light), yw_str(now), yw_str(now), yw_str(light),
					yw_str(now), YW_INT(page.limit + 1) };
				err = yw_db_exec(
				    r->db, &r->arena, SQL_QUEUE_PARALLEL, args, 13, rows);
				task = "opinion";
			}
			if (err != YW_OK)
				return err;
			for (size_t k = 0; k < rows->nrows && nrefs < cap_refs; k++) {
				int64_t at = 0;
				yw_time_parse_db(YW_CELL(rows, k, 14), &at);
				refs[nrefs++] =
				    (task_ref){ at, atoll(YW_CELL(rows, k, 0)), task, rows, k };
			}
		}
	}
	qsort(refs, nrefs, sizeof(*refs), task_cmp);
	data = json_array();
	{
		size_t shown = 0, last = 0;
		for (size_t i = 0; i < nrefs && shown <= (size_t)page.limit; i++) {
			yw_rows *rw = refs[i].rows;
			size_t k = refs[i].row;
			json_t *left, *lt;
			yw_status st;
			if (i > 0 && refs[i].id == refs[i - 1].id && refs[i].at == refs[i - 1].at)
				continue;
			if (shown == (size_t)page.limit) {
				next = yw_page_cursor(r, 't',
				    yw_arena_printf(&r->arena, "%lld:%lld",
				        (long long)refs[last].at, refs[last].id));
				break;
			}
			yw_status_parse(YW_CELL(rw, k, 6), &st);
			yw_appview_clock(cal, YW_CELL(rw, k, 6), YW_CELL(rw, k, 12),
			    YW_CELL(rw, k, 13) ? atoi(YW_CELL(rw, k, 13)) : 0, &left, &lt);
			json_t *e =
			    json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s, s:I, "
			              "s:s, s:s}",
			        "id", YW_CELL(rw, k, 0), "number",
			        YW_CELL(rw, k, 1) ? YW_CELL(rw, k, 1) : "", "item", "code",
			        YW_CELL(rw, k, 2), "name", YW_CELL(rw, k, 3), "dept", "id",
			        YW_CELL(rw, k, 4), "name", YW_CELL(rw, k, 5), "status",
			        yw_status_name(st), "status_label", yw_status_label(st, r->en),
			        "version", (json_int_t)atoll(YW_CELL(rw, k, 7)), "queue",
			        YW_CELL(rw, k, 8), "task", refs[i].task);
			json_object_set_new(
			    e, "submitted_at", yw_json_time(&r->arena, YW_CELL(rw, k, 9)));
			json_object_set_new(
			    e, "accepted_at", yw_json_time(&r->arena, YW_CELL(rw, k, 10)));
			json_object_set_new(
			    e, "accept_by", yw_json_time(&r->arena, YW_CELL(rw, k, 11)));
			json_object_set_new(
			    e, "due_at", yw_json_time(&r->arena, YW_CELL(rw, k, 12)));
			json_object_set_new(e, "working_days_left", left);
			json_object_set_new(e, "light", lt);
			json_object_set_new(
			    e, "act_by", yw_json_time(&r->arena, YW_CELL(rw, k, 14)));
			json_array_append_new(data, e);
			shown++;
			last = i;
		}
	}
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, yw_page_body(data, next));
	return YW_OK;
}

/* --- delegations (AB岗) ---------------------------------------------------------------- */

static const yw_jfield delegation_fields[] = {
	{ "to_staff_id", YW_J_ANY, YW_J_REQUIRED, 0, 0 },
	{ "starts_at", YW_J_STRING, YW_J_REQUIRED, 1, 40 },
	{ "ends_at", YW_J_STRING, YW_J_REQUIRED, 1, 40 },
};

struct delegation_tx {
	yw_req *r;
	long long to;
	int64_t starts, ends;
	long long id;
	const char *now;
};

static yw_err
delegation_tx(void *ctx)
{
	struct delegation_tx *t = ctx;
	yw_req *r = t->r;
	yw_rows rows;
	char s[40], e[40];
	yw_arg one = YW_INT(t->to);
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_STAFF_ACTIVE, &one, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return yw_field_error(r, "to_staff_id", "not_found");
	yw_time_format_db(t->starts, s, sizeof(s));
	yw_time_format_db(t->ends, e, sizeof(e));
	yw_arg args[] = { YW_INT(r->who.id), YW_INT(t->to), yw_str(s), yw_str(e), yw_str(t->now) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DELEGATION_INSERT, args, 5, NULL)) != YW_OK)
		return err;
	t->id = (long long)yw_db_insert_id(r->db);
	{
		char sr[40], er[40];
		yw_time_format_rfc3339(t->starts, sr, sizeof(sr));
		yw_time_format_rfc3339(t->ends, er, sizeof(er));
		json_t *detail = json_pack("{s:s, s:s, s:s, s:s}", "delegation_id",
		    yw_arena_printf(&r->arena, "%lld", t->id), "to_staff_id",
		    yw_arena_printf(&r->arena, "%lld", t->to), "starts_at", sr, "ends_at", er);
		err = yw_audit_append_staff(r->db, &r->arena, t->now, "staff", r->who.id,
		    r->who.dept_id, 0, "delegate", 0, detail);
	}
	return err;
}

static json_t *
delegation_json(yw_req *r, long long id, long long from, long long to, const char *s, const char *e,
    const char *c)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "id",
	    yw_arena_printf(&r->arena, "%lld", id), "from_staff_id",
	    yw_arena_printf(&r->arena, "%lld", from), "to_staff_id",
	    yw_arena_printf(&r->arena, "%lld", to), "starts_at", yw_json_time(&r->arena, s),
	    "ends_at", yw_json_time(&r->arena, e), "created_at", yw_json_time(&r->arena, c));
}

#define DELEGATION_MIN_US 946684800000000LL /* 2000-01-01T00:00:00Z */
#define DELEGATION_MAX_US 4102444800000000LL /* 2100-01-01T00:00:00Z */

static yw_err
post_delegation(yw_req *r)
{
	struct delegation_tx t;
	int bits = yw_json_check(r, r->json, "", delegation_fields, 3);
	char s[40], e[40];
	yw_err err;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if (json_object_get(r->json, "to_staff_id") != NULL &&
	    yw_json_id(json_object_get(r->json, "to_staff_id"), &t.to) != 0) {
		yw_field_error(r, "to_staff_id", "invalid_type");
		bits |= YW_JCHECK_TYPE;
	}
	if (bits)
		return yw_json_check_err(bits);
	/* A delegation is of this century: which also keeps it in the range of the database's
	 * DATETIME (years 1000-9999 once in UTC; 9999-12-31T23:59:59-08:00 is not). */
	if (yw_time_parse_rfc3339(yw_json_str(r->json, "starts_at"), &t.starts) != 0 ||
	    t.starts < DELEGATION_MIN_US || t.starts >= DELEGATION_MAX_US)
		yw_field_error(r, "starts_at", "invalid");
	if (yw_time_parse_rfc3339(yw_json_str(r->json, "ends_at"), &t.ends) != 0 ||
	    t.ends < DELEGATION_MIN_US || t.ends >= DELEGATION_MAX_US)
		yw_field_error(r, "ends_at", "invalid");
	if (yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	if (t.ends <= t.starts)
		return yw_field_error(r, "ends_at", "not_after_starts_at");
	if (t.ends - t.starts > 366LL * 86400 * 1000000)
		return yw_field_error(r, "ends_at", "too_long");
	if (t.to == r->who.id)
		return yw_field_error(r, "to_staff_id", "self");
	t.now = yw_now_db(&r->arena);
	if ((err = yw_db_tx(r->db, delegation_tx, &t)) != YW_OK)
		return err;
	yw_time_format_db(t.starts, s, sizeof(s));
	yw_time_format_db(t.ends, e, sizeof(e));
	yw_reply_header(
	    r, "Location", yw_arena_printf(&r->arena, "/api/v1/staff/delegations/%lld", t.id));
	yw_reply(r, 201, delegation_json(r, t.id, r->who.id, t.to, s, e, t.now));
	return YW_OK;
}

static const char SQL_DELEGATION_LOCK[] =
    "SELECT from_staff_id, to_staff_id, starts_at, ends_at FROM delegations WHERE id = ? "
    "FOR UPDATE";
static const char SQL_DELEGATION_END[] =
    "UPDATE delegations SET ends_at = ? WHERE id = ? AND ends_at > ?";
static const char SQL_DELEGATION_DROP[] = "DELETE FROM delegations WHERE id = ?";

struct end_tx {
	yw_req *r;
	long long id;
};

static yw_err
end_tx(void *ctx)
{
	struct end_tx *t = ctx;
	yw_req *r = t->r;
	const char *now = yw_now_db(&r->arena);
	yw_arg one = YW_INT(t->id);
	int64_t starts, nowus = yw_now_us();
	yw_rows rows;
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_DELEGATION_LOCK, &one, 1, &rows)) != YW_OK)
		return err;
	/* The delegator's alone: anyone else, the delegate included, gets 404. */
	if (rows.nrows == 0 || atoll(YW_CELL(&rows, 0, 0)) != r->who.id)
		return YW_E_NOT_FOUND;
	if (yw_time_parse_db(YW_CELL(&rows, 0, 2), &starts) != 0)
		return YW_E_INTERNAL;
	if (starts >= nowus) {
		/* Not started yet: it never will. */
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DELEGATION_DROP, &one, 1, NULL)) !=
		    YW_OK)
			return err;
	} else {
		yw_arg end[] = { yw_str(now), YW_INT(t->id), yw_str(now) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DELEGATION_END, end, 3, NULL)) != YW_OK)
			return err;
	}
	return yw_audit_append_staff(r->db, &r->arena, now, "staff", r->who.id, r->who.dept_id, 0,
	    "delegate_end", 0,
	    json_pack("{s:s, s:s}", "delegation_id", yw_arena_printf(&r->arena, "%lld", t->id),
	        "to_staff_id", YW_CELL(&rows, 0, 1)));
}

/* DELETE /api/v1/staff/delegations/{id}: the delegator ends a delegation now (one not yet
 * started is removed). 204; idempotent for one already over. */
static yw_err
delete_delegation(yw_req *r)
{
	struct end_tx t = { r, 0 };
	yw_err err;

	if (yw_req_id_param(r, "id", &t.id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_db_tx(r->db, end_tx, &t)) != YW_OK)
		return err;
	yw_reply(r, 204, NULL);
	return YW_OK;
}

static yw_err
get_delegations(yw_req *r)
{
	yw_rows rows;
	yw_arg args[] = { YW_INT(r->who.id), YW_INT(r->who.id), yw_str(yw_now_db(&r->arena)) };
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_DELEGATIONS_MINE, args, 3, &rows);
	json_t *data;

	if (err != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows; i++)
		json_array_append_new(
		    data, delegation_json(r, atoll(YW_CELL(&rows, i, 0)),
		              atoll(YW_CELL(&rows, i, 1)), atoll(YW_CELL(&rows, i, 2)),
		              YW_CELL(&rows, i, 3), YW_CELL(&rows, i, 4), YW_CELL(&rows, i, 5)));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, yw_page_body(data, NULL));
	return YW_OK;
}

/* --- 好差评 follow-ups (issue 7) ------------------------------------------------------ */

static const char SQL_FOLLOW_UPS[] =
    "SELECT e.application_id, a.number, a.item_code, i.name, e.dept_id, d.name, e.score, "
    "e.comment, e.created_at, e.follow_up_due_at FROM evaluations e "
    "JOIN applications a ON a.id = e.application_id JOIN items i ON i.code = a.item_code "
    "JOIN departments d ON d.id = e.dept_id WHERE e.dept_id = ? AND e.follow_up_pending = 1 "
    "ORDER BY e.follow_up_due_at, e.application_id LIMIT 100";
static const char SQL_FOLLOW_UP_LOCK[] =
    "SELECT dept_id, score, comment, created_at, follow_up_due_at, follow_up_at "
    "FROM evaluations WHERE application_id = ? FOR UPDATE";
static const char SQL_FOLLOW_UP_REPLY[] =
    "UPDATE evaluations SET follow_up_reply = ?, follow_up_at = ?, follow_up_role = ? "
    "WHERE application_id = ?";

/* A follow-up's lights: its deadline in working days, as an application's. */
static void
follow_up_clock(const yw_calendar *cal, const char *due_cell, json_t **left, json_t **light)
{
	long days = yw_config_long(yw_app_config(), "evaluation_follow_up_days", 5, 1, 60, NULL);

	yw_appview_clock(cal, "accepted", due_cell, (int)days, left, light);
}

/* GET /api/v1/staff/follow-ups: bad scores (1-2) of the caller's departments still to be
 * answered, the most urgent first. */
static yw_err
get_follow_ups(yw_req *r)
{
	yw_capacities caps;
	const yw_calendar *cal;
	json_t *data;
	yw_err err;

	if ((err = yw_capacities_load(r, &caps)) != YW_OK ||
	    (err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	data = json_array();
	for (size_t c = 0; c < caps.n; c++) {
		yw_rows rows;
		int dup = 0;
		for (size_t k = 0; k < c; k++)
			dup |= caps.c[k].dept_id == caps.c[c].dept_id;
		if (dup)
			continue;
		yw_arg dept = YW_INT(caps.c[c].dept_id);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_FOLLOW_UPS, &dept, 1, &rows)) !=
		    YW_OK) {
			json_decref(data);
			return err;
		}
		for (size_t i = 0; i < rows.nrows; i++) {
			json_t *left, *light;
			follow_up_clock(cal, YW_CELL(&rows, i, 9), &left, &light);
			json_array_append_new(data,
			    json_pack(
			        "{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:i, s:s, s:o, s:o, s:o, "
			        "s:o}",
			        "application_id", YW_CELL(&rows, i, 0), "number",
			        YW_CELL(&rows, i, 1) ? YW_CELL(&rows, i, 1) : "", "item", "code",
			        YW_CELL(&rows, i, 2), "name", YW_CELL(&rows, i, 3), "dept", "id",
			        YW_CELL(&rows, i, 4), "name", YW_CELL(&rows, i, 5), "score",
			        atoi(YW_CELL(&rows, i, 6)), "comment", YW_CELL(&rows, i, 7),
			        "created_at", yw_json_time(&r->arena, YW_CELL(&rows, i, 8)),
			        "due_at", yw_json_time(&r->arena, YW_CELL(&rows, i, 9)),
			        "working_days_left", left, "light", light));
		}
	}
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, yw_page_body(data, NULL));
	return YW_OK;
}

static const yw_jfield follow_up_fields[] = {
	{ "content", YW_J_STRING, YW_J_REQUIRED, 1, 1000 },
};

struct follow_up_tx {
	yw_req *r;
	long long id;
	const yw_capacities *caps;
	const char *content, *now;
	json_t *out;
};

static yw_err
follow_up_tx(void *ctx)
{
	struct follow_up_tx *t = ctx;
	yw_req *r = t->r;
	const yw_capacity *cap = NULL;
	yw_rows rows;
	yw_arg one = YW_INT(t->id);
	long long dept;
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_FOLLOW_UP_LOCK, &one, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0 || YW_CELL(&rows, 0, 4) == NULL)
		return YW_E_NOT_FOUND; /* no evaluation, or a good one: nothing to answer */
	dept = atoll(YW_CELL(&rows, 0, 0));
	for (size_t i = 0; i < t->caps->n && cap == NULL; i++)
		if (t->caps->c[i].dept_id == dept &&
		    (t->caps->c[i].roles & (YW_ROLE_CLERK | YW_ROLE_REVIEWER)))
			cap = &t->caps->c[i];
	if (cap == NULL)
		return YW_E_NOT_FOUND;
	if (YW_CELL(&rows, 0, 5) != NULL)
		return YW_E_CONFLICT; /* answered already */
	const char *role = (cap->roles & YW_ROLE_REVIEWER) ? "reviewer" : "clerk";
	yw_arg set[] = { yw_str(t->content), yw_str(t->now), yw_str(role), YW_INT(t->id) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_FOLLOW_UP_REPLY, set, 4, NULL)) != YW_OK)
		return err;
	if ((err = yw_audit_append_staff(r->db, &r->arena, t->now, role, r->who.id, dept,
	         cap->on_behalf_of, "follow_up_reply", t->id,
	         json_pack("{s:i}", "score", atoi(YW_CELL(&rows, 0, 1))))) != YW_OK)
		return err;
	if (t->out != NULL)
		json_decref(t->out);
	t->out = json_pack("{s:s, s:i, s:s, s:o, s:{s:o, s:s, s:o}}", "application_id",
	    yw_arena_printf(&r->arena, "%lld", t->id), "score", atoi(YW_CELL(&rows, 0, 1)),
	    "comment", YW_CELL(&rows, 0, 2), "created_at",
	    yw_json_time(&r->arena, YW_CELL(&rows, 0, 3)), "follow_up", "due_at",
	    yw_json_time(&r->arena, YW_CELL(&rows, 0, 4)), "reply", t->content, "replied_at",
	    yw_json_time(&r->arena, t->now));
	return YW_OK;
}

/* POST /api/v1/staff/follow-ups/{id}/reply {content}: the department answers a bad score
 * (once); the audit trail records who did. */
static yw_err
post_follow_up_reply(yw_req *r)
{
	struct follow_up_tx t;
	yw_capacities caps;
	yw_err err = check_body(r, follow_up_fields, 1);

	if (err != YW_OK)
		return err;
	memset(&t, 0, sizeof(t));
	t.r = r;
	if (yw_req_id_param(r, "id", &t.id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_capacities_load(r, &caps)) != YW_OK)
		return err;
	t.caps = &caps;
	t.content = yw_json_str(r->json, "content");
	t.now = yw_now_db(&r->arena);
	if ((err = yw_db_tx(r->db, follow_up_tx, &t)) != YW_OK) {
		if (t.out != NULL)
			json_decref(t.out);
		return err;
	}
	yw_reply(r, 200, t.out);
	return YW_OK;
}

/* --- the app ------------------------------------------------------------------------ */

/* Deemed acceptance within a minute of the deadline, on every host that runs the app
 * (each application is locked and checked again, so concurrent sweeps are harmless). */
static void
sweep(const yw_config *cfg, yw_db *db)
{
	yw_arena a;
	int done;

	const yw_calendar *cal;

	(void)cfg;
	yw_arena_init(&a);
	if (yw_wf_deem_sweep(db, &a, 0, 500, &done) != YW_OK)
		yw_log_error("deemed-acceptance sweep failed; retrying later");
	/* Keeps the calendar's coverage on /metrics current even when nothing is deemed. */
	if (yw_calendar_get(db, &a, &cal) != YW_OK)
		yw_log_error("calendar: could not be read");
	yw_arena_free(&a);
}

#define WF (YW_ROLE_CLERK | YW_ROLE_REVIEWER)

static const yw_route routes[] = {
	{ "GET", "/api/v1/staff/tasks", get_tasks, YW_AUTH_STAFF, WF, 0 },
	{ "GET", "/api/v1/staff/applications/{id}", get_application, YW_AUTH_STAFF, WF, 0 },
	{ "POST", "/api/v1/staff/applications/{id}/accept", post_accept, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON_OPTIONAL },
	{ "POST", "/api/v1/staff/applications/{id}/request-supplement", post_request_supplement,
	    YW_AUTH_STAFF, WF, YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/applications/{id}/reject", post_reject, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/applications/{id}/suspend", post_suspend, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/applications/{id}/resume", post_resume, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON_OPTIONAL },
	{ "POST", "/api/v1/staff/applications/{id}/opinions", post_opinion, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/applications/{id}/approve", post_approve, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/applications/{id}/deny", post_deny, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/applications/{id}/extend", post_extend, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/delegations", post_delegation, YW_AUTH_STAFF, WF, YW_ROUTE_JSON },
	{ "GET", "/api/v1/staff/delegations", get_delegations, YW_AUTH_STAFF, WF, 0 },
	{ "DELETE", "/api/v1/staff/delegations/{id}", delete_delegation, YW_AUTH_STAFF, WF, 0 },
	{ "GET", "/api/v1/staff/follow-ups", get_follow_ups, YW_AUTH_STAFF, WF, 0 },
	{ "POST", "/api/v1/staff/follow-ups/{id}/reply", post_follow_up_reply, YW_AUTH_STAFF, WF,
	    YW_ROUTE_JSON },
};

static const yw_app app = {
	"staff",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	NULL,
	NULL,
	sweep,
	20,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
