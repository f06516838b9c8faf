package org.lifeline.testing.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.events.CloudEvent;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.campaign.CampaignApi.BuildingCounts;
import org.lifeline.testing.campaign.CampaignApi.Campaign;
import org.lifeline.testing.campaign.CampaignApi.CampaignRequest;
import org.lifeline.testing.campaign.CampaignApi.Counts;
import org.lifeline.testing.campaign.CampaignApi.Coverage;
import org.lifeline.testing.campaign.CampaignApi.GridCounts;
import org.lifeline.testing.campaign.CampaignApi.HomeVisit;
import org.lifeline.testing.campaign.CampaignApi.Sample;
import org.lifeline.testing.campaign.CampaignApi.Tube;
import org.lifeline.testing.campaign.CampaignApi.TubeRequest;
import org.lifeline.testing.campaign.CampaignApi.Untested;
import org.lifeline.testing.rest.Areas;
import org.lifeline.platform.api.PageView;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Campaigns, tubes and check-ins, over the read model. A caller sees a campaign that overlaps their
 * areas (it covers them, or lies inside them) and works only on the households inside their areas.
 */
@ApplicationScoped
public class CampaignService {

    /** Path segment of a household's place_path that is its building: /city/district/street/community/compound/building/. */
    static final int BUILDING_SEGMENT = 7;
    public static final String CAMPAIGN_TOPIC = "lifeline.testing.campaign.v1";
    public static final String HOME_SAMPLING_REQUESTED = "org.lifeline.testing.HomeSamplingRequested.v1";

    /** Data of {@code HomeSamplingRequested.v1}: a household to sample at home (its bedridden persons). */
    public record HomeSamplingRequested(UUID campaignId, UUID householdId, String householdCode, String placePath,
            String gridCode, int persons, LocalDate testDate) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Areas areas;

    @Inject
    ObjectMapper mapper;

    @Inject
    CheckInCodes codes;

