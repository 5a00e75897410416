/*
 * applications.c: a citizen's applications (在线申报, API.md section 4): create (as a draft
 * or submitted at once), list, read with the timeline, replace a draft's content, submit
 * and resubmit after a supplement request, withdraw.
 *
 * Create requires an Idempotency-Key and submit honours one (idempotency.h): a phone that
 * lost its signal retries, and the application exists exactly once. Every change is one
 * transaction: the row (locked, version + 1), its materials, and for a status change
 * everything lib/workflow.c writes with it (timeline, clock, inbox, outbox, counters).
 * Someone else's application is a 404, never a 403.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/formcheck.h"
#include "../domain/identity.h"
#include "../domain/itemdef.h"
#include "../domain/status.h"
#include "../domain/workday.h"
#include "../lib/appview.h"
#include "../lib/calendar.h"
#include "../lib/clock.h"
#include "../lib/idempotency.h"
#include "../lib/itemguide.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/paging.h"
#include "../lib/workflow.h"
#include "apply.h"

static const char SQL_ITEM[] =
    "SELECT code, name, depth, dept_id, materials, form, visits_required FROM items WHERE code = ?";
static const char SQL_REAL_NAME[] = "SELECT real_name_verified FROM citizens WHERE id = ?";
static const char SQL_APP_INSERT[] =
    "INSERT INTO applications (citizen_id, item_code, dept_id, status, version, form, "
    "created_at, updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?, ?)";
static const char SQL_APP_NUMBER[] = "UPDATE applications SET number = ? WHERE id = ?";
static const char SQL_APP_SET_FORM[] =
    "UPDATE applications SET form = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char SQL_MATERIALS_CLEAR[] =
    "DELETE FROM application_materials WHERE application_id = ?";
static const char SQL_MATERIAL_ADD[] =
    "INSERT INTO application_materials (application_id, material_id, upload_id) VALUES (?, ?, ?)";
static const char SQL_MATERIALS_OF[] =
    "SELECT material_id, upload_id FROM application_materials WHERE application_id = ?";
static const char SQL_TIMELINE_ADD[] =
    "INSERT INTO application_timeline (application_id, at, status, note, actor_role, "
    "actor_dept_id) VALUES (?, ?, ?, ?, 'citizen', NULL)";
static const char SQL_DEEM_MINE[] =
    "SELECT id FROM applications WHERE citizen_id = ? AND queue = 'pre_review' AND "
    "queue_at < ? LIMIT 20";
static const char SQL_APP_LIST[] =
    "SELECT a.id, a.number, a.item_code, i.name, a.status, a.version, a.submitted_at, a.due_at, "
    "a.updated_at, a.promised_days FROM applications a JOIN items i ON i.code = a.item_code "
    "WHERE a.citizen_id = ? AND (? IS NULL OR a.status = ?) AND a.id < ? "
    "ORDER BY a.id DESC LIMIT ?";

static long purge_every;
static long requests_seen;

int
applications_init(const yw_config *cfg)
{
	purge_every = yw_config_long(cfg, "idempotency_purge_every", 200, 1, 1000000, NULL);
	return 0;
}

/* --- the item's definition ------------------------------------------------------- */

typedef struct {
	const char *code, *name;
	int depth;
	long long dept_id;
	int visits;
	json_t *materials; /* owned by the request */
	yw_form_field_def *form;
	size_t nform;
} item_def;

