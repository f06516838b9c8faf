package org.lifeline.medical.model;

import java.util.UUID;

/**
 * A request as the access rules and the stage transitions need it (no medical details). {@code hospitalCode}: the
 * code of the hospital it is offered to, accepted by, at the door of or admitted to (null when none).
 */
public record RequestRow(UUID id, UUID household, String householdCode, String path, String status, String level,
        String severity, String category, String hospitalCode) {
}
