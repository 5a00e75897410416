/*
 * consultations.c: 咨询投诉 (API.md section 8): citizens' consultations and complaints, and
 * the staff side (首问负责).
 *
 * A consultation goes to the department of its item, or else to the one the citizen chose,
 * and has a deadline in working days (consult_days, default 3; complaint_days, default 5)
 * with the lights of applications (API.md section 4), counted from the day after it was
 * filed, until it is closed. Staff of that department, in their own right or within a
 * delegation for the delegator's department (AB岗, as in the staff app), read and answer
 * it. The first answer makes its author the owner (首问负责; a delegate answering for the
 * delegator makes the delegator the owner), and only the owner, or a staff member with a
 * delegation from the owner running now, may close it; a closed one takes no answer.
 *
 * Each answer is one transaction: the reply, the new status and owner, the citizen's inbox
 * entry, and an audit entry (a second one when it closes). No outbox rows are written
 * here: delivering the inbox entry on the push channels is pushd's.
 *
 * A citizen sees only their own (anyone else's is 404) and sees staff by role and
 * department, never by name. open311.c files through consult_insert() and shows the same
 * clock through consult_clock().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/utf8.h"
#include "../domain/workday.h"
#include "../lib/app.h"
#include "../lib/appview.h"
#include "../lib/audit.h"
#include "../lib/auth.h"
#include "../lib/calendar.h"
#include "../lib/clock.h"
#include "../lib/json.h"
#include "../lib/paging.h"
#include "../lib/capacity.h"
#include "public.h"

#define MAX_CAPACITIES YW_MAX_CAPACITIES
#define WF (YW_ROLE_CLERK | YW_ROLE_REVIEWER)

/* Every view reads these columns, in the order of the C_* indexes. */
#define CONSULT_COLUMNS                                                                       \
	"SELECT c.id, c.kind, c.item_code, i.name, c.dept_id, d.name, c.title, c.status, "    \
	"c.owner_staff_id, o.name, c.due_at, c.days, c.lat, c.lon, c.address, c.created_at, " \
	"c.updated_at, c.closed_at, c.citizen_id, z.name_masked, z.phone, c.content "         \
	"FROM consultations c JOIN departments d ON d.id = c.dept_id "                        \
	"JOIN citizens z ON z.id = c.citizen_id LEFT JOIN items i ON i.code = c.item_code "   \
	"LEFT JOIN staff o ON o.id = c.owner_staff_id "

enum {
	C_ID,
	C_KIND,
	C_ITEM,
	C_ITEM_NAME,
	C_DEPT,
	C_DEPT_NAME,
	C_TITLE,
	C_STATUS,
	C_OWNER,
	C_OWNER_NAME,
	C_DUE,
	C_DAYS,
	C_LAT,
	C_LON,
	C_ADDRESS,
	C_CREATED,
	C_UPDATED,
	C_CLOSED,
	C_CITIZEN,
	C_CITIZEN_NAME,
	C_CITIZEN_PHONE,
	C_CONTENT,
};

static const char SQL_ITEM[] = "SELECT dept_id FROM items WHERE code = ?";
static const char SQL_DEPT[] = "SELECT id FROM departments WHERE id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO consultations (citizen_id, kind, item_code, dept_id, title, content, status, "
    "due_at, days, lat, lon, address, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ONE[] = CONSULT_COLUMNS "WHERE c.id = ?";
static const char SQL_MINE[] =
    CONSULT_COLUMNS "WHERE c.citizen_id = ? AND c.id < ? ORDER BY c.id DESC LIMIT ?";
/* The caller's departments (up to MAX_CAPACITIES, unused places repeat the first), earliest
 * due first; the status pair is (open, answered) by default. */
static const char SQL_QUEUE[] =
    CONSULT_COLUMNS "WHERE c.dept_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "AND c.status IN (?, ?) AND (c.due_at > ? OR (c.due_at = ? AND c.id > ?)) "
                    "ORDER BY c.due_at, c.id LIMIT ?";
