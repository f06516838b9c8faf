package org.lifeline.testing.event;

import org.lifeline.platform.events.EventType;

import java.util.List;
import java.util.UUID;

/**
 * Data of {@code TestResultRecorded.v1}: a tube's result was recorded or corrected. Facts only: the tube's
 * {@code kind} (single or pooled), its {@code result} and each person of the tube with their state. What a
 * household's control status becomes is residents' decision (it owns households), not part of the event.
 */
public record TestResultRecorded(UUID campaignId, String barcode, String kind, String result, boolean corrected,
        List<PersonOutcome> persons) {

    public static final EventType TYPE = EventType.of(Topics.RESULT, "org.lifeline.testing.TestResultRecorded.v1");
}
