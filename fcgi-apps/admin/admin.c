/*
 * admin.c: administration of the catalogue and of staff accounts (API.md section 9).
 * Every route needs an admin token. Start-up creates the bootstrap user `admin` with the
 * password in YIWANG_ADMIN_PASSWORD when no such user exists yet (never resets it).
 * Every change bumps the catalogue's generation in the same transaction, which is how the
 * catalogue's caches learn of it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../domain/itemdef.h"
#include "../lib/app.h"
#include "../lib/auth.h"
#include "../lib/clock.h"
#include "../lib/itemguide.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/notice.h"
#include "../lib/calendar.h"
#include "../lib/password.h"
#include "../lib/request.h"

static const char SQL_ADMIN_BOOTSTRAP[] =
    "INSERT IGNORE INTO staff (username, password_hash, name, dept_id, roles, active, created_at) "
    "VALUES ('admin', ?, '系统管理员', NULL, 'admin', 1, ?)";
static const char SQL_ADMIN_EXISTS[] = "SELECT id FROM staff WHERE username = 'admin'";
static const char SQL_REGION_EXISTS[] = "SELECT code FROM regions WHERE code = ?";
static const char SQL_DEPT_GET[] = "SELECT id, name, region_code FROM departments WHERE id = ?";
static const char SQL_DEPT_INSERT[] =
    "INSERT INTO departments (name, region_code, created_at) VALUES (?, ?, ?)";
static const char SQL_GENERATION_BUMP[] =
    "UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1";
static const char SQL_ITEM_UPSERT[] =
    "INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days, "
    "visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
    "ON DUPLICATE KEY UPDATE name = VALUES(name), kind = VALUES(kind), dept_id = VALUES(dept_id), "
    "region_code = VALUES(region_code), depth = VALUES(depth), legal_days = VALUES(legal_days), "
    "promised_days = VALUES(promised_days), visits_required = VALUES(visits_required), "
    "fee = VALUES(fee), legal_basis = VALUES(legal_basis), conditions = VALUES(conditions), "
    "materials = VALUES(materials), form = VALUES(form), windows = VALUES(windows), "
    "version = version + 1, updated_at = VALUES(updated_at)";
static const char SQL_PARALLEL_CLEAR[] = "DELETE FROM item_parallel_depts WHERE item_code = ?";
static const char SQL_PARALLEL_ADD[] =
    "INSERT INTO item_parallel_depts (item_code, dept_id) VALUES (?, ?)";
static const char SQL_STAFF_INSERT[] =
    "INSERT INTO staff (username, password_hash, name, dept_id, roles, active, created_at) "
    "VALUES (?, ?, ?, ?, ?, 1, ?)";

/* Tells this host's catalog workers that the catalogue changed (see notice.h). */
static yw_notice *catalog_notice;

static int
worker_init(const yw_config *cfg)
{
	catalog_notice = yw_notice_open(yw_config_str(cfg, "metrics_dir", NULL), "catalog");
	return 0;
}

/* --- start-up ---------------------------------------------------------------------- */

static int
bootstrap_admin(const yw_config *cfg, yw_db *db)
{
	const char *pw = yw_config_str(cfg, "admin_password", NULL);
	char hash[160], now[32];
	yw_arena a;
	yw_rows rows;
	yw_err err = YW_E_UNAVAILABLE;

	if (pw == NULL || *pw == '\0')
		return 0;
	yw_arena_init(&a);
	/* The database may still be starting: try for up to 30 s. */
	for (int i = 0; i < 60; i++) {
		if ((err = yw_db_exec(db, &a, SQL_ADMIN_EXISTS, NULL, 0, &rows)) == YW_OK)
			break;
		struct timespec ts = { 0, 500000000L };
		nanosleep(&ts, NULL);
	}
	if (err != YW_OK) {
		yw_log_error("cannot reach the database to create the admin user");
		yw_arena_free(&a);
		return -1;
	}
	if (rows.nrows == 0) {
		if (strlen(pw) < 8) {
			yw_log_error("YIWANG_ADMIN_PASSWORD is shorter than 8 characters; admin "
			             "not created");
			yw_arena_free(&a);
			return -1;
		}
		if (yw_password_hash(pw, hash, sizeof(hash)) != 0) {
			yw_arena_free(&a);
			return -1;
		}
		yw_time_format_db(yw_now_us(), now, sizeof(now));
		yw_arg args[] = { yw_str(hash), yw_str(now) };
		if (yw_db_exec(db, &a, SQL_ADMIN_BOOTSTRAP, args, 2, NULL) != YW_OK) {
			yw_arena_free(&a);
			return -1;
		}
		yw_log_info("created the admin user");
	}
	yw_arena_free(&a);
	return 0;
}

