package org.lifeline.medical.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Data of {@code MedicalRequestRaised.v1} on {@code lifeline.medical.request.v1} (key: request id): a request was
 * raised and triaged, the community notified; {@code ticketId} the hotline ticket that raised it (null when a resident or
 * staff member did). No medical details (no description, answers or contact).
 */
public record MedicalRequestRaised(UUID requestId, UUID householdId, String placePath, String category, String severity,
        String level, String levelCode, boolean infectionControl, OffsetDateTime raisedAt, UUID ticketId) {

    public static final String TOPIC = "lifeline.medical.request.v1";
    public static final EventType TYPE = EventType.of(TOPIC, "org.lifeline.medical.MedicalRequestRaised.v1");
}
