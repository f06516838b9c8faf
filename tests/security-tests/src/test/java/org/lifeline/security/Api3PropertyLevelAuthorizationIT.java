package org.lifeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.security.Fixtures.gw;
import static org.lifeline.security.Fixtures.token;
import static org.lifeline.security.SecurityStack.COMMUNITY_1;

/**
 * OWASP API3:2023 Broken Object Property Level Authorization. Mass assignment: a client that adds status, role,
 * owner or area fields to a request body either gets 400 or sees them ignored, never applied. Excessive data
 * exposure: answers carry no field the caller may not see (unmasked ID numbers and phones, delivery codes, secrets).
 */
class Api3PropertyLevelAuthorizationIT {

    static Fixtures f;

    @BeforeAll
    static void setUp() {
        f = Fixtures.get();
    }

    /** 400, or created with the server's own values. */
    private static JsonNode createdIgnoring(Http.Reply reply) {
        if (reply.status() == 400) {
            reply.assertProblem(400);
            return null;
        }
        assertEquals(201, reply.status(), reply::toString);
        return reply.json();
    }

    @Test
    void shouldNotLetAResidentSetTheStatusLevelOrSeverityOfAMedicalRequest() {
        Map<String, Object> body = new HashMap<>(Map.of("category", "chronic-medication", "description", "refill",
                "contact", Map.of("name", "张三", "phone", "13900002222"), "answers", Map.of("daysOfMedicationLeft", 10)));
        body.putAll(Map.of("status", "resolved", "severity", "critical", "level", "district", "levelCode", "610113",
                "householdId", f.household2, "infectionControl", true));
        Http.Reply reply = Http.send("POST", gw("/api/medical/requests"), token("resident1"), "application/json",
                Fixtures.json(body), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        if (reply.status() == 404 || reply.status() == 403) {
            return; // refusing a resident who names another household is as good as ignoring it
        }
        JsonNode created = createdIgnoring(reply);
        if (created != null) {
            JsonNode request = created.path("request");
            assertNotEquals(f.household2, request.path("householdId").asText(), "a resident raised for another household");
            assertEquals("raised", request.path("status").asText());
            assertEquals("standard", request.path("severity").asText(), "severity comes from triage");
            assertEquals("community", request.path("level").asText());
            assertFalse(request.path("infectionControl").asBoolean());
        }
    }

    @Test
    void shouldNotLetStaffPostATaskAlreadyClaimedOrDone() {
        Map<String, Object> body = new HashMap<>(Map.of("kind", "other", "title", "mass assignment", "detail", "x",
                "areaCode", COMMUNITY_1, "deadline", OffsetDateTime.now().plusDays(1).toString()));
        body.putAll(Map.of("status", "done", "claimedBy", "volunteer1", "hours", 24, "postedBy", "admin1"));
        JsonNode task = createdIgnoring(Http.json("POST", gw("/api/cogovernance/tasks"), token("staff1"), body));
        if (task != null) {
            assertEquals("open", task.path("status").asText());
            assertNotEquals("volunteer1", task.path("claimedBy").asText());
            assertNotEquals("admin1", task.path("postedBy").asText());
        }
    }

    @Test
    void shouldNotLetAnApplicantApproveItself() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "自批企业 " + UUID.randomUUID().toString().substring(0, 6),
                "kind", "merchant", "contactName", "李", "contactPhone", "13611113333", "areaCodes", List.of("610113001")));
        body.putAll(Map.of("status", "approved", "clientId", "demo-merchant", "role", "platform-admin"));
        JsonNode partner = createdIgnoring(Http.json("POST", gw("/api/cogovernance/partners"), token("merchant1"), body));
        if (partner != null) {
            assertEquals("applied", partner.path("status").asText());
            assertNotEquals("demo-merchant", partner.path("clientId").asText());
        }
    }

    @Test
    void shouldNotLetAVolunteerVetThemselves() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "志愿者一", "phone", "13912345678", "skills", List.of("driver"),
                "availability", "weekends", "homeAreaCode", COMMUNITY_1));
        body.putAll(Map.of("status", "vetted", "vettedBy", "staff1", "username", "admin1"));
        Http.Reply reply = Http.json("POST", gw("/api/cogovernance/volunteers"), token("volunteer1"), body);
        if (reply.status() == 409) { // registered by an earlier run: the record must still not be self-vetted
            reply.assertProblem(409);
            JsonNode me = Http.get(gw("/api/cogovernance/volunteers/me"), token("volunteer1")).json();
            assertNotEquals("vetted", me.path("status").asText(), me.toString());
            return;
        }
        JsonNode volunteer = createdIgnoring(reply);
        if (volunteer != null) {
            assertEquals("pending", volunteer.path("status").asText());
            assertEquals("volunteer1", volunteer.path("username").asText());
        }
    }

    @Test
    void shouldNotLetAMerchantPublishAnOfferAsAnotherMerchant() {
        Map<String, Object> body = new HashMap<>(Map.of("itemCode", "vegetables", "priceCents", 1500, "stock", 5,
                "areaCodes", List.of(COMMUNITY_1)));
        body.putAll(Map.of("merchant", "demo-merchant-2", "merchantClientId", "demo-merchant-2"));
        JsonNode offer = createdIgnoring(Http.json("POST", gw("/api/supplies/offers"), Fixtures.merchant(), body));
        if (offer != null) {
            assertFalse(offer.toString().contains("demo-merchant-2"), offer.toString());
            Http.get(gw("/api/supplies/offers"), Fixtures.merchant2()).json().path("items")
                    .forEach(o -> assertNotEquals(offer.path("id").asText(), o.path("id").asText(), "visible to the other merchant"));
        }
    }

    @Test
    void shouldMaskPersonalDataAndHideDeliveryCodes() {
        JsonNode household = Http.get(gw("/api/residents/households/" + f.household1), token("staff1")).json();
        household.path("persons").forEach(p -> {
            assertTrue(p.path("idNumber").asText().contains("*"), p.toString());
            assertTrue(p.path("phone").isNull() || p.path("phone").asText().isEmpty() || p.path("phone").asText().contains("*"), p.toString());
        });
        JsonNode list = Http.get(gw("/api/residents/households?size=20"), token("district1")).json();
        assertFalse(list.toString().matches("(?s).*\"\\d{17}[0-9X]\".*"), "an unmasked ID number in a list");
        // the order as the other side of the deal sees it: no delivery code, no placer
        JsonNode placer = Http.get(gw("/api/supplies/orders/" + f.order1), token("staff1")).json();
        assertTrue(placer.path("deliveryCode").asText().matches("\\d{6}"), placer.toString());
        JsonNode officer = Http.get(gw("/api/supplies/orders/" + f.order1), token("district1")).json();
        assertEquals(placer.path("id").asText(), officer.path("id").asText(), officer.toString());
        assertFalse(officer.path("deliveryCode").isTextual() && !officer.path("deliveryCode").asText().isEmpty(),
                "a staff member who did not place the order sees its delivery code: " + officer);
        // a masked medical request for the platform admin: no description, no answers
        JsonNode asAdmin = Http.get(gw("/api/medical/requests/" + f.request1), token("admin1")).json();
        assertTrue(asAdmin.path("details").path("masked").asBoolean(), asAdmin.toString());
        assertFalse(asAdmin.toString().contains("security test: fever"), asAdmin.toString());
        assertFalse(asAdmin.toString().contains("13900001111"), asAdmin.toString());
        // nothing anywhere says password or secret
        for (String path : List.of("/api/residents/households/mine", "/api/testing/me")) {
            String body = Http.get(gw(path), token("resident1")).body().toLowerCase();
            assertFalse(body.contains("password") || body.contains("secret"), body);
        }
    }
}
