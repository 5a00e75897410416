/*
 * results.c: 结果公示 (API.md section 8): decisions (completed, denied, rejected) as the public
 * may see them, newest first, by item, by department or by both, with keyset cursors. The
 * applicant is a company by its registered name (the form's `company_name`) or a person by the
 * one masked name (张*); never an ID number or a phone. Cacheable: ETag over the body, a short
 * max-age.
 */
#include <stdlib.h>
#include <string.h>

#include "../domain/status.h"
#include "../lib/appview.h"
#include "../lib/clock.h"
#include "../lib/crypto.h"
#include "../lib/json.h"
#include "../lib/paging.h"
#include "public.h"

#define RESULT_SELECT                                                                            \
	"SELECT a.id, a.number, a.item_code, i.name, a.dept_id, d.name, a.status, a.public_at, " \
	"a.result, c.name_masked, a.company_name FROM applications a "
#define RESULT_JOINS                            \
	"JOIN items i ON i.code = a.item_code " \
	"JOIN departments d ON d.id = a.dept_id JOIN citizens c ON c.id = a.citizen_id "
#define RESULT_COLUMNS RESULT_SELECT RESULT_JOINS

static const char SQL_RESULTS[] = RESULT_COLUMNS
    "WHERE a.public_at IS NOT NULL AND (a.public_at < ? OR (a.public_at = ? AND a.id < ?)) "
    "ORDER BY a.public_at DESC, a.id DESC LIMIT ?";
static const char SQL_RESULTS_ITEM[] =
    RESULT_COLUMNS "WHERE a.item_code = ? AND a.public_at IS NOT NULL AND "
                   "(a.public_at < ? OR (a.public_at = ? AND a.id < ?)) "
                   "ORDER BY a.public_at DESC, a.id DESC LIMIT ?";
static const char SQL_RESULTS_DEPT[] =
    RESULT_COLUMNS "WHERE a.dept_id = ? AND a.public_at IS NOT NULL AND "
                   "(a.public_at < ? OR (a.public_at = ? AND a.id < ?)) "
                   "ORDER BY a.public_at DESC, a.id DESC LIMIT ?";
/* Both filters: the item's range of (item_code, public_at, id), in the order of the page, the
 * department checked on each row (an item's applications are nearly all its department's). */
static const char SQL_RESULTS_ITEM_DEPT[] =
    RESULT_SELECT "FORCE INDEX (ix_applications_public_item) " RESULT_JOINS
                  "WHERE a.item_code = ? AND a.dept_id = ? AND a.public_at IS NOT NULL AND "
                  "(a.public_at < ? OR (a.public_at = ? AND a.id < ?)) "
                  "ORDER BY a.public_at DESC, a.id DESC LIMIT ?";

yw_err
get_results(yw_req *r)
{
	const char *item = yw_req_query(r, "item"), *dept_s = yw_req_query(r, "dept");
	const char *next = NULL, *sql = SQL_RESULTS;
	char before_at[40] = "9999-12-31 23:59:59.999999";
	long long before_id = (long long)9e18, dept = 0;
	yw_page page;
	yw_rows rows;
	yw_arg args[7];
	size_t nargs = 0;
	json_t *data, *body;
	yw_err err = yw_page_parse(r, 'r', &page);

	if (item != NULL && *item == '\0')
		item = NULL;
	if (dept_s != NULL && *dept_s != '\0') {
		char *end;
		dept = strtoll(dept_s, &end, 10);
		if (*end != '\0' || dept <= 0 || strlen(dept_s) > 18) {
			yw_field_error(r, "dept", "invalid");
			err = YW_E_BAD_REQUEST;
		}
	}
	if (item != NULL && strlen(item) > 64) {
		yw_field_error(r, "item", "invalid");
		err = YW_E_BAD_REQUEST;
	}
	if (page.after != NULL) {
		/* "<public_at µs>:<id>" */
		char *end;
		long long us = strtoll(page.after, &end, 10);
		if (*end != ':' || us <= 0 || (before_id = strtoll(end + 1, &end, 10)) <= 0 ||
		    *end != '\0') {
			yw_field_error(r, "cursor", "invalid");
			err = YW_E_BAD_REQUEST;
		} else {
			yw_time_format_db(us, before_at, sizeof(before_at));
		}
	}
	if (err != YW_OK)
		return err;
	if (item != NULL && dept > 0) {
		sql = SQL_RESULTS_ITEM_DEPT;
		args[nargs++] = yw_str(item);
		args[nargs++] = YW_INT(dept);
	} else if (item != NULL) {
		sql = SQL_RESULTS_ITEM;
		args[nargs++] = yw_str(item);
	} else if (dept > 0) {
		sql = SQL_RESULTS_DEPT;
		args[nargs++] = YW_INT(dept);
	}
	args[nargs++] = yw_str(before_at);
	args[nargs++] = yw_str(before_at);
	args[nargs++] = YW_INT(before_id);
	args[nargs++] = YW_INT(page.limit + 1);
	if ((err = yw_db_exec(r->db, &r->arena, sql, args, nargs, &rows)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++) {
		yw_status st;
		json_t *result = yw_json_doc(YW_CELL(&rows, i, 8)), *e;
		const char *company = YW_CELL(&rows, i, 10);
		yw_status_parse(YW_CELL(&rows, i, 6), &st);
		e = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s, s:o}", "id",
		    YW_CELL(&rows, i, 0), "number",
		    YW_CELL(&rows, i, 1) ? YW_CELL(&rows, i, 1) : "", "item", "code",
		    YW_CELL(&rows, i, 2), "name", YW_CELL(&rows, i, 3), "dept", "id",
		    YW_CELL(&rows, i, 4), "name", YW_CELL(&rows, i, 5), "status",
		    yw_status_name(st), "status_label", yw_status_label(st, r->en), "decided_at",
		    yw_json_time(&r->arena, YW_CELL(&rows, i, 7)));
		/* A company by its registered name; a person only by the masked name. */
		if (company != NULL && *company != '\0')
			json_object_set_new(e, "applicant",
			    json_pack("{s:s, s:s}", "kind", "company", "name", company));
		else
			json_object_set_new(e, "applicant",
			    json_pack(
			        "{s:s, s:s?}", "kind", "person", "name", YW_CELL(&rows, i, 9)));
		json_object_set_new(e, "license_no",
		    st == YW_ST_COMPLETED && json_is_string(json_object_get(result, "license_no"))
		        ? json_incref(json_object_get(result, "license_no"))
		        : json_null());
		json_decref(result);
		json_array_append_new(data, e);
	}
	if (rows.nrows > (size_t)page.limit) {
		int64_t at = 0;
		yw_time_parse_db(YW_CELL(&rows, page.limit - 1, 7), &at);
		next = yw_page_cursor(r, 'r',
		    yw_arena_printf(
		        &r->arena, "%lld:%s", (long long)at, YW_CELL(&rows, page.limit - 1, 0)));
	}
	body = yw_page_body(data, next);
	{
		/* The ETag is the body's hash: a page that did not change is a 304. */
		size_t len;
		const char *bytes = yw_json_dump(&r->arena, body, &len);
		unsigned char h[32];
		char hex[65];
		yw_sha256(bytes, len, h);
		yw_hex(h, 16, hex);
		yw_reply_cacheable(
		    r, body, yw_arena_printf(&r->arena, "\"%.32s\"", hex), "public, max-age=60");
	}
	return YW_OK;
}
