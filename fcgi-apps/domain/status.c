/*
 * status.c: the application status machine as one table (see status.h).
 */
#include "status.h"

#include <string.h>

static const struct {
	const char *name, *zh, *en;
} statuses[YW_ST__COUNT] = {
	[YW_ST_DRAFT] = { "draft", "草稿", "Draft" },
	[YW_ST_SUBMITTED] = { "submitted", "已提交", "Submitted" },
	[YW_ST_SUPPLEMENT_REQUIRED] = { "supplement_required", "待补正", "Supplement required" },
	[YW_ST_ACCEPTED] = { "accepted", "已受理", "Accepted" },
	[YW_ST_SUSPENDED] = { "suspended", "已中止", "Suspended" },
	[YW_ST_COMPLETED] = { "completed", "已办结", "Completed" },
	[YW_ST_DENIED] = { "denied", "不予许可", "Denied" },
	[YW_ST_REJECTED] = { "rejected", "不予受理", "Rejected" },
	[YW_ST_WITHDRAWN] = { "withdrawn", "已撤回", "Withdrawn" },
};

static const char *actions[YW_ACT__COUNT] = {
	[YW_ACT_SUBMIT] = "submit",
	[YW_ACT_ACCEPT] = "accept",
	[YW_ACT_REQUEST_SUPPLEMENT] = "request_supplement",
	[YW_ACT_REJECT] = "reject",
	[YW_ACT_APPROVE] = "approve",
	[YW_ACT_DENY] = "deny",
	[YW_ACT_SUSPEND] = "suspend",
	[YW_ACT_RESUME] = "resume",
	[YW_ACT_WITHDRAW] = "withdraw",
	[YW_ACT_EXTEND] = "extend",
	[YW_ACT_OPINION] = "opinion",
};

/*
 * allowed[from][action] is the status after the action plus one; 0 (every entry not
 * listed) means the action is not allowed in that status.
 */
#define TO(x) (YW_ST_##x + 1)

static const unsigned char allowed[YW_ST__COUNT][YW_ACT__COUNT] = {
	[YW_ST_DRAFT] = { [YW_ACT_SUBMIT] = TO(SUBMITTED) },
	[YW_ST_SUBMITTED] = { [YW_ACT_ACCEPT] = TO(ACCEPTED),
	    [YW_ACT_REQUEST_SUPPLEMENT] = TO(SUPPLEMENT_REQUIRED),
	    [YW_ACT_REJECT] = TO(REJECTED),
	    [YW_ACT_WITHDRAW] = TO(WITHDRAWN) },
	[YW_ST_SUPPLEMENT_REQUIRED] = { [YW_ACT_SUBMIT] = TO(SUBMITTED),
	    [YW_ACT_WITHDRAW] = TO(WITHDRAWN) },
	[YW_ST_ACCEPTED] = { [YW_ACT_APPROVE] = TO(COMPLETED),
	    [YW_ACT_DENY] = TO(DENIED),
	    [YW_ACT_SUSPEND] = TO(SUSPENDED),
	    [YW_ACT_WITHDRAW] = TO(WITHDRAWN),
	    [YW_ACT_EXTEND] = TO(ACCEPTED),
	    [YW_ACT_OPINION] = TO(ACCEPTED) },
	[YW_ST_SUSPENDED] = { [YW_ACT_RESUME] = TO(ACCEPTED), [YW_ACT_WITHDRAW] = TO(WITHDRAWN) },
	/* completed, denied, rejected, withdrawn: final, nothing allowed */
};

int
yw_transition(yw_status from, yw_action act, yw_status *to)
{
	if ((unsigned)from >= YW_ST__COUNT || (unsigned)act >= YW_ACT__COUNT)
		return -1;
	if (allowed[from][act] == 0)
		return -1;
	*to = (yw_status)(allowed[from][act] - 1);
	return 0;
}

int
yw_status_final(yw_status s)
{
	return s == YW_ST_COMPLETED || s == YW_ST_DENIED || s == YW_ST_REJECTED ||
	       s == YW_ST_WITHDRAWN;
}

int
yw_status_clock_runs(yw_status s)
{
	return s == YW_ST_ACCEPTED;
}

const char *
yw_status_name(yw_status s)
{
	return (unsigned)s < YW_ST__COUNT ? statuses[s].name : "";
}

const char *
yw_status_label(yw_status s, int en)
{
	if ((unsigned)s >= YW_ST__COUNT)
		return "";
	return en ? statuses[s].en : statuses[s].zh;
}

int
yw_status_parse(const char *name, yw_status *out)
{
	for (int i = 0; name != NULL && i < YW_ST__COUNT; i++)
		if (strcmp(statuses[i].name, name) == 0) {
			*out = (yw_status)i;
			return 0;
		}
	return -1;
}

const char *
yw_action_name(yw_action a)
{
	return (unsigned)a < YW_ACT__COUNT ? actions[a] : "";
}

int
yw_action_parse(const char *name, yw_action *out)
{
	for (int i = 0; name != NULL && i < YW_ACT__COUNT; i++)
		if (strcmp(actions[i], name) == 0) {
			*out = (yw_action)i;
			return 0;
		}
	return -1;
}
