package org.lifeline.supplies.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Data of {@code OrderPlaced.v1}: an order was placed. No personal data: the household by id and code. */
public record OrderPlaced(UUID orderId, UUID householdId, String householdCode, String itemCode, int quantity,
        String source, String merchant, UUID groupOrderId, String status, boolean onBehalf, OffsetDateTime placedAt) {

    public static final EventType TYPE = EventType.of(Topics.ORDER, "org.lifeline.supplies.OrderPlaced.v1");
}
