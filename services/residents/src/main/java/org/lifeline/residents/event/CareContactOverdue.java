package org.lifeline.residents.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code org.lifeline.residents.CareContactOverdue.v1} on {@code lifeline.residents.care.v1} (key: household
 * id): a vulnerable person (关爱对象) nobody has called or visited for longer than the care interval
 * ({@code residents.care.contact-interval}), counted from the last care contact or, never contacted, from when the
 * person was registered or verified. Published once per person and missed interval; a new contact starts the count
 * again. The hotline opens (or adds to) the household's care ticket. No name, no birth date, no phone: the person's id,
 * the household's code and place, the verified flags and the times only.
 */
public record CareContactOverdue(UUID personId, UUID householdId, String householdCode, String placePath,
        List<String> flags, OffsetDateTime lastContactAt, OffsetDateTime since, OffsetDateTime dueAt) {

    public static final String TYPE = "org.lifeline.residents.CareContactOverdue.v1";
    public static final EventType EVENT = EventType.of(ResidentsTopics.CARE, TYPE);
}
