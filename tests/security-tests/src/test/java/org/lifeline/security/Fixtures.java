package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.lifeline.servers.Tokens;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.lifeline.security.SecurityStack.COMMUNITY_1;

/**
 * Objects of one community (电子城社区, staff1's) that the tests try to reach from the other community (staff2,
 * resident2, grid2), from other roles and from partners: a household, a supply order, a medical request, a PCR tube
 * and a task. Made once per JVM through the gateway with staff1's real token, after the demo street's events reached
 * each service's read model.
 */
final class Fixtures {

    private static Fixtures instance;

    final String household1;
    final String household2;
    final String otherHousehold1;
    final String person1;
    final String order1;
    final String request1;
    final String campaign1;
    final String tube1;
    final String task1;

    static synchronized Fixtures get() {
        if (instance == null) {
            instance = new Fixtures();
        }
        return instance;
    }

    static String token(String user) {
        return Tokens.of(user);
    }

    static String merchant() {
        return Tokens.ofClient("demo-merchant", "demo-merchant-secret");
    }

    static String merchant2() {
        return Tokens.ofClient("demo-merchant-2", "demo-merchant-2-secret");
    }

    static String lab() {
        return Tokens.ofClient("demo-lab", "demo-lab-secret");
    }

    static String lab2() {
        return Tokens.ofClient("demo-lab-2", "demo-lab-2-secret");
    }

    static String gw(String path) {
        return SecurityStack.gateway() + path;
    }

    private Fixtures() {
        String staff1 = token("staff1");
        household1 = awaitOk(gw("/api/residents/households/mine"), "resident1").path("id").asText();
        household2 = awaitOk(gw("/api/residents/households/mine"), "resident2").path("id").asText();
        person1 = awaitOk(gw("/api/residents/households/" + household1), "resident1").path("persons").get(0).path("id").asText();
        // another household of community 1 for the orders (a household may order 3 times a day)
        Random random = new Random();
        JsonNode page = awaitOk(gw("/api/residents/households?place=" + COMMUNITY_1 + "-02&size=200&page=0"), "staff1");
        otherHousehold1 = page.path("items").get(random.nextInt(page.path("items").size())).path("id").asText();
        // the read models of the other services follow residents' events
        awaitOk(gw("/api/testing/households/" + household1), "staff1");
        awaitOk(gw("/api/supplies/households/" + otherHousehold1), "staff1");
        awaitOk(gw("/api/medical/households/" + household1 + "/requests"), "staff1");

        Http.Reply stock = Http.json("POST", gw("/api/supplies/stock"), staff1,
                Map.of("areaCode", COMMUNITY_1, "itemCode", "rice-flour-oil", "quantity", 50));
        if (stock.status() != 200 && stock.status() != 201) {
            throw new AssertionError(stock.toString());
        }
        order1 = created(Http.send("POST", gw("/api/supplies/orders"), staff1, "application/json",
                json(Map.of("householdId", otherHousehold1, "quantity", 1, "itemCode", "rice-flour-oil")),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()))).path("id").asText();
        request1 = created(Http.json("POST", gw("/api/medical/requests"), staff1, Map.of("category", "other",
                "description", "security test: fever", "contact", Map.of("name", "王五", "phone", "13900001111"),
                "householdId", household1))).path("request").path("id").asText();
        campaign1 = created(Http.json("POST", gw("/api/testing/campaigns"), staff1, Map.of("areaCode", COMMUNITY_1,
                "title", "security round", "testDate", LocalDate.now().plusDays(1).toString()))).path("id").asText();
        tube1 = "SEC" + Long.toString(Math.abs(random.nextLong()), 36).toUpperCase();
        created(Http.json("POST", gw("/api/testing/campaigns/" + campaign1 + "/tubes"), staff1,
                Map.of("barcode", tube1, "kind", "single", "site", "gate")));
        task1 = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                Http.json("POST", gw("/api/cogovernance/tasks"), staff1, Map.of("kind", "other", "title", "security task",
                        "detail", "carry water", "areaCode", COMMUNITY_1, "deadline", OffsetDateTime.now().plusDays(1).toString())),
                r -> r.status() == 201).json().path("id").asText();
    }

    static JsonNode awaitOk(String url, String user) {
        return await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(url, token(user)), r -> r.status() == 200).json();
    }

    /** Until the service knows the household (its read model follows residents' events): the created object. */
    static JsonNode awaitCreated(java.util.concurrent.Callable<Http.Reply> call) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(call,
                r -> r.status() == 201).json();
    }

    static JsonNode created(Http.Reply reply) {
        Http.assertStatus(201, reply);
        return reply.json();
    }

    static byte[] json(Object body) {
        try {
            return Http.JSON.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }
}
