package org.lifeline.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.gateway.config.Texts;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.Problem;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.problem.Problems;

/** The problem+json answers the gateway makes itself (401, 403, 404, 413, 429, 503, 504). */
@ApplicationScoped
public class Responses {

    @Inject
    ObjectMapper mapper;

    public void problem(RoutingContext rc, ProblemType type, Message detail) {
        if (rc.response().headWritten()) {
            return;
        }
        Lang lang = Lang.fromAcceptLanguage(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem problem = new Problem(type.uri(), type.title(lang), type.status(), detail.in(lang), rc.request().path(),
                rc.request().getHeader(Problems.REQUEST_ID_HEADER), null);
        rc.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, lang.tag())
                .end(json(problem));
    }

    public void unauthenticated(RoutingContext rc) {
        if (rc.response().headWritten()) {
            return; // already answered through Quarkus' authentication failure handler
        }
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"lifeline\"");
        problem(rc, ProblemType.UNAUTHENTICATED, Texts.of("token.required"));
    }

    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
