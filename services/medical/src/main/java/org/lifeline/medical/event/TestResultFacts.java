package org.lifeline.medical.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Medical's own record of testing's {@code TestResultRecorded.v1} (topic {@code lifeline.testing.result.v1}): the
 * tube and the persons it found positive; the rest of the event is not medical's to read.
 */
public record TestResultFacts(String barcode, List<Positive> positives) {

    public static final String TOPIC = "lifeline.testing.result.v1";
    public static final String TYPE = "org.lifeline.testing.TestResultRecorded.v1";

    /** A person whose state in the result is {@code positive}. */
    public record Positive(UUID personId, UUID householdId) {
    }

    public static TestResultFacts of(JsonNode event) {
        JsonNode d = event.get("data");
        if (d == null || !d.isObject()) {
            throw new IllegalArgumentException("TestResultRecorded without data");
        }
        List<Positive> positives = new ArrayList<>();
        for (JsonNode p : d.path("persons")) {
            if ("positive".equals(p.path("state").asText())) {
                positives.add(new Positive(UUID.fromString(p.get("personId").asText()),
                        UUID.fromString(p.get("householdId").asText())));
            }
        }
        return new TestResultFacts(d.path("barcode").asText(null), List.copyOf(positives));
    }
}
