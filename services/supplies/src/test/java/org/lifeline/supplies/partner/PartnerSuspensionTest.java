package org.lifeline.supplies.partner;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lifeline.servers.KeycloakPartners;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.Tokens;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A merchant is answered only while co-governance says it is an approved partner: a real partner client in the real
 * Keycloak, its status from real {@code PartnerStatusChanged} events on Kafka, applied by supplies' own consumer.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "supplies"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class PartnerSuspensionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldRefuseASuspendedMerchantsUnexpiredTokenAsSoonAsTheEventArrives() {
        String suffix = Integer.toString(new Random().nextInt(1 << 30), 36);
        String client = "test-merchant-" + suffix;
        KeycloakPartners.create(client, client + "-secret", "merchant", List.of("610113001"));
        String token = Tokens.ofClient(client, client + "-secret");
        UUID partner = UUID.randomUUID();

        // not (yet) a partner co-governance knows: refused, though Keycloak gave it a merchant token
        merchant(token).get("/api/supplies/offers").then().statusCode(403)
                .contentType(containsString("application/problem+json"));

        PartnerEvents.publish(bootstrap, partner, client, "merchant", "测试商户", "approved", List.of("610113001"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                merchant(token).get("/api/supplies/offers").then().statusCode(200));
        merchant(token).get("/api/supplies/orders").then().statusCode(200);

        // suspended: the same token, still valid for Keycloak, is refused on offers and orders
        PartnerEvents.publish(bootstrap, partner, client, "merchant", "测试商户", "suspended", List.of("610113001"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                merchant(token).get("/api/supplies/offers").then().statusCode(403));
        merchant(token).header("Accept-Language", "zh-CN").get("/api/supplies/orders").then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("type", equalTo("https://lifeline.example.org/problems/forbidden"))
                .body("detail", containsString("已被暂停或未登记"));
        merchant(token).body(java.util.Map.of("itemCode", "vegetables", "priceCents", 100, "stock", 1,
                "areaCodes", List.of("610113001"))).post("/api/supplies/offers").then().statusCode(403);
    }

    @Test
    void shouldRefuseAUserAccountWithTheMerchantRole() {
        // merchant1 signs in with a password through lifeline-cli: not a partner's client
        given().auth().oauth2(Tokens.of("merchant1")).get("/api/supplies/offers").then().statusCode(403)
                .contentType(containsString("application/problem+json"));
    }

    private static RequestSpecification merchant(String token) {
        return given().auth().oauth2(token).contentType("application/json").header("Accept-Language", "zh-CN");
    }
}
