package org.lifeline.testing.campaign;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;
import org.lifeline.servers.ResidentsEventsProducer;
import org.lifeline.testing.support.TestClock;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/**
 * A campaign over a fresh compound (households arrive as residents' events on a real Kafka): tubes,
 * check-ins into a pooled and a single tube, coverage per building, the untested list, and who may
 * do what.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CampaignTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldCheckPersonsIntoTubesAndCountCoveragePerBuilding() throws Exception {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        String community = "610113001001";
        String compound = community + "-C" + suffix;
        String base = "/6101/610113/610113001/" + community + "/";
        LocalDate testDate = LocalDate.of(2022, 1, 5);
        // building 1: a household of three (one a baby of 2 months, exempt); building 2: a household of two
        List<UUID> b1 = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<UUID> b2 = List.of(UUID.randomUUID(), UUID.randomUUID());
        UUID h1 = UUID.randomUUID();
        UUID h2 = UUID.randomUUID();
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
            events.place(compound, "检测小区", "compound", community, base + compound + "/");
            for (int b = 1; b <= 2; b++) {
                String building = compound + "-0" + b;
                events.place(building, b + "号楼", "building", compound, base + compound + "/" + building + "/");
                events.place(building + "-1", "1单元", "unit", building, base + compound + "/" + building + "/" + building + "-1/");
            }
            String unit1 = compound + "-01-1";
            String unit2 = compound + "-02-1";
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            events.household(UUID.randomUUID(), h1, unit1, "0101", base + compound + "/" + compound + "-01/" + unit1 + "/",
                    "normal", 0, now, List.of(member(b1.get(0), "陈一", "1980-01-01", "householder"),
                            member(b1.get(1), "陈二", "1982-02-02", "spouse"),
                            member(b1.get(2), "陈小宝", testDate.minusMonths(2).toString(), "child")));
            events.household(UUID.randomUUID(), h2, unit2, "0201", base + compound + "/" + compound + "-02/" + unit2 + "/",
                    "normal", 0, now, List.of(member(b2.get(0), "林一", "1950-01-01", "householder"),
                            member(b2.get(1), "林二", "1955-05-05", "spouse")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/testing/households/" + h2).then().statusCode(200));

        String campaign = as("staff1").body(Map.of("areaCode", compound, "title", "第一轮全员核酸", "testDate",
                        testDate.toString(), "poolSize", 2, "exemptUnderMonths", 6))
                .post("/api/testing/campaigns").then().statusCode(201)
                .body("poolSize", equalTo(2))
                .extract().path("id");

        // before any check-in: 4 expected (the baby is exempt), nobody tested
        as("grid1").get("/api/testing/campaigns/" + campaign + "/coverage").then().statusCode(404); // other compound
        as("staff1").get("/api/testing/campaigns/" + campaign + "/coverage").then().statusCode(200)
                .body("total.expected", equalTo(4)).body("total.tested", equalTo(0)).body("total.exempt", equalTo(1));

        String pooled = "P" + suffix;
        String single = "S" + suffix;
        as("staff1").body(Map.of("barcode", pooled, "kind", "pooled", "site", "1号楼门口"))
                .post("/api/testing/campaigns/" + campaign + "/tubes").then().statusCode(201)
                .body("capacity", equalTo(2)).body("status", equalTo("open"));
        as("staff1").body(Map.of("barcode", single, "kind", "single"))
                .post("/api/testing/campaigns/" + campaign + "/tubes").then().statusCode(201).body("capacity", equalTo(1));
        as("staff1").body(Map.of("barcode", pooled, "kind", "pooled"))
                .post("/api/testing/campaigns/" + campaign + "/tubes").then().statusCode(409);

        as("staff1").body(Map.of("personId", b1.get(0))).post("/api/testing/tubes/" + pooled + "/samples")
                .then().statusCode(201).body("tube.samples", equalTo(1)).body("tube.status", equalTo("open"));
        as("staff1").body(Map.of("personId", b1.get(0))).post("/api/testing/tubes/" + single + "/samples")
                .then().statusCode(409); // already sampled in this campaign
        as("staff1").body(Map.of("personId", b1.get(1))).post("/api/testing/tubes/" + pooled + "/samples")
                .then().statusCode(201).body("tube.samples", equalTo(2)).body("tube.status", equalTo("sealed"));
        as("staff1").body(Map.of("personId", b2.get(0))).post("/api/testing/tubes/" + pooled + "/samples")
                .then().statusCode(409); // the full tube was sealed
        as("staff1").body(Map.of("personId", b2.get(0))).post("/api/testing/tubes/" + single + "/samples")
                .then().statusCode(201).body("tube.status", equalTo("sealed"));
        as("staff1").body(Map.of("personId", UUID.randomUUID())).post("/api/testing/tubes/" + single + "/samples")
                .then().statusCode(409);

        as("staff1").get("/api/testing/campaigns/" + campaign + "/coverage").then().statusCode(200)
                .body("total.expected", equalTo(4)).body("total.tested", equalTo(3)).body("total.untested", equalTo(1))
                .body("total.exempt", equalTo(1))
                .body("buildings.buildingName", equalTo(List.of("1号楼", "2号楼")))
                .body("buildings[0].counts.tested", equalTo(2))
                .body("buildings[0].counts.untested", equalTo(0))
                .body("buildings[1].counts.untested", equalTo(1));
        as("staff1").get("/api/testing/campaigns/" + campaign + "/untested").then().statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].personId", equalTo(b2.get(1).toString()))
                .body("items[0].name", equalTo("林二"));
        as("staff1").get("/api/testing/campaigns").then().statusCode(200).body("items.id", hasItem(campaign));
        as("street1").get("/api/testing/campaigns/" + campaign).then().statusCode(200);
    }

    @Test
    void shouldStampTubesWithTheServicesClock() throws Exception {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
        }
        String campaign = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                as("staff1").body(Map.of("areaCode", "610113001001", "title", "时钟", "testDate", "2022-01-09"))
                        .post("/api/testing/campaigns").then().extract(), r -> r.statusCode() == 201).path("id");
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2);
        TestClock.CLOCK.advance(Duration.ofDays(3));
        try {
            String opened = as("staff1").body(Map.of("barcode", "K" + suffix, "kind", "single"))
                    .post("/api/testing/campaigns/" + campaign + "/tubes").then().statusCode(201)
                    .extract().path("openedAt");
            String sealed = as("staff1").post("/api/testing/tubes/K" + suffix + "/seal").then().statusCode(200)
                    .body("status", equalTo("sealed")).extract().path("sealedAt");
            assertTrue(OffsetDateTime.parse(opened).isAfter(later), "opened at the clock's time: " + opened);
            assertTrue(OffsetDateTime.parse(sealed).isAfter(later), "sealed at the clock's time: " + sealed);
        } finally {
            TestClock.CLOCK.reset();
        }
    }

    @Test
    void shouldRefuseWhoMayNotRunACampaign() throws Exception {
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff2").body(Map.of("areaCode", "610113001002", "title", "丈八社区核酸", "testDate", "2022-01-06"))
                        .post("/api/testing/campaigns").then().statusCode(201));
        String other = as("staff2").get("/api/testing/campaigns").then().statusCode(200)
                .extract().path("items[0].id");
        as("staff1").body(Map.of("areaCode", "610113001002", "title", "越界", "testDate", "2022-01-06"))
                .post("/api/testing/campaigns").then().statusCode(403);
        as("staff1").get("/api/testing/campaigns/" + other).then().statusCode(404);
        as("staff1").get("/api/testing/campaigns").then().statusCode(200).body("items.id", not(hasItem(other)));
        as("grid1").body(Map.of("areaCode", "610113001001", "title", "x", "testDate", "2022-01-06"))
                .post("/api/testing/campaigns").then().statusCode(403);
        as("resident1").get("/api/testing/campaigns").then().statusCode(403);
        as("lab1").get("/api/testing/campaigns").then().statusCode(403);
        as("staff1").body(Map.of("areaCode", "nowhere-1", "title", "x", "testDate", "2022-01-06"))
                .post("/api/testing/campaigns").then().statusCode(404);
        as("staff1").body(Map.of("areaCode", "610113001001", "title", "x", "testDate", "2022-01-06", "poolSize", 30))
                .post("/api/testing/campaigns").then().statusCode(400);
        as("staff1").body(Map.of("title", "x")).post("/api/testing/campaigns").then().statusCode(400);
        given().contentType("application/json").body(Map.of("areaCode", "610113001001"))
                .post("/api/testing/campaigns").then().statusCode(401);
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "en");
    }
}
