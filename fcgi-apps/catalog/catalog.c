/*
 * catalog.c: the service catalogue (API.md section 2): regions, departments, items and
 * their guides. Public, read-only, and connected as a database user that can only SELECT.
 *
 * Each worker keeps the bodies it served (and their ETags) in a small cache, valid while
 * the catalogue's generation (bumped by every admin change, in the same transaction) is
 * unchanged; the generation is read at most every 500 ms, so an admin change shows within
 * a second while a hot item costs no query at all. `catalog.cache = 0` turns the cache off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/itemdef.h"
#include "../domain/utf8.h"
#include "../lib/app.h"
#include "../lib/clock.h"
#include "../lib/itemguide.h"
#include "../lib/json.h"
#include "../lib/notice.h"
#include "../lib/paging.h"
#include "../lib/request.h"

static const char SQL_GENERATION[] = "SELECT generation FROM catalog_generation WHERE id = 1";

static const char SQL_REGIONS[] =
    "SELECT code, name, level, parent_code FROM regions ORDER BY sort, code";

static const char SQL_DEPARTMENTS[] =
    "SELECT id, name, region_code FROM departments "
    "WHERE (? IS NULL OR region_code = ?) AND id > ? ORDER BY id LIMIT ?";

static const char SQL_ITEMS[] =
    "SELECT i.code, i.name, i.dept_id, d.name, i.depth, i.promised_days, i.visits_required "
    "FROM items i JOIN departments d ON d.id = i.dept_id "
    "WHERE (? IS NULL OR i.name LIKE ? OR i.code LIKE ?) "
    "AND (? IS NULL OR i.dept_id = ?) AND (? IS NULL OR i.region_code = ?) "
    "AND (? IS NULL OR i.depth = ?) AND i.code > ? "
    "ORDER BY i.code LIMIT ?";

static const char CACHE_CONTROL[] = "public, max-age=60";

/* --- the worker's cache ------------------------------------------------------------ */

/*
 * Open addressing with linear probing over a power-of-two table: a key lives in the first
 * of PROBES slots after its hash that holds it or is free. When all are taken, the entry
 * at the home slot is replaced. The catalogue is small (hundreds of items, a few lists),
 * so collisions are rare and eviction rarer.
 */
#define CACHE_SLOTS 4096
#define PROBES 8

struct entry {
	char *key;
	char *body;
	size_t len;
	uint64_t hash;
	char etag[48];
};

static struct entry cache[CACHE_SLOTS];
static int cache_on = 1;
static long long cache_generation = -1;
static int64_t generation_checked_us;
static yw_notice *change_notice;
static uint64_t notice_seen;

static void
cache_clear(void)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		free(cache[i].key);
		free(cache[i].body);
		cache[i].key = cache[i].body = NULL;
	}
}

