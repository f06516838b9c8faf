package org.lifeline.testing.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The read model follows residents' events from a real Kafka: a household appears, a newer state
 * replaces it, an older or repeated event changes nothing, a person who moved stays where they
 * moved, and access follows the caller's areas and household.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ResidentsReadModelTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldFollowHouseholdEventsOnceInOrderOfVersion() throws Exception {
        String unit = "610113001001-RM" + Integer.toString(new java.util.Random().nextInt(1 << 30), 36);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID grandma = UUID.randomUUID();
        UUID son = UUID.randomUUID();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC);
        try (KafkaProducer<String, String> producer = producer()) {
            for (String[] p : new String[][] { { "6101", "西安市", "city", null, "/6101/" },
                    { "610113", "雁塔区", "district", "6101", "/6101/610113/" },
                    { "610113001", "电子城街道", "street", "610113", "/6101/610113/610113001/" },
                    { "610113001001", "电子城社区", "community", "610113001", "/6101/610113/610113001/610113001001/" } }) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("code", p[0]);
                data.put("name", p[1]);
                data.put("level", p[2]);
                data.put("parentCode", p[3]);
                data.put("path", p[4]);
                send(producer, ResidentsReadModel.PLACE_TOPIC, p[0], event(UUID.randomUUID(), "PlaceCreated", p[0], t0, data));
            }
            String path = "/6101/610113/610113001/610113001001/" + unit + "/";
            UUID first = UUID.randomUUID();
            send(producer, ResidentsReadModel.HOUSEHOLD_TOPIC, a.toString(), household(first, a, unit, "0101", path,
                    "normal", 0, t0, List.of(member(grandma, "王秀兰", "1941-02-03", "householder", "living-alone-over-70"))));
            // the same event again (a redelivery), then version 1, then a stale version 0 with other content
            send(producer, ResidentsReadModel.HOUSEHOLD_TOPIC, a.toString(), household(first, a, unit, "0101", path,
                    "normal", 0, t0, List.of(member(grandma, "王秀兰", "1941-02-03", "householder", "living-alone-over-70"))));
            send(producer, ResidentsReadModel.HOUSEHOLD_TOPIC, a.toString(), household(UUID.randomUUID(), a, unit, "0101",
                    path, "sealed", 1, t0.plusSeconds(1), List.of(
                            member(grandma, "王秀兰", "1941-02-03", "householder", "living-alone-over-70"),
                            member(son, "张强", "1970-05-06", "child"))));
            send(producer, ResidentsReadModel.HOUSEHOLD_TOPIC, a.toString(), household(UUID.randomUUID(), a, unit, "0101",
                    path, "normal", 0, t0.plusSeconds(2), List.of()));
            // the son moves to household b; the event of b comes first, a's later version follows
            send(producer, ResidentsReadModel.HOUSEHOLD_TOPIC, b.toString(), household(UUID.randomUUID(), b, unit, "0102",
                    path, "normal", 0, t0.plusSeconds(3), List.of(member(son, "张强", "1970-05-06", "householder"))));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + b).then().statusCode(200));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + a).then().statusCode(200)
                .body("status", equalTo("sealed"))
                .body("version", equalTo(1))
                .body("persons.name", equalTo(List.of("王秀兰")))
                .body("persons[0].flags", equalTo(List.of("living-alone-over-70")));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/testing/households/" + b).then().statusCode(200)
                .body("persons.name", equalTo(List.of("张强")))
                .body("persons[0].relation", equalTo("householder"));

        // access: another community's staff and a resident of another household see nothing
        given().auth().oauth2(Tokens.of("staff2")).get("/api/testing/households/" + a).then().statusCode(404);
        given().auth().oauth2(Tokens.of("resident1")).get("/api/testing/households/" + a).then().statusCode(404);
        given().auth().oauth2(Tokens.of("volunteer1")).get("/api/testing/households/" + a).then().statusCode(403);
        given().get("/api/testing/households/" + a).then().statusCode(401);
    }

    @Test
    void shouldShowAResidentTheirOwnHousehold() throws Exception {
        UUID id = UUID.randomUUID();
        String path = "/6101/610113/610113001/610113001001/610113001001-01/610113001001-01-01/610113001001-01-01-1/";
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, ResidentsReadModel.HOUSEHOLD_TOPIC, id.toString(), household(UUID.randomUUID(), id,
                    "610113001001-01-01-1", "0101", path, "controlled", 5, OffsetDateTime.now(ZoneOffset.UTC),
                    List.of(member(UUID.randomUUID(), "李伟", "1980-03-01", "householder"))));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(Tokens.of("resident1")).get("/api/testing/households/" + id).then().statusCode(200)
                        .body("code", equalTo("610113001001-01-01-1-0101"))
                        .body("status", equalTo("controlled")));
        given().auth().oauth2(Tokens.of("resident2")).get("/api/testing/households/" + id).then().statusCode(404);
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private void send(KafkaProducer<String, String> producer, String topic, String key, Map<String, Object> event)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(event))).get();
    }

    private static Map<String, Object> event(UUID id, String type, String subject, OffsetDateTime time, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", id.toString());
        e.put("source", "/lifeline/residents");
        e.put("type", "org.lifeline.residents." + type + ".v1");
        e.put("subject", subject);
        e.put("time", time.toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        return e;
    }

    private static Map<String, Object> household(UUID eventId, UUID id, String unit, String room, String path,
            String status, long version, OffsetDateTime time, List<Map<String, Object>> persons) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("change", "registered");
        d.put("householdId", id.toString());
        d.put("code", unit + "-" + room);
        d.put("unitCode", unit);
        d.put("room", room);
        d.put("placePath", path);
        d.put("status", status);
        d.put("version", version);
        d.put("persons", persons);
        return event(eventId, "HouseholdChanged", id.toString(), time, d);
    }

    private static Map<String, Object> member(UUID id, String name, String birthDate, String relation, String... flags) {
        return Map.of("personId", id.toString(), "name", name, "birthDate", birthDate, "relation", relation,
                "flags", List.of(flags));
    }
}
