package org.lifeline.testing.event;

import org.lifeline.platform.events.EventType;

import java.util.List;
import java.util.UUID;

/** Data of {@code RetestRequired.v1}: a pooled tube was positive, its persons need a single re-test. */
public record RetestRequired(UUID campaignId, String barcode, List<PersonOutcome> persons) {

    public static final EventType TYPE = EventType.of(Topics.RESULT, "org.lifeline.testing.RetestRequired.v1");
}
