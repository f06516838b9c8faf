package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.cogovernance.model.Enrolled;
import org.lifeline.cogovernance.model.VolunteerRecord;
import org.lifeline.platform.security.AreaPaths;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Volunteers ({@code volunteer}). */
@ApplicationScoped
public class VolunteerRepository {

    private static final String SELECT = "SELECT id, subject, username, name, phone, skills, availability, home_area_code, "
            + "home_area_path, status, vetted_by, vetted_at, registered_at FROM volunteer";

    /** Registers a pending volunteer; returns false when the subject is registered already. */
    public boolean insert(Connection c, UUID id, String subject, String username, String name, String phone, List<String> skills,
            String availability, String homeAreaCode, String homeAreaPath) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO volunteer (id, subject, username, name, phone, skills, "
                + "availability, home_area_code, home_area_path, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
                + "ON CONFLICT (subject) DO NOTHING")) {
            s.setObject(1, id);
            s.setString(2, subject);
            s.setString(3, username);
            s.setString(4, name);
            s.setString(5, phone);
            s.setArray(6, c.createArrayOf("text", skills.toArray()));
            s.setString(7, availability);
            s.setString(8, homeAreaCode);
            s.setString(9, homeAreaPath);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<VolunteerRecord> bySubject(Connection c, String subject) throws SQLException {
        return one(c, SELECT + " WHERE subject = ?", subject);
    }

    public Optional<VolunteerRecord> byId(Connection c, UUID id) throws SQLException {
        return one(c, SELECT + " WHERE id = ?", id);
    }

    public Optional<Enrolled> enrolled(Connection c, String subject) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, status, home_area_path FROM volunteer WHERE subject = ?")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Enrolled(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }

    public void vet(Connection c, UUID id, String decision, String by, String note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE volunteer SET status = ?, vetted_by = ?, vetted_at = now(), "
                + "vetting_note = ? WHERE id = ?")) {
            s.setString(1, decision);
            s.setString(2, by);
            s.setString(3, note);
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    /** A page of volunteers whose home area is inside the paths ({@code all} or one status), oldest registration first. */
    public List<VolunteerRecord> list(Connection c, List<String> paths, String status, int page, int size) throws SQLException {
        List<VolunteerRecord> items = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + where(paths, status) + " ORDER BY registered_at, id LIMIT ? OFFSET ?")) {
            int i = 1;
            if (!"all".equals(status)) {
                s.setString(i++, status);
            }
            s.setInt(i++, size);
            s.setLong(i, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(volunteer(rs));
                }
            }
        }
        return items;
    }

    public long count(Connection c, List<String> paths, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM volunteer" + where(paths, status))) {
            if (!"all".equals(status)) {
                s.setString(1, status);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String where(List<String> paths, String status) {
        return " WHERE " + AreaPaths.sqlWithin("home_area_path", paths) + ("all".equals(status) ? "" : " AND status = ?");
    }

    private static Optional<VolunteerRecord> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(volunteer(rs)) : Optional.empty();
            }
        }
    }

    private static VolunteerRecord volunteer(ResultSet rs) throws SQLException {
        return new VolunteerRecord(rs.getObject("id", UUID.class), rs.getString("subject"), rs.getString("username"),
                rs.getString("name"), rs.getString("phone"), List.of((String[]) rs.getArray("skills").getArray()),
                rs.getString("availability"), rs.getString("home_area_code"), rs.getString("home_area_path"), rs.getString("status"),
                rs.getString("vetted_by"), rs.getObject("vetted_at", OffsetDateTime.class),
                rs.getObject("registered_at", OffsetDateTime.class));
    }
}