static const char SQL_REPLIES[] =
    "SELECT r.id, r.at, r.content, r.staff_id, s.name, s.roles, r.dept_id, d.name "
    "FROM consultation_replies r JOIN staff s ON s.id = r.staff_id "
    "JOIN departments d ON d.id = r.dept_id WHERE r.consultation_id = ? ORDER BY r.id";
static const char SQL_LOCK[] =
    "SELECT dept_id, status, owner_staff_id, citizen_id, kind, title FROM consultations "
    "WHERE id = ? FOR UPDATE";
static const char SQL_REPLY_INSERT[] =
    "INSERT INTO consultation_replies (consultation_id, staff_id, dept_id, content, at) "
    "VALUES (?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
    "UPDATE consultations SET status = ?, owner_staff_id = ?, updated_at = ?, closed_at = ? "
    "WHERE id = ?";
static const char SQL_INBOX[] =
    "INSERT INTO notifications (citizen_id, application_id, consultation_id, at, kind, status, "
    "title, body) VALUES (?, NULL, ?, ?, 'consultation', ?, ?, ?)";

/* The citizen hears of the reply on the app (a registered device) and by SMS (a phone);
 * pushd delivers them in order per consultation. */
static const char SQL_OUTBOX[] =
    "INSERT INTO outbox (application_id, consultation_id, citizen_id, notification_id, "
    "channel, status, next_at, created_at) SELECT NULL, ?, c.id, ?, ch.channel, ?, ?, ? "
    "FROM citizens c JOIN (SELECT 'app' AS channel UNION ALL SELECT 'sms') ch "
    "WHERE c.id = ? AND (ch.channel <> 'sms' OR c.phone IS NOT NULL)";

/* --- shared with open311.c -------------------------------------------------------------- */

int
consult_days(const char *kind)
{
	int complaint = strcmp(kind, "complaint") == 0;

	return (int)yw_config_long(yw_app_config(), complaint ? "complaint_days" : "consult_days",
	    complaint ? 5 : 3, 1, 60, NULL);
}

yw_err
consult_insert(yw_req *r, const consult_new *c, long long *id, int64_t *due_us)
{
	const yw_calendar *cal;
	int64_t now = yw_now_us();
	int days = consult_days(c->kind);
	char due[40], at[40];
	yw_err err;

	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	*due_us = yw_due_at(cal, now, days);
	yw_time_format_db(*due_us, due, sizeof(due));
	yw_time_format_db(now, at, sizeof(at));
	yw_arg args[] = { YW_INT(c->citizen_id), yw_str(c->kind), yw_str(c->item_code),
		YW_INT(c->dept_id), yw_str(c->title), yw_str(c->content), yw_str(due), YW_INT(days),
		yw_str(c->lat), yw_str(c->lon), yw_str(c->address), yw_str(at), yw_str(at) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_INSERT, args, 13, NULL)) != YW_OK)
		return err;
	*id = (long long)yw_db_insert_id(r->db);
	return YW_OK;
}

void
consult_clock(const yw_calendar *cal, const char *status, const char *due_cell,
    const char *days_cell, json_t **left, json_t **light)
{
	if (status == NULL || strcmp(status, "closed") == 0 || days_cell == NULL) {
		*left = json_null();
		*light = json_null();
		return;
	}
	/* A consultation not closed runs its clock as an accepted application does. */
	yw_appview_clock(cal, "accepted", due_cell, atoi(days_cell), left, light);
}

const char *
consult_cut(yw_arena *a, const char *s, size_t max)
{
	size_t len = strlen(s);

	if (yw_utf8_chars(s, len) <= max)
		return s;
	return yw_arena_printf(a, "%.*s…", (int)yw_utf8_prefix(s, len, max - 1), s);
}

/* --- reading ------------------------------------------------------------------------------ */

