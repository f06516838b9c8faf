package org.lifeline.cogovernance.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.cogovernance.api.AreaModeApi.Change;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mode of each area ({@code area_mode}) and its changes ({@code area_mode_change}). */
@ApplicationScoped
public class AreaModeRepository {

    /** An area's stored mode. */
    public record Current(String mode, String reason, String changedBy, OffsetDateTime changedAt, long version) {
    }

    /** The area's row, created as {@code normal} (version 0) if it has none, locked; its mode and version. */
    public Current lock(Connection c, String code, String path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO area_mode (area_code, area_path, mode, reason, changed_by, "
                + "changed_at, version) VALUES (?, ?, 'normal', 'initial', 'system', now(), 0) ON CONFLICT DO NOTHING")) {
            s.setString(1, code);
            s.setString(2, path);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT mode, reason, changed_by, changed_at, version FROM area_mode "
                + "WHERE area_code = ? FOR UPDATE")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return current(rs);
            }
        }
    }

    public void change(Connection c, String code, String path, String from, String mode, String reason, String by,
            OffsetDateTime at, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE area_mode SET mode = ?, reason = ?, changed_by = ?, changed_at = ?, "
                + "version = ?, area_path = ? WHERE area_code = ?")) {
            s.setString(1, mode);
            s.setString(2, reason);
            s.setString(3, by);
            s.setObject(4, at);
            s.setLong(5, version);
            s.setString(6, path);
            s.setString(7, code);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO area_mode_change (area_code, from_mode, to_mode, reason, "
                + "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, code);
            s.setString(2, from);
            s.setString(3, mode);
            s.setString(4, reason);
            s.setString(5, by);
            s.setObject(6, at);
            s.executeUpdate();
        }
    }

    public Optional<Current> current(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT mode, reason, changed_by, changed_at, version FROM area_mode WHERE area_code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(current(rs)) : Optional.empty();
            }
        }
    }

    /** The last 50 changes, newest first. */
    public List<Change> history(Connection c, String code) throws SQLException {
        List<Change> history = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT from_mode, to_mode, reason, changed_by, changed_at FROM area_mode_change "
                + "WHERE area_code = ? ORDER BY id DESC LIMIT 50")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    history.add(new Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        return history;
    }

    private static Current current(ResultSet rs) throws SQLException {
        return new Current(rs.getString("mode"), rs.getString("reason"), rs.getString("changed_by"),
                rs.getObject("changed_at", OffsetDateTime.class), rs.getLong("version"));
    }
}
