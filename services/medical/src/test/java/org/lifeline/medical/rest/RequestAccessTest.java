package org.lifeline.medical.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.medical.support.Fixtures;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lifeline.medical.support.Fixtures.HOUSEHOLD1;
import static org.lifeline.medical.support.Fixtures.as;

/**
 * Who reads medical details: the household, health officers and the staff handling the request (each read
 * audited); masked for other staff of the area; 404 for another household; 403 for a merchant. Also
 * triage, Idempotency-Key, assignment without overbooking and the infection-control flag from testing.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "medical"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class RequestAccessTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void households() throws Exception {
        Fixtures.demoHouseholds(bootstrap);
    }

    @Test
    void shouldShowDetailsOnlyToTheHouseholdHealthOfficersAndStaffHandlingItAndAuditEachRead() throws Exception {
        // a standard request (10 days of medication left) stays with the community
        String id = Fixtures.raise("resident1", "chronic-medication", Map.of("daysOfMedicationLeft", 10));
        as("resident1").get("/api/medical/requests/" + id).then().statusCode(200)
                .body("request.severity", equalTo("standard")).body("details.masked", equalTo(false))
                .body("details.contactPhone", equalTo("13912345678"));
        as("staff1").get("/api/medical/requests/" + id).then().statusCode(200).body("details.masked", equalTo(false));
        as("health1").get("/api/medical/requests/" + id).then().statusCode(200).body("details.masked", equalTo(false));
        // the street officer sees it, masked, until it reaches the street
        as("street1").get("/api/medical/requests/" + id).then().statusCode(200).body("details.masked", equalTo(true))
                .body("details.description", nullValue()).body("details.contactPhone", equalTo("139****5678"))
                .body("details.contactName", equalTo("王*"));
        assertEquals(2, audits(id, "resident1")); // the response to raising it shows the details too
        assertEquals(1, audits(id, "staff1"));
        assertEquals(1, audits(id, "health1"));
        assertEquals(0, audits(id, "street1"));
        // community staff blow the whistle: now the street handles it and reads the details
        as("staff1").body(Map.of("reason", "家属联系不上社区医生")).post("/api/medical/requests/" + id + "/whistle")
                .then().statusCode(200).body("request.level", equalTo("street"));
        as("street1").get("/api/medical/requests/" + id).then().statusCode(200).body("details.masked", equalTo(false));
        assertEquals(1, audits(id, "street1"));
        as("resident1").get("/api/medical/requests/" + id).then().statusCode(200)
                .body("timeline.kind[0]", equalTo("raised")).body("timeline.kind[-1]", equalTo("whistle"))
                .body("timeline[-1].note", org.hamcrest.Matchers.containsString("家属联系不上社区医生"));

        // another household, another community, a merchant
        as("resident2").get("/api/medical/requests/" + id).then().statusCode(404);
        as("resident2").get("/api/medical/households/" + HOUSEHOLD1 + "/requests").then().statusCode(404);
        // hotline operators: the household's requests without details in their areas (the city's operator1), not elsewhere
        as("operator1").get("/api/medical/households/" + HOUSEHOLD1 + "/requests").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
        as("operator2").get("/api/medical/households/" + HOUSEHOLD1 + "/requests").then().statusCode(404);
        as("operator1").get("/api/medical/requests/" + id).then().statusCode(403);
        as("resident2").get("/api/medical/requests?open=false").then().statusCode(200)
                .body("items.findAll { it.id == '" + id + "' }.size()", equalTo(0));
        as("staff2").get("/api/medical/requests/" + id).then().statusCode(404);
        as("merchant1").get("/api/medical/requests/" + id).then().statusCode(403);
        as("merchant1").get("/api/medical/requests").then().statusCode(403);
        as("merchant1").get("/api/medical/households/" + HOUSEHOLD1 + "/requests").then().statusCode(403);
        given().auth().oauth2(Tokens.ofClient("demo-merchant", "demo-merchant-secret"))
                .get("/api/medical/requests/" + id).then().statusCode(403);
        given().get("/api/medical/requests/" + id).then().statusCode(401);
        as("resident2").post("/api/medical/requests/" + id + "/acknowledge").then().statusCode(403);
        as("staff2").post("/api/medical/requests/" + id + "/acknowledge").then().statusCode(404);
        assertEquals(0, audits(id, "resident2") + audits(id, "staff2") + audits(id, "merchant1"));

        // the audit cannot be changed
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE medical_detail_access SET purpose = 'x' WHERE request_id = ?::uuid")) {
            s.setString(1, id);
            assertThrows(SQLException.class, s::executeUpdate);
        }
    }

    @Test
    void shouldAnswer409AtOnceWhileTheFirstRequestWithTheKeyIsInFlightAndTheFirstAnswerAfter() throws Exception {
        String key = UUID.randomUUID().toString();
        String token = Tokens.of("resident1");
        String subject = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?s).*\"sub\":\"([^\"]+)\".*", "$1");
        Map<String, Object> body = Map.of("category", "chronic-medication", "description", "降压药只剩一天",
                "contact", Map.of("name", "王芳", "phone", "13912345678"), "answers", Map.of("daysOfMedicationLeft", 1));
        // another transaction holds the key, as a first request being raised does
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock("
                    + org.lifeline.medical.repository.RequestRepository.KEY_LOCK + ")")) {
                s.setString(1, subject);
                s.setString(2, key);
                s.executeQuery().close();
            }
            // an answer at all shows it did not wait: the holder (this connection) lets go only after it
            as("resident1").header("Idempotency-Key", key).body(body).post("/api/medical/requests").then()
                    .statusCode(409).contentType("application/problem+json");
            assertEquals(0, count("SELECT count(*) FROM medical_request WHERE idempotency_key = ?", key));
            c.rollback();
        }
        String first = as("resident1").header("Idempotency-Key", key).body(body).post("/api/medical/requests")
                .then().statusCode(201).extract().path("request.id");
        as("resident1").header("Idempotency-Key", key).body(body).post("/api/medical/requests")
                .then().statusCode(201).body("request.id", equalTo(first));
    }

    @Test
    void shouldReplayARepeatedIdempotencyKeyAndRefuseItWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("category", "child-fever", "description", "孩子发烧 40.5 度",
                "contact", Map.of("name", "王芳", "phone", "13912345678"), "answers", Map.of("temperatureC", 40.5));
        String first = as("resident1").header("Idempotency-Key", key).body(body).post("/api/medical/requests")
                .then().statusCode(201).body("request.severity", equalTo("critical")).extract().path("request.id");
        as("resident1").header("Idempotency-Key", key).body(body).post("/api/medical/requests")
                .then().statusCode(201).body("request.id", equalTo(first));
        as("resident1").header("Idempotency-Key", key).body(Map.of("category", "other", "description", "x",
                "contact", Map.of("name", "王芳", "phone", "13912345678"))).post("/api/medical/requests").then().statusCode(422);
        as("resident1").body(Map.of("category", "broken-leg", "description", "x",
                "contact", Map.of("name", "王芳", "phone", "13912345678"))).post("/api/medical/requests").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("category"));
        as("staff1").body(Map.of("category", "dialysis", "description", "透析", "householdId", Fixtures.HOUSEHOLD2.toString(),
                "contact", Map.of("name", "赵强", "phone", "13912345679"))).post("/api/medical/requests").then().statusCode(404);
        as("staff1").body(Map.of("category", "dialysis", "description", "透析", "householdId", HOUSEHOLD1.toString(),
                        "answers", Map.of("hoursSinceLastDialysis", 80),
                        "contact", Map.of("name", "王芳", "phone", "13912345678"))).post("/api/medical/requests").then()
                .statusCode(201).body("request.severity", equalTo("critical")).body("request.householdId", equalTo(HOUSEHOLD1.toString()));
    }

    @Test
    void shouldReserveCapacityWithoutOverbookingAndRequestAGreenChannelPass() throws Exception {
        String hospital = as("health1").body(Map.of("name", "西安市第四医院 " + UUID.randomUUID(), "areaCode", "610113",
                        "departments", List.of(Map.of("kind", "maternity", "capacity", 1), Map.of("kind", "dialysis", "capacity", 3))))
                .post("/api/medical/hospitals").then().statusCode(201).extract().path("id");
        as("staff1").body(Map.of("name", "x", "areaCode", "610113", "departments", List.of(Map.of("kind", "maternity",
                "capacity", 1)))).post("/api/medical/hospitals").then().statusCode(403);
        String maternity = as("staff1").get("/api/medical/hospitals").then().statusCode(200).extract()
                .path("find { it.id == '" + hospital + "' }.departments.find { it.kind == 'maternity' }.id");
        String a = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", false));
        String b = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", false));
        Map<String, Object> assign = Map.of("departmentId", maternity, "transportKind", "ambulance", "vehicle", "陕A12345");
        as("staff1").body(assign).post("/api/medical/requests/" + a + "/assignment").then().statusCode(200)
                .body("request.status", equalTo("assigned")).body("assignment.vehicle", equalTo("陕A12345"));
        as("health1").body(assign).post("/api/medical/requests/" + b + "/assignment").then().statusCode(409);
        as("health1").contentType(ContentType.JSON).body(Map.of("capacity", 0))
                .put("/api/medical/hospitals/" + hospital + "/departments/maternity").then().statusCode(409);
        as("staff1").body(Map.of("reason", "family moved the patient")).post("/api/medical/requests/" + a + "/cancel")
                .then().statusCode(200).body("request.status", equalTo("cancelled"));
        as("health1").body(assign).post("/api/medical/requests/" + b + "/assignment").then().statusCode(200);
        as("staff1").get("/api/medical/hospitals").then().statusCode(200)
                .body("find { it.id == '" + hospital + "' }.departments.find { it.kind == 'maternity' }.free", equalTo(0));
        as("staff1").post("/api/medical/requests/" + b + "/en-route").then().statusCode(200);
        as("staff1").post("/api/medical/requests/" + b + "/resolve").then().statusCode(200)
                .body("request.status", equalTo("resolved")).body("deadlines.findAll { it.state == 'pending' }.size()", equalTo(0));
        // resolved keeps the place (the patient occupies it) until the patient is discharged, once
        as("staff1").get("/api/medical/hospitals").then().statusCode(200)
                .body("find { it.id == '" + hospital + "' }.departments.find { it.kind == 'maternity' }.free", equalTo(0));
        as("resident1").post("/api/medical/requests/" + b + "/discharge").then().statusCode(403);
        as("health1").body(Map.of("note", "mother and child home")).post("/api/medical/requests/" + b + "/discharge").then()
                .statusCode(200).body("timeline.find { it.kind == 'discharged' }.actor", equalTo("health1"));
        as("health1").post("/api/medical/requests/" + b + "/discharge").then().statusCode(409);
        as("staff1").get("/api/medical/hospitals").then().statusCode(200)
                .body("find { it.id == '" + hospital + "' }.departments.find { it.kind == 'maternity' }.free", equalTo(1));
        String c = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", false));
        as("health1").post("/api/medical/requests/" + c + "/discharge").then().statusCode(409);
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type LIKE '%GreenChannelPassRequested%'", b));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type LIKE '%MedicalRequestResolved%'", b));
    }

    @Test
    void shouldFlagTheRequestsOfAPositivePersonsHouseholdForInfectionControl() throws Exception {
        String id = Fixtures.raise("resident1", "chemotherapy", Map.of());
        Map<String, Object> data = Map.of("campaignId", UUID.randomUUID().toString(), "barcode", "T" + System.nanoTime(),
                "kind", "single", "result", "positive", "corrected", false, "householdStatus", "sealed",
                "persons", List.of(Map.of("personId", Fixtures.PERSON1.toString(), "householdId", HOUSEHOLD1.toString(),
                        "state", "positive")));
        Map<String, Object> event = Map.of("specversion", "1.0", "id", UUID.randomUUID().toString(), "source", "/lifeline/testing",
                "type", "org.lifeline.testing.TestResultRecorded.v1", "subject", "x",
                "time", OffsetDateTime.now(ZoneOffset.UTC).toString(), "datacontenttype", "application/json", "data", data);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("lifeline.testing.result.v1", "x",
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event))).get();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("resident1").get("/api/medical/requests/" + id).then().statusCode(200)
                        .body("request.infectionControl", equalTo(true)));
        as("resident1").get("/api/medical/requests/" + id).then().body("timeline.kind", org.hamcrest.Matchers.hasItem("infection-control"));
        String later = Fixtures.raise("resident1", "other", Map.of());
        as("staff1").get("/api/medical/requests/" + later).then().body("request.infectionControl", equalTo(true));
    }

    private int audits(String request, String user) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM medical_detail_access WHERE request_id = ?::uuid AND actor_username = ?")) {
            s.setString(1, request);
            s.setString(2, user);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int count(String sql, String key) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
