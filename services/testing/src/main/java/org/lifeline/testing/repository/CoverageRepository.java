package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.api.PageView;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.CampaignApi.Counts;
import org.lifeline.testing.api.CampaignApi.HomeVisit;
import org.lifeline.testing.api.CampaignApi.Untested;
import org.lifeline.testing.model.Buildings;
import org.lifeline.testing.model.CoverageRow;
import org.lifeline.testing.model.Grid;
import org.lifeline.testing.model.PersonQuery;
import org.lifeline.testing.model.Tally;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Coverage of a campaign over the read model's persons: counts per building and per grid, the untested and the
 * door-to-door visits. Exempt: younger than the campaign's age limit on the test date; at home: bedridden, when the
 * campaign samples them at home; tested: sampled in this campaign where they lived then.
 */
@ApplicationScoped
public class CoverageRepository {

    private static final int B = Buildings.SEGMENT;

    /**
     * Counts per building and per grid of the campaign's persons within the paths, in one pass (GROUPING SETS).
     * Persons by path and the campaign's sampled persons by path are hashed together: two range scans instead of a
     * household visit and a person_state probe per person (the planner's estimate of a prefix match is far too low,
     * hence no nested loop for this statement). Runs in the caller's transaction ({@code SET LOCAL}).
     */
    public List<CoverageRow> counts(Connection c, Campaign campaign, String areaPath, List<String> paths)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL enable_nestloop = off");
        }
        String within = AreaPaths.sqlWithin("p.place_path", paths);
        List<CoverageRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT GROUPING(building, grid), building, grid, "
                + "count(*) FILTER (WHERE NOT exempt), count(*) FILTER (WHERE NOT exempt AND tested), "
                + "count(*) FILTER (WHERE exempt), count(*) FILTER (WHERE NOT exempt AND at_home), "
                + "count(*) FILTER (WHERE NOT exempt AND at_home AND NOT tested) "
                + "FROM (SELECT split_part(p.place_path, '/', " + B + ") AS building, "
                + "p.grid_code AS grid, p.birth_date > ?::date - make_interval(months => ?) AS exempt, "
                + "(? AND p.flags @> '{bedridden}') AS at_home, s.person_id IS NOT NULL AS tested "
                + "FROM person_rm p LEFT JOIN (SELECT person_id FROM person_state p WHERE campaign_id = ? "
                + "AND p.place_path LIKE ? AND " + within + ") s ON s.person_id = p.id "
                + "WHERE p.place_path LIKE ? AND " + within + ") x "
                + "GROUP BY GROUPING SETS ((building), (grid))")) {
            s.setObject(1, campaign.testDate());
            s.setInt(2, campaign.exemptUnderMonths());
            s.setBoolean(3, campaign.homeSampling());
            s.setObject(4, campaign.id());
            s.setString(5, areaPath + "%");
            s.setString(6, areaPath + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long e = rs.getLong(4);
                    long t = rs.getLong(5);
                    Counts counts = new Counts(e, t, e - t, rs.getLong(6), rs.getLong(7), rs.getLong(8));
                    boolean building = rs.getInt(1) == 1;
                    rows.add(new CoverageRow(building, rs.getString(building ? 2 : 3), counts));
                }
            }
        }
        return rows;
    }

    /** Expected (not exempt) and tested persons of a whole campaign area, as the milestones count them. */
    public Tally expectedAndTested(Connection c, UUID campaign, String areaPath, java.time.LocalDate testDate,
            int exemptUnderMonths) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE NOT exempt), "
                + "count(*) FILTER (WHERE NOT exempt AND tested) FROM (SELECT p.birth_date > ?::date "
                + "- make_interval(months => ?) AS exempt, s.person_id IS NOT NULL AS tested "
                + "FROM person_rm p LEFT JOIN (SELECT person_id FROM person_state WHERE campaign_id = ? "
                + "AND place_path LIKE ?) s ON s.person_id = p.id WHERE p.place_path LIKE ?) x")) {
            s.setObject(1, testDate);
            s.setInt(2, exemptUnderMonths);
            s.setObject(3, campaign);
            s.setString(4, areaPath + "%");
            s.setString(5, areaPath + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Tally(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The names of the places with these codes. */
    public Map<String, String> placeNames(Connection c, Collection<String> codes) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code, name FROM place_rm WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", codes.stream().filter(Objects::nonNull).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    /** The grids with these codes, by code. */
    public Map<String, Grid> grids(Connection c, Collection<String> codes) throws SQLException {
        Map<String, Grid> grids = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code, name, grid_worker FROM grid_rm WHERE code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", codes.stream().filter(Objects::nonNull).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    grids.put(rs.getString(1), new Grid(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return grids;
    }

    /** A page of the persons of the query not yet sampled in the campaign (exempt ones left out), by address. */
    public PageView<Untested> untested(Connection c, PersonQuery q, int page, int size) throws SQLException {
        String from = " FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                + "WHERE h.place_path LIKE ? AND " + AreaPaths.sqlWithin("h.place_path", q.paths())
                + " AND (CAST(? AS text) IS NULL OR split_part(h.place_path, '/', " + B + ") = ?) "
                + gridCondition(q.grid())
                + "AND p.birth_date <= ?::date - make_interval(months => ?) "
                + "AND NOT EXISTS (SELECT 1 FROM person_state s WHERE s.campaign_id = ? AND s.person_id = p.id)";
        return page(c, from, "SELECT p.id, p.name, h.id, h.code, split_part(h.place_path, '/', " + B
                + "), h.grid_code, " + (q.homeSampling() ? "p.flags @> '{bedridden}'" : "false"),
                s -> {
                    int next = bindFilters(s, 1, q);
                    s.setObject(next, q.campaignId());
                    return next + 1;
                },
                rs -> new Untested(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)),
                page, size);
    }

    /**
     * A page of the bedridden persons of the query (not exempt): {@code status} pending (not yet sampled), done,
     * or all; by address.
     */
    public PageView<HomeVisit> homeVisits(Connection c, PersonQuery q, String status, int page, int size)
            throws SQLException {
        String statusCondition = switch (status) {
            case "pending" -> "AND s.person_id IS NULL ";
            case "done" -> "AND s.person_id IS NOT NULL ";
            default -> "";
        };
        String from = " FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                + "LEFT JOIN person_status s ON s.campaign_id = ? AND s.person_id = p.id "
                + "WHERE p.flags @> '{bedridden}' AND h.place_path LIKE ? AND "
                + AreaPaths.sqlWithin("h.place_path", q.paths())
                + " AND (CAST(? AS text) IS NULL OR split_part(h.place_path, '/', " + B + ") = ?) "
                + gridCondition(q.grid())
                + "AND p.birth_date <= ?::date - make_interval(months => ?) " + statusCondition;
        return page(c, from, "SELECT p.id, p.name, h.id, h.code, split_part(h.place_path, '/', " + B
                + "), h.grid_code, s.state, s.barcode",
                s -> {
                    s.setObject(1, q.campaignId());
                    return bindFilters(s, 2, q);
                },
                rs -> new HomeVisit(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)),
                page, size);
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

    /**
     * {@code null}: any grid; "none": households without one; else that grid. The service has checked that a grid
     * code holds only code characters.
     */
    private static String gridCondition(String grid) {
        if (grid == null || grid.isBlank()) {
            return "";
        }
        if (grid.equals("none")) {
            return "AND h.grid_code IS NULL ";
        }
        if (!grid.matches("[0-9A-Za-z][0-9A-Za-z-]{0,63}")) {
            throw new IllegalArgumentException("not a grid code: " + grid);
        }
        return "AND h.grid_code = '" + grid + "' ";
    }

    private static int bindFilters(PreparedStatement s, int first, PersonQuery q) throws SQLException {
        int i = first;
        s.setString(i++, q.areaPath() + "%");
        s.setString(i++, q.building());
        s.setString(i++, q.building());
        s.setObject(i++, q.testDate());
        s.setInt(i++, q.exemptUnderMonths());
        return i;
    }
}
