package org.lifeline.supplies.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An order as stored ({@code supply_order}), with what only supplies needs (paths, code, attempts). */
public record OrderRow(UUID id, UUID householdId, String householdCode, String placePath, String buildingPath,
        String stockArea, String itemCode, int quantity, String source, UUID offerId, String merchant, UUID groupId,
        Integer priceCents, String status, String placedBy, boolean onBehalf, String deliveryCode, int codeAttempts,
        String carrier, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
