package org.lifeline.residents.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;

/**
 * A vulnerable person nobody contacted within the care interval (48 h) is announced once, as
 * {@code CareContactOverdue} on {@code lifeline.residents.care.v1}; a person without a flag never is; a new contact
 * starts the count again. The check runs every second in tests; time passes by moving the persons' registration and
 * contact times back in the database (the check compares them with the clock).
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CareOverdueTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    final ObjectMapper json = new ObjectMapper();
    String unit;

    @BeforeEach
    void places() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
    }

    @Test
    void shouldAnnounceAVulnerablePersonNotContactedInTimeOncePerMissedInterval() throws Exception {
        String idNumber = Fixture.idNumber(LocalDate.of(1938, 8, 8));
        UUID household = Fixture.household("staff1", unit, "0101", List.of(
                Map.of("name", "独居的孙奶奶", "idNumber", idNumber, "phone", "13700002222", "relation", "householder",
                        "flags", List.of("living-alone-over-70")),
                Fixture.person("孙子", LocalDate.of(1990, 1, 1), "child")));
        String grandma = personOf(household, "独居的孙奶奶");
        String grandson = personOf(household, "孙子");

        try (EventCollector events = new EventCollector(bootstrap, ResidentsTopics.CARE)) {
            // registered two days and an hour ago, nobody called since
            backdate("UPDATE person SET created_at = now() - interval '49 hours', "
                    + "verified_at = CASE WHEN verified_at IS NULL THEN NULL ELSE now() - interval '49 hours' END "
                    + "WHERE household_id = ?::uuid", household.toString());
            List<ConsumerRecord<String, String>> first = events.await(r -> household.toString().equals(r.key()), 1,
                    Duration.ofSeconds(60));
            assertEquals(1, first.size(), "the overdue person is announced");
            JsonNode e = json.readTree(first.get(0).value());
            assertEquals("org.lifeline.residents.CareContactOverdue.v1", e.get("type").asText());
            assertEquals("/lifeline/residents", e.get("source").asText());
            assertEquals(grandma, e.at("/data/personId").asText(), "the vulnerable person, not the grandson");
            assertEquals(household.toString(), e.at("/data/householdId").asText());
            assertEquals(unit + "-0101", e.at("/data/householdCode").asText());
            assertTrue(e.at("/data/placePath").asText().endsWith("/" + unit + "/"), e.at("/data/placePath").asText());
            assertEquals("living-alone-over-70", e.at("/data/flags/0").asText());
            assertTrue(e.at("/data/lastContactAt").isNull(), "never contacted");
            OffsetDateTime since = OffsetDateTime.parse(e.at("/data/since").asText());
            assertEquals(since.plusHours(48).toInstant(), OffsetDateTime.parse(e.at("/data/dueAt").asText()).toInstant());
            String raw = first.get(0).value();
            for (String secret : List.of("孙奶奶", idNumber, "13700002222", "1938-08-08")) {
                assertFalse(raw.contains(secret), "no name, ID number, phone or birth date in the event: " + secret);
            }

            // further checks (one a second) do not announce it again, nor the grandson without a flag
            List<ConsumerRecord<String, String>> again = events.await(r -> household.toString().equals(r.key()), 2,
                    Duration.ofSeconds(5));
            assertEquals(1, again.size(), "once per missed interval: " + again);

            // a call today: nothing is overdue; the call two days later unanswered by another one: announced again
            as("staff1").body(Map.of("kind", "call", "outcome", "ok")).post("/api/residents/persons/" + grandma + "/contacts")
                    .then().statusCode(201);
            assertEquals(1, events.await(r -> household.toString().equals(r.key()), 2, Duration.ofSeconds(4)).size(),
                    "a contact made now is not overdue");
            backdate("UPDATE care_contact SET contacted_at = now() - interval '50 hours' WHERE person_id = ?::uuid", grandma);
            List<ConsumerRecord<String, String>> second = events.await(r -> household.toString().equals(r.key()), 2,
                    Duration.ofSeconds(60));
            assertEquals(2, second.size(), "the new interval missed: announced again");
            JsonNode e2 = json.readTree(second.get(1).value());
            assertEquals(grandma, e2.at("/data/personId").asText());
            assertFalse(e2.at("/data/lastContactAt").isNull(), "the last contact it counts from");
            assertEquals(OffsetDateTime.parse(e2.at("/data/lastContactAt").asText()).toInstant(),
                    OffsetDateTime.parse(e2.at("/data/since").asText()).toInstant());
            for (ConsumerRecord<String, String> r : second) {
                assertFalse(r.value().contains(grandson), "the grandson has no flag: never announced");
            }
        }
    }

    private String personOf(UUID household, String name) {
        return as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .extract().path("persons.find { it.name == '" + name + "' }.id");
    }

    private void backdate(String sql, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            assertTrue(s.executeUpdate() > 0, sql);
        }
    }
}
