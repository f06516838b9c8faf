package org.lifeline.testing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.jdbc.Transactions;
import org.lifeline.platform.places.PlaceScopes;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.api.CampaignApi.BuildingCounts;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.CampaignApi.Counts;
import org.lifeline.testing.api.CampaignApi.Coverage;
import org.lifeline.testing.api.CampaignApi.GridCounts;
import org.lifeline.testing.api.CampaignApi.HomeVisit;
import org.lifeline.testing.api.CampaignApi.Untested;
import org.lifeline.testing.config.Texts;
import org.lifeline.testing.model.CoverageRow;
import org.lifeline.testing.model.Grid;
import org.lifeline.testing.model.PersonQuery;
import org.lifeline.testing.repository.CampaignRepository;
import org.lifeline.testing.repository.CoverageRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Coverage of the caller's part of a campaign, and who is still to be tested: the untested list and the
 * door-to-door sampling tasks (上门采样) for bedridden persons.
 */
@ApplicationScoped
public class CoverageService {

    @Inject
    Transactions tx;

    @Inject
    PlaceScopes scopes;

    @Inject
    CampaignService campaignService;

    @Inject
    CampaignRepository campaigns;

    @Inject
    CoverageRepository coverage;

    /**
     * Coverage of the caller's part of the campaign: in all, per building and per grid. A person who moved out of the
     * caller's part after sampling counts where they were sampled.
     */
    public Coverage coverage(Caller caller, UUID id) {
        List<String> paths = scopes.paths(caller);
        return tx.call(c -> {
            Campaign campaign = campaignService.visible(c, caller, id);
            Map<String, Counts> buildings = new TreeMap<>();
            Map<String, Counts> grids = new TreeMap<>(Comparator.nullsLast(String::compareTo));
            for (CoverageRow row : coverage.counts(c, campaign, campaigns.areaPath(c, id), paths)) {
                (row.building() ? buildings : grids).put(row.code(), row.counts());
            }
            Map<String, String> buildingNames = coverage.placeNames(c, buildings.keySet());
            Map<String, Grid> gridsByCode = coverage.grids(c, grids.keySet());
            long expected = 0, tested = 0, exempt = 0, atHome = 0, atHomeUntested = 0;
            List<BuildingCounts> perBuilding = new ArrayList<>();
            for (Map.Entry<String, Counts> b : buildings.entrySet()) {
                Counts n = b.getValue();
                perBuilding.add(new BuildingCounts(b.getKey(), buildingNames.get(b.getKey()), n));
                expected += n.expected();
                tested += n.tested();
                exempt += n.exempt();
                atHome += n.atHome();
                atHomeUntested += n.atHomeUntested();
            }
            List<GridCounts> perGrid = new ArrayList<>();
            for (Map.Entry<String, Counts> g : grids.entrySet()) {
                Grid grid = g.getKey() == null ? null : gridsByCode.get(g.getKey());
                perGrid.add(new GridCounts(g.getKey(), grid == null ? null : grid.name(),
                        grid == null ? null : grid.worker(), g.getValue()));
            }
            return new Coverage(id, new Counts(expected, tested, expected - tested, exempt, atHome, atHomeUntested),
                    perBuilding, perGrid);
        });
    }

    /**
     * Persons of the caller's part not yet tested (exempt ones left out), in address order; optionally
     * of one building and/or one grid ({@code grid} "none": households without a grid).
     */
    public PageView<Untested> untested(Caller caller, UUID id, String building, String grid, int page, int size) {
        List<String> paths = scopes.paths(caller);
        return tx.read(c -> {
            PersonQuery query = query(c, caller, id, paths, building, grid);
            checkGrid(grid);
            return coverage.untested(c, query, page, size);
        });
    }

    /**
     * Door-to-door sampling tasks: the bedridden persons of the caller's part (not exempt), pending (not yet
     * sampled), done, or all; optionally of one building and/or grid. Empty when the campaign does not sample
     * at home.
     */
    public PageView<HomeVisit> homeVisits(Caller caller, UUID id, String status, String building, String grid,
            int page, int size) {
        List<String> paths = scopes.paths(caller);
        return tx.read(c -> {
            PersonQuery query = query(c, caller, id, paths, building, grid);
            if (!query.homeSampling()) {
                return PageView.of(List.of(), page, size, 0);
            }
            checkGrid(grid);
            return coverage.homeVisits(c, query, status, page, size);
        });
    }

    private PersonQuery query(Connection c, Caller caller, UUID id, List<String> paths, String building, String grid)
            throws SQLException {
        Campaign campaign = campaignService.visible(c, caller, id);
        return new PersonQuery(id, campaigns.areaPath(c, id), paths, building, grid, campaign.testDate(),
                campaign.exemptUnderMonths(), campaign.homeSampling());
    }

    /** A grid code holds only code characters ("none": households without a grid). */
    private static void checkGrid(String grid) {
        if (grid != null && !grid.isBlank() && !grid.equals("none") && !grid.matches("[0-9A-Za-z][0-9A-Za-z-]{0,63}")) {
            throw ProblemException.invalidField("grid", Texts.of("coverage.grid-invalid"));
        }
    }
}
