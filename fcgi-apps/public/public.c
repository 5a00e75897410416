/*
 * public.c: the public app (see public.h): its routes.
 */
#include "../lib/app.h"
#include "public.h"

/* Consultations are answered by the departments' clerks and reviewers. */
#define WF (YW_ROLE_CLERK | YW_ROLE_REVIEWER)

static const yw_route routes[] = {
	{ "GET", "/api/v1/public/results", get_results, YW_AUTH_NONE, 0, 0 },
	{ "POST", "/api/v1/consultations", post_consultation, YW_AUTH_CITIZEN, 0, YW_ROUTE_JSON },
	{ "GET", "/api/v1/consultations", get_consultations, YW_AUTH_CITIZEN, 0, 0 },
	{ "GET", "/api/v1/consultations/{id}", get_consultation, YW_AUTH_CITIZEN, 0, 0 },
	{ "GET", "/api/v1/staff/consultations", get_staff_consultations, YW_AUTH_STAFF, WF, 0 },
	{ "GET", "/api/v1/staff/consultations/{id}", get_staff_consultation, YW_AUTH_STAFF, WF, 0 },
	{ "POST", "/api/v1/staff/consultations/{id}/reply", post_consultation_reply, YW_AUTH_STAFF,
	    WF, YW_ROUTE_JSON },
	/* Open311 GeoReport v2: public routes that check the token themselves, so that every
	 * error they answer is in GeoReport's format. */
	{ "GET", "/open311/v2/services.json", open311_services, YW_AUTH_NONE, 0, 0 },
	{ "GET", "/open311/v2/services/{code}.json", open311_service, YW_AUTH_NONE, 0, 0 },
	{ "POST", "/open311/v2/requests.json", open311_create, YW_AUTH_NONE, 0, 0 },
	{ "GET", "/open311/v2/requests.json", open311_requests, YW_AUTH_NONE, 0, 0 },
	{ "GET", "/open311/v2/requests/{id}.json", open311_request, YW_AUTH_NONE, 0, 0 },
};

static const yw_app app = {
	"public",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	NULL,
	NULL,
	NULL,
	0,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
