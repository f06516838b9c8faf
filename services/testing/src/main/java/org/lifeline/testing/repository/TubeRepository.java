package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.testing.api.CampaignApi.Sample;
import org.lifeline.testing.api.CampaignApi.Tube;
import org.lifeline.testing.model.PersonPlace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Tubes, the samples in them and each person's stage in a campaign ({@code tube}, {@code sample}, {@code person_state}). */
@ApplicationScoped
public class TubeRepository {

    /** @return false when the barcode is in use */
    public boolean insert(Connection c, String barcode, UUID campaignId, String kind, int capacity, String site,
            String openedBy, String placePath, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tube (barcode, campaign_id, kind, capacity, status, "
                + "site, opened_by, place_path, opened_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, barcode);
            s.setObject(2, campaignId);
            s.setString(3, kind);
            s.setInt(4, capacity);
            s.setString(5, site);
            s.setString(6, openedBy);
            s.setString(7, placePath);
            s.setObject(8, now);
            return s.executeUpdate() == 1;
        }
    }

    /** The tube, locked for the transaction when {@code lock} (check-ins into one tube queue up). */
    public Optional<Tube> find(Connection c, String barcode, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT barcode, campaign_id, kind, capacity, samples, status, site, "
                + "opened_by, opened_at, sealed_at, place_path FROM tube WHERE barcode = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, barcode);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String path = rs.getString(11);
                String placeCode = path.substring(path.lastIndexOf('/', path.length() - 2) + 1, path.length() - 1);
                return Optional.of(new Tube(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7), placeCode, rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class)));
            }
        }
    }

    public String placePath(Connection c, String barcode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT place_path FROM tube WHERE barcode = ?")) {
            s.setString(1, barcode);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    public void seal(Connection c, String barcode, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE tube SET status = 'sealed', sealed_at = ? WHERE barcode = ? AND status = 'open'")) {
            s.setObject(1, now);
            s.setString(2, barcode);
            s.executeUpdate();
        }
    }

    /** Where the person lives, from the read model. */
    public Optional<PersonPlace> personPlace(Connection c, UUID personId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.place_path FROM person_rm p "
                + "JOIN household_rm h ON h.id = p.household_id WHERE p.id = ?")) {
            s.setObject(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new PersonPlace(personId, rs.getObject(1, UUID.class), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The person's stage: {@code sampled} once per campaign, or {@code retest-sampled} once more after their
     * sample was in a positive pooled tube.
     *
     * @return false when the person may not be sampled again in this campaign
     */
    public boolean markSampled(Connection c, UUID campaignId, PersonPlace person, String barcode, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO person_state (campaign_id, person_id, "
                + "household_id, state, barcode, place_path, updated_at) VALUES (?, ?, ?, 'sampled', ?, ?, ?) "
                + "ON CONFLICT (campaign_id, person_id) "
                + "DO UPDATE SET state = 'retest-sampled', barcode = EXCLUDED.barcode, updated_at = EXCLUDED.updated_at "
                + "WHERE person_state.state = 'sampled' AND EXISTS (SELECT 1 FROM tube t JOIN tube_result r ON r.barcode = t.barcode "
                + "WHERE t.barcode = person_state.barcode AND t.kind = 'pooled' AND r.result = 'positive')")) {
            s.setObject(1, campaignId);
            s.setObject(2, person.personId());
            s.setObject(3, person.householdId());
            s.setString(4, barcode);
            s.setString(5, person.placePath());
            s.setObject(6, now);
            return s.executeUpdate() == 1;
        }
    }

    public boolean isRetest(Connection c, UUID campaignId, UUID personId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT state = 'retest-sampled' FROM person_state WHERE campaign_id = ? AND person_id = ?")) {
            s.setObject(1, campaignId);
            s.setObject(2, personId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The sample into the tube, which counts it and seals it when it becomes full. */
    public void addSample(Connection c, UUID campaignId, PersonPlace person, String barcode, String takenBy,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sample (campaign_id, person_id, household_id, "
                + "tube_barcode, taken_by, taken_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, campaignId);
            s.setObject(2, person.personId());
            s.setObject(3, person.householdId());
            s.setString(4, barcode);
            s.setString(5, takenBy);
            s.setObject(6, now);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE tube SET samples = samples + 1, "
                + "status = CASE WHEN samples + 1 >= capacity THEN 'sealed' ELSE status END, "
                + "sealed_at = CASE WHEN samples + 1 >= capacity THEN ? ELSE sealed_at END WHERE barcode = ?")) {
            s.setObject(1, now);
            s.setString(2, barcode);
            s.executeUpdate();
        }
    }

    /** The person's latest sample in the campaign, with its tube. */
    public Sample latestSample(Connection c, UUID campaignId, UUID personId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT household_id, tube_barcode, taken_by, taken_at FROM sample "
                + "WHERE campaign_id = ? AND person_id = ? ORDER BY taken_at DESC LIMIT 1")) {
            s.setObject(1, campaignId);
            s.setObject(2, personId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String barcode = rs.getString(2);
                return new Sample(campaignId, personId, rs.getObject(1, UUID.class), barcode, rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), find(c, barcode, false).orElseThrow());
            }
        }
    }
}