static yw_err
load_item(yw_req *r, const char *code, item_def *it)
{
	yw_rows rows;
	yw_err err;
	yw_arg a = yw_str(code);
	json_t *form, *v;
	json_error_t je;
	size_t i;

	memset(it, 0, sizeof(*it));
	if ((err = yw_db_exec(r->db, &r->arena, SQL_ITEM, &a, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	it->code = YW_CELL(&rows, 0, 0);
	it->name = YW_CELL(&rows, 0, 1);
	it->depth = atoi(YW_CELL(&rows, 0, 2));
	it->dept_id = atoll(YW_CELL(&rows, 0, 3));
	it->visits = atoi(YW_CELL(&rows, 0, 6));
	it->materials = yw_req_own(r, json_loads(YW_CELL(&rows, 0, 4), 0, &je));
	form = yw_req_own(r, json_loads(YW_CELL(&rows, 0, 5), 0, &je));
	if (!json_is_array(it->materials) || !json_is_array(form)) {
		yw_log_error("item %s has a malformed definition", code);
		return YW_E_INTERNAL;
	}
	it->nform = json_array_size(form);
	it->form = yw_arena_calloc(&r->arena, it->nform + 1, sizeof(*it->form));
	json_array_foreach(form, i, v)
	{
		json_t *opts = json_object_get(v, "options"), *o;
		size_t k;
		it->form[i].key = yw_json_str(v, "key");
		it->form[i].label = yw_json_str(v, "label");
		it->form[i].type = yw_json_str(v, "type");
		it->form[i].required = json_is_true(json_object_get(v, "required"));
		it->form[i].max_length =
		    json_is_integer(json_object_get(v, "max_length"))
		        ? (long)json_integer_value(json_object_get(v, "max_length"))
		        : -1;
		if (it->form[i].key == NULL || it->form[i].type == NULL)
			return YW_E_INTERNAL;
		if (json_is_array(opts)) {
			it->form[i].noptions = json_array_size(opts);
			it->form[i].options =
			    yw_arena_calloc(&r->arena, it->form[i].noptions + 1, sizeof(char *));
			json_array_foreach(opts, k, o) it->form[i].options[k] =
			    json_is_string(o) ? json_string_value(o) : "";
		}
	}
	return YW_OK;
}

/* --- checks against the definition ------------------------------------------------ */

static void
collect(void *ctx, const char *field, const char *code)
{
	yw_field_error(ctx, field, code);
}

/* The form's values for the domain check; 400-level type problems are reported here. */
static int
form_values(yw_req *r, const json_t *form, yw_form_value **out, size_t *n)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	*n = json_object_size(form);
	*out = yw_arena_calloc(&r->arena, *n + 1, sizeof(**out));
	json_object_foreach((json_t *)form, key, v)
	{
		(*out)[i].key = key;
		if (json_is_string(v)) {
			(*out)[i].kind = YW_V_STRING;
			(*out)[i].str = json_string_value(v);
		} else if (json_is_number(v)) {
			(*out)[i].kind = YW_V_NUMBER;
		} else if (json_is_null(v)) {
			(*out)[i].kind = YW_V_NULL;
		} else {
			(*out)[i].kind = YW_V_OTHER;
		}
		i++;
	}
	return 0;
}

static const json_t *
material_def(const item_def *it, const char *id)
{
	size_t i;
	json_t *m;

	json_array_foreach(it->materials, i, m)
	{
		const char *mid = yw_json_str(m, "id");
		if (mid != NULL && strcmp(mid, id) == 0)
			return m;
	}
	return NULL;
}

static int
format_allowed(const json_t *m, const char *type)
{
	size_t i;
	json_t *f;

	json_array_foreach(json_object_get(m, "formats"), i,
	    f) if (json_is_string(f) && strcmp(json_string_value(f), type) == 0) return 1;
	return 0;
}

/*
 * Materials: {material_id: upload_id}. Each upload must be the caller's, complete, of a
 * format the material accepts (judged on its content) and within its size.
 */
static yw_err
check_materials(yw_req *r, const item_def *it, const json_t *materials, int require)
{
	const char *mid;
	json_t *v, *m;
	size_t i;
	yw_err err;

	json_object_foreach((json_t *)materials, mid, v)
	{
		const char *field = yw_arena_printf(&r->arena, "materials.%s", mid);
		const json_t *def = material_def(it, mid);
		yw_upload_info up;

		if (def == NULL) {
			yw_field_error(r, field, "unknown_field");
			continue;
		}
		if (json_is_null(v))
			continue;
		err = upload_lookup(r, json_string_value(v), &up);
		if (err == YW_E_NOT_FOUND) {
			yw_field_error(r, field, "not_found");
			continue;
		}
		if (err != YW_OK)
			return err;
		if (!up.complete)
			yw_field_error(r, field, "incomplete");
		else if (up.detected_type == NULL || !format_allowed(def, up.detected_type))
			yw_field_error(r, field, "unsupported_format");
		else if (json_is_integer(json_object_get(def, "max_bytes")) &&
		         up.bytes > json_integer_value(json_object_get(def, "max_bytes")))
			yw_field_error(r, field, "too_large");
	}
	if (!require)
		return YW_OK;
	json_array_foreach(it->materials, i, m)
	{
		const char *id = yw_json_str(m, "id");
		json_t *given = id ? json_object_get(materials, id) : NULL;
		if (id != NULL && json_is_true(json_object_get(m, "required")) &&
		    (given == NULL || json_is_null(given)))
			yw_field_error(
			    r, yw_arena_printf(&r->arena, "materials.%s", id), "required");
	}
	return YW_OK;
}

/*
 * The citizen reads ID numbers masked (appview.c) and may send the form back as read: a
 * value of an id_number field that is the mask of the stored value keeps the stored value.
 * stored is the application's form as stored (JSON text). Answers form or a copy.
 */
static const json_t *
unmask_id_numbers(yw_req *r, const item_def *it, const json_t *form, const char *stored)
{
	json_t *was = NULL, *out = NULL;
	json_error_t je;

	for (size_t i = 0; i < it->nform; i++) {
		const char *key = it->form[i].key;
		json_t *v = json_object_get(form, key), *old;
		char masked[32];

		if (strcmp(it->form[i].type, "id_number") != 0 || !json_is_string(v))
			continue;
		if (was == NULL && stored != NULL)
			was = yw_req_own(r, json_loads(stored, 0, &je));
		old = json_object_get(was, key);
		if (!json_is_string(old))
			continue;
		yw_mask_id_number(json_string_value(old), masked, sizeof(masked));
		if (strcmp(masked, json_string_value(v)) != 0)
			continue;
		if (out == NULL)
			out = yw_req_own(r, json_copy((json_t *)form));
		json_object_set(out, key, old);
	}
	return out != NULL ? out : form;
}

static int64_t
today(void)
{
	return yw_shanghai_day(yw_now_us());
}

/* Form and materials against the item; the field problems are in r, YW_OK or a db error. */
static yw_err
check_content(
    yw_req *r, const item_def *it, const json_t *form, const json_t *materials, int require)
{
	yw_form_value *vals;
	size_t n;

	form_values(r, form, &vals, &n);
	yw_form_check(it->form, it->nform, vals, n, require, today(), collect, r);
	return check_materials(r, it, materials, require);
}

/* Structural checks of {form, materials}: objects, material values strings or null. */
static int
content_types(yw_req *r, const json_t *form, const json_t *materials)
{
	const char *k;
	json_t *v;
	int bad = 0;

	if (form != NULL && !json_is_object(form)) {
		yw_field_error(r, "form", "invalid_type");
		bad = 1;
	}
	if (materials != NULL && !json_is_object(materials)) {
		yw_field_error(r, "materials", "invalid_type");
		bad = 1;
	} else if (materials != NULL) {
		json_object_foreach((json_t *)materials, k, v)
		{
			if (!json_is_string(v) && !json_is_null(v)) {
				yw_field_error(r, yw_arena_printf(&r->arena, "materials.%s", k),
				    "invalid_type");
				bad = 1;
			}
		}
	}
	return bad;
}

static yw_err
real_name_verified(yw_req *r)
{
	yw_rows rows;
	yw_arg a = YW_INT(r->who.id);
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_REAL_NAME, &a, 1, &rows);

	if (err != YW_OK)
		return err;
	if (rows.nrows == 0 || strcmp(YW_CELL(&rows, 0, 0), "1") != 0)
		return YW_E_REAL_NAME_REQUIRED;
	return YW_OK;
}

/* --- reading and rendering --------------------------------------------------------- */

/* The application as its citizen sees it (API.md section 4). */
static yw_err
render(yw_req *r, long long id, json_t **out, long long *version)
{
	const yw_calendar *cal;
	yw_err err = yw_calendar_get(r->db, &r->arena, &cal);

	if (err != YW_OK)
		return err;
	return yw_appview_render(
	    r->db, &r->arena, cal, id, YW_VIEW_CITIZEN, r->who.id, r->en, out, version);
}

static const yw_actor citizen_actor = { "citizen", 0, 0, 0 };

static void
reply_application(yw_req *r, int status, json_t *app, long long version)
{
	yw_reply_header(r, "ETag", yw_arena_printf(&r->arena, "\"%lld\"", version));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, status, app);
}

