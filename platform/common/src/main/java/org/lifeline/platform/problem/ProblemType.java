package org.lifeline.platform.problem;

import java.net.URI;

/**
 * The stable kinds of error every Lifeline service and the gateway answer with (RFC 9457). The
 * {@code type} URI never changes for a kind; clients may switch on it. Titles in English and zh-CN.
 */
public enum ProblemType {
    VALIDATION("validation", 400, "Invalid request", "请求内容有误"),
    MALFORMED_BODY("malformed-body", 400, "Malformed request body", "请求格式错误"),
    UNAUTHENTICATED("unauthenticated", 401, "Sign-in required", "需要登录"),
    FORBIDDEN("forbidden", 403, "Not allowed", "无权访问"),
    NOT_FOUND("not-found", 404, "Not found", "未找到"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed", "不支持该请求方法"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable", "不支持的响应格式"),
    CONFLICT("conflict", 409, "Conflict", "数据冲突"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Request too large", "请求内容过大"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type", "不支持的内容类型"),
    UNPROCESSABLE("unprocessable", 422, "Request cannot be processed", "请求无法处理"),
    RATE_LIMITED("rate-limited", 429, "Too many requests", "请求过于频繁"),
    INTERNAL("internal", 500, "Internal error", "系统内部错误"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", 503, "Service temporarily unavailable", "服务暂时不可用"),
    UPSTREAM_TIMEOUT("upstream-timeout", 504, "Service did not answer in time", "服务响应超时");

    public static final String BASE = "https://lifeline.example.org/problems/";

    private final String slug;
    private final int status;
    private final String titleEn;
    private final String titleZh;

    ProblemType(String slug, int status, String titleEn, String titleZh) {
        this.slug = slug;
        this.status = status;
        this.titleEn = titleEn;
        this.titleZh = titleZh;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public int status() {
        return status;
    }

    public String title(Lang lang) {
        return lang == Lang.EN ? titleEn : titleZh;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
