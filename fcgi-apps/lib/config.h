/*
 * config.h: configuration from one file plus YIWANG_* environment overrides.
 *
 * The file holds `key = value` lines (`#` starts a comment). A key is looked up for an app
 * as `<app>.<key>` first and then as `<key>`; the environment overrides the file:
 * YIWANG_<APP>_<KEY>, then YIWANG_<KEY> (upper case, '.' and '-' become '_').
 * Secrets (database passwords, API secrets) live only in the file or the environment.
 */
#ifndef YW_CONFIG_H
#define YW_CONFIG_H

#include <stddef.h>

typedef struct yw_config yw_config;

/* Loads path (NULL: no file, environment only). On error returns NULL and writes a
 * message of at most errlen bytes into err. */
yw_config *yw_config_load(const char *path, const char *app, char *err, size_t errlen);
/* Parses text held in memory (for tests). */
yw_config *yw_config_parse(const char *text, const char *app, char *err, size_t errlen);
void yw_config_free(yw_config *c);

const char *yw_config_app(const yw_config *c);
/* The value, or def when the key is set nowhere. The pointer lives as long as c. */
const char *yw_config_str(const yw_config *c, const char *key, const char *def);
/* An integer within [min, max]; def when unset; -1 in *ok when set but invalid. */
long yw_config_long(const yw_config *c, const char *key, long def, long min, long max, int *ok);

#endif
