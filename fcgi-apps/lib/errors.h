/*
 * errors.h: the one vocabulary of failure in yiwang.
 *
 * Every error a client can see is one row of YW_ERRORS: the kind, the HTTP status, the
 * machine-readable code of API.md section 1, and the message in zh-CN and English.
 * Handlers and parsers return a yw_err and never format error JSON themselves; the
 * response layer (app.c) turns the kind into the body. YW_OK is zero. A code names one
 * kind, except that two failures which API.md gives the same code keep their own messages
 * (version_mismatch: a stale If-Match, and a tus request in another protocol version).
 */
#ifndef YW_ERRORS_H
#define YW_ERRORS_H

/* X(kind, status, code, zh, en) */
// clang-format off
#define YW_ERRORS(X)                                                                       \
	X(YW_OK, 200, "ok", "成功", "OK")                                                        \
	X(YW_E_BAD_REQUEST, 400, "bad_request", "请求格式不正确", "The request is malformed")        \
	X(YW_E_INVALID_JSON, 400, "invalid_json", "请求体不是有效的 JSON", "The body is not valid JSON") \
	X(YW_E_UNAUTHENTICATED, 401, "unauthenticated", "请先登录或重新登录",                       \
	    "Authentication is required")                                                      \
	X(YW_E_WECHAT_CODE_INVALID, 401, "wechat_code_invalid", "微信登录凭证无效或已使用",          \
	    "The WeChat login code is invalid or used")                                        \
	X(YW_E_SMS_CODE_INVALID, 401, "sms_code_invalid", "短信验证码不正确或已失效",                \
	    "The SMS code is wrong or expired")                                                \
	X(YW_E_FORBIDDEN, 403, "forbidden", "没有权限执行此操作", "You are not allowed to do this") \
	X(YW_E_REAL_NAME_REQUIRED, 403, "real_name_required", "请先完成实名认证",                   \
	    "Real-name verification is required")                                              \
	X(YW_E_NOT_FOUND, 404, "not_found", "请求的资源不存在", "Not found")                        \
	X(YW_E_METHOD_NOT_ALLOWED, 405, "method_not_allowed", "不支持该请求方法",                   \
	    "Method not allowed")                                                              \
	X(YW_E_INVALID_TRANSITION, 409, "invalid_transition", "当前状态不允许此操作",                \
	    "This action is not allowed in the current status")                              \
	X(YW_E_CONFLICT, 409, "conflict", "与现有数据冲突", "Conflicts with existing data")          \
	X(YW_E_PARALLEL_PENDING, 409, "parallel_pending", "并联审批部门尚未全部同意",                 \
	    "Parallel departments have not all approved")                                     \
	X(YW_E_SUPPLEMENT_ONCE, 409, "supplement_once", "补正材料须一次性告知",                      \
	    "A later supplement request may only name materials of the first")              \
	X(YW_E_UPLOAD_OFFSET_MISMATCH, 409, "upload_offset_mismatch", "上传偏移量不一致",           \
	    "Upload offset mismatch")                                                          \
	X(YW_E_CHECKSUM_MISMATCH, 460, "checksum_mismatch", "上传数据校验和不一致",               \
	    "The upload checksum does not match")                                              \
	X(YW_E_VERSION_MISMATCH, 412, "version_mismatch", "数据已被他人修改，请刷新后重试",          \
	    "The resource has changed; reload it")                                            \
	X(YW_E_TUS_VERSION, 412, "version_mismatch", "不支持该 tus 协议版本，服务器支持 1.0.0",  \
	    "Unsupported tus version; this server speaks 1.0.0")                            \
	X(YW_E_PAYLOAD_TOO_LARGE, 413, "payload_too_large", "请求体过大", "The body is too large") \
	X(YW_E_UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type", "不支持的内容类型",           \
	    "Unsupported Content-Type")                                                        \
	X(YW_E_VALIDATION, 422, "validation_failed", "提交的内容未通过校验",                        \
	    "Validation failed")                                                               \
	X(YW_E_ITEM_NOT_ONLINE, 422, "item_not_online", "该事项不支持网上申报",                     \
	    "This item cannot be applied for online")                                         \
	X(YW_E_IDEMPOTENCY_KEY_REUSED, 422, "idempotency_key_reused",                              \
	    "幂等键已用于另一个请求", "The Idempotency-Key was used for another request")        \
	X(YW_E_PRECONDITION_REQUIRED, 428, "precondition_required", "缺少 If-Match 请求头",        \
	    "If-Match is required")                                                            \
	X(YW_E_RATE_LIMITED, 429, "rate_limited", "请求过于频繁，请稍后再试",                       \
	    "Too many requests; try again later")                                             \
	X(YW_E_INTERNAL, 500, "internal", "服务器内部错误", "Internal error")                       \
	X(YW_E_UPSTREAM_UNAVAILABLE, 503, "upstream_unavailable", "外部服务暂时不可用",              \
	    "An upstream service is unavailable")                                             \
	X(YW_E_UNAVAILABLE, 503, "unavailable", "服务暂时不可用，请稍后重试",                        \
	    "Service temporarily unavailable")

typedef enum {
#define YW_ERR_ENUM(kind, status, code, zh, en) kind,
	YW_ERRORS(YW_ERR_ENUM)
#undef YW_ERR_ENUM
	YW_ERR__COUNT
} yw_err;
// clang-format on

int yw_err_status(yw_err e);
const char *yw_err_code(yw_err e);
/* en != 0 selects English; otherwise zh-CN. */
const char *yw_err_message(yw_err e, int en);
/* The reason phrase of an HTTP status, for the FastCGI Status header. */
const char *yw_http_reason(int status);

#endif
