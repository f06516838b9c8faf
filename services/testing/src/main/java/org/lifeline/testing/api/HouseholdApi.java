package org.lifeline.testing.api;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What {@code GET /api/testing/households/{id}} answers. */
public final class HouseholdApi {

    private HouseholdApi() {
    }

    /**
     * One member, as testing shows them: no ID or phone number (testing never receives them), and the birth
     * year rather than the date, which would unmask the ID number residents shows masked (issue 18).
     */
    public record Member(UUID personId, String name, int birthYear, String relation, List<String> flags,
            Latest latest) {
    }

    /** The person's state in their latest campaign (sampled, negative, positive, retest-required, retest-sampled). */
    public record Latest(UUID campaignId, LocalDate testDate, String state) {
    }

    /** The household in testing's read model. */
    public record HouseholdTesting(UUID householdId, String code, String status, long version, List<Member> persons) {
    }
}
