package org.lifeline.medical.escalation;

import org.lifeline.medical.event.MedicalEvents;
import org.lifeline.medical.service.Levels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One step up the ladder for a request whose row the caller holds locked: the request's new level, the
 * escalation row, a notification for the new level, a timeline entry and {@code MedicalRequestEscalated},
 * all in the caller's transaction. Used by the engine (a passed deadline) and by a staff whistle.
 */
public final class Escalations {

    private Escalations() {
    }

    /** What one step did; {@code notificationId} is for the webhook after commit. */
    public record Step(UUID requestId, long escalationId, long notificationId, String toLevel, String toCode) {
    }

    /**
     * @param deadlineId the passed deadline (automatic) or null (whistle)
     * @param newDeadline the same stage's next deadline after an automatic escalation, or null
     */
    public static Step escalate(Connection c, UUID request, UUID household, String placePath, String fromLevel,
            String kind, String stage, Long deadlineId, OffsetDateTime dueAt, String reason, String actor,
            Duration newDeadline, boolean webhook) throws SQLException {
        String to = Levels.next(fromLevel);
        String code = Levels.code(placePath, to);
        try (PreparedStatement s = c.prepareStatement("UPDATE medical_request SET level = ?, level_code = ?, "
                + "updated_at = now() WHERE id = ?")) {
            s.setString(1, to);
            s.setString(2, code);
            s.setObject(3, request);
            s.executeUpdate();
        }
        long escalation;
        OffsetDateTime at;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation (request_id, deadline_id, kind, stage, "
                + "from_level, to_level, to_code, reason, actor, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id, escalated_at")) {
            s.setObject(1, request);
            s.setObject(2, deadlineId);
            s.setString(3, kind);
            s.setString(4, stage);
            s.setString(5, fromLevel);
            s.setString(6, to);
            s.setString(7, code);
            s.setString(8, reason);
            s.setString(9, actor);
            s.setObject(10, dueAt);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                escalation = rs.getLong(1);
                at = rs.getObject(2, OffsetDateTime.class);
            }
        }
        String message = "automatic".equals(kind)
                ? "Deadline '" + stage + "' passed at " + fromLevel + " level; the request is now yours (" + to + " " + code + ")"
                : "Whistle by " + actor + ": " + reason;
        long notification = notify(c, request, escalation, to, code, Levels.path(placePath, to), message, webhook);
        if (deadlineId != null) {
            try (PreparedStatement s = c.prepareStatement("UPDATE request_deadline SET state = 'escalated', "
                    + "closed_at = clock_timestamp() WHERE id = ?")) {
                s.setLong(1, deadlineId);
                s.executeUpdate();
            }
        }
        if (newDeadline != null) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO request_deadline (request_id, stage, level, due_at) "
                    + "VALUES (?, ?, ?, ?)")) {
                s.setObject(1, request);
                s.setString(2, stage);
                s.setString(3, to);
                s.setTimestamp(4, Timestamp.from(at.toInstant().plus(newDeadline)));
                s.executeUpdate();
            }
        }
        timeline(c, request, "automatic".equals(kind) ? "escalated" : "whistle", to, actor,
                "automatic".equals(kind) ? "'" + stage + "' deadline passed at " + fromLevel + " level; escalated to " + to
                        + " " + code : "Escalated to " + to + " " + code + ": " + reason);
        MedicalEvents.write(c, request, MedicalEvents.ESCALATED, new MedicalEvents.Escalated(request, household, kind,
                stage, fromLevel, to, code, dueAt, at));
        return new Step(request, escalation, notification, to, code);
    }

    public static long notify(Connection c, UUID request, Long escalation, String level, String code, String path,
            String message, boolean webhook) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notification (request_id, escalation_id, level, "
                + "place_code, place_path, audience, message, webhook_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setObject(1, request);
            s.setObject(2, escalation);
            s.setString(3, level);
            s.setString(4, code);
            s.setString(5, path);
            s.setString(6, Levels.audience(level));
            s.setString(7, message.length() > 500 ? message.substring(0, 500) : message);
            s.setString(8, webhook ? "pending" : "none");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static void timeline(Connection c, UUID request, String kind, String level, String actor, String note)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO timeline_entry (request_id, kind, level, actor, note) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, request);
            s.setString(2, kind);
            s.setString(3, level);
            s.setString(4, actor);
            s.setString(5, note == null || note.length() <= 500 ? note : note.substring(0, 500));
            s.executeUpdate();
        }
    }
}
