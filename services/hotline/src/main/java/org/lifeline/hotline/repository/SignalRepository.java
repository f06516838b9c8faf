package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    public void orderPlaced(Connection c, UUID order, UUID household) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_household (order_id, household_id) VALUES (?, ?) "
                + "ON CONFLICT (order_id) DO NOTHING")) {
            s.setObject(1, order);
            s.setObject(2, household);
            s.executeUpdate();
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
