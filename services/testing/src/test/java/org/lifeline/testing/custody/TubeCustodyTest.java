package org.lifeline.testing.custody;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.KeycloakPartners;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.Tokens;
import org.lifeline.testing.support.Partners;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/**
 * Chain of custody scoped to the caller's community and to registered labs: a street-wide campaign's tubes are
 * used in one community (the place of the staff who opened them); staff of another community can neither read, fill,
 * seal nor hand them over; a hand-over names an approved lab partner; a lab posts results only for its tubes, and
 * a lab that co-governance suspends is refused at once (real Keycloak clients, real partner events).
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class TubeCustodyTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String suffix;
    String campaign;
    List<UUID> persons;

    @BeforeEach
    void streetWideCampaignWithPersonsInCommunity1() throws Exception {
        Partners.demoLabsKnown(bootstrap);
        suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        ResidentsEventsProducer.Compound place = ResidentsEventsProducer.Compound.inCommunity1("610113001001-C" + suffix);
        UUID household = UUID.randomUUID();
        persons = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.announce(place, "交接小区");
            events.household(UUID.randomUUID(), household, place.unit(), "0101", place.unitPath(), "normal", 0,
                    OffsetDateTime.now(ZoneOffset.UTC), List.of(member(persons.get(0), "郑一", "1970-01-01", "householder"),
                            member(persons.get(1), "郑二", "1972-01-01", "spouse"),
                            member(persons.get(2), "郑三", "1995-01-01", "child")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/testing/households/" + household).then().statusCode(200));
        // the street officer's campaign over the whole street (both communities)
        campaign = as("street1").body(Map.of("areaCode", "610113001", "title", "全街道筛查", "testDate", "2022-01-08",
                "homeSampling", false)).post("/api/testing/campaigns").then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldKeepOtherCommunitysStaffFromTheTubesOfAStreetWideCampaign() {
        String tube = "CS" + suffix;
        as("staff1").body(Map.of("barcode", tube, "kind", "pooled")).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        as("staff1").body(Map.of("personId", persons.get(0))).post("/api/testing/tubes/" + tube + "/samples")
                .then().statusCode(201);

        // staff2 (丈八社区) sees the campaign, but not the tubes used in 电子城社区
        as("staff2").get("/api/testing/campaigns/" + campaign).then().statusCode(200);
        as("staff2").get("/api/testing/tubes/" + tube).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        as("staff2").body(Map.of("personId", persons.get(1))).post("/api/testing/tubes/" + tube + "/samples")
                .then().statusCode(404);
        as("staff2").post("/api/testing/tubes/" + tube + "/seal").then().statusCode(404);
        as("staff1").get("/api/testing/tubes/" + tube).then().statusCode(200).body("status", equalTo("open"))
                .body("samples", equalTo(1)).body("placeCode", equalTo("610113001001"));

        as("staff1").post("/api/testing/tubes/" + tube + "/seal").then().statusCode(200).body("status", equalTo("sealed"));
        as("staff2").body(Map.of("lab", "demo-lab", "barcodes", List.of(tube))).post("/api/testing/handovers")
                .then().statusCode(400).body("errors[0].field", equalTo("barcodes"));
        // nothing was recorded for staff2: staff1 hands the tube over now
        as("staff1").body(Map.of("lab", "demo-lab", "barcodes", List.of(tube))).post("/api/testing/handovers")
                .then().statusCode(201).body("lab", equalTo("demo-lab"));
        // the street officer, whose street holds the community, still reads it
        as("street1").get("/api/testing/tubes/" + tube).then().statusCode(200);
    }

    @Test
    void shouldHandOverOnlyToARegisteredApprovedLab() {
        String tube = sealedTube("CL");
        for (String lab : List.of("any-lab-at-all", "demo-merchant", "lifeline-cli")) {
            as("staff1").body(Map.of("lab", lab, "barcodes", List.of(tube))).post("/api/testing/handovers")
                    .then().statusCode(400).contentType(containsString("application/problem+json"))
                    .body("errors[0].field", equalTo("lab"));
        }
        as("staff1").body(Map.of("lab", "demo-lab-2", "barcodes", List.of(tube))).post("/api/testing/handovers")
                .then().statusCode(201);
    }

    @Test
    void shouldRefuseAResultForATubeHandedToAnotherLabAndRecordNothing() {
        String tube = sealedTube("CR");
        as("staff1").body(Map.of("lab", "demo-lab", "barcodes", List.of(tube))).post("/api/testing/handovers")
                .then().statusCode(201);
        lab(Tokens.ofClient("demo-lab-2", "demo-lab-2-secret")).body(batch(tube, "positive"))
                .post("/api/testing/results").then().statusCode(403).contentType(containsString("application/problem+json"));
        // nothing was recorded: the holding lab's negative is a first result, not a conflict
        lab(Tokens.ofClient("demo-lab", "demo-lab-secret")).body(batch(tube, "negative")).post("/api/testing/results")
                .then().statusCode(200).body("recorded", equalTo(1)).body("corrected", equalTo(0));
    }

    @Test
    void shouldRefuseASuspendedLabAtOnceAndHandNothingToIt() {
        String client = "test-lab-" + suffix;
        KeycloakPartners.create(client, client + "-secret", "lab", List.of("610113"));
        String token = Tokens.ofClient(client, client + "-secret");
        UUID partner = UUID.randomUUID();
        String tube = sealedTube("CT");

        // Keycloak gives it a lab token, but co-governance never approved it
        Partners.awaitLabStatus(token, 403);
        as("staff1").body(Map.of("lab", client, "barcodes", List.of(tube))).post("/api/testing/handovers")
                .then().statusCode(400);

        PartnerEvents.publish(bootstrap, partner, client, "lab", "测试实验室", "approved", List.of("610113"));
        Partners.awaitLabStatus(token, 400);
        as("staff1").body(Map.of("lab", client, "barcodes", List.of(tube))).post("/api/testing/handovers")
                .then().statusCode(201);

        PartnerEvents.publish(bootstrap, partner, client, "lab", "测试实验室", "suspended", List.of("610113"));
        Partners.awaitLabStatus(token, 403);
        lab(token).body(batch(tube, "positive")).post("/api/testing/results").then().statusCode(403)
                .body("detail", containsString("已被暂停或未登记"));
        // reinstated later, its first result is still a first result: the refused one recorded nothing
        PartnerEvents.publish(bootstrap, partner, client, "lab", "测试实验室", "approved", List.of("610113"));
        Partners.awaitLabStatus(token, 400);
        lab(token).body(batch(tube, "negative")).post("/api/testing/results").then().statusCode(200)
                .body("recorded", equalTo(1));
    }

    private String sealedTube(String prefix) {
        String tube = prefix + suffix;
        as("staff1").body(Map.of("barcode", tube, "kind", "single")).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        as("staff1").body(Map.of("personId", persons.get(2))).post("/api/testing/tubes/" + tube + "/samples")
                .then().statusCode(201).body("tube.status", equalTo("sealed"));
        return tube;
    }

    private static Map<String, Object> batch(String barcode, String result) {
        return Map.of("results", List.of(Map.of("barcode", barcode, "result", result)));
    }

    private static RequestSpecification lab(String token) {
        return given().auth().oauth2(token).contentType("application/json").header("Accept-Language", "zh-CN");
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "zh-CN");
    }
}
