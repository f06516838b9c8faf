package org.lifeline.testing.model;

/** A campaign area's expected persons (exempt ones left out) and how many of them were tested. */
public record Tally(long expected, long tested) {
}
