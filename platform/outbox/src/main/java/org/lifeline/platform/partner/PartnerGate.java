package org.lifeline.platform.partner;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Callers;
import org.lifeline.platform.security.Roles;

import java.util.Optional;
import java.util.Set;

/**
 * Refuses, before any endpoint runs, a caller whose token carries a partner role (merchant, lab, logistics) unless
 * the OAuth client the token was issued to ({@code azp}) is a partner that co-governance announced as approved, of
 * that kind ({@link PartnerDirectory}). So a suspended partner's unexpired token is refused as soon as the
 * suspension event arrives, and so is an unknown one. A user account that holds a partner role (a password or
 * portal token: its {@code azp} is {@code lifeline-cli} or {@code lifeline-portal}) is not a partner either: partners
 * act through their own client only. 403 problem+json, and nothing is recorded. Active only in services that set
 * {@code lifeline.partners.enabled=true}.
 */
@ApplicationScoped
public class PartnerGate {

    public static final Set<String> PARTNER_ROLES = Set.of(Roles.MERCHANT, Roles.LAB, Roles.LOGISTICS);

    @Inject
    PartnerDirectory directory;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    Callers callers;

    @ServerRequestFilter
    public Uni<Void> refuseInactivePartners() {
        if (!directory.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull() // an invalid token is the authentication's to answer (401)
                .onItem().transformToUni(identity -> {
                    if (identity == null || identity.isAnonymous()
                            || identity.getRoles().stream().noneMatch(PARTNER_ROLES::contains)) {
                        return Uni.createFrom().voidItem();
                    }
                    String clientId = callers.clientId(identity);
                    return Uni.createFrom().item(() -> directory.byClientId(clientId))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .invoke(partner -> check(identity, clientId, partner))
                            .replaceWithVoid();
                });
    }

    /** Throws 403 unless the partner is known, approved and of a kind the token's roles name. */
    static void check(SecurityIdentity identity, String clientId, Optional<PartnerDirectory.Partner> partner) {
        if (partner.isEmpty() || !partner.get().isApproved() || !identity.getRoles().contains(partner.get().kind())) {
            throw refused(clientId);
        }
    }

    /** The one answer for a partner that may not act (co-governance answers the same). */
    public static ProblemException refused(String clientId) {
        return ProblemException.forbidden(Message.of(
                "The partner (client " + clientId + ") is suspended or not registered; partners act only through their "
                        + "registered, approved client.",
                "合作企业（客户端 " + clientId + "）已被暂停或未登记，无权访问；合作企业只能通过已登记并获批准的客户端调用。"));
    }
}
