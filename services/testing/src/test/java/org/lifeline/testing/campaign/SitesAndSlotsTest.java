package org.lifeline.testing.campaign;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;
import org.lifeline.servers.ResidentsEventsProducer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.lifeline.servers.ResidentsEventsProducer.member;

/** Sites and slots: no slot expects more than the site takes; moves are checked; a resident's slot and codes. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "testing"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class SitesAndSlotsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldScheduleBuildingsWithinTheSitesCapacityAndCheckMoves() throws Exception {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        String community = "610113001001";
        String compound = community + "-S" + suffix;
        String base = "/6101/610113/610113001/" + community + "/" + compound + "/";
        int[] sizes = { 6, 3, 2, 3 };
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
            events.place(compound, "排班小区", "compound", community, base);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (int b = 0; b < sizes.length; b++) {
                String building = compound + "-0" + (b + 1);
                String unit = building + "-1";
                events.place(building, (b + 1) + "号楼", "building", compound, base + building + "/");
                events.place(unit, "1单元", "unit", building, base + building + "/" + unit + "/");
                List<Map<String, Object>> persons = new ArrayList<>();
                for (int p = 0; p < sizes[b]; p++) {
                    persons.add(member(UUID.randomUUID(), "住户" + b + p, "1980-01-0" + (1 + p % 9), p == 0 ? "householder" : "other"));
                }
                events.household(UUID.randomUUID(), UUID.randomUUID(), unit, "0101", base + building + "/" + unit + "/",
                        "normal", 0, now, persons);
            }
        }
        String campaign = awaitCampaign(compound, "排班 " + suffix);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").get("/api/testing/campaigns/" + campaign + "/coverage").then().body("total.expected", equalTo(14)));

        // 8 an hour in slots of 30 minutes: 4 persons per slot, open 09:00-11:00
        String site = as("staff1").body(Map.of("name", "东门", "lanes", 2, "capacityPerHour", 8, "slotMinutes", 30,
                        "opensAt", "2022-01-09T09:00:00+08:00", "closesAt", "2022-01-09T11:00:00+08:00"))
                .post("/api/testing/campaigns/" + campaign + "/sites").then().statusCode(201).extract().path("id");
        as("staff1").body(Map.of("name", "东门", "lanes", 1, "capacityPerHour", 8, "opensAt", "2022-01-09T09:00:00+08:00",
                "closesAt", "2022-01-09T11:00:00+08:00")).post("/api/testing/campaigns/" + campaign + "/sites").then().statusCode(409);
        JsonPath schedule = as("staff1").body(Map.of("siteId", site)).post("/api/testing/campaigns/" + campaign + "/schedule")
                .then().statusCode(200).extract().jsonPath();
        // building 1 (6) takes two slots alone; 2 (3) the next; 3 (2) does not fit beside it; 4 (3) is past closing
        assertEquals(List.of(compound + "-01", compound + "-02", compound + "-03"), schedule.getList("assigned.buildingCode"));
        assertEquals(List.of(at("09:00"), at("10:00"), at("10:30")), instants(schedule.getList("assigned.startsAt")));
        assertEquals(List.of(at("10:00"), at("10:30"), at("11:00")), instants(schedule.getList("assigned.endsAt")));
        assertEquals(List.of(compound + "-04"), schedule.getList("unassigned"));

        // moving building 3 beside building 2 would expect 5 persons in a 4-person slot
        as("staff1").body(Map.of("startsAt", "2022-01-09T10:00:00+08:00"))
                .put("/api/testing/campaigns/" + campaign + "/slots/" + compound + "-03").then().statusCode(409);
        String big = as("staff1").body(Map.of("name", "西门", "lanes", 4, "capacityPerHour", 40, "opensAt",
                        "2022-01-09T09:00:00+08:00", "closesAt", "2022-01-09T12:00:00+08:00"))
                .post("/api/testing/campaigns/" + campaign + "/sites").then().statusCode(201).extract().path("id");
        as("staff1").body(Map.of("siteId", big, "startsAt", "2022-01-09T09:00:00+08:00"))
                .put("/api/testing/campaigns/" + campaign + "/slots/" + compound + "-03").then().statusCode(200)
                .body("siteName", equalTo("西门"));
        as("staff1").body(Map.of("siteId", big)).post("/api/testing/campaigns/" + campaign + "/schedule")
                .then().statusCode(200).body("assigned.buildingCode", equalTo(List.of(compound + "-04")));
        as("grid1").get("/api/testing/campaigns/" + campaign + "/slots").then().statusCode(404);
        as("staff1").get("/api/testing/campaigns/" + campaign + "/slots").then().statusCode(200)
                .body("buildingCode.size()", equalTo(4));
        as("grid1").body(Map.of("siteId", big)).post("/api/testing/campaigns/" + campaign + "/schedule").then().statusCode(403);
        // a hotline operator tells a caller their building's slot: the city's operator reads it, another community's
        // does not, and neither may schedule
        as("operator1").get("/api/testing/campaigns/" + campaign + "/slots").then().statusCode(200)
                .body("buildingCode.size()", equalTo(4));
        as("operator1").queryParam("size", 100).get("/api/testing/campaigns").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(campaign));
        as("operator2").get("/api/testing/campaigns/" + campaign + "/slots").then().statusCode(404);
        as("operator2").queryParam("size", 100).get("/api/testing/campaigns").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(campaign)));
        as("operator1").body(Map.of("siteId", big)).post("/api/testing/campaigns/" + campaign + "/schedule").then()
                .statusCode(403);
    }

    @Test
    void shouldShowAResidentTheirSlotAndCheckThemInByTheirCode() throws Exception {
        String compound = "610113001001-01";
        String building = compound + "-01";
        String unit = building + "-1";
        String path = "/6101/610113/610113001/610113001001/" + compound + "/" + building + "/" + unit + "/";
        UUID household = UUID.randomUUID();
        UUID me = UUID.randomUUID();
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            events.baseHierarchy();
            events.place(compound, "枫林小区", "compound", "610113001001", "/6101/610113/610113001/610113001001/" + compound + "/");
            events.place(building, "1号楼", "building", compound, "/6101/610113/610113001/610113001001/" + compound + "/" + building + "/");
            events.household(UUID.randomUUID(), household, unit, "0101", path, "normal", 0, OffsetDateTime.now(ZoneOffset.UTC),
                    List.of(member(me, "李伟", "1980-03-01", "householder")));
        }
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        String campaign = awaitCampaign(compound, "我的核酸 " + suffix);
        String other = awaitCampaign(compound, "另一轮 " + suffix);
        String site = as("staff1").body(Map.of("name", "北门" + suffix, "lanes", 1, "capacityPerHour", 1000,
                        "opensAt", "2022-01-10T08:00:00+08:00", "closesAt", "2022-01-10T18:00:00+08:00"))
                .post("/api/testing/campaigns/" + campaign + "/sites").then().statusCode(201).extract().path("id");
        as("staff1").body(Map.of("siteId", site, "buildings", List.of(building)))
                .post("/api/testing/campaigns/" + campaign + "/schedule").then().statusCode(200);

        JsonPath mine = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                given().auth().oauth2(Tokens.of("resident1")).get("/api/testing/me").then().statusCode(200).extract().jsonPath(),
                j -> household.toString().equals(j.getString("householdId")));
        Map<String, Object> mineHere = mine.getMap("campaigns.find { it.campaignId == '" + campaign + "' }");
        assertNotNull(mineHere, mine.prettify());
        assertEquals(building, mine.getString("campaigns.find { it.campaignId == '" + campaign + "' }.slot.buildingCode"));
        String code = mine.getString("campaigns.find { it.campaignId == '" + campaign + "' }.members[0].checkInCode");
        String otherCode = mine.getString("campaigns.find { it.campaignId == '" + other + "' }.members[0].checkInCode");

        String tube = "M" + suffix;
        as("staff1").body(Map.of("barcode", tube, "kind", "pooled")).post("/api/testing/campaigns/" + campaign + "/tubes")
                .then().statusCode(201);
        as("staff1").body(Map.of("code", code.substring(0, code.length() - 2) + "xx")).post("/api/testing/tubes/" + tube + "/samples")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        as("staff1").body(Map.of("code", otherCode)).post("/api/testing/tubes/" + tube + "/samples")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        as("staff1").body(Map.of("code", code)).post("/api/testing/tubes/" + tube + "/samples")
                .then().statusCode(201).body("personId", equalTo(me.toString()));
        given().auth().oauth2(Tokens.of("resident1")).get("/api/testing/me").then().statusCode(200)
                .body("campaigns.find { it.campaignId == '" + campaign + "' }.members[0].state", equalTo("sampled"));
        as("staff1").get("/api/testing/me").then().statusCode(403);
    }

    private String awaitCampaign(String area, String title) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            var response = as("staff1").body(Map.of("areaCode", area, "title", title, "testDate", "2022-01-09"))
                    .post("/api/testing/campaigns");
            if (response.statusCode() == 201) {
                id[0] = response.jsonPath().getString("id");
                return true;
            }
            return false;
        });
        return id[0];
    }

    private static java.time.Instant at(String time) {
        return OffsetDateTime.parse("2022-01-09T" + time + ":00+08:00").toInstant();
    }

    private static List<java.time.Instant> instants(List<String> times) {
        return times.stream().map(t -> OffsetDateTime.parse(t).toInstant()).toList();
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "en");
    }
}
