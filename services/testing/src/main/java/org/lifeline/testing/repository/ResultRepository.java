package org.lifeline.testing.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.platform.security.AreaPaths;
import org.lifeline.testing.api.ResultApi.ResultItem;
import org.lifeline.testing.model.ControlledHousehold;
import org.lifeline.testing.model.HandoverTube;
import org.lifeline.testing.model.ResultTube;
import org.lifeline.testing.model.TubePerson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Hand-overs to labs and results, set-based: a batch of results is a few statements over arrays, not one per tube or
 * person ({@code handover}, {@code tube_result}, {@code result_correction}, {@code household_control}).
 */
@ApplicationScoped
public class ResultRepository {

    /** The named tubes within the paths, locked for the hand-over; others are not found. */
    public List<HandoverTube> tubesToHandOver(Connection c, Collection<String> barcodes, List<String> paths)
            throws SQLException {
        List<HandoverTube> tubes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT barcode, campaign_id, status, lab FROM tube "
                + "WHERE barcode = ANY (?) AND " + AreaPaths.sqlWithin("place_path", paths) + " FOR UPDATE")) {
            s.setArray(1, c.createArrayOf("varchar", barcodes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tubes.add(new HandoverTube(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return tubes;
    }

    /** The hand-over and its tubes, which now belong to the lab. @return the time of the hand-over as stored */
    public OffsetDateTime handOver(Connection c, UUID id, UUID campaign, String lab, Collection<String> barcodes,
            String by, OffsetDateTime now) throws SQLException {
        OffsetDateTime at;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO handover (id, campaign_id, lab, tubes, "
                + "handed_over_by, handed_over_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING handed_over_at")) {
            s.setObject(1, id);
            s.setObject(2, campaign);
            s.setString(3, lab);
            s.setInt(4, barcodes.size());
            s.setString(5, by);
            s.setObject(6, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                at = rs.getObject(1, OffsetDateTime.class);
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE tube SET handover_id = ?, lab = ? WHERE barcode = ANY (?)")) {
            s.setObject(1, id);
            s.setString(2, lab);
            s.setArray(3, c.createArrayOf("varchar", barcodes.toArray()));
            s.executeUpdate();
        }
        return at;
    }

    /** The named tubes with their lab, kind, campaign and current result, locked for the batch; by barcode. */
    public Map<String, ResultTube> tubesForResults(Connection c, Collection<String> barcodes) throws SQLException {
        Map<String, ResultTube> tubes = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.barcode, t.lab, t.kind, t.campaign_id, r.result "
                + "FROM tube t LEFT JOIN tube_result r ON r.barcode = t.barcode WHERE t.barcode = ANY (?) "
                + "FOR UPDATE OF t")) {
            s.setArray(1, c.createArrayOf("varchar", barcodes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tubes.put(rs.getString(1), new ResultTube(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getString(5)));
                }
            }
        }
        return tubes;
    }

    /** The results, in two batched statements: the corrections (audited), then each tube's result. */
    public void record(Connection c, String lab, String actor, List<ResultItem> items, Map<String, ResultTube> tubes,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement corrections = c.prepareStatement("INSERT INTO result_correction (barcode, lab, old_result, "
                + "new_result, reason, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement results = c.prepareStatement("INSERT INTO tube_result (barcode, lab, result, corrected, "
                        + "recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (barcode) DO UPDATE SET result = EXCLUDED.result, "
                        + "corrected = true, recorded_at = EXCLUDED.recorded_at")) {
            for (ResultItem item : items) {
                ResultTube tube = tubes.get(item.barcode());
                if (tube.hasResult()) {
                    corrections.setString(1, item.barcode());
                    corrections.setString(2, lab);
                    corrections.setString(3, tube.currentResult());
                    corrections.setString(4, item.result());
                    corrections.setString(5, item.reason().strip());
                    corrections.setString(6, actor);
                    corrections.setObject(7, now);
                    corrections.addBatch();
                }
                results.setString(1, item.barcode());
                results.setString(2, lab);
                results.setString(3, item.result());
                results.setBoolean(4, tube.hasResult());
                results.setObject(5, now);
                results.addBatch();
            }
            corrections.executeBatch();
            results.executeBatch();
        }
    }

    /**
     * The persons whose current sample is in these tubes (their state follows from the tube's result, the
     * person_status view: nothing per person is written).
     */
    public List<TubePerson> personsIn(Connection c, List<String> barcodes) throws SQLException {
        List<TubePerson> persons = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT ps.barcode, ps.person_id, ps.household_id "
                + "FROM unnest(?::text[]) AS v(barcode) JOIN tube t ON t.barcode = v.barcode "
                + "JOIN person_state ps ON ps.campaign_id = t.campaign_id AND ps.barcode = v.barcode")) {
            s.setArray(1, c.createArrayOf("text", barcodes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    persons.add(new TubePerson(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)));
                }
            }
        }
        return persons;
    }

    /** Re-tests are due in these households (again, if they had been cleared). */
    public void control(Connection c, List<ControlledHousehold> households, OffsetDateTime now) throws SQLException {
        if (households.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO household_control (campaign_id, household_id, "
                + "barcode, state, since) SELECT x.*, 'controlled', ? FROM unnest(?::uuid[], ?::uuid[], ?::text[]) AS x "
                + "ON CONFLICT (campaign_id, household_id) DO UPDATE SET state = 'controlled', barcode = EXCLUDED.barcode, "
                + "since = EXCLUDED.since, cleared_at = NULL WHERE household_control.state = 'cleared'")) {
            s.setObject(1, now);
            s.setArray(2, c.createArrayOf("uuid", households.stream().map(ControlledHousehold::campaignId).toArray()));
            s.setArray(3, c.createArrayOf("uuid", households.stream().map(ControlledHousehold::householdId).toArray()));
            s.setArray(4, c.createArrayOf("text", households.stream().map(ControlledHousehold::barcode).toArray()));
            s.executeUpdate();
        }
    }

    /** The households with re-tests due in these campaigns. */
    public Set<UUID> controlled(Connection c, Collection<UUID> campaigns) throws SQLException {
        Set<UUID> households = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT household_id FROM household_control "
                + "WHERE state = 'controlled' AND campaign_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", campaigns.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    households.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return households;
    }

    /**
     * Clears those of the households that have no re-test due and no positive person left in their campaign.
     *
     * @return the households cleared
     */
    public List<ControlledHousehold> clear(Connection c, Collection<UUID> households, OffsetDateTime now)
            throws SQLException {
        List<ControlledHousehold> cleared = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE household_control hc SET state = 'cleared', "
                + "cleared_at = ? WHERE hc.state = 'controlled' AND hc.household_id = ANY (?) AND NOT EXISTS "
                + "(SELECT 1 FROM person_status ps WHERE ps.household_id = hc.household_id "
                + "AND ps.campaign_id = hc.campaign_id AND ps.state IN ('retest-required', 'retest-sampled', 'positive')) "
                + "RETURNING hc.campaign_id, hc.household_id, hc.barcode")) {
            s.setObject(1, now);
            s.setArray(2, c.createArrayOf("uuid", households.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    cleared.add(new ControlledHousehold(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3)));
                }
            }
        }
        return cleared;
    }
}
