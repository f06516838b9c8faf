package org.lifeline.supplies.api;

import org.lifeline.supplies.model.Priority;

import java.util.UUID;

/**
 * A household as supplies knows it from residents' events (no names, only counts), with the priority its orders
 * would get now; {@code priority.waitedHours} is 0 (it depends on each order).
 */
public record HouseholdSupplies(UUID householdId, String code, String status, long version, int persons,
        Priority.Components priority) {
}
