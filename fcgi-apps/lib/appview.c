/*
 * appview.c: an application as the API shows it (see appview.h).
 */
#include "appview.h"

#include <stdlib.h>
#include <string.h>

#include "../domain/identity.h"
#include "../domain/status.h"
#include "clock.h"
#include "itemguide.h"
#include "json.h"

static const char SQL_APP_CITIZEN[] =
    "SELECT a.id, a.number, a.item_code, i.name, i.depth, a.status, a.version, a.form, "
    "a.supplement, a.result, a.submitted_at, a.accepted_at, a.due_at, i.visits_required, "
    "a.created_at, a.updated_at, i.materials, a.promised_days, a.dept_id, d.name, "
    "a.accept_by, a.extended_days, a.queue, a.first_supplement, a.citizen_id, "
    "a.decided_at, i.form "
    "FROM applications a JOIN items i ON i.code = a.item_code "
    "JOIN departments d ON d.id = a.dept_id WHERE a.id = ? AND a.citizen_id = ?";
static const char SQL_APP_STAFF[] =
    "SELECT a.id, a.number, a.item_code, i.name, i.depth, a.status, a.version, a.form, "
    "a.supplement, a.result, a.submitted_at, a.accepted_at, a.due_at, i.visits_required, "
    "a.created_at, a.updated_at, i.materials, a.promised_days, a.dept_id, d.name, "
    "a.accept_by, a.extended_days, a.queue, a.first_supplement, a.citizen_id, "
    "a.decided_at, i.form "
    "FROM applications a JOIN items i ON i.code = a.item_code "
    "JOIN departments d ON d.id = a.dept_id WHERE a.id = ?";
static const char SQL_APP_UPLOADS[] =
    "SELECT m.material_id, u.id, u.filename, u.upload_length, u.sha256 "
    "FROM application_materials m JOIN uploads u ON u.id = m.upload_id "
    "WHERE m.application_id = ?";
static const char SQL_APP_TIMELINE[] =
    "SELECT t.at, t.status, t.note, t.actor_role, t.actor_dept_id, d.name "
    "FROM application_timeline t LEFT JOIN departments d ON d.id = t.actor_dept_id "
    "WHERE t.application_id = ? ORDER BY t.id";
static const char SQL_APP_OPINIONS[] =
    "SELECT o.dept_id, d.name, o.decision, o.note, o.decided_at FROM application_opinions o "
    "JOIN departments d ON d.id = o.dept_id WHERE o.application_id = ? ORDER BY o.dept_id";
static const char SQL_APP_APPLICANT[] =
    "SELECT name_masked, id_number_masked, phone, real_name_verified FROM citizens WHERE id = ?";

static int last_deem_due;

int
yw_appview_deem_due(void)
{
	return last_deem_due;
}

json_t *
yw_json_time(yw_arena *a, const char *cell)
{
	return cell ? json_string(yw_db_time_rfc3339(a, cell)) : json_null();
}

json_t *
yw_json_doc(const char *cell)
{
	json_error_t je;
	json_t *j = cell ? json_loads(cell, 0, &je) : NULL;

	return j ? j : json_null();
}

void
yw_appview_clock(const yw_calendar *cal, const char *status, const char *due_cell,
    int promised_days, json_t **left, json_t **light)
{
	int64_t due, now = yw_now_us();
	yw_status st;
	int l;

	*left = json_null();
	*light = json_null();
	if (due_cell == NULL || yw_time_parse_db(due_cell, &due) != 0 ||
	    yw_status_parse(status, &st) != 0 || !yw_status_clock_runs(st))
		return;
	l = yw_working_days_left(cal, now, due);
	json_decref(*left);
	json_decref(*light);
	*left = json_integer(l);
	*light = json_string(yw_light_name(yw_deadline_light(now, due, l, promised_days)));
}

static char *
masked_phone(yw_arena *a, const char *p)
{
	if (p == NULL || strlen(p) != 11)
		return NULL;
	return yw_arena_printf(a, "%.3s****%.4s", p, p + 7);
}

/*
 * The citizen's view never shows an ID number in full (API.md section 3): every form value
 * of a field the item types id_number is masked as GET /me masks one. item_form is the
 * item's form definition (JSON text).
 */
static void
mask_id_numbers(json_t *form, const char *item_form)
{
	json_error_t je;
	json_t *defs, *d;
	size_t i;

	if (!json_is_object(form) || item_form == NULL)
		return;
	defs = json_loads(item_form, 0, &je);
	json_array_foreach(defs, i, d)
	{
		const char *key = yw_json_str(d, "key"), *type = yw_json_str(d, "type");
		json_t *v, *m;
		char masked[32];

		if (key == NULL || type == NULL || strcmp(type, "id_number") != 0)
			continue;
		v = json_object_get(form, key);
		if (!json_is_string(v))
			continue;
		yw_mask_id_number(json_string_value(v), masked, sizeof(masked));
		/* A mask cut inside a UTF-8 character is no string: show nothing of it. */
		if ((m = json_string(masked)) == NULL)
			m = json_string("****");
		json_object_set_new(form, key, m);
	}
	json_decref(defs);
}

