package org.lifeline.cogovernance.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/** Requests and answers of the area mode API. */
public final class AreaModeApi {

    private AreaModeApi() {
    }

    public record ChangeRequest(@NotNull @Pattern(regexp = "normal|emergency|recovery") String mode,
            @NotBlank @Size(max = 500) String reason) {
    }

    /** The mode of an area now; {@code changedBy} null while it never left normal. */
    public record AreaMode(String areaCode, String areaPath, String mode, String reason, String changedBy,
            OffsetDateTime changedAt, long version, Notified notified, List<Change> history) {
    }

    public record Notified(int volunteers, int partners) {
    }

    public record Change(String from, String to, String reason, String changedBy, OffsetDateTime changedAt) {
    }
}
