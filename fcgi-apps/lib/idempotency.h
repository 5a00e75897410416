/*
 * idempotency.h: Idempotency-Key for requests from flaky mobile networks.
 *
 * The key, a hash of the request and the response are stored in the same transaction as
 * the effect, under a unique index on (citizen, key). A second request with the key waits
 * on the first one's row lock; once the first commits it finds the key and replays the
 * stored answer (or learns the key was used for another request). If the first rolled
 * back, the second claims the key and does the work. A lost connection during COMMIT is
 * therefore resolved by the key on retry. Keys live 48 hours.
 */
#ifndef YW_IDEMPOTENCY_H
#define YW_IDEMPOTENCY_H

#include "db.h"
#include "request.h"

typedef struct {
	int replay; /* the key was used for this very request: answer as stored */
	int status;
	const char *response; /* in the arena */
} yw_idem;

/* A key is 1..64 printable ASCII characters without spaces. */
int yw_idem_key_valid(const char *key);
/* SHA-256 over the method, the path and the body (a JSON body in its canonical form: keys
 * sorted, no white space). */
void yw_idem_hash(const yw_req *r, unsigned char out[32]);
/*
 * Outside a transaction, where a check before yw_idem_claim refused the request: a key already
 * used and answered gives that answer (out->replay) or, with another request,
 * YW_E_IDEMPOTENCY_KEY_REUSED; so a retry is answered as the first request was even when what
 * it was checked against (an item) changed in between. Nothing found (or not yet committed):
 * YW_OK, out->replay 0.
 */
yw_err yw_idem_lookup(yw_db *db, yw_arena *a, long long citizen, const char *key,
    const unsigned char hash[32], yw_idem *out);
/* In the caller's transaction: claims the key or finds its earlier use (see above). */
yw_err yw_idem_claim(yw_db *db, yw_arena *a, long long citizen, const char *key,
    const unsigned char hash[32], yw_idem *out);
/* In the same transaction, after the effect: the answer to replay. */
yw_err yw_idem_store(
    yw_db *db, yw_arena *a, long long citizen, const char *key, int status, const char *response);
/*
 * Sends a stored answer again as the first one went out (its ETag from the stored version,
 * Cache-Control: no-store), marked Idempotent-Replayed: true. Headers that depend on the
 * operation (a create's Location) are the caller's.
 */
void yw_idem_replay(yw_req *r, const yw_idem *idem);
/* Deletes keys older than 48 hours (at most a batch per call). */
yw_err yw_idem_purge(yw_db *db, yw_arena *a);

#endif
