package org.lifeline.residents.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.lifeline.platform.problem.Lang;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemType;
import org.lifeline.platform.problem.Problems;

/**
 * Database races the caller can resolve by retrying: a concurrent update of the same row
 * (optimistic lock) or a unique key taken meanwhile. 409, never 500.
 */
public class PersistenceProblems {

    @ServerExceptionMapper(priority = 1)
    public Response stale(StaleStateException e, HttpHeaders headers) {
        return conflict(headers, Message.of("Someone changed this record at the same time; reload and try again.",
                "该记录刚被他人修改，请刷新后重试。"));
    }

    @ServerExceptionMapper(priority = 1)
    public Response optimisticLock(jakarta.persistence.OptimisticLockException e, HttpHeaders headers) {
        return conflict(headers, Message.of("Someone changed this record at the same time; reload and try again.",
                "该记录刚被他人修改，请刷新后重试。"));
    }

    @ServerExceptionMapper(priority = 1)
    public Response uniqueKey(org.hibernate.exception.ConstraintViolationException e, HttpHeaders headers) {
        return conflict(headers, Message.of("This record already exists (" + e.getConstraintName() + ").",
                "该记录已存在（" + e.getConstraintName() + "）。"));
    }

    private static Response conflict(HttpHeaders headers, Message detail) {
        Lang lang = Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Problems.response(ProblemType.CONFLICT, detail.in(lang), null, lang, headers);
    }
}
