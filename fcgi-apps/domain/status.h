/*
 * status.h: the status machine of an application (API.md section 4). Pure: no I/O.
 *
 *   draft --submit--> submitted --accept--> accepted --approve--> completed
 *                        |  \--reject--> rejected      |  \--deny--> denied
 *                        \--request_supplement--> supplement_required --submit--> submitted
 *   accepted --suspend--> suspended --resume--> accepted
 *   submitted | supplement_required | accepted | suspended --withdraw--> withdrawn
 *
 * `extend` and `opinion` leave an accepted application accepted. Final statuses
 * (completed, denied, rejected, withdrawn) allow nothing. Any other move is refused, which
 * the apps answer with 409 invalid_transition.
 */
#ifndef YW_STATUS_H
#define YW_STATUS_H

typedef enum {
	YW_ST_DRAFT,
	YW_ST_SUBMITTED,
	YW_ST_SUPPLEMENT_REQUIRED,
	YW_ST_ACCEPTED,
	YW_ST_SUSPENDED,
	YW_ST_COMPLETED,
	YW_ST_DENIED,
	YW_ST_REJECTED,
	YW_ST_WITHDRAWN,
	YW_ST__COUNT
} yw_status;

typedef enum {
	YW_ACT_SUBMIT,
	YW_ACT_ACCEPT,
	YW_ACT_REQUEST_SUPPLEMENT,
	YW_ACT_REJECT,
	YW_ACT_APPROVE,
	YW_ACT_DENY,
	YW_ACT_SUSPEND,
	YW_ACT_RESUME,
	YW_ACT_WITHDRAW,
	YW_ACT_EXTEND,
	YW_ACT_OPINION,
	YW_ACT__COUNT
} yw_action;

/* 0 and *to set when the action is allowed in `from`; -1 otherwise. */
int yw_transition(yw_status from, yw_action act, yw_status *to);
int yw_status_final(yw_status s);
/* Does the statutory clock run in this status (accepted only)? */
int yw_status_clock_runs(yw_status s);

const char *yw_status_name(yw_status s);
/* zh-CN label as citizens read it; en != 0 gives English. */
const char *yw_status_label(yw_status s, int en);
/* 0 on success. */
int yw_status_parse(const char *name, yw_status *out);
const char *yw_action_name(yw_action a);
int yw_action_parse(const char *name, yw_action *out);

#endif
