package org.lifeline.supplies.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The API records of the catalogue, merchants' offers, warehouse stock and group orders. */
public final class CatalogueApi {

    private CatalogueApi() {
    }

    /** A standard package or medicine refill. */
    public record Item(String code, String kind, String nameEn, String nameZh, String contents) {
    }

    /** A merchant's offer: an item, its price (in fen), its stock and the areas (place codes) it serves. */
    public record OfferRequest(@NotBlank @Size(max = 40) String itemCode, @NotNull @Min(0) @Max(10_000_000) Integer priceCents,
            @NotNull @Min(0) @Max(1_000_000) Integer stock, @NotEmpty @Size(max = 200) List<@NotBlank @Size(max = 64) String> areaCodes,
            Boolean active) {
    }

    public record Offer(UUID id, String merchant, String itemCode, int priceCents, int stock, List<String> areaCodes,
            boolean active, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** Goods received into the warehouse of a community (or of a compound with its own depot); 0 opens an empty one. */
    public record StockRequest(@NotBlank @Size(max = 64) String areaCode, @NotBlank @Size(max = 40) String itemCode,
            @NotNull @Min(0) @Max(1_000_000) Integer quantity) {
    }

    public record Stock(String areaCode, String itemCode, int available, long allocated, long received,
            OffsetDateTime updatedAt) {
    }

    /** A group order (团购) of one building on a merchant's offer, confirmed once {@code threshold} households join. */
    public record GroupOrderRequest(@NotNull UUID offerId, @NotBlank @Size(max = 64) String buildingCode,
            @NotNull @Min(2) @Max(500) Integer threshold) {
    }

    public record GroupOrder(UUID id, UUID offerId, String merchant, String itemCode, String buildingCode, int threshold,
            int members, String status, String createdBy, OffsetDateTime createdAt, OffsetDateTime confirmedAt) {
    }
}
