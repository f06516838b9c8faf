package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.testing.api.CampaignApi.Campaign;
import org.lifeline.testing.api.SiteApi.Site;
import org.lifeline.testing.api.SiteApi.Slot;
import org.lifeline.testing.model.Buildings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Sites of a campaign and the slots of its buildings ({@code site}, {@code slot}). */
@ApplicationScoped
public class SiteRepository {

    private static final String SLOT_SELECT = "SELECT sl.building_code, pl.name, sl.site_id, si.name, sl.starts_at, "
            + "sl.ends_at, sl.expected FROM slot sl JOIN site si ON si.id = sl.site_id "
            + "LEFT JOIN place_rm pl ON pl.code = sl.building_code ";

    /** @return false when the campaign already has a site of that name */
    public boolean insert(Connection c, Site site, String createdBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO site (id, campaign_id, name, lanes, "
                + "capacity_per_hour, slot_minutes, opens_at, closes_at, created_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, site.id());
            s.setObject(2, site.campaignId());
            s.setString(3, site.name());
            s.setInt(4, site.lanes());
            s.setInt(5, site.capacityPerHour());
            s.setInt(6, site.slotMinutes());
            s.setObject(7, site.opensAt());
            s.setObject(8, site.closesAt());
            s.setString(9, createdBy);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Site> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, campaign_id, name, lanes, capacity_per_hour, "
                + "slot_minutes, opens_at, closes_at FROM site WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Site(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(8, OffsetDateTime.class)));
            }
        }
    }

    /** Scheduling and moves at one site take turns. */
    public void lock(Connection c, UUID site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM site WHERE id = ? FOR UPDATE")) {
            s.setObject(1, site);
            s.executeQuery().close();
        }
    }

    /** The end of the site's last slot, or its opening when it has none yet. */
    public OffsetDateTime firstFree(Connection c, Site site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(ends_at) FROM slot WHERE site_id = ?")) {
            s.setObject(1, site.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                OffsetDateTime last = rs.getObject(1, OffsetDateTime.class);
                return last == null || last.isBefore(site.opensAt()) ? site.opensAt() : last;
            }
        }
    }

    /**
     * Expected persons per building within the paths not scheduled yet in the campaign (exempt ones and those
     * sampled at home left out), in address order.
     */
    public Map<String, Integer> unscheduledBuildings(Connection c, Campaign campaign, List<String> paths)
            throws SQLException {
        Map<String, Integer> buildings = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT split_part(h.place_path, '/', " + Buildings.SEGMENT
                + ") AS b, count(*) FILTER (WHERE p.birth_date <= ?::date - make_interval(months => ?) AND NOT ("
                + (campaign.homeSampling() ? "p.flags @> '{bedridden}'" : "false")
                + ")) FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                + "WHERE h.place_path LIKE (SELECT area_path FROM campaign WHERE id = ?) || '%' AND "
                + AreaPaths.sqlWithin("h.place_path", paths) + " AND NOT EXISTS (SELECT 1 FROM slot sl WHERE "
                + "sl.campaign_id = ? AND sl.building_code = split_part(h.place_path, '/', " + Buildings.SEGMENT
                + ")) GROUP BY 1 ORDER BY 1")) {
            s.setObject(1, campaign.testDate());
            s.setInt(2, campaign.exemptUnderMonths());
            s.setObject(3, campaign.id());
            s.setObject(4, campaign.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    buildings.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return buildings;
    }

    public void insertSlots(Connection c, UUID campaignId, List<Slot> slots) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO slot (campaign_id, building_code, site_id, "
                + "starts_at, ends_at, expected) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Slot slot : slots) {
                insert.setObject(1, campaignId);
                insert.setString(2, slot.buildingCode());
                insert.setObject(3, slot.siteId());
                insert.setObject(4, slot.startsAt());
                insert.setObject(5, slot.endsAt());
                insert.setInt(6, slot.expected());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The slots of the campaign's buildings within the paths, by start. */
    public List<Slot> slots(Connection c, UUID campaignId, List<String> paths) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.campaign_id = ? AND "
                + AreaPaths.sqlWithin("pl.path", paths) + " ORDER BY sl.starts_at, sl.building_code")) {
            s.setObject(1, campaignId);
            return slots(s);
        }
    }

    /** The building's slot in the campaign if the building is within the paths, locked when {@code lock}. */
    public Optional<Slot> slot(Connection c, UUID campaignId, String building, List<String> paths, boolean lock)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.campaign_id = ? AND sl.building_code = ? AND "
                + AreaPaths.sqlWithin("pl.path", paths) + (lock ? " FOR UPDATE OF sl" : ""))) {
            s.setObject(1, campaignId);
            s.setString(2, building);
            return slots(s).stream().findFirst();
        }
    }

    /** The building's slot in the campaign (a resident's own building), or null. */
    public Slot slotOf(Connection c, UUID campaignId, String building) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.campaign_id = ? AND sl.building_code = ?")) {
            s.setObject(1, campaignId);
            s.setString(2, building);
            return slots(s).stream().findFirst().orElse(null);
        }
    }

    /** The other buildings' slots at the site overlapping [start, end). */
    public List<Slot> overlapping(Connection c, UUID site, String building, OffsetDateTime start, OffsetDateTime end)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.site_id = ? AND sl.building_code <> ? "
                + "AND sl.starts_at < ? AND sl.ends_at > ?")) {
            s.setObject(1, site);
            s.setString(2, building);
            s.setObject(3, end);
            s.setObject(4, start);
            return slots(s);
        }
    }

    public void move(Connection c, UUID campaignId, String building, UUID site, OffsetDateTime start,
            OffsetDateTime end) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE slot SET site_id = ?, starts_at = ?, ends_at = ? "
                + "WHERE campaign_id = ? AND building_code = ?")) {
            s.setObject(1, site);
            s.setObject(2, start);
            s.setObject(3, end);
            s.setObject(4, campaignId);
            s.setString(5, building);
            s.executeUpdate();
        }
    }

    public String placeName(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM place_rm WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<Slot> slots(PreparedStatement s) throws SQLException {
        List<Slot> slots = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                slots.add(new Slot(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getInt(7)));
            }
        }
        return slots;
    }
}
