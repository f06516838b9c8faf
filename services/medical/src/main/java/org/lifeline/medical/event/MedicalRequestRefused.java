package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Data of {@code MedicalRequestRefused.v1}: a hospital refused the patient ({@code reason} from the list), and what
 * happened next: sent to {@code nextHospitalName} at once, or {@code escalated} (a second refusal, or no other hospital
 * with a free place). {@code violation}: the reason may not be given for this patient (first-contact responsibility:
 * "no PCR result" for a critical patient, or a critical patient refused at the door).
 */
public record MedicalRequestRefused(UUID requestId, UUID householdId, UUID hospitalId, String hospitalName,
        String reason, boolean violation, String severity, String category, UUID nextHospitalId,
        String nextHospitalName, boolean escalated, OffsetDateTime refusedAt) {

    public static final EventType TYPE = EventType.of(MedicalRequestRaised.TOPIC,
            "org.lifeline.medical.MedicalRequestRefused.v1");
}
