package org.lifeline.cogovernance.event;

import org.lifeline.platform.events.EventType;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Data of the task events on {@code lifeline.cogovernance.task.v1} (key: task id): {@code TaskPosted.v1},
 * {@code TaskClaimed.v1}, {@code TaskCompleted.v1} and {@code TaskOverdue.v1} share one shape.
 */
public record TaskEvent(UUID taskId, String kind, String areaPath, String source, String sourceRef, String status,
        String claimedBy, OffsetDateTime deadline) {

    public static final String TOPIC = "lifeline.cogovernance.task.v1";
    public static final EventType POSTED = EventType.of(TOPIC, "org.lifeline.cogovernance.TaskPosted.v1");
    public static final EventType CLAIMED = EventType.of(TOPIC, "org.lifeline.cogovernance.TaskClaimed.v1");
    public static final EventType COMPLETED = EventType.of(TOPIC, "org.lifeline.cogovernance.TaskCompleted.v1");
    public static final EventType OVERDUE = EventType.of(TOPIC, "org.lifeline.cogovernance.TaskOverdue.v1");
}
