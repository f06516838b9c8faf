package org.lifeline.supplies.service;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;
import org.lifeline.supplies.config.Texts;
import org.lifeline.supplies.model.Actor;

/**
 * Builds the {@link Actor} of a request, once, before any transaction (ARCHITECTURE.md rule 4): the areas it sees
 * are the platform's one rule ({@link PlaceScopes}: a platform admin everything, staff and volunteers the subtrees
 * of their {@code areas}, everyone else nothing by area); a merchant is its OAuth client ({@code azp}).
 */
@ApplicationScoped
public class Actors {

    @Inject
    Callers callers;

    @Inject
    PlaceScopes places;

    public Actor of(SecurityIdentity identity) {
        Caller caller = callers.of(identity);
        String merchant = null;
        if (caller.hasRole(Roles.MERCHANT)) {
            Object azp = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null;
            merchant = azp == null ? null : String.valueOf(azp).replace("\"", "");
            if (merchant == null || merchant.isBlank()) {
                throw ProblemException.forbidden(Texts.of("actor.merchant-without-client"));
            }
        }
        return new Actor(caller, places.paths(caller), merchant);
    }
}
