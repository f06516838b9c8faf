package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.partner.PartnerDirectory;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.platform.security.Roles;
import org.lifeline.testing.api.ResultApi.Handover;
import org.lifeline.testing.api.ResultApi.HandoverRequest;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.model.HandoverTube;
import org.lifeline.testing.repository.ResultRepository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Chain of custody: sealed tubes of one campaign handed to an approved lab partner. */
@ApplicationScoped
public class HandoverService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    Clock clock;

    @Inject
    PartnerDirectory partners;

    @Inject
    CampaignService campaigns;

    @Inject
    ResultRepository results;

    /**
     * Hands sealed tubes of one campaign to a lab: only tubes whose place is inside the caller's areas (others are
     * "unknown", their existence not revealed), only to a lab that co-governance announced as an approved lab partner.
     */
    public Handover handover(Caller caller, HandoverRequest request) {
        Set<String> barcodes = new LinkedHashSet<>(request.barcodes());
        PartnerDirectory.Partner lab = partners.byClientId(request.lab())
                .filter(p -> p.isApproved() && Roles.LAB.equals(p.kind()))
                .orElseThrow(() -> ProblemException.invalidField("lab", Texts.of("handover.lab-unknown")));
        List<String> paths = scopes.paths(caller);
        return tx.call(c -> {
            UUID campaign = null;
            List<String> problems = new ArrayList<>();
            Set<String> found = new LinkedHashSet<>();
            for (HandoverTube tube : results.tubesToHandOver(c, barcodes, paths)) {
                found.add(tube.barcode());
                if (campaign != null && !campaign.equals(tube.campaignId())) {
                    problems.add(tube.barcode() + ": another campaign");
                }
                campaign = campaign == null ? tube.campaignId() : campaign;
                if (!"sealed".equals(tube.status())) {
                    problems.add(tube.barcode() + ": not sealed");
                }
                if (tube.lab() != null) {
                    problems.add(tube.barcode() + ": already handed over");
                }
            }
            for (String b : barcodes) {
                if (!found.contains(b)) {
                    problems.add(b + ": unknown tube");
                }
            }
            if (campaign != null) {
                campaigns.visible(c, caller, campaign); // 404 unless the caller's areas overlap it
            }
            if (!problems.isEmpty()) {
                throw ProblemException.invalidField("barcodes", Texts.of("handover.problems", String.join("; ", problems)));
            }
            UUID id = UUID.randomUUID();
            OffsetDateTime at = results.handOver(c, id, campaign, lab.clientId(), barcodes, caller.username(),
                    OffsetDateTime.now(clock));
            return new Handover(id, campaign, lab.clientId(), barcodes.size(), caller.username(), at);
        });
    }
}
