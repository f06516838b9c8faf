package org.lifeline.testing.event;

import java.util.UUID;

/**
 * A person a result is about, and their state in the campaign after it: {@code negative}, {@code positive}
 * (a single tube) or {@code retest-required} (a pooled tube).
 */
public record PersonOutcome(UUID personId, UUID householdId, String state) {
}
