package org.lifeline.supplies.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A building's group order as stored ({@code group_order}). */
public record GroupOrderRow(UUID id, UUID offerId, String merchant, String itemCode, String buildingCode,
        String buildingPath, int threshold, int members, String status, String createdBy, OffsetDateTime createdAt,
        OffsetDateTime confirmedAt) {
}
