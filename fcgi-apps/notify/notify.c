/*
 * notify.c: the notify app, the citizen's side of progress push (API.md section 6): the
 * inbox (one entry per status change of the citizen's applications), marking it read, the
 * WeChat one-time subscription grants the mini-program collected, and the devices the app
 * push gateway reaches.
 *
 * lib/workflow.c writes the inbox in the transaction of each status change; this app only
 * reads it and sets read_at (its database user may update no other column). pushd uses
 * the grants up and forgets the devices the gateway reports gone. Everything here is the
 * caller's own: another citizen's entries, grants and devices are never shown or changed,
 * and someone else's device is a 404 like an unknown one.
 *
 * Costs: a page of the inbox walks ix_notifications_citizen (citizen_id, id) backwards
 * from the cursor and reads its own rows; the unread count is a range of the same index
 * (one citizen's entries). Each change is one statement, or one transaction when it is
 * more than one (an upsert and the state it answers with).
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/app.h"
#include "../lib/appview.h"
#include "../lib/clock.h"
#include "../lib/json.h"
#include "../lib/paging.h"
#include "../lib/request.h"

/*
 * The index is named: with ORDER BY id DESC LIMIT the optimizer may otherwise walk the
 * primary key and filter, reading every citizen's entries newer than the page.
 */
static const char SQL_INBOX[] =
    "SELECT id, at, kind, application_id, status, title, body, read_at IS NOT NULL, "
    "consultation_id "
    "FROM notifications FORCE INDEX (ix_notifications_citizen) "
    "WHERE citizen_id = ? AND id < ? ORDER BY id DESC LIMIT ?";
static const char SQL_UNREAD[] =
    "SELECT COUNT(*) FROM notifications FORCE INDEX (ix_notifications_citizen) "
    "WHERE citizen_id = ? AND read_at IS NULL";
static const char SQL_MARK_READ[] =
    "UPDATE notifications SET read_at = ? WHERE citizen_id = ? AND id <= ? AND read_at IS NULL";

static const char SQL_GRANT_ADD[] =
    "INSERT INTO wechat_grants (citizen_id, template_id, remaining, updated_at) "
    "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
    "remaining = LEAST(remaining + VALUES(remaining), ?), updated_at = VALUES(updated_at)";
static const char SQL_GRANT_GET[] =
    "SELECT remaining FROM wechat_grants WHERE citizen_id = ? AND template_id = ?";

/*
 * A token registered again moves to the caller. created_at is assigned first, so that it
 * compares the row's old owner and platform (assignments run left to right): the same
 * registration keeps its date, a moved or changed one starts again.
 */
static const char SQL_DEVICE_PUT[] =
    "INSERT INTO devices (citizen_id, platform, token, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
    "created_at = IF(citizen_id = VALUES(citizen_id) AND platform = VALUES(platform), "
    "created_at, VALUES(created_at)), citizen_id = VALUES(citizen_id), "
    "platform = VALUES(platform), updated_at = VALUES(updated_at)";
static const char SQL_DEVICE_GET[] = "SELECT platform, created_at FROM devices WHERE token = ?";
/* The caller's devices beyond the newest MAX_DEVICES. */
static const char SQL_DEVICES_SURPLUS[] =
    "SELECT id FROM devices WHERE citizen_id = ? ORDER BY updated_at DESC, id DESC "
    "LIMIT 100 OFFSET ?";
static const char SQL_DEVICE_FORGET[] = "DELETE FROM devices WHERE id = ? AND citizen_id = ?";
static const char SQL_DEVICE_DELETE[] = "DELETE FROM devices WHERE token = ? AND citizen_id = ?";

/* Cursor kind of the inbox (paging.h). */
#define CURSOR_INBOX 'n'
/* Grants kept per template: WeChat grants one per tap, so more would be a client loop. */
#define MAX_GRANTS 1000
/* Devices kept per citizen: registering one more forgets the least recently registered. */
#define MAX_DEVICES 10

/* --- validators ------------------------------------------------------------------------ */

/*
 * Printable ASCII without spaces (as an Idempotency-Key): what device tokens and WeChat
 * template ids are made of. The length is checked by the field tables.
 */
static int
visible_ascii(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s > '~')
			return 0;
	return 1;
}

static int
platform_valid(const char *p)
{
	return strcmp(p, "ios") == 0 || strcmp(p, "android") == 0 || strcmp(p, "harmony") == 0;
}

/* --- GET /api/v1/me/notifications ------------------------------------------------------ */