/* --- writing ----------------------------------------------------------------------- */

static yw_err
timeline_add(yw_req *r, long long id, yw_status st, const char *note, const char *at)
{
	yw_arg args[] = { YW_INT(id), yw_str(at), yw_str(yw_status_name(st)),
		yw_str(note ? note : "") };

	return yw_db_exec(r->db, &r->arena, SQL_TIMELINE_ADD, args, 4, NULL);
}

static yw_err
add_materials(yw_req *r, long long id, const json_t *materials)
{
	const char *mid;
	json_t *v;
	yw_err err;

	json_object_foreach((json_t *)materials, mid, v)
	{
		if (!json_is_string(v))
			continue;
		yw_arg args[] = { YW_INT(id), yw_str(mid), yw_str(json_string_value(v)) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_MATERIAL_ADD, args, 3, NULL)) != YW_OK)
			return err;
	}
	return YW_OK;
}

static yw_err
replace_materials(yw_req *r, long long id, const json_t *materials)
{
	yw_arg one = YW_INT(id);
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_MATERIALS_CLEAR, &one, 1, NULL);

	return err != YW_OK ? err : add_materials(r, id, materials);
}

/* The stored materials of an application as {material_id: upload_id}. */
static yw_err
stored_materials(yw_req *r, long long id, json_t **out)
{
	yw_rows rows;
	yw_arg one = YW_INT(id);
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_MATERIALS_OF, &one, 1, &rows);

	if (err != YW_OK)
		return err;
	*out = yw_req_own(r, json_object());
	for (size_t i = 0; i < rows.nrows; i++)
		json_object_set_new(*out, YW_CELL(&rows, i, 0), json_string(YW_CELL(&rows, i, 1)));
	return YW_OK;
}

