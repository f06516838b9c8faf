package org.lifeline.cogovernance.partner;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.cogovernance.support.Events;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A partner's whole life against the real Keycloak: apply, approval creates its client, a token for that client
 * calls the partner endpoint, the partner rotates its secret, suspension refuses its (still unexpired) token
 * and Keycloak gives it no new one.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "cogovernance"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PartnerTest {

    static final String STREET = "610113001";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @Test
    void shouldApproveAPartnerWhoseNewClientGetsATokenAndIsRefusedOnceSuspended() throws Exception {
        try (Events events = new Events(bootstrap)) {
            events.baseHierarchy();
        }
        String name = "鲜丰超市 " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> application = Map.of("name", name, "kind", "merchant", "contactName", "周经理",
                "contactPhone", "13611112222", "areaCodes", List.of(STREET));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("resident1").body(application).post("/api/cogovernance/partners").then().statusCode(201));
        String id = as("district1").get("/api/cogovernance/partners?status=applied&size=500").then().statusCode(200)
                .extract().jsonPath().getString("items.find { it.name == '" + name + "' }.id");
        assertNotNull(id);
        as("district1").get("/api/cogovernance/partners?status=applied&size=500").then()
                .body("items.find { it.id == '" + id + "' }.contactPhone", equalTo("136****2222"));
        as("district1").get("/api/cogovernance/partners/" + id).then().statusCode(200).body("contactPhone", equalTo("13611112222"));
        as("staff1").get("/api/cogovernance/partners/" + id).then().statusCode(403);

        as("staff1").body(Map.of("decision", "approved")).post("/api/cogovernance/partners/" + id + "/decision").then().statusCode(403);
        as("street1").body(Map.of("decision", "approved")).post("/api/cogovernance/partners/" + id + "/decision").then().statusCode(403);
        JsonPath approval = as("district1").body(Map.of("decision", "approved", "note", "business licence checked"))
                .post("/api/cogovernance/partners/" + id + "/decision").then().statusCode(200)
                .body("partner.status", equalTo("approved"))
                .body("credentials.clientId", startsWith("partner-merchant-"))
                .extract().jsonPath();
        as("district1").body(Map.of("decision", "approved")).post("/api/cogovernance/partners/" + id + "/decision").then().statusCode(409);
        String clientId = approval.getString("credentials.clientId");
        String secret = approval.getString("credentials.clientSecret");

        // a token for the new client from the real Keycloak: the merchant role and the partner's areas
        HttpResponse<String> issued = clientCredentials(clientId, secret);
        assertEquals(200, issued.statusCode(), issued.body());
        String token = JsonPath.from(issued.body()).getString("access_token");
        JsonPath claims = JsonPath.from(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals(List.of(STREET), claims.getList("areas"));
        given().auth().oauth2(token).get("/api/cogovernance/partners/me").then().statusCode(200)
                .body("name", equalTo(name)).body("clientId", equalTo(clientId)).body("areaCodes", equalTo(List.of(STREET)));
        given().auth().oauth2(token).get("/api/cogovernance/partners").then().statusCode(403);
        given().auth().oauth2(Tokens.ofClient("demo-merchant", "demo-merchant-secret")).get("/api/cogovernance/partners/me")
                .then().statusCode(403); // a realm-file demo client, not a registered partner

        // a compound it serves enters emergency: the partner is notified
        String compound = "610113001001-P" + UUID.randomUUID().toString().substring(0, 6);
        try (Events events = new Events(bootstrap)) {
            events.place(compound, "合作小区", "compound", "610113001001", "/6101/610113/610113001/610113001001/" + compound + "/");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as("staff1").body(Map.of("mode", "emergency", "reason", "封控")).put("/api/cogovernance/areas/" + compound + "/mode")
                        .then().statusCode(200).body("notified.partners", org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
        given().auth().oauth2(token).get("/api/cogovernance/partners/me/notifications").then().statusCode(200)
                .body("areaCode", org.hamcrest.Matchers.hasItem(compound));

        // the partner rotates its secret: the old one stops working
        String rotated = given().auth().oauth2(token).post("/api/cogovernance/partners/me/secret").then().statusCode(200)
                .extract().path("clientSecret");
        assertNotEquals(secret, rotated);
        assertEquals(401, clientCredentials(clientId, secret).statusCode());
        HttpResponse<String> fresh = clientCredentials(clientId, rotated);
        assertEquals(200, fresh.statusCode(), fresh.body());

        // suspended: the unexpired token is refused here, and Keycloak gives no new one
        as("staff1").body(Map.of("reason", "x")).post("/api/cogovernance/partners/" + id + "/suspension").then().statusCode(403);
        as("district1").body(Map.of("reason", "sold expired goods")).post("/api/cogovernance/partners/" + id + "/suspension")
                .then().statusCode(200).body("status", equalTo("suspended"));
        given().auth().oauth2(token).get("/api/cogovernance/partners/me").then().statusCode(403)
                .contentType("application/problem+json");
        assertNotEquals(200, clientCredentials(clientId, rotated).statusCode());

        // reinstated: tokens again
        as("admin1").body(Map.of("reason", "appeal accepted")).post("/api/cogovernance/partners/" + id + "/reinstatement")
                .then().statusCode(200).body("status", equalTo("approved"));
        HttpResponse<String> again = clientCredentials(clientId, rotated);
        assertEquals(200, again.statusCode(), again.body());
        given().auth().oauth2(JsonPath.from(again.body()).getString("access_token")).get("/api/cogovernance/partners/me")
                .then().statusCode(200);
    }

    @Test
    void shouldRefuseBadApplications() {
        as("resident1").body(Map.of("name", "x", "kind", "bank", "contactName", "y", "contactPhone", "123", "areaCodes", List.of()))
                .post("/api/cogovernance/partners").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of()).post("/api/cogovernance/partners").then().statusCode(401);
        as("district1").body(Map.of("decision", "approved")).post("/api/cogovernance/partners/" + UUID.randomUUID() + "/decision")
                .then().statusCode(404);
    }

    private HttpResponse<String> clientCredentials(String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json");
    }
}
