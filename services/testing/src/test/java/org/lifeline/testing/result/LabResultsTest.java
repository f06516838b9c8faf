package org.lifeline.testing.result;

import org.lifeline.testing.event.HouseholdCleared;
import org.lifeline.testing.event.RetestRequired;
import org.lifeline.testing.event.TestResultRecorded;
import org.lifeline.testing.event.Topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/**
 * Chain of custody and lab results with a real Keycloak (two lab partner clients) and Kafka: a positive
 * pooled tube makes its persons re-test, a positive single tube marks its person positive, both as
 * events; the same upload twice changes nothing; another lab's tube refuses the whole batch; a
 * different result needs an audited correction.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class LabResultsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final ObjectMapper json = new ObjectMapper();

    @org.junit.jupiter.api.BeforeEach
    void demoLabs() {
        org.lifeline.testing.support.Partners.demoLabsKnown(bootstrap);
    }

    @Test
    void shouldApplyPooledAndSingleResultsOnceAndOnlyFromTheLabHoldingTheTubes() throws Exception {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        ResidentsEventsProducer.Compound place = ResidentsEventsProducer.Compound.inCommunity1("610113001001-L" + suffix);
        String compound = place.code();
        String unit = place.unit();
        String unitPath = place.unitPath();
        UUID h1 = UUID.randomUUID();
        UUID h2 = UUID.randomUUID();
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID b1 = UUID.randomUUID();
        UUID b2 = UUID.randomUUID();
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.announce(place, "化验小区");
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            events.household(UUID.randomUUID(), h1, unit, "0101", unitPath, "normal", 0, now,
                    List.of(member(a1, "周一", "1970-01-01", "householder"), member(a2, "周二", "1972-01-01", "spouse")));
            events.household(UUID.randomUUID(), h2, unit, "0102", unitPath, "normal", 0, now,
                    List.of(member(b1, "吴一", "1960-01-01", "householder"), member(b2, "吴二", "1962-01-01", "spouse")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/testing/households/" + h2).then().statusCode(200));
        String campaign = as("staff1").body(Map.of("areaCode", compound, "title", "化验", "testDate", "2022-01-07",
                "poolSize", 3)).post("/api/testing/campaigns").then().statusCode(201).extract().path("id");
        String pooled = "LP" + suffix;
        String single = "LS" + suffix;
        as("staff1").body(Map.of("barcode", pooled, "kind", "pooled")).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        as("staff1").body(Map.of("barcode", single, "kind", "single")).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        for (UUID p : List.of(a1, a2, b1)) {
            as("staff1").body(Map.of("personId", p)).post("/api/testing/tubes/" + pooled + "/samples").then().statusCode(201);
        }
        as("staff1").body(Map.of("personId", b2)).post("/api/testing/tubes/" + single + "/samples").then().statusCode(201);

        // results before the hand-over: not this lab's tubes
        lab("demo-lab").body(batch(Map.of("barcode", pooled, "result", "positive"))).post("/api/testing/results")
                .then().statusCode(403);
        as("staff1").body(Map.of("lab", "demo-lab", "barcodes", List.of(pooled, single)))
                .post("/api/testing/handovers").then().statusCode(201)
                .body("tubes", equalTo(2)).body("handedOverBy", equalTo("staff1"));
        as("staff1").body(Map.of("lab", "demo-lab", "barcodes", List.of(pooled))).post("/api/testing/handovers")
                .then().statusCode(400); // already handed over

        // another lab, and a batch mixing its tube with ours: refused whole
        lab("demo-lab-2").body(batch(Map.of("barcode", pooled, "result", "negative"))).post("/api/testing/results")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .body(batch(Map.of("barcode", pooled, "result", "negative"))).post("/api/testing/results").then().statusCode(403);

        try (EventCollector events = new EventCollector(bootstrap, Topics.RESULT)) {
            lab("demo-lab").body(batch(Map.of("barcode", pooled, "result", "positive"),
                            Map.of("barcode", single, "result", "positive")))
                    .post("/api/testing/results").then().statusCode(200)
                    .body("recorded", equalTo(2)).body("unchanged", equalTo(0));
            // the same upload again changes nothing
            lab("demo-lab").body(batch(Map.of("barcode", pooled, "result", "positive"),
                            Map.of("barcode", single, "result", "positive")))
                    .post("/api/testing/results").then().statusCode(200)
                    .body("recorded", equalTo(0)).body("unchanged", equalTo(2));

            List<ConsumerRecord<String, String>> mine = events.await(r -> r.key().equals(pooled) || r.key().equals(single),
                    3, Duration.ofSeconds(60));
            assertEquals(3, mine.size(), "two results and one re-test, once each");
            // facts only: residents decides a household's control status from result, kind and the persons' states
            JsonNode pooledResult = find(mine, pooled, TestResultRecorded.TYPE.type());
            assertFacts(pooledResult, "pooled", "positive", "retest-required");
            assertEquals(Set.of(a1.toString(), a2.toString(), b1.toString()), personIds(pooledResult));
            JsonNode retest = find(mine, pooled, RetestRequired.TYPE.type());
            assertEquals(3, retest.at("/data/persons").size());
            JsonNode singleResult = find(mine, single, TestResultRecorded.TYPE.type());
            assertFacts(singleResult, "single", "positive", "positive");
            assertEquals(b2.toString(), singleResult.at("/data/persons/0/personId").asText());
            assertEquals(h2.toString(), singleResult.at("/data/persons/0/householdId").asText());
        }

        as("staff1").get("/api/testing/households/" + h1).then().statusCode(200)
                .body("persons.latest.state", equalTo(List.of("retest-required", "retest-required")));
        as("staff1").get("/api/testing/households/" + h2).then().statusCode(200)
                .body("persons.latest.state", equalTo(List.of("retest-required", "positive")));

        // a re-test goes into a single tube
        String second = "LQ" + suffix;
        String retestTube = "LR" + suffix;
        as("staff1").body(Map.of("barcode", second, "kind", "pooled")).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        as("staff1").body(Map.of("personId", a1)).post("/api/testing/tubes/" + second + "/samples").then().statusCode(409);
        as("staff1").body(Map.of("barcode", retestTube, "kind", "single"))
                .post("/api/testing/campaigns/" + campaign + "/tubes").then().statusCode(201);
        as("staff1").body(Map.of("personId", a1)).post("/api/testing/tubes/" + retestTube + "/samples").then().statusCode(201);
        as("staff1").body(Map.of("personId", b2)).post("/api/testing/tubes/" + second + "/samples").then().statusCode(409);

        // another final result needs an audited correction
        lab("demo-lab").body(batch(Map.of("barcode", single, "result", "negative"))).post("/api/testing/results")
                .then().statusCode(409);
        lab("demo-lab").body(batch(Map.of("barcode", single, "result", "negative", "correction", true,
                        "reason", "sample mix-up confirmed by re-run")))
                .post("/api/testing/results").then().statusCode(200).body("corrected", equalTo(1));
        as("staff1").get("/api/testing/households/" + h2).then().statusCode(200)
                .body("persons.latest.state", equalTo(List.of("retest-required", "negative")));
        lab("demo-lab").body(Map.of("results", List.of(Map.of("barcode", single, "result", "unclear"))))
                .post("/api/testing/results").then().statusCode(400);

        // the same as a CSV batch: the pooled result again changes nothing; the re-test tube is not the lab's yet
        given().auth().oauth2(Tokens.ofClient("demo-lab", "demo-lab-secret")).contentType("text/csv; charset=UTF-8")
                .body("\uFEFFbarcode,result\r\n" + pooled + ",positive\r\n").post("/api/testing/results")
                .then().statusCode(200).body("unchanged", equalTo(1));
        given().auth().oauth2(Tokens.ofClient("demo-lab", "demo-lab-secret")).contentType("text/csv; charset=UTF-8")
                .body("barcode,result\n" + retestTube + ",negative\n").post("/api/testing/results").then().statusCode(403);
        given().auth().oauth2(Tokens.ofClient("demo-lab", "demo-lab-secret")).contentType("text/csv; charset=UTF-8")
                .header("Accept-Language", "en").body("barcode,result\n" + pooled + ",maybe\n")
                .post("/api/testing/results").then().statusCode(400).body("errors[0].field", equalTo("line 2"));
    }

    @Test
    void shouldClearAControlledHouseholdOnlyWhenAllItsRetestsAreNegative() throws Exception {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        ResidentsEventsProducer.Compound place = ResidentsEventsProducer.Compound.inCommunity1("610113001001-R" + suffix);
        String compound = place.code();
        String unit = place.unit();
        String unitPath = place.unitPath();
        UUID h = UUID.randomUUID(); // two members in the positive pooled tube: both re-tests negative → cleared
        UUID k = UUID.randomUUID(); // one member in it: re-test positive → not cleared
        UUID h1 = UUID.randomUUID();
        UUID h2 = UUID.randomUUID();
        UUID k1 = UUID.randomUUID();
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.announce(place, "复检小区");
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            events.household(UUID.randomUUID(), h, unit, "0101", unitPath, "normal", 0, now,
                    List.of(member(h1, "孙一", "1970-01-01", "householder"), member(h2, "孙二", "1972-01-01", "spouse")));
            events.household(UUID.randomUUID(), k, unit, "0102", unitPath, "normal", 0, now,
                    List.of(member(k1, "李一", "1960-01-01", "householder")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/testing/households/" + k).then().statusCode(200));
        String campaign = as("staff1").body(Map.of("areaCode", compound, "title", "复检", "testDate", "2022-01-07",
                "poolSize", 3)).post("/api/testing/campaigns").then().statusCode(201).extract().path("id");
        String pooled = "RP" + suffix;
        tube(campaign, pooled, "pooled", h1, h2, k1);
        as("staff1").body(Map.of("lab", "demo-lab", "barcodes", List.of(pooled))).post("/api/testing/handovers")
                .then().statusCode(201);
        lab("demo-lab").body(batch(Map.of("barcode", pooled, "result", "positive"))).post("/api/testing/results")
                .then().statusCode(200);

        String r1 = "R1" + suffix;
        String r2 = "R2" + suffix;
        String r3 = "R3" + suffix;
        tube(campaign, r1, "single", h1);
        tube(campaign, r2, "single", h2);
        tube(campaign, r3, "single", k1);
        as("staff1").body(Map.of("lab", "demo-lab", "barcodes", List.of(r1, r2, r3))).post("/api/testing/handovers")
                .then().statusCode(201);
        try (EventCollector events = new EventCollector(bootstrap, Topics.RESULT)) {
            // one of the household's two re-tests: not cleared yet; the other household's re-test positive
            lab("demo-lab").body(batch(Map.of("barcode", r1, "result", "negative"), Map.of("barcode", r3, "result", "positive")))
                    .post("/api/testing/results").then().statusCode(200).body("recorded", equalTo(2));
            lab("demo-lab").body(batch(Map.of("barcode", r2, "result", "negative"))).post("/api/testing/results")
                    .then().statusCode(200);
            List<ConsumerRecord<String, String>> mine = events.await(r -> r.key().equals(r2), 1, Duration.ofSeconds(60));
            assertEquals(1, mine.size());
            List<ConsumerRecord<String, String>> cleared = events.await(
                    r -> r.key().equals(h.toString()) || r.key().equals(k.toString()), 1, Duration.ofSeconds(30));
            assertEquals(1, cleared.size(), "only household h is cleared, once");
            JsonNode event = json.readTree(cleared.get(0).value());
            assertEquals(HouseholdCleared.TYPE.type(), event.get("type").asText());
            assertEquals(h.toString(), event.at("/data/householdId").asText());
            assertEquals(pooled, event.at("/data/barcode").asText());
            assertEquals(campaign, event.at("/data/campaignId").asText());
        }
        as("staff1").get("/api/testing/households/" + h).then().statusCode(200)
                .body("persons.latest.state", equalTo(List.of("negative", "negative")));
        as("staff1").get("/api/testing/households/" + k).then().statusCode(200)
                .body("persons.latest.state", equalTo(List.of("positive")));
    }

    private void tube(String campaign, String barcode, String kind, UUID... persons) {
        as("staff1").body(Map.of("barcode", barcode, "kind", kind)).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        for (UUID p : persons) {
            as("staff1").body(Map.of("personId", p)).post("/api/testing/tubes/" + barcode + "/samples").then().statusCode(201);
        }
        // full (pool size 3, or single): sealed by the last check-in
    }

    private JsonNode find(List<ConsumerRecord<String, String>> records, String key, String type) throws Exception {
        for (ConsumerRecord<String, String> r : records) {
            JsonNode e = json.readTree(r.value());
            if (r.key().equals(key) && e.get("type").asText().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " for " + key);
    }

    private static Set<String> personIds(JsonNode event) {
        Set<String> ids = new HashSet<>();
        event.at("/data/persons").forEach(p -> ids.add(p.get("personId").asText()));
        return ids;
    }

    @SafeVarargs
    private static Map<String, Object> batch(Map<String, Object>... results) {
        return Map.of("results", List.of(results));
    }

    private static RequestSpecification lab(String client) {
        return given().auth().oauth2(Tokens.ofClient(client, client + "-secret")).contentType("application/json")
                .header("Accept-Language", "en");
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "en");
    }

    /** The published result carries the facts (kind, result, each person with their state) and no decision. */
    private static void assertFacts(JsonNode event, String kind, String result, String personState) {
        JsonNode data = event.get("data");
        assertEquals(kind, data.path("kind").asText());
        assertEquals(result, data.path("result").asText());
        assertTrue(data.path("persons").size() > 0, "the persons of the tube");
        for (JsonNode person : data.path("persons")) {
            assertEquals(personState, person.path("state").asText(), person.toString());
            assertTrue(person.hasNonNull("personId") && person.hasNonNull("householdId"), person.toString());
        }
        assertFalse(data.has("householdStatus"), "a household's status is residents' decision, not in the event: " + data);
    }
}