/* --- create ------------------------------------------------------------------------ */

static const yw_jfield create_fields[] = {
	{ "item_code", YW_J_STRING, YW_J_REQUIRED, 1, 64 },
	{ "form", YW_J_OBJECT, 0, 0, 0 },
	{ "materials", YW_J_OBJECT, 0, 0, 0 },
	{ "submit", YW_J_BOOL, 0, 0, 0 },
};

struct create_tx {
	yw_req *r;
	const char *key;
	unsigned char hash[32];
	yw_idem idem;
	item_def it;
	const json_t *form, *materials;
	int submit;
	long long id, version;
	json_t *app;
};

static yw_err
create_tx(void *ctx)
{
	struct create_tx *t = ctx;
	yw_req *r = t->r;
	const char *now, *form_text;

	yw_field_errors_clear(r); /* a run again after a deadlock reports its problems once */
	char number[40], day[40];
	size_t len;
	yw_err err;

	if ((err = yw_idem_claim(r->db, &r->arena, r->who.id, t->key, t->hash, &t->idem)) !=
	        YW_OK ||
	    t->idem.replay)
		return err;
	if ((err = check_content(r, &t->it, t->form, t->materials, t->submit)) != YW_OK)
		return err;
	if (yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	if (t->submit && (err = real_name_verified(r)) != YW_OK)
		return err;
	now = yw_now_db(&r->arena);
	form_text = yw_json_dump(&r->arena, t->form, &len);
	yw_arg ins[] = { YW_INT(r->who.id), yw_str(t->it.code), YW_INT(t->it.dept_id),
		yw_str(form_text), yw_str(now), yw_str(now) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_APP_INSERT, ins, 6, NULL)) != YW_OK)
		return err;
	t->id = (long long)yw_db_insert_id(r->db);
	/* DY + the Shanghai date + the id: human-readable and unique. */
	yw_time_format_rfc3339(yw_now_us(), day, sizeof(day));
	snprintf(number, sizeof(number), "DY%.4s%.2s%.2s%08lld", day, day + 5, day + 8, t->id);
	yw_arg num[] = { yw_str(number), YW_INT(t->id) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_APP_NUMBER, num, 2, NULL)) != YW_OK ||
	    (err = add_materials(r, t->id, t->materials)) != YW_OK ||
	    (err = timeline_add(r, t->id, YW_ST_DRAFT, "", now)) != YW_OK)
		return err;
	if (t->submit) {
		const yw_calendar *cal;
		yw_wf_app app;
		yw_wf_change c;
		memset(&c, 0, sizeof(c));
		c.action = YW_ACT_SUBMIT;
		c.same_version = 1;
		if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK ||
		    (err = yw_wf_lock(r->db, &r->arena, t->id, &app)) != YW_OK ||
		    (err = yw_wf_apply(r->db, &r->arena, cal, &app, &citizen_actor, &c)) != YW_OK)
			return err;
	}
	if (t->app != NULL) {
		json_decref(t->app);
		t->app = NULL;
	}
	if ((err = render(r, t->id, &t->app, &t->version)) != YW_OK)
		return err;
	return yw_idem_store(
	    r->db, &r->arena, r->who.id, t->key, 201, yw_json_dump(&r->arena, t->app, &len));
}

