package org.lifeline.supplies.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Data of {@code DeliveryTaskCreated.v1}: goods at the compound gate, to carry to the door (task board). */
public record DeliveryTaskCreated(UUID orderId, UUID householdId, String householdCode, String placePath,
        String buildingPath, String itemCode, int quantity, String handedOverBy, OffsetDateTime at) {

    public static final EventType TYPE = EventType.of(Topics.ORDER, "org.lifeline.supplies.DeliveryTaskCreated.v1");
}
