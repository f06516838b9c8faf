package org.lifeline.testing.event;

import org.lifeline.platform.events.EventType;

import java.time.LocalDate;
import java.util.UUID;

/** Data of {@code CoverageMilestoneReached.v1}: a campaign's tested persons reached {@code percent} of its expected. */
public record CoverageMilestoneReached(UUID campaignId, String areaCode, LocalDate testDate, int percent, long expected,
        long tested) {

    public static final EventType TYPE = EventType.of(Topics.COVERAGE,
            "org.lifeline.testing.CoverageMilestoneReached.v1");
}
