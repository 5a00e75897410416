/*
 * http.c: libcurl easy calls with bounded time (see http.h).
 */
#include "http.h"

#include <curl/curl.h>
#include <string.h>

#include "log.h"

static CURL *easy;
static long connect_ms = 3000, total_ms = 8000;

struct sink {
	yw_arena *a;
	char *p;
	size_t len, cap;
};

static size_t
on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct sink *s = userdata;
	size_t n = size * nmemb;

	if (s->len + n + 1 > (1u << 20))
		return 0; /* a megabyte is far more than any answer we expect */
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		char *p;
		while (cap < s->len + n + 1)
			cap *= 2;
		p = yw_arena_alloc(s->a, cap);
		if (s->len)
			memcpy(p, s->p, s->len);
		s->p = p;
		s->cap = cap;
	}
	memcpy(s->p + s->len, ptr, n);
	s->len += n;
	return n;
}

void
yw_http_init(long connect_timeout_ms, long total_timeout_ms)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	connect_ms = connect_timeout_ms;
	total_ms = total_timeout_ms;
}

char *
yw_http_escape(yw_arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), j = 0;
	char *out = yw_arena_alloc(a, 3 * n + 1);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

yw_err
yw_http_json(
    yw_arena *a, const char *method, const char *url, const char *body, yw_http_response *out)
{
	struct sink s = { a, NULL, 0, 0 };
	struct curl_slist *h = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode rc;
	json_error_t je;

	memset(out, 0, sizeof(*out));
	if (url == NULL || *url == '\0')
		return YW_E_UPSTREAM_UNAVAILABLE;
	if (easy == NULL && (easy = curl_easy_init()) == NULL)
		return YW_E_UPSTREAM_UNAVAILABLE;
	curl_easy_reset(easy);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, total_ms);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, "yiwang/0.1");
	h = curl_slist_append(h, "Accept: application/json");
	if (strcmp(method, "POST") == 0) {
		h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
		curl_easy_setopt(easy, CURLOPT_POST, 1L);
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
	} else {
		curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
	}
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(easy);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		/* The URL may carry a secret (WeChat's appsecret): log the host only. */
		yw_log_error("upstream call failed: %s", curl_easy_strerror(rc));
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = s.p ? s.p : yw_arena_alloc(a, 1);
	out->body[s.len] = '\0';
	out->body_len = s.len;
	out->json = json_loadb(out->body, s.len, 0, &je);
	if (out->status >= 500) {
		yw_log_error("upstream answered %ld", out->status);
		if (out->json != NULL) {
			json_decref(out->json);
			out->json = NULL;
		}
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	return YW_OK;
}
