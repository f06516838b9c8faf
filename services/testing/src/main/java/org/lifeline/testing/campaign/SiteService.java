package org.lifeline.testing.campaign;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.campaign.CampaignApi.Campaign;
import org.lifeline.testing.campaign.SiteApi.MoveRequest;
import org.lifeline.testing.campaign.SiteApi.MyCampaign;
import org.lifeline.testing.campaign.SiteApi.MyMember;
import org.lifeline.testing.campaign.SiteApi.MyTesting;
import org.lifeline.testing.campaign.SiteApi.Schedule;
import org.lifeline.testing.campaign.SiteApi.ScheduleRequest;
import org.lifeline.testing.campaign.SiteApi.Site;
import org.lifeline.testing.campaign.SiteApi.SiteRequest;
import org.lifeline.testing.campaign.SiteApi.Slot;
import org.lifeline.testing.rest.Areas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sites and slots. Scheduling gives each building one window at a site, buildings in address order
 * from the site's first free time: a building joins the current slot if the slot can still take its
 * expected persons, else starts the next slot; a building larger than a slot gets as many consecutive
 * slots as it needs, alone. So at any time at most {@code capacityPerHour x slotMinutes / 60} persons
 * are expected per slot at a site. Buildings that do not fit before the site closes are reported.
 */
