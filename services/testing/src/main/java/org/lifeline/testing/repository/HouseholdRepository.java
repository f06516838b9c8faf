package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.testing.api.HouseholdApi.Latest;
import org.lifeline.testing.api.HouseholdApi.Member;
import org.lifeline.testing.model.HouseholdPlace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Households and their persons as testing knows them: the read model, with each person's state in campaigns. */
@ApplicationScoped
public class HouseholdRepository {

    public Optional<HouseholdPlace> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, code, status, version, place_path FROM household_rm WHERE id = ?")) {
            s.setObject(1, id);
            return one(s);
        }
    }

    /** The household with the code (the newest, should the read model hold two). */
    public Optional<HouseholdPlace> findByCode(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, code, status, version, place_path FROM household_rm "
                + "WHERE code = ? ORDER BY updated_at DESC LIMIT 1")) {
            s.setString(1, code);
            return one(s);
        }
    }

    /** The members, householder first, each with their state in their latest campaign. */
    public List<Member> members(Connection c, UUID household) throws SQLException {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.name, p.birth_date, p.relation, p.flags, "
                + "l.campaign_id, l.test_date, l.state FROM person_rm p LEFT JOIN LATERAL (SELECT ps.campaign_id, "
                + "c.test_date, ps.state FROM person_status ps JOIN campaign c ON c.id = ps.campaign_id "
                + "WHERE ps.person_id = p.id ORDER BY c.test_date DESC, ps.updated_at DESC LIMIT 1) l ON true "
                + "WHERE p.household_id = ? ORDER BY (p.relation = 'householder') DESC, p.position, p.id")) {
            s.setObject(1, household);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID campaign = rs.getObject(6, UUID.class);
                    members.add(new Member(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getObject(3, LocalDate.class).getYear(), rs.getString(4),
                            List.of((String[]) rs.getArray(5).getArray()),
                            campaign == null ? null : new Latest(campaign, rs.getObject(7, LocalDate.class),
                                    rs.getString(8))));
                }
            }
        }
        return members;
    }

    /** A member's state in one campaign (null: not sampled) and whether they are bedridden. */
    public record CampaignMember(UUID personId, String name, String state, boolean bedridden) {
    }

    /** The members in one campaign, householder first. */
    public List<CampaignMember> membersIn(Connection c, UUID campaign, UUID household) throws SQLException {
        List<CampaignMember> members = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.name, ps.state, p.flags @> '{bedridden}' "
                + "FROM person_rm p LEFT JOIN person_status ps ON ps.campaign_id = ? AND ps.person_id = p.id "
                + "WHERE p.household_id = ? ORDER BY (p.relation = 'householder') DESC, p.position")) {
            s.setObject(1, campaign);
            s.setObject(2, household);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    members.add(new CampaignMember(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return members;
    }

    private static Optional<HouseholdPlace> one(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(new HouseholdPlace(rs.getObject(1, UUID.class), rs.getString(2),
                    rs.getString(3), rs.getLong(4), rs.getString(5))) : Optional.empty();
        }
    }
}
