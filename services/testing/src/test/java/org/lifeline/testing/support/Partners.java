package org.lifeline.testing.support;

import org.lifeline.servers.PartnerEvents;
import org.lifeline.servers.Tokens;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Partners for testing's tests, announced as co-governance announces them (real events, testing's own consumer). */
public final class Partners {

    private static volatile boolean demoAnnounced;

    private Partners() {
    }

    /** The demo labs ({@code demo-lab}, {@code demo-lab-2}) approved; waits until testing lets them through. */
    public static synchronized void demoLabsKnown(String bootstrap) {
        if (!demoAnnounced) {
            PartnerEvents.announceDemoPartners(bootstrap);
            demoAnnounced = true;
        }
        for (String lab : List.of("demo-lab", "demo-lab-2")) {
            awaitLabStatus(Tokens.ofClient(lab, lab + "-secret"), 400); // past the partner check: an empty batch is invalid
        }
    }

    /** Waits until an empty result batch from this lab token answers {@code status} (400: let through; 403: refused). */
    public static void awaitLabStatus(String token, int status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).contentType("application/json").body(Map.of("results", List.of()))
                        .post("/api/testing/results").then().statusCode(status));
    }
}