static const char *
status_label(const char *status, int en)
{
	if (strcmp(status, "open") == 0)
		return en ? "Awaiting an answer" : "待答复";
	if (strcmp(status, "answered") == 0)
		return en ? "Answered" : "已答复";
	return en ? "Closed" : "已办结";
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
masked_phone(yw_arena *a, const char *p)
{
	if (p == NULL || strlen(p) != 11)
		return json_null();
	return json_string(yw_arena_printf(a, "%.3s****%.4s", p, p + 7));
}

/*
 * One consultation of a row of CONSULT_COLUMNS. full adds the content and the location
 * (the replies are the caller's); staff adds the owner and the citizen as staff may see them.
 */
static json_t *
render(yw_req *r, const yw_calendar *cal, const yw_rows *rows, size_t i, int full, int staff)
{
	json_t *o = json_object(), *left, *light;
	const char *status = YW_CELL(rows, i, C_STATUS);

	consult_clock(
	    cal, status, YW_CELL(rows, i, C_DUE), YW_CELL(rows, i, C_DAYS), &left, &light);
	json_object_set_new(o, "id", json_string(YW_CELL(rows, i, C_ID)));
	json_object_set_new(o, "kind", json_string(YW_CELL(rows, i, C_KIND)));
	json_object_set_new(o, "title", json_string(YW_CELL(rows, i, C_TITLE)));
	json_object_set_new(o, "item",
	    YW_CELL(rows, i, C_ITEM) == NULL
	        ? json_null()
	        : json_pack("{s:s, s:s?}", "code", YW_CELL(rows, i, C_ITEM), "name",
	              YW_CELL(rows, i, C_ITEM_NAME)));
	json_object_set_new(o, "dept",
	    json_pack("{s:s, s:s}", "id", YW_CELL(rows, i, C_DEPT), "name",
	        YW_CELL(rows, i, C_DEPT_NAME)));
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "status_label", json_string(status_label(status, r->en)));
	json_object_set_new(o, "days", json_integer(atoi(YW_CELL(rows, i, C_DAYS))));
	json_object_set_new(o, "due_at", yw_json_time(&r->arena, YW_CELL(rows, i, C_DUE)));
	json_object_set_new(o, "working_days_left", left);
	json_object_set_new(o, "light", light);
	json_object_set_new(o, "created_at", yw_json_time(&r->arena, YW_CELL(rows, i, C_CREATED)));
	json_object_set_new(o, "updated_at", yw_json_time(&r->arena, YW_CELL(rows, i, C_UPDATED)));
	json_object_set_new(o, "closed_at", yw_json_time(&r->arena, YW_CELL(rows, i, C_CLOSED)));
	if (full) {
		const char *lat = YW_CELL(rows, i, C_LAT), *lon = YW_CELL(rows, i, C_LON);
		const char *addr = YW_CELL(rows, i, C_ADDRESS);
		json_object_set_new(o, "content", json_string(YW_CELL(rows, i, C_CONTENT)));
		json_object_set_new(o, "location",
		    lat == NULL && addr == NULL
		        ? json_null()
		        : json_pack("{s:o, s:o, s:o}", "lat",
		              lat ? json_real(atof(lat)) : json_null(), "long",
		              lon ? json_real(atof(lon)) : json_null(), "address",
		              str_or_null(addr)));
	}
	if (staff) {
		json_object_set_new(o, "owner",
		    YW_CELL(rows, i, C_OWNER) == NULL
		        ? json_null()
		        : json_pack("{s:s, s:s?}", "id", YW_CELL(rows, i, C_OWNER), "name",
		              YW_CELL(rows, i, C_OWNER_NAME)));
		json_object_set_new(o, "citizen",
		    json_pack("{s:o, s:o}", "name_masked",
		        str_or_null(YW_CELL(rows, i, C_CITIZEN_NAME)), "phone_masked",
		        masked_phone(&r->arena, YW_CELL(rows, i, C_CITIZEN_PHONE))));
	}
	return o;
}

