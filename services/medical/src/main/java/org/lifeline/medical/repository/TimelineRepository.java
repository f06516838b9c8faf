package org.lifeline.medical.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.medical.api.MedicalApi.TimelineEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code timeline_entry}: everything that happened to a request, in order, without medical details. */
@ApplicationScoped
public class TimelineRepository {

    /** An entry at {@code at} (the service's clock). */
    public void add(Connection c, UUID request, String kind, String level, String actor, String note, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO timeline_entry (request_id, kind, level, actor, note, at) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, request);
            s.setString(2, kind);
            s.setString(3, level);
            s.setString(4, actor);
            s.setString(5, note == null || note.length() <= 500 ? note : note.substring(0, 500));
            s.setTimestamp(6, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    /** An entry at the database's time (for the read model's consumer, which has no clock of its own). */
    public static void add(Connection c, UUID request, String kind, String level, String actor, String note)
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

    public List<TimelineEntry> of(Connection c, UUID request) throws SQLException {
        List<TimelineEntry> timeline = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT at, kind, level, actor, note FROM timeline_entry "
                + "WHERE request_id = ? ORDER BY id")) {
            s.setObject(1, request);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    timeline.add(new TimelineEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return timeline;
    }
}
