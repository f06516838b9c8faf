package org.lifeline.supplies.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.lifeline.supplies.model.Priority;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The API records of allocation runs and their explanations. */
public final class AllocationApi {

    private AllocationApi() {
    }

    /** Allocate the warehouse stock of one item of one area (community or compound) to its waiting orders. */
    public record RunRequest(@NotBlank @Size(max = 64) String areaCode, @NotBlank @Size(max = 40) String itemCode) {
    }

    public record Run(UUID id, String areaCode, String itemCode, String startedBy, OffsetDateTime startedAt,
            int availableBefore, int ordersConsidered, int ordersAllocated, int unitsAllocated, int availableAfter) {
    }

    /** One decision of a run: where the order came, why (the score's parts), and what it got. */
    public record Decision(UUID runId, UUID orderId, int position, int round, String building, int score,
            Priority.Components components, String outcome, String reason, OffsetDateTime decidedAt) {
    }
}
