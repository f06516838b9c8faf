package org.lifeline.testing.campaign;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.problem.Message;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.platform.security.Caller;
import org.lifeline.testing.campaign.CampaignApi.BuildingCounts;
import org.lifeline.testing.campaign.CampaignApi.Campaign;
import org.lifeline.testing.campaign.CampaignApi.CampaignRequest;
import org.lifeline.testing.campaign.CampaignApi.Counts;
import org.lifeline.testing.campaign.CampaignApi.Coverage;
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
import java.util.List;
import java.util.UUID;

/**
 * Campaigns, tubes and check-ins, over the read model. A caller sees a campaign that overlaps their
 * areas (it covers them, or lies inside them) and works only on the households inside their areas.
 */
@ApplicationScoped
public class CampaignService {

    /** Path segment of a household's place_path that is its building: /city/district/street/community/compound/building/. */
    static final int BUILDING_SEGMENT = 7;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Areas areas;

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
            try (PreparedStatement s = c.prepareStatement("INSERT INTO campaign (id, area_code, area_path, title, "
                    + "test_date, pool_size, exempt_under_months, status, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)")) {
                s.setObject(1, id);
                s.setString(2, request.areaCode());
                s.setString(3, areaPath);
                s.setString(4, request.title().strip());
                s.setObject(5, request.testDate());
                s.setInt(6, request.poolSize() == null ? 10 : request.poolSize());
                s.setInt(7, request.exemptUnderMonths() == null ? 0 : request.exemptUnderMonths());
                s.setString(8, caller.username());
                s.executeUpdate();
            }
            return load(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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

    /** Coverage of the caller's part of the campaign: in all and per building. */
    public Coverage coverage(Caller caller, UUID id) {
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, id);
            String areaPath = areaPath(c, id);
            List<BuildingCounts> buildings = new ArrayList<>();
            long expected = 0;
            long tested = 0;
            long exempt = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT b.building, pl.name, b.expected, b.tested, b.exempt "
                    + "FROM (SELECT split_part(h.place_path, '/', " + BUILDING_SEGMENT + ") AS building, "
                    + "count(*) FILTER (WHERE NOT x.exempt) AS expected, "
                    + "count(*) FILTER (WHERE NOT x.exempt AND s.person_id IS NOT NULL) AS tested, "
                    + "count(*) FILTER (WHERE x.exempt) AS exempt "
                    + "FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                    + "LEFT JOIN person_state s ON s.campaign_id = ? AND s.person_id = p.id "
                    + "CROSS JOIN LATERAL (SELECT p.birth_date > ?::date - make_interval(months => ?) AS exempt) x "
                    + "WHERE h.place_path LIKE ? AND " + AreaPaths.sqlWithin("h.place_path", paths)
                    + " GROUP BY 1) b LEFT JOIN place_rm pl ON pl.code = b.building ORDER BY b.building")) {
                s.setObject(1, id);
                s.setObject(2, campaign.testDate());
                s.setInt(3, campaign.exemptUnderMonths());
                s.setString(4, areaPath + "%");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long e = rs.getLong(3);
                        long t = rs.getLong(4);
                        long x = rs.getLong(5);
                        buildings.add(new BuildingCounts(rs.getString(1), rs.getString(2), new Counts(e, t, e - t, x)));
                        expected += e;
                        tested += t;
                        exempt += x;
                    }
                }
            }
            return new Coverage(id, new Counts(expected, tested, expected - tested, exempt), buildings);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Persons of the caller's part not yet tested (exempt ones left out), by household. */
    public PageView<Untested> untested(Caller caller, UUID id, String building, int page, int size) {
        List<String> paths = areas.paths(caller);
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, id);
            String areaPath = areaPath(c, id);
            String from = " FROM household_rm h JOIN person_rm p ON p.household_id = h.id "
                    + "WHERE h.place_path LIKE ? AND " + AreaPaths.sqlWithin("h.place_path", paths)
                    + " AND (CAST(? AS text) IS NULL OR split_part(h.place_path, '/', " + BUILDING_SEGMENT + ") = ?) "
                    + "AND p.birth_date <= ?::date - make_interval(months => ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM person_state s WHERE s.campaign_id = ? AND s.person_id = p.id)";
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + from)) {
                bindUntested(s, areaPath, building, campaign, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Untested> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.name, h.id, h.code, split_part(h.place_path, '/', "
                    + BUILDING_SEGMENT + ")" + from + " ORDER BY h.place_path, h.room, p.position LIMIT ? OFFSET ?")) {
                int next = bindUntested(s, areaPath, building, campaign, id);
                s.setInt(next, size);
                s.setLong(next + 1, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Untested(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                                rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return PageView.of(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int bindUntested(PreparedStatement s, String areaPath, String building, Campaign campaign, UUID id)
            throws SQLException {
        s.setString(1, areaPath + "%");
        s.setString(2, building);
        s.setString(3, building);
        s.setObject(4, campaign.testDate());
        s.setInt(5, campaign.exemptUnderMonths());
        s.setObject(6, id);
        return 7;
    }

    public Tube openTube(Caller caller, UUID campaignId, TubeRequest request) {
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = visible(c, caller, campaignId);
            if (!campaign.status().equals("open")) {
                throw ProblemException.conflict(Message.of("The campaign is closed.", "该检测轮次已结束。"));
            }
            int capacity = request.kind().equals("single") ? 1 : campaign.poolSize();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tube (barcode, campaign_id, kind, capacity, status, "
                    + "site, opened_by) VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, request.barcode());
                s.setObject(2, campaignId);
                s.setString(3, request.kind());
                s.setInt(4, capacity);
                s.setString(5, request.site());
                s.setString(6, caller.username());
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
                Tube tube = tube(c, barcode, true); // locks the tube: check-ins into one tube queue up
                Campaign campaign = visible(c, caller, tube.campaignId());
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
                try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.place_path FROM person_rm p "
                        + "JOIN household_rm h ON h.id = p.household_id WHERE p.id = ?")) {
                    s.setObject(1, personId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next() || !rs.getString(2).startsWith(areaPath) || !AreaPaths.within(paths, rs.getString(2))) {
                            throw ProblemException.notFound("Person", personId);
                        }
                        household = rs.getObject(1, UUID.class);
                    }
                }
                // once per campaign, and once more after a positive pooled tube (retest-required)
                try (PreparedStatement s = c.prepareStatement("INSERT INTO person_state (campaign_id, person_id, "
                        + "household_id, state, barcode) VALUES (?, ?, ?, 'sampled', ?) ON CONFLICT (campaign_id, person_id) "
                        + "DO UPDATE SET state = 'retest-sampled', barcode = EXCLUDED.barcode, updated_at = now() "
                        + "WHERE person_state.state = 'retest-required'")) {
                    s.setObject(1, campaign.id());
                    s.setObject(2, personId);
                    s.setObject(3, household);
                    s.setString(4, barcode);
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
            Tube tube = tube(c, barcode, false);
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
            Tube tube = tube(c, barcode, false);
            visible(c, caller, tube.campaignId());
            return tube;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String COLUMNS = "id, area_code, title, test_date, pool_size, exempt_under_months, status, "
            + "created_by, created_at";

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
                rs.getObject(4, LocalDate.class), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                rs.getObject(9, OffsetDateTime.class));
    }

    private static Tube tube(Connection c, String barcode, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT barcode, campaign_id, kind, capacity, samples, status, site, "
                + "opened_by, opened_at, sealed_at FROM tube WHERE barcode = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, barcode);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("Tube", barcode);
                }
                return new Tube(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8),
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