/* The first answer of a create again, Location included (ETag and the rest: idempotency.c). */
static yw_err
replay_create(yw_req *r, const yw_idem *idem)
{
	json_error_t je;
	json_t *first = yw_req_own(r, json_loads(idem->response, 0, &je));
	const char *id = yw_json_str(first, "id");

	if (idem->status == 201 && id != NULL)
		yw_reply_header(
		    r, "Location", yw_arena_printf(&r->arena, "/api/v1/applications/%s", id));
	yw_idem_replay(r, idem);
	return YW_OK;
}

yw_err
create_application(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", create_fields, 4);
	struct create_tx t;
	json_t *empty;
	yw_err err;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.key = yw_req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (!yw_idem_key_valid(t.key)) {
		yw_field_error(r, "Idempotency-Key", t.key == NULL ? "required" : "invalid");
		return YW_E_BAD_REQUEST;
	}
	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	if (bits)
		return YW_E_VALIDATION;
	empty = yw_req_own(r, json_object());
	t.form = json_object_get(r->json, "form") ? json_object_get(r->json, "form") : empty;
	t.materials =
	    json_object_get(r->json, "materials") ? json_object_get(r->json, "materials") : empty;
	if (content_types(r, t.form, t.materials))
		return YW_E_BAD_REQUEST;
	t.submit = json_is_true(json_object_get(r->json, "submit"));
	yw_idem_hash(r, t.hash);
	err = load_item(r, yw_json_str(r->json, "item_code"), &t.it);
	if (err == YW_E_NOT_FOUND || (err == YW_OK && t.it.depth < 2)) {
		/* A retry is answered as the first request was, even if the item has gone or gone
		 * offline since (the transaction below replays in every other case). */
		yw_err looked =
		    yw_idem_lookup(r->db, &r->arena, r->who.id, t.key, t.hash, &t.idem);
		if (looked != YW_OK)
			return looked;
		if (t.idem.replay)
			return replay_create(r, &t.idem);
	}
	if (err == YW_E_NOT_FOUND)
		return yw_field_error(r, "item_code", "not_found");
	if (err != YW_OK)
		return err;
	if (t.it.depth < 2)
		return YW_E_ITEM_NOT_ONLINE;
	err = yw_db_tx(r->db, create_tx, &t);
	if (err != YW_OK) {
		if (t.app != NULL)
			json_decref(t.app);
		return err;
	}
	if (++requests_seen % purge_every == 0)
		yw_idem_purge(r->db, &r->arena);
	if (t.idem.replay) {
		if (t.app != NULL)
			json_decref(t.app);
		return replay_create(r, &t.idem);
	}
	yw_reply_header(
	    r, "Location", yw_arena_printf(&r->arena, "/api/v1/applications/%lld", t.id));
	reply_application(r, 201, t.app, t.version);
	return YW_OK;
}

