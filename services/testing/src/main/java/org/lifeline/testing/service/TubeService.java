package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.CampaignApi.Tube;
import org.lifeline.testing.api.CampaignApi.TubeRequest;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.repository.CampaignRepository;
import org.lifeline.testing.repository.TubeRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Tubes of a campaign: open one at a site, read it, seal it before it is full. */
@ApplicationScoped
public class TubeService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    Clock clock;

    @Inject
    CampaignService campaignService;

    @Inject
    CampaignRepository campaigns;

    @Inject
    TubeRepository tubes;

    public Tube openTube(Caller caller, UUID campaignId, TubeRequest request) {
        List<String> paths = scopes.paths(caller);
        return tx.call(c -> {
            Campaign campaign = campaignService.visible(c, caller, campaignId);
            if (!campaign.status().equals("open")) {
                throw ProblemException.conflict(Texts.of("campaign.closed"));
            }
            String place = tubePlace(paths, campaigns.areaPath(c, campaignId), request.placeCode());
            int capacity = request.kind().equals("single") ? 1 : campaign.poolSize();
            if (!tubes.insert(c, request.barcode(), campaignId, request.kind(), capacity, request.site(),
                    caller.username(), place, OffsetDateTime.now(clock))) {
                throw ProblemException.conflict(Texts.of("tube.in-use", request.barcode()));
            }
            return tubes.find(c, request.barcode(), false).orElseThrow();
        });
    }

    /**
     * The place a new tube is used in: the named place (inside the campaign's area and the caller's areas); else the
     * campaign's area when it lies inside the caller's areas (a street officer's street-wide campaign); else the one area
     * of the caller inside the campaign (a community's staff in a street-wide campaign: their community).
     */
    private String tubePlace(List<String> paths, String campaignPath, String placeCode) {
        if (placeCode != null && !placeCode.isBlank()) {
            String path = scopes.path(placeCode).orElse(null);
            if (path != null && path.startsWith(campaignPath) && AreaPaths.within(paths, path)) {
                return path;
            }
            throw ProblemException.forbidden(Texts.of("tube.place-outside", placeCode));
        }
        if (AreaPaths.within(paths, campaignPath)) {
            return campaignPath;
        }
        List<String> inside = paths.stream().filter(p -> p.startsWith(campaignPath)).distinct().toList();
        if (inside.size() == 1) {
            return inside.get(0);
        }
        throw ProblemException.invalidField("placeCode", Texts.of("tube.place-required"));
    }

    /** Seals a tube before it is full (end of a session). */
    public Tube seal(Caller caller, String barcode) {
        return tx.call(c -> {
            Tube tube = visibleTube(c, caller, barcode, false);
            campaignService.visible(c, caller, tube.campaignId());
            tubes.seal(c, barcode, OffsetDateTime.now(clock));
            return tubes.find(c, barcode, false).orElseThrow();
        });
    }

    public Tube getTube(Caller caller, String barcode) {
        return tx.read(c -> {
            Tube tube = visibleTube(c, caller, barcode, false);
            campaignService.visible(c, caller, tube.campaignId());
            return tube;
        });
    }

    /** The tube if its place is inside the caller's areas; 404 otherwise (its existence is not revealed). */
    Tube visibleTube(Connection c, Caller caller, String barcode, boolean lock) throws SQLException {
        Tube tube = tubes.find(c, barcode, lock).orElseThrow(() -> ProblemException.notFound("Tube", barcode));
        if (!scopes.within(caller, tubes.placePath(c, barcode))) {
            throw ProblemException.notFound("Tube", barcode);
        }
        return tube;
    }
}
