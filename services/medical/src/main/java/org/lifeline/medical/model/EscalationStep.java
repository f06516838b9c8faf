package org.lifeline.medical.model;

import java.util.UUID;

/** What one step up the ladder did; {@code notificationId} is for the webhook after the commit. */
public record EscalationStep(UUID requestId, long escalationId, long notificationId, String toLevel, String toCode) {
}