/* --- departments ------------------------------------------------------------------- */

static const yw_jfield dept_fields[] = {
	{ "name", YW_J_STRING, YW_J_REQUIRED, 1, 100 },
	{ "region_code", YW_J_STRING, YW_J_REQUIRED, 1, 6 },
};

struct dept_tx {
	yw_req *r;
	const char *name, *region;
	long long id;
};

static yw_err
region_exists(yw_req *r, const char *code, const char *field)
{
	yw_rows rows;
	yw_arg a = yw_str(code);
	yw_err err = yw_db_exec(r->db, &r->arena, SQL_REGION_EXISTS, &a, 1, &rows);

	if (err != YW_OK)
		return err;
	if (rows.nrows == 0)
		return yw_field_error(r, field, "not_found");
	return YW_OK;
}

static yw_err
dept_tx(void *ctx)
{
	struct dept_tx *t = ctx;
	char now[32];
	yw_err err;

	if ((err = region_exists(t->r, t->region, "region_code")) != YW_OK)
		return err;
	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg args[] = { yw_str(t->name), yw_str(t->region), yw_str(now) };
	if ((err = yw_db_exec(t->r->db, &t->r->arena, SQL_DEPT_INSERT, args, 3, NULL)) != YW_OK)
		return err;
	t->id = (long long)yw_db_insert_id(t->r->db);
	return yw_db_exec(t->r->db, &t->r->arena, SQL_GENERATION_BUMP, NULL, 0, NULL);
}

static yw_err
post_department(yw_req *r)
{
	struct dept_tx t = { r, NULL, NULL, 0 };
	int bits = yw_json_check(r, r->json, "", dept_fields, 2);
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	t.name = yw_json_str(r->json, "name");
	t.region = yw_json_str(r->json, "region_code");
	if (!yw_region_code_valid(t.region))
		return yw_field_error(r, "region_code", "invalid");
	if ((err = yw_db_tx(r->db, dept_tx, &t)) != YW_OK)
		return err;
	yw_notice_bump(catalog_notice);
	yw_reply(r, 201,
	    json_pack("{s:s, s:s, s:s}", "id", yw_arena_printf(&r->arena, "%lld", t.id), "name",
	        t.name, "region_code", t.region));
	return YW_OK;
}

/* --- items ------------------------------------------------------------------------- */

static const yw_jfield item_fields[] = {
	{ "code", YW_J_STRING, 0, 0, 0 },
	{ "name", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "kind", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "dept_id", YW_J_ANY, YW_J_REQUIRED, 0, 0 },
	{ "region_code", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "depth", YW_J_INT, YW_J_REQUIRED, LLONG_MIN, LLONG_MAX },
	{ "legal_days", YW_J_INT, YW_J_REQUIRED, LLONG_MIN, LLONG_MAX },
	{ "promised_days", YW_J_INT, YW_J_REQUIRED, LLONG_MIN, LLONG_MAX },
	{ "visits_required", YW_J_INT, YW_J_REQUIRED, LLONG_MIN, LLONG_MAX },
	{ "fee", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "legal_basis", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "conditions", YW_J_STRING, 0, 0, 0 },
	{ "materials", YW_J_ARRAY, YW_J_REQUIRED, 0, 0 },
	{ "form", YW_J_ARRAY, YW_J_REQUIRED, 0, 0 },
	{ "windows", YW_J_ARRAY, YW_J_REQUIRED, 0, 0 },
	{ "parallel_dept_ids", YW_J_ARRAY, 0, 0, 0 },
	/* What GET /api/v1/items/{code} shows but a definition does not set (itemguide.c):
	 * accepted and ignored, so that a guide as GET returns it goes back with dept_id (and
	 * parallel_dept_ids) added. */
	{ "dept", YW_J_ANY, 0, 0, 0 },
	{ "depth_label", YW_J_ANY, 0, 0, 0 },
	{ "parallel_depts", YW_J_ANY, 0, 0, 0 },
	{ "version", YW_J_ANY, 0, 0, 0 },
	{ "updated_at", YW_J_ANY, 0, 0, 0 },
};

static const yw_jfield material_fields[] = {
	{ "id", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "name", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "required", YW_J_BOOL, YW_J_REQUIRED, 0, 0 },
	{ "copies", YW_J_INT, 0, LLONG_MIN, LLONG_MAX },
	{ "formats", YW_J_ARRAY, YW_J_REQUIRED, 0, 0 },
	{ "max_bytes", YW_J_INT, 0, LLONG_MIN, LLONG_MAX },
	{ "note", YW_J_STRING, YW_J_NULLABLE, 0, 0 },
};

