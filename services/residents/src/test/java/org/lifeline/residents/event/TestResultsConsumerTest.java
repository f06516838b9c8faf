package org.lifeline.residents.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.service.TestResultsConsumer;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lifeline.residents.support.Fixture.as;

/**
 * testing's results reach residents over a real Kafka: a positive single tube seals the household,
 * with history and a HouseholdChanged event; the same event again changes nothing; a later pooled
 * positive (controlled) does not lower a sealed household; a result testing did not publish is dropped and counted.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class TestResultsConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldSealTheHouseholdOfAPositivePersonOnceAndNeverLowerIt() throws Exception {
        Fixture.baseHierarchy();
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        UUID household = Fixture.household("staff1", unit, "0101",
                List.of(Fixture.person("阳性甲", LocalDate.of(1977, 7, 7), "householder")));
        String person = as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .extract().path("persons[0].id");
        UUID eventId = UUID.randomUUID();
        String barcode = "S" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, barcode, result(eventId, barcode, "single", "sealed", person, household));
            send(producer, barcode, result(eventId, barcode, "single", "sealed", person, household)); // redelivery
            send(producer, barcode, result(UUID.randomUUID(), barcode + "P", "pooled", "controlled", person, household));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                        .body("status.status", equalTo("sealed"))
                        .body("status.source", equalTo("testing:" + barcode)));
        try (EventCollector events = new EventCollector(bootstrap, HouseholdChanged.TOPIC)) {
            List<ConsumerRecord<String, String>> mine = events.await(r -> household.toString().equals(r.key()), 2,
                    Duration.ofSeconds(60));
            assertEquals(2, mine.size(), "registered, then sealed once");
            assertEquals("status-changed", json.readTree(mine.get(1).value()).at("/data/change").asText());
            assertEquals("sealed", json.readTree(mine.get(1).value()).at("/data/status").asText());
        }
        as("staff1").get("/api/residents/households/" + household + "/status-history").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].source", equalTo("testing:" + barcode));
    }

    @Test
    void shouldLiftOnlyTheControlTestingSetAndNeverUndoANewerTestingEvent() throws Exception {
        Fixture.baseHierarchy();
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        UUID cleared = Fixture.household("staff1", unit, "0201", List.of(Fixture.person("复检甲", LocalDate.of(1970, 1, 1), "householder")));
        UUID late = Fixture.household("staff1", unit, "0202", List.of(Fixture.person("复检乙", LocalDate.of(1971, 1, 1), "householder")));
        UUID byStaff = Fixture.household("staff1", unit, "0203", List.of(Fixture.person("复检丙", LocalDate.of(1972, 1, 1), "householder")));
        as("staff1").body(Map.of("status", "controlled", "reason", "密接 close contact")).put("/api/residents/households/"
                + byStaff + "/status").then().statusCode(200);
        String p1 = person(cleared);
        String p2 = person(late);
        String p3 = person(byStaff);
        String pooled = "P" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime t1 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(30);
        OffsetDateTime t2 = t1.plusMinutes(20);
        List<Map<String, Object>> sent = new java.util.ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            // household 1: controlled by the pooled tube, then cleared
            sent.add(send(producer, pooled, result(UUID.randomUUID(), pooled, "pooled", "controlled", p1, cleared, t1)));
            sent.add(send(producer, cleared.toString(), clearedEvent(cleared, pooled, t2)));
            // household 2: the clearance arrives before the older pooled positive, which must not control it
            // (same key as that positive, so the same partition: this order is the order consumed)
            sent.add(send(producer, pooled, clearedEvent(late, pooled, t2)));
            sent.add(send(producer, pooled, result(UUID.randomUUID(), pooled, "pooled", "controlled", p2, late, t1)));
            // household 3: controlled by staff, not by testing: a clearance does not lift it
            sent.add(send(producer, pooled, result(UUID.randomUUID(), pooled, "pooled", "controlled", p3, byStaff, t1)));
            sent.add(send(producer, byStaff.toString(), clearedEvent(byStaff, pooled, t2)));
        }
        // all six applied (the inbox holds their ids), whatever partitions they took
        Object[] ids = sent.stream().map(e -> UUID.fromString((String) e.get("id"))).toArray();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (java.sql.Connection c = dataSource.getConnection();
                    java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM inbox WHERE event_id = ANY (?)")) {
                q.setArray(1, c.createArrayOf("uuid", ids));
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == ids.length;
                }
            }
        });
        as("staff1").get("/api/residents/households/" + cleared + "/status-history").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].status", equalTo("normal"))
                .body("[0].source", equalTo("testing:cleared:" + pooled))
                .body("[1].status", equalTo("controlled"));
        as("staff1").get("/api/residents/households/" + cleared).then().statusCode(200)
                .body("status.status", equalTo("normal"));
        as("staff1").get("/api/residents/households/" + late).then().statusCode(200)
                .body("status.status", equalTo("normal"));
        as("staff1").get("/api/residents/households/" + late + "/status-history").then().statusCode(200)
                .body("$", hasSize(0));
        as("staff1").get("/api/residents/households/" + byStaff).then().statusCode(200)
                .body("status.status", equalTo("controlled")).body("status.source", equalTo("user:staff1"));
    }

    /**
     * testing sends facts only (no {@code householdStatus}): residents' ControlPolicy decides. A positive single tube
     * seals; a positive pooled tube controls the households of its persons due a re-test, not the others; a
     * negative tube changes nothing.
     */
    @Test
    void shouldDecideTheStatusFromTestingsFactsAlone() throws Exception {
        Fixture.baseHierarchy();
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        UUID single = Fixture.household("staff1", unit, "0401", List.of(Fixture.person("事实甲", LocalDate.of(1975, 5, 5), "householder")));
        UUID retest = Fixture.household("staff1", unit, "0402", List.of(Fixture.person("事实乙", LocalDate.of(1976, 6, 6), "householder")));
        UUID other = Fixture.household("staff1", unit, "0403", List.of(Fixture.person("事实丙", LocalDate.of(1977, 7, 7), "householder")));
        UUID negative = Fixture.household("staff1", unit, "0404", List.of(Fixture.person("事实丁", LocalDate.of(1978, 8, 8), "householder")));
        String tube = "S" + UUID.randomUUID().toString().substring(0, 8);
        String pooled = "P" + UUID.randomUUID().toString().substring(0, 8);
        String clean = "N" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> sealing = result(UUID.randomUUID(), tube, "single", null, person(single), single);
        Map<String, Object> controlling = result(UUID.randomUUID(), pooled, "pooled", null, person(retest), retest);
        @SuppressWarnings("unchecked")
        Map<String, Object> pooledData = (Map<String, Object>) controlling.get("data");
        pooledData.put("persons", List.of(
                Map.of("personId", person(retest), "householdId", retest.toString(), "state", "retest-required"),
                Map.of("personId", person(other), "householdId", other.toString(), "state", "negative")));
        Map<String, Object> cleared = result(UUID.randomUUID(), clean, "single", null, person(negative), negative);
        @SuppressWarnings("unchecked")
        Map<String, Object> clearData = (Map<String, Object>) cleared.get("data");
        clearData.put("result", "negative");
        clearData.put("persons", List.of(Map.of("personId", person(negative), "householdId", negative.toString(),
                "state", "negative")));
        List<Map<String, Object>> sent = new java.util.ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            sent.add(send(producer, tube, sealing));
            sent.add(send(producer, pooled, controlling));
            sent.add(send(producer, clean, cleared));
        }
        Object[] ids = sent.stream().map(e -> e.get("id")).toArray();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> count("SELECT count(*) FROM inbox WHERE event_id = ANY (?)", ids) == ids.length);
        as("staff1").get("/api/residents/households/" + single).then().statusCode(200)
                .body("status.status", equalTo("sealed"))
                .body("status.source", equalTo("testing:" + tube))
                .body("status.reason", equalTo("核酸检测阳性（试管 " + tube + "） PCR positive, tube " + tube));
        as("staff1").get("/api/residents/households/" + retest).then().statusCode(200)
                .body("status.status", equalTo("controlled"))
                .body("status.source", equalTo("testing:" + pooled))
                .body("status.reason", equalTo("混采阳性，待单管复检（试管 " + pooled + "） pooled tube " + pooled
                        + " positive, re-test due"));
        as("staff1").get("/api/residents/households/" + other).then().statusCode(200)
                .body("status.status", equalTo("normal"));
        as("staff1").get("/api/residents/households/" + negative).then().statusCode(200)
                .body("status.status", equalTo("normal"));
        as("staff1").get("/api/residents/households/" + negative + "/status-history").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void shouldDropAndCountAResultThatTestingDidNotPublish() throws Exception {
        Fixture.baseHierarchy();
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        UUID target = Fixture.household("staff1", unit, "0301", List.of(Fixture.person("伪造甲", LocalDate.of(1980, 3, 3), "householder")));
        UUID genuine = Fixture.household("staff1", unit, "0302", List.of(Fixture.person("真实乙", LocalDate.of(1981, 4, 4), "householder")));
        double before = rejected("source");
        String barcode = "F" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> forged = result(UUID.randomUUID(), barcode, "single", "sealed", person(target), target);
        forged.put("source", "/lifeline/supplies"); // any producer that can reach Kafka, claiming to be another service
        Map<String, Object> unsigned = result(UUID.randomUUID(), barcode, "single", "sealed", person(target), target);
        unsigned.remove("source");
        Map<String, Object> real = result(UUID.randomUUID(), barcode + "G", "single", "sealed", person(genuine), genuine);
        try (KafkaProducer<String, String> producer = producer()) {
            // one key, so one partition: the genuine event is consumed after the forged ones
            send(producer, barcode, forged);
            send(producer, barcode, unsigned);
            send(producer, barcode, real);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/residents/households/" + genuine).then().statusCode(200)
                        .body("status.status", equalTo("sealed")));
        as("staff1").get("/api/residents/households/" + target).then().statusCode(200)
                .body("status.status", equalTo("normal"));
        as("staff1").get("/api/residents/households/" + target + "/status-history").then().statusCode(200).body("$", hasSize(0));
        // not applied, and not parked either: nothing of the forger's is kept
        assertEquals(0, count("SELECT count(*) FROM inbox WHERE event_id = ANY (?)", forged.get("id"), unsigned.get("id")));
        assertEquals(0, count("SELECT count(*) FROM inbox_parked WHERE payload LIKE '%' || ? || '%'", barcode + "\""));
        assertEquals(before + 2, rejected("source"), 0.0, "lifeline_inbox_rejected_total{reason=source}");
    }

    /** {@code lifeline_inbox_rejected_total} of testing's results topic, as Prometheus reads it. */
    private static double rejected(String reason) {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("lifeline_inbox_rejected_total{") && line.contains("reason=\"" + reason + "\"")
                    && line.contains("topic=\"" + TestResultsConsumer.TOPIC + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private int count(String sql, Object... ids) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement q = c.prepareStatement(sql)) {
            if (sql.contains("ANY")) {
                q.setArray(1, c.createArrayOf("uuid", java.util.Arrays.stream(ids).map(i -> UUID.fromString((String) i)).toArray()));
            } else {
                q.setString(1, (String) ids[0]);
            }
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    private static String person(UUID household) {
        return as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .extract().path("persons[0].id");
    }

    private static Map<String, Object> clearedEvent(UUID household, String barcode, OffsetDateTime time) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", "/lifeline/testing");
        e.put("type", "org.lifeline.testing.HouseholdCleared.v1");
        e.put("subject", household.toString());
        e.put("time", time.toString());
        e.put("datacontenttype", "application/json");
        e.put("data", Map.of("campaignId", UUID.randomUUID().toString(), "householdId", household.toString(),
                "barcode", barcode));
        return e;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private Map<String, Object> send(KafkaProducer<String, String> producer, String key, Map<String, Object> event)
            throws Exception {
        producer.send(new ProducerRecord<>(TestResultsConsumer.TOPIC, key, json.writeValueAsString(event))).get();
        return event;
    }

    private static Map<String, Object> result(UUID id, String barcode, String kind, String householdStatus, String person,
            UUID household) {
        return result(id, barcode, kind, householdStatus, person, household, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static Map<String, Object> result(UUID id, String barcode, String kind, String householdStatus, String person,
            UUID household, OffsetDateTime time) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", UUID.randomUUID().toString());
        data.put("barcode", barcode);
        data.put("kind", kind);
        data.put("result", "positive");
        data.put("corrected", false);
        if (householdStatus != null) {
            data.put("householdStatus", householdStatus);
        }
        data.put("persons", List.of(Map.of("personId", person, "householdId", household.toString(),
                "state", kind.equals("single") ? "positive" : "retest-required")));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", id.toString());
        e.put("source", "/lifeline/testing");
        e.put("type", "org.lifeline.testing.TestResultRecorded.v1");
        e.put("subject", barcode);
        e.put("time", time.toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        return e;
    }
}
