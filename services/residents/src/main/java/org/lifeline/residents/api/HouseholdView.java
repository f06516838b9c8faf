package org.lifeline.residents.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public record HouseholdView(UUID id, String code, String unitCode, String room, HouseholdStatusView status,
        List<PersonView> persons, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
