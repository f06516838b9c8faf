package org.lifeline.testing.event;

import org.lifeline.platform.events.EventType;

import java.time.LocalDate;
import java.util.UUID;

/** Data of {@code HomeSamplingRequested.v1}: a household to sample at home (how many bedridden persons, no names). */
public record HomeSamplingRequested(UUID campaignId, UUID householdId, String householdCode, String placePath,
        String gridCode, int persons, LocalDate testDate) {

    public static final EventType TYPE = EventType.of(Topics.CAMPAIGN, "org.lifeline.testing.HomeSamplingRequested.v1");
}
