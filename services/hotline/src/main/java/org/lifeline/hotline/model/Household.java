package org.lifeline.hotline.model;

import java.util.UUID;

/** A household of the residents read model: id, code and place path. */
public record Household(UUID id, String code, String path) {
}
