/*
 * itemguide.h: a service item's guide (辦事指南) as the API shows it (API.md section 2),
 * read from the database in two queries: the item with its department, then its parallel
 * departments. Shared by the catalog (GET) and admin (the answer to PUT) apps.
 */
#ifndef YW_ITEMGUIDE_H
#define YW_ITEMGUIDE_H

#include <jansson.h>

#include "db.h"

/* YW_E_NOT_FOUND for an unknown code. *version is the item's version (its ETag). */
yw_err yw_itemguide_load(
    yw_db *db, yw_arena *a, const char *code, json_t **out, long long *version);

/* A DATETIME cell (UTC) as RFC 3339 +08:00 in the arena; "" when unparsable. */
const char *yw_db_time_rfc3339(yw_arena *a, const char *cell);

#endif
