package org.lifeline.cogovernance.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.lifeline.cogovernance.client.KeycloakAdmin.KeycloakUnavailable;
import org.lifeline.platform.problem.ProblemMappers;

/** Keycloak Admin API failures (an error answer, a timeout, an open breaker) as 503 problem+json. */
public class KeycloakProblems {

    private static final Logger LOG = Logger.getLogger(KeycloakProblems.class);

    @ServerExceptionMapper
    public Response unavailable(KeycloakUnavailable e, HttpHeaders headers) {
        LOG.warnf("Keycloak Admin API: %s", e.getMessage());
        return new ProblemMappers().problem(e.problem(), headers);
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, HttpHeaders headers) {
        LOG.warnf("Keycloak Admin API timed out: %s", e.getMessage());
        return new ProblemMappers().problem(KeycloakUnavailable.problemFor(), headers);
    }

    @ServerExceptionMapper
    public Response open(CircuitBreakerOpenException e, HttpHeaders headers) {
        return new ProblemMappers().problem(KeycloakUnavailable.problemFor(), headers);
    }
}
