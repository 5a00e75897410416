/*
 * capacity.h: the departments a staff member acts for now (AB岗, API.md section 5).
 *
 * A clerk or reviewer acts for their own department with their own roles and, within the
 * window of a delegation to them, for the delegator's department with the delegator's clerk
 * and reviewer roles. Shared by the staff app (applications) and the public app
 * (consultations and complaints).
 */
#ifndef YW_CAPACITY_H
#define YW_CAPACITY_H

#include "db.h"
#include "request.h"

#define YW_MAX_CAPACITIES 16

typedef struct {
	long long dept_id;
	unsigned roles; /* YW_ROLE_CLERK and/or YW_ROLE_REVIEWER */
	long long on_behalf_of; /* the delegator; 0 in one's own right */
} yw_capacity;

typedef struct {
	yw_capacity c[YW_MAX_CAPACITIES];
	size_t n;
} yw_capacities;

/* The caller's capacities at the request's now: their own first, then delegated ones. */
yw_err yw_capacities_load(yw_req *r, yw_capacities *out);
/* The capacity for a department, one's own right first; NULL when none. */
const yw_capacity *yw_capacity_for(const yw_capacities *caps, long long dept);

#endif
