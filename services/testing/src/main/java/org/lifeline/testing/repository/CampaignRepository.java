package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.model.BedriddenHousehold;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Campaigns (table {@code campaign}), and the households of a campaign's area to sample at home. */
@ApplicationScoped
public class CampaignRepository {

    private static final String COLUMNS = "id, area_code, title, test_date, pool_size, exempt_under_months, status, "
            + "created_by, created_at, home_sampling";

    public void insert(Connection c, UUID id, String areaCode, String areaPath, String title, LocalDate testDate,
            int poolSize, int exemptUnderMonths, String createdBy, boolean homeSampling) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO campaign (id, area_code, area_path, title, "
                + "test_date, pool_size, exempt_under_months, status, created_by, home_sampling) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, areaCode);
            s.setString(3, areaPath);
            s.setString(4, title);
            s.setObject(5, testDate);
            s.setInt(6, poolSize);
            s.setInt(7, exemptUnderMonths);
            s.setString(8, createdBy);
            s.setBoolean(9, homeSampling);
            s.executeUpdate();
        }
    }

    /**
     * The households of the area with bedridden persons not exempt by age on the test date, and how many
     * such persons each has.
     */
    public List<BedriddenHousehold> bedriddenHouseholds(Connection c, String areaPath, LocalDate testDate,
            int exemptUnderMonths) throws SQLException {
        List<BedriddenHousehold> households = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.code, h.place_path, h.grid_code, count(*) "
                + "FROM household_rm h JOIN person_rm p ON p.household_id = h.id WHERE p.flags @> '{bedridden}' "
                + "AND h.place_path LIKE ? AND p.birth_date <= ?::date - make_interval(months => ?) "
                + "GROUP BY h.id, h.code, h.place_path, h.grid_code")) {
            s.setString(1, areaPath + "%");
            s.setObject(2, testDate);
            s.setInt(3, exemptUnderMonths);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    households.add(new BedriddenHousehold(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        }
        return households;
    }

    public Campaign load(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return campaign(rs);
            }
        }
    }

    /** The campaign if it overlaps one of the paths (it covers one, or lies inside one). */
    public Optional<Campaign> overlapping(Connection c, UUID id, List<String> paths) throws SQLException {
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE id = ? AND "
                + overlap(paths))) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(campaign(rs)) : Optional.empty();
            }
        }
    }

    public long countOverlapping(Connection c, List<String> paths) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM campaign WHERE " + overlap(paths));
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A page of the campaigns overlapping the paths, newest test date first. */
    public List<Campaign> overlapping(Connection c, List<String> paths, int page, int size) throws SQLException {
        List<Campaign> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE " + overlap(paths)
                + " ORDER BY test_date DESC, created_at DESC LIMIT ? OFFSET ?")) {
            s.setInt(1, size);
            s.setLong(2, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(campaign(rs));
                }
            }
        }
        return items;
    }

    public String areaPath(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT area_path FROM campaign WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The open campaigns whose area covers the path, newest test date first. */
    public List<Campaign> openCovering(Connection c, String path) throws SQLException {
        List<Campaign> campaigns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE status = 'open' "
                + "AND ? LIKE area_path || '%' ORDER BY test_date DESC")) {
            s.setString(1, path);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    campaigns.add(campaign(rs));
                }
            }
        }
        return campaigns;
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

    private static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getObject(4, LocalDate.class), rs.getInt(5), rs.getInt(6), rs.getBoolean(10), rs.getString(7),
                rs.getString(8), rs.getObject(9, OffsetDateTime.class));
    }
}
