package org.lifeline.cogovernance.pass;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.cogovernance.model.PassVerifier;
import org.lifeline.cogovernance.model.PassVerifier.Verdict;
import org.lifeline.cogovernance.support.Events;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Passes end to end: staff issue a signed pass; a verifier that holds only what the service publishes without a
 * token (the JWKS and the revocation list) gives each case its verdict: valid, expired, revoked, tampered, wrong area.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "cogovernance"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PassTest {

    static final String COMMUNITY = "610113001001";
    static final String COMMUNITY_PATH = "/6101/610113/610113001/610113001001/";
    static final String OTHER = "610113001002";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void places() throws Exception {
        try (Events events = new Events(bootstrap)) {
            events.baseHierarchy();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").body(request(COMMUNITY, 1)).post("/api/cogovernance/passes").then().statusCode(201));
    }

    @Test
    void shouldGiveEachPassItsVerdictWithOnlyThePublishedKeyAndRevocationList() {
        String valid = issue(COMMUNITY);
        String revokedToken = issue(COMMUNITY);
        String revokedId = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder()
                .decode(revokedToken.split("\\.")[1]), StandardCharsets.UTF_8)).getString("jti");
        as("staff1").get("/api/cogovernance/passes").then().statusCode(200).body("items.id", hasItem(revokedId));
        as("staff1").body(Map.of("reason", "holder left the volunteer team"))
                .post("/api/cogovernance/passes/" + revokedId + "/revocation").then().statusCode(200)
                .body("revokedAt", org.hamcrest.Matchers.notNullValue());

        // what a guard's phone fetches: no token needed
        String jwks = given().get("/api/cogovernance/passes/jwks.json").then().statusCode(200)
                .body("keys[0].kty", equalTo("OKP")).body("keys[0].crv", equalTo("Ed25519"))
                .body("keys[0].d", org.hamcrest.Matchers.nullValue())
                .extract().asString();
        String revocations = given().get("/api/cogovernance/passes/revocations").then().statusCode(200)
                .body("revoked.passId", hasItem(revokedId)).extract().asString();
        PassVerifier verifier = PassVerifier.of(jwks, revocations);
        Instant now = Instant.now();

        assertEquals(Verdict.VALID, verifier.verify(valid, COMMUNITY, null, now).verdict());
        // a checkpoint at a compound gate inside the community, known by its path only
        assertEquals(Verdict.VALID, verifier.verify(valid, "610113001001-C9", COMMUNITY_PATH + "610113001001-C9/", now).verdict());
        assertEquals(Verdict.EXPIRED, verifier.verify(valid, COMMUNITY, null, now.plus(Duration.ofHours(3))).verdict());
        assertEquals(Verdict.NOT_YET_VALID, verifier.verify(valid, COMMUNITY, null, now.minus(Duration.ofHours(1))).verdict());
        assertEquals(Verdict.REVOKED, verifier.verify(revokedToken, COMMUNITY, null, now).verdict());
        assertEquals(Verdict.WRONG_AREA, verifier.verify(valid, OTHER, "/6101/610113/610113001/610113001002/", now).verdict());
        assertEquals(Verdict.TAMPERED, verifier.verify(widened(valid), OTHER, null, now).verdict());
        assertEquals(Verdict.TAMPERED, verifier.verify(valid.substring(0, valid.length() - 3) + "AAA", COMMUNITY, null, now).verdict());
        assertEquals(Verdict.MALFORMED, verifier.verify("not-a-pass", COMMUNITY, null, now).verdict());
        // a key that is not published (another issuer, or a forged key)
        PassVerifier stranger = PassVerifier.of("{\"keys\":[]}", null);
        assertEquals(Verdict.UNKNOWN_KEY, stranger.verify(valid, COMMUNITY, null, now).verdict());

        // the same through the service's verification endpoint
        as("volunteer1").body(Map.of("token", valid, "checkpointCode", COMMUNITY)).post("/api/cogovernance/passes/verification")
                .then().statusCode(200).body("verdict", equalTo("valid")).body("holderName", equalTo("王师傅"));
        as("volunteer1").body(Map.of("token", revokedToken, "checkpointCode", COMMUNITY)).post("/api/cogovernance/passes/verification")
                .then().statusCode(200).body("verdict", equalTo("revoked")).body("valid", equalTo(false));
        as("volunteer1").body(Map.of("token", valid, "checkpointCode", OTHER)).post("/api/cogovernance/passes/verification")
                .then().statusCode(200).body("verdict", equalTo("wrong-area"));
        as("volunteer1").body(Map.of("token", widened(valid), "checkpointCode", OTHER)).post("/api/cogovernance/passes/verification")
                .then().statusCode(200).body("verdict", equalTo("tampered"));
    }

    @Test
    void shouldRefuseIssuingOutsideYourAreasOrWithoutTheRole() {
        as("staff1").body(request(OTHER, 2)).post("/api/cogovernance/passes").then().statusCode(403)
                .contentType("application/problem+json");
        as("volunteer1").body(request(COMMUNITY, 2)).post("/api/cogovernance/passes").then().statusCode(403);
        given().contentType("application/json").body(request(COMMUNITY, 2)).post("/api/cogovernance/passes").then().statusCode(401);
        as("staff1").body(request("nowhere", 2)).post("/api/cogovernance/passes").then().statusCode(400)
                .body("errors.field", hasItem("areaCodes"));
        Map<String, Object> tooLong = new java.util.HashMap<>(request(COMMUNITY, 2));
        tooLong.put("validUntil", OffsetDateTime.now(ZoneOffset.UTC).plusDays(60).toString());
        as("staff1").body(tooLong).post("/api/cogovernance/passes").then().statusCode(400);
        // street1 covers both communities; staff2 cannot see staff1's pass
        String id = as("street1").body(request(COMMUNITY, 2)).post("/api/cogovernance/passes").then().statusCode(201)
                .extract().path("id");
        as("staff2").get("/api/cogovernance/passes/" + id).then().statusCode(404);
        as("staff1").get("/api/cogovernance/passes/" + id).then().statusCode(200).body("token", org.hamcrest.Matchers.nullValue());
    }

    /**
     * What a checkpoint phone refreshes is cacheable: a strong ETag that stays the same while the document does,
     * Cache-Control public with a max-age, and 304 without a body for a matching If-None-Match; a new revocation
     * gives the list a new ETag.
     */
    @Test
    void shouldServeTheKeyAndTheRevocationListCacheableWithStrongETagsAnd304() {
        for (String path : List.of("/api/cogovernance/passes/jwks.json", "/api/cogovernance/passes/revocations")) {
            String etag = given().get(path).then().statusCode(200)
                    .header("ETag", org.hamcrest.Matchers.matchesPattern("\"[A-Za-z0-9_-]+\""))
                    .header("Cache-Control", org.hamcrest.Matchers.matchesPattern("public, max-age=[1-9][0-9]*"))
                    .extract().header("ETag");
            // the same document, the same tag: not a timestamp that changes with every request
            given().get(path).then().statusCode(200).header("ETag", etag);
            given().header("If-None-Match", etag).get(path).then().statusCode(304)
                    .header("ETag", etag)
                    .header("Cache-Control", org.hamcrest.Matchers.startsWith("public, max-age="))
                    .body(equalTo(""));
            given().header("If-None-Match", "\"something-else\"").get(path).then().statusCode(200);
        }
        String before = given().get("/api/cogovernance/passes/revocations").then().extract().header("ETag");
        String token = issue(COMMUNITY);
        String id = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder()
                .decode(token.split("\\.")[1]), StandardCharsets.UTF_8)).getString("jti");
        as("staff1").body(Map.of("reason", "lost phone")).post("/api/cogovernance/passes/" + id + "/revocation")
                .then().statusCode(200);
        given().header("If-None-Match", before).get("/api/cogovernance/passes/revocations").then().statusCode(200)
                .header("ETag", org.hamcrest.Matchers.not(before))
                .body("revoked.passId", hasItem(id))
                .body("version", equalTo(given().get("/api/cogovernance/passes/revocations").then().extract()
                        .header("ETag").replace("\"", "")));
    }

    private String issue(String area) {
        return as("staff1").body(request(area, 2)).post("/api/cogovernance/passes").then().statusCode(201)
                .body("areaCodes", equalTo(List.of(area))).extract().path("token");
    }

    private static Map<String, Object> request(String area, int hours) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Map.of("holderName", "王师傅", "holderKind", "partner-staff", "holderRef", "demo-merchant/driver-7",
                "areaCodes", List.of(area), "validFrom", now.minusMinutes(1).toString(), "validUntil", now.plusHours(hours).toString());
    }

    /** The pass with its payload rewritten to add another community, signature kept: a forgery attempt. */
    private static String widened(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"areas\":[\"" + COMMUNITY + "\"]", "\"areas\":[\"" + COMMUNITY + "\",\"" + OTHER + "\"]");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json");
    }
}
