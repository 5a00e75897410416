/*
 * public.h: the public app (API.md section 8): results publication (结果公示), citizens'
 * consultations and complaints (咨询投诉) with the staff side (首问负责), and the Open311
 * GeoReport v2 facade over them.
 */
#ifndef YW_PUBLIC_H
#define YW_PUBLIC_H

#include <stdint.h>

#include <jansson.h>

#include "../domain/workday.h"
#include "../lib/config.h"
#include "../lib/request.h"

/* results.c */
yw_err get_results(yw_req *r);

/* consultations.c: the citizen's side and the staff's. */
yw_err post_consultation(yw_req *r);
yw_err get_consultations(yw_req *r);
yw_err get_consultation(yw_req *r);
yw_err get_staff_consultations(yw_req *r);
yw_err get_staff_consultation(yw_req *r);
yw_err post_consultation_reply(yw_req *r);

/* What consultations.c shares with open311.c: filing one, and its clock. */
typedef struct {
	long long citizen_id;
	const char *kind; /* "consult" or "complaint" */
	const char *item_code; /* NULL: about no item */
	long long dept_id;
	const char *title, *content;
	const char *lat, *lon, *address; /* NULL: none (decimal text for lat and lon) */
} consult_new;

/* The working days to answer a kind (consult_days, complaint_days in the configuration). */
int consult_days(const char *kind);
/* Files a consultation (status open, due at the end of its days-th working day after today). */
yw_err consult_insert(yw_req *r, const consult_new *c, long long *id, int64_t *due_us);
/* working_days_left and light of a consultation as of now (JSON nulls once closed). */
void consult_clock(const yw_calendar *cal, const char *status, const char *due_cell,
    const char *days_cell, json_t **left, json_t **light);
/* A text cut to at most max characters, with "…" as the last one when cut (in the arena). */
const char *consult_cut(yw_arena *a, const char *s, size_t max);

/* open311.c: the GeoReport v2 facade. */
yw_err open311_services(yw_req *r);
yw_err open311_service(yw_req *r);
yw_err open311_create(yw_req *r);
yw_err open311_requests(yw_req *r);
yw_err open311_request(yw_req *r);

#endif
