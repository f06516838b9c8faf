package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.lifeline.residents.support.Fixture.as;
import static org.lifeline.residents.support.Fixture.person;

/** Households over HTTP with real tokens from the real Keycloak, on the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HouseholdResourceTest {

    static String unit1;
    static String unit2;

    @BeforeEach
    void places() {
        if (unit1 != null) {
            return;
        }
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        unit1 = Fixture.freshUnit(Fixture.COMMUNITY_1);
        unit2 = Fixture.freshUnit(Fixture.COMMUNITY_2);
    }

    @Test
    void shouldAnswer401ProblemWithoutToken() {
        given().get("/api/residents/households")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://lifeline.example.org/problems/unauthenticated"))
                .body("status", is(401));
    }

    @Test
    void shouldAnswer401ForForgedToken() {
        String token = Tokens.of("staff1");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        given().auth().oauth2(forged).get("/api/residents/households")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldRegisterHouseholdWithMaskedPersonalData() {
        String idNumber = Fixture.idNumber(LocalDate.of(1950, 5, 17));
        var response = as("staff1").body(Map.of("unitCode", unit1, "room", "0101", "persons", List.of(
                        Map.of("name", "王建国", "idNumber", idNumber, "phone", "13812345678", "relation", "householder",
                                "flags", List.of("living-alone-over-70")))))
                .post("/api/residents/households")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/residents/households/[0-9a-f-]{36}"))
                .body("code", equalTo(unit1 + "-0101"))
                .body("status.status", equalTo("normal"))
                .body("persons[0].idNumber", equalTo(idNumber.substring(0, 2) + "*".repeat(14) + idNumber.substring(16)))
                .body("persons[0].phone", equalTo("138****5678"))
                .body("persons[0].birthYear", equalTo(1950))
                .body("persons[0]", not(hasKey("birthDate")))
                .body("persons[0]", not(hasKey("age")))
                .body("persons[0].flags", containsInAnyOrder("living-alone-over-70"))
                .extract();
        String id = response.path("id");
        as("staff1").get("/api/residents/households/" + id)
                .then().statusCode(200)
                .body("persons", hasSize(1))
                .body("persons[0].idNumber", not(equalTo(idNumber)));
    }

    @Test
    void shouldRefuseOtherCommunitysHousehold() {
        UUID id = Fixture.household("staff1", unit1, "0201", List.of(person("张敏", LocalDate.of(1985, 1, 2), "householder")));
        as("staff2").get("/api/residents/households/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        as("staff2").queryParam("place", Fixture.compoundOf(unit1)).get("/api/residents/households")
                .then().statusCode(403)
                .body("type", equalTo("https://lifeline.example.org/problems/forbidden"));
        as("staff2").body(Map.of("unitCode", unit1, "room", "0999")).post("/api/residents/households")
                .then().statusCode(403);
    }

    @Test
    void shouldLetStreetOfficerSeeAllItsCommunities() {
        UUID one = Fixture.household("staff1", unit1, "0301", List.of(person("刘洋", LocalDate.of(1990, 2, 3), "householder")));
        UUID two = Fixture.household("staff2", unit2, "0301", List.of(person("陈静", LocalDate.of(1991, 4, 5), "householder")));
        as("street1").get("/api/residents/households/" + one).then().statusCode(200);
        as("street1").get("/api/residents/households/" + two).then().statusCode(200);
        as("street1").queryParam("place", Fixture.compoundOf(unit2)).get("/api/residents/households")
                .then().statusCode(200)
                .body("items.id", hasItem(two.toString()));
        as("street1").queryParam("place", Fixture.compoundOf(unit1)).get("/api/residents/households")
                .then().statusCode(200)
                .body("items.id", hasItem(one.toString()));
    }

    @Test
    void shouldLetResidentSeeOnlyOwnHousehold() {
        UUID own = Fixture.resident1Household();
        UUID other = Fixture.household("staff1", unit1, "0401", List.of(person("赵磊", LocalDate.of(1979, 6, 7), "householder")));
        as("resident1").get("/api/residents/households/mine")
                .then().statusCode(200).body("id", equalTo(own.toString()));
        as("resident1").get("/api/residents/households/" + own).then().statusCode(200);
        as("resident1").get("/api/residents/households/" + other)
                .then().statusCode(404).contentType("application/problem+json");
        as("resident1").get("/api/residents/households").then().statusCode(403);
        as("resident2").get("/api/residents/households/" + own).then().statusCode(404);
    }

    @Test
    void shouldLetResidentAddAMemberToOwnHouseholdOnly() {
        UUID own = Fixture.resident1Household();
        UUID other = Fixture.household("staff1", unit1, "0402", List.of(person("孙华", LocalDate.of(1970, 6, 7), "householder")));
        as("resident1").body(person("李小宝", LocalDate.of(2021, 9, 1), "child"))
                .post("/api/residents/households/" + own + "/persons")
                .then().statusCode(201).body("relation", equalTo("child")).body("birthYear", equalTo(2021));
        as("resident1").body(person("外人", LocalDate.of(2000, 1, 1), "other"))
                .post("/api/residents/households/" + other + "/persons")
                .then().statusCode(404);
    }

    @Test
    void shouldRefusePartnersAndVolunteers() {
        UUID id = Fixture.household("staff1", unit1, "0501", List.of());
        given().auth().oauth2(Tokens.ofClient("demo-merchant", "demo-merchant-secret"))
                .get("/api/residents/households/" + id)
                .then().statusCode(403).contentType("application/problem+json");
        as("volunteer1").get("/api/residents/households").then().statusCode(403);
    }

    @Test
    void shouldRejectWrongCheckDigitWithFieldError() {
        String valid = Fixture.idNumber(LocalDate.of(1988, 8, 8));
        char wrong = valid.charAt(17) == '1' ? '2' : '1';
        as("staff1").body(Map.of("unitCode", unit1, "room", "0601", "persons", List.of(
                        Map.of("name", "钱多", "idNumber", valid.substring(0, 17) + wrong, "relation", "householder"))))
                .post("/api/residents/households")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("persons[0].idNumber"))
                .body("errors[0].message", equalTo("has a wrong check digit (GB 11643): check for a typing mistake"));
        // nothing of the refused request was kept
        as("staff1").queryParam("place", unit1).queryParam("size", 500).get("/api/residents/households")
                .then().statusCode(200).body("items.code", not(hasItem(unit1 + "-0601")));
    }

    @Test
    void shouldRejectUnknownEnumValueMalformedJsonAndMissingFields() {
        as("staff1").body("{\"unitCode\":\"" + unit1 + "\",\"room\":\"0701\",\"persons\":[{\"name\":\"A\",\"idNumber\":\""
                        + Fixture.idNumber(LocalDate.of(1990, 1, 1)) + "\",\"relation\":\"boss\"}]}")
                .post("/api/residents/households")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("persons[0].relation"))
                .body("errors[0].message", startsWith("must be one of: householder"));
        as("staff1").body("{\"unitCode\": ").post("/api/residents/households")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/malformed-body"));
        as("staff1").body(Map.of("room", "0701", "persons", List.of(Map.of("relation", "child"))))
                .post("/api/residents/households")
                .then().statusCode(400)
                .body("errors.field", hasItem("unitCode"))
                .body("errors.field", hasItem("persons[0].name"))
                .body("errors.field", hasItem("persons[0].idNumber"));
        as("staff1").queryParam("status", "locked").get("/api/residents/households")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        as("staff1").queryParam("size", 100000).get("/api/residents/households")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void shouldAnswerInChineseByDefault() {
        given().auth().oauth2(Tokens.of("staff1")).contentType(ContentType.JSON)
                .body(Map.of("room", "0801")).post("/api/residents/households")
                .then().statusCode(400)
                .header("Content-Language", "zh-CN")
                .body("title", equalTo("请求内容有误"));
    }

    @Test
    void shouldRefuseSecondPersonWithSameIdNumber() {
        Map<String, Object> person = person("周强", LocalDate.of(1966, 3, 3), "householder");
        Fixture.household("staff1", unit1, "0901", List.of(person));
        as("staff1").body(Map.of("unitCode", unit1, "room", "0902", "persons", List.of(person)))
                .post("/api/residents/households")
                .then().statusCode(409)
                .body("errors[0].field", equalTo("persons[0].idNumber"));
        as("staff1").body(Map.of("unitCode", unit1, "room", "0901")).post("/api/residents/households")
                .then().statusCode(409);
    }

    @Test
    void shouldChangeStatusKeepHistoryAndFilter() {
        UUID id = Fixture.household("staff1", unit1, "1001", List.of(
                person("吴霞", LocalDate.of(1958, 1, 1), "householder", "dialysis")));
        Fixture.household("staff1", unit1, "1002", List.of(person("郑涛", LocalDate.of(1995, 1, 1), "householder")));
        as("staff1").body(Map.of("status", "sealed", "reason", "positive PCR result"))
                .put("/api/residents/households/" + id + "/status")
                .then().statusCode(200)
                .body("status.status", equalTo("sealed"))
                .body("status.source", equalTo("user:staff1"));
        as("staff1").body(Map.of("status", "controlled", "reason", "re-test negative"))
                .put("/api/residents/households/" + id + "/status")
                .then().statusCode(200);
        as("staff1").get("/api/residents/households/" + id + "/status-history")
                .then().statusCode(200)
                .body("status", equalTo(List.of("controlled", "sealed")));
        as("staff1").queryParam("place", unit1).queryParam("status", "controlled").get("/api/residents/households")
                .then().statusCode(200)
                .body("totalItems", is(1))
                .body("items[0].id", equalTo(id.toString()));
        as("staff1").queryParam("place", unit1).queryParam("flag", "dialysis").get("/api/residents/households")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(id.toString())))
                .body("items[0].flags", hasItem("dialysis"));
        as("grid1").body(Map.of("status", "normal", "reason", "x"))
                .put("/api/residents/households/" + id + "/status")
                .then().statusCode(403);
        as("staff1").body(Map.of("status", "normal"))
                .put("/api/residents/households/" + id + "/status")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
    }

    @Test
    void shouldRegisterOnceWhenTheSameHouseholdIsSentConcurrently() throws Exception {
        Map<String, Object> body = Map.of("unitCode", unit1, "room", "1101", "persons",
                List.of(person("朱明", LocalDate.of(1972, 12, 12), "householder")));
        String token = Tokens.of("staff1");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                        .post("/api/residents/households").statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var call : calls) {
                statuses.add(call.get());
            }
            org.junit.jupiter.api.Assertions.assertEquals(1, statuses.stream().filter(s -> s == 201).count(),
                    "exactly one created: " + statuses);
            org.junit.jupiter.api.Assertions.assertEquals(5, statuses.stream().filter(s -> s == 409).count(),
                    "the others are conflicts, never 500: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        as("staff1").queryParam("place", unit1).queryParam("size", 500).get("/api/residents/households")
                .then().statusCode(200)
                .body("items.findAll { it.code == '" + unit1 + "-1101' }", hasSize(1))
                .body("items.find { it.code == '" + unit1 + "-1101' }.members", is(1));
    }

    @Test
    void shouldLiftAStatusAutomaticallyWhenItsEndTimePasses() {
        UUID id = Fixture.household("staff1", unit1, "1201", List.of());
        as("staff1").body(Map.of("status", "controlled", "reason", "close contact, 7 days",
                        "until", java.time.OffsetDateTime.now().plusSeconds(2).toString()))
                .put("/api/residents/households/" + id + "/status")
                .then().statusCode(200).body("status.status", equalTo("controlled"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> "normal".equals(as("staff1").get("/api/residents/households/" + id)
                        .then().extract().path("status.status")));
        as("staff1").get("/api/residents/households/" + id + "/status-history")
                .then().statusCode(200)
                .body("source", equalTo(List.of("expiry", "user:staff1")))
                .body("status", equalTo(List.of("normal", "controlled")));
    }

    @Test
    void shouldPaginateWithTotals() {
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        for (int i = 1; i <= 5; i++) {
            Fixture.household("staff1", unit, String.format("01%02d", i), List.of());
        }
        as("staff1").queryParam("place", unit).queryParam("size", 2).queryParam("page", 2)
                .get("/api/residents/households")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].code", equalTo(unit + "-0105"))
                .body("totalItems", is(5))
                .body("totalPages", is(3))
                .body("items.members", everyItem(is(0)));
        as("staff1").queryParam("place", unit).queryParam("size", 2).queryParam("page", 0)
                .get("/api/residents/households")
                .then().statusCode(200)
                .body("items.code", equalTo(List.of(unit + "-0101", unit + "-0102")));
        // past the last page: no households, and still the totals (one statement reads both)
        as("staff1").queryParam("place", unit).queryParam("size", 2).queryParam("page", 3)
                .get("/api/residents/households")
                .then().statusCode(200)
                .body("items", hasSize(0))
                .body("totalItems", is(5))
                .body("totalPages", is(3));
    }
}