yw_err
yw_appview_render(yw_db *db, yw_arena *ar, const yw_calendar *cal, long long id, yw_view view,
    long long owner, int en, json_t **out, long long *version)
{
	yw_rows a, ups, tl;
	yw_err err;
	yw_arg args[] = { YW_INT(id), YW_INT(owner) };
	yw_arg one = YW_INT(id);
	json_t *o, *mats, *timeline, *item_mats, *m, *left, *light, *form;
	yw_status st;
	size_t i;
	json_error_t je;
	int promised;

	if ((err = yw_db_exec(db, ar, view == YW_VIEW_CITIZEN ? SQL_APP_CITIZEN : SQL_APP_STAFF,
	         args, view == YW_VIEW_CITIZEN ? 2 : 1, &a)) != YW_OK)
		return err;
	last_deem_due = 0;
	if (a.nrows == 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_db_exec(db, ar, SQL_APP_UPLOADS, &one, 1, &ups)) != YW_OK ||
	    (err = yw_db_exec(db, ar, SQL_APP_TIMELINE, &one, 1, &tl)) != YW_OK)
		return err;
	if (yw_status_parse(YW_CELL(&a, 0, 5), &st) != 0)
		return YW_E_INTERNAL;
	{
		int64_t by;
		last_deem_due = st == YW_ST_SUBMITTED && YW_CELL(&a, 0, 20) != NULL &&
		                yw_time_parse_db(YW_CELL(&a, 0, 20), &by) == 0 && yw_now_us() > by;
	}
	mats = json_array();
	item_mats = json_loads(YW_CELL(&a, 0, 16), 0, &je);
	json_array_foreach(item_mats, i, m)
	{
		const char *mid = yw_json_str(m, "id");
		json_t *e = json_pack("{s:s?, s:s?, s:b}", "material_id", mid, "name",
		    yw_json_str(m, "name"), "required",
		    json_is_true(json_object_get(m, "required")));
		json_object_set_new(e, "upload_id", json_null());
		json_object_set_new(e, "filename", json_null());
		json_object_set_new(e, "bytes", json_null());
		json_object_set_new(e, "sha256", json_null());
		for (size_t k = 0; mid != NULL && k < ups.nrows; k++) {
			if (strcmp(YW_CELL(&ups, k, 0), mid) != 0)
				continue;
			json_object_set_new(e, "upload_id", json_string(YW_CELL(&ups, k, 1)));
			json_object_set_new(e, "filename", json_string(YW_CELL(&ups, k, 2)));
			json_object_set_new(e, "bytes", json_integer(atoll(YW_CELL(&ups, k, 3))));
			json_object_set_new(e, "sha256",
			    YW_CELL(&ups, k, 4) ? json_string(YW_CELL(&ups, k, 4)) : json_null());
		}
		json_array_append_new(mats, e);
	}
	json_decref(item_mats);
	timeline = json_array();
	for (size_t k = 0; k < tl.nrows; k++) {
		yw_status ts;
		json_t *dept = YW_CELL(&tl, k, 4)
		                   ? json_pack("{s:s, s:s?}", "id", YW_CELL(&tl, k, 4), "name",
		                         YW_CELL(&tl, k, 5))
		                   : json_null();
		json_array_append_new(timeline,
		    json_pack("{s:o, s:s, s:s, s:s, s:{s:s, s:o}}", "at",
		        yw_json_time(ar, YW_CELL(&tl, k, 0)), "status", YW_CELL(&tl, k, 1),
		        "status_label",
		        yw_status_parse(YW_CELL(&tl, k, 1), &ts) == 0 ? yw_status_label(ts, en)
		                                                      : "",
		        "note", YW_CELL(&tl, k, 2), "actor", "role", YW_CELL(&tl, k, 3), "dept",
		        dept));
	}
	promised = YW_CELL(&a, 0, 17) ? atoi(YW_CELL(&a, 0, 17)) : 0;
	yw_appview_clock(cal, YW_CELL(&a, 0, 5), YW_CELL(&a, 0, 12), promised, &left, &light);

	o = json_object();
	json_object_set_new(o, "id", json_string(YW_CELL(&a, 0, 0)));
	json_object_set_new(o, "number", json_string(YW_CELL(&a, 0, 1) ? YW_CELL(&a, 0, 1) : ""));
	json_object_set_new(o, "item",
	    json_pack("{s:s, s:s, s:I}", "code", YW_CELL(&a, 0, 2), "name", YW_CELL(&a, 0, 3),
	        "depth", (json_int_t)atoll(YW_CELL(&a, 0, 4))));
	json_object_set_new(o, "status", json_string(yw_status_name(st)));
	json_object_set_new(o, "status_label", json_string(yw_status_label(st, en)));
	json_object_set_new(o, "version", json_integer(atoll(YW_CELL(&a, 0, 6))));
	form = yw_json_doc(YW_CELL(&a, 0, 7));
	if (view == YW_VIEW_CITIZEN)
		mask_id_numbers(form, YW_CELL(&a, 0, 26));
	json_object_set_new(o, "form", form);
	json_object_set_new(o, "materials", mats);
	json_object_set_new(o, "submitted_at", yw_json_time(ar, YW_CELL(&a, 0, 10)));
	json_object_set_new(o, "accepted_at", yw_json_time(ar, YW_CELL(&a, 0, 11)));
	json_object_set_new(o, "due_at", yw_json_time(ar, YW_CELL(&a, 0, 12)));
	json_object_set_new(o, "working_days_left", left);
	json_object_set_new(o, "light", light);
	json_object_set_new(o, "supplement",
	    st == YW_ST_SUPPLEMENT_REQUIRED ? yw_json_doc(YW_CELL(&a, 0, 8)) : json_null());
	json_object_set_new(o, "result", yw_json_doc(YW_CELL(&a, 0, 9)));
	json_object_set_new(o, "visit_required", json_boolean(atoi(YW_CELL(&a, 0, 13)) > 0));
	json_object_set_new(o, "timeline", timeline);
	json_object_set_new(o, "created_at", yw_json_time(ar, YW_CELL(&a, 0, 14)));
	json_object_set_new(o, "updated_at", yw_json_time(ar, YW_CELL(&a, 0, 15)));
	json_object_set_new(o, "dept",
	    json_pack("{s:s, s:s}", "id", YW_CELL(&a, 0, 18), "name", YW_CELL(&a, 0, 19)));
	json_object_set_new(o, "promised_days", promised ? json_integer(promised) : json_null());
	json_object_set_new(o, "decided_at", yw_json_time(ar, YW_CELL(&a, 0, 25)));
	if (view == YW_VIEW_STAFF) {
		yw_rows ops, ap;
		yw_arg cid = YW_INT(atoll(YW_CELL(&a, 0, 24)));
		json_t *par = json_array();
		if ((err = yw_db_exec(db, ar, SQL_APP_OPINIONS, &one, 1, &ops)) != YW_OK ||
		    (err = yw_db_exec(db, ar, SQL_APP_APPLICANT, &cid, 1, &ap)) != YW_OK) {
			json_decref(par);
			json_decref(o);
			return err;
		}
		for (size_t k = 0; k < ops.nrows; k++)
			json_array_append_new(
			    par, json_pack("{s:{s:s, s:s}, s:s?, s:s, s:o}", "dept", "id",
			             YW_CELL(&ops, k, 0), "name", YW_CELL(&ops, k, 1), "decision",
			             YW_CELL(&ops, k, 2), "note", YW_CELL(&ops, k, 3), "decided_at",
			             yw_json_time(ar, YW_CELL(&ops, k, 4))));
		json_object_set_new(o, "parallel", par);
		json_object_set_new(o, "accept_by", yw_json_time(ar, YW_CELL(&a, 0, 20)));
		json_object_set_new(o, "extended_days",
		    YW_CELL(&a, 0, 21) ? json_integer(atoi(YW_CELL(&a, 0, 21))) : json_null());
		json_object_set_new(
		    o, "queue", YW_CELL(&a, 0, 22) ? json_string(YW_CELL(&a, 0, 22)) : json_null());
		json_object_set_new(o, "first_supplement", yw_json_doc(YW_CELL(&a, 0, 23)));
		if (ap.nrows == 1)
			json_object_set_new(o, "applicant",
			    json_pack("{s:s, s:s?, s:s?, s:o, s:b}", "citizen_id",
			        YW_CELL(&a, 0, 24), "name_masked", YW_CELL(&ap, 0, 0),
			        "id_number_masked", YW_CELL(&ap, 0, 1), "phone_masked",
			        masked_phone(ar, YW_CELL(&ap, 0, 2))
			            ? json_string(masked_phone(ar, YW_CELL(&ap, 0, 2)))
			            : json_null(),
			        "real_name_verified", atoi(YW_CELL(&ap, 0, 3)) != 0));
	}
	*version = atoll(YW_CELL(&a, 0, 6));
	*out = o;
	return YW_OK;
}
