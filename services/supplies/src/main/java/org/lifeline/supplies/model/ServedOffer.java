package org.lifeline.supplies.model;

import java.util.List;
import java.util.UUID;

/** What an order needs of a merchant's offer: its item, merchant, price, whether it is active and where it serves. */
public record ServedOffer(UUID id, String itemCode, String merchant, int priceCents, boolean active,
        List<String> areaPaths) {
}
