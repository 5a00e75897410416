/*
 * open311.c: the Open311 GeoReport v2 facade (API.md section 8) over consultations and
 * complaints, in GeoReport's JSON format (the `.json` resources; XML is not offered), so
 * that an existing GeoReport client can file a complaint and follow it.
 *
 * Services are the catalogue: one per item (service_code = the item code, group = its
 * department's name) and one per department for matters of no item (service_code
 * "dept:<id>"). A request is a complaint unless its optional attribute[kind] says
 * "consult"; it goes to the item's department or the named one, with the deadline of
 * consultations.c, and is the same resource as /api/v1/consultations/{id}.
 *
 * The citizen's bearer token (Authorization) takes the place of api_key, and the identity
 * is the token's alone: the email, names, phone and device id a client may send are
 * ignored and never stored, and so are media_url and fields GeoReport does not define.
 * Requests are private correspondence with a department: there is no public listing; GET
 * requests lists and shows the caller's own only, and anyone else's is 404.
 *
 * Errors are GeoReport's: an array of {code, description}, one per problem, the code being
 * the HTTP status: 401 without a valid token (RFC 6750; GeoReport's own 403 is kept for a
 * token that is not a citizen's), 404 for an unknown service or request, 400 for every
 * other client error, 500 or 503 for ours. Only errors the core answers before a handler
 * runs (an unknown path, a method not allowed, a body over the limit, a bad URL encoding)
 * keep yiwang's error object.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../domain/utf8.h"
#include "../domain/workday.h"
#include "../lib/appview.h"
#include "../lib/auth.h"
#include "../lib/calendar.h"
#include "../lib/clock.h"
#include "../lib/crypto.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "public.h"

#define DEPT_PREFIX "dept:"
#define MAX_LIST 100 /* service_request_id and service_code lists */
#define WINDOW_US ((int64_t)90 * 86400 * 1000000) /* GeoReport's default and widest range */

static const char SQL_SERVICE_ITEMS[] =
    "SELECT i.code, i.name, i.kind, d.id, d.name FROM items i "
    "JOIN departments d ON d.id = i.dept_id ORDER BY i.dept_id, i.code";
static const char SQL_SERVICE_DEPTS[] = "SELECT id, name FROM departments ORDER BY id";
static const char SQL_SERVICE_ITEM[] = "SELECT i.code, i.name, i.kind, d.id, d.name FROM items i "
                                       "JOIN departments d ON d.id = i.dept_id WHERE i.code = ?";
static const char SQL_SERVICE_DEPT[] = "SELECT id, name FROM departments WHERE id = ?";

/* A request's columns, in the order of the R_* indexes; the last reply is its status notes. */
#define REQUEST_COLUMNS                                                                        \
	"SELECT c.id, c.item_code, i.name, c.dept_id, d.name, c.status, c.content, c.due_at, " \
	"c.days, c.lat, c.lon, c.address, c.created_at, c.updated_at, c.closed_at, "           \
	"c.citizen_id, (SELECT r.content FROM consultation_replies r "                         \
	"WHERE r.consultation_id = c.id ORDER BY r.id DESC LIMIT 1) "                          \
	"FROM consultations c JOIN departments d ON d.id = c.dept_id "                         \
	"LEFT JOIN items i ON i.code = c.item_code "

enum {
	R_ID,
	R_ITEM,
	R_ITEM_NAME,
	R_DEPT,
	R_DEPT_NAME,
	R_STATUS,
	R_CONTENT,
	R_DUE,
	R_DAYS,
	R_LAT,
	R_LON,
	R_ADDRESS,
	R_CREATED,
	R_UPDATED,
	R_CLOSED,
	R_CITIZEN,
	R_NOTES,
};

static const char SQL_REQUEST[] = REQUEST_COLUMNS "WHERE c.id = ?";
/* The statuses come in threes: open (open, answered), closed, or both. */
static const char SQL_REQUESTS[] =
    REQUEST_COLUMNS "WHERE c.citizen_id = ? AND c.created_at >= ? AND c.created_at <= ? "
                    "AND c.status IN (?, ?, ?) ORDER BY c.created_at DESC, c.id DESC LIMIT 1000";

