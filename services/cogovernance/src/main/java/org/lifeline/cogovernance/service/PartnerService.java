package org.lifeline.cogovernance.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.lifeline.cogovernance.api.PartnerApi.ApplyRequest;
import org.lifeline.cogovernance.api.PartnerApi.Approval;
import org.lifeline.cogovernance.api.PartnerApi.Credentials;
import org.lifeline.cogovernance.api.PartnerApi.Partner;
import org.lifeline.cogovernance.api.VolunteerApi.Notification;
import org.lifeline.cogovernance.client.KeycloakAdmin;
import org.lifeline.cogovernance.config.Texts;
import org.lifeline.cogovernance.event.PartnerStatusChanged;
import org.lifeline.cogovernance.repository.AccessLogRepository;
import org.lifeline.cogovernance.repository.NotificationRepository;
import org.lifeline.cogovernance.repository.PartnerRepository;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.partner.PartnerGate;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.privacy.Masking;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Partner enterprises (merchants, labs, logistics): apply; a district officer (all the partner's areas inside
 * theirs) or a platform admin approves, which creates the partner's confidential client in Keycloak; secrets
 * rotate; suspension disables the client and refuses the partner's calls at once (its unexpired tokens too).
 */
@ApplicationScoped
public class PartnerService {

    private static final Logger LOG = Logger.getLogger(PartnerService.class);

    @Inject
    Transactions tx;

    @Inject
    PartnerRepository repository;

    @Inject
    NotificationRepository notifications;

    @Inject
    AccessLogRepository accessLog;

    @Inject
    PlaceScopes places;

    @Inject
    KeycloakAdmin keycloak;

    @Inject
    ObjectMapper mapper;

    public Partner apply(Caller caller, ApplyRequest request) {
        List<String> codes = request.areaCodes().stream().distinct().toList();
        Map<String, String> paths = places.pathsOf(codes);
        for (String code : codes) {
            if (!paths.containsKey(code)) {
                throw ProblemException.invalidField("areaCodes", Texts.of("place.unknown", code));
            }
        }
        UUID id = UUID.randomUUID();
        tx.run(c -> repository.apply(c, id, request.name(), request.kind(), request.contactName(), request.contactPhone(), codes,
                codes.stream().map(paths::get).toList(), caller.username()));
        return load(id);
    }

    /**
     * Approves (creating the Keycloak client with the partner's role and areas) or rejects an application. The
     * partner row stays locked during the Keycloak calls, so two approvers cannot create two clients.
     */
    public Approval decide(Caller caller, UUID id, String decision, String note) {
        Partner partner = visible(caller, id);
        Credentials[] created = new Credentials[1];
        try {
            tx.run(c -> {
                String status = repository.lockStatus(c, id);
                if (!"applied".equals(status)) {
                    throw ProblemException.conflict(Texts.of("partner.already-decided", id, status));
                }
                String clientId = null;
                if ("approved".equals(decision)) {
                    clientId = "partner-" + partner.kind() + "-" + id.toString().substring(0, 8);
                    KeycloakAdmin.Client client = keycloak.createPartnerClient(clientId, partner.name(), partner.kind(), partner.areaCodes());
                    created[0] = new Credentials(id, clientId, client.secret(), tokenUrl());
                }
                repository.decide(c, id, decision, clientId, caller.username(), note);
                Outbox.write(c, mapper, PartnerStatusChanged.TYPE, id.toString(), new PartnerStatusChanged(id, partner.name(),
                        partner.kind(), clientId, decision, partner.areaCodes()));
            });
        } catch (IllegalStateException e) {
            if (created[0] != null && e.getCause() instanceof java.sql.SQLException) {
                LOG.errorf("Partner %s: client %s was created in Keycloak but the approval was not saved (%s); approving again reuses it",
                        id, created[0].clientId(), e.getMessage());
            }
            throw e;
        }
        return new Approval(load(id), created[0]);
    }

    /** Suspends (disabling the client) or reinstates an approved partner. */
    public Partner setSuspended(Caller caller, UUID id, boolean suspended, String reason) {
        Partner partner = visible(caller, id);
        String from = suspended ? "approved" : "suspended";
        if (!from.equals(partner.status())) {
            throw ProblemException.conflict(Texts.of("partner.status", id, partner.status()));
        }
        String to = suspended ? "suspended" : "approved";
        tx.run(c -> {
            if (!repository.move(c, id, from, to, reason, caller.username())) {
                throw ProblemException.conflict(Texts.of("partner.changed-meanwhile", id));
            }
            Outbox.write(c, mapper, PartnerStatusChanged.TYPE, id.toString(), new PartnerStatusChanged(id, partner.name(),
                    partner.kind(), partner.clientId(), to, partner.areaCodes()));
            // suspended here first (the partner is refused at once), then in Keycloak; if Keycloak fails the change is rolled back
            keycloak.setEnabled(partner.clientId(), !suspended);
        });
        return load(id);
    }

    /** A new secret for an approved partner's client (by an approver, or by the partner itself). */
    public Credentials rotate(Partner partner) {
        if (!"approved".equals(partner.status())) {
            throw ProblemException.conflict(Texts.of("partner.status", partner.id(), partner.status()));
        }
        String secret = keycloak.regenerateSecret(partner.clientId());
        return new Credentials(partner.id(), partner.clientId(), secret, tokenUrl());
    }

    /** The calling partner (by its OAuth client id) with the token's roles; a suspended or unknown partner is refused. */
    public Partner self(String clientId, Set<String> roles) {
        Partner partner = tx.read(c -> repository.byClientId(c, clientId)).map(PartnerRepository.Stored::partner).orElse(null);
        // the same rule and answer as the other services' PartnerGate: known, approved, of the kind the token's role says
        if (partner == null || !"approved".equals(partner.status()) || !roles.contains(partner.kind())) {
            throw PartnerGate.refused(clientId);
        }
        return partner;
    }

    /** The partner's notifications (an area it serves entered emergency mode), newest first. */
    public List<Notification> notifications(Partner partner) {
        return tx.read(c -> notifications.of(c, partner.clientId(), "partner"));
    }

    /** A partner whose areas are all inside the caller's (district officers), or any for a platform admin; 404 otherwise. */
    public Partner visible(Caller caller, UUID id) {
        List<String> mine = places.paths(caller);
        return tx.call(c -> {
            PartnerRepository.Stored stored = repository.byId(c, id)
                    .filter(p -> p.areaPaths().stream().allMatch(path -> AreaPaths.within(mine, path)))
                    .orElseThrow(() -> ProblemException.notFound("Partner", id));
            accessLog.record(c, caller, "partner", id, "contactPhone", "partner-administration");
            return stored.partner();
        });
    }

    public PageView<Partner> list(Caller caller, String status, int page, int size) {
        List<String> mine = places.paths(caller);
        return tx.read(c -> PageView.of(repository.list(c, mine, status, page, size).stream().map(PartnerService::masked).toList(),
                page, size, repository.count(c, mine, status)));
    }

    /** Lists show the contact phone masked; opening one partner shows it, audited. */
    private static Partner masked(Partner p) {
        return new Partner(p.id(), p.name(), p.kind(), p.contactName(), Masking.phone(p.contactPhone()), p.areaCodes(), p.status(),
                p.clientId(), p.appliedBy(), p.appliedAt(), p.decidedBy(), p.decidedAt(), p.note());
    }

    private Partner load(UUID id) {
        return tx.read(c -> repository.byId(c, id)).orElseThrow().partner();
    }

    private String tokenUrl() {
        return keycloak.baseUrl() + "/realms/lifeline/protocol/openid-connect/token";
    }
}
