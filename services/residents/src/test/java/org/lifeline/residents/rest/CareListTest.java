package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.lifeline.residents.support.Fixture.as;
import static org.lifeline.residents.support.Fixture.person;

/** The care list: vulnerable persons only, never contacted first, overdue flag, contacts, denials. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CareListTest {

    String unit;

    @BeforeEach
    void places() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
    }

    private String personOf(UUID household, String name) {
        return as("staff1").get("/api/residents/households/" + household).then().statusCode(200)
                .extract().path("persons.find { it.name == '" + name + "' }.id");
    }

    @Test
    void shouldListVulnerablePersonsAndTrackContacts() {
        UUID a = Fixture.household("staff1", unit, "0101", List.of(
                person("刘奶奶", LocalDate.of(1941, 2, 2), "householder", "living-alone-over-70")));
        UUID b = Fixture.household("staff1", unit, "0102", List.of(
                person("陈师傅", LocalDate.of(1960, 3, 3), "householder", "dialysis"),
                person("陈小妹", LocalDate.of(1995, 3, 3), "child")));
        Fixture.household("staff1", unit, "0201", List.of(person("王年轻", LocalDate.of(1990, 5, 5), "householder")));

        as("staff1").queryParam("place", unit).get("/api/residents/care-list")
                .then().statusCode(200)
                .body("totalItems", is(2))
                .body("items.name", containsInAnyOrder("刘奶奶", "陈师傅"))
                .body("items.overdue", equalTo(List.of(true, true)))
                .body("items[0].lastContactAt", nullValue());

        String grandma = personOf(a, "刘奶奶");
        as("grid1").body(Map.of("kind", "call", "outcome", "ok")).post("/api/residents/persons/" + grandma + "/contacts")
                .then().statusCode(404); // grid1's compound is not this one
        as("staff1").body(Map.of("kind", "visit", "outcome", "needs-help", "note", "药快吃完了"))
                .post("/api/residents/persons/" + grandma + "/contacts")
                .then().statusCode(201).body("contactedBy", equalTo("staff1"));

        as("staff1").queryParam("place", unit).get("/api/residents/care-list")
                .then().statusCode(200)
                .body("items[0].name", equalTo("陈师傅")) // never contacted comes first
                .body("items.find { it.name == '刘奶奶' }.lastOutcome", equalTo("needs-help"))
                .body("items.find { it.name == '刘奶奶' }.overdue", is(false));
        as("staff1").queryParam("place", unit).queryParam("overdue", true).get("/api/residents/care-list")
                .then().statusCode(200).body("items.name", equalTo(List.of("陈师傅")));
        as("staff1").queryParam("place", unit).queryParam("flag", "dialysis").get("/api/residents/care-list")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].householdId", equalTo(b.toString()));
    }

    @Test
    void shouldDenyOtherAreasAndRolesAndExplainBadInput() {
        UUID a = Fixture.household("staff1", unit, "0301", List.of(
                person("赵爷爷", LocalDate.of(1938, 8, 8), "householder", "disabled")));
        String grandpa = personOf(a, "赵爷爷");
        as("staff2").queryParam("place", unit).get("/api/residents/care-list").then().statusCode(403);
        as("staff2").body(Map.of("kind", "call", "outcome", "ok")).post("/api/residents/persons/" + grandpa + "/contacts")
                .then().statusCode(404);
        as("volunteer1").get("/api/residents/care-list").then().statusCode(403);
        as("admin1").get("/api/residents/care-list").then().statusCode(403);
        as("staff1").body(Map.of("kind", "call", "outcome", "fine")).post("/api/residents/persons/" + grandpa + "/contacts")
                .then().statusCode(400).body("errors[0].field", equalTo("outcome"));
        as("staff1").queryParam("flag", "tall").get("/api/residents/care-list")
                .then().statusCode(400).body("errors[0].field", equalTo("flag"));
    }
}