/* --- errors and the caller ------------------------------------------------------------------ */

/* Answers an error kind in GeoReport's format: [{code, description}, ...]. */
static yw_err
geo_error(yw_req *r, yw_err e)
{
	int status = yw_err_status(e);
	const char *msg = yw_err_message(e, r->en);
	json_t *list = json_array(), *f;
	size_t i;

	if (status >= 500)
		yw_log_error("%s %s failed: %s", r->method, r->route->pattern, yw_err_code(e));
	else if (status != 401 && status != 403 && status != 404)
		status = 400;
	if (yw_field_error_count(r) > 0) {
		json_array_foreach(r->err_fields, i, f)
		{
			const char *desc =
			    yw_arena_printf(&r->arena, r->en ? "%s: %s (%s)" : "%s：%s（%s）", msg,
			        json_string_value(json_object_get(f, "field")),
			        json_string_value(json_object_get(f, "code")));
			json_array_append_new(
			    list, json_pack("{s:i, s:s}", "code", status, "description", desc));
		}
	} else {
		json_array_append_new(
		    list, json_pack("{s:i, s:s}", "code", status, "description", msg));
	}
	yw_reply(r, status, list);
	yw_reply_header(r, "Cache-Control", "no-store");
	if (status == 503)
		yw_reply_header(r, "Retry-After", "5");
	return YW_OK;
}

/* The bearer token must be a citizen's. */
static yw_err
need_citizen(yw_req *r)
{
	yw_err err = yw_auth_bearer(r);

	if (err != YW_OK)
		return err;
	return r->who.kind == YW_AUTH_CITIZEN ? YW_OK : YW_E_FORBIDDEN;
}

/* --- services ------------------------------------------------------------------------------- */

static json_t *
item_service(yw_req *r, const char *code, const char *name, const char *kind, const char *dept)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code", code,
	    "service_name", name, "description",
	    r->en ? yw_arena_printf(&r->arena,
	                "Consultations and complaints about %s, answered by %s", name, dept)
	          : yw_arena_printf(&r->arena, "关于“%s”的咨询和投诉，由%s答复", name, dept),
	    "metadata", 1, "type", "realtime", "keywords",
	    yw_arena_printf(&r->arena, "%s,%s", kind, r->en ? "consult,complaint" : "咨询,投诉"),
	    "group", dept);
}

static const char *
dept_service_name(yw_req *r, const char *dept)
{
	return r->en ? yw_arena_printf(&r->arena, "Other consultations and complaints (%s)", dept)
	             : yw_arena_printf(&r->arena, "其他咨询投诉（%s）", dept);
}

static json_t *
dept_service(yw_req *r, const char *id, const char *dept)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code",
	    yw_arena_printf(&r->arena, DEPT_PREFIX "%s", id), "service_name",
	    dept_service_name(r, dept), "description",
	    r->en
	        ? yw_arena_printf(&r->arena,
	              "Consultations and complaints about no particular item, answered by %s", dept)
	        : yw_arena_printf(&r->arena, "不涉及具体事项的咨询和投诉，由%s答复", dept),
	    "metadata", 1, "type", "realtime", "keywords",
	    r->en ? "consult,complaint" : "咨询,投诉", "group", dept);
}

/* A cacheable answer whose ETag is the body's hash (a catalogue change shows within 60 s). */
static void
reply_cacheable(yw_req *r, json_t *body)
{
	size_t len;
	const char *bytes = yw_json_dump(&r->arena, body, &len);
	unsigned char h[32];
	char hex[65];

	yw_sha256(bytes, len, h);
	yw_hex(h, 16, hex);
	yw_reply_cacheable(
	    r, body, yw_arena_printf(&r->arena, "\"%.32s\"", hex), "public, max-age=60");
}

