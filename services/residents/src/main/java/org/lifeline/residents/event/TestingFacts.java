package org.lifeline.residents.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;

/**
 * What residents reads of testing's events on {@code lifeline.testing.result.v1} (its own copy: unknown fields,
 * such as the {@code householdStatus} testing no longer sends, are ignored). Facts only: which tube, which
 * kind, which result, which persons in which state; what that means for a household is residents' decision.
 */
public final class TestingFacts {

    public static final String TOPIC = "lifeline.testing.result.v1";
    public static final String RECORDED = "org.lifeline.testing.TestResultRecorded.v1";
    public static final String CLEARED = "org.lifeline.testing.HouseholdCleared.v1";

    private TestingFacts() {
    }

    /** {@code TestResultRecorded.v1}: {@code kind} single or pooled, {@code result} positive or negative. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResultRecorded(UUID campaignId, String barcode, String kind, String result, boolean corrected,
            List<PersonOutcome> persons) {

        public List<PersonOutcome> personsOrEmpty() {
            return persons == null ? List.of() : persons;
        }
    }

    /** A person a result is about; {@code state} positive, negative, retest-required, ... */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PersonOutcome(UUID personId, UUID householdId, String state) {
    }

    /** {@code HouseholdCleared.v1}: every re-test of the household after the pooled tube {@code barcode} negative. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HouseholdCleared(UUID campaignId, UUID householdId, String barcode) {
    }
}
