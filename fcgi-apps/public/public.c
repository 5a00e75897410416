/*
 * public.c: the public app (see public.h): its routes.
 */
#include "../lib/app.h"
#include "public.h"

static const yw_route routes[] = {
	{ "GET", "/api/v1/public/results", get_results, YW_AUTH_NONE, 0, 0 },
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
