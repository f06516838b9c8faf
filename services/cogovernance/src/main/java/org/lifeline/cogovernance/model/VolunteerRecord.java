package org.lifeline.cogovernance.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A volunteer as stored, unmasked; what a caller sees of it is the service's decision. */
public record VolunteerRecord(UUID id, String subject, String username, String name, String phone, List<String> skills,
        String availability, String homeAreaCode, String homeAreaPath, String status, String vettedBy, OffsetDateTime vettedAt,
        OffsetDateTime registeredAt) {
}
