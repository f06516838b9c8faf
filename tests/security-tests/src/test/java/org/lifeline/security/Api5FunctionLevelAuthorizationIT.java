package org.lifeline.security;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.lifeline.security.Fixtures.gw;
import static org.lifeline.security.Fixtures.token;
import static org.lifeline.security.SecurityStack.COMMUNITY_1;

/**
 * OWASP API5:2023 Broken Function Level Authorization. A resident calling staff endpoints, a merchant calling lab
 * endpoints, a lab calling merchant endpoints, a volunteer calling officers' endpoints: 403 problem+json, at the
 * gateway where its route refuses the role, and at the service itself (called directly) where the route lets the
 * role through. Every call names an object that exists and a body that is valid, so only the role is wrong.
 */
class Api5FunctionLevelAuthorizationIT {

    static Fixtures f;

    @BeforeAll
    static void setUp() {
        f = Fixtures.get();
    }

    private record Call(String method, String path, Object body) {
    }

    private static void assertForbidden(Supplier<String> who, List<Call> calls) {
        String token = who.get();
        for (Call call : calls) {
            for (String base : List.of(SecurityStack.gateway(), serviceOf(call.path()))) {
                Http.Reply reply = call.body() == null ? Http.send(call.method(), base + call.path(), token, null, null, Map.of())
                        : Http.json(call.method(), base + call.path(), token, call.body());
                reply.assertProblem(403);
            }
        }
    }

    private static String serviceOf(String path) {
        return SecurityStack.service(path.split("/")[2]);
    }

    @Test
    void shouldRefuseAResidentOnStaffEndpoints() {
        assertForbidden(() -> token("resident1"), List.of(
                new Call("GET", "/api/residents/households?size=5", null),
                new Call("PUT", "/api/residents/households/" + f.household1 + "/status", Map.of("status", "normal", "reason", "I say so")),
                new Call("GET", "/api/residents/persons?q=王", null),
                new Call("GET", "/api/residents/audit/personal-data", null),
                new Call("POST", "/api/testing/campaigns", Map.of("areaCode", COMMUNITY_1, "title", "mine",
                        "testDate", LocalDate.now().toString())),
                new Call("POST", "/api/supplies/stock", Map.of("areaCode", COMMUNITY_1, "itemCode", "vegetables", "quantity", 1)),
                new Call("POST", "/api/supplies/allocation-runs", Map.of("areaCode", COMMUNITY_1, "itemCode", "vegetables")),
                new Call("POST", "/api/medical/hospitals", Map.of("name", "x", "areaCode", COMMUNITY_1,
                        "departments", List.of(Map.of("kind", "general", "capacity", 1)))),
                new Call("POST", "/api/medical/requests/" + f.request1 + "/acknowledge", null),
                new Call("GET", "/api/cogovernance/partners", null),
                new Call("PUT", "/api/cogovernance/areas/" + COMMUNITY_1 + "/mode", Map.of("mode", "emergency", "reason", "x")),
                new Call("POST", "/api/cogovernance/passes", Map.of("holderName", "me", "holderKind", "staff", "holderRef", "me",
                        "areaCodes", List.of(COMMUNITY_1), "validFrom", OffsetDateTime.now().toString(),
                        "validUntil", OffsetDateTime.now().plusDays(1).toString()))));
    }

    @Test
    void shouldRefuseAMerchantOnLabAndStaffEndpoints() {
        assertForbidden(Fixtures::merchant, List.of(
                new Call("POST", "/api/testing/results", Map.of("results", List.of(Map.of("barcode", f.tube1, "result", "negative")))),
                new Call("GET", "/api/testing/tubes/" + f.tube1, null),
                new Call("GET", "/api/residents/households/" + f.household1, null),
                new Call("GET", "/api/medical/requests/" + f.request1, null),
                new Call("POST", "/api/supplies/stock", Map.of("areaCode", COMMUNITY_1, "itemCode", "vegetables", "quantity", 1)),
                new Call("POST", "/api/cogovernance/partners/" + java.util.UUID.randomUUID() + "/decision",
                        Map.of("decision", "approved", "note", "self"))));
    }

    @Test
    void shouldRefuseALabOnMerchantEndpoints() {
        assertForbidden(Fixtures::lab, List.of(
                new Call("POST", "/api/supplies/offers", Map.of("itemCode", "vegetables", "priceCents", 100, "stock", 1,
                        "areaCodes", List.of(COMMUNITY_1))),
                new Call("GET", "/api/supplies/orders/" + f.order1, null),
                new Call("POST", "/api/testing/campaigns", Map.of("areaCode", COMMUNITY_1, "title", "lab",
                        "testDate", LocalDate.now().toString()))));
    }

    @Test
    void shouldRefuseAVolunteerAndAGridWorkerOnOfficersEndpoints() {
        assertForbidden(() -> token("volunteer1"), List.of(
                new Call("PUT", "/api/cogovernance/areas/" + COMMUNITY_1 + "/mode", Map.of("mode", "emergency", "reason", "x")),
                new Call("POST", "/api/cogovernance/tasks", Map.of("kind", "other", "title", "t", "detail", "d",
                        "areaCode", COMMUNITY_1, "deadline", OffsetDateTime.now().plusDays(1).toString())),
                new Call("GET", "/api/cogovernance/tasks/hours", null),
                new Call("POST", "/api/supplies/stock", Map.of("areaCode", COMMUNITY_1, "itemCode", "vegetables", "quantity", 1))));
        assertForbidden(() -> token("grid1"), List.of(
                new Call("PUT", "/api/residents/households/" + f.household1 + "/status", Map.of("status", "sealed", "reason", "x")),
                new Call("GET", "/api/cogovernance/partners", null),
                new Call("POST", "/api/cogovernance/volunteers/" + java.util.UUID.randomUUID() + "/vetting",
                        Map.of("decision", "vetted", "note", "x"))));
    }

    @Test
    void shouldNotLetThePlatformAdminSeeUnmaskedPersonalData() {
        Http.get(gw("/api/residents/persons/" + f.person1 + "?reveal=idNumber,phone&purpose=curious"), token("admin1"))
                .assertProblem(403);
    }
}
