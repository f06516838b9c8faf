package org.lifeline.hotline.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.hotline.model.Household;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Reads of the residents read model ({@code household_rm}). */
@ApplicationScoped
public class HouseholdRepository {

    /** The household with this code (a resident's token), the latest if the read model has two. */
    public Optional<Household> byCode(Connection c, String code) throws SQLException {
        return one(c, "SELECT id, code, place_path FROM household_rm WHERE code = ? ORDER BY updated_at DESC LIMIT 1", code);
    }

    public Optional<Household> byId(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT id, code, place_path FROM household_rm WHERE id = ?", id);
    }

    private static Optional<Household> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Household(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }
}