static yw_err
services(yw_req *r)
{
	yw_rows items, depts;
	json_t *list;
	size_t k = 0;
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_SERVICE_ITEMS, NULL, 0, &items)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_SERVICE_DEPTS, NULL, 0, &depts)) != YW_OK)
		return err;
	/* Department by department: its items, then its service for matters of no item. */
	list = json_array();
	for (size_t d = 0; d < depts.nrows; d++) {
		long long id = atoll(YW_CELL(&depts, d, 0));
		for (; k < items.nrows && atoll(YW_CELL(&items, k, 3)) <= id; k++)
			json_array_append_new(
			    list, item_service(r, YW_CELL(&items, k, 0), YW_CELL(&items, k, 1),
			              YW_CELL(&items, k, 2), YW_CELL(&items, k, 4)));
		json_array_append_new(
		    list, dept_service(r, YW_CELL(&depts, d, 0), YW_CELL(&depts, d, 1)));
	}
	reply_cacheable(r, list);
	return YW_OK;
}

/* GET /open311/v2/services.json */
yw_err
open311_services(yw_req *r)
{
	yw_err err = services(r);

	return err == YW_OK ? YW_OK : geo_error(r, err);
}

typedef struct {
	const char *code; /* as GeoReport shows it */
	const char *name;
	const char *item_code; /* NULL for a department's service */
	long long dept_id;
	const char *dept_name;
} service;

/* Finds a service by its code; YW_E_NOT_FOUND when there is none. */
static yw_err
service_of(yw_req *r, const char *code, service *out)
{
	yw_rows rows;
	yw_err err;

	memset(out, 0, sizeof(*out));
	if (strncmp(code, DEPT_PREFIX, strlen(DEPT_PREFIX)) == 0) {
		long long id;
		if (yw_parse_id(code + strlen(DEPT_PREFIX), &id) != 0)
			return YW_E_NOT_FOUND;
		yw_arg a = YW_INT(id);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_SERVICE_DEPT, &a, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0)
			return YW_E_NOT_FOUND;
		out->code = code;
		out->dept_id = id;
		out->dept_name = YW_CELL(&rows, 0, 1);
		out->name = dept_service_name(r, out->dept_name);
		return YW_OK;
	}
	if (strlen(code) > 64)
		return YW_E_NOT_FOUND;
	yw_arg a = yw_str(code);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_SERVICE_ITEM, &a, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	out->code = YW_CELL(&rows, 0, 0);
	out->name = YW_CELL(&rows, 0, 1);
	out->item_code = out->code;
	out->dept_id = atoll(YW_CELL(&rows, 0, 3));
	out->dept_name = YW_CELL(&rows, 0, 4);
	return YW_OK;
}

/* The one attribute every service takes: whether it is a consultation or a complaint. */
static json_t *
kind_attribute(yw_req *r)
{
	return json_pack("{s:b, s:s, s:s, s:b, s:s, s:i, s:s, s:[{s:s, s:s}, {s:s, s:s}]}",
	    "variable", 1, "code", "kind", "datatype", "singlevaluelist", "required", 0,
	    "datatype_description",
	    r->en ? "complaint (the default) or consult"
	          : "complaint（投诉，默认）或 consult（咨询）",
	    "order", 1, "description",
	    r->en ? "Is this a complaint or a question?" : "投诉还是咨询？", "values", "key",
	    "complaint", "name", r->en ? "Complaint" : "投诉", "key", "consult", "name",
	    r->en ? "Consultation" : "咨询");
}

static yw_err
service_definition(yw_req *r)
{
	const char *code = yw_req_param(r, "code");
	service s;
	yw_err err;

	if (code == NULL || (err = service_of(r, code, &s)) == YW_E_NOT_FOUND) {
		yw_field_error(r, "service_code", "not_found");
		return YW_E_NOT_FOUND;
	}
	if (err != YW_OK)
		return err;
	reply_cacheable(
	    r, json_pack("{s:s, s:[o]}", "service_code", s.code, "attributes", kind_attribute(r)));
	return YW_OK;
}

/* GET /open311/v2/services/{code}.json */
yw_err
open311_service(yw_req *r)
{
	yw_err err = service_definition(r);

	return err == YW_OK ? YW_OK : geo_error(r, err);
}

/* --- service requests -------------------------------------------------------------------- */

static const char *
notice(yw_req *r, const char *dept, int64_t due_us, int days)
{
	char day[16];

	yw_shanghai_date(due_us, day, sizeof(day));
	return r->en
	           ? yw_arena_printf(&r->arena,
	                 "Routed to %s; an answer is due by %s (%d working days).", dept, day, days)
	           : yw_arena_printf(
	                 &r->arena, "已转%s办理，将于 %s 前答复（%d 个工作日）。", dept, day, days);
}