static const yw_jfield form_fields[] = {
	{ "key", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "label", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "type", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "required", YW_J_BOOL, YW_J_REQUIRED, 0, 0 },
	{ "max_length", YW_J_INT, YW_J_NULLABLE, LLONG_MIN, LLONG_MAX },
	{ "options", YW_J_ARRAY, YW_J_NULLABLE, 0, 0 },
};

static const yw_jfield window_fields[] = {
	{ "name", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "address", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "phone", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
	{ "hours", YW_J_STRING, YW_J_REQUIRED, 0, 0 },
};

#define NF(t) (sizeof(t) / sizeof((t)[0]))
#define DEFAULT_MAX_BYTES (20LL * 1024 * 1024)

/* Checks each element of an array member against a table; returns the check bits. */
static int
check_elements(yw_req *r, const char *name, const yw_jfield *f, size_t n)
{
	json_t *arr = json_object_get(r->json, name), *v;
	size_t i;
	int bits = 0;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, v) bits |=
	    yw_json_check(r, v, yw_arena_printf(&r->arena, "%s[%zu]", name, i), f, n);
	return bits;
}

/* Every element of a string array; reports invalid_type otherwise. */
static const char **
strings_of(yw_req *r, const json_t *arr, const char *field, size_t *n, int *bits)
{
	const char **out;
	size_t i;
	json_t *v;

	*n = json_array_size(arr);
	out = yw_arena_calloc(&r->arena, *n + 1, sizeof(*out));
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			yw_field_error(r, field, "invalid_type");
			*bits |= YW_JCHECK_TYPE;
			return out;
		}
		out[i] = json_string_value(v);
	}
	return out;
}

static void
collect_problem(void *ctx, const char *field, const char *code)
{
	yw_field_error(ctx, field, code);
}

struct item_tx {
	yw_req *r;
	yw_item_def *d;
	const char *materials, *form, *windows;
	int created;
	json_t *guide;
	long long version;
};

/*
 * The references of a definition (region, department, parallel departments), looked up
 * even when other problems were found, so that every problem is reported at once.
 * A reference deleted between this check and the write fails the write's foreign key.
 */
static yw_err
check_references(yw_req *r, const yw_item_def *d)
{
	yw_rows rows;
	yw_err err;

	if (yw_region_code_valid(d->region_code) &&
	    (err = region_exists(r, d->region_code, "region_code")) != YW_OK &&
	    err != YW_E_VALIDATION)
		return err;
	if (d->dept_id > 0) {
		yw_arg dept = YW_INT(d->dept_id);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DEPT_GET, &dept, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0)
			yw_field_error(r, "dept_id", "not_found");
	}
	for (size_t i = 0; i < d->nparallel; i++) {
		yw_arg p = YW_INT(d->parallel_dept_ids[i]);
		if (d->parallel_dept_ids[i] <= 0)
			continue;
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DEPT_GET, &p, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0)
			yw_field_error(r, yw_arena_printf(&r->arena, "parallel_dept_ids[%zu]", i),
			    "not_found");
	}
	return YW_OK;
}

static yw_err
item_tx(void *ctx)
{
	struct item_tx *t = ctx;
	yw_req *r = t->r;
	yw_item_def *d = t->d;
	char now[32];
	yw_err err;

	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg args[] = { yw_str(d->code), yw_str(d->name), yw_str(d->kind), YW_INT(d->dept_id),
		yw_str(d->region_code), YW_INT(d->depth), YW_INT(d->legal_days),
		YW_INT(d->promised_days), YW_INT(d->visits_required), yw_str(d->fee),
		yw_str(d->legal_basis), yw_str(d->conditions ? d->conditions : ""),
		yw_str(t->materials), yw_str(t->form), yw_str(t->windows), yw_str(now) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_ITEM_UPSERT, args, 16, NULL)) != YW_OK)
		return err;
	t->created = yw_db_affected(r->db) == 1;
	yw_arg code = yw_str(d->code);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_PARALLEL_CLEAR, &code, 1, NULL)) != YW_OK)
		return err;
	for (size_t i = 0; i < d->nparallel; i++) {
		yw_arg p[] = { yw_str(d->code), YW_INT(d->parallel_dept_ids[i]) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_PARALLEL_ADD, p, 2, NULL)) != YW_OK)
			return err;
	}
	if ((err = yw_db_exec(r->db, &r->arena, SQL_GENERATION_BUMP, NULL, 0, NULL)) != YW_OK)
		return err;
	if (t->guide != NULL) {
		json_decref(t->guide);
		t->guide = NULL;
	}
	return yw_itemguide_load(r->db, &r->arena, d->code, &t->guide, &t->version);
}

