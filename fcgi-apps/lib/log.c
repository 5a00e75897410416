/*
 * log.c: JSON log lines on stderr (see log.h). Each line is written with one write(2) so
 * that lines of concurrent workers sharing the file never interleave.
 */
#include "log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

static char app_name[32] = "yiwang";
static char current_rid[72];

void
yw_log_set_app(const char *app)
{
	snprintf(app_name, sizeof(app_name), "%s", app);
}

void
yw_log_set_request_id(const char *id)
{
	snprintf(current_rid, sizeof(current_rid), "%s", id ? id : "");
}

static void
emit(json_t *o)
{
	char ts[40];
	char *s;
	size_t len;

	yw_time_format_rfc3339(yw_now_us(), ts, sizeof(ts));
	json_object_set_new(o, "ts", json_string(ts));
	json_object_set_new(o, "app", json_string(app_name));
	json_object_set_new(o, "pid", json_integer(getpid()));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return;
	len = strlen(s);
	s[len] = '\n';
	/* json_dumps allocated len + 1 bytes: the NUL becomes the newline. */
	if (write(STDERR_FILENO, s, len + 1) < 0) {
		/* Nowhere left to report a failed log write. */
	}
	free(s);
}

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char msg[1024];
	json_t *o = json_object();

	vsnprintf(msg, sizeof(msg), fmt, ap);
	json_object_set_new(o, "level", json_string(level));
	if (current_rid[0])
		json_object_set_new(o, "request_id", json_string(current_rid));
	/* json_string refuses invalid UTF-8; fall back to a marker rather than lose the line. */
	json_t *m = json_string(msg);
	json_object_set_new(o, "msg", m ? m : json_string("(message not valid UTF-8)"));
	emit(o);
}

void
yw_log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}

void
yw_log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void
yw_log_access(const char *request_id, const char *method, const char *route, int status,
    int64_t micros, unsigned long bytes)
{
	json_t *o = json_object();

	json_object_set_new(o, "level", json_string("access"));
	json_object_set_new(o, "request_id", json_string(request_id));
	json_object_set_new(o, "method", json_string(method));
	json_object_set_new(o, "route", json_string(route));
	json_object_set_new(o, "status", json_integer(status));
	json_object_set_new(o, "us", json_integer(micros));
	json_object_set_new(o, "bytes", json_integer((json_int_t)bytes));
	emit(o);
}
