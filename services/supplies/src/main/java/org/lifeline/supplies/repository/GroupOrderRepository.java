package org.lifeline.supplies.repository;

import jakarta.enterprise.context.ApplicationScoped;
import org.lifeline.supplies.model.GroupOrderRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Group orders (团购) of a building on a merchant's offer ({@code group_order}). */
@ApplicationScoped
public class GroupOrderRepository {

    private static final String COLUMNS = "id, offer_id, merchant, item_code, building_code, building_path, threshold, "
            + "members, status, created_by, created_at, confirmed_at";

    /** A household joined: one member more, and {@code confirmed} at the threshold. */
    public record Joined(String status, int members, int threshold) {

        public boolean confirmed() {
            return status.equals("confirmed");
        }
    }

    public Optional<GroupOrderRow> find(Connection c, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM group_order WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new GroupOrderRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8),
                        rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class),
                        rs.getObject(12, OffsetDateTime.class))) : Optional.empty();
            }
        }
    }

    public void insert(Connection c, UUID id, UUID offerId, String merchant, String itemCode, String buildingCode,
            String buildingPath, int threshold, String createdBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO group_order (id, offer_id, merchant, item_code, "
                + "building_code, building_path, threshold, status, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)")) {
            s.setObject(1, id);
            s.setObject(2, offerId);
            s.setString(3, merchant);
            s.setString(4, itemCode);
            s.setString(5, buildingCode);
            s.setString(6, buildingPath);
            s.setInt(7, threshold);
            s.setString(8, createdBy);
            s.executeUpdate();
        }
    }

    /** One household more (the row locked by {@link #find} with update); confirmed at {@code at} once at the threshold. */
    public Joined join(Connection c, UUID id, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE group_order SET members = members + 1, "
                + "status = CASE WHEN members + 1 >= threshold THEN 'confirmed' ELSE status END, "
                + "confirmed_at = CASE WHEN members + 1 >= threshold THEN ?::timestamptz ELSE confirmed_at END "
                + "WHERE id = ? RETURNING status, members, threshold")) {
            s.setObject(1, at);
            s.setObject(2, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Joined(rs.getString(1), rs.getInt(2), rs.getInt(3));
            }
        }
    }
}
