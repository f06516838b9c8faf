package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.api.MedicalApi.Notification;
import org.lifeline.medical.model.Levels;
import org.lifeline.platform.security.AreaPaths;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code notification}: one per level a request reached, its audience and the webhook's outcome. */
@ApplicationScoped
public class NotificationRepository {

    /** @return the new notification's id; {@code webhook} says whether a webhook call is pending for it */
    public long add(Connection c, UUID request, Long escalation, String level, String code, String path, String message,
            boolean webhook) throws SQLException {
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

    /** Notifications to places under these paths, newest first; of one request if given. */
    public List<Notification> within(Connection c, List<String> paths, UUID request, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, request_id, level, place_code, audience, message, "
                + "webhook_status, created_at FROM notification WHERE " + AreaPaths.sqlWithin("place_path", paths)
                + " AND (?::uuid IS NULL OR request_id = ?::uuid) ORDER BY id DESC LIMIT ?")) {
            s.setObject(1, request);
            s.setObject(2, request);
            s.setInt(3, limit);
            List<Notification> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Notification(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    /** The notifications written by the automatic escalations of these stage deadlines. */
    public List<Long> ofDeadlines(Connection c, Collection<Long> deadlineIds) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT n.id FROM notification n JOIN escalation e "
                + "ON e.id = n.escalation_id WHERE e.deadline_id = ANY (?) ORDER BY n.id")) {
            s.setArray(1, c.createArrayOf("bigint", deadlineIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The webhook's body for a notification (never medical details). */
    public Optional<Map<String, Object>> webhookBody(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT request_id, level, place_code, audience, message, "
                + "created_at FROM notification WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("notificationId", id);
                body.put("requestId", rs.getString(1));
                body.put("level", rs.getString(2));
                body.put("placeCode", rs.getString(3));
                body.put("audience", rs.getString(4));
                body.put("message", rs.getString(5));
                body.put("createdAt", rs.getObject(6, OffsetDateTime.class).toString());
                return Optional.of(body);
            }
        }
    }

    public void webhookStatus(Connection c, long id, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE notification SET webhook_status = ? WHERE id = ?")) {
            s.setString(1, status);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /** One more webhook call made; returns how many there have been. */
    public int webhookAttempted(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE notification SET webhook_attempts = webhook_attempts + 1 "
                + "WHERE id = ? RETURNING webhook_attempts")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
