package org.lifeline.supplies.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The API records of orders, their timeline and delivery. */
public final class OrderApi {

    private OrderApi() {
    }

    /**
     * A new order for a household: from the community warehouse (no offer, no group), from a merchant's offer
     * ({@code offerId}), or joining a building's group order ({@code groupOrderId}). A warehouse order that
     * finds no stock waits for the next allocation run, unless {@code waitIfOutOfStock} is false: then it is
     * refused (409).
     */
    public record OrderRequest(@NotNull UUID householdId, @Size(max = 40) String itemCode,
            @NotNull @Min(1) @Max(20) Integer quantity, UUID offerId, UUID groupOrderId, Boolean waitIfOutOfStock) {
    }

    /**
     * An order as the caller may see it. {@code deliveryCode} only for the household (and the staff who ordered
     * on its behalf); for a merchant the room is masked and who placed it left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Order(UUID id, UUID householdId, String householdCode, String itemCode, int quantity, String source,
            UUID offerId, String merchant, UUID groupOrderId, Integer priceCents, String status, String placedBy,
            Boolean onBehalf, String deliveryCode, String carrier, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** One step of an order's life, in order. */
    public record TimelineEntry(String kind, String actor, String actorRole, String detail, OffsetDateTime at) {
    }

    public record Timeline(UUID orderId, String status, List<TimelineEntry> entries) {
    }

    /** A hand-over: {@code gate} (supplier to the community at the compound gate) or {@code pickup} (gate to carrier). */
    public record HandoverRequest(@NotBlank @Size(max = 10) String stage, @Size(max = 500) String note) {
    }

    /** Delivery at the door: the household's code, or (staff only) a reason why the household cannot give it. */
    public record DeliveryRequest(@Size(max = 12) String code, @Size(max = 500) String reason) {
    }
}