/* Builds the definition from a body whose top-level types were checked. */
static int
build_item(yw_req *r, const char *code, yw_item_def *d, json_t **mdoc, json_t **fdoc, json_t **wdoc)
{
	json_t *b = r->json, *arr, *v;
	size_t i;
	int bits = 0;

	memset(d, 0, sizeof(*d));
	d->code = code;
	d->name = yw_json_str(b, "name");
	d->kind = yw_json_str(b, "kind");
	if (yw_json_id(json_object_get(b, "dept_id"), &d->dept_id) != 0) {
		json_t *dv = json_object_get(b, "dept_id");
		if (dv == NULL || json_is_null(dv)) {
			/* Missing (a guide sent back without it): 422 required. */
			d->dept_id = 0;
		} else {
			if (!json_is_string(dv) && !json_is_integer(dv)) {
				yw_field_error(r, "dept_id", "invalid_type");
				bits |= YW_JCHECK_TYPE;
			}
			d->dept_id = -1; /* the domain check reports it */
		}
	}
	d->region_code = yw_json_str(b, "region_code");
	d->depth = (int)yw_json_int(b, "depth", 0);
	if (yw_json_int(b, "depth", 0) != d->depth)
		d->depth = 0;
	d->legal_days = (long)yw_json_int(b, "legal_days", -1);
	d->promised_days = (long)yw_json_int(b, "promised_days", -1);
	d->visits_required = (long)yw_json_int(b, "visits_required", -1);
	d->fee = yw_json_str(b, "fee");
	d->legal_basis = yw_json_str(b, "legal_basis");
	d->conditions = yw_json_str(b, "conditions");

	arr = json_object_get(b, "materials");
	d->nmaterials = json_array_size(arr);
	yw_material_def *m = yw_arena_calloc(&r->arena, d->nmaterials + 1, sizeof(*m));
	*mdoc = yw_req_own(r, json_array());
	json_array_foreach(arr, i, v)
	{
		const char *field = yw_arena_printf(&r->arena, "materials[%zu].formats", i);
		json_t *fmts = json_object_get(v, "formats");
		m[i].id = yw_json_str(v, "id");
		m[i].name = yw_json_str(v, "name");
		m[i].required = json_is_true(json_object_get(v, "required"));
		m[i].copies = (long)yw_json_int(v, "copies", 1);
		m[i].formats = strings_of(r, fmts, field, &m[i].nformats, &bits);
		m[i].max_bytes = yw_json_int(v, "max_bytes", DEFAULT_MAX_BYTES);
		m[i].note = yw_json_str(v, "note");
		json_array_append_new(*mdoc,
		    json_pack("{s:s?, s:s?, s:b, s:I, s:O, s:I, s:s}", "id", m[i].id, "name",
		        m[i].name, "required", m[i].required, "copies", (json_int_t)m[i].copies,
		        "formats", json_is_array(fmts) ? fmts : json_null(), "max_bytes",
		        (json_int_t)m[i].max_bytes, "note", m[i].note ? m[i].note : ""));
	}
	d->materials = m;

	arr = json_object_get(b, "form");
	d->nform = json_array_size(arr);
	yw_form_field_def *f = yw_arena_calloc(&r->arena, d->nform + 1, sizeof(*f));
	*fdoc = yw_req_own(r, json_array());
	json_array_foreach(arr, i, v)
	{
		json_t *opts = json_object_get(v, "options"),
		       *ml = json_object_get(v, "max_length");
		f[i].key = yw_json_str(v, "key");
		f[i].label = yw_json_str(v, "label");
		f[i].type = yw_json_str(v, "type");
		f[i].required = json_is_true(json_object_get(v, "required"));
		f[i].max_length = json_is_integer(ml) ? (long)json_integer_value(ml) : -1;
		if (json_is_integer(ml) &&
		    (json_integer_value(ml) < 1 || json_integer_value(ml) > 10000))
			f[i].max_length = 0; /* reported as out of range */
		if (json_is_array(opts))
			f[i].options =
			    strings_of(r, opts, yw_arena_printf(&r->arena, "form[%zu].options", i),
			        &f[i].noptions, &bits);
		json_array_append_new(
		    *fdoc, json_pack("{s:s?, s:s?, s:s?, s:b, s:O, s:O}", "key", f[i].key, "label",
		               f[i].label, "type", f[i].type, "required", f[i].required,
		               "max_length", json_is_integer(ml) ? ml : json_null(), "options",
		               json_is_array(opts) ? opts : json_null()));
	}
	d->form = f;

	arr = json_object_get(b, "windows");
	d->nwindows = json_array_size(arr);
	yw_window_def *w = yw_arena_calloc(&r->arena, d->nwindows + 1, sizeof(*w));
	*wdoc = yw_req_own(r, json_array());
	json_array_foreach(arr, i, v)
	{
		w[i].name = yw_json_str(v, "name");
		w[i].address = yw_json_str(v, "address");
		w[i].phone = yw_json_str(v, "phone");
		w[i].hours = yw_json_str(v, "hours");
		json_array_append_new(
		    *wdoc, json_pack("{s:s?, s:s?, s:s?, s:s?}", "name", w[i].name, "address",
		               w[i].address, "phone", w[i].phone, "hours", w[i].hours));
	}
	d->windows = w;

	arr = json_object_get(b, "parallel_dept_ids");
	d->nparallel = json_array_size(arr);
	long long *ids = yw_arena_calloc(&r->arena, d->nparallel + 1, sizeof(*ids));
	json_array_foreach(arr, i, v)
	{
		if (yw_json_id(v, &ids[i]) != 0) {
			yw_field_error(
			    r, yw_arena_printf(&r->arena, "parallel_dept_ids[%zu]", i), "invalid");
			ids[i] = -1;
		}
	}
	d->parallel_dept_ids = ids;
	return bits;
}

