package org.lifeline.medical.model;

import java.util.UUID;

/** A household of the read model: its id, its code (the resident token's {@code household}) and its place path. */
public record Household(UUID id, String code, String path) {
}
