package org.lifeline.residents.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.lifeline.platform.problem.Problems;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Callers;

/** The current request's caller and request id, for resources. */
@RequestScoped
public class CallerContext {

    @Inject
    SecurityIdentity identity;

    @Inject
    Callers callers;

    @Inject
    HttpHeaders headers;

    public Caller caller() {
        return callers.of(identity);
    }

    /** The OAuth client the token was issued to ({@code azp}), e.g. {@code lifeline-hotline} for its service account. */
    public String clientId() {
        return callers.clientId(identity);
    }

    public String requestId() {
        return headers.getHeaderString(Problems.REQUEST_ID_HEADER);
    }
}
