package org.lifeline.supplies.support;

import io.restassured.specification.RequestSpecification;
import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.Tokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Requests with real tokens from the real Keycloak. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "en");
    }

    /** A partner merchant's client credentials (secret: client id + "-secret"). */
    public static RequestSpecification merchant(String client) {
        return given().auth().oauth2(Tokens.ofClient(client, client + "-secret")).contentType("application/json")
                .header("Accept-Language", "en");
    }

    private static volatile boolean demoPartnersAnnounced;

    /**
     * Announces the demo partner clients as approved, as co-governance's demo loader does (a real
     * {@code PartnerStatusChanged} on Kafka, applied by supplies' own consumer), and waits until supplies answers them.
     */
    public static synchronized void demoPartnersKnown(String bootstrap) {
        if (!demoPartnersAnnounced) {
            PartnerEvents.announceDemoPartners(bootstrap);
            demoPartnersAnnounced = true;
        }
        for (String client : new String[] { "demo-merchant", "demo-merchant-2" }) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    merchant(client).get("/api/supplies/offers").then().statusCode(200));
        }
    }
}
