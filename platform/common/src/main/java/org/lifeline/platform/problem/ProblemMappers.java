package org.lifeline.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every exception that reaches the REST layer into RFC 9457 problem+json: the caller's
 * mistakes into 4xx with what is wrong, a dependency that cannot be reached (the database stopped or
 * restarting) into 503 with {@code Retry-After}, everything else into a 500 without internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        List<Problem.FieldError> errors = e.fieldErrors().isEmpty() ? null
                : e.fieldErrors().stream().map(f -> new Problem.FieldError(f.field(), f.message().in(lang))).toList();
        return Problems.response(e.type(), e.detail().in(lang), errors, lang, headers);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return Problems.response(ProblemType.VALIDATION,
                Message.of("Some fields are invalid: " + fields + ".", "以下字段有误：" + fields + "。").in(lang),
                errors, lang, headers);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unknownEnumOrWrongType(InvalidFormatException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        String field = jsonPath(e);
        String expected;
        if (e.getTargetType() != null && e.getTargetType().isEnum()) {
            expected = Arrays.stream(e.getTargetType().getEnumConstants()).map(Object::toString)
                    .map(s -> s.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
            return Problems.response(ProblemType.VALIDATION,
                    Message.of("Unknown value '" + e.getValue() + "' for " + field + ".",
                            "字段 " + field + " 的取值 '" + e.getValue() + "' 无效。").in(lang),
                    List.of(new Problem.FieldError(field, Message.of("must be one of: " + expected,
                            "必须是以下之一：" + expected).in(lang))), lang, headers);
        }
        expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
        return Problems.response(ProblemType.VALIDATION,
                Message.of("Wrong value for " + field + ".", "字段 " + field + " 的取值格式有误。").in(lang),
                List.of(new Problem.FieldError(field, Message.of("cannot be read as " + expected,
                        "无法解析为 " + expected).in(lang))), lang, headers);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unknownField(UnrecognizedPropertyException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        String field = jsonPath(e);
        return Problems.response(ProblemType.VALIDATION,
                Message.of("Unknown field " + field + ".", "未知字段 " + field + "。").in(lang),
                List.of(new Problem.FieldError(field, Message.of("is not a field of this request",
                        "不是此请求的字段").in(lang))), lang, headers);
    }

    @ServerExceptionMapper(priority = 2)
    public Response mismatchedInput(MismatchedInputException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return Problems.response(ProblemType.MALFORMED_BODY,
                    Message.of("The request body is missing or is not the expected JSON object.",
                            "请求体缺失或不是预期的 JSON 对象。").in(lang), null, lang, headers);
        }
        return Problems.response(ProblemType.VALIDATION,
                Message.of("Wrong value for " + field + ".", "字段 " + field + " 的取值格式有误。").in(lang),
                List.of(new Problem.FieldError(field, Message.of("has the wrong JSON type", "JSON 类型错误").in(lang))),
                lang, headers);
    }

    @ServerExceptionMapper(priority = 3)
    public Response malformedJson(JsonProcessingException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Problems.response(ProblemType.MALFORMED_BODY,
                Message.of("The request body is not valid JSON" + where + ".", "请求体不是有效的 JSON" + where + "。")
                        .in(lang), null, lang, headers);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, HttpHeaders headers) {
        return unauthenticated(headers);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers) {
        return unauthenticated(headers);
    }

    private Response unauthenticated(HttpHeaders headers) {
        Lang lang = lang(headers);
        Response response = Problems.response(ProblemType.UNAUTHENTICATED,
                Message.of("A valid bearer token is required.", "需要有效的访问令牌。").in(lang), null, lang, headers);
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lifeline\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        return Problems.response(ProblemType.FORBIDDEN,
                Message.of("Your role does not allow this request.", "您的角色无权执行此操作。").in(lang), null, lang,
                headers);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpHeaders headers) {
        Lang lang = lang(headers);
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping && !(json instanceof MismatchedInputException)
                    ? malformedJson(mapping, headers)
                    : malformedJson(json, headers);
        }
        ProblemType type = ProblemType.forStatus(status);
        Response response = Problems.response(type, type.title(lang), null, lang, headers, status);
        Response.ResponseBuilder builder = Response.fromResponse(response);
        Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpHeaders headers) {
        Lang lang = lang(headers);
        String requestId = Problems.requestId(headers);
        if (fromBearerMechanism(e)) {
            // quarkus-oidc throws parsing a bearer value that is not a JWT (e.g. ".."): an invalid token, 401
            return unauthenticated(headers);
        }
        if (unavailable(e)) {
            LOG.warnf("Dependency unavailable (request %s): %s", requestId, e);
            return unavailable(headers);
        }
        Response callersMistake = callersMistake(e, headers, lang);
        if (callersMistake != null) {
            return callersMistake;
        }
        LOG.errorf(e, "Unexpected error (request %s)", requestId);
        return Problems.response(ProblemType.INTERNAL,
                Message.of("Something went wrong on our side. Quote request id " + requestId + " when reporting it.",
                        "系统出现错误，请反馈时提供请求编号 " + requestId + "。").in(lang), null, lang, headers);
    }

    /** Thrown by quarkus-oidc's bearer token mechanism itself (found by security-tests: the token ".." was a 500). */
    static boolean fromBearerMechanism(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("io.quarkus.oidc.runtime.") && frame.getClassName().contains("AuthenticationMechanism")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} says a server this service needs could not be reached or went away (connection
     * refused or closed, SQL state class 08, PostgreSQL shutting down or starting: 57P01-57P03), not
     * that the request was wrong: the caller may retry the same request later.
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            String state = t instanceof java.sql.SQLException sql ? sql.getSQLState() : sqlStateOf(t);
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                return true;
            }
            String message = t.getMessage();
            if (t.getClass().getName().startsWith("io.vertx.") && message != null
                    && (message.contains("Connection refused") || message.contains("Connection is closed")
                            || message.contains("Connection was closed") || message.contains("Pool closed"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Input the database or the multipart reader refuses, found by the fuzzer (security-tests): a NUL or another
     * character PostgreSQL cannot store (SQL state 22021 / 22P05) and a truncated multipart body are the caller's
     * mistake, 400, not a 500. Null when the error is ours.
     */
    static Response callersMistake(Throwable e, HttpHeaders headers, Lang lang) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return Problems.response(ProblemType.VALIDATION, Message.of(
                        "A text contains a character that cannot be stored (such as NUL).",
                        "文本中含有无法保存的字符（如 NUL）。").in(lang), null, lang, headers);
            }
            if (t instanceof java.io.IOException io && io.getMessage() != null && io.getMessage().contains("multipart")) {
                return Problems.response(ProblemType.MALFORMED_BODY, Message.of("The multipart body is malformed or incomplete.",
                        "multipart 请求体格式错误或不完整。").in(lang), null, lang, headers);
            }
        }
        return null;
    }

    /** 503 problem+json with {@code Retry-After: 2}: the service works, something it needs is not there now. */
    public static Response unavailable(HttpHeaders headers) {
        Lang lang = lang(headers);
        Response response = Problems.response(ProblemType.UPSTREAM_UNAVAILABLE, Message.of(
                "The service cannot reach its database right now; retry in a moment.",
                "服务暂时无法连接数据库，请稍后重试。").in(lang), null, lang, headers);
        return Response.fromResponse(response).header("Retry-After", "2").build();
    }

    /** The SQL state of a reactive driver's exception (e.g. io.vertx.pgclient.PgException), without depending on it. */
    private static String sqlStateOf(Throwable t) {
        if (!t.getClass().getName().startsWith("io.vertx.")) {
            return null;
        }
        try {
            Object state = t.getClass().getMethod("getSqlState").invoke(t);
            return state instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Lang lang(HttpHeaders headers) {
        return Lang.fromAcceptLanguage(headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        boolean skipped = false;
        int index = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            index++;
            // method-parameter paths look like create.arg0.field: drop the method and parameter
            if (!skipped && (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER)) {
                if (node.getKind() == jakarta.validation.ElementKind.PARAMETER && violation.getPropertyPath()
                        .toString().split("\\.").length == index) {
                    parts.add(node.getName());
                }
                continue;
            }
            skipped = true;
            String name = node.getName() == null ? "" : node.getName();
            if (node.getIndex() != null) {
                if (!parts.isEmpty()) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + node.getIndex() + "]");
                }
                if (!name.isEmpty()) {
                    parts.add(name);
                }
            } else if (!name.isEmpty()) {
                parts.add(name);
            }
        }
        return String.join(".", parts);
    }

    static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
