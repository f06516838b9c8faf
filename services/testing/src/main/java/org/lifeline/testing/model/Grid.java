package org.lifeline.testing.model;

/** A grid of a community (from the read model): its name and grid worker. */
public record Grid(String code, String name, String worker) {
}
