package org.lifeline.testing.model;

import java.util.UUID;

/** A household whose persons were in a positive pooled tube: re-tests are due there ({@code household_control}). */
public record ControlledHousehold(UUID campaignId, UUID householdId, String barcode) {
}
