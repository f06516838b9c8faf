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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The household overview fan-out, the merged API document, CORS and security headers. */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "servers", value = "keycloak"),
        scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = FakeUpstreamsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OverviewAndDocsTest {

    FakeUpstream residents;
    FakeUpstream testing;
    FakeUpstream supplies;
    FakeUpstream medical;

    @BeforeEach
    void upstreams() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        residents = FakeUpstream.named("residents");
        testing = FakeUpstream.named("testing");
        supplies = FakeUpstream.named("supplies");
        medical = FakeUpstream.named("medical");
        residents.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"code\":\"H-1\"}", 0));
        testing.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"lastResult\":\"negative\"}", 0));
        supplies.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"items\":[]}", 0));
        // every test starts with the residents breaker closed (another test may have tripped it)
        String token = Tokens.of("staff1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(token).get("/api/residents/ping").statusCode() == 200);
    }

    @Test
    void shouldReturnPartsAndNameTheUnavailableOne() {
        medical.stop();
        try {
            given().auth().oauth2(Tokens.of("staff1")).get("/api/households/abc-123/overview")
                    .then().statusCode(200)
                    .body("householdId", equalTo("abc-123"))
                    .body("parts.residents.code", equalTo("H-1"))
                    .body("parts.testing.lastResult", equalTo("negative"))
                    .body("parts", not(hasKey("medical")))
                    .body("unavailable.part", hasItem("medical"))
                    .body("unavailable.find { it.part == 'medical' }.reason", equalTo("not reachable"));
            assertPath(residents, "/api/residents/households/abc-123");
            assertPath(testing, "/api/testing/households/abc-123");
        } finally {
            medical.start();
        }
    }

    @Test
    void shouldAnswerWithTheOwnersDenial() {
        residents.answer.set(new FakeUpstream.Answer(404, "application/problem+json", "{\"status\":404}", 0));
        given().auth().oauth2(Tokens.of("resident1")).get("/api/households/other/overview")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/api/households/other/overview").then().statusCode(401);
    }

    @Test
    void shouldFailClosedWhenTheOwnerCannotConfirmAndRefuseRolesTheOwnerRefuses() {
        residents.answer.set(new FakeUpstream.Answer(200, "application/json", "{}", 3_000));
        given().auth().oauth2(Tokens.of("staff1")).get("/api/households/slow-1/overview")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body(not(containsString("negative")));
        residents.answer.set(new FakeUpstream.Answer(200, "application/json", "{\"code\":\"H-1\"}", 0));
        given().auth().oauth2(Tokens.ofClient("demo-merchant", "demo-merchant-secret"))
                .get("/api/households/abc-123/overview")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.of("volunteer1")).get("/api/households/abc-123/overview")
                .then().statusCode(403);
    }

    @Test
    void shouldMergeTheServicesApiDocuments() {
        residents.answer.set(new FakeUpstream.Answer(200, "application/json", """
                {"openapi":"3.1.0","paths":{"/api/residents/households":{"get":{"responses":{"200":{"content":
                {"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}}}}},
                "components":{"schemas":{"Page":{"type":"object"}}}}""", 0));
        testing.answer.set(new FakeUpstream.Answer(200, "application/json", """
                {"openapi":"3.1.0","paths":{"/api/testing/slots":{"get":{"responses":{"200":{"description":"ok"}}}}},
                "components":{"schemas":{"Page":{"type":"array"}}}}""", 0));
        given().get("/api-docs/openapi.json")
                .then().statusCode(200)
                .body("info.title", equalTo("Lifeline API"))
                .body("paths", hasKey("/api/residents/households"))
                .body("paths", hasKey("/api/testing/slots"))
                .body("components.schemas.residents_Page.type", equalTo("object"))
                .body("components.schemas.testing_Page.type", equalTo("array"))
                .body("paths.'/api/residents/households'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/residents_Page"))
                .body("components.securitySchemes", hasKey("bearer"));
        given().get("/api-docs/").then().statusCode(200).body(containsString("swagger-ui"));
        given().get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js").then().statusCode(200);
    }

    @Test
    void shouldSendSecurityHeadersAndAllowOnlyThePortalOrigin() {
        given().get("/api/residents/x")
                .then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Strict-Transport-Security", nullValue());
        given().header("X-Forwarded-Proto", "https").get("/api/residents/x")
                .then().header("Strict-Transport-Security", containsString("max-age="));
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "GET")
                .options("/api/residents/households")
                .then().header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/residents/households")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldServeThePortalWithoutATokenWithItsOwnCspWhileTheApiStillNeedsOne() {
        given().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("/js/app.js"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self' " + realmOrigin()))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Frame-Options", "DENY");
        given().get("/i18n/zh-CN.json").then().statusCode(200).body("'auth.signIn'", equalTo("登录"));
        given().get("/portal-config.json")
                .then().statusCode(200)
                .body("clientId", equalTo("lifeline-portal"))
                .body("authUrl", equalTo(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.oidc.auth-server-url", String.class).replaceAll("/+$", "")));
        given().get("/api/residents/households").then().statusCode(401);
        given().get("/api/residents/x").then().header("Content-Security-Policy", startsWith("default-src 'none'; frame-ancestors"));
    }

    private static String realmOrigin() {
        java.net.URI uri = java.net.URI.create(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.oidc.auth-server-url", String.class));
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static void assertPath(FakeUpstream upstream, String path) {
        org.junit.jupiter.api.Assertions.assertEquals(path, upstream.lastSeen.get().path());
    }
}
