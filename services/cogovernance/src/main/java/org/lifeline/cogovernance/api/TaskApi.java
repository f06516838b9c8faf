package org.lifeline.cogovernance.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Requests and answers of the task board. */
public final class TaskApi {

    private TaskApi() {
    }

    public static final String KINDS = "delivery|door-visit|sampling-assist|green-channel|other";

    /** A task posted by staff for a place inside their areas. */
    public record PostRequest(@NotNull @Pattern(regexp = KINDS) String kind, @NotBlank @Size(max = 200) String title,
            @Size(max = 2000) String detail, @NotBlank @Size(max = 64) String areaCode, @NotNull OffsetDateTime deadline) {
    }

    /** Progress or completion: a note and evidence (photo URLs, delivery codes); hours only on completion. */
    public record ReportRequest(@NotBlank @Size(max = 2000) String note, @Size(max = 10) List<@NotBlank @Size(max = 500) String> evidence,
            @DecimalMin("0.0") @DecimalMax("24.0") BigDecimal hours) {
    }

    public record CompletionRequest(@NotBlank @Size(max = 2000) String note,
            @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 500) String> evidence,
            @NotNull @DecimalMin("0.1") @DecimalMax("24.0") BigDecimal hours) {
    }

    public record Task(UUID id, String kind, String title, String detail, String areaPath, String source, String sourceRef,
            OffsetDateTime deadline, String status, boolean overdue, String claimedBy, OffsetDateTime claimedAt,
            OffsetDateTime completedAt, BigDecimal hours, OffsetDateTime flaggedAt, OffsetDateTime createdAt, List<Report> reports) {
    }

    public record Report(String kind, String note, List<String> evidence, String reportedBy, OffsetDateTime reportedAt) {
    }

    /** Hours per volunteer over done tasks. */
    public record VolunteerHours(String username, String name, long tasksDone, BigDecimal hours) {
    }
}
