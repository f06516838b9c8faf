package org.lifeline.residents.api;

import org.lifeline.residents.model.VulnerableFlag;

import java.util.Set;
import java.util.UUID;

/** One line of a household list: no personal data beyond counts and flags. */
public record HouseholdSummary(UUID id, String code, String unitCode, String room, HouseholdStatusView status,
        long members, Set<VulnerableFlag> flags) {
}
