/*
 * apply.c: the apply app: citizens' applications (API.md section 4) and the uploads of
 * their materials (tus 1.0.0 resumable uploads and multipart form uploads).
 */
#include "apply.h"

#include "../lib/app.h"
#include "../lib/tus.h"

static int
worker_init(const yw_config *cfg)
{
	if (applications_init(cfg) != 0 || uploads_init(cfg) != 0)
		return -1;
	/* tus: Tus-Resumable on every upload answer, the core's 401 and 405 included. */
	return yw_app_error_header("/api/v1/uploads", "Tus-Resumable", YW_TUS_VERSION);
}

static const yw_route routes[] = {
	{ "POST", "/api/v1/applications", create_application, YW_AUTH_CITIZEN, 0, YW_ROUTE_JSON },
	{ "GET", "/api/v1/applications", list_applications, YW_AUTH_CITIZEN, 0, 0 },
	{ "GET", "/api/v1/applications/{id}", get_application, YW_AUTH_CITIZEN, 0, 0 },
	{ "PUT", "/api/v1/applications/{id}/form", put_application_form, YW_AUTH_CITIZEN, 0,
	    YW_ROUTE_JSON },
	{ "POST", "/api/v1/applications/{id}/submit", submit_application, YW_AUTH_CITIZEN, 0, 0 },
	{ "POST", "/api/v1/applications/{id}/withdraw", withdraw_application, YW_AUTH_CITIZEN, 0,
	    YW_ROUTE_JSON_OPTIONAL },
	{ "POST", "/api/v1/applications/{id}/evaluation", post_evaluation, YW_AUTH_CITIZEN, 0,
	    YW_ROUTE_JSON },
	/* tus 1.0.0; /form before /{id}, HEAD before GET: the first matching row wins. */
	{ "OPTIONS", "/api/v1/uploads", upload_options, YW_AUTH_NONE, 0, 0 },
	{ "POST", "/api/v1/uploads", upload_create, YW_AUTH_CITIZEN, 0, 0 },
	{ "POST", "/api/v1/uploads/form", upload_form, YW_AUTH_CITIZEN, 0, 0 },
	{ "HEAD", "/api/v1/uploads/{id}", upload_head, YW_AUTH_CITIZEN, 0, 0 },
	{ "GET", "/api/v1/uploads/{id}", upload_get, YW_AUTH_CITIZEN, 0, 0 },
	{ "PATCH", "/api/v1/uploads/{id}", upload_patch, YW_AUTH_CITIZEN, 0, 0 },
	{ "POST", "/api/v1/uploads/{id}", upload_post_override, YW_AUTH_CITIZEN, 0, 0 },
	{ "DELETE", "/api/v1/uploads/{id}", upload_delete, YW_AUTH_CITIZEN, 0, 0 },
};

static const yw_app app = {
	"apply",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	NULL,
	worker_init,
	NULL,
	0,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
