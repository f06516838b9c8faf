package org.lifeline.medical.model;

import java.util.List;

/** A request's stages, each with a deadline, and its statuses in order (cancelled stands apart). */
public final class Stages {

    /** The stages that have a deadline, in order; reaching one meets its deadline and those before. */
    public static final List<String> STAGES = List.of("acknowledged", "assigned", "en_route", "resolved");

    /** The statuses a request moves through, in order. */
    public static final List<String> STATUSES = List.of("raised", "acknowledged", "assigned", "en_route", "resolved");

    private Stages() {
    }

    /** The stages met once a request reaches {@code status}. */
    public static List<String> metBy(String status) {
        return STAGES.subList(0, STAGES.indexOf(status) + 1);
    }

    public static boolean closed(String status) {
        return "resolved".equals(status) || "cancelled".equals(status);
    }
}
