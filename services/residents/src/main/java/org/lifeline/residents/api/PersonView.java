package org.lifeline.residents.api;

import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A person as the API shows it. {@code idNumber} and {@code phone} are masked unless they are listed
 * in {@code revealed} (an audited read, see {@code GET /persons/{id}?reveal=...}). The birth year, never the
 * birth date nor the age next to it: with the date the masked ID number could be rebuilt (see
 * {@code Masking}). {@code flags} are verified; {@code declaredFlags} a resident declared and staff have not
 * verified yet (待核实); {@code verified} is false for a member a resident declared.
 */
public record PersonView(UUID id, UUID householdId, String name, String idNumber, String phone,
        int birthYear, Relation relation, Set<VulnerableFlag> flags, List<String> revealed,
        int version, boolean verified, Set<VulnerableFlag> declaredFlags) {
}
