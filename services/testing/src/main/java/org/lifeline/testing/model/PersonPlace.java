package org.lifeline.testing.model;

import java.util.UUID;

/** Where a person lives: their household and its place path. */
public record PersonPlace(UUID personId, UUID householdId, String placePath) {
}
