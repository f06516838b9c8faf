package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.api.MedicalApi.Offer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code hospital_offer}: each hospital a request was sent to and what it answered, and {@code hospital_preference}
 * (the order of a community's hospitals). At most one open offer per request (a partial unique index).
 */
@ApplicationScoped
public class OfferRepository {

    /** The request's open offer (offered, accepted or arrived), locked by the caller's lock on the request. */
    public record Open(long id, UUID hospitalId, String hospitalCode, String hospitalName, UUID departmentId,
            String departmentKind, String state, OffsetDateTime offeredAt, OffsetDateTime arrivedAt) {
    }

    /** A department that could take the patient: free place, same kind, not refused this request before. */
    public record Candidate(UUID hospitalId, String hospitalName, UUID departmentId, int free, Integer rank) {
    }

    public long offer(Connection c, UUID request, UUID hospital, UUID department, String by, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO hospital_offer (request_id, hospital_id, department_id, "
                + "state, offered_by, offered_at) VALUES (?, ?, ?, 'offered', ?, ?) RETURNING id")) {
            s.setObject(1, request);
            s.setObject(2, hospital);
            s.setObject(3, department);
            s.setString(4, by);
            s.setTimestamp(5, Timestamp.from(at));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Optional<Open> open(Connection c, UUID request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT o.id, h.id, h.code, h.name, d.id, d.kind, o.state, o.offered_at, "
                + "o.arrived_at FROM hospital_offer o JOIN hospital h ON h.id = o.hospital_id JOIN department d "
                + "ON d.id = o.department_id WHERE o.request_id = ? AND o.state IN ('offered', 'accepted', 'arrived')")) {
            s.setObject(1, request);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Open(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class))) : Optional.empty();
            }
        }
    }

    /** An open offer answered: accepted, arrived or admitted (its time column set), or withdrawn. */
    public void state(Connection c, long offer, String state, String by, Instant at) throws SQLException {
        // arrived and admitted have their own time; the first answer (accepted, or arriving unannounced) is kept
        String column = switch (state) {
            case "arrived" -> "arrived_at = ?, ";
            case "admitted" -> "admitted_at = ?, ";
            default -> "answered_at = ?, ";
        };
        String answered = column.startsWith("answered_at") ? "" : "answered_at = COALESCE(answered_at, ?), ";
        try (PreparedStatement s = c.prepareStatement("UPDATE hospital_offer SET state = ?, " + column + answered
                + "answered_by = COALESCE(answered_by, ?) WHERE id = ?")) {
            int i = 1;
            s.setString(i++, state);
            s.setTimestamp(i++, Timestamp.from(at));
            if (!answered.isEmpty()) {
                s.setTimestamp(i++, Timestamp.from(at));
            }
            s.setString(i++, by);
            s.setLong(i, offer);
            s.executeUpdate();
        }
    }

    public void refuse(Connection c, long offer, String reason, String note, boolean violation, String by, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hospital_offer SET state = 'refused', reason = ?, note = ?, "
                + "violation = ?, answered_by = ?, answered_at = ? WHERE id = ?")) {
            s.setString(1, reason);
            s.setString(2, note);
            s.setBoolean(3, violation);
            s.setString(4, by);
            s.setTimestamp(5, Timestamp.from(at));
            s.setLong(6, offer);
            s.executeUpdate();
        }
    }

    /** The open offer of a request, if any, withdrawn (staff assigned it elsewhere, or it was cancelled). */
    public void withdrawOpen(Connection c, UUID request, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hospital_offer SET state = 'withdrawn', answered_by = "
                + "COALESCE(answered_by, ?), answered_at = COALESCE(answered_at, ?) WHERE request_id = ? "
                + "AND state IN ('offered', 'accepted', 'arrived')")) {
            s.setString(1, by);
            s.setTimestamp(2, Timestamp.from(at));
            s.setObject(3, request);
            s.executeUpdate();
        }
    }

    public int refusals(Connection c, UUID request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM hospital_offer WHERE request_id = ? "
                + "AND state = 'refused'")) {
            s.setObject(1, request);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Departments of this kind with a free place in hospitals that have not refused (or been sent) this request: the
     * community's ranked hospitals first (rank 1 first), then the others with the most free places first.
     */
    public List<Candidate> candidates(Connection c, UUID request, String kind, String community) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT h.id, h.name, d.id, d.capacity - d.reserved, p.rank "
                + "FROM department d JOIN hospital h ON h.id = d.hospital_id LEFT JOIN hospital_preference p "
                + "ON p.hospital_id = h.id AND p.community_code = ? WHERE d.kind = ? AND d.reserved < d.capacity "
                + "AND NOT EXISTS (SELECT 1 FROM hospital_offer o WHERE o.request_id = ? AND o.hospital_id = h.id) "
                + "ORDER BY p.rank NULLS LAST, d.capacity - d.reserved DESC, h.name, h.id")) {
            s.setString(1, community);
            s.setString(2, kind);
            s.setObject(3, request);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getInt(4), (Integer) rs.getObject(5)));
                }
            }
            return out;
        }
    }

    /** Every hospital a request was sent to, in order. */
    public List<Offer> of(Connection c, UUID request) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT o.id, h.id, h.name, d.kind, o.state, o.reason, o.note, "
                + "o.violation, o.offered_at, o.answered_at, o.arrived_at, o.admitted_at FROM hospital_offer o "
                + "JOIN hospital h ON h.id = o.hospital_id JOIN department d ON d.id = o.department_id "
                + "WHERE o.request_id = ? ORDER BY o.id")) {
            s.setObject(1, request);
            List<Offer> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Offer(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                            rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                            rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    /** The requests a hospital has now (offered, accepted, at its door) and admitted in the last day, newest first. */
    public List<UUID> atHospital(Connection c, String hospitalCode, Instant since, int offset, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT o.request_id FROM hospital_offer o JOIN hospital h "
                + "ON h.id = o.hospital_id WHERE h.code = ? AND (o.state IN ('offered', 'accepted', 'arrived') "
                + "OR o.state = 'admitted' AND o.admitted_at >= ?) ORDER BY o.offered_at DESC, o.id DESC OFFSET ? LIMIT ?")) {
            s.setString(1, hospitalCode);
            s.setTimestamp(2, Timestamp.from(since));
            s.setInt(3, offset);
            s.setInt(4, limit);
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        }
    }

    public long countAtHospital(Connection c, String hospitalCode, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM hospital_offer o JOIN hospital h "
                + "ON h.id = o.hospital_id WHERE h.code = ? AND (o.state IN ('offered', 'accepted', 'arrived') "
                + "OR o.state = 'admitted' AND o.admitted_at >= ?)")) {
            s.setString(1, hospitalCode);
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A community's order of hospitals, replaced as a whole (rank 1 first). */
    public void preferences(Connection c, String community, List<UUID> hospitals, String by) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM hospital_preference WHERE community_code = ?")) {
            d.setString(1, community);
            d.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO hospital_preference (community_code, hospital_id, rank, "
                + "set_by) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < hospitals.size(); i++) {
                s.setString(1, community);
                s.setObject(2, hospitals.get(i));
                s.setInt(3, i + 1);
                s.setString(4, by);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public List<UUID> preferences(Connection c, String community) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT hospital_id FROM hospital_preference WHERE community_code = ? "
                + "ORDER BY rank")) {
            s.setString(1, community);
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        }
    }

    /** An offer whose door deadline passed, with its request locked; empty when someone holds the request now. */
    public record AtDoor(UUID request, String state, String hospitalName, UUID hospitalId) {
    }

    public Optional<AtDoor> lockAtDoor(Connection c, long offer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT o.request_id, o.state, h.name, h.id FROM hospital_offer o "
                + "JOIN hospital h ON h.id = o.hospital_id JOIN medical_request r ON r.id = o.request_id WHERE o.id = ? "
                + "FOR UPDATE OF r SKIP LOCKED")) {
            s.setLong(1, offer);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new AtDoor(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class))) : Optional.empty();
            }
        }
    }

    public boolean exists(Connection c, long offer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM hospital_offer WHERE id = ?")) {
            s.setLong(1, offer);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
