package org.lifeline.gateway;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The hotline's route (application.properties): its roles, its own rate class, the household overview's
 * {@code hotline} part, and the signed webhook, the one path that takes a POST without a token.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "servers", value = "keycloak"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = FakeUpstreamsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HotlineRouteTest {

    static final String WEBHOOK = "/api/hotline/webhooks/messages";

    FakeUpstream hotline;
    FakeUpstream residents;

    @BeforeEach
    void upstreams() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        hotline = FakeUpstream.named("hotline");
        residents = FakeUpstream.named("residents");
        hotline.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"ok\":true}", 0));
        residents.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"code\":\"H-1\"}", 0));
        for (String other : new String[] { "testing", "supplies", "medical" }) {
            FakeUpstream.named(other).answer.set(new FakeUpstream.Answer(200, "application/json", "{\"ok\":true}", 0));
        }
        // another test may have tripped a breaker
        String token = Tokens.of("staff1");
        for (String route : new String[] { "residents", "testing", "supplies", "medical" }) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().auth().oauth2(token).get("/api/" + route + "/ping").statusCode() == 200);
        }
    }

    @Test
    void shouldPassASignedWebhookWithoutATokenWithItsSignatureHeadersAndBodyUnchanged() {
        hotline.answer.set(new FakeUpstream.Answer(202, "application/json", "{\"accepted\":true}", 0));
        String body = "{\"messageId\":\"m-1\",\"channel\":\"sms\",\"from\":\"+86 139 1234 5678\",\"text\":\"家里没菜了\"}";
        given().contentType("application/json; charset=utf-8")
                .header("X-Lifeline-Signature", "sha256=00ff")
                .header("X-Lifeline-Timestamp", "1764800000")
                .body(body)
                .post(WEBHOOK)
                .then().statusCode(202)
                .body("accepted", equalTo(true))
                // the hotline class's anonymous limit, per client address
                .header("RateLimit-Limit", "6000");
        FakeUpstream.Seen seen = hotline.lastSeen.get();
        assertEquals("POST", seen.method());
        assertEquals(WEBHOOK, seen.path());
        assertEquals(body, seen.body());
        assertEquals("sha256=00ff", seen.headers().get("x-lifeline-signature"));
        assertEquals("1764800000", seen.headers().get("x-lifeline-timestamp"));
        assertFalse(seen.headers().containsKey("authorization"), seen.headers().toString());
    }

    @Test
    void shouldNeedATokenForEveryOtherHotlinePathAndMethod() {
        int before = hotline.requests.get();
        given().get(WEBHOOK).then().statusCode(401);
        given().contentType("application/json").body("{}").post("/api/hotline/contacts").then().statusCode(401);
        given().contentType("application/json").body("{}").post(WEBHOOK + "/other").then().statusCode(401);
        given().get("/api/hotline/tickets").then().statusCode(401);
        assertEquals(before, hotline.requests.get(), "nothing without a token reached the hotline");
    }

    @Test
    void shouldLetTheHotlinesRolesThroughUnderItsOwnRateClass() {
        given().auth().oauth2(Tokens.of("operator1")).get("/api/hotline/tickets")
                .then().statusCode(200).header("RateLimit-Limit", "300");
        given().auth().oauth2(Tokens.of("resident1")).get("/api/hotline/my/tickets").then().statusCode(200);
        given().auth().oauth2(Tokens.of("volunteer1")).get("/api/hotline/tickets").then().statusCode(403);
        given().auth().oauth2(Tokens.ofClient("demo-merchant", "demo-merchant-secret")).get("/api/hotline/tickets")
                .then().statusCode(403);
        // the operator's one screen reads through the other services' routes too (each service decides again)
        for (String path : new String[] { "/api/residents/x", "/api/testing/x", "/api/supplies/x", "/api/medical/x" }) {
            given().auth().oauth2(Tokens.of("operator1")).get(path).then().statusCode(200);
        }
    }

    @Test
    void shouldShowTheHouseholdsTicketsInTheOverview() {
        hotline.answer.set(new FakeUpstream.Answer(200, "application/json", "[{\"category\":\"supplies\",\"text\":\"***\"}]", 0));
        given().auth().oauth2(Tokens.of("operator1")).get("/api/households/abc-123/overview")
                .then().statusCode(200)
                .body("parts.hotline[0].category", equalTo("supplies"));
        assertEquals("/api/hotline/households/abc-123/tickets", hotline.lastSeen.get().path());
    }
}
