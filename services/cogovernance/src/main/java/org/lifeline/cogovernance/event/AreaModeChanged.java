package org.lifeline.cogovernance.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;

/** Data of {@code AreaModeChanged.v1} on {@code lifeline.cogovernance.area.v1} (key: area code). */
public record AreaModeChanged(String areaCode, String areaPath, String previousMode, String mode, String reason,
        String changedBy, OffsetDateTime changedAt, long version) {

    public static final EventType TYPE = EventType.of("lifeline.cogovernance.area.v1", "org.lifeline.cogovernance.AreaModeChanged.v1");
}
