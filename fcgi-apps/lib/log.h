/*
 * log.h: the process's log lines, one JSON object per line on stderr.
 *
 * Access lines carry the request id, the route pattern (never the raw path or query, which
 * may hold tokens or personal data), the status and the duration. Error lines carry a
 * message written by the code; callers never pass tokens, codes, passwords or ID numbers.
 */
#ifndef YW_LOG_H
#define YW_LOG_H

#include <stdint.h>

void yw_log_set_app(const char *app);
void yw_log_set_request_id(const char *id);
void yw_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void yw_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void yw_log_access(const char *request_id, const char *method, const char *route, int status,
    int64_t micros, unsigned long bytes);

#endif
