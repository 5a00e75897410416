/*
 * itemguide.c: reading and shaping an item's guide (see itemguide.h).
 */
#include "itemguide.h"

#include <stdlib.h>
#include <string.h>

#include "../domain/itemdef.h"
#include "clock.h"
#include "log.h"

static const char SQL_ITEM[] =
    "SELECT i.code, i.name, i.kind, i.dept_id, d.name, i.region_code, i.depth, i.legal_days, "
    "i.promised_days, i.visits_required, i.fee, i.legal_basis, i.conditions, i.materials, "
    "i.form, i.windows, i.version, i.updated_at "
    "FROM items i JOIN departments d ON d.id = i.dept_id WHERE i.code = ?";

static const char SQL_PARALLEL[] =
    "SELECT d.id, d.name FROM item_parallel_depts p JOIN departments d ON d.id = p.dept_id "
    "WHERE p.item_code = ? ORDER BY d.id";

const char *
yw_db_time_rfc3339(yw_arena *a, const char *cell)
{
	int64_t us;
	char buf[40];

	if (cell == NULL || yw_time_parse_db(cell, &us) != 0)
		return "";
	yw_time_format_rfc3339(us, buf, sizeof(buf));
	return yw_arena_strdup(a, buf);
}

static json_t *
load_doc(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text ? text : "[]", 0, &je);

	if (j == NULL) {
		yw_log_error("stored item document is not JSON: %s", je.text);
		return json_array();
	}
	return j;
}

yw_err
yw_itemguide_load(yw_db *db, yw_arena *a, const char *code, json_t **out, long long *version)
{
	yw_rows it, par;
	yw_err err;
	yw_arg arg = yw_str(code);
	json_t *o, *pd;
	int depth;

	if ((err = yw_db_exec(db, a, SQL_ITEM, &arg, 1, &it)) != YW_OK)
		return err;
	if (it.nrows == 0)
		return YW_E_NOT_FOUND;
	if ((err = yw_db_exec(db, a, SQL_PARALLEL, &arg, 1, &par)) != YW_OK)
		return err;
	depth = atoi(YW_CELL(&it, 0, 6));
	pd = json_array();
	for (size_t r = 0; r < par.nrows; r++)
		json_array_append_new(pd, json_pack("{s:s, s:s}", "id", YW_CELL(&par, r, 0), "name",
		                              YW_CELL(&par, r, 1)));
	o = json_object();
	json_object_set_new(o, "code", json_string(YW_CELL(&it, 0, 0)));
	json_object_set_new(o, "name", json_string(YW_CELL(&it, 0, 1)));
	json_object_set_new(o, "kind", json_string(YW_CELL(&it, 0, 2)));
	json_object_set_new(o, "dept",
	    json_pack("{s:s, s:s}", "id", YW_CELL(&it, 0, 3), "name", YW_CELL(&it, 0, 4)));
	json_object_set_new(o, "region_code", json_string(YW_CELL(&it, 0, 5)));
	json_object_set_new(o, "depth", json_integer(depth));
	json_object_set_new(o, "depth_label", json_string(yw_depth_label(depth)));
	json_object_set_new(o, "legal_days", json_integer(atoll(YW_CELL(&it, 0, 7))));
	json_object_set_new(o, "promised_days", json_integer(atoll(YW_CELL(&it, 0, 8))));
	json_object_set_new(o, "visits_required", json_integer(atoll(YW_CELL(&it, 0, 9))));
	json_object_set_new(o, "fee", json_string(YW_CELL(&it, 0, 10)));
	json_object_set_new(o, "legal_basis", json_string(YW_CELL(&it, 0, 11)));
	json_object_set_new(o, "conditions", json_string(YW_CELL(&it, 0, 12)));
	json_object_set_new(o, "materials", load_doc(YW_CELL(&it, 0, 13)));
	json_object_set_new(o, "form", load_doc(YW_CELL(&it, 0, 14)));
	json_object_set_new(o, "parallel_depts", pd);
	json_object_set_new(o, "windows", load_doc(YW_CELL(&it, 0, 15)));
	json_object_set_new(o, "version", json_integer(atoll(YW_CELL(&it, 0, 16))));
	json_object_set_new(
	    o, "updated_at", json_string(yw_db_time_rfc3339(a, YW_CELL(&it, 0, 17))));
	*version = atoll(YW_CELL(&it, 0, 16));
	*out = o;
	return YW_OK;
}
