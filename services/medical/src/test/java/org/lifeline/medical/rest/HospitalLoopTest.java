package org.lifeline.medical.rest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lifeline.medical.support.Fixtures;
import org.lifeline.servers.LifelineServersResource;
import org.lifeline.servers.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifeline.medical.support.Fixtures.as;

/**
 * Hospitals in the loop (issue 21), against the real servers with the realm's hospital staff (hospital1 of
 * H-610113-01, hospital2 of H-610113-02): the night from the source (a woman in labour refused for "no PCR result",
 * recorded as a violation, reassigned in the same transaction, the district's health officer told, admitted by the
 * second hospital, every step on her timeline); a second refusal escalates; a patient left at the door escalates to
 * the district and the city; another hospital's staff see nothing.
 */
@QuarkusTest
@WithTestResource(value = LifelineServersResource.class, initArgs = @ResourceArg(name = "database", value = "medical"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HospitalLoopTest {

    static final String FIRST = "H-610113-01";
    static final String SECOND = "H-610113-02";
    static final String COMMUNITY = "610113001001";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    String firstMaternity;
    String secondMaternity;

    @BeforeEach
    void hospitals() throws Exception {
        Fixtures.demoHouseholds(bootstrap);
        firstMaternity = maternity(FIRST, "雁塔区第一人民医院");
        secondMaternity = maternity(SECOND, "雁塔区妇幼保健院");
        // the community's order: the first hospital, then the second (other tests' hospitals come after them)
        as("health1").body(Map.of("hospitalIds", List.of(hospitalId(FIRST), hospitalId(SECOND))))
                .put("/api/medical/hospitals/preferences/" + COMMUNITY).then().statusCode(200)
                .body("hospitalIds.size()", equalTo(2));
    }

    @Test
    void shouldReassignAWomanInLabourRefusedForNoPcrResultRecordTheViolationAndAdmitHerAtTheSecondHospital()
            throws Exception {
        // 02:00: she is in labour; community staff acknowledge and send her to the first hospital by ambulance
        String id = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", true));
        as("staff1").post("/api/medical/requests/" + id + "/acknowledge").then().statusCode(200);
        as("staff1").body(Map.of("departmentId", firstMaternity, "transportKind", "ambulance", "vehicle", "陕A-120-07"))
                .post("/api/medical/requests/" + id + "/assignment").then().statusCode(200);

        // only the first hospital sees her; it sees her whole, with the first-contact rule
        as("hospital1").get("/api/medical/admissions").then().statusCode(200).body("items.id", hasItem(id));
        as("hospital1").get("/api/medical/admissions/" + id).then().statusCode(200)
                .body("request.request.severity", equalTo("critical")).body("request.details.masked", equalTo(false))
                .body("rule", containsString("首诊负责制"));
        as("hospital2").get("/api/medical/admissions/" + id).then().statusCode(404);
        as("hospital2").get("/api/medical/admissions").then().statusCode(200).body("items.id", not(hasItem(id)));
        as("hospital2").post("/api/medical/admissions/" + id + "/accept").then().statusCode(404);
        as("health1").get("/api/medical/admissions").then().statusCode(403);
        as("staff1").body(Map.of("reason", "no-bed")).post("/api/medical/admissions/" + id + "/refuse").then().statusCode(403);

        long heldAtFirst = count("SELECT reserved FROM department WHERE id = ?::uuid", firstMaternity);
        long heldAtSecond = count("SELECT reserved FROM department WHERE id = ?::uuid", secondMaternity);
        // the first hospital refuses her for "no PCR result": a violation; she is sent on in the same transaction
        as("hospital1").body(Map.of("reason", "no-pcr-result", "note", "核酸证明已过期")).post("/api/medical/admissions/" + id
                + "/refuse").then().statusCode(200).body("violation", equalTo(true)).body("reassigned", equalTo(true))
                .body("escalated", equalTo(false));
        List<Map<String, Object>> offers = offers(id);
        assertEquals(2, offers.size());
        assertEquals("refused", offers.get(0).get("state"));
        assertEquals(true, offers.get(0).get("violation"));
        assertEquals("no-pcr-result", offers.get(0).get("reason"));
        assertEquals("offered", offers.get(1).get("state"));
        assertEquals(hospitalId(SECOND), offers.get(1).get("hospital"));
        assertEquals(offers.get(0).get("answered_at"), offers.get(1).get("offered_at"), "reassigned at the refusal itself");
        // the district's health officer is told, with the hospital named; co-governance is asked for a new pass
        assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'district' "
                + "AND audience LIKE '%health-officer%' AND message LIKE '%雁塔区第一人民医院%违反首诊负责制%'", id));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type LIKE '%MedicalRequestRefused%' "
                + "AND payload LIKE '%\"violation\":true%'", id));
        assertEquals(2, count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type LIKE '%GreenChannelPassRequested%'", id));
        // the place at the first hospital is given back, one at the second is held
        assertEquals(heldAtFirst - 1, count("SELECT reserved FROM department WHERE id = ?::uuid", firstMaternity));
        assertEquals(heldAtSecond + 1, count("SELECT reserved FROM department WHERE id = ?::uuid", secondMaternity));

        // the first hospital no longer sees her; the second does, accepts and admits her
        as("hospital1").get("/api/medical/admissions/" + id).then().statusCode(404);
        String reads = "SELECT count(*) FROM medical_detail_access WHERE request_id = ?::uuid AND actor_username = 'hospital2'";
        long readBefore = count(reads, id);
        as("hospital2").post("/api/medical/admissions/" + id + "/accept").then().statusCode(200)
                .body("request.details.masked", equalTo(false));
        assertEquals(readBefore + 1, count(reads, id), "one answer with her details, one audit row");
        as("hospital2").post("/api/medical/admissions/" + id + "/accept").then().statusCode(409);
        as("hospital2").post("/api/medical/admissions/" + id + "/admitted").then().statusCode(200)
                .body("request.request.status", equalTo("resolved"));

        // her timeline shows every step, in order
        List<String> kinds = as("resident1").get("/api/medical/requests/" + id).then().statusCode(200)
                .body("hospitals.size()", equalTo(2)).extract().path("timeline.kind");
        assertInOrder(kinds, "raised", "acknowledged", "assigned", "hospital-refused", "violation", "reassigned",
                "hospital-accepted", "admitted");
        // the hospital's reads are audited with their purpose
        assertTrue(count("SELECT count(*) FROM medical_detail_access WHERE request_id = ?::uuid AND actor_username = "
                + "'hospital1' AND purpose LIKE 'hospital H-610113-01%'", id) >= 1);
        // a partner hospital's client credentials act for its hospital (demo-hospital: the first one)
        given().auth().oauth2(Tokens.ofClient("demo-hospital", "demo-hospital-secret")).get("/api/medical/admissions")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void shouldEscalateWhenTheSecondHospitalRefusesToo() throws Exception {
        String id = Fixtures.raise("resident1", "labour-pregnancy", Map.of("inLabour", false, "bleeding", false));
        as("staff1").post("/api/medical/requests/" + id + "/acknowledge").then().statusCode(200);
        as("staff1").body(Map.of("departmentId", firstMaternity, "transportKind", "designated-vehicle", "vehicle", "陕A-D1234"))
                .post("/api/medical/requests/" + id + "/assignment").then().statusCode(200);
        as("hospital1").body(Map.of("reason", "no-bed")).post("/api/medical/admissions/" + id + "/refuse").then()
                .statusCode(200).body("violation", equalTo(false)).body("reassigned", equalTo(true));
        as("hospital2").body(Map.of("reason", "maybe")).post("/api/medical/admissions/" + id + "/refuse").then()
                .statusCode(400).body("errors[0].field", containsString("reason"));
        as("hospital2").body(Map.of("reason", "no-bed")).post("/api/medical/admissions/" + id + "/refuse").then()
                .statusCode(200).body("reassigned", equalTo(false)).body("escalated", equalTo(true));
        // one level up, back to be assigned there, with a new assignment deadline at that level
        as("health1").get("/api/medical/requests/" + id).then().statusCode(200)
                .body("request.level", equalTo("street")).body("request.status", equalTo("acknowledged"))
                .body("assignment", org.hamcrest.Matchers.nullValue())
                .body("deadlines.findAll { it.stage == 'assigned' && it.level == 'street' && it.state == 'pending' }.size()",
                        equalTo(1))
                .body("timeline.kind", hasItem("refusal-escalated"));
        assertEquals(1, count("SELECT count(*) FROM escalation WHERE request_id = ?::uuid AND kind = 'refusal'", id));
        as("hospital2").get("/api/medical/admissions/" + id).then().statusCode(404);
        // the street assigns her again (to the second hospital): the new deadline is met
        as("health1").body(Map.of("departmentId", secondMaternity, "transportKind", "ambulance", "vehicle", "陕A-120-09"))
                .post("/api/medical/requests/" + id + "/assignment").then().statusCode(200)
                .body("deadlines.findAll { it.stage == 'assigned' && it.state == 'pending' }.size()", equalTo(0));
        as("hospital2").get("/api/medical/admissions/" + id).then().statusCode(200);
    }

    @Test
    void shouldEscalateAPatientLeftAtTheDoorToTheDistrictAndTheCityNamingTheHospital() throws Exception {
        String id = Fixtures.raise("resident1", "chest-pain-stroke", Map.of());
        as("staff1").post("/api/medical/requests/" + id + "/acknowledge").then().statusCode(200);
        // the first hospital's maternity stands in for any department
        as("staff1").body(Map.of("departmentId", firstMaternity, "transportKind", "ambulance", "vehicle", "陕A-120-11"))
                .post("/api/medical/requests/" + id + "/assignment").then().statusCode(200);
        as("hospital1").post("/api/medical/admissions/" + id + "/accept").then().statusCode(200);
        as("hospital1").post("/api/medical/admissions/" + id + "/arrived").then().statusCode(200);
        as("hospital1").post("/api/medical/admissions/" + id + "/arrived").then().statusCode(409);
        // critical at the door: 3 s in the test profile, then the deadline worker (1 s polls) escalates
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'city' "
                        + "AND message LIKE '%雁塔区第一人民医院%'", id) == 1);
        assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'district' "
                + "AND message LIKE '%雁塔区第一人民医院%未收治%'", id));
        as("health1").get("/api/medical/requests/" + id).then().statusCode(200).body("request.level", equalTo("district"));
        // admitted late: the patient is still admitted; no second door escalation
        as("hospital1").post("/api/medical/admissions/" + id + "/admitted").then().statusCode(200);
        assertEquals(1, count("SELECT count(*) FROM notification WHERE request_id = ?::uuid AND level = 'city'", id));
        // refusing after the admission is refused
        as("hospital1").body(Map.of("reason", "no-bed")).post("/api/medical/admissions/" + id + "/refuse").then()
                .statusCode(409);
    }

    @Test
    void shouldRefuseAPreferenceListWithAnUnknownHospitalOrACommunityOutsideTheArea() {
        as("health1").body(Map.of("hospitalIds", List.of(UUID.randomUUID()))).put("/api/medical/hospitals/preferences/"
                + COMMUNITY).then().statusCode(400).body("errors[0].field", equalTo("hospitalIds"));
        as("health1").body(Map.of("hospitalIds", List.of(hospitalId(FIRST), hospitalId(FIRST))))
                .put("/api/medical/hospitals/preferences/" + COMMUNITY).then().statusCode(400);
        as("health1").body(Map.of("hospitalIds", List.of())).put("/api/medical/hospitals/preferences/610199001001")
                .then().statusCode(404);
        as("staff1").body(Map.of("hospitalIds", List.of())).put("/api/medical/hospitals/preferences/" + COMMUNITY)
                .then().statusCode(403);
        as("staff1").get("/api/medical/hospitals/preferences/" + COMMUNITY).then().statusCode(200)
                .body("hospitalIds[0]", equalTo(hospitalId(FIRST).toString()));
        as("hospital1").get("/api/medical/hospitals/preferences/" + COMMUNITY).then().statusCode(403);
    }

    // ------------------------------------------------------------------ helpers

    /** The hospital with this code (created by health1 if new) with a maternity department of 50 places; its id. */
    private String maternity(String code, String name) {
        if (hospitalIdOrNull(code) == null) {
            as("health1").body(Map.of("name", name, "code", code, "areaCode", "610113", "departments",
                    List.of(Map.of("kind", "maternity", "capacity", 50)))).post("/api/medical/hospitals").then().statusCode(201);
        }
        return department(code, "maternity");
    }

    private String department(String code, String kind) {
        return as("staff1").get("/api/medical/hospitals").then().statusCode(200).extract()
                .path("find { it.code == '" + code + "' }.departments.find { it.kind == '" + kind + "' }.id");
    }

    private UUID hospitalId(String code) {
        return UUID.fromString(hospitalIdOrNull(code));
    }

    private String hospitalIdOrNull(String code) {
        return as("staff1").get("/api/medical/hospitals").then().statusCode(200).extract()
                .path("find { it.code == '" + code + "' }.id");
    }

    private List<Map<String, Object>> offers(String request) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT hospital_id, state, "
                + "reason, violation, offered_at, answered_at FROM hospital_offer WHERE request_id = ?::uuid ORDER BY id")) {
            s.setString(1, request);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.HashMap<>();
                    row.put("hospital", rs.getObject(1, UUID.class));
                    row.put("state", rs.getString(2));
                    row.put("reason", rs.getString(3));
                    row.put("violation", rs.getBoolean(4));
                    row.put("offered_at", rs.getObject(5, OffsetDateTime.class));
                    row.put("answered_at", rs.getObject(6, OffsetDateTime.class));
                    out.add(row);
                }
            }
        }
        return out;
    }

    private long count(String sql, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertInOrder(List<String> actual, String... expected) {
        int at = 0;
        for (String kind : actual) {
            if (at < expected.length && expected[at].equals(kind)) {
                at++;
            }
        }
        assertEquals(expected.length, at, "timeline " + actual + " should hold, in order, " + List.of(expected));
    }
}
