package org.lifeline.security;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.security.Fixtures.gw;
import static org.lifeline.security.Fixtures.token;

/**
 * OWASP API4:2023 Unrestricted Resource Consumption: page sizes are capped (an oversized page is 400, not a
 * million rows), bodies over the limit are 413 before they reach a service, and a caller over the rate limit gets
 * 429 with {@code Retry-After} while another caller is unaffected.
 */
class Api4ResourceConsumptionIT {

    @BeforeAll
    static void start() {
        SecurityStack.get();
    }

    @Test
    void shouldCapPageSizes() {
        for (String path : List.of("/api/residents/households", "/api/residents/persons", "/api/supplies/orders",
                "/api/medical/requests", "/api/residents/care-list")) {
            Http.Reply huge = Http.get(gw(path + "?size=1000000"), token("district1"));
            huge.assertProblem(400);
            Http.Reply negative = Http.get(gw(path + "?size=-1&page=-5"), token("district1"));
            negative.assertProblem(400);
        }
        Http.Reply max = Http.get(gw("/api/residents/households?size=500"), token("district1"));
        Http.assertStatus(200, max);
        assertTrue(max.json().path("items").size() <= 500);
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWithProblem413() {
        byte[] threeMegabytes = ("{\"title\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/api/residents/households", "/api/testing/campaigns", "/api/supplies/orders",
                "/api/medical/requests", "/api/cogovernance/tasks")) {
            Http.postExpectingContinue(gw(path), token("staff1"), "application/json", threeMegabytes).assertProblem(413);
        }
        // straight at a service: residents' JSON limit (1 MiB) and testing's HTTP limit (2 MiB)
        byte[] oneAndAHalf = ("{\"unitCode\":\"" + "x".repeat(1536 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Http.postExpectingContinue(SecurityStack.service("residents") + "/api/residents/households", token("staff1"),
                "application/json", oneAndAHalf).assertProblem(413);
    }

    @Test
    void shouldLimitTheRateOfOneCallerWithoutTouchingAnother() {
        String url = SecurityStack.strictGateway() + "/api/supplies/catalogue";
        String street = token("street1");
        Http.Reply last = null;
        int admitted = 0;
        for (int i = 0; i < 12; i++) {
            last = Http.get(url, street);
            if (last.status() == 200) {
                admitted++;
                assertNotNull(last.header("RateLimit-Remaining"), last.toString());
            } else {
                break;
            }
        }
        assertTrue(admitted <= 5, "more than the limit admitted: " + admitted);
        last.assertProblem(429);
        assertNotNull(last.header("Retry-After"), last.toString());
        assertTrue(Integer.parseInt(last.header("Retry-After")) > 0);
        // another user has a bucket of their own
        assertEquals(200, Http.get(url, token("district1")).status());
    }
}
