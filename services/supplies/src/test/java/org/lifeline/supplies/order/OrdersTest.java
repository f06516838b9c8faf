package org.lifeline.supplies.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.ResidentsEventsProducer;
import org.lifeline.servers.Tokens;
import org.lifeline.supplies.support.Compound;
import org.lifeline.supplies.support.TestClock;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.supplies.support.Api.as;

/**
 * Placing orders against the real PostgreSQL, Keycloak and Kafka: 200 concurrent orders for a warehouse stock of
 * 50 allocate exactly 50 and refuse the rest with a clear reason; a retried order with the same Idempotency-Key
 * returns the first order, another body with that key is 422; the daily limit per household; a resident cannot
 * order for or read another household.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "supplies"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OrdersTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/api/supplies/orders")
    URI ordersUri;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAllocateExactlyTheStockTo200ConcurrentOrdersAndRefuseTheRest() throws Exception {
        List<UUID> households = new ArrayList<>();
        Compound compound;
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            compound = new Compound(events, "CC", 1);
            for (int i = 1; i <= 200; i++) {
                households.add(compound.household(1, String.format("%04d", i), "normal",
                        List.of(Compound.adult("住户" + i))));
            }
        }
        for (UUID h : households) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    as("staff1").get("/api/supplies/households/" + h).then().statusCode(200));
        }
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "sanitary", "quantity", 50))
                .post("/api/supplies/stock").then().statusCode(200).body("available", equalTo(50));

        String token = Tokens.of("staff1");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (UUID h : households) {
            String body = json.writeValueAsString(Map.of("householdId", h, "itemCode", "sanitary", "quantity", 1,
                    "waitIfOutOfStock", false));
            calls.add(http.sendAsync(HttpRequest.newBuilder(ordersUri).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept-Language", "en").header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int allocated = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() == 201) {
                assertEquals("allocated", body.get("status").asText(), response.body());
                allocated++;
            } else {
                assertEquals(409, response.statusCode(), response.body());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
                assertEquals("https://lifeline.example.org/problems/conflict", body.get("type").asText());
                assertTrue(body.get("detail").asText().startsWith("Out of stock"), response.body());
                refused++;
            }
        }
        assertEquals(50, allocated, "exactly the stock is allocated");
        assertEquals(150, refused, "the others are refused with a reason");
        as("staff1").queryParam("itemCode", "sanitary").queryParam("size", 500).get("/api/supplies/stock").then()
                .statusCode(200)
                .body("items.find { it.areaCode == '" + compound.code + "' }.available", equalTo(0))
                .body("items.find { it.areaCode == '" + compound.code + "' }.allocated", equalTo(50));
        // with waiting allowed, a further order waits for the next allocation run instead
        as("staff1").body(Map.of("householdId", households.get(0), "itemCode", "sanitary", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("status", equalTo("waiting"));
    }

    @Test
    void shouldReplayTheFirstOrderForARetryAndRefuseTheSameKeyForAnotherOrder() throws Exception {
        UUID household;
        UUID other;
        Compound compound;
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            compound = new Compound(events, "CI", 1);
            household = compound.resident1Household(1, "normal", List.of(Compound.adult("李明")));
            other = compound.household(1, "0102", "normal", List.of(Compound.adult("王芳")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("staff1").get("/api/supplies/households/" + other).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("resident1").get("/api/supplies/households/" + household).then().statusCode(200));
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "vegetables", "quantity", 10))
                .post("/api/supplies/stock").then().statusCode(200);

        String key = "order-" + UUID.randomUUID();
        Map<String, Object> order = Map.of("householdId", household, "itemCode", "vegetables", "quantity", 2);
        String first = as("resident1").header("Idempotency-Key", key).body(order).post("/api/supplies/orders").then()
                .statusCode(201).header("Idempotent-Replayed", (String) null)
                .body("status", equalTo("allocated")).body("placedBy", equalTo("resident1"))
                .body("deliveryCode", org.hamcrest.Matchers.matchesPattern("[0-9]{6}"))
                .extract().path("id");
        as("resident1").header("Idempotency-Key", key).body(order).post("/api/supplies/orders").then()
                .statusCode(201).header("Idempotent-Replayed", "true").header("Location", org.hamcrest.Matchers.endsWith("/api/supplies/orders/" + first))
                .body("id", equalTo(first));
        as("resident1").header("Idempotency-Key", key)
                .body(Map.of("householdId", household, "itemCode", "vegetables", "quantity", 3))
                .post("/api/supplies/orders").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/unprocessable"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        // one order only, 2 units taken from the depot
        as("resident1").get("/api/supplies/households/" + household + "/orders").then().statusCode(200)
                .body("totalItems", equalTo(1));
        // a hotline operator of the area sees the order to answer a caller, never its delivery code; another area's does not
        as("operator1").get("/api/supplies/households/" + household + "/orders").then().statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].deliveryCode", org.hamcrest.Matchers.nullValue());
        as("operator2").get("/api/supplies/households/" + household + "/orders").then().statusCode(404);
        as("staff1").queryParam("itemCode", "vegetables").queryParam("size", 500).get("/api/supplies/stock").then()
                .body("items.find { it.areaCode == '" + compound.code + "' }.available", equalTo(8));
        as("resident1").header("Idempotency-Key", "k".repeat(256)).body(order).post("/api/supplies/orders").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));

        // at most 3 orders per household per day (the first counts once)
        as("resident1").body(order).post("/api/supplies/orders").then().statusCode(201);
        as("resident1").body(order).post("/api/supplies/orders").then().statusCode(201);
        as("resident1").body(order).post("/api/supplies/orders").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("the most allowed per day (3)"));

        // a resident orders only for their own household, and sees only its orders
        as("resident1").body(Map.of("householdId", other, "itemCode", "vegetables", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(404).contentType("application/problem+json");
        String others = as("staff1").body(Map.of("householdId", other, "itemCode", "vegetables", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(201).body("onBehalf", equalTo(true))
                .body("placedBy", equalTo("staff1")).extract().path("id");
        as("resident1").get("/api/supplies/orders/" + others).then().statusCode(404);
        as("resident1").get("/api/supplies/orders/" + others + "/timeline").then().statusCode(404);
        as("resident1").get("/api/supplies/households/" + other + "/orders").then().statusCode(404);
        as("resident1").get("/api/supplies/orders?size=500").then().statusCode(200)
                .body("items.id", hasItem(first)).body("items.id", not(hasItem(others)));
        as("resident2").get("/api/supplies/orders/" + first).then().statusCode(404);
        // staff of another community do not see it either; no token is 401
        as("staff2").get("/api/supplies/orders/" + first).then().statusCode(404);
        io.restassured.RestAssured.given().get("/api/supplies/orders/" + first).then().statusCode(401);
        // bad input is a problem with the field named
        as("staff1").body(Map.of("householdId", other, "itemCode", "caviar", "quantity", 1))
                .post("/api/supplies/orders").then().statusCode(400).body("errors[0].field", equalTo("itemCode"));
        as("staff1").body(Map.of("householdId", other, "itemCode", "vegetables", "quantity", 0))
                .post("/api/supplies/orders").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldLetAHouseholdOrderAgainOnTheNextDayByTheClock() throws Exception {
        UUID household;
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            household = new Compound(events, "CD", 1).household(1, "0101", "normal", List.of(Compound.adult("赵磊")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("staff1").get("/api/supplies/households/" + household).then().statusCode(200));
        Map<String, Object> order = Map.of("householdId", household, "itemCode", "rice-flour-oil", "quantity", 1);
        for (int i = 0; i < 3; i++) {
            as("staff1").body(order).post("/api/supplies/orders").then().statusCode(201);
        }
        as("staff1").body(order).post("/api/supplies/orders").then().statusCode(409)
                .body("detail", equalTo("This household has placed 3 orders today, the most allowed per day (3); "
                        + "order again tomorrow."));
        io.restassured.RestAssured.given().auth().oauth2(Tokens.of("staff1")).contentType("application/json")
                .header("Accept-Language", "zh-CN").body(order).post("/api/supplies/orders").then().statusCode(409)
                .body("detail", equalTo("该户今日已下单 3 次，已达每日上限（3 次），请明日再下单。"));
        try {
            TestClock.CLOCK.advance(Duration.ofDays(1)); // the service's clock says tomorrow: a new day's limit
            as("staff1").body(order).post("/api/supplies/orders").then().statusCode(201);
        } finally {
            TestClock.CLOCK.reset();
        }
    }

    @Test
    void shouldMakeOneOrderFromConcurrentRetriesWithOneKey() throws Exception {
        UUID household;
        Compound compound;
        try (ResidentsEventsProducer events = new ResidentsEventsProducer(bootstrap)) {
            compound = new Compound(events, "CR", 1);
            household = compound.household(1, "0301", "normal", List.of(Compound.adult("周重试")));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("staff1").get("/api/supplies/households/" + household).then().statusCode(200));
        as("staff1").body(Map.of("areaCode", compound.code, "itemCode", "vegetables", "quantity", 5))
                .post("/api/supplies/stock").then().statusCode(200);
        String token = Tokens.of("staff1");
        String key = "retry-" + UUID.randomUUID();
        String body = json.writeValueAsString(Map.of("householdId", household, "itemCode", "vegetables", "quantity", 1));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(ordersUri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept-Language", "en").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        int fresh = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            if (response.statusCode() == 201) {
                ids.add(json.readTree(response.body()).get("id").asText());
                if (response.headers().firstValue("Idempotent-Replayed").isEmpty()) {
                    fresh++;
                }
            } else {
                // a retry while the first is still running
                assertEquals(409, response.statusCode(), response.body());
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
                assertTrue(response.body().contains("still being processed"), response.body());
            }
        }
        assertEquals(1, fresh, "one request made the order");
        assertEquals(1, ids.size(), "the others replayed it");
        as("staff1").get("/api/supplies/households/" + household + "/orders").then().body("totalItems", equalTo(1));
    }
}
