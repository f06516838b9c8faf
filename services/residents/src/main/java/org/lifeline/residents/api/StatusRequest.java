package org.lifeline.residents.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.lifeline.residents.model.ControlStatus;

import java.time.OffsetDateTime;

/** Change a household's control status; {@code reason} is required, {@code until} optional. */
public record StatusRequest(
        @NotNull ControlStatus status,
        @NotBlank @Size(max = 500) String reason,
        OffsetDateTime until) {
}
