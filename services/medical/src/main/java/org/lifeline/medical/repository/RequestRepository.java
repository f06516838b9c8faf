package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.api.MedicalApi.Deadline;
import org.lifeline.medical.api.MedicalApi.RequestSummary;
import org.lifeline.medical.model.Household;
import org.lifeline.medical.model.RequestDetails;
import org.lifeline.medical.model.RequestRow;
import org.lifeline.platform.security.AreaPaths;

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

/** {@code medical_request}: the request, its status and level, its details, and the summaries of lists. */
@ApplicationScoped
public class RequestRepository {

    /** Which requests a list shows: those under some paths, or of one household (by code or id), open ones only or all. */
    public record Filter(String where, List<Object> params) {

        public static Filter within(List<String> paths) {
            return new Filter(AreaPaths.sqlWithin("r.place_path", paths), List.of());
        }

        public static Filter householdCode(String code) {
            return new Filter("r.household_code = ?", List.of(code));
        }

        public static Filter household(UUID id) {
            return new Filter("r.household_id = ?", List.of(id));
        }

        public static Filter none() {
            return new Filter("FALSE", List.of());
        }

        public Filter openOnly() {
            return new Filter(where + " AND r.status NOT IN ('resolved', 'cancelled')", params);
        }
    }

    /** A new request, status raised at the community level. */
    public record NewRequest(UUID id, Household household, String category, String severity, String description,
            String answersJson, String contactName, String contactPhone, String communityCode, boolean infectionControl,
            String raisedBy, String raisedBySubject, String idempotencyKey, String requestHash, Instant raisedAt) {
    }

    public void add(Connection c, NewRequest r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO medical_request (id, household_id, household_code, "
                + "place_path, category, severity, description, answers, contact_name, contact_phone, status, level, "
                + "level_code, infection_control, raised_by, raised_by_subject, idempotency_key, request_hash, raised_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, 'raised', 'community', ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, r.id());
            s.setObject(2, r.household().id());
            s.setString(3, r.household().code());
            s.setString(4, r.household().path());
            s.setString(5, r.category());
            s.setString(6, r.severity());
            s.setString(7, r.description());
            s.setString(8, r.answersJson());
            s.setString(9, r.contactName());
            s.setString(10, r.contactPhone());
            s.setString(11, r.communityCode());
            s.setBoolean(12, r.infectionControl());
            s.setString(13, r.raisedBy());
            s.setString(14, r.raisedBySubject());
            s.setString(15, r.idempotencyKey());
            s.setString(16, r.requestHash());
            s.setTimestamp(17, Timestamp.from(r.raisedAt()));
            s.setTimestamp(18, Timestamp.from(r.raisedAt()));
            s.executeUpdate();
        }
    }

    /** The request an {@code Idempotency-Key} of this caller raised: its id and the hash of its body. */
    public record Keyed(UUID id, String requestHash) {
    }

    public Optional<Keyed> byIdempotencyKey(Connection c, String subject, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, request_hash FROM medical_request "
                + "WHERE raised_by_subject = ? AND idempotency_key = ?")) {
            s.setString(1, subject);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Keyed(rs.getObject(1, UUID.class), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** The advisory lock of a caller's {@code Idempotency-Key} (subject, key), held until the transaction ends. */
    public static final String KEY_LOCK = "hashtextextended(? || chr(31) || ?, 21)";

    /**
     * Claims the caller's key for this transaction without waiting: false when another transaction holds it (the
     * first request with this key is still being raised).
     */
    public boolean tryClaimKey(Connection c, String subject, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(" + KEY_LOCK + ")")) {
            s.setString(1, subject);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The request, locked for the rest of the transaction ({@code FOR UPDATE}) when {@code lock}. */
    public Optional<RequestRow> row(Connection c, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.household_id, r.household_code, r.place_path, r.status, "
                + "r.level, r.severity, r.category, (SELECT h.code FROM hospital_offer o JOIN hospital h ON h.id = o.hospital_id "
                + "WHERE o.request_id = r.id AND o.state IN ('offered', 'accepted', 'arrived', 'admitted') "
                + "ORDER BY o.id DESC LIMIT 1) FROM medical_request r WHERE r.id = ?" + (lock ? " FOR UPDATE OF r" : ""))) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new RequestRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9)))
                        : Optional.empty();
            }
        }
    }

    /** The household's newest open request (not resolved or cancelled), locked ({@code FOR UPDATE}); empty if none. */
    public Optional<RequestRow> openOfHousehold(Connection c, UUID household) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM medical_request WHERE household_id = ? "
                + "AND status NOT IN ('resolved', 'cancelled') ORDER BY raised_at DESC, id LIMIT 1 FOR UPDATE")) {
            s.setObject(1, household);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(c, rs.getObject(1, UUID.class), false) : Optional.empty();
            }
        }
    }

    public void status(Connection c, UUID id, String status, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET status = ?, updated_at = ? WHERE id = ?")) {
            s.setString(1, status);
            s.setTimestamp(2, Timestamp.from(at));
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    public void level(Connection c, UUID id, String level, String code, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET level = ?, level_code = ?, updated_at = ? "
                + "WHERE id = ?")) {
            s.setString(1, level);
            s.setString(2, code);
            s.setTimestamp(3, Timestamp.from(at));
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    public RequestDetails details(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT description, answers::text, contact_name, contact_phone "
                + "FROM medical_request WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new RequestDetails(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }

    public long count(Connection c, Filter filter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM medical_request r WHERE " + filter.where())) {
            bind(s, filter.params());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Summaries (no details) with each request's next pending deadline, newest first. */
    public List<RequestSummary> summaries(Connection c, Filter filter, int offset, int limit) throws SQLException {
        return summaries(c, filter.where(), filter.params(), offset, limit);
    }

    public RequestSummary summary(Connection c, UUID id) throws SQLException {
        return summaries(c, "r.id = ?", List.of(id), 0, 1).get(0);
    }

    private static List<RequestSummary> summaries(Connection c, String where, List<Object> params, int offset, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.household_id, r.household_code, r.category, r.severity, "
                + "r.status, r.level, r.level_code, r.infection_control, r.raised_at, r.updated_at, d.stage, d.level, d.due_at "
                + "FROM medical_request r LEFT JOIN LATERAL (SELECT stage, level, due_at FROM request_deadline x "
                + "WHERE x.request_id = r.id AND x.state = 'pending' ORDER BY due_at LIMIT 1) d ON true WHERE " + where
                + " ORDER BY r.raised_at DESC, r.id OFFSET ? LIMIT ?")) {
            int i = bind(s, params);
            s.setInt(i++, offset);
            s.setInt(i, limit);
            List<RequestSummary> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Deadline next = rs.getString(12) == null ? null
                            : new Deadline(rs.getString(12), rs.getString(13), rs.getObject(14, OffsetDateTime.class), "pending");
                    out.add(new RequestSummary(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getBoolean(9), rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class), next));
                }
            }
            return out;
        }
    }

    /** Binds the parameters from 1; returns the next index. */
    private static int bind(PreparedStatement s, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            s.setObject(i++, p);
        }
        return i;
    }
}
