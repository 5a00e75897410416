/*
 * paging.h: keyset pagination for lists (?limit=&cursor=).
 *
 * limit defaults to 20 (also when empty, limit=) and must be 1..100. A cursor is opaque to clients: base64url of
 * the last key of the previous page, prefixed by a letter naming the list so that a cursor
 * of one list is refused by another. Bad values are 400 bad_request with the field named.
 */
#ifndef YW_PAGING_H
#define YW_PAGING_H

#include <jansson.h>

#include "request.h"

typedef struct {
	long limit;
	const char *after; /* the decoded key after which the page starts, or NULL */
} yw_page;

yw_err yw_page_parse(yw_req *r, char kind, yw_page *p);
/* The cursor for a page that ended at key, in the arena. */
const char *yw_page_cursor(yw_req *r, char kind, const char *key);
/* {"data": data, "next_cursor": cursor|null} (steals data). */
json_t *yw_page_body(json_t *data, const char *next_cursor);

#endif
