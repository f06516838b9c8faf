package org.lifeline.testing.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the hand-over and result endpoints take and answer. */
public final class ResultApi {

    private ResultApi() {
    }

    /** Sealed tubes handed to a lab ({@code lab}: the lab's OAuth client id). */
    public record HandoverRequest(@NotBlank @Size(max = 100) String lab,
            @NotEmpty @Size(max = 2000) List<@NotBlank String> barcodes) {
    }

    public record Handover(UUID id, UUID campaignId, String lab, int tubes, String handedOverBy,
            OffsetDateTime handedOverAt) {
    }

    /**
     * One tube's result. A different final result for a tube that has one needs {@code correction}
     * true and a {@code reason}; it is audited.
     */
    public record ResultItem(@NotBlank String barcode, @NotBlank @Pattern(regexp = "negative|positive") String result,
            Boolean correction, @Size(max = 500) String reason) {
    }

    public record ResultBatch(@NotEmpty @Size(max = 100_000) List<@NotNull @Valid ResultItem> results) {
    }

    /** {@code outcome}: recorded, unchanged (the same result again), corrected. */
    public record ItemOutcome(String barcode, String outcome) {
    }

    public record BatchOutcome(int recorded, int unchanged, int corrected, List<ItemOutcome> items) {
    }
}