/* The replies, oldest first: staff by role and department (and, for staff, by name). */
static yw_err
add_replies(yw_req *r, json_t *o, const char *id, int staff)
{
	yw_rows rows;
	yw_arg arg = yw_str(id);
	json_t *list;
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_REPLIES, &arg, 1, &rows)) != YW_OK)
		return err;
	list = json_array();
	for (size_t i = 0; i < rows.nrows; i++) {
		unsigned roles = yw_roles_parse(YW_CELL(&rows, i, 5));
		json_t *who = json_pack("{s:s, s:{s:s, s:s}}", "role",
		    (roles & YW_ROLE_REVIEWER) ? "reviewer" : "clerk", "dept", "id",
		    YW_CELL(&rows, i, 6), "name", YW_CELL(&rows, i, 7));
		if (staff) {
			json_object_set_new(who, "id", json_string(YW_CELL(&rows, i, 3)));
			json_object_set_new(who, "name", json_string(YW_CELL(&rows, i, 4)));
		}
		json_array_append_new(
		    list, json_pack("{s:s, s:o, s:s, s:o}", "id", YW_CELL(&rows, i, 0), "at",
		              yw_json_time(&r->arena, YW_CELL(&rows, i, 1)), "content",
		              YW_CELL(&rows, i, 2), "staff", who));
	}
	json_object_set_new(o, "replies", list);
	return YW_OK;
}

/* Reads consultation id into rows (one row) or answers YW_E_NOT_FOUND. */
static yw_err
load_one(yw_req *r, long long id, yw_rows *rows)
{
	yw_arg arg = YW_INT(id);
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_ONE, &arg, 1, rows);

	if (err != YW_OK)
		return err;
	return rows->nrows == 1 ? YW_OK : YW_E_NOT_FOUND;
}

/* The full view of a row read by load_one. */
static yw_err
full_view(yw_req *r, const yw_rows *rows, int staff, json_t **out)
{
	const yw_calendar *cal;
	yw_err err;

	if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	*out = render(r, cal, rows, 0, 1, staff);
	if ((err = add_replies(r, *out, YW_CELL(rows, 0, C_ID), staff)) != YW_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

/* --- the citizen's side ------------------------------------------------------------------- */

static const yw_jfield create_fields[] = {
	{ "kind", YW_J_STRING, YW_J_REQUIRED, 1, 16 },
	{ "item_code", YW_J_STRING, 0, 1, 64 },
	{ "dept_id", YW_J_ANY, 0, 0, 0 },
	{ "title", YW_J_STRING, YW_J_REQUIRED, 1, 100 },
	{ "content", YW_J_STRING, YW_J_REQUIRED, 1, 4000 },
};

/* Only white space (ASCII or the ideographic space U+3000)? */
static int
blank(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return 0;
	}
	return 1;
}

/* A value problem of a field (422 unless a type problem makes the request 400). */
static void
invalid(yw_req *r, int *bits, const char *field, const char *code)
{
	yw_field_error(r, field, code);
	*bits |= YW_JCHECK_VALUE;
}

/* POST /api/v1/consultations {kind, item_code?, dept_id?, title, content}: files one for the
 * item's department, else the chosen one. */
yw_err
post_consultation(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", create_fields, 5);
	json_t *dv = json_object_get(r->json, "dept_id");
	consult_new c;
	long long dept = 0, id;
	int64_t due;
	yw_rows rows;
	json_t *out;
	yw_err err;

	memset(&c, 0, sizeof(c));
	if (dv != NULL && !json_is_null(dv) && !json_is_string(dv) && !json_is_integer(dv)) {
		yw_field_error(r, "dept_id", "invalid_type");
		bits |= YW_JCHECK_TYPE;
	}
	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	c.citizen_id = r->who.id;
	c.kind = yw_json_str(r->json, "kind");
	c.item_code = yw_json_str(r->json, "item_code");
	c.title = yw_json_str(r->json, "title");
	c.content = yw_json_str(r->json, "content");
	if (c.kind != NULL && strcmp(c.kind, "consult") != 0 && strcmp(c.kind, "complaint") != 0)
		invalid(r, &bits, "kind", "invalid");
	if (c.title != NULL && *c.title != '\0' && blank(c.title))
		invalid(r, &bits, "title", "required");
	if (c.content != NULL && *c.content != '\0' && blank(c.content))
		invalid(r, &bits, "content", "required");
	if (dv != NULL && !json_is_null(dv) && yw_json_id(dv, &dept) != 0)
		invalid(r, &bits, "dept_id", "invalid");
	if (c.item_code != NULL) {
		yw_arg a = yw_str(c.item_code);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_ITEM, &a, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0) {
			invalid(r, &bits, "item_code", "not_found");
		} else {
			c.dept_id = atoll(YW_CELL(&rows, 0, 0));
			/* The item decides; a different department chosen too is a client's mistake. */
			if (dept > 0 && dept != c.dept_id)
				invalid(r, &bits, "dept_id", "mismatch");
		}
	} else if (dept > 0) {
		yw_arg a = YW_INT(dept);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DEPT, &a, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0)
			invalid(r, &bits, "dept_id", "not_found");
		c.dept_id = dept;
	} else if (dv == NULL || json_is_null(dv)) {
		invalid(r, &bits, "dept_id", "required");
	}
	if (bits)
		return yw_json_check_err(bits);
	if ((err = consult_insert(r, &c, &id, &due)) != YW_OK ||
	    (err = load_one(r, id, &rows)) != YW_OK ||
	    (err = full_view(r, &rows, 0, &out)) != YW_OK)
		return err;
	yw_reply_header(
	    r, "Location", yw_arena_printf(&r->arena, "/api/v1/consultations/%lld", id));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 201, out);
	return YW_OK;
}

