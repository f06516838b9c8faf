package org.lifeline.residents.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.EventCollector;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/** Household changes reach a real Kafka consumer as CloudEvents, keyed by household id. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HouseholdEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String unit;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void places() {
        if (unit != null) {
            return;
        }
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
    }

    @Test
    void shouldPublishRegistrationAndStatusChangeWithoutPersonalNumbers() throws Exception {
        String idNumber = Fixture.idNumber(LocalDate.of(1944, 4, 4));
        UUID id = Fixture.household("staff1", unit, "0101", List.of(Map.of("name", "林秀英", "idNumber", idNumber,
                "phone", "13700001111", "relation", "householder", "flags", List.of("living-alone-over-70"))));
        as("staff1").body(Map.of("status", "sealed", "reason", "close contact"))
                .put("/api/residents/households/" + id + "/status").then().statusCode(200);

        try (EventCollector events = new EventCollector(bootstrap, HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> mine = events.await(r -> id.toString().equals(r.key()), 2,
                    Duration.ofSeconds(60));
            assertEquals(2, mine.size(), "registration and status change, once each");

            JsonNode registered = json.readTree(mine.get(0).value());
            assertEquals("1.0", registered.get("specversion").asText());
            assertEquals("org.lifeline.residents.HouseholdChanged.v1", registered.get("type").asText());
            assertEquals("/lifeline/residents", registered.get("source").asText());
            assertEquals(id.toString(), registered.get("subject").asText());
            assertEquals("registered", registered.at("/data/change").asText());
            assertEquals("living-alone-over-70", registered.at("/data/persons/0/flags/0").asText());
            assertFalse(mine.get(0).value().contains(idNumber), "no ID number in events");
            assertFalse(mine.get(0).value().contains("13700001111"), "no phone number in events");

            JsonNode sealed = json.readTree(mine.get(1).value());
            assertEquals("status-changed", sealed.at("/data/change").asText());
            assertEquals("sealed", sealed.at("/data/status").asText());
            assertTrue(sealed.at("/data/version").asLong() > registered.at("/data/version").asLong(),
                    "versions order a household's states");
            assertEquals("application/cloudevents+json",
                    new String(mine.get(1).headers().lastHeader("content-type").value()));
            assertEquals(sealed.get("id").asText(), new String(mine.get(1).headers().lastHeader("ce_id").value()));
        }
    }

    @Test
    void shouldAnnounceAGridAndEachHouseholdAssignedToItOnce() throws Exception {
        String building = unit.substring(0, unit.lastIndexOf('-'));
        UUID id = Fixture.household("staff1", unit, "0301", List.of(Map.of("name", "卧床老人",
                "idNumber", Fixture.idNumber(LocalDate.of(1936, 6, 6)), "relation", "householder",
                "flags", List.of("bedridden"))));
        String grid = "GE" + UUID.randomUUID().toString().substring(0, 6);
        as("staff1").body(Map.of("code", grid, "communityCode", Fixture.COMMUNITY_1, "name", "事件网格", "gridWorker", "grid1"))
                .post("/api/residents/grids").then().statusCode(201);
        as("staff1").body(Map.of("placeCodes", List.of(building))).put("/api/residents/grids/" + grid + "/households")
                .then().statusCode(200);
        // assigning again changes nothing, so announces nothing: the next event is the status change
        as("staff1").body(Map.of("placeCodes", List.of(unit))).put("/api/residents/grids/" + grid + "/households")
                .then().statusCode(200);
        as("staff1").body(Map.of("status", "precaution", "reason", "next event"))
                .put("/api/residents/households/" + id + "/status").then().statusCode(200);
        try (EventCollector places = new EventCollector(bootstrap, ResidentsTopics.GRID)) {
            List<ConsumerRecord<String, String>> created = places.await(r -> grid.equals(r.key()), 1, Duration.ofSeconds(60));
            assertEquals(1, created.size());
            JsonNode event = json.readTree(created.get(0).value());
            assertEquals("org.lifeline.residents.GridCreated.v1", event.get("type").asText());
            assertEquals(Fixture.COMMUNITY_1, event.at("/data/communityCode").asText());
            assertEquals("grid1", event.at("/data/gridWorker").asText());
        }
        try (EventCollector events = new EventCollector(bootstrap, HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> mine = events.await(r -> id.toString().equals(r.key()), 3,
                    Duration.ofSeconds(60));
            assertEquals(3, mine.size());
            assertEquals("status-changed", json.readTree(mine.get(2).value()).at("/data/change").asText(),
                    "registered, grid-assigned once, then the status change");
            assertEquals(grid, json.readTree(mine.get(2).value()).at("/data/gridCode").asText());
            JsonNode registered = json.readTree(mine.get(0).value());
            JsonNode assigned = json.readTree(mine.get(1).value());
            assertTrue(registered.at("/data/gridCode").isNull());
            assertEquals("bedridden", registered.at("/data/persons/0/flags/0").asText());
            assertEquals("grid-assigned", assigned.at("/data/change").asText());
            assertEquals(grid, assigned.at("/data/gridCode").asText());
            assertTrue(assigned.at("/data/version").asLong() > registered.at("/data/version").asLong());
        }
    }
}