static yw_err
list_notifications(yw_req *r)
{
	const char *next = NULL;
	long long after = (long long)9e18;
	yw_page page;
	yw_rows rows, unread;
	yw_err err = yw_page_parse(r, CURSOR_INBOX, &page);
	json_t *data, *body;

	if (page.after != NULL && yw_parse_id(page.after, &after) != 0) {
		yw_field_error(r, "cursor", "invalid");
		err = YW_E_BAD_REQUEST;
	}
	if (err != YW_OK)
		return err;
	yw_arg args[] = { YW_INT(r->who.id), YW_INT(after), YW_INT(page.limit + 1) };
	yw_arg me = YW_INT(r->who.id);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_INBOX, args, 3, &rows)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_UNREAD, &me, 1, &unread)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++) {
		/* An entry is about an application (kind status) or a consultation (kind
		 * consultation); the other id is null. */
		json_array_append_new(data,
		    json_pack("{s:s, s:o, s:s, s:s?, s:s?, s:s, s:s, s:s, s:b}", "id",
		        YW_CELL(&rows, i, 0), "at", yw_json_time(&r->arena, YW_CELL(&rows, i, 1)),
		        "kind", YW_CELL(&rows, i, 2), "application_id", YW_CELL(&rows, i, 3),
		        "consultation_id", YW_CELL(&rows, i, 8), "status", YW_CELL(&rows, i, 4),
		        "title", YW_CELL(&rows, i, 5), "body", YW_CELL(&rows, i, 6), "read",
		        strcmp(YW_CELL(&rows, i, 7), "1") == 0));
	}
	if (rows.nrows > (size_t)page.limit)
		next = yw_page_cursor(r, CURSOR_INBOX, YW_CELL(&rows, page.limit - 1, 0));
	body = yw_page_body(data, next);
	json_object_set_new(body, "unread",
	    json_integer(unread.nrows > 0 ? (json_int_t)atoll(YW_CELL(&unread, 0, 0)) : 0));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, body);
	return YW_OK;
}

/* --- POST /api/v1/me/notifications/read -------------------------------------------------- */

static const yw_jfield read_fields[] = {
	{ "up_to_id", YW_J_ANY, YW_J_REQUIRED, 0, 0 },
};

/*
 * Marks the caller's unread entries up to an id read. The id is a bound, not a resource:
 * one the caller does not own, or beyond the newest, is no error.
 */
static yw_err
mark_read(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", read_fields, 1);
	json_t *v = json_object_get(r->json, "up_to_id");
	long long up_to = 0;
	yw_err err;

	if (v != NULL && !json_is_null(v) && yw_json_id(v, &up_to) != 0) {
		int typed = json_is_string(v) || json_is_integer(v);
		yw_field_error(r, "up_to_id", typed ? "invalid" : "invalid_type");
		bits |= typed ? YW_JCHECK_VALUE : YW_JCHECK_TYPE;
	}
	if (bits)
		return yw_json_check_err(bits);
	yw_arg args[] = { yw_str(yw_now_db(&r->arena)), YW_INT(r->who.id), YW_INT(up_to) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_MARK_READ, args, 3, NULL)) != YW_OK)
		return err;
	yw_reply(r, 204, NULL);
	return YW_OK;
}

/* --- POST /api/v1/me/wechat-subscriptions ------------------------------------------------ */

static const yw_jfield grant_fields[] = {
	{ "template_id", YW_J_STRING, YW_J_REQUIRED, 1, 128 },
	{ "count", YW_J_INT, YW_J_REQUIRED, 1, 100 },
};

struct grant_tx {
	yw_req *r;
	const char *template_id;
	long long count, remaining;
};