/* GET /api/v1/consultations: the caller's own, newest first. */
yw_err
get_consultations(yw_req *r)
{
	const yw_calendar *cal;
	long long before = (long long)9e18;
	const char *next = NULL;
	yw_page page;
	yw_rows rows;
	json_t *data;
	yw_err err = yw_page_parse(r, 'c', &page);

	if (err == YW_OK && page.after != NULL) {
		char *end;
		before = strtoll(page.after, &end, 10);
		if (*end != '\0' || before <= 0) {
			yw_field_error(r, "cursor", "invalid");
			err = YW_E_BAD_REQUEST;
		}
	}
	if (err != YW_OK)
		return err;
	yw_arg args[] = { YW_INT(r->who.id), YW_INT(before), YW_INT(page.limit + 1) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_MINE, args, 3, &rows)) != YW_OK ||
	    (err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++)
		json_array_append_new(data, render(r, cal, &rows, i, 0, 0));
	if (rows.nrows > (size_t)page.limit)
		next = yw_page_cursor(r, 'c', YW_CELL(&rows, page.limit - 1, C_ID));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, yw_page_body(data, next));
	return YW_OK;
}

/* GET /api/v1/consultations/{id}: one of the caller's own, with its replies. */
yw_err
get_consultation(yw_req *r)
{
	long long id;
	yw_rows rows;
	json_t *out;
	yw_err err;

	if (yw_req_id_param(r, "id", &id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = load_one(r, id, &rows)) != YW_OK)
		return err;
	if (atoll(YW_CELL(&rows, 0, C_CITIZEN)) != r->who.id)
		return YW_E_NOT_FOUND;
	if ((err = full_view(r, &rows, 0, &out)) != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, out);
	return YW_OK;
}

/* --- the staff's side --------------------------------------------------------------------- */

/* The owner, or a staff member with a delegation from the owner running now. */
static int
may_close(const yw_req *r, const yw_capacities *caps, long long owner)
{
	if (owner == r->who.id)
		return 1;
	for (size_t i = 0; i < caps->n; i++)
		if (caps->c[i].on_behalf_of == owner)
			return 1;
	return 0;
}

