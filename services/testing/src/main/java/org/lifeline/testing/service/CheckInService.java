package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.CampaignApi.Sample;
import org.lifeline.testing.api.CampaignApi.Tube;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.model.PersonPlace;
import org.lifeline.testing.repository.CampaignRepository;
import org.lifeline.testing.repository.TubeRepository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Check-in: a person's sample into a tube, the person named by their signed check-in code or picked from a list.
 * Once per campaign, and once more, into a single tube, after their sample was in a positive pooled tube.
 */
@ApplicationScoped
public class CheckInService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    Clock clock;

    @Inject
    CheckInCodes codes;

    @Inject
    CampaignService campaignService;

    @Inject
    TubeService tubeService;

    @Inject
    CampaignRepository campaigns;

    @Inject
    TubeRepository tubes;

    /** The person's sample into the tube; a tube that becomes full is sealed. */
    public Sample addSample(Caller caller, String barcode, UUID personGiven, String code) {
        UUID personId = personGiven;
        UUID codeCampaign = null;
        if (code != null && !code.isBlank()) {
            CheckInCodes.Decoded decoded = codes.decode(code);
            if (decoded == null) {
                throw ProblemException.invalidField("code", Texts.of("checkin.code-invalid"));
            }
            if (personId != null && !personId.equals(decoded.personId())) {
                throw ProblemException.invalidField("code", Texts.of("checkin.code-other-person"));
            }
            personId = decoded.personId();
            codeCampaign = decoded.campaignId();
        }
        if (personId == null) {
            throw ProblemException.invalidField("personId", Texts.of("checkin.person-required"));
        }
        UUID person = personId;
        UUID campaignOfCode = codeCampaign;
        List<String> paths = scopes.paths(caller);
        return tx.call(c -> {
            Tube tube = tubeService.visibleTube(c, caller, barcode, true); // locks the tube: check-ins into one tube queue up
            Campaign campaign = campaignService.visible(c, caller, tube.campaignId());
            String tubePath = tubes.placePath(c, barcode);
            if (campaignOfCode != null && !campaignOfCode.equals(campaign.id())) {
                throw ProblemException.invalidField("code", Texts.of("checkin.code-other-campaign"));
            }
            if (!tube.status().equals("open")) {
                throw ProblemException.conflict(Texts.of("tube.sealed", barcode));
            }
            String areaPath = campaigns.areaPath(c, campaign.id());
            PersonPlace place = tubes.personPlace(c, person)
                    .filter(p -> p.placePath().startsWith(areaPath) && p.placePath().startsWith(tubePath)
                            && AreaPaths.within(paths, p.placePath()))
                    .orElseThrow(() -> ProblemException.notFound("Person", person));
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (!tubes.markSampled(c, campaign.id(), place, barcode, now)) {
                throw ProblemException.conflict(Texts.of("checkin.already-sampled"));
            }
            if (tube.kind().equals("pooled") && tubes.isRetest(c, campaign.id(), person)) {
                throw ProblemException.conflict(Texts.of("checkin.retest-single"));
            }
            tubes.addSample(c, campaign.id(), place, barcode, caller.username(), now);
            return tubes.latestSample(c, campaign.id(), person);
        });
    }
}
