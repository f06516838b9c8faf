package org.lifeline.supplies.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code supply_order}. */
public record OrderRow(UUID id, UUID householdId, String householdCode, String placePath, String buildingPath,
        String stockArea, String itemCode, int quantity, String source, UUID offerId, String merchant, UUID groupId,
        Integer priceCents, String status, String placedBy, boolean onBehalf, String deliveryCode, int codeAttempts,
        String carrier, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static final String COLUMNS = "id, household_id, household_code, place_path, building_path, stock_area, "
            + "item_code, quantity, source, offer_id, merchant, group_id, price_cents, status, placed_by, on_behalf, "
            + "delivery_code, code_attempts, carrier, created_at, updated_at";

    public static OrderRow of(ResultSet rs) throws SQLException {
        return new OrderRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
                rs.getObject(10, UUID.class), rs.getString(11), rs.getObject(12, UUID.class),
                (Integer) rs.getObject(13), rs.getString(14), rs.getString(15), rs.getBoolean(16), rs.getString(17),
                rs.getInt(18), rs.getString(19), rs.getObject(20, OffsetDateTime.class),
                rs.getObject(21, OffsetDateTime.class));
    }
}
