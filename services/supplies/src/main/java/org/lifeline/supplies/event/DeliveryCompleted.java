package org.lifeline.supplies.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Data of {@code DeliveryCompleted.v1}: confirmed by the household's code, or by staff with a reason. */
public record DeliveryCompleted(UUID orderId, UUID householdId, String carrier, String confirmation,
        String confirmedBy, String reason, OffsetDateTime deliveredAt) {

    public static final EventType TYPE = EventType.of(Topics.ORDER, "org.lifeline.supplies.DeliveryCompleted.v1");
}
