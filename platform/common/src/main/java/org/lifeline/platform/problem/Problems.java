package org.lifeline.platform.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** Builds problem+json responses; the one place that knows their shape. */
public final class Problems {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private Problems() {
    }

    public static Response response(ProblemType type, String detail, List<Problem.FieldError> errors, Lang lang,
            HttpHeaders headers) {
        return response(type, detail, errors, lang, headers, type.status());
    }

    public static Response response(ProblemType type, String detail, List<Problem.FieldError> errors, Lang lang,
            HttpHeaders headers, int status) {
        Problem problem = new Problem(type.uri(), type.title(lang), status, detail, null, requestId(headers), errors);
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, lang.tag())
                .entity(problem)
                .build();
    }

    public static String requestId(HttpHeaders headers) {
        String id = headers == null ? null : headers.getHeaderString(REQUEST_ID_HEADER);
        return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    }
}
