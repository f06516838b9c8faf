package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.security.Fixtures.gw;
import static org.lifeline.security.Fixtures.token;

/**
 * OWASP API6 (sensitive business flows), API7 (SSRF), API8 (security misconfiguration), API9 (improper inventory
 * management) and API10 (unsafe consumption of APIs: partner payloads).
 */
class Api6To10IT {

    static Fixtures f;

    @BeforeAll
    static void setUp() {
        f = Fixtures.get();
    }

    // ---- API6: sensitive business flows --------------------------------------------------------------------

    @Test
    void api6ShouldCapOrdersPerHouseholdAndDay() {
        String staff1 = token("staff1");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Http.Reply reply = Http.send("POST", gw("/api/supplies/orders"), staff1, "application/json",
                    Fixtures.json(Map.of("householdId", f.otherHousehold1, "quantity", 1, "itemCode", "vegetables")),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            statuses.add(reply.status());
            if (reply.status() == 409) {
                reply.assertProblem(409);
            }
        }
        // the fixture's order counts too: at most 2 more of these 5 went through
        assertTrue(statuses.stream().filter(s -> s == 201).count() <= 2, statuses.toString());
        assertEquals(409, statuses.get(4), statuses.toString());
    }

    @Test
    void api6ShouldStopGuessingDeliveryCodes() {
        String staff1 = token("staff1");
        // a fresh order of a random household of community 1, carried to the door by staff
        JsonNode page = Http.get(gw("/api/residents/households?place=" + SecurityStack.COMMUNITY_1 + "-03&size=200"), staff1).json();
        String household = page.path("items").get(new java.util.Random().nextInt(page.path("items").size())).path("id").asText();
        String order = Fixtures.awaitCreated(() -> Http.send("POST", gw("/api/supplies/orders"), staff1, "application/json",
                Fixtures.json(Map.of("householdId", household, "quantity", 1, "itemCode", "rice-flour-oil")),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()))).path("id").asText();
        Http.assertStatus(200, Http.json("POST", gw("/api/supplies/orders/" + order + "/handovers"), staff1, Map.of("stage", "gate")));
        Http.assertStatus(200, Http.json("POST", gw("/api/supplies/orders/" + order + "/handovers"), staff1, Map.of("stage", "pickup")));
        String code = Http.get(gw("/api/supplies/orders/" + order), staff1).json().path("deliveryCode").asText();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            Http.json("POST", gw("/api/supplies/orders/" + order + "/delivery"), staff1, Map.of("code", wrong)).assertProblem(422);
        }
        // the sixth try is refused even with the right code: guessing a 6-digit code is capped at 5 tries
        Http.json("POST", gw("/api/supplies/orders/" + order + "/delivery"), staff1, Map.of("code", code)).assertProblem(409);
        Http.assertStatus(200, Http.json("POST", gw("/api/supplies/orders/" + order + "/delivery"), staff1,
                Map.of("reason", "handed over in person, code entered wrong")));
    }

    // ---- API7: SSRF ---------------------------------------------------------------------------------------

    @Test
    void api7ShouldNeverCallAWebhookOutsideTheAllowList() {
        String staff1 = token("staff1");
        String request = Fixtures.created(Http.json("POST", gw("/api/medical/requests"), staff1, Map.of("category", "other",
                "description", "ssrf probe", "contact", Map.of("name", "赵六", "phone", "13900003333"),
                "householdId", f.household1))).path("request").path("id").asText();
        Http.assertStatus(200, Http.json("POST", gw("/api/medical/requests/" + request + "/whistle"), staff1,
                Map.of("reason", "ssrf probe")));
        // the whistle's notification goes to the street: read them all as the district officer
        JsonNode notifications = Http.get(gw("/api/medical/notifications?requestId=" + request), token("district1")).json();
        JsonNode items = notifications.isArray() ? notifications : notifications.path("items");
        assertTrue(items.size() >= 2, notifications.toString());
        items.forEach(n -> assertEquals("none", n.path("webhookStatus").asText(), n.toString()));
        assertEquals(0, SecurityStack.internalHits(), "medical called the internal address");
    }

    @Test
    void api7ShouldAcceptNoUrlThatAServerWouldFetch() {
        JsonNode doc = Http.get(gw("/api-docs/openapi.json"), null).json();
        Set<String> urlFields = new LinkedHashSet<>();
        collectUrlProperties(doc.path("components").path("schemas"), "", urlFields);
        // request bodies only: the schemas used as request bodies are the *Request / *Application records
        urlFields.removeIf(f -> !f.matches("(?i).*(request|application|command|input|new|body)[^.]*\\..*"));
        assertTrue(urlFields.isEmpty(), "request fields that look like URLs (SSRF candidates): " + urlFields);
    }

    private static void collectUrlProperties(JsonNode node, String path, Set<String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String here = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getValue().isObject()) {
                String name = field.getKey().toLowerCase();
                if ((name.endsWith("url") || name.endsWith("uri") || name.contains("webhook") || name.contains("callback"))
                        && path.endsWith("properties")) {
                    out.add(here);
                }
                collectUrlProperties(field.getValue(), here, out);
            }
        }
    }

    // ---- API8: security misconfiguration -----------------------------------------------------------------

    @Test
    void api8ShouldSendSecurityHeadersOnEveryKindOfAnswer() {
        List<Http.Reply> replies = List.of(
                Http.get(gw("/api/residents/households/mine"), token("resident1")),
                Http.get(gw("/api/residents/households/mine"), null),
                Http.get(gw("/api/nothing-here"), token("staff1")),
                Http.get(gw("/api/supplies/catalogue"), token("resident1")),
                Http.get(gw("/api-docs/openapi.json"), null));
        for (Http.Reply reply : replies) {
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.toString());
            assertEquals("DENY", reply.header("X-Frame-Options"), reply.toString());
            assertEquals("no-referrer", reply.header("Referrer-Policy"), reply.toString());
            assertTrue(reply.header("Content-Security-Policy") != null, reply.toString());
            assertNull(reply.header("X-Powered-By"), reply.toString());
        }
    }

    @Test
    void api8ShouldExposeNoDebugOrInternalEndpointsThroughTheGateway() {
        for (String path : List.of("/q/dev", "/q/dev-ui", "/q/dev-ui/extensions", "/q/swagger-ui", "/q/openapi",
                "/q/arc", "/q/info", "/q/env", "/api/residents/q/openapi", "/api/residents/q/health",
                "/api/medical/q/metrics", "/api/supplies/../../q/dev", "/api/residents/%2e%2e/%2e%2e/q/openapi",
                "/api/cogovernance/q/dev-ui", "/api/testing/q/arc/beans")) {
            Http.Reply reply = Http.get(gw(path), token("admin1"));
            assertTrue(reply.status() == 404 || reply.status() == 403 || reply.status() == 400, reply.toString());
            reply.assertNoStackTrace();
        }
        Http.Reply trace = Http.send("TRACE", gw("/api/residents/households"), token("staff1"), null, null, Map.of());
        assertNotEquals(200, trace.status(), trace.toString());
        assertFalse(trace.body().contains("Bearer"), "TRACE echoed the token");
    }

    @Test
    void api8ShouldNotServeMetricsOnThePublicPort() {
        // health and metrics are on the gateway's management port, which the ingress does not route to
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started")) {
            Http.Reply reply = Http.get(gw(path), null);
            assertEquals(404, reply.status(), reply.toString());
            reply.assertNoStackTrace();
        }
        // ...where Prometheus and the probes still find them
        Http.Reply metrics = Http.get(SecurityStack.gatewayManagement() + "/q/metrics", null);
        assertEquals(200, metrics.status(), metrics.toString());
        assertTrue(metrics.body().contains("lifeline_gateway_requests_seconds"), "the gateway's own metrics are there");
        assertEquals(200, Http.get(SecurityStack.gatewayManagement() + "/q/health/ready", null).status());
    }

    @Test
    void api8ShouldAllowCorsOnlyForThePortalsOrigin() {
        Http.Reply evil = Http.send("OPTIONS", gw("/api/residents/households"), null, null, null, Map.of(
                "Origin", "https://evil.example.org", "Access-Control-Request-Method", "GET"));
        assertNotEquals("https://evil.example.org", evil.header("Access-Control-Allow-Origin"), evil.toString());
        assertNotEquals("*", evil.header("Access-Control-Allow-Origin"), evil.toString());
    }

    @Test
    void api8ShouldNeverAnswerWithAStackTrace() {
        List<Http.Reply> replies = List.of(
                Http.send("POST", gw("/api/residents/households"), token("staff1"), "application/json",
                        "{\"unitCode\":".getBytes(StandardCharsets.UTF_8), Map.of()),
                Http.send("POST", gw("/api/medical/requests"), token("resident1"), "application/json",
                        "[1,2,3]".getBytes(StandardCharsets.UTF_8), Map.of()),
                Http.send("POST", gw("/api/supplies/orders"), token("resident1"), "application/xml",
                        "<order/>".getBytes(StandardCharsets.UTF_8), Map.of()),
                Http.get(gw("/api/testing/campaigns/not-a-uuid"), token("staff1")),
                Http.get(gw("/api/cogovernance/tasks?status=%ff%fe"), token("staff1")));
        for (Http.Reply reply : replies) {
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
            reply.assertProblem(reply.status());
        }
    }

    // ---- API9: inventory ------------------------------------------------------------------------------------

    @Test
    void api9ShouldDocumentEveryServiceAndEveryRoute() {
        JsonNode doc = Http.get(gw("/api-docs/openapi.json"), null).json();
        assertEquals(0, doc.path("x-lifeline-unavailable").size(), doc.path("x-lifeline-unavailable").toString());
        Set<String> documented = new LinkedHashSet<>();
        doc.path("paths").fieldNames().forEachRemaining(documented::add);
        for (String service : List.of("residents", "testing", "supplies", "medical", "cogovernance", "hotline")) {
            // each service's own document is entirely in the merged one
            JsonNode own = Http.get(SecurityStack.service(service) + "/q/openapi?format=json", null).json();
            own.path("paths").fieldNames().forEachRemaining(p -> assertTrue(documented.contains(p), service + " " + p + " is missing"));
            assertTrue(documented.stream().anyMatch(p -> p.startsWith("/api/" + service + "/")), service);
        }
        // the gateway's own API route is documented too
        assertTrue(documented.contains("/api/households/{id}/overview"), documented.toString());
        // and nothing in the document points outside the gateway's routes
        documented.forEach(p -> assertTrue(p.matches("/api/(residents|testing|supplies|medical|cogovernance|hotline)(/.*)?|/api/households/\\{id\\}/overview"), p));
    }

    @Test
    void api9ShouldRouteNoUndocumentedPrefix() {
        for (String path : List.of("/api/admin", "/api/v0/residents/households", "/api/internal/outbox", "/api/residents2/x",
                "/api/keycloak/realms/master")) {
            Http.get(gw(path), token("admin1")).assertProblem(404);
        }
    }

    // ---- API10: unsafe consumption of partner payloads ------------------------------------------------------

    @Test
    void api10ShouldRefuseHostileLabResultBatchesCleanly() {
        String lab = Fixtures.lab();
        List<byte[]> csvs = List.of(
                ("barcode,result\n" + f.tube1 + ",=cmd|'/c calc'!A1\n").getBytes(StandardCharsets.UTF_8),
                ("barcode,result\n" + "'; DROP TABLE tube; --,positive\n").getBytes(StandardCharsets.UTF_8),
                ("barcode,result\n" + "X".repeat(100_000) + ",negative\n").getBytes(StandardCharsets.UTF_8),
                new byte[] {'b', 'a', 'r', 'c', 'o', 'd', 'e', ',', 'r', 'e', 's', 'u', 'l', 't', '\n', (byte) 0xff, (byte) 0xfe, ',', 'x', '\n'},
                "no,header,here\n1,2,3\n".getBytes(StandardCharsets.UTF_8),
                new byte[0]);
        for (byte[] csv : csvs) {
            Http.Reply reply = Http.send("POST", gw("/api/testing/results"), lab, "text/csv; charset=UTF-8", csv, Map.of());
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
            reply.assertProblem(reply.status());
        }
        List<Object> jsons = List.of(
                Map.of("results", List.of(Map.of("barcode", f.tube1, "result", "maybe"))),
                Map.of("results", List.of(Map.of("barcode", Map.of("$ne", ""), "result", "positive"))),
                Map.of("results", "all"),
                Map.of("results", List.of(Map.of("barcode", f.tube1, "result", "positive", "correction", "yes please"))));
        for (Object json : jsons) {
            Http.Reply reply = Http.json("POST", gw("/api/testing/results"), lab, json);
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
            reply.assertProblem(reply.status());
        }
        // nothing of that was recorded: the tube has no result
        JsonNode tube = Http.get(gw("/api/testing/tubes/" + f.tube1), token("staff1")).json();
        assertFalse(tube.toString().contains("positive"), tube.toString());
    }

    @Test
    void api10ShouldRefuseHostileMerchantOffersCleanly() {
        String merchant = Fixtures.merchant();
        List<Map<String, Object>> offers = List.of(
                Map.of("itemCode", "vegetables", "priceCents", -100, "stock", 5, "areaCodes", List.of("610113001001")),
                Map.of("itemCode", "vegetables", "priceCents", 100, "stock", Long.MAX_VALUE, "areaCodes", List.of("610113001001")),
                Map.of("itemCode", "<script>alert(1)</script>", "priceCents", 100, "stock", 5, "areaCodes", List.of("610113001001")),
                Map.of("itemCode", "vegetables", "priceCents", 100, "stock", 5, "areaCodes", List.of("' OR 1=1 --")),
                Map.of("itemCode", "vegetables", "priceCents", 1e308, "stock", 5, "areaCodes", List.of("610113001001")));
        for (Map<String, Object> offer : offers) {
            Http.Reply reply = Http.json("POST", gw("/api/supplies/offers"), merchant, offer);
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.toString());
            reply.assertProblem(reply.status());
        }
    }
}
