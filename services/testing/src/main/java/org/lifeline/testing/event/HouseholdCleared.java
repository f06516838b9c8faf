package org.lifeline.testing.event;

import org.lifeline.platform.events.EventType;

import java.util.UUID;

/**
 * Data of {@code HouseholdCleared.v1}: a household whose persons were in a positive pooled tube
 * ({@code barcode}) has no re-test due and no positive person left in the campaign (a fact; residents
 * decides what it means for the household's status).
 */
public record HouseholdCleared(UUID campaignId, UUID householdId, String barcode) {

    public static final EventType TYPE = EventType.of(Topics.RESULT, "org.lifeline.testing.HouseholdCleared.v1");
}