static yw_err
put_item(yw_req *r)
{
	const char *code = yw_req_param(r, "code"), *body_code = yw_json_str(r->json, "code");
	yw_item_def d;
	json_t *mdoc, *fdoc, *wdoc;
	struct item_tx t;
	int bits;
	yw_err err;
	size_t len;

	if (!yw_item_code_valid(code))
		return yw_field_error(r, "code", "invalid");
	bits = yw_json_check(r, r->json, "", item_fields, NF(item_fields));
	bits |= check_elements(r, "materials", material_fields, NF(material_fields));
	bits |= check_elements(r, "form", form_fields, NF(form_fields));
	bits |= check_elements(r, "windows", window_fields, NF(window_fields));
	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	bits |= build_item(r, code, &d, &mdoc, &fdoc, &wdoc);
	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	if (body_code != NULL && strcmp(body_code, code) != 0)
		yw_field_error(r, "code", "mismatch");
	/* A guide put back without parallel_dept_ids would drop its parallel departments. */
	if (json_array_size(json_object_get(r->json, "parallel_depts")) > 0 &&
	    !json_is_array(json_object_get(r->json, "parallel_dept_ids")))
		yw_field_error(r, "parallel_dept_ids", "required");
	yw_itemdef_validate(&d, collect_problem, r);
	if ((err = check_references(r, &d)) != YW_OK)
		return err;
	if (yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.d = &d;
	t.materials = yw_json_dump(&r->arena, mdoc, &len);
	t.form = yw_json_dump(&r->arena, fdoc, &len);
	t.windows = yw_json_dump(&r->arena, wdoc, &len);
	err = yw_db_tx(r->db, item_tx, &t);
	if (err != YW_OK) {
		if (t.guide != NULL)
			json_decref(t.guide);
		return err;
	}
	yw_notice_bump(catalog_notice);
	yw_reply_header(r, "ETag", yw_arena_printf(&r->arena, "\"%lld\"", t.version));
	if (t.created)
		yw_reply_header(
		    r, "Location", yw_arena_printf(&r->arena, "/api/v1/items/%s", code));
	yw_reply(r, t.created ? 201 : 200, t.guide);
	return YW_OK;
}

/* --- staff ------------------------------------------------------------------------- */

static const yw_jfield staff_fields[] = {
	{ "username", YW_J_STRING, YW_J_REQUIRED, 3, 64 },
	{ "password", YW_J_STRING, YW_J_REQUIRED, 8, 128 },
	{ "name", YW_J_STRING, YW_J_REQUIRED, 1, 64 },
	{ "dept_id", YW_J_ANY, YW_J_NULLABLE, 0, 0 },
	{ "roles", YW_J_ARRAY, YW_J_REQUIRED, 1, 4 },
};

static int
username_valid(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		        *s == '.' || *s == '-'))
			return 0;
	return 1;
}