static yw_err
grant_tx(void *ctx)
{
	struct grant_tx *t = ctx;
	yw_req *r = t->r;
	yw_rows rows;
	yw_err err;

	yw_arg add[] = { YW_INT(r->who.id), yw_str(t->template_id), YW_INT(t->count),
		yw_str(yw_now_db(&r->arena)), YW_INT(MAX_GRANTS) };
	yw_arg key[] = { YW_INT(r->who.id), yw_str(t->template_id) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_GRANT_ADD, add, 5, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_GRANT_GET, key, 2, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_INTERNAL;
	t->remaining = atoll(YW_CELL(&rows, 0, 0));
	return YW_OK;
}

/*
 * Adds the grants wx.requestSubscribeMessage gave for a template (the taps the citizen
 * accepted): remaining += count, at most MAX_GRANTS. Each subscribe message uses one.
 */
static yw_err
add_wechat_grants(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", grant_fields, 2);
	struct grant_tx t;
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.template_id = yw_json_str(r->json, "template_id");
	t.count = yw_json_int(r->json, "count", 0);
	if (!visible_ascii(t.template_id))
		return yw_field_error(r, "template_id", "invalid");
	if ((err = yw_db_tx(r->db, grant_tx, &t)) != YW_OK)
		return err;
	yw_reply(r, 201,
	    json_pack(
	        "{s:s, s:I}", "template_id", t.template_id, "remaining", (json_int_t)t.remaining));
	return YW_OK;
}

/* --- POST /api/v1/me/devices ------------------------------------------------------------- */

static const yw_jfield device_fields[] = {
	{ "platform", YW_J_STRING, YW_J_REQUIRED, 1, 16 },
	{ "token", YW_J_STRING, YW_J_REQUIRED, 1, 255 },
};

struct device_tx {
	yw_req *r;
	const char *platform, *token;
	const char *created_at;
};

static yw_err
device_tx(void *ctx)
{
	struct device_tx *t = ctx;
	yw_req *r = t->r;
	const char *now = yw_now_db(&r->arena);
	yw_rows surplus, row;
	yw_err err;

	yw_arg put[] = { YW_INT(r->who.id), yw_str(t->platform), yw_str(t->token), yw_str(now),
		yw_str(now) };
	yw_arg old[] = { YW_INT(r->who.id), YW_INT(MAX_DEVICES) };
	yw_arg tok = yw_str(t->token);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DEVICE_PUT, put, 5, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_DEVICES_SURPLUS, old, 2, &surplus)) != YW_OK)
		return err;
	for (size_t i = 0; i < surplus.nrows; i++) {
		yw_arg id[] = { YW_INT(atoll(YW_CELL(&surplus, i, 0))), YW_INT(r->who.id) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DEVICE_FORGET, id, 2, NULL)) != YW_OK)
			return err;
	}
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DEVICE_GET, &tok, 1, &row)) != YW_OK)
		return err;
	if (row.nrows == 0)
		return YW_E_INTERNAL;
	t->created_at = YW_CELL(&row, 0, 1);
	return YW_OK;
}

/*
 * Registers the caller's device for the app push gateway. A token is one device's: when
 * someone else registered it (the phone changed hands, or accounts), it moves to the caller.
 */
static yw_err
register_device(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", device_fields, 2);
	struct device_tx t;
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.platform = yw_json_str(r->json, "platform");
	t.token = yw_json_str(r->json, "token");
	if (!platform_valid(t.platform))
		yw_field_error(r, "platform", "invalid");
	if (!visible_ascii(t.token))
		yw_field_error(r, "token", "invalid");
	if (yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	if ((err = yw_db_tx(r->db, device_tx, &t)) != YW_OK)
		return err;
	yw_reply(r, 201,
	    json_pack("{s:s, s:s, s:o}", "platform", t.platform, "token", t.token, "created_at",
	        yw_json_time(&r->arena, t.created_at)));
	return YW_OK;
}

/* --- DELETE /api/v1/me/devices/{token} --------------------------------------------------- */

static yw_err
delete_device(yw_req *r)
{
	const char *token = yw_req_param(r, "token");
	yw_err err;

	if (token == NULL || strlen(token) > 255 || !visible_ascii(token))
		return YW_E_NOT_FOUND;
	yw_arg args[] = { yw_str(token), YW_INT(r->who.id) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DEVICE_DELETE, args, 2, NULL)) != YW_OK)
		return err;
	if (yw_db_affected(r->db) == 0)
		return YW_E_NOT_FOUND;
	yw_reply(r, 204, NULL);
	return YW_OK;
}

/* --- the app ------------------------------------------------------------------------------ */

static const yw_route routes[] = {
	{ "GET", "/api/v1/me/notifications", list_notifications, YW_AUTH_CITIZEN, 0, 0 },
	{ "POST", "/api/v1/me/notifications/read", mark_read, YW_AUTH_CITIZEN, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/me/wechat-subscriptions", add_wechat_grants, YW_AUTH_CITIZEN, 0,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/me/devices", register_device, YW_AUTH_CITIZEN, 0, YW_ROUTE_JSON },
	{ "DELETE", "/api/v1/me/devices/{token}", delete_device, YW_AUTH_CITIZEN, 0, 0 },
};

static const yw_app app = {
	"notify",
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