static uint64_t
hash_of(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

/* The slot holding key, or NULL. */
static struct entry *
cache_find(const char *key, uint64_t h)
{
	for (size_t i = 0; i < PROBES; i++) {
		struct entry *e = &cache[(h + i) & (CACHE_SLOTS - 1)];
		if (e->key == NULL)
			return NULL;
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

/* Checks the generation when the last check is older than 500 ms. */
static yw_err
cache_validate(yw_req *r)
{
	int64_t now = yw_mono_us();
	yw_rows rows;
	yw_err err;
	long long gen;

	uint64_t notice = yw_notice_read(change_notice);

	/* An admin change on this host is noticed at once; on another, within 500 ms. */
	if (!cache_on || (now - generation_checked_us < 500000 && notice == notice_seen))
		return YW_OK;
	notice_seen = notice;
	if ((err = yw_db_exec(r->db, &r->arena, SQL_GENERATION, NULL, 0, &rows)) != YW_OK)
		return err;
	gen = rows.nrows ? atoll(YW_CELL(&rows, 0, 0)) : 0;
	if (gen != cache_generation) {
		cache_clear();
		cache_generation = gen;
	}
	generation_checked_us = now;
	return YW_OK;
}

static const char *
cache_key(yw_req *r)
{
	size_t pl = strlen(r->path), ql = strlen(r->query);
	char *k = yw_arena_alloc(&r->arena, pl + ql + 2);

	memcpy(k, r->path, pl);
	k[pl] = '?';
	memcpy(k + pl + 1, r->query, ql + 1);
	return k;
}

/* Serves from the cache when possible; 1 when served. */
static int
cache_serve(yw_req *r, const char *key)
{
	struct entry *e;

	if (!cache_on || (e = cache_find(key, hash_of(key))) == NULL)
		return 0;
	/* The entry lives until the next cache_validate(), after this response. */
	yw_reply_cacheable_raw(r, e->body, e->len, e->etag, CACHE_CONTROL);
	return 1;
}

static void
cache_store(const char *key, const char *body, size_t len, const char *etag)
{
	uint64_t h = hash_of(key);
	struct entry *e = NULL;
	char *k, *b;

	if (!cache_on)
		return;
	for (size_t i = 0; i < PROBES && e == NULL; i++) {
		struct entry *c = &cache[(h + i) & (CACHE_SLOTS - 1)];
		if (c->key == NULL || (c->hash == h && strcmp(c->key, key) == 0))
			e = c;
	}
	if (e == NULL)
		e = &cache[h & (CACHE_SLOTS - 1)];
	k = strdup(key);
	b = malloc(len + 1);
	if (k == NULL || b == NULL) {
		free(k);
		free(b);
		return;
	}
	memcpy(b, body, len);
	b[len] = '\0';
	free(e->key);
	free(e->body);
	e->key = k;
	e->body = b;
	e->len = len;
	e->hash = h;
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
}

/* Sends body (steals it) with etag, or a content hash when etag is NULL, and caches it. */
static yw_err
send_cacheable(yw_req *r, const char *key, json_t *body, const char *etag)
{
	size_t len;
	char *bytes = yw_json_dump(&r->arena, body, &len);
	char tag[48];

	json_decref(body);
	if (bytes == NULL)
		return YW_E_INTERNAL;
	if (etag == NULL) {
		uint64_t h = 1469598103934665603ULL;
		for (size_t i = 0; i < len; i++)
			h = (h ^ (unsigned char)bytes[i]) * 1099511628211ULL;
		snprintf(tag, sizeof(tag), "\"h%016llx\"", (unsigned long long)h);
		etag = tag;
	}
	cache_store(key, bytes, len, etag);
	yw_reply_cacheable_raw(r, bytes, len, etag, CACHE_CONTROL);
	return YW_OK;
}

/* --- handlers ---------------------------------------------------------------------- */

static yw_err
get_regions(yw_req *r)
{
	const char *key = cache_key(r);
	yw_rows rows;
	yw_err err;
	json_t *nodes, *roots;

	if ((err = cache_validate(r)) != YW_OK)
		return err;
	if (cache_serve(r, key))
		return YW_OK;
	if ((err = yw_db_exec(r->db, &r->arena, SQL_REGIONS, NULL, 0, &rows)) != YW_OK)
		return err;
	roots = json_array();
	/* Index nodes by code, then attach each to its parent (any depth). */
	nodes = json_object();
	for (size_t i = 0; i < rows.nrows; i++)
		json_object_set_new(nodes, YW_CELL(&rows, i, 0),
		    json_pack("{s:s, s:s, s:s, s:[]}", "code", YW_CELL(&rows, i, 0), "name",
		        YW_CELL(&rows, i, 1), "level", YW_CELL(&rows, i, 2), "children"));
	for (size_t i = 0; i < rows.nrows; i++) {
		json_t *n = json_object_get(nodes, YW_CELL(&rows, i, 0));
		json_t *parent =
		    YW_CELL(&rows, i, 3) ? json_object_get(nodes, YW_CELL(&rows, i, 3)) : NULL;
		if (parent != NULL)
			json_array_append(json_object_get(parent, "children"), n);
		else
			json_array_append(roots, n);
	}
	json_decref(nodes);
	return send_cacheable(r, key, json_pack("{s:o}", "data", roots), NULL);
}

static int
region_param(yw_req *r, const char **out)
{
	const char *v = yw_req_query(r, "region");

	*out = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	if (!yw_region_code_valid(v)) {
		yw_field_error(r, "region", "invalid");
		return -1;
	}
	*out = v;
	return 0;
}

static yw_err
get_departments(yw_req *r)
{
	const char *key = cache_key(r), *region, *next = NULL;
	yw_page page;
	yw_rows rows;
	yw_err err, perr;
	long long after = 0;
	json_t *data;

	perr = yw_page_parse(r, 'd', &page);
	if (region_param(r, &region) != 0)
		perr = YW_E_BAD_REQUEST;
	if (page.after != NULL && yw_parse_id(page.after, &after) != 0) {
		yw_field_error(r, "cursor", "invalid");
		perr = YW_E_BAD_REQUEST;
	}
	if (perr != YW_OK)
		return perr;
	if ((err = cache_validate(r)) != YW_OK)
		return err;
	if (cache_serve(r, key))
		return YW_OK;
	yw_arg args[] = { yw_str(region), yw_str(region), YW_INT(after), YW_INT(page.limit + 1) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DEPARTMENTS, args, 4, &rows)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++)
		json_array_append_new(
		    data, json_pack("{s:s, s:s, s:s}", "id", YW_CELL(&rows, i, 0), "name",
		              YW_CELL(&rows, i, 1), "region_code", YW_CELL(&rows, i, 2)));
	if (rows.nrows > (size_t)page.limit)
		next = yw_page_cursor(r, 'd', YW_CELL(&rows, page.limit - 1, 0));
	return send_cacheable(r, key, yw_page_body(data, next), NULL);
}

/* "%...%" with LIKE's metacharacters escaped, so a search for "%" finds a literal "%". */
static const char *
like_pattern(yw_req *r, const char *q)
{
	size_t n = strlen(q), j = 0;
	char *p = yw_arena_alloc(&r->arena, 2 * n + 3);

	p[j++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[j++] = '\\';
		p[j++] = q[i];
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

static yw_err
get_items(yw_req *r)
{
	const char *key = cache_key(r), *q = yw_req_query(r, "q"), *dept = yw_req_query(r, "dept");
	const char *depth = yw_req_query(r, "depth"), *region, *like = NULL, *next = NULL;
	yw_page page;
	yw_rows rows;
	yw_err err, perr;
	long long dept_id = 0;
	int depth_v = 0;
	json_t *data;

	perr = yw_page_parse(r, 'i', &page);
	if (region_param(r, &region) != 0)
		perr = YW_E_BAD_REQUEST;
	if (q != NULL && *q != '\0') {
		if (yw_utf8_chars(q, strlen(q)) > 50) {
			yw_field_error(r, "q", "too_long");
			perr = YW_E_BAD_REQUEST;
		}
		like = like_pattern(r, q);
	}
	if (dept != NULL && *dept != '\0' && yw_parse_id(dept, &dept_id) != 0) {
		yw_field_error(r, "dept", "invalid");
		perr = YW_E_BAD_REQUEST;
	}
	if (depth != NULL && *depth != '\0') {
		if (strlen(depth) != 1 || depth[0] < '1' || depth[0] > '3') {
			yw_field_error(r, "depth", "invalid");
			perr = YW_E_BAD_REQUEST;
		} else {
			depth_v = depth[0] - '0';
		}
	}
	if (page.after != NULL && !yw_item_code_valid(page.after)) {
		yw_field_error(r, "cursor", "invalid");
		perr = YW_E_BAD_REQUEST;
	}
	if (perr != YW_OK)
		return perr;
	if ((err = cache_validate(r)) != YW_OK)
		return err;
	if (cache_serve(r, key))
		return YW_OK;
	yw_arg dept_arg = dept_id ? YW_INT(dept_id) : YW_NULLARG;
	yw_arg depth_arg = depth_v ? YW_INT(depth_v) : YW_NULLARG;
	yw_arg args[] = { yw_str(like), yw_str(like), yw_str(like), dept_arg, dept_arg,
		yw_str(region), yw_str(region), depth_arg, depth_arg,
		yw_str(page.after ? page.after : ""), YW_INT(page.limit + 1) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_ITEMS, args, 11, &rows)) != YW_OK)
		return err;
	data = json_array();
	for (size_t i = 0; i < rows.nrows && i < (size_t)page.limit; i++)
		json_array_append_new(
		    data, json_pack("{s:s, s:s, s:{s:s, s:s}, s:I, s:I, s:I}", "code",
		              YW_CELL(&rows, i, 0), "name", YW_CELL(&rows, i, 1), "dept", "id",
		              YW_CELL(&rows, i, 2), "name", YW_CELL(&rows, i, 3), "depth",
		              (json_int_t)atoll(YW_CELL(&rows, i, 4)), "promised_days",
		              (json_int_t)atoll(YW_CELL(&rows, i, 5)), "visits_required",
		              (json_int_t)atoll(YW_CELL(&rows, i, 6))));
	if (rows.nrows > (size_t)page.limit)
		next = yw_page_cursor(r, 'i', YW_CELL(&rows, page.limit - 1, 0));
	return send_cacheable(r, key, yw_page_body(data, next), NULL);
}

static yw_err
get_item(yw_req *r)
{
	const char *code = yw_req_param(r, "code"), *key;
	json_t *guide;
	long long version;
	yw_err err;

	if (!yw_item_code_valid(code))
		return YW_E_NOT_FOUND;
	/* Keyed on the code alone: a query string must not make new cache entries. */
	key = yw_arena_printf(&r->arena, "item:%s", code);
	if ((err = cache_validate(r)) != YW_OK)
		return err;
	if (cache_serve(r, key))
		return YW_OK;
	if ((err = yw_itemguide_load(r->db, &r->arena, code, &guide, &version)) != YW_OK)
		return err;
	return send_cacheable(r, key, guide, yw_arena_printf(&r->arena, "\"%lld\"", version));
}

static int
worker_init(const yw_config *cfg)
{
	cache_on = yw_config_long(cfg, "cache", 1, 0, 1, NULL) == 1;
	change_notice = yw_notice_open(yw_config_str(cfg, "metrics_dir", NULL), "catalog");
	return 0;
}

static const yw_route routes[] = {
	{ "GET", "/api/v1/regions", get_regions, YW_AUTH_NONE, 0, 0 },
	{ "GET", "/api/v1/departments", get_departments, YW_AUTH_NONE, 0, 0 },
	{ "GET", "/api/v1/items", get_items, YW_AUTH_NONE, 0, 0 },
	{ "GET", "/api/v1/items/{code}", get_item, YW_AUTH_NONE, 0, 0 },
};

static const yw_app app = {
	"catalog",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	NULL,
	worker_init,
	NULL,
	0,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
