package org.lifeline.residents.api;

import org.lifeline.residents.model.ControlStatus;

import java.time.OffsetDateTime;

public record StatusChangeView(ControlStatus status, String reason, String source, String changedBy,
        OffsetDateTime startedAt, OffsetDateTime until, OffsetDateTime recordedAt) {
}
