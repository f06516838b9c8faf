package org.lifeline.platform.problem;

import java.util.List;

/**
 * Thrown by service code for an error the caller should see as problem+json: a kind, a detail in
 * both languages and, for validation, the wrong fields.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Message detail;
    private final List<FieldErrorMessage> fieldErrors;

    /** A wrong field, with its message in both languages. */
    public record FieldErrorMessage(String field, Message message) {
    }

    public ProblemException(ProblemType type, Message detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, Message detail, List<FieldErrorMessage> fieldErrors) {
        super(type + ": " + detail.en());
        this.type = type;
        this.detail = detail;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(ProblemType.NOT_FOUND,
                Message.of(what + " " + id + " does not exist or is not visible to you.",
                        what + " " + id + " 不存在或您无权查看。"));
    }

    public static ProblemException forbidden(Message detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(Message detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException invalidField(String field, Message message) {
        return new ProblemException(ProblemType.VALIDATION,
                Message.of("The request has an invalid field: " + field + ".", "请求中的字段有误：" + field + "。"),
                List.of(new FieldErrorMessage(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public Message detail() {
        return detail;
    }

    public List<FieldErrorMessage> fieldErrors() {
        return fieldErrors;
    }
}
