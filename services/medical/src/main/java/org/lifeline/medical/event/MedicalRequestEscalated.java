package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Data of {@code MedicalRequestEscalated.v1}: {@code kind} automatic (a passed deadline of {@code stage}) or
 * whistle; the request is now at {@code toLevel} ({@code toCode}).
 */
public record MedicalRequestEscalated(UUID requestId, UUID householdId, String kind, String stage, String fromLevel,
        String toLevel, String toCode, OffsetDateTime dueAt, OffsetDateTime escalatedAt) {

    public static final EventType TYPE = EventType.of(MedicalRequestRaised.TOPIC,
            "org.lifeline.medical.MedicalRequestEscalated.v1");
}
