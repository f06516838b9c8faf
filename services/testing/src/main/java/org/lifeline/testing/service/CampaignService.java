package org.lifeline.testing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.CampaignApi.CampaignRequest;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.event.HomeSamplingRequested;
import org.lifeline.testing.model.BedriddenHousehold;
import org.lifeline.testing.repository.CampaignRepository;
import org.lifeline.testing.repository.EventRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Campaigns over the read model: open one, list and read them. A caller sees a campaign that overlaps their
 * areas (it covers them, or lies inside them) and works only on the households inside their areas.
 */
@ApplicationScoped
public class CampaignService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    CampaignRepository campaigns;

    @Inject
    EventRepository events;

    @Inject
    ObjectMapper mapper;

    /** A campaign over a place inside the caller's areas (unknown place: 404; outside: 403). */
    public Campaign create(Caller caller, CampaignRequest request) {
        String areaPath = scopes.path(request.areaCode())
                .orElseThrow(() -> ProblemException.notFound("Place", request.areaCode()));
        if (!scopes.within(caller, areaPath)) {
            throw ProblemException.forbidden(Texts.of("campaign.place-outside-areas", request.areaCode()));
        }
        UUID id = UUID.randomUUID();
        boolean homeSampling = request.homeSampling() == null || request.homeSampling();
        int exempt = request.exemptUnderMonths() == null ? 0 : request.exemptUnderMonths();
        return tx.call(c -> {
            campaigns.insert(c, id, request.areaCode(), areaPath, request.title().strip(), request.testDate(),
                    request.poolSize() == null ? 10 : request.poolSize(), exempt, caller.username(), homeSampling);
            if (homeSampling) {
                requestHomeSampling(c, id, areaPath, request, exempt);
            }
            return campaigns.load(c, id);
        });
    }

    /**
     * One {@code HomeSamplingRequested.v1} per household of the campaign area with bedridden persons (not
     * exempt by age), in the campaign's transaction: the co-governance board makes each a sampling-assist
     * task for volunteers. Names are not in the event, only how many persons to sample there.
     */
    private void requestHomeSampling(Connection c, UUID campaign, String areaPath, CampaignRequest request, int exempt)
            throws SQLException {
        List<Outbox.Row> rows = new ArrayList<>();
        for (BedriddenHousehold h : campaigns.bedriddenHouseholds(c, areaPath, request.testDate(), exempt)) {
            rows.add(Outbox.row(mapper, HomeSamplingRequested.TYPE, h.id().toString(), new HomeSamplingRequested(
                    campaign, h.id(), h.code(), h.placePath(), h.gridCode(), h.persons(), request.testDate())));
        }
        events.write(c, rows);
    }

    /** Campaigns over or inside the caller's areas, newest test date first. */
    public PageView<Campaign> list(Caller caller, int page, int size) {
        List<String> paths = scopes.paths(caller);
        if (paths.isEmpty()) {
            return PageView.of(List.of(), page, size, 0);
        }
        return tx.read(c -> PageView.of(campaigns.overlapping(c, paths, page, size), page, size,
                campaigns.countOverlapping(c, paths)));
    }

    public Campaign get(Caller caller, UUID id) {
        return tx.read(c -> visible(c, caller, id));
    }

    /** The campaign if it overlaps the caller's areas; 404 otherwise (its existence is not revealed). */
    Campaign visible(Connection c, Caller caller, UUID id) throws SQLException {
        return campaigns.overlapping(c, id, scopes.paths(caller))
                .orElseThrow(() -> ProblemException.notFound("Campaign", id));
    }
}
