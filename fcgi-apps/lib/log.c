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

/* Appends s to buf as the inside of a JSON string (the values here are short and ours). */
static size_t
json_escape(char *buf, size_t cap, size_t at, const char *s)
{
	for (; *s && at + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[at++] = '\\';
			buf[at++] = (char)c;
		} else if (c < 0x20) {
			at += (size_t)snprintf(buf + at, cap - at, "\\u%04x", c);
		} else {
			buf[at++] = (char)c;
		}
	}
	return at;
}

/*
 * The access line is written on every request, so it is formatted by hand into a stack
 * buffer rather than built as a Jansson object.
 */
/* Appends formatted text at *n, never past the buffer (snprintf may report more). */
static void append(char *buf, size_t cap, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
append(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= cap - 1)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, cap - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n += (size_t)w;
	if (*n > cap - 1)
		*n = cap - 1;
}

void
yw_log_access(const char *request_id, const char *method, const char *route, int status,
    int64_t micros, unsigned long bytes)
{
	char line[768], ts[40];
	size_t n = 0;

	yw_time_format_rfc3339(yw_now_us(), ts, sizeof(ts));
	append(line, sizeof(line), &n, "{\"level\":\"access\",\"request_id\":\"");
	n = json_escape(line, sizeof(line), n, request_id);
	append(line, sizeof(line), &n, "\",\"method\":\"");
	n = json_escape(line, sizeof(line), n, method);
	append(line, sizeof(line), &n, "\",\"route\":\"");
	n = json_escape(line, sizeof(line), n, route);
	append(line, sizeof(line), &n,
	    "\",\"status\":%d,\"us\":%lld,\"bytes\":%lu,\"ts\":\"%s\",\"app\":\"%s\",\"pid\":%d}",
	    status, (long long)micros, bytes, ts, app_name, (int)getpid());
	/* The line always ends with a newline, even when a value had to be cut. */
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0) {
		/* Nowhere left to report a failed log write. */
	}
}
