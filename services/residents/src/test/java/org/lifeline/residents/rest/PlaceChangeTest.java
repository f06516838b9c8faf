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
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.lifeline.residents.support.Fixture.as;

/** Renaming and moving places: the subtree and its households follow, and so does who may see them. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PlaceChangeTest {

    @Test
    void shouldMoveACompoundWithItsHouseholdsToAnotherCommunity() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        String unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
        String compound = Fixture.compoundOf(unit);
        UUID household = Fixture.household("staff1", unit, "0101",
                List.of(Fixture.person("包青", LocalDate.of(1970, 1, 1), "householder")));

        as("staff1").body(Map.of("name", "新名字小区")).patch("/api/residents/places/" + compound)
                .then().statusCode(200).body("name", equalTo("新名字小区"));
        // staff1 may not move it out of their community; the street officer may
        as("staff1").body(Map.of("parentCode", Fixture.COMMUNITY_2)).patch("/api/residents/places/" + compound)
                .then().statusCode(403);
        as("street1").body(Map.of("parentCode", unit)).patch("/api/residents/places/" + compound)
                .then().statusCode(400).body("errors[0].field", equalTo("parentCode"));
        as("street1").body(Map.of("parentCode", Fixture.COMMUNITY_2)).patch("/api/residents/places/" + compound)
                .then().statusCode(200)
                .body("parentCode", equalTo(Fixture.COMMUNITY_2))
                .body("path", startsWith("/6101/610113/610113001/" + Fixture.COMMUNITY_2 + "/" + compound + "/"));

        as("staff1").get("/api/residents/households/" + household).then().statusCode(404);
        as("staff2").get("/api/residents/households/" + household).then().statusCode(200)
                .body("code", equalTo(unit + "-0101"));
        as("staff2").get("/api/residents/places/" + unit).then().statusCode(200)
                .body("path", startsWith("/6101/610113/610113001/" + Fixture.COMMUNITY_2 + "/"));
        as("grid1").body(Map.of("name", "x")).patch("/api/residents/places/" + compound).then().statusCode(403);
    }
}