@ApplicationScoped
public class SiteService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CampaignService campaigns;

    @Inject
    Areas areas;

    @Inject
    CheckInCodes codes;

    public Site create(Caller caller, UUID campaignId, SiteRequest request) {
        campaigns.get(caller, campaignId);
        if (!request.closesAt().isAfter(request.opensAt())) {
            throw ProblemException.invalidField("closesAt", Message.of("must be after opensAt", "须晚于开放时间"));
        }
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO site (id, "
                + "campaign_id, name, lanes, capacity_per_hour, slot_minutes, opens_at, closes_at, created_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, id);
            s.setObject(2, campaignId);
            s.setString(3, request.name().strip());
            s.setInt(4, request.lanes());
            s.setInt(5, request.capacityPerHour());
            s.setInt(6, request.slotMinutes() == null ? 30 : request.slotMinutes());
            s.setObject(7, request.opensAt());
            s.setObject(8, request.closesAt());
            s.setString(9, caller.username());
            if (s.executeUpdate() == 0) {
                throw ProblemException.conflict(Message.of("The campaign already has a site named " + request.name() + ".",
                        "该轮次已有名为 " + request.name() + " 的采样点。"));
            }
            return site(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Schedule schedule(Caller caller, UUID campaignId, ScheduleRequest request) {
        Campaign campaign = campaigns.get(caller, campaignId);
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Site site = site(c, request.siteId());
                if (!site.campaignId().equals(campaignId)) {
                    throw ProblemException.notFound("Site", request.siteId());
                }
                lockSite(c, site.id());
                // expected persons per building of the caller's part not scheduled yet (those sampled at home left out), in address order
                Map<String, Integer> buildings = new LinkedHashMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT split_part(h.place_path, '/', "
                        + CampaignService.BUILDING_SEGMENT + ") AS b, count(*) FILTER (WHERE p.birth_date <= ?::date "
                        + "- make_interval(months => ?) AND NOT (" + (campaign.homeSampling() ? "p.flags @> '{bedridden}'" : "false")
                        + ")) FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                        + "WHERE h.place_path LIKE (SELECT area_path FROM campaign WHERE id = ?) || '%' AND "
                        + AreaPaths.sqlWithin("h.place_path", paths) + " AND NOT EXISTS (SELECT 1 FROM slot sl WHERE "
                        + "sl.campaign_id = ? AND sl.building_code = split_part(h.place_path, '/', "
                        + CampaignService.BUILDING_SEGMENT + ")) GROUP BY 1 ORDER BY 1")) {
                    s.setObject(1, campaign.testDate());
                    s.setInt(2, campaign.exemptUnderMonths());
                    s.setObject(3, campaignId);
                    s.setObject(4, campaignId);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            if (request.buildings() == null || request.buildings().contains(rs.getString(1))) {
                                buildings.put(rs.getString(1), rs.getInt(2));
                            }
                        }
                    }
                }
                Duration slot = Duration.ofMinutes(site.slotMinutes());
                int perSlot = Math.max(1, site.capacityPerHour() * site.slotMinutes() / 60);
                OffsetDateTime cursor = firstFree(c, site);
                int used = 0;
                List<Slot> assigned = new ArrayList<>();
                List<String> unassigned = new ArrayList<>();
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO slot (campaign_id, building_code, site_id, "
                        + "starts_at, ends_at, expected) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (Map.Entry<String, Integer> b : buildings.entrySet()) {
                        int expected = b.getValue();
                        OffsetDateTime start;
                        OffsetDateTime end;
                        if (expected > perSlot) {
                            if (used > 0) {
                                cursor = cursor.plus(slot);
                                used = 0;
                            }
                            int slots = (expected + perSlot - 1) / perSlot;
                            start = cursor;
                            end = cursor.plus(slot.multipliedBy(slots));
                            cursor = end;
                        } else {
                            if (used + expected > perSlot) {
                                cursor = cursor.plus(slot);
                                used = 0;
                            }
                            start = cursor;
                            end = cursor.plus(slot);
                            used += expected;
                        }
                        if (end.isAfter(site.closesAt())) {
                            unassigned.add(b.getKey());
                            continue;
                        }
                        insert.setObject(1, campaignId);
                        insert.setString(2, b.getKey());
                        insert.setObject(3, site.id());
                        insert.setObject(4, start);
                        insert.setObject(5, end);
                        insert.setInt(6, expected);
                        insert.addBatch();
                        assigned.add(new Slot(b.getKey(), null, site.id(), site.name(), start, end, expected));
                    }
                    insert.executeBatch();
                }
                c.commit();
                return new Schedule(assigned.stream().map(sl -> new Slot(sl.buildingCode(), buildingName(c, sl.buildingCode()),
                        sl.siteId(), sl.siteName(), sl.startsAt(), sl.endsAt(), sl.expected())).toList(), unassigned);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The slots of the buildings of your part, by start. */
    public List<Slot> slots(Caller caller, UUID campaignId) {
        campaigns.get(caller, campaignId);
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SLOT_SELECT
                + "WHERE sl.campaign_id = ? AND " + AreaPaths.sqlWithin("pl.path", paths) + " ORDER BY sl.starts_at, sl.building_code")) {
            s.setObject(1, campaignId);
            List<Slot> slots = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    slots.add(slot(rs));
                }
            }
            return slots;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves a building's window (same length) to another start and/or site, if that site can take it then. */
    public Slot move(Caller caller, UUID campaignId, String building, MoveRequest request) {
        campaigns.get(caller, campaignId);
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Slot current = null;
                try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.campaign_id = ? AND sl.building_code = ? AND "
                        + AreaPaths.sqlWithin("pl.path", paths) + " FOR UPDATE OF sl")) {
                    s.setObject(1, campaignId);
                    s.setString(2, building);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            current = slot(rs);
                        }
                    }
                }
                if (current == null) {
                    throw ProblemException.notFound("Slot", building);
                }
                Site site = site(c, request.siteId() == null ? current.siteId() : request.siteId());
                if (!site.campaignId().equals(campaignId)) {
                    throw ProblemException.notFound("Site", site.id());
                }
                lockSite(c, site.id());
                Duration length = Duration.between(current.startsAt(), current.endsAt());
                OffsetDateTime start = request.startsAt();
                OffsetDateTime end = start.plus(length);
                if (start.isBefore(site.opensAt()) || end.isAfter(site.closesAt())) {
                    throw ProblemException.invalidField("startsAt", Message.of("is outside the site's opening hours",
                            "不在采样点开放时间内"));
                }
                int perSlot = Math.max(1, site.capacityPerHour() * site.slotMinutes() / 60);
                Duration step = Duration.ofMinutes(site.slotMinutes());
                long slots = Math.max(1, length.toMinutes() / site.slotMinutes());
                double mine = current.expected() / (double) slots;
                List<Slot> others = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.site_id = ? AND sl.building_code <> ? "
                        + "AND sl.starts_at < ? AND sl.ends_at > ?")) {
                    s.setObject(1, site.id());
                    s.setString(2, building);
                    s.setObject(3, end);
                    s.setObject(4, start);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            others.add(slot(rs));
                        }
                    }
                }
                for (OffsetDateTime t = start; t.isBefore(end); t = t.plus(step)) {
                    OffsetDateTime from = t;
                    OffsetDateTime to = t.plus(step);
                    double load = mine;
                    for (Slot o : others) {
                        if (o.startsAt().isBefore(to) && o.endsAt().isAfter(from)) {
                            long n = Math.max(1, Duration.between(o.startsAt(), o.endsAt()).toMinutes() / site.slotMinutes());
                            load += o.expected() / (double) n;
                        }
                    }
                    if (load > perSlot + 1e-9) {
                        throw ProblemException.conflict(Message.of("Site " + site.name() + " cannot take " + building
                                + " at " + from + ": " + Math.round(load) + " persons expected, capacity " + perSlot + " per slot.",
                                "采样点 " + site.name() + " 在 " + from + " 无法容纳 " + building + "：预计 " + Math.round(load)
                                        + " 人，每时段容量 " + perSlot + " 人。"));
                    }
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE slot SET site_id = ?, starts_at = ?, ends_at = ? "
                        + "WHERE campaign_id = ? AND building_code = ?")) {
                    s.setObject(1, site.id());
                    s.setObject(2, start);
                    s.setObject(3, end);
                    s.setObject(4, campaignId);
                    s.setString(5, building);
                    s.executeUpdate();
                }
                c.commit();
                return new Slot(building, current.buildingName(), site.id(), site.name(), start, end, current.expected());
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resident's household in the open campaigns covering it: slot, each member's state and check-in code. */
    public MyTesting mine(Caller caller) {
        if (caller.household() == null) {
            throw ProblemException.notFound("Household", "(none in your token)");
        }
        try (Connection c = dataSource.getConnection()) {
            UUID household;
            String path;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, place_path FROM household_rm WHERE code = ? ORDER BY updated_at DESC LIMIT 1")) {
                s.setString(1, caller.household());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("Household", caller.household());
                    }
                    household = rs.getObject(1, UUID.class);
                    path = rs.getString(2);
                }
            }
            String building = path.split("/").length >= CampaignService.BUILDING_SEGMENT
                    ? path.split("/")[CampaignService.BUILDING_SEGMENT - 1] : null;
            List<MyCampaign> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, title, test_date, home_sampling FROM campaign WHERE status = 'open' "
                    + "AND ? LIKE area_path || '%' ORDER BY test_date DESC")) {
                s.setString(1, path);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        UUID campaign = rs.getObject(1, UUID.class);
                        result.add(new MyCampaign(campaign, rs.getString(2), rs.getObject(3, LocalDate.class),
                                mySlot(c, campaign, building), members(c, campaign, household, rs.getBoolean(4))));
                    }
                }
            }
            return new MyTesting(household, caller.household(), result);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Slot mySlot(Connection c, UUID campaign, String building) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SLOT_SELECT + "WHERE sl.campaign_id = ? AND sl.building_code = ?")) {
            s.setObject(1, campaign);
            s.setString(2, building);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? slot(rs) : null;
            }
        }
    }

    private List<MyMember> members(Connection c, UUID campaign, UUID household, boolean homeSampling) throws SQLException {
        List<MyMember> members = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.name, ps.state, p.flags @> '{bedridden}' FROM person_rm p LEFT JOIN person_status ps "
                + "ON ps.campaign_id = ? AND ps.person_id = p.id WHERE p.household_id = ? "
                + "ORDER BY (p.relation = 'householder') DESC, p.position")) {
            s.setObject(1, campaign);
            s.setObject(2, household);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID person = rs.getObject(1, UUID.class);
                    members.add(new MyMember(person, rs.getString(2), rs.getString(3), codes.code(campaign, person),
                            homeSampling && rs.getBoolean(4)));
                }
            }
        }
        return members;
    }

    private static final String SLOT_SELECT = "SELECT sl.building_code, pl.name, sl.site_id, si.name, sl.starts_at, "
            + "sl.ends_at, sl.expected FROM slot sl JOIN site si ON si.id = sl.site_id "
            + "LEFT JOIN place_rm pl ON pl.code = sl.building_code ";

    private static Slot slot(ResultSet rs) throws SQLException {
        return new Slot(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getInt(7));
    }

    private static OffsetDateTime firstFree(Connection c, Site site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(ends_at) FROM slot WHERE site_id = ?")) {
            s.setObject(1, site.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                OffsetDateTime last = rs.getObject(1, OffsetDateTime.class);
                return last == null || last.isBefore(site.opensAt()) ? site.opensAt() : last;
            }
        }
    }

    /** Scheduling and moves at one site take turns. */
    private static void lockSite(Connection c, UUID site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM site WHERE id = ? FOR UPDATE")) {
            s.setObject(1, site);
            s.executeQuery().close();
        }
    }

    private static String buildingName(Connection c, String code) {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM place_rm WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static Site site(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, campaign_id, name, lanes, capacity_per_hour, slot_minutes, "
                + "opens_at, closes_at FROM site WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Site", id);
                }
                return new Site(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class));
            }
        }
    }
}
