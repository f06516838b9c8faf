package org.lifeline.supplies.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Places of the read model ({@code place_rm}) by their level, for what only some levels may be: a warehouse, a
 * group order's building. (Areas of a caller and plain code-to-path look-ups are the platform's
 * {@code PlaceScopes}.)
 */
@ApplicationScoped
public class PlaceRepository {

    /** The path of a community or compound: the places that may have a warehouse. */
    public Optional<String> warehousePath(Connection c, String code) throws SQLException {
        return path(c, "SELECT path FROM place_rm WHERE code = ? AND level IN ('community', 'compound')", code);
    }

    public Optional<String> buildingPath(Connection c, String code) throws SQLException {
        return path(c, "SELECT path FROM place_rm WHERE code = ? AND level = 'building'", code);
    }

    private static Optional<String> path(Connection c, String sql, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