/* GET /api/v1/staff/consultations?status=: the caller's departments', earliest due first. */
yw_err
get_staff_consultations(yw_req *r)
{
	const char *status = yw_req_query(r, "status"), *s1 = "open", *s2 = "answered";
	const char *next = NULL;
	char after_due[40] = "1000-01-01 00:00:00.000000";
	long long after_id = 0;
	const yw_calendar *cal;
	yw_capacities caps;
	yw_page page;
	yw_rows rows;
	yw_arg args[22];
	size_t n = 0;
	json_t *data;
	yw_err err = yw_page_parse(r, 'q', &page);

	if (status != NULL && *status != '\0') {
		if (strcmp(status, "open") != 0 && strcmp(status, "answered") != 0 &&
		    strcmp(status, "closed") != 0) {
			yw_field_error(r, "status", "invalid");
			err = YW_E_BAD_REQUEST;
		}
		s1 = s2 = status;
	}
	if (page.after != NULL) {
		/* "<due_at µs>:<id>" */
		char *end;
		long long us = strtoll(page.after, &end, 10);
		if (*end != ':' || us <= 0 || (after_id = strtoll(end + 1, &end, 10)) <= 0 ||
		    *end != '\0') {
			yw_field_error(r, "cursor", "invalid");
			err = YW_E_BAD_REQUEST;
		} else {
			yw_time_format_db(us, after_due, sizeof(after_due));
		}
	}
	if (err != YW_OK)
		return err;
	if ((err = yw_capacities_load(r, &caps)) != YW_OK)
		return err;
	if (caps.n == 0) {
		yw_reply_header(r, "Cache-Control", "no-store");
		yw_reply(r, 200, yw_page_body(json_array(), NULL));
		return YW_OK;
	}
	for (size_t i = 0; i < MAX_CAPACITIES; i++)
		args[n++] = YW_INT(caps.c[i < caps.n ? i : 0].dept_id);
	args[n++] = yw_str(s1);
	args[n++] = yw_str(s2);
	args[n++] = yw_str(after_due);
	args[n++] = yw_str(after_due);
	args[n++] = YW_INT(after_id);
	args[n++] = YW_INT(page.limit + 1);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_QUEUE, args, n, &rows)) != YW_OK ||
	    (err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++)
		json_array_append_new(data, render(r, cal, &rows, i, 0, 1));
	if (rows.nrows > (size_t)page.limit) {
		int64_t due = 0;
		yw_time_parse_db(YW_CELL(&rows, page.limit - 1, C_DUE), &due);
		next = yw_page_cursor(r, 'q',
		    yw_arena_printf(&r->arena, "%lld:%s", (long long)due,
		        YW_CELL(&rows, page.limit - 1, C_ID)));
	}
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, yw_page_body(data, next));
	return YW_OK;
}

/* The staff view of consultation id, for staff of its department (404 for anyone else). */
static yw_err
staff_view(yw_req *r, long long id, const yw_capacities *caps, json_t **out)
{
	yw_rows rows;
	yw_err err;

	if ((err = load_one(r, id, &rows)) != YW_OK)
		return err;
	if (yw_capacity_for(caps, atoll(YW_CELL(&rows, 0, C_DEPT))) == NULL)
		return YW_E_NOT_FOUND;
	if ((err = full_view(r, &rows, 1, out)) != YW_OK)
		return err;
	json_object_set_new(*out, "can_close",
	    json_boolean(strcmp(YW_CELL(&rows, 0, C_STATUS), "closed") != 0 &&
	                 (YW_CELL(&rows, 0, C_OWNER) == NULL
	                         ? 1
	                         : may_close(r, caps, atoll(YW_CELL(&rows, 0, C_OWNER))))));
	return YW_OK;
}

/* GET /api/v1/staff/consultations/{id}. */
yw_err
get_staff_consultation(yw_req *r)
{
	yw_capacities caps;
	long long id;
	json_t *out;
	yw_err err;

	if (yw_req_id_param(r, "id", &id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_capacities_load(r, &caps)) != YW_OK ||
	    (err = staff_view(r, id, &caps, &out)) != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, out);
	return YW_OK;
}

static const yw_jfield reply_fields[] = {
	{ "content", YW_J_STRING, YW_J_REQUIRED, 1, 4000 },
	{ "close", YW_J_BOOL, 0, 0, 0 },
};

struct reply_tx {
	yw_req *r;
	long long id;
	const yw_capacities *caps;
	const char *content, *now;
	int close;
};

/* An audit entry of an answer or a close, in the caller's transaction. */
static yw_err
audit(yw_req *r, const char *now, const char *action, const yw_capacity *cap, long long dept,
    long long id, const char *kind, long long owner, const char *status)
{
	return yw_audit_append_staff(r->db, &r->arena, now,
	    (cap->roles & YW_ROLE_REVIEWER) ? "reviewer" : "clerk", r->who.id, dept,
	    cap->on_behalf_of, action, 0,
	    json_pack("{s:s, s:s, s:s, s:s}", "consultation_id",
	        yw_arena_printf(&r->arena, "%lld", id), "kind", kind, "owner_staff_id",
	        yw_arena_printf(&r->arena, "%lld", owner), "status", status));
}

