package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.lifeline.residents.support.Fixture.as;

/** Search by part of a name, last four digits, or address code; within the caller's areas only. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PersonSearchTest {

    @Test
    void shouldFindByNamePartLastFourDigitsAndAddressWithinTheArea() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        Random random = new Random();
        String token = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26))
                + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
        String phoneTail = String.format("%04d", random.nextInt(10_000));
        String moon = "欧阳" + token + "月";
        String peak = "欧阳" + token + "峰";
        Fixture.household("staff1", unit, "0101", List.of(Map.of("name", moon,
                "idNumber", Fixture.idNumber(LocalDate.of(1981, 1, 1)), "phone", "1381234" + phoneTail,
                "relation", "householder")));
        Fixture.household("staff1", unit, "0102", List.of(Fixture.person(peak, LocalDate.of(1985, 5, 5), "householder")));

        as("staff1").queryParam("q", "阳" + token).get("/api/residents/persons")
                .then().statusCode(200)
                .body("totalItems", is(2))
                .body("items.name", containsInAnyOrder(moon, peak))
                .body("items[0].idNumber", matchesPattern("61\\*{14}[0-9X]{2}"));
        as("staff1").queryParam("q", phoneTail).queryParam("size", 500).get("/api/residents/persons")
                .then().statusCode(200).body("items.name", hasItem(moon));
        as("staff1").queryParam("q", unit).get("/api/residents/persons")
                .then().statusCode(200).body("totalItems", is(2));
        as("street1").queryParam("q", token).get("/api/residents/persons")
                .then().statusCode(200).body("totalItems", is(2));
        as("staff2").queryParam("q", token).get("/api/residents/persons")
                .then().statusCode(200).body("totalItems", is(0));
        as("staff1").queryParam("q", "").get("/api/residents/persons")
                .then().statusCode(400).body("errors[0].field", equalTo("q"));
        as("volunteer1").queryParam("q", token).get("/api/residents/persons").then().statusCode(403);

        // one or two characters (a given name, a surname) are found too, from the character-pair index
        char c1 = (char) (0x4E00 + random.nextInt(0x5000));
        char c2 = (char) (0x4E00 + random.nextInt(0x5000));
        String shortName = "司" + c1 + c2;
        Fixture.household("staff1", unit, "0103", List.of(Fixture.person(shortName, LocalDate.of(1990, 9, 9), "householder")));
        as("staff1").queryParam("q", "" + c1 + c2).get("/api/residents/persons")
                .then().statusCode(200).body("items.name", hasItem(shortName));
        as("staff1").queryParam("q", "" + c2).queryParam("size", 500).get("/api/residents/persons")
                .then().statusCode(200).body("items.name", hasItem(shortName));
        as("staff1").queryParam("q", "司" + c2).get("/api/residents/persons")
                .then().statusCode(200).body("totalItems", is(0));
        as("staff1").queryParam("q", token.toLowerCase(java.util.Locale.ROOT)).get("/api/residents/persons")
                .then().statusCode(200).body("totalItems", is(2));
    }
}
