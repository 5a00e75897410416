/*
 * wechat.h: the WeChat API access token (cgi-bin/stable_token), shared by every worker and
 * host through the database.
 *
 * The token lives in one row. A caller uses it while it has more than five minutes to
 * live; otherwise the caller takes the row's lock and fetches a new one, while every other
 * caller waits on the lock and then reads what the owner stored. So WeChat sees one fetch
 * per expiry, never one per worker. A token WeChat refused (40001, 42001) is passed back as
 * `stale`: it is replaced only if it is still the stored one (another caller may already
 * have replaced it).
 */
#ifndef YW_WECHAT_H
#define YW_WECHAT_H

#include "config.h"
#include "db.h"

/* *token is in the arena. YW_E_UPSTREAM_UNAVAILABLE when WeChat cannot give one. */
yw_err yw_wechat_access_token(
    yw_db *db, yw_arena *a, const yw_config *cfg, const char *stale, const char **token);

#endif
