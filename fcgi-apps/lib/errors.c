/*
 * errors.c: the error table of API.md section 1, generated from the X-macro in errors.h.
 * Nothing else in the code base maps an error kind to a status or a code.
 */
#include "errors.h"

#include <stddef.h>

static const struct {
	int status;
	const char *code;
	const char *zh;
	const char *en;
} table[] = {
#define YW_ERR_ROW(kind, status, code, zh, en) [kind] = { status, code, zh, en },
	YW_ERRORS(YW_ERR_ROW)
#undef YW_ERR_ROW
};

int
yw_err_status(yw_err e)
{
	if ((unsigned)e >= YW_ERR__COUNT)
		return 500;
	return table[e].status;
}

const char *
yw_err_code(yw_err e)
{
	if ((unsigned)e >= YW_ERR__COUNT)
		return "internal";
	return table[e].code;
}

const char *
yw_err_message(yw_err e, int en)
{
	if ((unsigned)e >= YW_ERR__COUNT)
		e = YW_E_INTERNAL;
	return en ? table[e].en : table[e].zh;
}

const char *
yw_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 460: return "Checksum Mismatch";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}
