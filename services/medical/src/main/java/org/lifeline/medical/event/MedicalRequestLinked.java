package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Data of {@code MedicalRequestLinked.v1}: a hotline ticket routed to medical was linked to the household's open
 * request instead of raising another (no medical details).
 */
public record MedicalRequestLinked(UUID requestId, UUID householdId, UUID ticketId, OffsetDateTime at) {

    public static final EventType TYPE = EventType.of(MedicalRequestRaised.TOPIC,
            "org.lifeline.medical.MedicalRequestLinked.v1");
}
