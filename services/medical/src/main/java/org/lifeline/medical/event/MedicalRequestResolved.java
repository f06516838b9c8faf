package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Data of {@code MedicalRequestResolved.v1}: {@code status} resolved or cancelled (no medical details). */
public record MedicalRequestResolved(UUID requestId, UUID householdId, String status, OffsetDateTime resolvedAt) {

    public static final EventType TYPE = EventType.of(MedicalRequestRaised.TOPIC,
            "org.lifeline.medical.MedicalRequestResolved.v1");
}
