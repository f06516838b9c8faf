package org.lifeline.residents.api;

import org.lifeline.residents.model.ControlStatus;

import java.time.OffsetDateTime;

public record HouseholdStatusView(ControlStatus status, String reason, String source, OffsetDateTime since,
        OffsetDateTime until) {
}
