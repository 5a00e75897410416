/*
 * config.c: the configuration file parser and the environment overrides (see config.h).
 * It never logs values: some of them are secrets.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct yw_entry {
	char *key;
	char *value;
};

struct yw_config {
	char *app;
	struct yw_entry *entries;
	size_t n, cap;
	/* Values read from the environment are copied here so that pointers stay valid. */
	char **envcopies;
	size_t nenv, envcap;
};

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		abort();
	return p;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
set_entry(yw_config *c, const char *key, const char *value)
{
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->entries[i].key, key) == 0) {
			free(c->entries[i].value);
			c->entries[i].value = xstrdup(value);
			return 0;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct yw_entry *e = realloc(c->entries, cap * sizeof(*e));
		if (e == NULL)
			abort();
		c->entries = e;
		c->cap = cap;
	}
	c->entries[c->n].key = xstrdup(key);
	c->entries[c->n].value = xstrdup(value);
	c->n++;
	return 0;
}

static int
valid_key(const char *k)
{
	if (*k == '\0')
		return 0;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && *k != '_' && *k != '.' && *k != '-')
			return 0;
	return 1;
}

yw_config *
yw_config_parse(const char *text, const char *app, char *err, size_t errlen)
{
	yw_config *c = calloc(1, sizeof(*c));
	char *copy, *line, *save = NULL;
	int lineno = 0;

	if (c == NULL)
		abort();
	c->app = xstrdup(app ? app : "");
	copy = xstrdup(text ? text : "");
	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *eq, *k, *v;

		lineno++;
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "line %d: expected key = value", lineno);
			goto fail;
		}
		*eq = '\0';
		k = trim(line);
		v = trim(eq + 1);
		if (!valid_key(k)) {
			snprintf(err, errlen, "line %d: invalid key", lineno);
			goto fail;
		}
		set_entry(c, k, v);
	}
	free(copy);
	return c;
fail:
	free(copy);
	yw_config_free(c);
	return NULL;
}

yw_config *
yw_config_load(const char *path, const char *app, char *err, size_t errlen)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, r;
	yw_config *c;

	if (path == NULL)
		return yw_config_parse("", app, err, errlen);
	f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (1u << 20)) {
				snprintf(err, errlen, "%s: file too large", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	c = yw_config_parse(buf, app, err, errlen);
	free(buf);
	return c;
}

void
yw_config_free(yw_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].key);
		free(c->entries[i].value);
	}
	for (size_t i = 0; i < c->nenv; i++)
		free(c->envcopies[i]);
	free(c->envcopies);
	free(c->entries);
	free(c->app);
	free(c);
}

const char *
yw_config_app(const yw_config *c)
{
	return c->app;
}

static const char *
file_get(const yw_config *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->entries[i].key, key) == 0)
			return c->entries[i].value;
	return NULL;
}

static const char *
env_get(yw_config *c, const char *key)
{
	char name[256];
	size_t j = 0;
	const char *v;

	j = (size_t)snprintf(name, sizeof(name), "YIWANG_");
	for (const char *k = key; *k && j + 1 < sizeof(name); k++) {
		unsigned char ch = (unsigned char)*k;
		name[j++] = (ch == '.' || ch == '-') ? '_' : (char)toupper(ch);
	}
	name[j] = '\0';
	v = getenv(name);
	if (v == NULL)
		return NULL;
	/* Copy: the environment may change under us, the caller keeps the pointer. */
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->envcopies[i], v) == 0)
			return c->envcopies[i];
	if (c->nenv == c->envcap) {
		size_t cap = c->envcap ? c->envcap * 2 : 8;
		char **p = realloc(c->envcopies, cap * sizeof(*p));
		if (p == NULL)
			abort();
		c->envcopies = p;
		c->envcap = cap;
	}
	c->envcopies[c->nenv] = xstrdup(v);
	return c->envcopies[c->nenv++];
}

const char *
yw_config_str(const yw_config *cc, const char *key, const char *def)
{
	yw_config *c = (yw_config *)cc;
	char scoped[256];
	const char *v;

	if (c->app[0] != '\0') {
		snprintf(scoped, sizeof(scoped), "%s.%s", c->app, key);
		if ((v = env_get(c, scoped)) != NULL)
			return v;
	}
	if ((v = env_get(c, key)) != NULL)
		return v;
	if (c->app[0] != '\0' && (v = file_get(c, scoped)) != NULL)
		return v;
	if ((v = file_get(c, key)) != NULL)
		return v;
	return def;
}

long
yw_config_long(const yw_config *c, const char *key, long def, long min, long max, int *ok)
{
	const char *v = yw_config_str(c, key, NULL);
	char *end;
	long n;

	if (ok)
		*ok = 1;
	if (v == NULL || *v == '\0')
		return def;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max) {
		if (ok)
			*ok = -1;
		return def;
	}
	return n;
}
