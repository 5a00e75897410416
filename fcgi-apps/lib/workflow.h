/*
 * workflow.h: every status change of an application, whoever makes it (a citizen in the
 * apply app, a clerk or reviewer in the staff app, the system's deemed acceptance).
 *
 * DESIGN.md's rule in one place: inside the caller's transaction, with the application's
 * row locked (yw_wf_lock), yw_wf_apply checks the move against the status machine, updates
 * the row with version + 1 and the statutory clock (accept_by, due_at, yellow_at, the
 * queue it waits in), writes the timeline entry, the parallel opinions, the supervision
 * counters, the inbox entry and one outbox row per delivery channel, and, for staff and
 * system actions, the hash-chained audit entry. Either all of it commits or none of it.
 */
#ifndef YW_WORKFLOW_H
#define YW_WORKFLOW_H

#include <stdint.h>

#include "../domain/status.h"
#include "../domain/workday.h"
#include "db.h"

/* Working days a clerk has to act on a submission before it is deemed accepted (§32). */
#define YW_DEEMED_ACCEPTANCE_DAYS 5

typedef struct {
	const char *role; /* "citizen", "clerk", "reviewer" or "system" */
	long long staff_id; /* 0 unless staff */
	long long dept_id; /* the department acted for, 0 when none */
	long long on_behalf_of; /* the delegator (AB岗), 0 when acting in one's own right */
} yw_actor;

/* The locked row. Times are microseconds, 0 for NULL. */
typedef struct {
	long long id, citizen_id, dept_id, version;
	yw_status status;
	const char *number, *item_code, *item_name;
	int item_promised_days; /* the item's promise now */
	int promised_days; /* fixed at acceptance, 0 before */
	int extended_days;
	int64_t submitted_us, accepted_us, accept_by_us, due_us, yellow_us, suspended_us,
	    decided_us;
	const char *first_supplement; /* JSON array text or NULL */
	const char *form; /* JSON text */
} yw_wf_app;

typedef struct {
	yw_action action;
	const char *note; /* timeline note, NULL for none */
	const char *detail; /* audit detail, a JSON object text merged into {from, to, version} */
	const char *supplement; /* request_supplement: {materials, note, requested_at} */
	const char *first_supplement; /* request_supplement: the materials named the first time */
	const char *result; /* approve: {license_no, note}; deny, reject: {reason, legal_basis} */
	int extend_days; /* extend */
	long long opinion_dept; /* opinion: the parallel department */
	const char *opinion; /* opinion: "approve" or "deny" */
	int deemed; /* accept: deemed acceptance, accepted as of submitted_at */
	int same_version; /* submit at creation: the new application stays at version 1 */
} yw_wf_change;

/* Locks the application (SELECT ... FOR UPDATE); YW_E_NOT_FOUND when there is none. */
yw_err yw_wf_lock(yw_db *db, yw_arena *a, long long id, yw_wf_app *out);

/* Is the application submitted and past its deemed-acceptance deadline at now_us? */
int yw_wf_deem_due(const yw_wf_app *app, int64_t now_us);

/*
 * Applies one change to the locked application (see above); app is updated to the new
 * state. YW_E_INVALID_TRANSITION when the status machine refuses, YW_E_PARALLEL_PENDING
 * for an approval before every parallel department approved, YW_E_CONFLICT for a second
 * extension or a second opinion of one department.
 */
yw_err yw_wf_apply(yw_db *db, yw_arena *a, const yw_calendar *cal, yw_wf_app *app,
    const yw_actor *who, const yw_wf_change *c);

/*
 * Deemed acceptance of one application in its own transaction, if it is still due:
 * returns YW_OK whether or not it was.
 */
yw_err yw_wf_deem(yw_db *db, yw_arena *a, long long id);

/*
 * Runs fn(ctx), a change of application id, in a transaction. When fn finds the application
 * waiting for its deemed acceptance (yw_wf_deem_due), it sets *deem_first and returns
 * YW_E_CONFLICT to roll back; the acceptance is then made in its own transaction, as it
 * happened first, and fn runs once more (its If-Match is then stale, or its action no
 * longer applies).
 */
yw_err yw_wf_tx(yw_db *db, yw_arena *a, long long id, yw_tx_fn fn, void *ctx, int *deem_first);

/*
 * Deems accepted up to `max` applications past their deadline: of one department
 * (dept_id > 0) or of all (dept_id 0). Each in its own transaction; *done counts them.
 */
yw_err yw_wf_deem_sweep(yw_db *db, yw_arena *a, long long dept_id, int max, int *done);

#endif
