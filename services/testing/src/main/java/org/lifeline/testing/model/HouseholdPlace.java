package org.lifeline.testing.model;

import java.util.UUID;

/** A household of the read model: id, code, status, version and place path. */
public record HouseholdPlace(UUID id, String code, String status, long version, String placePath) {
}
