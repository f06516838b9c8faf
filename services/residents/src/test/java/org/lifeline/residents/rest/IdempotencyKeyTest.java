package org.lifeline.residents.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.residents.support.Fixture;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.residents.support.Fixture.as;
import static org.lifeline.residents.support.Fixture.person;

/** Idempotency-Key: replay, different body 422, concurrent retries never write twice, scoped to the caller. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "residents"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class IdempotencyKeyTest {

    static String unit;

    @BeforeEach
    void places() {
        if (unit != null) {
            return;
        }
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Fixture.baseHierarchy();
        unit = Fixture.freshUnit(Fixture.COMMUNITY_1);
    }

    private static String key() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void shouldReplayTheFirstResponseForTheSameKeyAndBody() {
        String key = key();
        Map<String, Object> body = Map.of("unitCode", unit, "room", "0101",
                "persons", List.of(person("高强", LocalDate.of(1977, 7, 1), "householder")));
        Response first = as("staff1").header("Idempotency-Key", key).body(body).post("/api/residents/households");
        first.then().statusCode(201);
        Response again = as("staff1").header("Idempotency-Key", key).body(body).post("/api/residents/households");
        again.then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .body("id", equalTo(first.path("id")));
        // without the key the same request is a plain duplicate
        as("staff1").body(body).post("/api/residents/households").then().statusCode(409);
        as("staff1").queryParam("place", unit).get("/api/residents/households")
                .then().statusCode(200).body("items.findAll { it.room == '0101' }", hasSize(1));
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        String key = key();
        as("staff1").header("Idempotency-Key", key).body(Map.of("unitCode", unit, "room", "0201"))
                .post("/api/residents/households").then().statusCode(201);
        as("staff1").header("Idempotency-Key", key).body(Map.of("unitCode", unit, "room", "0202"))
                .post("/api/residents/households")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void shouldScopeKeysToTheCaller() {
        String key = key();
        String unit2 = Fixture.freshUnit(Fixture.COMMUNITY_2);
        as("staff1").header("Idempotency-Key", key).body(Map.of("unitCode", unit, "room", "0301"))
                .post("/api/residents/households").then().statusCode(201);
        as("staff2").header("Idempotency-Key", key).body(Map.of("unitCode", unit2, "room", "0301"))
                .post("/api/residents/households").then().statusCode(201).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void shouldNotKeepAFailedFirstAttempt() {
        String key = key();
        Map<String, Object> bad = Map.of("unitCode", unit + "-nope", "room", "0401");
        as("staff1").header("Idempotency-Key", key).body(bad).post("/api/residents/households").then().statusCode(404);
        // the same key may be used again after a failure, and now does the work
        as("staff1").header("Idempotency-Key", key).body(bad).post("/api/residents/households").then().statusCode(404);
        as("staff1").header("Idempotency-Key", "has spaces inside").body(bad).post("/api/residents/households")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void shouldWriteOnceUnderConcurrentRetries() throws Exception {
        String key = key();
        String token = Tokens.of("staff1");
        Map<String, Object> body = Map.of("unitCode", unit, "room", "0501",
                "persons", List.of(person("罗华", LocalDate.of(1968, 8, 8), "householder")));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .header("Idempotency-Key", key).body(body).post("/api/residents/households").statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
            assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
            assertTrue(statuses.contains(201), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        List<Object> rooms = as("staff1").queryParam("place", unit).queryParam("size", 500)
                .get("/api/residents/households").then().statusCode(200)
                .extract().path("items.findAll { it.room == '0501' }");
        assertEquals(1, rooms.size(), "one household, however many retries");
    }
}