static json_t *
number_or_null(const char *cell)
{
	return cell ? json_real(atof(cell)) : json_null();
}

static json_t *
text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A request as GeoReport shows it, from a row of REQUEST_COLUMNS. */
static json_t *
request_view(yw_req *r, const yw_rows *rows, size_t i)
{
	const char *status = YW_CELL(rows, i, R_STATUS), *item = YW_CELL(rows, i, R_ITEM);
	const char *dept = YW_CELL(rows, i, R_DEPT_NAME);
	int closed = strcmp(status, "closed") == 0;
	int64_t due = 0;
	json_t *o = json_object();

	yw_time_parse_db(YW_CELL(rows, i, R_DUE), &due);
	json_object_set_new(o, "service_request_id", json_string(YW_CELL(rows, i, R_ID)));
	json_object_set_new(o, "status", json_string(closed ? "closed" : "open"));
	json_object_set_new(o, "status_notes", text_or_null(YW_CELL(rows, i, R_NOTES)));
	json_object_set_new(o, "service_name",
	    json_string(item ? YW_CELL(rows, i, R_ITEM_NAME) : dept_service_name(r, dept)));
	json_object_set_new(o, "service_code",
	    json_string(
	        item ? item
	             : yw_arena_printf(&r->arena, DEPT_PREFIX "%s", YW_CELL(rows, i, R_DEPT))));
	json_object_set_new(o, "description", json_string(YW_CELL(rows, i, R_CONTENT)));
	json_object_set_new(o, "agency_responsible", json_string(dept));
	json_object_set_new(
	    o, "service_notice", json_string(notice(r, dept, due, atoi(YW_CELL(rows, i, R_DAYS)))));
	json_object_set_new(
	    o, "requested_datetime", yw_json_time(&r->arena, YW_CELL(rows, i, R_CREATED)));
	json_object_set_new(o, "updated_datetime",
	    yw_json_time(&r->arena, YW_CELL(rows, i, closed ? R_CLOSED : R_UPDATED)));
	json_object_set_new(
	    o, "expected_datetime", yw_json_time(&r->arena, YW_CELL(rows, i, R_DUE)));
	json_object_set_new(o, "address", text_or_null(YW_CELL(rows, i, R_ADDRESS)));
	json_object_set_new(o, "address_id", json_null());
	json_object_set_new(o, "zipcode", json_null());
	json_object_set_new(o, "lat", number_or_null(YW_CELL(rows, i, R_LAT)));
	json_object_set_new(o, "long", number_or_null(YW_CELL(rows, i, R_LON)));
	json_object_set_new(o, "media_url", json_null());
	return o;
}

/* What POST requests takes from a form or a JSON body. */
typedef struct {
	const char *service_code, *lat, *lon, *address, *description, *kind;
} geo_input;

/* The fields GeoReport defines that yiwang uses; any other is ignored. */
static const struct {
	const char *name;
	size_t offset;
} geo_fields[] = {
	{ "service_code", offsetof(geo_input, service_code) },
	{ "lat", offsetof(geo_input, lat) },
	{ "long", offsetof(geo_input, lon) },
	{ "address_string", offsetof(geo_input, address) },
	{ "description", offsetof(geo_input, description) },
	{ "attribute[kind]", offsetof(geo_input, kind) },
};

#define NGEO_FIELDS (sizeof(geo_fields) / sizeof(geo_fields[0]))

static void
geo_set(yw_req *r, geo_input *in, const char *key, const char *value)
{
	for (size_t i = 0; i < NGEO_FIELDS; i++) {
		const char **slot = (const char **)((char *)in + geo_fields[i].offset);
		if (strcmp(geo_fields[i].name, key) != 0)
			continue;
		if (*slot != NULL)
			yw_field_error(r, key, "duplicate");
		else
			*slot = value;
		return;
	}
}

