package org.lifeline.residents.api;

import org.lifeline.residents.model.VulnerableFlag;

import java.util.Set;
import java.util.UUID;

/** A search result: the person (numbers masked) and where they live. */
public record PersonHit(UUID personId, String name, String idNumber, String phone, UUID householdId,
        String householdCode, Set<VulnerableFlag> flags) {
}
