package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.EventCollector;
import org.lifeline.servers.LifelineServersResource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;
import static org.lifeline.residents.support.Fixture.person;

/**
 * Issue 18 item 6: the health details of a survey visit (symptoms, medication, dialysis days, chemotherapy, due
 * date) reach the health officer and the grid worker who recorded the visit, each read audited; other staff of
 * the area and the platform admin see in plain Chinese that a need exists, and the survey event carries only that.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HealthDetailsTest {

    /** Strings of the details that nobody but a health role and the recorder may receive. */
    private static final List<String> DETAILS = List.of("胰岛素每日两次", "MONDAY", "THURSDAY", "2027-03-01", "fever",
            "dailyMedication", "dialysisDays", "pregnancyDueDate", "\"symptoms\"", "\"specialNeeds\"");
    private static final List<String> NEEDS = List.of("有症状，需要健康随访", "需要日常用药保障", "需要透析接送",
            "需要化疗就医接送", "孕产妇，需要产检和分娩保障", "需要吸氧设备");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String building;
    private String unit;

    /** A fresh building with one unit in grid1's compound. */
    @BeforeEach
    void places() {
        Fixture.baseHierarchy();
        Fixture.resident1Household(); // makes grid1's compound 610113001001-01
        building = Fixture.COMMUNITY_1 + "-01-H" + Long.toString(System.nanoTime() % 10_000_000_000L, 36);
        Fixture.place(building, "健康楼", "building", Fixture.COMMUNITY_1 + "-01");
        unit = building + "-1";
        Fixture.place(unit, "1单元", "unit", building);
    }

    @Test
    void shouldGiveHealthDetailsToHealthRolesAndTheRecorderOnlyAuditedAndKeepThemOutOfTheEvent() throws Exception {
        UUID household = Fixture.household("staff1", unit, "0101",
                List.of(person("韩透析", LocalDate.of(1958, 6, 6), "householder", "dialysis")));
        String round = as("staff1").body(Map.of("areaCode", building, "title", "健康排查",
                        "dueAt", OffsetDateTime.now().plusDays(2).toString()))
                .post("/api/residents/surveys").then().statusCode(201).extract().path("id");

        long visitId;
        try (EventCollector events = new EventCollector(bootstrap, org.lifeline.residents.event.ResidentsTopics.SURVEY)) {
            visitId = ((Number) as("grid1").body(Map.of("householdId", household, "visited", true,
                            "symptoms", List.of("fever"),
                            "specialNeeds", Map.of("dailyMedication", "胰岛素每日两次", "dialysisDays", List.of("MONDAY", "THURSDAY"),
                                    "chemotherapy", true, "pregnancyDueDate", "2027-03-01", "oxygen", true),
                            "suppliesNeeds", "大米"))
                    .post("/api/residents/surveys/" + round + "/visits")
                    .then().statusCode(201)
                    .body("specialNeeds.dailyMedication", equalTo("胰岛素每日两次")) // the recorder's own entry
                    .extract().path("id")).longValue();
            String event = events.await(r -> r.key().equals(household.toString()), 1, Duration.ofSeconds(30)).get(0).value();
            for (String detail : DETAILS) {
                assertFalse(event.contains(detail), () -> "the event carries " + detail + ": " + event);
            }
            for (String need : NEEDS) {
                assertTrue(event.contains(need), () -> "the event lacks " + need + ": " + event);
            }
            assertTrue(event.contains("\"dialysis-transport\""), event);
        }

        // other staff of the area (community staff, street and district officers) and the platform admin
        for (String user : List.of("staff1", "street1", "district1", "admin1")) {
            String body = as(user).get("/api/residents/households/" + household + "/visits")
                    .then().statusCode(200)
                    .body("", hasSize(1))
                    .body("[0].detailsRestricted", is(true))
                    .body("[0].needs", containsInAnyOrder(NEEDS.toArray()))
                    .body("[0].needCodes", hasItem("dialysis-transport"))
                    .body("[0].suppliesNeeds", equalTo("大米"))
                    .extract().asString();
            assertNoDetails(user + " visits", body);
        }
        for (String user : List.of("staff1", "street1", "district1")) {
            String body = as(user).queryParam("place", unit).get("/api/residents/care-list")
                    .then().statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].detailsRestricted", is(true))
                    .body("items[0].needs", hasItem("需要透析接送"))
                    .extract().asString();
            assertNoDetails(user + " care list", body);
        }
        as("admin1").get("/api/residents/care-list").then().statusCode(403);
        audit("district1", household).then().statusCode(200).body("totalItems", is(0));

        // the health officer and the grid worker who recorded the visit get the details, each read audited
        String requestId = "hd-" + UUID.randomUUID();
        for (String user : List.of("health1", "grid1")) {
            as(user).header("X-Request-Id", requestId).get("/api/residents/households/" + household + "/visits")
                    .then().statusCode(200)
                    .body("[0].detailsRestricted", is(false))
                    .body("[0].symptoms", containsInAnyOrder("fever"))
                    .body("[0].specialNeeds.dailyMedication", equalTo("胰岛素每日两次"))
                    .body("[0].specialNeeds.dialysisDays", containsInAnyOrder("MONDAY", "THURSDAY"))
                    .body("[0].specialNeeds.pregnancyDueDate", equalTo("2027-03-01"))
                    .body("[0].specialNeeds.chemotherapy", is(true))
                    .body("[0].needs", hasItem("需要透析接送"));
            as(user).header("X-Request-Id", requestId).queryParam("place", unit).get("/api/residents/care-list")
                    .then().statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].detailsRestricted", is(false))
                    .body("items[0].specialNeeds.dialysisDays", containsInAnyOrder("MONDAY", "THURSDAY"))
                    .body("items[0].symptoms", containsInAnyOrder("fever"));
        }

        // the auditors see every read: who, roles, household, visits, where, why, request id; newest first
        for (String auditor : List.of("district1", "admin1")) {
            JsonPath rows = audit(auditor, household).then().statusCode(200)
                    .body("totalItems", is(4))
                    .body("items.householdId", everyItem(equalTo(household.toString())))
                    .body("items.visitIds", everyItem(equalTo(List.of((int) visitId))))
                    .body("items.requestId", everyItem(equalTo(requestId)))
                    .extract().jsonPath();
            assertEquals(List.of("grid1", "grid1", "health1", "health1"), rows.getList("items.actorUsername"));
            assertEquals(List.of("care-list", "household-visits", "care-list", "household-visits"),
                    rows.getList("items.source"));
            assertEquals(List.of("recorder", "recorder", "health-role", "health-role"), rows.getList("items.reason"));
            assertTrue(rows.getList("items[2].actorRoles").contains("health-officer"), rows.prettify());
            assertTrue(rows.getLong("items[0].id") > rows.getLong("items[3].id"), rows.prettify());
        }
        as("district1").queryParam("household", household).queryParam("size", 1).get("/api/residents/audit/health-details")
                .then().statusCode(200).body("items", hasSize(1)).body("totalPages", is(4));
        for (String user : List.of("staff1", "street1", "health1", "grid1")) {
            audit(user, household).then().statusCode(403);
        }
    }

    @Test
    void shouldTellOthersOnlyThatNoNeedWasFoundAndAuditNothingWithoutDetails() {
        UUID household = Fixture.household("staff1", unit, "0201",
                List.of(person("邵平安", LocalDate.of(1980, 1, 1), "householder")));
        String round = as("staff1").body(Map.of("areaCode", building, "title", "健康排查",
                        "dueAt", OffsetDateTime.now().plusDays(2).toString()))
                .post("/api/residents/surveys").then().statusCode(201).extract().path("id");
        as("grid1").body(Map.of("householdId", household, "visited", true, "suppliesNeeds", "大米"))
                .post("/api/residents/surveys/" + round + "/visits").then().statusCode(201);
        as("street1").get("/api/residents/households/" + household + "/visits").then().statusCode(200)
                .body("[0].needs", hasSize(0)).body("[0].detailsRestricted", is(true));
        JsonPath health = as("health1").get("/api/residents/households/" + household + "/visits").then().statusCode(200)
                .body("[0].needs", hasSize(0)).body("[0].detailsRestricted", is(false)).extract().jsonPath();
        assertNull(health.get("[0].specialNeeds"));
        audit("admin1", household).then().statusCode(200).body("totalItems", is(0));
    }

    private static io.restassured.response.Response audit(String user, UUID household) {
        return as(user).queryParam("household", household).get("/api/residents/audit/health-details");
    }

    private static void assertNoDetails(String what, String body) {
        for (String detail : DETAILS) {
            assertFalse(body.contains(detail), () -> what + " carries " + detail + ": " + body);
        }
    }
}