    public Campaign create(Caller caller, CampaignRequest request) {
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            String areaPath;
            try (PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ?")) {
                s.setString(1, request.areaCode());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("Place", request.areaCode());
                    }
                    areaPath = rs.getString(1);
                }
            }
            if (!AreaPaths.within(paths, areaPath)) {
                throw ProblemException.forbidden(Message.of("Place " + request.areaCode() + " is outside your areas.",
                        "地点 " + request.areaCode() + " 不在您的负责范围内。"));
            }
            UUID id = UUID.randomUUID();
            boolean homeSampling = request.homeSampling() == null || request.homeSampling();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO campaign (id, area_code, area_path, title, "
                    + "test_date, pool_size, exempt_under_months, status, created_by, home_sampling) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)")) {
                s.setObject(1, id);
                s.setString(2, request.areaCode());
                s.setString(3, areaPath);
                s.setString(4, request.title().strip());
                s.setObject(5, request.testDate());
                s.setInt(6, request.poolSize() == null ? 10 : request.poolSize());
                s.setInt(7, request.exemptUnderMonths() == null ? 0 : request.exemptUnderMonths());
                s.setString(8, caller.username());
                s.setBoolean(9, homeSampling);
                s.executeUpdate();
                if (homeSampling) {
                    requestHomeSampling(c, id, areaPath, request);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return load(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One {@code HomeSamplingRequested.v1} per household of the campaign area with bedridden persons (not
     * exempt by age), in the campaign's transaction: the co-governance board makes each a sampling-assist
     * task for volunteers. Names are not in the event, only how many persons to sample there.
     */
    private void requestHomeSampling(Connection c, UUID campaign, String areaPath, CampaignRequest request)
            throws SQLException {
        int exempt = request.exemptUnderMonths() == null ? 0 : request.exemptUnderMonths();
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.code, h.place_path, h.grid_code, count(*) "
                + "FROM household_rm h JOIN person_rm p ON p.household_id = h.id WHERE p.flags @> '{bedridden}' "
                + "AND h.place_path LIKE ? AND p.birth_date <= ?::date - make_interval(months => ?) "
                + "GROUP BY h.id, h.code, h.place_path, h.grid_code");
                PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, "
                        + "event_type, payload) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, areaPath + "%");
            s.setObject(2, request.testDate());
            s.setInt(3, exempt);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID household = rs.getObject(1, UUID.class);
                    HomeSamplingRequested data = new HomeSamplingRequested(campaign, household, rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getInt(5), request.testDate());
                    CloudEvent<HomeSamplingRequested> event = CloudEvent.of("/lifeline/testing", HOME_SAMPLING_REQUESTED,
                            household.toString(), data);
                    outbox.setObject(1, UUID.fromString(event.id()));
                    outbox.setString(2, CAMPAIGN_TOPIC);
                    outbox.setString(3, household.toString());
                    outbox.setString(4, HOME_SAMPLING_REQUESTED);
                    try {
                        outbox.setString(5, mapper.writeValueAsString(event));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                    outbox.addBatch();
                }
            }
            outbox.executeBatch();
        }
    }

    public PageView<Campaign> list(Caller caller, int page, int size) {
        List<String> paths = areas.paths(caller);
        if (paths.isEmpty()) {
            return PageView.of(List.of(), page, size, 0);
        }
        String overlap = overlap(paths);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM campaign WHERE " + overlap)) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Campaign> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE " + overlap
                    + " ORDER BY test_date DESC, created_at DESC LIMIT ? OFFSET ?")) {
                s.setInt(1, size);
                s.setLong(2, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(campaign(rs));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Campaign get(Caller caller, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return visible(c, caller, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Coverage of the caller's part of the campaign: in all, per building and per grid, in one pass over
     * the persons (GROUPING SETS). Exempt: younger than the campaign's age limit on the test date; at
     * home: bedridden, when the campaign samples them at home. Tested: sampled in this campaign where they lived
     * then (a person who moved out of the caller's part after sampling counts where they were sampled).
     */
    public Coverage coverage(Caller caller, UUID id) {
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, id);
            String areaPath = areaPath(c, id);
            Map<String, Counts> buildings = new java.util.TreeMap<>();
            Map<String, Counts> grids = new java.util.TreeMap<>(java.util.Comparator.nullsLast(String::compareTo));
            // persons by path, and the campaign's sampled persons by path, hashed together: two range scans
            // instead of a household visit and a person_state probe per person (the planner's estimate of a
            // prefix match is far too low, hence no nested loop for this statement)
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_nestloop = off");
            }
            String within = AreaPaths.sqlWithin("p.place_path", paths);
            try (PreparedStatement s = c.prepareStatement("SELECT GROUPING(building, grid), building, grid, "
                    + "count(*) FILTER (WHERE NOT exempt), count(*) FILTER (WHERE NOT exempt AND tested), "
                    + "count(*) FILTER (WHERE exempt), count(*) FILTER (WHERE NOT exempt AND at_home), "
                    + "count(*) FILTER (WHERE NOT exempt AND at_home AND NOT tested) "
                    + "FROM (SELECT split_part(p.place_path, '/', " + BUILDING_SEGMENT + ") AS building, "
                    + "p.grid_code AS grid, p.birth_date > ?::date - make_interval(months => ?) AS exempt, "
                    + "(? AND p.flags @> '{bedridden}') AS at_home, s.person_id IS NOT NULL AS tested "
                    + "FROM person_rm p LEFT JOIN (SELECT person_id FROM person_state p WHERE campaign_id = ? "
                    + "AND p.place_path LIKE ? AND " + within + ") s ON s.person_id = p.id "
                    + "WHERE p.place_path LIKE ? AND " + within + ") x "
                    + "GROUP BY GROUPING SETS ((building), (grid))")) {
                s.setObject(1, campaign.testDate());
                s.setInt(2, campaign.exemptUnderMonths());
                s.setBoolean(3, campaign.homeSampling());
                s.setObject(4, id);
                s.setString(5, areaPath + "%");
                s.setString(6, areaPath + "%");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long e = rs.getLong(4);
                        long t = rs.getLong(5);
                        Counts counts = new Counts(e, t, e - t, rs.getLong(6), rs.getLong(7), rs.getLong(8));
                        if (rs.getInt(1) == 1) {
                            buildings.put(rs.getString(2), counts);
                        } else {
                            grids.put(rs.getString(3), counts);
                        }
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            Map<String, String> buildingNames = names(c, "SELECT code, name FROM place_rm WHERE code = ANY (?)",
                    buildings.keySet());
            Map<String, String[]> gridNames = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT code, name, grid_worker FROM grid_rm WHERE code = ANY (?)")) {
                s.setArray(1, c.createArrayOf("varchar", grids.keySet().stream().filter(java.util.Objects::nonNull).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        gridNames.put(rs.getString(1), new String[] { rs.getString(2), rs.getString(3) });
                    }
                }
            }
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
                String[] named = g.getKey() == null ? null : gridNames.get(g.getKey());
                perGrid.add(new GridCounts(g.getKey(), named == null ? null : named[0], named == null ? null : named[1],
                        g.getValue()));
            }
            return new Coverage(id, new Counts(expected, tested, expected - tested, exempt, atHome, atHomeUntested),
                    perBuilding, perGrid);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> names(Connection c, String sql, java.util.Collection<String> codes)
            throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("varchar", codes.stream().filter(java.util.Objects::nonNull).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    /**
     * Persons of the caller's part not yet tested (exempt ones left out), in address order; optionally
     * of one building and/or one grid ({@code grid} "none": households without a grid).
     */
    public PageView<Untested> untested(Caller caller, UUID id, String building, String grid, int page, int size) {
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, id);
            String areaPath = areaPath(c, id);
            String from = " FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                    + "WHERE h.place_path LIKE ? AND " + AreaPaths.sqlWithin("h.place_path", paths)
                    + " AND (CAST(? AS text) IS NULL OR split_part(h.place_path, '/', " + BUILDING_SEGMENT + ") = ?) "
                    + gridCondition(grid)
                    + "AND p.birth_date <= ?::date - make_interval(months => ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM person_state s WHERE s.campaign_id = ? AND s.person_id = p.id)";
            return page(c, from, "SELECT p.id, p.name, h.id, h.code, split_part(h.place_path, '/', " + BUILDING_SEGMENT
                    + "), h.grid_code, " + (campaign.homeSampling() ? "p.flags @> '{bedridden}'" : "false"),
                    s -> bindFilters(s, 1, areaPath, building, grid, campaign, id),
                    rs -> new Untested(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)),
                    page, size);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Door-to-door sampling tasks: the bedridden persons of the caller's part (not exempt), pending (not yet
     * sampled), done, or all; optionally of one building and/or grid. Empty when the campaign does not sample
     * at home.
     */
    public PageView<HomeVisit> homeVisits(Caller caller, UUID id, String status, String building, String grid,
            int page, int size) {
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, id);
            if (!campaign.homeSampling()) {
                return PageView.of(List.of(), page, size, 0);
            }
            String statusCondition = switch (status) {
                case "pending" -> "AND s.person_id IS NULL ";
                case "done" -> "AND s.person_id IS NOT NULL ";
                default -> "";
            };
            String from = " FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                    + "LEFT JOIN person_status s ON s.campaign_id = ? AND s.person_id = p.id "
                    + "WHERE p.flags @> '{bedridden}' AND h.place_path LIKE ? AND "
                    + AreaPaths.sqlWithin("h.place_path", paths)
                    + " AND (CAST(? AS text) IS NULL OR split_part(h.place_path, '/', " + BUILDING_SEGMENT + ") = ?) "
                    + gridCondition(grid)
                    + "AND p.birth_date <= ?::date - make_interval(months => ?) " + statusCondition;
            String areaPath = areaPath(c, id);
            return page(c, from, "SELECT p.id, p.name, h.id, h.code, split_part(h.place_path, '/', " + BUILDING_SEGMENT
                    + "), h.grid_code, s.state, s.barcode",
                    s -> {
                        s.setObject(1, id);
                        return bindFilters(s, 2, areaPath, building, grid, campaign, null);
                    },
                    rs -> new HomeVisit(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)),
                    page, size);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Binder {
        int bind(PreparedStatement s) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A count and a page of {@code select + from}, in address order; {@code filters} binds the from's parameters. */
    private static <T> PageView<T> page(Connection c, String from, String select, Binder filters,
            RowMapper<T> mapper, int page, int size) throws SQLException {
        long total;
        try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + from)) {
            filters.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<T> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(select + from + " ORDER BY h.place_path, h.room, p.position "
                + "LIMIT ? OFFSET ?")) {
            int next = filters.bind(s);
            s.setInt(next, size);
            s.setLong(next + 1, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(mapper.map(rs));
                }
            }
        }
        return PageView.of(items, page, size, total);
    }

    /** {@code null}: any grid; "none": households without one; else that grid. Grid codes are code characters. */
    private static String gridCondition(String grid) {
        if (grid == null || grid.isBlank()) {
            return "";
        }
        if (grid.equals("none")) {
            return "AND h.grid_code IS NULL ";
        }
        if (!grid.matches("[0-9A-Za-z][0-9A-Za-z-]{0,63}")) {
            throw ProblemException.invalidField("grid", Message.of("not a grid code", "不是网格编码"));
        }
        return "AND h.grid_code = '" + grid + "' ";
    }

    private static int bindFilters(PreparedStatement s, int first, String areaPath, String building, String grid,
            Campaign campaign, UUID untestedIn) throws SQLException {
        int i = first;
        s.setString(i++, areaPath + "%");
        s.setString(i++, building);
        s.setString(i++, building);
        s.setObject(i++, campaign.testDate());
        s.setInt(i++, campaign.exemptUnderMonths());
        if (untestedIn != null) {
            s.setObject(i++, untestedIn);
        }
        return i;
    }

    public Tube openTube(Caller caller, UUID campaignId, TubeRequest request) {
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, campaignId);
            if (!campaign.status().equals("open")) {
                throw ProblemException.conflict(Message.of("The campaign is closed.", "该检测轮次已结束。"));
            }
            String place = tubePlace(c, areas.paths(caller), areaPath(c, campaignId), request.placeCode());
            int capacity = request.kind().equals("single") ? 1 : campaign.poolSize();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tube (barcode, campaign_id, kind, capacity, status, "
                    + "site, opened_by, place_path) VALUES (?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, request.barcode());
                s.setObject(2, campaignId);
                s.setString(3, request.kind());
                s.setInt(4, capacity);
                s.setString(5, request.site());
                s.setString(6, caller.username());
                s.setString(7, place);
                if (s.executeUpdate() == 0) {
                    throw ProblemException.conflict(Message.of("Tube " + request.barcode() + " is already in use.",
                            "试管 " + request.barcode() + " 已被使用。"));
                }
            }
            return tube(c, request.barcode(), false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The place a new tube is used in: the named place (inside the campaign's area and the caller's areas); else the
     * campaign's area when it lies inside the caller's areas (a street officer's street-wide campaign); else the one area
     * of the caller inside the campaign (a community's staff in a street-wide campaign: their community).
     */
    private static String tubePlace(Connection c, List<String> paths, String campaignPath, String placeCode) throws SQLException {
        if (placeCode != null && !placeCode.isBlank()) {
            try (PreparedStatement s = c.prepareStatement("SELECT path FROM place_rm WHERE code = ?")) {
                s.setString(1, placeCode);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getString(1).startsWith(campaignPath) && AreaPaths.within(paths, rs.getString(1))) {
                        return rs.getString(1);
                    }
                }
            }
            throw ProblemException.forbidden(Message.of("Place " + placeCode + " is outside your areas or the campaign's area.",
                    "地点 " + placeCode + " 不在您的负责范围内或不在本轮检测范围内。"));
        }
        if (AreaPaths.within(paths, campaignPath)) {
            return campaignPath;
        }
        List<String> inside = paths.stream().filter(p -> p.startsWith(campaignPath)).distinct().toList();
        if (inside.size() == 1) {
            return inside.get(0);
        }
        throw ProblemException.invalidField("placeCode", Message.of(
                "is required: name the place this site serves (one of your areas inside the campaign)",
                "必须填写：请指明该采样点服务的地点（您负责的、在本轮检测范围内的地点之一）"));
    }

    /** The tube if its place is inside the caller's areas; 404 otherwise (its existence is not revealed). */
    private Tube visibleTube(Connection c, Caller caller, String barcode, boolean lock) throws SQLException {
        Tube tube = tube(c, barcode, lock);
        if (!AreaPaths.within(areas.paths(caller), tubePath(c, barcode))) {
            throw ProblemException.notFound("Tube", barcode);
        }
        return tube;
    }

    private static String tubePath(Connection c, String barcode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT place_path FROM tube WHERE barcode = ?")) {
            s.setString(1, barcode);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Check-in: the person's sample into the tube; a tube that becomes full is sealed. */
    public Sample addSample(Caller caller, String barcode, UUID personGiven, String code) {
        UUID personId = personGiven;
        UUID codeCampaign = null;
        if (code != null && !code.isBlank()) {
            CheckInCodes.Decoded decoded = codes.decode(code);
            if (decoded == null) {
                throw ProblemException.invalidField("code", Message.of("is not a valid check-in code",
                        "不是有效的核酸码"));
            }
            if (personId != null && !personId.equals(decoded.personId())) {
                throw ProblemException.invalidField("code", Message.of("names another person than personId",
                        "与 personId 不是同一人"));
            }
            personId = decoded.personId();
            codeCampaign = decoded.campaignId();
        }
        if (personId == null) {
            throw ProblemException.invalidField("personId", Message.of("is required (or a check-in code)",
                    "必须提供（或核酸码）"));
        }
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Tube tube = visibleTube(c, caller, barcode, true); // locks the tube: check-ins into one tube queue up
                Campaign campaign = visible(c, caller, tube.campaignId());
                String tubePath = tubePath(c, barcode);
                if (codeCampaign != null && !codeCampaign.equals(campaign.id())) {
                    throw ProblemException.invalidField("code", Message.of("is the code of another campaign",
                            "是其他检测轮次的核酸码"));
                }
                if (!tube.status().equals("open")) {
                    throw ProblemException.conflict(Message.of("Tube " + barcode + " is sealed; open a new tube.",
                            "试管 " + barcode + " 已封管，请换新管。"));
                }
                String areaPath = areaPath(c, campaign.id());
                UUID household;
                String placePath;
                try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.place_path FROM person_rm p "
                        + "JOIN household_rm h ON h.id = p.household_id WHERE p.id = ?")) {
                    s.setObject(1, personId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next() || !rs.getString(2).startsWith(areaPath) || !rs.getString(2).startsWith(tubePath)
                                || !AreaPaths.within(paths, rs.getString(2))) {
                            throw ProblemException.notFound("Person", personId);
                        }
                        household = rs.getObject(1, UUID.class);
                        placePath = rs.getString(2);
                    }
                }
                // once per campaign, and once more after a positive pooled tube (retest-required)
                try (PreparedStatement s = c.prepareStatement("INSERT INTO person_state (campaign_id, person_id, "
                        + "household_id, state, barcode, place_path) VALUES (?, ?, ?, 'sampled', ?, ?) "
                        + "ON CONFLICT (campaign_id, person_id) "
                        + "DO UPDATE SET state = 'retest-sampled', barcode = EXCLUDED.barcode, updated_at = now() "
                        + "WHERE person_state.state = 'sampled' AND EXISTS (SELECT 1 FROM tube t JOIN tube_result r ON r.barcode = t.barcode "
                        + "WHERE t.barcode = person_state.barcode AND t.kind = 'pooled' AND r.result = 'positive')")) {
                    s.setObject(1, campaign.id());
                    s.setObject(2, personId);
                    s.setObject(3, household);
                    s.setString(4, barcode);
                    s.setString(5, placePath);
                    if (s.executeUpdate() == 0) {
                        throw ProblemException.conflict(Message.of("This person was already sampled in this campaign.",
                                "此人本轮已采样。"));
                    }
                }
                if (tube.kind().equals("pooled") && retest(c, campaign.id(), personId)) {
                    throw ProblemException.conflict(Message.of("A re-test after a positive pooled tube goes into a single tube.",
                            "混采阳性后的复检须使用单管。"));
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO sample (campaign_id, person_id, household_id, "
                        + "tube_barcode, taken_by) VALUES (?, ?, ?, ?, ?)")) {
                    s.setObject(1, campaign.id());
                    s.setObject(2, personId);
                    s.setObject(3, household);
                    s.setString(4, barcode);
                    s.setString(5, caller.username());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE tube SET samples = samples + 1, "
                        + "status = CASE WHEN samples + 1 >= capacity THEN 'sealed' ELSE status END, "
                        + "sealed_at = CASE WHEN samples + 1 >= capacity THEN now() ELSE sealed_at END WHERE barcode = ?")) {
                    s.setString(1, barcode);
                    s.executeUpdate();
                }
                Sample sample = sample(c, campaign.id(), personId);
                c.commit();
                return sample;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals a tube before it is full (end of a session). */
    public Tube seal(Caller caller, String barcode) {
        try (Connection c = dataSource.getConnection()) {
            Tube tube = visibleTube(c, caller, barcode, false);
            visible(c, caller, tube.campaignId());
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE tube SET status = 'sealed', sealed_at = now() WHERE barcode = ? AND status = 'open'")) {
                s.setString(1, barcode);
                s.executeUpdate();
            }
            return tube(c, barcode, false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Tube getTube(Caller caller, String barcode) {
        try (Connection c = dataSource.getConnection()) {
            Tube tube = visibleTube(c, caller, barcode, false);
            visible(c, caller, tube.campaignId());
            return tube;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String COLUMNS = "id, area_code, title, test_date, pool_size, exempt_under_months, status, "
            + "created_by, created_at, home_sampling";

    /** The campaign if it overlaps the caller's areas; 404 otherwise (its existence is not revealed). */
    private Campaign visible(Connection c, Caller caller, UUID id) throws SQLException {
        List<String> paths = areas.paths(caller);
        if (!paths.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE id = ? AND "
                    + overlap(paths))) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return campaign(rs);
                    }
                }
            }
        }
        throw ProblemException.notFound("Campaign", id);
    }

    /** The campaign covers one of the paths, or lies inside one. Paths hold only code characters. */
    private static String overlap(List<String> paths) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < paths.size(); i++) {
            String p = AreaPaths.literal(paths.get(i));
            sql.append(i == 0 ? "" : " OR ").append("area_path LIKE '").append(p).append("%' OR '").append(p)
                    .append("' LIKE area_path || '%'");
        }
        return sql.append(")").toString();
    }

    private static String areaPath(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT area_path FROM campaign WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Campaign load(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return campaign(rs);
            }
        }
    }

    private static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getObject(4, LocalDate.class), rs.getInt(5), rs.getInt(6), rs.getBoolean(10), rs.getString(7), rs.getString(8),
                rs.getObject(9, OffsetDateTime.class));
    }

    private static Tube tube(Connection c, String barcode, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT barcode, campaign_id, kind, capacity, samples, status, site, "
                + "opened_by, opened_at, sealed_at, place_path FROM tube WHERE barcode = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, barcode);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Tube", barcode);
                }
                String path = rs.getString(11);
                String placeCode = path.substring(path.lastIndexOf('/', path.length() - 2) + 1, path.length() - 1);
                return new Tube(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7), placeCode, rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class));
            }
        }
    }

    private static boolean retest(Connection c, UUID campaignId, UUID personId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT state = 'retest-sampled' FROM person_state WHERE campaign_id = ? AND person_id = ?")) {
            s.setObject(1, campaignId);
            s.setObject(2, personId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static Sample sample(Connection c, UUID campaignId, UUID personId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT household_id, tube_barcode, taken_by, taken_at FROM sample "
                + "WHERE campaign_id = ? AND person_id = ? ORDER BY taken_at DESC LIMIT 1")) {
            s.setObject(1, campaignId);
            s.setObject(2, personId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String barcode = rs.getString(2);
                return new Sample(campaignId, personId, rs.getObject(1, UUID.class), barcode, rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), tube(c, barcode, false));
            }
        }
    }
}