struct staff_tx {
	yw_req *r;
	const char *username, *hash, *name;
	long long dept_id;
	unsigned roles;
	long long id;
	const char *dept_name;
};

static yw_err
staff_tx(void *ctx)
{
	struct staff_tx *t = ctx;
	yw_req *r = t->r;
	yw_rows rows;
	char now[32];
	yw_err err;

	if (t->dept_id) {
		yw_arg d = YW_INT(t->dept_id);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_DEPT_GET, &d, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0)
			return yw_field_error(r, "dept_id", "not_found");
		t->dept_name = YW_CELL(&rows, 0, 1);
	}
	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg args[] = { yw_str(t->username), yw_str(t->hash), yw_str(t->name),
		t->dept_id ? YW_INT(t->dept_id) : YW_NULLARG,
		yw_str(yw_roles_set(&r->arena, t->roles)), yw_str(now) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_STAFF_INSERT, args, 6, NULL)) != YW_OK)
		return err;
	t->id = (long long)yw_db_insert_id(r->db);
	return YW_OK;
}

static yw_err
post_staff(yw_req *r)
{
	struct staff_tx t;
	json_t *roles, *v, *dept;
	char hash[160];
	size_t i;
	int bits = yw_json_check(r, r->json, "", staff_fields, NF(staff_fields));
	yw_err err;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	t.username = yw_json_str(r->json, "username");
	t.name = yw_json_str(r->json, "name");
	if (t.username != NULL && !username_valid(t.username))
		yw_field_error(r, "username", "invalid");
	roles = json_object_get(r->json, "roles");
	json_array_foreach(roles, i, v)
	{
		unsigned bit = json_is_string(v) ? yw_role_bit(json_string_value(v)) : 0;
		if (bit == 0 || (t.roles & bit)) {
			yw_field_error(r, yw_arena_printf(&r->arena, "roles[%zu]", i),
			    bit ? "duplicate" : "invalid");
			continue;
		}
		t.roles |= bit;
	}
	dept = json_object_get(r->json, "dept_id");
	if (dept != NULL && !json_is_null(dept) && yw_json_id(dept, &t.dept_id) != 0)
		yw_field_error(r, "dept_id", "invalid");
	/* Clerks and reviewers act for a department; supervisors and admins need none. */
	if ((t.roles & (YW_ROLE_CLERK | YW_ROLE_REVIEWER)) && t.dept_id == 0 &&
	    (dept == NULL || json_is_null(dept)))
		yw_field_error(r, "dept_id", "required");
	if (bits || yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	if (yw_password_hash(yw_json_str(r->json, "password"), hash, sizeof(hash)) != 0)
		return YW_E_INTERNAL;
	t.hash = hash;
	if ((err = yw_db_tx(r->db, staff_tx, &t)) != YW_OK)
		return err;
	yw_reply(r, 201,
	    json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", yw_arena_printf(&r->arena, "%lld", t.id),
	        "username", t.username, "name", t.name, "dept",
	        t.dept_id ? json_pack("{s:s, s:s}", "id",
	                        yw_arena_printf(&r->arena, "%lld", t.dept_id), "name", t.dept_name)
	                  : json_null(),
	        "roles", yw_roles_json(t.roles)));
	return YW_OK;
}

/* --- the working-day calendar (API.md section 9) ----------------------------------- */

static const char SQL_CAL_PUT[] =
    "INSERT INTO calendar_days (day, workday, updated_at) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE workday = VALUES(workday), updated_at = VALUES(updated_at)";
static const char SQL_CAL_BUMP[] =
    "UPDATE calendar_generation SET generation = generation + 1 WHERE id = 1";
static const char SQL_CAL_YEAR[] =
    "SELECT day, workday FROM calendar_days WHERE day BETWEEN ? AND ? ORDER BY day";

static const yw_jfield calendar_fields[] = {
	{ "days", YW_J_ARRAY, YW_J_REQUIRED, 1, 1000 },
};
static const yw_jfield calendar_day_fields[] = {
	{ "date", YW_J_STRING, YW_J_REQUIRED, 10, 10 },
	{ "workday", YW_J_BOOL, YW_J_REQUIRED, 0, 0 },
};

struct calendar_tx {
	yw_req *r;
	const json_t *days;
};

