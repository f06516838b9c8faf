package org.lifeline.residents.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One read of survey visits' health details: who (subject, username, roles), whose household, which visits,
 * where ({@code household-visits} or {@code care-list}), why ({@code health-role} or {@code recorder}), when,
 * and the request id.
 */
public record HealthDetailAccessView(long id, OffsetDateTime accessedAt, String actorSubject, String actorUsername,
        List<String> actorRoles, UUID householdId, List<Long> visitIds, String source, String reason,
        String requestId) {
}
