/*
 * metrics.c: shared-memory counters and their Prometheus text rendering (see metrics.h).
 */
#include "metrics.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define YW_METRICS_MAGIC 0x79776d32u /* "ywm2": the layout of struct shm (calendar_until) */
#define YW_METRICS_MAX_ROUTES 64

static const int statuses[] = { 200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 409, 412, 413,
	415, 422, 428, 429, 500, 502, 503, 504, 0 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
/* Upper bounds in microseconds; the last bucket is +Inf. */
static const int64_t bounds_us[] = { 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000 };
#define NBOUNDS (sizeof(bounds_us) / sizeof(bounds_us[0]))

struct route_counters {
	char method[8];
	char pattern[112];
	uint64_t by_status[NSTATUS];
	uint64_t buckets[NBOUNDS + 1];
	uint64_t sum_us;
	uint64_t count;
};

struct shm {
	uint32_t magic;
	uint32_t nroutes;
	char app[32];
	uint64_t db_errors;
	uint64_t worker_restarts;
	int64_t calendar_until; /* unix seconds; 0: no calendar loaded */
	struct route_counters routes[YW_METRICS_MAX_ROUTES];
};

static struct shm *mine;
static size_t napp_routes;
static char metrics_dir[1024];

int
yw_metrics_init(const char *dir, const char *app, const yw_route *routes, size_t n)
{
	void *p;
	int fd = -1;

	if (n + YW_METRICS_BUILTINS > YW_METRICS_MAX_ROUTES)
		return -1;
	if (dir != NULL && *dir != '\0') {
		char path[1200];
		snprintf(metrics_dir, sizeof(metrics_dir), "%s", dir);
		mkdir(dir, 0750);
		snprintf(path, sizeof(path), "%s/%s.shm", dir, app);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
		if (fd < 0 || ftruncate(fd, sizeof(struct shm)) != 0) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		p = mmap(NULL, sizeof(struct shm), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	} else {
		metrics_dir[0] = '\0';
		p = mmap(NULL, sizeof(struct shm), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	}
	if (p == MAP_FAILED)
		return -1;
	mine = p;
	memset(mine, 0, sizeof(*mine));
	snprintf(mine->app, sizeof(mine->app), "%s", app);
	napp_routes = n;
	for (size_t i = 0; i < n; i++) {
		snprintf(
		    mine->routes[i].method, sizeof(mine->routes[i].method), "%s", routes[i].method);
		snprintf(mine->routes[i].pattern, sizeof(mine->routes[i].pattern), "%s",
		    routes[i].pattern);
	}
	static const char *names[] = { "/healthz", "/readyz", "/metrics", "(unmatched)" };
	for (size_t k = 0; k < YW_METRICS_BUILTINS; k++) {
		snprintf(mine->routes[n + k].method, sizeof(mine->routes[n + k].method), "%s",
		    k == YW_METRICS_UNMATCHED ? "*" : "GET");
		snprintf(mine->routes[n + k].pattern, sizeof(mine->routes[n + k].pattern), "%s",
		    names[k]);
	}
	mine->nroutes = (uint32_t)(n + YW_METRICS_BUILTINS);
	__atomic_store_n(&mine->magic, YW_METRICS_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

size_t
yw_metrics_builtin(int which)
{
	return napp_routes + (size_t)which;
}

void
yw_metrics_observe(size_t route, int status, int64_t micros)
{
	struct route_counters *rc;
	size_t si = NSTATUS - 1, bi = NBOUNDS;

	if (mine == NULL || route >= mine->nroutes)
		return;
	rc = &mine->routes[route];
	for (size_t i = 0; i + 1 < NSTATUS; i++)
		if (statuses[i] == status) {
			si = i;
			break;
		}
	for (size_t i = 0; i < NBOUNDS; i++)
		if (micros <= bounds_us[i]) {
			bi = i;
			break;
		}
	__atomic_fetch_add(&rc->by_status[si], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&rc->buckets[bi], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&rc->sum_us, (uint64_t)(micros > 0 ? micros : 0), __ATOMIC_RELAXED);
	__atomic_fetch_add(&rc->count, 1, __ATOMIC_RELAXED);
}

void
yw_metrics_calendar_until(int64_t unix_seconds)
{
	if (mine != NULL)
		__atomic_store_n(&mine->calendar_until, unix_seconds, __ATOMIC_RELAXED);
}

void
yw_metrics_db_error(void)
{
	if (mine != NULL)
		__atomic_fetch_add(&mine->db_errors, 1, __ATOMIC_RELAXED);
}

void
yw_metrics_worker_restart(void)
{
	if (mine != NULL)
		__atomic_fetch_add(&mine->worker_restarts, 1, __ATOMIC_RELAXED);
}

/* A growable text buffer. */
typedef struct {
	char *p;
	size_t len, cap;
} buf;

static void bprintf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
bprintf(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)(n > 0 ? n : 0) + 256;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			abort();
	}
}

/* Label values here come from route tables (code), but escape anyway. */
static const char *
esc(const char *s, char *out, size_t len)
{
	size_t j = 0;

	for (; *s && j + 2 < len; s++) {
		if (*s == '"' || *s == '\\')
			out[j++] = '\\';
		out[j++] = *s;
	}
	out[j] = '\0';
	return out;
}

static void
render_one(buf *b, const struct shm *m, int part)
{
	char app[64], pat[240];

	esc(m->app, app, sizeof(app));
	for (uint32_t r = 0; r < m->nroutes && r < YW_METRICS_MAX_ROUTES; r++) {
		const struct route_counters *rc = &m->routes[r];
		uint64_t cum = 0;

		esc(rc->pattern, pat, sizeof(pat));
		if (part == 0) {
			for (size_t s = 0; s < NSTATUS; s++) {
				uint64_t v = __atomic_load_n(&rc->by_status[s], __ATOMIC_RELAXED);
				if (v == 0)
					continue;
				if (statuses[s] != 0)
					bprintf(b,
					    "yiwang_http_requests_total{app=\"%s\",method=\"%s\","
					    "route=\"%s\",status=\"%d\"} %llu\n",
					    app, rc->method, pat, statuses[s],
					    (unsigned long long)v);
				else
					bprintf(b,
					    "yiwang_http_requests_total{app=\"%s\",method=\"%s\","
					    "route=\"%s\",status=\"other\"} %llu\n",
					    app, rc->method, pat, (unsigned long long)v);
			}
		} else {
			uint64_t count = __atomic_load_n(&rc->count, __ATOMIC_RELAXED);
			if (count == 0)
				continue;
			for (size_t i = 0; i <= NBOUNDS; i++) {
				cum += __atomic_load_n(&rc->buckets[i], __ATOMIC_RELAXED);
				if (i < NBOUNDS)
					bprintf(b,
					    "yiwang_http_request_duration_seconds_bucket{app=\"%"
					    "s\",method=\"%s\",route=\"%s\",le=\"%g\"} %llu\n",
					    app, rc->method, pat, (double)bounds_us[i] / 1e6,
					    (unsigned long long)cum);
				else
					bprintf(b,
					    "yiwang_http_request_duration_seconds_bucket{app=\"%"
					    "s\",method=\"%s\",route=\"%s\",le=\"+Inf\"} %llu\n",
					    app, rc->method, pat, (unsigned long long)cum);
			}
			bprintf(b,
			    "yiwang_http_request_duration_seconds_sum{app=\"%s\",method=\"%s\","
			    "route=\"%s\"} %.6f\n",
			    app, rc->method, pat,
			    (double)__atomic_load_n(&rc->sum_us, __ATOMIC_RELAXED) / 1e6);
			bprintf(b,
			    "yiwang_http_request_duration_seconds_count{app=\"%s\",method=\"%s\","
			    "route=\"%s\"} %llu\n",
			    app, rc->method, pat, (unsigned long long)count);
		}
	}
}

/* Maps every app's file of the directory (or just our own), calls fn for each. */
static size_t
collect(const struct shm **out, size_t max, void **maps)
{
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	if (metrics_dir[0] == '\0' || (d = opendir(metrics_dir)) == NULL) {
		if (mine != NULL && max > 0) {
			out[n] = mine;
			maps[n++] = NULL;
		}
		return n;
	}
	while ((e = readdir(d)) != NULL && n < max) {
		size_t l = strlen(e->d_name);
		char path[1400];
		int fd;
		void *p;
		struct stat st;

		if (l < 5 || strcmp(e->d_name + l - 4, ".shm") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", metrics_dir, e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(struct shm)) {
			close(fd);
			continue;
		}
		p = mmap(NULL, sizeof(struct shm), PROT_READ, MAP_SHARED, fd, 0);
		close(fd);
		if (p == MAP_FAILED)
			continue;
		if (__atomic_load_n(&((struct shm *)p)->magic, __ATOMIC_ACQUIRE) !=
		    YW_METRICS_MAGIC) {
			munmap(p, sizeof(struct shm));
			continue;
		}
		out[n] = p;
		maps[n++] = p;
	}
	closedir(d);
	return n;
}

/* --- the outbox ------------------------------------------------------------------------ */

#define YW_OUTBOX_MAGIC 0x79776f31u /* "ywo1" */
static const char *const outbox_channels[] = { "wechat", "app", "sms", "upstream" };
#define NCHANNELS (sizeof(outbox_channels) / sizeof(outbox_channels[0]))
static const char *const outbox_outcomes[] = { "sent", "retry", "dead", "skipped" };

struct outbox_shm {
	uint32_t magic;
	uint64_t deliveries[NCHANNELS][YW_OUTBOX__OUTCOMES];
	int64_t pending[NCHANNELS];
	int64_t oldest_s[NCHANNELS];
};

static struct outbox_shm *outbox_mine;

int
yw_outbox_metrics_open(const char *dir)
{
	void *p;
	int fd;
	char path[1200];

	if (dir == NULL || *dir == '\0') {
		p = mmap(NULL, sizeof(struct outbox_shm), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	} else {
		mkdir(dir, 0750);
		snprintf(path, sizeof(path), "%s/outbox.gauge", dir);
		/* No O_TRUNC: several pushd processes of a host add to one set of counters. */
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
		if (fd < 0)
			return -1;
		if (ftruncate(fd, sizeof(struct outbox_shm)) != 0) {
			close(fd);
			return -1;
		}
		p = mmap(
		    NULL, sizeof(struct outbox_shm), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	}
	if (p == MAP_FAILED)
		return -1;
	outbox_mine = p;
	__atomic_store_n(&outbox_mine->magic, YW_OUTBOX_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

static int
channel_index(const char *channel)
{
	for (size_t i = 0; channel != NULL && i < NCHANNELS; i++)
		if (strcmp(outbox_channels[i], channel) == 0)
			return (int)i;
	return -1;
}

void
yw_outbox_metrics_count(const char *channel, int outcome)
{
	int c = channel_index(channel);

	if (outbox_mine != NULL && c >= 0 && outcome >= 0 && outcome < YW_OUTBOX__OUTCOMES)
		__atomic_add_fetch(&outbox_mine->deliveries[c][outcome], 1, __ATOMIC_RELAXED);
}

void
yw_outbox_metrics_backlog(const char *channel, long long pending, long long oldest_seconds)
{
	int c = channel_index(channel);

	if (outbox_mine == NULL || c < 0)
		return;
	__atomic_store_n(&outbox_mine->pending[c], (int64_t)pending, __ATOMIC_RELAXED);
	__atomic_store_n(&outbox_mine->oldest_s[c], (int64_t)oldest_seconds, __ATOMIC_RELAXED);
}

static void
render_outbox(buf *b)
{
	char path[1200];
	struct outbox_shm *o;
	struct stat st;
	int fd;

	if (metrics_dir[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/outbox.gauge", metrics_dir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(*o)) {
		close(fd);
		return;
	}
	o = mmap(NULL, sizeof(*o), PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (o == MAP_FAILED)
		return;
	if (__atomic_load_n(&o->magic, __ATOMIC_ACQUIRE) == YW_OUTBOX_MAGIC) {
		bprintf(b, "# HELP yiwang_outbox_deliveries_total Outbox deliveries by channel and "
		           "outcome (pushd on this host).\n"
		           "# TYPE yiwang_outbox_deliveries_total counter\n");
		for (size_t c = 0; c < NCHANNELS; c++)
			for (int k = 0; k < YW_OUTBOX__OUTCOMES; k++)
				bprintf(b,
				    "yiwang_outbox_deliveries_total{channel=\"%s\",outcome=\"%s\"} "
				    "%llu\n",
				    outbox_channels[c], outbox_outcomes[k],
				    (unsigned long long)__atomic_load_n(
				        &o->deliveries[c][k], __ATOMIC_RELAXED));
		bprintf(b, "# HELP yiwang_outbox_backlog Outbox rows not yet delivered (pending or "
		           "being sent), as pushd last counted them.\n"
		           "# TYPE yiwang_outbox_backlog gauge\n");
		for (size_t c = 0; c < NCHANNELS; c++)
			bprintf(b, "yiwang_outbox_backlog{channel=\"%s\"} %lld\n",
			    outbox_channels[c],
			    (long long)__atomic_load_n(&o->pending[c], __ATOMIC_RELAXED));
		bprintf(b, "# HELP yiwang_outbox_oldest_pending_seconds Age of the oldest row not "
		           "yet delivered.\n"
		           "# TYPE yiwang_outbox_oldest_pending_seconds gauge\n");
		for (size_t c = 0; c < NCHANNELS; c++)
			bprintf(b, "yiwang_outbox_oldest_pending_seconds{channel=\"%s\"} %lld\n",
			    outbox_channels[c],
			    (long long)__atomic_load_n(&o->oldest_s[c], __ATOMIC_RELAXED));
	}
	munmap(o, sizeof(*o));
}

char *
yw_metrics_render(size_t *len)
{
	const struct shm *apps[32];
	void *maps[32];
	size_t n = collect(apps, 32, maps);
	buf b = { NULL, 0, 0 };

	b.cap = 8192;
	b.p = malloc(b.cap);
	if (b.p == NULL)
		abort();
	b.p[0] = '\0';
	bprintf(&b, "# HELP yiwang_http_requests_total HTTP requests by app, route and status.\n"
	            "# TYPE yiwang_http_requests_total counter\n");
	for (size_t i = 0; i < n; i++)
		render_one(&b, apps[i], 0);
	bprintf(&b, "# HELP yiwang_http_request_duration_seconds Time from request to response.\n"
	            "# TYPE yiwang_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < n; i++)
		render_one(&b, apps[i], 1);
	bprintf(&b, "# HELP yiwang_db_errors_total Database errors (connection loss, deadlocks, "
	            "failures).\n"
	            "# TYPE yiwang_db_errors_total counter\n");
	for (size_t i = 0; i < n; i++)
		bprintf(&b, "yiwang_db_errors_total{app=\"%s\"} %llu\n", apps[i]->app,
		    (unsigned long long)__atomic_load_n(&apps[i]->db_errors, __ATOMIC_RELAXED));
	bprintf(&b, "# HELP yiwang_worker_restarts_total Workers replaced after an abnormal exit.\n"
	            "# TYPE yiwang_worker_restarts_total counter\n");
	for (size_t i = 0; i < n; i++)
		bprintf(&b, "yiwang_worker_restarts_total{app=\"%s\"} %llu\n", apps[i]->app,
		    (unsigned long long)__atomic_load_n(
		        &apps[i]->worker_restarts, __ATOMIC_RELAXED));
	{
		int64_t until = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t u = __atomic_load_n(&apps[i]->calendar_until, __ATOMIC_RELAXED);
			if (u > until)
				until = u;
		}
		/* Absent until an app has read the calendar (the staff app's sweep does, every
		 * 20 s). An alert: less than 45 days ahead means next year's notice is due. */
		if (until > 0)
			bprintf(&b, "# HELP yiwang_calendar_covered_until_seconds End of the last year "
			            "whose holidays and adjusted working days are loaded; after it only "
			            "weekends are days off.\n"
			            "# TYPE yiwang_calendar_covered_until_seconds gauge\n"
			            "yiwang_calendar_covered_until_seconds %lld\n",
			    (long long)until);
	}
	render_outbox(&b);
	for (size_t i = 0; i < n; i++)
		if (maps[i] != NULL)
			munmap(maps[i], sizeof(struct shm));
	*len = b.len;
	return b.p;
}