/* application/x-www-form-urlencoded, as GeoReport clients send it. */
static yw_err
parse_form(yw_req *r, geo_input *in)
{
	const char *p = r->body, *end = r->body + r->body_len;

	if (memchr(r->body, '\0', r->body_len) != NULL)
		return YW_E_BAD_REQUEST;
	while (p < end) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);
		size_t klen = eq ? (size_t)(eq - p) : len;
		char *k, *v;
		if (len > 0) {
			if (yw_url_decode(&r->arena, p, klen, 1, &k) != 0 ||
			    yw_url_decode(
			        &r->arena, eq ? eq + 1 : "", eq ? len - klen - 1 : 0, 1, &v) != 0) {
				yw_field_error(r, "body", "invalid");
				return YW_E_BAD_REQUEST;
			}
			geo_set(r, in, k, v);
		}
		p += len;
		if (p < end && *p == '&')
			p++;
	}
	return YW_OK;
}

/* A JSON object of the same fields; lat and long may be numbers, attribute an object. */
static yw_err
parse_json(yw_req *r, geo_input *in)
{
	json_error_t je;
	json_t *body = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je), *v, *attr;
	const char *key;

	if (body == NULL)
		return YW_E_INVALID_JSON;
	yw_req_own(r, body);
	if (!json_is_object(body)) {
		yw_field_error(r, "body", "invalid_type");
		return YW_E_BAD_REQUEST;
	}
	json_object_foreach(body, key, v)
	{
		const char *name = strcmp(key, "attribute") == 0 ? NULL : key;
		if (name == NULL || json_is_null(v))
			continue;
		for (size_t i = 0; i < NGEO_FIELDS; i++) {
			if (strcmp(geo_fields[i].name, name) != 0)
				continue;
			if (json_is_string(v))
				geo_set(r, in, name, json_string_value(v));
			else if (json_is_number(v) &&
			         (strcmp(name, "lat") == 0 || strcmp(name, "long") == 0))
				geo_set(r, in, name,
				    yw_arena_printf(&r->arena, "%.17g", json_number_value(v)));
			else
				yw_field_error(r, name, "invalid_type");
		}
	}
	attr = json_object_get(body, "attribute");
	if (attr != NULL && !json_is_null(attr)) {
		json_t *kind = json_object_get(attr, "kind");
		if (!json_is_object(attr) || (kind != NULL && !json_is_string(kind)))
			yw_field_error(r, json_is_object(attr) ? "attribute[kind]" : "attribute",
			    "invalid_type");
		else if (kind != NULL)
			in->kind = json_string_value(kind);
	}
	return yw_field_error_count(r) > 0 ? YW_E_BAD_REQUEST : YW_OK;
}

static int
content_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);

	return ct != NULL && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A coordinate: a decimal number within [-limit, limit], as text with 6 decimals. */
static const char *
coordinate(yw_req *r, const char *s, double limit)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0' || strlen(s) > 32)
		return NULL;
	v = strtod(s, &end);
	if (*end != '\0' || !isfinite(v) || v < -limit || v > limit)
		return NULL;
	return yw_arena_printf(&r->arena, "%.6f", v);
}

/* Only white space? */
static int
blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return *s == '\0';
}

/* The title of a request: the first line of its description, cut to 50 characters. */
static const char *
title_of(yw_req *r, const char *description)
{
	const char *s = description;
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strcspn(s, "\r\n");
	return consult_cut(&r->arena, yw_arena_strndup(&r->arena, s, len), 50);
}

