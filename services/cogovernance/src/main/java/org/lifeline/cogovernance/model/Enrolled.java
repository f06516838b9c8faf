package org.lifeline.cogovernance.model;

import java.util.UUID;

/** The calling volunteer's own record, as the task board needs it. */
public record Enrolled(UUID id, String name, String status, String homeAreaPath) {

    public boolean vetted() {
        return "vetted".equals(status);
    }
}
