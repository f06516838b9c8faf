package org.lifeline.testing.model;

import java.util.UUID;

/** A person whose current sample in the tube's campaign is in the tube. */
public record TubePerson(String barcode, UUID personId, UUID householdId) {
}
