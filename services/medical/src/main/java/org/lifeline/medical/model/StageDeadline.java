package org.lifeline.medical.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A pending stage deadline with the request it belongs to, as the escalation needs it. */
public record StageDeadline(long id, UUID request, String stage, OffsetDateTime dueAt, String state, UUID household,
        String path, String severity, String level) {
}
