package org.lifeline.residents.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.lifeline.residents.support.Fixture.as;

/**
 * The platform's admin API of parked events, as residents declares it with one inherited class: only a
 * platform-admin's real Keycloak token lists and replays (community-staff 403, no token 401); a replay goes to
 * residents' own handler of testing's results (a harmless event is applied and recorded as replayed by admin1, a
 * malformed one stays parked with the new reason); errors are problem+json, in Chinese unless asked otherwise. The
 * rows are written as the consumer parks them, so the suite's consumers park nothing (the deliberate parking over
 * Kafka is platform/outbox's ParkedEventTest).
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ParkedEventsResourceTest {

    static final String BASE = "/api/residents/admin/parked-events";
    static final String TOPIC = "lifeline.testing.result.v1";

    @Inject
    AgroalDataSource dataSource;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldLetOnlyAPlatformAdminSeeAndReplayParkedEvents() throws Exception {
        long id = park(result(Map.of("barcode", "PARK" + UUID.randomUUID().toString().substring(0, 6))), "test");

        given().get(BASE).then().statusCode(401);
        given().post(BASE + "/" + id + "/replay").then().statusCode(401);
        for (String path : List.of(BASE, BASE + "/" + id, BASE + "/outbox")) {
            as("staff1").get(path).then().statusCode(403);
        }
        as("staff1").post(BASE + "/" + id + "/replay").then().statusCode(403);
        as("staff1").post(BASE + "/outbox/1/requeue").then().statusCode(403);

        as("admin1").queryParam("topic", TOPIC).queryParam("size", 100).get(BASE).then().statusCode(200)
                .body("items.id", hasItem((int) id))
                .body("items.find { it.id == " + id + " }.topic", equalTo(TOPIC))
                .body("items.find { it.id == " + id + " }.key", equalTo("k1"))
                .body("items.find { it.id == " + id + " }.reason", equalTo("test"))
                .body("items.find { it.id == " + id + " }.payload", containsString("PARK"))
                .body("items.find { it.id == " + id + " }.parkedAt", notNullValue());
        as("admin1").get(BASE + "/outbox").then().statusCode(200).body("page", equalTo(0));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().get("/q/metrics").then().statusCode(200)
                        .body(containsString("lifeline_inbox_parked{topic=\"" + TOPIC + "\"}")));
    }

    @Test
    void shouldReplayThroughResidentsHandlerByTheConsumersRules() throws Exception {
        // a result without a household status: residents' handler applies it and changes nothing
        long harmless = park(result(Map.of("barcode", "OK" + UUID.randomUUID().toString().substring(0, 6))), "test");
        as("admin1").post(BASE + "/" + harmless + "/replay").then().statusCode(200)
                .body("outcome", equalTo("applied"))
                .body("event.replayedBy", equalTo("admin1"))
                .body("event.replayedAt", notNullValue());
        as("admin1").queryParam("state", "replayed").queryParam("topic", TOPIC).queryParam("size", 100).get(BASE)
                .then().statusCode(200).body("items.id", hasItem((int) harmless));
        given().auth().oauth2(Tokens.of("admin1")).post(BASE + "/" + harmless + "/replay").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/conflict"))
                .body("detail", containsString("已于"));

        // a household id that is no UUID: refused again, stays parked with the handler's reason
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("barcode", "BAD" + UUID.randomUUID().toString().substring(0, 6));
        data.put("householdStatus", "sealed");
        data.put("persons", List.of(Map.of("householdId", "not-a-uuid")));
        long bad = park(result(data), "test");
        as("admin1").post(BASE + "/" + bad + "/replay").then().statusCode(200)
                .body("outcome", equalTo("refused"))
                .body("reason", containsString("not-a-uuid"))
                .body("event.reason", containsString("not-a-uuid"))
                .body("event.replays", equalTo(1))
                .body("event.replayedAt", nullValue());

        given().auth().oauth2(Tokens.of("admin1")).post(BASE + "/" + Long.MAX_VALUE + "/replay").then().statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("未找到"))
                .body("detail", containsString("不存在"));
        as("admin1").queryParam("size", 1000).get(BASE).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("size"));
        as("admin1").queryParam("state", "lost").get(BASE).then().statusCode(400);
    }

    /** A row as InboxConsumer parks one. */
    private long park(Map<String, Object> event, String reason) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO inbox_parked (topic, partition_no, record_offset, event_key, payload, reason) "
                        + "VALUES (?, 0, 0, 'k1', ?, ?) RETURNING id")) {
            s.setString(1, TOPIC);
            s.setString(2, json.writeValueAsString(event));
            s.setString(3, reason);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Object> result(Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/lifeline/testing");
        event.put("type", "org.lifeline.testing.TestResultRecorded.v1");
        event.put("time", java.time.OffsetDateTime.now().toString());
        event.put("data", data);
        return event;
    }
}