/* --- list and read ----------------------------------------------------------------- */

/* Deemed acceptance happens at the latest when the application is next read. */
static yw_err
deem_mine(yw_req *r)
{
	yw_rows rows;
	yw_arg args[] = { YW_INT(r->who.id), yw_str(yw_now_db(&r->arena)) };
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_DEEM_MINE, args, 2, &rows);

	for (size_t i = 0; err == YW_OK && i < rows.nrows; i++)
		err = yw_wf_deem(r->db, &r->arena, atoll(YW_CELL(&rows, i, 0)));
	return err;
}

yw_err
list_applications(yw_req *r)
{
	const char *status = yw_req_query(r, "status"), *next = NULL;
	const yw_calendar *cal;
	yw_status st;
	yw_page page;
	yw_rows rows;
	yw_err err = yw_page_parse(r, 'a', &page);
	long long after = (long long)9e18;
	json_t *data;

	if (status != NULL && *status != '\0' && yw_status_parse(status, &st) != 0) {
		yw_field_error(r, "status", "invalid");
		err = YW_E_BAD_REQUEST;
	}
	if (status != NULL && *status == '\0')
		status = NULL;
	if (page.after != NULL) {
		char *end;
		after = strtoll(page.after, &end, 10);
		if (*end != '\0' || after <= 0) {
			yw_field_error(r, "cursor", "invalid");
			err = YW_E_BAD_REQUEST;
		}
	}
	if (err != YW_OK)
		return err;
	if ((err = deem_mine(r)) != YW_OK ||
	    (err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK)
		return err;
	yw_arg args[] = { YW_INT(r->who.id), yw_str(status), yw_str(status), YW_INT(after),
		YW_INT(page.limit + 1) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_APP_LIST, args, 5, &rows)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++) {
		yw_status s;
		json_t *left, *light;
		yw_status_parse(YW_CELL(&rows, i, 4), &s);
		yw_appview_clock(cal, YW_CELL(&rows, i, 4), YW_CELL(&rows, i, 7),
		    YW_CELL(&rows, i, 9) ? atoi(YW_CELL(&rows, i, 9)) : 0, &left, &light);
		json_array_append_new(data,
		    json_pack("{s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o}",
		        "id", YW_CELL(&rows, i, 0), "number",
		        YW_CELL(&rows, i, 1) ? YW_CELL(&rows, i, 1) : "", "item", "code",
		        YW_CELL(&rows, i, 2), "name", YW_CELL(&rows, i, 3), "status",
		        yw_status_name(s), "status_label", yw_status_label(s, r->en), "version",
		        (json_int_t)atoll(YW_CELL(&rows, i, 5)), "submitted_at",
		        yw_json_time(&r->arena, YW_CELL(&rows, i, 6)), "due_at",
		        yw_json_time(&r->arena, YW_CELL(&rows, i, 7)), "working_days_left", left,
		        "light", light, "updated_at",
		        yw_json_time(&r->arena, YW_CELL(&rows, i, 8))));
	}
	if (rows.nrows > (size_t)page.limit)
		next = yw_page_cursor(r, 'a', YW_CELL(&rows, page.limit - 1, 0));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, yw_page_body(data, next));
	return YW_OK;
}