static yw_err
create(yw_req *r)
{
	const char *ct = yw_req_env(r, "CONTENT_TYPE");
	geo_input in;
	consult_new c;
	service s;
	long long id;
	int64_t due;
	yw_err err;

	if ((err = need_citizen(r)) != YW_OK)
		return err;
	memset(&in, 0, sizeof(in));
	if (content_type_is(ct, "application/json"))
		err = parse_json(r, &in);
	else if (content_type_is(ct, "application/x-www-form-urlencoded") || r->body_len == 0)
		err = parse_form(r, &in);
	else
		err = YW_E_UNSUPPORTED_MEDIA_TYPE;
	if (err != YW_OK)
		return err;

	memset(&c, 0, sizeof(c));
	c.citizen_id = r->who.id;
	c.kind = in.kind && *in.kind ? in.kind : "complaint";
	if (strcmp(c.kind, "complaint") != 0 && strcmp(c.kind, "consult") != 0)
		yw_field_error(r, "attribute[kind]", "invalid");
	if (in.service_code == NULL || *in.service_code == '\0')
		yw_field_error(r, "service_code", "required");
	if (in.description == NULL || blank(in.description))
		yw_field_error(r, "description", "required");
	else if (yw_utf8_chars(in.description, strlen(in.description)) > 4000)
		yw_field_error(r, "description", "too_long");
	/* lat and long go together; a location is welcome, not required (not every matter
	 * has a place). */
	if ((in.lat != NULL && *in.lat) || (in.lon != NULL && *in.lon)) {
		if ((c.lat = coordinate(r, in.lat, 90)) == NULL)
			yw_field_error(r, "lat", in.lat && *in.lat ? "invalid" : "required");
		if ((c.lon = coordinate(r, in.lon, 180)) == NULL)
			yw_field_error(r, "long", in.lon && *in.lon ? "invalid" : "required");
	}
	if (in.address != NULL && !blank(in.address)) {
		if (yw_utf8_chars(in.address, strlen(in.address)) > 255)
			yw_field_error(r, "address_string", "too_long");
		c.address = in.address;
	}
	if (yw_field_error_count(r) > 0)
		return YW_E_BAD_REQUEST;
	if ((err = service_of(r, in.service_code, &s)) != YW_OK) {
		if (err == YW_E_NOT_FOUND)
			yw_field_error(r, "service_code", "not_found");
		return err;
	}
	c.item_code = s.item_code;
	c.dept_id = s.dept_id;
	c.title = title_of(r, in.description);
	c.content = in.description;
	if ((err = consult_insert(r, &c, &id, &due)) != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 201,
	    json_pack("[{s:s, s:s}]", "service_request_id", yw_arena_printf(&r->arena, "%lld", id),
	        "service_notice", notice(r, s.dept_name, due, consult_days(c.kind))));
	return YW_OK;
}

/* POST /open311/v2/requests.json */
yw_err
open311_create(yw_req *r)
{
	yw_err err = create(r);

	return err == YW_OK ? YW_OK : geo_error(r, err);
}

/* Splits a comma-separated query value into at most MAX_LIST non-empty parts. */
static int
split(yw_req *r, const char *s, const char **out, size_t *n)
{
	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len > 0) {
			if (*n == MAX_LIST)
				return -1;
			out[(*n)++] = yw_arena_strndup(&r->arena, s, len);
		}
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

/* start_date or end_date: ISO 8601 with a zone, or a date (the start or end of that day in
 * Asia/Shanghai). */
static int
parse_when(const char *s, int end_of_day, int64_t *us)
{
	int64_t day;

	if (yw_time_parse_rfc3339(s, us) == 0)
		return 0;
	if (strlen(s) != 10 || yw_parse_date(s, &day) != 0)
		return -1;
	*us = end_of_day ? yw_day_start_us(day + 1) - 1 : yw_day_start_us(day);
	return 0;
}

