package org.lifeline.medical.model;

import java.util.UUID;

/** A request as the access rules and the stage transitions need it (no medical details). */
public record RequestRow(UUID id, UUID household, String householdCode, String path, String status, String level,
        String severity) {
}