static yw_err
calendar_tx(void *ctx)
{
	struct calendar_tx *t = ctx;
	const char *now = yw_now_db(&t->r->arena);
	size_t i;
	json_t *d;
	yw_err err;

	json_array_foreach(t->days, i, d)
	{
		yw_arg args[] = { yw_str(yw_json_str(d, "date")),
			YW_INT(json_is_true(json_object_get(d, "workday"))), yw_str(now) };
		if ((err = yw_db_exec(t->r->db, &t->r->arena, SQL_CAL_PUT, args, 3, NULL)) != YW_OK)
			return err;
	}
	return yw_db_exec(t->r->db, &t->r->arena, SQL_CAL_BUMP, NULL, 0, NULL);
}

/* PUT /api/v1/admin/calendar {days: [{date, workday}]}: holidays and adjusted working
 * days (调休); other days follow the weekday rule. Statutory clocks already running keep
 * their due dates; new ones count with the new calendar. */
static yw_err
put_calendar(yw_req *r)
{
	struct calendar_tx t = { r, NULL };
	int bits = yw_json_check(r, r->json, "", calendar_fields, 1);
	size_t i;
	json_t *d;
	int64_t day;
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	t.days = json_object_get(r->json, "days");
	json_array_foreach(t.days, i, d)
	{
		const char *prefix = yw_arena_printf(&r->arena, "days[%zu].", i);
		if (!json_is_object(d)) {
			yw_field_error(
			    r, yw_arena_printf(&r->arena, "days[%zu]", i), "invalid_type");
			bits |= YW_JCHECK_TYPE;
			continue;
		}
		bits |= yw_json_check(r, d, prefix, calendar_day_fields, 2);
		if (json_is_string(json_object_get(d, "date")) &&
		    yw_parse_date(yw_json_str(d, "date"), &day) != 0) {
			yw_field_error(r, yw_arena_printf(&r->arena, "%sdate", prefix), "invalid");
			bits |= YW_JCHECK_VALUE;
		}
	}
	if (bits)
		return yw_json_check_err(bits);
	if ((err = yw_db_tx(r->db, calendar_tx, &t)) != YW_OK)
		return err;
	yw_calendar_changed();
	yw_reply(r, 200, json_pack("{s:I}", "updated", (json_int_t)json_array_size(t.days)));
	return YW_OK;
}

/* GET /api/v1/admin/calendar?year=YYYY: the days that differ from the weekday rule. */
static yw_err
get_calendar(yw_req *r)
{
	const char *year = yw_req_query(r, "year");
	yw_rows rows;
	json_t *data;
	yw_err err;

	if (year == NULL || strlen(year) != 4 || year[0] < '1' || year[0] > '9' ||
	    strspn(year, "0123456789") != 4) {
		yw_field_error(r, "year", year == NULL ? "required" : "invalid");
		return YW_E_BAD_REQUEST;
	}
	yw_arg args[] = { yw_str(yw_arena_printf(&r->arena, "%s-01-01", year)),
		yw_str(yw_arena_printf(&r->arena, "%s-12-31", year)) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CAL_YEAR, args, 2, &rows)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows; i++)
		json_array_append_new(data, json_pack("{s:s, s:b}", "date", YW_CELL(&rows, i, 0),
		                                "workday", atoi(YW_CELL(&rows, i, 1)) != 0));
	yw_reply(r, 200, json_pack("{s:o}", "data", data));
	return YW_OK;
}

/* --- the outbox (API.md section 9; its delivery is pushd's) ------------------------- */

static const char SQL_OUTBOX_COUNTS[] =
    "SELECT channel, state, COUNT(*) FROM outbox GROUP BY channel, state ORDER BY channel, state";
static const char SQL_OUTBOX_OLDEST[] =
    "SELECT channel, MIN(created_at) FROM outbox WHERE state IN ('pending', 'sending') "
    "GROUP BY channel";
static const char SQL_OUTBOX_REQUEUE[] =
    "UPDATE outbox SET state = 'pending', attempts = 0, next_at = ?, done_at = NULL, "
    "last_error = NULL WHERE state = 'dead' AND (? IS NULL OR channel = ?) "
    "AND (? IS NULL OR done_at >= ?)";

static const char *const CHANNELS[] = { "wechat", "app", "sms", "upstream" };
static const char *const STATES[] = { "pending", "sending", "sent", "dead", "skipped" };

/* GET /api/v1/admin/outbox: rows per channel and state, and the age of the oldest row not
 * yet delivered, per channel. */