static int
listed(const char *code, const char **codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

static yw_err
requests(yw_req *r)
{
	const char *ids_q = yw_req_query(r, "service_request_id");
	const char *codes_q = yw_req_query(r, "service_code");
	const char *status_q = yw_req_query(r, "status");
	const char *start_q = yw_req_query(r, "start_date"), *end_q = yw_req_query(r, "end_date");
	const char *ids[MAX_LIST], *codes[MAX_LIST], *sts[MAX_LIST];
	const char *st[3] = { "open", "answered", "closed" };
	size_t nids = 0, ncodes = 0, nsts = 0;
	int64_t start = 0, end = 0;
	char from[40], to[40];
	json_t *list;
	yw_rows rows;
	yw_err err;

	if ((err = need_citizen(r)) != YW_OK)
		return err;
	if (ids_q != NULL && split(r, ids_q, ids, &nids) != 0)
		yw_field_error(r, "service_request_id", "too_long");
	if (codes_q != NULL && split(r, codes_q, codes, &ncodes) != 0)
		yw_field_error(r, "service_code", "too_long");
	if (status_q != NULL && split(r, status_q, sts, &nsts) != 0)
		yw_field_error(r, "status", "too_long");
	if (nsts > 0) {
		int open = 0, closed = 0;
		for (size_t i = 0; i < nsts; i++) {
			if (strcmp(sts[i], "open") == 0)
				open = 1;
			else if (strcmp(sts[i], "closed") == 0)
				closed = 1;
			else
				yw_field_error(r, "status", "invalid");
		}
		/* Three places: open is (open, answered), closed is (closed). */
		st[0] = open ? "open" : "closed";
		st[1] = open ? "answered" : "closed";
		st[2] = closed ? "closed" : "open";
	}
	if (start_q != NULL && *start_q && parse_when(start_q, 0, &start) != 0)
		yw_field_error(r, "start_date", "invalid");
	if (end_q != NULL && *end_q && parse_when(end_q, 1, &end) != 0)
		yw_field_error(r, "end_date", "invalid");
	if (yw_field_error_count(r) > 0)
		return YW_E_BAD_REQUEST;

	list = json_array();
	if (nids > 0) {
		/* The ids override every other argument; someone else's are simply not there. */
		for (size_t i = 0; i < nids; i++) {
			char *e;
			long long id = strtoll(ids[i], &e, 10);
			if (*e != '\0' || id <= 0 || strlen(ids[i]) > 18)
				continue;
			yw_arg a = YW_INT(id);
			if ((err = yw_db_exec(r->db, &r->arena, SQL_REQUEST, &a, 1, &rows)) !=
			    YW_OK) {
				json_decref(list);
				return err;
			}
			if (rows.nrows == 1 && atoll(YW_CELL(&rows, 0, R_CITIZEN)) == r->who.id)
				json_array_append_new(list, request_view(r, &rows, 0));
		}
	} else {
		/* GeoReport's range: the last 90 days unless given, and never wider. */
		if (start == 0 && end == 0)
			end = yw_now_us();
		if (start == 0)
			start = end - WINDOW_US;
		if (end == 0)
			end = start + WINDOW_US;
		if (end < start || end - start > WINDOW_US) {
			json_decref(list);
			yw_field_error(r, "end_date", "out_of_range");
			return YW_E_BAD_REQUEST;
		}
		yw_time_format_db(start, from, sizeof(from));
		yw_time_format_db(end, to, sizeof(to));
		yw_arg args[] = { YW_INT(r->who.id), yw_str(from), yw_str(to), yw_str(st[0]),
			yw_str(st[1]), yw_str(st[2]) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_REQUESTS, args, 6, &rows)) != YW_OK) {
			json_decref(list);
			return err;
		}
		for (size_t i = 0; i < rows.nrows; i++) {
			const char *code = YW_CELL(&rows, i, R_ITEM)
			                       ? YW_CELL(&rows, i, R_ITEM)
			                       : yw_arena_printf(&r->arena, DEPT_PREFIX "%s",
			                             YW_CELL(&rows, i, R_DEPT));
			if (ncodes == 0 || listed(code, codes, ncodes))
				json_array_append_new(list, request_view(r, &rows, i));
		}
	}
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, list);
	return YW_OK;
}

/* GET /open311/v2/requests.json */
yw_err
open311_requests(yw_req *r)
{
	yw_err err = requests(r);

	return err == YW_OK ? YW_OK : geo_error(r, err);
}

static yw_err
request(yw_req *r)
{
	long long id;
	yw_rows rows;
	yw_err err;

	if ((err = need_citizen(r)) != YW_OK)
		return err;
	if (yw_req_id_param(r, "id", &id) != 0)
		return YW_E_NOT_FOUND;
	yw_arg a = YW_INT(id);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_REQUEST, &a, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0 || atoll(YW_CELL(&rows, 0, R_CITIZEN)) != r->who.id)
		return YW_E_NOT_FOUND;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, json_pack("[o]", request_view(r, &rows, 0)));
	return YW_OK;
}

/* GET /open311/v2/requests/{id}.json */
yw_err
open311_request(yw_req *r)
{
	yw_err err = request(r);

	return err == YW_OK ? YW_OK : geo_error(r, err);
}
