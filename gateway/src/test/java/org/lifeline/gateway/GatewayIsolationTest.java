package org.lifeline.gateway;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One stalled upstream (accepts, never answers) and one dead upstream (port closed) while a healthy
 * upstream takes traffic at the same time: the broken ones fail fast once their breakers open, the
 * healthy one keeps answering, and the breakers close when the upstreams recover.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "servers", value = "keycloak"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = FakeUpstreamsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GatewayIsolationTest {

    /** Health and metrics are on the management port only (application.properties). */
    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    @Test
    void shouldIsolateStalledAndDeadUpstreamsFromHealthyOne() throws Exception {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        String token = Tokens.of("staff1");
        FakeUpstream healthy = FakeUpstream.named("supplies");
        FakeUpstream stalled = FakeUpstream.named("stalled");
        FakeUpstream dead = FakeUpstream.named("cogovernance");
        healthy.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"ok\":true}", 0));
        stalled.answer.set(new FakeUpstream.Answer(200, "application/json", "{}", 60_000));
        dead.stop();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> broken = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                broken.add(pool.submit(() -> given().auth().oauth2(token).get("/api/stalled/x").statusCode()));
                broken.add(pool.submit(() -> given().auth().oauth2(token).get("/api/cogovernance/x").statusCode()));
            }
            List<Integer> healthyStatuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                healthyStatuses.add(given().auth().oauth2(token).get("/api/supplies/orders").statusCode());
            }
            for (Future<Integer> call : broken) {
                int status = call.get();
                assertTrue(status == 503 || status == 504, "broken upstreams answer 503/504, got " + status);
            }
            assertEquals(30, healthyStatuses.stream().filter(s -> s == 200).count(),
                    "the healthy upstream kept answering: " + healthyStatuses);
        } finally {
            pool.shutdownNow();
        }

        // both breakers are open now: refused at once, with Retry-After, not after the 1 s timeout
        for (String path : List.of("/api/stalled/x", "/api/cogovernance/x")) {
            Response open = given().auth().oauth2(token).header("Accept-Language", "en").get(path);
            assertEquals(503, open.statusCode(), path);
            assertTrue(open.header("Retry-After") != null, path);
            assertTrue(open.asString().contains("given a moment to recover"), path + ": " + open.asString());
        }

        given().get(metrics).then().statusCode(200)
                .body(containsString("lifeline_gateway_breaker_state{route=\"stalled\"} 1.0"))
                .body(containsString("lifeline_gateway_requests_seconds_count{method=\"GET\",route=\"supplies\",status=\"2xx\"}"))
                .body(containsString("lifeline_gateway_bulkhead_queue{route=\"supplies\"}"));

        stalled.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"back\":true}", 0));
        dead.start();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            given().auth().oauth2(token).get("/api/stalled/x").then().statusCode(200).body(containsString("back"));
            given().auth().oauth2(token).get("/api/cogovernance/x").then().statusCode(200);
        });
    }
}
