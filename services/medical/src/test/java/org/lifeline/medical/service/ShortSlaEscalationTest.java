package org.lifeline.medical.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.medical.event.MedicalRequestEscalated;
import org.lifeline.medical.event.MedicalRequestRaised;
import org.lifeline.medical.support.Fixtures;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.medical.support.Fixtures.as;

/**
 * The test profile's SLA: a critical request must be acknowledged within 3 s, and each escalation gives
 * 3 s more. Nobody acknowledges: the scheduled engine escalates it to the street, then the district, each
 * level notified once and every step on the timeline the resident sees.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "medical"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ShortSlaEscalationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void households() throws Exception {
        Fixtures.demoHouseholds(bootstrap);
    }

    @Test
    void shouldEscalateAnUnacknowledgedRequestToTheStreetThenTheDistrictEachNotifiedOnce() throws Exception {
        try (EventCollector events = new EventCollector(bootstrap, MedicalRequestRaised.TOPIC)) {
            String id = Fixtures.raise("resident1", "chest-pain-stroke", Map.of());
            as("resident1").get("/api/medical/requests/" + id).then().statusCode(200);

            JsonPath street = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    as("resident1").get("/api/medical/requests/" + id).then().statusCode(200).extract().jsonPath(),
                    j -> "street".equals(j.getString("request.level")));
            assertEquals("610113001", street.getString("request.levelCode"));
            JsonPath district = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    as("resident1").get("/api/medical/requests/" + id).then().statusCode(200).extract().jsonPath(),
                    j -> "district".equals(j.getString("request.level")));
            assertEquals("610113", district.getString("request.levelCode"));
            // (an infection-control entry may come between, if an earlier test flagged the household)
            List<String> kinds = district.getList("timeline.findAll { it.kind != 'infection-control' }.kind");
            assertEquals(List.of("raised", "escalated", "escalated"), kinds.subList(0, 3), district.prettify());
            assertEquals(List.of("street", "district"), district.getList("timeline.findAll { it.kind == 'escalated' }.level")
                    .subList(0, 2));

            // each escalation came after the deadline it answers, never before, and within a few seconds of it
            // (the engine polls every second; the bound leaves room for a loaded CI machine, it is not a speed
            // measurement: bench/medical-escalation.sh measures the delay)
            OffsetDateTime due = OffsetDateTime.parse(district.getString(
                    "deadlines.find { it.stage == 'acknowledged' && it.level == 'community' }.dueAt"));
            OffsetDateTime escalated = OffsetDateTime.parse(district.getString(
                    "timeline.find { it.kind == 'escalated' }.at"));
            assertTrue(!escalated.isBefore(due), "escalated before its deadline: " + due + " → " + escalated);
            assertTrue(Duration.between(due, escalated).toMillis() < 5000, due + " → " + escalated);
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT count(*), max(extract(epoch from escalated_at - due_at)), "
                            + "min(extract(epoch from escalated_at - due_at)) "
                            + "FROM escalation WHERE request_id = ?::uuid AND to_level IN ('street', 'district')")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertEquals(2, rs.getInt(1));
                    assertTrue(rs.getDouble(2) < 5.0, "delay " + rs.getDouble(2));
                    assertTrue(rs.getDouble(3) >= 0, "early by " + rs.getDouble(3));
                }
            }

            // notified once per level: the community when raised, then the street, then the district
            JsonPath notes = as("street1").get("/api/medical/notifications?requestId=" + id).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(1, notes.getList("findAll { it.requestId == '" + id + "' && it.level == 'community' }").size());
            assertEquals(1, notes.getList("findAll { it.requestId == '" + id + "' && it.level == 'street' }").size());
            JsonPath districtNotes = as("district1").get("/api/medical/notifications?requestId=" + id).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(1, districtNotes.getList("findAll { it.requestId == '" + id + "' && it.level == 'district' }").size());
            // staff of another community are not told
            assertEquals(0, as("staff2").get("/api/medical/notifications?requestId=" + id).then().statusCode(200).extract()
                    .jsonPath().getList("findAll { it.requestId == '" + id + "' }").size());

            // raised and both escalations reach Kafka through the outbox
            List<ConsumerRecord<String, String>> published = events.await(r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
            assertTrue(published.get(0).value().contains(MedicalRequestRaised.TYPE.type()), published.get(0).value());
            assertTrue(published.stream().filter(r -> r.value().contains(MedicalRequestEscalated.TYPE.type())).count() >= 2);
            assertTrue(published.stream().noneMatch(r -> r.value().contains("腹痛")), "no medical details in events");

            // acknowledging now stops the acknowledgement deadline at the district
            as("health1").post("/api/medical/requests/" + id + "/acknowledge").then().statusCode(200)
                    .body("request.status", org.hamcrest.Matchers.equalTo("acknowledged"));
        }
    }
}
