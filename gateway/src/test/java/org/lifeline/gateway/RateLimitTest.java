package org.lifeline.gateway;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** Per-caller limits: 429 with Retry-After and RateLimit-* past the limit; other callers unaffected. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "servers", value = "keycloak"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = FakeUpstreamsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RateLimitTest {

    /** Health and metrics are on the management port only (application.properties). */
    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    @org.junit.jupiter.api.BeforeEach
    void logFailures() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        FakeUpstream.named("limited").answer.set(new FakeUpstream.Answer(200, "application/json", "{}", 0));
        FakeUpstream.named("supplies").answer.set(new FakeUpstream.Answer(200, "application/json", "{}", 0));
    }

    @Test
    void shouldLimitEachUserAndLeaveOthersAlone() {
        String staff1 = Tokens.of("district1");
        for (int i = 3; i >= 1; i--) {
            given().auth().oauth2(staff1).get("/api/limited/x")
                    .then().statusCode(200)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", Integer.toString(i - 1));
        }
        given().auth().oauth2(staff1).header("Accept-Language", "en").get("/api/limited/x")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lifeline.example.org/problems/rate-limited"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("RateLimit-Limit", "3")
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Reset", matchesPattern("[1-9][0-9]*"));
        // another user, and the same user on another rate class, are not affected
        given().auth().oauth2(Tokens.of("health1")).get("/api/limited/x").then().statusCode(200);
        given().auth().oauth2(staff1).get("/api/supplies/x").then().statusCode(200).header("RateLimit-Limit", "120");
        given().get(metrics).then().statusCode(200)
                .body(containsString("lifeline_gateway_ratelimit_rejected_total{caller=\"user\",route=\"limited\"}"));
    }

    @Test
    void shouldLimitPartnersPerClientWithTheirOwnLimit() {
        String partner = Tokens.ofClient("demo-merchant", "demo-merchant-secret");
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(partner).get("/api/limited/y").then().statusCode(200).header("RateLimit-Limit", "5");
        }
        given().auth().oauth2(partner).get("/api/limited/y").then().statusCode(429);
    }

    /**
     * Behind a trusted proxy (the ingress) each checkpoint phone is its own client, named by X-Forwarded-For:
     * one that exhausts its bucket on the public key does not stop another from fetching it.
     */
    @Test
    void shouldLimitAnonymousClientsBehindATrustedProxyEachByItsOwnAddress() {
        for (int i = 2; i >= 0; i--) {
            given().header("X-Forwarded-For", "203.0.113.7").get("/api/limited/public/keys.json")
                    .then().statusCode(200).header("RateLimit-Limit", "3").header("RateLimit-Remaining", Integer.toString(i));
        }
        given().header("X-Forwarded-For", "203.0.113.7").get("/api/limited/public/keys.json")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // another phone behind the same ingress (the ingress appends what it saw; a forged left part is not believed)
        given().header("X-Forwarded-For", "203.0.113.7, 203.0.113.8").get("/api/limited/public/keys.json")
                .then().statusCode(200).header("RateLimit-Remaining", "2");
        given().header("X-Forwarded-For", "203.0.113.9").get("/api/limited/public/keys.json").then().statusCode(200);
    }

    /** A caller that is not a trusted proxy cannot pick a fresh bucket by sending X-Forwarded-For. */
    @Test
    void shouldIgnoreForwardedForFromAnUntrustedPeer() throws java.io.IOException {
        int port = io.restassured.RestAssured.port;
        for (int i = 0; i < 3; i++) {
            RawHttp.Answer answer = RawHttp.exchangeFrom("127.0.0.2", port, RawHttp.head("GET", "/api/limited/public/keys.json",
                    "X-Forwarded-For: 198.51.100." + (i + 1), "Connection: close"));
            org.junit.jupiter.api.Assertions.assertEquals(200, answer.status(), answer.toString());
        }
        RawHttp.Answer refused = RawHttp.exchangeFrom("127.0.0.2", port, RawHttp.head("GET", "/api/limited/public/keys.json",
                "X-Forwarded-For: 198.51.100.99", "Connection: close"));
        org.junit.jupiter.api.Assertions.assertEquals(429, refused.status(), refused.toString());
    }
}
