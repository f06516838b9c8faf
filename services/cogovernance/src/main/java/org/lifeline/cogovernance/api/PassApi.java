package org.lifeline.cogovernance.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Requests and answers of the passes API. */
public final class PassApi {

    private PassApi() {
    }

    /** A pass for a holder over areas (place codes inside the issuer's areas) and a time window. */
    public record IssueRequest(
            @NotBlank @Size(max = 100) String holderName,
            @NotNull @Pattern(regexp = "volunteer|partner-staff|medical-transport|staff") String holderKind,
            @Size(max = 200) String holderRef,
            @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 64) String> areaCodes,
            @NotNull OffsetDateTime validFrom,
            @NotNull OffsetDateTime validUntil) {
    }

    /** An issued pass; {@code token} is the compact JWS to show as a QR code. */
    public record Pass(UUID id, String holderName, String holderKind, String holderRef, List<String> areaCodes,
            OffsetDateTime validFrom, OffsetDateTime validUntil, String keyId, String issuedBy, OffsetDateTime issuedAt,
            OffsetDateTime revokedAt, String revokeReason, String token) {
    }

    public record RevokeRequest(@NotBlank @Size(max = 500) String reason) {
    }

    /**
     * The revocation list: passes revoked and not yet expired. {@code version} is a digest of the entries (the
     * same list has the same version, and it is the list's ETag); {@code changedAt} the latest revocation on it.
     */
    public record Revocations(String version, OffsetDateTime changedAt, List<Revoked> revoked) {
    }

    public record Revoked(UUID passId, OffsetDateTime revokedAt, OffsetDateTime validUntil) {
    }

    /** A guard's question: this pass, at this checkpoint (place code). */
    public record VerifyRequest(@NotBlank @Size(max = 4000) String token, @NotBlank @Size(max = 64) String checkpointCode) {
    }

    public record Verification(String verdict, boolean valid, String reason, String reasonZh, UUID passId,
            String holderName, String holderKind, List<String> areaCodes, OffsetDateTime validUntil) {
    }
}
