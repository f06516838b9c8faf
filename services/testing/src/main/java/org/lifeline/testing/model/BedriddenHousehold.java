package org.lifeline.testing.model;

import java.util.UUID;

/** A household with bedridden persons to sample at home ({@code persons}: how many). */
public record BedriddenHousehold(UUID id, String code, String placePath, String gridCode, int persons) {
}
