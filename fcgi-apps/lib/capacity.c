/*
 * capacity.c: the departments a staff member acts for now (see capacity.h).
 */
#include "capacity.h"

#include <stdlib.h>

#include "auth.h"
#include "clock.h"

#define WF (YW_ROLE_CLERK | YW_ROLE_REVIEWER)

static const char SQL_DELEGATED[] =
    "SELECT s.id, s.dept_id, s.roles FROM delegations d JOIN staff s ON s.id = d.from_staff_id "
    "WHERE d.to_staff_id = ? AND d.starts_at <= ? AND d.ends_at > ? AND s.active = 1 AND "
    "s.dept_id IS NOT NULL ORDER BY d.id LIMIT 15";

yw_err
yw_capacities_load(yw_req *r, yw_capacities *caps)
{
	const char *now = yw_now_db(&r->arena);
	yw_arg args[] = { YW_INT(r->who.id), yw_str(now), yw_str(now) };
	yw_rows rows;
	yw_err err;

	caps->n = 0;
	if (r->who.dept_id > 0 && (r->who.roles & WF))
		caps->c[caps->n++] = (yw_capacity){ r->who.dept_id, r->who.roles & WF, 0 };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_DELEGATED, args, 3, &rows)) != YW_OK)
		return err;
	for (size_t i = 0; i < rows.nrows && caps->n < YW_MAX_CAPACITIES; i++) {
		unsigned roles = yw_roles_parse(YW_CELL(&rows, i, 2)) & WF;
		if (roles != 0)
			caps->c[caps->n++] = (yw_capacity){ atoll(YW_CELL(&rows, i, 1)), roles,
				atoll(YW_CELL(&rows, i, 0)) };
	}
	return YW_OK;
}

const yw_capacity *
yw_capacity_for(const yw_capacities *caps, long long dept)
{
	for (size_t i = 0; i < caps->n; i++)
		if (caps->c[i].dept_id == dept && caps->c[i].on_behalf_of == 0)
			return &caps->c[i];
	for (size_t i = 0; i < caps->n; i++)
		if (caps->c[i].dept_id == dept)
			return &caps->c[i];
	return NULL;
}
