package org.lifeline.cogovernance.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Requests and answers of the partners API. */
public final class PartnerApi {

    private PartnerApi() {
    }

    /** A partner enterprise applies: what it is, who to call, the areas (place codes) it serves. */
    public record ApplyRequest(@NotBlank @Size(max = 200) String name, @NotNull @Pattern(regexp = "merchant|lab|logistics") String kind,
            @NotBlank @Size(max = 100) String contactName, @NotBlank @Pattern(regexp = "1[3-9][0-9]{9}") String contactPhone,
            @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 64) String> areaCodes) {
    }

    public record DecisionRequest(@NotNull @Pattern(regexp = "approved|rejected") String decision, @Size(max = 500) String note) {
    }

    public record SuspendRequest(@NotBlank @Size(max = 500) String reason) {
    }

    public record Partner(UUID id, String name, String kind, String contactName, String contactPhone, List<String> areaCodes,
            String status, String clientId, String appliedBy, OffsetDateTime appliedAt, String decidedBy, OffsetDateTime decidedAt,
            String note) {
    }

    /** The OAuth client credentials, shown once: on approval and on each rotation. */
    public record Credentials(UUID partnerId, String clientId, String clientSecret, String tokenUrl) {
    }

    public record Approval(Partner partner, Credentials credentials) {
    }
}