static yw_err
get_outbox(yw_req *r)
{
	yw_rows counts, oldest;
	json_t *channels = json_object();
	int64_t now = yw_now_us();
	yw_err err;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_OUTBOX_COUNTS, NULL, 0, &counts)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_OUTBOX_OLDEST, NULL, 0, &oldest)) != YW_OK) {
		json_decref(channels);
		return err;
	}
	for (size_t c = 0; c < sizeof(CHANNELS) / sizeof(CHANNELS[0]); c++) {
		json_t *ch = json_object(), *st = json_object();
		for (size_t k = 0; k < sizeof(STATES) / sizeof(STATES[0]); k++)
			json_object_set_new(st, STATES[k], json_integer(0));
		json_object_set_new(ch, "states", st);
		json_object_set_new(ch, "oldest_pending_seconds", json_null());
		json_object_set_new(channels, CHANNELS[c], ch);
	}
	for (size_t i = 0; i < counts.nrows; i++) {
		json_t *ch = json_object_get(channels, YW_CELL(&counts, i, 0));
		if (ch != NULL)
			json_object_set_new(json_object_get(ch, "states"), YW_CELL(&counts, i, 1),
			    json_integer(atoll(YW_CELL(&counts, i, 2))));
	}
	for (size_t i = 0; i < oldest.nrows; i++) {
		json_t *ch = json_object_get(channels, YW_CELL(&oldest, i, 0));
		int64_t at;
		if (ch != NULL && YW_CELL(&oldest, i, 1) != NULL &&
		    yw_time_parse_db(YW_CELL(&oldest, i, 1), &at) == 0)
			json_object_set_new(ch, "oldest_pending_seconds",
			    json_integer(now > at ? (now - at) / 1000000 : 0));
	}
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, json_pack("{s:o}", "channels", channels));
	return YW_OK;
}

static const yw_jfield requeue_fields[] = {
	{ "channel", YW_J_STRING, 0, 1, 16 },
	{ "since", YW_J_STRING, 0, 1, 40 },
};

/* POST /api/v1/admin/outbox/requeue {channel?, since?}: dead letters (of a channel, dead
 * since a time) are pending again, with their attempts reset: after an outage is over. */
static yw_err
post_outbox_requeue(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", requeue_fields, 2);
	const char *channel, *since_s, *since = NULL;
	int64_t since_us;
	int ok = 0;
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	channel = yw_json_str(r->json, "channel");
	since_s = yw_json_str(r->json, "since");
	for (size_t c = 0; channel != NULL && c < sizeof(CHANNELS) / sizeof(CHANNELS[0]); c++)
		ok |= strcmp(channel, CHANNELS[c]) == 0;
	if (channel != NULL && !ok)
		yw_field_error(r, "channel", "invalid");
	if (since_s != NULL) {
		char buf[40];
		if (yw_time_parse_rfc3339(since_s, &since_us) != 0) {
			yw_field_error(r, "since", "invalid");
		} else {
			yw_time_format_db(since_us, buf, sizeof(buf));
			since = yw_arena_strdup(&r->arena, buf);
		}
	}
	if (yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	yw_arg args[] = { yw_str(yw_now_db(&r->arena)), yw_str(channel), yw_str(channel),
		yw_str(since), yw_str(since) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_OUTBOX_REQUEUE, args, 5, NULL)) != YW_OK)
		return err;
	yw_log_info("requeued %llu dead outbox row(s)", yw_db_affected(r->db));
	yw_reply(r, 200, json_pack("{s:I}", "requeued", (json_int_t)yw_db_affected(r->db)));
	return YW_OK;
}

static const yw_route routes[] = {
	{ "GET", "/api/v1/admin/outbox", get_outbox, YW_AUTH_STAFF, YW_ROLE_ADMIN, 0 },
	{ "POST", "/api/v1/admin/outbox/requeue", post_outbox_requeue, YW_AUTH_STAFF, YW_ROLE_ADMIN,
	    YW_ROUTE_JSON_OPTIONAL },
	{ "PUT", "/api/v1/admin/calendar", put_calendar, YW_AUTH_STAFF, YW_ROLE_ADMIN,
	    YW_ROUTE_JSON },
	{ "GET", "/api/v1/admin/calendar", get_calendar, YW_AUTH_STAFF, YW_ROLE_ADMIN, 0 },
	{ "POST", "/api/v1/admin/departments", post_department, YW_AUTH_STAFF, YW_ROLE_ADMIN,
	    YW_ROUTE_JSON },
	{ "PUT", "/api/v1/admin/items/{code}", put_item, YW_AUTH_STAFF, YW_ROLE_ADMIN,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/admin/staff", post_staff, YW_AUTH_STAFF, YW_ROLE_ADMIN, YW_ROUTE_JSON },
};

static const yw_app app = {
	"admin",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	bootstrap_admin,
	worker_init,
	NULL,
	0,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
