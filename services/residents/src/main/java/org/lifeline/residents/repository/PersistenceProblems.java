package org.lifeline.residents.repository;

import org.lifeline.residents.config.Texts;
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
 * (optimistic lock) or a unique key taken meanwhile. 409, never 500. In repository: it reads what the
 * database (Hibernate, JDBC, the reactive client) answered, which the rest package does not know.
 */
public class PersistenceProblems {

    @ServerExceptionMapper(priority = 1)
    public Response stale(StaleStateException e, HttpHeaders headers) {
        return conflict(headers, Texts.of("persistence-problems.someone-changed-record-same-time"));
    }

    @ServerExceptionMapper(priority = 1)
    public Response optimisticLock(jakarta.persistence.OptimisticLockException e, HttpHeaders headers) {
        return conflict(headers, Texts.of("persistence-problems.someone-changed-record-same-time"));
    }

    @ServerExceptionMapper(priority = 1)
    public Response uniqueKey(org.hibernate.exception.ConstraintViolationException e, HttpHeaders headers) {
        return conflict(headers, Texts.of("persistence-problems.record-already-exists"));
    }

    /**
     * Hibernate Reactive may wrap the database's answer: look for the SQL state among the causes.
     * 23505 (unique key taken meanwhile) is 409; 22001 (value too long) is 400; the database unreachable is 503;
     * anything else stays a 500.
     */
    @ServerExceptionMapper(priority = 2)
    public Response persistence(jakarta.persistence.PersistenceException e, HttpHeaders headers) {
        String state = sqlState(e);
        if ("23505".equals(state)) {
            return conflict(headers, Texts.of("persistence-problems.record-already-exists"));
        }
        if ("22021".equals(state) || "22P05".equals(state)) { // a NUL in a text (found by security-tests' fuzzer)
            Lang lang = Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
            return Problems.response(ProblemType.VALIDATION, Texts.of("persistence-problems.text-contains-character-that-cannot").in(lang), null, lang, headers);
        }
        if ("22001".equals(state)) {
            Lang lang = Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
            return Problems.response(ProblemType.VALIDATION, Texts.of("persistence-problems.value-longer-than-allowed").in(lang), null, lang, headers);
        }
        if (org.lifeline.platform.problem.ProblemMappers.unavailable(e)) {
            return org.lifeline.platform.problem.ProblemMappers.unavailable(headers); // the database is down: 503, retry
        }
        org.jboss.logging.Logger.getLogger(PersistenceProblems.class).errorf(e, "Database error (request %s)",
                Problems.requestId(headers));
        Lang lang = Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Problems.response(ProblemType.INTERNAL, Texts.of("persistence-problems.something-went-wrong-our-side").in(lang), null, lang, headers);
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Response conflict(HttpHeaders headers, Message detail) {
        Lang lang = Lang.fromAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return Problems.response(ProblemType.CONFLICT, detail.in(lang), null, lang, headers);
    }
}
