package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Data of {@code MedicalRequestAdmitted.v1}: the hospital admitted the patient ({@code waitedSeconds} at its door). */
public record MedicalRequestAdmitted(UUID requestId, UUID householdId, UUID hospitalId, String hospitalName,
        Long waitedSeconds, OffsetDateTime admittedAt) {

    public static final EventType TYPE = EventType.of(MedicalRequestRaised.TOPIC,
            "org.lifeline.medical.MedicalRequestAdmitted.v1");
}
