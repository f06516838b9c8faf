package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.cogovernance.api.AreaModeApi.Notified;
import org.lifeline.cogovernance.api.VolunteerApi.Notification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Notifications to volunteers and partners ({@code notification}): rows their own endpoints read. */
@ApplicationScoped
public class NotificationRepository {

    /**
     * Notifies, set-based, the vetted volunteers whose home area is inside the area or holds it and the approved
     * partners serving it that the area entered emergency mode.
     */
    public Notified emergency(Connection c, String code, String path, String message) throws SQLException {
        int volunteers;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notification (recipient, recipient_kind, topic, area_code, message) "
                + "SELECT subject, 'volunteer', 'emergency', ?, ? FROM volunteer WHERE status = 'vetted' "
                + "AND (home_area_path LIKE ? OR ? LIKE home_area_path || '%')")) {
            s.setString(1, code);
            s.setString(2, message);
            s.setString(3, like(path));
            s.setString(4, path);
            volunteers = s.executeUpdate();
        }
        int partners;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notification (recipient, recipient_kind, topic, area_code, message) "
                + "SELECT client_id, 'partner', 'emergency', ?, ? FROM partner WHERE status = 'approved' AND EXISTS "
                + "(SELECT 1 FROM unnest(area_paths) p WHERE p LIKE ? OR ? LIKE p || '%')")) {
            s.setString(1, code);
            s.setString(2, message);
            s.setString(3, like(path));
            s.setString(4, path);
            partners = s.executeUpdate();
        }
        return new Notified(volunteers, partners);
    }

    /** A recipient's latest 100 notifications, newest first ({@code kind}: volunteer or partner). */
    public List<Notification> of(Connection c, String recipient, String kind) throws SQLException {
        List<Notification> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, topic, area_code, message, created_at FROM notification "
                + "WHERE recipient = ? AND recipient_kind = ? ORDER BY id DESC LIMIT 100")) {
            s.setString(1, recipient);
            s.setString(2, kind);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        return result;
    }

    private static String like(String path) {
        return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
