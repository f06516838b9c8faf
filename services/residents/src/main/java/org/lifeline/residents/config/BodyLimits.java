package org.lifeline.residents.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.Problem;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.problem.Problems;

/**
 * Two body limits: Quarkus' own ({@code quarkus.http.limits.max-body-size}) is high enough for register
 * uploads, which are streamed to disk as multipart; every other request body (JSON, buffered in
 * memory) is refused above {@code residents.max-json-body-size} with a 413 problem before it is read.
 */
@ApplicationScoped
public class BodyLimits {

    @jakarta.inject.Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @ConfigProperty(name = "residents.max-json-body-size", defaultValue = "1M")
    MemorySize jsonLimit;

    void register(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE + 30).handler(this::check);
    }

    void check(RoutingContext rc) {
        String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean upload = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                && rc.request().path().equals("/api/residents/imports");
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = jsonLimit.asLongValue();
        if (!upload && (length == null ? "chunked".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING)) : parse(length) > limit)) {
            Lang lang = Lang.fromAcceptLanguage(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
            Message detail = Texts.of("body-limits.request-body-larger-than-bytes", limit);
            ProblemType problem = ProblemType.PAYLOAD_TOO_LARGE;
            String body;
            try {
                body = mapper.writeValueAsString(new Problem(problem.uri(), problem.title(lang), problem.status(), detail.in(lang),
                        rc.request().path(), rc.request().getHeader(Problems.REQUEST_ID_HEADER), null));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONTENT_LANGUAGE, lang.tag())
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(done -> rc.request().connection().close())
                    .end(body);
            return;
        }
        rc.next();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