yw_err
get_application(yw_req *r)
{
	long long id, version;
	json_t *app;
	yw_err err;

	if (yw_req_id_param(r, "id", &id) != 0)
		return YW_E_NOT_FOUND;
	if ((err = render(r, id, &app, &version)) != YW_OK)
		return err;
	if (yw_appview_deem_due()) {
		json_decref(app);
		if ((err = yw_wf_deem(r->db, &r->arena, id)) != YW_OK ||
		    (err = render(r, id, &app, &version)) != YW_OK)
			return err;
	}
	yw_reply_cacheable(r, app, yw_arena_printf(&r->arena, "\"%lld\"", version), "no-cache");
	return YW_OK;
}

/* --- changes to an existing application -------------------------------------------- */

struct change_tx {
	yw_req *r;
	long long id, version;
	yw_action action;
	const char *note;
	const json_t *form, *materials; /* PUT .../form */
	const char *key; /* submit's optional Idempotency-Key */
	unsigned char hash[32];
	yw_idem idem;
	int deem_first; /* the application waits for its deemed acceptance first */
	json_t *app;
};

/* If-Match, when sent, against the version (weak tags, lists and "*": request.h). */
static yw_err
if_match(yw_req *r, long long version)
{
	return yw_req_if_match(r, version) == YW_IF_MATCH_FAILED ? YW_E_VERSION_MISMATCH : YW_OK;
}

static yw_err
change_tx(void *ctx)
{
	struct change_tx *t = ctx;
	yw_req *r = t->r;
	yw_wf_app a;

	yw_field_errors_clear(r); /* a run again after a deadlock reports its problems once */
	item_def it;
	const json_t *new_form;
	const char *now;
	const yw_calendar *cal;
	json_error_t je;
	size_t len;
	yw_err err;

	if (t->key != NULL && ((err = yw_idem_claim(r->db, &r->arena, r->who.id, t->key, t->hash,
	                            &t->idem)) != YW_OK ||
	                          t->idem.replay))
		return err;
	if ((err = yw_wf_lock(r->db, &r->arena, t->id, &a)) != YW_OK)
		return err;
	if (a.citizen_id != r->who.id)
		return YW_E_NOT_FOUND;
	if (yw_wf_deem_due(&a, yw_now_us())) {
		t->deem_first = 1;
		return YW_E_CONFLICT; /* rolled back; yw_wf_tx deems it, then runs this again */
	}
	if ((err = if_match(r, a.version)) != YW_OK)
		return err;
	now = yw_now_db(&r->arena);
	if (t->form != NULL) {
		/* Replacing the content: only while the citizen holds the pen. */
		if (a.status != YW_ST_DRAFT && a.status != YW_ST_SUPPLEMENT_REQUIRED)
			return YW_E_INVALID_TRANSITION;
		if ((err = load_item(r, a.item_code, &it)) != YW_OK)
			return err == YW_E_NOT_FOUND ? YW_E_INTERNAL : err;
		new_form = unmask_id_numbers(r, &it, t->form, a.form);
		if ((err = check_content(r, &it, new_form, t->materials, 0)) != YW_OK)
			return err;
		if (yw_field_error_count(r) > 0)
			return YW_E_VALIDATION;
		yw_arg set[] = { yw_str(yw_json_dump(&r->arena, new_form, &len)), yw_str(now),
			YW_INT(t->id) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_APP_SET_FORM, set, 3, NULL)) != YW_OK ||
		    (err = replace_materials(r, t->id, t->materials)) != YW_OK)
			return err;
	} else {
		yw_wf_change c;
		yw_status to;
		if (yw_transition(a.status, t->action, &to) != 0)
			return YW_E_INVALID_TRANSITION;
		if (t->action == YW_ACT_SUBMIT) {
			json_t *mats, *form = yw_req_own(r, json_loads(a.form, 0, &je));
			if ((err = load_item(r, a.item_code, &it)) != YW_OK)
				return err == YW_E_NOT_FOUND ? YW_E_INTERNAL : err;
			if (it.depth < 2)
				return YW_E_ITEM_NOT_ONLINE;
			if (!json_is_object(form))
				form = yw_req_own(r, json_object());
			if ((err = stored_materials(r, t->id, &mats)) != YW_OK ||
			    (err = check_content(r, &it, form, mats, 1)) != YW_OK)
				return err;
			if (yw_field_error_count(r) > 0)
				return YW_E_VALIDATION;
			if ((err = real_name_verified(r)) != YW_OK)
				return err;
		}
		memset(&c, 0, sizeof(c));
		c.action = t->action;
		c.note = t->note;
		if ((err = yw_calendar_get(r->db, &r->arena, &cal)) != YW_OK ||
		    (err = yw_wf_apply(r->db, &r->arena, cal, &a, &citizen_actor, &c)) != YW_OK)
			return err;
	}
	if (t->app != NULL) {
		json_decref(t->app);
		t->app = NULL;
	}
	if ((err = render(r, t->id, &t->app, &t->version)) != YW_OK)
		return err;
	if (t->key != NULL)
		return yw_idem_store(r->db, &r->arena, r->who.id, t->key, 200,
		    yw_json_dump(&r->arena, t->app, &len));
	return YW_OK;
}

