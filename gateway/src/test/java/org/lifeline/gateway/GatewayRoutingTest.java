package org.lifeline.gateway;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway with a real Keycloak (real tokens) in front of real HTTP upstreams that misbehave on demand. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "servers", value = "keycloak"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = FakeUpstreamsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GatewayRoutingTest {

    /** Health and metrics are on the management port only (application.properties). */
    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    @TestHTTPResource(value = "/health/live", management = true)
    URL health;

    FakeUpstream residents;
    FakeUpstream flaky;
    FakeUpstream slow;

    @BeforeEach
    void upstreams() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        residents = FakeUpstream.named("residents");
        flaky = FakeUpstream.named("flaky");
        slow = FakeUpstream.named("slow");
        residents.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"ok\":true}", 0));
    }

    @Test
    void shouldAnswer401ProblemWithoutOrWithBadToken() {
        given().get("/api/residents/households")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://lifeline.example.org/problems/unauthenticated"));
        given().auth().oauth2("not-a-token").get("/api/residents/households")
                .then().statusCode(401).contentType("application/problem+json");
        String token = Tokens.of("staff1");
        given().auth().oauth2(token).get("/api/residents/households").then().statusCode(200);
        // the valid token is now in the verified-token cache; a tampered copy of it must still be refused
        given().auth().oauth2(token.substring(0, token.length() - 4) + "AAAA").get("/api/residents/households")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldServeAPublicPathWithoutATokenLimitedPerAddressAndNothingElse() {
        FakeUpstream limited = FakeUpstream.named("limited");
        limited.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"keys\":[]}", 0));
        // the route's "tight" class allows 3 per minute for users: an anonymous address gets the same
        for (int i = 0; i < 3; i++) {
            given().get("/api/limited/public/keys.json").then().statusCode(200).body("keys", notNullValue())
                    .header("RateLimit-Limit", "3");
        }
        assertEquals("/api/limited/public/keys.json", limited.lastSeen.get().path());
        given().get("/api/limited/public/keys.json").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        // only that exact path, only GET
        given().get("/api/limited/public/other").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/limited/public/keys.json/x").then().statusCode(401);
        given().contentType("application/json").body("{}").post("/api/limited/public/keys.json").then().statusCode(401);
    }

    @Test
    void shouldForwardPathQueryTokenRequestIdAndTraceparent() {
        String token = Tokens.of("staff1");
        Response response = given().auth().oauth2(token).header("Accept-Language", "en")
                .header("Cookie", "session=secret").header("X-Internal", "no")
                .get("/api/residents/households?place=610113001001&size=2");
        response.then().statusCode(200)
                .header("X-Upstream", "fake")
                .header("Connection", nullValue())
                .body("ok", is(true));
        FakeUpstream.Seen seen = residents.lastSeen.get();
        assertEquals("GET", seen.method());
        assertEquals("/api/residents/households", seen.path());
        assertEquals("place=610113001001&size=2", seen.query());
        assertEquals("Bearer " + token, seen.headers().get("authorization"));
        assertEquals("en", seen.headers().get("accept-language"));
        assertEquals(response.header("X-Request-Id"), seen.headers().get("x-request-id"));
        assertTrue(seen.headers().get("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        assertFalse(seen.headers().containsKey("cookie"), "cookies stay at the edge");
        assertFalse(seen.headers().containsKey("x-internal"), "only allowlisted headers go upstream");
    }

    /** Two X-Request-Id headers, or one that is too long or carries other characters: a generated id, sent on and echoed. */
    @Test
    void shouldReplaceADuplicatedOverlongOrStrangeRequestIdBeforeForwardingIt() {
        String token = Tokens.of("staff1");
        for (String[] values : List.of(new String[] { "req-1", "req-2" }, new String[] { "r".repeat(65) },
                new String[] { "x' OR 1=1 --" })) {
            var request = given().auth().oauth2(token);
            for (String value : values) {
                request = request.header("X-Request-Id", value);
            }
            String used = request.get("/api/residents/households").then().statusCode(200).extract().header("X-Request-Id");
            assertTrue(used.matches("[0-9a-f-]{36}"), "a generated id, not " + used);
            assertEquals(used, residents.lastSeen.get().headers().get("x-request-id"));
        }
    }

    @Test
    void shouldKeepCallersRequestIdAndTraceparentAndForwardBody() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().auth().oauth2(Tokens.of("staff1")).header("X-Request-Id", "req-12345")
                .header("traceparent", traceparent).contentType("application/json")
                .body("{\"unitCode\":\"x\"}")
                .post("/api/residents/households")
                .then().statusCode(200).header("X-Request-Id", "req-12345");
        FakeUpstream.Seen seen = residents.lastSeen.get();
        assertEquals("POST", seen.method());
        assertEquals("{\"unitCode\":\"x\"}", seen.body());
        assertEquals("req-12345", seen.headers().get("x-request-id"));
        assertEquals(traceparent, seen.headers().get("traceparent"));
    }

    @Test
    void shouldPassUpstreamProblemThroughUnchanged() {
        String problem = "{\"type\":\"https://lifeline.example.org/problems/not-found\",\"status\":404,\"title\":\"x\"}";
        residents.answer.set(new FakeUpstream.Answer(404, "application/problem+json", problem, 0));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/households/42")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body(equalTo(problem));
    }

    @Test
    void shouldRefuseRolesTheRouteDoesNotAllow() {
        given().auth().oauth2(Tokens.ofClient("demo-merchant", "demo-merchant-secret"))
                .get("/api/residents/households")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/forbidden"));
        given().auth().oauth2(Tokens.of("resident1")).get("/api/residents/households/mine").then().statusCode(200);
    }

    @Test
    void shouldAnswer404ProblemForUnknownService() {
        given().auth().oauth2(Tokens.of("staff1")).header("Accept-Language", "en").get("/api/nothing/here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No service answers at /api/nothing/here."));
    }

    @Test
    void shouldAnswer503WhenUpstreamIsDownThenOpenBreakerAndHealWhenItIsBack() {
        String token = Tokens.of("staff1");
        flaky.stop();
        given().auth().oauth2(token).get("/api/flaky/anything")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/upstream-unavailable"));
        // after enough failures the breaker opens: refused without trying, with a Retry-After
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Response r = given().auth().oauth2(token).header("Accept-Language", "en").get("/api/flaky/anything");
            return r.statusCode() == 503 && r.header("Retry-After") != null && r.header("Retry-After").matches("[12]")
                    && r.asString().contains("given a moment to recover");
        });
        // another upstream is not affected
        given().auth().oauth2(token).get("/api/residents/households").then().statusCode(200);

        flaky.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(token).get("/api/flaky/anything").statusCode() == 200);
        assertNotNull(flaky.lastSeen.get());
    }

    @Test
    void shouldAnswer504WhenUpstreamIsSlowerThanItsTimeout() {
        slow.answer.set(new FakeUpstream.Answer(200, "application/json", "{}", 3000));
        long started = System.nanoTime();
        given().auth().oauth2(Tokens.of("staff1")).get("/api/slow/x")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/upstream-timeout"))
                .body("requestId", notNullValue());
        assertTrue(System.nanoTime() - started < Duration.ofMillis(2900).toNanos(),
                "answered at the route timeout, before the upstream");
        slow.answer.set(new FakeUpstream.Answer(200, "application/json", "{}", 0));
    }

    @Test
    void shouldCountUpstream5xxAsFailureButReturnIt() {
        residents.answer.set(new FakeUpstream.Answer(500, "application/problem+json", "{\"status\":500}", 0));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/residents/boom")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body(equalTo("{\"status\":500}"));
    }

    @Test
    void shouldAnswer413ProblemForBodyOverTheLimit() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        String token = Tokens.of("staff1");
        // declared size (Content-Length) over the limit: refused before the body is read
        given().auth().oauth2(token).header("Accept-Language", "en").contentType("application/json").body(big)
                .post("/api/residents/households")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/payload-too-large"))
                .body("detail", equalTo("The request body is larger than 2097152 bytes."))
                .body("requestId", notNullValue());
        // chunked body (no Content-Length) over the limit: stopped while it is read
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/residents/households"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains("payload-too-large"), answer.body());
        // nothing of either reached the upstream
        FakeUpstream.Seen seen = residents.lastSeen.get();
        assertTrue(seen == null || seen.body().length() < big.length, "the oversized body was not forwarded");
    }

    @Test
    void shouldServeHealthAndMetricsOnlyOnTheManagementPort() {
        given().get(health).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200);
        // the public port (the one the ingress routes to) has neither
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live"}) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }
}
