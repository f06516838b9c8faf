package org.lifeline.residents.api;

import java.time.OffsetDateTime;

/** One audited register export. */
public record ExportAuditEntry(long id, OffsetDateTime exportedAt, String actorSubject, String actorUsername,
        String actorRoles, String placeCode, String filter, String format, String revealed, String purpose,
        long rows, String requestId) {
}