static yw_err
reply_tx(void *ctx)
{
	struct reply_tx *t = ctx;
	yw_req *r = t->r;
	const yw_capacity *cap;
	yw_rows rows;
	yw_arg one = YW_INT(t->id);
	long long dept, owner, citizen;
	const char *kind, *title, *status;
	int consult;
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_LOCK, &one, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	dept = atoll(YW_CELL(&rows, 0, 0));
	if ((cap = yw_capacity_for(t->caps, dept)) == NULL)
		return YW_E_NOT_FOUND;
	if (strcmp(YW_CELL(&rows, 0, 1), "closed") == 0)
		return YW_E_CONFLICT;
	/* 首问负责: the first answer decides the owner, for good. */
	owner = YW_CELL(&rows, 0, 2) ? atoll(YW_CELL(&rows, 0, 2))
	                             : (cap->on_behalf_of ? cap->on_behalf_of : r->who.id);
	if (t->close && !may_close(r, t->caps, owner))
		return YW_E_FORBIDDEN;
	citizen = atoll(YW_CELL(&rows, 0, 3));
	kind = YW_CELL(&rows, 0, 4);
	title = YW_CELL(&rows, 0, 5);
	status = t->close ? "closed" : "answered";
	consult = strcmp(kind, "consult") == 0;

	yw_arg reply[] = { YW_INT(t->id), YW_INT(r->who.id), YW_INT(dept), yw_str(t->content),
		yw_str(t->now) };
	yw_arg upd[] = { yw_str(status), YW_INT(owner), yw_str(t->now),
		t->close ? yw_str(t->now) : YW_NULLARG, YW_INT(t->id) };
	const char *ntitle = t->close ? (consult ? "您的咨询已办结" : "您的投诉已办结")
	                              : (consult ? "您的咨询有了新答复" : "您的投诉有了新答复");
	const char *body =
	    consult_cut(&r->arena, yw_arena_printf(&r->arena, "「%s」%s", title, t->content), 1000);
	yw_arg inbox[] = { YW_INT(citizen), YW_INT(t->id), yw_str(t->now), yw_str(status),
		yw_str(ntitle), yw_str(body) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_REPLY_INSERT, reply, 5, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_UPDATE, upd, 5, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_INBOX, inbox, 6, NULL)) != YW_OK)
		return err;
	{
		yw_arg out[] = { YW_INT(t->id), YW_INT((long long)yw_db_insert_id(r->db)),
			yw_str(status), yw_str(t->now), yw_str(t->now), YW_INT(citizen) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_OUTBOX, out, 6, NULL)) != YW_OK)
			return err;
	}
	if ((err = audit(r, t->now, "consultation_reply", cap, dept, t->id, kind, owner, status)) !=
	    YW_OK)
		return err;
	if (t->close)
		err = audit(r, t->now, "consultation_close", cap, dept, t->id, kind, owner, status);
	return err;
}

/* POST /api/v1/staff/consultations/{id}/reply {content, close}: answers, and maybe closes. */
yw_err
post_consultation_reply(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", reply_fields, 2);
	const char *content = yw_json_str(r->json, "content");
	struct reply_tx t;
	yw_capacities caps;
	json_t *out;
	yw_err err;

	if (!bits && blank(content))
		invalid(r, &bits, "content", "required");
	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.r = r;
	if (yw_req_id_param(r, "id", &t.id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_capacities_load(r, &caps)) != YW_OK)
		return err;
	t.caps = &caps;
	t.content = content;
	t.close = json_is_true(json_object_get(r->json, "close"));
	t.now = yw_now_db(&r->arena);
	if ((err = yw_db_tx(r->db, reply_tx, &t)) != YW_OK ||
	    (err = staff_view(r, t.id, &caps, &out)) != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, out);
	return YW_OK;
}
