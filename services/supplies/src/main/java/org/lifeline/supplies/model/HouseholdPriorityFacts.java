package org.lifeline.supplies.model;

/** What a household's priority is made of, as the read model knows it (counts only, no names). */
public record HouseholdPriorityFacts(String code, String status, long version, String placePath, int persons,
        int vulnerableMembers, int infants) {
}
