/*
 * audit.h: the audit trail (法制监督): append-only, hash-chained.
 *
 * Entry n's hash is SHA-256 over a canonical serialisation of the entry and entry n-1's
 * hash (entry 1 follows 64 zeros):
 *
 *   "yiwang-audit-v1\n" then, for each of seq, at, actor, action, application_id, detail,
 *   prev_hash in this order: <decimal byte length> ":" <bytes> "\n"
 *
 * where seq and application_id are decimal ("" for no application), at is the DATETIME(6)
 * text as the database returns it ("YYYY-MM-DD HH:MM:SS.ffffff", UTC), actor and detail are
 * the stored JSON texts byte for byte, and hashes are lowercase hex. The length prefixes
 * make the serialisation unambiguous whatever the fields contain.
 *
 * Appends are ordered by a row lock on audit_head (one row: the last seq and hash), taken
 * last in the caller's transaction so that it is held briefly. The apps' database users
 * may INSERT and SELECT audit_log, never UPDATE or DELETE it.
 */
#ifndef YW_AUDIT_H
#define YW_AUDIT_H

#include <jansson.h>

#include "db.h"

/* Computes an entry's hash (65 bytes: hex + NUL) from its fields as described above. */
void yw_audit_hash(const char *seq, const char *at, const char *actor, const char *action,
    const char *application_id, const char *detail, const char *prev_hash, char out[65]);

/*
 * In the caller's transaction: appends one entry. at is a DATETIME(6) parameter string
 * (yw_now_db), actor and detail JSON texts, application_id 0 for none.
 */
yw_err yw_audit_append(yw_db *db, yw_arena *a, const char *at, const char *actor,
    const char *action, long long application_id, const char *detail);

/*
 * The same for a staff member's (or the system's) action: the actor is
 * {role, staff_id, dept_id, on_behalf_of} (ids as strings, 0 as null) and detail a JSON
 * object (taken: released here), both serialised compactly with sorted keys.
 */
yw_err yw_audit_append_staff(yw_db *db, yw_arena *a, const char *at, const char *role,
    long long staff_id, long long dept_id, long long on_behalf_of, const char *action,
    long long application_id, json_t *detail);

typedef struct {
	int ok;
	long long entries; /* entries checked */
	long long first_bad_seq; /* 0 when ok */
} yw_audit_check;

/* Walks the whole chain in seq order (in batches) and checks every link and the head. */
yw_err yw_audit_verify(yw_db *db, yw_arena *a, yw_audit_check *out);

#endif
