package org.lifeline.hotline.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.lifeline.platform.idempotency.JdbcIdempotency;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.problem.Problems;

/** A retry while the first request with its Idempotency-Key still runs: 409 problem+json with {@code Retry-After}. */
public class IdempotencyMapper {

    @ServerExceptionMapper
    public Response inProgress(JdbcIdempotency.InProgress e, HttpHeaders headers) {
        Lang lang = Lang.fromAcceptLanguage(headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        Response problem = Problems.response(ProblemType.CONFLICT, e.detail().in(lang), null, lang, headers);
        return Response.fromResponse(problem).header("Retry-After", e.retryAfterSeconds()).build();
    }
}