static yw_err
run_change(yw_req *r, struct change_tx *t)
{
	yw_err err;

	if (yw_req_id_param(r, "id", &t->id) != 0)
		return YW_E_NOT_FOUND;
	t->r = r;
	err = yw_wf_tx(r->db, &r->arena, t->id, change_tx, t, &t->deem_first);
	if (err != YW_OK) {
		if (t->app != NULL)
			json_decref(t->app);
		return err;
	}
	if (t->idem.replay) {
		if (t->app != NULL)
			json_decref(t->app);
		yw_idem_replay(r, &t->idem);
		return YW_OK;
	}
	reply_application(r, 200, t->app, t->version);
	return YW_OK;
}

static const yw_jfield form_fields[] = {
	{ "form", YW_J_OBJECT, YW_J_REQUIRED, 0, 0 },
	{ "materials", YW_J_OBJECT, 0, 0, 0 },
};

yw_err
put_application_form(yw_req *r)
{
	struct change_tx t;
	int bits = yw_json_check(r, r->json, "", form_fields, 2);

	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.form = json_object_get(r->json, "form");
	t.materials = json_object_get(r->json, "materials");
	if (t.materials == NULL)
		t.materials = yw_req_own(r, json_object());
	if (content_types(r, t.form, t.materials))
		return YW_E_BAD_REQUEST;
	return run_change(r, &t);
}

yw_err
submit_application(yw_req *r)
{
	struct change_tx t;

	memset(&t, 0, sizeof(t));
	t.action = YW_ACT_SUBMIT;
	t.key = yw_req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (t.key != NULL) {
		if (!yw_idem_key_valid(t.key)) {
			yw_field_error(r, "Idempotency-Key", "invalid");
			return YW_E_BAD_REQUEST;
		}
		yw_idem_hash(r, t.hash);
	}
	return run_change(r, &t);
}

static const yw_jfield withdraw_fields[] = {
	{ "reason", YW_J_STRING, 0, 0, 200 },
};

yw_err
withdraw_application(yw_req *r)
{
	struct change_tx t;
	int bits = yw_json_check(r, r->json, "", withdraw_fields, 1);

	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.action = YW_ACT_WITHDRAW;
	t.note = yw_json_str(r->json, "reason");
	return run_change(r, &t);
}
