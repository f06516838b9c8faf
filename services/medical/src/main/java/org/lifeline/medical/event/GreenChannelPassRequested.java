package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.util.UUID;

/** Data of {@code GreenChannelPassRequested.v1}: co-governance issues a pass for the trip to the hospital. */
public record GreenChannelPassRequested(UUID requestId, UUID householdId, String placePath, String hospitalName,
        String hospitalAreaCode, String transportKind, String vehicle, String severity) {

    public static final EventType TYPE = EventType.of(MedicalRequestRaised.TOPIC,
            "org.lifeline.medical.GreenChannelPassRequested.v1");
}
