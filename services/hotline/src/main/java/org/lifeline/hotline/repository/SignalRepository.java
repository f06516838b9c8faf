package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the signals need besides residents' read model: area modes (co-governance), order → household (supplies). */
@ApplicationScoped
public class SignalRepository {

    /** Keeps an area's mode, newer versions only. */
    public void areaMode(Connection c, String code, String path, String mode, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO area_mode (area_code, area_path, mode, version) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (area_code) DO UPDATE SET area_path = EXCLUDED.area_path, mode = EXCLUDED.mode, "
                + "version = EXCLUDED.version WHERE area_mode.version < EXCLUDED.version")) {
            s.setString(1, code);
            s.setString(2, path);
            s.setString(3, mode);
            s.setLong(4, version);
            s.executeUpdate();
        }
    }

    /** Whether the place is inside an area in emergency mode, or inside one of {@code extraPaths}. */
    /** The paths of the areas in emergency mode now. */
    public List<String> emergencyAreaPaths(Connection c) throws SQLException {
        List<String> paths = new java.util.ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT area_path FROM area_mode WHERE mode = 'emergency'");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    public boolean inEmergency(Connection c, String placePath, List<String> extraPaths) throws SQLException {
        for (String p : extraPaths) {
            if (placePath.startsWith(p)) {
                return true;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM area_mode WHERE mode = 'emergency' "
                + "AND starts_with(?, area_path))")) {
            s.setString(1, placePath);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public void orderPlaced(Connection c, UUID order, UUID household, Instant placedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_household (order_id, household_id, placed_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (order_id) DO NOTHING")) {
            s.setObject(1, order);
            s.setObject(2, household);
            s.setTimestamp(3, Timestamp.from(placedAt));
            s.executeUpdate();
        }
    }

    /** The order reached the door; its household, when the order is known here. */
    public Optional<UUID> delivered(Connection c, UUID order, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE order_household SET delivered_at = ? WHERE order_id = ? "
                + "AND delivered_at IS NULL RETURNING household_id")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, order);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    public Optional<UUID> householdOfOrder(Connection c, UUID order) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT household_id FROM order_household WHERE order_id = ?")) {
            s.setObject(1, order);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }
}
