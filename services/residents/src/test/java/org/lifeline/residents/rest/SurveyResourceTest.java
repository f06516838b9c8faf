package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;
import static org.lifeline.residents.support.Fixture.person;

/** The door-to-door survey: a round, visits by a grid worker, progress and the unvisited list, denials. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class SurveyResourceTest {

    static boolean ready;
    String building;
    String unit;

    /** A fresh building with one unit in grid1's compound, for each test. */
    @BeforeEach
    void places() {
        if (!ready) {
            RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
            Fixture.baseHierarchy();
            Fixture.resident1Household(); // makes grid1's compound 610113001001-01
            ready = true;
        }
        building = Fixture.COMMUNITY_1 + "-01-T" + Long.toString(System.nanoTime() % 10_000_000_000L, 36);
        Fixture.place(building, "测试楼", "building", Fixture.COMMUNITY_1 + "-01");
        unit = building + "-1";
        Fixture.place(unit, "1单元", "unit", building);
    }

    private String openRound(String area) {
        return as("staff1").body(Map.of("areaCode", area, "title", "第一轮敲门行动",
                        "dueAt", OffsetDateTime.now().plusDays(2).toString()))
                .post("/api/residents/surveys")
                .then().statusCode(201).extract().path("id");
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldTrackVisitsProgressAndTheUnvisitedForTheGridWorkersArea() {
        UUID h1 = Fixture.household("staff1", unit, "0101", List.of(person("孙丽", LocalDate.of(1950, 1, 1), "householder")));
        UUID h2 = Fixture.household("staff1", unit, "0102", List.of());
        UUID h3 = Fixture.household("staff1", unit, "0201", List.of());
        String round = openRound(building);
        String grid = "G" + building.substring(building.lastIndexOf('T'));
        as("staff1").body(Map.of("code", grid, "communityCode", Fixture.COMMUNITY_1, "name", "测试网格", "gridWorker", "grid1"))
                .post("/api/residents/grids").then().statusCode(201);
        as("staff1").body(Map.of("placeCodes", List.of(building))).put("/api/residents/grids/" + grid + "/households")
                .then().statusCode(200).body("households", is(3));

        as("grid1").body(Map.of("householdId", h1, "visited", true, "contactPhone", "13911112222",
                        "symptoms", List.of("fever"), "specialNeeds", Map.of("dialysisDays", List.of("MONDAY", "THURSDAY"),
                                "oxygen", true), "suppliesNeeds", "大米, 降压药"))
                .post("/api/residents/surveys/" + round + "/visits")
                .then().statusCode(201)
                .body("contactPhone", equalTo("139****2222"))
                .body("specialNeeds.dialysisDays", containsInAnyOrder("MONDAY", "THURSDAY"));
        try (EventCollector events = new EventCollector(bootstrap, org.lifeline.residents.event.ResidentsTopics.SURVEY)) {
            as("grid1").body(Map.of("householdId", h2, "visited", false, "notVisitedReason", "nobody-home"))
                    .post("/api/residents/surveys/" + round + "/visits").then().statusCode(201);
            // the event says where the household is (co-governance posts a follow-up visit), without names or phones
            String notReached = events.await(r -> r.key().equals(h2.toString()), 1, Duration.ofSeconds(30)).get(0).value();
            assertTrue(notReached.contains("\"visited\":false") && notReached.contains("\"notVisitedReason\":\"nobody-home\""),
                    notReached);
            assertTrue(notReached.contains("\"householdCode\":\"" + unit + "-0102\""), notReached);
            assertTrue(notReached.contains("\"placePath\":\"") && notReached.contains(building + "/"), notReached);
        }
        // visited twice: the history keeps both, the latest counts
        as("grid1").body(Map.of("householdId", h1, "visited", true, "suppliesNeeds", "只要大米"))
                .post("/api/residents/surveys/" + round + "/visits").then().statusCode(201);

        as("grid1").get("/api/residents/surveys/" + round + "/progress")
                .then().statusCode(200)
                .body("total", is(3)).body("visited", is(1)).body("attemptedNotVisited", is(1)).body("pending", is(1))
                .body("buildings", hasSize(1))
                .body("buildings[0].code", equalTo(building))
                .body("buildings[0].visited", is(1))
                .body("grids", hasSize(1))
                .body("grids[0].code", equalTo(grid))
                .body("grids[0].gridWorker", equalTo("grid1"))
                .body("grids[0].total", is(3))
                .body("grids[0].visited", is(1));
        as("grid1").get("/api/residents/surveys/" + round + "/unvisited")
                .then().statusCode(200)
                .body("totalItems", is(2))
                .body("items.householdId", containsInAnyOrder(h2.toString(), h3.toString()))
                .body("items.find { it.householdId == '" + h2 + "' }.lastAttempt", equalTo("nobody-home"));
        as("staff1").get("/api/residents/households/" + h1 + "/visits")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].suppliesNeeds", equalTo("只要大米"));
    }

    @Test
    void shouldDenyAGridWorkerOfAnotherArea() {
        UUID h = Fixture.household("staff1", unit, "0301", List.of());
        String round = openRound(building);
        as("grid2").get("/api/residents/surveys/" + round + "/progress").then().statusCode(404);
        as("grid2").body(Map.of("householdId", h, "visited", true))
                .post("/api/residents/surveys/" + round + "/visits").then().statusCode(404);
        as("staff2").get("/api/residents/surveys/" + round + "/unvisited").then().statusCode(404);
        as("grid1").body(Map.of("areaCode", building, "title", "x", "dueAt", OffsetDateTime.now().plusDays(1).toString()))
                .post("/api/residents/surveys").then().statusCode(403);
        as("volunteer1").get("/api/residents/surveys").then().statusCode(403);
        String grid = "G" + building.substring(building.lastIndexOf('T'));
        as("staff2").body(Map.of("code", grid, "communityCode", Fixture.COMMUNITY_1, "name", "x"))
                .post("/api/residents/grids").then().statusCode(403);
        as("staff1").body(Map.of("code", grid, "communityCode", building, "name", "x"))
                .post("/api/residents/grids").then().statusCode(400).body("errors[0].field", equalTo("communityCode"));
        as("staff1").body(Map.of("code", grid, "communityCode", Fixture.COMMUNITY_1, "name", "x"))
                .post("/api/residents/grids").then().statusCode(201);
        as("staff1").body(Map.of("code", grid, "communityCode", Fixture.COMMUNITY_1, "name", "x"))
                .post("/api/residents/grids").then().statusCode(409);
        as("staff2").body(Map.of("placeCodes", List.of(building))).put("/api/residents/grids/" + grid + "/households")
                .then().statusCode(404);
        as("staff1").queryParam("community", Fixture.COMMUNITY_1).get("/api/residents/grids")
                .then().statusCode(200).body("code", org.hamcrest.Matchers.hasItem(grid));
        // a grid worker answers for a compound, not for the community's list of grids
        as("grid1").queryParam("community", Fixture.COMMUNITY_1).get("/api/residents/grids").then().statusCode(403);
    }

    @Test
    void shouldExplainBadVisits() {
        UUID h = Fixture.household("staff1", unit, "0401", List.of());
        String round = openRound(building);
        as("grid1").body(Map.of("householdId", h, "visited", false))
                .post("/api/residents/surveys/" + round + "/visits")
                .then().statusCode(400).body("errors[0].field", equalTo("notVisitedReason"));
        as("grid1").body(Map.of("householdId", h, "visited", false, "notVisitedReason", "on-holiday"))
                .post("/api/residents/surveys/" + round + "/visits")
                .then().statusCode(400).body("errors[0].field", equalTo("notVisitedReason"));
        as("staff1").body(Map.of("areaCode", building, "title", "late", "dueAt", OffsetDateTime.now().minusDays(1).toString()))
                .post("/api/residents/surveys").then().statusCode(400).body("errors[0].field", equalTo("dueAt"));
        UUID elsewhere = Fixture.household("staff1", Fixture.freshUnit(Fixture.COMMUNITY_1), "0101", List.of());
        as("staff1").body(Map.of("householdId", elsewhere, "visited", true))
                .post("/api/residents/surveys/" + round + "/visits").then().statusCode(404);
    }
}
