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
 * positive (controlled) does not lower a sealed household.
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

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private void send(KafkaProducer<String, String> producer, String key, Map<String, Object> event) throws Exception {
        producer.send(new ProducerRecord<>(TestResultsConsumer.TOPIC, key, json.writeValueAsString(event))).get();
    }

    private static Map<String, Object> result(UUID id, String barcode, String kind, String householdStatus, String person,
            UUID household) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", UUID.randomUUID().toString());
        data.put("barcode", barcode);
        data.put("kind", kind);
        data.put("result", "positive");
        data.put("corrected", false);
        data.put("householdStatus", householdStatus);
        data.put("persons", List.of(Map.of("personId", person, "householdId", household.toString(),
                "state", kind.equals("single") ? "positive" : "retest-required")));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", id.toString());
        e.put("source", "/lifeline/testing");
        e.put("type", "org.lifeline.testing.TestResultRecorded.v1");
        e.put("subject", barcode);
        e.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        return e;
    }
}
