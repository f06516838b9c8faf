package org.lifeline.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code title} and
 * {@code detail} are in the caller's language ({@code Accept-Language}: zh-CN by default, or en);
 * {@code errors} names each wrong field. {@code requestId} ties the answer to the logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, String requestId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One wrong field: its JSON path (e.g. {@code persons[0].idNumber}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
