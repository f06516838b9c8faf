package org.lifeline.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicOwnerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RESULTS = "lifeline.testing.result.v1";

    @Test
    void shouldReadTheOwnerFromTheTopicName() {
        assertEquals(Optional.of(new TopicOwner("testing")), TopicOwner.of(RESULTS));
        assertEquals(Optional.of(new TopicOwner("cogovernance")), TopicOwner.of("lifeline.cogovernance.partner.v1"));
        assertEquals("/lifeline/residents", TopicOwner.of("lifeline.residents.household.v1").orElseThrow().source());
        assertEquals("org.lifeline.supplies.", TopicOwner.of("lifeline.supplies.order.v2").orElseThrow().typePrefix());
        for (String unowned : new String[] {"testing.result.v1", "lifeline.testing.v1", "lifeline..result.v1",
                "lifeline.testing.result", "lifeline.Testing.result.v1", "lifeline.testing.result.v1.x", "", null}) {
            assertTrue(TopicOwner.of(unowned).isEmpty(), unowned);
        }
    }

    @Test
    void shouldBelieveOnlyTheOwnersSourceAndType() throws Exception {
        assertEquals(Optional.empty(), TopicOwner.check(RESULTS, event("/lifeline/testing", "org.lifeline.testing.TestResultRecorded.v1")));
        assertEquals(Optional.of(TopicOwner.Rejection.SOURCE),
                TopicOwner.check(RESULTS, event("/lifeline/residents", "org.lifeline.testing.TestResultRecorded.v1")));
        assertEquals(Optional.of(TopicOwner.Rejection.SOURCE),
                TopicOwner.check(RESULTS, event("/lifeline/testing/", "org.lifeline.testing.TestResultRecorded.v1")));
        assertEquals(Optional.of(TopicOwner.Rejection.SOURCE),
                TopicOwner.check(RESULTS, event("/lifeline/testing2", "org.lifeline.testing.TestResultRecorded.v1")));
        assertEquals(Optional.of(TopicOwner.Rejection.SOURCE), TopicOwner.check(RESULTS,
                JSON.readTree("{\"type\":\"org.lifeline.testing.TestResultRecorded.v1\"}")));
        assertEquals(Optional.of(TopicOwner.Rejection.SOURCE), TopicOwner.check(RESULTS,
                JSON.readTree("{\"source\":[\"/lifeline/testing\"],\"type\":\"org.lifeline.testing.TestResultRecorded.v1\"}")));
        // the owner's source with another service's type (or none) is no event of the owner's either
        assertEquals(Optional.of(TopicOwner.Rejection.TYPE),
                TopicOwner.check(RESULTS, event("/lifeline/testing", "org.lifeline.residents.HouseholdChanged.v1")));
        assertEquals(Optional.of(TopicOwner.Rejection.TYPE),
                TopicOwner.check(RESULTS, event("/lifeline/testing", "org.lifeline.testingx.TestResultRecorded.v1")));
        assertEquals(Optional.of(TopicOwner.Rejection.TYPE), TopicOwner.check(RESULTS, event("/lifeline/testing", "org.lifeline.testing.")));
        assertEquals(Optional.of(TopicOwner.Rejection.TYPE), TopicOwner.check(RESULTS, JSON.readTree("{\"source\":\"/lifeline/testing\"}")));
        assertEquals(Optional.of(TopicOwner.Rejection.MALFORMED), TopicOwner.check(RESULTS, null));
        assertEquals(Optional.of(TopicOwner.Rejection.MALFORMED), TopicOwner.check(RESULTS, JSON.readTree("[1]")));
        assertEquals(Optional.of(TopicOwner.Rejection.TOPIC),
                TopicOwner.check("results", event("/lifeline/testing", "org.lifeline.testing.TestResultRecorded.v1")));
    }

    @Test
    void shouldRefuseToConsumeATopicWithoutAnOwner() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InboxConsumer("x", "localhost:1",
                "g", null, java.util.Map.of("results", (c, topic, key, event) -> { })));
        assertTrue(e.getMessage().contains("results"), e.getMessage());
    }

    private static JsonNode event(String source, String type) {
        return JSON.createObjectNode().put("specversion", "1.0").put("id", java.util.UUID.randomUUID().toString())
                .put("source", source).put("type", type);
    }
}
