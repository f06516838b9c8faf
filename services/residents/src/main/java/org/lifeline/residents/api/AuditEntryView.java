package org.lifeline.residents.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Who read whose unmasked personal data, which fields, why and when. */
public record AuditEntryView(long id, OffsetDateTime accessedAt, String actorSubject, String actorUsername,
        String actorRoles, UUID personId, UUID householdId, List<String> fields, String purpose, String requestId) {
}
