package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.api.MedicalApi.Deadline;
import org.lifeline.medical.model.StageDeadline;
import org.lifeline.platform.deadline.Deadlines;

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
 * {@code request_deadline}, the deadline of each stage at each level as the request's view shows it (pending, met,
 * escalated, exhausted, cancelled), and, for each pending one, its platform deadline of kind {@link #KIND}
 * (subject: the row's id), which fires the escalation when it passes. Both change together, in the caller's
 * transaction: a pending row has a platform deadline, a closed one has none.
 */
@ApplicationScoped
public class StageDeadlineRepository {

    /** The platform deadline kind of a stage deadline (org.lifeline.platform.deadline). */
    public static final String KIND = "medical.stage-deadline";

    /** A pending deadline of {@code stage} at {@code level}, due at {@code dueAt}, and its platform deadline. */
    public void add(Connection c, UUID request, String stage, String level, Instant dueAt) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO request_deadline (request_id, stage, level, due_at) "
                + "VALUES (?, ?, ?, ?) RETURNING id")) {
            s.setObject(1, request);
            s.setString(2, stage);
            s.setString(3, level);
            s.setTimestamp(4, Timestamp.from(dueAt));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        Deadlines.schedule(c, KIND, Long.toString(id), dueAt);
    }

    /** Closes the request's pending deadlines (of these stages, or all when null) as {@code state}; none fires. */
    public void close(Connection c, UUID request, List<String> stages, String state, Instant at) throws SQLException {
        List<String> closed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE request_deadline SET state = ?, closed_at = ? "
                + "WHERE request_id = ? AND state = 'pending'" + (stages == null ? "" : " AND stage = ANY (?)")
                + " RETURNING id")) {
            s.setString(1, state);
            s.setTimestamp(2, Timestamp.from(at));
            s.setObject(3, request);
            if (stages != null) {
                s.setArray(4, c.createArrayOf("varchar", stages.toArray()));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    closed.add(Long.toString(rs.getLong(1)));
                }
            }
        }
        Deadlines.cancel(c, KIND, closed);
    }

    /** Marks one deadline {@code escalated} or {@code exhausted} (its platform deadline is the one firing). */
    public void finish(Connection c, long id, String state, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE request_deadline SET state = ?, closed_at = ? WHERE id = ?")) {
            s.setString(1, state);
            s.setTimestamp(2, Timestamp.from(at));
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    /**
     * The deadline with its request, both locked, or empty when someone else holds either ({@code SKIP LOCKED}:
     * staff changing the request at this moment) or the deadline is gone. {@link #exists} tells which.
     */
    public Optional<StageDeadline> lock(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT d.id, d.request_id, d.stage, d.due_at, d.state, r.household_id, "
                + "r.place_path, r.severity, r.level FROM request_deadline d JOIN medical_request r ON r.id = d.request_id "
                + "WHERE d.id = ? FOR UPDATE OF d, r SKIP LOCKED")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StageDeadline(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getObject(6, UUID.class),
                        rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        }
    }

    public boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM request_deadline WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A request's deadlines, in order of their time. */
    public List<Deadline> of(Connection c, UUID request) throws SQLException {
        List<Deadline> deadlines = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stage, level, due_at, state FROM request_deadline "
                + "WHERE request_id = ? ORDER BY due_at, id")) {
            s.setObject(1, request);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    deadlines.add(new Deadline(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                            rs.getString(4)));
                }
            }
        }
        return deadlines;
    }
}
